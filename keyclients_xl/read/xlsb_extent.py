"""How far each worksheet of a binary workbook (.xlsb) reaches, read from its records before
calamine opens the file.

calamine places an .xlsb cell by the row of the last row header (BrtRowHdr) and the column
its own record gives, and allocates every position from the first filled cell to the last:
one value in XFD1048576 asks for 17 billion cells (512 GiB), and the process aborts. So the
records of every sheet are walked here (MS-XLSB 2.1.4: a type of one or two bytes, a size of
one to four, each seven bits a byte), and read/limits.py refuses a sheet past
SHEET_CELLS_MAX, as it does a worksheet of an .xlsx.

The sheets are the parts the workbook's sheet records (BrtBundleSh) name through
xl/_rels/workbook.bin.rels, as calamine finds them. A cell is any record of types 2 to 11
(calamine reads a value from 2 to 10; a formula's error, 11, is counted too; a blank, 1, is
skipped as calamine skips it). A row or cell record too short to hold its row or column is
refused as damaged: calamine would read a number left over from the record before.

Hand-written because no Python library reads .xlsb records without building the sheet.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from .limits import part_name

_ROW_HEADER = 0x0000
_BLANK = 0x0001  # BrtCellBlank: calamine skips it; types 2 (BrtCellRk) to 11 (BrtFmlaError) are cells
_PAST_CELLS = 0x000C
_SHEET = 0x009C  # BrtBundleSh, in workbook.bin
_END_SHEETS = 0x0090  # BrtEndBundleShs
_U32 = struct.Struct("<I")


class DamagedRecord(ValueError):
    """A row or cell record too short for its row or column number."""


@dataclass
class SheetExtent:
    rows: int
    columns: int


def sheet_extent(pieces: Iterable[bytes]) -> SheetExtent:
    """(rows, columns) from A1 to the farthest cell of a worksheet's records, given in pieces.
    Raises DamagedRecord for a row or cell record too short to hold its number."""
    rows = columns = 0
    row = 0
    data, at, skip = b"", 0, 0
    unpack = _U32.unpack_from
    for piece in pieces:
        if skip >= len(piece):
            skip -= len(piece)
            continue
        data = data[at:] + piece[skip:] if at < len(data) else piece[skip:]
        at, skip, size = 0, 0, len(data)
        last = size - 6  # past here a record's header and number may run into the next piece
        while True:
            if at < last and data[at] < 0x80 and data[at + 1] < 0x80:  # one byte of type, one of size
                kind, length, body = data[at], data[at + 1], at + 2
            else:
                header = _header(data, at, size)
                if header is None:
                    break
                kind, body, length = header
            if kind < _PAST_CELLS and kind != _BLANK:  # a row header or a cell
                if length < (4 if kind == _ROW_HEADER else 8):
                    raise DamagedRecord(kind)
                if body + 4 > size:  # the number runs past this piece: read it with the next
                    break
                if kind == _ROW_HEADER:
                    row = unpack(data, body)[0]
                else:
                    number = unpack(data, body)[0]
                    if number >= columns:
                        columns = number + 1
                    if row >= rows:
                        rows = row + 1
            at = body + length
            if at > size:
                skip, at = at - size, size
                break
    return SheetExtent(rows, columns)


def bundled_sheets(workbook: bytes) -> list[tuple[str, str]]:
    """(relationship id, sheet name) of each sheet record of workbook.bin, up to the end of the
    sheet records, as calamine reads them; a record it could not read is left out."""
    sheets = []
    at, size = 0, len(workbook)
    while (header := _header(workbook, at, size)) is not None:
        kind, body, length = header
        if kind == _END_SHEETS or body + length > size:
            break
        if kind == _SHEET and length >= 12:
            record = workbook[body : body + length]
            count = _U32.unpack_from(record, 8)[0]
            if count != 0xFFFF_FFFF and 12 + 2 * count + 4 <= length:
                relationship = record[12 : 12 + 2 * count].decode("utf-16-le", "replace")
                name_length = _U32.unpack_from(record, 12 + 2 * count)[0]
                name = record[16 + 2 * count : 16 + 2 * count + 2 * name_length].decode("utf-16-le", "replace")
                sheets.append((relationship, name))
        at = body + length
    return sheets


def _header(data: bytes, at: int, size: int) -> tuple[int, int, int] | None:
    """(type, where the body starts, its length), or None when the piece ends inside the header."""
    if at >= size:
        return None
    first = data[at]
    if first & 0x80:
        if at + 1 >= size:
            return None
        kind, at = (first & 0x7F) | ((data[at + 1] & 0x7F) << 7), at + 2
    else:
        kind, at = first, at + 1
    length = 0
    for index in range(4):
        if at >= size:
            return None
        byte = data[at]
        at += 1
        length |= (byte & 0x7F) << (7 * index)
        if not byte & 0x80:
            break
    return kind, at, length


WORKBOOK_BYTES_MAX = 16 << 20  # workbook.bin holds the sheet list and names: a few KB in practice


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str | None]:
    """Part name → sheet name, for the parts calamine reads as the worksheets of an .xlsb:
    "xl/" + the target of each sheet record's relationship, matched as calamine matches part
    names (case and slashes aside). Where a package holds two entries of one such name, each
    is taken, as either could be the one read. Empty when the package has no xl/workbook.bin.
    Raises DamagedRecord for a workbook.bin or its relationships larger than WORKBOOK_BYTES_MAX."""
    from defusedxml import ElementTree

    names: dict[str, list[str]] = {}
    for info in package.infolist():
        names.setdefault(part_name(info.filename), []).append(info.filename)
    books, links = names.get("xl/workbook.bin", []), names.get("xl/_rels/workbook.bin.rels", [])
    if any(package.getinfo(part).file_size > WORKBOOK_BYTES_MAX for part in books + links):
        raise DamagedRecord("workbook.bin")
    sheets = [sheet for book in books for sheet in bundled_sheets(package.read(book))]
    targets: dict[str, set[str]] = {}
    for part in links:
        try:
            root = ElementTree.fromstring(package.read(part))
        except Exception:  # calamine reads no sheet through relationships it cannot read
            continue
        for link in root.iter():
            if link.get("Id") is not None and link.get("Target") is not None:
                targets.setdefault(link.get("Id"), set()).add(link.get("Target"))
    return {
        part: name
        for relationship, name in sheets
        for target in targets.get(relationship, ())
        for part in names.get(part_name(f"xl/{target}"), [])
    }
