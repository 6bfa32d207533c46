"""Delimited text (CSV, TSV, Excel's "Unicode Text") → rows of cells, read as a stream.

The encoding is decided once (a BOM, else UTF-8 if the whole file is valid UTF-8, else
cp1251 or cp1252) and the file is then read line by line, so that neither a very wide line
nor a very long cell is held in memory beyond the limits in `limits`.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from charset_normalizer import from_bytes

from ..errors import KeyClientsError, Location
from ..i18n import Amount
from .limits import CELL_CHARS_MAX, LINE_CHARS_MAX, TEXT_COLUMNS_MAX, check_text_size

SNIFF_CHARS = 64 * 1024  # the sample the delimiter is guessed from
_ENCODING_SAMPLE = 200_000
_BOM_ENCODINGS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def text_encoding(path: Path) -> str:
    """A BOM (UTF-8 or UTF-16), else UTF-8 if the whole file decodes, else cp1251 or cp1252."""
    with path.open("rb") as file:
        head = file.read(_ENCODING_SAMPLE)
        for bom, encoding in _BOM_ENCODINGS:
            if head.startswith(bom):
                return encoding
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            piece = head
            while piece:
                decoder.decode(piece)
                piece = file.read(1 << 20)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
    best = from_bytes(head, cp_isolation=["cp1251", "cp1252"]).best()
    return "cp1251" if best is None else best.encoding


def sniff_delimiter(text: str) -> str:
    """';', ',' or tab: the one that splits the first lines most consistently."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ";,\t"}
        return max(counts, key=counts.get)


def read_text_rows(path: Path, where: Location) -> tuple[list[list], str, str]:
    """(rows, encoding, delimiter) of a delimited text file; empty cells are None."""
    check_text_size(path, where)
    encoding = text_encoding(path)
    with path.open(encoding=encoding, errors="replace", newline="") as file:
        delimiter = sniff_delimiter(file.read(SNIFF_CHARS))
        file.seek(0)
        reader = csv.reader(_lines(file, delimiter, where), delimiter=delimiter)
        rows, done = [], 0  # done: the last line of the last record read
        with _cell_limit(CELL_CHARS_MAX):
            try:
                for row in reader:
                    if len(row) > TEXT_COLUMNS_MAX:
                        params = {"count": Amount(len(row)), "limit": Amount(TEXT_COLUMNS_MAX)}
                        raise KeyClientsError("file.too_many_columns", _at(where, reader.line_num), params)
                    rows.append([cell if cell != "" else None for cell in row])
                    done = reader.line_num
            except csv.Error as exc:  # the only error left with these settings: a cell over the limit
                where_cell = _at(where, done + 1)  # the line the record starts on
                raise KeyClientsError("file.cell_too_long", where_cell, {"limit": Amount(CELL_CHARS_MAX)}) from exc
    return rows, encoding, delimiter


def _lines(file: TextIO, delimiter: str, where: Location) -> Iterator[str]:
    """The file's lines, refusing one longer than LINE_CHARS_MAX before it is read whole."""
    number = 0
    while line := file.readline(LINE_CHARS_MAX):
        number += 1
        if len(line) == LINE_CHARS_MAX and not line.endswith(("\n", "\r")):
            raise _line_too_long(line, delimiter, _at(where, number))
        yield line


def _line_too_long(line: str, delimiter: str, where: Location) -> KeyClientsError:
    """What an over-long line proves: too many columns, a cell over Excel's limit, or only its length."""
    cells = line.count(delimiter) + 1
    if cells > TEXT_COLUMNS_MAX:
        return KeyClientsError(
            "file.too_many_columns", where, {"count": Amount(cells), "limit": Amount(TEXT_COLUMNS_MAX)}
        )
    if cells * CELL_CHARS_MAX < len(line):  # so few cells in so long a line: one is longer than Excel allows
        return KeyClientsError("file.cell_too_long", where, {"limit": Amount(CELL_CHARS_MAX)})
    return KeyClientsError("file.line_too_long", where, {"limit": Amount(LINE_CHARS_MAX)})


@contextmanager
def _cell_limit(chars: int):
    """csv's field size limit is process-wide: set it for one read, then put it back."""
    previous = csv.field_size_limit(chars)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _at(where: Location, line: int) -> Location:
    return Location(file=where.file, row=line)
