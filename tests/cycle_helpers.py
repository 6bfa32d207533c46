"""Helpers of the monthly-cycle tests: exports written from amounts per month, our sheets read back."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd


def write_export(path: Path, amounts: dict[str, list[float]], first: str) -> Path:
    """A CSV of document lines (Дата;Клиент;Сумма): each month's amount in two halves, on its first and
    its last day, so that the first and the last month are whole (`amounts`: client → amounts of
    consecutive months from `first`, 'YYYY-MM'; 0 writes no line)."""
    months = pd.period_range(first, periods=len(next(iter(amounts.values()))), freq="M")
    rows = [
        [f"{day:02d}.{m.month:02d}.{m.year}", client, f"{amount / 2:g}"]
        for client, values in amounts.items()
        for m, amount in zip(months, values, strict=True)
        if amount
        for day in (1, m.days_in_month)
    ]
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file, delimiter=";").writerows([["Дата", "Клиент", "Сумма"], *rows])
    return path


def sheet_table(path: Path, sheet: str, first_header: str) -> list[dict]:
    """The table on `sheet` whose header row starts with `first_header`: its rows as dicts, up to a blank row."""
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row and row[0] == first_header)
    header = rows[start]
    table = []
    for row in rows[start + 1 :]:
        if all(value is None for value in row):
            break
        table.append(dict(zip(header, row, strict=False)))
    return table


def sheet_lines(path: Path, sheet: str, first_header: str) -> list[str]:
    """The text lines above the table (the title, the subtitle and the notes)."""
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    lines = []
    for row in rows:
        if row and row[0] == first_header:
            break
        lines += [value for value in row if isinstance(value, str)]
    return lines
