"""A lock file beside the workbook for the length of a build, so that two builds (or a build
and a ribbon click) never write the same workbook at once.

The file holds the owner's pid and start time. A lock whose process is gone (killed, power
cut) is stale and taken over. Hand-written because the usual library (filelock) keeps no
owner in the file, so it can neither name the running build nor tell a stale lock.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import KeyClientsError, Location
from .files import kept_on_exit, remove_on_exit, signals_deferred
from .process import alive, start_ticks

WAIT_SECONDS = 15.0
_POLL = 0.2
_STARTING = 10.0  # an unreadable lock younger than this is being written: wait for it


def lock_path(workbook: Path) -> Path:
    return workbook.with_name(f".{workbook.name}.keyclients.lock")


@dataclass
class BuildLock:
    path: Path

    def release(self) -> None:
        with signals_deferred():
            try:
                if _owner(self.path).get("pid") == os.getpid():
                    self.path.unlink()
            except OSError:
                pass
            kept_on_exit(self.path)

    def __enter__(self) -> BuildLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def _owner(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _stale(path: Path) -> bool:
    owner = _owner(path)
    if "pid" not in owner:
        try:
            return time.time() - path.stat().st_mtime > _STARTING
        except OSError:
            return False
    return not alive(int(owner["pid"]), owner.get("ticks"))


def acquire(workbook: Path, wait: float = WAIT_SECONDS) -> BuildLock:
    """Take the workbook's lock, waiting up to `wait` seconds for another build to finish."""
    path = lock_path(workbook)
    deadline = time.monotonic() + wait
    me = {"pid": os.getpid(), "ticks": start_ticks(os.getpid()), "started": dt.datetime.now().isoformat("T", "seconds")}
    while True:
        with signals_deferred():  # the lock file is created and filled in, or not at all
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except PermissionError as exc:
                raise KeyClientsError("error.folder_not_writable", Location(), {"folder": str(path.parent)}) from exc
            except FileExistsError:
                fd = None
            if fd is not None:
                with os.fdopen(fd, "w", encoding="utf-8") as file:
                    json.dump(me, file)
                    file.flush()
                    os.fsync(file.fileno())
                remove_on_exit(path)  # also when interrupted before the caller's `with` takes it
                return BuildLock(path)
        if _stale(path):
            _take_over(path)
            continue
        if time.monotonic() >= deadline:
            owner = _owner(path)
            raise KeyClientsError(
                "error.locked",
                Location(file=workbook.name),
                {"pid": owner.get("pid", "?"), "started": owner.get("started", "?")},
            )
        time.sleep(_POLL)


def _take_over(path: Path) -> None:
    """Remove a stale lock, unless another run replaced it meanwhile (same file checked)."""
    try:
        before = path.stat()
        if _stale(path) and path.stat().st_ino == before.st_ino:
            path.unlink()
    except FileNotFoundError:
        pass
