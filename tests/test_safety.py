"""Safety of writing: atomic saves, backups, text that looks like a formula, the user's own sheets."""

from __future__ import annotations

import csv
import datetime as dt
import re
import types
import zipfile
from pathlib import Path

import openpyxl
import pytest
from libreoffice import convert
from openpyxl.comments import Comment
from report_sheets import RU_SHEETS
from typer.testing import CliRunner

import keyclients_xl.deliver.files as deliver_files
import keyclients_xl.deliver.splice as deliver_splice
import keyclients_xl.render as render
from keyclients_xl import KeyClientsError, build
from keyclients_xl.cli import app
from keyclients_xl.report.key_clients import HEADER_ROW

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

BACKUP_NAME = re.compile(r"^KeyClients\.backup-(\d{8}-\d{6})\.xlsx$")
FORMULA_LIKE = ['=HYPERLINK("http://x","y")', "@SUM(1)", "+SUM(2,3)", "-2+3", "=1+1"]


def write_csv(path: Path, rows: list[list], header=("Date", "Client", "Amount")) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([list(header), *rows])
    return path


def quarter(clients: dict[str, float]) -> list[list]:
    """One line per client in each of Jan, Feb and Mar 2025 (31 March closes the quarter)."""
    return [
        [f"2025-{m:02d}-{d:02d}", name, amount * m]
        for m, d in ((1, 5), (2, 5), (3, 31))
        for name, amount in clients.items()
    ]


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def client_cells(path: Path) -> list[openpyxl.cell.cell.Cell]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    last = HEADER_ROW + 1
    while ws.cell(last, 1).value is not None:  # the table ends at the first empty row (the notes follow)
        last += 1
    return [ws.cell(r, 2) for r in range(HEADER_ROW + 1, last)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding an export and a workbook already built from it (the 'old file')."""
    write_csv(tmp_path / "sales.csv", quarter({"Alpha": 100.0, "Beta": 50.0, "Gamma": 10.0}))
    build(tmp_path / "KeyClients.xlsx", [tmp_path / "sales.csv"])
    return tmp_path


# ---------------------------------------------------------------- backups and atomic writes


def test_first_build_makes_no_backup(tmp_path: Path):
    export = write_csv(tmp_path / "sales.csv", quarter({"Alpha": 100.0}))
    result = build(tmp_path / "KeyClients.xlsx", [export])
    assert result.backup is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["KeyClients.xlsx", "sales.csv"]


def test_in_place_build_leaves_a_byte_identical_backup(folder: Path):
    workbook = folder / "KeyClients.xlsx"
    old = workbook.read_bytes()
    write_csv(folder / "sales.csv", quarter({"Alpha": 100.0, "Beta": 500.0, "Gamma": 10.0}))
    result = build(workbook, [folder / "sales.csv"])

    backups = [p for p in folder.iterdir() if BACKUP_NAME.match(p.name)]
    assert backups == [result.backup]
    assert result.backup.read_bytes() == old
    dt.datetime.strptime(BACKUP_NAME.match(result.backup.name)[1], "%Y%m%d-%H%M%S")  # a real timestamp
    assert workbook.read_bytes() != old
    assert [c.value for c in client_cells(workbook)] == ["Beta", "Alpha", "Gamma"]
    assert [c.value for c in client_cells(result.backup)] == ["Alpha", "Beta", "Gamma"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(["KeyClients.xlsx", "sales.csv", result.backup.name])


def test_out_leaves_the_workbook_untouched(folder: Path):
    before = listing(folder)
    result = build(folder / "KeyClients.xlsx", [folder / "sales.csv"], out=folder / "copy.xlsx", top_n=2)
    assert result.backup is None
    after = listing(folder)
    assert after.pop("copy.xlsx")
    assert after == before


def test_bad_export_leaves_the_workbook_byte_identical(folder: Path):
    bad = write_csv(folder / "bad.csv", [["2025-01-05", "Alpha", "12,5"], ["2025-02-05", "Beta", "twelve"]])
    before = listing(folder)
    with pytest.raises(KeyClientsError) as caught:
        build(folder / "KeyClients.xlsx", [bad])
    assert caught.value.key == "error.bad_number"
    assert caught.value.where.row == 3
    assert listing(folder) == before  # the workbook unchanged, no backup, no temporary file


def test_bad_export_via_cli_leaves_the_workbook_byte_identical(folder: Path):
    bad = write_csv(folder / "bad.csv", [["31.02.2025", "Alpha", 1]])
    before = listing(folder)
    result = CliRunner().invoke(app, ["build", str(folder / "KeyClients.xlsx"), "--export", str(bad)])
    assert result.exit_code == 2
    assert "31.02.2025" in " ".join(result.output.split())
    assert listing(folder) == before


@pytest.mark.parametrize("hostile", ["far_cell.xlsx", "zip_bomb.xlsx", "password.xlsx", "wide.csv"])
def test_hostile_export_via_cli_leaves_the_workbook_byte_identical(folder: Path, hostile: str):
    from hostile_corpus import HOSTILE

    case = next(case for case in HOSTILE if case.name == hostile)
    (folder / hostile).write_bytes(case.make())
    before = listing(folder)
    result = CliRunner().invoke(app, ["build", str(folder / "KeyClients.xlsx"), "--export", str(folder / hostile)])
    assert result.exit_code == 2
    assert hostile in result.output and "Traceback" not in result.output
    assert listing(folder) == before


def test_renderer_failure_leaves_the_workbook_byte_identical(folder: Path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(render, "render_package", broken)
    before = listing(folder)
    with pytest.raises(RuntimeError, match="renderer exploded"):
        build(folder / "KeyClients.xlsx", [folder / "sales.csv"])
    assert listing(folder) == before


def test_save_failure_midway_leaves_the_workbook_byte_identical(folder: Path, monkeypatch):
    """The write dies halfway (disk full): the temporary file goes, the original stays, no backup."""
    written = []

    def half_write(target, *args, **kwargs):
        Path(target).write_bytes(b"PK\x03\x04 half a zip")
        written.append(Path(target))
        raise OSError(28, "No space left on device")

    before = listing(folder)
    monkeypatch.setattr(deliver_splice, "write_package", half_write)
    with pytest.raises(KeyClientsError) as caught:
        build(folder / "KeyClients.xlsx", [folder / "sales.csv"])
    assert caught.value.key == "error.write_failed"
    assert "No space left" in caught.value.message("en")
    assert written and written[0].parent == folder and written[0] != folder / "KeyClients.xlsx"
    assert not written[0].exists()
    assert listing(folder) == before


def test_unreadable_workbook_is_not_replaced(tmp_path: Path):
    workbook = tmp_path / "KeyClients.xlsx"
    workbook.write_bytes(b"this is not a zip file")
    export = write_csv(tmp_path / "sales.csv", quarter({"Alpha": 100.0}))
    before = listing(tmp_path)
    with pytest.raises(KeyClientsError) as caught:
        build(workbook, [export])
    assert caught.value.key == "error.workbook_unreadable"
    assert listing(tmp_path) == before


def test_two_builds_in_one_second_keep_the_original_backup(folder: Path, monkeypatch):
    frozen = dt.datetime(2026, 11, 27, 4, 15, 0)
    fake_datetime = types.SimpleNamespace(now=lambda: frozen)
    monkeypatch.setattr(deliver_files, "dt", types.SimpleNamespace(datetime=fake_datetime))
    original = (folder / "KeyClients.xlsx").read_bytes()
    build(folder / "KeyClients.xlsx", [folder / "sales.csv"], top_n=2)
    build(folder / "KeyClients.xlsx", [folder / "sales.csv"], top_n=1)
    backups = [p.read_bytes() for p in folder.iterdir() if p.name.startswith("KeyClients.backup-")]
    assert original in backups


def test_new_does_not_silently_destroy_an_existing_workbook(folder: Path):
    workbook = folder / "KeyClients.xlsx"
    original = workbook.read_bytes()
    result = CliRunner().invoke(app, ["new", str(workbook)])
    backups = [p for p in folder.iterdir() if p.name.startswith("KeyClients.backup-")]
    kept = workbook.read_bytes() == original or any(p.read_bytes() == original for p in backups)
    assert kept, f"exit code {result.exit_code}: {result.output}"
    assert result.exit_code == 2 and "существует" in result.output and "[bold" not in result.output


# ---------------------------------------------------------------- text that looks like a formula


def recalculate(soffice: Path, source: Path, outdir: Path) -> Path:
    """Open `source` headless in LibreOffice (always recalculating on load) and save it as .xlsx."""
    return convert(soffice, [source], "xlsx", outdir, recalculate=True)[0]


@pytest.fixture
def formula_like_workbook(tmp_path: Path) -> Path:
    names = {name: 100.0 * (i + 1) for i, name in enumerate(FORMULA_LIKE)}
    export = write_csv(tmp_path / "injection.csv", quarter(names))
    assert '"=HYPERLINK(""http://x"",""y"")"' in export.read_text(encoding="utf-8")
    return build(tmp_path / "KeyClients.xlsx", [export]).path


def test_formula_like_client_names_are_written_as_text(formula_like_workbook: Path):
    cells = client_cells(formula_like_workbook)
    assert sorted(c.value for c in cells) == sorted(FORMULA_LIKE)
    assert all(c.data_type == "s" for c in cells), [(c.value, c.data_type) for c in cells]


def test_formula_like_client_names_survive_libreoffice(formula_like_workbook: Path, soffice: Path, tmp_path: Path):
    converted = recalculate(soffice, formula_like_workbook, tmp_path / "lo")
    values = openpyxl.load_workbook(converted, data_only=True).worksheets[0]
    formulas = openpyxl.load_workbook(converted).worksheets[0]
    names = []
    for r in range(HEADER_ROW + 1, HEADER_ROW + 1 + len(FORMULA_LIKE)):
        assert formulas.cell(r, 2).data_type == "s", formulas.cell(r, 2).value
        names.append(values.cell(r, 2).value)
        assert isinstance(values.cell(r, 6).value, float | int)  # the real formulas were computed
    assert sorted(names) == sorted(FORMULA_LIKE)


# ---------------------------------------------------------------- the user's own sheets


def make_user_workbook(path: Path) -> None:
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Мои заметки"
    notes["A1"] = "Позвонить клиенту"
    notes["B1"] = dt.datetime(2026, 11, 3, 10, 30)
    notes["B1"].number_format = "DD.MM.YYYY HH:MM"
    for i, v in enumerate([1.5, 2.25, -3], start=2):
        notes.cell(i, 2, v)
    notes["B5"] = "=SUM(B2:B4)"
    notes["C2"] = "=Данные!A1*2"
    notes["D1"] = "не число: '00123"
    notes["A1"].comment = Comment("мой комментарий", "Менеджер")
    notes.merge_cells("A7:C7")
    notes["A7"] = "объединено"
    notes.column_dimensions["A"].width = 33
    data = book.create_sheet("Данные")
    data["A1"] = 42
    book.save(path)


def sheet_snapshot(ws) -> dict:
    return {
        "cells": [[(c.value, c.number_format) for c in row] for row in ws.iter_rows()],
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "width_a": ws.column_dimensions["A"].width,
        "comment": ws["A1"].comment.text if ws["A1"].comment else None,
    }


def test_other_sheets_survive_builds_untouched(tmp_path: Path):
    workbook = tmp_path / "KeyClients.xlsx"
    make_user_workbook(workbook)
    before = openpyxl.load_workbook(workbook)
    expected = {name: sheet_snapshot(before[name]) for name in ("Мои заметки", "Данные")}
    export = write_csv(tmp_path / "продажи.csv", quarter({"Альфа": 100.0, "Бета": 50.0}), ("Дата", "Клиент", "Сумма"))

    for _ in range(2):  # the second build replaces our sheets, still not the user's
        result = build(workbook, [export])
        book = openpyxl.load_workbook(workbook)
        assert sorted(book.sheetnames) == sorted([*RU_SHEETS, "Мои заметки", "Данные"])
        for name, snapshot in expected.items():
            assert sheet_snapshot(book[name]) == snapshot, name
        assert [c.value for c in client_cells(workbook)] == ["Альфа", "Бета"]
        assert result.backup is not None


def test_a_workbook_with_a_chart_builds_and_keeps_the_chart(tmp_path: Path):
    """Once refused (openpyxl would have lost the chart's formatting): now the chart's parts
    come through byte for byte."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    book = Workbook()
    sheet = book.active
    sheet.title = "План"
    for row in [["Месяц", "План"], ["Август", 10], ["Сентябрь", 12]]:
        sheet.append(row)
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    sheet.add_chart(chart, "D2")
    workbook = tmp_path / "Отдел продаж.xlsx"
    book.save(workbook)
    with zipfile.ZipFile(workbook) as package:
        before = {name: package.read(name) for name in package.namelist()}
    export = tmp_path / "export.csv"
    export.write_text("Дата;Контрагент;Сумма\n01.08.2026;Альфа;5\n31.10.2026;Альфа;5\n", encoding="utf-8")

    result = CliRunner().invoke(app, ["build", str(workbook), "--export", str(export), "--lang", "ru"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(workbook) as package:
        after = {name: package.read(name) for name in package.namelist()}
    for name in ("xl/charts/chart1.xml", "xl/drawings/drawing1.xml", "xl/worksheets/sheet1.xml"):
        assert after[name] == before[name], name
    names = openpyxl.load_workbook(workbook).sheetnames
    assert names[0] == "Ключевые клиенты" and names[-1] == "План" and "Настройки" in names
