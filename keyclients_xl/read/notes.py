"""What the tool assumed or did, kept as message keys so it can be told in either language."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import t


@dataclass(frozen=True)
class Note:
    """A message key and its parameters; a parameter may itself be a Note (a translated phrase)."""

    key: str
    params: dict = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.params)  # t() translates nested Notes and Phrases


@dataclass(frozen=True)
class Phrase:
    """Parts joined into one phrase; a part is text, or anything with `text(lang)` (a Note, a Count …)."""

    parts: tuple
    sep: str = ""

    def text(self, lang: str) -> str:
        return self.sep.join(part.text(lang) if hasattr(part, "text") else str(part) for part in self.parts)
