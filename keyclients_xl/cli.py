"""The `keyclients` command line (typer + rich). Each command mirrors a function of the Python API."""

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

from . import __version__
from .deliver import open_existing, read_settings
from .engine import BuildResult, new_workbook
from .engine import build as build_report
from .errors import KeyClientsError
from .i18n import default_lang, month_label, t
from .read import parse_mapping

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="KeyClients: key clients of a distributor, found and explained."
)
out = Console()
err = Console(stderr=True)

LANG_HELP = "ru | en (default: from the settings sheet, else Russian for Cyrillic headers)"


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


def _print_result(result: BuildResult, top: int = 20) -> None:
    lang = result.lang
    analysis = result.analysis
    out.print(t("cli.wrote", lang, path=result.path), highlight=False, markup=False)
    if result.backup:
        out.print(t("cli.backup", lang, path=result.backup), highlight=False, markup=False)
    months = analysis.months
    period = f"{month_label(months[0], lang)} – {month_label(months[-1], lang)}"
    table = Table(title=t("cli.top_table", lang, period=period), title_justify="left")
    for key, justify in (
        ("col.rank", "right"),
        ("col.client", "left"),
        ("col.average", "right"),
        ("col.share", "right"),
        ("col.cum_share", "right"),
        ("col.abc", "center"),
        ("col.xyz", "center"),
    ):
        table.add_column(t(key, lang), justify=justify)
    for _, row in analysis.key.head(top).iterrows():
        table.add_row(
            str(row["rank"]),
            escape(row["client"]),
            f"{row['average']:,.0f}".replace(",", " "),
            f"{row['share']:.1%}",
            f"{row['cum_share']:.1%}",
            row["abc"],
            row["xyz"],
        )
    out.print(table)
    summary = result.summary
    out.print(
        f"{t('summary.clients_total', lang)}: {summary['clients_total']}   "
        f"{t('summary.key_share', lang)}: {summary['key_share']:.1%}   "
        f"{t('summary.clients_for_80', lang)}: {summary['clients_for_80']}",
        highlight=False,
    )
    for note in result.notes:
        out.print(f"[dim]• {escape(note)}[/]", highlight=False)


@app.command()
@_handle_errors
def demo(
    out_path: Path = typer.Option(Path("KeyClients_demo.xlsx"), "--out", help="Where to write the demo workbook."),
    lang: str = typer.Option("ru", "--lang", help="ru | en"),
    save_export: Path | None = typer.Option(
        None, "--save-export", help="Also save the generated 1C-style export (.xlsx)."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Build a complete workbook from built-in demo data: a distributor with 300 clients."""
    from .demo import run_demo

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=err, transient=True) as progress:
        progress.add_task(t("cli.analysing", lang))
        result = run_demo(out_path, lang, save_export)
    _print_result(result)
    if save_export:
        out.print(save_export, highlight=False, markup=False)


@app.command()
@_handle_errors
def build(
    workbook: Path = typer.Argument(..., help="The report workbook; created when it does not exist."),
    export: list[Path] | None = typer.Option(
        None,
        "--export",
        "-e",
        help="An export file (.xlsx, .xlsm, .xls, .csv); repeat for several. "
        "Without it: the input sheets of a KeyClients.xlsm.",
    ),
    columns: str | None = typer.Option(
        None, "--columns", help="Explicit columns: client=Контрагент,date=Дата,amount=Сумма"
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="The last month of the window, YYYY-MM."),
    months: int | None = typer.Option(None, "--months", help="Months in the window (default 3)."),
    top: int | None = typer.Option(None, "--top", help="N for the top_n rule (default 20)."),
    rule: str | None = typer.Option(None, "--rule", help="top_n | top_share | cumulative"),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
    out_path: Path | None = typer.Option(None, "--out", help="Write here instead of updating WORKBOOK in place."),
    summary: Path | None = typer.Option(None, "--summary", help="Also write a JSON summary here."),
    snapshot: bool = typer.Option(
        False, "--snapshot", help="Also keep this month's list on a sheet of its own, to compare next month."
    ),
    force: bool = typer.Option(
        False, "--force", help="Let --out replace an existing file that is not a report workbook (a backup is kept)."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Read exports and write the key-client report into WORKBOOK."""
    mapping = parse_mapping(columns) if columns else None
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
            as_of=as_of,
            months=months,
            top_n=top,
            rule=rule,
            lang=lang,
        )
    _print_result(result)
    if summary:
        out.print(t("cli.summary_written", result.lang, path=summary), highlight=False, markup=False)


@app.command()
@_handle_errors
def new(
    path: Path = typer.Argument(..., help="Where to create the workbook."),
    lang: str = typer.Option("ru", "--lang", help="ru | en"),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Create a fresh KeyClients workbook with default settings."""
    new_workbook(path, lang)
    out.print(t("cli.created", lang, path=path), highlight=False, markup=False)


@app.command()
def version() -> None:
    """Print the versions of keyclients_xl and xlwings."""
    import xlwings

    out.print(
        json.dumps({"keyclients_xl": __version__, "xlwings": xlwings.__version__, "python": sys.version.split()[0]})
    )


@app.command("make-workbook")
@_handle_errors
def make_workbook_command(
    out_path: Path = typer.Option(Path("workbook/KeyClients.xlsm"), "--out", help="Where to write the workbook."),
    lang: str = typer.Option("ru", "--lang", help="ru | en"),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Generate KeyClients.xlsm (ribbon tab, macros, UDFs) from the sources in keyclients_xl/excel/sources."""
    from .excel import make_workbook

    path = make_workbook(out_path, lang)
    out.print(t("cli.wrote", lang, path=path), highlight=False, markup=False)
