"""End to end on real public exports (../shared/data): keyclients_xl.build on the files as
they are, checked against values recomputed here with plain pandas from the raw files."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from keyclients_xl import KeyClientsError, build
from keyclients_xl.cli import app
from keyclients_xl.report.key_clients import HEADER_ROW

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

RU_MONTHS = [
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
]  # fmt: skip


def plain(text: str) -> str:
    """CLI output without colour codes and with rich's line wrapping undone."""
    return " ".join(re.sub(r"\x1b\[[0-9;]*m", "", text).split())


def month_table(ws) -> tuple[list[str], dict[str, list[float]], dict[str, object]]:
    """Month headers, client → month cells, client → Average cell, from a key-client sheet."""
    headers = [c.value for c in ws[HEADER_ROW]]
    first_month, average_col = 2, headers.index("Среднее в месяц")
    months = headers[first_month:average_col]
    cells, averages = {}, {}
    for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        if row[1] is None:
            break
        cells[row[1]] = [float(v) for v in row[first_month:average_col]]
        averages[row[1]] = row[average_col]
    return months, cells, averages


def notes_of(ws) -> list[str]:
    return [
        c.value for row in ws.iter_rows(min_row=1) for c in row
        if isinstance(c.value, str) and c.value.startswith("•")
    ]  # fmt: skip


# ---------------------------------------------------------------- ingrad (long, Russian)


@pytest.fixture(scope="module")
def ingrad_file(shared_data: Path) -> Path:
    return shared_data / "ingrad_powerbi_ru" / "Продажи.xlsx"


@pytest.fixture(scope="module")
def ingrad_expected(ingrad_file: Path) -> pd.DataFrame:
    """Client × Feb–Apr 2024 amounts (quantity × unit price) by DELIVERY date, zeros filled."""
    df = pd.read_excel(ingrad_file, engine="openpyxl")
    assert df["Дата доставки"].max() == pd.Timestamp("2024-04-30")
    df["amount"] = df["Количество"] * df["Цена продажи за единицу"]
    df["month"] = df["Дата доставки"].dt.to_period("M")
    window = list(pd.period_range("2024-02", "2024-04", freq="M"))
    table = (
        df[df["month"].isin(window)]
        .pivot_table(index="ИД клиента", columns="month", values="amount", aggfunc="sum", fill_value=0)
        .reindex(columns=window, fill_value=0)
        .astype(float)
    )
    table.index = table.index.map(str)
    return table


@pytest.fixture(scope="module")
def ingrad_build(ingrad_file: Path, tmp_path_factory):
    path = tmp_path_factory.mktemp("ingrad") / "KeyClients.xlsx"
    return build(path, [ingrad_file])


def test_ingrad_window_is_feb_apr_2024_by_delivery_date(ingrad_build, ingrad_file):
    assert [str(m) for m in ingrad_build.analysis.months] == ["2024-02", "2024-03", "2024-04"]
    # The payment date runs to the end of 2024: using it would give another window entirely.
    payments = pd.read_excel(ingrad_file, engine="openpyxl")["Дата оплаты"]
    assert payments.max() > pd.Timestamp("2024-06-30")


def test_ingrad_fourteen_clients_all_key(ingrad_build, ingrad_expected):
    table = ingrad_build.analysis.table
    assert len(ingrad_expected) == 14
    assert sorted(table["client"]) == sorted(ingrad_expected.index)
    assert table["is_key"].all()
    assert ingrad_build.summary["key_count"] == 14
    assert ingrad_build.summary["key_share"] == pytest.approx(1.0)


def test_ingrad_monthly_amounts_and_averages_match_pandas(ingrad_build, ingrad_expected):
    table = ingrad_build.analysis.table.set_index("client")
    months = ingrad_build.analysis.months
    for client, expected in ingrad_expected.iterrows():
        for month in months:
            assert table.loc[client, month] == pytest.approx(expected[month], abs=0.01), (client, month)
        # Zero months count: the mean over all three months.
        assert table.loc[client, "average"] == pytest.approx(expected.sum() / 3, abs=0.01), client
    order = ingrad_expected.mean(axis=1).sort_values(ascending=False, kind="mergesort")
    assert list(table.index) == list(order.index)


def test_ingrad_workbook_holds_the_values_and_the_fewer_clients_note(ingrad_build, ingrad_expected):
    ws = openpyxl.load_workbook(ingrad_build.path)["Ключевые клиенты"]
    months, cells, averages = month_table(ws)
    assert months == ["фев 2024", "мар 2024", "апр 2024"]
    assert sorted(cells) == sorted(ingrad_expected.index)
    for client, expected in ingrad_expected.iterrows():
        assert cells[client] == pytest.approx(list(expected), abs=0.01), client
        assert str(averages[client]).startswith("=AVERAGE(")
    fewer = [n for n in notes_of(ws) if "14" in n and "20" in n and "меньше" in n]
    assert fewer, notes_of(ws)
    key = [c.value for c in ws[HEADER_ROW]].index("Ключевой")
    assert sum(1 for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r[key] == "Да") == 14


# ---------------------------------------------------------------- online retail (one week)


@pytest.fixture(scope="module")
def retail_file(shared_data: Path) -> Path:
    return shared_data / "online_retail_uci" / "online_retail_sample.csv"


@pytest.fixture(scope="module")
def retail_raw(retail_file: Path) -> pd.DataFrame:
    df = pd.read_csv(retail_file, parse_dates=["InvoiceDate"])
    assert df["InvoiceDate"].dt.to_period("M").nunique() == 1
    return df


def test_retail_one_week_has_no_full_month(retail_file, tmp_path):
    with pytest.raises(KeyClientsError) as caught:
        build(tmp_path / "KeyClients.xlsx", [retail_file])
    assert caught.value.key == "error.no_full_month"
    assert list(tmp_path.iterdir()) == []


def test_retail_cli_names_the_dates_and_exits_2(retail_file, retail_raw, tmp_path):
    result = CliRunner().invoke(app, ["build", str(tmp_path / "KeyClients.xlsx"), "--export", str(retail_file)])
    assert result.exit_code == 2, result.output
    text = plain(result.output)
    assert f"{retail_raw['InvoiceDate'].min():%d.%m.%Y}" in text
    assert f"{retail_raw['InvoiceDate'].max():%d.%m.%Y}" in text
    assert "--as-of" in text
    assert "Traceback" not in text
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def retail_forced(retail_file, tmp_path_factory):
    path = tmp_path_factory.mktemp("retail") / "KeyClients.xlsx"
    return build(path, [retail_file], as_of="2010-12", months=1)


def test_retail_as_of_forces_december_with_revenue_per_customer(retail_forced, retail_raw):
    december = retail_raw[retail_raw["InvoiceDate"].dt.to_period("M") == pd.Period("2010-12", freq="M")]
    expected = december.groupby("CustomerID")["Revenue"].sum() / 1  # a one-month window
    expected.index = [str(int(c)) for c in expected.index]
    table = retail_forced.analysis.table.set_index("client")
    assert [str(m) for m in retail_forced.analysis.months] == ["2010-12"]
    assert "17850" in table.index
    assert not any(name.endswith(".0") for name in table.index)
    assert sorted(table.index) == sorted(expected.index)
    for client, revenue in expected.items():
        assert table.loc[client, "average"] == pytest.approx(revenue, abs=0.01), client
        assert table.loc[client, pd.Period("2010-12", freq="M")] == pytest.approx(revenue, abs=0.01)
    assert int(table["is_key"].sum()) == 20
    ws = openpyxl.load_workbook(retail_forced.path).worksheets[0]
    clients = [r[1] for r in ws.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + len(table), values_only=True)]
    assert all(isinstance(c, str) and c.isdigit() for c in clients)


def test_retail_forced_partial_month_is_flagged(retail_forced):
    partial = [note for note in retail_forced.notes if "07.12.2010" in note]
    assert partial, retail_forced.notes
    assert any("partial" in note or "неполный" in note for note in partial), partial
    assert not any("full months in the data" in note for note in retail_forced.notes)


# ---------------------------------------------------------------- wholesale (no dates)


@pytest.fixture(scope="module")
def wholesale_file(shared_data: Path) -> Path:
    return shared_data / "wholesale_customers_uci" / "Wholesale-customers-data.csv"


def test_wholesale_has_no_time_axis(wholesale_file, tmp_path):
    with pytest.raises(KeyClientsError) as caught:
        build(tmp_path / "KeyClients.xlsx", [wholesale_file])
    assert caught.value.key == "error.no_time_axis"
    assert list(tmp_path.iterdir()) == []


def test_wholesale_cli_lists_columns_without_traceback(wholesale_file, tmp_path):
    columns = list(pd.read_csv(wholesale_file, nrows=0).columns)
    assert len(columns) == 9
    result = CliRunner().invoke(
        app, ["build", str(tmp_path / "KeyClients.xlsx"), "--export", str(wholesale_file), "--lang", "en"]
    )
    assert result.exit_code == 2, result.output
    text = plain(result.output)
    assert "Wholesale-customers-data.csv" in text
    assert "no time axis" in text
    for column in columns:
        assert column in text, column
    assert "Traceback" not in text and "KeyClientsError" not in text
    assert len(result.output.strip().splitlines()) <= 6  # one message (wrapped at 80 columns)
    assert list(tmp_path.iterdir()) == []  # no workbook, no temporary file


# ---------------------------------------------------------------- months_wide_ru (wide, two measure rows)


@pytest.fixture(scope="module")
def wide_file(shared_data: Path) -> Path:
    return shared_data / "months_wide_ru" / "Продажи.xlsx"


@pytest.fixture(scope="module")
def wide_expected(wide_file: Path) -> pd.DataFrame:
    """Product × month amounts = price × quantity, parsed here from the raw cells."""
    raw = pd.read_excel(wide_file, header=None, engine="openpyxl")
    years = raw.iloc[0].map(lambda v: int(m[1]) if (m := re.match(r"(\d{4})", str(v))) else None).ffill()
    months = {
        col: pd.Period(year=int(years[col]), month=RU_MONTHS.index(name.strip().lower()) + 1, freq="M")
        for col, name in raw.iloc[1].items()
        if isinstance(name, str) and name.strip().lower() in RU_MONTHS
    }
    body = raw.iloc[2:].copy()
    body[0] = body[0].ffill()
    price = body[body[1].str.startswith("Цена")].set_index(0)[list(months)].astype(float)
    qty = body[body[1].str.startswith("Кол-во")].set_index(0)[list(months)].astype(float)
    amounts = (price * qty.loc[price.index]).rename(columns=months)
    return amounts[sorted(amounts.columns)]


@pytest.fixture(scope="module")
def wide_build(wide_file, tmp_path_factory):
    return build(tmp_path_factory.mktemp("wide") / "KeyClients.xlsx", [wide_file])


def test_wide_months_span_2020_to_2022(wide_build, wide_expected):
    months = sorted(wide_build.shipments.frame["month"].unique())
    assert list(wide_expected.columns) == list(pd.period_range("2020-01", "2022-12", freq="M"))
    assert months == list(wide_expected.columns)
    assert [str(m) for m in wide_build.analysis.months] == ["2022-10", "2022-11", "2022-12"]


@pytest.mark.parametrize("product", ["Фен", "Телевизор", "Ноутбук"])
def test_wide_product_average_is_price_times_quantity(wide_build, wide_expected, product):
    window = list(pd.period_range("2022-10", "2022-12", freq="M"))
    expected = wide_expected.loc[product, window]
    table = wide_build.analysis.table.set_index("client")
    for month in window:
        assert table.loc[product, month] == pytest.approx(expected[month], abs=0.01)
    assert table.loc[product, "average"] == pytest.approx(expected.sum() / 3, abs=0.01)


def test_wide_every_product_and_the_workbook(wide_build, wide_expected):
    window = list(pd.period_range("2022-10", "2022-12", freq="M"))
    expected = wide_expected[window]
    ws = openpyxl.load_workbook(wide_build.path)["Ключевые клиенты"]
    months, cells, _ = month_table(ws)
    assert months == ["окт 2022", "ноя 2022", "дек 2022"]
    assert sorted(cells) == sorted(expected.index)
    for product, row in expected.iterrows():
        assert cells[product] == pytest.approx(list(row), abs=0.01), product
    # Телевизор sold nothing in December 2022: a zero month that still counts in the average.
    assert expected.loc["Телевизор", pd.Period("2022-12", freq="M")] == 0
