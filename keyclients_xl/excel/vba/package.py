"""Turn an .xlsx package into an .xlsm: add a VBA project, code names and a ribbon.

Hand-written because no library does it: openpyxl can keep the VBA project of a workbook
it loaded (``keep_vba=True``) but cannot add one to a workbook that has none, nor add a
ribbon (customUI) part.

What changes (ECMA-376 Part 2 for packages, [MS-OFFMACRO2] for the macro parts):

- ``xl/vbaProject.bin`` is added, with a relationship of type ``.../2006/relationships/
  vbaProject`` from the workbook part and the content type ``application/vnd.ms-office.
  vbaProject``;
- the workbook part's content type becomes ``...sheet.macroEnabled.main+xml``;
- ``<workbookPr codeName>`` and each ``<sheetPr codeName>`` name the document modules of
  the VBA project, so they must match the modules given to ``build_vba_project``;
- with a ribbon, ``customUI/customUI.xml`` is added with a root relationship of the 2006
  type ``.../2006/relationships/ui/extensibility``: openpyxl keeps that one on a
  load/save with ``keep_vba=True``, but drops the 2007 type (see shared NOTES.md).

XML parts are edited as text, touching only the attribute or element that changes, so
that namespace prefixes, ``mc:Ignorable`` lists and everything else stay as they were;
each edited part is parsed again (defusedxml) to prove it is still well-formed.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Mapping
from xml.etree.ElementTree import Element
from xml.sax.saxutils import quoteattr

from defusedxml import DefusedXmlException, ElementTree

__all__ = ["make_xlsm"]

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CUSTOM_UI_NS = "http://schemas.microsoft.com/office/2006/01/customui"

OFFICE_DOCUMENT_REL = f"{OFFICE_REL_NS}/officeDocument"
VBA_PROJECT_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
CUSTOM_UI_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"

XLSM_MAIN_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_PROJECT_TYPE = "application/vnd.ms-office.vbaProject"
XML_TYPE = "application/xml"

CONTENT_TYPES = "[Content_Types].xml"
CUSTOM_UI_PART = "customUI/customUI.xml"
_NEW_ENTRY_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so that the output is deterministic
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}")


# A start or empty-element tag with any namespace prefix; quoted values may contain '>'.
_TAG_TEMPLATE = (
    r"<(?:(?P<prefix>[\w.-]+):)?(?P<name>{name})(?=[\s/>])"
    r"(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(?P<close>/?)>"
)
_ANY_START_TAG = re.compile(_TAG_TEMPLATE.format(name=r"[\w.-]+"))


def _start_tag(local_name: str) -> re.Pattern[str]:
    return re.compile(_TAG_TEMPLATE.format(name=re.escape(local_name)))


def _root(xml: str) -> re.Match[str]:
    """The root element's start tag: the first tag that is no declaration or comment."""
    match = _ANY_START_TAG.search(xml)
    if match is None:
        raise ValueError("XML part has no root element")
    return match


def _element(xml: str, local_name: str, **attributes: str) -> str:
    """An empty element for ``xml``'s vocabulary, with the root's namespace prefix."""
    prefix = _root(xml).group("prefix")
    tag = f"{prefix}:{local_name}" if prefix else local_name
    attrs = "".join(f" {key}={quoteattr(value)}" for key, value in attributes.items())
    return f"<{tag}{attrs}/>"


def _with_attribute(tag: str, name: str, value: str) -> str:
    """``tag`` (one start tag) with attribute ``name`` set to ``value``."""
    pattern = re.compile(rf"(\s{name}\s*=\s*)(\"[^\"]*\"|'[^']*')")
    if pattern.search(tag):
        return pattern.sub(lambda m: m.group(1) + quoteattr(value), tag, count=1)
    end = -2 if tag.endswith("/>") else -1
    return f"{tag[:end].rstrip()} {name}={quoteattr(value)}{tag[end:]}"


def _set_attribute(xml: str, local_name: str, name: str, value: str) -> str | None:
    """Set an attribute on the first ``local_name`` element; None if there is none."""
    match = _start_tag(local_name).search(xml)
    if match is None:
        return None
    tag = _with_attribute(match.group(0), name, value)
    return xml[: match.start()] + tag + xml[match.end() :]


def _insert(xml: str, position: int, element: str) -> str:
    return xml[:position] + element + xml[position:]


def _append_child(xml: str, element: str) -> str:
    """Append ``element`` as the last child of the root element."""
    root = _root(xml)
    if root.group("close"):  # <Root .../>: give it a body
        prefix = root.group("prefix")
        name = f"{prefix}:{root.group('name')}" if prefix else root.group("name")
        opening = root.group(0)[:-2].rstrip() + ">"
        return xml[: root.start()] + opening + element + f"</{name}>" + xml[root.end() :]
    return _insert(xml, xml.rindex("</"), element)


def _element_end(xml: str, local_name: str) -> int | None:
    """Where the first ``local_name`` element ends (after its empty or closing tag)."""
    start = _start_tag(local_name).search(xml)
    if start is None:
        return None
    if start.group("close"):
        return start.end()
    closing = re.compile(rf"</(?:[\w.-]+:)?{local_name}\s*>").search(xml, start.end())
    return closing.end() if closing else None


def _parse(xml: str, part: str) -> Element:
    try:
        return ElementTree.fromstring(xml.encode("utf-8"))
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise ValueError(f"{part} is not acceptable XML: {error}") from None


class _Package:
    """The parts of a zip package, edited in memory; written back in the original order."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.infos = archive.infolist()
            self.parts = {info.filename: archive.read(info) for info in self.infos}

    def text(self, name: str) -> str:
        if name not in self.parts:
            raise ValueError(f"the package has no part {name!r}")
        return self.parts[name].decode("utf-8")

    def set_text(self, name: str, xml: str) -> None:
        _parse(xml, name)
        self.parts[name] = xml.encode("utf-8")

    def write(self) -> bytes:
        out = io.BytesIO()
        known = {info.filename for info in self.infos}
        new = [zipfile.ZipInfo(name, _NEW_ENTRY_TIME) for name in self.parts if name not in known]
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for info in self.infos + new:
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, self.parts[info.filename])
        return out.getvalue()


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _relationships(package: _Package, part: str) -> list[tuple[str, str, str]]:
    """(Id, Type, resolved target part) of each relationship of ``part`` ("" = root)."""
    rels = _rels_path(part) if part else "_rels/.rels"
    if rels not in package.parts:
        return []
    base = posixpath.dirname(part)
    found = []
    for rel in _parse(package.text(rels), rels).iter(f"{{{REL_NS}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") != "External":
            joined = target.lstrip("/") if target.startswith("/") else f"{base}/{target}"
            target = posixpath.normpath(joined).lstrip("/")
        found.append((rel.get("Id", ""), rel.get("Type", ""), target))
    return found


def _ensure_relationship(package: _Package, part: str, rel_type: str, target: str) -> str:
    """Return the part a ``rel_type`` relationship of ``part`` points to, adding one to
    ``target`` (relative to ``part``'s folder) when there is none."""
    existing = _relationships(package, part)
    for _, kind, resolved in existing:
        if kind == rel_type:
            return resolved
    rels = _rels_path(part) if part else "_rels/.rels"
    if rels not in package.parts:
        package.parts[rels] = f'<Relationships xmlns="{REL_NS}"/>'.encode()
    ids = {rel_id for rel_id, _, _ in existing}
    rel_id = next(f"rId{n}" for n in range(1, len(ids) + 2) if f"rId{n}" not in ids)
    xml = package.text(rels)
    relationship = _element(xml, "Relationship", Id=rel_id, Type=rel_type, Target=target)
    package.set_text(rels, _append_child(xml, relationship))
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def _set_content_types(package: _Package, workbook: str, vba_part: str, ui_part: str | None) -> None:
    xml = package.text(CONTENT_TYPES)
    types = _parse(xml, CONTENT_TYPES)
    ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    defaults = {d.get("Extension", "").lower(): d for d in types.iter(f"{ns}Default")}
    overrides = {o.get("PartName", "").lower() for o in types.iter(f"{ns}Override")}

    def override_pattern(part: str) -> re.Pattern[str]:
        name = re.escape(quoteattr("/" + part)[1:-1])
        part_name = rf"PartName\s*=\s*[\"']{name}[\"']"
        return re.compile(rf"<(?:[\w.-]+:)?Override\s[^>]*{part_name}[^>]*>", re.IGNORECASE)

    def add(local_name: str, **attributes: str) -> None:
        nonlocal xml
        element = _element(xml, local_name, **attributes)
        first_override = _start_tag("Override").search(xml)
        if local_name == "Default" and first_override is not None:
            # Any order is valid; Excel writes the Defaults first, so do the same.
            xml = _insert(xml, first_override.start(), element)
        else:
            xml = _append_child(xml, element)

    def set_override(part: str, content_type: str) -> None:
        nonlocal xml
        match = override_pattern(part).search(xml)
        if match is None:
            add("Override", PartName="/" + part, ContentType=content_type)
        else:
            tag = _with_attribute(match.group(0), "ContentType", content_type)
            xml = xml[: match.start()] + tag + xml[match.end() :]

    set_override(workbook, XLSM_MAIN_TYPE)
    bin_default = defaults.get("bin")
    if "/" + vba_part.lower() in overrides:
        set_override(vba_part, VBA_PROJECT_TYPE)
    elif bin_default is None:
        add("Default", Extension="bin", ContentType=VBA_PROJECT_TYPE)
    elif bin_default.get("ContentType") != VBA_PROJECT_TYPE:
        # .bin already means something else here (printer settings): name the part.
        set_override(vba_part, VBA_PROJECT_TYPE)
    if ui_part is not None and "xml" not in defaults:
        set_override(ui_part, XML_TYPE)
    package.set_text(CONTENT_TYPES, xml)


def _set_workbook_code_name(package: _Package, workbook: str, code_name: str) -> None:
    xml = package.text(workbook)
    edited = _set_attribute(xml, "workbookPr", "codeName", code_name)
    if edited is None:
        # CT_Workbook: fileVersion?, fileSharing?, workbookPr?, ... so it goes after those.
        position = _element_end(xml, "fileSharing") or _element_end(xml, "fileVersion")
        element = _element(xml, "workbookPr", codeName=code_name)
        edited = _insert(xml, position or _root(xml).end(), element)
    package.set_text(workbook, edited)


def _set_sheet_code_name(package: _Package, sheet_part: str, code_name: str) -> None:
    xml = package.text(sheet_part)
    edited = _set_attribute(xml, "sheetPr", "codeName", code_name)
    if edited is None:  # sheetPr is the first child of a worksheet or chartsheet
        edited = _insert(xml, _root(xml).end(), _element(xml, "sheetPr", codeName=code_name))
    package.set_text(sheet_part, edited)


def _sheet_parts(package: _Package, workbook: str) -> dict[str, str]:
    """Sheet name -> part name, from workbook.xml and its relationships."""
    targets = {rel_id: target for rel_id, _, target in _relationships(package, workbook)}
    tree = _parse(package.text(workbook), workbook)
    parts = {}
    for sheet in tree.iter(f"{{{MAIN_NS}}}sheet"):
        rel_id = sheet.get(f"{{{OFFICE_REL_NS}}}id", "")
        if rel_id in targets:
            parts[sheet.get("name", "")] = targets[rel_id]
    return parts


def _check_code_names(workbook_codename: str, sheet_codenames: Mapping[str, str]) -> None:
    names = [workbook_codename, *sheet_codenames.values()]
    for name in names:
        if not _IDENTIFIER.fullmatch(name):
            raise ValueError(f"code name {name!r} is not a VBA identifier")
    if len({name.upper() for name in names}) != len(names):
        raise ValueError(f"code names must be unique: {names}")


def _check_custom_ui(custom_ui_xml: str) -> None:
    try:
        root = ElementTree.fromstring(custom_ui_xml.encode("utf-8"))
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise ValueError(f"custom_ui_xml is not acceptable XML: {error}") from None
    if root.tag != f"{{{CUSTOM_UI_NS}}}customUI":
        raise ValueError(
            f"custom_ui_xml must be a <customUI> in the {CUSTOM_UI_NS} namespace: that is "
            "the schema of the 2006 relationship used here (the 2009/07 customUI14 schema "
            "needs the 2007 relationship type, which openpyxl drops)"
        )


def make_xlsm(
    xlsx_bytes: bytes,
    vba_project: bytes,
    *,
    workbook_codename: str = "ThisWorkbook",
    sheet_codenames: dict[str, str] | None = None,
    custom_ui_xml: str | None = None,
) -> bytes:
    """Return an .xlsm package: ``xlsx_bytes`` plus ``vba_project`` (and a ribbon).

    ``sheet_codenames`` maps sheet names (tab titles) to the code names of their
    document modules; sheets left out keep their code name, if any. ``custom_ui_xml`` is
    a ribbon in the 2006 customUI schema. Raises ``ValueError`` for a code name that is
    not a VBA identifier, an unknown sheet, or a ribbon that is not 2006 customUI XML.
    """
    sheet_codenames = dict(sheet_codenames or {})
    _check_code_names(workbook_codename, sheet_codenames)
    if custom_ui_xml is not None:
        _check_custom_ui(custom_ui_xml)

    package = _Package(xlsx_bytes)
    workbook = next(
        (target for _, kind, target in _relationships(package, "") if kind == OFFICE_DOCUMENT_REL),
        None,
    )
    if workbook is None or workbook not in package.parts:
        raise ValueError("not a spreadsheet package: no officeDocument relationship")

    sheets = _sheet_parts(package, workbook)
    unknown = sorted(set(sheet_codenames) - set(sheets))
    if unknown:
        raise ValueError(f"no sheet named {unknown} in the workbook (sheets: {sorted(sheets)})")

    vba_part = _ensure_relationship(package, workbook, VBA_PROJECT_REL, "vbaProject.bin")
    package.parts[vba_part] = bytes(vba_project)
    ui_part = None
    if custom_ui_xml is not None:
        ui_part = _ensure_relationship(package, "", CUSTOM_UI_REL, CUSTOM_UI_PART)
        package.parts[ui_part] = custom_ui_xml.encode("utf-8")
    _set_content_types(package, workbook, vba_part, ui_part)
    _set_workbook_code_name(package, workbook, workbook_codename)
    for sheet_name, code_name in sheet_codenames.items():
        _set_sheet_code_name(package, sheets[sheet_name], code_name)
    return package.write()
