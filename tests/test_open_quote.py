"""A quote left open in a CSV takes the next lines into one cell, up to the next quote.

Before, those lines' sales were lost without a word (a note counted the cell as one service row),
or, near the file's start, the build blamed the dates. Now the cell is named. By hand: 40 lines of
100 each; line 32 opens a quote that line 38 closes, so six lines went into one cell.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from keyclients_xl.errors import KeyClientsError
from keyclients_xl.read import read_exports


def export(path: Path, open_at: int | None) -> Path:
    lines = ["Дата;Контрагент;Сумма"]
    for i in range(1, 41):
        client = f"ООО Клиент {i % 5}"
        if i == open_at:
            client = '"' + client
        if open_at is not None and i == open_at + 6:
            client += '"'
        lines.append(f"{(i % 28) + 1:02d}.{8 + i % 3:02d}.2026;{client};100")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("big", [False, True])
def test_a_quote_left_open_is_named_by_its_row_and_column(tmp_path, big, monkeypatch):
    if big:  # past the first records, which Python's csv reads: pyarrow reads the rest
        monkeypatch.setattr("keyclients_xl.read.text.HEAD_RECORDS", 5)
    with pytest.raises(KeyClientsError) as caught:
        read_exports([export(tmp_path / "Продажи.csv", open_at=32)])
    where = caught.value.where
    assert (caught.value.key, where.row, where.column) == ("file.open_quote", 33, 2)  # record 33: line 32 + header


def test_a_sound_file_reads_all_its_lines(tmp_path):
    frame = read_exports([export(tmp_path / "Продажи.csv", open_at=None)]).frame
    assert len(frame) == 40 and frame["amount"].sum() == 4000.0
