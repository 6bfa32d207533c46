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


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{_API[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
