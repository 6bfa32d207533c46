"""The Changes sheet («Изменения»): what moved since the previous month in History (analyse/changes.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analyse.changes import Changes
from ..i18n import Month, t
from .spec import SheetSpec
from .table_sheet import Column, letter_of, table_sheet

# Flags of the Changes table → the words of the "What changed" column, in this order.
_KINDS = (
    ("new_key", "changes.kind.new_key"),
    ("left_key", "changes.kind.left_key"),
    ("lost", "changes.kind.lost"),
    ("abc_up", "changes.kind.abc_up"),
    ("abc_down", "changes.kind.abc_down"),
    ("xyz_up", "changes.kind.xyz_up"),
    ("xyz_down", "changes.kind.xyz_down"),
    ("rank", "changes.kind.rank"),
    ("entered", "changes.kind.entered"),
)
NEW_FILL, GONE_FILL = "E2EFDA", "FCE4D6"  # new key clients green; departed and lost red


def change_flags(table: pd.DataFrame) -> pd.DataFrame:
    """One boolean column per kind of change (see _KINDS), row for row with the Changes table."""
    moved = table["rank_move"].fillna(0) != 0
    return pd.DataFrame(
        {
            "new_key": table["new_key"],
            "left_key": table["left_key"],
            "lost": table["lost"],
            "abc_up": table["abc_move"] == "up",
            "abc_down": table["abc_move"] == "down",
            "xyz_up": table["xyz_move"] == "up",
            "xyz_down": table["xyz_move"] == "down",
            "rank": moved & ~table["lost"],
            "entered": table["rank_before"].isna() & table["rank_now"].notna() & ~table["new_key"],
        },
        index=table.index,
    ).astype(bool)


def change_words(table: pd.DataFrame, lang: str) -> pd.Series:
    """'новый ключевой, ABC ниже' per row: the kinds of change in words."""
    flags = change_flags(table)
    words = pd.DataFrame(
        {flag: np.where(flags[flag], t(key, lang), "") for flag, key in _KINDS}, index=table.index, dtype=object
    )
    return words.apply(lambda row: ", ".join(word for word in row if word), axis=1).astype(object)


def changes_sheet(changes: Changes, lang: str) -> SheetSpec:
    table = changes.table
    columns = [
        Column("client", t("col.client", lang), "text", 38),
        Column("change", t("changes.col.change", lang), "text", 36),
        Column("rank_before", t("changes.col.rank_before", lang), "integer", 8),
        Column("rank_now", t("changes.col.rank_now", lang), "integer", 8),
        Column("rank_move", t("changes.col.rank_move", lang), "integer", 8),
        Column("average_before", t("changes.col.average_before", lang), "money", 14),
        Column("average_now", t("changes.col.average_now", lang), "money", 14),
        Column("abc_before", t("changes.col.abc_before", lang), "center", 7),
        Column("abc_now", t("changes.col.abc_now", lang), "center", 7),
        Column("xyz_before", t("changes.col.xyz_before", lang), "center", 7),
        Column("xyz_now", t("changes.col.xyz_now", lang), "center", 7),
        Column("last_shipped", t("history.col.last_shipped", lang), "center", 12),
        Column("last_amount", t("history.col.last_amount", lang), "money", 14),
    ]
    frame = table.assign(
        change=change_words(table, lang) if len(table) else pd.Series(dtype=object),
        last_shipped=table["last_shipped"].astype("string").astype(object).where(table["last_shipped"].notna()),
    ).replace({"": None})
    if changes.previous is None:
        lines = [t("changes.subtitle_first", lang)]
    else:
        lines = [t("changes.subtitle", lang, previous=Month(changes.previous))]
        lines += [note.text(lang) for note in changes.notes]
        if table.empty:
            lines.append(t("changes.none", lang))
    change = letter_of(columns, "change")
    new, left, lost = (t(f"changes.kind.{kind}", lang) for kind in ("new_key", "left_key", "lost"))
    return table_sheet(
        name=t("sheet.changes", lang),
        title=t("changes.title", lang, month=Month(changes.month)),
        lines=lines,
        columns=columns,
        frame=frame,
        table_name="Changes",
        role="changes",
        tab_color="2F5597",
        conditional=[
            (NEW_FILL, f'ISNUMBER(SEARCH("{new}",${change}{{row}}))'),
            (GONE_FILL, f'OR(ISNUMBER(SEARCH("{left}",${change}{{row}})),ISNUMBER(SEARCH("{lost}",${change}{{row}})))'),
        ],
    )
