"""The `keyclients` command line (typer + rich). Each command mirrors a function of the Python API.

Everything it shows is in the user's language: help texts, option placeholders and argument
errors are catalogue keys (i18n/cli_help.py), put into words when shown (see `cli_words`).
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table
from rich.text import Text

from . import __version__
from .cli_words import (
    LocalizedCommand,
    LocalizedGroup,
    choice_option,
    lang_option,
    month_option,
    rule_option,
    whole_option,
)
from .deliver import open_existing, read_settings
from .engine import BuildResult, new_workbook
from .engine import build as build_report
from .errors import KeyClientsError
from .i18n import Count, Percent, default_lang, month_label, number, percent, t
from .read import parse_mapping
from .settings import parse_abc, parse_day

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
            lang = kwargs.get("lang") or _workbook_lang(kwargs.get("workbook")) or lang
            err.print(f"[bold red]{t('error.prefix', lang)}:[/] {escape(error.message(lang))}", highlight=False)
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
            )
            raise typer.Exit(2) from None

    return wrapper


def _workbook_lang(path: Path | None) -> str | None:
    """The language stored in the workbook's settings sheet, to word an error as its sheets are."""
    try:
        if not path or not path.is_file():
            return None
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
        ]
        for row in analysis.key.head(top).to_dict("records")
    ]
    headers = [t(key, lang) for key in ("col.rank", "col.client", "col.average", "col.share", "col.cum_share")]
    headers += [t("col.abc", lang), t("col.xyz", lang)]
    justify = ("right", "left", "right", "right", "right", "center", "center")
    # Each column as wide as its widest value or the longest word of its header.
    widths = [max([len(row[i]) for row in rows] + [len(w) for w in headers[i].split()]) for i in range(len(headers))]
    frame = 3 * len(headers) + 1  # a bar and a space either side of each cell
    room = width - frame - sum(widths) + widths[1]
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
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))  # Text: a name is never read as markup
    return table


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
    debug: bool = _debug_option(),
) -> None:
    from .demo import run_demo

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=err, transient=True) as progress:
        progress.add_task(t("cli.analysing", lang))
        result = run_demo(out_path, lang, save_export)
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
    snapshot: bool = typer.Option(False, "--snapshot", help="help.build.snapshot"),
    force: bool = typer.Option(False, "--force", help="help.build.force"),
    save_settings: bool = typer.Option(False, "--save-settings", help="help.build.save_settings"),
    today: str | None = typer.Option(None, "--today", help="help.build.today", metavar="metavar.day"),
    holidays: str | None = typer.Option(None, "--holidays", help="help.build.holidays", metavar="metavar.holidays"),
    plan_days: int | None = whole_option("--plan-days", "help.build.plan_days", low=1, high=3660),
    visit_every_days: int | None = whole_option("--visit-every-days", "help.build.visit_every_days", low=1, high=3660),
    stale_after_days: int | None = whole_option("--stale-after-days", "help.build.stale_after_days", low=1, high=3660),
    illiquid_after_months: int | None = whole_option(
        "--illiquid-after-months", "help.build.illiquid_after_months", low=1, high=3660
    ),
    debug: bool = _debug_option(),
) -> None:
    mapping = parse_mapping(columns) if columns else None
    abc_a, abc_b = parse_abc(abc) if abc else (None, None)
    columns_shown = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns_shown, console=err, transient=True) as progress:
        task = progress.add_task("", total=len(export or []))

        def on_file(path: Path) -> None:
            if progress.tasks[0].description:
                progress.advance(task)
            progress.update(task, description=t("cli.reading", lang or default_lang(), file=path.name))

        result = build_report(
            workbook,
            export or [],
            columns=mapping,
            out=out_path,
            summary=summary,
            snapshot=snapshot,
            force=force,
            on_file=on_file,
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
            holidays=holidays,
            plan_days=plan_days,
            visit_every_days=visit_every_days,
            stale_after_days=stale_after_days,
            illiquid_after_months=illiquid_after_months,
        )
    _print_result(result)
    if summary:
        out.print(t("cli.summary_written", result.lang, path=summary), highlight=False, markup=False)


@_command(help="help.calendar")
@_handle_errors
def calendar(
    workbook: Path = typer.Argument(..., help="help.calendar.workbook", metavar="metavar.workbook"),
    out_path: Path | None = typer.Option(None, "--out", help="help.calendar.out", metavar="metavar.path"),
    today: str | None = typer.Option(None, "--today", help="help.calendar.today", metavar="metavar.day"),
    debug: bool = _debug_option(),
) -> None:
    from .plan_outputs import calendar as write_calendar

    result = write_calendar(workbook, out_path, today=parse_day(today) if today else None)
    events = Count(result.events, "event")
    out.print(t("cli.calendar_written", result.lang, path=result.path, events=events), highlight=False, markup=False)


@_command(help="help.card")
@_handle_errors
def card(
    workbook: Path = typer.Argument(..., help="help.card.workbook", metavar="metavar.workbook"),
    client: str = typer.Argument(..., help="help.card.client", metavar="metavar.client"),
    out_path: Path = typer.Option(..., "--out", help="help.card.out", metavar="metavar.path"),
    debug: bool = _debug_option(),
) -> None:
    from .plan_outputs import account_card

    result = account_card(workbook, client, out_path)
    key = "cli.card_no_pdf" if result.pdf_missing else "cli.card_written"
    out.print(t(key, result.lang, path=result.path), highlight=False, markup=False)


@_command(help="help.new")
@_handle_errors
def new(
    path: Path = typer.Argument(..., help="help.new.path", metavar="metavar.path"),
    lang: str = lang_option("ru", "help.lang"),
    debug: bool = _debug_option(),
) -> None:
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
