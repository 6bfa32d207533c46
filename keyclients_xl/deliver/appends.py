"""Append rows to a sheet the user owns (an input sheet, an account card list) and extend its
Table, changing nothing else: every existing cell stays as it was, every other part is
copied byte for byte.

New cells take the style of the cell above them (the sheet's last row), so a date looks like
the dates above it. Text is written inline (never as a formula, whatever it starts with).

Rows can also be shown grey (the account cards of clients who left the key list) without
touching their cells: one conditional format of ours, with a fixed formula that marks it as
ours (GREY_FORMULA), covers exactly those rows. Each build replaces it with the current set,
so a client who comes back loses its grey; the user's own conditional formats stay.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import numbers
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from openpyxl.utils.datetime import to_excel

from ..errors import KeyClientsError, Location, column_letter
from .existing import open_existing
from .files import discard, publish, temp_beside
from .opc import TABLE, Relationships
from .package import Package, rels_name, to_bytes, write_package
from .sheet_read import split_ref
from .sheet_xml import _q, _set_inline

# Always true; the text tells the user (in Excel's rules manager) and the next build whose rule it
# is. No function names: Excel reads a rule added from VBA or COM in its own language (ИСТИНА).
GREY_FORMULA = '"KeyClients: not a key client now"<>""'
GREY_FILL, GREY_FONT = "FFD9D9D9", "FF7F7F7F"
# CT_Worksheet's children that come after conditionalFormatting (schema order).
_AFTER_CONDITIONAL = (
    "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks",
    "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
    "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
)  # fmt: skip


@dataclass(frozen=True)
class SheetAppend:
    """What a build changes on one sheet the user owns: `rows` appended below its last row (from
    column `first_col`; its Table grows to hold them) and the Excel rows to show grey, columns
    `first_col` to `first_col + width - 1` (the complete set: rows not listed lose our grey)."""

    rows: tuple[tuple, ...] = ()
    grey_rows: tuple[int, ...] = ()
    first_col: int = 1
    width: int = 1


def _cell(ref: str, value: object, style: str | None) -> etree._Element:
    c = etree.Element(_q("c"), r=ref)
    if style is not None:
        c.set("s", style)
    if value is None:
        return c
    if isinstance(value, str):
        _set_inline(c, value)
        return c
    if isinstance(value, bool):
        c.set("t", "b")
        text = "1" if value else "0"
    elif isinstance(value, dt.date | dt.datetime):
        text = repr(float(to_excel(value)))
    elif isinstance(value, numbers.Real) and math.isfinite(float(value)):
        number = float(value)
        text = repr(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    else:
        _set_inline(c, str(value))
        return c
    etree.SubElement(c, _q("v")).text = text
    return c


def _ref_bounds(ref: str) -> tuple[int, int, int, int]:
    first, _, second = ref.partition(":")
    r1, c1 = split_ref(first.replace("$", ""))
    r2, c2 = split_ref((second or first).replace("$", ""))
    return r1, c1, r2, c2


def _add_rows(package: Package, part: str, root: etree._Element, rows, first_col: int) -> tuple[int, dict[str, bytes]]:
    """`rows` under the sheet's last row, the Table ending there extended, the dimension updated:
    (the first new row's number, the changed Table parts)."""
    data = root.find(_q("sheetData"))
    last = data[-1] if len(data) else None
    last_row = int(last.get("r")) if last is not None else 0
    styles = {}
    if last is not None:
        styles = {split_ref(c.get("r"))[1]: c.get("s") for c in last.iter(_q("c")) if c.get("r")}
    first_new = last_row + 1
    if not rows:
        return first_new, {}
    width = max(len(row) for row in rows)
    for i, values in enumerate(rows):
        row_number = first_new + i
        row = etree.SubElement(data, _q("row"), r=str(row_number))
        for j, value in enumerate(values):
            col = first_col + j
            row.append(_cell(f"{column_letter(col)}{row_number}", value, styles.get(col)))
    new_last = last_row + len(rows)
    changed: dict[str, bytes] = {}
    for rel in Relationships.read(package, part, rels_name(part)).of_type(TABLE):
        table = package.xml(rel.part)
        r1, c1, r2, c2 = _ref_bounds(table.get("ref"))
        if r2 != last_row:
            continue
        ref = f"{column_letter(c1)}{r1}:{column_letter(c2)}{new_last}"
        table.set("ref", ref)
        auto_filter = table.find(_q("autoFilter"))
        if auto_filter is not None:
            auto_filter.set("ref", ref)
        changed[rel.part] = to_bytes(table)
    dimension = root.find(_q("dimension"))
    if dimension is not None:
        r1, c1, _, c2 = _ref_bounds(dimension.get("ref"))
        right = max(c2, first_col + width - 1)
        dimension.set("ref", f"{column_letter(c1)}{min(r1, first_new)}:{column_letter(right)}{new_last}")
    return first_new, changed


def grey_ranges(rows: tuple[int, ...], first_col: int, width: int) -> list[str]:
    """['A5:J5', 'A9:J11']: runs of consecutive rows, one range each."""
    runs: list[list[int]] = []
    for row in sorted(set(rows)):
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    left, right = column_letter(first_col), column_letter(first_col + width - 1)
    return [f"{left}{a}:{right}{b}" for a, b in runs]


def _is_grey_rule(node: etree._Element) -> bool:
    formulas = [f.text for rule in node.iter(_q("cfRule")) for f in rule.iter(_q("formula"))]
    return formulas == [GREY_FORMULA]


def grey_sqref(root: etree._Element) -> str:
    """The rows our grey rule covers now ('' when there is none)."""
    return " ".join(node.get("sqref", "") for node in root.findall(_q("conditionalFormatting")) if _is_grey_rule(node))


def set_grey_rows(root: etree._Element, rows: tuple[int, ...], first_col: int, width: int, dxf_id: int | None) -> bool:
    """Make our grey rule cover exactly `rows` (none: no rule). False when nothing changes."""
    wanted = " ".join(grey_ranges(rows, first_col, width))
    if grey_sqref(root) == wanted:
        return False
    for node in root.findall(_q("conditionalFormatting")):
        if _is_grey_rule(node):
            root.remove(node)
    if not rows:
        return True
    priorities = [int(rule.get("priority", "0")) for rule in root.iter(_q("cfRule"))]
    node = etree.Element(_q("conditionalFormatting"), sqref=wanted)
    priority = str(max([0, *priorities]) + 1)  # after the user's own rules
    rule = etree.SubElement(node, _q("cfRule"), type="expression", dxfId=str(dxf_id), priority=priority)
    etree.SubElement(rule, _q("formula")).text = GREY_FORMULA
    later = {_q(tag) for tag in _AFTER_CONDITIONAL}
    ours_at = next((i for i, child in enumerate(root) if child.tag in later), len(root))
    root.insert(ours_at, node)
    return True


def grey_dxf(styles: etree._Element) -> int:
    """The index of our grey differential format in styles.xml (`styles`, edited in place; appended
    once, then reused)."""
    dxf = etree.Element(_q("dxf"))
    etree.SubElement(etree.SubElement(dxf, _q("font")), _q("color"), rgb=GREY_FONT)
    fill = etree.SubElement(etree.SubElement(dxf, _q("fill")), _q("patternFill"), patternType="solid")
    etree.SubElement(fill, _q("fgColor"), rgb=GREY_FILL)
    etree.SubElement(fill, _q("bgColor"), rgb=GREY_FILL)
    dxfs = styles.find(_q("dxfs"))
    if dxfs is None:
        dxfs = etree.Element(_q("dxfs"), count="0")
        after = styles.find(_q("tableStyles"))
        if after is not None:
            after.addprevious(dxfs)
        else:
            styles.append(dxfs)
    wanted = etree.tostring(dxf, method="c14n")
    for i, child in enumerate(dxfs):
        if etree.tostring(copy.deepcopy(child), method="c14n") == wanted:
            return i
    dxfs.append(dxf)
    dxfs.set("count", str(len(dxfs)))
    return len(dxfs) - 1


def sheet_changes(package: Package, part: str, change: SheetAppend, dxf_id: int | None) -> dict[str, bytes]:
    """The parts that `change` rewrites (the sheet, its Table): empty when there is nothing to do."""
    root = package.xml(part)
    _, changed = _add_rows(package, part, root, change.rows, change.first_col)
    greyed = set_grey_rows(root, tuple(change.grey_rows), change.first_col, change.width, dxf_id)
    if change.rows or greyed:
        changed[part] = to_bytes(root)
    return changed


def styles_with_grey(package: Package, part: str | None, current: bytes | None) -> tuple[int, bytes | None]:
    """Our grey format's index, and styles.xml with it (`current`: the bytes a splice already made)."""
    if current is None and (part is None or part not in package):
        return 0, None  # a package without styles: the rule's look falls back to Excel's default
    styles = etree.fromstring(current) if current is not None else package.xml(part)
    dxf_id = grey_dxf(styles)
    return dxf_id, to_bytes(styles)


def append_rows(
    source: Path, target: Path, sheet_name: str, rows: list[list], *, first_col: int = 1, grey_rows=(), width: int = 0
) -> int:
    """Write `source` to `target` with `rows` appended under the last row of `sheet_name`
    (from column `first_col`); a Table ending on that row grows to hold them. `grey_rows`: rows
    shown grey across `width` columns (see the module docstring). `target` may be `source`
    itself (then it is replaced atomically). Returns the first new row's number."""
    existing = open_existing(source)
    try:
        sheet = next((s for s in existing.sheets if s.name == sheet_name and s.part), None)
        if sheet is None:
            raise KeyClientsError("error.sheet_missing", Location(file=source.name, sheet=sheet_name))
        root = existing.package.xml(sheet.part)
        data = root.find(_q("sheetData"))
        first_new = int(data[-1].get("r")) + 1 if len(data) else 1
        change = SheetAppend(tuple(map(tuple, rows)), tuple(grey_rows), first_col, max(width, 1))
        changed: dict[str, bytes] = {}
        dxf_id = None
        if grey_rows or grey_sqref(root):
            dxf_id, styles = styles_with_grey(existing.package, existing.styles_part, None)
            if styles is not None:
                changed[existing.styles_part] = styles
        changed.update(sheet_changes(existing.package, sheet.part, change, dxf_id))
        if Path(target).resolve() != Path(source).resolve():
            write_package(target, existing.package, changed)
            return first_new
        tmp = temp_beside(source)
        try:
            write_package(tmp, existing.package, changed)
            existing.close()
            publish(tmp, source)
        finally:
            discard(tmp)
        return first_new
    finally:
        existing.close()


__all__ = [
    "GREY_FORMULA",
    "SheetAppend",
    "append_rows",
    "grey_ranges",
    "grey_sqref",
    "sheet_changes",
    "styles_with_grey",
]
