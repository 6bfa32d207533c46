"""The engine every front end calls (CLI, Python API, Excel macros):
read → analyse → report → render → deliver."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .analyse.ranking import Analysis, analyse
from .analyse.window import choose_window
from .deliver import Existing, open_existing, read_comments, read_facts, read_settings
from .deliver.existing import input_sheets
from .deliver.publish import publish_report, write_new_workbook
from .deliver.targets import check_targets
from .errors import KeyClientsError, Location
from .read import Shipments, read_exports, read_input_sheets
from .report import SheetSpec, key_clients_sheet, settings_sheet
from .report.snapshot import snapshot_sheet
from .report.summary import summary_dict
from .settings import Settings


@dataclass
class BuildResult:
    analysis: Analysis
    shipments: Shipments
    lang: str
    notes: list[str]
    sheets: list[SheetSpec]
    path: Path | None = None
    backup: Path | None = None
    summary: dict = field(default_factory=dict)


def resolve_lang(settings: Settings, shipments: Shipments) -> str:
    """--lang or the settings sheet, else Russian for Cyrillic headers, English otherwise."""
    return settings.lang or ("ru" if shipments.cyrillic else "en")


def analyse_shipments(shipments: Shipments, settings: Settings) -> Analysis:
    frame = shipments.frame
    window = choose_window(
        frame["month"], shipments.data_end, settings.months, settings.as_of_period, frame["date"].min()
    )
    analysis = analyse(frame, window, settings)
    if analysis.table.empty:
        raise KeyClientsError("error.no_clients_in_window", Location(), {"period": window.label})
    return analysis


def report_sheets(
    shipments: Shipments,
    settings: Settings,
    recorded: dict | None = None,
    comments: dict[str, str] | None = None,
) -> BuildResult:
    """Analyse and lay out the report sheets (nothing is written).

    `recorded`: facts already on the workbook's settings sheet (the xlwings version its VBA
    was built for), carried over unchanged. `comments`: the manager's comments by client.
    """
    return lay_out(analyse_shipments(shipments, settings), shipments, settings, recorded, comments)


def lay_out(
    analysis: Analysis,
    shipments: Shipments,
    settings: Settings,
    recorded: dict | None = None,
    comments: dict[str, str] | None = None,
    extra_notes: list[str] | None = None,
) -> BuildResult:
    lang = resolve_lang(settings, shipments)
    notes = [note.text(lang) for note in shipments.notes + analysis.notes] + list(extra_notes or [])
    sheets = [
        key_clients_sheet(analysis, lang, notes, comments),
        settings_sheet(analysis.settings.updated(lang=lang), lang, _facts(recorded), notes),
    ]
    return BuildResult(analysis, shipments, lang, notes, sheets, summary=summary_dict(analysis, lang, notes))


def build(
    workbook: Path | str,
    exports: list[Path | str],
    *,
    columns: dict[str, str] | None = None,
    out: Path | str | None = None,
    summary: Path | str | None = None,
    snapshot: bool = False,
    force: bool = False,
    on_file=None,
    **overrides,
) -> BuildResult:
    """Read the exports and write the report into `workbook` (created if missing).

    Settings: the workbook's settings sheet, overridden by `overrides` (rule, top_n,
    months, as_of, lang, …). Without `out` the workbook is updated in place after a
    timestamped backup; either way the file is replaced atomically, and only our own sheets
    change (see docs/report.md). `out` onto an existing file that is not a report workbook
    needs `force`. `snapshot` also keeps the month's list on a sheet of its own
    ('Снимок 2026-10'), to compare next month.
    """
    workbook = Path(workbook)
    paths = [Path(p) for p in exports]
    # Where it would write is checked before any export is read (checked again under the lock).
    check_targets(workbook, paths, Path(out) if out else None, Path(summary) if summary else None, force=force)
    if paths:
        shipments = read_exports(paths, columns, on_file)
    else:
        existing = open_existing(workbook) if workbook.exists() else None
        try:
            if existing is None or not (inputs := input_sheets(existing)):
                raise KeyClientsError("error.no_exports")
            # A KeyClients.xlsm holds its data on its input sheets: build from them, as its button does.
            stored = read_settings(existing)
            lang = overrides.get("lang") or (stored and stored.lang) or "ru"
            shipments = read_input_sheets(workbook.name, inputs, lang)
        finally:
            if existing is not None:
                existing.close()
    return write_report(
        workbook, shipments, out=out, summary=summary, snapshot=snapshot, force=force, exports=paths, **overrides
    )


def write_report(
    workbook: Path | str,
    shipments: Shipments,
    *,
    out: Path | str | None = None,
    summary: Path | str | None = None,
    snapshot: bool = False,
    force: bool = False,
    exports: list[Path] | None = None,
    create_folders: bool = False,
    **overrides,
) -> BuildResult:
    """Analyse shipments already read and write the report (see `build`). `create_folders`:
    make the target's missing folders (the demo does; a build refuses)."""

    def prepare(existing: Existing | None) -> tuple[BuildResult, list[SheetSpec], Settings]:
        stored = read_settings(existing) if existing else None
        settings = (stored or Settings()).updated(**overrides)
        analysis = analyse_shipments(shipments, settings)
        recorded = read_facts(existing) if existing else None
        comments = read_comments(existing) if existing else {}

        def sheets(extra_notes: list[str] | None = None) -> tuple[BuildResult, list[SheetSpec]]:
            result = lay_out(analysis, shipments, settings, recorded, comments, extra_notes)
            specs = list(result.sheets)
            if snapshot:
                specs.append(snapshot_sheet(result.analysis, result.lang))
            result.sheets = specs
            return result, specs

        return sheets, settings

    return publish_report(
        Path(workbook),
        prepare,
        out=Path(out) if out else None,
        summary=Path(summary) if summary else None,
        exports=exports or [],
        force=force,
        create_folders=create_folders,
    )


def new_workbook(path: Path | str, lang: str = "ru") -> Path:
    """A fresh KeyClients workbook. `.xlsm`: the full Excel workbook (ribbon, macros, UDFs,
    input sheets) for this computer's Python; otherwise the settings sheet with the defaults."""
    path = Path(path)
    if path.exists():
        raise KeyClientsError("error.exists", Location(file=str(path)))
    if path.suffix.lower() == ".xlsm":
        from .excel import make_workbook, user_conf

        return make_workbook(path, lang, conf=user_conf())
    return write_new_workbook(path, [settings_sheet(Settings(lang=lang), lang, _facts(None))])


def _facts(recorded: dict | None) -> dict[str, str]:
    """Read-only facts for the settings sheet: our version, and the xlwings version of the
    workbook's VBA when it has one (set by make-workbook, never changed by a build)."""
    facts = {"keyclients_version": __version__}
    if recorded and recorded.get("xlwings_version"):
        facts["xlwings_version"] = str(recorded["xlwings_version"])
    return facts
