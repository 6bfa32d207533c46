"""The key-account manager's plan: what to do for each key client over the coming days.

Pure pandas, no I/O. `build_plan` takes the build date, the key clients, the manager's input
sheets as read (read/manager_inputs.py), the alerts of the metric sheets and the holiday
list, and returns one tidy frame, one row per item (see PLAN_COLUMNS):

    client_key   the client's identity (as in the analysis table)
    client       its display name
    manager      the manager's name where known: the Account cards sheet, else the
                 key-client table's `manager`, else whoever made the last visit
    kind         visit_never | visit_overdue | visit_due | birthday | holiday | event |
                 missing_roles | stale_stock_check | stale_promo | stale_illiquid_exchange | alert
    priority     high | medium | low (the alert severities; alerts keep their own)
    date         when to act: the due day for dated items, `today` for the rest
    time         a datetime.time where the input gave one (events), else None
    text         the item in words, in `lang`
    message_key  the catalogue key of `text`; with `params` it renders in any language
                 (`localize`); alert items carry the Alert itself in params['alert']
    params       the message parameters
    source       where it comes from: visits | contacts | holidays | events | account_cards | alerts
    source_row   the Excel row on that input sheet, where there is one
    item_id      a stable id of the item: the same inputs give the same id on every build
                 (calendar UIDs, links from the key-client sheet)
    occasion     holidays and events: the id of the occasion shared by all its clients

The period runs from `today` for `plan_days` days, `today` included. Visits dated after
`today` are ignored: the plan is the view from `today` (`--today` plans ahead or replays).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields

import pandas as pd

from ..errors import KeyClientsError, Location
from ..i18n import Count, Phrases, t
from ..read.manager_inputs import ManagerInputs
from .alerts import SEVERITIES, SEVERITY_ORDER, Alert
from .holidays import DEFAULT_HOLIDAYS, Holiday, holidays_between, yearly_dates

REQUIRED_ROLES = ("owner", "warehouse", "logistics", "accounting")
PRIORITY = {
    "visit_never": "high",
    "visit_overdue": "high",
    "visit_due": "medium",
    "birthday": "medium",
    "event": "medium",
    "missing_roles": "medium",
    "holiday": "low",
    "stale_stock_check": "low",
    "stale_promo": "low",
    "stale_illiquid_exchange": "low",
}
KINDS = (*PRIORITY, "alert")
# The items with a day of their own: what goes into the calendar.
DATED_KINDS = ("visit_never", "visit_overdue", "visit_due", "birthday", "holiday", "event")
PLAN_COLUMNS = [
    "client_key", "client", "manager", "kind", "priority", "date", "time", "text",
    "message_key", "params", "source", "source_row", "item_id", "occasion",
]  # fmt: skip
_ITEM_COLUMNS = ["client_key", "kind", "date", "time", "message_key", "params", "source", "source_row", "item_id"]


@dataclass(frozen=True)
class PlanThresholds:
    """The plan's thresholds. The field names are the settings keys and CLI flags (--plan-days …)."""

    plan_days: int = 30  # the period: today and the days after it
    visit_every_days: int = 30  # a visit is due this many days after the last one
    stale_after_days: int = 30  # a stock check or promo announcement older than this is stale
    illiquid_after_months: int = 3  # an illiquid exchange older than a quarter is stale

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 3660:
                raise KeyClientsError(
                    "error.bad_setting", Location(), {"setting": f.name, "value": value, "expected": "1–3660"}
                )


@dataclass(frozen=True)
class Day:
    """A date for message parameters: '15 марта' / 'March 15', with the year when asked."""

    date: object
    with_year: bool = False

    def text(self, lang: str) -> str:
        from babel.dates import format_skeleton

        text = format_skeleton("yMMMMd" if self.with_year else "MMMMd", pd.Timestamp(self.date).date(), locale=lang)
        # CLDR puts a narrow no-break space before 'г.'; fonts in Excel know the ordinary one better.
        return text.replace("\u202f", "\u00a0")


@dataclass(frozen=True)
class HolidayName:
    """A holiday's name for message parameters, in the message's language where it has one."""

    holiday: Holiday

    def text(self, lang: str) -> str:
        return self.holiday.label(lang)


def _ts(day: dt.date | pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(day).normalize()


def _items(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.reindex(columns=_ITEM_COLUMNS)


def _empty_items() -> pd.DataFrame:
    return pd.DataFrame(columns=_ITEM_COLUMNS)


def visit_items(
    today: pd.Timestamp, end: pd.Timestamp, keys: pd.Index, visits: pd.DataFrame, every: int
) -> pd.DataFrame:
    """A visit item per key client: never visited, overdue, or due by the last visit + `every` days
    (none when that day is after the period's `end`)."""
    done = visits[(visits["date"] <= today) & visits["client_key"].isin(keys)]
    last = done.sort_values(["date", "row"]).groupby("client_key").tail(1).set_index("client_key")
    frame = pd.DataFrame(index=keys).join(last[["date", "row"]]).rename(columns={"date": "last"})
    due = frame["last"] + pd.Timedelta(days=every)
    kind = (
        pd.Series("visit_due", index=frame.index)
        .mask(due < today, "visit_overdue")
        .mask(frame["last"].isna(), "visit_never")
    )
    ago = (today - frame["last"]).dt.days
    params = [
        {} if k == "visit_never" else {"last": Day(last, True), "ago": Count(a, "day"), "due": Day(d)}
        for k, last, a, d in zip(kind, frame["last"], ago, due, strict=True)
    ]
    return _items(
        pd.DataFrame(
            {
                "client_key": frame.index,
                "kind": kind.to_numpy(),
                "date": due.where(kind == "visit_due", today).to_numpy(),
                "message_key": ("plan." + kind).to_numpy(),
                "params": params,
                "source": "visits",
                "source_row": frame["row"].astype("Int64").to_numpy(),
                "item_id": (
                    "visit|" + frame.index + "|" + frame["last"].dt.strftime("%Y-%m-%d").fillna("none")
                ).to_numpy(),
            }
        )[(due <= end).to_numpy() | (kind != "visit_due").to_numpy()]
    )


def birthday_items(start: pd.Timestamp, end: pd.Timestamp, keys: pd.Index, contacts: pd.DataFrame) -> pd.DataFrame:
    """A greeting on each key-client contact's birthday in the period (29.02 → 28.02 in a common year)."""
    people = contacts[
        contacts["client_key"].isin(keys) & contacts["birth_day"].notna() & contacts["birth_month"].notna()
    ]
    if people.empty:
        return _empty_items()
    hits = yearly_dates(people["birth_day"].astype("int64"), people["birth_month"].astype("int64"), start, end)
    found = people.loc[hits["source"]].reset_index(drop=True).assign(date=hits["date"].to_numpy())
    leap = (found["birth_month"] == 2) & (found["birth_day"] == 29) & (found["date"].dt.day == 28)
    name = found["name"].fillna("—")
    role = found["role"].map(lambda r: Phrases((f"contact_role.{r}",) if isinstance(r, str) else ("plan.no_role",)))
    return _items(
        found.assign(
            kind="birthday",
            message_key=leap.map({True: "plan.birthday_leap", False: "plan.birthday"}),
            params=[{"name": n, "role": r, "day": Day(d)} for n, r, d in zip(name, role, found["date"], strict=True)],
            source="contacts",
            source_row=found["row"].astype("Int64"),
            item_id="birthday|"
            + found["client_key"]
            + "|"
            + name.str.casefold()
            + "|"
            + found["date"].dt.strftime("%Y"),
        )
    )


def holiday_items(
    start: pd.Timestamp, end: pd.Timestamp, keys: pd.Index, holidays: tuple[Holiday, ...]
) -> pd.DataFrame:
    """One greeting per key client for each holiday in the period."""
    days = holidays_between(holidays, start.date(), end.date())
    if days.empty or keys.empty:
        return _empty_items()
    days = days.assign(tail=days["holiday"].map(lambda h: h.id) + "|" + days["date"].dt.strftime("%Y-%m-%d"))
    found = pd.DataFrame({"client_key": keys}).merge(days, how="cross")
    return _items(
        found.assign(
            kind="holiday",
            message_key="plan.holiday",
            params=[
                {"holiday": HolidayName(h), "day": Day(d)} for h, d in zip(found["holiday"], found["date"], strict=True)
            ],
            source="holidays",
            item_id="holiday|" + found["client_key"] + "|" + found["tail"],
        )
    ).assign(occasion="holiday|" + found["tail"])


def event_items(start: pd.Timestamp, end: pd.Timestamp, keys: pd.Index, inputs: ManagerInputs) -> pd.DataFrame:
    """An invitation for each key client invited to an event in the period ('*' invites them all)."""
    invited = inputs.invitations
    invited = invited[(invited["date"] >= start) & (invited["date"] <= end)]
    everyone = (
        invited[invited["everyone"]].drop(columns="client_key").merge(pd.DataFrame({"client_key": keys}), how="cross")
    )
    named = invited[~invited["everyone"] & invited["client_key"].isin(keys)]
    found = pd.concat([named, everyone], ignore_index=True).drop_duplicates(["row", "client_key"])
    if found.empty:
        return _empty_items()
    tail = found["event"].str.casefold() + "|" + found["date"].dt.strftime("%Y-%m-%d")
    params = [
        {"event": e, "day": Day(d), **({"time": f"{tm:%H:%M}"} if tm is not None else {})}
        for e, d, tm in zip(found["event"], found["date"], found["time"], strict=True)
    ]
    return _items(
        found.assign(
            kind="event",
            message_key=found["time"].map(lambda tm: "plan.event" if tm is None else "plan.event_at"),
            params=params,
            source="events",
            source_row=found["row"].astype("Int64"),
            item_id="event|" + found["client_key"] + "|" + tail,
        )
    ).assign(occasion=("event|" + tail).to_numpy())


def missing_role_items(today: pd.Timestamp, keys: pd.Index, contacts: pd.DataFrame) -> pd.DataFrame:
    """One item per key client lacking a contact for any of the required roles."""
    present = contacts[contacts["client_key"].isin(keys)].groupby("client_key")["role"].agg(set)
    has_contacts = keys.isin(contacts["client_key"])
    missing = pd.Series(keys, index=keys).map(
        lambda key: tuple(r for r in REQUIRED_ROLES if r not in present.get(key, set()))
    )
    found = pd.DataFrame({"client_key": keys, "missing": missing.to_numpy(), "known": has_contacts})
    found = found[found["missing"].map(len) > 0]
    return _items(
        found.assign(
            kind="missing_roles",
            date=today,
            message_key=found["known"].map({True: "plan.missing_roles", False: "plan.no_contacts"}),
            params=found["missing"].map(lambda roles: {"roles": Phrases(tuple(f"contact_role.{r}" for r in roles))}),
            source="contacts",
            item_id="missing_roles|" + found["client_key"] + "|" + found["missing"].map(",".join),
        )
    )


def stale_card_items(
    today: pd.Timestamp, keys: pd.Index, cards: pd.DataFrame, thresholds: PlanThresholds
) -> pd.DataFrame:
    """Account-card dates too old (or never filled in): stock check, promo announcement, illiquid exchange."""
    limits = {
        "stock_check": today - pd.Timedelta(days=thresholds.stale_after_days),
        "last_promo": today - pd.Timedelta(days=thresholds.stale_after_days),
        "illiquid_exchange": today - pd.DateOffset(months=thresholds.illiquid_after_months),
    }
    kinds = {
        "stock_check": "stale_stock_check",
        "last_promo": "stale_promo",
        "illiquid_exchange": "stale_illiquid_exchange",
    }
    mine = cards[cards["client_key"].isin(keys)]
    # A client on two rows: its latest dates count; its first row is the one to point at.
    latest = pd.DataFrame(index=keys).join(mine.groupby("client_key")[list(limits)].max())
    rows = mine.groupby("client_key")["row"].min().reindex(keys).astype("Int64")
    items = []
    for field, limit in limits.items():
        last = latest[field]
        stale = last.isna() | (last < limit)
        kind, never = kinds[field], last.isna()
        message = never.map({True: f"plan.never_{field.removeprefix('last_')}", False: f"plan.{kind}"})
        ago = (today - last).dt.days
        items.append(
            pd.DataFrame(
                {
                    "client_key": keys,
                    "kind": kind,
                    "date": today,
                    "message_key": message.to_numpy(),
                    "params": [
                        {} if pd.isna(d) else {"last": Day(d, True), "ago": Count(a, "day")}
                        for d, a in zip(last, ago, strict=True)
                    ],
                    "source": "account_cards",
                    "source_row": rows.to_numpy(),
                    "item_id": (f"{kind}|" + keys + "|" + last.dt.strftime("%Y-%m-%d").fillna("none")).to_numpy(),
                }
            )[stale.to_numpy()]
        )
    return _items(pd.concat(items, ignore_index=True))


def alert_items(today: pd.Timestamp, alerts: list[Alert]) -> pd.DataFrame:
    """Every alert of the metric sheets, as an item for today at its own severity."""
    return _items(
        pd.DataFrame(
            {
                "client_key": [a.client_key for a in alerts],
                "client": [a.client for a in alerts],
                "kind": "alert",
                "priority": [a.severity for a in alerts],
                "date": today,
                "message_key": [f"alert.{a.kind}" for a in alerts],
                "params": [{"alert": a} for a in alerts],
                "source": "alerts",
                "item_id": [f"alert|{a.client_key}|{a.kind}|{'' if a.month is None else a.month}" for a in alerts],
            }
        )
    ).assign(client=[a.client for a in alerts], priority=[a.severity for a in alerts])


def item_text(message_key: str, params: dict, lang: str) -> str:
    """One item's words in `lang`."""
    alert = params.get("alert")
    if isinstance(alert, Alert):
        action = alert.action(lang)
        return t("plan.alert", lang, message=alert.message(lang), action=action) if action else alert.message(lang)
    return t(message_key, lang, **params)


def localize(plan: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The plan with its `text` in `lang`."""
    texts = [item_text(key, params, lang) for key, params in zip(plan["message_key"], plan["params"], strict=True)]
    return plan.assign(text=pd.Series(texts, index=plan.index, dtype=object))


def _managers(key_clients: pd.DataFrame, inputs: ManagerInputs, today: pd.Timestamp) -> pd.Series:
    """client_key → manager: the Account cards sheet, else the key-client table, else the last visit."""
    cards = inputs.cards.dropna(subset=["manager"]).drop_duplicates("client_key").set_index("client_key")["manager"]
    table = (
        key_clients.dropna(subset=["manager"]).set_index("client_key")["manager"]
        if "manager" in key_clients
        else pd.Series(dtype=object)
    )
    visits = inputs.visits[inputs.visits["date"] <= today].dropna(subset=["manager"])
    last_visit = visits.sort_values(["date", "row"]).groupby("client_key")["manager"].last()
    return cards.combine_first(table).combine_first(last_visit)


def build_plan(
    today: dt.date,
    key_clients: pd.DataFrame,
    inputs: ManagerInputs,
    alerts: Iterable[Alert] = (),
    holidays: tuple[Holiday, ...] = DEFAULT_HOLIDAYS,
    thresholds: PlanThresholds = PlanThresholds(),
    lang: str = "ru",
) -> pd.DataFrame:
    """The plan from `today` for `thresholds.plan_days` days (PLAN_COLUMNS; see the module docstring).

    `key_clients`: client_key, client and optionally manager, one row per key client.
    Sorted by priority (high first), then date, client and kind.
    """
    start = _ts(today)
    end = start + pd.Timedelta(days=thresholds.plan_days - 1)
    keys = pd.Index(key_clients["client_key"].drop_duplicates(), dtype=object)
    parts = [
        visit_items(start, end, keys, inputs.visits, thresholds.visit_every_days),
        birthday_items(start, end, keys, inputs.contacts),
        holiday_items(start, end, keys, holidays),
        event_items(start, end, keys, inputs),
        missing_role_items(start, keys, inputs.contacts),
        stale_card_items(start, keys, inputs.cards, thresholds),
        alert_items(start, list(alerts)),
    ]
    plan = pd.concat([p for p in parts if not p.empty] or [_empty_items()], ignore_index=True).reindex(
        columns=[*_ITEM_COLUMNS, "client", "priority", "occasion"]
    )
    names = key_clients.drop_duplicates("client_key").set_index("client_key")["client"]
    # Alerts bring their own client name and priority; a key client's name is the table's.
    client = plan["client_key"].map(names).astype(object)
    plan["client"] = client.where(client.notna(), plan["client"].astype(object))
    plan["priority"] = plan["kind"].map(PRIORITY).astype(object).where(plan["kind"] != "alert", plan["priority"])
    managers = plan["client_key"].map(_managers(key_clients, inputs, start)).astype(object)
    plan["manager"] = managers.where(managers.notna(), None)
    plan["date"] = pd.to_datetime(plan["date"]).astype("datetime64[ns]")
    plan["time"] = plan["time"].astype(object).where(plan["time"].notna(), None)
    plan["source_row"] = plan["source_row"].astype("Int64")
    plan["occasion"] = plan["occasion"].astype(object)
    plan = plan.assign(
        _priority=plan["priority"].map(SEVERITY_ORDER),
        _client=plan["client"].str.casefold(),
        _kind=plan["kind"].map({kind: i for i, kind in enumerate(KINDS)}),
    )
    plan = plan.sort_values(["_priority", "date", "_client", "_kind", "item_id"], kind="stable")
    return localize(plan.drop(columns=["_priority", "_client", "_kind"]).reset_index(drop=True), lang)[PLAN_COLUMNS]


__all__ = [
    "DATED_KINDS",
    "KINDS",
    "PLAN_COLUMNS",
    "PRIORITY",
    "REQUIRED_ROLES",
    "SEVERITIES",
    "PlanThresholds",
    "build_plan",
    "item_text",
    "localize",
]
