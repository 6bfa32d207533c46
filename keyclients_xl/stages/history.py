"""Stage "history": the month's snapshot into History («История»), and what changed since the previous month.

1. History is read from its sheet. When the workbook has none (or it is empty), it is seeded:
   from old month-snapshot sheets («Снимок 2026-09», written by `--snapshot` before History),
   and from the data itself, the `history_seed` month-ends before this one that the export
   covers whole. A month an old snapshot sheet holds is taken from it, not recomputed: it is
   what was reported then.
2. This month's full snapshot (every client, with the account health where the health stage
   gives one) is compared with the previous month in History: the Changes sheet and the alerts
   new_key, left_key, class_down, lost_client.
3. History gets this month merged in (its rows replaced when the month is built again, other
   months unchanged, `history_keep` ranks kept) and is written back whole: the sheet is ours.

Adds: the Changes and History sheets, the alerts, notes (seeding, a missing month),
`results["history"]` (a HistoryResult) and `summary["history"]`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..analyse.changes import Changes, compare
from ..analyse.history import (
    empty_history,
    fill_missing_months,
    history_from_rows,
    history_from_snapshot_sheets,
    merge,
    seed,
    snapshot,
    snapshot_sheet_month,
)
from ..i18n import Count
from ..read.notes import Note
from ..report.changes_sheet import changes_sheet
from ..report.history_sheet import history_sheet
from . import BuildContext


@dataclass
class HistoryResult:
    """History as written (`history`), the month's full snapshot, the comparison, and how History was seeded."""

    history: pd.DataFrame
    current: pd.DataFrame
    changes: Changes
    seeded_months: int = 0
    snapshot_months: int = 0


def health_by_client(result: object) -> pd.Series | None:
    """The health stage's result as a Series by client_key: a Series as it is, a frame (or an object
    with a `.table` frame) with client_key and health columns; None when there is none."""
    frame = getattr(result, "table", result)
    if isinstance(frame, pd.Series):
        return frame
    if isinstance(frame, pd.DataFrame) and {"client_key", "health"} <= set(frame.columns):
        return frame.drop_duplicates("client_key").set_index("client_key")["health"]
    return None


def stored_history(context: BuildContext) -> pd.DataFrame:
    sheet = context.user_sheets.rows("sheet.history")
    return history_from_rows(sheet.rows) if sheet is not None else empty_history()


def seeded_history(context: BuildContext, current: pd.Period) -> tuple[pd.DataFrame, list[Note], int, int]:
    """History for a workbook without one: old snapshot sheets, then the data's earlier windows."""
    keep = context.settings.history_keep
    sheets = context.user_sheets
    old = [(name, sheets.rows_of(name)) for name in sheets.names if snapshot_sheet_month(name) is not None]
    from_sheets = history_from_snapshot_sheets(old, keep)
    lines = context.shipments.frame
    data_start = context.shipments.first_day()
    from_data = seed(
        lines, context.settings, current, count=context.settings.history_seed, data_start=data_start, keep_top=keep
    )
    history = fill_missing_months(from_sheets, from_data, keep)
    sheet_months = from_sheets["month"].nunique()
    data_months = history["month"].nunique() - sheet_months
    notes = []
    if sheet_months:
        notes.append(Note("note.history_from_snapshots", {"count": Count(sheet_months, "month")}))
    if data_months:
        notes.append(Note("note.history_seeded", {"count": Count(data_months, "month")}))
    return history, notes, data_months, sheet_months


def run(context: BuildContext) -> None:
    keep = context.settings.history_keep
    month = context.analysis.months[-1]
    history = stored_history(context)
    notes, seeded, from_sheets = [], 0, 0
    if history.empty:
        history, notes, seeded, from_sheets = seeded_history(context, month)
    # History keeps names: a client the exports identify by its code is found by its name.
    history = history.assign(client_key=context.shipments.sales_keys(history["client_key"]))
    current = snapshot(context.analysis, health_by_client(context.results.get("health")))
    changes = compare(current, history)
    merged = merge(history, current, keep)
    context.results["history"] = HistoryResult(merged, current, changes, seeded, from_sheets)
    context.alerts += changes.alerts
    context.notes += notes + changes.notes
    context.summary["history"] = {
        "months": int(merged["month"].nunique()),
        "rows": len(merged),
        "previous": None if changes.previous is None else str(changes.previous),
        "seeded_months": seeded,
        "snapshot_sheet_months": from_sheets,
        "changes": len(changes.table),
    }
    context.sheets += [changes_sheet(changes, context.lang), history_sheet(merged, context.lang, keep)]
