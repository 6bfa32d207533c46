"""Read the cells of one worksheet part, streaming, without loading the rest of the workbook.

openpyxl can only load a workbook as a whole (its read-only mode still builds every sheet's
object and reads every shared string into its model), and what we read is a handful of
our own sheets in a workbook that may hold years of the user's data. So the few sheets a
build reads are parsed here with lxml's iterparse, one cell at a time. A long one (History,
the key-client list of a big workbook) is read by long_sheet.py where it can vouch for it.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass

from lxml import etree

from ..errors import column_number
from .opc import MAIN_NS
from .package import Package, PackageError

_C, _ROW, _SI, _T, _RPH, _V = (f"{{{MAIN_NS}}}{tag}" for tag in ("c", "row", "si", "t", "rPh", "v"))
_LETTERS = re.compile(r"[A-Z]{1,3}")
_DIGITS = "0123456789"


def split_ref(ref: str) -> tuple[int, int]:
    """'B12' → (12, 2). Called for every cell a build reads back: string methods and one
    lookup of the column letters, no regular expression per cell."""
    letters = ref.rstrip(_DIGITS)
    number = ref[len(letters) :]
    col = _column_number(letters)
    if not number or not col:
        raise PackageError(f"bad cell reference {ref!r}")
    return int(number), col


@functools.cache
def _column_number(letters: str) -> int:
    """'AB' → 28; 0 for what is not one to three capital letters."""
    return column_number(letters) if _LETTERS.fullmatch(letters) else 0


def _iterparse(stream, tag):
    return etree.iterparse(stream, events=("end",), tag=tag, resolve_entities=False, no_network=True, load_dtd=False)


def shared_strings(package: Package, part: str | None) -> list[str]:
    """The shared string table as plain texts (rich-text runs joined, phonetic runs left out)."""
    if not part or part not in package:
        return []
    texts = []
    with package.stream(part) as stream:
        for _, si in _iterparse(stream, _SI):
            texts.append("".join(t.text or "" for t in si.iter(_T) if t.getparent().tag != _RPH))
            si.clear()
    return texts


def date_styles(styles: etree._Element | None) -> set[int]:
    """Indices of the cell formats (cellXfs) that show a date or time."""
    if styles is None:
        return set()
    # openpyxl here, not at the top: a build reads the settings sheet before the exports.
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    codes = {int(n.get("numFmtId")): n.get("formatCode", "") for n in styles.iter(f"{{{MAIN_NS}}}numFmt")}
    cell_xfs = styles.find(f"{{{MAIN_NS}}}cellXfs")
    found = set()
    for i, xf in enumerate(cell_xfs if cell_xfs is not None else []):
        fmt = int(xf.get("numFmtId", "0"))
        code = codes.get(fmt, BUILTIN_FORMATS.get(fmt, ""))
        if code and is_date_format(code):
            found.add(i)
    return found


@dataclass
class CellReader:
    """Values of cells, given the workbook's shared strings and date formats.

    `strings`: the shared string table, or a function that reads it; it is read at the first
    shared-string cell only (our own sheets hold inline strings, so usually never)."""

    strings: list[str] | Callable[[], list[str]]
    dates: set[int]

    def _strings(self) -> list[str]:
        if callable(self.strings):
            self.strings = self.strings()
        return self.strings

    def value(self, c: etree._Element) -> object:
        kind = c.get("t", "n")
        if kind == "inlineStr":
            if len(c) == 1 and len(c[0]) == 1 and c[0][0].tag == _T:  # <is><t>…</t></is>, most cells
                return c[0][0].text or ""
            return "".join(t.text or "" for t in c.iter(_T) if t.getparent().tag != _RPH)
        v = c.findtext(_V)
        if not v:
            return None
        if kind == "s":
            index, strings = int(v), self._strings()
            return strings[index] if 0 <= index < len(strings) else None
        if kind in ("str", "e"):
            return v
        if kind == "b":
            return v.strip() == "1"
        number = float(v)
        if int(c.get("s", "0")) in self.dates:
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(number)
            except (ValueError, OverflowError):
                return number
        return int(number) if number.is_integer() and "." not in v and "E" not in v.upper() else number


def iter_cells(package: Package, part: str) -> Iterator[tuple[int, int, etree._Element]]:
    """(row, column, <c> element) for each cell of the sheet part. Each element is valid
    until the next one is yielded: copy it to keep it."""
    for row_number, node in _iter_rows(package, part):
        for position, cell in enumerate(node, start=1):
            if cell.tag == _C:
                yield (*_place(cell, row_number, position), cell)


def _iter_rows(package: Package, part: str) -> Iterator[tuple[int, etree._Element]]:
    """(row number, <row> element): one parser event a row, its cells read from the element."""
    with package.stream(part) as stream:
        row_number = 0
        for _, node in _iterparse(stream, _ROW):
            row_number = int(node.get("r", row_number + 1))
            yield row_number, node
            node.clear()
            while node.getprevious() is not None:  # keep memory flat on a long sheet
                del node.getparent()[0]


def _place(cell: etree._Element, row_number: int, position: int) -> tuple[int, int]:
    ref = cell.get("r")
    # r is optional: the cell after its left neighbours, in its row
    return split_ref(ref) if ref else (row_number, position)


def read_sheet(
    package: Package,
    part: str,
    reader: CellReader | None,
    covered: Callable[[int], Collection[int]] | None = None,
) -> tuple[list[list], list[tuple[int, int, etree._Element]]]:
    """One pass over a sheet part: its values as rows from A1 (None for empty cells; none read
    without a `reader`) and, given `covered` (a row → the columns our layout covers in it), the
    cells with content outside those columns, copied.

    Our key-client list and History hold hundreds of thousands of cells: the loop does per cell
    only what it must (its place, its value, one set lookup), not a generator's hand-offs."""
    grid: dict[int, dict[int, object]] = {}
    outside: list[tuple[int, int, etree._Element]] = []
    for row_number, node in _iter_rows(package, part):
        columns = covered(row_number) if covered is not None else None
        values = grid.setdefault(row_number, {})
        for position, cell in enumerate(node, start=1):
            if cell.tag != _C:
                continue
            row, col = _place(cell, row_number, position)
            if reader is not None:
                value = reader.value(cell)
                if value is not None:
                    (values if row == row_number else grid.setdefault(row, {}))[col] = value
            if columns is not None and col not in (columns if row == row_number else covered(row)):
                if _has_content(cell):
                    outside.append((row, col, copy.deepcopy(cell)))
    grid = {row: values for row, values in grid.items() if values}
    if not grid:
        return [], outside
    width = max(max(values) for values in grid.values())
    empty: dict[int, object] = {}
    every_column = range(1, width + 1)
    return [[grid.get(r, empty).get(c) for c in every_column] for r in range(1, max(grid) + 1)], outside


def _has_content(c: etree._Element) -> bool:
    """A value, rich text or a formula: a cell with only a format is not carried."""
    return c.find("{*}v") is not None or c.find("{*}is") is not None or c.find("{*}f") is not None
