"""Crash safety: builds killed at random moments lose nothing; two builds at once lose nothing.
(A longer kill run: benchmarks/kill_builds.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from kill_runs import BACKUP, check_package, kill_builds, make_folder, start_build

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")


def test_twenty_kills_lose_nothing(tmp_path: Path):
    report = kill_builds(tmp_path, kills=20)
    assert report.kills == 20
    assert report.lost == []
    assert report.truncated == []
    assert report.leftovers == []  # the next run removed the killed builds' temporary files and lock
    assert [p for p in tmp_path.iterdir() if BACKUP.match(p.name)]  # backups were made along the way


def test_two_builds_at_once_one_waits_and_nothing_is_lost(tmp_path: Path):
    workbook, export, user_sheet = make_folder(tmp_path)
    first, second = start_build(workbook, export), start_build(workbook, export)
    outcomes = [(child.wait(timeout=120), child.communicate()[1]) for child in (first, second)]
    for code, stderr in outcomes:
        assert code == 0 or (code == 2 and ("another run" in stderr or "другой запуск" in stderr)), stderr
    assert any(code == 0 for code, _ in outcomes)
    assert check_package(workbook, user_sheet) is None
    backups = [p for p in tmp_path.iterdir() if BACKUP.match(p.name)]
    # make_folder's own build kept one; each build that ran kept the file as it found it.
    assert len(backups) == 1 + sum(code == 0 for code, _ in outcomes)
    assert all(check_package(p, user_sheet) is None for p in backups)
    assert not [p.name for p in tmp_path.iterdir() if ".keyclients-" in p.name or p.name.endswith(".lock")]


def test_ctrl_c_and_sigterm_leave_no_temporary_file(tmp_path: Path):
    import signal

    from kill_runs import interrupt_builds

    assert interrupt_builds(tmp_path, [signal.SIGTERM, signal.SIGINT] * 3) == []
