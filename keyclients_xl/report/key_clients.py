"""The key-client sheet: a title line and a compact summary, then an Excel Table of every
client sorted by average per month, with a live =AVERAGE, live shares, and the key clients
highlighted; the notes below the table. The table's last column is the manager's own Comment,
carried by client from build to build (deliver/ reads it back).

Layout for a 1366×768 laptop screen: about 24 rows of 15 pt (360 pt) show below Excel's
ribbon, so the title (row 1), the summary (rows 2–3: figures side by side, each under its
label) and the header (row 4) take 60 pt and leave the whole top 20 in view.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..analyse.ranking import NO_CLASS, Analysis
from ..errors import column_letter
from ..i18n import Count, month_label, t
from ..read.clients import fold_name
from .layout import LINE_HEIGHT, header_width, summary_tiles, text_width, wrapped_lines
from .spec import CellSpec, ConditionalSpec, Formula, SheetSpec, TableBody, TableSpec

TITLE_ROW, SUMMARY_ROW = 1, 2  # the summary: labels in row 2, their values in row 3
HEADER_ROW = SUMMARY_ROW + 2
FIRST_COL = 1
MAX_NOTES = 8
# Row heights in points: the 13 pt title, the 9 pt labels over the figures, the one-line header.
TITLE_HEIGHT, LABELS_HEIGHT, HEADER_HEIGHT = 18.0, 12.0, LINE_HEIGHT
SUBTITLE_COL = FIRST_COL + 2  # after the title, which spans the rank and client columns
# The columns after the months, in order.
MEASURES = ("average", "share", "cum_share", "abc", "xyz", "months_shipped", "key")
# Widths of the stages' columns (BuildContext.key_columns) by name; others get KEY_COLUMN_WIDTH.
KEY_COLUMN_WIDTHS = {"health": 11, "what_to_do": 70}
KEY_COLUMN_WIDTH = 16
# Columns for the screen only, left out of the printed page: a "What to do" line runs past its
# column into the empty cells on its right, which a page cannot hold (docs/report.md).
# In this order after Comment: the link to the client's plan items, then What to do (last, so its
# line can run on into the empty cells).
SCREEN_ONLY = ("plan", "what_to_do")
# Amber is orange here: the key rows are highlighted yellow already.
HEALTH_FILLS = {"red": "FFC7CE", "amber": "F8CBAD", "green": "C6EFCE"}


def rule_text(analysis: Analysis, lang: str) -> str:
    s = analysis.settings
    params = {
        "top_n": {"n": s.top_n},
        "top_share": {"pct": f"{s.top_share:g}"},
        "cumulative": {"pct": f"{s.cumulative_share:g}"},
    }
    return t(f"rule.{s.rule}", lang, measure=t(f"measure.{s.measure}", lang), **params[s.rule])


def period_text(analysis: Analysis, lang: str) -> str:
    months = analysis.months
    return f"{month_label(months[0], lang)} – {month_label(months[-1], lang)}"


# Settings shown as "top_n = 5 (command line)" when not the default; lang is visible anyway.
SHOWN_SETTINGS = (
    "rule", "top_n", "top_share", "cumulative_share", "months", "as_of", "measure", "abc_a", "abc_b",
    "abc_boundary", "xyz_x", "xyz_y", "drop_status", "input_source",
)  # fmt: skip


def settings_text(analysis: Analysis, lang: str, sources: dict[str, str]) -> str:
    """'top_n = 5 (командная строка); measure = profit (лист настроек)', or '' when all are defaults."""
    values = dict(analysis.settings.items())
    parts = [f"{key} = {values[key]} ({t(f'source.{sources[key]}', lang)})" for key in SHOWN_SETTINGS if key in sources]
    return "; ".join(parts)


def _total_label(measure: str) -> str:
    """The period's total is of what ranks the clients: units under --measure quantity are no sales in roubles."""
    return "summary.sales_total" if measure == "revenue" else f"summary.sales_total.{measure}"


def key_clients_sheet(
    analysis: Analysis,
    lang: str,
    notes: list[str],
    sources: dict[str, str] | None = None,
    comments: Mapping[str, str] | None = None,
    key_columns: Mapping[str, pd.Series] | None = None,
) -> SheetSpec:
    """Build the sheet spec. `notes` are already-localized lines, shown below the table;
    `sources` says where each non-default setting came from (see engine.BuildSettings);
    `comments`: the manager's comments by client, from the last build's sheet; those of
    clients no longer in the table are kept in a small range below the notes;
    `key_columns`: the stages' columns (header col.<name>), each a Series of texts by
    client_key, blank for the clients it has no value for (Health, What to do). The manager's
    Comment comes after the printed ones; the screen-only ones (What to do) come last.
    """
    table = analysis.table
    months = analysis.months
    n_rows = len(table)
    first, last = HEADER_ROW + 1, HEADER_ROW + max(n_rows, 1)
    yes = t("value.yes", lang)

    comments = dict(comments or {})
    # A comment follows its client however the next export spells it (ООО «Опт» = ООО "Опт").
    commented = {fold_name(name): name for name in comments}
    # Each stage column as a plain dict, without its blanks: one lookup per client row.
    key_columns = {name: values.dropna().to_dict() for name, values in (key_columns or {}).items()}
    printed = [name for name in key_columns if name not in SCREEN_ONLY]
    screen_only = [name for name in SCREEN_ONLY if name in key_columns]
    columns = ["rank", "client", *months, *MEASURES, *printed, "comment", *screen_only]
    col = {name: FIRST_COL + i for i, name in enumerate(columns)}
    headers = [month_label(name, lang) if name in months else t(f"col.{name}", lang) for name in columns]
    letter = {name: column_letter(c) for name, c in col.items()}

    avg_range = f"{letter['average']}${first}:{letter['average']}${last}"
    positive_total = f'SUMIF({avg_range},">0")'
    cells = [CellSpec(HEADER_ROW, FIRST_COL + i, h, "header") for i, h in enumerate(headers)]
    rows = range(first, first + n_rows)
    body = _table_body(table, months, rows, columns, letter, positive_total, (comments, commented), key_columns, yes)
    key_range = f"{letter['key']}{first}:{letter['key']}{last}"
    summary = [
        ("summary.clients_total", Formula(f'=COUNTIF({avg_range},">0")', len(analysis.positive)), "value"),
        ("summary.key_count", Formula(f'=COUNTIF({key_range},"{yes}")', len(analysis.key)), "value"),
        (
            _total_label(analysis.settings.measure),
            Formula(f"={positive_total}*{len(months)}", analysis.sales_total),
            "money_left",
        ),
        (
            "summary.key_share",
            Formula(f'=SUMIF({key_range},"{yes}",{avg_range})/{positive_total}', analysis.key_share),
            "percent_left",
        ),
        ("summary.clients_for_80", analysis.clients_for_80, "value"),
    ]
    widths = {col["rank"]: 7, col["client"]: 38, **{col[m]: 13 for m in months}}
    widths.update(
        {
            col["average"]: 16,
            col["share"]: 9,
            col["cum_share"]: 14,
            col["abc"]: 7,
            col["xyz"]: 7,
            col["months_shipped"]: 12,
            col["key"]: 10,
            col["comment"]: 40,
            **{col[name]: KEY_COLUMN_WIDTHS.get(name, KEY_COLUMN_WIDTH) for name in key_columns},
        }
    )
    # Every header on one line: the header row stays one line high.
    widths = {c: max(width, header_width(headers[c - FIRST_COL])) for c, width in widths.items()}
    last_col = col[[name for name in columns if name not in SCREEN_ONLY][-1]]

    grid = summary_tiles([(t(k, lang), v, style) for k, v, style in summary], widths, col["client"], SUMMARY_ROW)
    cells += grid.cells
    merged = list(grid.merged)
    shown = (
        notes
        if len(notes) <= MAX_NOTES
        else notes[: MAX_NOTES - 1] + [t("summary.more_notes", lang, count=len(notes) - MAX_NOTES + 1)]
    )
    title_line = [period_text(analysis, lang), rule_text(analysis, lang)]
    if chosen := settings_text(analysis, lang, sources or {}):
        title_line.append(f"{t('summary.settings', lang)}: {chosen}")
    if shown:
        title_line.append(t("summary.notes_below", lang, count=Count(len(notes), "note")))
    subtitle = " · ".join(title_line)
    subtitle_end = max(last_col, SUBTITLE_COL)
    while sum(widths.get(c, 13) for c in range(SUBTITLE_COL, subtitle_end + 1)) < text_width(subtitle):
        subtitle_end += 1
    title = f"{t('summary.title', lang)}: {t(f'measure.{analysis.settings.measure}', lang)}"
    cells += [
        CellSpec(TITLE_ROW, FIRST_COL, title, "title"),
        CellSpec(TITLE_ROW, SUBTITLE_COL, subtitle, "subtitle"),
    ]
    merged.append(f"{column_letter(SUBTITLE_COL)}{TITLE_ROW}:{column_letter(subtitle_end)}{TITLE_ROW}")

    # Notes below the table, wrapped across its width: on screen under the list, on paper inside the page.
    heights = {TITLE_ROW: TITLE_HEIGHT, SUMMARY_ROW: LABELS_HEIGHT, HEADER_ROW: HEADER_HEIGHT}
    end_row = last
    if shown:
        notes_row = last + 2
        cells.append(CellSpec(notes_row, FIRST_COL, t("summary.notes", lang), "label"))
        block = wrapped_lines([f"• {text}" for text in shown], widths, FIRST_COL, last_col, notes_row + 1)
        cells += block.cells
        merged += block.merged
        heights.update(block.heights)
        end_row = notes_row + len(shown)
    archive = archived_comments(comments, end_row + 2, col["client"], lang)
    cells += archive
    end_row = max([end_row, *(cell.row for cell in archive)])
    print_col = column_letter(max(last_col, grid.last_col, subtitle_end))

    full_ref = f"{column_letter(FIRST_COL)}{HEADER_ROW}:{letter[columns[-1]]}{last}"
    row_ref = f"{column_letter(FIRST_COL)}{first}:{letter['key']}{last}"
    conditional = [ConditionalSpec(row_ref, formula=f'${letter["key"]}{first}="{yes}"', fill="FFE699", bold=True)]
    if "health" in key_columns:
        health = f"${letter['health']}{first}"
        conditional += [
            ConditionalSpec(f"{health[1:]}:{letter['health']}{last}", f'{health}="{t(f"health.{status}", lang)}"', fill)
            for status, fill in HEALTH_FILLS.items()
        ]
    return SheetSpec(
        name=t("sheet.key_clients", lang),
        cells=cells,
        body=body,
        tables=[TableSpec("KeyClients", full_ref)],
        conditional=conditional,
        widths=widths,
        heights=heights,
        tab_color="C00000",
        print_area=f"A1:{print_col}{end_row}",
        role="key_clients",
        header_row=HEADER_ROW,
        merged=merged,
    )


def _table_body(
    table: pd.DataFrame,
    months: list,
    rows: range,
    columns: list,
    letter: dict[str, str],
    positive_total: str,
    comments: tuple[dict[str, str], dict[str, str]],
    key_columns: dict[str, dict],
    yes: str,
) -> TableBody:
    """The table under the header, column by column (`columns`: the names, from FIRST_COL on).

    A blank of our own columns is an empty cell in the column's look (the Comment column's, to
    type in, and the Key column's); a stage's column has a cell only where it has a value."""
    first, (comments, commented) = rows.start, comments
    avg, share = letter["average"], letter["share"]
    first_month, last_month = letter[months[0]], letter[months[-1]]
    client_keys = table["client_key"].tolist()
    clients = [str(name) for name in table["client"].tolist()]
    ours: dict[str, tuple[list, str]] = {
        "rank": ([int(rank) for rank in table["rank"].tolist()], "integer"),
        "client": (clients, "text"),
    }
    # The month columns by position: a Period as a dict key costs a dtype comparison per lookup.
    for month, amounts in zip(months, table[months].to_numpy(dtype=float).T.tolist(), strict=True):
        ours[month] = (amounts, "money")
    averages = [
        Formula(f"=AVERAGE({first_month}{r}:{last_month}{r})", value)
        for r, value in zip(rows, table["average"].tolist(), strict=True)
    ]
    ours["average"] = (averages, "money")
    # One denominator: the clients with a positive average; the others get "—".
    shares = [
        Formula(f'=IF({avg}{r}>0,{avg}{r}/{positive_total},"{NO_CLASS}")', _cached(value))
        for r, value in zip(rows, table["share"].tolist(), strict=True)
    ]
    ours["share"] = (shares, "percent")
    running = [
        Formula(f'=IF({avg}{r}>0,SUM({share}${first}:{share}{r}),"{NO_CLASS}")', _cached(value))
        for r, value in zip(rows, table["cum_share"].tolist(), strict=True)
    ]
    ours["cum_share"] = (running, "percent")
    ours["abc"] = (table["abc"].tolist(), "center")
    ours["xyz"] = (table["xyz"].tolist(), "center")
    ours["months_shipped"] = ([int(count) for count in table["months_shipped"].tolist()], "integer")
    ours["key"] = ([yes if is_key else None for is_key in table["is_key"].tolist()], "center")
    # Without comments no name is folded (5,000 clients' names took 50 ms).
    ours["comment"] = (
        [_comment_of(client, comments, commented) for client in clients] if comments else [None] * len(rows),
        "text",
    )
    stage = {name: ([values.get(key) for key in client_keys], "text") for name, values in key_columns.items()}
    by_name = ours | stage
    return TableBody(
        first,
        tuple(by_name[name][0] for name in columns),
        tuple(by_name[name][1] for name in columns),
        FIRST_COL,
        tuple(name in ours for name in columns),
    )


def _comment_of(client: str, comments: dict[str, str], commented: dict[str, str]) -> str | None:
    """The comment on `client` (taken out of `comments`): written beside this spelling, else beside
    another spelling of the same name (`commented`: folded name → the spelling it was written beside)."""
    if not comments:  # none left: no name folded (5,000 clients' names took 50 ms)
        return None
    text = comments.pop(client, None)
    return text if text is not None else comments.pop(commented.get(fold_name(client), ""), None)


def _cached(share: float) -> object:
    """The value a share formula shows: the share, or "—" for a client without one."""
    return NO_CLASS if share != share else share  # NaN


def archived_comments(comments: Mapping[str, str], row: int, col: int, lang: str) -> list[CellSpec]:
    """Comments of clients no longer in the table: a labelled client | comment range at
    (`row`, `col`). The next build reads it back, and a client who returns gets the comment again."""
    if not comments:
        return []
    cells = [CellSpec(row, col, t("comments.archived", lang), "label")]
    for i, (client, text) in enumerate(sorted(comments.items()), start=1):
        cells += [CellSpec(row + i, col, client, "text"), CellSpec(row + i, col + 1, text, "text")]
    return cells


def comments_from_rows(rows: list[list]) -> dict[str, str]:
    """The manager's comments on a key-client sheet read as rows of cells (the Excel route; the
    file route reads the Table, deliver/existing.py): the Comment column of the table, and the
    archived comments under their label. The inverse of what key_clients_sheet writes."""
    from ..i18n import all_translations

    clients, notes = all_translations("col.client"), all_translations("col.comment")
    archived = all_translations("comments.archived")
    found: dict[str, str] = {}
    header = next((i for i, row in enumerate(rows) if clients & set(row) and notes & set(row)), None)
    if header is not None:
        client_col = next(c for c, v in enumerate(rows[header]) if v in clients)
        note_col = next(c for c, v in enumerate(rows[header]) if v in notes)
        for row in rows[header + 1 :]:
            if client_col >= len(row) or row[client_col] in (None, ""):
                break
            if note_col < len(row) and row[note_col] not in (None, ""):
                found[str(row[client_col])] = str(row[note_col])
    for i, row in enumerate(rows):
        for c, value in enumerate(row):
            if value in archived:
                for below in rows[i + 1 :]:
                    if c >= len(below) or below[c] in (None, ""):
                        break
                    if c + 1 < len(below) and below[c + 1] not in (None, ""):
                        found.setdefault(str(below[c]), str(below[c + 1]))
    return found
