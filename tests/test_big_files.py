"""Exports bigger than memory (issue 12): DuckDB reads CSV and Parquet out of core (read/big.py).

The DuckDB path and the in-memory path must give the same report on the same file; the
DuckDB number rules (SQL) must agree with Python's `to_numbers`; and the path is chosen by size.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from reading_paths import READER_NOTES, read_both_ways

from keyclients_xl.demo_data import make_demo_lines
from keyclients_xl.engine import analyse_shipments, write_report
from keyclients_xl.errors import KeyClientsError, Location
from keyclients_xl.read import big, read_export, read_exports, route
from keyclients_xl.read.clients import fold_name
from keyclients_xl.read.values import BadValue, to_numbers
from keyclients_xl.settings import Settings

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")
TODAY = dt.date(2026, 11, 20)
TITLE = ["Анализ продаж", "Период: 01.05.2026 - 31.10.2026", "Показатели: Сумма", ""]


def demo_csv(path: Path) -> Path:
    """The demo lines as a 1C CSV: a title block, decimal commas, a total, a repeated header, an NA client."""
    lines = make_demo_lines(as_of=TODAY).drop(columns=["Документ"])
    text = lines.assign(Дата=lines["Дата"].map(lambda d: f"{d:%d.%m.%Y} 0:00:00"))
    for column in ("Цена", "Цена по прайсу", "Сумма", "Себестоимость"):
        text[column] = text[column].map(lambda v: f"{v:,.2f}".replace(",", " ").replace(".", ","))
    rows = text.astype(str).values.tolist()
    header = list(text.columns)
    rows.insert(len(rows) // 2, header)  # the header again, mid-file
    rows.insert(10, ["01.06.2026 0:00:00", "NA", *rows[10][2:]])  # a line without a client
    rows.append(["Итого", *[""] * (len(header) - 1)])
    body = "\n".join(";".join(row) for row in [header, *rows])
    path.write_text("\n".join(TITLE) + "\n" + body + "\n", encoding="utf-8")
    return path


def demo_parquet(path: Path) -> Path:
    lines = make_demo_lines(as_of=TODAY).drop(columns=["Документ"])
    pq.write_table(pa.Table.from_pandas(lines.assign(Дата=pd.to_datetime(lines["Дата"])), preserve_index=False), path)
    return path


def sheets_of(path: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


@pytest.mark.parametrize("make", [demo_csv, demo_parquet], ids=["csv", "parquet"])
def test_duckdb_and_memory_paths_give_identical_reports(make, tmp_path):
    export = make(tmp_path / f"Продажи.{'csv' if make is demo_csv else 'parquet'}")
    memory = read_exports([export], engine="memory")
    duck = read_exports([export], engine="duckdb")
    said = [n for n in duck.notes if n.key == "note.read_by_duckdb"]
    assert len(said) == 1 and "DuckDB" in said[0].text("en")
    assert [n.key for n in memory.notes if n.key in READER_NOTES] == ["note.read_in_memory"]
    # the one thing that differs: the note that says which reader took the file
    duck.notes = [n for n in duck.notes if n.key not in READER_NOTES]
    memory.notes = [n for n in memory.notes if n.key not in READER_NOTES]
    pd.testing.assert_frame_equal(memory.frame.reset_index(drop=True), duck.frame.reset_index(drop=True))
    first = write_report(tmp_path / "memory.xlsx", memory, today=TODAY)
    second = write_report(tmp_path / "duckdb.xlsx", duck, today=TODAY)
    assert first.summary == second.summary
    assert sheets_of(first.path) == sheets_of(second.path)
    assert len(first.analysis.table) > 20  # a real ranking, not two empty reports


# Found by reading quirky CSV files both ways (a differential fuzz of the two paths).
BOM_CSV = "\ufeffДата;Контрагент;Сумма\n01.08.2026;Альфа;100\n02.08.2026;Бета;200\n" + (
    "Дата;Контрагент;Сумма\n03.08.2026;Гамма;300\n04.08.2026;Альфа;50\n"
)  # fmt: skip


def test_a_csv_with_a_byte_order_mark_is_read_the_same_both_ways(tmp_path):
    """1C writes a BOM before the first header. DuckDB's path read it as part of 'Дата', missed
    the header in row 1, took the header repeated further down for it and dropped every line
    above it without a word: two of the four lines here."""
    export = tmp_path / "Продажи.csv"
    export.write_text(BOM_CSV, encoding="utf-8")
    (_, memory, memory_notes), (_, duck, duck_notes) = read_both_ways(export)
    assert duck["client"].tolist() == ["Альфа", "Бета", "Гамма", "Альфа"]
    assert duck["amount"].tolist() == [100.0, 200.0, 300.0, 50.0]
    pd.testing.assert_frame_equal(memory, duck)
    assert duck_notes == memory_notes
    assert any("header row 1" in note for note in duck_notes)


def test_a_converted_csv_is_named_as_the_user_named_it(tmp_path):
    """A cp1251 export is converted to UTF-8 for DuckDB in a scratch file; its notes and its
    errors named that file ('export.csv') instead of the user's."""
    export = tmp_path / "Продажи 1251.csv"
    export.write_bytes("Дата;Контрагент;Сумма\n01.08.2026;Альфа;100\n;;\nИтого;;100\n".encode("cp1251"))
    (_, memory, memory_notes), (_, duck, duck_notes) = read_both_ways(export)
    pd.testing.assert_frame_equal(memory, duck)
    assert duck_notes == memory_notes
    assert all("export.csv" not in note for note in duck_notes)
    assert sum("'Продажи 1251.csv'" in note for note in duck_notes) == 3  # format, layout, skipped rows
    bad = tmp_path / "Ошибка.csv"
    bad.write_bytes("Дата;Контрагент;Сумма\n01.08.2026;Альфа;сто\n".encode("cp1251"))
    with pytest.raises(KeyClientsError) as caught:
        read_export(bad, engine="duckdb")
    assert (caught.value.key, caught.value.where.file, caught.value.where.row) == ("error.bad_number", "Ошибка.csv", 2)


def test_the_date_order_note_cites_the_same_day_both_ways(tmp_path):
    """dd/mm/yyyy dates: the note cites the first day that proves the order. DuckDB's path
    cited whichever its unordered DISTINCT gave first."""
    days = ["03/05/2026", "28/04/2026", "04/07/2026", "09/01/2026", "20/05/2026", "13/09/2026", "13/02/2026"]
    rows = [f"{day};Клиент {i % 3};{100 + i}" for i, day in enumerate(days * 3)]
    export = tmp_path / "Продажи.csv"
    export.write_text("Дата;Контрагент;Сумма\n" + "\n".join(rows) + "\n", encoding="utf-8")
    (_, memory, memory_notes), (_, duck, duck_notes) = read_both_ways(export)
    cited = [note for note in duck_notes if "day/month" in note]
    assert cited == [note for note in memory_notes if "day/month" in note]
    assert cited[0].endswith("(value 28/04/2026 proves it).")
    pd.testing.assert_frame_equal(memory, duck)


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_an_export_with_payment_dates_is_read_the_same_both_ways(suffix, tmp_path):
    """A payment-date column (receivables) made DuckDB's query ambiguous ('day' in both tables):
    every such export past the size limit ended as 'damaged'. In Parquet written by pandas
    (large_string columns), text dates and text numbers were cast as numbers: 'damaged' too."""
    lines = pd.DataFrame(
        {
            "Дата": ["01.08.2026", "02.08.2026", "15.09.2026"],
            "Контрагент": ["Альфа", "Бета", "Альфа"],
            "Количество": ["1 000", "2,5", "3"],
            "Сумма": [100.0, 200.0, 50.5],
            "Дата оплаты": ["11.08.2026", None, "25.09.2026"],
        }
    )
    export = tmp_path / f"Продажи.{suffix}"
    if suffix == "csv":
        lines.to_csv(export, sep=";", index=False)
    else:
        pq.write_table(pa.Table.from_pandas(lines, preserve_index=False), export)
        assert pa.types.is_large_string(pq.read_schema(export).field("Дата").type)
    (_, memory, memory_notes), (_, duck, duck_notes) = read_both_ways(export)
    assert duck["payment_date"].tolist()[0] == pd.Timestamp("2026-08-11")
    assert pd.isna(duck["payment_date"].tolist()[1])
    assert duck["amount"].tolist() == [100.0, 200.0, 50.5]
    assert duck["quantity"].tolist() == [1000.0, 2.5, 3.0]
    pd.testing.assert_frame_equal(memory, duck)
    assert duck_notes == memory_notes


def outcome(export: Path, engine: str):
    """The lines read (client, date, amount, payment date where there is one) or the message."""
    try:
        frame = read_exports([export], engine=engine).frame
    except KeyClientsError as error:
        return error.message("en")
    return frame.drop(columns=["client_key", "month"]).to_dict("list")


def typed_export(path: Path, **columns) -> Path:
    days = pa.array([dt.date(2026, 8, 1), dt.date(2026, 8, 2), dt.date(2026, 8, 3)], pa.date32())
    pq.write_table(pa.table({"Дата": days, "Контрагент": ["А", "Б", "В"], "Сумма": [1.0, 2.0, 3.0], **columns}), path)
    return path


NOT_A_DATE = "file 'Продажи.parquet', row 3, column A 'Дата': not a date: "
DAMAGED = "file 'Продажи.parquet': damaged, or not written to the end. Export the report again."
PLAIN_ABC = {
    "client": ["А", "Б", "В"],
    "date": [pd.Timestamp(f"2026-08-0{d}") for d in (1, 2, 3)],
    "amount": [1.0, 2.0, 3.0],
}
EDGE_CASES = {  # typed Parquet cells; the memory path crashed on the dates, DuckDB wrapped them round
    "year 2300": ({"Дата": pa.array([dt.datetime(2026, 8, 1), dt.datetime(2300, 1, 1)] * 2, pa.timestamp("us"))[:3]},
                  NOT_A_DATE + "'2300-01-01 00:00:00'."),
    "year 1600": ({"Дата": pa.array([dt.date(2026, 8, 1), dt.date(1600, 1, 1), dt.date(2026, 8, 3)])},
                  NOT_A_DATE + "'1600-01-01'."),
    "serial of 9999-12-31": ({"Дата": pa.array([46235.0, 2958465.0, 46236.0])}, NOT_A_DATE + "'2958465.0'."),
    "1C's empty date": ({"Дата": pa.array([dt.date(2026, 8, 1), dt.date(1, 1, 1), dt.date(2026, 8, 3)])},
                        {"client": ["А", "В"], "date": [pd.Timestamp("2026-08-01"), pd.Timestamp("2026-08-03")],
                         "amount": [1.0, 3.0]}),
    "NaN amount": ({"Сумма": [1.0, float("nan"), 3.0]},
                   {"client": ["А", "В"], "date": [pd.Timestamp("2026-08-01"), pd.Timestamp("2026-08-03")],
                    "amount": [1.0, 3.0]}),
    "infinite amount": ({"Сумма": [1.0, float("inf"), 3.0]},
                        "file 'Продажи.parquet', row 3, column C 'Сумма': not a number: 'inf'."),
    "an amount too large for a sale": ({"Сумма": [1.0, 1e308, 3.0]},  # the totals summed to infinity
                                       "file 'Продажи.parquet', row 3, column C 'Сумма': a number too large for "
                                       "a sale (10^15 or more): '1e+308'."),
    "a text amount too large": ({"Сумма": ["1", "2", "-1e15"]},
                                "file 'Продажи.parquet', row 4, column C 'Сумма': a number too large for "
                                "a sale (10^15 or more): '-1e15'."),
    "amounts of True/False": ({"Сумма": [True, False, True]},
                              "file 'Продажи.parquet', row 2, column C 'Сумма': not a number: 'True'."),
    "Moscow midnights written in UTC": (  # 21:00 UTC the day before: the UTC day was a day early
        {"Дата": pa.array([dt.datetime(2026, 7, 31, 21), dt.datetime(2026, 8, 31, 21), dt.datetime(2026, 9, 1, 20)],
                          pa.timestamp("us", tz="UTC")).cast(pa.timestamp("us", tz="Europe/Moscow"))},
        {"client": ["А", "Б", "В"], "date": [pd.Timestamp("2026-08-01"), pd.Timestamp("2026-09-01"),
                                             pd.Timestamp("2026-09-01")], "amount": [1.0, 2.0, 3.0]}),
    # Text in other layouts: client names came out as "b'\\xd0\\x90'" (memory) or '\\xD0\\x90' (DuckDB)
    "names as bytes (Hive, Impala)": ({"Контрагент": pa.array([s.encode() for s in "АБВ"], pa.binary())}, PLAIN_ABC),
    "every column as large bytes": (
        {"Дата": pa.array([b"01.08.2026", b"02.08.2026", b"03.08.2026"], pa.large_binary()),
         "Контрагент": pa.array([s.encode() for s in "АБВ"], pa.large_binary()),
         "Сумма": pa.array([b"1,0", b"2", b"3,00"], pa.large_binary())}, PLAIN_ABC),
    "names as string views (Polars)": ({"Контрагент": pa.array(list("АБВ"), pa.string_view())}, PLAIN_ABC),  # crashed
    "bytes that are not UTF-8": ({"Контрагент": pa.array([b"\xc0", b"B", b"C"], pa.binary())}, DAMAGED),
    "amounts of no type": ({"Сумма": pa.array([None, None, None], pa.bool_())},  # the column reader crashed
                           "file 'Продажи.parquet': not one shipment line: no rows with a client, a date and an "
                           "amount under the header (or all are cancelled)."),
}  # fmt: skip


@pytest.mark.parametrize("case", EDGE_CASES, ids=list(EDGE_CASES))
def test_typed_parquet_edge_cells_are_read_the_same_both_ways(case, tmp_path):
    columns, expected = EDGE_CASES[case]
    export = typed_export(tmp_path / "Продажи.parquet", **columns)
    assert outcome(export, "memory") == expected
    assert outcome(export, "duckdb") == expected


def test_an_amount_of_quantity_times_a_negative_price_is_never_minus_zero(tmp_path):
    """0 × −5 is −0.0: the status note printed '-0' on the small-file path and '0' through DuckDB."""
    from reading_paths import read_both_ways

    export = tmp_path / "Продажи.csv"
    export.write_text(
        "Дата;Контрагент;Количество;Цена;Статус\n01.08.2026;Альфа;2;100;Проведен\n02.08.2026;Бета;0;-5;В резерве\n",
        encoding="utf-8",
    )
    for kind, lines, notes in read_both_ways(export):
        assert kind == "lines"
        assert lines["amount"].tolist() == [200.0, 0.0] and not np.signbit(lines["amount"]).any()
        assert "'Продажи.csv', column 'Статус': Проведен — 1 line, 200; В резерве — 1 line, 0." in notes


def test_1c_empty_payment_dates_are_blank_both_ways(tmp_path):
    """'01.01.0001 0:00:00' is 1C's empty date: the memory path crashed on it (OutOfBoundsDatetime)."""
    export = tmp_path / "Продажи.csv"
    export.write_text(
        "Дата;Контрагент;Сумма;Дата оплаты\n"
        "01.08.2026 0:00:00;Альфа;100;01.01.0001 0:00:00\n02.08.2026 0:00:00;Бета;200;12.08.2026 0:00:00\n",
        encoding="utf-8",
    )
    paid = typed_export(tmp_path / "Оплаты.parquet", **{"Дата оплаты": pa.array([dt.datetime(1, 1, 1), None, None])})
    for engine in ("memory", "duckdb"):
        assert outcome(export, engine)["payment_date"] == [pd.NaT, pd.Timestamp("2026-08-12")]
        assert outcome(paid, engine)["payment_date"] == [pd.NaT] * 3


def test_lines_are_estimated_from_the_first_megabyte(tmp_path, monkeypatch):
    """A 373 MB CSV of 14 million short lines took 2.8 GB in memory: under the size limit, over
    the line limit. The estimate scales the lines of the first sample to the whole file, and errs
    when the rest is unlike it (here long lines come after it: the byte limit stays the bound)."""
    export = tmp_path / "Продажи.csv"
    long_line = b"01.08.2026;" + b"B" * 300_000 + b";1\n"
    export.write_bytes(b"Date;Client;Amount\n" + b"01.08.2026;A;1\n" * 10_000 + long_line)
    monkeypatch.setattr(route, "LINE_SAMPLE", 150_019)  # the header and 10,000 lines of 15 bytes
    size = export.stat().st_size
    assert route.estimated_lines(export, size) == size * 10_001 // 150_019 == 30_001  # 10,002 in truth
    monkeypatch.setattr(route, "BIG_TEXT_LINES", 30_000)
    assert route.wants_duckdb(export)


def test_cells_are_estimated_from_the_first_megabyte(tmp_path, monkeypatch):
    """Every cell of a CSV is held in memory, used or not: 477 MB of lines of 200 empty fields
    took 2.8 GB there. The fields per line are counted by the commonest delimiter, so decimal
    commas in a semicolon file do not count twice."""
    wide = tmp_path / "wide.csv"
    wide.write_bytes(
        b"Date;Client;Amount" + b";" * 37 + b"\n" + b"01.08.2026;A;1,5" + b";" * 37 + b"\n" + b";" * 39 + b"\n"
    )
    assert route.estimated_fields(wide) == 40
    narrow = demo_csv(tmp_path / "Продажи.csv")
    assert route.estimated_fields(narrow) == 11  # its 11 columns (title lines have none; rounded up)
    lines = route.estimated_lines(narrow, narrow.stat().st_size)
    monkeypatch.setattr(route, "BIG_TEXT_CELLS", lines * route.estimated_fields(narrow))
    assert not route.wants_duckdb(narrow)
    assert not any(n.key == "note.read_by_duckdb" for n in read_export(narrow).notes)
    monkeypatch.setattr(route, "BIG_TEXT_CELLS", lines * route.estimated_fields(narrow) - 1)
    assert any(n.key == "note.read_by_duckdb" for n in read_export(narrow).notes)


def test_the_csv_fixture_holds_what_the_small_path_must_handle(tmp_path):
    """The comparison above is worth something only if the fixture has the quirks: checked here."""
    shipments = read_exports([demo_csv(tmp_path / "Продажи.csv")], engine="duckdb")
    keys = {n.key: n for n in shipments.notes}
    noise = keys["note.noise_rows"].params
    assert (noise["totals"], noise["headers"]) == (1, 1)
    assert keys["note.no_client"].params["lines"].text("en") == "1 line"
    assert "отброшены" in keys["note.statuses"].text("ru")  # cancelled lines dropped


def test_lines_beyond_the_limit_are_added_up_and_rank_the_same(tmp_path):
    export = demo_csv(tmp_path / "Продажи.csv")
    memory = read_exports([export], engine="memory")
    added = big.read_big_export(export, lines_max=100)
    assert len(added.frame) < len(memory.frame)
    assert "sku" not in added.frame and "price" not in added.frame  # left out, and said so:
    assert any(n.key == "note.lines_added_up" for n in added.notes)
    from keyclients_xl.read import combine

    # Keyed by identity: the name shown is the most frequent spelling, and adding up changes how often each is met.
    ranked = [analyse_shipments(s, Settings(), TODAY).table for s in (memory, combine([added]))]
    ranked = [table.set_index(table["client"].map(fold_name)) for table in ranked]
    columns = [c for c in ranked[0].columns if isinstance(c, pd.Period)] + ["average", "rank"]
    pd.testing.assert_frame_equal(ranked[0][columns], ranked[1][columns], check_exact=False, rtol=1e-12)


NUMBER_CASES = [
    "1 234 567,89", "1\u00a0234\u00a0567,89", "1\u202f234,5", "12,5", "1,234,567.89", "1.234.567,89", "1 500 руб.",
    "2 000,50 ₽", "$1,250.00", "(123)", "(1 234,5)", "-7", "15.299999999999999", "42", "2.5", " 3 ", "-1,5", "+4",
    "", "  ", "-", "—", "n/a", "NULL", None,
]  # fmt: skip


def test_sql_number_rules_agree_with_python():
    with duckdb.connect() as con:
        con.execute(big._MACROS)
        got = [row[0] for row in con.execute("SELECT kc_number(x) FROM unnest(?) AS t(x)", [NUMBER_CASES]).fetchall()]
    expected = to_numbers(pd.Series(NUMBER_CASES, dtype=object)).tolist()
    assert np.allclose(np.array(got, dtype=float), expected, equal_nan=True, rtol=0, atol=0)
    with duckdb.connect() as con:
        con.execute(big._MACROS)
        not_numbers = ["три", "1_000", "0x10", "1 2_3"]  # DuckDB's own cast takes '1_000' as 1000
        assert con.execute("SELECT kc_number(x) FROM unnest(?) AS t(x)", [not_numbers]).fetchall() == [(None,)] * 4
    for cell in not_numbers:
        with pytest.raises(BadValue):
            to_numbers(pd.Series([cell]))


def test_a_bad_number_is_named_at_the_same_row_by_both_paths(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Отчёт\n\nДата;Клиент;Сумма\n01.08.2026;А;1 000,5\n02.08.2026;Б;три\n", encoding="utf-8")
    errors = []
    for engine in ("memory", "duckdb"):
        with pytest.raises(KeyClientsError) as caught:
            read_export(path, engine=engine)
        errors.append((caught.value.key, caught.value.where.row, caught.value.params["value"]))
    assert errors[0] == errors[1] == ("error.bad_number", 5, "три")


@pytest.mark.parametrize(
    ("body", "row"),
    [
        ("01.08.2026;А;1\n\n\n02.08.2026;Б;5\n;;\n\n03.08.2026;В;три\n", 10),  # row = the line
        ('01.08.2026;"А\n\nА";1\n\n02.08.2026;В;три\n', 6),  # a cell's line breaks stay in its row, as in Excel
    ],
)
def test_blank_lines_above_a_bad_number_shift_no_row(tmp_path, body, row):
    """DuckDB skips a CSV's blank lines; the small-file path keeps each as a row, as Excel shows it."""
    path = tmp_path / "blank.csv"
    path.write_text("Отчёт\n\nДата;Клиент;Сумма\n" + body, encoding="utf-8")
    errors = []
    for engine in ("memory", "duckdb"):
        with pytest.raises(KeyClientsError) as caught:
            read_export(path, engine=engine)
        errors.append((caught.value.key, caught.value.where.row, caught.value.where.column))
    assert errors[0] == errors[1] == ("error.bad_number", row, 3)


def test_the_path_is_chosen_by_size(tmp_path, monkeypatch):
    export = demo_csv(tmp_path / "Продажи.csv")
    assert not any(n.key == "note.read_by_duckdb" for n in read_export(export).notes)
    monkeypatch.setattr(route, "BIG_TEXT_BYTES", export.stat().st_size - 1)
    assert any(n.key == "note.read_by_duckdb" for n in read_export(export).notes)
    monkeypatch.setattr(route, "BIG_TEXT_BYTES", export.stat().st_size)
    lines = export.read_bytes().count(b"\n")
    monkeypatch.setattr(route, "LINE_SAMPLE", export.stat().st_size)  # the whole file is the sample
    assert route.estimated_lines(export, export.stat().st_size) == lines
    monkeypatch.setattr(route, "BIG_TEXT_LINES", lines)
    assert not any(n.key == "note.read_by_duckdb" for n in read_export(export).notes)
    monkeypatch.setattr(route, "BIG_TEXT_LINES", lines - 1)
    assert any(n.key == "note.read_by_duckdb" for n in read_export(export).notes)
    parquet = demo_parquet(tmp_path / "Продажи.parquet")
    monkeypatch.setattr(route, "BIG_PARQUET_ROWS", 10)
    assert any(n.key == "note.read_by_duckdb" for n in read_export(parquet).notes)


def test_a_note_says_which_reader_took_a_csv_or_parquet_file(tmp_path, monkeypatch):
    """Issue 12: the path is chosen by size, and a note says which one was used, either way.
    A workbook has no choice to make (it is always read in memory): no such note."""
    export = demo_csv(tmp_path / "Продажи.csv")
    size = export.stat().st_size
    memory = [n.text("en") for n in read_export(export).notes if n.key in READER_NOTES]
    assert memory == [
        f"'Продажи.csv' ({size / 2**20:.1f} MB) was read whole in memory; a CSV over 512 MB, 5,000,000 lines or "
        "64,000,000 cells, or a Parquet file over 5,000,000 rows, is read by DuckDB piece by piece."
    ]
    monkeypatch.setattr(route, "BIG_TEXT_BYTES", size - 1)
    keys = [n.key for n in read_export(export).notes]
    assert "note.read_by_duckdb" in keys and "note.read_in_memory" not in keys
    workbook = tmp_path / "Продажи.xlsx"
    make_demo_lines(as_of=TODAY).to_excel(workbook, index=False)
    assert not [n for n in read_export(workbook).notes if n.key in READER_NOTES]


def test_a_broken_or_misnamed_big_file_ends_in_one_clear_message(tmp_path):
    workbook = tmp_path / "Продажи.csv"
    workbook.write_bytes(b"PK\x03\x04" + b"\0" * 100)  # a ZIP (a workbook?) named .csv
    with pytest.raises(KeyClientsError) as caught:
        read_export(workbook, engine="duckdb")
    assert caught.value.key in ("file.misnamed", "file.damaged")
    fake = tmp_path / "Продажи.parquet"
    fake.write_text("Дата;Клиент;Сумма\n", encoding="utf-8")
    with pytest.raises(KeyClientsError) as caught:
        read_export(fake, engine="duckdb")
    assert caught.value.key == "file.damaged"
    framed = tmp_path / "framed.parquet"  # the magic bytes at both ends, nothing readable between
    framed.write_bytes(b"PAR1" + b"garbage" * 10 + b"PAR1")
    with pytest.raises(KeyClientsError) as caught:  # pyarrow's ArrowInvalid escaped before
        read_export(framed, engine="duckdb")
    assert caught.value.key == "file.damaged"
    long_line = tmp_path / "long.csv"
    lines = "Дата;Клиент;Сумма\n" + "01.08.2026;А;1\n" * 300  # past the first records read by Python
    long_line.write_text(lines + "x" * (17 << 20) + "\n", encoding="utf-8")
    with pytest.raises(KeyClientsError) as caught:
        read_export(long_line, engine="duckdb")
    assert caught.value.key == "file.line_too_long"


def test_a_parquet_file_of_repeats_is_refused_before_duckdb_reads_it(tmp_path):
    """3 KB of codes that stand for 200 GB of text: counted from the codes (not written out),
    and refused as a bomb; DuckDB took 107 s and 2.8 GB on 6 million of them, then failed."""
    from hostile_corpus import parquet_text_bomb

    bomb = tmp_path / "Продажи.parquet"
    bomb.write_bytes(parquet_text_bomb())
    with pytest.raises(KeyClientsError) as caught:
        read_export(bomb, engine="duckdb")
    assert caught.value.key == "file.parquet_bomb"
    values = caught.value.params["size"].size
    assert values > 200_000 * (1 << 20) and caught.value.params["ratio"].value == values / bomb.stat().st_size
    assert "200" in caught.value.message("en") and "bomb" in caught.value.message("en")


def test_a_file_duckdb_runs_out_of_memory_on_is_not_called_damaged(tmp_path, monkeypatch):
    """Thousands of columns filled DuckDB's memory limit: the message said 'damaged'."""
    monkeypatch.setattr(big, "MEMORY_LIMIT", "20MB")
    wide = tmp_path / "wide.csv"
    row = ";".join(["05.08.2026", "Альфа", "100", *[""] * 6000])
    wide.write_text("Дата;Контрагент;Сумма" + ";" * 6000 + "\n" + (row + "\n") * 3000, encoding="utf-8")
    with pytest.raises(KeyClientsError) as caught:
        read_export(wide, engine="duckdb")
    assert caught.value.key == "file.duckdb_memory"
    assert caught.value.message("en").endswith(
        "reading the file needs more memory than 19 MB: it has too many columns, or too long lines. "
        "Export only the columns needed."
    )


_LOADED_AT_READ = """
import json, sys
import keyclients_xl.read.files as files

seen = {}
sheet_columns = files._sheet_columns

def recording(reader, name):  # after the size guard, as calamine parses the sheet
    seen.update({module: module in sys.modules for module in ("pandas", "openpyxl", "lxml", "duckdb")})
    return sheet_columns(reader, name)

files._sheet_columns = recording
from keyclients_xl.cli import app

try:
    app(["build", sys.argv[2], "--export", sys.argv[1], "--today", "2026-11-20", "--quiet"])
except SystemExit as done:
    seen["exit"] = done.code
print(json.dumps(seen))
"""


def test_the_command_line_reads_a_workbook_export_before_pandas_and_openpyxl_come_in(tmp_path):
    """calamine's parse of a big workbook is a build's peak of memory: whatever is imported
    before it adds to that peak, so the cells are read first (docs/performance.md)."""
    import json
    import subprocess
    import sys

    export = tmp_path / "Продажи.xlsx"
    make_demo_lines(as_of=TODAY).to_excel(export, index=False)
    out = tmp_path / "KeyClients.xlsx"
    done = subprocess.run(
        [sys.executable, "-c", _LOADED_AT_READ, str(export), str(out)], capture_output=True, text=True, check=True
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"pandas": False, "openpyxl": False, "lxml": False, "duckdb": False, "exit": 0}
    assert openpyxl.load_workbook(out, read_only=True).sheetnames[0] == "Ключевые клиенты"


def test_a_build_into_an_existing_workbook_reads_its_settings_without_pandas(tmp_path):
    """The monthly refresh builds in place: the workbook's settings sheet is read first (it says
    how to read the export), through lxml and openpyxl's date formats, but pandas comes in only
    after calamine has parsed the export, as in a new workbook."""
    import json
    import subprocess
    import sys

    export = tmp_path / "Продажи.xlsx"
    make_demo_lines(as_of=TODAY).to_excel(export, index=False)
    out = tmp_path / "KeyClients.xlsx"
    args = [sys.executable, "-c", _LOADED_AT_READ, str(export), str(out)]
    subprocess.run(args, capture_output=True, text=True, check=True)  # last month's build: a new workbook
    done = subprocess.run(args, capture_output=True, text=True, check=True)  # this month's, in place
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"pandas": False, "openpyxl": True, "lxml": True, "duckdb": False, "exit": 0}
    assert openpyxl.load_workbook(out, read_only=True).sheetnames[0] == "Ключевые клиенты"


def test_duckdb_prints_no_progress_bar_of_its_own(tmp_path, monkeypatch, capfd):
    """DuckDB draws its own bar on stdout once a query runs past two seconds: through the Python
    API (engine.build) a big export's build wrote it into the caller's output. Our phases are
    the progress shown. Here every query counts as slow from the connection's first statement
    on (what that one statement printed is let go: the setting that makes queries count as
    slow turns the bar on, as a real slow query finds it)."""
    import duckdb

    connect = duckdb.connect

    class EveryQuerySlow:
        def __init__(self, con):
            self.con, self.first = con, True
            con.execute("SET progress_bar_time = 0")

        def __enter__(self):
            self.con.__enter__()
            return self

        def __exit__(self, *exc):
            return self.con.__exit__(*exc)

        def execute(self, *args, **kwargs):
            result = self.con.execute(*args, **kwargs)
            if self.first:
                self.first = False
                capfd.readouterr()
            return result

        def __getattr__(self, name):
            return getattr(self.con, name)

    monkeypatch.setattr(duckdb, "connect", lambda *args, **kwargs: EveryQuerySlow(connect(*args, **kwargs)))
    shipments = read_exports([demo_csv(tmp_path / "Продажи.csv")], engine="duckdb")
    assert any(n.key == "note.read_by_duckdb" for n in shipments.notes)
    printed = capfd.readouterr()
    assert (printed.out, printed.err) == ("", "")


def test_lines_whose_amount_is_not_found_are_named_the_same_both_ways(tmp_path):
    """Only lines with a client and a date count (a group row's empty amount is no lookup), and
    either factor of quantity × price may be the one not found."""
    export = tmp_path / "Продажи.csv"
    export.write_text(
        "Дата;Контрагент;Количество;Цена\n"
        "01.09.2026;Альфа;2;50\n"  # row 2: a line
        "02.09.2026;Бета;#N/A;10\n"  # row 3: named, the first
        "02.09.2026;;1;#Н/Д\n"  # no client: the no-client note's
        ";Гамма;1;#N/A\n"  # no date: a group row
        "03.09.2026;Гамма;3; #н/д \n",  # row 6: named
        encoding="utf-8",
    )
    memory, duck = read_both_ways(export)
    assert memory[0] == duck[0] == "lines" and memory[2] == duck[2]
    pd.testing.assert_frame_equal(memory[1], duck[1])
    assert memory[1][["client", "amount"]].values.tolist() == [["Альфа", 100.0]]
    assert (
        "'Продажи.csv': lines with a client and a date whose amount is #N/A (a formula that found nothing) were "
        "left out: 2 lines; the first is row 3. Mend the formula and export the file again."
    ) in memory[2]


def test_a_column_of_both_date_orders_names_the_rows_on_both_paths(tmp_path):
    """The error named the column only: in 40,000 lines the manager could not find the day that
    contradicts the others. Now it names both days' rows, and stands at the later one."""
    from reading_paths import read_both_ways

    lines = ["01/08/2026;Альфа;1", "13/08/2026;Бета;2", "02/08/2026;Альфа;3", "08/14/2026;Бета;4"]
    export = tmp_path / "Продажи.csv"
    export.write_text("Дата;Контрагент;Сумма\n" + "\n".join(lines) + "\n", encoding="utf-8")
    expected = (
        "file 'Продажи.csv', row 5, column A 'Дата': one column holds both day/month (13/08/2026, row 3) "
        "and month/day (08/14/2026, row 5) dates."
    )
    assert read_both_ways(export) == [("error", expected), ("error", expected)]


def test_a_contacts_sheet_of_both_date_orders_names_the_rows():
    from keyclients_xl.read.layout import mixed_order_error
    from keyclients_xl.read.values import MixedDateOrder, first_cell_with

    cells = pd.Series(["01/02/1980", "", "13/02/1975", "02/14/1990"], index=[4, 5, 6, 7])
    mixed = MixedDateOrder("13/02/1975", "02/14/1990")
    rows = tuple(first_cell_with(cells, example) for example in mixed.examples())
    assert rows == (6, 7)
    error = mixed_order_error(mixed, rows, lambda row: Location(file="KeyClients.xlsx", sheet="Контакты", row=row + 1))
    assert error.message("ru") == (
        "файл «KeyClients.xlsx», лист «Контакты», строка 8: в одном столбце даты и день/месяц (13/02/1975, "
        "строка 7), и месяц/день (02/14/1990, строка 8)."
    )


def test_a_semicolon_file_with_a_comma_in_every_line_is_split_at_the_semicolons(tmp_path):
    """'Сумма, руб.' over '100000,50': every line held one comma, and csv.Sniffer, which prefers
    ',' among delimiters as consistent, split the file at the commas ('no time axis')."""
    from reading_paths import read_both_ways

    from keyclients_xl.read.text import sniff_delimiter

    export = tmp_path / "Продажи.csv"
    export.write_text(
        "Дата;Контрагент;Сумма, руб.\n05.08.2026;ООО Альфа;100000,50\n06.08.2026;ООО Бета;90000,25\n", encoding="utf-8"
    )
    for kind, lines, _notes in read_both_ways(export):
        assert kind == "lines"
        assert lines["amount"].tolist() == [100000.5, 90000.25]
    english = 'Date,Customer,Note,Sales\n2026-08-05,Alpha,"a; b",10\n2026-08-06,Beta,"c; d",12.5\n'
    assert sniff_delimiter(english) == ","  # a ';' inside quoted text splits nothing
    assert sniff_delimiter("Дата\tКлиент\tСумма\n01.08.2026\tА, Б\t5\n") == "\t"


def test_a_by_month_table_forced_to_duckdb_is_read_to_its_last_row(tmp_path):
    # DuckDB hands a by-month table to the ordinary reader; it handed over the header search's
    # first 200 records only: 300 clients × (1 + 2) read as 199 clients, 597.
    export = tmp_path / "Продажи.csv"
    rows = ["Контрагент;2026-08;2026-09", *(f"Клиент {i};1;2" for i in range(300))]
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    (_, memory, memory_notes), (_, duck, duck_notes) = read_both_ways(export)
    assert len(duck) == 600
    assert duck["amount"].sum() == 900.0
    pd.testing.assert_frame_equal(memory, duck)
    assert duck_notes == memory_notes
