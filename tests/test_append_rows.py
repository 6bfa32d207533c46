"""Appending rows to a sheet the user owns: new rows under the last, the Table extended,
every existing cell and every other part unchanged."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.worksheet.table import Table
from package_fixtures import parts_of

from keyclients_xl import KeyClientsError
from keyclients_xl.deliver import append_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    """An account-card list the manager keeps: a Table over A1:C3, a date column, a second sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Карточки"
    sheet.append(["Клиент", "С даты", "Лимит"])
    sheet.append(["ООО Альфа", dt.datetime(2026, 1, 15), 100000])
    sheet.append(["ООО Бета", dt.datetime(2026, 3, 1), 50000])
    for row in (2, 3):
        sheet.cell(row, 2).number_format = "DD.MM.YYYY"
    sheet.add_table(Table(displayName="Cards", ref="A1:C3"))
    book.create_sheet("Заметки")["A1"] = "не трогать"
    path = tmp_path / "Карточки.xlsx"
    book.save(path)
    return path


def cells(xml: bytes) -> dict[str, bytes]:
    root = etree.fromstring(xml)
    return {c.get("r"): etree.tostring(c, method="c14n") for c in root.iter(f"{{{MAIN}}}c")}


def test_rows_are_appended_and_the_table_grows(cards: Path, tmp_path: Path):
    before = parts_of(cards)
    out = tmp_path / "out.xlsx"
    first = append_rows(cards, out, "Карточки", [["=НЕ формула", dt.date(2026, 11, 2), 75000.5], ["ИП Гамма", None, 0]])
    assert first == 4
    after = parts_of(out)
    old_cells, new_cells = cells(before["xl/worksheets/sheet1.xml"]), cells(after["xl/worksheets/sheet1.xml"])
    assert {ref: new_cells[ref] for ref in old_cells} == old_cells  # every existing cell as it was
    changed = {name for name in before if after.get(name) != before[name]}
    assert changed == {"xl/worksheets/sheet1.xml", "xl/tables/table1.xml"}

    book = openpyxl.load_workbook(out)
    sheet = book["Карточки"]
    assert sheet.tables["Cards"].ref == "A1:C5"
    assert [c.value for c in sheet[4]] == ["=НЕ формула", dt.datetime(2026, 11, 2), 75000.5]
    assert sheet["A4"].data_type == "s"  # text, never a formula
    assert sheet["B4"].number_format == "DD.MM.YYYY"  # the style of the cell above
    assert [c.value for c in sheet[5]] == ["ИП Гамма", None, 0]
    assert book["Заметки"]["A1"].value == "не трогать"


def test_appending_in_place_replaces_the_file_atomically(cards: Path):
    append_rows(cards, cards, "Карточки", [["ООО Дельта", dt.date(2026, 11, 3), 1]])
    assert openpyxl.load_workbook(cards)["Карточки"].tables["Cards"].ref == "A1:C4"
    assert [p.name for p in cards.parent.iterdir()] == [cards.name]
    with zipfile.ZipFile(cards) as package:
        assert package.testzip() is None


def test_a_missing_sheet_is_a_clear_error(cards: Path, tmp_path: Path):
    with pytest.raises(KeyClientsError) as caught:
        append_rows(cards, tmp_path / "out.xlsx", "Визиты", [["x"]])
    assert caught.value.key == "error.sheet_missing" and caught.value.where.sheet == "Визиты"


def with_totals_row(path: Path) -> None:
    """The Table over A1:C4 with a totals row (Excel's Table Design ▸ Total Row): 'Итог' and a count."""
    book = openpyxl.load_workbook(path)
    sheet = book["Карточки"]
    sheet["A4"], sheet["C4"] = "Итог", "=SUBTOTAL(103,Cards[Клиент])"
    table = sheet.tables["Cards"]
    table.ref, table.totalsRowCount = "A1:C4", 1
    table.autoFilter.ref = "A1:C3"
    book.save(path)


def test_new_rows_go_above_the_totals_row_which_moves_down(cards: Path, tmp_path: Path):
    """They went under the totals row, and the Table grew over them: the last new client became
    the totals row, and the old totals row counted itself."""
    with_totals_row(cards)
    out = tmp_path / "out.xlsx"
    assert append_rows(cards, out, "Карточки", [["ИП Гамма", None, 1], ["ООО Дельта", None, 2]]) == 4
    sheet = openpyxl.load_workbook(out)["Карточки"]
    assert [[c.value for c in row] for row in sheet["A4:C6"]] == [
        ["ИП Гамма", None, 1],
        ["ООО Дельта", None, 2],
        ["Итог", None, "=SUBTOTAL(103,Cards[Клиент])"],
    ]
    table = sheet.tables["Cards"]
    assert (table.ref, table.totalsRowCount, table.autoFilter.ref) == ("A1:C6", 1, "A1:C5")


def test_rows_formatted_ahead_are_filled_and_keep_their_format(cards: Path, tmp_path: Path):
    """The manager formatted B4:B200 as dates ahead: the new rows went to row 201, outside the Table."""
    book = openpyxl.load_workbook(cards)
    for row in range(4, 201):
        book["Карточки"].cell(row, 2).number_format = "D MMMM YYYY"
    book.save(cards)
    out = tmp_path / "out.xlsx"
    assert append_rows(cards, out, "Карточки", [["ИП Гамма", dt.date(2026, 11, 2), 1]]) == 4
    sheet = openpyxl.load_workbook(out)["Карточки"]
    assert sheet.tables["Cards"].ref == "A1:C4"
    assert [c.value for c in sheet[4]] == ["ИП Гамма", dt.datetime(2026, 11, 2), 1]
    assert sheet["B4"].number_format == "D MMMM YYYY"  # the user's own format, not the one above


def test_a_value_under_the_table_keeps_new_rows_outside_it_and_says_so(cards: Path, tmp_path: Path):
    """A note two rows under the Table: the rows cannot go in without moving it, so they go under it."""
    book = openpyxl.load_workbook(cards)
    book["Карточки"]["A5"] = "Позвонить в бухгалтерию"
    book.save(cards)
    from keyclients_xl.deliver.appends import SheetAppend, rows_fit_table
    from keyclients_xl.deliver.existing import open_existing

    change = SheetAppend((("ИП Гамма", None, 1), ("ООО Дельта", None, 2)))
    existing = open_existing(cards)
    try:
        part = next(sheet.part for sheet in existing.sheets if sheet.name == "Карточки")
        assert not rows_fit_table(existing.package, part, change)
        assert rows_fit_table(existing.package, part, SheetAppend((("ИП Гамма", None, 1),)))  # row 4 is free
    finally:
        existing.close()
    out = tmp_path / "out.xlsx"
    assert append_rows(cards, out, "Карточки", [list(row) for row in change.rows]) == 6
    sheet = openpyxl.load_workbook(out)["Карточки"]
    assert sheet["A5"].value == "Позвонить в бухгалтерию" and sheet.tables["Cards"].ref == "A1:C3"
    assert [sheet["A6"].value, sheet["A7"].value] == ["ИП Гамма", "ООО Дельта"]


def test_a_calculated_column_fills_the_new_rows(cards: Path, tmp_path: Path):
    def calculated(parts: dict) -> None:
        table = parts["xl/tables/table1.xml"].decode()
        table = table.replace(
            'name="Лимит"/>',
            'name="Лимит"><calculatedColumnFormula>Cards[[#This Row],[С даты]]+30'
            "</calculatedColumnFormula></tableColumn>",
        )
        parts["xl/tables/table1.xml"] = table.encode()

    from package_fixtures import _rewrite

    _rewrite(cards, calculated)
    out = tmp_path / "out.xlsx"
    append_rows(cards, out, "Карточки", [["ИП Гамма", dt.date(2026, 11, 2)]])
    assert openpyxl.load_workbook(out)["Карточки"]["C4"].value == "=Cards[[#This Row],[С даты]]+30"
