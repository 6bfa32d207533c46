"""The Periodicity sheet («Периодичность»): does each key client buy every month?

One row per key client: its amount in each window month as a heat map (a colour scale from
white to green; a month without a positive amount filled red), the months shipped out of N,
the date of its last shipment and the days since it (blank where the export has no dates).
"""

from __future__ import annotations

import pandas as pd

from ..analyse.ranking import Analysis
from ..i18n import month_label, t
from .metric_layout import AMBER, RED, Column, TableLayout, metric_sheet
from .spec import ColorScaleSpec, ConditionalSpec, SheetSpec


def periodicity_sheet(table: pd.DataFrame, analysis: Analysis, lang: str) -> SheetSpec:
    """`table`: analyse.periodicity.periodicity(...) (PERIODICITY_COLUMNS)."""
    months = analysis.months
    total = len(months)
    columns = [
        Column("rank", t("col.rank", lang), "integer", 6, list(table["rank"])),
        Column("client", t("col.client", lang), "text", 36, list(table["client"])),
        *[Column(str(m), month_label(m, lang), "money", 13, list(table[m])) for m in months],
        Column(
            "months_shipped", t("mcol.months_shipped_of", lang, n=total), "integer", 12, list(table["months_shipped"])
        ),
        Column("last_shipment", t("mcol.last_shipment", lang), "date", 13, list(table["last_shipment"])),
        Column("days_since_last", t("mcol.days_since_last", lang), "integer", 12, list(table["days_since_last"])),
    ]
    layout = TableLayout(columns, len(table))
    first, last = str(months[0]), str(months[-1])
    heat = layout.column_ref(first, last)
    conditional = [
        # A month without a positive amount: red over the heat map's colours.
        ConditionalSpec(heat, f"{layout.cell(first)}<=0", fill=RED, bold=True),
        ConditionalSpec(
            layout.column_ref("months_shipped"), f"{layout.cell('months_shipped')}<{total}", fill=AMBER, bold=True
        ),
    ]
    notes = [] if table["last_shipment"].notna().any() else [t("mnote.no_dates", lang)]
    return metric_sheet(
        name=t("sheet.periodicity", lang),
        role="periodicity",
        title=t("mtitle.periodicity", lang),
        intro=[
            t("mintro.periodicity", lang, period=f"{month_label(months[0], lang)} – {month_label(months[-1], lang)}")
        ],
        layout=layout,
        table_name="Periodicity",
        conditional=conditional,
        color_scales=[ColorScaleSpec(heat, low="FFFFFF", high="63BE7B")],
        notes=notes,
    )
