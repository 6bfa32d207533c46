# ruff: noqa: E501  (the Plan sheet's rows, one literal per row, as the sheet shows them)
"""The manager's plan through real builds (`keyclients build … --today`), the calendar and the card.

The fixture is a workbook the manager keeps by hand: the four input sheets, a sheet of their own,
and sales lines for September–November 2026 of four clients; `--top 3` makes Альфа, Бета and
Гамма the key clients (1000, 500 and 300 a month; Дельта 10). Worked out by hand for
--today 2026-12-20 (the plan runs to 18 January 2027):
- Альфа: all four contact roles; Иван born 29.02.1980, Ольга on 05.01 (no year); visited
  1 December (a visit due 31 December); a fresh account card (no stale items); invited to
  ПродЭкспо on 15 January 2027 at 18:00;
- Бета: no contacts at all; last visit 15 October (overdue, 66 days); no account card yet;
- Гамма: no visit ever; only an owner contact, Глеб, born 25 December; no account card yet;
- Новогодний приём on 24 December invites everyone ('*'); the default holidays give 1 and
  7 January, across the turn of the year.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from icalendar import Calendar
from lxml import etree
from openpyxl.worksheet.table import Table
from report_sheets import RU_SHEETS
from typer.testing import CliRunner

from keyclients_xl.cli import app
from keyclients_xl.deliver.appends import GREY_FORMULA
from keyclients_xl.deliver.calendar import uid
from keyclients_xl.engine import build
from keyclients_xl.i18n import Count, t
from keyclients_xl.report.plan_sheet import DATA_ROW, HEADER_ROW

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CARD_HEADERS = [
    "Клиент", "Менеджер", "Бизнес (как и кому продаёт)", "У каких конкурентов закупает",
    "Согласованные бонусы и условия", "Последняя акция объявлена (дата)", "Проверка остатков (дата)",
    "Обмен неликвида (дата)", "Замена брака / просрочки (дата)", "Заметки",
]  # fmt: skip
MONTHLY = {"ООО Альфа": 1000.0, "ООО Бета": 500.0, "ООО Гамма": 300.0, "ИП Дельта": 10.0}
MANAGERS = {"ООО Альфа": "Иванов", "ООО Бета": "Петров", "ООО Гамма": None, "ИП Дельта": "Петров"}


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"KEYCLIENTS_LANG": "ru", "COLUMNS": "120"})


def write_sales(path: Path) -> Path:
    rows = [
        {"Дата": f"{day:02d}.{month:02d}.2026", "Контрагент": client, "Сумма": amount, "Менеджер": MANAGERS[client]}
        for month, day in ((9, 10), (10, 12), (11, 30))
        for client, amount in MONTHLY.items()
    ]
    pd.DataFrame(rows).to_csv(path, sep=";", index=False)
    return path


def _sheet(book, name, instruction, rows):
    sheet = book.create_sheet(name)
    sheet.append([instruction])
    for row in rows:
        sheet.append(row)
    return sheet


def write_workbook(path: Path) -> Path:
    """The manager's own workbook: the input sheets filled in by hand (no report yet)."""
    book = openpyxl.Workbook()
    book.active.title = "Мои заметки"
    book.active["A1"] = "позвонить Альфе"
    _sheet(
        book,
        "Контакты",
        "Контакты",
        [
            ["Клиент", "Роль", "ФИО", "Телефон", "Эл. почта", "День рождения"],
            ["ООО «Альфа»", "владелец", "Иван Петров", "+7 900 111-22-33", None, "29.02.1980"],
            ["ООО Альфа", "склад", "Ольга", None, None, "05.01"],
            ["ООО Альфа", "логистика", "Семён", None, None, None],
            ["ООО Альфа", "бухгалтерия", "Зоя", None, "zoya@alfa.example", None],
            ["ООО Гамма", "владелец", "Глеб", None, None, dt.datetime(1970, 12, 25)],
            ["ИП Дельта", "владелец", "Денис", None, None, "21.12.1990"],
        ],
    )
    _sheet(
        book,
        "Визиты",
        "Визиты",
        [
            ["Клиент", "Дата", "Менеджер", "Заметка"],
            ["ООО Альфа", dt.datetime(2026, 11, 15), "Сидорова А.", None],
            ["ООО Альфа", dt.datetime(2026, 12, 1), "Сидорова А.", "остатки в норме"],
            ["ООО Бета", dt.datetime(2026, 10, 15), "Петров", None],
        ],
    )
    _sheet(
        book,
        "Мероприятия",
        "Мероприятия",
        [
            ["Мероприятие", "Дата", "Приглашённые клиенты (через ;)"],
            ["ПродЭкспо", dt.datetime(2027, 1, 15, 18, 0), "ООО Альфа; ИП Дельта"],
            ["Новогодний приём", dt.datetime(2026, 12, 24), "*"],
        ],
    )
    cards = _sheet(
        book,
        "Карточки клиентов",
        "Строка на каждого ключевого клиента",
        [
            CARD_HEADERS,
            [
                "ООО Альфа",
                "Сидорова А.",
                "розница, 40 магазинов",
                None,
                "бонус 2 %",
                dt.datetime(2026, 12, 15),
                dt.datetime(2026, 12, 10),
                dt.datetime(2026, 11, 1),
                None,
                "важный",
            ],
        ],  # fmt: skip
    )
    for col in range(6, 10):
        cards.cell(3, col).number_format = "DD.MM.YYYY"
    cards.add_table(Table(displayName="MyCards", ref="A2:J3"))
    book.save(path)
    return path


@pytest.fixture
def workbook(tmp_path: Path) -> tuple[Path, Path]:
    return write_workbook(tmp_path / "K.xlsx"), write_sales(tmp_path / "sales.csv")


def build_on(path: Path, sales: Path, today: str, *extra) -> None:
    result = run("build", path, "-e", sales, "--top", "3", "--today", today, *extra)
    assert result.exit_code == 0, result.output


def plan_rows(path: Path) -> list[tuple]:
    """The Plan sheet's items as shown (alerts of the metric stages left out: they depend on the
    sales data, and a test of their own checks them)."""
    sheet = openpyxl.load_workbook(path)["План работы"]
    rows = []
    for row in sheet.iter_rows(min_row=DATA_ROW, values_only=True):
        if row[4] != "Сигнал":
            rows.append((row[0], row[1].date().isoformat(), row[2], row[3], row[4], row[5]))
    return rows


def test_the_plan_sheet_cell_by_cell(workbook):
    path, sales = workbook
    build_on(path, sales, "2026-12-20")
    sheet = openpyxl.load_workbook(path)["План работы"]
    assert sheet["A1"].value == "План работы на 30 дней"
    assert (sheet["A2"].value, sheet["B2"].value) == ("С", dt.datetime(2026, 12, 20))
    assert sheet["B2"].number_format == "dd.mm.yyyy"  # a date cell, shown as a date
    # The 23 items below, and 3 alerts of the metric sheets (low): no terms review on record for
    # any of the three key clients yet.
    assert sheet["C2"].value.startswith("по 18 января 2027\u00a0г. · 26 пунктов · высокий: 2 · средний: 9 · низкий: 15")
    assert [c.value for c in sheet[HEADER_ROW]] == ["Приоритет", "Дата", "Клиент", "Менеджер", "Тема", "Что сделать"]
    never = "Проверить остатки клиента: проверка не отмечена"
    promo = "Рассказать о текущих акциях и ценах: объявление не отмечено"
    exchange = "Предложить обмен неликвида: обмен не отмечен"
    assert plan_rows(path) == [
        ("высокий", "2026-12-20", "ООО Бета", "Петров", "Визит", "Визит просрочен: последний 15 октября 2026\u00a0г. (66 дней назад)"),
        ("высокий", "2026-12-20", "ООО Гамма", None, "Визит", "Визитов не записано: навестить клиента"),
        ("средний", "2026-12-20", "ООО Бета", "Петров", "Контакты", "Контактов нет; нужны: владелец, склад, логистика, бухгалтерия"),
        ("средний", "2026-12-20", "ООО Гамма", None, "Контакты", "Не хватает контактов: склад, логистика, бухгалтерия"),
        ("средний", "2026-12-24", "ООО Альфа", "Сидорова А.", "Мероприятие", "Пригласить: Новогодний приём, 24 декабря"),
        ("средний", "2026-12-24", "ООО Бета", "Петров", "Мероприятие", "Пригласить: Новогодний приём, 24 декабря"),
        ("средний", "2026-12-24", "ООО Гамма", None, "Мероприятие", "Пригласить: Новогодний приём, 24 декабря"),
        ("средний", "2026-12-25", "ООО Гамма", None, "День рождения", "Поздравить с днём рождения: Глеб (владелец), 25 декабря"),
        ("средний", "2026-12-31", "ООО Альфа", "Сидорова А.", "Визит", "Визит до 31 декабря: последний 1 декабря 2026\u00a0г."),
        ("средний", "2027-01-05", "ООО Альфа", "Сидорова А.", "День рождения", "Поздравить с днём рождения: Ольга (склад), 5 января"),
        ("средний", "2027-01-15", "ООО Альфа", "Сидорова А.", "Мероприятие", "Пригласить: ПродЭкспо, 15 января, 18:00"),
        ("низкий", "2026-12-20", "ООО Бета", "Петров", "Остатки", never),
        ("низкий", "2026-12-20", "ООО Бета", "Петров", "Акции", promo),
        ("низкий", "2026-12-20", "ООО Бета", "Петров", "Неликвид", exchange),
        ("низкий", "2026-12-20", "ООО Гамма", None, "Остатки", never),
        ("низкий", "2026-12-20", "ООО Гамма", None, "Акции", promo),
        ("низкий", "2026-12-20", "ООО Гамма", None, "Неликвид", exchange),
        ("низкий", "2027-01-01", "ООО Альфа", "Сидорова А.", "Праздник", "Поздравить: Новый год, 1 января"),
        ("низкий", "2027-01-01", "ООО Бета", "Петров", "Праздник", "Поздравить: Новый год, 1 января"),
        ("низкий", "2027-01-01", "ООО Гамма", None, "Праздник", "Поздравить: Новый год, 1 января"),
        ("низкий", "2027-01-07", "ООО Альфа", "Сидорова А.", "Праздник", "Поздравить: Рождество Христово, 7 января"),
        ("низкий", "2027-01-07", "ООО Бета", "Петров", "Праздник", "Поздравить: Рождество Христово, 7 января"),
        ("низкий", "2027-01-07", "ООО Гамма", None, "Праздник", "Поздравить: Рождество Христово, 7 января"),
    ]  # fmt: skip
    last = DATA_ROW + 22 + 3  # the 23 items and the 3 alerts
    assert sheet.tables["Plan"].ref == f"A4:F{last}"
    rules = {(str(cf.sqref), rule.formula[0]) for cf in sheet.conditional_formatting for rule in cf.rules}
    assert rules == {(f"A5:F{last}", '$A5="высокий"'), (f"A5:F{last}", '$A5="средний"')}
    assert sheet.print_title_rows == "$4:$4" and sheet.page_setup.orientation == "landscape"


def test_every_alert_of_the_build_is_on_the_plan_sheet(workbook, tmp_path):
    path, sales = workbook
    result = build(path, [sales], top_n=3, today=dt.date(2026, 12, 20))
    sheet = openpyxl.load_workbook(path)["План работы"]
    shown = [row[5] for row in sheet.iter_rows(min_row=DATA_ROW, values_only=True) if row[4] == "Сигнал"]
    assert len(shown) == len(result.summary["alerts"])


def test_a_birthday_on_29_february_in_a_common_year(workbook):
    path, sales = workbook
    build_on(path, sales, "2027-02-10")  # the plan runs to 11 March 2027
    rows = plan_rows(path)
    assert ("средний", "2027-02-28", "ООО Альфа", "Сидорова А.", "День рождения",
            "Поздравить с днём рождения: Иван Петров (владелец), 29 февраля; в этом году — 28 февраля") in rows  # fmt: skip
    holidays = sorted({(day, text) for _, day, _, _, kind, text in rows if kind == "Праздник"})
    assert holidays == [
        ("2027-02-23", "Поздравить: День защитника Отечества, 23 февраля"),
        ("2027-03-08", "Поздравить: Международный женский день, 8 марта"),
    ]


def test_holidays_and_thresholds_come_from_the_settings_sheet_and_the_flags(workbook):
    path, sales = workbook
    build_on(path, sales, "2026-12-20", "--holidays", "31.12 Канун Нового года", "--plan-days", "12", "--save-settings")
    rows = plan_rows(path)
    assert {text for *_, kind, text in rows if kind == "Праздник"} == {"Поздравить: Канун Нового года, 31 декабря"}
    assert max(day for _, day, *_ in rows) == "2026-12-31"  # 12 days: to 31 December
    settings = {row[0]: row[1] for row in openpyxl.load_workbook(path)["Настройки"].iter_rows(values_only=True)}
    assert settings["holidays"] == "31.12 Канун Нового года" and settings["plan_days"] == 12
    # The next plain build reads them from the sheet.
    build_on(path, sales, "2026-12-20")
    assert plan_rows(path) == rows


def test_the_default_holiday_list_is_written_out_for_the_manager_to_edit(workbook):
    path, sales = workbook
    build_on(path, sales, "2026-12-20")
    settings = {row[0]: row[1] for row in openpyxl.load_workbook(path)["Настройки"].iter_rows(values_only=True)}
    assert settings["holidays"] == (
        "01.01 Новый год; 07.01 Рождество Христово; 23.02 День защитника Отечества; "
        "08.03 Международный женский день; 01.05 Праздник Весны и Труда; 09.05 День Победы; "
        "12.06 День России; 04.11 День народного единства"
    )
    assert (settings["plan_days"], settings["visit_every_days"], settings["stale_after_days"]) == (30, 30, 30)
    assert settings["illiquid_after_months"] == 3
    result = run("build", path, "-e", sales, "--holidays", "31.02 Нет такого дня", "--today", "2026-12-20")
    assert result.exit_code == 2
    assert "Ошибка: Праздник «31.02 Нет такого дня»: нужен вид «ДД.ММ Название»" in " ".join(result.output.split())


# ---------------------------------------------------------------- the Account cards sheet


def _part_name(package: zipfile.ZipFile, sheet_name: str) -> str:
    book = etree.fromstring(package.read("xl/workbook.xml"))
    rels = etree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    rid = next(s.get(f"{{{REL}}}id") for s in book.iter(f"{{{MAIN}}}sheet") if s.get("name") == sheet_name)
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return "xl/" + target.lstrip("/").removeprefix("xl/")


def sheet_part(path: Path, sheet_name: str) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(_part_name(package, sheet_name))


def cells_of(path: Path, sheet_name: str) -> tuple[dict[str, bytes], bytes]:
    """The sheet's cells (reference → canonical XML) and its XML without sheetData, dimension
    and conditional formats (what a build may change on a sheet of the user's)."""
    root = etree.fromstring(sheet_part(path, sheet_name))
    cells = {c.get("r"): etree.tostring(c, method="c14n") for c in root.iter(f"{{{MAIN}}}c")}
    for tag in ("sheetData", "dimension", "conditionalFormatting"):
        for node in root.findall(f"{{{MAIN}}}{tag}"):
            root.remove(node)
    return cells, etree.tostring(root, method="c14n")


def test_new_key_clients_get_rows_and_leavers_are_greyed_without_touching_a_cell(workbook):
    path, sales = workbook
    before, rest_before = cells_of(path, "Карточки клиентов")
    build_on(path, sales, "2026-12-20")
    after, rest_after = cells_of(path, "Карточки клиентов")
    assert {ref: after[ref] for ref in before} == before  # every cell the manager had, byte for byte
    assert rest_after == rest_before  # columns, views, the Table's link: as they were
    sheet = openpyxl.load_workbook(path)["Карточки клиентов"]
    rows = [tuple(c.value for c in row[:3]) for row in sheet.iter_rows(min_row=3)]
    assert rows == [("ООО Альфа", "Сидорова А.", "розница, 40 магазинов"), ("ООО Бета", "Петров", None),
                    ("ООО Гамма", None, None)]  # fmt: skip
    assert sheet.tables["MyCards"].ref == "A2:J5"
    assert not list(sheet.conditional_formatting)

    # --top 1: Бета and Гамма leave the list; their rows stay, greyed; nothing is appended.
    build_on(path, sales, "2026-12-20", "--top", "1")
    again, _ = cells_of(path, "Карточки клиентов")
    assert again == after
    sheet = openpyxl.load_workbook(path)["Карточки клиентов"]
    [(sqref, rule)] = [(str(cf.sqref), rule) for cf in sheet.conditional_formatting for rule in cf.rules]
    assert sqref == "A4:J5" and rule.formula == [GREY_FORMULA]
    dxf = openpyxl.load_workbook(path)._differential_styles[rule.dxfId]
    assert dxf.fill.fgColor.rgb == "FFD9D9D9"
    # The same list again: the sheet's part is not rewritten at all.
    part = sheet_part(path, "Карточки клиентов")
    build_on(path, sales, "2026-12-20", "--top", "1")
    assert sheet_part(path, "Карточки клиентов") == part

    # Back to three: the grey goes, no row is added twice.
    build_on(path, sales, "2026-12-20")
    sheet = openpyxl.load_workbook(path)["Карточки клиентов"]
    assert not list(sheet.conditional_formatting) and sheet.max_row == 5


def test_a_new_workbook_gets_the_input_sheets_once_with_a_row_per_key_client(tmp_path):
    sales = write_sales(tmp_path / "sales.csv")
    path = tmp_path / "New.xlsx"
    build_on(path, sales, "2026-12-20")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == RU_SHEETS
    cards = book["Карточки клиентов"]
    assert [(r[0].value, r[1].value) for r in cards.iter_rows(min_row=3)] == [
        ("ООО Альфа", "Иванов"), ("ООО Бета", "Петров"), ("ООО Гамма", None),
    ]  # fmt: skip
    # The manager types a visit; the next build keeps it and plans from it.
    book.close()
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
    assert any(name.startswith("xl/tables/") for name in names)
    visits = openpyxl.load_workbook(path)
    visits["Визиты"].append(["ООО Гамма", dt.datetime(2026, 12, 18), "Смирнов", "знакомство"])
    visits.save(path)
    build_on(path, sales, "2026-12-20")
    book = openpyxl.load_workbook(path)
    assert book["Визиты"]["A3"].value == "ООО Гамма" and book["Визиты"]["D3"].value == "знакомство"
    assert ("средний", "2027-01-17", "ООО Гамма", "Смирнов", "Визит", "Визит до 17 января: последний 18 декабря 2026\u00a0г.") in plan_rows(path)  # fmt: skip


def test_key_clients_link_to_their_first_plan_item(workbook):
    path, sales = workbook
    result = build(path, [sales], top_n=3, today=dt.date(2026, 12, 20))
    links = result.context.key_columns["plan"]
    by_client = dict(zip(result.analysis.key["client_key"], result.analysis.key["client"], strict=True))
    shown = {by_client[key]: (link.text, link.value) for key, link in links.items()}
    sheet = openpyxl.load_workbook(path)["План работы"]
    first = {}
    for row in sheet.iter_rows(min_row=DATA_ROW):
        first.setdefault(row[2].value, row[2].row)
    counts = pd.Series([row[2] for row in sheet.iter_rows(min_row=DATA_ROW, values_only=True)]).value_counts()
    for client in ("ООО Альфа", "ООО Бета", "ООО Гамма"):
        formula, value = shown[client]
        assert value == t("plan.link", "ru", items=Count(int(counts[client]), "item"))
        assert formula == f'=HYPERLINK("#\'План работы\'!C{first[client]}","{value}")'
    # Гамма's items besides the alerts: visit, contacts, event, birthday, 3 stale, 2 holidays.
    assert sum(1 for row in plan_rows(path) if row[2] == "ООО Гамма") == 9


def test_a_user_sheet_named_like_the_plan_moves_the_links_with_ours(workbook):
    path, sales = workbook
    build_on(path, sales, "2026-12-20")
    book = openpyxl.load_workbook(path)
    book["План работы"].title = "План работы старый"  # renamed: the manager's now
    book.create_sheet("План работы")["A1"] = "мой план"
    book.save(path)
    result = build(path, [sales], top_n=3, today=dt.date(2026, 12, 20))
    assert "План работы (2)" in openpyxl.load_workbook(path).sheetnames
    assert all("#'План работы (2)'!C" in link.text for link in result.context.key_columns["plan"])


# ---------------------------------------------------------------- the calendar


def events_of(path: Path) -> dict[str, tuple]:
    events = {}
    for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
        events[str(event["summary"])] = (event.decoded("dtstart"), event.decoded("dtend"), str(event["uid"]))
    return events


def test_the_calendar_event_by_event_with_stable_uids(workbook, tmp_path):
    path, sales = workbook
    result = build(path, [sales], top_n=3, today=dt.date(2026, 12, 20))
    first = run("calendar", path, "--out", tmp_path / "plan.ics", "--today", "2026-12-20")
    assert first.exit_code == 0, first.output
    assert " ".join(first.output.split()) == f"Календарь записан: {tmp_path / 'plan.ics'} (9 событий)."
    events = events_of(tmp_path / "plan.ics")
    day = dt.date.fromisoformat
    at = dt.datetime(2027, 1, 15, 18, 0)
    assert {summary: (start, end) for summary, (start, end, _) in events.items()} == {
        "Визит (срочно): ООО Бета": (day("2026-12-20"), day("2026-12-21")),
        "Визит (срочно): ООО Гамма": (day("2026-12-20"), day("2026-12-21")),
        "Визит: ООО Альфа": (day("2026-12-31"), day("2027-01-01")),
        "День рождения: Глеб (ООО Гамма)": (day("2026-12-25"), day("2026-12-26")),
        "День рождения: Ольга (ООО Альфа)": (day("2027-01-05"), day("2027-01-06")),
        "Новогодний приём: пригласить ООО Альфа, ООО Бета, ООО Гамма": (day("2026-12-24"), day("2026-12-25")),
        "ПродЭкспо: пригласить ООО Альфа": (at, at + dt.timedelta(hours=1)),
        "Поздравить: Новый год (ООО Альфа, ООО Бета, ООО Гамма)": (day("2027-01-01"), day("2027-01-02")),
        "Поздравить: Рождество Христово (ООО Альфа, ООО Бета, ООО Гамма)": (day("2027-01-07"), day("2027-01-08")),
    }
    # The same UIDs on a second run, and the ones the build's own plan items give.
    second = run("calendar", path, "--out", tmp_path / "again.ics", "--today", "2026-12-20")
    assert second.exit_code == 0
    assert {s: e[2] for s, e in events_of(tmp_path / "again.ics").items()} == {s: e[2] for s, e in events.items()}
    plan = result.context.results["plan"].set_index("item_id")
    assert (
        events["Визит: ООО Альфа"][2] == uid("visit|ооо альфа|2026-12-01")
        and "visit|ооо альфа|2026-12-01" in plan.index
    )
    assert events["Новогодний приём: пригласить ООО Альфа, ООО Бета, ООО Гамма"][2] == uid(
        "event|новогодний приём|2026-12-24"
    )


def test_the_calendar_of_a_workbook_without_a_report_is_a_clear_error(workbook, tmp_path):
    path, _ = workbook
    result = run("calendar", path, "--out", tmp_path / "plan.ics")
    assert result.exit_code == 2
    assert "в книге нет отчёта" in " ".join(result.output.split()) and not (tmp_path / "plan.ics").exists()


# ---------------------------------------------------------------- the account card


def test_the_card_as_xlsx_holds_the_clients_facts(workbook, tmp_path):
    path, sales = workbook
    build_on(path, sales, "2026-12-20")
    result = run("card", path, "ооо альфа", "--out", tmp_path / "card.xlsx")
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tmp_path / "card.xlsx")["Карточка клиента"]
    values = {c.coordinate: c.value for row in sheet.iter_rows() for c in row if c.value is not None}
    assert values["A1"] == "Карточка клиента: ООО Альфа"
    assert values["A2"] == "На 20.12.2026 · Менеджер: Сидорова А."
    left = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(4, 20)}
    assert left["Ранг"] == 1 and left["Среднее в месяц"] == "1\u00a0000"
    assert left["Тренд"] is not None and left["Бизнес"] == "розница, 40 магазинов"
    assert left["Проверка остатков"] == "10.12.2026"
    assert [sheet.cell(r, 5).value for r in range(5, 9)] == ["Иван Петров", "Ольга", "Семён", "Зоя"]
    plan = [sheet.cell(r, 2).value for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "31.12.2026"]
    assert plan == ["Визит до 31 декабря: последний 1 декабря 2026\u00a0г."]
    assert sheet.page_setup.orientation == "portrait" and int(sheet.page_setup.paperSize) == 9  # A4


def test_the_card_of_an_unknown_client(workbook, tmp_path):
    path, sales = workbook
    build_on(path, sales, "2026-12-20")
    result = run("card", path, "ООО Омега", "--out", tmp_path / "card.xlsx")
    assert result.exit_code == 2
    assert "клиента «ООО Омега» нет на листе «Ключевые клиенты»" in " ".join(result.output.split())


def test_the_card_as_pdf_without_libreoffice_is_written_as_xlsx(workbook, tmp_path, monkeypatch):
    path, sales = workbook
    build_on(path, sales, "2026-12-20")
    monkeypatch.setattr("keyclients_xl.plan_outputs.find_soffice", lambda: None)
    result = run("card", path, "ООО Бета", "--out", tmp_path / "card.pdf")
    assert result.exit_code == 0, result.output
    assert "LibreOffice не установлен" in result.output
    assert (tmp_path / "card.xlsx").is_file() and not (tmp_path / "card.pdf").exists()


def test_the_card_prints_on_one_a4_portrait_page(workbook, tmp_path, soffice):
    path, sales = workbook
    build_on(path, sales, "2026-12-20")
    result = run("card", path, "ООО Гамма", "--out", tmp_path / "card.pdf")
    assert result.exit_code == 0, result.output
    info = subprocess.run(["pdfinfo", str(tmp_path / "card.pdf")], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(width), round(height)) == (595, 842)  # A4 portrait
    text = subprocess.run(["pdftotext", str(tmp_path / "card.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Карточка клиента: ООО Гамма" in text and "Визитов не записано" in text


def test_the_link_column_stands_before_what_to_do():
    from keyclients_xl.stages.plan import add_link_column

    columns = {"health": pd.Series(dtype=object), "what_to_do": pd.Series(dtype=object)}
    add_link_column(columns, pd.Series({"k": "link"}))
    assert list(columns) == ["health", "plan", "what_to_do"]
    alone: dict = {}
    add_link_column(alone, pd.Series({"k": "link"}))
    assert list(alone) == ["plan"]


def test_the_plan_sheet_in_english(workbook):
    path, sales = workbook
    build_on(path, sales, "2026-12-20", "--lang", "en")
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]  # a new sheet: the Russian one's name would be kept on a rebuild
    assert sheet["A1"].value == "Plan for the next 30 days" and sheet["A2"].value == "From"
    assert [c.value for c in sheet[HEADER_ROW]] == ["Priority", "Date", "Client", "Manager", "Topic", "What to do"]
    first = [c.value for c in sheet[DATA_ROW]]
    assert (first[0], first[2], first[4]) == ("high", "ООО Бета", "Visit")
    assert first[5] == "Visit overdue: the last one was on October 15, 2026 (66 days ago)"
    rules = {rule.formula[0] for cf in sheet.conditional_formatting for rule in cf.rules}
    assert rules == {'$A5="high"', '$A5="medium"'}


def test_the_python_api_mirrors_the_commands(workbook, tmp_path):
    import keyclients_xl

    path, sales = workbook
    keyclients_xl.build(path, [sales], top_n=3, today=dt.date(2026, 12, 20))
    calendar = keyclients_xl.calendar(path, today=dt.date(2026, 12, 20))
    assert (calendar.path, calendar.events, calendar.lang) == (path.with_suffix(".ics"), 9, "ru")
    card = keyclients_xl.account_card(path, "ООО Бета", tmp_path / "beta.xlsx")
    assert card.path == tmp_path / "beta.xlsx" and not card.pdf_missing
    assert openpyxl.load_workbook(card.path).active["A1"].value == "Карточка клиента: ООО Бета"


def test_the_json_summary_holds_the_plan_as_the_sheet_shows_it(workbook, tmp_path):
    """`--summary` lists the plan's items in the sheet's order, with the sheet's words (the
    sheet is checked cell by cell above), priorities and kinds as codes, dates as ISO days."""
    path, sales = workbook
    summary = tmp_path / "plan.json"
    build_on(path, sales, "2026-12-20", "--summary", summary)
    items = json.loads(summary.read_text(encoding="utf-8"))["plan"]
    sheet = openpyxl.load_workbook(path)["План работы"]
    shown = [row for row in sheet.iter_rows(min_row=DATA_ROW, values_only=True) if row[0]]
    words = {"высокий": "high", "средний": "medium", "низкий": "low"}
    assert [(words[row[0]], row[1].date().isoformat(), row[2], row[3], row[5]) for row in shown] == [
        (i["priority"], i["date"], i["client"], i["manager"], i["text"]) for i in items
    ]
    assert len(items) == 26
    [exhibition] = [i for i in items if i["text"].startswith("Пригласить: ПродЭкспо")]
    assert exhibition | {"item_id": None} == {
        "client": "ООО Альфа", "manager": "Сидорова А.", "kind": "event", "alert": None, "priority": "medium",
        "date": "2027-01-15", "time": "18:00", "text": "Пригласить: ПродЭкспо, 15 января, 18:00",
        "source": "events", "source_row": 3, "item_id": None,
    }  # fmt: skip
    alerts = [i for i in items if i["kind"] == "alert"]
    assert [i["alert"] for i in alerts] == ["review_due"] * 3 and {i["priority"] for i in alerts} == {"low"}
    assert {i["kind"] for i in items} - {"alert"} <= {
        "visit_never", "visit_overdue", "visit_due", "birthday", "holiday", "event", "missing_roles",
        "stale_stock_check", "stale_promo", "stale_illiquid_exchange",
    }  # fmt: skip


def test_card_and_calendar_never_write_over_the_workbook_or_a_file_they_did_not_write(workbook, tmp_path):
    """`card … --out KeyClients.xlsx` left the workbook with one sheet, the card, and no backup;
    `calendar --out` wrote iCalendar text over any file."""
    path, sales = workbook
    build_on(path, sales, "2026-12-20")
    before = path.read_bytes()
    for args in (["card", path, "ООО Бета", "--out", path], ["calendar", path, "--out", path, "--today", "2026-12-20"]):
        result = run(*args)
        assert result.exit_code == 2 and "--out указывает на саму книгу" in " ".join(result.output.split())
    assert path.read_bytes() == before
    notes = tmp_path / "notes.txt"
    notes.write_text("мои заметки", encoding="utf-8")
    result = run("calendar", path, "--out", notes, "--today", "2026-12-20")
    assert result.exit_code == 2 and "записала не эта команда" in " ".join(result.output.split())
    assert notes.read_text(encoding="utf-8") == "мои заметки"
    # What the command wrote itself is replaced next month, as before; anything else with --force.
    ics = tmp_path / "plan.ics"
    for _ in range(2):
        assert run("calendar", path, "--out", ics, "--today", "2026-12-20").exit_code == 0
    card = tmp_path / "card.xlsx"
    for _ in range(2):
        assert run("card", path, "ООО Бета", "--out", card).exit_code == 0
    assert run("calendar", path, "--out", notes, "--today", "2026-12-20", "--force").exit_code == 0
