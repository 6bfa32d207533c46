"""How far each table of an OpenDocument spreadsheet (.ods) reaches once calamine repeats its
rows and cells, read from content.xml before calamine opens the file.

calamine reads every table of content.xml when the workbook opens, and writes out a cell or a
row as many times as `table:number-columns-repeated` and `table:number-rows-repeated` say (up
to 16,384 columns and 1,048,576 rows, its caps). One repeated value is a few bytes: a 1 KB
file can ask for 98 million cells, about 10 GB and a minute and more, before a reader of ours
sees a cell. The sheet's size is therefore counted here, as calamine would expand it, and
read/limits.py refuses a table past SHEET_CELLS_MAX, as it does a worksheet of an .xlsx.

The tags are read by lxml's parser (told of each element's start and end, it keeps no tree):
it reads quotes, spacing and comments as calamine's parser does, and XML it refuses is refused
as damaged. Elements and attributes are matched by their local names, whatever their prefix
(calamine matches `table:` literally: this counts at least what it does). A cell counts as
filled when it carries a value, a value type or a formula; an empty cell counts only for the
columns it moves the next one along, as in calamine.

Hand-written because no library measures an ODS table without expanding it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MAX_ROWS = 1_048_576  # calamine caps the repeats of rows here …
MAX_COLUMNS = 16_384  # … and of the cells of one row here

# Attributes that give a cell a value in calamine (office:…, table:formula), by local name.
_VALUE_ATTRIBUTES = frozenset(
    ("value", "string-value", "date-value", "time-value", "boolean-value", "value-type", "formula")
)


class DamagedRepeat(ValueError):
    """A repeat count that is not a whole number: calamine would refuse the file too."""


@dataclass
class TableExtent:
    """A table's name and its extent from A1 to its farthest filled cell, repeats expanded."""

    name: str | None
    rows: int
    columns: int


def ods_extents(pieces: Iterable[bytes]) -> list[TableExtent]:
    """The extent of every table of content.xml, given its bytes in pieces. Raises
    lxml's XMLSyntaxError for XML it refuses and DamagedRepeat for a repeat count that is not
    a number."""
    from lxml import etree

    target = _Tables()
    parser = etree.XMLParser(target=target, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    for piece in pieces:
        parser.feed(piece)
    return parser.close()


def _local(name: str) -> str:
    return name.rpartition("}")[2]


# What an element is, by its local name; every other element (text:p above all) is passed over.
_OTHER, _TABLE, _ROW, _CELL = range(4)
_KINDS = {"table": _TABLE, "table-row": _ROW, "table-cell": _CELL, "covered-table-cell": _CELL}


NAMES_KEPT = 4096  # a real content.xml uses a few dozen names; a hostile one may use millions


class _Names(dict):
    """Tag or attribute name as lxml gives it ('{namespace}local') → what it is: worked out once
    per distinct name, not once per element (a sheet holds millions of elements, a few names).
    Past NAMES_KEPT names the rest are worked out each time, so memory stays bounded."""

    def __init__(self, meaning) -> None:
        super().__init__()
        self.meaning = meaning

    def __missing__(self, name: str):
        found = self.meaning(_local(name))
        if len(self) < NAMES_KEPT:
            self[name] = found
        return found


def _repeat(attrib, wanted: str, names: _Names) -> int:
    """The repeat count of an element (1 without one); of two spellings, the larger."""
    return max((_count(value) for key, value in attrib.items() if names[key] == wanted), default=1)


def _count(value: str) -> int:
    """A repeat count as calamine reads it (at least 1); DamagedRepeat when it is no whole number."""
    if not (value.isascii() and value.lstrip("+").isdigit()):
        raise DamagedRepeat(value)
    return max(int(value), 1)


_REPEAT, _VALUE = "repeat", "value"


def _cell_attribute(local: str) -> str | None:
    if local == "number-columns-repeated":
        return _REPEAT
    return _VALUE if local in _VALUE_ATTRIBUTES else None


class _Tables:
    """lxml's parser target for `ods_extents`: counts rows and cells as calamine lays them out,
    and keeps no tree. Tables inside a cell (allowed, and skipped by calamine) are counted into
    the table around them."""

    def __init__(self) -> None:
        self.tables: list[TableExtent] = []
        self.depth = 0
        self.name: str | None = None
        self.rows = self.last_row = self.columns = 0
        self.column = self.row_end = 0
        self.row_depth = 0  # rows inside a cell's content are counted into the row around them
        self.kinds = _Names(lambda local: _KINDS.get(local, _OTHER))
        self.attributes = _Names(lambda local: local)  # by local name, whatever the prefix
        self.cell_attributes = _Names(_cell_attribute)

    def start(self, tag: str, attrib) -> None:
        kind = self.kinds[tag]
        if kind is _OTHER:
            return
        if kind is _TABLE:
            self.depth += 1
            if self.depth == 1:
                self.name = next((value for key, value in attrib.items() if self.attributes[key] == "name"), None)
                self.rows = self.last_row = self.columns = 0
        elif not self.depth:
            return
        elif kind is _ROW:
            self.row_depth += 1
            if self.row_depth == 1:
                self.rows += min(_repeat(attrib, "number-rows-repeated", self.attributes), MAX_ROWS - self.rows)
                self.column = self.row_end = 0
        else:  # a cell, covered or not
            repeat, valued = 1, False
            for key, value in attrib.items():
                role = self.cell_attributes[key]
                if role is _REPEAT:
                    repeat = max(repeat, _count(value))
                elif role is _VALUE:
                    valued = True
            self.column += min(repeat, MAX_COLUMNS - self.column)
            if valued:
                self.row_end = self.column

    def end(self, tag: str) -> None:
        kind = self.kinds[tag]
        if kind is _OTHER or kind is _CELL or not self.depth:
            return
        if kind is _ROW and self.row_depth:
            self.row_depth -= 1
            if not self.row_depth and self.row_end:
                self.last_row = self.rows
                self.columns = max(self.columns, self.row_end)
        elif kind is _TABLE:
            self.depth -= 1
            if not self.depth:
                self.tables.append(TableExtent(self.name, self.last_row, self.columns))

    def close(self) -> list[TableExtent]:
        return self.tables
