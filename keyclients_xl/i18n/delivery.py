"""Texts of delivery: writing the workbook safely, our sheets beside the user's, locks and backups."""

TEXTS: dict[str, dict[str, str]] = {
    "col.comment": {"ru": "Комментарий", "en": "Comment"},
    "comments.archived": {
        "ru": "Комментарии к клиентам, которых больше нет в списке",
        "en": "Comments on clients no longer in the list",
    },
    "setting.backups_keep": {
        "ru": "Сколько последних резервных копий книги хранить рядом с ней",
        "en": "How many of the workbook's latest backups to keep beside it",
    },
}
TEXTS.update(
    {
        "note.sheet_name_taken": {
            "ru": "лист «{name}» в книге ваш, и мы его не трогаем; отчёт записан на лист «{ours}».",
            "en": "the sheet '{name}' in the workbook is yours and is left alone; the report is on the sheet '{ours}'.",
        },
        "note.sheet_names_kept": {
            "ru": "листы отчёта сохранили прежние имена ({names}), чтобы ваши формулы и ссылки на них работали. Чтобы переименовать лист, переименуйте его в Excel: Excel поправит формулы.",
            "en": "the report's sheets keep their names ({names}) so that your formulas and links to them keep working. To rename one, rename it in Excel, which updates the formulas.",
        },
        "note.cell_displaced": {
            "ru": "ячейка {cell} листа «{sheet}» (ваше значение «{value}») теперь занята отчётом; прежнее значение осталось в резервной копии книги.",
            "en": "cell {cell} of the sheet '{sheet}' (your value '{value}') is now used by the report; the old value is in the workbook's backup copy.",
        },
        "note.layout_resized": {
            "ru": "на листе «{sheet}» после прошлого отчёта вставлены или удалены строки или столбцы внутри его таблиц: что вы ввели в них, на листе не сохранено, а осталось в резервной копии книги. Пишите рядом с таблицами отчёта или на своём листе.",
            "en": "rows or columns were inserted or deleted inside the tables of the sheet '{sheet}' since the last build: what you typed in them is not kept on the sheet, and is in the workbook's backup copy. Type beside the report's tables, or on a sheet of your own.",
        },
        "note.comments_not_kept": {
            "ru": "на листе «{sheet}» были ваши примечания ({cells}): отчёт рисует этот лист заново, и они остались только в резервной копии книги. Пишите о клиенте в столбце «Комментарий» (он переходит за клиентом) или на своём листе.",
            "en": "the sheet '{sheet}' had notes of yours ({cells}): the report draws that sheet anew, and they are only in the workbook's backup copy. Write about a client in the Comment column (it follows the client) or on a sheet of your own.",
        },
        "note.rows_outside_table": {
            "ru": "на листе «{sheet}» под таблицей стоят ваши значения: {rows} для новых клиентов записаны ниже них, вне таблицы. Перенесите значения в сторону и растяните таблицу на эти строки.",
            "en": "values of yours stand under the Table of the sheet '{sheet}': {rows} for new clients are written below them, outside the Table. Move the values aside and stretch the Table over those rows.",
        },
        "note.vba_dropped": {
            "ru": "книга с макросами записана как .xlsx: макросы и кнопки ленты в неё не вошли (для них нужен .xlsm).",
            "en": "a macro workbook was written as .xlsx: its macros and ribbon buttons are left out (they need .xlsm).",
        },
        "error.output_format": {
            "ru": "книгу можно записать только как .xlsx или .xlsm, а не «{suffix}».",
            "en": "the workbook can only be written as .xlsx or .xlsm, not '{suffix}'.",
        },
        "error.out_exists": {
            "ru": "файл уже существует, и это не книга отчёта: выберите другое имя или добавьте --force (старый файл уйдёт в резервную копию).",
            "en": "the file already exists and is not a report workbook: choose another name, or add --force (the old file is kept as a backup).",
        },
        "error.side_out_exists": {
            "ru": "файл уже существует, и его записала не эта команда: выберите другое имя или добавьте --force.",
            "en": "the file already exists and was not written by this command: choose another name, or add --force.",
        },
        "error.demo_export_format": {
            "ru": "демо-выгрузка сохраняется как .xlsx, а не «{suffix}».",
            "en": "the demo export is saved as .xlsx, not '{suffix}'.",
        },
        "error.same_file": {
            "ru": "{option} указывает на {what}; выберите другой файл.",
            "en": "{option} points at {what}; choose another file.",
        },
        "what.export": {"ru": "выгрузку", "en": "an export"},
        "what.workbook": {"ru": "саму книгу", "en": "the workbook itself"},
        "what.out": {"ru": "файл --out", "en": "the --out file"},
        "error.open_in_excel": {
            "ru": "книга открыта в Excel: закройте её или нажмите кнопку на ленте в самом Excel.",
            "en": "the workbook is open in Excel: close it, or use the ribbon button inside Excel.",
        },
        "error.read_only": {
            "ru": "книга только для чтения: снимите этот атрибут или запишите отчёт в другой файл (--out).",
            "en": "the workbook is read-only: clear that attribute, or write the report to another file (--out).",
        },
        "error.folder_not_writable": {
            "ru": "нет доступа на запись в папку «{folder}».",
            "en": "no write access to folder '{folder}'.",
        },
        "error.folder_missing": {
            "ru": "папки «{folder}» нет: создайте её или укажите другую.",
            "en": "the folder '{folder}' does not exist: create it or choose another.",
        },
        "error.locked": {
            "ru": "книгу уже обновляет другой запуск (процесс {pid}, начат {started}); дождитесь его окончания.",
            "en": "another run is updating this workbook (process {pid}, started {started}); wait until it ends.",
        },
        "error.summary_failed": {
            "ru": "книга обновлена, но сводку записать не удалось ({detail}).",
            "en": "the workbook was updated, but the summary could not be written ({detail}).",
        },
        "error.sheet_missing": {"ru": "такого листа в книге нет.", "en": "the workbook has no such sheet."},
        "error.not_a_file": {
            "ru": "это папка, а не файл книги.",
            "en": "this is a folder, not a workbook file.",
        },
    }
)
