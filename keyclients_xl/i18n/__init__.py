"""Russian and English texts: sheet names, headers, notes and error messages.

Every user-visible string lives in this package, keyed by a stable English id, so that the
CLI, the workbook and the Excel macros say the same thing in the same words. The texts are
kept in one catalogue module per area (report, notes, errors, cli, excel, …); a key may be
defined in one catalogue only.

Numbers, percentages, month names and plural forms come from CLDR locale data (Babel), not
hand-made rules: see :func:`number`, :func:`percent`, :class:`Count` and :class:`Month`.
"""

from __future__ import annotations

import locale
import os
import pkgutil
import re
from dataclasses import dataclass
from importlib import import_module

LANGS = ("ru", "en")


def _catalogues() -> list[str]:
    """Every module of this package is a catalogue with a TEXTS dict (add a file to add an area)."""
    return sorted(info.name for info in pkgutil.iter_modules(__path__))


def _merge_catalogues() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for name in _catalogues():
        texts = import_module(f"{__name__}.{name}").TEXTS
        clash = merged.keys() & texts.keys()
        if clash:
            raise RuntimeError(f"i18n keys defined twice ({name}): {sorted(clash)}")
        merged.update(texts)
    return merged


TEXTS: dict[str, dict] = _merge_catalogues()

MONTH_ABBR = {
    "ru": ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def t(key: str, lang: str, **params: object) -> str:
    """The text for `key` in `lang`, with `params` filled in (those with a `text(lang)` are translated too)."""
    text = TEXTS[key][lang if lang in LANGS else "en"]
    params = {k: v.text(lang) if hasattr(v, "text") else v for k, v in params.items()}
    return text.format(**params) if params else text


@dataclass(frozen=True)
class Phrases:
    """Message keys shown as one comma-separated phrase, in the language of the message around them."""

    keys: tuple[str, ...]

    def text(self, lang: str) -> str:
        return ", ".join(t(key, lang) for key in self.keys)


def all_translations(key: str) -> set[str]:
    """Every language's text for `key` (to recognise our own sheets whatever their language)."""
    return set(TEXTS[key].values())


def month_label(period, lang: str) -> str:
    """A short month header such as 'авг 2026' or 'Aug 2026'."""
    return f"{MONTH_ABBR[lang][period.month - 1]} {period.year}"


def has_cyrillic(texts) -> bool:
    return any(_CYRILLIC.search(str(text)) for text in texts if text is not None)


def default_lang() -> str:
    """The language before any data is seen: KEYCLIENTS_LANG, else the user's locale, else English."""
    return locale_lang() or "en"


_NO_LANGUAGE = re.compile(r"(?i)(c|posix)([._@].*)?")  # LANG=C.UTF-8: a server's or a container's


def locale_lang() -> str | None:
    """KEYCLIENTS_LANG's or the locale's language, or None where the locale names none (C, POSIX,
    unset): there an error about a file is worded in the file's language (`data_lang`).

    Windows sets no LANG; its locale name reads 'Russian_Russia', hence the second look.
    """
    for var in ("KEYCLIENTS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            if _NO_LANGUAGE.fullmatch(value):
                return None
            return "ru" if value.lower().startswith("ru") else "en"
    name = locale.getlocale()[0] or ""
    if not name or _NO_LANGUAGE.fullmatch(name):
        return None
    return "ru" if name.lower().startswith("ru") else "en"


def data_lang(texts) -> str:
    """Russian where the texts (a file's name, its sheet, header, cell) are, as the report is
    Russian for a Russian export; else English."""
    return "ru" if has_cyrillic(texts) else "en"


def _plural_category(count: float, lang: str) -> str:
    from babel import Locale

    return Locale.parse(lang if lang in LANGS else "en").plural_form(abs(count))


def plural(count: float, noun: str, lang: str) -> str:
    """The form of `noun` (a key of the plurals catalogue) that goes with `count`:
    plural(3, "line", "ru") → 'строки', plural(5, …) → 'строк'."""
    forms = TEXTS[f"plural.{noun}"][lang if lang in LANGS else "en"]
    return forms.get(_plural_category(count, lang)) or forms["other"]


def _as_excel_rounds(value: float, digits: int, scale: int = 0):
    """`value` rounded as Excel shows it: to its 15 significant digits, then half away from zero
    (Babel rounds half to even: a cell showing -13 % beside a message saying -12 %). The 15 digits
    make a sum of cents that lands on a half (15 113 459.499999998 or .5, by the order it was
    added in) show one figure. `scale`: powers of ten shown (2 for a percent)."""
    from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

    try:
        shown = (
            Decimal(f"{float(value):.15g}").scaleb(scale).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
        )
    except (InvalidOperation, ValueError, OverflowError):
        return value  # NaN, infinity: as Babel writes them
    return shown.scaleb(-scale)


def number(value: float, lang: str, digits: int = 0) -> str:
    """'9 407' (ru, a non-breaking space groups thousands) or '9,407' (en)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(_as_excel_rounds(value, digits), format=pattern, locale=lang if lang in LANGS else "en")


def percent(share: float, lang: str, digits: int = 1) -> str:
    """0.183 → '18,3 %' (ru) or '18.3%' (en): the locale's own percent pattern."""
    from babel import Locale
    from babel.numbers import format_percent

    loc = Locale.parse(lang if lang in LANGS else "en")
    pattern = loc.percent_formats[None].pattern
    if digits:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * digits, 1)
    return format_percent(_as_excel_rounds(share, digits, 2), format=pattern, locale=loc)


@dataclass(frozen=True)
class Count:
    """A count with its noun in the right plural form, for message parameters: '3 строки', '1 client'."""

    count: float
    noun: str

    def text(self, lang: str) -> str:
        shown = number(self.count, lang, 0 if float(self.count).is_integer() else 2)
        return f"{shown} {plural(self.count, self.noun, lang)}"


@dataclass(frozen=True)
class Amount:
    """A money amount for message parameters, grouped the locale's way: '1 234 568'."""

    value: float

    def text(self, lang: str) -> str:
        return number(self.value, lang)


def month_name(period, lang: str) -> str:
    """A month as people say it: 'ноябрь 2026', 'November 2026' (CLDR stand-alone names)."""
    import datetime as dt

    from babel.dates import format_date

    return format_date(dt.date(period.year, period.month, 1), "LLLL y", locale=lang if lang in LANGS else "en")


@dataclass(frozen=True)
class Month:
    """A month for message parameters: 'ноябрь 2026' rather than '2026-11'. `period`: a pandas Period."""

    period: object

    def text(self, lang: str) -> str:
        return month_name(self.period, lang)


@dataclass(frozen=True)
class Percent:
    """A share for message parameters: 0.3 → '30,0 %' (ru) or '30.0%' (en)."""

    share: float
    digits: int = 1

    def text(self, lang: str) -> str:
        return percent(self.share, lang, self.digits)
