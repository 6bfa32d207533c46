"""A large worksheet read in slices of rows (read/slices.py) gives the columns the whole sheet
gives: checked on small sheets cut into slices of a few kilobytes, against the same sheet read
whole, including the sheets the slices cannot place (they are read whole)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from hostile_corpus import package, zipped

from keyclients_xl.errors import KeyClientsError, Location
from keyclients_xl.read import files, limits, slices
from keyclients_xl.read.files import load_tables

WHERE = Location(file="sheet.xlsx")
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.fixture
def sliced(monkeypatch):
    """Slices of 2 KB (the XML read in pieces of 1 KB) from sheets of 4 KB; the outcome of each
    sliced read, by sheet: its slices, and whether they were placed."""
    monkeypatch.setattr(limits, "CHUNK_BYTES", 1024)
    monkeypatch.setattr(slices, "SLICE_BYTES", 2048)
    monkeypatch.setattr(slices, "SLICE_FROM", 4096)
    outcomes = []
    joined = files._joined

    def spy(parts):
        count = len(parts)  # before: the join lets go of them
        result = joined(parts)
        outcomes.append((count, result is not None))
        return result

    monkeypatch.setattr(files, "_joined", spy)
    return outcomes


def whole(path, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(slices, "SLICE_FROM", 1 << 40)
        return load_tables(path)


def same_tables(left, right) -> None:
    assert len(left) == len(right)
    for a, b in zip(left, right, strict=True):
        assert (a.sheet, a.levels, [n.key for n in a.notes]) == (b.sheet, b.levels, [n.key for n in b.notes])
        assert [c.to_pylist() for c in a.columns] == [c.to_pylist() for c in b.columns]
        assert all(c.type == d.type for c, d in zip(a.columns, b.columns, strict=True))


def test_a_report_read_in_slices_equals_it_read_whole(tmp_path, sliced, monkeypatch):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "TDSheet"
    sheet["B1"] = "Анализ продаж"
    sheet.merge_cells("B3:D3")
    sheet["B3"] = "Сумма"
    for r in range(5, 400):
        if r % 37 == 0:
            continue  # an empty row, now and then at a slice's edge
        sheet.cell(r, 2, dt.datetime(2026, 1, 1) + dt.timedelta(days=r))
        sheet.cell(r, 3, f"ООО «Клиент {r % 17}»")
        sheet.cell(r, 4, r * 10.5 if r % 5 else None)
        sheet.cell(r, 6 if r % 11 == 0 else 5, "  " if r % 13 == 0 else r)
        sheet.row_dimensions[r].outline_level = r % 3
    sheet.merge_cells("C200:C203")
    path = tmp_path / "report.xlsx"
    book.save(path)
    same_tables(load_tables(path), whole(path, monkeypatch))
    [(count, placed)] = sliced
    assert count > 3 and placed


def rows_xml(rows: range, prefix: str = "", numbered: bool = True, start: str = "B") -> str:
    row, cell, v, text = (f"{prefix}{tag}" for tag in ("row", "c", "v", "t"))
    out = []
    for r in rows:
        number = f' r="{r}"' if numbered else ""
        out.append(
            f'<{row}{number}><{cell} r="{start}{r}"><{v}>{r}</{v}></{cell}>'
            f'<{cell} r="D{r}" t="inlineStr"><{prefix}is><{text}>строка {r}</{text}></{prefix}is></{cell}>'
            f'<{cell} r="E{r}" t="e"><{v}>#DIV/0!</{v}></{cell}></{row}>'
        )
    return "".join(out)


def sheet_file(tmp_path, rows: str, prefix: str = "", after: str = ""):
    ns = NS.replace("xmlns=", f"xmlns:{prefix[:-1]}=") if prefix else NS
    xml = f"<{prefix}worksheet {ns}><{prefix}sheetData>{rows}</{prefix}sheetData>{after}</{prefix}worksheet>"
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(package(xml.encode()))
    return path


def test_a_sheet_with_a_namespace_prefix_and_error_cells_is_read_in_slices(tmp_path, sliced, monkeypatch):
    after = '<x:mergeCells count="1"><x:mergeCell ref="B2:B3"/></x:mergeCells>'
    path = sheet_file(tmp_path, rows_xml(range(2, 300), "x:"), "x:", after)
    tables = load_tables(path)
    same_tables(tables, whole(path, monkeypatch))
    assert tables[0].columns[4].to_pylist()[250] == "#DIV/0!"
    assert sliced[0][1]


CANNOT_BE_PLACED = {
    "a reference above its slice": '<row r="145"><c r="C2"><v>9</v></c></row>',
    "a reference below its slice": '<row r="145"><c r="C400"><v>9</v></c></row>',
    "rows that go back": '<row r="145"><c r="C145"><v>9</v></c></row><row r="7"><c r="C7"><v>9</v></c></row>',
}


@pytest.mark.parametrize("odd", CANNOT_BE_PLACED.values(), ids=CANNOT_BE_PLACED.keys())
def test_a_sheet_whose_cells_leave_their_slice_is_read_whole(odd, tmp_path, sliced, monkeypatch):
    path = sheet_file(tmp_path, rows_xml(range(2, 140)) + odd + rows_xml(range(150, 299)))
    same_tables(load_tables(path), whole(path, monkeypatch))
    assert sliced and not any(placed for _, placed in sliced)


UNCUT = {
    "rows without numbers": rows_xml(range(1, 300), numbered=False),
    "a comment that hides the rows' end": rows_xml(range(1, 150)) + "<!-- </sheetData> -->" + rows_xml(range(150, 300)),
    "a comment that hides a row": rows_xml(range(1, 150)) + '<!-- <row r="5"> -->' + rows_xml(range(150, 300)),
}


@pytest.mark.parametrize("rows", UNCUT.values(), ids=UNCUT.keys())
def test_xml_that_does_not_cut_cleanly_is_read_whole(rows, tmp_path, sliced, monkeypatch):
    path = sheet_file(tmp_path, rows)
    same_tables(load_tables(path), whole(path, monkeypatch))
    assert not sliced  # never parsed in slices


def test_trailing_rows_without_values_and_a_first_slice_without_any(tmp_path, sliced, monkeypatch):
    empty = "".join(f'<row r="{r}"><c r="B{r}" s="0"/></row>' for r in range(1, 120))
    tail = "".join(f'<row r="{r}"><c r="C{r}"/></row>' for r in range(300, 420))
    path = sheet_file(tmp_path, empty + rows_xml(range(120, 300), start="C") + tail)
    tables = load_tables(path)
    same_tables(tables, whole(path, monkeypatch))
    assert sliced[0][1] and len(tables[0].columns[0]) == 299


@pytest.fixture
def parsed(monkeypatch):
    """The XML of every slice calamine was given."""
    given = []
    parse = files._slice_columns

    def spy(piece, name):
        given.append(piece.package)
        return parse(piece, name)

    monkeypatch.setattr(files, "_slice_columns", spy)
    return given


def test_a_far_cell_in_a_sheet_checked_as_it_is_cut_is_refused_and_never_parsed(tmp_path, sliced, parsed):
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = sheet_file(tmp_path, rows_xml(range(2, 200)) + far + rows_xml(range(1048577, 1048600)))
    assert limits.check_package(path, WHERE, files._read_in_slices)["TDSheet"].unchecked
    with pytest.raises(KeyClientsError) as refused:
        load_tables(path)
    assert refused.value.key == "file.sheet_too_big"
    assert parsed and not any(b"XFD" in package for package in parsed)  # the slices before it, only


def test_a_sheet_the_cheap_bounds_cannot_place_is_checked_whole_then_read(tmp_path, sliced, parsed, monkeypatch):
    implied = '<row r="150"><c><v>7</v></c><c r="D150"><v>8</v></c></row>'  # a cell placed by its order
    path = sheet_file(tmp_path, rows_xml(range(2, 150)) + implied + rows_xml(range(151, 300)))
    same_tables(load_tables(path), whole(path, monkeypatch))
    assert sliced and sliced[-1][1]


def test_a_sheet_aliased_to_a_part_calamine_reads_on_opening_is_checked_first(tmp_path, sliced):
    sheet = f"<worksheet {NS}><sheetData>{rows_xml(range(2, 300))}</sheetData></worksheet>".encode()
    with zipfile.ZipFile(io.BytesIO(package(sheet, extra={"xl/styles.xml": sheet}))) as built:
        parts = {name: built.read(name) for name in built.namelist()}
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(b'Target="worksheets/sheet1.xml"', b'Target="styles.xml"')
    path = tmp_path / "aliased.xlsx"
    path.write_bytes(zipped(parts))
    [facts] = limits.check_package(path, WHERE, files._read_in_slices).values()
    assert facts.part == "xl/styles.xml" and not facts.unchecked


def test_two_sheets_of_one_name_leave_no_part_unchecked(tmp_path, sliced):
    """A crafted package names two sheets «A»: the first, left to the slices' pass, was dropped
    from the facts when the second took its name, so its far cell (XFD1048576) was never
    checked, and calamine, which looks a sheet up by name, could be asked to read it whole."""
    far = f"<worksheet {NS}><sheetData>{rows_xml(range(2, 200))}"
    far += '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    fine = f"<worksheet {NS}><sheetData>{rows_xml(range(2, 300))}</sheetData></worksheet>"
    with zipfile.ZipFile(io.BytesIO(package(far.encode(), "A", {"xl/worksheets/sheet2.xml": fine.encode()}))) as built:
        parts = {name: built.read(name) for name in built.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>", b'<sheet name="A" sheetId="2" r:id="rId2"/></sheets>'
    )
    rels = "xl/_rels/workbook.xml.rels"
    second = (
        b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'worksheet" Target="worksheets/sheet2.xml"/></Relationships>'
    )
    parts[rels] = parts[rels].replace(b"</Relationships>", second)
    path = tmp_path / "twice.xlsx"
    path.write_bytes(zipped(parts))
    with pytest.raises(KeyClientsError) as refused:
        limits.check_package(path, WHERE, files._read_in_slices)
    assert refused.value.key == "file.sheet_too_big"
