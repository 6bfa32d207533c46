"""1C:УТ 11 and КА 2 exports carry «Партнер» (the business a manager deals with) beside
«Контрагент» (each legal entity it buys through). Before, «Контрагент» won on its longer name, so
one partner buying through ООО Ромашка and ИП Петров was two clients of half the size. Now the
partner is the client, on both reading paths and in receivables, and a note says how to count
by legal entity instead. Numbers worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from reading_paths import read_both_ways

from keyclients_xl import build
from keyclients_xl.read.receivables import read_receivables

TODAY = dt.date(2026, 11, 10)  # the window: August to October


def write_csv(path: Path, rows: list[list]) -> Path:
    path.write_text("\n".join(";".join(str(c) for c in row) for row in rows) + "\n", encoding="utf-8")
    return path


def sales(path: Path) -> Path:
    """Ромашка buys 60 000 a month through ООО Ромашка and 40 000 through ИП Петров: 100 000.
    Лютик buys 70 000 a month through ООО Лютик."""
    rows = [["Дата", "Контрагент", "Партнер", "Номенклатура", "Сумма"]]
    for month in (8, 9, 10):
        rows.append([f"01.{month:02d}.2026", "ООО Ромашка", "Ромашка", "Чай", 60000])
        rows.append([f"02.{month:02d}.2026", "ИП Петров", "Ромашка", "Кофе", 40000])
        rows.append([f"03.{month:02d}.2026", "ООО Лютик", "Лютик", "Чай", 70000])
    return write_csv(path, rows)


def averages(result) -> list[tuple[str, float]]:
    return [(k["client"], k["average"]) for k in result.summary["key_clients"]]


def test_the_partner_is_the_client(tmp_path):
    """Ромашка ranks first at 100 000 a month, Лютик second at 70 000 (before: Лютик 70 000,
    ООО Ромашка 60 000, ИП Петров 40 000)."""
    result = build(tmp_path / "K.xlsx", [sales(tmp_path / "sales.csv")], today=TODAY)
    assert averages(result) == [("Ромашка", 100000.0), ("Лютик", 70000.0)]
    assert (
        "«sales.csv»: клиент — «Партнер»: все юрлица партнёра («Контрагент») считаются одним клиентом."
        " Чтобы считать по юрлицам: --columns client=Контрагент." in result.summary["notes"]
    )


def test_columns_count_by_legal_entity(tmp_path):
    result = build(tmp_path / "K.xlsx", [sales(tmp_path / "sales.csv")], today=TODAY, columns={"client": "Контрагент"})
    assert averages(result) == [("ООО Лютик", 70000.0), ("ООО Ромашка", 60000.0), ("ИП Петров", 40000.0)]
    assert not [n for n in result.summary["notes"] if "юрлица партнёра" in n]


def test_both_reading_paths_take_the_partner(tmp_path):
    memory, duckdb = read_both_ways(sales(tmp_path / "sales.csv"))
    assert memory[0] == duckdb[0] == "lines"
    for _, lines, notes in (memory, duckdb):
        by_client = lines.groupby("client")["amount"].sum().to_dict()
        assert by_client == {"Ромашка": 300000.0, "Лютик": 210000.0}
        assert (
            "'sales.csv': the client is 'Партнер': all of a partner's legal entities ('Контрагент') count as one"
            " client. To count by legal entity: --columns client=Контрагент." in notes
        )
    assert memory[2] == duckdb[2]


@pytest.mark.parametrize("order", ["entity first", "partner first"])
def test_receivables_take_the_partner_too(tmp_path, order):
    """A debts report with both columns: Ромашка owes 50 000 (30 000 + 20 000 by its two legal
    entities), matched to the sales' Ромашка whichever column comes first."""
    header = ["Контрагент", "Партнер"] if order == "entity first" else ["Партнер", "Контрагент"]
    rows = [[*header, "Долг"]]
    for entity, partner, debt in (("ООО Ромашка", "Ромашка", 30000), ("ИП Петров", "Ромашка", 20000)):
        rows.append([*((entity, partner) if order == "entity first" else (partner, entity)), debt])
    debts = write_csv(tmp_path / "debts.csv", rows)
    assert read_receivables(debts).frame["client"].tolist() == ["Ромашка", "Ромашка"]
    result = build(tmp_path / "K.xlsx", [sales(tmp_path / "sales.csv")], receivables=[debts], today=TODAY)
    table = result.context.results["receivables"].table.set_index("client")
    assert table.loc["Ромашка", ["debt", "in_sales"]].tolist() == [50000.0, True]
    assert result.summary["receivables"]["not_in_sales"] == 0


def test_a_blank_partner_column_leaves_the_counterparty_the_client(tmp_path):
    """A 1C that does not use partners exports «Партнер» empty: ООО Ромашка 60 000 and ИП Петров
    40 000 a month stay two clients, on both paths, and no note speaks of partners."""
    rows = [["Дата", "Контрагент", "Партнер", "Сумма"]]
    for month in (8, 9, 10):
        rows.append([f"01.{month:02d}.2026", "ООО Ромашка", "", 60000])
        rows.append([f"02.{month:02d}.2026", "ИП Петров", "<Не указан>", 40000])
    export = write_csv(tmp_path / "sales.csv", rows)
    memory, duckdb = read_both_ways(export)
    for _, lines, notes in (memory, duckdb):
        assert lines.groupby("client")["amount"].sum().to_dict() == {"ООО Ромашка": 180000.0, "ИП Петров": 120000.0}
        assert not [n for n in notes if "partner" in n]
    result = build(tmp_path / "K.xlsx", [export], today=TODAY)
    assert averages(result) == [("ООО Ромашка", 60000.0), ("ИП Петров", 40000.0)]
