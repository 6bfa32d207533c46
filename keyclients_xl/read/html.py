"""HTML tables saved as `.xls`: what many web and CRM systems call an Excel export.

pandas.read_html (lxml) finds the tables and spreads merged cells (colspan, rowspan) over
the cells they cover. The tables are stacked top to bottom, as Excel shows such a page, so a
title table above the data reads like a 1C title block. Cells stay text (`extract_links`
keeps pandas from guessing types: client codes keep their leading zeros, `1 234,50` and
`12,5` reach our own number parser untouched).
"""

from __future__ import annotations

import codecs
import re
from io import StringIO
from pathlib import Path

from ..errors import KeyClientsError, Location
from ..i18n import Amount, Count
from .limits import HTML_BYTES_MAX, HTML_CELLS_MAX, check_text_size
from .text import text_encoding

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def read_html_rows(path: Path, where: Location) -> tuple[list[list], int]:
    """(rows of every table stacked, number of tables). Raises when the page holds no table."""
    import pandas as pd

    check_text_size(path, where, HTML_BYTES_MAX)
    text = _XML_DECLARATION.sub("", path.read_bytes().decode(_encoding(path), errors="replace"), count=1)
    _check_spans(text, where)
    try:
        tables = pd.read_html(
            StringIO(text), flavor="lxml", thousands=None, keep_default_na=False, displayed_only=False,
            extract_links="all",
        )  # fmt: skip
    except ValueError as exc:  # "No tables found"
        raise KeyClientsError("file.no_tables", where) from exc
    rows: list[list] = []
    for table in tables:
        rows.extend(_header_rows(table.columns))
        rows.extend([_text(cell) for cell in row] for row in table.itertuples(index=False, name=None))
    return rows, len(tables)


def _check_spans(text: str, where: Location) -> None:
    """Refuse a page whose tables, spread out as pandas spreads them (each cell over its colspan
    and rowspan, each row as wide as the widest), would pass HTML_CELLS_MAX: one
    `<td colspan="20000" rowspan="20000">` in a 200-byte page took 105 s and 7.5 GB before
    pandas gave up. Bounds per table: its rows plus the longest rowspan, by its widest row plus
    every extra column a span adds (nested tables count in the tables around them too)."""
    from lxml import html

    try:
        page = html.fromstring(text.encode("utf-8"), parser=html.HTMLParser(encoding="utf-8", huge_tree=False))
    except Exception:  # nothing lxml can read: pandas says there is no table
        return
    cells = 0
    for table in page.iter("table"):
        rows = table.xpath(".//tr")
        spans = [(_span(c.get("colspan")), _span(c.get("rowspan"))) for c in table.xpath(".//*[@colspan or @rowspan]")]
        height = len(rows) + max((rowspan for _, rowspan in spans), default=1)
        width = max((len(row) for row in rows), default=0)
        width += sum(colspan - 1 + (colspan if rowspan > 1 else 0) for colspan, rowspan in spans)
        cells += height * width
        if cells > HTML_CELLS_MAX:
            params = {"cells": Count(cells, "cell"), "limit": Amount(HTML_CELLS_MAX)}
            raise KeyClientsError("file.html_spans_too_big", where, params)


def _span(value: str | None) -> int:
    """A span as pandas reads it: a whole number, at least 1; 1 without one or for odd text
    (pandas itself then finds no table)."""
    try:
        return max(int(value or 1), 1)
    except ValueError:
        return 1


def _encoding(path: Path) -> str:
    """The page's declared charset (`<meta charset=…>`), else what its bytes say."""
    with path.open("rb") as file:
        head = file.read(4096)
    declared = _CHARSET.search(head)
    if declared and not head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        try:
            return codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            pass
    return text_encoding(path)


def _header_rows(columns) -> list[list]:
    """Header cells (`<th>` rows) that pandas moved into the column labels, back as rows.

    A label is (text, link) for one header row, a tuple of such pairs for several, and the
    column number when the table has no header row.
    """
    labels = list(columns)
    if not labels or not isinstance(labels[0], tuple):
        return []
    if isinstance(labels[0][0], tuple):
        return [[_text(cell) for cell in level] for level in zip(*labels, strict=True)]
    return [[_text(label) for label in labels]]


def _text(cell) -> str | None:
    """A cell of `extract_links="all"` is (text, link); empty cells come as '' or NaN."""
    text = cell[0] if isinstance(cell, tuple) else cell
    if not isinstance(text, str):
        return None
    text = text.strip()
    return text or None
