"""The monthly cycle in the workbook: the History, Changes, Receivables and Prospects sheets, their
input sheets, the Import receivables button, the settings and the CLI flags of the cycle.

(The analysis texts, the alerts and the column names shared with the analysis are in cycle.py.)
"""

TEXTS: dict[str, dict[str, str]] = {
    # Input sheets (the manager fills them; created once)
    "sheet.receivables_input": {"ru": "Дебиторка (ввод)", "en": "Receivables (input)"},
    "sheet.prospects_input": {"ru": "Конкуренты (ввод)", "en": "Prospects (input)"},
    "receivables_input.instructions": {
        "ru": "Дебиторская задолженность: вставьте строки (клиент, долг, просрочено, дней просрочки или срок оплаты, интервалы) или нажмите «Импорт дебиторки». Пустая ячейка — не указано. Дату задолженности впишите в строку 2, например «Задолженность на 31.10.2026»; без неё — день построения отчёта.",
        "en": "Receivables: paste rows (client, debt, overdue, days overdue or a due date, aging intervals) or click 'Import receivables'. A blank cell means not given. Type the date of the debt in row 2, e.g. 'Debt as of 31.10.2026'; without it, the day the report is built.",
    },
    "receivables_input.as_of_line": {
        "ru": "Задолженность на {date} (импорт: {files})",
        "en": "Debt as of {date} (imported: {files})",
    },
    "receivables_input.imported_line": {"ru": "Импорт: {files}", "en": "Imported: {files}"},
    "receivables_input.col.days": {"ru": "Дней просрочки", "en": "Days overdue"},
    "receivables_input.col.due": {"ru": "Срок оплаты", "en": "Due date"},
    "manager_input.instructions.prospects_input": {
        "ru": "Ключевые клиенты конкурентов, которых мы пока не обслуживаем: по строке на клиента. Объём — оценка закупок в месяц. Когда клиент появится в наших выгрузках, отчёт отметит его как выигранного.",
        "en": "The competitors' key clients we do not serve yet: a row per client. Volume: the estimated monthly purchases. When the client appears in our own exports, the report marks it won.",
    },
    "manager_input.col.competitor": {"ru": "Конкурент", "en": "Competitor"},
    "manager_input.col.volume": {"ru": "Объём в месяц (оценка)", "en": "Monthly volume (estimate)"},
    "manager_input.col.owner": {"ru": "Ответственный", "en": "Owner"},
    "manager_input.col.next_step": {"ru": "Следующий шаг", "en": "Next step"},
    "manager_input.col.due_date": {"ru": "Срок шага", "en": "Step due"},
    "manager_input.col.prospect_status": {"ru": "Статус", "en": "Status"},
    "prospect_status.new": {"ru": "новый", "en": "new"},
    "prospect_status.in_progress": {"ru": "в работе", "en": "in progress"},
    "prospect_status.negotiating": {"ru": "переговоры", "en": "negotiating"},
    "prospect_status.on_hold": {"ru": "отложен", "en": "on hold"},
    "prospect_status.won": {"ru": "выигран", "en": "won"},
    "prospect_status.lost": {"ru": "проигран", "en": "lost"},
    # Report sheets: titles and lines
    "history.title": {"ru": "История классификации", "en": "Classification history"},
    "history.subtitle": {
        "ru": "Месяцев: {months} ({first} – {last}); строк: {rows}. На каждый месяц хранятся клиенты с рангом до {keep} и все ключевые; отчёт за тот же месяц заменяет только этот месяц. Это обычная таблица Excel: её можно сводить.",
        "en": "Months: {months} ({first} – {last}); rows: {rows}. Each month keeps the clients ranked up to {keep} and every key client; a report for the same month replaces that month only. An ordinary Excel Table: pivot it as you like.",
    },
    "changes.title": {"ru": "Изменения — {month}", "en": "Changes — {month}"},
    "changes.subtitle": {
        "ru": "Сравнение с предыдущим снимком в истории — {previous}. Новые и выбывшие ключевые, сдвиги ранга ключевых и близких к ним, смена ABC и XYZ, клиенты, переставшие покупать.",
        "en": "Compared with the previous snapshot in History, {previous}. New and departed key clients, rank moves of key and near-key clients, ABC and XYZ moves, clients who stopped buying.",
    },
    "changes.subtitle_first": {
        "ru": "В истории нет более раннего месяца: сравнивать не с чем.",
        "en": "History holds no earlier month: nothing to compare with.",
    },
    "changes.none": {"ru": "Изменений нет.", "en": "No changes."},
    "changes.month_unknown": {"ru": "месяц не записан", "en": "month not recorded"},
    "changes.kind.entered": {"ru": "нет в прошлом снимке", "en": "not in the previous snapshot"},
    "receivables.title": {"ru": "Дебиторская задолженность", "en": "Receivables"},
    "receivables.subtitle": {
        "ru": "Задолженность на {date}: долг {debt}, просрочено {overdue}. Все ключевые клиенты и все клиенты из дебиторки; просрочка в днях отгрузки = просрочено ÷ (среднее в месяц ÷ 30,4). Важность: возраст старше {age_medium}/{age_high} дн. или размер от {size_medium}/{size_high} дн. отгрузки — средняя/высокая.",
        "en": "Debt as of {date}: debt {debt}, overdue {overdue}. Every key client and every client in receivables; overdue in days of shipments = overdue ÷ (average per month ÷ 30.4). Severity: older than {age_medium}/{age_high} days, or worth {size_medium}/{size_high} days of shipments — medium/high.",
    },
    "receivables.empty": {
        "ru": "Дебиторка не загружена: заполните лист «{sheet}», нажмите «Импорт дебиторки» или укажите --receivables ФАЙЛ.",
        "en": "No receivables loaded: fill in the sheet '{sheet}', click 'Import receivables' or give --receivables FILE.",
    },
    "receivables.col.document": {"ru": "Документ", "en": "Document"},
    "receivables.no": {"ru": "Нет", "en": "No"},
    "receivables.col.severity": {"ru": "Важность", "en": "Severity"},
    "receivables.severity.high": {"ru": "высокая", "en": "high"},
    "receivables.severity.medium": {"ru": "средняя", "en": "medium"},
    "receivables.severity.low": {"ru": "низкая", "en": "low"},
    "prospects.title": {"ru": "Ключевые клиенты конкурентов", "en": "The competitors' key clients"},
    "prospects.subtitle": {
        "ru": "Перспективных клиентов: {count}, оценка объёма {volume} в месяц; выиграно: {won}; шаг просрочен: {late}. По объёму, от большего.",
        "en": "Prospects: {count}, estimated volume {volume} a month; won: {won}; step overdue: {late}. By volume, largest first.",
    },
    "prospects.empty": {
        "ru": "Перспективных клиентов нет: впишите их на лист «{sheet}».",
        "en": "No prospects yet: list them on the sheet '{sheet}'.",
    },
    "prospects.col.share": {"ru": "Доля объёма", "en": "Share of volume"},
    "prospects.col.days_late": {"ru": "Дней просрочки шага", "en": "Step days late"},
    "prospects.col.won": {"ru": "Уже наш клиент", "en": "Our client now"},
    "prospects.col.first_purchases": {"ru": "Первые отгрузки", "en": "First purchases"},
    "prospects.purchase": {"ru": "{date} — {amount}", "en": "{date}: {amount}"},
    # Notes
    "note.receivables_sheet_unused": {
        "ru": "Лист «{sheet}» не учтён: дебиторка взята из файлов (--receivables).",
        "en": "Sheet '{sheet}' not used: receivables came from the files (--receivables).",
    },
    "note.receivables_no_client": {
        "ru": "«{file}»: {lines} с суммами до первого клиента не учтены.",
        "en": "'{file}': {lines} with amounts above the first client left out.",
    },
    "note.snapshot_deprecated": {
        "ru": "--snapshot больше не нужен: каждый отчёт сохраняет месяц на листе «История».",
        "en": "--snapshot is no longer needed: every report keeps its month on the 'History' sheet.",
    },
    # Ribbon and macros
    "ribbon.receivables": {"ru": "Импорт дебиторки", "en": "Import receivables"},
    "ribbon.receivables_tip": {
        "ru": "Выбрать файлы дебиторской задолженности (xlsx, xls, csv), загрузить их на лист «Дебиторка (ввод)» и построить отчёт",
        "en": "Choose receivables files (xlsx, xls, csv), load them onto the 'Receivables (input)' sheet and build the report",
    },
    "macro.importing_receivables": {
        "ru": "Ключевые клиенты: импорт дебиторки, файлов: {count}…",
        "en": "Key clients: importing receivables, files: {count}…",
    },
    "macro.snapshot_replaced": {
        "ru": "Снимки месяца больше не нужны: отчёт построен, и месяц сохранён на листе «{sheet}».",
        "en": "Month snapshots are no longer needed: the report is built and the month kept on the sheet '{sheet}'.",
    },
    # Settings sheet: what each setting of the cycle means
    "setting.history_keep": {
        "ru": "История: на каждый месяц хранить клиентов с рангом до N (и всех ключевых)",
        "en": "History: each month keeps the clients ranked up to N (and every key client)",
    },
    "setting.history_seed": {
        "ru": "История: первый отчёт без истории заполняет её за столько прошлых месяцев из выгрузки",
        "en": "History: a first report without History seeds it with this many past months from the export",
    },
    "setting.overdue_age_medium": {
        "ru": "Дебиторка: просрочка старше стольких дней — важность средняя",
        "en": "Receivables: overdue debt older than this many days is of medium severity",
    },
    "setting.overdue_age_high": {
        "ru": "Дебиторка: просрочка старше стольких дней — важность высокая",
        "en": "Receivables: overdue debt older than this many days is of high severity",
    },
    "setting.overdue_size_medium": {
        "ru": "Дебиторка: просрочка от стольких дней средней отгрузки клиента — важность средняя",
        "en": "Receivables: overdue debt worth this many days of the client's average shipments is medium",
    },
    "setting.overdue_size_high": {
        "ru": "Дебиторка: просрочка от стольких дней средней отгрузки клиента — важность высокая",
        "en": "Receivables: overdue debt worth this many days of the client's average shipments is high",
    },
    "setting.prospect_late_medium": {
        "ru": "Конкуренты: шаг просрочен больше чем на столько дней — важность средняя",
        "en": "Prospects: a next step late by more than this many days is medium",
    },
    "setting.prospect_late_high": {
        "ru": "Конкуренты: шаг просрочен больше чем на столько дней — важность высокая",
        "en": "Prospects: a next step late by more than this many days is high",
    },
    # CLI
    "help.build.receivables": {
        "ru": "Файл дебиторской задолженности (ведомость по взаиморасчётам, задолженность по срокам долга, список долгов); можно несколько раз. Заменяет лист «Дебиторка (ввод)» на эту сборку.",
        "en": "A receivables file (settlements statement, aging report, list of debts); repeatable. Replaces the 'Receivables (input)' sheet for this build.",
    },
    "help.build.history_keep": {
        "ru": "История: на каждый месяц хранить клиентов с рангом до N и всех ключевых (по умолчанию 1000).",
        "en": "History: each month keeps the clients ranked up to N and every key client (default 1000).",
    },
    "help.build.history_seed": {
        "ru": "Первый отчёт без истории: сколько прошлых месяцев рассчитать из выгрузки (по умолчанию 12).",
        "en": "A first report without History: how many past months to compute from the export (default 12).",
    },
    "help.build.overdue_age": {
        "ru": "Дебиторка: возраст просрочки в днях для средней и высокой важности (по умолчанию 30,60).",
        "en": "Receivables: age of overdue debt in days for medium and high severity (default 30,60).",
    },
    "help.build.overdue_size": {
        "ru": "Дебиторка: просрочка в днях средней отгрузки для средней и высокой важности (по умолчанию 15,30).",
        "en": "Receivables: overdue debt in days of average shipments for medium and high severity (default 15,30).",
    },
    "help.build.prospect_late": {
        "ru": "Конкуренты: дней просрочки шага для средней и высокой важности (по умолчанию 7,30).",
        "en": "Prospects: days a next step is late for medium and high severity (default 7,30).",
    },
    "help.build.snapshot_deprecated": {
        "ru": "Устарел: история на листе «История» хранит каждый месяц сама.",
        "en": "Deprecated: the 'History' sheet keeps every month by itself.",
    },
    "error.bad_pair": {
        "ru": "{option}: нужны два числа через запятую (средняя, высокая), например 30,60 — а не «{value}».",
        "en": "{option}: two numbers separated by a comma are needed (medium, high), e.g. 30,60 — not '{value}'.",
    },
}
