"""The VBA module ``KeyClientsTexts``: catalogue texts for the VBA that runs without Python.

The Settings and Help buttons and the message shown when Python cannot start are plain VBA,
so their texts must be inside the workbook. They are copied from :mod:`keyclients_xl.i18n`
when the workbook is made, into ``sources/KeyClientsTexts.bas``'s placeholders.

VBA source must stay ASCII (the project's code page is 1252, and Cyrillic would not survive
it), so a line of text holding anything else is stored as the hex digits of its UTF-16 code
units, decoded in VBA by ``KC_Unhex``; plain ASCII lines stay readable literals.
"""

from __future__ import annotations

from ..i18n import LANGS, t
from ..read.sources import EXPORT_SUFFIXES
from .ribbon import SOURCES

__all__ = ["TEXTS_MODULE_NAME", "VBA_TEXT_KEYS", "texts_module", "vba_text_statements"]

TEXTS_MODULE_NAME = "KeyClientsTexts"
VBA_TEXT_KEYS = (
    "macro.title",
    "macro.help",
    "sheet.settings",
    "vba.no_settings_sheet",
    "vba.run_failed",
    "vba.xlwings_missing",
    "vba.filter_exports",
    "vba.filter_all",
)
_PIECE = 60  # characters per statement: a hex piece is 240 digits, far below VBA's 1023 per line


def _is_plain(text: str) -> bool:
    return all(" " <= char <= "~" for char in text)


def _pieces(line: str) -> list[str]:
    """VBA expressions for one line of text: a literal when it is printable ASCII, else KC_Unhex."""
    parts = [line[i : i + _PIECE] for i in range(0, len(line), _PIECE)]
    if _is_plain(line):
        return ['"' + part.replace('"', '""') + '"' for part in parts]
    return [f'KC_Unhex("{part.encode("utf-16-be").hex().upper()}")' for part in parts]


def vba_text_statements(text: str, variable: str = "s") -> list[str]:
    """Statements that append ``text`` to a VBA String ``variable``; lines are joined by vbLf."""
    statements = []
    for index, line in enumerate(text.split("\n")):
        if index:
            statements.append(f"{variable} = {variable} & vbLf")
        statements += [f"{variable} = {variable} & {piece}" for piece in _pieces(line)]
    return statements


def export_pattern() -> str:
    """The file dialog's pattern of every export name the reader takes: `*.xlsx;*.xlsm;…`."""
    return ";".join(f"*{suffix}" for suffix in EXPORT_SUFFIXES)


def texts_module(build_lang: str) -> str:
    """The module's source: ``KC_Text(key, lang)`` for :data:`VBA_TEXT_KEYS` in every language."""
    cases = []
    for lang in LANGS:
        for key in VBA_TEXT_KEYS:
            cases.append(f'    Case "{lang}|{key}"')
            cases += [f"        {statement}" for statement in vba_text_statements(t(key, lang))]
    template = (SOURCES / "KeyClientsTexts.bas").read_text(encoding="ascii")
    source = (
        template.replace("{{build_lang}}", build_lang)
        .replace("{{export_pattern}}", export_pattern())
        .replace("{{langs}}", ", ".join(f'"{lang}"' for lang in LANGS))
        .replace("{{cases}}", "\n".join(cases))
    )
    source.encode("ascii")  # raises if a text slipped through unencoded
    return source
