"""The sheets a build writes into a new workbook, in order, in each language: the key clients,
the Dashboard and the metric sheets, the metric sheets' two input sheets, the settings."""

RU_SHEETS = [
    "Ключевые клиенты", "Сводка", "Периодичность", "Ассортимент", "Обороты", "Торговые условия", "Кандидаты",
    "Пересмотр условий", "Топ-ассортимент", "Настройки",
]  # fmt: skip
EN_SHEETS = [
    "Key clients", "Dashboard", "Periodicity", "Assortment", "Turnover", "Trade terms", "Near-key",
    "Terms reviews", "Top assortment", "Settings",
]  # fmt: skip
