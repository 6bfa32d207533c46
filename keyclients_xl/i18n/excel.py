"""Texts of the Excel workbook: input sheets, the ribbon tab and the macros' message boxes."""

TEXTS: dict[str, dict[str, str]] = {
    "input.instructions_lines": {
        "ru": "Вставьте сюда строки документов из 1С (дата, контрагент, сумма…) или нажмите «Импорт выгрузки» на вкладке «Ключевые клиенты».",
        "en": "Paste document lines here (date, client, amount…) or click 'Import export' on the Key Clients tab.",
    },
    "input.instructions_months": {
        "ru": "Или вставьте сюда таблицу по месяцам вместе с её строкой заголовков: клиент и по столбцу на месяц (как в методике). Заголовки месяцев — ваши, из выгрузки: «авг 2026», 01.08.2026…",
        "en": "Or paste a table by month here, with its header row: client and one column per month (the method's own table). The month headers are yours, from the export: 'Aug 2026', 2026-08-01…",
    },
    "input.col.date": {"ru": "Дата", "en": "Date"},
    "input.col.client": {"ru": "Контрагент", "en": "Client"},
    "input.col.sku": {"ru": "Номенклатура", "en": "Product"},
    "input.col.quantity": {"ru": "Количество", "en": "Quantity"},
    "input.col.price": {"ru": "Цена", "en": "Price"},
    "input.col.amount": {"ru": "Сумма", "en": "Amount"},
    "input.col.manager": {"ru": "Менеджер", "en": "Manager"},
    "input.col.status": {"ru": "Статус", "en": "Status"},
    "ribbon.tab": {"ru": "Ключевые клиенты", "en": "Key Clients"},
    "ribbon.group_report": {"ru": "Отчёт", "en": "Report"},
    "ribbon.group_workbook": {"ru": "Книга", "en": "Workbook"},
    "ribbon.build": {"ru": "Построить отчёт", "en": "Build report"},
    "ribbon.build_tip": {
        "ru": "Прочитать листы выгрузки и построить лист ключевых клиентов",
        "en": "Read the export sheets and build the key-client sheet",
    },
    "ribbon.import": {"ru": "Импорт выгрузки", "en": "Import export"},
    "ribbon.import_tip": {
        "ru": "Выбрать файлы выгрузки (xlsx, xls, csv), загрузить их и построить отчёт",
        "en": "Choose export files (xlsx, xls, csv), load them and build the report",
    },
    "ribbon.settings": {"ru": "Настройки", "en": "Settings"},
    "ribbon.settings_tip": {"ru": "Открыть лист настроек", "en": "Open the settings sheet"},
    "ribbon.help": {"ru": "Справка", "en": "Help"},
    "ribbon.help_tip": {"ru": "Как пользоваться этой книгой", "en": "How to use this workbook"},
    "macro.reading": {"ru": "Ключевые клиенты: чтение листов…", "en": "Key clients: reading the sheets…"},
    "macro.importing": {
        "ru": "Ключевые клиенты: импорт, файлов: {count}…",
        "en": "Key clients: importing, files: {count}…",
    },
    "macro.rendering": {"ru": "Ключевые клиенты: построение листов…", "en": "Key clients: building the sheets…"},
    "macro.done": {"ru": "Ключевые клиенты: готово.", "en": "Key clients: done."},
    "macro.layout_resized": {
        "ru": "На листе «{sheet}» после прошлого отчёта вставлены или удалены строки или столбцы внутри его таблиц: что было введено в них, не сохранено. Пишите рядом с таблицами отчёта или на своём листе.",
        "en": "Rows or columns were inserted or deleted inside the tables of the sheet '{sheet}' since the last build: what was typed in them is not kept. Type beside the report's tables, or on a sheet of your own.",
    },
    "macro.cells_displaced": {
        "ru": "Отчёт теперь занимает ячейки, где были ваши значения; перенесите их в другое место: {cells}",
        "en": "The report now uses cells that held values of yours; put them elsewhere: {cells}",
    },
    "macro.title": {"ru": "Ключевые клиенты", "en": "Key Clients"},
    "macro.no_input": {
        "ru": "на листах «{lines}» и «{months}» нет данных. Вставьте выгрузку или нажмите «Импорт выгрузки».",
        "en": "the sheets '{lines}' and '{months}' hold no data. Paste an export or click 'Import export'.",
    },
    "macro.version_mismatch": {
        "ru": 'Книга собрана для xlwings {book}, а установлен xlwings {installed}. Выполните в командной строке: pip install "xlwings=={book}" — или создайте новую книгу: keyclients new ИМЯ.xlsm',
        "en": 'This workbook was built for xlwings {book}, but xlwings {installed} is installed. Run: pip install "xlwings=={book}" — or make a new workbook: keyclients new NAME.xlsm',
    },
    "macro.help": {
        "ru": "1. Вставьте выгрузку из 1С на лист «Выгрузка» (строки документов) или «По месяцам» — или нажмите «Импорт выгрузки».\n2. Нажмите «Построить отчёт»: лист «Ключевые клиенты» покажет среднее за 3 полных месяца, ранг, доли, ABC/XYZ; первые 20 выделены.\n3. Стройте отчёт раз в месяц: лист «История» хранит каждый месяц, «Изменения» показывает, что сдвинулось; «Импорт дебиторки» загружает задолженность, лист «Конкуренты (ввод)» — клиентов конкурентов.\n4. Правило, N и пороги — на листе «Настройки».\nФункции листа: =KC_AVERAGE(…), =KC_ABC(…) и другие (см. docs/udfs.md).",
        "en": "1. Paste an export on the 'Export lines' sheet (document lines) or 'By month' — or click 'Import export'.\n2. Click 'Build report': the 'Key clients' sheet shows the 3-full-month average, rank, shares, ABC/XYZ; the top 20 are highlighted.\n3. Build the report once a month: 'History' keeps every month, 'Changes' shows what moved; 'Import receivables' loads the debts, the sheet 'Prospects (input)' the competitors' clients.\n4. Rule, N and thresholds are on the 'Settings' sheet.\nWorksheet functions: =KC_AVERAGE(…), =KC_ABC(…) and others (see docs/udfs.md).",
    },
}
