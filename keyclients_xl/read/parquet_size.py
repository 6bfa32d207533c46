"""How much a Parquet file's values take once written out, counted before they are.

A Parquet file states a value once, then how often it repeats (dictionary and run-length
encodings): 3 KB can hold 200,000 copies of a 1 MB text, 200 GB once written out, and a
few kilobytes of metadata can describe 2,000 columns of zeros. So text columns are read as a
dictionary and its codes (nothing is written out), the bytes the codes stand for are added up,
and fixed-width columns count their width in every row.

A text column whose pages are delta-coded (DELTA_BYTE_ARRAY: each value a prefix of the last
plus a suffix; DELTA_LENGTH_BYTE_ARRAY), as Parquet 2.0 writers may write them, has no
dictionary for pyarrow to give, and a few bytes of it can still stand for long distinct values.
DuckDB adds up such a column's lengths instead, in C++, under its memory limit: 0.1 s for a
file whose 300,000 values write out to 2.9 GB, and a file of 200,000 values of 100 KB each
stops at the limit (an error, not gigabytes).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

OFFSET_BYTES = 8  # what each text value adds beside its bytes (a large_string offset)
DELTA_ENCODINGS = frozenset(("DELTA_BYTE_ARRAY", "DELTA_LENGTH_BYTE_ARRAY"))
# DuckDB measures those a vector of 2,048 values at a time, on one thread: a client's name of
# a few hundred bytes needs a megabyte, a value too long for this is no export's.
MEASURE_MEMORY_LIMIT = "128MB"


def is_text(kind: pa.DataType) -> bool:
    """Text or binary in any of Arrow's layouts (views too), plain or dictionary-coded."""
    from .columns import is_bytes_type, is_text_type

    value = kind.value_type if pa.types.is_dictionary(kind) else kind
    return is_text_type(value) or is_bytes_type(value)


def fixed_bytes(schema: pa.Schema, rows: int) -> int:
    """The bytes of the fixed-width columns (numbers, dates, booleans) over `rows` rows."""
    return rows * sum(-(-_bit_width(field.type) // 8) for field in schema)


def _bit_width(kind: pa.DataType) -> int:
    if pa.types.is_dictionary(kind):
        return _bit_width(kind.value_type)
    if pa.types.is_nested(kind):
        return 0
    try:
        return kind.bit_width
    except ValueError:  # text, binary: not of a fixed width
        return 0


def text_bytes(column: pa.ChunkedArray | pa.Array) -> int:
    """The bytes a text column takes once written out: a dictionary-coded one counted from its
    codes, a plain one (already written out) from its values. 0 for any other column."""
    if not is_text(column.type):
        return 0
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    total = 0
    for chunk in chunks:
        if pa.types.is_dictionary(chunk.type):
            lengths = pc.take(pc.binary_length(chunk.dictionary), chunk.indices)
        else:
            lengths = pc.binary_length(chunk)
        total += (pc.sum(lengths).as_py() or 0) + OFFSET_BYTES * len(chunk)
    return total


def delta_coded(file) -> list[str]:
    """The text columns of a pyarrow ParquetFile with delta-coded pages in any row group: they
    cannot be read as dictionary codes."""
    meta = file.metadata
    coded = {
        meta.row_group(group).column(column).path_in_schema
        for group in range(meta.num_row_groups)
        for column in range(meta.num_columns)
        if DELTA_ENCODINGS & set(meta.row_group(group).column(column).encodings)
    }
    return [field.name for field in file.schema_arrow if field.name in coded and is_text(field.type)]


def delta_text_bytes(path: Path, file, names: list[str]) -> int:
    """The bytes the delta-coded text columns `names` take once written out, added up by DuckDB
    (values and offsets, as text_bytes counts them). Raises duckdb.OutOfMemoryException when
    values too long for its memory limit would be written out to be measured."""
    import duckdb

    from .columns import is_bytes_type

    def length(name: str) -> str:
        quoted = '"' + name.replace('"', '""') + '"'
        measure = "octet_length" if is_bytes_type(file.schema_arrow.field(name).type) else "strlen"
        return f"coalesce(sum({measure}({quoted})), 0)"

    with duckdb.connect(config={"memory_limit": MEASURE_MEMORY_LIMIT, "threads": 1}) as con:
        con.execute("SET enable_progress_bar = false")
        sums = con.execute(f"SELECT {', '.join(map(length, names))}, count(*) FROM read_parquet(?)", [str(path)])
        *lengths, rows = sums.fetchone()
    return sum(lengths) + OFFSET_BYTES * rows * len(names)


def written_out(path: Path) -> int:
    """Every flat column of the file written out, in bytes, counted one row group at a time
    (for a file too big to read whole: read/big.py)."""
    import pyarrow.parquet as pq

    file = pq.ParquetFile(path)
    flat = [field for field in file.schema_arrow if not pa.types.is_nested(field.type)]
    delta = delta_coded(file)
    text = [field.name for field in flat if is_text(field.type) and field.name not in delta]
    total = fixed_bytes(pa.schema(flat), file.metadata.num_rows)
    if delta:
        total += delta_text_bytes(path, file, delta)
    if text:
        coded = pq.ParquetFile(path, read_dictionary=text)
        for group in range(file.metadata.num_row_groups):
            values = coded.read_row_group(group, columns=text)
            total += sum(text_bytes(column) for column in values.columns)
    return total
