"""Ribbon buttons → the engine. Called from VBA with RunPython; needs Excel, so it stays thin:
read the input sheets with bulk `.value` reads, run the same engine, bring the sheets in.

Everything here except `xw.Book.caller()` works on any object with xlwings' Book interface,
which is how the tests drive it.

Each click starts a fresh Python (unless xlwings' UDF server runs the buttons), so importing
this module stays cheap: the engine, the readers and xlwings are imported when a button needs
them (benchmarks/bench_import.py measures it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import KeyClientsError, Location
from ..i18n import LANGS, all_translations, default_lang, t

if TYPE_CHECKING:
    from ..engine import BuildResult
    from ..settings import Settings

INPUT_KEYS = ("sheet.input_lines", "sheet.input_months")
TEXT_FORMAT = "@"  # Excel's Text number format: what is written into the cell stays text


def _caller():
    import xlwings as xw

    return xw.Book.caller()


def today() -> dt.date:
    """The date the month headers are checked against (tests replace it)."""
    return dt.date.today()


# Entry points (one per ribbon button)


def build_report(book=None) -> None:
    book = book or _caller()
    run_step(book, lambda lang, stored: _build(book, lang, stored))


def import_exports(paths: str, book=None) -> None:
    """`paths` joined with '|' by the VBA file dialog."""
    book = book or _caller()

    def step(lang: str, stored: StoredSheet) -> None:
        from ..read import read_exports

        files = [p for p in paths.split("|") if p.strip()]
        book.app.status_bar = t("macro.importing", lang, count=len(files))
        write_inputs(book, read_exports(files), lang)
        _build(book, lang, stored)

    run_step(book, step)


def import_receivables(paths: str, book=None) -> None:
    """`paths` joined with '|' by the VBA file dialog: receivables files onto «Дебиторка (ввод)», then a build."""
    book = book or _caller()

    def step(lang: str, stored: StoredSheet) -> None:
        from ..read import distinct_files
        from ..read.receivables import read_receivables

        files = [p for p in paths.split("|") if p.strip()]
        book.app.status_bar = t("macro.importing_receivables", lang, count=len(files))
        unique = [path for path, first in distinct_files(files) if first is None]  # one file picked twice counts once
        write_receivables(book, [read_receivables(path) for path in unique], lang)
        _build(book, lang, stored)

    run_step(book, step)


def save_snapshot(book=None) -> None:
    """The Month snapshot button of workbooks made before History: builds the report (which keeps
    the month on the History sheet) and says so."""
    book = book or _caller()

    def step(lang: str, stored: StoredSheet) -> None:
        _build(book, lang, stored)
        history = _find_sheet(book, "sheet.history")
        sheet = history.name if history is not None else t("sheet.history", lang)
        book.app.alert(t("macro.snapshot_replaced", lang, sheet=sheet), title=t("macro.title", lang))

    run_step(book, step)


def show_account_card(book=None) -> None:
    """The card of the client on the selected row (the key-client sheet, the Plan, an input
    sheet) on a sheet of its own, «Карточка клиента», replaced at each click."""
    book = book or _caller()

    def step(lang: str, stored: StoredSheet) -> None:
        from ..plan_outputs import card_facts, client_in_row
        from ..report.account_card import account_card_sheet
        from .open_book import put_sheets_into_book

        sheets = _user_sheets(book)
        selection = book.selection
        row = selection.sheet.range((selection.row, 1), (selection.row, _last_col(selection.sheet))).value
        client = client_in_row(sheets, row[0] if row and isinstance(row[0], list) else row)
        if client is None:
            raise KeyClientsError("macro.card_pick_client", Location(), {"sheet": t("sheet.key_clients", lang)})
        spec = account_card_sheet(card_facts(sheets, client, stored.settings(lang), lang), lang)
        put_sheets_into_book(book, [spec])
        book.sheets[spec.name].activate()

    run_step(book, step)


def save_calendar(book=None) -> None:
    """The plan's calendar (.ics) saved beside the workbook, under its name."""
    book = book or _caller()

    def step(lang: str, stored: StoredSheet) -> None:
        from pathlib import Path

        from ..i18n import Count
        from ..plan_outputs import save_calendar as write_calendar

        path = Path(book.fullname)
        if not path.is_absolute():  # a new workbook never saved: no folder to put the file in
            raise KeyClientsError("macro.save_first", Location())
        written, events = write_calendar(_user_sheets(book), stored.settings(lang), path.with_suffix(".ics"), today())
        message = t("macro.calendar_saved", lang, path=written, events=Count(events, "event"))
        book.app.alert(message, title=t("macro.title", lang))

    run_step(book, step)


def show_settings(book=None) -> None:
    """Workbooks made before Settings and Help became plain VBA still call these two."""
    book = book or _caller()

    def step(lang: str, stored: StoredSheet) -> None:
        sheet = _find_sheet(book, "sheet.settings")
        if sheet is not None:
            sheet.activate()

    run_step(book, step)


def show_help(book=None) -> None:
    book = book or _caller()
    run_step(book, lambda lang, stored: book.app.alert(t("macro.help", lang), title=t("macro.title", lang)))


# The steps


@dataclass
class StoredSheet:
    """The settings sheet's key → value rows (settings and facts), read once per click."""

    items: dict[str, object]
    where: Location

    @property
    def lang(self) -> str:
        lang = str(self.items.get("lang") or "").strip()
        return lang if lang in LANGS else default_lang()

    def settings(self, lang: str) -> Settings:
        from ..report.settings_sheet import STORED
        from ..settings import Settings

        if not self.items:
            return Settings(lang=lang)
        stored = {key: value for key, value in self.items.items() if key in STORED}
        return Settings.from_items(stored, self.where)


def read_stored(book) -> StoredSheet:
    from ..report.settings_sheet import read_sheet_items

    sheet = _find_sheet(book, "sheet.settings")
    if sheet is None:
        return StoredSheet({}, Location(file=book.name))
    return StoredSheet(read_sheet_items(_rows(sheet)), Location(file=book.name, sheet=sheet.name))


def run_step(book, step) -> None:
    """Status bar while working; any error → a message box with the CLI's localized text."""
    stored = read_stored(book)
    lang = stored.lang
    app = book.app
    try:
        check_xlwings_version(stored)
        app.status_bar = t("macro.reading", lang)
        step(lang, stored)
        app.status_bar = t("macro.done", lang)
    except KeyClientsError as error:
        app.alert(error.message(lang), title=t("macro.title", lang))
    except Exception as exc:  # shown, not swallowed silently: the user has no console
        app.alert(t("error.internal", lang, detail=f"{type(exc).__name__}: {exc}"), title=t("macro.title", lang))
    finally:
        app.status_bar = False


def _analyse(book, lang: str, stored: StoredSheet) -> BuildResult:
    from ..engine import report_sheets
    from ..report.input_sheets import stale_month_notes
    from ..report.key_clients import comments_from_rows

    shipments = read_inputs(book, lang)
    shipments.notes += stale_month_notes(shipments.exports + shipments.unused, today())
    report = _find_sheet(book, "sheet.key_clients")
    comments = comments_from_rows(_rows(report)) if report is not None else {}
    return report_sheets(shipments, stored.settings(lang), stored.items, today(), _user_sheets(book), comments)


def _user_sheets(book):
    """The book's sheets as the stages and the plan read them (cells read when asked for), with
    our sheets' roles: a sheet of the user's called «История» never stands in for ours."""
    from ..stages import UserSheets
    from .open_book import our_sheets

    roles = {role: sheet.name for role, sheet in our_sheets(book).items()}
    names = tuple(sheet.name for sheet in book.sheets)
    return UserSheets(book.name, names, lambda name: _rows(book.sheets[name]), roles)


def _build(book, lang: str, stored: StoredSheet) -> None:
    from .open_book import append_into_book, put_sheets_into_book

    result = _analyse(book, lang, stored)
    book.app.status_bar = t("macro.rendering", lang)
    carried = put_sheets_into_book(book, result.sheets)
    append_into_book(book, result.appends)  # new key clients' rows on the Account cards sheet
    book.sheets[result.sheets[0].name].activate()
    said = [t("macro.layout_resized", lang, sheet=sheet) for sheet in carried.resized]
    if carried.displaced:  # no backup here: the values are shown, for the user to put elsewhere
        cells = "; ".join(f"«{sheet}»!{cell}: {value}" for sheet, cell, value in carried.displaced[:10])
        more = f" (+{len(carried.displaced) - 10})" if len(carried.displaced) > 10 else ""
        said.append(t("macro.cells_displaced", lang, cells=cells + more))
    if said:
        book.app.alert("\n\n".join(said), title=t("macro.title", lang))


# Roles (deliver/markers.py) whose name is not simply the text key without "sheet.".
_ROLES = {"sheet.input_lines": "input_lines", "sheet.input_months": "input_months"}


def _find_sheet(book, key: str):
    """Our sheet for the text key of its name ('sheet.settings', 'sheet.receivables_input'): by
    its marker (role, or input role for a sheet the manager fills), else, for a sheet without a
    marker, by its name in either language (an older workbook)."""
    from ..stages import INPUT_ROLE
    from .open_book import marker_of, our_sheets

    ours = our_sheets(book)
    found = ours.get(_ROLES.get(key, key.removeprefix("sheet."))) or ours.get(INPUT_ROLE + key)
    if found is not None:
        return found
    names = all_translations(key)
    return next((sheet for sheet in book.sheets if sheet.name in names and marker_of(sheet) is None), None)


def _last_col(sheet) -> int:
    return sheet.used_range.last_cell.column


def _rows(sheet) -> list[list]:
    """All cells from A1 to the end of the used range, in one bulk read."""
    used = sheet.used_range
    last_row, last_col = used.last_cell.row, used.last_cell.column
    values = sheet.range((1, 1), (last_row, last_col)).options(ndim=2).value
    return values or []


def read_inputs(book, lang: str):
    """The input sheets that hold data, read by the same reader as files."""
    from ..read import SheetRows, read_input_sheets

    sheets = [sheet for sheet in (_find_sheet(book, key) for key in INPUT_KEYS) if sheet is not None]
    return read_input_sheets(book.name, [SheetRows(book.name, sheet.name, _rows(sheet)) for sheet in sheets], lang)


def write_inputs(book, shipments, lang: str) -> None:
    """Imported exports → the input sheets (document lines, or clients × months), replacing their data."""
    from ..report.input_sheets import DATA_ROW, LINE_FIELDS, line_headers

    frame = shipments.frame
    lines, wide = frame[frame["date"].notna()], frame[frame["date"].isna()]
    for key in INPUT_KEYS:
        _clear_rows(_find_sheet(book, key), DATA_ROW)
    if len(lines):
        sheet = _find_sheet(book, "sheet.input_lines")
        table = lines.reindex(columns=list(LINE_FIELDS)).assign(date=lambda f: f["date"].dt.date)
        sheet.range((2, 1)).value = line_headers(lang)
        _write_table(sheet, DATA_ROW, table)
    if len(wide):
        sheet = _find_sheet(book, "sheet.input_months")
        table = wide.pivot_table(index="client", columns="month", values="amount", aggfunc="sum", fill_value=0.0)
        header = [t("input.col.client", lang)] + [dt.date(m.year, m.month, 1) for m in table.columns]
        _clear_rows(sheet, DATA_ROW - 1)  # the month headers are the data's own
        sheet.range((DATA_ROW - 1, 1)).value = header
        _write_table(sheet, DATA_ROW, table.reset_index())


def write_receivables(book, read: list, lang: str) -> None:
    """Receivables files as read → the «Дебиторка (ввод)» sheet (added when missing), replacing its rows.

    Row 2 gets the date of the debt (the latest the files state), which the build reads back as
    it reads an export's title; each line's days overdue are completed from its due date at its
    own file's date, so that files of different dates keep their own ages.
    """
    import pandas as pd

    from ..report.cycle_inputs import (
        AS_OF_ROW,
        RECEIVABLES_DATA_ROW,
        RECEIVABLES_FIELDS,
        RECEIVABLES_HEADER_ROW,
        receivables_headers,
        receivables_input_sheet,
    )
    from .open_book import put_sheets_into_book

    sheet = _find_sheet(book, "sheet.receivables_input")
    if sheet is None:
        put_sheets_into_book(book, [receivables_input_sheet(lang)])
        sheet = _find_sheet(book, "sheet.receivables_input")
    frames = []
    for one in read:
        frame = one.frame
        if one.as_of is not None:
            from_due = (one.as_of.normalize() - frame["due_date"]).dt.days.clip(lower=0)
            frame = frame.assign(days_overdue=frame["days_overdue"].fillna(from_due))
        frames.append(frame)
    lines = pd.concat(frames, ignore_index=True)[list(RECEIVABLES_FIELDS)]
    lines = lines.assign(due_date=lines["due_date"].dt.date.astype(object).where(lines["due_date"].notna()))
    files = ", ".join(dict.fromkeys(Path(one.file).name for one in read))
    dates = [one.as_of for one in read if one.as_of is not None]
    line = (
        t("receivables_input.as_of_line", lang, date=f"{max(dates):%d.%m.%Y}", files=files)
        if dates
        else t("receivables_input.imported_line", lang, files=files)
    )
    _clear_rows(sheet, AS_OF_ROW)
    sheet.range((AS_OF_ROW, 1)).value = [line]  # a list: one cell of text
    sheet.range((RECEIVABLES_HEADER_ROW, 1)).value = receivables_headers(lang)
    if len(lines):
        _write_table(sheet, RECEIVABLES_DATA_ROW, lines)


def _clear_rows(sheet, first: int) -> None:
    used = sheet.used_range.last_cell
    if used.row >= first:
        sheet.range((first, 1), (used.row, used.column)).clear_contents()


def _write_table(sheet, row: int, frame) -> None:
    """A frame's cells from ``row`` down. Text columns get Excel's Text format first: written
    through Range.value, text such as '=HYPERLINK(…)', '+7 912…' or '1/2' would otherwise
    become a formula, a number or a date."""
    from pandas.api.types import is_string_dtype

    last = row + len(frame) - 1
    for col, name in enumerate(frame.columns, start=1):
        if is_string_dtype(frame[name]):
            sheet.range((row, col), (last, col)).number_format = TEXT_FORMAT
    sheet.range((row, 1)).value = _cells(frame)


def _cells(frame) -> list[list]:
    """A frame as Excel cell values: None for missing, plain Python types."""
    return frame.astype(object).where(frame.notna(), None).values.tolist()


def check_xlwings_version(stored: StoredSheet) -> None:
    """The workbook's VBA names an exact xlwings version; a different installed one cannot work."""
    import xlwings

    recorded = stored.items.get("xlwings_version")
    if recorded and str(recorded).strip() != xlwings.__version__:
        raise KeyClientsError(
            "macro.version_mismatch", Location(), {"book": str(recorded).strip(), "installed": xlwings.__version__}
        )
