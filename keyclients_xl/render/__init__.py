"""Render: sheet specs → openpyxl worksheets. The one renderer for the CLI and for Excel."""

from .excel import render_sheet, render_workbook

__all__ = ["render_sheet", "render_workbook"]
