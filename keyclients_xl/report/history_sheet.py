"""The History sheet («История»): every month's snapshot of the classification, one Excel Table.

Months are written as text ('2026-10'), the same in every language and sorted as text sorts,
so a pivot table groups them as they are; analyse/history.py reads the sheet back.
"""

from __future__ import annotations

import pandas as pd

from ..analyse.history import HEADERS
from ..i18n import TEXTS, Month, number, t
from .spec import SheetSpec
from .table_sheet import Column, table_sheet

WIDTHS = {"month": 10, "client": 38, "rank": 7, "average": 16, "abc": 7, "xyz": 7, "is_key": 10, "health": 14}
STYLES = {"rank": "integer", "average": "money", "abc": "center", "xyz": "center", "is_key": "center"}
STYLES |= {"last_amount": "money", "last_shipped": "center", "month": "center"}


def health_word(value: object, lang: str) -> object:
    """A health code of the metric stage ('red') as its word ('Красный'); any other label as it is."""
    key = f"health.{value}"
    return t(key, lang) if isinstance(value, str) and key in TEXTS else value


def history_rows(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """History as the sheet shows it: months as text, the key flag as the word for yes."""
    return history.assign(
        month=history["month"].astype(str),
        last_shipped=history["last_shipped"].astype("string").astype(object).where(history["last_shipped"].notna()),
        is_key=history["is_key"].map({True: t("value.yes", lang), False: None}),
        health=history["health"].map(lambda value: health_word(value, lang)),
    )


def history_sheet(history: pd.DataFrame, lang: str, keep: int) -> SheetSpec:
    columns = [
        Column(field, t(key, lang), STYLES.get(field, "text"), WIDTHS.get(field, 14)) for field, key in HEADERS.items()
    ]
    months = history["month"]
    line = t(
        "history.subtitle",
        lang,
        months=months.nunique(),
        first=Month(months.min()) if len(months) else "—",
        last=Month(months.max()) if len(months) else "—",
        rows=number(len(history), lang),
        keep=number(keep, lang),
    )
    return table_sheet(
        name=t("sheet.history", lang),
        title=t("history.title", lang),
        lines=[line],
        columns=columns,
        frame=history_rows(history, lang),
        table_name="History",
        role="history",
        tab_color="2F5597",
    )
