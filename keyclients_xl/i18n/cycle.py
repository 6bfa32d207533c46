"""The monthly cycle: History, Changes, Receivables and Prospects (sheet names, headers, alerts, notes).

Month names come nominative from i18n.Month ('август 2026') and counts from i18n.Count, so
each message is worded to need no declension: after a dash or a colon, or with 'на' + a count.
"""

TEXTS: dict[str, dict[str, str]] = {
    # Sheets
    "sheet.history": {"ru": "История", "en": "History"},
    "sheet.changes": {"ru": "Изменения", "en": "Changes"},
    "sheet.receivables": {"ru": "Дебиторка", "en": "Receivables"},
    "sheet.prospects": {"ru": "Конкуренты", "en": "Prospects"},
    # History columns (rank, client, average, ABC, XYZ and key use the key-client sheet's headers)
    "history.col.month": {"ru": "Месяц", "en": "Month"},
    "history.col.health": {"ru": "Здоровье клиента", "en": "Account health"},
    "history.col.last_shipped": {"ru": "Последний месяц с отгрузкой", "en": "Last month shipped"},
    "history.col.last_amount": {"ru": "Отгрузка в тот месяц", "en": "Shipped that month"},
    # Changes columns
    "changes.col.rank_before": {"ru": "Ранг раньше", "en": "Rank before"},
    "changes.col.rank_now": {"ru": "Ранг сейчас", "en": "Rank now"},
    "changes.col.rank_move": {"ru": "Сдвиг ранга", "en": "Rank move"},
    "changes.col.average_before": {"ru": "Среднее раньше", "en": "Average before"},
    "changes.col.average_now": {"ru": "Среднее сейчас", "en": "Average now"},
    "changes.col.abc_before": {"ru": "ABC раньше", "en": "ABC before"},
    "changes.col.abc_now": {"ru": "ABC сейчас", "en": "ABC now"},
    "changes.col.xyz_before": {"ru": "XYZ раньше", "en": "XYZ before"},
    "changes.col.xyz_now": {"ru": "XYZ сейчас", "en": "XYZ now"},
    "changes.col.change": {"ru": "Что изменилось", "en": "What changed"},
    "changes.kind.new_key": {"ru": "новый ключевой", "en": "new key client"},
    "changes.kind.left_key": {"ru": "выбыл из ключевых", "en": "left the key list"},
    "changes.kind.lost": {"ru": "перестал покупать", "en": "stopped buying"},
    "changes.kind.rank": {"ru": "сдвиг ранга", "en": "rank move"},
    "changes.kind.abc_up": {"ru": "ABC выше", "en": "ABC up"},
    "changes.kind.abc_down": {"ru": "ABC ниже", "en": "ABC down"},
    "changes.kind.xyz_up": {"ru": "XYZ стабильнее", "en": "XYZ steadier"},
    "changes.kind.xyz_down": {"ru": "XYZ нестабильнее", "en": "XYZ less steady"},
    # Receivables columns and buckets
    "receivables.col.debt": {"ru": "Долг", "en": "Debt"},
    "receivables.col.overdue": {"ru": "Просрочено", "en": "Overdue"},
    "receivables.col.current": {"ru": "Не просрочено", "en": "Not yet due"},
    "receivables.col.max_days": {"ru": "Дней просрочки (макс.)", "en": "Days overdue (max)"},
    "receivables.col.sales_days": {"ru": "Просрочка в днях отгрузки", "en": "Overdue in days of shipments"},
    "receivables.col.in_sales": {"ru": "Есть отгрузки за период", "en": "Shipped in the period"},
    "receivables.bucket.0_30": {"ru": "0–30 дней", "en": "0–30 days"},
    "receivables.bucket.31_60": {"ru": "31–60 дней", "en": "31–60 days"},
    "receivables.bucket.61_90": {"ru": "61–90 дней", "en": "61–90 days"},
    "receivables.bucket.90": {"ru": "более 90 дней", "en": "over 90 days"},
    "receivables.age_unknown": {"ru": "срок не указан", "en": "age not given"},
    "receivables.size_days": {"ru": "{days} средней отгрузки", "en": "{days} of average shipments"},
    "receivables.size_no_sales": {"ru": "отгрузок за период нет", "en": "no shipments in the period"},
    # Prospects columns
    "prospects.col.rank": {"ru": "Место", "en": "Rank"},
    "prospects.col.client": {"ru": "Клиент", "en": "Client"},
    "prospects.col.competitor": {"ru": "Конкурент", "en": "Competitor"},
    "prospects.col.volume": {"ru": "Объём в месяц (оценка)", "en": "Estimated monthly volume"},
    "prospects.col.owner": {"ru": "Ответственный", "en": "Owner"},
    "prospects.col.next_step": {"ru": "Следующий шаг", "en": "Next step"},
    "prospects.col.due": {"ru": "Срок", "en": "Due date"},
    "prospects.col.status": {"ru": "Статус", "en": "Status"},
    "prospects.col.first_date": {"ru": "Первая отгрузка", "en": "First shipment"},
    "prospects.col.first_amount": {"ru": "Сумма первой отгрузки", "en": "First shipment amount"},
    "prospects.col.bought": {"ru": "Куплено с первой отгрузки", "en": "Bought since"},
    # Alerts: the finding, then what to do
    "alert.new_key": {
        "ru": "Новый ключевой клиент: место {rank} (было: {before})",
        "en": "New key client: rank {rank} (before: {before})",
    },
    "action.new_key": {
        "ru": "назначить ответственного и договориться о встрече",
        "en": "assign an account owner and arrange a meeting",
    },
    "alert.left_key": {
        "ru": "Выбыл из ключевых: место {rank} (было: {before})",
        "en": "Left the key list: rank {rank} (before: {before})",
    },
    "action.left_key": {"ru": "выяснить у закупщика, почему упали закупки", "en": "ask the buyer why purchases fell"},
    "alert.class_down": {"ru": "Класс ниже: {moves}", "en": "Class down: {moves}"},
    "action.class_down": {
        "ru": "сравнить отгрузки по месяцам и обсудить с закупщиком",
        "en": "compare the months and talk it over with the buyer",
    },
    "alert.lost_client": {
        "ru": "Перестал покупать: последняя отгрузка — {last_month}, {amount}",
        "en": "Stopped buying: last shipment in {last_month}, {amount}",
    },
    "action.lost_client": {"ru": "позвонить и узнать, к кому ушёл", "en": "call and find out who it buys from now"},
    "alert.overdue": {
        "ru": "Просроченный долг {amount} ({size}); просрочка: {age}",
        "en": "Overdue debt {amount} ({size}); overdue: {age}",
    },
    "action.overdue": {
        "ru": "согласовать график погашения до следующей отгрузки",
        "en": "agree a repayment schedule before the next shipment",
    },
    "alert.prospect_overdue": {
        "ru": "Следующий шаг «{step}» просрочен на {late} (срок: {due})",
        "en": "Next step '{step}' is {late} late (due: {due})",
    },
    "action.prospect_overdue": {
        "ru": "{owner}: сделать шаг или назначить новый срок",
        "en": "{owner}: take the step or set a new date",
    },
    "alert.prospect_won": {
        "ru": "Стал нашим клиентом: первая отгрузка — {date}, {amount}",
        "en": "Became our client: first shipment on {date}, {amount}",
    },
    "action.prospect_won": {
        "ru": "отметить статус «выигран» и закрепить ответственного",
        "en": "mark the prospect won and assign an account owner",
    },
    # Notes
    "note.changes_first": {
        "ru": "В истории нет более раннего месяца: изменения появятся со следующего отчёта.",
        "en": "History holds no earlier month: changes show from the next report on.",
    },
    "note.changes_gap": {
        "ru": "Изменения — против последнего снимка в истории: {previous}; без снимка: {missing}.",
        "en": "Changes are against the last snapshot in History, {previous}; {missing} without a snapshot.",
    },
    "note.history_seeded": {
        "ru": "История дополнена по данным выгрузки: {count}.",
        "en": "History seeded from the export's own data: {count}.",
    },
    "note.history_from_snapshots": {
        "ru": "История дополнена со старых листов снимков: {count}.",
        "en": "History seeded from old snapshot sheets: {count}.",
    },
    "note.receivables_layout": {
        "ru": "«{file}»: дебиторская задолженность (строка заголовков {row}): {columns}.",
        "en": "'{file}': receivables (header row {row}): {columns}.",
    },
    "note.receivables_as_of": {
        "ru": "«{file}»: задолженность на {date}.",
        "en": "'{file}': debt as of {date}.",
    },
    "note.aging_straddle": {
        "ru": "«{file}»: интервал «{column}» пересекает границы 30/60/90 дней; учтён как {bucket}.",
        "en": "'{file}': interval '{column}' crosses the 30/60/90-day limits; counted as {bucket}.",
    },
    "note.receivables_codes_only": {
        "ru": "«{file}»: клиенты названы только кодом («{code}»); долг относится к клиенту продаж с тем же кодом.",
        "en": "'{file}': clients are named by their code alone ('{code}'); a debt goes to the sales client with that code.",
    },
    "note.receivables_not_in_sales": {
        "ru": "В дебиторке, но без отгрузок за период: {count} ({examples}).",
        "en": "In receivables but with no shipments in the period: {count} ({examples}).",
    },
    # Errors
    "error.receivables_codes_only": {
        "ru": "клиенты дебиторки названы только кодом («{code}»), а в выгрузке продаж кодов клиентов нет: долги не с чем сопоставить. Добавьте в файл дебиторки столбец с названием клиента или в выгрузку продаж столбец «{code}».",
        "en": "the receivables name their clients by a code alone ('{code}'), and the sales exports hold no client codes: the debts match nothing. Add a client name column to the receivables file, or a '{code}' column to the sales export.",
    },
    "error.receivables_layout": {
        "ru": "не найдены столбцы дебиторской задолженности: нужны клиент и долг (или просроченный долг, или интервалы просрочки). Заголовки строки {row}: {found}.",
        "en": "no receivables columns found: a client and a debt are needed (or an overdue debt, or overdue intervals). Headers of row {row}: {found}.",
    },
}
