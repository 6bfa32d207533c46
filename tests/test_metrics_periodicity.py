"""Periodicity: the key client × month matrix, months shipped, days since the last shipment, missed months."""

import numpy as np
import pandas as pd
from metrics_fixtures import analysis_of, make_lines, months

from keyclients_xl.analyse.periodicity import missed_month_alerts, missed_months, periodicity

WINDOW = months("2026-08", "2026-10")
AUG, SEP, OCT = WINDOW


def _lines(dated=True):
    records = [
        {"client": "Alpha", "month": "2026-08", "amount": 100, "date": "2026-08-05"},
        {"client": "Alpha", "month": "2026-09", "amount": 100, "date": "2026-09-10"},
        {"client": "Alpha", "month": "2026-10", "amount": 100, "date": "2026-10-28"},
        {"client": "Beta", "month": "2026-08", "amount": 90, "date": "2026-08-03"},
        {"client": "Beta", "month": "2026-10", "amount": 60, "date": "2026-10-15"},
        {"client": "Gamma", "month": "2026-08", "amount": 80, "date": "2026-08-20"},
        # A return only: September has no positive shipment, and the return is not the last shipment.
        {"client": "Gamma", "month": "2026-09", "amount": -10, "date": "2026-09-12"},
        {"client": "Delta", "month": "2026-08", "amount": 10, "date": "2026-08-01"},
    ]
    if not dated:
        records = [{k: v for k, v in r.items() if k != "date"} for r in records]
    return make_lines(records, dated=dated)


def test_matrix_months_shipped_and_days_since_last_shipment():
    lines = _lines()
    # Averages: Alpha 300/3 = 100, Beta 150/3 = 50, Gamma 70/3 = 23.3, Delta 10/3 = 3.3 → top 3 are key.
    table = periodicity(analysis_of(lines, WINDOW, top_n=3), lines, pd.Timestamp("2026-10-31"))
    assert table["client"].tolist() == ["Alpha", "Beta", "Gamma"]
    assert table[AUG].tolist() == [100, 90, 80]
    assert table[SEP].tolist() == [100, 0, -10]
    assert table[OCT].tolist() == [100, 60, 0]
    assert table["months_shipped"].tolist() == [3, 2, 1]
    assert table["months_total"].tolist() == [3, 3, 3]
    assert table["last_shipment"].tolist() == [pd.Timestamp(d) for d in ("2026-10-28", "2026-10-15", "2026-08-20")]
    # Oct 28 → Oct 31: 3 days; Oct 15 → 16; Aug 20 → Aug 31 is 11, + 30 (Sep) + 31 (Oct) = 72.
    assert table["days_since_last"].tolist() == [3, 16, 72]


def test_days_count_to_the_last_date_in_the_data_without_a_data_end():
    lines = _lines()
    table = periodicity(analysis_of(lines, WINDOW, top_n=3), lines)
    # The last date is Alpha's Oct 28: 28 - 28 = 0, 28 - 15 = 13, 72 - 3 = 69.
    assert table["days_since_last"].tolist() == [0, 13, 69]


def test_by_month_export_has_no_dates_so_no_days():
    lines = _lines(dated=False)
    table = periodicity(analysis_of(lines, WINDOW, top_n=3), lines, None)
    assert table["last_shipment"].isna().all()
    assert table["days_since_last"].isna().all()
    assert table["months_shipped"].tolist() == [3, 2, 1]


def test_missed_month_alerts_one_per_month_without_a_positive_shipment():
    lines = _lines()
    table = periodicity(analysis_of(lines, WINDOW, top_n=3), lines, pd.Timestamp("2026-10-31"))
    alerts = missed_month_alerts(table, WINDOW)
    got = sorted((a.client, str(a.month), a.severity, a.values["amount"]) for a in alerts)
    # Beta: nothing in September (medium: not the last month). Gamma: a return in September
    # (net -10), nothing in October (high: the window's last month, it has stopped now).
    assert got == [
        ("Beta", "2026-09", "medium", 0.0),
        ("Gamma", "2026-09", "medium", -10.0),
        ("Gamma", "2026-10", "high", 0.0),
    ]
    gamma_oct = next(a for a in alerts if a.client == "Gamma" and a.month == OCT)
    assert gamma_oct.values == {"amount": 0.0, "months_shipped": 1, "months_total": 3}
    assert gamma_oct.message("ru") == "Отгрузок не было: октябрь 2026"
    assert gamma_oct.action("ru") == "позвонить закупщику"
    assert gamma_oct.message("en") == "No shipments: October 2026"
    assert gamma_oct.action("en") == "call the buyer"


def test_one_month_window_and_one_month_of_data():
    lines = make_lines(
        [{"client": "Alpha", "month": "2026-10", "amount": 5}, {"client": "Beta", "month": "2026-10", "amount": 3}]
    )
    table = periodicity(analysis_of(lines, [OCT], top_n=2), lines, pd.Timestamp("2026-10-31"))
    assert table["months_shipped"].tolist() == [1, 1]
    assert table["months_total"].tolist() == [1, 1]
    assert table["days_since_last"].tolist() == [16, 16]  # dated the 15th
    assert missed_month_alerts(table, [OCT]) == []


def test_missed_months_core_for_kc_missed():
    monthly = pd.DataFrame([[100, 0, 50], [np.nan, -5, 10], [1, 2, 3], [0, 0, 0]])
    # Row 1: one zero month; row 2: a blank and a return-only month; row 3: none; row 4: all three.
    assert missed_months(monthly).tolist() == [1, 2, 0, 3]
