"""Every threshold of the metric sheets: a setting on the settings sheet (grouped by sheet, read
back), and a flag of `keyclients build` (one-off unless --save-settings; bad values in words)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest
from metric_book import TODAY, table, write_export
from typer.testing import CliRunner

from keyclients_xl.analyse.metric_settings import MetricSettings
from keyclients_xl.cli import app
from keyclients_xl.errors import KeyClientsError
from keyclients_xl.report.settings_sheet import FIRST_ROW, read_settings_rows, settings_sheet
from keyclients_xl.settings import METRIC_GROUPS, Settings

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

FLAGS = {
    "top_sku_share": ("--top-sku-share", "70"),
    "coverage_threshold": ("--coverage-threshold", "60"),
    "white_space_shown": ("--white-space-shown", "1"),
    "trend_months": ("--trend-months", "4"),
    "decline_threshold": ("--decline-threshold", "15"),
    "decline_medium": ("--decline-medium", "25"),
    "decline_high": ("--decline-high", "40"),
    "growth_threshold": ("--growth-threshold", "12,5"),  # a decimal comma, as a Russian user types it
    "drivers_shown": ("--drivers-shown", "1"),
    "review_days": ("--review-days", "30"),
    "near_key_count": ("--near-key-count", "1"),
    "fast_grower_threshold": ("--fast-grower-threshold", "8"),
}
GIVEN = {
    "top_sku_share": 70.0, "coverage_threshold": 60.0, "white_space_shown": 1, "trend_months": 4,
    "decline_threshold": 15.0, "decline_medium": 25.0, "decline_high": 40.0, "growth_threshold": 12.5,
    "drivers_shown": 1, "review_days": 30, "near_key_count": 1, "fast_grower_threshold": 8.0,
}  # fmt: skip


def run(*args) -> object:
    return CliRunner().invoke(app, [str(a) for a in args])


def sheet_values(path: Path, name: str = "Settings") -> dict[str, object]:
    sheet = openpyxl.load_workbook(path)[name]
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=FIRST_ROW, values_only=True) if row[0]}


def test_settings_know_every_metric_threshold():
    assert Settings().metrics == MetricSettings()
    assert sorted(key for keys in METRIC_GROUPS.values() for key in keys) == sorted(MetricSettings.keys())
    assert Settings(**GIVEN).metrics == MetricSettings(**GIVEN)
    # The metric rules apply to the settings too, naming the setting.
    with pytest.raises(KeyClientsError) as error:
        Settings(decline_medium=5.0)
    assert error.value.params["setting"] == "decline_medium"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_settings_sheet_lists_them_under_a_title_per_sheet(lang: str):
    spec = settings_sheet(Settings(lang=lang), lang)
    keys = {cell.value: cell.row for cell in spec.cells if cell.col == 1 and cell.style == "code"}
    titles = {cell.row: cell.value for cell in spec.cells if cell.col == 3 and cell.style == "label"}
    for group, members in METRIC_GROUPS.items():
        rows = [keys[key] for key in members]
        assert rows == list(range(rows[0], rows[0] + len(members))), group  # together, in order
        assert rows[0] - 1 in titles, group  # under their sheet's title line
    assert titles[keys["top_sku_share"] - 1] == ("Лист «Ассортимент»" if lang == "ru" else "Assortment sheet")
    assert titles[keys["review_days"] - 1] == ("Лист «Торговые условия»" if lang == "ru" else "Trade terms sheet")
    # The key-client settings come first, one after another from the first row, as before.
    assert keys["rule"] == FIRST_ROW and keys["input_source"] == FIRST_ROW + 13
    meaning = {cell.row: cell.value for cell in spec.cells if cell.col == 3 and cell.style == "text"}
    assert meaning[keys["coverage_threshold"]].startswith("Сигнал «ассортимент»" if lang == "ru" else "Assortment")
    # Read back: every value, the blank near_key_count as 'as many as key clients'.
    rows = [[None] * 3 for _ in range(max(cell.row for cell in spec.cells))]
    for cell in spec.cells:
        rows[cell.row - 1][cell.col - 1] = cell.value
    read = read_settings_rows(rows)
    assert Settings.from_items(read).metrics == MetricSettings()
    assert read["near_key_count"] == ""


def test_values_typed_on_the_settings_sheet_are_used(tmp_path: Path):
    workbook = tmp_path / "KeyClients.xlsx"
    assert run("new", workbook, "--lang", "en").exit_code == 0
    book = openpyxl.load_workbook(workbook)
    sheet = book["Settings"]
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    sheet.cell(rows["near_key_count"], 2).value = 1
    sheet.cell(rows["coverage_threshold"], 2).value = "60,0"
    sheet.cell(rows["top_n"], 2).value = 2
    book.save(workbook)
    export = write_export(tmp_path / "sales.csv")
    result = run("build", workbook, "-e", export, "--today", TODAY.isoformat(), "--summary", tmp_path / "s.json")
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    # One near-key client (Gamma), and both key clients below 60 % of the top SKUs.
    assert [r["Client"] for r in table(openpyxl.load_workbook(workbook)["Near-key"])] == ["Gamma"]
    assert sorted(a["client"] for a in summary["alerts"] if a["kind"] == "low_assortment") == ["Alpha", "Beta"]
    assert summary["settings_sources"]["coverage_threshold"] == "settings_sheet"


def test_every_flag_applies_to_one_build_unless_saved(tmp_path: Path):
    export = write_export(tmp_path / "sales.csv")
    flags = [part for flag, value in FLAGS.values() for part in (flag, value)]
    once = tmp_path / "once.xlsx"
    result = run("build", once, "-e", export, "--top", "2", "--today", TODAY.isoformat(), *flags)
    assert result.exit_code == 0, result.output
    stored = sheet_values(once)
    assert {key: stored[key] for key in GIVEN} == {key: value for key, value in MetricSettings().items()} | {
        "near_key_count": None
    }  # the settings sheet keeps the defaults
    near = table(openpyxl.load_workbook(once)["Near-key"])
    assert [r["Client"] for r in near] == ["Gamma"]  # --near-key-count 1 did apply to this build
    saved = tmp_path / "saved.xlsx"
    result = run("build", saved, "-e", export, "--top", "2", "--today", TODAY.isoformat(), *flags, "--save-settings")
    assert result.exit_code == 0, result.output
    assert {key: sheet_values(saved)[key] for key in GIVEN} == GIVEN


def test_flags_change_what_the_sheets_find(tmp_path: Path):
    """--decline-threshold 20: Alpha's 17.6 % fall is no decline any more; --fast-grower-threshold 60:
    Gamma's 57 % a month is not fast; --trend-months 3: the trend over August–October only."""
    export = write_export(tmp_path / "sales.csv")
    summary = tmp_path / "s.json"
    args = ["-e", export, "--top", "2", "--today", TODAY.isoformat(), "--summary", summary]
    result = run("build", tmp_path / "k.xlsx", *args, "--decline-threshold", "20", "--decline-medium", "25",
                 "--fast-grower-threshold", "60", "--trend-months", "3")  # fmt: skip
    assert result.exit_code == 0, result.output
    kinds = {(a["client"], a["kind"]) for a in json.loads(summary.read_text(encoding="utf-8"))["alerts"]}
    assert ("Alpha", "decline") not in kinds and ("Gamma", "fast_grower") not in kinds
    turnover = {r["Client"]: r for r in table(openpyxl.load_workbook(tmp_path / "k.xlsx")["Turnover"])}
    # August–October 90, 80, 70: slope -10 / mean 80 = -12.5 % a month.
    assert turnover["Alpha"]["Trend a month"] == pytest.approx(-0.125) and turnover["Alpha"]["Trend months"] == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--coverage-threshold", "0"], "--coverage-threshold takes a number above 0 and at most 100, not '0'."),
        (["--top-sku-share", "abc"], "--top-sku-share takes a number above 0 and at most 100, not 'abc'."),
        (["--decline-high", "-5"], "--decline-high takes a number above 0, not '-5'."),
        (["--trend-months", "1"], "--trend-months takes a whole number of at least 2, not '1'."),
        (["--review-days", "2.5"], "--review-days takes a whole number of at least 1, not '2.5'."),
        # Each value is fine; together they break the rule threshold ≤ medium ≤ high.
        (["--decline-threshold", "30", "--decline-medium", "20"], "Setting 'decline_medium': invalid value"),
    ],
)
def test_bad_flag_values_are_told_in_words(tmp_path: Path, args: list[str], message: str):
    export = write_export(tmp_path / "sales.csv")
    result = run("build", tmp_path / "k.xlsx", "-e", export, "--lang", "en", *args)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output and not (tmp_path / "k.xlsx").exists()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_help_lists_the_metric_flags(lang: str):
    result = CliRunner().invoke(app, ["build", "--help", "--lang", lang], env={"COLUMNS": "200"})
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.output)
    for flag, _ in FLAGS.values():
        assert flag in text, flag
    assert ("Сигнал «ассортимент», когда клиент берёт меньше X %" if lang == "ru" else "Assortment alert when") in text
