"""Cell values from exports → numbers and dates, a whole column at a time.

1C and Excel exports mix real numbers with text such as '1 234 567,89 руб.' and
dates with '01.01.2025 0:00:00', so every column goes through these parsers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import has_cyrillic

# 1C writes an empty date ('Пустая дата', an unpaid invoice's payment date) as 01.01.0001 0:00:00:
# a blank cell, not a day in year 1.
EMPTY_DATES_1C = {"01.01.0001 0:00:00", "01.01.0001", "0001-01-01", "0001-01-01 00:00:00", "0001-01-01t00:00:00"}
_BLANKS = {"", "-", "—", "–", "nan", "none", "null", "n/a", "#н/д", "#n/a"} | EMPTY_DATES_1C
# A currency word beside a number; a bare 'р' only at the end (the Russian abbreviation).
CURRENCY_WORDS = r"руб\.?|р\.|₽|rub|rur|usd|eur|грн\.?|тг|₸|\$|€|£"
_CURRENCY = rf"(?i)({CURRENCY_WORDS}|р$)"  # Python's and RE2's syntax alike (read/big.py)
_SPACES = r"[\s\u00a0\u202f\u2009']"


def negative_pattern(spaces: str) -> str:
    """What opens a negative number: '-5' or '(5)', also after an apostrophe that opens the cell
    ("'-5": Excel's mark of a text cell) and after a currency ('$-5', '€ -5,00', '$(5)'), and '(5)'
    before one ('(5) руб.'). Without the currency a currency format's negative lost its sign.
    `spaces`: the class of separators (Python's or RE2's spelling)."""
    before = rf"(?:(?i:{CURRENCY_WORDS}){spaces}*)?"
    after = rf"(?:(?i:{CURRENCY_WORDS}|р){spaces}*)?"
    return rf"^{spaces}*{before}(-|\(.*\){spaces}*{after}$)"


_NEGATIVE = negative_pattern(_SPACES)
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
FIRST_DAY, LAST_DAY = pd.Timestamp.min.ceil("D"), pd.Timestamp.max.floor("D")  # what datetime64[ns] holds
SERIAL_MAX = (LAST_DAY.date() - _EXCEL_EPOCH.date()).days  # Excel reaches 9999 (2958465), datetime64[ns] 2262


# No sale, quantity or price reaches 10^15 (a quadrillion roubles); cells that large are a broken
# export, and a million of them sum to infinity ('Infinity' in the JSON, '#NUM!' in Excel).
NUMBER_LIMIT = 1e15


@dataclass
class BadValue(Exception):
    """A cell that should hold a number or a date and does not. `index` is the frame's row label."""

    index: object
    value: object
    kind: str  # "number" or "date"


def is_blank(values: pd.Series) -> pd.Series:
    """True where a cell is empty or a dash."""
    text = values.astype("string").str.strip().str.lower()
    return values.isna() | text.isna() | text.isin(_BLANKS)


def _is_real_number(values: pd.Series) -> pd.Series:
    return values.map(lambda v: isinstance(v, (int, float, np.number)) and not isinstance(v, bool))


def number_error(value: object) -> str:
    """The error key for a bad number cell: a number too large to be a sale ('1e308'), or none ('abc', 'inf')."""
    parsed, _ = parse_numbers(pd.Series([value], dtype=object))
    return "error.number_too_large" if np.isfinite(parsed.iloc[0]) else "error.bad_number"


def to_numbers(values: pd.Series) -> pd.Series:
    """Float column, NaN for blanks. Raises BadValue on the first cell that is not a number (or is too large).

    Text rules: spaces (also non-breaking) and apostrophes group thousands; a currency
    word is ignored; '(123)' is -123. With both ',' and '.', the later one is the decimal
    mark; a single ',' is a decimal comma (the Russian habit); repeated ones group thousands.
    """
    values = pd.Series(values, dtype=object)
    result, bad = parse_numbers(values)
    if bad.any():
        first = bad.idxmax()
        raise BadValue(first, values[first], "number")
    return result


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """`to_numbers` without raising: the floats (NaN for blanks and bad cells; no negative zero) and
    which cells are bad: text that is no number, or a number of NUMBER_LIMIT or more ('inf', '1e308':
    the totals would be infinite)."""
    values = pd.Series(values, dtype=object)
    blank = is_blank(values)
    numeric = _is_real_number(values)
    result = pd.Series(np.nan, index=values.index, dtype="float64")
    result[numeric & ~blank] = values[numeric & ~blank].astype("float64")
    bad = pd.Series(False, index=values.index)

    text_mask = ~numeric & ~blank
    # Most text numbers ('15.3', '-7') are plain: parse those directly, clean only the rest.
    plain = pd.to_numeric(values[text_mask].astype(str).str.strip(), errors="coerce").dropna()
    result[plain.index] = plain.astype("float64")
    text_mask[plain.index] = False
    if text_mask.any():
        text = values[text_mask].astype(str).str.strip()
        negative = text.str.match(_NEGATIVE)
        text = (
            text.str.replace(r"[()]", "", regex=True)
            .str.replace(_CURRENCY, "", regex=True)
            .str.replace(_SPACES, "", regex=True)
            .str.lstrip("-+")
        )
        last_comma, last_dot = text.str.rfind(","), text.str.rfind(".")
        commas, dots = text.str.count(","), text.str.count(r"\.")
        comma_decimal = (last_comma > last_dot) & (commas == 1)
        text = text.where(~comma_decimal, text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
        text = text.where(comma_decimal | (commas == 0), text.str.replace(",", "", regex=False))
        text = text.where(~(~comma_decimal & (dots > 1)), text.str.replace(".", "", regex=False))
        parsed = pd.to_numeric(text, errors="coerce")
        bad[parsed.index[parsed.isna()]] = True
        result[text_mask] = parsed.where(~negative, -parsed).astype("float64")
    return result + 0.0, bad | (result.abs() >= NUMBER_LIMIT)  # '(0,00)' is a zero, not a negative one


# Which mark groups thousands, where a cell leaves it open: a mark before exactly three digits
# ('12,345', '1.234') reads as a decimal one unless the file proves otherwise. '1.234,56' and
# '1.234.567' prove the point groups (and the comma is decimal, in every column); '1,234.56' and
# '1,234,567' prove the comma groups, unless a cell elsewhere shows a decimal comma ('12,5',
# '1234,56', '0,750': a leading zero starts no group). Without proof, a file with English headers
# groups with the comma (Excel's '#,##0'), unless a decimal comma shows anywhere or the CSV is
# separated by ';' (as where the comma is the decimal mark); a Russian file keeps the decimal
# comma (1C's quantity '2,000'). The clues are pooled over the file's number columns: a price of
# '39,75' tells how to read a quantity of '450,000'. Python's and RE2's syntax alike (read/columns.py,
# read/big.py): no look-around, ASCII digits.
_BEFORE, _AFTER = r"(^|[^0-9.,])", r"($|[^0-9.,])"
GROUPS_PROVED = {
    ".": rf"{_BEFORE}[0-9]{{1,3}}(\.[0-9]{{3}})+,[0-9]+{_AFTER}|{_BEFORE}[0-9]{{1,3}}(\.[0-9]{{3}}){{2,}}{_AFTER}",
    ",": rf"{_BEFORE}[0-9]{{1,3}}(,[0-9]{{3}})+\.[0-9]+{_AFTER}|{_BEFORE}[0-9]{{1,3}}(,[0-9]{{3}}){{2,}}{_AFTER}",
}
DECIMAL_COMMA = (
    rf"{_BEFORE}[0-9]*,([0-9]{{1,2}}|[0-9]{{4,}}){_AFTER}|{_BEFORE}[0-9]{{4,}},[0-9]+{_AFTER}|{_BEFORE}0,[0-9]+{_AFTER}"
)
# One mark before three digits, alone in the cell's number: groups 2 and 3 are its digits.
ONE_GROUP = {mark: rf"{_BEFORE}([0-9]{{1,3}})\{mark}([0-9]{{3}}){_AFTER}" for mark in ".,"}
REGROUPED = r"\1\2\3\4"


@dataclass(frozen=True)
class MarkClues:
    """What one column's cells say about its marks: a cell proving that the point groups thousands,
    one proving that the comma does, and one showing a decimal comma (None where none does)."""

    point: str | None = None
    comma: str | None = None
    decimal_comma: str | None = None


def mark_clues(first: Callable[[str], str | None]) -> MarkClues:
    """A column's clues, given `first(pattern)`: its first text the pattern finds, or None
    (read/columns.py asks Arrow's kernels, read/big.py DuckDB)."""
    return MarkClues(first(GROUPS_PROVED["."]), first(GROUPS_PROVED[","]), first(DECIMAL_COMMA))


def column_clues(texts) -> MarkClues:
    """`mark_clues` of a column's texts (its distinct ones will do)."""
    texts = [text for text in texts if isinstance(text, str) and ("," in text or "." in text)]
    return mark_clues(lambda pattern: next((t for t in texts if re.search(pattern, t)), None))


def file_mark(
    clues, english: bool, decimal_comma: Callable[[], str | None] | None = None
) -> tuple[str, str | None] | None:
    """The mark that groups thousands where a cell leaves it open, and the cell that proves it (None:
    assumed from `english` headers in a file not separated by ';'), or None: such a mark is a
    decimal one. `clues`: each number column's MarkClues.

    `decimal_comma()`: the file's first decimal comma, for readers whose clues leave it out in a
    file without English headers (a million Russian '1234,56' cells need no regex to be read). It
    is asked for only where it decides: a comma that proves a group, and no point that does."""
    clues = list(clues)
    point = next((c.point for c in clues if c.point), None)
    comma = next((c.comma for c in clues if c.comma), None)
    decimal = next((c.decimal_comma for c in clues if c.decimal_comma), None)
    if point is not None:
        return None if comma is not None else (".", point)
    if comma is not None:
        if decimal is None and decimal_comma is not None:
            decimal = decimal_comma()
        return None if decimal is not None else (",", comma)
    return (",", None) if english and decimal is None else None


@dataclass(frozen=True)
class GroupMark:
    """How a column's open cells were read: the mark that groups thousands, the cell that proves it
    (None: assumed), and a cell it changed."""

    mark: str
    proof: str | None
    example: str


def regroup_texts(values: pd.Series, mark: str) -> tuple[pd.Series, str | None]:
    """The column with `mark` taken out of the cells it leaves open, and the first such cell (None:
    there is none, and the column comes back as it was)."""
    values = pd.Series(values, dtype=object)
    texts = values[values.map(type).eq(str)].str.strip()
    open_cells = texts[texts.map(re.compile(ONE_GROUP[mark]).search).notna()]
    if open_cells.empty:
        return values, None
    values = values.copy()
    values[open_cells.index] = open_cells.str.replace(ONE_GROUP[mark], REGROUPED, regex=True)
    return values, open_cells.iloc[0]


def english_numbers(headers, delimiter: str | None = None) -> bool:
    """Whether a file's open marks may be assumed English (see file_mark): English headers, and
    not a CSV separated by ';'."""
    return not has_cyrillic(headers) and delimiter != ";"


_ISO = r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:[ T].*)?$"
_DOTTED = r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{2}|\d{4})(?:\s.*)?$"
_SLASHED = r"^(?P<a>\d{1,2})[/-](?P<b>\d{1,2})[/-](?P<y>\d{2}|\d{4})(?:\s.*)?$"


def assumed_day_first(headers) -> bool:
    """The order of a/b/yyyy dates that no cell proves (`to_dates`' `day_first`): day first in a
    file whose headers are Russian, as Russia writes dates; month/day (the US habit) otherwise."""
    return has_cyrillic(headers)


@dataclass
class DateOrder:
    """How ambiguous a/b/yyyy dates of one column were read, and why."""

    day_first: bool
    proof: str | None  # the value that proves the order, or None when it was assumed


def _assemble(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    """Dates from text parts; NaT where a part is missing or the date does not exist."""
    year = year.where(year.str.len() != 2, "20" + year)
    text = year + "-" + month.str.zfill(2) + "-" + day.str.zfill(2)
    return _held(pd.to_datetime(text, format="%Y-%m-%d", errors="coerce"))


def _held(days: pd.Series) -> pd.Series:
    """datetime64[ns], NaT for a day it cannot hold (before 1677-09-22, after 2262-04-11): pandas
    parses year 1 or 9999 at a coarser unit, and putting such a day in a ns column raised."""
    return days.where(days.between(FIRST_DAY, LAST_DAY)).astype("datetime64[ns]")


def to_dates(values: pd.Series, day_first: bool = False) -> tuple[pd.Series, DateOrder | None]:
    """datetime64 column (NaT for blanks) and, when a/b/yyyy dates occur, the order used.

    Accepts date and datetime cells, Excel serial numbers, ISO dates, dd.mm.yyyy (the
    Russian form) and a/b/yyyy. For the last one the order is decided per column: a first
    field above 12 proves day/month, a second field above 12 proves month/day; with no
    proof, `day_first` decides and the note says it was assumed. The readers pass True for a
    file whose headers are Russian (Russia writes the day first) and False otherwise (the US
    habit of such files): twelve days of '05/11/2026' are 5 November in a Russian file.
    """
    values = pd.Series(values, dtype=object)
    parsed, bad, order = parse_dates(values, day_first)
    if bad.any():
        first = values.index[int(np.argmax(bad))]
        raise BadValue(first, values[first], "date")
    return pd.Series(parsed, index=values.index), order


def parse_dates(values: pd.Series, day_first: bool = False) -> tuple[np.ndarray, np.ndarray, DateOrder | None]:
    """`to_dates` without raising on bad cells: (datetime64[ns] array, bad-cell mask, order).

    Still raises MixedDateOrder: that is a verdict on the whole column.
    """
    values = pd.Series(values, dtype=object).reset_index(drop=True)
    blank = is_blank(values)
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    bad = pd.Series(False, index=values.index)

    is_date = values.map(lambda v: isinstance(v, (dt.date, pd.Timestamp))) & ~blank
    if is_date.any():
        days = _held(pd.to_datetime(values[is_date].map(pd.Timestamp)).dt.normalize())
        bad[days.index[days.isna()]] = True
        result[is_date] = days

    numeric = _is_real_number(values) & ~blank & ~is_date
    if numeric.any():
        serial = values[numeric].astype("float64")
        outside = (serial < 1) | (serial > SERIAL_MAX)
        bad[outside[outside].index] = True
        serial = serial[~outside]
        result[serial.index] = _EXCEL_EPOCH + pd.to_timedelta(np.floor(serial), unit="D")

    order = None
    text_mask = ~blank & ~is_date & ~numeric
    if text_mask.any():
        text = values[text_mask].astype(str).str.strip()
        parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
        iso = text.str.extract(_ISO)
        parsed = parsed.fillna(_assemble(iso["y"], iso["m"], iso["d"]))
        dotted = text.str.extract(_DOTTED)
        parsed = parsed.fillna(_assemble(dotted["y"], dotted["m"], dotted["d"]))
        slashed = text.str.extract(_SLASHED).dropna()
        if len(slashed):
            a, b = slashed["a"].astype(int), slashed["b"].astype(int)
            proves_dm, proves_md = a > 12, b > 12
            if proves_dm.any() and proves_md.any():
                raise MixedDateOrder(text[proves_dm.idxmax()], text[proves_md.idxmax()])
            if proves_dm.any():
                order = DateOrder(True, text[proves_dm.idxmax()])
            elif proves_md.any():
                order = DateOrder(False, text[proves_md.idxmax()])
            else:
                order = DateOrder(day_first, None)  # assumed: the note says so
            day, month = (slashed["a"], slashed["b"]) if order.day_first else (slashed["b"], slashed["a"])
            parsed = parsed.fillna(_assemble(slashed["y"], month, day).reindex(parsed.index))
        bad[parsed.index[parsed.isna()]] = True
        result[text_mask] = parsed
    return result.to_numpy(dtype="datetime64[ns]"), bad.to_numpy(dtype=bool), order


@dataclass
class MixedDateOrder(Exception):
    day_month_example: str
    month_day_example: str

    def examples(self) -> tuple[str, str]:
        return self.day_month_example, self.month_day_example


def first_cell_with(cells: pd.Series, example: str) -> object | None:
    """The label of the first cell whose text starts with `example` (a day, its time cut off), or None."""
    found = cells.astype(str).str.strip().str.startswith(example)
    return found.idxmax() if found.any() else None


_MONTHS_GENITIVE = {
    name: number
    for number, names in enumerate(
        (("января", "january"), ("февраля", "february"), ("марта", "march"), ("апреля", "april"),
         ("мая", "may"), ("июня", "june"), ("июля", "july"), ("августа", "august"),
         ("сентября", "september"), ("октября", "october"), ("ноября", "november"), ("декабря", "december")),
        start=1,
    )
    for name in names
}  # fmt: skip
_DATE_IN_TEXT = re.compile(
    r"(?<![\d.])(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2}))(?![\d])"
    r"|(?<!\d)(\d{1,2})\s+(" + "|".join(_MONTHS_GENITIVE) + r")\s+(\d{4})",
    re.IGNORECASE,
)


def dates_in_text(cells: list, day_first: bool) -> list[pd.Timestamp]:
    """Every date in a title line's cells, in order: date cells, and dates written in text
    (`31.10.2026`, `31.10.26`, `2026-10-31`, `10/31/2026` by `day_first`, `31 октября 2026 г.`)."""
    found = []
    for cell in cells:
        if isinstance(cell, dt.date | pd.Timestamp) and not pd.isna(cell):
            found.append(pd.Timestamp(cell).normalize())
            continue
        for match in _DATE_IN_TEXT.finditer(str(cell) if cell is not None else ""):
            if match.group(1):
                found += [day] if (day := _date_in_text(match.group(1), day_first)) is not None else []
            else:
                day, month, year = int(match.group(2)), _MONTHS_GENITIVE[match.group(3).lower()], int(match.group(4))
                date = pd.to_datetime(f"{year}-{month}-{day}", format="%Y-%m-%d", errors="coerce")
                found += [date] if pd.notna(date) else []
    return found


_ISO_IN_TEXT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED_IN_TEXT = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})")
_SLASHED_IN_TEXT = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")


def _date_in_text(text: str, day_first: bool) -> pd.Timestamp | None:
    """The day `to_dates` reads in one date _DATE_IN_TEXT found ('2026-10-31', '31.10.2026', '31.10.26',
    '10/31/2026'), or None where it reads none or raises (both fields over 12, mixed marks, no such
    day, a day datetime64[ns] cannot hold). In Python: a column's machinery for one cell cost 25 ms,
    a title's period 50 ms a read."""
    if iso := _ISO_IN_TEXT.fullmatch(text):
        year, month, day = iso.groups()
    elif dotted := _DOTTED_IN_TEXT.fullmatch(text):
        day, month, year = dotted.groups()
    elif slashed := _SLASHED_IN_TEXT.fullmatch(text):
        first, second, year = slashed.groups()
        if int(first) > 12 and int(second) > 12:
            return None  # to_dates: MixedDateOrder
        first_is_day = int(first) > 12 or (int(second) <= 12 and day_first)
        day, month = (first, second) if first_is_day else (second, first)
    else:
        return None
    try:
        date = dt.date(int("20" + year if len(year) == 2 else year), int(month), int(day))
    except ValueError:
        return None
    if not FIRST_DAY.date() <= date <= LAST_DAY.date():
        return None
    return pd.Timestamp(date).as_unit("ns")


# A report's money in thousands or millions ('Сумма, тыс. руб.', 'Выручка (млн руб.)', 'in thousands'):
# only with its currency, or in English's own words; 'тыс. шт.' counts pieces, not money.
_MONEY_UNITS = (
    (1e3, re.compile(r"(?i)\bтыс(\.|яч\w*)?\s*(руб|₽|р\.|usd|eur|\$|€)|\bin thousands\b|\(\s*'?000s?\s*\)|\$\s?000\b")),
    (1e6, re.compile(r"(?i)\bмлн(\.)?\s*(руб|₽|р\.|usd|eur|\$|€)|\bмиллион\w*\s+руб|\bin millions\b")),
)


# A 1C filter line ('Отбор: Договор.Дата …', 'Отбор: Сумма Больше 1 000 тыс. руб.'): it states
# neither a report's date nor its money's unit, only a condition on them.
FILTER_LINE = re.compile(r"(?i)^\s*(отбор|фильтр|условия|filter|where)\b")
_NUMBER_BEFORE = re.compile(r"\d[\s\xa0]*$")


def money_unit(texts) -> tuple[float, str] | None:
    """(1000 or 1 000 000, the text that says so) where a title or header gives the money in
    thousands or millions; None for roubles. Read as written, a report in 'тыс. руб.' set against
    a receivables file in roubles made a debt of 100 000 ₽ into 1 013 days of sales.

    A unit right after a number ('от 5 млн руб.') is an amount, and a filter line a threshold:
    neither says what the report's money is counted in."""
    for text in texts:
        if not isinstance(text, str) or FILTER_LINE.match(text):
            continue
        for factor, pattern in _MONEY_UNITS:
            if any(not _NUMBER_BEFORE.search(text[: found.start()]) for found in pattern.finditer(text)):
                return factor, " ".join(text.split())
    return None
