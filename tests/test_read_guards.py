"""The pieces behind the hostile-file corpus: size guards, what a file really is, text and
HTML reading, control characters. Each checked against an independent route where one exists
(calamine placing cells itself, csv's own state, hand-summed amounts)."""

from __future__ import annotations

import codecs
import csv
import io
import random
import struct
import threading
import zipfile
from pathlib import Path

import hostile_corpus as hostile
import pandas as pd
import pytest
from calamine_alone import aborted, read_alone
from hostile_corpus import HEADER, LINES, csv_text, lying_sizes, package, sheet_xml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

import keyclients_xl.read.limits as limits
from keyclients_xl.errors import KeyClientsError, Location, column_letter
from keyclients_xl.read import combine, read_export
from keyclients_xl.read.controls import drop_control_characters
from keyclients_xl.read.html import read_html_rows
from keyclients_xl.read.limits import Size, check_package, part_contains, xml_pieces
from keyclients_xl.read.sniff import Kind, sniff
from keyclients_xl.read.sources import load_sheets
from keyclients_xl.read.text import read_text_rows, read_text_table, text_encoding

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
WHERE = Location(file="x")


def sheet_part(tmp_path: Path, xml: str, name: str = "sheet.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(package(xml.encode()))
    return path


# ---------------------------------------------------------------- sheet extents


PLACEMENTS = {
    "references": '<row r="2"><c r="B2"><v>1</v></c><c r="E2"><v>2</v></c></row>',
    "implied cells": '<row r="3"><c/><c/><c><v>1</v></c></row>',
    "rows without numbers": "<row><c><v>1</v></c></row><row><c/><c><v>2</v></c></row>",
    "rows out of order": '<row r="9"><c r="D9"><v>1</v></c></row><row r="2"><c r="B2"><v>2</v></c></row>',
    "references and implied": '<row r="2"><c r="B2"><v>1</v></c><c><v>2</v></c><c r="F2" s="1"/></row>',
    "cell row unlike its row": '<row r="2"><c r="C7"><v>1</v></c></row>',
    # calamine reads a reference in any XML spelling, and so must the exact pass:
    "tab before the reference": '<row r="2"><c\tr="C2"><v>1</v></c></row>',
    "implied after a tab": '<row r="2"><c\t/><c\t/><c\t><v>1</v></c></row>',
    "single quotes": "<row r='3'><c r='D3'><v>1</v></c></row>",
    "spaces round the equals sign": '<row r = "2"><c r = "E2"><v>1</v></c></row>',
    "lower case": '<row r="2"><c r="f4"><v>1</v></c></row>',
    "a quoted '>' before the reference": '<row r="2"><c t="n" s=">" r="G5"><v>1</v></c></row>',
}


@pytest.mark.parametrize("rows", PLACEMENTS.values(), ids=PLACEMENTS.keys())
def test_exact_extent_places_cells_as_calamine_does(rows, tmp_path):
    path = sheet_part(tmp_path, f"<worksheet {NS}><sheetData>{rows}</sheetData></worksheet>")
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("TDSheet").to_python(skip_empty_area=False)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        assert limits._exact_extent(xml_pieces(archive, info, WHERE), WHERE) == (len(grid), max(map(len, grid)))


ODD_SPELLINGS = {
    "far_cell_after_tab.xlsx": hostile.far_cell_after_tab,
    "far_cell_single_quotes.xlsx": hostile.far_cell_single_quotes,
    "far_cell_spaced_equals.xlsx": hostile.far_cell_spaced_equals,
    "far_cell_lower_case.xlsx": hostile.far_cell_lower_case,
    "far_cell_own_prefix.xlsx": hostile.far_cell_own_prefix,
    "far_cell_second_reference.xlsx": hostile.far_cell_second_reference,
}


@pytest.mark.parametrize("make", ODD_SPELLINGS.values(), ids=ODD_SPELLINGS.keys())
def test_calamine_alone_aborts_on_each_spelling_of_a_far_cell(make, tmp_path):
    """Why the guard reads every spelling: unguarded, calamine asks for 512 GiB and the process
    aborts (no exception to catch). Run in a child with its address space capped at 4 GiB."""
    path = tmp_path / "far.xlsx"
    path.write_bytes(make())
    assert aborted(read_alone(path), "549755813888 bytes")


@pytest.mark.parametrize("make", ODD_SPELLINGS.values(), ids=ODD_SPELLINGS.keys())
def test_the_cheap_bounds_send_each_spelling_to_the_exact_pass(make, tmp_path):
    path = tmp_path / "far.xlsx"
    path.write_bytes(make())
    with zipfile.ZipFile(path) as archive:
        bounds = limits._SheetBounds()
        for data, end in xml_pieces(archive, archive.getinfo("xl/worksheets/sheet1.xml"), WHERE):
            bounds.add(data, end)
    assert bounds.cells_bound() > limits.SHEET_CELLS_MAX


@pytest.mark.parametrize("reference", ["A" + "9" * 5000, "A" * 5000 + "1"], ids=["5,000 digits", "5,000 letters"])
def test_a_reference_of_thousands_of_characters_is_refused_with_its_message(tmp_path, reference):
    """Python refuses int() of more than 4,300 digits: the exact pass never spells such a number out."""
    path = sheet_part(
        tmp_path, f'<worksheet {NS}><sheetData><row r="1"><c r="{reference}"><v>1</v></c></row></sheetData></worksheet>'
    )
    with pytest.raises(KeyClientsError) as caught:
        check_package(path, WHERE)
    assert caught.value.key == "file.sheet_too_big"


def test_an_excel_sheet_with_every_usual_attribute_is_cleared_by_the_cheap_bounds(tmp_path):
    """No false alarm (the exact pass takes minutes on a million lines): attributes that end in
    r (footer, operator) and the r: namespace are not cell references."""
    sheet = sheet_xml([(f"{col}{row}", row) for row in range(1, 300) for col in "ABJ"]).replace(
        b"</sheetData>",
        b'</sheetData><conditionalFormatting sqref="B2:B299"><cfRule type="cellIs" dxfId="0" priority="1" '
        b'operator="between"><formula>1</formula><formula>5</formula></cfRule></conditionalFormatting>'
        b'<dataValidations count="1"><dataValidation type="list" operator="equal" sqref="J2"><formula1>"a,b"'
        b'</formula1></dataValidation></dataValidations><pageMargins left="0.7" right="0.7" top="0.75" '
        b'bottom="0.75" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="portrait" r:id="rId1"/>',
    )
    sheet = sheet.replace(b"<worksheet ", b'<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
                          b'2006/relationships" ', 1)  # fmt: skip
    path = tmp_path / "usual.xlsx"
    path.write_bytes(package(sheet))
    with zipfile.ZipFile(path) as archive:
        bounds = limits._SheetBounds()
        for data, end in xml_pieces(archive, archive.getinfo("xl/worksheets/sheet1.xml"), WHERE):
            bounds.add(data, end)
    assert not bounds.unplaced and bounds.cells_bound() == 299 * 10


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chunk=st.integers(8, 120))
def test_a_tag_whose_quoted_value_holds_a_greater_than_sign_is_never_split(chunk, monkeypatch):
    """'>' is allowed inside a quoted value: the last tag of a piece is carried whole then."""
    monkeypatch.setattr(limits, "CHUNK_BYTES", chunk)
    tag = '<c t="n" s=">>>" r="XFD1048576">'
    xml = f'<worksheet {NS}><sheetData><row r="1">{tag}<v>1</v></c></row></sheetData></worksheet>'.encode()
    with zipfile.ZipFile(io.BytesIO(package(xml))) as archive:
        pieces = [data[:end] for data, end in xml_pieces(archive, archive.getinfo("xl/worksheets/sheet1.xml"), WHERE)]
    assert any(tag.encode() in piece for piece in pieces) and b"".join(pieces) == xml


@pytest.mark.parametrize(("last", "bound"), [("AD", 30), ("AB", 28), ("ZZ", 702), ("ADC", 806), ("XFD", 16_406)])
def test_a_wide_sheet_is_cleared_by_the_cheap_bounds_within_a_small_factor(tmp_path, last, bound):
    """12,000 rows: the bound is 12,999 rows (the last row begins with 12) × the columns to the
    last one's first two letters, then Z (AD is AD: a 510,000-row export in A–AD needs no
    cell-by-cell pass, which takes a minute; ADC, column 783, is at most ADZ, 806)."""
    cells = [(f"{col}{row}", row) for row in range(1, 12_001) for col in ("A", last)]
    path = sheet_part(tmp_path, sheet_xml(cells).decode())
    with zipfile.ZipFile(path) as archive:
        bounds = limits._SheetBounds()
        for data, end in xml_pieces(archive, archive.getinfo("xl/worksheets/sheet1.xml"), WHERE):
            bounds.add(data, end)
    assert bounds.cells_bound() == 12_999 * bound


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    places=st.lists(st.tuples(st.integers(1, 1_048_576), st.integers(1, 16_384)), min_size=1, max_size=30),
    chunk=st.integers(8, 400),
)
def test_the_cheap_bound_is_never_below_the_true_extent(places, chunk, monkeypatch):
    """Cells at any places, rows in any order, pieces cut anywhere: the bound is proved, never guessed."""
    monkeypatch.setattr(limits, "CHUNK_BYTES", chunk)
    rows = "".join(f'<row r="{r}"><c r="{column_letter(c)}{r}"><v>1</v></c></row>' for r, c in places)
    data = package(f"<worksheet {NS}><sheetData>{rows}</sheetData></worksheet>".encode())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        bounds = limits._SheetBounds()
        for piece, end in xml_pieces(archive, archive.getinfo("xl/worksheets/sheet1.xml"), WHERE):
            bounds.add(piece, end)
    assert bounds.cells_bound() >= max(row for row, _ in places) * max(col for _, col in places)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tags=st.lists(st.sampled_from(['<c r="B{r}">', "<c>", '<c s="1">', '<c s="1" r="C{r}">', '<c  r="D{r}">']),
                  min_size=1, max_size=20),
    chunk=st.integers(8, 200),
)  # fmt: skip
def test_a_cell_that_does_not_open_with_its_reference_sends_the_sheet_to_the_exact_pass(tags, chunk, monkeypatch):
    """Calamine places a cell without a reference after the one before it: the bounds cannot tell."""
    monkeypatch.setattr(limits, "CHUNK_BYTES", chunk)
    rows = "".join(f'<row r="{r}">{tag.format(r=r)}<v>1</v></c></row>' for r, tag in enumerate(tags, 1))
    data = package(f"<worksheet {NS}><sheetData>{rows}</sheetData></worksheet>".encode())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        bounds = limits._SheetBounds()
        for piece, end in xml_pieces(archive, archive.getinfo("xl/worksheets/sheet1.xml"), WHERE):
            bounds.add(piece, end)
    assert bounds.unplaced == any(not tag.startswith('<c r="') for tag in tags)
    assert (bounds.cells_bound() > limits.SHEET_CELLS_MAX) == bounds.unplaced


def test_a_big_sheet_is_cleared_by_the_cheap_bounds(tmp_path):
    """Up to 999,999 rows in columns A–Z the cheap bound suffices: no cell-by-cell pass."""
    cells = [(f"{col}{row}", row) for row in (1, 999_999) for col in ("A", "Z")]
    path = sheet_part(tmp_path, sheet_xml(cells).decode())
    with zipfile.ZipFile(path) as archive:
        bounds = limits._SheetBounds()
        for data, end in xml_pieces(archive, archive.getinfo("xl/worksheets/sheet1.xml"), WHERE):
            bounds.add(data, end)
    assert bounds.cells_bound() == 999_999 * 26 <= limits.SHEET_CELLS_MAX


def test_the_limit_error_names_sheet_cell_and_counts(tmp_path):
    path = sheet_part(tmp_path, sheet_xml([("A1", "Дата"), ("AB1000000", 1)]).decode())
    with pytest.raises(KeyClientsError) as caught:
        check_package(path, Location(file=path.name))
    assert caught.value.where.sheet == "TDSheet"
    assert caught.value.message("en") == (
        "file 'sheet.xlsx', sheet 'TDSheet': the sheet's last filled cell is AB1000000: 28,000,000 cells from A1 "
        "to it, more than the limit of 26,000,000. Delete the extra rows and columns in Excel (Ctrl+End shows the "
        "last cell)."
    )


# ---------------------------------------------------------------- streaming


def test_pieces_never_split_a_tag_and_join_back_to_the_part(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "CHUNK_BYTES", 7)
    xml = sheet_xml([(f"A{r}", f"клиент {r}") for r in range(1, 40)])
    path = sheet_part(tmp_path, xml.decode())
    with zipfile.ZipFile(path) as archive:
        pieces = [data[:end] for data, end in xml_pieces(archive, archive.getinfo("xl/worksheets/sheet1.xml"), WHERE)]
    assert b"".join(pieces) == xml
    assert all(piece.rfind(b"<") < piece.rfind(b">") for piece in pieces if b"<" in piece)


def _pieces(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as archive:
        return [data[:end] for data, end in xml_pieces(archive, archive.getinfo("xl/worksheets/sheet1.xml"), WHERE)]


def test_reading_ahead_in_a_second_thread_gives_the_same_pieces(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "CHUNK_BYTES", 11)
    xml = sheet_xml([(f"A{r}", f"клиент {r}") for r in range(1, 200)])
    path = sheet_part(tmp_path, xml.decode())
    plain = _pieces(path)
    monkeypatch.setattr(limits, "READ_AHEAD_FROM", 0)
    ahead = _pieces(path)
    assert ahead == plain and b"".join(ahead) == xml and len(ahead) > 100


def test_reading_ahead_still_refuses_a_part_that_inflates_past_its_declared_size(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "READ_AHEAD_FROM", 0)
    path = tmp_path / "lying.xlsx"
    path.write_bytes(lying_sizes())
    with pytest.raises(KeyClientsError) as caught:
        check_package(path, WHERE)
    assert caught.value.key == "file.damaged"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(st.characters(codec="utf-8"), max_size=3000),
    noise=st.binary(max_size=3000),
    repeats=st.integers(1, 300),
    read=st.integers(1, 5000),
)
def test_isa_l_inflates_a_part_to_the_bytes_zipfile_gives(tmp_path, text, noise, repeats, read):
    """Compressible and incompressible bytes, read in pieces of any size: ISA-L's output, joined,
    is zipfile's, and its CRC-32 check passes."""
    assert limits._isal is not None  # a dependency wherever it has wheels (pyproject.toml), this machine too
    body = text.encode() * repeats + noise
    path = tmp_path / "part.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a", b"before")
        archive.writestr("xl/worksheets/sheet1.xml", body)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        with limits._inflating(archive, info) as stream:
            assert isinstance(stream, limits._RawDeflate)
            pieces = list(iter(lambda: stream.read(read), b""))
    assert b"".join(pieces) == body and all(0 < len(piece) <= read for piece in pieces)


def test_without_isa_l_the_guard_reads_through_zipfile_and_gives_the_same_pieces(tmp_path, monkeypatch):
    """Where isal has no wheel (Windows on ARM) it is not installed: zipfile inflates instead."""
    monkeypatch.setattr(limits, "CHUNK_BYTES", 13)
    xml = sheet_xml([(f"A{r}", f"клиент {r}") for r in range(1, 200)])
    path = sheet_part(tmp_path, xml.decode())
    with_isal = _pieces(path)
    monkeypatch.setattr(limits, "_isal", None)
    with zipfile.ZipFile(path) as archive, limits._inflating(archive, archive.getinfo("xl/worksheets/sheet1.xml")) as s:
        assert not isinstance(s, limits._RawDeflate)
    assert _pieces(path) == with_isal and b"".join(with_isal) == xml
    check_package(path, WHERE)


def _deflated_package(tmp_path: Path, change) -> Path:
    """A good .xlsx whose worksheet entry is changed by `change(data, local header offset, info)`."""
    xml = sheet_xml([(f"A{r}", f"клиент {r}") for r in range(1, 300)])
    path = sheet_part(tmp_path, xml.decode())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    assert info.compress_type == zipfile.ZIP_DEFLATED
    data = bytearray(path.read_bytes())
    change(data, info.header_offset, info)
    path.write_bytes(bytes(data))
    return path


def _wrong_crc(data, local, info):
    crc = struct.pack("<L", info.CRC ^ 1)
    data[local + 14 : local + 18] = crc  # the local header's CRC-32 …
    name = info.filename.encode()
    central = data.find(name, local + 30 + len(name)) - 46  # the name ends its central entry's header
    assert data[central : central + 4] == b"PK\x01\x02"
    data[central + 16 : central + 20] = crc  # … and the central directory's, which zipfile trusts


def _cut_short(data, local, info):
    name, extra = struct.unpack_from("<HH", data, local + 26)
    start = local + 30 + name + extra
    half = info.compress_size // 2
    data[start + half : start + info.compress_size] = bytes(info.compress_size - half)


def _no_local_header(data, local, info):
    data[local : local + 4] = b"XXXX"


@pytest.mark.parametrize(
    "change", [_wrong_crc, _cut_short, _no_local_header], ids=["wrong CRC-32", "cut short", "no local header"]
)
def test_isa_l_refuses_a_broken_deflated_part_as_damaged(tmp_path, change):
    path = _deflated_package(tmp_path, change)
    with pytest.raises(KeyClientsError) as caught:
        check_package(path, WHERE)
    assert caught.value.key == "file.damaged"


def test_a_scan_stopped_early_leaves_no_reading_thread_behind(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "CHUNK_BYTES", 7)
    monkeypatch.setattr(limits, "READ_AHEAD_FROM", 0)
    path = sheet_part(tmp_path, sheet_xml([(f"A{r}", r) for r in range(1, 100)]).decode())
    with zipfile.ZipFile(path) as archive:
        pieces = xml_pieces(archive, archive.getinfo("xl/worksheets/sheet1.xml"), WHERE)
        next(pieces)
        assert any(thread.name.startswith("keyclients-inflate") for thread in threading.enumerate())
        pieces.close()
    assert not any(thread.name.startswith("keyclients-inflate") for thread in threading.enumerate())


def test_outline_search_streams_and_finds_across_pieces(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "CHUNK_BYTES", 5)
    grouped = (
        f'<worksheet {NS}><sheetData><row r="1" outlineLevel="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'
    )
    assert part_contains(sheet_part(tmp_path, grouped), b'outlineLevel="', "xl/worksheets/")
    flat = f'<worksheet {NS}><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'
    assert not part_contains(sheet_part(tmp_path, flat, "flat.xlsx"), b'outlineLevel="', "xl/worksheets/")


def test_a_small_part_may_pack_tightly(tmp_path):
    """Half a megabyte of blanks packs about 1,000 to 1: below PART_RATIO_FLOOR that is no bomb."""
    xml = f"<worksheet {NS}><sheetData>{' ' * (1 << 19)}</sheetData></worksheet>"
    check_package(sheet_part(tmp_path, xml), WHERE)


def test_sizes_are_told_in_megabytes():
    assert Size(3_000_000_000).text("en") == "2,861 MB"
    assert Size(1536 * 1024).text("ru") == "1,5 МБ"


# ---------------------------------------------------------------- what a file is


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (codecs.BOM_UTF16_LE + "Дата\tСумма\r\n".encode("utf-16-le"), Kind.TEXT),
        (codecs.BOM_UTF16_LE + "<html><table><tr><td>1</td></tr></table>".encode("utf-16-le"), Kind.HTML),
        ("Дата;Клиент\n01.08.2026;Альфа\x00\x00\x00\x00\x00\x00\x00\n".encode(), Kind.TEXT),  # NUL-padded names
        ("Дата;Клиент\n".encode("cp1251"), Kind.TEXT),
        (b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(4000), Kind.BINARY),
        (b"<!DOCTYPE html><html><body><table></table></body></html>", Kind.HTML),
        (b"\xef\xbb\xbf  <table><tr><td>1</td></tr></table>", Kind.HTML),
    ],
    ids=["utf-16 text", "utf-16 html", "nul padding", "cp1251", "png", "doctype", "bom and blanks"],
)
def test_sniff_tells_the_kind_by_content(content, kind, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    assert sniff(path, WHERE) is kind


def test_a_link_to_an_endless_device_is_refused_before_reading(tmp_path):
    link = tmp_path / "export.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(KeyClientsError) as caught:
        load_sheets(link)
    assert caught.value.key == "file.not_a_table"
    assert caught.value.message("en") == (
        "file 'export.csv': this is not a table but a device or a pipe. Give an export in Excel (.xlsx, .xls) or CSV."
    )


def test_an_xlsx_named_xls_is_read_by_its_content(tmp_path):
    path = tmp_path / "Продажи.xls"
    path.write_bytes(package(sheet_xml([("A1", "Дата"), ("B1", "Контрагент"), ("A2", 46000), ("B2", "ООО Альфа")])))
    sheets = load_sheets(path)
    assert sheets[0].rows == [["Дата", "Контрагент"], [46000.0, "ООО Альфа"]]


# ---------------------------------------------------------------- text


def test_utf16_unicode_text_reads_tabs_and_keeps_the_field_limit(tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + csv_text("\t").replace("\n", "\r\n").encode("utf-16-le"))
    before = csv.field_size_limit()
    rows, encoding, delimiter = read_text_rows(path, WHERE)
    assert (encoding, delimiter) == ("utf-16", "\t")
    assert rows[0] == HEADER and rows[1] == ["05.08.2026", "ООО Альфа", "1200.5"]
    assert len(rows) == len(LINES) + 1
    assert csv.field_size_limit() == before  # the process-wide limit is put back


def test_one_bad_byte_far_into_the_file_means_it_is_not_utf8(tmp_path):
    path = tmp_path / "late.csv"
    path.write_bytes(b"a;b\n" + b"1;2\n" * 100_000 + "3;Ёлка\n".encode("cp1251"))
    assert text_encoding(path) == "cp1251"
    rows, encoding, _ = read_text_rows(path, WHERE)
    assert rows[-1] == ["3", "Ёлка"]


def test_a_cell_over_excels_limit_is_named_by_the_line_it_starts_on(tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text('a;b\n1;2\n3;"' + "x\n" * 40_000 + "5;6\n", encoding="utf-8")
    with pytest.raises(KeyClientsError) as caught:
        read_text_rows(path, Location(file=path.name))
    assert caught.value.key == "file.cell_too_long" and caught.value.where.row == 3


@pytest.mark.parametrize(("letters", "refused"), [(32_767, False), (32_768, True)])
def test_the_cell_limit_counts_characters_not_bytes(letters, refused, tmp_path):
    """Cyrillic takes two bytes a letter: 32,767 letters (65,534 bytes) are within Excel's limit."""
    path = tmp_path / "long.csv"
    path.write_text("a;b\n1;2\n3;" + "ж" * letters + "\n", encoding="utf-8")
    if refused:
        with pytest.raises(KeyClientsError) as caught:
            read_text_table(path, Location(file=path.name))
        assert caught.value.key == "file.cell_too_long" and caught.value.where.row == 3
    else:
        columns, _, _ = read_text_table(path, Location(file=path.name))
        assert columns[1].to_pylist()[-1] == "ж" * letters


def test_a_too_long_line_without_proof_of_a_long_cell(tmp_path, monkeypatch):
    """A line longer than the limit whose cells could each be short: said as it is."""
    monkeypatch.setattr("keyclients_xl.read.text.LINE_CHARS_MAX", 1000)
    path = tmp_path / "long.csv"
    path.write_text("a;b\n" + ";".join(["x" * 10] * 200) + "\n", encoding="utf-8")
    with pytest.raises(KeyClientsError) as caught:
        read_text_rows(path, Location(file=path.name))
    assert caught.value.key == "file.line_too_long" and caught.value.where.row == 2


# ---------------------------------------------------------------- HTML


def test_html_keeps_codes_text_and_headers_as_rows(tmp_path):
    page = (
        "<html><body><table><thead><tr><th rowspan=2>Код клиента</th><th colspan=2>Отгрузки</th></tr>"
        "<tr><th>Дата</th><th>Сумма</th></tr></thead><tbody>"
        "<tr><td>000123</td><td>05.08.2026</td><td>1 234,50</td></tr>"
        '<tr><td style="display:none">000456</td><td>06.08.2026</td><td></td></tr>'
        "</tbody></table></body></html>"
    )
    path = tmp_path / "crm.xls"
    path.write_text(page, encoding="utf-8")
    rows, tables = read_html_rows(path, WHERE)
    assert tables == 1
    assert rows == [
        ["Код клиента", "Отгрузки", "Отгрузки"],
        ["Код клиента", "Дата", "Сумма"],
        ["000123", "05.08.2026", "1 234,50"],
        ["000456", "06.08.2026", None],  # a hidden cell keeps its column
    ]


def test_an_html_page_is_measured_at_least_as_large_as_pandas_spreads_it(tmp_path, monkeypatch):
    """The bound on a page's cells is never below the cells pandas makes of its spans."""
    page = (
        '<tr><td colspan="3">Отчёт</td></tr><tr><td rowspan="2">А</td><td>1</td><td>2</td></tr>'
        '<tr><td colspan="2">3</td></tr><tr><td>4</td><td rowspan="3" colspan="2">5</td></tr>'
    )
    path = tmp_path / "page.xls"
    path.write_bytes(hostile.html_page(page))
    frames = pd.read_html(io.StringIO(path.read_text()), flavor="lxml")
    spread = sum(frame.shape[0] * frame.shape[1] for frame in frames) + sum(frame.shape[1] for frame in frames)
    import keyclients_xl.read.html as html_reader

    assert read_html_rows(path, WHERE)[1] == 1  # under the real limit: read
    monkeypatch.setattr(html_reader, "HTML_CELLS_MAX", spread - 1)  # just below what pandas makes
    with pytest.raises(KeyClientsError) as caught:
        read_html_rows(path, WHERE)
    assert caught.value.key == "file.html_spans_too_big"


def test_an_html_page_without_tables(tmp_path):
    path = tmp_path / "page.xls"
    path.write_text("<html><body><p>Нет данных</p></body></html>", encoding="utf-8")
    with pytest.raises(KeyClientsError) as caught:
        load_sheets(path)
    assert caught.value.key == "file.no_tables"


def test_html_saved_as_xls_in_windows_1251_reads_like_a_sheet(tmp_path):
    from hostile_corpus import html_table

    path = tmp_path / "Выгрузка.xls"
    path.write_bytes(html_table())
    export = read_export(path)
    assert export.header_row == 3  # a title table, the merged group header, then the header
    assert export.frame.groupby("client")["amount"].sum().to_dict() == {
        "ООО Альфа": 2100.5, "ООО Бета": 1000.0, "ИП Гамма": 50.0,
    }  # fmt: skip


# ---------------------------------------------------------------- control characters


@pytest.mark.parametrize("labels", [object, "category"])
def test_control_characters_leave_names_with_a_note(labels):
    """As text cells, and as the reader's Categoricals (whose categories are looked at first)."""
    frame = pd.DataFrame(
        {
            "client": ["ООО Аль\x07фа", "ООО Бета\x00\x00", None, "ООО Аль\x07фа", "ИП Гамма"],
            "sku": ["Товар\x1b 1", "Товар 2", "Товар 3", "Товар 4", 17.0],
            "manager": ["Иванов", "Петров", None, "Иванов", "Петров"],
            "amount": [1, 2, 3, 4, 5],
        }
    ).astype({"client": labels, "sku": labels, "manager": labels})
    cleaned, notes = drop_control_characters(frame)
    assert cleaned["client"].tolist()[:2] + cleaned["client"].tolist()[3:] == [
        "ООО Альфа", "ООО Бета", "ООО Альфа", "ИП Гамма",
    ]  # fmt: skip
    assert pd.isna(cleaned["client"][2])
    assert cleaned["sku"].tolist() == ["Товар 1", "Товар 2", "Товар 3", "Товар 4", 17.0]
    assert [note.text("en") for note in notes] == [
        "Invisible control characters (codes 0–31) removed from names: 3 names (ООО Альфа, ООО Бета, Товар 1)."
    ]


def test_names_without_control_characters_make_no_note():
    frame = pd.DataFrame({"client": ["ООО Альфа"], "amount": [1]})
    assert drop_control_characters(frame)[1] == []


def test_control_characters_are_removed_before_spellings_are_matched(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("Дата;Контрагент;Сумма\n05.08.2026;ООО Альфа;1\n06.08.2026;ООО Аль\x07фа;2\n", encoding="utf-8")
    shipments = combine([read_export(path)])
    assert shipments.frame["client"].unique().tolist() == ["ООО Альфа"]


def test_a_part_whose_checksum_is_wrong_is_refused_as_damaged(tmp_path):
    """fastexcel's calamine does not check a part's CRC: a changed byte in a stored sheet would be
    read as a different number (15 → 95). The guard reads every part through zipfile, which does."""
    cells = '<c r="A{r}" t="inlineStr"><is><t>клиент {r}</t></is></c><c r="B{r}"><v>{v}</v></c>'
    rows = "".join(f'<row r="{r}">{cells.format(r=r, v=r * 5)}</row>' for r in range(1, 20))
    good = package(f"<worksheet {NS}><sheetData>{rows}</sheetData></worksheet>".encode())
    stored = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    data = bytearray(stored.getvalue())
    at = data.find(b"<v>15</v>")
    data[at + 3] = ord("9")  # the stored bytes say 95 now; the CRC still says 15
    path = tmp_path / "changed.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(KeyClientsError) as caught:
        check_package(path, Location(file=path.name))
    assert caught.value.key == "file.damaged"
    import fastexcel  # our reader, on its own, reads the changed number

    column = fastexcel.read_excel(str(path)).load_sheet(0, header_row=None).to_arrow().column(1)
    assert column[2].as_py() == 95
