"""Headless builds into a KeyClients.xlsm: from its input sheets, or from exports; its VBA
project and ribbon survive byte for byte."""

import datetime as dt
import zipfile

import pytest
import xlwings
from openpyxl import load_workbook
from typer.testing import CliRunner

from keyclients_xl.cli import app
from keyclients_xl.report.key_clients import HEADER_ROW

RIBBON_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"


def parts(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def new_xlsm(tmp_path, lines):
    path = tmp_path / "KeyClients.xlsm"
    assert CliRunner().invoke(app, ["new", str(path)]).exit_code == 0
    book = load_workbook(path, keep_vba=True)
    for row in lines:
        book["Выгрузка"].append(row)
    book.save(path)
    return path


LINES = [
    [dt.datetime(2026, 8, 3), "ООО Альфа", "Чай", 1, 300.0, 300.0, "Иванов", "Проведен"],
    [dt.datetime(2026, 9, 3), "ООО Альфа", "Чай", 1, 300.0, 300.0, "Иванов", "Проведен"],
    [dt.datetime(2026, 10, 30), "ООО Бета", "Кофе", 3, 100.0, 300.0, "Петров", "Проведен"],
    [dt.datetime(2026, 10, 31), "ООО Гамма", "Кофе", 1, 30.0, 30.0, "Петров", "Отменен"],
]


def key_rows(path):
    """The table's rows: from under the header to the first empty row (the notes follow)."""
    sheet = load_workbook(path)["Ключевые клиенты"]
    rows = []
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        if row[0].value is None:
            break
        rows.append([c.value for c in row[:6]])
    return rows


def test_build_without_exports_reads_the_input_sheets(tmp_path):
    path = new_xlsm(tmp_path, LINES)
    before = parts(path)
    result = CliRunner().invoke(app, ["build", str(path)])
    assert result.exit_code == 0, result.output
    # Aug–Oct: Альфа 300 + 300 + 0 → 200; Бета 0 + 0 + 300 → 100; Гамма's only line is cancelled.
    rows = key_rows(path)
    assert [r[:5] for r in rows] == [[1, "ООО Альфа", 300, 300, 0], [2, "ООО Бета", 0, 0, 300]]
    after = parts(path)
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    assert after["customUI/customUI.xml"] == before["customUI/customUI.xml"]
    assert RIBBON_REL.encode() in after["_rels/.rels"]
    book = load_workbook(path)
    assert book.sheetnames[:2] == ["Выгрузка", "По месяцам"]  # the user's data stays where it was
    assert [c.value for c in book["Выгрузка"][3]][:2] == [dt.datetime(2026, 8, 3), "ООО Альфа"]
    facts = {r[0]: r[1] for r in book["Настройки"].iter_rows(values_only=True) if r[0]}
    assert facts["xlwings_version"] == xlwings.__version__  # recorded by `new`, carried over by the build
    assert list(tmp_path.glob("KeyClients.backup-*.xlsm"))


def test_build_from_an_export_into_the_xlsm_keeps_its_vba(tmp_path):
    path = new_xlsm(tmp_path, [])
    export = tmp_path / "export.csv"
    export.write_text("Date;Customer;Amount\n2026-08-01;Acme;10\n2026-09-01;Acme;20\n2026-10-31;Acme;30\n")
    vba = parts(path)["xl/vbaProject.bin"]
    result = CliRunner().invoke(app, ["build", str(path), "--export", str(export)])
    assert result.exit_code == 0, result.output
    assert parts(path)["xl/vbaProject.bin"] == vba
    assert key_rows(path)[0][:6] == [1, "Acme", 10, 20, 30, f"=AVERAGE(C{HEADER_ROW + 1}:E{HEADER_ROW + 1})"]


def test_empty_input_sheets_and_no_export_say_what_to_fill(tmp_path):
    path = new_xlsm(tmp_path, [])
    before = path.read_bytes()
    result = CliRunner().invoke(app, ["build", str(path)])
    assert result.exit_code == 2 and "«Выгрузка»" in result.output
    assert path.read_bytes() == before


def test_snapshot_is_deprecated_history_keeps_the_month_once_when_rebuilt(tmp_path):
    path = new_xlsm(tmp_path, LINES)
    for _ in range(2):
        with pytest.warns(DeprecationWarning, match="snapshot is deprecated"):  # for callers of engine.build
            result = CliRunner().invoke(app, ["build", str(path), "--snapshot"])
        assert result.exit_code == 0, result.output
        assert "--snapshot больше не нужен" in " ".join(result.output.split())
    book = load_workbook(path)
    assert not [name for name in book.sheetnames if name.startswith("Снимок")]
    history = book["История"]
    header = next(row for row in history.iter_rows(values_only=True) if row[0] == "Месяц")
    rows = [row for row in history.iter_rows(values_only=True) if row[0] == "2026-10"]
    # October built twice: its rows once. Values: Альфа (300 + 300 + 0) / 3 = 200, Бета 300 / 3 = 100.
    assert [row[1:4] for row in rows] == [("ООО Альфа", 1, 200), ("ООО Бета", 2, 100)]
    assert header[:4] == ("Месяц", "Клиент", "Ранг", "Среднее в месяц")
