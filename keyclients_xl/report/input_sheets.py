"""The input sheets of KeyClients.xlsm: where the user pastes an export (or the Import button
puts one). Their headers are names the reader recognises, in the workbook's language."""

from __future__ import annotations

import pandas as pd

from ..i18n import month_label, t
from .spec import CellSpec, SheetSpec

LINE_FIELDS = ("date", "client", "sku", "quantity", "price", "amount", "manager", "status")
LINE_WIDTHS = (12, 40, 40, 12, 12, 14, 24, 14)
DATA_ROW = 3  # row 1: the instruction line, row 2: the headers


def line_headers(lang: str) -> list[str]:
    return [t(f"input.col.{field}", lang) for field in LINE_FIELDS]


def _input_sheet(name: str, instructions: str, headers: list[str], widths: list[float], freeze: str) -> SheetSpec:
    cells = [CellSpec(1, 1, instructions, "note")]
    cells += [CellSpec(DATA_ROW - 1, col, header, "label") for col, header in enumerate(headers, start=1)]
    return SheetSpec(
        name=name,
        cells=cells,
        widths=dict(enumerate(widths, start=1)),
        freeze=freeze,
        tab_color="548235",
        role="input",
    )


def input_lines_sheet(lang: str) -> SheetSpec:
    """Document lines: date, client, product, quantity, price, amount, manager, status."""
    return _input_sheet(
        t("sheet.input_lines", lang), t("input.instructions_lines", lang), line_headers(lang), list(LINE_WIDTHS), "A3"
    )


def input_months_sheet(lang: str, months: list[pd.Period]) -> SheetSpec:
    """The method's own table: client and one column per month."""
    headers = [t("input.col.client", lang)] + [month_label(month, lang) for month in months]
    widths = [40] + [14] * len(months)
    return _input_sheet(t("sheet.input_months", lang), t("input.instructions_months", lang), headers, widths, "B3")
