"""History: one dated snapshot of the classification per month, kept to compare month with month.

A snapshot is the ranking of one window, one row per client: month (the window's last month),
client_key, client, rank, average, abc, xyz, is_key, health, and the client's last month with
shipments in that window (`last_shipped`) with that month's amount (`last_amount`), so that a
client who stops buying can be shown with what it bought last.

What History keeps (so it stays an ordinary Excel Table for years): per month, the clients
ranked up to `KEEP_TOP` (1,000) plus every key client (a 'cumulative' rule can mark more than
that). That holds every key and near-key client and every client whose moves or loss are
worth a line, and bounds History by months × 1,000 rows whatever the number of clients:
24 months of 20,000 clients are 24,000 rows, 1.4 MB as xlsx, merged in under half a second,
instead of 480,000 rows and 28 MB keeping every client (benchmarks/bench_history.py). A
client ranked below 1,000 is not in History, so its moves and its loss are not reported.

Rules: History is never rewritten; merging a snapshot replaces the rows of its own month only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

import numpy as np
import pandas as pd

from ..i18n import TEXTS, all_translations
from ..read.clients import client_key
from ..read.headers import normalise, parse_month
from ..settings import Settings
from .ranking import (
    Analysis,
    abc_classes,
    client_numbers,
    coefficient_of_variation,
    in_months,
    key_flags,
    measure_values,
    monthly_amounts,
    ranked,
    shares,
    xyz_classes,
)
from .window import Window, first_full_month

KEEP_TOP = 1000
SEED_MONTHS = 12

COLUMNS = (
    "month",
    "client_key",
    "client",
    "rank",
    "average",
    "abc",
    "xyz",
    "is_key",
    "health",
    "last_shipped",
    "last_amount",
)
# How History looks on its sheet: column → header key (client_key is derived from the name on reading).
HEADERS = {
    "month": "history.col.month",
    "client": "col.client",
    "rank": "col.rank",
    "average": "col.average",
    "abc": "col.abc",
    "xyz": "col.xyz",
    "is_key": "col.key",
    "health": "history.col.health",
    "last_shipped": "history.col.last_shipped",
    "last_amount": "history.col.last_amount",
}
_DTYPES = {
    "month": "period[M]",
    "client_key": object,
    "client": object,
    "rank": "int64",
    "average": "float64",
    "abc": object,
    "xyz": object,
    "is_key": bool,
    "health": object,
    "last_shipped": "period[M]",
    "last_amount": "float64",
}
_YES = {"да", "yes", "true", "1", "истина", "x", "✓"}


def empty_history() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in _DTYPES.items()})


def snapshot(analysis: Analysis, health: pd.Series | None = None) -> pd.DataFrame:
    """The analysis as one month's History rows, every client of the window (compacted only on merge).

    `health`: the account health per client_key (any labels), where known.
    """
    return _snapshot_rows(analysis, health).astype(_DTYPES)


def _snapshot_rows(analysis: Analysis, health: pd.Series | None) -> pd.DataFrame:
    """`snapshot` before its columns are cast to History's types (many are cast at once)."""
    table, months = analysis.table, analysis.months
    last_month, any_shipped, last_amount = _last_shipped(table[months].to_numpy(dtype="float64"), months)
    # Health where known (any labels), blank (NaN) elsewhere.
    health_values = health.reindex(table["client_key"]).to_numpy(dtype=object) if health is not None else np.nan
    return pd.DataFrame(
        {
            "month": pd.PeriodIndex.from_ordinals(np.full(len(table), months[-1].ordinal), freq="M"),
            "client_key": table["client_key"].to_numpy(dtype=object),
            "client": table["client"].to_numpy(dtype=object),
            "rank": table["rank"].to_numpy(dtype="int64"),
            "average": table["average"].to_numpy(dtype="float64"),
            "abc": table["abc"].to_numpy(dtype=object),
            "xyz": table["xyz"].to_numpy(dtype=object) if "xyz" in table else "",
            "is_key": table["is_key"].to_numpy(dtype=bool),
            "health": health_values,
            "last_shipped": pd.PeriodIndex.from_ordinals(last_month, freq="M").where(any_shipped),
            "last_amount": last_amount,
        }
    )


def _last_shipped(amounts: np.ndarray, months: list[pd.Period]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's last month with a positive amount (a period ordinal; the last month where there
    is none), whether there is one, and that month's amount (NaN where there is none)."""
    shipped = amounts > 0
    # The last month with a positive amount: argmax over the reversed columns finds it.
    last = len(months) - 1 - shipped[:, ::-1].argmax(axis=1)
    any_shipped = shipped.any(axis=1)
    ordinals = np.array([month.ordinal for month in months], dtype="int64")
    last_amount = np.where(any_shipped, amounts[np.arange(len(amounts)), last], np.nan)
    return ordinals[last], any_shipped, last_amount


def compact(rows: pd.DataFrame, keep_top: int = KEEP_TOP) -> pd.DataFrame:
    """What History keeps of a month: ranks up to `keep_top` and every key client."""
    return rows[(rows["rank"] <= keep_top) | rows["is_key"]]


def merge(history: pd.DataFrame, snap: pd.DataFrame, keep_top: int = KEEP_TOP) -> pd.DataFrame:
    """History with `snap`'s months replaced by it (compacted); every other month's rows unchanged.

    Sorted by month, then rank.
    """
    kept = history[~history["month"].isin(snap["month"].unique())]
    merged = pd.concat([kept, compact(snap, keep_top)], ignore_index=True) if len(kept) else compact(snap, keep_top)
    return merged.astype(_DTYPES).sort_values(["month", "rank"], kind="mergesort").reset_index(drop=True)


def fill_missing_months(history: pd.DataFrame, older: pd.DataFrame, keep_top: int = KEEP_TOP) -> pd.DataFrame:
    """History plus the months of `older` (seeded or read from old snapshot sheets) that it lacks.

    A month History already has is never replaced by a seeded one.
    """
    new = older[~older["month"].isin(history["month"].unique())]
    return merge(history, new, keep_top) if len(new) else history


def seed(
    lines: pd.DataFrame,
    settings: Settings,
    current: pd.Period,
    *,
    count: int = SEED_MONTHS,
    data_start: pd.Timestamp | None = None,
    health_of: Callable[[Analysis], pd.Series] | None = None,
    keep_top: int = KEEP_TOP,
) -> pd.DataFrame:
    """History of the `count` month-ends before `current`, computed from the shipment lines themselves.

    Each earlier window has the current window's length and is ranked by the same rules
    (`analyse`). Only windows the data covers whole are seeded: a window starting before the
    first full month of the data would understate its averages. `health_of(analysis)` gives
    the health of each seeded month, where the caller can compute it.
    """
    first = first_full_month(lines["month"].min(), data_start)
    # The windows are ranked by client number, their keys put back after: each new index of text
    # (Arrow strings) is copied to Python objects to be looked up in, an index of numbers is not.
    # The lines' numbers (the build's own, client_numbers) number the clients in the order of their
    # first line, as the client-month rows list them.
    numbers = client_numbers(lines)
    lines, client_keys = _by_client_month(lines, numbers.of_line), numbers.keys
    # The names sorted once: a window orders its clients' names by these places, and only the rows
    # History keeps get their text (the last place, past the names, is a missing name's).
    name_order, name_texts = pd.factorize(lines["client"], sort=True)
    name_order[name_order < 0] = len(name_texts)
    name_of = np.append(name_texts.to_numpy(dtype=object), np.nan)
    lines = lines.assign(value=measure_values(lines, settings.measure), name_order=name_order)
    # The reader gives a client one display name: then each window takes its clients' names from one
    # array, not from its first rows found anew (a client with names that differ keeps that way).
    client_rows = lines["client_key"].to_numpy()
    name_of_client = np.full(len(client_keys), len(name_texts))
    name_of_client[client_rows] = name_order
    one_name = bool((name_of_client[client_rows] == name_order).all())
    # Every window's client × month amounts are columns of one table (monthly_amounts, once).
    every_month = sorted(lines["month"].unique())
    amounts = monthly_amounts(lines, every_month, "value")
    # Which client has a line in which month: the rows are one per client and month, so a row is a
    # month with lines (the pivot of their counts this replaced was 0 or 1).
    has_line = np.zeros((len(amounts), len(every_month)), dtype=bool)
    month_at = {month: i for i, month in enumerate(every_month)}
    has_line[amounts.index.get_indexer(lines["client_key"]), lines["month"].map(month_at).to_numpy()] = True
    snapshots, kept_rows = [], []
    for end in (current - k for k in range(count, 0, -1)):
        months = list(pd.period_range(end - (settings.months - 1), end, freq="M"))
        if months[0] < first:
            continue
        # The clients with a line in the window, as monthly_amounts of the window's lines has them.
        present = has_line[:, [month_at[m] for m in months if m in month_at]].any(axis=1)
        monthly = amounts.reindex(columns=months, fill_value=0.0)[present]
        if monthly.empty:
            continue
        if health_of or not one_name:
            names = in_months(lines, months).drop_duplicates("client_key").set_index("client_key")
        if health_of:  # the health function is given the whole analysis, as `ranked` makes it
            analysis = ranked(monthly, names["client"], Window(months), settings)
            table = analysis.table.assign(client_key=client_keys.take(analysis.table["client_key"]))
            analysis = replace(analysis, table=table)
            # Only the rows History keeps are made snapshot rows (a snapshot is row by row).
            snapshots.append(_snapshot_rows(replace(analysis, table=compact(table, keep_top)), health_of(analysis)))
        else:
            order = (
                name_of_client[monthly.index.to_numpy()]
                if one_name
                else names["name_order"].reindex(monthly.index, fill_value=len(name_texts)).to_numpy()
            )
            kept_rows.append(_kept_ranks(monthly, order, settings, keep_top))
    if kept_rows:
        snapshots.append(_snapshot_of_ranks(kept_rows, client_keys.to_numpy(dtype=object), name_of))
    # Each window ends in its own month: merged at once, as month after month would merge them (merge
    # casts them all at once: a cast per window, ~10 ms of pandas' own work, cost more than the rows).
    return merge(empty_history(), pd.concat(snapshots, ignore_index=True), keep_top) if snapshots else empty_history()


def _kept_ranks(monthly: pd.DataFrame, name_order: np.ndarray, settings: Settings, keep_top: int) -> dict:
    """What History keeps of one window's ranking (ranks up to `keep_top` and every key client) as
    arrays in rank order: the window's month, client numbers, name places, rank, average, ABC, XYZ,
    the key flag, and the last month shipped with its amount.

    The same numbers as `ranked(monthly, names, …)` by the same helpers (shares, key_flags, the
    classes), on arrays: `ranked` builds its whole table in some sixty pandas steps, ~17 ms a
    window, and the seed ranks nine windows or more. `name_order`: each row's name as its place in
    the names' sorted order, the largest for a missing name.
    """
    months = list(monthly.columns)
    average = monthly.mean(axis=1).to_numpy()
    amounts = monthly.to_numpy(dtype="float64")
    # rank_clients' order: average and last month descending (negated, as pandas' own sort does),
    # then the name; a stable sort, as its mergesort, keeps full ties in their order.
    order = np.lexsort((name_order, -amounts[:, -1], -average))
    sorted_average = pd.Series(average[order])
    rank = np.arange(1, len(order) + 1)
    table = pd.DataFrame({"average": sorted_average, "rank": rank, "share": shares(sorted_average)})
    is_key = key_flags(table, settings).to_numpy()
    in_rank = (rank <= keep_top) | is_key  # the kept places in rank order
    kept = order[in_rank]  # and their rows of `monthly`
    # Already in descending order of average, abc_classes' own sort leaves it as it is.
    abc = abc_classes(sorted_average, settings.abc_a, settings.abc_b, settings.abc_boundary)
    if len(months) > 1:  # a client's variation is its own row's: computed in the rows' own order
        cv = coefficient_of_variation(monthly).to_numpy()[kept]
        xyz = xyz_classes(pd.Series(cv), settings.xyz_x, settings.xyz_y).to_numpy(dtype=object)
    else:  # one month has no variation to measure (as `ranked`)
        xyz = np.full(len(kept), "", dtype=object)
    last_month, any_shipped, last_amount = _last_shipped(amounts[kept], months)
    return {
        "month": np.full(len(kept), months[-1].ordinal, dtype="int64"),
        "client_key": monthly.index.to_numpy()[kept],
        "client": name_order[kept],
        "rank": rank[in_rank],
        "average": average[kept],
        "abc": abc.to_numpy(dtype=object)[in_rank],
        "xyz": xyz,
        "is_key": is_key[in_rank],
        "last_month": last_month,
        "any_shipped": any_shipped,
        "last_amount": last_amount,
    }


def _snapshot_of_ranks(windows: list[dict], client_key_of: np.ndarray, name_of: np.ndarray) -> pd.DataFrame:
    """The kept rows of every window (`_kept_ranks`) as `_snapshot_rows` makes them, in one frame:
    client numbers and name places become their texts."""
    rows = {name: np.concatenate([window[name] for window in windows]) for name in windows[0]}
    return pd.DataFrame(
        {
            "month": pd.PeriodIndex.from_ordinals(rows["month"], freq="M"),
            "client_key": client_key_of[rows["client_key"]],
            "client": name_of[rows["client"]],
            "rank": rows["rank"],
            "average": rows["average"],
            "abc": rows["abc"],
            "xyz": rows["xyz"],
            "is_key": rows["is_key"],
            "health": np.nan,
            "last_shipped": pd.PeriodIndex.from_ordinals(rows["last_month"], freq="M").where(rows["any_shipped"]),
            "last_amount": rows["last_amount"],
        }
    )


# Line columns any measure is computed from (ranking.measure_values): sums of sums are the same.
_MEASURE_COLUMNS = ("amount", "gross_profit", "cost", "quantity")


def _by_client_month(lines: pd.DataFrame, number: np.ndarray) -> pd.DataFrame:
    """The lines added up by client and month: each earlier window ranks these few rows
    instead of every line. The client's name stays the one on its first line.

    `number`: each line's client as a number (-1: none), grouped by instead of its text (half the
    time); the rows' client_key is that number.
    """
    columns = [c for c in _MEASURE_COLUMNS if c in lines]
    lines = lines[["client", "month", *columns]].assign(client_key=number)
    if (number < 0).any():  # a line without a client is in no group, as a missing key is in none
        lines = lines[number >= 0]
    return (
        lines.groupby(["client_key", "month"], sort=False, observed=True)
        .agg(client=("client", "first"), **{c: (c, "sum") for c in columns})
        .reset_index()
    )


# --- Reading History and the old month-snapshot sheets back from rows of cells -------------------


def _header_lookup(keys: dict[str, str]) -> dict[str, str]:
    """Normalised header text in either language → column."""
    return {normalise(text): column for column, key in keys.items() for text in all_translations(key)}


def _find_header_row(rows: list[list], lookup: dict[str, str], needed: set[str]) -> int | None:
    for index, row in enumerate(rows[:40]):
        found = {lookup.get(normalise(cell)) for cell in row}
        if needed <= found:
            return index
    return None


def _is_yes(values: pd.Series) -> pd.Series:
    return values.map(lambda v: v is True or (v is not False and normalise(v) in _YES)).astype(bool)


def _numbers(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype("float64")


def _months(values: pd.Series) -> pd.Series:
    """Month cells ('2026-10', a date) → periods; each distinct cell parsed once (History repeats them)."""
    cells = values.astype(object).where(values.notna(), None)
    parsed = {v: parse_month(v) for v in pd.unique(cells.to_numpy(dtype=object))}
    return pd.Series([parsed[v] for v in cells], index=values.index, dtype="period[M]")


def _table(rows: list[list], header_row: int) -> pd.DataFrame:
    width = max(len(row) for row in rows)
    cells = [list(row) + [None] * (width - len(row)) for row in rows[header_row + 1 :]]
    return pd.DataFrame(cells, dtype=object).replace({"": None})


def history_from_rows(rows: list[list]) -> pd.DataFrame:
    """History read back from its sheet (headers in either language). Empty when no header is found."""
    lookup = _header_lookup(HEADERS)
    header_row = _find_header_row(rows, lookup, {"month", "client", "rank"})
    if header_row is None:
        return empty_history()
    columns = {lookup[normalise(c)]: i for i, c in enumerate(rows[header_row]) if normalise(c) in lookup}
    cells = _table(rows, header_row)
    if cells.empty:
        return empty_history()
    col = {name: cells[i] if i in cells else pd.Series(None, index=cells.index) for name, i in columns.items()}
    names = col["client"].map(lambda v: None if v is None else " ".join(str(v).split()))
    frame = pd.DataFrame(
        {
            "month": _months(col["month"]),
            "client_key": client_key(names).astype(object),
            "client": names,
            "rank": _numbers(col["rank"]),
            "average": _numbers(col.get("average", pd.Series(np.nan, index=cells.index))),
            "abc": col.get("abc", pd.Series("", index=cells.index)).fillna("").astype(str),
            "xyz": col.get("xyz", pd.Series("", index=cells.index)).fillna("").astype(str),
            "is_key": _is_yes(col.get("is_key", pd.Series(None, index=cells.index))),
            "health": col.get("health", pd.Series(None, index=cells.index)),
            "last_shipped": _months(col.get("last_shipped", pd.Series(None, index=cells.index))),
            "last_amount": _numbers(col.get("last_amount", pd.Series(np.nan, index=cells.index))),
        }
    )
    frame = frame[frame["month"].notna() & frame["client"].notna() & frame["rank"].notna()]
    return frame.astype(_DTYPES).sort_values(["month", "rank"], kind="mergesort").reset_index(drop=True)


def _snapshot_name_pattern() -> re.Pattern:
    """'Снимок 2026-10' / 'Snapshot 2026-10', built from the catalogue's own sheet names."""
    month = re.escape("{month}")
    names = [re.escape(text).replace(month, r"(\d{4}-\d{2})") for text in TEXTS["sheet.snapshot"].values()]
    return re.compile(rf"^\s*(?:{'|'.join(names)})\s*$", re.IGNORECASE)


def snapshot_sheet_month(name: str) -> pd.Period | None:
    """The month of an old month-snapshot sheet from its name, or None for any other sheet."""
    match = _snapshot_name_pattern().match(name or "")
    if not match:
        return None
    return pd.Period(next(g for g in match.groups() if g), freq="M")


_SNAPSHOT_HEADERS = {
    "rank": "col.rank",
    "client": "col.client",
    "average": "col.average",
    "abc": "col.abc",
    "xyz": "col.xyz",
    "is_key": "col.key",
}


def snapshot_from_rows(name: str, rows: list[list], keep_top: int = KEEP_TOP) -> pd.DataFrame:
    """History rows of an old 'Снимок YYYY-MM' sheet (report/snapshot.py's layout), compacted.

    Its month columns ('авг 2026' …) give each client's last month with shipments. It has no
    health. Empty when the sheet is not such a snapshot.
    """
    month = snapshot_sheet_month(name)
    lookup = _header_lookup(_SNAPSHOT_HEADERS)
    header_row = _find_header_row(rows, lookup, {"rank", "client", "average"}) if month else None
    if header_row is None:
        return empty_history()
    headers = rows[header_row]
    columns = {lookup[normalise(c)]: i for i, c in enumerate(headers) if normalise(c) in lookup}
    month_columns = {i: m for i, c in enumerate(headers) if (m := parse_month(c)) is not None}
    cells = _table(rows, header_row)
    cells = cells[cells[columns["client"]].notna() & _numbers(cells[columns["rank"]]).notna()]
    if cells.empty:
        return empty_history()
    amounts = pd.DataFrame({m: _numbers(cells[i]) for i, m in month_columns.items()}).fillna(0.0)
    shipped = amounts > 0
    if len(month_columns):
        last = shipped.iloc[:, ::-1].idxmax(axis=1).where(shipped.any(axis=1))
        last_amount = pd.Series(
            [amounts.at[i, m] if pd.notna(m) else np.nan for i, m in last.items()], index=cells.index
        )
    else:
        last, last_amount = pd.Series(None, index=cells.index), pd.Series(np.nan, index=cells.index)
    names = cells[columns["client"]].map(lambda v: " ".join(str(v).split()))
    frame = pd.DataFrame(
        {
            "month": pd.PeriodIndex([month] * len(cells), freq="M"),
            "client_key": client_key(names).astype(object).to_numpy(),
            "client": names.to_numpy(dtype=object),
            "rank": _numbers(cells[columns["rank"]]).to_numpy(),
            "average": _numbers(cells[columns["average"]]).to_numpy(),
            "abc": cells[columns["abc"]].fillna("").astype(str).to_numpy() if "abc" in columns else "",
            "xyz": cells[columns["xyz"]].fillna("").astype(str).to_numpy() if "xyz" in columns else "",
            "is_key": _is_yes(cells[columns["is_key"]]).to_numpy() if "is_key" in columns else False,
            "health": np.nan,
            "last_shipped": pd.PeriodIndex(last.to_numpy(dtype=object), freq="M"),
            "last_amount": last_amount.to_numpy(dtype="float64"),
        }
    ).astype(_DTYPES)
    return compact(frame, keep_top).reset_index(drop=True)


def history_from_snapshot_sheets(sheets: Iterable[tuple[str, list[list]]], keep_top: int = KEEP_TOP) -> pd.DataFrame:
    """History seeded from a workbook's old snapshot sheets, given as (sheet name, rows); other sheets are ignored."""
    history = empty_history()
    for name, rows in sheets:
        rows_of_month = snapshot_from_rows(name, rows, keep_top)
        if len(rows_of_month):
            history = merge(history, rows_of_month, keep_top)
    return history
