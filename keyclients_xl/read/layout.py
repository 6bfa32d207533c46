"""Rows of cells → a tidy frame of shipments: client, month, amount (+ optional columns).

Two layouts are recognised by searching the first rows for a header row:
- wide: one row per client, one column per month (the method's own table);
- long: one row per document line, with date, client and amount (or quantity × price).
Noise rows (totals, groups, repeated headers, blanks) are dropped and counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..errors import KeyClientsError, Location
from ..i18n import has_cyrillic
from .headers import (
    REQUIRED_LONG,
    ROLES,
    TOTAL_ROW,
    assign_roles,
    is_cancelled,
    normalise,
    parse_month,
    role_score,
    year_of,
)
from .notes import Note
from .sources import SheetRows
from .values import BadValue, MixedDateOrder, is_blank, to_dates, to_numbers

HEADER_SEARCH_ROWS = 40
NUMERIC_ROLES = ("quantity", "price", "list_price", "cost", "gross_profit")
TEXT_ROLES = ("sku", "manager")
_PERIOD = re.compile(r"(\d{1,2}\.\d{1,2}\.\d{4}).*?(\d{1,2}\.\d{1,2}\.\d{4})")


@dataclass
class Export:
    """One export, read: tidy shipments and what was assumed on the way."""

    frame: pd.DataFrame
    file: str
    sheet: str | None
    layout: str
    header_row: int
    data_end: pd.Timestamp | None
    cyrillic: bool
    notes: list[Note] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # a client directory: code → name


def _text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def text_cells(values: pd.Series) -> pd.Series:
    """Label cells (client, SKU, manager) as single-spaced text; ids stored as floats ('17850.0') become '17850'."""

    def one(v):
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return None if v is None else " ".join(str(v).split())

    return values.map(one).replace("", None).str.replace(r"^(\d+)\.0+$", r"\1", regex=True)


def client_key(names: pd.Series) -> pd.Series:
    """The identity of a client: trimmed, single-spaced, case-folded."""
    return names.str.casefold()


class _Grid:
    """The sheet as a frame of object cells, plus how to name a cell's place in errors."""

    def __init__(self, sheet: SheetRows):
        self.sheet = sheet
        width = max((len(row) for row in sheet.rows), default=0)
        padded = [list(row) + [None] * (width - len(row)) for row in sheet.rows]
        self.cells = pd.DataFrame(padded, dtype=object).replace({"": None})

    def group_rows(self, rows: pd.Index) -> pd.Series:
        """Rows that head a group: the next row with content sits deeper in the outline.

        1C writes such rows (Покупатели, a client over its products) with subtotals of
        the rows below; counting them too would count those amounts twice.
        """
        if not self.sheet.levels:
            return pd.Series(False, index=rows)
        levels = pd.Series(self.sheet.levels, dtype="int64").reindex(self.cells.index, fill_value=0)
        filled = self.cells.notna().any(axis=1)
        next_level = levels.where(filled).shift(-1)[::-1].ffill()[::-1]
        return ((next_level > levels) & filled).reindex(rows)

    def where(self, row: int | None = None, col: int | None = None, header: str | None = None) -> Location:
        return Location(
            file=self.sheet.file,
            sheet=self.sheet.sheet,
            row=None if row is None else row + 1,
            column=None if col is None else col + 1,
            header=header,
        )

    def numbers(self, col: int, rows: pd.Index, header: str) -> pd.Series:
        try:
            return to_numbers(self.cells.loc[rows, col])
        except BadValue as bad:
            raise KeyClientsError(
                "error.bad_number", self.where(bad.index, col, header), {"value": bad.value}
            ) from None

    def dates(self, col: int, rows: pd.Index, header: str) -> tuple[pd.Series, Note | None]:
        try:
            dates, order = to_dates(self.cells.loc[rows, col])
        except BadValue as bad:
            raise KeyClientsError("error.bad_date", self.where(bad.index, col, header), {"value": bad.value}) from None
        except MixedDateOrder as mixed:
            raise KeyClientsError(
                "error.mixed_date_order",
                self.where(None, col, header),
                {"dm": mixed.day_month_example, "md": mixed.month_day_example},
            ) from None
        note = None
        if order is not None:
            note = Note(
                "note.date_order",
                {
                    "file": self.sheet.file,
                    "column": header,
                    "order": Note("note.order_dm" if order.day_first else "note.order_md"),
                    "reason": Note("note.order_proved", {"value": order.proof})
                    if order.proof
                    else Note("note.order_assumed"),
                },
            )
        return dates, note


def _headers(grid: _Grid, row: int) -> list[str]:
    """Header texts of a row, with the row above prefixed where it is a group header (two-row headers)."""
    cells = grid.cells
    lower = [_text(c) for c in cells.iloc[row]]
    if row == 0:
        return lower
    upper = pd.Series([_text(c) or None for c in cells.iloc[row - 1]]).ffill().fillna("")
    return [lo or up for lo, up in zip(lower, upper, strict=True)]


def _long_candidate(grid: _Grid) -> tuple[int, dict[str, int]] | None:
    best = None
    for row in range(min(HEADER_SEARCH_ROWS, len(grid.cells))):
        roles = assign_roles([normalise(h) for h in _headers(grid, row)])
        if best is None or len(roles) > len(best[1]):
            best = (row, roles)
    return best


def _wide_candidate(grid: _Grid) -> tuple[int, dict[int, pd.Period]] | None:
    """The header row with the most month headers (two or more, and no numbers: data rows hold dates too)."""
    best = None
    for row in range(min(HEADER_SEARCH_ROWS, len(grid.cells))):
        cells = grid.cells.iloc[row]
        if _has_numbers(cells):
            continue
        # Bare month names take their year from a year row above ('2022 год'), merged or not.
        years = pd.Series([year_of(c) for c in grid.cells.iloc[row - 1]] if row else [None] * len(cells))
        years = years.astype("object").ffill()
        months = {
            col: month
            for col, cell in enumerate(cells)
            if (month := parse_month(cell, years.iloc[col] if pd.notna(years.iloc[col]) else None)) is not None
        }
        if len(set(months.values())) >= 2 and (best is None or len(months) > len(best[1])):
            best = (row, months)
    return best


def _has_numbers(cells: pd.Series) -> bool:
    """True when a row holds a number that is not a year: headers hold none."""
    return any(isinstance(c, (int, float)) and not isinstance(c, bool) and year_of(c) is None for c in cells)


def _title_period(grid: _Grid, header_row: int) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """'Период: 01.08.2026 - 31.10.2026' in the title block above the header."""
    for row in range(header_row):
        line = " ".join(_text(c) for c in grid.cells.iloc[row] if c is not None)
        if re.search(r"(?i)(период|period)", line) and (match := _PERIOD.search(line)):
            start, end = (pd.to_datetime(d, format="%d.%m.%Y", errors="coerce") for d in match.groups())
            if pd.notna(start) and pd.notna(end):
                return start, end
    return None


def _is_total(grid: _Grid, rows: pd.Index, cols: list[int]) -> pd.Series:
    hits = pd.Series(False, index=rows)
    for col in cols:
        hits |= grid.cells.loc[rows, col].astype("string").str.match(TOTAL_ROW, na=False)
    return hits


def read_rows(sheet: SheetRows, columns: dict[str, str] | None = None) -> Export:
    """Parse one sheet's rows into an Export. Raises KeyClientsError when no layout fits."""
    grid = _Grid(sheet)
    if grid.cells.empty:
        raise KeyClientsError("error.empty", grid.where())
    if columns:
        row, roles = _mapped_roles(grid, columns)
        return _read_long(grid, row, roles)
    wide = _wide_candidate(grid)
    if wide is not None:
        return _read_wide(grid, *wide)
    long = _long_candidate(grid)
    row, roles = long if long else (0, {})
    missing = [r for r in REQUIRED_LONG if r not in roles]
    if missing == ["amount"] and {"quantity", "price"} <= roles.keys():
        missing = []
    if missing:
        found = ", ".join(h for h in _headers(grid, row) if h) or "—"
        key = "error.no_time_axis" if "date" in missing and not _has_date_column(grid, row) else "error.no_layout"
        raise KeyClientsError(key, grid.where(row), {"found": found, "missing": ", ".join(missing)})
    return _read_long(grid, row, roles)


def _has_date_column(grid: _Grid, header_row: int) -> bool:
    """Whether any column below the header holds mostly dates (then only its header was not recognised)."""
    sample = grid.cells.iloc[header_row + 1 : header_row + 51]
    for col in sample.columns:
        values = sample[col].dropna()
        values = values[~values.map(lambda v: isinstance(v, (int, float)))]  # bare numbers prove nothing
        if len(values) < max(1, len(sample[col].dropna()) // 2):
            continue
        try:
            dates, _ = to_dates(values)
        except (BadValue, MixedDateOrder):
            continue
        if dates.notna().mean() >= 0.5:
            return True
    return False


def parse_mapping(text: str) -> dict[str, str]:
    """'client=Контрагент,date=Дата' → {'client': 'Контрагент', 'date': 'Дата'}."""
    mapping = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        role, sep, column = part.partition("=")
        if not sep or role.strip() not in ROLES or not column.strip():
            raise KeyClientsError("error.bad_mapping", Location(), {"text": text, "roles": ", ".join(ROLES)})
        mapping[role.strip()] = column.strip()
    return mapping


def _mapped_roles(grid: _Grid, columns: dict[str, str]) -> tuple[int, dict[str, int]]:
    """Header row and role → column for an explicit mapping (header texts or column letters)."""
    wanted = {role: normalise(name) for role, name in columns.items()}
    best_row, best_hits = 0, -1
    for row in range(min(HEADER_SEARCH_ROWS, len(grid.cells))):
        headers = [normalise(h) for h in _headers(grid, row)]
        hits = sum(name in headers for name in wanted.values())
        if hits > best_hits:
            best_row, best_hits = row, hits
    headers = [normalise(h) for h in _headers(grid, best_row)]
    roles = {}
    for role, name in wanted.items():
        if name in headers:
            roles[role] = headers.index(name)
        elif re.fullmatch(r"[a-z]{1,3}", name):
            roles[role] = sum((ord(ch) - 96) * 26**i for i, ch in enumerate(reversed(name))) - 1
        else:
            found = ", ".join(h for h in _headers(grid, best_row) if h)
            raise KeyClientsError(
                "error.mapping_column_missing",
                grid.where(best_row),
                {"column": columns[role], "role": role, "found": found},
            )
    detected = assign_roles([h if i not in roles.values() else "" for i, h in enumerate(headers)])
    return best_row, {**{r: c for r, c in detected.items() if r not in roles}, **roles}


def _read_long(grid: _Grid, header_row: int, roles: dict[str, int]) -> Export:
    file = grid.sheet.file
    headers = _headers(grid, header_row)
    data = grid.cells.index[header_row + 1 :]
    notes = list(grid.sheet.notes)
    client_col = roles["client"]

    client = text_cells(grid.cells.loc[data, client_col])
    header_again = client.map(normalise) == normalise(headers[client_col])
    totals = _is_total(grid, data, list(range(client_col + 1))) & ~header_again
    blank_row = grid.cells.loc[data].isna().all(axis=1)
    keep = data[~(header_again | totals | blank_row | grid.group_rows(data))]

    if "amount" in roles:
        amount = grid.numbers(roles["amount"], keep, headers[roles["amount"]])
    else:
        qty = grid.numbers(roles["quantity"], keep, headers[roles["quantity"]])
        price = grid.numbers(roles["price"], keep, headers[roles["price"]])
        amount = qty * price
        notes.append(Note("note.amount_from_qty_price", {"file": file}))
    date_col = roles["date"]
    # Group and subtotal rows carry no date or no amount: check dates only where a line can be.
    line_like = keep[amount.notna().to_numpy() & ~is_blank(grid.cells.loc[keep, date_col]).to_numpy()]
    dates, order_note = grid.dates(date_col, line_like, headers[date_col])
    notes += [order_note] if order_note else []

    lines = line_like[client.loc[line_like].notna().to_numpy()]
    no_client = len(line_like) - len(lines)
    frame = pd.DataFrame(
        {"client": client.loc[lines], "date": dates.loc[lines], "amount": amount.loc[lines]}, index=lines
    )
    for role in NUMERIC_ROLES:
        if role in roles:
            frame[role] = grid.numbers(roles[role], lines, headers[roles[role]])
    for role in TEXT_ROLES:
        if role in roles:
            frame[role] = text_cells(grid.cells.loc[lines, roles[role]])
    if "payment_date" in roles:
        frame["payment_date"], _ = grid.dates(roles["payment_date"], lines, headers[roles["payment_date"]])
    if "status" in roles:
        cancelled = is_cancelled(grid.cells.loc[lines, roles["status"]])
        if cancelled.any():
            notes.append(Note("note.cancelled", {"file": file, "count": int(cancelled.sum())}))
        frame = frame[~cancelled.to_numpy()]
    if no_client:
        notes.append(Note("note.no_client", {"file": file, "count": no_client}))

    groups = len(data) - len(line_like) - int(totals.sum()) - int(header_again.sum())
    notes.append(_noise_note(file, totals.sum(), groups, header_again.sum()))
    columns = ", ".join(f"{role}={headers[col]}" for role, col in roles.items())
    notes.insert(0, Note("note.layout_long", {"file": file, "row": header_row + 1, "columns": columns}))
    frame = frame.assign(month=frame["date"].dt.to_period("M"))
    # How far the export reaches: every dated line counts (a cancelled one too), and a
    # 'Период: … - 31.10.2026' title says it outright.
    data_end = dates.max() if len(dates) and dates.notna().any() else None
    period = _title_period(grid, header_row)
    if period:
        data_end = max(period[1], data_end) if data_end is not None else period[1]
    return Export(frame, file, grid.sheet.sheet, "long", header_row + 1, data_end, has_cyrillic(headers), notes)


def _noise_note(file: str, totals, groups, headers) -> Note:
    return Note(
        "note.noise_rows", {"file": file, "totals": int(totals), "groups": int(groups), "headers": int(headers)}
    )


def _read_wide(grid: _Grid, header_row: int, months: dict[int, pd.Period]) -> Export:
    file = grid.sheet.file
    cells = grid.cells
    first_month_col = min(months)
    data_start = header_row + 1
    month_cols = _pick_month_columns(grid, header_row, months)
    if month_cols is not months:
        data_start += 1
    headers = [_text(c) for c in cells.iloc[header_row]]
    above = [_text(c) for c in cells.iloc[header_row - 1]] if header_row else [""] * len(headers)
    label_cols = list(range(first_month_col))
    data = cells.index[data_start:]

    entity_col = _entity_column(grid, label_cols, headers, above, data)
    measure_col = _measure_column(grid, [c for c in label_cols if c != entity_col], data)
    entity = text_cells(cells.loc[data, entity_col])
    if measure_col is not None:
        entity = entity.ffill()

    header_again = (entity.map(normalise) == normalise(headers[entity_col] or above[entity_col])) | (
        cells.loc[data, list(month_cols)].map(lambda c: parse_month(c) is not None).sum(axis=1) >= 2
    )
    totals = _is_total(grid, data, label_cols) & ~header_again
    groups = grid.group_rows(data) & ~header_again & ~totals
    candidates = data[~(header_again | totals | groups).to_numpy()]
    values = pd.DataFrame(
        {month: grid.numbers(col, candidates, str(cells.iat[header_row, col])) for col, month in month_cols.items()},
        index=candidates,
    ).reindex(data)
    no_values = values.isna().all(axis=1)
    keep = ~(header_again | totals | no_values) & entity.notna()
    lines = values[keep.to_numpy()].assign(client=entity[keep])

    notes = list(grid.sheet.notes)
    if measure_col is not None:
        measures = cells.loc[lines.index, measure_col].map(normalise)
        lines = _combine_measures(lines.assign(measure=measures), grid.where(None, measure_col))
    frame = (
        lines.melt(id_vars="client", var_name="month", value_name="amount")
        .assign(amount=lambda f: f["amount"].fillna(0.0), date=pd.NaT)
        .astype({"month": "period[M]"})
    )
    groups = int((groups | (no_values & ~header_again & ~totals)).sum())
    notes.append(_noise_note(file, totals.sum(), groups, header_again.sum()))
    period_months = len(set(month_cols.values()))
    notes.insert(0, Note("note.layout_wide", {"file": file, "row": header_row + 1, "months": period_months}))
    period = _title_period(grid, header_row)
    data_end = None
    if period:
        data_end = period[1]
        notes.append(
            Note(
                "note.period_from_title",
                {"file": file, "start": f"{period[0]:%d.%m.%Y}", "end": f"{period[1]:%d.%m.%Y}"},
            )
        )
    cyrillic = has_cyrillic(headers + above)
    return Export(frame, file, grid.sheet.sheet, "wide", header_row + 1, data_end, cyrillic, notes)


def _pick_month_columns(grid: _Grid, header_row: int, months: dict[int, pd.Period]) -> dict[int, pd.Period]:
    """With a measure row under the months ('Сумма | Кол-во' under each month), keep the amount columns."""
    if header_row + 1 >= len(grid.cells):
        return months
    below = {col: normalise(grid.cells.iat[header_row + 1, col]) for col in months}
    if not any(role_score(text, "amount") for text in below.values()):
        return months
    return {col: month for col, month in months.items() if role_score(below[col], "amount")}


def _entity_column(grid: _Grid, label_cols: list[int], headers: list[str], above: list[str], data: pd.Index) -> int:
    """The client column left of the months: named so in the header, else the most textual one."""
    if not label_cols:
        raise KeyClientsError("error.no_layout", grid.where(), {"found": "—", "missing": "client"})
    for role in ("client", "sku"):
        for col in label_cols:
            if role_score(normalise(headers[col] or above[col]), role):
                return col
    text_counts = {
        col: grid.cells.loc[data, col].map(lambda v: isinstance(v, str) and bool(v.strip())).sum() for col in label_cols
    }
    return max(text_counts, key=text_counts.get)


def _measure_column(grid: _Grid, cols: list[int], data: pd.Index) -> int | None:
    """A column of a few repeating labels ('Цена', 'Кол-во') — several measure rows per client."""
    for col in cols:
        labels = grid.cells.loc[data, col].dropna().map(normalise)
        labels = labels[labels != ""]
        kinds = {_measure_kind(label) for label in labels.unique()}
        if len(labels) > 2 * labels.nunique() and labels.nunique() <= 6 and kinds - {None}:
            return col
    return None


def _measure_kind(label: str) -> str | None:
    scores = {role: role_score(label, role) for role in ("amount", "quantity", "price")}
    if "шт" in label.split() and not scores["price"]:
        scores["quantity"] = max(scores["quantity"], 1)
    role = max(scores, key=scores.get)
    return role if scores[role] else None


def _combine_measures(lines: pd.DataFrame, where: Location) -> pd.DataFrame:
    """Per client and month: the amount rows, or quantity × price where only those exist."""
    lines = lines.assign(kind=lines["measure"].map(_measure_kind)).drop(columns="measure")
    months = [c for c in lines.columns if isinstance(c, pd.Period)]
    by_kind = {
        kind: part.groupby("client", sort=False)[months].sum(min_count=1) for kind, part in lines.groupby("kind")
    }
    if "amount" in by_kind:
        result = by_kind["amount"]
    elif {"quantity", "price"} <= by_kind.keys():
        result = by_kind["quantity"] * by_kind["price"]
    else:
        found = ", ".join(sorted(by_kind))
        raise KeyClientsError("error.no_layout", where, {"found": found, "missing": "amount | quantity + price"})
    return result.reset_index()
