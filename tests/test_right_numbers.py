"""Issue 6, "right numbers on messy exports": every case on a small fixture with hand-computed values.

Each section names the case. Expected numbers are worked out in the comments.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from keyclients_xl import KeyClientsError, build
from keyclients_xl.analyse.ranking import abc_classes, analyse
from keyclients_xl.analyse.window import Window
from keyclients_xl.cli import app
from keyclients_xl.read import SheetRows, combine, read_exports, read_input_sheets
from keyclients_xl.read.clients import fold_name
from keyclients_xl.read.headers import parse_mapping
from keyclients_xl.read.layout import read_rows
from keyclients_xl.report.key_clients import HEADER_ROW
from keyclients_xl.settings import Settings

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

AUG, SEP, OCT, NOV = (pd.Period(m, freq="M") for m in ("2026-08", "2026-09", "2026-10", "2026-11"))
TODAY = dt.date(2026, 11, 27)


def write_csv(path: Path, rows: list[list]) -> Path:
    path.write_text("\n".join(";".join("" if c is None else str(c) for c in row) for row in rows), encoding="utf-8")
    return path


def texts(notes, lang="ru") -> list[str]:
    return [note.text(lang) for note in notes]


def note(notes, key):
    return next(n for n in notes if n.key == key)


def table_of(result) -> pd.DataFrame:
    return result.analysis.table.set_index("client")


# ---------------------------------------------------------------- 1. missing-value tokens


TOKENS = ["NA", "N/A", "#N/A", "NULL", "nan", "None", "-", "—", "<Не указан>", "Не указан", "<пусто>"]


def lines_with_missing_clients(token: str) -> list[list]:
    return [
        ["Дата", "Контрагент", "Сумма"],
        ["01.08.2026", "ООО Альфа", 100],
        ["01.08.2026", token, -50],  # a net return without a client
        ["02.08.2026", token, 20],
        ["01.09.2026", "ООО Альфа", 200],
        ["30.10.2026", "ООО Бета", 330],  # Friday 30.10 is October's last working day: October is full
    ]


@pytest.mark.parametrize("token", TOKENS)
def test_a_missing_value_token_is_no_client(token):
    shipments = combine([read_rows(SheetRows("s.csv", None, lines_with_missing_clients(token)))])
    assert set(shipments.frame["client"]) == {"ООО Альфа", "ООО Бета"}
    missing = note(shipments.notes, "note.no_client")
    # Two lines: -50 + 20 = -30.
    assert (
        missing.text("ru") == "«s.csv»: без клиента (пусто, NA, <Не указан> и т. п.) не учтены 2 строки на сумму -30."
    )


def test_lines_without_a_client_never_reach_the_totals(tmp_path):
    result = build(tmp_path / "r.xlsx", [write_csv(tmp_path / "s.csv", lines_with_missing_clients("NA"))], today=TODAY)
    # Альфа: (100 + 200 + 0) / 3 = 100; Бета: 330 / 3 = 110; total 630, not 600.
    assert table_of(result)["average"].to_dict() == {"ООО Бета": 110.0, "ООО Альфа": 100.0}
    assert result.summary["sales_total"] == 630.0
    assert result.summary["clients_total"] == 2


def test_missing_tokens_in_a_by_month_table_and_on_an_input_sheet():
    rows = [
        ["Контрагент", "Август 2026", "Сентябрь 2026"],
        ["ООО Альфа", 10, 20],
        ["#N/A", 5, 7],  # 12 without a client
        ["<Не указан>", 1, None],  # 1 more
    ]
    export = read_rows(SheetRows("m.xlsx", "Лист1", rows))
    assert set(export.frame["client"]) == {"ООО Альфа"}
    assert note(export.notes, "note.no_client_rows").text("en") == (
        "'m.xlsx': rows without a client (blank, NA, N/A, NULL and the like) left out: 2 rows, 13 in all."
    )
    sheet = SheetRows("KeyClients.xlsm", "Выгрузка", [["instructions"], *lines_with_missing_clients("NULL")])
    shipments = read_input_sheets("KeyClients.xlsm", [sheet], "ru")
    assert set(shipments.frame["client"]) == {"ООО Альфа", "ООО Бета"}
    assert note(shipments.notes, "note.no_client").params["lines"].count == 2


# ---------------------------------------------------------------- 2. one denominator


def month_lines(table: dict[str, list[float]], months=(AUG, SEP, OCT)) -> pd.DataFrame:
    rows = [
        {"client": c, "client_key": fold_name(c), "month": m, "amount": float(a), "date": m.start_time}
        for c, amounts in table.items()
        for m, a in zip(months, amounts, strict=True)
        if a
    ]
    return pd.DataFrame(rows).astype({"month": "period[M]"})


NET_NEGATIVE = {
    "A": [500, 500, 500],  # average 500
    "B": [300, 300, 300],  # 300
    "C": [150, 150, 150],  # 150
    "D": [50, 50, 50],  # 50
    "E": [200, -500, 0],  # -100: returns exceed shipments
    "F": [100, -100, 0],  # 0: net nothing
}


def test_one_denominator_for_share_cumulative_abc_and_clients_for_80():
    result = analyse(month_lines(NET_NEGATIVE), Window([AUG, SEP, OCT]), Settings())
    table = result.table.set_index("client")
    # Positive total 500 + 300 + 150 + 50 = 1000: shares 50, 30, 15, 5 %; running 50, 80, 95, 100 %.
    assert table.loc[["A", "B", "C", "D"], "share"].tolist() == pytest.approx([0.5, 0.3, 0.15, 0.05])
    assert table.loc[["A", "B", "C", "D"], "cum_share"].tolist() == pytest.approx([0.5, 0.8, 0.95, 1.0])
    assert table.loc[["E", "F"], "share"].isna().all() and table.loc[["E", "F"], "cum_share"].isna().all()
    assert (table["cum_share"].dropna() <= 1 + 1e-12).all()
    # Before B the running share is 50 % < 80 %: B is the one crossing 80 % and counts (upper rule).
    assert result.clients_for_80 == 2
    a_clients = result.table[result.table["abc"] == "A"]
    assert a_clients["rank"].tolist() == list(range(1, result.clients_for_80 + 1))
    # C: before 80 % < 95 % → B; D: before 95 % → C; E and F have no class.
    assert table["abc"].to_dict() == {"A": "A", "B": "A", "C": "B", "D": "C", "F": "—", "E": "—"}
    assert list(result.table["client"]) == ["A", "B", "C", "D", "F", "E"]  # ≤ 0 after the positive ones
    assert not table.loc[["E", "F"], "is_key"].any()  # top 20, yet never key
    assert result.sales_total == 3000.0 and result.key_share == pytest.approx(1.0)


def test_the_net_negative_clients_are_reported_not_counted(tmp_path):
    rows = [["Дата", "Клиент", "Сумма"]]
    for client, amounts in NET_NEGATIVE.items():
        for month, amount in zip((8, 9, 10), amounts, strict=True):
            if amount:
                rows.append([f"15.{month:02d}.2026", client, amount])
    rows.append(["30.10.2026", "A", 0])  # the data reaches October's last working day
    result = build(tmp_path / "r.xlsx", [write_csv(tmp_path / "s.csv", rows)], today=TODAY, summary=tmp_path / "s.json")
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert (data["clients_total"], data["clients_non_positive"], data["clients_for_80"]) == (4, 2, 2)
    assert data["sales_total"] == 3000.0 and data["key_count"] == 4
    assert [e["cumulative_share"] for e in data["key_clients"]] == [0.5, 0.8, 0.95, 1.0]
    # E: 200 - 500 = -300; F: 100 - 100 = 0: two clients, -300 in all.
    assert note(result.analysis.notes, "note.non_positive.revenue").text("ru") == (
        "Итог за период ≤ 0 (возвраты больше отгрузок): 2 клиента, всего -300. "
        "У них нет доли и класса ABC, ключевыми они не бывают: F, E."
    )
    ws = openpyxl.load_workbook(result.path)["Ключевые клиенты"]
    abc_col = [c.value for c in ws[HEADER_ROW]].index("ABC") + 1
    assert [ws.cell(HEADER_ROW + r, abc_col).value for r in range(1, 7)] == ["A", "A", "B", "C", "—", "—"]


def test_abc_boundary_rule_lower_puts_the_crossing_client_below():
    # Shares 50, 35, 15 % (running 50, 85, 100). upper: the second starts at 50 % < 80 % → A, the third
    # starts at 85 % < 95 % → B. lower: the second reaches 85 % > 80 % → B; the third reaches 100 % > 95 % → C.
    measure = pd.Series({"x": 50.0, "y": 35.0, "z": 15.0})
    assert abc_classes(measure, 80, 15, "upper").to_dict() == {"x": "A", "y": "A", "z": "B"}
    assert abc_classes(measure, 80, 15, "lower").to_dict() == {"x": "A", "y": "B", "z": "C"}
    result = analyse(month_lines({"x": [50] * 3, "y": [35] * 3, "z": [15] * 3}), Window([AUG, SEP, OCT]),
                     Settings(abc_boundary="lower"))  # fmt: skip
    assert result.clients_for_80 == 1  # by the same rule


# ---------------------------------------------------------------- 3. the same data never counts twice


def full_export(path: Path) -> Path:
    return write_csv(
        path,
        [
            ["Дата", "Контрагент", "Номенклатура", "Сумма"],
            ["03.08.2026", "Альфа", "Чай", 100],
            ["04.09.2026", "Альфа", "Чай", 100],
            ["05.10.2026", "Альфа", "Чай", 100],
            ["05.10.2026", "Альфа", "Чай", 100],  # two identical lines in one file: two shipments
            ["06.10.2026", "Бета", "Кофе", 60],
            ["30.10.2026", "Бета", "Кофе", 30],
        ],
    )


def test_the_same_file_twice_counts_once(tmp_path):
    export = full_export(tmp_path / "Продажи.csv")
    copy = tmp_path / "Продажи (1).csv"
    copy.write_bytes(export.read_bytes())
    once = read_exports([export])
    twice = read_exports([export, copy])
    assert twice.frame["amount"].sum() == once.frame["amount"].sum() == 490
    assert note(twice.notes, "note.same_file_twice").text("ru") == (
        "«Продажи (1).csv» совпадает с «Продажи.csv» байт в байт: второй раз не учтён."
    )


def test_files_of_the_same_size_but_other_bytes_both_count(tmp_path, monkeypatch):
    import keyclients_xl.read as read_module

    first = write_csv(tmp_path / "Север.csv", [["Дата", "Контрагент", "Сумма"], ["05.10.2026", "Вега", 100]])
    second = write_csv(tmp_path / "Юг.csv", [["Дата", "Контрагент", "Сумма"], ["06.10.2026", "Бета", 200]])
    lone = write_csv(tmp_path / "Запад.csv", [["Дата", "Контрагент", "Сумма"], ["07.10.2026", "Гамма", 3000]])
    assert first.stat().st_size == second.stat().st_size != lone.stat().st_size
    hashed = []
    digest = read_module._file_digest
    monkeypatch.setattr(read_module, "_file_digest", lambda path: hashed.append(path.name) or digest(path))
    shipments = read_exports([first, second, lone])
    assert shipments.frame.groupby("client")["amount"].sum().to_dict() == {"Бета": 200, "Вега": 100, "Гамма": 3000}
    assert not [n for n in shipments.notes if n.key == "note.same_file_twice"]
    assert hashed == ["Север.csv", "Юг.csv"]  # a file of a size no other file has cannot repeat one


def test_an_overlapping_october_file_counts_october_once(tmp_path):
    october = write_csv(
        tmp_path / "Октябрь.csv",
        [
            ["Дата", "Контрагент", "Номенклатура", "Сумма"],
            ["05.10.2026", "Альфа", "Чай", 100],  # repeats one of the two identical lines: one left
            ["06.10.2026", "Бета", "Кофе", 60],  # a repeat
            ["20.10.2026", "Гамма", "Сок", 40],  # new
        ],
    )
    shipments = read_exports([full_export(tmp_path / "Продажи.csv"), october])
    oct_total = shipments.frame.loc[shipments.frame["month"] == OCT, "amount"].sum()
    # Full export's October: 100 + 100 + 60 + 30 = 290; the October file adds only Гамма's 40.
    assert oct_total == 330
    assert note(shipments.notes, "note.repeated_lines").text("ru") == (
        "«Октябрь.csv»: 2 строки повторяют строки из «Продажи.csv» во всех столбцах и не учтены второй раз."
    )
    # Dates overlap 05.10–20.10 (the October file) ∩ 03.08–30.10; Альфа and Бета are in both.
    assert note(shipments.notes, "note.overlapping_files").text("ru") == (
        "Внимание: «Продажи.csv» и «Октябрь.csv» пересекаются по датам (05.10.2026 – 20.10.2026) для общих "
        "клиентов (2 клиента). Одинаковые строки учтены один раз; проверьте, что это не две версии одной выгрузки."
    )


@pytest.mark.parametrize(("source", "expected"), [("lines", 490.0), ("months", 33.0)])
def test_both_input_sheets_filled_uses_the_one_the_setting_names(tmp_path, source, expected):
    lines = SheetRows("K.xlsm", "Выгрузка", [["instructions"], *[r.split(";") for r in full_export(
        tmp_path / "x.csv").read_text(encoding="utf-8").splitlines()]])  # fmt: skip
    months = SheetRows(
        "K.xlsm", "По месяцам", [["instructions"], ["Контрагент", "Август 2026", "Сентябрь 2026"], ["Альфа", 33, 0]]
    )
    shipments = read_input_sheets("K.xlsm", [lines, months], "ru", source)
    assert shipments.frame["amount"].sum() == expected
    used = "Выгрузка" if source == "lines" else "По месяцам"
    assert note(shipments.notes, "note.both_inputs").text("ru") == (
        "Внимание: заполнены оба листа ввода («Выгрузка» и «По месяцам»). "
        f"Учтён только «{used}» (настройка input_source)."
    )


# ---------------------------------------------------------------- 4. an unfinished month is never full


def by_month_running_november(path: Path) -> Path:
    return write_csv(
        path,
        [
            ["Контрагент", "Август 2026", "Сентябрь 2026", "Октябрь 2026", "Ноябрь 2026"],
            ["Альфа", 90, 90, 90, 10],
            ["Бета", 10, 10, 10, 500],  # three weeks of November would make Бета rank first
        ],
    )


def test_the_running_month_column_is_left_out(tmp_path):
    result = build(tmp_path / "r.xlsx", [by_month_running_november(tmp_path / "m.csv")], today=TODAY)
    assert result.analysis.months == [AUG, SEP, OCT]
    assert table_of(result)["average"].to_dict() == {"Альфа": 90.0, "Бета": 10.0}
    assert note(result.analysis.notes, "note.current_month").text("ru") == (
        "Столбец текущего месяца не учтён: ноябрь 2026 ещё не закончился (сегодня 27.11.2026). "
        "Чтобы взять его, укажите --as-of 2026-11."
    )


def test_as_of_names_the_running_month_explicitly(tmp_path):
    result = build(tmp_path / "r.xlsx", [by_month_running_november(tmp_path / "m.csv")], today=TODAY, as_of="2026-11")
    assert result.analysis.months == [SEP, OCT, NOV]
    # Бета: (10 + 10 + 500) / 3 ≈ 173.3 > Альфа: (90 + 90 + 10) / 3 ≈ 63.3.
    assert list(result.analysis.table["client"]) == ["Бета", "Альфа"]
    assert any("неполный месяц — ноябрь 2026" in text for text in texts(result.analysis.notes))


def test_month_names_without_a_year_take_it_from_the_title_period():
    rows = [
        ["Продажи по клиентам"],
        ["Период: 01.07.2026 - 30.09.2026"],
        [],
        ["Контрагент", "Июль", "Август", "Сентябрь"],
        ["Альфа", 1, 2, 3],
    ]
    export = read_rows(SheetRows("t.xlsx", "TDSheet", rows))
    assert sorted(export.frame["month"].astype(str).unique()) == ["2026-07", "2026-08", "2026-09"]
    assert note(export.notes, "note.years_from_title").text("ru") == (
        "«t.xlsx»: у месяцев в заголовках нет года — он взят из периода в шапке (01.07.2026 – 30.09.2026)."
    )


def test_month_names_without_a_year_or_period_say_how_to_fix_it():
    rows = [["Контрагент", "Июль", "Август", "Сентябрь"], ["Альфа", 1, 2, 3]]
    with pytest.raises(KeyClientsError) as info:
        read_rows(SheetRows("t.xlsx", "Лист1", rows))
    assert info.value.message("ru") == (
        "файл «t.xlsx», лист «Лист1», строка 1: у месяцев в заголовках нет года (Июль, Август, Сентябрь). "
        "Добавьте год в заголовки («Июль 2026») или строку «2026 год» над ними, "
        "либо период в шапке («Период: 01.07.2026 - 30.09.2026»)."
    )


# ---------------------------------------------------------------- 5. one client, one row


SPELLINGS = ['ООО "Ромашка"', "ООО «Ромашка»", "ООО „Ромашка“", "ООО Ромашка", "OOO Ромашка",
             "Общество с ограниченной ответственностью «Ромашка»", "ооо  ромашка"]  # fmt: skip


def test_spellings_of_one_client_fold_to_one_key():
    assert {fold_name(name) for name in SPELLINGS} == {"ооо ромашка"}
    assert fold_name("ИП Ромашка") == "ип ромашка" != fold_name("ООО Ромашка")  # another entity
    assert fold_name("Ёлка") == fold_name("Елка")
    # 1C's «Name, form» order: the comma stayed on the name, a second client beside 'ООО Ромашка'
    assert fold_name("Ромашка, ООО") == fold_name("Ромашка,ООО") == "ооо ромашка"
    # Latin look-alikes in a word or a form, and a name without any Latin letter (looked for once)
    assert fold_name("o.o.o. Ромaшка") == fold_name("Ромашка О.О.О.") == "ооо ромашка"
    assert fold_name("Romashka LLC") == "llc romashka" and fold_name("Ромашка ltd") == "ltd ромашка"


def test_one_client_one_row_with_its_most_frequent_spelling():
    rows = [["Дата", "Контрагент", "Сумма"]]
    rows += [["01.08.2026", name, 10] for name in SPELLINGS]
    rows += [["02.08.2026", "ООО «Ромашка»", 10], ["03.08.2026", "ООО «Ромашка»", 10]]  # the most frequent
    rows += [["04.08.2026", "ИП Ромашка", 5], ["05.08.2026", "ООО Ромашкка", 7]]  # look alike: not merged
    shipments = combine([read_rows(SheetRows("s.csv", None, rows))])
    totals = shipments.frame.groupby("client")["amount"].sum()
    assert totals.to_dict() == {"ООО «Ромашка»": 90.0, "ИП Ромашка": 5.0, "ООО Ромашкка": 7.0}
    merged = note(shipments.notes, "note.spellings_merged").text("ru")
    assert merged.startswith('Разные написания одного клиента объединены (1 клиент): «ООО "Ромашка"» = «ООО «Ромашка»»')
    assert "«OOO Ромашка»" in merged and "«Общество с ограниченной ответственностью «Ромашка»»" in merged
    maybe = note(shipments.notes, "note.maybe_same").text("ru")
    assert maybe == (
        "Возможно, это один и тот же клиент (не объединены, проверьте): «ООО «Ромашка»» (90) ≈ «ООО Ромашкка» (7); "
        "«ООО «Ромашка»» (90) ≈ «ИП Ромашка» (5)."
    )


def test_a_client_code_decides_identity_and_the_name_is_shown():
    rows = [
        ["Дата", "ИНН", "Контрагент", "Сумма"],
        ["01.08.2026", "7701", "Ромашка", 10],
        ["02.08.2026", "7701", "ООО Ромашка (опт)", 20],  # renamed in the ERP: same code, one client
        ["03.08.2026", "7702", "Ромашка", 5],  # same name, another code: another client
    ]
    shipments = combine([read_rows(SheetRows("s.csv", None, rows))])
    totals = shipments.frame.groupby("client_key")["amount"].sum()
    assert totals.to_dict() == {"#7701": 30.0, "#7702": 5.0}
    assert note(shipments.notes, "note.codes_decide").text("ru") == (
        "«s.csv»: клиента определяет код («ИНН»), название («Контрагент») только для показа."
    )


# ---------------------------------------------------------------- 6. statuses and the measure


def lines_with_statuses(path: Path) -> Path:
    return write_csv(
        path,
        [
            ["Дата", "Контрагент", "Количество", "Цена", "Себестоимость", "Сумма", "Статус"],
            ["03.08.2026", "Альфа", 10, 10, 80, 100, "Проведен"],
            ["04.09.2026", "Альфа", 10, 10, 120, 100, "Проведен"],  # sold at a loss: profit -20
            ["05.10.2026", "Альфа", 10, 10, 80, 100, "В резерве"],
            ["06.10.2026", "Бета", 1, 300, 100, 300, "Проведен"],
            ["07.10.2026", "Бета", 1, 999, 0, 999, "Отменён"],
            ["08.10.2026", "Бета", 1, 50, 0, 50, "Не проведен"],
            ["30.10.2026", "Бета", 1, 0, 0, 0, "Проведен"],
        ],
    )


def test_statuses_are_listed_the_cancelled_dropped_and_open_ones_weighed(tmp_path):
    result = build(tmp_path / "r.xlsx", [lines_with_statuses(tmp_path / "s.csv")], today=TODAY)
    shown = note(result.shipments.notes, "note.statuses").text("ru")
    assert shown == (
        "«s.csv», столбец «Статус»: Проведен — 4 строки, 500; В резерве — 1 строка, 100; "
        "Отменён — 1 строка, 999 (отброшены); Не проведен — 1 строка, 50 (отброшены)."
    )
    # Window sales 100 + 100 + 100 + 300 = 600; В резерве holds 100 of them: 16,7 %.
    assert note(result.analysis.notes, "note.open_statuses").text("ru") == (
        "Незавершённые статусы оставлены в расчёте, их доля в продажах периода: В резерве — 16,7\u00a0%."
    )
    assert result.summary["sales_total"] == 600.0


def test_open_statuses_weighed_when_some_lines_have_no_status():
    """Statuses are folded once per distinct value; a line without one is never open (a status
    column left empty on an input sheet once crashed the build)."""
    from keyclients_xl.analyse.ranking import _open_status_notes

    lines = pd.DataFrame(
        {"status": [None, "on HOLD", None, "Проведён", "В резЕрве"], "value": [100.0, 50.0, 250.0, 80.0, 20.0]}
    )
    shown = _open_status_notes(lines)[0].text("en")
    # Sales 500: On hold 50 (10.0 %), В резерве 20 (4.0 %).
    assert shown.endswith("on HOLD — 10.0%, В резЕрве — 4.0%."), shown
    assert _open_status_notes(pd.DataFrame({"status": [None, None], "value": [1.0, 2.0]})) == []


def test_drop_status_names_the_statuses_to_drop(tmp_path):
    result = build(
        tmp_path / "r.xlsx", [lines_with_statuses(tmp_path / "s.csv")], today=TODAY, drop_status="Отменён; В резерве"
    )
    # Kept: Альфа 100 + 100 (Проведен), Бета 300 + 0 (Проведен) and 50 (Не проведен, no longer in the list).
    # Dropped: Альфа's 100 (В резерве) and Бета's 999 (Отменён).
    assert result.summary["sales_total"] == 550.0


def test_ranking_by_profit_says_so_and_never_speaks_of_returns(tmp_path):
    json_path = tmp_path / "s.json"
    result = build(tmp_path / "r.xlsx", [lines_with_statuses(tmp_path / "s.csv")], today=TODAY, measure="profit",
                   summary=json_path)  # fmt: skip
    # Profit = amount - cost: Альфа 20 - 20 + 20 = 20 → 20 / 3; Бета 300 - 100 = 200 → 200 / 3.
    assert table_of(result)["average"].to_dict() == pytest.approx({"Бета": 200 / 3, "Альфа": 20 / 3})
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert (data["measure"], data["abc_measure"]) == ("profit", "profit")
    notes = texts(result.analysis.notes)
    assert not any("Возврат" in text for text in notes)
    assert "Убыточные строки (отрицательная валовая прибыль) учтены с минусом: 1 строка." in notes
    ws = openpyxl.load_workbook(result.path)["Ключевые клиенты"]
    assert ws["A1"].value == "Ключевые клиенты: валовая прибыль"
    assert "Топ-20 по среднему в месяц (валовая прибыль)" in ws["C1"].value


def test_abc_thresholds_on_the_command_line(tmp_path):
    export = write_csv(tmp_path / "s.csv", [["Дата", "Клиент", "Сумма"], *[
        ["15.10.2026", name, amount] for name, amount in (("x", 50), ("y", 35), ("z", 15))
    ], ["30.10.2026", "x", 0]])  # fmt: skip
    out = CliRunner().invoke(
        app, ["build", str(tmp_path / "r.xlsx"), "--export", str(export), "--abc", "50,35", "--months", "1",
              "--today", "2026-11-27", "--summary", str(tmp_path / "s.json")],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    # Shares 50/35/15: A = 50 % (x starts at 0), B = the next 35 % (y starts at 50 % < 85 %), z starts at 85 % → C.
    assert [e["abc"] for e in data["key_clients"]] == ["A", "B", "C"]
    assert data["abc"] == {"a": 50.0, "b": 35.0, "boundary": "upper"}


# ---------------------------------------------------------------- 7. --columns on real 1C exports


def one_c_rows() -> list[list]:
    return [
        [None, "Продажи по документам"],
        [None, "Период: 01.08.2026 - 31.10.2026"],
        [None, "Отбор: Организация Равно «ТД»"],
        [],
        [None, "Документ", "Дата", "Покупатель", "Сумма"],
        [None, "Реализация 1", "05.08.2026", "Альфа", "1 000,50"],
        [None, "Реализация 2", "06.10.2026", "Бета", "2 000"],
        [None, "Итого", None, None, "3 000,50"],
    ]


def test_column_letters_under_a_title_block():
    export = read_rows(SheetRows("1c.xlsx", "TDSheet", one_c_rows()), parse_mapping("client=D,date=C,amount=E"))
    assert export.header_row == 5
    assert export.frame.set_index("client")["amount"].to_dict() == {"Альфа": 1000.5, "Бета": 2000.0}


def test_a_letter_outside_the_data_names_the_data_columns():
    with pytest.raises(KeyClientsError) as info:
        read_rows(SheetRows("1c.xlsx", "TDSheet", one_c_rows()), parse_mapping("client=Z,date=C,amount=E"))
    assert info.value.message("ru") == (
        "файл «1c.xlsx», лист «TDSheet»: столбец Z (клиент) вне данных: данные занимают столбцы B:E."
    )


def test_an_unknown_header_lists_the_header_row_and_suggests_the_closest():
    with pytest.raises(KeyClientsError) as info:
        read_rows(SheetRows("1c.xlsx", "TDSheet", one_c_rows()), parse_mapping("client=Покупатели,date=C,amount=E"))
    assert info.value.message("ru") == (
        "файл «1c.xlsx», лист «TDSheet», строка 5: столбца «Покупатели» (клиент) нет. "
        "Столбцы в строке заголовков: Документ, Дата, Покупатель, Сумма. Может быть, «Покупатель»?"
    )


def test_columns_on_a_file_without_a_time_axis_is_a_clear_error():
    rows = [["Клиент", "Молоко", "Хлеб"], ["Альфа", 1, 2]]
    with pytest.raises(KeyClientsError) as info:
        read_rows(SheetRows("w.csv", None, rows), parse_mapping("client=Клиент,amount=Молоко"))
    assert info.value.key == "error.no_time_axis"
    assert "Клиент, Молоко, Хлеб" in info.value.message("en")


def test_no_client_column_error_names_the_sheet_with_the_data(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Пусто"
    data = book.create_sheet("Данные")
    for row in (["Дата", "Товар", "Сумма"], ["01.08.2026", "Чай", 5], ["02.08.2026", "Кофе", 6]):
        data.append(row)
    chart_sheet = book.create_chartsheet("Диаграмма")
    chart = openpyxl.chart.BarChart()
    chart.add_data(openpyxl.chart.Reference(data, min_col=3, min_row=1, max_row=3), titles_from_data=True)
    chart_sheet.add_chart(chart)
    book.save(tmp_path / "x.xlsx")
    with pytest.raises(KeyClientsError) as info:
        read_exports([tmp_path / "x.xlsx"])
    assert info.value.where.sheet == "Данные"
    assert "Не хватает: клиент." in info.value.message("ru")  # the user's word, not the role code


# ---------------------------------------------------------------- 8. products are not clients


def test_rows_of_products_are_said_to_be_products():
    rows = [["Товар", "Август 2026", "Сентябрь 2026"], ["Чай", 1, 2], ["Кофе", 3, 4]]
    export = read_rows(SheetRows("p.xlsx", "Лист1", rows))
    assert note(export.notes, "note.products_not_clients").text("ru") == (
        "«p.xlsx»: строки — это товары («Товар»), а не клиенты: ранжируются товары."
    )


def test_price_times_quantity_rows_are_said_so():
    rows = [
        ["Товар", "", "Январь 2022", "Февраль 2022"],
        ["Фен", "Цена, шт.", 10, 10],
        ["", "Кол-во проданных штук", 3, 4],
        ["Утюг", "Цена, шт.", 20, 25],
        ["", "Кол-во проданных штук", 1, 0],
        ["Чайник", "Цена, шт.", 5, 5],
        ["", "Кол-во проданных штук", 2, 2],
    ]
    export = read_rows(SheetRows("p.xlsx", "Лист1", rows))
    amounts = export.frame.pivot_table(index="client", columns="month", values="amount").to_numpy().tolist()
    # Утюг: 20 × 1, 25 × 0; Фен: 10 × 3, 10 × 4; Чайник: 5 × 2, 5 × 2 (rows sorted by name).
    assert amounts == [[20.0, 0.0], [30.0, 40.0], [10.0, 10.0]]
    assert note(export.notes, "note.amount_from_measure_rows").text("ru") == (
        "«p.xlsx»: сумма = цена × количество (строки «Цена, шт.» и «Кол-во проданных штук»)."
    )


# ---------------------------------------------------------------- 9. notes say only what is true


def test_no_xyz_note_without_xyz():
    one_month = analyse(month_lines({"A": [5], "B": [3]}, months=(OCT,)), Window([OCT]), Settings())
    assert not any(n.key == "note.xyz_weak" for n in one_month.notes)
    three = analyse(month_lines({"A": [5, 5, 5]}), Window([AUG, SEP, OCT]), Settings())
    assert "XYZ за 3 месяца — слабый сигнал (надёжнее от 6 месяцев)." in texts(three.notes)


def test_notes_speak_the_users_words():
    rows = [["Дата", "Контрагент", "Сумма"], ["01.08.2026", "Альфа", 5]]
    export = read_rows(SheetRows("s.csv", None, rows))
    assert note(export.notes, "note.layout_long").text("ru") == (
        "«s.csv»: строки документов (строка заголовков 1): Дата → дата, Контрагент → клиент, Сумма → сумма."
    )


def test_a_header_two_columns_share_is_named_with_its_letter(tmp_path):
    """Two columns headed 'Сумма' (without and with VAT, as some exports head both): the note said
    'Сумма → сумма' and not which of them was read. Both reading paths say the same."""
    from reading_paths import read_both_ways

    export = tmp_path / "s.csv"
    export.write_text("Дата;Контрагент;Сумма;Сумма\n01.08.2026;Альфа;100;120\n", encoding="utf-8")
    for kind, lines, notes in read_both_ways(export):
        assert kind == "lines" and lines["amount"].tolist() == [100.0]
        assert (
            notes[0] == "'s.csv': document lines (header row 1): Дата → date, Контрагент → client, Сумма (C) → amount."
        )


# ---------------------------------------------------------------- 10. a one-off option stays one-off


def test_python_api_options_are_one_off_unless_saved(tmp_path):
    export = write_csv(tmp_path / "s.csv", [["Дата", "Клиент", "Сумма"],
                                             *[["15.10.2026", f"K{i}", 100 - i] for i in range(8)]])  # fmt: skip
    book = tmp_path / "r.xlsx"
    assert len(build(book, [export], today=TODAY, as_of="2026-10", months=1, top_n=3).analysis.key) == 3
    assert len(build(book, [export], today=TODAY, as_of="2026-10", months=1).analysis.key) == 8  # default 20
    build(book, [export], today=TODAY, as_of="2026-10", months=1, top_n=3, save_settings=True)
    later = build(book, [export], today=TODAY, as_of="2026-10", months=1)
    assert len(later.analysis.key) == 3
    assert later.summary["settings_sources"] == {"top_n": "settings_sheet", "as_of": "command_line",
                                                  "months": "command_line"}  # fmt: skip
    assert not math.isnan(later.summary["key_share"])


def test_people_who_differ_only_in_initials_are_not_look_alikes():
    from keyclients_xl.read.clients import possible_duplicates

    folded = pd.Series({k: k for k in ("ип николаев п.и.", "ип николаев п.д.", "ооо ромашка", "ооо ромашкка")})
    amounts = pd.Series([4.0, 3.0, 2.0, 1.0], index=folded.index)
    # Николаев П.И. and Николаев П.Д. are two people; Ромашка and Ромашкка look like one typo.
    assert possible_duplicates(amounts, folded) == [("ооо ромашка", "ооо ромашкка")]


def test_stores_that_differ_only_in_their_number_are_not_look_alikes():
    from keyclients_xl.read.clients import possible_duplicates

    keys = ["ооо магазин 125", "ооо магазин 126", "ооо ромашка", "ооо ромашкка", "ооо альфа 2000", "ооо альфа-2000"]
    folded = pd.Series(keys, index=keys)
    amounts = pd.Series([6.0, 5.0, 4.0, 3.0, 2.0, 1.0], index=keys)
    # Store 125 and store 126 are two clients (91 % alike all the same); the same number with
    # another separator, and a typo in a word, may be one client.
    assert possible_duplicates(amounts, folded) == [
        ("ооо ромашка", "ооо ромашкка"),
        ("ооо альфа 2000", "ооо альфа-2000"),
    ]


def test_look_alikes_come_largest_first_with_every_legal_form_of_a_name():
    from keyclients_xl.read.clients import possible_duplicates

    keys = ["ооо ромашка", "ип ромашка", "ооо ромашкка", "ао ромашка", "ип николаев п.и.", "ип николаев п.д."]
    folded = pd.Series(keys, index=keys)
    amounts = pd.Series([500.0, -400.0, 300.0, 200.0, 100.0, 50.0], index=keys)  # a return counts by its size
    # Same name under three legal forms: both others pair with the largest; a typo pairs once.
    assert possible_duplicates(amounts, folded) == [
        ("ооо ромашка", "ип ромашка"),
        ("ооо ромашка", "ооо ромашкка"),
        ("ооо ромашка", "ао ромашка"),
    ]


def test_labels_are_categoricals_of_the_labels_the_lines_hold(tmp_path):
    north = write_csv(
        tmp_path / "Север.csv",
        [
            ["Дата", "Контрагент", "Номенклатура", "Менеджер", "Статус", "Сумма"],
            ["05.10.2026", "Альфа", "Чай", "Иванов", "Проведен", 100],
            ["06.10.2026", "Бета", "Сахар", "Иванов", "Отменен", 50],  # dropped: «Сахар» goes with it
            ["07.10.2026", "Бета", "Кофе", "", "", 70],  # no manager, no status: kept, blank
        ],
    )
    south = write_csv(
        tmp_path / "Юг.csv",
        [
            ["Дата", "Контрагент", "Номенклатура", "Менеджер", "Статус", "Сумма"],
            ["08.10.2026", "Гамма", "Соль", "Петров", "Проведен", 30],
        ],
    )
    shipments = read_exports([north, south])
    frame = shipments.frame
    assert note(shipments.notes, "note.statuses").text("ru") == (  # the blank status counted as «—», in order met
        "«Север.csv», столбец «Статус»: Проведен — 1 строка, 100; Отменен — 1 строка, 50 (отброшены); — — 1 строка, 70."
    )
    for column in ("sku", "manager", "status"):
        assert frame[column].dtype == "category", column
    assert list(frame["sku"].cat.categories) == ["Кофе", "Соль", "Чай"]  # sorted, only what the lines hold
    assert list(frame["manager"].cat.categories) == ["Иванов", "Петров"]
    assert frame[["client", "sku", "manager", "status"]].astype(object).where(frame.notna(), None).values.tolist() == [
        ["Альфа", "Чай", "Иванов", "Проведен"],
        ["Бета", "Кофе", None, None],
        ["Гамма", "Соль", "Петров", "Проведен"],
    ]
    assert frame.groupby("sku", observed=True)["amount"].sum().to_dict() == {"Кофе": 70, "Соль": 30, "Чай": 100}


def test_with_bad_cells_in_two_columns_the_left_one_is_named(tmp_path):
    """The number columns are converted side by side: the error is still the first column's
    (quantity before price), even when the price's bad cell comes on an earlier line."""
    path = write_csv(
        tmp_path / "bad.csv",
        [
            ["Дата", "Контрагент", "Количество", "Цена", "Сумма"],
            ["01.10.2026", "Альфа", "1", "дорого", "10"],
            ["02.10.2026", "Бета", "много", "5", "10"],
        ],
    )
    with pytest.raises(KeyClientsError) as caught:
        read_exports([path])
    assert caught.value.key == "error.bad_number"
    assert (caught.value.where.row, caught.value.where.header) == (3, "Количество")
    assert caught.value.params["value"] == "много"
