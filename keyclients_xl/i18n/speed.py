"""Texts of the big-file reader (DuckDB) and the build's progress."""

TEXTS = {
    "note.read_by_duckdb": {
        "ru": "«{file}» ({size}, {lines}) прочитан DuckDB по частям, не целиком в памяти.",
        "en": "'{file}' ({size}, {lines}) was read by DuckDB piece by piece, never whole in memory.",
    },
    "note.read_in_memory": {
        "ru": "«{file}» ({size}) прочитан целиком в памяти; CSV больше {bytes}, {lines} строк или {cells} ячеек "
        "и Parquet больше {rows} строк DuckDB читает по частям.",
        "en": "'{file}' ({size}) was read whole in memory; a CSV over {bytes}, {lines} lines or {cells} cells, "
        "or a Parquet file over {rows} rows, is read by DuckDB piece by piece.",
    },
    "note.lines_added_up": {
        "ru": "«{file}»: {lines} сложены в {rows} по клиенту, дню, менеджеру и статусу, чтобы уместиться в памяти; "
        "товары, цены и даты оплаты в отчёт не вошли.",
        "en": "'{file}': {lines} were added up into {rows} by client, day, manager and status to fit in memory; "
        "products, prices and payment dates are left out of the report.",
    },
    "cli.saving": {"ru": "Сохранение книги", "en": "Saving the workbook"},
}
