"""Stage "health" (issue 9): account health and the "What to do" line of every key client.

Runs after the metric sheets and after receivables, from every alert gathered so far, so an
overdue debt makes an account red as a fall in sales does. Adds:
- results["health"]: analyse.health.account_health's frame (codes 'red' | 'amber' | 'green');
- key_columns["health"] (the word: «Красный») and key_columns["what_to_do"], by client_key,
  shown on the key-client sheet;
- summary["health"]: per key client its status, the signals, the reasons and what to do.
The Dashboard that shows them is the last stage's ("dashboard"), when every alert is in.
"""

from __future__ import annotations

from ..analyse.health import HEALTH_SIGNALS, account_health
from ..i18n import t
from . import BuildContext

# Receivables' overdue payments (issue 10) weigh in when that stage has run.
SIGNALS = (*HEALTH_SIGNALS, "overdue")
ITEMS = 3  # "What to do": the most urgent items of a client's alerts


def run(context: BuildContext) -> None:
    lang, analysis = context.lang, context.analysis
    key = analysis.key[["client_key", "client", "rank"]].reset_index(drop=True)
    health = account_health(key, context.sorted_alerts(), lang, SIGNALS, ITEMS)
    context.results["health"] = health
    by_client = health.set_index("client_key")
    context.key_columns["health"] = by_client["health"].map(lambda status: t(f"health.{status}", lang))
    context.key_columns["what_to_do"] = by_client["what_to_do"]
    context.summary["health"] = [
        {
            "client": row["client"],
            "rank": int(row["rank"]),
            "health": row["health"],
            "signals": list(row["signals"]),
            "reasons": row["reasons"],
            "what_to_do": row["what_to_do"],
        }
        for row in health.to_dict("records")
    ]
