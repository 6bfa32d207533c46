"""Near-key clients: the clients just below the key line, how far below, and how soon they could cross it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import Count, Percent
from .alerts import Alert
from .ranking import Analysis, above_percent, measure_values
from .turnover import client_months, lookback, slope_trend, trend_slope

NEAR_KEY_COLUMNS = (
    "client_key",
    "client",
    "rank",
    "average",  # average per month in the window (as in the ranking)
    "key_level",  # the average of the last key client (rank N)
    "gap",  # key_level - average
    "trend",  # least-squares slope / mean per month over the look-back (as on the Turnover sheet)
    "trend_slope",  # the slope in money per month
    "trend_months",  # months in the look-back actually used
    "months_to_key",  # ceil(gap / trend_slope) while growing (Int64); <NA> when not growing
)


def near_key(
    lines: pd.DataFrame,
    analysis: Analysis,
    count: int | None = None,
    trend_months: int = 6,
    first_month: pd.Period | None = None,
) -> pd.DataFrame:
    """Ranks N+1 … N+count (N = the number of key clients; count defaults to N), NEAR_KEY_COLUMNS.

    months_to_key assumes the client keeps growing by trend_slope a month and the key line stays where it is.
    """
    table = analysis.table
    n = int(table["is_key"].sum())
    if n == 0:
        return pd.DataFrame(columns=list(NEAR_KEY_COLUMNS))
    key_level = float(table.loc[table["rank"] == n, "average"].iloc[0])
    # A client whose average is 0 or less (returns only) has no share and is near nothing.
    below = (table["rank"] > n) & (table["rank"] <= n + (count or n)) & (table["average"] > 0)
    near = table[below][["client_key", "client", "rank", "average"]]
    first = first_month if first_month is not None else lines["month"].min()
    months = lookback(analysis.months[-1], trend_months, first)
    if analysis.settings.measure != "revenue":  # the gap is in the measure: so is the pace that closes it
        lines = lines.assign(amount=measure_values(lines, analysis.settings.measure))
    monthly = client_months(lines, near["client_key"], months)
    slope = trend_slope(monthly)
    near = near.join(
        pd.DataFrame({"trend": slope_trend(monthly), "trend_slope": slope, "trend_months": len(months)}),
        on="client_key",
    )
    gap = (key_level - near["average"]).clip(lower=0)
    growing = near["trend_slope"] > 0
    months_to_key = np.ceil(gap / near["trend_slope"].where(growing) - 1e-9)
    return near.assign(key_level=key_level, gap=gap, months_to_key=months_to_key.astype("Int64"))[
        list(NEAR_KEY_COLUMNS)
    ].reset_index(drop=True)


def fast_grower_alerts(table: pd.DataFrame, threshold: float = 5.0) -> list[Alert]:
    """Alert `fast_grower` (low) for a near-key client whose trend exceeds `threshold` % a month.

    values: trend, average, gap, months_to_key.
    """
    fast = table[above_percent(table["trend"], threshold)]
    return [
        Alert(
            row["client_key"],
            row["client"],
            "fast_grower",
            "low",
            {
                "trend": float(row["trend"]),
                "average": float(row["average"]),
                "gap": float(row["gap"]),
                "months_to_key": int(row["months_to_key"]),
            },
            params={"trend": Percent(float(row["trend"]), 0), "months": Count(int(row["months_to_key"]), "month")},
        )
        for row in fast.to_dict("records")
    ]
