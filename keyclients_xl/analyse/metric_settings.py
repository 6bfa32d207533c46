"""Thresholds of the metric sheets (periodicity, assortment, turnover, trade terms, near-key).

One frozen dataclass so every threshold is an explicit, named parameter: the keys are
stable snake_case ids meant for the settings sheet and CLI flags, and each has its
one-line meaning in the `setting.<key>` texts of `i18n/metrics.py`. Percentages are given
as percent (10.0 = 10 %), like the key-client settings.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

from ..errors import KeyClientsError, Location


@dataclass(frozen=True)
class MetricSettings:
    # Assortment
    top_sku_share: float = 80.0  # top SKUs: those making the first X % of the company's sales in the window
    coverage_threshold: float = 50.0  # alert low_assortment when a key client buys fewer than X % of the top SKUs
    white_space_shown: int = 5  # how many of the top SKUs a client does not buy the action names
    # Turnover
    trend_months: int = 6  # months of look-back for the trend (least-squares slope), window's end included
    decline_threshold: float = 10.0  # alert decline when the trend (% per month) or the last month falls > X %
    decline_medium: float = 20.0  # a fall above X % is a decline of medium severity
    decline_high: float = 30.0  # a fall above X % is a decline of high severity
    growth_threshold: float = 10.0  # alert growth (low) when the trend or the last month rises > X %
    drivers_shown: int = 2  # how many SKUs the decline/growth alert names as its drivers
    # Trade terms
    review_days: int = 92  # alert review_due when the last terms review is older than X days (a quarter)
    # Near-key clients
    near_key_count: int | None = None  # how many clients below the key line to watch; blank = as many as key
    fast_grower_threshold: float = 5.0  # alert fast_grower for a near-key client whose trend exceeds X % a month

    def __post_init__(self) -> None:
        self.validate()

    def validate(self, where: Location | None = None) -> None:
        where = where or Location()

        def bad(key: str, expected: str) -> None:
            raise KeyClientsError(
                "error.bad_setting", where, {"setting": key, "value": getattr(self, key), "expected": expected}
            )

        for key in ("top_sku_share", "coverage_threshold"):
            if not 0 < getattr(self, key) <= 100:
                bad(key, "0–100")
        for key in ("white_space_shown", "drivers_shown"):
            if getattr(self, key) < 0:
                bad(key, "≥ 0")
        if self.trend_months < 2:
            bad("trend_months", "≥ 2")
        if not 0 < self.decline_threshold <= self.decline_medium <= self.decline_high:
            bad(
                "decline_threshold" if self.decline_threshold <= 0 else "decline_medium",
                "0 < threshold ≤ medium ≤ high",
            )
        if self.growth_threshold <= 0:
            bad("growth_threshold", "> 0")
        if self.review_days < 1:
            bad("review_days", "≥ 1")
        if self.near_key_count is not None and self.near_key_count < 1:
            bad("near_key_count", "≥ 1")
        if self.fast_grower_threshold <= 0:
            bad("fast_grower_threshold", "> 0")

    def items(self) -> list[tuple[str, object]]:
        return list(asdict(self).items())

    def updated(self, **changes) -> MetricSettings:
        """A copy with the given values; None means 'keep'."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))
