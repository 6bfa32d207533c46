"""Two routes to the same cells must agree (hypothesis).

- The column reader (read/columns.py: Arrow kernels, each distinct value cleaned once) against
  the rules it follows (read/values.py, cell by cell): numbers and dates.
- The in-memory reader against DuckDB's (read/big.py: the same rules written in SQL) on quirky
  1C-style CSV files: the same lines and the same notes. A fuzz of this kind found the BOM,
  file-name, payment-date, large_string, NaN and far-date bugs of tests/test_big_files.py.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from reading_paths import read_both_ways

from keyclients_xl.read import columns
from keyclients_xl.read.values import (
    BadValue,
    MixedDateOrder,
    column_clues,
    file_mark,
    regroup_texts,
    to_dates,
    to_numbers,
)

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

# --- numbers: 1C, Excel and bank habits --------------------------------------------------------

amounts = st.sampled_from([0, 1, 12, 999, 1000, 1234.5, 1234567.891, 0.5, 15.299999999999999, 1e-7, 123456789012.0])


BAD_NUMBER_TEXTS = ("inf", "-Infinity", "1e999", "три", "0x10", "1e308", "-1e15")


@st.composite
def number_texts(draw) -> str:
    if draw(st.booleans()) and draw(st.booleans()):
        return draw(st.sampled_from(
            ["", " ", "-", "—", "n/a", "NULL", "nan", "#Н/Д", "01.01.0001", "+5", ".5", "5.", "1e3", "1E+03", "−5",
             "5-", "1 2 3", "1,2,3", "1.2.3", "12,345,67", "inf", "-Infinity", "1e999", "три", "0x10", "1_000",
             "-nan", "+NaN", "1e308", "-1e15"]
        ))  # fmt: skip
    value, decimals = draw(amounts), draw(st.integers(0, 3))
    mark = draw(st.sampled_from([",", "."]))
    group = draw(st.sampled_from(["", " ", "\u00a0", "\u202f", ",", ".", "'"]).filter(lambda g: g != mark))
    text = f"{value:,.{decimals}f}".replace(",", "\0").replace(".", mark).replace("\0", group)
    sign = draw(st.sampled_from(["", "", "-", "+"]))
    text = f"({sign}{text})" if draw(st.booleans()) and draw(st.booleans()) else sign + text
    text = (
        draw(st.sampled_from(["", "", " руб.", "₽", " р.", " USD", "$"])) + text
        if draw(st.booleans())
        else (text + draw(st.sampled_from(["", " руб.", "₽", " р.", " USD", " €", " ", "р", " РУБ"])))
    )
    return draw(st.sampled_from(["", "", "", "'", "' "])) + text  # Excel's mark of a text cell, kept in a CSV


def outcome(read, cells):
    try:
        return "ok", np.asarray(read(cells), dtype="float64")
    except BadValue as bad:
        return "bad", bad.index, bad.value


@given(st.lists(number_texts(), min_size=1, max_size=8), st.booleans())
@settings(max_examples=300, deadline=None)
@example(cells=["0", "1,000", "1,000.0"], english=False)  # the column proves ',' groups thousands
@example(cells=["12,345", "999"], english=True)  # English headers: ',' groups thousands
@example(cells=["0,0", "1,000", "1,000.0"], english=False)  # a decimal comma outweighs the proof
def test_the_column_reader_reads_numbers_as_the_cell_rule_does(cells, english):
    """Arrow's column pass against the cell rule, the column's thousands' mark decided by the same
    rule (values.file_mark of the column's clues, found by each reader its own way)."""

    def by_arrow(cells):
        values, clues = columns.numbers_and_clues(pa.array(cells), english)
        mark = file_mark([clues], english, lambda: columns.decimal_comma(pa.array(cells)))
        regrouped = columns.regrouped_numbers(pa.array(cells), mark[0]) if mark else None
        return regrouped[0] if regrouped else values

    def by_cells(cells):
        series = pd.Series(cells, dtype=object)
        mark = file_mark([column_clues(series[series.map(type).eq(str)].unique())], english)
        return to_numbers(regroup_texts(series, mark[0])[0] if mark else series).to_numpy()

    by_column, by_cell = outcome(by_arrow, cells), outcome(by_cells, cells)
    if by_cell[0] == "bad":  # a bad cell is named as written, before its mark was taken out
        by_cell = ("bad", by_cell[1], cells[by_cell[1]])
    assert by_column[0] == by_cell[0]
    if by_column[0] == "ok":
        np.testing.assert_array_equal(by_column[1], by_cell[1])
    else:
        assert by_column[1:] == by_cell[1:]


# --- dates --------------------------------------------------------------------------------------


@st.composite
def date_texts(draw) -> str:
    day = dt.date(2026, 1, 1) + dt.timedelta(days=draw(st.integers(-9000, 400)))
    forms = [f"{day:%d.%m.%Y}", f"{day:%d.%m.%Y} 0:00:00", f"{day:%Y-%m-%d}", f"{day:%d.%m.%y}",
             f"{day:%Y-%m-%dT%H:%M:%S}", f"{day.day}.{day.month}.{day.year}", f"{day:%d/%m/%Y}",
             f"{day.month}/{day.day}/{day.year}", f" {day:%d.%m.%Y} ", f"{day:%Y/%m/%d}", f"{day:%d.%m.%Y} 13:45",
             "", "-", "31.02.2026", "01.01.0001 0:00:00", "завтра", "2026-13-01", "29.02.2024", "31.12.9999",
             "01.08.2026г."]  # fmt: skip
    return draw(st.sampled_from(forms))


def date_outcome(read, cells):
    try:
        days, order = read(cells)
        return "ok", pd.Series(np.asarray(days, dtype="datetime64[ns]")), order
    except BadValue as bad:
        return "bad", bad.index, cells[bad.index]
    except MixedDateOrder:
        return ("mixed",)


@given(st.lists(date_texts(), min_size=1, max_size=6), st.booleans())
@settings(max_examples=300, deadline=None)
def test_the_column_reader_reads_dates_as_the_cell_rule_does(cells, day_first):
    by_column = date_outcome(lambda c: columns.dates(pa.array(c), day_first=day_first), cells)
    by_cell = date_outcome(lambda c: to_dates(pd.Series(c, dtype=object), day_first), cells)
    assert by_column[0] == by_cell[0]
    if by_column[0] == "ok":
        assert by_column[1].equals(by_cell[1])
        assert by_column[2] == by_cell[2]
    else:
        assert by_column[1:] == by_cell[1:]


# --- the in-memory reader and DuckDB's on whole files ---------------------------------------------

CLIENTS = ["ООО Ромашка", " ООО  Ромашка ", "ооо ромашка", "ИП Иванов И.И.", "«Гамма»", "Ёлка", "Елка", "Delta LLC",
           "NA", "", "-", "Итоговый клиент", "Клиент;с точкой", 'Кавычки "А"', "Total Foods"]  # fmt: skip
OPTIONAL = {
    "Код": ["001", "1", "A-7", "", "002 "],
    "Номенклатура": ["Молоко 1л", "Хлеб", "", "Сыр  твёрдый"],
    "Менеджер": ["Петров", "Сидорова", "", " Петров"],
    "Статус": ["Проведен", "Отменен", "Проведён", "", "Черновик"],
    "Количество": ["1", "2,5", "1 000", "", "-"],
    "Дата оплаты": ["10.09.2026", "01.01.0001 0:00:00", "", "15.10.2026 0:00:00"],
}


@st.composite
def quirky_csv(draw) -> bytes:
    extra = draw(st.lists(st.sampled_from(sorted(OPTIONAL)), unique=True, max_size=3))
    header = ["Дата", "Контрагент", *extra, "Сумма"]
    day_form = draw(st.sampled_from(["%d.%m.%Y", "%d.%m.%Y 0:00:00", "%Y-%m-%d", "%d/%m/%Y"]))
    rows = []
    for _ in range(draw(st.integers(3, 25))):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=draw(st.integers(0, 300)))
        cells = [day.strftime(day_form), draw(st.sampled_from(CLIENTS))]
        cells += [draw(st.sampled_from(OPTIONAL[column])) for column in extra]
        cells.append(draw(number_texts().filter(lambda t: t not in BAD_NUMBER_TEXTS)))
        rows.append(cells)
    if draw(st.booleans()):
        rows.insert(draw(st.integers(0, len(rows))), ["Итого", *[""] * (len(header) - 1)])
    if draw(st.booleans()):
        rows.insert(draw(st.integers(1, len(rows))), list(header))
    title = [["Анализ продаж"], ["Период: 01.01.2026 - 31.10.2026"], [""]] if draw(st.booleans()) else []
    sep = draw(st.sampled_from([";", "\t"]))

    def quoted(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"' if sep in cell or '"' in cell else cell

    text = "\n".join(sep.join(quoted(cell) for cell in row) for row in [*title, header, *rows]) + "\n"
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1251"])), errors="replace")


@given(quirky_csv())
@example("Дата;Контрагент;Сумма\n01.01.2026;Альфа;0\n01.01.2026;Альфа;1_000\n".encode())  # DuckDB read 1000
@example("Дата;Контрагент;Статус;Сумма\n01.01.2026;Альфа;Отменен;1\n01.01.2026;Альфа;;2\n".encode())  # no status left
@example("Дата;Контрагент;Менеджер;Сумма\n01.01.2026;Альфа;;1\n".encode())  # no manager at all
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_duckdb_reads_a_quirky_csv_as_the_in_memory_reader_does(content):
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "Продажи.csv"
        export.write_bytes(content)
        memory, duck = read_both_ways(export)
    assert memory[0] == duck[0]
    if memory[0] == "error":
        assert memory[1] == duck[1]
        return
    pd.testing.assert_frame_equal(memory[1], duck[1])
    assert memory[2] == duck[2]
