"""Our long sheets read back by calamine and a scan of their bytes (deliver/long_sheet.py): the
same values and the same user cells as lxml reads, and lxml wherever the fast route cannot vouch."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import numpy as np
import pytest
from package_fixtures import type_into
from test_splice import CLIENTS, write_export

from keyclients_xl import build
from keyclients_xl.deliver import long_sheet, open_existing
from keyclients_xl.deliver.sheet_read import read_sheet

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet_xml(rows: str) -> bytes:
    return f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'.encode()


def test_cell_places_are_read_from_the_references():
    data = sheet_xml(
        '<row r="3"><c r="B3"/><c r="AA3" s="1"><v>1</v></c></row>'
        '<row r="12"><c r="XFD12" t="inlineStr"><is><t>x</t></is></c><c r="A1048576"><v>2</v></c></row>'
    )
    rows, cols = long_sheet.cell_places(data)
    # AA = 26 + 1; XFD = 24·676 + 6·26 + 4 = 16,384, Excel's last column.
    assert rows.tolist() == [3, 3, 12, 1_048_576]
    assert cols.tolist() == [2, 27, 16_384, 1]


@pytest.mark.parametrize(
    "cells",
    [
        '<x:c r="A1"/>',  # a prefix: another writer's spelling (or another namespace)
        '<c s="1" r="A1"/>',  # the reference not first
        "<c r='A1'/>",  # single quotes
        "<c><v>1</v></c>",  # no reference: placed after its neighbour
        '<c r="a1"/>',  # lower-case letters
        '<!-- <c r="A1"/> --><c r="B1"/>',  # a comment could hide or fake a cell
        '<c r="A1"><is><t><![CDATA[x]]></t></is></c>',
        '<?pi <c r="Z9"/>?><c r="A1"/>',
    ],
)
def test_cells_spelled_otherwise_send_the_sheet_to_lxml(cells):
    assert long_sheet.cell_places(sheet_xml(f'<row r="1">{cells}</row>')) is None


def test_a_sheet_in_another_namespace_is_left_to_lxml():
    strict = sheet_xml('<row r="1"><c r="A1"/></row>').replace(
        MAIN.encode(), b"http://purl.oclc.org/ooxml/spreadsheetml/main"
    )
    assert long_sheet.cell_places(strict) is None


def test_places_outside_the_layout():
    rows, cols = np.array([1, 2, 5, 5, 9]), np.array([1, 3, 2, 7, 1])
    layout = ((1, 1, 1, 1), (2, 1, 5, 3))  # A1, and A2:C5
    assert long_sheet.outside(rows, cols, layout).tolist() == [False, False, False, True, True]


def test_calamine_values_take_the_types_the_lxml_reader_gives():
    rows = [
        ["", 5.0, 2.5, dt.date(2026, 11, 1), dt.timedelta(days=1, hours=12), "x", ""],
        [True, -0.0, 1e15, dt.datetime(2026, 11, 2, 12), dt.time(6), "", ""],
        ["", "", "", "", "", "", ""],
    ]
    assert long_sheet.as_cell_reader(rows) == [
        [None, 5, 2.5, dt.datetime(2026, 11, 1), dt.datetime(1900, 1, 1, 12), "x"],
        [True, 0, 1e15, dt.datetime(2026, 11, 2, 12), dt.time(6), None],
    ]
    converted = long_sheet.as_cell_reader(rows)
    assert type(converted[0][1]) is int and type(converted[1][2]) is float  # 10^15 is written 1E+15


def built(tmp_path: Path) -> Path:
    workbook = tmp_path / "KeyClients.xlsx"
    build(workbook, [write_export(tmp_path / "export.csv", CLIENTS)])
    return workbook


def lxml_read(existing, sheet):
    rows, found = read_sheet(existing.package, sheet.part, existing.reader, sheet.marker.covered)
    return rows, [(row, col, existing.reader.value(c)) for row, col, c in found]


def fast_read(existing, sheet, monkeypatch):
    monkeypatch.setattr(long_sheet, "FAST_FROM", 0)
    called = []
    monkeypatch.setattr(long_sheet, "calamine_rows", _spy(long_sheet.calamine_rows, called))
    rows = existing.rows(sheet)
    assert called, "the fast route was not taken"
    carried = existing.carried.get(sheet.part, [])  # none for an input sheet: it is the manager's
    return rows, [(c.row, c.col, existing.reader.value(c.element)) for c in carried]


def _spy(function, calls):
    def spied(*args, **kwargs):
        result = function(*args, **kwargs)
        calls.append(result is not None)
        return result

    return spied


def test_every_sheet_of_ours_reads_alike_by_either_route(tmp_path, monkeypatch):
    workbook = built(tmp_path)
    existing = open_existing(workbook)
    try:
        for sheet in existing.sheets:
            if sheet.marker is None or not sheet.marker.layout:
                continue
            slow = [[None if v == "" else v for v in row] for row in lxml_read(existing, sheet)[0]]
            fast = fast_read(existing, sheet, monkeypatch)
            # The one difference: an empty text (Settings' blank values) reads as an empty cell.
            assert fast[0] == slow and fast[1] == [], sheet.name
            types = {type(v) for row in fast[0] for v in row} - {type(None)}
            assert [type(v) for row in fast[0] for v in row] == [type(v) for row in slow for v in row], sheet.name
            assert types <= {str, int, float, bool, dt.datetime}, sheet.name
    finally:
        existing.close()


def test_the_users_cells_on_a_long_sheet_are_found_by_their_places(tmp_path, monkeypatch):
    """A text beside the table, a number under it, and a formula Excel never calculated (calamine
    sees no value in it): each is carried, copied by lxml once the scan has found its place."""
    workbook = built(tmp_path)
    type_into(workbook, "Ключевые клиенты", "T3", "моя пометка")
    type_into(workbook, "Ключевые клиенты", "B40", 42.5)
    type_into(workbook, "Ключевые клиенты", "C41", "=B40*2")
    existing = open_existing(workbook)
    try:
        sheet = existing.one("key_clients")
        slow = lxml_read(existing, sheet)
        rows, carried = fast_read(existing, sheet, monkeypatch)
        assert rows == slow[0] and carried == slow[1] == [(3, 20, "моя пометка"), (40, 2, 42.5), (41, 3, None)]
        formula = existing.carried[sheet.part][-1].element
        assert formula.findtext(f"{{{MAIN}}}f") == "B40*2"
    finally:
        existing.close()


def test_no_cell_outside_the_layout_means_no_lxml_pass(tmp_path, monkeypatch):
    workbook = built(tmp_path)
    existing = open_existing(workbook)
    passes = []
    import keyclients_xl.deliver.existing as module

    monkeypatch.setattr(module, "read_sheet", _spy(module.read_sheet, passes))
    try:
        rows, carried = fast_read(existing, existing.one("key_clients"), monkeypatch)
        assert carried == [] and passes == [] and rows
    finally:
        existing.close()


def rewrite_part(path: Path, part: str, edit) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[part] = edit(parts[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_an_error_value_sends_the_sheet_to_lxml(tmp_path, monkeypatch):
    """calamine reads #DIV/0! as an empty cell; lxml reads its text, as the build always did."""
    workbook = built(tmp_path)
    type_into(workbook, "Ключевые клиенты", "T3", 1)
    existing = open_existing(workbook)
    part = existing.one("key_clients").part
    existing.close()
    rewrite_part(workbook, part, lambda xml: xml.replace(b'<c r="T3"><v>1</v>', b'<c r="T3" t="e"><v>#DIV/0!</v>'))
    existing = open_existing(workbook)
    try:
        sheet = existing.one("key_clients")
        monkeypatch.setattr(long_sheet, "FAST_FROM", 0)
        assert long_sheet.calamine_rows(existing.package, existing.package.read(part), None, None, 1) is None
        assert existing.rows(sheet)[2][19] == "#DIV/0!"
        assert [(c.row, c.col) for c in existing.carried[part]] == [(3, 20)]
    finally:
        existing.close()


@pytest.mark.parametrize("declared, fast", [("4000000000", False), ("1", True)])
def test_shared_strings_declaring_more_than_they_hold_are_left_to_lxml(tmp_path, declared, fast):
    """calamine reserves room for the declared count before it reads a string."""
    workbook = built(tmp_path)
    sst = f'<sst xmlns="{MAIN}" uniqueCount="{declared}"><si><t>x</t></si></sst>'.encode()
    with zipfile.ZipFile(workbook, "a") as archive:
        archive.writestr("xl/extra/strings.xml", sst)
    existing = open_existing(workbook)
    try:
        data = existing.package.read(existing.one("key_clients").part)
        rows = long_sheet.calamine_rows(existing.package, data, existing.styles_part, "xl/extra/strings.xml", 1)
        assert (rows is not None) is fast
    finally:
        existing.close()
