"""The Assortment sheet («Ассортимент»): which of the company's top SKUs each key client buys.

First table, one row per key client: top SKUs bought, out of how many, the coverage, the share
of its purchases that are top SKUs, and its white space (the top SKUs it does not buy, best
sellers first). Below it, the top-SKU list: sales, share, cumulative share, and how many key
clients buy each. Without SKU-level data the sheet says which export is needed.
"""

from __future__ import annotations

from ..analyse.assortment import Assortment
from ..analyse.metric_settings import MetricSettings
from ..analyse.phrases import needs_note
from ..i18n import Count, t
from .metric_layout import AMBER, RED, Column, TableLayout, metric_sheet
from .spec import CellSpec, ConditionalSpec, SheetSpec


def assortment_sheet(assortment: Assortment, settings: MetricSettings, lang: str, user_list: bool = False) -> SheetSpec:
    """`user_list`: the top SKUs come from the Top assortment sheet rather than the 80 % rule."""
    name, title = t("sheet.assortment", lang), t("mtitle.assortment", lang)
    if not assortment.available:
        return metric_sheet(
            name=name,
            role="assortment",
            title=title,
            intro=[needs_note(assortment.needs).text(lang)],
            layout=None,
            table_name="Assortment",
        )
    clients, top = assortment.clients, assortment.top
    columns = [
        Column("rank", t("col.rank", lang), "integer", 6, list(clients["rank"])),
        Column("client", t("col.client", lang), "text", 36, list(clients["client"])),
        Column("top_bought", t("mcol.top_bought", lang), "integer", 10, list(clients["top_bought"])),
        Column("top_total", t("mcol.top_total", lang), "integer", 10, list(clients["top_total"])),
        Column("coverage", t("mcol.coverage", lang), "percent", 10, list(clients["coverage"])),
        Column("top_share", t("mcol.top_share", lang), "percent", 12, list(clients["top_share"])),
        Column(
            "white_space_count", t("mcol.white_space_count", lang), "integer", 10, list(clients["white_space_count"])
        ),
        Column(
            "white_space",
            t("mcol.white_space", lang),
            "text_wrap",
            60,
            [", ".join(ws) for ws in clients["white_space"]],
        ),
    ]
    layout = TableLayout(columns, len(clients))
    # Key clients buying each top SKU: those that do not have it in their white space.
    missing = clients["white_space"].explode().value_counts()
    buyers = [len(clients) - int(missing.get(sku, 0)) for sku in top["sku"]]
    top_columns = [
        Column("rank", t("col.rank", lang), "integer", 6, list(top["rank"])),
        Column("sku", t("mcol.sku", lang), "text", 36, list(top["sku"])),
        Column("amount", t("mcol.sku_sales", lang), "money", 14, list(top["amount"])),
        Column("share", t("col.share", lang), "percent", 10, list(top["share"])),
        Column("cum_share", t("col.cum_share", lang), "percent", 12, list(top["cum_share"])),
        Column("key_buyers", t("mcol.key_buyers", lang), "integer", 12, buyers),
    ]
    top_row = layout.last_row + 3  # its title above its header
    top_layout = TableLayout(top_columns, len(top), header_row=top_row + 1)
    threshold = settings.coverage_threshold / 100
    coverage = layout.cell("coverage")
    conditional = [
        ConditionalSpec(
            layout.column_ref("coverage"), f"AND(ISNUMBER({coverage}),{coverage}<{threshold / 2})", RED, True
        ),
        ConditionalSpec(layout.column_ref("coverage"), f"AND(ISNUMBER({coverage}),{coverage}<{threshold})", AMBER),
    ]
    source = (
        t("mintro.top_from_list", lang, count=Count(len(top), "sku"))
        if user_list
        else t("mintro.top_from_share", lang, share=f"{settings.top_sku_share:g}", count=Count(len(top), "sku"))
    )
    intro = [t("mintro.assortment", lang, threshold=f"{settings.coverage_threshold:g}") + " " + source]
    notes = [t("mnote.unsold_top", lang, skus=", ".join(assortment.unsold))] if assortment.unsold else []
    spec = metric_sheet(
        name=name,
        role="assortment",
        title=title,
        intro=intro,
        layout=layout,
        table_name="Assortment",
        conditional=conditional,
        extra=[(top_layout, "TopSKUs")],
        notes=notes,
    )
    if len(top):
        spec.cells.append(CellSpec(top_row, 1, t("mtitle.top_skus", lang), "label"))
    return spec
