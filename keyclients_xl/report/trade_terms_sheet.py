"""The Trade terms sheet («Торговые условия»): discount, price index and the last terms review.

One row per key client: its average discount against the list price, its price index against
the same SKUs sold to the other clients, and its last review from the Terms reviews sheet
(with the days since it, and whether a review is due). A measure the export cannot give is
left blank, and the line under the title says which columns it needs.
"""

from __future__ import annotations

from ..analyse.metric_settings import MetricSettings
from ..analyse.phrases import needs_note
from ..analyse.trade_terms import TradeTerms
from ..i18n import t
from .metric_layout import AMBER, RED, Column, TableLayout, metric_sheet
from .spec import ConditionalSpec, SheetSpec


def trade_terms_sheet(terms: TradeTerms, settings: MetricSettings, lang: str) -> SheetSpec:
    table = terms.table
    yes = t("value.yes", lang)
    columns = [
        Column("rank", t("col.rank", lang), "integer", 6, list(table["rank"])),
        Column("client", t("col.client", lang), "text", 36, list(table["client"])),
        Column("discount", t("mcol.discount", lang), "percent", 11, list(table["discount"])),
        Column("price_index", t("mcol.price_index", lang), "percent", 11, list(table["price_index"])),
        Column("index_skus", t("mcol.index_skus", lang), "integer", 11, list(table["index_skus"])),
        Column("last_review", t("mcol.last_review", lang), "date", 13, list(table["last_review"])),
        Column("days_since_review", t("mcol.days_since_review", lang), "integer", 11, list(table["days_since_review"])),
        Column(
            "review_note", t("mcol.review_note", lang), "text_wrap", 36, list(table["review_note"].replace("", None))
        ),
        Column(
            "review_due", t("mcol.review_due", lang), "center", 11, [yes if d else None for d in table["review_due"]]
        ),
    ]
    layout = TableLayout(columns, len(table))
    days, due = layout.row_cell("days_since_review"), layout.row_cell("review_due")
    review_cells = layout.column_ref("last_review", "review_due")
    conditional = [
        ConditionalSpec(review_cells, f"AND(ISNUMBER({days}),{days}>{2 * settings.review_days})", RED),
        ConditionalSpec(review_cells, f'{due}="{yes}"', AMBER),
    ]
    intro = [t("mintro.trade_terms", lang, days=settings.review_days)]
    for measure, needed in terms.needs.items():
        intro.append(t(f"mneeds.{measure}", lang, needs=needs_note(needed).text(lang)))
    return metric_sheet(
        name=t("sheet.trade_terms", lang),
        role="trade_terms",
        title=t("mtitle.trade_terms", lang),
        intro=[" ".join(intro)],
        layout=layout,
        table_name="TradeTerms",
        conditional=conditional,
    )
