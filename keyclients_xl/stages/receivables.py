"""Stage "receivables": debts per client from `--receivables` files or the «Дебиторка (ввод)» sheet.

Where the debts come from: the files given for this build (`context.receivables`), else the
workbook's receivables input sheet (typed, pasted or imported by the ribbon button). Files
given replace the sheet for the build, with a note when the sheet holds rows too: adding both
would count an imported file twice. A file (or sheet) that states no date is taken as of the
build's day (`today`).

Adds: the Receivables sheet (without debts only when the workbook has one from an earlier
build, which must not stand for this month: it then says where to put them), the input sheet
when the workbook has none, the
`overdue` alerts (before the health stage, which counts them), the notes of reading and of
clients in receivables but not in sales, `results["receivables"]` (a ReceivablesReport, or
None without debts) and `summary["receivables"]`.
"""

from __future__ import annotations

import pandas as pd

from ..analyse.receivables import Bands, ReceivablesReport, analyse_receivables
from ..errors import KeyClientsError
from ..read import distinct_files
from ..read.notes import Note
from ..read.receivables import Receivables, read_receivables, read_receivables_rows
from ..report.cycle_inputs import RECEIVABLES_HEADER_ROW, receivables_input_sheet
from ..report.receivables_sheet import receivables_sheet
from . import BuildContext

SHEET_KEY = "sheet.receivables_input"


def bands(settings) -> Bands:
    return Bands(
        age=(settings.overdue_age_medium, settings.overdue_age_high),
        size=(settings.overdue_size_medium, settings.overdue_size_high),
    )


def read_input_sheet(context: BuildContext) -> Receivables | None:
    """The input sheet's debts, or None when the workbook has no such sheet or it holds no rows."""
    sheet = context.user_sheets.rows(SHEET_KEY)
    if sheet is None or len(sheet.rows) <= RECEIVABLES_HEADER_ROW:
        return None
    read = read_receivables_rows(sheet, blank_is_zero=False)
    return read if len(read.frame) else None


def collect(context: BuildContext) -> tuple[list[Receivables], list[Note]]:
    """The receivables read for this build, and what to note about where they came from."""
    on_sheet = read_input_sheet(context)
    if not context.receivables:
        return ([on_sheet] if on_sheet else []), []
    files, twice = [], []
    for path, first in distinct_files(context.receivables):  # a file given twice would double every debt
        if first is None:
            files.append(read_receivables(path))
        else:
            twice.append(Note("note.same_file_twice", {"file": path.name, "first": first.name}))
    unused = [Note("note.receivables_sheet_unused", {"sheet": context.user_sheets.find(SHEET_KEY)})] if on_sheet else []
    return files, unused + twice


def summary(report: ReceivablesReport | None) -> dict | None:
    if report is None:
        return None
    table = report.table
    return {
        "as_of": None if report.as_of is None else f"{report.as_of:%Y-%m-%d}",
        "debt": float(table["debt"].sum()),
        "overdue": float(table["overdue"].sum()),
        "clients_in_debt": int((table["debt"] > 0).sum()),
        "clients_overdue": int((table["overdue"] > 0).sum()),
        "not_in_sales": int((~table["in_sales"]).sum()),
    }


def run(context: BuildContext) -> None:
    lang, settings = context.lang, context.settings
    context.input_sheets.append(receivables_input_sheet(lang))
    read, notes = collect(context)
    report = None
    for one in read:
        if one.named_by_code is not None and not context.shipments.has_codes:
            raise KeyClientsError("error.receivables_codes_only", one.named_by_code, {"code": one.named_by_code.header})
    if read:
        # Debts name their clients, and may give their ИНН: the code decides where the sales have
        # codes; else a client the exports identify by its code is found by its name.
        keys = context.shipments.coded_keys
        exports = [
            (one.frame.assign(client_key=keys(one.frame["client_key"], one.frame.get("client_code"))), one.as_of)
            for one in read
        ]
        # A file that states no date is taken as of the build's day: a debt list is pulled when it is used.
        today = pd.Timestamp(context.today)
        report = analyse_receivables(exports, context.analysis, as_of=today, bands=bands(settings))
        notes = [note for one in read for note in one.notes] + notes + report.notes
        context.alerts += report.alerts
    context.results["receivables"] = report
    context.notes += notes
    context.summary["receivables"] = summary(report)
    # Without debts, the sheet is written only over an older one, which must not stand for this month.
    if report is not None or context.user_sheets.find("sheet.receivables") is not None:
        context.sheets.append(receivables_sheet(report, lang, bands(settings)))
