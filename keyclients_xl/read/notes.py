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
