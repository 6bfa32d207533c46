"""The metrics on a real export (../shared/data, ingrad: Russian document lines with SKU ids, quantity
and price, no list price), checked against an independent route: pandas and numpy on the raw file."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from keyclients_xl.analyse.key_metrics import key_metrics
from keyclients_xl.engine import analyse_shipments
from keyclients_xl.read import read_exports
from keyclients_xl.settings import Settings

WINDOW = list(pd.period_range("2024-02", "2024-04", freq="M"))
LOOK_BACK = list(pd.period_range("2023-11", "2024-04", freq="M"))


@pytest.fixture(scope="module")
def ingrad_file(shared_data: Path) -> Path:
    return shared_data / "ingrad_powerbi_ru" / "Продажи.xlsx"


@pytest.fixture(scope="module")
def raw(ingrad_file) -> pd.DataFrame:
    df = pd.read_excel(ingrad_file, engine="openpyxl")
    return df.assign(
        client=df["ИД клиента"].astype(str),
        sku=df["ИД товара"].astype(str),
        amount=df["Количество"] * df["Цена продажи за единицу"],
        month=df["Дата доставки"].dt.to_period("M"),
    )


@pytest.fixture(scope="module")
def metrics(ingrad_file):
    shipments = read_exports([ingrad_file])
    analysis = analyse_shipments(shipments, Settings())
    assert analysis.months == WINDOW
    return key_metrics(shipments.frame, analysis, data_end=shipments.data_end)


def test_top_skus_and_coverage_match_pandas(metrics, raw):
    in_window = raw[raw["month"].isin(WINDOW)]
    sales = in_window.groupby("sku")["amount"].sum().sort_values(ascending=False)
    running_before = sales.cumsum().shift(fill_value=0) / sales.sum()
    expected_top = list(sales[running_before < 0.8].index)
    assert metrics.assortment.top["sku"].tolist() == expected_top
    per_client = in_window.groupby(["client", "sku"])["amount"].sum()
    bought = per_client[per_client > 0].reset_index()
    expected = bought[bought["sku"].isin(expected_top)].groupby("client")["sku"].nunique()
    clients = metrics.assortment.clients.set_index("client")
    assert clients["top_bought"].to_dict() == expected.reindex(clients.index, fill_value=0).to_dict()


def test_trend_matches_numpy_polyfit(metrics, raw):
    monthly = (
        raw[raw["month"].isin(LOOK_BACK)]
        .pivot_table(index="client", columns="month", values="amount", aggfunc="sum", fill_value=0)
        .reindex(columns=LOOK_BACK, fill_value=0)
    )
    table = metrics.turnover.table.set_index("client")
    for client in table.index:
        series = monthly.loc[client].to_numpy(dtype=float)
        slope = np.polyfit(np.arange(6), series, 1)[0]
        assert table.loc[client, "trend"] == pytest.approx(slope / series.mean()), client
        assert table.loc[client, "trend_months"] == 6


def test_price_index_matches_a_direct_computation(metrics, raw):
    lines = raw[raw["month"].isin(WINDOW) & (raw["Количество"] > 0)]
    table = metrics.trade_terms.table.set_index("client")
    for client in ("1200", "1240"):
        mine = lines[lines["client"] == client]
        paid = at_others = 0.0
        for sku, group in mine.groupby("sku"):
            others = lines[(lines["sku"] == sku) & (lines["client"] != client)]
            if others["Количество"].sum() == 0:
                continue
            other_price = others["amount"].sum() / others["Количество"].sum()
            paid += group["amount"].sum()
            at_others += group["Количество"].sum() * other_price
        assert table.loc[client, "price_index"] == pytest.approx(paid / at_others), client


def test_without_a_list_price_the_discount_is_asked_for(metrics):
    assert metrics.trade_terms.needs == {"discount": ("list_price",)}
    assert metrics.trade_terms.table["discount"].isna().all()
    assert metrics.trade_terms.table["price_index"].notna().sum() == 13  # 4030 shares no SKU with anyone else
    assert metrics.assortment.available


def test_red_accounts_are_those_falling_more_than_30_percent(metrics, raw):
    # Every key client shipped in each window month, so only a decline can be high (red):
    # last month against the earlier two, or the 6-month slope / mean, falling by more than 30 %.
    monthly = (
        raw[raw["month"].isin(LOOK_BACK)]
        .pivot_table(index="client", columns="month", values="amount", aggfunc="sum", fill_value=0)
        .reindex(columns=LOOK_BACK, fill_value=0)
    )
    last_vs_earlier = monthly[WINDOW[-1]] / monthly[WINDOW[:2]].mean(axis=1) - 1
    slope = monthly.apply(lambda row: np.polyfit(np.arange(6), row.to_numpy(dtype=float), 1)[0], axis=1)
    fall = pd.concat([-last_vs_earlier, -slope / monthly.mean(axis=1)], axis=1).max(axis=1)
    health = metrics.health("ru").set_index("client")
    assert (metrics.periodicity["months_shipped"] == 3).all()
    expected_red = sorted(fall[fall > 0.3].index)
    assert sorted(health.index[health["health"] == "red"]) == expected_red
    assert len(expected_red) == 9
