"""Texts of the metric sheets (Periodicity, Assortment, Turnover, Trade terms, Near-key,
Dashboard), their input sheets, the key-client sheet's Health and What-to-do columns, the
settings sheet's groups, and the command line's metric options."""

TEXTS: dict[str, dict] = {
    # Sheet names
    "sheet.periodicity": {"ru": "Периодичность", "en": "Periodicity"},
    "sheet.assortment": {"ru": "Ассортимент", "en": "Assortment"},
    "sheet.turnover": {"ru": "Обороты", "en": "Turnover"},
    "sheet.trade_terms": {"ru": "Торговые условия", "en": "Trade terms"},
    "sheet.near_key": {"ru": "Кандидаты", "en": "Near-key"},
    "sheet.dashboard": {"ru": "Сводка", "en": "Dashboard"},
    "sheet.terms_reviews": {"ru": "Пересмотр условий", "en": "Terms reviews"},
    "sheet.top_assortment": {"ru": "Топ-ассортимент", "en": "Top assortment"},
    # Their titles and the line under each title
    "mtitle.periodicity": {
        "ru": "Периодичность: берёт ли клиент каждый месяц",
        "en": "Periodicity: does the client buy every month",
    },
    "mtitle.assortment": {
        "ru": "Ассортимент: какие топ-позиции берёт клиент",
        "en": "Assortment: which top SKUs the client buys",
    },
    "mtitle.top_skus": {"ru": "Топ-позиции компании", "en": "The company's top SKUs"},
    "mtitle.turnover": {
        "ru": "Обороты: как меняются закупки клиента",
        "en": "Turnover: how the client's purchases change",
    },
    "mtitle.trade_terms": {
        "ru": "Торговые условия: скидка, цены, пересмотр",
        "en": "Trade terms: discount, prices, reviews",
    },
    "mtitle.near_key": {"ru": "Кандидаты: клиенты сразу под чертой", "en": "Near-key: the clients just below the line"},
    "mtitle.dashboard": {"ru": "Сводка по ключевым клиентам", "en": "Key clients at a glance"},
    "mintro.periodicity": {
        "ru": "Отгрузки ключевых клиентов по месяцам, {period}: чем зеленее, тем больше; красным — месяц без отгрузок.",
        "en": "The key clients' shipments by month, {period}: the greener, the more; red is a month without shipments.",
    },
    "mintro.assortment": {
        "ru": "Жёлтым — клиент берёт меньше {threshold} % топ-позиций, красным — меньше половины этого. «Не берёт»: первое, что предложить.",
        "en": "Amber: the client buys fewer than {threshold} % of the top SKUs; red: fewer than half that. 'Not bought': the first things to offer.",
    },
    "mintro.top_from_share": {
        "ru": "Топ-позиции — те, что дают первые {share} % продаж компании за период: {count}.",
        "en": "Top SKUs: the {count} making the first {share} % of the company's sales in the period.",
    },
    "mintro.top_from_list": {
        "ru": "Топ-позиции: {count} с листа «Топ-ассортимент».",
        "en": "Top SKUs: the {count} on the Top assortment sheet.",
    },
    "mintro.turnover": {
        "ru": "Изменения к прошлому месяцу; последний месяц к среднему предыдущих (как функция KC_TREND); тренд — наклон за {months} в % от среднего в месяц. Красным — падение больше {decline} %, зелёным — рост больше {growth} %.",
        "en": "Change on the month before; the last month against the earlier months' average (as the KC_TREND function); the trend is the slope over {months} as % of the average a month. Red: a fall above {decline} %, green: a rise above {growth} %.",
    },
    "mintro.trade_terms": {
        "ru": "Скидка от цены прайса; индекс цен: цены клиента к ценам тех же позиций у остальных клиентов (95 % — на 5 % дешевле). Пересмотр условий — с листа «Пересмотр условий»; жёлтым — не было больше {days} дней или ни разу, красным — больше вдвое дольше.",
        "en": "Discount off the list price; price index: the client's prices against the same SKUs sold to the other clients (95 % = 5 % cheaper). Reviews come from the Terms reviews sheet; amber: none in {days} days or none at all, red: none in twice that.",
    },
    "mneeds.discount": {"ru": "Скидка: {needs}", "en": "Discount: {needs}"},
    "mneeds.price_index": {"ru": "Индекс цен: {needs}", "en": "Price index: {needs}"},
    "mintro.near_key": {
        "ru": "Клиенты сразу под чертой ключевых: сколько не хватает до уровня последнего ключевого и когда дорастут при нынешнем тренде. Зелёным — растут быстрее {threshold} % в месяц.",
        "en": "The clients just below the key line: how far below the last key client and when they reach it at the current trend. Green: growing faster than {threshold} % a month.",
    },
    "mintro.near_key_none": {
        "ru": "Клиентов ниже черты нет: ключевые все клиенты с отгрузками.",
        "en": "No clients below the line: every client with shipments is key.",
    },
    "mnote.no_dates": {
        "ru": "В выгрузке нет дат отгрузок (данные по месяцам): дней с последней отгрузки не посчитать.",
        "en": "The export has no shipment dates (amounts by month): days since the last shipment are unknown.",
    },
    "mnote.unsold_top": {
        "ru": "Позиции листа «Топ-ассортимент», которые за период не купил никто: {skus}.",
        "en": "SKUs on the Top assortment sheet that nobody bought in the period: {skus}.",
    },
    "mnote.short_lookback": {
        "ru": "Тренд посчитан за {used}: в данных нет {wanted} полных месяцев.",
        "en": "The trend covers {used}: the data has no {wanted} full months.",
    },
    "mnote.why_needs": {
        "ru": "Почему изменилось: {needs}",
        "en": "Why it moved: {needs}",
    },
    # Column headers
    "mcol.months_shipped_of": {"ru": "Месяцев с отгрузками из {n}", "en": "Months shipped of {n}"},
    "mcol.last_shipment": {"ru": "Последняя отгрузка", "en": "Last shipment"},
    "mcol.days_since_last": {"ru": "Дней с последней отгрузки", "en": "Days since last shipment"},
    "mcol.top_bought": {"ru": "Берёт топ-позиций", "en": "Top SKUs bought"},
    "mcol.top_total": {"ru": "Топ-позиций всего", "en": "Top SKUs in all"},
    "mcol.coverage": {"ru": "Охват топа", "en": "Coverage"},
    "mcol.top_share": {"ru": "Доля топа в закупках", "en": "Top SKUs' share of purchases"},
    "mcol.white_space_count": {"ru": "Не берёт", "en": "Not bought"},
    "mcol.white_space": {"ru": "Не берёт (что предложить)", "en": "Not bought (what to offer)"},
    "mcol.sku": {"ru": "Номенклатура", "en": "SKU"},
    "mcol.sku_sales": {"ru": "Продажи за период", "en": "Sales in the period"},
    "mcol.key_buyers": {"ru": "Ключевых клиентов берут", "en": "Key clients buying"},
    "mcol.month_change": {"ru": "Δ {month}", "en": "Δ {month}"},
    "mcol.earlier_average": {"ru": "Среднее предыдущих", "en": "Earlier average"},
    "mcol.last_vs_earlier": {"ru": "Последний к среднему", "en": "Last vs earlier"},
    "mcol.trend": {"ru": "Тренд в месяц", "en": "Trend a month"},
    "mcol.trend_months": {"ru": "Месяцев в тренде", "en": "Trend months"},
    "mcol.why": {"ru": "Почему изменилось", "en": "Why it moved"},
    "mcol.discount": {"ru": "Скидка", "en": "Discount"},
    "mcol.price_index": {"ru": "Индекс цен", "en": "Price index"},
    "mcol.index_skus": {"ru": "Позиций в индексе", "en": "SKUs compared"},
    "mcol.last_review": {"ru": "Последний пересмотр", "en": "Last review"},
    "mcol.days_since_review": {"ru": "Дней с пересмотра", "en": "Days since review"},
    "mcol.review_note": {"ru": "Заметка", "en": "Note"},
    "mcol.review_due": {"ru": "Пора пересмотреть", "en": "Review due"},
    "mcol.key_level": {"ru": "Уровень ключевых", "en": "Key level"},
    "mcol.gap": {"ru": "Не хватает", "en": "Gap"},
    "mcol.months_to_key": {"ru": "Месяцев до ключевых", "en": "Months to key"},
    # The key-client sheet's columns from the health stage
    "col.health": {"ru": "Здоровье", "en": "Health"},
    "col.what_to_do": {"ru": "Что делать", "en": "What to do"},
    # Alert kinds in words (the Dashboard's table)
    "alert_kind.missed_month": {"ru": "Месяц без отгрузок", "en": "Missed month"},
    "alert_kind.decline": {"ru": "Спад", "en": "Decline"},
    "alert_kind.low_assortment": {"ru": "Узкий ассортимент", "en": "Low assortment"},
    "alert_kind.review_due": {"ru": "Пора пересмотреть условия", "en": "Terms review due"},
    "alert_kind.growth": {"ru": "Рост", "en": "Growth"},
    "alert_kind.fast_grower": {"ru": "Быстрый рост кандидата", "en": "Fast-growing near-key client"},
    "alert_kind.overdue": {"ru": "Просроченный долг", "en": "Overdue debt"},
    "alert_kind.lost_client": {"ru": "Перестал покупать", "en": "Stopped buying"},
    "alert_kind.new_key": {"ru": "Новый ключевой", "en": "New key client"},
    "alert_kind.left_key": {"ru": "Выбыл из ключевых", "en": "Left the key list"},
    "alert_kind.class_down": {"ru": "Класс ниже", "en": "Class down"},
    "alert_kind.prospect_overdue": {"ru": "Шаг по перспективному просрочен", "en": "Prospect step overdue"},
    "alert_kind.prospect_won": {"ru": "Перспективный стал клиентом", "en": "Prospect won"},
    # The Dashboard
    "dash.health.red": {"ru": "Красных", "en": "Red accounts"},
    "dash.health.amber": {"ru": "Жёлтых", "en": "Amber accounts"},
    "dash.health.green": {"ru": "Зелёных", "en": "Green accounts"},
    "dash.alerts_total": {"ru": "Сигналов всего", "en": "Alerts in all"},
    "dash.alerts_by_kind": {"ru": "Сигналы по видам", "en": "Alerts by kind"},
    "dash.col.kind": {"ru": "Вид", "en": "Kind"},
    "dash.col.high": {"ru": "Высокая важность", "en": "High"},
    "dash.col.medium": {"ru": "Средняя", "en": "Medium"},
    "dash.col.low": {"ru": "Низкая", "en": "Low"},
    "dash.col.total": {"ru": "Всего", "en": "Total"},
    "dash.col.key_clients": {"ru": "Ключевые клиенты", "en": "Key clients"},
    "dash.col.others": {"ru": "Остальные", "en": "Other clients"},
    "dash.col.month": {"ru": "Месяц", "en": "Month"},
    "dash.chart_data": {"ru": "Данные диаграмм", "en": "Chart data"},
    "dash.chart.pareto": {
        "ru": "Парето: первые {count} клиентов по среднему в месяц",
        "en": "Pareto: the first {count} clients by average per month",
    },
    "dash.chart.monthly": {"ru": "Ключевые клиенты и остальные по месяцам", "en": "Key clients and the rest by month"},
    "dash.axis.rank": {"ru": "Ранг клиента", "en": "Client rank"},
    "dash.axis.average": {"ru": "Среднее в месяц", "en": "Average per month"},
    "dash.axis.amount": {"ru": "Продажи", "en": "Sales"},
    # The input sheets
    "manager_input.instructions.terms_reviews": {
        "ru": "Записывайте каждый пересмотр цен и скидок ключевого клиента: клиент (как в выгрузке), дата, заметка. Лист «Торговые условия» берёт последний.",
        "en": "Record every review of a key client's prices and discounts: client (as in the export), date, note. The Trade terms sheet takes the latest.",
    },
    "manager_input.instructions.top_assortment": {
        "ru": "Свой список топ-позиций, по одной в строке (как в выгрузке). Пока лист пуст, топ — позиции, дающие 80 % продаж.",
        "en": "Your own list of top SKUs, one per row (as in the export). While it is empty, the top SKUs are those making 80 % of sales.",
    },
    "manager_input.col.sku": {"ru": "Номенклатура", "en": "SKU"},
    # The settings sheet's groups of metric settings
    "settings.group.assortment": {"ru": "Лист «Ассортимент»", "en": "Assortment sheet"},
    "settings.group.turnover": {"ru": "Лист «Обороты»", "en": "Turnover sheet"},
    "settings.group.trade_terms": {"ru": "Лист «Торговые условия»", "en": "Trade terms sheet"},
    "settings.group.near_key": {"ru": "Лист «Кандидаты»", "en": "Near-key sheet"},
    # The command line: the metric options of `build`
    "help.build.top_sku_share": {
        "ru": "Топ-ассортимент: позиции, дающие первые X % продаж (по умолчанию 80).",
        "en": "Top SKUs: those making the first X % of sales (default 80).",
    },
    "help.build.coverage_threshold": {
        "ru": "Сигнал «ассортимент», когда клиент берёт меньше X % топ-позиций (по умолчанию 50).",
        "en": "Assortment alert when a client buys fewer than X % of the top SKUs (default 50).",
    },
    "help.build.white_space_shown": {
        "ru": "Сколько невзятых топ-позиций предлагать (по умолчанию 5).",
        "en": "How many top SKUs not bought to offer (default 5).",
    },
    "help.build.trend_months": {
        "ru": "Месяцев для тренда (по умолчанию 6).",
        "en": "Months for the trend (default 6).",
    },
    "help.build.decline_threshold": {
        "ru": "Сигнал «спад», когда тренд или последний месяц ниже на X % (по умолчанию 10).",
        "en": "Decline alert when the trend or the last month falls by X % (default 10).",
    },
    "help.build.decline_medium": {
        "ru": "Спад больше X %: средняя важность (по умолчанию 20).",
        "en": "A fall above X %: medium severity (default 20).",
    },
    "help.build.decline_high": {
        "ru": "Спад больше X %: высокая важность (по умолчанию 30).",
        "en": "A fall above X %: high severity (default 30).",
    },
    "help.build.growth_threshold": {
        "ru": "Отметка «рост», когда тренд или последний месяц выше на X % (по умолчанию 10).",
        "en": "Growth note when the trend or the last month rises by X % (default 10).",
    },
    "help.build.drivers_shown": {
        "ru": "Сколько позиций называть причиной спада или роста (по умолчанию 2).",
        "en": "How many SKUs to name as the drivers of a fall or rise (default 2).",
    },
    "help.build.review_days": {
        "ru": "Пересматривать условия не реже, чем раз в N дней (по умолчанию 92).",
        "en": "Review trade terms at least every N days (default 92).",
    },
    "help.build.near_key_count": {
        "ru": "Сколько клиентов ниже черты показывать (по умолчанию столько же, сколько ключевых).",
        "en": "How many clients below the line to show (default: as many as key clients).",
    },
    "help.build.fast_grower_threshold": {
        "ru": "Сигнал «быстрый рост» кандидата: тренд выше X % в месяц (по умолчанию 5).",
        "en": "Fast-grower alert: a near-key client's trend above X % a month (default 5).",
    },
    "cli.error.number_between": {
        "ru": "{option} ждёт число больше {low} и не больше {high}, а не «{value}».",
        "en": "{option} takes a number above {low} and at most {high}, not '{value}'.",
    },
    "cli.error.number_above": {
        "ru": "{option} ждёт число больше {low}, а не «{value}».",
        "en": "{option} takes a number above {low}, not '{value}'.",
    },
}
