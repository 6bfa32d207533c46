"""Message parameters of the metric alerts that print themselves in either language.

Like `i18n.Count` or `i18n.Month`: an Alert keeps these in `params`, and `t()` calls their
`text(lang)` when the message is written. A translated phrase with parameters of its own
is a `read.notes.Note` (key + params).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Phrases, month_name, number, percent, t
from ..read.notes import Note


def _signed(text: str, value: float) -> str:
    """'+12 %' for a rise; a fall keeps the locale's own minus sign."""
    return f"+{text}" if value > 0 else text


@dataclass(frozen=True)
class SignedPercent:
    """A change as a share with its sign: 0.12 → '+12 %', -0.3 → '-30 %' (ru spacing from CLDR)."""

    share: float
    digits: int = 0

    def text(self, lang: str) -> str:
        return _signed(percent(self.share, lang, self.digits), self.share)


@dataclass(frozen=True)
class SignedAmount:
    """A change of money with its sign: -340000 → '-340 000'."""

    value: float

    def text(self, lang: str) -> str:
        return _signed(number(round(self.value), lang), round(self.value))


@dataclass(frozen=True)
class Months:
    """Several months as people say them: 'август 2026, сентябрь 2026'."""

    periods: tuple

    def text(self, lang: str) -> str:
        return ", ".join(month_name(period, lang) for period in self.periods)


@dataclass(frozen=True)
class Names:
    """Names (SKUs, clients) as one comma-separated list, the same in every language."""

    names: tuple[str, ...]

    def text(self, lang: str) -> str:
        return ", ".join(self.names)


@dataclass(frozen=True)
class Driver:
    """One SKU behind a client's change: its contribution and what happened to it.

    status: 'stopped' (bought before, not in the last month), 'new' (not before, bought now)
    or 'changed' (then `ratio` is its change, last / earlier average - 1).
    """

    sku: str
    change: float
    status: str
    ratio: float | None = None

    def text(self, lang: str) -> str:
        ratio = {"change": SignedPercent(self.ratio)} if self.ratio is not None else {}
        how = t(f"driver.{self.status}", lang, **ratio)
        return t("driver.item", lang, change=SignedAmount(self.change), sku=self.sku, how=how)


@dataclass(frozen=True)
class Drivers:
    """The SKUs behind a change, most important first: 'Товар 0012 (-340 000, не берёт), …'."""

    items: tuple[Driver, ...]

    def text(self, lang: str) -> str:
        return ", ".join(item.text(lang) for item in self.items)


def needs_note(columns: tuple[str, ...]) -> Note:
    """What the sheet says when the data lacks the columns a measure needs (reader roles such as 'sku').

    SKUs alone come from another kind of export (document lines), so that case names the export.
    """
    if tuple(columns) == ("sku",):
        return Note("needs.sku")
    return Note("needs.columns", {"columns": Phrases(tuple(f"column.{column}" for column in columns))})
