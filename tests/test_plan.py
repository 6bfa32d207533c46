"""The manager's plan for a fixed `today`, from hand-made input sheets, with every item worked out by hand.

Today is Sunday 20 December 2026; the plan covers 30 days, to 18 January 2027. Three key clients:
- Альфа: all four contact roles; a birthday on 29 February (owner) and one on 5 January with no
  year (warehouse); last visit 1 December; an account card with a stale promo announcement;
- Бета: no contacts at all; last visit 15 October (overdue) and one dated after today (ignored);
  no account card; a high alert from the metric sheets;
- Гамма: no visit ever; only an owner contact, with a birthday on 25 December.
Дельта has sales but is not a key client: its contacts, visits and invitations stay out.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from keyclients_xl import i18n
from keyclients_xl.analyse.alerts import Alert
from keyclients_xl.analyse.plan import DATED_KINDS, PLAN_COLUMNS, PlanThresholds, build_plan, localize
from keyclients_xl.errors import KeyClientsError
from keyclients_xl.read.manager_inputs import (
    ManagerInputs,
    read_cards,
    read_contacts,
    read_events,
    read_visits,
    unmatched_clients,
)
from keyclients_xl.read.sources import SheetRows

TODAY = dt.date(2026, 12, 20)
CARD_HEADERS = [
    "Client", "Manager", "Business", "Competitors it buys from", "Agreed bonuses and terms",
    "Last promo announced", "Stock check", "Illiquid exchange", "Defects / expired replaced", "Notes",
]  # fmt: skip


def _sheet(name, rows):
    return SheetRows("KeyClients.xlsm", name, [["…"], *rows])


def plan_inputs(contacts_extra=()) -> ManagerInputs:
    contacts = read_contacts(
        _sheet(
            "Контакты",
            [
                ["Клиент", "Роль", "ФИО", "Телефон", "Эл. почта", "День рождения"],
                ["Альфа", "владелец", "Иван Петров", "+7 900 111-22-33", None, "29.02.1980"],
                ["альфа ", "склад", "Ольга", None, None, "05.01"],
                ["Альфа", "логистика", "Семён", None, None, None],
                ["Альфа", "бухгалтерия", "Зоя", None, "zoya@alfa.example", None],
                ["Гамма", "Owner", "Глеб", None, None, dt.datetime(1970, 12, 25)],
                ["Дельта", "владелец", "Денис", None, None, "21.12.1990"],
                *contacts_extra,
            ],
        )
    )
    visits = read_visits(
        _sheet(
            "Визиты",
            [
                ["Клиент", "Дата", "Менеджер", "Заметка"],
                ["Альфа", "15.11.2026", "Сидоров", None],
                ["Альфа", "01.12.2026", "Сидоров", "остатки в норме"],
                ["Бета", "15.10.2026", "Петров", None],
                ["Бета", "05.01.2027", "Петров", "запланирован"],
                ["Дельта", "01.01.2026", "Петров", None],
            ],
        )
    )
    events = read_events(
        _sheet(
            "Мероприятия",
            [
                ["Мероприятие", "Дата", "Приглашённые клиенты"],
                ["ПродЭкспо", dt.datetime(2027, 1, 15, 18, 0), "Альфа; Дельта"],
                ["Новогодний приём", "24.12.2026", "*"],
                ["Летний семинар", "01.06.2027", "Альфа"],
            ],
        )
    )
    cards = read_cards(
        _sheet(
            "Account cards",
            [
                CARD_HEADERS,
                ["Альфа", "Сидорова А.", "розница", None, None, "01.11.2026", "10.12.2026", "01.10.2026", None, None],
            ],
        )
    )
    return ManagerInputs(contacts, visits, events, cards)


KEY_CLIENTS = pd.DataFrame(
    {"client_key": ["альфа", "бета", "гамма"], "client": ["Альфа", "Бета", "Гамма"], "manager": [None, "Петров", None]}
)


@pytest.fixture
def alert_texts(monkeypatch):
    monkeypatch.setitem(i18n.TEXTS, "alert.plan_test", {"ru": "Нет отгрузок: {month}", "en": "No shipments: {month}"})
    monkeypatch.setitem(i18n.TEXTS, "action.plan_test", {"ru": "позвонить закупщику", "en": "call the buyer"})


def beta_alert() -> Alert:
    return Alert("бета", "Бета", "plan_test", "high", month=pd.Period("2026-11", freq="M"))


@pytest.fixture
def plan(alert_texts) -> pd.DataFrame:
    return build_plan(TODAY, KEY_CLIENTS, plan_inputs(), [beta_alert()], lang="ru")


def _rows(plan: pd.DataFrame) -> list[tuple]:
    return [(r.kind, r.client, r.date.strftime("%Y-%m-%d"), r.priority, r.manager) for r in plan.itertuples()]


ALFA, BETA, GAMMA = ("Альфа", "Сидорова А."), ("Бета", "Петров"), ("Гамма", None)


def test_every_item_in_order_for_a_fixed_today(plan):
    def item(kind, who, day, priority):
        return (kind, who[0], day, priority, who[1])

    assert list(plan.columns) == PLAN_COLUMNS
    assert _rows(plan) == [
        # high first; then by date, client, kind
        item("visit_overdue", BETA, "2026-12-20", "high"),
        item("alert", BETA, "2026-12-20", "high"),
        item("visit_never", GAMMA, "2026-12-20", "high"),
        item("missing_roles", BETA, "2026-12-20", "medium"),
        item("missing_roles", GAMMA, "2026-12-20", "medium"),
        item("event", ALFA, "2026-12-24", "medium"),
        item("event", BETA, "2026-12-24", "medium"),
        item("event", GAMMA, "2026-12-24", "medium"),
        item("birthday", GAMMA, "2026-12-25", "medium"),
        item("visit_due", ALFA, "2026-12-31", "medium"),  # 1 December + 30 days
        item("birthday", ALFA, "2027-01-05", "medium"),
        item("event", ALFA, "2027-01-15", "medium"),
        item("stale_promo", ALFA, "2026-12-20", "low"),  # 49 days; stock check (10 days) and exchange are fresh
        item("stale_stock_check", BETA, "2026-12-20", "low"),  # no card: nothing recorded
        item("stale_promo", BETA, "2026-12-20", "low"),
        item("stale_illiquid_exchange", BETA, "2026-12-20", "low"),
        item("stale_stock_check", GAMMA, "2026-12-20", "low"),
        item("stale_promo", GAMMA, "2026-12-20", "low"),
        item("stale_illiquid_exchange", GAMMA, "2026-12-20", "low"),
        item("holiday", ALFA, "2027-01-01", "low"),  # across the turn of the year
        item("holiday", BETA, "2027-01-01", "low"),
        item("holiday", GAMMA, "2027-01-01", "low"),
        item("holiday", ALFA, "2027-01-07", "low"),
        item("holiday", BETA, "2027-01-07", "low"),
        item("holiday", GAMMA, "2027-01-07", "low"),
    ]


def test_texts_in_russian(plan):
    text = dict(zip(plan["item_id"], plan["text"], strict=True))
    assert text["visit|бета|2026-10-15"] == "Визит просрочен: последний 15 октября 2026\u00a0г. (66 дней назад)"
    assert text["visit|гамма|none"] == "Визитов не записано: навестить клиента"
    assert text["visit|альфа|2026-12-01"] == "Визит до 31 декабря: последний 1 декабря 2026\u00a0г."
    assert text["alert|бета|plan_test|2026-11"] == "Нет отгрузок: ноябрь 2026: позвонить закупщику"
    assert text["missing_roles|бета|owner,warehouse,logistics,accounting"] == (
        "Контактов нет; нужны: владелец, склад, логистика, бухгалтерия"
    )
    assert text["missing_roles|гамма|warehouse,logistics,accounting"] == (
        "Не хватает контактов: склад, логистика, бухгалтерия"
    )
    assert text["birthday|гамма|глеб|2026"] == "Поздравить с днём рождения: Глеб (владелец), 25 декабря"
    assert text["birthday|альфа|ольга|2027"] == "Поздравить с днём рождения: Ольга (склад), 5 января"
    assert text["event|альфа|продэкспо|2027-01-15"] == "Пригласить: ПродЭкспо, 15 января, 18:00"
    assert text["event|гамма|новогодний приём|2026-12-24"] == "Пригласить: Новогодний приём, 24 декабря"
    assert text["stale_promo|альфа|2026-11-01"] == (
        "Рассказать о текущих акциях и ценах: последний раз 1 ноября 2026\u00a0г. (49 дней назад)"
    )
    assert text["stale_stock_check|бета|none"] == "Проверить остатки клиента: проверка не отмечена"
    assert text["holiday|альфа|01-07-christmas|2027-01-07"] == "Поздравить: Рождество Христово, 7 января"


def test_texts_in_english_from_the_same_plan(plan):
    english = localize(plan, "en")
    text = dict(zip(english["item_id"], english["text"], strict=True))
    assert text["visit|бета|2026-10-15"] == "Visit overdue: the last one was on October 15, 2026 (66 days ago)"
    assert text["alert|бета|plan_test|2026-11"] == "No shipments: November 2026: call the buyer"
    assert text["holiday|бета|01-01-new_year|2027-01-01"] == "Greet: New Year, January 1"
    assert text["missing_roles|гамма|warehouse,logistics,accounting"] == (
        "Contacts missing: warehouse, logistics, accounting"
    )


def test_sources_rows_times_and_occasions(plan):
    by_id = plan.set_index("item_id")
    assert by_id.loc["visit|альфа|2026-12-01", "source"] == "visits"
    assert by_id.loc["visit|альфа|2026-12-01", "source_row"] == 4  # the sheet row of the last visit
    assert by_id.loc["birthday|альфа|ольга|2027", "source_row"] == 4
    assert by_id.loc["event|альфа|продэкспо|2027-01-15", "time"] == dt.time(18, 0)
    assert by_id.loc["event|бета|новогодний приём|2026-12-24", "time"] is None
    assert by_id.loc["stale_promo|альфа|2026-11-01", "source_row"] == 3
    assert pd.isna(by_id.loc["stale_promo|бета|none", "source_row"])
    holidays = plan[plan["kind"] == "holiday"]
    assert sorted(set(holidays["occasion"])) == [
        "holiday|01-01-new_year|2027-01-01",
        "holiday|01-07-christmas|2027-01-07",
    ]
    assert plan.loc[~plan["kind"].isin(["holiday", "event"]), "occasion"].isna().all()
    assert plan["item_id"].is_unique


def test_a_plan_is_the_same_on_every_build(alert_texts):
    first = build_plan(TODAY, KEY_CLIENTS, plan_inputs(), [beta_alert()], lang="en")
    second = build_plan(TODAY, KEY_CLIENTS, plan_inputs(), [beta_alert()], lang="en")
    columns = [c for c in PLAN_COLUMNS if c != "params"]
    pd.testing.assert_frame_equal(first[columns], second[columns])


@pytest.mark.parametrize(
    ("today", "day", "key", "text"),
    [
        ("2027-02-15", "2027-02-28", "plan.birthday_leap",
         "Поздравить с днём рождения: Иван Петров (владелец), 29 февраля; в этом году — 28 февраля"),
        ("2028-02-15", "2028-02-29", "plan.birthday", "Поздравить с днём рождения: Иван Петров (владелец), 29 февраля"),
    ],
)  # fmt: skip
def test_a_birthday_on_29_february(today, day, key, text):
    plan = build_plan(dt.date.fromisoformat(today), KEY_CLIENTS, plan_inputs())
    [birthday] = plan[plan["kind"] == "birthday"].itertuples()
    assert (birthday.client, birthday.date, birthday.message_key, birthday.text) == (
        "Альфа",
        pd.Timestamp(day),
        key,
        text,
    )
    english = localize(plan, "en").set_index("kind").loc["birthday", "text"]
    if key == "plan.birthday_leap":
        assert english == "Birthday greetings: Иван Петров (owner), born on 29 February; this year on February 28"


def test_no_birthday_once_28_february_has_passed_in_a_common_year():
    plan = build_plan(dt.date(2027, 3, 1), KEY_CLIENTS, plan_inputs())
    assert "birthday" not in set(plan["kind"])


def test_thresholds_change_the_plan():
    short = PlanThresholds(plan_days=5, visit_every_days=10, stale_after_days=60, illiquid_after_months=2)
    plan = build_plan(TODAY, KEY_CLIENTS, plan_inputs(), thresholds=short)
    assert plan["date"].max() <= pd.Timestamp("2026-12-24")  # 20–24 December
    alfa = plan[plan["client"] == "Альфа"].set_index("kind")
    assert "visit_overdue" in alfa.index  # 19 days since 1 December > 10
    assert "stale_promo" not in alfa.index  # 49 days ≤ 60
    assert "stale_illiquid_exchange" in alfa.index  # 1 October is before 20 October (two months back)
    assert "holiday" not in set(plan["kind"])


def test_a_visit_exactly_on_time_is_due_today_not_overdue():
    visits = pd.DataFrame(
        {"row": [3], "client": ["Альфа"], "client_key": ["альфа"], "date": [pd.Timestamp("2026-11-20")],
         "manager": [None], "note": [None]}
    )  # fmt: skip
    inputs = plan_inputs()
    inputs.visits = visits
    plan = build_plan(TODAY, KEY_CLIENTS.iloc[:1], inputs)
    [visit] = plan[plan["kind"].str.startswith("visit")].itertuples()
    assert (visit.kind, visit.date) == ("visit_due", pd.Timestamp("2026-12-20"))


def test_a_contact_without_a_role_leaves_the_role_missing():
    plan = build_plan(TODAY, KEY_CLIENTS, plan_inputs([["Бета", None, "Кто-то", None, None, None]]))
    beta = plan[(plan["client"] == "Бета") & (plan["kind"] == "missing_roles")]
    assert beta["text"].tolist() == ["Не хватает контактов: владелец, склад, логистика, бухгалтерия"]


def test_only_dated_kinds_reach_the_calendar(plan):
    assert set(plan.loc[plan["kind"].isin(DATED_KINDS), "kind"]) == {
        "visit_overdue", "visit_never", "visit_due", "birthday", "holiday", "event",
    }  # fmt: skip


def test_no_key_clients_no_items_but_the_alerts(alert_texts):
    plan = build_plan(TODAY, KEY_CLIENTS.iloc[:0], plan_inputs(), [beta_alert()], lang="en")
    # Бета's manager is known from its last visit, even when it is not a key client.
    assert plan[["kind", "client", "manager"]].values.tolist() == [["alert", "Бета", "Петров"]]


@pytest.mark.parametrize("bad", [{"plan_days": 0}, {"visit_every_days": -1}, {"illiquid_after_months": 2.5}])
def test_bad_thresholds_are_refused(bad):
    with pytest.raises(KeyClientsError) as info:
        PlanThresholds(**bad)
    assert info.value.key == "error.bad_setting"
    assert info.value.params["setting"] == next(iter(bad))


def test_no_visit_item_when_the_next_visit_is_due_after_the_period():
    plan = build_plan(dt.date(2026, 12, 2), KEY_CLIENTS, plan_inputs(), thresholds=PlanThresholds(plan_days=5))
    visits = plan[plan["kind"].str.startswith("visit")]
    # Альфа was visited yesterday (due 31 December, after 6 December); the other two still show.
    assert visits[["kind", "client"]].values.tolist() == [["visit_overdue", "Бета"], ["visit_never", "Гамма"]]


def test_key_clients_without_a_manager_column():
    plan = build_plan(TODAY, KEY_CLIENTS[["client_key", "client"]], plan_inputs())
    managers = plan.drop_duplicates("client").set_index("client")["manager"].to_dict()
    # Альфа: its account card; Бета: its last visit; Гамма: nobody known.
    assert managers == {"Альфа": "Сидорова А.", "Бета": "Петров", "Гамма": None}


def test_names_on_the_input_sheets_that_match_no_client():
    known = ["альфа", "бета", "гамма"]  # Дельта has no sales in this example
    assert unmatched_clients(plan_inputs(), known).values.tolist() == [
        ["contacts", 8, "Дельта"],
        ["visits", 7, "Дельта"],
        ["events", 3, "Дельта"],
    ]


def test_nothing_to_plan_is_an_empty_plan():
    plan = build_plan(TODAY, KEY_CLIENTS.iloc[:0], ManagerInputs.empty())
    assert plan.empty and list(plan.columns) == PLAN_COLUMNS


def test_a_key_client_with_empty_input_sheets_and_no_holidays():
    plan = build_plan(TODAY, KEY_CLIENTS.iloc[:1], ManagerInputs.empty(), holidays=(), lang="en")
    assert plan[["kind", "text"]].values.tolist() == [
        ["visit_never", "No visit recorded: visit the client"],
        ["missing_roles", "No contacts recorded; needed: owner, warehouse, logistics, accounting"],
        ["stale_stock_check", "Check the client's stock: no check recorded"],
        ["stale_promo", "Announce current promotions and prices: none recorded"],
        ["stale_illiquid_exchange", "Offer an illiquid stock exchange: none recorded"],
    ]


def test_a_missing_input_sheet_reads_as_its_reader_reads_one_without_rows():
    from keyclients_xl.stages.plan import UserSheets, read_inputs

    fast, read = read_inputs(UserSheets(file="")), ManagerInputs.empty()
    for field in ("contacts", "visits", "events", "cards"):
        pd.testing.assert_frame_equal(getattr(fast, field), getattr(read, field))


def test_the_latest_manager_is_found_from_the_end_of_the_lines_as_from_all_of_them(monkeypatch):
    from keyclients_xl.stages import plan as stage

    days = pd.date_range("2026-01-01", periods=400, freq="D")
    lines = pd.DataFrame(
        {
            "client_key": (["a", "b", "c", "d"] * 100)[:399] + ["a"],
            "manager": ["M1", "M2", None, "M3"] * 100,
            "date": days,
        }
    )
    lines.loc[3, "client_key"] = "e"  # e: one line, at the very start
    keys = pd.Series(["a", "b", "c", "e"])
    everything = stage._latest_managers(lines, keys)
    monkeypatch.setattr(stage, "LATEST_TAIL", 2)  # widens to 16, 128 and 1024 lines
    assert stage.latest_managers(lines, keys).to_dict() == everything.to_dict() == {"a": "M3", "b": "M2", "e": "M3"}
    shuffled = lines.iloc[::-1]  # not by date: searched whole, sorted by date
    assert stage.latest_managers(shuffled, keys).to_dict() == everything.to_dict()
