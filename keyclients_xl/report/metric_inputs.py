"""The two input sheets the metric sheets read: «Пересмотр условий» / "Terms reviews" (client,
date, note: one row per review of a key client's prices and discounts) and «Топ-ассортимент» /
"Top assortment" (one SKU per row: the user's own top list, used instead of the 80 % rule
when it is filled).

Laid out like the manager's other input sheets (report/manager_inputs.py: instruction line,
headers, an Excel Table), created once and after that only read; the headers are recognised
in either language.
"""

from __future__ import annotations

from .manager_inputs import InputTable, input_sheet
from .spec import SheetSpec

TERMS_REVIEWS = InputTable(
    "terms_reviews",
    "TermsReviews",
    ("client", "date", "note"),
    (36, 14, 60),
    dates=("date",),
    required=("client", "date"),
)
TOP_ASSORTMENT = InputTable("top_assortment", "TopAssortment", ("sku",), (50,), required=("sku",))
METRIC_INPUTS = (TERMS_REVIEWS, TOP_ASSORTMENT)


def metric_input_sheet(table: InputTable, lang: str, role: str) -> SheetSpec:
    """An empty input sheet; `role` (stages.INPUT_ROLE + 'sheet.<id>') tells the engine to create
    it only when the workbook has none."""
    spec = input_sheet(table, lang)
    spec.role = role
    spec.tab_color = "548235"
    return spec
