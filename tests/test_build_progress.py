"""The build's phases (progress on stderr) and `--quiet` for scheduled runs (issue 12)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from keyclients_xl.cli import app
from keyclients_xl.engine import build

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")


def export(path: Path) -> Path:
    rows = ["Дата;Контрагент;Сумма"] + [
        f"{day:02d}.{month:02d}.2026;Клиент {c};{100 * (c + 1)}"
        for month in (8, 9, 10)
        for c in range(5)
        for day in (3, 17)
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_the_build_tells_its_phases_in_order(tmp_path):
    phases: list[str] = []
    files: list[str] = []
    build(
        tmp_path / "r.xlsx",
        [export(tmp_path / "s.csv")],
        today=dt.date(2026, 11, 20),
        on_file=lambda p: files.append(p.name),
        on_phase=phases.append,
    )
    assert files == ["s.csv"] and phases == ["analyse", "render", "save"]


def test_quiet_prints_nothing_and_still_writes_the_workbook(tmp_path):
    source = export(tmp_path / "s.csv")
    args = ["build", str(tmp_path / "r.xlsx"), "--export", str(source), "--today", "2026-11-20", "--lang", "en"]
    loud = CliRunner().invoke(app, args)
    assert loud.exit_code == 0 and "Клиент 4" in loud.stdout
    quiet = CliRunner().invoke(app, [*args[:1], str(tmp_path / "q.xlsx"), *args[2:], "--quiet"])
    assert quiet.exit_code == 0 and quiet.stdout == ""
    assert "Клиент 4" in [c.value for c in openpyxl.load_workbook(tmp_path / "q.xlsx").worksheets[0]["B"]]


def test_quiet_still_reports_an_error_on_one_line_with_exit_code_2(tmp_path):
    result = CliRunner().invoke(
        app, ["build", str(tmp_path / "r.xlsx"), "--export", "nowhere.csv", "-q", "--lang", "en"]
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: file 'nowhere.csv': file not found."


def test_help_names_quiet_in_the_users_language():
    text = CliRunner().invoke(app, ["build", "--help", "--lang", "en"]).stdout
    shown = " ".join(re.sub(r"\x1b\[[0-9;]*m|│", "", text).split())  # colours and the box's borders
    assert "--quiet" in shown
    assert "Print nothing but errors (for scheduled runs)." in shown
