"""Turnover: month-over-month change, last month against the earlier ones, the least-squares trend,
the decline and growth alerts with their severity bands, and the SKUs that drove the move."""

import numpy as np
import pandas as pd
import pytest
from metrics_fixtures import analysis_of, make_lines, monthly_lines, months

from keyclients_xl.analyse.ranking import trend as ranking_trend
from keyclients_xl.analyse.turnover import (
    DRIVER_COLUMNS,
    Turnover,
    month_changes,
    slope_trend,
    turnover,
    turnover_alerts,
)

DATA = months("2026-04", "2026-10")
WINDOW = months("2026-08", "2026-10")
AUG, SEP, OCT = WINDOW


def test_slope_trend_by_hand():
    monthly = pd.DataFrame([[100, 80, 60, 40], [0, 0, 0, 90], [-10, 10, -10, 0]])
    # x centred: -1.5, -0.5, 0.5, 1.5 (Σx² = 5).
    # Row 1: Σxy = -150 - 40 + 30 + 60 = -100 → slope -20; mean 70 → -20 / 70 = -0.2857.
    # Row 2: Σxy = 1.5 · 90 = 135 → slope 27; mean 22.5 → 1.2.
    # Row 3: mean -2.5 is not positive → NaN.
    result = slope_trend(monthly)
    assert result.iloc[0] == pytest.approx(-20 / 70)
    assert result.iloc[1] == pytest.approx(1.2)
    assert np.isnan(result.iloc[2])
    assert slope_trend(pd.DataFrame([[50.0]])).isna().all()  # one month: no trend


def test_month_changes_by_hand():
    changes = month_changes(pd.DataFrame([[100, 50, 0, 30]]))
    # 50/100 - 1 = -0.5; 0/50 - 1 = -1; after a zero month there is nothing to compare with.
    assert changes.iloc[0].tolist()[1:3] == [-0.5, -1.0]
    assert np.isnan(changes.iloc[0, 0]) and np.isnan(changes.iloc[0, 3])


def _lines():
    records = monthly_lines(
        # April to July carry no SKU (an older export); April is outside the 6-month look-back.
        {"Alpha": [500, 120, 110, 100, 0, 0, 0], "Beta": [0, 0, 0, 0, 0, 0, 0], "Small": [1, 1, 1, 1, 1, 1, 1]},
        DATA,
    )
    records += [
        {"client": "Alpha", "month": "2026-08", "amount": 60, "sku": "P1"},
        {"client": "Alpha", "month": "2026-08", "amount": 30, "sku": "P2"},
        {"client": "Alpha", "month": "2026-09", "amount": 60, "sku": "P1"},
        {"client": "Alpha", "month": "2026-09", "amount": 20, "sku": "P2"},
        {"client": "Alpha", "month": "2026-10", "amount": 70, "sku": "P1"},
        {"client": "Beta", "month": "2026-08", "amount": 50, "sku": "P3"},
        {"client": "Beta", "month": "2026-09", "amount": 60, "sku": "P3"},
        {"client": "Beta", "month": "2026-10", "amount": 70, "sku": "P3"},
    ]
    return make_lines(records)


def _turnover(trend_months=6):
    lines = _lines()
    # Window averages: Alpha (90 + 80 + 70) / 3 = 80, Beta (50 + 60 + 70) / 3 = 60, Small 1 → key: Alpha, Beta.
    return turnover(lines, analysis_of(lines, WINDOW, top_n=2), trend_months)


def test_turnover_table_by_hand():
    table = _turnover().table.set_index("client")
    assert table.index.tolist() == ["Alpha", "Beta"]
    assert table[AUG].tolist() == [90, 50] and table[OCT].tolist() == [70, 70]
    # Alpha: earlier (90 + 80) / 2 = 85, last 70 → 70 / 85 - 1 = -0.1765.
    # Beta: earlier (50 + 60) / 2 = 55, last 70 → 70 / 55 - 1 = 0.2727.
    assert table["earlier_average"].tolist() == [85, 55]
    assert table["last_vs_earlier"].tolist() == pytest.approx([70 / 85 - 1, 70 / 55 - 1])
    # Look-back May–October (6 months), x centred -2.5 … 2.5, Σx² = 17.5.
    # Alpha 120 110 100 90 80 70: Σxy = -300 - 165 - 50 + 45 + 120 + 175 = -175 → slope -10; mean 95.
    # Beta 0 0 0 50 60 70: Σxy = 25 + 90 + 175 = 290 → slope 16.571; mean 30.
    assert table["trend_slope"].tolist() == pytest.approx([-10, 290 / 17.5])
    assert table["trend"].tolist() == pytest.approx([-10 / 95, 290 / 17.5 / 30])
    assert table["trend_months"].tolist() == [6, 6]


def test_last_vs_earlier_is_the_ranking_trend_behind_kc_trend():
    lines = _lines()
    analysis = analysis_of(lines, WINDOW, top_n=2)
    table = turnover(lines, analysis).table
    expected = ranking_trend(analysis.key.set_index("client_key")[WINDOW])
    assert table["last_vs_earlier"].tolist() == pytest.approx(expected.tolist())


def test_month_over_month_changes_reach_back_before_the_window():
    changes = _turnover().changes.set_index("client_key")
    # Alpha: Aug 90 / Jul 100 - 1 = -0.1; Sep 80 / 90 - 1; Oct 70 / 80 - 1.
    assert changes.loc["alpha", [AUG, SEP, OCT]].tolist() == pytest.approx([-0.1, 80 / 90 - 1, 70 / 80 - 1])
    # Beta: nothing in July, so August has no change; then 60 / 50 - 1 = 0.2, 70 / 60 - 1.
    assert np.isnan(changes.loc["beta", AUG])
    assert changes.loc["beta", [SEP, OCT]].tolist() == pytest.approx([0.2, 70 / 60 - 1])


def test_sku_drivers_add_up_to_the_change():
    drivers = _turnover().drivers
    assert list(drivers.columns) == list(DRIVER_COLUMNS)
    alpha = drivers[drivers["client_key"] == "alpha"].set_index("sku")
    # P2: earlier (30 + 20) / 2 = 25, last 0 → -25, stopped. P1: earlier 60, last 70 → +10 (+1/6).
    # Together -15 = 70 - 85, Alpha's change.
    assert alpha.index.tolist() == ["P2", "P1"]  # largest fall first
    assert alpha["change"].tolist() == [-25, 10]
    assert alpha["status"].tolist() == ["stopped", "changed"]
    assert np.isnan(alpha.loc["P2", "ratio"]) and alpha.loc["P1", "ratio"] == pytest.approx(1 / 6)


def test_decline_and_growth_alerts_with_drivers():
    alerts = {a.client: a for a in turnover_alerts(_turnover())}
    alpha, beta = alerts["Alpha"], alerts["Beta"]
    # Alpha falls 17.6 % (last month) and 10.5 % a month (trend): the larger, 17.6 %, is above 10 % → low.
    assert (alpha.kind, alpha.severity) == ("decline", "low")
    assert alpha.values == {
        "last_vs_earlier": pytest.approx(70 / 85 - 1),
        "trend": pytest.approx(-10 / 95),
        "trend_months": 6,
        "earlier_average": 85.0,
        "last_month": 70.0,
        "drivers": [{"sku": "P2", "change": -25.0, "status": "stopped", "ratio": None}],
    }
    assert alpha.message("ru") == "Спад: последний месяц -18\xa0% к среднему, тренд -11\xa0% в месяц"
    assert alpha.action("ru") == "выяснить причину, встреча: спросить про P2 (-25, не берёт)"
    assert alpha.action("en") == "find out why, meet the buyer: ask about P2 (-25, stopped)"
    # Beta rises 27.3 % and 55.2 % a month: growth, always low; its driver is P3 (+15, +27 %).
    assert (beta.kind, beta.severity) == ("growth", "low")
    assert beta.values["drivers"] == [
        {"sku": "P3", "change": 15.0, "status": "changed", "ratio": pytest.approx(15 / 55)}
    ]
    assert beta.message("en") == "Growth: last month +27% vs. the earlier average, trend +55% a month"
    assert beta.action("en") == "find out what worked and keep it: ask about P3 (+15, +27%)"


@pytest.mark.parametrize(
    ("last", "trend", "expected"),
    [
        (-0.10, -0.05, None),  # exactly 10 %: not more than the threshold
        (-0.15, 0.02, ("decline", "low")),
        (0.05, -0.25, ("decline", "medium")),  # the trend alone
        (-0.35, -0.01, ("decline", "high")),
        (-0.20, np.nan, ("decline", "low")),  # 20 % is not above the medium band
        (0.12, -0.08, ("growth", "low")),
        (np.nan, np.nan, None),
        # Bands reached exactly, as a ratio of sums computes them: 7 000 after 10 000 a month is
        # -0.30000000000000004 (30 %, not above it: medium); 2 200 after 2 000 is
        # 0.10000000000000009 (10 %: no growth alert). Both were read as above the band.
        (7000 / 10000 - 1, np.nan, ("decline", "medium")),
        (2200 / 2000 - 1, np.nan, None),
    ],
)
def test_decline_severity_bands(last, trend, expected):
    table = pd.DataFrame(
        {
            "client_key": ["x"],
            "client": ["X"],
            "rank": [1],
            "earlier_average": [100.0],
            "last_month": [100.0],
            "last_vs_earlier": [last],
            "trend": [trend],
            "trend_slope": [0.0],
            "trend_months": [6],
        }
    )
    alerts = turnover_alerts(Turnover(table, pd.DataFrame(), pd.DataFrame(columns=list(DRIVER_COLUMNS))))
    assert [(a.kind, a.severity) for a in alerts] == ([expected] if expected else [])
    if expected:
        assert alerts[0].action("en") in ("find out why, meet the buyer", "find out what worked and keep it")


def test_window_shorter_than_the_trend_look_back_uses_the_months_there_are():
    lines = make_lines(monthly_lines({"Alpha": [90, 80, 70], "Beta": [0, 0, 90], "Small": [1, 1, 1]}, WINDOW))
    table = turnover(lines, analysis_of(lines, WINDOW, top_n=2), trend_months=6).table.set_index("client")
    # Only August–October exist: x = -1, 0, 1 (Σx² = 2).
    # Alpha: Σxy = -90 + 70 = -20 → slope -10, mean 80 → -0.125.
    # Beta (one month of shipments): Σxy = 90 → slope 45, mean 30 → 1.5; no earlier average to compare with.
    assert table["trend_months"].tolist() == [3, 3]
    assert table["trend"].tolist() == pytest.approx([-0.125, 1.5])
    assert np.isnan(table.loc["Beta", "last_vs_earlier"])


def test_one_month_of_data_has_no_trend_and_no_alert():
    lines = make_lines([{"client": "Alpha", "month": "2026-10", "amount": 90, "sku": "P1"}])
    result = turnover(lines, analysis_of(lines, [OCT], top_n=1), trend_months=6)
    row = result.table.iloc[0]
    assert row["trend_months"] == 1
    assert np.isnan(row["trend"]) and np.isnan(row["last_vs_earlier"]) and np.isnan(row["earlier_average"])
    assert row["last_month"] == 90
    assert result.drivers.empty
    assert turnover_alerts(result) == []


def test_without_sku_data_alerts_have_no_drivers():
    lines = _lines().drop(columns="sku")
    result = turnover(lines, analysis_of(lines, WINDOW, top_n=2))
    assert result.drivers.empty
    alpha = next(a for a in turnover_alerts(result) if a.client == "Alpha")
    assert alpha.values["drivers"] == []
    assert alpha.action("ru") == "выяснить причину, встреча"


def test_the_look_back_starts_no_earlier_than_the_first_full_month():
    lines = _lines()
    # April–July exist, but say the data's first full month is September (an export started mid-August):
    # Alpha 80, 70 → slope -10, mean 75; Beta 60, 70 → slope +10, mean 65.
    result = turnover(lines, analysis_of(lines, WINDOW, top_n=2), 6, first_month=SEP).table.set_index("client")
    assert result["trend_months"].tolist() == [2, 2]
    assert result["trend"].tolist() == pytest.approx([-10 / 75, 10 / 65])
