"""A workbook package (the zip) read part by part, and written back with untouched parts
copied byte for byte.

Untouched parts are copied as their *compressed* bytes (no inflate, no deflate), so a build
costs time in proportion to the parts we edit, not to the user's large sheets. Python's
zipfile has no public call for that; :func:`_copy_raw` uses its documented `ZipInfo` fields
and the writer's `start_dir`, and falls back to an ordinary copy for any entry it cannot
copy raw (encrypted, or an unusual compression).
"""

from __future__ import annotations

import shutil
import struct
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_DATA_DESCRIPTOR = 0x08
_ZIP64_EXTRA = 0x0001


class PackageError(Exception):
    """The file is not a workbook package we can read (the caller words the message)."""


# An OOXML part never holds a DTD; refusing one rules out entity expansion and external
# entities before lxml sees the bytes (the same rule as defusedxml's forbid_dtd).
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse_xml(data: bytes, name: str = "") -> etree._Element:
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise PackageError(f"{name}: a DTD in a package part")
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise PackageError(f"{name}: {exc}") from exc


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def part_dir(name: str) -> str:
    return str(PurePosixPath(name).parent).lstrip(".")


def resolve(source_part: str, target: str) -> str:
    """A relationship target → the part name it points to (no leading slash)."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = [p for p in part_dir(source_part).split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def rels_name(part: str) -> str:
    """'xl/workbook.xml' → 'xl/_rels/workbook.xml.rels'; '' (the package) → '_rels/.rels'."""
    path = PurePosixPath(part)
    return str(path.parent / "_rels" / f"{path.name}.rels").lstrip("./") if part else "_rels/.rels"


@dataclass
class Package:
    """An open package: part names in their stored order, bytes read on demand."""

    path: Path
    zip: zipfile.ZipFile
    names: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, path: Path) -> Package:
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise PackageError(str(exc)) from exc
        return cls(path, archive, [info.filename for info in archive.infolist()])

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __contains__(self, name: str) -> bool:
        return name in self.zip.NameToInfo

    def read(self, name: str) -> bytes:
        try:
            return self.zip.read(name)
        except (KeyError, zipfile.BadZipFile, OSError, RuntimeError) as exc:
            raise PackageError(f"{name}: {exc}") from exc

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), name)

    def stream(self, name: str):
        return self.zip.open(name)


def write_package(
    target: Path,
    source: Package,
    changed: dict[str, bytes],
    removed: Iterable[str] = (),
    order: Iterable[str] = (),
) -> None:
    """Write `source` to `target` with `changed` parts (new or replaced) and without `removed`.

    Every other part is copied byte for byte, in its original order; new parts follow, in
    `order` first. The caller makes `target` a temporary file and fsyncs it.
    """
    removed = set(removed)
    written: set[str] = set()
    with target.open("wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.zip.infolist():
            name = info.filename
            if name in removed or name in written:
                continue
            if name in changed:
                _write_new(out, name, changed[name], info)
            else:
                _copy_raw(source, info, out)
            written.add(name)
        for name in [*order, *changed]:
            if name not in written and name in changed:
                _write_new(out, name, changed[name])
                written.add(name)


def _write_new(out: zipfile.ZipFile, name: str, data: bytes, like: zipfile.ZipInfo | None = None) -> None:
    info = zipfile.ZipInfo(name, date_time=like.date_time if like else (1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    out.writestr(info, data)


def _copy_raw(source: Package, info: zipfile.ZipInfo, out: zipfile.ZipFile) -> None:
    if info.flag_bits & 0x01 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        _copy_inflated(source, info, out)
        return
    fp = source.zip.fp
    fp.seek(info.header_offset)
    header = _LOCAL_HEADER.unpack(fp.read(_LOCAL_HEADER.size))
    if header[0] != b"PK\x03\x04":
        raise PackageError(f"{info.filename}: bad local header")
    fp.seek(header[10] + header[11], 1)  # the name and extra field
    copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    copy.compress_type = info.compress_type
    copy.create_system, copy.create_version, copy.extract_version = (
        info.create_system,
        info.create_version,
        info.extract_version,
    )
    copy.external_attr, copy.internal_attr = info.external_attr, info.internal_attr
    copy.flag_bits = info.flag_bits & ~_DATA_DESCRIPTOR  # sizes and CRC go in the local header
    copy.extra = _strip_zip64(info.extra)
    copy.CRC, copy.compress_size, copy.file_size = info.CRC, info.compress_size, info.file_size
    zip64 = copy.file_size > zipfile.ZIP64_LIMIT or copy.compress_size > zipfile.ZIP64_LIMIT
    out.fp.seek(out.start_dir)
    copy.header_offset = out.fp.tell()
    out.fp.write(copy.FileHeader(zip64))
    remaining = info.compress_size
    while remaining:
        chunk = fp.read(min(remaining, 1 << 20))
        if not chunk:
            raise PackageError(f"{info.filename}: truncated")
        out.fp.write(chunk)
        remaining -= len(chunk)
    out.start_dir = out.fp.tell()
    out.filelist.append(copy)
    out.NameToInfo[copy.filename] = copy
    out._didModify = True


def _copy_inflated(source: Package, info: zipfile.ZipInfo, out: zipfile.ZipFile) -> None:
    copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    copy.compress_type = zipfile.ZIP_DEFLATED
    copy.external_attr = info.external_attr
    with source.zip.open(info) as read, out.open(copy, "w", force_zip64=info.file_size > zipfile.ZIP64_LIMIT) as write:
        shutil.copyfileobj(read, write, 1 << 20)


def _strip_zip64(extra: bytes) -> bytes:
    """The extra field without its zip64 record (FileHeader writes its own when needed)."""
    kept, i = b"", 0
    while i + 4 <= len(extra):
        tag, size = struct.unpack("<HH", extra[i : i + 4])
        if tag != _ZIP64_EXTRA:
            kept += extra[i : i + 4 + size]
        i += 4 + size
    return kept


def iter_parts(package: Package, prefix: str) -> Iterator[str]:
    return (name for name in package.names if name.startswith(prefix))
