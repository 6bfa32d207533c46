"""The command line's help, its console lines and its argument errors, in both languages.

Help texts are looked up when the help is shown, in the language of `--lang` on the command
line, else of KEYCLIENTS_LANG or the system locale (i18n.default_lang).
"""

TEXTS: dict[str, dict[str, str]] = {
    # Commands
    "help.app": {
        "ru": "KeyClients: ключевые клиенты дистрибьютора — кто они и что с ними делать.",
        "en": "KeyClients: a distributor's key clients, found and explained.",
    },
    "help.demo": {
        "ru": "Построить книгу на встроенных демо-данных: дистрибьютор с 300 клиентами.",
        "en": "Build a complete workbook from built-in demo data: a distributor with 300 clients.",
    },
    "help.build": {
        "ru": "Прочитать выгрузки и записать отчёт о ключевых клиентах в КНИГУ.",
        "en": "Read exports and write the key-client report into WORKBOOK.",
    },
    "help.new": {
        "ru": "Создать новую книгу KeyClients с настройками по умолчанию.",
        "en": "Create a fresh KeyClients workbook with default settings.",
    },
    "help.version_command": {
        "ru": "Показать версии keyclients_xl, xlwings и Python (JSON).",
        "en": "Print the versions of keyclients_xl, xlwings and Python (JSON).",
    },
    "help.make_workbook": {
        "ru": "Для разработчиков: собрать KeyClients.xlsm (вкладка, макросы, функции) из исходников.",
        "en": "For developers: generate KeyClients.xlsm (ribbon tab, macros, UDFs) from the sources.",
    },
    # Options and arguments
    "help.version": {"ru": "Показать версию и выйти.", "en": "Show the version and exit."},
    "help.help": {"ru": "Показать эту справку и выйти.", "en": "Show this message and exit."},
    "help.debug": {"ru": "Показывать трассировку ошибок.", "en": "Show tracebacks."},
    "help.demo.out": {
        "ru": "Куда записать демо-книгу.",
        "en": "Where to write the demo workbook.",
    },
    "help.lang": {"ru": "Язык листов и сообщений: ru или en.", "en": "Language of sheets and messages: ru or en."},
    "help.demo.save_export": {
        "ru": "Сохранить и сгенерированную выгрузку в стиле 1С (.xlsx), чтобы попробовать на ней build.",
        "en": "Also save the generated 1C-style export (.xlsx), to try build on it.",
    },
    "help.build.workbook": {
        "ru": "Книга отчёта; создаётся, если её нет.",
        "en": "The report workbook; created when it does not exist.",
    },
    "help.build.export": {
        "ru": "Файл выгрузки (.xlsx, .xlsm, .xls, .xlsb, .ods, .csv, .txt, .tsv, .parquet, .pq, .htm, .html); повторите для нескольких. Без него: листы ввода книги KeyClients.xlsm.",
        "en": "An export file (.xlsx, .xlsm, .xls, .xlsb, .ods, .csv, .txt, .tsv, .parquet, .pq, .htm, .html); repeat for several. Without it: the input sheets of a KeyClients.xlsm.",
    },
    "help.build.columns": {
        "ru": "Столбцы явно, по заголовку или букве: client=Контрагент,date=Дата,amount=Сумма.",
        "en": "Columns named explicitly, by header or letter: client=Customer,date=Date,amount=Sales.",
    },
    "help.build.as_of": {
        "ru": "Последний месяц окна (по умолчанию последний полный).",
        "en": "The last month of the window (default: the last full one).",
    },
    "help.build.months": {"ru": "Месяцев в окне (по умолчанию 3).", "en": "Months in the window (default 3)."},
    "help.build.top": {"ru": "N для правила top_n (по умолчанию 20).", "en": "N for the top_n rule (default 20)."},
    "help.build.rule": {
        "ru": "Кто ключевой: top_n (первые N), top_share (первые 20 % клиентов) или cumulative (первые 80 % продаж).",
        "en": "Who is key: top_n (the first N), top_share (the top 20 % of clients) or cumulative (the first 80 % of sales).",
    },
    "help.build.lang": {
        "ru": "ru или en (по умолчанию: с листа настроек, иначе русский для кириллических заголовков).",
        "en": "ru or en (default: from the settings sheet, else Russian for Cyrillic headers).",
    },
    "help.build.out": {
        "ru": "Записать сюда, не меняя КНИГУ.",
        "en": "Write here instead of updating WORKBOOK in place.",
    },
    "help.build.summary": {"ru": "Записать и сводку JSON сюда.", "en": "Also write a JSON summary here."},
    "help.build.snapshot": {
        "ru": "Сохранить и список месяца на отдельном листе, чтобы сравнить в следующем месяце.",
        "en": "Also keep this month's list on a sheet of its own, to compare next month.",
    },
    "help.build.measure": {
        "ru": "Что ранжирует клиентов, их доли и ABC: revenue (выручка), profit (валовая прибыль) или quantity (количество); по умолчанию выручка.",
        "en": "What ranks the clients, their shares and ABC: revenue, profit (gross profit) or quantity; default revenue.",
    },
    "help.build.abc": {
        "ru": "Границы ABC в %: A,B (по умолчанию 80,15).",
        "en": "ABC thresholds in %: A,B (default 80,15).",
    },
    "help.build.drop_status": {
        "ru": "Статусы строк, которые отбросить, через «;» (по умолчанию отменённые и непроведённые).",
        "en": "Line statuses to drop, separated by ';' (default: cancelled and unposted).",
    },
    "help.build.force": {
        "ru": "Разрешить --out заменить существующий файл, который не является книгой отчёта (копия сохраняется).",
        "en": "Let --out replace an existing file that is not a report workbook (a backup is kept).",
    },
    "help.build.save_settings": {
        "ru": "Сохранить параметры этого построения на листе настроек (иначе они действуют один раз).",
        "en": "Store this build's options on the settings sheet (otherwise they apply once).",
    },
    "help.build.quiet": {
        "ru": "Ничего не выводить, кроме ошибок (для запуска по расписанию).",
        "en": "Print nothing but errors (for scheduled runs).",
    },
    "help.build.today": {
        "ru": "Сегодняшняя дата, ГГГГ-ММ-ДД (по умолчанию — по часам): текущий месяц не считается полным.",
        "en": "Today's date, YYYY-MM-DD (default: the clock): the running month is never a full month.",
    },
    "help.new.path": {"ru": "Где создать книгу.", "en": "Where to create the workbook."},
    "help.make_workbook.out": {
        "ru": "Куда записать книгу.",
        "en": "Where to write the workbook.",
    },
    # Placeholders in the usage line and beside options
    "metavar.workbook": {"ru": "КНИГА", "en": "WORKBOOK"},
    "metavar.path": {"ru": "ПУТЬ", "en": "PATH"},
    "metavar.file": {"ru": "ФАЙЛ", "en": "FILE"},
    "metavar.month": {"ru": "ГГГГ-ММ", "en": "YYYY-MM"},
    "metavar.day": {"ru": "ГГГГ-ММ-ДД", "en": "YYYY-MM-DD"},
    "metavar.statuses": {"ru": "СТАТУС;…", "en": "STATUS;…"},
    "metavar.columns": {"ru": "РОЛЬ=СТОЛБЕЦ,…", "en": "ROLE=COLUMN,…"},
    "metavar.options": {"ru": "[ПАРАМЕТРЫ]", "en": "[OPTIONS]"},
    "metavar.command": {"ru": "КОМАНДА [АРГУМЕНТЫ]...", "en": "COMMAND [ARGS]..."},
    # typer's own words in the help screen
    "help.usage": {"ru": "Вызов:", "en": "Usage:"},
    "help.arguments": {"ru": "Аргументы", "en": "Arguments"},
    "help.options": {"ru": "Параметры", "en": "Options"},
    "help.commands": {"ru": "Команды", "en": "Commands"},
    "help.required": {"ru": "[обязательно]", "en": "[required]"},
    "help.default": {"ru": "[по умолчанию: {}]", "en": "[default: {}]"},
    "help.try": {
        "ru": "Справка: [blue]{command_path} {help_option}[/]",
        "en": "Try [blue]'{command_path} {help_option}'[/] for help.",
    },
    "help.aborted": {"ru": "Прервано.", "en": "Aborted."},
    # Console lines
    "cli.summary_line": {
        "ru": "{clients} с отгрузками · доля ключевых в продажах {share} · 80 % продаж дают {clients_for_80}",
        "en": "{clients} with shipments · key clients' share of sales {share} · {clients_for_80} make 80% of sales",
    },
    "cli.version": {"ru": "keyclients_xl {version}", "en": "keyclients_xl {version}"},
    # Argument errors: one line, the user's words, never click's English
    "cli.error.lang": {
        "ru": "неизвестный язык «{value}» в {option}: укажите ru (русский) или en (английский).",
        "en": "unknown language '{value}' in {option}: use ru (Russian) or en (English).",
    },
    "cli.error.whole_from": {
        "ru": "{option} ждёт целое число не меньше {low}, а не «{value}».",
        "en": "{option} takes a whole number of at least {low}, not '{value}'.",
    },
    "cli.error.whole_between": {
        "ru": "{option} ждёт целое число от {low} до {high}, а не «{value}».",
        "en": "{option} takes a whole number from {low} to {high}, not '{value}'.",
    },
    "cli.error.month": {
        "ru": "{option} ждёт месяц в виде ГГГГ-ММ, например 2026-10, а не «{value}».",
        "en": "{option} takes a month as YYYY-MM, for example 2026-10, not '{value}'.",
    },
    "cli.error.choice": {
        "ru": "{option}: недопустимое значение «{value}» (нужно одно из: {allowed}).",
        "en": "{option}: invalid value '{value}' (expected one of: {allowed}).",
    },
    "cli.error.rule": {
        "ru": "неизвестное правило «{value}» в {option}: укажите top_n, top_share или cumulative.",
        "en": "unknown rule '{value}' in {option}: use top_n, top_share or cumulative.",
    },
    "cli.error.no_such_option": {
        "ru": "нет параметра {option}. Список параметров: {command} --help",
        "en": "there is no option {option}. The options: {command} --help",
    },
    "cli.error.did_you_mean": {"ru": "Может быть, {options}?", "en": "Did you mean {options}?"},
    "cli.error.needs_value": {
        "ru": "после {option} нужно значение.",
        "en": "{option} needs a value after it.",
    },
    "cli.error.takes_no_value": {
        "ru": "{option} — флаг, значение ему не нужно.",
        "en": "{option} is a flag and takes no value.",
    },
    "cli.error.missing_argument": {
        "ru": "не указан аргумент {name}. Справка: {command} --help",
        "en": "the argument {name} is missing. See {command} --help",
    },
    "cli.error.no_command": {
        "ru": "нет команды «{name}». Команды: {commands}.",
        "en": "there is no command '{name}'. The commands: {commands}.",
    },
    "cli.error.bad_value": {
        "ru": "недопустимое значение для {option}. Справка: {command} --help",
        "en": "invalid value for {option}. See {command} --help",
    },
    "cli.error.usage": {
        "ru": "не понимаю аргументы команды: {args}. Справка: {command} --help",
        "en": "cannot make sense of the arguments: {args}. See {command} --help",
    },
}
