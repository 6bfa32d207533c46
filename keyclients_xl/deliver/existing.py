"""An existing workbook as a build sees it: its sheet list, which sheets are ours, and the
few of our sheets a build reads (settings, input sheets, the manager's comments). The
user's other sheets are never parsed."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from ..errors import KeyClientsError, Location
from ..i18n import all_translations
from ..read import SheetRows
from ..read.notes import Note
from ..report import read_settings_rows, read_sheet_items
from ..settings import Settings
from . import long_sheet
from .markers import CELLS, INPUT_ROLES, MARKER, Marker, legacy_role, replaced_by_builds
from .opc import CONTENT_TYPES, OFFICE_DOCUMENT, TABLE, WORKSHEET, ContentTypes, Relationships
from .package import Package, PackageError, rels_name
from .sheet_read import CellReader, date_styles, iter_cells, read_sheet, shared_strings, split_ref
from .sheet_xml import CarriedCell
from .workbook_xml import SheetEntry, WorkbookXml

STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
SHARED_STRINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
HEAD_ROWS = 6  # enough rows to recognise our sheets in a workbook without markers


@dataclass
class Sheet:
    index: int
    entry: SheetEntry
    part: str | None  # None: not a worksheet (a chart sheet, a dialog sheet)
    role: str | None = None
    marker: Marker | None = None

    @property
    def name(self) -> str:
        return self.entry.name


@dataclass
class Existing:
    path: Path
    package: Package
    main: str  # the workbook part, normally xl/workbook.xml
    workbook: WorkbookXml
    rels: Relationships
    content_types: ContentTypes
    sheets: list[Sheet] = field(default_factory=list)
    has_markers: bool = False
    # The user's cells on our sheets (user_cells), by sheet part: found once, while the sheet's
    # values are read (its comments, History), and asked for again by each round of delivery.
    carried: dict[str, list[CarriedCell]] = field(default_factory=dict)

    def close(self) -> None:
        self.package.close()

    def ours(self, *roles: str) -> list[Sheet]:
        return [sheet for sheet in self.sheets if sheet.role in roles]

    def one(self, role: str) -> Sheet | None:
        found = self.ours(role)
        return found[0] if found else None

    def _part_of(self, rel_type: str) -> str | None:
        rels = self.rels.of_type(rel_type)
        return rels[0].part if rels else None

    @property
    def styles_part(self) -> str | None:
        return self._part_of(STYLES)

    @cached_property
    def reader(self) -> CellReader:
        styles = self.styles_part
        root = self.package.xml(styles) if styles and styles in self.package else None
        part = self._part_of(SHARED_STRINGS)
        return CellReader(lambda: shared_strings(self.package, part), date_styles(root))

    def rows(self, sheet: Sheet) -> list[list]:
        """The sheet's values, rows from A1. The same pass finds the user's cells on a sheet builds
        replace (user_cells); an input sheet is the manager's, and none of its cells is copied."""
        if not sheet.part:
            return []
        carry = replaced_by_builds(sheet.role) and sheet.marker is not None and bool(sheet.marker.layout)
        size = self.package.zip.getinfo(sheet.part).file_size
        fast = self._long_sheet_rows(sheet, carry) if long_sheet.FAST_FROM <= size <= long_sheet.BYTES_MAX else None
        if fast is not None:
            return fast
        rows, outside = read_sheet(self.package, sheet.part, self.reader, sheet.marker.covered if carry else None)
        if carry:
            self.carried[sheet.part] = [CarriedCell(row, col, c) for row, col, c in outside]
        return rows

    def _long_sheet_rows(self, sheet: Sheet, carry: bool) -> list[list] | None:
        """`rows` of a long sheet by long_sheet's fast route; None where it cannot vouch for them."""
        data = self.package.read(sheet.part)
        places = long_sheet.cell_places(data)
        if places is None:
            return None
        rows, cols = places
        extent = int(rows.max()) * int(cols.max()) if len(rows) else 0
        strings = self._part_of(SHARED_STRINGS)
        values = long_sheet.calamine_rows(self.package, data, self.styles_part, strings, extent)
        if values is None:
            return None
        if carry:
            found = []
            if long_sheet.outside(rows, cols, sheet.marker.layout).any():  # the user's cells: copied by lxml
                _, found = read_sheet(self.package, sheet.part, None, sheet.marker.covered)
            self.carried[sheet.part] = [CarriedCell(row, col, c) for row, col, c in found]
        return values

    def head(self, sheet: Sheet, count: int = HEAD_ROWS) -> list[list]:
        grid: dict[int, dict[int, object]] = {}
        for row, col, c in iter_cells(self.package, sheet.part):
            if row > count:
                break
            grid.setdefault(row, {})[col] = self.reader.value(c)
        width = max([0, *(max(cols) for cols in grid.values())])
        return [[grid.get(r, {}).get(c) for c in range(1, width + 1)] for r in range(1, count + 1)]

    def tables(self, sheet: Sheet) -> list[tuple[str, object]]:
        """(part, root) of each Table on the sheet."""
        if not sheet.part:
            return []
        rels = Relationships.read(self.package, sheet.part, rels_name(sheet.part))
        return [(rel.part, self.package.xml(rel.part)) for rel in rels.of_type(TABLE) if rel.part in self.package]


def open_existing(path: Path, data=None) -> Existing:
    """Open the workbook's package (or `data`, a file object, named `path`) and find our
    sheets. Raises error.workbook_unreadable, or what the file is instead (a password-protected
    workbook, a Word document, an empty file), as the export readers say it."""
    if data is None and path.is_file():
        from ..read.sniff import sniff
        from ..read.sources import FATAL

        kind = sniff(path, Location(file=path.name))  # an empty file: error.empty
        if kind in FATAL:
            key, what = FATAL[kind]
            raise KeyClientsError(key, Location(file=path.name), {"what": Note(what)} if what else {})
    try:
        package = Package.open(data if data is not None else path)
    except PackageError as exc:
        raise KeyClientsError(
            "error.workbook_unreadable", Location(file=path.name), {"detail": str(exc)[:200]}
        ) from exc
    try:
        root_rels = Relationships.read(package, "", "_rels/.rels")
        main = next((rel.part for rel in root_rels.of_type(OFFICE_DOCUMENT)), None)
        if main is None or main not in package or CONTENT_TYPES not in package:
            raise PackageError("not a workbook package")
        if not package.xml(main).tag.endswith("}workbook"):  # a Word document, a presentation named .xlsx
            raise PackageError("not a workbook package")
        existing = Existing(
            path,
            package,
            main,
            WorkbookXml(package.xml(main)),
            Relationships.read(package, main, rels_name(main)),
            ContentTypes.read(package),
        )
        _find_sheets(existing)
        return existing
    except PackageError as exc:
        package.close()
        raise KeyClientsError(
            "error.workbook_unreadable", Location(file=path.name), {"detail": str(exc)[:200]}
        ) from exc


def _find_sheets(existing: Existing) -> None:
    markers: dict[int, Marker] = {}
    references: dict[int, str] = {}  # the markers' cells as Excel saved them (moved with rows)
    for node in existing.workbook.defined_names():
        if node.get("name") == MARKER and node.get("localSheetId") is not None:
            marker = Marker.parse(node.text)
            if marker:
                markers[int(node.get("localSheetId"))] = marker
        elif node.get("name") == CELLS and node.get("localSheetId") is not None:
            references[int(node.get("localSheetId"))] = node.text or ""
    markers = {index: marker.moved_to(references.get(index)) for index, marker in markers.items()}
    existing.has_markers = bool(markers)
    entries = existing.workbook.sheets()
    named = {m.role for i, m in markers.items() if i < len(entries) and m.name == entries[i].name}
    for index, entry in enumerate(entries):
        rel = existing.rels.by_id(entry.rid)
        part = rel.part if rel is not None and rel.type == WORKSHEET and rel.part in existing.package else None
        sheet = Sheet(index, entry, part)
        existing.sheets.append(sheet)
        if part is None:
            continue
        marker = markers.get(index)
        if marker is None:
            continue
        if marker.name == entry.name:
            sheet.role, sheet.marker = marker.role, marker
        elif not replaced_by_builds(marker.role) and marker.role not in named:
            # A sheet the manager fills, renamed: still the one the plan reads (not a copy of it).
            sheet.role, sheet.marker = marker.role, replace(marker, name=entry.name)
            named.add(marker.role)
        # A report sheet renamed by the user is theirs now: a build writes a new one.
    if existing.has_markers:
        return
    candidates = (
        all_translations("sheet.key_clients")
        | all_translations("sheet.settings")
        | all_translations("sheet.input_lines")
        | all_translations("sheet.input_months")
        | all_translations("sheet.plan")
    )
    for sheet in existing.sheets:
        if sheet.part and (sheet.name in candidates or any(ch.isdigit() for ch in sheet.name)):
            has_table = any(
                str(root.get("displayName", "")).startswith("KeyClients") for _, root in existing.tables(sheet)
            )
            sheet.role = legacy_role(sheet.name, existing.head(sheet), has_table)


# ---------------------------------------------------------------- what a build reads


def read_settings(existing: Existing) -> Settings | None:
    sheet = existing.one("settings")
    if sheet is None:
        return None
    where = Location(file=existing.path.name, sheet=sheet.name)
    return Settings.from_items(read_settings_rows(existing.rows(sheet)), where)


def read_facts(existing: Existing) -> dict[str, object]:
    sheet = existing.one("settings")
    return read_sheet_items(existing.rows(sheet)) if sheet else {}


def input_sheets(existing: Existing) -> list[SheetRows]:
    """The rows of the input sheets of a KeyClients.xlsm (read only: a build never writes them)."""
    file = existing.path.name
    return [SheetRows(file, sheet.name, existing.rows(sheet)) for sheet in existing.ours(*INPUT_ROLES)]


def read_comments(existing: Existing) -> dict[str, str]:
    """The manager's comments on the key-client sheet, by client: the Comment column of its
    Table, and the range of comments on clients who left the list."""
    sheet = existing.one("key_clients")
    if sheet is None:
        return {}
    client_names, comment_names = all_translations("col.client"), all_translations("col.comment")
    archive_labels = all_translations("comments.archived")
    columns: list[tuple[int, int, int, int]] = []  # rows first..last, client col, comment col
    for _, root in existing.tables(sheet):
        r1, c1, r2, _ = _ref_bounds(root.get("ref", ""))
        names = [col.get("name") for col in root.iter("{*}tableColumn")]
        client = next((c1 + i for i, n in enumerate(names) if n in client_names), None)
        comment = next((c1 + i for i, n in enumerate(names) if n in comment_names), None)
        if client and comment:
            columns.append((r1 + 1, r2, client, comment))
    rows = existing.rows(sheet)

    def cell(row: int, col: int) -> object:
        line = rows[row - 1] if 0 < row <= len(rows) else ()
        return line[col - 1] if 0 < col <= len(line) else None

    # The archive's label may be anywhere; the last one found is the archive.
    labelled = [
        (r, c)
        for r, line in enumerate(rows, 1)
        if not archive_labels.isdisjoint(line)
        for c, value in enumerate(line, 1)
        if isinstance(value, str) and value in archive_labels
    ]
    comments: dict[str, str] = {}
    if labelled:
        row, col = labelled[-1][0] + 1, labelled[-1][1]
        while cell(row, col) is not None:
            if cell(row, col + 1) not in (None, ""):
                comments[str(cell(row, col))] = str(cell(row, col + 1))
            row += 1
    for first, last, client, comment in columns:
        for row in range(first, last + 1):
            name, text = cell(row, client), cell(row, comment)
            if name is not None and text not in (None, ""):
                comments[str(name)] = str(text)
    return comments


def user_cells(existing: Existing, sheet: Sheet) -> list[CarriedCell]:
    """Cells on one of our sheets outside the layout our last build wrote: the user's."""
    if sheet.marker is None or not sheet.marker.layout or not sheet.part:
        return []
    if sheet.part not in existing.carried:  # a sheet whose values the build did not read
        _, outside = read_sheet(existing.package, sheet.part, None, sheet.marker.covered)
        existing.carried[sheet.part] = [CarriedCell(row, col, c) for row, col, c in outside]
    return existing.carried[sheet.part]


def _ref_bounds(ref: str) -> tuple[int, int, int, int]:
    first, _, second = ref.partition(":")
    r1, c1 = split_ref(first.replace("$", ""))
    r2, c2 = split_ref((second or first).replace("$", ""))
    return r1, c1, r2, c2
