"""Writing files so that a failure never leaves a half-written or lost workbook."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import KeyClientsError, Location


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Write to a temporary file in the target's folder, then replace the target in one step."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f"{target.suffix}.tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        # mkstemp makes the file private (0600); give it the old file's mode, or the usual one.
        os.chmod(tmp, stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
    except KeyClientsError:
        tmp.unlink(missing_ok=True)
        raise
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        raise KeyClientsError("error.write_failed", Location(file=target.name), {"detail": str(exc)[:200]}) from exc


def save_atomically(workbook, target: Path) -> None:
    """Save an openpyxl workbook to `target` atomically."""
    _atomic(target, lambda tmp: workbook.save(tmp))


def write_text_atomically(target: Path, text: str) -> None:
    _atomic(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def backup_path(path: Path, now: dt.datetime | None = None) -> Path:
    """'KeyClients.xlsx' → 'KeyClients.backup-20261127-041500.xlsx' beside it (-2, -3 … if taken)."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}.backup-{stamp}-{number}{path.suffix}")
    return candidate


def make_backup(path: Path) -> Path:
    backup = backup_path(path)
    shutil.copy2(path, backup)
    return backup
