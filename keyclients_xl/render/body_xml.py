"""The rows under a sheet's header as worksheet XML text, written as openpyxl writes them.

Why by hand: openpyxl spends about 20 µs on each cell (a Cell object in the sheet's dict, a
style array, an lxml element per tag), three seconds for the 150,000 cells of a year's
History and key-client list, more than the floor of issue 12 allows for the whole write.
These rows are plain values in a handful of looks, so they are written here as text, each
cell exactly as openpyxl's own cell writer (openpyxl/cell/_writer.py) writes it: strings
inline, numbers through openpyxl's `safe_string`, dates as serial numbers through its
`to_excel`. Formulas get the cached value openpyxl does not write (render/cached.py). Every
look is still drawn by openpyxl (on a cell that is not kept), so the style indices are the
ones it registered. tests/test_render_package.py checks that both routes give the same cells.

A table body (report/spec.py's TableBody: History, the key-client list) is written a column
at a time, then joined row by row; its looks are registered in row order, so the bytes are the
ones the cell-by-cell writer makes.
"""

from __future__ import annotations

from operator import attrgetter, itemgetter

from openpyxl.cell.cell import ERROR_CODES, TIME_TYPES, Cell
from openpyxl.compat import safe_string
from openpyxl.compat.numbers import NUMERIC_TYPES
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet

from ..report.spec import CellSpec, Formula, SheetSpec, TableBody
from .cached import cached_xml
from .excel import draw_cell


def _escape(text: str) -> str:
    """XML character data, as lxml writes it (a carriage return kept as a reference)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


class _Looks:
    """Each look's style index in the workbook, registered once by drawing it with openpyxl."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.styled: dict[tuple, StyleArray] = {}
        self.attributes: dict[tuple, str] = {}

    def attribute(self, style: str | None, value: object) -> str:
        """' s="7"' for the cell's look, or '' when it has none."""
        found = self.attributes.get((style, type(value)))  # the value's type: a date's look differs
        if found is None:
            cell = Cell(self.sheet, row=1, column=1)
            draw_cell(cell, value, style, self.styled)
            found = f' s="{cell.style_id}"' if cell.has_style else ""
            self.attributes[(style, type(value))] = found
        return found


class _Checked(dict):
    """openpyxl's own text check (illegal characters raise, 32,767 characters at most), once
    per distinct text: History repeats each client's name month after month."""

    def __init__(self, sheet: Worksheet) -> None:
        super().__init__()
        self.cell = Cell(sheet)

    def __missing__(self, text: str) -> str:
        checked = self[text] = self.cell.check_string(text)
        return checked


def _cell_xml(ref: str, looks: _Looks, cell: CellSpec, check: _Checked) -> str:
    value, style = cell.value, cell.style
    s = looks.attribute(style, value)
    if type(value) is float or type(value) is int:  # most cells: the checks below in their order
        return f'<c r="{ref}"{s} t="n"><v>{safe_string(value)}</v></c>'
    if isinstance(value, Formula) or isinstance(value, str):
        text = check[value.text if isinstance(value, Formula) else value]
        if isinstance(value, Formula) and len(text) > 1 and text.startswith("="):
            return _formula_xml(f'<c r="{ref}"{s}', value, check)
        if isinstance(value, Formula) and text in ERROR_CODES:
            return f'<c r="{ref}"{s} t="e"><v>{_escape(text)}</v></c>'
        if text == "":
            return f'<c r="{ref}"{s} t="inlineStr"/>'
        return f'<c r="{ref}"{s}{_inline(text)}'
    if value is None:
        return f'<c r="{ref}"{s} t="n"/>' if s else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, NUMERIC_TYPES):
        return f'<c r="{ref}"{s} t="n"><v>{safe_string(value)}</v></c>'
    if isinstance(value, TIME_TYPES):
        if getattr(value, "tzinfo", None) is not None:
            raise TypeError("Excel does not support timezones in datetimes.")
        serial = to_excel(value, looks.sheet.parent.epoch)
        return f'<c r="{ref}"{s} t="n"><v>{safe_string(serial)}</v></c>'
    raise ValueError(f"Cannot convert {value!r} to Excel")


def body_rows(sheet: Worksheet, spec: SheetSpec, skip: set[int]) -> list[tuple[int, str]]:
    """(row number, its <row> element) for every row of `spec` not in `skip`, in order; the
    cells' looks are registered in `sheet`'s workbook."""
    looks = _Looks(sheet)
    check = _Checked(sheet)
    body = spec.body
    by_columns = body is not None and body.height > 0 and not _shares_rows(spec, skip)
    given = [cell for cell in (spec.cells if by_columns else spec.every_cell()) if cell.row not in skip]
    if by_columns:  # the cells above the body, the body, the cells under it: row by row
        cells = _in_order([cell for cell in given if cell.row < body.first_row], looks, check)
        cells.update((row, [content]) for row, content in _body_xml(body, looks, check))
        cells.update(_in_order([cell for cell in given if cell.row >= body.first_row + body.height], looks, check))
    else:
        cells = _in_order(given, looks, check)
    for row in spec.heights.keys() - skip:
        cells.setdefault(row, [])
    rows = []
    for row in sorted(cells):
        attributes = f' r="{row}"'
        if row in spec.heights:
            dimension = RowDimension(sheet, index=row)
            dimension.height = spec.heights[row]
            attributes += "".join(f' {name}="{text}"' for name, text in dimension)
        content = "".join(cells[row])
        rows.append((row, f"<row{attributes}>{content}</row>" if content else f"<row{attributes}/>"))
    return rows


def _in_order(given: list[CellSpec], looks: _Looks, check: _Checked) -> dict[int, list[str]]:
    cells = _cells_xml(given, looks, check)
    if cells is None:  # not row by row, left to right (every report spec is): sorted first
        cells = _cells_xml(sorted(given, key=attrgetter("row", "col")), looks, check)
    return cells


def _shares_rows(spec: SheetSpec, skip: set[int]) -> bool:
    """Whether one of the spec's cells is beside the body, or a row of the body is drawn by
    openpyxl: then the body is written cell by cell, with the rest, in row order."""
    body = spec.body
    inside = range(body.first_row, body.first_row + body.height)
    return any(row in inside for row in skip) or any(cell.row in inside for cell in spec.cells)


def _body_xml(body: TableBody, looks: _Looks, check: _Checked) -> list[tuple[int, str]]:
    """(row, its <c> elements) for each row of the body holding a cell: each column's cells
    made in one pass over its values, then joined row by row."""
    _register_looks(body, looks)
    columns = [
        _column_xml(values, body.first_col + i, style, body.blanks_styled(i), body.first_row, looks, check)
        for i, (values, style) in enumerate(zip(body.columns, body.styles, strict=True))
    ]
    rows = map("".join, zip(*columns, strict=True))
    return [(row, content) for row, content in enumerate(rows, body.first_row) if content]


def _register_looks(body: TableBody, looks: _Looks) -> None:
    """Each look the body uses, registered in the order the cells come row by row, as the
    cell-by-cell writer registers them: the workbook's style indices are the same either way."""
    firsts = []  # (row, column, value): each column's first value of each type
    for col, values in enumerate(body.columns):
        kinds = set(map(type, values))
        if not body.blanks_styled(col):
            kinds.discard(type(None))
        for kind in kinds:
            row = next(row for row, value in enumerate(values) if type(value) is kind)
            firsts.append((row, col, values[row]))
    for _, col, value in sorted(firsts, key=itemgetter(0, 1)):
        looks.attribute(body.styles[col], value)


def _column_xml(
    values: list, col: int, style: str | None, styled_blanks: bool, first: int, looks: _Looks, check: _Checked
) -> list[str]:
    """Each value's <c> element ('' for no cell), in _cells_xml's form, from row `first` down.

    A column of numbers, of texts or of formulas (and no cells), nearly every column, is written
    by one comprehension from pieces made once per kind or per distinct text; any other, and one
    of empty cells in a look, by cell_xml."""
    letter = get_column_letter(col)
    head = f'<c r="{letter}'
    rows = range(first, first + len(values))
    kinds = set(map(type, values))
    simple = not (styled_blanks and type(None) in kinds)
    kinds.discard(type(None))
    if simple and len(kinds) == 1 and kinds <= {float, int}:
        middle = f'"{looks.attribute(style, next(v for v in values if v is not None))} t="n"><v>'
        # _cells_xml's number: "%.16g", blank for NaN and ±inf (x - x is 0 for every finite number only)
        return [
            "" if value is None else f"{head}{row}{middle}{f'{value:.16g}' if value - value == 0 else ''}</v></c>"
            for value, row in zip(values, rows, strict=True)
        ]
    if simple and kinds == {str} and "" not in values:
        rests = {text: _text_rest(text, style, looks, check) for text in set(values) - {None}}
        return ["" if value is None else f"{head}{row}{rests[value]}" for value, row in zip(values, rows, strict=True)]
    if simple and kinds == {Formula} and all(len(v.text) > 1 and v.text[0] == "=" for v in values if v is not None):
        middle = f'"{looks.attribute(style, next(v for v in values if v is not None))}'
        return [
            "" if value is None else _formula_xml(f"{head}{row}{middle}", value, check)
            for value, row in zip(values, rows, strict=True)
        ]

    def cell_xml(value: object, row: int) -> str:
        if value is None and not styled_blanks:
            return ""
        return _cell_xml(f"{letter}{row}", looks, CellSpec(row, col, value, style), check)

    return list(map(cell_xml, values, rows))


def _formula_xml(start: str, value: Formula, check: _Checked) -> str:
    """A formula cell after its reference and look, with its cached value, as _cells_xml writes it."""
    attribute, v = cached_xml(value.value)
    text = value.text
    # openpyxl's check (control characters refused, 32,767 characters at most), not cached: a
    # formula names its own row. A printable text holds no control character.
    if not (text.isprintable() and len(text) <= 32_767):
        text = check.cell.check_string(text)
    return f"{start}{attribute}><f>{_escape(text[1:])}</f>{v}</c>"


def _text_rest(text: str, style: str | None, looks: _Looks, check: _Checked) -> str:
    """A text cell's element after its reference, as _cells_xml writes it."""
    return f'"{looks.attribute(style, text)}{_inline(check[text])}'


def _inline(checked: str) -> str:
    """A checked, non-empty text's part of its cell: type, inline string and the cell's end."""
    space = ' xml:space="preserve"' if checked != checked.strip() else ""
    return f' t="inlineStr"><is><t{space}>{_escape(checked)}</t></is></c>'


def _cells_xml(ordered: list[CellSpec], looks: _Looks, check: _Checked) -> dict[int, list[str]] | None:
    """Each row's <c> elements, or None as soon as a cell comes before the one given ahead of it.

    A year's History and key-client list are ~150,000 cells: the commonest kinds (numbers, text)
    are written inline from pieces kept per column and look, in _cell_xml's order and form.
    """
    known = looks.attributes
    heads: dict[int, str] = {}  # column → '<c r="D'
    numbers: dict[tuple, str] = {}  # (look, kind) → '" s="5" t="n"><v>'
    texts: dict[str, str] = {}  # a text → its '<is>…</is></c>' (checked and escaped once)
    cells: dict[int, list[str]] = {}
    last_row, last_col, written = 0, 0, False
    row_cells: list[str] | None = None  # the current row's, made with its first element
    for cell in ordered:
        row, col, value = cell.row, cell.col, cell.value
        if row != last_row:
            if row < last_row:
                return None
            row_cells = None
        elif col <= last_col:
            if col < last_col:
                return None
            if written:
                row_cells.pop()  # a cell given twice (no spec should): one <c> per place, the later one
        last_row, last_col = row, col
        head = heads.get(col) or heads.setdefault(col, f'<c r="{get_column_letter(col)}')
        kind = type(value)
        if kind is float or kind is int:
            key = (cell.style, kind)
            middle = numbers.get(key)
            if middle is None:
                s = known.get(key)
                middle = numbers[key] = f'"{looks.attribute(cell.style, value) if s is None else s} t="n"><v>'
            # safe_string's "%.16g" ("{:.16g}" formats alike), blank for NaN and ±inf (x - x is 0
            # for every finite number only)
            number = f"{value:.16g}" if value - value == 0 else ""
            xml = f"{head}{row}{middle}{number}</v></c>"
        else:
            s = known.get((cell.style, kind))
            if s is None:
                s = looks.attribute(cell.style, value)
            if kind is str and value:
                inline = texts.get(value)
                if inline is None:
                    text = check[value]
                    inline = texts[value] = _inline(text)
                xml = f'{head}{row}"{s}{inline}'
            elif value is None:  # a blank with a look (the key-client list's empty comment cells)
                xml = f'{head}{row}"{s} t="n"/>' if s else ""
            elif kind is Formula and len(value.text) > 1 and value.text[0] == "=":
                xml = _formula_xml(f'{head}{row}"{s}', value, check)
            else:
                xml = _cell_xml(f"{get_column_letter(col)}{row}", looks, cell, check)
            if not xml:
                written = False
                continue
        written = True
        if row_cells is None:
            row_cells = cells[row] = [xml]
        else:
            row_cells.append(xml)
    return cells
