"""Month headers as 1C and Excel users write them, in a table of one column per month (probe o5, o6).

`2026 Август` and `01.08.26` were refused ("no time axis"). Each form is read the same by the
in-memory reader and by the DuckDB path, which hands a by-month table to the same reader.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from reading_paths import read_both_ways

from keyclients_xl.read.headers import bare_month_number, parse_month
from keyclients_xl.read.layout import period_in_text

AUG, SEP, OCT = (pd.Period(f"2026-{m:02d}", freq="M") for m in (8, 9, 10))

# (August, September, October) as each form writes them
FORMS = {
    "dd.mm.yy": ("01.08.26", "01.09.26", "01.10.26"),
    "dd.mm.yyyy": ("01.08.2026", "01.09.2026", "01.10.2026"),
    "yyyy-mm": ("2026-08", "2026-09", "2026-10"),
    "mm.yyyy": ("08.2026", "09.2026", "10.2026"),
    "авг.26": ("авг.26", "сен.26", "окт.26"),
    "Aug-26": ("Aug-26", "Sep-26", "Oct-26"),
    "2026 Август": ("2026 Август", "2026 Сентябрь", "2026 Октябрь"),
    "2026 г. август": ("2026 г. август", "2026 г. сентябрь", "2026 г. октябрь"),
    "Август 2026 г.": ("Август 2026 г.", "Сентябрь 2026 г.", "Октябрь 2026 г."),
    "август 2026": ("август 2026", "сентябрь 2026", "октябрь 2026"),
    "авг. 2026": ("авг. 2026", "сент. 2026", "окт. 2026"),
    "августа 2026": ("августа 2026", "сентября 2026", "октября 2026"),
}


@pytest.mark.parametrize("form", FORMS, ids=list(FORMS))
def test_each_form_names_its_months(form):
    assert [parse_month(cell) for cell in FORMS[form]] == [AUG, SEP, OCT]


@pytest.mark.parametrize(
    "cell",
    [
        "2026",  # a client code, or a year over bare month names
        2026,
        "2026 Декор",  # a client whose name starts like a month ('дек')
        "2026 Мартин",
        "2026 Итого",
        "15.08.26",  # a day, not a month: a two-digit year only as the first of a month
        "31.08.26",
        "01.13.26",
        "32.08.26",
        "01.08.26 Реализация",
        "Декор 2026",  # a name that starts like a month, before a year too
        "Майонез 2026",
        "Октан-26",
        "Мария 2026",
    ],
)
def test_not_a_month(cell):
    assert parse_month(cell) is None


@pytest.mark.parametrize("cell", ["февр. 2026", "Февраль 2026", "фев-26", "Feb 2026"])
def test_february_cut_short_or_in_full(cell):
    assert parse_month(cell) == pd.Period("2026-02", freq="M")


def test_a_bare_month_name_is_a_month_word():
    assert [bare_month_number(c) for c in ("Июль", "авг.", "нояб.", "Декор", "Майонез", "Sept")] == [
        7,
        8,
        11,
        None,
        None,
        9,
    ]


def test_a_title_naming_a_client_like_a_month_keeps_its_period():
    # 'Декор 2026' read as December 2026 put the period's months out of order: no period was found.
    line = "Продажи ООО Декор 2026: Август 2026 - Октябрь 2026"
    assert period_in_text(line) == (pd.Timestamp("2026-08-01"), pd.Timestamp("2026-10-31"))


def test_two_digit_year_date_with_a_time_is_its_month():
    assert parse_month("01.08.26 0:00:00") == AUG


@pytest.mark.parametrize("form", FORMS, ids=list(FORMS))
def test_a_by_month_csv_is_read_alike_both_ways(form, tmp_path):
    # Альфа 100/200/300, Бета 300/200/100: each month's cell is that client's sales of the month
    export = tmp_path / "Продажи.csv"
    rows = [["Контрагент", *FORMS[form]], ["ООО Альфа", "100", "200", "300"], ["ООО Бета", "300", "200", "100"]]
    export.write_text("\n".join(";".join(row) for row in rows) + "\n", encoding="utf-8")
    memory, duck = read_both_ways(export)
    assert memory[0] == "lines", memory
    assert duck[0] == "lines", duck
    for _, frame, _ in (memory, duck):
        got = frame.groupby(["client", "month"])["amount"].sum().to_dict()
        assert got == {
            ("ООО Альфа", AUG): 100.0, ("ООО Альфа", SEP): 200.0, ("ООО Альфа", OCT): 300.0,
            ("ООО Бета", AUG): 300.0, ("ООО Бета", SEP): 200.0, ("ООО Бета", OCT): 100.0,
        }  # fmt: skip
    pd.testing.assert_frame_equal(memory[1], duck[1])
    assert memory[2] == duck[2]


def test_month_headers_as_date_cells_with_a_two_digit_year_format(tmp_path):
    # Excel shows 01.08.26 but stores a date: the month it starts
    export = tmp_path / "Продажи.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Контрагент", *(dt.datetime(2026, m, 1) for m in (8, 9, 10))])
    for cell in sheet[1][1:]:
        cell.number_format = "dd.mm.yy"
    sheet.append(["ООО Альфа", 100, 200, 300])
    book.save(export)
    memory, _ = read_both_ways(export)
    assert memory[0] == "lines", memory
    assert memory[1].groupby("month")["amount"].sum().to_dict() == {AUG: 100.0, SEP: 200.0, OCT: 300.0}


def test_a_date_column_of_lines_stays_a_date_column(tmp_path):
    # Document lines dated 01.08.26 and 01.09.26 are lines, not month headers
    export = tmp_path / "Продажи.csv"
    rows = [["Дата", "Контрагент", "Сумма"], ["01.08.26", "ООО Альфа", "100"], ["01.09.26", "ООО Альфа", "50"]]
    export.write_text("\n".join(";".join(row) for row in rows) + "\n", encoding="utf-8")
    memory, duck = read_both_ways(export)
    for result in (memory, duck):
        assert result[0] == "lines", result
        assert result[1]["amount"].tolist() == [100.0, 50.0]
        assert result[1]["month"].tolist() == [AUG, SEP]


def test_a_client_code_2026_is_no_month(tmp_path):
    # 'Код' over 2026 on a client's row: a code, and the table still reads by its month headers
    export = tmp_path / "Продажи.csv"
    rows = [["Код", "Контрагент", "2026 Август", "2026 Сентябрь"], ["2026", "ООО Альфа", "100", "200"]]
    export.write_text("\n".join(";".join(row) for row in rows) + "\n", encoding="utf-8")
    memory, duck = read_both_ways(export)
    assert memory[0] == "lines", memory
    assert memory[1]["amount"].tolist() == [100.0, 200.0]
    assert memory[1]["month"].tolist() == [AUG, SEP]
    pd.testing.assert_frame_equal(memory[1], duck[1])
