"""read/blank_lines.py: the blank lines of a big CSV that DuckDB skips, counted from the bytes.

The csv module (as the small-file path reads a CSV) is the independent route: the numpy scan
must give its count on any file, in pieces of any size.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyclients_xl.read import blank_lines
from keyclients_xl.read.blank_lines import _may_hold_blank_lines, _scanned_blank_lines, blank_lines_among

LINES = st.sampled_from(
    ["", "\r", "a;1", ";;", "  ", '"ООО ""Ромашка""";1', 'Монитор 24";2', '"a\n\nb";3', '"x\r\n";4', "Итого;;5"]
)


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(LINES, max_size=14),
    newline=st.sampled_from(["\n", "\r\n"]),
    end=st.sampled_from(["", "\n", "z;9"]),
    skip=st.integers(0, 4),
    piece=st.sampled_from([1, 2, 3, 7, 1 << 20]),
)
def test_the_count_is_the_csv_modules(tmp_path_factory, lines, newline, end, skip, piece):
    path = tmp_path_factory.mktemp("csv") / "export.csv"
    path.write_bytes((newline.join(lines) + (newline if lines else "") + end).encode())
    old, blank_lines._PIECE = blank_lines._PIECE, piece
    try:
        assert blank_lines.blank_lines_below(path, skip, ";") == blank_lines_among(path, skip, -1, ";")
    finally:
        blank_lines._PIECE = old


def export(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode())
    return path


def test_quoted_cells_on_one_line_are_counted_by_the_scan(tmp_path):
    """1C quotes every cell: the scan counts (the csv module is not needed)."""
    text = 'Заголовок\n\n"Дата";"Контрагент"\n"01.08.2026";"ООО ""Ромашка"""\n\n\r\n"02.08.2026";"Б"\n'
    path = export(tmp_path, text)
    assert _scanned_blank_lines(path, 3) == 2  # the title block's blank line (line 2) is above
    assert _scanned_blank_lines(path, 0) == 3


def test_a_cell_that_spans_lines_leaves_the_count_to_the_csv_module(tmp_path):
    path = export(tmp_path, 'Дата;Контрагент\n01.08.2026;"Альфа\n\nплюс"\n\n')
    assert _scanned_blank_lines(path, 1) is None
    assert blank_lines.blank_lines_below(path, 1, ";") == 1  # the blank line in the cell is the cell's


@pytest.mark.parametrize(
    ("text", "skip", "may"),
    [
        ("h\nab\ncd\n", 1, False),  # no line under two bytes
        ("h\n\nab\n", 0, True),
        ("h\n\nab\n", 1, True),
        ("h\n\nab\n", 2, False),  # the blank line is line 2, above the body
        ("h\nab\n\r\n", 1, True),
        ("h\nab\n\n", 1, True),  # a blank line at the end
        ("h\nab", 1, False),
    ],
)
def test_the_quick_look_finds_every_line_that_may_be_blank(tmp_path, text, skip, may):
    assert _may_hold_blank_lines(export(tmp_path, text), skip) is may
