"""Properties of the generated demo data set, recomputed here with plain pandas."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest

from keyclients_xl.demo_data import DEMO_FILE_NAME, make_demo_lines

EXPECTED_COLUMNS = [
    "Дата",
    "Документ",
    "Контрагент",
    "Номенклатура",
    "Артикул",
    "Количество",
    "Цена",
    "Цена по прайсу",
    "Сумма",
    "Себестоимость",
    "Менеджер",
    "Статус",
]
TEXT_COLUMNS = ["Документ", "Контрагент", "Номенклатура", "Артикул", "Менеджер", "Статус"]
FLOAT_COLUMNS = ["Цена", "Цена по прайсу", "Сумма", "Себестоимость"]
AS_OF = dt.date(2026, 11, 20)
LAST3 = [8, 9, 10]  # Aug-Oct 2026: the last three full months before AS_OF


@pytest.fixture(scope="module")
def lines() -> pd.DataFrame:
    return make_demo_lines()


@pytest.fixture(scope="module")
def posted(lines: pd.DataFrame) -> pd.DataFrame:
    """Posted lines with a normalised client key and the calendar month."""
    df = lines[lines["Статус"] == "Проведен"].copy()
    df["client"] = df["Контрагент"].str.strip().str.casefold()
    df["month"] = pd.to_datetime(df["Дата"]).dt.month
    return df


@pytest.fixture(scope="module")
def by_month(posted: pd.DataFrame) -> pd.DataFrame:
    """Net sales (returns included) per client and month, clients x months, zeros filled."""
    return posted.pivot_table(index="client", columns="month", values="Сумма", aggfunc="sum", fill_value=0.0)


@pytest.fixture(scope="module")
def last3_avg(by_month: pd.DataFrame) -> pd.Series:
    return by_month[LAST3].mean(axis=1).sort_values(ascending=False)


def test_file_name() -> None:
    assert DEMO_FILE_NAME == "Продажи_демо.xlsx"


def test_deterministic_for_a_seed() -> None:
    a = make_demo_lines(seed=11)
    b = make_demo_lines(seed=11)
    pd.testing.assert_frame_equal(a, b)
    c = make_demo_lines(seed=12)
    assert not (len(a) == len(c) and a.equals(c))


def test_default_arguments(lines: pd.DataFrame) -> None:
    explicit = make_demo_lines(as_of=AS_OF, months=6, n_clients=300, seed=2026)
    pd.testing.assert_frame_equal(lines, explicit)


def test_columns_and_dtypes(lines: pd.DataFrame) -> None:
    assert list(lines.columns) == EXPECTED_COLUMNS
    assert not lines.isna().any().any()
    dates = lines["Дата"]
    assert all(type(d) is dt.date for d in dates)
    assert lines["Количество"].dtype == np.int64
    for col in FLOAT_COLUMNS:
        assert lines[col].dtype == np.float64, col
    for col in TEXT_COLUMNS:
        assert pd.api.types.is_string_dtype(lines[col]), col
        assert lines[col].map(type).eq(str).all(), col


def test_size(lines: pd.DataFrame) -> None:
    # Speed is measured in benchmarks/, not asserted here.
    assert 15_000 <= len(lines) <= 40_000


def test_amounts_to_the_kopeck(lines: pd.DataFrame) -> None:
    qty = lines["Количество"].to_numpy()
    price = lines["Цена"].to_numpy()
    assert np.all(np.abs(lines["Сумма"].to_numpy() - np.round(qty * price, 2)) < 0.005)
    for col in FLOAT_COLUMNS:
        cents = lines[col].to_numpy() * 100
        assert np.all(np.abs(cents - np.round(cents)) < 1e-6), col
    assert (lines["Цена"] > 0).all()
    assert (lines["Количество"] != 0).all()


def test_list_price_and_discounts(lines: pd.DataFrame, posted: pd.DataFrame) -> None:
    assert (lines["Цена по прайсу"] >= lines["Цена"]).all()
    discount = 1 - posted["Цена"] / posted["Цена по прайсу"]
    assert discount.max() <= 0.16
    assert (discount == 0).mean() > 0.2  # small clients pay the list price
    # Big clients get the bigger discounts.
    totals = posted.groupby("client")["Сумма"].sum().sort_values(ascending=False)
    per_client = discount.groupby(posted["client"]).mean()
    top = per_client[totals.index[:20]].mean()
    bottom = per_client[totals.index[len(totals) // 2 :]].mean()
    assert top > 0.08
    assert bottom < 0.02


def test_cost_is_quantity_times_unit_cost(lines: pd.DataFrame) -> None:
    unit_cost = lines["Себестоимость"] / lines["Количество"]
    ratio = unit_cost / lines["Цена по прайсу"]
    assert ratio.between(0.69, 0.86).all()
    assert (np.sign(lines["Себестоимость"]) == np.sign(lines["Количество"])).all()
    # One unit cost per SKU and list price (cost = quantity x unit cost).
    spread = unit_cost.groupby([lines["Артикул"], lines["Цена по прайсу"]]).agg(np.ptp)
    assert (spread < 0.01).all()


def test_period_partial_last_month(lines: pd.DataFrame) -> None:
    dates = pd.to_datetime(lines["Дата"])
    assert lines["Дата"].max() == AS_OF
    assert lines["Дата"].min() >= dt.date(2026, 5, 1)
    assert (dates.dt.day_of_week < 5).all()  # working days only
    months = dates.dt.to_period("M")
    assert sorted(months.unique().astype(str)) == [f"2026-{m:02d}" for m in range(5, 12)]
    shipped = lines[(lines["Количество"] > 0) & (lines["Статус"] == "Проведен")]
    ship_dates = pd.to_datetime(shipped["Дата"])
    for month in range(5, 11):  # May-Oct are full: shipments until the end of the month
        in_month = ship_dates[ship_dates.dt.month == month]
        assert (in_month.dt.day >= 25).any(), month
        assert in_month.dt.day.min() <= 5, month


def test_number_of_clients_and_names(lines: pd.DataFrame) -> None:
    key = lines["Контрагент"].str.strip().str.casefold()
    assert key.nunique() == 300
    # A few raw spellings differ only by spaces/case: more raw names than clients.
    assert lines["Контрагент"].nunique() > key.nunique()
    # One normalised name is one client: one manager each.
    assert (lines.groupby(key)["Менеджер"].nunique() == 1).all()
    pattern = re.compile(r'^(ООО|АО) [«"][^«»"]+[»"]$|^ИП [А-ЯЁ][а-яё]+ [А-Я]\.[А-Я]\.$', re.I)
    stripped = lines["Контрагент"].str.strip().drop_duplicates()
    assert stripped.map(lambda name: bool(pattern.match(name))).all()
    forms = stripped.str.split(" ").str[0].str.upper().value_counts()
    assert {"ООО", "ИП", "АО"} <= set(forms.index)


def test_n_clients_and_other_period() -> None:
    df = make_demo_lines(as_of=dt.date(2025, 3, 14), months=3, n_clients=40, seed=5)
    assert df["Контрагент"].str.strip().str.casefold().nunique() == 40
    assert df["Дата"].min() >= dt.date(2024, 12, 1)
    assert df["Дата"].max() <= dt.date(2025, 3, 14)
    months = pd.to_datetime(df["Дата"]).dt.to_period("M").astype(str)
    assert set(months) == {"2024-12", "2025-01", "2025-02", "2025-03"}


def test_catalogue_and_managers(lines: pd.DataFrame) -> None:
    assert 50 <= lines["Артикул"].nunique() <= 70
    assert (lines.groupby("Артикул")["Номенклатура"].nunique() == 1).all()
    assert (lines.groupby("Номенклатура")["Артикул"].nunique() == 1).all()
    assert 5 <= lines["Менеджер"].nunique() <= 6


def test_documents_are_consistent(lines: pd.DataFrame) -> None:
    key = lines["Контрагент"].str.strip().str.casefold()
    per_doc = lines.assign(key=key).groupby("Документ")[["Дата", "key", "Статус"]].nunique()
    assert (per_doc == 1).all().all()
    assert lines["Документ"].str.match(r"^(Реализация|Возврат товаров от покупателя) \d{6}$").all()
    assert not lines.duplicated(["Документ", "Артикул"]).any()


def test_top20_share_of_last_three_months(last3_avg: pd.Series) -> None:
    share = last3_avg.head(20).sum() / last3_avg.sum()
    assert 0.5 <= share <= 0.8


def test_pareto_about_a_fifth_make_80_percent(posted: pd.DataFrame) -> None:
    totals = posted.groupby("client")["Сумма"].sum().sort_values(ascending=False)
    needed = int((totals.cumsum() / totals.sum() < 0.8).sum()) + 1
    assert 0.12 <= needed / len(totals) <= 0.30


def test_returns(lines: pd.DataFrame) -> None:
    ret = lines[lines["Количество"] < 0]
    assert 0.005 <= len(ret) / len(lines) <= 0.03
    assert (ret["Сумма"] < 0).all()
    assert ret["Документ"].str.startswith("Возврат").all()
    # Every return follows an earlier shipment of the same SKU to the same client.
    shipped = lines[(lines["Количество"] > 0) & (lines["Статус"] == "Проведен")]
    key = ["client", "Артикул"]
    first = (
        shipped.assign(client=shipped["Контрагент"].str.strip().str.casefold())
        .groupby(key)["Дата"]
        .min()
        .rename("first_shipment")
    )
    merged = ret.assign(client=ret["Контрагент"].str.strip().str.casefold()).join(first, on=key)
    assert merged["first_shipment"].notna().all()
    assert (merged["first_shipment"] < merged["Дата"]).all()


def test_cancelled_lines(lines: pd.DataFrame) -> None:
    assert set(lines["Статус"]) == {"Проведен", "Отменен"}
    share = (lines["Статус"] == "Отменен").mean()
    assert 0.005 <= share <= 0.02


def test_falling_key_clients(by_month: pd.DataFrame, last3_avg: pd.Series) -> None:
    top = by_month.loc[last3_avg.index[:20]]
    falling = top[top[10] < 0.8 * top[8]]
    assert len(falling) >= 2


def test_gap_month_clients(posted: pd.DataFrame, by_month: pd.DataFrame) -> None:
    shipped = posted[posted["Количество"] > 0]
    counts = shipped.pivot_table(index="client", columns="month", values="Сумма", aggfunc="count", fill_value=0)
    big_before = by_month[[5, 6, 7]].mean(axis=1).sort_values(ascending=False).index[:40]
    last3 = counts.loc[big_before, LAST3]
    assert ((last3 == 0).sum(axis=1) == 1).sum() >= 2


def test_near_key_clients(last3_avg: pd.Series) -> None:
    place20 = last3_avg.iloc[19]
    assert (last3_avg.iloc[20:25] >= 0.75 * place20).sum() >= 2


def test_some_small_clients_ship_rarely(posted: pd.DataFrame) -> None:
    months_with_shipments = posted[posted["Количество"] > 0].groupby("client")["month"].nunique()
    assert (months_with_shipments <= 3).mean() >= 0.08
