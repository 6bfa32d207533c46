"""The built-in demo: generated distributor data, laid out like a 1C export, through the same engine."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from .demo_data import COLUMNS, make_demo_lines
from .read import SheetRows, combine
from .read.layout import read_rows

DEMO_AS_OF = dt.date(2026, 11, 20)


def demo_export_rows(lines: pd.DataFrame) -> SheetRows:
    """The demo lines as a 1C sheet: title block, an empty column A, a header, data, a totals row."""
    start, end = lines["Дата"].min(), lines["Дата"].max()
    title = [
        [None, "Продажи по документам"],
        [None, f"Период: {start:%d.%m.%Y} - {end:%d.%m.%Y}"],
        [None, "Показатели: Количество, Сумма"],
        [None, "Группировки строк: Контрагент, Номенклатура"],
        [],
        [None, *COLUMNS],
    ]
    body = [[None, *row] for row in lines[list(COLUMNS)].itertuples(index=False)]
    total = [[None, "Итого", None, None, None, None, None, None, None, float(lines["Сумма"].sum())]]
    return SheetRows("Продажи_демо.xlsx", "TDSheet", title + body + total)


def demo_shipments():
    return combine([read_rows(demo_export_rows(make_demo_lines(as_of=DEMO_AS_OF)))])


def run_demo(
    out: Path | str = "KeyClients_demo.xlsx",
    lang: str = "ru",
    save_export: Path | str | None = None,
    *,
    force: bool = False,
):
    """`keyclients demo`: the demo workbook at `out` (and, if asked, the generated export).

    The export's path is checked before anything is written: it may be a user's real export, so
    an existing file is replaced only with `force`."""
    from .engine import write_report

    if save_export:
        check_demo_export_target(Path(save_export), Path(out), force=force)
    result = write_report(Path(out), demo_shipments(), lang=lang, create_folders=True)
    if save_export:
        save_demo_export(Path(save_export))
    return result


def check_demo_export_target(path: Path, out: Path, *, force: bool = False) -> None:
    """The export is an .xlsx, not the demo workbook, and replaces an existing file only with `force`."""
    from .deliver.targets import check_side_output
    from .errors import KeyClientsError, Location

    if path.suffix.lower() != ".xlsx":
        suffix = path.suffix or path.name
        raise KeyClientsError("error.demo_export_format", Location(file=path.name), {"suffix": suffix})
    check_side_output(path, [out], lambda _: False, force=force, option="--save-export")


def save_demo_export(path: Path) -> Path:
    """Write the demo export as a real .xlsx (to try `keyclients build` on)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("TDSheet")
    for row in demo_export_rows(make_demo_lines(as_of=DEMO_AS_OF)).rows:
        sheet.append(row)
    book.save(path)
    return path
