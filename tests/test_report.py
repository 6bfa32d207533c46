"""The sheet specs: where values and formulas go, before any renderer is involved."""

import pandas as pd
import pytest

from keyclients_xl.analyse.ranking import analyse
from keyclients_xl.analyse.window import Window
from keyclients_xl.read.notes import Note
from keyclients_xl.report import Formula, key_clients_sheet, read_settings_rows, settings_sheet
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
    # Header row 10: rank, client, 3 months, average (F), share (G), cumulative (H), ABC, XYZ, months, key (L)
    assert [spec.value_at(10, c) for c in range(1, 13)] == [
        "Ранг", "Клиент", "авг 2026", "сен 2026", "окт 2026", "Среднее в месяц", "Доля", "Накопленная доля",
        "ABC", "XYZ", "Месяцев с отгрузками", "Ключевой",
    ]  # fmt: skip
    assert spec.value_at(11, 2) == "Бета" and spec.value_at(12, 2) == "Альфа"
    assert [spec.value_at(12, c) for c in (3, 4, 5)] == [90.0, 0.0, 30.0]  # a zero, never a blank
    # Cached values by hand: Альфа (90 + 0 + 30) / 3 = 40, Бета 50; shares of 90.
    assert spec.value_at(12, 6) == Formula("=AVERAGE(C12:E12)", pytest.approx(40.0))
    assert spec.value_at(12, 7) == Formula("=F12/SUM(F$11:F$12)", pytest.approx(40 / 90))
    assert spec.value_at(12, 8) == Formula("=SUM(G$11:G12)", pytest.approx(1.0))
    assert spec.value_at(11, 7) == Formula("=F11/SUM(F$11:F$12)", pytest.approx(50 / 90))
    assert spec.value_at(11, 12) == "Да" and spec.value_at(12, 12) is None
    assert spec.value_at(10, 13) == "Комментарий"  # the manager's own column, last in the Table
    assert spec.tables[0].ref == "A10:M12"
    assert spec.freeze == "C11"
    assert spec.conditional[0].formula == '$L11="Да"'


def test_client_names_that_look_like_formulas_stay_text():
    spec = key_clients_sheet(analysis({'=HYPERLINK("http://x","y")': [1, 1, 1]}), "en", [])
    assert spec.value_at(11, 2) == '=HYPERLINK("http://x","y")'  # a str, which the renderer writes as text


def test_many_notes_point_to_the_settings_sheet():
    notes = [f"note {i}" for i in range(12)]
    spec = key_clients_sheet(analysis({"A": [1, 1, 1]}), "en", notes)
    shown = [spec.value_at(row, 6) for row in range(2, 10)]
    assert shown[:7] == [f"• note {i}" for i in range(7)]
    assert shown[7] == "• …and 5 more: all notes are on the Settings sheet."
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
    keys = {sheet.cell(row, 1).value: f"B{row}" for row in range(4, 16)}
    drop_downs = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert drop_downs == {
        keys["rule"]: '"top_n,top_share,cumulative"',
        keys["abc_measure"]: '"revenue,gross_profit,quantity"',
        keys["lang"]: '"ru,en"',
    }


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
