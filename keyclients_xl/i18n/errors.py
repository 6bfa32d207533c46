"""Error messages: one line each, naming what is wrong and how to fix it."""

TEXTS: dict[str, dict[str, str]] = {
    "error.only_directory": {
        "ru": "это справочник клиентов (коды → названия), а не выгрузка продаж. Укажите его вместе с выгрузкой.",
        "en": "this is a client directory (codes → names), not a sales export. Give it together with an export.",
    },
    "error.no_lines": {
        "ru": "ни одной строки отгрузки: под заголовком нет строк с клиентом, датой и суммой (или все отменены).",
        "en": "not one shipment line: no rows with a client, a date and an amount under the header (or all are cancelled).",
    },
    "error.formulas_not_calculated": {
        "ru": "ни одной строки отгрузки: формулы без вычисленных значений ({cells}{first}); файл сохранила программа, которая не вычисляет формулы. Откройте его в Excel или LibreOffice, сохраните и постройте отчёт снова.",
        "en": "not one shipment line: formulas that were never calculated ({cells}{first}); the file was saved by a program that does not calculate formulas. Open it in Excel or LibreOffice, save it, and build again.",
    },
    "error.exists": {
        "ru": "файл уже существует; выберите другое имя или удалите его сами.",
        "en": "the file already exists; choose another name or delete it yourself.",
    },
    "error.prefix": {"ru": "Ошибка", "en": "Error"},
    "error.where.file": {"ru": "файл «{file}»", "en": "file '{file}'"},
    "error.where.sheet": {"ru": "лист «{sheet}»", "en": "sheet '{sheet}'"},
    "error.where.row": {"ru": "строка {row}", "en": "row {row}"},
    "error.where.column": {"ru": "столбец {column}", "en": "column {column}"},
    "error.file_missing": {"ru": "файл не найден.", "en": "file not found."},
    "error.file_unreadable": {
        "ru": "файл не читается как таблица ({detail}).",
        "en": "the file cannot be read as a table ({detail}).",
    },
    "error.unsupported_format": {
        "ru": "формат «{suffix}» не поддерживается; выгрузку можно дать в файле {formats}.",
        "en": "format '{suffix}' is not supported; an export can be a {formats} file.",
    },
    "error.empty": {"ru": "в файле нет данных.", "en": "the file holds no data."},
    "error.no_layout": {
        "ru": "не найдены ни столбцы по месяцам, ни столбцы с датой, клиентом и суммой (или количеством и ценой). Найдены столбцы: {found}. Не хватает: {missing}. Укажите нужные явно: --columns client=…,date=…,amount=…",
        "en": "found neither one column per month nor columns with a date, a client and an amount (or quantity and price). Columns found: {found}. Missing: {missing}. Name them: --columns client=…,date=…,amount=…",
    },
    "error.no_time_axis": {
        "ru": "нет оси времени: ни столбца с датой, ни столбцов по месяцам. Найдены столбцы: {found}. Методике нужны отгрузки по месяцам.",
        "en": "no time axis: neither a date column nor one column per month. Columns found: {found}. The method needs shipments per month.",
    },
    "error.mapping_column_missing": {
        "ru": "столбца «{column}» ({role}) нет. Столбцы в строке заголовков: {found}.{closest}",
        "en": "there is no column '{column}' ({role}). Columns in the header row: {found}.{closest}",
    },
    "error.bad_abc": {
        "ru": "не понимаю --abc «{value}»: нужны две границы в процентах, например --abc 80,15.",
        "en": "cannot read --abc '{value}': give two thresholds in percent, e.g. --abc 80,15.",
    },
    "error.day_out_of_range": {
        "ru": "дата «{value}» вне 1900–2200 годов: проверьте год (например, 2026-11-27).",
        "en": "the date '{value}' is outside the years 1900–2200: check the year (e.g. 2026-11-27).",
    },
    "error.workbook_is_export": {
        "ru": "книга отчёта — это выгрузка «{file}»: запишите отчёт в другой файл.",
        "en": "the report workbook is the export '{file}': write the report to another file.",
    },
    "error.bad_day": {
        "ru": "не понимаю дату «{value}»: нужен вид ГГГГ-ММ-ДД, например 2026-11-27.",
        "en": "cannot read the date '{value}': use YYYY-MM-DD, e.g. 2026-11-27.",
    },
    "error.did_you_mean": {"ru": " Может быть, «{name}»?", "en": " Did you mean '{name}'?"},
    "error.mapping_same_column": {
        "ru": "--columns отдаёт столбец {column} и как «{first}», и как «{second}»: у столбца одна роль.",
        "en": "--columns gives column {column} both as '{first}' and as '{second}': a column has one role.",
    },
    "error.mapping_role_twice": {
        "ru": "--columns «{text}» называет роль {role} дважды.",
        "en": "--columns '{text}' names the role {role} twice.",
    },
    "error.mapping_letter_outside": {
        "ru": "столбец {letter} ({role}) вне данных: данные занимают столбцы {span}.",
        "en": "column {letter} ({role}) is outside the data: the data is in columns {span}.",
    },
    "error.months_without_year": {
        "ru": "у месяцев в заголовках нет года ({months}). Добавьте год в заголовки («Июль 2026») или строку «2026 год» над ними, либо период в шапке («Период: 01.07.2026 - 30.09.2026»).",
        "en": "the month headers have no year ({months}). Add the year to the headers ('July 2026'), or a row '2026' above them, or a period in the title ('Period: 01.07.2026 - 30.09.2026').",
    },
    "error.months_outside_period": {
        "ru": "месяцы в заголовках ({months}) не укладываются в период из шапки ({start} – {end}). Добавьте год в заголовки.",
        "en": "the month headers ({months}) do not fit the period in the title ({start} – {end}). Add the year to the headers.",
    },
    "error.measure_missing": {
        "ru": "ранжировать по мере «{measure}» нельзя: в выгрузке нет нужных столбцов ({needed}). Выберите другую меру (--measure revenue) или выгрузите эти столбцы.",
        "en": "cannot rank by '{measure}': the export lacks the columns it needs ({needed}). Choose another measure (--measure revenue) or export those columns.",
    },
    "error.quantity_only": {
        "ru": "в таблице только количество («{said}»), денежных сумм нет, а отчёт ранжирует по мере «{measure}». Чтобы ранжировать клиентов по количеству, постройте отчёт с --measure quantity (или мерой «Количество» на листе настроек); для рублей выгрузите отчёт с показателем «Сумма».",
        "en": "the table holds quantities only ('{said}'), no money, and the report ranks by '{measure}'. To rank the clients by units, build with --measure quantity (or the measure 'Quantity' on the settings sheet); for money, export the report with the 'Сумма' (amount) measure.",
    },
    "error.bad_mapping": {
        "ru": "не понимаю --columns «{text}»: нужен вид client=Контрагент,date=Дата,amount=Сумма; роли: {roles}.",
        "en": "cannot read --columns '{text}': use client=Customer,date=Date,amount=Sales; roles: {roles}.",
    },
    "error.bad_number": {"ru": "не число: «{value}».", "en": "not a number: '{value}'."},
    "error.number_too_large": {
        "ru": "число слишком велико для продажи (10¹⁵ и больше): «{value}».",
        "en": "a number too large for a sale (10^15 or more): '{value}'.",
    },
    "error.bad_date": {"ru": "не дата: «{value}».", "en": "not a date: '{value}'."},
    "error.mixed_date_order": {
        "ru": "в одном столбце даты и день/месяц ({dm}), и месяц/день ({md}).",
        "en": "one column holds both day/month ({dm}) and month/day ({md}) dates.",
    },
    "error.mixed_date_order_rows": {
        "ru": "в одном столбце даты и день/месяц ({dm}, строка {dm_row}), и месяц/день ({md}, строка {md_row}).",
        "en": "one column holds both day/month ({dm}, row {dm_row}) and month/day ({md}, row {md_row}) dates.",
    },
    "error.no_full_month": {
        "ru": "данные за {start} – {end}: нет ни одного полного месяца. Выгрузите хотя бы один полный месяц или укажите --as-of ГГГГ-ММ.",
        "en": "the data covers {start} – {end}: not one full month. Export at least one full month, or give --as-of YYYY-MM.",
    },
    "error.as_of_outside": {
        "ru": "месяц --as-of {as_of} вне данных ({start} – {end}).",
        "en": "--as-of month {as_of} is outside the data ({start} – {end}).",
    },
    "error.no_clients_in_window": {
        "ru": "за период {period} нет ни одной отгрузки.",
        "en": "no shipments at all in {period}.",
    },
    "error.bad_setting": {
        "ru": "настройка «{setting}»: недопустимое значение «{value}» ({expected}).",
        "en": "setting '{setting}': invalid value '{value}' ({expected}).",
    },
    "error.workbook_unreadable": {
        "ru": "книга не открывается ({detail}). Исходный файл не изменён.",
        "en": "the workbook cannot be opened ({detail}). The original file is unchanged.",
    },
    "error.write_failed": {
        "ru": "не удалось записать книгу ({detail}). Исходный файл не изменён.",
        "en": "could not write the workbook ({detail}). The original file is unchanged.",
    },
    "error.no_exports": {
        "ru": "не указано ни одной выгрузки: --export ФАЙЛ.",
        "en": "no export given: --export FILE.",
    },
    "error.internal": {
        "ru": "внутренняя ошибка: {detail}. Запустите с --debug и пришлите вывод.",
        "en": "internal error: {detail}. Run with --debug and send us the output.",
    },
}
