"""The text a workbook's cells take through its shared strings, counted before calamine reads it.

An .xlsx keeps each distinct text once, in sharedStrings.xml, and a cell refers to it by number
(`<c t="s"><v>7</v></c>`). calamine copies the text into every cell that refers to it, and so
does the reader after it: 20,000 cells that refer to one 2 MB text (a 1 MB file) took 15 GB
before the process aborted. So each shared text's length is taken first (lxml's parser, in
UTF-8 bytes, an upper bound), and each worksheet's references are added up as the size guard
passes over it (read/limits.py): only when the workbook's size and the longest text could
exceed CELL_TEXT_MAX, and then by Arrow's literal splits (RE2 for odd spellings), in C, piece
by piece. A reference the search cannot read counts as the longest text.

Hand-written because no library counts a workbook's text without reading it into cells.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

import numpy as np

MIB = 1 << 20
CELL_TEXT_MAX = 1024 * MIB  # the text all cells of a workbook copy from its shared strings
SHARED_CELL_BYTES_MIN = 16  # the fewest bytes a cell referring to a shared string is written in

# A cell's type given as a shared string, in any spelling; what follows it up to its value.
_SHARED_TYPE = r"""\bt\s*=\s*["']s["']"""
_VALUE_AFTER = r"^[^<>]*>\s*<(?:[\w.-]+:)?v>\s*(?P<index>\d{1,9})\s*<"


def shared_string_lengths(pieces: Iterable[bytes]) -> np.ndarray:
    """The UTF-8 length of each shared string, in their order (each <si> calamine reads; text
    of every kind inside it counts). Raises lxml's XMLSyntaxError for XML it refuses, a text
    of over 10 MB among it (Excel's own cells hold 32,767 characters)."""
    from lxml import etree

    target = _Lengths()
    parser = etree.XMLParser(target=target, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    for piece in pieces:
        parser.feed(piece)
    return parser.close()


class _Lengths:
    """lxml's parser target: the text inside each outermost <si>, by its local name."""

    def __init__(self) -> None:
        self.lengths: list[int] = []
        self.depth = 0

    def start(self, tag: str, attrib) -> None:
        if tag.rpartition("}")[2] == "si":
            if not self.depth:
                self.lengths.append(0)
            self.depth += 1

    def end(self, tag: str) -> None:
        if self.depth and tag.rpartition("}")[2] == "si":
            self.depth -= 1

    def data(self, text: str) -> None:
        if self.depth:
            self.lengths[-1] += len(text.encode("utf-8"))

    def close(self) -> np.ndarray:
        return np.array(self.lengths, dtype=np.int64)


_SI_START_RE2 = r"<(?:[\w.-]+:)?si[\s/>]"
_SIMPLE_TAG_RE2 = r"<[/?]?[A-Za-z_][\w.:-]*(?:\s[^<>]*)?/?>"  # an empty tag (<b/>) too


def longest_bound(pieces: Iterable[tuple[bytes, int]]) -> int | None:
    """An upper bound of the longest shared string, in bytes, without parsing: the most bytes from
    one <si> to the next. None when the part is not plain enough for that to hold (a comment,
    CDATA, or a '<' that opens no simple tag: a '<si' there could split a string in two); then
    the strings are measured by `shared_string_lengths`. `pieces`: the guard's (data, end)."""
    import pyarrow.compute as pc

    longest = run = 0  # the bytes since the last <si>, carried across pieces
    started = False
    for data, end in pieces:
        piece = binary_piece(data, end)
        if pc.count_substring(piece, "<")[0].as_py() != pc.count_substring_regex(piece, _SIMPLE_TAG_RE2)[0].as_py():
            return None
        lengths = _int64s(pc.binary_length(pc.list_flatten(pc.split_pattern_regex(piece, _SI_START_RE2))))
        if len(lengths) == 1:  # no <si> starts in this piece
            run += int(lengths[0])
            continue
        if started:
            longest = max(longest, run + int(lengths[0]))
        longest = max(longest, int(lengths[1:-1].max(initial=0)) + 4)
        run, started = int(lengths[-1]) + 4, True
    return max(longest, run)


def _int64s(array) -> np.ndarray:
    """An Arrow int64 array without nulls as numpy, by its buffer: Array.to_numpy imports pandas,
    which must not be loaded before calamine parses (docs/performance.md)."""
    return np.frombuffer(array.buffers()[1], dtype=np.int64)[array.offset : array.offset + len(array)]


def binary_piece(data: bytes, end: int):
    """data[:end] as a one-value Arrow binary array, without a copy, for RE2. The offsets are
    packed as bytes: pa.array() of a Python list would import pandas (pyarrow looks for pandas
    objects), before calamine's parse, the build's peak of memory."""
    import pyarrow as pa

    offsets = pa.py_buffer(struct.pack("<qq", 0, end))
    return pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])


def could_exceed(sheet_bytes: int, lengths: np.ndarray) -> bool:
    """Whether a sheet this large could refer to more than CELL_TEXT_MAX of shared text."""
    return bool(len(lengths)) and sheet_bytes // SHARED_CELL_BYTES_MIN * int(lengths.max()) > CELL_TEXT_MAX


def shared_text(data: bytes, end: int, lengths: np.ndarray) -> int:
    """The bytes of shared text that the cells in data[:end] refer to (whole cells: the guard's
    pieces never split a tag, and a value stands right after its cell's tag).

    The usual spelling, `t="s"><v>7</v>`, is read with literal splits and slices (0.1 s for the
    26 MB sheet of a 50,000-line export); any other spelling by RE2."""
    import pyarrow as pa
    import pyarrow.compute as pc

    piece = binary_piece(data, end)
    if pc.match_substring_regex(piece, _ODD_SPELLING)[0].as_py():
        after = pc.list_flatten(pc.split_pattern_regex(piece, _SHARED_TYPE))[1:]
    else:
        after = pc.list_flatten(pc.split_pattern(piece, 't="s"'))[1:]
    if not len(after):
        return 0
    # The usual value, '><v>7</v>', from the first bytes of each piece after a shared type.
    plain = pc.starts_with(after, "><v>")
    found = [pc.extract_regex(pc.binary_slice(after.filter(plain), 4, 16), r"^\s*(?P<index>\d{1,9})\s*<")]
    others = after.filter(pc.invert(plain))
    if len(others):  # any other way of writing it: the general search
        found.append(pc.extract_regex(others, _VALUE_AFTER))
    digits = pa.concat_arrays([f.field("index").filter(f.is_valid()) for f in found])  # null: cannot be read
    read = _int64s(pc.cast(digits.cast(pa.string()), pa.int64()))
    unread = len(after) - len(read)
    inside = read < len(lengths)
    return int(lengths[read[inside]].sum()) + (unread + int((~inside).sum())) * int(lengths.max())


# A cell's type written other than t="s" (quotes, spaces): the piece is split by RE2.
_ODD_SPELLING = r"""\bt(?:\s+=|=\s|=')"""
