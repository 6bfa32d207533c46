"""Client codes in the sales export, names in a second file (the ingrad data set's shape)."""

import pandas as pd
import pytest

from keyclients_xl import build
from keyclients_xl.errors import KeyClientsError
from keyclients_xl.read import SheetRows, combine, read_rows
from keyclients_xl.read.directory import read_directory


def test_a_directory_sheet_maps_codes_to_names():
    rows = [["Код клиента", "Наименование клиента", "Город"], [17.0, "ООО Альфа", "Казань"], ["18", "ООО Бета", None]]
    assert read_directory(SheetRows("dir.xlsx", "Клиенты", rows)) == {"17": "ООО Альфа", "18": "ООО Бета"}


def test_a_sales_sheet_is_not_a_directory():
    rows = [["Дата", "Контрагент", "Сумма"], ["01.08.2026", "ООО Альфа", 1]]
    assert read_directory(SheetRows("s.xlsx", "S", rows)) is None


def test_a_directory_alone_is_an_error(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["ИД клиента", "Название клиента"])
    book.active.append([1, "ООО Альфа"])
    path = tmp_path / "dimensions.xlsx"
    book.save(path)
    with pytest.raises(KeyClientsError) as info:
        build(tmp_path / "out.xlsx", [path])
    assert info.value.key == "error.only_directory"


def test_codes_are_replaced_and_codes_without_a_name_stay():
    sales = read_rows(
        SheetRows("s.csv", None, [["Дата", "ИД клиента", "Сумма"], ["01.08.2026", 17.0, 5], ["02.08.2026", 99, 1]])
    )
    from keyclients_xl.read.layout import Export

    directory = Export(pd.DataFrame(), "dir.xlsx", "Клиенты", "directory", 1, None, True, names={"17": "ООО Альфа"})
    shipments = combine([sales, directory])
    assert shipments.frame["client"].tolist() == ["ООО Альфа", "99"]
    joined = next(n for n in shipments.notes if n.key == "note.names_joined")
    assert joined.text("ru") == "Названия клиентов взяты из справочника «dir.xlsx» (1 клиент)."


def test_ingrad_sales_with_their_client_directory(shared_data, tmp_path):
    folder = shared_data / "ingrad_powerbi_ru"
    result = build(tmp_path / "KeyClients.xlsx", [folder / "Продажи.xlsx", folder / "dimensions.xlsx"])
    # Independently: the names of the 14 client ids from the directory's Клиенты sheet.
    clients = pd.read_excel(folder / "dimensions.xlsx", sheet_name="Клиенты", engine="openpyxl")
    sales = pd.read_excel(folder / "Продажи.xlsx", engine="openpyxl")
    sales = sales[
        pd.to_datetime(sales["Дата доставки"]).dt.to_period("M").isin(pd.period_range("2024-02", "2024-04", freq="M"))
    ]
    amount = (sales["Количество"] * sales["Цена продажи за единицу"]).groupby(sales["ИД клиента"]).sum() / 3
    expected = amount.rename(index=dict(zip(clients["ИД клиента"], clients["Название клиента"], strict=True)))
    got = result.analysis.table.set_index("client")["average"]
    assert set(got.index) == set(expected.index) and all(name.startswith("Клиент ") for name in got.index)
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False, atol=0.01)
