"""Old name of :mod:`keyclients_xl.excel.macros`, kept for workbooks made before the move: their
ribbon module calls ``import keyclients_xl.macros as m; m.build_report()`` through RunPython."""

from .excel.macros import build_report, import_exports, save_snapshot, show_help, show_settings  # noqa: F401
