"""MS-OVBA 2.4.1 compression: the spec's own examples, and round trips through oletools."""

from __future__ import annotations

import os
import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oletools.olevba import decompress_stream

from keyclients_xl.excel.vba.compression import compress, decompress

# MS-OVBA 3.2.1-3.2.3: input text and the compressed bytes the spec publishes for it.
SPEC_EXAMPLES = {
    "3.2.1 no compression": (
        b"abcdefghijklmnopqrstuv.",
        "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E",
    ),
    "3.2.2 normal compression": (
        b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa",
        "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C"
        " 00 20 6D 6E 6F 70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C",
    ),
    "3.2.3 maximum compression": (b"a" * 73, "01 03 B0 02 61 45 00"),
}

CHUNK = 4096
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def chunk_headers(container: bytes) -> list[int]:
    """The header of each chunk, walking the container by the sizes in the headers."""
    headers, pos = [], 1
    while pos < len(container):
        (header,) = struct.unpack_from("<H", container, pos)
        headers.append(header)
        pos += (header & 0x0FFF) + 3
    assert pos == len(container), "chunk sizes must add up to the container"
    return headers


def assert_round_trip(data: bytes) -> None:
    compressed = compress(data)
    assert decompress_stream(compressed) == data  # the independent oracle
    assert decompress(compressed) == data
    assert len(chunk_headers(compressed)) == -(-len(data) // CHUNK)


@pytest.mark.parametrize("name", SPEC_EXAMPLES)
def test_compress_gives_the_spec_bytes(name):
    text, compressed = SPEC_EXAMPLES[name]
    assert compress(text) == bytes.fromhex(compressed)


@pytest.mark.parametrize("name", SPEC_EXAMPLES)
def test_decompress_reads_the_spec_bytes(name):
    text, compressed = SPEC_EXAMPLES[name]
    assert decompress(bytes.fromhex(compressed)) == text
    assert decompress_stream(bytes.fromhex(compressed)) == text


def test_empty_input_is_a_bare_signature():
    assert compress(b"") == b"\x01"
    assert decompress(b"\x01") == b""


@pytest.mark.parametrize("size", [1, 2, 3, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 7])
def test_chunk_boundaries(size):
    pattern = b"Dim client As String\r\n    client = Cells(row, 2).Value\r\n"
    assert_round_trip((pattern * (size // len(pattern) + 1))[:size])


def test_long_runs_use_the_maximum_copy_length():
    data = b"a" * (5 * CHUNK)
    compressed = compress(data)
    assert len(compressed) < 200
    assert_round_trip(data)


def test_incompressible_full_chunks_are_stored_raw():
    data = os.urandom(2 * CHUNK)
    compressed = compress(data)
    assert [h & 0x8000 for h in chunk_headers(compressed)] == [0, 0]  # raw: flag bit clear
    assert_round_trip(data)


def test_incompressible_last_chunk_is_padded_as_the_spec_says():
    # A raw chunk always holds 4096 bytes (MS-OVBA 2.4.1.3.10): the format cannot say
    # that fewer are meant, so the spec pads with 0x00. Text never gets here.
    data = os.urandom(CHUNK + 4000)
    compressed = compress(data)
    assert decompress_stream(compressed) == data + bytes(CHUNK - 4000)
    assert decompress(compressed) == data + bytes(CHUNK - 4000)


def test_decompress_rejects_garbage():
    with pytest.raises(ValueError):
        decompress(b"")
    with pytest.raises(ValueError):
        decompress(b"\x02\x00\xb0")
    with pytest.raises(ValueError):
        decompress(b"\x01\x03\x00")  # chunk signature is not 0b011


# Texts like VBA source: words from a small vocabulary, so that matches of every
# length and offset occur, over several chunks.
words = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x24F), max_size=12)
source_like = st.lists(st.sampled_from(["\r\n", "    ", "If ", "Then", "End Sub"]) | words).map("".join)


@PROPERTY_SETTINGS
@given(st.text(max_size=3 * CHUNK))
def test_round_trip_random_text(text):
    assert_round_trip(text.encode("utf-8"))


@PROPERTY_SETTINGS
@given(st.lists(source_like, min_size=1, max_size=40), st.integers(1, 60))
def test_round_trip_multi_chunk_text(parts, repeat):
    data = ("".join(parts) * repeat).encode("utf-8")
    assert_round_trip(data)


@PROPERTY_SETTINGS
@given(st.binary(min_size=1, max_size=9), st.integers(1, 6 * CHUNK), st.binary(max_size=20))
def test_round_trip_highly_repetitive(unit, count, tail):
    assert_round_trip(unit * count + tail)


@PROPERTY_SETTINGS
@given(st.binary(max_size=3 * CHUNK))
def test_round_trip_random_bytes(data):
    # Random bytes are the one input where the last chunk can be incompressible.
    compressed = compress(data)
    last_is_raw = bool(data) and not chunk_headers(compressed)[-1] & 0x8000
    padding = (-len(data)) % CHUNK if last_is_raw else 0
    assert decompress_stream(compressed) == data + bytes(padding)
    assert decompress(compressed) == data + bytes(padding)
