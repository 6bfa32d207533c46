"""Append our styles to the user's styles.xml; every user style keeps its index.

Our sheets are rendered in a package of their own, with their own styles.xml. Each of its
fonts, fills, borders, number formats, cell formats (cellXfs) and conditional formats
(dxfs) is looked up in the user's styles: an identical one is reused, a new one appended.
The maps returned turn our indices into the user's. Reusing identical entries keeps a
monthly rebuild from growing the file.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml import etree

from .opc import MAIN_NS

FIRST_CUSTOM_FORMAT = 164
# CT_Stylesheet's children, in schema order (a missing section is inserted in its place).
_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles")


def _q(tag: str) -> str:
    return f"{{{MAIN_NS}}}{tag}"


def _canonical(node: etree._Element) -> bytes:
    # Of a detached copy: lxml's c14n of an element inside its tree can differ (xmlns="").
    return etree.tostring(copy.deepcopy(node), method="c14n")


_OFF_BY_DEFAULT = ("pivotButton", "quotePrefix")  # "0" says no more than leaving them out
_APPLY = ("applyNumberFormat", "applyFont", "applyFill", "applyBorder", "applyAlignment", "applyProtection")


def _xf_key(xf: etree._Element) -> bytes:
    """A cell format as Excel and LibreOffice apply it: an apply… flag left out applies, and
    pivotButton="0" and quotePrefix="0" are the defaults. openpyxl writes a new report's formats
    without the flags and with those defaults, the merge (remap_xf) the other way round: compared
    as written, the first build into a report appended every format again."""
    item = copy.deepcopy(xf)
    for attr in _APPLY:
        item.set(attr, item.get(attr, "1"))
    for attr in _OFF_BY_DEFAULT:
        if item.get(attr) == "0":
            del item.attrib[attr]
    return etree.tostring(item, method="c14n")


@dataclass
class StyleMap:
    """Our style indices (cell formats, conditional formats) → the workbook's. `same`: each is
    its own, nothing to map (a new workbook is its own base)."""

    xf: dict[int, int] = field(default_factory=dict)
    dxf: dict[int, int] = field(default_factory=dict)
    same: bool = False


def _section(root: etree._Element, tag: str) -> etree._Element:
    """The user's section `tag`, created (empty, in schema order) when missing."""
    found = root.find(_q(tag))
    if found is not None:
        return found
    node = etree.Element(_q(tag), count="0")
    before = {_q(name) for name in _ORDER[: _ORDER.index(tag)]}
    root.insert(max([0, *(i + 1 for i, child in enumerate(root) if child.tag in before)]), node)
    return node


def _merge_items(theirs: etree._Element, ours: etree._Element | None, prepare=None, key=_canonical) -> dict[int, int]:
    """Map each of our children to an identical user child (by `key`), or to a copy appended to theirs."""
    known: dict[bytes, int] = {}
    for i, child in enumerate(theirs):
        known.setdefault(key(child), i)
    mapping: dict[int, int] = {}
    for i, child in enumerate(ours if ours is not None else []):
        item = copy.deepcopy(child)
        if prepare:
            prepare(item)
        key_of_item = key(item)
        if key_of_item not in known:
            theirs.append(item)
            known[key_of_item] = len(theirs) - 1
        mapping[i] = known[key_of_item]
    theirs.set("count", str(len(theirs)))
    return mapping


def _merge_formats(theirs_root: etree._Element, ours_root: etree._Element) -> dict[int, int]:
    ours = ours_root.find(_q("numFmts"))
    mapping: dict[int, int] = {}
    if ours is None or not len(ours):
        return mapping
    theirs = _section(theirs_root, "numFmts")
    by_code = {node.get("formatCode"): int(node.get("numFmtId")) for node in theirs}
    next_id = max([FIRST_CUSTOM_FORMAT - 1, *by_code.values()]) + 1
    for node in ours:
        code, old = node.get("formatCode"), int(node.get("numFmtId"))
        if code not in by_code:
            etree.SubElement(theirs, _q("numFmt"), numFmtId=str(next_id), formatCode=code)
            by_code[code] = next_id
            next_id += 1
        mapping[old] = by_code[code]
    theirs.set("count", str(len(theirs)))
    return mapping


def merge_styles(theirs: etree._Element, ours: etree._Element) -> StyleMap:
    """Append `ours` (a styleSheet) to `theirs` (edited in place); the index maps."""
    formats = _merge_formats(theirs, ours)
    fonts = _merge_items(_section(theirs, "fonts"), ours.find(_q("fonts")))
    fills = _merge_items(_section(theirs, "fills"), ours.find(_q("fills")))
    borders = _merge_items(_section(theirs, "borders"), ours.find(_q("borders")))

    def remap_xf(xf: etree._Element) -> None:
        for attr, mapping, flag in (
            ("numFmtId", formats, "applyNumberFormat"),
            ("fontId", fonts, "applyFont"),
            ("fillId", fills, "applyFill"),
            ("borderId", borders, "applyBorder"),
        ):
            old = int(xf.get(attr, "0"))
            xf.set(attr, str(mapping.get(old, old)))
            if old:
                xf.set(flag, "1")
        xf.set("xfId", "0")  # the user's Normal style
        for attr in _OFF_BY_DEFAULT:
            if xf.get(attr) == "0":
                del xf.attrib[attr]

    def remap_dxf(dxf: etree._Element) -> None:
        fmt = dxf.find(_q("numFmt"))
        if fmt is not None:
            fmt.set("numFmtId", str(formats.get(int(fmt.get("numFmtId")), int(fmt.get("numFmtId")))))

    xfs = _merge_items(_section(theirs, "cellXfs"), ours.find(_q("cellXfs")), remap_xf, _xf_key)
    ours_dxfs = ours.find(_q("dxfs"))
    dxfs = _merge_items(_section(theirs, "dxfs"), ours_dxfs, remap_dxf) if ours_dxfs is not None else {}
    return StyleMap(xfs, dxfs)
