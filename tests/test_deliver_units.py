"""The splice's small parts on their own: markers, sheet order, style merging, raw part copy."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from keyclients_xl.deliver.markers import MAX_TEXT, Marker, layout_of, layout_of_places
from keyclients_xl.deliver.package import Package, resolve, write_package
from keyclients_xl.deliver.sheet_order import sheet_order
from keyclients_xl.deliver.styles_merge import merge_styles

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def test_layout_is_the_cells_as_rectangles():
    title = [(1, 1)]
    summary = [(r, c) for r in range(2, 9) for c in (2, 3)]
    notes = [(r, 6) for r in range(1, 10)]
    table = [(r, c) for r in range(10, 301) for c in range(1, 14)]
    rects = layout_of(title + summary + notes + table)
    assert sorted(rects) == [(1, 1, 1, 1), (1, 6, 9, 6), (2, 2, 8, 3), (10, 1, 300, 13)]
    covered = {(r, c) for r1, c1, r2, c2 in rects for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    assert covered == set(title + summary + notes + table)


@given(st.lists(st.tuples(st.integers(1, 14), st.integers(1, 9)), max_size=80))
def test_layout_covers_exactly_the_cells_once_each(cells):
    rects = layout_of(cells)
    covered = [(r, c) for r1, c1, r2, c2 in rects for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
    assert sorted(covered) == sorted(set(cells))  # every cell, nothing else, no cell twice
    for r1, c1, r2, c2 in rects:  # a run is as wide as it can be: the cells beside it are not given
        assert all((r, c1 - 1) not in covered and (r, c2 + 1) not in covered for r in range(r1, r2 + 1))


@given(st.lists(st.tuples(st.integers(1, 14), st.integers(1, 9)), max_size=80))
def test_layout_of_cells_given_row_by_row_is_the_same(cells):
    places = sorted(set(cells))  # a report's order: the route that skips the sort
    expected = layout_of(cells)
    assert layout_of_places([r for r, _ in places], [c for _, c in places]) == expected
    assert layout_of_places([r for r, _ in cells], [c for _, c in cells]) == expected


def test_marker_round_trip_with_quotes_and_a_long_layout():
    marker = Marker("snapshot", 'Снимок "2026-10"', ((1, 1, 1, 1), (4, 1, 40, 12)))
    assert Marker.parse(marker.text()) == marker
    scattered = tuple((r, 1, r, 1) for r in range(1, 200, 2))  # too many ranges for 255 characters
    text = Marker("settings", "Настройки", scattered).text()
    assert len(text) <= MAX_TEXT + 2
    assert Marker.parse(text).layout == ((1, 1, 199, 1),)  # the bounding rectangle instead
    assert Marker.parse("'Лист1'!$A$1") is None


def test_sheet_order_replacements_in_place_new_sheets_beside_them():
    # Old: [input, input, settings(ours), conf]; placements: key (new), settings (replaces 2).
    order = sheet_order(4, [None, 2], active_old=0)
    assert order.layout == [("old", 0), ("old", 1), ("new", 0), ("new", 1), ("old", 3)]
    assert order.old_to_new() == {0: 0, 1: 1, 3: 4} and order.active == 0
    # Nothing of ours yet: our sheets go first, the user's active sheet keeps being active.
    order = sheet_order(2, [None, None], active_old=1)
    assert order.layout == [("new", 0), ("new", 1), ("old", 0), ("old", 1)] and order.active == 3
    # The active sheet was ours: its replacement is active.
    assert sheet_order(3, [1, None], active_old=1).active == 1


def _styles(xml: str) -> etree._Element:
    return etree.fromstring(f'<styleSheet xmlns="{MAIN}">{xml}</styleSheet>'.encode())


def test_merge_styles_appends_ours_and_reuses_identical_entries():
    theirs = _styles(
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.000"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/></font><font><b val="1"/></font></fonts>'
        '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '<xf numFmtId="164" fontId="1" fillId="0" borderId="0" applyFont="1"/></cellXfs>'
    )
    ours = _styles(
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/></font><font><i val="1"/></font></fonts>'
        '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        '<dxfs count="1"><dxf><font><b val="1"/></font></dxf></dxfs>'
    )
    before = [etree.tostring(c, method="c14n") for c in theirs.find(f"{{{MAIN}}}cellXfs")]
    styles = merge_styles(theirs, ours)
    fonts = theirs.find(f"{{{MAIN}}}fonts")
    assert len(fonts) == 3 and fonts.get("count") == "3"  # ours italic appended, plain 11 reused
    assert [n.get("formatCode") for n in theirs.iter(f"{{{MAIN}}}numFmt")] == ["0.000", "0.0%"]
    xfs = theirs.find(f"{{{MAIN}}}cellXfs")
    assert [etree.tostring(c, method="c14n") for c in xfs][:2] == before  # theirs at their indices
    assert styles.xf[0] == 2 and styles.xf[1] == 3
    assert (xfs[3].get("numFmtId"), xfs[3].get("fontId")) == ("165", "2")
    assert styles.dxf == {0: 0} and theirs.find(f"{{{MAIN}}}dxfs").get("count") == "1"
    # Merging the same styles again adds nothing.
    merge_styles(theirs, ours)
    assert len(theirs.find(f"{{{MAIN}}}cellXfs")) == 4 and len(fonts) == 3


def test_a_format_written_without_apply_flags_is_the_one_the_merge_writes_with_them():
    """openpyxl writes a report's formats without apply… flags and with pivotButton="0"; the merge
    writes ours with the flags (for ids not 0) and without the defaults. Both apply alike, so
    the next build reuses the report's own; an explicit applyFont="0" is another format."""
    fonts = '<fonts count="2"><font><sz val="11"/></font><font><b val="1"/></font></fonts>'
    theirs = _styles(
        f'{fonts}<cellXfs count="3">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" pivotButton="0" quotePrefix="0" xfId="0"/>'
        '<xf numFmtId="3" fontId="1" fillId="0" borderId="0" applyAlignment="1" pivotButton="0" quotePrefix="0" '
        'xfId="0"><alignment horizontal="left"/></xf>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" applyFont="0" xfId="0"/></cellXfs>'
    )
    ours = _styles(
        f'{fonts}<cellXfs count="3">'
        '<xf numFmtId="3" fontId="1" fillId="0" borderId="0" applyAlignment="1" pivotButton="0" quotePrefix="0" '
        'xfId="0"><alignment horizontal="left"/></xf>'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" pivotButton="0" quotePrefix="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    )
    styles = merge_styles(theirs, ours)
    # Bold with a left alignment and the plain format are theirs 1 and 0; bold applied is not
    # their bold with applyFont="0", so it is appended (index 3).
    assert styles.xf == {0: 1, 1: 0, 2: 3}
    assert len(theirs.find(f"{{{MAIN}}}cellXfs")) == 4


def test_untouched_parts_are_copied_as_their_compressed_bytes(tmp_path: Path):
    source = tmp_path / "in.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("keep/deflated.xml", b"<a>" + b"x" * 10000 + b"</a>", zipfile.ZIP_DEFLATED)
        archive.writestr("keep/stored.bin", bytes(range(256)), zipfile.ZIP_STORED)
        archive.writestr("change.xml", b"<old/>", zipfile.ZIP_DEFLATED)
        archive.writestr("drop.xml", b"<gone/>", zipfile.ZIP_DEFLATED)
    with Package.open(source) as package:
        write_package(tmp_path / "out.zip", package, {"change.xml": b"<new/>", "add.xml": b"<added/>"}, {"drop.xml"})

    def raw(path: Path, name: str) -> bytes:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(name)
            with open(path, "rb") as file:
                file.seek(info.header_offset + 26)
                skip = int.from_bytes(file.read(2), "little") + int.from_bytes(file.read(2), "little")
                file.seek(skip, io.SEEK_CUR)
                return file.read(info.compress_size)

    out = tmp_path / "out.zip"
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == ["keep/deflated.xml", "keep/stored.bin", "change.xml", "add.xml"]
        assert archive.read("change.xml") == b"<new/>" and archive.read("add.xml") == b"<added/>"
    for name in ("keep/deflated.xml", "keep/stored.bin"):
        assert raw(out, name) == raw(source, name), name


def test_relationship_targets_resolve_like_excel():
    assert resolve("xl/workbook.xml", "worksheets/sheet1.xml") == "xl/worksheets/sheet1.xml"
    assert resolve("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml") == "xl/drawings/drawing1.xml"
    assert resolve("xl/workbook.xml", "/xl/styles.xml") == "xl/styles.xml"
    assert resolve("", "xl/workbook.xml") == "xl/workbook.xml"


def test_cell_values_as_excel_writes_them(tmp_path: Path):
    """Shared strings (rich text joined, phonetic runs left out), inline strings, numbers, dates
    by their number format, booleans, errors, formulas' cached values, cells without r."""
    import datetime as dt

    from keyclients_xl.deliver.sheet_read import CellReader, date_styles, read_sheet, shared_strings

    sst = (
        f'<sst xmlns="{MAIN}"><si><t>Альфа</t></si><si><r><t>Важно:</t></r><r><t xml:space="preserve"> да</t></r>'
        "<rPh><t>ふりがな</t></rPh></si></sst>"
    )
    styles = (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="DD.MM.YYYY"/></numFmts>'
        '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>'
    )
    sheet = (
        f'<worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="inlineStr"><is><t>=1+1</t></is></c></row>'
        '<row r="2"><c r="A2" s="1"><v>46327</v></c><c r="B2" s="2"><v>46328</v></c><c r="C2"><v>12.5</v></c></row>'
        '<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="e"><v>#DIV/0!</v></c>'
        '<c r="C4" t="str"><f>A1&amp;"!"</f><v>Альфа!</v></c></row>'
        '<row r="5"><c><v>7</v></c><c><v>8</v></c></row>'
        "</sheetData></worksheet>"
    )
    path = tmp_path / "cells.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", sst)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    with Package.open(path) as package:
        reader = CellReader(
            lambda: shared_strings(package, "xl/sharedStrings.xml"), date_styles(etree.fromstring(styles))
        )
        rows, _ = read_sheet(package, "xl/worksheets/sheet1.xml", reader)
    assert rows == [
        ["Альфа", "Важно: да", "=1+1"],
        # Serial 46023 is 2026-01-01 (45658 = 2025-01-01, plus 365); 1 November is day 305.
        [dt.datetime(2026, 11, 1), dt.datetime(2026, 11, 2), 12.5],
        [None, None, None],
        [True, "#DIV/0!", "Альфа!"],
        [7, 8, None],
    ]


_SHEET = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> Альфа </t></is></c>'
    '<c r="C1" t="inlineStr"><is><r><t>Бе</t></r><r><t>та</t></r><rPh sb="0" eb="1"><t>ベ</t></rPh></is></c>'
    '<c r="D1" t="s"><v>1</v></c><c r="E1" t="b"><v>1</v></c><c r="F1" t="e"><f>NA()</f><v>#N/A</v></c></row>'
    '<row r="3"><c r="A3"><v>7</v></c><c r="B3"><v>2.5</v></c><c r="C3" s="1"><v>46326</v></c>'
    '<c r="D3" t="str"><f>A3&amp;""</f><v>7</v></c><c r="E3"><f>1/0</f></c></row>'
    "<row><c><v>1</v></c><c/><c><v>3</v></c></row>"  # no r anywhere: the row after, cells by position
    "</sheetData></worksheet>"
)


def test_sheet_rows_are_read_by_reference_and_by_position(tmp_path):
    """Our reader of a workbook's own sheets: inline, rich (phonetic runs left out) and shared
    strings, booleans, errors, numbers, a date by its style, formulas by their cached value,
    and cells or rows without a reference placed where Excel places them."""
    import datetime as dt

    import openpyxl

    from keyclients_xl.deliver import open_existing

    book = openpyxl.Workbook()
    book.active["A2"] = 1
    book.active["A2"].number_format = "DD.MM.YYYY"  # cell format 1 shows a date
    path = tmp_path / "book.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>first</t></si><si><t>second</t></si></sst>"
    )
    shared = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Type="{shared}" Target="sharedStrings.xml" Id="rId9"/></Relationships>'.encode(),
    )
    parts["xl/worksheets/sheet1.xml"] = _SHEET.encode()
    with zipfile.ZipFile(path, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    existing = open_existing(path)
    try:
        rows = existing.rows(existing.sheets[0])
    finally:
        existing.close()
    assert rows == [
        [" Альфа ", None, "Бета", "second", True, "#N/A"],
        [None] * 6,
        [7, 2.5, dt.datetime(2026, 10, 31), "7", None, None],
        [1, None, 3, None, None, None],
    ]


def test_column_letters_and_numbers_agree_with_openpyxl():
    """One converter each way (errors.py) for the readers, the guard and the delivery, checked
    against openpyxl's over every column Excel has."""
    from openpyxl.utils import column_index_from_string, get_column_letter

    from keyclients_xl.errors import column_letter, column_number

    for number in range(1, 16_385):
        letters = get_column_letter(number)
        assert column_letter(number) == letters
        assert column_number(letters) == column_number(letters.lower()) == column_index_from_string(letters) == number
    assert (column_number("A"), column_number("Z"), column_number("AA"), column_number("XFD")) == (1, 26, 27, 16384)


def test_the_marker_cells_as_a_reference_follow_rows_a_program_inserted():
    """The marker's ranges written as a reference ('Sheet'!$A$1,…), which Excel and LibreOffice
    move with the cells; read back, the layout is where the cells are now, and a range that
    grew or vanished (#REF!) marks the layout as resized."""
    from keyclients_xl.deliver.markers import Marker

    layout = ((1, 1, 1, 1), (1, 3, 1, 3), (4, 1, 24, 16), (25, 1, 44, 12))
    marker = Marker("key_clients", "Клиенты O'Neil", layout)
    sheet = "'Клиенты O''Neil'!"
    assert marker.reference() == f"{sheet}$A$1,{sheet}$C$1,{sheet}$A$4:$P$24,{sheet}$A$25:$L$44"
    assert marker.moved_to(marker.reference()) == marker
    assert marker.moved_to(None) == marker and marker.moved_to("") == marker
    below = f"{sheet}$A$1,{sheet}$C$1,{sheet}$A$6:$P$26,{sheet}$A$27:$L$46"  # two rows inserted at row 3
    moved = marker.moved_to(below)
    assert moved.layout == ((1, 1, 1, 1), (1, 3, 1, 3), (6, 1, 26, 16), (27, 1, 46, 12)) and not moved.resized
    assert moved.spans(5) == () and moved.spans(6) == ((1, 16),)  # the inserted rows are the user's
    grown = marker.moved_to(f"{sheet}$A$1,{sheet}$C$1,{sheet}$A$4:$P$25,{sheet}$A$26:$L$45")  # one inside the table
    assert grown.resized
    assert marker.moved_to(f"{sheet}$A$1,{sheet}#REF!,{sheet}$A$4:$P$24,{sheet}$A$25:$L$44").resized
    assert Marker.parse(moved.text()) == Marker("key_clients", "Клиенты O'Neil", moved.layout)
    bounds = Marker("plan", "План", ((1, 1, 300, 6),))  # a text marker too long holds only the bounds
    assert bounds.moved_to("'План'!$A$2,'План'!$A$5:$F$301").layout == ((2, 1, 2, 1), (5, 1, 301, 6))
