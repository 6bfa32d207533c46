"""Alerts: the one schema for every finding about a client.

The metric sheets, the key-client sheet's "What to do" column, the JSON summary (`alerts`)
and the manager's plan all show the same Alert objects, so they never disagree.

An alert's words live in the message catalogue: `alert.<kind>` is the finding ("No
shipments in September"), `action.<kind>` what to do about it ("call the buyer"). Their
parameters come from `params` (values that know how to print themselves in either
language: i18n.Count, i18n.Month, i18n.Percent, i18n.Amount, plain text), while `values`
holds the plain numbers behind the finding for the JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..i18n import TEXTS, month_name, t

SEVERITIES = ("high", "medium", "low")
SEVERITY_ORDER = {severity: i for i, severity in enumerate(SEVERITIES)}


@dataclass(frozen=True, eq=False)
class Alert:
    """One finding about one client.

    client_key: the client's identity (as in the analysis table); client: its display name;
    kind: a stable id such as 'missed_month' or 'decline'; severity: 'high' | 'medium' | 'low';
    month: the month it is about, where one applies; values: JSON-safe numbers and texts
    behind it; params: message parameters (see the module docstring).
    """

    client_key: str
    client: str
    kind: str
    severity: str
    values: dict = field(default_factory=dict)
    month: pd.Period | None = None
    params: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_ORDER:
            raise ValueError(f"alert severity must be one of {SEVERITIES}, not {self.severity!r}")

    def _params(self, lang: str) -> dict:
        month = {"month": month_name(self.month, lang)} if self.month is not None else {}
        return {**month, **self.params}

    def message(self, lang: str) -> str:
        """The finding, in words: 'Нет отгрузок в сентябре 2026'."""
        return t(f"alert.{self.kind}", lang, **self._params(lang))

    def action(self, lang: str) -> str:
        """What to do about it: 'позвонить закупщику'. Empty when the kind has no action text."""
        key = f"action.{self.kind}"
        return t(key, lang, **self._params(lang)) if key in TEXTS else ""

    def to_json(self, lang: str) -> dict:
        """The entry of the JSON summary's `alerts` list (docs/summary-json.md)."""
        return {
            "client": self.client,
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message(lang),
            "month": None if self.month is None else str(self.month),
            "values": self.values,
        }


def sort_alerts(alerts: list[Alert]) -> list[Alert]:
    """Most severe first, then by client and month (stable for equal entries)."""
    return sorted(
        alerts,
        key=lambda a: (SEVERITY_ORDER[a.severity], a.client, str(a.month) if a.month is not None else "", a.kind),
    )


def alerts_frame(alerts: list[Alert], lang: str) -> pd.DataFrame:
    """Alerts as a tidy frame (one row each), for sheets and counts."""
    columns = ["client_key", "client", "kind", "severity", "month", "message", "action"]
    rows = [
        {
            "client_key": a.client_key,
            "client": a.client,
            "kind": a.kind,
            "severity": a.severity,
            "month": a.month,
            "message": a.message(lang),
            "action": a.action(lang),
        }
        for a in sort_alerts(alerts)
    ]
    return pd.DataFrame(rows, columns=columns)
