"""The layout the metric sheets share: a title, a line on how to read the sheet, then an Excel
Table of columns (one row per client), and notes wrapped below it.

Each sheet module (periodicity_sheet.py, assortment_sheet.py, …) lists its columns with their
values; this module places them, sizes them and makes the SheetSpec, so the sheets look alike.
Headers wrap onto two lines (the header row is two lines high), so a long header does not make
its column of numbers wide.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from ..errors import column_letter
from .layout import LINE_HEIGHT, WRAP_CHARS_PER_UNIT, wrapped_lines
from .spec import CellSpec, ColorScaleSpec, ConditionalSpec, SheetSpec, TableSpec

TITLE_ROW, INTRO_ROW = 1, 2
HEADER_ROW = 4  # row 3 is left blank between the intro and the table
HEADER_HEIGHT = 2 * LINE_HEIGHT
TAB_COLOR = "2E75B6"
# Fills of the conditional formats (Excel's own "light red / yellow / green" presets).
RED, AMBER, GREEN = "FFC7CE", "FFEB9C", "C6EFCE"


@dataclass
class Column:
    """One column of the table: its id, header, cell style, width, and one value per row."""

    name: str
    header: str
    style: str
    width: float
    values: list = field(default_factory=list)


def cell_value(value: object) -> object:
    """A frame value as a cell: NaN/NA/NaT and empty text → blank, numpy numbers → Python, Timestamps → dates."""
    if isinstance(value, str):
        return value or None
    if value is None or (not isinstance(value, tuple | list) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date()
    if hasattr(value, "item"):
        return value.item()
    return value


def header_fit(header: str) -> float:
    """A column width that shows the header on two lines: its longest word, or half of it."""
    longest = max((len(word) for word in header.split()), default=0)
    return math.ceil(max(longest * 1.15 + 2, len(header) * 1.15 / 2 + 2))


@dataclass
class TableLayout:
    """Columns placed from column A (or `first_col`), the header in HEADER_ROW (or `header_row`),
    the rows below it."""

    columns: list[Column]
    rows: int
    header_row: int = HEADER_ROW
    first_col: int = 1

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        return self.header_row + max(self.rows, 1)

    @property
    def last_col(self) -> int:
        return self.first_col + len(self.columns) - 1

    def col(self, name: str) -> int:
        return next(i for i, column in enumerate(self.columns, start=self.first_col) if column.name == name)

    def letter(self, name: str) -> str:
        return column_letter(self.col(name))

    def cell(self, name: str, row_index: int = 0) -> str:
        """The first data row's cell of a column ('E5'), for conditional-format formulas."""
        return f"{self.letter(name)}{self.first_row + row_index}"

    def row_cell(self, name: str) -> str:
        """The same, its column fixed ('$E5'): a rule over a whole row reads that column."""
        return f"${self.cell(name)}"

    def column_ref(self, name: str, last: str | None = None) -> str:
        """The data cells of a column ('E5:E24'), or of a run of columns up to `last`."""
        end = self.letter(last or name)
        return f"{self.letter(name)}{self.first_row}:{end}{self.last_row}"

    @property
    def ref(self) -> str:
        return f"{column_letter(self.first_col)}{self.header_row}:{column_letter(self.last_col)}{self.last_row}"

    @property
    def widths(self) -> dict[int, float]:
        return {i: max(c.width, header_fit(c.header)) for i, c in enumerate(self.columns, start=self.first_col)}

    def heights(self) -> dict[int, float]:
        """Rows whose wrapped text ('text_wrap' columns) needs more than one line: row → points."""
        widths = self.widths
        heights = {}
        for i, column in enumerate(self.columns, start=self.first_col):
            if column.style != "text_wrap":
                continue
            room = widths[i] * WRAP_CHARS_PER_UNIT
            for r, value in enumerate(column.values):
                lines = math.ceil(len(str(value or "")) / room) if value else 1
                row = self.first_row + r
                if lines > 1:
                    heights[row] = max(heights.get(row, 0), LINE_HEIGHT * lines)
        return heights

    def cells(self) -> list[CellSpec]:
        start = self.first_col
        cells = [CellSpec(self.header_row, i, c.header, "header") for i, c in enumerate(self.columns, start=start)]
        for i, column in enumerate(self.columns, start=start):
            cells += [
                CellSpec(self.first_row + r, i, shown, column.style)
                for r, value in enumerate(column.values)
                if (shown := cell_value(value)) is not None
            ]
        return cells


def metric_sheet(
    *,
    name: str,
    role: str,
    title: str,
    intro: list[str],
    layout: TableLayout | None,
    table_name: str,
    conditional: list[ConditionalSpec] | None = None,
    color_scales: list[ColorScaleSpec] | None = None,
    notes: list[str] | None = None,
    extra: list[tuple[TableLayout, str]] | None = None,
    widths: dict[int, float] | None = None,
) -> SheetSpec:
    """The SheetSpec: title, the intro lines, the table (none when `layout` is None or has no
    rows: the intro says why), further tables (`extra`: layout and Table name, placed by their
    own header rows) and the notes. Print setup comes from `header_row` (see the renderer)."""
    widths = dict(widths or {})
    tables, cells, merged, heights = [], [CellSpec(TITLE_ROW, 1, title, "title")], [], {}
    layouts = [(layout, table_name)] if layout is not None and layout.rows else []
    layouts += [(extra_layout, extra_name) for extra_layout, extra_name in extra or [] if extra_layout.rows]
    for table_layout, name_ in layouts:
        cells += table_layout.cells()
        tables.append(TableSpec(name_, table_layout.ref, "TableStyleLight9"))
        heights[table_layout.header_row] = HEADER_HEIGHT
        heights.update(table_layout.heights())
        for col, width in table_layout.widths.items():
            widths[col] = max(widths.get(col, 0), width)
    last_col = max([table_layout.last_col for table_layout, _ in layouts] + [max(widths, default=1), 4])
    block = wrapped_lines(intro, widths, 1, last_col, INTRO_ROW)
    cells += block.cells
    merged += block.merged
    heights.update(block.heights)
    end_row = max([table_layout.last_row for table_layout, _ in layouts] + [INTRO_ROW + len(intro) - 1])
    if notes:
        notes_block = wrapped_lines([f"• {text}" for text in notes], widths, 1, last_col, end_row + 2)
        cells += notes_block.cells
        merged += notes_block.merged
        heights.update(notes_block.heights)
        end_row += 1 + len(notes)
    return SheetSpec(
        name=name,
        cells=cells,
        tables=tables,
        conditional=list(conditional or []) if layouts else [],
        color_scales=list(color_scales or []) if layouts else [],
        widths=widths,
        heights=heights,
        tab_color=TAB_COLOR,
        print_area=f"A1:{column_letter(last_col)}{end_row}",
        role=role,
        header_row=layouts[0][0].header_row if layouts else None,
        merged=merged,
    )
