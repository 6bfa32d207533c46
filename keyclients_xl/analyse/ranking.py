"""The method itself, on tidy frames and without I/O: average per month, rank, shares,
the key flag, ABC and XYZ classes, and the Pareto check."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..read.notes import Note
from ..settings import Settings
from .window import Window

# Shares are sums of floats: a client whose running share is 0.8 up to rounding starts at 0.8.
_EPS = 1e-9


@dataclass
class Analysis:
    """One row per client with shipments in the window, sorted by rank."""

    table: pd.DataFrame
    window: Window
    settings: Settings
    notes: list[Note] = field(default_factory=list)

    @property
    def months(self) -> list[pd.Period]:
        return self.window.months

    @property
    def key(self) -> pd.DataFrame:
        return self.table[self.table["is_key"]]

    @property
    def sales_total(self) -> float:
        return float(self.table[self.months].to_numpy().sum())

    @property
    def key_share(self) -> float:
        return float(self.key["share"].sum())

    @property
    def clients_for_80(self) -> int:
        """How many clients make 80 % of sales, by the same boundary rule as the classes."""
        return int(upper_class(self.table["share"], 0.8).sum())


def monthly_amounts(lines: pd.DataFrame, months: list[pd.Period]) -> pd.DataFrame:
    """Client × month sums over the window; a month without shipments is 0 (not blank)."""
    in_window = lines[lines["month"].isin(months)]
    return (
        in_window.pivot_table(index="client_key", columns="month", values="amount", aggfunc="sum", fill_value=0.0)
        .reindex(columns=months, fill_value=0.0)
        .rename_axis(columns=None)
    )


def rank_clients(monthly: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """Average per month (zeros included), sorted descending; ties broken by the last month, then name."""
    last = monthly.columns[-1]
    table = monthly.assign(
        client=names.reindex(monthly.index),
        average=monthly.mean(axis=1),
        last_month=monthly[last],
    )
    table = table.sort_values(["average", "last_month", "client"], ascending=[False, False, True], kind="mergesort")
    total = table["average"].sum()
    share = table["average"] / total if total else table["average"] * 0.0
    return table.assign(
        rank=np.arange(1, len(table) + 1),
        share=share,
        cum_share=share.cumsum(),
        months_shipped=(monthly.reindex(table.index) > 0).sum(axis=1),
    )


def key_flags(table: pd.DataFrame, settings: Settings) -> pd.Series:
    """Key clients by the rule: the top N, the top share of clients, or those making the first X % of sales."""
    if settings.rule == "top_n":
        return table["rank"] <= settings.top_n
    if settings.rule == "top_share":
        count = int(np.ceil(len(table) * settings.top_share / 100 - _EPS))
        return table["rank"] <= max(count, 1)
    return upper_class(table["share"], settings.cumulative_share / 100)


def upper_class(shares: pd.Series, threshold: float) -> pd.Series:
    """Sorted shares → True while the running share before a client is below the threshold.

    The boundary rule: the client whose share crosses the threshold belongs to the upper class.
    """
    before = shares.cumsum() - shares
    return before < threshold - _EPS


def abc_classes(measure: pd.Series, a: float, b: float) -> pd.Series:
    """A for the clients making the first a % of the measure, B for the next b %, C for the rest."""
    order = measure.sort_values(ascending=False, kind="mergesort")
    positive = order.clip(lower=0)
    total = positive.sum()
    shares = positive / total if total > 0 else positive * 0.0
    classes = np.where(
        upper_class(shares, a / 100) & (order > 0),
        "A",
        np.where(upper_class(shares, (a + b) / 100) & (order > 0), "B", "C"),
    )
    return pd.Series(classes, index=order.index).reindex(measure.index)


def coefficient_of_variation(monthly: pd.DataFrame) -> pd.Series:
    """Population standard deviation over mean of the monthly amounts; NaN where the mean is not positive."""
    mean = monthly.mean(axis=1)
    return (monthly.std(axis=1, ddof=0) / mean).where(mean > 0)


def trend(monthly: pd.DataFrame) -> pd.Series:
    """Last month against the average of the earlier months: -0.25 is a 25 % fall.

    NaN where there is no earlier month or the earlier average is not positive.
    """
    if monthly.shape[1] < 2:
        return pd.Series(np.nan, index=monthly.index)
    earlier = monthly.iloc[:, :-1].mean(axis=1)
    return (monthly.iloc[:, -1] / earlier.where(earlier > 0) - 1).astype(float)


def xyz_classes(cv: pd.Series, x: float, y: float) -> pd.Series:
    """X: CV ≤ x %, Y: ≤ y %, Z: above (or no positive mean)."""
    percent = cv * 100
    return pd.Series(np.where(percent <= x + _EPS, "X", np.where(percent <= y + _EPS, "Y", "Z")), index=cv.index)


def abc_measure(lines: pd.DataFrame, months: list[pd.Period], settings: Settings) -> tuple[pd.Series, str]:
    """Per client, the window's total of the chosen ABC measure (falls back to revenue when missing)."""
    in_window = lines[lines["month"].isin(months)]
    measure = settings.abc_measure
    if measure == "gross_profit" and "gross_profit" in lines:
        values = in_window["gross_profit"]
    elif measure == "gross_profit" and "cost" in lines:
        values = in_window["amount"] - in_window["cost"].fillna(0)
    elif measure == "quantity" and "quantity" in lines:
        values = in_window["quantity"]
    else:
        values, measure = in_window["amount"], "revenue"
    return values.groupby(in_window["client_key"]).sum(), measure


def analyse(lines: pd.DataFrame, window: Window, settings: Settings) -> Analysis:
    """Everything the key-client sheet shows, computed from tidy shipment lines."""
    months = window.months
    monthly = monthly_amounts(lines, months)
    names = lines.drop_duplicates("client_key").set_index("client_key")["client"]
    table = rank_clients(monthly, names)
    table["is_key"] = key_flags(table, settings)
    measure, used = abc_measure(lines, months, settings)
    table["abc"] = abc_classes(measure.reindex(table.index).fillna(0.0), settings.abc_a, settings.abc_b)
    table["cv"] = coefficient_of_variation(table[months])
    # One month has no variation to measure: XYZ stays empty rather than claiming 'X'.
    table["xyz"] = xyz_classes(table["cv"], settings.xyz_x, settings.xyz_y) if len(months) > 1 else ""
    table = table.reset_index()
    analysis = Analysis(table, window, settings.updated(abc_measure=used))
    analysis.notes = window.notes + _notes(analysis)
    return analysis


def _notes(analysis: Analysis) -> list[Note]:
    table, settings, months = analysis.table, analysis.settings, analysis.months
    notes = []
    if (table[months] == 0).any(axis=None):
        notes.append(Note("note.zero_months"))
    if settings.rule == "top_n":
        n = settings.top_n
        if len(table) <= n:
            notes.append(Note("note.fewer_clients", {"count": len(table), "n": n}))
        else:
            boundary = table["average"].iloc[n - 1]
            tied = table[np.isclose(table["average"], boundary, rtol=0, atol=1e-9)]
            if len(tied) > 1 and tied["rank"].max() > n:
                notes.append(Note("note.tie", {"place": n, "clients": ", ".join(tied["client"])}))
    if len(months) < 6:
        notes.append(Note("note.xyz_weak", {"months": len(months)}))
    if len(table) >= 10 and analysis.clients_for_80 > 0.4 * len(table):
        notes.append(Note("note.weak_pareto", {"count": analysis.clients_for_80, "total": len(table)}))
    return notes
