"""A large worksheet cut into slices of rows, each a small package of its own for calamine.

calamine holds a whole sheet twice over while it parses: the list of its cells, then the
rectangle they fill, about 900 MB for the benchmark's 1,000,000 lines × 10 columns (565 MB of
XML), the build's peak of memory. Cut at row ends into slices of about SLICE_BYTES, each
written with the package's other parts into an uncompressed package in memory, the sheet is
parsed a slice at a time, two at once (calamine lets go of the GIL), and the reader puts their
columns end to end (read/files.py).

A slice after the first opens with a row of one marker cell (column A) just before its first
row: calamine's range starts at the first row that holds a cell, so the marker places the
slice's rows, and the reader checks it is there (a cell placed out of its slice's rows, by a
reference out of order, is caught by the marker or by the slice's height; the sheet is then
read whole). Only for a package the size guard has passed (read/limits.py): a slice holds a
part of its sheet's cells. The sheet itself may be left to this pass (check_package's `defer`):
each piece then goes through the guard (SheetGuard) before it is cut, and a slice is handed on
only once the guard vouches for what it has seen.

Hand-written because no reader of .xlsx into Arrow streams a sheet: calamine builds the range.
"""

from __future__ import annotations

import re
import struct
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import Location
from .limits import MIB, SheetFacts, SheetGuard, find_rare, xml_pieces

# XML per slice: about 43,000 lines of the benchmark's ten columns. A slice's package stays under
# 32 MiB, glibc's largest mmap threshold: the memory of one is reused for the next, not mapped
# anew (1M lines: 1.1 s against 1.7-2.2 s of CPU to cut and pack the slices at 32 MiB).
SLICE_BYTES = 24 * MIB
SLICE_FROM = 2 * SLICE_BYTES  # a smaller sheet is read whole
OTHER_PARTS_MAX = 16 * MIB  # copied into every slice (shared strings, styles): else read whole

# The marker's text: no cell of a real sheet holds it.
MARK = f"keyclients-slice-{uuid.uuid4().hex}"

_SHEET_DATA = re.compile(rb"<((?:[\w.-]+:)?)sheetData\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_ROOT = re.compile(rb"<((?:[\w.-]+:)?)worksheet[\s>]")
_ROW_START = re.compile(rb"""<(?:[\w.-]+:)?row\b((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["']\s*(\d{1,7})\s*["']""")


class Unsliced(Exception):
    """The sheet's XML does not cut cleanly: no rows, or a slice's first row without its number."""


@dataclass
class Slice:
    package: bytes  # an .xlsx holding the slice's rows in place of the sheet's
    first_row: int  # 0-based row of its first row
    marked: bool  # opens with the marker row, the row before its first (all slices but the first)


def sliceable(package: zipfile.ZipFile, part: str) -> bool:
    """Whether the worksheet part is large enough to slice, and the parts copied into each slice small."""
    if package.getinfo(part).file_size < SLICE_FROM:
        return False  # first: the size guard asks this of every part (10,000 in a package at most)
    others = sum(info.file_size for info in package.infolist() if info.filename != part)
    return others <= OTHER_PARTS_MAX


def row_slices(path: Path, facts: SheetFacts, where: Location) -> Iterator[Slice]:
    """The sheet's rows in slices of about SLICE_BYTES, each in a package of its own. Raises
    Unsliced where the XML does not cut cleanly. A sheet the size guard left unchecked is checked
    on the way, its facts gathered into `facts` (limits.Unguarded where the guard cannot vouch
    for a slice)."""
    part = facts.part
    with zipfile.ZipFile(path) as package:
        others = [(info.filename, package.read(info)) for info in package.infolist() if info.filename != part]
        pieces = xml_pieces(package, package.getinfo(part), where)
        guard = SheetGuard(package, package.getinfo(part), where) if facts.unchecked else None
        if guard is not None:
            pieces = guard.checked(pieces)
        yield from _cut(pieces, others, part, guard)
        if guard is not None:
            for _ in pieces:  # the rest of the part (its merged ranges, its true size)
                pass
            vars(facts).update(vars(guard.finish()))


def _cut(pieces: Iterator[tuple[bytes, int]], others: list, part: str, guard: SheetGuard | None) -> Iterator[Slice]:
    """The slices of the sheet's pieces (Unsliced where they do not cut cleanly); each only once
    the guard, where there is one, vouches for every piece it holds."""
    data, end = next(pieces, (b"", 0))
    opening, root = _SHEET_DATA.search(data, 0, end), _ROOT.search(data, 0, end)
    if opening is None or root is None or data[opening.end() - 2 : opening.end()] == b"/>":
        raise Unsliced
    head, begin = data[: opening.end()], opening.end()
    close = b"</%ssheetData></%sworksheet>" % (opening[1], root[1])
    rows_end = b"</%ssheetData" % opening[1]  # found by bytes.find: a pattern opening with '<' scans slowly
    rare = len(rows_end) - len(b"eetData")  # its 'h': by memchr first (find_rare)
    body: list[memoryview] = []
    size, first_row, marked = 0, 0, False
    while True:
        stop = find_rare(data, rows_end, rare, begin, end)
        done = stop >= 0
        stop = stop if done else end
        if find_rare(data, b"<!", 1, begin, stop) >= 0 or find_rare(data, b"<?", 1, begin, stop) >= 0:
            raise Unsliced  # a comment, CDATA or an instruction could hide a tag the cut would take for real
        cut = _last_row_start(data, begin, stop) if size + stop - begin >= SLICE_BYTES else None
        if cut is not None:
            position, number = cut
            body.append(memoryview(data)[begin:position])
            if guard is not None:
                guard.vouch()
            yield _slice(others, part, head, close, body, first_row, marked)
            body, size, first_row, marked = [], 0, number, True
            begin = position
        body.append(memoryview(data)[begin:stop])
        size += stop - begin
        if done:
            break
        data, end = next(pieces, (b"", 0))
        if not end:
            raise Unsliced  # the rows never close
        begin = 0
    if guard is not None:
        guard.vouch()
    yield _slice(others, part, head, close, body, first_row, marked)


def _last_row_start(data: bytes, begin: int, stop: int) -> tuple[int, int] | None:
    """Where the last row that opens in data[begin:stop] starts, and its 0-based number."""
    position = data.rfind(b"row", begin, stop)
    while position >= 0:
        start = data.rfind(b"<", begin, position)
        found = _ROW_START.match(data, start, stop) if start >= 0 else None
        if found and found.start(1) == position + 3:  # <row …> or <x:row …>, not <rows> nor </row>
            number = _ROW_NUMBER.search(found[1])
            if number is None or int(number[1]) < 2:
                raise Unsliced  # no marker row could stand before it
            return start, int(number[1]) - 1
        position = data.rfind(b"row", begin, position)
    return None


def _slice(
    others: list[tuple[str, bytes]], part: str, head: bytes, close: bytes, body: list, first_row: int, marked: bool
) -> Slice:
    marker = b""
    if marked:  # on the row before the first: 1-based, that is first_row
        marker = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (
            first_row,
            first_row,
            MARK.encode(),
        )
    return Slice(stored_zip([*others, (part, [head, marker, *body, close])]), first_row, marked)


try:
    from isal.isal_zlib import crc32 as _crc32  # about four times zlib's speed
except ImportError:
    from zlib import crc32 as _crc32

_LOCAL = struct.Struct("<4sHHHHHIIIHH")  # APPNOTE 4.3.7
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")  # 4.3.12
_END = struct.Struct("<4sHHHHIIH")  # 4.3.16


def stored_zip(entries: list[tuple[str, bytes | list]]) -> bytes:
    """A ZIP of the entries, stored (not compressed): one copy of the bytes, CRCs by ISA-L."""
    out, central, offset = [], [], 0
    for name, data in entries:
        chunks = data if isinstance(data, list) else [data]
        crc = size = 0
        for chunk in chunks:
            crc, size = _crc32(chunk, crc), size + len(chunk)
        encoded = name.encode()
        out += [_LOCAL.pack(b"PK\x03\x04", 20, 0, 0, 0, 0x21, crc, size, size, len(encoded), 0), encoded, *chunks]
        central.append(
            _CENTRAL.pack(b"PK\x01\x02", 20, 20, 0, 0, 0, 0x21, crc, size, size, len(encoded), 0, 0, 0, 0, 0, offset)
            + encoded
        )
        offset += _LOCAL.size + len(encoded) + size
    directory = b"".join(central)
    count = len(entries)
    return b"".join([*out, directory, _END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)])
