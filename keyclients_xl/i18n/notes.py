"""Notes: what the reader and the analysis assumed or did, shown on the report and in the JSON."""

TEXTS: dict[str, dict[str, str]] = {
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
        "ru": "Возвраты (отрицательные строки) вычтены из отгрузок; таких строк: {count}.",
        "en": "Returns (negative lines) netted against shipments; such lines: {count}.",
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
        "ru": "Названия клиентов взяты из справочника «{file}»; клиентов в нём: {count}.",
        "en": "Client names taken from the directory '{file}'; clients in it: {count}.",
    },
    "note.period_from_title": {
        "ru": "«{file}»: период из шапки отчёта: {start} – {end}.",
        "en": "'{file}': period from the report title: {start} – {end}.",
    },
}
