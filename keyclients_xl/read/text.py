"""Delimited text (CSV, TSV, Excel's "Unicode Text") → rows of cells, read as a stream.

The encoding is decided once (a BOM, else UTF-8 if the whole file is valid UTF-8, else
cp1251 or cp1252) and the file is then read line by line, so that neither a very wide line
nor a very long cell is held in memory beyond the limits in `limits`.
"""

from __future__ import annotations

import codecs
import csv
import itertools
from collections import Counter
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
    """';', ',' or tab: the one that splits the first lines most consistently.

    csv.Sniffer prefers ',' among delimiters as consistent as each other: a ';' file whose every
    line holds one comma ('Сумма, руб.' over '100000,50') was split at the commas. So a delimiter
    that splits the lines as consistently into more columns wins."""
    lines = text.splitlines()[:50]
    sample = "\n".join(lines)
    try:
        chosen = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ";,\t"}
        return max(counts, key=counts.get)
    split = {d: _split_shape(lines, d) for d in ";,\t"}
    wider = [d for d in ";,\t" if split[d][0] >= split[chosen][0] and split[d][1] > split[chosen][1]]
    return max(wider, key=lambda d: split[d]) if wider else chosen


def _split_shape(lines: list[str], delimiter: str) -> tuple[float, int]:
    """(the share of lines in the most common width, that width) when split at `delimiter`."""
    widths = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter) if row)
    if not widths:
        return 0.0, 0
    width, lines_of_width = widths.most_common(1)[0]
    return lines_of_width / sum(widths.values()), width


def read_text_rows(path: Path, where: Location) -> tuple[list[list], str, str]:
    """(rows, encoding, delimiter) of a delimited text file; empty cells are None."""
    check_text_size(path, where)
    encoding = text_encoding(path)
    with path.open(encoding=encoding, errors="replace", newline="") as file:
        delimiter = sniff_delimiter(file.read(SNIFF_CHARS))
        file.seek(0)
        reader = csv.reader(_lines(file, delimiter, where), delimiter=delimiter)
        with _cell_limit(CELL_CHARS_MAX):
            rows = list(_records(reader, where))
    return rows, encoding, delimiter


def _records(reader, where: Location) -> Iterator[list]:
    """The reader's records, empty cells as None, refusing a record wider than TEXT_COLUMNS_MAX
    and (under `_cell_limit`) a cell longer than CELL_CHARS_MAX, each with the line it starts on."""
    done = 0  # the last line of the last record read
    try:
        for row in reader:
            if len(row) > TEXT_COLUMNS_MAX:
                params = {"count": Amount(len(row)), "limit": Amount(TEXT_COLUMNS_MAX)}
                raise KeyClientsError("file.too_many_columns", _at(where, reader.line_num), params)
            done = reader.line_num
            yield [cell if cell != "" else None for cell in row]
    except csv.Error as exc:  # the only error left with these settings: a cell over the limit
        where_cell = _at(where, done + 1)  # the line the record starts on
        raise KeyClientsError("file.cell_too_long", where_cell, {"limit": Amount(CELL_CHARS_MAX)}) from exc


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


HEAD_RECORDS = 200  # records read exactly (Python's csv) to learn the width and check the limits
# pyarrow's block (its default): parsed while it is in the CPU's cache, a million lines took 1.1-1.2 s of
# CPU against 1.8-2.1 s in blocks of 16 MiB. A file with a longer record is read again in LONG_BLOCK_BYTES.
BLOCK_BYTES = 1 << 20
LONG_BLOCK_BYTES = 16 << 20  # a record longer than this is refused (LINE_CHARS_MAX's order)


def read_text_table(path: Path, where: Location) -> tuple[list, str, str]:
    """(columns, encoding, delimiter) of a delimited text file: Arrow text columns, one row per
    record (a blank line too), empty cells null.

    The first records (where a title block and the header are) are read with Python's csv, under
    the same limits as `read_text_rows`; pyarrow.csv reads the rest, in parallel. A record of
    another width there (a total with fewer cells) is put back at its place, as Excel shows it.
    """

    check_text_size(path, where)
    encoding = _encoding_from_start(path)
    try:
        return _read_text_table(path, where, encoding)
    except _NotUtf8:  # a byte far into the file proves another encoding: decided on the whole file
        return _read_text_table(path, where, text_encoding(path))


class _NotUtf8(Exception):
    pass


def _encoding_from_start(path: Path) -> str:
    """`text_encoding` on the file's start only; pyarrow checks the rest as it reads (then _NotUtf8)."""
    with path.open("rb") as file:
        head = file.read(_ENCODING_SAMPLE)
    for bom, encoding in _BOM_ENCODINGS:
        if head.startswith(bom):
            return encoding
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head)  # a character cut at the sample's end is fine
        return "utf-8"
    except UnicodeDecodeError:
        return text_encoding(path)


def _read_text_table(path: Path, where: Location, encoding: str) -> tuple[list, str, str]:
    import pyarrow as pa

    head, delimiter, whole, offset = _head_records(path, encoding, where)
    width = max((len(row) for row in head), default=1) or 1
    if whole or (offset is not None and offset >= path.stat().st_size):
        columns = _columns_from_records(head, width)
        _check_open_quotes(columns, delimiter, where, _cell_bytes(columns))
        return columns, encoding, delimiter
    if offset is None:  # UTF-16: the whole file through pyarrow, from its start
        head, offset = [], 0
    try:
        body, width = _read_body(path, offset, encoding, delimiter, width, where, len(head))
    except pa.ArrowInvalid as exc:
        if encoding == "utf-8" and "UTF8" in str(exc):
            raise _NotUtf8 from exc
        rows, _, _ = read_text_rows(path, where)  # names the limit the file breaks, if it breaks one
        if not rows:
            raise KeyClientsError("file.damaged", where) from exc
        return _columns_from_records(rows, max(len(r) for r in rows) or 1), encoding, delimiter
    except UnicodeDecodeError as exc:
        rows, _, _ = read_text_rows(path, where)  # names the limit the file breaks, if it breaks one
        if not rows:
            raise KeyClientsError("file.damaged", where) from exc
        return _columns_from_records(rows, max(len(r) for r in rows) or 1), encoding, delimiter
    top = _columns_from_records(head, width)
    columns = [pa.chunked_array([above, *below.chunks], pa.string()) for above, below in zip(top, body, strict=True)]
    measured = _cell_bytes(columns)  # read from the offsets once, for both checks
    _check_cell_lengths(columns, where, measured)
    _check_open_quotes(columns, delimiter, where, measured)
    return columns, encoding, delimiter


def _read_body(path: Path, offset: int, encoding: str, delimiter: str, width: int, where: Location, before: int):
    """The records from byte `offset` on, as `width` (or more) text columns; (columns, width)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    serial, block = False, BLOCK_BYTES
    while True:
        invalid: list = []
        names = [f"c{i}" for i in range(width)]

        def collect(row, invalid=invalid):
            invalid.append((row.number, row.text, row.actual_columns))
            return "skip"

        stream = pa.input_stream(str(path))
        stream.read(offset)
        try:
            table = pcsv.read_csv(
                stream,
                read_options=pcsv.ReadOptions(
                    column_names=names, encoding=_arrow_encoding(encoding), block_size=block, use_threads=not serial
                ),
                parse_options=pcsv.ParseOptions(
                    delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=collect
                ),
                convert_options=pcsv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True,
                    quoted_strings_can_be_null=True, null_values=[""],  # 'NA' or 'NULL' is text, as in DuckDB
                ),
            )  # fmt: skip
        except pa.ArrowInvalid as exc:
            if block < LONG_BLOCK_BYTES and "straddl" in str(exc):  # a record longer than the block
                block = LONG_BLOCK_BYTES
                continue
            raise
        widest = max((count for _, _, count in invalid), default=0)
        if widest > TEXT_COLUMNS_MAX:
            number = next(n for n, _, count in invalid if count == widest)
            params = {"count": Amount(widest), "limit": Amount(TEXT_COLUMNS_MAX)}
            raise KeyClientsError("file.too_many_columns", _at(where, before + (number or 1)), params)
        if widest > width:
            width, serial = widest, True
            continue
        if invalid and any(number is None for number, _, _ in invalid):
            serial = True  # read again in one thread: then each record's number is known
            continue
        columns = [table.column(i) for i in range(width)]  # chunked as read: no copy
        return (_put_back(columns, invalid, delimiter) if invalid else columns), width


def _arrow_encoding(encoding: str) -> str:
    return "utf8" if encoding in ("utf-8", "utf-8-sig") else encoding


def _head_records(path: Path, encoding: str, where: Location) -> tuple[list[list], str, bool, int | None]:
    """The first HEAD_RECORDS records (checked as `read_text_rows` checks), the delimiter, whether
    they are the whole file, and the byte offset where the next record starts (None for UTF-16,
    whose bytes are not one per character's code unit)."""
    with path.open(encoding=encoding, errors="replace", newline="") as file:
        delimiter = sniff_delimiter(file.read(SNIFF_CHARS))
        file.seek(0)
        consumed: list[str] = []
        lines = _lines(file, delimiter, where)
        reader = csv.reader((consumed.append(line) or line for line in lines), delimiter=delimiter)
        with _cell_limit(CELL_CHARS_MAX):
            rows = list(itertools.islice(_records(reader, where), HEAD_RECORDS))
            if len(rows) == HEAD_RECORDS:
                return rows, delimiter, False, _offset(consumed, encoding)
    return rows, delimiter, True, None


def _offset(lines: list[str], encoding: str) -> int | None:
    """Bytes taken by these lines from the file's start (a UTF-8 BOM included). Lines were decoded
    with errors='replace': in a single-byte code page a replaced byte encodes back as one byte."""
    if encoding.startswith("utf-16"):
        return None
    bom = 3 if encoding == "utf-8-sig" else 0
    return bom + sum(
        len(line.encode("utf-8" if encoding.startswith("utf-8") else encoding, errors="replace")) for line in lines
    )


def _columns_from_records(rows: list[list], width: int) -> list:
    import pyarrow as pa

    padded = [row + [None] * (width - len(row)) for row in rows]
    return [pa.array([row[c] for row in padded], type=pa.string()) for c in range(width)]


def _put_back(columns: list, invalid: list, delimiter: str) -> list:
    """Insert the records pyarrow skipped (another width) at their numbers, padded to the width."""
    import numpy as np
    import pyarrow as pa

    width, kept = len(columns), len(columns[0])
    invalid = sorted(invalid, key=lambda item: item[0])
    records = [next(csv.reader([text], delimiter=delimiter), []) for _, text, _ in invalid]
    extra = _columns_from_records([[c if c != "" else None for c in r] for r in records], width)
    total = kept + len(invalid)
    places = np.array([number - 1 for number, _, _ in invalid], dtype=np.int64)
    order = np.empty(total, dtype=np.int64)
    is_extra = np.zeros(total, dtype=bool)
    is_extra[places] = True
    order[~is_extra] = np.arange(kept)
    order[places] = kept + np.arange(len(invalid))
    indices = pa.array(order)
    return [
        pa.chunked_array([*column.chunks, more], pa.string()).take(indices)
        for column, more in zip(columns, extra, strict=True)
    ]


def _cell_bytes(columns: list) -> list[tuple]:
    """Each column's cell lengths in bytes, with the shortest and the longest (None: no cell)."""
    import pyarrow.compute as pc

    measured = []
    for column in columns:
        length = pc.binary_length(column)
        span = pc.min_max(length).as_py()
        measured.append((length, span["min"], span["max"]))
    return measured


def _check_open_quotes(columns: list, delimiter: str, where: Location, measured: list[tuple]) -> None:
    """A quote left open takes the next lines of the file into its cell, up to the next quote: those
    lines' sales were lost without a word. Such a cell is at least as long as a whole record (each
    column's shortest cell and the delimiters), and holds a line break followed by a line with the
    delimiter at least twice. Only cells that long are looked at: in a sound file, none is."""
    import pyarrow.compute as pc

    record = sum(low or 0 for _, low, _ in measured) + len(columns) - 1
    for col, (column, (length, _, longest)) in enumerate(zip(columns, measured, strict=True)):
        if (longest or 0) < max(record, 8):
            continue
        rows = pc.indices_nonzero(pc.fill_null(pc.greater_equal(length, record), False))
        cells = column.take(rows)
        broken = pc.indices_nonzero(pc.fill_null(pc.match_substring(cells, "\n"), False)).to_pylist()
        for at in broken:
            if any(line.count(delimiter) >= 2 for line in cells[at].as_py().split("\n")[1:]):
                raise KeyClientsError(
                    "file.open_quote", Location(file=where.file, row=rows[at].as_py() + 1, column=col + 1)
                )


def _check_cell_lengths(columns: list, where: Location, measured: list[tuple]) -> None:
    """A cell longer than Excel allows is refused, named by its row."""
    import pyarrow.compute as pc

    for column, (_, _, longest) in zip(columns, measured, strict=True):
        if (longest or 0) <= CELL_CHARS_MAX:
            continue  # no cell holds more bytes than the limit has characters: read from the offsets
        lengths = pc.utf8_length(column)
        longest = pc.max(lengths).as_py()
        if longest is not None and longest > CELL_CHARS_MAX:
            row = pc.index(lengths, longest).as_py()
            raise KeyClientsError("file.cell_too_long", _at(where, row + 1), {"limit": Amount(CELL_CHARS_MAX)})
