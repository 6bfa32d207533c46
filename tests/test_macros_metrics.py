"""The ribbon's Build button brings the metric sheets and the Dashboard's charts into the open
workbook, through the same engine (driven through the stand-in for xlwings' Book)."""

from __future__ import annotations

import datetime as dt

from fake_xlwings import FakeBook
from test_macros import HEADERS, settings_rows

from keyclients_xl.excel import macros
from keyclients_xl.report.metric_layout import HEADER_ROW

# Альфа buys Чай every month and Кофе in August only; Бета misses September.
LINES = [
    (dt.date(2026, 8, 5), "ООО Альфа", "Чай", 10, 10.0, 100.0, "Иванов", "Проведен"),
    (dt.date(2026, 8, 5), "ООО Альфа", "Кофе", 5, 10.0, 50.0, "Иванов", "Проведен"),
    (dt.date(2026, 9, 5), "ООО Альфа", "Чай", 10, 10.0, 100.0, "Иванов", "Проведен"),
    (dt.date(2026, 10, 5), "ООО Альфа", "Чай", 10, 10.0, 100.0, "Иванов", "Проведен"),
    (dt.date(2026, 8, 6), "ООО Бета", "Кофе", 9, 10.0, 90.0, "Петров", "Проведен"),
    (dt.date(2026, 10, 30), "ООО Бета", "Кофе", 3, 10.0, 30.0, "Петров", "Проведен"),
]
METRIC_SHEETS = ["Сводка", "Периодичность", "Ассортимент", "Обороты", "Торговые условия", "Кандидаты"]


def make_book() -> FakeBook:
    book = FakeBook()
    book.add_sheet("Выгрузка", [["Вставьте строки"], HEADERS, *[list(line) for line in LINES]])
    book.add_sheet("Настройки", settings_rows())
    return book


def test_the_build_button_brings_every_metric_sheet_and_the_charts(monkeypatch):
    monkeypatch.setattr(macros, "today", lambda: dt.date(2026, 11, 27))
    book = make_book()
    macros.build_report(book)
    assert book.app.alerts == []
    # New sheets go after the user's (the settings sheet already there is replaced where it stands).
    assert [sheet.name for sheet in book.sheets] == [
        "Выгрузка", "Настройки", "Ключевые клиенты", *METRIC_SHEETS, "Изменения", "История", "План работы",
        "Пересмотр условий", "Топ-ассортимент", "Дебиторка (ввод)", "Конкуренты (ввод)", "Контакты", "Визиты",
        "Мероприятия", "Карточки клиентов",
    ]  # fmt: skip
    periodicity = book.sheets["Периодичность"]
    # Бета (rank 2): August 90, September nothing, October 30.
    assert [periodicity.values[(HEADER_ROW + 2, col)] for col in (2, 3, 4, 5)] == ["ООО Бета", 90, 0, 30]
    assert ("C5:E6", "colorScale") in periodicity.conditional  # the heat map came along
    # The Dashboard's two charts read the Dashboard itself, not the temporary workbook.
    dashboard = book.sheets["Сводка"]
    assert [chart.data_sheet for chart in dashboard.charts] == ["Сводка", "Сводка"]
    assert dashboard.charts[0].title.startswith("Парето")
    key = book.sheets["Ключевые клиенты"]
    headers = {key.values.get((4, col)): col for col in range(1, 20)}
    assert key.values[(5, headers["Здоровье"])] in ("Красный", "Жёлтый", "Зелёный")


def test_a_rebuild_swaps_the_dashboard_and_reads_the_reviews_typed_in_between(monkeypatch):
    monkeypatch.setattr(macros, "today", lambda: dt.date(2026, 11, 27))
    book = make_book()
    macros.build_report(book)
    key_sheet, periodicity = book.sheets["Ключевые клиенты"], book.sheets["Периодичность"]
    # The manager records Альфа's terms review on the sheet the first build made.
    book.sheets["Пересмотр условий"].range((3, 1)).value = [["ООО Альфа", dt.datetime(2026, 10, 1), "прайс"]]
    macros.build_report(book)
    assert book.app.alerts == []
    assert book.sheets["Ключевые клиенты"] is key_sheet and book.sheets["Периодичность"] is periodicity
    # The Dashboard is replaced by its new copy (its charts read that copy), once, still in its place.
    assert book.deleted.count("Сводка") == 1
    names = [sheet.name for sheet in book.sheets]
    assert names.count("Сводка") == 1 and not any(name.startswith("kc_new_") for name in names)
    assert names.index("Сводка") == names.index("Ключевые клиенты") + 1
    assert [chart.data_sheet for chart in book.sheets["Сводка"].charts] == ["Сводка", "Сводка"]
    terms = book.sheets["Торговые условия"]
    row = next(r for r in range(HEADER_ROW + 1, HEADER_ROW + 3) if terms.values[(r, 2)] == "ООО Альфа")
    headers = {terms.values.get((HEADER_ROW, col)): col for col in range(1, 12)}
    assert terms.values[(row, headers["Последний пересмотр"])].date() == dt.date(2026, 10, 1)
    assert terms.values[(row, headers["Заметка"])] == "прайс"
    assert terms.values.get((row, headers["Пора пересмотреть"])) is None  # 29 days old: not due
