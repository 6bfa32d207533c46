"""workbook.xml: the sheet list, defined names and views, edited in place.

Sheet-local defined names (print areas, our markers) point at a sheet by its *position*
(`localSheetId`), and so do the workbook view's `activeTab` and `firstSheet`: whenever the
sheet list changes, :meth:`WorkbookXml.reorder` renumbers them.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .opc import MAIN_NS, R_NS

# CT_Workbook's children, in schema order.
_ORDER = (
    "fileVersion",
    "fileSharing",
    "workbookPr",
    "workbookProtection",
    "bookViews",
    "sheets",
    "functionGroups",
    "externalReferences",
    "definedNames",
    "calcPr",
)


def q(tag: str) -> str:
    return f"{{{MAIN_NS}}}{tag}"


@dataclass
class SheetEntry:
    node: etree._Element

    @property
    def name(self) -> str:
        return self.node.get("name", "")

    @property
    def rid(self) -> str:
        return self.node.get(f"{{{R_NS}}}id", "")

    @property
    def sheet_id(self) -> int:
        return int(self.node.get("sheetId", "0"))


class WorkbookXml:
    def __init__(self, root: etree._Element):
        self.root = root

    @property
    def sheets_node(self) -> etree._Element:
        return self.root.find(q("sheets"))

    def sheets(self) -> list[SheetEntry]:
        node = self.sheets_node
        return [SheetEntry(child) for child in (node if node is not None else []) if child.tag == q("sheet")]

    def defined_names(self) -> list[etree._Element]:
        node = self.root.find(q("definedNames"))
        return [] if node is None else [child for child in node if child.tag == q("definedName")]

    def _child(self, tag: str) -> etree._Element:
        """The child `tag`, created in its schema place when missing."""
        node = self.root.find(q(tag))
        if node is None:
            node = etree.Element(q(tag))
            before = {q(name) for name in _ORDER[: _ORDER.index(tag)]}
            position = max([0, *(i + 1 for i, c in enumerate(self.root) if c.tag in before)])
            self.root.insert(position, node)
        return node

    def names_node(self) -> etree._Element:
        return self._child("definedNames")

    def add_name(self, name: str, text: str, local: int | None = None, hidden: bool = False) -> etree._Element:
        node = etree.SubElement(self.names_node(), q("definedName"), name=name)
        if local is not None:
            node.set("localSheetId", str(local))
        if hidden:
            node.set("hidden", "1")
        node.text = text
        return node

    def drop_empty_names(self) -> None:
        node = self.root.find(q("definedNames"))
        if node is not None and not len(node):
            self.root.remove(node)

    def next_sheet_id(self) -> int:
        return max([0, *(entry.sheet_id for entry in self.sheets())]) + 1

    def reorder(self, entries: list[SheetEntry], old_index: dict[int, int]) -> None:
        """Set the sheet list to `entries`; `old_index` maps each old position that survives
        to its new one. Local names of vanished sheets are removed."""
        node = self.sheets_node
        for child in list(node):
            if child.tag == q("sheet"):
                node.remove(child)
        for entry in entries:
            node.append(entry.node)
        for name in self.defined_names():
            local = name.get("localSheetId")
            if local is None:
                continue
            if int(local) in old_index:
                name.set("localSheetId", str(old_index[int(local)]))
            else:
                name.getparent().remove(name)
        count = len(entries)
        for view in self.root.iter(q("workbookView")):
            for attr in ("activeTab", "firstSheet"):
                value = int(view.get(attr, "0"))
                new = old_index.get(value, 0)
                view.set(attr, str(min(new, max(count - 1, 0))))

    def active_tab(self) -> int:
        view = next(self.root.iter(q("workbookView")), None)
        return int(view.get("activeTab", "0")) if view is not None else 0

    def recalculate_on_load(self) -> None:
        """Excel recalculates the user's formulas that read our sheets when the file opens."""
        self._child("calcPr").set("fullCalcOnLoad", "1")
