"""Stage "metrics" (issue 9): the metric sheets of the key clients and their alerts.

Runs analyse.key_metrics on the shipment lines with the build's metric settings, the terms
reviews and the user's top list read from their input sheets, and adds:
- results["metrics"]: the KeyMetrics;
- every alert (missed_month, decline, growth, low_assortment, review_due, fast_grower);
- the sheets Periodicity, Assortment, Turnover, Trade terms and Near-key;
- the input sheets Terms reviews and Top assortment, created when the workbook has none.
The Dashboard needs the account health, so the health stage draws it.
"""

from __future__ import annotations

import pandas as pd

from ..analyse.assortment import has_skus
from ..analyse.key_metrics import key_metrics
from ..analyse.trade_terms import review_keys
from ..analyse.window import first_full_month
from ..read import SheetRows
from ..read.manager_inputs import _Sheet
from ..report.assortment_sheet import assortment_sheet
from ..report.manager_inputs import InputTable
from ..report.metric_inputs import TERMS_REVIEWS, TOP_ASSORTMENT, metric_input_sheet
from ..report.near_key_sheet import near_key_sheet
from ..report.periodicity_sheet import periodicity_sheet
from ..report.trade_terms_sheet import trade_terms_sheet
from ..report.turnover_sheet import turnover_sheet
from . import INPUT_ROLE, BuildContext


def data_first_month(context: BuildContext) -> pd.Period:
    """The data's first full month (analyse/window.first_full_month): the earliest a trend looks back to."""
    return first_full_month(context.shipments.frame["month"].min(), context.shipments.first_day())


def read_input(rows: SheetRows | None, table: InputTable) -> pd.DataFrame | None:
    """An input sheet as a frame (row and the table's fields), None when the workbook has no such sheet.

    A filled row without a required cell, or a date that is not one, stops the build naming the cell.
    """
    return None if rows is None else _Sheet(rows, table).frame()


# Line columns no metric reads: left out, so the metrics' many filters of a million lines copy less.
UNUSED_BY_METRICS = ("client", "manager", "status")


def run(context: BuildContext) -> None:
    lines = context.shipments.frame
    lines = lines.drop(columns=[c for c in UNUSED_BY_METRICS if c in lines])
    settings = context.settings.metrics
    lang = context.lang
    reviews = read_input(context.user_sheets.rows(f"sheet.{TERMS_REVIEWS.id}"), TERMS_REVIEWS)
    if reviews is not None and not reviews.empty:  # a client the exports identify by its code is found by its name
        reviews = reviews.assign(client_key=context.shipments.sales_keys(review_keys(reviews)))
    top = read_input(context.user_sheets.rows(f"sheet.{TOP_ASSORTMENT.id}"), TOP_ASSORTMENT)
    top_list = list(top["sku"].dropna()) if top is not None and top["sku"].notna().any() else None
    metrics = key_metrics(
        lines,
        context.analysis,
        settings,
        data_end=context.shipments.data_end,
        reviews=reviews,
        top_list=top_list,
        first_month=data_first_month(context),
    )
    context.results["metrics"] = metrics
    context.alerts += metrics.alerts
    context.sheets += [
        periodicity_sheet(metrics.periodicity, context.analysis, lang),
        assortment_sheet(metrics.assortment, settings, lang, user_list=top_list is not None),
        turnover_sheet(metrics.turnover, context.analysis, settings, lang, has_skus(lines)),
        trade_terms_sheet(metrics.trade_terms, settings, lang),
        near_key_sheet(metrics.near_key, settings, lang),
    ]
    context.input_sheets += [
        metric_input_sheet(table, lang, INPUT_ROLE + f"sheet.{table.id}") for table in (TERMS_REVIEWS, TOP_ASSORTMENT)
    ]
