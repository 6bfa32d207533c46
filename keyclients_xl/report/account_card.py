"""The printable account card («Карточка клиента»): one client on one page.

Rank and trend, health and its reasons, the Account cards sheet's row, contacts, the last
visits, alerts and the plan items, each list cut to a fixed number of lines (with "…and N
more") and each text to the width of its cells, so the card always fits one page, A4
portrait (it would fit a landscape page too).

The facts come in as plain values (AccountCardFacts): health and alerts are computed
elsewhere, and the caller picks this client's rows of the input frames and of the plan.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from ..analyse.alerts import Alert, sort_alerts
from ..analyse.plan import item_text
from ..i18n import Count, number, t
from .manager_inputs import ROLES, role_label
from .spec import CellSpec, SheetSpec

MAX_REASONS = 2
MAX_CONTACTS = 6
MAX_VISITS = 3
MAX_ALERTS = 3
MAX_PLAN = 8
# Characters that fit: a value in column B, a contact or visit cell, a full-width line.
# Cyrillic runs about one character per width unit, so each limit is its cell's width or less.
VALUE_CHARS, CELL_CHARS, NOTE_CHARS, LINE_CHARS, TITLE_CHARS = 34, 20, 20, 85, 60
WIDTHS = {1: 20, 2: 34, 3: 2, 4: 13, 5: 22, 6: 20}
ROW_HEIGHT, TITLE_HEIGHT = 13.5, 20.0  # points
LAST_COL = 6
CARD_DATES = ("stock_check", "last_promo", "illiquid_exchange", "defects_replaced")


@dataclass
class AccountCardFacts:
    """Everything the card shows about one client, as plain values.

    trend, health and reasons: already in words, in the card's language. card: the client's
    row of the Account cards sheet (read/manager_inputs.py `cards`), as a dict. contacts,
    visits, plan: the client's rows of those frames (plan: analyse/plan.py, text in the
    card's language, in plan order; high-priority items print bold; its alert items are
    left out, the alerts having their own section).
    """

    client: str
    today: dt.date
    rank: int | None = None
    average: float | None = None
    trend: str | None = None
    manager: str | None = None
    health: str | None = None
    reasons: list[str] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    card: dict | None = None
    contacts: pd.DataFrame | None = None
    visits: pd.DataFrame | None = None
    plan: pd.DataFrame | None = None
    plan_days: int = 30
    # Alerts already in words, as a Plan sheet holds them (the card of a built workbook): (text, severity).
    alert_lines: list[tuple[str, str]] = field(default_factory=list)


def _clip(text: object, chars: int) -> str:
    text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    text = re.sub(r"[ \t\r\n]+", " ", text).strip()  # no-break spaces (in numbers, dates) stay
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def short_day(day: object, lang: str) -> str:
    """'15.12.2026' (ru) or 'Dec 15, 2026' (en); '' for no date."""
    if day is None or pd.isna(day):
        return ""
    from babel.dates import format_skeleton

    return format_skeleton("yMd" if lang == "ru" else "yMMMd", pd.Timestamp(day).date(), locale=lang)


def _shown(items: list, limit: int, lang: str) -> tuple[list, str | None]:
    """The first `limit` items, or `limit - 1` and a '…and N more' line."""
    if len(items) <= limit:
        return items, None
    return items[: limit - 1], t("card.more", lang, count=len(items) - limit + 1)


def _facts_block(facts: AccountCardFacts, lang: str, row: int) -> list[CellSpec]:
    card = facts.card or {}
    pairs = [
        ("card.rank", facts.rank, "value"),
        ("card.average", None if facts.average is None else number(facts.average, lang), "value"),
        ("card.trend", facts.trend, "value"),
        ("card.health", facts.health, "value"),
    ]
    cells = []
    for key, value, style in pairs:
        shown = value if isinstance(value, int) else _clip(value, VALUE_CHARS) or "—"
        cells += [CellSpec(row, 1, t(key, lang), "label"), CellSpec(row, 2, shown, style)]
        row += 1
    reasons, more = _shown(list(facts.reasons), MAX_REASONS, lang)
    for reason in [*reasons, *([more] if more else [])]:
        cells.append(CellSpec(row, 2, "• " + _clip(reason, VALUE_CHARS - 2), "note"))
        row += 1
    for key in ("business", "competitors", "terms"):
        cells += [
            CellSpec(row, 1, t(f"card.{key}", lang), "label"),
            CellSpec(row, 2, _clip(card.get(key), VALUE_CHARS) or "—", "value"),
        ]
        row += 1
    for key in CARD_DATES:
        cells += [
            CellSpec(row, 1, t(f"card.{key}", lang), "label"),
            CellSpec(row, 2, short_day(card.get(key), lang) or "—", "value"),
        ]
        row += 1
    return cells


def _contacts_block(contacts: pd.DataFrame | None, lang: str, row: int) -> tuple[list[CellSpec], int]:
    cells = [CellSpec(row, 4, t("card.contacts", lang), "label")]
    row += 1
    if contacts is None or contacts.empty:
        return [*cells, CellSpec(row, 4, t("card.none", lang), "note")], row + 1
    order = {role: i for i, role in enumerate(ROLES)}
    ranked = contacts.assign(_order=contacts["role"].map(order).fillna(len(ROLES))).sort_values(["_order", "row"])
    records, more = _shown(ranked.to_dict("records"), MAX_CONTACTS, lang)
    for record in records:
        role = record["role"]
        reach = record.get("phone") if pd.notna(record.get("phone")) else record.get("email")
        cells += [
            CellSpec(row, 4, role_label(role, lang) if isinstance(role, str) else "—", "text"),
            CellSpec(row, 5, _clip(record.get("name"), CELL_CHARS), "text"),
            CellSpec(row, 6, _clip(reach, NOTE_CHARS), "text"),
        ]
        row += 1
    if more:
        cells.append(CellSpec(row, 4, more, "note"))
        row += 1
    return cells, row


def _visits_block(visits: pd.DataFrame | None, lang: str, row: int) -> list[CellSpec]:
    cells = [CellSpec(row, 4, t("card.visits", lang), "label")]
    row += 1
    if visits is None or visits.empty:
        return [*cells, CellSpec(row, 4, t("card.none", lang), "note")]
    for record in visits.sort_values(["date", "row"], ascending=False).head(MAX_VISITS).to_dict("records"):
        cells += [
            CellSpec(row, 4, short_day(record["date"], lang), "text"),
            CellSpec(row, 5, _clip(record.get("manager"), CELL_CHARS), "text"),
            CellSpec(row, 6, _clip(record.get("note"), NOTE_CHARS), "text"),
        ]
        row += 1
    return cells


def _lines_block(
    title: str, lines: list[tuple[str | None, str, bool]], limit: int, lang: str, row: int
) -> list[CellSpec]:
    """A section of full-width lines: (date or None, text, urgent). A dated line has its date in A and
    its text from B on; an undated one starts in A. Urgent lines are bold."""
    cells = [CellSpec(row, 1, title, "label")]
    row += 1
    if not lines:
        return [*cells, CellSpec(row, 1, t("card.none", lang), "note")]
    shown, more = _shown(lines, limit, lang)
    for day, text, urgent in shown:
        style = "label" if urgent else "text"
        if day is None:
            cells.append(CellSpec(row, 1, _clip(text, LINE_CHARS + 15), style))
        else:
            cells += [CellSpec(row, 1, day, style), CellSpec(row, 2, _clip(text, LINE_CHARS), style)]
        row += 1
    if more:
        cells.append(CellSpec(row, 1 if lines[0][0] is None else 2, more, "note"))
    return cells


def account_card_sheet(facts: AccountCardFacts, lang: str) -> SheetSpec:
    """The card: a facts column on the left, contacts and visits on the right, then alerts and the plan."""
    built = t("card.built", lang, day=short_day(facts.today, lang))
    manager = f" · {t('card.manager', lang)}: {facts.manager}" if facts.manager else ""
    cells = [
        CellSpec(1, 1, _clip(t("card.title", lang, client=facts.client), TITLE_CHARS), "title"),
        CellSpec(2, 1, built + manager, "note"),
    ]
    left = _facts_block(facts, lang, 4)
    right, row = _contacts_block(facts.contacts, lang, 4)
    right += _visits_block(facts.visits, lang, row + 1)
    cells += left + right
    row = max(cell.row for cell in cells) + 2
    alert_lines = [
        (None, item_text(f"alert.{a.kind}", {"alert": a}, lang), a.severity == "high")
        for a in sort_alerts(list(facts.alerts))
    ] + [(None, text, severity == "high") for text, severity in facts.alert_lines]
    cells += _lines_block(t("card.alerts", lang), alert_lines, MAX_ALERTS, lang, row)
    row = max(cell.row for cell in cells) + 2
    plan = facts.plan if facts.plan is not None else pd.DataFrame(columns=["kind", "date", "text", "priority"])
    plan = plan[plan["kind"] != "alert"]  # listed just above
    plan_lines = [
        (short_day(day, lang), text, priority == "high")
        for day, text, priority in zip(plan["date"], plan["text"], plan["priority"], strict=True)
    ]
    title = t("card.plan", lang, days=Count(facts.plan_days, "day"))
    cells += _lines_block(title, plan_lines, MAX_PLAN, lang, row)
    last = max(cell.row for cell in cells)
    return SheetSpec(
        name=t("sheet.account_card", lang),
        cells=cells,
        widths=dict(WIDTHS),
        # Fixed heights: Excel's default (15 pt) would make the page longer than LibreOffice's.
        heights={row: TITLE_HEIGHT if row == 1 else ROW_HEIGHT for row in range(1, last + 1)},
        print_area=f"A1:F{last}",
        orientation="portrait",
        tab_color="C00000",
        role="account_card",
    )
