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
from .existing import Existing, Sheet
from .markers import MARKER, Marker, layout_of
from .opc import (
    CALC_CHAIN,
    CONTENT_TYPES,
    CT_TABLE,
    CT_VBA,
    CT_WORKSHEET,
    CT_XLSM,
    CT_XLSX,
    TABLE,
    VBA_PROJECT,
    WORKSHEET,
    Relationships,
)
from .package import Package, rels_name, to_bytes, write_package
from .sheet_xml import CarriedCell, cached_values, prepare_sheet
from .styles_merge import StyleMap, merge_styles
from .workbook_xml import SheetEntry, WorkbookXml, q

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
    from ..render import render_workbook

    data = io.BytesIO()
    render_workbook(specs).save(data)
    data.seek(0)
    return Package.open(data)


def _free_name(taken: set[str], pattern: str, number: int = 1) -> str:
    while pattern.format(number).lower() in taken:
        number += 1
    name = pattern.format(number)
    taken.add(name.lower())
    return name


def splice(
    base: Existing,
    placements: list[Placement],
    target: Path,
    *,
    macro_enabled: bool,
    recalculate: bool,
) -> SpliceResult:
    """Write `base` with our sheets spliced in to `target` (a temporary file)."""
    result = SpliceResult()
    package = base.package
    workbook = WorkbookXml(etree.fromstring(etree.tostring(base.workbook.root)))
    wrels = Relationships(base.rels.source, etree.fromstring(etree.tostring(base.rels.root)))
    types = type(base.content_types)(etree.fromstring(etree.tostring(base.content_types.root)))
    changed: dict[str, bytes] = {}
    removed: set[str] = set()

    ours = rendered_package([p.spec for p in placements])
    ours_wb = WorkbookXml(ours.xml("xl/workbook.xml"))
    ours_rels = Relationships.read(ours, "xl/workbook.xml", "xl/_rels/workbook.xml.rels")
    ours_parts = [ours_rels.by_id(entry.rid).part for entry in ours_wb.sheets()]

    # Styles: ours appended to theirs.
    styles_part = base.styles_part
    if styles_part and styles_part in package:
        theirs = package.xml(styles_part)
        style_map = merge_styles(theirs, ours.xml("xl/styles.xml"))
        changed[styles_part] = to_bytes(theirs)
    else:
        styles_part = "xl/styles.xml"
        changed[styles_part] = ours.read("xl/styles.xml")
        wrels.add("http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles", styles_part)
        types.set(styles_part, "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml")
        style_map = StyleMap({i: i for i in range(10_000)}, {i: i for i in range(10_000)})

    # Our old sheets go, with their Tables and whatever only they pointed to.
    replaced = [p.replaces for p in placements if p.replaces is not None]
    for sheet in replaced:
        removed |= _sheet_parts(package, sheet.part, keep=set())
        wrels.remove(sheet.entry.rid)
    removed = _drop_still_referenced(package, removed, wrels)
    taken_parts = set(package.names) - removed
    table_names = base.all_table_names() - _table_names_in(package, removed)
    table_names |= {str(n.get("name", "")).lower() for n in workbook.defined_names()}  # one namespace
    table_ids = _table_ids(package, set(package.names) - removed)

    # The new sheet list: replacements in place, new sheets after the previous one of ours.
    old_entries = base.workbook.sheets()
    replaced_index = {sheet.index: i for i, p in enumerate(placements) if (sheet := p.replaces) is not None}
    layout: list[tuple[str, int]] = [("old", i) for i in range(len(old_entries))]
    for old, i in replaced_index.items():
        layout[layout.index(("old", old))] = ("new", i)
    for i, placement in enumerate(placements):
        if placement.replaces is None:
            # After the previous sheet of this build, else before the next one, else first.
            previous = [j for j, item in enumerate(layout) if item[0] == "new" and item[1] < i]
            following = [j for j, item in enumerate(layout) if item[0] == "new" and item[1] > i]
            layout.insert(previous[-1] + 1 if previous else following[0] if following else 0, ("new", i))
    new_index = {item: position for position, item in enumerate(layout)}
    old_to_new = {i: new_index[("old", i)] for i in range(len(old_entries)) if ("old", i) in new_index}
    active_old = base.workbook.active_tab()
    if active_old in replaced_index:
        active_new = new_index[("new", replaced_index[active_old])]
    else:
        active_new = old_to_new.get(active_old, 0)

    sheet_id = workbook.next_sheet_id()
    entries: list[SheetEntry] = []
    wb_nodes = {i: node for i, node in enumerate(workbook.sheets())}
    for kind, i in layout:
        if kind == "old":
            entries.append(wb_nodes[i])
            continue
        placement = placements[i]
        part = _free_name(taken_parts, "xl/worksheets/sheet{}.xml")
        position = new_index[("new", i)]
        sheet_xml = prepare_sheet(
            ours.read(ours_parts[i]),
            style_map,
            cached_values(placement.spec.cells),
            selected=position == active_new,
            carried=placement.carried,
            code_name=_code_name(package, placement.replaces.part) if placement.replaces else None,
        )
        if sheet_xml.displaced:
            result.displaced[placement.spec.name] = sheet_xml.displaced
        changed[part] = sheet_xml.xml
        types.set(part, CT_WORKSHEET)
        changed.update(_copy_tables(ours, ours_parts[i], part, taken_parts, table_names, table_ids, types))
        rid = wrels.add(WORKSHEET, part)
        node = etree.Element(q("sheet"), name=placement.spec.name, sheetId=str(sheet_id))
        node.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", rid)
        sheet_id += 1
        entries.append(SheetEntry(node))
    workbook.reorder(entries, old_to_new)
    for view in workbook.root.iter(q("workbookView")):
        view.set("activeTab", str(active_new))
        if int(view.get("firstSheet", "0")) > active_new:
            view.set("firstSheet", str(active_new))

    # Names: stale markers go; our print areas and markers come in.
    for node in workbook.defined_names():
        if node.get("name") == MARKER:
            node.getparent().remove(node)
    ours_names = [n for n in ours_wb.defined_names() if n.get("localSheetId") is not None]
    for node in ours_names:
        i = int(node.get("localSheetId"))
        workbook.add_name(node.get("name"), node.text, new_index[("new", i)], hidden=node.get("hidden") == "1")
    for i, placement in enumerate(placements):
        marker = Marker(placement.spec.role, placement.spec.name, _layout(placement.spec))
        workbook.add_name(MARKER, marker.text(), new_index[("new", i)], hidden=True)
    for position, (kind, i) in enumerate(layout):
        sheet = base.sheets[i] if kind == "old" else None
        if sheet is not None and sheet.role:
            # Ours too but not rewritten this time (the input sheets, older snapshots): keep the marker.
            marker = sheet.marker or Marker(sheet.role, sheet.name)
            workbook.add_name(MARKER, marker.text(), position, hidden=True)
    _sort_names(workbook)

    # calcChain: Excel rebuilds it; a stale one makes it repair the file.
    for rel in wrels.of_type(CALC_CHAIN):
        removed.add(rel.part)
        types.remove(rel.part)
        wrels.remove(rel.id)
    if recalculate:
        workbook.recalculate_on_load()

    # The content type follows the file's extension; an .xlsx never holds a VBA project.
    types.set(base.main, CT_XLSM if macro_enabled else CT_XLSX)
    if not macro_enabled:
        for rel in wrels.of_type(VBA_PROJECT):
            result.vba_dropped = True
            removed |= {rel.part, rels_name(rel.part)}
            types.remove(rel.part)
            wrels.remove(rel.id)
        for name in package.names:
            if types.of(name) == CT_VBA or name.endswith("vbaProjectSignature.bin"):
                removed.add(name)
                types.remove(name)
        types.remove_default("bin", CT_VBA)
        if result.vba_dropped:  # the ribbon's buttons would call macros that are gone
            root_rels = Relationships.read(package, "", "_rels/.rels")
            for rel in list(root_rels):
                if rel.type in UI_EXTENSIBILITY and rel.part:
                    removed |= {rel.part, rels_name(rel.part)}
                    root_rels.remove(rel.id)
            changed["_rels/.rels"] = to_bytes(root_rels.root)
    removed -= set(changed)  # a new part may take a removed one's name
    for name in removed:
        types.remove(name)

    changed[base.main] = to_bytes(workbook.root)
    changed[rels_name(base.main)] = to_bytes(wrels.root)
    changed[CONTENT_TYPES] = to_bytes(types.root)
    write_package(target, package, changed, removed)
    ours.close()
    return result


def _code_name(package: Package, part: str | None) -> str | None:
    """The VBA code name in a sheet part's <sheetPr> (at its very start: no full read)."""
    if not part:
        return None
    with package.stream(part) as stream:
        head = stream.read(4096).decode("utf-8", "replace")
    match = re.search(r'<(?:\w+:)?sheetPr\b[^>]*\bcodeName="([^"]+)"', head)
    return match[1] if match else None


def _layout(spec: SheetSpec):
    return layout_of([(cell.row, cell.col) for cell in spec.cells])


def _sort_names(workbook: WorkbookXml) -> None:
    """Excel keeps definedNames sorted by name (then sheet); it repairs files that are not."""
    node = workbook.root.find(q("definedNames"))
    if node is None:
        return
    names = list(node)
    names.sort(key=lambda n: (str(n.get("name", "")).lower(), int(n.get("localSheetId", "-1"))))
    for child in names:
        node.append(child)


def _sheet_parts(package: Package, part: str | None, keep: set[str]) -> set[str]:
    """A sheet part, its relationships part and every part it points to (recursively)."""
    if not part or part in keep:
        return set()
    found = {part}
    rels = rels_name(part)
    if rels in package:
        found.add(rels)
        for rel in Relationships.read(package, part, rels):
            if rel.part and rel.part in package and rel.part not in found:
                found |= _sheet_parts(package, rel.part, keep | found)
    return found


def _drop_still_referenced(package: Package, removed: set[str], workbook_rels: Relationships) -> set[str]:
    """Leave out of `removed` any part that a kept part still points to (a shared image).
    The workbook's relationships are the edited ones, without our old sheets."""
    referenced = {rel.part for rel in workbook_rels if rel.part}
    for name in package.names:
        if not name.endswith(".rels") or name in removed or name == rels_name(workbook_rels.source):
            continue
        source = re.sub(r"(^|/)_rels/([^/]*)\.rels$", r"\1\2", name)
        if source != "_rels/.rels" and source not in package:
            continue
        for rel in Relationships.read(package, "" if name == "_rels/.rels" else source, name):
            if rel.part:
                referenced.add(rel.part)
    return {name for name in removed if name not in referenced}


def _table_names_in(package: Package, parts: set[str]) -> set[str]:
    names = set()
    for name in parts:
        if name.startswith("xl/tables/") and name.endswith(".xml"):
            root = package.xml(name)
            names |= {root.get("name", "").lower(), root.get("displayName", "").lower()}
    return names - {""}


def _table_ids(package: Package, parts: set[str]) -> set[int]:
    ids = set()
    for name in parts:
        if name.startswith("xl/tables/") and name.endswith(".xml"):
            ids.add(int(package.xml(name).get("id", "0")))
    return ids


def _copy_tables(
    ours: Package,
    our_sheet: str,
    new_sheet: str,
    taken_parts: set[str],
    table_names: set[str],
    table_ids: set[int],
    types,
) -> dict[str, bytes]:
    """Our sheet's Tables under fresh part names, ids and (when taken) names, and its rels."""
    out: dict[str, bytes] = {}
    our_rels_name = rels_name(our_sheet)
    if our_rels_name not in ours:
        return out
    rels = Relationships.read(ours, our_sheet, our_rels_name)
    new_rels = Relationships(new_sheet, etree.fromstring(etree.tostring(rels.root)))
    for rel, node in zip(rels, new_rels, strict=True):
        if rel.type != TABLE:
            continue
        root = ours.xml(rel.part)
        part = _free_name(taken_parts, "xl/tables/table{}.xml")
        table_id = max([0, *table_ids]) + 1
        table_ids.add(table_id)
        root.set("id", str(table_id))
        wanted = root.get("displayName", "Table")
        name = wanted if wanted.lower() not in table_names else _free_name(table_names, wanted + "{}", 2)
        table_names.add(name.lower())
        root.set("name", name)
        root.set("displayName", name)
        out[part] = to_bytes(root)
        types.set(part, CT_TABLE)
        node.node.set("Target", f"/{part}")
    out[rels_name(new_sheet)] = to_bytes(new_rels.root)
    return out
