"""The sheet specs: where values and formulas go, before any renderer is involved."""

import pandas as pd
import pytest

from keyclients_xl import KeyClientsError
from keyclients_xl.analyse.ranking import analyse
from keyclients_xl.analyse.window import Window
from keyclients_xl.read.notes import Note
from keyclients_xl.report import Formula, key_clients_sheet, read_settings_rows, settings_sheet
from keyclients_xl.report.key_clients import HEADER_ROW, SUMMARY_ROW
from keyclients_xl.settings import Settings

MONTHS = [pd.Period(m, freq="M") for m in ("2026-08", "2026-09", "2026-10")]


def analysis(table, months=MONTHS, **settings):
    rows = [
        {"client": c, "client_key": c.casefold(), "month": m, "amount": float(a)}
        for c, amounts in table.items()
        for m, a in zip(months, amounts, strict=True)
    ]
    return analyse(pd.DataFrame(rows).astype({"month": "period[M]"}), Window(list(months)), Settings(**settings))


def test_key_client_sheet_layout_and_formulas():
    spec = key_clients_sheet(analysis({"Альфа": [90, 0, 30], "Бета": [50, 50, 50]}, top_n=1), "ru", [])
    # Header row 4: rank, client, 3 months, average (F), share (G), cumulative (H), ABC, XYZ, months, key (L)
    assert HEADER_ROW == 4
    assert [spec.value_at(4, c) for c in range(1, 13)] == [
        "Ранг", "Клиент", "авг 2026", "сен 2026", "окт 2026", "Среднее в месяц", "Доля", "Накопленная доля",
        "ABC", "XYZ", "Месяцев с отгрузками", "Ключевой",
    ]  # fmt: skip
    assert spec.value_at(5, 2) == "Бета" and spec.value_at(6, 2) == "Альфа"
    assert [spec.value_at(6, c) for c in (3, 4, 5)] == [90.0, 0.0, 30.0]  # a zero, never a blank
    # Cached values by hand: Альфа (90 + 0 + 30) / 3 = 40, Бета 50; shares of 90.
    assert spec.value_at(6, 6) == Formula("=AVERAGE(C6:E6)", pytest.approx(40.0))
    # One denominator: the positive averages; a client without one shows "—".
    assert spec.value_at(6, 7) == Formula('=IF(F6>0,F6/SUMIF(F$5:F$6,">0"),"—")', pytest.approx(40 / 90))
    assert spec.value_at(6, 8) == Formula('=IF(F6>0,SUM(G$5:G6),"—")', pytest.approx(1.0))
    assert spec.value_at(5, 7) == Formula('=IF(F5>0,F5/SUMIF(F$5:F$6,">0"),"—")', pytest.approx(50 / 90))
    assert spec.value_at(5, 12) == "Да" and spec.value_at(6, 12) is None
    assert spec.value_at(4, 13) == "Комментарий"  # the manager's own column, last in the Table
    assert spec.tables[0].ref == "A4:M6"
    assert spec.header_row == 4 and spec.freeze is None  # the renderer freezes below the header only
    assert spec.conditional[0].formula == '$L5="Да"'
    assert spec.print_area == "A1:M6"


def test_summary_figures_sit_under_their_labels_in_two_rows():
    spec = key_clients_sheet(analysis({"Альфа": [90, 0, 30], "Бета": [50, 50, 50]}, top_n=1), "ru", ["заметка"])
    labels = {cell.value: cell.col for cell in spec.cells if cell.style == "tile_label"}
    assert list(labels) == [
        "Клиентов с отгрузками", "Ключевых клиентов", "Продажи за период", "Доля ключевых в продажах",
        "Клиентов на 80 % продаж",
    ]  # fmt: skip
    assert {cell.row for cell in spec.cells if cell.style == "tile_label"} == {SUMMARY_ROW} == {2}
    assert spec.value_at(3, labels["Клиентов с отгрузками"]) == Formula('=COUNTIF(F$5:F$6,">0")', 2)
    assert spec.value_at(3, labels["Ключевых клиентов"]) == Formula('=COUNTIF(L5:L6,"Да")', 1)
    # Sales: (90 + 0 + 30) + (50 + 50 + 50) = 270 = (40 + 50) × 3 months.
    assert spec.value_at(3, labels["Продажи за период"]) == Formula('=SUMIF(F$5:F$6,">0")*3', pytest.approx(270.0))
    # Each label and its figure span the same columns, inside the table's width (A–L).
    assert max(labels.values()) <= 12
    assert spec.value_at(1, 3) == (
        "авг 2026 – окт 2026 · Топ-1 по среднему в месяц (выручка) · 1 замечание под таблицей"
    )


def test_client_names_that_look_like_formulas_stay_text():
    spec = key_clients_sheet(analysis({'=HYPERLINK("http://x","y")': [1, 1, 1]}), "en", [])
    assert spec.value_at(HEADER_ROW + 1, 2) == '=HYPERLINK("http://x","y")'  # a str, which the renderer writes as text


def test_many_notes_go_below_the_table_and_point_to_the_settings_sheet():
    notes = [f"note {i}" for i in range(12)]
    spec = key_clients_sheet(analysis({"A": [1, 1, 1]}), "en", notes)
    # One client: the table ends on row 5; a blank row, the heading, then the notes.
    assert spec.value_at(7, 1) == "Notes"
    shown = [spec.value_at(row, 1) for row in range(8, 16)]
    assert shown[:7] == [f"• note {i}" for i in range(7)]
    assert shown[7] == "• …and 5 more: all notes are on the Settings sheet."
    assert "A8:M8" in spec.merged and spec.print_area == "A1:M15"  # across the table, Comment included
    assert spec.value_at(1, 3).endswith("· 12 notes below the table")
    settings = settings_sheet(Settings(), "en", {}, notes)
    assert {c.value for c in settings.cells} >= {f"• note {i}" for i in range(12)}


def test_one_month_window_has_no_xyz():
    result = analysis({"A": [5], "B": [3]}, months=MONTHS[-1:])
    assert result.table["xyz"].tolist() == ["", ""]


def test_settings_sheet_round_trip_without_as_of():
    settings = Settings(rule="cumulative", top_n=7, months=4, as_of="2026-10", abc_a=70, lang="en")
    spec = settings_sheet(settings, "en", {"xlwings_version": "0.37.8"})
    grid = [[None] * 3 for _ in range(max(c.row for c in spec.cells))]
    for cell in spec.cells:
        grid[cell.row - 1][cell.col - 1] = cell.value
    items = read_settings_rows(grid)
    assert "as_of" not in items and "xlwings_version" not in items
    back = Settings.from_items(items)
    assert back.as_of is None
    assert (back.rule, back.top_n, back.months, back.abc_a, back.lang) == ("cumulative", 7, 4, 70.0, "en")


def test_notes_are_localized():
    note = Note(
        "note.date_order",
        {"file": "@a.csv", "column": "Date", "order": Note("note.order_md"), "reason": Note("note.order_assumed")},
    )
    assert "month/day (US)" in note.text("en") and "no value proves it" in note.text("en")
    assert "'@a.csv'" in note.text("en")  # a file name starting with @ is just text
    assert "месяц/день (США)" in note.text("ru")


def test_settings_with_a_fixed_set_of_values_have_drop_downs(tmp_path):
    from openpyxl import load_workbook

    from keyclients_xl.render import render_workbook

    path = tmp_path / "s.xlsx"
    render_workbook([settings_sheet(Settings(), "ru")]).save(path)
    sheet = load_workbook(path)["Настройки"]
    keys = {sheet.cell(row, 1).value: f"B{row}" for row in range(4, 20)}
    drop_downs = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert drop_downs == {
        keys["rule"]: '"Топ N,Топ N %,Накопленные 80 %"',
        keys["measure"]: '"Выручка,Валовая прибыль,Количество"',
        keys["abc_boundary"]: '"В верхний класс,В нижний класс"',
        keys["lang"]: '"ru,en"',
        keys["input_source"]: '"Строки документов,По месяцам"',
    }
    assert sheet[keys["rule"]].value == "Топ N" and sheet[keys["measure"]].value == "Выручка"
    for validation in sheet.data_validations.dataValidation:  # a typed value outside the list is refused
        assert validation.showErrorMessage and validation.errorStyle == "stop"
        assert validation.error.startswith("Выберите одно из значений списка: ")
    rule = next(v for v in sheet.data_validations.dataValidation if str(v.sqref) == keys["rule"])
    assert rule.error == "Выберите одно из значений списка: Топ N, Топ N %, Накопленные 80 %."


@pytest.mark.parametrize(
    ("rule", "measure", "expected"),
    [
        ("Топ N %", "Валовая прибыль", ("top_share", "profit")),
        ("top_n", "gross_profit", ("top_n", "profit")),  # abc_measure's old code
        ("Cumulative 80 %", "Quantity", ("cumulative", "quantity")),
        ("накопленные 80%", "выручка", ("cumulative", "revenue")),  # case and spaces do not matter
        ("top_n", "revenue", ("top_n", "revenue")),  # the codes, as older workbooks hold them
        ("Top N", "Количество", ("top_n", "quantity")),  # either language, whatever the sheet's
    ],
)
def test_settings_words_in_either_language_are_read_back(rule, measure, expected):
    settings = Settings.from_items({"rule": rule, "measure": measure})
    assert (settings.rule, settings.measure) == expected


def test_an_unknown_settings_word_is_named_in_the_error():
    with pytest.raises(KeyClientsError) as error:
        Settings.from_items({"rule": "Топ 10"})
    assert "«Топ 10»" in error.value.message("ru") and "rule" in error.value.message("ru")


def test_default_language_from_the_environment_and_the_windows_locale(monkeypatch):
    import locale

    from keyclients_xl.i18n import default_lang

    for var in ("KEYCLIENTS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(locale, "getlocale", lambda: ("Russian_Russia", "1251"))
    assert default_lang() == "ru"
    monkeypatch.setattr(locale, "getlocale", lambda: (None, None))
    assert default_lang() == "en"
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert default_lang() == "ru"
    monkeypatch.setenv("KEYCLIENTS_LANG", "en")
    assert default_lang() == "en"


def test_comments_read_back_from_the_sheets_cells_are_the_ones_written():
    """The Excel route reads comments from cells: what key_clients_sheet writes (the Comment
    column and the archive of clients who left) reads back the same."""
    from keyclients_xl.report.key_clients import comments_from_rows

    comments = {"Бета": "звонить по вторникам", "Гамма": "ушёл к конкуренту"}  # Гамма is not in the table
    spec = key_clients_sheet(analysis({"Альфа": [90, 0, 30], "Бета": [50, 50, 50]}), "ru", ["заметка"], None, comments)
    cells = spec.every_cell()
    grid = [[None] * 20 for _ in range(max(cell.row for cell in cells))]
    for cell in cells:
        grid[cell.row - 1][cell.col - 1] = cell.value
    assert comments_from_rows(grid) == comments
