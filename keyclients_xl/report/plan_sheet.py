"""The Plan sheet («План работы»): the manager's plan as an Excel Table, most urgent first.

    row 1   the title: the period the plan covers
    row 2   'From' | the first day (a date cell) | the last day, the item count by priority
    row 4   the Table's headers: Priority | Date | Client | Manager | Kind | What to do
    row 5…  one item per row, in plan order (priority, then date); high-priority rows red and
            bold, medium ones amber (conditional formats on the priority word, so a row the
            manager re-sorts keeps its colour)

`plan_rows` gives each item's row, for the links from the key-client sheet; `read_plan_sheet`
reads the sheet back (the account card shows the plan of the last build).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..analyse.plan import KINDS, PlanThresholds
from ..errors import column_letter
from ..i18n import Count, all_translations, t
from .layout import LINE_HEIGHT, text_width
from .spec import CellSpec, ConditionalSpec, SheetSpec, TableSpec

TITLE_ROW, PERIOD_ROW, HEADER_ROW = 1, 2, 4
DATA_ROW = HEADER_ROW + 1
PERIOD_CELL = (PERIOD_ROW, 2)  # the plan's first day, a date cell
COLUMNS = ("priority", "date", "client", "manager", "kind", "text")
WIDTHS = (11, 12, 34, 28, 15, 84)
# The item's text wraps inside its column (a long alert would run past the printed page); the
# high-priority ones are bold (a conditional format), so wrapping reckons with bold width.
STYLES = {
    "priority": "center", "date": "date", "client": "text", "manager": "text", "kind": "text", "text": "text_wrap",
}  # fmt: skip
FILLS = {"high": ("FFC7CE", True), "medium": ("FFEB9C", False)}  # low: no fill
TABLE = "Plan"


def header(column: str, lang: str) -> str:
    return t(f"plan.col.{column}", lang)


def _long_day(day: dt.date, lang: str) -> str:
    from babel.dates import format_date

    return format_date(day, "long", locale=lang).replace("\u202f", "\u00a0")


def plan_rows(plan: pd.DataFrame) -> pd.Series:
    """The Excel row of each item (same index as `plan`)."""
    return pd.Series(range(DATA_ROW, DATA_ROW + len(plan)), index=plan.index, dtype="int64")


def first_rows(plan: pd.DataFrame) -> pd.Series:
    """client_key → the row of its first (most urgent) item."""
    return plan_rows(plan).groupby(plan["client_key"].to_numpy()).min()


def plan_sheet(
    plan: pd.DataFrame, today: dt.date, lang: str, thresholds: PlanThresholds = PlanThresholds()
) -> SheetSpec:
    """The sheet of a plan frame (analyse/plan.py, its `text` in `lang`), built on `today`."""
    end = today + dt.timedelta(days=thresholds.plan_days - 1)
    counts = plan["priority"].value_counts()
    by_priority = " · ".join(f"{t(f'priority.{p}', lang)}: {int(counts.get(p, 0))}" for p in ("high", "medium", "low"))
    period = t("plan.until", lang, day=_long_day(end, lang), items=Count(len(plan), "item"), counts=by_priority)
    cells = [
        CellSpec(TITLE_ROW, 1, t("plan.title", lang, days=Count(thresholds.plan_days, "day")), "title"),
        CellSpec(PERIOD_ROW, 1, t("plan.from", lang), "label"),
        CellSpec(*PERIOD_CELL, today, "date"),
        CellSpec(PERIOD_ROW, 3, period, "text"),  # indented: clear of the date on its left
    ]
    cells += [CellSpec(HEADER_ROW, col, header(name, lang), "header") for col, name in enumerate(COLUMNS, 1)]
    values = {
        "priority": plan["priority"].map(lambda p: t(f"priority.{p}", lang)),
        "date": plan["date"].map(lambda d: pd.Timestamp(d).date()),
        "client": plan["client"],
        "manager": plan["manager"],
        "kind": plan["kind"].map(lambda k: t(f"plan.kind.{k}", lang)),
        "text": plan["text"],
    }
    for col, name in enumerate(COLUMNS, 1):
        for row, value in zip(plan_rows(plan), values[name], strict=True):
            if value is not None and not (isinstance(value, float) and pd.isna(value)):
                cells.append(CellSpec(int(row), col, value, STYLES[name]))
    last_row = DATA_ROW + max(len(plan), 1) - 1  # a Table needs one body row, even an empty one
    last_col = column_letter(len(COLUMNS))
    rows = f"A{DATA_ROW}:{last_col}{last_row}"
    conditional = [
        ConditionalSpec(rows, f'$A{DATA_ROW}="{t(f"priority.{p}", lang)}"', fill=fill, bold=bold)
        for p, (fill, bold) in FILLS.items()
    ]
    return SheetSpec(
        name=t("sheet.plan", lang),
        cells=cells,
        tables=[TableSpec(TABLE, f"A{HEADER_ROW}:{last_col}{last_row}", "TableStyleLight1")],
        conditional=conditional,
        widths=dict(enumerate(WIDTHS, 1)),
        heights={TITLE_ROW: 18.0, **_wrapped_heights(plan)},
        tab_color="548235",
        print_area=f"A1:{last_col}{last_row}",
        role="plan",
        header_row=HEADER_ROW,
    )


def _wrapped_heights(plan: pd.DataFrame) -> dict[int, float]:
    """Heights of the rows whose text needs more than one line in its column."""
    width = WIDTHS[COLUMNS.index("text")]
    lines = plan["text"].fillna("").map(lambda text: max(1, -(-int(text_width(str(text), bold=True)) // width)))
    return {int(row): LINE_HEIGHT * count for row, count in zip(plan_rows(plan), lines, strict=True) if count > 1}


def _words(keys: list[str]) -> dict[str, str]:
    """Each key's text in every language → the key's last part ('priority.high' → 'high')."""
    return {text: key.rsplit(".", 1)[1] for key in keys for text in all_translations(key)}


def read_plan_sheet(rows: list[list]) -> tuple[dt.date | None, pd.DataFrame]:
    """The first day and the items of a Plan sheet as read (rows[0] is row 1), in either language:
    a frame of priority and kind (codes; kind 'visit' for the three visit kinds, which share a
    word), date, client, manager, text. Rows above the Table, or a sheet without it, give none."""

    def cell(row: int, col: int) -> object:
        return rows[row - 1][col - 1] if len(rows) >= row and len(rows[row - 1]) >= col else None

    start = cell(*PERIOD_CELL)
    start = pd.Timestamp(start).date() if isinstance(start, dt.date | dt.datetime | pd.Timestamp) else None
    names = {text: name for name in COLUMNS for text in all_translations(f"plan.col.{name}")}
    found = {names[value]: col for col, value in enumerate(rows[HEADER_ROW - 1] if len(rows) >= HEADER_ROW else [], 1)
             if isinstance(value, str) and value in names}  # fmt: skip
    empty = pd.DataFrame(columns=list(COLUMNS))
    if set(found) != set(COLUMNS):
        return start, empty
    body = [[cell(r, found[name]) for name in COLUMNS] for r in range(DATA_ROW, len(rows) + 1)]
    frame = pd.DataFrame(body, columns=list(COLUMNS), dtype=object)
    frame = frame[frame["client"].notna() & frame["text"].notna()].reset_index(drop=True)
    priorities = _words([f"priority.{p}" for p in ("high", "medium", "low")])
    kinds = _words([f"plan.kind.{kind}" for kind in KINDS])
    return start, frame.assign(
        priority=frame["priority"].map(priorities),
        kind=frame["kind"].map(lambda word: "visit" if kinds.get(word, "").startswith("visit") else kinds.get(word)),
        date=pd.to_datetime(frame["date"], errors="coerce"),
    )


__all__ = ["DATA_ROW", "HEADER_ROW", "first_rows", "plan_rows", "plan_sheet", "read_plan_sheet"]
