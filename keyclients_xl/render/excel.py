"""Draw SheetSpecs with openpyxl."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ..report.spec import Formula, SheetSpec

MONEY = "#,##0"
THIN = Side(style="thin", color="BFBFBF")

STYLES: dict[str, dict] = {
    "title": {"font": Font(bold=True, size=14, color="C00000")},
    "label": {"font": Font(bold=True)},
    "value": {"alignment": Alignment(horizontal="left")},
    "header": {"font": Font(bold=True), "alignment": Alignment(wrap_text=True, vertical="center")},
    "money": {"number_format": MONEY},
    "integer": {"number_format": "0", "alignment": Alignment(horizontal="center")},
    "percent": {"number_format": "0.0%"},
    "money_left": {"number_format": MONEY, "alignment": Alignment(horizontal="left")},
    "percent_left": {"number_format": "0.0%", "alignment": Alignment(horizontal="left")},
    "center": {"alignment": Alignment(horizontal="center")},
    "text": {},
    "note": {"font": Font(italic=True, color="595959")},
    "code": {"font": Font(name="Consolas", color="1F4E79")},
    "input": {"fill": PatternFill("solid", fgColor="FFF2CC"), "border": Border(THIN, THIN, THIN, THIN)},
}


def render_sheet(workbook: Workbook, spec: SheetSpec, index: int | None = None) -> Worksheet:
    """Add one worksheet drawn from `spec` to `workbook` (at `index`, else at the end)."""
    sheet = workbook.create_sheet(spec.name, index)
    for cell_spec in spec.cells:
        cell = sheet.cell(row=cell_spec.row, column=cell_spec.col)
        if isinstance(cell_spec.value, Formula):
            cell.value = cell_spec.value.text
        else:
            cell.value = cell_spec.value
            if isinstance(cell_spec.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
        for attr, value in STYLES.get(cell_spec.style or "", {}).items():
            setattr(cell, attr, value)
    for table in spec.tables:
        sheet.add_table(
            Table(
                displayName=table.name,
                ref=table.ref,
                tableStyleInfo=TableStyleInfo(name=table.style, showRowStripes=True),
            )
        )
    for rule in spec.conditional:
        fill = PatternFill("solid", start_color=rule.fill, end_color=rule.fill)
        sheet.conditional_formatting.add(
            rule.ref, FormulaRule(formula=[rule.formula], fill=fill, font=Font(bold=rule.bold))
        )
    for validation in spec.validations:
        rule = DataValidation(type="list", formula1=f'"{",".join(validation.options)}"', allow_blank=True)
        rule.add(validation.ref)
        sheet.add_data_validation(rule)
    for col, width in spec.widths.items():
        sheet.column_dimensions[get_column_letter(col)].width = width
    for row, height in spec.heights.items():
        sheet.row_dimensions[row].height = height
    if spec.freeze:
        sheet.freeze_panes = spec.freeze
    # Print (and PDF) one page wide: a manager prints this list.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if spec.print_area:
        sheet.print_area = spec.print_area
    if spec.tab_color:
        sheet.sheet_properties.tabColor = spec.tab_color
    return sheet


def render_workbook(specs: list[SheetSpec]) -> Workbook:
    """A new workbook holding exactly the given sheets, in order."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in specs:
        render_sheet(workbook, spec)
    return workbook
