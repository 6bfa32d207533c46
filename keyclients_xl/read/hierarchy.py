"""Grouped 1C reports whose clients are group rows: `Контрагент` over `Номенклатура`.

1C's sales report grouped by client, then by product, writes one row per client holding its
subtotals and, under it, one row per product. The groupings' names are stacked in the label
column's header (`Контрагент`, and `Номенклатура` on the row below it), and the title says
`Группировки строк: Контрагент, Номенклатура`. Read as a flat list, the products would be
clients and every amount would count twice (or, the client rows being subtotals, the products
alone would be ranked as clients). Here every row under a client is read as that client's.

Which rows are the clients' own comes from Excel's outline levels where the file has them (1C
stores its groups so); without levels (CSV, .xls, .ods) from the subtotals themselves: a client
row holds the sum of the rows under it in every month (to the last decimal, or within each
cell's rounding in a report in thousands). 1C may also lay the groupings side by side, the
client and the product in columns of their own (`groups_by_columns`). The receivables reader
tells region rows over its clients by the same sums. No library reads report hierarchies, so
this is ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .headers import LINE_ROLES, ROLES, normalise, role_score

# The kinds 1C names its documents by, as their names open («Реализация товаров и услуг 00УТ-000123
# от 15.08.2026», «Счет на оплату № 12»): the sales and the receivables readers tell documents by them.
DOCUMENT_WORDS = (
    r"реализация|счет|сч\.|упд|накладная|отгрузка|поступление|возврат|корректировка|заказ|"
    r"платежн\w*\s+поручени\w*|приходный кассовый|оплата|акт|документ|invoice|contract|credit note"
)

# 'Группировки строк: Контрагент (Иерархия), Номенклатура' in the title block.
_TITLE_GROUPINGS = re.compile(r"(?i)^\s*(?:группировк[аи] строк|row groupings?|row groups?)\s*:\s*(.+)$")
_HIERARCHY_WORD = re.compile(r"(?i)\((?:иерархия|hierarchy)\)")


# 1C groupings that are no column role of ours: what a client's rows may be split by.
OTHER_GROUPINGS = frozenset(
    (
        "договор", "договор контрагента", "соглашение", "документ", "документ продажи", "регистратор",
        "заказ", "заказ клиента", "реализация", "склад", "подразделение", "организация", "регион",
        "город", "канал сбыта", "сегмент", "номенклатурная группа", "вид номенклатуры",
        "характеристика", "серия", "партия", "contract", "document", "order", "warehouse", "region",
    )
)  # fmt: skip


def grouping_role(text: object, exact: bool = False) -> str | None:
    """The role a grouping's name gives (client, sku, manager …; "grouping" for one of
    OTHER_GROUPINGS), None when it names none. `exact`: only a name that is the role's word
    itself (`Номенклатура`, not `ООО Клиент 7`)."""
    name = normalise(_HIERARCHY_WORD.sub("", str(text or "")))
    scores = {role: role_score(name, role) for role in ROLES if role not in LINE_ROLES}
    best = max(scores, key=scores.__getitem__)
    if scores[best] >= (_EXACT if exact else 1):
        return best
    return "grouping" if name in OTHER_GROUPINGS else None


_EXACT = 1000  # role_score of a header that is one of the role's words


def title_groupings(lines: list[str]) -> list[str]:
    """The row groupings a 1C title line names, outermost first ([] when none does)."""
    for line in lines:
        match = _TITLE_GROUPINGS.match(line)
        if match:
            return [part.strip() for part in match.group(1).split(",") if part.strip()]
    return []


@dataclass(frozen=True)
class ClientGroups:
    """The rows of a grouped report as they count. `client`: the client each row counts for
    (None for a row that does not count); `detail`: the row is under its client, its label the
    inner grouping's (`Номенклатура`: the line's SKU when `inner_is_sku`); `subtotals`: group
    rows whose amounts are the sum of the rows under them, never counted; `clients`: how many
    clients have rows under them."""

    client: np.ndarray
    detail: np.ndarray
    subtotals: np.ndarray
    clients: int
    inner: str | None = None
    inner_is_sku: bool = False
    inner_labels: np.ndarray | None = None  # the detail rows' labels, where not in the client's column


DECIMALS_MAX = 4  # amounts finer than this are not a report's rounding


def _decimals(values: np.ndarray) -> int:
    """The fewest decimals the amounts are written with (2 for kopecks, 1 or 0 for 'тыс. руб.')."""
    for decimals in range(DECIMALS_MAX + 1):
        scaled = values * 10**decimals
        if np.all(np.abs(scaled - np.rint(scaled)) < 1e-6):
            return decimals
    return DECIMALS_MAX


def depths_from_subtotals(values: np.ndarray, rows: np.ndarray) -> np.ndarray | None:
    """Depths of a two-level table without outline levels, told by its sums: from the first of
    `rows` (the rows with values, in order), each client row is followed by the rows whose sum,
    in every column, is its own; the next row after them is the next client.

    Sums match to the amounts' last decimal, give or take each row's rounding: a report in
    'тыс. руб.' with one decimal rounds every cell, so a client's 2,1 may head 1,0 and 1,0
    (within half a unit per row). Returns depth 0 for the client rows and 1 for the rows under
    them (-1 elsewhere), or None when the rows do not parse so, or make one group only (then the
    table is not one of these)."""
    amounts = np.nan_to_num(values[rows], nan=0.0)
    scale = 10 ** _decimals(amounts)
    if not len(amounts) or np.abs(amounts).max() * scale >= 2**62:  # no sums to compare in whole units
        return None
    units = np.rint(amounts * scale).astype(np.int64)
    running = np.vstack([np.zeros((1, units.shape[1]), dtype=np.int64), np.cumsum(units, axis=0)])
    for exact in (True, False):  # the rounding's leeway only where exact sums do not parse
        starts = _client_starts(running, units, len(rows), exact)
        if starts is not None:
            depth = np.full(len(values), -1)
            depth[rows] = 1
            depth[rows[starts]] = 0
            return depth if len(starts) >= 2 else None  # one row the sum of all others: a total
    return None


def _client_starts(running: np.ndarray, units: np.ndarray, count: int, exact: bool) -> list[int] | None:
    """The positions of the client rows, when the `count` rows parse into clients each followed
    by the rows that add up to it; None when they do not. A client's rows may add up early and
    go on (a product at 0, a return after the sales): a later end is tried when the rest does
    not parse from the first. Whether the rows from a position parse does not depend on how it
    was reached, so a position that failed once is not tried again (each end is looked at once)."""
    tried: dict[int, int] = {}  # a client row's position → the last end tried for it
    failed: set[int] = set()
    starts: list[int] = []
    position = 0
    while position < count:
        end = None if position in failed else _group_end(running, units, position, exact, tried.get(position))
        while end is not None and end in failed:
            end = _group_end(running, units, position, exact, end)
        if end is None:
            failed.add(position)
            if not starts:
                return None
            position = starts.pop()  # its next end, after the one that led here
            continue
        tried[position] = end
        starts.append(position)
        position = end
    return starts


def _group_end(
    running: np.ndarray, units: np.ndarray, position: int, exact: bool, after: int | None = None
) -> int | None:
    """Where the rows under the client at `position` end: the first end (after `after`) at which
    their sum is the client's own (exactly, or within half a unit per row and half for the
    client's rounding)."""
    start = running[position + 1]
    window = 64
    first = position + 2 if after is None else after + 1  # at least one row under the client
    while first < len(running):
        ends = np.arange(first, min(first + window, len(running)))
        gap = np.abs(running[ends] - start - units[position]).max(axis=1)
        allowed = 0 if exact else (ends - position - 1) // 2  # |Σ rounded − rounded Σ| < (rows + 1) × ½
        hits = np.flatnonzero(gap <= allowed)
        if len(hits):
            return int(ends[hits[0]])
        first, window = first + window, window * 8
    return None


def depths_under_labels(label_only: np.ndarray, with_values: np.ndarray) -> np.ndarray | None:
    """Depths of a two-level table whose client rows carry no amounts (1C without group totals):
    0 for each label-only row, 1 for the rows with amounts after it. None when a row with
    amounts comes before any client row, or no client row has rows under it."""
    first_value = np.flatnonzero(with_values)
    first_label = np.flatnonzero(label_only)
    if not len(first_value) or not len(first_label) or first_label[0] > first_value[0]:
        return None
    depth = np.full(len(label_only), -1)
    depth[label_only] = 0
    depth[with_values] = 1
    return depth


def groups_from_levels(
    entity: np.ndarray, level: np.ndarray, rows: np.ndarray, up: int, inner: str, inner_is_sku: bool
) -> ClientGroups:
    """Clients by Excel's outline: each of the data `rows` (bool, the rows with amounts) counts
    for its ancestor `up` levels above it, the client (1 for `Контрагент` over `Номенклатура`).
    The clients' outline level is the one most of those ancestors sit at: a row at that level
    with nothing under it is a client of its own (not a product of the folder above it), and a
    folder of clients above (1C's `Контрагент (Иерархия)`: `Покупатели`, a region) changes nothing."""
    client = np.full(len(entity), None, dtype=object)
    detail = np.zeros(len(entity), dtype=bool)
    subtotals = np.zeros(len(entity), dtype=bool)
    ancestors = _ancestors(entity, level, rows, up)
    found = [int(level[at]) for at in ancestors.values() if at is not None]
    client_level = max(set(found), key=found.count) if found else None
    for row, ancestor in ancestors.items():
        if ancestor is None or int(level[row]) <= (client_level if client_level is not None else -1):
            client[row] = entity[row]  # at the clients' level (or with none above): a client's own row
        else:
            client[row], detail[row], subtotals[ancestor] = entity[ancestor], True, True
    return ClientGroups(client, detail, subtotals, int(subtotals.sum()), inner, inner_is_sku)


def _ancestors(entity: np.ndarray, level: np.ndarray, rows: np.ndarray, up: int) -> dict[int, int | None]:
    """Each data row → its ancestor `up` levels above it in the outline (None: none so far up)."""
    ancestors: dict[int, int | None] = {}
    path: dict[int, int] = {}  # outline level → the last row met at it, above the current row
    for row in range(len(entity)):  # a few thousand rows of a by-month table
        if entity[row] is None and not rows[row]:
            continue
        here = int(level[row])
        path = {lvl: at for lvl, at in path.items() if lvl < here}
        if rows[row]:
            above = sorted(path, reverse=True)
            ancestors[row] = path[above[up - 1]] if len(above) >= up else None
        path[here] = row
    return ancestors


def groups_from_depths(
    entity: np.ndarray, depth: np.ndarray, client_depth: int, inner: str | None, inner_is_sku: bool
) -> ClientGroups:
    """The rows of a two-level table without an outline (`depth` from depths_from_subtotals or
    depths_under_labels). `client_depth` 0: each row at depth 1 counts for the client row above
    it (`Контрагент` over `Номенклатура`); 1: the rows at depth 0 are subtotals over clients
    (`Менеджер` over `Контрагент`), and each client counts as itself."""
    if client_depth == 1:
        counted = depth == 1
        client = np.where(counted, entity, None)
        return ClientGroups(client, np.zeros(len(entity), dtype=bool), depth == 0, 0)
    client = np.full(len(entity), None, dtype=object)
    subtotals = np.zeros(len(entity), dtype=bool)
    current = None
    for row in np.flatnonzero(depth >= 0):
        if depth[row] == 0:
            current = row
        elif current is not None:
            client[row], subtotals[current] = entity[current], True
    return ClientGroups(client, depth == 1, subtotals, int(subtotals.sum()), inner, inner_is_sku)


def groups_by_columns(
    entity: np.ndarray,
    inner_labels: np.ndarray,
    amounts: np.ndarray,
    with_values: np.ndarray,
    inner: str,
    inner_is_sku: bool,
) -> ClientGroups | None:
    """Clients in one column and the inner grouping in the next (1C's groupings laid out side by
    side): a client's row has its name and no inner label, and carries nothing or the subtotal
    of the rows under it, which have an inner label and no client name (or the same name again).
    A client's row with amounts that are not their sum is a row of its own (a service), and the
    rows after it are not its. None when no row is under a client so (a flat table)."""
    client = np.full(len(entity), None, dtype=object)
    detail = np.zeros(len(entity), dtype=bool)
    subtotals = np.zeros(len(entity), dtype=bool)
    under: dict[int, list[int]] = {}  # a client's row → the rows with amounts after it that may be its
    current, flat, repeated = None, 0, 0
    for row in range(len(entity)):  # a few thousand rows of a by-month table
        named, labelled = entity[row] is not None, inner_labels[row] is not None
        if named and not labelled:
            current = row
            under[row] = []
        elif labelled and current is not None and (not named or entity[row] == entity[current]):
            if with_values[row]:
                under[current].append(row)
                repeated += named
        else:
            current = None
            if named and with_values[row]:
                client[row] = entity[row]
                flat += labelled
    if repeated and flat:  # rows that name both, under no client row: a flat table, with some rows lacking the label
        return None
    amounts = np.nan_to_num(amounts, nan=0.0)
    unit = 10.0 ** -_decimals(amounts[with_values]) if with_values.any() else 0.01
    for head, rows in under.items():
        if not rows:
            client[head] = entity[head] if with_values[head] else None  # a client with nothing under it
            continue
        total = amounts[rows].sum(axis=0)
        if with_values[head] and not np.all(np.abs(total - amounts[head]) <= unit * (len(rows) + 1) / 2 + 1e-9):
            client[head] = entity[head]  # its own amounts; the rows after it name a client or none
            for row in rows:
                client[row] = entity[row]
            continue
        client[rows], detail[rows], subtotals[head] = entity[head], True, True
    if not detail.any():
        return None
    return ClientGroups(client, detail, subtotals, int(subtotals.sum()), inner, inner_is_sku, inner_labels)
