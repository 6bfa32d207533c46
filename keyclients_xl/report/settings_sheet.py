"""The settings sheet: key | value | meaning rows, written on every build and read back on the next."""

from __future__ import annotations

from ..i18n import LANGS, t
from ..settings import BOUNDARIES, INPUT_SOURCES, MEASURES, RULES, Settings
from .spec import CellSpec, ListValidation, SheetSpec

CHOICES = {
    "rule": RULES,
    "measure": MEASURES,
    "abc_boundary": BOUNDARIES,
    "lang": LANGS,
    "input_source": INPUT_SOURCES,
}

FIRST_ROW = 4  # rows above: the intro line and the column headers


# --as-of is a one-off choice: stored, it would pin every later monthly build to one month.
STORED = tuple(key for key, _ in Settings().items() if key != "as_of")


def settings_sheet(
    settings: Settings, lang: str, extra: dict[str, object] | None = None, notes: list[str] | None = None
) -> SheetSpec:
    """`extra` adds read-only facts (tool and xlwings versions) below the settings; `notes` the last build's notes."""
    cells = [
        CellSpec(1, 1, t("settings.intro", lang), "note"),
        CellSpec(3, 1, t("settings.key", lang), "header"),
        CellSpec(3, 2, t("settings.value", lang), "header"),
        CellSpec(3, 3, t("settings.meaning", lang), "header"),
    ]
    items = [(k, lang if k == "lang" else v) for k, v in settings.items() if k in STORED]
    for i, (key, value) in enumerate(items):
        row = FIRST_ROW + i
        cells += [
            CellSpec(row, 1, key, "code"),
            CellSpec(row, 2, "" if value is None else value, "input"),
            CellSpec(row, 3, t(f"setting.{key}", lang), "text"),
        ]
    for i, (key, value) in enumerate((extra or {}).items()):
        row = FIRST_ROW + len(items) + 1 + i
        cells += [CellSpec(row, 1, key, "code"), CellSpec(row, 2, str(value), "text")]
    notes_row = FIRST_ROW + len(items) + len(extra or {}) + 2
    if notes:
        cells.append(CellSpec(notes_row, 1, t("summary.notes", lang), "label"))
        cells += [CellSpec(notes_row + 1 + i, 1, f"• {text}", "note") for i, text in enumerate(notes)]
    validations = [
        ListValidation(f"B{FIRST_ROW + i}", tuple(CHOICES[key])) for i, (key, _) in enumerate(items) if key in CHOICES
    ]
    return SheetSpec(
        name=t("sheet.settings", lang),
        validations=validations,
        cells=cells,
        widths={1: 20, 2: 16, 3: 70},
        tab_color="7F7F7F",
        role="settings",
        print_area=f"A1:C{max(cell.row for cell in cells)}",  # long notes overflow on screen only
    )


def read_sheet_items(rows: list[list]) -> dict[str, object]:
    """key → value of every row from the first setting on: the settings and the facts below them."""
    return {
        str(row[0]).strip(): (row[1] if len(row) > 1 else None)
        for row in rows[FIRST_ROW - 1 :]
        if row and row[0] is not None
    }


def read_settings_rows(rows: list[list]) -> dict[str, object]:
    """key → value of the stored settings only (column A keys, column B values)."""
    return {key: value for key, value in read_sheet_items(rows).items() if key in STORED}
