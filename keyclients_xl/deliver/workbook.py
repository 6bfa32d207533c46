"""An existing workbook: open it, read its settings, swap our report sheets, leave the rest alone."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook

from ..errors import KeyClientsError, Location
from ..i18n import Phrases, all_translations
from ..read import SheetRows
from ..render import render_sheet
from ..report import SheetSpec, read_settings_rows, read_sheet_items
from ..settings import Settings

# The monthly cycle's report sheets too: built in another language, History is read from
# «История» and written as "History", and the old one must not stay beside it.
REPORT_SHEET_KEYS = (
    "sheet.key_clients",
    "sheet.settings",
    "sheet.history",
    "sheet.changes",
    "sheet.receivables",
    "sheet.prospects",
)


def report_sheet_names() -> set[str]:
    """Our sheets' names in every language: they are replaced on each build."""
    return set().union(*(all_translations(key) for key in REPORT_SHEET_KEYS))


# Package parts that an openpyxl load and save drops or rebuilds without their formatting
# (see shared/NOTES.md): a workbook holding them is never rewritten by us.
_FRAGILE_PARTS = {
    "xl/charts/": "part.charts",
    "xl/chartsheets/": "part.chartsheets",
    "xl/drawings/drawing": "part.drawings",  # DrawingML only: the .vml beside comments is kept
    "xl/pivotTables/": "part.pivots",
    "xl/slicers/": "part.slicers",
    "xl/timelines/": "part.timelines",
    "xl/ctrlProps/": "part.controls",
    "xl/activeX/": "part.activex",
    "xl/embeddings/": "part.embeddings",
    "xl/model/": "part.model",
}


def fragile_contents(path: Path) -> Phrases:
    """What the workbook holds that rewriting it with openpyxl would lose (message keys)."""
    with zipfile.ZipFile(path) as package:
        names = [n for n in package.namelist() if not n.endswith((".rels", ".vml"))]
    return Phrases(tuple(key for prefix, key in _FRAGILE_PARTS.items() if any(n.startswith(prefix) for n in names)))


def open_workbook(path: Path) -> Workbook:
    try:
        if zipfile.is_zipfile(path) and (lost := fragile_contents(path)).keys:
            raise KeyClientsError("error.would_lose", Location(file=path.name), {"what": lost})
        return load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
    except KeyClientsError:
        raise
    except Exception as exc:
        raise KeyClientsError(
            "error.workbook_unreadable", Location(file=path.name), {"detail": str(exc)[:200]}
        ) from exc


def _settings_rows(workbook: Workbook) -> tuple[str, list[list]] | None:
    """The settings sheet's name and rows, whatever its language; None when there is none."""
    names = all_translations("sheet.settings")
    sheet = next((sheet for sheet in workbook.worksheets if sheet.title in names), None)
    return None if sheet is None else (sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)])


def read_settings(workbook: Workbook, file: str) -> Settings | None:
    """The settings stored in the workbook's settings sheet, or None when it has none."""
    found = _settings_rows(workbook)
    if found is None:
        return None
    title, rows = found
    return Settings.from_items(read_settings_rows(rows), Location(file=file, sheet=title))


def input_sheets(workbook: Workbook, file: str) -> list[SheetRows]:
    """The rows of the workbook's input sheets (those of a KeyClients.xlsm), in any language."""
    names = all_translations("sheet.input_lines") | all_translations("sheet.input_months")
    return [
        SheetRows(file, sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)])
        for sheet in workbook.worksheets
        if sheet.title in names
    ]


def read_facts(workbook: Workbook) -> dict[str, object]:
    """Every key → value row of the settings sheet, facts such as xlwings_version included."""
    found = _settings_rows(workbook)
    return read_sheet_items(found[1]) if found else {}


def replace_report_sheets(workbook: Workbook, specs: list[SheetSpec]) -> None:
    """Remove our previous report sheets (and any of the new ones' names) and draw the new ones
    where the old ones stood (else first)."""
    ours = report_sheet_names() | {spec.name for spec in specs}
    positions = [i for i, s in enumerate(workbook.worksheets) if s.title in ours]
    for sheet in [s for s in workbook.worksheets if s.title in ours]:
        workbook.remove(sheet)
    start = positions[0] if positions else 0
    for offset, spec in enumerate(specs):
        render_sheet(workbook, spec, start + offset)
    workbook.active = start
    for sheet in workbook.worksheets:
        sheet.sheet_view.tabSelected = sheet is workbook.worksheets[start]
