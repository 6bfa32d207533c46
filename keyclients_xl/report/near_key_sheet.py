"""The Near-key sheet («Кандидаты»): the clients just below the key line.

One row per client ranked N+1 … N+count: its average, the level of the last key client, the
gap to it, its trend (as on the Turnover sheet) and how many months it needs to reach the key
level at that trend ("—" when it is not growing).
"""

from __future__ import annotations

import pandas as pd

from ..analyse.metric_settings import MetricSettings
from ..i18n import t
from .metric_layout import GREEN, Column, TableLayout, metric_sheet
from .spec import ConditionalSpec, SheetSpec

NOT_GROWING = "—"


def near_key_sheet(table: pd.DataFrame, settings: MetricSettings, lang: str) -> SheetSpec:
    """`table`: analyse.near_key.near_key(...) (NEAR_KEY_COLUMNS)."""
    months_to_key = [NOT_GROWING if pd.isna(m) else int(m) for m in table["months_to_key"]]
    columns = [
        Column("rank", t("col.rank", lang), "integer", 6, list(table["rank"])),
        Column("client", t("col.client", lang), "text", 36, list(table["client"])),
        Column("average", t("col.average", lang), "money", 14, list(table["average"])),
        Column("key_level", t("mcol.key_level", lang), "money", 14, list(table["key_level"])),
        Column("gap", t("mcol.gap", lang), "money", 14, list(table["gap"])),
        Column("trend", t("mcol.trend", lang), "change", 11, list(table["trend"])),
        Column("trend_months", t("mcol.trend_months", lang), "integer", 10, list(table["trend_months"])),
        Column("months_to_key", t("mcol.months_to_key", lang), "integer", 12, months_to_key),
    ]
    layout = TableLayout(columns, len(table))
    trend = layout.row_cell("trend")
    conditional = [
        ConditionalSpec(
            layout.column_ref("trend", "months_to_key"),
            f"AND(ISNUMBER({trend}),{trend}>{settings.fast_grower_threshold / 100})",
            GREEN,
            True,
        )
    ]
    intro = t("mintro.near_key", lang, threshold=f"{settings.fast_grower_threshold:g}")
    if table.empty:
        intro = t("mintro.near_key_none", lang)
    return metric_sheet(
        name=t("sheet.near_key", lang),
        role="near_key",
        title=t("mtitle.near_key", lang),
        intro=[intro],
        layout=layout,
        table_name="NearKey",
        conditional=conditional,
    )
