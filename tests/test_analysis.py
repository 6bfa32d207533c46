"""The method's rules on small hand-computed cases: window, average, rank, key rules, ABC, XYZ, ties."""

import datetime as dt

import pandas as pd
import pytest

from keyclients_xl.analyse.ranking import abc_classes, analyse, coefficient_of_variation, xyz_classes
from keyclients_xl.analyse.window import choose_window, first_full_month
from keyclients_xl.errors import KeyClientsError
from keyclients_xl.settings import Settings

M = [pd.Period(m, freq="M") for m in ("2026-08", "2026-09", "2026-10")]


def lines(table: dict[str, list[float]], months=M) -> pd.DataFrame:
    """Shipment lines from {client: [amount per month]} (0 → no line at all)."""
    rows = [
        {"client": c, "client_key": c.casefold(), "month": m, "amount": float(a), "date": m.start_time}
        for c, amounts in table.items()
        for m, a in zip(months, amounts, strict=True)
        if a
    ]
    return pd.DataFrame(rows).astype({"month": "period[M]"})


def window(months=M):
    from keyclients_xl.analyse.window import Window

    return Window(list(months))


def test_average_counts_a_month_without_shipments_as_zero():
    result = analyse(lines({"Альфа": [90, 0, 30], "Бета": [50, 50, 50]}), window(), Settings())
    table = result.table.set_index("client")
    # Альфа: (90 + 0 + 30) / 3 = 40, not (90 + 30) / 2 = 60 as Excel's AVERAGE of blanks would say.
    assert table.loc["Альфа", "average"] == 40
    assert table.loc["Альфа", "months_shipped"] == 2
    assert list(result.table["client"]) == ["Бета", "Альфа"]  # 50 > 40


def test_rank_share_and_cumulative_share():
    result = analyse(lines({"A": [60, 60, 60], "B": [30, 30, 30], "C": [10, 10, 10]}), window(), Settings())
    table = result.table
    assert list(table["rank"]) == [1, 2, 3]
    assert list(table["share"]) == pytest.approx([0.6, 0.3, 0.1])
    assert list(table["cum_share"]) == pytest.approx([0.6, 0.9, 1.0])
    assert result.sales_total == 300
    assert result.clients_for_80 == 2  # A alone makes 60 %, A and B cross 80 %


def test_top_n_rule_marks_exactly_n():
    data = lines({f"K{i:02d}": [100 - i, 100 - i, 100 - i] for i in range(30)})
    result = analyse(data, window(), Settings(top_n=20))
    assert result.table["is_key"].sum() == 20
    assert list(result.key["client"]) == [f"K{i:02d}" for i in range(20)]


def test_fewer_clients_than_n_are_all_key_and_noted():
    result = analyse(lines({"A": [1, 1, 1], "B": [2, 2, 2]}), window(), Settings(top_n=20))
    assert result.table["is_key"].all()
    assert any(n.key == "note.fewer_clients" for n in result.notes)


def test_exactly_n_clients_are_all_key_without_the_note_that_they_are_fewer():
    result = analyse(lines({f"K{i:02d}": [30 - i] * 3 for i in range(20)}), window(), Settings(top_n=20))
    assert result.table["is_key"].sum() == 20
    assert "note.fewer_clients" not in [n.key for n in result.notes]


def test_no_client_above_zero_gets_no_note_that_all_are_key():
    """A window of returns only: 'Only 0 clients, fewer than 20: all are marked key' stood beside
    the note that no client is key (each total is at most 0)."""
    result = analyse(lines({"A": [-5, -5, -5], "B": [-1, 0, 0]}), window(), Settings(top_n=20))
    assert not result.table["is_key"].any()
    keys = [n.key for n in result.notes]
    assert "note.fewer_clients" not in keys and "note.non_positive.revenue" in keys


def test_top_share_rule_rounds_up():
    # 11 clients, 20 % → 2.2 → 3 key clients.
    data = lines({f"K{i:02d}": [50 - i] * 3 for i in range(11)})
    result = analyse(data, window(), Settings(rule="top_share", top_share=20))
    assert result.table["is_key"].sum() == 3


def test_cumulative_rule_includes_the_client_that_crosses_the_line():
    # Shares 50, 25, 15, 10 %: running before each is 0, 50, 75, 90 → the first three are key (75 < 80).
    result = analyse(
        lines({"A": [50] * 3, "B": [25] * 3, "C": [15] * 3, "D": [10] * 3}), window(), Settings(rule="cumulative")
    )
    assert list(result.key["client"]) == ["A", "B", "C"]


def test_cumulative_rule_exact_boundary_starts_the_lower_class():
    # Shares 50, 30, 20 %: running before C is exactly 80 % → C is not key.
    result = analyse(lines({"A": [50] * 3, "B": [30] * 3, "C": [20] * 3}), window(), Settings(rule="cumulative"))
    assert list(result.key["client"]) == ["A", "B"]


def test_abc_boundaries_default_80_15_5():
    measure = pd.Series({"a": 70.0, "b": 15.0, "c": 6.0, "d": 5.0, "e": 4.0})
    # Running share before: a 0, b 70, c 85, d 91, e 96 → a, b are A (b crosses 80); c B (85 < 95);
    # d B (91 < 95); e C (96 ≥ 95).
    assert abc_classes(measure, 80, 15).to_dict() == {"a": "A", "b": "A", "c": "B", "d": "B", "e": "C"}


def test_abc_editable_thresholds_and_non_positive_values():
    measure = pd.Series({"a": 50.0, "b": 30.0, "c": 20.0, "z": 0.0, "n": -5.0})
    # 50/30/20: running before a 0, b 0.5, c 0.8. With A = 50: a is A, b is B (0.5 < 0.5+0.3),
    # c starts at 0.8 = the B limit → C. Zero and negative have no share of the total: "—".
    assert abc_classes(measure, 50, 30).to_dict() == {"a": "A", "b": "B", "c": "C", "z": "—", "n": "—"}


def test_xyz_thresholds_are_inclusive():
    monthly = pd.DataFrame(
        {"m1": [100.0, 90.0, 75.0, 10.0, 0.0], "m2": [100.0, 110.0, 125.0, 0.0, 0.0]},
        index=["flat", "ten", "twentyfive", "spiky", "none"],
    )
    cv = coefficient_of_variation(monthly)
    # flat: 0; ten: std 10 / mean 100 = 0.10; twentyfive: 25/100 = 0.25; spiky: 5/5 = 1; none: no mean.
    assert cv["ten"] == pytest.approx(0.10) and cv["twentyfive"] == pytest.approx(0.25)
    assert xyz_classes(cv, 10, 25).to_dict() == {"flat": "X", "ten": "X", "twentyfive": "Y", "spiky": "Z", "none": "Z"}


def test_tie_at_place_n_is_broken_by_last_month_then_name_and_reported():
    data = lines({"Бета": [10, 10, 10], "Альфа": [20, 5, 5], "Гамма": [0, 15, 15], "Дельта": [100, 100, 100]})
    # Averages: Дельта 100; Бета, Альфа, Гамма all 10. Last month: Гамма 15, Бета 10, Альфа 5.
    result = analyse(data, window(), Settings(top_n=2))
    assert list(result.table["client"]) == ["Дельта", "Гамма", "Бета", "Альфа"]
    tie = next(n for n in result.notes if n.key == "note.tie")
    assert tie.params["place"] == 2 and tie.params["clients"] == "Гамма, Бета, Альфа"


def test_equal_averages_and_last_months_fall_back_to_the_name():
    result = analyse(lines({"Бета": [10, 10, 10], "Альфа": [10, 10, 10]}), window(), Settings(top_n=1))
    assert list(result.table["client"]) == ["Альфа", "Бета"]


def test_ranking_by_profit_uses_cost():
    data = lines({"A": [100, 100, 100], "B": [90, 90, 90]})
    data["cost"] = data["client"].map({"A": 95.0, "B": 30.0})  # margins: A 5, B 60 per month
    result = analyse(data, window(), Settings(measure="profit", abc_a=50, abc_b=30))
    table = result.table.set_index("client")
    # Profit per month: B 60, A 5 → B ranks first. Shares: B 60/65 = 92.3 % → A; A: running before
    # 92.3 % ≥ 80 % → C.
    assert list(result.table["client"]) == ["B", "A"]
    assert table["average"].to_dict() == {"B": 60.0, "A": 5.0}
    assert table["abc"].to_dict() == {"A": "C", "B": "A"}
    assert table.loc["B", "share"] == pytest.approx(60 / 65)


def test_ranking_by_a_measure_the_data_lacks_is_a_clear_error():
    with pytest.raises(KeyClientsError) as info:
        analyse(lines({"A": [1, 1, 1]}), window(), Settings(measure="profit"))
    assert info.value.key == "error.measure_missing"
    assert "валовая прибыль или себестоимость" in info.value.message("ru")


# The window


def months_of(*texts):
    return pd.Series([pd.Period(t, freq="M") for t in texts])


def test_window_leaves_out_a_trailing_partial_month():
    got = choose_window(
        months_of("2026-07", "2026-08", "2026-09", "2026-10", "2026-11"), pd.Timestamp("2026-11-20"), 3, None
    )
    assert [str(m) for m in got.months] == ["2026-08", "2026-09", "2026-10"]
    assert got.notes[0].key == "note.partial_month"
    assert got.notes[0].text("ru") == "Неполный месяц не учтён: ноябрь 2026 (данные заканчиваются 20.11.2026)."


def test_a_month_is_full_when_the_data_reaches_its_last_day():
    got = choose_window(months_of("2026-09", "2026-10"), pd.Timestamp("2026-10-31"), 2, None)
    assert [str(m) for m in got.months] == ["2026-09", "2026-10"] and not got.notes


def test_a_month_ending_at_the_weekend_is_full_on_its_last_friday():
    # 31.10.2026 is a Saturday: a last shipment on Friday 30.10 covers October; on Thursday it does not.
    months = months_of("2026-08", "2026-09", "2026-10")
    assert str(choose_window(months, pd.Timestamp("2026-10-30"), 3, None).months[-1]) == "2026-10"
    thursday = choose_window(months, pd.Timestamp("2026-10-29"), 3, None)
    assert str(thursday.months[-1]) == "2026-09" and thursday.notes[0].key == "note.partial_month"


def test_as_of_and_months_pick_the_window():
    got = choose_window(months_of("2026-01", "2026-11"), pd.Timestamp("2026-11-20"), 4, pd.Period("2026-06", freq="M"))
    assert [str(m) for m in got.months] == ["2026-03", "2026-04", "2026-05", "2026-06"]


def test_window_shorter_than_asked_is_noted():
    got = choose_window(months_of("2026-09", "2026-10"), pd.Timestamp("2026-10-31"), 3, None)
    assert [str(m) for m in got.months] == ["2026-09", "2026-10"]
    assert got.notes[0].key == "note.window_short"


def test_a_window_does_not_begin_with_the_part_of_a_month_the_data_starts_in():
    """An export from 17 August: August counted as a month of nothing before 17 August, so every
    client ordering early in the month fell in rank and got a 'missed August' and a '+100 %'."""
    months = months_of("2026-08", "2026-09", "2026-10")
    got = choose_window(months, pd.Timestamp("2026-10-30"), 3, None, pd.Timestamp("2026-08-17"))
    assert [str(m) for m in got.months] == ["2026-09", "2026-10"]
    assert [n.text("ru") for n in got.notes] == [
        "Неполный месяц не учтён: август 2026 (данные начинаются 17.08.2026).",
        "Первый полный месяц данных — сентябрь 2026: в окне 2 месяца вместо 3.",
    ]
    # Data from 5 August covers August whole (a small export's first line is seldom on the 1st).
    whole = choose_window(months, pd.Timestamp("2026-10-30"), 3, None, pd.Timestamp("2026-08-05"))
    assert [str(m) for m in whole.months] == ["2026-08", "2026-09", "2026-10"] and not whole.notes
    # A window that does not reach the part of a month is not shortened.
    later = choose_window(months, pd.Timestamp("2026-10-30"), 2, None, pd.Timestamp("2026-08-17"))
    assert [str(m) for m in later.months] == ["2026-09", "2026-10"] and not later.notes


def test_a_month_is_whole_when_the_data_starts_in_its_first_half():
    """A small export's first line on the 10th, January or May after the holidays (to the 11th):
    whole months. A probe found such exports losing a month; data from the 16th covers half of it."""
    aug, jan, may = (pd.Period(m, freq="M") for m in ("2026-08", "2026-01", "2025-05"))
    assert first_full_month(aug, pd.Timestamp("2026-08-15")) == aug
    assert first_full_month(aug, pd.Timestamp("2026-08-16")) == aug + 1
    assert first_full_month(jan, pd.Timestamp("2026-01-15")) == jan
    assert first_full_month(may, pd.Timestamp("2025-05-12")) == may
    assert first_full_month(aug, None) == aug  # an export by month: its months are whole


def test_data_from_the_second_week_keeps_its_month_with_a_note_unless_holidays_explain_it():
    months = months_of("2026-08", "2026-09", "2026-10")
    got = choose_window(months, pd.Timestamp("2026-10-30"), 3, None, pd.Timestamp("2026-08-12"))
    assert [str(m) for m in got.months] == ["2026-08", "2026-09", "2026-10"]
    assert [n.text("ru") for n in got.notes] == [
        "Данные начинаются 12.08.2026: если август 2026 выгружен не целиком, его суммы занижены — выгрузите "
        "месяц с первого числа."
    ]
    may = choose_window(
        months_of("2025-05", "2025-06", "2025-07"), pd.Timestamp("2025-07-31"), 3, None, pd.Timestamp("2025-05-12")
    )
    assert [str(m) for m in may.months] == ["2025-05", "2025-06", "2025-07"] and not may.notes
    first_week = choose_window(months, pd.Timestamp("2026-10-30"), 3, None, pd.Timestamp("2026-08-07"))
    assert not first_week.notes


def test_no_full_month_is_an_error():
    with pytest.raises(KeyClientsError) as info:
        choose_window(months_of("2010-12"), pd.Timestamp("2010-12-09"), 3, None)
    assert info.value.key == "error.no_full_month"
    assert "09.12.2010" in info.value.message("en")


def test_as_of_outside_the_data_is_an_error():
    with pytest.raises(KeyClientsError) as info:
        choose_window(months_of("2026-09", "2026-10"), pd.Timestamp("2026-10-31"), 3, pd.Period("2027-01", freq="M"))
    assert info.value.key == "error.as_of_outside"


def test_wide_exports_without_a_period_count_every_month_column_as_full():
    got = choose_window(months_of("2026-08", "2026-09", "2026-10"), None, 3, None)
    assert [str(m) for m in got.months] == ["2026-08", "2026-09", "2026-10"]


# Settings


def test_settings_validation_names_the_setting():
    with pytest.raises(KeyClientsError) as info:
        Settings(rule="best")
    assert "rule" in info.value.message("en")
    with pytest.raises(KeyClientsError):
        Settings(abc_a=90, abc_b=20)


def test_settings_from_sheet_values():
    settings = Settings.from_items({"top_n": 15.0, "abc_a": "70,5", "rule": "cumulative", "as_of": "", "unknown": 1})
    assert (settings.top_n, settings.abc_a, settings.rule, settings.as_of) == (15, 70.5, "cumulative", None)


def test_a_title_period_says_where_an_export_starts(tmp_path):
    """1C's 'Период: 01.08.2026 - 31.10.2026' covers August whole though its first line is on the
    5th; a by-month table titled 'Период: 17.08.2026 - 31.10.2026' covers a part of August only."""
    from openpyxl import Workbook

    from keyclients_xl.engine import analyse_shipments
    from keyclients_xl.read import read_exports

    def build(title: str, rows: list[list]) -> list[str]:
        book = Workbook()
        sheet = book.active
        sheet.append([title])
        for row in rows:
            sheet.append(row)
        book.save(tmp_path / "export.xlsx")
        return [str(m) for m in analyse_shipments(read_exports([tmp_path / "export.xlsx"]), Settings()).months]

    lines = [["Дата", "Контрагент", "Сумма"]]
    lines += [[f"05.{m:02d}.2026", "ООО Ромашка", 100] for m in (8, 9, 10)] + [["30.10.2026", "ИП Иванов", 5]]
    assert build("Период: 01.08.2026 - 31.10.2026", lines) == ["2026-08", "2026-09", "2026-10"]
    assert build("Продажи", lines) == ["2026-08", "2026-09", "2026-10"]  # no title: a line on 5 August
    lines = [lines[0], *[[f"17.{m:02d}.2026", "ООО Ромашка", 100] for m in (8, 9, 10)], ["30.10.2026", "ИП Иванов", 5]]
    assert build("Продажи", lines) == ["2026-09", "2026-10"]  # the first line on 17 August: a part of it
    assert build("Период: 01.08.2026 - 31.10.2026", lines) == ["2026-08", "2026-09", "2026-10"]
    wide = [["Контрагент", "Август 2026", "Сентябрь 2026", "Октябрь 2026"], ["ООО Ромашка", 50, 100, 100]]
    assert build("Период: 17.08.2026 - 31.10.2026", wide) == ["2026-09", "2026-10"]
    assert build("Период: 01.08.2026 - 31.10.2026", wide) == ["2026-08", "2026-09", "2026-10"]


@pytest.mark.parametrize(
    ("title", "start", "end"),
    [
        ("Период: 01.08.2026 - 31.10.2026", "2026-08-01", "2026-10-31"),
        ("Период: 3 квартал 2026 г.", "2026-07-01", "2026-09-30"),
        ("Период: Июль 2026 г. - Сентябрь 2026 г.", "2026-07-01", "2026-09-30"),
        ("Период: с 1 июля 2026 г. по 30 сентября 2026 г.", "2026-07-01", "2026-09-30"),
        ("Период: 1 полугодие 2026 г.", "2026-01-01", "2026-06-30"),
        ("Period: 08/01/2026 - 10/31/2026", "2026-08-01", "2026-10-31"),
        ("Period: Q3 2026", "2026-07-01", "2026-09-30"),
    ],
)
def test_the_period_a_title_states_in_the_forms_1c_prints(title, start, end):
    from keyclients_xl.read.layout import period_in_text

    assert period_in_text(title) == (pd.Timestamp(start), pd.Timestamp(end))


def test_a_quarter_in_the_title_covers_its_months_whatever_days_the_lines_fall_on(tmp_path):
    """«Период: 3 квартал 2026 г.» and lines from 20 July to Friday 25 September: without the title
    July (from its 20th) and September (before its last working day) were parts of months."""
    from openpyxl import Workbook

    from keyclients_xl.engine import analyse_shipments
    from keyclients_xl.read import read_exports

    book = Workbook()
    sheet = book.active
    for row in [["Анализ продаж"], ["Период: 3 квартал 2026 г."], ["Дата", "Контрагент", "Сумма"]]:
        sheet.append(row)
    for day in ("20.07.2026", "14.08.2026", "25.09.2026"):
        sheet.append([day, "ООО Ромашка", 100])
    book.save(tmp_path / "export.xlsx")
    shipments = read_exports([tmp_path / "export.xlsx"])
    window = analyse_shipments(shipments, Settings(), dt.date(2026, 10, 20)).months
    assert [str(m) for m in window] == ["2026-07", "2026-08", "2026-09"]


def test_a_table_by_month_beside_lines_keeps_its_months(tmp_path):
    """The probe's pair: August–September by month, October as lines from the 5th. The data's
    first day was taken from the lines only, so August and September fell 'before the data' and
    the window shrank to October alone. By hand: each client's three months, Альфа 100 000 a month."""
    from keyclients_xl.read import read_exports

    by_month = tmp_path / "Август-сентябрь.csv"
    by_month.write_text("Контрагент;Август 2026;Сентябрь 2026\nООО Альфа;100000;100000\nООО Бета;90000;90000\n")
    lines = tmp_path / "Октябрь.csv"
    lines.write_text(
        "Дата;Контрагент;Сумма\n05.10.2026;ООО Альфа;100000\n05.10.2026;ООО Бета;90000\n30.10.2026;ООО Бета;3\n"
    )
    shipments = read_exports([by_month, lines])
    assert shipments.first_day() == pd.Timestamp("2026-08-01")
    from keyclients_xl.engine import analyse_shipments

    result = analyse_shipments(shipments, Settings(), dt.date(2026, 11, 10))
    assert [str(month) for month in result.window.months] == ["2026-08", "2026-09", "2026-10"]
    assert result.key.set_index("client")["average"].to_dict() == {"ООО Альфа": 100000.0, "ООО Бета": 90001.0}


def test_a_month_no_client_shipped_in_is_named():
    """A table by month without its September column (or a month's file left out): every client
    had September as zero, a third off its average and a 'missed month' alert, and no note."""
    months = pd.Series(pd.PeriodIndex(["2026-07", "2026-08", "2026-10", "2026-10"], freq="M"))
    window = choose_window(months, pd.Timestamp("2026-10-31"), 3, None)
    assert [str(month) for month in window.months] == ["2026-08", "2026-09", "2026-10"]
    texts = [note.text("ru") for note in window.notes]
    assert texts == [
        "За сентябрь 2026 в данных нет ни одной отгрузки: похоже, выгрузка пропустила этот месяц. У всех клиентов он "
        "посчитан нулём, средние занижены — проверьте выгрузку."
    ]
    whole = pd.Series(pd.PeriodIndex(["2026-08", "2026-09", "2026-10"], freq="M"))
    assert choose_window(whole, pd.Timestamp("2026-10-31"), 3, None).notes == []


@pytest.mark.parametrize(
    ("data_end", "full"),
    [
        ("2025-12-30", "2025-12"),  # Tuesday 30th: the 31st (Wednesday) was a day off in Russia
        ("2025-12-29", "2025-11"),  # a day short: December may not be whole
        ("2026-12-30", "2026-12"),  # Wednesday 30th, the 31st a Thursday and a day off
        ("2027-12-30", "2027-12"),  # Thursday 30th; the 31st is a Friday
        ("2026-10-30", "2026-10"),  # Friday 30 October: the 31st is a Saturday
        ("2026-09-29", "2026-08"),  # Tuesday 29 September, the 30th a Wednesday: not whole
    ],
)
def test_the_last_month_is_whole_up_to_its_last_working_day(data_end, full):
    """The probe's export ended on 30.12.2025, the last working day of 2025: December was dropped
    as partial and the window ran September–November."""
    from keyclients_xl.analyse.window import last_full_month

    months = pd.Series(pd.PeriodIndex([data_end[:7]], freq="M"))
    assert str(last_full_month(months, pd.Timestamp(data_end))) == full


def test_a_line_dated_after_today_is_left_out_with_a_note(tmp_path):
    """15.10.2027 typed for 15.10.2026: the line was dropped from the totals but stretched the
    data's end, so Периодичность counted 344 days since Альфа's shipment of 5 days before."""
    from keyclients_xl.engine import report_sheets
    from keyclients_xl.read import read_exports

    export = tmp_path / "Продажи.csv"
    days = [f"{day}.{month}.2026" for month in ("08", "09", "10") for day in ("03", "28")]
    rows = [f"{day};ООО Альфа;100" for day in days] + ["05.11.2026;ООО Альфа;100", "15.10.2027;ООО Бета;500"]
    export.write_text("Дата;Контрагент;Сумма\n" + "\n".join(rows) + "\n", encoding="utf-8")
    shipments = read_exports([export]).up_to(pd.Timestamp("2026-11-10"))
    assert shipments.frame["client"].tolist() == ["ООО Альфа"] * 7
    assert shipments.data_end == pd.Timestamp("2026-11-10")
    assert shipments.notes[-1].text("ru") == (
        "Не учтены строки с датой позже сегодняшней (10.11.2026): 1 строка на 500, первая — 15.10.2027, ООО Бета. "
        "Отгрузки в будущем не бывает: проверьте год в дате."
    )
    result = report_sheets(read_exports([export]), Settings(), today=dt.date(2026, 11, 10))
    periodicity = result.context.results["metrics"].periodicity
    assert periodicity.set_index("client")["days_since_last"].to_dict() == {"ООО Альфа": 5}


@pytest.mark.parametrize(
    ("last_days", "noted"),
    [
        (["2026-08-31", "2026-09-29", "2026-10-20"], True),  # cut on the 20th: the probe's export
        (["2026-08-31", "2026-09-29", "2026-10-21"], False),  # the 21st: no longer 'early'
        (["2026-08-24", "2026-09-29", "2026-10-20"], False),  # August too ended early: the client's habit
        (["2026-08-17", "2026-09-17", "2026-10-17"], False),  # a small export shipping mid-month
    ],
)
def test_a_last_month_that_stops_early_is_named(last_days, noted):
    from keyclients_xl.analyse.window import cut_short_note

    months = list(pd.period_range("2026-08", "2026-10", freq="M"))
    dates = pd.Series(pd.to_datetime(["2026-08-03", "2026-09-03", "2026-10-03", *last_days]))
    note = cut_short_note(dates.groupby(dates.dt.to_period("M")).max(), months)
    if not noted:
        assert note is None
        return
    assert note.text("en") == (
        "The last line of October 2026 is on 20.10.2026, where the months before ran to their end: if October 2026 "
        "was not exported whole, its amounts are understated and a fall may be false; export it to its last day."
    )


def test_each_months_last_day_is_found_alike_in_lines_by_date_and_in_lines_out_of_order():
    from keyclients_xl.engine import month_last_days

    dates = pd.to_datetime(
        [None, "2026-08-03", "2026-08-28", None, "2026-09-30", "2026-09-02", None, "2026-10-20", None]
    )
    months = pd.Series(dates.to_period("M")).where(pd.Series(range(9)) != 1, pd.NaT)  # one line without a month
    months[0] = pd.NaT
    months[3] = pd.Period("2026-08", "M")  # an undated line of August
    months[6], months[8] = pd.Period("2026-10", "M"), pd.Period("2026-11", "M")  # November: no date at all
    assert months.array.asi8.tolist() == sorted(months.array.asi8.tolist())
    frame = pd.DataFrame({"month": months, "date": dates})
    for lines in (frame, frame.iloc[::-1]):  # by month (one run each), and not
        expected = lines.groupby("month", sort=False)["date"].max()
        pd.testing.assert_series_equal(month_last_days(lines), expected)
    assert month_last_days(frame).to_dict() == {
        pd.Period("2026-08", "M"): pd.Timestamp("2026-08-28"),
        pd.Period("2026-09", "M"): pd.Timestamp("2026-09-30"),
        pd.Period("2026-10", "M"): pd.Timestamp("2026-10-20"),
        pd.Period("2026-11", "M"): pd.NaT,
    }
