"""Nouns with their plural forms by CLDR category (one, few, many, other), for i18n.Count."""

TEXTS: dict[str, dict[str, dict[str, str]]] = {
    "plural.line": {
        "ru": {"one": "строка", "few": "строки", "many": "строк", "other": "строки"},
        "en": {"one": "line", "other": "lines"},
    },
    "plural.document": {
        "ru": {"one": "документ", "few": "документа", "many": "документов", "other": "документа"},
        "en": {"one": "document", "other": "documents"},
    },
    "plural.client": {
        "ru": {"one": "клиент", "few": "клиента", "many": "клиентов", "other": "клиента"},
        "en": {"one": "client", "other": "clients"},
    },
    "plural.month": {
        "ru": {"one": "месяц", "few": "месяца", "many": "месяцев", "other": "месяца"},
        "en": {"one": "month", "other": "months"},
    },
    "plural.row": {
        "ru": {"one": "строка", "few": "строки", "many": "строк", "other": "строки"},
        "en": {"one": "row", "other": "rows"},
    },
    "plural.file": {
        "ru": {"one": "файл", "few": "файла", "many": "файлов", "other": "файла"},
        "en": {"one": "file", "other": "files"},
    },
    "plural.day": {
        "ru": {"one": "день", "few": "дня", "many": "дней", "other": "дня"},
        "en": {"one": "day", "other": "days"},
    },
    "plural.sku": {
        "ru": {"one": "позиция", "few": "позиции", "many": "позиций", "other": "позиции"},
        "en": {"one": "SKU", "other": "SKUs"},
    },
    "plural.spelling": {
        "ru": {"one": "написание", "few": "написания", "many": "написаний", "other": "написания"},
        "en": {"one": "spelling", "other": "spellings"},
    },
}
