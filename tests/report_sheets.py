"""The sheets a build writes into a new workbook, in order, in each language: the key clients;
the Dashboard and the metric sheets (issue 9); Changes and History (issue 10); the Plan (issue
11); the input sheets the manager fills (terms reviews, top assortment, receivables, prospects,
contacts, visits, events, account cards); the settings. (Receivables and Prospects report sheets
appear only when there is data for them.)"""

RU_SHEETS = [
    "Ключевые клиенты", "Сводка", "Периодичность", "Ассортимент", "Обороты", "Торговые условия", "Кандидаты",
    "Изменения", "История", "План работы", "Пересмотр условий", "Топ-ассортимент", "Дебиторка (ввод)",
    "Конкуренты (ввод)", "Контакты", "Визиты", "Мероприятия", "Карточки клиентов", "Настройки",
]  # fmt: skip
EN_SHEETS = [
    "Key clients", "Dashboard", "Periodicity", "Assortment", "Turnover", "Trade terms", "Near-key",
    "Changes", "History", "Plan", "Terms reviews", "Top assortment", "Receivables (input)", "Prospects (input)",
    "Contacts", "Visits", "Events", "Account cards", "Settings",
]  # fmt: skip


def report_sheet_names(lang: str) -> list[str]:
    """The sheets of a workbook a first build made, in order."""
    return RU_SHEETS if lang == "ru" else EN_SHEETS
