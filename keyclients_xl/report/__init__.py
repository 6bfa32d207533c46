"""Report: analysis results → sheet specs (what goes where), with no Excel library involved.

The settings sheet and the specs are light and imported at once: a build into an existing
workbook reads its settings before the exports, and pandas must not come in before them
(docs/performance.md). The key-client sheet (pandas) is imported on first use.
"""

from ..lazy import lazy_attributes
from .settings_sheet import read_settings_rows, read_sheet_items, settings_sheet
from .spec import CellSpec, ConditionalSpec, Formula, SheetSpec, TableSpec

_API = {"key_clients_sheet": "key_clients"}

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

__getattr__, __dir__ = lazy_attributes(__name__, _API, globals())
