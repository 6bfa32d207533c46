"""Draw SheetSpecs with openpyxl."""

from __future__ import annotations

from copy import copy

from openpyxl import Workbook
from openpyxl.cell.cell import TIME_TYPES, Cell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ..report.spec import Formula, SheetSpec, TableSpec
from .charts import draw_charts, draw_color_scales

MONEY = "#,##0"
THIN = Side(style="thin", color="BFBFBF")

STYLES: dict[str, dict] = {
    "title": {"font": Font(bold=True, size=13, color="C00000")},
    "label": {"font": Font(bold=True)},
    "tile_label": {"font": Font(size=9, color="595959"), "alignment": Alignment(horizontal="left", indent=1)},
    "subtitle": {"font": Font(color="404040"), "alignment": Alignment(horizontal="left", vertical="center")},
    "value": {"font": Font(bold=True), "alignment": Alignment(horizontal="left", indent=1)},
    "header": {"font": Font(bold=True), "alignment": Alignment(wrap_text=True, vertical="center")},
    "money": {"number_format": MONEY},
    "integer": {"number_format": "0"},
    "percent": {"number_format": "0.0%"},
    "change": {"number_format": "+0.0%;-0.0%;0.0%"},  # a rise or fall, with its sign
    # Day first, as Russian managers (and most of Europe) write it; the same in every viewer.
    "date": {"number_format": "dd.mm.yyyy", "alignment": Alignment(horizontal="center")},
    "money_left": {
        "number_format": MONEY,
        "font": Font(bold=True),
        "alignment": Alignment(horizontal="left", indent=1),
    },
    "percent_left": {
        "number_format": "0.0%",
        "font": Font(bold=True),
        "alignment": Alignment(horizontal="left", indent=1),
    },
    "center": {"alignment": Alignment(horizontal="center")},
    "text": {"alignment": Alignment(horizontal="left", indent=1)},  # clear of the numbers on its left
    "text_wrap": {"alignment": Alignment(horizontal="left", indent=1, wrap_text=True)},  # rows sized by the spec
    "note": {"font": Font(italic=True, color="595959")},
    # A note across a merged range: wrapped, so it stays inside the printed page.
    "note_wrapped": {
        "font": Font(italic=True, color="595959"),
        "alignment": Alignment(wrap_text=True, vertical="top"),
    },
    "code": {"font": Font(name="Consolas", color="1F4E79")},
    "input": {"fill": PatternFill("solid", fgColor="FFF2CC"), "border": Border(THIN, THIN, THIN, THIN)},
}


def render_sheet(
    workbook: Workbook, spec: SheetSpec, index: int | None = None, *, rows: set[int] | None = None
) -> Worksheet:
    """Add one worksheet drawn from `spec` to `workbook` (at `index`, else at the end).

    `rows`: draw only the cells and heights of these rows (render_package writes the others
    as text); None draws them all."""
    sheet = workbook.create_sheet(spec.name, index)
    styled: dict[tuple, StyleArray] = {}  # style key → its registered style, set once per sheet
    for cell_spec in spec.every_cell() if rows is None or _body_drawn(spec, rows) else spec.cells:
        if rows is None or cell_spec.row in rows:
            draw_cell(sheet.cell(row=cell_spec.row, column=cell_spec.col), cell_spec.value, cell_spec.style, styled)
    for table in spec.tables:
        sheet.add_table(_table(sheet, table))
    for rule in spec.conditional:
        fill = PatternFill("solid", start_color=rule.fill, end_color=rule.fill)
        sheet.conditional_formatting.add(
            rule.ref, FormulaRule(formula=[rule.formula], fill=fill, font=Font(bold=rule.bold))
        )
    draw_color_scales(sheet, spec)
    for validation in spec.validations:
        rule = DataValidation(
            type="list",
            formula1=f'"{",".join(validation.options)}"',
            allow_blank=True,
            showErrorMessage=True,  # a typed value outside the list is refused, with this message
            errorStyle="stop",
            errorTitle=validation.error_title,
            error=validation.error,
        )
        rule.add(validation.ref)
        sheet.add_data_validation(rule)
    for ref in spec.merged:
        sheet.merge_cells(ref)
    for col, width in spec.widths.items():
        sheet.column_dimensions[get_column_letter(col)].width = width
    for row, height in spec.heights.items():
        if rows is None or row in rows:
            sheet.row_dimensions[row].height = height
    if spec.header_row:
        _align_headers(sheet, spec)
        sheet.print_title_rows = f"{spec.header_row}:{spec.header_row}"
    freeze = spec.freeze or (f"A{spec.header_row + 1}" if spec.header_row else None)
    if freeze:
        sheet.freeze_panes = freeze
    _page_setup(sheet, spec)
    draw_charts(sheet, spec)
    if spec.tab_color:
        sheet.sheet_properties.tabColor = spec.tab_color
    return sheet


def _table(sheet: Worksheet, table: TableSpec) -> Table:
    """An Excel Table named by its header cells. Named here: openpyxl would otherwise make a
    cell object for every cell of its range to read the first row."""
    first_col, header, last_col, _ = range_boundaries(table.ref)
    columns = [TableColumn(id=col, name=str(sheet.cell(header, col).value)) for col in range(first_col, last_col + 1)]
    return Table(
        displayName=table.name,
        ref=table.ref,
        tableStyleInfo=TableStyleInfo(name=table.style, showRowStripes=True),
        tableColumns=columns,
        autoFilter=AutoFilter(ref=table.ref),
    )


def draw_cell(cell: Cell, value: object, style: str | None, styled: dict[tuple, StyleArray]) -> None:
    """Give an openpyxl cell a spec's value and look. `styled` caches each look's registered
    style per sheet: setting font, fill… registers each in the workbook (hashing), so the
    result is copied instead. A date's look is cached apart: openpyxl gives a date a date
    format when the look has none."""
    if isinstance(value, Formula):
        cell.value = value.text
    else:
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
    if style in STYLES:
        key = (style, type(value) if isinstance(value, TIME_TYPES) else None)
        if key in styled:
            cell._style = copy(styled[key])
        else:
            for attr, look in STYLES[style].items():
                setattr(cell, attr, look)
            styled[key] = copy(cell._style)


def _body_drawn(spec: SheetSpec, rows: set[int]) -> bool:
    """Whether any of `rows` is a row of the spec's table body."""
    body = spec.body
    return body is not None and any(body.first_row <= row < body.first_row + body.height for row in rows)


# Where a header goes over its column, by the style of the values under it.
_HEADER_ALIGN = {"money": "right", "percent": "right", "change": "right", "date": "right", "integer": "right",
                 "center": "center"}  # fmt: skip


def _align_headers(sheet: Worksheet, spec: SheetSpec) -> None:
    """Numbers are right-aligned, so their headers are too; centred columns get centred headers,
    indented text an indented header."""
    header, headers, below = spec.header_row, [], {}
    for cell in spec.cells:  # one pass over a big sheet's cells for both rows
        if cell.row == header:
            headers.append(cell)
        elif cell.row == header + 1:
            below[cell.col] = cell.style or ""
    body = spec.body
    if body is not None and body.first_row == header + 1 and body.height:
        for i, (column, style) in enumerate(zip(body.columns, body.styles, strict=True)):
            if column[0] is not None or body.blanks_styled(i):
                below[body.first_col + i] = style or ""
    for cell in headers:
        style = below.get(cell.col, "")
        indent = getattr(STYLES.get(style, {}).get("alignment"), "indent", 0)
        sheet.cell(cell.row, cell.col).alignment = Alignment(
            horizontal=_HEADER_ALIGN.get(style, "left"), indent=indent, vertical="center", wrap_text=True
        )


def _page_setup(sheet: Worksheet, spec: SheetSpec) -> None:
    """Every sheet prints on A4 (landscape unless the spec says portrait), one page wide, with
    narrow margins and the spec's footer."""
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = spec.orientation
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.7, header=0.3, footer=0.3)
    if spec.print_area:
        sheet.print_area = spec.print_area
    if spec.footer:
        sheet.oddFooter.center.text = excel_footer(spec.footer)
        sheet.oddFooter.center.size = 8


def excel_footer(text: str) -> str:
    """A footer in Excel's header/footer codes: {page} → &P, {pages} → &N, and a literal & doubled."""
    return text.replace("&", "&&").replace("{page}", "&P").replace("{pages}", "&N")


def render_workbook(specs: list[SheetSpec]) -> Workbook:
    """A new workbook holding exactly the given sheets, in order."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in specs:
        render_sheet(workbook, spec)
    return workbook
