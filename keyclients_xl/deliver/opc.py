"""The package's own bookkeeping parts: [Content_Types].xml and the relationship parts."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .package import Package, parse_xml, resolve

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
OFFICE_DOCUMENT = REL + "officeDocument"
WORKSHEET = REL + "worksheet"
TABLE = REL + "table"
CALC_CHAIN = REL + "calcChain"
VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"

CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_TABLE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_VBA = "application/vnd.ms-office.vbaProject"

CONTENT_TYPES = "[Content_Types].xml"


class ContentTypes:
    def __init__(self, root: etree._Element):
        self.root = root

    @classmethod
    def read(cls, package: Package) -> ContentTypes:
        return cls(package.xml(CONTENT_TYPES))

    def _override(self, part: str):
        for node in self.root.iter(f"{{{CT_NS}}}Override"):
            if node.get("PartName", "").lstrip("/") == part:
                return node
        return None

    def of(self, part: str) -> str | None:
        node = self._override(part)
        if node is not None:
            return node.get("ContentType")
        extension = part.rsplit(".", 1)[-1].lower()
        for node in self.root.iter(f"{{{CT_NS}}}Default"):
            if node.get("Extension", "").lower() == extension:
                return node.get("ContentType")
        return None

    def set(self, part: str, content_type: str) -> None:
        node = self._override(part)
        if node is None:
            node = etree.SubElement(self.root, f"{{{CT_NS}}}Override", PartName=f"/{part}")
        node.set("ContentType", content_type)

    def remove(self, part: str) -> None:
        node = self._override(part)
        if node is not None:
            self.root.remove(node)

    def remove_default(self, extension: str, content_type: str) -> None:
        for node in list(self.root.iter(f"{{{CT_NS}}}Default")):
            if node.get("Extension", "").lower() == extension and node.get("ContentType") == content_type:
                self.root.remove(node)

    def ensure_default(self, extension: str, content_type: str) -> None:
        for node in self.root.iter(f"{{{CT_NS}}}Default"):
            if node.get("Extension", "").lower() == extension:
                return
        self.root.insert(0, etree.Element(f"{{{CT_NS}}}Default", Extension=extension, ContentType=content_type))


@dataclass
class Relationship:
    id: str
    type: str
    target: str  # as written
    part: str | None  # the part it points to; None when external
    node: etree._Element


class Relationships:
    """One .rels part: the relationships of `source` (a part name, '' for the package)."""

    def __init__(self, source: str, root: etree._Element):
        self.source = source
        self.root = root

    @classmethod
    def read(cls, package: Package, source: str, name: str) -> Relationships:
        if name in package:
            return cls(source, package.xml(name))
        return cls(source, etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS}))

    @classmethod
    def parse(cls, source: str, data: bytes) -> Relationships:
        return cls(source, parse_xml(data, source))

    def __iter__(self):
        for node in self.root.iter(f"{{{RELS_NS}}}Relationship"):
            external = node.get("TargetMode") == "External"
            target = node.get("Target", "")
            yield Relationship(
                node.get("Id", ""),
                node.get("Type", ""),
                target,
                None if external else resolve(self.source, target),
                node,
            )

    def by_id(self, rid: str) -> Relationship | None:
        return next((rel for rel in self if rel.id == rid), None)

    def of_type(self, rel_type: str) -> list[Relationship]:
        return [rel for rel in self if rel.type == rel_type]

    def add(self, rel_type: str, part: str) -> str:
        taken = {rel.id for rel in self}
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        rid = f"rId{number}"
        etree.SubElement(self.root, f"{{{RELS_NS}}}Relationship", Id=rid, Type=rel_type, Target=f"/{part}")
        return rid

    def remove(self, rid: str) -> None:
        rel = self.by_id(rid)
        if rel is not None:
            self.root.remove(rel.node)

    def __len__(self) -> int:
        return sum(1 for _ in self)
