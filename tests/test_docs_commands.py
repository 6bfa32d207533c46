"""Every `keyclients …` command shown in README.md and docs/cli.md works as shown.

The commands are read out of the documents (code blocks and inline code), then each one is run
in a folder holding the files the docs name, made from the demo data: the exports with
`keyclients demo --save-export`, and from its lines the CSV files and a KeyClients.xlsm whose
input sheet holds them. The folder also holds KeyClients.xlsx, built from the export, for the commands that read a
report (`calendar`, `card`). A synopsis (`keyclients build WORKBOOK [--export FILE …]`) cannot run:
its command and every option it names must exist in that command's --help instead. Nothing is
skipped: a command that is neither runnable nor a synopsis fails the test.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from receivables_fixtures import aging_by_documents
from typer.testing import CliRunner

from keyclients_xl.cli import app
from keyclients_xl.demo import DEMO_AS_OF
from keyclients_xl.demo_data import make_demo_lines
from keyclients_xl.report.input_sheets import DATA_ROW

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", REPO / "docs" / "cli.md"]
# A synopsis: a placeholder in capitals (WORKBOOK, FILE), an optional part in brackets, or '…'.
SYNOPSIS = re.compile(r"\b[A-Z]{2,}\b|\[|…")
# The demo's 1C column → the column names the docs' CSV example uses.
SALES_CSV = {"Дата": "Order date", "Контрагент": "Customer", "Сумма": "Net"}
INPUT_COLUMNS = ("Дата", "Контрагент", "Номенклатура", "Количество", "Цена", "Сумма", "Менеджер", "Статус")


def shown_commands(path: Path) -> list[str]:
    """`keyclients …` in the document's code blocks (one per shell command) and inline code;
    transcripts (`$ keyclients …` followed by its output) are read by `transcripts`."""
    text = path.read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = re.sub(r"\s+#\s.*$", "", line)  # a trailing comment
            commands += [part.strip() for part in re.split(r"&&|;", line) if part.strip().startswith("keyclients")]
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    commands += re.findall(r"`(keyclients(?: [^`]*)?)`", prose)
    return list(dict.fromkeys(commands))


def transcripts(path: Path) -> list[tuple[str, str]]:
    """(command, the output shown under it) for each `$ keyclients …` line of a code block."""
    found = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, shown = chunk.partition("\n")
            found.append((command.strip(), shown.strip()))
    return found


COMMANDS = [(path.relative_to(REPO).as_posix(), command) for path in DOCS for command in shown_commands(path)]
TRANSCRIPTS = [(path.relative_to(REPO).as_posix(), *shown) for path in DOCS for shown in transcripts(path)]


def run(args: list[str]):
    return CliRunner().invoke(app, args, prog_name="keyclients", env={"KEYCLIENTS_LANG": "ru", "COLUMNS": "120"})


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    """A folder with every file the documented commands name."""
    folder = tmp_path_factory.mktemp("docs")
    export = folder / "Продажи (451).xlsx"
    made = run(["demo", "--out", str(folder / "demo.xlsx"), "--save-export", str(export)])
    assert made.exit_code == 0, made.output
    (folder / "demo.xlsx").unlink()
    shutil.copy(export, folder / "export.xlsx")
    aging_by_documents(folder / "Задолженность по срокам.xlsx")  # a receivables report (docs/cli.md)

    lines = make_demo_lines(as_of=DEMO_AS_OF).assign(Дата=lambda f: pd.to_datetime(f["Дата"]))
    for month, name in ((8, "aug"), (9, "sep"), (10, "oct")):  # as a Russian Excel saves CSV: ';' and 1234,5
        part = lines[lines["Дата"].dt.month == month]
        part.to_csv(folder / f"{name}.csv", sep=";", decimal=",", index=False, date_format="%d.%m.%Y")
    sales = lines[list(SALES_CSV)].rename(columns=SALES_CSV)
    sales.to_csv(folder / "sales.csv", index=False, date_format="%Y-%m-%d", encoding="utf-8")

    # A KeyClients.xlsm whose input sheet holds the demo lines, as a user pastes them.
    book_path = folder / "MyKeyClients.xlsm"
    assert run(["new", str(book_path)]).exit_code == 0
    book = openpyxl.load_workbook(book_path, keep_vba=True)
    sheet = book["Выгрузка"]
    for i, row in enumerate(lines[list(INPUT_COLUMNS)].itertuples(index=False)):
        for j, value in enumerate(row, start=1):
            sheet.cell(DATA_ROW + i, j, value.to_pydatetime() if j == 1 else value)
    book.save(book_path)

    # A report workbook built from the export, for the commands that read one (calendar, card).
    assert run(["build", str(folder / "KeyClients.xlsx"), "-e", str(export)]).exit_code == 0
    return folder


def test_the_docs_show_commands():
    shown = [command for _, command in COMMANDS]
    assert "keyclients demo" in shown and any(c.startswith("keyclients build") for c in shown)
    assert len([c for c in shown if not SYNOPSIS.search(c)]) >= 10


@pytest.mark.parametrize(("doc", "command"), COMMANDS, ids=[f"{d}: {c}" for d, c in COMMANDS])
def test_documented_command(prepared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, doc: str, command: str):
    args = shlex.split(command)[1:]
    if SYNOPSIS.search(command):
        # Not runnable as written: its command and every option it names exist.
        subcommand = [arg for arg in args[:1] if not arg.startswith("-") and not SYNOPSIS.search(arg)]
        result = run([*subcommand, "--help"])
        assert result.exit_code == 0, (command, result.output)
        for option in re.findall(r"--[a-z-]+", command):
            assert option in result.output, (command, option)
        return
    folder = tmp_path / "work"
    shutil.copytree(prepared, folder)
    monkeypatch.chdir(folder)
    if args[:1] == ["new"]:
        (folder / args[1]).unlink(missing_ok=True)  # `new` makes a file that is not there yet
    result = run(args)
    assert result.exit_code == 0, (command, result.output)
    assert "Ошибка" not in result.output, result.output
    if args[:1] == ["build"]:
        target = Path(args[args.index("--out") + 1]) if "--out" in args else Path(args[1])
        assert openpyxl.load_workbook(target).sheetnames[:1] != []
        assert "Книга записана" in result.output or "Workbook written" in result.output


@pytest.mark.parametrize(("doc", "command", "shown"), TRANSCRIPTS, ids=[f"{d}: $ {c}" for d, c, _ in TRANSCRIPTS])
def test_documented_transcript(tmp_workdir: Path, doc: str, command: str, shown: str):
    """A command shown with its output prints exactly that (an argument error here: nothing to prepare)."""
    result = run(shlex.split(command)[1:])
    assert " ".join(result.output.split()) == " ".join(shown.split()), command
    assert not list(tmp_workdir.iterdir())  # and writes nothing


def test_the_docs_show_transcripts():
    assert len(TRANSCRIPTS) >= 3


def test_a_csv_line_whose_amount_looks_like_a_month_is_still_a_line(tmp_path: Path):
    """Found while running the docs' monthly-CSV example on the demo's October lines: in a CSV every
    cell is text, and '2097.12' beside the date '02.10.2026' made two 'months' of a data line."""
    from keyclients_xl.read import read_export

    rows = [f"0{d}.10.2026;Клиент {d};{a}" for d, a in ((1, "120.5"), (2, "2097.12"), (3, "88.0"))]
    path = tmp_path / "oct.csv"
    path.write_text("Дата;Контрагент;Сумма\n" + "\n".join(rows) + "\n", encoding="utf-8")
    export = read_export(path)
    assert export.layout == "long"
    assert export.frame["amount"].tolist() == [120.5, 2097.12, 88.0]
