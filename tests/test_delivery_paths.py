"""Where a build writes: allowed outputs, --out and --summary, symlinks, the lock, Excel's
owner file, permissions, missing folders, backups, temporary files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import keyclients_xl.deliver.files as files
import keyclients_xl.deliver.lock as lock
import keyclients_xl.deliver.publish as publish_module
from keyclients_xl import KeyClientsError, build
from keyclients_xl.cli import app

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

EXPORT = "Дата;Контрагент;Сумма\n01.08.2026;Альфа;5\n02.09.2026;Бета;7\n31.10.2026;Альфа;5\n"


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: (p.read_bytes() if p.is_file() else b"<dir>") for p in sorted(folder.iterdir())}


def run(*args) -> object:
    """The CLI, its messages in Russian unless --lang says otherwise."""
    return CliRunner(env={"KEYCLIENTS_LANG": "ru"}).invoke(app, [str(a) for a in args])


def one_line(output: str) -> str:
    return " ".join(output.split())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "export.csv").write_text(EXPORT, encoding="utf-8")
    build(tmp_path / "KeyClients.xlsx", [tmp_path / "export.csv"])
    return tmp_path


# ---------------------------------------------------------------- allowed outputs


@pytest.mark.parametrize("name", ["report.csv", "report.xls", "report.xlsb", "report.ods", "report.txt", "report"])
def test_only_xlsx_and_xlsm_are_written(folder: Path, name: str):
    before = listing(folder)
    for args in (["build", folder / name], ["build", folder / "KeyClients.xlsx", "--out", folder / name]):
        result = run(*args, "--export", folder / "export.csv")
        assert result.exit_code == 2, result.output
        assert "только как .xlsx или .xlsm" in one_line(result.output)
    assert listing(folder) == before


def test_out_onto_a_file_that_is_not_a_report_needs_force(folder: Path):
    other = folder / "Бюджет.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "бюджет"
    book.save(other)
    original = other.read_bytes()
    refused = run("build", folder / "KeyClients.xlsx", "--export", folder / "export.csv", "--out", other)
    assert refused.exit_code == 2 and "--force" in refused.output
    assert other.read_bytes() == original

    forced = run("build", folder / "KeyClients.xlsx", "-e", folder / "export.csv", "--out", other, "--force")
    assert forced.exit_code == 0, forced.output
    backups = list(folder.glob("Бюджет.backup-*.xlsx"))
    assert [p.read_bytes() for p in backups] == [original]
    assert "Ключевые клиенты" in openpyxl.load_workbook(other).sheetnames


def test_out_onto_an_older_report_is_allowed_and_backed_up(folder: Path):
    copy = folder / "Копия.xlsx"
    build(folder / "KeyClients.xlsx", [folder / "export.csv"], out=copy)
    first = copy.read_bytes()
    build(folder / "KeyClients.xlsx", [folder / "export.csv"], out=copy, top_n=1)
    assert [p.read_bytes() for p in folder.glob("Копия.backup-*.xlsx")] == [first]


@pytest.mark.parametrize(
    ("option", "target", "what"),
    [
        ("--out", "export.csv", "выгрузку"),
        ("--summary", "export.csv", "выгрузку"),
        ("--summary", "KeyClients.xlsx", "саму книгу"),
        ("--out", "KeyClients.xlsx", "саму книгу"),
    ],
)
def test_out_or_summary_onto_an_export_or_the_workbook_is_refused(folder: Path, option, target, what):
    before = listing(folder)
    result = run("build", folder / "KeyClients.xlsx", "-e", folder / "export.csv", option, folder / target)
    assert result.exit_code == 2
    assert f"{option} указывает на {what}" in one_line(result.output)
    assert listing(folder) == before


def test_missing_folders_are_an_error_not_created(folder: Path):
    before = listing(folder)
    for option, path in (("--out", folder / "нет" / "out.xlsx"), ("--summary", folder / "нет" / "s.json")):
        result = run("build", folder / "KeyClients.xlsx", "-e", folder / "export.csv", option, path)
        assert result.exit_code == 2 and "папки" in one_line(result.output).lower()
    assert listing(folder) == before


# ---------------------------------------------------------------- the file itself


def test_a_symlinked_workbook_stays_a_link_and_its_target_is_updated(folder: Path):
    real = folder / "real"
    real.mkdir()
    (folder / "KeyClients.xlsx").rename(real / "KeyClients.xlsx")
    link = folder / "KeyClients.xlsx"
    link.symlink_to(real / "KeyClients.xlsx")
    old = (real / "KeyClients.xlsx").read_bytes()
    result = build(link, [folder / "export.csv"], top_n=1)
    assert link.is_symlink() and link.resolve() == (real / "KeyClients.xlsx").resolve()
    assert (real / "KeyClients.xlsx").read_bytes() != old
    assert result.backup.parent == real and result.backup.read_bytes() == old


def test_a_read_only_workbook_gets_a_clear_error(folder: Path):
    workbook = folder / "KeyClients.xlsx"
    workbook.chmod(0o444)
    before = listing(folder)
    result = run("build", workbook, "-e", folder / "export.csv")
    workbook.chmod(0o644)
    assert result.exit_code == 2 and "только для чтения" in one_line(result.output)
    assert listing(folder) == before


def test_a_folder_without_write_access_names_the_folder(folder: Path, monkeypatch):
    """Permission bits do not stop root (the CI user), so the refusal is simulated where it happens."""
    real_open = os.open

    def no_create(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and Path(path).parent == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_create)
    before = listing(folder)
    result = run("build", folder / "KeyClients.xlsx", "-e", folder / "export.csv")
    assert result.exit_code == 2, result.output
    text = one_line(result.output)
    assert "Нет доступа на запись в папку" in text and folder.name in text
    assert "PermissionError" not in text
    monkeypatch.undo()
    assert listing(folder) == before


def test_excel_owner_file_means_the_workbook_is_open_in_excel(folder: Path):
    (folder / "~$KeyClients.xlsx").write_bytes(b"\x0bManager" + b" " * 100)
    before = listing(folder)
    result = run("build", folder / "KeyClients.xlsx", "-e", folder / "export.csv", "--lang", "en")
    assert result.exit_code == 2
    assert "the workbook is open in Excel: close it, or use the ribbon button inside Excel" in one_line(result.output)
    assert listing(folder) == before


# ---------------------------------------------------------------- the summary


def test_summary_is_written_with_the_workbook(folder: Path):
    result = build(folder / "KeyClients.xlsx", [folder / "export.csv"], summary=folder / "s.json")
    assert json.loads((folder / "s.json").read_text(encoding="utf-8"))["clients_total"] == 2
    assert result.backup is not None


def test_a_failing_workbook_write_publishes_no_summary(folder: Path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish_module, "write_workbook", broken)
    before = listing(folder)
    with pytest.raises(KeyClientsError) as caught:
        build(folder / "KeyClients.xlsx", [folder / "export.csv"], summary=folder / "s.json")
    assert caught.value.key == "error.write_failed"
    assert listing(folder) == before  # no summary, no temporary file, no backup


def test_a_summary_that_fails_after_the_workbook_says_the_workbook_was_updated(folder: Path, monkeypatch):
    real_publish = publish_module.publish

    def fail_on_summary(tmp, target):
        if target.suffix == ".json":
            raise OSError(5, "Input/output error")
        real_publish(tmp, target)

    monkeypatch.setattr(publish_module, "publish", fail_on_summary)
    old = (folder / "KeyClients.xlsx").read_bytes()
    with pytest.raises(KeyClientsError) as caught:
        build(folder / "KeyClients.xlsx", [folder / "export.csv"], summary=folder / "s.json", top_n=1)
    assert caught.value.key == "error.summary_failed"
    assert "workbook was updated" in caught.value.message("en") and "unchanged" not in caught.value.message("en")
    assert (folder / "KeyClients.xlsx").read_bytes() != old
    assert not [p for p in folder.iterdir() if ".keyclients-" in p.name]


# ---------------------------------------------------------------- backups


def test_backups_keep_the_last_n(folder: Path):
    workbook = folder / "KeyClients.xlsx"
    versions = []
    for top in (1, 2, 1, 2, 1):
        versions.append(workbook.read_bytes())
        build(workbook, [folder / "export.csv"], top_n=top, backups_keep=3)
    backups = files.backups_of(workbook)
    assert [p.read_bytes() for p in backups] == versions[-3:]
    for path in backups:
        with zipfile.ZipFile(path) as package:
            assert package.testzip() is None


def test_backup_names_are_unique_within_one_second(folder: Path, monkeypatch):
    import datetime as dt
    import types

    frozen = dt.datetime(2026, 11, 27, 4, 15, 0)
    monkeypatch.setattr(files, "dt", types.SimpleNamespace(datetime=types.SimpleNamespace(now=lambda: frozen)))
    for top in (1, 2, 1):
        build(folder / "KeyClients.xlsx", [folder / "export.csv"], top_n=top)
    names = sorted(p.name for p in files.backups_of(folder / "KeyClients.xlsx"))
    assert names == [
        "KeyClients.backup-20261127-041500-2.xlsx",
        "KeyClients.backup-20261127-041500-3.xlsx",
        "KeyClients.backup-20261127-041500.xlsx",
    ]


# ---------------------------------------------------------------- lock and temporary files


def test_a_live_lock_makes_the_build_wait_then_refuse(folder: Path, monkeypatch):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        path = lock.lock_path(folder / "KeyClients.xlsx")
        path.write_text(json.dumps({"pid": sleeper.pid, "started": "2026-11-27T04:15:00"}), encoding="utf-8")
        monkeypatch.setattr(lock, "WAIT_SECONDS", 0.5)
        monkeypatch.setattr(lock.acquire, "__defaults__", (0.5,))
        before = (folder / "KeyClients.xlsx").read_bytes()
        result = run("build", folder / "KeyClients.xlsx", "-e", folder / "export.csv")
        assert result.exit_code == 2
        assert f"процесс {sleeper.pid}" in one_line(result.output)
        assert (folder / "KeyClients.xlsx").read_bytes() == before
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_stale_lock_of_a_dead_process_is_taken_over(folder: Path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    path = lock.lock_path(folder / "KeyClients.xlsx")
    path.write_text(json.dumps({"pid": dead.pid, "started": "2026-11-27T04:15:00"}), encoding="utf-8")
    result = build(folder / "KeyClients.xlsx", [folder / "export.csv"], top_n=1)
    assert result.backup is not None and not path.exists()


def test_stale_temporary_files_of_dead_builds_are_removed(folder: Path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = folder / f".KeyClients.xlsx.keyclients-{dead.pid}-0badf00d.tmp"
    stale.write_bytes(b"PK half")
    alive = folder / f".KeyClients.xlsx.keyclients-{os.getppid()}-0badf00d.tmp"  # a running process's
    alive.write_bytes(b"PK busy")
    build(folder / "KeyClients.xlsx", [folder / "export.csv"], top_n=1)
    assert not stale.exists() and alive.exists()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_removes_the_temporary_files_and_the_lock(tmp_path: Path, signum):
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from keyclients_xl.deliver import files, lock\n"
        "target = Path(sys.argv[1])\n"
        "with files.temps_removed_on_signals(), lock.acquire(target):\n"
        "    files.temp_beside(target)\n"
        "    print('ready', flush=True)\n"
        "    time.sleep(30)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path / "KeyClients.xlsx")], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout.readline().strip() == "ready"
    assert len(list(tmp_path.iterdir())) == 2  # the temporary file and the lock
    child.send_signal(signum)
    assert child.wait(timeout=30) == 128 + signum
    assert list(tmp_path.iterdir()) == []


def test_an_exception_inside_removes_the_temporary_files(tmp_path: Path):
    target = tmp_path / "KeyClients.xlsx"
    with pytest.raises(KeyboardInterrupt), files.temps_removed_on_signals():
        files.temp_beside(target)
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_a_sharing_violation_at_replace_time_means_open_in_excel(folder: Path, monkeypatch):
    """Windows refuses to replace a file Excel holds open (WinError 32): same message, nothing lost."""
    real_replace = os.replace

    def sharing_violation(source, target):
        if Path(target).name == "KeyClients.xlsx":
            error = PermissionError(13, "The process cannot access the file")
            error.winerror = 32
            raise error
        real_replace(source, target)

    monkeypatch.setattr(files.os, "replace", sharing_violation)
    before = listing(folder)
    with pytest.raises(KeyClientsError) as caught:
        build(folder / "KeyClients.xlsx", [folder / "export.csv"], top_n=1)
    assert caught.value.key == "error.open_in_excel"
    assert listing(folder) == before  # no backup left behind, no temporary file
