"""The Receivables sheet («Дебиторка»): debt per client against its sales (analyse/receivables.py)."""

from __future__ import annotations

import pandas as pd

from ..analyse.receivables import BUCKET_KEYS, BUCKETS, Bands, ReceivablesReport
from ..i18n import number, t
from .spec import SheetSpec
from .table_sheet import Column, letter_of, table_sheet

SEVERITY_FILL = {"high": "F8CBAD", "medium": "FFE699"}


def _columns(lang: str) -> list[Column]:
    return [
        Column("rank", t("col.rank", lang), "integer", 7),
        Column("client", t("col.client", lang), "text", 38),
        Column("is_key", t("col.key", lang), "center", 9),
        Column("in_sales", t("receivables.col.in_sales", lang), "center", 12),
        Column("average", t("col.average", lang), "money", 14),
        Column("debt", t("receivables.col.debt", lang), "money", 14),
        Column("overdue", t("receivables.col.overdue", lang), "money", 14),
        Column("current", t("receivables.col.current", lang), "money", 14),
        *(Column(bucket, t(BUCKET_KEYS[bucket], lang), "money", 13) for bucket in BUCKETS),
        Column("max_days", t("receivables.col.max_days", lang), "integer", 12),
        Column("sales_days", t("receivables.col.sales_days", lang), "integer", 14),
        Column("severity", t("receivables.col.severity", lang), "center", 11),
    ]


def _shown(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    yes = t("value.yes", lang)
    words = {s: t(f"receivables.severity.{s}", lang) for s in ("high", "medium", "low")}
    return table.assign(
        is_key=table["is_key"].map({True: yes, False: None}),
        in_sales=table["in_sales"].map({True: yes, False: t("receivables.no", lang)}),
        sales_days=table["sales_days"].round(),
        severity=table["severity"].map(words),
    )


def receivables_sheet(report: ReceivablesReport | None, lang: str, bands: Bands = Bands()) -> SheetSpec:
    """The sheet; `report` None: no receivables were given (the sheet says where to put them)."""
    columns = _columns(lang)
    if report is None:
        lines = [t("receivables.empty", lang, sheet=t("sheet.receivables_input", lang))]
        frame = pd.DataFrame(columns=[column.field for column in columns])
    else:
        table = report.table
        lines = [
            t(
                "receivables.subtitle",
                lang,
                date="—" if report.as_of is None else f"{report.as_of:%d.%m.%Y}",
                debt=number(table["debt"].sum(), lang),
                overdue=number(table["overdue"].sum(), lang),
                age_medium=f"{bands.age[0]:g}",
                age_high=f"{bands.age[1]:g}",
                size_medium=f"{bands.size[0]:g}",
                size_high=f"{bands.size[1]:g}",
            ),
            *(note.text(lang) for note in report.notes),
        ]
        frame = _shown(table, lang)
    severity = letter_of(columns, "severity")
    return table_sheet(
        name=t("sheet.receivables", lang),
        title=t("receivables.title", lang),
        lines=lines,
        columns=columns,
        frame=frame,
        table_name="Receivables",
        role="receivables",
        tab_color="BF8F00",
        conditional=[
            (fill, f'${severity}{{row}}="{t(f"receivables.severity.{level}", lang)}"')
            for level, fill in SEVERITY_FILL.items()
        ],
    )
