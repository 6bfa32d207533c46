"""A month snapshot: the key-client table as plain values, kept to compare with next month."""

from __future__ import annotations

from ..analyse.ranking import Analysis
from ..i18n import month_label, t
from .key_clients import period_text, rule_text
from .layout import header_width
from .spec import CellSpec, SheetSpec

HEADER_ROW = 4


def snapshot_sheet(analysis: Analysis, lang: str) -> SheetSpec:
    months = analysis.months
    yes = t("value.yes", lang)
    headers = (
        [t("col.rank", lang), t("col.client", lang)]
        + [month_label(m, lang) for m in months]
        + [t(f"col.{c}", lang) for c in ("average", "share", "abc", "xyz", "key")]
    )
    cells = [
        CellSpec(1, 1, t("sheet.snapshot", lang, month=str(months[-1])), "title"),
        CellSpec(
            2, 2, f"{t('summary.period', lang)}: {period_text(analysis, lang)}; {rule_text(analysis, lang)}", "note"
        ),
    ]
    cells += [CellSpec(HEADER_ROW, 1 + i, h, "header") for i, h in enumerate(headers)]
    for i, (_, row) in enumerate(analysis.table.iterrows()):
        r = HEADER_ROW + 1 + i
        values = [
            (int(row["rank"]), "integer"),
            (str(row["client"]), "text"),
            *((float(row[m]), "money") for m in months),
            (float(row["average"]), "money"),
            (float(row["share"]), "percent"),
            (row["abc"], "center"),
            (row["xyz"], "center"),
            (yes if row["is_key"] else None, "center"),
        ]
        cells += [CellSpec(r, 1 + c, value, style) for c, (value, style) in enumerate(values)]
    after = 3 + len(months)  # average, share, ABC, XYZ, key
    widths = {1: 7, 2: 38, **{3 + i: 13 for i in range(len(months))}}
    widths.update({after: 16, after + 1: 9, after + 2: 7, after + 3: 7, after + 4: 11})
    widths = {c: max(width, header_width(headers[c - 1])) for c, width in widths.items()}
    return SheetSpec(
        name=t("sheet.snapshot", lang, month=str(months[-1])),
        cells=cells,
        widths=widths,
        heights={1: 21, HEADER_ROW: 18},
        tab_color="2F5597",
        role="snapshot",
        header_row=HEADER_ROW,
    )
