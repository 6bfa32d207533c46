"""The manager's input sheets: Contacts, Visits, Events and Account cards.

Each is an Excel Table the manager fills by hand (row 1: what to type, row 2: the headers,
data from row 3), with drop-downs where a field has fixed values. The headers and the
drop-down words are in the workbook's language; the reader (read/manager_inputs.py)
accepts either language, so a workbook switched from ru to en keeps its data.

The Account cards sheet holds one row per key client. `account_card_changes` says which
rows a build appends (new key clients) and which existing rows belong to clients who left
the list (kept, greyed): the splice writes them, this module only decides.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import column_letter
from ..i18n import t
from .spec import CellSpec, ListValidation, SheetSpec, TableSpec

HEADER_ROW = 2  # row 1: the instruction line
DATA_ROW = 3
# Drop-downs reach this far below the header, so rows the manager adds to the Table have them too.
VALIDATION_ROWS = 2000
GREY_FILL = "D9D9D9"  # rows of clients who left the key list

ROLES = ("owner", "warehouse", "logistics", "accounting", "purchasing", "other")


@dataclass(frozen=True)
class InputTable:
    """One input sheet: its fields in column order, which hold dates, and which have a drop-down."""

    id: str  # 'contacts' | 'visits' | 'events' | 'account_cards' (sheet.<id>, manager_input.instructions.<id>)
    table: str  # the Excel Table's name: stable, ASCII, the same in both languages
    fields: tuple[str, ...]  # header text: manager_input.col.<field>
    widths: tuple[float, ...]
    dates: tuple[str, ...] = ()
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()  # field → option ids (shown as <field>.<id> texts)
    required: tuple[str, ...] = ()  # a row with any content must fill these

    def column(self, field: str) -> int:
        """1-based column of a field."""
        return self.fields.index(field) + 1


CONTACTS = InputTable(
    "contacts",
    "Contacts",
    ("client", "role", "name", "phone", "email", "birthday"),
    (36, 16, 30, 18, 28, 14),
    dates=("birthday",),
    choices=(("role", ROLES),),
    required=("client",),
)
VISITS = InputTable(
    "visits",
    "Visits",
    ("client", "date", "manager", "note"),
    (36, 12, 24, 60),
    dates=("date",),
    required=("client", "date"),
)
EVENTS = InputTable(
    "events",
    "Events",
    ("event", "date", "invited"),
    (36, 16, 80),
    dates=("date",),
    required=("event", "date"),
)
ACCOUNT_CARDS = InputTable(
    "account_cards",
    "AccountCards",
    (
        "client",
        "manager",
        "business",
        "competitors",
        "terms",
        "last_promo",
        "stock_check",
        "illiquid_exchange",
        "defects_replaced",
        "notes",
    ),
    (36, 22, 40, 30, 30, 16, 14, 16, 18, 40),
    dates=("last_promo", "stock_check", "illiquid_exchange", "defects_replaced"),
    required=("client",),
)
INPUT_TABLES = (CONTACTS, VISITS, EVENTS, ACCOUNT_CARDS)


def header(field: str, lang: str) -> str:
    return t(f"manager_input.col.{field}", lang)


def role_label(role: str, lang: str) -> str:
    """'owner' → 'владелец' (ru) or 'owner' (en): the drop-down word."""
    return t(f"contact_role.{role}", lang)


def _option_label(field: str, option: str, lang: str) -> str:
    return role_label(option, lang) if field == "role" else t(f"{field}.{option}", lang)


def input_sheet(table: InputTable, lang: str, rows: pd.DataFrame | None = None) -> SheetSpec:
    """The sheet of one input table, empty or holding `rows` (columns named by the table's fields;
    missing ones stay blank). An Excel Table needs one body row, so an empty sheet has one blank row."""
    rows = pd.DataFrame(columns=list(table.fields)) if rows is None else rows.reindex(columns=list(table.fields))
    last_col = column_letter(len(table.fields))
    last_row = DATA_ROW + max(len(rows), 1) - 1
    cells = [CellSpec(1, 1, t(f"manager_input.instructions.{table.id}", lang), "note")]
    cells += [CellSpec(HEADER_ROW, col, header(field, lang), "header") for col, field in enumerate(table.fields, 1)]
    for r, record in enumerate(rows.astype(object).where(rows.notna(), None).to_dict("records"), start=DATA_ROW):
        cells += [
            CellSpec(r, col, record[field], "input")
            for col, field in enumerate(table.fields, 1)
            if record[field] is not None
        ]
    validations = [
        ListValidation(
            f"{column_letter(table.column(field))}{DATA_ROW}:{column_letter(table.column(field))}{VALIDATION_ROWS}",
            tuple(_option_label(field, option, lang) for option in options),
        )
        for field, options in table.choices
    ]
    return SheetSpec(
        name=t(f"sheet.{table.id}", lang),
        cells=cells,
        tables=[TableSpec(table.table, f"A{HEADER_ROW}:{last_col}{last_row}", "TableStyleLight9")],
        validations=validations,
        widths=dict(enumerate(table.widths, start=1)),
        heights={HEADER_ROW: 30},
        header_row=HEADER_ROW,  # frozen on screen, repeated on every printed page
        tab_color="2F75B5",
        role=f"manager_input.{table.id}",
    )


def contacts_sheet(lang: str, rows: pd.DataFrame | None = None) -> SheetSpec:
    return input_sheet(CONTACTS, lang, rows)


def visits_sheet(lang: str, rows: pd.DataFrame | None = None) -> SheetSpec:
    return input_sheet(VISITS, lang, rows)


def events_sheet(lang: str, rows: pd.DataFrame | None = None) -> SheetSpec:
    return input_sheet(EVENTS, lang, rows)


def account_cards_sheet(lang: str, key_clients: pd.DataFrame | None = None) -> SheetSpec:
    """The Account cards sheet of a new workbook: one row per key client (`client`, and `manager` where known)."""
    rows = None if key_clients is None else account_card_changes(None, key_clients).new_rows
    return input_sheet(ACCOUNT_CARDS, lang, rows)


def manager_input_sheets(lang: str, key_clients: pd.DataFrame | None = None) -> list[SheetSpec]:
    """All four input sheets for a workbook that has none yet."""
    return [contacts_sheet(lang), visits_sheet(lang), events_sheet(lang), account_cards_sheet(lang, key_clients)]


@dataclass
class CardChanges:
    """What a build changes on the Account cards sheet.

    new_rows: rows to append below the Table, columns = ACCOUNT_CARDS.fields in sheet order
    (only `client` and `manager` filled), in rank order. grey_rows: Excel row numbers of the
    existing rows whose client is no longer a key client; the complete set each time, so a
    client who comes back loses its grey.
    """

    new_rows: pd.DataFrame
    grey_rows: list[int]


def account_card_changes(cards: pd.DataFrame | None, key_clients: pd.DataFrame) -> CardChanges:
    """`cards`: the sheet as read (read/manager_inputs.py: `row`, `client_key`, …), or None for a new sheet.
    `key_clients`: `client_key`, `client` and optionally `manager`, in rank order."""
    known = set() if cards is None else set(cards["client_key"])
    manager = key_clients["manager"] if "manager" in key_clients else pd.Series(None, index=key_clients.index)
    new_rows = (
        key_clients.assign(manager=manager)
        .drop_duplicates("client_key")
        .loc[lambda frame: ~frame["client_key"].isin(known), ["client", "manager"]]
        .reindex(columns=list(ACCOUNT_CARDS.fields))
        .astype(object)
        .reset_index(drop=True)
    )
    new_rows = new_rows.where(new_rows.notna(), None)
    grey = [] if cards is None else cards.loc[~cards["client_key"].isin(key_clients["client_key"]), "row"]
    return CardChanges(new_rows, sorted(int(row) for row in grey))
