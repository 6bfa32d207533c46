"""The manager's input sheets: their specs, drawn by the renderer and read back by openpyxl and
calamine, and the reader that turns them into tidy frames."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from keyclients_xl.errors import KeyClientsError
from keyclients_xl.read.manager_inputs import (
    ManagerInputs,
    read_cards,
    read_contacts,
    read_events,
    read_manager_inputs,
    read_visits,
)
from keyclients_xl.read.sources import SheetRows, load_sheets
from keyclients_xl.render.excel import render_workbook
from keyclients_xl.report.manager_inputs import (
    ACCOUNT_CARDS,
    CONTACTS,
    account_card_changes,
    account_cards_sheet,
    contacts_sheet,
    events_sheet,
    input_sheet,
    manager_input_sheets,
    visits_sheet,
)

EN_HEADERS = {
    "Contacts": ["Client", "Role", "Name", "Phone", "Email", "Birthday"],
    "Visits": ["Client", "Date", "Manager", "Note"],
    "Events": ["Event", "Date", "Invited clients (separated by ;)"],
    "Account cards": [
        "Client", "Manager", "Business (how and to whom it sells)", "Competitors it buys from",
        "Agreed bonuses and terms", "Last promo announced (date)", "Stock check (date)",
        "Illiquid exchange (date)", "Defects / expired replaced (date)", "Notes",
    ],
}  # fmt: skip
RU_HEADERS = {
    "Контакты": ["Клиент", "Роль", "ФИО", "Телефон", "Эл. почта", "День рождения"],
    "Визиты": ["Клиент", "Дата", "Менеджер", "Заметка"],
    "Мероприятия": ["Мероприятие", "Дата", "Приглашённые клиенты (через ;)"],
    "Карточки клиентов": [
        "Клиент", "Менеджер", "Бизнес (как и кому продаёт)", "У каких конкурентов закупает",
        "Согласованные бонусы и условия", "Последняя акция объявлена (дата)", "Проверка остатков (дата)",
        "Обмен неликвида (дата)", "Замена брака / просрочки (дата)", "Заметки",
    ],
}  # fmt: skip


@pytest.mark.parametrize(("lang", "expected"), [("en", EN_HEADERS), ("ru", RU_HEADERS)])
def test_sheets_have_the_issues_columns_in_order(lang, expected):
    specs = manager_input_sheets(lang)
    assert [spec.name for spec in specs] == list(expected)
    for spec in specs:
        headers = expected[spec.name]
        assert [spec.value_at(2, col) for col in range(1, len(headers) + 1)] == headers
        assert spec.value_at(2, len(headers) + 1) is None


def test_rendered_sheets_hold_tables_and_role_drop_downs(tmp_path):
    path = tmp_path / "inputs.xlsx"
    render_workbook(manager_input_sheets("ru")).save(path)
    book = openpyxl.load_workbook(path)
    tables = {name: (sheet.title, ref) for sheet in book for name, ref in sheet.tables.items()}
    assert tables == {
        "Contacts": ("Контакты", "A2:F3"),
        "Visits": ("Визиты", "A2:D3"),
        "Events": ("Мероприятия", "A2:C3"),
        "AccountCards": ("Карточки клиентов", "A2:J3"),
    }
    contacts = book["Контакты"]
    [rule] = contacts.data_validations.dataValidation
    assert rule.type == "list"
    assert rule.formula1 == '"владелец,склад,логистика,бухгалтерия,закупки,другое"'
    assert str(rule.sqref) == "B3:B2000"
    assert all(not book[name].data_validations.dataValidation for name in ("Визиты", "Мероприятия"))
    # English drop-down words on an English sheet.
    en = input_sheet(CONTACTS, "en").validations[0]
    assert en.options == ("owner", "warehouse", "logistics", "accounting", "purchasing", "other")


def _sheet(name: str, rows: list[list]) -> SheetRows:
    return SheetRows("KeyClients.xlsm", name, [["instructions"], *rows])


def test_contacts_read_roles_in_either_language_and_birthdays_with_or_without_a_year():
    contacts = read_contacts(
        _sheet(
            "Контакты",
            [
                ["Клиент", "Роль", "ФИО", "Телефон", "Эл. почта", "День рождения"],
                ["  ООО   Ромашка ", "Владелец", "Иван Петров", 79161234567.0, None, "29.02"],
                ["ООО Ромашка", "warehouse", "Ольга", "+7 916 000-00-00", "olga@example.com", dt.datetime(1985, 7, 3)],
                [None, None, None, None, None, None],
                ["Бета", None, "Пётр", None, None, "15.03.1970"],
            ],
        )
    )
    assert contacts["row"].tolist() == [3, 4, 6]
    assert contacts["client"].tolist() == ["ООО Ромашка", "ООО Ромашка", "Бета"]
    assert contacts["client_key"].tolist() == ["ооо ромашка", "ооо ромашка", "бета"]
    assert contacts["role"].tolist()[:2] == ["owner", "warehouse"] and pd.isna(contacts["role"][2])
    assert contacts["phone"].tolist()[:2] == ["79161234567", "+7 916 000-00-00"]
    assert contacts["birth_day"].tolist() == [29, 3, 15]
    assert contacts["birth_month"].tolist() == [2, 7, 3]
    assert contacts["birth_year"].tolist() == [pd.NA, 1985, 1970]


def test_a_birthday_excel_took_for_a_number_is_a_day_and_month_or_an_error():
    """'10.12' typed in an English Excel is the number 10.12: it was read as serial day 10, 10
    January 1900, and no December greeting came; a year alone (1975) was a day of 1905. Two
    decimals are a day and a month; a number that cannot be one is named, not guessed."""
    header = ["Клиент", "Роль", "ФИО", "Телефон", "Эл. почта", "День рождения"]
    contacts = read_contacts(_sheet("Контакты", [header, ["ООО Ромашка", None, "Иван", None, None, 10.12]]))
    assert (contacts["birth_day"][0], contacts["birth_month"][0], contacts["birth_year"][0]) == (10, 12, pd.NA)
    for value in (1975, 5.1):
        with pytest.raises(KeyClientsError) as error:
            read_contacts(_sheet("Контакты", [header, ["ООО Ромашка", None, "Иван", None, None, value]]))
        assert error.value.key == "error.bad_date" and str(value) in error.value.message("ru")


def test_events_split_invited_clients_and_keep_a_time_of_day():
    events = read_events(
        _sheet(
            "Events",
            [
                ["Event", "Date", "Invited clients"],  # the header without its hint reads too
                ["Expo", dt.datetime(2026, 12, 20, 18, 30), "ООО Ромашка; Бета ;; "],
                ["New Year party", "24.12.2026", "*"],
                ["Seminar", "2027-01-15 10:00", None],
            ],
        )
    )
    assert events["invited"].tolist() == [("ООО Ромашка", "Бета"), (), ()]
    assert events["everyone"].tolist() == [False, True, False]
    assert events["date"].tolist() == [
        pd.Timestamp("2026-12-20"),
        pd.Timestamp("2026-12-24"),
        pd.Timestamp("2027-01-15"),
    ]
    assert events["time"].tolist() == [dt.time(18, 30), None, dt.time(10, 0)]
    invitations = ManagerInputs(None, None, events, None).invitations
    assert invitations[["event", "client_key", "everyone"]].fillna("—").values.tolist() == [
        ["Expo", "ооо ромашка", False],
        ["Expo", "бета", False],
        ["New Year party", "—", True],
    ]


def test_columns_are_found_by_header_whatever_their_order():
    visits = read_visits(
        _sheet("Visits", [["Note", "Client", "Manager", "Date"], ["talked stock", "Бета", "Иванов", 46000]])
    )
    assert visits[["client", "date", "manager", "note"]].values.tolist() == [
        ["Бета", pd.Timestamp("2025-12-09"), "Иванов", "talked stock"]  # Excel serial 46000 (openpyxl agrees)
    ]


@pytest.mark.parametrize(
    ("sheet", "reader", "rows", "key", "where"),
    [
        (
            "Визиты",
            read_visits,
            [
                ["Клиент", "Дата", "Менеджер", "Заметка"],
                ["Бета", "01.12.2026", None, None],
                ["Бета", "вчера", None, None],
            ],
            "error.bad_date",
            "лист «Визиты», строка 4, столбец B «Дата»: не дата: «вчера».",
        ),
        (
            "Контакты",
            read_contacts,
            [
                ["Клиент", "Роль", "ФИО", "Телефон", "Эл. почта", "День рождения"],
                ["Бета", "директор", None, None, None, None],
            ],
            "error.bad_role",
            "лист «Контакты», строка 3, столбец B «Роль»: роль «директор» не из списка: "
            "владелец, склад, логистика, бухгалтерия, закупки, другое.",
        ),
        (
            "Контакты",
            read_contacts,
            [
                ["Клиент", "Роль", "ФИО", "Телефон", "Эл. почта", "День рождения"],
                ["Бета", None, None, None, None, "31.02"],
            ],
            "error.bad_date",
            "лист «Контакты», строка 3, столбец F «День рождения»: не дата: «31.02».",
        ),
        (
            "Визиты",
            read_visits,
            [["Клиент", "Дата", "Менеджер", "Заметка"], [None, "01.12.2026", "Иванов", None]],
            "error.input_required",
            "лист «Визиты», строка 3, столбец A «Клиент»: строка заполнена, но пусто обязательное поле «Клиент».",
        ),
        (
            "Визиты",
            read_visits,
            [["Клиент", "Дата", "Заметка"], ["Бета", "01.12.2026", None]],
            "error.input_missing_columns",
            "лист «Визиты», строка 2: нет столбцов: «Менеджер». "
            "Заголовки должны быть во второй строке: «Клиент», «Дата», «Менеджер», «Заметка».",
        ),
    ],
)
def test_bad_cells_name_sheet_row_and_column(sheet, reader, rows, key, where):
    with pytest.raises(KeyClientsError) as info:
        reader(_sheet(sheet, rows))
    assert info.value.key == key
    assert info.value.message("ru") == "файл «KeyClients.xlsm», " + where


def test_bad_role_message_lists_the_roles_in_the_message_language():
    rows = [["Client", "Role", "Name", "Phone", "Email", "Birthday"], ["Beta", "boss", None, None, None, None]]
    with pytest.raises(KeyClientsError) as info:
        read_contacts(_sheet("Contacts", rows))
    assert info.value.message("en").endswith(
        "column B 'Role': role 'boss' is not one of: owner, warehouse, logistics, accounting, purchasing, other."
    )


def test_sheets_written_by_the_renderer_read_back_through_calamine(tmp_path):
    contacts = pd.DataFrame(
        {"client": ["Альфа", "Бета"], "role": ["бухгалтерия", "закупки"], "name": ["Анна", "Борис"],
         "birthday": [dt.date(1990, 1, 5), "29.02"]}
    )  # fmt: skip
    visits = pd.DataFrame({"client": ["Альфа"], "date": [dt.date(2026, 12, 1)], "manager": ["Сидоров"]})
    events = pd.DataFrame(
        {"event": ["Выставка"], "date": [dt.datetime(2027, 1, 15, 18, 0)], "invited": ["Альфа; Бета"]}
    )
    key_clients = pd.DataFrame({"client_key": ["альфа", "бета"], "client": ["Альфа", "Бета"]})
    path = tmp_path / "book.xlsx"
    specs = [contacts_sheet("ru", contacts), visits_sheet("ru", visits), events_sheet("ru", events)]
    render_workbook([*specs, account_cards_sheet("ru", key_clients)]).save(path)

    inputs = read_manager_inputs(load_sheets(path))
    assert inputs.contacts[["client_key", "role", "name", "birth_day", "birth_month"]].values.tolist() == [
        ["альфа", "accounting", "Анна", 5, 1],
        ["бета", "purchasing", "Борис", 29, 2],
    ]
    assert inputs.visits[["row", "client_key", "date", "manager"]].values.tolist() == [
        [3, "альфа", pd.Timestamp("2026-12-01"), "Сидоров"]
    ]
    assert inputs.events[["event", "date", "time", "invited"]].values.tolist() == [
        ["Выставка", pd.Timestamp("2027-01-15"), dt.time(18, 0), ("Альфа", "Бета")]
    ]
    assert inputs.cards[["row", "client_key"]].values.tolist() == [[3, "альфа"], [4, "бета"]]
    assert inputs.cards["stock_check"].isna().all()


def test_missing_sheets_read_as_empty_frames():
    inputs = read_manager_inputs([SheetRows("book.xlsx", "Ключевые клиенты", [["x"]])])
    assert inputs.contacts.empty and inputs.visits.empty and inputs.events.empty and inputs.cards.empty
    assert "birth_month" in inputs.contacts and "stock_check" in inputs.cards
    assert inputs.invitations.empty


def test_a_sheet_is_found_under_its_name_in_the_other_language():
    rows = [["Клиент", "Дата", "Менеджер", "Заметка"], ["Бета", "01.12.2026", None, None]]
    inputs = read_manager_inputs([_sheet("Visits", rows)])
    assert inputs.visits["client"].tolist() == ["Бета"]


def test_account_cards_get_rows_for_new_key_clients_and_grey_for_those_who_left():
    cards = read_cards(
        _sheet(
            "Карточки клиентов",
            [
                [f"{h} (дата)" if i >= 5 else h for i, h in enumerate(RU_HEADERS["Карточки клиентов"])],
                ["Альфа", "Сидоров"] + [None] * 8,
                ["Старый клиент", None, "опт"] + [None] * 7,
                ["Бета"] + [None] * 9,
            ],
        )
    )
    key_clients = pd.DataFrame(
        {"client_key": ["гамма", "альфа", "бета", "дельта"], "client": ["Гамма", "Альфа", "Бета", "Дельта"],
         "manager": ["Петров", "Сидоров", None, None]}
    )  # fmt: skip
    changes = account_card_changes(cards, key_clients)
    assert list(changes.new_rows.columns) == list(ACCOUNT_CARDS.fields)
    assert changes.new_rows[["client", "manager"]].values.tolist() == [["Гамма", "Петров"], ["Дельта", None]]
    assert changes.new_rows.drop(columns=["client", "manager"]).isna().all(axis=None)
    assert changes.grey_rows == [4]  # 'Старый клиент' left the list; its row stays
    # A client who comes back loses its grey: the set is complete each time.
    back = pd.concat([key_clients, pd.DataFrame({"client_key": ["старый клиент"], "client": ["Старый клиент"]})])
    assert account_card_changes(cards, back).grey_rows == []


def test_a_new_account_cards_sheet_lists_the_key_clients():
    key_clients = pd.DataFrame(
        {"client_key": ["альфа", "бета"], "client": ["Альфа", "Бета"], "manager": ["Сидоров", None]}
    )
    spec = account_cards_sheet("en", key_clients)
    assert [spec.value_at(r, 1) for r in (3, 4)] == ["Альфа", "Бета"]
    assert spec.value_at(3, 2) == "Сидоров" and spec.value_at(4, 2) is None
    assert spec.tables[0].ref == "A2:J4"


def test_visit_dates_and_birthdays_typed_as_slash_text_follow_the_headers_language():
    """'05/11/2026' typed as text, with no day above 12 to prove an order: a Russian sheet's visit
    was read as 11 May; the exports' rule holds here too (day first under Russian headers)."""
    russian = [
        ["Клиент", "Дата", "Менеджер", "Заметка"],
        ["Бета", "05/11/2026", None, None],
        ["Бета", "12/11/2026", None, None],
    ]
    english = [
        ["Client", "Date", "Manager", "Note"],
        ["Beta", "05/11/2026", None, None],
        ["Beta", "12/11/2026", None, None],
    ]
    visits = read_manager_inputs([_sheet("Визиты", russian)]).visits
    assert visits["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-11-05", "2026-11-12"]
    visits = read_manager_inputs([_sheet("Visits", english)]).visits
    assert visits["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-05-11", "2026-12-11"]
    contacts = [
        ["Клиент", "Роль", "ФИО", "Телефон", "Эл. почта", "День рождения"],
        ["Бета", None, "Иванов", None, None, "05/11/1980"],
    ]
    born = read_manager_inputs([_sheet("Контакты", contacts)]).contacts
    assert born[["birth_day", "birth_month", "birth_year"]].iloc[0].tolist() == [5, 11, 1980]


def test_a_tables_totals_row_is_no_client_but_total_logistics_is():
    header = ["Клиент", "Роль", "ФИО", "Телефон", "Эл. почта", "День рождения"]
    rows = [["Total Logistics", None, "Анна", None, None, None], ["Итог", None, 2, None, None, None]]
    contacts = read_contacts(_sheet("Контакты", [header, *rows, ["Итого:", None, None, None, None, None]]))
    assert contacts["client"].tolist() == ["Total Logistics"]
