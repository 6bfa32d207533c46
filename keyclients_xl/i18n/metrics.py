"""Texts of the metric findings: alerts and actions, their phrases, account health, and the metric settings.

Messages are worded so that no declension is needed: months come nominative from
i18n.Month ('сентябрь 2026'), counts with their own plural form from i18n.Count.
"""

TEXTS: dict[str, dict[str, str]] = {
    # Periodicity
    "alert.missed_month": {"ru": "Отгрузок не было: {month}", "en": "No shipments: {month}"},
    "action.missed_month": {"ru": "позвонить закупщику", "en": "call the buyer"},
    # Assortment
    "alert.low_assortment": {
        "ru": "Топ-позиций не берёт: {missing} из {total}",
        "en": "Does not buy {missing} of {total} top SKUs",
    },
    "action.low_assortment": {"ru": "предложить: {skus}", "en": "offer: {skus}"},
    # Turnover
    "alert.decline": {
        "ru": "Спад: последний месяц {change} к среднему, тренд {trend} в месяц",
        "en": "Decline: last month {change} vs. the earlier average, trend {trend} a month",
    },
    "action.decline": {"ru": "выяснить причину, встреча{ask}", "en": "find out why, meet the buyer{ask}"},
    "alert.growth": {
        "ru": "Рост: последний месяц {change} к среднему, тренд {trend} в месяц",
        "en": "Growth: last month {change} vs. the earlier average, trend {trend} a month",
    },
    "action.growth": {"ru": "узнать, что сработало, и закрепить{ask}", "en": "find out what worked and keep it{ask}"},
    "phrase.ask_about": {"ru": ": спросить про {drivers}", "en": ": ask about {drivers}"},
    "driver.item": {"ru": "{sku} ({change}, {how})", "en": "{sku} ({change}, {how})"},
    "driver.stopped": {"ru": "не берёт", "en": "stopped"},
    "driver.new": {"ru": "новая", "en": "new"},
    "driver.changed": {"ru": "{change}", "en": "{change}"},
    # Trade terms
    "alert.review_due": {"ru": "Пересмотр условий: {last}", "en": "Terms review: {last}"},
    "action.review_due": {
        "ru": "пересмотреть цены и скидки, встреча",
        "en": "review prices and discounts, meet the buyer",
    },
    "phrase.last_review_days": {"ru": "последний {days} назад", "en": "last one {days} ago"},
    "phrase.no_review": {"ru": "не было ни разу", "en": "none on record"},
    # Near-key clients
    "alert.fast_grower": {
        "ru": "Растёт на {trend} в месяц; до уровня ключевых: {months}",
        "en": "Growing {trend} a month; key level in {months}",
    },
    "action.fast_grower": {"ru": "предложить условия ключевого клиента", "en": "offer key-client terms"},
    # Account health and "What to do"
    "health.red": {"ru": "Красный", "en": "Red"},
    "health.amber": {"ru": "Жёлтый", "en": "Amber"},
    "health.green": {"ru": "Зелёный", "en": "Green"},
    "health.no_signals": {"ru": "Тревожных сигналов нет", "en": "No warning signs"},
    "todo.item": {"ru": "{message} — {action}", "en": "{message} — {action}"},
    "todo.none": {"ru": "Работать в обычном режиме", "en": "Keep the routine"},
    # What a measure needs when the data lacks it
    "needs.sku": {
        "ru": "Нужна выгрузка по строкам документов с колонкой «Номенклатура».",
        "en": "Needs an export of document lines with a product (SKU) column.",
    },
    "needs.columns": {"ru": "Нужны колонки: {columns}.", "en": "Needs the columns: {columns}."},
    "column.sku": {"ru": "Номенклатура", "en": "SKU (product)"},
    "column.quantity": {"ru": "Количество", "en": "Quantity"},
    "column.price": {"ru": "Цена", "en": "Price"},
    "column.list_price": {"ru": "Цена по прайсу", "en": "List price"},
    # Metric settings (analyse/metric_settings.py), one line each for the settings sheet
    "setting.top_sku_share": {
        "ru": "Топ-ассортимент: позиции, дающие первые X % продаж компании",
        "en": "Top SKUs: those making the first X % of the company's sales",
    },
    "setting.coverage_threshold": {
        "ru": "Сигнал «ассортимент»: клиент берёт меньше X % топ-позиций",
        "en": "Assortment alert: a client buys fewer than X % of the top SKUs",
    },
    "setting.white_space_shown": {
        "ru": "Сколько невзятых топ-позиций предлагать",
        "en": "How many top SKUs not bought to offer",
    },
    "setting.trend_months": {
        "ru": "Месяцев для тренда (наклон по методу наименьших квадратов)",
        "en": "Months for the trend (least-squares slope)",
    },
    "setting.decline_threshold": {
        "ru": "Сигнал «спад»: тренд в месяц или последний месяц ниже на X %",
        "en": "Decline alert: the trend a month or the last month falls by X %",
    },
    "setting.decline_medium": {
        "ru": "Спад больше X %: средняя важность",
        "en": "A fall above X %: medium severity",
    },
    "setting.decline_high": {"ru": "Спад больше X %: высокая важность", "en": "A fall above X %: high severity"},
    "setting.growth_threshold": {
        "ru": "Отметка «рост»: тренд или последний месяц выше на X %",
        "en": "Growth note: the trend or the last month rises by X %",
    },
    "setting.drivers_shown": {
        "ru": "Сколько позиций называть как причину спада или роста",
        "en": "How many SKUs to name as the drivers of a fall or rise",
    },
    "setting.review_days": {
        "ru": "Пересматривать условия не реже, чем раз в X дней",
        "en": "Review trade terms at least every X days",
    },
    "setting.near_key_count": {
        "ru": "Сколько клиентов ниже черты показывать; пусто = столько же, сколько ключевых",
        "en": "How many clients below the line to show; blank = as many as key clients",
    },
    "setting.fast_grower_threshold": {
        "ru": "Сигнал «быстрый рост» кандидата: тренд выше X % в месяц",
        "en": "Fast-grower alert: a near-key client's trend above X % a month",
    },
}
