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
