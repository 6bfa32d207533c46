"""LibreOffice opens the whole report of the demo, prints every sheet, and draws the Dashboard's charts.

An independent renderer: printed as one document, the pages are numbered through ('Страница 5
из 17'); each sheet's pages start at the page that shows its title line. The charts are found on
the Dashboard's printed page by their colours (pdftoppm pixels): the blue cumulative-share line
appears nowhere else, and the red and grey bars add to what the rest of a page holds.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from libreoffice import convert

from keyclients_xl.demo import demo_shipments
from keyclients_xl.engine import write_report
from keyclients_xl.report.dashboard import KEY_COLOR, LINE_COLOR, REST_COLOR

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")


def page_text(pdf: Path, page: int) -> str:
    run = ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(run, capture_output=True, text=True, check=True).stdout


def page_pixels(pdf: Path, page: int, folder: Path) -> np.ndarray:
    """The page as an RGB array (pdftoppm's binary PPM, read with numpy)."""
    stem = folder / f"page{page}"
    subprocess.run(["pdftoppm", "-r", "60", "-f", str(page), "-l", str(page), str(pdf), str(stem)], check=True)
    data = next(folder.glob(f"page{page}*.ppm")).read_bytes()
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    width, height = int(header[1]), int(header[2])
    return np.frombuffer(data[header.end() :], dtype=np.uint8)[: width * height * 3].reshape(height, width, 3)


def pixels_of(image: np.ndarray, color: str, tolerance: int = 12) -> int:
    rgb = np.array([int(color[i : i + 2], 16) for i in (0, 2, 4)])
    return int((np.abs(image.astype(int) - rgb).max(axis=2) <= tolerance).sum())


@pytest.fixture(scope="module")
def printed(soffice: Path, tmp_path_factory):
    if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils (pdftotext, pdftoppm) is not installed")
    folder = tmp_path_factory.mktemp("metric_print")
    result = write_report(folder / "report.xlsx", demo_shipments(), lang="ru", today=dt.date(2026, 11, 27))
    [pdf] = convert(soffice, [result.path], "pdf", folder)
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", info)[1])
    texts = [page_text(pdf, n) for n in range(1, count + 1)]
    return result, pdf, texts, folder


def first_line(spec) -> str:
    """The text a sheet's first printed page starts with: its title (or an input sheet's instruction)."""
    first = min(spec.cells, key=lambda cell: (cell.row, cell.col))
    return " ".join(str(first.value).split())[:30]


def sheet_pages(result, texts: list[str]) -> dict[str, list[int]]:
    """Sheet name → its printed pages (1-based), in the order the sheets print."""
    flat = [" ".join(text.split()) for text in texts]
    starts = []
    for spec in result.sheets:
        after = starts[-1] + 1 if starts else 0
        starts.append(next(i for i in range(after, len(flat)) if first_line(spec) in flat[i]))
    ends = [*starts[1:], len(texts)]
    assert starts[0] == 0
    for number, text in enumerate(texts, start=1):
        assert re.search(rf"Страница {number} из {len(texts)} · построено ", text), number
    return {spec.name: list(range(a + 1, b + 1)) for spec, a, b in zip(result.sheets, starts, ends, strict=True)}


def test_every_sheet_is_printed(printed):
    result, pdf, texts, _ = printed
    by_name = sheet_pages(result, texts)
    assert set(by_name) == {sheet.name for sheet in result.sheets} and all(by_name.values())  # every sheet has pages
    first_lines = {name: texts[pages_[0] - 1] for name, pages_ in by_name.items()}
    assert "Сводка по ключевым клиентам" in first_lines["Сводка"]
    assert "Периодичность: берёт ли клиент каждый месяц" in first_lines["Периодичность"]
    assert "Ассортимент: какие топ-позиции берёт клиент" in first_lines["Ассортимент"]
    assert "Обороты: как меняются закупки клиента" in first_lines["Обороты"]
    assert "Торговые условия: скидка, цены, пересмотр" in first_lines["Торговые условия"]
    assert "Кандидаты: клиенты сразу под чертой" in first_lines["Кандидаты"]
    # Twenty key clients (and twenty near-key ones) fit one page; the Assortment's top list may run on.
    for name in ("Периодичность", "Обороты", "Торговые условия", "Кандидаты"):
        assert len(by_name[name]) == 1, name
    assert len(by_name["Ассортимент"]) <= 2
    # The Dashboard: figures, the alerts and both charts on page 1; the charts' data after.
    assert 2 <= len(by_name["Сводка"]) <= 4
    for client in ("ООО «ТД Мегаплюс»", "ООО «Альфамаркет»"):  # rank 1 and rank 20 of the demo
        assert all(client in texts[pages_[0] - 1] for pages_ in (by_name["Периодичность"], by_name["Обороты"]))


def test_the_dashboard_charts_are_drawn(printed):
    result, pdf, texts, folder = printed
    pages = sheet_pages(result, texts)
    page = pages["Сводка"][0]
    text = " ".join(texts[page - 1].split())
    assert "Парето: первые 100 клиентов" in text and "Ключевые клиенты и остальные" in text  # chart titles
    assert "Накопленная доля" in text and "100%" in text  # the secondary axis, 0–100 %
    image = page_pixels(pdf, page, folder)
    other = page_pixels(pdf, pages["Периодичность"][0], folder)  # a page with a title, a table, no chart
    # The cumulative-share line is blue, a colour nothing else uses.
    assert pixels_of(image, LINE_COLOR) > 100 and pixels_of(other, LINE_COLOR) == 0
    # The key clients' bars (and their stacks by month) are red, which elsewhere only the title is;
    # the other clients' bars grey, which table lines use too.
    assert pixels_of(image, KEY_COLOR) > pixels_of(other, KEY_COLOR) + 1000
    assert pixels_of(image, REST_COLOR) > pixels_of(other, REST_COLOR) + 500


def test_the_package_holds_the_two_charts_on_the_dashboard(printed):
    result, *_ = printed
    with zipfile.ZipFile(result.path) as package:
        names = package.namelist()
        drawing_rels = [n for n in names if n.startswith("xl/drawings/_rels/")]
        charts = sorted(n for n in names if n.startswith("xl/charts/"))
        assert charts == ["xl/charts/chart1.xml", "xl/charts/chart2.xml"]
        assert len(drawing_rels) == 1 and package.read(drawing_rels[0]).count(b"/charts/chart") == 2
    book = openpyxl.load_workbook(result.path)
    assert {name: len(book[name]._charts) for name in book.sheetnames if book[name]._charts} == {"Сводка": 2}
