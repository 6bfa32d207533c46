"""Read exports: files (or rows from an open sheet) → one tidy frame of shipments."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ..errors import KeyClientsError, Location
from ..i18n import t
from .controls import drop_control_characters
from .directory import read_directory
from .layout import Export, client_key, parse_mapping, read_rows
from .notes import Note
from .sources import SheetRows, load_sheets, outline_levels

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
]


# Outline levels need a second, slower read (openpyxl): done for report-sized sheets, where
# 1C's grouped reports live; document-line exports are long and flat.
OUTLINE_ROWS_MAX = 20_000


@dataclass
class Shipments:
    """All exports together: one row per shipment line (long) or client-month (wide).

    Columns: client, client_key, month (period[M]), amount, date (NaT for wide exports),
    and, where the export has them, sku, quantity, price, list_price, cost,
    gross_profit, manager, payment_date.
    """

    frame: pd.DataFrame
    data_end: pd.Timestamp | None
    cyrillic: bool
    notes: list[Note] = field(default_factory=list)
    exports: list[Export] = field(default_factory=list)


def read_export(path: Path | str, columns: dict[str, str] | None = None) -> Export:
    """Read one file. In a workbook with several sheets, the first sheet (largest first) that parses wins.

    A file without shipments but with a client directory (codes → names) comes back as an
    Export of layout 'directory' whose `names` map the codes of the other exports.
    """
    path = Path(path)
    sheets = sorted(load_sheets(path), key=lambda s: -sum(len(r) for r in s.rows))
    first_error = None
    for sheet in sheets:
        try:
            export = read_rows(sheet, columns)
        except KeyClientsError as error:
            first_error = first_error or error
            continue
        if len(sheet.rows) <= OUTLINE_ROWS_MAX and (levels := outline_levels(path, sheet.sheet)):
            # A grouped report: its group rows carry subtotals, so read it again knowing them.
            export = read_rows(replace(sheet, levels=levels), columns)
        if len(sheets) > 1:
            export.notes.insert(0, Note("note.sheet_picked", {"file": export.file, "sheet": sheet.sheet}))
        return export
    for sheet in sheets:
        names = read_directory(sheet)
        if names:
            return Export(pd.DataFrame(), path.name, sheet.sheet, "directory", 1, None, False, names=names)
    raise first_error


def read_input_sheets(file: str, sheets: list[SheetRows], lang: str) -> Shipments:
    """The input sheets of a KeyClients workbook that hold data (below the instruction and header rows),
    read like any export. Raises when none does, naming the sheets to fill."""
    filled = [sheet for sheet in sheets if any(c not in (None, "") for row in sheet.rows[2:] for c in row)]
    exports = [export for export in map(read_rows, filled) if len(export.frame)]
    if not exports:
        params = {"lines": t("sheet.input_lines", lang), "months": t("sheet.input_months", lang)}
        raise KeyClientsError("macro.no_input", Location(file=file), params)
    return combine(exports)


def read_exports(paths, columns: dict[str, str] | None = None, on_file=None) -> Shipments:
    """Read several exports and combine them. `on_file(path)` is called before each (progress)."""
    exports = []
    for path in paths:
        if on_file:
            on_file(Path(path))
        exports.append(read_export(path, columns))
    return combine(exports)


def combine(exports: list[Export]) -> Shipments:
    """One frame from several exports; the same client (trimmed, case-folded) is one client.

    Directories among the exports replace client codes by names.
    """
    directories = [e for e in exports if e.layout == "directory"]
    exports = [e for e in exports if e.layout != "directory"]
    if not exports:
        raise KeyClientsError("error.only_directory", Location(file=directories[0].file))
    frame = pd.concat([e.frame for e in exports], ignore_index=True)
    if frame.empty:
        raise KeyClientsError("error.no_lines", Location(file=", ".join(e.file for e in exports)))
    frame, cleaned = drop_control_characters(frame)  # before names are matched and shown
    joined = []
    for directory in directories:
        known = frame["client"].isin(directory.names.keys())
        frame.loc[known, "client"] = frame.loc[known, "client"].map(directory.names)
        count = frame.loc[known, "client"].nunique()
        joined.append(Note("note.names_joined", {"file": directory.file, "count": count}))
    frame = frame.assign(client_key=client_key(frame["client"]))
    # One display name per client: the first spelling met.
    frame["client"] = frame.groupby("client_key", sort=False)["client"].transform("first")
    notes = [note for e in exports for note in e.notes]
    notes += cleaned + joined + _duplicate_notes(exports)
    returns = int((frame["amount"] < 0).sum())
    if returns:
        notes.append(Note("note.returns", {"count": returns}))
    ends = [e.data_end for e in exports if e.data_end is not None and pd.notna(e.data_end)]
    return Shipments(
        frame=frame,
        data_end=max(ends) if ends else None,
        cyrillic=any(e.cyrillic for e in exports),
        notes=notes,
        exports=exports,
    )


def _duplicate_notes(exports: list[Export]) -> list[Note]:
    """Clients that a wide export lists on several rows, or that come in several spellings."""
    spellings = pd.concat([e.frame[["client"]].assign(wide=e.layout == "wide") for e in exports])
    spellings = spellings.assign(key=client_key(spellings["client"]))
    variants = spellings.groupby("key")["client"].nunique()
    wide = spellings[spellings["wide"]]
    months_per_row = max((e.frame["month"].nunique() for e in exports if e.layout == "wide"), default=1)
    repeated = wide.groupby("key").size() > months_per_row
    merged = sorted(set(variants[variants > 1].index) | set(repeated[repeated].index))
    if not merged:
        return []
    names = spellings.drop_duplicates("key").set_index("key")["client"]
    examples = ", ".join(names[k] for k in merged[:3]) + (", …" if len(merged) > 3 else "")
    return [Note("note.duplicates_merged", {"count": len(merged), "examples": examples})]
