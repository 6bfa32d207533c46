"""The printed page footer of the report sheets: page N of M · built on date · source file."""

from __future__ import annotations

import datetime as dt

from ..i18n import LANGS, Count, t
from .spec import SheetSpec

MAX_SOURCE = 60  # characters of file names before the rest are only counted


def sources_text(files: list[str], lang: str) -> str:
    """'Продажи.xlsx', or 'aug.csv, sep.csv', or 'aug.csv и ещё 5 файлов' when the list is long."""
    names = list(dict.fromkeys(files))
    joined = ", ".join(names)
    if len(names) <= 1 or len(joined) <= MAX_SOURCE:
        return joined
    return t("print.more_sources", lang, first=names[0], count=Count(len(names) - 1, "file"))


def page_footer(lang: str, files: list[str], built_on: dt.date | None = None) -> str:
    """The footer text with {page} and {pages} left for the renderer (Excel's &P and &N)."""
    from babel.dates import format_date

    date = format_date(built_on or dt.date.today(), "long", locale=lang if lang in LANGS else "en")
    return t("print.footer", lang, page="{page}", pages="{pages}", date=date, source=sources_text(files, lang))


def with_footer(sheets: list[SheetSpec], footer: str) -> list[SheetSpec]:
    """The same sheets, each printing `footer` unless it has its own."""
    for sheet in sheets:
        sheet.footer = sheet.footer or footer
    return sheets
