"""Files that are not what they seem: wrong contents, passwords, limits. One plain line each."""

TEXTS: dict[str, dict] = {
    "file.is_folder": {
        "ru": "это папка, а не файл. Укажите файл выгрузки из этой папки.",
        "en": "this is a folder, not a file. Give an export file from inside it.",
    },
    "file.empty": {
        "ru": "пустой файл (0 байт). Выгрузите отчёт ещё раз.",
        "en": "an empty file (0 bytes). Export the report again.",
    },
    "file.password": {
        "ru": "книга защищена паролем: снимите пароль в Excel и сохраните копию.",
        "en": "password-protected workbook: remove the password in Excel and save a copy.",
    },
    "file.word": {
        "ru": "это документ Word, а не книга Excel. Выгрузите отчёт в Excel (.xlsx) или в CSV.",
        "en": "this is a Word document, not an Excel workbook. Export the report to Excel (.xlsx) or CSV.",
    },
    "file.misnamed": {
        "ru": "по содержимому это {what}, а имя оканчивается на «{suffix}». Переименуйте файл в «{fix}».",
        "en": "by its contents this is {what}, but its name ends in '{suffix}'. Rename the file to '{fix}'.",
    },
    "file.not_a_table": {
        "ru": "это не таблица, а {what}. Нужна выгрузка в Excel (.xlsx, .xls) или в CSV.",
        "en": "this is not a table but {what}. Give an export in Excel (.xlsx, .xls) or CSV.",
    },
    "file.xml_2003": {
        "ru": "это таблица «XML Excel 2003»: откройте её в Excel и сохраните как книгу Excel (.xlsx).",
        "en": "this is an Excel 2003 XML spreadsheet: open it in Excel and save it as an Excel workbook (.xlsx).",
    },
    "file.damaged": {
        "ru": "повреждён или записан не до конца. Выгрузите отчёт ещё раз.",
        "en": "damaged, or not written to the end. Export the report again.",
    },
    "file.zip_bomb": {
        "ru": "часть книги распаковывается в {size}, в {ratio} раз больше своего сжатого размера (предел — в {limit} раз). Так устроены «zip-бомбы»: файл не читается.",
        "en": "a part of the workbook unpacks to {size}, {ratio} times its packed size (the limit is {limit} times). That is how zip bombs look: the file is not read.",
    },
    "file.unpacked_too_big": {
        "ru": "книга распаковывается в {size}, больше предела {limit}. Выгрузите меньший период или только нужные столбцы.",
        "en": "the workbook unpacks to {size}, more than the limit of {limit}. Export a shorter period or only the columns needed.",
    },
    "file.parquet_too_big": {
        "ru": "значения файла занимают {size}, если их записать полностью, больше предела {limit}. Выгрузите меньший период или только нужные столбцы.",
        "en": "the file's values take {size} written out in full, more than the limit of {limit}. Export a shorter period or only the columns needed.",
    },
    "file.parquet_bomb": {
        "ru": "значения файла занимают {size}, если их записать полностью, в {ratio} раз больше самого файла (предел — в {limit} раз). Так устроены «бомбы»: файл не читается.",
        "en": "the file's values take {size} written out in full, {ratio} times the file itself (the limit is {limit} times). That is how decompression bombs look: the file is not read.",
    },
    "file.shared_text_too_big": {
        "ru": "ячейки листа повторяют общие строки книги, и вместе они занимают {size}, больше предела {limit}. Так устроены «бомбы»: файл не читается.",
        "en": "the sheet's cells repeat the workbook's shared texts, {size} in all, more than the limit of {limit}. That is how decompression bombs look: the file is not read.",
    },
    "file.html_spans_too_big": {
        "ru": "таблицы страницы с объединёнными ячейками (colspan, rowspan) занимают {cells}, больше предела {limit}. Выгрузите отчёт заново или сохраните его как книгу Excel (.xlsx).",
        "en": "the page's tables, merged cells (colspan, rowspan) spread out, take {cells}, more than the limit of {limit}. Export the report again, or save it as an Excel workbook (.xlsx).",
    },
    "file.duckdb_memory": {
        "ru": "чтобы прочитать файл, нужно больше памяти, чем {limit}: в нём слишком много столбцов или слишком длинные строки. Выгрузите только нужные столбцы.",
        "en": "reading the file needs more memory than {limit}: it has too many columns, or too long lines. Export only the columns needed.",
    },
    "file.too_big": {
        "ru": "файл занимает {size}, больше предела {limit}. Выгрузите меньший период или сохраните его как книгу Excel (.xlsx).",
        "en": "the file takes {size}, more than the limit of {limit}. Export a shorter period, or save it as an Excel workbook (.xlsx).",
    },
    "file.sheet_too_big": {
        "ru": "последняя заполненная ячейка листа — {cell}: от A1 до неё {cells}, больше предела {limit}. Удалите в Excel лишние строки и столбцы (Ctrl+End показывает последнюю ячейку).",
        "en": "the sheet's last filled cell is {cell}: {cells} from A1 to it, more than the limit of {limit}. Delete the extra rows and columns in Excel (Ctrl+End shows the last cell).",
    },
    "file.too_many_columns": {
        "ru": "столбцов в строке: {count}, а Excel вмещает не больше {limit}. Проверьте разделитель или выгрузите файл заново.",
        "en": "columns on the line: {count}, but Excel holds at most {limit}. Check the delimiter, or export the file again.",
    },
    "file.open_quote": {
        "ru": "кавычка в этой ячейке не закрыта: в неё попали следующие строки файла, и их продажи не были бы учтены. Закройте кавычку и сохраните файл заново.",
        "en": "a quote in this cell is not closed: the next lines of the file went into it, and their sales would be lost. Close the quote and save the file again.",
    },
    "file.cell_too_long": {
        "ru": "ячейка длиннее {limit} символов (предел Excel). Похоже, в файле не закрыта кавычка или он повреждён.",
        "en": "a cell is longer than {limit} characters (Excel's limit). A quote is probably left open, or the file is damaged.",
    },
    "file.line_too_long": {
        "ru": "строка длиннее {limit} символов. Похоже, это не таблица или в файле не закрыта кавычка.",
        "en": "a line is longer than {limit} characters. This is probably not a table, or a quote is left open.",
    },
    "file.no_tables": {
        "ru": "в веб-странице (HTML) нет ни одной таблицы.",
        "en": "the web page (HTML) holds no table.",
    },
    "file.size_mb": {"ru": "{size} МБ", "en": "{size} MB"},
    # What a file holds, as the messages above name it.
    "kind.xlsx": {"ru": "книга Excel (.xlsx)", "en": "an Excel workbook (.xlsx)"},
    "kind.xls": {"ru": "книга Excel 97–2003 (.xls)", "en": "an Excel 97–2003 workbook (.xls)"},
    "kind.xlsb": {"ru": "двоичная книга Excel (.xlsb)", "en": "a binary Excel workbook (.xlsb)"},
    "kind.ods": {"ru": "таблица OpenDocument (.ods)", "en": "an OpenDocument spreadsheet (.ods)"},
    "kind.text": {"ru": "текст с разделителями (CSV)", "en": "delimited text (CSV)"},
    "kind.html": {"ru": "веб-страница (HTML)", "en": "a web page (HTML)"},
    "kind.pdf": {"ru": "документ PDF", "en": "a PDF document"},
    "kind.zip": {"ru": "ZIP-архив без книги Excel", "en": "a ZIP archive without an Excel workbook"},
    "kind.presentation": {"ru": "презентация PowerPoint", "en": "a PowerPoint presentation"},
    "kind.office": {"ru": "документ Office, но не книга Excel", "en": "an Office document that is not a workbook"},
    "kind.device": {"ru": "устройство или канал", "en": "a device or a pipe"},
    "kind.binary": {"ru": "двоичные данные (не текст)", "en": "binary data (not text)"},
    # Notes: what the reader did with such a file.
    "note.text_as_xls": {
        "ru": "«{file}»: это текст с разделителями под именем .xls (так выгружают многие системы); прочитан как текст ({encoding}, разделитель «{delimiter}»).",
        "en": "'{file}': delimited text named .xls (as many systems export it); read as text ({encoding}, delimiter '{delimiter}').",
    },
    "note.html_tables": {
        "ru": "«{file}»: это веб-страница (HTML), сохранённая как таблица; прочитано таблиц: {count}.",
        "en": "'{file}': a web page (HTML) saved as a spreadsheet; tables read: {count}.",
    },
    "note.control_characters": {
        "ru": "Из названий удалены невидимые управляющие символы (коды 0–31): {count} ({examples}).",
        "en": "Invisible control characters (codes 0–31) removed from names: {count} ({examples}).",
    },
    "plural.cell": {
        "ru": {"one": "ячейка", "few": "ячейки", "many": "ячеек", "other": "ячейки"},
        "en": {"one": "cell", "other": "cells"},
    },
    "plural.name": {
        "ru": {"one": "название", "few": "названия", "many": "названий", "other": "названия"},
        "en": {"one": "name", "other": "names"},
    },
}
