"""Files → rows of cells. Everything after this works on rows, wherever they came from
(a file here, an open Excel sheet in the macros)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook, PasswordError

from ..errors import KeyClientsError, Location
from .html import read_html_rows
from .limits import check_biff, check_package, part_contains
from .notes import Note
from .sniff import SUFFIX, WORKBOOKS, Kind, sniff
from .text import read_text_rows

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
HTML_SUFFIXES = {".htm", ".html"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
# Every name an export may carry, in the order the CLI help, the messages and the ribbon's file
# dialog list them (tests check that each of them lists all of these).
EXPORT_SUFFIXES = (
    ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".txt", ".tsv", ".parquet", ".pq", ".htm", ".html",
)  # fmt: skip
# Web systems save text and HTML tables as .xls, and Excel opens them; an .xlsx must be a package.
READ_AS_TEXT = TEXT_SUFFIXES | {".xls"}
READ_AS_HTML = HTML_SUFFIXES | {".xls"}


@dataclass
class SheetRows:
    """The cells of one sheet, row by row; rows[0] is Excel row 1, column 0 is column A."""

    file: str
    sheet: str | None
    rows: list[list]
    notes: list = field(default_factory=list)
    levels: list[int] | None = None  # Excel outline level of each row, where the file has them
    delimiter: str | None = None  # a CSV's: ';' is where the comma is the decimal mark (values.english_numbers)


def load_sheets(path: Path, as_tables: bool = False) -> list:
    """Every non-empty sheet of a workbook, or the one table of a text, HTML or Parquet file:
    as rows of Python cells (SheetRows), or with `as_tables` as Arrow columns (read/table.py,
    what the sales reader uses).

    What the file holds decides how it is read, not its name; a file whose name promises
    something else gets a message saying what it is and what to rename it to.
    """
    from . import files
    from .table import table_from_rows

    where = Location(file=path.name)
    if not path.exists():
        raise KeyClientsError("error.file_missing", where)
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        tables = [files.load_parquet(path, where)]
        return tables if as_tables else [table.rows() for table in tables]
    if suffix not in WORKBOOK_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES:
        formats = ", ".join(EXPORT_SUFFIXES)
        raise KeyClientsError("error.unsupported_format", where, {"suffix": suffix or path.name, "formats": formats})
    kind = sniff(path, where)
    if kind in FATAL:
        key, what = FATAL[kind]
        raise KeyClientsError(key, where, {"what": Note(what)} if what else {})
    if kind in WORKBOOKS and suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        return files.load_workbook(path, kind, where) if as_tables else _load_workbook(path, kind, where)
    if kind is Kind.TEXT and suffix in READ_AS_TEXT:
        return [files.load_text(path, where) if as_tables else _load_text(path, where)]
    if kind is Kind.HTML and suffix in READ_AS_HTML:
        rows = _load_html(path, where)
        return [table_from_rows(rows)] if as_tables else [rows]
    fix = path.with_suffix(SUFFIX[kind]).name
    raise KeyClientsError("file.misnamed", where, {"what": Note(f"kind.{kind.value}"), "suffix": suffix, "fix": fix})


# Kinds never read: the message key and, for "not a table", what the file is instead.
FATAL = {
    Kind.ENCRYPTED: ("file.password", None),
    Kind.WORD: ("file.word", None),
    Kind.XML_2003: ("file.xml_2003", None),
    Kind.PDF: ("file.not_a_table", "kind.pdf"),
    Kind.DAMAGED: ("file.damaged", None),
    Kind.ZIP: ("file.not_a_table", "kind.zip"),
    Kind.PRESENTATION: ("file.not_a_table", "kind.presentation"),
    Kind.OFFICE: ("file.not_a_table", "kind.office"),
    Kind.BINARY: ("file.not_a_table", "kind.binary"),
}


def _load_workbook(path: Path, kind: Kind, where: Location) -> list[SheetRows]:
    if kind is Kind.XLS:  # sizes and sheet extents, before calamine allocates anything
        check_biff(path, where)
    else:
        check_package(path, where)
    named_right = path.suffix.lower() in (SUFFIX[kind], ".xlsm")
    try:
        if named_right:
            book = CalamineWorkbook.from_path(str(path))
        else:  # an .xls that is really an .xlsx, or the other way round: calamine tells by content
            with path.open("rb") as file:
                book = CalamineWorkbook.from_filelike(file)
        sheets = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            _fill_merged_headers(rows, sheet.merged_cell_ranges or [], Location(where.file, name))
            if any(any(cell not in (None, "") for cell in row) for row in rows):
                sheets.append(SheetRows(path.name, name, rows))
    except PasswordError as exc:
        raise KeyClientsError("file.password", where) from exc
    except KeyClientsError:
        raise
    except Exception as exc:  # calamine raises its own types for broken files, and panics on some
        raise KeyClientsError("file.damaged", where) from exc
    if not sheets:
        raise KeyClientsError("error.empty", where)
    return sheets


def _load_text(path: Path, where: Location) -> SheetRows:
    rows, encoding, delimiter = read_text_rows(path, where)
    if not rows:
        raise KeyClientsError("error.empty", where)
    shown = "\\t" if delimiter == "\t" else delimiter
    key = "note.text_as_xls" if path.suffix.lower() == ".xls" else "note.csv_format"
    note = Note(key, {"file": path.name, "encoding": encoding, "delimiter": shown})
    return SheetRows(path.name, None, rows, [note], delimiter=delimiter)


def _load_html(path: Path, where: Location) -> SheetRows:
    rows, tables = read_html_rows(path, where)
    if not any(any(cell is not None for cell in row) for row in rows):
        raise KeyClientsError("error.empty", where)
    return SheetRows(path.name, None, rows, [Note("note.html_tables", {"file": path.name, "count": tables})])


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
    """Whether any worksheet of the package groups rows (a cheap look before openpyxl, piece by piece)."""
    return zipfile.is_zipfile(path) and part_contains(path, b'outlineLevel="', "xl/worksheets/")


def _fill_merged_headers(rows: list[list], merged: list, where: Location) -> None:
    """Copy a merged cell's value into every cell it covers (only the top-left one holds it).
    Ranges that cover more cells than the sheet has overlap: refused as damaged (files.py)."""
    cells, covered = sum(len(row) for row in rows), 0
    for (top, left), (bottom, right) in merged:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        covered += max(0, min(bottom, len(rows) - 1) - top + 1) * max(0, min(right, len(rows[top]) - 1) - left + 1)
        if covered > cells:
            raise KeyClientsError("file.damaged", where)
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                if row[c] in (None, ""):
                    row[c] = value
