"""The size guard for an .xlsx's shared strings (read/shared_strings.py): the text its cells copy
from sharedStrings.xml, counted against calamine's own reading, and the 1 MB file that made
calamine take 15 GB before the guard counted it."""

from __future__ import annotations

import zipfile

import hostile_corpus as hostile
import numpy as np
import pytest
from calamine_alone import aborted, read_alone
from hostile_corpus import HEADER, package, shared_sheet_xml, shared_strings_xml
from python_calamine import CalamineWorkbook

from keyclients_xl.errors import KeyClientsError, Location
from keyclients_xl.read import combine, read_export
from keyclients_xl.read.limits import check_package, raw_pieces
from keyclients_xl.read.shared_strings import CELL_TEXT_MAX, could_exceed, shared_string_lengths, shared_text

WHERE = Location(file="x")
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def lengths_of(path) -> np.ndarray:
    with zipfile.ZipFile(path) as archive:
        return shared_string_lengths(raw_pieces(archive, archive.getinfo("xl/sharedStrings.xml"), WHERE))


SHARED = {
    "plain": "<si><t>ООО Альфа</t></si>",
    "spaces kept": '<si><t xml:space="preserve">  два пробела  </t></si>',
    "entities": "<si><t>A &amp; B &lt;C&gt; &#1071;</t></si>",
    "rich text runs": "<si><r><rPr><b/></rPr><t>жир</t></r><r><t>ный</t></r></si>",
    "phonetic reading (calamine leaves it out)": "<si><t>東京</t><rPh sb='0' eb='2'><t>トウキョウ</t></rPh></si>",
    "empty": "<si/>",
    "a prefix of its own": '<x:si xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:t>Бета</x:t></x:si>',
}


@pytest.mark.parametrize("item", SHARED.values(), ids=SHARED.keys())
def test_each_shared_string_measures_at_least_what_calamine_reads(item, tmp_path):
    sst = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + item.encode()
        + b"<si><t>after</t></si></sst>"
    )
    path = tmp_path / "book.xlsx"
    sheet = shared_sheet_xml([[("s", 0), ("s", 1)]])
    path.write_bytes(package(sheet, extra={"xl/sharedStrings.xml": sst}))
    first, second = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("TDSheet").to_python()[0]
    lengths = lengths_of(path)
    assert len(lengths) == 2 and lengths[1] == len(b"after")  # the next string is at its own place
    assert lengths[0] >= len(str(first).encode())
    if "rPh" not in item:
        assert lengths[0] == len(str(first).encode())  # exact but for the reading calamine drops


def test_the_text_a_sheet_refers_to_is_counted_cell_by_cell():
    lengths = np.array([10, 200, 3000], dtype=np.int64)
    cells = (
        b'<c r="A1" t="s"><v>0</v></c>'
        b'<c r="B1" s="4" t="s"><v>2</v></c>'  # the type after the style
        b"<c r='C1' t = 's'><v> 1 </v></c>"  # single quotes, spaces
        b'<x:c r="D1" t="s"><x:v>1</x:v></x:c>'  # prefixed
        b'<c r="E1" t="s"><v>7</v></c>'  # no such string: counted as the longest
        b'<c r="F1" t="s"><f>A1</f><v>0</v></c>'  # a value the search cannot read: the longest
        b'<c r="G1" t="inlineStr"><is><t>s</t></is></c><c r="H1"><v>2</v></c>'  # not shared
    )
    assert shared_text(cells, len(cells), lengths) == 10 + 3000 + 200 + 200 + 3000 + 3000


def test_a_sheet_counts_the_bytes_of_its_shared_text_cells(tmp_path):
    """Counted from the references, and the same as the cells calamine reads, summed."""
    texts = ["ООО Альфа", "ИП Бета & Co", "05.08.2026", "  пробелы  "]
    rows = [[("s", n % 4), ("s", (n * 7) % 4), n] for n in range(500)]
    path = tmp_path / "book.xlsx"
    path.write_bytes(package(shared_sheet_xml(rows), extra={"xl/sharedStrings.xml": shared_strings_xml(texts)}))
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("TDSheet").to_python()
    read_by_calamine = sum(len(cell.encode()) for row in grid for cell in row if isinstance(cell, str))
    by_hand = sum(len(texts[i].encode()) for n in range(500) for i in (n % 4, (n * 7) % 4))
    with zipfile.ZipFile(path) as archive:
        data = archive.read("xl/worksheets/sheet1.xml")
    assert shared_text(data, len(data), lengths_of(path)) == by_hand == read_by_calamine


def test_only_a_sheet_large_enough_for_the_longest_string_is_counted():
    lengths = np.array([100, 2 << 20])
    assert not could_exceed(8 << 20, np.array([100]))  # 8 MB of cells of 100 bytes each: 52 MB at most
    assert could_exceed(16 << 20, lengths)  # of 2 MB each: 2 TB at most
    assert not could_exceed(1 << 20, np.zeros(0, dtype=np.int64))


def test_calamine_alone_aborts_on_cells_that_repeat_a_long_shared_string(tmp_path):
    """Why the guard counts shared text: a 1 MB file, 40 GB once each cell has its copy."""
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(hostile.shared_text_bomb())
    assert path.stat().st_size < 1_200_000
    assert aborted(read_alone(path))
    with pytest.raises(KeyClientsError) as caught:
        check_package(path, WHERE)
    error = caught.value
    assert (error.key, error.where.sheet) == ("file.shared_text_too_big", "TDSheet")
    assert error.params["size"].size > 20_000 * (2 << 20) * 0.99 and error.params["size"].size > CELL_TEXT_MAX


def test_an_export_with_shared_strings_still_reads(tmp_path):
    rows = [HEADER, *[[date, ("s", 1 + n % 2), amount] for n, (date, _, amount) in enumerate(hostile.LINES)]]
    path = tmp_path / "export.xlsx"
    path.write_bytes(
        package(shared_sheet_xml(rows), extra={"xl/sharedStrings.xml": shared_strings_xml(["x", "А", "Б"])})
    )
    check_package(path, WHERE)
    amounts = combine([read_export(path)]).frame.groupby("client")["amount"].sum().to_dict()
    assert amounts == {"А": 1200.5 + 800 + 700, "Б": 300 + 50 + 100}


def test_the_limit_is_on_the_text_of_all_sheets_together(tmp_path, monkeypatch):
    """The reader keeps every sheet it reads: two sheets under the limit each can pass it together."""
    import keyclients_xl.read.limits as limits
    import keyclients_xl.read.shared_strings as shared_strings

    monkeypatch.setattr(shared_strings, "CELL_TEXT_MAX", 150_000)
    monkeypatch.setattr(limits, "CELL_TEXT_MAX", 150_000)
    sheet = shared_sheet_xml([[("s", 0)] for _ in range(100)])  # 100 cells × 1,000 bytes
    sst = shared_strings_xml(["я" * 500])
    path = tmp_path / "one.xlsx"
    path.write_bytes(package(sheet, extra={"xl/sharedStrings.xml": sst}))
    check_package(path, WHERE)  # 100,000 bytes: under the limit
    path = tmp_path / "two.xlsx"
    path.write_bytes(package(sheet, extra={"xl/sharedStrings.xml": sst, "xl/worksheets/sheet2.xml": sheet}))
    with pytest.raises(KeyClientsError) as caught:
        check_package(path, WHERE)
    assert caught.value.key == "file.shared_text_too_big" and caught.value.params["size"].size == 200_000


@pytest.mark.parametrize(
    ("items", "plain"),
    [
        ("<si><r><rPr><b/><sz val='11'/></rPr><t>жир</t></r></si><si/><si><t>обычный текст</t></si>", True),
        ("<si><t>a</t></si><!-- <si><t>x</t></si> --><si><t>длинный текст</t></si>", False),
        ("<si><t><![CDATA[<si>]]>длинный текст</t></si>", False),
    ],
    ids=["rich text and empty tags", "a comment", "CDATA"],
)
def test_the_longest_string_is_bounded_without_a_parser_where_the_part_is_plain(items, plain):
    """Bytes from one <si> to the next bound each string; a comment or CDATA could hide a '<si'."""
    from keyclients_xl.read.shared_strings import longest_bound

    sst = f'<?xml version="1.0"?><sst xmlns="{NS}">{items}</sst>'.encode()
    bound = longest_bound([(sst, len(sst))])
    if plain:
        assert bound >= int(shared_string_lengths([sst]).max()) > 0
    else:
        assert bound is None


@pytest.mark.parametrize("count", ["4000000000", "9" * 5000])
def test_a_count_of_strings_the_part_cannot_hold_is_refused_before_calamine_reserves_it(count, tmp_path):
    path = tmp_path / "declared.xlsx"
    path.write_bytes(hostile.declared_strings(count))
    if count == "4000000000":
        assert aborted(read_alone(path))  # calamine reserves 96 GB first
    with pytest.raises(KeyClientsError) as caught:
        check_package(path, WHERE)
    assert caught.value.key == "file.damaged"


def test_an_honest_count_of_strings_passes(tmp_path):
    path = tmp_path / "honest.xlsx"
    path.write_bytes(hostile.declared_strings("1"))
    check_package(path, WHERE)
    assert combine([read_export(path)]).frame["client"].unique().tolist() == ["ООО Альфа"]
