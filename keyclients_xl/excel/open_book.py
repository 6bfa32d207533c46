"""Bring rendered sheets into a workbook open in Excel (xlwings, BSD part only).

The sheets are drawn by the same openpyxl renderer into a temporary workbook, opened in the
same Excel instance, and copied in with `Sheet.copy`.

A sheet that is already there is never deleted: in Excel, deleting a sheet turns every formula
pointing at it (`='Ключевые клиенты'!F11` on the user's own dashboard) into #REF!. Its contents
are replaced instead: its Tables removed, its cells cleared, and the new sheet's cells copied
over it, which brings values, formulas, formats, conditional formats, column widths and the
Table. The sheet object, and so every reference to it, stays; a language switch renames it,
and Excel updates the formulas that name it.

Every new sheet is copied into the workbook (under a temporary name) before anything of the
user's is touched, so a failed copy leaves the workbook as it was.

Which sheets are ours follows the file route's rules (deliver/markers.py): the hidden
sheet-local name `_KeyClients` names a sheet's role; a sheet the user renamed, or one of
theirs that happens to be called «Настройки», is never touched (ours then gets a free name).
Workbooks without markers (older builds, the template) are recognised by name and content.

A sheet with charts (the Dashboard) is the exception: pasted cells would bring charts that still
read the temporary copy, so its new copy takes the old one's place (formulas pointing at the
Dashboard itself become #REF!; it holds no data of the user's).
"""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..deliver.markers import CELLS, MARKER, Marker, layout_of_places, legacy_role, replaced_by_builds, snapshot_month
from ..errors import column_letter
from ..report import SheetSpec

_STAGING = "kc_new_{}"
_HEAD = ((1, 1), (12, 26))  # A1:Z12, enough of a sheet's top to recognise one of ours without a marker


@dataclass
class Carried:
    """What became of the cells the user typed on our sheets, for the button to say."""

    displaced: list[tuple[str, str, object]] = field(default_factory=list)  # (sheet, cell, value) the report took
    resized: list[str] = field(default_factory=list)  # sheets with rows or columns inserted inside our ranges


def put_sheets_into_book(book, specs: list[SheetSpec]) -> Carried:
    """Each spec's sheet into ``book``: our sheet for its role gets the new contents (see the
    module docstring), otherwise the new sheet is added under a name no sheet of the user's has.
    Every sheet written gets its marker. What the user typed on our sheets outside the cells our
    last build wrote is put back at its address (`_typed_cells`); what could not be is returned."""
    from ..render import render_package

    ours = our_sheets(book)
    targets = [ours.get(_role_key(spec.role, spec.name)) for spec in specs]
    _free_names(book, specs, targets)
    # Excel may hold the closed temporary file a moment longer (Windows): never fail on cleanup.
    with tempfile.TemporaryDirectory(prefix="keyclients-", ignore_cleanup_errors=True) as tmp:
        path = Path(tmp) / "report.xlsx"
        path.write_bytes(render_package(specs))
        source = book.app.books.open(str(path))
        try:
            staged = _stage(book, source, specs, targets)
        finally:
            source.close()
    carried = Carried()
    for spec, target, copy in zip(specs, targets, staged, strict=True):
        marker = marker_of(target) if target is not None and replaced_by_builds(spec.role) else None
        typed = _typed_cells(target, marker) if marker is not None else {}
        if marker is not None and marker.resized:  # cells in rows inserted inside our ranges: not told from ours
            carried.resized.append(spec.name)
        if target is None:
            copy.name = spec.name
            _mark(copy, spec)
        elif spec.charts:  # see the module docstring: the copy's charts read the copy itself
            target.delete()
            copy.name = spec.name
            _mark(copy, spec)
        else:
            replace_contents(target, copy, spec)
            copy.delete()  # our own temporary copy
            _mark(target, spec)
        placed = copy if target is None or spec.charts else target
        written = spec.place_set()
        for (row, col), cell in typed.items():
            if (row, col) in written:
                carried.displaced.append((spec.name, f"{column_letter(col)}{row}", cell.shown))
                continue
            target_cell = placed.range((row, col))
            target_cell.formula = cell.formula
            if cell.number_format != GENERAL:
                target_cell.number_format = cell.number_format
    return carried


GENERAL = "General"
# Text Excel would not keep as text when written into a General cell: it would read a number, a
# date, a time or a percentage (any digit), TRUE/FALSE, or a formula (=, +, -, @: '+7 912 …' is
# even refused as a broken formula), or take a leading ' as its text prefix. Such text is written
# back after that prefix, as a user types it.
_READ_AS_OTHER = re.compile(r"[=+\-@']|.*\d", re.S)
_BOOLEANS = {"true", "false", "истина", "ложь"}


@dataclass(frozen=True)
class TypedCell:
    """A cell the user filled on one of our sheets, as it is written back: `formula` (a formula,
    a constant as typed, or text after Excel's ' prefix) and its number format."""

    formula: object
    number_format: str = GENERAL
    shown: object = None  # the value as the message names it

    @classmethod
    def read(cls, formula: object, value: object, number_format: str | None) -> TypedCell:
        text_constant = isinstance(value, str) and formula == value
        if text_constant and (_READ_AS_OTHER.match(value) or value.strip().lower() in _BOOLEANS):
            formula = "'" + value
        return cls(formula, number_format or GENERAL, value if text_constant else formula)


def _typed_cells(sheet, marker: Marker) -> dict[tuple[int, int], TypedCell]:
    """The cells the user filled on one of our sheets outside the cells our last build wrote (its
    `marker`, where Excel has moved them since), as they are written back (TypedCell: the formula,
    text kept text, the number format). The file route carries them the same way
    (deliver/existing.py); here Excel's Cells.Clear would drop them."""
    if not marker.layout:
        return {}
    last = sheet.used_range.last_cell
    bottom = max(rect[2] for rect in marker.layout)
    right = max(rect[3] for rect in marker.layout)
    # Read in blocks, each in one call: right of our cells, under them, and, unless one range
    # fills it (History: 24 months of 20,000 clients), the rectangle from A1 they span.
    blocks = [((1, right + 1), (last.row, last.column)), ((bottom + 1, 1), (last.row, min(right, last.column)))]
    if marker.layout != ((1, 1, bottom, right),):
        blocks.append(((1, 1), (min(bottom, last.row), min(right, last.column))))
    typed = {}
    for (r1, c1), (r2, c2) in blocks:
        if r1 > r2 or c1 > c2:
            continue
        block = sheet.range((r1, c1), (r2, c2))
        formulas, values = _rows(block.formula), block.options(ndim=2).value
        block_format = block.number_format  # None where the block's cells differ: read cell by cell
        for row, (cells, row_values) in enumerate(zip(formulas, values, strict=True), start=r1):
            spans = marker.spans(row)
            for col, (formula, value) in enumerate(zip(cells, row_values, strict=True), start=c1):
                if formula not in (None, "") and not any(lo <= col <= hi for lo, hi in spans):
                    number_format = block_format or sheet.range((row, col)).number_format
                    typed[(row, col)] = TypedCell.read(formula, value, number_format)
    return typed


def _rows(formulas) -> list[tuple]:
    """Range.Formula as rows of cells: one cell comes bare, one row or more as nested tuples."""
    if not isinstance(formulas, tuple | list):
        return [(formulas,)]
    return [cells if isinstance(cells, tuple | list) else (cells,) for cells in formulas]


def our_sheets(book) -> dict[str, object]:
    """Our sheets of ``book`` by role (a month snapshot by 'snapshot:YYYY-MM'): those whose marker
    names them as they are named now, then, for roles no marker claims, unmarked sheets
    recognised by name and content (an older build, the template's input sheets)."""
    found, unmarked, renamed = {}, [], []
    for sheet in book.sheets:
        marker = marker_of(sheet)
        if marker is None:
            unmarked.append(sheet)
        elif marker.name == sheet.name:
            found.setdefault(_role_key(marker.role, sheet.name), sheet)
        elif not replaced_by_builds(marker.role):  # a sheet the manager fills, renamed: still theirs to fill
            renamed.append((marker.role, sheet))
    for role, sheet in renamed:  # after the sheets named as their markers say (a copy never wins)
        found.setdefault(role, sheet)  # a report sheet the user renamed is theirs: a build writes a new one
    for sheet in unmarked:
        has_table = any(str(table.name).startswith("KeyClients") for table in sheet.tables)
        head = sheet.range(*_HEAD).options(ndim=2).value or []
        if (role := legacy_role(sheet.name, head, has_table)) is not None:
            found.setdefault(_role_key(role, sheet.name), sheet)
    return found


def marker_of(sheet) -> Marker | None:
    """The sheet's `_KeyClients` marker, if it has one (its local name reads 'Sheet'!_KeyClients),
    with its cells where Excel has moved them (`_KeyClientsCells`, deliver/markers.py)."""
    marker, reference = None, None
    for name in sheet.names:
        local = str(name.name).rsplit("!", 1)[-1]
        if local == MARKER:
            marker = Marker.parse(str(name.refers_to).removeprefix("="))
        elif local == CELLS:
            reference = str(name.refers_to).removeprefix("=")
    return marker.moved_to(reference) if marker is not None else None


def _role_key(role: str, name: str) -> str:
    return f"snapshot:{snapshot_month(name)}" if role == "snapshot" else role


def _free_names(book, specs: list[SheetSpec], targets: list) -> None:
    """A new sheet of ours never takes a name a sheet of the user's has: «Настройки (2)»."""
    taken = {sheet.name.lower() for sheet in book.sheets if not any(sheet is t for t in targets)}
    for spec, target in zip(specs, targets, strict=True):
        if target is None:
            wanted, number = spec.name, 1
            while spec.name.lower() in taken:
                number += 1
                spec.name = f"{wanted[: 31 - len(f' ({number})')]} ({number})"
        elif spec.name.lower() in taken:
            spec.name = target.name  # a language switch onto a user sheet's name: keep ours
        taken.add(spec.name.lower())


def _mark(sheet, spec: SheetSpec) -> None:
    """Set the sheet's marker: its role, its name, the cells this build wrote."""
    for name in list(sheet.names):
        if str(name.name).rsplit("!", 1)[-1] in (MARKER, CELLS):
            name.delete()
    marker = Marker(spec.role, spec.name, layout_of_places(*spec.places()))
    added = [sheet.names.add(MARKER, "=" + marker.text())]
    if marker.layout:  # a reference, which Excel moves with the cells when rows are inserted
        added.append(sheet.names.add(CELLS, "=" + marker.reference()))
    if sys.platform == "win32":  # hidden from the Name Manager, as the file route writes them
        for name in added:
            name.api.Visible = False


def _stage(book, source, specs: list[SheetSpec], targets: list) -> list:
    """The new sheets copied into ``book`` under temporary names, next to what they replace
    (or after the last staged one, or at the end). On a failure, the copies made so far are
    removed and the error is raised: nothing of the user's has been touched yet."""
    staged = []
    try:
        for i, (spec, target) in enumerate(zip(specs, targets, strict=True)):
            if target is not None:
                place = {"after": target}
            elif staged:
                place = {"after": staged[-1]}
            else:
                place = {"after": book.sheets[len(book.sheets) - 1]}
            staged.append(source.sheets[spec.name].copy(name=_STAGING.format(i), **place))
    except Exception:
        for sheet in staged:
            sheet.delete()
        raise
    return staged


def replace_contents(target, source, spec: SheetSpec) -> None:
    """``target`` (a sheet of the user's workbook) gets ``source``'s contents; the sheet object
    stays. The print area, which a cell copy does not carry, is set from ``spec``."""
    for table in list(target.tables):
        _delete_table(table)
    target.clear()  # values, formulas, formats, conditional formats, validation
    source.cells.copy(target.cells)  # whole sheet: also the column widths and row heights
    for table, table_spec in zip(target.tables, spec.tables, strict=False):
        if table.name != table_spec.name:  # Excel renames a pasted Table whose name is taken
            table.name = table_spec.name
    # Frozen panes are a window setting that the copy leaves alone; the sheet keeps the ones it
    # got when it was first copied in (xlwings' FreezePanes is xlwings PRO, never used here).
    if spec.print_area:
        target.page_setup.print_area = spec.print_area
    if target.name != spec.name:
        target.name = spec.name  # Excel rewrites the formulas that name the sheet


def _delete_table(table) -> None:
    """Remove a Table (ListObject) with its cells' contents. xlwings has no call for it: the
    object model's own, as each platform spells it."""
    if sys.platform == "darwin":
        table.api.delete()
    else:
        table.api.Delete()


# ---------------------------------------------------------------- rows added to the user's own sheets

COM_ADDRESS_LIMIT = 250  # Range("A1:B2,C3:D4") takes an address of up to 255 characters
TEXT_FORMAT = "@"


def append_into_book(book, appends: dict) -> None:
    """Rows added to the manager's own sheets of the open book (deliver/appends.py SheetAppend,
    by sheet name): written under the last row, the Table there resized to hold them, and our grey
    conditional format set on the rows given. Nothing else on those sheets changes."""
    for name, change in appends.items():
        sheet = next((s for s in book.sheets if s.name == name), None)
        if sheet is None:
            continue
        if change.rows:
            _append_rows(sheet, change)
        _grey_rows(sheet, change)


def _append_rows(sheet, change) -> None:
    """The rows into the Table that holds their columns, by Excel's own ListRows.Add (Windows):
    above its totals row, whatever is under it moved down with its formulas mended, as Excel's
    Insert ▸ Table Row does. Without such a Table (or on a Mac, whose object model spells it
    differently) under the sheet's last row, a Table ending there resized over them."""
    width = max(len(row) for row in change.rows)
    table = next(
        (
            t
            for t in sheet.tables
            if t.range.column <= change.first_col <= change.first_col + width - 1 <= t.range.last_cell.column
        ),
        None,
    )
    if table is not None and sys.platform != "darwin":
        for values in change.rows:
            row = table.api.ListRows.Add(AlwaysInsert=True).Range.Row
            _write_row(sheet, row, change.first_col, [values])
        return
    last = sheet.used_range.last_cell.row
    first, count = last + 1, len(change.rows)
    tables = [table for table in sheet.tables if table.range.last_cell.row == last]
    _write_row(sheet, first, change.first_col, change.rows)
    for table in tables:
        top = table.range
        table.resize(sheet.range((top.row, top.column), (last + count, top.last_cell.column)))


def _write_row(sheet, first: int, first_col: int, rows) -> None:
    """`rows` from (`first`, `first_col`); a column with text is formatted as text first, so that
    '=…' or '+7 …' stays text."""
    for j in range(max(len(row) for row in rows)):
        if any(j < len(row) and isinstance(row[j], str) for row in rows):
            col = first_col + j
            sheet.range((first, col), (first + len(rows) - 1, col)).number_format = TEXT_FORMAT
    sheet.range((first, first_col)).value = [list(row) for row in rows]


def _grey_rows(sheet, change) -> None:
    """Our grey rule, through the object model (Excel for Windows). Excel for Mac spells
    FormatConditions differently through appscript: there the rows are left ungreyed."""
    from ..deliver.appends import GREY_FORMULA, grey_ranges

    if sys.platform == "darwin":
        return
    conditions = sheet.api.Cells.FormatConditions
    for i in range(conditions.Count, 0, -1):
        condition = conditions.Item(i)
        try:
            formula = str(condition.Formula1)
        except Exception:  # a colour scale or data bar has no formula
            continue
        if formula.lstrip("=") == GREY_FORMULA:
            condition.Delete()
    chunks: list[list[str]] = [[]]
    for ref in grey_ranges(tuple(change.grey_rows), change.first_col, change.width):
        if chunks[-1] and len(",".join([*chunks[-1], ref])) > COM_ADDRESS_LIMIT:
            chunks.append([])
        chunks[-1].append(ref)
    for chunk in chunks:
        if chunk:
            condition = sheet.range(",".join(chunk)).api.FormatConditions.Add(Type=2, Formula1="=" + GREY_FORMULA)
            condition.Interior.Color = 0xD9D9D9  # BGR; a grey reads the same either way
            condition.Font.Color = 0x7F7F7F
