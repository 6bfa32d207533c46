"""Which reader takes an export: the columns in memory, or DuckDB out of core (read/big.py).

Chosen by size before anything is read, in a module of its own: deciding imports neither
pandas nor DuckDB.
"""

from __future__ import annotations

from pathlib import Path

BIG_TEXT_BYTES = 512 << 20  # a CSV larger than this is read by DuckDB
BIG_TEXT_LINES = 5_000_000  # and one of more lines, as estimated from its first MiB (LINE_SAMPLE)
BIG_TEXT_CELLS = 64_000_000  # or of more cells (lines × fields), estimated likewise
BIG_PARQUET_ROWS = 5_000_000  # a Parquet file with more rows is read by DuckDB
LINE_SAMPLE = 1 << 20


TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
PARQUET_SUFFIXES = (".parquet", ".pq")


def could_use_duckdb(path: Path) -> bool:
    """Whether DuckDB reads this kind of file when it is big (a CSV or a Parquet file)."""
    return path.suffix.lower() in TEXT_SUFFIXES + PARQUET_SUFFIXES


def wants_duckdb(path: Path) -> bool:
    """Whether a file is big enough for DuckDB: a CSV over BIG_TEXT_BYTES, BIG_TEXT_LINES or
    BIG_TEXT_CELLS, a Parquet file over BIG_PARQUET_ROWS.

    Lines and cells count as much as bytes: in memory a line costs about 200 bytes whatever its
    length, so a 373 MB CSV of 14 million short lines took 2.8 GB there; and every cell is
    held, used or not, so a 477 MB CSV of 2.5 million lines of 200 empty fields took 2.8 GB
    (through DuckDB, which reads only the columns it needs: 0.7 GB).
    """
    suffix = path.suffix.lower()
    try:
        if suffix in TEXT_SUFFIXES:
            size = path.stat().st_size
            if size > BIG_TEXT_BYTES:
                return True
            sample = _sample(path)
            lines = _lines_in(sample, size)
            return lines > BIG_TEXT_LINES or lines * _fields_in(sample) > BIG_TEXT_CELLS
        if suffix in PARQUET_SUFFIXES:
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows > BIG_PARQUET_ROWS
    except Exception:  # the ordinary reader names what is wrong with the file
        return False
    return False


def estimated_lines(path: Path, size: int) -> int:
    """The file's lines, as many per byte as in its first LINE_SAMPLE bytes (a quoted line break counts)."""
    return _lines_in(_sample(path), size)


def estimated_fields(path: Path) -> int:
    """Fields per line in the first LINE_SAMPLE bytes, split by the commonest of ';', ',' and tab
    (a delimiter inside quotes counts too: the estimate errs high, towards DuckDB)."""
    return _fields_in(_sample(path))


def _sample(path: Path) -> bytes:
    with path.open("rb") as file:
        return file.read(LINE_SAMPLE)


def _lines_in(sample: bytes, size: int) -> int:
    return size * sample.count(b"\n") // max(len(sample), 1)


def _fields_in(sample: bytes) -> int:
    lines = max(sample.count(b"\n"), 1)
    return 1 - (-max(sample.count(delimiter) for delimiter in (b";", b",", b"\t")) // lines)  # rounded up
