"""The plan's calendar (.ics): parsed back with `icalendar` and checked event by event."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from icalendar import Calendar
from test_plan import KEY_CLIENTS, TODAY, plan_inputs

from keyclients_xl.analyse.plan import build_plan
from keyclients_xl.deliver.calendar import uid, write_calendar

STAMP = dt.datetime(2026, 12, 20, 9, 0, tzinfo=dt.UTC)


def _events(path) -> dict[str, dict]:
    """SUMMARY → the event's fields, as a calendar program reads them."""
    calendar = Calendar.from_ical(path.read_bytes())
    events = {}
    for event in calendar.walk("VEVENT"):
        events[str(event["summary"])] = {
            "uid": str(event["uid"]),
            "start": event.decoded("dtstart"),
            "end": event.decoded("dtend"),
            "description": str(event["description"]),
            "sequence": int(event["sequence"]),
            "transp": str(event.get("transp", "")),
            "category": [str(c) for c in event["categories"].cats],
        }
    return events


@pytest.fixture
def plan_ru():
    return build_plan(TODAY, KEY_CLIENTS, plan_inputs(), lang="ru")


def test_dated_items_become_events_one_by_one(tmp_path, plan_ru):
    path = write_calendar(plan_ru, tmp_path / "plan.ics", "ru", STAMP)
    events = _events(path)
    day = dt.date.fromisoformat
    assert {summary: (e["start"], e["end"]) for summary, e in events.items()} == {
        "Визит (срочно): Бета": (day("2026-12-20"), day("2026-12-21")),  # overdue: today
        "Визит (срочно): Гамма": (day("2026-12-20"), day("2026-12-21")),  # never visited: today
        "Визит: Альфа": (day("2026-12-31"), day("2027-01-01")),
        "День рождения: Глеб (Гамма)": (day("2026-12-25"), day("2026-12-26")),
        "День рождения: Ольга (Альфа)": (day("2027-01-05"), day("2027-01-06")),
        "Поздравить: Новый год (Альфа, Бета, Гамма)": (day("2027-01-01"), day("2027-01-02")),
        "Поздравить: Рождество Христово (Альфа, Бета, Гамма)": (day("2027-01-07"), day("2027-01-08")),
        "Новогодний приём: пригласить Альфа, Бета, Гамма": (day("2026-12-24"), day("2026-12-25")),
        # the one item with a time of day: an hour, in the manager's local time
        "ПродЭкспо: пригласить Альфа": (dt.datetime(2027, 1, 15, 18, 0), dt.datetime(2027, 1, 15, 19, 0)),
    }
    visit = events["Визит (срочно): Бета"]
    assert (
        visit["description"] == "Визит просрочен: последний 15 октября 2026\u00a0г. (66 дней назад) (Менеджер: Петров)"
    )
    assert visit["transp"] == "TRANSPARENT" and visit["category"] == ["Визит"]
    assert events["ПродЭкспо: пригласить Альфа"]["transp"] == ""  # a timed event blocks its hour
    new_year = events["Поздравить: Новый год (Альфа, Бета, Гамма)"]["description"].splitlines()
    assert new_year == [
        "Альфа: Поздравить: Новый год, 1 января (Менеджер: Сидорова А.)",
        "Бета: Поздравить: Новый год, 1 января (Менеджер: Петров)",
        "Гамма: Поздравить: Новый год, 1 января",
    ]
    # Undated items (missing contacts, stale card items, alerts) stay out of the calendar.
    assert not any("Контакт" in s or "остатки" in s for s in events)


def test_uids_are_stable_across_runs_and_unique(tmp_path, plan_ru):
    first = _events(write_calendar(plan_ru, tmp_path / "a.ics", "ru", STAMP))
    later = STAMP + dt.timedelta(days=1)
    again = build_plan(TODAY, KEY_CLIENTS, plan_inputs(), lang="ru")
    second = _events(write_calendar(again, tmp_path / "b.ics", "ru", later))
    assert {s: e["uid"] for s, e in first.items()} == {s: e["uid"] for s, e in second.items()}
    assert len({e["uid"] for e in first.values()}) == len(first) == 9
    assert all(e["uid"].endswith("@keyclients-xl") for e in first.values())
    # A later build carries a higher SEQUENCE, so a calendar accepts it as an update.
    assert all(second[s]["sequence"] > first[s]["sequence"] for s in first)
    # The UID comes from the plan's item id, or the occasion shared by a holiday's clients.
    assert first["Визит: Альфа"]["uid"] == uid("visit|альфа|2026-12-01")
    assert first["Поздравить: Новый год (Альфа, Бета, Гамма)"]["uid"] == uid("holiday|01-01-new_year|2027-01-01")


def test_uids_do_not_depend_on_the_language(tmp_path, plan_ru):
    ru = _events(write_calendar(plan_ru, tmp_path / "ru.ics", "ru", STAMP))
    english = build_plan(TODAY, KEY_CLIENTS, plan_inputs(), lang="en")
    en = _events(write_calendar(english, tmp_path / "en.ics", "en", STAMP))
    assert sorted(e["uid"] for e in ru.values()) == sorted(e["uid"] for e in en.values())
    assert {"Visit: Альфа", "Visit (overdue): Бета", "Birthday: Ольга (Альфа)", "Greet: New Year (Альфа, Бета, Гамма)",
            "ПродЭкспо: invite Альфа"} <= set(en)  # fmt: skip
    assert en["Visit: Альфа"]["description"] == (
        "Visit by December 31: the last one was on December 1, 2026 (Manager: Сидорова А.)"
    )


def test_a_new_visit_starts_a_new_visit_event_and_leaves_the_others(tmp_path, plan_ru):
    before = _events(write_calendar(plan_ru, tmp_path / "before.ics", "ru", STAMP))
    inputs = plan_inputs()
    visit = {"row": 9, "client": "Бета", "client_key": "бета", "date": pd.Timestamp("2026-12-19"),
             "manager": "Петров", "note": None}  # fmt: skip
    inputs.visits = pd.concat([inputs.visits, pd.DataFrame([visit])], ignore_index=True)
    after = _events(
        write_calendar(build_plan(TODAY, KEY_CLIENTS, inputs, lang="ru"), tmp_path / "after.ics", "ru", STAMP)
    )
    assert "Визит (срочно): Бета" not in after
    assert after["Визит: Бета"]["start"] == dt.date(2027, 1, 18)  # 19 December + 30 days
    assert after["Визит: Бета"]["uid"] != before["Визит (срочно): Бета"]["uid"]
    unchanged = set(before) - {"Визит (срочно): Бета"}
    assert {s: before[s]["uid"] for s in unchanged} == {s: after[s]["uid"] for s in unchanged}


def test_the_file_is_valid_icalendar_text(tmp_path, plan_ru):
    data = write_calendar(plan_ru, tmp_path / "plan.ics", "ru", STAMP).read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")  # CRLF lines only
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded, as RFC 5545 asks
    calendar = Calendar.from_ical(data)
    assert str(calendar["x-wr-calname"]) == "План работы с ключевыми клиентами"
    assert str(calendar["method"]) == "PUBLISH"
    assert all(e.decoded("dtstamp") == STAMP for e in calendar.walk("VEVENT"))


def test_a_holiday_for_many_clients_counts_them_in_its_summary(tmp_path):
    many = pd.concat(
        [KEY_CLIENTS, pd.DataFrame({"client_key": ["дельта"], "client": ["Дельта"], "manager": [None]})],
        ignore_index=True,
    )
    plan = build_plan(TODAY, many, plan_inputs(), lang="ru")
    events = _events(write_calendar(plan, tmp_path / "plan.ics", "ru", STAMP))
    new_year = events["Поздравить: Новый год (4 клиента)"]
    assert new_year["description"].splitlines()[-1] == "Дельта: Поздравить: Новый год, 1 января (Менеджер: Петров)"
    assert "Новогодний приём: пригласить 4 клиента" in events
