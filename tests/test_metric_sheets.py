"""The metric sheets, the Dashboard, the Health and What-to-do columns and the JSON alerts of one
build of the hand-computed export in metric_book.py, read back from the workbook it wrote.

The build goes through engine.build with a JSON summary, into a workbook that already holds a
Terms reviews sheet (so the reviews are read from it), with --coverage-threshold 60 for this
build only (so the assortment alerts fire: 1 of 2 top SKUs is 50 %).
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from metric_book import TODAY, table, write_export, write_reviews_workbook

from keyclients_xl import build
from keyclients_xl.excel.udfs import KC_MISSED, KC_TREND
from keyclients_xl.report.dashboard import ALERTS_ROW, TILE_ROW
from keyclients_xl.report.key_clients import HEADER_ROW as KEY_HEADER_ROW

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

approx = pytest.approx


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict, object]:
    folder = tmp_path_factory.mktemp("metric_book")
    export = write_export(folder / "sales.csv")
    workbook = write_reviews_workbook(folder / "KeyClients.xlsx")
    # history_seed=0: no earlier months in History, so the alerts are the metric sheets' alone.
    result = build(
        workbook, [export], summary=folder / "summary.json", top_n=2, coverage_threshold=60.0, today=TODAY,
        history_seed=0,
    )  # fmt: skip
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    return workbook, summary, result


@pytest.fixture(scope="module")
def book(built):
    return openpyxl.load_workbook(built[0])


def test_the_sheets_in_order_the_reviews_sheet_kept(book):
    assert book.sheetnames == [
        "Key clients", "Dashboard", "Periodicity", "Assortment", "Turnover", "Trade terms", "Near-key",
        "Changes", "History", "Plan", "Top assortment", "Receivables (input)", "Prospects (input)", "Contacts",
        "Visits", "Events", "Account cards", "Settings", "Terms reviews",
    ]  # fmt: skip
    # The manager's Terms reviews sheet is theirs: read, never rewritten (its old review is still there).
    assert book["Terms reviews"]["C3"].value == "old prices"


def test_the_json_alerts_exactly(built):
    _, summary, _ = built
    assert summary["alerts"] == [
        # Beta shipped nothing in September, not the window's last month: medium.
        {"client": "Beta", "kind": "missed_month", "severity": "medium", "message": "No shipments: September 2026",
         "month": "2026-09", "values": {"amount": 0.0, "months_shipped": 2, "months_total": 3}},
        # Alpha: October 70 against (90 + 80) / 2 = 85 → -17.6 %; May–October 120 … 70: slope -10 / mean 95
        # = -10.5 % a month. The larger fall, 17.6 %, is above 10 % and not above 20 %: low. P2 stopped
        # (25 a month in August–September, none in October).
        {"client": "Alpha", "kind": "decline", "severity": "low",
         "message": "Decline: last month -18% vs. the earlier average, trend -11% a month", "month": None,
         "values": {"last_vs_earlier": approx(70 / 85 - 1), "trend": approx(-10 / 95), "trend_months": 6,
                    "earlier_average": 85.0, "last_month": 70.0,
                    "drivers": [{"sku": "P2", "change": -25.0, "status": "stopped", "ratio": None}]}},
        # Top SKUs: P1 440 of 670 (65.7 %), then P3 (120) crosses 80 %. Alpha buys P1 only: 50 % < 60 %.
        {"client": "Alpha", "kind": "low_assortment", "severity": "low", "message": "Does not buy 1 of 2 top SKUs",
         "month": None, "values": {"top_bought": 1, "top_total": 2, "coverage": 0.5, "white_space": ["P3"],
                                   "white_space_count": 1}},
        # Beta: 150 against (100 + 0) / 2 = 50 → +200 %; its trend (-1.6 %) is no 10 % fall: growth, by P1.
        {"client": "Beta", "kind": "growth", "severity": "low",
         "message": "Growth: last month +200% vs. the earlier average, trend -2% a month", "month": None,
         "values": {"last_vs_earlier": approx(2.0), "trend": approx(-25 / 17.5 / (550 / 6)), "trend_months": 6,
                    "earlier_average": 50.0, "last_month": 150.0,
                    "drivers": [{"sku": "P1", "change": 100.0, "status": "changed", "ratio": approx(2.0)}]}},
        {"client": "Beta", "kind": "low_assortment", "severity": "low", "message": "Does not buy 1 of 2 top SKUs",
         "month": None, "values": {"top_bought": 1, "top_total": 2, "coverage": 0.5, "white_space": ["P3"],
                                   "white_space_count": 1}},
        # Alpha's last review (1 October, 29 days before 30 October) is not due; Beta has none.
        {"client": "Beta", "kind": "review_due", "severity": "low", "message": "Terms review: none on record",
         "month": None, "values": {"last_review": None, "days_since_review": None, "review_days": 92}},
        # Gamma (rank 3): 0 0 0 30 40 50 → slope 200 / 17.5 = 11.43 a month, 57 % of its mean 20;
        # 40 below Alpha's 80 → 3.5 → 4 months.
        {"client": "Gamma", "kind": "fast_grower", "severity": "low",
         "message": "Growing 57% a month; key level in 4 months", "month": None,
         "values": {"trend": approx(200 / 17.5 / 20), "average": 40.0, "gap": 40.0, "months_to_key": 4}},
    ]  # fmt: skip
    assert summary["settings_sources"]["coverage_threshold"] == "command_line"


def test_the_json_health(built):
    _, summary, _ = built
    health = {entry["client"]: entry for entry in summary["health"]}
    # Beta: one medium signal (the missed month) → amber. Alpha: two low ones → amber.
    assert {client: entry["health"] for client, entry in health.items()} == {"Beta": "amber", "Alpha": "amber"}
    assert health["Alpha"]["signals"] == ["decline", "low_assortment"]
    assert health["Beta"]["what_to_do"] == (
        "No shipments: September 2026 — call the buyer; "
        "Terms review: none on record — review prices and discounts, meet the buyer; "
        "Does not buy 1 of 2 top SKUs — offer: P3"
    )


def test_periodicity_cells(book):
    sheet = book["Periodicity"]
    rows = table(sheet)
    assert [(r["Rank"], r["Client"], r["Aug 2026"], r["Sep 2026"], r["Oct 2026"]) for r in rows] == [
        (1, "Beta", 100, 0, 150),
        (2, "Alpha", 90, 80, 70),
    ]
    assert [r["Months shipped of 3"] for r in rows] == [2, 3]
    # The data end on 30 October: Beta's last line that day, Alpha's on the 20th.
    assert [r["Last shipment"].date() for r in rows] == [dt.date(2026, 10, 30), dt.date(2026, 10, 20)]
    assert [r["Days since last shipment"] for r in rows] == [0, 10]
    rules = {str(rng.sqref): [rule for rule in rng.rules] for rng in sheet.conditional_formatting}
    assert [rule.formula for rule in rules["C5:E6"] if rule.type == "expression"] == [["C5<=0"]]
    assert [rule.type for rule in rules["C5:E6"]] == ["expression", "colorScale"]  # the heat map under the red
    assert rules["F5:F6"][0].formula == ["F5<3"]
    assert [table_.ref for table_ in sheet.tables.values()] == ["A4:H6"]


def test_kc_missed_agrees_with_the_periodicity_sheet(book):
    rows = table(book["Periodicity"])
    months = [[r["Aug 2026"], r["Sep 2026"], r["Oct 2026"]] for r in rows]
    assert [cell[0] for cell in KC_MISSED(months)] == [3 - r["Months shipped of 3"] for r in rows] == [1, 0]


def test_assortment_cells(book):
    sheet = book["Assortment"]
    rows = table(sheet)
    assert [(r["Client"], r["Top SKUs bought"], r["Top SKUs in all"], r["Coverage"]) for r in rows] == [
        ("Beta", 1, 2, 0.5),
        ("Alpha", 1, 2, 0.5),
    ]
    # Beta's window purchases are all P1; Alpha's 190 of 240 (P2 50 is not a top SKU).
    assert [r["Top SKUs' share of purchases"] for r in rows] == [approx(1.0), approx(190 / 240)]
    assert [(r["Not bought"], r["Not bought (what to offer)"]) for r in rows] == [(1, "P3"), (1, "P3")]
    # The top list under it: P1 440 (65.7 %), P3 120 (17.9 %, 83.6 % running); both key clients buy P1.
    title_row = next(row for row in range(1, 20) if sheet.cell(row, 1).value == "The company's top SKUs")
    top = table(sheet, title_row + 1)
    assert [(r["Rank"], r["SKU"], r["Sales in the period"], r["Key clients buying"]) for r in top] == [
        (1, "P1", 440, 2),
        (2, "P3", 120, 0),
    ]
    assert [r["Cumulative share"] for r in top] == [approx(440 / 670), approx(560 / 670)]
    assert "60 %" in sheet["A2"].value and "the 2 SKUs making the first 80 %" in sheet["A2"].value
    rules = [rule.formula[0] for rng in sheet.conditional_formatting for rule in rng.rules]
    assert rules == ["AND(ISNUMBER(E5),E5<0.3)", "AND(ISNUMBER(E5),E5<0.6)"]


def test_turnover_cells(book):
    rows = table(book["Turnover"])
    beta, alpha = rows
    # Month on month: Alpha 100 (July) → 90 → 80 → 70; Beta 100 → 100 → 0 → 150 (no base in October).
    assert [alpha[f"Δ {m} 2026"] for m in ("Aug", "Sep", "Oct")] == [approx(-0.1), approx(-1 / 9), approx(-0.125)]
    assert [beta[f"Δ {m} 2026"] for m in ("Aug", "Sep", "Oct")] == [approx(0.0), approx(-1.0), None]
    assert (alpha["Earlier average"], alpha["Last vs earlier"]) == (85, approx(70 / 85 - 1))
    assert (beta["Earlier average"], beta["Last vs earlier"]) == (50, approx(2.0))
    assert (alpha["Trend a month"], alpha["Trend months"]) == (approx(-10 / 95), 6)
    # Why: Alpha fell (P2 stopped: 25 a month before, none now); Beta rose (P1 50 → 150).
    assert alpha["Why it moved"] == "P2 (-25, stopped)"
    assert beta["Why it moved"] == "P1 (+100, +200%)"


def test_kc_trend_agrees_with_the_turnover_sheet(book):
    rows = table(book["Turnover"])
    months = [[r["Aug 2026"], r["Sep 2026"], r["Oct 2026"]] for r in rows]
    assert [cell[0] for cell in KC_TREND(months)] == approx([r["Last vs earlier"] for r in rows])


def test_trade_terms_cells(book):
    rows = {r["Client"]: r for r in table(book["Trade terms"])}
    # Discount: 1 - 10 / 12.5 = 20 % (Alpha), 1 - 8 / 12.5 = 36 % (Beta).
    assert (rows["Alpha"]["Discount"], rows["Beta"]["Discount"]) == (approx(0.2), approx(0.36))
    # Price index: Alpha's P1 (19 at 10) against Beta's 8, P2 (5 at 10) against Delta's 10:
    # (190 + 50) / (19 × 8 + 5 × 10) = 240 / 202. Beta's P1 (31.25 at 8) against Alpha's 10: 0.8.
    assert rows["Alpha"]["Price index"] == approx(240 / 202) and rows["Alpha"]["SKUs compared"] == 2
    assert rows["Beta"]["Price index"] == approx(0.8) and rows["Beta"]["SKUs compared"] == 1
    alpha = rows["Alpha"]
    assert (alpha["Last review"].date(), alpha["Days since review"], alpha["Note"]) == (
        dt.date(2026, 10, 1),
        29,
        "прайс 2026",
    )
    assert alpha["Review due"] is None and rows["Beta"]["Review due"] == "Yes"
    assert rows["Beta"]["Last review"] is None and rows["Beta"]["Days since review"] is None


def test_near_key_cells(book):
    rows = table(book["Near-key"])
    assert [(r["Rank"], r["Client"], r["Average per month"], r["Key level"], r["Gap"]) for r in rows] == [
        (3, "Gamma", 40, 80, 40),
        (4, "Delta", 20, 80, 60),
    ]
    assert [r["Trend a month"] for r in rows] == [approx(200 / 17.5 / 20), approx(0.0)]
    assert [r["Months to key"] for r in rows] == [4, "—"]  # Delta is flat: never, at its trend


def test_dashboard_figures_and_tables(book):
    sheet = book["Dashboard"]
    tiles = {sheet.cell(TILE_ROW, c).value: sheet.cell(TILE_ROW + 1, c).value for c in range(1, 20)}
    # Key clients' share: (83.33 + 80) / (83.33 + 80 + 40 + 20).
    assert tiles["Key clients' share of sales"] == approx(163.33333 / 223.33333)
    assert (tiles["Key clients"], tiles["Red accounts"], tiles["Amber accounts"], tiles["Green accounts"]) == (
        2,
        0,
        2,
        0,
    )
    assert tiles["Alerts in all"] == 7
    alerts = {r["Kind"]: (r["High"], r["Medium"], r["Low"], r["Total"]) for r in table_at(sheet, ALERTS_ROW + 1, 2)}
    assert alerts == {
        "Missed month": (0, 1, 0, 1),
        "Decline": (0, 0, 1, 1),
        "Terms review due": (0, 0, 1, 1),
        "Low assortment": (0, 0, 2, 2),
        "Growth": (0, 0, 1, 1),
        "Fast-growing near-key client": (0, 0, 1, 1),
    }
    data_row = next(r for r in range(1, 80) if sheet.cell(r, 1).value == "Chart data")
    pareto = table_at(sheet, data_row + 1, 1)
    assert [(r["Rank"], r["Client"], r["Key clients"], r["Other clients"]) for r in pareto] == [
        (1, "Beta", approx(250 / 3), None),
        (2, "Alpha", 80, None),
        (3, "Gamma", None, 40),
        (4, "Delta", None, 20),
    ]
    assert [r["Cumulative share"] for r in pareto] == approx([250 / 670, 490 / 670, 610 / 670, 1.0])
    monthly = table_at(sheet, data_row + 1, 8)
    # Key clients (Alpha + Beta) and the rest (Gamma + Delta), May–October.
    assert [(r["Month"], r["Key clients"], r["Other clients"]) for r in monthly] == [
        ("May 2026", 220, 20),
        ("Jun 2026", 210, 20),
        ("Jul 2026", 200, 20),
        ("Aug 2026", 190, 50),
        ("Sep 2026", 80, 60),
        ("Oct 2026", 220, 70),
    ]


def table_at(sheet, header_row: int, first_col: int) -> list[dict]:
    """A table whose header starts at `first_col`."""
    headers = [sheet.cell(header_row, c).value for c in range(first_col, first_col + 6)]
    rows = []
    for r in range(header_row + 1, header_row + 50):
        if sheet.cell(r, first_col).value is None:
            break
        rows.append({h: sheet.cell(r, first_col + i).value for i, h in enumerate(headers) if h})
    return rows


def test_dashboard_charts_are_native_excel_charts(built, book):
    workbook = built[0]
    with zipfile.ZipFile(workbook) as package:
        names = package.namelist()
        charts = sorted(name for name in names if name.startswith("xl/charts/chart"))
        assert charts == ["xl/charts/chart1.xml", "xl/charts/chart2.xml"]
        pareto = package.read("xl/charts/chart1.xml").decode()
        monthly = package.read("xl/charts/chart2.xml").decode()
    # Pareto: two bar series (key, others) and the cumulative share as a line on a secondary axis.
    assert "<c:barChart>" in pareto or "<barChart>" in pareto
    assert pareto.count("<ser>") + pareto.count("<c:ser>") == 3
    assert "lineChart" in pareto and '<crosses val="max"/>' in pareto and '<max val="1"/>' in pareto
    assert "'Dashboard'!$D$" in pareto and "'Dashboard'!$F$" in pareto  # data on the chart's own sheet
    assert 'grouping val="stacked"' in monthly and monthly.count("<ser>") + monthly.count("<c:ser>") == 2
    # openpyxl reads them back onto the Dashboard, and nowhere else.
    assert {name: len(book[name]._charts) for name in book.sheetnames if book[name]._charts} == {"Dashboard": 2}
    assert [chart.title.tx.rich.p[0].r[0].t for chart in book["Dashboard"]._charts] == [
        "Pareto: the first 4 clients by average per month",
        "Key clients and the rest by month",
    ]


def test_key_client_sheet_health_and_what_to_do(book, built):
    sheet = book["Key clients"]
    headers = [cell.value for cell in sheet[KEY_HEADER_ROW]]
    # The manager's Comment, printed; then, for the screen, the link to the plan and What to do.
    assert headers[-5:] == ["Key", "Health", "Comment", "Plan", "What to do"]
    rows = {
        row[1]: row for row in sheet.iter_rows(min_row=KEY_HEADER_ROW + 1, max_row=KEY_HEADER_ROW + 4, values_only=True)
    }
    assert [rows[c][-4] for c in ("Beta", "Alpha", "Gamma", "Delta")] == ["Amber", "Amber", None, None]
    assert rows["Alpha"][-1] == (
        "Decline: last month -18% vs. the earlier average, trend -11% a month — "
        "find out why, meet the buyer: ask about P2 (-25, stopped); Does not buy 1 of 2 top SKUs — offer: P3"
    )
    health = [(str(rng.sqref), rule.formula[0]) for rng in sheet.conditional_formatting for rule in rng.rules][1:]
    assert health == [("M5:M8", '$M5="Red"'), ("M5:M8", '$M5="Amber"'), ("M5:M8", '$M5="Green"')]
    assert sheet.print_area == "'Key clients'!$A$1:$N$" + sheet.print_area.rsplit("$", 1)[1]  # What to do: screen only
