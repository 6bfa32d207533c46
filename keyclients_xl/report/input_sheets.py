"""The input sheets of KeyClients.xlsm: where the user pastes an export (or the Import button
puts one). The lines sheet's headers are names the reader recognises, in the workbook's
language. The by-month sheet's month headers are the user's own, pasted with the numbers: the
template shows a hint there, never dates that would be stale by next month."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..i18n import Month, t
from ..read.notes import Note
from .spec import CellSpec, SheetSpec

LINE_FIELDS = ("date", "client", "sku", "quantity", "price", "amount", "manager", "status")
LINE_WIDTHS = (12, 40, 40, 12, 12, 14, 24, 14)
DATA_ROW = 3  # row 1: the instruction line, row 2: the headers


def line_headers(lang: str) -> list[str]:
    return [t(f"input.col.{field}", lang) for field in LINE_FIELDS]


def _input_sheet(name: str, instructions: str, cells: list[CellSpec], widths: list[float], freeze: str) -> SheetSpec:
    return SheetSpec(
        name=name,
        cells=[CellSpec(1, 1, instructions, "note"), *cells],
        widths=dict(enumerate(widths, start=1)),
        freeze=freeze,
        tab_color="548235",
        role="input",
    )


def _headers(headers: list[str]) -> list[CellSpec]:
    return [CellSpec(DATA_ROW - 1, col, header, "label") for col, header in enumerate(headers, start=1)]


def input_lines_sheet(lang: str) -> SheetSpec:
    """Document lines: date, client, product, quantity, price, amount, manager, status."""
    return _input_sheet(
        t("sheet.input_lines", lang),
        t("input.instructions_lines", lang),
        _headers(line_headers(lang)),
        list(LINE_WIDTHS),
        "A3",
    )


def input_months_sheet(lang: str) -> SheetSpec:
    """The method's own table: client and one column per month. The header row holds the
    client header and, where the months go, a hint (text, so the reader never takes it for a month)."""
    cells = [*_headers([t("input.col.client", lang)]), CellSpec(DATA_ROW - 1, 2, t("input.months_hint", lang), "note")]
    return _input_sheet(
        t("sheet.input_months", lang), t("input.instructions_months", lang), cells, [40] + [14] * 12, "B3"
    )


def stale_month_notes(exports: list, today: dt.date) -> list[Note]:
    """Notes when the month headers of a table by month look stale: they end before the
    document lines do, or before the last full month before ``today``.

    Month headers are pasted by the user; last month's labels left above this month's
    numbers are the mistake this catches. ``exports``: the input sheets as read
    (``Shipments.exports``); a table by month is an export of layout ``wide``.
    """
    wide = [export for export in exports if export.layout == "wide" and len(export.frame)]
    if not wide:
        return []
    sheet = wide[0].sheet or wide[0].file
    last = max(export.frame["month"].max() for export in wide)
    lines = [export.frame["month"].max() for export in exports if export.layout != "wide" and len(export.frame)]
    notes = []
    if lines and last < max(lines):
        notes.append(
            Note("note.months_behind_lines", {"sheet": sheet, "last": Month(last), "lines_end": Month(max(lines))})
        )
    last_full = pd.Period(today, freq="M") - 1
    if last < last_full:
        notes.append(
            Note("note.months_behind_today", {"sheet": sheet, "last": Month(last), "last_full": Month(last_full)})
        )
    return notes
