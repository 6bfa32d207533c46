"""Build an ``xl/vbaProject.bin`` (MS-OVBA 2.2-2.3) from VBA source text.

Hand-written because no usable library does it: ``olefile`` cannot create streams, and
the PyPI ``ms-ovba`` packages corrupt module sources longer than one 4 KB chunk (see
shared NOTES.md). The project holds source only, no compiled code:

- ``VBA/_VBA_PROJECT`` (2.3.4.1) declares version 0xFFFF, which tells Office that there is
  no usable performance cache, so it compiles the project from source on open;
- ``VBA/dir`` (2.3.4.2) describes the project and its modules, compressed (2.4.1);
- ``VBA/<module>`` (2.3.4.3) is the compressed source at offset 0 (no cache before it);
- ``PROJECT`` (2.3.1) and ``PROJECTwm`` (2.3.3) are the text project information and the
  module name map.

Module sources are stored the way Excel stores them: CRLF line ends, encoded with the
project code page, starting with the ``Attribute VB_*`` lines that Excel writes for the
module's kind. The output is deterministic: same modules in, same bytes out.
"""

from __future__ import annotations

import codecs
import re
import struct
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .cfb import write_compound_file
from .compression import compress

__all__ = ["Module", "build_vba_project", "module_code"]

ModuleKind = Literal["standard", "class", "document"]

LCID_EN_US = 0x0409
_SYS_KINDS = {"win32": 0x00000001, "win64": 0x00000003}  # 2.3.4.2.1.1 PROJECTSYSKIND

# 2.3.4.2.2.5: the OLE Automation type library, referenced as Excel does.
_STDOLE_LIBID = (
    r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0"
    r"#C:\Windows\System32\stdole2.tlb#OLE Automation"
)

# The Office type library: IRibbonControl, the ribbon callbacks' argument type, lives there.
# Same libid as in workbooks Excel saves (xlwings' quickstart_standalone.xlsm); Office
# resolves the registered library by GUID, whatever the path.
_OFFICE_LIBID = (
    r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0"
    r"#C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL#Microsoft Office 16.0 Object Library"
)

# VB_Base: the COM class a module extends. Excel writes these for its modules.
_CLASS_BASE = '"0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"'
_WORKBOOK_BASE = '"0{00020819-0000-0000-C000-000000000046}"'
_WORKSHEET_BASE = '"0{00020820-0000-0000-C000-000000000046}"'

# 2.3.1.16-17: an unprotected, visible project. CMG is ProjectProtectionState (4 zero
# bytes), DPB the "no password" byte, GC the "visible" byte, each obfuscated by
# Data Encryption (2.4.3.2).
_PROTECTION_STATE = b"\x00\x00\x00\x00"
_NO_PASSWORD = b"\x00"
_VISIBLE = b"\xff"
_ENCRYPTION_SEED = 0x8D  # any seed is valid; a fixed one keeps the output deterministic
_VBA_PROJECT_STREAM = b"\xcc\x61\xff\xff\x00\x00\x00"  # 2.3.4.1, version 0xFFFF

# Host Extender Info (2.3.1.18): the VBE host extender, as Excel writes it.
_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"
_GUID_NAMESPACE = uuid.UUID("0b6f3d8e-5f57-4c1e-9a55-6b6579636c69")

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}")
_ATTRIBUTE = re.compile(r"Attribute\s+(VB_\w+)\s*=", re.IGNORECASE)
_EXPORT_HEADER_START = re.compile(r"VERSION\s+\d+\.\d+\s+CLASS\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Module:
    """One VBA module: its name, its kind and its source text (``\\n`` or ``\\r\\n``)."""

    name: str
    kind: ModuleKind
    source: str


def _default_attributes(module: Module, workbook_module: str) -> list[tuple[str, str]]:
    """The header attributes Excel writes for a module of this kind, in Excel's order."""
    attributes = [("VB_Name", f'"{module.name}"')]
    if module.kind == "standard":
        return attributes
    if module.kind == "class":
        base, predeclared, exposed, customizable = _CLASS_BASE, "False", "False", "False"
    else:
        is_workbook = module.name.upper() == workbook_module.upper()
        base = _WORKBOOK_BASE if is_workbook else _WORKSHEET_BASE
        predeclared, exposed, customizable = "True", "True", "True"
    return attributes + [
        ("VB_Base", base),
        ("VB_GlobalNameSpace", "False"),
        ("VB_Creatable", "False"),
        ("VB_PredeclaredId", predeclared),
        ("VB_Exposed", exposed),
        ("VB_TemplateDerived", "False"),
        ("VB_Customizable", customizable),
    ]


def _strip_export_header(lines: list[str]) -> list[str]:
    """Drop the ``VERSION 1.0 CLASS`` / ``BEGIN`` ... ``END`` block of an exported .cls.

    That block belongs to the export file format only: the VBA editor consumes it on
    import, and Excel's module streams never contain it (a class module stream starts
    with ``Attribute VB_Name``).
    """
    if not lines or not _EXPORT_HEADER_START.fullmatch(lines[0]):
        return lines
    for index, line in enumerate(lines[1:], start=1):
        if line.strip().upper() == "END":
            return lines[index + 1 :]
    raise ValueError("exported class header 'VERSION ... CLASS' has no closing END line")


def module_code(module: Module, *, workbook_module: str = "ThisWorkbook") -> str:
    """Return the module's source as it is stored: CRLF line ends, attribute header first.

    Attribute lines already at the top of the source are kept verbatim; the ones Excel
    writes for this kind of module are added when missing (in Excel's order, followed by
    the source's other header attributes such as ``VB_Description``).
    """
    lines = module.source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    try:
        lines = _strip_export_header(lines)
    except ValueError as error:
        raise ValueError(f"module {module.name!r}: {error}") from None

    header_end = 0
    present: dict[str, str] = {}
    while header_end < len(lines) and (match := _ATTRIBUTE.match(lines[header_end])):
        present[match.group(1).upper()] = lines[header_end]
        header_end += 1

    name_line = present.get("VB_NAME")
    if name_line is not None and f'"{module.name}"' not in name_line:
        raise ValueError(f"module {module.name!r}: source declares {name_line.strip()!r}")

    header = []
    for attribute, value in _default_attributes(module, workbook_module):
        header.append(present.pop(attribute.upper(), f"Attribute {attribute} = {value}"))
    header += present.values()  # the source's other attributes, in their order
    return "\r\n".join(header + lines[header_end:])


def _codec(codepage: int) -> str:
    name = f"cp{codepage}"
    try:
        codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unsupported code page {codepage}") from None
    return name


def _encode(text: str, codec: str, what: str) -> bytes:
    try:
        return text.encode(codec)
    except UnicodeEncodeError as error:
        line = text.count("\n", 0, error.start) + 1
        char = text[error.start]
        raise ValueError(f"{what}: character {char!r} on line {line} cannot be encoded with {codec}") from None


def _record(record_id: int, data: bytes = b"") -> bytes:
    """A dir stream record (2.3.4.2): Id (2 bytes), Size (4 bytes), data."""
    return struct.pack("<HI", record_id, len(data)) + data


def _text_record(record_id: int, unicode_id: int, mbcs: bytes, text: str) -> bytes:
    """A record stored twice: in the code page, then in UTF-16 under its own id."""
    return _record(record_id, mbcs) + _record(unicode_id, text.encode("utf-16-le"))


def _dir_stream(modules: Sequence[Module], project_name: str, codepage: int, codec: str, sys_kind: str) -> bytes:
    u32 = struct.Struct("<I").pack
    u16 = struct.Struct("<H").pack
    empty = b""
    out = [
        # 2.3.4.2.1 PROJECTINFORMATION
        _record(0x0001, u32(_SYS_KINDS[sys_kind])),
        _record(0x0002, u32(LCID_EN_US)),  # PROJECTLCID
        _record(0x0014, u32(LCID_EN_US)),  # PROJECTLCIDINVOKE
        _record(0x0003, u16(codepage)),  # PROJECTCODEPAGE
        _record(0x0004, project_name.encode(codec)),  # PROJECTNAME
        _text_record(0x0005, 0x0040, empty, ""),  # PROJECTDOCSTRING
        _text_record(0x0006, 0x003D, empty, ""),  # PROJECTHELPFILEPATH (both copies)
        _record(0x0007, u32(0)),  # PROJECTHELPCONTEXT
        _record(0x0008, u32(0)),  # PROJECTLIBFLAGS
        # PROJECTVERSION: its "size" field is a reserved 4, then major (4) and minor (2).
        struct.pack("<HIIH", 0x0009, 4, 1, 0),
        _text_record(0x000C, 0x003C, empty, ""),  # PROJECTCONSTANTS
        # 2.3.4.2.2 PROJECTREFERENCES: stdole and Office, as REFERENCENAME + REFERENCEREGISTERED
        _text_record(0x0016, 0x003E, b"stdole", "stdole"),
        _record(0x000D, u32(len(_STDOLE_LIBID)) + _STDOLE_LIBID.encode("ascii") + bytes(6)),
        _text_record(0x0016, 0x003E, b"Office", "Office"),
        _record(0x000D, u32(len(_OFFICE_LIBID)) + _OFFICE_LIBID.encode("ascii") + bytes(6)),
        # 2.3.4.2.3 PROJECTMODULES
        _record(0x000F, u16(len(modules))),
        _record(0x0013, u16(0xFFFF)),  # PROJECTCOOKIE
    ]
    for module in modules:
        name = module.name.encode(codec)
        out += [
            _record(0x0019, name),  # MODULENAME
            _record(0x0047, module.name.encode("utf-16-le")),  # MODULENAMEUNICODE
            _text_record(0x001A, 0x0032, name, module.name),  # MODULESTREAMNAME
            _text_record(0x001C, 0x0048, empty, ""),  # MODULEDOCSTRING
            _record(0x0031, u32(0)),  # MODULEOFFSET: source starts the stream
            _record(0x001E, u32(0)),  # MODULEHELPCONTEXT
            _record(0x002C, u16(0xFFFF)),  # MODULECOOKIE
            # MODULETYPE: 0x21 procedural, 0x22 document or class
            _record(0x0021 if module.kind == "standard" else 0x0022),
            _record(0x002B),  # module terminator
        ]
    out.append(_record(0x0010))  # dir stream terminator
    return b"".join(out)


def _encrypt(project_id: str, data: bytes) -> str:
    """MS-OVBA 2.4.3.2 Data Encryption, as upper-case hex; ``project_id`` with braces."""
    seed = _ENCRYPTION_SEED
    project_key = sum(project_id.encode("ascii")) & 0xFF
    version_enc = seed ^ 2  # encryption version 2
    key_enc = seed ^ project_key
    out = bytearray([seed, version_enc, key_enc])
    unencrypted1, encrypted1, encrypted2 = project_key, key_enc, version_enc
    ignored = bytes((seed & 6) // 2)  # obfuscation bytes; their values do not matter
    for byte in ignored + struct.pack("<I", len(data)) + data:
        byte_enc = byte ^ ((encrypted2 + unencrypted1) & 0xFF)
        out.append(byte_enc)
        encrypted2, encrypted1, unencrypted1 = encrypted1, byte_enc, byte
    return out.hex().upper()


def _project_id(modules: Sequence[Module], project_name: str) -> str:
    """A GUID derived from the project's names, so that rebuilding gives the same one."""
    key = "\n".join([project_name] + [f"{m.kind}:{m.name}" for m in modules])
    return "{" + str(uuid.uuid5(_GUID_NAMESPACE, key)).upper() + "}"


def _project_stream(modules: Sequence[Module], project_name: str) -> str:
    """The PROJECT stream text (2.3.1), laid out like Excel's."""
    project_id = _project_id(modules, project_name)
    lines = [f'ID="{project_id}"']
    for module in modules:
        if module.kind == "document":
            lines.append(f"Document={module.name}/&H00000000")
        elif module.kind == "class":
            lines.append(f"Class={module.name}")
        else:
            lines.append(f"Module={module.name}")
    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{_encrypt(project_id, _PROTECTION_STATE)}"',
        f'DPB="{_encrypt(project_id, _NO_PASSWORD)}"',
        f'GC="{_encrypt(project_id, _VISIBLE)}"',
        "",
        "[Host Extender Info]",
        _HOST_EXTENDER,
        "",
        "[Workspace]",
    ]
    lines += [f"{module.name}=0, 0, 0, 0, C" for module in modules]
    return "\r\n".join(lines) + "\r\n\r\n"


def _project_wm(modules: Sequence[Module], codec: str) -> bytes:
    """PROJECTwm (2.3.3): each name in the code page and in UTF-16, NUL-terminated."""
    names = [m.name.encode(codec) + b"\0" + m.name.encode("utf-16-le") + b"\0\0" for m in modules]
    return b"".join(names) + b"\0\0"


def _check(modules: Sequence[Module], project_name: str) -> None:
    if not _IDENTIFIER.fullmatch(project_name):
        raise ValueError(f"project name {project_name!r} is not a VBA identifier")
    seen: set[str] = set()
    for module in modules:
        if module.kind not in ("standard", "class", "document"):
            raise ValueError(f"module {module.name!r}: unknown kind {module.kind!r}")
        if not _IDENTIFIER.fullmatch(module.name):
            raise ValueError(
                f"module name {module.name!r} is not a VBA identifier "
                "(a letter, then up to 30 letters, digits or underscores)"
            )
        if module.name.upper() in seen or module.name.upper() == project_name.upper():
            raise ValueError(f"module name {module.name!r} is already used by the project or another module")
        seen.add(module.name.upper())


def build_vba_project(
    modules: Sequence[Module],
    project_name: str = "VBAProject",
    codepage: int = 1252,
    *,
    workbook_module: str = "ThisWorkbook",
    sys_kind: Literal["win32", "win64"] = "win64",
) -> bytes:
    """Return the bytes of a ``vbaProject.bin`` holding ``modules`` as source only.

    ``workbook_module`` names the document module of the workbook (the others are
    worksheets); it must match the workbook's ``codeName``. ``sys_kind`` is recorded in
    PROJECTSYSKIND; Office recompiles a source-only project for its own platform anyway.
    Raises ``ValueError`` for a bad name, an unknown code page, or a source that the
    code page cannot encode (the message names the module).
    """
    _check(modules, project_name)
    if sys_kind not in _SYS_KINDS:
        raise ValueError(f"sys_kind must be one of {sorted(_SYS_KINDS)}, not {sys_kind!r}")
    codec = _codec(codepage)
    _encode(project_name, codec, "project name")

    streams = {}
    for module in modules:
        code = module_code(module, workbook_module=workbook_module)
        streams[f"VBA/{module.name}"] = compress(_encode(code, codec, f"module {module.name!r}"))
    streams["VBA/_VBA_PROJECT"] = _VBA_PROJECT_STREAM
    dir_stream = _dir_stream(modules, project_name, codepage, codec, sys_kind)
    streams["VBA/dir"] = compress(dir_stream)
    streams["PROJECT"] = _encode(_project_stream(modules, project_name), codec, "PROJECT")
    streams["PROJECTwm"] = _project_wm(modules, codec)
    return write_compound_file(streams)
