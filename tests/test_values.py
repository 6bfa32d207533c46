"""Numbers and dates as 1C and Excel exports write them."""

import datetime as dt

import pandas as pd
import pytest

from keyclients_xl.read.values import BadValue, MixedDateOrder, to_dates, to_numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234 567,89", 1234567.89),
        ("1\u00a0234\u00a0567,89", 1234567.89),  # non-breaking spaces, as 1C writes them
        ("1\u202f234,5", 1234.5),  # narrow no-break space
        ("12,5", 12.5),  # a single comma is a decimal comma
        ("1,234,567.89", 1234567.89),
        ("1.234.567,89", 1234567.89),
        ("1 500 руб.", 1500.0),
        ("2 000,50 ₽", 2000.5),
        ("$1,250.00", 1250.0),
        ("(123)", -123.0),
        ("(1 234,5)", -1234.5),
        ("-7", -7.0),
        ("15.299999999999999", 15.299999999999999),
        (42, 42.0),
        (2.5, 2.5),
    ],
)
def test_numbers(text, expected):
    assert to_numbers(pd.Series([text]))[0] == pytest.approx(expected)


@pytest.mark.parametrize("blank", [None, "", "  ", "-", "—"])
def test_blanks_are_nan(blank):
    assert pd.isna(to_numbers(pd.Series([blank]))[0])


def test_bad_number_names_its_row_label():
    with pytest.raises(BadValue) as info:
        to_numbers(pd.Series(["1", "2", "три"], index=[10, 11, 12]))
    assert info.value.index == 12 and info.value.value == "три"


def test_dates_of_every_kind_in_one_column():
    values = pd.Series(
        [
            "01.02.2026",  # Russian day-first
            "01.01.2025 0:00:00",  # 1C with a time
            "2026-03-04",  # ISO
            "2026-03-04T10:15:00",
            45870,  # Excel serial: 2025-08-01
            dt.date(2026, 1, 5),
            dt.datetime(2026, 5, 5, 13, 0),
            None,
        ]
    )
    dates, order = to_dates(values)
    expected = ["2026-02-01", "2025-01-01", "2026-03-04", "2026-03-04", "2025-08-01", "2026-01-05", "2026-05-05"]
    assert list(dates[:7].dt.strftime("%Y-%m-%d")) == expected
    assert pd.isna(dates[7])
    assert order is None  # nothing ambiguous


def test_slash_dates_are_us_unless_a_value_proves_otherwise():
    dates, order = to_dates(pd.Series(["1/2/2026", "3/4/2026"]))
    assert list(dates.dt.strftime("%Y-%m-%d")) == ["2026-01-02", "2026-03-04"]
    assert order.day_first is False and order.proof is None  # assumed, and reported as such


def test_a_first_field_above_12_proves_day_first_for_the_whole_file():
    dates, order = to_dates(pd.Series(["1/2/2026", "13/01/2026"]))
    assert list(dates.dt.strftime("%Y-%m-%d")) == ["2026-02-01", "2026-01-13"]
    assert order.day_first and order.proof == "13/01/2026"


def test_a_second_field_above_12_proves_month_first():
    dates, order = to_dates(pd.Series(["2/1/2026", "1/22/2026"]))
    assert list(dates.dt.strftime("%Y-%m-%d")) == ["2026-02-01", "2026-01-22"]
    assert not order.day_first and order.proof == "1/22/2026"


def test_contradicting_orders_are_an_error():
    with pytest.raises(MixedDateOrder):
        to_dates(pd.Series(["13/01/2026", "1/22/2026"]))


@pytest.mark.parametrize("bad", ["32.01.2026", "завтра", "2026-13-01"])
def test_bad_dates(bad):
    with pytest.raises(BadValue):
        to_dates(pd.Series(["01.01.2026", bad]))


@pytest.mark.parametrize("empty", ["01.01.0001 0:00:00", "01.01.0001", " 0001-01-01 00:00:00 "])
def test_1c_empty_date_is_a_blank_cell(empty):
    """1C writes 'Пустая дата' (an unpaid invoice's payment date) as 01.01.0001 0:00:00. Parsed
    as year 1, it crashed the reader (OutOfBoundsDatetime) when put beside a real day."""
    days, _ = to_dates(pd.Series([empty, "12.08.2026 0:00:00"]))
    assert pd.isna(days[0]) and days[1] == pd.Timestamp("2026-08-12")


@pytest.mark.parametrize(
    "beyond", ["31.12.9999", "2300-01-01", "01.01.1600", dt.date(9999, 12, 31), dt.datetime(1, 1, 2), 2958465]
)
def test_a_day_a_report_cannot_hold_is_a_bad_date(beyond):
    """Days before 1677-09-22 or after 2262-04-11 (what pandas holds) crashed or wrapped round."""
    with pytest.raises(BadValue) as caught:
        to_dates(pd.Series(["01.08.2026", beyond], dtype=object))
    assert (caught.value.index, caught.value.value) == (1, beyond)


@pytest.mark.parametrize("infinite", ["inf", "-Infinity", "1e999", float("inf")])
def test_an_infinite_amount_is_not_a_number(infinite):
    """pandas and Arrow read 'inf' and '1e999' as infinity: one such cell made every total infinite."""
    with pytest.raises(BadValue) as caught:
        to_numbers(pd.Series(["1 234,5", infinite], dtype=object))
    assert (caught.value.index, caught.value.value) == (1, infinite)


@pytest.mark.parametrize("huge", ["1e308", "-1e15", "1 000 000 000 000 000,00", 1e16, -2.5e300])
def test_a_number_no_sale_reaches_is_a_bad_cell(huge):
    """'1e308' on a few lines summed to infinity: 'Infinity' in the JSON summary. A number of 10^15
    or more is named as too large, by the cell rule and by the column reader alike."""
    import pyarrow as pa

    from keyclients_xl.read.columns import numbers
    from keyclients_xl.read.values import number_error

    cells = ["1 234,5", huge] if isinstance(huge, str) else [1234.5, huge]
    for read in (lambda c: to_numbers(pd.Series(c, dtype=object)), lambda c: numbers(pa.array(c))):
        with pytest.raises(BadValue) as caught:
            read(cells)
        assert (caught.value.index, caught.value.value) == (1, huge)
    assert number_error(huge) == "error.number_too_large"
    assert [number_error(cell) for cell in ("три", "inf", "1e999")] == ["error.bad_number"] * 3


def test_the_largest_number_below_the_limit_is_read():
    assert to_numbers(pd.Series(["999 999 999 999 999", "-999999999999999,5"])).tolist() == [
        999_999_999_999_999.0,
        -999_999_999_999_999.5,
    ]


@pytest.mark.parametrize("cells", [["", "1e999", "0", "inf"], ["1e999", "три"], ["1 000", "inf", "три"]])
def test_the_first_bad_number_is_named_whichever_rule_finds_it(cells):
    """An infinite cell and a cell that is no number: the first in the column is named, by the
    cell rule and by the column reader alike (the reader named 'inf' after a '1e999' before it)."""
    import pyarrow as pa

    from keyclients_xl.read.columns import numbers

    first = next(i for i, cell in enumerate(cells) if cell in ("1e999", "inf", "три"))
    for read in (lambda c: to_numbers(pd.Series(c, dtype=object)), lambda c: numbers(pa.array(c))):
        with pytest.raises(BadValue) as caught:
            read(cells)
        assert (caught.value.index, caught.value.value) == (first, cells[first])


def test_a_negative_zero_is_a_zero():
    """'(0,00)' and '-0' gave -0.0, which a note showed as '-0'."""
    import numpy as np
    import pyarrow as pa

    from keyclients_xl.read.columns import numbers

    cells = ["(0,00)", "-0", "-0,0 руб."]
    for read in (to_numbers(pd.Series(cells)).to_numpy(), numbers(pa.array(cells)), numbers(pa.array([-0.0]))):
        assert not np.signbit(read).any() and (read == 0).all()


def assert_both_engines_read(tmp_path, cells: list[str], expected: list[float]) -> None:
    """Each cell as one line's amount of a CSV, read in memory and through DuckDB."""
    from keyclients_xl.read import read_exports

    export = tmp_path / "Продажи.csv"
    lines = "".join(f'01.09.2026;Клиент {i};"{cell}"\n' for i, cell in enumerate(cells))
    export.write_text("Дата;Контрагент;Сумма\n" + lines, encoding="utf-8")
    for engine in ("memory", "duckdb"):
        frame = read_exports([export], engine=engine).frame
        assert dict(zip(frame["client"], frame["amount"], strict=True)) == {
            f"Клиент {i}": number for i, number in enumerate(expected)
        }


# Each cell and its number, by hand: a sign after an apostrophe (Excel's mark of a text cell,
# kept in a CSV), and numbers with a currency after them (a CSV saved from a sheet whose cells
# have a currency format holds the text shown).
SIGNED_AND_PRICED = {
    "'-5": -5.0,
    "' -5": -5.0,
    "'(1 234,5)": -1234.5,
    "-'5": -5.0,
    "1 234 567,89 руб.": 1234567.89,
    "1\u00a0234,56 р.": 1234.56,
    "-7 р": -7.0,
    "(2 000,50 ₽)": -2000.5,
    "1 234.5 USD": 1234.5,
    "+12 РУБ": 12.0,
    "1.234,56 руб.": 1234.56,
    "0,5€": 0.5,
    "12\u00a0345,6": 12345.6,
    "'1 000": 1000.0,
    "5\x1c000": 5000.0,  # Python's \s is Unicode (RE2's is ASCII): DuckDB named it not a number
}


def test_signs_after_an_apostrophe_and_numbers_before_a_currency_read_alike_by_every_reader(tmp_path):
    """The column reader read "'-5" as -5 and the cell rule and DuckDB as 5; and a column of
    numbers with a currency went through the cell rule one distinct text at a time (2.5 s for a
    million amounts, now one pass of Arrow's)."""
    import pyarrow as pa

    from keyclients_xl.read.columns import numbers

    cells, expected = list(SIGNED_AND_PRICED), list(SIGNED_AND_PRICED.values())
    assert to_numbers(pd.Series(cells)).tolist() == expected
    assert numbers(pa.array(cells)).tolist() == expected
    assert numbers(pa.array(cells * 400)).tolist() == expected * 400  # past the first cells a cast tries
    assert_both_engines_read(tmp_path, cells, expected)


def test_a_signed_nan_is_a_bad_number_in_a_column_of_numbers_too():
    """Arrow's cast read '-nan' as an empty cell, so the line was left out without a word,
    where the cell rule (and DuckDB) named it as not a number."""
    import pyarrow as pa

    from keyclients_xl.read.columns import numbers

    for cells in (["1", "-nan"], ["1 000", "+NaN"], ["1", "nan", "-nan"]):
        with pytest.raises(BadValue) as caught:
            numbers(pa.array(cells))
        assert (caught.value.index, caught.value.value) == (len(cells) - 1, cells[-1])
    assert numbers(pa.array(["1", "nan", "2,5"])).tolist()[::2] == [1.0, 2.5]  # 'nan' alone is an empty cell


# Forms the quick casts leave to the cell rule's steps, each number by hand
OTHER_FORMS = {
    "$1,234.56": 1234.56,
    "1.234.567,89": 1234567.89,
    "(1 234,56)": -1234.56,
    "12,345,67": 1234567.0,  # repeated commas group thousands
    "1,234": 1.234,  # a single comma is a decimal comma
    "'(1 000)": -1000.0,
    "USD 1 000,5": 1000.5,
    "1 e 3": 1000.0,
}


def test_other_number_forms_are_read_in_arrow_as_the_cell_rule_reads_them():
    """Such cells went through the pandas cell rule one distinct text at a time (2.5 s for a
    million amounts like '$1,234.56'); the same steps in Arrow's kernels take 0.5–1 s."""
    import numpy as np
    import pyarrow as pa

    from keyclients_xl.read.columns import _text_numbers, numbers

    cells, expected = list(OTHER_FORMS), list(OTHER_FORMS.values())
    parsed, done = _text_numbers(pa.array(cells))
    assert done.all() and parsed.tolist() == expected
    assert numbers(pa.array(cells)).tolist() == to_numbers(pd.Series(cells)).tolist() == expected
    halves = pa.chunked_array([cells[:3], cells[3:]])  # as a CSV's column comes, in pieces
    assert numbers(halves).tolist() == expected
    parsed, done = _text_numbers(pa.array(["три", "1e999", "руб.", "5-"]))  # left to the cell rule
    assert not done.any()
    assert np.array_equal(numbers(pa.array(["1", "", "(0,00)"])), [1.0, np.nan, 0.0], equal_nan=True)


# A currency format's negatives, as a sheet saved as CSV shows them, each number by hand: the
# sign after the currency ('$-5', the Dutch '€ -5,00') or brackets before it ('(5) руб.').
CURRENCY_BEFORE_THE_SIGN = {
    "$-5": -5.0,
    "€ -5,00": -5.0,
    "$ -1,234.56": -1234.56,
    "$(1,234.50)": -1234.5,
    "руб. -7": -7.0,
    "USD (1 000,5)": -1000.5,
    "(5) руб.": -5.0,
    "(1 234,56) ₽": -1234.56,
    "'$-5": -5.0,
    "-$5": -5.0,
    "$5": 5.0,
}


def test_a_sign_after_a_currency_is_kept_by_every_reader(tmp_path):
    """'$-5', '€ -5,00' and '(5) руб.' read as 5: the sign counted only at the cell's start, and
    brackets only at its end, so a return or a credit note added to the revenue."""
    import pyarrow as pa

    from keyclients_xl.read.columns import numbers

    cells, expected = list(CURRENCY_BEFORE_THE_SIGN), list(CURRENCY_BEFORE_THE_SIGN.values())
    assert to_numbers(pd.Series(cells)).tolist() == expected
    assert numbers(pa.array(cells)).tolist() == expected
    assert_both_engines_read(tmp_path, cells, expected)
