"""Exports bigger than memory (a CSV or Parquet file of tens of millions of lines): DuckDB.

DuckDB reads CSV and Parquet itself, out of core (it spills to a temporary folder beyond its
memory limit), so the file is never held whole. The layout is found on the first rows exactly
as for any file (read/layout.py). Then, in DuckDB:
- numbers follow the text rules of `values.to_numbers` (written in SQL below, checked against
  it by the tests);
- labels (client, code, SKU, manager, status) and days are cleaned in Python once per distinct
  value, by the same functions as the small-file path, and joined back;
- totals, repeated headers and blank rows are dropped and counted; statuses are counted and
  the dropped ones left out;
- the lines come out as they are when they fit (LINES_IN_MEMORY_MAX), so the report is the one
  the small-file path gives; beyond that they are added up by client, day, manager, status and
  sign, and a note says which columns that leaves out (SKU, prices, payment dates).
"""

from __future__ import annotations

import codecs
import tempfile
from contextlib import ExitStack
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from ..errors import KeyClientsError, Location
from ..i18n import Amount, Count, has_cyrillic
from ..settings import DROP_STATUS
from .blank_lines import blank_lines_among, blank_lines_below
from .columns import (
    NEGATIVE_RE2,
    NOT_FOUND,
    PERIOD_TOTAL_RE2,
    PLAIN_NUMBER_RE2,
    SPACES_RE2,
    SUBTOTAL_LABEL_RE2,
    TOTAL_ROW_RE2,
    is_bytes_type,
    is_number_type,
    is_text_type,
    plain_text,
)
from .directory import is_no_sales_layout, read_directory
from .headers import is_dropped_status, is_return_document, not_shipped
from .layout import (
    FLAG_ROLES,
    NUMERIC_ROLES,
    SIGNED_ROLES,
    TEXT_ROLES,
    Export,
    _date_order_note,
    _flag_note,
    _headers,
    _noise_notes,
    _normalised_equals,
    _returns_column_note,
    _returns_note,
    _Sheet,
    _status_note_from_table,
    _title_period,
    covered,
    document_total_note,
    find_layout,
    group_mark_note,
    in_roubles,
    layout_note,
    mixed_order_error,
    partner_note,
    repeats_document_total,
    text_cells,
)
from .limits import LINE_CHARS_MAX, Size, duckdb_limit_bytes
from .notes import Note
from .table import Table
from .text import _columns_from_records, _head_records, text_encoding
from .values import (
    _BLANKS,
    _CURRENCY,
    CURRENCY_WORDS,
    DECIMAL_COMMA,
    FIRST_DAY,
    GROUPS_PROVED,
    LAST_DAY,
    NUMBER_LIMIT,
    ONE_GROUP,
    REGROUPED,
    GroupMark,
    assumed_day_first,
    english_numbers,
    file_mark,
    mark_clues,
    number_error,
    parse_dates,
)

LINES_IN_MEMORY_MAX = 3_000_000  # more lines than this are added up before they reach pandas
MEMORY_LIMIT = "1GB"  # DuckDB's own; it spills beyond it


def _quoted(text: str | Path) -> str:
    """`text` inside an SQL string literal."""
    return str(text).replace("'", "''")


# Two forms cast before the whole rule, which they agree with (1C's, where every cell would take
# the rule): '1 234,56', and a number before a currency ('1 234,56 руб.', '-7 р.', '5 ₽'), whose
# number (\1), grouped by the spaces the rule drops, takes either mark when it has one.
GROUPED_NUMBER_RE2 = r"^[+-]?\d[\d\s\pZ']*(,\d+)?$"
PRICED_NUMBER_RE2 = r"(?i)^([+-]?\d[\d \x{00a0}\x{202f}\x{2009}']*(?:[.,]\d+)?)[\s\pZ]*(?:" + CURRENCY_WORDS + r"|р)$"

_MACROS = f"""
-- What Python's str.strip() removes (Unicode whitespace); DuckDB's trim() removes only spaces.
CREATE OR REPLACE TEMP MACRO kc_trim(x) AS
    regexp_replace(x, '^[\\s\\pZ\\x0b\\x1c-\\x1f\\x{{85}}]+|[\\s\\pZ\\x0b\\x1c-\\x1f\\x{{85}}]+$', '', 'g');
CREATE OR REPLACE TEMP MACRO kc_blank(x) AS
    x IS NULL OR lower(kc_trim(x)) IN ({", ".join("'" + b + "'" for b in sorted(_BLANKS))});
CREATE OR REPLACE TEMP MACRO kc_strip(t) AS ltrim(regexp_replace(regexp_replace(regexp_replace(
    t, '[()]', '', 'g'), '{_CURRENCY}', '', 'g'), '{_quoted(SPACES_RE2)}', '', 'g'), '-+');
CREATE OR REPLACE TEMP MACRO kc_count(s, c) AS length(s) - length(replace(s, c, ''));
CREATE OR REPLACE TEMP MACRO kc_last(s, c) AS
    CASE WHEN strpos(s, c) = 0 THEN -1 ELSE length(s) - strpos(reverse(s), c) END;
CREATE OR REPLACE TEMP MACRO kc_digits(s) AS CASE
    WHEN kc_last(s, ',') > kc_last(s, '.') AND kc_count(s, ',') = 1 THEN replace(replace(s, '.', ''), ',', '.')
    WHEN kc_count(s, '.') > 1 THEN replace(replace(s, ',', ''), '.', '')
    ELSE replace(s, ',', '') END;
-- Only digits, a point and an exponent are cast: DuckDB's cast also takes '1_000' and more, pandas' does not.
CREATE OR REPLACE TEMP MACRO kc_cast_digits(d) AS
    CASE WHEN regexp_full_match(d, '(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?') THEN TRY_CAST(d AS DOUBLE) END;
-- A macro is pasted in wherever it is used, so a value used twice is worked out twice (kc_digits
-- uses its text six times, each time the three regexes of kc_strip): list_transform([v], lambda x: …)[1]
-- works v out once. Sign: '-5' or '(5)', also after an apostrophe that opens the cell (values._NEGATIVE).
CREATE OR REPLACE TEMP MACRO kc_text_number(t) AS
    (CASE WHEN regexp_matches(t, '{_quoted(NEGATIVE_RE2)}') THEN -1 ELSE 1 END)
    * list_transform([kc_strip(t)], lambda s: list_transform([kc_digits(s)], lambda d: kc_cast_digits(d))[1])[1];
-- Without the spaces that group thousands, and with a decimal point for a decimal comma.
CREATE OR REPLACE TEMP MACRO kc_squeezed(t) AS
    replace(regexp_replace(t, '{_quoted(SPACES_RE2)}', '', 'g'), ',', '.');
-- Most cells are plain ('1234.5'), have only a decimal comma ('1234,5'), are 1C's '1 234,56', or
-- one of these before a currency ('1 234,56 руб.'): cast those (the rule gives the same), clean the rest.
CREATE OR REPLACE TEMP MACRO kc_cleaned(t) AS coalesce(
    CASE WHEN regexp_full_match(t, '{PLAIN_NUMBER_RE2}') THEN TRY_CAST(t AS DOUBLE) END,
    CASE WHEN regexp_full_match(t, '[+-]?\\d+,\\d+') THEN TRY_CAST(replace(t, ',', '.') AS DOUBLE) END,
    CASE WHEN regexp_full_match(t, '{_quoted(GROUPED_NUMBER_RE2)}') THEN TRY_CAST(kc_squeezed(t) AS DOUBLE) END,
    CASE WHEN regexp_full_match(t, '{_quoted(PRICED_NUMBER_RE2)}')
        THEN TRY_CAST(kc_squeezed(regexp_extract(t, '{_quoted(PRICED_NUMBER_RE2)}', 1)) AS DOUBLE) END,
    kc_text_number(t));
-- On text already trimmed (computed once per cell, in a subquery), then on any text.
-- An infinite or huge number ('1e999', '1e308': values.NUMBER_LIMIT) is no number: NULL, as a cell
-- that does not parse (checked by its NULL).
-- x + 0.0: '(0,00)' is a zero, not a negative one (a note would show '-0').
CREATE OR REPLACE TEMP MACRO kc_finite(x) AS CASE WHEN abs(x) < {NUMBER_LIMIT} THEN x + 0.0 END;
CREATE OR REPLACE TEMP MACRO kc_trimmed_number(t) AS
    CASE WHEN t IS NULL OR lower(t) IN ({", ".join("'" + b + "'" for b in sorted(_BLANKS))}) THEN NULL
    ELSE list_transform([kc_cleaned(t)], lambda x: kc_finite(x))[1] END;
CREATE OR REPLACE TEMP MACRO kc_number(x) AS kc_trimmed_number(kc_trim(x));
-- A typed date or timestamp as a day; 1C's empty date (year 1) is no day (values.EMPTY_DATES_1C).
CREATE OR REPLACE TEMP MACRO kc_day(x) AS
    CASE WHEN CAST(x AS DATE) = DATE '0001-01-01' THEN NULL ELSE CAST(x AS DATE) END;
"""
# The days a datetime64[ns] column holds (values.FIRST_DAY, LAST_DAY): beyond them a typed day is bad.
_DAYS_HELD = f"BETWEEN DATE '{FIRST_DAY.date()}' AND DATE '{LAST_DAY.date()}'"


def read_big_export(
    path: Path,
    columns: dict[str, str] | None = None,
    drop_status: tuple[str, ...] | None = None,
    lines_max: int = LINES_IN_MEMORY_MAX,
) -> Export:
    """One CSV or Parquet export read by DuckDB (see the module's docstring). `lines_max`: above
    this many lines they are added up (a test forces it low)."""
    import duckdb

    where = Location(file=path.name)
    if not path.exists():
        raise KeyClientsError("error.file_missing", where)
    if not _is_what_it_says(path, where):  # the ordinary reader says what the file is instead
        from .files import load_tables

        load_tables(path)
        raise KeyClientsError("file.damaged", where)
    dropped = drop_status if drop_status is not None else tuple(p.strip() for p in DROP_STATUS.split(";"))
    try:
        return _read_with_duckdb(path, where, columns, drop_status, dropped, lines_max)
    except duckdb.OutOfMemoryException as exc:  # thousands of columns, say: not a damaged file
        raise KeyClientsError("file.duckdb_memory", where, {"limit": Size(duckdb_limit_bytes(MEMORY_LIMIT))}) from exc
    except duckdb.Error as exc:  # DuckDB's own English words never reach the user
        if "line size" in str(exc).lower():
            raise KeyClientsError("file.line_too_long", where, {"limit": Amount(LINE_CHARS_MAX)}) from exc
        raise KeyClientsError("file.damaged", where) from exc


def _is_what_it_says(path: Path, where: Location) -> bool:
    """A Parquet file starts with PAR1; a CSV must be text (read/sniff.py)."""
    if path.suffix.lower() in (".parquet", ".pq"):
        with path.open("rb") as file:
            return file.read(4) == b"PAR1"
    from .sniff import Kind, sniff

    return sniff(path, where) is Kind.TEXT


def _read_with_duckdb(path, where, columns, drop_status, dropped, lines_max) -> Export:
    import duckdb

    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="keyclients-duckdb-")))
        con = stack.enter_context(duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "temp_directory": str(scratch)}))
        con.execute("SET enable_progress_bar = false")  # DuckDB draws it on stdout: our phases are the progress
        con.execute("SET preserve_insertion_order = true")
        con.execute(_MACROS)
        if path.suffix.lower() in (".parquet", ".pq"):
            table, source, typed, notes = _parquet_source(con, path, where)
            # A zoned timestamp's day on its own clock, as the small-file path takes it (the first zone)
            zones = [kind.tz for kind in typed.values() if pa.types.is_timestamp(kind) and kind.tz]
            con.execute("SET TimeZone = ?", [zones[0] if zones else "UTC"])
        else:
            table, source, typed, notes = _csv_source(con, path, scratch, where)
        sheet = _Sheet(table)
        try:
            header_row, roles, wide = find_layout(sheet, columns)
        except KeyClientsError as error:
            if not is_no_sales_layout(error) or read_directory(sheet) is None:
                raise
            # a client directory (codes → names) is no export of lines: read it whole as any file
            from . import read_export

            return read_export(path, columns, drop_status, engine="memory")
        if wide is not None:  # a by-month table is never this big: read the whole file as any file
            from .files import load_tables
            from .layout import read_table

            # `table` holds the file's first records only (the header search's): rows below were lost
            return read_table(load_tables(path)[0], columns, drop_status)
        if source.first_row is None:  # a CSV: DuckDB starts below the header (it skips blank lines itself)
            source.first_row = header_row + 1
            source.skip = _lines_before(source.path, header_row + 1, source.delimiter)
            sql = source.sql.format(skip=source.skip)
        else:
            sql = f"SELECT * FROM ({source.sql}) WHERE pos >= {header_row + 1 - source.first_row}"
        con.execute(f"CREATE TEMP VIEW body AS {sql}")
        return _read_long(con, sheet, header_row, roles, dropped, typed, notes, source, lines_max)


class _Source:
    """The SQL that reads the file (pos: 0 for its first row read), the sheet row of pos 0, the file's size;
    for a CSV its path, delimiter and the physical lines DuckDB skips above its first row."""

    def __init__(self, sql: str, first_row: int | None, size: int, path: Path | None = None, delimiter: str = ""):
        self.sql, self.first_row, self.size, self.path, self.delimiter = sql, first_row, size, path, delimiter
        self.skip = 0

    def row(self, pos: int) -> int:
        """The sheet row of DuckDB's row `pos`, as the small-file path numbers it. DuckDB skips a
        CSV's blank lines, which that path keeps as rows: they are counted back in from the file,
        read up to that row only when a message names it (no DuckDB option keeps them)."""
        pos = int(pos)
        if self.path is None:
            return pos + self.first_row
        return pos + self.first_row + blank_lines_among(self.path, self.skip, pos, self.delimiter)

    def blank_lines(self) -> int:
        """The blank lines below the header that DuckDB skipped (none in a Parquet file)."""
        return 0 if self.path is None else blank_lines_below(self.path, self.skip, self.delimiter)


def _lines_before(path: Path, records: int, delimiter: str) -> int:
    """Physical lines taken by the first `records` records (a quoted cell may span lines)."""
    import csv

    with path.open(encoding="utf-8-sig", errors="replace", newline="") as file:  # a BOM is not the first cell's
        reader = csv.reader(file, delimiter=delimiter)
        for _ in zip(range(records), reader, strict=False):
            pass
        return reader.line_num


def _csv_source(con, path: Path, scratch: Path, where: Location):
    encoding = text_encoding(path)
    if encoding not in ("utf-8", "utf-8-sig"):  # DuckDB reads UTF-8: other encodings are converted first, streaming
        path = _to_utf8(path, encoding, scratch / "export.csv")
    # The BOM (1C writes one) is not part of the first header: read as utf-8-sig, as the small-file path does.
    head, delimiter, _, _ = _head_records(path, "utf-8-sig" if encoding == "utf-8-sig" else "utf-8", where)
    width = max((len(row) for row in head), default=1) or 1
    table = Table(where.file, None, _columns_from_records(head, width))  # the user's file, not the converted copy
    names = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
    quote = '"'
    sql = (
        "SELECT row_number() OVER () - 1 AS pos, * FROM read_csv("
        f"'{_quoted(path)}', auto_detect = false, header = false, delim = '{_quoted(delimiter)}', "
        f"quote = '{quote}', escape = '{quote}', null_padding = true, parallel = false, strict_mode = false, "
        f"max_line_size = {16 << 20}, skip = {{skip}}, columns = {{{{{names}}}}})"
    )
    shown = "\\t" if delimiter == "\t" else delimiter
    note = Note("note.csv_format", {"file": where.file, "encoding": encoding, "delimiter": shown})
    return table, _Source(sql, None, path.stat().st_size, path, delimiter), {}, [note]


def _to_utf8(path: Path, encoding: str, target: Path) -> Path:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    with path.open("rb") as source, target.open("w", encoding="utf-8", newline="") as out:
        while piece := source.read(16 << 20):
            out.write(decoder.decode(piece))
        out.write(decoder.decode(b"", final=True))
    return target


def _parquet_source(con, path: Path, where: Location):
    import pyarrow.parquet as pq

    from .limits import PART_RATIO_MAX
    from .parquet_size import written_out

    # Its values counted from their codes first (1.2 s for 20M lines): a file of repeats that
    # writes out to hundreds of times its size would keep DuckDB busy for hours.
    try:
        size, values = path.stat().st_size, written_out(path)
        file = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:  # a footer or a page that does not decode
        raise KeyClientsError("file.damaged", where) from exc
    if values > PART_RATIO_MAX * size:
        params = {"size": Size(values), "ratio": Amount(values / max(size, 1)), "limit": PART_RATIO_MAX}
        raise KeyClientsError("file.parquet_bomb", where, params)
    first = next(file.iter_batches(batch_size=100), None)
    names = file.schema_arrow.names
    try:  # as the small-file path takes them: bytes as UTF-8 text (columns.plain_text)
        columns = [plain_text(first.column(i)) if first is not None else pa.nulls(0) for i in range(len(names))]
    except pa.ArrowInvalid as exc:
        raise KeyClientsError("file.damaged", where) from exc
    table = Table(path.name, None, columns, lead=[list(names)])
    # A dictionary-coded column (pandas writes a category so) as its values, as plain_text takes it.
    kinds = [_value_type(file.schema_arrow.field(i).type) for i in range(len(names))]
    typed = {i: pa.large_string() if is_bytes_type(kind) else kind for i, kind in enumerate(kinds)}
    selected = ", ".join(
        f'{"decode" if is_bytes_type(kind) else ""}("{name}") AS c{i}'  # decode: bytes that are not UTF-8 fail
        for i, (name, kind) in enumerate(zip(names, kinds, strict=True))
    )
    # The file's own row numbers: row_number() OVER () ran the whole read and clean on one thread.
    sql = f"SELECT file_row_number AS pos, {selected} FROM read_parquet('{_quoted(path)}', file_row_number = true)"
    return table, _Source(sql, 1, path.stat().st_size), typed, []


def _value_type(kind: pa.DataType) -> pa.DataType:
    return kind.value_type if pa.types.is_dictionary(kind) else kind


def _text(col: int, typed: dict) -> str:
    return f"c{col}" if _is_text(col, typed) else f"CAST(c{col} AS VARCHAR)"


def _is_text(col: int, typed: dict) -> bool:
    return col not in typed or is_text_type(typed[col])


def _raw_cell(col: int, typed: dict, number_cols: list[int], date_cols: list[int]) -> str:
    """A wanted column's cells in `raw` (t{col}): as text, except a typed number column's numbers
    and a typed date column's days, kept as they are. As text, 20M of them are gigabytes more
    for DuckDB to spill; only a bad cell's check reads them (_check_numbers casts)."""
    kind = typed.get(col)
    if kind is None or is_text_type(kind):
        return _text(col, typed)
    if col in number_cols and is_number_type(kind):
        return f"c{col}"
    if col in date_cols and (pa.types.is_timestamp(kind) or pa.types.is_date(kind)):
        return f"c{col}"
    return _text(col, typed)


def _fetch_arrow(con, sql: str) -> pa.Table:
    return con.sql(sql).to_arrow_table()


def _labels(con, col: int, name: str, header: str | None = None) -> pd.Series:
    """The column's distinct cells cleaned once (text_cells), registered as `name`(raw, id[, is_header]).

    Returns the clean labels by id (several raw spellings may share one)."""
    values = _fetch_arrow(con, f"SELECT DISTINCT t{col} AS raw FROM raw").column("raw").to_pylist()
    clean = text_cells(pd.Series(values, dtype=object))
    codes, uniques = pd.factorize(clean, use_na_sentinel=True)
    mapping = pd.DataFrame({"raw": pd.Series(values, dtype=object), "id": codes.astype("int32")})
    if header is not None:
        mapping["is_header"] = _normalised_equals(clean.to_numpy(dtype=object), header)
    con.register(name, pa.Table.from_pandas(mapping, preserve_index=False))
    return pd.Series(uniques, dtype=object)


def _read_long(con, sheet, header_row, roles, dropped, typed, notes, source, lines_max) -> Export:
    file = sheet.file
    headers = _headers(sheet, header_row)
    notes = list(notes)
    name_col, code_col = roles.get("client"), roles.get("client_code")
    shown_col = name_col if name_col is not None else code_col
    has_code = code_col is not None and name_col is not None
    label_cols = range(max(c for c in (name_col, code_col) if c is not None) + 1)
    amount_cols = [roles["amount"]] if "amount" in roles else [roles["quantity"], roles["price"]]
    amount_cols += [roles["returns"]] if "returns" in roles else []
    numeric = [r for r in NUMERIC_ROLES if r in roles]
    text_roles = [r for r in (*TEXT_ROLES, "status", *FLAG_ROLES, "document") if r in roles]
    date_cols = [roles[r] for r in ("date", "payment_date") if r in roles]
    wanted = sorted({shown_col, *([code_col] if has_code else []), *amount_cols, *date_cols,
                     *(roles[r] for r in numeric), *(roles[r] for r in text_roles)})  # fmt: skip
    totals = " OR ".join(f"coalesce(regexp_matches({_text(c, typed)}, '{TOTAL_ROW_RE2}'), false)" for c in label_cols)
    # As layout._read_long: a period's total in the date column ('08.2026 Итог').
    date_col = roles["date"]
    for pattern in (TOTAL_ROW_RE2, PERIOD_TOTAL_RE2):
        totals += f" OR coalesce(regexp_matches({_text(date_col, typed)}, '{pattern}'), false)"
    empty = " AND ".join(f"c{c} IS NULL" for c in range(sheet.table.width))
    number_cols = sorted({*amount_cols, *(roles[r] for r in numeric)})
    ends = [c for c in label_cols if _is_text(c, typed)]  # where Excel's 'ООО Ромашка Итог' may stand
    values = {c: _typed_number(c, typed) or f"kc_trimmed_number(n{c})" for c in number_cols}
    trimmed = "".join(f", kc_trim(c{c}) AS n{c}" for c in number_cols if _is_text(c, typed))
    # One pass over the file: the cells that matter, as text, their numbers, and the noise flags.
    con.execute(
        "CREATE TEMP TABLE raw AS SELECT pos, "
        + ", ".join(f"{_raw_cell(c, typed, number_cols, date_cols)} AS t{c}" for c in wanted)
        + "".join(f", c{c} AS d{c}" for c in date_cols if not _is_text(c, typed))
        + "".join(f", {sql} AS v{c}" for c, sql in values.items())
        + "".join(f", CASE WHEN regexp_matches(c{c}, '{SUBTOTAL_LABEL_RE2}') THEN c{c} END AS e{c}" for c in ends)
        + f", ({totals}) AS total, ({empty}) AS blank_row FROM (SELECT *{trimmed} FROM body)"
    )
    _excel_subtotals(con, ends, wanted)
    english = english_numbers(headers, source.delimiter or None)
    shown = _labels(con, shown_col, "m_shown", headers[shown_col])
    code = _labels(con, code_col, "m_code") if has_code else None
    if "amount" in roles:
        amount = f"v{roles['amount']}"
    else:
        amount = f"(v{roles['quantity']} * v{roles['price']} + 0.0)"  # no -0.0, as on the small-file path
        notes.append(Note("note.amount_from_qty_price", {"file": file}))
    if "returns" in roles:  # as layout.less_returns: subtracted, a line of returns only a negative line
        returned = f"v{roles['returns']}"
        amount = (
            f"(CASE WHEN {amount} IS NULL AND {returned} IS NULL THEN NULL "
            f"ELSE coalesce({amount}, 0) - abs(coalesce({returned}, 0)) + 0.0 END)"
        )
    date_col = roles["date"]
    if _is_text(date_col, typed):
        date_blank = f"kc_blank(t{date_col})"
    elif is_number_type(typed[date_col]):  # Excel serial days
        date_blank = f"d{date_col} IS NULL"
    else:
        date_blank = f"kc_day(d{date_col}) IS NULL"
    con.execute(f"""
        CREATE TEMP VIEW rows AS
        SELECT r.*, coalesce(s.id, -1) AS shown_id, coalesce(s.is_header, false) AS header_again,
               {"coalesce(k.id, -1)" if has_code else "-1"} AS code_id, {amount} AS amount_value,
               {date_blank} AS date_blank
        FROM raw r LEFT JOIN m_shown s ON s.raw IS NOT DISTINCT FROM r.t{shown_col}
        {f"LEFT JOIN m_code k ON k.raw IS NOT DISTINCT FROM r.t{code_col}" if has_code else ""}
    """)
    keep = "NOT (header_again OR (total AND NOT header_again) OR blank_row)"
    for col in amount_cols:
        _check_numbers(con, sheet, col, typed, headers, keep, source)
    line_like = f"{keep} AND amount_value IS NOT NULL AND NOT date_blank"
    has_client = "(shown_id >= 0 OR code_id >= 0)"
    # As layout._read_long: the amounts' clues from every row kept, the other numbers' from the lines
    on_lines = {roles[r] for r in numeric}
    read_at = {c: "rows" if c in on_lines else "raw" for c in number_cols if _is_text(c, typed)}
    marks = _group_marks(con, read_at, english, f"{line_like} AND {has_client}")
    for col, group in marks.items():  # '12,345' → 12345 where the column groups thousands with ','
        one_group = _quoted(ONE_GROUP[group.mark])
        con.execute(f"""UPDATE raw SET v{col} = kc_number(regexp_replace(t{col}, '{one_group}', '{REGROUPED}', 'g'))
                        WHERE regexp_matches(t{col}, '{one_group}')""")
    day_first = assumed_day_first(headers)
    day, order_note = _days(
        con, sheet, date_col, typed, headers[date_col], source, line_like, "m_day", "rows", day_first
    )
    notes += [order_note] if order_note else []
    if has_code:  # where layout._read_long says it: after the dates, before the numbers' marks
        notes.append(Note("note.codes_decide", {"file": file, "code": headers[code_col], "name": headers[name_col]}))
    in_order = [roles[r] for r in ("amount", *NUMERIC_ROLES) if r in roles]  # as layout._read_long says them
    notes += [group_mark_note(file, headers[c], marks[c]) for c in in_order if c in marks]
    labels = {role: _labels(con, roles[role], f"m_{role}") for role in text_roles}
    joins = "".join(f" LEFT JOIN m_{r} j_{r} ON j_{r}.raw IS NOT DISTINCT FROM w.t{roles[r]}" for r in text_roles)
    picks = "".join(f", coalesce(j_{r}.id, -1) AS id_{r}" for r in text_roles)
    dropped_ids = ""
    if "status" in roles:
        verdict = is_dropped_status(labels["status"], dropped).to_numpy()
        dropped_ids = ", ".join(str(i) for i in np.flatnonzero(verdict)) or "-2"
    dropped_flag = f", coalesce(j_status.id, -1) IN ({dropped_ids}) AS dropped" if dropped_ids else ""
    # The labels' texts stay behind: their ids stand for them (20M texts are gigabytes for DuckDB to spill).
    label_texts = ", ".join(f"t{c}" for c in sorted({shown_col, *([code_col] if has_code else []),
                                                     *(roles[r] for r in text_roles)}))  # fmt: skip
    con.execute(f"""
        CREATE TEMP TABLE lines AS
        SELECT w.* EXCLUDE ({label_texts}), d.day AS day{picks}{dropped_flag}
        FROM (SELECT * FROM rows WHERE {line_like} AND {has_client}) w
        LEFT JOIN m_day d ON d.raw IS NOT DISTINCT FROM {day.format(table="w")}{joins}
    """)
    for role in numeric:
        _check_numbers(con, sheet, roles[role], typed, headers, "true", source, table="lines")
    count = con.execute("SELECT count(*) FROM lines").fetchall()[0][0]
    paid_early = "payment_date" in roles and count <= lines_max
    if paid_early:  # as layout._read_long: on every line, before any is dropped (its day may prove the order)
        paid = roles["payment_date"]
        _days(con, sheet, paid, typed, headers[paid], source, "true", "m_paid", "lines", day_first)
    per_document = repeats_document_total(headers, roles)
    if per_document:  # as layout._read_long: a document's total on each of its lines, taken on its first only
        key = f"shown_id, code_id, day, {'id_document, ' if 'document' in roles else ''}amount_value"
        lines_in, documents = con.execute(
            f"SELECT count(*), (SELECT count(*) FROM (SELECT DISTINCT {key} FROM lines)) FROM lines"
        ).fetchall()[0]
        con.execute("ALTER TABLE lines ADD COLUMN doc_total DOUBLE")
        con.execute(f"""UPDATE lines SET doc_total = amount_value, amount_value = CASE WHEN pos IN (
                        SELECT pos FROM (SELECT pos, row_number() OVER (PARTITION BY {key} ORDER BY pos) AS n
                        FROM lines) WHERE n > 1) THEN 0.0 ELSE amount_value END""")
        notes.append(document_total_note(file, headers, roles, int(documents), int(lines_in - documents)))
    subtotals = _drop_client_subtotals(con) if "sku" in roles else 0
    rows, repeated, total_rows, like, no_client, no_client_amount = con.execute(f"""
        SELECT count(*), count(*) FILTER (WHERE header_again), count(*) FILTER (WHERE total AND NOT header_again),
               count(*) FILTER (WHERE {line_like}), count(*) FILTER (WHERE {line_like} AND NOT {has_client}),
               coalesce(sum(amount_value) FILTER (WHERE {line_like} AND NOT {has_client}), 0)
        FROM rows""").fetchall()[0]
    if "status" in roles:
        table = con.execute("""
            SELECT id_status, count(*) AS lines, sum(amount_value) AS amount, bool_or(dropped) AS dropped,
                   min(pos) AS first FROM lines GROUP BY id_status ORDER BY lines DESC, first""").df()
        table["status"] = [labels["status"][int(i)] if i >= 0 else "—" for i in table["id_status"]]
        notes.append(_status_note_from_table(file, headers[roles["status"]], table.set_index("status")))
        con.execute("DELETE FROM lines WHERE dropped")
    for role in (r for r in FLAG_ROLES if r in roles):  # as layout._read_long: marked for deletion, not posted
        off = f"id_{role} IN ({_ids(not_shipped(labels[role], role))})"
        lines_off, amount_off = _lines_and_sum(con, off)
        if lines_off:
            notes.append(_flag_note(file, headers[roles[role]], role, lines_off, amount_off))
            con.execute(f"DELETE FROM lines WHERE {off}")
    if "returns" in roles:
        returned = f"abs(coalesce(v{roles['returns']}, 0))"
        lines_returned, amount_returned = _lines_and_sum(con, f"{returned} <> 0", returned)
        if lines_returned:
            notes.append(_returns_column_note(file, headers[roles["returns"]], lines_returned, amount_returned))
    if "document" in roles:  # as layout._read_long: a customer's return given with a positive amount
        sold = "doc_total" if per_document else "amount_value"  # a document's total decides its lines' sign
        returned = f"id_document IN ({_ids(is_return_document(labels['document']))}) AND {sold} > 0"
        lines_returned, amount_returned = _lines_and_sum(con, returned)
        if lines_returned:
            notes.append(_returns_note(file, headers[roles["document"]], lines_returned, amount_returned))
            signed = ["amount_value", *(f"v{roles[r]}" for r in SIGNED_ROLES if r != "amount" and r in roles)]
            con.execute(f"UPDATE lines SET {', '.join(f'{c} = -{c}' for c in signed)} WHERE {returned}")
    if no_client:
        missing = {"file": file, "tokens": Note("note.missing_tokens"), "lines": Count(int(no_client), "line")}
        notes.append(Note("note.no_client", {**missing, "amount": Amount(float(no_client_amount))}))
    notes += _not_found_note(con, sheet, [c for c in amount_cols if _is_text(c, typed)], keep, has_client, source)
    groups = rows - like + subtotals - total_rows - repeated + source.blank_lines()
    notes += _noise_notes(file, total_rows, groups, repeated)
    notes.insert(0, layout_note(file, header_row, headers, roles))
    notes[1:1] = partner_note(file, headers, roles)

    count = con.execute("SELECT count(*) FROM lines").fetchall()[0][0]
    if "payment_date" in roles and count <= lines_max and not paid_early:  # fewer lines once some dropped
        paid = roles["payment_date"]
        _days(con, sheet, paid, typed, headers[paid], source, "true", "m_paid", "lines", day_first)
    labels |= {"client": shown, "client_code": code}
    frame, unit_notes = in_roubles(_frame(con, roles, typed, labels, count > lines_max), sheet, header_row, roles, file)
    notes += unit_notes
    if per_document:  # as layout._read_long: no money per product
        frame = frame.drop(columns="sku", errors="ignore")
    days = (
        f"SELECT min(d.day), max(d.day) FROM (SELECT * FROM rows WHERE {line_like}) w "
        f"LEFT JOIN m_day d ON d.raw IS NOT DISTINCT FROM {day.format(table='w')}"
    )
    start, end = con.execute(days).fetchall()[0]
    data_start, data_end = covered(
        pd.Timestamp(start) if start is not None else None,
        pd.Timestamp(end) if end is not None else None,
        _title_period(sheet, header_row),
    )
    notes.append(
        Note("note.read_by_duckdb", {"file": file, "lines": Count(int(rows), "line"), "size": Size(source.size)})
    )
    if count > lines_max:
        params = {"file": file, "lines": Count(int(count), "line"), "rows": Count(len(frame), "row")}
        notes.append(Note("note.lines_added_up", params))
    cyrillic = has_cyrillic(headers)
    return Export(
        frame, file, sheet.table.sheet, "long", header_row + 1, data_end, cyrillic, notes, data_start=data_start
    )


def _excel_subtotals(con, cols: list[int], wanted: list[int]) -> None:
    """Mark Excel's subtotal rows as totals, as columns.totals finds them: a label that ends with
    Итог / Total (kept in `e{col}`, empty elsewhere) and, without that word, names the label
    above it, blank cells skipped ('ООО Ромашка Итог' under 'ООО Ромашка'; 'Office Total' is a
    client). The labels above are read from `raw` for a column it holds, from the file again
    otherwise (only where such a label is)."""
    fold = "lower(kc_trim({}))"
    for col in cols:
        if not con.execute(f"SELECT count(e{col}) FROM raw").fetchall()[0][0]:
            continue
        above = "raw" if col in wanted else f"(SELECT pos, c{col} AS t{col} FROM body)"
        named = fold.format(f"regexp_replace(r.e{col}, '{SUBTOTAL_LABEL_RE2}', '')")
        con.execute(f"""UPDATE raw SET total = true WHERE pos IN (
                        SELECT r.pos FROM (SELECT pos, e{col} FROM raw WHERE e{col} IS NOT NULL) r
                        ASOF JOIN (SELECT pos, t{col} FROM {above} WHERE NOT kc_blank(t{col})) a ON r.pos > a.pos
                        WHERE {named} = {fold.format(f"a.t{col}")})""")


def _drop_client_subtotals(con) -> int:
    """Delete the clients' dated subtotal lines from `lines`, by layout._client_subtotals' rule
    over the lines in the file's order; returns how many."""
    no_sku = con.execute("SELECT count(*) FILTER (WHERE id_sku < 0), count(*) FROM lines").fetchall()[0]
    if no_sku[0] < 2 or no_sku[0] == no_sku[1]:  # a rule that needs two subtotals, and products beside them
        return 0
    # A run, a client's consecutive lines, is an island: the line's place in the file less its
    # place among its client's lines is the same along it (-1, no name, is a client as in memory).
    # Each run's figures in one pass (17 s of CPU for 20M lines; a join back to them took 26 s).
    con.execute("""
        CREATE TEMP TABLE subtotal_runs AS
        WITH runs AS (
            SELECT pos, shown_id, id_sku < 0 AS no_sku, amount_value AS amount, day,
                   row_number() OVER (ORDER BY pos) - row_number() OVER (PARTITION BY shown_id ORDER BY pos) AS island
            FROM lines)
        SELECT shown_id, count(*) FILTER (WHERE no_sku) AS counts, count(*) FILTER (WHERE NOT no_sku) AS others,
               coalesce(sum(amount) FILTER (WHERE NOT no_sku), 0) AS with_sku,
               coalesce(sum(amount) FILTER (WHERE no_sku), 0) AS without,
               min(day) FILTER (WHERE NOT no_sku) AS first_day, max(day) FILTER (WHERE NOT no_sku) AS last_day,
               min(pos) AS first_pos, max(pos) AS last_pos,
               max(pos) FILTER (WHERE no_sku) AS line_pos, max(day) FILTER (WHERE no_sku) AS line_day
        FROM runs GROUP BY shown_id, island""")
    # The one line without a product, first or last, of its products' first or last day, holding their sum.
    subtotal = """counts = 1 AND others >= 2 AND shown_id >= 0 AND line_pos IN (first_pos, last_pos)
                  AND (line_day = first_day OR line_day = last_day)
                  AND abs(without - with_sku) <= 0.005 + 1e-9 * abs(with_sku)"""
    found, runs_of_two = con.execute(
        f"SELECT count(*) FILTER (WHERE {subtotal}), count(*) FILTER (WHERE others >= 2) FROM subtotal_runs"
    ).fetchall()[0]
    # A report that prints subtotals prints them for every client: half the runs of two lines or more.
    if found < max(2, 0.5 * runs_of_two):
        return 0
    con.execute(f"DELETE FROM lines WHERE pos IN (SELECT line_pos FROM subtotal_runs WHERE {subtotal})")
    return int(found)


def _ids(verdict: pd.Series) -> str:
    """The label ids (positions in the labels) where `verdict` holds, for `IN (…)`; -2 matches none."""
    return ", ".join(str(i) for i in np.flatnonzero(verdict.to_numpy())) or "-2"


def _group_marks(con, read_at: dict[int, str], english: bool, lines: str) -> dict[int, GroupMark]:
    """The columns whose open cells ('12,345') the file's mark groups (values.file_mark), each with
    how: the clues of every text column of numbers, read where `read_at` says ('raw': every row
    but totals and blank ones; 'rows': the `lines` only), each pattern looked for by DuckDB only
    in the cells it can find (a proof has a point or two commas: a Russian file has few), in one
    pass; then, where the file has a mark, the cells it changes, in a second."""
    text_cols = list(read_at)
    could = {ONE_GROUP["."]: "{t} LIKE '%.%'", ONE_GROUP[","]: "{t} LIKE '%,%'", DECIMAL_COMMA: "{t} LIKE '%,%'"}
    proof_cells = "({t} LIKE '%.%' OR {t} LIKE '%,%,%')"
    found: dict[tuple[int, str], str | None] = {}

    def look_for(patterns: dict[int, list[str]]) -> None:
        # The rows the memory path reads its clues from: no totals row, no blank one; the lines.
        for table, where in (("raw", "NOT total AND NOT blank_row"), ("rows", lines)):
            picks = [(c, p) for c, ps in patterns.items() for p in ps if read_at[c] == table]
            if not picks:
                continue
            firsts = ", ".join(
                f"arg_min(t{c}, pos) FILTER (WHERE {could.get(p, proof_cells).format(t=f't{c}')} "
                f"AND regexp_matches(t{c}, '{_quoted(p)}'))"
                for c, p in picks
            )
            row = con.execute(f"SELECT {firsts} FROM {table} WHERE {where}").fetchall()[0]
            found.update(zip(picks, [None if t is None else t.strip() for t in row], strict=True))

    look_for({c: [*GROUPS_PROVED.values(), *([DECIMAL_COMMA] if english else [])] for c in text_cols})

    def decimal_comma() -> str | None:  # asked only where it decides (values.file_mark)
        look_for({c: [DECIMAL_COMMA] for c in text_cols})
        return next(filter(None, (found[(c, DECIMAL_COMMA)] for c in text_cols)), None)

    clues = [mark_clues(lambda p, c=c: found.get((c, p))) for c in text_cols]
    mark = file_mark(clues, english, None if english else decimal_comma)
    if mark is None:
        return {}
    look_for({c: [ONE_GROUP[mark[0]]] for c in text_cols})
    examples = {c: found[(c, ONE_GROUP[mark[0]])] for c in text_cols}
    return {c: GroupMark(mark[0], mark[1], example) for c, example in examples.items() if example is not None}


def _not_found_note(con, sheet, text_cols: list[int], keep: str, has_client: str, source) -> list[Note]:
    """Lines with a client and a date whose amount is #N/A, as layout._not_found_note finds them."""
    if not text_cols:  # a typed number is never #N/A
        return []
    tokens = ", ".join(f"'{_quoted(token)}'" for token in NOT_FOUND)
    found = " OR ".join(f"lower(kc_trim(t{c})) IN ({tokens})" for c in text_cols)
    lines, first = con.execute(f"""
        SELECT count(*), min(pos) FROM rows
        WHERE {keep} AND NOT date_blank AND amount_value IS NULL AND {has_client} AND ({found})""").fetchall()[0]
    if not lines:
        return []
    params = {"file": sheet.file, "lines": Count(int(lines), "line"), "row": source.row(first) + 1}
    return [Note("note.amount_not_found", params)]


def _check_numbers(con, sheet, col, typed, headers, where, source, table="rows") -> None:
    """The first cell of a number column that is not a number (or is infinite or huge), named as the
    small-file path names it: a typed cell by its own value (True, not DuckDB's 'true').
    Each test starts with `v IS NULL`: DuckDB skips the stored row groups that have none."""
    if _is_text(col, typed):
        bad_cell = f"v{col} IS NULL AND NOT kc_blank(t{col})"
    elif is_number_type(typed[col]):
        number = f"TRY_CAST(t{col} AS DOUBLE)"  # the cell as it is (_raw_cell)
        bad_cell = f"v{col} IS NULL AND (isinf({number}) OR (isfinite({number}) AND abs({number}) >= {NUMBER_LIMIT}))"
    else:  # booleans, dates …: any cell
        bad_cell = f"t{col} IS NOT NULL"
    bad = con.execute(f"SELECT pos, t{col} FROM {table} WHERE {where} AND {bad_cell} ORDER BY pos LIMIT 1").fetchall()
    if bad:
        pos, value = bad[0]
        if not _is_text(col, typed):
            value = con.execute(f"SELECT c{col} FROM body WHERE pos = ?", [pos]).fetchall()[0][0]
        at = sheet.where(source.row(pos), col, headers[col])
        raise KeyClientsError(number_error(value), at, {"value": value})


def _typed_number(col: int, typed: dict) -> str | None:
    """A typed number column's values (NaN is an empty cell, as in the small-file path; infinity is
    a bad one); None for text.
    Booleans and dates are not numbers: NULL, and _check_numbers names the first."""
    kind = typed.get(col)
    if kind is None or is_text_type(kind):
        return None
    if is_number_type(kind):  # NaN, infinity and huge numbers as NULL; _check_numbers tells the last two apart
        # Not isnan(): DuckDB 2.0 says false for the NaN that pandas writes to Parquet.
        number = f"CAST(c{col} AS DOUBLE)"
        return f"CASE WHEN isfinite({number}) AND abs({number}) < {NUMBER_LIMIT} THEN {number} + 0.0 END"
    return "CAST(NULL AS DOUBLE)"


def _days(
    con, sheet, col, typed, header, source, where, name, table="rows", day_first=False
) -> tuple[str, Note | None]:
    """Register `name`(raw, day) for a date column, each distinct day cleaned once by `values.parse_dates`
    (`day_first`: the order of a/b/yyyy days when none proves one).

    Returns the SQL of the join key (with `{table}` for the alias) and the date order note."""
    from .values import MixedDateOrder

    kind = typed.get(col)
    if kind is not None and (pa.types.is_timestamp(kind) or pa.types.is_date(kind)):
        # The distinct days, kept (a few thousand rows): checked, then joined, without another pass.
        con.execute(f"CREATE TEMP TABLE {name} AS SELECT DISTINCT CAST(d{col} AS DATE) AS raw, "
                    f"kc_day(d{col}) AS day FROM {table} WHERE {where}")  # fmt: skip
        if con.execute(f"SELECT count(*) FROM {name} WHERE NOT day {_DAYS_HELD}").fetchall()[0][0]:
            # a year like 9999, which the small-file path cannot hold either: its first cell named
            pos = con.execute(f"SELECT pos FROM {table} WHERE {where} AND NOT kc_day(d{col}) {_DAYS_HELD} "
                              "ORDER BY pos LIMIT 1").fetchall()[0][0]  # fmt: skip
            value = con.execute(f"SELECT c{col} FROM body WHERE pos = ?", [pos]).fetchall()[0][0]
            at = sheet.where(source.row(pos), col, header)
            raise KeyClientsError("error.bad_date", at, {"value": value})
        return f"CAST({{table}}.d{col} AS DATE)", None
    if kind is not None and not is_text_type(kind):  # numbers: Excel serial days
        key = f"CAST({{table}}.t{col} AS DOUBLE)"
        values = con.execute(f"SELECT DISTINCT CAST(t{col} AS DOUBLE) AS raw FROM {table} WHERE {where}").df()["raw"]
        values = values.astype(object)
    else:
        key = f"regexp_replace(kc_trim({{table}}.t{col}), '[ T].*$', '')"
        day = f"regexp_replace(kc_trim(t{col}), '[ T].*$', '')"
        # In the order first met, as the small-file path meets them: the date-order note cites the same day.
        values = con.execute(
            f"SELECT {day} AS raw FROM {table} WHERE {where} AND NOT kc_blank(t{col}) GROUP BY raw ORDER BY min(pos)"
        ).df()
        values = values["raw"].astype(object)
    try:
        parsed, bad, order = parse_dates(values, day_first)
    except MixedDateOrder as mixed:
        first = f"SELECT min(pos) FROM {table} WHERE {where} AND starts_with(kc_trim(t{col}), ?)"
        found = (con.execute(first, [example]).fetchall()[0][0] for example in mixed.examples())
        rows = tuple(None if pos is None else source.row(pos) for pos in found)
        raise mixed_order_error(mixed, rows, lambda row: sheet.where(row, col, header)) from None
    if bad.any():
        value = values.iloc[int(np.argmax(bad))]
        first = con.execute(
            f"SELECT pos, t{col} FROM {table} WHERE {where} AND {key.format(table=table)} IS NOT DISTINCT FROM ? "
            "ORDER BY pos LIMIT 1",
            [value],
        ).fetchall()[0]
        at = sheet.where(source.row(first[0]), col, header)
        raise KeyClientsError("error.bad_date", at, {"value": first[1]})
    mapping = pa.table({"raw": pa.array(values.tolist()), "day": pa.array(parsed.astype("datetime64[ms]"))})
    con.register(name, mapping)
    return key, _date_order_note(sheet.file, header, order)


def _lines_and_sum(con, where: str, value: str = "amount_value") -> tuple[int, float]:
    """How many of the lines `where` holds, and the sum of their `value`."""
    return con.execute(f"SELECT count(*), coalesce(sum({value}), 0) FROM lines WHERE {where}").fetchall()[0]


def _frame(con, roles, typed, labels, add_up: bool) -> pd.DataFrame:
    """The lines as the small-file path's frame (labels shared, not one string per line), or added up."""
    numeric = [r for r in NUMERIC_ROLES if r in roles]
    text = [r for r in TEXT_ROLES if r in roles]
    status = ["status"] if "status" in roles else []
    if not add_up:
        paid = "payment_date" in roles
        joins = (
            f" LEFT JOIN m_paid p ON p.raw IS NOT DISTINCT FROM "
            f"{_paid_key(roles['payment_date'], typed).format(table='l')}"
            if paid
            else ""
        )
        sql = (  # each column named by its table: m_paid has a `day` too
            "SELECT l.shown_id, l.code_id, l.day, l.amount_value AS amount"
            + "".join(f", l.v{roles[r]} AS {r}" for r in numeric)
            + "".join(f", l.id_{r}" for r in text + status)
            + (", p.day AS payment_date" if paid else "")
            + f" FROM lines l{joins} ORDER BY l.pos"
        )
    else:
        summed = [r for r in numeric if r in ("quantity", "cost", "gross_profit")]
        kept = [r for r in text if r == "manager"]
        group = ["shown_id", "code_id", "day", *(f"id_{r}" for r in kept + status), "amount_value < 0"]
        sql = (
            "SELECT shown_id, code_id, day, sum(amount_value) AS amount"
            + "".join(f", sum(v{roles[r]}) AS {r}" for r in summed)
            + "".join(f", id_{r}" for r in kept + status)
            + f", min(pos) AS first FROM lines GROUP BY {', '.join(group)} ORDER BY first"
        )
        numeric, text = summed, kept
    result = _fetch_arrow(con, sql)
    frame = pd.DataFrame({"client": _take(labels["client"], result.column("shown_id"))})
    frame["date"] = _dates(result.column("day"))
    frame["amount"] = result.column("amount").to_numpy(zero_copy_only=False).astype("float64")
    if labels.get("client_code") is not None:
        frame["client_code"] = _take(labels["client_code"], result.column("code_id"))
        frame["client"] = frame["client"].fillna(frame["client_code"])
    for role in numeric:
        frame[role] = result.column(role).to_numpy(zero_copy_only=False).astype("float64")
    for role in text:
        frame[role] = _take(labels[role], result.column(f"id_{role}"))
    if "payment_date" in result.column_names:
        frame["payment_date"] = _dates(result.column("payment_date"))
    for role in status:
        frame[role] = _take(labels[role], result.column(f"id_{role}"))
    return frame.assign(month=frame["date"].dt.to_period("M"))


def _paid_key(col: int, typed: dict) -> str:
    kind = typed.get(col)
    if kind is not None and (pa.types.is_timestamp(kind) or pa.types.is_date(kind)):
        return f"CAST({{table}}.d{col} AS DATE)"
    if kind is not None and not is_text_type(kind):
        return f"CAST({{table}}.t{col} AS DOUBLE)"
    return f"regexp_replace(kc_trim({{table}}.t{col}), '[ T].*$', '')"


def _dates(column) -> np.ndarray:
    return pd.to_datetime(column.to_pandas(), errors="coerce").to_numpy(dtype="datetime64[ns]")


def _take(uniques: pd.Series | None, ids) -> pd.Series:
    codes = ids.to_numpy(zero_copy_only=False).astype(np.int64)
    table = np.append(uniques.to_numpy(dtype=object) if uniques is not None else np.array([], dtype=object), None)
    return pd.Series(table[codes], dtype=object)
