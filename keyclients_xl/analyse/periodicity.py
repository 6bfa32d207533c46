"""Periodicity: does each key client buy every month?

The key client × month matrix comes straight from the ranking table (the same amounts the
key-client sheet shows); the lines add the date of the last shipment where dates are known.
"""

from __future__ import annotations

import pandas as pd

from .alerts import Alert
from .ranking import Analysis, client_numbers

PERIODICITY_COLUMNS = (
    "client_key",  # the client's identity
    "client",  # its display name
    "rank",  # its rank in the ranking
    # … one column per window month (pd.Period): the amount shipped, 0 when nothing
    "months_shipped",  # window months with a positive amount
    "months_total",  # months in the window (N of 'k out of N')
    "last_shipment",  # date of the last line with a positive amount up to the data's end; NaT when unknown
    "days_since_last",  # days from last_shipment to the data's end (Int64, <NA> when unknown)
)


def missed_months(monthly: pd.DataFrame) -> pd.Series:
    """Per row of monthly amounts: how many months have no positive amount (blank/NaN counts as missed).

    The core of the KC_MISSED worksheet function; a month with only returns (negative) is missed.
    """
    return (~(monthly.fillna(0.0) > 0)).sum(axis=1).astype(int)


def last_shipments(lines: pd.DataFrame, data_end: pd.Timestamp | None = None) -> pd.DataFrame:
    """Per client with dated lines: the last date with a positive amount, and days from it to the data's end.

    `data_end` defaults to the last date in the lines. Columns: client_key, last_shipment, days_since_last.
    """
    dates = lines["date"] if "date" in lines else pd.Series(pd.NaT, index=lines.index, dtype="datetime64[ns]")
    end = data_end if data_end is not None and pd.notna(data_end) else dates.max()
    shipped = dates.notna() & (lines["amount"] > 0) & (dates <= end)
    # Grouped by the clients' numbers (client_numbers: the key clients' lines keep theirs), not by
    # their texts: the same dates, labelled by client after, in the clients' order.
    numbers = client_numbers(lines)
    shipped &= numbers.of_line >= 0  # a line without a client is no client's
    latest = dates[shipped].groupby(numbers.of_line[shipped.to_numpy()]).max()
    last = (
        latest.set_axis(numbers.keys.take(latest.index).rename("client_key"))
        .sort_index()
        .rename("last_shipment")
        .reset_index()
    )
    days = (pd.Timestamp(end).normalize() - last["last_shipment"].dt.normalize()).dt.days if pd.notna(end) else []
    return last.assign(days_since_last=pd.array(days, dtype="Int64"))


def periodicity(
    analysis: Analysis, lines: pd.DataFrame, data_end: pd.Timestamp | None = None, *, key_lines_only: bool = False
) -> pd.DataFrame:
    """One row per key client by rank: the month matrix, months shipped out of N, days since the last shipment.

    Columns: PERIODICITY_COLUMNS (month columns after rank). `data_end`: the date the data
    covers up to (Shipments.data_end); None → the last date in the lines. `key_lines_only`: the
    lines are the key clients' already (key_metrics filters them once), not looked up again.
    """
    months = analysis.months
    key = analysis.key
    table = key[["client_key", "client", "rank", *months]].assign(
        months_shipped=(key[months] > 0).sum(axis=1).astype(int), months_total=len(months)
    )
    lines = lines[["client_key", "amount", *(["date"] if "date" in lines else [])]]  # no other column copied
    last = last_shipments(lines if key_lines_only else lines[lines["client_key"].isin(key["client_key"])], data_end)
    table = table.merge(last, on="client_key", how="left")
    return table.assign(days_since_last=table["days_since_last"].astype("Int64")).reset_index(drop=True)


def missed_month_alerts(table: pd.DataFrame, months: list[pd.Period]) -> list[Alert]:
    """Alert `missed_month` for each window month in which a key client has no positive amount.

    Severity: high for the window's last month (the client has stopped now), medium for an
    earlier month. values: amount (0 or the net of returns), months_shipped, months_total.
    """
    long = table.melt(
        id_vars=["client_key", "client", "months_shipped", "months_total"],
        value_vars=list(months),
        var_name="month",
        value_name="amount",
    )
    missed = long[~(long["amount"] > 0)]
    return [
        Alert(
            row["client_key"],
            row["client"],
            "missed_month",
            "high" if row["month"] == months[-1] else "medium",
            {
                "amount": float(row["amount"]),
                "months_shipped": int(row["months_shipped"]),
                "months_total": int(row["months_total"]),
            },
            month=row["month"],
        )
        for row in missed.to_dict("records")
    ]
