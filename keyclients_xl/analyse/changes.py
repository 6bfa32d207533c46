"""Changes since the previous month: the current snapshot against the previous one in History.

"Previous" is the latest month in History before the current month. Rebuilding a month
that History already holds compares with the month before it, never with itself. When a
month is missing in between (no report was built then), the comparison is with the last
month History has, and a note says which one and how many months lie without a snapshot.

The current snapshot is the whole ranking (every client with shipments in the window),
while the previous one is History's compact rows (analyse/history.py: ranks up to 1,000 and
every key client). So a client of the previous rows that is absent now shipped nothing in
the current window: it stopped buying. A client absent before but present now was either new
or ranked below what History keeps; its previous rank is blank.

Classes: A above B above C; X (steadiest) above Y above Z. An empty XYZ (a one-month
window) is no class and makes no move.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..i18n import Amount, Count, Month
from ..read.notes import Note
from .alerts import Alert

_ABC_ORDER = {"A": 3, "B": 2, "C": 1}
_XYZ_ORDER = {"X": 3, "Y": 2, "Z": 1}
_SIDE = ["client_key", "client", "rank", "average", "abc", "xyz", "is_key", "last_shipped", "last_amount"]
# Near-key clients, whose rank moves are listed: ranks up to this many times the key count.
WATCH_FACTOR = 2


@dataclass
class Changes:
    """The comparison of `month` with `previous` (None when History has no earlier month).

    table: one row per client with a change (see `compare`); alerts: new_key, left_key,
    class_down, lost_client; notes: which month was compared and what is missing.
    """

    month: pd.Period
    previous: pd.Period | None
    table: pd.DataFrame
    alerts: list[Alert] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


TABLE_COLUMNS = [
    "client_key",
    "client",
    "rank_before",
    "rank_now",
    "rank_move",
    "average_before",
    "average_now",
    "key_before",
    "key_now",
    "abc_before",
    "abc_now",
    "abc_move",
    "xyz_before",
    "xyz_now",
    "xyz_move",
    "new_key",
    "left_key",
    "lost",
    "last_shipped",
    "last_amount",
]


def previous_month(history: pd.DataFrame, month: pd.Period) -> pd.Period | None:
    """The latest month in History before `month` (the same month rebuilt is not 'previous')."""
    earlier = history.loc[history["month"] < month, "month"]
    return earlier.max() if len(earlier) else None


def class_move(before: pd.Series, now: pd.Series, order: dict[str, int]) -> pd.Series:
    """'up', 'down' or '' per client; '' where either side has no class."""
    b, n = before.map(order), now.map(order)
    return pd.Series(np.where(n > b, "up", np.where(n < b, "down", "")), index=before.index)


def compare(current: pd.DataFrame, history: pd.DataFrame, watch_rank: int | None = None) -> Changes:
    """Compare the current snapshot with the previous month in History.

    `current` must be the whole snapshot, history.snapshot(analysis), not History's compact
    rows of the month: a client missing from it is taken to have stopped buying.

    Table columns: client_key, client, rank_before/rank_now (blank where absent), rank_move
    (rank_before − rank_now: positive is up), average_before/now, key_before/now,
    abc_before/now/move, xyz_before/now/move ('up' | 'down' | ''), new_key, left_key, lost
    (shipped in the previous window, nothing now), last_shipped/last_amount (the lost client's
    last month with shipments and its amount).

    Rows: every client with a key change, a class move, or that stopped buying, plus rank
    moves (and entries from outside History) of near-key clients: ranked up to `watch_rank`
    now or before (default twice the larger key count, at least 40). Sorted by current rank, the lost ones last.
    """
    month = current["month"].iloc[0] if len(current) else None
    previous = previous_month(history, month) if month is not None else None
    if previous is None:
        return Changes(month, None, pd.DataFrame(columns=TABLE_COLUMNS), notes=[Note("note.changes_first")])
    before = history.loc[history["month"] == previous, _SIDE]
    now = current[_SIDE]
    both = before.merge(now, on="client_key", how="outer", suffixes=("_before", "_now"), indicator=True)
    # Stopped buying: shipped in the previous window (a positive total; a client with nothing but
    # returns there bought nothing to stop), absent from the current one.
    lost = (both["_merge"] == "left_only") & (both["average_before"] > 0)
    gone = both["_merge"] == "left_only"
    key_before = both["is_key_before"].astype("boolean").fillna(False).astype(bool)
    key_now = both["is_key_now"].astype("boolean").fillna(False).astype(bool)
    table = pd.DataFrame(
        {
            "client_key": both["client_key"],
            "client": both["client_now"].fillna(both["client_before"]),
            "rank_before": both["rank_before"].astype("Int64"),
            "rank_now": both["rank_now"].astype("Int64"),
            "rank_move": (both["rank_before"] - both["rank_now"]).astype("Int64"),
            "average_before": both["average_before"].astype("float64"),
            "average_now": both["average_now"].astype("float64"),
            "key_before": key_before,
            "key_now": key_now,
            "abc_before": both["abc_before"].fillna(""),
            "abc_now": both["abc_now"].fillna(""),
            "abc_move": class_move(both["abc_before"], both["abc_now"], _ABC_ORDER),
            "xyz_before": both["xyz_before"].fillna(""),
            "xyz_now": both["xyz_now"].fillna(""),
            "xyz_move": class_move(both["xyz_before"], both["xyz_now"], _XYZ_ORDER),
            "new_key": key_now & ~key_before,
            "left_key": key_before & ~key_now & ~gone,
            "lost": lost,
            "last_shipped": both["last_shipped_before"].where(lost),
            "last_amount": both["last_amount_before"].where(lost),
        }
    )
    if watch_rank is None:
        watch_rank = max(WATCH_FACTOR * max(int(key_before.sum()), int(key_now.sum())), 40)
    watched = (table["rank_before"] <= watch_rank).fillna(False) | (table["rank_now"] <= watch_rank).fillna(False)
    # A rank move, or entering the near-key ranks from outside History (new, or ranked below what it keeps).
    moved = (table["rank_move"].fillna(0) != 0) | (table["rank_before"].isna() & table["rank_now"].notna())
    changed = (
        table["new_key"]
        | table["left_key"]
        | table["lost"]
        | (table["abc_move"] != "")
        | (table["xyz_move"] != "")
        | (watched & moved & ~table["lost"])
    )
    table = (
        table[changed]
        .sort_values(["rank_now", "rank_before"], na_position="last", kind="mergesort")
        .reset_index(drop=True)[TABLE_COLUMNS]
    )
    notes = []
    if previous < month - 1:
        missing = Count((month - previous).n - 1, "month")
        notes.append(Note("note.changes_gap", {"previous": Month(previous), "missing": missing}))
    return Changes(month, previous, table, change_alerts(table, month), notes)


def _rank_text(rank) -> str:
    return "—" if pd.isna(rank) else str(int(rank))


def change_alerts(table: pd.DataFrame, month: pd.Period) -> list[Alert]:
    """new_key, left_key, class_down and lost_client alerts from the Changes table.

    Severities: new_key medium; left_key medium; class_down — for clients key now or before —
    high when ABC falls two classes (A → C), medium for one, low when only XYZ falls;
    lost_client high for a former key client, medium for a former class A, low otherwise.
    A key client that stopped buying gets lost_client only.
    """
    # One Alert object per finding about a changed client: a short list, built row by row.
    return [alert for row in table.itertuples(index=False) for alert in _row_alerts(row, month)]


def _row_alerts(row, month: pd.Period) -> list[Alert]:
    values = {
        "rank": None if pd.isna(row.rank_now) else int(row.rank_now),
        "rank_before": None if pd.isna(row.rank_before) else int(row.rank_before),
        "average": None if pd.isna(row.average_now) else float(row.average_now),
        "average_before": None if pd.isna(row.average_before) else float(row.average_before),
    }

    def alert(kind: str, severity: str, params: dict, extra: dict | None = None) -> Alert:
        return Alert(row.client_key, row.client, kind, severity, {**values, **(extra or {})}, month, params)

    if row.lost:
        severity = "high" if row.key_before else "medium" if row.abc_before == "A" else "low"
        known = pd.notna(row.last_shipped)  # an old snapshot sheet without month columns does not say
        extra = {
            "last_month": str(row.last_shipped) if known else None,
            "last_amount": float(row.last_amount) if known else None,
        }
        if known:
            params = {"last_month": Month(row.last_shipped), "amount": Amount(row.last_amount)}
        else:
            params = {"last_month": Note("changes.month_unknown"), "amount": "—"}
        return [alert("lost_client", severity, params, extra)]
    alerts = []
    ranks = {"rank": _rank_text(row.rank_now), "before": _rank_text(row.rank_before)}
    if row.new_key:
        alerts.append(alert("new_key", "medium", ranks))
    if row.left_key:
        alerts.append(alert("left_key", "medium", ranks))
    down = [
        f"{name} {before} → {now}"
        for name, before, now, move in (
            ("ABC", row.abc_before, row.abc_now, row.abc_move),
            ("XYZ", row.xyz_before, row.xyz_now, row.xyz_move),
        )
        if move == "down"
    ]
    if down and (row.key_before or row.key_now):
        drop = _ABC_ORDER.get(row.abc_before, 0) - _ABC_ORDER.get(row.abc_now, 0) if row.abc_move == "down" else 0
        severity = "high" if drop >= 2 else "medium" if drop == 1 else "low"
        extra = {"abc": [row.abc_before, row.abc_now], "xyz": [row.xyz_before, row.xyz_now]}
        alerts.append(alert("class_down", severity, {"moves": ", ".join(down)}, extra))
    return alerts
