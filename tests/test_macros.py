"""The ribbon macros, driven through a stand-in for xlwings' Book (no Excel on these machines)."""

import csv
import datetime as dt
import re

import pandas as pd
import xlwings
from fake_xlwings import FakeBook, TypedFormula

from keyclients_xl.excel import macros
from keyclients_xl.i18n import all_translations
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
    changes = {"lang": "ru", **changes}
    spec = settings_sheet(Settings(**changes), changes["lang"], {"xlwings_version": xlwings.__version__})
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
    notes = dict(book.sheets["Мои заметки"].values)
    macros.build_report(book)
    assert [s.name for s in book.sheets] == names_after_first
    assert names_after_first.count("Ключевые клиенты") == 1
    assert dict(book.sheets["Мои заметки"].values) == notes
    assert book.sheets["Выгрузка"].values[(3, 2)] == "ООО Альфа"


def test_the_settings_sheet_is_read_back():
    book = make_book(top_n=1)
    macros.build_report(book)
    assert key_table(book)["Ключевой"].fillna("").tolist() == ["Да", "", ""]


def test_a_failed_copy_leaves_the_book_as_it_was():
    book = make_book()
    macros.build_report(book)
    before = {s.name: dict(s.values) for s in book.sheets}
    book.fail_on_copy = len(book._sheets) + 1  # the first sheet copies, the second fails
    macros.build_report(book)
    assert {s.name: dict(s.values) for s in book.sheets} == before
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
    recorded = book.sheets["Настройки"].range((1, 1), (200, 2)).value
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
    assert (6, 2) not in lines.values  # the old lines are gone
    table = key_table(book)
    assert table["Клиент"].tolist() == ["ООО Дельта", "ООО Эпсилон"]


def history_rows(book, month="2026-10"):
    """The History sheet's rows of one month: (client, rank, average)."""
    return [tuple(row[1:4]) for row in book.grid("История") if row[0] == month]


def test_old_snapshot_button_builds_and_history_keeps_the_month():
    """Workbooks made before History still have the Month snapshot button: it builds the report,
    the month goes onto History, and a message says snapshots are no longer needed."""
    book = make_book()
    macros.save_snapshot(book)
    assert not [s.name for s in book.sheets if s.name.startswith("Снимок")]
    # Aug–Oct: Альфа 600 / 3 = 200, Бета 120 / 3 = 40, Гамма 60 / 3 = 20.
    assert history_rows(book) == [("ООО Альфа", 1, 200), ("ООО Бета", 2, 40), ("ИП Гамма", 3, 20)]
    title, message = book.app.alerts[-1]
    assert message == "Снимки месяца больше не нужны: отчёт построен, и месяц сохранён на листе «История»."


def test_history_of_the_same_month_rebuilt_stays_on_the_same_sheet_once():
    book = make_book()
    macros.build_report(book)
    history = book.sheets["История"]
    book.sheets["Выгрузка"].values[(3, 6)] = 1000.0  # Альфа's August: 100 → 1000
    macros.build_report(book)
    assert book.sheets["История"] is history and users_sheets_deleted(book) == []
    # October replaced, not added: Альфа (1000 + 100 + 400) / 3 = 500.
    assert history_rows(book) == [("ООО Альфа", 1, 500), ("ООО Бета", 2, 40), ("ИП Гамма", 3, 20)]


def test_a_receivables_file_picked_twice_in_the_dialog_is_imported_once(tmp_path):
    from receivables_fixtures import debts_with_due_dates

    due = debts_with_due_dates(tmp_path / "Долги.xlsx")
    once, twice = make_book(), make_book()
    macros.import_receivables(f"{due}", once)
    macros.import_receivables(f"{due}|{due}", twice)
    rows = [row for row in twice.grid("Дебиторка (ввод)")[3:] if row[0]]
    assert rows == [row for row in once.grid("Дебиторка (ввод)")[3:] if row[0]] and len(rows) == 4


def test_import_receivables_fills_the_input_sheet_and_builds(tmp_path):
    from receivables_fixtures import aging_by_documents, debts_with_due_dates

    aging = aging_by_documents(tmp_path / "По срокам.xlsx")
    due = debts_with_due_dates(tmp_path / "Долги.xlsx")
    book = make_book()
    macros.import_receivables(f"{aging}|{due}", book)
    assert book.app.alerts == []
    grid = book.grid("Дебиторка (ввод)")
    assert grid[1][0] == "Задолженность на 31.10.2026 (импорт: По срокам.xlsx, Долги.xlsx)"
    assert grid[2][:5] == ["Клиент", "Долг", "Просрочено", "Дней просрочки", "Срок оплаты"]
    rows = [row for row in grid[3:] if row[0]]
    assert [row[0] for row in rows] == ['ООО "Альфа"'] * 3 + ["ИП Гамма", "АО Омега"] + ['ООО "Альфа"'] * 2 + [
        "ИП Гамма",
        "АО Омега",
    ]
    # Days overdue from the due dates, at the file's own date (31.10.2026): 14.09 → 47, 24.11 → 0,
    # 01.07 → 122, 15.08 → 77; the aging report states none (its intervals are kept).
    assert [row[3] for row in rows] == [None] * 5 + [47, 0, 122, 77]
    assert rows[0][5:9] == [0, 50_000, 0, 0]  # Альфа's first document: 31–60 days
    report = book.grid("Дебиторка")
    alpha = next(row for row in report if row[1] == "ООО Альфа")  # 'ООО "Альфа"' folds to the sales name
    # Альфа: 120 000 (aging) + 70 000 (due dates) = 190 000 debt; overdue 70 000 + 50 000; buckets
    # 0–30: 20 000; 31–60: 50 000 (aging) + 50 000 (47 days); the oldest line 47 days.
    assert alpha[5:13] == [190_000, 120_000, 70_000, 20_000, 100_000, 0, 0, 47]
    # A build without importing reads the same debts back from the input sheet.
    macros.build_report(book)
    assert next(row for row in book.grid("Дебиторка") if row[1] == "ООО Альфа") == alpha


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


# ---- a rebuild keeps the report sheet (issue 7 §2) ---------------------------------------------


def users_sheets_deleted(book):
    """Deleted sheets other than the macro's own temporary copies (kc_new_…) and the Dashboard,
    which a rebuild swaps for its new copy (its charts read that sheet; excel/open_book.py)."""
    dashboard = all_translations("sheet.dashboard")
    return [name for name in book.deleted if not name.startswith("kc_new_") and name not in dashboard]


def test_a_rebuild_keeps_the_sheet_object_and_replaces_its_contents():
    """In Excel, deleting the report sheet turns the user's formulas pointing at it
    (='Ключевые клиенты'!F11) into #REF!: the sheet object must stay, only its contents change."""
    book = make_book()
    macros.build_report(book)
    report = book.sheets["Ключевые клиенты"]
    report.values[(200, 1)] = "left over from an older, longer report"
    for name in report.names:  # which wrote row 200: its marker says so (cells typed elsewhere stay)
        if name.local == "_KeyClients":
            name.refers_to = name.refers_to[:-1] + ';A200"'
        elif name.local == "_KeyClientsCells":
            name.refers_to += ",'Ключевые клиенты'!$A$200"
    book.sheets["Выгрузка"].values[(3, 6)] = 1000.0  # Альфа's August: 100 → 1000
    macros.build_report(book)

    assert book.app.alerts == []
    assert users_sheets_deleted(book) == []  # no #REF! anywhere
    assert book.sheets["Ключевые клиенты"] is report
    assert [s.name for s in book.sheets].count("Ключевые клиенты") == 1
    assert not any(s.name.startswith("kc_new_") for s in book.sheets)
    assert (200, 1) not in report.values  # cleared first
    # Альфа: (1000 + 100 + 400) / 3 = 500, the new numbers on the same sheet
    assert key_table(book).loc[0, ["Клиент", "авг 2026"]].tolist() == ["ООО Альфа", 1000]
    # What a cell copy brings: formats, conditional formats, column widths, the Table.
    # The Table: rank … key (L), then Health (M), Comment (N), the link to the plan (O), What to do (P).
    assert [(t.name, t.ref) for t in report.tables] == [("KeyClients", f"A{HEADER_ROW}:P{HEADER_ROW + 3}")]
    assert report.conditional and all(formula.startswith("$") for _, formula in report.conditional)
    assert report.widths["B"] > 20
    assert report.formats[(HEADER_ROW + 1, 6)] != "General"  # the average's money format
    # What it does not bring: the print area is set from the spec; the frozen panes stay.
    area = re.fullmatch(r"A1:N(\d+)", report.page_setup.print_area)  # through Comment; What to do is for the screen
    assert area and int(area[1]) > HEADER_ROW + 3  # the table and the notes below it
    assert report.freeze == f"A{HEADER_ROW + 1}"  # as when the sheet was first copied in


def test_a_language_switch_renames_the_same_sheet():
    """Built in English last time, in Russian now: the same sheet object, renamed (Excel then
    rewrites the formulas that name it)."""
    book = make_book(lang="en")
    macros.build_report(book)
    english, settings = book.sheets["Key clients"], book.sheets["Settings"]
    settings_cell = next(key for key, value in settings.values.items() if value == "lang")
    settings.values[(settings_cell[0], 2)] = "ru"
    macros.build_report(book)
    assert book.sheets["Ключевые клиенты"] is english
    assert book.sheets["Настройки"] is settings
    assert "Key clients" not in [s.name for s in book.sheets] and users_sheets_deleted(book) == []


def test_a_users_own_sheet_named_like_ours_is_never_touched():
    """A sheet of the user's called "Key clients" (no marker, no KeyClients Table) stays as it is;
    ours gets a free name, and the next build finds ours by its marker."""
    book = make_book()
    theirs = book.add_sheet("Ключевые клиенты", [["мой собственный список"], ["Альфа", 1]])
    before = dict(theirs.values)
    macros.build_report(book)
    assert book.app.alerts == []
    assert book.sheets["Ключевые клиенты"] is theirs and theirs.values == before
    ours = book.sheets["Ключевые клиенты (2)"]
    macros.build_report(book)
    assert book.sheets["Ключевые клиенты (2)"] is ours and theirs.values == before
    assert [s.name for s in book.sheets].count("Ключевые клиенты (2)") == 1


# ---- the Import button writes text as text (issue 8, Excel-route injection) ---------------------


def test_import_writes_text_cells_as_text(tmp_path):
    """Excel parses text written through Range.value as if typed: '=…' becomes a formula,
    '+7 …' a number. Text columns get the Text format ("@") before the values go in."""
    export = tmp_path / "hostile.csv"
    with export.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, delimiter=";").writerows(
            [
                ["Дата", "Покупатель", "Номенклатура", "Менеджер", "Сумма"],
                ["05.08.2026", '=HYPERLINK("http://example.com/x";"Альфа")', "Чай", "+7 912 000-00-00", "100"],
                ["05.09.2026", "-Бета", "@Кофе", "001", "50"],
                ["05.10.2026", "1/2", "=1+1", "Петров", "30"],
            ]
        )
    book = make_book()
    macros.import_exports(str(export), book)
    assert book.app.alerts == []
    lines = book.sheets["Выгрузка"]
    cells = [v for key, v in lines.values.items() if key[0] >= 3]
    assert not [v for v in cells if isinstance(v, TypedFormula)]
    clients = [lines.values[(row, 2)] for row in (3, 4, 5)]
    assert clients == ['=HYPERLINK("http://example.com/x";"Альфа")', "-Бета", "1/2"]
    assert [lines.values[(row, 3)] for row in (3, 4, 5)] == ["Чай", "@Кофе", "=1+1"]
    assert [lines.values[(row, 7)] for row in (3, 4, 5)] == ["+7 912 000-00-00", "001", "Петров"]
    assert {lines.formats[(row, col)] for row in (3, 4, 5) for col in (2, 3, 7)} == {"@"}
    assert lines.formats.get((3, 1), "General") != "@" and lines.formats.get((3, 6), "General") != "@"
    assert lines.values[(3, 6)] == 100.0  # numbers stay numbers
    assert key_table(book)["Клиент"].tolist()[0] == '=HYPERLINK("http://example.com/x";"Альфа")'


def test_the_fake_turns_unformatted_text_into_formulas_as_excel_does():
    """The check above means something only if the fake does what Excel does."""
    sheet = FakeBook().add_sheet("S")
    sheet.range((1, 1)).value = [["=1+1", "+7 912", "001", "text"]]
    assert isinstance(sheet.values[(1, 1)], TypedFormula) and isinstance(sheet.values[(1, 2)], TypedFormula)
    assert sheet.values[(1, 3)] == 1.0 and sheet.values[(1, 4)] == "text"


# ---- the by-month sheet's headers (issue 7 §6) ---------------------------------------------------

MONTHS_2026 = ["Контрагент", dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1)]


def months_book(header, lines=()):
    book = make_book(lines=list(lines))
    sheet = book.sheets["По месяцам"]
    sheet.range((2, 1)).value = [header, ["ООО Альфа", 100.0, 200.0, 300.0], ["ООО Бета", 50.0, 0.0, 10.0]]
    return book


def notes_of(book):
    rows = book.grid("Настройки")
    return [row[0] for row in rows if isinstance(row[0], str) and row[0].startswith("• ")]


def test_current_month_headers_give_no_note(monkeypatch):
    monkeypatch.setattr(macros, "today", lambda: dt.date(2026, 11, 15))
    book = months_book(MONTHS_2026)
    macros.build_report(book)
    assert book.app.alerts == []
    assert not [note for note in notes_of(book) if "По месяцам" in note]


def test_month_headers_older_than_the_last_full_month_are_noted(monkeypatch):
    """Last year's labels left above this year's numbers: today is 15 Nov 2026, the last
    full month October 2026, the headers end in October 2025."""
    monkeypatch.setattr(macros, "today", lambda: dt.date(2026, 11, 15))
    book = months_book(["Контрагент", dt.date(2025, 8, 1), dt.date(2025, 9, 1), dt.date(2025, 10, 1)])
    macros.build_report(book)
    assert book.app.alerts == []
    assert [note for note in notes_of(book) if "По месяцам" in note] == [
        "• Последний месяц в заголовках листа «По месяцам» — октябрь 2025, хотя последний полный месяц — "
        "октябрь 2026: если цифры новые, вставьте и их заголовки."
    ]


def test_month_headers_behind_the_document_lines_are_noted(monkeypatch):
    monkeypatch.setattr(macros, "today", lambda: dt.date(2026, 11, 15))
    # Both input sheets hold data: the document lines count (input_source), and they reach November.
    later = [
        (dt.date(2026, month, 3), "ООО Гамма", "Чай", 1, 10.0, 10.0, "Иванов", "Проведен") for month in (9, 10, 11)
    ]
    book = months_book(MONTHS_2026, later)
    macros.build_report(book)
    assert any(
        "Последний месяц в заголовках листа «По месяцам» — октябрь 2026, а в строках документов — ноябрь 2026" in note
        for note in notes_of(book)
    )


def test_comments_typed_in_excel_follow_their_client_through_a_rebuild():
    """The Comment column is the manager's: a rebuild from the ribbon carries it by client, and
    keeps a comment of a client who left the list in the archive below the notes."""
    book = make_book()
    macros.build_report(book)
    table = key_table(book)
    comment_col = list(table.columns).index("Комментарий") + 1
    row = HEADER_ROW + 1 + table.index[table["Клиент"] == "ООО Бета"][0]
    book.sheets["Ключевые клиенты"].values[(row, comment_col)] = "звонить по вторникам"
    book.sheets["Выгрузка"].values[(3, 6)] = 5000.0  # Альфа jumps ahead: Бета's row moves
    macros.build_report(book)
    table = key_table(book).set_index("Клиент")
    assert table.loc["ООО Бета", "Комментарий"] == "звонить по вторникам"
    assert table["Комментарий"].dropna().tolist() == ["звонить по вторникам"]


def test_cells_typed_beside_the_report_in_excel_stay_through_a_rebuild():
    """A note typed beside the key-client table and one under it, in Excel: the ribbon's rebuild
    clears the sheet (Cells.Clear) to copy the new report onto it, and both were gone, with no
    backup to find them in. They are put back at their address; a cell the new report needs is
    named, with its value, in a message."""
    book = make_book()
    macros.build_report(book)
    sheet = book.sheets["Ключевые клиенты"]
    notes_end = max(row for row, _ in sheet.values)
    sheet.values[(3, 20)] = "моя пометка"  # T3, beside the table
    sheet.values[(2, 4)] = "между"  # D2, between two of the figures above the table
    sheet.values[(notes_end + 3, 2)] = 42.5  # under the notes
    table_row = HEADER_ROW + 1  # the first key client's row, where the report writes again
    sheet.values[(table_row, 20)] = '=T3&"!"'  # a formula of the user's
    macros.build_report(book)
    assert (sheet.values[(3, 20)], sheet.values[(notes_end + 3, 2)]) == ("моя пометка", 42.5)
    assert sheet.values[(2, 4)] == "между"
    assert sheet.values[(table_row, 20)] == '=T3&"!"'
    assert book.app.alerts == []
    sheet.values[(HEADER_ROW + 2, 2)] = "поверх отчёта"  # in the report's own cells: ours, not kept
    sheet.values[(notes_end + 1, 1)] = "у самых замечаний"
    lines = book.sheets["Выгрузка"]  # one client more: the notes move down a row, onto A{notes_end + 1}
    lines.range((len(LINES) + 3, 1)).value = [
        [dt.date(2026, 10, 5), "ООО Дельта", "Чай", 1, 1.0, 1.0, "Иванов", "Проведен"]
    ]
    macros.build_report(book)
    moved = f"«Ключевые клиенты»!A{notes_end + 1}: у самых замечаний"
    said = f"Отчёт теперь занимает ячейки, где были ваши значения; перенесите их в другое место: {moved}"
    assert book.app.alerts == [("Ключевые клиенты", said)]
    assert "поверх отчёта" not in sheet.values.values() and sheet.values[(3, 20)] == "моя пометка"


def test_text_and_formats_typed_beside_the_report_in_excel_come_back_as_they_were():
    """Cells are put back through Range.Formula, which gives a text cell's text bare: written so,
    a client code '001 became the number 1, a phone '+7 912 345-67-89 a broken formula (Excel
    refuses it), 'ИСТИНА a boolean; and Cells.Clear took every cell's number format. Text comes
    back after Excel's text prefix, and each cell's number format with it."""
    book = make_book()
    macros.build_report(book)
    sheet = book.sheets["Ключевые клиенты"]
    typed = {20: "001", 21: "+7 912 345-67-89", 22: "ИСТИНА", 23: "'в кавычках'", 24: "Позвонить", 25: 0.125}
    for col, value in typed.items():
        sheet.values[(3, col)] = value
    sheet.values[(4, 20)] = 46000.0
    sheet.formats[(3, 25)], sheet.formats[(4, 20)] = "0.0%", "DD.MM.YYYY"
    macros.build_report(book)
    assert {col: sheet.values[(3, col)] for col in typed} == typed
    assert {type(sheet.values[(3, col)]) for col in typed} == {str, float}  # no text taken for a formula
    assert (sheet.formats[(3, 25)], sheet.values[(4, 20)], sheet.formats[(4, 20)]) == ("0.0%", 46000.0, "DD.MM.YYYY")
    assert (3, 24) not in sheet.formats  # General stays unset
    assert book.app.alerts == []


def test_a_row_inserted_inside_the_table_in_excel_is_said_and_the_cells_beside_still_stay():
    """Excel moves the marker's reference with the cells: a row inserted inside the key-client
    table makes its range one row longer, and what was typed in that row cannot be told from
    ours. The button says so; a note beside the table still stays."""
    book = make_book()
    macros.build_report(book)
    sheet = book.sheets["Ключевые клиенты"]
    inserted = HEADER_ROW + 2  # Excel's Insert: every cell from this row down moves down one
    sheet.values = {(r + (r >= inserted), c): v for (r, c), v in sheet.values.items()}
    sheet.values[(inserted, 2)] = "вставка"
    sheet.values[(3, 20)] = "моя пометка"
    cells = next(name for name in sheet.names if name.local == "_KeyClientsCells")
    assert "$A$4:$P$7" in cells.refers_to and "$A$9:$A$15" in cells.refers_to
    cells.refers_to = cells.refers_to.replace("$A$4:$P$7", "$A$4:$P$8").replace("$A$9:$A$15", "$A$10:$A$16")
    macros.build_report(book)
    said = (
        "На листе «Ключевые клиенты» после прошлого отчёта вставлены или удалены строки или столбцы внутри его таблиц"
    )
    assert len(book.app.alerts) == 1 and book.app.alerts[0][1].startswith(said)
    assert sheet.values[(3, 20)] == "моя пометка" and "вставка" not in sheet.values.values()


def test_a_users_own_history_sheet_never_stands_in_for_ours(monkeypatch):
    """The button reads History by our marker, as a build from the command line does: with a
    sheet of the user's called «История», ours is «История (2)» and keeps every month. The
    November data starts in September, so October cannot be seeded again: only kept."""
    book = make_book()
    theirs = book.add_sheet("История", [["Дата", "Событие"], ["2026-09-01", "Открыли склад в Казани"]])
    before = dict(theirs.values)
    monkeypatch.setattr(macros, "today", lambda: dt.date(2026, 11, 15))
    macros.build_report(book)
    november = [line for line in LINES if line[0].month >= 9]
    november.append((dt.date(2026, 11, 30), "ООО Альфа", "Чай", 10, 10.0, 100.0, "Иванов", "Проведен"))
    lines = book.sheets["Выгрузка"]
    lines.values.clear()
    lines.range((1, 1)).value = [["Вставьте строки"], HEADERS, *[list(line) for line in november]]
    monkeypatch.setattr(macros, "today", lambda: dt.date(2026, 12, 10))
    macros.build_report(book)
    ours = book.grid("История (2)")
    assert sorted({row[0] for row in ours if re.fullmatch(r"\d{4}-\d\d", str(row[0]))}) == ["2026-10", "2026-11"]
    # Sep–Nov: Альфа (100 + 400 + 100) / 3 = 200, Бета 30 / 3 = 10, Гамма 60 / 3 = 20.
    assert [tuple(row[1:4]) for row in ours if row[0] == "2026-11"] == [
        ("ООО Альфа", 1, 200), ("ИП Гамма", 2, 20), ("ООО Бета", 3, 10)
    ]  # fmt: skip
    assert theirs.values == before
