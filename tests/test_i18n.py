"""The message catalogue: every key in both languages, plural forms and numbers from CLDR."""

from __future__ import annotations

import pandas as pd
import pytest

from keyclients_xl.i18n import LANGS, TEXTS, Count, Month, number, percent, plural


def test_every_text_has_both_languages():
    assert all(set(entry) == set(LANGS) for entry in TEXTS.values())


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "1 строка"), (3, "3 строки"), (5, "5 строк"), (11, "11 строк"), (21, "21 строка"), (22, "22 строки")],
)
def test_russian_plural_forms_of_lines(count, expected):
    assert Count(count, "line").text("ru") == expected


def test_plural_forms_of_clients_in_both_languages():
    assert [plural(n, "client", "ru") for n in (1, 22, 25)] == ["клиент", "клиента", "клиентов"]
    assert [Count(n, "client").text("en") for n in (1, 2)] == ["1 client", "2 clients"]


def test_numbers_and_percentages_follow_the_language():
    assert number(9407, "ru") == "9\u00a0407"
    assert number(9407, "en") == "9,407"
    assert percent(0.183, "ru") == "18,3\u00a0%"
    assert percent(0.183, "en") == "18.3%"


def test_month_names_as_people_say_them():
    assert Month(pd.Period("2026-11", freq="M")).text("ru") == "ноябрь 2026"
    assert Month(pd.Period("2026-11", freq="M")).text("en") == "November 2026"


def test_numbers_in_messages_round_half_away_from_zero_as_excel_shows_them():
    """A Turnover cell showed -12,5 % as -13 % (Excel) while the message said -12 % (Babel rounds
    half to even)."""
    from keyclients_xl.i18n import number, percent

    assert [percent(-0.125, "ru", 0), percent(0.125, "en", 0), percent(0.135, "ru", 0)] == [
        "-13\xa0%",
        "13%",
        "14\xa0%",
    ]
    assert [number(2.5, "ru"), number(-2.5, "en"), number(3.5, "en")] == ["3", "-3", "4"]
    assert number(float("nan"), "en") == "NaN"
