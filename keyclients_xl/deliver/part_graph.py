"""Which parts hang off a part (through its relationships), and which are still needed."""

from __future__ import annotations

import re

from .opc import Relationships
from .package import Package, rels_name


def sheet_parts(package: Package, part: str | None, keep: frozenset[str] = frozenset()) -> set[str]:
    """A part, its relationships part and every part it points to, recursively."""
    if not part or part in keep:
        return set()
    found = {part}
    rels = rels_name(part)
    if rels in package:
        found.add(rels)
        for rel in Relationships.read(package, part, rels):
            if rel.part and rel.part in package and rel.part not in found:
                found |= sheet_parts(package, rel.part, keep | found)
    return found


def still_referenced(package: Package, removed: set[str], workbook_rels: Relationships) -> set[str]:
    """The parts of `removed` that a kept part still points to (a picture shared with a sheet
    of the user's). `workbook_rels` are the edited workbook relationships."""
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
    return removed & referenced


COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def comment_cells(package: Package, part: str | None) -> list[str]:
    """The cells of a worksheet that hold a note (Excel's comments: threaded ones keep a note beside
    them for older Excel), in the order of its comments part. Our sheets are drawn without any."""
    if not part or rels_name(part) not in package:
        return []
    refs = []
    for rel in Relationships.read(package, part, rels_name(part)):
        if rel.type == COMMENTS and rel.part in package:
            refs += [node.get("ref") for node in package.xml(rel.part).iter(f"{{{MAIN_NS}}}comment") if node.get("ref")]
    return refs
