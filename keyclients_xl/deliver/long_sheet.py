"""Our long sheets (the key-client list, History) read back in a fraction of lxml's time.

A two-year workbook's key-client list and History hold about 450,000 cells. lxml makes a Python
object of each while a build reads their values and looks for the user's cells outside our
layout (sheet_read.read_sheet): 4-5 s, half of that build. Here the two questions are answered
apart, each by what is fast at it:

- **which cells lie outside our layout**: the places of all the part's cells, from its bytes
  (`cell_places`), checked against the layout at once with numpy. Hand-written because no
  library lists a worksheet's cell references without building every cell; lxml still copies
  the user's cells when there are any (rare), so only their places are read here.
- **the values**: calamine, on a package of this one sheet with the workbook's styles and
  shared strings (as the export reader reads slices, read/slices.py), then given the types
  sheet_read.CellReader gives (`as_cell_reader`).

Each answer is given only where it is certain, else None and the caller reads the sheet with
lxml: the bytes spelled otherwise than Excel and we write them (a prefix, `r` not first, a
comment or CDATA that could hide a tag), an error value (calamine reads it as empty), shared
strings or styles larger than a slice copies, more cells than the reader's limit.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import numpy as np

from .package import Package

FAST_FROM = 1 << 20  # a part smaller than this (1 MiB of XML) is read by lxml: it takes milliseconds
# Larger than any sheet of ours (History of 20,000 clients × 24 months: 11 MB, 190,000 cells):
# beyond these lxml streams the part, where calamine would hold it, and its rectangle, whole.
BYTES_MAX = 64 << 20
CELLS_MAX = 4_000_000  # cells from A1 to the farthest one (a stray cell far out makes many)
OTHER_PARTS_MAX = 16 << 20  # styles or shared strings larger than this: read by lxml

# A cell's start tag, however spelled (a prefix; <c>, <c/>, <c …>), and as Excel and we spell
# it: unprefixed, its reference first, in double quotes. Every cell must be spelled so.
_ANY_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"')
# What could hide a tag from the count or show a false one: "<!" opens a comment, CDATA or a
# DTD, "<?" a processing instruction (the declaration is one).
_HIDING = b"<!"
# The namespace our lxml reader reads (sheet_read: a Strict Open XML sheet is not read there).
_TRANSITIONAL = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def cell_places(data: bytes) -> tuple[np.ndarray, np.ndarray] | None:
    """Rows and columns (1-based) of every <c> of a worksheet part, from its XML bytes; None
    when a cell is spelled otherwise, or the sheet is not in the transitional namespace as its
    root's default (then lxml must read the sheet)."""
    if _HIDING in data or data.count(b"<?") > 1 or _TRANSITIONAL not in data[:4096]:
        return None
    refs = _CELL_REF.findall(data)
    if len(refs) != len(_ANY_CELL.findall(data)):
        return None
    if not refs:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    codes = np.array(refs).view(np.uint8).reshape(len(refs), -1)  # 'AB12' as bytes, 0-padded
    letters = (codes >= ord("A")) & (codes <= ord("Z"))
    digits = (codes >= ord("0")) & (codes <= ord("9"))
    cols = np.zeros(len(refs), np.int64)
    rows = np.zeros(len(refs), np.int64)
    for k in range(codes.shape[1]):  # a few steps: one a character of the longest reference
        cols = np.where(letters[:, k], cols * 26 + (codes[:, k].astype(np.int64) - ord("A") + 1), cols)
        rows = np.where(digits[:, k], rows * 10 + (codes[:, k].astype(np.int64) - ord("0")), rows)
    return rows, cols


def outside(rows: np.ndarray, cols: np.ndarray, layout) -> np.ndarray:
    """Which places lie outside every (row1, col1, row2, col2) rectangle of the layout."""
    inside = np.zeros(len(rows), bool)
    for r1, c1, r2, c2 in layout:
        inside |= (rows >= r1) & (rows <= r2) & (cols >= c1) & (cols <= c2)
    return ~inside


def calamine_rows(
    package: Package, data: bytes, styles: str | None, strings: str | None, extent: int
) -> list[list] | None:
    """The sheet's values by calamine, rows from A1 as sheet_read.read_sheet gives them; None
    where calamine would read them otherwise (an error value) or the package is beyond the
    bounds above. `extent`: the cells from A1 to the farthest one, from `cell_places`."""
    from python_calamine import CalamineWorkbook

    from ..read.limits import declared_strings_fit
    from ..read.slices import stored_zip

    if extent > CELLS_MAX or b' t="e"' in data:
        return None
    others = [(name, target) for name, target in ((styles, "xl/styles.xml"), (strings, "xl/sharedStrings.xml")) if name]
    if any(name not in package or package.zip.getinfo(name).file_size > OTHER_PARTS_MAX for name, _ in others):
        return None
    copied = [(target, package.read(name)) for name, target in others]
    if any(target == "xl/sharedStrings.xml" and not declared_strings_fit(text) for target, text in copied):
        return None
    package_of_one = stored_zip([*_ONE_SHEET, *copied, ("xl/worksheets/sheet1.xml", data)])
    book = CalamineWorkbook.from_filelike(io.BytesIO(package_of_one))
    return as_cell_reader(book.get_sheet_by_name("S").to_python(skip_empty_area=False))


def as_cell_reader(rows: list[list]) -> list[list]:
    """calamine's values with the types CellReader gives: None for an empty cell (an empty text
    too: calamine does not tell them apart, and every reader of ours takes both as blank), an integer
    for a whole number (as Excel writes one, without a point), a date as a datetime, a duration
    as the datetime Excel's serial names; trailing empty rows and columns left out."""
    # A non-empty text, most cells, is kept without a call.
    converted = [[v if type(v) is str and v else _CONVERT.get(type(v), _same)(v) for v in row] for row in rows]
    width = max((_filled_width(row) for row in converted), default=0)
    height = next((i + 1 for i in range(len(converted) - 1, -1, -1) if _filled_width(converted[i])), 0)
    return [row[:width] + [None] * (width - len(row)) for row in converted[:height]]


def _filled_width(row: list) -> int:
    return next((i + 1 for i in range(len(row) - 1, -1, -1) if row[i] is not None), 0)


def _same(value: object) -> object:
    return value


def _number(value: float) -> int | float:
    # Excel writes a whole number under 10^15 without a point, which CellReader reads as an int.
    return int(value) if value.is_integer() and -1e15 < value < 1e15 else value


def _duration(value: dt.timedelta) -> dt.datetime:
    from openpyxl.utils.datetime import from_excel

    return from_excel(value.total_seconds() / 86400)


_CONVERT = {
    str: lambda v: v or None,
    float: _number,
    dt.date: lambda v: dt.datetime(v.year, v.month, v.day),
    dt.timedelta: _duration,
}

_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ONE_SHEET = [
    (
        "[Content_Types].xml",
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>',
    ),
    (
        "_rels/.rels",
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="' + _REL + b'/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    (
        "xl/workbook.xml",
        b'<workbook xmlns="' + _MAIN + b'" xmlns:r="' + _REL + b'"><sheets>'
        b'<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    (
        "xl/_rels/workbook.xml.rels",
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="' + _REL + b'/worksheet" Target="worksheets/sheet1.xml"/>'
        b'<Relationship Id="rId2" Type="' + _REL + b'/styles" Target="styles.xml"/>'
        b'<Relationship Id="rId3" Type="' + _REL + b'/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    ),
]
