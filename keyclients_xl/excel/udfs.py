"""Excel worksheet functions (xlwings UDFs) over the ranking engine.

Thin on purpose: each function turns what xlwings hands over (a list of rows, ``None`` for
a blank cell, or a bare scalar for one cell) into pandas, calls
:mod:`keyclients_xl.analyse.ranking` -- the same functions that build the key-client
sheet -- and turns the result back into a list of rows, which Excel 365 spills as a
dynamic array (no ``@xw.ret(expand=...)``: that is for legacy Excel only and must not be
used with native dynamic arrays).

Conventions shared by all functions (docs/udfs.md has the reference):

- Ranges are read with ``ndim=2``. A bare scalar is one cell; a flat list is one row (as
  xlwings itself does for a 1-D VBA array).
- A blank cell, an empty string or NaN is blank. In a row of monthly amounts a blank
  month is 0; a row that is entirely blank is not a client and gets an empty cell. In a
  column of values a blank is not a client either: empty output cell, left out of the
  totals.
- Anything else that is not a number (text, TRUE/FALSE, a date, an Excel error such as
  #N/A) is a data error, never silently skipped: the output cell shows
  ``#VALUE! row 3: 'abc' is not a number`` (row/column within the given range). For
  the per-row functions only that row's cell; for the per-value functions, whose
  results depend on every value, every cell of the output.
- The functions carry no type hints: xlwings would take them for converters.

Runs on Windows under the xlwings COM server; on other systems the decorators do nothing
and the functions are plain Python, which is how the tests call them.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import xlwings as xw

from ..analyse.assortment import coverage
from ..analyse.periodicity import missed_months
from ..analyse.ranking import (
    abc_classes,
    coefficient_of_variation,
    key_flags,
    rank_clients,
    trend,
    upper_class,
    xyz_classes,
)
from ..errors import KeyClientsError
from ..read.excel_errors import ERROR_VALUES
from ..settings import Settings

__all__ = [
    "KC_ABC",
    "KC_AVERAGE",
    "KC_COVERAGE",
    "KC_ISKEY",
    "KC_MISSED",
    "KC_PARETO",
    "KC_RANK",
    "KC_SHARE",
    "KC_TREND",
    "KC_XYZ",
    "UDF_NAMES",
    "VBA_MODULE_NAME",
]

UDF_NAMES = (
    "KC_AVERAGE",
    "KC_RANK",
    "KC_ISKEY",
    "KC_ABC",
    "KC_XYZ",
    "KC_TREND",
    "KC_SHARE",
    "KC_PARETO",
    "KC_MISSED",
    "KC_COVERAGE",
)
CATEGORY = "KeyClients"
VBA_MODULE_NAME = "xlwings_udfs"  # the module name xlwings' "Import Python UDFs" uses

_PARETO_SHARE = 0.8  # KC_PARETO: clients needed for 80 % of the total ...
_PARETO_TOP = 20  # ... and the share held by the top 20 values
_NUMBERS = "numbers in a range, blanks allowed"

Rows = list[list[Any]]


class _ExcelError(ValueError):
    """A problem the user must see: its text goes into the output cells."""


# ---- from xlwings shapes -------------------------------------------------------------------


def _grid(value: Any) -> Rows:
    """Whatever xlwings passes → a list of equally long rows.

    A scalar is one cell, a flat list one row (xlwings' ``ndim=2`` does the same with a
    1-D array); ragged rows are padded with blanks.
    """
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, list | tuple):
        return [[value]]
    if not value:
        return []
    if set(map(type, value)) == {list} and len(set(map(len, value))) == 1:
        return value  # what xlwings passes for a range: already equally long rows
    if not any(isinstance(row, list | tuple | np.ndarray) for row in value):
        return [list(value)]
    rows = [list(row) if isinstance(row, list | tuple | np.ndarray) else [row] for row in value]
    width = max(len(row) for row in rows)
    return [row + [None] * (width - len(row)) for row in rows]


def _number(cell: Any, where: str) -> float | None:
    """A cell as a float, ``None`` for a blank; anything else raises :class:`_ExcelError`."""
    if cell is None:
        return None
    if isinstance(cell, bool | np.bool_):
        raise _ExcelError(_not_a_number(where, "TRUE" if cell else "FALSE"))
    if isinstance(cell, numbers.Real):
        number = float(cell)
        if math.isnan(number):
            return None
        if math.isinf(number):
            raise _ExcelError(_not_a_number(where, str(cell)))
        return number
    if isinstance(cell, str) and not cell.strip():
        return None
    raise _ExcelError(_not_a_number(where, str(cell)))


# Cell types that are a number or a blank as they are. bool is not one (TRUE is a data error),
# and type() is exact: True is a bool, never an int here.
_PLAIN_TYPES = frozenset({float, int, type(None), np.float64, np.float32, np.int64, np.int32})


def _plain_matrix(rows: Rows) -> np.ndarray | None:
    """Equally long rows as a float matrix (NaN for a blank) when every cell is a finite number
    or a blank; ``None`` when some cell needs the cell-by-cell reading, which names it.

    The fast path: one ``type()`` per cell and one numpy conversion, rather than a Python call
    with an error location per cell (20,000 rows in milliseconds, benchmarks/bench_udfs.py).
    """
    kinds = {type(cell) for row in rows for cell in row}
    if str in kinds:  # a formula's "" is blank; any other text is an error to name
        if any(type(cell) is str and cell.strip() for row in rows for cell in row):
            return None
        rows = [[None if type(cell) is str else cell for cell in row] for row in rows]
        kinds.discard(str)
    if not kinds <= _PLAIN_TYPES:
        return None
    matrix = np.array(rows, dtype=float).reshape(len(rows), -1)
    return None if np.isinf(matrix).any() else matrix


def _not_a_number(where: str, text: str) -> str:
    if len(text) > 40:
        text = text[:37] + "..."
    return f"#VALUE! {where}: '{text}' is not a number"


def _option(value: Any, default: float, name: str) -> float:
    """An optional scalar argument: missing or blank → the default."""
    if isinstance(value, list | tuple | np.ndarray):
        cells = [cell for row in _grid(value) for cell in row]
        if len(cells) != 1:
            raise _ExcelError(f"#VALUE! {name} must be a single number")
        value = cells[0]
    number = _number(value, name)
    return float(default) if number is None else number


def _percent(value: Any, default: float, name: str) -> float:
    """A threshold given as a fraction (0.8) or as percent (80) → percent.

    Values up to 1 are fractions (so 1 means 100 %), larger ones are percents.
    """
    number = _option(value, default, name)
    return number * 100 if abs(number) <= 1 else number


def _settings(**values: Any) -> Settings:
    """Settings validated by the same rules as the workbook's settings sheet."""
    try:
        return Settings(**values)
    except KeyClientsError:
        ranges = {
            "top_n": "n must be a whole number >= 1",
            "abc_a": "a and b: need 0 < a < 100 %, b > 0 and a + b <= 100 %",
            "xyz_x": "x and y: need 0 < x < y",
        }
        key = next(name for name in ranges if name in values)
        raise _ExcelError(f"#VALUE! {ranges[key]}") from None


# ---- per value: one column (or one row) of values ------------------------------------------


@dataclass(frozen=True)
class _Vector:
    """A one-column or one-row range of values, remembering its orientation."""

    cells: list[Any]
    as_row: bool

    def numbers(self) -> pd.Series:
        """The non-blank values as floats, indexed by position; raises on a non-number."""
        matrix = _plain_matrix([self.cells])
        if matrix is not None:
            present = ~np.isnan(matrix[0])
            return pd.Series(matrix[0][present], index=np.flatnonzero(present))
        unit = "column" if self.as_row else "row"
        parsed = {index: _number(cell, f"{unit} {index + 1}") for index, cell in enumerate(self.cells)}
        return pd.Series({i: v for i, v in parsed.items() if v is not None}, dtype=float)

    def layout(self, results: pd.Series) -> Rows:
        """Results by position → the input's shape; positions without a result are empty."""
        return self._shape(_layout(results, len(self.cells)))

    def filled(self, text: str) -> Rows:
        return self._shape([text] * len(self.cells))

    def _shape(self, cells: list[Any] | np.ndarray) -> Rows:
        if not len(cells):
            return [[""]]
        return np.asarray(cells, dtype=object).reshape((1, -1) if self.as_row else (-1, 1)).tolist()


def _vector(value: Any) -> _Vector:
    rows = _grid(value)
    if not rows:
        return _Vector([], as_row=False)
    if len(rows) > 1 and len(rows[0]) > 1:
        raise _ExcelError("#VALUE! values must be a single column or a single row")
    if len(rows) == 1 and len(rows[0]) > 1:
        return _Vector(rows[0], as_row=True)
    return _Vector([row[0] for row in rows], as_row=False)


def _per_value(values: Any, compute: Callable[[pd.Series], pd.Series]) -> Rows:
    try:
        vector = _vector(values)
    except _ExcelError as error:
        return [[str(error)]]
    try:
        numbers_ = vector.numbers()
        results = compute(numbers_) if len(numbers_) else pd.Series(dtype=float)
    except _ExcelError as error:
        return vector.filled(str(error))
    return vector.layout(results)


def _ranked(amounts: pd.Series | pd.DataFrame) -> pd.DataFrame:
    """The engine's ranking table: one value, or one row of months, per client.

    The index is the position in the range. ``rank_clients`` breaks ties by the last
    month, then the name: for one value per client the last month is the value itself and
    all names here are equal, so its stable sort keeps ties in the order they appear in.
    """
    frame = amounts.to_frame("value") if isinstance(amounts, pd.Series) else amounts
    same_name = pd.Series(np.zeros(len(frame), dtype=np.int8), index=frame.index)  # sorts faster than ""
    return rank_clients(frame, same_name)


# ---- per row: one row of monthly amounts per client ----------------------------------------


def _per_row(month_rows: Any, compute: Callable[[pd.DataFrame], pd.Series]) -> Rows:
    rows = _grid(month_rows)
    if not rows:
        return [[""]]
    matrix = _plain_matrix(rows)
    if matrix is not None:
        filled = ~np.isnan(matrix).all(axis=1)  # an all-blank row is not a client
        monthly = pd.DataFrame(np.nan_to_num(matrix[filled], nan=0.0), index=np.flatnonzero(filled))
        if not len(monthly):
            return [[""] for _ in rows]
        try:
            results = compute(monthly)
        except _ExcelError as error:
            return [[str(error)] for _ in rows]
        return _layout(results, len(rows)).reshape(-1, 1).tolist()
    out: list[Any] = [""] * len(rows)
    good: dict[int, list[float]] = {}
    for r, row in enumerate(rows):
        try:
            parsed = [_number(cell, f"row {r + 1}, column {c + 1}") for c, cell in enumerate(row)]
        except _ExcelError as error:
            out[r] = str(error)
            continue
        if any(v is not None for v in parsed):
            good[r] = [0.0 if v is None else v for v in parsed]  # a blank month is 0
    if good:
        monthly = pd.DataFrame.from_dict(good, orient="index")
        try:
            results = compute(monthly)
        except _ExcelError as error:
            return [[str(error)] for _ in rows]
        for r, value in results.items():
            out[r] = _cell(value)
    return [[cell] for cell in out]


def _layout(results: pd.Series, length: int) -> np.ndarray:
    """Results indexed by position → ``length`` plain cells (an object array), empty where
    there is none."""
    out = np.full(length, "", dtype=object)
    out[results.index.to_numpy(dtype=np.int64)] = _cells(results)
    return out


def _cells(results: pd.Series) -> list[Any]:
    """:func:`_cell` for a whole Series at once, by its dtype."""
    if pd.api.types.is_bool_dtype(results) or pd.api.types.is_integer_dtype(results):
        return results.tolist()  # Python bools and ints
    if pd.api.types.is_float_dtype(results):
        values = results.to_numpy(dtype=float)
        cells = values.astype(object)
        cells[np.isnan(values)] = ""
        return cells.tolist()
    if pd.api.types.is_string_dtype(results):
        return results.astype(object).where(results.notna(), "").tolist()
    return [_cell(value) for value in results.tolist()]


def _cell(value: Any) -> Any:
    """A result as a plain Python value for COM: NaN and None → empty."""
    if value is None:
        return ""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return "" if math.isnan(value) else float(value)
    return str(value)


# ---- the worksheet functions ---------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("months", ndim=2, err_to_str=True, doc="Monthly amounts, one client per row.")
def KC_AVERAGE(months):
    """Average per row with blank months counted as 0 (AVERAGE skips blanks and overstates a client with a gap month). One result per row, as a column; empty for an all-blank row."""  # noqa: E501
    return _per_row(months, lambda monthly: _ranked(monthly)["average"])


@xw.func(category=CATEGORY)
@xw.arg("values", ndim=2, err_to_str=True, doc="One column of values, e.g. averages.")
def KC_RANK(values):
    """Rank 1..n, largest value first; equal values are ranked in the order in which they appear. One rank per value, as a column; blanks stay empty and are not ranked."""  # noqa: E501
    return _per_value(values, lambda numbers_: _ranked(numbers_)["rank"])


@xw.func(category=CATEGORY)
@xw.arg("values", ndim=2, err_to_str=True, doc="One column of values, e.g. averages.")
@xw.arg("n", doc="How many clients are key (default 20).")
def KC_ISKEY(values, n=20):
    """TRUE for the n largest values (ties in order of appearance, as KC_RANK), FALSE for the rest. One per value, as a column."""  # noqa: E501

    def compute(numbers_: pd.Series) -> pd.Series:
        count = _option(n, 20, "n")
        if not count.is_integer():
            raise _ExcelError("#VALUE! n must be a whole number >= 1")
        table = _ranked(numbers_)
        return key_flags(table, _settings(rule="top_n", top_n=int(count)))

    return _per_value(values, compute)


@xw.func(category=CATEGORY)
@xw.arg("values", ndim=2, err_to_str=True, doc="One column of values, e.g. revenue.")
@xw.arg("a", doc="Share of the total for class A: 0.8 or 80 (default 80 %).")
@xw.arg("b", doc="Share for class B after A: 0.15 or 15 (default 15 %).")
def KC_ABC(values, a=0.8, b=0.15):
    """ABC class per value: A for the largest values making the first a % of the total (the value crossing a % is still A), B for the next b %, C for the rest; no class (a dash) for values <= 0, which have no share of the total, as on the key-client sheet. As a column."""  # noqa: E501

    def compute(numbers_: pd.Series) -> pd.Series:
        settings = _settings(abc_a=_percent(a, 0.8, "a"), abc_b=_percent(b, 0.15, "b"))
        return abc_classes(numbers_, settings.abc_a, settings.abc_b)

    return _per_value(values, compute)


@xw.func(category=CATEGORY)
@xw.arg("month_rows", ndim=2, err_to_str=True, doc="Monthly amounts, one client per row.")
@xw.arg("x", doc="Highest variation for X: 0.10 or 10 (default 10 %).")
@xw.arg("y", doc="Highest variation for Y: 0.25 or 25 (default 25 %).")
def KC_XYZ(month_rows, x=0.10, y=0.25):
    """XYZ class per row by the coefficient of variation (population std / mean, blanks as 0): X up to x, Y up to y, Z above or when the mean is not positive. As a column."""  # noqa: E501

    def compute(monthly: pd.DataFrame) -> pd.Series:
        settings = _settings(xyz_x=_percent(x, 0.10, "x"), xyz_y=_percent(y, 0.25, "y"))
        return xyz_classes(coefficient_of_variation(monthly), settings.xyz_x, settings.xyz_y)

    return _per_row(month_rows, compute)


@xw.func(category=CATEGORY)
@xw.arg("month_rows", ndim=2, err_to_str=True, doc="Monthly amounts, oldest first.")
def KC_TREND(month_rows):
    """Per row: last month / average of the earlier months - 1 (-0.25 = a 25 % fall), blanks as 0. Empty where the earlier average is not positive or there is one month only. As a column."""  # noqa: E501
    return _per_row(month_rows, trend)


@xw.func(category=CATEGORY)
@xw.arg("values", ndim=2, err_to_str=True, doc="One column of values, e.g. averages.")
def KC_SHARE(values):
    """Each positive value divided by the total of the positive values, as on the key-client sheet; empty for a value <= 0 and for blanks. One share per value, as a column."""  # noqa: E501
    return _per_value(values, lambda numbers_: _ranked(numbers_)["share"])


@xw.func(category=CATEGORY)
@xw.arg("values", ndim=2, err_to_str=True, doc="One column of values, e.g. averages.")
def KC_PARETO(values):
    """One row of two cells: how many of the largest values make 80 % of the total (the one crossing 80 % counts), and the share of the total held by the 20 largest values."""  # noqa: E501
    try:
        numbers_ = _vector(values).numbers()
    except _ExcelError as error:
        return [[str(error), str(error)]]
    if not len(numbers_) or numbers_.sum() <= 0:
        return [["", ""]]
    table = _ranked(numbers_)
    needed = upper_class(table["share"], _PARETO_SHARE).sum()
    top = key_flags(table, _settings(rule="top_n", top_n=_PARETO_TOP))
    return [[int(needed), float(table.loc[top, "share"].sum())]]


@xw.func(category=CATEGORY)
@xw.arg("months_range", ndim=2, err_to_str=True, doc="Monthly amounts, one client per row.")
def KC_MISSED(months_range):
    """Per row: how many months have no positive amount (a blank month or one of returns only is missed), as on the Periodicity sheet. As a column; empty for an all-blank row."""  # noqa: E501
    return _per_row(months_range, missed_months)


def _sku(cell: Any, where: str) -> str | None:
    """A cell as a SKU: text or a number (an id such as 1024), ``None`` for a blank.

    TRUE/FALSE, a date or an Excel error is a data error (:class:`_ExcelError`).
    """
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return None
    if isinstance(cell, str):
        if cell.strip().upper() in ERROR_VALUES:  # as xlwings hands them over (err_to_str)
            raise _ExcelError(f"#VALUE! {where}: '{cell.strip()}' is not a SKU")
        return cell if cell.strip() else None
    if isinstance(cell, numbers.Real) and not isinstance(cell, bool | np.bool_):
        return str(int(cell)) if float(cell).is_integer() else str(cell)
    shown = ("TRUE" if cell else "FALSE") if isinstance(cell, bool | np.bool_) else cell
    raise _ExcelError(f"#VALUE! {where}: '{shown}' is not a SKU")


@xw.func(category=CATEGORY)
@xw.arg("client_skus", ndim=2, err_to_str=True, doc="The SKUs each client bought, one client per row.")
@xw.arg("top_skus", ndim=2, err_to_str=True, doc="The top SKUs: one column or one row.")
def KC_COVERAGE(client_skus, top_skus):
    """Per row: the share of the top SKUs that the client bought (distinct SKUs, matched without regard to case and extra spaces), as on the Assortment sheet. As a column; empty for an all-blank row."""  # noqa: E501
    rows = _grid(client_skus)
    if not rows:
        return [[""]]
    try:
        vector = _vector(top_skus)
        unit = "column" if vector.as_row else "row"
        named = (_sku(cell, f"top_skus {unit} {i + 1}") for i, cell in enumerate(vector.cells))
        top = [sku for sku in named if sku is not None]
        if not top:
            raise _ExcelError("#VALUE! top_skus has no SKUs")
    except _ExcelError as error:
        return [[str(error)] for _ in rows]
    out: list[Any] = [""] * len(rows)
    bought: dict[int, list[str | None]] = {}
    for r, row in enumerate(rows):
        try:
            skus = [_sku(cell, f"row {r + 1}, column {c + 1}") for c, cell in enumerate(row)]
        except _ExcelError as error:
            out[r] = str(error)
            continue
        if any(sku is not None for sku in skus):
            bought[r] = skus
    if bought:
        frame = pd.DataFrame.from_dict(bought, orient="index", dtype=object)
        for r, value in coverage(frame, pd.Series(top, dtype=object)).items():
            out[r] = _cell(value)
    return [[cell] for cell in out]
