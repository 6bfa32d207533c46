"""Our report sheets in a workbook: which existing sheet each one replaces, under which name,
what the user typed on it that must stay, and the splice that writes it all."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import LANGS, all_translations, t
from ..report.spec import SheetSpec
from .appends import SheetAppend
from .existing import Existing, Sheet, open_existing, user_cells
from .markers import snapshot_month
from .sheet_xml import CarriedCell
from .splice import Placement, SpliceResult, rendered_package, splice

MAX_SHEET_NAME = 31
# Our report sheets by role → the text key of their name: a language switch keeps an existing
# sheet's name (and says so), so the user's formulas that name it keep working.
_NAME_KEYS = {
    "key_clients": "sheet.key_clients",
    "settings": "sheet.settings",
    "history": "sheet.history",
    "changes": "sheet.changes",
    "receivables": "sheet.receivables",
    "prospects": "sheet.prospects",
}


def report_sheet_names() -> set[str]:
    """Our sheets' names in every language (the Excel route still finds its sheets by name;
    the file route goes by the markers, see markers.py)."""
    return set().union(*(all_translations(key) for key in _NAME_KEYS.values()))


@dataclass
class Plan:
    placements: list[Placement]
    notes: list[str] = field(default_factory=list)


def _match(existing: Existing | None, spec: SheetSpec) -> Sheet | None:
    if existing is None:
        return None
    if spec.role == "snapshot":
        month = snapshot_month(spec.name)
        return next((s for s in existing.ours("snapshot") if snapshot_month(s.name) == month), None)
    if spec.role:  # every other sheet of ours is one per role: the key-client, settings, metric sheets …
        return existing.one(spec.role)
    return None


def _translations(spec: SheetSpec) -> set[str]:
    if spec.role in _NAME_KEYS:
        return all_translations(_NAME_KEYS[spec.role])
    if spec.role == "snapshot":
        return {t("sheet.snapshot", lang, month=snapshot_month(spec.name)) for lang in LANGS}
    return {spec.name}


def plan(existing: Existing | None, specs: list[SheetSpec], lang: str) -> Plan:
    """Decide each spec's sheet: the one of ours it replaces (keeping its name, so the user's
    formulas pointing at it keep working), or a new one under a name no user sheet has.
    Sets each spec's final name."""
    result = Plan([])
    matches = [_match(existing, spec) for spec in specs]
    replaced = {id(m) for m in matches if m is not None}
    taken = {s.name.lower() for s in (existing.sheets if existing else []) if id(s) not in replaced}
    kept_names = []
    for spec, match in zip(specs, matches, strict=True):
        if match is not None:
            if match.name != spec.name and match.name in _translations(spec):
                kept_names.append(match.name)
            spec.name = match.name
            carried = user_cells(existing, match)
        else:
            wanted = spec.asked_name = spec.asked_name or spec.name
            name, number = wanted, 1
            while name.lower() in taken:
                number += 1
                suffix = f" ({number})"
                name = wanted[: MAX_SHEET_NAME - len(suffix)] + suffix
            if name != wanted:
                result.notes.append(t("note.sheet_name_taken", lang, name=wanted, ours=name))
            spec.name = name
            carried = []
        taken.add(spec.name.lower())
        result.placements.append(Placement(spec, match, carried))
    if kept_names:
        quoted = [f"«{n}»" if lang == "ru" else f"'{n}'" for n in kept_names]
        result.notes.append(t("note.sheet_names_kept", lang, names=", ".join(quoted)))
    return result


def displaced_cells(placements: list[Placement]) -> list[tuple[str, CarriedCell]]:
    """User cells that our new layout needs: (sheet name, cell)."""
    found = []
    for placement in placements:
        if not placement.carried:
            continue
        ours = placement.spec.place_set()
        found += [(placement.spec.name, cell) for cell in placement.carried if (cell.row, cell.col) in ours]
    return found


def write_workbook(
    existing: Existing | None,
    placements: list[Placement],
    target: Path,
    *,
    macro_enabled: bool,
    appends: dict[str, SheetAppend] | None = None,
) -> SpliceResult:
    """Write the workbook to `target` (a temporary file): our sheets spliced into the existing
    package, or, for a new workbook, the rendered package itself (made ready the same way).
    `appends`: rows for the user's own sheets of an existing workbook (appends.py)."""
    if existing is not None:
        recalculate = any(sheet.role is None for sheet in existing.sheets)
        return splice(
            existing, placements, target, macro_enabled=macro_enabled, recalculate=recalculate, appends=appends
        )
    rendered = rendered_package([p.spec for p in placements])
    rendered.zip.fp.seek(0)
    data = rendered.zip.fp.read()
    rendered.close()
    base = open_existing(Path(target.name), io.BytesIO(data))
    try:
        for placement, sheet in zip(placements, base.sheets, strict=True):
            placement.replaces = sheet
        # The same rendering is both the base and our sheets: drawn once.
        return splice(base, placements, target, macro_enabled=macro_enabled, recalculate=False, rendered=data)
    finally:
        base.close()
        for placement in placements:
            placement.replaces = None
