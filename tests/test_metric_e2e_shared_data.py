"""End to end on a real export (../shared/data, ingrad: Russian document lines with SKU ids,
quantities and prices, no list price; 14 clients, all key): `keyclients build --summary` writes
every metric sheet, and the cells agree with plain pandas on the raw file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from metric_book import table
from report_sheets import RU_SHEETS
from typer.testing import CliRunner

from keyclients_xl.cli import app

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

WINDOW = list(pd.period_range("2024-02", "2024-04", freq="M"))


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> pd.DataFrame:
    df = pd.read_excel(shared_data / "ingrad_powerbi_ru" / "Продажи.xlsx", engine="openpyxl")
    return df.assign(
        client=df["ИД клиента"].astype(str),
        sku=df["ИД товара"].astype(str),
        amount=df["Количество"] * df["Цена продажи за единицу"],
        month=df["Дата доставки"].dt.to_period("M"),
    )


@pytest.fixture(scope="module")
def built(shared_data: Path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("ingrad_metrics")
    export = shared_data / "ingrad_powerbi_ru" / "Продажи.xlsx"
    result = CliRunner().invoke(
        app, ["build", str(folder / "K.xlsx"), "-e", str(export), "--summary", str(folder / "s.json")]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((folder / "s.json").read_text(encoding="utf-8"))
    return openpyxl.load_workbook(folder / "K.xlsx"), summary, result.output


def test_every_sheet_is_written(built):
    book, summary, output = built
    assert book.sheetnames == RU_SHEETS
    assert len(summary["health"]) == 14
    assert "Здоровье" in output  # the console's table has the Health column


def test_periodicity_matches_pandas(built, raw):
    book, *_ = built
    sums = raw[raw["month"].isin(WINDOW)].pivot_table(index="client", columns="month", values="amount", aggfunc="sum")
    sums = sums.reindex(columns=WINDOW).fillna(0.0)
    rows = table(book["Периодичность"])
    assert len(rows) == 14
    for row in rows:
        expected = sums.loc[row["Клиент"]]
        assert [row["фев 2024"], row["мар 2024"], row["апр 2024"]] == pytest.approx(expected.tolist())
        assert row["Месяцев с отгрузками из 3"] == int((expected > 0).sum())
    # Days since the last delivery, to the data's last delivery date (30 April 2024).
    last = raw[raw["amount"] > 0].groupby("client")["Дата доставки"].max()
    for row in rows:
        assert row["Дней с последней отгрузки"] == (pd.Timestamp("2024-04-30") - last[row["Клиент"]]).days


def test_assortment_matches_pandas(built, raw):
    book, *_ = built
    in_window = raw[raw["month"].isin(WINDOW)]
    sales = in_window.groupby("sku")["amount"].sum().sort_values(ascending=False, kind="mergesort")
    share = sales / sales[sales > 0].sum()
    top = set(share.index[(share.cumsum() - share) < 0.8])  # the SKU crossing 80 % belongs
    rows = table(book["Ассортимент"])
    for row in rows:
        mine = in_window[in_window["client"] == row["Клиент"]].groupby("sku")["amount"].sum()
        bought = set(mine.index[mine > 0]) & top
        assert (row["Берёт топ-позиций"], row["Топ-позиций всего"]) == (len(bought), len(top))
        assert row["Охват топа"] == pytest.approx(len(bought) / len(top))
        on_top = mine[mine.index.isin(top)].sum() / mine.sum()
        assert row["Доля топа в закупках"] == pytest.approx(on_top)


def test_turnover_trend_matches_numpy(built, raw):
    book, *_ = built
    look_back = list(pd.period_range("2023-11", "2024-04", freq="M"))
    monthly = raw.pivot_table(index="client", columns="month", values="amount", aggfunc="sum")
    monthly = monthly.reindex(columns=look_back).fillna(0.0)
    for row in table(book["Обороты"]):
        values = monthly.loc[row["Клиент"]].to_numpy()
        slope = np.polyfit(np.arange(len(values)), values, 1)[0]
        assert row["Тренд в месяц"] == pytest.approx(slope / values.mean())
        window = values[-3:]
        assert row["Последний к среднему"] == pytest.approx(window[-1] / window[:2].mean() - 1)
        if abs(row["Последний к среднему"]) > 0.1:  # SKU lines: the SKUs behind a clear move are named
            assert row["Почему изменилось"], row["Клиент"]


def test_trade_terms_without_a_list_price(built, raw):
    book, *_ = built
    sheet = book["Торговые условия"]
    assert "Скидка: Нужны колонки: Цена по прайсу." in sheet["A2"].value
    rows = table(sheet)
    assert all(row["Скидка"] is None for row in rows)
    # The price index of each client: its value at its prices over its quantities at the others' prices.
    in_window = raw[raw["month"].isin(WINDOW) & (raw["Количество"] > 0)]
    value = in_window.assign(value=in_window["amount"]).groupby(["client", "sku"])[["Количество", "value"]].sum()
    totals = value.groupby(level="sku").sum()
    for row in rows[:3]:
        mine = value.loc[row["Клиент"]]
        others = totals.loc[mine.index] - mine
        priced = others["Количество"] > 0
        at_others = (mine["Количество"] * others["value"] / others["Количество"])[priced]
        assert row["Индекс цен"] == pytest.approx(mine.loc[priced, "value"].sum() / at_others.sum())
        assert row["Позиций в индексе"] == int(priced.sum())


def test_near_key_and_dashboard(built, raw):
    book, summary, _ = built
    near = book["Кандидаты"]
    assert near["A2"].value == "Клиентов ниже черты нет: ключевые все клиенты с отгрузками."
    assert not near.tables
    dashboard = book["Сводка"]
    assert len(dashboard._charts) == 2
    # All 14 clients are key: the rest's monthly totals are 0, the key clients' the company's.
    data_row = next(r for r in range(1, 80) if dashboard.cell(r, 1).value == "Данные диаграмм")
    months = {}
    for r in range(data_row + 2, data_row + 20):
        if dashboard.cell(r, 8).value is None:
            break
        months[dashboard.cell(r, 8).value] = (dashboard.cell(r, 9).value, dashboard.cell(r, 10).value)
    totals = raw.groupby("month")["amount"].sum()
    assert months["апр 2024"] == (pytest.approx(totals[pd.Period("2024-04", "M")]), 0)
    assert len(months) == 12
    kinds = {alert["kind"] for alert in summary["alerts"]}
    metric_kinds = {"missed_month", "decline", "growth", "low_assortment", "review_due"}
    cycle_kinds = {"new_key", "left_key", "class_down", "lost_client"}  # Changes against the seeded History
    assert kinds <= metric_kinds | cycle_kinds and kinds & metric_kinds
    assert "review_due" in kinds  # no terms review on record yet
