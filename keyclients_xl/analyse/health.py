"""Account health: a red/amber/green status per key client from its alerts, the reasons in words,
and the one-line "What to do".

Health is built from alerts only, so a new source of trouble joins by adding its alert kind
to the signals (receivables' overdue payments: add their kind to HEALTH_SIGNALS or pass
`signals`). Rule: red when a signal alert is high; amber when one is medium, or two or more
are low; green otherwise (one low signal is still named in the reasons).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..i18n import t
from .alerts import SEVERITY_ORDER, Alert
from .phrases import Months

HEALTH_SIGNALS = ("missed_month", "decline", "low_assortment", "review_due")
HEALTH_STATUSES = ("red", "amber", "green")

# Among alerts of equal severity, the order of the "What to do" items.
KIND_ORDER = ("missed_month", "decline", "review_due", "low_assortment", "growth", "fast_grower")

HEALTH_COLUMNS = (
    "client_key",
    "client",
    "rank",
    "health",  # 'red' | 'amber' | 'green'
    "signals",  # tuple of the signal kinds found, most severe first
    "reasons",  # the signal alerts' messages, in words ('' … green: health.no_signals)
    "what_to_do",  # one line: 'finding — action' items, most severe first
)


def _kind_rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def merge_by_kind(alerts: list[Alert]) -> list[Alert]:
    """One alert per kind, most severe first: alerts of one kind about several months become one
    whose `month` parameter lists them all ('август 2026, сентябрь 2026'). Severity: the highest."""
    by_kind: dict[str, list[Alert]] = {}
    for alert in alerts:
        by_kind.setdefault(alert.kind, []).append(alert)
    merged = []
    for group in by_kind.values():
        group = sorted(group, key=lambda a: (SEVERITY_ORDER[a.severity], str(a.month) if a.month is not None else ""))
        first = group[0]
        months = sorted({a.month for a in group if a.month is not None})
        if len(months) > 1:
            first = replace(first, month=None, params={**first.params, "month": Months(tuple(months))})
        merged.append(first)
    return sorted(merged, key=lambda a: (SEVERITY_ORDER[a.severity], _kind_rank(a.kind)))


def health_status(alerts: list[Alert], signals: tuple[str, ...] = HEALTH_SIGNALS) -> str:
    """'red' when a signal alert is high; 'amber' when one is medium or two kinds are low; else 'green'.

    Alerts of one kind count once (three missed months are one signal, at its highest severity).
    """
    severities = [a.severity for a in merge_by_kind([a for a in alerts if a.kind in signals])]
    if "high" in severities:
        return "red"
    return "amber" if "medium" in severities or len(severities) >= 2 else "green"


def what_to_do(alerts: list[Alert], lang: str, items: int = 3) -> str:
    """One short line from a client's alerts: 'finding — action; …', most severe first, at most `items`."""
    merged = [a for a in merge_by_kind(alerts) if a.action(lang)][:items]
    if not merged:
        return t("todo.none", lang)
    return "; ".join(t("todo.item", lang, message=a.message(lang), action=a.action(lang)) for a in merged)


def reasons(alerts: list[Alert], lang: str, signals: tuple[str, ...] = HEALTH_SIGNALS) -> str:
    """The signal alerts' findings in words, most severe first; 'no warning signs' without any."""
    found = merge_by_kind([a for a in alerts if a.kind in signals])
    return "; ".join(a.message(lang) for a in found) if found else t("health.no_signals", lang)


def account_health(
    key: pd.DataFrame, alerts: list[Alert], lang: str, signals: tuple[str, ...] = HEALTH_SIGNALS, items: int = 3
) -> pd.DataFrame:
    """One row per key client (`key`: client_key, client, rank, in order): HEALTH_COLUMNS."""
    mine: dict[str, list[Alert]] = {}
    for alert in alerts:
        mine.setdefault(alert.client_key, []).append(alert)
    rows = []
    for client in key[["client_key", "client", "rank"]].to_dict("records"):
        own = mine.get(client["client_key"], [])
        rows.append(
            {
                **client,
                "health": health_status(own, signals),
                "signals": tuple(a.kind for a in merge_by_kind([a for a in own if a.kind in signals])),
                "reasons": reasons(own, lang, signals),
                "what_to_do": what_to_do(own, lang, items),
            }
        )
    return pd.DataFrame(rows, columns=list(HEALTH_COLUMNS))
