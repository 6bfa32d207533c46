"""Report: analysis results → sheet specs (what goes where), with no Excel library involved."""

from .key_clients import key_clients_sheet
from .settings_sheet import read_settings_rows, read_sheet_items, settings_sheet
from .spec import CellSpec, ConditionalSpec, Formula, SheetSpec, TableSpec

__all__ = [
    "CellSpec",
    "ConditionalSpec",
    "Formula",
    "SheetSpec",
    "TableSpec",
    "key_clients_sheet",
    "read_settings_rows",
    "read_sheet_items",
    "settings_sheet",
]
