"""Account health (red/amber/green from the alerts), the reasons in words and the "What to do" line."""

import pandas as pd
import pytest

from keyclients_xl import i18n
from keyclients_xl.analyse.alerts import Alert
from keyclients_xl.analyse.health import HEALTH_SIGNALS, account_health, health_status, merge_by_kind, what_to_do
from keyclients_xl.analyse.phrases import Names, SignedPercent
from keyclients_xl.read.notes import Note

AUG, SEP, OCT = (pd.Period(m, freq="M") for m in ("2026-08", "2026-09", "2026-10"))


def missed(client, month, severity="medium"):
    return Alert(client.casefold(), client, "missed_month", severity, month=month)


def review(client):
    return Alert(client.casefold(), client, "review_due", "low", params={"last": Note("phrase.no_review")})


def decline(client, severity):
    params = {"change": SignedPercent(-0.35), "trend": SignedPercent(-0.05), "ask": ""}
    return Alert(client.casefold(), client, "decline", severity, params=params)


def low_assortment(client):
    params = {"missing": 7, "total": 12, "skus": Names(("Товар 0012", "Товар 0450"))}
    return Alert(client.casefold(), client, "low_assortment", "low", params=params)


KEY = pd.DataFrame({"client_key": list("abcde"), "client": list("ABCDE"), "rank": [1, 2, 3, 4, 5]})
ALERTS = [
    missed("A", SEP),
    missed("A", AUG),
    review("A"),
    decline("B", "high"),
    review("C"),
    low_assortment("E"),
    review("E"),
]


def test_status_red_amber_green():
    table = account_health(KEY, ALERTS, "ru").set_index("client")
    # A: medium (missed months) → amber. B: high → red. C: one low signal → green. D: nothing → green.
    # E: two low signals of different kinds → amber.
    assert table["health"].tolist() == ["amber", "red", "green", "green", "amber"]
    assert table["signals"].tolist() == [
        ("missed_month", "review_due"),
        ("decline",),
        ("review_due",),
        (),
        ("review_due", "low_assortment"),
    ]


def test_reasons_and_what_to_do_in_words():
    ru = account_health(KEY, ALERTS, "ru").set_index("client")
    # A's two missed months make one item naming both months, before the less severe review.
    assert ru.loc["A", "what_to_do"] == (
        "Отгрузок не было: август 2026, сентябрь 2026 — позвонить закупщику; "
        "Пересмотр условий: не было ни разу — пересмотреть цены и скидки, встреча"
    )
    assert ru.loc["A", "reasons"] == "Отгрузок не было: август 2026, сентябрь 2026; Пересмотр условий: не было ни разу"
    assert ru.loc["B", "what_to_do"] == (
        "Спад: последний месяц -35\xa0% к среднему, тренд -5\xa0% в месяц — выяснить причину, встреча"
    )
    assert ru.loc["D", "reasons"] == "Тревожных сигналов нет"
    assert ru.loc["D", "what_to_do"] == "Работать в обычном режиме"
    # Equal severity: the review comes before the assortment (KIND_ORDER).
    en = account_health(KEY, ALERTS, "en").set_index("client")
    assert en.loc["E", "what_to_do"] == (
        "Terms review: none on record — review prices and discounts, meet the buyer; "
        "Does not buy 7 of 12 top SKUs — offer: Товар 0012, Товар 0450"
    )


def test_what_to_do_keeps_the_most_severe_items():
    alerts = [review("A"), missed("A", OCT, "high"), decline("A", "medium"), low_assortment("A")]
    line = what_to_do(alerts, "en", items=2)
    assert line == (
        "No shipments: October 2026 — call the buyer; "
        "Decline: last month -35% vs. the earlier average, trend -5% a month — find out why, meet the buyer"
    )


def test_merge_by_kind_keeps_the_highest_severity():
    merged = merge_by_kind([missed("A", AUG), missed("A", OCT, "high"), missed("A", SEP)])
    (alert,) = merged
    assert alert.severity == "high"
    assert alert.message("en") == "No shipments: August 2026, September 2026, October 2026"


def test_a_new_signal_such_as_receivables_joins_through_its_alert_kind(monkeypatch):
    monkeypatch.setitem(i18n.TEXTS, "alert.overdue", {"ru": "Просрочка оплаты", "en": "Overdue payment"})
    overdue = Alert("c", "C", "overdue", "high")
    assert health_status([review("C"), overdue]) == "green"  # not a signal yet: one low review only
    assert health_status([review("C"), overdue], HEALTH_SIGNALS + ("overdue",)) == "red"
    table = account_health(KEY, ALERTS + [overdue], "en", HEALTH_SIGNALS + ("overdue",)).set_index("client")
    assert table.loc["C", "health"] == "red"
    assert table.loc["C", "reasons"] == "Overdue payment; Terms review: none on record"


@pytest.mark.parametrize(
    ("status", "ru", "en"), [("red", "Красный", "Red"), ("amber", "Жёлтый", "Amber"), ("green", "Зелёный", "Green")]
)
def test_status_names_in_both_languages(status, ru, en):
    assert (i18n.t(f"health.{status}", "ru"), i18n.t(f"health.{status}", "en")) == (ru, en)
