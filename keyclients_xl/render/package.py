"""Sheet specs → an .xlsx package in memory, the report's sheets as the splice and Excel get them.

openpyxl draws each sheet's frame: its title and header rows, rows under a merged range or a
Table's header, the column widths, Tables, rules, drop-downs, print set-up and charts, and
every look. The rows under the header, most of a big sheet's cells, are written as text by
body_xml (why: see there) and put in the sheet's <sheetData> between the frame's rows.
"""

from __future__ import annotations

import io
import re
import zipfile
from operator import itemgetter

from openpyxl import Workbook
from openpyxl.utils import get_column_letter, range_boundaries

from ..report.spec import SheetSpec
from .body_xml import body_rows
from .excel import render_sheet

_ROW = re.compile(rb'<row r="(\d+)"[^>]*?(?:/>|>.*?</row>)', re.DOTALL)
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')


def frame_rows(spec: SheetSpec) -> set[int]:
    """The rows openpyxl draws itself: up to the header, Tables' header rows (openpyxl names a
    Table's columns from them) and rows a merged range covers (openpyxl places its cells)."""
    rows = set(range(1, spec.header_row + 1)) if spec.header_row else set()
    for table in spec.tables:
        rows.add(range_boundaries(table.ref)[1])
    for ref in spec.merged:
        _, top, _, bottom = range_boundaries(ref)
        rows.update(range(top, bottom + 1))
    return rows


def render_package(specs: list[SheetSpec]) -> bytes:
    """A new workbook holding exactly the given sheets, in order, as the bytes of its package."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bodies = []
    for spec in specs:
        frame = frame_rows(spec)
        sheet = render_sheet(workbook, spec, rows=frame)
        bodies.append((sheet, body_rows(sheet, spec, frame), _dimension(spec)))
    drawn = io.BytesIO()
    workbook.save(drawn)
    parts = {sheet.path.lstrip("/"): (rows, dimension) for sheet, rows, dimension in bodies if rows}
    out = io.BytesIO()
    with zipfile.ZipFile(drawn) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in parts:
                # Stored: the splice reads it once and writes its own copy (compressed) of the sheet.
                target.writestr(info.filename, _with_body(data, *parts[info.filename]), zipfile.ZIP_STORED)
            else:
                target.writestr(info.filename, data)
    return out.getvalue()


def _dimension(spec: SheetSpec) -> str | None:
    rows, cols = spec.places()  # arrays: a big build has 150,000 cells
    if not len(rows):
        return None
    first = f"{get_column_letter(int(cols.min()))}{int(rows.min())}"
    last = f"{get_column_letter(int(cols.max()))}{int(rows.max())}"
    return first if first == last else f"{first}:{last}"


def _with_body(xml: bytes, body: list[tuple[int, str]], dimension: str | None) -> bytes:
    """The sheet part with the body's rows among the frame's rows, in row order."""
    start = xml.index(b"<sheetData")
    opened = xml.index(b">", start) + 1
    if xml[opened - 2 : opened] == b"/>":
        inner, end = b"", opened
    else:
        close = xml.index(b"</sheetData>", opened)
        inner, end = xml[opened:close], close + len(b"</sheetData>")
    # The frame's few rows as text among the body's, encoded once: not row by row (History's 10,000).
    rows = [(int(match[1]), match[0].decode("utf-8")) for match in _ROW.finditer(inner)]
    rows += body
    rows.sort(key=itemgetter(0))
    head = xml[:start]
    if dimension:
        head = _DIMENSION.sub(f'<dimension ref="{dimension}"/>'.encode(), head, count=1)
    cells = "".join([text for _, text in rows]).encode("utf-8")
    return b"".join([head, b"<sheetData>", cells, b"</sheetData>", xml[end:]])
