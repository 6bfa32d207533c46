"""Near-key clients: ranks N+1 … 2N, the gap to the key line, the trend, months to reach it, fast growers."""

import pandas as pd
import pytest
from metrics_fixtures import analysis_of, make_lines, monthly_lines, months

from keyclients_xl.analyse.near_key import fast_grower_alerts, near_key

WINDOW = months("2026-08", "2026-10")


def _lines():
    return make_lines(
        monthly_lines(
            {
                "K1": [100, 100, 100],
                "K2": [90, 90, 90],
                "N1": [40, 50, 60],
                "N2": [45, 45, 45],
                "N3": [60, 40, 20],
                "X": [10, 10, 10],
            },
            WINDOW,
        )
    )


def test_ranks_below_the_line_with_gap_trend_and_months_to_key():
    lines = _lines()
    # Key (top 2): K1 100, K2 90 → the key level is K2's 90. Near-key: ranks 3 and 4 (N = 2).
    table = near_key(lines, analysis_of(lines, WINDOW, top_n=2)).set_index("client")
    assert table.index.tolist() == ["N1", "N2"]
    assert table["rank"].tolist() == [3, 4]
    assert table["key_level"].tolist() == [90, 90]
    assert table["gap"].tolist() == [40, 45]  # 90 - 50, 90 - 45
    # The data has 3 months only (look-back 6 wanted): x = -1, 0, 1.
    # N1: Σxy = -40 + 60 = 20 → slope 10 a month, mean 50 → 20 %; 40 / 10 = 4 months to 90.
    # N2: flat → trend 0, not growing → no month count.
    assert table["trend_months"].tolist() == [3, 3]
    assert table["trend_slope"].tolist() == pytest.approx([10, 0])
    assert table["trend"].tolist() == pytest.approx([0.2, 0.0])
    assert table.loc["N1", "months_to_key"] == 4
    assert pd.isna(table.loc["N2", "months_to_key"])


def test_the_range_is_editable_and_a_falling_client_never_reaches_the_line():
    lines = _lines()
    table = near_key(lines, analysis_of(lines, WINDOW, top_n=2), count=3).set_index("client")
    assert table.index.tolist() == ["N1", "N2", "N3"]
    # N3: 60, 40, 20 → slope -20, mean 40 → -50 % a month.
    assert table.loc["N3", "trend"] == pytest.approx(-0.5)
    assert pd.isna(table.loc["N3", "months_to_key"])


def test_fast_grower_alert():
    lines = _lines()
    table = near_key(lines, analysis_of(lines, WINDOW, top_n=2), count=4)
    (alert,) = fast_grower_alerts(table, 5.0)  # only N1 grows faster than 5 % a month
    assert (alert.client, alert.kind, alert.severity) == ("N1", "fast_grower", "low")
    assert alert.values == {"trend": pytest.approx(0.2), "average": 50.0, "gap": 40.0, "months_to_key": 4}
    assert alert.message("ru") == "Растёт на 20\xa0% в месяц; до уровня ключевых: 4 месяца"
    assert alert.message("en") == "Growing 20% a month; key level in 4 months"
    assert alert.action("ru") == "предложить условия ключевого клиента"
    assert fast_grower_alerts(table, 25.0) == []


def test_months_to_key_rounds_up():
    lines = make_lines(monthly_lines({"K": [100, 100, 100], "N": [30, 40, 50]}, WINDOW))
    table = near_key(lines, analysis_of(lines, WINDOW, top_n=1))
    # Gap 100 - 40 = 60 at +10 a month: 6 months exactly; then one more unit of gap needs a 7th.
    assert table["months_to_key"].tolist() == [6]
    lines = make_lines(monthly_lines({"K": [101, 101, 101], "N": [30, 40, 50]}, WINDOW))
    assert near_key(lines, analysis_of(lines, WINDOW, top_n=1))["months_to_key"].tolist() == [7]


def test_a_client_with_returns_only_is_not_near_key():
    """Its average is below 0: it has no share, is never key, and is no candidate to become one."""
    lines = make_lines(monthly_lines({"K": [100, 100, 100], "N": [30, 40, 50], "R": [-100, -100, -100]}, WINDOW))
    table = near_key(lines, analysis_of(lines, WINDOW, top_n=1), count=2)
    assert table["client"].tolist() == ["N"]


def test_with_the_quantity_measure_the_months_to_key_divide_quantities_by_quantities():
    """The gap was in units and the pace in revenue: '3 months' became '2 049 months' when prices changed.
    By hand: K ships 100 units a month; N 30, 40, 50 units (at 1 000 a unit): +10 units a month, 6 months."""
    rows = monthly_lines({"K": [100, 100, 100], "N": [30, 40, 50]}, WINDOW)
    lines = make_lines([{**row, "quantity": row["amount"], "amount": row["amount"] * 1000} for row in rows])
    table = near_key(lines, analysis_of(lines, WINDOW, top_n=1, measure="quantity"))
    assert table["gap"].tolist() == [60] and table["trend_slope"].tolist() == pytest.approx([10])
    assert table["months_to_key"].tolist() == [6]
