"""Returns given with a positive amount, returns in a column of their own, and 1C's deletion marks
and unposted documents: each on a small export with the values worked out by hand, read both ways
(in memory and by DuckDB) where the reader has two paths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from reading_paths import read_both_ways

from keyclients_xl import build
from keyclients_xl.read import read_exports

TODAY = dt.date(2026, 11, 10)


def write_csv(path: Path, rows: list[list]) -> Path:
    path.write_text("\n".join(";".join("" if c is None else str(c) for c in row) for row in rows), encoding="utf-8")
    return path


def read_alike(export: Path) -> tuple[pd.DataFrame, list[str]]:
    """The lines and notes, the same in memory and through DuckDB."""
    (kind, memory, memory_notes), (_, duck, duck_notes) = read_both_ways(export)
    assert kind == "lines"
    pd.testing.assert_frame_equal(memory, duck)
    assert duck_notes == memory_notes
    return memory, memory_notes


def by_client_and_month(lines: pd.DataFrame) -> dict:
    summed = lines.groupby(["client", lines["month"].astype(str)])["amount"].sum()
    return {key: float(value) for key, value in summed.items()}


def registrar_lines(path: Path, column: str, sale: str, customer_return: str) -> Path:
    """Альфа buys 100 000 a month and returns 60 000 in October; Бета buys 90 000 a month."""
    rows = [["Дата", column, "Контрагент", "Сумма"]]
    for month in (8, 9, 10):
        rows.append([f"05.{month:02d}.2026", sale.format(day=f"05.{month:02d}.2026"), "ООО Альфа", "100000,00"])
        rows.append([f"06.{month:02d}.2026", sale.format(day=f"06.{month:02d}.2026"), "ООО Бета", "90000,00"])
    rows.append(["20.10.2026", customer_return.format(day="20.10.2026"), "ООО Альфа", "60000,00"])
    rows.append(["21.10.2026", "Корректировка реализации", "ООО Бета", "-5000,00"])  # its own sign: kept
    rows.append(["30.10.2026", sale.format(day="30.10.2026"), "ООО Бета", "1,00"])
    return write_csv(path, rows)


@pytest.mark.parametrize(
    ("column", "sale", "customer_return"),
    [
        (
            "Регистратор",
            "Реализация товаров и услуг 0000-000001 от {day} 12:00:00",
            "Возврат товаров от покупателя 0000-000077 от {day} 15:00:00",
        ),
        ("Вид документа", "Реализация товаров и услуг", "Возврат товаров от покупателя"),
        ("Document", "Invoice INV-001", "Credit note CN-001"),
    ],
    ids=["registrar", "document-type", "english"],
)
def test_a_return_document_with_a_positive_amount_counts_with_a_minus(tmp_path, column, sale, customer_return):
    """Альфа's October was 100 000 + 60 000 = 160 000 (the return counted as a sale, "growth");
    it is 100 000 − 60 000 = 40 000. Бета's −5 000 correction stays −5 000: 90 000 − 5 000 + 1."""
    export = registrar_lines(tmp_path / "s.csv", column, sale, customer_return)
    memory, memory_notes = read_alike(export)
    assert by_client_and_month(memory) == {
        ("ООО Альфа", "2026-08"): 100000.0,
        ("ООО Альфа", "2026-09"): 100000.0,
        ("ООО Альфа", "2026-10"): 40000.0,
        ("ООО Бета", "2026-08"): 90000.0,
        ("ООО Бета", "2026-09"): 90000.0,
        ("ООО Бета", "2026-10"): 85001.0,
    }
    assert (
        f"'s.csv', column '{column}': customer returns with a positive amount were subtracted from sales: "
        "1 line, 60,000 in all." in memory_notes
    )


def test_a_negative_return_is_never_turned_back_and_sales_documents_change_nothing(tmp_path):
    """A return already negative stays −60 000 (never flipped twice); a «Документ» column of sales
    only changes no amount and says nothing of returns."""
    rows = [["Дата", "Документ", "Контрагент", "Количество", "Сумма"]]
    rows += [["05.10.2026", "Реализация товаров и услуг 00001 от 05.10.2026", "Альфа", 10, 100000]]
    rows += [["20.10.2026", "Возврат товаров от покупателя 00002 от 20.10.2026", "Альфа", -6, -60000]]
    rows += [["21.10.2026", "Возврат товаров от покупателя 00003 от 21.10.2026", "Альфа", 1, 10000]]
    for kind, lines, notes in read_both_ways(write_csv(tmp_path / "s.csv", rows)):
        assert kind == "lines"
        assert lines["amount"].tolist() == [100000.0, -60000.0, -10000.0]
        assert lines["quantity"].tolist() == [10.0, -6.0, -1.0]  # the returned units too
        assert any("1 line, 10,000 in all" in note for note in notes)
    sales = [["Дата", "Документ", "Контрагент", "Сумма"], ["05.10.2026", "Реализация товаров и услуг 1", "Альфа", 5]]
    for kind, lines, notes in read_both_ways(write_csv(tmp_path / "sales.csv", sales)):
        assert kind == "lines"
        assert lines["amount"].tolist() == [5.0]
        assert not any("return" in note for note in notes)


def test_the_report_shows_the_fall_not_a_growth(tmp_path):
    export = registrar_lines(
        tmp_path / "s.csv",
        "Регистратор",
        "Реализация товаров и услуг 1 от {day}",
        "Возврат товаров от покупателя 2 от {day}",
    )
    result = build(tmp_path / "r.xlsx", [export], today=TODAY)
    monthly = result.analysis.key.set_index("client")
    # Альфа: (100 000 + 100 000 + 40 000) / 3 = 80 000; Бета: (90 000 + 90 000 + 85 001) / 3 = 88 333.67
    assert monthly.index.tolist() == ["ООО Бета", "ООО Альфа"]
    assert monthly.loc["ООО Альфа", "average"] == pytest.approx(80000.0)
    assert monthly.loc["ООО Бета", "average"] == pytest.approx(265001 / 3)


# ---------------------------------------------------------------- 1C's deletion marks and unposted documents


def marked_lines(path: Path, header: list[str], flags: list[list[str]]) -> Path:
    """Альфа 100 000 and Бета 90 000 a month, Альфа 1 more on 30 October; then two October lines
    of Бета's, 90 000 each, with `flags` (marked for deletion, or not posted)."""
    rows = [["Дата", "Контрагент", "Сумма", *header]]
    for month in (8, 9, 10):
        rows += [[f"05.{month:02d}.2026", "ООО Альфа", 100000, *flags[0]]]
        rows += [[f"05.{month:02d}.2026", "ООО Бета", 90000, *flags[0]]]
    rows += [["06.10.2026", "ООО Бета", 90000, *flags[1]], ["07.10.2026", "ООО Бета", 90000, *flags[2]]]
    rows += [["30.10.2026", "ООО Альфа", 1, *flags[0]]]
    return write_csv(path, rows)


EXPECTED_MARKED = {  # Бета's October is 90 000, not 270 000: Альфа (100 000.33 a month) is first
    ("ООО Альфа", "2026-08"): 100000.0,
    ("ООО Альфа", "2026-09"): 100000.0,
    ("ООО Альфа", "2026-10"): 100001.0,
    ("ООО Бета", "2026-08"): 90000.0,
    ("ООО Бета", "2026-09"): 90000.0,
    ("ООО Бета", "2026-10"): 90000.0,
}


def test_a_status_marked_for_deletion_is_dropped_as_a_cancelled_one(tmp_path):
    export = marked_lines(
        tmp_path / "s.csv", ["Статус"], [["Проведен"], ["Помечен на удаление"], ["Помечен на удаление"]]
    )
    memory, memory_notes = read_alike(export)
    assert by_client_and_month(memory) == EXPECTED_MARKED
    assert (
        "'s.csv', column 'Статус': Проведен — 7 lines, 570,001; Помечен на удаление — 2 lines, 180,000 (dropped)."
        in (memory_notes)
    )


def test_lines_flagged_for_deletion_or_not_posted_are_no_shipments(tmp_path):
    """1C's «Пометка удаления» and «Проведен» columns (Да/Нет): the line marked for deletion (also not
    posted: counted once, with the mark) and the line not posted are left out, each named."""
    flags = [["Нет", "Да"], ["Да", "Нет"], ["Нет", "Нет"]]
    export = marked_lines(tmp_path / "s.csv", ["Пометка удаления", "Проведен"], flags)
    memory, memory_notes = read_alike(export)
    assert by_client_and_month(memory) == EXPECTED_MARKED
    assert memory_notes[2:4] == [
        "'s.csv', column 'Пометка удаления': lines marked for deletion left out: 1 line, 90,000 in all.",
        "'s.csv', column 'Проведен': lines of documents not posted left out: 1 line, 90,000 in all.",
    ]
    result = build(tmp_path / "r.xlsx", [export], today=TODAY)
    assert result.analysis.key["client"].tolist() == ["ООО Альфа", "ООО Бета"]
    assert result.summary["sales_total"] == 570001.0
    assert any(
        "не учтены строки с пометкой удаления: 1 строка на сумму 90\u00a0000." in n.text("ru")
        for n in result.shipments.notes
    )


def test_english_flags_read_as_booleans(tmp_path):
    rows = [["Date", "Customer", "Amount", "Deleted", "Posted"]]
    rows += [["2026-10-05", "Alpha", 100, "False", "True"], ["2026-10-06", "Alpha", 40, "True", "True"]]
    rows += [["2026-10-07", "Alpha", 30, "False", "False"], ["2026-10-08", "Alpha", 5, "", ""]]
    for kind, lines, _notes in read_both_ways(write_csv(tmp_path / "s.csv", rows)):
        assert kind == "lines"
        assert lines["amount"].tolist() == [100.0, 5.0]  # a blank flag says nothing: the line stays


# ---------------------------------------------------------------- returns in a column of their own


def test_returns_given_in_a_column_of_their_own_are_subtracted(tmp_path):
    """«Сумма возврата» beside «Сумма продажи»: the 20 October line has returns only (it was taken for
    a group row and dropped); Альфа's October is 100 000 − 60 000 = 40 000, and a line with both
    (Бета, 30 October: 1 000 sold, 250 returned) counts 750."""
    rows = [["Дата", "Контрагент", "Сумма продажи", "Сумма возврата"]]
    for month in (8, 9, 10):
        rows += [[f"05.{month:02d}.2026", "ООО Альфа", "100000,00", ""]]
        rows += [[f"06.{month:02d}.2026", "ООО Бета", "90000,00", ""]]
    rows += [["20.10.2026", "ООО Альфа", "", "60000,00"], ["30.10.2026", "ООО Бета", "1000,00", "250,00"]]
    rows += [["31.10.2026", "ООО Бета", "", ""]]  # nothing at all: still no line
    memory, memory_notes = read_alike(write_csv(tmp_path / "s.csv", rows))
    assert by_client_and_month(memory) == {
        ("ООО Альфа", "2026-08"): 100000.0,
        ("ООО Альфа", "2026-09"): 100000.0,
        ("ООО Альфа", "2026-10"): 40000.0,
        ("ООО Бета", "2026-08"): 90000.0,
        ("ООО Бета", "2026-09"): 90000.0,
        ("ООО Бета", "2026-10"): 90750.0,
    }
    assert memory_notes[0].endswith("Сумма продажи → amount, Сумма возврата → returns.")
    assert (
        "'s.csv', column 'Сумма возврата': returns subtracted from the sales amount: 2 lines, 60,250 in all."
        in memory_notes
    )


def test_returns_under_each_month_of_a_table_by_month_are_subtracted(tmp_path):
    """«Продажи | Возвраты» under each month: only «Продажи» was read, Альфа's October 100 000;
    it is 100 000 − 60 000 = 40 000 (a report in memory: a table by month has one path)."""
    rows = [
        ["Контрагент", "Август 2026", "", "Сентябрь 2026", "", "Октябрь 2026", ""],
        ["", "Продажи", "Возвраты", "Продажи", "Возвраты", "Продажи", "Возвраты"],
        ["ООО Альфа", 100000, 0, 100000, 0, 100000, 60000],
        ["ООО Бета", 90000, 0, 90000, 0, 90000, ""],
    ]
    shipments = read_exports([write_csv(tmp_path / "s.csv", rows)])
    assert by_client_and_month(shipments.frame) == {
        ("ООО Альфа", "2026-08"): 100000.0,
        ("ООО Альфа", "2026-09"): 100000.0,
        ("ООО Альфа", "2026-10"): 40000.0,
        ("ООО Бета", "2026-08"): 90000.0,
        ("ООО Бета", "2026-09"): 90000.0,
        ("ООО Бета", "2026-10"): 90000.0,
    }
    assert "'s.csv', column 'Возвраты': returns subtracted from the sales amount: 1 row, 60,000 in all." in [
        note.text("en") for note in shipments.notes
    ]


def test_a_sheet_of_returns_beside_the_sales_is_subtracted(tmp_path):
    """A workbook of «Продажи» and «Возвраты» (positive sums, as 1C's return documents hold them):
    only the larger sheet was read. Альфа's October is 100 000 − 60 000 = 40 000."""
    import openpyxl

    book = openpyxl.Workbook()
    sales = book.active
    sales.title = "Продажи"
    sales.append(["Дата", "Контрагент", "Сумма"])
    for month in (8, 9, 10):
        sales.append([dt.datetime(2026, month, 5), "ООО Альфа", 100000])
        sales.append([dt.datetime(2026, month, 6), "ООО Бета", 90000])
    returns = book.create_sheet("Возвраты")
    returns.append(["Дата", "Контрагент", "Сумма"])
    returns.append([dt.datetime(2026, 10, 20), "ООО Альфа", 60000])
    book.save(tmp_path / "s.xlsx")
    shipments = read_exports([tmp_path / "s.xlsx"])
    assert by_client_and_month(shipments.frame)[("ООО Альфа", "2026-10")] == 40000.0
    assert sum(shipments.frame["amount"]) == 3 * 190000 - 60000
    assert "'s.xlsx', sheet 'Возвраты': returns subtracted from sales: 1 line, 60,000 in all." in [
        note.text("en") for note in shipments.notes
    ]


def test_a_return_document_under_its_client_counts_with_a_minus(tmp_path):
    """1C's report by client, then document, in one column: the return's row under Альфа (positive)
    counted as a sale. Альфа's October is 100 000 − 60 000 = 40 000 (in memory: DuckDB's path reads
    no such report)."""
    rows = [["Дата", "Контрагент", "Сумма"], ["", "ООО Альфа", 300000]]
    rows += [[f"05.{m:02d}.2026", f"Реализация товаров и услуг 000{m} от 05.{m:02d}.2026", 100000] for m in (8, 9, 10)]
    rows += [["20.10.2026", "Возврат товаров от покупателя 0004 от 20.10.2026", 60000], ["", "ООО Бета", 270000]]
    rows += [[f"06.{m:02d}.2026", f"Реализация товаров и услуг 001{m} от 06.{m:02d}.2026", 90000] for m in (8, 9, 10)]
    shipments = read_exports([write_csv(tmp_path / "s.csv", rows)], engine="memory")
    assert by_client_and_month(shipments.frame) == {
        ("ООО Альфа", "2026-08"): 100000.0,
        ("ООО Альфа", "2026-09"): 100000.0,
        ("ООО Альфа", "2026-10"): 40000.0,
        ("ООО Бета", "2026-08"): 90000.0,
        ("ООО Бета", "2026-09"): 90000.0,
        ("ООО Бета", "2026-10"): 90000.0,
    }
    assert (
        "'s.csv', column 'Контрагент': customer returns with a positive amount were subtracted from sales: "
        "1 line, 60,000 in all." in [note.text("en") for note in shipments.notes]
    )
