"""MS-OVBA 2.4.1 compression: the LZ77 variant used for VBA source and the ``dir`` stream.

Hand-written because no usable library exists: ``oletools`` only decompresses, and the
PyPI ``ms-ovba``/``ms-ovba-compression`` packages corrupt data longer than one 4 KB chunk
(see shared NOTES.md).

Format (MS-OVBA 2.4.1.1): a CompressedContainer is the signature byte 0x01 followed by
CompressedChunks. Each chunk stands for up to 4096 decompressed bytes and starts with a
2-byte header: bits 0-11 = chunk size - 3, bits 12-14 = 0b011, bit 15 = compressed flag.
A compressed chunk is a run of TokenSequences: one flag byte, then 8 tokens, each a
literal byte (flag bit 0) or a 2-byte CopyToken (flag bit 1) whose split between offset
and length bits depends on the position inside the decompressed chunk (2.4.1.3.19.1).

``compress`` follows the spec's algorithm (2.4.1.3.6-2.4.1.3.19.4) exactly, so it
reproduces the spec's examples byte for byte (section 3.2): the longest match wins and,
among equally long matches, the nearest one.

One limitation is inherent to the format: a final chunk of 3641-4095 bytes with too few
repeats does not fit in a compressed chunk, and a raw chunk always holds 4096 bytes. The
spec (2.4.1.3.12) pads such a raw chunk with 0x00, so decompressing it yields the input
followed by NUL bytes. Text such as VBA source never gets there; random binary data can.
"""

from __future__ import annotations

import struct

__all__ = ["compress", "decompress"]

CHUNK_SIZE = 4096
_MAX_COMPRESSED_CHUNK = CHUNK_SIZE + 2  # header + at most 4096 bytes of data
_SIGNATURE = 0x01
_CHUNK_SIGNATURE = 0b011 << 12
_COMPRESSED_FLAG = 0x8000
_MIN_MATCH = 3


def _copy_token_help(position_in_chunk: int) -> tuple[int, int]:
    """MS-OVBA 2.4.1.3.19.1 CopyToken Help: (bit count of the offset, maximum length).

    The further into the chunk, the more bits the offset needs, the fewer stay for length.
    """
    bit_count = max((position_in_chunk - 1).bit_length(), 4)
    max_length = (0xFFFF >> bit_count) + _MIN_MATCH
    return bit_count, max_length


def _common_prefix(data: bytes, a: int, b: int, end: int) -> int:
    """Length of the common prefix of data[a:end] and data[b:end] (a < b).

    Overlapping ranges are fine: the compressor compares the input, which is fixed.
    Doubling then bisection keeps the comparisons in C (bytes slices) instead of a
    byte-by-byte Python loop.
    """
    limit = end - b
    step = 8
    low = 0  # data[a:a+low] == data[b:b+low] is known
    while low < limit:
        high = min(low + step, limit)
        if data[a + low : a + high] != data[b + low : b + high]:
            # The first difference lies in [low, high): bisect it.
            while high - low > 1:
                mid = (low + high) // 2
                if data[a + low : a + mid] == data[b + low : b + mid]:
                    low = mid
                else:
                    high = mid
            return low
        low = high
        step *= 2
    return limit


class _ChunkMatcher:
    """MS-OVBA 2.4.1.3.19.4 Matching, for one decompressed chunk.

    The spec scans every earlier position of the chunk, nearest first, and keeps the
    first longest match. Only positions that share the next 3 bytes can give a match of
    the minimum length, so candidates come from a table of 3-byte prefixes instead.
    """

    def __init__(self, data: bytes, start: int, end: int) -> None:
        self._data = data
        self._start = start
        self._end = end
        self._positions: dict[bytes, list[int]] = {}
        self._indexed = start  # positions below this are in the table

    def _index_up_to(self, current: int) -> None:
        data, positions = self._data, self._positions
        for pos in range(self._indexed, current):
            if pos + _MIN_MATCH <= self._end:
                positions.setdefault(data[pos : pos + _MIN_MATCH], []).append(pos)
        self._indexed = max(self._indexed, current)

    def match(self, current: int) -> tuple[int, int]:
        """Return (offset, length) of the token at ``current``, or (0, 0) for a literal."""
        if current + _MIN_MATCH > self._end:
            return 0, 0
        self._index_up_to(current)
        candidates = self._positions.get(self._data[current : current + _MIN_MATCH], ())
        best_length, best_candidate = 0, -1
        longest_possible = self._end - current
        for candidate in reversed(candidates):  # nearest first, as in the spec
            length = _common_prefix(self._data, candidate, current, self._end)
            if length > best_length:  # strict: ties keep the nearer candidate
                best_length, best_candidate = length, candidate
                if length == longest_possible:
                    break
        if best_length < _MIN_MATCH:
            return 0, 0
        _, max_length = _copy_token_help(current - self._start)
        return current - best_candidate, min(best_length, max_length)


def _compress_chunk(data: bytes, start: int) -> bytes:
    """MS-OVBA 2.4.1.3.7 Compressing a DecompressedChunk; returns header + chunk data."""
    end = min(len(data), start + CHUNK_SIZE)
    matcher = _ChunkMatcher(data, start, end)
    out = bytearray(b"\0\0")  # header, filled in below
    current = start
    while current < end and len(out) < _MAX_COMPRESSED_CHUNK:
        # 2.4.1.3.8 Compressing a TokenSequence
        flag_index = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if current >= end or len(out) >= _MAX_COMPRESSED_CHUNK:
                break
            # 2.4.1.3.9 Compressing a Token
            offset, length = matcher.match(current)
            if offset:
                if len(out) + 1 >= _MAX_COMPRESSED_CHUNK:
                    out.extend(b"\0\0")  # overflow: the chunk will be stored raw
                    break
                bit_count, _ = _copy_token_help(current - start)
                token = ((offset - 1) << (16 - bit_count)) | (length - _MIN_MATCH)
                out += struct.pack("<H", token)
                flags |= 1 << bit
                current += length
            else:
                out.append(data[current])
                current += 1
        out[flag_index] = flags

    if current < end:
        # 2.4.1.3.10 Compressing a RawChunk: the bytes as they are, padded to 4096.
        raw = data[start:end].ljust(CHUNK_SIZE, b"\0")
        return struct.pack("<H", (CHUNK_SIZE - 1) | _CHUNK_SIGNATURE) + raw
    header = (len(out) - 3) | _CHUNK_SIGNATURE | _COMPRESSED_FLAG
    out[0:2] = struct.pack("<H", header)
    return bytes(out)


def compress(data: bytes) -> bytes:
    """Compress ``data`` into an MS-OVBA CompressedContainer (2.4.1.3.6).

    Empty input gives the bare signature byte ``b"\\x01"``.
    """
    data = bytes(data)
    chunks = [_compress_chunk(data, start) for start in range(0, len(data), CHUNK_SIZE)]
    return bytes([_SIGNATURE]) + b"".join(chunks)


def decompress(data: bytes) -> bytes:
    """Decompress an MS-OVBA CompressedContainer (2.4.1.3.1).

    Raises ``ValueError`` on a malformed container.
    """
    if not data or data[0] != _SIGNATURE:
        raise ValueError("not an MS-OVBA compressed container: bad signature byte")
    out = bytearray()
    pos = 1
    while pos < len(data):
        if pos + 2 > len(data):
            raise ValueError(f"truncated chunk header at byte {pos}")
        (header,) = struct.unpack_from("<H", data, pos)
        if header & 0x7000 != _CHUNK_SIGNATURE:
            raise ValueError(f"bad chunk signature at byte {pos}")
        chunk_end = min(pos + (header & 0x0FFF) + 3, len(data))
        pos += 2
        if not header & _COMPRESSED_FLAG:
            # 2.4.1.3.3 Decompressing a RawChunk
            out += data[pos : pos + CHUNK_SIZE]
            pos += CHUNK_SIZE
            continue
        chunk_start = len(out)
        while pos < chunk_end:
            # 2.4.1.3.4 Decompressing a TokenSequence
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= chunk_end:
                    break
                if not flags >> bit & 1:
                    out.append(data[pos])
                    pos += 1
                    continue
                if pos + 2 > chunk_end:
                    raise ValueError(f"truncated copy token at byte {pos}")
                (token,) = struct.unpack_from("<H", data, pos)
                pos += 2
                bit_count, _ = _copy_token_help(len(out) - chunk_start)
                offset = (token >> (16 - bit_count)) + 1
                length = (token & (0xFFFF >> bit_count)) + _MIN_MATCH
                source = len(out) - offset
                if source < chunk_start:
                    raise ValueError(f"copy token points before its chunk at byte {pos - 2}")
                if offset >= length:
                    out += out[source : source + length]
                else:  # overlapping copy: repeats the last `offset` bytes
                    pattern = out[source:]
                    out += (pattern * (length // offset + 1))[:length]
    return bytes(out)
