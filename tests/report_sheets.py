"""The sheets a build writes into a new workbook, in order, in each language: the key clients;
the Dashboard and the metric sheets (issue 9); Changes and History (issue 10); the input sheets
the manager fills (terms reviews, top assortment, receivables, prospects); the settings.
(Receivables and Prospects report sheets appear only when there is data for them.)"""

RU_SHEETS = [
    "Ключевые клиенты", "Сводка", "Периодичность", "Ассортимент", "Обороты", "Торговые условия", "Кандидаты",
    "Изменения", "История", "Пересмотр условий", "Топ-ассортимент", "Дебиторка (ввод)", "Конкуренты (ввод)",
    "Настройки",
]  # fmt: skip
EN_SHEETS = [
    "Key clients", "Dashboard", "Periodicity", "Assortment", "Turnover", "Trade terms", "Near-key",
    "Changes", "History", "Terms reviews", "Top assortment", "Receivables (input)", "Prospects (input)",
    "Settings",
]  # fmt: skip
