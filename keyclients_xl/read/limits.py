"""Size guards, checked on a file before any reader touches it.

Readers trust their input. calamine unpacks whatever a ZIP entry holds, and it allocates one
cell for every position between the first and the last filled cell; our rows start at A1,
so a sheet whose only value sits in XFD1048576 asks for 17 billion cells (512 GiB) and the
process aborts. These checks bound time and memory first, and cheaply: the ZIP directory,
then one streaming pass over each part in 2 MiB pieces, with a few regular expressions on the
worksheets' XML (nothing is parsed, nothing is kept per cell). Only a sheet whose cheap bounds
exceed the limit, or whose cells the bounds cannot place, gets an exact pass, cell by cell,
through lxml's streaming parser. The tables of an .ods (tag by tag) and the sheets of an
.xlsb (record by record) are always measured exactly, as calamine lays them out
(read/ods_extent.py, read/xlsb_extent.py).

Hand-written because no library offers such a pre-flight check: zipfile trusts the sizes a
package declares, and the XML libraries would parse what we only need to count.
"""

from __future__ import annotations

import copy
import functools
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import KeyClientsError, Location, column_letter, column_number
from ..i18n import Amount, Count, number, t
from .shared_strings import (
    CELL_TEXT_MAX,
    binary_piece,
    could_exceed,
    longest_bound,
    shared_string_lengths,
    shared_text,
)

MIB = 1 << 20

PACKAGE_UNPACKED_MAX = 1024 * MIB  # all parts of a workbook together, unpacked
PART_RATIO_MAX = 200  # unpacked ÷ packed size of one part (deflate peaks near 1,000 in a zip bomb) …
PART_RATIO_FLOOR = 1 * MIB  # … checked for parts that unpack to more than this
PACKAGE_ENTRIES_MAX = 10_000  # parts in one package
SHEET_CELLS_MAX = 26_000_000  # cells from A1 to the farthest filled cell (1,000,000 rows × A–Z)
TEXT_BYTES_MAX = 1024 * MIB  # a CSV or text file
HTML_BYTES_MAX = 64 * MIB  # a web page is parsed whole (lxml builds a tree about ten times its size)
HTML_CELLS_MAX = 8_000_000  # a page's cells once spans are spread (64 MB holds about 7 million <td>)
TEXT_COLUMNS_MAX = 16_384  # Excel's own limit: columns A … XFD
CELL_CHARS_MAX = 32_767  # Excel's own limit: characters in a cell
LINE_CHARS_MAX = 16 * MIB  # one physical line of a text file
TAG_BYTES_MAX = 1 * MIB  # one XML tag (an open tag is carried over to the next piece)
CHUNK_BYTES = 2 * MIB  # pieces of the pass: 2 MiB scanned fastest on 1M lines (1 MiB: 1.15 s, 2: 0.83, 3: 0.95)
READ_AHEAD_FROM = 8 * MIB  # a part this large is inflated a piece ahead, in a second thread


@dataclass(frozen=True)
class Size:
    """A byte size for message parameters, in megabytes: '1 024 МБ', '1,024 MB'."""

    size: int

    def text(self, lang: str) -> str:
        return t("file.size_mb", lang, size=number(self.size / MIB, lang, 0 if self.size >= 10 * MIB else 1))


def duckdb_limit_bytes(limit: str) -> int:
    """A DuckDB memory limit ('1GB', '128MB') in bytes, as DuckDB reads it ('1GB': 10^9 bytes)."""
    number, unit = limit[:-2], limit[-2:].upper()
    return int(float(number) * {"KB": 10**3, "MB": 10**6, "GB": 10**9}[unit])


def check_text_size(path: Path, where: Location, limit: int = TEXT_BYTES_MAX) -> None:
    size = path.stat().st_size
    if size > limit:
        raise KeyClientsError("file.too_big", where, {"size": Size(size), "limit": Size(limit)})


# ---------------------------------------------------------------- .xls (BIFF in an OLE file)

_BIFF_BOUNDSHEET, _BIFF_DIMENSIONS, _BIFF_FILEPASS, _BIFF_EOF, _BIFF_ROW = 0x0085, 0x0200, 0x002F, 0x000A, 0x0208


def check_biff(path: Path, where: Location) -> None:
    """Raise unless each sheet's DIMENSIONS record (MS-XLS 2.4.90) spans at most SHEET_CELLS_MAX
    cells: calamine reserves that many before it reads a cell, so a 6 KB .xls that declares
    16 million rows by 256 columns aborts the process. A real .xls holds at most 65,536 × 256.
    Only the workbook globals and the first records of each sheet are walked, not the cells."""
    import olefile

    check_text_size(path, where, PACKAGE_UNPACKED_MAX)
    try:
        with olefile.OleFileIO(str(path)) as ole:
            stream = ole.openstream("Workbook" if ole.exists("Workbook") else "Book").read()
    except Exception as exc:  # olefile raises OSError, and struct or index errors on mangled files
        raise KeyClientsError("file.damaged", where) from exc
    sheets = []
    for kind, data in _biff_records(stream, 0):
        if kind == _BIFF_FILEPASS:
            return  # encrypted: calamine says so, and the records are unreadable
        if kind == _BIFF_BOUNDSHEET and len(data) >= 8:
            sheets.append((struct.unpack_from("<L", data)[0], _biff_sheet_name(data)))
        if kind == _BIFF_EOF:
            break
    for offset, name in sheets:
        sheet = Location(where.file, name)
        for count, (kind, data) in enumerate(_biff_records(stream, offset)):
            if kind == _BIFF_DIMENSIONS:
                _check_biff_dimensions(data, sheet)
                break
            if kind in (_BIFF_EOF, _BIFF_ROW) or count > 1000:
                break
        rows, columns = _biff_cell_extent(stream, offset)
        _refuse_beyond(rows, columns, sheet)


def _biff_records(stream: bytes, position: int) -> Iterator[tuple[int, bytes]]:
    while position + 4 <= len(stream):
        kind, size = (
            int.from_bytes(stream[position : position + 2], "little"),
            int.from_bytes(stream[position + 2 : position + 4], "little"),
        )
        yield kind, stream[position + 4 : position + 4 + size]
        position += 4 + size


# Records calamine places a cell from, by the row and column in their first four bytes: Number,
# Label, RString, BoolErr, Rk, LabelSst and Formula (a formula's value and its text each make one).
_BIFF_CELLS = frozenset((0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006))
_BIFF_MULRK = 0x00BD  # a run of cells in one row: the first column, then the last at the end
_BIFF_BOF = 0x0809


def _biff_cell_extent(stream: bytes, position: int) -> tuple[int, int]:
    """(rows, columns) from A1 to the farthest cell of the sheet whose records start at
    `position`, as calamine places them: a cell's row and column are 16-bit, so one value in
    column 65,536 asks for 4 billion cells and the process aborts. Charts embedded in the sheet
    (their own BOF … EOF) are counted too: calamine skips them, or did not always."""
    rows = columns = 0
    depth = 0
    end = len(stream)
    unpack = _BIFF_HEADER.unpack_from
    while position + 4 <= end:
        kind, size = unpack(stream, position)
        body = position + 4
        position = body + size
        if size >= 4 and (kind in _BIFF_CELLS or kind == _BIFF_MULRK):
            row, column = unpack(stream, body)
            if kind == _BIFF_MULRK and size >= 6:
                column = max(column + (size - 6) // 6 - 1, _U16.unpack_from(stream, body + size - 2)[0])
            rows, columns = max(rows, row + 1), max(columns, column + 1)
        elif kind == _BIFF_BOF:
            depth += 1
        elif kind == _BIFF_EOF:
            depth -= 1
            if depth <= 0:
                break
    return rows, columns


_BIFF_HEADER = struct.Struct("<HH")
_U16 = struct.Struct("<H")


def _check_biff_dimensions(data: bytes, where: Location) -> None:
    """The cells calamine reserves for this DIMENSIONS record, computed as it does (u32 arithmetic)."""
    if len(data) == 14:  # BIFF8: rows as 4 bytes
        first_row, last_row, first_col, last_col = struct.unpack_from("<LLHH", data)
    elif len(data) == 10:  # BIFF5
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", data)
    else:
        return  # calamine refuses the record itself
    if first_col > 0xFF or last_col < first_col:
        first_col = 0
    if last_row < 1 or last_col < 1:
        return
    rows = (last_row - 1 - first_row + 1) % (1 << 32)
    columns = (last_col - 1 - first_col + 1) % (1 << 32)
    if rows * columns > SHEET_CELLS_MAX:
        params = {
            "cell": f"{column_letter(last_col)}{last_row}",
            "cells": Count(rows * columns, "cell"),
            "limit": Amount(SHEET_CELLS_MAX),
        }
        raise KeyClientsError("file.sheet_too_big", where, params)


def _biff_sheet_name(data: bytes) -> str | None:
    """BoundSheet8's name: a ShortXLUnicodeString (BIFF8) after the offset and two flag bytes."""
    count, high_byte = data[6], data[7] & 1 if len(data) > 7 else 0
    raw = data[8 : 8 + count * (2 if high_byte else 1)]
    return raw.decode("utf-16-le" if high_byte else "latin-1", errors="replace") or None


# ---------------------------------------------------------------- ZIP packages (xlsx, xlsm, xlsb, ods)


@dataclass
class SheetFacts:
    """What the guard's pass over a worksheet saw on the way, for the reader: merged ranges
    (top, left, bottom, right, 0-based) and each grouped row's outline level (row index → level)."""

    part: str = ""  # the worksheet's ZIP entry
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    levels: dict[int, int] = field(default_factory=dict)
    uncalculated: int = 0  # formula cells without a value (never calculated) …
    first_uncalculated: str | None = None  # … and the first one's reference ('E2')
    unchecked: bool = False  # its pass is left to the reader that cuts it in slices (SheetGuard)


def check_package(
    path: Path, where: Location, defer: Callable[[zipfile.ZipFile, zipfile.ZipInfo], bool] | None = None
) -> dict[str, SheetFacts]:
    """Raise unless every part of the package unpacks within the limits, and every worksheet
    fits SHEET_CELLS_MAX from A1 to its farthest filled cell. Returns each worksheet's facts seen
    on the way (merged ranges, outline levels, formulas never calculated; its part), by sheet
    name: calamine's columnar readers report none, and a second pass over the XML cost 1.5 s of
    CPU on 1M lines.

    A worksheet `defer` picks (one read in slices) is not passed over here but marked unchecked:
    its reader checks it as it cuts it (SheetGuard), so the sheet is inflated and scanned once,
    and calamine starts on its first slice while the pass goes on. Only where no shared text is
    counted (the sheets' order then matters to nothing the pass adds up)."""
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise KeyClientsError("file.damaged", where) from exc
    with package:
        infos = package.infolist()
        if len(infos) > PACKAGE_ENTRIES_MAX:
            raise KeyClientsError("file.damaged", where)
        declared = sum(info.file_size for info in infos)
        if declared > PACKAGE_UNPACKED_MAX:
            raise KeyClientsError(
                "file.unpacked_too_big", where, {"size": Size(declared), "limit": Size(PACKAGE_UNPACKED_MAX)}
            )
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > PART_RATIO_FLOOR and ratio > PART_RATIO_MAX:
                params = {"size": Size(info.file_size), "ratio": Amount(ratio), "limit": PART_RATIO_MAX}
                raise KeyClientsError("file.zip_bomb", where, params)
        # calamine expands an .ods table's repeats and places an .xlsb cell by its record's
        # numbers: those sheets are measured as it reads them (read/ods_extent, read/xlsb_extent).
        binary_sheets = _xlsb_sheets(package, where)
        shared = _SharedStrings(package, infos, where)
        facts = {}
        for info in infos:
            if part_name(info.filename) == "content.xml":
                _check_ods(package, info, where)
            elif info.filename in binary_sheets:
                _check_xlsb(package, info, Location(where.file, binary_sheets[info.filename]), where)
            elif (deferred := _deferred(package, info, shared, defer)) is not None and deferred not in facts:
                facts[deferred] = SheetFacts(part=info.filename, unchecked=True)
            elif (found := _check_part(package, info, where, shared)) is not None:
                name = _sheet_name(package, info.filename)
                if name is not None:
                    if (hidden := facts.get(name)) is not None and hidden.unchecked:
                        # One name on two sheets (a crafted package): the part left to its reader
                        # would be lost from the facts, and calamine looks sheets up by name.
                        _check_part(package, package.getinfo(hidden.part), where, shared)
                    facts[name] = found
    return facts


# Parts calamine reads when it opens a workbook, before any sheet: never left unchecked.
_READ_AT_OPEN = frozenset(
    ("[content_types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedstrings.xml")
)


def _deferred(package: zipfile.ZipFile, info: zipfile.ZipInfo, shared: _SharedStrings, defer) -> str | None:
    """The sheet name of a part whose pass is left to its reader, else None."""
    if defer is None or not defer(package, info) or shared.lengths_for() is not None:
        return None
    if part_name(info.filename) in _READ_AT_OPEN or info in shared.parts:  # a sheet aliased to one
        return None
    return _sheet_name(package, info.filename)


def check_sheet(path: Path, facts: SheetFacts, where: Location) -> None:
    """The pass over a worksheet check_package left unchecked (`defer`), whole, before anything
    else reads it; its facts replace what a pass cut short had gathered."""
    with zipfile.ZipFile(path) as package:
        info = package.getinfo(facts.part)
        found = _check_part(package, info, where, _SharedStrings(package, package.infolist(), where))
    vars(facts).update(vars(found or SheetFacts(part=facts.part)))


def part_name(name: str) -> str:
    """A ZIP entry's name as calamine looks parts up: forward slashes, any case."""
    return name.replace("\\", "/").lower()


def xml_pieces(package: zipfile.ZipFile, info: zipfile.ZipInfo, where: Location) -> Iterator[tuple[bytes, int]]:
    """The part's bytes in pieces of about CHUNK_BYTES, as (data, end): the piece is data[:end]
    (bounds rather than a slice: no copy). Each ends before an unfinished tag, so no tag is split
    between two pieces. Raises when the part holds more (or fewer) bytes than its entry
    declares: zipfile would stop at the declared size, another reader may not."""
    carry = b""
    for piece in raw_pieces(package, info, where):
        data = carry + piece if carry else piece
        end = data.rfind(b"<")
        # The last tag is closed (nothing to carry) when its '>' follows, read past quoted values:
        # a '>' may stand inside one, and a tag must never be split.
        closed = _CLOSED_TAG.match(data, end) is not None
        if end < 0 or closed:
            end = len(data)
        carry = data[end:]
        if len(carry) > TAG_BYTES_MAX:
            raise KeyClientsError("file.damaged", where)
        if end:
            yield data, end
    if carry:
        yield carry, len(carry)


_CLOSED_TAG = re.compile(rb"""<(?:[^<>"']|"[^"]*"|'[^']*')*>""")


def raw_pieces(package: zipfile.ZipFile, info: zipfile.ZipInfo, where: Location) -> Iterator[bytes]:
    """The part's bytes as inflated, in pieces of about CHUNK_BYTES. Raises when the part holds
    more (or fewer) bytes than its entry declares."""
    seen = 0
    try:
        with _inflating(package, info) as stream:
            for piece in _read_ahead(stream, info.file_size):
                seen += len(piece)
                if seen > info.file_size:
                    raise KeyClientsError("file.damaged", where)
                yield piece
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise KeyClientsError("file.damaged", where) from exc
    if seen != info.file_size:
        raise KeyClientsError("file.damaged", where)


def _inflating(package: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The part's bytes as a stream that reads on past the size the entry declares (to find a
    part longer than declared). A deflated part of a package on disk is inflated by ISA-L
    (`isal`, about four times zlib's speed, and it lets go of the GIL too); anything else
    (stored parts, other methods, encrypted parts, a package in memory) by zipfile."""
    if (
        _isal is not None
        and info.compress_type == zipfile.ZIP_DEFLATED
        and not info.flag_bits & 1
        and isinstance(package.filename, str)
    ):
        return _RawDeflate(Path(package.filename), info)
    probe = copy.copy(info)
    probe.file_size = info.file_size + CHUNK_BYTES
    return package.open(probe)


try:
    from isal import isal_zlib as _isal
except ImportError:  # a platform without its wheel: zipfile's zlib does the same, slower
    _isal = None

_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, …, name length, extra length (APPNOTE 4.3.7)
_RAW_BYTES = 256 * 1024


class _RawDeflate:
    """A deflated ZIP entry read straight from the file and inflated by ISA-L, with zipfile's
    checks: the local header's signature, the compressed size, and the CRC-32 at the end.
    Hand-written because zipfile inflates with the standard zlib only."""

    def __init__(self, path: Path, info: zipfile.ZipInfo) -> None:
        self.info = info
        self.file = path.open("rb")
        self.file.seek(info.header_offset)
        header = self.file.read(_LOCAL_HEADER.size)
        if len(header) < _LOCAL_HEADER.size or _LOCAL_HEADER.unpack(header)[0] != b"PK\x03\x04":
            self.file.close()
            raise zipfile.BadZipFile(f"bad local header: {info.filename}")
        name, extra = _LOCAL_HEADER.unpack(header)[1:]
        self.file.seek(info.header_offset + _LOCAL_HEADER.size + name + extra)
        self.left = info.compress_size
        self.inflate = _isal.decompressobj(-15)
        self.crc = 0

    def read(self, size: int) -> bytes:
        """Up to `size` inflated bytes (b"" at the end of the entry)."""
        out = b""
        while not out:
            if self.inflate.unconsumed_tail:
                out = self._inflated(self.inflate.unconsumed_tail, size)
            elif self.left > 0 and not self.inflate.eof:
                raw = self.file.read(min(self.left, _RAW_BYTES))
                if not raw:
                    raise EOFError(self.info.filename)
                self.left -= len(raw)
                out = self._inflated(raw, size)
            else:
                out = self._inflated(b"", size)  # ISA-L may hold back output of input it took
                if not out:
                    self._check_end()
                    return b""
            self.crc = _isal.crc32(out, self.crc)
        return out

    def _inflated(self, data: bytes, size: int) -> bytes:
        try:
            return self.inflate.decompress(data, size)
        except _isal.error as exc:  # a broken deflate stream: zlib.error, as zipfile would raise
            raise zlib.error(str(exc)) from exc

    def _check_end(self) -> None:
        if not self.inflate.eof:
            raise EOFError(self.info.filename)  # the deflate stream stops short
        if self.crc != self.info.CRC:
            raise zipfile.BadZipFile(f"bad CRC-32: {self.info.filename}")

    def __enter__(self) -> _RawDeflate:
        return self

    def __exit__(self, *exc) -> None:
        self.file.close()


def _read_ahead(stream, size: int) -> Iterator[bytes]:
    """The stream's CHUNK_BYTES reads; for a large part, each next one is inflated in a second
    thread while the caller scans the last. ISA-L and zlib let go of the GIL while they inflate,
    so on two cores the guard's pass over a 1M-line sheet takes about the longer of the two, not
    their sum."""
    if size <= READ_AHEAD_FROM:
        yield from iter(functools.partial(stream.read, CHUNK_BYTES), b"")
        return
    with ThreadPoolExecutor(1, thread_name_prefix="keyclients-inflate") as reader:
        ahead = reader.submit(stream.read, CHUNK_BYTES)
        while piece := ahead.result():
            ahead = reader.submit(stream.read, CHUNK_BYTES)
            yield piece


def part_contains(path: Path, needle: bytes, prefix: str) -> bool:
    """Whether any part whose name starts with `prefix` holds `needle` (a pattern without '<'),
    read in pieces: never a whole part in memory."""
    where = Location(file=path.name)
    with zipfile.ZipFile(path) as package:
        return any(
            data.find(needle, 0, end) >= 0
            for info in package.infolist()
            if info.filename.startswith(prefix)
            for data, end in xml_pieces(package, info, where)
        )


_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:worksheet|dialogsheet|macrosheet)[\s>/]")


def _check_part(
    package: zipfile.ZipFile, info: zipfile.ZipInfo, where: Location, shared: _SharedStrings
) -> SheetFacts | None:
    """Check one part; for a worksheet, return its merged ranges, outline levels and formulas
    never calculated (found in the same pieces: no second pass)."""
    pieces = xml_pieces(package, info, where)
    guard = None
    for data, end in pieces:
        if guard is None:
            if not is_worksheet(data, end):
                _check_declared_strings(data, end, info, where)
                for _ in pieces:  # not a worksheet: only its true size matters
                    pass
                return None
            guard = SheetGuard(package, info, where, shared.lengths_for())
        guard.add(data, end)
    if guard is None:
        return None
    if guard.text is not None and shared.copied + guard.text > CELL_TEXT_MAX:
        params = {"size": Size(shared.copied + guard.text), "limit": Size(CELL_TEXT_MAX)}
        raise KeyClientsError(
            "file.shared_text_too_big", Location(where.file, _sheet_name(package, info.filename)), params
        )
    if guard.text is not None:
        shared.copied += guard.text
    return guard.finish()


def is_worksheet(data: bytes, end: int) -> bool:
    """Whether a part's first piece opens a worksheet (or a dialog or macro sheet)."""
    return _ROOT.search(data, 0, min(end, 64 * 1024)) is not None


class Unguarded(Exception):
    """What a worksheet's pass has seen so far cannot be vouched for by its cheap bounds (or the
    part is no worksheet): the whole pass must come first (check_sheet)."""


class SheetGuard:
    """The pass over one worksheet, piece by piece: its cheap bounds, its facts and the text its
    cells copy from the shared strings (`lengths`: each one's, where counted). The reader that
    cuts a sheet in slices (read/slices.py) feeds it each piece before using it and hands a slice
    on only when `vouch` finds the bounds so far within the limit: a slice holds only cells the
    guard has seen. `finish` makes the checks that need the whole part (the exact pass)."""

    def __init__(
        self, package: zipfile.ZipFile, info: zipfile.ZipInfo, where: Location, lengths: np.ndarray | None = None
    ) -> None:
        self.package, self.info, self.where, self.lengths = package, info, where, lengths
        self.scan = _SheetBounds()
        self.facts = SheetFacts(part=info.filename)
        self.open_cell = b""  # a cell the last piece ended inside, from its opening tag
        self.text = 0 if lengths is not None else None
        self.started = False

    def add(self, data: bytes, end: int) -> None:
        self.started = True
        self.scan.add(data, end)
        self.open_cell = _collect_facts(data, end, self.facts, self.open_cell)
        if self.text is not None:
            self.text += shared_text(data, end, self.lengths)

    def checked(self, pieces: Iterator[tuple[bytes, int]]) -> Iterator[tuple[bytes, int]]:
        """The pieces, each added before it is handed on; Unguarded when the first opens no worksheet."""
        for data, end in pieces:
            if not self.started and not is_worksheet(data, end):
                raise Unguarded
            self.add(data, end)
            yield data, end

    def vouch(self) -> None:
        """Raise Unguarded unless the cells seen so far fit the limit by the cheap bounds (the text
        copied too, though a deferred sheet counts none)."""
        if self.scan.cells_bound() > SHEET_CELLS_MAX or (self.text or 0) > CELL_TEXT_MAX:
            raise Unguarded

    def finish(self) -> SheetFacts:
        if self.scan.cells_bound() > SHEET_CELLS_MAX:
            rows, columns = _exact_extent(xml_pieces(self.package, self.info, self.where), self.where)
            if rows * columns > SHEET_CELLS_MAX:
                sheet = Location(self.where.file, _sheet_name(self.package, self.info.filename))
                _refuse_beyond(rows, columns, sheet)
        return self.facts


# The count of distinct texts a sharedStrings part declares, which calamine reserves room for
# before it reads one (24 bytes each): 4,000,000,000 in a 1 KB file aborted the process.
_UNIQUE_COUNT = re.compile(rb"""<(?:[\w.-]+:)?sst\b(?:[^>"']|"[^"]*"|'[^']*')*?\buniqueCount\s*=\s*["']\s*\+?(\d+)""")
SI_BYTES_MIN = 5  # '<si/>': no part holds more strings than its bytes ÷ 5


def _check_declared_strings(data: bytes, end: int, info: zipfile.ZipInfo, where: Location) -> None:
    """Refuse a part whose <sst> declares more strings than it could hold (read from its start)."""
    if not declared_strings_fit(data, info.file_size, end):
        raise KeyClientsError("file.damaged", where)


def declared_strings_fit(data: bytes, size: int | None = None, end: int | None = None) -> bool:
    """Whether a sharedStrings part (its first `end` bytes, of `size` unpacked) declares no more
    strings than it could hold."""
    size, end = len(data) if size is None else size, len(data) if end is None else end
    declared = _UNIQUE_COUNT.search(data, 0, min(end, 64 * 1024))
    return declared is None or (len(declared[1]) <= 18 and int(declared[1]) <= max(size // SI_BYTES_MIN, 1))


class _SharedStrings:
    """The package's shared strings, measured only when its worksheets together are large enough
    to refer to more than CELL_TEXT_MAX of them (their size ÷ 16 cells, each the longest
    string): a small workbook, or one without long strings, never loads lxml before calamine
    parses. `copied` adds up the text of every sheet read so far (the reader keeps them all)."""

    def __init__(self, package: zipfile.ZipFile, infos: list[zipfile.ZipInfo], where: Location) -> None:
        self.package, self.where = package, where
        self.parts = [i for i in infos if part_name(i.filename).rpartition("/")[2] == "sharedstrings.xml"]
        self.measured: np.ndarray | None = None
        self.longest: int | None = None
        self.package_bytes = sum(info.file_size for info in infos)  # more than all its worksheets
        self.copied = 0

    def lengths_for(self) -> np.ndarray | None:
        """Each shared string's length when the worksheets could pass the limit, else None."""
        sheet_bytes = self.package_bytes
        longest = max((part.file_size for part in self.parts), default=0)  # no string is longer than its part
        if not could_exceed(sheet_bytes, np.array([longest])):
            return None
        if self.longest is None:  # without parsing (lxml is not loaded before calamine parses)
            bounds = [longest_bound(xml_pieces(self.package, part, self.where)) for part in self.parts]
            self.longest = max(
                (b if b is not None else part.file_size for b, part in zip(bounds, self.parts, strict=True)), default=0
            )
        if not could_exceed(sheet_bytes, np.array([self.longest])):
            return None
        if self.measured is None:
            self.measured = self._measure()
        return self.measured if could_exceed(sheet_bytes, self.measured) else None

    def _measure(self) -> np.ndarray:
        """Each string's length (where a package has two such parts, the longer at each place)."""
        from lxml import etree

        found = np.zeros(0, dtype=np.int64)
        for info in self.parts:
            try:
                lengths = shared_string_lengths(raw_pieces(self.package, info, self.where))
            except etree.XMLSyntaxError as exc:
                raise KeyClientsError("file.damaged", self.where) from exc
            width = max(len(found), len(lengths))
            found = np.maximum(np.pad(found, (0, width - len(found))), np.pad(lengths, (0, width - len(lengths))))
        return found


def _xlsb_sheets(package: zipfile.ZipFile, where: Location) -> dict[str, str | None]:
    from .xlsb_extent import DamagedRecord, sheet_parts

    try:
        return sheet_parts(package)
    except (DamagedRecord, zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as exc:
        raise KeyClientsError("file.damaged", where) from exc


def _check_xlsb(package: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: Location, where: Location) -> None:
    from .xlsb_extent import DamagedRecord, sheet_extent

    try:
        extent = sheet_extent(raw_pieces(package, info, where))
    except DamagedRecord as exc:
        raise KeyClientsError("file.damaged", where) from exc
    _refuse_beyond(extent.rows, extent.columns, sheet)


def _check_ods(package: zipfile.ZipFile, info: zipfile.ZipInfo, where: Location) -> None:
    from lxml import etree

    from .ods_extent import DamagedRepeat, ods_extents

    try:
        tables = ods_extents(raw_pieces(package, info, where))
    except etree.XMLSyntaxError as exc:
        if _ods_encrypted(package):  # calamine refuses it unread, with its password message
            return
        raise KeyClientsError("file.damaged", where) from exc
    except DamagedRepeat as exc:
        raise KeyClientsError("file.damaged", where) from exc
    for table in tables:
        _refuse_beyond(table.rows, table.columns, Location(where.file, table.name))


def _ods_encrypted(package: zipfile.ZipFile) -> bool:
    """Whether calamine will refuse this .ods as protected by a password without reading its
    content.xml: its manifest has a `manifest:encryption-data` element after a
    `manifest:file-entry`, spelled so (calamine matches the names as written)."""
    from lxml import etree

    try:
        info = package.getinfo("META-INF/manifest.xml")
        if info.file_size > 16 * MIB:
            return False
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        root = etree.fromstring(package.read(info), parser)
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError):
        return False
    entry = False
    for element in root.iter(etree.Element):
        name = element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""
        if element.prefix != "manifest":
            continue
        if name == "file-entry":
            entry = True
        elif name == "encryption-data" and entry:
            return True
    return False


def _refuse_beyond(rows: int, columns: int, sheet: Location) -> None:
    if rows * columns > SHEET_CELLS_MAX:
        cell = f"{column_letter(columns)}{rows}"
        params = {"cell": cell, "cells": Count(rows * columns, "cell"), "limit": Amount(SHEET_CELLS_MAX)}
        raise KeyClientsError("file.sheet_too_big", sheet, params)


_MERGE = re.compile(rb'<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')
_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row\b")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_OUTLINE = b' outlineLevel="'
MERGED_MAX = 100_000  # merged ranges kept per sheet (a real report has a few hundred)


# A formula cell with no value: saved by a program that writes formulas but does not calculate
# them (openpyxl, for one); Excel and LibreOffice always store the value (t="str" with an empty
# <v> is a formula whose value is empty text, t="e" an error). Found from the formula, which
# only formula cells have: a search that opens on every cell took 4.8 s over a 565 MB sheet.
_NO_VALUE_FORMULA = re.compile(rb"(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)(?:<v\s*/>|<v>\s*</v>)?</c>")
_TEXT_OR_ERROR = re.compile(rb'\bt\s*=\s*["\'](?:str|e)["\']')
_FORMULA_CELL_REFERENCE = re.compile(rb'\br\s*=\s*["\']([A-Z]{1,3}\d+)["\']')
TAG_LOOKBACK = 4096  # a cell's opening tag before its formula (attributes are few)


def _collect_facts(data: bytes, end: int, facts: SheetFacts, open_cell: bytes = b"") -> bytes:
    """Merged ranges, rows' outline levels and formulas never calculated in one piece: C-speed
    searches, Python only per hit. A piece ends before an unfinished tag, not an unfinished cell:
    `open_cell`, the cell the piece before ended inside, is read with this one for its formula,
    and the cell this one ends inside is returned for the next (a formula cell cut in two was not
    counted, or was named by a later one). Tags are never cut, so the other facts are whole in
    their piece."""
    tail = _open_cell(data, end)
    if b"<f" in open_cell or find_rare(data, b"<f", 1, 0, end) >= 0 or (open_cell[-1:] == b"<" and data[:1] == b"f"):
        if open_cell:  # joined only here: a copy of every piece cost 0.6 s of CPU over 1M lines
            data, end = open_cell + data[:end], len(open_cell) + end
        _count_uncalculated(data, end, facts)
    if find_rare(data, b"mergeCell", 3, 0, end) >= 0:
        for match in _MERGE.finditer(data, 0, end):
            if len(facts.merged) < MERGED_MAX:
                left, top, right, bottom = match.group(1), match.group(2), match.group(3), match.group(4)
                right, bottom = right or left, bottom or top
                facts.merged.append((int(top) - 1, _column_index(left), int(bottom) - 1, _column_index(right)))
    position = find_rare(data, _OUTLINE, 8, 0, end)
    while position >= 0:
        start = data.rfind(b"<", 0, position)
        close = data.find(b">", position, end)
        tag = data[start : close if close >= 0 else end]
        number = _ROW_NUMBER.search(tag)
        level = re.match(rb"\d+", data[position + len(_OUTLINE) : position + len(_OUTLINE) + 3])
        if _ROW_TAG.match(tag) and number and level and int(level.group(0)):
            facts.levels[int(number.group(1)) - 1] = int(level.group(0))
        position = find_rare(data, _OUTLINE, 8, position + 1, end)
    return tail


def _count_uncalculated(data: bytes, end: int, facts: SheetFacts) -> None:
    for match in _NO_VALUE_FORMULA.finditer(data, 0, end):
        before = data[max(match.start() - TAG_LOOKBACK, 0) : match.start()]
        tag = before[_last_cell_start(before, 0, len(before)) :]
        if _TEXT_OR_ERROR.search(tag):
            continue
        facts.uncalculated += 1
        reference = _FORMULA_CELL_REFERENCE.search(tag)
        if facts.uncalculated == 1 and reference:  # not a later one's, when the first has none
            facts.first_uncalculated = reference[1].decode("ascii")


def find_rare(data: bytes, needle: bytes, rare: int, begin: int, end: int) -> int:
    """data.find(needle, begin, end), by memchr for the needle's byte at `rare` first. CPython
    searches for a short needle at a tenth of memchr's speed; the needles here are tag names
    that a sheet seldom holds, and their byte at `rare` (never a column letter) seldom too."""
    found = data.find(needle[rare : rare + 1], begin + rare, end)
    return found if found < 0 else data.find(needle, found - rare, end)


def _open_cell(data: bytes, end: int) -> bytes:
    """The piece's last cell from its opening tag, when the piece ends before the cell closes
    (none past TAG_BYTES_MAX: a cell's value is at most 32,767 characters)."""
    start = _last_cell_start(data, max(end - TAG_BYTES_MAX, 0), end)
    if start < 0 or data.find(b"</c>", start, end) >= 0:
        return b""
    opened = data.find(b">", start, end)
    closed_at_once = opened > 0 and data[opened - 1 : opened] == b"/"  # <c r="A1" s="2"/>
    return b"" if closed_at_once else data[start:end]


_CELL_TAG_ENDS = frozenset(b" >\t\n\r")  # what follows '<c' in a cell's opening tag


def _last_cell_start(data: bytes, begin: int, end: int) -> int:
    """Where the last cell tag in data[begin:end] opens ('<c' and a space or '>'), or -1. Found
    back from the end: a search per spelling read the whole piece for each one never written
    (2 s of CPU over 1M lines); that is left for a piece whose last few '<c' are no cell's."""
    position = data.rfind(b"<c", begin, max(end - 1, begin))
    for _ in range(4):
        if position < 0 or data[position + 2] in _CELL_TAG_ENDS:
            return position
        position = data.rfind(b"<c", begin, position)
    return max(data.rfind(b"<c" + bytes([tail]), begin, end) for tail in _CELL_TAG_ENDS)


def _row_beyond(digits: int, start: int) -> bytes:
    """A reference (a row's or a cell's) whose row has more than `digits` digits, or as many and
    begins with more than `start` (its first two digits): the pattern after 'r="'."""
    alternatives = [rb"\d{%d}" % (digits + 1)]
    if digits >= 2 and start < 99:
        tens, ones = divmod(start, 10)
        higher = [f"[{tens + 1}-9]\\d"] if tens < 9 else []
        higher += [f"{tens}[{ones + 1}-9]"] if ones < 9 else []
        alternatives.append(rb'(?:%s)\d{%d}"' % ("|".join(higher).encode(), digits - 2))
    return rb"[A-Z]*+(?:%s)" % b"|".join(alternatives)


def _column_beyond(letters: int, lead: int) -> bytes:
    """A cell reference whose column has more than `letters` letters, or as many (one to three)
    and a later lead (`_lead`): the pattern after 'r="'."""
    alternatives = [rb"[A-Z]{%d}" % (letters + 1)]
    if letters == 1 and lead < 25:
        alternatives.append(rb"[%c-Z]\d" % (66 + lead))
    elif 2 <= letters <= 3:
        first, second = divmod(lead, 26)
        later = [rb"[%c-Z][A-Z]" % (66 + first)] if first < 25 else []
        later += [rb"%c[%c-Z]" % (65 + first, 66 + second)] if second < 25 else []
        if later:
            alternatives.append(rb"(?:%s)[A-Z]{%d}\d" % (b"|".join(later), letters - 2))
    return b"|".join(alternatives)


def _lead(letters: bytes) -> int:
    """A column's first letter (0 for A), or its first two (0 for AA) when it has two or more."""
    return letters[0] - 65 if len(letters) == 1 else (letters[0] - 65) * 26 + letters[1] - 65


@functools.cache
def _beyond(digits: int, start: int, letters: int, lead: int) -> re.Pattern | None:
    """A reference beyond the row bound or the column bound, in one pass for both (None: the
    bounds are past what any search can clear)."""
    parts = [_row_beyond(digits, start)] if digits <= 10 else []
    parts += [_column_beyond(letters, lead)] if letters <= 3 else []
    return re.compile(rb'r="(?:%s)' % b"|".join(parts)) if parts else None


_REFERENCE_AT = re.compile(rb'r="([A-Z]*)(\d*)')

# What the cheap bounds cannot place, sent to the exact pass. calamine reads any XML spelling
# of a cell's reference: a tab or a line break before it, single quotes, spaces round '=',
# letters in lower case, a leading zero, any namespace prefix, and of two `r` attributes the
# last. The bounds read only `<c r="A1"`, so a cell tag that opens otherwise (with or without a
# prefix) or an `r` attribute spelled otherwise anywhere sends the sheet to the exact pass.
_ODD_CELL = re.compile(rb'[<:]c(?:>|\s(?!r="[A-Z]*+[1-9]))')
_ODD_CELL_RE2 = tuple(  # RE2 has no look-ahead; one pattern per literal opening
    rb'%sc(?:>|\s(?:[^r]|r[^=]|r=[^"]|r="[A-Z]*[^A-Z1-9]))' % opening for opening in (b"<", b":")
)
_ODD_REFERENCE_RE2 = rb"""="[A-Za-z]*[a-z][A-Za-z]*\d|\s+=|=\s|='"""  # after an r
_ODD_REFERENCE = re.compile(rb"r(?:%s)" % _ODD_REFERENCE_RE2)


class _SheetBounds:
    """Cheap upper bounds of a worksheet's extent: three RE2 scans of each piece, in C.

    Columns: the most letters in any reference, and the latest first one or two letters among
    those (AD is AD, and ADC at most ADZ). Rows: the most digits in any reference, and the
    highest two-digit beginning among those, so the row bound is within a tenth of the true
    last row. No row number is trusted to be the
    largest (rows may come in any order): each bound is raised to what a search finds beyond
    it, until a search finds nothing. A sheet with a cell that does not open with its reference
    `<c r="A1"` (allowed: without one its place is implied, after the cell before it), or with a
    reference spelled another way (see _ODD_CELL), goes to the exact pass.

    The filled cells are not counted: a bound at or under the limit passes the sheet, and so
    would the exact pass (the true extent is never above the bound), whatever the count.
    """

    def __init__(self) -> None:
        self.letters = self.digits = 0
        self.unplaced = False
        self.column_lead = 0  # of the references with the most letters (`_lead`)
        self.row_start = 10  # of the references with the most digits (when two or more)

    def add(self, data: bytes, end: int) -> None:
        if self.unplaced:  # the exact pass decides
            return
        # In a sheet written in order the piece's last reference holds its farthest row: start there.
        last = data.rfind(b'r="', 0, end)
        if last >= 0:
            self._raise(_REFERENCE_AT.match(data, last))
        if self._clear(data, end):
            return
        if _ODD_CELL.search(data, 0, end) or _ODD_REFERENCE.search(data, 0, end):
            self.unplaced = True
            return
        while (beyond := _beyond(self.digits, self.row_start, self.letters, self.column_lead)) and (
            found := beyond.search(data, 0, end)
        ):
            self._raise(_REFERENCE_AT.match(data, found.start()))

    def _clear(self, data: bytes, end: int) -> bool:
        """Whether the piece holds no cell without its reference and no reference beyond the
        bounds, by RE2 (Arrow's: linear time, about twice as fast as `re` on these patterns).
        Only a piece that fails it is searched again with `re`, to raise the bounds."""
        import pyarrow.compute as pc

        beyond = _beyond(self.digits, self.row_start, self.letters, self.column_lead)
        if beyond is None:
            return False
        piece = binary_piece(data, end)
        # Patterns that each open with one literal scan faster than their alternation.
        beyond_or_odd = b"r(?:=%s|%s)" % (beyond.pattern.replace(b"*+", b"*")[len(b"r=") :], _ODD_REFERENCE_RE2)
        return not any(
            pc.match_substring_regex(piece, pattern.decode("ascii"))[0].as_py()
            for pattern in (*_ODD_CELL_RE2, beyond_or_odd)
        )

    def _raise(self, reference: re.Match | None) -> None:
        """Raise the bounds to cover this reference (never lower them)."""
        if reference is None:
            return
        letters, number = reference.groups()
        row = (len(number), int(number[:2]) if len(number) >= 2 else 10)
        self.digits, self.row_start = max((self.digits, self.row_start), row)
        if letters:
            self.letters, self.column_lead = max((self.letters, self.column_lead), (len(letters), _lead(letters)))

    def cells_bound(self) -> int:
        if self.letters > 3 or self.digits > 10 or self.unplaced:
            return SHEET_CELLS_MAX + 1  # only the exact pass can tell
        rows = (self.row_start + 1) * 10 ** (self.digits - 2) - 1 if self.digits >= 2 else 10**self.digits - 1
        if self.letters <= 1:  # the latest letter: a sheet of 1,000,000 rows in A–J is not taken for A–Z
            columns = self.column_lead + 1 if self.letters else 1
        else:  # the latest first two letters, then Z: 'AD' → AD, 'ADC' → ADZ
            first, second = divmod(self.column_lead, 26)
            columns = _column_index(bytes([65 + first, 65 + second]) + b"Z" * (self.letters - 2)) + 1
        return rows * columns


def _exact_extent(pieces: Iterator[tuple[bytes, int]], where: Location) -> tuple[int, int]:
    """(rows, columns) from A1 to the farthest cell with content, placing cells as calamine does:
    by their reference (letters in either case), else next to the cell before; a row without
    its number follows the row before. Cell by cell, for the sheets the cheap bounds could not
    clear. An XML parser reads the tags as written (quotes, spacing, prefixes); XML it refuses
    (a duplicated attribute, a '<' in a value) is refused as damaged, since calamine, more
    lenient, could place a cell there that a reading here would miss."""
    from lxml import etree

    extent = _Extent()
    parser = etree.XMLParser(target=extent, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        for data, end in pieces:
            parser.feed(data[:end])
        return parser.close()
    except etree.XMLSyntaxError as exc:
        raise KeyClientsError("file.damaged", where) from exc


class _Extent:
    """lxml's parser target for `_exact_extent`: told each element's start, it places rows and
    cells as calamine does and keeps no tree. A cell counts when a value, an inline string or a
    formula starts inside it (<c …/> holds none); it is placed when the next row or cell starts."""

    def __init__(self) -> None:
        self.row = self.column = -1
        self.rows = self.columns = 0
        self.open = self.filled = False  # a cell started, and something inside it

    def start(self, tag: str, attrib) -> None:
        name = tag.rpartition("}")[2]
        if name == "c":
            self._place()
            reference = _CELL_REFERENCE.fullmatch(attrib.get("r") or "")
            if reference:
                letters, digits = reference[1], reference[2]
                # Past calamine's u32 either way: a huge number is kept huge, not spelled out.
                self.column = _column_index(letters.upper().encode()) if len(letters) <= 7 else _FAR
                self.row = int(digits) - 1 if len(digits) <= 10 else _FAR
            else:
                self.column += 1
            self.open, self.filled = True, False
        elif name == "row":
            self._place()
            number = (attrib.get("r") or "").strip()
            if number.isascii() and number.isdigit():
                self.row = int(number) - 1 if len(number) <= 10 else _FAR
            else:
                self.row += 1
            self.column = -1
        elif self.open and name in ("v", "is", "f"):
            self.filled = True

    def _place(self) -> None:
        if self.open and self.filled:
            self.rows, self.columns = max(self.rows, self.row + 1), max(self.columns, self.column + 1)
        self.open = False

    def close(self) -> tuple[int, int]:
        self._place()
        return self.rows, self.columns


_CELL_REFERENCE = re.compile(r"([A-Za-z]+)(\d+)")
_FAR = 1 << 32  # a row or column number past what calamine can address


def _column_index(letters: bytes) -> int:
    return column_number(letters.decode("ascii")) - 1


def _sheet_name(package: zipfile.ZipFile, part: str) -> str | None:
    """The name the user sees for a worksheet part (workbook.xml and its relationships)."""
    from defusedxml import ElementTree

    try:
        book = ElementTree.fromstring(package.read("xl/workbook.xml"))
        links = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # only wording an error: a damaged part just leaves the sheet unnamed
        return None
    targets = {link.get("Id"): link.get("Target", "").lstrip("/").removeprefix("xl/") for link in links.iter()}
    relationship = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet") and "xl/" + targets.get(sheet.get(relationship), "") == part:
            return sheet.get("name")
    return None
