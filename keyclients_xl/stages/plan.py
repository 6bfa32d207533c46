"""Stage "plan" (issue 11): the key-account manager's plan, last of the stages (it lists every alert).

Reads the manager's four input sheets (Contacts, Visits, Events, Account cards: created once,
when the workbook has none, and only read after that), builds the plan for `today` from them,
the holiday list and the plan's thresholds (settings) and every alert gathered so far. Adds:
- the Plan sheet (report/plan_sheet.py);
- results["plan"]: the plan frame (analyse/plan.py; its client_key is the client's name as the
  input sheets match it, see `plan_key_clients`);
- key_columns["plan"]: per key client, a link to its most urgent item on the Plan sheet (placed
  before the "What to do" column when the health stage added one);
- appends[the Account cards sheet]: a row for each new key client, and grey for the rows of
  clients who left the list (their cells are never touched);
- a note naming client names on the input sheets that match no client of the sales data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from ..analyse.alerts import Alert
from ..analyse.plan import build_plan
from ..deliver.appends import SheetAppend
from ..i18n import Count, t
from ..read.clients import fold_name
from ..read.manager_inputs import READERS, ManagerInputs, card_columns, unmatched_clients
from ..read.notes import Note, Phrase
from ..report.manager_inputs import ACCOUNT_CARDS, INPUT_TABLES, account_card_changes, account_cards_sheet, input_sheet
from ..report.plan_sheet import first_rows, plan_sheet
from ..report.spec import Formula
from . import INPUT_ROLE, BuildContext, UserSheets

MAX_UNKNOWN = 5  # client names listed in the note about names the sales data does not know


def input_key(table_id: str) -> str:
    """The sheet text key of an input table: 'contacts' → 'sheet.contacts'."""
    return f"sheet.{table_id}"


# The columns of an input sheet that has no rows, as its reader gives them (ManagerInputs.empty()):
# a new workbook has none of the four sheets, and reading four header rows through the readers
# took 50–70 ms of every such build. tests/test_plan_build.py keeps the two the same.
_EMPTY_COLUMNS: dict[str, dict[str, object]] = {
    "contacts": {
        "row": "int64", "client": object, "client_key": object, "role": "str", "name": object, "phone": object,
        "email": object, "birth_day": "Int64", "birth_month": "Int64", "birth_year": "Int64",
    },
    "visits": {
        "row": "int64", "client": object, "client_key": object, "date": "datetime64[ns]", "manager": object,
        "note": object,
    },
    "events": {
        "row": "int64", "event": object, "date": "datetime64[ns]", "time": object, "invited": object,
        "everyone": "bool",
    },
    "account_cards": {
        "row": "int64", "client": object, "client_key": object, "manager": object, "business": object,
        "competitors": object, "terms": object, "last_promo": "datetime64[ns]", "stock_check": "datetime64[ns]",
        "illiquid_exchange": "datetime64[ns]", "defects_replaced": "datetime64[ns]", "notes": object,
    },
}  # fmt: skip


def empty_input(table_id: str) -> pd.DataFrame:
    """The frame an input sheet without rows reads as (see _EMPTY_COLUMNS)."""
    columns = _EMPTY_COLUMNS[table_id]
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()}, index=pd.RangeIndex(0))


def read_inputs(sheets: UserSheets) -> ManagerInputs:
    """The four input sheets as the workbook has them (found by marker or name); missing ones read empty."""
    frames = {}
    for table in INPUT_TABLES:
        rows = sheets.rows(input_key(table.id))
        frames[table.id] = READERS[table.id](rows) if rows is not None else empty_input(table.id)
    return ManagerInputs(frames["contacts"], frames["visits"], frames["events"], frames["account_cards"])


def plan_key_clients(key: pd.DataFrame, lines: pd.DataFrame | None = None) -> pd.DataFrame:
    """The key clients as the plan names them: client_key is the folded display name (what a name
    typed on an input sheet folds to, also when the sales data keys clients by a code), `key` the
    analysis' own client_key, and the manager of the client's latest sales line where known."""
    frame = pd.DataFrame(
        {"key": key["client_key"].to_numpy(), "client": key["client"].astype(str).to_numpy()}, dtype=object
    )
    frame.insert(0, "client_key", frame["client"].map(fold_name))
    if lines is not None and "manager" in lines and "client_key" in lines:
        frame["manager"] = frame["key"].map(latest_managers(lines, frame["key"])).astype(object)
    return frame


LATEST_TAIL = 1 << 16  # lines: the first stretch at the end of the export searched for the key clients


def latest_managers(lines: pd.DataFrame, keys: pd.Series) -> pd.Series:
    """client_key → the manager of the client's latest line that names one (by date, then by line).

    An export lists its lines by date, and a key client buys often: its latest line is near the
    end. So the search starts with the last lines and widens eightfold until every key client is
    found, instead of looking up a million lines' clients (50 ms).
    """
    if "date" in lines and not lines["date"].is_monotonic_increasing:
        return _latest_managers(lines, keys)
    wanted, tail = keys.nunique(), LATEST_TAIL
    while True:
        latest = _latest_managers(lines.iloc[-tail:], keys)
        if len(latest) == wanted or tail >= len(lines):
            return latest
        tail *= 8


def _latest_managers(lines: pd.DataFrame, keys: pd.Series) -> pd.Series:
    # Only the key clients' lines, and only the columns used: a million lines stay uncopied.
    columns = ["client_key", "manager", *(["date"] if "date" in lines else [])]
    known = lines.loc[lines["client_key"].isin(keys) & lines["manager"].notna(), columns]
    if "date" in known:
        known = known.sort_values("date", kind="stable")
    return known.groupby("client_key")["manager"].last().astype(object)


def _plan_alerts(alerts: list[Alert], table: pd.DataFrame) -> list[Alert]:
    """The alerts keyed as the plan keys clients (the folded display name).

    Only the alerts' clients' names are folded: the table lists every client (5,000 names,
    iterated out of Arrow and folded one by one, took 40 ms)."""
    table = table[table["client_key"].isin(list({alert.client_key for alert in alerts}))]
    names = dict(zip(table["client_key"], table["client"].astype(str).map(fold_name), strict=True))
    return [dataclasses.replace(a, client_key=names.get(a.client_key, a.client_key)) for a in alerts]


def plan_sheet_name(context: BuildContext) -> str:
    """The name the Plan sheet will have once delivered, for the links to it: the name of ours
    already in the workbook (delivery keeps it), else ours, made free as delivery makes it when a
    sheet of the user's has it (deliver/workbook.py; only the file route knows which are ours)."""
    sheets = context.user_sheets
    if "plan" in sheets.roles:
        return sheets.roles["plan"]
    wanted = t("sheet.plan", context.lang)
    if not sheets.roles:  # a new workbook, or one open in Excel (its sheet of that name is replaced)
        return wanted
    taken = {name.lower() for name in sheets.names} - {name.lower() for name in sheets.roles.values()}
    name, number = wanted, 1
    while name.lower() in taken:
        number += 1
        suffix = f" ({number})"
        name = wanted[: 31 - len(suffix)] + suffix
    return name


def plan_links(plan: pd.DataFrame, key_clients: pd.DataFrame, sheet: str, lang: str) -> pd.Series:
    """Per key client (by the analysis' client_key): =HYPERLINK to its first item on the Plan sheet."""
    rows = first_rows(plan)
    counts = plan["client_key"].value_counts()
    quoted = sheet.replace("'", "''")
    links = {}
    for name_key, key in zip(key_clients["client_key"], key_clients["key"], strict=True):
        if name_key not in rows:
            continue
        text = t("plan.link", lang, items=Count(int(counts[name_key]), "item"))
        target = f"#'{quoted}'!C{int(rows[name_key])}"
        links[key] = Formula(f'=HYPERLINK("{target}","{text.replace(chr(34), chr(34) * 2)}")', text)
    return pd.Series(links, dtype=object)


def add_link_column(columns: dict, links: pd.Series) -> None:
    """key_columns["plan"], just before "What to do" when a stage added that column: the link
    stands beside the line it expands, and "What to do", the last column, keeps the empty cells
    on its right to run into."""
    items = list(columns.items())
    at = next((i for i, (name, _) in enumerate(items) if name == "what_to_do"), len(items))
    items.insert(at, ("plan", links))
    columns.clear()
    columns.update(items)


def card_append(context: BuildContext, inputs: ManagerInputs, key_clients: pd.DataFrame) -> None:
    """New key clients' rows for the Account cards sheet, and grey for the rows of clients who left."""
    sheets = context.user_sheets
    name = sheets.find(input_key(ACCOUNT_CARDS.id))
    if name is None:
        return  # created this build, with a row for every key client
    changes = account_card_changes(inputs.cards, key_clients)
    columns = card_columns(sheets.rows(input_key(ACCOUNT_CARDS.id)))
    first, last = min(columns.values()), max(columns.values())
    rows = []
    for record in changes.new_rows.to_dict("records"):
        row = [None] * (last - first + 1)
        for field, col in columns.items():
            row[col - first] = record.get(field)
        rows.append(tuple(row))
    context.appends[name] = SheetAppend(tuple(rows), tuple(changes.grey_rows), first, last - first + 1)


def _unknown_note(inputs: ManagerInputs, known) -> Note | None:
    unknown = unmatched_clients(inputs, known)
    if unknown.empty:
        return None
    parts = []
    for sheet, row, client in unknown.head(MAX_UNKNOWN).itertuples(index=False):
        where = Note("plan.where_row", {"sheet": Note(input_key(sheet)), "row": row})
        parts.append(Note("plan.unknown_client", {"client": client, "where": where}))
    if len(unknown) > MAX_UNKNOWN:
        parts.append(Note("note.and_more", {"count": len(unknown) - MAX_UNKNOWN}))
    return Note("note.plan_unknown_clients", {"examples": Phrase(tuple(parts), ", ")})


def summary_items(plan: pd.DataFrame) -> list[dict]:
    """The plan's items for the JSON summary (docs/summary-json.md), in the sheet's order."""
    return [
        {
            "client": row["client"],
            "manager": row["manager"] if isinstance(row["manager"], str) else None,
            "kind": row["kind"],
            "alert": row["params"]["alert"].kind if row["kind"] == "alert" else None,
            "priority": row["priority"],
            "date": row["date"].date().isoformat(),
            "time": row["time"].strftime("%H:%M") if isinstance(row["time"], dt.time) else None,
            "text": row["text"],
            "source": row["source"],
            "source_row": None if pd.isna(row["source_row"]) else int(row["source_row"]),
            "item_id": row["item_id"],
        }
        for row in plan.to_dict("records")
    ]


def run(context: BuildContext) -> None:
    lang, settings, analysis = context.lang, context.settings, context.analysis
    inputs = read_inputs(context.user_sheets)
    key_clients = plan_key_clients(analysis.key, context.shipments.frame)
    thresholds = settings.plan_thresholds
    alerts = _plan_alerts(context.sorted_alerts(), analysis.table)
    plan = build_plan(context.today, key_clients, inputs, alerts, settings.holiday_list(), thresholds, lang)
    context.results["plan"] = plan
    context.summary["plan"] = summary_items(plan)
    context.sheets.append(plan_sheet(plan, context.today, lang, thresholds))
    add_link_column(context.key_columns, plan_links(plan, key_clients, plan_sheet_name(context), lang))
    for table in INPUT_TABLES:
        spec = account_cards_sheet(lang, key_clients) if table is ACCOUNT_CARDS else input_sheet(table, lang)
        spec.role = INPUT_ROLE + input_key(table.id)
        context.input_sheets.append(spec)
    card_append(context, inputs, key_clients)
    if has_rows(inputs) and (note := _unknown_note(inputs, known_clients(context))) is not None:
        context.notes.append(note)


def has_rows(inputs: ManagerInputs) -> bool:
    """Whether any input sheet has a row (a new workbook's have none: no name on them to check)."""
    return any(len(frame) for frame in (inputs.contacts, inputs.visits, inputs.events, inputs.cards))


def known_clients(context: BuildContext) -> pd.Series:
    """Every client of the export, folded, not only the window's: a former key client who stopped
    buying keeps its card, and is no misspelling."""
    return pd.Series(context.shipments.frame["client"].unique(), dtype=object).astype(str).map(fold_name)
