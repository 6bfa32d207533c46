"""Texts of the sheets' layout and print-out: the title line, the page footer, the words in the
settings drop-downs and the message when something else is typed there."""

TEXTS: dict[str, dict] = {
    "summary.notes_below": {"ru": "{count} под таблицей", "en": "{count} below the table"},
    "print.footer": {
        "ru": "Страница {page} из {pages} · построено {date} · {source}",
        "en": "Page {page} of {pages} · built on {date} · {source}",
    },
    "print.more_sources": {"ru": "{first} и ещё {count}", "en": "{first} (+{count})"},
    # Settings values shown as words; either language's word is read back (settings.choice_code).
    "choice.rule.top_n": {"ru": "Топ N", "en": "Top N"},
    "choice.rule.top_share": {"ru": "Топ N %", "en": "Top N %"},
    "choice.rule.cumulative": {"ru": "Накопленные 80 %", "en": "Cumulative 80 %"},
    "choice.measure.revenue": {"ru": "Выручка", "en": "Revenue"},
    "choice.measure.profit": {"ru": "Валовая прибыль", "en": "Gross profit"},
    "choice.measure.quantity": {"ru": "Количество", "en": "Quantity"},
    "choice.abc_boundary.upper": {"ru": "В верхний класс", "en": "Upper class"},
    "choice.abc_boundary.lower": {"ru": "В нижний класс", "en": "Lower class"},
    "choice.input_source.lines": {"ru": "Строки документов", "en": "Document lines"},
    "choice.input_source.months": {"ru": "По месяцам", "en": "By month"},
    "choice.lang.ru": {"ru": "ru", "en": "ru"},
    "choice.lang.en": {"ru": "en", "en": "en"},
    "expected.whole": {"ru": "нужно целое число", "en": "a whole number is needed"},
    "expected.number": {"ru": "нужно число", "en": "a number is needed"},
    "validation.title": {"ru": "Значение не из списка", "en": "Not a listed value"},
    "validation.error": {
        "ru": "Выберите одно из значений списка: {options}.",
        "en": "Pick one of the listed values: {options}.",
    },
    "plural.note": {
        "ru": {"one": "замечание", "few": "замечания", "many": "замечаний", "other": "замечания"},
        "en": {"one": "note", "other": "notes"},
    },
}
