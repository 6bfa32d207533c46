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
import math
import numbers
from dataclasses import dataclass, field

from lxml import etree

from .opc import MAIN_NS
from .package import parse_xml, to_bytes
from .sheet_read import split_ref
from .styles_merge import StyleMap

_NS = {"m": MAIN_NS}


def _q(tag: str) -> str:
    return f"{{{MAIN_NS}}}{tag}"


def _letters(col: int) -> str:
    text = ""
    while col:
        col, rem = divmod(col - 1, 26)
        text = chr(65 + rem) + text
    return text


@dataclass
class CarriedCell:
    """A cell the user typed on our sheet: its address and its <c> element as it was."""

    row: int
    col: int
    element: etree._Element

    @property
    def ref(self) -> str:
        return f"{_letters(self.col)}{self.row}"


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
    if value is None:
        return
    if isinstance(value, bool):
        c.set("t", "b")
        text = "1" if value else "0"
    elif isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            return
        text = repr(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    else:
        c.set("t", "str")
        text = str(value)
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
    module stays attached to the report sheet)."""
    root = parse_xml(data, "sheet")
    if code_name:
        sheet_pr = root.find(_q("sheetPr"))
        if sheet_pr is None:
            sheet_pr = etree.Element(_q("sheetPr"))
            root.insert(0, sheet_pr)
        sheet_pr.set("codeName", code_name)
    sheet_data = root.find(_q("sheetData"))
    # One pass per kind of change (lxml finds the cells): a big sheet has ~100,000 cells.
    xf = {str(old): str(new) for old, new in styles.xf.items()}
    for c in sheet_data.iterfind("m:row/m:c[@s]", _NS):
        c.set("s", xf.get(c.get("s"), "0"))
    for c in sheet_data.iterfind("m:row/m:c[@t='s']", _NS):
        index = int(c.findtext(_q("v")) or -1)
        _set_inline(c, strings[index] if strings and 0 <= index < len(strings) else "")
    for c in sheet_data.iterfind("m:row/m:c[m:f]", _NS):
        _set_cached(c, cached.get(split_ref(c.get("r"))))
    for rule in root.iter(_q("cfRule")):
        if "dxfId" in rule.attrib:
            rule.set("dxfId", str(styles.dxf.get(int(rule.get("dxfId")), 0)))
    for view in root.iter(_q("sheetView")):
        view.set("tabSelected", "1" if selected else "0")

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
            dimension.set("ref", f"{_letters(c1)}{r1}:{_letters(c2)}{r2}")
    return SheetResult(to_bytes(root), displaced)


def cached_values(cells) -> dict[tuple[int, int], object]:
    """(row, col) → cached value of each formula cell of a spec."""
    from ..report.spec import Formula

    return {
        (cell.row, cell.col): cell.value.value
        for cell in cells
        if isinstance(cell.value, Formula) and cell.value.value is not None
    }
