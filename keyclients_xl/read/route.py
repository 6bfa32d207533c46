"""Which reader takes an export: the columns in memory, or DuckDB out of core (read/big.py).

Chosen by size before anything is read, in a module of its own: deciding imports neither
pandas nor DuckDB.
"""

from __future__ import annotations

from pathlib import Path

BIG_TEXT_BYTES = 512 << 20  # a CSV larger than this is read by DuckDB
BIG_TEXT_LINES = 5_000_000  # and one of more lines, as estimated from its first MiB (LINE_SAMPLE)
BIG_PARQUET_ROWS = 5_000_000  # a Parquet file with more rows is read by DuckDB
LINE_SAMPLE = 1 << 20


def wants_duckdb(path: Path) -> bool:
    """Whether a file is big enough for DuckDB: a CSV over BIG_TEXT_BYTES or BIG_TEXT_LINES, a
    Parquet file over BIG_PARQUET_ROWS.

    Lines count as much as bytes: in memory a line costs about 200 bytes whatever its length, so
    a 373 MB CSV of 14 million short lines took 2.8 GB there.
    """
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt", ".tsv"):
            size = path.stat().st_size
            return size > BIG_TEXT_BYTES or estimated_lines(path, size) > BIG_TEXT_LINES
        if suffix in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows > BIG_PARQUET_ROWS
    except Exception:  # the ordinary reader names what is wrong with the file
        return False
    return False


def estimated_lines(path: Path, size: int) -> int:
    """The file's lines, as many per byte as in its first LINE_SAMPLE bytes (a quoted line break counts)."""
    with path.open("rb") as file:
        sample = file.read(LINE_SAMPLE)
    return size * sample.count(b"\n") // max(len(sample), 1)
