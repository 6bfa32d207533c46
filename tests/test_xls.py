"""The legacy .xls format: LibreOffice writes one from a 1C-shaped sheet, our reader reads it."""

import pandas as pd
from libreoffice import convert
from openpyxl import Workbook

from keyclients_xl.read import read_export


def test_xls_export_with_title_block_and_totals(tmp_path, soffice):
    book = Workbook()
    sheet = book.active
    sheet.title = "TDSheet"
    for row in [
        [None, "Продажи"],
        [None, "Период: 01.08.2026 - 31.10.2026"],
        [],
        [None, "Контрагент", "Август 2026", "Сентябрь 2026", "Октябрь 2026"],
        [None, "ООО Альфа", 100, 200, 300],
        [None, "ООО Бета", 50, None, 10],
        [None, "Итого", 150, 200, 310],
    ]:
        sheet.append(row)
    source = tmp_path / "export.xlsx"
    book.save(source)
    converted = convert(soffice, [source], "xls", tmp_path / "out")[0]
    export = read_export(converted)
    assert export.layout == "wide" and export.header_row == 4
    sums = export.frame.pivot_table(index="client", columns="month", values="amount", aggfunc="sum")
    assert sums.loc["ООО Альфа"].tolist() == [100, 200, 300]
    assert sums.loc["ООО Бета"].tolist() == [50, 0, 10]
    assert set(sums.index) == {"ООО Альфа", "ООО Бета"}
    assert export.data_end == pd.Timestamp("2026-10-31")


def test_an_xls_renamed_to_xlsx_is_read_by_its_content(tmp_path, soffice):
    """Users rename files; calamine would refuse an OLE file named .xlsx ('invalid Zip archive')."""
    book = Workbook()
    book.active.append(["Дата", "Контрагент", "Сумма"])
    book.active.append(["05.08.2026", "ООО Альфа", 1200.5])
    source = tmp_path / "export.xlsx"
    book.save(source)
    converted = convert(soffice, [source], "xls", tmp_path / "out")[0]
    renamed = converted.rename(converted.with_name("Продажи.xlsx"))
    export = read_export(renamed)
    assert export.frame[["client", "amount"]].to_dict("records") == [{"client": "ООО Альфа", "amount": 1200.5}]
