"""History and Changes through engine.build: month after month, a month rebuilt, a month missing,
seeding from the data and from old snapshot sheets. Every value is computed by hand below.

Amounts (one line each month), Aug 2026 … Jan 2027, top_n = 2, 3-month windows:
    A  100 100 100 100 100 100
    B   80  80  80  10  10  10
    C   50  50  50  90  90  90
    D   30  30  30   0   0   0
    E    0   0   0   0 200 200
Oct (Aug–Oct): A 100, B 80, C 50, D 30; key A, B; ABC (total 260; a class goes to the client
  starting inside it): A 0 %, B 38.5 %, C 69.2 % → A; D 88.5 % → B. XYZ all X (constant).
Nov (Sep–Nov): A 100, C 63.33, B 56.67, D 20 → ranks A, C, B, D; key A, C. XYZ (coefficient of
  variation, population): B 80 80 10 → 58 % Z; C 50 50 90 → 29.8 % Z; D 30 30 0 → 70.7 % Z.
Nov rebuilt with B's November corrected to 100: B (80 + 80 + 100) / 3 = 86.67 → ranks A, B, C, D;
  key A, B; B's CV 10.9 % → Y.
Jan (Nov–Jan, December never built), B's November 100: E 133.33, A 100, C 90, B 40 → key E, A.
  ABC (total 363.33): E 0 %, A 36.7 %, C 64.2 % → A; B 89.0 % → B. D shipped nothing: it stopped
  buying, its last shipment (in the Nov snapshot, window Sep–Nov) October, 30.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from cycle_helpers import sheet_lines, sheet_table, write_export

from keyclients_xl import build
from keyclients_xl.render import render_workbook
from keyclients_xl.report.snapshot import snapshot_sheet

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

AMOUNTS = {
    "A": [100, 100, 100, 100, 100, 100],
    "B": [80, 80, 80, 10, 10, 10],
    "C": [50, 50, 50, 90, 90, 90],
    "D": [30, 30, 30, 0, 0, 0],
    "E": [0, 0, 0, 0, 200, 200],
}
CORRECTED = {**AMOUNTS, "B": [80, 80, 80, 100, 10, 10]}


def upto(amounts: dict, months: int) -> dict:
    return {client: values[:months] for client, values in amounts.items() if any(values[:months])}


def history_of(path: Path) -> dict[str, list[tuple]]:
    """month → [(client, rank, average, ABC, XYZ, key)] from the History sheet."""
    months: dict[str, list[tuple]] = {}
    for row in sheet_table(path, "История", "Месяц"):
        shown = (row["Клиент"], row["Ранг"], round(row["Среднее в месяц"], 2), row["ABC"], row["XYZ"], row["Ключевой"])
        months.setdefault(row["Месяц"], []).append(shown)
    return months


def changes_of(path: Path) -> dict[str, tuple]:
    """client → (what changed, rank before, rank now, ABC before → now, XYZ before → now) from the Changes sheet."""
    return {
        row["Клиент"]: (
            row["Что изменилось"],
            row["Ранг раньше"],
            row["Ранг сейчас"],
            f"{row['ABC раньше'] or ''}→{row['ABC сейчас'] or ''}",
            f"{row['XYZ раньше'] or ''}→{row['XYZ сейчас'] or ''}",
        )
        for row in sheet_table(path, "Изменения", "Клиент")
    }


def alerts(summary: Path, kinds=("new_key", "left_key", "class_down", "lost_client")) -> set[tuple]:
    found = json.loads(summary.read_text(encoding="utf-8"))["alerts"]
    return {(a["client"], a["kind"], a["severity"]) for a in found if a["kind"] in kinds}


OCTOBER = [
    ("A", 1, 100.0, "A", "X", "Да"),
    ("B", 2, 80.0, "A", "X", "Да"),
    ("C", 3, 50.0, "A", "X", None),
    ("D", 4, 30.0, "B", "X", None),
]


@pytest.fixture
def cycle(tmp_path: Path):
    """Build October (data Aug–Oct), then November (data Aug–Nov) into one workbook."""
    book = tmp_path / "KeyClients.xlsx"
    october = write_export(tmp_path / "oct.csv", upto(AMOUNTS, 3), "2026-08")
    first = build(book, [october], top_n=2, save_settings=True, today=dt.date(2026, 11, 15))
    november = write_export(tmp_path / "nov.csv", upto(AMOUNTS, 4), "2026-08")
    summary = tmp_path / "nov.json"
    second = build(book, [november], summary=summary, today=dt.date(2026, 12, 10))
    return book, first, second, summary


def test_the_first_build_without_earlier_data_starts_history(cycle):
    book, first, _, _ = cycle
    # The data starts in August: no earlier 3-month window to seed; October alone.
    assert first.summary["history"] | {"rows": 4} == {
        "months": 1, "rows": 4, "previous": None, "seeded_months": 0, "snapshot_sheet_months": 0, "changes": 0,
    }  # fmt: skip
    assert [n for n in first.notes if "истори" in n.lower()] == [
        "В истории нет более раннего месяца: изменения появятся со следующего отчёта."
    ]


def test_two_consecutive_months(cycle):
    book, _, second, summary = cycle
    history = history_of(book)
    assert list(history) == ["2026-10", "2026-11"]
    assert history["2026-10"] == OCTOBER  # October as the first build wrote it
    assert history["2026-11"] == [
        ("A", 1, 100.0, "A", "X", "Да"),
        ("C", 2, 63.33, "A", "Z", "Да"),
        ("B", 3, 56.67, "A", "Z", None),
        ("D", 4, 20.0, "B", "Z", None),
    ]
    assert changes_of(book) == {
        "C": ("новый ключевой, XYZ нестабильнее, сдвиг ранга", 3, 2, "A→A", "X→Z"),
        "B": ("выбыл из ключевых, XYZ нестабильнее, сдвиг ранга", 2, 3, "A→A", "X→Z"),
        "D": ("XYZ нестабильнее", 4, 4, "B→B", "X→Z"),
    }
    lines = sheet_lines(book, "Изменения", "Клиент")
    assert lines[0] == "Изменения — ноябрь 2026" and "предыдущим снимком в истории — октябрь 2026" in lines[1]
    # class_down only for clients key now or before (D is neither); an XYZ fall alone is low.
    assert alerts(summary) == {
        ("C", "new_key", "medium"),
        ("B", "left_key", "medium"),
        ("C", "class_down", "low"),
        ("B", "class_down", "low"),
    }
    assert second.summary["history"]["previous"] == "2026-10"


def test_the_same_month_rebuilt_replaces_that_month_only(cycle, tmp_path):
    book, _, second, _ = cycle
    corrected = write_export(tmp_path / "nov_fixed.csv", upto(CORRECTED, 4), "2026-08")
    summary = tmp_path / "again.json"
    again = build(book, [corrected], summary=summary, today=dt.date(2026, 12, 10))
    history = history_of(book)
    assert list(history) == ["2026-10", "2026-11"] and history["2026-10"] == OCTOBER
    assert history["2026-11"] == [
        ("A", 1, 100.0, "A", "X", "Да"),
        ("B", 2, 86.67, "A", "Y", "Да"),
        ("C", 3, 63.33, "A", "Z", None),
        ("D", 4, 20.0, "B", "Z", None),
    ]
    assert again.summary["history"]["rows"] == 8
    # Compared with October again, never with the November it replaces: B stays key, nothing left or joined.
    assert again.summary["history"]["previous"] == "2026-10"
    assert changes_of(book) == {
        "B": ("XYZ нестабильнее", 2, 2, "A→A", "X→Y"),
        "C": ("XYZ нестабильнее", 3, 3, "A→A", "X→Z"),
        "D": ("XYZ нестабильнее", 4, 4, "B→B", "X→Z"),
    }
    assert alerts(summary) == {("B", "class_down", "low")}


def test_a_missing_month_compares_with_the_last_one_history_has(cycle, tmp_path):
    book, _, _, _ = cycle
    build(book, [write_export(tmp_path / "nov_fixed.csv", upto(CORRECTED, 4), "2026-08")], today=dt.date(2026, 12, 10))
    january = write_export(tmp_path / "jan.csv", CORRECTED, "2026-08")
    summary = tmp_path / "jan.json"
    result = build(book, [january], summary=summary, today=dt.date(2027, 2, 10))
    assert list(history_of(book)) == ["2026-10", "2026-11", "2027-01"]
    assert history_of(book)["2027-01"] == [
        ("E", 1, 133.33, "A", "Z", "Да"),
        ("A", 2, 100.0, "A", "X", "Да"),
        ("C", 3, 90.0, "A", "X", None),
        ("B", 4, 40.0, "B", "Z", None),
    ]
    note = "Изменения — против последнего снимка в истории: ноябрь 2026; без снимка: 1 месяц."
    assert note in result.notes and note in sheet_lines(book, "Изменения", "Клиент")
    changes = changes_of(book)
    assert changes["E"] == ("новый ключевой", None, 1, "→A", "→Z")
    assert changes["B"] == ("выбыл из ключевых, ABC ниже, XYZ нестабильнее, сдвиг ранга", 2, 4, "A→B", "Y→Z")
    assert changes["C"] == ("XYZ стабильнее", 3, 3, "A→A", "Z→X")
    assert changes["A"] == ("сдвиг ранга", 1, 2, "A→A", "X→X")
    # D: last in the table, with its last shipment in the November snapshot (October, 30).
    [d] = [row for row in sheet_table(book, "Изменения", "Клиент") if row["Клиент"] == "D"]
    assert (d["Что изменилось"], d["Ранг раньше"], d["Ранг сейчас"]) == ("перестал покупать", 4, None)
    assert (d["Последний месяц с отгрузкой"], d["Отгрузка в тот месяц"]) == ("2026-10", 30)
    assert alerts(summary) == {
        ("E", "new_key", "medium"),
        ("B", "left_key", "medium"),
        ("B", "class_down", "medium"),  # ABC fell one class (A → B)
        ("D", "lost_client", "low"),  # neither key nor class A before
    }
    found = json.loads(summary.read_text(encoding="utf-8"))["alerts"]
    [lost] = [a for a in found if a["kind"] == "lost_client"]
    assert lost["message"] == "Перестал покупать: последняя отгрузка — октябрь 2026, 30"
    assert lost["values"].items() >= {"last_month": "2026-10", "last_amount": 30.0, "rank_before": 4}.items()


def test_a_first_build_seeds_history_from_the_data(tmp_path):
    """Ten months of data (Jan–Oct 2026): the windows ending Mar … Sep are whole; 12 asked, 7 seeded."""
    amounts = {"A": [100] * 10, "B": [50] * 9 + [0], "C": [0] * 9 + [70]}
    export = write_export(tmp_path / "year.csv", amounts, "2026-01")
    book = tmp_path / "K.xlsx"
    result = build(book, [export], top_n=2, today=dt.date(2026, 11, 5))
    assert list(history_of(book)) == [f"2026-{m:02d}" for m in range(3, 11)]
    assert "История дополнена по данным выгрузки: 7 месяцев." in result.notes
    # September (Jul–Sep): A 100, B 50. October (Aug–Oct): A 100, B 33.33 (50 50 0: Z), C 23.33 (0 0 70:
    # Z; ABC total 156.67, C starts at 85.1 % → B): C was not in September's snapshot.
    assert history_of(book)["2026-09"] == [("A", 1, 100.0, "A", "X", "Да"), ("B", 2, 50.0, "A", "X", "Да")]
    assert changes_of(book)["C"] == ("нет в прошлом снимке", None, 3, "→B", "→Z")
    assert changes_of(book)["B"] == ("XYZ нестабильнее", 2, 2, "A→A", "X→Z")
    # --history-seed 2 seeds August and September only.
    other = tmp_path / "K2.xlsx"
    build(other, [export], top_n=2, history_seed=2, today=dt.date(2026, 11, 5))
    assert list(history_of(other)) == ["2026-08", "2026-09", "2026-10"]


def test_old_snapshot_sheets_seed_history_once_and_win_over_the_data(tmp_path):
    """A workbook from before History holds «Снимок 2026-09» (`--snapshot`): its month is what was
    reported then, so it goes into History as it is; the other months are seeded from the data."""
    amounts = {"A": [100] * 10, "B": [50] * 10}
    export = write_export(tmp_path / "year.csv", amounts, "2026-01")
    book_path = tmp_path / "Old.xlsx"
    old = build(tmp_path / "scratch.xlsx", [export], top_n=2, as_of="2026-09", today=dt.date(2026, 11, 5))
    spec = snapshot_sheet(old.analysis, "ru")
    book = render_workbook([spec])
    sheet = book[spec.name]
    row = next(r for r in sheet.iter_rows() if r[1].value == "B")
    row[5].value = 77.0  # the average B had in the report of that time (another export, since corrected)
    book.save(book_path)

    result = build(book_path, [export], top_n=2, today=dt.date(2026, 11, 5))
    history = history_of(book_path)
    assert history["2026-09"] == [("A", 1, 100.0, "A", "X", "Да"), ("B", 2, 77.0, "A", "X", "Да")]
    assert history["2026-08"][1] == ("B", 2, 50.0, "A", "X", "Да")  # from the data
    assert "История дополнена со старых листов снимков: 1 месяц." in result.notes
    assert "История дополнена по данным выгрузки: 6 месяцев." in result.notes  # Mar … Aug
    # Once: the next build reads History, and neither the snapshot sheet nor the data seed it again.
    again = build(book_path, [export], top_n=2, today=dt.date(2026, 11, 5))
    assert again.summary["history"]["seeded_months"] == 0 and history_of(book_path) == history
    assert "Снимок 2026-09" in openpyxl.load_workbook(book_path).sheetnames  # the user's sheet stays


def test_a_language_switch_carries_history_over(cycle, tmp_path):
    """Built in Russian, then in English: History is read from «История» and carried over. Our
    sheets keep their names (the user's formulas name them; a note says so), and no English
    report sheet appears beside them."""
    book, _, _, _ = cycle
    december = write_export(tmp_path / "dec.csv", upto(AMOUNTS, 5), "2026-08")
    result = build(book, [december], lang="en", today=dt.date(2027, 1, 10))
    names = openpyxl.load_workbook(book).sheetnames
    assert {"История", "Изменения", "Ключевые клиенты"} <= set(names)
    assert not {"History", "Changes", "Key clients"} & set(names)
    assert any("keep their names" in note for note in result.notes)
    months = [row["Month"] for row in sheet_table(book, "История", "Month")]
    assert sorted(set(months)) == ["2026-10", "2026-11", "2026-12"]


def test_history_keeps_the_health_stage_health(monkeypatch, tmp_path):
    """The health stage (issue 9) leaves account_health's frame in results["health"] (codes by
    client_key); History keeps each key client's health, in words."""
    import sys
    import types

    import pandas as pd

    from keyclients_xl.engine import report_sheets
    from keyclients_xl.read import read_exports
    from keyclients_xl.settings import Settings

    def run(context):
        key = context.analysis.key
        codes = ["red", "green"][: len(key)]
        context.results["health"] = pd.DataFrame({"client_key": key["client_key"].to_numpy(), "health": codes})

    module = types.ModuleType("keyclients_xl.stages.fake_health")
    module.run = run
    monkeypatch.setitem(sys.modules, "keyclients_xl.stages.fake_health", module)
    monkeypatch.setattr("keyclients_xl.stages.STAGES", ("fake_health", "history"))
    shipments = read_exports([write_export(tmp_path / "oct.csv", upto(AMOUNTS, 3), "2026-08")])
    result = report_sheets(shipments, Settings(top_n=2, lang="ru"), today=dt.date(2026, 11, 15))
    history = result.context.results["history"].history.set_index("client")["health"]
    assert list(history[["A", "B"]]) == ["red", "green"] and history[["C", "D"]].isna().all()
    [spec] = [spec for spec in result.sheets if spec.role == "history"]
    words = {spec.value_at(cell.row, 2): cell.value for cell in spec.every_cell() if cell.col == 8 and cell.row > 4}
    assert words == {"A": "Красный", "B": "Зелёный"}  # no health for C and D: blank cells


def test_a_sheet_of_the_users_called_history_never_stands_in_for_ours(tmp_path):
    """A workbook with the user's own «История» (a log of their own): ours becomes «История (2)»,
    and the next month's build reads ours, not theirs. It used to read the user's sheet by its
    name, so each month dropped the month before (found on bench_history's workbook). The
    November export starts in September: October cannot be seeded from it, only kept."""
    book = tmp_path / "KeyClients.xlsx"
    own = openpyxl.Workbook()
    own.active.title = "История"
    own.active.append(["Дата", "Событие"])
    own.active.append(["2026-09-01", "Открыли склад в Казани"])
    own.save(book)
    october = write_export(tmp_path / "oct.csv", upto(AMOUNTS, 3), "2026-08")
    first = build(book, [october], top_n=2, today=dt.date(2026, 11, 15))
    # Said, as for every sheet of ours a name of the user's pushes aside (the History spec is laid
    # out once, while the delivery notes are settled: the note was lost on the second pass).
    assert "лист «История» в книге ваш, и мы его не трогаем; отчёт записан на лист «История (2)»." in first.notes
    november = {client: values[1:4] for client, values in AMOUNTS.items() if any(values[1:4])}
    november_export = write_export(tmp_path / "nov.csv", november, "2026-09")
    second = build(book, [november_export], top_n=2, today=dt.date(2026, 12, 10))
    months: dict[str, list] = {}
    for row in sheet_table(book, "История (2)", "Месяц"):
        months.setdefault(row["Месяц"], []).append((row["Клиент"], row["Ранг"]))
    assert months == {
        "2026-10": [("A", 1), ("B", 2), ("C", 3), ("D", 4)],
        "2026-11": [("A", 1), ("C", 2), ("B", 3), ("D", 4)],
    }
    assert second.summary["history"]["previous"] == "2026-10"
    theirs = openpyxl.load_workbook(book)["История"]
    assert [[c.value for c in row] for row in theirs.iter_rows()] == [
        ["Дата", "Событие"], ["2026-09-01", "Открыли склад в Казани"]
    ]  # fmt: skip


def test_the_dashboard_counts_the_month_on_month_alerts_too(cycle):
    """History's alerts (a new key client, one that left, a class lower) come after the health
    stage, which drew the Dashboard: it counted 4 alerts fewer than the summary, and no kind of theirs."""
    book, _, _, summary = cycle
    rows = list(openpyxl.load_workbook(book)["Сводка"].iter_rows(values_only=True))
    table = rows[8 : next(i for i in range(8, len(rows)) if rows[i][1] is None)]  # under the header, to a blank row
    by_kind = {row[1]: row[2:6] for row in table}  # high, medium, low, all
    assert by_kind["Новый ключевой"] == (0, 1, 0, 1)
    assert by_kind["Выбыл из ключевых"] == (0, 1, 0, 1)
    assert by_kind["Класс ниже"] == (0, 0, 2, 2)
    total = rows[4][rows[3].index("Сигналов всего")]  # the figure under its label
    assert (
        total == len(json.loads(summary.read_text(encoding="utf-8"))["alerts"]) == sum(n[3] for n in by_kind.values())
    )
