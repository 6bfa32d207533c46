"""The alert schema shared by the metric sheets, the JSON summary and the plan."""

from __future__ import annotations

import pandas as pd
import pytest

from keyclients_xl import i18n
from keyclients_xl.analyse.alerts import Alert, alerts_frame, sort_alerts


@pytest.fixture
def texts(monkeypatch):
    monkeypatch.setitem(
        i18n.TEXTS, "alert.test_kind", {"ru": "Нет отгрузок: {month}, {lines}", "en": "No shipments: {month}, {lines}"}
    )
    monkeypatch.setitem(i18n.TEXTS, "action.test_kind", {"ru": "позвонить", "en": "call"})
    monkeypatch.setitem(i18n.TEXTS, "alert.plain", {"ru": "Нет отгрузок: {month}", "en": "No shipments: {month}"})
    monkeypatch.setitem(i18n.TEXTS, "action.plain", {"ru": "позвонить", "en": "call"})


def test_alert_json_entry_in_each_language(texts):
    alert = Alert(
        "romashka", "ООО Ромашка", "test_kind", "high", {"amount": 0.0},
        month=pd.Period("2026-09", freq="M"), params={"lines": i18n.Count(3, "line")},
    )  # fmt: skip
    assert alert.to_json("ru") == {
        "client": "ООО Ромашка",
        "kind": "test_kind",
        "severity": "high",
        "message": "Нет отгрузок: сентябрь 2026, 3 строки",
        "month": "2026-09",
        "values": {"amount": 0.0},
    }
    assert alert.message("en") == "No shipments: September 2026, 3 lines"
    assert alert.action("ru") == "позвонить"


def test_unknown_severity_is_refused():
    with pytest.raises(ValueError, match="severity"):
        Alert("a", "A", "test_kind", "urgent")


def test_alerts_sort_most_severe_first_then_client(texts):
    low = Alert("b", "B", "plain", "low", month=pd.Period("2026-09", freq="M"))
    high_b = Alert("b", "B", "plain", "high", month=pd.Period("2026-08", freq="M"))
    high_a = Alert("a", "A", "plain", "high", month=pd.Period("2026-09", freq="M"))
    assert sort_alerts([low, high_b, high_a]) == [high_a, high_b, low]
    frame = alerts_frame([low, high_b, high_a], "en")
    assert frame["client"].tolist() == ["A", "B", "B"]
    assert frame["severity"].tolist() == ["high", "high", "low"]
    assert frame["action"].tolist() == ["call"] * 3
    assert frame["message"].iloc[0] == "No shipments: September 2026"
