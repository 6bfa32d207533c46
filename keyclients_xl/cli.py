"""The `keyclients` command line (typer + rich). Each command mirrors a function of the Python API.

Everything it shows is in the user's language: help texts, option placeholders and argument
errors are catalogue keys (i18n/cli_help.py), put into words when shown (see `cli_words`).
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import __version__
from .cli_words import (
    LocalizedCommand,
    LocalizedGroup,
    choice_option,
    lang_option,
    month_option,
    number_option,
    rule_option,
    whole_option,
)
from .errors import KeyClientsError
from .i18n import Count, Percent, data_lang, default_lang, locale_lang, month_label, number, percent, t
from .settings import parse_abc, parse_day, parse_pair

if TYPE_CHECKING:
    from .engine import BuildResult

# The engine, the readers and the delivery are imported by the commands that use them: a build
# reads a big workbook export before pandas and openpyxl take their share of memory.

app = typer.Typer(
    cls=LocalizedGroup,
    add_completion=False,
    no_args_is_help=True,
    help="help.app",
    options_metavar="metavar.options",
    subcommand_metavar="metavar.command",
)
out = Console()
err = Console(stderr=True)

CLIENT_WIDTH = 40  # characters of a client name in the console table before the ellipsis


def _command(name: str | None = None, **kwargs):
    """app.command with the localizing command class."""
    return app.command(name, cls=LocalizedCommand, options_metavar="metavar.options", **kwargs)


def _debug_option():
    return typer.Option(False, "--debug", help="help.debug")


def _handle_errors(command):
    """Bad input → one localized line on stderr and exit code 2; a traceback only with --debug."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        debug, lang = kwargs.get("debug", False), kwargs.get("lang") or default_lang()
        try:
            return command(*args, **kwargs)
        except KeyClientsError as error:
            if debug:
                raise
            lang = kwargs.get("lang") or _workbook_lang(kwargs.get("workbook")) or locale_lang() or _error_lang(error)
            # soft_wrap: one line, also in a log or a pipe, which has no terminal to wrap at 80 columns
            err.print(
                f"[bold red]{t('error.prefix', lang)}:[/] {escape(error.message(lang))}",
                highlight=False,
                soft_wrap=True,
            )
            raise typer.Exit(2) from None
        except typer.Exit:
            raise
        except Exception as exc:
            if debug:
                raise
            detail = f"{type(exc).__name__}: {exc}"
            err.print(
                f"[bold red]{t('error.prefix', lang)}:[/] {escape(t('error.internal', lang, detail=detail))}",
                highlight=False,
                soft_wrap=True,
            )
            raise typer.Exit(2) from None

    return wrapper


def _error_lang(error: KeyClientsError) -> str:
    """Where no language is set at all (LANG=C): the language of the file the error names."""
    where = error.where
    return data_lang([where.file, where.sheet, where.header, *error.params.values()])


def _workbook_lang(path: Path | None) -> str | None:
    """The language stored in the workbook's settings sheet, to word an error as its sheets are."""
    try:
        if not path or not path.is_file():
            return None
        from .deliver import open_existing, read_settings

        existing = open_existing(path)
        try:
            settings = read_settings(existing)
            return settings.lang if settings else None
        finally:
            existing.close()
    except Exception:  # an unreadable workbook is the error being reported
        return None


def top_table(result: BuildResult, width: int = 80, top: int = 20) -> Table:
    """The key clients as a console table `width` characters wide at most: numbers as the language
    writes them, one line per client.

    The numbers keep their full width and the headers wrap between words; the client names get
    the room left (down to 8 characters: from an 80-column terminal on, nothing else is cut) and
    are shortened with an ellipsis, never wrapped.
    """
    lang, analysis = result.lang, result.analysis
    months = analysis.months
    health = _health(result)
    period = f"{month_label(months[0], lang)} – {month_label(months[-1], lang)}"
    rows = [
        [
            str(row["rank"]),
            row["client"],
            number(row["average"], lang),
            percent(row["share"], lang),
            percent(row["cum_share"], lang),
            row["abc"],
            row["xyz"],
            *([t(f"health.{health[row['client_key']]}", lang)] if health else []),
        ]
        for row in analysis.key.head(top).to_dict("records")
    ]
    headers = [t(key, lang) for key in ("col.rank", "col.client", "col.average", "col.share", "col.cum_share")]
    headers += [t("col.abc", lang), t("col.xyz", lang), *([t("col.health", lang)] if health else [])]
    justify = ("right", "left", "right", "right", "right", "center", "center", "left")
    # Each column as wide as its widest value or the longest word of its header.
    widths = [max([len(row[i]) for row in rows] + [len(w) for w in headers[i].split()]) for i in range(len(headers))]
    frame = 3 * len(headers) + 1  # a bar and a space either side of each cell
    room = width - frame - sum(widths) + widths[1]
    if health and room < 8:  # a narrow terminal: the health as a coloured dot, so nothing else is cut
        rows = [[*row[:-1], HEALTH_DOT] for row in rows]
        headers[-1] = HEALTH_DOT
        room += widths[-1] - 1
        widths[-1] = 1
    widths[1] = max(8, min(CLIENT_WIDTH, widths[1], room))
    table = Table(title=t("cli.top_table", lang, period=period), title_justify="left")
    for i, header in enumerate(headers):
        table.add_column(
            Text(header, no_wrap=False, overflow="fold"),
            justify=justify[i],
            no_wrap=True,
            overflow="ellipsis",
            width=widths[i],
        )
    for row, client_key in zip(rows, analysis.key.head(top)["client_key"], strict=True):
        cells = [Text(cell) for cell in row]  # Text: a name is never read as markup
        if health:
            cells[-1].stylize(HEALTH_STYLES[health[client_key]])
        table.add_row(*cells)
    return table


HEALTH_STYLES = {"red": "bold red", "amber": "bold yellow", "green": "green"}
HEALTH_DOT = "●"


def _health(result: BuildResult) -> dict[str, str]:
    """client_key → 'red' | 'amber' | 'green' from the health stage, when it ran."""
    frame = result.context.results.get("health") if result.context is not None else None
    return {} if frame is None else dict(zip(frame["client_key"], frame["health"], strict=True))


def _print_result(result: BuildResult, top: int = 20) -> None:
    lang = result.lang
    out.print(t("cli.wrote", lang, path=result.path), highlight=False, markup=False)
    if result.backup:
        out.print(t("cli.backup", lang, path=result.backup), highlight=False, markup=False)
    out.print(top_table(result, out.width, top))
    summary = result.summary
    line = t(
        "cli.summary_line",
        lang,
        clients=Count(summary["clients_total"], "client"),
        share=Percent(summary["key_share"]),
        clients_for_80=Count(summary["clients_for_80"], "client"),
    )
    out.print(line, highlight=False, markup=False)
    for note in result.notes:
        out.print(f"[dim]• {escape(note)}[/]", highlight=False)


def _show_version(value: bool) -> None:
    if value:
        out.print(t("cli.version", default_lang(), version=__version__), highlight=False, markup=False)
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True, help="help.version"),
) -> None:
    pass


@_command(help="help.demo")
@_handle_errors
def demo(
    out_path: Path = typer.Option(Path("KeyClients_demo.xlsx"), "--out", help="help.demo.out", metavar="metavar.path"),
    lang: str = lang_option("ru", "help.lang"),
    save_export: Path | None = typer.Option(
        None, "--save-export", help="help.demo.save_export", metavar="metavar.path"
    ),
    force: bool = typer.Option(False, "--force", help="help.side_force"),
    debug: bool = _debug_option(),
) -> None:
    from .demo import run_demo

    spinner = (SpinnerColumn(), TextColumn("{task.description}"))
    with Progress(*spinner, console=err, transient=True, disable=not err.is_terminal) as progress:
        progress.add_task(t("cli.analysing", lang))
        result = run_demo(out_path, lang, save_export, force=force)
    _print_result(result)
    if save_export:
        out.print(save_export, highlight=False, markup=False)


@_command(help="help.build")
@_handle_errors
def build(
    workbook: Path = typer.Argument(..., help="help.build.workbook", metavar="metavar.workbook"),
    export: list[Path] | None = typer.Option(None, "--export", "-e", help="help.build.export", metavar="metavar.file"),
    columns: str | None = typer.Option(None, "--columns", help="help.build.columns", metavar="metavar.columns"),
    as_of: str | None = month_option("--as-of", "help.build.as_of"),
    months: int | None = whole_option("--months", "help.build.months", low=1, high=36),
    top: int | None = whole_option("--top", "help.build.top", low=1),
    rule: str | None = rule_option("help.build.rule"),
    measure: str | None = choice_option("--measure", "measure", "help.build.measure"),
    abc: str | None = typer.Option(None, "--abc", help="help.build.abc", metavar="A,B"),
    drop_status: str | None = typer.Option(
        None, "--drop-status", help="help.build.drop_status", metavar="metavar.statuses"
    ),
    lang: str | None = lang_option(None, "help.build.lang"),
    out_path: Path | None = typer.Option(None, "--out", help="help.build.out", metavar="metavar.path"),
    summary: Path | None = typer.Option(None, "--summary", help="help.build.summary", metavar="metavar.path"),
    snapshot: bool = typer.Option(False, "--snapshot", help="help.build.snapshot_deprecated"),
    force: bool = typer.Option(False, "--force", help="help.build.force"),
    save_settings: bool = typer.Option(False, "--save-settings", help="help.build.save_settings"),
    today: str | None = typer.Option(None, "--today", help="help.build.today", metavar="metavar.day"),
    receivables: list[Path] | None = typer.Option(
        None, "--receivables", help="help.build.receivables", metavar="metavar.file"
    ),
    history_keep: int | None = whole_option("--history-keep", "help.build.history_keep", low=1),
    history_seed: int | None = whole_option("--history-seed", "help.build.history_seed", low=0, high=120),
    overdue_age: str | None = typer.Option(None, "--overdue-age", help="help.build.overdue_age", metavar="N,N"),
    overdue_size: str | None = typer.Option(None, "--overdue-size", help="help.build.overdue_size", metavar="N,N"),
    prospect_late: str | None = typer.Option(None, "--prospect-late", help="help.build.prospect_late", metavar="N,N"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="help.build.quiet"),
    # The metric sheets' thresholds (settings of the same names; see docs/cli.md)
    top_sku_share: float | None = number_option("--top-sku-share", "help.build.top_sku_share", high=100),
    coverage_threshold: float | None = number_option("--coverage-threshold", "help.build.coverage_threshold", high=100),
    white_space_shown: int | None = whole_option("--white-space-shown", "help.build.white_space_shown", low=0),
    trend_months: int | None = whole_option("--trend-months", "help.build.trend_months", low=2),
    decline_threshold: float | None = number_option("--decline-threshold", "help.build.decline_threshold"),
    decline_medium: float | None = number_option("--decline-medium", "help.build.decline_medium"),
    decline_high: float | None = number_option("--decline-high", "help.build.decline_high"),
    growth_threshold: float | None = number_option("--growth-threshold", "help.build.growth_threshold"),
    drivers_shown: int | None = whole_option("--drivers-shown", "help.build.drivers_shown", low=0),
    review_days: int | None = whole_option("--review-days", "help.build.review_days", low=1),
    near_key_count: int | None = whole_option("--near-key-count", "help.build.near_key_count", low=1),
    fast_grower_threshold: float | None = number_option("--fast-grower-threshold", "help.build.fast_grower_threshold"),
    holidays: str | None = typer.Option(None, "--holidays", help="help.build.holidays", metavar="metavar.holidays"),
    plan_days: int | None = whole_option("--plan-days", "help.build.plan_days", low=1, high=3660),
    visit_every_days: int | None = whole_option("--visit-every-days", "help.build.visit_every_days", low=1, high=3660),
    stale_after_days: int | None = whole_option("--stale-after-days", "help.build.stale_after_days", low=1, high=3660),
    illiquid_after_months: int | None = whole_option(
        "--illiquid-after-months", "help.build.illiquid_after_months", low=1, high=3660
    ),
    debug: bool = _debug_option(),
) -> None:
    from .engine import build as build_report
    from .read.headers import parse_mapping

    mapping = parse_mapping(columns) if columns else None
    abc_a, abc_b = parse_abc(abc) if abc else (None, None)
    age = parse_pair(overdue_age, "--overdue-age", whole=True) if overdue_age else (None, None)
    size = parse_pair(overdue_size, "--overdue-size") if overdue_size else (None, None)
    late = parse_pair(prospect_late, "--prospect-late", whole=True) if prospect_late else (None, None)
    columns_shown = (
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
    )  # fmt: skip
    # One step per export, then the analysis, the sheets and the saving (engine.build's phases).
    # No bar where nobody watches it (a log, a pipe): there it only left a blank line before an error.
    with Progress(*columns_shown, console=err, transient=True, disable=quiet or not err.is_terminal) as progress:
        task = progress.add_task("", total=len(export or []) + 3)
        phase_keys = {"analyse": "cli.analysing", "render": "cli.rendering", "save": "cli.saving"}

        def step(description: str) -> None:
            if progress.tasks[0].description:
                progress.advance(task)
            progress.update(task, description=description)

        def on_file(path: Path) -> None:
            step(t("cli.reading", lang or default_lang(), file=path.name))

        def on_phase(name: str) -> None:
            step(t(phase_keys[name], lang or default_lang()))

        result = build_report(
            workbook,
            export or [],
            columns=mapping,
            out=out_path,
            summary=summary,
            snapshot=snapshot,
            force=force,
            on_file=on_file,
            receivables=receivables or [],
            save_settings=save_settings,
            today=parse_day(today) if today else None,
            as_of=as_of,
            months=months,
            top_n=top,
            rule=rule,
            lang=lang,
            measure=measure,
            abc_a=abc_a,
            abc_b=abc_b,
            drop_status=drop_status,
            history_keep=history_keep,
            history_seed=history_seed,
            overdue_age_medium=age[0],
            overdue_age_high=age[1],
            overdue_size_medium=size[0],
            overdue_size_high=size[1],
            prospect_late_medium=late[0],
            prospect_late_high=late[1],
            on_phase=on_phase,
            top_sku_share=top_sku_share,
            coverage_threshold=coverage_threshold,
            white_space_shown=white_space_shown,
            trend_months=trend_months,
            decline_threshold=decline_threshold,
            decline_medium=decline_medium,
            decline_high=decline_high,
            growth_threshold=growth_threshold,
            drivers_shown=drivers_shown,
            review_days=review_days,
            near_key_count=near_key_count,
            fast_grower_threshold=fast_grower_threshold,
            holidays=holidays,
            plan_days=plan_days,
            visit_every_days=visit_every_days,
            stale_after_days=stale_after_days,
            illiquid_after_months=illiquid_after_months,
        )
    if quiet:  # a scheduled run: errors still go to stderr, with exit code 2
        return
    _print_result(result)
    if snapshot:
        err.print(t("note.snapshot_deprecated", result.lang), highlight=False, markup=False)
    if summary:
        out.print(t("cli.summary_written", result.lang, path=summary), highlight=False, markup=False)


@_command(help="help.calendar")
@_handle_errors
def calendar(
    workbook: Path = typer.Argument(..., help="help.calendar.workbook", metavar="metavar.workbook"),
    out_path: Path | None = typer.Option(None, "--out", help="help.calendar.out", metavar="metavar.path"),
    today: str | None = typer.Option(None, "--today", help="help.calendar.today", metavar="metavar.day"),
    force: bool = typer.Option(False, "--force", help="help.side_force"),
    debug: bool = _debug_option(),
) -> None:
    from .plan_outputs import calendar as write_calendar

    result = write_calendar(workbook, out_path, today=parse_day(today) if today else None, force=force)
    events = Count(result.events, "event")
    out.print(t("cli.calendar_written", result.lang, path=result.path, events=events), highlight=False, markup=False)


@_command(help="help.card")
@_handle_errors
def card(
    workbook: Path = typer.Argument(..., help="help.card.workbook", metavar="metavar.workbook"),
    client: str = typer.Argument(..., help="help.card.client", metavar="metavar.client"),
    out_path: Path = typer.Option(..., "--out", help="help.card.out", metavar="metavar.path"),
    force: bool = typer.Option(False, "--force", help="help.side_force"),
    debug: bool = _debug_option(),
) -> None:
    from .plan_outputs import account_card

    result = account_card(workbook, client, out_path, force=force)
    key = "cli.card_no_pdf" if result.pdf_missing else "cli.card_written"
    out.print(t(key, result.lang, path=result.path), highlight=False, markup=False)


@_command(help="help.new")
@_handle_errors
def new(
    path: Path = typer.Argument(..., help="help.new.path", metavar="metavar.path"),
    lang: str = lang_option("ru", "help.lang"),
    debug: bool = _debug_option(),
) -> None:
    from .engine import new_workbook

    new_workbook(path, lang)
    out.print(t("cli.created", lang, path=path), highlight=False, markup=False)


@_command(help="help.version_command")
def version() -> None:
    import xlwings

    out.print(
        json.dumps({"keyclients_xl": __version__, "xlwings": xlwings.__version__, "python": sys.version.split()[0]})
    )


@_command("make-workbook", help="help.make_workbook", hidden=True)  # a maintainer's command, not the user's
@_handle_errors
def make_workbook_command(
    out_path: Path = typer.Option(
        Path("workbook/KeyClients.xlsm"), "--out", help="help.make_workbook.out", metavar="metavar.path"
    ),
    lang: str = lang_option("ru", "help.lang"),
    debug: bool = _debug_option(),
) -> None:
    from .excel import make_workbook

    path = make_workbook(out_path, lang)
    out.print(t("cli.wrote", lang, path=path), highlight=False, markup=False)


if __name__ == "__main__":  # `python -m keyclients_xl.cli …` ran nothing and exited 0
    app()
