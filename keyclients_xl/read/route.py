"""Which reader takes an export: the columns in memory, or DuckDB out of core (read/big.py).

Chosen by size before anything is read, in a module of its own: deciding imports neither
pandas nor DuckDB.
"""

from __future__ import annotations

from pathlib import Path

BIG_TEXT_BYTES = 512 << 20  # a CSV larger than this is read by DuckDB
BIG_PARQUET_ROWS = 5_000_000  # a Parquet file with more rows is read by DuckDB


def wants_duckdb(path: Path) -> bool:
    """Whether a file is big enough for DuckDB: a CSV over BIG_TEXT_BYTES, a Parquet file over BIG_PARQUET_ROWS."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt", ".tsv"):
            return path.stat().st_size > BIG_TEXT_BYTES
        if suffix in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows > BIG_PARQUET_ROWS
    except Exception:  # the ordinary reader names what is wrong with the file
        return False
    return False
