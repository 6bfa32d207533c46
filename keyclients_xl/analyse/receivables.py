"""Receivables per client: debt, overdue debt, its age in buckets, its size in days of shipments; alert `overdue`.

Debt lines come from read/receivables.py as the export states them; `debt_lines` completes
each line:
- days overdue: as stated, else as-of date − due date (0 when not yet due);
- overdue: as stated, else the sum of the interval columns, else the whole debt of a line
  with days overdue > 0; unknown (NaN) for an export of balances only;
- buckets 0–30, 31–60, 61–90, 90+ (days overdue): as stated, else the overdue amount of a line
  put in the bucket of its days overdue; they split the overdue debt, so they add up to it;
- not yet due ('current'): as stated, else debt − overdue.

Overdue in days of shipments = overdue / (monthly average / 30.4): how many days of the
client's average shipments the overdue debt equals (30.4 = 365 / 12 days a month). Blank
where the client has no shipments in the window.

Alert `overdue` (overdue debt of at least `min_overdue`), severity = the worse of two bands
(the defaults; `Bands` and the settings overdue_age_* and overdue_size_* change them):
- age: oldest overdue debt over 60 days → high, 31–60 → medium, up to 30 → low; where only
  aging buckets are known, a bucket counts by its first day (31–60 is "over 30");
- size: 30 or more days of shipments → high, 15–30 → medium, under 15 → low; a client
  without shipments in the window → medium (nothing to weigh the debt against, no business
  running to hold it);
and a debt under one day of shipments is low whatever its age (not worth a chase).

Clients are matched to sales by the sales data's folding (read.layout.client_key). A client
in receivables but not in the window's sales is kept and reported (`in_sales` False), never
dropped; every key client is listed, with zero debt when it owes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..i18n import Amount, Count
from ..read.notes import Note
from .alerts import Alert
from .ranking import Analysis

DAYS_PER_MONTH = 30.4  # 365 / 12
BUCKETS = ("b0_30", "b31_60", "b61_90", "b90")
_BUCKET_EDGES = [0, 30, 60, 90, np.inf]  # (0, 30], (30, 60], (60, 90], (90, ∞)
_BUCKET_FIRST_DAY = {"b0_30": 0, "b31_60": 31, "b61_90": 61, "b90": 91}
BUCKET_KEYS = {
    "b0_30": "receivables.bucket.0_30",
    "b31_60": "receivables.bucket.31_60",
    "b61_90": "receivables.bucket.61_90",
    "b90": "receivables.bucket.90",
}
_RANK = {"low": 0, "medium": 1, "high": 2}

TABLE_COLUMNS = [
    "client_key",
    "client",
    "in_sales",
    "is_key",
    "rank",
    "average",
    "debt",
    "overdue",
    "current",
    *BUCKETS,
    "max_days",
    "oldest_bucket",
    "sales_days",
    "severity",
]


@dataclass(frozen=True)
class Bands:
    """The severity bands of `overdue`: (medium, high) limits of the age in days (older than)
    and of the size in days of shipments (at least)."""

    age: tuple[float, float] = (30, 60)
    size: tuple[float, float] = (15, 30)


@dataclass
class ReceivablesReport:
    """Per client (TABLE_COLUMNS), the overdue alerts, notes (clients not in sales), and the date
    the debt is stated at (the latest of the files')."""

    table: pd.DataFrame
    alerts: list[Alert] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    as_of: pd.Timestamp | None = None


def debt_lines(lines: pd.DataFrame, as_of: pd.Timestamp | None) -> pd.DataFrame:
    """Complete each debt line (see the module docstring): days overdue, overdue, buckets, current."""
    lines = lines.copy()
    if as_of is not None:
        from_due = (as_of.normalize() - lines["due_date"]).dt.days.clip(lower=0)
        lines["days_overdue"] = lines["days_overdue"].fillna(from_due)
    stated_buckets = lines[list(BUCKETS)].notna().any(axis=1)
    bucket_sum = lines[list(BUCKETS)].sum(axis=1, min_count=1)
    overdue_from_days = lines["debt"].where(lines["days_overdue"] > 0, 0.0).where(lines["days_overdue"].notna())
    lines["overdue"] = lines["overdue"].fillna(bucket_sum.where(stated_buckets)).fillna(overdue_from_days)

    bucket_by_days = pd.cut(lines["days_overdue"], _BUCKET_EDGES, labels=list(BUCKETS), right=True)
    for bucket in BUCKETS:
        from_days = lines["overdue"].where(bucket_by_days == bucket, 0.0).where(lines["days_overdue"].notna())
        lines[bucket] = lines[bucket].where(stated_buckets, from_days)
    lines["current"] = lines["current"].fillna(lines["debt"] - lines["overdue"])
    return lines


def client_debts(lines: pd.DataFrame) -> pd.DataFrame:
    """Completed debt lines → one row per client_key.

    Columns: client, debt, overdue, current, the buckets, max_days (the most days overdue of a
    line still overdue) and oldest_bucket (the oldest bucket holding money).
    """
    owing = lines.assign(days_owing=lines["days_overdue"].where(lines["overdue"] > 0))
    sums = owing.groupby("client_key", sort=False)[["debt", "overdue", "current", *BUCKETS]].sum(min_count=1)
    debts = sums.assign(
        client=owing.groupby("client_key", sort=False)["client"].first(),
        max_days=owing.groupby("client_key", sort=False)["days_owing"].max(),
    )
    money = debts[list(BUCKETS)].fillna(0) > 0
    oldest = money.iloc[:, ::-1].idxmax(axis=1).where(money.any(axis=1))
    return debts.assign(oldest_bucket=oldest).reset_index()


def _age_band(max_days: pd.Series, oldest: pd.Series, limits: tuple[float, float]) -> pd.Series:
    medium, high = limits
    by_days = pd.Series(
        np.select([max_days > high, max_days > medium, max_days >= 0], ["high", "medium", "low"], default=""),
        index=max_days.index,
    )
    first_day = oldest.map(_BUCKET_FIRST_DAY)
    by_bucket = pd.Series(
        np.select([first_day > high, first_day > medium, first_day >= 0], ["high", "medium", "low"], default=""),
        index=oldest.index,
    )
    return by_days.where(max_days.notna(), by_bucket)


def _size_band(sales_days: pd.Series, in_sales: pd.Series, limits: tuple[float, float]) -> pd.Series:
    medium, high = limits
    bands = np.select([sales_days >= high, sales_days >= medium, sales_days >= 0], ["high", "medium", "low"], "")
    return pd.Series(bands, index=sales_days.index).where(sales_days.notna(), np.where(in_sales, "", "medium"))


def overdue_severity(table: pd.DataFrame, min_overdue: float = 1.0, bands: Bands = Bands()) -> pd.Series:
    """'high' | 'medium' | 'low' per client with overdue debt of at least `min_overdue`, '' otherwise."""
    age = _age_band(table["max_days"], table["oldest_bucket"], bands.age)
    size = _size_band(table["sales_days"], table["in_sales"], bands.size)
    worst = pd.concat([age.map(_RANK), size.map(_RANK)], axis=1).max(axis=1)
    severity = worst.map({v: k for k, v in _RANK.items()}).fillna("low")
    severity = severity.where(~(table["sales_days"] < 1), "low")
    return severity.where(table["overdue"].fillna(0) >= min_overdue, "")


def receivables_table(
    debts: pd.DataFrame, analysis: Analysis, min_overdue: float = 1.0, bands: Bands = Bands()
) -> pd.DataFrame:
    """Client debts against the window's sales: every client in receivables and every key client."""
    sales = analysis.table[["client_key", "client", "rank", "average", "is_key"]]
    key_only = sales[sales["is_key"] & ~sales["client_key"].isin(debts["client_key"])][["client_key"]]
    table = pd.concat([debts, key_only], ignore_index=True).merge(
        sales, on="client_key", how="left", suffixes=("_debt", "")
    )
    table["in_sales"] = table["rank"].notna()
    table["client"] = table["client"].fillna(table["client_debt"])
    table["is_key"] = table["is_key"].astype("boolean").fillna(False).astype(bool)
    table["rank"] = table["rank"].astype("Int64")
    # A key client with no line in receivables owes nothing: zero, not unknown.
    no_lines = table["client_debt"].isna()
    table.loc[no_lines, ["debt", "overdue", "current", *BUCKETS]] = 0.0
    daily = table["average"].where(table["average"] > 0) / DAYS_PER_MONTH
    table["sales_days"] = table["overdue"] / daily
    table["severity"] = overdue_severity(table, min_overdue, bands)
    table = table.sort_values(["is_key", "overdue", "debt"], ascending=[False, False, False], na_position="last")
    return table.reset_index(drop=True)[TABLE_COLUMNS]


def overdue_alerts(table: pd.DataFrame, as_of: pd.Timestamp | None = None) -> list[Alert]:
    """One `overdue` alert per client with a severity (see overdue_severity)."""
    flagged = table[table["severity"] != ""]
    return [_overdue_alert(row, as_of) for row in flagged.itertuples(index=False)]


def _overdue_alert(row, as_of: pd.Timestamp | None) -> Alert:
    if pd.notna(row.sales_days):
        size = Note("receivables.size_days", {"days": Count(round(row.sales_days), "day")})
    else:
        size = Note("receivables.size_no_sales")  # not in the window's sales, or nothing but returns
    if pd.notna(row.max_days):
        age = Count(int(row.max_days), "day")
    elif isinstance(row.oldest_bucket, str):
        age = Note(BUCKET_KEYS[row.oldest_bucket])
    else:
        age = Note("receivables.age_unknown")
    values = {
        "debt": float(row.debt),
        "overdue": float(row.overdue),
        "sales_days": None if pd.isna(row.sales_days) else round(float(row.sales_days), 1),
        "max_days": None if pd.isna(row.max_days) else int(row.max_days),
        "oldest_bucket": row.oldest_bucket if isinstance(row.oldest_bucket, str) else None,
        "buckets": {b: float(getattr(row, b)) if pd.notna(getattr(row, b)) else None for b in BUCKETS},
        "in_sales": bool(row.in_sales),
        "as_of": None if as_of is None else f"{as_of:%Y-%m-%d}",
    }
    params = {"amount": Amount(row.overdue), "size": size, "age": age}
    return Alert(row.client_key, row.client, "overdue", row.severity, values, None, params)


def analyse_receivables(
    exports: list[tuple[pd.DataFrame, pd.Timestamp | None]],
    analysis: Analysis,
    *,
    as_of: pd.Timestamp | None = None,
    min_overdue: float = 1.0,
    bands: Bands = Bands(),
) -> ReceivablesReport:
    """Receivables exports, each (frame, its stated date), against the analysis.

    A file without a stated date is taken at `as_of`, else at the last day of the window.
    """
    fallback = as_of if as_of is not None else analysis.months[-1].end_time.normalize()
    dates = [stated if stated is not None else fallback for _, stated in exports]
    lines = pd.concat([debt_lines(frame, date) for (frame, _), date in zip(exports, dates, strict=True)])
    table = receivables_table(client_debts(lines), analysis, min_overdue, bands)
    notes = []
    outside = table[~table["in_sales"]]
    if len(outside):
        examples = ", ".join(outside["client"].head(3)) + (", …" if len(outside) > 3 else "")
        notes.append(
            Note("note.receivables_not_in_sales", {"count": Count(len(outside), "client"), "examples": examples})
        )
    as_of = max(dates, default=fallback)
    return ReceivablesReport(table, overdue_alerts(table, as_of), notes, as_of)
