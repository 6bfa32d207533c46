"""What a file really holds, told from its first bytes (and, for ZIP and OLE files, from the
names of their parts), whatever its name says. Web systems save HTML and text as `.xls`;
users rename files; a Word document or an encrypted workbook can hide behind `.xlsx`."""

from __future__ import annotations

import zipfile
from enum import Enum
from pathlib import Path

from ..errors import KeyClientsError, Location
from .notes import Note


class Kind(Enum):
    XLSX = "xlsx"  # also .xlsm: the same package
    XLSB = "xlsb"
    XLS = "xls"
    ODS = "ods"
    TEXT = "text"  # delimited text: CSV, TSV, Excel's "Unicode Text"
    HTML = "html"
    XML_2003 = "xml_2003"  # Excel 2003 XML spreadsheet
    ENCRYPTED = "encrypted"  # an encrypted Office package (a password-protected workbook)
    WORD = "word"
    PRESENTATION = "presentation"
    OFFICE = "office"  # another OLE compound file
    ZIP = "zip"  # a ZIP archive without a workbook
    DAMAGED = "damaged"  # begins like a ZIP archive but does not open as one
    PDF = "pdf"
    BINARY = "binary"


WORKBOOKS = {Kind.XLSX, Kind.XLSB, Kind.XLS, Kind.ODS}
# The extension a file of each kind should carry (the fix offered for a misnamed file).
SUFFIX = {
    Kind.XLSX: ".xlsx",
    Kind.XLSB: ".xlsb",
    Kind.XLS: ".xls",
    Kind.ODS: ".ods",
    Kind.TEXT: ".csv",
    Kind.HTML: ".html",
}

_OLE = bytes.fromhex("D0CF11E0A1B11AE1")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
HEAD_BYTES = 64 * 1024
# Share of control bytes above which a file is binary. Tab, line breaks, form feed and ^Z belong
# in text; so does NUL, which old databases pad names with (the reader removes it, with a note).
# Random or compressed bytes hold about 10 % of the others, text next to none.
_BINARY_SHARE = 0.05
_NOT_CONTROL = bytes(range(32, 256)) + b"\x00\t\n\r\x0c\x1a"


def sniff(path: Path, where: Location) -> Kind:
    """The kind of file at `path`. Raises for a folder, a device or pipe, and an empty file."""
    if path.is_dir():
        raise KeyClientsError("file.is_folder", where)
    if not path.is_file():  # a device or a pipe (/dev/zero never ends)
        raise KeyClientsError("file.not_a_table", where, {"what": Note("kind.device")})
    with path.open("rb") as file:
        head = file.read(HEAD_BYTES)
    if not head:
        raise KeyClientsError("file.empty", where)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(path)
    if head.startswith(_OLE):
        return _ole_kind(path)
    if head.startswith(b"%PDF"):
        return Kind.PDF
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM: Excel's "Unicode Text"
        return Kind.HTML if _looks_like_html(head.decode("utf-16", errors="ignore").encode()) else Kind.TEXT
    markup = _markup_kind(head)
    if markup is not None:
        return markup
    controls = len(head.translate(None, delete=_NOT_CONTROL))
    return Kind.BINARY if controls > _BINARY_SHARE * len(head) else Kind.TEXT


def _markup_kind(head: bytes) -> Kind | None:
    start = head[:4096].removeprefix(_BOMS[0]).lstrip().lower()
    if start.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in start:
        return Kind.XML_2003
    return Kind.HTML if _looks_like_html(head) else None


def _looks_like_html(head: bytes) -> bool:
    start = head[:4096].removeprefix(_BOMS[0]).lstrip().lower()
    return start.startswith(b"<") and any(tag in start for tag in (b"<html", b"<table", b"<!doctype html"))


def _zip_kind(path: Path) -> Kind:
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            mimetype = package.read("mimetype")[:100] if "mimetype" in names else b""
    except Exception:  # zipfile raises its own, zlib's, OSError, EOFError, ValueError…
        return Kind.DAMAGED
    if "xl/workbook.xml" in names:
        return Kind.XLSX
    if "xl/workbook.bin" in names:
        return Kind.XLSB
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return Kind.ODS
    if "word/document.xml" in names or mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        return Kind.WORD
    if "ppt/presentation.xml" in names:
        return Kind.PRESENTATION
    return Kind.ZIP


def _ole_kind(path: Path) -> Kind:
    """An OLE compound file: an .xls, an encrypted .xlsx (EncryptedPackage), a .doc, …"""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)}
    except Exception:  # olefile raises OSError, and struct or index errors on mangled files
        return Kind.BINARY
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        return Kind.ENCRYPTED
    if "workbook" in streams or "book" in streams:
        return Kind.XLS
    if "worddocument" in streams:
        return Kind.WORD
    if "powerpoint document" in streams:
        return Kind.PRESENTATION
    return Kind.OFFICE
