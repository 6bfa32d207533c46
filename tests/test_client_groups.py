"""1C's by-month sales report grouped by client, then by product (read/hierarchy.py).

Each client row holds its products' subtotals and its products sit under it, in one column
headed `Контрагент` over `Номенклатура`. Read as a flat list, the products were ranked as
clients: with Excel's outline the client rows were dropped as groups and only products were
left; without one, clients and products were both ranked and every amount counted twice.

The fixture, by hand (August, September, October 2026):
- ООО Альфа: Чай 100, 200, 300 and Кофе 50, 50, 50 → 150, 250, 350 → average 250;
- ИП Бета: Сахар 400, —, 200 → average 200;
- ООО Гамма: Чай 10, 20, 30, Кофе 5, 5, 5, Сахар 1, 1, 1 → 16, 26, 36 → average 26.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from sheets import outlined_workbook

from keyclients_xl import build
from keyclients_xl.read import read_exports
from keyclients_xl.read.hierarchy import depths_from_subtotals

MONTHS = ["Август 2026", "Сентябрь 2026", "Октябрь 2026"]
# (label, August, September, October, outline level: client 1, product 2)
CLIENTS = [
    ("ООО Альфа", 150, 250, 350, 1),
    ("Чай", 100, 200, 300, 2),
    ("Кофе", 50, 50, 50, 2),
    ("ИП Бета", 400, None, 200, 1),
    ("Сахар", 400, None, 200, 2),
    ("ООО Гамма", 16, 26, 36, 1),
    ("Чай", 10, 20, 30, 2),
    ("Кофе", 5, 5, 5, 2),
    ("Сахар", 1, 1, 1, 2),
]
AVERAGES = {"ООО Альфа": 250.0, "ИП Бета": 200.0, "ООО Гамма": 26.0}
BOUGHT = {  # the window's amount of each product per client
    ("ООО Альфа", "Кофе"): 150.0,
    ("ООО Альфа", "Чай"): 600.0,
    ("ИП Бета", "Сахар"): 600.0,
    ("ООО Гамма", "Кофе"): 15.0,
    ("ООО Гамма", "Сахар"): 3.0,
    ("ООО Гамма", "Чай"): 60.0,
}
TITLE = [["Анализ продаж"], ["Период: 01.08.2026 - 31.10.2026"], ["Показатели: Сумма"]]
TOTAL = ("Итого", 566, 276, 586, 0)


def rows(*, stacked=True, subtotals=True, folder=False, grouping_title=False):
    """The report as (cells, outline level) rows."""
    title = [(row, 0) for row in TITLE]
    if grouping_title:
        title.append((["Группировки строк: Контрагент, Номенклатура"], 0))
    header = [(["Контрагент", *MONTHS], 0)] + ([(["Номенклатура"], 0)] if stacked else [])
    body = []
    if folder:  # 1C's «Контрагент (Иерархия)»: a folder of clients above them, one level up
        body.append((["Покупатели", 566, 276, 586], 1))
    for label, *amounts, level in CLIENTS:
        if level == 1 and not subtotals:
            amounts = [None, None, None]
        body.append(([label, *amounts], level + folder))
    return title + [([], 0)] + header + body + [(list(TOTAL[:4]), 0)]


def xlsx(path: Path, report_rows) -> Path:  # named so: the tests take a file's suffix from it
    return outlined_workbook(path, report_rows)


def csv(path: Path, report_rows) -> Path:
    lines = [";".join("" if c is None else str(c) for c in cells) for cells, _ in report_rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def averages(shipments) -> dict[str, float]:
    monthly = shipments.frame.groupby("client")["amount"].sum() / 3
    return monthly.round(6).to_dict()


def bought(shipments) -> dict[tuple[str, str], float]:
    frame = shipments.frame.astype({"sku": object})
    return frame.groupby(["client", "sku"])["amount"].sum().to_dict()


def note_text(shipments, key="note.client_groups") -> str:
    return next(note.text("ru") for note in shipments.notes if note.key == key)


@pytest.mark.parametrize(
    "name, make, report",
    [
        ("outline", xlsx, rows()),
        ("outline, a folder of clients above", xlsx, rows(folder=True)),
        ("outline, groupings named by the title only", xlsx, rows(stacked=False, grouping_title=True)),
        ("no outline: client rows hold their subtotals", csv, rows()),
        ("no outline, no group totals", csv, rows(subtotals=False)),
        ("no outline, .xlsx saved without groups", xlsx, [(cells, 0) for cells, _ in rows()]),
    ],
)
def test_each_product_row_counts_for_the_client_above_it(tmp_path, name, make, report):
    path = make(tmp_path / f"Анализ продаж.{make.__name__}", report)
    shipments = read_exports([path])
    assert averages(shipments) == AVERAGES, name
    assert bought(shipments) == BOUGHT, name
    said = note_text(shipments)
    assert said.startswith(f"«{path.name}»: в столбце «Контрагент» под каждым клиентом — его строки «Номенклатура»")
    assert "3 клиента сложены из 6 строк" in said, said


def with_measures(report_rows):
    """The same report with a quantity and an amount under each month, the month written over the
    first of its two columns only (not merged, as a CSV has it): 'Август 2026 | | Сентябрь 2026 |'."""
    out = []
    for cells, level in report_rows:
        if cells[1:4] == MONTHS:
            out.append(([cells[0], MONTHS[0], None, MONTHS[1], None, MONTHS[2], None], level))
        elif cells[:1] == ["Номенклатура"]:
            out.append((["Номенклатура", *["Количество", "Сумма"] * 3], level))
        elif len(cells) == 4 and cells[0] not in ("Анализ продаж",):
            label, *amounts = cells
            out.append(([label, *(x for a in amounts for x in (None if a is None else 1, a))], level))
        else:
            out.append((cells, level))
    return out


@pytest.mark.parametrize("make", [xlsx, csv])
def test_months_over_quantity_and_amount_read_the_amounts_under_each_client(tmp_path, make):
    """The measures' row ('Номенклатура | Количество | Сумма | …') sits between the months and the
    data: the amounts are read (not the first column under each month), and the nesting too."""
    report = with_measures(rows() if make is xlsx else [(cells, 0) for cells, _ in rows()])
    shipments = read_exports([make(tmp_path / f"Анализ продаж.{make.__name__}", report)])
    assert averages(shipments) == AVERAGES
    assert bought(shipments) == BOUGHT


def test_a_flat_list_with_months_over_quantity_and_amount_reads_the_amounts(tmp_path):
    """Before, the months' own columns (the quantities) were read, and the measures' row failed
    as a number: 'not a number: Количество'."""
    report = [(row, 0) for row in TITLE] + [
        (["Контрагент", MONTHS[0], None, MONTHS[1], None, MONTHS[2], None], 0),
        ([None, "Количество", "Сумма", "Количество", "Сумма", "Количество", "Сумма"], 0),
        (["ООО Альфа", 3, 150, 5, 250, 7, 350], 0),
        (["ИП Бета", 8, 400, None, None, 4, 200], 0),
    ]
    shipments = read_exports([csv(tmp_path / "с количеством.csv", report)])
    assert averages(shipments) == {"ООО Альфа": 250.0, "ИП Бета": 200.0}


DOCUMENT_LINES = [  # (client, its lines: label, date, amount), by hand: Альфа 300, Бета 1000
    ("ООО Альфа", [("Реализация товаров и услуг 00УТ-000123 от 15.08.2026", "15.08.2026", 100),
                   ("Реализация товаров и услуг 00УТ-000200 от 10.09.2026", "10.09.2026", 200)]),
    ("ИП Бета", [("Реализация товаров и услуг 00УТ-000124 от 16.08.2026", "16.08.2026", 1000)]),
]  # fmt: skip


@pytest.mark.parametrize("outline", [True, False])
@pytest.mark.parametrize("stacked", ["Документ", "Номенклатура", None])
def test_document_lines_under_their_client_in_one_column_count_for_it(tmp_path, outline, stacked):
    """'Контрагент' over 'Документ' (or 'Номенклатура') in one column of dated lines: each line
    was its own 'client' (a document's or a product's name), and the clients were gone. The
    client rows carry no date (their subtotals are dropped as before); a stacked header says what
    is under them, and without one, documents' names say it themselves."""
    report = [(row, 0) for row in TITLE] + [(["Контрагент", "Дата", "Сумма"], 0)]
    if stacked:
        report.append(([stacked], 0))
    for client, lines in DOCUMENT_LINES:
        report.append(([client, None, sum(amount for *_, amount in lines)], 0))
        for label, day, amount in lines:
            label = label if stacked != "Номенклатура" else ("Чай" if amount < 500 else "Сахар")
            report.append(([label, day, amount], 1 if outline else 0))
    report.append((["Итого", None, 1300], 0))
    shipments = read_exports([xlsx(tmp_path / "по документам.xlsx", report)])
    assert shipments.frame.groupby("client")["amount"].sum().to_dict() == {"ООО Альфа": 300.0, "ИП Бета": 1000.0}
    said = note_text(shipments)
    assert f"его строки «{stacked or 'Документ'}»: 2 клиента сложены из 3 строк" in said, said
    if stacked == "Номенклатура":
        assert bought(shipments) == {("ООО Альфа", "Чай"): 300.0, ("ИП Бета", "Сахар"): 1000.0}


def test_the_built_report_ranks_the_clients_and_sees_their_products(tmp_path):
    """The whole build: three clients ranked by their averages, none of the products among them."""
    path = xlsx(tmp_path / "Анализ продаж.xlsx", rows())
    result = build(tmp_path / "report.xlsx", [path], today=dt.date(2026, 11, 20))
    ranked = result.analysis.table[["client", "average"]].values.tolist()
    assert ranked == [["ООО Альфа", 250.0], ["ИП Бета", 200.0], ["ООО Гамма", 26.0]]


def test_a_manager_over_clients_without_an_outline_drops_the_managers_subtotals(tmp_path):
    """`Менеджер` over `Контрагент`: the clients are the inner rows; a manager's row holds their
    sum. With an outline this was right already (group rows); without one, the managers were
    ranked as clients and every amount counted twice."""
    report = [(row, 0) for row in TITLE] + [
        (["Менеджер", *MONTHS], 0),
        (["Контрагент"], 0),
        (["Иванов И.И.", 550, 250, 550], 0),
        (["ООО Альфа", 150, 250, 350], 0),
        (["ИП Бета", 400, None, 200], 0),
        (["Петров П.П.", 16, 26, 36], 0),
        (["ООО Гамма", 16, 26, 36], 0),
        (["Итого", 566, 276, 586], 0),
    ]
    shipments = read_exports([csv(tmp_path / "по менеджерам.csv", report)])
    assert averages(shipments) == AVERAGES
    assert not any(note.key == "note.client_groups" for note in shipments.notes)
    noise = next(note for note in shipments.notes if note.key == "note.noise_rows").params
    assert (noise["totals"], noise["groups"]) == (1, 3)  # two managers' rows and the stacked header's


def test_a_report_in_thousands_rounds_every_cell_and_still_nests(tmp_path):
    """'тыс. руб.' with one decimal: 1C rounds each cell, so ООО Альфа's 2,1 heads 1,0 and 1,0
    (1,04 each). The sums match within half a unit per row; the products are what is counted:
    Альфа 1,0 + 1,0, 2,0 + 2,0, 3,0 + 3,0 → 12,0 / 3 = 4,0; Бета 10,0 + 0,0 + 5,0 → 5,0, in
    thousands: 4 000 and 5 000 roubles."""
    report = [(["Анализ продаж, тыс. руб."], 0), (["Период: 01.08.2026 - 31.10.2026"], 0)] + [
        (["Контрагент", *MONTHS], 0),
        (["Номенклатура"], 0),
        (["ООО Альфа", "2,1", "4,1", "6,1"], 0),
        (["Молоко", "1,0", "2,0", "3,0"], 0),
        (["Хлеб", "1,0", "2,0", "3,0"], 0),
        (["ИП Бета", "10,0", "0,0", "5,0"], 0),
        (["Сыр", "10,0", "0,0", "5,0"], 0),
    ]
    shipments = read_exports([csv(tmp_path / "в тысячах.csv", report)])
    assert averages(shipments) == {"ООО Альфа": 4000.0, "ИП Бета": 5000.0}


def test_the_title_names_the_nesting_and_the_sums_prove_it_without_an_outline(tmp_path):
    """No stacked header, no outline: 'Группировки строк: Контрагент, Номенклатура' and client
    rows that hold their products' sums exactly."""
    report = rows(stacked=False, grouping_title=True)
    shipments = read_exports([csv(tmp_path / "Анализ продаж.csv", [(cells, 0) for cells, _ in report])])
    assert averages(shipments) == AVERAGES and bought(shipments) == BOUGHT


def test_contracts_under_each_client_count_for_it(tmp_path):
    """`Контрагент` over `Договор`, no outline: the contracts' rows are the client's, and no
    contract is ranked as a client (no SKU either: a contract is none)."""
    report = [(row, 0) for row in TITLE] + [
        (["Контрагент", *MONTHS], 0),
        (["Договор"], 0),
        (["ООО Альфа", 150, 250, 350], 0),
        (["Основной договор", 100, 200, 300], 0),
        (["Договор № 7 от 01.02.2026", 50, 50, 50], 0),
        (["ИП Бета", 400, None, 200], 0),
        (["Основной договор", 400, None, 200], 0),
    ]
    shipments = read_exports([csv(tmp_path / "по договорам.csv", report)])
    assert averages(shipments) == {"ООО Альфа": 250.0, "ИП Бета": 200.0}
    assert "sku" not in shipments.frame or shipments.frame["sku"].isna().all()
    assert "его строки «Договор»: 2 клиента сложены из 3 строк" in note_text(shipments)


def side_by_side(*, outline: bool, subtotals: bool, repeat_name: bool = False):
    """The report with the client and the product in columns of their own, each on its own rows
    (1C's groupings laid out side by side): `Контрагент | Номенклатура | months`."""
    report = [(row, 0) for row in TITLE] + [(["Контрагент", "Номенклатура", *MONTHS], 0)]
    current = None
    for label, *amounts, level in CLIENTS:
        if level == 1:
            current = label
            cells = [label, None, *(amounts if subtotals else [None] * 3)]
        else:
            cells = [current if repeat_name else None, label, *amounts]
        report.append((cells, level if outline else 0))
    return report + [(["Итого", None, *TOTAL[1:4]], 0)]


@pytest.mark.parametrize(
    "outline, subtotals, repeat_name",
    [(True, True, False), (True, False, False), (False, True, False), (False, False, False), (False, True, True)],
)
def test_the_client_and_its_products_side_by_side_count_once(tmp_path, outline, subtotals, repeat_name):
    """Before: with the outline the client rows were dropped as groups and the products had no
    client ('not one shipment line'); without group totals the same; with the client's name
    repeated on its products, the client's subtotal row counted again (double)."""
    report = side_by_side(outline=outline, subtotals=subtotals, repeat_name=repeat_name)
    shipments = read_exports([xlsx(tmp_path / "Анализ продаж.xlsx", report)])
    assert averages(shipments) == AVERAGES
    assert bought(shipments) == BOUGHT
    assert "3 клиента сложены из 6 строк" in note_text(shipments)


def test_a_client_row_without_a_product_that_is_no_subtotal_keeps_its_amounts(tmp_path):
    """The client's name again on its products, and its own row without a product (a service,
    delivery) whose amounts are not their sum: its own amounts, counted with theirs."""
    report = [(row, 0) for row in TITLE] + [
        (["Контрагент", "Номенклатура", *MONTHS], 0),
        (["ООО Альфа", None, 30, 30, 30], 0),
        (["ООО Альфа", "Чай", 100, 200, 300], 0),
        (["ИП Бета", "Сахар", 400, None, 200], 0),
    ]
    shipments = read_exports([xlsx(tmp_path / "с услугой.xlsx", report)])
    assert averages(shipments) == {"ООО Альфа": 230.0, "ИП Бета": 200.0}


@pytest.mark.parametrize("outline", [True, False])
def test_a_client_header_merged_over_the_measures_row_is_no_grouping(tmp_path, outline):
    """'Контрагент' merged down over the measures' row reads as 'Контрагент' twice: that is no
    client over clients. Before the fix every client went into the first (an empty one), or into a
    folder row of the outline."""
    first = ["Покупатели", None, 1500, None, 600] if outline else ["ООО Пусто", None, None, None, None]
    report = [
        (["Контрагент", MONTHS[0], None, MONTHS[1], None], 0),
        ([None, "Количество", "Сумма", "Количество", "Сумма"], 0),
        (first, 0),
        (["ООО Альфа", 1, 1000, 1, 500], 1 if outline else 0),
        (["ИП Бета", 1, 500, 1, 100], 1 if outline else 0),
    ]
    path = xlsx(tmp_path / "по месяцам.xlsx", report)
    book = load_workbook(path)
    book.active.merge_cells("A1:A2")
    book.save(path)
    frame = read_exports([path]).frame
    assert (frame.groupby("client")["amount"].sum() / 2).to_dict() == {"ООО Альфа": 750.0, "ИП Бета": 300.0}


def test_a_client_row_with_amounts_of_its_own_keeps_them_and_the_rows_after_it_are_not_its(tmp_path):
    """Side by side, a client's row whose amounts are not the sum of the rows after it (which
    have no client name: '<Не указан>', retail) is a row of its own, and those rows name no
    client, as before."""
    report = [(row, 0) for row in TITLE] + [
        (["Контрагент", "Номенклатура", *MONTHS], 0),
        (["ООО Альфа", None, 150, 250, 350], 0),
        (["ООО Альфа", "Чай", 100, 200, 300], 0),
        (["ООО Альфа", "Кофе", 50, 50, 50], 0),
        (["ИП Бета", None, 10, 10, 10], 0),  # a service of its own
        (["<Не указан>", "Сахар", 400, 400, 400], 0),
    ]
    shipments = read_exports([xlsx(tmp_path / "с розницей.xlsx", report)])
    assert averages(shipments) == {"ООО Альфа": 250.0, "ИП Бета": 10.0}


def test_a_flat_table_with_one_row_lacking_its_contract_is_read_flat(tmp_path):
    """'Контрагент | Договор': ООО Альфа's row without a contract equals its next row by chance;
    the other clients' rows have no client row above them, so this is no grouped report."""
    report = [
        (["Контрагент", "Договор", MONTHS[1], MONTHS[2]], 0),
        (["ООО Альфа", None, None, 50000], 0),
        (["ООО Альфа", "Договор поставки №12", None, 50000], 0),
        (["ООО Бета", "Основной договор", 10000, 20000], 0),
        (["ООО Гамма", "Основной договор", 3000, 7000], 0),
    ]
    frame = read_exports([xlsx(tmp_path / "по договорам.xlsx", report)]).frame
    sums = frame.groupby("client")["amount"].sum().to_dict()
    assert sums == {"ООО Альфа": 100000, "ООО Бета": 30000, "ООО Гамма": 10000}


@pytest.mark.parametrize("outline", [True, False])
def test_products_over_their_clients_rank_the_clients_and_say_nothing_of_products(tmp_path, outline):
    """`Номенклатура` over `Контрагент`: a client is under each product it bought. The clients
    are the inner rows, added up across products (as the note on repeated rows says); the note
    that products, not clients, are ranked (a table of products alone) was wrong here."""
    report = [(row, 0) for row in TITLE] + [
        (["Номенклатура", *MONTHS], 0),
        (["Контрагент"], 0),
        (["Чай", 110, 220, 330], 1),
        (["ООО Альфа", 100, 200, 300], 2),
        (["ООО Гамма", 10, 20, 30], 2),
        (["Кофе", 56, 56, 56], 1),
        (["ООО Альфа", 50, 50, 50], 2),
        (["ООО Гамма", 6, 6, 6], 2),
        (["Итого", 166, 276, 386], 0),
    ]
    if not outline:
        report = [(cells, 0) for cells, _ in report]
    shipments = read_exports([xlsx(tmp_path / "по товарам.xlsx", report)])
    assert averages(shipments) == {"ООО Альфа": 250.0, "ООО Гамма": 26.0}
    keys = {note.key for note in shipments.notes}
    assert "note.products_not_clients" not in keys and "note.wide_rows_summed" in keys


@pytest.mark.parametrize("title", [[], [["Группировки строк: Контрагент, Номенклатура"]]])
def test_a_plain_list_of_clients_is_read_as_before(tmp_path, title):
    """No stacked grouping: every row is a client, as always. Two rows whose sums happen to
    match change nothing, nor does a client without amounts above the others, even where the
    title names a product grouping (1C lists it so when the products have a column of their own)."""
    report = [(row, 0) for row in TITLE + title] + [
        (["Контрагент", *MONTHS], 0),
        (["ООО Без продаж", None, None, None], 0),
        (["ООО Альфа", 30, 30, 30], 0),
        (["ИП Бета", 10, 10, 10], 0),
        (["ООО Гамма", 20, 20, 20], 0),
    ]
    shipments = read_exports([csv(tmp_path / "плоский.csv", report)])
    assert averages(shipments) == {"ООО Альфа": 30.0, "ИП Бета": 10.0, "ООО Гамма": 20.0}


def test_subtotals_parse_to_the_cent_and_refuse_what_does_not_add_up():
    values = np.array([[3.0, 1.5], [1.0, 0.75], [2.0, 0.75], [5.0, 0.1], [5.0, 0.1]])
    assert depths_from_subtotals(values, np.arange(5)).tolist() == [0, 1, 1, 0, 1]
    values[4, 1] = 0.11  # a cent off: no client row holds the sum of the rows under it
    assert depths_from_subtotals(values, np.arange(5)) is None
    assert depths_from_subtotals(np.array([[3.0], [1.0], [2.0]]), np.arange(3)) is None  # one group: a total


def test_a_client_without_products_under_a_folder_is_a_client(tmp_path):
    """Outline: «Покупатели» over the clients over their products, and ООО Сервис with no product
    rows. It was taken for a product of the folder, and the folder ranked as a client."""
    report = [
        (["Контрагент", "Январь 2026", "Февраль 2026"], 0),
        (["Номенклатура"], 0),
        (["Покупатели", 530, 150], 0),
        (["ООО Альфа", 400, 120], 1),
        (["Труба", 300, 100], 2),
        (["Кран", 100, 20], 2),
        (["ООО Сервис", 50, 10], 1),
        (["ООО Бета", 80, 20], 1),
        (["Кран", 80, 20], 2),
    ]
    frame = read_exports([xlsx(tmp_path / "с папкой.xlsx", report)]).frame
    assert frame.groupby("client")["amount"].sum().to_dict() == {"ООО Альфа": 520, "ООО Бета": 100, "ООО Сервис": 60}


def test_a_clients_rows_may_add_up_early_and_go_on():
    """A product at 0 after the client's sum is reached, a return after the sales: the first end
    where the rows add up is not the last; the rest decides (it parses from the later end only)."""
    values = np.array([[100.0], [100.0], [0.0], [50.0], [60.0], [-10.0], [20.0], [20.0]])
    assert depths_from_subtotals(values, np.arange(8)).tolist() == [0, 1, 1, 0, 1, 1, 0, 1]
    values = np.array([[100.0], [150.0], [-50.0], [0.0], [50.0], [50.0]])
    assert depths_from_subtotals(values, np.arange(6)).tolist() == [0, 1, 1, 1, 0, 1]


def test_a_product_at_zero_in_a_report_in_thousands_keeps_the_nesting(tmp_path):
    """A small sale shows as 0,0 in 'тыс. руб.': before, the sums parsed to it and broke there, and
    every product was ranked as a client."""
    report = [(["Контрагент", *MONTHS], 0), (["Номенклатура"], 0)] + [
        (["ООО Альфа", "5,5", "5,0", "5,0"], 0),
        (["Труба", "5,5", "5,0", "5,0"], 0),
        (["Заглушка", "0,0", "0,0", "0,0"], 0),
        (["ИП Бета", "2,0", "2,1", "2,1"], 0),
        (["Кран", "2,0", "2,1", "2,1"], 0),
    ]
    shipments = read_exports([csv(tmp_path / "в тысячах.csv", report)])
    assert shipments.frame.groupby("client")["amount"].sum().round(6).to_dict() == {"ООО Альфа": 15.5, "ИП Бета": 6.2}
