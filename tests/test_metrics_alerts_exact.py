"""The exact list of alerts from every metric on one hand-computed fixture (what the JSON `alerts` holds)."""

import pandas as pd
import pytest
from metrics_fixtures import analysis_of, make_lines, months

from keyclients_xl import i18n
from keyclients_xl.analyse.key_metrics import key_metrics
from keyclients_xl.analyse.metric_settings import MetricSettings
from keyclients_xl.errors import KeyClientsError

DATA = months("2026-05", "2026-10")
WINDOW = months("2026-08", "2026-10")

# Per client and month (May … October): (SKU, amount) lines.
SALES = {
    "Alpha": [
        [("P1", 120)],
        [("P1", 110)],
        [("P1", 100)],
        [("P1", 60), ("P2", 30)],
        [("P1", 60), ("P2", 20)],
        [("P1", 70)],
    ],
    "Beta": [[("P1", 100)], [("P1", 100)], [("P1", 100)], [("P1", 100)], [], [("P1", 150)]],
    "Gamma": [[], [], [], [("P3", 30)], [("P3", 40)], [("P3", 50)]],
    "Delta": [[("P2", 20)]] * 6,
}
REVIEWS = pd.DataFrame({"client": ["Alpha"], "date": ["2026-10-01"], "note": ["прайс 2026"]})


def _metrics():
    records = [
        {"client": client, "month": str(month), "sku": sku, "amount": amount}
        for client, per_month in SALES.items()
        for month, lines in zip(DATA, per_month, strict=True)
        for sku, amount in lines
    ]
    lines = make_lines(records)
    # Window averages: Beta (100 + 0 + 150) / 3 = 83.3, Alpha (90 + 80 + 70) / 3 = 80, Gamma 40, Delta 20.
    analysis = analysis_of(lines, WINDOW, top_n=2)
    settings = MetricSettings(coverage_threshold=60.0)
    return key_metrics(lines, analysis, settings, data_end=pd.Timestamp("2026-10-31"), reviews=REVIEWS)


def test_the_exact_alerts():
    alerts = _metrics().alerts
    got = [(a.kind, a.client, a.severity, None if a.month is None else str(a.month), a.values) for a in alerts]
    assert got == [
        # Beta shipped nothing in September (not the window's last month → medium).
        ("missed_month", "Beta", "medium", "2026-09", {"amount": 0.0, "months_shipped": 2, "months_total": 3}),
        # Alpha: last month 70 against (90 + 80) / 2 = 85 → -17.6 %; trend over May–October
        # 120 … 70: slope -10 (Σxy = -175, Σx² = 17.5) / mean 95 = -10.5 % a month. The larger fall,
        # 17.6 %, is above 10 % and not above 20 % → low. Its driver: P2, 25 a month before, none now.
        (
            "decline",
            "Alpha",
            "low",
            None,
            {
                "last_vs_earlier": pytest.approx(70 / 85 - 1),
                "trend": pytest.approx(-10 / 95),
                "trend_months": 6,
                "earlier_average": 85.0,
                "last_month": 70.0,
                "drivers": [{"sku": "P2", "change": -25.0, "status": "stopped", "ratio": None}],
            },
        ),
        # Top SKUs in the window: P1 190 + 250 = 440, P3 120, P2 50 + 60 = 110 (of 670): P1 66 %, then P3
        # crosses 80 %. Alpha and Beta buy P1 only: 1 of 2 = 50 % < 60 % (not below 30 %) → low.
        (
            "low_assortment",
            "Alpha",
            "low",
            None,
            {"top_bought": 1, "top_total": 2, "coverage": 0.5, "white_space": ["P3"], "white_space_count": 1},
        ),
        # Beta: last 150 against (100 + 0) / 2 = 50 → +200 %; trend 100 100 100 100 0 150: Σxy = -25
        # → slope -1.43 / mean 91.7 = -1.6 % a month (not a 10 % fall) → growth, driven by P1 (+100).
        (
            "growth",
            "Beta",
            "low",
            None,
            {
                "last_vs_earlier": pytest.approx(2.0),
                "trend": pytest.approx(-25 / 17.5 / (550 / 6)),
                "trend_months": 6,
                "earlier_average": 50.0,
                "last_month": 150.0,
                "drivers": [{"sku": "P1", "change": 100.0, "status": "changed", "ratio": pytest.approx(2.0)}],
            },
        ),
        (
            "low_assortment",
            "Beta",
            "low",
            None,
            {"top_bought": 1, "top_total": 2, "coverage": 0.5, "white_space": ["P3"], "white_space_count": 1},
        ),
        # Beta has no terms review on record (Alpha's, 30 days old, is not due).
        ("review_due", "Beta", "low", None, {"last_review": None, "days_since_review": None, "review_days": 92}),
        # Gamma (rank 3, near-key): 0 0 0 30 40 50 → Σxy = 200, slope 11.43 / mean 20 = 57 % a month;
        # gap to Alpha's 80 is 40 → 40 / 11.43 = 3.5 → 4 months. Delta (rank 4) is flat.
        (
            "fast_grower",
            "Gamma",
            "low",
            None,
            {"trend": pytest.approx(200 / 17.5 / 20), "average": 40.0, "gap": 40.0, "months_to_key": 4},
        ),
    ]


def test_the_alerts_as_json_entries():
    alerts = _metrics().alerts
    assert alerts[0].to_json("ru") == {
        "client": "Beta",
        "kind": "missed_month",
        "severity": "medium",
        "message": "Отгрузок не было: сентябрь 2026",
        "month": "2026-09",
        "values": {"amount": 0.0, "months_shipped": 2, "months_total": 3},
    }
    messages = [a.message("en") for a in alerts]
    assert messages[1:] == [
        "Decline: last month -18% vs. the earlier average, trend -11% a month",
        "Does not buy 1 of 2 top SKUs",
        "Growth: last month +200% vs. the earlier average, trend -2% a month",
        "Does not buy 1 of 2 top SKUs",
        "Terms review: none on record",
        "Growing 57% a month; key level in 4 months",
    ]


def test_health_of_the_key_clients():
    health = _metrics().health("en").set_index("client")
    # Beta: a medium missed month → amber. Alpha: two low signals (decline, assortment) → amber.
    assert health["health"].to_dict() == {"Beta": "amber", "Alpha": "amber"}
    assert health.loc["Alpha", "what_to_do"] == (
        "Decline: last month -18% vs. the earlier average, trend -11% a month — "
        "find out why, meet the buyer: ask about P2 (-25, stopped); "
        "Does not buy 1 of 2 top SKUs — offer: P3"
    )


def test_metric_settings_defaults_and_validation():
    settings = MetricSettings()
    assert settings.items() == [
        ("top_sku_share", 80.0),
        ("coverage_threshold", 50.0),
        ("white_space_shown", 5),
        ("trend_months", 6),
        ("decline_threshold", 10.0),
        ("decline_medium", 20.0),
        ("decline_high", 30.0),
        ("growth_threshold", 10.0),
        ("drivers_shown", 2),
        ("review_days", 92),
        ("near_key_count", None),
        ("fast_grower_threshold", 5.0),
    ]
    assert settings.updated(review_days=30, near_key_count=None).review_days == 30
    cases = [
        ({"top_sku_share": 0}, "top_sku_share"),
        ({"trend_months": 1}, "trend_months"),
        ({"decline_medium": 5.0}, "decline_medium"),  # below the 10 % threshold
        ({"near_key_count": 0}, "near_key_count"),
    ]
    for values, key in cases:
        with pytest.raises(KeyClientsError) as error:
            MetricSettings(**values)
        assert error.value.params["setting"] == key


def test_every_metric_setting_has_its_meaning_in_both_languages():
    for key in MetricSettings.keys():
        meaning = i18n.TEXTS[f"setting.{key}"]
        assert meaning["ru"] and meaning["en"] and meaning["ru"] != meaning["en"], key
