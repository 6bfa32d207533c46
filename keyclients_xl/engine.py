"""The engine every front end calls (CLI, Python API, Excel macros):
read → analyse → report → render → deliver."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from . import __version__
from .analyse.ranking import Analysis, analyse
from .analyse.window import choose_window
from .deliver import (
    input_sheets,
    open_workbook,
    read_facts,
    read_settings,
    replace_report_sheets,
    save_atomically,
    write_text_atomically,
)
from .deliver.files import make_backup
from .errors import KeyClientsError, Location
from .read import Shipments, read_exports, read_input_sheets
from .report import SheetSpec, key_clients_sheet, settings_sheet
from .report.footer import page_footer, with_footer
from .report.input_sheets import stale_month_notes
from .report.snapshot import snapshot_sheet
from .report.summary import summary_dict
from .settings import Settings
from .stages import BuildContext, UserSheets, run_stages


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
    footer: str = ""  # every report sheet's printed footer (page N of M · built on · source)
    context: BuildContext | None = None  # what the stages found (metrics, history, plan …)


@dataclass(frozen=True)
class BuildSettings:
    """The settings a build uses, the ones its settings sheet keeps, and where each came from.

    Options given for one build (command line, Python API keywords) apply to that build only;
    the settings sheet, as the user edits it, is what persists (unless `save` is asked for).
    `sources`: key → 'command_line' or 'settings_sheet' for every value that is not the default
    (the language, stored on every build, only when given for this build).
    """

    used: Settings
    kept: Settings
    sources: dict[str, str]


def resolve_settings(stored: Settings | None, overrides: dict, save: bool = False) -> BuildSettings:
    base = stored or Settings()
    used = base.updated(**overrides)
    defaults = Settings()
    given = {key for key, value in overrides.items() if value is not None}
    sources = {
        key: "command_line" if key in given else "settings_sheet"
        for key, value in used.items()
        if key in given or (stored is not None and key != "lang" and value != getattr(defaults, key))
    }
    return BuildSettings(used, used if save else base, sources)


def resolve_lang(settings: Settings, shipments: Shipments) -> str:
    """--lang or the settings sheet, else Russian for Cyrillic headers, English otherwise."""
    return settings.lang or ("ru" if shipments.cyrillic else "en")


def analyse_shipments(shipments: Shipments, settings: Settings, today: dt.date | None = None) -> Analysis:
    """Rank the clients over the window. `today` (default: the clock) decides which month is still running."""
    frame = shipments.frame
    today = pd.Timestamp(today or dt.date.today())
    window = choose_window(
        frame["month"], shipments.data_end, settings.months, settings.as_of_period, frame["date"].min(), today
    )
    analysis = analyse(frame, window, settings)
    if analysis.table.empty:
        raise KeyClientsError("error.no_clients_in_window", Location(), {"period": window.label})
    return analysis


def report_sheets(
    shipments: Shipments,
    settings: Settings | BuildSettings,
    recorded: dict | None = None,
    today: dt.date | None = None,
    user_sheets: UserSheets | None = None,
) -> BuildResult:
    """Analyse, run the stages (keyclients_xl/stages) and lay out the report sheets (nothing is written).

    `settings`: plain Settings (used and kept alike) or a BuildSettings; `recorded`: facts
    already on the workbook's settings sheet (the xlwings version its VBA was built for),
    carried over unchanged; `user_sheets`: the sheets already in the workbook (the manager's
    input sheets are read from there).
    """
    if isinstance(settings, Settings):
        settings = BuildSettings(settings, settings, {})
    analysis = analyse_shipments(shipments, settings.used, today)
    lang = resolve_lang(settings.used, shipments)
    notes = [note.text(lang) for note in shipments.notes + analysis.notes]
    kept = settings.kept.updated(lang=settings.kept.lang or lang)
    today = today or dt.date.today()
    context = run_stages(
        BuildContext(shipments, settings.used, analysis, lang, today, user_sheets or UserSheets(file=""))
    )
    notes = [note.text(lang) for note in shipments.notes + analysis.notes + context.notes]
    footer = page_footer(lang, [export.file for export in shipments.exports])
    sheets = with_footer(
        [
            key_clients_sheet(analysis, lang, notes, settings.sources, context.key_columns),
            *context.sheets,
            *context.new_input_sheets(),
            settings_sheet(kept, lang, _facts(recorded), notes),
        ],
        footer,
    )
    summary = summary_dict(analysis, lang, notes, settings.sources) | context.summary
    summary["alerts"] = [alert.to_json(lang) for alert in context.sorted_alerts()]
    return BuildResult(analysis, shipments, lang, notes, sheets, summary=summary, footer=footer, context=context)


def build(
    workbook: Path | str,
    exports: list[Path | str],
    *,
    columns: dict[str, str] | None = None,
    out: Path | str | None = None,
    summary: Path | str | None = None,
    snapshot: bool = False,
    on_file=None,
    save_settings: bool = False,
    today: dt.date | None = None,
    **overrides,
) -> BuildResult:
    """Read the exports and write the report into `workbook` (created if missing).

    Settings: the workbook's settings sheet, overridden for this build only by `overrides`
    (rule, top_n, months, as_of, lang, measure, …); `save_settings` stores them on the
    settings sheet too. Without `out` the workbook is updated in place after a timestamped
    backup; either way the file is replaced atomically. `snapshot` also keeps the month's
    list on a sheet of its own ('Снимок 2026-10'), to compare next month. `today` (default:
    the clock) decides which month is still running.
    """
    workbook = Path(workbook)
    existing = open_workbook(workbook) if workbook.exists() else None
    stored = read_settings(existing, workbook.name) if existing else None
    used = (stored or Settings()).updated(**overrides)
    if exports:
        shipments = read_exports([Path(p) for p in exports], columns, on_file, used.dropped_statuses)
    elif existing is not None and (inputs := input_sheets(existing, workbook.name)):
        # A KeyClients.xlsm holds its data on its input sheets: build from them, as its button does.
        shipments = read_input_sheets(
            workbook.name, inputs, used.lang or "ru", used.input_source, used.dropped_statuses
        )
        shipments.notes += stale_month_notes(shipments.exports + shipments.unused, today or dt.date.today())
    else:
        raise KeyClientsError("error.no_exports")
    return write_report(
        workbook,
        shipments,
        existing=existing,
        out=out,
        summary=summary,
        snapshot=snapshot,
        save_settings=save_settings,
        today=today,
        **overrides,
    )


def write_report(
    workbook: Path | str,
    shipments: Shipments,
    *,
    existing: Workbook | None = None,
    out: Path | str | None = None,
    summary: Path | str | None = None,
    snapshot: bool = False,
    save_settings: bool = False,
    today: dt.date | None = None,
    **overrides,
) -> BuildResult:
    """Analyse shipments already read and write the report (see `build`)."""
    workbook = Path(workbook)
    target = Path(out) if out else workbook
    if existing is None and workbook.exists():
        existing = open_workbook(workbook)
    stored = read_settings(existing, workbook.name) if existing else None
    settings = resolve_settings(stored, overrides, save_settings)
    user_sheets = UserSheets.from_openpyxl(existing, workbook.name) if existing is not None else None
    result = report_sheets(shipments, settings, read_facts(existing) if existing else None, today, user_sheets)

    if snapshot:
        result.sheets += with_footer([snapshot_sheet(result.analysis, result.lang)], result.footer)
    book = existing or _blank_workbook()
    replace_report_sheets(book, result.sheets)
    if existing is not None and target == workbook:
        result.backup = make_backup(workbook)
    try:
        save_atomically(book, target)
    except KeyClientsError:
        if result.backup:  # the original is untouched, so its copy is not needed
            result.backup.unlink(missing_ok=True)
        raise
    result.path = target
    if summary:
        write_text_atomically(Path(summary), json.dumps(result.summary, ensure_ascii=False, indent=2))
    return result


def new_workbook(path: Path | str, lang: str = "ru") -> Path:
    """A fresh KeyClients workbook. `.xlsm`: the full Excel workbook (ribbon, macros, UDFs,
    input sheets) for this computer's Python; otherwise the settings sheet with the defaults."""
    path = Path(path)
    if path.exists():
        raise KeyClientsError("error.exists", Location(file=str(path)))
    if path.suffix.lower() == ".xlsm":
        from .excel import make_workbook, user_conf

        return make_workbook(path, lang, conf=user_conf())
    book = _blank_workbook()
    replace_report_sheets(book, [settings_sheet(Settings(lang=lang), lang, _facts(None))])
    save_atomically(book, path)
    return path


def _facts(recorded: dict | None) -> dict[str, str]:
    """Read-only facts for the settings sheet: our version, and the xlwings version of the
    workbook's VBA when it has one (set by make-workbook, never changed by a build)."""
    facts = {"keyclients_version": __version__}
    if recorded and recorded.get("xlwings_version"):
        facts["xlwings_version"] = str(recorded["xlwings_version"])
    return facts


def _blank_workbook() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    return book
