"""Deliver: put rendered sheets into a workbook file, safely."""

from .files import backup_path, save_atomically, write_text_atomically
from .workbook import input_sheets, open_workbook, read_facts, read_settings, replace_report_sheets

__all__ = [
    "backup_path",
    "input_sheets",
    "open_workbook",
    "read_facts",
    "read_settings",
    "replace_report_sheets",
    "save_atomically",
    "write_text_atomically",
]
