"""Render: sheet specs → openpyxl worksheets. The one renderer for the CLI and for Excel."""

from .excel import render_sheet, render_workbook
from .package import render_package

__all__ = ["render_package", "render_sheet", "render_workbook"]
