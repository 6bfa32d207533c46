"""Splice our rendered report sheets into the user's workbook package.

Why our own splice: openpyxl re-saves a whole package from its model and drops what it
does not model (sparklines, slicers, threaded comments, Power Query, form controls, …).
The young libraries that edit a package in place were looked at (November 2026):
paper-xlsx replaces openpyxl itself (both cannot be installed together), wixlf needs
Python 3.14, and xlsxedit 1.0 was first released in 2026 with few users. What we need is
narrow — swap a few sheets of our own — so this module does just that, on lxml:

- our sheets' parts, their Tables and relationships are replaced (or added);
- workbook.xml: their <sheet> entries, print areas and our hidden markers; local names and
  the active tab renumbered when positions move; calcChain dropped (Excel rebuilds it);
- workbook.xml.rels and [Content_Types].xml: entries for the parts above;
- styles.xml: our styles appended, the user's kept at their indices;
- every other part is copied byte for byte (see package.write_package).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..report.spec import SheetSpec
from .appends import SheetAppend, sheet_changes, styles_with_grey
from .existing import Existing, Sheet
from .markers import CELLS, MARKER, Marker, layout_of_places
from .opc import (
    CALC_CHAIN,
    CONTENT_TYPES,
    CT_VBA,
    CT_WORKSHEET,
    CT_XLSM,
    CT_XLSX,
    R_NS,
    VBA_PROJECT,
    WORKSHEET,
    ContentTypes,
    Relationships,
)
from .package import Package, rels_name, to_bytes, write_package
from .part_graph import sheet_parts, still_referenced
from .sheet_order import SheetOrder, sheet_order
from .sheet_xml import CarriedCell, cached_values, prepare_sheet
from .styles_merge import StyleMap, merge_styles
from .tables import copy_tables, free_name, names_of, sheet_tables, table_parts
from .workbook_xml import SheetEntry, WorkbookXml, q

STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
UI_EXTENSIBILITY = (
    "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
    "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
)


@dataclass
class Placement:
    """One of our sheets to write: its spec (with the final name) and what it replaces."""

    spec: SheetSpec
    replaces: Sheet | None = None
    carried: list[CarriedCell] = field(default_factory=list)


@dataclass
class SpliceResult:
    displaced: dict[str, list[CarriedCell]] = field(default_factory=dict)  # sheet name → user cells moved out
    vba_dropped: bool = False


def rendered_package(specs: list[SheetSpec]) -> Package:
    """Our sheets drawn by the one renderer (openpyxl) into a package in memory."""
    from ..render import render_package

    return Package.open(io.BytesIO(render_package(specs)))


def _copy(node: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(node))


@dataclass
class _Edit:
    """The parts being edited, on copies: nothing of `base` changes until the file is written."""

    base: Existing
    workbook: WorkbookXml
    rels: Relationships
    types: ContentTypes
    changed: dict[str, bytes] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, base: Existing) -> _Edit:
        return cls(
            base,
            WorkbookXml(_copy(base.workbook.root)),
            Relationships(base.rels.source, _copy(base.rels.root)),
            ContentTypes(_copy(base.content_types.root)),
        )

    @property
    def package(self) -> Package:
        return self.base.package


def splice(
    base: Existing,
    placements: list[Placement],
    target: Path,
    *,
    macro_enabled: bool,
    recalculate: bool,
    appends: dict[str, SheetAppend] | None = None,
    rendered: bytes | None = None,
) -> SpliceResult:
    """Write `base` with our sheets spliced in to `target` (a temporary file). `appends`: sheet
    name → rows to add to (and rows to grey on) a sheet of the user's (appends.py).
    `rendered`: our sheets already drawn (the package's bytes), else they are drawn here."""
    edit = _Edit.of(base)
    result = SpliceResult()
    if rendered is None:
        ours = rendered_package([p.spec for p in placements])
    else:
        ours = Package.open(io.BytesIO(rendered))
    try:
        style_map = _merge_styles(edit, ours)
        _append(edit, placements, appends or {})
        _remove_replaced(edit, placements)
        order = sheet_order(
            len(base.sheets), [p.replaces.index if p.replaces else None for p in placements], base.workbook.active_tab()
        )
        entries = _add_sheets(edit, ours, placements, order, style_map, result)
        # A name the user made on a sheet of ours follows the sheet that replaces it.
        rebuilt = {p.replaces.index: order.position(("new", i)) for i, p in enumerate(placements) if p.replaces}
        edit.workbook.reorder(entries, order.old_to_new() | rebuilt)
        for view in edit.workbook.root.iter(q("workbookView")):
            view.set("activeTab", str(order.active))
            if int(view.get("firstSheet", "0")) > order.active:
                view.set("firstSheet", str(order.active))
        _names(edit, ours, placements, order)
        _drop_calc_chain(edit)
        if recalculate:
            edit.workbook.recalculate_on_load()
        edit.types.set(base.main, CT_XLSM if macro_enabled else CT_XLSX)
        if not macro_enabled:
            result.vba_dropped = _drop_macros(edit)
    finally:
        ours.close()
    edit.removed -= set(edit.changed)  # a new part may take a removed one's name
    for name in edit.removed:
        edit.types.remove(name)
    edit.changed[base.main] = to_bytes(edit.workbook.root)
    edit.changed[rels_name(base.main)] = to_bytes(edit.rels.root)
    edit.changed[CONTENT_TYPES] = to_bytes(edit.types.root)
    write_package(target, edit.package, edit.changed, edit.removed)
    return result


def _merge_styles(edit: _Edit, ours: Package) -> StyleMap:
    """Our styles appended to the user's styles.xml (or ours as theirs when it has none)."""
    part = edit.base.styles_part
    if part and part in edit.package:
        if edit.package.read(part) == ours.read("xl/styles.xml"):
            return _same_indices()  # a new workbook is its own base: its styles are already ours
        theirs = edit.package.xml(part)
        style_map = merge_styles(theirs, ours.xml("xl/styles.xml"))
        edit.changed[part] = to_bytes(theirs)
        return style_map
    edit.changed["xl/styles.xml"] = ours.read("xl/styles.xml")
    edit.rels.add(STYLES, "xl/styles.xml")
    edit.types.set("xl/styles.xml", CT_STYLES)
    return _same_indices()


def _same_indices() -> StyleMap:
    return StyleMap(same=True)


def _append(edit: _Edit, placements: list[Placement], appends: dict[str, SheetAppend]) -> None:
    """Rows added to the user's own sheets (their other cells untouched), and our grey rule set."""
    replaced = {id(p.replaces) for p in placements if p.replaces is not None}
    sheets = {s.name: s for s in edit.base.sheets if s.part and id(s) not in replaced}
    changes = {sheets[name].part: change for name, change in appends.items() if name in sheets}
    dxf_id = None
    if any(change.grey_rows for change in changes.values()):
        part = edit.base.styles_part or "xl/styles.xml"
        dxf_id, styles = styles_with_grey(edit.package, part, edit.changed.get(part))
        if styles is not None:
            edit.changed[part] = styles
    for part, change in changes.items():
        edit.changed.update(sheet_changes(edit.package, part, change, dxf_id))


def _remove_replaced(edit: _Edit, placements: list[Placement]) -> None:
    """Our old sheets go, with their Tables and whatever only they pointed to."""
    for placement in placements:
        if placement.replaces is not None:
            edit.removed |= sheet_parts(edit.package, placement.replaces.part)
            edit.rels.remove(placement.replaces.entry.rid)
    edit.removed -= still_referenced(edit.package, edit.removed, edit.rels)


def _add_sheets(
    edit: _Edit,
    ours: Package,
    placements: list[Placement],
    order: SheetOrder,
    style_map: StyleMap,
    result: SpliceResult,
) -> list[SheetEntry]:
    """The new sheet list's entries; our sheets' parts, Tables and relationships added."""
    package = edit.package
    ours_wb = WorkbookXml(ours.xml("xl/workbook.xml"))
    ours_rels = Relationships.read(ours, "xl/workbook.xml", "xl/_rels/workbook.xml.rels")
    ours_parts = [ours_rels.by_id(entry.rid).part for entry in ours_wb.sheets()]
    taken_parts = set(package.names) - edit.removed
    kept_tables = table_parts(package, taken_parts)
    table_names = names_of(kept_tables) | {str(n.get("name", "")).lower() for n in edit.workbook.defined_names()}
    table_ids = {int(root.get("id", "0")) for root in kept_tables}
    old_entries = edit.workbook.sheets()
    sheet_id = edit.workbook.next_sheet_id()
    entries = []
    for position, (kind, i) in enumerate(order.layout):
        if kind == "old":
            entries.append(old_entries[i])
            continue
        placement = placements[i]
        part = free_name(taken_parts, "xl/worksheets/sheet{}.xml")
        sheet = prepare_sheet(
            ours.read(ours_parts[i]),
            style_map,
            cached_values(placement.spec),
            selected=position == order.active,
            carried=placement.carried,
            code_name=_code_name(package, placement.replaces.part) if placement.replaces else None,
        )
        if sheet.displaced:
            result.displaced[placement.spec.name] = sheet.displaced
        edit.changed[part] = sheet.xml
        edit.types.set(part, CT_WORKSHEET)
        replaced = sheet_tables(package, placement.replaces.part) if placement.replaces else []
        edit.changed.update(
            copy_tables(ours, ours_parts[i], part, taken_parts, table_names, table_ids, edit.types, replaced)
        )
        node = etree.Element(q("sheet"), name=placement.spec.name, sheetId=str(sheet_id))
        if placement.replaces is not None and placement.replaces.entry.node.get("state") and position != order.active:
            node.set("state", placement.replaces.entry.node.get("state"))  # a sheet of ours the user hid stays hidden
        node.set(f"{{{R_NS}}}id", edit.rels.add(WORKSHEET, part))
        sheet_id += 1
        entries.append(SheetEntry(node))
    return entries


def _names(edit: _Edit, ours: Package, placements: list[Placement], order: SheetOrder) -> None:
    """Our print areas and markers in; markers of sheets that are no longer ours out."""
    workbook = edit.workbook
    for node in workbook.defined_names():
        if node.get("name") in (MARKER, CELLS):
            node.getparent().remove(node)
    for node in WorkbookXml(ours.xml("xl/workbook.xml")).defined_names():
        if node.get("localSheetId") is not None:
            position = order.position(("new", int(node.get("localSheetId"))))
            for old in workbook.defined_names():  # ours of the build before (a print area) gives way
                if old.get("name") == node.get("name") and old.get("localSheetId") == str(position):
                    old.getparent().remove(old)
            workbook.add_name(node.get("name"), node.text, position, hidden=node.get("hidden") == "1")
    marked = [
        (Marker(p.spec.role, p.spec.name, _layout(p.spec)), order.position(("new", i)))
        for i, p in enumerate(placements)
    ]
    for position, (kind, i) in enumerate(order.layout):
        sheet = edit.base.sheets[i] if kind == "old" else None
        if sheet is not None and sheet.role:
            # Ours but not rewritten this time (the input sheets, older snapshots): keep the marker.
            marked.append((sheet.marker or Marker(sheet.role, sheet.name), position))
    for marker, position in marked:
        workbook.add_name(MARKER, marker.text(), position, hidden=True)
        if marker.layout:
            workbook.add_name(CELLS, marker.reference(), position, hidden=True)
    _sort_names(workbook)


def _drop_calc_chain(edit: _Edit) -> None:
    """Excel rebuilds its calculation chain; a stale one makes it repair the file."""
    for rel in edit.rels.of_type(CALC_CHAIN):
        edit.removed.add(rel.part)
        edit.rels.remove(rel.id)


def _drop_macros(edit: _Edit) -> bool:
    """An .xlsx never holds a VBA project: drop it, and the ribbon whose buttons call it."""
    dropped = False
    for rel in edit.rels.of_type(VBA_PROJECT):
        dropped = True
        edit.removed |= {rel.part, rels_name(rel.part)}
        edit.rels.remove(rel.id)
    for name in edit.package.names:
        if edit.types.of(name) == CT_VBA or name.endswith("vbaProjectSignature.bin"):
            edit.removed.add(name)
    edit.types.remove_default("bin", CT_VBA)
    if dropped:
        root_rels = Relationships.read(edit.package, "", "_rels/.rels")
        for rel in list(root_rels):
            if rel.type in UI_EXTENSIBILITY and rel.part:
                edit.removed |= {rel.part, rels_name(rel.part)}
                root_rels.remove(rel.id)
        edit.changed["_rels/.rels"] = to_bytes(root_rels.root)
    return dropped


def _code_name(package: Package, part: str | None) -> str | None:
    """The VBA code name in a sheet part's <sheetPr> (at its very start: no full read)."""
    if not part:
        return None
    with package.stream(part) as stream:
        head = stream.read(4096).decode("utf-8", "replace")
    match = re.search(r'<(?:\w+:)?sheetPr\b[^>]*\bcodeName="([^"]+)"', head)
    return match[1] if match else None


def _layout(spec: SheetSpec):
    return layout_of_places(*spec.places())


def _sort_names(workbook: WorkbookXml) -> None:
    """Excel keeps definedNames sorted by name (then sheet); keep that order."""
    node = workbook.root.find(q("definedNames"))
    if node is None:
        return
    for child in sorted(node, key=lambda n: (str(n.get("name", "")).lower(), int(n.get("localSheetId", "-1")))):
        node.append(child)
