"""The size guard for OpenDocument (.ods), binary (.xlsb) and Excel 97-2003 (.xls) workbooks:
each sheet's extent as calamine lays it out, checked against calamine's own grid, and the files
that made calamine take gigabytes or abort before the guard measured them."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import hostile_corpus as hostile
import openpyxl
import pytest
from calamine_alone import aborted, read_alone
from hostile_corpus import (
    _biff_bof,
    _biff_record,
    biff_dimensions,
    biff_number,
    biff_workbook,
    ods,
    ods_cell,
    ods_rows,
    xlsb,
    xlsb_record,
    xlsb_rows,
    xlsb_sheet,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from libreoffice import convert
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

from keyclients_xl.errors import KeyClientsError, Location
from keyclients_xl.read import combine, read_export
from keyclients_xl.read.limits import (
    SHEET_CELLS_MAX,
    _biff_cell_extent,
    _biff_records,
    check_biff,
    check_package,
    raw_pieces,
)
from keyclients_xl.read.ods_extent import ods_extents
from keyclients_xl.read.sources import load_sheets
from keyclients_xl.read.xlsb_extent import sheet_extent, sheet_parts

WHERE = Location(file="x")


def calamine_extents(path: Path) -> dict[str, tuple[int, int]]:
    """Sheet name → (rows, columns) of calamine's grid from A1 (an empty sheet: (0, 0))."""
    book = CalamineWorkbook.from_path(str(path))
    extents = {}
    for name in book.sheet_names:
        grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        extents[name] = (len(grid), max(map(len, grid))) if grid and any(grid) else (0, 0)
    return extents


def our_ods_extents(path: Path) -> dict[str, tuple[int, int]]:
    with zipfile.ZipFile(path) as archive:
        tables = ods_extents(raw_pieces(archive, archive.getinfo("content.xml"), WHERE))
    return {table.name: (table.rows, table.columns) for table in tables}


def our_xlsb_extents(path: Path, piece: int | None = None) -> dict[str, tuple[int, int]]:
    with zipfile.ZipFile(path) as archive:
        extents = {}
        for part, name in sheet_parts(archive).items():
            data = archive.read(part)
            pieces = [data] if piece is None else [data[i : i + piece] for i in range(0, len(data), piece)]
            extent = sheet_extent(pieces)
            extents[name] = (extent.rows, extent.columns)
    return extents


# ---------------------------------------------------------------- .ods


EMPTY = "<table:table-cell/>"
ODS_PLACEMENTS = {
    "an export": ods_rows(),
    "a value repeated along a row": f"<table:table-row>{ods_cell(7, 3)}</table:table-row>",
    "empty cells repeated before a value": (
        f'<table:table-row>{EMPTY}<table:table-cell table:number-columns-repeated="5"/>{ods_cell(1)}</table:table-row>'
    ),
    "trailing empty cells, as LibreOffice writes every row": (
        f'<table:table-row>{ods_cell("a")}<table:table-cell table:number-columns-repeated="16383"/></table:table-row>'
    ),
    "empty rows repeated between values": (
        f"<table:table-row>{ods_cell(1)}</table:table-row>"
        f'<table:table-row table:number-rows-repeated="40">{EMPTY}</table:table-row>'
        f"<table:table-row>{EMPTY}{ods_cell(2)}</table:table-row>"
    ),
    "trailing empty rows, as LibreOffice writes every sheet": (
        f"<table:table-row>{ods_cell(1)}{ods_cell(2)}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048574">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    ),
    "a filled row repeated": f'<table:table-row table:number-rows-repeated="6">{EMPTY}{ods_cell(3)}</table:table-row>',
    "a covered cell of a merged range": (
        '<table:table-row><table:table-cell table:number-columns-spanned="2" office:value-type="string">'
        "<text:p>a</text:p></table:table-cell><table:covered-table-cell/>"
        f"{ods_cell(4)}</table:table-row>"
    ),
    "a text cell with no text": (
        f'<table:table-row>{EMPTY}{EMPTY}<table:table-cell office:value-type="string"/></table:table-row>'
    ),
    "rows in a group and in header rows": (
        f"<table:table-header-rows><table:table-row>{ods_cell('h')}</table:table-row></table:table-header-rows>"
        f"<table:table-row-group><table:table-row>{EMPTY}{EMPTY}{ods_cell(5)}</table:table-row>"
        "</table:table-row-group>"
    ),
    "repeats written with single quotes and spaces": (
        f"<table:table-row table:number-rows-repeated = '3'>{EMPTY}</table:table-row>"
        f"<table:table-row><table:table-cell table:number-columns-repeated = '4'/>{ods_cell(6)}</table:table-row>"
    ),
}


@pytest.mark.parametrize("rows", ODS_PLACEMENTS.values(), ids=ODS_PLACEMENTS.keys())
def test_an_ods_table_measures_as_calamine_lays_it_out(rows, tmp_path):
    path = tmp_path / "book.ods"
    path.write_bytes(ods(rows))
    assert our_ods_extents(path) == calamine_extents(path)


# A cell of a random table: its value (None: empty), how often it repeats, and how the repeat
# is spelled (quotes, spaces round '=').
_ODS_CELLS = st.tuples(
    st.one_of(st.none(), st.integers(-5, 5), st.sampled_from(["a", "Итого", " "])),
    st.integers(1, 40),
    st.sampled_from(['table:number-columns-repeated="{}"', "table:number-columns-repeated = '{}'"]),
    st.booleans(),  # a covered cell (of a merged range) when empty
)
_ODS_ROWS = st.tuples(st.lists(_ODS_CELLS, max_size=6), st.integers(1, 30), st.booleans())


def _ods_row(cells, repeat: int, grouped: bool) -> str:
    written = []
    for value, times, spelling, covered in cells:
        repeated = " " + spelling.format(times) if times > 1 else ""
        if value is None:
            written.append(f"<table:{'covered-' if covered else ''}table-cell{repeated}/>")
        else:
            written.append(ods_cell(value).replace("<table:table-cell", f"<table:table-cell{repeated}", 1))
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    row = f"<table:table-row{repeated}>{''.join(written)}</table:table-row>"
    return f"<table:table-row-group>{row}</table:table-row-group>" if grouped else row


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_ODS_ROWS, max_size=6))
def test_random_ods_tables_measure_as_calamine_lays_them_out(rows, tmp_path):
    """Values, empty and covered cells, repeats of cells and rows, row groups: the guard's
    extent of each table is calamine's own grid."""
    path = tmp_path / "random.ods"
    path.write_bytes(
        ods("".join(_ods_row(*row) for row in rows) or "<table:table-row><table:table-cell/></table:table-row>")
    )
    assert our_ods_extents(path) == calamine_extents(path)


def test_a_formula_without_a_value_counts(tmp_path):
    """calamine keeps each table's formulas in a grid of their own, as far as the farthest
    formula reaches: a formula counts as a value does (its value grid shows nothing)."""
    path = tmp_path / "formula.ods"
    path.write_bytes(ods(f'<table:table-row>{EMPTY}<table:table-cell table:formula="of:=1"/></table:table-row>'))
    assert our_ods_extents(path) == {"TDSheet": (1, 2)}
    assert calamine_extents(path) == {"TDSheet": (0, 0)}


def test_every_table_of_an_ods_is_measured_under_its_own_name(tmp_path):
    first = ods(ods_rows())
    content = zipfile.ZipFile(io.BytesIO(first)).read("content.xml").decode()
    second = (
        f'<table:table table:name="Второй"><table:table-row>{EMPTY * 3}{ods_cell(1)}</table:table-row></table:table>'
    )
    path = tmp_path / "two.ods"
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(first)) as source, zipfile.ZipFile(rebuilt, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content.xml":
                data = content.replace("</office:spreadsheet>", second + "</office:spreadsheet>").encode()
            target.writestr(info, data)
    path.write_bytes(rebuilt.getvalue())
    assert our_ods_extents(path) == calamine_extents(path) == {"TDSheet": (7, 3), "Второй": (1, 4)}


def test_a_libreoffice_ods_with_its_trailing_repeats_is_read(soffice, tmp_path):
    """LibreOffice ends every row with thousands of empty cells and every sheet with a million
    empty rows, all as repeats: they place no cell, and the export is read."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "TDSheet"
    for line in [hostile.HEADER, *hostile.LINES]:
        sheet.append(line)
    for header in sheet[1]:
        header.font = Font(bold=True)  # a styled row: LibreOffice then writes the repeats
    book.save(tmp_path / "export.xlsx")
    (converted,) = convert(soffice, [tmp_path / "export.xlsx"], "ods", tmp_path / "lo")
    content = zipfile.ZipFile(converted).read("content.xml")
    assert b'number-rows-repeated="' in content and b'number-columns-repeated="' in content
    assert our_ods_extents(converted) == calamine_extents(converted) == {"TDSheet": (7, 3)}
    amounts = combine([read_export(converted)]).frame.groupby("client")["amount"].sum().to_dict()
    assert amounts == {"ООО Альфа": 2100.5, "ООО Бета": 1000.0, "ИП Гамма": 50.0}


def test_calamine_alone_takes_gigabytes_for_a_repeated_ods_value(tmp_path):
    """Why the guard measures an .ods: its 1 KB of repeats made calamine hold 33 million cells."""
    path = tmp_path / "repeated_value.ods"
    path.write_bytes(hostile.ods_repeated_value())
    assert path.stat().st_size < 2048
    done = read_alone(path, capped=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) > 1_500_000  # KB of peak memory, for a file under 2 KB
    with pytest.raises(KeyClientsError) as caught:
        check_package(path, WHERE)
    assert caught.value.key == "file.sheet_too_big"
    assert caught.value.params["cell"] == "XFD2007" and 2007 * 16384 > SHEET_CELLS_MAX


def test_a_repeat_count_that_is_not_a_number_is_refused_as_damaged(tmp_path):
    path = tmp_path / "odd.ods"
    path.write_bytes(ods(f'<table:table-row table:number-rows-repeated="many">{ods_cell(1)}</table:table-row>'))
    with pytest.raises(KeyClientsError) as caught:
        check_package(path, WHERE)
    assert caught.value.key == "file.damaged"


def _with_parts(book: bytes, parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, parts.get(info.filename, source.read(info)))
    return out.getvalue()


ENCRYPTED_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
    b'<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA">'
    b'<manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="AAAA"/>'
    b"</manifest:encryption-data></manifest:file-entry></manifest:manifest>"
)


def test_an_ods_protected_by_a_password_keeps_its_own_message(tmp_path):
    """An encrypted content.xml is not XML; calamine refuses the file by its manifest unread."""
    path = tmp_path / "password.ods"
    noise = bytes(range(256)) * 64
    path.write_bytes(_with_parts(ods(ods_rows()), {"META-INF/manifest.xml": ENCRYPTED_MANIFEST, "content.xml": noise}))
    with pytest.raises(KeyClientsError) as caught:
        load_sheets(path)
    assert caught.value.key == "file.password"


def test_an_ods_whose_content_is_not_xml_is_damaged(tmp_path):
    path = tmp_path / "broken.ods"
    path.write_bytes(_with_parts(ods(ods_rows()), {"content.xml": bytes(range(256)) * 64}))
    with pytest.raises(KeyClientsError) as caught:
        load_sheets(path)
    assert caught.value.key == "file.damaged"


# ---------------------------------------------------------------- .xlsb


def xlsb_of(records: list[bytes]) -> bytes:
    """An .xlsb whose sheet holds these records between the start and end of its data."""
    body = b"".join(records)
    start, end = xlsb_sheet([]), xlsb_record(0x0092) + xlsb_record(0x0082)
    return xlsb(start[: -len(end)] + body + end)


def row(number: int) -> bytes:
    return xlsb_record(0x0000, struct.pack("<I", number) + bytes(13))


def cell(kind: int, column: int, value: bytes) -> bytes:
    return xlsb_record(kind, struct.pack("<II", column, 0) + value)


XLSB_PLACEMENTS = {
    "an export": xlsb_sheet(xlsb_rows()),
    "rows out of order": xlsb_of([row(9), cell(5, 3, struct.pack("<d", 1)), row(2), cell(5, 1, struct.pack("<d", 2))]),
    "each kind of value": xlsb_of(
        [
            row(0),
            cell(0x02, 0, struct.pack("<I", 4 << 2 | 2)),  # RK: an integer
            cell(0x03, 1, b"\x07"),  # an error, #DIV/0!
            cell(0x04, 2, b"\x01"),  # a boolean
            cell(0x05, 3, struct.pack("<d", 2.5)),
            row(3),
            cell(0x06, 4, struct.pack("<I", 200) + "я".encode("utf-16-le") * 200),  # a size of two bytes
        ]
    ),
    "a blank far away places nothing": xlsb_of([row(0), cell(5, 0, struct.pack("<d", 1)), cell(0x01, 900, b"")]),
    "a row header without cells places nothing": xlsb_of([row(0), cell(5, 1, struct.pack("<d", 1)), row(5000)]),
    "records of two-byte types between cells": xlsb_of(
        [row(0), xlsb_record(0x0094, bytes(16)), cell(5, 2, struct.pack("<d", 1)), xlsb_record(0x01E5, bytes(12))]
    ),
}


@pytest.mark.parametrize("sheet", XLSB_PLACEMENTS.values(), ids=XLSB_PLACEMENTS.keys())
def test_an_xlsb_sheet_measures_as_calamine_places_its_cells(sheet, tmp_path):
    path = tmp_path / "book.xlsb"
    path.write_bytes(sheet if sheet.startswith(b"PK") else xlsb(sheet))
    assert our_xlsb_extents(path) == calamine_extents(path)


@pytest.mark.parametrize("piece", [1, 2, 3, 5, 7, 16, 1000])
def test_an_xlsb_sheet_measures_the_same_in_pieces_of_any_size(piece, tmp_path):
    path = tmp_path / "book.xlsb"
    path.write_bytes(xlsb_of([row(0), cell(6, 2, struct.pack("<I", 300) + b"ab" * 300), row(11), cell(5, 6, bytes(8))]))
    assert our_xlsb_extents(path, piece) == our_xlsb_extents(path) == {"TDSheet": (12, 7)}


@pytest.mark.parametrize("record", [row(0)[:1] + b"\x02\x00\x00", cell(5, 0, b"")[:1] + b"\x04" + bytes(4)])
def test_a_row_or_cell_record_too_short_for_its_number_is_refused_as_damaged(record, tmp_path):
    path = tmp_path / "short.xlsb"
    path.write_bytes(xlsb_of([row(0), cell(5, 0, bytes(8)), record]))
    with pytest.raises(KeyClientsError) as caught:
        check_package(path, WHERE)
    assert caught.value.key == "file.damaged"


def test_only_the_parts_the_sheet_records_name_are_measured(tmp_path):
    """Other binary parts (printer settings, shared strings) would read as nonsense cells."""
    path = tmp_path / "book.xlsb"
    path.write_bytes(hostile.xlsb_export())
    with zipfile.ZipFile(path, "a") as archive:  # records that would place a cell in XFD1048576
        archive.writestr("xl/printerSettings/printerSettings1.bin", xlsb_sheet([(1048575, [(16383, 1.0)])]))
    with zipfile.ZipFile(path) as archive:
        assert sheet_parts(archive) == {"xl/worksheets/sheet1.bin": "TDSheet"}
    check_package(path, WHERE)
    amounts = combine([read_export(path)]).frame.groupby("client")["amount"].sum().to_dict()
    assert amounts == {"ООО Альфа": 2100.5, "ООО Бета": 1000.0, "ИП Гамма": 50.0}


# ---------------------------------------------------------------- .xls


def mul_rk(row: int, first: int, count: int) -> bytes:
    values = b"".join(struct.pack("<HI", 0, (n + 1) << 2 | 2) for n in range(count))  # integers as RK
    return _biff_record(0x00BD, struct.pack("<HH", row, first) + values + struct.pack("<H", first + count - 1))


def formula(row: int, column: int, value: float) -> bytes:
    tokens = bytes([0x1E]) + struct.pack("<H", 1)  # PtgInt 1
    return _biff_record(0x0006, struct.pack("<HHHdHI", row, column, 0, value, 0, 0) + struct.pack("<H", 3) + tokens)


def our_biff_extent(path: Path) -> tuple[int, int]:
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        stream = ole.openstream("Workbook").read()
    (offset,) = [struct.unpack_from("<L", data)[0] for kind, data in _biff_records(stream, 0) if kind == 0x0085]
    return _biff_cell_extent(stream, offset)


XLS_PLACEMENTS = {
    "numbers": biff_dimensions(5, 4) + biff_number(0, 0, 1) + biff_number(4, 3, 2),
    "rows out of order": biff_number(9, 1, 1) + biff_number(2, 5, 2),
    "a run of RK values in one row": biff_number(0, 0, 1) + mul_rk(3, 2, 4),
    "a formula": biff_number(0, 0, 1) + formula(6, 7, 3.5),
    "a blank far away places nothing": biff_number(1, 1, 1) + _biff_record(0x0201, struct.pack("<HHH", 900, 200, 0)),
}


@pytest.mark.parametrize("records", XLS_PLACEMENTS.values(), ids=XLS_PLACEMENTS.keys())
def test_an_xls_sheet_measures_as_calamine_places_its_cells(records, tmp_path):
    path = tmp_path / "book.xls"
    path.write_bytes(biff_workbook(records))
    assert {"TDSheet": our_biff_extent(path)} == calamine_extents(path)


def test_cells_of_a_chart_inside_an_xls_sheet_count(tmp_path):
    """calamine skips an embedded chart's records (its own BOF … EOF); earlier versions stopped
    at the chart's EOF instead. Counting them is safe either way, and the sheet's cells after the
    chart still count."""
    chart = _biff_bof(0x0020) + biff_number(40, 9, 1) + _biff_record(0x000A, b"")
    path = tmp_path / "chart.xls"
    path.write_bytes(biff_workbook(biff_number(0, 0, 1) + chart + biff_number(3, 2, 2)))
    assert our_biff_extent(path) == (41, 10)


# A far cell, as each format writes its place: the make, the file's name, its guard, whether
# calamine reads the sheet only when it is loaded, and the cell the message names.
FAR_CELLS = {
    ".xlsb (in its record)": (hostile.xlsb_far_cell, "far.xlsb", check_package, True, "XFD1048576"),
    ".xls (16-bit, whatever DIMENSIONS says)": (hostile.far_cell_xls, "far.xls", check_biff, False, "CRXP65536"),
}


@pytest.mark.parametrize(("make", "name", "guard", "on_load", "cell"), FAR_CELLS.values(), ids=FAR_CELLS.keys())
def test_calamine_alone_aborts_on_a_far_cell_that_the_guard_refuses(make, name, guard, on_load, cell, tmp_path):
    """Why the guard reads every cell's place: calamine asks for billions of cells and aborts."""
    path = tmp_path / name
    path.write_bytes(make())
    assert aborted(read_alone(path, load_sheet=on_load))
    with pytest.raises(KeyClientsError) as caught:
        guard(path, WHERE)
    assert (caught.value.key, caught.value.where.sheet, caught.value.params["cell"]) == (
        "file.sheet_too_big",
        "TDSheet",
        cell,
    )


def test_every_entry_that_could_be_the_sheet_is_measured(tmp_path):
    """Two entries of one name, in other case: calamine could read either, so both are measured."""
    path = tmp_path / "twice.xlsb"
    path.write_bytes(hostile.xlsb_export())
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("XL/Worksheets/Sheet1.bin", xlsb_sheet([*xlsb_rows(), (1048575, [(16383, 1.0)])]))
    with zipfile.ZipFile(path) as archive:
        assert set(sheet_parts(archive)) == {"xl/worksheets/sheet1.bin", "XL/Worksheets/Sheet1.bin"}
    with pytest.raises(KeyClientsError) as caught:
        check_package(path, WHERE)
    assert (caught.value.key, caught.value.params["cell"]) == ("file.sheet_too_big", "XFD1048576")


def test_an_ods_of_many_distinct_element_names_is_measured_with_bounded_memory(monkeypatch):
    """Names are classified once each, and only so many are kept: a hostile content.xml may use
    millions of distinct names. Past the cap the count is the same."""
    from keyclients_xl.read import ods_extent

    names = "".join(f"<x{i}:p xmlns:x{i}='urn:{i}'/>" for i in range(50))
    rows = f"<table:table-row>{names}{ods_cell(1)}{EMPTY}{ods_cell(2)}</table:table-row>"
    content = zipfile.ZipFile(io.BytesIO(ods(rows))).read("content.xml")
    monkeypatch.setattr(ods_extent, "NAMES_KEPT", 10)
    target = ods_extent._Tables()
    from lxml import etree

    parser = etree.XMLParser(target=target)
    parser.feed(content)
    assert parser.close() == [ods_extent.TableExtent("TDSheet", 1, 3)]
    assert len(target.kinds) == 10
