"""Turnover: each key client's monthly amounts, their change, the trend, and the SKUs behind a move.

Two measures of direction, both on monthly amounts with months without shipments as 0:

- `last_vs_earlier`: the window's last month against the average of its earlier months,
  -0.25 = a 25 % fall. This is `ranking.trend`, the same function as the KC_TREND
  worksheet function, so the sheet and the UDF cannot disagree.
- `trend`: the least-squares slope of the monthly amounts, as a share of their mean, per
  month, over a look-back of `trend_months` ending at the window's last month (or over
  the months the data has, when fewer; one month has no trend). -0.05 = falling by 5 %
  of the average amount each month. `slope_trend` is its core, for a future UDF.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..read.notes import Note
from .alerts import Alert
from .assortment import sku_codes
from .phrases import Driver, Drivers, SignedPercent
from .ranking import (
    Analysis,
    ClientNumbers,
    above_percent,
    client_numbers,
    in_months_numbered,
    monthly_amounts,
    remember_numbers,
)
from .ranking import trend as last_vs_earlier

TURNOVER_COLUMNS = (
    "client_key",
    "client",
    "rank",
    # … one column per window month (pd.Period): the amount
    "earlier_average",  # average of the window's months before the last (NaN for a one-month window)
    "last_month",  # the amount of the window's last month
    "last_vs_earlier",  # last_month / earlier_average - 1 (NaN when the earlier average is not positive)
    "trend",  # least-squares slope / mean, per month, over the look-back (NaN: one month, or mean ≤ 0)
    "trend_slope",  # the slope itself: money per month
    "trend_months",  # months in the look-back actually used
)

DRIVER_COLUMNS = (
    "client_key",
    "sku",  # as first spelled in the lines
    "earlier",  # the SKU's average per month over the window's earlier months
    "last",  # its amount in the last month
    "change",  # last - earlier: its contribution to the client's change
    "status",  # 'stopped' (earlier > 0, last ≤ 0), 'new' (earlier ≤ 0, last > 0) or 'changed'
    "ratio",  # last / earlier - 1 for 'changed'; NaN otherwise
)


@dataclass
class Turnover:
    """`table`: TURNOVER_COLUMNS, one row per key client by rank; `changes`: client_key and one
    column per window month with the month-over-month change (NaN where the month before is
    not positive or unknown); `drivers`: DRIVER_COLUMNS, per client its SKUs by change, largest
    fall first (empty without SKU data or with a one-month window)."""

    table: pd.DataFrame
    changes: pd.DataFrame
    drivers: pd.DataFrame


def slope_trend(monthly: pd.DataFrame) -> pd.Series:
    """Per row of monthly amounts (oldest first): least-squares slope / mean, per month.

    NaN with fewer than two months or where the mean is not positive.
    """
    slope = trend_slope(monthly)
    mean = monthly.mean(axis=1)
    return (slope / mean.where(mean > 0)).astype(float)


def trend_slope(monthly: pd.DataFrame) -> pd.Series:
    """Per row: the least-squares slope of the amounts against the month number (money per month)."""
    count = monthly.shape[1]
    if count < 2:
        return pd.Series(np.nan, index=monthly.index)
    x = np.arange(count) - (count - 1) / 2
    values = monthly.to_numpy(dtype=float)
    return pd.Series(values @ x / (x @ x), index=monthly.index)


def month_changes(monthly: pd.DataFrame) -> pd.DataFrame:
    """Each month against the month before: 0.1 = +10 %. NaN for the first column and where the month before is ≤ 0."""
    before = monthly.shift(axis=1)
    return (monthly / before.where(before > 0) - 1).astype(float)


def lookback(end: pd.Period, length: int, first: pd.Period) -> list[pd.Period]:
    """The `length` months ending at `end`, but none before `first` (the data's first month)."""
    return list(pd.period_range(max(end - (length - 1), first), end, freq="M"))


def client_months(lines: pd.DataFrame, clients: pd.Series, months: list[pd.Period]) -> pd.DataFrame:
    """client_key × months amounts for the given clients, 0 where nothing was shipped."""
    # Their lines found by the build's client numbers (client_numbers), not by a million texts
    # looked up, and they keep their numbers for monthly_amounts.
    in_window, number = in_months_numbered(lines, months)
    numbers = ClientNumbers(number, client_numbers(lines).keys)
    theirs = numbers.lines_of(clients)
    mine = in_window.loc[theirs, ["client_key", "month", "amount"]]  # no other column copied
    remember_numbers(mine, numbers.subset(theirs))
    return monthly_amounts(mine, months).reindex(pd.Index(clients, name="client_key"), fill_value=0.0)


def turnover(
    lines: pd.DataFrame,
    analysis: Analysis,
    trend_months: int = 6,
    first_month: pd.Period | None = None,
    *,
    key_lines_only: bool = False,
) -> Turnover:
    """Monthly amounts, month-over-month change, last month against the earlier ones, and the trend, per key client.

    first_month: the data's first full month (default: the first month in the lines); the
    look-back never reaches before it. key_lines_only: `lines` are the key clients' lines only
    (key_metrics filters them once), not filtered again.
    """
    months = analysis.months
    key = analysis.key[["client_key", "client", "rank"]].reset_index(drop=True)
    first = first_month if first_month is not None else lines["month"].min()
    span = lookback(months[-1], max(trend_months, len(months) + 1), min(first, months[0]))
    monthly = client_months(lines, key["client_key"], span)
    trend_span = [m for m in lookback(months[-1], trend_months, first) if m in monthly.columns]
    window = monthly[months]
    stats = pd.DataFrame(
        {
            "earlier_average": window.iloc[:, :-1].mean(axis=1) if len(months) > 1 else np.nan,
            "last_month": window.iloc[:, -1],
            "last_vs_earlier": last_vs_earlier(window),
            "trend": slope_trend(monthly[trend_span]),
            "trend_slope": trend_slope(monthly[trend_span]),
            "trend_months": len(trend_span),
        }
    )
    table = key.join(window, on="client_key").join(stats, on="client_key")
    changes = key[["client_key"]].join(month_changes(monthly)[months], on="client_key")
    return Turnover(
        table.reset_index(drop=True),
        changes.reset_index(drop=True),
        sku_drivers(lines if key_lines_only else lines[lines["client_key"].isin(key["client_key"])], months),
    )


def sku_drivers(lines: pd.DataFrame, months: list[pd.Period]) -> pd.DataFrame:
    """Per client and SKU: its average over the window's earlier months, its last month, and the change.

    The changes of a client's SKUs add up to its last_month - earlier_average (lines without
    a SKU aside). DRIVER_COLUMNS, per client by change, largest fall first.
    """
    if "sku" not in lines or len(months) < 2 or not lines["sku"].notna().any():
        return pd.DataFrame(columns=list(DRIVER_COLUMNS))
    in_window, number = in_months_numbered(lines, months)
    # Grouped by the places of the clients and of the SKU keys in their sorted orders, not by their
    # texts: the same groups in the same order (sku_codes, ClientNumbers.sorted_keys); the texts are
    # put back on the rows kept.
    places, sku_keys = sku_codes(in_window["sku"])
    grouped = (places >= 0) & (number >= 0)  # a blank SKU or client is in no group
    client_places, client_keys = client_numbers(lines).sorted_keys
    width = len(sku_keys)
    pair = client_places[number[grouped]] * width + places[grouped]
    in_window = in_window.loc[grouped, ["sku", "month", "amount"]]
    # One grouping for the name and both sums: a sum skips the blanks, so each sum adds the same
    # amounts in the same order as a sum over its months' lines alone (a client's SKU bought in
    # one of them only sums to 0 in the other, as the pivot table this replaced filled it).
    is_last = in_window["month"] == months[-1]
    amount = in_window["amount"]
    frame = (
        in_window.assign(earlier=amount.where(~is_last), last=amount.where(is_last))
        .groupby(pair)
        .agg(sku=("sku", "first"), earlier=("earlier", "sum"), last=("last", "sum"))
    )
    frame = frame.assign(earlier=frame["earlier"] / (len(months) - 1))
    frame = frame.assign(change=frame["last"] - frame["earlier"])
    status = np.select(
        [(frame["earlier"] > 0) & (frame["last"] <= 0), (frame["earlier"] <= 0) & (frame["last"] > 0)],
        ["stopped", "new"],
        "changed",
    )
    ratio = (frame["last"] / frame["earlier"].where(frame["earlier"] > 0) - 1).where(status == "changed")
    frame = frame.assign(status=status, ratio=ratio.astype(float))
    frame = frame[frame["change"].abs() > 1e-9]
    pair = frame.index.to_numpy()
    frame = frame.assign(client=pair // width, sku_place=pair % width)
    frame = frame.sort_values(["client", "change", "sku_place"], kind="mergesort").reset_index(drop=True)
    return frame.assign(
        client_key=client_keys.take(frame["client"]),
        sku_key=pd.Index(sku_keys.take(frame["sku_place"]).to_numpy()),  # its dtype inferred, as a grouping's
    )[list(DRIVER_COLUMNS)]


def top_drivers(drivers: pd.DataFrame, falling: pd.Series, shown: int) -> dict[object, tuple[Driver, ...]]:
    """Per client of `falling` (client_key → True when it falls, False when it rises): its first
    `shown` drivers (DRIVER_COLUMNS) that way, largest first. A client without any is left out.

    Every client at once: a filter of the drivers' rows per client took longer than the sheet.
    """
    change = drivers["change"]
    falls = drivers[drivers["client_key"].isin(set(falling.index[falling])) & (change < 0)]
    # Sorted by change, largest fall first: a client's rises are read from the end.
    rises = drivers[drivers["client_key"].isin(set(falling.index[~falling])) & (change > 0)].iloc[::-1]
    chosen = pd.concat([falls, rises]).groupby("client_key", sort=False).head(shown)
    found: dict[object, list[Driver]] = {}
    for d in chosen.to_dict("records"):
        driver = Driver(d["sku"], float(d["change"]), d["status"], _none_if_nan(d["ratio"]))
        found.setdefault(d["client_key"], []).append(driver)
    return {client: tuple(items) for client, items in found.items()}


def _percent_or_dash(value: float) -> SignedPercent | str:
    return "—" if pd.isna(value) else SignedPercent(float(value))


def _none_if_nan(value: float) -> float | None:
    return None if pd.isna(value) else float(value)


def turnover_alerts(
    turnover_: Turnover,
    decline_threshold: float = 10.0,
    decline_medium: float = 20.0,
    decline_high: float = 30.0,
    growth_threshold: float = 10.0,
    drivers_shown: int = 2,
) -> list[Alert]:
    """Alert `decline` when the trend (per month) or the last month against the earlier average
    falls by more than decline_threshold %; `growth` (low) when neither falls that much and one
    rises by more than growth_threshold %.

    Severity of a decline, by the larger of the two falls: above decline_high % → high, above
    decline_medium % → medium, else low. Each names its `drivers_shown` largest SKU
    contributions in the direction of the move (in values `drivers` and in the action:
    "find out why, meet the buyer: ask about Товар 0012 (-340 000, stopped), …").
    """
    table = turnover_.table
    fall = pd.concat([-table["last_vs_earlier"], -table["trend"]], axis=1).max(axis=1)
    rise = pd.concat([table["last_vs_earlier"], table["trend"]], axis=1).max(axis=1)
    declining = above_percent(fall, decline_threshold)
    growing = ~declining & above_percent(rise, growth_threshold)
    severity = np.select(
        [above_percent(fall, decline_high), above_percent(fall, decline_medium)], ["high", "medium"], "low"
    )
    table = table.assign(kind=np.where(declining, "decline", np.where(growing, "growth", "")), severity=severity)
    table = table.assign(severity=table["severity"].where(table["kind"] == "decline", "low"))
    moved = table[table["kind"] != ""]
    falling = pd.Series((moved["kind"] == "decline").to_numpy(), index=moved["client_key"])
    drivers = top_drivers(turnover_.drivers, falling, drivers_shown)
    alerts = []
    for row in moved.to_dict("records"):
        items = drivers.get(row["client_key"], ())
        alerts.append(
            Alert(
                row["client_key"],
                row["client"],
                row["kind"],
                row["severity"],
                {
                    "last_vs_earlier": _none_if_nan(row["last_vs_earlier"]),
                    "trend": _none_if_nan(row["trend"]),
                    "trend_months": int(row["trend_months"]),
                    "earlier_average": _none_if_nan(row["earlier_average"]),
                    "last_month": float(row["last_month"]),
                    "drivers": [
                        {"sku": d.sku, "change": d.change, "status": d.status, "ratio": d.ratio} for d in items
                    ],
                },
                params={
                    "change": _percent_or_dash(row["last_vs_earlier"]),
                    "trend": _percent_or_dash(row["trend"]),
                    "ask": Note("phrase.ask_about", {"drivers": Drivers(items)}) if items else "",
                },
            )
        )
    return alerts
