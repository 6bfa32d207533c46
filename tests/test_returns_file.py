"""A file of customers' returns of its own, given beside the sales (probe ad2_Возвраты.xlsx): its
positive sums were counted as sales. A file named for returns is read as a «Возвраты» sheet is:
a positive amount counts with a minus, a negative one stays, with a note."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from keyclients_xl import build
from keyclients_xl.read import read_exports
from keyclients_xl.read.headers import is_returns_file

TODAY = dt.date(2026, 11, 20)  # the last three full months: August, September, October


def sales_csv(path: Path) -> Path:
    """Альфа 100 000, Бета 90 000, Гамма 50 000 each month from August to October; the lines run
    from 1 August to 30 October, so every month is full."""
    rows = ["Дата;Контрагент;Сумма"]
    for month in (8, 9, 10):
        rows += [f"01.{month:02d}.2026;ООО Альфа;100000", f"15.{month:02d}.2026;ООО Бета;90000"]
        rows += [f"30.{month:02d}.2026;ООО Гамма;50000"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def returns_xlsx(path: Path, amount: float) -> Path:
    """One return, as the probe's file: 20.10.2026, ООО Альфа, `amount`."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "TDSheet"
    sheet.append(["Дата", "Контрагент", "Сумма"])
    sheet.append([dt.datetime(2026, 10, 20), "ООО Альфа", amount])
    book.save(path)
    return path


def averages(tmp_path: Path, exports: list[Path]) -> dict[str, float]:
    result = build(tmp_path / "r.xlsx", exports, today=TODAY)
    return result.analysis.key.set_index("client")["average"].to_dict()


@pytest.mark.parametrize("name", ["Возвраты от покупателей.xlsx", "ad2_Возвраты.xlsx", "ВОЗВРАТ 10.2026.xlsx"])
def test_a_returns_file_with_positive_sums_is_subtracted(tmp_path, name):
    # Альфа: (100 000 + 100 000 + (100 000 − 60 000)) / 3 = 80 000 (it was (300 000 + 60 000) / 3 = 120 000)
    sales, returns = sales_csv(tmp_path / "Продажи.csv"), returns_xlsx(tmp_path / name, 60000)
    assert averages(tmp_path, [sales, returns]) == pytest.approx(
        {"ООО Бета": 90000.0, "ООО Альфа": 80000.0, "ООО Гамма": 50000.0}
    )
    notes = [note.text("en") for note in read_exports([sales, returns]).notes]
    assert f"'{name}': a file of returns (by its name): returns subtracted from sales: 1 line, 60,000 in all." in notes
    assert not any("overlap" in note for note in notes)  # a return on a day of sales is no second export


def test_a_returns_file_already_negative_is_not_turned_twice(tmp_path):
    # returns_oct.csv: −60 000 stays −60 000 (turned again it would add 60 000): Альфа 80 000 again
    sales = sales_csv(tmp_path / "Продажи.csv")
    returns = tmp_path / "returns_oct.csv"
    returns.write_text("Date;Customer;Amount\n20.10.2026;ООО Альфа;-60000\n", encoding="utf-8")
    assert averages(tmp_path, [sales, returns])["ООО Альфа"] == pytest.approx(80000.0)
    frame = read_exports([sales, returns]).frame
    assert frame.loc[frame["date"] == "2026-10-20", "amount"].tolist() == [-60000.0]


def test_a_returns_file_in_russian_says_so_in_russian(tmp_path):
    sales, returns = sales_csv(tmp_path / "Продажи.csv"), returns_xlsx(tmp_path / "Возвраты.xlsx", 60000)
    notes = [note.text("ru") for note in read_exports([sales, returns]).notes]
    said = "«Возвраты.xlsx»: файл возвратов (по его имени): возвраты вычтены из продаж: 1 строка на сумму 60\xa0000."
    assert said in notes


def test_a_returns_file_read_by_duckdb_is_subtracted_alike(tmp_path):
    sales = sales_csv(tmp_path / "Продажи.csv")
    returns = tmp_path / "Returns.csv"
    returns.write_text("Дата;Контрагент;Сумма\n20.10.2026;ООО Альфа;60000\n", encoding="utf-8")
    for engine in ("memory", "duckdb"):
        frame = read_exports([sales, returns], engine=engine).frame
        assert frame.loc[frame["date"] == "2026-10-20", "amount"].tolist() == [-60000.0]
        assert frame["amount"].sum() == 3 * 240000 - 60000


@pytest.mark.parametrize(
    "name",
    [
        "Возвраты.xlsx",
        "возвраты от покупателей.xlsx",
        "Возврат товаров от покупателя 10.2026.xlsx",
        "returns_oct.csv",
        "Sales returns.csv",
        "RETURNS.csv",
        "Credit notes Q3.xlsx",
        "credit_memos.csv",
        "Refunds.csv",
        "2026-10 Возвраты.xlsx",
    ],
)
def test_names_of_returns_files(name):
    assert is_returns_file(name)


@pytest.mark.parametrize(
    "name",
    [
        "Продажи.xlsx",
        "Продажи без возвратов.xlsx",  # sales, net of nothing: without the returns
        "Продажи и возвраты.xlsx",  # both: the returns are negative lines of their own
        "Sales and returns.csv",
        "sales_excl_returns.csv",
        "Невозвратные платежи.xlsx",
        "Returnable packaging.csv",
        "Реализация (возвраты учтены).xlsx",
    ],
)
def test_names_that_are_not_returns_files(name):
    assert not is_returns_file(name)
