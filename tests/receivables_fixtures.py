"""Generated receivables exports, one per layout 1C (and others) produce, written with openpyxl.

Each function writes one file and returns its path; the values are chosen so that tests can
check the parsed result by hand (see tests/test_receivables.py). Run as a script to write
them all into a folder and look at them:  python tests/receivables_fixtures.py OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook

AS_OF = "31.10.2026"


def _sheet(book: Workbook, title: str = "TDSheet"):
    sheet = book.active
    sheet.title = title
    return sheet


def _rows(sheet, first_row: int, rows: list[tuple[list, int]]) -> None:
    """Write rows from `first_row` on, data from column B, each with its outline level."""
    for offset, (values, level) in enumerate(rows):
        row = first_row + offset
        for col, value in enumerate(values, start=2):
            if value is not None:
                sheet.cell(row, col, value)
        if level:
            sheet.row_dimensions[row].outline_level = level


def settlements_statement(path: Path) -> Path:
    """«Ведомость по взаиморасчетам с контрагентами»: title block, «Сумма взаиморасчетов» over four
    balance columns, Контрагент (Иерархия) groups with subtotals as outline levels, a total row.

    Clients (closing balance = debt): ООО "Альфа" 150 000, ООО «Бета» 10 000, ИП ГАММА 40 000,
    АО Омега 5 000, ООО Эпсилон −2 500 (an advance). Groups: Покупатели, Москва.
    """
    book = Workbook()
    sheet = _sheet(book)
    title = [
        "Ведомость по взаиморасчетам с контрагентами",
        f"Период: 01.10.2026 - {AS_OF}",
        "Показатели: Сумма взаиморасчетов",
        "Группировки строк: Контрагент (Иерархия)",
        'Отбор: Организация Равно "ООО Поставщик"',
    ]
    for row, text in enumerate(title, start=1):
        sheet.cell(row, 2, text)
    sheet.cell(7, 2, "Контрагент")
    sheet.merge_cells("B7:B8")
    sheet.cell(7, 3, "Сумма взаиморасчетов")
    sheet.merge_cells("C7:F7")
    for col, text in enumerate(["Нач. остаток", "Приход", "Расход", "Кон. остаток"], start=3):
        sheet.cell(8, col, text)
    _rows(
        sheet,
        9,
        [
            (["Покупатели", 150_000, 300_000, 247_500, 202_500], 0),
            (["Москва", 120_000, 250_000, 210_000, 160_000], 1),
            (['ООО "Альфа"', "100 000,00", "200 000,00", "150 000,00", "150 000,00"], 2),
            (["ООО «Бета»", 20_000, 50_000, 60_000, 10_000], 2),
            (["ИП ГАММА", 30_000, 50_000, 40_000, "40 000,00"], 1),
            (["АО Омега", None, "5 000,00", None, "5 000,00"], 1),
            (["ООО Эпсилон", None, None, "2 500,00", "-2 500,00"], 1),
            (["Итого", 150_000, 305_000, 252_500, 202_500], 0),
        ],
    )
    book.save(path)
    return path


def aging_by_documents(path: Path) -> Path:
    """«Задолженность покупателей по срокам долга»: Покупатель / Договор / Документ stacked in one
    column (outline levels 0/1/2), the debt, its overdue part, and «Просрочено, дней» over
    «1-30 | 31-60 | 61-90 | свыше 90», headers merged across three rows.

    Documents: Альфа 50 000 (overdue, 31-60), 20 000 (overdue, 1-30), 50 000 (not yet due);
    Гамма 30 000 (overdue, over 90); Омега 5 000 (overdue, 61-90).
    """
    book = Workbook()
    sheet = _sheet(book)
    sheet.cell(1, 2, f"Задолженность покупателей по срокам долга на {AS_OF}")
    sheet.cell(2, 2, "Организация: ООО Поставщик")
    for row, text in enumerate(["Покупатель", "Договор", "Документ"], start=4):
        sheet.cell(row, 2, text)
    sheet.cell(4, 3, "Сумма долга")
    sheet.merge_cells("C4:C6")
    sheet.cell(4, 4, "В т.ч. просроченная")
    sheet.merge_cells("D4:D6")
    sheet.cell(4, 5, "Просрочено, дней")
    sheet.merge_cells("E4:H4")
    for col, text in enumerate(["1-30", "31-60", "61-90", "свыше 90"], start=5):
        sheet.cell(5, col, text)
        letter = "EFGH"[col - 5]
        sheet.merge_cells(f"{letter}5:{letter}6")
    _rows(
        sheet,
        7,
        [
            (['ООО "Альфа"', 120_000, 70_000, 20_000, 50_000, None, None], 0),
            (["Договор поставки № 12 от 10.01.2026", 120_000, 70_000, 20_000, 50_000, None, None], 1),
            (["Реализация товаров и услуг 00000000123 от 15.08.2026", "50 000,00", "50 000,00", None, "50 000,00"], 2),
            (["Реализация товаров и услуг 00000000150 от 20.09.2026", 20_000, 20_000, 20_000], 2),
            (["Реализация товаров и услуг 00000000171 от 25.10.2026", 50_000], 2),
            (["ИП Гамма", 30_000, 30_000, None, None, None, 30_000], 0),
            (["Основной договор", 30_000, 30_000, None, None, None, 30_000], 1),
            (["Реализация товаров и услуг 00000000031 от 01.06.2026", 30_000, 30_000, None, None, None, 30_000], 2),
            (["АО Омега", 5_000, 5_000, None, None, 5_000], 0),
            (["Основной договор", 5_000, 5_000, None, None, 5_000], 1),
            (["Корректировка долга 00000000002 от 15.08.2026", 5_000, 5_000, None, None, 5_000], 2),
            (["Итого", 155_000, 105_000, 20_000, 50_000, 5_000, 30_000], 0),
        ],
    )
    book.save(path)
    return path


def debts_with_due_dates(path: Path) -> Path:
    """«Задолженность клиентов», flat: Клиент | Документ | Срок оплаты | Долг клиента | Просрочено,
    no outline; the client's subtotal row above its documents, a client on its document's own row,
    a header repeated after a page break, a total.

    Documents: Альфа 50 000 due 14.09.2026 (overdue), 20 000 due 24.11.2026; Гамма 30 000 due
    01.07.2026; Омега 5 000 due 15.08.2026.
    """
    book = Workbook()
    sheet = _sheet(book, "Задолженность")
    sheet.cell(1, 2, "Задолженность клиентов")
    sheet.cell(2, 2, f"Параметры: На дату: {AS_OF}")
    header = ["Клиент", "Документ", "Срок оплаты", "Долг клиента", "Просрочено"]
    _rows(
        sheet,
        4,
        [
            (header, 0),
            (['ООО "Альфа"', None, None, "70 000,00", "50 000,00"], 0),
            ([None, "Реализация 123 от 15.08.2026", "14.09.2026 0:00:00", "50 000,00", "50 000,00"], 0),
            ([None, "Реализация 171 от 25.10.2026", "24.11.2026 0:00:00", "20 000,00", None], 0),
            (["ИП Гамма", "Реализация 31 от 01.06.2026", "01.07.2026", "30\u00a0000,00", "30\u00a0000,00"], 0),
            (header, 0),
            (["АО Омега", "Корректировка 2 от 15.08.2026", "15.08.2026", 5_000, 5_000], 0),
            (["Итого", None, None, "105 000,00", "85 000,00"], 0),
        ],
    )
    book.save(path)
    return path


def aging_csv_english(path: Path) -> Path:
    """An English aging list as CSV (';', decimal commas): Customer | Balance | Overdue | Days overdue."""
    lines = [
        "Customer;Balance;Overdue;Days overdue",
        'Alpha LLC;"1 234,56";"1 000,00";45',
        "Beta Inc;500;0;0",
        'Total;"1 734,56";"1 000,00";',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


LAYOUTS = {
    "Ведомость по взаиморасчетам с контрагентами.xlsx": settlements_statement,
    "Задолженность покупателей по срокам долга.xlsx": aging_by_documents,
    "Задолженность клиентов.xlsx": debts_with_due_dates,
    "aging.csv": aging_csv_english,
}


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [make(folder / name) for name, make in LAYOUTS.items()]


if __name__ == "__main__":
    for written in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "receivables_fixtures")):
        print(written)
