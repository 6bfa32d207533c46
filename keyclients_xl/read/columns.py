"""Whole columns of cells (Arrow arrays) → clean values, each distinct value cleaned once.

A million document lines hold a few thousand clients, products, managers and days. So a
label or date column is dictionary-encoded (in C++), its distinct values are cleaned by the
cell rules of `values` and `layout.text_cells`, and the results are mapped back with the
codes (numpy). Numbers are mostly distinct, so a column of plain ones ('1234.5', '1234,5',
1C's '1 234,5') is cast by Arrow whole, and the others ('1 234,56 руб.', '$1,234.56') go
through the steps of the cell rule in Arrow's kernels, once per distinct value; what those
make no number of goes to the cell rule itself, which names a bad cell.

Cells arrive as text (CSV, HTML, and workbooks read by fastexcel as strings) or, from a
Parquet file, typed; both work. Errors name the position of the first bad cell in the column.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .values import (
    _BLANKS,
    _CURRENCY,
    _EXCEL_EPOCH,
    DECIMAL_COMMA,
    FIRST_DAY,
    GROUPS_PROVED,
    LAST_DAY,
    NUMBER_LIMIT,
    ONE_GROUP,
    REGROUPED,
    SERIAL_MAX,
    BadValue,
    DateOrder,
    MarkClues,
    mark_clues,
    negative_pattern,
    parse_dates,
    parse_numbers,
)

# RE2 (Arrow's regex engine) has ASCII-only \b and \s, so the word end is spelled out.
# 'Total' starts company names too (Total Foods, TOTAL Vostok): alone, before ':' or 'for' it is a total.
TOTAL_ROW_RE2 = (
    r"(?i)^[\s\pZ]*((итого|итог|всего|общий итог|grand total|subtotal)(?:$|[^\pL\pN_])"
    r"|total(?:[\s\pZ]*[:.]|[\s\pZ]*$|[\s\pZ]+for[\s\pZ]))"
)
# Excel's Data ▸ Subtotal by month in a date column: '08.2026 Итог', '2026 Total', 'Август 2026 Итог'.
PERIOD_TOTAL_RE2 = (
    r"(?i)^[\s\pZ]*(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}[./-]\d{4}|\d{4}([./-]\d{1,2})?|\pL+\.?[\s\pZ]+\d{4})"
    r"[\s\pZ]+(итог|total)[\s\pZ]*$"
)
# Excel's Data ▸ Subtotal by client: 'ООО Ромашка Итог' under the rows of 'ООО Ромашка'.
SUBTOTAL_LABEL_RE2 = r"(?i)[\s\pZ]+(итог|total)[\s\pZ]*$"
PLAIN_NUMBER_RE2 = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
# What `values.to_numbers` drops as thousands separators (Python's \s is Unicode, RE2's ASCII:
# the rest is spelled out), and what opens a negative number there (values._NEGATIVE).
SPACES_RE2 = r"[\s\pZ'\x{0b}\x{1c}-\x{1f}\x{85}]"
NEGATIVE_RE2 = negative_pattern(SPACES_RE2)
_GROUP_SPACES_1C = ("\u00a0", " ", "\u202f")  # the ones 1C and Excel group thousands with
_CAST_TRIAL_CELLS = 1_000
_DISTINCT_DATES_MAX = 50_000  # beyond this many distinct date texts, their times are cut off first


@dataclass
class Distinct:
    """A column as codes into its distinct values (first-met order); an empty cell's code is
    len(values), the place after the last value (so a table of values + [empty] maps it)."""

    codes: np.ndarray
    values: list

    def map(self, cleaned: list | np.ndarray, empty=None) -> np.ndarray:
        """Each cell's cleaned value, given one per distinct value (a typed array keeps its dtype)."""
        if isinstance(cleaned, np.ndarray) and cleaned.dtype != object:
            return np.append(cleaned, np.array([empty], dtype=cleaned.dtype))[self.codes]
        table = np.empty(len(self.values) + 1, dtype=object)
        table[:-1] = cleaned
        table[-1] = empty
        return table[self.codes]

    def flags(self, verdicts, empty: bool = False) -> np.ndarray:
        """Each cell's verdict, given one boolean per distinct value."""
        table = np.append(np.asarray(verdicts, dtype=bool), empty)
        return table[self.codes]

    def first(self, code: int) -> int:
        """The position of the first cell holding distinct value `code`."""
        return int(np.argmax(self.codes == code))


def is_text_type(kind: pa.DataType) -> bool:
    """Text in any of Arrow's layouts (pandas writes large_string to Parquet)."""
    return pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)


def is_bytes_type(kind: pa.DataType) -> bool:
    """Bytes in any of Arrow's layouts: text, when a Parquet writer did not say it is text."""
    return pa.types.is_binary(kind) or pa.types.is_large_binary(kind) or pa.types.is_binary_view(kind)


def is_number_type(kind: pa.DataType) -> bool:
    return pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind)


def plain_text(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """A Parquet column in the layout the readers take: a dictionary-coded one as its values, a
    string view (Polars writes those) as plain text, and bytes as UTF-8 text: some writers
    (Hive, Impala, older Spark) store text as bytes without saying it is text. Bytes that are
    not UTF-8 raise ArrowInvalid. Any other column as it is."""
    if pa.types.is_dictionary(column.type):
        column = pc.cast(column, column.type.value_type)
    if is_bytes_type(column.type) or pa.types.is_string_view(column.type):
        return pc.cast(column, pa.large_string())  # bytes are checked to be UTF-8
    return column


def encode(array: pa.Array) -> pa.DictionaryArray:
    """The column dictionary-encoded (distinct values in first-met order)."""
    return pc.dictionary_encode(array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array)


def encoded_as_read(column: pa.ChunkedArray) -> pa.DictionaryArray | None:
    """A column of text read as dictionary codes (a Parquet file's) as `encode` encodes its text
    (`null_empty(plain_text(column))`): distinct values in first-met order, an empty text no cell.
    Its codes are renumbered (a million small integers), where `encode` hashed a million texts
    again. None for a column of other values, or whose dictionary repeats a value."""
    if not pa.types.is_dictionary(column.type) or not _is_plain_text_type(column.type.value_type):
        return None
    column = column.unify_dictionaries() if column.num_chunks > 1 else column
    if not column.num_chunks:
        return None
    dictionary = column.chunk(0).dictionary
    if pc.count_distinct(dictionary, mode="all").as_py() < len(dictionary):
        return None  # a value twice (a writer's own dictionary, not pyarrow's): one label, two codes; as text
    indices = pa.chunked_array([chunk.indices for chunk in column.chunks]).combine_chunks()
    codes = indices.fill_null(-1).to_numpy(zero_copy_only=False)
    empty = pc.fill_null(pc.equal(dictionary, ""), True)  # an empty text (or a missing value) is no cell
    if pa.types.is_int32(indices.type) and not pc.any(empty).as_py() and _in_first_met_order(codes):
        # as pyarrow writes a dictionary: the codes are `encode`'s as they are
        return pa.DictionaryArray.from_arrays(indices, dictionary.slice(0, int(codes.max(initial=-1)) + 1))
    no_cell = np.append(empty.to_numpy(zero_copy_only=False), True)[codes]  # -1, no cell: the last place
    first_met, values = pd.factorize(codes[~no_cell])
    renumbered = np.zeros(len(codes), dtype=np.int32)
    renumbered[~no_cell] = first_met
    cells = pa.array(renumbered, mask=no_cell if no_cell.any() else None)
    return pa.DictionaryArray.from_arrays(cells, dictionary.take(pa.array(values)))


def _in_first_met_order(codes: np.ndarray) -> bool:
    """Whether each code (-1: none) is at most one more than every code before it: the values are
    numbered in the order the cells first meet them, each at least once. A few passes over a
    million small integers, where a factorize hashed them (10 ms a column)."""
    highest = np.maximum.accumulate(codes)
    return bool(len(codes) == 0 or (highest[0] <= 0 and (np.diff(highest) <= 1).all()))


def _is_plain_text_type(kind: pa.DataType) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def distinct(array: pa.Array, encoded: pa.DictionaryArray | None = None) -> Distinct:
    """Dictionary-encode the column (null cells get code len(values)). `encoded`: encode(array), if known."""
    encoded = encoded if encoded is not None else encode(array)
    indices = encoded.indices
    if indices.null_count:  # an empty cell takes the code after the last value
        indices = indices.fill_null(len(encoded.dictionary))
    return Distinct(indices.to_numpy().astype(np.int64), encoded.dictionary.to_pylist())


def text_flags(array: pa.Array, hint: str, verdict, encoded: pa.DictionaryArray | None = None) -> np.ndarray:
    """`verdict(text)` of each distinct text in which the RE2 pattern `hint` is found (case ignored),
    mapped back to the cells; False elsewhere, and where a cell is no text. A column of 125,000
    documents' names pays one pattern in Arrow, and Python only for the few names it finds.
    `encoded`: the cells as codes into a dictionary (which may hold more values), if known; or
    `array` is such codes itself (then no text is copied to pick the cells)."""
    if pa.types.is_dictionary(array.type) and is_text_type(array.type.value_type):
        encoded = array
    elif not is_text(array):
        return np.zeros(len(array), dtype=bool)
    encoded = encoded if encoded is not None else encode(array)
    names = encoded.dictionary
    verdicts = np.zeros(len(names) + 1, dtype=bool)  # the last: an empty cell
    found = pc.fill_null(pc.match_substring_regex(names, hint, ignore_case=True), False)
    for at in np.flatnonzero(found.to_numpy(zero_copy_only=False)):
        verdicts[at] = verdict(names[int(at)].as_py())
    return verdicts[encoded.indices.fill_null(len(names)).to_numpy(zero_copy_only=False)]


def is_text(array: pa.Array) -> bool:
    return is_text_type(array.type)


def blank(array: pa.Array, encoded: pa.DictionaryArray | None = None) -> np.ndarray:
    """True where a cell is empty or a dash (the rule of `values.is_blank`), or 1C's empty date.
    `encoded`: the cells as codes into a dictionary, if known: then each distinct text is tested
    once; or `array` is such codes itself."""
    if pa.types.is_dictionary(array.type) and is_text_type(array.type.value_type):
        array, encoded = array.dictionary, array
    if pa.types.is_timestamp(array.type) or pa.types.is_date(array.type):
        return np.isnat(_days_of(array))
    if not is_text(array):
        return array.is_null().to_numpy(zero_copy_only=False)
    if encoded is not None:
        dashes = _dashes(encoded.dictionary).to_numpy(zero_copy_only=False)
        return np.append(dashes, True)[encoded.indices.fill_null(len(dashes)).to_numpy(zero_copy_only=False)]
    return _dashes(array).to_numpy(zero_copy_only=False) | empty(array)


def _dashes(array: pa.Array) -> pa.Array:
    folded = pc.utf8_lower(pc.utf8_trim_whitespace(array))
    return pc.fill_null(pc.is_in(folded, pa.array(sorted(_BLANKS))), False)


def empty(array: pa.Array) -> np.ndarray:
    return array.is_null().to_numpy(zero_copy_only=False)


NOT_FOUND = ("#n/a", "#н/д")  # Excel's "a formula found nothing" (folded), in English and Russian Excel


def not_found(array: pa.Array) -> np.ndarray:
    """True where a cell is #N/A (#Н/Д): a lookup that found nothing, read as an empty cell."""
    if not is_text(array):
        return np.zeros(len(array), dtype=bool)
    folded = pc.utf8_lower(pc.utf8_trim_whitespace(array))
    return pc.fill_null(pc.is_in(folded, pa.array(NOT_FOUND)), False).to_numpy(zero_copy_only=False)


def totals(array: pa.Array, dates: bool = False, encoded: pa.DictionaryArray | None = None) -> np.ndarray:
    """True where a cell opens with Итого / Всего / Total (a totals row), or is Excel's subtotal of
    the rows above it ('ООО Ромашка Итог' under a row of 'ООО Ромашка', blank lines between
    skipped; a client called 'Office Total' is none: no label above names it). In a date column
    (`dates`), a period's total too ('08.2026 Итог'). A typed column (dates, numbers) holds no
    such cell; text is searched once per distinct value (a label column holds few: a million
    client cells took 0.15 s, their 5,000 names 0.02 s with the encoding). `encoded`:
    encode(array), if known; or `array` is such codes itself."""
    if pa.types.is_dictionary(array.type) and is_text_type(array.type.value_type):
        encoded = array
    elif not is_text(array):
        return np.zeros(len(array), dtype=bool)
    encoded = encoded if encoded is not None else encode(array)
    distinct, indices = encoded.dictionary, encoded.indices
    found = pc.match_substring_regex(distinct, TOTAL_ROW_RE2)
    if dates:
        found = pc.or_(found, pc.match_substring_regex(distinct, PERIOD_TOTAL_RE2))
    hits = pc.fill_null(pc.take(found, indices), False).to_numpy(zero_copy_only=False)
    ends = pc.fill_null(pc.match_substring_regex(distinct, SUBTOTAL_LABEL_RE2), False)
    if dates or not pc.any(ends).as_py():
        return hits
    positions = np.flatnonzero(pc.fill_null(pc.take(ends, indices), False).to_numpy(zero_copy_only=False))
    labelled = np.flatnonzero(~blank(encoded))  # the label above: blank cells (a blank line) are skipped
    at = np.searchsorted(labelled, positions) - 1
    positions, above_rows = positions[at >= 0], labelled[at[at >= 0]]
    if len(positions):  # compared with the label above: a few cells, taken by their codes
        cells = lambda rows: distinct.take(indices.take(pa.array(rows)))  # noqa: E731
        named = pc.replace_substring_regex(cells(positions), SUBTOTAL_LABEL_RE2, "")
        above = cells(above_rows)
        fold = lambda cells: pc.utf8_lower(pc.utf8_trim_whitespace(cells))  # noqa: E731
        hits[positions] |= pc.fill_null(pc.equal(fold(named), fold(above)), False).to_numpy(zero_copy_only=False)
    return hits


def cleaned_texts(array: pa.Array, encoded: pa.DictionaryArray | None = None) -> tuple[Distinct, np.ndarray]:
    """The column's distinct values and each one cleaned by `layout.text_cells` (None for missing).
    `encoded`: encode(array), if known; or `array` is such codes itself."""
    if pa.types.is_dictionary(array.type) and is_text_type(array.type.value_type):
        encoded = array
    column = distinct(array, encoded)
    return column, _cleaned(column)


def _cleaned(column: Distinct) -> np.ndarray:
    from .layout import text_cells

    return text_cells(pd.Series(column.values, dtype=object)).to_numpy(dtype=object)


def texts(array: pa.Array) -> np.ndarray:
    """Label cells (client, SKU, manager, status) cleaned by `layout.text_cells`: object array, None for missing."""
    column, cleaned = cleaned_texts(array)
    return column.map(cleaned)


def labels(array: pa.Array) -> pd.Categorical:
    """Label cells (SKU, manager, status) cleaned as `texts` cleans them, as a Categorical: one
    small code per line, so the metrics' many filters and groupings of a million lines move
    integers instead of strings. Categories are sorted, so ordering by them is ordering by text."""
    return categorical(*cleaned_texts(array))


def encoded_labels(encoded: pa.DictionaryArray, at: np.ndarray | None = None) -> pd.Categorical:
    """`labels` of the cells `at` (all: None) of a column given as codes (`encode`), with the same
    categories: the values no cell at `at` holds are left out, as `labels` of those cells never
    meets them. No text is taken or hashed."""
    count = len(encoded.dictionary)
    codes = encoded.indices.fill_null(count).to_numpy(zero_copy_only=False)
    codes = codes if at is None else codes[at]
    held = np.flatnonzero(np.bincount(codes, minlength=count + 1)[:count])
    renumbered = np.full(count + 1, len(held))  # an empty cell: the place after the last value, as `distinct`
    renumbered[held] = np.arange(len(held))
    column = Distinct(renumbered[codes], encoded.dictionary.take(pa.array(held)).to_pylist())
    return categorical(column, _cleaned(column))


def categorical(column: Distinct, cleaned: np.ndarray) -> pd.Categorical:
    """The cells of `column` as a Categorical of their cleaned values (None is missing)."""
    codes, categories = pd.factorize(pd.Series(cleaned, dtype=object), sort=True)  # missing → -1
    return pd.Categorical.from_codes(np.append(codes, -1)[column.codes], categories=pd.Index(categories.tolist()))


def numbers(array: pa.Array) -> np.ndarray:
    """float64 array, NaN for blanks, every mark that a cell leaves open read as decimal (a file's
    mark that groups thousands: `numbers_and_clues`, `regrouped_numbers`). Raises BadValue(position,
    cell) on the first cell that is not a number, or is an infinite or huge one (Arrow reads 'inf'
    and '1e999'; values.NUMBER_LIMIT). A negative zero ('(0,00)', '-0') is a zero: a note
    would show '-0'."""
    return numbers_and_clues(array)[0]


def numbers_and_clues(array: pa.Array, english: bool = False) -> tuple[np.ndarray, MarkClues]:
    """`numbers` with every open mark decimal, and what the column says about its marks
    (values.MarkClues; the decimal comma is looked for only where `english` would assume a group:
    elsewhere values.file_mark asks `decimal_comma` when it decides)."""
    result, bad, clues = _parsed_numbers(array, english)
    _raise_first(array, bad | (np.abs(result) >= NUMBER_LIMIT), "number")  # the first bad cell, whichever rule found it
    return result + 0.0, clues


def decimal_comma(array: pa.Array) -> str | None:
    """The column's first cell with a decimal comma ('39,75', '0,750'), or None (values.file_mark)."""
    if not is_text(array):
        return None
    return _clues(pc.utf8_trim_whitespace(array), proofs=False, decimal=True).decimal_comma


def regrouped_numbers(array: pa.Array, mark: str) -> tuple[np.ndarray, str] | None:
    """The column's numbers with `mark` taken out of the cells it leaves open ('12,345' → 12345),
    and the first such cell; None when no cell is open (the numbers stand as read)."""
    if not is_text(array):
        return None
    trimmed = pc.utf8_trim_whitespace(array)
    open_cells = pc.fill_null(pc.match_substring_regex(trimmed, ONE_GROUP[mark]), False)
    at = pc.index(open_cells, True).as_py()
    if at < 0:
        return None
    result, bad, _ = _parsed_numbers(pc.replace_substring_regex(trimmed, ONE_GROUP[mark], REGROUPED), False)
    _raise_first(array, bad | (np.abs(result) >= NUMBER_LIMIT), "number")
    return result + 0.0, trimmed[at].as_py()


def _parsed_numbers(array: pa.Array, english: bool) -> tuple[np.ndarray, np.ndarray, MarkClues]:
    """The column's numbers (NaN for blanks and bad cells), where its cells are not numbers, and its
    clues. A column that casts whole holds no proof of a mark that groups: '1.234,56', '1,234.56',
    '1,234,567' and '1.234.567' fail the cast."""
    none_bad = np.zeros(len(array), dtype=bool)
    if is_number_type(array.type):
        return pc.cast(array, pa.float64()).to_numpy(zero_copy_only=False), none_bad, MarkClues()
    if not is_text(array):  # dates, booleans …: every cell given is bad
        return np.full(len(array), np.nan), ~empty(array), MarkClues()
    comma = _holds_comma(array)  # trimming takes no comma away
    # Arrow's cast reads no space around a number: a column it casts as it is has none to trim
    # (trimming a million cells cost as much as the cast).
    whole = _cast_whole(array, comma, squeezed=False)
    if whole is not None:
        return whole, none_bad, _clues(array, proofs=False, decimal=True) if english and comma else MarkClues()
    trimmed = pc.utf8_trim_whitespace(array)
    for squeezed in (False, True):  # '1234,5', then 1C's '1 234,5' without its group spaces
        whole = _cast_whole(trimmed, comma, squeezed)
        if whole is not None:
            clues = _clues(trimmed, proofs=False, decimal=True) if english and comma else MarkClues()
            return whole, none_bad, clues
    clues = _clues(trimmed, proofs=True, decimal=english)
    plain = pc.fill_null(pc.match_substring_regex(trimmed, PLAIN_NUMBER_RE2), False)
    result = pc.cast(pc.if_else(plain, trimmed, None), pa.float64()).to_numpy(zero_copy_only=False)
    rest = ~plain.to_numpy(zero_copy_only=False) & ~blank(array)
    if rest.any():  # the rest ('1 234,56 руб.', '$1,234.56', '(1 234,56)' …) by the cell rule's steps, each text once
        positions = np.flatnonzero(rest)
        cells = trimmed.take(pa.array(positions))
        encoded = pc.dictionary_encode(cells.combine_chunks() if isinstance(cells, pa.ChunkedArray) else cells)
        parsed, done = _text_numbers(encoded.dictionary)
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        result[positions] = parsed[codes]
        rest[positions] = ~done[codes]
    bad = none_bad
    if rest.any():  # what that does not make a number of: a bad cell, as the cell rule finds it
        positions = np.flatnonzero(rest)
        column = distinct(array.take(pa.array(positions)))
        parsed, not_numbers = parse_numbers(pd.Series(column.values, dtype=object))
        result[positions] = column.map(parsed.to_numpy(), np.nan).astype("float64")
        bad[positions] = column.flags(not_numbers.to_numpy())
    return result, bad, clues


def _clues(trimmed: pa.Array, proofs: bool, decimal: bool) -> MarkClues:
    """`values.mark_clues` of a text column (the `proofs` of a mark that groups, a `decimal` comma):
    each pattern looked for by Arrow, only in the cells it can find (a proof has a point or two
    commas, a decimal comma a comma)."""
    commas = pc.count_substring(trimmed, ",")
    could = {DECIMAL_COMMA: pc.greater(commas, 0)} if decimal else {}
    if proofs:
        proof_cells = pc.or_(pc.match_substring(trimmed, "."), pc.greater(commas, 1))
        could |= {GROUPS_PROVED["."]: proof_cells, GROUPS_PROVED[","]: proof_cells}

    def first(pattern: str) -> str | None:
        if pattern not in could:
            return None
        cells = trimmed.filter(pc.fill_null(could[pattern], False))
        at = pc.index(pc.fill_null(pc.match_substring_regex(cells, pattern), False), True).as_py()
        return None if at < 0 else cells[at].as_py()

    return mark_clues(first)


def _text_numbers(text: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """`values.parse_numbers` on trimmed text, step by step in Arrow's kernels (as kc_text_number
    in read/big.py does in SQL): the sign, brackets, currency words and group spaces dropped, then
    the marks counted. Returns (numbers, done): a cell whose cleaned text is not plain digits, a
    point and an exponent (PLAIN_NUMBER_RE2, its sign gone) is not done, and is left to the cell
    rule (a bad cell, mostly), so this agrees with it wherever it gives a number."""
    negative = pc.fill_null(pc.match_substring_regex(text, NEGATIVE_RE2), False).to_numpy(zero_copy_only=False)
    text = pc.replace_substring_regex(text, r"[()]", "")
    text = pc.replace_substring_regex(text, _CURRENCY, "")
    text = pc.utf8_ltrim(pc.replace_substring_regex(text, SPACES_RE2, ""), characters="-+")
    commas, dots = pc.count_substring(text, ","), pc.count_substring(text, ".")
    backwards = pc.utf8_reverse(text)  # the last mark is the first found backwards
    comma_from_end, dot_from_end = pc.find_substring(backwards, ","), pc.find_substring(backwards, ".")
    comma_last = pc.and_(
        pc.not_equal(comma_from_end, -1), pc.or_(pc.equal(dot_from_end, -1), pc.less(comma_from_end, dot_from_end))
    )
    comma_decimal = pc.and_(comma_last, pc.equal(commas, 1))
    text = pc.if_else(
        comma_decimal,
        pc.replace_substring(pc.replace_substring(text, ".", ""), ",", "."),
        pc.replace_substring(text, ",", ""),  # no comma, or commas that group thousands
    )
    text = pc.if_else(pc.and_(pc.invert(comma_decimal), pc.greater(dots, 1)), pc.replace_substring(text, ".", ""), text)
    done = pc.fill_null(pc.match_substring_regex(text, PLAIN_NUMBER_RE2), False)
    numbers_ = pc.cast(pc.if_else(done, text, None), pa.float64()).to_numpy(zero_copy_only=False)
    done = done.to_numpy(zero_copy_only=False) & np.isfinite(numbers_)
    return np.where(negative, -numbers_, numbers_) + 0.0, done


def _cast_whole(trimmed: pa.Array, comma: bool, squeezed: bool) -> np.ndarray | None:
    """A whole column of plain numbers, or of numbers whose one mark is a decimal comma, in one
    cast (`squeezed`: without 1C's spaces that group thousands); None when a cell fails it (two
    marks, a currency, a dash …: the column takes the long way). A failed cast of a million
    cells costs as much as four good ones, so the column's first cells are tried first, and
    `comma` (any cell has one) picks which of the two casts to try. Arrow's cast reads '-nan' as
    no number, where the cell rule finds a bad cell: such a column takes the long way too."""
    for cells in (trimmed.slice(0, _CAST_TRIAL_CELLS), trimmed):
        if squeezed:
            for space in _GROUP_SPACES_1C:  # plain replaces: twice as fast as one of SPACES_RE2
                cells = pc.replace_substring(cells, space, "")
        try:
            cast = pc.cast(_commas_as_points(cells) if comma else cells, pa.float64())
        except pa.ArrowInvalid:
            return None
    values = cast.to_numpy(zero_copy_only=False)
    not_a_number = np.isnan(values)
    if not_a_number.any() and (not_a_number & ~empty(trimmed)).any():
        return None
    return values


def _commas_as_points(cells: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Every ',' as '.', byte for byte in the text's buffer: in UTF-8 a comma is one byte and never
    part of another character. pc.replace_substring took three times the cast's time (70 ms a
    million cells)."""
    if isinstance(cells, pa.ChunkedArray):
        return pa.chunked_array([_commas_as_points(chunk) for chunk in cells.chunks], cells.type)
    if cells.offset or not (pa.types.is_string(cells.type) or pa.types.is_large_string(cells.type)):
        return pc.replace_substring(cells, ",", ".")  # a slice shares a bigger buffer: not copied for a few cells
    validity, offsets, data = cells.buffers()
    if data is None:
        return cells
    text = pa.py_buffer(memoryview(data).tobytes().translate(_COMMA_AS_POINT))
    return pa.Array.from_buffers(cells.type, len(cells), [validity, offsets, text], cells.null_count)


_COMMA_AS_POINT = bytes.maketrans(b",", b".")


def _holds_comma(array: pa.Array | pa.ChunkedArray) -> bool:
    """Whether any cell holds a comma, searched in the bytes the cells span (in UTF-8 a comma is one
    byte and never part of another character): a byte search, where pc.match_substring took 25 ms a
    million cells."""
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    for chunk in chunks:
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            return pc.any(pc.match_substring(array, ",")).as_py()  # a string view: no offsets to read
        _, offsets, data = chunk.buffers()
        if data is None or not len(chunk):
            continue
        bounds = np.frombuffer(offsets, np.int64 if pa.types.is_large_string(chunk.type) else np.int32)
        low, high = int(bounds[chunk.offset]), int(bounds[chunk.offset + len(chunk)])
        if memoryview(data)[low:high].tobytes().find(b",") >= 0:
            return True
    return False


def dates(
    array: pa.Array, serial_text: bool = False, filled: bool = False, day_first: bool = False
) -> tuple[np.ndarray, DateOrder | None]:
    """datetime64[ns] array (NaT for blanks) and the order used for a/b/yyyy dates (see `values.to_dates`,
    which `day_first` is passed to: the order when no cell proves one).

    `serial_text`: a plain number is an Excel serial day (a workbook's number cell read as text).
    `filled`: the caller knows no cell is blank (`blank`), so none is looked at for it.
    `array` may be text cells dictionary-encoded (`encode`): then each distinct text is trimmed
    and read, and no cell's text is copied.
    Raises BadValue(position, cell) or MixedDateOrder.
    """
    if pa.types.is_dictionary(array.type):
        found = None if serial_text else _dates_by_codes(array, filled, day_first)
        if found is not None:
            return found
        array = array.dictionary.take(array.indices)  # the cells' own texts: the path below
    if pa.types.is_timestamp(array.type) or pa.types.is_date(array.type):
        days = _days_of(array)
        _raise_first(array, ~np.isnat(days) & ((days < _FIRST) | (days > _LAST)), "date")
        return days.astype("datetime64[ns]"), None
    if pa.types.is_integer(array.type) or pa.types.is_floating(array.type):
        return _serials(pc.cast(array, pa.float64()).to_numpy(zero_copy_only=False), array), None
    if pa.types.is_null(array.type):
        return np.full(len(array), np.datetime64("NaT"), dtype="datetime64[ns]"), None
    if not is_text(array):
        _raise_first(array, ~empty(array), "date")
    result = np.full(len(array), np.datetime64("NaT"), dtype="datetime64[ns]")
    trimmed = pc.utf8_trim_whitespace(array)
    todo = np.ones(len(array), dtype=bool) if filled else ~blank(array)
    if serial_text:
        serial = (
            pc.fill_null(pc.match_substring_regex(trimmed, PLAIN_NUMBER_RE2), False).to_numpy(zero_copy_only=False)
            & todo
        )
        if serial.any():
            where = np.flatnonzero(serial)
            numbers_ = pc.cast(trimmed.take(pa.array(where)), pa.float64()).to_numpy(zero_copy_only=False)
            result[where] = _serials(numbers_, array.take(pa.array(where)), where)
            todo &= ~serial
    if not todo.any():
        return result, None
    positions = np.flatnonzero(todo)
    texts_ = trimmed.take(pa.array(positions))
    column = distinct(texts_)
    if len(column.values) > _DISTINCT_DATES_MAX:  # times make every cell distinct; the day is before them
        column = distinct(pc.replace_substring_regex(texts_, r"[ T].*$", ""))
    parsed, bad, order = parse_dates(pd.Series(column.values, dtype=object), day_first)  # may raise MixedDateOrder
    if bad.any():
        position = int(positions[column.first(int(np.argmax(bad)))])
        raise BadValue(position, array[position].as_py(), "date")
    result[positions] = column.map(parsed, np.datetime64("NaT"))
    return result, order


def _dates_by_codes(
    cells: pa.DictionaryArray, filled: bool, day_first: bool
) -> tuple[np.ndarray, DateOrder | None] | None:
    """`dates` of text cells given as codes into their distinct texts, with the same values,
    order and errors: the distinct trimmed texts are met in the cells' order, as `distinct` meets
    them. Trimming, copying and encoding a million date texts took about 60 ms; their few hundred
    distinct texts take nothing. None for what the cells' own path does otherwise (a column of
    more than _DISTINCT_DATES_MAX distinct dates)."""
    values = cells.dictionary
    if not is_text_type(values.type):
        return None
    codes = cells.indices.fill_null(len(values)).to_numpy(zero_copy_only=False)
    trimmed_ids, trimmed = pd.factorize(pc.utf8_trim_whitespace(values).to_numpy(zero_copy_only=False))
    todo = codes < len(values)  # an empty cell stays NaT, as `distinct` maps it
    if not filled:
        todo &= ~np.append(_dashes(values).to_numpy(zero_copy_only=False), True)[codes]
    result = np.full(len(cells), np.datetime64("NaT"), dtype="datetime64[ns]")
    positions = np.flatnonzero(todo)
    if not len(positions):
        return result, None
    met, firsts = pd.factorize(trimmed_ids[codes[positions]])  # each trimmed text where it is first met
    if len(firsts) > _DISTINCT_DATES_MAX:
        return None
    parsed, bad, order = parse_dates(pd.Series(trimmed[firsts], dtype=object), day_first)  # may raise MixedDateOrder
    if bad.any():
        position = int(positions[np.argmax(met == np.argmax(bad))])
        raise BadValue(position, values[int(codes[position])].as_py(), "date")
    result[positions] = parsed[met]
    return result, order


_EMPTY_DAY_1C = np.datetime64("0001-01-01", "D")  # 1C's empty date, typed (values.EMPTY_DATES_1C)
_FIRST, _LAST = np.datetime64(FIRST_DAY.date(), "D"), np.datetime64(LAST_DAY.date(), "D")


def _days_of(array: pa.Array) -> np.ndarray:
    """A date or timestamp column as datetime64[D], any year (a cast to nanoseconds raised on
    year 1 or 9999); NaT for empty cells and for 1C's empty date. A zoned timestamp's day is the
    one on its own clock: midnight in Moscow, written as 21:00 UTC the day before, is that day."""
    if pa.types.is_timestamp(array.type) and array.type.tz is not None:
        array = pc.local_timestamp(array)
    days = array.to_numpy(zero_copy_only=False).astype("datetime64[D]")
    days[days == _EMPTY_DAY_1C] = np.datetime64("NaT")
    return days


def _serials(serial: np.ndarray, array: pa.Array, positions: np.ndarray | None = None) -> np.ndarray:
    """Excel serial days → dates; a serial outside Excel's calendar, or past what datetime64[ns]
    holds (2262), is a bad date."""
    out_of_range = (serial < 1) | (serial > SERIAL_MAX)
    if out_of_range.any():
        at = int(np.argmax(out_of_range))
        position = at if positions is None else int(positions[at])
        raise BadValue(position, array[at].as_py(), "date")
    days = np.floor(np.nan_to_num(serial, nan=0)).astype("int64")
    values = np.datetime64(_EXCEL_EPOCH.to_datetime64(), "D") + days.astype("timedelta64[D]")
    return np.where(np.isnan(serial), np.datetime64("NaT"), values).astype("datetime64[ns]")


def _raise_first(array: pa.Array, bad: np.ndarray, kind: str) -> None:
    if bad.any():
        position = int(np.argmax(bad))
        raise BadValue(position, array[position].as_py(), kind)


__all__ = ["Distinct", "blank", "dates", "distinct", "empty", "numbers", "texts", "totals"]
