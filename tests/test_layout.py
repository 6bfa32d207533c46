"""Reading generated exports shaped like real ones: title blocks, totals, groups, two-row
headers, text numbers, Russian month headers, mixed dates, cp1251 CSV."""

import datetime as dt

import pandas as pd
import pytest
from openpyxl import Workbook
from sheets import outlined_workbook

from keyclients_xl.errors import KeyClientsError
from keyclients_xl.read import SheetRows, read_export
from keyclients_xl.read.headers import parse_mapping
from keyclients_xl.read.layout import read_rows

TITLE = [
    [None, "Анализ продаж"],
    [None, "Период: 01.08.2026 - 31.10.2026"],
    [None, "Показатели: Сумма"],
    [None, "Группировки строк: Контрагент (Иерархия)"],
    [None, 'Отбор: Организация Равно "Торговый дом"'],
    [],
]


def wide_1c_rows():
    """A 1C-style wide report: title block, data from column B, a group row, text numbers, totals."""
    return TITLE + [
        [None, "Контрагент", "Август 2026", "Сентябрь 2026", "Октябрь 2026", "Итого"],
        [None, "Покупатели", None, None, None, None],  # group row without amounts
        [None, "ООО «Ромашка»", "1 234 567,89", "1\u00a0000 000,11", 900000, "3 134 568,00"],
        [None, "ИП Иванов И.И.", 500, None, "1 000", 1500],  # a gap month
        [None, "Контрагент", "Август 2026", "Сентябрь 2026", "Октябрь 2026", "Итого"],  # header repeated
        [None, "  ооо «ромашка» ", 10, 20, 30, 60],  # the same client again, other spelling
        [None, "Итого", "1 235 077,89", "1 000 020,11", 901030, "3 136 128,00"],
    ]


def test_wide_1c_export():
    export = read_rows(SheetRows("Отчёт.xlsx", "TDSheet", wide_1c_rows()))
    assert export.layout == "wide" and export.header_row == 7
    sums = export.frame.groupby(["client", "month"])["amount"].sum()
    aug, sep, oct_ = (pd.Period(m, freq="M") for m in ("2026-08", "2026-09", "2026-10"))
    assert sums[("ООО «Ромашка»", aug)] == pytest.approx(1234567.89)
    assert sums[("ООО «Ромашка»", sep)] == pytest.approx(1000000.11)
    assert sums[("ИП Иванов И.И.", sep)] == 0.0  # blank month → 0, never skipped
    assert sums[("ИП Иванов И.И.", oct_)] == 1000.0
    assert "Итого" not in set(export.frame["client"]) and "Покупатели" not in set(export.frame["client"])
    assert "Контрагент" not in set(export.frame["client"])
    noise = next(n for n in export.notes if n.key == "note.noise_rows").params
    assert {k: v for k, v in noise.items() if k != "rows"} == {
        "file": "Отчёт.xlsx",
        "totals": 1,
        "groups": 1,
        "headers": 1,
    }
    assert noise["rows"].text("ru") == "3 строки"
    assert export.data_end == pd.Timestamp("2026-10-31")  # from 'Период:' in the title
    assert export.cyrillic


def test_wide_same_client_on_two_rows_is_summed_and_reported():
    from keyclients_xl.read import combine

    shipments = combine([read_rows(SheetRows("Отчёт.xlsx", "TDSheet", wide_1c_rows()))])
    frame = shipments.frame
    romashka = frame[frame["client_key"] == "ооо ромашка"].groupby("month")["amount"].sum()
    assert romashka.tolist() == pytest.approx([1234577.89, 1000020.11, 900030.0])
    assert frame.loc[frame["client_key"] == "ооо ромашка", "client"].unique().tolist() == ["ООО «Ромашка»"]
    summed = next(n for n in shipments.notes if n.key == "note.wide_rows_summed")
    assert (
        summed.text("ru") == "«Отчёт.xlsx»: один клиент в нескольких строках, строки сложены (1 клиент: ООО «Ромашка»)."
    )
    merged = next(n for n in shipments.notes if n.key == "note.spellings_merged")
    assert (
        merged.text("ru") == "Разные написания одного клиента объединены (1 клиент): «ООО «Ромашка»» = «ооо «ромашка»»."
    )


def test_year_row_above_month_names_with_merged_year_cells():
    rows = [
        ["", "", "2025 год", "", "", "2026 год", ""],
        ["Клиент", "", "Ноябрь", "Декабрь", "", "Январь", "Февраль"],
        ["Альфа", "", 1, 2, None, 3, 4],
        ["Бета", "", 10, 20, None, 30, 40],
    ]
    export = read_rows(SheetRows("f.xlsx", "Лист1", rows))
    months = sorted(export.frame["month"].astype(str).unique())
    assert months == ["2025-11", "2025-12", "2026-01", "2026-02"]
    beta = export.frame[export.frame["client"] == "Бета"].set_index("month")["amount"]
    assert beta[pd.Period("2026-01", freq="M")] == 30


def test_two_row_header_with_measures_under_each_month():
    rows = [
        ["Контрагент", "Август 2026", "Август 2026", "Сентябрь 2026", "Сентябрь 2026"],
        [None, "Количество", "Сумма", "Количество", "Сумма"],
        ["Альфа", 5, 500, 6, 600],
        ["Бета", 1, 100, None, None],
    ]
    export = read_rows(SheetRows("f.xlsx", "Лист1", rows))
    got = export.frame.set_index(["client", "month"])["amount"]
    assert got[("Альфа", pd.Period("2026-09", freq="M"))] == 600
    assert got[("Бета", pd.Period("2026-09", freq="M"))] == 0


def long_rows():
    return TITLE + [
        ["Дата", "Контрагент", "Номенклатура", "Сумма взаиморасчетов", None, "Статус"],
        [None, None, None, "Сумма", "Количество", None],
        ["01.08.2026", "ООО Альфа", "Чай", "1 000,50", 2, "Проведен"],
        ["2026-08-15", "ООО Альфа", "Кофе", "(200)", -1, "Проведен"],  # a return
        [dt.date(2026, 9, 3), "ООО Бета", "Чай", 300, 1, "Проведен"],
        [46300, "ООО Бета", "Чай", 999, 1, "Отменен"],  # Excel serial date; cancelled
        [None, "ООО Бета", None, 1299, None, None],  # a client subtotal without a date
        ["Итого", None, None, "2 099,50", None, None],
    ]


def test_long_export_with_two_row_header():
    export = read_rows(SheetRows("Продажи (451).xlsx", "TDSheet", long_rows()))
    assert export.layout == "long" and export.header_row == 8
    frame = export.frame
    assert list(frame["client"]) == ["ООО Альфа", "ООО Альфа", "ООО Бета"]
    assert list(frame["amount"]) == [1000.5, -200.0, 300.0]
    assert list(frame["date"].dt.strftime("%d.%m.%Y")) == ["01.08.2026", "15.08.2026", "03.09.2026"]
    assert list(frame["quantity"]) == [2, -1, 1]
    keys = {n.key: n.params for n in export.notes}
    statuses = next(n for n in export.notes if n.key == "note.statuses")
    assert statuses.text("ru") == (
        "«Продажи (451).xlsx», столбец «Статус»: Проведен — 3 строки, 1\u00a0101; Отменен — 1 строка, 999 (отброшены)."
    )
    assert "status" in frame and set(frame["status"]) == {"Проведен"}
    assert keys["note.noise_rows"]["totals"] == 1
    assert keys["note.noise_rows"]["groups"] == 1  # the subtotal row


def test_long_export_reaches_the_end_of_its_title_period_and_its_cancelled_lines():
    export = read_rows(SheetRows("Продажи.xlsx", "TDSheet", long_rows()))
    # Lines end 03.09.2026 (a cancelled one on 46300 = 05.10.2026), the title says 31.10.2026.
    assert export.data_end == pd.Timestamp("2026-10-31")
    rows = long_rows()[6:]  # without the title block
    assert read_rows(SheetRows("Продажи.xlsx", "TDSheet", rows)).data_end == pd.Timestamp("2026-10-05")


def test_bad_amount_names_file_sheet_row_and_column():
    rows = long_rows()
    rows[9][3] = "тысяча"
    with pytest.raises(KeyClientsError) as info:
        read_rows(SheetRows("Продажи.xlsx", "TDSheet", rows))
    message = info.value.message("ru")
    assert "«Продажи.xlsx»" in message and "«TDSheet»" in message
    assert "строка 10" in message and "столбец D" in message and "тысяча" in message
    assert "row 10" in info.value.message("en") and "column D" in info.value.message("en")


def test_amount_from_quantity_and_price_with_mixed_dates():
    rows = [
        ["Date", "Customer", "Qty", "Unit price"],
        ["3/15/2026", "Acme", 2, "10.5"],
        ["2026-03-20", "Acme", 1, 4],
        ["04/01/2026", "Beta", 3, 1],
    ]
    export = read_rows(SheetRows("sales.csv", None, rows))
    assert list(export.frame["amount"]) == [21.0, 4.0, 3.0]
    assert list(export.frame["date"].dt.strftime("%Y-%m-%d")) == ["2026-03-15", "2026-03-20", "2026-04-01"]
    order = next(n for n in export.notes if n.key == "note.date_order")
    assert order.text("en").endswith("dates like 01/02/2026 read as month/day (US) (value 3/15/2026 proves it).")
    assert "месяц/день (США) (это доказывает значение 3/15/2026)" in order.text("ru")
    assert not export.cyrillic


def test_slash_dates_no_day_proves_are_day_first_in_a_russian_file(tmp_path):
    """Twelve days of a/b/yyyy prove no order: a Russian file's '05/11/2026' was read as 11 May
    (the US habit), putting November's lines into the months of the year before. Russia writes
    the day first; an English file keeps month/day. Both reading paths, and the receivables reader."""
    from reading_paths import read_both_ways

    from keyclients_xl.read.receivables import read_receivables

    days = [f"{day:02d}/11/2026" for day in range(1, 13)]
    russian, english = tmp_path / "Продажи.csv", tmp_path / "sales.csv"
    russian.write_text("Дата;Контрагент;Сумма\n" + "".join(f"{d};Альфа;10\n" for d in days), encoding="utf-8")
    english.write_text("Date;Customer;Amount\n" + "".join(f"{d};Acme;10\n" for d in days), encoding="utf-8")
    for kind, lines, notes in read_both_ways(russian):
        assert kind == "lines" and set(lines["month"].astype(str)) == {"2026-11"}
        assert sorted(lines["date"].dt.day) == list(range(1, 13))
        assumed = "dates like 01/02/2026 read as day/month (no value proves it: an assumption)."
        assert f"'Продажи.csv', column 'Дата': {assumed}" in notes
    for kind, lines, notes in read_both_ways(english):
        assert kind == "lines" and sorted(lines["month"].astype(str)) == [f"2026-{m:02d}" for m in range(1, 13)]
        assert set(lines["date"].dt.day) == {11}
        assumed = "dates like 01/02/2026 read as month/day (US) (no value proves it: an assumption)."
        assert f"'sales.csv', column 'Date': {assumed}" in notes
    debts = tmp_path / "Дебиторка.csv"
    debts.write_text("Контрагент;Долг;Срок оплаты\nАльфа;100;05/11/2026\nБета;50;12/11/2026\n", encoding="utf-8")
    due = read_receivables(debts).frame["due_date"]
    assert due.dt.strftime("%Y-%m-%d").tolist() == ["2026-11-05", "2026-11-12"]


def test_cp1251_csv_with_semicolons(tmp_path):
    text = "Отчёт о продажах\nДата;Покупатель;Сумма\n05.08.2026;ООО «Ёлка»;1 234,56\n06.09.2026;ООО «Ёлка»;100\n"
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("cp1251"))
    export = read_export(path)
    assert list(export.frame["client"]) == ["ООО «Ёлка»", "ООО «Ёлка»"]
    assert list(export.frame["amount"]) == [1234.56, 100.0]
    fmt = next(n for n in export.notes if n.key == "note.csv_format").params
    assert fmt["encoding"] == "cp1251" and fmt["delimiter"] == ";"


def test_utf8_bom_tab_csv(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("\ufeffDate\tClient\tSales\n2026-08-05\tAcme\t10\n".encode())
    export = read_export(path)
    assert list(export.frame["client"]) == ["Acme"]
    fmt = next(n for n in export.notes if n.key == "note.csv_format").params
    assert fmt["encoding"] == "utf-8-sig" and fmt["delimiter"] == "\\t"


def test_workbook_picks_the_sheet_with_data(tmp_path):
    book = Workbook()
    book.active.title = "Пояснения"
    book.active.append(["Эта книга выгружена из 1С"])
    data = book.create_sheet("TDSheet")
    for row in wide_1c_rows():
        data.append(row)
    data.merge_cells("C7:C7")
    path = tmp_path / "Продажи (3).xlsx"
    book.save(path)
    export = read_export(path)
    assert export.sheet == "TDSheet" and export.layout == "wide"
    picked = next(n for n in export.notes if n.key == "note.sheet_picked")
    assert picked.params["sheet"] == "TDSheet"


def test_merged_header_cells_are_filled(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Клиент", "Продажи", None, None])
    sheet.append([None, "Август 2026", "Сентябрь 2026", "Октябрь 2026"])
    sheet.append(["Альфа", 1, 2, 3])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:D1")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    export = read_export(path)
    assert export.header_row == 2
    assert export.frame.groupby("client")["amount"].sum()["Альфа"] == 6


def test_explicit_column_mapping():
    rows = [["Когда", "Кто", "Сколько денег"], ["01.08.2026", "Альфа", 5]]
    with pytest.raises(KeyClientsError) as info:
        read_rows(SheetRows("x.csv", None, rows))
    assert info.value.key == "error.no_layout"
    assert "Когда, Кто, Сколько денег" in info.value.message("ru")
    export = read_rows(SheetRows("x.csv", None, rows), parse_mapping("client=Кто,date=Когда,amount=C"))
    assert export.frame["amount"].tolist() == [5.0]


def test_mapping_to_a_missing_column_lists_what_exists():
    rows = [["Дата", "Контрагент", "Сумма"], ["01.08.2026", "Альфа", 5]]
    with pytest.raises(KeyClientsError) as info:
        read_rows(SheetRows("x.csv", None, rows), {"client": "Клиент"})
    assert "Дата, Контрагент, Сумма" in info.value.message("en")


@pytest.mark.parametrize("mapping", ["client=B,amount=B", "client=Контрагент,amount=b,date=A"])
def test_a_column_given_two_roles_is_named_as_the_mapping_fault(mapping):
    """`client=B,amount=B` read the names as amounts and blamed 'Альфа' as a bad number."""
    rows = [["Дата", "Контрагент", "Сумма"], ["01.08.2026", "Альфа", 5]]
    with pytest.raises(KeyClientsError) as info:
        read_rows(SheetRows("x.csv", None, rows), parse_mapping(mapping))
    assert info.value.message("en") == (
        "file 'x.csv', row 1, column B: --columns gives column B both as 'client' and as 'amount': "
        "a column has one role."
    )


def test_a_role_given_twice_is_refused():
    """`client=B,client=C`: the last one silently won."""
    with pytest.raises(KeyClientsError) as info:
        parse_mapping("client=B, client=C")
    assert info.value.message("ru") == "--columns «client=B, client=C» называет роль client дважды."


def test_bad_mapping_text():
    with pytest.raises(KeyClientsError):
        parse_mapping("client:Кто")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Date,Client,Sales\n2026-08-01,Brasserie Lefèvre,10\n2026-09-01,Café Müller,5\n", "cp1252"),
        ("Дата;Клиент;Сумма\n01.08.2026;ИП Ким;5\n", "cp1251"),
    ],
)
def test_single_byte_csv_encodings(tmp_path, text, encoding):
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode(encoding))
    export = read_export(path)
    names = [row.split("," if "," in row else ";")[1] for row in text.splitlines()[1:]]
    assert list(export.frame["client"]) == names
    assert next(n for n in export.notes if n.key == "note.csv_format").params["encoding"] == encoding


def test_measure_rows_without_an_amount_are_an_error():
    rows = [
        ["Товар", "", "Январь 2022", "Февраль 2022"],
        ["Фен", "Кол-во", 1, 2],
        ["", "Кол-во", 3, 4],
        ["Утюг", "Кол-во", 5, 6],
        ["", "Кол-во", 7, 8],
    ]
    with pytest.raises(KeyClientsError) as info:
        read_rows(SheetRows("p.xlsx", "Лист1", rows))
    assert "column B" in info.value.message("en") and "quantity" in info.value.message("en")


grouped_report = outlined_workbook


def test_1c_hierarchy_group_rows_with_subtotals_are_not_clients(tmp_path):
    path = grouped_report(
        tmp_path / "Анализ (Иерархия).xlsx",
        [
            ([None, "Период: 01.08.2026 - 31.10.2026"], 0),
            ([None, "Группировки строк: Контрагент (Иерархия)"], 0),
            ([None, "Контрагент", "Август 2026", "Сентябрь 2026", "Октябрь 2026"], 0),
            ([None, "Покупатели", 160, 200, 320], 0),  # group: subtotal of everything below
            ([None, "Москва", 100, 200, 300], 1),  # subgroup: subtotal of Альфа
            ([None, "ООО Альфа", 100, 200, 300], 2),
            ([None, "ООО Бета", 60, None, 20], 1),
            ([None, "Итого", 160, 200, 320], 0),
        ],
    )
    export = read_export(path)
    sums = export.frame.groupby("client")["amount"].sum()
    assert sums.to_dict() == {"ООО Альфа": 600.0, "ООО Бета": 80.0}
    noise = next(n for n in export.notes if n.key == "note.noise_rows").params
    assert (noise["totals"], noise["groups"]) == (1, 2)


def test_grouped_document_lines_drop_the_client_total_rows(tmp_path):
    path = grouped_report(
        tmp_path / "Продажи по менеджерам.xlsx",
        [
            (["Дата", "Контрагент", "Номенклатура", "Сумма"], 0),
            ([dt.datetime(2026, 8, 1), "ООО Альфа", None, 300], 0),  # the client's total, dated
            ([dt.datetime(2026, 8, 1), "ООО Альфа", "Чай", 100], 1),
            ([dt.datetime(2026, 8, 2), "ООО Альфа", "Кофе", 200], 1),
        ],
    )
    export = read_export(path)
    assert export.frame["amount"].tolist() == [100.0, 200.0]


@pytest.mark.parametrize(
    "period",
    [
        ["Период:", dt.datetime(2026, 8, 1), dt.datetime(2026, 10, 31)],  # Excel dates
        ["Период:", "01.08.2026", "31.10.2026"],
        ["Period:", "2026-08", "2026-10"],
    ],
)
def test_a_title_line_of_a_label_and_its_dates_is_no_month_header(period):
    """A title whose period is laid out across cells («Период: | 01.08.2026 | 31.10.2026») was taken
    for a table by month: the build stopped with «not a number: 'Контрагент'». The lines below
    are read: Альфа 2 × 1 000 a month, Бета 2 × 500."""
    rows = [["Продажи"], period, [], ["Дата", "Контрагент", "Сумма"]]
    for month in (8, 9, 10):
        for day in (5, 28):
            rows += [
                [f"{day:02d}.{month:02d}.2026", "ООО Альфа", 1000],
                [f"{day:02d}.{month:02d}.2026", "ООО Бета", 500],
            ]
    export = read_rows(SheetRows("Продажи.xlsx", "TDSheet", rows))
    assert export.layout == "long" and export.header_row == 4  # counted from 1, as Excel does
    assert export.frame.groupby("client")["amount"].sum().to_dict() == {"ООО Альфа": 6000, "ООО Бета": 3000}


def test_a_title_line_of_a_label_and_its_dates_is_no_month_header_on_both_paths(tmp_path):
    from reading_paths import read_both_ways

    lines = [f"{day:02d}.{month:02d}.2026;{client};{amount}" for month in (8, 9, 10) for day in (5, 28)
             for client, amount in (("ООО Альфа", 1000), ("ООО Бета", 500))]  # fmt: skip
    export = tmp_path / "Продажи.csv"
    export.write_text(
        "\n".join(["Продажи", "Период:;01.08.2026;31.10.2026", "", "Дата;Контрагент;Сумма", *lines]) + "\n"
    )
    for kind, frame, *_ in read_both_ways(export):
        assert kind == "lines", frame
        assert frame.groupby("client")["amount"].sum().to_dict() == {"ООО Альфа": 6000, "ООО Бета": 3000}
