"""A small stand-in for the parts of xlwings' Book API that keyclients_xl.excel.macros uses.

No Excel runs on our machines, so the macros are driven through this fake: a sheet's cell
values are a dict (`FakeSheet.values`, keyed by (row, column)), and `books.open` loads a real
.xlsx with openpyxl (the sheets our renderer drew), so copied sheets carry the renderer's real
values, formulas, number formats, column widths, conditional formats and Tables.

Excel behaviours the fake imitates, because the code under test must cope with them:
- text written through `Range.value` into a cell without the Text format ("@") is parsed as
  if typed: '=…', '+…', '-…', '@…' become a formula (here a `TypedFormula`), numeric text a number;
- `Sheet.clear()` clears cells, formats and conditional formats but leaves the Tables;
- copying cells or a sheet brings its Tables, renamed when the name is taken in that book;
  copying cells does not bring freeze panes or the print area;
- deleting a sheet turns references to it into #REF! (here: `book.deleted` records it);
- a sheet copy brings its charts (`FakeSheet.charts`: title and the sheet their data is on),
  re-pointed at the copy when their data is on the sheet itself.
- conditional formats added through the object model (`Range.api.FormatConditions.Add`) are
  listed in `FakeSheet.format_conditions`, and found and deleted through `Sheet.api.Cells`.

`Sheet.freeze_panes` is left out on purpose: in xlwings it works with xlwings PRO only.
"""

from __future__ import annotations

import re

from openpyxl import load_workbook

_NUMBER = re.compile(r"\s*[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?\s*")
_EXCEL_ROWS, _EXCEL_COLUMNS = 1_048_576, 16_384


class TypedFormula(str):
    """Text that Excel took for a formula when it was written into a cell (never wanted)."""


def _as_typed(value, number_format):
    """What Excel stores when `value` is written through Range.value into a cell of that format."""
    if not isinstance(value, str) or number_format == "@":
        return value
    if value.startswith("'"):  # Excel's text prefix: what follows is the text
        return value[1:]
    if value[:1] in ("=", "+", "-", "@") and not _NUMBER.fullmatch(value):
        return TypedFormula(value)
    if _NUMBER.fullmatch(value):
        return float(value.replace(",", "."))
    return value


class FakeTable:
    def __init__(self, sheet, name, ref, totals=0):
        self.sheet, self.name, self.ref, self.totals = sheet, name, ref, totals  # totals: Total Row on (1)
        self.api = _TableApi(self)

    @property
    def range(self):
        from openpyxl.utils import range_boundaries

        c1, r1, c2, r2 = range_boundaries(self.ref)
        return FakeRange(self.sheet, (r1, c1), (r2, c2))

    def resize(self, range_):
        from openpyxl.utils import get_column_letter

        (r1, c1), (r2, c2) = range_.first, range_.last
        self.ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"


class _FormatCondition:
    """One FormatCondition (xlExpression) as the object model has it."""

    def __init__(self, sheet, address, formula):
        self.sheet, self.address, self.Formula1 = sheet, address, formula  # noqa: N815 -- the COM name
        self.Interior, self.Font = _Colour(), _Colour()  # noqa: N815

    def Delete(self):  # noqa: N802 -- the COM name
        self.sheet.format_conditions.remove(self)


class _Colour:
    Color = None  # noqa: N815 -- the COM name


class _FormatConditions:
    def __init__(self, sheet, address=None):
        self.sheet, self.address = sheet, address

    @property
    def Count(self):  # noqa: N802 -- the COM name
        return len(self.sheet.format_conditions)

    def Item(self, index):  # noqa: N802 -- the COM name, 1-based
        return self.sheet.format_conditions[index - 1]

    def Add(self, Type, Formula1):  # noqa: N802, N803 -- the COM names
        assert Type == 2, "xlExpression"
        condition = _FormatCondition(self.sheet, self.address, Formula1)
        self.sheet.format_conditions.append(condition)
        return condition


class _RangeApi:
    def __init__(self, range_):
        self.FormatConditions = _FormatConditions(range_.sheet, range_.address)  # noqa: N815


class _SheetApi:
    def __init__(self, sheet):
        self.Cells = type("Cells", (), {"FormatConditions": _FormatConditions(sheet)})()  # noqa: N815


class _TableApi:
    """The ListObject as the Windows object model spells it (ListObject.Delete, ListRows.Add)."""

    def __init__(self, table):
        self.table = table
        self.ListRows = _ListRows(table)  # noqa: N815 -- the COM name

    def Delete(self):  # noqa: N802 -- the COM name
        sheet = self.table.sheet
        sheet.tables.remove(self.table)


class _ListRows:
    def __init__(self, table):
        self.table = table

    def Add(self, AlwaysInsert=False):  # noqa: N802, N803 -- the COM names
        """A row under the Table's data, above its totals row (`totals` rows at its end): the
        cells under it in the Table's columns move down one row, as Excel inserts them."""
        from openpyxl.utils import get_column_letter, range_boundaries

        table, sheet = self.table, self.table.sheet
        c1, r1, c2, r2 = range_boundaries(table.ref)
        new = r2 - table.totals + 1
        for store in (sheet.values, sheet.formats):
            moving = sorted(((r, c) for r, c in store if r >= new and c1 <= c <= c2), reverse=True)
            for r, c in moving:
                store[(r + 1, c)] = store.pop((r, c))
        table.ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2 + 1}"
        return type("ListRow", (), {"Range": type("Range", (), {"Row": new})()})()


def _unique_table_name(book, name):
    taken = {table.name for sheet in book._sheets for table in sheet.tables}
    if name not in taken:
        return name
    n = 2
    while f"{name}{n}" in taken:
        n += 1
    return f"{name}{n}"


class FakeChart:
    """An embedded chart: its title and the name of the sheet its series read from."""

    def __init__(self, title, data_sheet):
        self.title, self.data_sheet = title, data_sheet


def _chart_of(chart, sheet_name):
    """A FakeChart for an openpyxl chart read back from a file (its first series' sheet)."""
    title = "".join(run.t for p in chart.title.tx.rich.p for run in p.r or []) if chart.title else None
    ref = chart.series[0].val.numRef.f if chart.series else ""
    data_sheet = ref.split("!")[0].strip("'") if "!" in ref else sheet_name
    return FakeChart(title, data_sheet)


class FakeRange:
    def __init__(self, sheet, first, last=None):
        if isinstance(first, str):  # 'A5:J5,A9:J11', as Excel takes an address
            self.address = first
            from openpyxl.utils import range_boundaries

            c1, r1, c2, r2 = range_boundaries(first.split(",")[0])
            first, last = (r1, c1), (r2, c2)
        else:
            self.address = None
        self.sheet, self.first, self.last = sheet, first, last or first
        self._ndim = None

    @property
    def row(self):
        return self.first[0]

    @property
    def column(self):
        return self.first[1]

    @property
    def last_cell(self):
        return _Cell(*self.last)

    @property
    def api(self):
        return _RangeApi(self)

    def options(self, ndim=None):
        self._ndim = ndim
        return self

    @property
    def value(self):
        (r1, c1), (r2, c2) = self.first, self.last
        rows = [[self.sheet.values.get((r, c)) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
        return rows

    @value.setter
    def value(self, data):
        r1, c1 = self.first
        if not isinstance(data, list | tuple):
            rows = [[data]]  # one value, as xlwings writes a scalar into one cell
        else:
            rows = data if data and isinstance(data[0], list | tuple) else [data]
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                key = (r1 + i, c1 + j)
                self.sheet.values[key] = _as_typed(v, self.sheet.formats.get(key))

    @property
    def formula(self):
        """Excel's Range.Formula: a cell's formula, or its constant; "" for an empty cell; one
        cell as itself, more as rows of cells."""
        rows = tuple(tuple("" if cell is None else cell for cell in row) for row in self.value)
        return rows[0][0] if self.first == self.last else rows

    @formula.setter
    def formula(self, text):
        self.value = text

    @property
    def number_format(self):
        """One cell's format; a range's when its cells share one, else None (Excel's Null)."""
        (r1, c1), (r2, c2) = self.first, self.last
        if (r2 - r1 + 1) * (c2 - c1 + 1) == 1:
            return self.sheet.formats.get(self.first, "General")
        formats = {fmt for (r, c), fmt in self.sheet.formats.items() if r1 <= r <= r2 and c1 <= c <= c2}
        formatted = sum(1 for r, c in self.sheet.formats if r1 <= r <= r2 and c1 <= c <= c2)
        if formatted < (r2 - r1 + 1) * (c2 - c1 + 1):
            formats.add("General")
        return formats.pop() if len(formats) == 1 else None

    @number_format.setter
    def number_format(self, value):
        (r1, c1), (r2, c2) = self.first, self.last
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                self.sheet.formats[(r, c)] = value

    def clear_contents(self):
        (r1, c1), (r2, c2) = self.first, self.last
        for key in [k for k in self.sheet.values if r1 <= k[0] <= r2 and c1 <= k[1] <= c2]:
            del self.sheet.values[key]

    def copy(self, destination):
        """Only whole sheets are copied by the code under test (Cells.Copy Cells)."""
        assert self.first == (1, 1) and self.last == (_EXCEL_ROWS, _EXCEL_COLUMNS), "only whole-sheet copies"
        assert destination.first == (1, 1), destination.first
        source, target = self.sheet, destination.sheet
        target.values.update(source.values)
        target.formats.update(source.formats)
        target.widths.update(source.widths)
        target.conditional += list(source.conditional)
        for table in source.tables:
            target.tables.append(FakeTable(target, _unique_table_name(target.book, table.name), table.ref))


class _Cell:
    def __init__(self, row, column):
        self.row, self.column = row, column


class _Used:
    def __init__(self, sheet):
        keys = [k for k, v in sheet.values.items() if v is not None]
        self.last_cell = _Cell(max((k[0] for k in keys), default=1), max((k[1] for k in keys), default=1))


class _PageSetup:
    def __init__(self):
        self.print_area = None


class FakeName:
    """A sheet-local defined name: xlwings shows it as 'Sheet name'!local."""

    def __init__(self, names, local, refers_to):
        self.names, self.local, self.refers_to = names, local, refers_to

    @property
    def name(self):
        return f"'{self.names.sheet.name}'!{self.local}"

    def delete(self):
        self.names.items.remove(self)


class FakeNames:
    def __init__(self, sheet):
        self.sheet, self.items = sheet, []

    def __iter__(self):
        return iter(list(self.items))

    def add(self, name, refers_to):
        added = FakeName(self, name, refers_to)
        self.items.append(added)
        return added


class FakeSheet:
    def __init__(self, book, name, values=None):
        self.book, self.name, self.values = book, name, dict(values or {})
        self.formats, self.widths, self.conditional, self.tables = {}, {}, [], []
        self.freeze, self.page_setup = None, _PageSetup()
        self.names = FakeNames(self)  # Excel keeps a sheet's local names with it, and copies them
        self.freeze, self.page_setup, self.charts = None, _PageSetup(), []
        self.format_conditions = []

    @property
    def api(self):
        return _SheetApi(self)

    def range(self, first, last=None):
        return FakeRange(self, first, last)

    @property
    def cells(self):
        """The whole sheet as a range (xlwings' `Sheet.cells`)."""
        return FakeRange(self, (1, 1), (_EXCEL_ROWS, _EXCEL_COLUMNS))

    @property
    def used_range(self):
        return _Used(self)

    def activate(self):
        self.book.active = self.name

    def clear(self):
        """Cells.Clear: contents, formats and conditional formats; Tables stay."""
        self.values.clear()
        self.formats.clear()
        self.conditional.clear()

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, value):
        """Renaming a sheet re-points the charts that read from it, as Excel does."""
        old = getattr(self, "_name", None)
        self._name = value
        for chart in self.charts if hasattr(self, "charts") else []:
            if chart.data_sheet == old:
                chart.data_sheet = value

    def delete(self):
        self.book._sheets.remove(self)
        self.book.deleted.append(self.name)

    def copy(self, before=None, after=None, name=None):
        target = (before or after).book
        if target.fail_on_copy is not None and len(target._sheets) >= target.fail_on_copy:
            raise RuntimeError("Excel refused to copy the sheet")
        clone = FakeSheet(target, name or self.name, self.values)
        clone.formats, clone.widths, clone.conditional = dict(self.formats), dict(self.widths), list(self.conditional)
        clone.freeze, clone.page_setup.print_area = self.freeze, self.page_setup.print_area
        clone.tables = [FakeTable(clone, _unique_table_name(target, t.name), t.ref) for t in self.tables]
        for name in self.names:
            clone.names.add(name.local, name.refers_to)
        # A chart reading its own sheet reads the copy; one reading another sheet keeps it.
        clone.charts = [
            FakeChart(c.title, clone.name if c.data_sheet == self.name else c.data_sheet) for c in self.charts
        ]
        index = target._sheets.index(before) if before else target._sheets.index(after) + 1
        target._sheets.insert(index, clone)
        return clone


class FakeSheets:
    def __init__(self, book):
        self.book = book

    def __iter__(self):
        return iter(list(self.book._sheets))

    def __len__(self):
        return len(self.book._sheets)

    def __getitem__(self, key):
        if isinstance(key, int):
            return self.book._sheets[key]
        return next(s for s in self.book._sheets if s.name == key)


class FakeApp:
    def __init__(self):
        self.status_bar_history, self.alerts, self.open_books = [], [], []

    @property
    def status_bar(self):
        return self.status_bar_history[-1] if self.status_bar_history else False

    @status_bar.setter
    def status_bar(self, value):
        self.status_bar_history.append(value)

    def alert(self, prompt, title=None, **kwargs):
        self.alerts.append((title, prompt))

    @property
    def books(self):
        return self

    def open(self, path):
        book = FakeBook("report.xlsx", self)
        for ws in load_workbook(path).worksheets:
            sheet = FakeSheet(book, ws.title)
            for row in ws.iter_rows():
                for c in row:
                    if c.value is not None:
                        sheet.values[(c.row, c.column)] = c.value
                    if c.number_format != "General":
                        sheet.formats[(c.row, c.column)] = c.number_format
            sheet.widths = {
                letter: dim.width for letter, dim in ws.column_dimensions.items() if dim.customWidth and dim.width
            }
            sheet.conditional = [
                (str(rng.sqref), rule.formula[0] if rule.formula else rule.type)  # a colour scale has no formula
                for rng in ws.conditional_formatting
                for rule in rng.rules
            ]
            sheet.charts = [_chart_of(chart, ws.title) for chart in ws._charts]
            sheet.tables = [FakeTable(sheet, table.name, table.ref) for table in ws.tables.values()]
            sheet.freeze = ws.freeze_panes
            sheet.page_setup.print_area = ws.print_area
            book._sheets.append(sheet)
        self.open_books.append(book)
        return book


class FakeBook:
    def __init__(self, name="KeyClients.xlsm", app=None):
        self.name, self.app = name, app or FakeApp()
        self.fullname = name  # a book never saved has no folder; tests set a full path
        self.selection = None  # the selected range (Book.selection), set by tests
        self._sheets, self.active, self.fail_on_copy, self.closed = [], None, None, False
        self.deleted = []  # names of deleted sheets: in Excel, formulas pointing at them became #REF!

    @property
    def sheets(self):
        return FakeSheets(self)

    def add_sheet(self, name, rows=()):
        sheet = FakeSheet(self, name)
        self._sheets.append(sheet)
        sheet.range((1, 1)).value = [list(r) for r in rows] if rows else []
        return sheet

    def close(self):
        self.closed = True

    def grid(self, name):
        """A sheet's cells as rows (None for blanks), for assertions."""
        sheet = self.sheets[name]
        used = sheet.used_range.last_cell
        return sheet.range((1, 1), (used.row, used.column)).value
