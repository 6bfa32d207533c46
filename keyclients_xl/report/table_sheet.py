"""A report sheet that is one Excel Table: a title, a few wrapped lines under it, then the table.

The monthly-cycle sheets (History, Changes, Receivables, Prospects) share this layout. The
lines go above the table, not below: History grows to tens of thousands of rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import column_letter
from .layout import LINE_HEIGHT, header_width, text_width, wrapped_lines
from .spec import CellSpec, ConditionalSpec, SheetSpec, TableBody, TableSpec

TITLE_ROW = 1
TITLE_HEIGHT = 18.0


@dataclass(frozen=True)
class Column:
    """One column of the table: the frame's field, its header, the renderer's style, a width."""

    field: str
    header: str
    style: str = "text"
    width: float = 12.0


def table_body(frame: pd.DataFrame, fields: list[str], styles: list[str | None], first: int) -> TableBody:
    """The frame's `fields` as a table body from row `first`, column `i` (from 1) in look
    `styles[i - 1]`: each column's values as plain Python ones, a missing value None (no cell)."""
    return TableBody(first, tuple(_plain(frame[field]) for field in fields), tuple(styles))


def _plain(column: pd.Series) -> list:
    """The column's values as plain Python values, None where missing (numpy's astype(object)
    makes Python numbers of a numeric column; a column of objects may hold numpy scalars)."""
    values = column.to_numpy(dtype=object, copy=True)
    if column.dtype == object:
        values[:] = [v.item() if isinstance(v, np.generic) else v for v in values]
    missing = column.isna().to_numpy()
    if missing.any():
        values[missing] = None
    return values.tolist()


def table_sheet(
    *,
    name: str,
    title: str,
    lines: list[str],
    columns: list[Column],
    frame: pd.DataFrame,
    table_name: str,
    role: str,
    tab_color: str,
    conditional: list[tuple[str, str]] = (),
) -> SheetSpec:
    """The sheet: `title` in A1, each of `lines` wrapped across the table's width below it, a blank
    row, then the header and one row per record of `frame` as an Excel Table `table_name`.

    `conditional`: (fill colour, formula) pairs coloring whole rows; the formula is written for
    the first data row, with `{row}` for its number and column letters from `letter_of`.
    """
    # A header wraps between its words: its column is as wide as its longest word, at least.
    widths = {
        i: max(column.width, *(header_width(word) for word in column.header.split()))
        for i, column in enumerate(columns, start=1)
    }
    header_lines = max(math.ceil(text_width(c.header, bold=True) / widths[i]) for i, c in enumerate(columns, start=1))
    last_col = len(columns)
    block = wrapped_lines(lines, widths, 1, last_col, TITLE_ROW + 1)
    header_row = TITLE_ROW + len(lines) + 2
    first = header_row + 1
    last = header_row + max(len(frame), 1)  # an Excel Table needs one body row
    cells = [CellSpec(TITLE_ROW, 1, title, "title"), *block.cells]
    cells += [CellSpec(header_row, col, column.header, "header") for col, column in enumerate(columns, start=1)]
    ref = f"A{header_row}:{column_letter(last_col)}{last}"
    rows_ref = f"A{first}:{column_letter(last_col)}{last}"
    return SheetSpec(
        name=name,
        cells=cells,
        body=table_body(frame, [column.field for column in columns], [column.style for column in columns], first),
        tables=[TableSpec(table_name, ref, "TableStyleLight9")],
        conditional=[ConditionalSpec(rows_ref, formula.format(row=first), fill) for fill, formula in conditional],
        widths=widths,
        heights={TITLE_ROW: TITLE_HEIGHT, **block.heights, header_row: LINE_HEIGHT * header_lines},
        merged=block.merged,
        tab_color=tab_color,
        print_area=f"A1:{column_letter(last_col)}{last}",
        role=role,
        header_row=header_row,
    )


def letter_of(columns: list[Column], field: str) -> str:
    """The column letter of a field, for conditional formulas."""
    return column_letter(next(i for i, column in enumerate(columns, start=1) if column.field == field))
