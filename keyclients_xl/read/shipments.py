"""Shipments: every export's lines as one tidy frame, each client once, each line once.

`read_exports` (read/__init__.py) reads the files; `combine` makes them one Shipments.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..errors import KeyClientsError, Location
from ..i18n import Amount, Count, all_translations, t
from .clients import (
    client_key,
    code_key,
    coded_names,
    display_names,
    fold_name,
    keys_by_names,
    merged_spellings,
    possible_duplicates,
    spelling_counts,
    text_by_codes,
)
from .controls import drop_control_characters
from .layout import Export, read_rows
from .notes import Note, Phrase
from .sources import SheetRows


@dataclass
class Shipments:
    """All exports together: one row per shipment line (long) or client-month (wide).

    Columns: client, client_key, month (period[M]), amount, date (NaT for wide exports),
    and, where the export has them, sku, quantity, price, list_price, cost,
    gross_profit, manager, payment_date.
    """

    frame: pd.DataFrame
    data_end: pd.Timestamp | None
    cyrillic: bool
    notes: list[Note] = field(default_factory=list)
    exports: list[Export] = field(default_factory=list)
    unused: list[Export] = field(default_factory=list)  # read but not counted (the other input sheet)
    data_start: pd.Timestamp | None = None  # the first day the exports cover (a title's period, or a line)
    coded: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))  # clients.coded_names

    def sales_keys(self, keys: pd.Series) -> pd.Series:
        """Keys folded from names (History, receivables, the input sheets) → the keys of the
        sales: a name the exports spell for a client their code identifies is that client."""
        return keys.map(self.coded).fillna(keys).astype(object) if len(self.coded) else keys

    @property
    def has_codes(self) -> bool:
        """Whether the sales know any client by a code (ИНН)."""
        return "client_code" in self.frame and bool(self.frame["client_code"].notna().any())

    def coded_keys(self, keys: pd.Series, codes: pd.Series | None) -> pd.Series:
        """`sales_keys`, for rows (debts) that may carry a client code (ИНН): where the sales know
        clients by code the code decides, so a debt under another spelling or a new name finds its
        client, and a namesake with another code is no sales client. A row without a code, one
        whose code is unknown while its name is a client the sales know by name only, and every
        row when the sales hold no codes, go by the name."""
        by_name = self.sales_keys(keys)
        if codes is None or "client_code" not in self.frame or not codes.notna().any():
            return by_name
        known = pd.Index(self.frame["client_key"].unique())
        by_code = code_key(codes)
        named_only = by_name.isin(known) & ~by_name.astype("string").str.startswith("#", na=False)
        use_code = codes.notna() & (by_code.isin(known) | ~named_only)
        return by_code.where(use_code, by_name).astype(object)

    def first_day(self) -> pd.Timestamp | None:
        """The first day the data covers: the exports' first, else the first dated line (None: by month)."""
        if self.data_start is not None:
            return self.data_start
        start = self.frame["date"].min() if "date" in self.frame else pd.NaT
        return None if pd.isna(start) else start

    def up_to(self, today: pd.Timestamp) -> Shipments:
        """The lines dated after `today` left out, with a note: no shipment is in the future (a
        year typed wrong, 15.10.2027, or a pre-order). Before, such a line stretched the data's
        end, and every client's 'days since the last shipment' counted to it."""
        if "date" not in self.frame or not (later := self.frame["date"] > today).any():
            return self
        first = self.frame.loc[later].sort_values("date", kind="stable").iloc[0]
        params = {
            "lines": Count(int(later.sum()), "line"),
            "amount": Amount(float(self.frame.loc[later, "amount"].sum())),
            "date": f"{first['date']:%d.%m.%Y}",
            "client": first["client"],
            "today": f"{today:%d.%m.%Y}",
        }
        data_end = None if self.data_end is None else min(self.data_end, today)
        return replace(
            self,
            frame=self.frame.loc[~later],
            data_end=data_end,
            notes=[*self.notes, Note("note.future_lines", params)],
        )


def _first_day(export: Export) -> pd.Timestamp | None:
    """The first day an export covers: its title's period or first line, else (a table by month
    without a period) its first month's first day. Every export has a say: a table of August to
    September beside lines from 5 October once made August and September 'before the data'."""
    if export.data_start is not None and pd.notna(export.data_start):
        return export.data_start
    frame = export.frame
    if "date" in frame and frame["date"].notna().any():
        return frame["date"].min()
    if "month" in frame and frame["month"].notna().any():
        return frame["month"].min().start_time
    return None


def read_input_sheets(
    file: str, sheets: list[SheetRows], lang: str, source: str = "lines", drop_status: tuple[str, ...] | None = None
) -> Shipments:
    """The input sheets of a KeyClients workbook that hold data (below the instruction and header rows),
    read like any export. Raises when none does, naming the sheets to fill.

    When both the document-lines sheet and the by-month sheet hold data, only `source`
    ('lines' or 'months', the setting input_source) is used, with a warning: adding them
    would count the same sales twice.
    """
    filled = [sheet for sheet in sheets if any(c not in (None, "") for row in sheet.rows[2:] for c in row)]
    exports = [export for export in (read_rows(sheet, None, drop_status) for sheet in filled) if len(export.frame)]
    if not exports:
        params = {"lines": t("sheet.input_lines", lang), "months": t("sheet.input_months", lang)}
        raise KeyClientsError("macro.no_input", Location(file=file), params)
    lines_names = all_translations("sheet.input_lines")
    by_kind = {("lines" if e.sheet in lines_names else "months"): e for e in exports}
    if len(by_kind) > 1:
        used = by_kind[source]
        kind_sheet = {kind: e.sheet for kind, e in by_kind.items()}
        params = {"lines": kind_sheet["lines"], "months": kind_sheet["months"], "used": used.sheet}
        used.notes.insert(0, Note("note.both_inputs", params))
        shipments = combine([used])
        shipments.unused = [e for e in exports if e is not used]
        return shipments
    return combine(exports)


# Line columns of a few distinct texts each, kept as pandas Categoricals (see columns.labels).
LABEL_COLUMNS = ("sku", "manager", "status")


def _as_labels(column: pd.Series) -> pd.Series:
    """The same Categorical whatever the route: the categories are the labels the lines hold,
    sorted (dropped lines leave theirs behind; exports with other labels concatenate to text)."""
    labels = _used_labels(column)
    if labels.cat.categories.empty:  # no label at all: text categories, as when there are some
        labels = labels.cat.set_categories(pd.Index([], dtype="str"))
    return labels


def _used_labels(column: pd.Series) -> pd.Series:
    if column.dtype != "category":
        return column.astype("category")
    codes = column.cat.codes.to_numpy()
    used = np.bincount(codes + 1, minlength=len(column.cat.categories) + 1)[1:] > 0
    if used.all():  # the usual case: nothing to drop
        return column
    # remove_unused_categories, without its np.unique of a million codes
    kept = np.flatnonzero(used)
    renumbered = np.full(len(used) + 1, -1)  # the last place keeps a missing label's -1
    renumbered[kept] = np.arange(len(kept))
    labels = pd.Categorical.from_codes(renumbered[codes], categories=column.cat.categories[kept])
    return pd.Series(labels, index=column.index, name=column.name)


def combine(exports: list[Export]) -> Shipments:
    """One frame from several exports, each client once, each line once.

    - Directories among the exports replace client codes by names.
    - A line identical in every column to a line of an earlier file is dropped (a full
      export plus a separate October file counts October once), with a note; files whose
      dates overlap for the same clients get a warning naming both.
    - The same client is one client whatever its spelling (read/clients.py); where an
      export has a client code, the code decides. The most frequent spelling is shown.
    """
    directories = [e for e in exports if e.layout == "directory"]
    exports = [e for e in exports if e.layout != "directory"]
    if not exports:
        raise KeyClientsError("error.only_directory", Location(file=directories[0].file))
    overlaps = _overlap_notes(exports)  # before repeats are dropped: they are what overlaps
    repeats = _drop_repeated_lines(exports)
    frame = pd.concat([e.frame for e in exports], ignore_index=True)
    if frame.empty:
        uncalculated = [n for e in exports for n in e.notes if n.key == "note.formulas_not_calculated"]
        if uncalculated:  # what left every line out
            params = uncalculated[0].params
            where = Location(file=params["file"], sheet=params["sheet"])
            raise KeyClientsError(
                "error.formulas_not_calculated", where, {"cells": params["cells"], "first": params["first"]}
            )
        raise KeyClientsError("error.no_lines", Location(file=", ".join(e.file for e in exports)))
    frame = frame.assign(**{c: _as_labels(frame[c]) for c in LABEL_COLUMNS if c in frame})
    frame, cleaned = drop_control_characters(frame)  # before names are matched and shown
    joined = []
    if directories:  # names are put in by row: as text, not a Categorical of the codes' labels
        frame = frame.assign(client=frame["client"].astype(object))
    for directory in directories:
        known = frame["client"].isin(directory.names.keys())
        frame.loc[known, "client"] = frame.loc[known, "client"].map(directory.names)
        count = frame.loc[known, "client"].nunique()
        joined.append(Note("note.names_joined", {"file": directory.file, "clients": Count(count, "client")}))
    names = pd.factorize(frame["client"], use_na_sentinel=True)  # once: the keys and the spellings use it
    # Arrow-backed text: the many groupings and look-ups by client factorize it several times faster.
    folded = client_key(frame["client"], names, dtype="str")
    coded = frame["client_code"].notna() if "client_code" in frame else None
    if coded is not None:
        folded = folded.where(~coded, code_key(frame["client_code"]))
    frame = frame.assign(client_key=folded.astype("str"))
    # once: the spellings, notes and names use it; without codes, from the names' (no million texts hashed)
    keys = keys_by_names(names) if coded is None else pd.factorize(frame["client_key"], use_na_sentinel=True)
    spellings = spelling_counts(frame["client"], frame["client_key"], names, keys)
    shown = display_names(frame["client"], frame["client_key"], spellings)
    identity = _identity_notes(frame, spellings, keys, shown)
    key_codes, key_values = keys
    frame["client"] = text_by_codes(shown.reindex(key_values).tolist(), key_codes, frame.index)
    notes = [note for e in exports for note in e.notes]
    notes += cleaned + repeats + overlaps + joined + identity
    ends = [e.data_end for e in exports if e.data_end is not None and pd.notna(e.data_end)]
    starts = [start for start in map(_first_day, exports) if start is not None]
    return Shipments(
        frame=frame,
        data_start=min(starts) if starts else None,
        data_end=max(ends) if ends else None,
        cyrillic=any(e.cyrillic for e in exports),
        notes=notes,
        exports=exports,
        coded=coded_names(spellings),
    )


def _drop_repeated_lines(exports: list[Export]) -> list[Note]:
    """Drop, from each export, the lines identical in every shared column to lines of an earlier one.

    Repeats count: a line twice in the earlier file and three times in the later one leaves one.
    """
    notes = []
    for i, later in enumerate(exports):
        for earlier in exports[:i]:
            shared = [c for c in later.frame.columns if c in earlier.frame.columns]
            if later.frame.empty or earlier.frame.empty or not {"client", "month", "amount"} <= set(shared):
                continue
            numbered = [_numbered(e.frame[shared], shared) for e in (earlier, later)]
            matched = numbered[1].merge(numbered[0], on=[*shared, "_nth"], how="left", indicator=True)
            repeated = (matched["_merge"] == "both").to_numpy()
            if repeated.any():
                later.frame = later.frame[~repeated]
                params = {"file": later.file, "first": earlier.file, "lines": Count(int(repeated.sum()), "line")}
                notes.append(Note("note.repeated_lines", params))
    return notes


def _numbered(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The frame with the occurrence number of each identical line (0 for the first)."""
    keyed = frame.astype({c: "string" for c in columns if frame[c].dtype in (object, "category")})
    return keyed.assign(_nth=keyed.groupby(columns, dropna=False, sort=False).cumcount())


def _overlap_notes(exports: list[Export]) -> list[Note]:
    """A warning for each pair of files whose periods overlap for clients they share."""
    spans = []
    for export in exports:
        frame = export.frame
        if frame.empty or export.returns:  # returns fall on days of sales by nature: no second export
            continue
        dates = frame["date"] if frame["date"].notna().any() else None
        start = dates.min() if dates is not None else frame["month"].min().start_time
        end = dates.max() if dates is not None else frame["month"].max().end_time.normalize()
        spans.append((export, start, end, frame))
    notes = []
    for i, (later, start, end, frame) in enumerate(spans):
        for earlier, start0, end0, frame0 in spans[:i]:
            first, last = max(start, start0), min(end, end0)
            if first > last:
                continue
            inside = frame[_within(frame, first, last)]
            inside0 = frame0[_within(frame0, first, last)]
            shared = set(client_key(inside["client"])) & set(client_key(inside0["client"]))
            if shared:
                params = {"first": earlier.file, "file": later.file, "clients": Count(len(shared), "client")}
                params |= {"start": f"{first:%d.%m.%Y}", "end": f"{last:%d.%m.%Y}"}
                notes.append(Note("note.overlapping_files", params))
    return notes


def _within(frame: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.Series:
    if frame["date"].notna().any():
        return frame["date"].between(first, last)
    return (frame["month"].dt.end_time >= first) & (frame["month"].dt.start_time <= last)


MAX_EXAMPLES = 5


def _identity_notes(frame: pd.DataFrame, spellings: pd.DataFrame, keys: tuple, names: pd.Series) -> list[Note]:
    """Spellings merged into one client, and clients that only look alike (never merged).

    `frame` holds each line's own spelling in `client` and its identity in `client_key`;
    `keys`: pd.factorize(frame["client_key"]); `names`: the spelling shown per key.
    """
    notes = []
    merged = merged_spellings(frame["client"], frame["client_key"], spellings)
    if len(merged):
        shown = ("; ".join(" = ".join(f"«{n}»" for n in names) for names in merged.head(MAX_EXAMPLES)),)
        shown += _more(len(merged))
        params = {"clients": Count(len(merged), "client"), "examples": Phrase(shown)}
        notes.append(Note("note.spellings_merged", params))
    key_codes, key_values = keys
    totals = pd.Series(np.bincount(key_codes, weights=frame["amount"].to_numpy(), minlength=len(key_values)),
                       index=pd.Index(key_values, name="client_key")).sort_index()  # fmt: skip
    pairs = possible_duplicates(totals, names.map(fold_name))
    if pairs:
        shown = tuple(
            Phrase((f"«{names[a]}» (", Amount(totals[a]), f") ≈ «{names[b]}» (", Amount(totals[b]), ")"))
            for a, b in pairs[:MAX_EXAMPLES]
        )
        notes.append(Note("note.maybe_same", {"pairs": Phrase((Phrase(shown, "; "), *_more(len(pairs))))}))
    return notes


def _more(count: int) -> tuple:
    """' (and 12 more)' after the first MAX_EXAMPLES of a list, else nothing."""
    return (" ", Note("note.and_more", {"count": count - MAX_EXAMPLES})) if count > MAX_EXAMPLES else ()
