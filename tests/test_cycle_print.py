"""The monthly-cycle sheets with content, printed by LibreOffice (xlsx → PDF, read back with poppler):
each prints on A4 landscape with its footer, nothing cut or overlapping, no number too wide."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from libreoffice import convert
from receivables_fixtures import debts_with_due_dates
from test_print import collisions, read_pdf

from keyclients_xl.demo import demo_shipments
from keyclients_xl.engine import write_report
from keyclients_xl.i18n import t

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

SHEETS = ("receivables", "changes", "history", "prospects", "receivables_input", "prospects_input")


@pytest.fixture(scope="module")
def cycle_build(tmp_path_factory):
    """The demo's sales with the receivables of a generated 1C file and three prospects, in both languages."""
    folder = tmp_path_factory.mktemp("cycle_print")
    debts = debts_with_due_dates(folder / "Задолженность клиентов.xlsx")
    results = {}
    for lang in ("ru", "en"):
        book = folder / f"{lang}.xlsx"
        write_report(book, demo_shipments(), lang=lang, today=dt.date(2026, 11, 27))
        workbook = openpyxl.load_workbook(book)
        sheet = workbook["Конкуренты (ввод)" if lang == "ru" else "Prospects (input)"]
        prospects = [
            ["ООО «ТД Гастроцентр»", "Конкурент-1", 900_000, "Иванов", "Встреча", dt.date(2026, 10, 20), "в работе"],
            ["ООО Новый Клиент", "Конкурент-2", 400_000, "Петрова", "Пробная поставка", dt.date(2026, 11, 1), None],
            ["АО Дальний", "Конкурент-1", 250_000, "Иванов", "Звонок закупщику", dt.date(2026, 12, 10), None],
        ]
        for offset, row in enumerate(prospects):
            for col, value in enumerate(row, start=1):
                sheet.cell(3 + offset, col, value)
        workbook.save(book)
        results[lang] = write_report(book, demo_shipments(), receivables=[debts], today=dt.date(2026, 11, 27))
    return folder, results


@pytest.fixture(scope="module")
def printed(soffice: Path, cycle_build):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    folder, results = cycle_build
    books = {}
    for lang, result in results.items():
        for key in SHEETS:
            workbook = openpyxl.load_workbook(result.path)
            for other in [s for s in workbook.sheetnames if s != t(f"sheet.{key}", lang)]:
                del workbook[other]
            books[f"{lang}_{key}"] = folder / f"{lang}_{key}.xlsx"
            workbook.save(books[f"{lang}_{key}"])
    pdfs = convert(soffice, list(books.values()), "pdf", folder / "pdf")
    for pdf in pdfs:  # the pictures, to look at
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(pdf.with_suffix(""))])
    return {name: read_pdf(pdf) for name, pdf in zip(books, pdfs, strict=True)}


def test_every_cycle_sheet_is_made(cycle_build):
    _, results = cycle_build
    for result in results.values():
        assert {spec.role for spec in result.sheets} >= {"receivables", "changes", "history", "prospects"}


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("role", SHEETS)
def test_cycle_sheets_print_whole_with_their_footer(printed, lang: str, role: str):
    printout = printed[f"{lang}_{role}"]
    count = len(printout.pages)
    for number in range(1, count + 1):
        text = printout.flat(number)
        footer = f"Страница {number} из {count}" if lang == "ru" else f"Page {number} of {count}"
        assert footer in text, (role, number)
        assert "###" not in text
        assert collisions(printout.pages[number - 1]) == [], (role, number)


def test_the_printed_receivables_and_prospects_hold_their_values(printed):
    receivables = printed["ru_receivables"].flat(1)
    # АО Омега, in receivables only: 5 000 overdue, 77 days, high.
    assert "АО Омега" in receivables and "Нет" in receivables and "высокая" in receivables
    prospects = printed["en_prospects"].flat(1)
    assert "The competitors' key clients" in prospects
    assert "Prospects: 3, estimated volume 1,550,000 a month; won: 1; step overdue: 1." in prospects
    changes = printed["ru_changes"].flat(1)
    assert "Изменения — октябрь 2026" in changes and "новый ключевой" in changes
