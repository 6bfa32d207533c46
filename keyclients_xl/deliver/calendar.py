"""The plan's dated items as an iCalendar (.ics) file that Outlook and Google Calendar import.

One calendar event per visit due and per birthday; one per holiday and per company event,
listing the key clients it concerns (twenty identical "greet on New Year" entries on one day
would bury the calendar). Events are all-day unless the input gave a time.

Each event's UID is derived from the plan's `item_id` (or the shared `occasion`), so the
same plan item keeps its UID on every build: importing a newer file updates the events
instead of adding copies. SEQUENCE grows with the build time, which is what Outlook looks
at to accept an update; DTSTAMP is that time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd
from icalendar import Calendar, Event

from ..analyse.plan import DATED_KINDS
from ..i18n import Count, t
from .files import _atomic

UID_DOMAIN = "keyclients-xl"
PRODID = "-//KeyClients for Excel//Key-account plan//EN"
EVENT_LENGTH = dt.timedelta(hours=1)  # for items with a time of day
_SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
VISIT_KINDS = ("visit_never", "visit_overdue", "visit_due")
GROUPED_KINDS = ("holiday", "event")


def uid(item_id: str) -> str:
    """A stable, opaque UID for an item id (item ids hold client names; UIDs need not)."""
    return f"{hashlib.sha256(item_id.encode('utf-8')).hexdigest()[:32]}@{UID_DOMAIN}"


def _summary(kind: str, items: pd.DataFrame, lang: str) -> str:
    first = items.iloc[0]
    if kind in VISIT_KINDS:
        key = "calendar.visit" if kind == "visit_due" else "calendar.visit_late"
        return t(key, lang, client=first["client"])
    if kind == "birthday":
        return t("calendar.birthday", lang, name=first["params"]["name"], client=first["client"])
    clients = ", ".join(items["client"]) if len(items) <= 3 else Count(len(items), "client").text(lang)
    if kind == "holiday":
        return t("calendar.holiday", lang, holiday=first["params"]["holiday"], clients=clients)
    return t("calendar.event", lang, event=first["params"]["event"], clients=clients)


def _description(items: pd.DataFrame, lang: str) -> str:
    lines = []
    for client, text, manager in zip(items["client"], items["text"], items["manager"], strict=True):
        manager_text = f" ({t('calendar.manager', lang, manager=manager)})" if manager else ""
        lines.append(f"{client}: {text}{manager_text}" if len(items) > 1 else f"{text}{manager_text}")
    return "\n".join(lines)


def _event(kind: str, items: pd.DataFrame, event_id: str, lang: str, stamp: dt.datetime) -> Event:
    first = items.iloc[0]
    day = pd.Timestamp(first["date"]).date()
    event = Event()
    event.add("uid", uid(event_id))
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", int((stamp - _SEQUENCE_EPOCH).total_seconds() // 60))
    event.add("summary", _summary(kind, items, lang))
    event.add("description", _description(items, lang))
    event.add("categories", [t(f"plan.kind.{kind}", lang)])
    if first["time"] is not None:
        start = dt.datetime.combine(day, first["time"])  # floating: the manager's own local time
        event.add("dtstart", start)
        event.add("dtend", start + EVENT_LENGTH)
    else:
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy day
    return event


def plan_calendar(plan: pd.DataFrame, lang: str, stamp: dt.datetime | None = None) -> Calendar:
    """The calendar of a plan frame (analyse/plan.py, its `text` already in `lang`). `stamp`: the build time
    (UTC; now by default), which only DTSTAMP, LAST-MODIFIED and SEQUENCE depend on."""
    stamp = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", t("calendar.name", lang))
    dated = plan[plan["kind"].isin(DATED_KINDS)].sort_values(["date", "kind", "client"], kind="stable")
    # Holidays and company events: one calendar event per occasion; the rest one per item.
    event_ids = dated["occasion"].where(dated["kind"].isin(GROUPED_KINDS), dated["item_id"])
    for event_id, items in dated.groupby(event_ids, sort=False):
        calendar.add_component(_event(items.iloc[0]["kind"], items, event_id, lang, stamp))
    return calendar


def calendar_bytes(plan: pd.DataFrame, lang: str, stamp: dt.datetime | None = None) -> bytes:
    return plan_calendar(plan, lang, stamp).to_ical()


def write_calendar(plan: pd.DataFrame, path: Path | str, lang: str, stamp: dt.datetime | None = None) -> Path:
    """Write the plan's calendar to `path` atomically (bytes: iCalendar lines end in CRLF on every system)."""
    path = Path(path)
    data = calendar_bytes(plan, lang, stamp)
    _atomic(path, lambda tmp: tmp.write_bytes(data))
    return path
