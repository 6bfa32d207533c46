"""Client directories: a second file that maps client codes to names (ИД клиента → Название).

Exports often carry only a client code; the names live in a reference list exported
separately. A sheet is a directory when it has no time axis but one column of codes and
one column of names, both about clients.
"""

from __future__ import annotations

import re

import pandas as pd

from ..errors import KeyClientsError
from .headers import normalise, role_score
from .layout import text_cells
from .sources import SheetRows

# What find_layout raises for a sheet without a sales layout. A directory is such a sheet; a sales
# export that fails further on (a bad number, all lines cancelled) is not one, whatever its columns.
_NO_SALES_LAYOUT = ("error.no_layout", "error.no_time_axis")


def is_no_sales_layout(error: KeyClientsError) -> bool:
    """Whether reading a sheet as sales failed for want of a layout (then it may be a directory)."""
    return error.key in _NO_SALES_LAYOUT


_CODE = re.compile(r"\b(ид|код|id|code|номер|no)\b")
HEADER_SEARCH_ROWS = 10


def read_directory(sheet: SheetRows) -> dict[str, str] | None:
    """code → name from a client directory sheet, or None when the sheet is not one."""
    rows = sheet.rows
    for header_row in range(min(HEADER_SEARCH_ROWS, len(rows))):
        headers = [normalise(h) for h in rows[header_row]]
        about_clients = [i for i, h in enumerate(headers) if role_score(h, "client") or role_score(h, "client_code")]
        codes = [i for i in about_clients if _CODE.search(headers[i]) or role_score(headers[i], "client_code")]
        names = [i for i in about_clients if i not in codes]
        if codes and names:
            body = pd.DataFrame(rows[header_row + 1 :], dtype=object)
            if body.empty:
                return None
            pairs = pd.DataFrame({"code": text_cells(body[codes[0]]), "name": text_cells(body[names[0]])}).dropna()
            return dict(zip(pairs["code"], pairs["name"], strict=True)) or None
    return None
