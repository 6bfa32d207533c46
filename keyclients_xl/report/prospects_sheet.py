"""The Prospects sheet («Конкуренты»): the competitors' key clients, ranked by their estimated volume,
with overdue next steps and the ones already won (analyse/prospects.py)."""

from __future__ import annotations

import pandas as pd

from ..analyse.prospects import Day, ProspectsReport, first_purchases
from ..i18n import Amount, number, t
from .spec import SheetSpec
from .table_sheet import Column, letter_of, table_sheet

LATE_FILL, WON_FILL = "FCE4D6", "E2EFDA"
PURCHASES_SHOWN = 2


def _columns(lang: str) -> list[Column]:
    return [
        Column("rank", t("prospects.col.rank", lang), "integer", 7),
        Column("client", t("prospects.col.client", lang), "text", 36),
        Column("competitor", t("prospects.col.competitor", lang), "text", 20),
        Column("volume", t("prospects.col.volume", lang), "money", 16),
        Column("share", t("prospects.col.share", lang), "percent", 10),
        Column("owner", t("prospects.col.owner", lang), "text", 18),
        Column("next_step", t("prospects.col.next_step", lang), "text", 30),
        Column("due_date", t("prospects.col.due", lang), "date", 12),
        Column("status", t("prospects.col.status", lang), "text", 14),
        Column("days_late", t("prospects.col.days_late", lang), "integer", 10),
        Column("won", t("prospects.col.won", lang), "center", 10),
        Column("first_purchases", t("prospects.col.first_purchases", lang), "text", 44),
        Column("bought", t("prospects.col.bought", lang), "money", 14),
    ]


def purchases_text(lines: pd.DataFrame, keys: pd.Series, lang: str) -> pd.Series:
    """client_key → '12.10.2026 — 50 000; 26.10.2026 — 45 000': its first purchase days."""
    first = first_purchases(lines, keys, PURCHASES_SHOWN)
    words = [
        t("prospects.purchase", lang, date=Day(date), amount=Amount(amount))
        for date, amount in zip(first["date"], first["amount"], strict=True)
    ]
    return pd.Series(words, index=first.index, dtype=object).groupby(first["client_key"]).agg("; ".join)


def prospects_sheet(report: ProspectsReport | None, lines: pd.DataFrame, lang: str) -> SheetSpec:
    """The sheet; `report` None: no prospects listed yet (the sheet says where to list them).
    `lines`: the shipment lines, for the won prospects' first purchases."""
    columns = _columns(lang)
    if report is None or report.table.empty:
        lines_shown = [t("prospects.empty", lang, sheet=t("sheet.prospects_input", lang))]
        frame = pd.DataFrame(columns=[column.field for column in columns])
    else:
        table = report.table
        won = table[table["won"]]
        lines_shown = [
            t(
                "prospects.subtitle",
                lang,
                count=len(table),
                volume=number(table["volume"].sum(), lang),
                won=int(table["won"].sum()),
                late=int(table["days_late"].notna().sum()),
            )
        ]
        frame = table.assign(
            due_date=pd.to_datetime(table["due_date"], errors="coerce").dt.date.astype(object),
            won=table["won"].map({True: t("value.yes", lang), False: None}),
            first_purchases=table["client_key"].map(purchases_text(lines, won["client_key"], lang)),
            bought=table["bought"].where(table["won"]),
        )
    days_late, won_col = letter_of(columns, "days_late"), letter_of(columns, "won")
    return table_sheet(
        name=t("sheet.prospects", lang),
        title=t("prospects.title", lang),
        lines=lines_shown,
        columns=columns,
        frame=frame,
        table_name="Prospects",
        role="prospects",
        tab_color="7030A0",
        conditional=[
            (WON_FILL, f'${won_col}{{row}}<>""'),
            (LATE_FILL, f"${days_late}{{row}}>0"),
        ],
    )
