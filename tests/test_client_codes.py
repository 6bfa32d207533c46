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


# ---------------------------------------------------------------- the monthly cycle and the manager's sheets


def coded_sales(path: Path, months: list[int]) -> Path:
    """Контрагент + ИНН lines. ООО Запад 304 000 a month (10 000 a day of 30.4); ООО Бета 60 800:
    2 × 30 000 as «ООО Бета» (its shown name, the most lines) and 800 as «ООО Бета-Трейд», one
    ИНН; ООО Мелкий 30 400. Top 2: Запад, Бета."""
    rows = [["Дата", "Контрагент", "ИНН", "Сумма"]]
    for month in months:
        day = f"05.{month:02d}.2026"
        rows += [[day, "ООО Запад", "7701000004", 304000], [day, "ООО Бета", "7701000002", 30000]]
        rows += [[day, "ООО Бета", "7701000002", 30000], [day, "ООО Бета-Трейд", "7701000002", 800]]
        rows += [[day, "ООО Мелкий", "7701000100", 30400]]
    return write_csv(path, rows)


def test_history_debts_and_reviews_find_the_clients_an_inn_identifies(tmp_path):
    """October, then November with nothing changed: History, the receivables file and the terms
    reviews name clients only, and find the clients the sales identify by their ИНН. Before, every
    client was lost and new again, the debts were 'not in sales' and the reviews ignored."""
    book = tmp_path / "KeyClients.xlsx"
    build(book, [coded_sales(tmp_path / "oct.csv", [8, 9, 10])], top_n=2, today=dt.date(2026, 11, 10))
    workbook = openpyxl.load_workbook(book)
    reviews = workbook["Пересмотр условий"]
    reviews.append(["ООО Запад", dt.datetime(2026, 11, 20), "новый прайс"])
    reviews.append(["ООО Бета-Трейд", dt.datetime(2026, 11, 20), "скидка 3 %"])  # the other spelling
    workbook.save(book)
    debts = write_csv(
        tmp_path / "debts.csv",
        [
            ["Контрагент", "Долг", "Просрочено", "Дней просрочки"],
            ["ООО Запад", 500000, 300000, 45],
            ["ООО Бета-Трейд", 60800, 0, 0],
        ],
    )
    summary = tmp_path / "nov.json"
    second = build(
        book,
        [coded_sales(tmp_path / "nov.csv", [9, 10, 11])],
        top_n=2,
        receivables=[debts],
        summary=summary,
        today=dt.date(2026, 12, 10),
    )
    # Nothing moved: no new, departed or lost client; the debts are the sales' clients; the
    # reviews (20.11.2026, 20 days before the build) are recent. Запад's overdue 300 000 is
    # 30 days of its shipments (10 000 a day): high (30 days or more), 45 days old.
    assert alerts(summary) == [("ООО Запад", "overdue")]
    assert second.summary["history"]["changes"] == 0
    debts_summary = second.summary["receivables"]
    assert [debts_summary[k] for k in ("debt", "overdue", "clients_in_debt", "clients_overdue", "not_in_sales")] == [
        560800.0, 300000.0, 2, 1, 0,
    ]  # fmt: skip
    owed = second.context.results["receivables"].table.set_index("client")
    assert owed.loc["ООО Бета", ["debt", "rank", "in_sales"]].tolist() == [60800.0, 2, True]
    assert owed.loc["ООО Запад", ["overdue", "sales_days", "severity"]].tolist() == [300000.0, 30.0, "high"]
    terms = second.context.results["metrics"].trade_terms.table.set_index("client")
    reviewed = terms["last_review"].dt.strftime("%Y-%m-%d").to_dict()
    assert reviewed == {"ООО Запад": "2026-11-20", "ООО Бета": "2026-11-20"}
    assert terms["review_note"].to_dict() == {"ООО Запад": "новый прайс", "ООО Бета": "скидка 3 %"}


def test_a_prospect_is_won_when_the_exports_spell_its_name_for_a_client_with_an_inn(tmp_path):
    """The prospect «ООО Бета-Трейд» is a spelling of ООО Бета (one ИНН): won, its first day
    05.08.2026 with 60 800 (30 000 + 30 000 + 800), 3 × 60 800 = 182 400 bought in all."""
    book, sales = tmp_path / "K.xlsx", coded_sales(tmp_path / "sales.csv", [8, 9, 10])
    build(book, [sales], top_n=2, today=dt.date(2026, 11, 10))
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Конкуренты (ввод)"]
    row = ["ООО Бета-Трейд", "Конкурент-1", 100000, "Иванов", "Звонок", dt.datetime(2026, 12, 1), "в работе"]
    for col, value in enumerate(row, start=1):
        sheet.cell(3, col, value)
    sheet.tables["ProspectsInput"].ref = "A2:G3"
    workbook.save(book)
    result = build(book, [sales], top_n=2, today=dt.date(2026, 11, 10))
    table = result.context.results["prospects"].table
    assert table[["client", "won", "first_amount", "bought"]].values.tolist() == [
        ["ООО Бета-Трейд", True, 60800.0, 182400.0]
    ]
    assert f"{table['first_date'].iloc[0]:%d.%m.%Y}" == "05.08.2026"
