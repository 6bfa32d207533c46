"""The manager's input sheets (Contacts, Visits, Events, Account cards) → tidy frames.

Headers are found by their text in either language (and without the hint in brackets:
'Stock check' reads as 'Stock check (date)'), so the manager may move columns or switch the
workbook's language. A cell that cannot be read stops the build with the sheet, row and
column named: a wrong birthday silently dropped would be a greeting missed.

Frames (every one has `row`, the Excel row the data came from):
Text cells are pandas strings (NaN when blank).
- contacts: client, client_key, role (an id of ROLES), name, phone, email,
  birth_day, birth_month, birth_year (Int64; the year is NA when the cell gave none, '15.03');
- visits: client, client_key, date, manager, note;
- events: event, date, time (a datetime.time when the cell held one, else None), invited
  (a tuple of client names), everyone (True for '*': every key client is invited);
- cards: client, client_key, manager, business, competitors, terms, notes, and the dates
  last_promo, stock_check, illiquid_exchange, defects_replaced (NaT when blank).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import KeyClientsError, Location
from ..i18n import Phrases, all_translations, t
from ..report.manager_inputs import ACCOUNT_CARDS, CONTACTS, EVENTS, HEADER_ROW, ROLES, VISITS, InputTable
from .clients import client_key
from .layout import mixed_order_error, text_cells
from .sources import SheetRows
from .values import BadValue, MixedDateOrder, assumed_day_first, first_cell_with, is_blank, to_dates

HEADER_SEARCH_ROWS = 10
EVERYONE = {"*", "все", "all"}
_DAY_MONTH = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})\.?\s*$")  # a birthday without its year: '15.03'
_TIME = re.compile(r"\b(\d{1,2}):(\d{2})\b")


@dataclass
class ManagerInputs:
    contacts: pd.DataFrame
    visits: pd.DataFrame
    events: pd.DataFrame
    cards: pd.DataFrame

    @property
    def invitations(self) -> pd.DataFrame:
        """One row per event and invited client: row, event, date, time, everyone, client, client_key."""
        frame = self.events.explode("invited").rename(columns={"invited": "client"})
        frame = frame[frame["everyone"] | frame["client"].notna()].reset_index(drop=True)
        named = frame["client"].notna()
        keys = client_key(text_cells(frame.loc[named, "client"].astype(object)))
        return frame.assign(client_key=keys.reindex(frame.index).astype(object))

    @classmethod
    def empty(cls) -> ManagerInputs:
        return cls(*(_empty(table) for table in (CONTACTS, VISITS, EVENTS, ACCOUNT_CARDS)))


def _normalise(text: object) -> str:
    """Header text for matching: no hint in brackets, single spaces, case-folded."""
    text = re.sub(r"\(.*?\)", " ", str(text or ""))
    return " ".join(text.split()).casefold()


def _header_names(table: InputTable) -> dict[str, str]:
    """normalised header text in any language → field."""
    return {
        _normalise(text): field for field in table.fields for text in all_translations(f"manager_input.col.{field}")
    }


def _role_names() -> dict[str, str]:
    """A role's word in any language, or its id, → the id."""
    return {_normalise(text): role for role in ROLES for text in [role, *all_translations(f"contact_role.{role}")]}


TOTALS_LABEL = r"(?i)\s*(итого|итог|всего|общий итог|total|grand total|subtotal|summary)\s*:?\s*"


class _Sheet:
    """One input sheet as a frame of cells, its header row found, and errors placed in it."""

    def __init__(self, sheet: SheetRows, table: InputTable):
        self.sheet, self.table = sheet, table
        width = max((len(row) for row in sheet.rows), default=0)
        padded = [list(row) + [None] * (width - len(row)) for row in sheet.rows]
        self.cells = pd.DataFrame(padded, dtype=object).replace({"": None})
        self.header_row, self.columns = self._find_headers()
        self.headers = {field: str(self.cells.iat[self.header_row, col]) for field, col in self.columns.items()}
        body = self.cells.iloc[self.header_row + 1 :, list(self.columns.values())]
        body.columns = list(self.columns)
        # A Table's totals row (Excel's Total Row: «Итог» alone) names no client; 'Total Logistics' does.
        totals = body["client"].astype("string").str.fullmatch(TOTALS_LABEL, na=False) if "client" in body else False
        self.body = body[~body.apply(is_blank).all(axis=1) & ~totals]

    def _find_headers(self) -> tuple[int, dict[str, int]]:
        names = _header_names(self.table)
        best_row, best = HEADER_ROW - 1, {}
        for row in range(min(HEADER_SEARCH_ROWS, len(self.cells))):
            found = {}
            for col, cell in enumerate(self.cells.iloc[row]):
                field = names.get(_normalise(cell))
                if field and field not in found:
                    found[field] = col
            if len(found) > len(best):
                best_row, best = row, found
        missing = [field for field in self.table.fields if field not in best]
        if missing:
            raise KeyClientsError(
                "error.input_missing_columns",
                self.where(best_row),
                {
                    "missing": _Headers(tuple(missing)),
                    "expected": _Headers(self.table.fields),
                },
            )
        return best_row, best

    def where(self, index: int | None = None, field: str | None = None) -> Location:
        """`index`: the cells frame's row label (0-based); shown 1-based as Excel does."""
        return Location(
            file=self.sheet.file,
            sheet=self.sheet.sheet,
            row=None if index is None else int(index) + 1,
            column=None if field is None else self.columns[field] + 1,
            header=None if field is None else self.headers[field],
        )

    @property
    def day_first(self) -> bool:
        return assumed_day_first(self.headers.values())

    def texts(self, field: str) -> pd.Series:
        return text_cells(self.body[field].astype(object))

    def dates(self, field: str) -> pd.Series:
        try:
            return to_dates(self.body[field], self.day_first)[0]
        except BadValue as bad:
            raise KeyClientsError("error.bad_date", self.where(bad.index, field), {"value": bad.value}) from None
        except MixedDateOrder as mixed:
            at = tuple(first_cell_with(self.body[field], example) for example in mixed.examples())
            raise mixed_order_error(mixed, at, lambda row: self.where(row, field)) from None

    def check_required(self) -> None:
        for field in self.table.required:
            empty = is_blank(self.body[field])
            if empty.any():
                params = {"field": self.headers[field]}
                raise KeyClientsError("error.input_required", self.where(empty.idxmax(), field), params)

    def frame(self, skip: tuple[str, ...] = ()) -> pd.DataFrame:
        """`row` plus every field but `skip`, text fields single-spaced, date fields parsed."""
        self.check_required()
        columns = {"row": (self.body.index + 1).astype("int64")}
        for field in self.table.fields:
            if field not in skip:
                columns[field] = self.dates(field) if field in self.table.dates else self.texts(field)
        return pd.DataFrame(columns, index=self.body.index).reset_index(drop=True)


@dataclass(frozen=True)
class _Headers:
    """Field names as the headers read in the message's language."""

    fields: tuple[str, ...]

    def text(self, lang: str) -> str:
        return ", ".join(f"«{t(f'manager_input.col.{f}', lang)}»" for f in self.fields)


def _with_keys(frame: pd.DataFrame) -> pd.DataFrame:
    frame.insert(frame.columns.get_loc("client") + 1, "client_key", client_key(frame["client"]))
    return frame


def read_contacts(sheet: SheetRows) -> pd.DataFrame:
    cells = _Sheet(sheet, CONTACTS)
    frame = cells.frame(skip=("birthday",))
    frame["role"] = _roles(cells)
    birthdays = _birthdays(cells)
    return _with_keys(pd.concat([frame, birthdays.reset_index(drop=True)], axis=1))


def _roles(cells: _Sheet) -> pd.Series:
    names = _role_names()
    raw = cells.body["role"]
    roles = raw.map(lambda v: None if v is None else names.get(_normalise(v), ""))
    bad = roles == ""
    if bad.any():
        first = bad.idxmax()
        allowed = Phrases(tuple(f"contact_role.{r}" for r in ROLES))
        raise KeyClientsError("error.bad_role", cells.where(first, "role"), {"value": raw[first], "allowed": allowed})
    return roles.reset_index(drop=True).astype("str")


def _birthdays(cells: _Sheet) -> pd.DataFrame:
    """Day, month and year of each birthday; '15.03' (no year) gives a NA year.

    Written out rather than passed to `to_dates`, which needs a year; 29.02 without one is valid.
    """
    raw = cells.body["birthday"].map(_day_month_number)
    # A year alone would be a day of 1905 as a serial day; a fraction left (5.1: 05.10 or 05.01?) no day.
    unread = raw.map(lambda v: isinstance(v, float) and not v.is_integer() or _is_year(v))
    if unread.any():
        first = unread.idxmax()
        raise KeyClientsError("error.bad_date", cells.where(first, "birthday"), {"value": raw[first]})
    parts = raw.astype("string").str.extract(_DAY_MONTH).astype("Int64")
    partial = parts.notna().all(axis=1) & raw.map(lambda v: isinstance(v, str))
    exists = pd.to_datetime(  # 2000 is a leap year: any real day and month exists in it
        "2000-" + parts[1].astype("string").str.zfill(2) + "-" + parts[0].astype("string").str.zfill(2),
        format="%Y-%m-%d",
        errors="coerce",
    )
    invalid = partial & exists.isna()
    if invalid.any():
        first = invalid.idxmax()
        raise KeyClientsError("error.bad_date", cells.where(first, "birthday"), {"value": raw[first]})
    full = cells.body["birthday"].where(~partial, None)
    try:
        dates = to_dates(full, cells.day_first)[0]
    except BadValue as bad:
        raise KeyClientsError("error.bad_date", cells.where(bad.index, "birthday"), {"value": bad.value}) from None
    return pd.DataFrame(
        {
            "birth_day": parts[0].where(partial, dates.dt.day.astype("Int64")),
            "birth_month": parts[1].where(partial, dates.dt.month.astype("Int64")),
            "birth_year": dates.dt.year.astype("Int64").where(~partial, pd.NA),
        }
    )


def _is_year(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 1900 <= value <= 2100


def _day_month_number(value: object) -> object:
    """'10.12' typed where Excel takes it for a decimal number (an English locale): 10.12 → the
    text '10.12', day and month, as typed. Only two decimals tell it: 5.1 may have been 5.10."""
    if isinstance(value, float) and not value.is_integer():
        day, dot, month = repr(value).partition(".")
        if dot and len(month) == 2 and 1 <= int(day) <= 31:
            return f"{day}.{month}"
    return value


def read_visits(sheet: SheetRows) -> pd.DataFrame:
    return _with_keys(_Sheet(sheet, VISITS).frame())


def read_events(sheet: SheetRows) -> pd.DataFrame:
    cells = _Sheet(sheet, EVENTS)
    frame = cells.frame()
    frame["time"] = _times(cells.body["date"]).reset_index(drop=True)
    names = frame["invited"].astype("string").str.split(r"[;\n]")
    invited = names.map(
        lambda items: () if items is pd.NA else tuple(n for n in (" ".join(i.split()) for i in items) if n)
    )
    frame["everyone"] = invited.map(lambda items: any(n.casefold() in EVERYONE for n in items)).astype(bool)
    frame["invited"] = invited.map(lambda items: tuple(n for n in items if n.casefold() not in EVERYONE))
    return frame[["row", "event", "date", "time", "invited", "everyone"]]


def _times(values: pd.Series) -> pd.Series:
    """The time of day a date cell gives (a datetime cell, an Excel serial's fraction, '18:30' in text), else None."""

    def one(value):
        if isinstance(value, (dt.datetime, pd.Timestamp)):
            time = value.time()
        elif isinstance(value, dt.time):
            time = value
        elif isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
            seconds = round((float(value) % 1) * 86400)
            time = (dt.datetime.min + dt.timedelta(seconds=seconds)).time()
        elif isinstance(value, str) and (match := _TIME.search(value)):
            hours, minutes = int(match[1]), int(match[2])
            time = dt.time(hours, minutes) if hours < 24 and minutes < 60 else dt.time()
        else:
            time = dt.time()
        return None if time == dt.time() else time.replace(second=0, microsecond=0)

    return values.map(one).astype(object)


def read_cards(sheet: SheetRows) -> pd.DataFrame:
    return _with_keys(_Sheet(sheet, ACCOUNT_CARDS).frame())


def card_columns(sheet: SheetRows) -> dict[str, int]:
    """Where each Account cards field is on the sheet as the manager keeps it (1-based columns;
    the manager may have moved them): new rows are written under the right headers."""
    return {field: col + 1 for field, col in _Sheet(sheet, ACCOUNT_CARDS).columns.items()}


READERS = {"contacts": read_contacts, "visits": read_visits, "events": read_events, "account_cards": read_cards}


def _empty(table: InputTable) -> pd.DataFrame:
    return READERS[table.id](SheetRows("", table.id, [[t(f"manager_input.col.{f}", "en") for f in table.fields]]))


def find_sheet(sheets: list[SheetRows], table: InputTable) -> SheetRows | None:
    """The sheet named like `table` in any language (the workbook's language may have changed)."""
    names = {name.casefold() for name in all_translations(f"sheet.{table.id}")}
    return next((s for s in sheets if s.sheet is not None and s.sheet.strip().casefold() in names), None)


def read_manager_inputs(sheets: list[SheetRows]) -> ManagerInputs:
    """All four input sheets found among `sheets`; a missing sheet reads as empty."""
    frames = {}
    for table in (CONTACTS, VISITS, EVENTS, ACCOUNT_CARDS):
        sheet = find_sheet(sheets, table)
        frames[table.id] = READERS[table.id](sheet) if sheet else _empty(table)
    return ManagerInputs(frames["contacts"], frames["visits"], frames["events"], frames["account_cards"])


def unmatched_clients(inputs: ManagerInputs, known_keys) -> pd.DataFrame:
    """Client names on the input sheets that match no client of the sales data (a typo, most
    likely): sheet ('contacts' | 'visits' | 'events' | 'account_cards'), row, client."""
    known = set(known_keys)
    named = [
        frame.assign(sheet=sheet)[["sheet", "row", "client", "client_key"]]
        for sheet, frame in (
            ("contacts", inputs.contacts),
            ("visits", inputs.visits),
            ("events", inputs.invitations),
            ("account_cards", inputs.cards),
        )
    ]
    rows = pd.concat(named, ignore_index=True).dropna(subset=["client_key"])
    return rows[~rows["client_key"].isin(known)].drop(columns="client_key").reset_index(drop=True)


__all__ = ["ManagerInputs", "card_columns", "find_sheet", "read_manager_inputs", "unmatched_clients"]
