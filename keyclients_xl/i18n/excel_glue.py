"""Texts of the Excel glue: the workbook's own VBA (shown when Python cannot run), the by-month
sheet's hint row and the notes on stale month headers."""

TEXTS: dict[str, dict[str, str]] = {
    "input.months_hint": {
        "ru": "← месяцы: вставьте строку заголовков вместе с цифрами (например «авг 2026» или 01.08.2026)",
        "en": "← months: paste the header row together with the numbers (e.g. 'Aug 2026' or 2026-08-01)",
    },
    "note.months_behind_lines": {
        "ru": "Последний месяц в заголовках листа «{sheet}» — {last}, а в строках документов — {lines_end}: проверьте, что заголовки месяцев вставлены вместе с новыми цифрами.",
        "en": "The months on sheet '{sheet}' end in {last}, but the document lines run to {lines_end}: check that the month headers were pasted with the new numbers.",
    },
    "note.months_behind_today": {
        "ru": "Последний месяц в заголовках листа «{sheet}» — {last}, хотя последний полный месяц — {last_full}: если цифры новые, вставьте и их заголовки.",
        "en": "The months on sheet '{sheet}' end in {last}, though the last full month is {last_full}: if the numbers are new, paste their headers too.",
    },
    # Shown by the workbook's VBA, which fills in {number}, {description} and {version} itself.
    "vba.xlwings_missing": {
        "ru": 'Ключевые клиенты не смогли запустить Python (ошибка {number}: {description}).\n\nЭтой книге нужен xlwings {version}. Выполните в командной строке:\n    pip install "xlwings=={version}"\nили создайте новую книгу для установленной версии: keyclients new ИМЯ.xlsm',
        "en": 'Key Clients could not start Python (error {number}: {description}).\n\nThis workbook needs xlwings {version}. In a command prompt run:\n    pip install "xlwings=={version}"\nor make a new workbook for the installed version: keyclients new NAME.xlsm',
    },
    "vba.run_failed": {
        "ru": 'Ключевые клиенты не смогли запустить Python.\nОшибка {number}: {description}\n\nПроверьте:\n• лист xlwings.conf: в Interpreter_Win (Windows) или Interpreter_Mac (Mac) полный путь к Python, в котором установлен keyclients_xl (пусто — python из PATH);\n• в командной строке этот Python выполняет: python -c "import keyclients_xl";\n• на Mac: один раз выполнено xlwings runpython install.',
        "en": 'Key Clients could not start Python.\nError {number}: {description}\n\nCheck:\n• the xlwings.conf sheet: Interpreter_Win (Windows) or Interpreter_Mac (Mac) holds the full path of a Python that has keyclients_xl installed (empty: python from the PATH);\n• in a command prompt that Python runs: python -c "import keyclients_xl";\n• on a Mac: xlwings runpython install was run once.',
    },
    # Labels in the ribbon's file dialog (Application.GetOpenFilename): no commas, which separate its filters.
    "vba.filter_exports": {"ru": "Выгрузки", "en": "Exports"},
    "vba.filter_all": {"ru": "Все файлы", "en": "All files"},
    "vba.no_settings_sheet": {
        "ru": "В книге нет листа «{sheet}». Постройте отчёт, и лист настроек появится снова.",
        "en": "The workbook has no sheet '{sheet}'. Build the report and the settings sheet comes back.",
    },
}
