"""Trade terms: each key client's discount against the list price, its price index against the
other clients, and when its terms were last reviewed (the method's "review prices quarterly").

A line's price is its `price` column, or amount / quantity where the export has no price.
Only sales lines (quantity > 0) with a known price count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..i18n import Count
from ..read.clients import client_key
from ..read.layout import text_cells
from ..read.notes import Note
from .alerts import Alert
from .assortment import sku_codes
from .ranking import Analysis, client_numbers, in_months_numbered

TERMS_COLUMNS = (
    "client_key",
    "client",
    "rank",
    "discount",  # 1 - Σ price·qty / Σ list_price·qty over its window lines with a list price (NaN without)
    "price_index",  # Σ price·qty / Σ others' average price·qty over SKUs others bought too: 0.95 = 5 % cheaper
    "index_skus",  # how many SKUs the price index compares
    "last_review",  # date of the last terms review (NaT: none on record)
    "review_note",  # its note ('' when none)
    "days_since_review",  # days from last_review to `on` (Int64, <NA> when none)
    "review_due",  # True when there is no review or it is older than review_days
)

# The columns each measure needs (roles of the reader): said on the sheet when they are missing.
DISCOUNT_NEEDS = ("list_price", "quantity")
INDEX_NEEDS = ("sku", "quantity")
# The line columns the measures read.
TERMS_LINE_COLUMNS = ("client_key", "sku", "amount", "quantity", "price", "list_price")


@dataclass
class TradeTerms:
    """`table`: TERMS_COLUMNS, one row per key client by rank. `needs`: for 'discount' and
    'price_index', the columns the data lacks for them (a measure absent here is computed)."""

    table: pd.DataFrame
    needs: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _missing(lines: pd.DataFrame, roles: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(role for role in roles if role not in lines or not lines[role].notna().any())


def priced_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """Sales lines with a known unit price: `unit_price` is price, or amount / quantity where price is blank."""
    if "quantity" not in lines:
        return lines.iloc[0:0].assign(unit_price=pd.Series(dtype=float))
    price = lines["price"] if "price" in lines else pd.Series(np.nan, index=lines.index)
    sales = lines.assign(unit_price=price.fillna(lines["amount"] / lines["quantity"].where(lines["quantity"] > 0)))
    return sales[(sales["quantity"] > 0) & sales["unit_price"].notna()]


def discounts(priced: pd.DataFrame, keys: pd.Index | None = None) -> pd.Series:
    """Per client: 1 - Σ price·qty / Σ list_price·qty over its lines with a positive list price.

    `keys`: the client keys sorted, when the lines name their clients by their places in them
    (`client_place`, as trade_terms gives them) instead of by client_key.
    """
    listed = priced[priced["list_price"] > 0]
    clients = listed["client_key"] if keys is None else listed["client_place"]
    paid = (listed["unit_price"] * listed["quantity"]).groupby(clients).sum()
    listed_value = (listed["list_price"] * listed["quantity"]).groupby(clients).sum()
    discount = 1 - paid / listed_value
    return discount if keys is None else discount.set_axis(pd.Index(keys.take(discount.index), name="client_key"))


def price_indices(priced: pd.DataFrame, keys: pd.Index | None = None) -> pd.DataFrame:
    """Per client: its prices against the same SKUs sold to all other clients, weighted by its quantities.

    index = Σ_s value_cs / Σ_s qty_cs · others_price_s, where others_price_s is the other
    clients' quantity-weighted average price of SKU s; SKUs nobody else bought are left out.
    Columns: price_index, index_skus; indexed by client_key. `keys`: as for `discounts`.
    """
    # Grouped by the places of the client and SKU keys in their sorted order: the groups, and the
    # order each sum adds its lines in, are those of a grouping by the texts, which cost more.
    skus, _ = sku_codes(priced["sku"])
    if keys is None:
        clients, client_keys = pd.factorize(priced["client_key"], sort=True)
    else:  # places in the sorted keys: numbered in the same order, without the texts
        clients, client_keys = priced["client_place"].to_numpy(), keys
    known = (skus >= 0) & (clients >= 0)
    lines = priced[known]
    values = pd.DataFrame({"quantity": lines["quantity"], "value": lines["unit_price"] * lines["quantity"]})
    per_client = values.groupby([clients[known], skus[known]]).sum().rename_axis(["client_key", "sku_key"])
    per_sku = per_client.groupby(level="sku_key").sum()
    # per_sku is indexed by the SKU level's own (sorted) labels: its rows are taken by the level's
    # codes, not looked up by 100,000 texts.
    skus = per_client.index.levels[1]
    if per_sku.index.equals(skus):
        totals = pd.DataFrame(per_sku.to_numpy()[per_client.index.codes[1]], per_client.index, per_sku.columns)
    else:
        totals = per_sku.reindex(per_client.index.get_level_values("sku_key")).set_axis(per_client.index)
    others_qty = totals["quantity"] - per_client["quantity"]
    others_price = (totals["value"] - per_client["value"]) / others_qty.where(others_qty > 1e-9)
    compared = per_client.assign(at_others=per_client["quantity"] * others_price)[others_price.notna()]
    by_client = compared.groupby(level="client_key")  # one grouping for the sums and the counts
    sums = by_client[["value", "at_others"]].sum()
    index = pd.DataFrame(
        {
            "price_index": sums["value"] / sums["at_others"].where(sums["at_others"] > 0),
            "index_skus": by_client.size(),
        }
    )
    return index.set_axis(pd.Index(client_keys.take(index.index), name="client_key"))


def review_keys(reviews: pd.DataFrame) -> pd.Series:
    """The client_key of each review, folded from its client name as the lines' names are."""
    return client_key(text_cells(reviews["client"].astype(object).where(reviews["client"].notna(), None)))


def last_reviews(reviews: pd.DataFrame | None) -> pd.DataFrame:
    """The last review per client from a (client, date, note) frame; client names match the way the
    lines' do, unless the frame brings its client_key (a client identified by its code)."""
    if reviews is None or reviews.empty:
        return pd.DataFrame(
            {"last_review": pd.Series(dtype="datetime64[ns]"), "review_note": pd.Series(dtype=object)},
            index=pd.Index([], name="client_key"),
        )
    dated = reviews.assign(
        client_key=reviews["client_key"] if "client_key" in reviews else review_keys(reviews),
        date=pd.to_datetime(reviews["date"], errors="coerce"),
        note=reviews["note"] if "note" in reviews else "",
    ).dropna(subset=["client_key", "date"])
    last = dated.sort_values("date", kind="mergesort").groupby("client_key").last()
    return last.rename(columns={"date": "last_review", "note": "review_note"})[["last_review", "review_note"]]


def trade_terms(
    lines: pd.DataFrame,
    analysis: Analysis,
    reviews: pd.DataFrame | None,
    on: pd.Timestamp,
    review_days: int = 92,
) -> TradeTerms:
    """Discount, price index and last review per key client (TERMS_COLUMNS).

    reviews: the terms-review sheet as a frame with columns client, date, note (None or
    empty: no reviews on record). on: the date the review age is counted to (the report's
    date or the data's end).
    """
    key = analysis.key[["client_key", "client", "rank"]].reset_index(drop=True)
    # By month first, and only the columns read: then the key clients are looked up among the
    # window's priced lines, not all of them. The clients go by their places among the sorted
    # keys (the build's client numbers): grouped as by their texts, without the texts copied.
    window, number = in_months_numbered(lines, analysis.months)
    places, keys = client_numbers(lines).sorted_keys
    window = window[[c for c in TERMS_LINE_COLUMNS if c in lines and c != "client_key"]].assign(
        client_place=np.where(number >= 0, places[number], -1)  # -1: no client
    )
    needs = {"discount": _missing(lines, DISCOUNT_NEEDS), "price_index": _missing(lines, INDEX_NEEDS)}
    # The index compares with every other client, key or not.
    all_priced = priced_lines(window)
    is_key = np.zeros(len(keys) + 1, dtype=bool)  # the last place: no client (-1), never key
    at = keys.get_indexer(key["client_key"])
    is_key[at[at >= 0]] = True
    priced = all_priced[is_key[all_priced["client_place"].to_numpy()]]
    discount = discounts(priced, keys) if not needs["discount"] else pd.Series(dtype=float)
    index = (
        price_indices(all_priced, keys)
        if not needs["price_index"]
        else pd.DataFrame(columns=["price_index", "index_skus"], dtype=float)
    )
    table = key.join(last_reviews(reviews), on="client_key")
    table = table.assign(
        discount=key["client_key"].map(discount).astype(float),
        price_index=key["client_key"].map(index["price_index"]).astype(float),
        index_skus=key["client_key"].map(index["index_skus"]).fillna(0).astype(int),
        review_note=table["review_note"].fillna("").astype(str),
    )
    days = (pd.Timestamp(on).normalize() - table["last_review"].dt.normalize()).dt.days
    table = table.assign(days_since_review=days.astype("Int64"), review_due=(days > review_days) | days.isna())
    return TradeTerms(table[list(TERMS_COLUMNS)], {k: v for k, v in needs.items() if v})


def review_due_alerts(table: pd.DataFrame, review_days: int = 92) -> list[Alert]:
    """Alert `review_due` when a key client's terms were never reviewed or not in the last review_days.

    Severity: medium when the last review is more than twice review_days old; low when it is
    less, or when none is on record (a new workbook's review sheet is empty: that alone should
    not turn every account amber). values: last_review ('YYYY-MM-DD' or None), days_since_review, review_days.
    """
    due = table[table["review_due"]]
    alerts = []
    for row in due.to_dict("records"):
        days = row["days_since_review"]
        known = not pd.isna(days)
        alerts.append(
            Alert(
                row["client_key"],
                row["client"],
                "review_due",
                "medium" if known and days > 2 * review_days else "low",
                {
                    "last_review": f"{row['last_review']:%Y-%m-%d}" if known else None,
                    "days_since_review": int(days) if known else None,
                    "review_days": int(review_days),
                },
                params={
                    "last": Note("phrase.last_review_days", {"days": Count(int(days), "day")})
                    if known
                    else Note("phrase.no_review")
                },
            )
        )
    return alerts
