"""The report's package (render_package: openpyxl draws the frame, body_xml writes the rows
under the header as text) holds the same cells as openpyxl drawing every cell
(render_workbook); and the splice's text edit of our rows (prepare_sheet) gives the same XML
as its tree edit. Read back by openpyxl and compared in canonical XML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

from keyclients_xl.deliver.package import parse_xml
from keyclients_xl.deliver.sheet_xml import _prepare_frame, _prepare_tree, cached_values, prepare_sheet
from keyclients_xl.deliver.styles_merge import StyleMap
from keyclients_xl.demo import run_demo
from keyclients_xl.render import render_package, render_workbook
from keyclients_xl.render.excel import STYLES
from keyclients_xl.render.package import frame_rows
from keyclients_xl.report.spec import CellSpec, Formula, SheetSpec, TableBody, TableSpec


def _look(cell) -> tuple:
    return (
        cell.value,
        cell.data_type,
        cell.number_format,
        repr(cell.font),
        repr(cell.fill),
        repr(cell.border),
        repr(cell.alignment),
    )


def _cells(sheet) -> dict:
    return {key: _look(cell) for key, cell in sheet._cells.items() if cell.value is not None or cell.has_style}


def _both(specs: list[SheetSpec]):
    drawn = io.BytesIO()
    render_workbook(specs).save(drawn)
    return load_workbook(io.BytesIO(render_package(specs))), load_workbook(drawn)


def _assert_same(specs: list[SheetSpec]) -> int:
    fast, slow = _both(specs)
    assert fast.sheetnames == slow.sheetnames == [spec.name for spec in specs]
    compared = 0
    for name in fast.sheetnames:
        ours, theirs = fast[name], slow[name]
        assert _cells(ours) == _cells(theirs), name
        heights = [{r: d.height for r, d in s.row_dimensions.items() if d.height} for s in (ours, theirs)]
        assert heights[0] == heights[1], name
        assert ours.dimensions == theirs.dimensions, name
        assert sorted(map(str, ours.merged_cells.ranges)) == sorted(map(str, theirs.merged_cells.ranges)), name
        assert dict(ours.tables.items()) == dict(theirs.tables.items()), name
        names = [[[c.name for c in t.tableColumns] for t in s.tables.values()] for s in (ours, theirs)]
        assert names[0] == names[1], name
        assert ours.freeze_panes == theirs.freeze_panes, name
        compared += len(_cells(ours))
    return compared


@pytest.fixture(scope="module", params=["ru", "en"])
def demo_specs(request, tmp_path_factory) -> list[SheetSpec]:
    path = tmp_path_factory.mktemp("demo") / f"demo_{request.param}.xlsx"
    return list(run_demo(path, lang=request.param).sheets)


def test_every_report_sheet_has_the_same_cells_both_ways(demo_specs):
    compared = _assert_same(demo_specs)
    assert compared == sum(
        1 for spec in demo_specs for cell in spec.every_cell() if cell.value is not None or cell.style in STYLES
    )
    history = next(spec for spec in demo_specs if spec.role == "history")
    assert frame_rows(history) == set(range(1, history.header_row + 1))  # the rest is written as text


def test_table_columns_are_named_by_the_header_cells(demo_specs):
    book = load_workbook(io.BytesIO(render_package(demo_specs[:1])))
    sheet = book[demo_specs[0].name]
    (table,) = sheet.tables.values()
    header_row = demo_specs[0].header_row
    assert [c.name for c in table.tableColumns] == [
        str(demo_specs[0].value_at(header_row, col)) for col in range(1, len(table.tableColumns) + 1)
    ]


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12).filter(
    lambda s: not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in s)
)
PLAIN = (  # values a cell holds, formulas and floats apart
    st.none(),
    TEXT,
    st.sampled_from(["=SUM(A1:A2)", "  padded ", "#N/A", "a & b < c > d", "line\r\nbreak", ""]),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
)
VALUES = st.one_of(
    *PLAIN,
    st.floats(allow_nan=True, allow_infinity=False, width=64),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)),
    st.builds(Formula, st.sampled_from(["=A1*2", "=SUM(B1:B3)", '=IF(A1>0,"да","нет")', "#N/A"]), st.none()),
)
STYLE_NAMES = st.one_of(st.none(), st.sampled_from(sorted(STYLES)))


@st.composite
def sheet_specs(draw) -> SheetSpec:
    header = draw(st.one_of(st.none(), st.integers(1, 3)))
    keys = draw(st.lists(st.tuples(st.integers(1, 12), st.integers(1, 6)), min_size=1, max_size=40, unique=True))
    cells = [CellSpec(row, col, draw(VALUES), draw(STYLE_NAMES)) for row, col in keys]  # in any order
    heights = draw(st.dictionaries(st.integers(1, 14), st.sampled_from([12.0, 30.0, 45.5]), max_size=4))
    merged = draw(st.lists(st.sampled_from(["A13:C13", "D10:F11"]), max_size=2, unique=True))
    tables = []
    if header and draw(st.booleans()):
        header_cells = [CellSpec(header, col, f"Колонка {col}", "header") for col in range(1, 4)]
        cells = [c for c in cells if c.row != header] + header_cells
        tables = [TableSpec("T_test", f"A{header}:C{header + 4}")]
    return SheetSpec("Лист", cells=cells, header_row=header, heights=heights, merged=merged, tables=tables)


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date")  # a number under the date look, read back
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet_specs())
def test_any_sheet_has_the_same_cells_both_ways(spec):
    _assert_same([spec])


PLAIN_VALUES = st.one_of(*PLAIN, st.floats(allow_nan=True, allow_infinity=True, width=64))
# A body's column is mostly of one kind (numbers, texts), which is written by its own comprehension.
BODY_COLUMNS = {
    "floats": st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True, width=64)),
    "integers": st.one_of(st.none(), st.integers(-(10**15), 10**15)),
    "texts": st.one_of(st.none(), TEXT, st.sampled_from(["  padded ", "a & b < c > d", "line\r\nbreak", "=1+1"])),
    "formulas": st.one_of(
        st.none(),
        st.builds(
            Formula,
            st.sampled_from(["=A1*2", '=IF(B2>0,B2/SUM(B:B),"—")', '="a"&"<b>"', "=NA()"]),
            st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.booleans(), TEXT),
        ),
    ),
    "any": st.one_of(PLAIN_VALUES, st.builds(Formula, st.sampled_from(["=A1", "#N/A", "="]), st.none())),
}


@st.composite
def bodied_specs(draw) -> SheetSpec:
    """A Table sheet whose rows under the header are a TableBody, some of its columns' blanks
    empty cells in their look; sometimes a cell, a height or a merged range shares a row with the
    body, or a cell stands under it."""
    header = draw(st.integers(1, 3))
    first_col = draw(st.integers(1, 3))
    width, height = draw(st.integers(1, 4)), draw(st.integers(0, 8))
    kinds = draw(st.lists(st.sampled_from(sorted(BODY_COLUMNS)), min_size=width, max_size=width))
    columns = tuple(draw(st.lists(BODY_COLUMNS[kind], min_size=height, max_size=height)) for kind in kinds)
    styles = tuple(draw(st.lists(STYLE_NAMES, min_size=width, max_size=width)))
    cells = [CellSpec(1, 1, "Заголовок", "title")] if header > 1 else []
    cells += [CellSpec(header, first_col + i, f"Колонка {i + 1}", "header") for i in range(width)]
    last_row = header + max(height, 1)
    if draw(st.booleans()):  # a note beside the table or under it
        cells.append(CellSpec(draw(st.integers(header + 1, last_row + 2)), first_col + width + 1, "заметка", "text"))
    heights = draw(st.dictionaries(st.integers(1, last_row + 1), st.sampled_from([12.0, 30.0]), max_size=3))
    merged = draw(st.lists(st.just(f"A{last_row}:B{last_row}"), max_size=1)) if first_col > 2 else []
    ref = f"{get_column_letter(first_col)}{header}:{get_column_letter(first_col + width - 1)}{last_row}"
    return SheetSpec(
        "Таблица",
        cells=cells,
        body=TableBody(header + 1, columns, styles, first_col, _styled_blanks(draw, width)),
        header_row=header,
        heights=heights,
        merged=merged,
        tables=[TableSpec("T_body", ref)] if draw(st.booleans()) else [],
    )


def _styled_blanks(draw, width: int) -> tuple[bool, ...]:
    return draw(st.one_of(st.just(()), st.lists(st.booleans(), min_size=width, max_size=width).map(tuple)))


def _sheet_parts(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as parts:
        return {name: parts.read(name) for name in parts.namelist() if name.startswith("xl/")}


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodied_specs())
def test_a_table_body_is_written_as_its_cells_are_one_by_one(spec):
    """The columns' writer gives the same bytes as the cell-by-cell writer (itself checked against
    openpyxl above), and openpyxl drawing every cell reads back the same."""
    as_cells = dataclasses.replace(spec, cells=spec.every_cell(), body=None)  # row by row
    assert _sheet_parts(render_package([spec])) == _sheet_parts(render_package([as_cells]))
    _assert_same([spec])


def test_a_table_body_gives_its_cells_places_and_values():
    body = TableBody(5, (["a", None, "c"], [1.5, 2, None]), ("text", "money"), first_col=2)
    spec = SheetSpec("T", cells=[CellSpec(4, 2, "Имя", "header"), CellSpec(4, 3, "Сумма", "header")], body=body)
    assert [(c.row, c.col, c.value, c.style) for c in spec.every_cell()] == [
        (4, 2, "Имя", "header"),
        (4, 3, "Сумма", "header"),
        (5, 2, "a", "text"),
        (5, 3, 1.5, "money"),
        (6, 3, 2, "money"),
        (7, 2, "c", "text"),
    ]
    rows, cols = spec.places()
    assert list(zip(rows.tolist(), cols.tolist(), strict=True)) == [(4, 2), (4, 3), (5, 2), (5, 3), (6, 3), (7, 2)]
    assert [
        spec.value_at(5, 3),
        spec.value_at(6, 2),
        spec.value_at(7, 2),
        spec.value_at(8, 2),
        spec.value_at(5, 4),
    ] == [
        1.5,
        None,
        "c",
        None,
        None,
    ]
    sheet = load_workbook(io.BytesIO(render_package([spec])))["T"]
    assert sheet.dimensions == "B4:C7"
    assert [[cell.value for cell in row] for row in sheet["B5:C7"]] == [["a", 1.5], [None, 2], ["c", None]]


def test_a_table_body_keeps_its_formulas_values_and_its_styled_blanks():
    """A body's formulas get their cached values as the sheet's cells do, and the splice knows
    them (a user's carried cell sends the sheet through the tree, which sets every formula's);
    a blank of a column whose blanks are styled is an empty cell in the look, not no cell."""
    body = TableBody(
        3,
        ([Formula("=1+1", 2.0), Formula("=B4", None)], [None, "x"], [None, None]),
        ("money", "text", "text"),
        styled_blanks=(False, True, False),
    )
    spec = SheetSpec("Т", cells=[CellSpec(2, c, f"h{c}", "header") for c in (1, 2, 3)], header_row=2, body=body)
    assert cached_values(spec) == {(3, 1): 2.0}
    rows, cols = spec.places()
    assert list(zip(rows.tolist(), cols.tolist(), strict=True)) == [
        (2, 1),
        (2, 2),
        (2, 3),
        (3, 1),
        (3, 2),
        (4, 1),
        (4, 2),
    ]
    book = load_workbook(io.BytesIO(render_package([spec])), data_only=True)["Т"]
    assert [book.cell(3, 1).value, book.cell(4, 1).value, book.cell(4, 2).value] == [2, None, "x"]
    assert book.cell(3, 2).has_style and book.cell(3, 2).value is None  # the styled blank
    assert (3, 3) not in book._cells and (4, 3) not in book._cells


def test_formulas_under_the_header_carry_their_values_in_the_rendered_package():
    """openpyxl writes formulas without a value; the rows written as text hold the analysis'
    value, read back by openpyxl as Excel's last result. A formula above the header (drawn by
    openpyxl) gets its value later, in the splice."""
    cells = [
        CellSpec(1, 1, Formula("=2+2", 4.0)),
        CellSpec(3, 1, Formula("=A1*10", 40.0)),
        CellSpec(3, 2, Formula('="a"&"<b>"', "a<b>")),
        CellSpec(3, 3, Formula("=1=1", True)),
        CellSpec(3, 4, Formula("=NA()", None)),
        CellSpec(3, 5, Formula("=1/0", math.inf)),
    ]
    package = render_package([SheetSpec("Ф", cells=cells, header_row=2)])
    sheet = load_workbook(io.BytesIO(package), data_only=True)["Ф"]
    assert [sheet.cell(3, col).value for col in range(1, 6)] == [40, "a<b>", True, None, None]
    assert sheet.cell(1, 1).value is None
    formulas = load_workbook(io.BytesIO(package))["Ф"]
    assert [formulas.cell(3, col).value for col in (1, 2)] == ["=A1*10", '="a"&"<b>"']


def test_a_date_keeps_a_date_format_under_a_look_without_one():
    """openpyxl gives a date "yyyy-mm-dd" when its look has no number format; a number
    under the same look stays General, whichever comes first."""
    cells = [CellSpec(2, 1, 5, "center"), CellSpec(3, 1, dt.date(2026, 10, 1), "center"), CellSpec(4, 1, 7, "center")]
    spec = SheetSpec("Даты", cells=cells, header_row=1)
    _assert_same([spec])
    sheet = load_workbook(io.BytesIO(render_package([spec])))["Даты"]
    assert [sheet.cell(r, 1).number_format for r in (2, 3, 4)] == ["General", "yyyy-mm-dd", "General"]
    assert sheet.cell(3, 1).value == dt.datetime(2026, 10, 1)


def test_text_that_xml_cannot_hold_is_refused_as_openpyxl_refuses_it():
    spec = SheetSpec("Плохо", cells=[CellSpec(5, 1, "bell\x07")], header_row=1)
    with pytest.raises(IllegalCharacterError):
        render_package([spec])
    with pytest.raises(IllegalCharacterError):
        render_workbook([spec])


def _canonical(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data), method="c14n")


def test_the_splice_edits_our_rows_as_text_exactly_as_the_tree_does(demo_specs):
    formulas = [
        CellSpec(2, 1, Formula("=1=1", True)),
        CellSpec(2, 2, Formula('="a"&"<b>"', "a<b>")),
        CellSpec(2, 3, Formula("=1/0", math.nan)),
        CellSpec(2, 4, Formula("=2^60", 2.0**60)),
        CellSpec(2, 5, Formula("=0.1+0.2", 0.1 + 0.2)),
        CellSpec(2, 6, Formula("=NA()", None), "money"),
    ]
    # Under the header (written by body_xml) and above it (written by openpyxl).
    specs = [
        *demo_specs,
        SheetSpec("Формулы", cells=formulas, header_row=1),
        SheetSpec("Шапка", cells=formulas, header_row=3),
    ]
    package = zipfile.ZipFile(io.BytesIO(render_package(specs)))
    shifted = StyleMap({i: i + 7 for i in range(500)}, {i: i + 3 for i in range(100)})
    formula_cells = 0
    for number, spec in enumerate(specs, 1):
        data = package.read(f"xl/worksheets/sheet{number}.xml")
        cached = cached_values(spec)
        options = {"selected": number == 2, "code_name": "Лист9" if number == 1 else None}
        fast = prepare_sheet(data, shifted, cached, **options).xml
        tree = parse_xml(data, "sheet")
        _prepare_frame(tree, shifted, options["selected"], options["code_name"])
        assert _canonical(fast) == _canonical(_prepare_tree(tree, shifted, cached, None, None).xml), spec.name
        formula_cells += fast.count(b"<f>")
    assert formula_cells >= 12
    last = load_workbook(io.BytesIO(render_package(specs[-2:])))  # the values are read back as written
    for name in ("Формулы", "Шапка"):
        assert [last[name].cell(2, col).value for col in range(1, 7)] == [c.value.text for c in formulas]
