"""Draw a SheetSpec's native Excel charts and colour scales with openpyxl (its chart module).

A chart's bar series share the primary axes; line series on `secondary` get a second value
axis on the right (a Pareto chart: amounts as bars, the cumulative share as a line).
"""

from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.axis import ChartLines
from openpyxl.chart.series import SeriesLabel, StrRef
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RegularTextRun
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils.cell import absolute_coordinate, quote_sheetname, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from ..report.spec import ChartSpec, SeriesSpec, SheetSpec

# The secondary value axis, and the hidden category axis it is drawn against (Excel's own layout
# for a chart group on a secondary axis; one shared category axis makes LibreOffice repeat its title).
SECONDARY_AXIS_ID, SECONDARY_CATEGORY_ID = 200, 500
TITLE_SIZE = 1200  # hundredths of a point


def draw_color_scales(sheet: Worksheet, spec: SheetSpec) -> None:
    """Heat maps: added after the formula rules, so a formula rule's fill (a missed month) wins."""
    for scale in spec.color_scales:
        mid = {"mid_type": "percentile", "mid_value": 50, "mid_color": scale.mid} if scale.mid else {}
        sheet.conditional_formatting.add(
            scale.ref,
            ColorScaleRule(start_type="min", start_color=scale.low, end_type="max", end_color=scale.high, **mid),
        )


def draw_charts(sheet: Worksheet, spec: SheetSpec) -> None:
    for chart in spec.charts:
        sheet.add_chart(build_chart(sheet, chart), chart.anchor)


def _reference(sheet: Worksheet, ref: str) -> Reference:
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return Reference(sheet, min_col=min_col, min_row=min_row, max_col=max_col, max_row=max_row)


def _series(sheet: Worksheet, spec: SeriesSpec) -> Series:
    series = Series(_reference(sheet, spec.values))
    if spec.name:
        series.tx = SeriesLabel(strRef=StrRef(f"{quote_sheetname(sheet.title)}!{absolute_coordinate(spec.name)}"))
    if spec.kind == "line":
        series.smooth = False
        series.marker.symbol = "none"
        if spec.color:
            series.graphicalProperties.line.solidFill = spec.color
        series.graphicalProperties.line.width = 28575  # 2.25 pt, in EMU
    elif spec.color:
        series.graphicalProperties.solidFill = spec.color
        series.graphicalProperties.line.solidFill = spec.color
    return series


def build_chart(sheet: Worksheet, spec: ChartSpec) -> BarChart | LineChart:
    """The chart: bars (and lines on the primary axis) first, then a line chart on the secondary axis."""
    primary_bars = [s for s in spec.series if s.kind == "bar"]
    primary_lines = [s for s in spec.series if s.kind == "line" and not s.secondary]
    secondary = [s for s in spec.series if s.secondary]
    chart = BarChart() if primary_bars else LineChart()
    if primary_bars:
        chart.type = "col"
        chart.grouping = "stacked" if spec.stacked else "clustered"
        chart.overlap = 100 if spec.stacked else spec.overlap
        chart.gapWidth = spec.gap_width
    for series in primary_bars or primary_lines:
        chart.series.append(_series(sheet, series))
    chart.set_categories(_reference(sheet, spec.categories))
    chart.title = _title(spec.title)
    chart.width, chart.height = spec.width, spec.height
    chart.legend.position = "b"
    chart.x_axis.title = spec.x_title
    chart.y_axis.title = spec.y_title
    chart.y_axis.number_format = spec.y_format
    chart.y_axis.majorGridlines = ChartLines()
    # openpyxl 3.1 marks new axes deleted: Excel and LibreOffice would draw them without labels.
    chart.x_axis.delete = chart.y_axis.delete = False
    if spec.label_skip:
        chart.x_axis.tickLblSkip = spec.label_skip
        chart.x_axis.tickMarkSkip = spec.label_skip
    if secondary:
        line = LineChart()
        for series in secondary:
            line.series.append(_series(sheet, series))
        line.x_axis.axId = SECONDARY_CATEGORY_ID
        line.x_axis.delete = True
        line.y_axis.axId = SECONDARY_AXIS_ID
        line.y_axis.crossAx = SECONDARY_CATEGORY_ID
        line.y_axis.title = spec.y2_title
        line.y_axis.number_format = spec.y2_format
        line.y_axis.crosses = "max"  # on the right
        line.y_axis.majorGridlines = None
        line.y_axis.delete = False
        line.y_axis.scaling.min = 0
        if spec.y2_max is not None:
            line.y_axis.scaling.max = spec.y2_max
        chart += line
    return chart


def _title(text: str) -> Title:
    """A chart title in bold TITLE_SIZE type (openpyxl's default is Excel's large 18 pt)."""
    props = CharacterProperties(sz=TITLE_SIZE, b=True)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)])
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)
