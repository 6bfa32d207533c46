"""The monthly cycle end to end on a real public export (../shared/data/ingrad_powerbi_ru), checked
against values recomputed here with plain pandas from the raw file.

ingrad: Russian document lines, 2022-02 … 2024-04, 14 clients (ids), amount = quantity × unit
price, month by delivery date. Built on 15 May 2024: the window is Feb–Apr 2024, and a first
build seeds History with the 12 month-ends before April (Apr 2023 … Mar 2024).
Receivables are made from the same file: a line delivered by 30.04.2024 and paid after it was
owed on that day; its due date is taken as delivery + 30 days (the file has no terms).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from cycle_helpers import sheet_table

from keyclients_xl import build

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

TODAY = dt.date(2024, 5, 15)
AS_OF = pd.Timestamp("2024-04-30")


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> pd.DataFrame:
    df = pd.read_excel(shared_data / "ingrad_powerbi_ru" / "Продажи.xlsx", engine="openpyxl")
    return df.assign(
        client=df["ИД клиента"].astype(str),
        amount=df["Количество"] * df["Цена продажи за единицу"],
        month=df["Дата доставки"].dt.to_period("M"),
    )


def window_averages(raw: pd.DataFrame, end: str) -> pd.Series:
    """client → average of the 3 months ending `end` (zeros counted), clients with a positive total, by rank."""
    months = pd.period_range(pd.Period(end, freq="M") - 2, end, freq="M")
    totals = raw[raw["month"].isin(months)].groupby("client")["amount"].sum()
    return (totals[totals > 0] / 3).sort_values(ascending=False, kind="mergesort")


@pytest.fixture(scope="module")
def cycle(shared_data: Path, raw: pd.DataFrame, tmp_path_factory):
    folder = tmp_path_factory.mktemp("ingrad_cycle")
    export = shared_data / "ingrad_powerbi_ru" / "Продажи.xlsx"
    book = folder / "KeyClients.xlsx"
    build(book, [export], today=TODAY)  # creates the input sheets; seeds History

    # Prospects: one client of the export (won), one unknown with a step due 1 May (14 days late).
    known = raw.sort_values("Дата доставки").iloc[0]["client"]
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Конкуренты (ввод)"]
    rows = [
        [known, "Конкурент-1", 500_000, "Иванов", "Встреча", dt.date(2024, 6, 1), "в работе"],
        ["ООО Нет Такого", "Конкурент-2", 300_000, "Петрова", "Звонок", dt.date(2024, 5, 1), "новый"],
    ]
    for offset, row in enumerate(rows):
        for col, value in enumerate(row, start=1):
            sheet.cell(3 + offset, col, value)
    workbook.save(book)

    open_lines = raw[(raw["Дата доставки"] <= AS_OF) & (raw["Дата оплаты"] > AS_OF)]
    debts = openpyxl.Workbook()
    ws = debts.active
    ws.append(["Задолженность клиентов на 30.04.2024"])
    ws.append([])
    ws.append(["Клиент", "Документ", "Срок оплаты", "Долг"])
    for line in open_lines.itertuples(index=False):
        due = (line[0] + pd.Timedelta(days=30)).date()
        ws.append([line.client, line[1], due, float(line.amount)])
    receivables = folder / "Дебиторка.xlsx"
    debts.save(receivables)

    summary = folder / "summary.json"
    result = build(book, [export], receivables=[receivables], summary=summary, today=TODAY)
    return book, result, json.loads(summary.read_text(encoding="utf-8")), open_lines, known


def test_history_is_seeded_with_twelve_months_that_match_pandas(cycle, raw):
    book, result, summary, _, _ = cycle
    history = pd.DataFrame(sheet_table(book, "История", "Месяц"))
    months = [str(m) for m in pd.period_range("2023-04", "2024-04", freq="M")]
    assert sorted(history["Месяц"].unique()) == months
    assert summary["history"]["months"] == 13 and summary["history"]["previous"] == "2024-03"
    for end in ("2023-04", "2023-11", "2024-03", "2024-04"):
        expected = window_averages(raw, end)
        month = history[history["Месяц"] == end]
        assert list(month["Клиент"]) == list(expected.index), end
        assert list(month["Ранг"]) == list(range(1, len(expected) + 1))
        assert list(month["Среднее в месяц"]) == pytest.approx(list(expected), abs=0.01), end


def test_changes_against_march_match_pandas(cycle, raw):
    book, _, summary, _, _ = cycle
    before, now = window_averages(raw, "2024-03"), window_averages(raw, "2024-04")
    changes = {row["Клиент"]: row for row in sheet_table(book, "Изменения", "Клиент")}
    lost = set(before.index) - set(now.index)
    came = set(now.index) - set(before.index)
    assert {c for c, row in changes.items() if "перестал покупать" in row["Что изменилось"]} == lost
    # Fewer than 20 clients: every client with shipments is key, so a new one is a new key client.
    assert {c for c, row in changes.items() if "новый ключевой" in row["Что изменилось"]} == came
    moved = {c for c in set(before.index) & set(now.index) if before.index.get_loc(c) != now.index.get_loc(c)}
    assert len(moved) == 6 and not lost and not came  # the same 14 clients in both windows, 6 of them moved
    assert {c for c, row in changes.items() if row["Сдвиг ранга"]} == moved
    kinds = {(a["client"], a["kind"]) for a in summary["alerts"]}
    assert {c for c, kind in kinds if kind == "lost_client"} == lost
    assert {c for c, kind in kinds if kind == "new_key"} == came


def test_receivables_made_from_the_payment_dates_match_pandas(cycle):
    book, result, summary, open_lines, _ = cycle
    lines = open_lines.assign(due=open_lines["Дата доставки"] + pd.Timedelta(days=30))
    lines = lines.assign(days=(AS_OF - lines["due"]).dt.days)
    overdue = lines[lines["days"] > 0]
    expected = pd.DataFrame(
        {
            "debt": lines.groupby("client")["amount"].sum(),
            "overdue": overdue.groupby("client")["amount"].sum(),
            "max_days": overdue.groupby("client")["days"].max(),
        }
    ).fillna({"overdue": 0})
    rows = {row["Клиент"]: row for row in sheet_table(book, "Дебиторка", "Ранг") if row["Долг"]}
    assert set(rows) == set(expected.index) and len(rows) == 14 and len(overdue)
    for client, want in expected.iterrows():
        row = rows[client]
        assert row["Долг"] == pytest.approx(want["debt"]) and row["Просрочено"] == pytest.approx(want["overdue"])
        assert row["Дней просрочки (макс.)"] == (None if pd.isna(want["max_days"]) else want["max_days"]), client
    assert summary["receivables"]["as_of"] == "2024-04-30"
    assert summary["receivables"]["debt"] == pytest.approx(lines["amount"].sum())
    flagged = {a["client"] for a in summary["alerts"] if a["kind"] == "overdue"}
    assert flagged == set(overdue["client"])


def test_prospects_one_won_one_overdue(cycle, raw):
    book, _, summary, _, known = cycle
    mine = raw[(raw["client"] == known) & (raw["amount"] > 0)]
    first_day = mine["Дата доставки"].min()
    first_amount = mine.loc[mine["Дата доставки"] == first_day, "amount"].sum()
    alerts = {(a["client"], a["kind"]): a for a in summary["alerts"] if a["kind"].startswith("prospect_")}
    assert set(alerts) == {(known, "prospect_won"), ("ООО Нет Такого", "prospect_overdue")}
    won = alerts[known, "prospect_won"]["values"]
    assert won["first_date"] == f"{first_day:%Y-%m-%d}" and won["first_amount"] == pytest.approx(first_amount)
    assert won["bought"] == pytest.approx(mine["amount"].sum())
    assert alerts["ООО Нет Такого", "prospect_overdue"]["values"]["days_late"] == 14
    assert alerts["ООО Нет Такого", "prospect_overdue"]["severity"] == "medium"
