"""Prospects through the build: the input sheet «Конкуренты (ввод)» filled by the manager, one prospect
won (it now appears in our own export), one with an overdue next step; today = 5 Nov 2026.

Volumes: Дельта 800 000, Вектор 500 000, Сигма 200 000, Лямбда 100 000 (total 1 600 000: shares
50 %, 31.25 %, 12.5 %, 6.25 %). Our export has «ООО Дельта» buying 50 000 in October, in two
halves on 1 and 31 October: the prospect «ООО «Дельта»» (other quotes) is the same client.
Вектор's step was due 20 Oct: 16 days late (medium: over 7, not over 30). Сигма is due later;
Лямбда is lost (closed), whatever its date.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from cycle_helpers import sheet_lines, sheet_table, write_export

from keyclients_xl import KeyClientsError, build

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

TODAY = dt.date(2026, 11, 5)
SALES = {"ООО Альфа": [100_000] * 3, "ООО Бета": [80_000] * 3, "ООО Дельта": [0, 0, 50_000]}
PROSPECTS = [
    ["ООО Вектор", "Конкурент-1", 500_000, "Иванов", "Встреча с закупщиком", dt.date(2026, 10, 20), "в работе"],
    ["ООО «Дельта»", "Конкурент-2", 800_000, "Петрова", "Пробная поставка", dt.date(2026, 10, 1), "переговоры"],
    ["АО Сигма", "Конкурент-1", "200 000", "Иванов", "Звонок", dt.date(2026, 12, 1), "новый"],
    ["ЗАО Лямбда", "Конкурент-3", 100_000, None, "Звонок", dt.date(2026, 9, 1), "проигран"],
]


def fill_prospects(book: Path, rows: list[list]) -> None:
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Конкуренты (ввод)"]
    for offset, row in enumerate(rows):
        for col, value in enumerate(row, start=1):
            sheet.cell(3 + offset, col, value)
    sheet.tables["ProspectsInput"].ref = f"A2:G{2 + len(rows)}"
    workbook.save(book)


@pytest.fixture
def built(tmp_path: Path):
    sales = write_export(tmp_path / "sales.csv", SALES, "2026-08")
    book = tmp_path / "K.xlsx"
    first = build(book, [sales], top_n=2, today=TODAY)
    assert "Конкуренты" not in openpyxl.load_workbook(book).sheetnames  # nothing listed yet
    assert first.summary["prospects"] is None
    fill_prospects(book, PROSPECTS)
    summary = tmp_path / "s.json"
    result = build(book, [sales], summary=summary, today=TODAY)
    return book, result, json.loads(summary.read_text(encoding="utf-8"))


def test_the_input_sheet_has_the_issues_columns_and_a_status_drop_down(tmp_path):
    book = tmp_path / "K.xlsx"
    build(book, [write_export(tmp_path / "s.csv", SALES, "2026-08")], today=TODAY)
    sheet = openpyxl.load_workbook(book)["Конкуренты (ввод)"]
    assert [c.value for c in sheet[2]] == [
        "Клиент", "Конкурент", "Объём в месяц (оценка)", "Ответственный", "Следующий шаг", "Срок шага", "Статус",
    ]  # fmt: skip
    [validation] = sheet.data_validations.dataValidation
    assert str(validation.sqref) == "G3:G2000"
    assert validation.formula1 == '"новый,в работе,переговоры,отложен,выигран,проигран"'


def test_prospects_ranked_with_one_won_and_one_overdue(built):
    book, result, summary = built
    rows = sheet_table(book, "Конкуренты", "Место")
    assert [(r["Место"], r["Клиент"], r["Объём в месяц (оценка)"], r["Доля объёма"]) for r in rows] == [
        (1, "ООО «Дельта»", 800_000, 0.5),
        (2, "ООО Вектор", 500_000, 0.3125),
        (3, "АО Сигма", 200_000, 0.125),
        (4, "ЗАО Лямбда", 100_000, 0.0625),
    ]
    by_client = {r["Клиент"]: r for r in rows}
    delta = by_client["ООО «Дельта»"]
    assert (delta["Уже наш клиент"], delta["Куплено с первой отгрузки"]) == ("Да", 50_000)
    assert delta["Первые отгрузки"] == "01.10.2026 — 25\u00a0000; 31.10.2026 — 25\u00a0000"
    assert delta["Дней просрочки шага"] is None  # won: its old step is no longer chased
    assert by_client["ООО Вектор"]["Дней просрочки шага"] == 16
    assert by_client["ООО Вектор"]["Срок"] == dt.datetime(2026, 10, 20)
    assert by_client["ЗАО Лямбда"]["Дней просрочки шага"] is None  # lost: closed
    assert sheet_lines(book, "Конкуренты", "Место")[1] == (
        "Перспективных клиентов: 4, оценка объёма 1\u00a0600\u00a0000 в месяц; выиграно: 1; шаг просрочен: 1. "
        "По объёму, от большего."
    )
    assert summary["prospects"] == {"count": 4, "volume": 1_600_000.0, "won": 1, "overdue": 1}


def test_the_json_alerts_of_prospects(built):
    _, _, summary = built
    found = [a for a in summary["alerts"] if a["kind"].startswith("prospect_")]
    assert found == [
        {
            "client": "ООО «Дельта»",
            "kind": "prospect_won",
            "severity": "medium",
            "message": "Стал нашим клиентом: первая отгрузка — 01.10.2026, 25\u00a0000",
            "month": None,
            "values": {
                "first_date": "2026-10-01",
                "first_amount": 25_000.0,
                "bought": 50_000.0,
                "volume": 800_000.0,
                "competitor": "Конкурент-2",
            },
        },
        {
            "client": "ООО Вектор",
            "kind": "prospect_overdue",
            "severity": "medium",
            "message": "Следующий шаг «Встреча с закупщиком» просрочен на 16 дней (срок: 20.10.2026)",
            "month": None,
            "values": {"days_late": 16, "due_date": "2026-10-20", "owner": "Иванов"},
        },
    ]


def test_prospect_late_bands_are_settings(tmp_path):
    sales = write_export(tmp_path / "sales.csv", SALES, "2026-08")
    book = tmp_path / "K.xlsx"
    build(book, [sales], today=TODAY)
    fill_prospects(book, PROSPECTS[:1])
    result = build(book, [sales], prospect_late_medium=20, prospect_late_high=40, today=TODAY)
    [alert] = [a for a in result.context.alerts if a.kind == "prospect_overdue"]
    assert alert.severity == "low"  # 16 days: not over 20


def test_a_bad_volume_names_its_cell(tmp_path):
    sales = write_export(tmp_path / "sales.csv", SALES, "2026-08")
    book = tmp_path / "K.xlsx"
    build(book, [sales], today=TODAY)
    fill_prospects(book, [["ООО Вектор", "К-1", "много", "Иванов", "Звонок", dt.date(2026, 12, 1), "новый"]])
    with pytest.raises(KeyClientsError) as info:
        build(book, [sales], today=TODAY)
    message = info.value.message("ru")
    assert "лист «Конкуренты (ввод)»" in message and "строка 3" in message and "«много»" in message
