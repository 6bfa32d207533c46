"""Everything that talks to Excel.

- ``macros``: the ribbon buttons, run by RunPython inside Excel;
- ``udfs``: the worksheet functions (xlwings UDFs);
- ``open_book``: rendered sheets into the workbook open in Excel;
- ``workbook_builder``, ``ribbon``, ``udf_vba``, ``vba_texts`` and ``vba``: KeyClients.xlsm
  with its own ribbon tab, generated from the text sources in ``sources/`` by
  :func:`make_workbook` (``keyclients make-workbook``); nobody edits the binary by hand.

See docs/excel.md. Names are imported on first use: the buttons import ``macros`` on every
click, and the workbook builder (openpyxl, xlwings) is not theirs to pay for.
"""

from ..lazy import lazy_attributes

_API = {
    "check_ribbon": "ribbon",
    "ribbon_callbacks": "ribbon",
    "ribbon_xml": "ribbon",
    "vba_subs": "ribbon",
    "make_workbook": "workbook_builder",
    "user_conf": "workbook_builder",
    "vba_modules": "workbook_builder",
    "workbook_bytes": "workbook_builder",
    "workbook_xlwings_version": "workbook_builder",
}

__all__ = sorted(_API)


__getattr__, __dir__ = lazy_attributes(__name__, _API, globals())
