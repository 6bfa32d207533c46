"""Where a build may write: checked before anything is read or written."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import KeyClientsError, Location
from ..i18n import Phrases

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Targets:
    workbook: Path  # the workbook as given (may be a symlink)
    target: Path  # the file written: --out or the workbook, symlinks followed
    summary: Path | None
    in_place: bool

    @property
    def macro_enabled(self) -> bool:
        return self.target.suffix.lower() == ".xlsm"


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def excel_owner_file(path: Path) -> Path | None:
    """Excel's hidden owner file beside a workbook it has open (~$Name.xlsx; for long names
    Excel replaces the first two characters instead)."""
    for name in (f"~${path.name}", f"~${path.name[2:]}"):
        candidate = path.with_name(name)
        if candidate.exists():
            return candidate
    return None


def _folder_of(path: Path, create: bool = False) -> None:
    folder = path.resolve().parent
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    if not folder.is_dir():
        raise KeyClientsError("error.folder_missing", Location(), {"folder": str(path.parent)})


def writable(path: Path) -> None:
    """A clear error for a read-only file or a folder we cannot write to (root ignores the
    permission bits, so they are read too)."""
    if path.exists():
        mode = path.stat().st_mode
        if not os.access(path, os.W_OK) or not mode & stat.S_IWUSR:
            raise KeyClientsError("error.read_only", Location(file=path.name))
    if not os.access(path.parent, os.W_OK):
        raise KeyClientsError("error.folder_not_writable", Location(), {"folder": str(path.parent)})


def check_targets(
    workbook: Path,
    exports: list[Path],
    out: Path | None,
    summary: Path | None,
    *,
    force: bool = False,
    create_folders: bool = False,
) -> Targets:
    """The checked targets; `create_folders` (demo, new) makes a missing folder instead of refusing."""
    given = out or workbook
    if out is None and any(_same(workbook, export) for export in exports):  # the export would become a report
        raise KeyClientsError("error.workbook_is_export", Location(), {"file": workbook.name})
    if summary is not None and summary.is_dir():  # found before the workbook is written, not after
        raise KeyClientsError("error.not_a_file", Location(file=str(summary)))
    for option, path in (("--out", out), ("--summary", summary)):
        if path is None:
            continue
        clashes = [("what.export", export) for export in exports] + [("what.workbook", workbook)]
        if option == "--summary" and out is not None:
            clashes.append(("what.out", out))
        for what, other in clashes:
            if _same(path, other):
                raise KeyClientsError(
                    "error.same_file", Location(file=path.name), {"option": option, "what": Phrases((what,))}
                )
    if given.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise KeyClientsError("error.output_format", Location(file=given.name), {"suffix": given.suffix or given.name})
    if given.is_dir():
        raise KeyClientsError("error.not_a_file", Location(file=str(given)))
    _folder_of(given, create_folders)
    if summary is not None:
        _folder_of(summary)
    target = Path(os.path.realpath(given))
    if excel_owner_file(target) or excel_owner_file(given):
        raise KeyClientsError("error.open_in_excel", Location(file=given.name))
    writable(target)
    return Targets(workbook, target, summary, in_place=out is None)


def check_side_output(out: Path, sources: list[Path], ours, *, force: bool = False, option: str = "--out") -> None:
    """An output beside the workbook (a calendar, an account card, the demo's export) may replace
    only what such a command wrote (`ours(path)`: the file is one, by its content), never the
    workbook or an export (`sources`), nor any other file without `force`: `--out` once pointed a
    card at the report, and `demo --save-export` wrote over whatever file it was given."""
    for source in sources:
        if _same(out, source):
            what = "what.workbook" if source == sources[0] else "what.export"
            raise KeyClientsError(
                "error.same_file", Location(file=out.name), {"option": option, "what": Phrases((what,))}
            )
    if out.is_dir():
        raise KeyClientsError("error.not_a_file", Location(file=str(out)))
    if out.exists() and not force and not ours(out):
        raise KeyClientsError("error.side_out_exists", Location(file=out.name))
