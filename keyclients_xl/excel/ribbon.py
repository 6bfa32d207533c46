"""The ribbon tab of KeyClients.xlsm: its XML in the workbook's language, checked against the VBA.

The template is ``sources/customUI.xml`` (customUI 2006 schema). Its ``{{ribbon.*}}``
placeholders are texts from :mod:`keyclients_xl.i18n`; :func:`ribbon_xml` fills them in, XML
escaped. :func:`check_ribbon` catches the mistakes Excel reports only when the button is
clicked, or not at all: a duplicated id (Excel drops the whole tab) and a callback without a
matching ``Sub`` in the VBA project.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from defusedxml import DefusedXmlException, ElementTree

from ..i18n import TEXTS, t

__all__ = ["CUSTOM_UI_NS", "SOURCES", "check_ribbon", "ribbon_callbacks", "ribbon_xml", "vba_subs"]

SOURCES = Path(__file__).parent / "sources"
CUSTOM_UI_NS = "http://schemas.microsoft.com/office/2006/01/customui"

_PLACEHOLDER = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")
# Attributes whose value names a VBA procedure: onAction, onChange, onLoad, getLabel, …, loadImage.
_CALLBACK_ATTRIBUTE = re.compile(r"on[A-Z]\w*|get[A-Z]\w*|loadImage")
# "[Public] Sub Name(params)"; Private and Friend Subs cannot be callbacks.
_SUB = re.compile(r"^\s*(?:Public\s+)?(?:Static\s+)?Sub\s+(\w+)\s*\((.*)\)\s*$", re.IGNORECASE)
_CONTROL_PARAM = re.compile(r"(?:ByVal\s+|ByRef\s+)?\w+\s+As\s+(?:Office\.)?IRibbonControl", re.IGNORECASE)


def ribbon_xml(lang: str, template: str | None = None) -> str:
    """The ribbon XML with every ``{{key}}`` replaced by ``t(key, lang)``, escaped for XML."""
    template = (SOURCES / "customUI.xml").read_text(encoding="utf-8") if template is None else template

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in TEXTS:
            raise ValueError(f"ribbon template: no text {key!r} in keyclients_xl/i18n/excel.py")
        return escape(t(key, lang), {'"': "&quot;", "'": "&apos;"})

    return _PLACEHOLDER.sub(fill, template)


def _parse(xml: str):
    try:
        root = ElementTree.fromstring(xml.encode("utf-8"))
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise ValueError(f"ribbon XML is not well-formed: {error}") from None
    if root.tag != f"{{{CUSTOM_UI_NS}}}customUI":
        raise ValueError(f"ribbon XML: the root must be <customUI> in the namespace {CUSTOM_UI_NS}, not {root.tag}")
    return root


def _callbacks(root) -> list[tuple[str, str, str, str]]:
    """(attribute, procedure, element tag, element id) of every callback attribute."""
    found = []
    for element in root.iter():
        tag = element.tag.rpartition("}")[2]
        for attribute, value in element.attrib.items():
            if _CALLBACK_ATTRIBUTE.fullmatch(attribute):
                found.append((attribute, value, tag, element.get("id", tag)))
    return found


def ribbon_callbacks(xml: str) -> set[str]:
    """The names of the VBA procedures the ribbon calls (onAction, getLabel, …)."""
    return {name for _, name, _, _ in _callbacks(_parse(xml))}


def _logical_lines(source: str) -> list[str]:
    """Source lines with ``_`` continuations joined and comments dropped."""
    lines, current = [], ""
    for raw in source.replace("\r\n", "\n").split("\n"):
        line = _strip_comment(raw)
        if line.rstrip().endswith(" _"):
            current += line.rstrip()[:-1]
            continue
        lines.append(current + line)
        current = ""
    if current:
        lines.append(current)
    return lines


def _strip_comment(line: str) -> str:
    """The line without its ``'`` comment (apostrophes inside string literals are kept)."""
    in_string = False
    for index, char in enumerate(line):
        if char == '"':
            in_string = not in_string
        elif char == "'" and not in_string:
            return line[:index]
    if re.match(r"\s*Rem(\s|$)", line, re.IGNORECASE):
        return ""
    return line


def vba_subs(source: str) -> dict[str, tuple[str, ...]]:
    """Public ``Sub`` name → its parameter declarations, whitespace normalised.

    ``Public Sub OnBuild(control As IRibbonControl)`` gives
    ``{"OnBuild": ("control As IRibbonControl",)}``. Private Subs are left out: Excel's
    ribbon cannot call them.
    """
    subs = {}
    for line in _logical_lines(source):
        match = _SUB.match(line)
        if match:
            params = tuple(" ".join(p.split()) for p in match.group(2).split(",") if p.strip())
            subs[match.group(1)] = params
    return subs


def check_ribbon(xml: str, vba_sources: Iterable[str]) -> None:
    """Raise ``ValueError`` unless the ribbon is well-formed 2006 customUI XML, its ids are
    unique, and every callback has exactly one Public Sub in ``vba_sources`` whose first
    parameter is ``control As IRibbonControl`` (for ``onAction`` of a button: its only one).
    """
    root = _parse(xml)
    ids: dict[str, int] = {}
    for element in root.iter():
        if "id" in element.attrib:
            ids[element.get("id")] = ids.get(element.get("id"), 0) + 1
    duplicated = sorted(name for name, count in ids.items() if count > 1)
    if duplicated:
        raise ValueError(f"ribbon XML: duplicated id {', '.join(duplicated)}: Excel would not show the tab")

    subs: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for source in vba_sources:
        for name, params in vba_subs(source).items():
            subs.setdefault(name.casefold(), []).append((name, params))  # VBA names ignore case
    for attribute, name, tag, element in _callbacks(root):
        where = f"ribbon XML: {attribute}={name!r} of <{tag} id={element!r}>"
        found = subs.get(name.casefold(), [])
        if not found:
            raise ValueError(f"{where}: the VBA project has no Public Sub {name}(control As IRibbonControl)")
        if len(found) > 1:
            raise ValueError(f"{where}: Sub {name} is defined {len(found)} times in the VBA project (ambiguous name)")
        params = found[0][1]
        signature = f"Sub {found[0][0]}({', '.join(params)})"
        if not params or not _CONTROL_PARAM.fullmatch(params[0]):
            raise ValueError(f"{where}: {signature} must take (control As IRibbonControl) first")
        if attribute == "onAction" and tag == "button" and len(params) != 1:
            raise ValueError(f"{where}: {signature} must take exactly (control As IRibbonControl)")
