"""The Turnover sheet («Обороты»): each key client's monthly amounts, how they changed, and why.

One row per key client: the window's monthly amounts, each month against the month before,
the average of the earlier months, the last month against it (the same number as the
KC_TREND worksheet function over the month columns), the trend (least-squares slope as % of
the mean per month, over the look-back), and the SKUs that moved it most.
"""

from __future__ import annotations

import pandas as pd

from ..analyse.metric_settings import MetricSettings
from ..analyse.phrases import Drivers, needs_note
from ..analyse.ranking import Analysis
from ..analyse.turnover import Turnover, top_drivers
from ..i18n import Count, month_label, t
from .metric_layout import GREEN, RED, Column, TableLayout, metric_sheet
from .spec import ConditionalSpec, SheetSpec


def why_it_moved(turnover: Turnover, settings: MetricSettings, lang: str) -> pd.Series:
    """Per key client (by client_key): its largest SKU contributions (settings.drivers_shown) in
    the direction of its move, in words; '' without SKU lines.

    The direction is the alerts' (analyse.turnover.turnover_alerts): falls for a client whose
    trend or last month falls by more than the decline threshold, else rises for one that rises
    by more than the growth threshold, else the way its last month moved from the earlier average.
    """
    table, drivers = turnover.table, turnover.drivers
    fall = pd.concat([-table["last_vs_earlier"], -table["trend"]], axis=1).max(axis=1)
    rise = pd.concat([table["last_vs_earlier"], table["trend"]], axis=1).max(axis=1)
    declining = fall > settings.decline_threshold / 100
    growing = ~declining & (rise > settings.growth_threshold / 100)
    lower = table["last_month"] < table["earlier_average"]
    falling = declining | (~growing & lower)
    found = top_drivers(drivers, pd.Series(falling.to_numpy(), index=table["client_key"]), settings.drivers_shown)
    texts = {client: Drivers(found[client]).text(lang) if client in found else "" for client in table["client_key"]}
    return pd.Series(texts, dtype=object)


def turnover_sheet(
    turnover: Turnover, analysis: Analysis, settings: MetricSettings, lang: str, has_skus: bool = True
) -> SheetSpec:
    months = analysis.months
    table = turnover.table
    changes = turnover.changes.set_index("client_key").reindex(table["client_key"])
    why = why_it_moved(turnover, settings, lang).reindex(table["client_key"]).fillna("")
    columns = [
        Column("rank", t("col.rank", lang), "integer", 6, list(table["rank"])),
        Column("client", t("col.client", lang), "text", 36, list(table["client"])),
        *[Column(str(m), month_label(m, lang), "money", 13, list(table[m])) for m in months],
        *[
            Column(
                f"change {m}", t("mcol.month_change", lang, month=month_label(m, lang)), "change", 10, list(changes[m])
            )
            for m in months
        ],
        Column("earlier_average", t("mcol.earlier_average", lang), "money", 14, list(table["earlier_average"])),
        Column("last_vs_earlier", t("mcol.last_vs_earlier", lang), "change", 12, list(table["last_vs_earlier"])),
        Column("trend", t("mcol.trend", lang), "change", 11, list(table["trend"])),
        Column("trend_months", t("mcol.trend_months", lang), "integer", 10, list(table["trend_months"])),
        Column("why", t("mcol.why", lang), "text_wrap", 50, list(why)),
    ]
    layout = TableLayout(columns, len(table))
    conditional = []
    for name in ("last_vs_earlier", "trend"):
        cell = layout.cell(name)
        conditional += [
            ConditionalSpec(
                layout.column_ref(name),
                f"AND(ISNUMBER({cell}),{cell}<-{settings.decline_threshold / 100})",
                RED,
                True,
            ),
            ConditionalSpec(
                layout.column_ref(name), f"AND(ISNUMBER({cell}),{cell}>{settings.growth_threshold / 100})", GREEN
            ),
        ]
    used = int(table["trend_months"].max()) if len(table) else settings.trend_months
    intro = [
        t(
            "mintro.turnover",
            lang,
            months=Count(used, "month"),
            decline=f"{settings.decline_threshold:g}",
            growth=f"{settings.growth_threshold:g}",
        )
    ]
    notes = []
    if used < settings.trend_months:
        notes.append(t("mnote.short_lookback", lang, used=Count(used, "month"), wanted=settings.trend_months))
    if not has_skus:
        notes.append(t("mnote.why_needs", lang, needs=needs_note(("sku",)).text(lang)))
    return metric_sheet(
        name=t("sheet.turnover", lang),
        role="turnover",
        title=t("mtitle.turnover", lang),
        intro=intro,
        layout=layout,
        table_name="Turnover",
        conditional=conditional,
        notes=notes,
    )
