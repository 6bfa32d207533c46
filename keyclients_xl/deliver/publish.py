"""One build's writing, start to end: check the targets, lock, splice into a temporary file,
back up, publish the workbook and the summary, prune old backups."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ..errors import KeyClientsError, Location
from ..i18n import Count, t
from .appends import rows_fit_table
from .existing import Existing, open_existing
from .files import (
    discard,
    make_backup,
    prune_backups,
    publish,
    remove_stale_temps,
    temp_beside,
    temps_removed_on_signals,
)
from .lock import acquire
from .markers import replaced_by_builds
from .opc import VBA_PROJECT
from .package import PackageError
from .part_graph import comment_cells
from .splice import Placement
from .targets import check_targets
from .workbook import displaced_cells, plan, write_workbook


def _displaced_notes(existing: Existing, placements: list[Placement], lang: str) -> list[str]:
    return [
        t("note.cell_displaced", lang, cell=cell.ref, sheet=sheet, value=existing.reader.value(cell.element))
        for sheet, cell in displaced_cells(placements)
    ]


def _outside_notes(existing: Existing, appends: dict, lang: str) -> list[str]:
    """Rows for a sheet of the user's that cannot go inside its Table: a value of theirs is under it."""
    parts = {sheet.name: sheet.part for sheet in existing.sheets if sheet.part}
    return [
        t("note.rows_outside_table", lang, sheet=name, rows=Count(len(change.rows), "row"))
        for name, change in appends.items()
        if name in parts and not rows_fit_table(existing.package, parts[name], change)
    ]


def _comment_notes(existing: Existing, placements: list[Placement], lang: str) -> list[str]:
    """Notes (comments) the user put on a sheet of ours, which the build draws anew: the backup keeps them."""
    said = []
    for placement in placements:
        refs = comment_cells(existing.package, placement.replaces.part) if placement.replaces else []
        if refs:
            cells = ", ".join(refs[:5]) + (", …" if len(refs) > 5 else "")
            said.append(t("note.comments_not_kept", lang, sheet=placement.replaces.name, cells=cells))
    return said


def _delivery_notes(
    existing: Existing | None, placements_plan, macro_enabled: bool, lang: str, appends: dict | None = None
) -> list[str]:
    """What the build says about the workbook itself: names taken, cells moved, rows that could not
    go into a Table, macros left out."""
    notes = list(placements_plan.notes)
    if existing is not None:
        notes += _outside_notes(existing, appends or {}, lang)
        notes += [
            t("note.layout_resized", lang, sheet=sheet.name)
            for sheet in existing.sheets
            if sheet.marker is not None and sheet.marker.resized and replaced_by_builds(sheet.role)
        ]
        notes += _displaced_notes(existing, placements_plan.placements, lang)
        notes += _comment_notes(existing, placements_plan.placements, lang)
        if not macro_enabled and existing.rels.of_type(VBA_PROJECT):
            notes.append(t("note.vba_dropped", lang))
    return notes


def _is_report_workbook(path: Path) -> bool:
    try:
        other = open_existing(path)
    except KeyClientsError:
        return False
    try:
        return any(sheet.role for sheet in other.sheets)
    finally:
        other.close()


def publish_report(
    workbook: Path,
    prepare: Callable,
    *,
    out: Path | None,
    summary: Path | None,
    exports: list[Path],
    force: bool,
    create_folders: bool = False,
    on_write=None,
):
    """`prepare(existing)` → (lay out, settings): `lay out(extra_notes)` → (BuildResult, specs).
    `on_write()` is called when the workbook is about to be written (progress)."""
    targets = check_targets(workbook, exports, out, summary, force=force, create_folders=create_folders)
    target = targets.target
    remove_stale_temps(target.parent)
    with temps_removed_on_signals(), acquire(target):
        if not targets.in_place and target.exists() and not force and not _is_report_workbook(target):
            raise KeyClientsError("error.out_exists", Location(file=str(out)))
        existing = open_existing(workbook) if workbook.exists() else None
        temps = []
        try:
            lay_out, settings = prepare(existing)
            extra: list[str] = []
            for _ in range(3):  # the delivery notes go on the sheets, which may move a cell again
                result, specs = lay_out(extra)
                placements_plan = plan(existing, specs, result.lang)
                appends = getattr(result, "appends", None)
                found = _delivery_notes(existing, placements_plan, targets.macro_enabled, result.lang, appends)
                if found == extra:
                    break
                extra = found
            if summary is not None:
                summary_tmp = temp_beside(summary)
                temps.append(summary_tmp)
                summary_tmp.write_text(json.dumps(result.summary, ensure_ascii=False, indent=2), encoding="utf-8")
            book_tmp = temp_beside(target)
            temps.append(book_tmp)
            if on_write is not None:
                on_write()
            try:
                write_workbook(
                    existing,
                    placements_plan.placements,
                    book_tmp,
                    macro_enabled=targets.macro_enabled,
                    appends=getattr(result, "appends", None),  # rows for the user's own sheets
                )
            except PackageError as exc:
                raise KeyClientsError(
                    "error.workbook_unreadable", Location(file=workbook.name), {"detail": str(exc)[:200]}
                ) from exc
            except OSError as exc:
                raise KeyClientsError(
                    "error.write_failed", Location(file=target.name), {"detail": str(exc)[:200]}
                ) from exc
            if existing is not None:
                existing.close()  # Windows cannot replace a file that is still open
                existing = None
            result.backup = make_backup(target) if target.exists() else None
            try:
                publish(book_tmp, target)
            except KeyClientsError:
                _drop_backup(result)
                raise
            except OSError as exc:
                _drop_backup(result)
                raise KeyClientsError(
                    "error.write_failed", Location(file=target.name), {"detail": str(exc)[:200]}
                ) from exc
            result.path = targets.workbook if targets.in_place else out
            if summary is not None:
                try:
                    publish(summary_tmp, summary)
                except OSError as exc:
                    raise KeyClientsError(
                        "error.summary_failed", Location(file=summary.name), {"detail": str(exc)[:200]}
                    ) from exc
            if result.backup is not None:
                prune_backups(target, settings.backups_keep)
            return result
        finally:
            if existing is not None:
                existing.close()
            for path in temps:
                discard(path)


def _drop_backup(result) -> None:
    """The original is untouched, so its copy is not needed."""
    if result.backup is not None:
        result.backup.unlink(missing_ok=True)
        result.backup = None


def write_new_workbook(path: Path, specs) -> Path:
    """A new workbook holding only our sheets (`keyclients new`)."""
    check_targets(path, [], None, None, create_folders=True)
    tmp = temp_beside(path)
    try:
        with temps_removed_on_signals():
            write_workbook(None, [Placement(spec) for spec in specs], tmp, macro_enabled=False)
            publish(tmp, path)
    finally:
        discard(tmp)
    return path
