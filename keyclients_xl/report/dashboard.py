"""The Dashboard sheet («Сводка»): the headline figures and two native Excel charts.

Top: the key clients' share of sales, how many key clients, how many accounts are red, amber
and green, and how many alerts; then the alerts by kind and severity. Below, two charts:
- Pareto: the clients by average per month as bars (key clients red, the others grey) and
  the cumulative share as a line on a secondary axis (0–100 %);
- the key clients' monthly totals against the rest's, stacked, over the last months.
Their data sit in two small Tables further down the same sheet: a chart reads only its own
sheet, so it survives the Excel route's sheet copy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..analyse.alerts import SEVERITIES, Alert
from ..analyse.health import HEALTH_STATUSES, KIND_ORDER
from ..analyse.ranking import Analysis, client_numbers, in_months, measure_values
from ..errors import column_letter
from ..i18n import TEXTS, month_label, t
from .key_clients import period_text, rule_text
from .layout import summary_tiles
from .metric_layout import AMBER, GREEN, HEADER_HEIGHT, RED, Column, TableLayout
from .spec import CellSpec, ChartSpec, ConditionalSpec, SeriesSpec, SheetSpec, TableSpec

PARETO_CLIENTS = 100  # bars in the Pareto chart: the first clients by average (the line counts them all)
TREND_MONTHS = 12  # months in the key-against-the-rest chart, the window's last month included
KEY_COLOR, REST_COLOR, LINE_COLOR = "C00000", "A6A6A6", "1F4E79"
TILE_ROW = 4  # tile labels; their values in row 5
ALERTS_ROW = 7  # the alerts table's title; its header below it
WIDTHS = {1: 8, 2: 34, **{col: 13 for col in range(3, 12)}}
CHART_HEIGHT_ROWS = 18  # rows of 15 pt the 8.5 cm charts take, with a margin
CM_PER_WIDTH_UNIT = 0.2  # about 7 pixels per unit plus the cell padding, at 96 dpi
PARETO_WIDTH, MONTHLY_WIDTH, CHART_HEIGHT = 15.0, 11.0, 8.5


@dataclass
class DashboardFigures:
    """What the dashboard shows, computed from the analysis, the lines, the health and the alerts."""

    key_share: float
    key_count: int
    health: dict[str, int]  # 'red' | 'amber' | 'green' → accounts
    alerts: pd.DataFrame  # kind, high, medium, low, total (kinds in KIND_ORDER, others after)
    pareto: pd.DataFrame  # rank, client, average, key, others, cum_share
    monthly: pd.DataFrame  # month, key, others


def alert_counts(alerts: list[Alert]) -> pd.DataFrame:
    """Alerts per kind and severity: kind, high, medium, low, total. Every kind of the metric
    sheets is listed (0 when none), then any other kind found (receivables' overdue …)."""
    found = pd.DataFrame([(a.kind, a.severity) for a in alerts], columns=["kind", "severity"])
    kinds = list(KIND_ORDER) + sorted(set(found["kind"]) - set(KIND_ORDER))
    counts = (
        found.assign(n=1)
        .pivot_table(index="kind", columns="severity", values="n", aggfunc="sum", fill_value=0)
        .reindex(index=kinds, columns=list(SEVERITIES), fill_value=0)
        .astype(int)
    )
    return counts.assign(total=counts.sum(axis=1)).rename_axis(index="kind", columns=None).reset_index()


def monthly_key_totals(lines: pd.DataFrame, analysis: Analysis, first_month: pd.Period | None) -> pd.DataFrame:
    """The key clients' total and the other clients' total per month (the analysis' measure),
    over up to TREND_MONTHS months ending at the window's last month, none before `first_month`."""
    end = analysis.months[-1]
    start = end - (TREND_MONTHS - 1)
    if first_month is not None:
        start = max(start, min(first_month, analysis.months[0]))
    months = list(pd.period_range(start, end, freq="M"))
    # The key clients' lines are found among all lines by their client numbers (made once per
    # build, client_numbers), then the span's are cut out with the rest.
    is_key_line = client_numbers(lines).lines_of(analysis.key["client_key"])
    in_span = in_months(lines.assign(is_key=is_key_line), months)
    values = measure_values(in_span, analysis.settings.measure)
    is_key = in_span["is_key"]
    if isinstance(in_span["month"].dtype, pd.PeriodDtype):
        # One number per month and side (the month's ordinal twice, plus 1 for the key clients):
        # the same groups, each summed in the same order, as by the pair, at half the cost.
        sums = values.groupby(in_span["month"].array.asi8 * 2 + is_key.to_numpy()).sum()
        ordinals = np.array([month.ordinal for month in months], dtype="int64") * 2
        return pd.DataFrame(
            {
                "month": pd.PeriodIndex(months),
                "key": sums.reindex(ordinals + 1, fill_value=0.0).to_numpy(),
                "others": sums.reindex(ordinals, fill_value=0.0).to_numpy(),
            }
        )
    sums = (
        values.groupby([in_span["month"], is_key.rename("group")])
        .sum()
        .unstack(fill_value=0.0)
        .rename(columns={True: "key", False: "others"})
        .reindex(index=months, columns=["key", "others"], fill_value=0.0)
    )
    return sums.rename_axis(index="month", columns=None).reset_index()


def dashboard_figures(
    analysis: Analysis,
    lines: pd.DataFrame,
    health: pd.DataFrame,
    alerts: list[Alert],
    first_month: pd.Period | None = None,
) -> DashboardFigures:
    """`health`: analyse.health.account_health(...) (HEALTH_COLUMNS); `alerts`: every alert so far."""
    positive = analysis.positive.head(PARETO_CLIENTS)
    pareto = pd.DataFrame(
        {
            "rank": positive["rank"].astype(int),
            "client": positive["client"],
            "average": positive["average"],
            "key": positive["average"].where(positive["is_key"]),
            "others": positive["average"].where(~positive["is_key"]),
            "cum_share": positive["cum_share"],
        }
    ).reset_index(drop=True)
    counts = health["health"].value_counts()
    return DashboardFigures(
        key_share=analysis.key_share,
        key_count=len(analysis.key),
        health={status: int(counts.get(status, 0)) for status in HEALTH_STATUSES},
        alerts=alert_counts(alerts),
        pareto=pareto,
        monthly=monthly_key_totals(lines, analysis, first_month),
    )


def kind_label(kind: str, lang: str) -> str:
    """The alert kind in words ('Пропуск месяца'); a kind without a text shows its id."""
    key = f"alert_kind.{kind}"
    return t(key, lang) if key in TEXTS else kind


def _anchor_col(widths: dict[int, float], left_cm: float) -> int:
    """The first column whose left edge is at least `left_cm` from the sheet's left edge."""
    col, edge = 1, 0.0
    while edge < left_cm:
        edge += widths.get(col, 8.43) * CM_PER_WIDTH_UNIT
        col += 1
    return col


def dashboard_sheet(figures: DashboardFigures, analysis: Analysis, lang: str) -> SheetSpec:
    widths = dict(WIDTHS)
    cells = [
        CellSpec(1, 1, t("mtitle.dashboard", lang), "title"),
        CellSpec(2, 1, f"{period_text(analysis, lang)} · {rule_text(analysis, lang)}", "subtitle"),
    ]
    merged = ["A2:H2"]
    tiles = [
        (t("summary.key_share", lang), figures.key_share, "percent_left"),
        (t("summary.key_count", lang), figures.key_count, "value"),
        *[(t(f"dash.health.{status}", lang), figures.health[status], "value") for status in HEALTH_STATUSES],
        (t("dash.alerts_total", lang), int(figures.alerts["total"].sum()), "value"),
    ]
    grid = summary_tiles(tiles, widths, 1, TILE_ROW)
    cells += grid.cells
    merged += grid.merged
    # The red / amber / green counts coloured when not zero.
    tile_cells = [cell for cell in grid.cells if cell.row == TILE_ROW + 1]
    conditional = [
        ConditionalSpec(f"{column_letter(cell.col)}{cell.row}", f"{column_letter(cell.col)}{cell.row}>0", fill, True)
        for cell, fill in zip(tile_cells[2:5], (RED, AMBER, GREEN), strict=True)
    ]

    alerts = figures.alerts
    columns = [
        Column("kind", t("dash.col.kind", lang), "text", 34, [kind_label(kind, lang) for kind in alerts["kind"]]),
        *[Column(s, t(f"dash.col.{s}", lang), "integer", 11, list(alerts[s])) for s in SEVERITIES],
        Column("total", t("dash.col.total", lang), "integer", 11, list(alerts["total"])),
    ]
    # From column B, the wide one: the kinds line up with the Pareto data's client names below.
    alert_layout = TableLayout(columns, len(alerts), header_row=ALERTS_ROW + 1, first_col=2)
    cells.append(CellSpec(ALERTS_ROW, 1, t("dash.alerts_by_kind", lang), "label"))
    cells += alert_layout.cells()
    high = alert_layout.cell("high")
    conditional.append(ConditionalSpec(alert_layout.column_ref("high"), f"{high}>0", RED, True))
    tables = [TableSpec("DashboardAlerts", alert_layout.ref, "TableStyleLight9")]

    chart_row = alert_layout.last_row + 2
    data_row = chart_row + CHART_HEIGHT_ROWS
    pareto, monthly = figures.pareto, figures.monthly
    pareto_layout = TableLayout(
        [
            Column("rank", t("col.rank", lang), "integer", 8, list(pareto["rank"])),
            Column("client", t("col.client", lang), "text", 34, list(pareto["client"])),
            Column("average", t("col.average", lang), "money", 13, list(pareto["average"])),
            Column("key", t("dash.col.key_clients", lang), "money", 13, list(pareto["key"])),
            Column("others", t("dash.col.others", lang), "money", 13, list(pareto["others"])),
            Column("cum_share", t("col.cum_share", lang), "percent", 13, list(pareto["cum_share"])),
        ],
        len(pareto),
        header_row=data_row + 1,
    )
    month_layout = TableLayout(
        [
            Column("month", t("dash.col.month", lang), "text", 13, [month_label(m, lang) for m in monthly["month"]]),
            Column("key", t("dash.col.key_clients", lang), "money", 13, list(monthly["key"])),
            Column("others", t("dash.col.others", lang), "money", 13, list(monthly["others"])),
        ],
        len(monthly),
        header_row=data_row + 1,
        first_col=pareto_layout.last_col + 2,
    )
    cells += [CellSpec(data_row, 1, t("dash.chart_data", lang), "label"), *pareto_layout.cells(), *month_layout.cells()]
    tables += [
        TableSpec("ParetoData", pareto_layout.ref, "TableStyleLight1"),
        TableSpec("MonthlyTotals", month_layout.ref, "TableStyleLight1"),
    ]
    header = data_row + 1
    for table_layout in (alert_layout, pareto_layout, month_layout):
        for col, width in table_layout.widths.items():
            widths[col] = max(widths.get(col, 0), width)
    charts = [
        ChartSpec(
            title=t("dash.chart.pareto", lang, count=len(pareto)),
            categories=pareto_layout.column_ref("rank"),
            series=(
                SeriesSpec(
                    pareto_layout.column_ref("key"), f"{pareto_layout.letter('key')}{header}", "bar", False, KEY_COLOR
                ),
                SeriesSpec(
                    pareto_layout.column_ref("others"),
                    f"{pareto_layout.letter('others')}{header}",
                    "bar",
                    False,
                    REST_COLOR,
                ),
                SeriesSpec(
                    pareto_layout.column_ref("cum_share"),
                    f"{pareto_layout.letter('cum_share')}{header}",
                    "line",
                    True,
                    LINE_COLOR,
                ),
            ),
            anchor=f"A{chart_row}",
            width=PARETO_WIDTH,
            height=CHART_HEIGHT,
            x_title=t("dash.axis.rank", lang),
            y_title=t("dash.axis.average", lang),
            y2_title=t("col.cum_share", lang),
            y2_max=1.0,
            overlap=100,
            gap_width=30,
            label_skip=max(1, len(pareto) // 10),
        ),
        ChartSpec(
            title=t("dash.chart.monthly", lang),
            categories=month_layout.column_ref("month"),
            series=tuple(
                SeriesSpec(month_layout.column_ref(name), f"{month_layout.letter(name)}{header}", "bar", False, color)
                for name, color in (("key", KEY_COLOR), ("others", REST_COLOR))
            ),
            anchor=f"{column_letter(_anchor_col(widths, PARETO_WIDTH + 0.5))}{chart_row}",
            width=MONTHLY_WIDTH,
            height=CHART_HEIGHT,
            y_title=t("dash.axis.amount", lang),
            stacked=True,
        ),
    ]
    last_row = max(pareto_layout.last_row, month_layout.last_row)
    last_col = max(month_layout.last_col, _anchor_col(widths, PARETO_WIDTH + 0.5 + MONTHLY_WIDTH))
    return SheetSpec(
        name=t("sheet.dashboard", lang),
        cells=cells,
        tables=tables,
        conditional=conditional,
        widths=widths,
        heights={ALERTS_ROW + 1: HEADER_HEIGHT, header: HEADER_HEIGHT},
        tab_color="C00000",
        print_area=f"A1:{column_letter(last_col)}{last_row}",
        role="dashboard",
        merged=merged,
        charts=charts,
    )
