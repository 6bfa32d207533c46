"""The report's package (render_package: openpyxl draws the frame, body_xml writes the rows
under the header as text) holds the same cells as openpyxl drawing every cell
(render_workbook); and the splice's text edit of our rows (prepare_sheet) gives the same XML
as its tree edit. Read back by openpyxl and compared in canonical XML."""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from keyclients_xl.deliver.package import parse_xml
from keyclients_xl.deliver.sheet_xml import _prepare_frame, _prepare_tree, cached_values, prepare_sheet
from keyclients_xl.deliver.styles_merge import StyleMap
from keyclients_xl.demo import run_demo
from keyclients_xl.render import render_package, render_workbook
from keyclients_xl.render.excel import STYLES
from keyclients_xl.render.package import frame_rows
from keyclients_xl.report.spec import CellSpec, Formula, SheetSpec, TableSpec


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
        1 for spec in demo_specs for cell in spec.cells if cell.value is not None or cell.style in STYLES
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
VALUES = st.one_of(
    st.none(),
    TEXT,
    st.sampled_from(["=SUM(A1:A2)", "  padded ", "#N/A", "a & b < c > d", "line\r\nbreak", ""]),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=True, allow_infinity=False, width=64),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
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
        cached = cached_values(spec.cells)
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
