"""Prospects: ranking by volume, one won (now in our shipments), one overdue next step; today = 5 Nov 2026."""

from __future__ import annotations

import pandas as pd
import pytest

from keyclients_xl.analyse.prospects import analyse_prospects, first_purchases, rank_prospects
from keyclients_xl.read.clients import client_key

TODAY = pd.Timestamp("2026-11-05")

PROSPECTS = pd.DataFrame(
    {
        "client": ["ООО Вектор", "ООО Дельта", "АО Сигма", "ЗАО Лямбда"],
        "competitor": ["Конкурент-1", "Конкурент-2", "Конкурент-1", "Конкурент-3"],
        "volume": [500_000, 800_000, 200_000, "100000"],
        "owner": ["Иванов", "Петрова", "Иванов", None],
        "next_step": ["Встреча с закупщиком", "Пробная поставка", "Звонок", "Звонок"],
        "due_date": pd.to_datetime(["2026-10-20", "2026-10-01", "2026-12-01", "2026-09-01"]),
        "status": ["в работе", "переговоры", "в работе", "отказ"],
    }
)


def lines() -> pd.DataFrame:
    """Our shipments: Дельта (spelled in lower case) bought on 12 Oct (two lines) and 26 Oct; a return on 27 Oct."""
    frame = pd.DataFrame(
        {
            "client": ["ООО Альфа", "ооо дельта", "ооо дельта", "ооо дельта", "ооо дельта"],
            "date": pd.to_datetime(["2026-10-01", "2026-10-26", "2026-10-12", "2026-10-12", "2026-10-27"]),
            "amount": [1_000.0, 45_000.0, 30_000.0, 20_000.0, -5_000.0],
        }
    )
    return frame.assign(client_key=client_key(frame["client"]), month=frame["date"].dt.to_period("M"))


def test_prospects_are_ranked_by_volume():
    ranked = rank_prospects(PROSPECTS)
    assert list(ranked["client"]) == ["ООО Дельта", "ООО Вектор", "АО Сигма", "ЗАО Лямбда"]
    assert list(ranked["rank"]) == [1, 2, 3, 4]
    # Total 1 600 000: 800 000 is half of it.
    assert list(ranked["share"]) == pytest.approx([0.5, 0.3125, 0.125, 0.0625])
    assert list(ranked["open"]) == [True, True, True, False]  # «отказ» closes a prospect


def test_one_won_and_one_overdue():
    report = analyse_prospects(PROSPECTS, lines(), TODAY)
    table = report.table.set_index("client")
    # Дельта bought on 12 Oct (30 000 + 20 000) and 26 Oct (45 000); the return does not count.
    assert table.loc["ООО Дельта", "won"]
    assert table.loc["ООО Дельта", "first_date"] == pd.Timestamp("2026-10-12")
    assert table.loc["ООО Дельта", ["first_amount", "bought"]].tolist() == [50_000, 95_000]
    assert pd.isna(table.loc["ООО Дельта", "days_late"])  # won: its old step is no longer chased
    # Вектор's step was due 20 Oct: 16 days late on 5 Nov. Сигма is due later; Лямбда is closed.
    assert table["days_late"].dropna().to_dict() == {"ООО Вектор": 16}
    alerts = {(a.client, a.kind): a for a in report.alerts}
    assert set(alerts) == {("ООО Дельта", "prospect_won"), ("ООО Вектор", "prospect_overdue")}
    won, late = alerts["ООО Дельта", "prospect_won"], alerts["ООО Вектор", "prospect_overdue"]
    assert (won.severity, late.severity) == ("medium", "medium")
    assert won.message("ru") == "Стал нашим клиентом: первая отгрузка — 12.10.2026, 50\u00a0000"
    assert won.message("en") == "Became our client: first shipment on 12 Oct 2026, 50,000"
    assert late.message("ru") == "Следующий шаг «Встреча с закупщиком» просрочен на 16 дней (срок: 20.10.2026)"
    assert late.action("ru") == "Иванов: сделать шаг или назначить новый срок"
    assert late.to_json("en")["values"] == {"days_late": 16, "due_date": "2026-10-20", "owner": "Иванов"}


def test_first_purchases_per_day():
    keys = client_key(pd.Series(["ООО Дельта"]))
    first = first_purchases(lines(), keys, count=3)
    assert list(first["date"].dt.strftime("%d.%m")) == ["12.10", "26.10"]
    assert list(first["amount"]) == [50_000, 45_000]


@pytest.mark.parametrize(
    ("due", "severity"),
    [("2026-10-29", "low"), ("2026-10-28", "medium"), ("2026-10-06", "medium"), ("2026-10-05", "high")],
)
def test_overdue_severity_by_days_late(due, severity):
    # 5 Nov − 29 Oct = 7 days (low); − 28 Oct = 8 (medium); − 6 Oct = 30 (medium); − 5 Oct = 31 (high).
    prospects = PROSPECTS.iloc[[0]].assign(due_date=pd.Timestamp(due))
    [alert] = analyse_prospects(prospects, lines(), TODAY).alerts
    assert alert.severity == severity


def test_a_prospect_already_marked_won_is_a_low_alert():
    prospects = PROSPECTS.iloc[[1]].assign(status="выигран")
    [alert] = analyse_prospects(prospects, lines(), TODAY).alerts
    assert (alert.kind, alert.severity) == ("prospect_won", "low")
