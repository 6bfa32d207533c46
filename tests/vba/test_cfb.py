"""MS-CFB writer: olefile reads every stream back, and the directory tree is valid."""

from __future__ import annotations

import io
import random
import struct

import olefile
import pytest

from keyclients_xl.excel.vba.cfb import NOSTREAM, write_compound_file

RED, BLACK = 0, 1


def open_ole(data: bytes) -> olefile.OleFileIO:
    # Strict: any defect olefile knows of raises instead of being logged.
    return olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)


def assert_reads_back(streams: dict[str, bytes]) -> olefile.OleFileIO:
    ole = open_ole(write_compound_file(streams))
    stored = {"/".join(path) for path in ole.listdir(streams=True, storages=False)}
    assert stored == set(streams)
    for path, data in streams.items():
        assert ole.get_size(path) == len(data), path
        assert ole.openstream(path).read() == data, path
    return ole


def random_bytes(rng: random.Random, size: int) -> bytes:
    return rng.randbytes(size)


def test_small_and_empty_streams():
    assert_reads_back({"a": b"x", "empty": b"", "PROJECT": b"ID=1\r\n" * 20})


def test_sizes_around_the_mini_stream_cutoff():
    rng = random.Random(1)
    sizes = [63, 64, 65, 511, 512, 513, 4095, 4096, 4097, 20000]
    streams = {f"s{size}": random_bytes(rng, size) for size in sizes}
    assert_reads_back(streams)


def test_many_small_streams():
    rng = random.Random(2)
    streams = {f"VBA/Module{i}": random_bytes(rng, rng.randrange(0, 3000)) for i in range(300)}
    assert_reads_back(streams)


def test_nested_storages():
    streams = {
        "PROJECT": b"project",
        "PROJECTwm": b"wm",
        "VBA/dir": b"d" * 5000,
        "VBA/_VBA_PROJECT": b"\xcc\x61\xff\xff\x00\x00\x00",
        "A/B/C/deep": b"deep",
        "A/B/other": b"o" * 10000,
        "A/x": b"",
    }
    ole = assert_reads_back(streams)
    assert ole.get_type("VBA") == olefile.STGTY_STORAGE
    assert ole.get_type("A/B/C") == olefile.STGTY_STORAGE


def test_more_than_109_fat_sectors_needs_difat():
    # 109 FAT sectors map 109 * 128 sectors of 512 bytes, about 7 MB.
    big = bytes(range(256)) * (8 * 1024 * 1024 // 256)
    data = write_compound_file({"big": big, "small": b"s"})
    (difat_sectors,) = struct.unpack_from("<I", data, 0x48)
    assert difat_sectors >= 1
    assert_reads_back({"big": big, "small": b"s"})


def test_header_is_version_3():
    data = write_compound_file({"a": b"1"})
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    minor, major, byte_order, sector_shift, mini_shift = struct.unpack_from("<5H", data, 0x18)
    assert (major, byte_order, sector_shift, mini_shift) == (3, 0xFFFE, 9, 6)
    assert len(data) % 512 == 0


def test_output_is_deterministic():
    streams = {"VBA/dir": b"x" * 100, "PROJECT": b"y"}
    assert write_compound_file(streams) == write_compound_file(dict(reversed(streams.items())))


@pytest.mark.parametrize(
    "streams",
    [
        {"a" * 32: b""},  # longer than 31 characters
        {"a:b": b""},
        {"a!": b""},
        {"VBA/": b""},
        {"A": b"", "a": b""},  # names are case-insensitive
        {"A": b"", "A/b": b""},  # a stream cannot also be a storage
    ],
)
def test_bad_names_are_rejected(streams):
    with pytest.raises(ValueError):
        write_compound_file(streams)


# --- The directory as a red-black tree (MS-CFB 2.6.4) ---------------------------------


def sector(data: bytes, number: int) -> bytes:
    return data[512 + number * 512 : 512 + (number + 1) * 512]


def directory_entries(data: bytes) -> list[dict]:
    """Decode the raw directory entries (name, type, colour, links) of a small file."""
    (fat_count, first_dir) = struct.unpack_from("<II", data, 0x2C)
    fat_ids = struct.unpack_from(f"<{fat_count}I", data, 0x4C)  # header DIFAT suffices
    fat = [n for fat_id in fat_ids for n in struct.unpack("<128I", sector(data, fat_id))]
    raw, current = b"", first_dir
    while current != 0xFFFFFFFE:  # ENDOFCHAIN
        raw += sector(data, current)
        current = fat[current]
    entries = []
    for offset in range(0, len(raw), 128):
        name_length, kind, color, left, right, child = struct.unpack_from("<HBBIII", raw, offset + 64)
        name = raw[offset : offset + max(name_length - 2, 0)].decode("utf-16-le")
        entries.append(
            {
                "name": name,
                "kind": kind,
                "color": color,
                "left": left,
                "right": right,
                "child": child,
            }
        )
    return entries


def cfb_key(name: str) -> tuple[int, str]:
    return len(name), name.upper()


def check_subtree(entries: list[dict], sid: int, low, high, parent_red: bool) -> int:
    """Check order and colours below ``sid``; return the black height."""
    if sid == NOSTREAM:
        return 1
    node = entries[sid]
    key = cfb_key(node["name"])
    assert (low is None or low < key) and (high is None or key < high), node["name"]
    is_red = node["color"] == RED
    assert not (is_red and parent_red), f"two red nodes in a row at {node['name']}"
    left = check_subtree(entries, node["left"], low, key, is_red)
    right = check_subtree(entries, node["right"], key, high, is_red)
    assert left == right, f"unequal black heights under {node['name']}"
    return left + (0 if is_red else 1)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 7, 8, 20, 63, 100])
def test_sibling_trees_are_valid_red_black_trees(count):
    rng = random.Random(count)
    names = {f"{rng.choice(['m', 'Mod', 'MODULE_'])}{i}" for i in range(count)}
    streams = {f"VBA/{name}": b"." for name in names} | {"PROJECT": b"p"}
    data = write_compound_file(streams)
    open_ole(data)
    entries = directory_entries(data)
    for entry in entries:
        if entry["kind"] in (1, 5):  # storage or root
            top = entry["child"]
            if top != NOSTREAM:
                assert entries[top]["color"] == BLACK
            check_subtree(entries, top, None, None, parent_red=False)
    vba = next(e for e in entries if e["name"] == "VBA")

    def walk(sid):
        if sid == NOSTREAM:
            return []
        return walk(entries[sid]["left"]) + [entries[sid]["name"]] + walk(entries[sid]["right"])

    assert walk(vba["child"]) == sorted(names, key=cfb_key)
