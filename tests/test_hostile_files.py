"""Hostile and odd export files (tests/hostile_corpus.py).

Through the command line, each hostile file ends in exit code 2 with one line in the user's
language naming the file, within a time limit and a peak-memory bound taken from `wait4`'s
resource usage of that process alone. The corpus runs through tests/cli_forks.py (one forked
process per file, the import paid once); two files also run through `python -m keyclients_xl`
itself. In process, each file gives its own message key. The odd but honest files (Excel's
"Unicode Text", HTML saved as .xls, names with control characters) are read, and their
clients and amounts are checked against LINES, summed by hand.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from hostile_corpus import HOSTILE, READABLE, write_corpus

from keyclients_xl.errors import KeyClientsError
from keyclients_xl.read import combine, read_export
from keyclients_xl.read.sources import load_sheets

REPO = Path(__file__).resolve().parents[1]
CLI_SECONDS = 60  # per run: a start of Python and pandas is 1–4 s on a busy 2-core machine
# Peak resident memory of one CLI run. A bare start (Python, pandas, openpyxl, calamine) is about
# 120 MB here, a small build about 140 MB; before the guards a far cell asked for 512 GiB.
CLI_PEAK_MB = 200
DUCKDB_PEAK_MB = 260  # a case that DuckDB measures: its import and start take about 70 MB
ADDRESS_SPACE_CAP = 8 << 30  # a safety net for this machine should a guard regress: 8 GiB virtual

# By hand from LINES: Альфа 1200.5 + 800 + 100, Бета 300 + 700, Гамма 50.
EXPECTED = {"ООО Альфа": 2100.5, "ООО Бета": 1000.0, "ИП Гамма": 50.0}


def spaced(text: str) -> str:
    """Babel groups thousands with a non-breaking space; the expected words use a plain one."""
    return text.replace("\u00a0", " ")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    peak_mb: float
    seconds: float
    folder: Path


def _cap_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))


def run_cli(args: list[str], cwd: Path, lang: str = "ru") -> Run:
    """`python -m keyclients_xl ARGS` as a child process; its own peak RSS (VmHWM) comes from tests/peak_rss.py."""
    env = {**os.environ, "KEYCLIENTS_LANG": lang, "COLUMNS": "1000", "PYTHONPATH": str(REPO)}
    peak_file = Path(tempfile.mkdtemp()) / "peak_kb"
    wrapper = Path(__file__).with_name("peak_rss.py")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, str(wrapper), str(peak_file), "-m", "keyclients_xl", *args],
            stdout=out, stderr=err, cwd=cwd, env=env, preexec_fn=_cap_address_space,
        )  # fmt: skip
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > CLI_SECONDS:
                child.kill()
                os.wait4(child.pid, 0)
                child.returncode = -9
                pytest.fail(f"{args}: still running after {CLI_SECONDS} s")
            time.sleep(0.02)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        peak_mb = int(peak_file.read_text()) / 1024  # VmHWM, kilobytes
        return Run(child.returncode, out.read().decode(), err.read().decode(), peak_mb, seconds, cwd)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return write_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def cli_runs(corpus: dict[str, Path], tmp_path_factory) -> dict[str, Run]:
    """Every corpus file through the command line once, each building into a folder of its own."""
    names = [case.name for case in [*HOSTILE, *READABLE]]
    folders = {name: tmp_path_factory.mktemp("out") for name in names}
    env = {"KEYCLIENTS_LANG": "ru"}
    jobs = [
        {
            "args": ["build", str(folders[n] / "KeyClients.xlsx"), "--export", str(corpus[n])],
            "cwd": str(folders[n]),
            "env": env,
        }
        for n in names
    ]
    server_env = {**os.environ, "COLUMNS": "1000", "PYTHONPATH": str(REPO), "CLI_FORKS_SECONDS": str(CLI_SECONDS)}
    done = subprocess.run(
        [sys.executable, str(REPO / "tests" / "cli_forks.py")],
        input=json.dumps(jobs), capture_output=True, text=True, env=server_env, timeout=CLI_SECONDS * len(jobs),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    return {
        n: Run(r["code"], r["stdout"], r["stderr"], r["peak_kb"] / 1024, r["seconds"], folders[n])
        for n, r in zip(names, results, strict=True)
    }


# ---------------------------------------------------------------- through the command line


@pytest.mark.parametrize("case", HOSTILE, ids=lambda case: case.name)
def test_hostile_file_exits_2_with_one_russian_line_in_bounded_time_and_memory(case, cli_runs):
    run = cli_runs[case.name]
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.code == 2, run.stderr
    assert lines == [lines[0]] and lines[0].startswith(f"Ошибка: файл «{case.name}»"), run.stderr
    assert case.words in spaced(lines[0])
    assert "Traceback" not in run.stderr and "internal" not in run.stderr and "внутренняя" not in run.stderr
    assert run.stdout == ""
    assert run.peak_mb < (DUCKDB_PEAK_MB if case.uses_duckdb else CLI_PEAK_MB), f"peak RSS {run.peak_mb:.0f} MB"
    assert run.seconds < CLI_SECONDS


@pytest.mark.parametrize("case", READABLE, ids=lambda case: case.name)
def test_odd_but_honest_file_builds_a_report_in_bounded_memory(case, cli_runs):
    run = cli_runs[case.name]
    assert run.code == 0, run.stderr
    assert run.peak_mb < CLI_PEAK_MB, f"peak RSS {run.peak_mb:.0f} MB"
    sheet = openpyxl.load_workbook(run.folder / "KeyClients.xlsx").worksheets[0]
    listed = {cell.value for row in sheet.iter_rows() for cell in row} & set(EXPECTED)
    assert listed == set(EXPECTED)


def test_python_m_keyclients_xl_on_a_far_cell_exits_2_in_bounded_memory(corpus, tmp_path):
    """The real entry point, in a fresh interpreter: the headline case of the corpus."""
    run = run_cli(["build", str(tmp_path / "KeyClients.xlsx"), "--export", str(corpus["far_cell.xlsx"])], tmp_path)
    assert run.code == 2, run.stderr
    assert spaced(run.stderr.strip()).startswith("Ошибка: файл «far_cell.xlsx», лист «TDSheet»: последняя")
    assert "XFD1048576" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert run.peak_mb < CLI_PEAK_MB, f"peak RSS {run.peak_mb:.0f} MB"
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_python_m_keyclients_xl_password_message_in_english(corpus, tmp_path):
    export = corpus["password.xlsx"]
    run = run_cli(["build", str(tmp_path / "KeyClients.xlsx"), "--export", str(export)], tmp_path, "en")
    assert run.code == 2
    assert run.stderr.strip() == (
        "Error: file 'password.xlsx': password-protected workbook: remove the password in Excel and save a copy."
    )


def test_a_control_character_in_a_name_no_longer_breaks_the_workbook(cli_runs):
    """Before: openpyxl refused the name (IllegalCharacterError) and the CLI said 'internal error'."""
    run = cli_runs["control_characters.csv"]
    assert run.code == 0, run.stderr
    sheet = openpyxl.load_workbook(run.folder / "KeyClients.xlsx").worksheets[0]
    names = {cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    assert {"ООО Альфа", "ООО Бета"} <= names
    assert not any(ch in name for name in names for ch in map(chr, range(32)) if ch not in "\n")
    assert any("управляющие символы" in name and "ООО Альфа" in name for name in names)  # the note


# ---------------------------------------------------------------- in process: one message per case


@pytest.mark.parametrize("case", HOSTILE, ids=lambda case: case.name)
def test_hostile_file_gives_its_own_message(case, corpus):
    with pytest.raises(KeyClientsError) as caught:
        load_sheets(corpus[case.name])
    error = caught.value
    assert error.key == case.key
    assert error.where.file == case.name
    assert case.words in spaced(error.message("ru"))
    assert error.message("en") != error.message("ru")


@pytest.mark.parametrize("case", READABLE, ids=lambda case: case.name)
def test_odd_file_reads_the_clients_and_amounts_by_hand(case, corpus):
    shipments = combine([read_export(corpus[case.name])])
    assert shipments.frame.groupby("client")["amount"].sum().to_dict() == EXPECTED
    assert len(shipments.frame) == 6  # the total row of the HTML export is not a shipment
    assert sorted(shipments.frame["date"].dt.strftime("%Y-%m-%d")) == [
        "2026-08-05", "2026-08-12", "2026-09-03", "2026-09-30", "2026-10-02", "2026-10-31",
    ]  # fmt: skip
