"""The ribbon macros, driven through a stand-in for xlwings' Book (no Excel on these machines)."""

import datetime as dt

import pandas as pd
import pytest
import xlwings
from fake_xlwings import FakeBook

from keyclients_xl import macros
from keyclients_xl.report import settings_sheet
from keyclients_xl.report.key_clients import HEADER_ROW
from keyclients_xl.settings import Settings

LINES = [
    # Date, client, product, qty, price, amount, manager, status
    (dt.date(2026, 8, 5), "ООО Альфа", "Чай", 10, 10.0, 100.0, "Иванов", "Проведен"),
    (dt.date(2026, 9, 5), "ООО Альфа", "Чай", 10, 10.0, 100.0, "Иванов", "Проведен"),
    (dt.date(2026, 10, 5), "ООО Альфа", "Чай", 40, 10.0, 400.0, "Иванов", "Проведен"),
    (dt.date(2026, 8, 6), "ООО Бета", "Кофе", 9, 10.0, 90.0, "Петров", "Проведен"),
    (dt.date(2026, 10, 6), "ООО Бета", "Кофе", 3, 10.0, 30.0, "Петров", "Проведен"),
    (dt.date(2026, 10, 7), "ООО Бета", "Кофе", 100, 10.0, 1000.0, "Петров", "Отменен"),
    (dt.date(2026, 10, 31), "ИП Гамма", "Чай", 1, 60.0, 60.0, "Петров", "Проведен"),
]
HEADERS = ["Дата", "Контрагент", "Номенклатура", "Количество", "Цена", "Сумма", "Менеджер", "Статус"]


def settings_rows(**changes):
    spec = settings_sheet(Settings(lang="ru", **changes), "ru", {"xlwings_version": xlwings.__version__})
    rows = max(c.row for c in spec.cells)
    grid = [[None] * 3 for _ in range(rows)]
    for cell in spec.cells:
        grid[cell.row - 1][cell.col - 1] = cell.value
    return grid


def make_book(lines=LINES, **settings):
    book = FakeBook()
    book.add_sheet("Выгрузка", [["Вставьте строки"], HEADERS, *[list(line) for line in lines]])
    book.add_sheet("По месяцам", [["Или таблицу по месяцам"], ["Контрагент", "авг 2026"]])
    book.add_sheet("Настройки", settings_rows(**settings))
    book.add_sheet("Мои заметки", [["позвонить Альфе"], [42]])
    return book


def key_table(book):
    """Rows of the Key clients table: from the header row down to the first empty row (the notes follow)."""
    grid = book.grid("Ключевые клиенты")
    header, rows = grid[HEADER_ROW - 1], []
    for row in grid[HEADER_ROW:]:
        if row[0] is None:
            break
        rows.append(row)
    return pd.DataFrame(rows, columns=header)


def test_build_report_puts_the_key_client_sheet_into_the_open_book():
    book = make_book()
    macros.build_report(book)
    assert book.app.alerts == []
    table = key_table(book)
    # Aug–Oct: Альфа 100+100+400 = 600 → 200; Бета 90+0+30 = 120 → 40 (the cancelled line dropped);
    # Гамма 0+0+60 → 20.
    assert table["Клиент"].tolist() == ["ООО Альфа", "ООО Бета", "ИП Гамма"]
    assert table["авг 2026"].tolist() == [100, 90, 0]
    assert table["сен 2026"].tolist() == [100, 0, 0]
    assert table["Среднее в месяц"].tolist() == [f"=AVERAGE(C{r}:E{r})" for r in range(HEADER_ROW + 1, HEADER_ROW + 4)]
    assert table["Ключевой"].tolist() == ["Да", "Да", "Да"]
    assert book.active == "Ключевые клиенты"
    assert book.app.status_bar_history[0] == "Ключевые клиенты: чтение листов…"
    assert book.app.status_bar_history[-1] is False  # the status bar is given back to Excel
    assert all(b.closed for b in book.app.open_books)  # the temporary workbook is closed


def test_user_sheets_stay_untouched_and_a_second_build_replaces_the_report():
    book = make_book()
    macros.build_report(book)
    names_after_first = [s.name for s in book.sheets]
    notes = dict(book.sheets["Мои заметки"].cells)
    macros.build_report(book)
    assert [s.name for s in book.sheets] == names_after_first
    assert names_after_first.count("Ключевые клиенты") == 1
    assert dict(book.sheets["Мои заметки"].cells) == notes
    assert book.sheets["Выгрузка"].cells[(3, 2)] == "ООО Альфа"


def test_the_settings_sheet_is_read_back():
    book = make_book(top_n=1)
    macros.build_report(book)
    assert key_table(book)["Ключевой"].fillna("").tolist() == ["Да", "", ""]


def test_a_failed_copy_leaves_the_book_as_it_was():
    book = make_book()
    macros.build_report(book)
    before = {s.name: dict(s.cells) for s in book.sheets}
    book.fail_on_copy = len(book._sheets) + 1  # the first sheet copies, the second fails
    macros.build_report(book)
    assert {s.name: dict(s.cells) for s in book.sheets} == before
    title, message = book.app.alerts[-1]
    assert title == "Ключевые клиенты" and "Excel refused to copy the sheet" in message


def test_bad_input_is_shown_in_a_message_box_naming_the_cell():
    lines = [*LINES[:2], (dt.date(2026, 10, 5), "ООО Альфа", "Чай", 1, 1.0, "сто", "Иванов", "Проведен")]
    book = make_book(lines)
    macros.build_report(book)
    title, message = book.app.alerts[-1]
    assert "лист «Выгрузка»" in message and "строка 5" in message and "столбец F «Сумма»" in message
    assert "Ключевые клиенты" not in [s.name for s in book.sheets]


def test_empty_input_sheets_say_what_to_do():
    book = make_book(lines=[])
    macros.build_report(book)
    assert "«Выгрузка» и «По месяцам»" in book.app.alerts[-1][1]


def test_xlwings_version_mismatch_names_the_fix(monkeypatch):
    book = make_book()
    monkeypatch.setattr(xlwings, "__version__", "9.9.9")
    macros.build_report(book)
    recorded = book.sheets["Настройки"].range((1, 1), (40, 2)).value
    book_version = next(row[1] for row in recorded if row[0] == "xlwings_version")
    message = book.app.alerts[-1][1]
    assert "9.9.9" in message and f'pip install "xlwings=={book_version}"' in message
    assert "Ключевые клиенты" not in [s.name for s in book.sheets]  # nothing was built


def test_import_exports_fills_the_input_sheet_and_builds(tmp_path):
    one, two = tmp_path / "aug.csv", tmp_path / "sep_oct.csv"
    one.write_text("Дата;Покупатель;Сумма\n05.08.2026;ООО Дельта;1 000,50\n", encoding="cp1251")
    two.write_text("Дата;Покупатель;Сумма\n05.09.2026;ООО Дельта;500\n31.10.2026;ООО Эпсилон;30\n", encoding="utf-8")
    book = make_book()
    macros.import_exports(f"{one}|{two}", book)
    assert book.app.alerts == []
    lines = book.sheets["Выгрузка"]
    assert lines.range((3, 1), (5, 6)).value == [
        [dt.date(2026, 8, 5), "ООО Дельта", None, None, None, 1000.5],
        [dt.date(2026, 9, 5), "ООО Дельта", None, None, None, 500.0],
        [dt.date(2026, 10, 31), "ООО Эпсилон", None, None, None, 30.0],
    ]
    assert (6, 2) not in lines.cells  # the old lines are gone
    table = key_table(book)
    assert table["Клиент"].tolist() == ["ООО Дельта", "ООО Эпсилон"]


def test_save_snapshot_keeps_values(monkeypatch):
    book = make_book()
    macros.save_snapshot(book)
    grid = book.grid("Снимок 2026-10")
    assert grid[4][:2] == [1, "ООО Альфа"] and grid[4][5] == pytest.approx(200.0)
    assert "Снимок сохранён" in book.app.alerts[-1][1]


def test_help_and_settings_buttons():
    book = make_book()
    macros.show_help(book)
    assert book.app.alerts[-1][1].startswith("1. Вставьте выгрузку")
    macros.show_settings(book)
    assert book.active == "Настройки"


def test_a_build_keeps_the_recorded_xlwings_version():
    book = make_book()
    macros.build_report(book)
    rows = book.sheets["Настройки"].range((1, 1), (60, 2)).value
    assert ["xlwings_version", xlwings.__version__] in rows
    assert not any(row[0] == "as_of" for row in rows)  # a one-off choice is never stored
