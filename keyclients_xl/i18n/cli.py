"""The command line's own lines (progress, what was written)."""

TEXTS: dict[str, dict[str, str]] = {
    "cli.wrote": {"ru": "Книга записана: {path}", "en": "Workbook written: {path}"},
    "cli.backup": {"ru": "Резервная копия: {path}", "en": "Backup: {path}"},
    "cli.summary_written": {"ru": "Сводка JSON: {path}", "en": "JSON summary: {path}"},
    "cli.reading": {"ru": "Чтение {file}", "en": "Reading {file}"},
    "cli.analysing": {"ru": "Анализ", "en": "Analysing"},
    "cli.rendering": {"ru": "Построение листов", "en": "Rendering sheets"},
    "cli.created": {"ru": "Создана новая книга: {path}", "en": "New workbook created: {path}"},
    "cli.top_table": {"ru": "Ключевые клиенты, {period}", "en": "Key clients, {period}"},
}
