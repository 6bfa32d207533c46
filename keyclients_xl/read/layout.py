"""A sheet's columns → a tidy frame of shipments: client, month, amount (+ optional columns).

Two layouts are recognised by searching the first rows for a header row:
- wide: one row per client, one column per month (the method's own table);
- long: one row per document line, with date, client and amount (or quantity × price).
Noise rows (totals, groups, repeated headers, blanks) are dropped and counted.

Only the first rows (title block, header) are looked at cell by cell; the body is handled
a whole column at a time (read/columns.py), each distinct label or date cleaned once.
"""

from __future__ import annotations

import itertools
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import KeyClientsError, Location, column_letter, column_number
from ..i18n import Amount, Count, has_cyrillic
from ..settings import DROP_STATUS
from .columns import (
    blank,
    categorical,
    cleaned_texts,
    dates,
    decimal_comma,
    distinct,
    encode,
    encoded_labels,
    is_text,
    labels,
    not_found,
    numbers_and_clues,
    regrouped_numbers,
    text_flags,
    texts,
    totals,
)
from .excel_errors import ERROR_VALUES
from .headers import (
    PARTNER,
    RETURN_DOCUMENT_HINT,
    assign_roles,
    bare_month_number,
    is_dropped_status,
    is_return_document_name,
    names_document_total,
    normalise,
    not_shipped,
    parse_month,
    role_score,
    year_of,
)
from .hierarchy import (
    DOCUMENT_WORDS,
    ClientGroups,
    depths_from_subtotals,
    depths_under_labels,
    grouping_role,
    groups_by_columns,
    groups_from_depths,
    groups_from_levels,
    title_groupings,
)
from .notes import Note, Phrase
from .sources import SheetRows
from .table import Table, table_from_rows
from .values import (
    ONE_GROUP,
    REGROUPED,
    BadValue,
    GroupMark,
    MarkClues,
    MixedDateOrder,
    assumed_day_first,
    column_clues,
    dates_in_text,
    english_numbers,
    file_mark,
    first_cell_with,
    money_unit,
    number_error,
    parse_dates,
    regroup_texts,
    to_dates,
    to_numbers,
)

HEADER_SEARCH_ROWS = 40
HEAD_ROWS = HEADER_SEARCH_ROWS + 52  # the header search, and 50 rows under the header for a date column
NUMERIC_ROLES = ("quantity", "price", "list_price", "cost", "gross_profit")
TEXT_ROLES = ("sku", "manager")
# 1C's flags of a line (headers.not_shipped): a line they say is no shipment is dropped.
FLAG_ROLES = ("deletion_mark", "posted")
# What a customer's return given with a positive amount counts with a minus (headers.is_return_document).
SIGNED_ROLES = ("amount", "quantity", "cost", "gross_profit")
_PERIOD = re.compile(r"(\d{1,2}\.\d{1,2}\.\d{4}).*?(\d{1,2}\.\d{1,2}\.\d{4})")


@dataclass
class Export:
    """One export, read: tidy shipments and what was assumed on the way."""

    frame: pd.DataFrame
    file: str
    sheet: str | None
    layout: str
    header_row: int
    data_end: pd.Timestamp | None
    cyrillic: bool
    notes: list[Note] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # a client directory: code → name
    data_start: pd.Timestamp | None = None  # the first day it covers: its first line, or its title's period
    quantity_only: str | None = None  # a table by month of units only: the text that says so
    returns: bool = False  # customers' returns only (a «Возвраты» sheet or file): no second export of sales


def _text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


# Excel's error values, as a workbook's error cell reads (read/files.py) and a CSV writes them.
EXCEL_ERRORS = frozenset(value.lower() for value in ERROR_VALUES)
# What exports write for "no value" in a label column: never a client, product or manager.
MISSING_TOKENS = frozenset(
    {"na", "n/a", "null", "nan", "none", "-", "—", "–", "#н/д", "н/д", "не указан", "<не указан>",
     "<не указано>", "не указано", "<пусто>", "(пусто)", "пусто", "<>"}
) | EXCEL_ERRORS  # fmt: skip


def text_cells(values: pd.Series) -> pd.Series:
    """Label cells (client, SKU, manager) as single-spaced text; ids stored as floats ('17850.0') become '17850'.

    Missing-value tokens (NA, N/A, #N/A, NULL, nan, None, -, —, <Не указан>, <пусто> …) become None.
    Each distinct cell is cleaned once.
    """
    values = pd.Series(values, dtype=object)
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    cleaned = np.array([_label(v) for v in uniques] + [None], dtype=object)
    return pd.Series(cleaned[codes], index=values.index, dtype=object)


_FLOAT_ID = re.compile(r"^(\d+)\.0+$")


def _label(v: object) -> str | None:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if v is None or (isinstance(v, float) and v != v):
        return None
    text = " ".join(str(v).split())
    if not text or text.casefold() in MISSING_TOKENS:
        return None
    return _FLOAT_ID.sub(r"\1", text)


class _Grid:
    """A sheet as a frame of object cells (the receivables reader's view), and how to name a cell's place."""

    def __init__(self, sheet: SheetRows):
        self.sheet = sheet
        width = max((len(row) for row in sheet.rows), default=0)
        padded = [list(row) + [None] * (width - len(row)) for row in sheet.rows]
        self.cells = pd.DataFrame(padded, dtype=object).replace({"": None})

    def group_rows(self, rows: pd.Index) -> pd.Series:
        """Rows that head a group: the next row with content sits deeper in the outline.

        1C writes such rows (Покупатели, a client over its products) with subtotals of
        the rows below; counting them too would count those amounts twice.
        """
        if not self.sheet.levels:
            return pd.Series(False, index=rows)
        levels = pd.Series(self.sheet.levels, dtype="int64").reindex(self.cells.index, fill_value=0)
        filled = self.cells.notna().any(axis=1)
        next_level = levels.where(filled).shift(-1)[::-1].ffill()[::-1]
        return ((next_level > levels) & filled).reindex(rows)

    def where(self, row: int | None = None, col: int | None = None, header: str | None = None) -> Location:
        return Location(
            file=self.sheet.file,
            sheet=self.sheet.sheet,
            row=None if row is None else row + 1,
            column=None if col is None else col + 1,
            header=header,
        )

    def numbers(self, col: int, rows: pd.Index, header: str) -> tuple[pd.Series, MarkClues]:
        """The column's numbers in `rows` (every open mark decimal), and its clues about its marks."""
        cells = self.cells.loc[rows, col]
        try:
            values = to_numbers(cells)
        except BadValue as bad:
            raise KeyClientsError(
                number_error(bad.value), self.where(bad.index, col, header), {"value": bad.value}
            ) from None
        texts = cells[cells.map(type).eq(str)].unique()
        return values, column_clues(texts)

    def regrouped(self, col: int, rows: pd.Index, header: str, mark: tuple[str, str | None]):
        """(the numbers with mark[0] taken out of the cells it leaves open, GroupMark), or None when no cell is open."""
        cells, example = regroup_texts(self.cells.loc[rows, col], mark[0])
        if example is None:
            return None
        return to_numbers(cells), GroupMark(mark[0], mark[1], example)

    def dates(self, col: int, rows: pd.Index, header: str, day_first: bool = False) -> tuple[pd.Series, Note | None]:
        try:
            dates, order = to_dates(self.cells.loc[rows, col], day_first)
        except BadValue as bad:
            raise KeyClientsError("error.bad_date", self.where(bad.index, col, header), {"value": bad.value}) from None
        except MixedDateOrder as mixed:
            cells = self.cells.loc[rows, col]
            at = tuple(first_cell_with(cells, example) for example in mixed.examples())
            raise mixed_order_error(mixed, at, lambda row: self.where(row, col, header)) from None
        return dates, _date_order_note(self.sheet.file, header, order)


def mixed_order_error(mixed: MixedDateOrder, rows: tuple[int | None, int | None], where) -> KeyClientsError:
    """'both day/month and month/day' named at the row that contradicts the first, with both rows
    (0-based sheet rows, None where not found; `where(row)` → Location)."""
    params = {"dm": mixed.day_month_example, "md": mixed.month_day_example}
    if None in rows:
        return KeyClientsError("error.mixed_date_order", where(None), params)
    params |= {"dm_row": rows[0] + 1, "md_row": rows[1] + 1}
    return KeyClientsError("error.mixed_date_order_rows", where(max(rows)), params)


def group_mark_note(file: str, header: str, group: GroupMark | None) -> Note | None:
    """'12,345' read as 12 345, and why: the cell that proves the mark, or the file's English headers."""
    if group is None:
        return None
    read = to_numbers(pd.Series([re.sub(ONE_GROUP[group.mark], REGROUPED, group.example)])).iloc[0]
    reason = Note("note.order_proved", {"value": group.proof}) if group.proof else Note("note.group_mark_assumed")
    params = {"file": file, "column": header, "example": group.example, "read": f"{read:.15g}", "reason": reason}
    params["mark"] = Note(f"note.mark{group.mark}")
    return Note("note.group_mark", params)


def _date_order_note(file: str, header: str, order) -> Note | None:
    if order is None:
        return None
    reason = Note("note.order_proved", {"value": order.proof}) if order.proof else Note("note.order_assumed")
    params = {"file": file, "column": header, "order": Note("note.order_dm" if order.day_first else "note.order_md")}
    return Note("note.date_order", {**params, "reason": reason})


class _Sheet:
    """A Table with its first rows as Python cells (for the header search) and how to name a place."""

    def __init__(self, table: Table):
        self.table = table
        self.rows = table.head(HEAD_ROWS)
        self.file = table.file
        self._encoded: dict[tuple[int, int], pa.DictionaryArray] = {}

    def encoded(self, col: int, start: int, at: np.ndarray | None = None, known: bool = False):
        """Text column `col` from row `start` on dictionary-encoded, once per sheet: the totals'
        search, the client names' cleaning, the dates' blanks and the documents' test share it
        (a million cells took 40–70 ms each time). With `at`: the rows `start + at`, as codes into
        the same dictionary. None for a column that is not text, and with `known` for one not
        encoded yet."""
        if (col, start) not in self._encoded:
            if known:
                return None
            as_read = self.table.encoded(col, start)  # a Parquet file's codes: no text written out or hashed
            if as_read is None:
                column = self.table.body(col, start)
                if not is_text(column):
                    return None
                as_read = encode(column)
            self._encoded[(col, start)] = as_read  # a thread each for two columns: distinct keys
        encoded = self._encoded[(col, start)]
        if _every_row(at, len(encoded)):
            return encoded
        return pa.DictionaryArray.from_arrays(encoded.indices.take(pa.array(at, type=pa.int64())), encoded.dictionary)

    def __len__(self) -> int:
        return self.table.height

    def row(self, row: int) -> list:
        return self.rows[row] if row < len(self.rows) else [None] * self.table.width

    def where(self, row: int | None = None, col: int | None = None, header: str | None = None) -> Location:
        return Location(
            file=self.table.file,
            sheet=self.table.sheet,
            row=None if row is None else row + 1,
            column=None if col is None else col + 1,
            header=header,
        )

    def body(self, col: int, start: int, at: np.ndarray | None = None) -> pa.Array:
        """Column `col` from row `start` on, or only the rows `start + at` (in increasing order)."""
        column = self.table.body(col, start)
        if _every_row(at, len(column)):
            return column  # every row: a take would copy a million cells for nothing
        return column.take(pa.array(at, type=pa.int64()))

    def numbers(
        self, col: int, start: int, at: np.ndarray, header: str, english: bool = False
    ) -> tuple[np.ndarray, MarkClues]:
        """The column's numbers at `at` (every open mark decimal), and its clues about its marks
        (the decimal comma looked for where `english` headers would assume a group)."""
        try:
            return numbers_and_clues(self.body(col, start, at), english)
        except BadValue as bad:
            where = self.where(start + int(at[bad.index]), col, header)
            raise KeyClientsError(number_error(bad.value), where, {"value": bad.value}) from None

    def decimal_comma(self, cols: dict[int, np.ndarray], start: int) -> str | None:
        """The first decimal comma in the columns, each at its rows `start + at` (values.file_mark)."""
        return next(filter(None, (decimal_comma(self.body(col, start, at)) for col, at in cols.items())), None)

    def regrouped(self, col: int, start: int, at: np.ndarray, mark: tuple[str, str | None]):
        """(the numbers at `at` with mark[0] taken out of the cells it leaves open, GroupMark), or
        None when no cell is open (a bad cell was named when the column was first read)."""
        found = regrouped_numbers(self.body(col, start, at), mark[0])
        return None if found is None else (found[0], GroupMark(mark[0], mark[1], found[1]))

    def dates(
        self, col: int, start: int, at: np.ndarray, header: str, filled: bool = False, day_first: bool = False
    ) -> tuple[np.ndarray, Note | None]:
        # text as codes, where the sheet encodes it (a workbook's serial days are read cell by cell)
        cells = None if self.table.serial_text else self.encoded(col, start, at)
        try:
            values, order = dates(
                self.body(col, start, at) if cells is None else cells, self.table.serial_text, filled, day_first
            )
        except BadValue as bad:
            where = self.where(start + int(at[bad.index]), col, header)
            raise KeyClientsError("error.bad_date", where, {"value": bad.value}) from None
        except MixedDateOrder as mixed:
            trimmed = pc.utf8_trim_whitespace(self.body(col, start, at))
            found = (pc.index(pc.starts_with(trimmed, example), True).as_py() for example in mixed.examples())
            rows = tuple(None if position < 0 else start + int(at[position]) for position in found)
            raise mixed_order_error(mixed, rows, lambda row: self.where(row, col, header)) from None
        return values, _date_order_note(self.file, header, order)

    def group_rows(self, start: int) -> np.ndarray:
        """Rows (from `start`) that head a group: the next row with content sits deeper in the outline.

        1C writes such rows (Покупатели, a client over its products) with subtotals of
        the rows below; counting them too would count those amounts twice.
        """
        levels = self.table.levels
        if not levels:
            return np.zeros(len(self) - start, dtype=bool)
        height = len(self)
        level = np.zeros(height)
        level[: min(len(levels), height)] = levels[:height]
        filled = self.table.filled(0)
        next_level = pd.Series(level).where(filled).shift(-1)[::-1].ffill()[::-1].to_numpy()
        return ((next_level > level) & filled)[start:]

    def coded(self, col: int, start: int) -> pa.Array:
        """Column `col` from row `start` on: its codes where it is text (`encoded`), else its cells."""
        encoded = self.encoded(col, start)
        return self.body(col, start) if encoded is None else encoded

    def labels(self, col: int, start: int, at: np.ndarray) -> pd.Categorical:
        """Label cells of `col` at the rows `start + at`: from the column's codes where the reader or
        the sheet has them (no text taken or hashed), else from the cells' texts."""
        encoded = self._encoded.get((col, start))
        encoded = self.table.encoded(col, start) if encoded is None else encoded
        if encoded is None:
            return labels(self.body(col, start, at))
        return encoded_labels(encoded, None if _every_row(at, len(encoded)) else at)

    def totals(self, start: int, cols, date_col: int | None = None) -> np.ndarray:
        """Totals rows: a label opening with Итого / Всего / Total, Excel's subtotal of the rows
        above ('ООО Ромашка Итог'), or in the date column a period's ('08.2026 Итог')."""

        searched = [(col, False) for col in cols] + ([(date_col, True)] if date_col is not None else [])
        hits = np.zeros(len(self) - start, dtype=bool)
        with _two_at_a_time() as pool:
            jobs = pool.map(lambda job: totals(self.coded(job[0], start), job[1]), searched)
            for rows in jobs:
                hits |= rows
        return hits


def _every_row(at: np.ndarray | None, count: int) -> bool:
    """Whether the rows `at` are all `count` rows. Rows are given in increasing order (each is a
    subset of the sheet's rows, in order), so the ends tell: comparing a million rows with an
    arange took 2.5 ms, nineteen times a build."""
    return at is None or (len(at) == count and (not count or (at[0] == 0 and at[-1] == count - 1)))


def _two_at_a_time() -> ThreadPoolExecutor:
    """Threads for converting or searching columns side by side: each is one Arrow kernel over a
    million cells, which lets go of the GIL, so two cores work at once."""
    return ThreadPoolExecutor(2, thread_name_prefix="keyclients-columns")


def _headers(sheet: _Sheet, row: int) -> list[str]:
    """Header texts of a row, with the row above prefixed where it is a group header (two-row headers)."""
    lower = [_text(c) for c in sheet.row(row)]
    if row == 0:
        return lower
    upper = pd.Series([_text(c) or None for c in sheet.row(row - 1)], dtype=object).ffill().fillna("")
    return [lo or up for lo, up in zip(lower, upper, strict=True)]


def _long_candidate(sheet: _Sheet) -> tuple[int, dict[str, int]] | None:
    best = None
    for row in range(min(HEADER_SEARCH_ROWS, len(sheet))):
        roles = assign_roles([normalise(h) for h in _headers(sheet, row)])
        if best is None or len(roles) > len(best[1]):
            best = (row, roles)
    return best


def _wide_candidate(sheet: _Sheet) -> tuple[int, dict[int, pd.Period]] | None:
    """The header row with the most month headers (two or more, and no numbers: data rows hold dates too)."""
    best = None
    for row in range(min(HEADER_SEARCH_ROWS, len(sheet))):
        cells = sheet.row(row)
        if _has_numbers(cells) or _is_parameter_line(cells):
            continue
        # Bare month names take their year from a year row above ('2022 год'), merged or not.
        years = pd.Series([year_of(c) for c in sheet.row(row - 1)] if row else [None] * len(cells))
        years = years.astype("object").ffill()
        months = {
            col: month
            for col, cell in enumerate(cells)
            if (month := parse_month(cell, years.iloc[col] if pd.notna(years.iloc[col]) else None)) is not None
        }
        if len(set(months.values())) < 2:
            months = _months_without_year(sheet, row)
        if len(set(months.values())) >= 2 and (best is None or len(months) > len(best[1])):
            best = (row, months)
    return best


def _is_parameter_line(cells: list) -> bool:
    """A title's line of a label and its values ('Период: | 01.08.2026 | 31.10.2026'): its first
    text ends with a colon. A table's header names its columns, and no header does that."""
    first = next((cell for cell in cells if cell is not None and _text(cell)), None)
    return isinstance(first, str) and first.strip().endswith(":")


def _months_without_year(sheet: _Sheet, row: int) -> dict[int, pd.Period]:
    """Bare month names ('Июль | Август | Сентябрь') with their year from the title's period.

    Months are matched left to right to the period's months. Without a period the user is told
    how to add the year; a row with fewer than two month names is not a month header ({}).
    """
    bare = {col: number for col, cell in enumerate(sheet.row(row)) if (number := bare_month_number(cell))}
    if len(set(bare.values())) < 2:
        return {}
    period = _title_period(sheet, row)
    found = ", ".join(_text(sheet.row(row)[col]) for col in bare)
    if period is None:
        raise KeyClientsError("error.months_without_year", sheet.where(row), {"months": found})
    available = list(pd.period_range(period[0], period[1], freq="M"))
    months, start = {}, 0
    for col, number in bare.items():
        index = next((i for i in range(start, len(available)) if available[i].month == number), None)
        if index is None:
            params = {"months": found, "start": f"{period[0]:%d.%m.%Y}", "end": f"{period[1]:%d.%m.%Y}"}
            raise KeyClientsError("error.months_outside_period", sheet.where(row, col), params)
        months[col], start = available[index], index + 1
    return months


_NUMBER_TEXT = re.compile(r"^[-+(]?\d[\d \u00a0\u202f]*([.,]\d+)?\)?$")
_NUMBER_TEXT_RE2 = r"^[-+(]?\d[\d \x{00a0}\x{202f}]*([.,]\d+)?\)?$"


def _has_numbers(cells: list) -> bool:
    """True when a row holds a number that is not a year: headers hold none.

    Cells are mostly text (a CSV, a workbook read as text), so text that reads as a number
    counts too; '2097.12' does, being no plausible month (month headers are years up to next year).
    """
    return any(_is_number_cell(c) for c in cells)


def _is_number_cell(cell: object) -> bool:
    if isinstance(cell, bool):
        return False
    if isinstance(cell, (int, float)):
        return year_of(cell) is None
    if not isinstance(cell, str) or not _NUMBER_TEXT.match(cell.strip()) or year_of(cell) is not None:
        return False
    month = parse_month(cell)
    return month is None or month.year > pd.Timestamp.today().year + 1


def _is_label(cell: object) -> bool:
    """Text that is not a number written as text."""
    return isinstance(cell, str) and bool(cell.strip()) and not _NUMBER_TEXT.match(cell.strip())


def _title_period(sheet: _Sheet, header_row: int) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The period a title line above the header states: 'Период: 01.08.2026 - 31.10.2026', and as
    1C also prints it, 'с 1 августа 2026 г. по 31 октября 2026 г.', 'Август 2026 г. - Октябрь 2026 г.',
    '3 квартал 2026 г.', '1 полугодие 2026 г.'; 'Period: 08/01/2026 - 10/31/2026'."""
    for row in range(header_row):
        line = " ".join(_text(c) for c in sheet.row(row) if c is not None)
        if re.search(r"(?i)(период|period)", line) and (period := period_in_text(line)) is not None:
            return period
    return None


_QUARTER = re.compile(r"(?i)\b([1-4])\s*(?:-?й\s*)?квартал\w*\s+(\d{4})|\bq([1-4])\s*(\d{4})|\b(\d{4})\s*q([1-4])\b")
_HALF = re.compile(r"(?i)\b([12])\s*(?:-?е\s*)?полугоди\w*\s+(\d{4})")
_MONTH_YEAR = re.compile(r"(?i)\b([a-zа-яё]{3,})\.?\s+(\d{4})\b")


def period_in_text(line: str) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """(first day, last day) of the period a title line names, or None."""
    dates = dates_in_text([line], day_first=has_cyrillic(line) or bool(_PERIOD.search(line)))
    if len(dates) >= 2 and dates[0] <= dates[1]:
        return dates[0], dates[1]
    if match := _QUARTER.search(line):
        quarter, year = (match[1], match[2]) if match[1] else (match[3], match[4]) if match[3] else (match[6], match[5])
        period = pd.Period(f"{year}Q{quarter}", freq="Q")
        return period.start_time.normalize(), period.end_time.normalize()
    if match := _HALF.search(line):
        first = pd.Period(f"{match[2]}-{6 * int(match[1]) - 5:02d}", freq="M")
        return first.start_time.normalize(), (first + 5).end_time.normalize()
    months = [m for m in (parse_month(f"{name} {year}") for name, year in _MONTH_YEAR.findall(line)) if m is not None]
    if len(months) >= 2 and months[0] <= months[-1]:
        return months[0].start_time.normalize(), months[-1].end_time.normalize()
    return None


def _is_header(text: str):
    """The test of one cleaned label (None for missing) for being the header `text` again (a
    repeated header): equal once both are normalised; a missing one only for an empty header."""
    target = normalise(text)
    return lambda value: target == "" if value is None else normalise(value) == target


def _normalised_equals(values: np.ndarray, text: str) -> np.ndarray:
    """True where a cleaned label, normalised, equals `text` normalised (a repeated header)."""
    is_header = _is_header(text)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    verdict = np.array([is_header(v) for v in uniques] + [is_header(None)], dtype=bool)
    return verdict[codes]


def read_rows(
    sheet: SheetRows, columns: dict[str, str] | None = None, drop_status: tuple[str, ...] | None = None
) -> Export:
    """Parse one sheet's rows into an Export. Raises KeyClientsError when no layout fits.

    `columns`: an explicit role → header name or column letter mapping (--columns);
    `drop_status`: the statuses whose lines are dropped (default: the settings' list).
    """
    return read_table(table_from_rows(sheet), columns, drop_status)


def read_table(
    table: Table, columns: dict[str, str] | None = None, drop_status: tuple[str, ...] | None = None
) -> Export:
    """Parse one sheet's columns into an Export (see `read_rows`)."""
    sheet = _Sheet(table)
    if not len(sheet) or not table.width:
        raise KeyClientsError("error.empty", sheet.where())
    dropped = drop_status if drop_status is not None else tuple(p.strip() for p in DROP_STATUS.split(";"))
    row, roles, wide = find_layout(sheet, columns)
    if wide is not None:
        entity_col, code_col = roles.get("client", roles.get("client_code")), roles.get("client_code")
        return _read_wide(
            sheet, *wide, entity_col=entity_col if columns else None, code_col=code_col if columns else None
        )
    return _read_long(sheet, row, roles, dropped)


def find_layout(sheet: _Sheet, columns: dict[str, str] | None) -> tuple[int, dict[str, int], tuple | None]:
    """(header row, role → column, and for a by-month table (header row, months)); raises when no layout fits.

    Looks at the first rows only: the big-file reader (read/big.py) uses it too.
    """
    if columns:
        row, roles = _mapped_roles(sheet, columns)
        if "date" not in roles and (wide := _wide_candidate(sheet)) is not None:
            return row, roles, wide
        _require_long_roles(sheet, row, roles)
        return row, roles, None
    wide, long = _wide_candidate(sheet), _long_candidate(sheet)
    if wide is not None and not _is_line_under_header(sheet, long, wide[0]):
        return wide[0], {}, wide
    row, roles = long if long else (0, {})
    _require_long_roles(sheet, row, roles)
    return row, _unnamed_partner(sheet, row, roles), None


def _client_columns_beside(headers: list[str], col: int, taken) -> list[int]:
    """The other columns a header names as the client exactly («Контрагент» beside «Партнер»)."""
    return [
        c for c, h in enumerate(headers) if c != col and c not in taken and role_score(normalise(h), "client") >= 1000
    ]


def _unnamed_partner(sheet: _Sheet, header_row: int, roles: dict[str, int]) -> dict[str, int]:
    """A «Партнер» column left blank (a 1C that does not use partners fills «Контрагент» only): the
    counterparty is the client then. Judged on the 50 rows under the header, which both readers see."""
    col = roles.get("client")
    headers = [h or "" for h in _headers(sheet, header_row)]
    if col is None or normalise(headers[col]) != PARTNER:
        return roles
    others = _client_columns_beside(headers, col, roles.values())
    below = sheet.rows[header_row + 1 : header_row + 51]
    if not others or any(col < len(cells) and _label(cells[col]) is not None for cells in below):
        return roles
    return {**roles, "client": others[0]}


def _has_long_roles(roles: dict[str, int]) -> bool:
    """A client (or its code), a date, and an amount (or quantity and price): a document line's."""
    amount = "amount" in roles or {"quantity", "price"} <= roles.keys()
    return ("client" in roles or "client_code" in roles) and "date" in roles and amount


def _is_line_under_header(sheet: _Sheet, long: tuple[int, dict[str, int]] | None, month_row: int) -> bool:
    """Whether the row taken for months is a line under a document lines' header: a day in its
    date column ('22.06.2026 | Альфа | 5 руб. | 02.07.2026': a sale's and a payment's dates, the
    amount read as no number). A title's parameter line ('Группировки: | Контрагент | Период |
    Сумма') above a month header is no lines' header."""
    if long is None or long[0] >= month_row or not _has_long_roles(long[1]):
        return False
    if _is_parameter_line(sheet.row(long[0])):
        return False
    cells = sheet.row(month_row)
    date_col = long[1]["date"]
    if date_col >= len(cells) or _text(cells[date_col]) == "":
        return False
    try:
        _, bad, _ = parse_dates(pd.Series([cells[date_col]], dtype=object), day_first=True)
    except MixedDateOrder:
        return False
    return not bad[0]


def _require_long_roles(sheet: _Sheet, row: int, roles: dict[str, int]) -> None:
    """Document lines need a client (or its code), a date, and an amount (or quantity and price)."""
    missing = []
    if "client" not in roles and "client_code" not in roles:
        missing.append("client")
    if "date" not in roles:
        missing.append("date")
    if "amount" not in roles and not {"quantity", "price"} <= roles.keys():
        missing.append("amount")
    if not missing:
        return
    found = ", ".join(h for h in _headers(sheet, row) if h) or "—"
    key = "error.no_time_axis" if "date" in missing and not _has_date_column(sheet, row) else "error.no_layout"
    words = Phrase(tuple(Note(f"role.{role}") for role in missing), ", ")
    raise KeyClientsError(key, sheet.where(row), {"found": found, "missing": words})


def _has_date_column(sheet: _Sheet, header_row: int) -> bool:
    """Whether any column below the header holds mostly dates (then only its header was not recognised)."""
    sample = pd.DataFrame(sheet.rows[header_row + 1 : header_row + 51], dtype=object)
    for col in sample.columns:
        values = sample[col].dropna()
        # bare numbers prove nothing
        values = values[~values.map(lambda v: isinstance(v, (int, float)) or bool(_NUMBER_TEXT.match(str(v).strip())))]
        if len(values) < max(1, len(sample[col].dropna()) // 2):
            continue
        try:
            parsed, _ = to_dates(values)
        except (BadValue, MixedDateOrder):
            continue
        if parsed.notna().mean() >= 0.5:
            return True
    return False


_LETTERS = re.compile(r"[A-Za-z]{1,3}")


def _letter_index(letters: str) -> int:
    """'A' → 0, 'AB' → 27."""
    return column_number(letters) - 1


def _mapped_roles(sheet: _Sheet, columns: dict[str, str]) -> tuple[int, dict[str, int]]:
    """Header row and role → column for an explicit mapping (header texts or column letters).

    The header row is the one naming most of the mapped headers; with letters only, the
    row the automatic detection finds (a 1C title block sits above it), else the row above
    the first number in the amount column.
    """
    wanted = {role: normalise(name) for role, name in columns.items()}
    best_row, best_hits = 0, 0
    for row in range(min(HEADER_SEARCH_ROWS, len(sheet))):
        headers = [normalise(h) for h in _headers(sheet, row)]
        hits = sum(name in headers for name in wanted.values())
        if hits > best_hits:
            best_row, best_hits = row, hits
    if not best_hits:
        best_row = _header_row_for_letters(sheet, columns)
    headers = [normalise(h) for h in _headers(sheet, best_row)]
    used = sheet.table.used_columns()
    roles = {}
    for role, name in wanted.items():
        if name in headers:
            roles[role] = headers.index(name)
        elif _LETTERS.fullmatch(columns[role].strip()):
            col = _letter_index(columns[role].strip())
            if col not in used:
                span = f"{column_letter(used[0] + 1)}:{column_letter(used[-1] + 1)}" if used else "—"
                params = {"letter": columns[role].strip().upper(), "role": Note(f"role.{role}"), "span": span}
                raise KeyClientsError("error.mapping_letter_outside", sheet.where(), params)
            roles[role] = col
        else:
            real = [h for h in _headers(sheet, best_row) if h]
            near = _closest(columns[role], real)
            params = {"column": columns[role], "role": Note(f"role.{role}"), "found": ", ".join(real) or "—"}
            params["closest"] = Note("error.did_you_mean", {"name": near}) if near else ""
            raise KeyClientsError("error.mapping_column_missing", sheet.where(best_row), params)
    _check_one_role_a_column(sheet, best_row, roles)
    detected = assign_roles([h if i not in roles.values() else "" for i, h in enumerate(headers)])
    return best_row, {**{r: c for r, c in detected.items() if r not in roles}, **roles}


def _check_one_role_a_column(sheet: _Sheet, header_row: int, roles: dict[str, int]) -> None:
    """`client=B,amount=B` (or a letter and a header naming one column): the column was read as
    numbers and the first client's name blamed as a bad cell, not the mapping."""
    taken: dict[int, str] = {}
    for role, col in roles.items():
        if col in taken:
            params = {
                "column": column_letter(col + 1),
                "first": Note(f"role.{taken[col]}"),
                "second": Note(f"role.{role}"),
            }
            raise KeyClientsError("error.mapping_same_column", sheet.where(header_row, col), params)
        taken[col] = role


def _header_row_for_letters(sheet: _Sheet, columns: dict[str, str]) -> int:
    """The header row when the mapping names columns by letter only."""
    detected = _long_candidate(sheet)
    if detected and len(detected[1]) >= 2:
        return detected[0]
    amount = columns.get("amount") or columns.get("quantity")
    if amount and _LETTERS.fullmatch(amount.strip()):
        col = _letter_index(amount.strip())
        if col < sheet.table.width:
            for row in range(min(HEADER_SEARCH_ROWS, len(sheet.rows) - 1)):
                here, below = sheet.rows[row][col], sheet.rows[row + 1][col]
                if _is_label(here) and _looks_numeric(below):
                    return row
    return 0


def _looks_numeric(cell: object) -> bool:
    try:
        return not to_numbers(pd.Series([cell])).isna().all()
    except BadValue:
        return False


def _closest(name: str, headers: list[str]) -> str:
    """The header most like a mistyped name, as a hint ('' when none is close)."""
    import difflib

    match = difflib.get_close_matches(normalise(name), [normalise(h) for h in headers], n=1, cutoff=0.6)
    return next((h for h in headers if normalise(h) == match[0]), "") if match else ""


def _read_long(sheet: _Sheet, header_row: int, roles: dict[str, int], dropped: tuple[str, ...]) -> Export:
    file = sheet.file
    headers = _headers(sheet, header_row)
    start = header_row + 1
    rows = len(sheet) - start
    notes = list(sheet.table.notes)
    # The client is its code where the export has one, its name otherwise; the name is shown.
    name_col, code_col = roles.get("client"), roles.get("client_code")
    shown_col = name_col if name_col is not None else code_col

    column, cleaned = cleaned_texts(sheet.coded(shown_col, start))
    shown = categorical(column, cleaned)  # codes: combine factorizes the names twice
    is_header = _is_header(headers[shown_col])  # asked once per distinct name
    header_again = column.flags([is_header(value) for value in cleaned], is_header(None))
    code = texts(sheet.body(code_col, start)) if code_col is not None and name_col is not None else None
    label_cols = range(max(c for c in (name_col, code_col) if c is not None) + 1)
    total_rows = sheet.totals(start, label_cols) & ~header_again
    blank_rows = ~sheet.table.filled(start)
    keep = np.flatnonzero(~(header_again | total_rows | blank_rows | sheet.group_rows(start)))

    # Which mark groups thousands where a cell leaves it open ('12,345'): the file's number
    # columns together decide it (values.file_mark), each column first read with it decimal.
    english = english_numbers(headers, sheet.table.delimiter)
    clues: dict[str, MarkClues] = {}
    grouped: dict[str, GroupMark] = {}  # role → how its open cells were read

    def numbers(role: str, at: np.ndarray = keep) -> np.ndarray:
        values, clues[role] = sheet.numbers(roles[role], start, at, headers[roles[role]], english)
        return values

    def regrouped(role: str, values: np.ndarray, mark, at: np.ndarray = keep) -> np.ndarray:
        found = sheet.regrouped(roles[role], start, at, mark) if mark is not None else None
        if found is None:
            grouped.pop(role, None)
            return values
        grouped[role] = found[1]
        return found[0]

    amount_roles = ["amount"] if "amount" in roles else ["quantity", "price"]
    amount_roles += ["returns"] if "returns" in roles else []
    amount_values = {role: numbers(role) for role in amount_roles}
    read_at = {roles[role]: keep for role in amount_roles}  # where each number column was read
    mark = file_mark(clues.values(), english, lambda: sheet.decimal_comma(read_at, start))

    returned = np.full(rows, np.nan)  # returns given in a column of their own

    def amounts(mark) -> np.ndarray:
        read = {role: regrouped(role, values, mark) for role, values in amount_values.items()}
        # 0 × a negative price is -0.0, which a note would print as '-0'
        sold = read["amount"] if "amount" in read else read["quantity"] * read["price"] + 0.0
        if "returns" not in read:
            return sold
        returned[keep] = np.abs(read["returns"])
        return less_returns(sold, read["returns"])

    amount = np.full(rows, np.nan)
    amount_cols = [roles[role] for role in amount_roles]
    amount[keep] = amounts(mark)
    if "amount" not in roles:
        notes.append(Note("note.amount_from_qty_price", {"file": file}))
    date_col = roles["date"]
    # Group and subtotal rows carry no date or no amount: check dates only where a line can be.
    date_cells = sheet.encoded(date_col, start, keep)  # the blanks and the dates read each distinct text once
    dated = keep[~blank(date_cells if date_cells is not None else sheet.body(date_col, start, keep))]
    line_like = dated[~np.isnan(amount[dated])]
    day_first = assumed_day_first(headers)
    try:
        line_dates, order_note = sheet.dates(date_col, start, line_like, headers[date_col], True, day_first)
    except KeyClientsError as error:
        # Excel's Data ▸ Subtotal by month writes '08.2026 Итог' into the date column: searched
        # only when a date does not read (a million dates are not searched for nothing).
        in_dates = sheet.totals(start, [], date_col) & ~header_again
        if error.key != "error.bad_date" or not in_dates[line_like].any():
            raise
        total_rows |= in_dates
        line_like = line_like[~in_dates[line_like]]
        line_dates, order_note = sheet.dates(date_col, start, line_like, headers[date_col], True, day_first)
    notes += [order_note] if order_note else []

    own_labels = shown
    inner = _inner_grouping(sheet, header_row, shown_col, headers[shown_col], roles, shown, line_like)
    if inner is not None:  # 'Контрагент' over 'Документ' in one column: each line is its client's
        heads = blank(sheet.body(date_col, start)) & (shown.codes >= 0) & ~header_again & ~total_rows
        heads[: inner.stacked_rows] = False
        shown = pd.Categorical.from_codes(_last_above(shown.codes, heads), dtype=shown.dtype)
        counted = line_like[shown.codes[line_like] >= 0]
        params = {"file": file, "column": headers[shown_col], "inner": inner.name, "rows": Count(len(counted), "row")}
        params["clients"] = Count(len(np.unique(shown.codes[counted])), "client")
        notes.append(Note("note.client_groups", params))
    has_client = _has_client(shown, code, line_like)
    lines, no_client = line_like[has_client], line_like[~has_client]
    frame = pd.DataFrame(
        {
            "client": pd.Series(shown[lines]),
            "date": line_dates[has_client],
            "amount": amount[lines],
        },
    ).set_axis(lines + start)
    if code is not None:
        frame["client_code"] = pd.Series(code[lines], index=frame.index, dtype=object)
        frame["client"] = frame["client"].astype(object).fillna(frame["client_code"])
        notes.append(Note("note.codes_decide", {"file": file, "code": headers[code_col], "name": headers[name_col]}))
    with _two_at_a_time() as pool:
        numeric = {r: pool.submit(numbers, r, lines) for r in NUMERIC_ROLES if r in roles}
        text = {r: pool.submit(sheet.labels, roles[r], start, lines) for r in TEXT_ROLES if r in roles}
    for role, job in numeric.items():  # a bad cell is reported as the first column with one, as before
        frame[role] = job.result()
    read_at |= {roles[role]: lines for role in numeric}
    final = file_mark(clues.values(), english, lambda: sheet.decimal_comma(read_at, start))
    if final != mark:  # a clue only another column had ('39,75')
        amount[keep] = amounts(final)
        frame["amount"] = amount[lines]
    for role in numeric:
        frame[role] = regrouped(role, frame[role].to_numpy(), final, lines)
    notes += [group_mark_note(file, headers[roles[r]], grouped[r]) for r in ("amount", *NUMERIC_ROLES) if r in grouped]
    for role, job in text.items():
        frame[role] = pd.Series(job.result(), index=frame.index)
    if inner is not None and inner.is_sku:  # the lines' own labels are their products
        frame["sku"] = pd.Series(own_labels[lines], index=frame.index).cat.remove_unused_categories()
    if "payment_date" in roles:
        paid = roles["payment_date"]
        frame["payment_date"], _ = sheet.dates(paid, start, lines, headers[paid], day_first=day_first)
    per_document = repeats_document_total(headers, roles)
    totals = None  # each line's document total, where the amount is one (a return's sign is decided by it)
    if per_document:  # 'Сумма документа' on each of a document's lines: taken on its first line only
        documents = sheet.labels(roles["document"], start, lines) if "document" in roles else None
        totals = frame["amount"].copy()
        repeats = _document_repeats(frame, documents)
        frame.loc[repeats, "amount"] = 0.0
        notes.append(document_total_note(file, headers, roles, len(frame) - int(repeats.sum()), int(repeats.sum())))
    subtotals = 0
    if "sku" in roles:  # a client's subtotal line among its lines, dated, with no product
        dates = frame["date"].to_numpy()
        found = _client_subtotals(frame["sku"].isna().to_numpy(), shown.codes[lines], frame["amount"].to_numpy(), dates)
        subtotals = int(found.sum())
        frame = frame[~found] if subtotals else frame  # a filter copies every column, a million lines each
    if "status" in roles:
        statuses = sheet.labels(roles["status"], start, frame.index.to_numpy() - start)
        frame["status"] = pd.Series(statuses, index=frame.index)
        dropped_lines = is_dropped_status(frame["status"], dropped)
        notes.append(_status_note(file, headers[roles["status"]], frame, dropped_lines))
        frame = frame[~dropped_lines.to_numpy()] if dropped_lines.any() else frame
    for role in (r for r in FLAG_ROLES if r in roles):  # marked for deletion, not posted: no shipment
        flags = sheet.labels(roles[role], start, frame.index.to_numpy() - start)
        off = not_shipped(pd.Series(flags), role).to_numpy()
        if off.any():
            notes.append(_flag_note(file, headers[roles[role]], role, off.sum(), frame["amount"][off].sum()))
            frame = frame[~off]
    if "returns" in roles:
        returns = np.nan_to_num(returned[frame.index.to_numpy() - start])
        if returns.any():
            notes.append(_returns_column_note(file, headers[roles["returns"]], (returns != 0).sum(), returns.sum()))
    # The lines' documents: a column of their own, or the client's column where they stand under
    # their client (`Контрагент` over `Документ`; DuckDB's path reads no such report)
    document_col = roles.get("document", shown_col if inner is not None and not inner.is_sku else None)
    if document_col is not None:
        at = frame.index.to_numpy() - start
        # a text column's codes are all the test needs: its million texts are not taken
        cells = sheet.encoded(document_col, start, at)
        cells = cells if cells is not None else sheet.body(document_col, start, at)
        returned = text_flags(cells, RETURN_DOCUMENT_HINT, is_return_document_name)
        sold = frame["amount"] if totals is None else totals.reindex(frame.index)
        is_return = returned & (sold.to_numpy() > 0)
        if is_return.any():
            returns = frame["amount"][is_return].sum()
            notes.append(_returns_note(file, headers[document_col], is_return.sum(), returns))
            signed = [r for r in SIGNED_ROLES if r in frame]
            frame.loc[is_return, signed] = -frame.loc[is_return, signed]
    if len(no_client):
        missing = {"file": file, "tokens": Note("note.missing_tokens"), "lines": Count(len(no_client), "line")}
        notes.append(Note("note.no_client", {**missing, "amount": Amount(float(amount[no_client].sum()))}))
    notes += _not_found_note(sheet, start, dated[np.isnan(amount[dated])], shown, code, amount_cols)

    groups = rows - len(line_like) + subtotals - int(total_rows.sum()) - int(header_again.sum())
    notes += _noise_notes(file, total_rows.sum(), groups, header_again.sum())
    notes.insert(0, layout_note(file, header_row, headers, roles))
    notes[1:1] = partner_note(file, headers, roles)
    frame, unit_notes = in_roubles(frame, sheet, header_row, roles, file)
    notes += unit_notes
    if per_document:  # no money per product: the sheets that split sales by SKU would split it wrongly
        frame = frame.drop(columns="sku", errors="ignore")
    frame = frame.assign(month=months_of(frame["date"]))
    # How far the export reaches: every dated line counts (a cancelled one too), and a
    # 'Период: … - 31.10.2026' title says it outright.
    known = line_dates[~np.isnat(line_dates)]
    data_start, data_end = covered(
        pd.Timestamp(known.min()) if len(known) else None,
        pd.Timestamp(known.max()) if len(known) else None,
        _title_period(sheet, header_row),
    )
    cyrillic = has_cyrillic(headers)
    return Export(
        frame, file, sheet.table.sheet, "long", header_row + 1, data_end, cyrillic, notes, data_start=data_start
    )


def months_of(dates: pd.Series) -> pd.Series:
    """Each date's month (NaT for none), found for each distinct day once: a million lines hold a
    few hundred days (to_period on every line took 37 ms, this way 17 ms)."""
    codes, days = pd.factorize(dates.to_numpy())
    months = pd.DatetimeIndex(days).to_period("M")
    return pd.Series(months.take(codes, allow_fill=True, fill_value=pd.NaT), index=dates.index)


MONEY_ROLES = ("amount", "price", "list_price", "cost", "gross_profit")


def in_roubles(
    frame: pd.DataFrame, sheet: _Sheet, header_row: int, cols: dict[str, int], file: str, key: str = "note.money_unit"
):
    """The frame with its money columns given in thousands or millions (values.money_unit) turned
    into roubles, and a note for each unit found: a column by its own header ('Сумма, тыс. руб.'),
    else by the title. `cols`: role → column (an amount of quantity × price follows the price);
    `key`: the note's wording (a table by month names no column)."""
    title = money_unit(_text(cell) for row in range(header_row) for cell in sheet.row(row))
    header = sheet.row(header_row)
    scaled, found = {}, {}
    for role in MONEY_ROLES:
        col = cols.get("price" if role == "amount" and "amount" not in cols else role)
        if role not in frame or col is None or (unit := money_unit([_text(header[col])]) or title) is None:
            continue
        scaled[role] = frame[role] * unit[0]
        found.setdefault(unit, []).append(_text(header[col]) or role)
    return frame.assign(**scaled), money_unit_notes(file, found, key)


def money_unit_notes(file: str, found: dict[tuple[float, str], list[str]], key: str = "note.money_unit") -> list[Note]:
    """A note for each unit found: (factor, the text that says so) → the columns given in it."""
    return [
        Note(key, {"file": file, "columns": ", ".join(columns), "text": text, "factor": Amount(factor)})
        for (factor, text), columns in found.items()
    ]


def covered(first: pd.Timestamp | None, last: pd.Timestamp | None, period: tuple | None) -> tuple:
    """The first and last day an export covers: its lines' days, widened to its title's period."""
    if period:
        first = min(period[0], first) if first is not None else period[0]
        last = max(period[1], last) if last is not None else period[1]
    return first, last


@dataclass(frozen=True)
class _Inner:
    """The grouping stacked under the client in its column: its name, whether it is the SKU,
    and how many rows under the header spell the stack."""

    name: str
    is_sku: bool
    stacked_rows: int


def _inner_grouping(
    sheet: _Sheet,
    header_row: int,
    col: int,
    header: str,
    roles: dict[str, int],
    shown: pd.Categorical,
    lines: np.ndarray,
) -> _Inner | None:
    """Document lines whose client column stacks another grouping under the client (1C:
    `Контрагент` over `Документ` or `Номенклатура`, on rows of their own under the header; or,
    said by no header, nine in ten of the lines' distinct labels are documents' names).
    `shown`: the column's labels; `lines`: the rows that are lines (dated, with an amount)."""
    if grouping_role(header) != "client":
        return None
    stacked = []
    for row in range(header_row + 1, min(header_row + 4, len(sheet))):
        cells = sheet.row(row)
        name = _text(cells[col])
        if (
            not name
            or grouping_role(name, exact=True) not in ("sku", "grouping")
            or any(_text(c) for i, c in enumerate(cells) if i != col)
        ):
            break
        stacked.append(name)
    if not stacked:  # no header says so, but the lines' labels are documents, not clients
        codes = shown.codes[lines]
        named = list(shown.categories[np.bincount(codes[codes >= 0], minlength=len(shown.categories)) > 0])
        documents = sum(bool(_DOCUMENT_NAME.search(label)) for label in named)
        return _Inner("Документ", False, 0) if named and documents >= 0.9 * len(named) else None
    is_sku = grouping_role(stacked[-1], exact=True) == "sku" and "sku" not in roles
    return _Inner(stacked[-1], is_sku, len(stacked))


# A 1C document's name: «Реализация товаров и услуг 00УТ-000123 от 15.08.2026».
_DOCUMENT_NAME = re.compile(rf"(?i)^\s*(?:{DOCUMENT_WORDS})\s.*\bот\s+\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}")


def _last_above(codes: np.ndarray, heads: np.ndarray) -> np.ndarray:
    """For each row, the code of the last head row at or above it; -1 before the first."""
    last = np.maximum.accumulate(np.where(heads, np.arange(len(codes)), -1))
    return np.where(last >= 0, codes[np.maximum(last, 0)], -1)


def _client_subtotals(no_sku: np.ndarray, clients: np.ndarray, amounts: np.ndarray, dates: np.ndarray) -> np.ndarray:
    """Which document lines are a client's subtotal: in a run of the client's consecutive lines
    (`clients`: codes, -1 for none), the one line without a product, first or last in the run
    and dated as its first or last product line, whose amount is the sum of the others, two at
    least (1C prints it so above or below them; without the outline nothing else tells it), and
    so for half the clients with two lines or more. A line without a product elsewhere, of
    another day, or of another sum (a service), or one such line alone in the file, is a line."""
    if not no_sku.any() or no_sku.all():
        return np.zeros(len(clients), dtype=bool)
    starts = np.concatenate([[True], clients[1:] != clients[:-1]])
    ends = np.concatenate([starts[1:], [True]])
    run = np.cumsum(starts) - 1
    counts = np.bincount(run, weights=no_sku)
    others = np.bincount(run, weights=~no_sku)
    with_sku = np.bincount(run, weights=np.where(no_sku, 0.0, amounts))
    without = np.bincount(run, weights=np.where(no_sku, amounts, 0.0))
    holds_sum = (counts == 1) & (others >= 2) & (np.abs(without - with_sku) <= 0.005 + 1e-9 * np.abs(with_sku))
    product_days = pd.Series(dates).where(~no_sku).groupby(run)
    first_day, last_day = product_days.transform("min").to_numpy(), product_days.transform("max").to_numpy()
    placed = no_sku & (clients >= 0) & (starts | ends) & ((dates == first_day) | (dates == last_day))
    subtotalled = holds_sum & (np.bincount(run, weights=placed) > 0)
    # A report that prints subtotals prints them for every client: half the clients with two
    # lines or more, two at least; a service line equal to its client's sales by chance is one.
    if subtotalled.sum() < max(2, 0.5 * (others >= 2).sum()):
        return np.zeros(len(clients), dtype=bool)
    return placed & subtotalled[run]


def _has_client(shown: pd.Categorical, code: np.ndarray | None, rows: np.ndarray) -> np.ndarray:
    """Which of `rows` name a client: by its shown name, or by its code where the export has one."""
    found = shown.codes[rows] >= 0
    if code is not None:
        found |= pd.notna(code[rows])
    return found


def _not_found_note(sheet: _Sheet, start: int, unpriced: np.ndarray, shown, code, amount_cols: list[int]) -> list[Note]:
    """Lines with a client and a date whose amount is #N/A (a formula that found nothing): left out
    as lines without an amount are, but named, since their revenue is missing from every total.
    `unpriced`: rows (from `start`) with a date and no amount."""
    failed = np.zeros(len(unpriced), dtype=bool)
    for col in amount_cols:
        failed |= not_found(sheet.body(col, start, unpriced))
    lines = unpriced[failed & _has_client(shown, code, unpriced)]
    if not len(lines):
        return []
    params = {"file": sheet.file, "lines": Count(len(lines), "line"), "row": int(lines[0]) + start + 1}
    return [Note("note.amount_not_found", params)]


def repeats_document_total(headers: list[str], roles: dict[str, int]) -> bool:
    """Whether the amount is a document's total printed on each of its lines: its header says so
    ('Сумма документа'), and the lines are a document's parts (a product or a document column).
    Without either, each line is a document of its own: two equal ones the same day are two."""
    if "amount" not in roles or not names_document_total(normalise(headers[roles["amount"]])):
        return False
    return "sku" in roles or "document" in roles


def _document_repeats(frame: pd.DataFrame, documents: pd.Categorical | None) -> np.ndarray:
    """True on each line after the first of its document: the same client, day, document (or,
    without a document column, client and day) and total."""
    keys = {"client": frame["client"], "date": frame["date"], "amount": frame["amount"]}
    keys |= {"code": frame["client_code"]} if "client_code" in frame else {}
    keys |= {"document": pd.Series(documents, index=frame.index)} if documents is not None else {}
    return pd.DataFrame(keys).duplicated().to_numpy()


def document_total_note(file: str, headers: list[str], roles: dict[str, int], documents: int, repeats: int) -> Note:
    """The amount is a document's total, taken once per document (the same on both reading paths)."""
    by = Note("note.document_total_by", {"column": headers[roles["document"]]}) if "document" in roles else None
    params = {"file": file, "column": headers[roles["amount"]], "by": by or Note("note.document_total_by_day")}
    params |= {"documents": Count(documents, "document"), "repeats": Count(repeats, "line")}
    return Note("note.document_total", params)


def _status_note(file: str, column: str, frame: pd.DataFrame, dropped: pd.Series) -> Note:
    """Every status with its lines and amount; the dropped ones marked."""
    table = (
        frame.assign(status=_filled(frame["status"], "—"), dropped=dropped.to_numpy())
        .groupby("status", sort=False)
        .agg(lines=("amount", "size"), amount=("amount", "sum"), dropped=("dropped", "any"))
        .sort_values("lines", ascending=False, kind="mergesort")
    )
    return _status_note_from_table(file, column, table)


def less_returns(sold: np.ndarray, returned: np.ndarray) -> np.ndarray:
    """The amounts less the returns given beside them (a line of returns only is a negative line;
    a return's sign is its column's, so it is always subtracted); NaN where both are blank."""
    both_blank = np.isnan(sold) & np.isnan(returned)
    return np.where(both_blank, np.nan, np.nan_to_num(sold) - np.abs(np.nan_to_num(returned))) + 0.0


def _returns_column_note(file: str, column: str, lines, amount, unit: str = "line") -> Note:
    """Returns given in a column of their own, subtracted from the amount (`unit`: a table by month's are rows)."""
    params = {"file": file, "column": column, "lines": Count(int(lines), unit), "amount": Amount(float(amount))}
    return Note("note.returns_column", params)


def _flag_note(file: str, column: str, role: str, lines, amount) -> Note:
    """Lines a flag column says are no shipment (headers.not_shipped), left out."""
    params = {"file": file, "column": column, "what": Note(f"note.flag_{role}")}
    return Note("note.flag_dropped", params | {"lines": Count(int(lines), "line"), "amount": Amount(float(amount))})


def _returns_note(file: str, column: str, lines, amount) -> Note:
    """Lines of customers' returns with a positive amount, counted with a minus."""
    params = {"file": file, "column": column, "lines": Count(int(lines), "line"), "amount": Amount(float(amount))}
    return Note("note.return_documents", params)


def _filled(labels: pd.Series, blank: str) -> pd.Series:
    """Missing labels as `blank` (a Categorical gets it as one more category)."""
    if labels.dtype == "category" and labels.isna().any() and blank not in labels.cat.categories:
        labels = labels.cat.add_categories(blank)
    return labels.fillna(blank)


def _status_note_from_table(file: str, column: str, table: pd.DataFrame) -> Note:
    """The status note from status → lines, amount, dropped (most lines first)."""
    items = tuple(
        Phrase(
            (status, " — ", Count(int(row.lines), "line"), ", ", Amount(float(row.amount)))
            + ((" (", Note("note.status_dropped"), ")") if row.dropped else ())
        )
        for status, row in table.iterrows()
    )
    return Note("note.statuses", {"file": file, "column": column, "statuses": Phrase(items, "; ")})


def layout_note(file: str, header_row: int, headers: list[str], roles: dict[str, int]) -> Note:
    """Which column was read as what. A header that two columns share ('Сумма' twice) is shown with
    its column's letter, so that the note says which of them was read."""
    names = [normalise(header) for header in headers]

    def shown(col: int) -> str:
        return f"{headers[col]} ({column_letter(col + 1)})" if names.count(names[col]) > 1 else headers[col]

    by_column = sorted(roles.items(), key=lambda item: item[1])
    listing = Phrase(tuple(Phrase((shown(col), " → ", Note(f"role.{role}"))) for role, col in by_column), ", ")
    return Note("note.layout_long", {"file": file, "row": header_row + 1, "columns": listing})


def partner_note(file: str, headers: list[str], roles: dict[str, int]) -> list[Note]:
    """«Контрагент» beside «Партнер», which is read as the client (headers.PARTNER): what that
    means for the counts, and how to count by legal entity instead."""
    client = roles.get("client")
    if client is None or normalise(headers[client]) != PARTNER:
        return []
    others = _client_columns_beside([h or "" for h in headers], client, ())
    if not others:
        return []
    return [Note("note.partner_is_client", {"file": file, "partner": headers[client], "entity": headers[others[0]]})]


def _noise_notes(file: str, totals, groups, headers) -> list[Note]:
    """The rows that were not data, when there were any."""
    total = int(totals) + int(groups) + int(headers)
    if not total:
        return []
    params = {"rows": Count(total, "row"), "totals": int(totals), "groups": int(groups), "headers": int(headers)}
    return [Note("note.noise_rows", {"file": file, **params})]


def _read_wide(
    sheet: _Sheet,
    header_row: int,
    months: dict[int, pd.Period],
    entity_col: int | None = None,
    code_col: int | None = None,
) -> Export:
    file = sheet.file
    first_month_col = min(months)
    data_start = header_row + 1
    month_cols = _pick_month_columns(sheet, header_row, months)
    quantity_only = None  # what says the cells are units: a title line, or the measure over or under the months
    if month_cols is months and (under := _measure_columns(sheet, header_row, months, "quantity")):
        if set(under.values()) == set(months.values()):  # 'Количество' alone under each month
            month_cols, quantity_only = under, _text(sheet.row(header_row + 1)[min(under)])
    quantity_only = quantity_only or _quantity_said(sheet, header_row, month_cols)
    returns_cols, quantity_cols = {}, {}
    if month_cols is not months:
        data_start += 1
        returns_cols = _returns_columns(sheet, header_row, months)
        quantity_cols = _measure_columns(sheet, header_row, months, "quantity")
    headers = [_text(c) for c in sheet.row(header_row)]
    above = [_text(c) for c in sheet.row(header_row - 1)] if header_row else [""] * len(headers)
    label_cols = list(range(first_month_col))
    start = data_start
    rows = len(sheet) - start

    if entity_col is None:
        entity_col = _entity_column(sheet, label_cols, headers, above, start)
        code_col = _code_column(label_cols, entity_col, headers, above)
    measure_col = _measure_column(sheet, [c for c in label_cols if c not in (entity_col, code_col)], start)
    entity = pd.Series(texts(sheet.body(entity_col, start)), dtype=object)
    # The client is its code where the table has one beside the name (as on document lines).
    code = pd.Series(texts(sheet.body(code_col, start)), dtype=object) if code_col not in (None, entity_col) else None
    if measure_col is not None:
        entity = entity.ffill()
        code = code.ffill() if code is not None else None

    month_headers = np.zeros(rows, dtype=int)
    for col in month_cols:
        column = distinct(sheet.body(col, start))
        month_headers += column.flags([parse_month(v) is not None for v in column.values])
    header_again = _normalised_equals(entity.to_numpy(dtype=object), headers[entity_col] or above[entity_col])
    header_again |= month_headers >= 2
    total_rows = sheet.totals(start, label_cols) & ~header_again
    groups = sheet.group_rows(start) & ~header_again & ~total_rows
    candidates = np.flatnonzero(~(header_again | total_rows | groups))
    amounts, clues, month_of, read = {}, [], {}, {}
    english = english_numbers(headers + above, sheet.table.delimiter)
    for col in [*month_cols, *returns_cols, *quantity_cols]:
        read[col] = np.full(rows, np.nan)
        read[col][candidates], clue = sheet.numbers(col, start, candidates, _text(sheet.row(header_row)[col]), english)
        clues.append(clue)
    for col, month in month_cols.items():
        amounts[month], month_of[col] = read[col], month
    mark_notes = []

    def decimal() -> str | None:
        return sheet.decimal_comma(dict.fromkeys(read, candidates), start)

    if (mark := file_mark(clues, english, decimal)) is not None:  # the month columns share one format
        for col in read:
            if (found := sheet.regrouped(col, start, candidates, mark)) is not None:
                read[col][candidates] = found[0]
                mark_notes.append(group_mark_note(sheet.file, _text(sheet.row(header_row)[col]), found[1]))
    returned = np.zeros(rows)
    for col, month in returns_cols.items():  # 'Возвраты' under a month: subtracted from its sales
        amounts[month] = less_returns(amounts[month], read[col])
        returned += np.abs(np.nan_to_num(read[col]))
    values = pd.DataFrame(amounts)
    no_values = values.isna().all(axis=1).to_numpy()
    with_values = ~(header_again | total_rows | no_values)
    has_entity = entity.notna().to_numpy()
    keep, no_client = with_values & has_entity, with_values & ~has_entity
    client = entity
    notes = list(sheet.table.notes) + mark_notes[:1]  # the month columns share their format: one note says it
    entity_header = headers[entity_col] or above[entity_col]
    groupings = _groupings(sheet, header_row, entity_col, entity_header, start, entity, with_values)
    grouped = None
    if measure_col is None:
        noise = header_again | total_rows
        grouped = _groups_by_columns(sheet, label_cols, entity_col, headers, above, start, entity, values, with_values)
        if grouped is None:
            grouped = _client_groups(sheet, groupings, start, entity, values, with_values, noise)
    if grouped is not None:
        code = None  # a client over its products: the code stands on its own row only
        keep = with_values & pd.notna(grouped.client)
        no_client = with_values & ~keep & ~grouped.subtotals
        groups = groups | (grouped.subtotals & with_values)  # subtotals told by their sums (no outline)
        client = pd.Series(grouped.client, dtype=object)
        if grouped.clients:
            params = {"file": file, "column": entity_header, "inner": grouped.inner}
            params |= {"clients": Count(grouped.clients, "client"), "rows": Count(int(grouped.detail.sum()), "row")}
            notes.append(Note("note.client_groups", params))
    lines = values[keep].assign(client=client[keep]).set_axis(np.flatnonzero(keep) + start)
    if code is not None:
        lines["client_code"] = code[keep].to_numpy()
        params = {"file": file, "code": headers[code_col] or above[code_col], "name": entity_header}
        notes.append(Note("note.codes_decide", params))
    if returned[keep].any():
        measure = _text(sheet.row(header_row + 1)[min(returns_cols)])
        notes.append(_returns_column_note(file, measure, (returned[keep] != 0).sum(), returned[keep].sum(), "row"))
    if grouped is not None and grouped.inner_is_sku:
        inner_labels = entity.to_numpy(dtype=object) if grouped.inner_labels is None else grouped.inner_labels
        lines["sku"] = np.where(grouped.detail, inner_labels, None)[keep]
    header_role = normalise(entity_header)
    if role_score(header_role, "sku") and not role_score(header_role, "client") and "client" not in groupings.roles:
        notes.append(Note("note.products_not_clients", {"file": file, "column": entity_header}))
    if any(parse_month(sheet.row(header_row)[col]) is None for col in month_cols):
        period = _title_period(sheet, header_row)
        if period and any(bare_month_number(sheet.row(header_row)[col]) for col in month_cols):
            params = {"file": file, "start": f"{period[0]:%d.%m.%Y}", "end": f"{period[1]:%d.%m.%Y}"}
            notes.append(Note("note.years_from_title", params))
    if measure_col is not None:
        measures = pd.Series(sheet.body(measure_col, start, np.flatnonzero(keep)).to_pylist(), index=lines.index)
        lines, measure_note = _combine_measures(lines.assign(measure=measures), sheet.where(None, measure_col), file)
        notes += [measure_note] if measure_note else []
    elif grouped is None or grouped.inner is None:  # a client over its products is on several rows by design
        notes += _repeated_rows_notes(file, lines["client"], lines.get("client_code"))
    if no_client.any():
        params = {"file": file, "tokens": Note("note.missing_tokens"), "rows": Count(int(no_client.sum()), "row")}
        total = float(values[no_client].sum().sum())
        notes.append(Note("note.no_client_rows", {**params, "amount": Amount(total)}))
    frame = (
        lines.melt(
            id_vars=[c for c in ("client", "client_code", "sku") if c in lines], var_name="month", value_name="amount"
        )
        .assign(amount=lambda f: f["amount"].fillna(0.0), date=pd.NaT)
        .astype({"month": "period[M]"})
    )
    if quantity_cols and measure_col is None:  # 'Количество' beside 'Сумма' under each month: --measure quantity
        quantity = pd.DataFrame({month: read[col] for col, month in quantity_cols.items()})[keep]
        in_order = quantity.reindex(columns=[c for c in lines.columns if isinstance(c, pd.Period)])
        frame["quantity"] = np.nan_to_num(in_order.to_numpy().ravel(order="F"))
    if quantity_only:  # units, not money: ranked only by --measure quantity (engine.analyse_shipments)
        frame = frame.assign(quantity=frame["amount"], amount=np.nan)
        notes.append(Note("note.quantity_only", {"file": file, "said": quantity_only}))
    else:  # a table by month: the title, or the measure over the month columns, gives the unit
        frame, unit_notes = in_roubles(
            frame, sheet, header_row, {"amount": min(month_cols)}, file, "note.money_unit_months"
        )
        notes += unit_notes
    groups = int((groups | (no_values & ~header_again & ~total_rows)).sum())
    notes += _noise_notes(file, total_rows.sum(), groups, header_again.sum())
    period_months = Count(len(set(month_cols.values())), "month")
    notes.insert(0, Note("note.layout_wide", {"file": file, "row": header_row + 1, "months": period_months}))
    period = _title_period(sheet, header_row)
    data_end = None
    if period:
        data_end = period[1]
        notes.append(
            Note(
                "note.period_from_title",
                {"file": file, "start": f"{period[0]:%d.%m.%Y}", "end": f"{period[1]:%d.%m.%Y}"},
            )
        )
    cyrillic = has_cyrillic(headers + above)
    data_start = period[0] if period else None
    return Export(
        frame, file, sheet.table.sheet, "wide", header_row + 1, data_end, cyrillic, notes,
        data_start=data_start, quantity_only=quantity_only,
    )  # fmt: skip


@dataclass(frozen=True)
class _Groupings:
    """The row groupings a by-month table's label column stacks, outermost first (`Контрагент`,
    `Номенклатура`), their roles, and where they were read: `under_header` data rows that are
    the stacked header's own; `from_header` False when the title named them."""

    names: list[str]
    roles: list[str | None]
    under_header: int
    from_header: bool


def _groupings(
    sheet: _Sheet, header_row: int, entity_col: int, entity_header: str, start: int, entity: pd.Series, with_values
) -> _Groupings:
    """The header's grouping, the label-only rows stacked under it (also on the measures' row
    between the months and the data), else the title's 'Группировки строк: …'."""

    def another(name: object, stacked: list[str]) -> bool:
        """A grouping's own word, not one already stacked (a header merged over the measures'
        row repeats 'Контрагент' below itself)."""
        role = grouping_role(name, exact=True)
        return role is not None and role not in {grouping_role(n) for n in stacked}

    stacked = [entity_header]
    for row in range(header_row + 1, start):  # on the measures' row between the months and the data
        if another(text := _text(sheet.row(row)[entity_col]), stacked):
            stacked.append(text)
    under_header = 0
    for row in range(len(entity)):  # 'Номенклатура' under 'Контрагент', before the first amounts
        if with_values[row] or entity[row] is None or not another(entity[row], stacked):
            break
        stacked.append(entity[row])
        under_header += 1
    from_header = len(stacked) > 1
    if not from_header:
        titled = title_groupings([" ".join(_text(c) for c in sheet.row(r) if c is not None) for r in range(header_row)])
        stacked = titled if grouping_role(titled[0] if titled else None) == grouping_role(entity_header) else stacked
    return _Groupings(stacked, [grouping_role(name) for name in stacked], under_header, from_header)


def _groups_by_columns(
    sheet: _Sheet,
    label_cols: list[int],
    entity_col: int,
    headers: list[str],
    above: list[str],
    start: int,
    entity: pd.Series,
    values: pd.DataFrame,
    with_values: np.ndarray,
) -> ClientGroups | None:
    """A by-month table with the client in its column and, in the column after it, what its rows
    are split by (`Контрагент | Номенклатура`, each on its own rows): see
    hierarchy.groups_by_columns. None for any other table."""
    names = [headers[col] or above[col] for col in label_cols]
    if grouping_role(names[label_cols.index(entity_col)]) != "client":
        return None
    for col, name in zip(label_cols, names, strict=True):
        if col > entity_col and grouping_role(name) in ("sku", "grouping"):
            inner_labels = texts(sheet.body(col, start))
            amounts = values.to_numpy(dtype=float)
            return groups_by_columns(
                entity.to_numpy(dtype=object), inner_labels, amounts, with_values, name, grouping_role(name) == "sku"
            )
    return None


def _client_groups(
    sheet: _Sheet,
    groupings: _Groupings,
    start: int,
    entity: pd.Series,
    values: pd.DataFrame,
    with_values: np.ndarray,
    noise: np.ndarray,
) -> ClientGroups | None:
    """A by-month table whose label column stacks the client over another grouping (1C's
    `Контрагент` over `Номенклатура`, see read/hierarchy.py), or under one without an outline
    (`Менеджер` over `Контрагент`): the rows as they count; None for any other table."""
    stacked, roles, under_header = groupings.names, groupings.roles, groupings.under_header
    if len(roles) < 2 or "client" not in roles:
        return None
    client_depth = roles.index("client")
    inner = stacked[client_depth + 1] if client_depth + 1 < len(roles) else None
    inner_is_sku = inner is not None and roles[client_depth + 1] == "sku"
    names = entity.to_numpy(dtype=object, copy=True)
    names[:under_header] = None
    level = np.zeros(len(sheet) - start, dtype=np.int64)
    if sheet.table.levels:
        known = sheet.table.levels[start : len(sheet)]
        level[: len(known)] = known
    if len(set(level[pd.notna(names) | with_values].tolist())) > 1:  # an outline over the data
        if inner is None:  # the client is the innermost grouping: its group rows are told by the outline
            return None
        return groups_from_levels(names, level, with_values, len(roles) - 1 - client_depth, inner, inner_is_sku)
    if len(roles) != 2 or not with_values.any():
        return None
    # Group rows hold their rows' sums, or (no group totals, and only under a stacked header,
    # the title's word being too little for it) no amounts at all.
    depth = depths_from_subtotals(values.to_numpy(dtype=float), np.flatnonzero(with_values))
    if depth is None and client_depth == 0 and groupings.from_header:
        label_only = entity.notna().to_numpy() & ~with_values & ~noise
        label_only[:under_header] = False
        depth = depths_under_labels(label_only, with_values)
    return groups_from_depths(names, depth, client_depth, inner, inner_is_sku) if depth is not None else None


def _repeated_rows_notes(file: str, clients: pd.Series, codes: pd.Series | None = None) -> list[Note]:
    """A client on several rows of a by-month table: the rows are summed, and the user is told.
    `codes`: the client codes, where the table has them (they decide)."""
    from .clients import client_key, code_key

    keys = client_key(clients)
    if codes is not None:
        keys = code_key(codes).fillna(keys)
    repeated = keys[keys.duplicated(keep=False)]
    if repeated.empty:
        return []
    names = clients[repeated.index].groupby(repeated, sort=False).first()
    examples = ", ".join(names.head(3)) + (", …" if len(names) > 3 else "")
    return [Note("note.wide_rows_summed", {"file": file, "clients": Count(len(names), "client"), "examples": examples})]


def _pick_month_columns(sheet: _Sheet, header_row: int, months: dict[int, pd.Period]) -> dict[int, pd.Period]:
    """With a measure row under the months ('Количество | Сумма' under each month), keep one
    amount column per month: the best named (`Сумма без НДС` over `Сумма`), never a VAT, cost,
    discount, payment, return or currency column (headers.role_score)."""
    if header_row + 1 >= len(sheet):
        return months
    measures = sheet.row(header_row + 1)
    picked = {}
    for month, span in _month_spans(sheet, header_row, months).items():
        scores = [role_score(normalise(measures[c]), "amount") or _is_fact(measures[c]) for c in span]
        if max(scores):
            picked[span[scores.index(max(scores))]] = month
    return picked or months


def _month_spans(sheet: _Sheet, header_row: int, months: dict[int, pd.Period]) -> dict[pd.Period, list[int]]:
    """Each month's columns: those its header covers (merged cells are filled across) and the
    blank-headed ones after them (a header not merged, as a CSV has it: 'Август 2026 | | …')."""
    header = sheet.row(header_row)
    spans: dict[pd.Period, list[int]] = {}
    for col in sorted(months):
        spans.setdefault(months[col], []).append(col)
        spans[months[col]] += itertools.takewhile(lambda c: _text(header[c]) == "", range(col + 1, len(header)))
    return spans


def _returns_columns(sheet: _Sheet, header_row: int, months: dict[int, pd.Period]) -> dict[int, pd.Period]:
    """A returns measure under each month ('Продажи | Возвраты'): column → month, subtracted from its sales."""
    return _measure_columns(sheet, header_row, months, "returns")


# A 1C title line naming the report's measures ('Показатели: Количество'; 'Measures: Quantity').
_MEASURES_LINE = re.compile(r"^\s*(показатели|показатель|measures?|values|indicators?)\s*:\s*(?P<what>.+)$", re.I)


def _quantity_said(sheet: _Sheet, header_row: int, month_cols: dict[int, pd.Period]) -> str | None:
    """The text saying a table by month holds units, not money, else None: a title line whose
    measures are all quantities ('Показатели: Количество'), or a measure header over the months
    that names a quantity only ('Контрагент | Количество' above 'Август 2026 | …')."""
    title = (_text(cell) for row in range(header_row) for cell in sheet.row(row))
    for line in title:
        if match := _MEASURES_LINE.match(line):
            kinds = {_measure_kind(normalise(item)) for item in re.split(r"[,;]", match["what"]) if item.strip()}
            return line if kinds == {"quantity"} else None
    if header_row == 0:
        return None
    above = sheet.row(header_row - 1)
    over = {_text(above[col]) for col in month_cols if col < len(above)} - {""}
    return next(iter(over)) if over and {_measure_kind(normalise(text)) for text in over} == {"quantity"} else None


def _measure_columns(sheet: _Sheet, header_row: int, months: dict[int, pd.Period], role: str) -> dict[int, pd.Period]:
    """The columns of one measure under each month (`returns`, `quantity`): column → month, the
    first of its month where two are named so."""
    measures = sheet.row(header_row + 1)
    found: dict[int, pd.Period] = {}
    for month, span in _month_spans(sheet, header_row, months).items():
        cols = [col for col in span if role_score(normalise(measures[col]), role)]
        found |= dict.fromkeys(cols if role == "returns" else cols[:1], month)
    return found


def _is_fact(measure: object) -> int:
    """'Факт' beside 'План' under a month: the actual sales (scored below any amount's name)."""
    return int(normalise(measure) in ("факт", "fact", "actual"))


def _entity_column(sheet: _Sheet, label_cols: list[int], headers: list[str], above: list[str], start: int) -> int:
    """The client column left of the months: named so in the header, else the most textual one."""
    if not label_cols:
        raise KeyClientsError("error.no_layout", sheet.where(), {"found": "—", "missing": "client"})
    for role in ("client", "sku"):
        for col in label_cols:
            if role_score(normalise(headers[col] or above[col]), role):
                return col
    text_counts = {}
    for col in label_cols:
        column = distinct(sheet.body(col, start))
        text_counts[col] = int(column.flags([_is_label(v) for v in column.values]).sum())
    return max(text_counts, key=text_counts.get)


def _code_column(label_cols: list[int], entity_col: int, headers: list[str], above: list[str]) -> int | None:
    """A client-code column (`ИНН`) beside the client's name left of the months, if any."""
    if not role_score(normalise(headers[entity_col] or above[entity_col]), "client"):
        return None
    codes = [c for c in label_cols if c != entity_col and role_score(normalise(headers[c] or above[c]), "client_code")]
    return codes[0] if codes else None


MEASURE_LABELS_MAX = 1000  # distinct cells in a column of measure names ('Цена', 'Кол-во'): a few


def _measure_column(sheet: _Sheet, cols: list[int], start: int) -> int | None:
    """A column of a few repeating labels ('Цена', 'Кол-во') — several measure rows per client."""
    for col in cols:
        column = distinct(sheet.body(col, start))
        if len(column.values) > MEASURE_LABELS_MAX:
            continue
        counts = np.bincount(column.codes, minlength=len(column.values) + 1)[:-1]
        labels = pd.Series([normalise(v) for v in column.values], dtype=object)
        per_label = pd.Series(counts).groupby(labels).sum()
        per_label = per_label[(per_label.index != "") & (per_label > 0)]
        kinds = {_measure_kind(label) for label in per_label.index}
        if per_label.sum() > 2 * len(per_label) and len(per_label) <= 6 and kinds - {None}:
            return col
    return None


def _measure_kind(label: str) -> str | None:
    scores = {role: role_score(label, role) for role in ("amount", "quantity", "price")}
    if "шт" in label.split() and not scores["price"]:
        scores["quantity"] = max(scores["quantity"], 1)
    role = max(scores, key=scores.get)
    return role if scores[role] else None


def _combine_measures(lines: pd.DataFrame, where: Location, file: str) -> tuple[pd.DataFrame, Note | None]:
    """Per client and month: the amount rows, or quantity × price where only those exist (and a note saying so)."""
    labels = lines["measure"].map(_text)
    lines = lines.assign(kind=lines["measure"].map(normalise).map(_measure_kind)).drop(columns="measure")
    months = [c for c in lines.columns if isinstance(c, pd.Period)]
    by_kind = {
        kind: part.groupby("client", sort=False)[months].sum(min_count=1) for kind, part in lines.groupby("kind")
    }
    if "amount" in by_kind:
        return by_kind["amount"].reset_index(), None
    if {"quantity", "price"} <= by_kind.keys():
        label = {kind: labels[lines["kind"] == kind].iloc[0] for kind in ("price", "quantity")}
        note = Note("note.amount_from_measure_rows", {"file": file, **label})
        return (by_kind["quantity"] * by_kind["price"]).reset_index(), note
    found = Phrase(tuple(Note(f"role.{kind}") for kind in sorted(by_kind)), ", ")
    missing = Phrase((Note("role.amount"), " | ", Note("role.quantity"), " + ", Note("role.price")))
    raise KeyClientsError("error.no_layout", where, {"found": found, "missing": missing})
