"""Holidays: the default list, the settings-sheet text that edits it, and dates in a period."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from keyclients_xl.analyse.holidays import (
    DEFAULT_HOLIDAYS,
    Holiday,
    default_holidays_text,
    format_holidays,
    holidays_between,
    parse_holidays,
    yearly_dates,
)
from keyclients_xl.errors import KeyClientsError, Location


def test_default_list_in_both_languages():
    assert default_holidays_text("ru") == (
        "01.01 Новый год; 07.01 Рождество Христово; 23.02 День защитника Отечества; "
        "08.03 Международный женский день; 01.05 Праздник Весны и Труда; 09.05 День Победы; "
        "12.06 День России; 04.11 День народного единства"
    )
    assert default_holidays_text("en").startswith("01.01 New Year; 07.01 Orthodox Christmas; 23.02 Defender")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_default_text_reads_back_as_the_defaults(lang):
    assert parse_holidays(default_holidays_text(lang)) == DEFAULT_HOLIDAYS


def test_a_default_name_typed_in_the_other_language_is_shown_in_the_reports():
    [holiday] = parse_holidays("08.03 International Women's Day")
    assert holiday.key == "holiday.women"
    assert holiday.label("ru") == "Международный женский день"


def test_edited_list_keeps_order_names_and_one_off_dates():
    holidays = parse_holidays("01.01 Новый год;\n15.06.2027 20 лет компании ;  1.9 День знаний; 01.01 новый  ГОД")
    assert holidays == (
        Holiday(1, 1, key="holiday.new_year"),
        Holiday(15, 6, "20 лет компании", year=2027),
        Holiday(1, 9, "День знаний"),
    )
    assert format_holidays(holidays, "en") == "01.01 New Year; 15.06.2027 20 лет компании; 01.09 День знаний"
    assert [h.id for h in holidays] == ["01-01-new_year", "06-15-2027-20 лет компании", "09-01-день знаний"]


def test_blank_means_the_defaults_and_a_dash_none():
    assert parse_holidays(None) == DEFAULT_HOLIDAYS
    assert parse_holidays("  ") == DEFAULT_HOLIDAYS
    assert parse_holidays("-") == ()
    assert format_holidays((), "ru") == "-"


@pytest.mark.parametrize("entry", ["31.02 Нет такого дня", "8 марта Женский день", "08.03", "29.02.2027 Не високосный"])
def test_bad_entries_are_named(entry):
    where = Location(sheet="Настройки", row=16, column=2)
    with pytest.raises(KeyClientsError) as info:
        parse_holidays(f"01.01 Новый год; {entry}", where)
    assert info.value.message("ru") == (
        f"лист «Настройки», строка 16, столбец B: праздник «{entry}»: нужен вид «ДД.ММ Название» или "
        "«ДД.ММ.ГГГГ Название», например «08.03 Международный женский день»."
    )


def test_holidays_across_the_turn_of_the_year():
    found = holidays_between(DEFAULT_HOLIDAYS, dt.date(2026, 12, 20), dt.date(2027, 1, 18))
    assert found["date"].tolist() == [pd.Timestamp("2027-01-01"), pd.Timestamp("2027-01-07")]
    assert [h.label("en") for h in found["holiday"]] == ["New Year", "Orthodox Christmas"]


def test_a_period_longer_than_a_year_meets_a_holiday_twice_and_a_one_off_once():
    holidays = (Holiday(4, 11, key="holiday.unity"), Holiday(10, 12, "Юбилей", year=2026))
    found = holidays_between(holidays, dt.date(2026, 11, 1), dt.date(2027, 12, 31))
    assert found["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-11-04", "2026-12-10", "2027-11-04"]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2027-02-01", "2027-03-31", ["2027-02-28"]),  # a common year: 28 February
        ("2028-02-01", "2028-03-31", ["2028-02-29"]),  # a leap year: the day itself
        ("2027-02-28", "2027-03-01", ["2027-02-28"]),  # once, not also on 1 March
        ("2027-03-01", "2027-03-31", []),
    ],
)
def test_29_february_falls_on_28_february_in_a_common_year(start, end, expected):
    hits = yearly_dates(pd.Series([29]), pd.Series([2]), dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert hits["date"].dt.strftime("%Y-%m-%d").tolist() == expected
