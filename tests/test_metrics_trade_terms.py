"""Trade terms: discount against the list price, price index against the other clients, terms reviews."""

import numpy as np
import pandas as pd
import pytest
from metrics_fixtures import analysis_of, make_lines, months

from keyclients_xl.analyse.phrases import needs_note
from keyclients_xl.analyse.trade_terms import review_due_alerts, trade_terms

OCT = months("2026-10", "2026-10")
ON = pd.Timestamp("2026-10-31")


def _lines():
    rows = [
        # client, sku, quantity, price, list price, amount
        ("K1", "P1", 10, 9.0, 10.0, 90.0),
        ("K1", "P2", 5, 18.0, 20.0, 90.0),
        ("K1", "P1", -1, 9.0, 10.0, -9.0),  # a return: not a sale, left out of prices
        ("K2", "P1", 20, 10.0, 10.0, 200.0),
        ("K2", "P2", 5, np.nan, 20.0, 100.0),  # no price: amount / quantity = 20
        ("Other", "P1", 10, 11.0, 10.0, 110.0),
    ]
    return make_lines(
        [
            {"client": c, "month": "2026-10", "sku": s, "quantity": q, "price": p, "list_price": lp, "amount": a}
            for c, s, q, p, lp, a in rows
        ]
    )


REVIEWS = pd.DataFrame(
    {
        "client": ["  k1 ", "K1", "Nobody"],
        "date": ["2026-06-01", "2026-09-15", "2026-10-01"],
        "note": ["скидка 10 %", "без изменений", ""],
    }
)


def _terms(lines=None, reviews=REVIEWS, review_days=92):
    lines = _lines() if lines is None else lines
    # Averages (one month): K2 300, K1 171, Other 110 → key: K2, K1.
    return trade_terms(lines, analysis_of(lines, OCT, top_n=2), reviews, ON, review_days)


def test_discount_against_the_list_price():
    table = _terms().table.set_index("client")
    assert table.index.tolist() == ["K2", "K1"]
    # K1: paid 10·9 + 5·18 = 180 against list 10·10 + 5·20 = 200 → 10 % discount.
    # K2: paid 20·10 + 5·20 = 300 against list 200 + 100 = 300 → none.
    assert table["discount"].tolist() == pytest.approx([0.0, 0.10])


def test_price_index_against_all_other_clients_weighted_by_quantity():
    table = _terms().table.set_index("client")
    # P1 sold: K1 10 @ 9, K2 20 @ 10, Other 10 @ 11 (40 units, 400). P2: K1 5 @ 18, K2 5 @ 20 (10 units, 190).
    # K1: others' P1 = (400 - 90) / 30 = 10.33, P2 = 100 / 5 = 20 → 180 / (10·10.33 + 5·20) = 180 / 203.33.
    # K2: others' P1 = 200 / 20 = 10, P2 = 90 / 5 = 18 → 300 / (20·10 + 5·18) = 300 / 290.
    assert table["price_index"].tolist() == pytest.approx([300 / 290, 180 / (310 / 3 + 100)])
    assert table["index_skus"].tolist() == [2, 2]


def test_last_review_and_the_review_due_alert():
    terms = _terms()
    table = terms.table.set_index("client")
    # K1's reviews match whatever the spacing and case; the later one wins: 15 Sep, 46 days before 31 Oct.
    assert table.loc["K1", "last_review"] == pd.Timestamp("2026-09-15")
    assert table.loc["K1", "review_note"] == "без изменений"
    assert table.loc["K1", "days_since_review"] == 46
    assert pd.isna(table.loc["K2", "last_review"]) and pd.isna(table.loc["K2", "days_since_review"])
    assert table["review_due"].tolist() == [True, False]
    (alert,) = review_due_alerts(terms.table, 92)
    assert (alert.client, alert.kind, alert.severity) == ("K2", "review_due", "low")  # none on record: low
    assert alert.values == {"last_review": None, "days_since_review": None, "review_days": 92}
    assert alert.message("ru") == "Пересмотр условий: не было ни разу"
    assert alert.action("ru") == "пересмотреть цены и скидки, встреча"
    assert alert.message("en") == "Terms review: none on record"


@pytest.mark.parametrize(("review_days", "severity"), [(30, "low"), (23, "low"), (22, "medium")])
def test_an_old_review_is_due_and_grows_severe_past_twice_the_period(review_days, severity):
    terms = _terms(review_days=review_days)
    k1 = next(a for a in review_due_alerts(terms.table, review_days) if a.client == "K1")
    # 46 days is over 30, 23 and 22 days: due. Up to twice the period (60, 46) low; above it (44) medium.
    assert k1.values == {"last_review": "2026-09-15", "days_since_review": 46, "review_days": review_days}
    assert k1.severity == severity
    assert k1.message("ru") == "Пересмотр условий: последний 46 дней назад"
    assert k1.message("en") == "Terms review: last one 46 days ago"


def test_no_reviews_at_all():
    table = _terms(reviews=None).table
    assert table["review_due"].all()
    assert [a.severity for a in review_due_alerts(table)] == ["low", "low"]


def test_without_list_prices_the_discount_says_which_columns_are_needed():
    terms = _terms(_lines().drop(columns="list_price"))
    assert terms.needs == {"discount": ("list_price",)}
    assert terms.table["discount"].isna().all()
    assert terms.table["price_index"].notna().all()  # still known: it needs no list price
    assert needs_note(terms.needs["discount"]).text("ru") == "Нужны колонки: Цена по прайсу."


def test_a_by_month_export_has_no_prices():
    lines = make_lines([{"client": c, "month": "2026-10", "amount": a} for c, a in (("K1", 5), ("K2", 3))])
    terms = trade_terms(lines, analysis_of(lines, OCT, top_n=2), None, ON)
    assert terms.needs == {"discount": ("list_price", "quantity"), "price_index": ("sku", "quantity")}
    assert terms.table["discount"].isna().all() and terms.table["price_index"].isna().all()
    assert terms.table["index_skus"].tolist() == [0, 0]
    assert needs_note(terms.needs["discount"]).text("en") == "Needs the columns: List price, Quantity."
