"""Read exports: files (or rows from an open sheet) → one tidy frame of shipments.

The files are read first, into Arrow columns; pandas and the cleaning modules are imported
after the first one: calamine's parse of a big workbook is a build's peak of memory, and what
is imported before it adds to that peak (docs/performance.md).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import KeyClientsError
from ..lazy import lazy_attributes
from .files import load_tables
from .notes import Note
from .route import could_use_duckdb, wants_duckdb

if TYPE_CHECKING:
    from .layout import Export
    from .shipments import Shipments

# Imported on first use (see above).
_API = {
    "Export": "layout",
    "SheetRows": "sources",
    "Shipments": "shipments",
    "combine": "shipments",
    "load_sheets": "sources",
    "parse_mapping": "headers",
    "read_input_sheets": "shipments",
    "read_rows": "layout",
}

__all__ = [
    "read_input_sheets",
    "Shipments",
    "SheetRows",
    "Export",
    "Note",
    "read_export",
    "read_exports",
    "combine",
    "parse_mapping",
    "load_sheets",
    "read_rows",
]

__getattr__, __dir__ = lazy_attributes(__name__, _API, globals())


ENGINES = ("auto", "memory", "duckdb")


def read_export(
    path: Path | str,
    columns: dict[str, str] | None = None,
    drop_status: tuple[str, ...] | None = None,
    engine: str = "auto",
) -> Export:
    """Read one file. In a workbook with several sheets, the first sheet (largest first) that parses wins.

    A file without shipments but with a client directory (codes → names) comes back as an
    Export of layout 'directory' whose `names` map the codes of the other exports.
    `engine`: 'memory' (the columns in memory), 'duckdb' (a CSV or Parquet file read out of
    core, read/big.py) or 'auto': DuckDB for a CSV or Parquet file too big for memory.
    """
    return read_export_sheets(path, columns, drop_status, engine)[0]


def read_export_sheets(
    path: Path | str,
    columns: dict[str, str] | None = None,
    drop_status: tuple[str, ...] | None = None,
    engine: str = "auto",
) -> list[Export]:
    """`read_export`, and in a workbook of a sheet per period (Август, Сентябрь, Октябрь: the same
    columns, months no other sheet has) every such sheet, in the workbook's order."""
    path = Path(path)
    exports = _read_sheets(path, columns, drop_status, engine)
    from .headers import is_returns_file

    if is_returns_file(path.name):  # as a «Возвраты» sheet is read, whichever reader took the file
        for export in exports:
            if not export.returns and export.layout != "directory":
                _as_returns(export, "note.returns_file", {"file": export.file})
    return exports


def _read_sheets(path: Path, columns, drop_status, engine: str) -> list[Export]:
    if engine == "duckdb" or (engine == "auto" and wants_duckdb(path)):
        from .big import read_big_export

        return [read_big_export(path, columns, drop_status)]
    loaded = load_tables(path)
    tables = sorted(loaded, key=lambda table: -table.cells())
    from .directory import is_no_sales_layout, read_directory
    from .layout import Export, read_table

    first_error = None
    no_layout = []  # the tables without a sales layout: one may be a client directory
    for i, table in enumerate(tables):
        try:
            export = read_table(table, columns, drop_status)
        except KeyClientsError as error:
            first_error = first_error or error
            no_layout += [table] if is_no_sales_layout(error) else []
            continue
        exports = [export]
        if len(tables) > 1:
            exports += _period_sheets(export, tables[i + 1 :], columns, drop_status)
            exports.sort(key=lambda e: [t.sheet for t in loaded].index(e.sheet))
            note = Note("note.sheet_picked", {"file": export.file, "sheet": table.sheet})
            if len(exports) > 1:
                sheets = ", ".join(f"«{e.sheet}»" for e in exports)
                note = Note("note.sheets_by_period", {"file": export.file, "sheets": sheets})
            exports[0].notes.insert(0, note)
            exports += _returns_sheets(exports, tables, columns, drop_status)
        if could_use_duckdb(path):  # which reader took it, as the DuckDB path says too
            exports[-1].notes.append(_read_in_memory(path))
        return exports
    for table in no_layout:
        names = read_directory(table.rows())
        if names:
            import pandas as pd

            return [Export(pd.DataFrame(), path.name, table.sheet, "directory", 1, None, False, names=names)]
    raise first_error


# A sheet of the customers' returns beside the sales' (1C users save them so): named for them.
RETURNS_SHEETS = ("возвраты", "возврат", "возвраты от покупателей", "возвраты покупателей", "returns", "sales returns")


def _returns_sheets(read: list[Export], tables: list, columns, drop_status) -> list[Export]:
    """The sheets named for returns (`Возвраты`) not read yet: their lines are the customers'
    returns, a positive amount counted with a minus (a negative one stays), with a note."""
    from .headers import normalise
    from .layout import read_table

    found = []
    for table in tables:
        if table.sheet in {e.sheet for e in read} or normalise(table.sheet) not in RETURNS_SHEETS:
            continue
        try:
            export = read_table(table, columns, drop_status)
        except KeyClientsError:
            continue
        found.append(_as_returns(export, "note.returns_sheet", {"file": export.file, "sheet": table.sheet}))
    return found


def _as_returns(export: Export, key: str, params: dict) -> Export:
    """The export's lines as customers' returns: a positive amount (and quantity, cost, profit)
    counts with a minus, a negative one stays (never turned twice); a note says how much."""
    from ..i18n import Amount, Count
    from .layout import SIGNED_ROLES

    frame, positive = export.frame, (export.frame["amount"] > 0).to_numpy()
    signed = [r for r in SIGNED_ROLES if r in frame]
    frame.loc[positive, signed] = -frame.loc[positive, signed]
    params = params | {"lines": Count(len(frame), "line"), "amount": Amount(float(-frame["amount"].sum()))}
    export.notes.append(Note(key, params))
    export.returns = True
    return export


def _period_sheets(first: Export, tables: list, columns, drop_status) -> list[Export]:
    """The other sheets laid out as `first` (the same layout and columns) whose months no sheet
    read so far has: a month per sheet. A copy of a sheet, or a summary of it, shares its months."""
    from .layout import read_table

    found, months = [], set(first.frame["month"].dropna())
    for table in tables:
        try:
            export = read_table(table, columns, drop_status)
        except KeyClientsError:
            continue
        own = set(export.frame["month"].dropna())
        if export.layout != first.layout or list(export.frame.columns) != list(first.frame.columns):
            continue
        if own and not own & months:
            found.append(export)
            months |= own
    return found


def _read_in_memory(path: Path) -> Note:
    from ..i18n import Amount
    from . import route
    from .limits import Size

    limits = {
        "bytes": Size(route.BIG_TEXT_BYTES), "lines": Amount(route.BIG_TEXT_LINES),
        "cells": Amount(route.BIG_TEXT_CELLS), "rows": Amount(route.BIG_PARQUET_ROWS),
    }  # fmt: skip
    return Note("note.read_in_memory", {"file": path.name, "size": Size(path.stat().st_size), **limits})


def distinct_files(paths) -> list[tuple[Path, Path | None]]:
    """Each path with the earlier one holding the same bytes (a file given twice, or a copy of it),
    None for the first of its bytes. Only files of the same size are hashed: a lone file is not."""
    paths = list(map(Path, paths))
    sizes = [_file_size(path) for path in paths]
    files_of_size = Counter(sizes)
    seen: dict[str, Path] = {}
    out = []
    for path, size in zip(paths, sizes, strict=True):
        digest = _file_digest(path) if size is not None and files_of_size[size] > 1 else None
        out.append((path, seen.get(digest) if digest is not None else None))
        if digest is not None:
            seen.setdefault(digest, path)
    return out


def read_exports(
    paths,
    columns: dict[str, str] | None = None,
    on_file=None,
    drop_status: tuple[str, ...] | None = None,
    engine: str = "auto",
) -> Shipments:
    """Read several exports and combine them. `on_file(path)` is called before each (progress).

    A file given twice (or two files with the same bytes) is read once, with a note.
    `engine`: see `read_export`.
    """
    exports, skipped = [], []
    for path, first in distinct_files(paths):
        if on_file:
            on_file(path)
        if first is not None:
            skipped.append(Note("note.same_file_twice", {"file": path.name, "first": first.name}))
            continue
        exports += read_export_sheets(path, columns, drop_status, engine)
    from .shipments import combine

    shipments = combine(exports)
    shipments.notes[:0] = skipped
    return shipments


def _file_size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _file_digest(path: Path) -> str | None:
    """SHA-256 of the file's bytes (None when it cannot be read: reading it will say why)."""
    import hashlib

    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None
