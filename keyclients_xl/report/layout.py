"""Layout shared by the report sheets: a compact summary above a table, and notes wrapped
across the table's width below it, so that both fit the screen and the printed page.

Excel sizes nothing by itself here: a merged cell never grows to fit its text, and a number
too wide for its cell shows as ####. So the widths and heights are estimated from the text,
in Excel's width unit (about one '0' of the default font), erring on the roomy side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..errors import column_letter
from .spec import CellSpec, Formula

LINE_HEIGHT = 15.0  # points: one line of the default 11 pt font
BOLD = 1.15  # bold text is about this much wider
SMALL = 0.85  # the 9 pt tile labels
# Widths of formula results not known while laying out (a money total, a share, a count).
SHOWN_WIDTH = {"money_left": 14, "money": 14, "percent_left": 8, "percent": 8}
EXTRA_WIDTH = 13.0  # a column beyond the table's, when the summary needs more room
# Wrapped text: Calibri fits about 1.15 characters per width unit; where Calibri is missing
# (LibreOffice on Linux draws DejaVu Sans) it is about 0.85. Rows are sized for the wider font.
WRAP_CHARS_PER_UNIT = 0.8


def text_width(text: str, bold: bool = False, small: bool = False) -> float:
    """Columns of width 1 needed to show `text` on one line."""
    return len(text) * (BOLD if bold else 1.0) * (SMALL if small else 1.0) + 1.5


def header_width(text: str) -> float:
    """A column width that shows a bold header on one line."""
    return math.ceil(text_width(text, bold=True))


def shown_width(value: object, style: str | None) -> float:
    if isinstance(value, Formula):
        return SHOWN_WIDTH.get(style or "", 10)
    if isinstance(value, float | int):
        return max(len(f"{value:,.0f}"), SHOWN_WIDTH.get(style or "", 0)) + 1.5
    return text_width("" if value is None else str(value))


@dataclass
class Block:
    """Cells and merged ranges laid out by one helper, to add to a SheetSpec."""

    cells: list[CellSpec] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    heights: dict[int, float] = field(default_factory=dict)
    last_col: int = 0


def _span(widths: dict[int, float], start: int, need: float) -> int:
    """The last column of the run starting at `start` that is at least `need` wide."""
    end, total = start, widths.get(start, EXTRA_WIDTH)
    while total < need:
        end += 1
        total += widths.get(end, EXTRA_WIDTH)
    return end


def _cell(row: int, first: int, last: int, value: object, style: str, block: Block) -> None:
    block.cells.append(CellSpec(row, first, value, style))
    if last > first:
        block.merged.append(f"{column_letter(first)}{row}:{column_letter(last)}{row}")


def summary_tiles(
    items: list[tuple[str, object, str]], widths: dict[int, float], first_col: int, label_row: int
) -> Block:
    """Each (label, value, style) as a tile: a small label over its value, side by side from
    `first_col` rightwards, in two rows whatever the number of figures.

    A tile spans as many of the table's columns as its label or value needs, so nothing is cut
    whatever the number of month columns; tiles past the table's last column use EXTRA_WIDTH.
    """
    block = Block()
    col = first_col
    for label, value, style in items:
        end = _span(widths, col, max(text_width(label, small=True), shown_width(value, style)))
        _cell(label_row, col, end, label, "tile_label", block)
        _cell(label_row + 1, col, end, value, style, block)
        col = end + 1
    block.last_col = col - 1
    return block


def wrapped_lines(texts: list[str], widths: dict[int, float], first_col: int, last_col: int, top_row: int) -> Block:
    """One merged, wrapped row per text across first_col..last_col, tall enough for its lines."""
    block = Block(last_col=last_col)
    room = sum(widths.get(c, EXTRA_WIDTH) for c in range(first_col, last_col + 1))
    for offset, text in enumerate(texts):
        row = top_row + offset
        _cell(row, first_col, last_col, text, "note_wrapped", block)
        block.heights[row] = LINE_HEIGHT * math.ceil(len(text) / (room * WRAP_CHARS_PER_UNIT))
    return block
