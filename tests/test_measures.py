"""What the money is: quantity beside or instead of sums in a table by month, and a document's
total repeated on each of its lines. Fixtures after /tmp/probe1 (ae1, aa1, x1, x2); the expected
numbers are worked out in the comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from keyclients_xl import KeyClientsError, build
from keyclients_xl.read import read_exports

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

TODAY = dt.date(2026, 11, 20)
AUG, SEP, OCT = (pd.Period(m, freq="M") for m in ("2026-08", "2026-09", "2026-10"))


def write_csv(path: Path, rows: list[list]) -> Path:
    path.write_text("\n".join(";".join("" if c is None else str(c) for c in row) for row in rows), encoding="utf-8")
    return path


def averages(path: Path, tmp_path: Path, **settings) -> dict[str, float]:
    result = build(tmp_path / "out.xlsx", [path], today=TODAY, **settings)
    table = result.analysis.table
    return dict(zip(table["client"], table["average"].round(2), strict=True))


# ------------------------------------------------- 3. «Количество | Сумма» under each month


def qty_sum_by_month(path: Path) -> Path:
    """ae1: each month spans two columns (not merged, as a CSV has it), measures on the row below."""
    return write_csv(
        path,
        [
            ["Контрагент", "Август 2026", "", "Сентябрь 2026", "", "Октябрь 2026", ""],
            ["", "Количество", "Сумма", "Количество", "Сумма", "Количество", "Сумма"],
            ["ООО Альфа", 10, 100000, 10, 100000, 10, 100000],
            ["ООО Бета", 500, 50000, 500, 50000, 500, 50000],
        ],
    )


def test_a_table_of_quantity_and_sum_pairs_ranks_by_the_sum(tmp_path):
    # Альфа 100 000 a month, Бета 50 000: Альфа first
    assert averages(qty_sum_by_month(tmp_path / "ae1.csv"), tmp_path) == {"ООО Альфа": 100000.0, "ООО Бета": 50000.0}


def test_a_table_of_quantity_and_sum_pairs_ranks_by_quantity_when_asked(tmp_path):
    export = qty_sum_by_month(tmp_path / "ae1.csv")
    frame = read_exports([export]).frame.set_index(["client", "month"])
    assert frame.loc[("ООО Бета", SEP), "quantity"] == 500 and frame.loc[("ООО Бета", SEP), "amount"] == 50000
    # Бета 500 units a month, Альфа 10: Бета first
    result = averages(export, tmp_path, measure="quantity")
    assert list(result.items()) == [("ООО Бета", 500.0), ("ООО Альфа", 10.0)]


# ------------------------------------------------- 2. a table by month of quantity only


def qty_over_months(path: Path, title: str | None = "Показатели: Количество", over: str = "Количество") -> Path:
    """aa1: 1C's title block, «Контрагент | Количество» over the months, units in the cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "TDSheet"
    rows = [
        [None, "Продажи"],
        [None, "Период: 01.08.2026 - 31.10.2026"],
        [None, title],
        [],
        [None, "Контрагент", over],
        [None, None, "Август 2026", "Сентябрь 2026", "Октябрь 2026"],
        [None, "ООО Болты-опт", 50000, 50000, 50000],
        [None, "ООО Станкомаш", 3, 3, 3],
    ]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("C5:E5")
    book.save(path)
    return path


@pytest.mark.parametrize(
    "title, over",
    [("Показатели: Количество", "Количество"), (None, "Количество"), ("Показатели: Количество", None)],
    ids=["title-and-header", "header-only", "title-only"],
)
def test_a_table_of_quantity_only_is_not_ranked_as_money(title, over, tmp_path):
    export = qty_over_months(tmp_path / "aa1.xlsx", title, over)
    with pytest.raises(KeyClientsError) as raised:
        build(tmp_path / "out.xlsx", [export], today=TODAY)
    assert raised.value.key == "error.quantity_only"
    line = raised.value.message("en")
    assert "aa1.xlsx" in line and "--measure quantity" in line and "\n" not in line
    assert "--measure quantity" in raised.value.message("ru")


def test_a_table_of_quantity_only_ranks_by_units_when_asked(tmp_path):
    export = qty_over_months(tmp_path / "aa1.xlsx")
    shipments = read_exports([export])
    frame = shipments.frame.set_index(["client", "month"])
    assert frame.loc[("ООО Станкомаш", AUG), "quantity"] == 3  # units, not roubles
    assert frame["amount"].isna().all()  # no money known
    assert any(n.key == "note.quantity_only" for n in shipments.notes)
    # Болты-опт 50 000 units a month, Станкомаш 3
    result = averages(export, tmp_path, measure="quantity")
    assert list(result.items()) == [("ООО Болты-опт", 50000.0), ("ООО Станкомаш", 3.0)]


def test_the_cli_refuses_a_table_of_quantity_only_in_one_line(tmp_path):
    from typer.testing import CliRunner

    from keyclients_xl.cli import app

    export = qty_over_months(tmp_path / "aa1.xlsx")
    run = CliRunner().invoke(app, ["build", str(tmp_path / "o.xlsx"), "-e", str(export), "--today", "2026-11-20"])
    assert run.exit_code == 2
    said = [line for line in run.output.splitlines() if line.strip()]
    assert len(said) == 1 and "aa1.xlsx" in said[0] and "--measure quantity" in said[0]


def test_quantity_alone_under_each_month_is_units(tmp_path):
    export = write_csv(
        tmp_path / "q.csv",
        [
            ["Контрагент", "Август 2026", "Сентябрь 2026", "Октябрь 2026"],
            ["", "Количество", "Количество", "Количество"],
            ["ООО Альфа", 10, 10, 10],
            ["ООО Бета", 500, 500, 500],
        ],
    )
    with pytest.raises(KeyClientsError, match="quantity"):
        build(tmp_path / "out.xlsx", [export], today=TODAY)
    assert list(averages(export, tmp_path, measure="quantity").items()) == [("ООО Бета", 500.0), ("ООО Альфа", 10.0)]


# ------------------------------------------------- 1. «Сумма документа» on every line of a document


def doc_lines(path: Path, header: str = "Сумма документа", document: str | None = "Документ", line_sum=False):
    """x2 (x1 with `line_sum`): 1C prints the document's total on each of its lines. Альфа's documents
    hold three products of 50 000 each (150 000 a document), Бета's one of 120 000; in October Бета
    has one more document of 1,00 on the 30th."""
    rows = [["Дата", *([document] if document else []), "Контрагент", header, "Номенклатура", "Количество"]]
    rows[0] += ["Цена", "Сумма"] if line_sum else []
    for month, n in (("08", "8"), ("09", "9"), ("10", "10")):
        day = f"05.{month}.2026"
        for sku in ("Мука", "Сахар", "Соль"):
            doc = [f"Реализация 00{n} от {day}"] if document else []
            rows.append([day, *doc, "ООО Альфа", "150 000,00", sku, 100, *(["500,00", "50000,00"] if line_sum else [])])
        doc = [f"Реализация 10{n} от {day}"] if document else []
        rows.append([day, *doc, "ООО Бета", "120 000,00", "Мука", 240, *(["500,00", "120000,00"] if line_sum else [])])
    doc = ["Реализация 999 от 30.10.2026"] if document else []
    rows.append(["30.10.2026", *doc, "ООО Бета", "1,00", "Соль", 1, *(["1,00", "1,00"] if line_sum else [])])
    return write_csv(path, rows)


# Альфа 150 000 a month; Бета 120 000, 120 000, 120 001: 120 000,33 on average
DOCUMENTS_ONCE = {"ООО Альфа": 150000.0, "ООО Бета": 120000.33}


@pytest.mark.parametrize("engine", ["memory", "duckdb"])
@pytest.mark.parametrize(
    "header, document",
    [
        ("Сумма документа", "Документ"),
        ("Сумма по документу", "Регистратор"),
        ("Document total", "Document"),
        ("Invoice total", None),
    ],
)
def test_a_document_total_on_every_line_counts_once_per_document(header, document, engine, tmp_path):
    export = doc_lines(tmp_path / "x2.csv", header, document)
    shipments = read_exports([export], engine=engine)
    monthly = shipments.frame.groupby(["client", "month"], observed=True)[["amount", "quantity"]].sum()
    # Альфа's three lines of 150 000 are one sale of 150 000 (it was 450 000); its 300 units stay
    assert monthly.loc[("ООО Альфа", AUG)].tolist() == [150000.0, 300.0]
    assert monthly.loc[("ООО Бета", OCT)].tolist() == [120001.0, 241.0]
    said = next(n for n in shipments.notes if n.key == "note.document_total")
    assert header in said.text("en") and "sku" not in shipments.frame  # no money per product
    # 10 documents on 13 lines: Альфа's 3 × 2 repeats left out
    assert said.params["documents"].count == 7 and said.params["repeats"].count == 6


def test_a_document_total_ranks_by_the_documents(tmp_path):
    assert averages(doc_lines(tmp_path / "x2.csv"), tmp_path) == DOCUMENTS_ONCE


@pytest.mark.parametrize("engine", ["memory", "duckdb"])
def test_the_line_sum_wins_over_the_document_total(engine, tmp_path):
    export = doc_lines(tmp_path / "x1.csv", line_sum=True)
    shipments = read_exports([export], engine=engine)
    monthly = shipments.frame.groupby(["client", "month"], observed=True)["amount"].sum()
    # 3 × 50 000 = 150 000 for Альфа from its lines; the SKUs keep their own money
    assert monthly[("ООО Альфа", AUG)] == 150000.0 and monthly[("ООО Бета", OCT)] == 120001.0
    assert "sku" in shipments.frame and not any(n.key == "note.document_total" for n in shipments.notes)


def test_a_returned_document_total_counts_once_with_a_minus_both_ways(tmp_path):
    rows = doc_lines(tmp_path / "x2.csv").read_text(encoding="utf-8").splitlines()
    back = "20.10.2026;Возврат товаров от покупателя 555 от 20.10.2026;ООО Бета;1 000,00;{};{}"
    export = tmp_path / "x3.csv"
    export.write_text("\n".join([*rows, back.format("Мука", 2), back.format("Соль", 3)]), encoding="utf-8")
    said = {}
    for engine in ("memory", "duckdb"):
        shipments = read_exports([export], engine=engine)
        frame = shipments.frame
        october = frame[(frame["client"] == "ООО Бета") & (frame["month"] == OCT)]
        # 120 000 + 1 − 1 000 (the return, once) = 119 001; units 240 + 1 − 2 − 3 = 236
        assert october["amount"].sum() == 119001.0 and october["quantity"].sum() == 236.0
        skip = ("note.read_by_duckdb", "note.read_in_memory")
        said[engine] = [n.text("en") for n in shipments.notes if n.key not in skip]
    assert said["memory"] == said["duckdb"]


def test_quantity_times_price_wins_over_a_document_total(tmp_path):
    rows = [
        ["Дата", "Документ", "Контрагент", "Сумма документа", "Номенклатура", "Количество", "Цена"],
        ["05.08.2026", "Реализация 1", "ООО Альфа", "150 000,00", "Мука", 100, "500,00"],
        ["05.08.2026", "Реализация 1", "ООО Альфа", "150 000,00", "Сахар", 200, "500,00"],
    ]
    frame = read_exports([write_csv(tmp_path / "x4.csv", rows)]).frame
    # 100 × 500 + 200 × 500 = 150 000, each product with its own money
    assert frame["amount"].tolist() == [50000.0, 100000.0] and frame["sku"].tolist() == ["Мука", "Сахар"]


@pytest.mark.parametrize(
    ("measure", "lang", "label"),
    [
        ("revenue", "ru", "Продажи за период"),
        ("quantity", "ru", "Продано за период, ед."),
        ("quantity", "en", "Units sold in the period"),
    ],
)
def test_the_period_total_is_labelled_by_what_ranks_the_clients(tmp_path, measure, lang, label):
    """Under --measure quantity the summary's total is units (10 + 500 a month × 3 = 1 530), not
    «Продажи за период» as if they were roubles."""
    out = tmp_path / "out.xlsx"
    build(out, [qty_sum_by_month(tmp_path / "ae1.csv")], today=TODAY, measure=measure, lang=lang)
    sheet = openpyxl.load_workbook(out, data_only=False).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    labels = [cell for cell in cells if cell.value == label]
    assert len(labels) == 1
    below = sheet.cell(labels[0].row + 1, labels[0].column).value
    assert below.startswith("=")  # a formula over the averages; its cached value is what was computed
    totals = {"revenue": 450_000, "quantity": 1_530}
    values = openpyxl.load_workbook(out, data_only=True).worksheets[0]
    assert values.cell(labels[0].row + 1, labels[0].column).value == totals[measure]


@pytest.mark.parametrize("engine", ["memory", "duckdb"])
def test_a_journal_of_documents_keeps_two_equal_documents_of_one_day(engine, tmp_path):
    """Without a product or a document column each line is a document of its own: Альфа's two
    invoices of 150 000 on 05.08 are 300 000, not one repeated total."""
    rows = [["Дата", "Контрагент", "Invoice total"]]
    rows += [[f"05.{month}.2026", "ООО Альфа", "150 000,00"] for month in ("08", "08", "09", "10")]
    rows += [["28.10.2026", "ООО Бета", "1,00"]]
    shipments = read_exports([write_csv(tmp_path / "journal.csv", rows)], engine=engine)
    monthly = shipments.frame.groupby(["client", "month"], observed=True)["amount"].sum()
    assert monthly.to_dict() == {("ООО Альфа", AUG): 300000.0, ("ООО Альфа", SEP): 150000.0,
                                 ("ООО Альфа", OCT): 150000.0, ("ООО Бета", OCT): 1.0}  # fmt: skip
    assert not [n for n in shipments.notes if n.key == "note.document_total"]
