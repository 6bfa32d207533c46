"""Stage "prospects": the competitors' key clients listed on «Конкуренты (ввод)», ranked and watched.

Adds: the input sheet when the workbook has none, the Prospects sheet («Конкуренты»; without
prospects only over one from an earlier build, which must not stand for this month), the
alerts prospect_won (the prospect now appears in our own shipments, matched by the sales
data's folding) and prospect_overdue (an open prospect's next step is past its date on
`today`), `results["prospects"]` (a ProspectsReport, or None without prospects) and
`summary["prospects"]`.
"""

from __future__ import annotations

import pandas as pd

from ..analyse.prospects import analyse_prospects
from ..read.prospects import read_prospects
from ..report.cycle_inputs import prospects_input_sheet
from ..report.prospects_sheet import prospects_sheet
from . import BuildContext

SHEET_KEY = "sheet.prospects_input"


def run(context: BuildContext) -> None:
    lang, settings = context.lang, context.settings
    context.input_sheets.append(prospects_input_sheet(lang))
    sheet = context.user_sheets.rows(SHEET_KEY)
    prospects = read_prospects(sheet) if sheet is not None else None
    report = None
    if prospects is not None and len(prospects):
        # A prospect who became a client the exports identify by its code is found by its name.
        prospects = prospects.assign(client_key=context.shipments.sales_keys(prospects["client_key"]))
        late = (settings.prospect_late_medium, settings.prospect_late_high)
        report = analyse_prospects(prospects, context.shipments.frame, pd.Timestamp(context.today), late)
        context.alerts += report.alerts
        context.summary["prospects"] = {
            "count": len(report.table),
            "volume": float(report.table["volume"].sum()),
            "won": int(report.table["won"].sum()),
            "overdue": int(report.table["days_late"].notna().sum()),
        }
    else:
        context.summary["prospects"] = None
    context.results["prospects"] = report
    # Without prospects, the sheet is written only over an older one, which must not stand for this month.
    if report is not None or context.user_sheets.find("sheet.prospects") is not None:
        context.sheets.append(prospects_sheet(report, context.shipments.frame, lang))
