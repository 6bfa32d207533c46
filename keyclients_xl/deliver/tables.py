"""Our sheets' Tables brought into the user's package: fresh part names, ids and, when the
name is taken (a report sheet the user renamed keeps its 'KeyClients'), fresh names."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from .opc import CT_TABLE, TABLE, ContentTypes, Relationships
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


def copy_tables(
    ours: Package,
    our_sheet: str,
    new_sheet: str,
    taken_parts: set[str],
    table_names: set[str],
    table_ids: set[int],
    types: ContentTypes,
) -> dict[str, bytes]:
    """Our sheet's Tables and its relationships part, renamed for the user's package."""
    out: dict[str, bytes] = {}
    if rels_name(our_sheet) not in ours:
        return out
    rels = Relationships.read(ours, our_sheet, rels_name(our_sheet))
    new_rels = Relationships(new_sheet, etree.fromstring(etree.tostring(rels.root)))
    for rel, node in zip(rels, new_rels, strict=True):
        if rel.type != TABLE:
            continue
        root = ours.xml(rel.part)
        part = free_name(taken_parts, "xl/tables/table{}.xml")
        table_id = max([0, *table_ids]) + 1
        table_ids.add(table_id)
        wanted = root.get("displayName", "Table")
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
