"""Read the cells of one worksheet part, streaming, without loading the rest of the workbook.

openpyxl can only load a workbook as a whole (its read-only mode still builds every sheet's
object and reads every shared string into its model), and what we read is a handful of
our own sheets in a workbook that may hold years of the user's data. So the few sheets a
build reads are parsed here with lxml's iterparse, one cell at a time.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
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
    with package.stream(part) as stream:
        row_number = 0
        # Whole rows from the parser, their cells from the row: one parser event per row.
        for _, node in _iterparse(stream, _ROW):
            row_number = int(node.get("r", row_number + 1))
            for position, cell in enumerate(node, start=1):
                if cell.tag != _C:
                    continue
                ref = cell.get("r")
                # r is optional: the cell after its left neighbours, in its row
                yield (*split_ref(ref), cell) if ref else (row_number, position, cell)
            node.clear()
            while node.getprevious() is not None:  # keep memory flat on a long sheet
                del node.getparent()[0]


def read_rows(cells: Iterator[tuple[int, int, etree._Element]], reader: CellReader) -> list[list]:
    """The sheet (its iter_cells) as a list of rows of values, from A1 (None for empty cells)."""
    grid: dict[int, dict[int, object]] = {}
    for row, col, c in cells:
        value = reader.value(c)
        if value is not None:
            grid.setdefault(row, {})[col] = value
    if not grid:
        return []
    width = max(max(cols) for cols in grid.values())
    return [[grid.get(r, {}).get(c) for c in range(1, width + 1)] for r in range(1, max(grid) + 1)]
