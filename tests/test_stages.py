"""The build's stages: what they add reaches the sheets and the JSON; input sheets are created once."""

from __future__ import annotations

import datetime as dt
import sys
import types

from keyclients_xl.analyse.alerts import Alert
from keyclients_xl.demo import demo_shipments
from keyclients_xl.engine import report_sheets
from keyclients_xl.report.spec import CellSpec, SheetSpec
from keyclients_xl.settings import Settings
from keyclients_xl.stages import INPUT_ROLE, UserSheets


def fake_stage(monkeypatch, run):
    module = types.ModuleType("keyclients_xl.stages.fake")
    module.run = run
    monkeypatch.setitem(sys.modules, "keyclients_xl.stages.fake", module)
    monkeypatch.setattr("keyclients_xl.stages.STAGES", ("fake",))


def test_a_stage_adds_sheets_alerts_and_input_sheets(monkeypatch):
    def run(context):
        top = context.analysis.key.iloc[0]
        context.alerts.append(Alert(top["client_key"], top["client"], "missed_month", "high", {"amount": 0.0},
                                    month=context.analysis.months[-1]))  # fmt: skip
        context.sheets.append(SheetSpec("Extra", [CellSpec(1, 1, "x")], role="extra"))
        context.input_sheets.append(SheetSpec("Контакты", [CellSpec(1, 1, "y")], role=INPUT_ROLE + "sheet.settings"))

    fake_stage(monkeypatch, run)
    result = report_sheets(demo_shipments(), Settings(lang="ru"), today=dt.date(2026, 11, 27))
    assert [spec.role for spec in result.sheets] == ["key_clients", "extra", "input:sheet.settings", "settings"]
    assert result.summary["alerts"] == [
        {"client": "ООО «ТД Мегаплюс»", "kind": "missed_month", "severity": "high",
         "message": result.context.alerts[0].message("ru"), "month": "2026-10", "values": {"amount": 0.0}}
    ]  # fmt: skip
    # The workbook already has that input sheet (here: a sheet named 'Настройки'): it is not written again.
    existing = UserSheets("K.xlsx", ("Настройки",), lambda name: [])
    again = report_sheets(demo_shipments(), Settings(lang="ru"), today=dt.date(2026, 11, 27), user_sheets=existing)
    assert [spec.role for spec in again.sheets] == ["key_clients", "extra", "settings"]


def test_user_sheets_are_found_by_key_in_either_language():
    sheets = UserSheets("K.xlsx", ("Settings", "Мой лист"), lambda name: [["a", 1]] if name == "Settings" else [])
    assert sheets.find("sheet.settings") == "Settings"
    assert sheets.rows("sheet.settings").rows == [["a", 1]]
    assert sheets.rows("sheet.key_clients") is None
