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
