"""Kill builds at random moments and check that nothing was lost (shared by tests/test_kill.py
and benchmarks/kill_builds.py).

A child process imports the package once and then builds in a loop, so that a kill lands at a
random point of a build (reading, splicing, backing up, renaming) rather than during imports.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

REPO = Path(__file__).resolve().parents[1]
USER_SHEET = "Журнал визитов"
BACKUP = re.compile(r"^KeyClients\.backup-\d{8}-\d{6}(-\d+)?\.xlsx$")

_LOOP = """
import sys
from pathlib import Path
from keyclients_xl import build
workbook, export = Path(sys.argv[1]), Path(sys.argv[2])
top = 1
while True:
    build(workbook, [export], top_n=top, backups_keep=5)
    top = 3 - top
"""


def make_folder(folder: Path, visits: int = 3000) -> tuple[Path, Path, bytes]:
    """A workbook with a user sheet of `visits` rows, built once; the export; the user sheet's bytes."""
    export = folder / "sales.csv"
    lines = ["Дата;Контрагент;Сумма"]
    for n in range(1, 41):
        lines += [f"0{m}.0{m}.2026;Клиент {n:02d};{n * m * 10}" for m in (7, 8, 9)]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    workbook = folder / "KeyClients.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = USER_SHEET
    for i in range(visits):
        sheet.append([f"Клиент {i % 40:02d}", f"визит {i}", i * 1.5])
    book.save(workbook)
    result = run_build(workbook, export)
    assert result.returncode == 0, result.stderr
    return workbook, export, user_sheet_bytes(workbook)


def user_sheet_bytes(workbook: Path) -> bytes:
    with zipfile.ZipFile(workbook) as package:
        return package.read("xl/worksheets/sheet1.xml")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}


def run_build(workbook: Path, export: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "keyclients_xl", "build", str(workbook), "-e", str(export), *extra]
    return subprocess.run(command, capture_output=True, text=True, env=_env(), timeout=120, check=False)


def start_build(workbook: Path, export: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "keyclients_xl", "build", str(workbook), "-e", str(export)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())


@dataclass
class KillReport:
    kills: int = 0
    lost: list[str] = field(default_factory=list)  # the workbook missing, unreadable or its user sheet changed
    truncated: list[str] = field(default_factory=list)  # backups that are not whole packages
    leftovers: list[str] = field(default_factory=list)  # our temporary or lock files after the next run


def check_package(path: Path, user_sheet: bytes) -> str | None:
    """None when `path` is a whole workbook holding the user's sheet unchanged, else what is wrong."""
    try:
        with zipfile.ZipFile(path) as package:
            if package.testzip() is not None:
                return "bad CRC"
            if package.read("xl/worksheets/sheet1.xml") != user_sheet:
                return "user sheet changed"
        openpyxl.load_workbook(path, read_only=True).close()
    except Exception as exc:  # any failure to read is a loss
        return f"{type(exc).__name__}: {exc}"
    return None


def kill_builds(folder: Path, kills: int, seed: int = 8, window: tuple[float, float] = (1.3, 2.6)) -> KillReport:
    """SIGKILL a looping build `kills` times, checking the folder after each kill and at the end."""
    workbook, export, user_sheet = make_folder(folder)
    rng = random.Random(seed)
    report = KillReport()
    for _ in range(kills):
        child = subprocess.Popen(
            [sys.executable, "-c", _LOOP, str(workbook), str(export)], env=_env(), stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(*window))
        child.send_signal(signal.SIGKILL)
        child.wait()
        report.kills += 1
        problem = check_package(workbook, user_sheet) if workbook.exists() else "missing"
        if problem:
            report.lost.append(problem)
        for path in folder.iterdir():
            if BACKUP.match(path.name) and (problem := check_package(path, user_sheet)):
                report.truncated.append(f"{path.name}: {problem}")
    final = run_build(workbook, export)
    if final.returncode != 0:
        report.lost.append(f"the next build failed: {final.stderr[-300:]}")
    report.leftovers = sorted(p.name for p in folder.iterdir() if ".keyclients-" in p.name or p.name.endswith(".lock"))
    return report


def interrupt_builds(folder: Path, signals: list[int], seed: int = 3, window: tuple[float, float] = (1.3, 2.6)):
    """Send each of `signals` to a looping build once; after each, the folder must hold no
    temporary file or lock of ours, *before* any next run. Returns the problems found."""
    workbook, export, user_sheet = make_folder(folder)
    rng = random.Random(seed)
    problems = []
    for signum in signals:
        child = subprocess.Popen(
            [sys.executable, "-c", _LOOP, str(workbook), str(export)], env=_env(), stderr=subprocess.PIPE, text=True
        )
        time.sleep(rng.uniform(*window))
        child.send_signal(signum)
        _, stderr = child.communicate(timeout=60)  # a signal lost by the build would hang here
        left = sorted(p.name for p in folder.iterdir() if ".keyclients-" in p.name or p.name.endswith(".lock"))
        if left:
            problems.append(f"signal {signum}: left {left}; exit {child.returncode}; {stderr[-1500:]}")
        if problem := check_package(workbook, user_sheet):
            problems.append(f"signal {signum}: {problem}")
    return problems
