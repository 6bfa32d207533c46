"""Reading our report sheets back in tests: the summary's figures by their labels."""

from __future__ import annotations

from keyclients_xl.report.key_clients import SUMMARY_ROW


def summary_cell(ws, label: str) -> str:
    """The coordinate of the figure under `label` in the summary above the table."""
    for cell in ws[SUMMARY_ROW]:
        if cell.value == label:
            return ws.cell(SUMMARY_ROW + 1, cell.column).coordinate
    raise AssertionError(f"no summary label {label!r}")


def summary_value(ws, label: str) -> object:
    """The figure under `label` in the summary above the table."""
    return ws[summary_cell(ws, label)].value


def outlined_workbook(path, rows_with_levels, title: str = "TDSheet"):
    """An .xlsx of (cells, outline level) rows, as 1C saves a grouped report (level 0: none)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for cells, level in rows_with_levels:
        sheet.append(cells)
        if level:
            sheet.row_dimensions[sheet.max_row].outline_level = level
    book.save(path)
    return path
