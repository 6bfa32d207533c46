"""Deliver: put rendered sheets into a workbook file, safely.

A build splices our sheets into the user's package and copies everything else byte for
byte (splice.py); it reads only our own sheets of an existing workbook (existing.py).
"""

from .append_rows import append_rows
from .existing import Existing, input_sheets, open_existing, read_comments, read_facts, read_settings
from .files import backup_path, make_backup, save_atomically, write_text_atomically

__all__ = [
    "Existing",
    "append_rows",
    "backup_path",
    "input_sheets",
    "make_backup",
    "open_existing",
    "read_comments",
    "read_facts",
    "read_settings",
    "save_atomically",
    "write_text_atomically",
]
