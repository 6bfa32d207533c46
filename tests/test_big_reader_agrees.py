"""The DuckDB reader (read/big.py) gives the lines and notes the in-memory reader gives, on small
quirky exports where the two once differed (issue 12: "the small-file path and the DuckDB path give
identical reports"). The figures are worked out by hand in each test."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from reading_paths import read_both_ways

from keyclients_xl.read import read_exports

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def same_both_ways(export: Path) -> tuple[pd.DataFrame, list[str]]:
    """The lines and notes, after checking that both readers give them."""
    memory, duckdb = read_both_ways(export)
    assert memory[0] == duckdb[0] == "lines", (memory, duckdb)
    pd.testing.assert_frame_equal(memory[1], duckdb[1])
    assert memory[2] == duckdb[2]
    return memory[1], memory[2]


def by_client(frame: pd.DataFrame) -> dict[str, float]:
    return frame.groupby("client")["amount"].sum().to_dict()


# Excel's Data ▸ Subtotal by client, saved as CSV: 'ООО Ромашка Итог' under the client's lines.
EXCEL_SUBTOTALS = {
    "undated": "Дата;Контрагент;Сумма\n05.08.2026;ООО Ромашка;100\n06.08.2026;ООО Ромашка;200\n"
    ";ООО Ромашка Итог;300\n07.08.2026;ИП Иванов;50\n;ИП Иванов Итог;50\n;Общий итог;350\n",
    "dated": "Дата;Контрагент;Сумма\n05.08.2026;ООО Ромашка;100\n06.08.2026;ООО Ромашка;200\n"
    "06.08.2026;ООО Ромашка Итог;300\n07.08.2026;ИП Иванов;50\n07.08.2026;ИП Иванов Итог;50\n",
    "english": "Date,Customer,Amount\n2026-08-05,Alpha LLC,100\n2026-08-06,Alpha LLC,200\n,Alpha LLC Total,300\n"
    "2026-08-07,Beta Inc,50\n,Beta Inc Total,50\n,Grand Total,350\n",
    # by a column no role reads (the file is read again for the rows above): 'Молочка Итог', dated
    "other column": "Группа;Дата;Контрагент;Сумма\nМолочка;05.08.2026;ООО Ромашка;100\n"
    "Молочка;06.08.2026;ИП Иванов;200\nМолочка Итог;06.08.2026;ИП Иванов;300\n"
    "Хлеб;07.08.2026;ИП Иванов;50\nХлеб Итог;;;50\n",
}


@pytest.mark.parametrize("case", sorted(EXCEL_SUBTOTALS))
def test_excels_subtotal_rows_by_client_are_totals_on_both_paths(tmp_path, case):
    """The three lines make 300 + 50; each client's 'Итог' row (dated or not) is a totals row,
    as the note says on both paths (DuckDB took them for group rows, or, dated, for two more
    clients' lines: 700 in all)."""
    export = tmp_path / "Продажи.csv"
    export.write_text(EXCEL_SUBTOTALS[case], encoding="utf-8")
    frame, notes = same_both_ways(export)
    assert frame["amount"].sum() == 350.0
    assert len(frame) == 3
    totals = 3 if case in ("undated", "english") else 2
    assert any(f"{totals} totals, 0 group or blank" in note for note in notes), notes


def test_a_client_named_total_is_a_client_on_both_paths(tmp_path):
    """'Office Total' under another client names no row above: a client (900 + 800)."""
    export = tmp_path / "Продажи.csv"
    export.write_text("Date,Customer,Amount\n2026-08-05,Alpha LLC,900\n2026-08-06,Office Total,800\n", encoding="utf-8")
    frame, _ = same_both_ways(export)
    assert by_client(frame) == {"Alpha LLC": 900.0, "Office Total": 800.0}


def test_an_excel_subtotal_under_a_blank_line_is_a_total_on_both_paths(tmp_path):
    """'Альфа Итог' one blank line below Альфа's line names the label above it (blank lines
    skipped): a totals row, 100 + 200 in all. In memory it was a client 'Альфа Итог' (the row
    above was blank), through DuckDB (which skips the blank line) a total."""
    export = tmp_path / "Продажи.csv"
    export.write_text(
        "Контрагент;Дата;Сумма\nАльфа;01.08.2026;100\n\nАльфа Итог;01.08.2026;100\nБета;02.08.2026;200\n",
        encoding="utf-8",
    )
    frame, notes = same_both_ways(export)
    assert by_client(frame) == {"Альфа": 100.0, "Бета": 200.0}
    assert any("skipped 2 rows that are not data: 1 totals, 1 group or blank" in note for note in notes), notes


# Blank lines below the header, counted by hand; DuckDB skips them, its path counts them back.
BLANK_LINES = {
    # two between the lines, one above the total, two at the end: 5 (and the total)
    "lf": ("Дата;Контрагент;Сумма\n01.08.2026;Альфа;100\n\n\n02.08.2026;Бета;200\n\nИтого;;300\n\n\n", 1, 5),
    # the blank line of the title block is above the header: not counted
    "title": ("Анализ продаж\n\nДата;Контрагент;Сумма\n01.08.2026;Альфа;100\n\n02.08.2026;Бета;200\n", 0, 1),
    # the blank line inside a quoted cell is the cell's
    "quoted": ('Дата;Контрагент;Сумма\n01.08.2026;"Альфа\n\nплюс";100\n\n02.08.2026;Бета;200\n', 0, 1),
    # a stray quote (24 inches) opens no cell
    "stray quote": ('Дата;Товар;Контрагент;Сумма\n01.08.2026;Монитор 24";Альфа;100\n\n02.08.2026;ТВ;Бета;200\n', 0, 1),
}


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("case", sorted(BLANK_LINES))
def test_blank_lines_are_counted_alike_on_both_paths(tmp_path, case, newline):
    """The note counts the blank lines among the group or blank rows on both paths (DuckDB's
    said 0: it skips them without a word)."""
    text, total_rows, blank = BLANK_LINES[case]
    export = tmp_path / "Продажи.csv"
    export.write_bytes(text.replace("\n", newline).encode())
    frame, notes = same_both_ways(export)
    assert frame["amount"].sum() == 300.0
    said = f"skipped {total_rows + blank} row{'s' if total_rows + blank > 1 else ''} that are not data: "
    assert any(f"{said}{total_rows} totals, {blank} group or blank" in note for note in notes), notes


@pytest.mark.parametrize("how", ["arrow dictionary", "pandas category"])
def test_a_dictionary_coded_parquet_column_is_read_as_its_text(tmp_path, how):
    """pandas writes a category column dictionary-coded: DuckDB's path took its text amounts
    ('1 234,56') for no numbers at all ('a number too large for a sale')."""
    export = tmp_path / "Продажи.parquet"
    days, clients, amounts = ["05.08.2026", "06.08.2026"], ["ООО Ромашка", "ИП Иванов"], ["1 234,56", "0"]
    if how == "pandas category":
        frame = pd.DataFrame({"Дата": days, "Контрагент": pd.Categorical(clients), "Сумма": pd.Categorical(amounts)})
        frame.to_parquet(export)
    else:
        encoded = [pa.array(days), pa.array(clients).dictionary_encode(), pa.array(amounts).dictionary_encode()]
        pq.write_table(pa.table(encoded, names=["Дата", "Контрагент", "Сумма"]), export)
    frame, _ = same_both_ways(export)
    assert by_client(frame) == {"ООО Ромашка": 1234.56, "ИП Иванов": 0.0}


NUMBER_TEXTS = {  # cell → (under English headers, under Russian ones): the in-memory CSV rule (docs/exports.md)
    "177,000": (177000.0, 177.0),  # Excel's #,##0 under English headers; 1C's quantity 177,000 under Russian
    "1,234.56": (1234.56, 1234.56),  # the point after the comma proves the comma groups
    "1 234,56": (1234.56, 1234.56),  # 1C's grouping space and decimal comma
}


@pytest.mark.parametrize("english", [True, False], ids=["english", "russian"])
@pytest.mark.parametrize("suffix", ["csv", "parquet"])
@pytest.mark.parametrize("text", sorted(NUMBER_TEXTS))
def test_an_amount_written_as_text_reads_the_same_in_csv_and_parquet_both_ways(tmp_path, text, suffix, english):
    """One amount cell as text beside a plain 5, in a comma-separated CSV or a Parquet string
    column: both readers give the figure the in-memory CSV rule gives."""
    header = ["Date", "Customer", "Amount"] if english else ["Дата", "Контрагент", "Сумма"]
    rows = [["05.08.2026", "Alpha", text], ["06.08.2026", "Beta", "5"]]
    export = tmp_path / f"Продажи.{suffix}"
    if suffix == "csv":
        export.write_text("\n".join(",".join(f'"{cell}"' for cell in row) for row in [header, *rows]), encoding="utf-8")
    else:
        pq.write_table(pa.table([pa.array(column) for column in zip(*rows, strict=True)], names=header), export)
    frame, _ = same_both_ways(export)
    assert by_client(frame) == {"Alpha": NUMBER_TEXTS[text][0 if english else 1], "Beta": 5.0}


# A client code beside the name, with a note of its own after it on each path: the partner's
# (1C:УТ 11), the thousands' mark, a document's total. 100 + 1,000 + 1,234.56 + 300 by hand.
CODES_AND_NOTES = {
    "partner": ("Дата;Партнер;Контрагент;ИНН;Сумма\n01.08.2026;Ромашка;ООО Ромашка;7701234567;100\n", 100.0),
    "thousands mark": (
        "Дата;Контрагент;ИНН;Сумма\n01.08.2026;Альфа;7701234567;1,000\n02.08.2026;Бета;7702000001;1,234.56\n",
        2234.56,
    ),
    "document total": (
        "Дата;Контрагент;ИНН;Документ;Сумма документа\n"
        "01.08.2026;Альфа;7701234567;Реализация 1;300\n01.08.2026;Альфа;7701234567;Реализация 1;300\n",
        300.0,
    ),
}


@pytest.mark.parametrize("case", sorted(CODES_AND_NOTES))
def test_the_code_note_stands_where_the_in_memory_reader_puts_it(tmp_path, case):
    """'The code (ИНН) identifies a client' comes after the encoding note and before the note
    on the amounts, in the same place on both paths (DuckDB's put it after the partner's,
    the thousands' mark's or the document total's note, or before the encoding's). The sums:
    one line of 100; 1,000 (its comma groups, as 1,234.56 proves) + 1,234.56 = 2,234.56; a
    document total of 300 printed on both lines, taken once."""
    text, total = CODES_AND_NOTES[case]
    export = tmp_path / "Продажи.csv"
    export.write_text(text, encoding="utf-8")
    frame, notes = same_both_ways(export)
    assert frame["amount"].sum() == pytest.approx(total)
    said = [i for i, note in enumerate(notes) if "identifies a client" in note]
    encoding = [i for i, note in enumerate(notes) if "encoding utf-8" in note]
    assert said == [encoding[0] + 1], notes


# A line dated twice (its sale and its payment) whose amount reads as no plain number: its two
# days in two months looked like a by-month table's header. Each file's lines by hand.
PAID_LINES = {
    "roubles": ("Дата;Контрагент;Сумма;Дата оплаты\n22.06.2026;Альфа;5 руб.;02.07.2026\n", {"Альфа": 5.0}),
    "grouped by commas": (
        'Дата,Контрагент,Сумма,Дата оплаты\n22.06.2026,Альфа,"1,234.56",02.07.2026\n',
        {"Альфа": 1234.56},
    ),
    "no amount": (
        "Дата;Контрагент;Сумма;Дата оплаты\n23.06.2026;Бета;7;\n22.06.2026;Альфа;;02.07.2026\n",
        {"Бета": 7.0},
    ),
    # no code on the paid line: the in-memory reader called the file a client directory, DuckDB's found no layout
    "with a code": (
        "Дата;Контрагент;ИНН;Сумма;Дата оплаты\n23.06.2026;Бета;7702000001;7;\n22.06.2026;Альфа;;5 руб.;02.07.2026\n",
        {"Альфа": 5.0, "Бета": 7.0},
    ),
}


@pytest.mark.parametrize("case", sorted(PAID_LINES))
def test_a_line_with_a_payment_date_is_no_month_header(tmp_path, case):
    """Under a header of document lines, '22.06.2026 | Альфа | 5 руб. | 02.07.2026' is a line:
    Альфа's 5 (or 1,234.56) paid on 2 July, or a line without an amount (skipped) beside Бета's
    7. Both paths refused the file: the line was taken for the months June and July."""
    text, sums = PAID_LINES[case]
    export = tmp_path / "Продажи.csv"
    export.write_text(text, encoding="utf-8")
    frame, _ = same_both_ways(export)
    assert by_client(frame) == sums


def test_a_client_directory_is_one_on_both_paths(tmp_path):
    """ИНН → name and no dates: a client directory on both paths (DuckDB's said 'no time axis'),
    which names Альфа's two lines of 100 + 50 = 150 in the export beside it."""
    directory = tmp_path / "Клиенты.csv"
    directory.write_text("ИНН;Контрагент\n7701234567;Альфа\n", encoding="utf-8")
    sales = tmp_path / "Продажи.csv"
    sales.write_text("Дата;ИНН;Сумма\n01.08.2026;7701234567;100\n02.08.2026;7701234567;50\n", encoding="utf-8")
    memory, duckdb = read_both_ways(directory)
    assert memory == duckdb
    assert memory[0] == "error" and "client directory" in memory[1]
    both = [read_exports([directory, sales], engine=engine).frame for engine in ("memory", "duckdb")]
    pd.testing.assert_frame_equal(*both)
    assert by_client(both[0]) == {"Альфа": 150.0}


def test_a_bad_number_in_an_export_with_codes_is_named_on_both_paths(tmp_path):
    """A sales export with an ИНН beside the name and 'сто' for an amount: its bad cell, D2, is
    named on both paths (the in-memory one called the file a client directory)."""
    export = tmp_path / "Продажи.csv"
    export.write_text("Дата;Контрагент;ИНН;Сумма\n01.08.2026;Альфа;7701234567;сто\n", encoding="utf-8")
    memory, duckdb = read_both_ways(export)
    assert memory == duckdb
    assert memory[0] == "error" and "row 2, column D 'Сумма': not a number: 'сто'" in memory[1], memory


def test_a_sum_of_cents_on_a_half_is_said_alike_on_both_paths(tmp_path):
    """Альфа's three cancelled lines make 7,471,448.55 + 4,782,308.60 + 2,859,702.35 =
    15,113,459.50 exactly, shown 15,113,460 (half away from zero, as Excel). Added in another
    order DuckDB's sum is 15,113,459.499999998, which the note showed as 15,113,459."""
    export = tmp_path / "Продажи.csv"
    export.write_text(
        "Дата;Контрагент;Статус;Сумма\n01.08.2026;Альфа;Отменен;7471448,55\n02.08.2026;Альфа;Отменен;4782308,60\n"
        "03.08.2026;Альфа;Отменен;2859702,35\n04.08.2026;Бета;Проведен;1\n",
        encoding="utf-8",
    )
    frame, notes = same_both_ways(export)
    assert by_client(frame) == {"Бета": 1.0}
    assert any("Отменен — 3 lines, 15,113,460 (dropped)" in note for note in notes), notes


def test_a_month_header_under_a_titles_parameter_line_stays_one(tmp_path):
    """'Группировки: | Контрагент | Период | Сумма' in the title names a client, a date and an
    amount, but it is no header of lines: the months below it are. Альфа 100 + 200 + 300 = 600,
    Бета 5 + 6 + 7 = 18."""
    export = tmp_path / "Продажи.csv"
    export.write_text(
        "Продажи по месяцам\nГруппировки:;Контрагент;Период;Сумма\n\n"
        "Контрагент;Август 2026;Сентябрь 2026;Октябрь 2026\nАльфа;100;200;300\nБета;5;6;7\n",
        encoding="utf-8",
    )
    frame, _ = same_both_ways(export)
    assert by_client(frame) == {"Альфа": 600.0, "Бета": 18.0}


def test_a_quantity_off_the_lines_gives_no_clue_to_the_thousands_mark(tmp_path):
    """The only proof that ',' groups thousands (a quantity of 1,234.56) sits on a line without a
    client, whose quantity no path reads: Альфа's '1,000' is 1.0 with a decimal comma, as in a
    Russian file (DuckDB's took the proof and read 1,000 = 1000)."""
    export = tmp_path / "Продажи.csv"
    export.write_text(
        "Дата;Контрагент;Количество;Сумма\n01.08.2026;Альфа;1;1,000\n02.08.2026;;1,234.56;5\n", encoding="utf-8"
    )
    frame, notes = same_both_ways(export)
    assert by_client(frame) == {"Альфа": 1.0}
    assert not any("groups thousands" in note for note in notes), notes


def test_a_dropped_lines_payment_date_proves_the_order_on_both_paths(tmp_path):
    """Only the cancelled line's payment date, 25/07/2026, proves the day comes first: Alpha's
    10/09/2026 is paid on 10 September, as the in-memory reader reads it from every line before
    any is dropped (DuckDB's read the payment dates after and took the English month-first
    order: 9 October). Alpha's 100 is all that stays."""
    export = tmp_path / "Sales.csv"
    export.write_text(
        "Date,Customer,Status,Amount,Payment date\n"
        "05/09/2026,Alpha,Shipped,100,10/09/2026\n20/07/2026,Beta,Cancelled,5,25/07/2026\n",
        encoding="utf-8",
    )
    frame, _ = same_both_ways(export)
    assert by_client(frame) == {"Alpha": 100.0}
    assert frame["payment_date"].tolist() == [pd.Timestamp("2026-09-10")]


def test_na_below_the_first_200_records_is_text_as_above_them(tmp_path):
    """The in-memory reader reads a CSV's first 200 records with the csv module and the rest with
    pyarrow, whose default nulls made 'NA' below them an empty cell (DuckDB keeps it as text). So
    'NA Итог' under the client NA's line was a total through DuckDB and, with the blank skipped,
    no total in memory (found by the fuzz in a 1,576-line file). Now 'NA' is text everywhere: the
    line of NA is a line without a client (777 left out) and its 'Итог' row a total, on both paths;
    Альфа's 250 lines of 1 and Бета's 2 make 252."""
    lines = ["01.08.2026;Альфа;1"] * 250 + ["02.08.2026;NA;777", ";NA Итог;777", "03.08.2026;Бета;2"]
    export = tmp_path / "Продажи.csv"
    export.write_text("Дата;Контрагент;Сумма\n" + "\n".join(lines) + "\n", encoding="utf-8")
    frame, notes = same_both_ways(export)
    assert by_client(frame) == {"Альфа": 250.0, "Бета": 2.0}
    assert any("1 line without a client" in note and "777" in note for note in notes), notes
    assert any("skipped 1 row that are not data: 1 totals, 0 group or blank" in note for note in notes), notes
