"""Writer for MS-CFB compound files (OLE structured storage), version 3.

Hand-written because no maintained Python library creates compound files: ``olefile``
reads them and can only overwrite streams of an existing file in place, without changing
their size. A ``vbaProject.bin`` is a small compound file, so a minimal writer is enough:
version 3 (512-byte sectors, MS-CFB 2.2), streams under 4096 bytes in the mini stream
(2.6.3), FAT, mini FAT and DIFAT sectors as needed (2.3-2.5), and one red-black tree of
directory entries per storage (2.6.4).

The output is deterministic: no timestamps, no CLSIDs, and entries laid out in a fixed
order.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["write_compound_file"]

SECTOR_SIZE = 512  # version 3 (MS-CFB 2.2: sector shift 9)
MINI_SECTOR_SIZE = 64  # MS-CFB 2.2: mini sector shift 6
MINI_STREAM_CUTOFF = 4096  # streams smaller than this live in the mini stream
_ENTRY_SIZE = 128
_IDS_PER_SECTOR = SECTOR_SIZE // 4
_HEADER_DIFAT_ENTRIES = 109

# Special sector numbers (MS-CFB 2.1)
DIFSECT = 0xFFFFFFFC
FATSECT = 0xFFFFFFFD
ENDOFCHAIN = 0xFFFFFFFE
FREESECT = 0xFFFFFFFF
NOSTREAM = 0xFFFFFFFF

# Object types and colours of a directory entry (MS-CFB 2.6.1)
_UNUSED, _STORAGE, _STREAM, _ROOT = 0, 1, 2, 5
_RED, _BLACK = 0, 1

_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_MAX_NAME_CHARS = 31
_ILLEGAL_NAME_CHARS = set("/\\:!")


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)  # keyed by upper-case name
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = _BLACK
    start: int = ENDOFCHAIN
    size: int = 0


def _sort_key(entry: _Entry) -> tuple[int, str]:
    """MS-CFB 2.6.4: shorter names first, then code point by code point, upper-cased."""
    return len(entry.name.encode("utf-16-le")), entry.name.upper()


def _check_name(name: str, path: str) -> None:
    if not name:
        raise ValueError(f"empty name in compound file path {path!r}")
    if len(name.encode("utf-16-le")) // 2 > _MAX_NAME_CHARS:
        raise ValueError(f"name {name!r} in {path!r} is longer than {_MAX_NAME_CHARS} chars")
    if _ILLEGAL_NAME_CHARS & set(name):
        raise ValueError(f"name {name!r} in {path!r} contains one of / \\ : !")


def _build_tree(streams: Mapping[str, bytes]) -> _Entry:
    root = _Entry("Root Entry", _ROOT)
    for path in sorted(streams):
        parts = path.split("/")
        node = root
        for depth, name in enumerate(parts):
            _check_name(name, path)
            is_stream = depth == len(parts) - 1
            existing = node.children.get(name.upper())
            if existing is None:
                kind = _STREAM if is_stream else _STORAGE
                data = bytes(streams[path]) if is_stream else b""
                existing = node.children[name.upper()] = _Entry(name, kind, data)
            elif is_stream or existing.kind != _STORAGE:
                # CFB names are case-insensitive, so "A" and "a" collide too.
                raise ValueError(f"compound file path {path!r} clashes with another entry")
            node = existing
    return root


def _flatten(root: _Entry) -> list[_Entry]:
    """Give every entry its directory index (stream ID): root first, then breadth first."""
    entries, queue = [], [root]
    while queue:
        entry = queue.pop(0)
        entry.sid = len(entries)
        entries.append(entry)
        queue.extend(sorted(entry.children.values(), key=_sort_key))
    return entries


def _link_siblings(storage: _Entry) -> None:
    """Arrange a storage's children as a balanced binary search tree, coloured red-black.

    Splitting the sorted list at its middle puts every empty (NIL) link at depth h or
    h + 1. Colouring the nodes of the deepest level red (when it is not the root) gives
    every path from the root to a NIL link the same number of black nodes, and a red node
    never has a red child, so the MS-CFB 2.6.4 constraints hold.
    """
    ordered = sorted(storage.children.values(), key=_sort_key)
    depth_of: dict[int, int] = {}

    def build(lo: int, hi: int, depth: int) -> int:
        if lo >= hi:
            return NOSTREAM
        mid = (lo + hi) // 2
        node = ordered[mid]
        depth_of[id(node)] = depth
        node.left = build(lo, mid, depth + 1)
        node.right = build(mid + 1, hi, depth + 1)
        return node.sid

    storage.child = build(0, len(ordered), 0)
    deepest = max(depth_of.values(), default=0)
    for node in ordered:
        node.color = _RED if deepest and depth_of[id(node)] == deepest else _BLACK


def _chain(fat: list[int], first: int, count: int) -> None:
    """Link ``count`` consecutive sectors (or mini sectors) starting at ``first``."""
    for i in range(first, first + count - 1):
        fat[i] = i + 1
    fat[first + count - 1] = ENDOFCHAIN


def _sectors(size: int, sector_size: int) -> int:
    return math.ceil(size / sector_size)


def _pad(data: bytes, sector_size: int) -> bytes:
    return data.ljust(_sectors(len(data), sector_size) * sector_size, b"\0")


def _directory_entry(entry: _Entry) -> bytes:
    start = entry.start
    if entry.kind in (_UNUSED, _STORAGE):
        start = 0  # MS-CFB 2.6.3: all zeroes for storages and free entries
    if entry.kind == _UNUSED:
        name_field, name_length = b"", 0
    else:
        encoded = entry.name.encode("utf-16-le")
        name_field, name_length = encoded, len(encoded) + 2  # length counts the NUL
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name_field,
        name_length,
        entry.kind,
        entry.color,
        entry.left,
        entry.right,
        entry.child,
        b"",  # CLSID
        0,  # state bits
        0,  # creation time
        0,  # modified time
        start,
        entry.size,
    )


def _fat_layout(data_sectors: int) -> tuple[int, int]:
    """Number of FAT and DIFAT sectors needed; they must also describe themselves."""
    fat, difat = 0, 0
    while True:
        needed_fat = _sectors(data_sectors + fat + difat, _IDS_PER_SECTOR)
        needed_difat = _sectors(max(0, needed_fat - _HEADER_DIFAT_ENTRIES), _IDS_PER_SECTOR - 1)
        if (needed_fat, needed_difat) == (fat, difat):
            return fat, difat
        fat, difat = needed_fat, needed_difat


def write_compound_file(streams: Mapping[str, bytes]) -> bytes:
    """Return a version 3 compound file holding ``streams``.

    Keys are "/"-separated paths such as ``"VBA/dir"``: every part but the last names a
    storage, created as needed. Names are at most 31 characters and contain none of
    ``/ \\ : !``; names are compared case-insensitively, so two that differ only in case
    clash. Raises ``ValueError`` on a bad name or clashing paths.
    """
    root = _build_tree(streams)
    entries = _flatten(root)
    for entry in entries:
        if entry.kind in (_ROOT, _STORAGE):
            _link_siblings(entry)

    # Small streams go into the mini stream, 64-byte mini sectors (MS-CFB 2.6.3).
    mini_stream = bytearray()
    mini_fat: list[int] = []
    big_streams: list[_Entry] = []
    for entry in entries:
        if entry.kind != _STREAM:
            continue
        entry.size = len(entry.data)
        if entry.size == 0:
            entry.start = ENDOFCHAIN
        elif entry.size < MINI_STREAM_CUTOFF:
            entry.start = len(mini_fat)
            count = _sectors(entry.size, MINI_SECTOR_SIZE)
            mini_fat.extend([FREESECT] * count)
            _chain(mini_fat, entry.start, count)
            mini_stream += _pad(entry.data, MINI_SECTOR_SIZE)
        else:
            big_streams.append(entry)

    # Free directory slots fill up the last directory sector.
    while len(entries) % (SECTOR_SIZE // _ENTRY_SIZE):
        entries.append(_Entry("", _UNUSED, color=_RED))

    # Sector layout: mini stream, big streams, mini FAT, directory, FAT, DIFAT.
    mini_stream_sectors = _sectors(len(mini_stream), SECTOR_SIZE)
    big_sectors = [_sectors(entry.size, SECTOR_SIZE) for entry in big_streams]
    mini_fat_sectors = _sectors(len(mini_fat) * 4, SECTOR_SIZE)
    dir_sectors = _sectors(len(entries) * _ENTRY_SIZE, SECTOR_SIZE)
    data_sectors = mini_stream_sectors + sum(big_sectors) + mini_fat_sectors + dir_sectors
    fat_sectors, difat_sectors = _fat_layout(data_sectors)
    total = data_sectors + fat_sectors + difat_sectors

    fat = [FREESECT] * (fat_sectors * _IDS_PER_SECTOR)
    body = bytearray()

    def place(data: bytes, count: int) -> int:
        first = len(body) // SECTOR_SIZE
        if count:
            _chain(fat, first, count)
        body.extend(_pad(data, SECTOR_SIZE))
        return first

    root.size = len(mini_stream)
    root.start = place(bytes(mini_stream), mini_stream_sectors) if mini_stream else ENDOFCHAIN
    for entry, count in zip(big_streams, big_sectors, strict=True):
        entry.start = place(entry.data, count)
    mini_fat += [FREESECT] * (mini_fat_sectors * _IDS_PER_SECTOR - len(mini_fat))
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
    first_mini_fat = place(mini_fat_bytes, mini_fat_sectors) if mini_fat else ENDOFCHAIN
    first_dir = len(body) // SECTOR_SIZE  # directory entries are final only now
    place(b"".join(_directory_entry(entry) for entry in entries), dir_sectors)

    fat_ids = list(range(data_sectors, data_sectors + fat_sectors))
    difat_ids = list(range(data_sectors + fat_sectors, total))
    for sid in fat_ids:
        fat[sid] = FATSECT
    for sid in difat_ids:
        fat[sid] = DIFSECT
    body += struct.pack(f"<{len(fat)}I", *fat)

    # FAT sector numbers past the first 109 are listed in DIFAT sectors (MS-CFB 2.5),
    # each ending with the number of the next DIFAT sector.
    overflow = fat_ids[_HEADER_DIFAT_ENTRIES:]
    per_difat = _IDS_PER_SECTOR - 1
    for i in range(len(difat_ids)):
        ids = overflow[i * per_difat : (i + 1) * per_difat]
        ids += [FREESECT] * (per_difat - len(ids))
        next_difat = difat_ids[i + 1] if i + 1 < len(difat_ids) else ENDOFCHAIN
        body += struct.pack(f"<{_IDS_PER_SECTOR}I", *ids, next_difat)

    header_difat = fat_ids[:_HEADER_DIFAT_ENTRIES]
    header_difat += [FREESECT] * (_HEADER_DIFAT_ENTRIES - len(header_difat))
    header = struct.pack(
        f"<8s16sHHHHH6sIIIIIIIII{_HEADER_DIFAT_ENTRIES}I",
        _SIGNATURE,
        b"",  # header CLSID
        0x003E,  # minor version
        0x0003,  # major version 3
        0xFFFE,  # byte order: little-endian
        9,  # sector shift: 512
        6,  # mini sector shift: 64
        b"",  # reserved
        0,  # number of directory sectors: MUST be 0 in version 3
        fat_sectors,
        first_dir,
        0,  # transaction signature
        MINI_STREAM_CUTOFF,
        first_mini_fat,
        mini_fat_sectors,
        difat_ids[0] if difat_ids else ENDOFCHAIN,
        difat_sectors,
        *header_difat,
    )
    assert len(header) == SECTOR_SIZE and len(body) == total * SECTOR_SIZE
    return header + bytes(body)
