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


def _cell(ref: str, value: object, style: str | None, formula: str | None = None) -> etree._Element:
    """A cell of `value` (text inline), or of `formula` (a calculated column's) when given."""
    c = etree.Element(_q("c"), r=ref)
    if style is not None:
        c.set("s", style)
    if formula is not None:
        etree.SubElement(c, _q("f")).text = formula
        return c
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


def _add_rows(
    package: Package, part: str, root: etree._Element, rows, first_col: int
) -> tuple[int, dict[str, bytes], bool]:
    """`rows` into the sheet, from column `first_col`: (the first new row's number, the changed
    Table parts, whether they went inside the Table).

    They go under the data of the Table that holds their columns, above its totals row (which
    moves down), where the cells they and the moved totals need are free in the Table's columns:
    the cells the user formatted ahead count as free, and keep their formats. A calculated
    column's formula fills the new rows. Where a value of the user's stands in the way, the rows
    go under the sheet's last value instead, outside the Table: the caller says so."""
    data = root.find(_q("sheetData"))
    width = max((len(row) for row in rows), default=0)
    changed: dict[str, bytes] = {}
    if not rows:
        return _last_filled(data) + 1, changed, False
    by_number = {int(row.get("r")): row for row in data}
    table_part, table, inside = _placement(package, part, by_number, first_col, width, len(rows))
    if inside:
        r1, c1, r2, c2 = _ref_bounds(table.get("ref"))
        totals = int(table.get("totalsRowCount", "0") or 0)
        data_end = r2 - totals
        first_new = data_end + 1
        if totals:
            _move_cells(data, by_number, range(data_end + 1, r2 + 1), c1, c2, len(rows))
        styles = _styles(by_number.get(data_end))
        formulas = _calculated(table, c1)
        for i, values in enumerate(rows):
            cells = {first_col + j: value for j, value in enumerate(values)}
            row = _row(data, by_number, first_new + i)
            for col in sorted(set(cells) | set(formulas)):
                formula = formulas.get(col) if cells.get(col) is None else None
                _place(
                    row,
                    first_new + i,
                    col,
                    styles,
                    lambda ref, style, v=cells.get(col), f=formula: _cell(ref, v, style, f),
                )
        ref = f"{column_letter(c1)}{r1}:{column_letter(c2)}{r2 + len(rows)}"
        table.set("ref", ref)
        auto_filter = table.find(_q("autoFilter"))
        if auto_filter is not None:
            auto_filter.set("ref", f"{column_letter(c1)}{r1}:{column_letter(c2)}{data_end + len(rows)}")
        changed[table_part] = to_bytes(table)
        last_new = r2 + len(rows)
    else:
        last_filled = _last_filled(data)
        first_new = last_filled + 1
        styles = _styles(by_number.get(last_filled))
        for i, values in enumerate(rows):
            row = _row(data, by_number, first_new + i)
            for j, value in enumerate(values):
                _place(row, first_new + i, first_col + j, styles, lambda ref, style, v=value: _cell(ref, v, style))
        last_new = first_new + len(rows) - 1
    dimension = root.find(_q("dimension"))
    if dimension is not None:
        d1, dc1, d2, dc2 = _ref_bounds(dimension.get("ref"))
        right = max(dc2, first_col + width - 1)
        dimension.set("ref", f"{column_letter(dc1)}{min(d1, first_new)}:{column_letter(right)}{max(d2, last_new)}")
    return first_new, changed, inside


def _placement(package: Package, part: str, by_number: dict, first_col: int, width: int, count: int) -> tuple:
    """(the Table's part, the Table, whether `count` rows fit in it): the Table holding the columns,
    and whether the rows under it (where its new rows and its totals row go) are free in its columns."""
    table_part, table = _table_of(package, part, first_col, first_col + width - 1)
    if table is None:
        return None, None, False
    _, c1, r2, c2 = _ref_bounds(table.get("ref"))
    return table_part, table, not any(_filled(by_number.get(r), c1, c2) for r in range(r2 + 1, r2 + count + 1))


def rows_fit_table(package: Package, part: str, change: SheetAppend) -> bool:
    """Whether `change.rows` go inside the sheet's Table (nothing of the user's under it), or there are none."""
    if not change.rows:
        return True
    data = package.xml(part).find(_q("sheetData"))
    by_number = {int(row.get("r")): row for row in data}
    width = max(len(row) for row in change.rows)
    return _placement(package, part, by_number, change.first_col, width, len(change.rows))[2]


def _table_of(package: Package, part: str, first: int, last: int) -> tuple[str | None, etree._Element | None]:
    """The sheet's Table whose columns hold columns `first`–`last`."""
    if rels_name(part) not in package:
        return None, None
    for rel in Relationships.read(package, part, rels_name(part)).of_type(TABLE):
        table = package.xml(rel.part)
        _, c1, _, c2 = _ref_bounds(table.get("ref"))
        if c1 <= first and last <= c2:
            return rel.part, table
    return None, None


def _has_value(cell: etree._Element) -> bool:
    """A cell that shows something: a value, a formula or inline text (not one formatted ahead)."""
    return any(child.tag in (_q("v"), _q("f"), _q("is")) for child in cell)


def _filled(row: etree._Element | None, first: int, last: int) -> bool:
    """Whether `row` has a value in columns `first`–`last`."""
    return row is not None and any(
        first <= split_ref(c.get("r"))[1] <= last and _has_value(c) for c in row.iter(_q("c")) if c.get("r")
    )


def _last_filled(data: etree._Element) -> int:
    """The last row with a value (a row only formatted ahead does not count); 0 for none."""
    return next((int(row.get("r")) for row in reversed(data) if any(_has_value(c) for c in row.iter(_q("c")))), 0)


def _styles(row: etree._Element | None) -> dict[int, str | None]:
    """Column → style of a row's cells: new cells look like the ones above them."""
    return {} if row is None else {split_ref(c.get("r"))[1]: c.get("s") for c in row.iter(_q("c")) if c.get("r")}


def _calculated(table: etree._Element, first_col: int) -> dict[int, str]:
    """Column → the formula of a calculated column (Excel fills it in each row of the Table)."""
    formulas = {}
    for i, column in enumerate(table.iter(_q("tableColumn"))):
        formula = column.find(_q("calculatedColumnFormula"))
        if formula is not None and formula.text:
            formulas[first_col + i] = formula.text
    return formulas


def _row(data: etree._Element, by_number: dict[int, etree._Element], number: int) -> etree._Element:
    """Row `number` of sheetData, made in its place when missing."""
    if number in by_number:
        return by_number[number]
    row = etree.Element(_q("row"), r=str(number))
    after = next((n for n in sorted(by_number, reverse=True) if n < number), None)
    if after is None:
        data.insert(0, row)
    else:
        by_number[after].addnext(row)
    by_number[number] = row
    return row


def _place(row: etree._Element, number: int, col: int, styles: dict, make) -> None:
    """`make(ref, style)`'s cell into `row` at `col`: with the format of the cell it replaces (one
    formatted ahead), else that of the cell above (`styles`)."""
    ref = f"{column_letter(col)}{number}"
    old = row.find(f"{_q('c')}[@r='{ref}']")
    style = old.get("s") if old is not None and old.get("s") else styles.get(col)
    _put(row, make(ref, style), col, old)


def _put(row: etree._Element, cell: etree._Element, col: int, old: etree._Element | None) -> None:
    """`cell` into `row` in column order, in place of `old`."""
    if old is not None:
        old.addnext(cell)
        row.remove(old)
        return
    later = next((c for c in row.iter(_q("c")) if c.get("r") and split_ref(c.get("r"))[1] > col), None)
    if later is not None:
        later.addprevious(cell)
    else:
        row.append(cell)
    row.attrib.pop("spans", None)  # Excel's hint of the row's columns: no longer right


def _move_cells(data, by_number, rows: range, first: int, last: int, down: int) -> None:
    """Columns `first`–`last` of `rows` (a Table's totals row) moved `down` rows."""
    for number in reversed(rows):
        row = by_number.get(number)
        if row is None:
            continue
        moving = [c for c in row.iter(_q("c")) if c.get("r") and first <= split_ref(c.get("r"))[1] <= last]
        target = _row(data, by_number, number + down)
        if len(moving) == len(row) and not len(target):  # the whole row: its height and format go too
            for key, value in row.attrib.items():
                if key != "r":
                    target.set(key, value)
        for cell in moving:
            row.remove(cell)
            col = split_ref(cell.get("r"))[1]
            cell.set("r", f"{column_letter(col)}{number + down}")
            _put(target, cell, col, target.find(f"{_q('c')}[@r='{cell.get('r')}']"))
        if not len(row):
            data.remove(row)
            del by_number[number]


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
    return _sheet_changes(package, part, change, dxf_id)[0]


def _sheet_changes(package: Package, part: str, change: SheetAppend, dxf_id: int | None) -> tuple[dict, int]:
    """`sheet_changes`, and the first new row's number."""
    root = package.xml(part)
    first_new, changed, _ = _add_rows(package, part, root, change.rows, change.first_col)
    greyed = set_grey_rows(root, tuple(change.grey_rows), change.first_col, change.width, dxf_id)
    if change.rows or greyed:
        changed[part] = to_bytes(root)
    return changed, first_new


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
    """Write `source` to `target` with `rows` added to `sheet_name` (from column `first_col`): in
    its Table, under its data, where nothing of the user's is in the way (`_add_rows`), else under
    the sheet's last value. `grey_rows`: rows
    shown grey across `width` columns (see the module docstring). `target` may be `source`
    itself (then it is replaced atomically). Returns the first new row's number."""
    existing = open_existing(source)
    try:
        sheet = next((s for s in existing.sheets if s.name == sheet_name and s.part), None)
        if sheet is None:
            raise KeyClientsError("error.sheet_missing", Location(file=source.name, sheet=sheet_name))
        root = existing.package.xml(sheet.part)
        change = SheetAppend(tuple(map(tuple, rows)), tuple(grey_rows), first_col, max(width, 1))
        changed: dict[str, bytes] = {}
        dxf_id = None
        if grey_rows or grey_sqref(root):
            dxf_id, styles = styles_with_grey(existing.package, existing.styles_part, None)
            if styles is not None:
                changed[existing.styles_part] = styles
        sheet_parts, first_new = _sheet_changes(existing.package, sheet.part, change, dxf_id)
        changed.update(sheet_parts)
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
    "rows_fit_table",
    "sheet_changes",
    "styles_with_grey",
]
