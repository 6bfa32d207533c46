"""Writing files so that a failure or a kill never leaves a half-written or lost workbook.

- New contents go to a temporary file beside the target (named with our pid), are fsynced,
  and replace the target in one rename; the folder is fsynced after it.
- Temporary files are removed on any error, on Ctrl+C and on SIGTERM; those of a killed
  build (its pid gone) are removed by the next run.
- A backup is a hard link to the old file (the rename then leaves the old bytes there), or,
  where the file system has no hard links, a copy written and fsynced under a temporary name
  and renamed. Either way a backup name never holds a partial file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import shutil
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import KeyClientsError, Location
from .process import alive

_TEMP = re.compile(r"^\..+\.keyclients-(\d+)-[0-9a-f]+\.tmp$")
_live_temps: set[Path] = set()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_deferring = 0
_pending: list[int] = []


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Ctrl+C and SIGTERM (caught by temps_removed_on_signals) wait until the block is done,
    so that a file and the record of it (a temporary file, the lock) are made or removed
    together. Python runs signal handlers between bytecodes of the main thread, so a counter
    is enough: the handler sees it and leaves the signal pending."""
    global _deferring
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1
        if not _deferring and _pending:
            _end_run(_pending[0])


def _end_run(signum: int) -> None:
    for path in list(_live_temps):
        try:
            path.unlink()
        except OSError:
            pass
    os._exit(128 + signum)


def temp_beside(target: Path) -> Path:
    """A new empty temporary file in the target's folder, removed again by :func:`discard`."""
    while True:
        path = target.with_name(f".{target.name}.keyclients-{os.getpid()}-{secrets.token_hex(4)}.tmp")
        with signals_deferred():
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                continue
            except PermissionError as exc:
                raise KeyClientsError("error.folder_not_writable", Location(), {"folder": str(target.parent)}) from exc
            os.close(fd)
            _live_temps.add(path)
        return path


def remove_on_exit(path: Path) -> None:
    """Remove `path` when the run is interrupted (see temps_removed_on_signals)."""
    _live_temps.add(path)


def kept_on_exit(path: Path) -> None:
    _live_temps.discard(path)


def discard(path: Path) -> None:
    with signals_deferred():
        path.unlink(missing_ok=True)
        _live_temps.discard(path)


def remove_stale_temps(folder: Path) -> list[Path]:
    """Temporary files of ours left by builds that were killed (their pid no longer runs)."""
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for path in entries:
        match = _TEMP.match(path.name)
        if match and int(match[1]) != os.getpid() and not alive(int(match[1])):
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                pass
    return removed


@contextmanager
def temps_removed_on_signals() -> Iterator[None]:
    """While inside, Ctrl+C and SIGTERM remove this run's temporary files (and its lock) and
    end the process at once (exit 130 / 143). Ending at once, rather than raising through the
    code, is what makes it certain: Python drops an exception raised while a finalizer runs.
    Every file a build changes is either a registered temporary file or replaced by a rename,
    so nothing is left half done. (SIGKILL cannot be caught: the next run cleans up.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupted(signum, frame):
        if _deferring:
            _pending.append(signum)
        else:
            _end_run(signum)

    wanted = [signal.SIGINT] + ([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])
    previous = {signum: signal.signal(signum, interrupted) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for path in list(_live_temps):
            discard(path)


def fsync_file(path: Path) -> None:
    with path.open("rb+") as file:
        os.fsync(file.fileno())


def fsync_folder(folder: Path) -> None:
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(tmp: Path, target: Path) -> None:
    """Give `tmp` the target's permissions, fsync it and rename it over `target`."""
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
    os.chmod(tmp, mode)
    fsync_file(tmp)
    with signals_deferred():
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            if getattr(exc, "winerror", None) == 32:  # sharing violation: Excel holds the file
                raise KeyClientsError("error.open_in_excel", Location(file=target.name)) from exc
            raise
        _live_temps.discard(tmp)
    fsync_folder(target.parent)


def _atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Write to a temporary file in the target's folder, then replace the target in one step."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(target)
    try:
        write(tmp)
        publish(tmp, target)
    except KeyClientsError:
        discard(tmp)
        raise
    except BaseException as exc:
        discard(tmp)
        if not isinstance(exc, Exception):
            raise
        raise KeyClientsError("error.write_failed", Location(file=target.name), {"detail": str(exc)[:200]}) from exc


def save_atomically(workbook, target: Path) -> None:
    """Save an openpyxl workbook to `target` atomically."""
    _atomic(target, lambda tmp: workbook.save(tmp))


def write_text_atomically(target: Path, text: str) -> None:
    _atomic(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))


# ---------------------------------------------------------------- backups

_STAMP = "%Y%m%d-%H%M%S"


def _backup_pattern(path: Path) -> re.Pattern:
    return re.compile(rf"^{re.escape(path.stem)}\.backup-(\d{{8}}-\d{{6}})(?:-(\d+))?{re.escape(path.suffix)}$")


def backup_path(path: Path, now: dt.datetime | None = None, number: int = 1) -> Path:
    """'KeyClients.xlsx' → 'KeyClients.backup-20261127-041500.xlsx' (-2, -3 … for the same second)."""
    stamp = (now or dt.datetime.now()).strftime(_STAMP)
    return path.with_name(f"{path.stem}.backup-{stamp}{'' if number == 1 else f'-{number}'}{path.suffix}")


def make_backup(path: Path) -> Path:
    """Keep the current `path` under a new unique backup name, atomically."""
    now = dt.datetime.now()
    try:
        return _claim(path, now, lambda candidate: os.link(path, candidate))
    except OSError:  # no hard links on this file system (FAT, some network shares): copy
        pass
    tmp = temp_beside(path)
    try:
        shutil.copyfile(path, tmp)
        fsync_file(tmp)
        backup = _claim(path, now, lambda candidate: _rename_if_free(tmp, candidate))
    finally:
        discard(tmp)
    fsync_folder(path.parent)
    return backup


def _rename_if_free(tmp: Path, candidate: Path) -> None:
    if candidate.exists():
        raise FileExistsError(candidate)
    os.replace(tmp, candidate)


def _claim(path: Path, now: dt.datetime, create: Callable[[Path], None]) -> Path:
    # After the latest backup of the same second, so that names keep their order even when
    # older ones of that second were pruned.
    stamp = now.strftime(_STAMP)
    pattern = _backup_pattern(path)
    taken = [int(m[2] or 1) for e in path.parent.iterdir() if (m := pattern.match(e.name)) and m[1] == stamp]
    number = max(taken, default=0) + 1
    while True:
        candidate = backup_path(path, now, number)
        try:
            create(candidate)
            return candidate
        except FileExistsError:
            number += 1


def backups_of(path: Path) -> list[Path]:
    """The workbook's backups beside it, oldest first."""
    pattern = _backup_pattern(path)
    found = []
    for entry in path.parent.iterdir():
        match = pattern.match(entry.name)
        if match:
            found.append(((match[1], int(match[2] or 1)), entry))
    return [entry for _, entry in sorted(found)]


def prune_backups(path: Path, keep: int) -> list[Path]:
    """Remove all but the `keep` latest backups of `path`; the removed ones."""
    old = backups_of(path)[:-keep] if keep > 0 else []
    for entry in old:
        entry.unlink(missing_ok=True)
    return old
