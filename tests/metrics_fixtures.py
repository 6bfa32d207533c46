"""Small hand-made shipment lines and rankings for the metric tests (tests/test_metrics_*.py)."""

from __future__ import annotations

import pandas as pd

from keyclients_xl.analyse.ranking import Analysis, analyse
from keyclients_xl.analyse.window import Window
from keyclients_xl.settings import Settings


def months(first: str, last: str) -> list[pd.Period]:
    return list(pd.period_range(first, last, freq="M"))


def make_lines(records: list[dict], dated: bool = True) -> pd.DataFrame:
    """Tidy lines as the reader makes them. Each record: client, month ('YYYY-MM'), amount and any
    optional column (sku, quantity, price, list_price, date). Without a date a line is dated the
    15th of its month (dated=True) or NaT (a by-month export)."""
    frame = pd.DataFrame(records)
    frame["month"] = pd.PeriodIndex(frame["month"], freq="M")
    fifteenth = frame["month"].dt.start_time + pd.Timedelta(days=14)
    default = fifteenth if dated else pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    frame["date"] = pd.to_datetime(frame["date"]).fillna(default) if "date" in frame else default
    frame["amount"] = frame["amount"].astype(float)
    return frame.assign(client_key=frame["client"].str.casefold())


def monthly_lines(table: dict[str, list[float]], window: list[pd.Period], **extra) -> list[dict]:
    """Records from {client: [amount per month]}; a 0 gives no line at all."""
    return [
        {"client": client, "month": str(month), "amount": amount, **extra}
        for client, amounts in table.items()
        for month, amount in zip(window, amounts, strict=True)
        if amount
    ]


def analysis_of(lines: pd.DataFrame, window: list[pd.Period], top_n: int, measure: str = "revenue") -> Analysis:
    return analyse(lines, Window(list(window)), Settings(top_n=top_n, measure=measure))
