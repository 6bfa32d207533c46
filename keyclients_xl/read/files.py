"""Files → Tables (read/table.py): columns straight into Arrow, no Python object per cell.

- workbooks (.xlsx, .xlsm, .xls, .xlsb, .ods): fastexcel (calamine), every cell as text;
  merged ranges and outline levels are seen by the size guard's pass over the package's XML
  (read/limits.py), before calamine parses; a large worksheet is parsed in slices of rows
  (read/slices.py), and the guard passes over it as it is cut: calamine gets a slice only
  once the guard has seen every cell in it;
- delimited text: pyarrow.csv (read/text.py);
- Parquet: pyarrow, typed columns under a header row of the column names;
- HTML tables saved as .xls: lxml via pandas, then the rows become columns (small files).

What a file holds is decided first (read/sniff.py), and the size guards (read/limits.py) run
before any reader allocates; the messages are those of `sources.load_sheets`.
"""

from __future__ import annotations

import ctypes
import re
import sys
import zipfile
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import KeyClientsError, Location
from ..i18n import Count
from . import slices
from .excel_errors import SHOWN_AS
from .limits import (
    PACKAGE_UNPACKED_MAX,
    SheetFacts,
    Size,
    check_biff,
    check_package,
    check_sheet,
    duckdb_limit_bytes,
)
from .notes import Note
from .sniff import SUFFIX, Kind
from .sources import load_sheets
from .table import Table, null_empty
from .text import read_text_table


def load_tables(path: Path) -> list[Table]:
    """Every non-empty sheet of a workbook, or the one table of a text, HTML or Parquet file, as columns."""
    return load_sheets(path, as_tables=True)


def load_text(path: Path, where: Location) -> Table:
    columns, encoding, delimiter = read_text_table(path, where)
    if not columns or not len(columns[0]) or all(c.null_count == len(c) for c in columns):
        raise KeyClientsError("error.empty", where)
    shown = "\\t" if delimiter == "\t" else delimiter
    key = "note.text_as_xls" if path.suffix.lower() == ".xls" else "note.csv_format"
    note = Note(key, {"file": path.name, "encoding": encoding, "delimiter": shown})
    return Table(path.name, None, columns, [note], delimiter=delimiter)


def load_workbook(path: Path, kind: Kind, where: Location) -> list[Table]:
    named_right = path.suffix.lower() in (SUFFIX[kind], ".xlsm")
    if kind is Kind.XLS:  # sizes and sheet extents, before calamine allocates anything
        check_biff(path, where)
        facts = {}
    else:  # the same pass sees each worksheet's merged ranges and outline levels; a sheet read
        # in slices is left to the slices' own pass (SheetGuard), so it is inflated once
        facts = check_package(path, where, _read_in_slices if kind is Kind.XLSX and named_right else None)
    tables = _tables(path, kind, where, named_right, facts)
    _give_back_freed_memory()
    if not tables:
        raise KeyClientsError("error.empty", where)
    return tables


def _tables(path: Path, kind: Kind, where: Location, named_right: bool, facts: dict[str, SheetFacts]) -> list[Table]:
    import fastexcel

    try:
        # An .xls that is really an .xlsx, or the other way round: calamine tells by content.
        reader = fastexcel.read_excel(str(path) if named_right else path.read_bytes())
        tables = []
        for name in reader.sheet_names:
            found = facts.get(name)
            sliceable = found is not None and kind is Kind.XLSX and named_right
            columns = _sliced_columns(path, found, name, where) if sliceable else None
            if columns is None:
                columns = _sheet_columns(reader, name)
            if not any(column.null_count < len(column) for column in columns):
                continue
            sheet = found or (_calamine_facts(path, name) if kind is not Kind.XLSX else SheetFacts())
            columns = _fill_merged(columns, sheet.merged, Location(where.file, name))
            levels = _levels(sheet.levels, len(columns[0]))
            notes = [_uncalculated_note(path.name, name, sheet)] if sheet.uncalculated else []
            tables.append(Table(path.name, name, columns, notes, levels=levels, serial_text=True))
        for unread in (sheet for sheet in facts.values() if sheet.unchecked):  # no sheet of calamine's
            check_sheet(path, unread, where)
    except KeyClientsError:
        raise
    except BaseException as exc:  # calamine raises its own types for broken files, and panics on some
        if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        key = "file.password" if "password" in str(exc).lower() else "file.damaged"
        raise KeyClientsError(key, where) from exc
    return tables


def _uncalculated_note(file: str, sheet: str, facts: SheetFacts) -> Note:
    """Formula cells without a value read as empty: a line whose amount is one is left out."""
    params = {
        "file": file,
        "sheet": sheet,
        "cells": Count(facts.uncalculated, "cell"),
        # A cell may be written without its reference (its place implied): then none is named.
        "first": Note("note.first_cell", {"cell": facts.first_uncalculated}) if facts.first_uncalculated else "",
    }
    return Note("note.formulas_not_calculated", params)


def _sheet_columns(reader, name: str, from_first_filled: bool = False) -> list[pa.Array]:
    """The sheet's cells from A1, column by column, as text (empty cells null); with
    `from_first_filled`, from the first row that holds a cell (a slice's marker row)."""
    # Blank text is no value here, as in every reader of ours (labels, numbers and dates alike).
    rows = {} if from_first_filled else {"skip_rows": 0}  # fastexcel's default skips empty rows at the top
    sheet = reader.load_sheet(name, header_row=None, dtypes="string", whitespace_as_null=True, **rows)
    if not sheet.width:
        return []
    batch, errors = sheet.to_arrow_with_errors()
    batch = pa.record_batch(batch)
    height = batch.num_rows
    placed = {info.absolute_index: i for i, info in enumerate(sheet.selected_columns)}
    width = max(placed) + 1
    columns = [batch.column(i) for i in range(batch.num_columns)]
    if errors is not None and errors.errors:  # None when no cell failed
        columns = _with_error_values(columns, errors.errors)
    return [columns[placed[c]] if c in placed else pa.nulls(height, pa.string()) for c in range(width)]


SLICES_AT_ONCE = 2  # parsed side by side (calamine lets go of the GIL), one more cut meanwhile


def _read_in_slices(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    return slices.sliceable(package, info.filename)


def _sliced_columns(path: Path, facts: SheetFacts, name: str, where: Location) -> list[pa.Array] | None:
    """A large worksheet read a slice of rows at a time (read/slices.py): calamine's memory is a
    slice's, not the sheet's. None for a small sheet, or one whose XML does not cut cleanly or
    whose cells are not where their slice says (a reference out of order): it is read whole.
    A sheet the size guard left unchecked is checked as it is cut; where that pass stops short,
    the guard's whole pass comes first, then the sheet is read as any other."""
    with zipfile.ZipFile(path) as package:
        if not slices.sliceable(package, facts.part):
            return None
    parts = []
    try:
        with ThreadPoolExecutor(SLICES_AT_ONCE, thread_name_prefix="keyclients-slice") as pool:
            pending = deque()
            for piece in slices.row_slices(path, facts, where):
                if len(pending) >= SLICES_AT_ONCE:
                    parts.append(pending.popleft().result())
                pending.append(pool.submit(_slice_columns, piece, name))
            parts += [future.result() for future in pending]
    except (MemoryError, KeyClientsError):  # the guard's verdict on the sheet stands
        raise
    except Exception:  # a slice calamine refuses: the whole sheet decides (and names the damage)
        if facts.unchecked:
            check_sheet(path, facts, where)
            return _sliced_columns(path, facts, name, where)
        return None
    return _joined(parts)


def _give_back_freed_memory() -> None:
    """Hand the memory calamine freed back to the system. glibc keeps what each thread freed
    in that thread's arena, for its reuse: on 1M lines read in slices, 300 MB more stayed
    resident after the read, and the build's later phases peaked on top of it (825-919 MB
    against 723 MB)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):  # a C library other than glibc (musl has no malloc_trim)
            pass


def _slice_columns(piece: slices.Slice, name: str) -> tuple[slices.Slice, list[pa.Array]]:
    import fastexcel

    package, piece.package = piece.package, b""  # fastexcel copies it: let go of ours while it parses
    reader = fastexcel.read_excel(package)
    del package
    return piece, _sheet_columns(reader, name, piece.marked)


def _joined(parts: list[tuple[slices.Slice, list[pa.Array]]]) -> list[pa.Array] | None:
    """The slices' columns end to end, each slice padded to the rows it spans; None when a
    slice's cells are not on its rows (its marker is not its first row, or it runs past them)."""
    spans = []
    for index, (piece, columns) in enumerate(parts):
        height = len(columns[0]) if columns else 0
        if piece.marked:
            if not height or columns[0][0].as_py() != slices.MARK:
                return None
            columns, height = [column.slice(1) for column in columns], height - 1
        room = parts[index + 1][0].first_row - piece.first_row if index + 1 < len(parts) else height
        if height > room:
            return None
        spans.append((piece.first_row, height, room, columns))
    parts.clear()  # each slice's columns are now held by `spans` alone, and let go of one by one
    total = max((first + height for first, height, _, _ in spans if height), default=0)
    width = max((len(columns) for *_, columns in spans), default=0)
    if not total:
        return []
    joined = []
    for col in range(width):  # column by column, each slice's part let go once joined
        chunks = []
        for _, height, room, columns in spans:
            chunks.append(columns[col] if col < len(columns) else pa.nulls(height, pa.string()))
            if room > height:
                chunks.append(pa.nulls(room - height, pa.string()))
            if col < len(columns):
                columns[col] = None
        joined.append(pa.concat_arrays(chunks).slice(0, total))
    return joined


_ERROR_NAME = re.compile(r"Error\((\w+)\)")


def _with_error_values(columns: list[pa.Array], errors) -> list[pa.Array]:
    """Error cells (#DIV/0!, #N/A …) as the text Excel shows, not as empty cells: an error where an
    amount or a date belongs is then named as not a number or not a date, where it left the line
    out without a word; in a label column it is no client or product (layout.EXCEL_ERRORS)."""
    by_column: dict[int, dict[int, str]] = {}
    for error in errors:
        row, col = error.position
        name = _ERROR_NAME.search(error.detail)
        by_column.setdefault(col, {})[row] = SHOWN_AS.get(name[1], f"#{name[1].upper()}!") if name else "#ERROR!"
    for col, values in by_column.items():
        mask = np.zeros(len(columns[col]), dtype=bool)
        rows = sorted(values)
        mask[rows] = True
        replacements = pa.array([values[row] for row in rows], pa.string())
        columns[col] = pc.replace_with_mask(columns[col], pa.array(mask), replacements)
    return columns


def _calamine_facts(path: Path, name: str) -> SheetFacts:
    """Merged ranges of an .xls, .xlsb or .ods sheet (their packages are not scanned by the guard)."""
    from python_calamine import CalamineWorkbook

    try:
        ranges = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).merged_cell_ranges or []
    except Exception:  # merged headers are a help, not a must
        return SheetFacts()
    return SheetFacts(merged=[(top, left, bottom, right) for (top, left), (bottom, right) in ranges])


def _fill_merged(columns: list[pa.Array], merged: list[tuple[int, int, int, int]], where: Location) -> list[pa.Array]:
    """Copy a merged cell's value into every empty cell it covers (only the top-left one holds it).

    Column by column, with numpy over each range's rows: the cells covered add up to at most
    the sheet's, else the ranges overlap (Excel calls such a file damaged, and 20,000 copies of
    one range over 5,000 rows took 24 s cell by cell)."""
    if not merged or not columns:
        return columns
    height, width = len(columns[0]), len(columns)
    spans: dict[int, list[tuple[int, int, str]]] = {}
    covered = 0
    for top, left, bottom, right in merged:
        if top >= height or left >= width:
            continue
        value = columns[left][top].as_py()
        if value is None:
            continue
        bottom, right = min(bottom, height - 1), min(right, width - 1)
        covered += max(0, bottom - top + 1) * max(0, right - left + 1)  # a range written backwards covers none
        if covered > height * width:
            raise KeyClientsError("file.damaged", where)
        for col in range(left, right + 1):
            spans.setdefault(col, []).append((top, bottom, value))
    for col, ranges in spans.items():
        source = np.full(height, -1, dtype=np.int64)  # which range's value fills each row
        for number, (top, bottom, _) in enumerate(ranges):
            rows = source[top : bottom + 1]
            rows[rows < 0] = number  # the first range wins where two overlap
        mask = (source >= 0) & columns[col].is_null().to_numpy(zero_copy_only=False)
        if mask.any():
            values = pc.take(pa.array([value for _, _, value in ranges], pa.string()), pa.array(source[mask]))
            columns[col] = pc.replace_with_mask(columns[col], pa.array(mask), values)
    return columns


def _levels(levels: dict[int, int], height: int) -> list[int] | None:
    if not levels:
        return None
    out = np.zeros(height, dtype=np.int64)
    for row, level in levels.items():
        if row < height:
            out[row] = level
    return out.tolist()


def load_parquet(path: Path, where: Location) -> Table:
    """A Parquet file: its column names are the header row, its columns keep their types.

    Its text columns are read as dictionary codes and counted before they are written out, so
    a file whose values take more than PACKAGE_UNPACKED_MAX is refused unread (read/parquet_size).
    Columns of lists or records (never an export's lines, and as repeatable) are not read, with
    a note.
    """
    import pyarrow.parquet as pq

    # here: columns imports pandas, which a workbook's read has no need of
    from .columns import encoded_as_read, plain_text
    from .parquet_size import delta_coded, fixed_bytes, is_text, text_bytes

    try:
        file = pq.ParquetFile(path)
        schema = file.schema_arrow
    except Exception as exc:  # pyarrow raises ArrowInvalid and OSError on what is not Parquet
        raise KeyClientsError("file.damaged", where) from exc
    meta = file.metadata
    unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    flat = [field for field in schema if not pa.types.is_nested(field.type)]
    fixed = fixed_bytes(pa.schema(flat), meta.num_rows)
    if max(unpacked, fixed) > PACKAGE_UNPACKED_MAX:  # bigger files go to read/big.py (DuckDB) before this
        _refuse_parquet(max(unpacked, fixed), where)
    delta = delta_coded(file)  # measured first: read as they are, not as dictionary codes
    if delta:
        _check_delta_text(path, file, delta, fixed, where)
    text = [field.name for field in flat if is_text(field.type) and field.name not in delta]
    try:
        coded = pq.ParquetFile(path, read_dictionary=text) if text else file
        table = coded.read(columns=None if len(flat) == len(schema) else [field.name for field in flat])
    except Exception as exc:  # a page that does not decode
        raise KeyClientsError("file.damaged", where) from exc
    written_out = fixed + sum(text_bytes(column) for column in table.columns)
    if written_out > PACKAGE_UNPACKED_MAX:
        _refuse_parquet(written_out, where)
    if not table.num_columns:
        raise KeyClientsError("error.empty", where)
    coded = {col: encoded_as_read(column) for col, column in enumerate(table.columns)}
    codes = {col: cells for col, cells in coded.items() if cells is not None}  # text written out on use (Table)
    try:
        columns = [
            codes[col] if col in codes else null_empty(plain_text(column)) for col, column in enumerate(table.columns)
        ]
    except pa.ArrowInvalid as exc:  # bytes that are not UTF-8 text
        raise KeyClientsError("file.damaged", where) from exc
    skipped = [field.name for field in schema if pa.types.is_nested(field.type)]
    notes = [Note("note.parquet_nested", {"file": path.name, "columns": ", ".join(skipped)})] if skipped else []
    return Table(path.name, None, columns, notes, lead=[list(table.column_names)], codes=codes)


def _check_delta_text(path: Path, file, names: list[str], fixed: int, where: Location) -> None:
    """Refuse a file whose delta-coded text columns would write out past PACKAGE_UNPACKED_MAX."""
    import duckdb

    from . import parquet_size

    try:
        size = fixed + parquet_size.delta_text_bytes(path, file, names)
    except duckdb.OutOfMemoryException as exc:  # values too long to measure within the limit
        limit = duckdb_limit_bytes(parquet_size.MEASURE_MEMORY_LIMIT)
        raise KeyClientsError("file.duckdb_memory", where, {"limit": Size(limit)}) from exc
    except duckdb.Error as exc:
        raise KeyClientsError("file.damaged", where) from exc
    if size > PACKAGE_UNPACKED_MAX:
        _refuse_parquet(size, where)


def _refuse_parquet(size: int, where: Location) -> None:
    raise KeyClientsError("file.parquet_too_big", where, {"size": Size(size), "limit": Size(PACKAGE_UNPACKED_MAX)})
