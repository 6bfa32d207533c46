"""The blank lines of a big CSV, which DuckDB skips without a word.

The small-file path keeps a blank line as a row: it counts it among the group or blank rows of
its note and numbers the rows below it as Excel shows them. DuckDB has no option to keep blank
lines, so the DuckDB path counts them back from the file:
- all of them, for the note: numpy scans the bytes (a 3.4 GB export in 3 s) when every line ends
  in a line feed and holds an even number of quotes, so no cell spans lines and a blank line is
  one; otherwise the csv module reads the file, as DuckDB does, with its quoted cells;
- those above one row, when a message names a row (the csv module, up to that row).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from .limits import LINE_CHARS_MAX
from .text import _cell_limit

_PIECE = 16 << 20
_NEWLINE, _RETURN, _QUOTE = 10, 13, 34


def blank_lines_below(path: Path, skip: int, delimiter: str) -> int:
    """Blank lines (empty, or a lone carriage return) below the file's first `skip` physical lines."""
    try:
        found = _scanned_blank_lines(path, skip) if _may_hold_blank_lines(path, skip) else 0
    except _Unsure:
        found = None
    return found if found is not None else blank_lines_among(path, skip, -1, delimiter)


class _Unsure(Exception):
    """A carriage return that no line feed follows: a line break to the csv module and to DuckDB
    (an old Mac file), which the scans do not follow."""


def _pieces(path: Path):
    """The file's bytes piece by piece, as numpy, each with the places of its line feeds; raises
    _Unsure at a lone carriage return (a piece's last return may have its line feed in the next)."""
    pending = False  # the piece before ended in a carriage return
    with path.open("rb") as file:
        while piece := file.read(_PIECE):
            data = np.frombuffer(piece, dtype=np.uint8)
            if pending and data[0] != _NEWLINE:
                raise _Unsure
            if (data == _RETURN).any() and (data[1:][data[:-1] == _RETURN] != _NEWLINE).any():
                raise _Unsure
            pending = bool(data[-1] == _RETURN)
            yield data, np.flatnonzero(data == _NEWLINE)
    if pending:
        raise _Unsure


def _may_hold_blank_lines(path: Path, skip: int) -> bool:
    """False if no line below line `skip` is shorter than two bytes: then none is blank. Most
    exports hold none, and numpy tells it at about 1 GB a second."""
    ended, last_end, offset = 0, -1, 0  # lines ended so far, the last line feed's offset, the piece's
    for data, feeds in _pieces(path):
        if len(feeds):
            lengths = np.diff(feeds + offset, prepend=last_end) - 1  # of lines ended + 1, ended + 2, …
            if (lengths[max(skip - ended, 0) :] <= 1).any():
                return True
            ended, last_end = ended + len(feeds), int(feeds[-1]) + offset
        offset += len(data)
    return False


def _scanned_blank_lines(path: Path, skip: int) -> int | None:
    """The blank lines below line `skip`, from the bytes; None if a line holds an odd number of
    quotes (a quoted cell that spans lines, or a stray quote: the csv module decides then)."""
    blank = ended = 0  # blank lines counted, physical lines ended so far
    last_end = -1  # the file offset of the last line feed (the first line starts at 0)
    before_last = _NEWLINE  # the last byte read so far (none yet: as if after a line feed)
    open_quotes = 0  # the parity of the quotes in the line being read
    offset = 0
    for data, feeds in _pieces(path):
        quotes = (data == _QUOTE).view(np.uint8)
        if len(feeds):
            # each line's quotes, its line feed included (so no line is an empty segment)
            starts = np.concatenate(([0], feeds[:-1] + 1))
            parity = np.bitwise_xor.reduceat(quotes[: feeds[-1] + 1], starts)
            parity[0] ^= open_quotes
            if parity.any():
                return None
            lengths = np.diff(feeds + offset, prepend=last_end) - 1
            before = np.where(feeds > 0, data[np.maximum(feeds - 1, 0)], before_last)
            is_blank = (lengths == 0) | ((lengths == 1) & (before == _RETURN))
            numbers = np.arange(ended + 1, ended + len(feeds) + 1)
            blank += int(np.count_nonzero(is_blank & (numbers > skip)))
            ended, last_end = ended + len(feeds), int(feeds[-1]) + offset
            open_quotes = int(np.bitwise_xor.reduce(quotes[feeds[-1] + 1 :], initial=0))
        else:
            open_quotes ^= int(np.bitwise_xor.reduce(quotes, initial=0))
        before_last = int(data[-1])
        offset += len(data)
    return blank


def blank_lines_among(path: Path, skip: int, records: int, delimiter: str) -> int:
    """Blank lines below the first `skip` physical lines and above the record DuckDB reads as row
    `records` (all of them for -1; a blank line inside a quoted cell is the cell's, as for DuckDB)."""
    blank = 0
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as file, _cell_limit(LINE_CHARS_MAX):
        reader = csv.reader(file, delimiter=delimiter)
        for record in reader:
            if reader.line_num <= skip:
                continue
            if not record:
                blank += 1
            elif records == 0:
                break
            else:
                records -= 1
    return blank
