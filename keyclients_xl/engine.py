"""The engine every front end calls (CLI, Python API, Excel macros):
read → analyse → stages → report → render → deliver."""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .deliver.targets import check_targets
from .errors import KeyClientsError, Location
from .gc_pause import gc_paused
from .settings import Settings

if TYPE_CHECKING:
    from .analyse.ranking import Analysis
    from .deliver import Existing
    from .read import Shipments
    from .report import SheetSpec
    from .stages import BuildContext, UserSheets

# pandas, openpyxl and the stages are imported by the functions that use them, after the
# exports are read: calamine's parse of a big workbook is the build's peak of memory, and the
# modules imported before it add to that peak (docs/performance.md).


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
    appends: dict = field(default_factory=dict)  # rows for the user's own sheets (BuildContext.appends)


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


def _today(today: dt.date | None):
    import pandas as pd

    return pd.Timestamp(today or dt.date.today())


def analyse_shipments(shipments: Shipments, settings: Settings, today: dt.date | None = None) -> Analysis:
    """Rank the clients over the window. `today` (default: the clock) decides which month is still running."""
    import pandas as pd

    from .analyse.ranking import analyse
    from .analyse.window import choose_window, cut_short_note
    from .read.notes import Note

    units = next((e for e in shipments.exports if e.quantity_only), None)
    if units is not None and settings.measure != "quantity":  # units ranked as roubles and called sales
        params = {"said": units.quantity_only, "measure": Note(f"measure.{settings.measure}")}
        raise KeyClientsError("error.quantity_only", Location(file=units.file, sheet=units.sheet), params)
    frame = shipments.frame
    today = pd.Timestamp(today or dt.date.today())
    window = choose_window(
        frame["month"], shipments.data_end, settings.months, settings.as_of_period, shipments.first_day(), today
    )
    analysis = analyse(frame, window, settings)
    if analysis.table.empty:
        raise KeyClientsError("error.no_clients_in_window", Location(), {"period": window.label})
    if "date" in frame:  # each month's last dated line
        if (short := cut_short_note(month_last_days(frame), window.months)) is not None:
            analysis.notes.append(short)
    return analysis


def month_last_days(frame):
    """Month → the date of its last dated line (NaT: none dated), as a grouping by month finds it.

    An export lists its lines by date: each month is then one run of lines, and its last day is
    the largest date of the run (NaT is the smallest number, so a dated line always wins), found
    without hashing a million months.
    """
    import numpy as np
    import pandas as pd

    month, dates = frame["month"], frame["date"]
    ordinals = month.array.asi8 if isinstance(month.dtype, pd.PeriodDtype) else None
    if ordinals is None or dates.dtype != "datetime64[ns]" or not len(ordinals) or (ordinals[1:] < ordinals[:-1]).any():
        return frame.groupby("month", sort=False)["date"].max()
    starts = np.flatnonzero(np.r_[True, ordinals[1:] != ordinals[:-1]])
    last = np.maximum.reduceat(dates.to_numpy().view("int64"), starts).view("datetime64[ns]")
    dated = ordinals[starts] != np.iinfo("int64").min  # lines without a month (NaT first) are no month
    index = pd.PeriodIndex.from_ordinals(ordinals[starts][dated], freq=month.dtype.freq, name="month")
    return pd.Series(last[dated], index=index, name="date")


def run_build_stages(
    analysis: Analysis,
    shipments: Shipments,
    settings: Settings,
    today: dt.date | None = None,
    user_sheets: UserSheets | None = None,
    receivables: list[Path | str] | None = None,
) -> BuildContext:
    """What the stages add after the ranking (metric sheets, history, plan …): see keyclients_xl/stages."""
    from .stages import BuildContext, UserSheets, run_stages

    lang = resolve_lang(settings, shipments)
    sheets = user_sheets or UserSheets(file="")
    files = [Path(p) for p in receivables or []]
    return run_stages(
        BuildContext(shipments, settings, analysis, lang, today or dt.date.today(), sheets, receivables=files)
    )


@gc_paused
def report_sheets(
    shipments: Shipments,
    settings: Settings | BuildSettings,
    recorded: dict | None = None,
    today: dt.date | None = None,
    user_sheets: UserSheets | None = None,
    comments: dict[str, str] | None = None,
    receivables: list[Path | str] | None = None,
) -> BuildResult:
    """Analyse, run the stages and lay out the report sheets (nothing is written).

    `settings`: plain Settings (used and kept alike) or a BuildSettings; `recorded`: facts
    already on the workbook's settings sheet (the xlwings version its VBA was built for),
    carried over unchanged; `user_sheets`: the sheets already in the workbook (the manager's
    input sheets are read from there); `comments`: the manager's comments by client;
    `receivables`: receivables files for this build.
    """
    if isinstance(settings, Settings):
        settings = BuildSettings(settings, settings, {})
    shipments = shipments.up_to(_today(today))
    analysis = analyse_shipments(shipments, settings.used, today)
    context = run_build_stages(analysis, shipments, settings.used, today, user_sheets, receivables)
    return lay_out(analysis, shipments, settings, context, recorded, comments)


def lay_out(
    analysis: Analysis,
    shipments: Shipments,
    settings: BuildSettings,
    context: BuildContext,
    recorded: dict | None = None,
    comments: dict[str, str] | None = None,
    extra_notes: list[str] | None = None,
) -> BuildResult:
    """The sheets, the JSON summary and the notes of a build whose analysis and stages are done.

    `extra_notes`: what delivery found (a sheet name taken, a cell moved), shown before the others.
    """
    from .analyse.holidays import default_holidays_text
    from .report import key_clients_sheet, settings_sheet
    from .report.footer import page_footer, with_footer
    from .report.summary import summary_dict

    lang = context.lang
    # What delivery found concerns the user's own cells and sheets: first, where the key-client sheet shows it.
    notes = list(extra_notes or []) + [note.text(lang) for note in shipments.notes + analysis.notes + context.notes]
    # A blank holiday list means the default one: shown in full, for the manager to edit.
    kept = settings.kept.updated(
        lang=settings.kept.lang or lang, holidays=settings.kept.holidays or default_holidays_text(lang)
    )
    footer = page_footer(lang, [export.file for export in shipments.exports])
    sheets = with_footer(
        [
            key_clients_sheet(analysis, lang, notes, settings.sources, comments, context.key_columns),
            *context.sheets,
            *context.new_input_sheets(),
            settings_sheet(kept, lang, _facts(recorded), notes),
        ],
        footer,
    )
    summary = summary_dict(analysis, lang, notes, settings.sources) | context.summary
    summary["alerts"] = [alert.to_json(lang) for alert in context.sorted_alerts()]
    return BuildResult(
        analysis, shipments, lang, notes, sheets, summary=summary, footer=footer, context=context,
        appends=dict(context.appends),
    )  # fmt: skip


@gc_paused
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
    save_settings: bool = False,
    today: dt.date | None = None,
    receivables: list[Path | str] | None = None,
    on_phase=None,
    **overrides,
) -> BuildResult:
    """Read the exports and write the report into `workbook` (created if missing).

    Settings: the workbook's settings sheet, overridden for this build only by `overrides`
    (rule, top_n, months, as_of, lang, measure, …); `save_settings` stores them on the
    settings sheet too. Without `out` the workbook is updated in place after a timestamped
    backup; either way the file is replaced atomically, and only our own sheets change (see
    docs/report.md). `out` onto an existing file that is not a report workbook needs `force`.
    `receivables`: receivables files for this build (else the workbook's «Дебиторка (ввод)»
    sheet). `snapshot` is deprecated and does nothing: every build keeps its month on the
    History sheet. `today` (default: the clock) decides which month is still running.
    `on_phase(name)` is told when the analysis, the rendering and the saving start ('analyse',
    'render', 'save'): progress.
    """
    from .read import read_exports

    workbook = Path(workbook)
    paths = [Path(p) for p in exports]
    # Where it would write is checked before any export is read (checked again under the lock).
    check_targets(workbook, paths, Path(out) if out else None, Path(summary) if summary else None, force=force)
    existing = None
    if workbook.exists():  # its settings sheet says how to read (lxml and openpyxl come in here, not pandas)
        from .deliver import open_existing

        existing = open_existing(workbook)
    try:
        stored = _stored_settings(existing)
        used = (stored or Settings()).updated(**overrides)
        if paths:
            shipments = read_exports(paths, columns, on_file, used.dropped_statuses)
        else:
            from .deliver.existing import input_sheets
            from .read import read_input_sheets
            from .report.input_sheets import stale_month_notes

            if existing is None or not (inputs := input_sheets(existing)):
                raise KeyClientsError("error.no_exports")
            # A KeyClients.xlsm holds its data on its input sheets: build from them, as its button does.
            shipments = read_input_sheets(
                workbook.name, inputs, used.lang or "ru", used.input_source, used.dropped_statuses
            )
            shipments.notes += stale_month_notes(shipments.exports + shipments.unused, today or dt.date.today())
    finally:
        if existing is not None:
            existing.close()
    return write_report(
        workbook,
        shipments,
        out=out,
        summary=summary,
        snapshot=snapshot,
        force=force,
        exports=paths,
        save_settings=save_settings,
        today=today,
        receivables=receivables,
        on_phase=on_phase,
        **overrides,
    )


def _stored_settings(existing: Existing | None) -> Settings | None:
    if existing is None:
        return None
    from .deliver import read_settings

    return read_settings(existing)


@gc_paused
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
    save_settings: bool = False,
    today: dt.date | None = None,
    receivables: list[Path | str] | None = None,
    on_phase=None,
    **overrides,
) -> BuildResult:
    """Analyse shipments already read and write the report (see `build`). `create_folders`:
    make the target's missing folders (the demo does; a build refuses)."""
    from .deliver import read_comments, read_facts
    from .deliver.publish import publish_report
    from .stages import UserSheets

    phase = on_phase or (lambda name: None)
    shipments = shipments.up_to(_today(today))

    def prepare(existing: Existing | None):
        phase("analyse")
        settings = resolve_settings(_stored_settings(existing), overrides, save_settings)
        analysis = analyse_shipments(shipments, settings.used, today)
        recorded = read_facts(existing) if existing else None
        comments = read_comments(existing) if existing else {}
        user_sheets = UserSheets.from_existing(existing) if existing else UserSheets(file=Path(workbook).name)
        context = run_build_stages(analysis, shipments, settings.used, today, user_sheets, receivables)

        started = []

        def sheets(extra_notes: list[str] | None = None) -> tuple[BuildResult, list[SheetSpec]]:
            if not started:  # delivery may lay the sheets out again, with its own notes
                started.append(phase("render"))
            result = lay_out(analysis, shipments, settings, context, recorded, comments, extra_notes)
            return result, list(result.sheets)

        if snapshot:  # deprecated: History keeps every month (the CLI says so)
            warnings.warn(
                "snapshot is deprecated: every build keeps its month on the History sheet",
                DeprecationWarning,
                stacklevel=4,
            )

        return sheets, settings.used

    return publish_report(
        Path(workbook),
        prepare,
        out=Path(out) if out else None,
        summary=Path(summary) if summary else None,
        exports=exports or [],
        force=force,
        create_folders=create_folders,
        on_write=lambda: phase("save"),
    )


def new_workbook(path: Path | str, lang: str = "ru") -> Path:
    """A fresh KeyClients workbook. `.xlsm`: the full Excel workbook (ribbon, macros, UDFs,
    input sheets) for this computer's Python; otherwise the settings sheet with the defaults."""
    from .analyse.holidays import default_holidays_text
    from .deliver.publish import write_new_workbook
    from .report import settings_sheet

    path = Path(path)
    if path.exists():
        raise KeyClientsError("error.exists", Location(file=str(path)))
    if path.suffix.lower() == ".xlsm":
        from .excel import make_workbook, user_conf

        return make_workbook(path, lang, conf=user_conf())
    settings = Settings(lang=lang, holidays=default_holidays_text(lang))  # the list shown, to edit
    return write_new_workbook(path, [settings_sheet(settings, lang, _facts(None))])


def _facts(recorded: dict | None) -> dict[str, str]:
    """Read-only facts for the settings sheet: our version, and the xlwings version of the
    workbook's VBA when it has one (set by make-workbook, never changed by a build)."""
    facts = {"keyclients_version": __version__}
    if recorded and recorded.get("xlwings_version"):
        facts["xlwings_version"] = str(recorded["xlwings_version"])
    return facts
