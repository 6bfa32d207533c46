"""Receivables through the build: a generated file of each layout (tests/receivables_fixtures.py),
the input sheet typed by hand, the JSON alerts, the CLI flags and the settings.

Sales (window Aug–Oct 2026, top_n = 2), chosen so that a day of shipments is round (30.4 days a
month): ООО "Альфа" 304 000 a month (10 000 a day), ООО Бета Плюс 60 800, ИП Гамма 30 400 (1 000
a day). Key: Альфа and Бета Плюс. The files' clients АО Омега, ООО «Бета», ООО Эпсилон, Alpha LLC
and Beta Inc are in receivables only: listed, never dropped.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from cycle_helpers import sheet_lines, sheet_table, write_export
from receivables_fixtures import aging_by_documents, aging_csv_english, debts_with_due_dates, settlements_statement
from typer.testing import CliRunner

from keyclients_xl import build
from keyclients_xl.cli import app

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

TODAY = dt.date(2026, 11, 15)
SALES = {'ООО "Альфа"': [304_000] * 3, "ООО Бета Плюс": [60_800] * 3, "ИП Гамма": [30_400] * 3}
ALPHA, BETA_PLUS, GAMMA = 'ООО "Альфа"', "ООО Бета Плюс", "ИП Гамма"


@pytest.fixture
def sales(tmp_path: Path) -> Path:
    return write_export(tmp_path / "sales.csv", SALES, "2026-08")


def receivables_rows(path: Path) -> dict[str, tuple]:
    """client → (debt, overdue, shipped in the period, days overdue (max), severity) from the Receivables sheet."""
    return {
        row["Клиент"]: (
            row["Долг"],
            row["Просрочено"],
            row["Есть отгрузки за период"],
            row["Дней просрочки (макс.)"],
            row["Важность"],
        )
        for row in sheet_table(path, "Дебиторка", "Ранг")
    }


def overdue_alerts(summary: Path) -> dict[str, tuple[str, str]]:
    found = json.loads(summary.read_text(encoding="utf-8"))["alerts"]
    return {a["client"]: (a["severity"], a["message"]) for a in found if a["kind"] == "overdue"}


# Per layout: the sheet's rows, then the overdue alerts. Key clients first (by overdue, debt), then the rest.
LAYOUTS = {
    "statement": (
        settlements_statement,
        {
            # A statement of balances states no overdue debt: blank, and no alert.
            ALPHA: (150_000, None, "Да", None, None),
            BETA_PLUS: (0, 0, "Да", None, None),  # key, owes nothing
            GAMMA: (40_000, None, "Да", None, None),  # «ИП ГАММА» of the file, the sales spelling shown
            "ООО «Бета»": (10_000, None, "Нет", None, None),  # not «Бета Плюс»
            "АО Омега": (5_000, None, "Нет", None, None),
            "ООО Эпсилон": (-2_500, None, "Нет", None, None),  # an advance
        },
        {},
    ),
    "aging": (
        aging_by_documents,
        {
            # 70 000 overdue = 7 days of shipments (low); oldest 31–60 days (medium).
            ALPHA: (120_000, 70_000, "Да", None, "средняя"),
            BETA_PLUS: (0, 0, "Да", None, None),
            GAMMA: (30_000, 30_000, "Да", None, "высокая"),  # over 90 days
            "АО Омега": (5_000, 5_000, "Нет", None, "высокая"),  # 61–90 days
        },
        {
            ALPHA: ("medium", "Просроченный долг 70\u00a0000 (7 дней средней отгрузки); просрочка: 31–60 дней"),
            GAMMA: ("high", "Просроченный долг 30\u00a0000 (30 дней средней отгрузки); просрочка: более 90 дней"),
            "АО Омега": ("high", "Просроченный долг 5\u00a0000 (отгрузок за период нет); просрочка: 61–90 дней"),
        },
    ),
    "due_dates": (
        debts_with_due_dates,
        {
            # As of 31.10.2026: 14.09 → 47 days; the 20 000 due 24.11 is not yet due.
            ALPHA: (70_000, 50_000, "Да", 47, "средняя"),
            BETA_PLUS: (0, 0, "Да", None, None),
            GAMMA: (30_000, 30_000, "Да", 122, "высокая"),  # 01.07 → 122 days
            "АО Омега": (5_000, 5_000, "Нет", 77, "высокая"),  # 15.08 → 77 days
        },
        {
            ALPHA: ("medium", "Просроченный долг 50\u00a0000 (5 дней средней отгрузки); просрочка: 47 дней"),
            GAMMA: ("high", "Просроченный долг 30\u00a0000 (30 дней средней отгрузки); просрочка: 122 дня"),
            "АО Омега": ("high", "Просроченный долг 5\u00a0000 (отгрузок за период нет); просрочка: 77 дней"),
        },
    ),
    "english_csv": (
        aging_csv_english,
        {
            ALPHA: (0, 0, "Да", None, None),
            BETA_PLUS: (0, 0, "Да", None, None),
            # Not in sales: size medium; 45 days old: medium.
            "Alpha LLC": (pytest.approx(1_234.56), 1_000, "Нет", 45, "средняя"),
            "Beta Inc": (500, 0, "Нет", None, None),  # nothing overdue: no age
        },
        {"Alpha LLC": ("medium", "Просроченный долг 1\u00a0000 (отгрузок за период нет); просрочка: 45 дней")},
    ),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_each_1c_layout_through_the_build(layout, sales, tmp_path):
    make, rows, alerts = LAYOUTS[layout]
    file = make(tmp_path / ("aging.csv" if layout == "english_csv" else f"{layout}.xlsx"))
    book, summary = tmp_path / "K.xlsx", tmp_path / "s.json"
    result = build(book, [sales], receivables=[file], top_n=2, summary=summary, today=TODAY)
    assert receivables_rows(book) == rows
    assert overdue_alerts(summary) == alerts
    not_in_sales = sum(1 for row in rows.values() if row[2] == "Нет")
    assert result.summary["receivables"]["not_in_sales"] == not_in_sales
    debts = [row["Долг"] for row in sheet_table(book, "Дебиторка", "Ранг")]
    assert result.summary["receivables"]["debt"] == pytest.approx(sum(debts))


def test_the_same_receivables_file_given_twice_counts_once(sales, tmp_path):
    """Two copies of one file (picked twice, or saved again under another name) doubled every
    debt, with no word; sales exports have counted such a file once since issue 6."""
    file = settlements_statement(tmp_path / "Ведомость.xlsx")
    copy = tmp_path / "Ведомость (1).xlsx"
    copy.write_bytes(file.read_bytes())
    once = build(tmp_path / "once.xlsx", [sales], receivables=[file], top_n=2, today=TODAY)
    twice = build(tmp_path / "twice.xlsx", [sales], receivables=[file, copy], top_n=2, today=TODAY)
    assert receivables_rows(tmp_path / "twice.xlsx") == receivables_rows(tmp_path / "once.xlsx")
    assert twice.summary["receivables"] == once.summary["receivables"]
    said = "«Ведомость (1).xlsx» совпадает с «Ведомость.xlsx» байт в байт: второй раз не учтён."
    assert said in twice.notes and said not in once.notes


def test_a_client_in_receivables_only_is_reported_never_dropped(sales, tmp_path):
    file = debts_with_due_dates(tmp_path / "Долги.xlsx")
    book = tmp_path / "K.xlsx"
    result = build(book, [sales], receivables=[file], top_n=2, today=TODAY)
    [omega] = [row for row in sheet_table(book, "Дебиторка", "Ранг") if row["Клиент"] == "АО Омега"]
    assert (omega["Ранг"], omega["Ключевой"], omega["Среднее в месяц"]) == (None, None, None)
    assert omega["Просрочка в днях отгрузки"] is None  # no shipments to weigh it against
    note = "В дебиторке, но без отгрузок за период: 1 клиент (АО Омега)."
    assert note in result.notes and note in sheet_lines(book, "Дебиторка", "Ранг")
    assert "Омега" not in {row["Клиент"] for row in sheet_table(book, "Ключевые клиенты", "Ранг")}


def test_the_input_sheet_typed_by_hand(sales, tmp_path):
    """Blank cells are 'not given': an overdue amount is derived from the days, not read as 0."""
    book = tmp_path / "K.xlsx"
    build(book, [sales], top_n=2, today=TODAY)
    assert "Дебиторка" not in openpyxl.load_workbook(book).sheetnames  # no debts yet: no report sheet
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Дебиторка (ввод)"]
    assert [c.value for c in sheet[3]][:5] == ["Клиент", "Долг", "Просрочено", "Дней просрочки", "Срок оплаты"]
    sheet["A2"] = "Задолженность на 31.10.2026"
    sheet.append([ALPHA, 100_000, None, 40])  # overdue: the whole debt, 40 days old
    sheet.append([GAMMA, 30_000, 10_000])  # overdue stated, its age not
    workbook.save(book)
    summary = tmp_path / "s.json"
    build(book, [sales], summary=summary, today=TODAY)
    rows = receivables_rows(book)
    # Альфа: age 40 → medium; 100 000 = 10 days of shipments → low: medium. Гамма: 10 days, age unknown: low.
    assert rows[ALPHA] == (100_000, 100_000, "Да", 40, "средняя")
    assert rows[GAMMA] == (30_000, 10_000, "Да", None, "низкая")
    assert json.loads(summary.read_text(encoding="utf-8"))["receivables"]["as_of"] == "2026-10-31"
    [alpha] = [row for row in sheet_table(book, "Дебиторка", "Ранг") if row["Клиент"] == ALPHA]
    assert (alpha["31–60 дней"], alpha["0–30 дней"], alpha["Не просрочено"]) == (100_000, 0, 0)

    # Files given replace the sheet for the build, with a note (adding both could count a debt twice).
    result = build(book, [sales], receivables=[aging_by_documents(tmp_path / "a.xlsx")], today=TODAY)
    assert receivables_rows(book)[ALPHA][:2] == (120_000, 70_000)
    assert "Лист «Дебиторка (ввод)» не учтён: дебиторка взята из файлов (--receivables)." in result.notes
    # Without files and with the sheet emptied, an old Receivables sheet is replaced by one that says so.
    workbook = openpyxl.load_workbook(book)
    workbook["Дебиторка (ввод)"].delete_rows(4, 10)
    workbook.save(book)
    build(book, [sales], today=TODAY)
    assert receivables_rows(book) == {}
    assert sheet_lines(book, "Дебиторка", "Ранг")[1].startswith("Дебиторка не загружена: заполните лист")


def test_cli_flags_set_the_severity_bands_and_are_saved(sales, tmp_path):
    file = debts_with_due_dates(tmp_path / "Долги.xlsx")
    book, summary = tmp_path / "K.xlsx", tmp_path / "s.json"
    args = ["build", book, "-e", sales, "--receivables", file, "--top", "2", "--today", "2026-11-15"]
    args += ["--overdue-age", "50,130", "--overdue-size", "40,60", "--save-settings", "--summary", summary]
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    # Альфа: 47 days (< 50) and 5 days of shipments (< 40): low. Гамма: 122 days (> 50) and 30 days: medium.
    # Омега: not in sales: medium.
    assert {client: severity for client, (severity, _) in overdue_alerts(summary).items()} == {
        ALPHA: "low",
        GAMMA: "medium",
        "АО Омега": "medium",
    }
    settings = {row["Ключ"]: row["Значение"] for row in sheet_table(book, "Настройки", "Ключ")}
    assert (settings["overdue_age_medium"], settings["overdue_age_high"]) == (50, 130)
    assert (settings["overdue_size_medium"], settings["overdue_size_high"]) == (40, 60)
    lines = sheet_lines(book, "Дебиторка", "Ранг")
    assert "возраст старше 50/130 дн. или размер от 40/60 дн. отгрузки" in lines[1]
    # The next build, without the flags, keeps the saved bands.
    build(book, [sales], receivables=[file], summary=summary, today=TODAY)
    assert overdue_alerts(summary)[ALPHA][0] == "low"


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--overdue-age", "30", "--overdue-age: нужны два числа через запятую"),
        ("--overdue-size", "a,b", "--overdue-size: нужны два числа через запятую"),
        ("--prospect-late", "7.5,30", "--prospect-late: нужны два числа через запятую"),
        ("--overdue-age", "60,30", "overdue_age_high"),
        ("--history-keep", "0", "--history-keep"),
    ],
)
def test_bad_cycle_flags_end_in_one_clear_line(sales, tmp_path, flag, value, message):
    args = ["build", str(tmp_path / "K.xlsx"), "-e", str(sales), flag, value, "--lang", "ru"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and message in " ".join(result.output.split()), result.output
    assert "Traceback" not in result.output
