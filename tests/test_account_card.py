"""The printable account card: its layout, and LibreOffice printing it on one page."""

from __future__ import annotations

import re
import subprocess

import openpyxl
import pandas as pd
import pytest
from libreoffice import convert
from test_plan import KEY_CLIENTS, TODAY, plan_inputs

from keyclients_xl import i18n
from keyclients_xl.analyse.alerts import Alert
from keyclients_xl.analyse.plan import build_plan
from keyclients_xl.render.excel import render_workbook
from keyclients_xl.report.account_card import MAX_PLAN, AccountCardFacts, account_card_sheet

LONG_NAME = "Общество с ограниченной ответственностью «Альфа-Торг Северо-Западный оптовый дистрибьютор»"


@pytest.fixture
def alert_texts(monkeypatch):
    monkeypatch.setitem(
        i18n.TEXTS, "alert.card_test", {"ru": "Продажи упали на {pct} к среднему за квартал", "en": "Sales fell {pct}"}
    )
    monkeypatch.setitem(i18n.TEXTS, "action.card_test", {"ru": "позвонить владельцу", "en": "call the owner"})


def full_facts(lang: str, **changes) -> AccountCardFacts:
    """A client with more of everything than the card shows: the worst case for one page."""
    inputs = plan_inputs(
        [
            ["Альфа", "закупки", f"Закупщик {i} с очень длинной фамилией", f"+7 900 000-00-0{i}", None, None]
            for i in range(6)
        ]
    )
    seminars = pd.DataFrame(
        {"row": range(10, 14), "event": [f"Семинар {i}" for i in range(4)], "date": pd.Timestamp("2027-01-10"),
         "time": None, "invited": [("Альфа",)] * 4, "everyone": False}
    )  # fmt: skip
    inputs.events = pd.concat([inputs.events, seminars], ignore_index=True)
    alerts = [
        Alert("альфа", "Альфа", "card_test", s, params={"pct": f"{p} %"}) for s, p in [("low", 5), ("high", 40)] * 3
    ]
    plan = build_plan(TODAY, KEY_CLIENTS, inputs, alerts, lang=lang)
    facts = AccountCardFacts(
        client=LONG_NAME,
        today=TODAY,
        rank=2,
        average=1234567.8,
        trend="↓ −18 % к предыдущим трём месяцам",
        manager="Сидорова А.",
        health="Под угрозой",
        reasons=["Нет отгрузок в ноябре", "Средний чек упал на 30 %", "Меньше позиций в заказе"],
        alerts=alerts,
        card=inputs.cards.iloc[0].to_dict() | {"business": "Розница: 40 магазинов у дома в трёх областях " * 3},
        contacts=inputs.contacts[inputs.contacts["client_key"] == "альфа"],
        visits=inputs.visits[inputs.visits["client_key"] == "альфа"],
        plan=plan[plan["client_key"] == "альфа"],
    )
    for key, value in changes.items():
        setattr(facts, key, value)
    return facts


def test_the_card_brings_everything_together(alert_texts):
    spec = account_card_sheet(full_facts("ru"), "ru")
    assert spec.name == "Карточка клиента" and spec.role == "account_card"
    assert spec.value_at(1, 1).startswith("Карточка клиента: Общество с ограниченной") and spec.value_at(1, 1).endswith(
        "…"
    )
    assert spec.value_at(2, 1) == "На 20.12.2026 · Менеджер: Сидорова А."
    left = {spec.value_at(row, 1): spec.value_at(row, 2) for row in range(4, 17)}
    assert left["Ранг"] == 2
    assert left["Среднее в месяц"] == "1\u00a0234\u00a0568"
    assert left["Проверка остатков"] == "10.12.2026"
    assert left["Последняя акция"] == "01.11.2026"
    assert left["Замена брака"] == "—"
    assert [spec.value_at(r, 2) for r in (8, 9)] == ["• Нет отгрузок в ноябре", "• …и ещё 2"]
    business = spec.value_at(10, 2)
    assert spec.value_at(10, 1) == "Бизнес" and business == "Розница: 40 магазинов у дома в тр…"
    assert len(business) == 34
    # Contacts, owner first: five shown of ten, then the count of the rest.
    assert spec.value_at(4, 4) == "Контакты"
    assert [spec.value_at(r, 4) for r in range(5, 11)] == [
        "владелец",
        "склад",
        "логистика",
        "бухгалтерия",
        "закупки",
        "…и ещё 5",
    ]
    assert spec.value_at(5, 6) == "+7 900 111-22-33" and spec.value_at(8, 6) == "zoya@alfa.example"  # phone, else email
    # The last visits, newest first.
    assert spec.value_at(12, 4) == "Последние визиты"
    assert [spec.value_at(r, 4) for r in (13, 14)] == ["01.12.2026", "15.11.2026"]
    assert spec.value_at(13, 6) == "остатки в норме"


def test_alerts_and_plan_items_are_cut_to_fit(alert_texts):
    facts = full_facts("en")
    spec = account_card_sheet(facts, "en")
    texts = [c.value for c in spec.cells]
    start = texts.index("Alerts")
    assert texts[start + 1 : start + 4] == ["Sales fell 40 %: call the owner"] * 2 + ["…and 4 more"]
    plan_title = next(c for c in spec.cells if c.value == "Plan for 30 days")
    lines = sorted((c for c in spec.cells if c.row > plan_title.row), key=lambda c: (c.row, c.col))
    items = facts.plan[facts.plan["kind"] != "alert"]  # the alerts have their own section
    assert len(items) == 11 > MAX_PLAN
    assert [(c.value, c.style) for c in lines if c.col == 2] == [
        (text, "text") for text in items["text"].iloc[: MAX_PLAN - 1]
    ] + [("…and 4 more", "note")]
    assert [c.value for c in lines if c.col == 1][:3] == ["Dec 24, 2026", "Dec 31, 2026", "Jan 5, 2027"]


def test_high_priority_items_print_bold():
    plan = build_plan(TODAY, KEY_CLIENTS, plan_inputs(), lang="en")
    facts = AccountCardFacts("Бета", TODAY, plan=plan[plan["client_key"] == "бета"])
    spec = account_card_sheet(facts, "en")
    styles = {c.value: c.style for c in spec.cells}
    assert styles["Visit overdue: the last one was on October 15, 2026 (66 days ago)"] == "label"
    assert styles["No contacts recorded; needed: owner, warehouse, logistics, accounting"] == "text"
    assert styles["none"] == "note"  # no contacts, no visits, no alerts: said so


def test_an_empty_card_still_renders(tmp_path):
    spec = account_card_sheet(AccountCardFacts("Гамма", TODAY), "ru")
    render_workbook([spec]).save(tmp_path / "card.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "card.xlsx")["Карточка клиента"]
    assert sheet["A1"].value == "Карточка клиента: Гамма"
    assert sheet.print_area == "'Карточка клиента'!$A$1:$F$" + str(max(c.row for c in spec.cells))


def _pdf(soffice, tmp_path, spec, page=None) -> tuple[int, str, str]:
    """Pages, page size and text of the card printed by LibreOffice."""
    book = render_workbook([spec])
    if page:
        for attr, value in page.items():
            setattr(book.active.page_setup, attr, value)
    source = tmp_path / "card.xlsx"
    book.save(source)
    [pdf] = convert(soffice, [source], "pdf", tmp_path / "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    size = re.search(r"Page size:\s+(.*)", info)[1]
    return pages, size, text


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_fullest_card_prints_on_one_page(soffice, tmp_path, alert_texts, lang):
    """As the renderer draws every sheet today: landscape, one page wide (no paper size: Letter here)."""
    pages, _size, text = _pdf(soffice, tmp_path, account_card_sheet(full_facts(lang), lang))
    assert pages == 1
    assert ("Последние визиты" if lang == "ru" else "Last visits") in text
    assert ("План на 30 дней" if lang == "ru" else "Plan for 30 days") in text


def test_the_fullest_card_fits_one_a4_portrait_page(soffice, tmp_path, alert_texts):
    """The card's own page: A4 portrait, still only one page wide (not squeezed to one page tall).
    The renderer cannot ask for it yet (SheetSpec has no paper size): set here as it should."""
    a4_portrait = {"paperSize": 9, "orientation": "portrait"}
    pages, size, text = _pdf(soffice, tmp_path, account_card_sheet(full_facts("ru"), "ru"), a4_portrait)
    assert pages == 1
    width, height = map(float, re.match(r"([\d.]+) x ([\d.]+) pts \(A4\)", size).groups())
    assert (round(width), round(height)) == (595, 842)
    assert "Карточка клиента: Общество с ограниченной" in text
    assert "…и ещё" in text
