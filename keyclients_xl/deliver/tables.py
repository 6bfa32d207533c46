"""Our sheets' Tables brought into the user's package: fresh part names, ids and, when the
name is taken (a report sheet the user renamed keeps its 'KeyClients'), fresh names."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from .opc import CT_TABLE, REL, TABLE, ContentTypes, Relationships
from .package import Package, rels_name, to_bytes


def free_name(taken: set[str], pattern: str, number: int = 1) -> str:
    """The first `pattern.format(n)` (n from `number`) not in `taken` (case-insensitive); taken now."""
    while pattern.format(number).lower() in taken:
        number += 1
    name = pattern.format(number)
    taken.add(name.lower())
    return name


def table_parts(package: Package, parts: Iterable[str]) -> list[etree._Element]:
    return [package.xml(name) for name in parts if name.startswith("xl/tables/") and name.endswith(".xml")]


def names_of(tables: list[etree._Element]) -> set[str]:
    return {str(root.get(attr, "")).lower() for root in tables for attr in ("name", "displayName")} - {""}


def sheet_tables(package: Package, sheet: str) -> list[etree._Element]:
    """The Tables of one worksheet part."""
    if rels_name(sheet) not in package:
        return []
    rels = Relationships.read(package, sheet, rels_name(sheet))
    return [package.xml(rel.part) for rel in rels if rel.type == TABLE and rel.part in package]


def copy_tables(
    ours: Package,
    our_sheet: str,
    new_sheet: str,
    taken_parts: set[str],
    table_names: set[str],
    table_ids: set[int],
    types: ContentTypes,
    replaced: list[etree._Element] = (),
) -> dict[str, bytes]:
    """Our sheet's Tables and its relationships part, renamed for the user's package.

    `replaced`: the Tables of the sheet ours replaces. A Table of the same name keeps its id:
    a slicer, and anything else of the user's that names a Table by its id, still finds it."""
    old_ids = {str(root.get("displayName", "")).lower(): int(root.get("id", "0")) for root in replaced}
    out: dict[str, bytes] = {}
    if rels_name(our_sheet) not in ours:
        return out
    rels = Relationships.read(ours, our_sheet, rels_name(our_sheet))
    new_rels = Relationships(new_sheet, etree.fromstring(etree.tostring(rels.root)))
    for rel, node in zip(rels, new_rels, strict=True):
        if rel.type == DRAWING:
            node.node.set("Target", f"/{_copy_drawing(ours, rel.part, taken_parts, types, out)}")
            continue
        if rel.type != TABLE:
            continue
        root = ours.xml(rel.part)
        part = free_name(taken_parts, "xl/tables/table{}.xml")
        wanted = root.get("displayName", "Table")
        table_id = old_ids.get(wanted.lower(), 0)
        if not table_id or table_id in table_ids:
            table_id = max([0, *table_ids]) + 1
        table_ids.add(table_id)
        name = wanted if wanted.lower() not in table_names else free_name(table_names, wanted + "{}", 2)
        table_names.add(name.lower())
        root.set("id", str(table_id))
        root.set("name", name)
        root.set("displayName", name)
        out[part] = to_bytes(root)
        types.set(part, CT_TABLE)
        node.node.set("Target", f"/{part}")
    out[rels_name(new_sheet)] = to_bytes(new_rels.root)
    return out


DRAWING, CHART = REL + "drawing", REL + "chart"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"


def _copy_drawing(ours: Package, drawing: str, taken_parts: set[str], types: ContentTypes, out: dict) -> str:
    """Our sheet's drawing and the charts it holds, under free part names; the drawing's new name."""
    part = free_name(taken_parts, "xl/drawings/drawing{}.xml")
    out[part] = ours.read(drawing)
    types.set(part, CT_DRAWING)
    if rels_name(drawing) in ours:
        rels = Relationships.read(ours, drawing, rels_name(drawing))
        new_rels = Relationships(part, etree.fromstring(etree.tostring(rels.root)))
        for rel, node in zip(rels, new_rels, strict=True):
            if rel.type == CHART:
                chart = free_name(taken_parts, "xl/charts/chart{}.xml")
                out[chart] = ours.read(rel.part)
                types.set(chart, CT_CHART)
                node.node.set("Target", f"/{chart}")
        out[rels_name(part)] = to_bytes(new_rels.root)
    return part
