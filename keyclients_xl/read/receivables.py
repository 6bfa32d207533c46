"""Receivables exports → a tidy frame of debts: client, debt, overdue debt, days overdue or a due date, aging.

Layouts met in 1C and recognised here by their headers, wherever the table starts:
- "Ведомость по взаиморасчетам с контрагентами": Контрагент | «Сумма взаиморасчетов» over
  «Нач. остаток | Приход | Расход | Кон. остаток»; the closing balance is the debt;
- the aging reports ("Задолженность покупателей по срокам долга", "Задолженность клиентов"):
  Покупатель / Договор / Документ stacked in one column, the debt, its overdue part, and
  interval columns («Просрочено, дней» over «1-30 | 31-60 | 61-90 | свыше 90»);
- flat lists of documents with a due date or days overdue (a document column beside the client).

On the way: a title block above the header (its date, e.g. «Период: … - 31.10.2026» or
«… на 31.10.2026», is the date the debt is stated at); headers over two or three rows;
data starting in column B; amounts as text («1 234,56»); totals; and the hierarchy of
groups, clients, contracts and documents, given by Excel outline levels or, in flat
files, by document-like labels under a client. Only leaf rows are read (a client's own row
holds the subtotal of its documents), each under its client.

The frame keeps the values as the export states them (NaN where it has none); deriving the
overdue debt from days or due dates is the analysis' job (analyse/receivables.py).
Role synonyms are kept here, not in read/headers.py: receivables headers are not sales headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import KeyClientsError, Location
from ..i18n import Count, has_cyrillic, t
from .clients import client_key
from .headers import PARTNER, TOTAL_ROW, normalise, role_score
from .hierarchy import DOCUMENT_WORDS, depths_from_subtotals
from .layout import _Grid, group_mark_note, money_unit_notes, text_cells
from .notes import Note
from .sources import SheetRows, load_sheets, outline_levels
from .values import FILTER_LINE, assumed_day_first, dates_in_text, english_numbers, file_mark, is_blank, money_unit

HEADER_SEARCH_ROWS = 40
OUTLINE_ROWS_MAX = 20_000  # as for sales: grouped reports are report-sized
BUCKETS = ("b0_30", "b31_60", "b61_90", "b90")
_BUCKET_TOP = {"b0_30": 30, "b31_60": 60, "b61_90": 90, "b90": np.inf}
BUCKET_KEYS = {
    "b0_30": "receivables.bucket.0_30",
    "b31_60": "receivables.bucket.31_60",
    "b61_90": "receivables.bucket.61_90",
    "b90": "receivables.bucket.90",
}
COLUMNS = (
    "client",
    "client_key",
    "client_code",  # the debt's ИНН or client code, where the file has one (None elsewhere)
    "debt",
    "overdue",
    "days_overdue",
    "due_date",
    "current",
    *BUCKETS,
    "row",
)

# Header patterns, tried in this order on the header text (lower case, ё → е; a band over the
# column's own header is prefixed). Each column gets the first role that fits.
_CURRENT = re.compile(r"не\s*просроч|непросроч|\bcurrent\b|not (yet )?due|в срок\b")
_RANGE = re.compile(r"(?:от\s*)?(\d+)\s*(?:-|–|—|до|to|\.\.)\s*(\d+)")
_UP_TO = re.compile(r"(?:\bдо|менее|меньше|under|less than|up to|<|≤)\s*(\d+)")
_OVER = re.compile(r"(?:свыше|более|больше|\bover|more than|above|>|≥|\bот)\s*(\d+)|(\d+)\s*\+")
_DAYS_WORD = re.compile(r"\bдн|\bдень|\bdays?\b|срок|просроч|overdue|past due|aging")
_RANGE_ONLY = re.compile(r"^\s*(\d+\s*[-–—]\s*\d+|\d+\s*\+|[<>≤≥]\s*\d+)\s*$")
_DAYS = re.compile(r"(\bдн|\bдней|\bдни|\bday)")
_LATE = re.compile(r"просроч|overdue|past due|\blate\b|срок долга|\bage\b")
_DUE_DATE = re.compile(
    r"срок оплаты|дата оплаты|оплатить до|дата погашения|плановая дата|крайний срок|"
    r"due date|payment due|due on|pay by|^due$"
)
_OVERDUE = re.compile(r"просроч|overdue|past due")
_OPENING = re.compile(r"\bнач|начал|на начало|opening|beginning|приход|расход|оборот|debit turnover|credit turnover")
_DEBT = re.compile(
    r"долг|задолженност|дебиторк|дебиторск|к оплате|кон\.? остаток|конечн\w* остаток|остаток на конец|"
    r"кон\.? сальдо|сальдо на конец|\bdebt|balance|outstanding|amount due|receivable|total due"
)
_DOCUMENT = re.compile(r"^(документ|договор|счет|накладная|реализация|invoice|document|contract)")
_CONTRACT_HEADER = re.compile(r"^(договор|соглашение|contract)")
_CLIENT = re.compile(r"контрагент|клиент|покупател|партнер|заказчик|дебитор|customer|client|buyer|debtor")

# Labels of rows below a client in 1C's one-column hierarchy: contracts and documents.
# A document opens with its kind («Счет на оплату № 12», «Реализация … от 15.08.2026») or carries
# its date; a number sign alone is no document's («Аптека № 12»), nor a word's start («Счетмаш»).
_DOCUMENT_LABEL = re.compile(rf"(?i)\bот\s+\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}|\bдоговор|^\s*(?:{DOCUMENT_WORDS})(?=\s|$)")
# A client's name, though it holds '№' or 'договор' ('ООО «Магазин №5»', 'ИП Петров (магазин № 12)'):
# a legal form, unless the label opens with a document's word ('Договор с ООО «Альфа»').
_COMPANY = re.compile(r"(?i)(?:^|[\s«\"'(])(?:ооо|одо|пао|нао|зао|оао|ао|ип|тоо|чп|llc|ltd|inc|gmbh)(?=$|[\s.,«»\"')])")
_OPENS_AS_DOCUMENT = re.compile(rf"(?i)^\s*(?:{DOCUMENT_WORDS}|договор)(?=\s|$)")
_CONTRACT = re.compile(r"(?i)договор|соглашени|\bcontract")
_AS_OF_LINE = re.compile(
    r"(?i)период|на дату|по состоянию|\bна\s+\d|задолженность на|долг на|as of|as at|\bon\s+\d|period|balance at"
)
_DATE_LINE = re.compile(r"(?i)дата|сформирован|date|printed|generated")


# The words of each role in notes ('Сумма долга → долг').
ROLE_KEYS = {
    "client": "col.client",
    "client_code": "role.client_code",
    "debt": "receivables.col.debt",
    "overdue": "receivables.col.overdue",
    "current": "receivables.col.current",
    "days": "receivables_input.col.days",
    "due_date": "receivables_input.col.due",
    "document": "receivables.col.document",
    **BUCKET_KEYS,
}


@dataclass(frozen=True)
class ColumnRoles:
    """(role, header as written) pairs, for the layout note: 'Сумма долга → долг, …' in the note's language."""

    pairs: tuple[tuple[str, str], ...]

    def text(self, lang: str) -> str:
        def word(role: str) -> str:
            text = t(ROLE_KEYS[role], lang)
            return text if text.isupper() else text[:1].lower() + text[1:]

        return ", ".join(f"{header} → {word(role)}" for role, header in self.pairs)


@dataclass
class Receivables:
    """One receivables export, read: one row per debt line (a client or one of its documents)."""

    frame: pd.DataFrame
    file: str
    sheet: str | None
    header_row: int
    as_of: pd.Timestamp | None
    notes: list[Note] = field(default_factory=list)
    # Where the file names its clients by a code alone (ИНН, no name column): the code's header
    # cell. Such debts can only be matched to sales that carry client codes too.
    named_by_code: Location | None = None


def _lower(text: object) -> str:
    return "" if text is None else " ".join(str(text).lower().replace("ё", "е").split())


def header_role(text: str) -> str | None:
    """The role a header names: client, debt, overdue, days, due_date, contract, document, current
    or a bucket."""
    if not text:
        return None
    if _CURRENT.search(text):
        return "current"
    if (_DAYS_WORD.search(text) or _RANGE_ONLY.match(text)) and bucket_range(text) is not None:
        return "bucket"
    if _DAYS.search(text) and _LATE.search(text):
        return "days"
    if _DUE_DATE.search(text) and not _DAYS.search(text):
        return "due_date"
    if _OVERDUE.search(text):
        return "overdue"
    if _DEBT.search(text) and not _OPENING.search(text):
        return "debt"
    if _is_code(text):  # before the client: «Код контрагента» names a code
        return "client_code"
    if _CONTRACT_HEADER.match(text):
        return "contract"
    if _DOCUMENT.match(text):
        return "document"
    if _CLIENT.search(text):
        return "client"
    return None


# A client's code, in the sales reader's words (ИНН, Код контрагента, Customer ID …); a debts
# report lists clients and their documents, so a bare «Код» is the client's too.
_CODE_ONLY = frozenset(("код", "tax id", "taxpayer id", "инн/кпп"))


def _is_code(text: str) -> bool:
    return text in _CODE_ONLY or role_score(normalise(text), "client_code") > 0


def bucket_range(text: str) -> tuple[float, float] | None:
    """The days an interval header covers: '31-60' → (31, 60), 'до 30' → (0, 30), 'свыше 90' → (91, inf)."""
    if match := _RANGE.search(text):
        return float(match[1]), float(match[2])
    if match := _OVER.search(text):
        return float(match[1] or match[2]) + 1, np.inf
    if match := _UP_TO.search(text):
        return 0.0, float(match[1])
    return None


def bucket_of(low: float, high: float) -> tuple[str, bool]:
    """Our bucket for an interval of days, and whether the interval crosses our 30/60/90 limits.

    The interval goes where its middle lies (an open one: where it starts), so 1C's '30 - 60'
    is 31–60 and '1-7' is 0–30.
    """
    middle = low if np.isinf(high) else (low + high) / 2
    bucket = next(b for b in BUCKETS if middle <= _BUCKET_TOP[b])
    crosses = any(low < limit < high for limit in (30, 60, 90)) and not (np.isinf(high) and low >= 90)
    return bucket, crosses


def _header_texts(cells: pd.DataFrame, row: int, shown: bool = False) -> list[str]:
    """Each column's header: its own cell, prefixed by a band over it in the row above (two-row headers).

    Lower case for matching; `shown`: as written, 'band / header', for notes.
    """
    fold = (lambda c: "" if c is None else " ".join(str(c).split())) if shown else _lower
    lower = [fold(c) for c in cells.iloc[row]]
    # A band is text: a date or a number beside a title («Задолженность на | 31.10.2026») is none.
    above = [fold(c) or None if isinstance(c, str) else None for c in cells.iloc[row - 1]] if row else []
    if sum(c is not None for c in above) < 2:
        return lower  # no band row above: a blank row or a title line («Показатели: …»)
    upper = pd.Series(above, dtype=object).ffill().fillna("")
    joiner = " / " if shown else " "
    return [f"{up}{joiner}{lo}" if up and lo and up != lo else (lo or up) for lo, up in zip(lower, upper, strict=True)]


def _roles(headers: list[str]) -> tuple[dict[str, int], list[int]]:
    """Role → first column holding it, and the interval columns (each one its own)."""
    roles: dict[str, int] = {}
    buckets = []
    for col, text in enumerate(headers):
        role = header_role(text)
        if role == "bucket":
            buckets.append(col)
        elif role and role not in roles:
            roles[role] = col
        elif role == "client" and text == PARTNER:  # «Партнер» beside «Контрагент» is the client, as in sales
            roles[role] = col
    return roles, buckets


def _score(roles: dict[str, int], buckets: list[int]) -> int:
    amounts = {"debt", "overdue", "current"} & roles.keys()
    if not {"client", "client_code"} & roles.keys() or not (amounts or buckets):
        return 0
    return len(roles) + len(buckets)


def _find_header(grid: _Grid) -> tuple[int, list[str], dict[str, int], list[int]] | None:
    best = None
    for row in range(min(HEADER_SEARCH_ROWS, len(grid.cells))):
        headers = _header_texts(grid.cells, row)
        roles, buckets = _roles(headers)
        score = _score(roles, buckets)
        if score and (best is None or score > best[0]):
            best = (score, row, headers, roles, buckets)
    return None if best is None else best[1:]


def _likeliest_header(rows: list[list]) -> dict[str, object]:
    """The row that looks most like a header, for the error: the one naming the most of our
    roles, else the first with two texts; its texts as written, in order. Every text of the first
    rows would list the clients' names as columns."""
    rows = rows[:HEADER_SEARCH_ROWS]
    named = [sum(header_role(_lower(c)) is not None for c in row if _is_text(c)) for row in rows]
    texts = [[" ".join(c.split()) for c in row if _is_text(c)] for row in rows]
    if named and max(named):
        index = named.index(max(named))
    else:
        index = next((i for i, row in enumerate(texts) if len(row) >= 2), None)
    if index is None:
        index = next((i for i, row in enumerate(texts) if row), 0)
    shown = texts[index][:12] + (["…"] if len(texts[index]) > 12 else []) if texts else []
    return {"row": index + 1, "found": ", ".join(f"«{text}»" for text in shown) or "—"}


def _is_text(cell: object) -> bool:
    return isinstance(cell, str) and bool(cell.strip())


def _data_start(grid: _Grid, header_row: int, amount_cols: list[int]) -> int:
    """The first data row: below the header and below header rows that continue it.

    1C stacks its grouping headers (Покупатель / Договор / Документ) on rows of their own,
    under amount headers merged across them: such rows hold header text where amounts go.
    """
    start = header_row + 1
    while start < len(grid.cells) and start <= header_row + 3:
        amounts = grid.cells.iloc[start, amount_cols]
        texts = amounts[~is_blank(amounts)]
        if texts.empty or not all(_is_text(v) and _not_a_number(v) for v in texts):
            break
        start += 1
    return start


def _not_a_number(text: str) -> bool:
    return pd.isna(pd.to_numeric(re.sub(r"[\s\u00a0]", "", text).replace(",", "."), errors="coerce"))


def _as_of(grid: _Grid, header_row: int) -> pd.Timestamp | None:
    """The date the debt is stated at, from the title lines: the last date of a line that says
    so («Период: … - 31.10.2026», «Задолженность на 31 октября 2026 г.», «По состоянию на»,
    "as of 10/31/2026"; a date cell beside it counts), else of a line that only names a date
    («Дата формирования: 05.11.2026»). A filter line («Отбор: Договор.Дата …») never does."""
    strong, weak = [], []
    for row in range(header_row):
        cells = [c for c in grid.cells.iloc[row] if c is not None]
        line = " ".join(str(c) for c in cells)
        if not cells or FILTER_LINE.match(line):
            continue
        dates = dates_in_text(cells, day_first=has_cyrillic(line))
        if dates and _AS_OF_LINE.search(line):
            strong.append(dates[-1])
        elif dates and _DATE_LINE.search(line):
            weak.append(dates[-1])
    return max(strong) if strong else max(weak) if weak else None


def _clients_of(labels: pd.Series, detail: pd.Series, levels: pd.Series | None) -> pd.Series:
    """Each row's client: the nearest row above it, or itself, that is not a contract or document.

    With outline levels, that is the nearest such ancestor in the outline (a loop over the few
    levels, not over rows); without, the last such label above.
    """
    if levels is None:
        return labels.where(~detail).ffill()
    clients = pd.Series(np.nan, index=labels.index, dtype=object)
    for level in range(int(levels.max()), -1, -1):
        # The label of the current level-`level` ancestor, cut where the outline leaves it.
        here = labels.where((levels == level) & ~detail)
        stops = (levels < level) | ((levels == level) & detail)
        ancestor = here.groupby(stops.cumsum()).ffill().where(levels >= level)
        clients = clients.fillna(ancestor)
    return clients


def read_receivables_rows(sheet: SheetRows, blank_is_zero: bool = True) -> Receivables:
    """Parse one sheet's rows. Raises KeyClientsError (error.receivables_layout) when no header fits.

    `blank_is_zero`: a blank cell in an amount column reads as 0, as in an export; False (the
    workbook's input sheet, where a blank is what nobody typed) keeps it unknown (NaN), so the
    analysis derives it (an overdue amount from the days, buckets from the overdue amount).
    """
    grid = _Grid(sheet)
    if grid.cells.empty:
        raise KeyClientsError("error.empty", grid.where())
    found = _find_header(grid)
    if found is None:
        raise KeyClientsError("error.receivables_layout", grid.where(), _likeliest_header(sheet.rows))
    header_row, headers, roles, bucket_cols = found
    cells = grid.cells
    # A list by ИНН alone: the code stands for the client's name too (the sales name it, if they know it).
    client_col = roles["client"] if "client" in roles else roles["client_code"]
    amount_roles = [r for r in ("debt", "overdue", "current", "days") if r in roles]
    amount_cols = [roles[r] for r in amount_roles] + bucket_cols
    start = _data_start(grid, header_row, amount_cols)
    data = cells.index[start:]
    file = sheet.file

    labels = text_cells(cells.loc[data, client_col])
    header_again = labels.map(normalise) == normalise(cells.iat[header_row, client_col])
    totals = pd.Series(False, index=data)
    for col in range(client_col + 1):
        totals |= cells.loc[data, col].astype("string").str.match(TOTAL_ROW, na=False)
    totals &= ~header_again
    blank = cells.loc[data].isna().all(axis=1)
    content = data[~(header_again | totals | blank).to_numpy()]
    written = _header_texts(cells, header_row, shown=True)
    written_headers = dict(enumerate(written))

    # The amount columns together decide which mark groups thousands where a cell leaves it open.
    read = {
        col: grid.numbers(col, content, written_headers[col]) for col in [roles[r] for r in amount_roles] + bucket_cols
    }
    mark = file_mark([clue for _, clue in read.values()], english_numbers(headers, sheet.delimiter))
    mark_notes = {}
    for col in read:
        if mark is not None and (found := grid.regrouped(col, content, written_headers[col], mark)) is not None:
            read[col] = (found[0], None)
            mark_notes[col] = group_mark_note(file, written_headers[col], found[1])

    # Money in thousands or millions, as the sales' (layout.in_roubles): a title line, or a column's header.
    title = money_unit(str(cell) for row in sheet.rows[:header_row] for cell in row if isinstance(cell, str))
    found: dict[tuple[float, str], list[str]] = {}
    for col in [roles[r] for r in amount_roles if r != "days"] + bucket_cols:
        if (unit := money_unit([written_headers[col]]) or title) is not None:
            read[col] = (read[col][0] * unit[0], read[col][1])
            found.setdefault(unit, []).append(written_headers[col])

    def numbers(col: int) -> pd.Series:
        return read[col][0]

    values = pd.DataFrame(index=content)
    for role in amount_roles:
        values[role] = numbers(roles[role])
    buckets: dict[str, list[int]] = {}
    straddles = []
    for col in bucket_cols:
        low, high = bucket_range(headers[col])
        bucket, crosses = bucket_of(low, high)
        buckets.setdefault(bucket, []).append(col)
        if crosses:
            shown = str(cells.iat[header_row, col])
            params = {"file": file, "column": shown, "bucket": Note(BUCKET_KEYS[bucket])}
            straddles.append(Note("note.aging_straddle", params))
    for bucket, cols in buckets.items():
        values[bucket] = pd.concat([numbers(c) for c in cols], axis=1).sum(axis=1, min_count=1)
    due = None
    if "due_date" in roles:
        due, _ = grid.dates(roles["due_date"], content, headers[roles["due_date"]], assumed_day_first(headers))

    has_amount = values.drop(columns="days", errors="ignore").notna().any(axis=1)
    labels = labels.loc[content]
    company = labels.str.contains(_COMPANY, na=False) & ~labels.str.contains(_OPENS_AS_DOCUMENT, na=False)
    if "contract" in roles and "document" not in roles:  # a contract column alone lists what is owed
        roles["document"] = roles.pop("contract")
    if "document" in roles:
        document = text_cells(cells.loc[content, roles["document"]])
        # Beside a document column, a contract column: a row of a contract and no document is
        # the contract's (its subtotal, or a debt stated on the contract alone).
        contract = pd.Series(False, index=content)
        if "contract" in roles:
            contract = text_cells(cells.loc[content, roles["contract"]]).notna() & document.isna() & labels.isna()
        detail = document.notna() | contract
        clients = labels.ffill()
    else:
        detail = labels.str.contains(_DOCUMENT_LABEL, na=False) & ~company
        contract = detail & labels.str.contains(_CONTRACT, na=False)
        levels = None
        if sheet.levels:
            levels = pd.Series(sheet.levels, dtype="int64").reindex(cells.index, fill_value=0).loc[content]
        clients = _clients_of(labels, detail, levels)
    first_amount = next((values[r] for r in ("debt", "overdue", "current") if r in values), None)
    outlined, one_column = sheet.levels is not None, "document" not in roles
    groups = _group_rows(grid, content, detail, contract, outlined, labels, first_amount, one_column)
    if not detail.any() and first_amount is not None and sheet.levels is None:
        groups |= _groups_by_sums(values, has_amount, company)  # «Москва» over its clients in a flat list
    keep = has_amount & ~groups
    no_client = keep & clients.isna()
    keep &= clients.notna()
    rows = content[keep.to_numpy()]

    frame = pd.DataFrame({"client": clients.loc[rows]}, index=rows)
    frame["client_key"] = client_key(frame["client"])
    frame["client_code"] = None
    if "client_code" in roles:
        # A document's row under its client takes the client's code where its own cell is blank;
        # consecutive rows of one name with two codes stay two clients.
        codes = text_cells(cells.loc[content, roles["client_code"]])
        run = (clients != clients.shift()).cumsum()
        frame["client_code"] = codes.fillna(codes.groupby(run).transform("first")).loc[rows]
    for column in ("debt", "overdue", "days_overdue", "current", *BUCKETS):
        source = "days" if column == "days_overdue" else column
        if source not in values:
            frame[column] = np.nan  # the export has no such column
        elif source == "days":
            frame[column] = values.loc[rows, source]
        else:
            amounts = values.loc[rows, source]
            frame[column] = amounts.fillna(0.0) if blank_is_zero else amounts  # a blank amount in an export is 0
    frame["due_date"] = due.loc[rows] if due is not None else pd.NaT
    frame["row"] = rows + 1
    frame = frame[list(COLUMNS)].reset_index(drop=True)

    notes = list(sheet.notes) + straddles + list(mark_notes.values())
    shown = {role: written[col] for role, col in roles.items()}
    shown |= {bucket: " + ".join(written[c] for c in cols) for bucket, cols in buckets.items()}
    columns = ColumnRoles(tuple(shown.items()))
    notes.insert(0, Note("note.receivables_layout", {"file": file, "row": header_row + 1, "columns": columns}))
    named_by_code = None
    if "client" not in roles:
        named_by_code = grid.where(header_row, client_col, written[client_col])
        notes.insert(1, Note("note.receivables_codes_only", {"file": file, "code": written[client_col]}))
    elif "client_code" in roles:
        params = {"file": file, "code": written[roles["client_code"]], "name": written[client_col]}
        notes.insert(1, Note("note.codes_decide", params))
    notes += money_unit_notes(file, found)
    as_of = _as_of(grid, header_row)
    if as_of is not None:
        notes.append(Note("note.receivables_as_of", {"file": file, "date": f"{as_of:%d.%m.%Y}"}))
    noise = {"totals": int(totals.sum()), "groups": int((groups | ~has_amount).sum())}
    noise["headers"] = int(header_again.sum())
    if sum(noise.values()):
        notes.append(Note("note.noise_rows", {"file": file, "rows": Count(sum(noise.values()), "row"), **noise}))
    if no_client.any():
        notes.append(Note("note.receivables_no_client", {"file": file, "lines": Count(int(no_client.sum()), "row")}))
    return Receivables(frame, file, sheet.sheet, header_row + 1, as_of, notes, named_by_code)


def _group_rows(
    grid: _Grid,
    rows: pd.Index,
    detail: pd.Series,
    contract: pd.Series,
    outlined: bool,
    labels: pd.Series,
    amounts: pd.Series | None,
    one_column: bool,
) -> pd.Series:
    """Rows whose amounts are subtotals of the rows below: deeper in the outline; without one, a
    client's row followed by its documents (their client cell empty or its name again), or a
    contract's row («Договор …», «Основной договор») followed by its documents, and, where an
    amount tells, only if the documents' amounts add up to its own: a client without documents
    before the next client's documents keeps its debt, and so does a contract stated alone."""
    if outlined:
        return grid.group_rows(rows).fillna(False).astype(bool)
    head = labels.where(~detail).ffill()
    # The client's rows after it: in one column, every document row (its label is the document);
    # beside a document column, those whose client cell is empty or names it again.
    own = detail if one_column else detail & (labels.isna() | (labels == head))
    documents = own & ~contract
    heads = ~detail | contract
    if amounts is None:
        followed = own.shift(-1, fill_value=False).astype(bool)
        return (~detail & followed) | (contract & documents.shift(-1, fill_value=False).astype(bool))
    amount = amounts.fillna(0.0)
    # A contract first: the subtotal of its documents; then the client: of the rows left under it.
    by_contract = heads.cumsum()
    contract_total = amount.where(documents, 0.0).groupby(by_contract).transform("sum")
    contracts = contract & documents.groupby(by_contract).transform("any") & ((contract_total - amount).abs() <= 0.005)
    leaves = own & ~contracts
    by_client = (~detail).cumsum()
    client_total = amount.where(leaves, 0.0).groupby(by_client).transform("sum")
    clients = ~detail & leaves.groupby(by_client).transform("any") & ((client_total - amount).abs() <= 0.005)
    return clients | contracts


def _groups_by_sums(values: pd.DataFrame, has_amount: pd.Series, company: pd.Series) -> pd.Series:
    """Group rows of a flat list without an outline («Москва» over its clients), told by their
    amounts (hierarchy.depths_from_subtotals: every row must fit, two groups at least) and by
    their names: no group has a legal form, and its clients have (round debts add up by chance:
    100 000 = 50 000 + 50 000)."""
    none = pd.Series(False, index=values.index)
    rows = np.flatnonzero(has_amount.to_numpy())
    amounts = values.drop(columns="days", errors="ignore").to_numpy(dtype=float)
    depth = depths_from_subtotals(amounts, rows) if len(rows) else None
    if depth is None:
        return none
    company = company.to_numpy()
    if company[depth == 0].any() or not company[depth == 1].all():
        return none
    return pd.Series(depth == 0, index=values.index)


def read_receivables(path: Path | str) -> Receivables:
    """Read one receivables file: the first sheet (largest first) whose header fits."""
    path = Path(path)
    sheets = sorted(load_sheets(path), key=lambda s: -sum(len(r) for r in s.rows))
    first_error = None
    for sheet in sheets:
        if len(sheet.rows) <= OUTLINE_ROWS_MAX and (levels := outline_levels(path, sheet.sheet)):
            sheet = replace(sheet, levels=levels)
        try:
            return read_receivables_rows(sheet)
        except KeyClientsError as error:
            first_error = first_error or error
    raise first_error
