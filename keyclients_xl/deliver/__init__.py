"""Deliver: put rendered sheets into a workbook file, safely.

A build splices our sheets into the user's package and copies everything else byte for
byte (splice.py); it reads only our own sheets of an existing workbook (existing.py).
"""

from ..lazy import lazy_attributes

# Imported on first use: the command line reaches these before it reads an export, and a big
# workbook export is read best before pandas and openpyxl take their memory (docs/performance.md).
_API = {
    "Existing": "existing",
    "append_rows": "appends",
    "backup_path": "files",
    "input_sheets": "existing",
    "make_backup": "files",
    "open_existing": "existing",
    "read_comments": "existing",
    "read_facts": "existing",
    "read_settings": "existing",
    "save_atomically": "files",
    "write_text_atomically": "files",
}

__all__ = list(_API)

__getattr__, __dir__ = lazy_attributes(__name__, _API, globals())
