"""A receivables file with its own ИНН column (probe ar_debts.csv): debts were matched to clients
by name only, so a debt under another spelling or a new name was 'not in sales', and a client of
the same name with another ИНН took the debt of the one in sales. Where the debts carry a code
(the sales reader's words: ИНН, Код контрагента, Customer ID …; also «Код» and «Tax ID»), the
code decides, as on the sales' lines. Expected numbers are worked out in the comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from keyclients_xl import build
from keyclients_xl.read.receivables import read_receivables

TODAY = dt.date(2026, 11, 10)  # the window: August to October


def write_csv(path: Path, rows: list[list]) -> Path:
    path.write_text("\n".join(";".join(str(c) for c in row) for row in rows) + "\n", encoding="utf-8")
    return path


def sales(path: Path, with_inn: bool = True) -> Path:
    """«ООО "Альфа"» (ИНН 7701000001) 100 000 and ООО Бета (ИНН 7701000002) 50 000 each month,
    1 August to 30 October: Альфа first (average 100 000), Бета second (50 000)."""
    rows = [["Дата", "Контрагент", *(["ИНН"] if with_inn else []), "Сумма"]]
    for month in (8, 9, 10):
        rows.append([f"01.{month:02d}.2026", 'ООО "Альфа"', *(["7701000001"] if with_inn else []), 100000])
        rows.append([f"30.{month:02d}.2026", "ООО Бета", *(["7701000002"] if with_inn else []), 50000])
    return write_csv(path, rows)


def debts(path: Path, code_header: str = "ИНН") -> Path:
    return write_csv(
        path,
        [
            ["Контрагент", code_header, "Долг", "Просрочено", "Дней просрочки"],
            ["Альфа ООО", "7701000001", 200000, 100000, 20],  # Альфа, spelt otherwise
            ["Альфа ООО", "7702999999", 70000, 70000, 40],  # another Альфа: not a client in sales
            ["ООО Бета-Новая", "7701000002", 30000, 0, 0],  # Бета under its new name
        ],
    )


def owed(result) -> dict[str, list]:
    table = result.context.results["receivables"].table.set_index("client_key")
    rank = table["rank"].astype(object).where(table["rank"].notna(), None)  # not in sales: no rank
    return {key: [*table.loc[key, ["debt", "overdue", "in_sales"]].tolist(), rank[key]] for key in table.index}


@pytest.mark.parametrize("code_header", ["ИНН", "Код контрагента", "Код", "Tax ID", "Customer ID"])
def test_debts_find_their_clients_by_inn(tmp_path, code_header):
    """Альфа owes 200 000 (100 000 overdue); the other «Альфа ООО» (7702999999) owes 70 000, all
    overdue, and is not in sales; Бета owes 30 000 under its new name. In all 300 000, 170 000
    overdue, 3 clients in debt, 2 overdue, 1 not in sales. Before: by name, Альфа owed
    200 000 + 70 000 = 270 000 and «ООО Бета-Новая» was not in sales (Бета owing nothing)."""
    result = build(
        tmp_path / "K.xlsx",
        [sales(tmp_path / "sales.csv")],
        receivables=[debts(tmp_path / "debts.csv", code_header)],
        today=TODAY,
    )
    assert owed(result) == {
        "#7701000001": [200000.0, 100000.0, True, 1],
        "#7702999999": [70000.0, 70000.0, False, None],
        "#7701000002": [30000.0, 0.0, True, 2],
    }
    said = result.summary["receivables"]
    assert [said[k] for k in ("debt", "overdue", "clients_in_debt", "clients_overdue", "not_in_sales")] == [
        300000.0, 170000.0, 3, 2, 1,
    ]  # fmt: skip


def test_the_code_column_is_named_in_the_note(tmp_path):
    read = read_receivables(debts(tmp_path / "debts.csv"))
    assert read.frame["client_code"].tolist() == ["7701000001", "7702999999", "7701000002"]
    notes = [note.text("en") for note in read.notes]
    assert "'debts.csv': the code ('ИНН') identifies a client; the name ('Контрагент') is for display only." in notes
    notes = [note.text("ru") for note in read.notes]
    assert "«debts.csv»: клиента определяет код («ИНН»), название («Контрагент») только для показа." in notes


def test_without_codes_in_the_sales_debts_are_matched_by_name(tmp_path):
    """Sales without an ИНН: the debts' codes have nothing to match, the names do. «Альфа ООО» is
    «ООО "Альфа"» (200 000 + 70 000 = 270 000: nothing tells the two apart); «ООО Бета-Новая» is
    no name in sales."""
    result = build(
        tmp_path / "K.xlsx",
        [sales(tmp_path / "sales.csv", with_inn=False)],
        receivables=[debts(tmp_path / "debts.csv")],
        today=TODAY,
    )
    table = result.context.results["receivables"].table.set_index("client")
    assert table.loc['ООО "Альфа"', ["debt", "overdue", "in_sales"]].tolist() == [270000.0, 170000.0, True]
    assert table.loc["ООО Бета-Новая", ["debt", "in_sales"]].tolist() == [30000.0, False]


def test_a_debt_row_without_a_code_is_matched_by_name(tmp_path):
    """A blank ИНН on a row: its name finds the client the sales' ИНН identifies (Бета, 5 000)."""
    rows = [["Контрагент", "ИНН", "Долг"], ["ООО Бета", "", 5000], ["Альфа ООО", "7701000001", 1000]]
    result = build(
        tmp_path / "K.xlsx",
        [sales(tmp_path / "sales.csv")],
        receivables=[write_csv(tmp_path / "debts.csv", rows)],
        today=TODAY,
    )
    assert {k: [v[0], v[2]] for k, v in owed(result).items()} == {
        "#7701000001": [1000.0, True],
        "#7701000002": [5000.0, True],
    }


def debts_by_code_only(path: Path) -> Path:
    """1C's «Расчеты с клиентами» cut down to the code: no name column at all."""
    return write_csv(
        path,
        [
            ["ИНН", "Долг", "Просрочено"],
            ["7701000001", 200000, 100000],  # Альфа
            ["7701000002", 30000, 0],  # Бета
            ["7702999999", 70000, 70000],  # nobody in sales
        ],
    )


def test_debts_named_by_inn_alone_find_their_clients(tmp_path):
    """Refused before («no receivables columns found»). Альфа owes 200 000 (100 000 overdue) and
    keeps its sales name, Бета 30 000; 7702999999 owes 70 000 and is not in sales, shown by its
    code. In all 300 000, 170 000 overdue, 1 not in sales."""
    result = build(
        tmp_path / "K.xlsx",
        [sales(tmp_path / "sales.csv")],
        receivables=[debts_by_code_only(tmp_path / "debts.csv")],
        today=TODAY,
    )
    assert owed(result) == {
        "#7701000001": [200000.0, 100000.0, True, 1],
        "#7701000002": [30000.0, 0.0, True, 2],
        "#7702999999": [70000.0, 70000.0, False, None],
    }
    table = result.context.results["receivables"].table.set_index("client_key")
    assert table["client"].to_dict() == {
        "#7701000001": 'ООО "Альфа"',
        "#7701000002": "ООО Бета",
        "#7702999999": "7702999999",
    }
    said = result.summary["receivables"]
    assert [said[k] for k in ("debt", "overdue", "not_in_sales")] == [300000.0, 170000.0, 1]


def test_the_note_says_the_code_names_the_clients(tmp_path):
    read = read_receivables(debts_by_code_only(tmp_path / "debts.csv"))
    assert read.frame["client_code"].tolist() == ["7701000001", "7701000002", "7702999999"]
    assert read.named_by_code.column == 1 and read.named_by_code.row == 1
    texts = [note.text("ru") for note in read.notes]
    assert "«debts.csv»: клиенты названы только кодом («ИНН»); долг относится к клиенту продаж с тем же кодом." in texts


def test_codes_alone_against_sales_without_codes_is_one_clear_error(tmp_path):
    """Nothing could match: one line naming the file, the row and the column, exit code 2."""
    from typer.testing import CliRunner

    from keyclients_xl.cli import app

    sales_file = sales(tmp_path / "sales.csv", with_inn=False)
    debts_file = debts_by_code_only(tmp_path / "debts.csv")
    args = ["build", str(tmp_path / "K.xlsx"), "-e", str(sales_file), "--receivables", str(debts_file)]
    run = CliRunner().invoke(app, [*args, "--today", TODAY.isoformat(), "--lang", "ru"])
    assert run.exit_code == 2
    lines = [line for line in run.output.splitlines() if line.strip()]
    assert lines == [
        "Ошибка: файл «debts.csv», строка 1, столбец A «ИНН»: клиенты дебиторки названы только кодом («ИНН»), а в"
        " выгрузке продаж кодов клиентов нет: долги не с чем сопоставить. Добавьте в файл дебиторки столбец с"
        " названием клиента или в выгрузку продаж столбец «ИНН»."
    ]
    assert not (tmp_path / "K.xlsx").exists()
