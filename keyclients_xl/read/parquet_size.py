"""How much a Parquet file's values take once written out, counted before they are.

A Parquet file states a value once, then how often it repeats (dictionary and run-length
encodings): 3 KB can hold 200,000 copies of a 1 MB text, 200 GB once written out, and a
few kilobytes of metadata can describe 2,000 columns of zeros. So text columns are read as a
dictionary and its codes (nothing is written out), the bytes the codes stand for are added up,
and fixed-width columns count their width in every row.

Not covered: a text column whose pages use DELTA_BYTE_ARRAY (each value a prefix of the last
plus a suffix) can still describe long distinct values in little space; pyarrow writes out
those values to read them. Exporters write dictionary or plain pages.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

OFFSET_BYTES = 8  # what each text value adds beside its bytes (a large_string offset)


def is_text(kind: pa.DataType) -> bool:
    """Text or binary, plain or dictionary-coded."""
    value = kind.value_type if pa.types.is_dictionary(kind) else kind
    return any(
        check(value)
        for check in (pa.types.is_string, pa.types.is_large_string, pa.types.is_binary, pa.types.is_large_binary)
    )


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


def written_out(path: Path) -> int:
    """Every flat column of the file written out, in bytes, counted one row group at a time
    (for a file too big to read whole: read/big.py)."""
    import pyarrow.parquet as pq

    file = pq.ParquetFile(path)
    flat = [field for field in file.schema_arrow if not pa.types.is_nested(field.type)]
    text = [field.name for field in flat if is_text(field.type)]
    total = fixed_bytes(pa.schema(flat), file.metadata.num_rows)
    if text:
        coded = pq.ParquetFile(path, read_dictionary=text)
        for group in range(file.metadata.num_row_groups):
            values = coded.read_row_group(group, columns=text)
            total += sum(text_bytes(column) for column in values.columns)
    return total
