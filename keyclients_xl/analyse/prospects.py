"""Prospects: the competitors' key clients we do not serve yet, ranked, with their next steps watched.

Input: a frame with one row per prospect: client, competitor, volume (estimated monthly
volume), owner, next_step, due_date (the next step's date), status (free text).

- Ranking: by estimated volume, largest first (ties by name); `share` of the total volume.
- `prospect_won`: a prospect whose name appears in our own shipments (matched by the sales
  data's folding, read.layout.client_key) became our client; its first purchases are shown.
  Severity medium, low when its status already says won.
- `prospect_overdue`: an open prospect (status not won, lost, refused or closed) whose next
  step's date is before `today`. Severity by days late: over 30 high, over 7 medium, else low
  (the defaults of `late`: the settings prospect_late_medium and prospect_late_high).
  A won prospect gets prospect_won only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..i18n import LANGS, Amount, Count
from ..read.clients import client_key
from .alerts import Alert

COLUMNS = ("client", "competitor", "volume", "owner", "next_step", "due_date", "status")
_CLOSED = re.compile(r"(?i)выигр|проигр|отказ|закрыт|отменен|\bwon\b|\blost\b|closed|dropped|declined|cancel")
_WON_STATUS = re.compile(r"(?i)выигр|\bwon\b")
LATE = (7, 30)  # days late above which an overdue step is medium, high

TABLE_COLUMNS = [
    "rank",
    "client_key",
    "client",
    "competitor",
    "volume",
    "share",
    "owner",
    "next_step",
    "due_date",
    "status",
    "open",
    "days_late",
    "won",
    "first_date",
    "first_amount",
    "bought",
]


@dataclass(frozen=True)
class Day:
    """A date for message parameters: '05.11.2026' (ru) or '5 Nov 2026' (en), from CLDR (Babel)."""

    date: object

    def text(self, lang: str) -> str:
        from babel.dates import format_date

        day = pd.Timestamp(self.date).date()
        pattern = "dd.MM.yyyy" if lang == "ru" else "d MMM yyyy"
        return format_date(dt.date(day.year, day.month, day.day), pattern, locale=lang if lang in LANGS else "en")


@dataclass
class ProspectsReport:
    table: pd.DataFrame
    alerts: list[Alert] = field(default_factory=list)


def rank_prospects(prospects: pd.DataFrame) -> pd.DataFrame:
    """Prospects with client_key, rank by estimated volume (largest first) and share of the total volume."""
    ranked = prospects.assign(
        client_key=prospects["client_key"] if "client_key" in prospects else client_key(prospects["client"]),
        volume=pd.to_numeric(prospects["volume"], errors="coerce").astype("float64"),
    ).sort_values(["volume", "client"], ascending=[False, True], na_position="last", kind="mergesort")
    total = ranked["volume"].sum()
    return ranked.assign(
        rank=np.arange(1, len(ranked) + 1),
        share=ranked["volume"] / total if total > 0 else np.nan,
        open=~ranked["status"].fillna("").astype(str).str.contains(_CLOSED),
    ).reset_index(drop=True)


def purchase_days(lines: pd.DataFrame, keys: pd.Series) -> pd.DataFrame:
    """Shipments of the given clients per day: client_key, date, amount (positive lines only).

    Exports by month have no dates: their month's first day stands for the date.
    """
    mine = lines[lines["client_key"].isin(keys) & (lines["amount"] > 0)]
    day = mine["date"].fillna(mine["month"].dt.start_time) if "month" in mine else mine["date"]
    return (
        mine.assign(date=day.dt.normalize())
        .groupby(["client_key", "date"], as_index=False)["amount"]
        .sum()
        .sort_values(["client_key", "date"], kind="mergesort")
    )


def first_purchases(lines: pd.DataFrame, keys: pd.Series, count: int = 3) -> pd.DataFrame:
    """The first `count` days each client bought on, with the day's amount: client_key, date, amount."""
    return purchase_days(lines, keys).groupby("client_key").head(count).reset_index(drop=True)


def prospects_table(prospects: pd.DataFrame, lines: pd.DataFrame, today: pd.Timestamp) -> pd.DataFrame:
    """Ranked prospects with days_late (open ones past their date), won, first_date, first_amount, bought."""
    ranked = rank_prospects(prospects)
    days = purchase_days(lines, ranked["client_key"])
    first = days.groupby("client_key").first().rename(columns={"date": "first_date", "amount": "first_amount"})
    bought = days.groupby("client_key")["amount"].sum().rename("bought")
    table = ranked.join(first, on="client_key").join(bought, on="client_key")
    table["won"] = table["first_date"].notna()
    due = pd.to_datetime(table["due_date"], errors="coerce")
    late = (today.normalize() - due).dt.days
    table["days_late"] = late.where((late > 0) & table["open"] & ~table["won"]).astype("Int64")
    return table[TABLE_COLUMNS]


def prospect_alerts(table: pd.DataFrame, late: tuple[int, int] = LATE) -> list[Alert]:
    """prospect_won for each won prospect, prospect_overdue for each open one past its date.

    `late`: (medium, high): a step late by more days than these is medium, high.
    """
    won = [_won_alert(row) for row in table[table["won"]].itertuples(index=False)]
    overdue = [_late_alert(row, late) for row in table[table["days_late"].notna()].itertuples(index=False)]
    return won + overdue


def _text(value: object) -> str:
    return (
        "—" if value is None or (isinstance(value, float) and np.isnan(value)) or not str(value).strip() else str(value)
    )


def _won_alert(row) -> Alert:
    severity = "low" if _WON_STATUS.search(str(row.status or "")) else "medium"
    values = {
        "first_date": f"{row.first_date:%Y-%m-%d}",
        "first_amount": float(row.first_amount),
        "bought": float(row.bought),
        "volume": None if pd.isna(row.volume) else float(row.volume),
        "competitor": _text(row.competitor),
    }
    params = {"date": Day(row.first_date), "amount": Amount(row.first_amount)}
    return Alert(row.client_key, row.client, "prospect_won", severity, values, None, params)


def _late_alert(row, limits: tuple[int, int]) -> Alert:
    late = int(row.days_late)
    medium, high = limits
    severity = "high" if late > high else "medium" if late > medium else "low"
    values = {"days_late": late, "due_date": f"{pd.Timestamp(row.due_date):%Y-%m-%d}", "owner": _text(row.owner)}
    params = {
        "step": _text(row.next_step),
        "late": Count(late, "day"),
        "due": Day(row.due_date),
        "owner": _text(row.owner),
    }
    return Alert(row.client_key, row.client, "prospect_overdue", severity, values, None, params)


def analyse_prospects(
    prospects: pd.DataFrame, lines: pd.DataFrame, today: pd.Timestamp, late: tuple[int, int] = LATE
) -> ProspectsReport:
    """The Prospects sheet's table and its alerts; `today` decides what is overdue."""
    table = prospects_table(prospects, lines, today)
    return ProspectsReport(table, prospect_alerts(table, late))
