"""Stage "dashboard" (issue 9): the Dashboard sheet, first of the stages' sheets.

Runs last, so its count of alerts by kind holds every alert of the build: the metric sheets',
receivables', health's, and the month-on-month changes of History (a key client lost, a new
one) and the prospects', which run after health. Needs results["health"].
"""

from __future__ import annotations

from ..report.dashboard import dashboard_figures, dashboard_sheet
from . import BuildContext
from .metrics import data_first_month


def run(context: BuildContext) -> None:
    analysis, health = context.analysis, context.results["health"]
    figures = dashboard_figures(analysis, context.shipments.frame, health, context.alerts, data_first_month(context))
    context.sheets.insert(0, dashboard_sheet(figures, analysis, context.lang))
