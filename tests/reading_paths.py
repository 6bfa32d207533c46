"""One export read by both paths (read/big.py's DuckDB and the in-memory reader), for tests that compare them."""

from __future__ import annotations

from pathlib import Path

from keyclients_xl.errors import KeyClientsError
from keyclients_xl.read import read_exports

READER_NOTES = ("note.read_by_duckdb", "note.read_in_memory")  # which reader took the file


def read_both_ways(export: Path) -> list[tuple]:
    """[memory, duckdb]: each ("lines", the lines, their notes in English without the one that
    says which reader took the file) or ("error", the message in English)."""
    said = []
    for engine in ("memory", "duckdb"):
        try:
            shipments = read_exports([export], engine=engine)
        except KeyClientsError as error:
            said.append(("error", error.message("en")))
            continue
        notes = [note.text("en") for note in shipments.notes if note.key not in READER_NOTES]
        said.append(("lines", shipments.frame.reset_index(drop=True), notes))
    return said
