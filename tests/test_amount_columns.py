"""Which column is the sales amount, when an export has several sums.

1C's reports put the cost, the VAT, a discount, a payment, the returns or a currency's amount
beside the sales, under names that all contain `Сумма`. Before, the first of them (document
lines; a month written over its columns without merging) or the last (a month merged across
them) was read as the revenue. The fixture, by hand: ИП Иванов sells 1500 over August–October
(500 a month), ООО Ромашка 600 (200); every other sum is a tenth of the sales.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from keyclients_xl.read import read_exports
from keyclients_xl.read.headers import names_other_sums, normalise

MONTHS = ["Август 2026", "Сентябрь 2026", "Октябрь 2026"]
SALES = {"ИП Иванов": [400, 500, 600], "ООО Ромашка": [100, 200, 300]}
AVERAGES = {"ИП Иванов": 500.0, "ООО Ромашка": 200.0}


def xlsx(path: Path, rows: list[list], merged: list[str] = ()) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for ref in merged:
        sheet.merge_cells(ref)
    book.save(path)
    return path


def averages(path: Path) -> dict[str, float]:
    frame = read_exports([path]).frame
    return (frame.groupby("client")["amount"].sum() / 3).round(6).to_dict()


@pytest.mark.parametrize(
    "other, sales",
    [
        ("Сумма себестоимости", "Сумма выручки"),
        ("Сумма (вал.)", "Сумма (руб.)"),
        ("Сумма НДС", "Сумма"),
        ("В т. ч. НДС", "Сумма"),
        ("Сумма скидки", "Сумма"),
        ("Сумма оплаты", "Сумма"),
        ("Сумма предоплаты", "Сумма продажи"),  # returns are subtracted: test_returns_and_marks.py
        ("Cost amount", "Amount"),
        ("Сумма", "Сумма с учетом скидки"),  # the sum before the discount, then what the client pays
        ("Сумма", "Сумма со скидкой"),
        ("Gross", "Net"),
        ("Unit Price", "Extended Price"),
        ("Net weight", "Amount after discount"),
    ],
)
def test_document_lines_read_the_sales_not_the_other_sum_before_it(tmp_path, other, sales):
    rows = [["Дата", "Контрагент", other, sales]]
    for client, amounts in SALES.items():
        for month, amount in zip((8, 9, 10), amounts, strict=True):
            rows.append([dt.datetime(2026, month, 10), client, amount / 10, amount])
    assert averages(xlsx(tmp_path / "Продажи.xlsx", rows)) == AVERAGES


@pytest.mark.parametrize("merged", [False, True])
@pytest.mark.parametrize(
    "first, second, sales_at",
    [
        ("Выручка", "Сумма НДС", 0),
        ("Сумма себестоимости", "Сумма выручки", 1),
        ("Сумма (руб.)", "Сумма (вал.)", 0),
        ("Сумма предоплаты", "Сумма продажи", 1),  # returns are subtracted: test_returns_and_marks.py
        ("План", "Факт", 1),
        ("Выручка", "Выручка без НДС", 1),  # without VAT, as 'Сумма без НДС' is preferred
        ("Количество", "Сумма", 1),
    ],
)
def test_months_over_two_sums_read_the_sales(tmp_path, first, second, sales_at, merged):
    """The month over two measures, merged across both (1C) or over the first only (a CSV): the
    sales column is read, whichever comes first."""
    header = ["Контрагент"] + [cell for month in MONTHS for cell in (month, None)]
    rows = [["Продажи по месяцам"], [], header, [None] + [first, second] * 3]
    for client, amounts in SALES.items():
        pairs = [(a, a / 10) if sales_at == 0 else (a / 10, a) for a in amounts]
        rows.append([client] + [value for pair in pairs for value in pair])
    merges = [f"{c1}3:{c2}3" for c1, c2 in (("B", "C"), ("D", "E"), ("F", "G"))] if merged else []
    assert averages(xlsx(tmp_path / "По месяцам.xlsx", rows, merges)) == AVERAGES


def test_sums_that_are_not_the_sales_are_told_by_their_names():
    others = ["Сумма себестоимости", "Сумма НДС", "в т.ч. НДС", "Сумма скидки", "Сумма (вал.)", "Сумма в валюте"]
    others += ["Сумма возврата", "Сумма оплаты", "Валовая прибыль", "Наценка", "Cost", "VAT", "Discount amount"]
    others += ["Net weight", "Вес", "Сумма скидки", "Discount"]
    sales = ["Сумма", "Сумма с НДС", "Сумма без НДС", "Выручка", "Сумма (руб.)", "Стоимость", "Sales incl VAT"]
    sales += ["Сумма с учетом скидки", "Сумма со скидкой", "Сумма после скидок", "Amount after discount", "Net"]
    assert [h for h in others if not names_other_sums(normalise(h))] == []
    assert [h for h in sales if names_other_sums(normalise(h))] == []


@pytest.mark.parametrize(
    "header, line",
    [
        ("Дата;Контрагент;Количество;Цена;Сумма;Сумма скидки;Сумма с учетом скидки", "{q};10,00;{g};{d};{n}"),
        ("Дата;Контрагент;Количество;Цена;Скидка;Сумма со скидкой", "{q};10,00;{p};{n}"),
    ],
)
def test_the_sum_after_the_discount_is_the_sales(tmp_path, header, line):
    """The probe's files: 'Сумма с учетом скидки' was taken for the discount's own sum ('скидк'),
    so the gross 'Сумма' (or quantity × price) was ranked: Альфа (1 000 before its 50 % off) came
    first, where Бета pays 800 a month and Альфа 500."""
    from reading_paths import read_both_ways

    rows = []
    for month in (8, 9, 10):
        rows.append(f"05.{month:02d}.2026;ООО Альфа;" + line.format(q=100, g="1000,00", d="500,00", p=50, n="500,00"))
        rows.append(f"05.{month:02d}.2026;ООО Бета;" + line.format(q=80, g="800,00", d="0,00", p=0, n="800,00"))
    export = tmp_path / "Продажи.csv"
    export.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    for kind, lines, _notes in read_both_ways(export):
        assert kind == "lines"
        assert lines.groupby("client")["amount"].sum().to_dict() == {"ООО Альфа": 1500.0, "ООО Бета": 2400.0}


@pytest.mark.parametrize(
    ("text", "unit_line", "factor"),
    [
        ("Дата;Контрагент;Сумма, тыс. руб.\n", None, 1000.0),  # the amount's own header
        ("Продажи\nЕдиница: тыс. руб.\n\nДата;Контрагент;Сумма\n", "Единица: тыс. руб.", 1000.0),  # the title
        ("Дата;Контрагент;Количество, тыс. шт.;Сумма\n", None, 1.0),  # thousands of pieces: no money
        ("Date;Customer;Sales (000)\n", None, 1000.0),
        ("Дата;Контрагент;Выручка, млн руб.\n", None, 1e6),
        # a filter or a threshold names an amount in thousands, not the report's unit
        ("Продажи\nОтбор: Сумма Больше 1 000 тыс. руб.\n\nДата;Контрагент;Сумма\n", None, 1.0),
        ("Продажи\nКлиенты с выручкой от 5 млн руб.\n\nДата;Контрагент;Сумма\n", None, 1.0),
        ("Sales\nFilter: Amount > 1,000 (000)\n\nDate;Customer;Amount\n", None, 1.0),
    ],
)
def test_money_in_thousands_is_read_in_roubles_on_both_paths(tmp_path, text, unit_line, factor):
    """A report in «тыс. руб.» beside a receivables file in roubles made a debt of 100 000 ₽ into
    1 013 days of sales (the probe's pair): its money is now turned into roubles, with a note."""
    from reading_paths import read_both_ways

    columns = text.strip().splitlines()[-1].split(";")
    body = [";".join(["01.08.2026", "ООО Альфа", *(["5"] if len(columns) == 4 else []), "3,5"]),
            ";".join(["02.08.2026", "ООО Бета", *(["5"] if len(columns) == 4 else []), "2"])]  # fmt: skip
    export = tmp_path / "Продажи.csv"
    export.write_text(text + "\n".join(body) + "\n", encoding="utf-8")
    shown = unit_line or columns[-1]
    expected = [] if factor == 1.0 else [
        f"'Продажи.csv': money in thousands or millions ('{shown}'): {columns[-1]} turned into roubles "
        f"(×{factor:,.0f}): sales, receivables and thresholds all count in roubles."
    ]  # fmt: skip
    for kind, lines, notes in read_both_ways(export):
        assert kind == "lines"
        assert lines["amount"].tolist() == [3.5 * factor, 2 * factor]
        assert [note for note in notes if "turned into roubles" in note] == expected


def test_a_table_by_month_in_thousands_is_read_in_roubles(tmp_path):
    rows = [[None, "Продажи по клиентам"], [None, "Сумма, тыс. руб."], [], [None, "Контрагент", *MONTHS]]
    rows += [[None, client, *amounts] for client, amounts in SALES.items()]
    export = read_exports([xlsx(tmp_path / "Продажи.xlsx", rows)])
    assert (export.frame.groupby("client")["amount"].sum() / 3).to_dict() == {
        "ИП Иванов": 500_000.0,
        "ООО Ромашка": 200_000.0,
    }
    assert [n.text("ru") for n in export.notes if n.key == "note.money_unit_months"] == [
        "«Продажи.xlsx»: суммы по месяцам в тысячах или миллионах («Сумма, тыс. руб.»): "
        "пересчитаны в рубли (×1\xa0000): продажи, дебиторка и пороги считаются в одних рублях."
    ]
