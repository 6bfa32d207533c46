"""Excel front end: KeyClients.xlsm with its own ribbon tab, macros and UDFs.

Generated from the text sources in ``sources/`` by :func:`make_workbook` (``keyclients
make-workbook``); nobody edits the binary by hand. See docs/excel.md.
"""

from .ribbon import check_ribbon, ribbon_callbacks, ribbon_xml, vba_subs
from .workbook_builder import make_workbook, user_conf, vba_modules, workbook_bytes, workbook_xlwings_version

__all__ = [
    "check_ribbon",
    "make_workbook",
    "ribbon_callbacks",
    "ribbon_xml",
    "user_conf",
    "vba_modules",
    "vba_subs",
    "workbook_bytes",
    "workbook_xlwings_version",
]
