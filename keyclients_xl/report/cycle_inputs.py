"""The input sheets of the monthly cycle, created once and then the manager's:

- «Дебиторка (ввод)» / "Receivables (input)": debts typed or pasted, or put there by the
  Import receivables button. Row 1: what to type; row 2: the date of the debt (a line such
  as «Задолженность на 31.10.2026», read like an export's title); row 3: the headers, which
  read/receivables.py recognises as it does an export's; data from row 4. No Excel Table: the
  import writes plain rows, as on the export input sheets.
- «Конкуренты (ввод)» / "Prospects (input)": the competitors' key clients we do not serve yet,
  an Excel Table like the manager's other input sheets (report/manager_inputs.py), with a
  drop-down of statuses.
"""

from __future__ import annotations

from ..analyse.receivables import BUCKET_KEYS, BUCKETS
from ..i18n import t
from .manager_inputs import InputTable, input_sheet
from .spec import CellSpec, SheetSpec

RECEIVABLES_FIELDS = ("client", "debt", "overdue", "days_overdue", "due_date", *BUCKETS)
RECEIVABLES_HEADERS = {
    "client": "col.client",
    "debt": "receivables.col.debt",
    "overdue": "receivables.col.overdue",
    "days_overdue": "receivables_input.col.days",
    "due_date": "receivables_input.col.due",
    **BUCKET_KEYS,
}
RECEIVABLES_WIDTHS = (38, 14, 14, 12, 12, 12, 12, 12, 14)
AS_OF_ROW, RECEIVABLES_HEADER_ROW = 2, 3
RECEIVABLES_DATA_ROW = RECEIVABLES_HEADER_ROW + 1

PROSPECT_STATUSES = ("new", "in_progress", "negotiating", "on_hold", "won", "lost")
PROSPECTS_INPUT = InputTable(
    "prospects_input",
    "ProspectsInput",
    ("client", "competitor", "volume", "owner", "next_step", "due_date", "prospect_status"),
    (36, 22, 16, 20, 36, 12, 14),
    dates=("due_date",),
    choices=(("prospect_status", PROSPECT_STATUSES),),
    required=("client",),
)


def receivables_headers(lang: str) -> list[str]:
    return [t(RECEIVABLES_HEADERS[field], lang) for field in RECEIVABLES_FIELDS]


def receivables_input_sheet(lang: str) -> SheetSpec:
    cells = [CellSpec(1, 1, t("receivables_input.instructions", lang), "note")]
    cells += [
        CellSpec(RECEIVABLES_HEADER_ROW, col, header, "header")
        for col, header in enumerate(receivables_headers(lang), start=1)
    ]
    return SheetSpec(
        name=t("sheet.receivables_input", lang),
        cells=cells,
        widths=dict(enumerate(RECEIVABLES_WIDTHS, start=1)),
        heights={RECEIVABLES_HEADER_ROW: 30},
        freeze=f"B{RECEIVABLES_DATA_ROW}",
        tab_color="548235",
        role="input:sheet.receivables_input",
    )


def prospects_input_sheet(lang: str) -> SheetSpec:
    spec = input_sheet(PROSPECTS_INPUT, lang)
    spec.role = "input:sheet.prospects_input"
    return spec
