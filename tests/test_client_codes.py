"""Exports with a client code (ИНН) beside the name: the code decides who a client is, on every
path (document lines, by-month tables, several files) and in every later step (History, the
receivables, the manager's input sheets). Expected numbers are worked out in the comments."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from keyclients_xl import build

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")


def write_csv(path: Path, rows: list[list]) -> Path:
    path.write_text("\n".join(";".join(str(c) for c in row) for row in rows), encoding="utf-8")
    return path


def ranking(result) -> list[tuple[str, float, bool]]:
    table = result.analysis.table.sort_values("rank")
    return list(zip(table["client"], table["average"].round(2), table["is_key"], strict=True))


def alerts(summary: Path) -> list[tuple[str, str]]:
    return sorted((a["client"], a["kind"]) for a in json.loads(summary.read_text(encoding="utf-8"))["alerts"])


# ---------------------------------------------------------------- a code of digits, however written


def test_an_inn_with_a_leading_zero_is_one_client_in_text_and_as_a_number(tmp_path):
    """August and September from a CSV (ИНН as text '0274000001'), October from an xlsx where
    Excel made it the number 274000001. Башнефтеснаб ships 100 000 each month: (3 × 100 000) / 3
    = 100 000, first; Москва 70 000 second; Казань 60 000 third. Before, the October line was
    another client: Башнефтеснаб (100 000 + 100 000 + 0) / 3 = 66 667 with a missed October."""
    csv = [["Дата", "Контрагент", "ИНН", "Сумма"]]
    for month in (8, 9):
        csv += [[f"03.{month:02d}.2026", "ООО Башнефтеснаб", "0274000001", 100000]]
        csv += [[f"03.{month:02d}.2026", "ООО Москва", "7701000001", 70000]]
        csv += [[f"03.{month:02d}.2026", "ООО Казань", "1655000001", 60000]]
    book = openpyxl.Workbook()
    book.active.append(["Дата", "Контрагент", "ИНН", "Сумма"])
    book.active.append([dt.datetime(2026, 10, 3), "ООО Башнефтеснаб", 274000001, 100000])
    book.active.append([dt.datetime(2026, 10, 3), "ООО Москва", 7701000001.0, 70000])  # a float cell
    book.active.append([dt.datetime(2026, 10, 30), "ООО Казань", "1655000001", 60000])
    book.save(tmp_path / "oct.xlsx")
    summary = tmp_path / "s.json"
    result = build(
        tmp_path / "r.xlsx",
        [write_csv(tmp_path / "augsep.csv", csv), tmp_path / "oct.xlsx"],
        top_n=2,
        summary=summary,
        today=dt.date(2026, 11, 10),
    )
    assert ranking(result) == [
        ("ООО Башнефтеснаб", 100000.0, True),
        ("ООО Москва", 70000.0, True),
        ("ООО Казань", 60000.0, False),
    ]
    assert [kind for _, kind in alerts(summary)] == ["review_due", "review_due"]  # no missed month, no fall


# ---------------------------------------------------------------- a by-month table with a code column


def test_a_by_month_table_with_an_inn_column_tells_clients_by_the_code(tmp_path):
    """Two «ИП Иванов» with two ИНН are two clients (50 000 and 45 000 a month); ООО Лидер and
    ООО Лидер-М share one ИНН: 80 000 + 5 000 = 85 000 a month. Top 2: Лидер 85 000, Третий
    70 000. Before, the two Ивановs were one client at 95 000 and Третий fell out of the top 2."""
    rows = [
        ["Контрагент", "ИНН", "Август 2026", "Сентябрь 2026", "Октябрь 2026"],
        ["ИП Иванов", "500100000001", 50000, 50000, 50000],
        ["ИП Иванов", "230100000002", 45000, 45000, 45000],
        ["ООО Лидер", "7701000005", 80000, 80000, 80000],
        ["ООО Лидер-М", "7701000005", 5000, 5000, 5000],
        ["ООО Третий", "7701000006", 70000, 70000, 70000],
    ]
    result = build(tmp_path / "r.xlsx", [write_csv(tmp_path / "m.csv", rows)], top_n=2, today=dt.date(2026, 11, 10))
    assert ranking(result) == [
        ("ООО Лидер", 85000.0, True),
        ("ООО Третий", 70000.0, True),
        ("ИП Иванов", 50000.0, False),
        ("ИП Иванов", 45000.0, False),
    ]
    keys = result.shipments.frame.groupby("client_key")["amount"].sum().to_dict()
    assert keys == {
        "#500100000001": 150000.0,
        "#230100000002": 135000.0,
        "#7701000005": 255000.0,
        "#7701000006": 210000.0,
    }
