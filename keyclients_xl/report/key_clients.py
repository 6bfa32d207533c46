"""The key-client sheet: a summary block, then an Excel Table of every client sorted by
average per month, with a live =AVERAGE, live shares, and the key clients highlighted."""

from __future__ import annotations

from ..analyse.ranking import NO_CLASS, Analysis
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
    return t(f"rule.{s.rule}", lang, measure=t(f"measure.{s.measure}", lang), **params[s.rule])


def period_text(analysis: Analysis, lang: str) -> str:
    months = analysis.months
    return f"{month_label(months[0], lang)} – {month_label(months[-1], lang)}"


# Settings shown as "N = 5 (command line)" when not the default; lang is visible anyway.
SHOWN_SETTINGS = (
    "rule", "top_n", "top_share", "cumulative_share", "months", "as_of", "measure", "abc_a", "abc_b",
    "abc_boundary", "xyz_x", "xyz_y", "drop_status", "input_source",
)  # fmt: skip


def settings_text(analysis: Analysis, lang: str, sources: dict[str, str]) -> str:
    """'top_n = 5 (командная строка); measure = profit (лист настроек)', or '' when all are defaults."""
    values = dict(analysis.settings.items())
    parts = [f"{key} = {values[key]} ({t(f'source.{sources[key]}', lang)})" for key in SHOWN_SETTINGS if key in sources]
    return "; ".join(parts)


def key_clients_sheet(
    analysis: Analysis, lang: str, notes: list[str], sources: dict[str, str] | None = None
) -> SheetSpec:
    """Build the sheet spec. `notes` are already-localized lines shown beside the summary;
    `sources` says where each non-default setting came from (see engine.BuildSettings)."""
    table = analysis.table
    months = analysis.months
    n_rows = len(table)
    first, last = HEADER_ROW + 1, HEADER_ROW + max(n_rows, 1)
    yes = t("value.yes", lang)

    columns = ["rank", "client", *months, *MEASURES]
    col = {name: FIRST_COL + i for i, name in enumerate(columns)}
    headers = [month_label(name, lang) if name in months else t(f"col.{name}", lang) for name in columns]
    letter = {name: column_letter(c) for name, c in col.items()}
    first_month, last_month = letter[months[0]], letter[months[-1]]

    avg_range = f"{letter['average']}${first}:{letter['average']}${last}"
    positive_total = f'SUMIF({avg_range},">0")'
    cells = [CellSpec(HEADER_ROW, FIRST_COL + i, h, "header") for i, h in enumerate(headers)]
    for r, record in enumerate(table.to_dict("records"), start=first):
        cells += [
            CellSpec(r, col["rank"], int(record["rank"]), "integer"),
            CellSpec(r, col["client"], str(record["client"]), "text"),
        ]
        cells += [CellSpec(r, col[m], float(record[m]), "money") for m in months]
        cells += [
            CellSpec(r, col["average"], Formula(f"=AVERAGE({first_month}{r}:{last_month}{r})"), "money"),
            # One denominator: the clients with a positive average; the others get "—".
            CellSpec(
                r,
                col["share"],
                Formula(f'=IF({letter["average"]}{r}>0,{letter["average"]}{r}/{positive_total},"{NO_CLASS}")'),
                "percent",
            ),
            CellSpec(
                r,
                col["cum_share"],
                Formula(
                    f'=IF({letter["average"]}{r}>0,SUM({letter["share"]}${first}:{letter["share"]}{r}),"{NO_CLASS}")'
                ),
                "percent",
            ),
            CellSpec(r, col["abc"], record["abc"], "center"),
            CellSpec(r, col["xyz"], record["xyz"], "center"),
            CellSpec(r, col["months_shipped"], int(record["months_shipped"]), "integer"),
            CellSpec(r, col["key"], yes if record["is_key"] else None, "center"),
        ]

    key_range = f"{letter['key']}{first}:{letter['key']}{last}"
    n_months = len(months)
    summary = [
        ("summary.period", period_text(analysis, lang), "value"),
        ("summary.rule", rule_text(analysis, lang), "value"),
        ("summary.clients_total", Formula(f'=COUNTIF({avg_range},">0")'), "value"),
        ("summary.key_count", Formula(f'=COUNTIF({key_range},"{yes}")'), "value"),
        ("summary.sales_total", Formula(f"={positive_total}*{n_months}"), "money_left"),
        ("summary.key_share", Formula(f'=SUMIF({key_range},"{yes}",{avg_range})/{positive_total}'), "percent_left"),
        ("summary.clients_for_80", analysis.clients_for_80, "value"),
    ]
    if chosen := settings_text(analysis, lang, sources or {}):
        summary.append(("summary.settings", chosen, "value"))
    title = f"{t('summary.title', lang)}: {t(f'measure.{analysis.settings.measure}', lang)}"
    cells.append(CellSpec(1, 1, title, "title"))
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

    full_ref = f"{column_letter(FIRST_COL)}{HEADER_ROW}:{letter['key']}{last}"
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
        print_area=f"A1:{letter['key']}{last}",  # the notes overflow to the right on screen only
        role="key_clients",
    )
