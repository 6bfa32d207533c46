"""A small stand-in for the parts of xlwings' Book API that keyclients_xl.excel.macros uses.

No Excel runs on our machines, so the macros are driven through this fake: cells are a
dict per sheet, and `books.open` loads a real .xlsx with openpyxl (the sheets our
renderer drew), so copied sheets carry the renderer's real values and formulas.
"""

from __future__ import annotations

from openpyxl import load_workbook


class FakeRange:
    def __init__(self, sheet, first, last=None):
        self.sheet, self.first, self.last = sheet, first, last or first
        self._ndim = None

    def options(self, ndim=None):
        self._ndim = ndim
        return self

    @property
    def value(self):
        (r1, c1), (r2, c2) = self.first, self.last
        rows = [[self.sheet.cells.get((r, c)) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
        return rows

    @value.setter
    def value(self, data):
        r1, c1 = self.first
        rows = data if data and isinstance(data[0], list) else [data]
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                self.sheet.cells[(r1 + i, c1 + j)] = v

    def clear_contents(self):
        (r1, c1), (r2, c2) = self.first, self.last
        for key in [k for k in self.sheet.cells if r1 <= k[0] <= r2 and c1 <= k[1] <= c2]:
            del self.sheet.cells[key]


class _Cell:
    def __init__(self, row, column):
        self.row, self.column = row, column


class _Used:
    def __init__(self, sheet):
        keys = [k for k, v in sheet.cells.items() if v is not None]
        self.last_cell = _Cell(max((k[0] for k in keys), default=1), max((k[1] for k in keys), default=1))


class FakeSheet:
    def __init__(self, book, name, cells=None):
        self.book, self.name, self.cells = book, name, dict(cells or {})

    def range(self, first, last=None):
        return FakeRange(self, first, last)

    @property
    def used_range(self):
        return _Used(self)

    def activate(self):
        self.book.active = self.name

    def delete(self):
        self.book._sheets.remove(self)

    def copy(self, before=None, after=None, name=None):
        target = (before or after).book
        if target.fail_on_copy is not None and len(target._sheets) >= target.fail_on_copy:
            raise RuntimeError("Excel refused to copy the sheet")
        clone = FakeSheet(target, name or self.name, self.cells)
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
            cells = {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None}
            book._sheets.append(FakeSheet(book, ws.title, cells))
        self.open_books.append(book)
        return book


class FakeBook:
    def __init__(self, name="KeyClients.xlsm", app=None):
        self.name, self.app = name, app or FakeApp()
        self._sheets, self.active, self.fail_on_copy, self.closed = [], None, None, False

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
