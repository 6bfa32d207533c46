"""The key-client sheet: a summary block, then an Excel Table of every client sorted by
average per month, with a live =AVERAGE, live shares, and the key clients highlighted.
The last column is the manager's own Comment, carried by client from build to build."""

from __future__ import annotations

from collections.abc import Mapping

from ..analyse.ranking import Analysis
from ..errors import column_letter
from ..i18n import month_label, t
from .spec import CellSpec, ConditionalSpec, Formula, SheetSpec, TableSpec

HEADER_ROW = 10
FIRST_COL = 1
MAX_NOTES = 8
# The columns after the months, in order.
MEASURES = ("average", "share", "cum_share", "abc", "xyz", "months_shipped", "key")


def rule_text(analysis: Analysis, lang: str) -> str:
    s = analysis.settings
    params = {
        "top_n": {"n": s.top_n},
        "top_share": {"pct": f"{s.top_share:g}"},
        "cumulative": {"pct": f"{s.cumulative_share:g}"},
    }
    return t(f"rule.{s.rule}", lang, **params[s.rule])


def period_text(analysis: Analysis, lang: str) -> str:
    months = analysis.months
    return f"{month_label(months[0], lang)} – {month_label(months[-1], lang)}"


def key_clients_sheet(
    analysis: Analysis, lang: str, notes: list[str], comments: Mapping[str, str] | None = None
) -> SheetSpec:
    """Build the sheet spec. `notes` are already-localized lines shown beside the summary.
    `comments`: the manager's comments by client, from the last build's sheet; those of
    clients no longer in the table are kept in a small range below it."""
    table = analysis.table
    months = analysis.months
    n_rows = len(table)
    first, last = HEADER_ROW + 1, HEADER_ROW + max(n_rows, 1)
    yes = t("value.yes", lang)
    comments = dict(comments or {})

    columns = ["rank", "client", *months, *MEASURES, "comment"]
    col = {name: FIRST_COL + i for i, name in enumerate(columns)}
    headers = [month_label(name, lang) if name in months else t(f"col.{name}", lang) for name in columns]
    letter = {name: column_letter(c) for name, c in col.items()}
    first_month, last_month = letter[months[0]], letter[months[-1]]

    cells = [CellSpec(HEADER_ROW, FIRST_COL + i, h, "header") for i, h in enumerate(headers)]
    for r, record in enumerate(table.to_dict("records"), start=first):
        cells += [
            CellSpec(r, col["rank"], int(record["rank"]), "integer"),
            CellSpec(r, col["client"], str(record["client"]), "text"),
        ]
        cells += [CellSpec(r, col[m], float(record[m]), "money") for m in months]
        average, share = letter["average"], letter["share"]
        cells += [
            CellSpec(
                r, col["average"], Formula(f"=AVERAGE({first_month}{r}:{last_month}{r})", record["average"]), "money"
            ),
            CellSpec(
                r,
                col["share"],
                Formula(f"={average}{r}/SUM({average}${first}:{average}${last})", record["share"]),
                "percent",
            ),
            CellSpec(r, col["cum_share"], Formula(f"=SUM({share}${first}:{share}{r})", record["cum_share"]), "percent"),
            CellSpec(r, col["abc"], record["abc"], "center"),
            CellSpec(r, col["xyz"], record["xyz"], "center"),
            CellSpec(r, col["months_shipped"], int(record["months_shipped"]), "integer"),
            CellSpec(r, col["key"], yes if record["is_key"] else None, "center"),
            CellSpec(r, col["comment"], comments.pop(str(record["client"]), None), "text"),
        ]

    avg_range = f"{letter['average']}{first}:{letter['average']}{last}"
    key_range = f"{letter['key']}{first}:{letter['key']}{last}"
    summary = [
        ("summary.period", period_text(analysis, lang), "value"),
        ("summary.rule", rule_text(analysis, lang), "value"),
        ("summary.clients_total", n_rows, "value"),
        ("summary.key_count", Formula(f'=COUNTIF({key_range},"{yes}")', len(analysis.key)), "value"),
        (
            "summary.sales_total",
            Formula(f"=SUM({first_month}{first}:{last_month}{last})", analysis.sales_total),
            "money_left",
        ),
        (
            "summary.key_share",
            Formula(f'=SUMIF({key_range},"{yes}",{avg_range})/SUM({avg_range})', analysis.key_share),
            "percent_left",
        ),
        ("summary.clients_for_80", analysis.clients_for_80, "value"),
    ]
    cells.append(CellSpec(1, 1, t("summary.title", lang), "title"))
    for i, (label, value, style) in enumerate(summary):
        cells += [
            CellSpec(2 + i, col["client"], t(label, lang), "label"),
            CellSpec(2 + i, col["client"] + 1, value, style),
        ]
    note_col = col["average"]
    if notes:
        cells.append(CellSpec(1, note_col, t("summary.notes", lang), "label"))
        shown = (
            notes
            if len(notes) <= MAX_NOTES
            else notes[: MAX_NOTES - 1] + [t("summary.more_notes", lang, count=len(notes) - MAX_NOTES + 1)]
        )
        cells += [CellSpec(2 + i, note_col, f"• {text}", "note") for i, text in enumerate(shown)]

    archive = archived_comments(comments, last + 2, col["client"], lang)
    cells += archive
    full_ref = f"{column_letter(FIRST_COL)}{HEADER_ROW}:{letter['comment']}{last}"
    row_ref = f"{column_letter(FIRST_COL)}{first}:{letter['key']}{last}"
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
        }
    )
    return SheetSpec(
        name=t("sheet.key_clients", lang),
        cells=cells,
        tables=[TableSpec("KeyClients", full_ref)],
        conditional=[
            ConditionalSpec(row_ref, formula=f'${letter["key"]}{first}="{yes}"', fill="FFE699", bold=True),
        ],
        widths=widths,
        heights={HEADER_ROW: 32},
        freeze=f"{column_letter(col['client'] + 1)}{first}",
        tab_color="C00000",
        # The notes overflow to the right on screen only.
        print_area=f"A1:{letter['comment']}{max([last, *(cell.row for cell in archive)])}",
        role="key_clients",
    )


def archived_comments(comments: Mapping[str, str], row: int, col: int, lang: str) -> list[CellSpec]:
    """Comments of clients no longer in the table: a labelled client | comment range at
    (`row`, `col`). The next build reads it back, and a client who returns gets the comment again."""
    if not comments:
        return []
    cells = [CellSpec(row, col, t("comments.archived", lang), "label")]
    for i, (client, text) in enumerate(sorted(comments.items()), start=1):
        cells += [CellSpec(row + i, col, client, "text"), CellSpec(row + i, col + 1, text, "text")]
    return cells
