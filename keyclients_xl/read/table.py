"""One sheet as columns: what every reader hands to the layout (read/layout.py).

A file is read straight into Arrow columns (fastexcel, pyarrow.csv, pyarrow.parquet); rows
of Python cells (an open Excel sheet, HTML tables, tests) are turned into the same columns.
Row i of the table is Excel row i + 1 and column j is column j + 1 (A), as in SheetRows.
Only the first rows (the title block and the header) are ever looked at as Python values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .sources import SheetRows


@dataclass
class Table:
    """Columns of equal length. `lead` rows sit before the columns (a Parquet file's header).

    `serial_text`: number cells were read as text (a workbook read by fastexcel), so in a date
    column a plain number is an Excel serial day, as the cell was.
    A text column the reader had as codes (`codes`) is kept as them, and written out as text
    only when its texts are asked for (`body`): the layout reads most such columns by their codes.
    """

    file: str
    sheet: str | None
    columns: list[pa.Array]
    notes: list = field(default_factory=list)
    levels: list[int] | None = None  # Excel outline level of each row, where the file has them
    serial_text: bool = False
    lead: list[list] = field(default_factory=list)
    delimiter: str | None = None  # a CSV's: ';' is where the comma is the decimal mark (values.english_numbers)
    # Text columns the reader had as codes (a Parquet file's dictionaries): column → its cells as
    # columns.encode encodes them, so that the layout need not hash a million texts again.
    codes: dict[int, pa.DictionaryArray] = field(default_factory=dict, repr=False)
    _head: list[list] | None = field(default=None, repr=False)

    @property
    def height(self) -> int:
        return len(self.lead) + (len(self.columns[0]) if self.columns else 0)

    @property
    def width(self) -> int:
        return len(self.columns)

    def head(self, count: int) -> list[list]:
        """The first `count` rows as Python cells, each as wide as the table."""
        if self._head is None or len(self._head) < min(count, self.height):
            taken = max(count - len(self.lead), 0)
            body = [column.slice(0, taken).to_pylist() for column in self.columns]
            rows = [list(row) for row in zip(*body, strict=True)] if body else []
            self._head = [list(row) + [None] * (self.width - len(row)) for row in self.lead] + rows
        return self._head[:count]

    def body(self, col: int, start: int) -> pa.Array:
        """Column `col` from row `start` on (start ≥ len(lead)), as text where it is kept as codes."""
        column = self.columns[col]
        if col in self.codes and pa.types.is_dictionary(column.type):  # written out once, on first use
            column = self.columns[col] = column.dictionary.take(column.indices)
        return column.slice(start - len(self.lead))

    def encoded(self, col: int, start: int) -> pa.DictionaryArray | None:
        """The reader's codes of column `col` from row `start` on: where it had them, for the whole body."""
        return self.codes.get(col) if start == len(self.lead) else None

    def filled(self, start: int) -> np.ndarray:
        """True for each row from `start` on that holds any cell."""
        columns = [column.slice(start - len(self.lead)) for column in self.columns]  # codes too: the same gaps
        if any(column.null_count == 0 for column in columns):  # a column without a gap fills every row
            return np.ones(self.height - start, dtype=bool)
        filled = np.zeros(self.height - start, dtype=bool)
        for column in columns:
            filled |= column.is_valid().to_numpy(zero_copy_only=False)
        return filled

    def used_columns(self) -> list[int]:
        lead = {c for row in self.lead for c, v in enumerate(row) if v not in (None, "")}
        return [c for c, column in enumerate(self.columns) if column.null_count < len(column) or c in lead]

    def cells(self) -> int:
        return self.height * self.width

    def rows(self) -> SheetRows:
        """The table as rows of Python cells (for the small readers: client directories)."""
        rows = self.head(self.height)
        return SheetRows(self.file, self.sheet, rows, list(self.notes), self.levels, delimiter=self.delimiter)


def cell_text(cell: object) -> str | None:
    """A cell as text, as fastexcel writes a workbook's cells: 17850.0 → '17850', dates ISO."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return None
    if isinstance(cell, str):
        return cell or None
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e16 else repr(cell)
    if isinstance(cell, dt.datetime):  # a pandas Timestamp too
        return cell.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(cell, dt.date):
        return cell.strftime("%Y-%m-%d")
    return str(cell)


def text_column(cells: list | np.ndarray) -> pa.Array:
    """Python cells → a text column; each distinct cell is turned into text once."""
    import pandas as pd  # on use: a file's columns are read before pandas is imported

    values = np.empty(len(cells), dtype=object)
    values[:] = cells
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = np.array([cell_text(v) for v in uniques] + [None], dtype=object)
    return pa.array(texts[codes], type=pa.string())


def table_from_rows(sheet: SheetRows) -> Table:
    """Rows of Python cells (an open sheet, HTML tables, a test) → a Table."""
    width = max((len(row) for row in sheet.rows), default=0)
    padded = [list(row) + [None] * (width - len(row)) for row in sheet.rows]
    columns = [text_column([row[c] for row in padded]) for c in range(width)]
    serial = any(isinstance(c, (int, float)) and not isinstance(c, bool) for row in padded for c in row)
    return Table(
        sheet.file, sheet.sheet, columns, list(sheet.notes), sheet.levels, serial_text=serial, delimiter=sheet.delimiter
    )


def null_empty(array: pa.Array) -> pa.Array:
    """Empty text cells are no cells."""
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        return array
    empty = pc.equal(array, "")
    if not pc.any(empty).as_py():  # the usual case: no copy of the column
        return array
    return pc.if_else(empty, pa.scalar(None, array.type), array)
