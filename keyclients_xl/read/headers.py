"""Recognising what a header means: column roles (client, date, amount, …) and month headers."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ..errors import KeyClientsError, Location

if TYPE_CHECKING:
    import pandas as pd

# numpy and pandas are imported by the functions that use them: the command line checks a
# --columns mapping (parse_mapping) before any export is read (docs/performance.md).

# Role → header phrases (already normalised: lower case, ё → е, punctuation → space).
ROLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "client": (
        "контрагент",
        "клиент",
        "покупатель",
        "заказчик",
        "грузополучатель",
        "партнер",
        "наименование клиента",
        "название клиента",
        "customer",
        "client",
        "customername",
        "customer name",
        "client name",
        "buyer",
        "account",
        "account name",
    ),
    # A code identifies the client when a name column exists too; alone, it is the client.
    "client_code": (
        "ид клиента",
        "код клиента",
        "код контрагента",
        "ид контрагента",
        "инн",
        "инн контрагента",
        "инн клиента",
        "customerid",
        "customer id",
        "customer code",
        "client id",
        "client code",
        "account id",
        "account number",
    ),
    "date": (
        "дата",
        "период",
        "дата отгрузки",
        "дата документа",
        "дата реализации",
        "дата доставки",
        "дата продажи",
        "день",
        "date",
        "orderdate",
        "order date",
        "invoicedate",
        "invoice date",
        "ship date",
        "shipdate",
        "shipment date",
        "delivery date",
        "day",
    ),
    "amount": (
        "сумма",
        "выручка",
        "сумма продаж",
        "сумма с ндс",
        "сумма без ндс",
        "стоимость",
        "продажи",
        "сумма реализации",
        "выручка с ндс",
        "выручка без ндс",  # the longer name wins: without VAT, as with 'Сумма без НДС'
        "сумма продаж без ндс",
        # what the client pays after a discount, beside the sum before it (1C's 'Сумма скидки' too)
        "сумма с учетом скидки",
        "сумма с учетом скидок",
        "сумма со скидкой",
        "сумма после скидки",
        "сумма за вычетом скидки",
        "выручка с учетом скидки",
        "sales",
        "amount",
        "revenue",
        "sum",
        "net sales",
        "total amount",
        "sales amount",
        "line total",
        "net",
        "net amount",
        "net value",
        "extended price",
        "ext price",
        "extended amount",
        "amount after discount",
        "discounted amount",
    ),
    "sku": (
        "номенклатура",
        "товар",
        "артикул",
        "код товара",
        "ид товара",
        "sku",
        "product",
        "productcode",
        "product code",
        "stockcode",
        "stock code",
        "item",
        "item code",
    ),
    "quantity": ("количество", "кол во", "колво", "qty", "quantity", "quantityordered", "units"),
    "price": (
        "цена",
        "цена продажи",
        "цена продажи за единицу",
        "цена за единицу",
        "price",
        "unitprice",
        "unit price",
        "priceeach",
        "price each",
    ),
    "list_price": (
        "цена по прайсу",
        "прайс",
        "цена прайса",
        "прайсовая цена",
        "розничная цена",
        "ррц",
        "msrp",
        "list price",
        "listprice",
        "price list",
    ),
    "cost": ("себестоимость", "себестоимость позиции", "cost", "cogs", "line cost"),
    "gross_profit": ("валовая прибыль", "валовый доход", "gross profit", "gross margin"),
    "manager": (
        "менеджер",
        "ответственный",
        "продавец",
        "ид продавца",
        "торговый представитель",
        "manager",
        "salesperson",
        "sales rep",
        "account manager",
    ),
    "status": ("статус", "состояние", "status"),
    "payment_date": ("дата оплаты", "payment date", "paid date"),
    # The line's document (1C's «Регистратор»: «Возврат товаров от покупателя 00001 от 12.10.2026»):
    # a customer's return counts with a minus (is_return_document).
    "document": (
        "документ",
        "регистратор",
        "вид документа",
        "тип документа",
        "документ продажи",
        "документ регистратор",
        "document",
        "document type",
        "doc type",
        "transaction type",
    ),
    # 1C's flags: a line marked for deletion, or of a document not posted, is no shipment (not_shipped).
    "deletion_mark": (
        "пометка удаления",
        "пометка на удаление",
        "помечен на удаление",
        "deletion mark",
        "marked for deletion",
        "deleted",
        "is deleted",
    ),
    "posted": ("проведен", "проведено", "posted", "is posted"),
    # Returns given beside the sales, in a column of their own: subtracted from the amount. Not a
    # bare «Возврат»: it may be a Да/Нет flag.
    "returns": (
        "возвраты",
        "сумма возврата",
        "сумма возвратов",
        "сумма возврата с ндс",
        "сумма возврата без ндс",
        "возвраты сумма",
        "возврат руб",
        "возвраты руб",
        "returns",
        "return amount",
        "returns amount",
        "returned amount",
        "sales returns",
        "refunds",
        "refund amount",
    ),
}
ROLES = tuple(ROLE_SYNONYMS)
# Each role's words: a header sharing none of them contains none of its phrases.
_ROLE_WORDS = {
    role: frozenset(word for phrase in phrases for word in phrase.split()) for role, phrases in ROLE_SYNONYMS.items()
}
# Roles of a document line only: named by a whole header ('Document date' is a date), and never a
# grouping of a report (`Документ` stacked under the client stays one: hierarchy.grouping_role).
LINE_ROLES = ("document", "deletion_mark", "posted", "returns")
REQUIRED_LONG = ("client", "date", "amount")  # a client code stands in for the client

# Headers of planned or target values are never actuals.
_NOT_ACTUAL = re.compile(r"\b(план|цель|plan|target|budget|бюджет|прогноз|forecast)")
# Sums that are not the sales: cost, profit, discount, payment, returns, debt, a currency's
# amount beside the rubles', VAT alone ('Сумма НДС', 'в т. ч. НДС'; 'с НДС', 'без НДС' are sales).
_NOT_SALES = re.compile(
    r"себестоим|закуп|прибыл|наценк|марж|скидк|оплат|возврат|долг|задолж|\bвал\b|валют|\bвес\b|\bмасса\b|"
    r"\b(cost|costs|cogs|profit|margin|discount|payment|paid|refund|returns?|debt|currency|weight)\b"
)
# A sum after its discount is the sales ('Сумма с учетом скидки', 'Amount after discount'): the
# discount named in it does not make it the discount's own sum ('Сумма скидки').
_AFTER_DISCOUNT = re.compile(
    r"\b(с учетом|со|после|за вычетом)\s+скидк\w*|\b(after|net of|less|with|incl|including)\s+discounts?\b|"
    r"\bdiscounted\b"
)
_VAT = re.compile(r"\b(ндс|vat|tax)\b")
_WITH_VAT = re.compile(r"\b(с|без|включая|incl|including|excl|excluding|with|without)\s+(ндс|vat|tax)\b")


def names_other_sums(header: str) -> bool:
    """A normalised header of an amount that is not the sales ('Сумма себестоимости', 'Сумма НДС',
    'Сумма скидки'); 'Сумма с учетом скидки' is the sales."""
    header = _AFTER_DISCOUNT.sub(" ", header)
    return bool(_NOT_SALES.search(header)) or (bool(_VAT.search(header)) and not _WITH_VAT.search(header))


# 'Total' starts company names too (Total Foods, TOTAL Vostok): alone, before ':' or 'for' it is a total.
TOTAL_ROW = re.compile(r"^\s*((итого|итог|всего|общий итог|grand total|subtotal)\b|total(\s*[:.]|\s*$|\s+for\s))", re.I)


def normalise(text: object) -> str:
    """Lower case, ё → е, punctuation → spaces, single spaces."""
    if text is None:
        return ""
    text = str(text).lower().replace("ё", "е")
    text = re.sub(r"[()\[\].,:;\"'«»№#/\\_\-]+", " ", text)
    return " ".join(text.split())


# A document's total, which 1C prints on each of the document's lines ('Сумма документа',
# 'Сумма по документу', 'Document total', 'Invoice total'): the amount only where no line's own
# sum is beside it, and then taken once per document (layout.repeats_document_total).
_DOCUMENT_TOTAL = re.compile(
    r"^(сумма|итого|итог|всего)( по)? (документа|документу|накладной|счета|счету)\b|"
    r"^(document|invoice|order|doc) total\b|^total (of )?(the )?(document|invoice|order)\b"
)


def names_document_total(header: str) -> bool:
    """A normalised header names a document's total, not a line's sum."""
    return bool(_DOCUMENT_TOTAL.search(header))


# 1C:УТ 11 and КА 2 call the business a manager deals with «Партнер», and each legal entity it buys
# through «Контрагент» (ООО Ромашка and ИП Петров for one Ромашка): beside each other, the partner
# is the client, as in 1C's own sales reports (layout.partner_note says so; --columns overrides).
PARTNER = "партнер"


def role_score(header: str, role: str) -> int:
    """How well a normalised header names a role: exact beats a contained phrase, longer beats
    shorter; «Партнер» beats any other client header (PARTNER)."""
    if role == "amount" and names_document_total(header) and not _NOT_ACTUAL.search(header):
        return 1  # below any line's own sum ('Сумма', 'Amount')
    if not header or _ROLE_WORDS[role].isdisjoint(header.split()):  # no phrase can be in it
        return 0
    if _NOT_ACTUAL.search(header) or (role == "amount" and names_other_sums(header)):
        return 0
    best = 0
    padded = f" {header} "
    for phrase in ROLE_SYNONYMS[role]:
        if header == phrase:
            return 1000 + len(phrase) + (100 if phrase == PARTNER and role == "client" else 0)
        # 'Document date', 'Document amount' are a date and an amount: a line's role is its header
        if role not in LINE_ROLES and f" {phrase} " in padded:
            best = max(best, len(phrase))
    return best


def _scores(header: str, col: int) -> list[tuple[int, int, str, int]]:
    words = header.split()
    roles = [role for role in ROLES if not _ROLE_WORDS[role].isdisjoint(words)]
    roles += ["amount"] if "amount" not in roles and names_document_total(header) else []  # 'Invoice total'
    return [(role_score(header, role), -col, role, col) for role in roles]


def assign_roles(headers: list[str]) -> dict[str, int]:
    """Role → column index, each column used once, best matches first."""
    scored = sorted(  # only the roles a header shares a word with: a 16,384-column sheet took 41 s
        (entry for col, h in enumerate(headers) if h for entry in _scores(h, col) if entry[0]), reverse=True
    )
    roles: dict[str, int] = {}
    used: set[int] = set()
    for _score, _, role, col in scored:
        if role not in roles and col not in used:
            roles[role] = col
            used.add(col)
    if "amount" in roles and {"quantity", "price"} <= roles.keys() and names_document_total(headers[roles["amount"]]):
        del roles["amount"]  # a line's quantity × price says what each line sold for; a document's total does not
    return roles


# A customer's return named by its document (1C: «Возврат товаров от покупателя …», «Возврат от
# клиента»; 'Return', 'Sales return', 'Credit note'), not a return to a supplier. «Корректировка
# реализации» is none: a correction raises or lowers a sale, and 1C signs it so.
_RETURN_DOCUMENT = re.compile(r"^(возврат(ы)?|(customer |sales )?returns?|credit (note|memo))\b")
_TO_SUPPLIER = re.compile(r"поставщик|vendor|supplier|purchase")
# A flag cell: 1C writes Да/Нет; booleans read as text; a deletion mark may be spelled out.
_YES = frozenset(("да", "д", "yes", "y", "true", "истина", "1", "+", "x"))
_NO = frozenset(("нет", "н", "no", "n", "false", "ложь", "0"))


# A file of returns alone, told by its name ('Возвраты от покупателей.xlsx', 'returns_oct.csv'):
# a word of returns, and none that says sales are in it too, or that they are left out.
_WORD = r"(?:^|[^a-zа-я])({})(?=$|[^a-zа-я])"
_RETURNS_WORD = re.compile(_WORD.format(r"возврат[а-я]*|returns?|refunds?|credit[\W_]*(?:notes?|memos?)"))
_NOT_RETURNS_ONLY = re.compile(
    _WORD.format(
        r"без|кроме|вычетом|минус|и|without|excl[a-z]*|net|and|продаж[а-я]*|реализаци[а-я]*|отгрузк[а-я]*"
        r"|выручк[а-я]*|shipments?|revenue"
    )
)


def is_returns_file(name: str) -> bool:
    """Whether a file's name says it holds customers' returns only (its stem, any case)."""
    stem = name.rsplit(".", 1)[0].casefold().replace("ё", "е")
    return bool(_RETURNS_WORD.search(stem)) and not _NOT_RETURNS_ONLY.search(stem)


# What every such document's name holds, whatever its case: a column's names are looked for it first.
RETURN_DOCUMENT_HINT = "возврат|return|credit"


_RETURN_HINT = re.compile(RETURN_DOCUMENT_HINT, re.IGNORECASE)


def _customer_return(name: str) -> bool:
    """A normalised document's name names a customer's return."""
    return bool(_RETURN_DOCUMENT.match(name)) and not _TO_SUPPLIER.search(name)


def is_return_document_name(name: str) -> bool:
    """A document's name (as written) names a customer's return."""
    return _customer_return(normalise(name))


def is_return_document(documents: pd.Series) -> pd.Series:
    """True where a line's document names a customer's return (each distinct value looked at once,
    and only one holding the hint is normalised: a column names 125,000 documents)."""
    return _per_value(documents, _customer_return, could=_RETURN_HINT.search)


def not_shipped(flags: pd.Series, role: str) -> pd.Series:
    """True where a flag says the line is no shipment: marked for deletion (`deletion_mark` is yes),
    or not posted (`posted` is no). A blank or another value leaves the line in."""
    if role == "deletion_mark":
        return _per_value(flags, lambda value: value in _YES or value.startswith("помечен"))
    return _per_value(flags, lambda value: value in _NO or value.startswith(("не провед", "not posted")))


def _per_value(cells: pd.Series, verdict, could=None) -> pd.Series:
    """`verdict` of each normalised distinct value, mapped back to the cells (missing: False);
    `could(text)`: a cheap test of the value as written, which a value must pass to be normalised."""
    import numpy as np
    import pandas as pd

    codes, values = pd.factorize(cells, use_na_sentinel=True)
    found = [(could is None or bool(could(str(value)))) and verdict(normalise(value)) for value in values]
    found = np.array([*found, False], dtype=bool)
    return pd.Series(found[codes], index=cells.index)


def is_dropped_status(status: pd.Series, dropped: tuple[str, ...]) -> pd.Series:
    """True where a status is one of `dropped`: folded as headers are, an entry also matching the
    statuses that start with it ('Void' drops 'Voided')."""
    import numpy as np
    import pandas as pd

    wanted = tuple(w for w in map(normalise, dropped) if w)
    if not wanted:
        return pd.Series(False, index=status.index)
    codes, values = pd.factorize(status, use_na_sentinel=True)
    verdict = np.array([normalise(value).startswith(wanted) for value in values] + [False], dtype=bool)
    return pd.Series(verdict[codes], index=status.index)


_RU_MONTHS = {
    "янв": 1,
    "фев": 2,
    "мар": 3,
    "апр": 4,
    "май": 5,
    "мая": 5,
    "мае": 5,
    "июн": 6,
    "июл": 7,
    "авг": 8,
    "сен": 9,
    "окт": 10,
    "ноя": 11,
    "дек": 12,
}
_EN_MONTHS = {
    m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])
}
_NAMED = re.compile(r"^(?P<name>[a-zа-я]+)\.?[\s\-'’.]*(?P<year>\d{4}|\d{2})?$")
# '2026 Август', '2026 г. август' (a year-first header 1C prints for a period)
_YEAR_NAMED = re.compile(r"^(?P<year>\d{4})\s*(?:г\.?|год)?[\s,\-/.]*(?P<name>[a-zа-я]+)\.?$")
# A month's name in full (any case ending) or cut short ('сент', 'нояб', 'Sept'): '2026 Декор' and
# 'Декор 2026' are a client, not December; 'Майонез' is no May.
_MONTH_WORD = re.compile(
    r"^(?:(январ|феврал|март|апрел|июн|июл|август|сентябр|октябр|ноябр|декабр)(?:[ьяюеиау]|ом|ем)?|ма[йяею]"
    r"|янв|фев|февр|мар|апр|авг|сен|сент|окт|ноя|нояб|дек|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
    r"|january|february|march|april|may|june|july|august|september|october|november|december)$"
)
_YEAR_CELL = re.compile(r"^(?P<year>(19|20)\d{2})\s*(г|год|year)?$")


def month_number(name: str) -> int | None:
    """'Август', 'августа', 'авг', 'Aug', 'August' → 8."""
    name = name.lower().replace("ё", "е")
    if len(name) < 3:
        return None
    key = name[:3]
    if key in _RU_MONTHS and (key != "мар" or name.startswith("март") or name == "мар"):
        return _RU_MONTHS[key]
    if key in _EN_MONTHS:
        return _EN_MONTHS[key]
    return None


def year_of(cell: object) -> int | None:
    """A year cell above month names: '2022 год', '2022 г.', 2022."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and 1990 <= cell <= 2100:
        return int(cell)
    match = _YEAR_CELL.match(normalise(cell))
    return int(match["year"]) if match else None


def parse_month(cell: object, year_above: int | None = None) -> pd.Period | None:
    """The month a header cell names, or None.

    Forms: a date cell, '2026-08', '08.2026', '01.08.2026', '01.08.26' (the first day only),
    'Август 2026', '2026 Август', 'авг.26', 'August 2026', 'Aug-26', or a bare month name with
    the year given by the row above.
    """
    import pandas as pd

    if isinstance(cell, (dt.date, pd.Timestamp)):
        return pd.Period(cell, freq="M")
    if cell is None or isinstance(cell, (int, float)):
        return None
    text = str(cell).strip().lower().replace("ё", "е")
    text = re.sub(r"\s*(г\.?|год)$", "", text).strip()
    if match := re.match(r"^(\d{4})[-/.](\d{1,2})$", text):
        year, month = int(match[1]), int(match[2])
    elif match := re.match(r"^(\d{1,2})[-/.](\d{4})$", text):
        year, month = int(match[2]), int(match[1])
    elif match := re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(\s.*)?$", text):
        year, month = int(match[3]), int(match[2])
    elif match := re.match(r"^(\d{4})-(\d{2})-(\d{2})([ t].*)?$", text):
        year, month = int(match[1]), int(match[2])
    elif match := re.match(r"^(01)\.(\d{1,2})\.(\d{2})(\s+\d{1,2}:\d{2}(:\d{2})?)?$", text):
        # '01.08.26': a date with a two-digit year is a month only as its first day (a line's date is not)
        year, month = 2000 + int(match[3]), int(match[2])
    elif (match := _YEAR_NAMED.match(text)) and _MONTH_WORD.match(match["name"]):
        year, month = int(match["year"]), month_number(match["name"])
    elif match := _NAMED.match(text):
        month = month_number(match["name"]) if _MONTH_WORD.match(match["name"]) else None
        if month is None:
            return None
        year_text = match["year"]
        if year_text:
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        elif year_above:
            year = year_above
        else:
            return None
    else:
        return None
    if not 1 <= month <= 12 or not 1990 <= year <= 2100:
        return None
    return pd.Period(year=year, month=month, freq="M")


def bare_month_number(cell: object) -> int | None:
    """The month a header names without a year ('Июль', 'авг.'), else None."""
    if not isinstance(cell, str):
        return None
    match = _NAMED.match(cell.strip().lower().replace("ё", "е"))
    if not match or match["year"] or not _MONTH_WORD.match(match["name"]):
        return None
    return month_number(match["name"])


def parse_mapping(text: str) -> dict[str, str]:
    """'client=Контрагент,date=Дата' → {'client': 'Контрагент', 'date': 'Дата'}."""
    mapping = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        role, sep, column = part.partition("=")
        if not sep or role.strip() not in ROLES or not column.strip():
            raise KeyClientsError("error.bad_mapping", Location(), {"text": text, "roles": ", ".join(ROLES)})
        if role.strip() in mapping:  # the last one silently won
            raise KeyClientsError("error.mapping_role_twice", Location(), {"role": role.strip(), "text": text})
        mapping[role.strip()] = column.strip()
    return mapping
