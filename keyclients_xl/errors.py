"""One error type for everything a user can get wrong, localized when shown."""

from __future__ import annotations

from dataclasses import dataclass, field

from .i18n import t


def column_letter(index: int) -> str:
    """1 → 'A', 28 → 'AB' (Excel column letters)."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_number(letters: str) -> int:
    """'A' → 1, 'ab' → 28: the inverse of column_letter, in any case."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


@dataclass
class Location:
    """Where in the user's files a problem is. Row and column are 1-based, as Excel shows them."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: int | None = None
    header: str | None = None

    def describe(self, lang: str) -> str:
        parts = []
        if self.file:
            parts.append(t("error.where.file", lang, file=self.file))
        if self.sheet:
            parts.append(t("error.where.sheet", lang, sheet=self.sheet))
        if self.row:
            parts.append(t("error.where.row", lang, row=self.row))
        if self.column:
            name = column_letter(self.column)
            if self.header:
                name += f" «{self.header}»" if lang == "ru" else f" '{self.header}'"
            parts.append(t("error.where.column", lang, column=name))
        return ", ".join(parts)


@dataclass
class KeyClientsError(Exception):
    """A problem with the user's input, named by a message key and where it is."""

    key: str
    where: Location = field(default_factory=Location)
    params: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        where = self.where.describe(lang)
        text = t(self.key, lang, **self.params)
        return f"{where}: {text}" if where else text[:1].upper() + text[1:]

    def __str__(self) -> str:
        return self.message("en")
