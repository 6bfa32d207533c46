"""Texts of the manager's plan: the input sheets (contacts, visits, events, account cards),
holidays, plan items, the calendar file and the printable account card."""

TEXTS: dict[str, dict[str, str]] = {
    # Input sheets
    "sheet.contacts": {"ru": "Контакты", "en": "Contacts"},
    "sheet.visits": {"ru": "Визиты", "en": "Visits"},
    "sheet.events": {"ru": "Мероприятия", "en": "Events"},
    "sheet.account_cards": {"ru": "Карточки клиентов", "en": "Account cards"},
    "sheet.plan": {"ru": "План работы", "en": "Plan"},
    "sheet.account_card": {"ru": "Карточка клиента", "en": "Account card"},
    "manager_input.instructions.contacts": {
        "ru": "Контакты ключевых клиентов: по строке на человека. Роль — из списка; день рождения — дата (год можно не указывать: 15.03).",
        "en": "Key clients' contacts: one row per person. Role from the list; birthday as a date (the year may be left out: 15.03).",
    },
    "manager_input.instructions.visits": {
        "ru": "Каждый визит к клиенту: клиент, дата, менеджер, заметка. План считает от последнего визита.",
        "en": "Every visit to a client: client, date, manager, note. The plan counts from the last visit.",
    },
    "manager_input.instructions.events": {
        "ru": "Мероприятия компании. Приглашённых клиентов перечислите через «;»; «*» — все ключевые клиенты.",
        "en": "The company's events. List the invited clients separated by ';'; '*' invites every key client.",
    },
    "manager_input.instructions.account_cards": {
        "ru": "Строка на каждого ключевого клиента добавляется сама; строки ушедших из списка остаются серыми. Даты — когда это было сделано в последний раз.",
        "en": "A row for every key client is added automatically; rows of clients who left the list stay, greyed. Dates: when it was last done.",
    },
    "manager_input.col.client": {"ru": "Клиент", "en": "Client"},
    "manager_input.col.role": {"ru": "Роль", "en": "Role"},
    "manager_input.col.name": {"ru": "ФИО", "en": "Name"},
    "manager_input.col.phone": {"ru": "Телефон", "en": "Phone"},
    "manager_input.col.email": {"ru": "Эл. почта", "en": "Email"},
    "manager_input.col.birthday": {"ru": "День рождения", "en": "Birthday"},
    "manager_input.col.date": {"ru": "Дата", "en": "Date"},
    "manager_input.col.manager": {"ru": "Менеджер", "en": "Manager"},
    "manager_input.col.note": {"ru": "Заметка", "en": "Note"},
    "manager_input.col.event": {"ru": "Мероприятие", "en": "Event"},
    "manager_input.col.invited": {
        "ru": "Приглашённые клиенты (через ;)",
        "en": "Invited clients (separated by ;)",
    },
    "manager_input.col.business": {
        "ru": "Бизнес (как и кому продаёт)",
        "en": "Business (how and to whom it sells)",
    },
    "manager_input.col.competitors": {
        "ru": "У каких конкурентов закупает",
        "en": "Competitors it buys from",
    },
    "manager_input.col.terms": {"ru": "Согласованные бонусы и условия", "en": "Agreed bonuses and terms"},
    "manager_input.col.last_promo": {"ru": "Последняя акция объявлена (дата)", "en": "Last promo announced (date)"},
    "manager_input.col.stock_check": {"ru": "Проверка остатков (дата)", "en": "Stock check (date)"},
    "manager_input.col.illiquid_exchange": {"ru": "Обмен неликвида (дата)", "en": "Illiquid exchange (date)"},
    "manager_input.col.defects_replaced": {
        "ru": "Замена брака / просрочки (дата)",
        "en": "Defects / expired replaced (date)",
    },
    "manager_input.col.notes": {"ru": "Заметки", "en": "Notes"},
    "contact_role.owner": {"ru": "владелец", "en": "owner"},
    "contact_role.warehouse": {"ru": "склад", "en": "warehouse"},
    "contact_role.logistics": {"ru": "логистика", "en": "logistics"},
    "contact_role.accounting": {"ru": "бухгалтерия", "en": "accounting"},
    "contact_role.purchasing": {"ru": "закупки", "en": "purchasing"},
    "contact_role.other": {"ru": "другое", "en": "other"},
    # Reading the input sheets back
    "error.input_missing_columns": {
        "ru": "нет столбцов: {missing}. Заголовки должны быть во второй строке: {expected}.",
        "en": "columns missing: {missing}. The headers belong in row 2: {expected}.",
    },
    "error.input_required": {
        "ru": "строка заполнена, но пусто обязательное поле «{field}».",
        "en": "the row is filled in but the required field '{field}' is empty.",
    },
    "error.bad_role": {
        "ru": "роль «{value}» не из списка: {allowed}.",
        "en": "role '{value}' is not one of: {allowed}.",
    },
    # Holidays
    "holiday.new_year": {"ru": "Новый год", "en": "New Year"},
    "holiday.christmas": {"ru": "Рождество Христово", "en": "Orthodox Christmas"},
    "holiday.defender": {"ru": "День защитника Отечества", "en": "Defender of the Fatherland Day"},
    "holiday.women": {"ru": "Международный женский день", "en": "International Women's Day"},
    "holiday.labour": {"ru": "Праздник Весны и Труда", "en": "Spring and Labour Day"},
    "holiday.victory": {"ru": "День Победы", "en": "Victory Day"},
    "holiday.russia": {"ru": "День России", "en": "Russia Day"},
    "holiday.unity": {"ru": "День народного единства", "en": "Unity Day"},
    "setting.holidays": {
        "ru": "Праздники: «ДД.ММ Название» через «;» (пусто — по умолчанию, «-» — без праздников)",
        "en": "Holidays: 'DD.MM Name' separated by ';' (blank: the default list, '-': none)",
    },
    "error.bad_holiday": {
        "ru": "праздник «{entry}»: нужен вид «ДД.ММ Название» или «ДД.ММ.ГГГГ Название», например «08.03 Международный женский день».",
        "en": "holiday '{entry}': use 'DD.MM Name' or 'DD.MM.YYYY Name', e.g. '08.03 International Women's Day'.",
    },
    # Plan thresholds (settings keys)
    "setting.plan_days": {"ru": "На сколько дней вперёд план", "en": "Days the plan looks ahead"},
    "setting.visit_every_days": {
        "ru": "Визит к ключевому клиенту не реже, чем раз в N дней",
        "en": "Visit each key client at least every N days",
    },
    "setting.stale_after_days": {
        "ru": "Проверка остатков и объявление акций: устарело через N дней",
        "en": "Stock check and promo announcement: stale after N days",
    },
    "setting.illiquid_after_months": {
        "ru": "Обмен неликвида: устарел через N месяцев",
        "en": "Illiquid exchange: stale after N months",
    },
    # Plan items
    "plan.kind.visit_never": {"ru": "Визит", "en": "Visit"},
    "plan.kind.visit_overdue": {"ru": "Визит", "en": "Visit"},
    "plan.kind.visit_due": {"ru": "Визит", "en": "Visit"},
    "plan.kind.birthday": {"ru": "День рождения", "en": "Birthday"},
    "plan.kind.holiday": {"ru": "Праздник", "en": "Holiday"},
    "plan.kind.event": {"ru": "Мероприятие", "en": "Event"},
    "plan.kind.missing_roles": {"ru": "Контакты", "en": "Contacts"},
    "plan.kind.stale_stock_check": {"ru": "Остатки", "en": "Stock"},
    "plan.kind.stale_promo": {"ru": "Акции", "en": "Promotions"},
    "plan.kind.stale_illiquid_exchange": {"ru": "Неликвид", "en": "Illiquid stock"},
    "plan.kind.alert": {"ru": "Сигнал", "en": "Alert"},
    "priority.high": {"ru": "высокий", "en": "high"},
    "priority.medium": {"ru": "средний", "en": "medium"},
    "priority.low": {"ru": "низкий", "en": "low"},
    "plan.visit_never": {
        "ru": "Визитов не записано: навестить клиента",
        "en": "No visit recorded: visit the client",
    },
    "plan.visit_overdue": {
        "ru": "Визит просрочен: последний {last} ({ago} назад)",
        "en": "Visit overdue: the last one was on {last} ({ago} ago)",
    },
    "plan.visit_due": {
        "ru": "Визит до {due}: последний {last}",
        "en": "Visit by {due}: the last one was on {last}",
    },
    "plan.birthday": {
        "ru": "Поздравить с днём рождения: {name} ({role}), {day}",
        "en": "Birthday greetings: {name} ({role}), {day}",
    },
    "plan.birthday_leap": {
        "ru": "Поздравить с днём рождения: {name} ({role}), 29 февраля; в этом году — {day}",
        "en": "Birthday greetings: {name} ({role}), born on 29 February; this year on {day}",
    },
    "plan.no_role": {"ru": "роль не указана", "en": "no role given"},
    "plan.holiday": {"ru": "Поздравить: {holiday}, {day}", "en": "Greet: {holiday}, {day}"},
    "plan.event": {"ru": "Пригласить: {event}, {day}", "en": "Invite: {event}, {day}"},
    "plan.event_at": {"ru": "Пригласить: {event}, {day}, {time}", "en": "Invite: {event}, {day}, {time}"},
    "plan.missing_roles": {
        "ru": "Не хватает контактов: {roles}",
        "en": "Contacts missing: {roles}",
    },
    "plan.no_contacts": {
        "ru": "Контактов нет; нужны: {roles}",
        "en": "No contacts recorded; needed: {roles}",
    },
    "plan.stale_stock_check": {
        "ru": "Проверить остатки клиента: последняя проверка {last} ({ago} назад)",
        "en": "Check the client's stock: last checked on {last} ({ago} ago)",
    },
    "plan.never_stock_check": {
        "ru": "Проверить остатки клиента: проверка не отмечена",
        "en": "Check the client's stock: no check recorded",
    },
    "plan.stale_promo": {
        "ru": "Рассказать о текущих акциях и ценах: последний раз {last} ({ago} назад)",
        "en": "Announce current promotions and prices: last done on {last} ({ago} ago)",
    },
    "plan.never_promo": {
        "ru": "Рассказать о текущих акциях и ценах: объявление не отмечено",
        "en": "Announce current promotions and prices: none recorded",
    },
    "plan.stale_illiquid_exchange": {
        "ru": "Предложить обмен неликвида: последний {last} ({ago} назад)",
        "en": "Offer an illiquid stock exchange: the last one was on {last} ({ago} ago)",
    },
    "plan.never_illiquid_exchange": {
        "ru": "Предложить обмен неликвида: обмен не отмечен",
        "en": "Offer an illiquid stock exchange: none recorded",
    },
    "plan.alert": {"ru": "{message}: {action}", "en": "{message}: {action}"},
    # Calendar
    "calendar.name": {"ru": "План работы с ключевыми клиентами", "en": "Key-account plan"},
    "calendar.visit": {"ru": "Визит: {client}", "en": "Visit: {client}"},
    "calendar.visit_late": {"ru": "Визит (срочно): {client}", "en": "Visit (overdue): {client}"},
    "calendar.birthday": {"ru": "День рождения: {name} ({client})", "en": "Birthday: {name} ({client})"},
    "calendar.holiday": {"ru": "Поздравить: {holiday} ({clients})", "en": "Greet: {holiday} ({clients})"},
    "calendar.event": {"ru": "{event}: пригласить {clients}", "en": "{event}: invite {clients}"},
    "calendar.manager": {"ru": "Менеджер: {manager}", "en": "Manager: {manager}"},
    # The printable account card
    "card.title": {"ru": "Карточка клиента: {client}", "en": "Account card: {client}"},
    "card.built": {"ru": "На {day}", "en": "As of {day}"},
    "card.rank": {"ru": "Ранг", "en": "Rank"},
    "card.average": {"ru": "Среднее в месяц", "en": "Average per month"},
    "card.trend": {"ru": "Тренд", "en": "Trend"},
    "card.manager": {"ru": "Менеджер", "en": "Manager"},
    "card.health": {"ru": "Состояние", "en": "Health"},
    "card.reasons": {"ru": "Почему", "en": "Why"},
    "card.business": {"ru": "Бизнес", "en": "Business"},
    "card.competitors": {"ru": "Конкуренты", "en": "Competitors"},
    "card.terms": {"ru": "Условия", "en": "Terms"},
    "card.stock_check": {"ru": "Проверка остатков", "en": "Stock check"},
    "card.last_promo": {"ru": "Последняя акция", "en": "Last promo"},
    "card.illiquid_exchange": {"ru": "Обмен неликвида", "en": "Illiquid exchange"},
    "card.defects_replaced": {"ru": "Замена брака", "en": "Defects replaced"},
    "card.alerts": {"ru": "Сигналы", "en": "Alerts"},
    "card.contacts": {"ru": "Контакты", "en": "Contacts"},
    "card.visits": {"ru": "Последние визиты", "en": "Last visits"},
    "card.plan": {"ru": "План на {days}", "en": "Plan for {days}"},
    "card.none": {"ru": "нет", "en": "none"},
    "card.more": {"ru": "…и ещё {count}", "en": "…and {count} more"},
    # The Plan sheet and the key-client sheet's link to it
    "plan.title": {"ru": "План работы на {days}", "en": "Plan for the next {days}"},
    "plan.from": {"ru": "С", "en": "From"},
    "plan.until": {"ru": "по {day} · {items} · {counts}", "en": "to {day} · {items} · {counts}"},
    "plan.col.priority": {"ru": "Приоритет", "en": "Priority"},
    "plan.col.date": {"ru": "Дата", "en": "Date"},
    "plan.col.client": {"ru": "Клиент", "en": "Client"},
    "plan.col.manager": {"ru": "Менеджер", "en": "Manager"},
    "plan.col.kind": {"ru": "Тема", "en": "Topic"},
    "plan.col.text": {"ru": "Что сделать", "en": "What to do"},
    "col.plan": {"ru": "План работы", "en": "Plan"},
    "plan.link": {"ru": "{items} в плане →", "en": "{items} in the plan →"},
    "plural.item": {
        "ru": {"one": "пункт", "few": "пункта", "many": "пунктов", "other": "пункта"},
        "en": {"one": "item", "other": "items"},
    },
    "note.plan_unknown_clients": {
        "ru": "На листах плана есть клиенты, которых нет в продажах (проверьте написание): {examples}.",
        "en": "The plan's sheets name clients the sales data does not have (check the spelling): {examples}.",
    },
    "plan.unknown_client": {"ru": "«{client}» ({where})", "en": "'{client}' ({where})"},
    "plan.where_row": {"ru": "{sheet}, строка {row}", "en": "{sheet}, row {row}"},
    # The card and the calendar of a built workbook (keyclients card / calendar, the ribbon)
    "card.trend_value": {"ru": "{change} в {last} к среднему", "en": "{change} in {last} vs the average"},
    "error.no_report": {
        "ru": "в книге нет отчёта (листа «Ключевые клиенты» с таблицей): сначала постройте его.",
        "en": "the workbook holds no report (a 'Key clients' sheet with its table): build it first.",
    },
    "error.card_unknown_client": {
        "ru": "клиента «{name}» нет на листе «Ключевые клиенты».",
        "en": "there is no client '{name}' on the 'Key clients' sheet.",
    },
    "error.card_suffix": {
        "ru": "карточку можно записать в .xlsx или .pdf.",
        "en": "the card can be written as .xlsx or .pdf.",
    },
    "error.pdf_failed": {
        "ru": "LibreOffice не смог сделать PDF: {detail}",
        "en": "LibreOffice could not make the PDF: {detail}",
    },
    "cli.calendar_written": {
        "ru": "Календарь записан: {path} ({events}).",
        "en": "Calendar written: {path} ({events}).",
    },
    "cli.card_written": {"ru": "Карточка клиента записана: {path}", "en": "Account card written: {path}"},
    "cli.card_no_pdf": {
        "ru": "LibreOffice не установлен, поэтому PDF не сделан: карточка записана как {path} (её можно напечатать или сохранить в PDF из Excel).",
        "en": "LibreOffice is not installed, so no PDF was made: the card is written as {path} (print it, or save it as PDF, from Excel).",
    },
    "plural.event": {
        "ru": {"one": "событие", "few": "события", "many": "событий", "other": "события"},
        "en": {"one": "event", "other": "events"},
    },
    # Command line: calendar, card, the plan's build options
    "help.calendar": {
        "ru": "Записать план работы (визиты, дни рождения, праздники, мероприятия) календарём .ics для Outlook и Google Календаря.",
        "en": "Write the plan (visits, birthdays, holidays, events) as an .ics calendar for Outlook and Google Calendar.",
    },
    "help.calendar.workbook": {"ru": "Книга с отчётом.", "en": "The report workbook."},
    "help.calendar.out": {
        "ru": "Куда записать календарь (по умолчанию рядом с книгой, КНИГА.ics).",
        "en": "Where to write the calendar (default: beside the workbook, WORKBOOK.ics).",
    },
    "help.calendar.today": {
        "ru": "Дата начала плана (по умолчанию сегодня).",
        "en": "The plan's first day (default: today).",
    },
    "help.card": {
        "ru": "Карточка клиента на одну страницу A4: .xlsx или .pdf (PDF — через LibreOffice).",
        "en": "A client's account card on one A4 page: .xlsx or .pdf (PDF through LibreOffice).",
    },
    "help.card.workbook": {"ru": "Книга с отчётом.", "en": "The report workbook."},
    "help.card.client": {
        "ru": "Клиент, как на листе «Ключевые клиенты».",
        "en": "The client, as on the Key clients sheet.",
    },
    "help.card.out": {"ru": "Файл карточки: .xlsx или .pdf.", "en": "The card's file: .xlsx or .pdf."},
    "help.side_force": {
        "ru": "Заменить существующий файл, даже если его записала не эта команда.",
        "en": "Replace an existing file even when this command did not write it.",
    },
    "metavar.client": {"ru": "КЛИЕНТ", "en": "CLIENT"},
    "metavar.holidays": {"ru": "ДД.ММ Название;…", "en": "DD.MM Name;…"},
    "help.build.holidays": {
        "ru": "Праздники для поздравлений: «ДД.ММ Название» через «;» («-» — без праздников).",
        "en": "Holidays to greet on: 'DD.MM Name' separated by ';' ('-': none).",
    },
    "help.build.plan_days": {
        "ru": "На сколько дней план (по умолчанию 30).",
        "en": "Days the plan covers (default 30).",
    },
    "help.build.visit_every_days": {
        "ru": "Визит к ключевому клиенту не реже, чем раз в N дней (по умолчанию 30).",
        "en": "Visit each key client at least every N days (default 30).",
    },
    "help.build.stale_after_days": {
        "ru": "Проверка остатков и объявление акций устаревают через N дней (по умолчанию 30).",
        "en": "Stock checks and promo announcements are stale after N days (default 30).",
    },
    "help.build.illiquid_after_months": {
        "ru": "Обмен неликвида устаревает через N месяцев (по умолчанию 3).",
        "en": "An illiquid exchange is stale after N months (default 3).",
    },
    # Ribbon: Account card and Calendar
    "ribbon.group_plan": {"ru": "План", "en": "Plan"},
    "ribbon.card": {"ru": "Карточка клиента", "en": "Account card"},
    "ribbon.card_tip": {
        "ru": "Карточка клиента выбранной строки на одну страницу A4: ранг, тренд, состояние, сигналы, контакты, визиты и план",
        "en": "The account card of the selected row's client on one A4 page: rank, trend, health, alerts, contacts, visits and plan",
    },
    "ribbon.calendar": {"ru": "Календарь", "en": "Calendar"},
    "ribbon.calendar_tip": {
        "ru": "Сохранить план (визиты, дни рождения, праздники, мероприятия) календарём .ics рядом с книгой, для Outlook и Google Календаря",
        "en": "Save the plan (visits, birthdays, holidays, events) as an .ics calendar beside the workbook, for Outlook and Google Calendar",
    },
    "macro.card_pick_client": {
        "ru": "Выберите строку ключевого клиента (например, на листе «{sheet}») и нажмите кнопку ещё раз.",
        "en": "Select a key client's row (on the '{sheet}' sheet, say) and click the button again.",
    },
    "macro.save_first": {
        "ru": "Сначала сохраните книгу: календарь записывается рядом с ней.",
        "en": "Save the workbook first: the calendar is saved beside it.",
    },
    "macro.calendar_saved": {
        "ru": "Календарь сохранён: {path} ({events}). Откройте его в Outlook или импортируйте в Google Календарь; повторный импорт обновит события.",
        "en": "Calendar saved: {path} ({events}). Open it in Outlook or import it into Google Calendar; importing it again updates the events.",
    },
}
