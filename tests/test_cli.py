"""The `keyclients` command line, run through typer's CliRunner, checked against the workbook it writes."""

from __future__ import annotations

import csv
import json
import re
import traceback
import zipfile
from pathlib import Path

import openpyxl
import pytest
from report_sheets import EN_SHEETS, RU_SHEETS
from sheets import summary_cell, summary_value
from typer.testing import CliRunner

from keyclients_xl import KeyClientsError
from keyclients_xl.cli import app
from keyclients_xl.i18n import t
from keyclients_xl.report.key_clients import HEADER_ROW

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

RU_ABBR = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
ENTRY_FIELDS = {
    "client", "rank", "average", "monthly", "share", "cumulative_share", "abc", "xyz", "months_shipped",
}  # fmt: skip
TOP_FIELDS = {"as_of", "months", "rule", "clients_total", "sales_total", "key_share", "key_clients"}
# The sheets of a build without receivables or prospects: the report, the monthly cycle's, the input
# sheets of receivables and prospects (created once), the settings.
DEFAULT_SETTINGS = {
    "rule": "top_n", "top_n": 20, "top_share": 20, "cumulative_share": 80, "months": 3, "as_of": None,
    "abc_a": 80, "abc_b": 15, "measure": "revenue", "abc_boundary": "upper", "xyz_x": 10, "xyz_y": 25,
    "input_source": "lines",
}  # fmt: skip


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def plain(text: str) -> str:
    """CLI output without colour codes and with rich's line wrapping undone."""
    return " ".join(re.sub(r"\x1b\[[0-9;]*m", "", text).split())


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *rows])
    return path


def three_month_rows(clients: dict[str, tuple[float, float, float]]) -> list[list]:
    """Lines for Jan–Mar 2025 (a full quarter: a line on 31 March closes it)."""
    rows = []
    for month, day in ((1, 10), (2, 12), (3, 31)):
        for name, amounts in clients.items():
            if amounts[month - 1]:
                rows.append([f"2025-{month:02d}-{day:02d}", name, amounts[month - 1]])
    return rows


def key_sheet(path: Path):
    return openpyxl.load_workbook(path).worksheets[0]


def table_rows(ws) -> list[tuple]:
    rows = []
    for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        if row[0] is None:
            break
        rows.append(row)
    return rows


def column(ws, header: str) -> int:
    return [c.value for c in ws[HEADER_ROW]].index(header)


def count_key(path: Path, yes: str = "Да") -> int:
    ws = key_sheet(path)
    key = [c.value for c in ws[HEADER_ROW]].index("Ключевой" if yes == "Да" else "Key")
    return sum(1 for row in table_rows(ws) if row[key] == yes)


def settings_rows(path: Path, sheet: str = "Настройки") -> dict[str, object]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {row[0]: row[1] for row in ws.iter_rows(min_row=4, values_only=True) if row[0]}


# ---------------------------------------------------------------- demo


def test_demo_writes_20_key_clients_and_prints_the_table(tmp_workdir: Path):
    result = run("demo", "--out", "tmp/demo.xlsx")
    assert result.exit_code == 0, result.output
    path = tmp_workdir / "tmp" / "demo.xlsx"
    assert path.is_file()
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == RU_SHEETS
    ws = book["Ключевые клиенты"]
    key, average = column(ws, "Ключевой"), column(ws, "Среднее в месяц")
    rows = table_rows(ws)
    assert [row[0] for row in rows if row[key] == "Да"] == list(range(1, 21))
    assert all(row[key] in (None, "") for row in rows[20:])

    text = plain(result.output)
    period = ws["C1"].value.split(" · ")[0]
    assert period == "авг 2026 – окт 2026"
    assert f"Ключевые клиенты, {period}" in text  # the table's title names the period
    for row in rows[:20]:
        mean = sum(row[2:average]) / (average - 2)
        assert f"{mean:,.0f}".replace(",", " ") in text, row[1]
    # Numbers and plural forms the Russian way: 284 → 'клиента' (few), 53 → 'клиента'; '65,5 %'.
    assert len(rows) == 284 and summary_value(ws, "Клиентов на 80 % продаж") == 53
    assert "284 клиента с отгрузками · доля ключевых в продажах 65,5 % · 80 % продаж дают 53 клиента" in text
    assert "Traceback" not in text


def test_demo_lang_en_names_sheets_in_english(tmp_workdir: Path):
    result = run("demo", "--out", "tmp/demo_en.xlsx", "--lang", "en")
    assert result.exit_code == 0, result.output
    path = tmp_workdir / "tmp" / "demo_en.xlsx"
    assert openpyxl.load_workbook(path).sheetnames == EN_SHEETS
    assert count_key(path, "Yes") == 20
    assert "Key clients, Aug 2026 – Oct 2026" in plain(result.output)


# ---------------------------------------------------------------- build + --summary


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory) -> Path:
    """The demo's 1C-style export saved as a real .xlsx (`demo --save-export`)."""
    folder = tmp_path_factory.mktemp("demo_export")
    export = folder / "export.xlsx"
    result = run("demo", "--out", folder / "demo.xlsx", "--save-export", export)
    assert result.exit_code == 0, result.output
    return export


def test_demo_save_export_never_replaces_a_file_it_was_not_told_to(tmp_path: Path) -> None:
    """`--save-export` once wrote over any file, a user's real export too: it now refuses an
    existing file (before the demo workbook is written) unless --force, and the demo workbook."""
    export = tmp_path / "Продажи.xlsx"
    export.write_bytes(b"a user's export")
    refused = run("demo", "--out", tmp_path / "demo.xlsx", "--save-export", export, "--lang", "en")
    assert refused.exit_code == 2
    assert "Продажи.xlsx" in plain(refused.output) and "--force" in plain(refused.output)
    assert export.read_bytes() == b"a user's export"
    assert not (tmp_path / "demo.xlsx").exists()

    same = run("demo", "--out", tmp_path / "demo.xlsx", "--save-export", tmp_path / "demo.xlsx", "--lang", "en")
    assert same.exit_code == 2 and "--save-export points at the workbook itself" in plain(same.output)
    not_xlsx = run("demo", "--out", tmp_path / "demo.xlsx", "--save-export", tmp_path / "e.csv", "--lang", "en")
    assert not_xlsx.exit_code == 2 and "saved as .xlsx, not '.csv'" in plain(not_xlsx.output)

    forced = run("demo", "--out", tmp_path / "demo.xlsx", "--save-export", export, "--force")
    assert forced.exit_code == 0, forced.output
    assert openpyxl.load_workbook(export, read_only=True)["TDSheet"]["B1"].value == "Продажи по документам"


@pytest.fixture(scope="module")
def summary_build(demo_export: Path, tmp_path_factory) -> tuple[Path, dict, str]:
    folder = tmp_path_factory.mktemp("summary")
    workbook, summary = folder / "KeyClients.xlsx", folder / "key.json"
    result = run("build", workbook, "--export", demo_export, "--summary", summary)
    assert result.exit_code == 0, result.output
    return workbook, json.loads(summary.read_text(encoding="utf-8")), result.output


def test_summary_json_has_the_documented_fields(summary_build):
    _, data, _ = summary_build
    assert TOP_FIELDS <= data.keys()
    assert data["rule"] == "top_n"
    assert data["as_of"] == "2026-10"
    assert data["months"] == ["2026-08", "2026-09", "2026-10"]
    assert len(data["key_clients"]) == 20
    for entry in data["key_clients"]:
        assert ENTRY_FIELDS <= entry.keys()
        assert list(entry["monthly"]) == data["months"]
    assert [e["rank"] for e in data["key_clients"]] == list(range(1, 21))


def test_summary_json_agrees_with_the_workbook_cells(summary_build):
    workbook, data, output = summary_build
    ws = key_sheet(workbook)
    average_col = column(ws, "Среднее в месяц")
    labels = [c.value for c in ws[HEADER_ROW]][2:average_col]
    assert [f"{RU_ABBR[int(m[5:]) - 1]} {m[:4]}" for m in data["months"]] == labels
    rows = table_rows(ws)
    months = [list(map(float, row[2:average_col])) for row in rows]
    means = [sum(m) / len(m) for m in months]
    total_of_means = sum(means)

    assert data["clients_total"] == len(rows)  # the demo has no client with a total ≤ 0
    clients_cell = ws[summary_cell(ws, "Клиентов с отгрузками")].value
    assert clients_cell == f'=COUNTIF(F${HEADER_ROW + 1}:F${HEADER_ROW + len(rows)},">0")'
    assert data["sales_total"] == pytest.approx(sum(map(sum, months)), abs=0.01)
    key_col = column(ws, "Ключевой")
    key_means = [mean for mean, row in zip(means, rows, strict=True) if row[key_col] == "Да"]
    assert data["key_share"] == pytest.approx(sum(key_means) / total_of_means, abs=1e-6)

    running = 0.0
    headers = [c.value for c in ws[HEADER_ROW]]
    abc, xyz, shipped = headers.index("ABC"), headers.index("XYZ"), headers.index("Месяцев с отгрузками")
    for entry, row, month_values, mean in zip(data["key_clients"], rows, months, means, strict=False):
        share = mean / total_of_means
        running += share
        assert (entry["rank"], entry["client"]) == (row[0], row[1])
        assert list(entry["monthly"].values()) == pytest.approx(month_values, abs=0.01)
        assert entry["average"] == pytest.approx(mean, abs=0.01)
        assert entry["share"] == pytest.approx(share, abs=1e-6)
        assert entry["cumulative_share"] == pytest.approx(running, abs=1e-6)
        assert (entry["abc"], entry["xyz"]) == (row[abc], row[xyz])
        assert entry["months_shipped"] == row[shipped] == sum(v > 0 for v in month_values)
        assert row[key_col] == "Да"
    assert "key.json" in plain(output)


def test_build_from_saved_export_equals_the_demo(summary_build, demo_export):
    """The same data, once in memory (demo) and once through the saved .xlsx (build)."""
    workbook, _, _ = summary_build
    demo_rows = table_rows(key_sheet(demo_export.parent / "demo.xlsx"))
    built_rows = table_rows(key_sheet(workbook))
    assert [r[:2] for r in built_rows] == [r[:2] for r in demo_rows]
    for built, demo in zip(built_rows, demo_rows, strict=True):
        assert built[2:5] == pytest.approx(demo[2:5], abs=0.005)


# ---------------------------------------------------------------- errors


def test_build_missing_export_exits_2_naming_the_file(tmp_path: Path):
    missing = tmp_path / "Продажи_за_октябрь.xlsx"
    result = run("build", tmp_path / "KeyClients.xlsx", "--export", missing)
    assert result.exit_code == 2, result.output
    text = plain(result.output)
    assert "Продажи_за_октябрь.xlsx" in text
    assert "Traceback" not in text
    assert list(tmp_path.iterdir()) == []


EVERY_EXPORT = ".xlsx, .xlsm, .xls, .xlsb, .ods, .csv, .txt, .tsv, .parquet, .pq, .htm, .html"


@pytest.mark.parametrize(
    "lang, said",
    [
        (
            "ru",
            f"Ошибка: файл «Продажи.mxl»: формат «.mxl» не поддерживается; выгрузку можно дать в файле {EVERY_EXPORT}.",
        ),  # noqa: E501
        ("en", f"Error: file 'Продажи.mxl': format '.mxl' is not supported; an export can be a {EVERY_EXPORT} file."),
    ],
)
def test_an_unsupported_export_is_told_with_every_format_the_reader_takes(tmp_path: Path, lang, said):
    (tmp_path / "Продажи.mxl").write_bytes(b"MOXCEL")  # 1C's own spreadsheet format, saved by mistake
    result = run("build", tmp_path / "KeyClients.xlsx", "--export", tmp_path / "Продажи.mxl", "--lang", lang)
    assert result.exit_code == 2, result.output
    assert " ".join(plain(result.output).split()) == said
    assert f"({EVERY_EXPORT})" in t("help.build.export", lang)  # what `build --help` says of --export


def test_debug_lets_the_exception_propagate(tmp_path: Path):
    missing = tmp_path / "nowhere.csv"
    result = run("build", tmp_path / "KeyClients.xlsx", "--export", missing, "--debug")
    assert isinstance(result.exception, KeyClientsError)
    assert result.exception.key == "error.file_missing"
    assert result.exit_code not in (0, 2)
    frames = "".join(traceback.format_exception(*result.exc_info))
    assert "Traceback" in frames and "load_sheets" in frames


def test_no_full_month_message_without_debug_is_one_line(tmp_path: Path):
    export = write_csv(
        tmp_path / "week.csv", ["Date", "Client", "Amount"], [["2010-12-01", "A", 5], ["2010-12-07", "B", 3]]
    )
    result = run("build", tmp_path / "KeyClients.xlsx", "--export", export, "--lang", "en")
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "01.12.2010" in plain(result.output) and "07.12.2010" in plain(result.output)


def test_no_full_month_message_names_the_first_date_of_the_data(tmp_path: Path):
    export = write_csv(
        tmp_path / "week.csv", ["Date", "Client", "Amount"], [["2010-12-03", "A", 5], ["2010-12-07", "B", 3]]
    )
    result = run("build", tmp_path / "KeyClients.xlsx", "--export", export, "--lang", "en")
    assert result.exit_code == 2
    assert "03.12.2010 – 07.12.2010" in plain(result.output)


# ---------------------------------------------------------------- new and the settings sheet


@pytest.mark.parametrize(
    ("lang", "sheet", "stored", "words"),
    [
        (
            "ru",
            "Настройки",
            "ru",
            {
                "rule": "Топ N",
                "measure": "Выручка",
                "abc_boundary": "В верхний класс",
                "input_source": "Строки документов",
            },
        ),
        (
            "en",
            "Settings",
            "en",
            {"rule": "Top N", "measure": "Revenue", "abc_boundary": "Upper class", "input_source": "Document lines"},
        ),
    ],
)
def test_new_creates_a_workbook_with_default_settings(tmp_path: Path, lang, sheet, stored, words):
    path = tmp_path / "sub" / "Новая.xlsx"
    result = run("new", path, "--lang", lang)
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(path).sheetnames == [sheet]
    settings = settings_rows(path, sheet)
    assert {k: settings.get(k) for k in DEFAULT_SETTINGS} == DEFAULT_SETTINGS | words  # values shown as words
    assert settings["lang"] == stored


def test_a_command_line_option_applies_to_one_build_only(demo_export: Path, tmp_path: Path):
    workbook = tmp_path / "KeyClients.xlsx"
    first = run("build", workbook, "--export", demo_export, "--top", "5")
    assert first.exit_code == 0, first.output
    assert count_key(workbook) == 5
    assert settings_rows(workbook)["top_n"] == 20  # one-off: the settings sheet keeps the default
    assert "Настройки: top_n = 5 (командная строка)" in key_sheet(workbook)["C1"].value

    second = run("build", workbook, "--export", demo_export)  # next month's plain build: back to 20
    assert second.exit_code == 0, second.output
    assert count_key(workbook) == 20
    assert "Настройки" not in key_sheet(workbook)["C1"].value


def test_settings_sheet_is_read_back_on_the_next_build(demo_export: Path, tmp_path: Path):
    workbook = tmp_path / "KeyClients.xlsx"
    first = run("build", workbook, "--export", demo_export, "--top", "10", "--save-settings")
    assert first.exit_code == 0, first.output
    assert count_key(workbook) == 10
    assert settings_rows(workbook)["top_n"] == 10

    second = run("build", workbook, "--export", demo_export)  # no --top: the sheet says 10
    assert second.exit_code == 0, second.output
    assert count_key(workbook) == 10
    assert settings_rows(workbook)["top_n"] == 10
    assert "Настройки: top_n = 10 (лист настроек)" in key_sheet(workbook)["C1"].value
    assert len(list(tmp_path.glob("KeyClients.backup-*.xlsx"))) == 1

    # A value typed into the settings sheet by hand is used too.
    book = openpyxl.load_workbook(workbook)
    sheet = book["Настройки"]
    row = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 1).value == "top_n")
    sheet.cell(row, 2).value = 5
    book.save(workbook)
    third = run("build", workbook, "--export", demo_export, "--out", tmp_path / "five.xlsx")
    assert third.exit_code == 0, third.output
    assert count_key(tmp_path / "five.xlsx") == 5


def test_new_then_build_uses_the_new_workbook(demo_export: Path, tmp_path: Path):
    workbook = tmp_path / "KeyClients.xlsx"
    assert run("new", workbook).exit_code == 0
    result = run("build", workbook, "--export", demo_export, "--top", "7")
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(workbook).sheetnames == RU_SHEETS
    assert count_key(workbook) == 7


# ---------------------------------------------------------------- language


CLIENTS = {"Alpha": (300.0, 310.0, 320.0), "Beta": (100.0, 0.0, 200.0), "Gamma": (50.0, 60.0, 70.0)}


@pytest.mark.parametrize(
    ("header", "sheets", "yes"),
    [
        (["Дата", "Контрагент", "Сумма"], RU_SHEETS, "Да"),
        (["Date", "Customer", "Amount"], EN_SHEETS, "Yes"),
    ],
)
def test_lang_defaults_to_the_language_of_the_headers(tmp_path: Path, header, sheets, yes):
    export = write_csv(tmp_path / "sales.csv", header, three_month_rows(CLIENTS))
    workbook = tmp_path / "KeyClients.xlsx"
    result = run("build", workbook, "--export", export)
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(workbook).sheetnames == sheets
    assert count_key(workbook, yes) == 3
    ws = key_sheet(workbook)
    rows = table_rows(ws)
    assert [r[1] for r in rows] == ["Alpha", "Beta", "Gamma"]
    assert [r[2:5] for r in rows] == [CLIENTS["Alpha"], CLIENTS["Beta"], CLIENTS["Gamma"]]
    assert settings_rows(workbook, sheets[-1])["lang"] == ("ru" if yes == "Да" else "en")


def test_lang_option_overrides_the_headers(tmp_path: Path):
    export = write_csv(tmp_path / "sales.csv", ["Дата", "Контрагент", "Сумма"], three_month_rows(CLIENTS))
    workbook = tmp_path / "KeyClients.xlsx"
    result = run("build", workbook, "--export", export, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(workbook).sheetnames == EN_SHEETS


# ---------------------------------------------------------------- bugs found


@pytest.mark.parametrize("name", ["Beta [x]", "Rom [/x]"])
def test_client_names_with_brackets_are_printed_as_is(tmp_path: Path, name: str):
    clients = {name: (500.0, 500.0, 500.0), "Gamma": (50.0, 60.0, 70.0)}
    export = write_csv(tmp_path / "sales.csv", ["Date", "Customer", "Amount"], three_month_rows(clients))
    result = run("build", tmp_path / "KeyClients.xlsx", "--export", export)
    assert result.exit_code == 0, result.output
    assert name in result.output


def test_error_names_a_file_with_brackets(tmp_path: Path):
    result = run("build", tmp_path / "KeyClients.xlsx", "--export", tmp_path / "[q3]sales.csv")
    assert result.exit_code == 2
    assert "[q3]sales.csv" in plain(result.output)


def test_an_error_is_one_line_in_a_log_or_a_pipe(tmp_path):
    """Written to a pipe (a scheduled run's log), a long message was cut into lines at 80 columns
    by rich, and the progress bar left a blank line before it."""
    import subprocess
    import sys

    missing = tmp_path / ("очень длинное имя папки выгрузок отдела продаж за квартал" + "/Продажи за период.xlsx")
    command = [sys.executable, "-m", "keyclients_xl", "build", str(tmp_path / "k.xlsx"), "--export", str(missing)]
    for extra in ([], ["--quiet"]):
        ran = subprocess.run([*command, "--lang", "ru", *extra], capture_output=True, text=True, check=False)
        assert ran.returncode == 2
        assert ran.stderr.splitlines() == ["Ошибка: файл «Продажи за период.xlsx»: файл не найден."]
    ran = subprocess.run(
        [sys.executable, "-m", "keyclients_xl", "build", "k.xlsx", "--no-such-option-with-a-long-name", "x"],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert ran.returncode == 2 and len(ran.stderr.splitlines()) == 1


def test_what_a_build_is_pointed_at_by_mistake_is_named_before_anything_is_written(tmp_path):
    """The export as the report workbook (it became a report), a year mistyped in --today (an
    internal error), a Word document or an empty file as the workbook (an internal error, a raw
    'File is not a zip file'), a folder as --summary (found after the workbook was written)."""
    export = tmp_path / "Продажи.csv"
    export.write_text("Дата;Контрагент;Сумма\n15.08.2026;ООО Альфа;100\n", encoding="utf-8")
    word = tmp_path / "Отчёт.xlsx"
    rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    main = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    with zipfile.ZipFile(word, "w") as package:  # a Word document named .xlsx
        package.writestr("[Content_Types].xml", "<Types/>")
        rel = f'<Relationship Id="r1" Type="{main}" Target="word/document.xml"/>'
        package.writestr("_rels/.rels", f'<Relationships xmlns="{rels}">{rel}</Relationships>')
        package.writestr("word/document.xml", '<w:document xmlns:w="urn:w"/>')
    empty = tmp_path / "Пусто.xlsx"
    empty.write_bytes(b"")
    (tmp_path / "сводка").mkdir()
    cases = [
        (["build", tmp_path / "k.xlsx", "--export", export, "--today", "3026-11-15"], "вне 1900–2200 годов"),
        (["build", word, "--export", export], "это документ Word"),
        (["build", empty, "--export", export], "пустой файл"),
        (["build", tmp_path / "k.xlsx", "--export", export, "--summary", tmp_path / "сводка"], "это папка"),
    ]
    result = run("build", str(export), "--export", str(export), "--lang", "ru")
    assert result.exit_code == 2 and "Книга отчёта — это выгрузка «Продажи.csv»" in " ".join(result.output.split())
    for args, said in cases:
        before = {path: path.read_bytes() for path in (word, empty)}
        result = run(*map(str, args), "--lang", "ru")
        assert result.exit_code == 2 and said in " ".join(result.output.split()), result.output
        assert "внутренняя ошибка" not in result.output
        assert {path: path.read_bytes() for path in (word, empty)} == before
    assert not (tmp_path / "k.xlsx").exists()
