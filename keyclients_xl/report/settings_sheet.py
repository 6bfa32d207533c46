"""The settings sheet: key | value | meaning rows, written on every build and read back on the next."""

from __future__ import annotations

from ..i18n import LANGS, t
from ..settings import METRIC_GROUPS, WORDED, Settings, choice_word
from .layout import wrapped_lines
from .spec import CellSpec, ListValidation, SheetSpec

CHOICES = {**WORDED, "lang": LANGS}

HEADER_ROW = 3  # above: the intro line
FIRST_ROW = HEADER_ROW + 1
WIDTHS = {1: 20, 2: 18, 3: 84}


# --as-of is a one-off choice: stored, it would pin every later monthly build to one month.
STORED = tuple(key for key, _ in Settings().items() if key != "as_of")


def settings_sheet(
    settings: Settings, lang: str, extra: dict[str, object] | None = None, notes: list[str] | None = None
) -> SheetSpec:
    """`extra` adds read-only facts (tool and xlwings versions) below the settings; `notes` the last build's notes."""
    intro = wrapped_lines([t("settings.intro", lang)], WIDTHS, 1, 3, 1)
    cells = [
        *intro.cells,
        CellSpec(HEADER_ROW, 1, t("settings.key", lang), "header"),
        CellSpec(HEADER_ROW, 2, t("settings.value", lang), "header"),
        CellSpec(HEADER_ROW, 3, t("settings.meaning", lang), "header"),
    ]
    items = [(k, lang if k == "lang" else v) for k, v in settings.items() if k in STORED]
    rows = setting_rows([key for key, _ in items])
    for key, value in items:
        row = rows[key]
        shown = choice_word(key, value, lang) if key in WORDED else value
        cells += [
            CellSpec(row, 1, key, "code"),
            CellSpec(row, 2, "" if shown is None else shown, "input"),
            CellSpec(row, 3, t(f"setting.{key}", lang), "text"),
        ]
    # The metric sheets' thresholds, under a title line per sheet (column C: never read as a key).
    for group, keys in METRIC_GROUPS.items():
        if keys[0] in rows:
            cells.append(CellSpec(rows[keys[0]] - 1, 3, t(f"settings.group.{group}", lang), "label"))
    after = max(rows.values(), default=FIRST_ROW - 1) + 1
    for i, (key, value) in enumerate((extra or {}).items()):
        row = after + 1 + i
        cells += [CellSpec(row, 1, key, "code"), CellSpec(row, 2, str(value), "text")]
    notes_row = after + len(extra or {}) + 2
    merged, heights = list(intro.merged), dict(intro.heights)
    if notes:
        # Wrapped across the three columns: long notes stay inside the printed page.
        block = wrapped_lines([f"• {text}" for text in notes], WIDTHS, 1, 3, notes_row + 1)
        cells += [CellSpec(notes_row, 1, t("summary.notes", lang), "label"), *block.cells]
        merged += block.merged
        heights.update(block.heights)
    validations = [_drop_down(key, rows[key], lang) for key, _ in items if key in CHOICES]
    return SheetSpec(
        name=t("sheet.settings", lang),
        validations=validations,
        cells=cells,
        widths=WIDTHS,
        heights=heights,
        merged=merged,
        tab_color="7F7F7F",
        role="settings",
        print_area=f"A1:C{max(cell.row for cell in cells)}",
        header_row=HEADER_ROW,
    )


def setting_rows(keys: list[str]) -> dict[str, int]:
    """key → its row: one after another from FIRST_ROW, with a title line before each metric group."""
    firsts = {group_keys[0] for group_keys in METRIC_GROUPS.values()}
    rows, row = {}, FIRST_ROW
    for key in keys:
        if key in firsts:
            row += 1  # the group's title line
        rows[key] = row
        row += 1
    return rows


def _drop_down(key: str, row: int, lang: str) -> ListValidation:
    """The words to choose from (codes for the language); anything else typed is refused with a message."""
    options = tuple(choice_word(key, code, lang) if key in WORDED else code for code in CHOICES[key])
    return ListValidation(
        f"B{row}",
        options,
        error_title=t("validation.title", lang),
        error=t("validation.error", lang, options=", ".join(options)),
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
