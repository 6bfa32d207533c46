"""KC_MISSED and KC_COVERAGE, called with the shapes xlwings passes on Windows (hand-computed),
and against the sheets they mirror (Periodicity, Assortment) on a real build."""

from __future__ import annotations

import pytest
from metric_book import TODAY, write_export

from keyclients_xl.engine import report_sheets
from keyclients_xl.excel.udfs import KC_COVERAGE, KC_MISSED
from keyclients_xl.read import read_exports
from keyclients_xl.settings import Settings


def flat(result):
    assert all(len(row) == 1 for row in result), result
    return [row[0] for row in result]


def test_missed_counts_months_without_a_positive_amount():
    months = [
        [100.0, None, 150.0],  # a blank month is missed: 1
        [10.0, 20.0, 30.0],  # 0
        [0.0, -5.0, 40.0],  # nothing and returns only: 2
        [None, None, None],  # not a client: empty
        [None, "", 3.0],  # "" is blank: 2
    ]
    assert KC_MISSED(months) == [[1], [0], [2], [""], [2]]
    assert KC_MISSED([90, None, 30]) == [[1]]  # a flat list is one row
    assert KC_MISSED(5.0) == [[0]] and KC_MISSED(None) == [[""]]


def test_missed_marks_only_the_row_with_text():
    assert KC_MISSED([[1.0, 2.0], [1.0, "abc"], [0.0, 3.0]]) == [
        [0],
        ["#VALUE! row 2, column 2: 'abc' is not a number"],
        [1],
    ]


def test_coverage_is_the_share_of_distinct_top_skus_bought():
    top = [["P1"], ["P2"], ["P3"], ["P4"]]
    bought = [
        ["P1", "p2 ", None, "P1"],  # P1 and P2 (case and spaces do not matter; P1 counts once): 2 / 4
        ["X", None, None, None],  # none of the top: 0
        [None, None, None, None],  # not a client: empty
        ["P4", "P3", "P2", "P1"],  # all four: 1
    ]
    assert KC_COVERAGE(bought, top) == [[0.5], [0.0], [""], [1.0]]
    assert KC_COVERAGE([["A", "b"]], [["a", "B", "c"]]) == [[pytest.approx(2 / 3)]]  # a top list as a row


def test_coverage_reads_number_ids_as_skus():
    # SKU ids stored as numbers: 1024 and 1024.0 are the same SKU, and '1024' typed as text too.
    assert KC_COVERAGE([[1024.0, "77"]], [[1024], [77.0], ["5"]]) == [[pytest.approx(2 / 3)]]


def test_coverage_errors_are_named():
    assert KC_COVERAGE([["P1", True]], [["P1"]]) == [["#VALUE! row 1, column 2: 'TRUE' is not a SKU"]]
    assert KC_COVERAGE([["P1"], ["#N/A"]], [["P1"]]) == [[1.0], ["#VALUE! row 2, column 1: '#N/A' is not a SKU"]]
    assert KC_COVERAGE([["P1"], ["P2"]], [[None], [""]]) == [["#VALUE! top_skus has no SKUs"]] * 2
    assert KC_COVERAGE([["P1"]], [["P1", "#DIV/0!"]]) == [["#VALUE! top_skus column 2: '#DIV/0!' is not a SKU"]]


def test_coverage_and_missed_agree_with_the_sheets(tmp_path):
    """The worksheet functions over what a user can lay out from the lines give the sheets' numbers."""
    shipments = read_exports([write_export(tmp_path / "sales.csv")])
    result = report_sheets(shipments, Settings(top_n=2), today=TODAY)
    metrics = result.context.results["metrics"]
    lines = shipments.frame[shipments.frame["month"].isin(result.analysis.months)]
    clients = metrics.assortment.clients
    bought = [
        sorted(lines.loc[(lines["client_key"] == key) & (lines["amount"] > 0), "sku"].unique())
        for key in clients["client_key"]
    ]
    width = max(map(len, bought))
    rows = [skus + [None] * (width - len(skus)) for skus in bought]
    top = [[sku] for sku in metrics.assortment.top["sku"]]
    assert flat(KC_COVERAGE(rows, top)) == list(clients["coverage"]) == [0.5, 0.5]
    periodicity = metrics.periodicity
    months = periodicity[result.analysis.months].to_numpy().tolist()
    missed = (periodicity["months_total"] - periodicity["months_shipped"]).tolist()
    assert flat(KC_MISSED(months)) == missed == [1, 0]


def test_the_examples_in_the_docs():
    """docs/udfs.md's tables for KC_MISSED and KC_COVERAGE."""
    assert KC_MISSED([[100, None, 150], [10, 20, 30], [0, -5, 40], [None, None, None]]) == [[1], [0], [2], [""]]
    bought = [["P1", "p2", "P1"], ["X", None, None], ["P4", "P3", "P2"]]
    assert KC_COVERAGE(bought, [["P1"], ["P2"], ["P3"], ["P4"]]) == [[0.5], [0.0], [0.75]]
