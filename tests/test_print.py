"""Printing and the screen: every report sheet prints on A4 landscape, one page wide, with its
header row on every page and a footer; nothing is cut; the top 20 fit a laptop screen.

The print-outs are made by LibreOffice (xlsx → PDF) and read back with poppler (pdfinfo,
pdftotext, pdftoppm): an independent renderer, not our own idea of the page.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from libreoffice import convert

from keyclients_xl import build
from keyclients_xl.demo import demo_shipments
from keyclients_xl.engine import report_sheets
from keyclients_xl.i18n import t
from keyclients_xl.render import render_workbook
from keyclients_xl.render.excel import excel_footer
from keyclients_xl.report.footer import page_footer, sources_text, with_footer
from keyclients_xl.report.key_clients import HEADER_ROW
from keyclients_xl.report.snapshot import snapshot_sheet
from keyclients_xl.settings import Settings

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

A4_LANDSCAPE = (841.89, 595.28)  # points
# A 1366×768 laptop at 100 %: the taskbar, Excel's title bar, ribbon, formula bar, column
# letters, sheet tabs and status bar leave about 480 px, i.e. 24 rows of 15 pt (20 px).
SCREEN_PT = 24 * 15
DEFAULT_ROW_PT = 15


def demo_sheets(lang: str, **settings):
    """The sheets of a demo build, and the month snapshot that `--snapshot` wrote before History."""
    result = report_sheets(demo_shipments(), Settings(lang=lang, **settings))
    return result, result.sheets + with_footer([snapshot_sheet(result.analysis, lang)], result.footer)


INPUT_ROLES = (
    "input:sheet.terms_reviews",
    "input:sheet.top_assortment",
    "input:sheet.receivables_input",
    "input:sheet.prospects_input",
)


# ---------------------------------------------------------------- the workbook's own settings


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_report_sheet_is_set_up_for_print(tmp_path: Path, lang: str):
    _, specs = demo_sheets(lang)
    plan_inputs = [f"input:sheet.{name}" for name in ("contacts", "visits", "events", "account_cards")]
    assert [spec.role for spec in specs] == [
        "key_clients", "dashboard", "periodicity", "assortment", "turnover", "trade_terms", "near_key",
        "changes", "history", "plan", *INPUT_ROLES, *plan_inputs, "settings", "snapshot",
    ]  # fmt: skip
    path = tmp_path / "book.xlsx"
    render_workbook(specs).save(path)
    book = openpyxl.load_workbook(path)
    for spec in (spec for spec in specs if spec.role not in INPUT_ROLES):  # input sheets: no header row to repeat
        sheet = book[spec.name]
        setup = sheet.page_setup
        assert (int(setup.paperSize), setup.orientation) == (9, "landscape"), spec.name  # 9 = A4
        assert (setup.fitToWidth, setup.fitToHeight, sheet.sheet_properties.pageSetUpPr.fitToPage) == (1, 0, True)
        if spec.role.startswith("input:"):
            continue  # the manager's own sheets: no print titles, their own frozen panes
        if spec.role == "dashboard":  # figures and charts: no table header to repeat
            assert sheet.print_title_rows is None and sheet.freeze_panes is None
        else:
            assert sheet.print_title_rows == f"${spec.header_row}:${spec.header_row}", spec.name
            assert sheet.freeze_panes == f"A{spec.header_row + 1}", spec.name  # the header only, no columns
        footer = sheet.oddFooter.center.text
        assert footer.startswith("Страница &P из &N · построено " if lang == "ru" else "Page &P of &N · built on ")
        assert footer.endswith(" · Продажи_демо.xlsx"), footer


def test_numeric_headers_are_right_aligned_over_their_numbers(tmp_path: Path):
    _, specs = demo_sheets("ru")
    path = tmp_path / "book.xlsx"
    render_workbook(specs[:1]).save(path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    header = {cell.value: cell for cell in sheet[HEADER_ROW]}
    first = {cell.column: cell for cell in sheet[HEADER_ROW + 1]}
    for name in ("Ранг", "авг 2026", "окт 2026", "Среднее в месяц", "Доля", "Накопленная доля", "Месяцев с отгрузками"):
        assert header[name].alignment.horizontal == "right", name
        assert first[header[name].column].alignment.horizontal in (None, "general", "right")  # numbers: right
    assert header["Клиент"].alignment.horizontal == "left"
    assert header["Клиент"].alignment.indent == first[2].alignment.indent == 1  # over the names, not beside
    assert {header[name].alignment.horizontal for name in ("ABC", "XYZ", "Ключевой")} == {"center"}


def test_footer_codes():
    assert excel_footer("Page {page} of {pages} · R&D.xlsx") == "Page &P of &N · R&&D.xlsx"
    files = [f"export_{month:02d}_2026.csv" for month in range(1, 13)]
    assert sources_text(files[:2], "en") == "export_01_2026.csv, export_02_2026.csv"
    assert sources_text(files, "ru") == "export_01_2026.csv и ещё 11 файлов"
    assert sources_text(files, "en") == "export_01_2026.csv (+11 files)"
    import datetime as dt

    day = dt.date(2026, 11, 3)
    assert page_footer("ru", ["a.xlsx"], day) == "Страница {page} из {pages} · построено 3 ноября 2026\u202fг. · a.xlsx"
    assert page_footer("en", ["a.xlsx"], day) == "Page {page} of {pages} · built on November 3, 2026 · a.xlsx"


@pytest.mark.parametrize(("lang", "months"), [("ru", 3), ("en", 3), ("ru", 1), ("en", 6), ("ru", 12)])
def test_the_whole_top_20_fits_a_laptop_screen(lang: str, months: int):
    """Rows 1 to the 20th client, at their heights, fit below Excel's ribbon on a 1366×768 screen."""
    result, specs = demo_sheets(lang, months=months, as_of="2026-10")
    key_clients = specs[0]
    assert len(result.analysis.key) == 20
    top_20_end = key_clients.header_row + 20
    assert key_clients.value_at(top_20_end, 1) == 20  # rank 20 is on that row
    used = sum(key_clients.heights.get(row, DEFAULT_ROW_PT) for row in range(1, top_20_end + 1))
    assert used <= SCREEN_PT, used
    # And no row above it is set to wrap into more lines than its height holds (the title line stays one line).
    assert all(key_clients.heights.get(row, DEFAULT_ROW_PT) <= 18 for row in range(1, top_20_end + 1))


# ---------------------------------------------------------------- printed by LibreOffice


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Printout:
    pdf: Path
    pages: list[list[Word]]

    def text(self, page: int) -> str:
        """Page `page` (1-based) as text, lines in reading order."""
        run = ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(self.pdf), "-"]
        return subprocess.run(run, capture_output=True, text=True, check=True).stdout

    def flat(self, page: int) -> str:
        return " ".join(self.text(page).split())


def read_pdf(pdf: Path) -> Printout:
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(xhtml)
    pages = []
    for page in root.iterfind(".//x:page", ns):
        size = (float(page.get("width")), float(page.get("height")))
        assert size == pytest.approx(A4_LANDSCAPE, abs=1.0), size
        pages.append(
            [
                Word(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                for w in page.iterfind("x:word", ns)
            ]
        )
    return Printout(pdf, pages)


def collisions(words: list[Word]) -> list[tuple[str, str]]:
    """Words drawn over each other: text cut by the next cell, or wrapped text taller than its row.

    Word boxes are the font's full height, so the lines of one wrapped cell overlap a little;
    two words collide when they share more than half their height and some width.
    """
    found = []
    ordered = sorted(words, key=lambda w: w.y0)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            shared_height = min(a.y1, b.y1) - b.y0
            if shared_height <= 0.5 * min(a.y1 - a.y0, b.y1 - b.y0):
                break
            if min(a.x1, b.x1) - max(a.x0, b.x0) > 1.0:
                found.append((a.text, b.text))
    return found


def test_collisions_find_cut_and_overflowing_text(soffice: Path, tmp_path: Path):
    """The check itself, on a sheet made to fail it: each way text gets cut is caught."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    book = Workbook()
    sheet = book.active
    sheet.column_dimensions["A"].width = 10
    sheet["A1"], sheet["B1"] = "Dec 2010 – Dec 2010", "next cell"  # cut by a filled neighbour
    sheet["A3"] = "a wrapped note far too long for the one line its row is given"
    sheet["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells("A3:B3")
    sheet.row_dimensions[3].height = 15
    sheet["A4"] = "the next row"
    path = tmp_path / "cut.xlsx"
    book.save(path)
    [pdf] = convert(soffice, [path], "pdf", tmp_path)
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = [
        Word(m[4], *map(float, m[:4]))
        for m in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', xhtml)
    ]
    found = collisions(words)
    assert any("next" in pair for pair in found), found  # the cut month
    assert any("row" in pair or "the" in pair for pair in found), found  # the overflowing note


@pytest.fixture(scope="module")
def one_month_export(tmp_path_factory) -> Path:
    """December 2010 only, English headers: the one-month window of the retail data ('Dec 2010 – Dec 2010'),
    90 customers: two printed pages."""
    path = tmp_path_factory.mktemp("december") / "december.csv"
    rows = [[f"2010-12-{day:02d}", f"Customer {n:03d}", 100.0 + 37 * n + day] for n in range(90) for day in (1, 31)]
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["InvoiceDate", "CustomerID", "Revenue"], *rows])
    return path


@pytest.fixture(scope="module")
def printed(soffice: Path, tmp_path_factory, one_month_export: Path) -> dict[str, tuple[object, Printout]]:
    """Every report sheet, each alone in a workbook, printed to PDF by LibreOffice in one run."""
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    folder = tmp_path_factory.mktemp("print")
    specs = {}
    for lang in ("ru", "en"):
        _, sheets = demo_sheets(lang)
        specs.update({f"{lang}_{spec.role.replace(':', '-')}": spec for spec in sheets})  # ':' in a file name: no
    december = build(folder / "december.xlsx", [one_month_export], months=1, as_of="2010-12")
    specs["en_one_month"] = december.sheets[0]
    books = []
    for name, spec in specs.items():
        books.append(folder / f"{name}.xlsx")
        render_workbook([spec]).save(books[-1])
    pdfs = convert(soffice, books, "pdf", folder / "pdf")
    for pdf in pdfs:  # the pictures, to look at (and proof that they render)
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(pdf), str(pdf.with_suffix(""))], check=True
        )
    return {name: (specs[name], read_pdf(pdf)) for name, pdf in zip(specs, pdfs, strict=True)}


METRIC_SHEETS = ["dashboard", "periodicity", "assortment", "turnover", "trade_terms", "near_key"]
SHEETS = [
    "ru_key_clients",
    "ru_plan",
    "ru_settings",
    "ru_snapshot",
    "ru_changes",
    "ru_history",
    "en_key_clients",
    "en_plan",
    "en_settings",
    "en_snapshot",
    "en_changes",
    "en_history",
    "en_one_month",
    *[f"{lang}_{role}" for lang in ("ru", "en") for role in METRIC_SHEETS],
]


@pytest.mark.parametrize("name", SHEETS)
def test_pages_are_numbered_n_of_m_and_nothing_overlaps(printed, name: str):
    spec, printout = printed[name]
    count = len(printout.pages)
    lang = name[:2]
    for number in range(1, count + 1):
        text = printout.flat(number)
        footer = f"Страница {number} из {count}" if lang == "ru" else f"Page {number} of {count}"
        assert footer in text, (name, number)
        assert "###" not in text  # no number too wide for its cell
        assert collisions(printout.pages[number - 1]) == [], (name, number)
        assert all(w.x1 <= A4_LANDSCAPE[0] and w.y1 <= A4_LANDSCAPE[1] for w in printout.pages[number - 1])
    pngs = sorted(printout.pdf.parent.glob(f"{printout.pdf.stem}-*.png"))
    assert len(pngs) == min(count, 2) and all(png.stat().st_size > 5000 for png in pngs)


@pytest.mark.parametrize("name", ["ru_key_clients", "en_key_clients", "ru_snapshot", "en_one_month"])
def test_long_sheets_repeat_the_header_on_every_page(printed, name: str):
    spec, printout = printed[name]
    area = re.match(r"A1:([A-Z]+)", spec.print_area or "A1:XFD")
    last_printed = openpyxl.utils.column_index_from_string(area[1])
    cells = spec.every_cell()
    headers = [cell.value for cell in cells if cell.row == spec.header_row and cell.col <= last_printed]
    clients = [cell.value for cell in cells if cell.row > spec.header_row and cell.col == 2 and cell.style == "text"]
    count = len(printout.pages)
    # One page wide: 300 clients at about 35 rows a page (fit to width shrinks the page a little).
    assert 2 <= count <= len(clients) // 25 + 2, count
    for number in range(1, count + 1):
        first_line = next(line for line in printout.text(number).splitlines() if line.strip() and headers[0] in line)
        assert " ".join(first_line.split()).endswith(" ".join(" ".join(headers[-3:]).split())), (number, first_line)
    # Every client printed once: the repeated header adds no rows, fit to width loses none.
    printed_text = " ".join(printout.flat(n) for n in range(1, count + 1))
    assert all(printed_text.count(client) >= 1 for client in clients)


def test_page_2_starts_with_the_header_and_the_footer_closes_it(printed):
    spec, printout = printed["ru_key_clients"]
    page_2 = [line for line in printout.text(2).splitlines() if line.strip()]
    assert page_2[0].split()[:4] == ["Ранг", "Клиент", "авг", "2026"]
    assert page_2[0].split()[-1] == "Комментарий"  # printed through Comment; What to do is for the screen
    assert re.fullmatch(r"Страница 2 из \d+ · построено \d{1,2} \w+ \d{4} г\. · Продажи_демо\.xlsx", page_2[-1].strip())


@pytest.mark.parametrize("name", ["ru_key_clients", "en_key_clients", "ru_settings", "en_settings"])
def test_notes_are_printed_whole(printed, name: str):
    spec, printout = printed[name]
    notes = [cell.value for cell in spec.cells if isinstance(cell.value, str) and cell.value.startswith("• ")]
    assert len(notes) >= 7
    text = " ".join(printout.flat(n) for n in range(1, len(printout.pages) + 1))
    for note in notes:
        assert " ".join(note.split()) in text, note


def test_one_month_window_is_printed_whole(printed):
    spec, printout = printed["en_one_month"]
    page_1 = printout.flat(1)
    assert "Key clients: revenue Dec 2010 – Dec 2010 · Top 20 by average per month (revenue) · " in page_1
    for label in ("Clients with shipments", "Key clients", "Sales in the period", "Key clients' share of sales"):
        assert label in page_1
    assert t("summary.clients_for_80", "en") in page_1
    assert f"Page 1 of {len(printout.pages)} · built on " in page_1 and page_1.endswith("· december.csv")


def test_settings_sheet_prints_its_settings_on_page_one_with_their_words(printed):
    spec, printout = printed["ru_settings"]
    assert len(printout.pages) <= 2  # the notes of the demo's build may run onto a second page
    text = printout.flat(1)
    assert "rule Топ N Кто ключевой:" in text and "measure Выручка Мера ранга, долей и ABC:" in text
    assert "input_source Строки документов Заполнены оба листа ввода" in text
