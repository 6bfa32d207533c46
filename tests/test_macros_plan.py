"""The plan's ribbon buttons (Account card, Calendar) and the Account cards rows of a build inside
Excel, driven through the stand-in for xlwings' Book (no Excel on these machines)."""

from __future__ import annotations

import datetime as dt

import pytest
from fake_xlwings import FakeBook
from icalendar import Calendar
from test_macros import LINES, make_book

from keyclients_xl.deliver.appends import GREY_FORMULA
from keyclients_xl.excel import macros

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(macros, "today", lambda: TODAY)


def set_setting(book: FakeBook, key: str, value) -> None:
    sheet = book.sheets["Настройки"]
    row = next(r for (r, c), v in sheet.values.items() if c == 1 and v == key)
    sheet.values[(row, 2)] = value


def card_rows(book: FakeBook) -> list[tuple]:
    return [tuple(row[:2]) for row in book.grid("Карточки клиентов")[2:]]


def rebuild_with_a_new_key_client(book: FakeBook) -> None:
    """The top 2 from now on, and a big new client (ООО Дзета, Смирнов) in the lines: a build."""
    set_setting(book, "top_n", 2)
    lines = book.sheets["Выгрузка"]
    row = max(r for r, _ in lines.values) + 1
    lines.range((row, 1)).value = [dt.date(2026, 10, 20), "ООО Дзета", "Чай", 100, 10.0, 1000.0, "Смирнов", "Проведен"]
    macros.build_report(book)
    assert book.app.alerts == []


def test_a_build_adds_the_input_sheets_once_then_appends_and_greys_account_card_rows():
    book = make_book()
    macros.build_report(book)
    assert book.app.alerts == []
    names = [sheet.name for sheet in book.sheets]
    for name in ("План работы", "Контакты", "Визиты", "Мероприятия", "Карточки клиентов"):
        assert name in names
    assert card_rows(book) == [("ООО Альфа", "Иванов"), ("ООО Бета", "Петров"), ("ИП Гамма", "Петров")]
    cards = book.sheets["Карточки клиентов"]
    [table] = cards.tables
    assert table.ref == "A2:J5"
    cards.values[(3, 3)] = "сеть из 12 магазинов"  # the manager's own words stay

    # Гамма leaves the top 2; a new big client joins: appended under the Table, Гамма's row greyed.
    rebuild_with_a_new_key_client(book)
    assert card_rows(book) == [("ООО Альфа", "Иванов"), ("ООО Бета", "Петров"), ("ИП Гамма", "Петров"),
                               ("ООО Дзета", "Смирнов")]  # fmt: skip
    assert cards.values[(3, 3)] == "сеть из 12 магазинов"
    assert cards.formats[(6, 1)] == "@"  # the name written as text, whatever it starts with
    assert table.ref == "A2:J6" and cards.tables == [table]
    # Альфа and Дзета are the top 2 now: Бета (row 4) and Гамма (row 5) are grey, as one range.
    assert [(c.address, c.Formula1, c.Interior.Color) for c in cards.format_conditions] == [
        ("A4:J5", "=" + GREY_FORMULA, 0xD9D9D9)
    ]
    # Back to the top 20: the grey goes, nothing is appended twice.
    set_setting(book, "top_n", 20)
    macros.build_report(book)
    assert cards.format_conditions == [] and len(card_rows(book)) == 4


def test_inside_excel_a_new_card_goes_into_the_table_above_its_totals_row():
    """Through ListRows.Add, as Excel's Insert ▸ Table Row: the totals row and a note typed under the
    Table move down. Before, the card went under the sheet's last row and the Table grew over it."""
    book = make_book()
    macros.build_report(book)
    cards = book.sheets["Карточки клиентов"]
    [table] = cards.tables
    cards.values[(6, 1)] = "Итог"  # the manager turns the Total Row on
    table.ref, table.totals = "A2:J6", 1
    cards.values[(8, 1)] = "позвонить в бухгалтерию"
    rebuild_with_a_new_key_client(book)
    assert [cards.values.get((r, 1)) for r in range(3, 10)] == [
        "ООО Альфа", "ООО Бета", "ИП Гамма", "ООО Дзета", "Итог", None, "позвонить в бухгалтерию"
    ]  # fmt: skip
    assert table.ref == "A2:J7"


def test_inside_excel_a_renamed_contacts_sheet_is_still_read_and_no_empty_one_is_added():
    book = make_book()
    macros.build_report(book)
    book.sheets["Контакты"].name = "Контакты клиентов"
    macros.build_report(book)
    assert book.app.alerts == []
    names = [sheet.name for sheet in book.sheets]
    assert "Контакты клиентов" in names and "Контакты" not in names


def test_the_account_card_button_shows_the_selected_clients_card():
    book = make_book()
    macros.build_report(book)
    book.selection = book.sheets["Ключевые клиенты"].range((6, 4))  # ООО Бета's row (rank 2)
    macros.show_account_card(book)
    assert book.app.alerts == []
    card = book.sheets["Карточка клиента"]
    assert card.values[(1, 1)] == "Карточка клиента: ООО Бета"
    assert book.active == "Карточка клиента"
    values = {card.values.get((r, 1)): card.values.get((r, 2)) for r in range(4, 10)}
    assert values["Ранг"] == 2
    # From the Plan sheet too (a row naming the client), and the card sheet is replaced, not added.
    plan = book.sheets["План работы"]
    plan_row = next(r for (r, c), v in plan.values.items() if c == 3 and v == "ИП Гамма")
    book.selection = plan.range((plan_row, 6))
    macros.show_account_card(book)
    assert book.sheets["Карточка клиента"].values[(1, 1)] == "Карточка клиента: ИП Гамма"
    assert [s.name for s in book.sheets].count("Карточка клиента") == 1


def test_the_account_card_button_on_a_row_without_a_client():
    book = make_book()
    macros.build_report(book)
    book.selection = book.sheets["Мои заметки"].range((1, 1))
    macros.show_account_card(book)
    assert book.app.alerts == [
        ("Ключевые клиенты", "Выберите строку ключевого клиента (например, на листе «Ключевые клиенты») "
                             "и нажмите кнопку ещё раз.")
    ]  # fmt: skip


def test_the_calendar_button_saves_the_ics_beside_the_workbook(tmp_path):
    book = make_book()
    macros.build_report(book)
    book.fullname = str(tmp_path / "KeyClients.xlsm")
    macros.save_calendar(book)
    path = tmp_path / "KeyClients.ics"
    events = [str(e["summary"]) for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")]
    # Today 27 November, to 26 December: no visit recorded, no default holiday, no contacts, no
    # events: one visit due today for each key client.
    assert sorted(events) == sorted(f"Визит (срочно): {client}" for client in {line[1] for line in LINES})
    [(title, message)] = book.app.alerts
    assert message.startswith(f"Календарь сохранён: {path} (3 события).")


def test_the_calendar_button_of_an_unsaved_workbook():
    book = make_book()
    macros.build_report(book)
    macros.save_calendar(book)  # fullname 'KeyClients.xlsm': never saved, no folder
    assert book.app.alerts == [("Ключевые клиенты", "Сначала сохраните книгу: календарь записывается рядом с ней.")]
