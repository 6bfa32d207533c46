"""The --summary JSON: the build's key facts for automation (schema in docs/summary-json.md)."""

from __future__ import annotations

import math

from ..analyse.ranking import Analysis

SCHEMA_VERSION = 2


def _share(value: float) -> float | None:
    """A share rounded for JSON; None for a client without one (total ≤ 0)."""
    return None if value is None or math.isnan(value) else round(float(value), 6)


def summary_dict(analysis: Analysis, lang: str, notes: list[str], sources: dict[str, str] | None = None) -> dict:
    months = analysis.months
    settings = analysis.settings
    key = analysis.key
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": str(months[-1]),
        "months": [str(m) for m in months],
        "rule": settings.rule,
        "top_n": settings.top_n,
        "measure": settings.measure,
        "abc_measure": settings.measure,
        "abc": {"a": settings.abc_a, "b": settings.abc_b, "boundary": settings.abc_boundary},
        "settings_sources": dict(sources or {}),
        "lang": lang,
        "clients_total": len(analysis.positive),
        "clients_non_positive": int((analysis.table["average"] <= 0).sum()),
        "key_count": len(key),
        "sales_total": round(analysis.sales_total, 2),
        "key_share": round(analysis.key_share, 6),
        "clients_for_80": analysis.clients_for_80,
        "notes": notes,
        "key_clients": [
            {
                "client": row["client"],
                "rank": int(row["rank"]),
                "average": round(float(row["average"]), 2),
                "monthly": {str(m): round(float(row[m]), 2) for m in months},
                "share": _share(row["share"]),
                "cumulative_share": _share(row["cum_share"]),
                "abc": row["abc"],
                "xyz": row["xyz"],
                "months_shipped": int(row["months_shipped"]),
            }
            for row in key.to_dict("records")
        ],
    }
