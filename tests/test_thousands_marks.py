"""Which mark groups thousands, decided per column (values.thousands_mark).

A mark before exactly three digits is open: '12,345' is twelve thousand in an English file and
twelve and a bit in a Russian one (1C writes a quantity as '2,000'). Before, every reader took
such a cell as a decimal, cell by cell: an English export written with Excel's '#,##0' format
('12,345', '999', '1,234') ranked 999 above 12,345, and a column holding '1.234,56' read its
'1.234' as 1.234. Now the column decides: a cell that proves a grouping mark ('1,234.56',
'1.234,56', '1,234,567') decides it; without one, English headers group with ',' unless a cell
such as '12,5' shows a decimal comma. Each number below is by hand.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from openpyxl import Workbook
from reading_paths import read_both_ways

from keyclients_xl.read import read_exports
from keyclients_xl.read.columns import numbers_and_clues, regrouped_numbers
from keyclients_xl.read.receivables import read_receivables
from keyclients_xl.read.values import (
    MarkClues,
    column_clues,
    english_numbers,
    file_mark,
    regroup_texts,
    to_numbers,
)

CASES = [
    # cells, English headers, what each reads as, the mark and its proof
    (["12,345", "999", "1,234"], True, [12345, 999, 1234], (",", None)),
    (["12,345", "999", "1,234"], False, [12.345, 999, 1.234], None),  # 1C's quantity '2,000' is 2
    (["1.234,56", "1.234", "15.3"], False, [1234.56, 1234, 15.3], (".", "1.234,56")),
    (["$1,234.56", "12,345", "(2,500) USD"], False, [1234.56, 12345, -2500], (",", "$1,234.56")),
    (["1.234.567", "1.234"], True, [1234567, 1234], (".", "1.234.567")),
    (["12,5", "12,345"], True, [12.5, 12.345], None),  # '12,5' shows a decimal comma
    (["0,750", "12,345"], True, [0.75, 12.345], None),  # so does '0,750': a leading zero starts no group
    (["1 234,56", "1,234"], True, [1234.56, 1.234], None),  # so does 1C's '1 234,56'
    (["1,234.56", "1.234,56", "1,234"], True, [1234.56, 1234.56, 1.234], None),  # both marks group: no guess
    (["1.5", "2", None, ""], True, [1.5, 2, None, None], (",", None)),  # the mark would group: no cell is open
    (["-1,234", "1,234 руб."], True, [-1234, 1234], (",", None)),
]


def read_by_arrow(cells: list, english: bool):
    values, clues = numbers_and_clues(pa.array(cells), english)
    mark = file_mark([clues], english)
    regrouped = regrouped_numbers(pa.array(cells), mark[0]) if mark else None
    return (regrouped[0] if regrouped else values), mark


def read_by_cells(cells: list, english: bool):
    series = pd.Series(cells, dtype=object)
    mark = file_mark([column_clues(series[series.map(type).eq(str)].unique())], english)
    regrouped, _ = regroup_texts(series, mark[0]) if mark else (series, None)
    return to_numbers(regrouped).to_numpy(), mark


@pytest.mark.parametrize(("cells", "english", "expected", "mark"), CASES)
def test_each_column_reads_its_open_marks_by_the_same_rule_in_both_readers(cells, english, expected, mark):
    expected = pd.Series(expected, dtype="float64").to_numpy()
    for read in (read_by_arrow, read_by_cells):
        values, found = read(cells, english)
        np.testing.assert_array_equal(values, expected)
        assert found == mark


def test_the_files_columns_decide_together():
    """A price of '39,75' tells how to read a quantity of '450,000'; a point that groups in one
    column makes the comma decimal in all; one column's proof of the comma yields to another's
    decimal comma."""
    quantity, price = MarkClues(), MarkClues(decimal_comma="39,75")
    assert file_mark([quantity], english=True) == (",", None)
    assert file_mark([quantity, price], english=True) is None
    assert file_mark([MarkClues(point="1.234,56"), MarkClues(comma="1,234.56")], english=True) is None
    assert file_mark([MarkClues(point="1.234,56"), MarkClues()], english=False) == (".", "1.234,56")
    assert file_mark([MarkClues(comma="1,234.56"), MarkClues(decimal_comma="12,5")], english=True) is None
    assert not english_numbers(["Customer", "Quantity"], ";") and english_numbers(["Customer", "Quantity"], ",")
    assert not english_numbers(["Контрагент", "Количество"], ",")


def write_csv(path: Path, header: list[str], rows: list[list], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file, delimiter=delimiter).writerows([header, *rows])
    return path


def english_lines(path: Path) -> Path:
    """Excel's '#,##0' amounts: Acme sells 12,345 a month, Bolt 2,500, Crux 999 (July–September)."""
    amounts = {"Acme": "12,345", "Bolt": "2,500", "Crux": "999"}
    rows = [
        [f"{m:02d}/28/2026", client, "Widget", "1,000", amount] for m in (7, 8, 9) for client, amount in amounts.items()
    ]
    return write_csv(path, ["Date", "Customer", "Product", "Quantity", "Amount"], rows)


def test_an_english_export_with_whole_amounts_ranks_twelve_thousand_first(tmp_path):
    memory, duckdb = read_both_ways(english_lines(tmp_path / "sales.csv"))
    assert memory[0] == duckdb[0] == "lines"
    pd.testing.assert_frame_equal(memory[1], duckdb[1])
    totals = memory[1].groupby("client", observed=True)["amount"].sum().to_dict()
    assert totals == {"Acme": 37035.0, "Bolt": 7500.0, "Crux": 2997.0}
    assert set(memory[1]["quantity"]) == {1000.0}
    said = [note for note in memory[2] if "groups thousands" in note]
    assert said == [
        "'sales.csv', column 'Amount': '12,345' and numbers like it read as 12345: the comma groups thousands "
        "(no value proves it: an assumption, as English files write numbers).",
        "'sales.csv', column 'Quantity': '1,000' and numbers like it read as 1000: the comma groups thousands "
        "(no value proves it: an assumption, as English files write numbers).",
    ]
    assert memory[2] == duckdb[2]


def test_a_russian_column_with_point_groups_reads_its_short_numbers_as_thousands(tmp_path):
    rows = [
        ["15.08.2026", "ООО Ромашка", "Товар", "2,000", "1.234,56"],
        ["16.08.2026", "ИП Иванов", "Товар", "2,000", "12.345"],
    ]
    path = write_csv(tmp_path / "продажи.csv", ["Дата", "Контрагент", "Номенклатура", "Количество", "Сумма"], rows, ";")
    memory, duckdb = read_both_ways(path)
    pd.testing.assert_frame_equal(memory[1], duckdb[1])
    assert dict(zip(memory[1]["client"], memory[1]["amount"], strict=True)) == {
        "ООО Ромашка": 1234.56,
        "ИП Иванов": 12345.0,
    }
    assert set(memory[1]["quantity"]) == {2.0}  # no proof in the quantity column: 1C's decimal comma
    shipments = read_exports([path])
    said = [note.text("ru") for note in shipments.notes if note.key == "note.group_mark"]
    assert said == [
        "«продажи.csv», столбец «Сумма»: «12.345» и подобные числа прочитаны как 12345: точка разделяет тысячи "
        "(это доказывает значение 1.234,56)."
    ]


def test_a_russian_1c_export_reads_as_before_without_a_note(tmp_path):
    rows = [
        ["15.08.2026", "ООО Ромашка", "Товар", "2,000", "1 234,56"],
        ["16.08.2026", "ИП Иванов", "Товар", "1,500", "999,00"],
    ]
    path = write_csv(tmp_path / "1c.csv", ["Дата", "Контрагент", "Номенклатура", "Количество", "Сумма"], rows, ";")
    shipments = read_exports([path])
    assert shipments.frame["quantity"].tolist() == [2.0, 1.5]
    assert shipments.frame["amount"].tolist() == [1234.56, 999.0]
    assert not [note for note in shipments.notes if note.key == "note.group_mark"]


def test_a_workbook_by_month_with_text_amounts_reads_them_as_thousands(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Customer", "Jul 2026", "Aug 2026", "Sep 2026"])
    sheet.append(["Acme", "12,345", "12,345", "12,345"])
    sheet.append(["Crux", "999", "999", "999"])
    book.save(tmp_path / "by_month.xlsx")
    shipments = read_exports([tmp_path / "by_month.xlsx"])
    totals = shipments.frame.groupby("client", observed=True)["amount"].sum().to_dict()
    assert totals == {"Acme": 37035.0, "Crux": 2997.0}
    said = [note.text("en") for note in shipments.notes if note.key == "note.group_mark"]
    assert said == [  # the month columns share a format: said once
        "'by_month.xlsx', column 'Jul 2026': '12,345' and numbers like it read as 12345: the comma groups "
        "thousands (no value proves it: an assumption, as English files write numbers)."
    ]


def test_receivables_in_an_english_file_read_whole_debts_as_thousands(tmp_path):
    rows = [["Acme", "12,345", "2,500"], ["Crux", "999", "0"]]
    path = write_csv(tmp_path / "ar.csv", ["Customer", "Balance", "Overdue"], rows)
    receivables = read_receivables(path)
    assert receivables.frame.set_index("client")[["debt", "overdue"]].to_dict("index") == {
        "Acme": {"debt": 12345.0, "overdue": 2500.0},
        "Crux": {"debt": 999.0, "overdue": 0.0},
    }
    assert [note.key for note in receivables.notes].count("note.group_mark") == 2


def test_a_price_with_a_decimal_comma_tells_how_to_read_the_quantities(tmp_path):
    """English headers, a 1C- or SAP-style file: quantities '450,000' kg and prices '39,75'. Each
    column was decided alone, and every quantity read ×1000 as 'English' grouping."""
    rows = [
        ["15.08.2026", "Client 01", "Flour", "450,000", "39,75"],
        ["16.09.2026", "Client 01", "Flour", "1,500", "40,10"],
    ]
    path = write_csv(tmp_path / "sales.csv", ["Date", "Customer", "Product", "Quantity", "Price"], rows)
    memory, duckdb = read_both_ways(path)
    pd.testing.assert_frame_equal(memory[1], duckdb[1])
    assert memory[1]["quantity"].tolist() == [450.0, 1.5]
    assert memory[1]["amount"].tolist() == pytest.approx([450 * 39.75, 1.5 * 40.10])
    assert not [note for note in memory[2] if "groups thousands" in note]


def test_a_csv_separated_by_semicolons_keeps_the_decimal_comma_under_english_headers(tmp_path):
    """';' is where the comma is the decimal mark (Excel's list separator there)."""
    rows = [["15.08.2026", "Client 01", "2,500", "1234,5"], ["16.09.2026", "Client 02", "1,250", "999"]]
    path = write_csv(tmp_path / "sales.csv", ["Date", "Customer", "Quantity", "Amount"], rows, ";")
    frame = read_exports([path]).frame
    assert frame["quantity"].tolist() == [2.5, 1.25]


def test_a_table_by_month_reads_every_month_column_with_one_mark(tmp_path):
    """Only the month whose amounts reached a million proved the point, and only that column was
    read as thousands: Customer 05 had 210.51, 160 626 and 183.12."""
    rows = [["Customer 05", "210.510", "160.626", "183.120"], ["Customer 06", "1.234.567", "987.043", "5.000"]]
    path = write_csv(tmp_path / "by_month.csv", ["Customer", "Aug 2026", "Sep 2026", "Oct 2026"], rows)
    frame = read_exports([path]).frame
    amounts = frame.pivot_table(index="client", columns="month", values="amount", aggfunc="sum")
    assert amounts.loc["Customer 05"].tolist() == [210510.0, 160626.0, 183120.0]
    assert amounts.loc["Customer 06"].tolist() == [1234567.0, 987043.0, 5000.0]


def test_a_totals_row_proves_nothing_and_total_foods_is_a_client(tmp_path):
    """DuckDB looked for proofs in the totals row too ('1.000,0' there regrouped the lines above);
    and a client named 'Total Foods' was dropped as a totals row by both readers."""
    rows = [["15.08.2026", "ООО Ромашка", "0.000"], ["16.08.2026", "Total Foods", "250"], ["", "Итого", "1.000,0"]]
    path = write_csv(tmp_path / "Продажи.csv", ["Дата", "Контрагент", "Сумма"], rows, ";")
    memory, duckdb = read_both_ways(path)
    pd.testing.assert_frame_equal(memory[1], duckdb[1])
    assert memory[2] == duckdb[2]
    assert memory[1]["client"].tolist() == ["ООО Ромашка", "Total Foods"]
    assert memory[1]["amount"].tolist() == [0.0, 250.0]
    assert not [note for note in memory[2] if "groups thousands" in note]


def test_a_decimal_comma_in_another_column_outweighs_a_comma_that_groups_on_every_path(tmp_path):
    """A Russian file: '1,000.50' proves a comma that groups, '39,75' in the price shows a decimal
    one, so '2,500' stays 2,5 (values.file_mark). The column reader and DuckDB left the decimal
    comma out of a Russian file's clues, and read 2 500; the cell rule read 2,5."""
    from reading_paths import read_both_ways

    export = tmp_path / "Продажи.csv"
    export.write_text(
        "Дата;Контрагент;Цена;Сумма\n01.08.2026;Альфа;39,75;1,000.50\n02.08.2026;Бета;10;2,500\n", encoding="utf-8"
    )
    for kind, lines, _notes in read_both_ways(export):
        assert kind == "lines"
        assert lines["amount"].tolist() == [1000.5, 2.5]
