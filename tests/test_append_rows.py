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
