"""Every metric of the "what to do about each key client" sheets, and all their alerts, in one call.

The engine calls `key_metrics` once per build; the sheets, the JSON summary's `alerts` and
the key-client sheet's Health and What-to-do columns read from the one result.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .alerts import Alert, sort_alerts
from .assortment import Assortment, assortment, low_assortment_alerts
from .health import HEALTH_SIGNALS, account_health
from .metric_settings import MetricSettings
from .near_key import fast_grower_alerts, near_key
from .periodicity import missed_month_alerts, periodicity
from .ranking import Analysis, client_numbers, remember_numbers
from .trade_terms import TradeTerms, review_due_alerts, trade_terms
from .turnover import Turnover, turnover, turnover_alerts

# The line columns periodicity and turnover read.
KEY_LINE_COLUMNS = ("client_key", "month", "date", "amount", "sku")


@dataclass
class KeyMetrics:
    periodicity: pd.DataFrame  # periodicity.PERIODICITY_COLUMNS
    assortment: Assortment
    turnover: Turnover
    trade_terms: TradeTerms
    near_key: pd.DataFrame  # near_key.NEAR_KEY_COLUMNS
    alerts: list[Alert]  # every finding, most severe first (alerts.sort_alerts)
    key: pd.DataFrame  # client_key, client, rank of the key clients

    def health(self, lang: str, signals: tuple[str, ...] = HEALTH_SIGNALS) -> pd.DataFrame:
        """health.HEALTH_COLUMNS per key client, texts in `lang`."""
        return account_health(self.key, self.alerts, lang, signals)


def key_metrics(
    lines: pd.DataFrame,
    analysis: Analysis,
    settings: MetricSettings | None = None,
    *,
    data_end: pd.Timestamp | None = None,
    reviews: pd.DataFrame | None = None,
    top_list: list[str] | None = None,
    on: pd.Timestamp | None = None,
    first_month: pd.Period | None = None,
) -> KeyMetrics:
    """All metrics for the key clients of `analysis`, computed from the tidy shipment lines.

    data_end: Shipments.data_end (days since the last shipment count to it). reviews: the
    terms-review sheet (client, date, note). top_list: the user's top-assortment list, when
    filled. on: the date the terms-review age counts to (default data_end, else the end of the
    window). first_month: the data's first full month, the earliest the trend looks back to.
    """
    settings = settings or MetricSettings()
    if on is None:
        on = data_end if data_end is not None and pd.notna(data_end) else analysis.months[-1].end_time.normalize()
    if first_month is None:
        first_month = lines["month"].min()
    # Periodicity and turnover read only the key clients' lines, and only these columns: filtered
    # once, not in each (the key clients may have half of a million lines).
    # The key clients are matched by the lines' client numbers, made once per build (client_numbers),
    # and their lines keep theirs.
    numbers = client_numbers(lines)
    is_key_line = numbers.lines_of(analysis.key["client_key"])
    key_lines = lines.loc[is_key_line, [c for c in KEY_LINE_COLUMNS if c in lines]]
    remember_numbers(key_lines, numbers.subset(is_key_line))
    period = periodicity(analysis, key_lines, data_end, key_lines_only=True)
    assort = assortment(lines, analysis, settings.top_sku_share, top_list)
    turn = turnover(key_lines, analysis, settings.trend_months, first_month, key_lines_only=True)
    terms = trade_terms(lines, analysis, reviews, on, settings.review_days)
    near = near_key(lines, analysis, settings.near_key_count, settings.trend_months, first_month)
    alerts = (
        missed_month_alerts(period, analysis.months)
        + turnover_alerts(
            turn,
            settings.decline_threshold,
            settings.decline_medium,
            settings.decline_high,
            settings.growth_threshold,
            settings.drivers_shown,
        )
        + low_assortment_alerts(assort.clients, settings.coverage_threshold, settings.white_space_shown)
        + review_due_alerts(terms.table, settings.review_days)
        + fast_grower_alerts(near, settings.fast_grower_threshold)
    )
    key = analysis.key[["client_key", "client", "rank"]].reset_index(drop=True)
    return KeyMetrics(period, assort, turn, terms, near, sort_alerts(alerts), key)
