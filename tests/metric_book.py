"""A small export whose every metric is worked out by hand, for the metric sheets' tests.

Four clients, May–October 2026, one SKU line per client and month (SKU, quantity, price, list
price 12.5). The window is August–October (October closes on Friday the 30th); with --top 2
the key clients are Beta (average (100 + 0 + 150) / 3 = 83.33) and Alpha ((90 + 80 + 70) / 3 = 80).

| client | May | Jun | Jul | Aug | Sep | Oct | price |
|---|---|---|---|---|---|---|---|
| Alpha | P1 120 | P1 110 | P1 100 | P1 60, P2 30 | P1 60, P2 20 | P1 70 (the 20th) | 10 |
| Beta | P1 100 | P1 100 | P1 100 | P1 100 | — | P1 150 | 8 |
| Gamma | — | — | — | P3 30 | P3 40 | P3 50 | 10 |
| Delta | P2 20 | P2 20 | P2 20 | P2 20 | P2 20 | P2 20 | 10 |
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl

from keyclients_xl.report.metric_layout import HEADER_ROW

TODAY = dt.date(2026, 11, 27)
MONTHS = ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
SALES = {
    "Alpha": [[("P1", 120)], [("P1", 110)], [("P1", 100)], [("P1", 60), ("P2", 30)], [("P1", 60), ("P2", 20)],
              [("P1", 70)]],
    "Beta": [[("P1", 100)], [("P1", 100)], [("P1", 100)], [("P1", 100)], [], [("P1", 150)]],
    "Gamma": [[], [], [], [("P3", 30)], [("P3", 40)], [("P3", 50)]],
    "Delta": [[("P2", 20)]] * 6,
}  # fmt: skip
PRICE = {"Alpha": 10.0, "Beta": 8.0, "Gamma": 10.0, "Delta": 10.0}
LIST_PRICE = 12.5
HEADER = ["Date", "Client", "SKU", "Quantity", "Price", "List price", "Amount"]


def day_of(client: str, month: str) -> str:
    if month == "2026-10":
        return "2026-10-20" if client == "Alpha" else "2026-10-30"
    return f"{month}-01"


def write_export(path: Path) -> Path:
    rows = [
        [day_of(client, month), client, sku, amount / PRICE[client], PRICE[client], LIST_PRICE, amount]
        for client, per_month in SALES.items()
        for month, lines in zip(MONTHS, per_month, strict=True)
        for sku, amount in lines
    ]
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([HEADER, *rows])
    return path


def write_reviews_workbook(path: Path) -> Path:
    """A workbook that already has a Terms reviews sheet: Alpha's prices reviewed on 1 October
    (an older review of Alpha's too, and a blank row), and nothing else of ours."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Terms reviews"
    for row in [
        ["Record every review"],
        ["Client", "Date", "Note"],
        ["Alpha", dt.date(2026, 3, 1), "old prices"],
        [None, None, None],
        ["alpha ", dt.date(2026, 10, 1), "прайс 2026"],
    ]:
        sheet.append(row)
    book.save(path)
    return path


def table(sheet, header_row: int = HEADER_ROW) -> list[dict]:
    """The rows under a header row, as dicts by header, down to the first row without a rank."""
    headers = [cell.value for cell in sheet[header_row]]
    rows = []
    for values in sheet.iter_rows(min_row=header_row + 1, values_only=True):
        if values[0] is None:
            break
        rows.append({header: value for header, value in zip(headers, values, strict=False) if header})
    return rows
