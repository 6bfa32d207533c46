"""A workbook of a sheet per month (Август, Сентябрь, Октябрь: the same columns) is read whole.

Before, the largest sheet alone was read (a note named it): the key clients were ranked on one
month of three. By hand: ООО Альфа 100 + 200 + 300 over the three sheets, ИП Бета 50 a month.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from keyclients_xl.read import read_exports


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in [["Дата", "Контрагент", "Сумма"], *rows]:
            sheet.append(row)
    book.save(path)
    return path


MONTHS = {
    "Август": [["05.08.2026", "ООО Альфа", 100], ["06.08.2026", "ИП Бета", 50]],
    "Сентябрь": [["07.09.2026", "ООО Альфа", 200], ["08.09.2026", "ИП Бета", 50]],
    "Октябрь": [["01.10.2026", "ООО Альфа", 150], ["30.10.2026", "ООО Альфа", 150], ["02.10.2026", "ИП Бета", 50]],
}


@pytest.fixture
def months_book(tmp_path: Path) -> Path:
    return workbook(tmp_path / "Продажи.xlsx", MONTHS)


def test_a_sheet_per_month_is_read_whole_in_the_workbooks_order(months_book: Path):
    shipments = read_exports([months_book])
    totals = shipments.frame.groupby("client", observed=True)["amount"].sum().to_dict()
    assert totals == {"ООО Альфа": 600.0, "ИП Бета": 150.0}
    assert sorted(shipments.frame["month"].astype(str).unique()) == ["2026-08", "2026-09", "2026-10"]
    said = [note.text("ru") for note in shipments.notes if note.key == "note.sheets_by_period"]
    assert said == [
        "Файл «Продажи.xlsx»: данные взяты с листов «Август», «Сентябрь», «Октябрь» — на каждом свои месяцы."
    ]


def test_a_copy_or_a_summary_of_a_sheet_is_not_added_to_it(tmp_path: Path):
    """A sheet sharing a month with the one read (a copy, a top list) is left out, as before."""
    sheets = {**MONTHS, "Октябрь (копия)": MONTHS["Октябрь"]}
    book = workbook(tmp_path / "Продажи.xlsx", {"Все": [row for rows in MONTHS.values() for row in rows], **sheets})
    shipments = read_exports([book])
    assert shipments.frame.groupby("client", observed=True)["amount"].sum().to_dict() == {
        "ООО Альфа": 600.0, "ИП Бета": 150.0
    }  # fmt: skip
    assert [note.text("ru") for note in shipments.notes if note.key == "note.sheet_picked"] == [
        "Файл «Продажи.xlsx»: данные взяты с листа «Все»."
    ]
