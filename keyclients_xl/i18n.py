"""Russian and English texts: sheet names, headers, notes and error messages.

Every user-visible string lives here, keyed by a stable English id, so that the
CLI, the workbook and the Excel macros say the same thing in the same words.
"""

from __future__ import annotations

import locale
import os
import re
from dataclasses import dataclass

LANGS = ("ru", "en")

TEXTS: dict[str, dict[str, str]] = {
    # Sheet names
    "sheet.key_clients": {"ru": "Ключевые клиенты", "en": "Key clients"},
    "sheet.settings": {"ru": "Настройки", "en": "Settings"},
    # Key-client table headers
    "col.rank": {"ru": "Ранг", "en": "Rank"},
    "col.client": {"ru": "Клиент", "en": "Client"},
    "col.average": {"ru": "Среднее в месяц", "en": "Average per month"},
    "col.share": {"ru": "Доля", "en": "Share"},
    "col.cum_share": {"ru": "Накопленная доля", "en": "Cumulative share"},
    "col.abc": {"ru": "ABC", "en": "ABC"},
    "col.xyz": {"ru": "XYZ", "en": "XYZ"},
    "col.months_shipped": {"ru": "Месяцев с отгрузками", "en": "Months shipped"},
    "col.key": {"ru": "Ключевой", "en": "Key"},
    "value.yes": {"ru": "Да", "en": "Yes"},
    # Summary block
    "summary.title": {"ru": "Ключевые клиенты", "en": "Key clients"},
    "summary.period": {"ru": "Период", "en": "Period"},
    "summary.rule": {"ru": "Правило", "en": "Rule"},
    "summary.clients_total": {"ru": "Клиентов с отгрузками", "en": "Clients with shipments"},
    "summary.key_count": {"ru": "Ключевых клиентов", "en": "Key clients"},
    "summary.key_share": {"ru": "Доля ключевых в продажах", "en": "Key clients' share of sales"},
    "summary.clients_for_80": {"ru": "Клиентов на 80 % продаж", "en": "Clients making 80 % of sales"},
    "summary.sales_total": {"ru": "Продажи за период", "en": "Sales in the period"},
    "summary.notes": {"ru": "Замечания", "en": "Notes"},
    "summary.more_notes": {
        "ru": "…и ещё {count}: все замечания на листе «Настройки».",
        "en": "…and {count} more: all notes are on the Settings sheet.",
    },
    "summary.generated": {"ru": "Построено", "en": "Built"},
    "rule.top_n": {"ru": "Топ-{n} по среднемесячной отгрузке", "en": "Top {n} by average per month"},
    "rule.top_share": {
        "ru": "Верхние {pct} % клиентов по среднему",
        "en": "Top {pct} % of clients by average",
    },
    "rule.cumulative": {
        "ru": "Клиенты, дающие первые {pct} % продаж",
        "en": "Clients making the first {pct} % of sales",
    },
    # Settings sheet
    "settings.key": {"ru": "Ключ", "en": "Key"},
    "settings.value": {"ru": "Значение", "en": "Value"},
    "settings.meaning": {"ru": "Что это", "en": "Meaning"},
    "settings.intro": {
        "ru": "Настройки читаются при каждом построении отчёта. Меняйте только столбец «Значение».",
        "en": "These settings are read on every build. Change only the Value column.",
    },
    "setting.rule": {
        "ru": "Правило ключевых: top_n, top_share или cumulative",
        "en": "Key-client rule: top_n, top_share or cumulative",
    },
    "setting.top_n": {"ru": "N для правила top_n (по методике 20)", "en": "N for top_n (the method's 20)"},
    "setting.top_share": {"ru": "Доля клиентов для top_share, %", "en": "Share of clients for top_share, %"},
    "setting.cumulative_share": {
        "ru": "Доля продаж для cumulative, %",
        "en": "Share of sales for cumulative, %",
    },
    "setting.months": {"ru": "Сколько полных месяцев в окне", "en": "Full months in the window"},
    "setting.as_of": {
        "ru": "Последний месяц окна (ГГГГ-ММ); пусто = последний полный",
        "en": "Last month of the window (YYYY-MM); blank = the last full one",
    },
    "setting.abc_a": {"ru": "Граница класса A, % продаж", "en": "Class A boundary, % of sales"},
    "setting.abc_b": {"ru": "Размер класса B, % продаж", "en": "Class B size, % of sales"},
    "setting.abc_measure": {
        "ru": "Мера ABC: revenue, gross_profit или quantity",
        "en": "ABC measure: revenue, gross_profit or quantity",
    },
    "setting.xyz_x": {"ru": "Граница X: коэффициент вариации, %", "en": "X boundary: coefficient of variation, %"},
    "setting.xyz_y": {"ru": "Граница Y: коэффициент вариации, %", "en": "Y boundary: coefficient of variation, %"},
    "setting.lang": {"ru": "Язык: ru или en", "en": "Language: ru or en"},
    # Notes (what the reader and the analysis assumed or did)
    "note.sheet_picked": {
        "ru": "Файл «{file}»: данные взяты с листа «{sheet}».",
        "en": "File '{file}': data taken from sheet '{sheet}'.",
    },
    "note.layout_wide": {
        "ru": "«{file}»: таблица по месяцам (строка заголовков {row}, {months} мес.).",
        "en": "'{file}': one column per month (header row {row}, {months} months).",
    },
    "note.layout_long": {
        "ru": "«{file}»: строки документов (строка заголовков {row}): {columns}.",
        "en": "'{file}': document lines (header row {row}): {columns}.",
    },
    "note.csv_format": {
        "ru": "«{file}»: кодировка {encoding}, разделитель «{delimiter}».",
        "en": "'{file}': encoding {encoding}, delimiter '{delimiter}'.",
    },
    "note.noise_rows": {
        "ru": "«{file}»: пропущено строк: итогов {totals}, групп и пустых {groups}, повторов заголовка {headers}.",
        "en": "'{file}': rows skipped: {totals} totals, {groups} group or blank, {headers} repeated headers.",
    },
    "note.duplicates_merged": {
        "ru": "Один клиент в нескольких строках или написаниях, суммирован: {count} ({examples}).",
        "en": "Same client on several rows or spellings, summed: {count} ({examples}).",
    },
    "note.cancelled": {
        "ru": "«{file}»: отменённых строк по столбцу статуса отброшено: {count}.",
        "en": "'{file}': lines marked cancelled in the status column dropped: {count}.",
    },
    "note.returns": {
        "ru": "Возвраты (отрицательные строки) вычтены из отгрузок: {count} строк.",
        "en": "Returns (negative lines) netted against shipments: {count} lines.",
    },
    "note.no_client": {
        "ru": "«{file}»: строк без клиента пропущено: {count}.",
        "en": "'{file}': lines without a client skipped: {count}.",
    },
    "note.date_order": {
        "ru": "«{file}», столбец «{column}»: даты вида 01/02/2026 прочитаны как {order} ({reason}).",
        "en": "'{file}', column '{column}': dates like 01/02/2026 read as {order} ({reason}).",
    },
    "note.order_dm": {"ru": "день/месяц", "en": "day/month"},
    "note.order_md": {"ru": "месяц/день (США)", "en": "month/day (US)"},
    "note.order_proved": {"ru": "это доказывает значение {value}", "en": "value {value} proves it"},
    "note.order_assumed": {
        "ru": "ни одно значение этого не доказывает: предположение",
        "en": "no value proves it: an assumption",
    },
    "note.amount_from_qty_price": {
        "ru": "«{file}»: суммы нет, сумма = количество × цена.",
        "en": "'{file}': no amount column; amount = quantity × price.",
    },
    "note.partial_month": {
        "ru": "Неполный месяц {month} исключён: данные заканчиваются {date}.",
        "en": "Partial month {month} left out: the data ends on {date}.",
    },
    "note.window_short": {
        "ru": "Данные начинаются с {first}: в окне {available} мес. вместо {wanted}.",
        "en": "The data starts in {first}: the window has {available} months instead of {wanted}.",
    },
    "note.as_of_partial": {
        "ru": "Месяц {month} неполный (данные заканчиваются {date}), но выбран через --as-of: его среднее занижено.",
        "en": "Month {month} is partial (the data ends on {date}) but was chosen with --as-of: its average is understated.",
    },
    "error.only_directory": {
        "ru": "это справочник клиентов (коды → названия), а не выгрузка продаж. Укажите его вместе с выгрузкой.",
        "en": "this is a client directory (codes → names), not a sales export. Give it together with an export.",
    },
    "error.no_lines": {
        "ru": "ни одной строки отгрузки: под заголовком нет строк с клиентом, датой и суммой (или все отменены).",
        "en": "not one shipment line: no rows with a client, a date and an amount under the header (or all are cancelled).",
    },
    "error.would_lose": {
        "ru": "в книге есть {what}: при перезаписи они бы потерялись. Книга не изменена. Постройте отчёт в отдельную книгу (новое имя файла), а в эту перенесите лист сами.",
        "en": "the workbook holds {what}, which rewriting it would lose. It is unchanged. Build the report into a separate workbook (a new file name) and move the sheet over yourself.",
    },
    "part.charts": {"ru": "диаграммы", "en": "charts"},
    "part.chartsheets": {"ru": "листы диаграмм", "en": "chart sheets"},
    "part.drawings": {"ru": "рисунки, фигуры или надписи", "en": "pictures, shapes or text boxes"},
    "part.pivots": {"ru": "сводные таблицы", "en": "pivot tables"},
    "part.slicers": {"ru": "срезы", "en": "slicers"},
    "part.timelines": {"ru": "временные шкалы", "en": "timelines"},
    "part.controls": {"ru": "элементы управления", "en": "form controls"},
    "part.activex": {"ru": "элементы ActiveX", "en": "ActiveX controls"},
    "part.embeddings": {"ru": "внедрённые объекты", "en": "embedded objects"},
    "part.model": {"ru": "модель данных", "en": "a data model"},
    "error.exists": {
        "ru": "файл уже существует; выберите другое имя или удалите его сами.",
        "en": "the file already exists; choose another name or delete it yourself.",
    },
    "note.zero_months": {
        "ru": "Месяц без отгрузок считается как 0 в среднем (в отчёте записан 0, а не пусто).",
        "en": "A month without shipments counts as 0 in the average (the report writes 0, not blank).",
    },
    "note.xyz_weak": {
        "ru": "XYZ по {months} мес. — слабый сигнал (надёжнее от 6 месяцев).",
        "en": "XYZ on {months} months is a weak signal (6 months or more is reliable).",
    },
    "note.tie": {
        "ru": "Равенство на границе (место {place}): {clients}; разрешено по последнему месяцу, затем по имени.",
        "en": "Tie at the boundary (place {place}): {clients}; broken by the last month, then by name.",
    },
    "note.fewer_clients": {
        "ru": "Клиентов всего {count} — меньше {n}: ключевыми отмечены все.",
        "en": "Only {count} clients, fewer than {n}: all are marked key.",
    },
    "note.weak_pareto": {
        "ru": "Слабый эффект Парето: 80 % продаж дают {count} из {total} клиентов.",
        "en": "Weak Pareto effect: {count} of {total} clients make 80 % of sales.",
    },
    "note.names_joined": {
        "ru": "Названия клиентов взяты из справочника «{file}» ({count} клиентов).",
        "en": "Client names taken from the directory '{file}' ({count} clients).",
    },
    "note.period_from_title": {
        "ru": "«{file}»: период из шапки отчёта: {start} – {end}.",
        "en": "'{file}': period from the report title: {start} – {end}.",
    },
    # Errors
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
        "ru": "формат «{suffix}» не поддерживается: нужен .xlsx, .xlsm, .xls или .csv.",
        "en": "format '{suffix}' is not supported: use .xlsx, .xlsm, .xls or .csv.",
    },
    "error.empty": {"ru": "в файле нет данных.", "en": "the file holds no data."},
    "error.no_layout": {
        "ru": "не найдены ни столбцы месяцев, ни столбцы дата + клиент + сумма. Найдены столбцы: {found}. Не хватает: {missing}. Укажите их явно: --columns client=…,date=…,amount=…",
        "en": "found neither month columns nor date + client + amount columns. Columns found: {found}. Missing: {missing}. Name them: --columns client=...,date=...,amount=...",
    },
    "error.no_time_axis": {
        "ru": "нет оси времени: ни столбца с датой, ни столбцов по месяцам. Найдены столбцы: {found}. Методике нужны отгрузки по месяцам.",
        "en": "no time axis: neither a date column nor one column per month. Columns found: {found}. The method needs shipments per month.",
    },
    "error.mapping_column_missing": {
        "ru": "столбца «{column}» для «{role}» нет. Найдены столбцы: {found}.",
        "en": "there is no column '{column}' for '{role}'. Columns found: {found}.",
    },
    "error.bad_mapping": {
        "ru": "не понимаю --columns «{text}»: нужен вид client=Контрагент,date=Дата,amount=Сумма; роли: {roles}.",
        "en": "cannot read --columns '{text}': use client=Customer,date=Date,amount=Sales; roles: {roles}.",
    },
    "error.bad_number": {"ru": "не число: «{value}».", "en": "not a number: '{value}'."},
    "error.bad_date": {"ru": "не дата: «{value}».", "en": "not a date: '{value}'."},
    "error.mixed_date_order": {
        "ru": "в одном столбце даты и день/месяц ({dm}), и месяц/день ({md}).",
        "en": "one column holds both day/month ({dm}) and month/day ({md}) dates.",
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
    # CLI
    "cli.wrote": {"ru": "Книга записана: {path}", "en": "Workbook written: {path}"},
    "cli.backup": {"ru": "Резервная копия: {path}", "en": "Backup: {path}"},
    "cli.summary_written": {"ru": "Сводка JSON: {path}", "en": "JSON summary: {path}"},
    "cli.reading": {"ru": "Чтение {file}", "en": "Reading {file}"},
    "cli.analysing": {"ru": "Анализ", "en": "Analysing"},
    "cli.rendering": {"ru": "Построение листов", "en": "Rendering sheets"},
    "cli.created": {"ru": "Создана новая книга: {path}", "en": "New workbook created: {path}"},
    "cli.top_table": {"ru": "Ключевые клиенты, {period}", "en": "Key clients, {period}"},
    # Excel workbook: input sheets, ribbon, macros
    "sheet.input_lines": {"ru": "Выгрузка", "en": "Export lines"},
    "sheet.input_months": {"ru": "По месяцам", "en": "By month"},
    "sheet.snapshot": {"ru": "Снимок {month}", "en": "Snapshot {month}"},
    "input.instructions_lines": {
        "ru": "Вставьте сюда строки документов из 1С (дата, контрагент, сумма…) или нажмите «Импорт выгрузки» на вкладке «Ключевые клиенты».",
        "en": "Paste document lines here (date, client, amount…) or click 'Import export' on the Key Clients tab.",
    },
    "input.instructions_months": {
        "ru": "Или вставьте сюда таблицу по месяцам: клиент и по столбцу на месяц (как в методике).",
        "en": "Or paste a table by month here: client and one column per month (the method's own table).",
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
    "ribbon.snapshot": {"ru": "Снимок месяца", "en": "Month snapshot"},
    "ribbon.snapshot_tip": {
        "ru": "Сохранить текущий список ключевых клиентов на отдельный лист, чтобы сравнить в следующем месяце",
        "en": "Keep the current key-client list on a sheet of its own, to compare next month",
    },
    "ribbon.settings": {"ru": "Настройки", "en": "Settings"},
    "ribbon.settings_tip": {"ru": "Открыть лист настроек", "en": "Open the settings sheet"},
    "ribbon.help": {"ru": "Справка", "en": "Help"},
    "ribbon.help_tip": {"ru": "Как пользоваться этой книгой", "en": "How to use this workbook"},
    "macro.reading": {"ru": "Ключевые клиенты: чтение листов…", "en": "Key clients: reading the sheets…"},
    "macro.importing": {
        "ru": "Ключевые клиенты: импорт {count} файл(ов)…",
        "en": "Key clients: importing {count} file(s)…",
    },
    "macro.rendering": {"ru": "Ключевые клиенты: построение листов…", "en": "Key clients: building the sheets…"},
    "macro.done": {"ru": "Ключевые клиенты: готово.", "en": "Key clients: done."},
    "macro.title": {"ru": "Ключевые клиенты", "en": "Key Clients"},
    "macro.no_input": {
        "ru": "на листах «{lines}» и «{months}» нет данных. Вставьте выгрузку или нажмите «Импорт выгрузки».",
        "en": "the sheets '{lines}' and '{months}' hold no data. Paste an export or click 'Import export'.",
    },
    "macro.snapshot_saved": {"ru": "Снимок сохранён на листе «{sheet}».", "en": "Snapshot saved on sheet '{sheet}'."},
    "macro.version_mismatch": {
        "ru": 'Книга собрана для xlwings {book}, а установлен xlwings {installed}. Выполните в командной строке: pip install "xlwings=={book}" — или создайте новую книгу: keyclients new ИМЯ.xlsm',
        "en": 'This workbook was built for xlwings {book}, but xlwings {installed} is installed. Run: pip install "xlwings=={book}" — or make a new workbook: keyclients new NAME.xlsm',
    },
    "macro.help": {
        "ru": "1. Вставьте выгрузку из 1С на лист «Выгрузка» (строки документов) или «По месяцам» — или нажмите «Импорт выгрузки».\n2. Нажмите «Построить отчёт»: лист «Ключевые клиенты» покажет среднее за 3 полных месяца, ранг, доли, ABC/XYZ; первые 20 выделены.\n3. Раз в месяц нажимайте «Снимок месяца», чтобы сравнивать изменения.\n4. Правило, N и пороги — на листе «Настройки».\nФункции листа: =KC_AVERAGE(…), =KC_ABC(…) и другие (см. docs/udfs.md).",
        "en": "1. Paste an export on the 'Export lines' sheet (document lines) or 'By month' — or click 'Import export'.\n2. Click 'Build report': the 'Key clients' sheet shows the 3-full-month average, rank, shares, ABC/XYZ; the top 20 are highlighted.\n3. Once a month click 'Month snapshot' to compare the changes.\n4. Rule, N and thresholds are on the 'Settings' sheet.\nWorksheet functions: =KC_AVERAGE(…), =KC_ABC(…) and others (see docs/udfs.md).",
    },
}

MONTH_ABBR = {
    "ru": ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def t(key: str, lang: str, **params: object) -> str:
    """The text for `key` in `lang`, with `params` filled in (those with a `text(lang)` are translated too)."""
    text = TEXTS[key][lang if lang in LANGS else "en"]
    params = {k: v.text(lang) if hasattr(v, "text") else v for k, v in params.items()}
    return text.format(**params) if params else text


@dataclass(frozen=True)
class Phrases:
    """Message keys shown as one comma-separated phrase, in the language of the message around them."""

    keys: tuple[str, ...]

    def text(self, lang: str) -> str:
        return ", ".join(t(key, lang) for key in self.keys)


def all_translations(key: str) -> set[str]:
    """Every language's text for `key` (to recognise our own sheets whatever their language)."""
    return set(TEXTS[key].values())


def month_label(period, lang: str) -> str:
    """A short month header such as 'авг 2026' or 'Aug 2026'."""
    return f"{MONTH_ABBR[lang][period.month - 1]} {period.year}"


def has_cyrillic(texts) -> bool:
    return any(_CYRILLIC.search(str(text)) for text in texts if text is not None)


def default_lang() -> str:
    """The language before any data is seen: KEYCLIENTS_LANG, else the user's locale, else English.

    Windows sets no LANG; its locale name reads 'Russian_Russia', hence the second look.
    """
    for var in ("KEYCLIENTS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    name = locale.getlocale()[0] or ""
    return "ru" if name.lower().startswith("ru") else "en"
