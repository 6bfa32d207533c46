"""Our rendered sheet's XML, made ready for the user's package.

- style indices → the user's styles.xml (see styles_merge);
- shared strings → inline strings, so the user's sharedStrings.xml stays as it is;
- formula cells get their cached value (<v>), known from the analysis;
- cells the user typed on the previous version of the sheet, outside our layout, are put
  back at their address (their style and shared-string indices stay valid: the user's
  styles and strings are kept at their indices).
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass, field

from lxml import etree

from ..errors import column_letter
from ..render.cached import cached, cached_xml
from .opc import MAIN_NS
from .package import parse_xml, to_bytes
from .sheet_read import split_ref
from .styles_merge import StyleMap

_NS = {"m": MAIN_NS}


def _q(tag: str) -> str:
    return f"{{{MAIN_NS}}}{tag}"


@dataclass
class CarriedCell:
    """A cell the user typed on our sheet: its address and its <c> element as it was."""

    row: int
    col: int
    element: etree._Element

    @property
    def ref(self) -> str:
        return f"{column_letter(self.col)}{self.row}"


@dataclass
class SheetResult:
    xml: bytes
    displaced: list[CarriedCell] = field(default_factory=list)  # user cells our layout now needs


def _set_inline(c: etree._Element, text: str) -> None:
    for child in list(c):
        c.remove(child)
    c.set("t", "inlineStr")
    t = etree.SubElement(etree.SubElement(c, _q("is")), _q("t"))
    t.text = text
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _set_cached(c: etree._Element, value: object) -> None:
    for v in c.findall(_q("v")):
        c.remove(v)
    if "t" in c.attrib:
        del c.attrib["t"]
    kind, text = cached(value)
    if text is None:
        return
    if kind:
        c.set("t", kind)
    etree.SubElement(c, _q("v")).text = text


def prepare_sheet(
    data: bytes,
    styles: StyleMap,
    cached: dict[tuple[int, int], object],
    *,
    strings: list[str] | None = None,
    selected: bool = False,
    carried: list[CarriedCell] | None = None,
    code_name: str | None = None,
) -> SheetResult:
    """`code_name`: the VBA code name of the sheet this one replaces (an .xlsm's document
    module stays attached to the report sheet).

    Our renderer's rows (render/body_xml.py and openpyxl: `<c r="…" s="…">`, inline strings,
    formulas as `<f>…</f>` with their value, or `<f>…</f><v/>` from openpyxl) are edited as
    text, a regular expression each for the style indices and the formulas' cached values: a
    big sheet has ~100,000 cells, and a tree of them costs more than the rest of the splice.
    Only the sheet around the rows is parsed. Anything else (shared strings, a prefixed
    namespace, array formulas, cells of the user's to carry over) goes through the tree,
    `_prepare_tree`."""
    split = _split_rows(data)
    if split is None or carried or b' t="s"' in split[1] or b"<f " in split[1]:
        root = parse_xml(data, "sheet")
        _prepare_frame(root, styles, selected, code_name)
        return _prepare_tree(root, styles, cached, strings, carried)
    head, rows, tail = split
    root = parse_xml(head + b"<sheetData/>" + tail, "sheet")
    _prepare_frame(root, styles, selected, code_name)
    xf = {} if styles.same else styles.xf
    moved = {str(old).encode(): str(new).encode() for old, new in xf.items() if old != new}
    if moved:  # only the cells whose format moved are matched: a callback each
        rows = _styled(frozenset(moved)).sub(lambda m: b'<c r="%s" s="%s"' % (m[1], moved[m[2]]), rows)
    # The rows written as text have their formulas' values (render/cached.py); openpyxl's rows, at
    # the top, do not: the regular expression runs up to the last formula without one.
    end = max((at + len(ending) for ending in _UNCACHED if (at := rows.rfind(ending)) >= 0), default=0)
    if end:
        rows = _FORMULA_CELL.sub(lambda m: _cached_cell(m, cached), rows[:end]) + rows[end:]
    text = to_bytes(root)
    at = text.index(b"<sheetData/>")
    return SheetResult(b"".join((text[:at], b"<sheetData>", rows, b"</sheetData>", text[at + len(b"<sheetData/>") :])))


@functools.cache
def _styled(indices: frozenset[bytes]) -> re.Pattern:
    """Our cells with one of these style indices."""
    return re.compile(rb'<c r="([A-Z]+\d+)" s="(' + b"|".join(sorted(indices)) + rb')"')


# A formula cell without its value: no <v>, or an empty one. A formula's text holds no '<'.
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+\d+)"([^>]*)><f>([^<]*)</f>(?:<v/>|<v></v>)?</c>')
_UNCACHED = (b"</f></c>", b"</f><v/></c>", b"</f><v></v></c>")
_TYPE = re.compile(rb' t="[^"]*"')


def _split_rows(data: bytes) -> tuple[bytes, bytes, bytes] | None:
    """(before <sheetData>, its rows, after </sheetData>), or None when the part is not laid
    out as our renderer writes it."""
    start = data.find(b"<sheetData")
    if start < 0:
        return None
    opened = data.find(b">", start) + 1
    if data[opened - 2 : opened] == b"/>":
        return data[:start], b"", data[opened:]
    if data[start:opened] != b"<sheetData>":
        return None
    close = data.find(b"</sheetData>", opened)
    if close < 0:
        return None
    return data[:start], data[opened:close], data[close + len(b"</sheetData>") :]


def _cached_cell(match: re.Match, cached: dict[tuple[int, int], object]) -> bytes:
    """A formula cell with its cached value, as `_set_cached` writes it."""
    ref, attributes, formula = match[1], match[2], match[3]
    if b" t=" in attributes:  # seldom: our formulas are written without a type
        attributes = _TYPE.sub(b"", attributes)
    kind, value = _cached_text(cached.get(split_ref(ref.decode())))
    return b'<c r="%s"%s%s><f>%s</f>%s</c>' % (ref, attributes, kind, formula, value)


def _cached_text(value: object) -> tuple[bytes, bytes]:
    """`cached_xml` as bytes."""
    attribute, v = cached_xml(value)
    return attribute.encode(), v.encode()


def _prepare_frame(root: etree._Element, styles: StyleMap, selected: bool, code_name: str | None) -> None:
    """The parts of a sheet around its rows: code name, conditional formats' styles, selection."""
    if code_name:
        sheet_pr = root.find(_q("sheetPr"))
        if sheet_pr is None:
            sheet_pr = etree.Element(_q("sheetPr"))
            root.insert(0, sheet_pr)
        sheet_pr.set("codeName", code_name)
    for rule in root.iter(_q("cfRule")):
        if "dxfId" in rule.attrib and not styles.same:
            rule.set("dxfId", str(styles.dxf.get(int(rule.get("dxfId")), 0)))
    for view in root.iter(_q("sheetView")):
        view.set("tabSelected", "1" if selected else "0")


def _prepare_tree(
    root: etree._Element,
    styles: StyleMap,
    cached: dict[tuple[int, int], object],
    strings: list[str] | None,
    carried: list[CarriedCell] | None,
) -> SheetResult:
    """The rows of prepare_sheet on the whole tree (its frame done): any sheet XML, and the
    user's cells carried over."""
    sheet_data = root.find(_q("sheetData"))
    # One pass per kind of change (lxml finds the cells): a big sheet has ~100,000 cells.
    if not styles.same:
        xf = {str(old): str(new) for old, new in styles.xf.items()}
        for c in sheet_data.iterfind("m:row/m:c[@s]", _NS):
            c.set("s", xf.get(c.get("s"), "0"))
    for c in sheet_data.iterfind("m:row/m:c[@t='s']", _NS):
        index = int(c.findtext(_q("v")) or -1)
        _set_inline(c, strings[index] if strings and 0 <= index < len(strings) else "")
    for c in sheet_data.iterfind("m:row/m:c[m:f]", _NS):
        _set_cached(c, cached.get(split_ref(c.get("r"))))
    displaced = []
    if not carried:
        return SheetResult(to_bytes(root), displaced)  # the rendered <dimension> is right
    rows: dict[int, etree._Element] = {int(row.get("r")): row for row in sheet_data.iterfind("m:row", _NS)}
    taken = {split_ref(c.get("r")) for c in sheet_data.iterfind("m:row/m:c", _NS)}
    for cell in carried:
        if (cell.row, cell.col) in taken:
            displaced.append(cell)
            continue
        row = rows.get(cell.row)
        if row is None:
            row = etree.Element(_q("row"), r=str(cell.row))
            later = next((r for n, r in sorted(rows.items()) if n > cell.row), None)
            if later is None:
                sheet_data.append(row)
            else:
                later.addprevious(row)
            rows[cell.row] = row
        element = copy.deepcopy(cell.element)
        element.set("r", cell.ref)
        formula = element.find(_q("f"))
        if formula is not None and formula.get("t") == "shared":
            element.remove(formula)  # a shared formula's other cells stayed behind: keep its value
        after = next((c for c in row if split_ref(c.get("r"))[1] > cell.col), None)
        if after is None:
            row.append(element)
        else:
            after.addprevious(element)
        taken.add((cell.row, cell.col))
    if taken:
        dimension = root.find(_q("dimension"))
        if dimension is not None:
            r1, r2 = min(r for r, _ in taken), max(r for r, _ in taken)
            c1, c2 = min(c for _, c in taken), max(c for _, c in taken)
            dimension.set("ref", f"{column_letter(c1)}{r1}:{column_letter(c2)}{r2}")
    return SheetResult(to_bytes(root), displaced)


def cached_values(spec) -> dict[tuple[int, int], object]:
    """(row, col) → cached value of each formula cell of a spec (its cells and its table body)."""
    from ..report.spec import Formula

    found = {
        (cell.row, cell.col): cell.value.value
        for cell in spec.cells
        if isinstance(cell.value, Formula) and cell.value.value is not None
    }
    if spec.body is not None:
        found |= {(row, col): formula.value for row, col, formula in spec.body.formulas() if formula.value is not None}
    return found
