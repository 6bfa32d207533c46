"""Append rows to a sheet the user owns (an input sheet, an account card list) and extend its
Table, changing nothing else: every existing cell stays as it was, every other part is
copied byte for byte.

New cells take the style of the cell above them (the sheet's last row), so a date looks like
the dates above it. Text is written inline (never as a formula, whatever it starts with).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from pathlib import Path

from lxml import etree
from openpyxl.utils.datetime import to_excel

from ..errors import KeyClientsError, Location
from .existing import open_existing
from .files import discard, publish, temp_beside
from .opc import TABLE, Relationships
from .package import rels_name, to_bytes, write_package
from .sheet_read import split_ref
from .sheet_xml import _letters, _q, _set_inline


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


def append_rows(source: Path, target: Path, sheet_name: str, rows: list[list], *, first_col: int = 1) -> int:
    """Write `source` to `target` with `rows` appended under the last row of `sheet_name`
    (from column `first_col`); a Table ending on that row grows to hold them. `target` may
    be `source` itself (then it is replaced atomically). Returns the first new row's number."""
    existing = open_existing(source)
    try:
        sheet = next((s for s in existing.sheets if s.name == sheet_name and s.part), None)
        if sheet is None:
            raise KeyClientsError("error.sheet_missing", Location(file=source.name, sheet=sheet_name))
        root = existing.package.xml(sheet.part)
        data = root.find(_q("sheetData"))
        last = data[-1] if len(data) else None
        last_row = int(last.get("r")) if last is not None else 0
        styles = {}
        if last is not None:
            styles = {split_ref(c.get("r"))[1]: c.get("s") for c in last.iter(_q("c")) if c.get("r")}
        first_new = last_row + 1
        width = max([0, *(len(row) for row in rows)])
        for i, values in enumerate(rows):
            row_number = first_new + i
            row = etree.SubElement(data, _q("row"), r=str(row_number))
            for j, value in enumerate(values):
                col = first_col + j
                row.append(_cell(f"{_letters(col)}{row_number}", value, styles.get(col)))
        new_last = last_row + len(rows)
        changed: dict[str, bytes] = {}
        rels = Relationships.read(existing.package, sheet.part, rels_name(sheet.part))
        for rel in rels.of_type(TABLE):
            table = existing.package.xml(rel.part)
            r1, c1, r2, c2 = _ref_bounds(table.get("ref"))
            if r2 != last_row or not rows:
                continue
            ref = f"{_letters(c1)}{r1}:{_letters(c2)}{new_last}"
            table.set("ref", ref)
            auto_filter = table.find(_q("autoFilter"))
            if auto_filter is not None:
                auto_filter.set("ref", ref)
            changed[rel.part] = to_bytes(table)
        dimension = root.find(_q("dimension"))
        if dimension is not None and rows:
            r1, c1, _, c2 = _ref_bounds(dimension.get("ref"))
            right = max(c2, first_col + width - 1)
            dimension.set("ref", f"{_letters(c1)}{min(r1, first_new)}:{_letters(right)}{new_last}")
        changed[sheet.part] = to_bytes(root)
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
