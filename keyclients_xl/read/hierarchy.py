"""Grouped 1C reports whose clients are group rows: `Контрагент` over `Номенклатура`.

1C's sales report grouped by client, then by product, writes one row per client holding its
subtotals and, under it, one row per product. The groupings' names are stacked in the label
column's header (`Контрагент`, and `Номенклатура` on the row below it), and the title says
`Группировки строк: Контрагент, Номенклатура`. Read as a flat list, the products would be
clients and every amount would count twice (or, the client rows being subtotals, the products
alone would be ranked as clients). Here every row under a client is read as that client's.

Which rows are the clients' own comes from Excel's outline levels where the file has them (1C
stores its groups so); without levels (CSV, .xls, .ods) from the subtotals themselves: a client
row holds the sum of the rows under it in every month, to the cent. No library reads report
hierarchies, so this is ours.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from .headers import ROLES, normalise, role_score

# 'Группировки строк: Контрагент (Иерархия), Номенклатура' in the title block.
_TITLE_GROUPINGS = re.compile(r"(?i)^\s*(?:группировк[аи] строк|row groupings?|row groups?)\s*:\s*(.+)$")
_HIERARCHY_WORD = re.compile(r"(?i)\((?:иерархия|hierarchy)\)")


def grouping_role(text: object, exact: bool = False) -> str | None:
    """The role a grouping's name gives (client, sku, manager …), None when it names none.
    `exact`: only a name that is the role's word itself (`Номенклатура`, not `ООО Клиент 7`)."""
    name = normalise(_HIERARCHY_WORD.sub("", str(text or "")))
    scores = {role: role_score(name, role) for role in ROLES}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] >= (_EXACT if exact else 1) else None


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


def depths_from_subtotals(values: np.ndarray, rows: np.ndarray) -> np.ndarray | None:
    """Depths of a two-level table without outline levels, told by its sums: from the first of
    `rows` (the rows with values, in order), each client row is followed by the rows whose sum,
    in every column, is its own, to the cent; the next row after them is the next client.

    Returns depth 0 for the client rows and 1 for the rows under them (-1 elsewhere), or None
    when the rows do not parse so, or make one group only (then the table is not one of these)."""
    cents = np.rint(np.nan_to_num(values[rows], nan=0.0) * 100).astype(np.int64)
    running = np.vstack([np.zeros((1, cents.shape[1]), dtype=np.int64), np.cumsum(cents, axis=0)])
    seen = defaultdict(list)  # a running sum (as bytes) → the positions it is reached at, in order
    for position, row in enumerate(running):
        seen[row.tobytes()].append(position)
    depth = np.full(len(values), -1)
    position = 0
    while position < len(rows):
        # The client at `position`: its rows end where the running sum has grown by its own values.
        target = (running[position + 1] + cents[position]).tobytes()
        ends = seen.get(target, [])
        end = ends[bisect_right(ends, position + 1)] if bisect_right(ends, position + 1) < len(ends) else None
        if end is None:
            return None
        depth[rows[position]] = 0
        depth[rows[position + 1 : end]] = 1
        position = end
    return depth if (depth == 0).sum() >= 2 else None  # one row the sum of all others: a total, not a client


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
    A folder of clients above (1C's `Контрагент (Иерархия)`: `Покупатели`, a region) is further
    up and changes nothing. A data row with no ancestor so far up is a client of its own."""
    client = np.full(len(entity), None, dtype=object)
    detail = np.zeros(len(entity), dtype=bool)
    subtotals = np.zeros(len(entity), dtype=bool)
    path: dict[int, int] = {}  # outline level → the last row met at it, above the current row
    for row in range(len(entity)):  # a few thousand rows of a by-month table
        if entity[row] is None and not rows[row]:
            continue
        here = int(level[row])
        path = {lvl: at for lvl, at in path.items() if lvl < here}
        if rows[row]:
            above = sorted(path, reverse=True)
            if len(above) >= up:
                ancestor = path[above[up - 1]]
                client[row], detail[row], subtotals[ancestor] = entity[ancestor], True, True
            else:
                client[row] = entity[row]
        path[here] = row
    return ClientGroups(client, detail, subtotals, int(subtotals.sum()), inner, inner_is_sku)


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
