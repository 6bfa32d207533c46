"""Which sheets are ours: a hidden marker name on each, never the sheet's name alone.

Each sheet we write carries a hidden sheet-local defined name `_KeyClients` whose value is
a text constant: `"role|sheet name|our cell ranges"`. Excel keeps a local name with its
sheet when the sheet moves, and drops it with the sheet. A sheet is ours when its marker
names it as it is named now: a sheet the user renamed (say «Октябрь», to keep last month's
list) is theirs from then on, and so is a copy of ours. The ranges are the cells our last
build wrote; anything the user typed elsewhere on the sheet is carried over.

The same ranges are also kept as a reference, in a second hidden local name (`_KeyClientsCells`,
`'Sheet'!$A$1,'Sheet'!$A$4:$P$24,…`): a text constant stays as written, but Excel (and
LibreOffice) move a reference when rows or columns are inserted or deleted. So a build knows
where its cells are *now*: a row the user inserted above our table is theirs, and our rows
below it, moved down, are still ours. A range that grew or shrank had rows or columns
inserted or deleted inside it, which cannot be told apart from ours (`Marker.resized`).

Workbooks written before markers existed (and the template KeyClients.xlsm) are recognised
by name *and* content (see :func:`legacy_role`), so a user's own sheet called "Settings" is
never taken for ours.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from ..errors import column_letter, column_number
from ..i18n import LANGS, all_translations, t
from ..report.settings_sheet import FIRST_ROW

MARKER = "_KeyClients"
CELLS = "_KeyClientsCells"  # the marker's ranges as a reference, moved by Excel with the cells
MAX_TEXT = 255
MAX_REFERENCE = 8_000  # Excel takes a name's formula up to 8,192 characters
SINGLE_ROLES = ("key_clients", "settings")  # one sheet each; a snapshot per month
INPUT_ROLES = ("input_lines", "input_months")
INPUT_ROLE = "input:"  # the roles of the plan's sheets the manager fills: "input:sheet.contacts" …


def replaced_by_builds(role: str | None) -> bool:
    """Whether a build replaces our sheet of this role (a report sheet), rather than only reading
    it (an input sheet, the manager's once created)."""
    return role is not None and role not in INPUT_ROLES and not role.startswith(INPUT_ROLE)


@dataclass(frozen=True)
class Marker:
    role: str
    name: str
    layout: tuple[tuple[int, int, int, int], ...] = ()  # (row1, col1, row2, col2) rectangles
    resized: bool = False  # rows or columns were inserted or deleted inside the layout (moved_to)

    def reference(self) -> str:
        """The layout as a reference to this sheet's cells (`CELLS`): one area per rectangle, or
        the bounding rectangle when that would be too long for Excel."""
        sheet = "'" + self.name.replace("'", "''") + "'!"
        for layout in (self.layout, _bounds(self.layout)):
            text = ",".join(sheet + _range_text(rect, "$") for rect in layout)
            if len(text) <= MAX_REFERENCE:
                return text
        return text

    def moved_to(self, reference: str | None) -> Marker:
        """The marker with its layout where `reference` (the CELLS name as saved) says its cells
        are now. Unchanged without a reference, or with one that no longer matches (a range
        deleted whole, #REF!; another count of ranges): then `resized` when it is broken."""
        if not reference or not self.layout:
            return self
        areas = _AREA.findall(_QUOTED.sub("", reference))  # a sheet's name never reads as an area
        if "#REF!" in reference or not areas:
            return replace(self, resized=True)
        now = tuple((int(r1), column_number(c1), int(r2 or r1), column_number(c2 or c1)) for c1, r1, c2, r2 in areas)
        if len(now) == len(self.layout):
            resized = any(_size(a) != _size(b) for a, b in zip(now, self.layout, strict=True))
        elif len(self.layout) == 1:  # the text held only the bounds (too long): compare those
            resized = _size(_bounds(now)[0]) != _size(self.layout[0])
        else:
            return self
        return replace(self, layout=now, resized=resized)

    def text(self) -> str:
        """The name's formula: a text constant (Excel allows 255 characters in one; a layout
        too long for that is stored as its bounding rectangle)."""
        for layout in (self.layout, _bounds(self.layout)):
            value = "|".join([self.role, self.name, ";".join(_range_text(r) for r in layout)])
            if len(value.replace('"', '""')) <= MAX_TEXT:
                break
        return '"' + value.replace('"', '""') + '"'

    @classmethod
    def parse(cls, formula: str | None) -> Marker | None:
        text = (formula or "").strip()
        if len(text) < 2 or text[0] != '"' or text[-1] != '"':
            return None
        role, _, rest = text[1:-1].replace('""', '"').partition("|")
        name, _, ranges = rest.rpartition("|")
        try:
            layout = tuple(_parse_range(r) for r in ranges.split(";") if r)
        except ValueError:
            layout = ()
        return cls(role, name, layout) if role and name else None

    def spans(self, row: int) -> tuple[tuple[int, int], ...]:
        """The columns the layout covers in `row`, as (first, last) spans: asked once a row, so a
        long sheet's cells are each checked against a span or two, not every rectangle."""
        return tuple((c1, c2) for r1, c1, r2, c2 in self.layout if r1 <= row <= r2)

    def covered(self, row: int) -> frozenset[int]:
        """The columns the layout covers in `row`, as a set: one lookup a cell on a long sheet."""
        return _columns(self.spans(row))


@functools.cache
def _columns(spans: tuple[tuple[int, int], ...]) -> frozenset[int]:
    return frozenset(col for first, last in spans for col in range(first, last + 1))


def _bounds(layout) -> tuple[tuple[int, int, int, int], ...]:
    if not layout:
        return ()
    return (
        (min(r[0] for r in layout), min(r[1] for r in layout), max(r[2] for r in layout), max(r[3] for r in layout)),
    )


def _size(rect: tuple[int, int, int, int]) -> tuple[int, int]:
    return rect[2] - rect[0], rect[3] - rect[1]


# One area of a reference, after its sheet: $A$1 or $A$4:$P$24 (the dollars are optional).
_QUOTED = re.compile(r"'(?:[^']|'')*'")
_AREA = re.compile(r"!\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")


def _range_text(rect: tuple[int, int, int, int], dollar: str = "") -> str:
    """A1 or A4:P24; with `dollar` "$", the absolute $A$4:$P$24 of a reference."""
    r1, c1, r2, c2 = rect
    first = f"{dollar}{column_letter(c1)}{dollar}{r1}"
    return first if (r1, c1) == (r2, c2) else f"{first}:{dollar}{column_letter(c2)}{dollar}{r2}"


_CELL = re.compile(r"([A-Z]{1,3})(\d+)")


def _parse_cell(text: str) -> tuple[int, int]:
    match = _CELL.fullmatch(text)
    if not match:
        raise ValueError(text)
    return int(match[2]), column_number(match[1])


def _parse_range(text: str) -> tuple[int, int, int, int]:
    first, _, second = text.partition(":")
    r1, c1 = _parse_cell(first)
    r2, c2 = _parse_cell(second) if second else (r1, c1)
    return r1, c1, r2, c2


def layout_of(cells: list[tuple[int, int]]) -> tuple[tuple[int, int, int, int], ...]:
    """Rectangles covering exactly the given cells: runs of columns per row, merged down
    while the next row has the same run (a table is one rectangle)."""
    if not cells:
        return ()
    import numpy as np

    places = np.array(cells, dtype=np.int64)
    return layout_of_places(places[:, 0], places[:, 1])


def layout_of_places(rows, cols) -> tuple[tuple[int, int, int, int], ...]:
    """`layout_of` for cells given as two integer arrays, rows and columns (a spec's cells, read
    without a tuple each: a big sheet has ~100,000)."""
    import numpy as np

    if not len(rows):
        return ()
    places = np.asarray(rows, dtype=np.int64) << 20 | np.asarray(cols, dtype=np.int64)
    if not (places[1:] > places[:-1]).all():  # a report's cells come row by row: sorted, each once
        # Sorted, then each once: np.unique hashes first (23 ms for the key-client list, this 1 ms).
        places = np.sort(places)
        places = places[np.append(True, places[1:] != places[:-1])]
    rows, cols = places >> 20, places & ((1 << 20) - 1)
    # The runs of columns per row.
    starts = np.flatnonzero(np.diff(rows, prepend=-1) | (np.diff(cols, prepend=-1) != 1))
    ends = np.append(starts[1:], len(places)) - 1
    run_rows, firsts, lasts = rows[starts], cols[starts], cols[ends]
    # A run extends the rectangle of the same columns in the row above, else it starts one: with the
    # runs ordered by their columns, then rows, a rectangle is a stretch of consecutive rows.
    order = np.lexsort((run_rows, lasts, firsts))
    run_rows, firsts, lasts = run_rows[order], firsts[order], lasts[order]
    new = (np.diff(run_rows, prepend=-1) != 1) | (np.diff(firsts, prepend=-1) != 0) | (np.diff(lasts, prepend=-1) != 0)
    tops = np.flatnonzero(new)
    bottoms = np.append(tops[1:], len(run_rows)) - 1
    rects = run_rows[tops], firsts[tops], run_rows[bottoms], lasts[tops]
    order = np.lexsort(rects[::-1])
    return tuple(zip(*(side[order].tolist() for side in rects), strict=True))


# ---------------------------------------------------------------- workbooks without markers

_SNAPSHOT = {
    lang: re.compile(re.escape(t("sheet.snapshot", lang, month="@")).replace("@", r"\d{4}-\d{2}")) for lang in LANGS
}


def legacy_role(name: str, head: list[list], has_key_table: bool) -> str | None:
    """Our role for a sheet of a workbook without markers, from its name and first rows."""

    def cell(row: int, col: int) -> object:
        return head[row - 1][col - 1] if len(head) >= row and len(head[row - 1]) >= col else None

    if name in all_translations("sheet.key_clients") and has_key_table:
        return "key_clients"
    if name in all_translations("sheet.settings") and cell(FIRST_ROW, 1) == "rule":
        return "settings"
    if any(pattern.fullmatch(name) for pattern in _SNAPSHOT.values()) and cell(1, 1) == name:
        return "snapshot"
    from ..report.input_sheets import line_headers  # pandas: only for a workbook without markers

    if name in all_translations("sheet.input_lines") and any(
        [cell(2, c + 1) for c in range(len(line_headers(lang)))] == line_headers(lang) for lang in LANGS
    ):
        return "input_lines"
    if name in all_translations("sheet.input_months") and cell(2, 1) in all_translations("input.col.client"):
        return "input_months"
    if name in all_translations("sheet.plan"):
        from ..report.plan_sheet import HEADER_ROW  # imported here: it brings the plan's analysis

        if cell(HEADER_ROW, 1) in all_translations("plan.col.priority"):
            return "plan"
    return None


def snapshot_month(name: str) -> str | None:
    match = re.search(r"\d{4}-\d{2}", name)
    return match[0] if match else None
