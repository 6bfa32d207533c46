"""The method itself, on tidy frames and without I/O: average per month, rank, shares,
the key flag, ABC and XYZ classes, and the Pareto check."""

from __future__ import annotations

import functools
import weakref
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import KeyClientsError, Location
from ..i18n import Amount, Count, Percent
from ..read.notes import Note
from ..settings import Settings
from .window import Window

# Shares are sums of floats: a client whose running share is 0.8 up to rounding starts at 0.8.
_EPS = 1e-9


@dataclass
class Analysis:
    """One row per client with shipments in the window, sorted by rank.

    The one denominator: shares, cumulative shares, ABC classes, the key share and "clients
    for 80 %" all divide by the sum over the clients whose window total is positive. A
    client whose total is 0 or less (returns exceeding shipments, or a loss when ranking by
    profit) has no share and no ABC class, is never key, and is listed after the others.
    """

    table: pd.DataFrame
    window: Window
    settings: Settings
    notes: list[Note] = field(default_factory=list)

    @property
    def months(self) -> list[pd.Period]:
        return self.window.months

    # The key and the positive clients are read some twenty times a build (the metrics, History,
    # the plan, the sheets, the summary), each a filter of the whole table: cut once. The table is
    # never changed once ranked (`dataclasses.replace` makes a new Analysis, cut anew).
    @functools.cached_property
    def key(self) -> pd.DataFrame:
        return self.table[self.table["is_key"]]

    @functools.cached_property
    def positive(self) -> pd.DataFrame:
        """The clients with a positive window total: the ones the shares are about."""
        return self.table[self.table["average"] > 0]

    @property
    def sales_total(self) -> float:
        """The window's total over the clients with a positive total (the shares' denominator)."""
        return float(self.positive[self.months].to_numpy().sum())

    @property
    def key_share(self) -> float:
        return float(self.key["share"].sum())

    @property
    def clients_for_80(self) -> int:
        """How many clients make 80 % of sales, by the same boundary rule as the ABC classes."""
        return int(upper_class(self.table["share"], 0.8, self.settings.abc_boundary).sum())


def in_months(lines: pd.DataFrame, months: list[pd.Period]) -> pd.DataFrame:
    """The lines of `months`, in their order (as `lines[lines["month"].isin(months)]`).

    An export lists its lines by date: when the lines are sorted by month and `months` are
    consecutive, the lines wanted are one slice, found by binary search and not copied
    (a mask over a million lines copies every column of the quarter it keeps).
    """
    return _take(lines, month_rows(lines, months))


def in_months_numbered(lines: pd.DataFrame, months: list[pd.Period]) -> tuple[pd.DataFrame, np.ndarray]:
    """`in_months(lines, months)` and its lines' client numbers (those of `client_numbers(lines)`)."""
    rows = month_rows(lines, months)
    return _take(lines, rows), client_numbers(lines).of_line[rows]


def _take(lines: pd.DataFrame, rows: slice | np.ndarray) -> pd.DataFrame:
    """The lines at `rows` (month_rows): a slice is a view, not a copy."""
    return lines.iloc[rows] if isinstance(rows, slice) else lines[rows]


def month_rows(lines: pd.DataFrame, months: list[pd.Period]) -> slice | np.ndarray:
    """The rows of `in_months(lines, months)`: a slice where the lines are sorted by month, else a mask."""
    month = lines["month"]
    if (
        len(months)
        and isinstance(month.dtype, pd.PeriodDtype)
        and all(isinstance(m, pd.Period) and m.freq == month.dtype.freq for m in months)
    ):
        wanted = np.array([m.ordinal for m in months], dtype="int64")
        ordinals = month.array.asi8  # NaT is the smallest: before any month, in no slice
        if (np.diff(wanted) == 1).all() and (ordinals[1:] >= ordinals[:-1]).all():
            start, stop = ordinals.searchsorted([wanted[0], wanted[-1] + 1])
            return slice(int(start), int(stop))
    return month.isin(months).to_numpy()


@dataclass(frozen=True)
class ClientNumbers:
    """The lines' clients as numbers: line i's client is `keys[of_line[i]]` (-1: no client).

    Numbered as `pd.factorize` numbers them, in the order of each client's first line.
    """

    of_line: np.ndarray
    keys: pd.Index

    def lines_of(self, clients) -> np.ndarray:
        """Whether each line's client is one of `clients` (as `client_key.isin(clients)`)."""
        places = self.keys.get_indexer(pd.Index(clients))
        wanted = np.zeros(len(self.keys) + 1, dtype=bool)  # the last place: no client (-1), never wanted
        wanted[places[places >= 0]] = True
        return wanted[self.of_line]

    def first_lines(self) -> np.ndarray:
        """Each client's first line, in the order of the numbers: a client's first line is the one
        whose number exceeds every number before it."""
        before = np.maximum.accumulate(np.r_[-1, self.of_line[:-1]])
        return np.flatnonzero(self.of_line > before)

    def subset(self, lines: np.ndarray) -> ClientNumbers:
        """The numbers of the lines `lines` (a mask or positions) picks."""
        return ClientNumbers(self.of_line[lines], self.keys)

    @functools.cached_property
    def sorted_keys(self) -> tuple[np.ndarray, pd.Index]:
        """Each number's place among the keys sorted, and the keys sorted: clients grouped by these
        places are grouped, and ordered, as a grouping by their keys' texts groups them."""
        order = self.keys.argsort()
        places = np.empty(len(order), dtype="int64")
        places[order] = np.arange(len(order))
        return places, self.keys.take(order)


# The numbers made for the Arrow columns still alive, by the column's id: an entry goes with its column.
_numbered: dict[int, tuple[weakref.ref, ClientNumbers]] = {}


def _arrow_column(column: pd.Series):
    """The Arrow array behind a column of Arrow text (None for other columns)."""
    return column.array.__arrow_array__() if hasattr(column.array, "__arrow_array__") else None


def client_numbers(lines: pd.DataFrame) -> ClientNumbers:
    """The `client_key` column of `lines` as numbers, made once per export.

    The ranking, the metrics and History each match or group a million lines by client, and a
    million texts take ~65 ms to number each time. The frames they read share the export's one
    Arrow column (a frame's columns selected, dropped or added keep it), so the numbers made for
    that column are kept for the next caller, as long as the column lives.
    """
    column = lines["client_key"]
    arrow = _arrow_column(column)
    kept = _numbered.get(id(arrow)) if arrow is not None else None
    if kept is not None and kept[0]() is arrow:
        return kept[1]
    numbers = ClientNumbers(*pd.factorize(column))
    remember_numbers(lines, numbers)
    return numbers


def remember_numbers(lines: pd.DataFrame, numbers: ClientNumbers) -> None:
    """Keep `numbers` as the numbers of `lines`' clients (lines cut from numbered ones: `subset`)."""
    arrow = _arrow_column(lines["client_key"])
    if arrow is not None:
        place = id(arrow)
        _numbered[place] = (weakref.ref(arrow, lambda _, place=place: _numbered.pop(place, None)), numbers)


def monthly_amounts(lines: pd.DataFrame, months: list[pd.Period], value: str = "amount") -> pd.DataFrame:
    """Client × month sums of `value` over the window; a month without shipments is 0 (not blank).

    As a pivot table by client_key and month makes it, but grouped by one number per line: the
    client's place among the sorted client keys (ClientNumbers.sorted_keys) times the months plus
    the month's place. Those numbers order the groups as the keys and months do, so each sum adds
    the same lines in the same order, without a million texts hashed and pandas' pivot around it.
    """
    month = lines["month"]
    if not (
        isinstance(month.dtype, pd.PeriodDtype)
        and len(set(months)) == len(months)
        and all(isinstance(m, pd.Period) and m.freq == month.dtype.freq for m in months)
    ):
        return _pivoted_amounts(lines, months, value)
    in_window, number = in_months_numbered(lines, months)
    places, keys = client_numbers(lines).sorted_keys
    columns = np.sort(np.array([m.ordinal for m in months], dtype="int64"))
    at_month = columns.searchsorted(in_window["month"].array.asi8)
    if (number >= 0).all():
        pair = places[number] * len(columns) + at_month
    else:  # a line without a client is in no group, as a missing key is in none
        pair = np.where(number >= 0, places[number] * len(columns) + at_month, np.nan)
    sums = in_window[[value]].groupby(pair).sum()[value]
    pair = sums.index.to_numpy().astype("int64")
    clients, row = np.unique(pair // len(columns), return_inverse=True)
    seen = np.unique(pair % len(columns))  # the months with a line, as the pivot's columns
    amounts = np.zeros((len(clients), len(columns)))
    amounts[row, pair % len(columns)] = sums.to_numpy()
    table = pd.DataFrame(
        np.ascontiguousarray(amounts[:, seen]),
        index=keys.take(clients).rename("client_key"),
        columns=pd.PeriodIndex.from_ordinals(columns[seen], freq=month.dtype.freq, name="month"),
        copy=False,  # laid out in memory as the pivot's (a row's sums can depend on it)
    )
    return table.reindex(columns=months, fill_value=0.0).rename_axis(columns=None)


def _pivoted_amounts(lines: pd.DataFrame, months: list, value: str) -> pd.DataFrame:
    """monthly_amounts of lines whose months are not periods (by a pivot table)."""
    in_window = in_months(lines, months)
    return (
        in_window.pivot_table(index="client_key", columns="month", values=value, aggfunc="sum", fill_value=0.0)
        .reindex(columns=months, fill_value=0.0)
        .rename_axis(columns=None)
    )


def shares(values: pd.Series) -> pd.Series:
    """Each positive value over the sum of the positive values; NaN for values of 0 or less."""
    positive = values.where(values > 0)
    total = positive.sum()
    return positive / total if total > 0 else positive * np.nan


def rank_clients(monthly: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """Average per month (zeros included), sorted descending; ties broken by the last month, then name.

    Shares use the one denominator (see Analysis): NaN for clients whose average is not positive.
    """
    last = monthly.columns[-1]
    table = monthly.assign(
        client=names.reindex(monthly.index),
        average=monthly.mean(axis=1),
        last_month=monthly[last],
    )
    table = table.sort_values(["average", "last_month", "client"], ascending=[False, False, True], kind="mergesort")
    share = shares(table["average"])
    return table.assign(
        rank=np.arange(1, len(table) + 1),
        share=share,
        cum_share=share.cumsum().where(share.notna()),
        months_shipped=(monthly.reindex(table.index) > 0).sum(axis=1),
    )


def key_flags(table: pd.DataFrame, settings: Settings) -> pd.Series:
    """Key clients by the rule: the top N, the top share of clients, or those making the first X % of sales.

    Only clients with a positive average can be key.
    """
    positive = table["average"] > 0
    if settings.rule == "top_n":
        return (table["rank"] <= settings.top_n) & positive
    if settings.rule == "top_share":
        count = int(np.ceil(positive.sum() * settings.top_share / 100 - _EPS))
        return (table["rank"] <= max(count, 1)) & positive
    return upper_class(table["share"], settings.cumulative_share / 100, settings.abc_boundary)


def above_percent(values: pd.Series, percent: float) -> pd.Series:
    """values > percent %, beyond a ratio's rounding: a fall from 10 000 to 7 000 is -0.30000000000000004,
    which is exactly 30 %, not above it."""
    return values > percent / 100 + _EPS


def upper_class(shares: pd.Series, threshold: float, boundary: str = "upper") -> pd.Series:
    """Sorted shares → True for the clients within the first `threshold` of the total.

    boundary 'upper': the client whose share crosses the threshold is in (the running share
    before it is below the threshold). 'lower': it is out (the running share including it
    is at most the threshold), as many hand-made Excel ABC sheets do. NaN shares are never in.
    """
    running = shares.cumsum()
    if boundary == "lower":
        return (running <= threshold + _EPS) & shares.notna()
    return (running - shares < threshold - _EPS) & shares.notna()


NO_CLASS = "—"


def abc_classes(measure: pd.Series, a: float, b: float, boundary: str = "upper") -> pd.Series:
    """A for the clients making the first a % of the measure, B for the next b %, C for the rest;
    "—" for a value of 0 or less (it has no share of the total)."""
    # A measure in ranked order (the key-client table's averages) is its own order: a stable sort
    # would leave it as it is.
    ordered = measure.is_monotonic_decreasing
    order = measure if ordered else measure.sort_values(ascending=False, kind="mergesort")
    share = shares(order)
    classes = np.where(
        upper_class(share, a / 100, boundary),
        "A",
        np.where(upper_class(share, (a + b) / 100, boundary), "B", np.where(share.notna(), "C", NO_CLASS)),
    )
    classes = pd.Series(classes, index=order.index)
    return classes if ordered else classes.reindex(measure.index)


def coefficient_of_variation(monthly: pd.DataFrame) -> pd.Series:
    """Population standard deviation over mean of the monthly amounts; NaN where the mean is not positive."""
    mean = monthly.mean(axis=1)
    return (monthly.std(axis=1, ddof=0) / mean).where(mean > 0)


def trend(monthly: pd.DataFrame) -> pd.Series:
    """Last month against the average of the earlier months: -0.25 is a 25 % fall.

    NaN where there is no earlier month or the earlier average is not positive.
    """
    if monthly.shape[1] < 2:
        return pd.Series(np.nan, index=monthly.index)
    earlier = monthly.iloc[:, :-1].mean(axis=1)
    return (monthly.iloc[:, -1] / earlier.where(earlier > 0) - 1).astype(float)


def xyz_classes(cv: pd.Series, x: float, y: float) -> pd.Series:
    """X: CV ≤ x %, Y: ≤ y %, Z: above (or no positive mean)."""
    percent = cv * 100
    return pd.Series(np.where(percent <= x + _EPS, "X", np.where(percent <= y + _EPS, "Y", "Z")), index=cv.index)


def measure_values(lines: pd.DataFrame, measure: str) -> pd.Series:
    """Per line, the value that ranks the clients: revenue (amount), profit, or quantity.

    Profit is the gross-profit column, else amount minus cost. Raises when the data lacks it.
    """
    if measure == "profit":
        if "gross_profit" in lines:
            return lines["gross_profit"].fillna(0.0)
        if "cost" in lines:
            return lines["amount"] - lines["cost"].fillna(0.0)
        raise _measure_missing(measure)
    if measure == "quantity":
        if "quantity" in lines:
            return lines["quantity"].fillna(0.0)
        raise _measure_missing(measure)
    return lines["amount"]


def _measure_missing(measure: str) -> KeyClientsError:
    params = {"measure": Note(f"measure.{measure}"), "needed": Note(f"measure_needs.{measure}")}
    return KeyClientsError("error.measure_missing", Location(), params)


def analyse(lines: pd.DataFrame, window: Window, settings: Settings, *, notes: bool = True) -> Analysis:
    """Everything the key-client sheet shows, computed from tidy shipment lines. `notes=False`
    skips the notes (History's earlier windows show none)."""
    lines = lines.assign(value=measure_values(lines, settings.measure))
    monthly = monthly_amounts(lines, window.months, "value")
    names = first_names(lines)
    analysis = ranked(monthly, names, window, settings)
    analysis.notes = window.notes + (_notes(analysis, lines) if notes else [])
    return analysis


def first_names(lines: pd.DataFrame) -> pd.Series:
    """client_key → the name on the client's first line (as `drop_duplicates("client_key")` finds it)."""
    numbers = client_numbers(lines)
    return lines["client"].iloc[numbers.first_lines()].set_axis(numbers.keys.rename("client_key"))


def ranked(monthly: pd.DataFrame, names: pd.Series, window: Window, settings: Settings) -> Analysis:
    """The analysis of client × month amounts (`monthly_amounts` of the window): ranks, key
    flags, ABC and XYZ. `names`: client_key → the name shown. Notes: the window's only."""
    months = window.months
    table = rank_clients(monthly, names)
    table["is_key"] = key_flags(table, settings)
    table["abc"] = abc_classes(table["average"], settings.abc_a, settings.abc_b, settings.abc_boundary)
    table["cv"] = coefficient_of_variation(table[months])
    # One month has no variation to measure: XYZ stays empty rather than claiming 'X'.
    table["xyz"] = xyz_classes(table["cv"], settings.xyz_x, settings.xyz_y) if len(months) > 1 else ""
    table = table.reset_index()
    analysis = Analysis(table, window, settings)
    analysis.notes = list(window.notes)
    return analysis


def _notes(analysis: Analysis, lines: pd.DataFrame) -> list[Note]:
    table, settings, months = analysis.table, analysis.settings, analysis.months
    positive = analysis.positive
    in_window = in_months(lines, months)
    notes = []
    negative_lines = int((in_window["value"] < 0).sum())
    if negative_lines:
        kind = "note.loss_lines" if settings.measure == "profit" else "note.returns"
        notes.append(Note(kind, {"lines": Count(negative_lines, "line")}))
    if (positive[months] == 0).any(axis=None):
        notes.append(Note("note.zero_months"))
    non_positive = table[table["average"] <= 0]
    if len(non_positive):
        examples = ", ".join(non_positive["client"].head(3)) + (", …" if len(non_positive) > 3 else "")
        total = float(non_positive[months].to_numpy().sum())
        params = {"clients": Count(len(non_positive), "client"), "amount": Amount(total), "examples": examples}
        notes.append(Note(f"note.non_positive.{settings.measure}", params))
    if settings.rule == "top_n":
        n = settings.top_n
        if 0 < len(positive) < n:  # with none, the note on totals at most 0 says why none is key
            notes.append(Note("note.fewer_clients", {"clients": Count(len(positive), "client"), "n": n}))
        elif len(positive) > n:
            boundary = positive["average"].iloc[n - 1]
            tied = positive[np.isclose(positive["average"], boundary, rtol=0, atol=1e-9)]
            if len(tied) > 1 and tied["rank"].max() > n:
                notes.append(Note("note.tie", {"place": n, "clients": ", ".join(tied["client"])}))
    if 1 < len(months) < 6:
        notes.append(Note("note.xyz_weak", {"months": Count(len(months), "month")}))
    if len(positive) >= 10 and analysis.clients_for_80 > 0.4 * len(positive):
        clients = Count(analysis.clients_for_80, "client")
        notes.append(Note("note.weak_pareto", {"clients": clients, "total": len(positive)}))
    notes += _open_status_notes(in_window)
    return notes


# Statuses of lines that are not final yet: kept, but the user should know their weight.
OPEN_STATUSES = ("on hold", "disputed", "pending", "в резерве", "резерв", "ожидает", "в работе", "не оплачен")


def _open_status_notes(in_window: pd.DataFrame) -> list[Note]:
    """Kept lines whose status is not final (On Hold, В резерве …), with their share of the window's sales."""
    if "status" not in in_window or in_window.empty:
        return []
    codes, statuses = pd.factorize(in_window["status"])  # a few distinct statuses on many lines
    folded = pd.Series(statuses, dtype="string").str.casefold().str.replace("ё", "е").str.strip()
    open_codes = np.flatnonzero(folded.isin(OPEN_STATUSES).to_numpy())
    is_open = pd.Series(np.isin(codes, open_codes), index=in_window.index)  # code -1 (no status) never open
    total = in_window["value"].clip(lower=0).sum()
    if not is_open.any() or total <= 0:
        return []
    by_status = in_window[is_open].groupby("status")["value"].sum().sort_values(ascending=False)
    parts = [(str(status), Percent(max(value, 0.0) / total)) for status, value in by_status.items()]
    return [Note("note.open_statuses", {"statuses": _Listing(tuple(parts))})]


@dataclass(frozen=True)
class _Listing:
    """'В резерве — 4,2 %, On Hold — 1,0 %' in the message's language."""

    items: tuple

    def text(self, lang: str) -> str:
        return ", ".join(f"{name} — {value.text(lang)}" for name, value in self.items)
