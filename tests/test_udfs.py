"""The Excel worksheet functions, called with the shapes xlwings passes on Windows.

xlwings hands a range read with ``ndim=2`` over as a list of rows, ``None`` for a blank
cell and floats for numbers; a bare scalar is possible when the function is called from
Python or VBA. The expected values are worked out by hand in the comments.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import sys

import pytest
import xlwings as xw
from hypothesis import given
from hypothesis import strategies as st

from keyclients_xl.excel import udfs
from keyclients_xl.excel.udf_vba import udf_help, udf_vba_module
from keyclients_xl.excel.udfs import (
    KC_ABC,
    KC_AVERAGE,
    KC_ISKEY,
    KC_PARETO,
    KC_RANK,
    KC_SHARE,
    KC_TREND,
    KC_XYZ,
    UDF_NAMES,
)


def column(*values):
    """A one-column range as xlwings passes it: [[v], [v], ...]."""
    return [[value] for value in values]


def flat(result):
    """A one-column result → its values."""
    assert all(len(row) == 1 for row in result), result
    return [row[0] for row in result]


# ---- KC_AVERAGE ----------------------------------------------------------------------------


def test_average_counts_blank_months_as_zero():
    # (90 + 0 + 30) / 3 = 40; Excel's AVERAGE skips the blank: (90 + 30) / 2 = 60.
    assert KC_AVERAGE([[90.0, None, 30.0]]) == [[40.0]]


def test_average_one_result_per_row_as_a_column():
    months = [
        [90.0, None, 30.0],  # 120 / 3 = 40
        [10.0, 20.0, 30.0],  # 60 / 3 = 20
        [None, None, None],  # no shipments at all: not a client → empty
        [None, None, 6.0],  # 6 / 3 = 2
    ]
    assert KC_AVERAGE(months) == [[40.0], [20.0], [""], [2.0]]


def test_average_accepts_a_scalar_a_flat_row_ints_and_nan():
    assert KC_AVERAGE(7.0) == [[7.0]]  # one cell
    assert KC_AVERAGE(None) == [[""]]  # one blank cell
    assert KC_AVERAGE([90, None, 30]) == [[40.0]]  # a flat list is one row, as with ndim=2
    assert KC_AVERAGE([[float("nan"), 3, ""]]) == [[1.0]]  # NaN and "" are blank: 3 / 3
    assert KC_AVERAGE([[1.0], [2.0, 4.0]]) == [[0.5], [3.0]]  # ragged: padded with a blank


def test_average_marks_only_the_row_with_text():
    months = [[1.0, 2.0, 3.0], [1.0, "abc", 3.0], [3.0, 3.0, 3.0]]
    assert KC_AVERAGE(months) == [
        [2.0],
        ["#VALUE! row 2, column 2: 'abc' is not a number"],
        [3.0],
    ]


# ---- KC_RANK -------------------------------------------------------------------------------


def test_rank_descending_ties_in_order_of_appearance():
    # 9 is 1st, 7 2nd; the two 5s are 3rd and 4th, the earlier one first.
    assert flat(KC_RANK(column(5.0, 7.0, 5.0, 9.0))) == [3, 2, 4, 1]


def test_rank_leaves_blanks_out():
    # An over-selected range: the blanks are not clients and do not push ranks down.
    assert flat(KC_RANK(column(5.0, None, 9.0, None))) == [2, "", 1, ""]


def test_rank_of_a_row_is_a_row_and_of_a_cell_is_a_cell():
    assert KC_RANK([[5.0, 7.0, 5.0]]) == [[2, 1, 3]]
    assert KC_RANK(3.0) == [[1]]
    assert KC_RANK([]) == [[""]]


def test_rank_negative_values_rank_last():
    assert flat(KC_RANK(column(-1.0, 0.0, 2.0))) == [3, 2, 1]


# ---- KC_ISKEY ------------------------------------------------------------------------------


def test_iskey_default_top_20():
    # 21 clients with 21, 20, ..., 1: all but the last (value 1) are in the top 20.
    values = column(*[float(v) for v in range(21, 0, -1)])
    assert flat(KC_ISKEY(values)) == [True] * 20 + [False]


def test_iskey_top_n_with_a_tie_at_the_boundary():
    # n = 2: 9 is 1st, then the first of the two 7s; the second 7 is 3rd → FALSE.
    assert flat(KC_ISKEY(column(7.0, 9.0, 7.0, None), 2.0)) == [True, True, False, ""]


def test_iskey_n_as_a_one_cell_range_or_blank():
    values = column(3.0, 2.0, 1.0)
    assert flat(KC_ISKEY(values, [[1.0]])) == [True, False, False]
    assert flat(KC_ISKEY(values, None)) == [True, True, True]  # blank n → 20 → all 3


@pytest.mark.parametrize("n", [0.0, 2.5, -3.0])
def test_iskey_rejects_n_that_is_not_a_whole_number_from_1(n):
    assert flat(KC_ISKEY(column(3.0, 2.0), n)) == ["#VALUE! n must be a whole number >= 1"] * 2


# ---- KC_ABC --------------------------------------------------------------------------------


def test_abc_the_value_reaching_80_percent_is_a():
    # Total 100. Running share before each: 50: 0 %, 30: 50 %, 15: 80 %, 5: 95 %.
    # A while the share before is below 80 %: 50 and 30 (which takes it exactly to 80 %).
    # B while below 80 + 15 = 95 %: 15. C: 5.
    assert flat(KC_ABC(column(50.0, 30.0, 15.0, 5.0))) == ["A", "A", "B", "C"]


def test_abc_the_value_crossing_80_percent_is_a():
    # Total 100, in input order 10, 60, 30; sorted 60, 30, 10.
    # Share before: 60: 0 %, 30: 60 % (crosses 80 % to 90 %) → A; 10: 90 % < 95 % → B.
    assert flat(KC_ABC(column(10.0, 60.0, 30.0))) == ["B", "A", "A"]


def test_abc_fractions_and_percents_agree():
    values = column(50.0, 30.0, 15.0, 5.0)
    assert KC_ABC(values, 80.0, 15.0) == KC_ABC(values, 0.8, 0.15) == KC_ABC(values)
    # a = 50 %: share before 30 is 50 %, not below → B; b = 30 %: B below 80 %: 30 only;
    # 15 starts at 80 % → C.
    assert flat(KC_ABC(values, 0.5, 30.0)) == ["A", "B", "C", "C"]


def test_abc_zero_and_negative_values_have_no_class_blanks_stay_empty():
    # Positive total 10: 10 is A; 0 and -5 have no share of it ("—", as on the sheet); a blank is not a client.
    assert flat(KC_ABC(column(10.0, 0.0, None, -5.0))) == ["A", "—", "", "—"]


@pytest.mark.parametrize(("a", "b"), [(0.9, 0.2), (100.0, 0.0), (0.0, 0.15), (-0.5, 0.1)])
def test_abc_rejects_impossible_thresholds(a, b):
    message = "#VALUE! a and b: need 0 < a < 100 %, b > 0 and a + b <= 100 %"
    assert flat(KC_ABC(column(3.0, 2.0), a, b)) == [message, message]


# ---- KC_XYZ --------------------------------------------------------------------------------


def test_xyz_thresholds_are_inclusive():
    rows = [
        [90.0, 110.0],  # mean 100, population std 10 → CV exactly 10 % → X
        [75.0, 125.0],  # mean 100, std 25 → exactly 25 % → Y
        [74.0, 126.0],  # std 26 → 26 % → Z
        [95.0, 105.0],  # std 5 → 5 % → X
    ]
    assert flat(KC_XYZ(rows)) == ["X", "Y", "Z", "X"]
    assert KC_XYZ(rows, 10.0, 25.0) == KC_XYZ(rows, 0.10, 0.25)


def test_xyz_uses_the_population_std():
    # [90, 110]: the sample std would be sqrt(200 / 1) = 14.1 % → Y; population 10 % → X.
    assert KC_XYZ([[90.0, 110.0]]) == [["X"]]


def test_xyz_blanks_are_zero_months():
    # [0, 100]: mean 50, std 50 → 100 % → Z (skipping the blank would give CV 0 → X).
    # [0, 0]: no positive mean → Z. The all-blank row is not a client.
    assert flat(KC_XYZ([[None, 100.0], [0.0, 0.0], [None, None]])) == ["Z", "Z", ""]


def test_xyz_rejects_x_not_below_y():
    assert flat(KC_XYZ([[1.0, 2.0]], 0.3, 0.25)) == ["#VALUE! x and y: need 0 < x < y"]


# ---- KC_TREND ------------------------------------------------------------------------------


def test_trend_last_month_against_the_earlier_average():
    rows = [
        [100.0, 100.0, 75.0],  # 75 / 100 - 1 = -0.25
        [80.0, 120.0, 150.0],  # earlier (80 + 120) / 2 = 100 → 150 / 100 - 1 = +0.5
        [None, 100.0, 50.0],  # earlier (0 + 100) / 2 = 50 → 50 / 50 - 1 = 0
        [100.0, 100.0, None],  # nothing last month: 0 / 100 - 1 = -1
        [0.0, None, 5.0],  # earlier average 0 → empty
        [5.0, None, None],  # one month of data in three: 0 / 2.5 - 1 = -1
    ]
    assert flat(KC_TREND(rows)) == pytest.approx([-0.25, 0.5, 0.0, -1.0, "", -1.0])


def test_trend_needs_two_months():
    assert KC_TREND(column(5.0, 6.0)) == [[""], [""]]  # one month per row: no earlier months
    assert KC_TREND(5.0) == [[""]]


# ---- KC_SHARE ------------------------------------------------------------------------------


def test_share_of_the_total():
    # Total 1 + 3 = 4: 1 / 4 = 0.25, 3 / 4 = 0.75; the blank is left out.
    assert flat(KC_SHARE(column(1.0, None, 3.0))) == [0.25, "", 0.75]


def test_share_of_a_zero_total_is_empty():
    assert flat(KC_SHARE(column(0.0, 0.0))) == ["", ""]


def test_share_divides_by_the_positive_values_only():
    # Positive total 60 + 40 = 100; -20 has no share (as on the key-client sheet).
    assert flat(KC_SHARE(column(60.0, -20.0, 40.0))) == [0.6, "", 0.4]


# ---- KC_PARETO -----------------------------------------------------------------------------


def test_pareto_small():
    # Total 100: 50 + 30 reach 80 % → 2 clients; the top 20 are all four → share 1.
    assert KC_PARETO(column(5.0, 50.0, 15.0, 30.0)) == [[2, 1.0]]


def test_pareto_with_more_than_20_values():
    # 10 values of 100 and 15 of 10: total 1150, 80 % of it = 920.
    # The share before the k-th 100 is 100 (k - 1) ≤ 900 < 920 → the 10 hundreds are
    # needed; before the first 10 it is 1000 ≥ 920 → 10 clients.
    # Top 20 = 10 × 100 + 10 × 10 = 1100 → 1100 / 1150.
    values = column(*([10.0] * 15 + [100.0] * 10))
    needed, top20 = KC_PARETO(values)[0]
    assert needed == 10
    assert top20 == pytest.approx(1100 / 1150)


def test_pareto_without_a_positive_total_is_empty():
    assert KC_PARETO(column(None, 0.0)) == [["", ""]]
    assert KC_PARETO([]) == [["", ""]]


def test_pareto_shows_errors_in_both_cells():
    message = "#VALUE! row 2: 'x' is not a number"
    assert KC_PARETO(column(1.0, "x")) == [[message, message]]


# ---- what is not a number ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("abc", "abc"),
        ("12", "12"),  # a number stored as text: fix the source, do not guess
        ("#N/A", "#N/A"),  # an Excel error cell, read with err_to_str=True
        (True, "TRUE"),
        (dt.datetime(2026, 1, 31), "2026-01-31 00:00:00"),
        (float("inf"), "inf"),
        ("x" * 60, "x" * 37 + "..."),
    ],
)
def test_non_numbers_fill_a_per_value_result(cell, shown):
    message = f"#VALUE! row 2: '{shown}' is not a number"
    for function in (KC_RANK, KC_SHARE, KC_ABC, KC_ISKEY):
        assert flat(function(column(1.0, cell, 3.0))) == [message] * 3, function.__name__


def test_non_number_in_a_row_of_values_is_named_by_column():
    assert KC_RANK([[1.0, 2.0, "abc"]]) == [["#VALUE! column 3: 'abc' is not a number"] * 3]


def test_values_must_be_one_column_or_one_row():
    message = "#VALUE! values must be a single column or a single row"
    for function in (KC_RANK, KC_SHARE, KC_ABC, KC_ISKEY):
        assert function([[1.0, 2.0], [3.0, 4.0]]) == [[message]], function.__name__
    assert KC_PARETO([[1.0, 2.0], [3.0, 4.0]]) == [[message, message]]


def test_blank_strings_are_blank():
    assert flat(KC_RANK(column("", "  ", 2.0))) == ["", "", 1]


# ---- properties ----------------------------------------------------------------------------

positive = st.floats(min_value=0.01, max_value=1e9, allow_nan=False, allow_infinity=False)
# Few distinct values, so that ties are common.
tied = st.sampled_from([-5.0, 0.0, 1.0, 2.5, 2.5, 100.0])


@given(st.lists(positive, min_size=1, max_size=60))
def test_share_sums_to_one(values):
    shares = flat(KC_SHARE(column(*values)))
    assert sum(shares) == pytest.approx(1.0)
    assert all(0 < share <= 1 for share in shares)


@given(st.lists(tied | positive, min_size=1, max_size=60))
def test_rank_is_a_permutation_in_value_order(values):
    ranks = flat(KC_RANK(column(*values)))
    assert sorted(ranks) == list(range(1, len(values) + 1))
    for i in range(len(values)):
        for j in range(i + 1, len(values)):
            # The larger value ranks first; equal values keep their order.
            assert (ranks[i] < ranks[j]) == (values[i] >= values[j])


@given(st.lists(st.lists(st.none() | positive, min_size=3, max_size=3), min_size=1, max_size=20))
def test_average_is_the_mean_with_blanks_as_zero(rows):
    expected = ["" if all(v is None for v in row) else sum(v or 0.0 for v in row) / 3 for row in rows]
    assert flat(KC_AVERAGE(rows)) == pytest.approx(expected)


# ---- the VBA module ------------------------------------------------------------------------

EXPECTED_SIGNATURES = {
    "KC_AVERAGE": "months",
    "KC_RANK": "values",
    "KC_ISKEY": "values, Optional n",
    "KC_ABC": "values, Optional a, Optional b",
    "KC_XYZ": "month_rows, Optional x, Optional y",
    "KC_TREND": "month_rows",
    "KC_SHARE": "values",
    "KC_PARETO": "values",
    "KC_MISSED": "months_range",
    "KC_COVERAGE": "client_skus, top_skus",
}


@pytest.fixture(scope="module")
def vba():
    return udf_vba_module()


def test_every_kc_function_is_a_udf():
    public = {name for name in dir(udfs) if name.startswith("KC_")}
    assert public == set(UDF_NAMES) == set(EXPECTED_SIGNATURES)


def test_vba_has_one_function_per_udf_with_its_arguments(vba):
    declarations = re.findall(r"^Function (\w+)\((.*)\)$", vba, flags=re.MULTILINE)
    assert sorted(declarations) == sorted(EXPECTED_SIGNATURES.items())
    assert vba.count("\nEnd Function\n") == len(EXPECTED_SIGNATURES)
    assert "Sub " not in vba


def test_vba_optional_arguments_match_the_python_defaults(vba):
    for name, expected in EXPECTED_SIGNATURES.items():
        parameters = inspect.signature(getattr(udfs, name)).parameters.values()
        generated = ", ".join(
            ("Optional " if p.default is not inspect.Parameter.empty else "") + p.name for p in parameters
        )
        assert generated == expected


def test_vba_calls_the_python_module(vba):
    for name, signature in EXPECTED_SIGNATURES.items():
        arguments = signature.replace("Optional ", "")
        call = f'{name} = XLPy.CallUDF("keyclients_xl.excel.udfs", "{name}", Array({arguments}), ThisWorkbook, '
        assert call in vba
    assert "ActiveWorkbook, Application.Caller" in udf_vba_module(add_in=True)


def test_vba_is_ascii_with_xlwings_header(vba):
    lines = vba.split("\n")
    assert lines[0] == 'Attribute VB_Name = "xlwings_udfs"'
    assert '#Const App = "Microsoft Excel"' in lines[2]
    for number, line in enumerate(lines, start=1):
        assert line.isascii(), f"line {number}: {line!r}"
        assert len(line) <= 1023, f"line {number} is too long for VBA"
    vba.encode("cp1252")


@pytest.mark.skipif(sys.platform.startswith("win"), reason="on Windows xw.func is xlwings' own")
def test_vba_generation_leaves_xlwings_as_it_was(vba):
    # The real decorators were swapped in for a private copy of the module only, and the
    # pywin32 stand-ins are gone again.
    assert xw.func(KC_RANK) is KC_RANK
    assert not hasattr(KC_RANK, "__xlfunc__")
    for name in ("pythoncom", "pywintypes", "win32com", "win32com.client", "keyclients_xl._udfs_for_vba"):
        assert name not in sys.modules


def test_help_texts_fit_excel():
    helps = udf_help()
    assert [h.name for h in helps] == list(UDF_NAMES)
    for h in helps:
        assert h.category == "KeyClients"
        assert 20 < len(h.description) <= 255 and h.description.isascii(), h.name
        names = [name for name, _ in h.arguments]
        assert ", ".join(names) == EXPECTED_SIGNATURES[h.name].replace("Optional ", "")
        for name, text in h.arguments:
            assert not text.startswith("Positional argument"), f"{h.name}({name}) has no help"
            assert len(text) <= 255 and text.isascii()
