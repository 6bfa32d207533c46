"""Top assortment: top SKUs by the 80 % rule or a user list, coverage, share of purchases, white space."""

import numpy as np
import pandas as pd
import pytest
from metrics_fixtures import analysis_of, make_lines, months

from keyclients_xl.analyse.assortment import assortment, coverage, low_assortment_alerts, top_skus
from keyclients_xl.analyse.phrases import needs_note

WINDOW = months("2026-09", "2026-10")
S1, S2, S3, S4, S5 = (f"Товар 000{i}" for i in range(1, 6))


def _lines():
    rows = [
        ("K1", "2026-09", S1, 200),
        ("K1", "2026-10", S2, 150),
        ("K1", "2026-10", S4, 50),
        ("K2", "2026-09", "товар  0001 ", 120),  # another spelling of Товар 0001
        ("K2", "2026-10", S1, 80),
        ("K2", "2026-10", S3, 150),
        ("K3", "2026-09", S2, 150),
        ("K3", "2026-10", S4, 50),
        ("K3", "2026-10", S5, 50),
        ("K3", "2026-07", S5, 1000),  # before the window: does not count
    ]
    return make_lines([{"client": c, "month": m, "sku": s, "amount": a} for c, m, s, a in rows])


# Company sales in the window: S1 200 + 120 + 80 = 400, S2 150 + 150 = 300, S3 150, S4 50 + 50 = 100,
# S5 50; total 1000. Shares .40 .30 .15 .10 .05; running share before each: 0, .40, .70, .85, .95.
# The 80 % rule takes S1, S2 and S3 (S3 crosses 80 %: .70 before it, .85 after).


def test_top_skus_make_80_percent_of_company_sales():
    top = top_skus(_lines(), WINDOW, 80.0)
    assert top["sku"].tolist() == [S1, S2, S3]
    assert top["amount"].tolist() == [400, 300, 150]
    assert top["share"].tolist() == pytest.approx([0.40, 0.30, 0.15])
    assert top["cum_share"].tolist() == pytest.approx([0.40, 0.70, 0.85])
    assert top["rank"].tolist() == [1, 2, 3]
    # 70 %: S2 ends exactly at 70 % and S3 starts at 70 %, so S3 is out (the SKU crossing belongs, not the next).
    assert top_skus(_lines(), WINDOW, 70.0)["sku"].tolist() == [S1, S2]


def test_per_key_client_coverage_share_and_white_space():
    lines = _lines()
    # Averages over 2 months: K1 400/2 = 200, K2 350/2 = 175, K3 250/2 = 125 (July is outside).
    result = assortment(lines, analysis_of(lines, WINDOW, top_n=3))
    assert result.available and result.needs == ()
    clients = result.clients.set_index("client")
    assert clients.index.tolist() == ["K1", "K2", "K3"]
    # K1 buys S1, S2 of the 3 top SKUs; K2 S1 (two spellings), S3; K3 only S2.
    assert clients["top_bought"].tolist() == [2, 2, 1]
    assert clients["top_total"].tolist() == [3, 3, 3]
    assert clients["coverage"].tolist() == pytest.approx([2 / 3, 2 / 3, 1 / 3])
    # Top SKUs in its purchases: K1 (200 + 150) / 400 = .875; K2 (200 + 150) / 350 = 1; K3 150 / 250 = .6.
    assert clients["top_share"].tolist() == pytest.approx([0.875, 1.0, 0.6])
    # White space by company-wide sales: K3 misses S1 (400) and S3 (150), in that order.
    assert clients["white_space"].tolist() == [(S3,), (S2,), (S1, S3)]
    assert clients["white_space_count"].tolist() == [1, 1, 2]


def test_low_assortment_alert_below_the_coverage_threshold():
    lines = _lines()
    clients = assortment(lines, analysis_of(lines, WINDOW, top_n=3)).clients
    # 50 %: only K3 (1/3); not below half the threshold (1/3 ≥ 25 %) → low.
    (alert,) = low_assortment_alerts(clients, 50.0)
    assert (alert.client, alert.kind, alert.severity) == ("K3", "low_assortment", "low")
    assert alert.values == {
        "top_bought": 1,
        "top_total": 3,
        "coverage": pytest.approx(1 / 3),
        "white_space": [S1, S3],
        "white_space_count": 2,
    }
    assert alert.message("ru") == "Топ-позиций не берёт: 2 из 3"
    assert alert.action("ru") == "предложить: Товар 0001, Товар 0003"
    assert alert.message("en") == "Does not buy 2 of 3 top SKUs"
    assert alert.action("en") == "offer: Товар 0001, Товар 0003"
    # 70 %: K1 and K2 (2/3 ≥ 35 %) low, K3 (1/3 < 35 %) medium; the action names at most `shown` SKUs.
    alerts = low_assortment_alerts(clients, 70.0, shown=1)
    assert [(a.client, a.severity) for a in alerts] == [("K1", "low"), ("K2", "low"), ("K3", "medium")]
    assert alerts[2].action("en") == "offer: Товар 0001"
    assert alerts[2].values["white_space_count"] == 2


def test_a_user_list_replaces_the_80_percent_rule():
    lines = _lines()
    user = ["Товар 0005", " товар 0003", "Товар 0099", "Товар 0005", None]
    result = assortment(lines, analysis_of(lines, WINDOW, top_n=3), user_list=user)
    # Listed SKUs by company sales: S3 150, S5 50, Товар 0099 not sold (0); repeats and blanks dropped.
    assert result.top["sku"].tolist() == ["товар 0003", "Товар 0005", "Товар 0099"]
    assert result.top["amount"].tolist() == [150, 50, 0]
    assert result.unsold == ("Товар 0099",)
    clients = result.clients.set_index("client")
    assert clients["top_bought"].tolist() == [0, 1, 1]  # K1 none, K2 S3, K3 S5
    assert clients.loc["K1", "white_space"] == ("товар 0003", "Товар 0005", "Товар 0099")


@pytest.mark.parametrize("sku", [None, "drop"])
def test_without_sku_data_the_result_says_what_is_needed(sku):
    lines = _lines()
    lines = lines.drop(columns="sku") if sku == "drop" else lines.assign(sku=None)
    result = assortment(lines, analysis_of(lines, WINDOW, top_n=3))
    assert not result.available
    assert result.needs == ("sku",)
    assert result.clients.empty and result.top.empty
    assert "white_space" in result.clients.columns
    assert low_assortment_alerts(result.clients) == []
    assert needs_note(result.needs).text("ru") == "Нужна выгрузка по строкам документов с колонкой «Номенклатура»."


def test_coverage_core_for_kc_coverage():
    bought = pd.DataFrame([["A", "b", None], ["c", None, np.nan], [1001.0, "x", "A"]])
    top = ["a", "B ", "1001"]
    # Row 1: a and b of 3; row 2: none; row 3: 1001 (Excel hands a code over as 1001.0) and a.
    assert coverage(bought, top).tolist() == pytest.approx([2 / 3, 0.0, 2 / 3])
    assert coverage(pd.Series(["B", "b", "z"]), top).tolist() == pytest.approx([1 / 3])  # one client; b once
    assert coverage(bought, []).isna().all()


@pytest.mark.parametrize(("count", "words"), [(1, "1 позиция"), (2, "2 позиции"), (5, "5 позиций"), (21, "21 позиция")])
def test_the_top_sku_line_agrees_with_any_count(count, words):
    """«1 позиция, дающие первые 80 %» did not agree: the participle stood in the plural."""
    from keyclients_xl.i18n import Count, t

    line = t("mintro.top_from_share", "ru", share="80", count=Count(count, "sku"))
    assert line == f"Топ-позиции — те, что дают первые 80 % продаж компании за период: {words}."


@pytest.mark.parametrize("dtype", [object, "category"])
def test_sku_places_group_as_the_sku_keys_do(dtype):
    from keyclients_xl.analyse.assortment import sku_codes, sku_key

    skus = pd.Series(["Чай  25", "Кофе", None, "чай 25", "N/A", "Сахар", "КОФЕ", 12.0], dtype=dtype)
    amounts = pd.Series([1.5, 2.25, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0])
    places, keys = sku_codes(skus)
    by_key = amounts.groupby(sku_key(skus)).sum()
    by_place = amounts[places >= 0].groupby(places[places >= 0]).sum()
    assert list(keys[by_place.index]) == list(by_key.index) == ["12", "кофе", "сахар", "чай 25"]
    assert by_place.tolist() == by_key.tolist()
    assert sku_key(skus).tolist() == sku_key(skus.astype(object)).tolist()  # the categories' cached keys
