"""Bring rendered sheets into a workbook open in Excel (xlwings, BSD part only).

The sheets are drawn by the same openpyxl renderer into a temporary workbook, which is
opened in the same Excel instance; each sheet is copied in with `Sheet.copy(before/after=, name=)`.
New sheets are copied in under temporary names first and the old ones deleted only after
that, so a failure leaves the user's workbook as it was.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..render import render_workbook
from ..report import SheetSpec

_STAGING = "kc_new_{}"


def swap_sheets_into_book(book, specs: list[SheetSpec], replace: set[str]) -> None:
    """Replace the sheets named in `replace` (and same-named ones) by sheets drawn from `specs`.

    The new sheets stand where the first old one stood, or at the end of the workbook.
    """
    names = replace | {spec.name for spec in specs}
    old = [sheet for sheet in book.sheets if sheet.name in names]
    # Excel may hold the closed temporary file a moment longer (Windows): never fail on cleanup.
    with tempfile.TemporaryDirectory(prefix="keyclients-", ignore_cleanup_errors=True) as tmp:
        path = Path(tmp) / "report.xlsx"
        render_workbook(specs).save(path)
        source = book.app.books.open(str(path))
        staged = []
        try:
            for i, spec in enumerate(specs):
                if staged:
                    place = {"after": staged[-1]}
                elif old:
                    place = {"before": old[0]}
                else:
                    place = {"after": book.sheets[len(book.sheets) - 1]}
                staged.append(source.sheets[spec.name].copy(name=_STAGING.format(i), **place))
        except Exception:
            for sheet in staged:
                sheet.delete()
            raise
        finally:
            source.close()
    for sheet in old:
        sheet.delete()
    for sheet, spec in zip(staged, specs, strict=True):
        sheet.name = spec.name
