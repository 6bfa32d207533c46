"""Files read straight into columns (issue 12): each reader against an independent one.

- a CSV whose records have different widths (a 1C title block, a short totals line, a quoted
  line break) comes out of pyarrow exactly as Python's csv module reads it, record by record;
- outline levels and merged ranges taken from the size guard's pass equal openpyxl's;
- a Parquet export gives the same lines as the same data in CSV;
- a workbook read by fastexcel (cells as text) gives the same lines as its cells given as rows.
"""

from __future__ import annotations

import datetime as dt
import zipfile

import hypothesis
import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import strategies as st

from keyclients_xl.errors import Location
from keyclients_xl.read import SheetRows, read_export, read_rows
from keyclients_xl.read.columns import dates, numbers, texts
from keyclients_xl.read.limits import check_package
from keyclients_xl.read.text import read_text_rows, read_text_table
from keyclients_xl.read.values import BadValue

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")


def test_records_of_every_width_keep_their_place(tmp_path, monkeypatch):
    import keyclients_xl.read.text as text

    monkeypatch.setattr(text, "HEAD_RECORDS", 3)  # the odd records fall to pyarrow, not the exact head read
    lines = ["Отчёт о продажах", "Период: 01.08.2026 - 31.10.2026", "", "Дата;Контрагент;Сумма"]
    lines += [f"0{d}.08.2026;ООО Альфа;{d}00,5" for d in range(1, 8)]
    lines += ['08.08.2026;"ООО ""Бета""\nфилиал";5', "Итого;;3 500", "", "09.08.2026;ООО Гамма;7;лишнее"]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    columns, encoding, delimiter = read_text_table(path, Location(file=path.name))
    rows, *_ = read_text_rows(path, Location(file=path.name))
    width = max(len(r) for r in rows)
    assert (encoding, delimiter, len(columns)) == ("utf-8", ";", width)
    expected = [row + [None] * (width - len(row)) for row in rows]
    assert [list(r) for r in zip(*(c.to_pylist() for c in columns), strict=True)] == expected
    assert expected[11] == ["08.08.2026", 'ООО "Бета"\nфилиал', "5", None]


def test_a_record_longer_than_pyarrows_block_is_read_whole(tmp_path, monkeypatch):
    """pyarrow refuses a record that spans more than two of its blocks: the file is read again in
    blocks as long as a line may be, not cell by cell, and gives the same columns."""
    import keyclients_xl.read.text as text

    monkeypatch.setattr(text, "HEAD_RECORDS", 3)
    monkeypatch.setattr(text, "BLOCK_BYTES", 1024)
    lines = ["Дата;Контрагент;Сумма"] + [f"0{d}.08.2026;ООО Альфа;{d}00,5" for d in range(1, 8)]
    lines.insert(5, '04.08.2026;"ООО Бета\n' + "филиал " * 1000 + '";7')  # 14 KB: more than two blocks
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows, *_ = read_text_rows(path, Location(file=path.name))
    monkeypatch.setattr(text, "read_text_rows", None)  # not the fallback that reads cell by cell
    columns, _, _ = read_text_table(path, Location(file=path.name))
    assert [list(r) for r in zip(*(c.to_pylist() for c in columns), strict=True)] == rows
    assert rows[5][1].startswith("ООО Бета\nфилиал")


def test_outline_levels_and_merged_ranges_from_the_guards_pass_equal_openpyxls(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "TDSheet"
    for r in range(1, 40):
        sheet.append([f"строка {r}", r])
        sheet.row_dimensions[r].outline_level = r % 3
    sheet.merge_cells("A1:B2")
    sheet.merge_cells("C5:C9")
    path = tmp_path / "grouped.xlsx"
    book.save(path)
    facts = check_package(path, Location(file=path.name))["TDSheet"]
    again = openpyxl.load_workbook(path)["TDSheet"]
    levels = {
        r - 1: again.row_dimensions[r].outline_level for r in range(1, 40) if again.row_dimensions[r].outline_level
    }
    assert facts.levels == levels
    merged = {(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in again.merged_cells.ranges}
    assert set(facts.merged) == merged


def test_parquet_export_gives_the_lines_of_the_same_data_in_csv(tmp_path):
    frame = pd.DataFrame(
        {
            "Дата": pd.to_datetime(["2026-08-01", "2026-08-15", "2026-09-03", "2026-10-01"]),
            "Контрагент": ["ООО Альфа", "ООО Альфа", "ИП Бета", None],
            "Сумма": [1000.5, -200.0, 300.0, 50.0],
            "ИНН": [7701000001, 7701000001, 7702000002, 7703000003],
        }
    )
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp_path / "s.parquet")
    frame.assign(Дата=frame["Дата"].dt.strftime("%d.%m.%Y")).to_csv(tmp_path / "s.csv", sep=";", index=False)
    from_parquet, from_csv = (read_export(tmp_path / name) for name in ("s.parquet", "s.csv"))
    columns = ["client", "client_code", "date", "amount", "month"]
    pd.testing.assert_frame_equal(
        from_parquet.frame[columns].reset_index(drop=True), from_csv.frame[columns].reset_index(drop=True)
    )
    assert from_parquet.frame["client_code"].tolist() == ["7701000001", "7701000001", "7702000002", "7703000003"]


def _fill_cell_by_cell(columns, merged):
    """The fill as it was written first: each covered empty cell takes its range's value, the
    first range listed winning."""
    rows = [column.to_pylist() for column in columns]
    fills = {}
    for top, left, bottom, right in merged:
        if top >= len(rows[0]) or left >= len(rows) or rows[left][top] is None:
            continue
        for col in range(left, min(right, len(rows) - 1) + 1):
            for row in range(top, min(bottom, len(rows[0]) - 1) + 1):
                fills.setdefault((col, row), rows[left][top])
    for (col, row), value in fills.items():
        if rows[col][row] is None:
            rows[col][row] = value
    return rows


MERGES = {
    "a header over two columns": [(0, 0, 0, 1)],
    "a group label down three rows": [(1, 2, 3, 2)],
    "two ranges, the first listed wins where they meet": [(1, 0, 3, 1), (2, 1, 4, 2)],
    "past the sheet's edge": [(3, 1, 99, 99)],
    "an empty top-left cell fills nothing": [(4, 0, 5, 1)],
    "a range written backwards covers nothing": [(2, 2, 0, 0), (0, 0, 0, 1)],
}


@pytest.mark.parametrize("merged", MERGES.values(), ids=MERGES.keys())
def test_merged_ranges_fill_as_cell_by_cell(merged):
    from keyclients_xl.read.files import _fill_merged

    grid = [
        ["Шапка", None, "a", None, None, None],
        [None, "x", None, None, "y", None],
        [None, None, "z", None, None, "q"],
    ]
    columns = [pa.array(column, pa.string()) for column in grid]
    expected = _fill_cell_by_cell(columns, merged)
    assert [c.to_pylist() for c in _fill_merged(list(columns), merged, Location(file="x"))] == expected


def test_merged_ranges_covering_more_than_the_sheet_are_refused_as_damaged():
    from keyclients_xl.errors import KeyClientsError
    from keyclients_xl.read.files import _fill_merged

    columns = [pa.array(["a", None, None]), pa.array(["b", None, None])]
    with pytest.raises(KeyClientsError) as caught:
        _fill_merged(columns, [(0, 0, 2, 1)] * 2, Location(file="x", sheet="TDSheet"))
    assert (caught.value.key, caught.value.where.sheet) == ("file.damaged", "TDSheet")


def test_a_parquet_column_of_lists_is_left_out_with_a_note(tmp_path):
    from hostile_corpus import parquet_with_lists

    path = tmp_path / "with_lists.parquet"
    path.write_bytes(parquet_with_lists())
    shipments = read_export(path)
    assert "Теги" not in shipments.frame.columns
    assert shipments.frame.groupby("client")["amount"].sum().to_dict() == {
        "ООО Альфа": 2100.5,
        "ООО Бета": 1000.0,
        "ИП Гамма": 50.0,
    }
    notes = [note.text("en") for note in shipments.notes if note.key == "note.parquet_nested"]
    assert notes == ["'with_lists.parquet': columns of lists or records were not read: Теги."]


def test_a_parquet_text_column_is_counted_from_its_codes_before_it_is_written_out(tmp_path):
    """200,000 codes of one 512-character name: 1 MB each in UTF-8, counted, not allocated."""
    from hostile_corpus import parquet_text_bomb

    from keyclients_xl.errors import KeyClientsError
    from keyclients_xl.read.files import load_parquet

    path = tmp_path / "bomb.parquet"
    path.write_bytes(parquet_text_bomb())
    with pytest.raises(KeyClientsError) as caught:
        load_parquet(path, Location(file=path.name))
    name_bytes = len(("А" * (1 << 19)).encode())
    expected = 200_000 * (name_bytes + 8) + 200_000 * (10 + 8) + 200_000 * 8  # names, dates, amounts
    assert caught.value.key == "file.parquet_too_big" and caught.value.params["size"].size == expected


@pytest.mark.parametrize("encoding", ["DELTA_BYTE_ARRAY", "DELTA_LENGTH_BYTE_ARRAY"])
def test_a_parquet_file_with_delta_coded_text_reads_as_one_with_plain_text(encoding, tmp_path):
    """Parquet 2.0 writers may code text pages as deltas, which pyarrow cannot give as dictionary
    codes: such a file was refused as damaged. Both readers now give the lines of plain pages."""
    from reading_paths import read_both_ways
    from test_big_files import demo_parquet

    (tmp_path / "plain").mkdir()
    (tmp_path / "delta").mkdir()
    plain, delta = tmp_path / "plain" / "Продажи.parquet", tmp_path / "delta" / "Продажи.parquet"
    table = pq.read_table(demo_parquet(plain))
    text = [field.name for field in table.schema if pa.types.is_large_string(field.type)]
    pq.write_table(table, delta, use_dictionary=False, column_encoding=dict.fromkeys(text, encoding))
    coded = pq.ParquetFile(delta).metadata.row_group(0)
    assert all(encoding in coded.column(table.schema.get_field_index(name)).encodings for name in text)
    expected = read_both_ways(plain)
    assert expected[0][0] == "lines" and len(expected[0][1]) > 1000
    got = read_both_ways(delta)
    for (kind, lines, notes), (_, expected_lines, expected_notes) in zip(got, expected, strict=True):
        assert kind == "lines" and notes == expected_notes
        pd.testing.assert_frame_equal(lines, expected_lines)


def test_parquet_text_views_are_counted_from_their_codes_as_other_text(tmp_path):
    """Polars writes string and binary views: the size guard counted such columns as nothing.
    Five rows: the dates 5 × (1 + 8), the names 4 letters and a null + 5 × 8, the bytes 5 × (1 + 8)."""
    from keyclients_xl.read.parquet_size import written_out

    path = tmp_path / "views.parquet"
    names = pa.array(["x", "y", "x", None, "x"], pa.string_view())
    pq.write_table(
        pa.table({"Дата": ["a"] * 5, "Контрагент": names, "B": pa.array([b"q"] * 5, pa.binary_view())}), path
    )
    assert written_out(path) == 45 + 44 + 45


def test_delta_coded_parquet_text_is_counted_before_it_is_written_out(tmp_path):
    """A few hundred kilobytes of delta-coded names stand for 2.9 GB: DuckDB adds up their lengths."""
    from hostile_corpus import parquet_delta_text_bomb

    from keyclients_xl.errors import KeyClientsError
    from keyclients_xl.read.files import load_parquet

    path = tmp_path / "bomb.parquet"
    path.write_bytes(parquet_delta_text_bomb())
    assert path.stat().st_size < 400_000
    with pytest.raises(KeyClientsError) as caught:
        load_parquet(path, Location(file=path.name))
    name_bytes = len(("А" * (10_000 // 2 - 3)).encode()) + 6  # Cyrillic: two bytes a letter, six digits
    rows = 300 * 1_000
    expected = rows * (name_bytes + 8) + rows * 8  # names, amounts: past the limit before the dates are read
    assert caught.value.key == "file.parquet_too_big" and caught.value.params["size"].size == expected


def test_delta_coded_values_too_long_to_measure_get_the_memory_message(tmp_path, monkeypatch):
    from hostile_corpus import parquet_delta_text_bomb

    from keyclients_xl.errors import KeyClientsError
    from keyclients_xl.read import parquet_size
    from keyclients_xl.read.files import load_parquet

    path = tmp_path / "long.parquet"
    path.write_bytes(parquet_delta_text_bomb(value_bytes=200_000, rows=200, groups=2))
    monkeypatch.setattr(parquet_size, "MEASURE_MEMORY_LIMIT", "16MB")  # 200 values of 200 KB do not fit
    with pytest.raises(KeyClientsError) as caught:
        load_parquet(path, Location(file=path.name))
    assert caught.value.key == "file.duckdb_memory"
    assert caught.value.message("en").endswith(
        "needs more memory than 15 MB: it has too many columns, or too long lines. Export only the columns needed."
    )


def test_a_workbook_read_as_text_columns_gives_the_lines_of_its_cells_as_rows(tmp_path):
    rows = [
        [None, "Анализ продаж"],
        [None, "Период: 01.08.2026 - 31.10.2026"],
        [],
        [None, "Дата", "Контрагент", "Сумма", "Количество", "Код"],
        [None, dt.datetime(2026, 8, 1), "ООО Альфа", 1000.5, 2, 17850.0],
        [None, 46300, "ИП Бета", "1 234,56", 1, 17851.0],  # an Excel serial date, a text number
        [None, "03.09.2026 0:00:00", "  ООО  Альфа ", 0.1 + 0.2, 3, None],
        [None, "Итого", None, 2235.36, 6, None],
    ]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "Продажи.xlsx"
    book.save(path)
    from_file, from_rows = read_export(path), read_rows(SheetRows(path.name, "Sheet", rows))
    pd.testing.assert_frame_equal(from_file.frame, from_rows.frame)
    assert from_file.frame["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-08-01",
        "2026-10-05",
        "2026-09-03",
    ]  # 46300 = 45870 (01.08.2025) + 430 days
    # A number cell is read as text with at most 9 decimals (fastexcel's form): 0.30000000000000004 → 0.3.
    assert from_file.frame["amount"].tolist() == [1000.5, 1234.56, 0.3]


def test_bad_cells_are_named_by_their_first_place_though_cleaned_once():
    column = pa.array(["1", "два", "3", "два", "четыре"])
    with pytest.raises(BadValue) as caught:
        numbers(column)
    assert (caught.value.index, caught.value.value) == (1, "два")
    values, order = dates(pa.array(["01.08.2026", "45870", None, "1.8.2026"]), serial_text=True)
    assert [str(v)[:10] for v in values] == ["2026-08-01", "2025-08-01", "NaT", "2026-08-01"] and order is None
    with pytest.raises(BadValue) as caught:
        dates(pa.array(["01.08.2026", "45870"]))  # in a CSV a bare number is no date
    assert caught.value.index == 1
    cleaned = texts(pa.array(["  ООО  Альфа ", "NA", "17850.0", None, "ООО Альфа"]))
    assert cleaned.tolist() == ["ООО Альфа", None, "17850", None, "ООО Альфа"]
    assert np.isnan(numbers(pa.array(["—", " ", None]))).all()


@pytest.mark.parametrize("filled", [False, True])
def test_dates_read_from_the_cells_codes_as_from_their_texts(filled):
    """A text column given as codes into its distinct texts reads as its texts do: the same days,
    order and first bad cell (met in the cells' order, though the codes' texts are in another)."""
    from keyclients_xl.read.columns import encode

    def both(cells, dictionary_first=()):
        column = pa.array(list(dictionary_first) + cells)  # texts the codes know that no cell given holds
        encoded = encode(column).slice(len(dictionary_first))
        outcome = []
        for given in (column.slice(len(dictionary_first)), encoded):
            try:
                values, order = dates(given, filled=filled)
                outcome.append(("ok", values.tolist(), order))
            except BadValue as bad:
                outcome.append(("bad", bad.index, bad.value))
        assert outcome[0] == outcome[1]
        return outcome[0]

    both([" 01.08.2026", "02.08.2026 ", None, "—" if not filled else "3.8.2026", "01.08.2026"])
    assert both(["05/11/2026", " 13/11/2026", "05/11/2026"], ["13/11/2026", "05/11/2026"])[2].proof == "13/11/2026"
    assert both(["01.08.2026", "пусто?", "abc", "пусто?"], ["abc"])[:2] == ("bad", 1)
    assert both([None, None])[0] == "ok"


def test_a_byte_far_into_a_csv_that_is_not_utf8_makes_it_cp1251(tmp_path):
    """The encoding is guessed from the file's start; pyarrow's check of the rest corrects it."""
    path = tmp_path / "late.csv"
    path.write_bytes(b"a;b\n" + b"1;2\n" * 100_000 + "3;\u0401\u043b\u043a\u0430\n".encode("cp1251"))
    columns, encoding, _ = read_text_table(path, Location(file=path.name))
    assert encoding == "cp1251" and columns[1][-1].as_py() == "\u0401\u043b\u043a\u0430" and len(columns[0]) == 100_002


def _export_with_formulas(path, amount_formula: bool, extra: str | None = None):
    """Three lines whose amounts are Количество × Цена: as formulas (openpyxl stores no value for
    them, as a program that does not calculate) or as numbers; `extra`, a formula column more."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "TDSheet"
    sheet.append(["Дата", "Контрагент", "Количество", "Цена", "Сумма"] + (["Проверка"] if extra else []))
    for row, (day, client, quantity) in enumerate([(3, "Альфа", 2), (4, "Бета", 1), (5, "Альфа", 3)], start=2):
        amount = f"=C{row}*D{row}" if amount_formula else quantity * 100.0
        sheet.append(
            [dt.date(2026, 8, day), client, quantity, 100.0, amount] + ([extra.format(row=row)] if extra else [])
        )
    book.save(path)
    return path


def test_formulas_never_calculated_are_named_instead_of_no_lines(tmp_path):
    """A file saved by a program that writes formulas but does not calculate them (openpyxl
    here) has no amounts to read: the message says why, and what to do."""
    from keyclients_xl.errors import KeyClientsError
    from keyclients_xl.read import read_exports

    export = _export_with_formulas(tmp_path / "Продажи.xlsx", amount_formula=True)
    with pytest.raises(KeyClientsError) as caught:
        read_exports([export])
    assert caught.value.key == "error.formulas_not_calculated"
    assert caught.value.message("en") == (
        "file 'Продажи.xlsx', sheet 'TDSheet': not one shipment line: formulas that were never calculated "
        "(3 cells, the first E2); the file was saved by a program that does not calculate formulas. Open it in "
        "Excel or LibreOffice, save it, and build again."
    )


@pytest.mark.parametrize("piece", [300, 419, 557, 700, 1024])
def test_formulas_never_calculated_are_counted_where_the_guard_cuts_a_cell(piece, tmp_path, monkeypatch):
    """The size guard reads a sheet in pieces that end before an unfinished tag, not an unfinished
    cell: a formula cell cut between two pieces was not counted (2 cells, the first E3)."""
    from keyclients_xl.errors import KeyClientsError
    from keyclients_xl.read import limits, read_exports

    monkeypatch.setattr(limits, "CHUNK_BYTES", piece)
    export = _export_with_formulas(tmp_path / "Продажи.xlsx", amount_formula=True)
    with pytest.raises(KeyClientsError) as caught:
        read_exports([export])
    assert "(3 cells, the first E2)" in caught.value.message("en")


def test_formulas_never_calculated_in_cells_without_references_name_no_first_cell(tmp_path):
    """A cell may leave out its reference (r="E2"), its place implied by the cell before it: the
    message named the first such formula 'None'."""
    import re

    from keyclients_xl.errors import KeyClientsError
    from keyclients_xl.read import read_exports

    export = _export_with_formulas(tmp_path / "Продажи.xlsx", amount_formula=True)
    unplaced = tmp_path / "Без ссылок.xlsx"
    with zipfile.ZipFile(export) as source, zipfile.ZipFile(unplaced, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'(<c) r="[A-Z]+[0-9]+"', rb"\1", data)
                assert b'<c r="' not in data and b"<f>" in data
            target.writestr(item, data)
    with pytest.raises(KeyClientsError) as caught:
        read_exports([unplaced])
    assert caught.value.message("en") == (
        "file 'Без ссылок.xlsx', sheet 'TDSheet': not one shipment line: formulas that were never calculated "
        "(3 cells); the file was saved by a program that does not calculate formulas. Open it in Excel or "
        "LibreOffice, save it, and build again."
    )


def test_the_same_file_saved_by_libreoffice_has_its_values(soffice, tmp_path):
    """LibreOffice, as the message advises, calculates and stores each value: 2×100 + 3×100 and 1×100,
    and no note; a formula whose value is empty text (t="str", an empty <v>) is no uncalculated one."""
    from libreoffice import convert

    from keyclients_xl.read import read_exports

    export = _export_with_formulas(tmp_path / "Продажи.xlsx", amount_formula=True, extra='=IF(C{row}>0,"","x")')
    (saved,) = convert(soffice, [export], "xlsx", tmp_path / "lo")
    assert b't="str"' in zipfile.ZipFile(saved).read("xl/worksheets/sheet1.xml")
    shipments = read_exports([saved])
    assert shipments.frame.groupby("client")["amount"].sum().to_dict() == {"Альфа": 500.0, "Бета": 100.0}
    assert not [note for note in shipments.notes if note.key == "note.formulas_not_calculated"]


def test_a_column_of_formulas_never_calculated_is_noted_where_lines_are_read(tmp_path):
    from keyclients_xl.read import read_exports

    export = _export_with_formulas(tmp_path / "Продажи.xlsx", amount_formula=False, extra="=E{row}*2")
    shipments = read_exports([export])
    assert shipments.frame.groupby("client")["amount"].sum().to_dict() == {"Альфа": 500.0, "Бета": 100.0}
    (note,) = [note for note in shipments.notes if note.key == "note.formulas_not_calculated"]
    assert note.text("ru") == (
        "«Продажи.xlsx», лист «TDSheet»: формулы без вычисленных значений (3 ячейки, первая — F2) прочитаны как "
        "пустые ячейки: файл сохранила программа, которая не вычисляет формулы. Откройте его в Excel или "
        "LibreOffice, сохраните и постройте отчёт снова."
    )


def _saved_by_libreoffice(soffice, tmp_path, rows):
    """A workbook of `rows` (formulas too) as LibreOffice saves it: every formula's value stored,
    an error as the error (t="e")."""
    from libreoffice import convert

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "TDSheet"
    for row in rows:
        sheet.append(row)
    book.save(tmp_path / "Продажи.xlsx")
    (saved,) = convert(soffice, [tmp_path / "Продажи.xlsx"], "xlsx", tmp_path / "lo")
    assert b't="e"' in zipfile.ZipFile(saved).read("xl/worksheets/sheet1.xml")
    return saved


def test_an_error_value_where_an_amount_belongs_is_named_not_left_out(soffice, tmp_path):
    """calamine gives an error cell as empty: a line whose amount was #DIV/0! was dropped as if
    it were a group row. It reads as the error Excel shows, so the number rule names it."""
    from keyclients_xl.errors import KeyClientsError
    from keyclients_xl.read import read_exports

    header = ["Дата", "Контрагент", "Сумма"]
    saved = _saved_by_libreoffice(
        soffice, tmp_path, [header, [dt.date(2026, 8, 3), "Альфа", 100.0], [dt.date(2026, 8, 4), "Бета", "=1/0"]]
    )
    with pytest.raises(KeyClientsError) as caught:
        read_exports([saved])
    assert (
        caught.value.message("en")
        == "file 'Продажи.xlsx', sheet 'TDSheet', row 3, column C 'Сумма': not a number: '#DIV/0!'."
    )


def test_an_error_value_where_a_label_belongs_is_no_label(soffice, tmp_path):
    """A looked-up client or manager that came out #N/A or #REF! is no client and no manager,
    in a workbook as in a CSV."""
    from keyclients_xl.read import read_exports

    rows = [
        ["Дата", "Контрагент", "Сумма", "Менеджер"],
        [dt.date(2026, 8, 3), "Альфа", 100.0, "Иванов"],
        [dt.date(2026, 8, 4), "=NA()", 50.0, "Иванов"],
        [dt.date(2026, 8, 5), "Бета", 30.0, '=INDIRECT("nowhere!A1")'],
    ]
    saved = _saved_by_libreoffice(soffice, tmp_path, rows)
    csv = tmp_path / "Продажи.csv"
    csv.write_text(
        "Дата;Контрагент;Сумма;Менеджер\n03.08.2026;Альфа;100;Иванов\n04.08.2026;#N/A;50;Иванов\n05.08.2026;Бета;30;#REF!\n",
        encoding="utf-8",
    )
    for export in (saved, csv):
        shipments = read_exports([export])
        assert shipments.frame[["client", "amount"]].values.tolist() == [["Альфа", 100.0], ["Бета", 30.0]]
        assert shipments.frame["manager"].isna().tolist() == [False, True]
        (missing,) = [note for note in shipments.notes if note.key == "note.no_client"]
        assert missing.params["lines"].text("en") == "1 line" and missing.params["amount"].value == 50.0


def test_a_line_whose_amount_is_not_found_is_named_in_a_workbook_as_in_a_csv(soffice, tmp_path):
    """An amount of #N/A (a lookup that found nothing) is an empty cell, as it always was in a CSV,
    so its line was left out as a group row without a word; a note now names such lines."""
    from keyclients_xl.read import read_exports

    rows = [
        ["Дата", "Контрагент", "Сумма"],
        [dt.date(2026, 8, 3), "Альфа", 100.0],
        [dt.date(2026, 8, 4), "Бета", "=NA()"],
        [dt.date(2026, 8, 5), "Гамма", '=VLOOKUP("x",A1:A2,1,0)'],
    ]
    saved = _saved_by_libreoffice(soffice, tmp_path, rows)
    csv = tmp_path / "Продажи.csv"
    csv.write_text("Дата;Контрагент;Сумма\n03.08.2026;Альфа;100\n04.08.2026;Бета;#N/A\n05.08.2026;Гамма;#Н/Д\n")
    for export in (saved, csv):
        shipments = read_exports([export])
        assert shipments.frame[["client", "amount"]].values.tolist() == [["Альфа", 100.0]]
        (note,) = [note for note in shipments.notes if note.key == "note.amount_not_found"]
        assert note.text("en") == (
            f"'{export.name}': lines with a client and a date whose amount is #N/A (a formula that found "
            "nothing) were left out: 2 lines; the first is row 3. Mend the formula and export the file again."
        )


def test_totals_rows_are_found_once_per_distinct_text_and_never_in_typed_columns():
    """The search runs over each column's distinct texts, mapped back to every cell; a column of
    dates or numbers (Parquet) is not cast to text to be searched (a million timestamps: 0.08 s)."""
    from keyclients_xl.read.columns import encode, totals

    cells = ["Итого", None, "Клиент", " итог:", "Total", "Итого", "Итоговая скидка", "всего"]
    expected = [True, False, False, True, True, True, False, True]
    assert totals(pa.array(cells)).tolist() == expected
    assert totals(pa.chunked_array([cells[:3], cells[3:]])).tolist() == expected
    assert totals(encode(pa.array(cells))).tolist() == expected  # the cells as codes (a Parquet file's)
    subtotal = ["ООО Ромашка", "ООО Ромашка Итог", "Office Total", "ООО Ромашка  итог"]
    assert totals(pa.array(subtotal)).tolist() == totals(encode(pa.array(subtotal))).tolist() == [0, 1, 0, 0]
    assert totals(pa.array([1.5, None])).tolist() == [False, False]
    assert totals(pa.array([dt.datetime(2026, 8, 1)])).tolist() == [False]
    assert totals(pa.nulls(2)).tolist() == [False, False]


def test_a_dictionary_that_repeats_a_value_is_read_as_text():
    """A writer other than pyarrow may give one text two codes: taken as they are, the two would be
    two labels (one client counted as two). The column is read as its text instead."""
    from keyclients_xl.read.columns import encode, encoded_as_read, plain_text
    from keyclients_xl.read.table import null_empty

    column = pa.chunked_array(
        [pa.DictionaryArray.from_arrays(pa.array([0, 1, 2, 0], pa.int32()), pa.array(["Альфа", "Бета", "Альфа"]))]
    )
    assert encoded_as_read(column) is None
    text = null_empty(plain_text(column))
    assert text.to_pylist() == ["Альфа", "Бета", "Альфа", "Альфа"]
    assert encode(text).indices.to_pylist() == [0, 1, 0, 0]  # one client, one code


@hypothesis.settings(max_examples=60)
@hypothesis.given(
    cells=st.lists(st.sampled_from(["b", "a", "", None, "ж", " a", "nan", "<пусто>"]), min_size=1, max_size=60),
    group=st.integers(1, 7),
    large=st.booleans(),
    backwards=st.booleans(),
)
def test_a_parquet_files_text_codes_are_taken_as_the_layout_would_encode_its_text(
    cells, group, large, backwards, tmp_path_factory
):
    """A Parquet file's text is read as codes: they are renumbered to what `encode` gives its text
    (first-met order, an empty text no cell), over row groups of their own dictionaries, written in
    first-met order or not (`backwards`: taken as they are only in that order); and the
    labels of any rows made from them are the labels of those rows' texts."""
    from keyclients_xl.read.columns import encode, encoded_as_read, encoded_labels, labels, plain_text
    from keyclients_xl.read.files import load_parquet
    from keyclients_xl.read.table import null_empty

    path = tmp_path_factory.mktemp("codes") / "t.parquet"
    values = list(dict.fromkeys(cell for cell in cells if cell is not None))  # first-met order, as pyarrow writes
    values = sorted(values, reverse=True) if backwards else values
    codes = pa.array([None if cell is None else values.index(cell) for cell in cells], pa.int32())
    written = pa.DictionaryArray.from_arrays(codes, pa.array(values, pa.large_string() if large else pa.string()))
    pq.write_table(pa.table({"x": written}), path, row_group_size=group)
    column = pq.ParquetFile(path, read_dictionary=["x"]).read().column("x")
    text = null_empty(plain_text(column))
    encoded = encoded_as_read(column)
    assert encoded.equals(encode(text)) and encoded.type == encode(text).type
    table = load_parquet(path, Location(file=path.name))  # kept as codes, written out as text on use
    assert table.encoded(0, 1).equals(encoded) and table.filled(1).tolist() == text.is_valid().to_pylist()
    assert [row[0] for row in table.head(len(cells) + 1)[1:]] == text.to_pylist()
    assert table.body(0, 1).type == text.type
    assert table.body(0, 1).to_pylist() == text.to_pylist() and table.body(0, 3).to_pylist() == text.to_pylist()[2:]
    for at in (None, np.arange(0, len(cells), 2), np.arange(len(cells) // 2, len(cells))):
        expected = labels(text if at is None else text.take(pa.array(at, type=pa.int64())))
        got = encoded_labels(encoded, at)
        assert list(got.categories) == list(expected.categories) and got.codes.tolist() == expected.codes.tolist()
