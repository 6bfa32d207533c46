"""Subtotal rows among document lines, as 1C and Excel print them without an outline.

- 1C's report by client, then document, prints each client's subtotal as one more line of
  the client, dated, with no product: read as a line, every client counted twice.
- Excel's Data ▸ Subtotal writes 'ООО Ромашка Итог' (or 'Total') under each client, and
  '08.2026 Итог' into the date column when the subtotals are by month.

The lines, by hand: ООО Ромашка 100 + 200 + 300 = 600, ИП Иванов 1000 + 500 = 1500, АО Вектор
60 + 70 = 130, from August to October 2026.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from reading_paths import read_both_ways

from keyclients_xl.read import read_export, read_exports

LINES = [
    ("ООО Ромашка", "05.08.2026", "Молоко", 100),
    ("ООО Ромашка", "10.09.2026", "Хлеб", 200),
    ("ООО Ромашка", "15.10.2026", "Молоко", 300),
    ("ИП Иванов", "01.08.2026", "Сыр", 1000),
    ("ИП Иванов", "20.10.2026", "Сыр", 500),
    ("АО Вектор", "02.09.2026", "Масло", 60),
    ("АО Вектор", "03.10.2026", "Кефир", 70),
]
TOTALS = {"ООО Ромашка": 600.0, "ИП Иванов": 1500.0, "АО Вектор": 130.0}
HEADER = ["Контрагент", "Дата", "Номенклатура", "Сумма"]


def xlsx(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    for row in [["Продажи по документам"], ["Период: 01.08.2026 - 31.10.2026"], [], HEADER, *rows]:
        book.active.append(row)
    book.save(path)
    return path


def totals(path: Path) -> dict[str, float]:
    return read_exports([path]).frame.groupby("client")["amount"].sum().to_dict()


def with_client_subtotals(where: str) -> list[list]:
    rows = []
    for client, total in TOTALS.items():
        own = [list(line) for line in LINES if line[0] == client]
        subtotal = [client, own[0][1] if where == "above" else own[-1][1], None, total]
        rows += [subtotal, *own] if where == "above" else [*own, subtotal]
    return rows + [["Итого", None, None, sum(TOTALS.values())]]


@pytest.mark.parametrize("where", ["above", "below"])
def test_a_clients_dated_subtotal_line_without_a_product_is_not_counted_again(tmp_path, where):
    path = xlsx(tmp_path / f"подытоги {where}.xlsx", with_client_subtotals(where))
    assert totals(path) == TOTALS
    noise = next(note for note in read_exports([path]).notes if note.key == "note.noise_rows").params
    assert (noise["totals"], noise["groups"]) == (1, 3)


def test_a_line_without_a_product_that_is_no_subtotal_is_a_line(tmp_path):
    """Delivery billed on a line of its own, 50: not the sum of the client's other lines; and a
    service of another day whose amount happens to be their sum (130, in November)."""
    rows = [list(line) for line in LINES] + [["АО Вектор", "03.10.2026", None, 50]]
    assert totals(xlsx(tmp_path / "доставка.xlsx", rows)) == {**TOTALS, "АО Вектор": 180.0}
    rows = [list(line) for line in LINES] + [["АО Вектор", "20.10.2026", None, 130]]
    assert totals(xlsx(tmp_path / "услуга.xlsx", rows)) == {**TOTALS, "АО Вектор": 260.0}


def test_a_client_whose_name_ends_in_total_is_a_client(tmp_path):
    """'ООО Аудит-Итог', 'Office Total': no row above names them, so no subtotal of Excel's."""
    rows = [list(line) for line in LINES] + [
        ["ООО Аудит-Итог", "05.09.2026", "Аудит", 900],
        ["Office Total", "06.09.2026", "Бумага", 800],
    ]
    assert totals(xlsx(tmp_path / "имена.xlsx", rows)) == {**TOTALS, "ООО Аудит-Итог": 900.0, "Office Total": 800.0}


@pytest.mark.parametrize("at", ["first", "last"])
def test_one_service_line_equal_to_its_clients_sales_by_chance_is_a_line(tmp_path, at):
    """ООО Ромашка's delivery, 600, on its first or last day, equals its three lines (100 + 200 +
    300): a report that prints subtotals prints them for every client, so one such line is a line."""
    service = ["ООО Ромашка", "05.08.2026" if at == "first" else "15.10.2026", None, 600]
    rows = [list(line) for line in LINES]
    rows.insert(0 if at == "first" else 3, service)
    assert totals(xlsx(tmp_path / "услуга.xlsx", rows)) == {**TOTALS, "ООО Ромашка": 1200.0}


@pytest.mark.parametrize("word", ["Итог", "Total"])
def test_excels_subtotal_rows_by_client_and_by_month_are_totals(tmp_path, word):
    """Data ▸ Subtotal: 'ООО Ромашка Итог' under each client; by month, '08.2026 Итог' in the
    date column (a date parse error before)."""
    by_client = []
    for client, total in TOTALS.items():
        by_client += [list(line) for line in LINES if line[0] == client] + [[f"{client} {word}", None, None, total]]
    assert totals(xlsx(tmp_path / "по клиентам.xlsx", by_client)) == TOTALS
    by_month, month_of = [], lambda line: line[1][3:]
    for month in ("08.2026", "09.2026", "10.2026"):
        own = [list(line) for line in LINES if month_of(line) == month]
        by_month += [*own, [None, f"{month} {word}", None, sum(line[3] for line in own)]]
    grand = "Общий итог" if word == "Итог" else "Grand Total"
    path = xlsx(tmp_path / "по месяцам.xlsx", by_month + [[None, grand, None, 2230]])
    assert totals(path) == TOTALS


def test_an_excel_subtotal_a_blank_row_below_its_client_is_a_total(tmp_path):
    """A blank row between a client's lines and 'ООО Ромашка Итог' (the user parted the groups):
    the label above, blank rows skipped, still names it, so it is no client of its own (it was a
    client, with 2230 more: dated, as the date column's own subtotals leave it)."""
    rows = []
    for client, total in TOTALS.items():
        own = [list(line) for line in LINES if line[0] == client]
        rows += [*own, [], [f"{client} Итог", own[-1][1], None, total]]
    assert totals(xlsx(tmp_path / "с пустыми строками.xlsx", rows)) == TOTALS


def test_the_big_file_reader_drops_the_months_subtotals_too(tmp_path):
    """The same rule through DuckDB (read/big.py), as a CSV over its limits would be read."""
    rows = [HEADER] + [[*line[:2], line[2], line[3]] for line in LINES[:3]] + [[None, "09.2026 Итог", None, 300]]
    path = tmp_path / "по месяцам.csv"
    path.write_text("\n".join(";".join("" if c is None else str(c) for c in row) for row in rows), encoding="utf-8")
    memory, duckdb = read_export(path, engine="memory").frame, read_export(path, engine="duckdb").frame
    assert memory["amount"].sum() == duckdb["amount"].sum() == 600.0


def csv(path: Path, rows: list[list]) -> Path:
    lines = [["Продажи по документам"], ["Период: 01.08.2026 - 31.10.2026"], [], HEADER, *rows]
    path.write_text("\n".join(";".join("" if c is None else str(c) for c in row) for row in lines), encoding="utf-8")
    return path


def parquet(path: Path, rows: list[list]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = list(zip(*rows, strict=True))
    amounts = pa.array(columns[3], pa.float64())
    pq.write_table(pa.table([pa.array(c, pa.string()) for c in columns[:3]] + [amounts], names=HEADER), path)
    return path


@pytest.mark.parametrize("where", ["above", "below"])
@pytest.mark.parametrize("make", [csv, parquet])
def test_the_big_file_reader_drops_the_clients_dated_subtotal_lines_too(tmp_path, where, make):
    """The same three subtotal lines (600, 1500, 130) read by DuckDB, as a file over its limits
    would be: the lines and the notes of the in-memory reader (3 group rows skipped), not each
    client counted twice (4460 where the lines make 2230)."""
    rows = with_client_subtotals(where)
    export = make(tmp_path / f"подытоги.{make.__name__}", rows)
    memory, duckdb = read_both_ways(export)
    assert memory[0] == duckdb[0] == "lines"
    for _, frame, _ in (memory, duckdb):
        assert frame.groupby("client")["amount"].sum().to_dict() == TOTALS
    pd.testing.assert_frame_equal(memory[1], duckdb[1])
    assert memory[2] == duckdb[2]
    assert any("3 group or blank" in note for note in duckdb[2])


@pytest.mark.parametrize("make", [csv, parquet])
def test_the_big_file_reader_keeps_a_line_without_a_product_that_is_no_subtotal(tmp_path, make):
    """As in memory: a delivery (50) that is no sum is a line; one service (600) equal to its
    client's three lines by chance, with no other client subtotalled, is a line too."""
    for name, extra, at, expected in [
        ("доставка", ["АО Вектор", "03.10.2026", None, 50], len(LINES), {**TOTALS, "АО Вектор": 180.0}),
        ("услуга", ["ООО Ромашка", "05.08.2026", None, 600], 0, {**TOTALS, "ООО Ромашка": 1200.0}),
    ]:
        rows = [list(line) for line in LINES]
        rows.insert(at, extra)
        memory, duckdb = read_both_ways(make(tmp_path / f"{name}.{make.__name__}", rows))
        assert memory[1].groupby("client")["amount"].sum().to_dict() == expected
        pd.testing.assert_frame_equal(memory[1], duckdb[1])
        assert memory[2] == duckdb[2]
