"""Sheet specs: plain data describing a sheet, so the report can be built and tested
without a renderer, and one renderer (openpyxl) can draw it for the CLI and for Excel."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Formula:
    """An Excel formula in English A1 syntax, e.g. '=AVERAGE(C10:E10)'.

    `value`: what the formula evaluates to, known from the analysis. It is written as the
    cell's cached value, so readers that do not recalculate (pandas, Power Query, previews)
    see the number. None: no cached value.
    """

    text: str
    value: object = None


@dataclass(frozen=True, slots=True, init=False)
class CellSpec:
    """One cell. `style` names a look the renderer knows (title, label, header, money, percent, …).

    A str value is always written as text, even when it starts with '=': text from an
    export must never become a formula.
    """

    row: int
    col: int
    value: object
    style: str | None = None

    def __init__(self, row: int, col: int, value: object, style: str | None = None) -> None:
        # A big build makes ~150,000 cells: the frozen dataclass's own __init__ (object.__setattr__
        # per field) took 2.5 times as long as the slots' own setters, below the class.
        _set_row(self, row)
        _set_col(self, col)
        _set_value(self, value)
        _set_style(self, style)


_set_row, _set_col, _set_value, _set_style = (
    CellSpec.__dict__[name].__set__ for name in ("row", "col", "value", "style")
)


@dataclass(frozen=True)
class TableBody:
    """A table's rows as columns: column `first_col + i` holds `columns[i]`, one value per row
    from `first_row` down, in look `styles[i]`. None is no cell, or, in a column whose
    `styled_blanks[i]` is true, an empty cell in the column's look (one to type in: the key-client
    list's Comment). Values are plain data (text, numbers, dates) or Formulas with their values.

    Why columns: History holds ~84,000 cells and the key-client list ~65,000. A CellSpec each,
    and the renderer's per-cell work on them, took ~0.6 s of a 1M-line build that must stay
    within ~2 × its floor (issue 12).
    """

    first_row: int
    columns: tuple[list, ...]
    styles: tuple[str | None, ...]
    first_col: int = 1
    styled_blanks: tuple[bool, ...] = ()  # empty: no column's blanks are cells

    @property
    def height(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def blanks_styled(self, i: int) -> bool:
        """Whether a None in column `i` is an empty cell in its look."""
        return bool(self.styled_blanks) and self.styled_blanks[i]

    def places(self):
        """(rows, cols): two integer arrays of the places that hold a cell, row by row."""
        import numpy as np

        if not self.height:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        held = np.array(
            [
                np.ones(self.height, dtype=bool) if self.blanks_styled(i) else [value is not None for value in column]
                for i, column in enumerate(self.columns)
            ],
            dtype=bool,
        ).T
        rows, cols = np.nonzero(held)
        return rows + self.first_row, cols + self.first_col

    def cells(self) -> list[CellSpec]:
        """The body as CellSpecs, row by row (for the few readers that need cells one by one)."""
        styled = [self.blanks_styled(j) for j in range(len(self.columns))]
        return [
            CellSpec(self.first_row + i, self.first_col + j, value, self.styles[j])
            for i, row in enumerate(zip(*self.columns, strict=True))
            for j, value in enumerate(row)
            if value is not None or styled[j]
        ]

    def formulas(self):
        """(row, col, Formula) of each formula in the body."""
        for j, column in enumerate(self.columns):
            for i, value in enumerate(column):
                if type(value) is Formula:
                    yield self.first_row + i, self.first_col + j, value


@dataclass(frozen=True)
class TableSpec:
    """An Excel Table over `ref` (header row included)."""

    name: str
    ref: str
    style: str = "TableStyleMedium2"


@dataclass(frozen=True)
class ConditionalSpec:
    """A conditional format: fill (and bold) the cells of `ref` where `formula` is true."""

    ref: str
    formula: str
    fill: str = "FFF2CC"
    bold: bool = False


@dataclass(frozen=True)
class ListValidation:
    """A drop-down of allowed values on a cell (Excel data validation, type list).

    `error`: the message Excel shows when something else is typed (and refuses it).
    """

    ref: str
    options: tuple[str, ...]
    error_title: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class ColorScaleSpec:
    """A two- or three-colour scale over `ref` (a heat map): lowest value `low`, highest `high`,
    and `mid` at the 50th percentile when given."""

    ref: str
    low: str = "FFFFFF"
    high: str = "63BE7B"
    mid: str | None = None


@dataclass(frozen=True)
class SeriesSpec:
    """One data series of a chart: `values` is a one-column range of the chart's own sheet
    ('C12:C31'); `name` the cell holding its name ('C11'). `kind` 'bar' or 'line'; `secondary`
    puts it on the right-hand axis; `color` its fill or line colour (RRGGBB)."""

    values: str
    name: str | None = None
    kind: str = "bar"
    secondary: bool = False
    color: str | None = None


@dataclass(frozen=True)
class ChartSpec:
    """A native Excel chart drawn over the sheet, its top-left corner at `anchor` ('H3').

    Every range is on the chart's own sheet, so a copy of the sheet (the Excel route copies
    sheets between workbooks) keeps its charts' data. `categories`: the x-axis labels.
    `stacked`: bar series stacked, else side by side (or over each other with `overlap` 100).
    Sizes in centimetres.
    """

    title: str
    categories: str
    series: tuple[SeriesSpec, ...]
    anchor: str
    width: float = 15.0
    height: float = 8.0
    x_title: str | None = None
    y_title: str | None = None
    y2_title: str | None = None  # the secondary axis (series with secondary=True)
    y_format: str = "#,##0"
    y2_format: str = "0%"
    y2_max: float | None = None
    stacked: bool = False
    overlap: int | None = None
    gap_width: int = 50
    label_skip: int | None = None  # show every n-th category label (a long x-axis)


@dataclass
class SheetSpec:
    name: str
    cells: list[CellSpec] = field(default_factory=list)
    tables: list[TableSpec] = field(default_factory=list)
    conditional: list[ConditionalSpec] = field(default_factory=list)
    validations: list[ListValidation] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    freeze: str | None = None
    tab_color: str | None = None
    print_area: str | None = None
    orientation: str = "landscape"  # of the printed A4 page: 'landscape' or 'portrait' (the account card)
    role: str = ""  # a stable id ('key_clients', 'settings') stored with the sheet
    # The table's header row: repeated on every printed page, frozen on screen (when `freeze`
    # is not given), and its headers aligned as the values under them (numbers to the right).
    header_row: int | None = None
    # The printed page footer; '{page}' and '{pages}' become the page number and count.
    footer: str | None = None
    merged: list[str] = field(default_factory=list)  # ranges such as 'A30:L30' drawn as one cell
    color_scales: list[ColorScaleSpec] = field(default_factory=list)
    charts: list[ChartSpec] = field(default_factory=list)
    # The name the report asked for, kept when delivery gives the sheet another one («История (2)»
    # beside the user's «История»): a spec laid out once and delivered again is named the same way.
    asked_name: str | None = None
    # A table's rows as columns (History's tens of thousands), besides `cells`; see TableBody.
    body: TableBody | None = None

    def every_cell(self) -> list[CellSpec]:
        """`cells` and the body's cells; with a body, row by row, left to right (the order the
        renderer registers the looks in)."""
        if self.body is None:
            return self.cells
        return sorted([*self.cells, *self.body.cells()], key=lambda cell: (cell.row, cell.col))

    def places(self):
        """(rows, cols): two integer arrays of every cell's place, `cells`' then the body's."""
        import numpy as np

        rows = np.fromiter((cell.row for cell in self.cells), dtype=np.int64, count=len(self.cells))
        cols = np.fromiter((cell.col for cell in self.cells), dtype=np.int64, count=len(self.cells))
        if self.body is None:
            return rows, cols
        body_rows, body_cols = self.body.places()
        return np.concatenate([rows, body_rows]), np.concatenate([cols, body_cols])

    def place_set(self) -> set[tuple[int, int]]:
        """Every cell's (row, col)."""
        return set(zip(*(places.tolist() for places in self.places()), strict=True))

    def value_at(self, row: int, col: int) -> object:
        """The value given for a cell (tests and the macros look cells up this way)."""
        for cell in self.cells:
            if (cell.row, cell.col) == (row, col):
                return cell.value
        body = self.body
        if body and 0 <= row - body.first_row < body.height and 0 <= col - body.first_col < len(body.columns):
            return body.columns[col - body.first_col][row - body.first_row]
        return None
