"""Files → rows of cells. Everything after this works on rows, wherever they came from
(a file here, an open Excel sheet in the macros)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes
from python_calamine import CalamineWorkbook

from ..errors import KeyClientsError, Location
from .notes import Note

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}


@dataclass
class SheetRows:
    """The cells of one sheet, row by row; rows[0] is Excel row 1, column 0 is column A."""

    file: str
    sheet: str | None
    rows: list[list]
    notes: list = field(default_factory=list)
    levels: list[int] | None = None  # Excel outline level of each row, where the file has them


def load_sheets(path: Path) -> list[SheetRows]:
    """Every non-empty sheet of a workbook, or the one table of a CSV file."""
    where = Location(file=path.name)
    if not path.exists():
        raise KeyClientsError("error.file_missing", where)
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt", ".tsv"}:
        return [_load_csv(path)]
    if suffix not in WORKBOOK_SUFFIXES:
        raise KeyClientsError("error.unsupported_format", where, {"suffix": suffix or path.name})
    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            _fill_merged_headers(rows, sheet.merged_cell_ranges or [])
            if any(any(cell not in (None, "") for cell in row) for row in rows):
                sheets.append(SheetRows(path.name, name, rows))
    except KeyClientsError:
        raise
    except Exception as exc:  # calamine raises its own types for broken files
        raise KeyClientsError("error.file_unreadable", where, {"detail": str(exc)[:200]}) from exc
    if not sheets:
        raise KeyClientsError("error.empty", where)
    return sheets


def outline_levels(path: Path, sheet: str) -> list[int] | None:
    """Each row's outline level (1C stores its grouping, e.g. Контрагент (Иерархия), this way).

    calamine does not report outline levels, so the sheet is read again with openpyxl; only
    worth it for files whose sheets are grouped, which the caller decides.
    """
    if path.suffix.lower() not in {".xlsx", ".xlsm"} or not _has_outline(path):
        return None
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=False, data_only=True)
    try:
        dimensions = book[sheet].row_dimensions
        height = book[sheet].max_row
        levels = [dimensions[r].outline_level or 0 if r in dimensions else 0 for r in range(1, height + 1)]
    finally:
        book.close()
    return levels if any(levels) else None


def _has_outline(path: Path) -> bool:
    """Whether any worksheet of the package groups rows (a cheap look before openpyxl)."""
    with zipfile.ZipFile(path) as package:
        return any(
            b'outlineLevel="' in package.read(name)
            for name in package.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def _fill_merged_headers(rows: list[list], merged: list) -> None:
    """Copy a merged cell's value into every cell it covers (only the top-left one holds it)."""
    for (top, left), (bottom, right) in merged:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                if row[c] in (None, ""):
                    row[c] = value


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and encoding of a CSV file: a BOM or valid UTF-8 first, else cp1251 or cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000], cp_isolation=["cp1251", "cp1252"]).best()
    encoding = "cp1251" if best is None else best.encoding
    return data.decode(encoding, errors="replace"), encoding


def sniff_delimiter(text: str) -> str:
    """';', ',' or tab: the one that splits the first lines most consistently."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ";,\t"}
        return max(counts, key=counts.get)


def _load_csv(path: Path) -> SheetRows:
    text, encoding = decode_text(path.read_bytes())
    delimiter = sniff_delimiter(text)
    rows = [
        [cell if cell != "" else None for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)
    ]
    if not rows:
        raise KeyClientsError("error.empty", Location(file=path.name))
    shown = "\\t" if delimiter == "\t" else delimiter
    note = Note("note.csv_format", {"file": path.name, "encoding": encoding, "delimiter": shown})
    return SheetRows(path.name, None, rows, [note])
