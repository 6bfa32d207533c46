"""The --summary JSON: the build's key facts for automation (schema in docs/summary-json.md)."""

from __future__ import annotations

from ..analyse.ranking import Analysis

SCHEMA_VERSION = 1


def summary_dict(analysis: Analysis, lang: str, notes: list[str]) -> dict:
    months = analysis.months
    settings = analysis.settings
    key = analysis.key
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": str(months[-1]),
        "months": [str(m) for m in months],
        "rule": settings.rule,
        "top_n": settings.top_n,
        "abc_measure": settings.abc_measure,
        "lang": lang,
        "clients_total": len(analysis.table),
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
                "share": round(float(row["share"]), 6),
                "cumulative_share": round(float(row["cum_share"]), 6),
                "abc": row["abc"],
                "xyz": row["xyz"],
                "months_shipped": int(row["months_shipped"]),
            }
            for _, row in key.iterrows()
        ],
    }
