"""Recognising column roles and month headers."""

import datetime as dt

import pandas as pd
import pytest

from keyclients_xl.read.headers import assign_roles, normalise, parse_month


@pytest.mark.parametrize(
    "cell",
    [
        "2026-08",
        "08.2026",
        "Август 2026",
        "август 2026 г.",
        "авг.26",
        "авг 2026",
        "August 2026",
        "Aug-26",
        "Aug 2026",
        "01.08.2026",
        dt.date(2026, 8, 1),
        dt.datetime(2026, 8, 1),
    ],
)
def test_month_headers(cell):
    assert parse_month(cell) == pd.Period("2026-08", freq="M")


def test_month_names_take_the_year_from_the_row_above():
    assert parse_month("Январь", 2022) == pd.Period("2022-01", freq="M")
    assert parse_month("Март", 2021) == pd.Period("2021-03", freq="M")
    assert parse_month("Май", 2021) == pd.Period("2021-05", freq="M")
    assert parse_month("Январь") is None  # no year anywhere: not a month column


@pytest.mark.parametrize("cell", ["Итого", "Контрагент", "Среднее", 2026, 12.5, None, "Сумма"])
def test_not_month_headers(cell):
    assert parse_month(cell) is None


def _roles(headers):
    return {role: headers[col] for role, col in assign_roles([normalise(h) for h in headers]).items()}


def test_1c_document_lines():
    headers = [
        "Дата",
        "Документ",
        "Контрагент",
        "Номенклатура",
        "Количество",
        "Цена",
        "Цена по прайсу",
        "Сумма",
        "Себестоимость",
        "Менеджер",
        "Статус",
    ]
    roles = _roles(headers)
    assert roles["client"] == "Контрагент" and roles["date"] == "Дата" and roles["amount"] == "Сумма"
    assert roles["price"] == "Цена" and roles["list_price"] == "Цена по прайсу"
    assert roles["cost"] == "Себестоимость" and roles["status"] == "Статус"


def test_plan_columns_and_payment_dates_are_not_actuals():
    headers = [
        "Дата оплаты",
        "Дата доставки",
        "ИД клиента",
        "Количество (цель)",
        "Количество",
        "Цена продажи за единицу (план)",
        "Цена продажи за единицу",
    ]
    roles = _roles(headers)
    assert roles["date"] == "Дата доставки"
    assert roles["payment_date"] == "Дата оплаты"
    assert roles["quantity"] == "Количество"
    assert roles["price"] == "Цена продажи за единицу"


def test_english_headers():
    roles = _roles(["ORDERDATE", "CUSTOMERNAME", "PRODUCTCODE", "QUANTITYORDERED", "PRICEEACH", "SALES", "STATUS"])
    assert roles == {
        "date": "ORDERDATE",
        "client": "CUSTOMERNAME",
        "sku": "PRODUCTCODE",
        "quantity": "QUANTITYORDERED",
        "price": "PRICEEACH",
        "amount": "SALES",
        "status": "STATUS",
    }
