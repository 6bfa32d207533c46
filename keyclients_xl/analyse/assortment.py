"""Top assortment: which of the company's best-selling SKUs each key client buys, and which it does not.

The top SKUs are those making the first X % of the company's sales in the window (the SKU
crossing X % belongs, the boundary rule of the ABC classes), or the user's own list. A key
client's white space is the top SKUs it does not buy, best sellers first: the first
place to grow.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..read.layout import text_cells
from .alerts import Alert
from .phrases import Names
from .ranking import Analysis, ClientNumbers, client_numbers, in_months, in_months_numbered, upper_class

TOP_COLUMNS = (
    "sku",  # the SKU as first spelled in the lines (or in the user's list)
    "sku_key",  # its identity: trimmed, single-spaced, case-folded
    "amount",  # the company's sales of it in the window (net of returns; 0 for a listed SKU not sold)
    "share",  # amount / the company's positive SKU sales in the window
    "cum_share",  # running share, best seller first
    "rank",  # 1 = best seller
)

CLIENT_COLUMNS = (
    "client_key",
    "client",
    "rank",  # the client's rank in the ranking
    "top_bought",  # top SKUs the client bought in the window (net amount > 0)
    "top_total",  # how many top SKUs there are
    "coverage",  # top_bought / top_total (NaN without top SKUs)
    "top_share",  # share of the client's window purchases that are top SKUs (NaN when it bought nothing)
    "white_space",  # tuple of the top SKUs it does not buy, ordered by company-wide sales
    "white_space_count",  # len(white_space)
)

# Without these columns there is nothing to measure: the sheet asks for document lines with Номенклатура.
NEEDED_COLUMNS = ("sku",)


@dataclass
class Assortment:
    """`top`: TOP_COLUMNS, one row per top SKU; `clients`: CLIENT_COLUMNS, one row per key client by rank.

    `needs` names the columns missing from the data (then both frames are empty); `unsold`
    the SKUs of a user's list that nobody bought in the window.
    """

    top: pd.DataFrame
    clients: pd.DataFrame
    needs: tuple[str, ...] = ()
    unsold: tuple[str, ...] = field(default_factory=tuple)

    @property
    def available(self) -> bool:
        return not self.needs


def sku_key(skus: pd.Series) -> pd.Series:
    """The identity of a SKU: single-spaced, case-folded text, ids stored as floats read as integers (NaN stays NaN).

    Computed once per distinct value: a long export repeats a few hundred SKUs.
    """
    codes, keys = _distinct_keys(skus)
    keyed = np.append(keys, None)[codes]  # code -1 (a blank cell) takes the None at the end
    return pd.Series(keyed, index=skus.index, dtype=object)


def sku_codes(skus: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Each SKU's place among the distinct SKU keys (sku_key) sorted, -1 for a blank; and those keys.

    Grouping by the places groups as by the keys and in their order, without a key text per line
    to hash.
    """
    codes, keys = _distinct_keys(skus)
    places, sorted_keys = pd.factorize(pd.Series(keys, dtype=object), sort=True)
    return np.append(places, -1)[codes], pd.Index(sorted_keys, dtype=object, name="sku_key")


def _distinct_keys(skus: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the SKUs into distinct values (-1: blank), and each distinct value's sku_key."""
    if isinstance(skus.dtype, pd.CategoricalDtype):  # the lines' SKU column: its categories' keys are made once
        categories = skus.dtype.categories
        return skus.cat.codes.to_numpy(), _category_keys(str(categories.dtype), tuple(categories.tolist()))
    codes, distinct = pd.factorize(skus, use_na_sentinel=True)
    return codes, _folded_keys(distinct)


def _folded_keys(values) -> np.ndarray:
    return text_cells(pd.Series(values, dtype=object)).str.casefold().to_numpy(dtype=object)


@functools.lru_cache(maxsize=4)
def _category_keys(dtype: str, categories: tuple) -> np.ndarray:
    """The keys of a SKU column's categories (in their order; their dtype apart, as 1 == 1.0 == True):
    the metrics key the window's SKUs four times, each a slice of the same column, and 2,000 SKUs
    cleaned each time cost 15 ms."""
    return _folded_keys(categories)


def has_skus(lines: pd.DataFrame) -> bool:
    return "sku" in lines and lines["sku"].notna().any()


def top_skus(
    lines: pd.DataFrame, months: list[pd.Period], share: float = 80.0, user_list: list[str] | None = None
) -> pd.DataFrame:
    """The top SKUs (TOP_COLUMNS), best seller first.

    share: % of the company's window sales the top SKUs make. user_list: the user's own top
    list instead (blank entries and repeats ignored; SKUs nobody bought stay, with amount 0).
    """
    in_window = in_months(lines, months)[["sku", "amount"]]  # no other column copied
    # Grouped by the places of the SKU keys in their sorted order (sku_codes), not by the key texts:
    # the same groups, in the same order, each summed over the same lines in the same order.
    places, keys = sku_codes(in_window["sku"])
    keyed = in_window[places >= 0]  # a blank SKU, or one whose key is blank, is in no group
    sales = keyed.groupby(places[places >= 0]).agg(sku=("sku", "first"), amount=("amount", "sum"))
    sales = sales.set_axis(pd.Index(keys.take(sales.index).to_numpy(), name="sku_key"))  # its dtype inferred again
    positive = sales["amount"].clip(lower=0).sum()  # every SKU's, also when a user's list replaces them
    if user_list:
        wanted = pd.Series(list(user_list), dtype=object)
        wanted = pd.DataFrame({"sku": text_cells(wanted.where(wanted.notna(), None)), "sku_key": sku_key(wanted)})
        wanted = wanted.dropna().drop_duplicates("sku_key").set_index("sku_key")
        sales = wanted.assign(amount=sales["amount"].reindex(wanted.index).fillna(0.0))
    sales = sales.reset_index().sort_values(["amount", "sku_key"], ascending=[False, True], kind="mergesort")
    shares = sales["amount"].clip(lower=0) / positive if positive > 0 else sales["amount"] * 0.0
    sales = sales.assign(share=shares, cum_share=shares.cumsum())
    if not user_list:
        sales = sales[upper_class(sales["share"], share / 100) & (sales["amount"] > 0)]
    return sales.assign(rank=np.arange(1, len(sales) + 1))[list(TOP_COLUMNS)].reset_index(drop=True)


def coverage(client_skus: pd.DataFrame | pd.Series, top: pd.Series) -> pd.Series:
    """Per row of SKUs a client bought (one client per row, blank cells ignored): the share of the
    distinct top SKUs among them. NaN when there are no top SKUs. A Series is one client.

    The core of the KC_COVERAGE worksheet function; SKUs match trimmed and case-folded.
    """
    frame = client_skus.to_frame().T if isinstance(client_skus, pd.Series) else client_skus
    top_keys = set(sku_key(pd.Series(list(top), dtype=object)).dropna())
    if not top_keys:
        return pd.Series(np.nan, index=frame.index)
    long = frame.stack().dropna()
    keys = sku_key(long.astype(object))
    matched = keys[keys.isin(top_keys)]
    bought = matched.groupby(level=0).nunique().reindex(frame.index, fill_value=0)
    return (bought / len(top_keys)).astype(float)


def assortment(
    lines: pd.DataFrame, analysis: Analysis, share: float = 80.0, user_list: list[str] | None = None
) -> Assortment:
    """Top SKUs and, per key client, how many of them it buys, their share of its purchases, its white space."""
    if not has_skus(lines):
        return Assortment(
            pd.DataFrame(columns=list(TOP_COLUMNS)), pd.DataFrame(columns=list(CLIENT_COLUMNS)), NEEDED_COLUMNS
        )
    months = analysis.months
    top = top_skus(lines, months, share, user_list)
    key = analysis.key[["client_key", "client", "rank"]]
    # By month first: the key clients are then looked up among the window's lines, not all of them.
    # The key clients found by the build's client numbers (client_numbers), cut with the window.
    in_window, number = in_months_numbered(lines, months)
    numbers = ClientNumbers(number, client_numbers(lines).keys)
    theirs = numbers.lines_of(key["client_key"])
    in_window = in_window.loc[theirs, ["sku", "amount"]]  # no other column copied
    # Grouped by the places of the clients and of the SKU keys (sku_codes), not by their texts:
    # the same groups, each summed in the same order; the sums are labelled by client after. The
    # clients are numbered in the order of their first line, as pd.factorize of the texts numbers them.
    clients_at, first = pd.factorize(number[theirs])
    client_keys = numbers.keys.take(first)
    skus_at, sku_keys = sku_codes(in_window["sku"])
    top_at = sku_keys.get_indexer(top["sku_key"])  # -1: no key client's line has that SKU
    is_top = np.zeros(len(sku_keys) + 1, dtype=bool)  # the last place stands for a blank SKU (-1)
    is_top[top_at[top_at >= 0]] = True
    amount = in_window["amount"]
    on_top_line, has_sku = is_top[skus_at], skus_at >= 0
    per_sku = amount[has_sku].groupby([clients_at[has_sku], skus_at[has_sku]]).sum()
    bought = per_sku[(per_sku > 0).to_numpy() & is_top[per_sku.index.get_level_values(1)]]
    bought_skus = pd.Series(bought.index.get_level_values(1), index=bought.index.get_level_values(0))

    def by_client(values: pd.Series) -> pd.Series:
        return values.set_axis(client_keys.take(values.index))

    total = by_client(amount.groupby(clients_at).sum())
    on_top = by_client(amount[on_top_line].groupby(clients_at[on_top_line]).sum())
    counts = by_client(bought_skus.groupby(level=0).size())
    # A dict: it is looked up once per key client and top SKU.
    taken = by_client(bought_skus.groupby(level=0).agg(frozenset)).to_dict()
    top_total = len(top)
    top_skus_in_order = list(zip(top_at.tolist(), top["sku"], strict=True))
    clients = key.assign(
        top_bought=key["client_key"].map(counts).fillna(0).astype(int),
        top_total=top_total,
        white_space=[
            tuple(sku for code, sku in top_skus_in_order if code not in taken.get(client, frozenset()))
            for client in key["client_key"]
        ],
    )
    purchases = key["client_key"].map(total)
    clients = clients.assign(
        coverage=clients["top_bought"] / top_total if top_total else np.nan,
        top_share=(key["client_key"].map(on_top).fillna(0.0) / purchases.where(purchases > 0)).astype(float),
        white_space_count=clients["white_space"].map(len),
    )
    unsold = tuple(top.loc[top["amount"] <= 0, "sku"]) if user_list else ()
    return Assortment(top, clients[list(CLIENT_COLUMNS)].reset_index(drop=True), (), unsold)


def low_assortment_alerts(clients: pd.DataFrame, threshold: float = 50.0, shown: int = 5) -> list[Alert]:
    """Alert `low_assortment` for a key client buying fewer than `threshold` % of the top SKUs.

    Severity: medium below half the threshold, low otherwise. The action offers the first
    `shown` SKUs of its white space. values: top_bought, top_total, coverage,
    white_space (the SKUs named), white_space_count.
    """
    low = clients[clients["coverage"] < threshold / 100 - 1e-12]
    return [
        Alert(
            row["client_key"],
            row["client"],
            "low_assortment",
            "medium" if row["coverage"] < threshold / 200 - 1e-12 else "low",
            {
                "top_bought": int(row["top_bought"]),
                "top_total": int(row["top_total"]),
                "coverage": float(row["coverage"]),
                "white_space": list(row["white_space"][:shown]),
                "white_space_count": int(row["white_space_count"]),
            },
            params={
                "missing": int(row["top_total"] - row["top_bought"]),
                "total": int(row["top_total"]),
                "skus": Names(tuple(row["white_space"][:shown])),
            },
        )
        for row in low.to_dict("records")
    ]
