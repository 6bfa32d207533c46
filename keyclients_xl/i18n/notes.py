"""Notes: what the reader and the analysis assumed or did, shown on the report and in the JSON.

Counts are i18n.Count values ('3 строки'), months i18n.Month values ('ноябрь 2026'), so a
note never needs a hand-made plural; phrases are worded so that no noun has to agree with them.
"""

TEXTS: dict[str, dict[str, str]] = {
    "note.sheets_by_period": {
        "ru": "Файл «{file}»: данные взяты с листов {sheets} — на каждом свои месяцы.",
        "en": "File '{file}': data taken from the sheets {sheets}, each with months of its own.",
    },
    "note.sheet_picked": {
        "ru": "Файл «{file}»: данные взяты с листа «{sheet}».",
        "en": "File '{file}': data taken from sheet '{sheet}'.",
    },
    "note.layout_wide": {
        "ru": "«{file}»: таблица по месяцам (строка заголовков {row}; {months}).",
        "en": "'{file}': one column per month (header row {row}; {months}).",
    },
    "note.layout_long": {
        "ru": "«{file}»: строки документов (строка заголовков {row}): {columns}.",
        "en": "'{file}': document lines (header row {row}): {columns}.",
    },
    "note.formulas_not_calculated": {
        "ru": "«{file}», лист «{sheet}»: формулы без вычисленных значений ({cells}{first}) прочитаны как пустые ячейки: файл сохранила программа, которая не вычисляет формулы. Откройте его в Excel или LibreOffice, сохраните и постройте отчёт снова.",
        "en": "'{file}', sheet '{sheet}': formulas that were never calculated ({cells}{first}) were read as empty cells: the file was saved by a program that does not calculate formulas. Open it in Excel or LibreOffice, save it, and build again.",
    },
    "note.first_cell": {"ru": ", первая — {cell}", "en": ", the first {cell}"},
    "note.parquet_nested": {
        "ru": "«{file}»: столбцы со списками или записями не прочитаны: {columns}.",
        "en": "'{file}': columns of lists or records were not read: {columns}.",
    },
    "note.csv_format": {
        "ru": "«{file}»: кодировка {encoding}, разделитель «{delimiter}».",
        "en": "'{file}': encoding {encoding}, delimiter '{delimiter}'.",
    },
    "note.noise_rows": {
        "ru": "«{file}»: пропущены служебные строки ({rows}): итоги — {totals}, группы и пустые — {groups}, повторы заголовка — {headers}.",
        "en": "'{file}': skipped {rows} that are not data: {totals} totals, {groups} group or blank, {headers} repeated headers.",
    },
    "note.wide_rows_summed": {
        "ru": "«{file}»: один клиент в нескольких строках, строки сложены ({clients}: {examples}).",
        "en": "'{file}': the same client on several rows, the rows summed ({clients}: {examples}).",
    },
    "note.spellings_merged": {
        "ru": "Разные написания одного клиента объединены ({clients}): {examples}.",
        "en": "Different spellings of one client merged ({clients}): {examples}.",
    },
    "note.maybe_same": {
        "ru": "Возможно, это один и тот же клиент (не объединены, проверьте): {pairs}.",
        "en": "Possibly the same client (not merged; please check): {pairs}.",
    },
    "note.and_more": {"ru": "(и ещё {count})", "en": "(and {count} more)"},
    "note.partner_is_client": {
        "ru": "«{file}»: клиент — «{partner}»: все юрлица партнёра («{entity}») считаются одним клиентом. Чтобы считать по юрлицам: --columns client={entity}.",
        "en": "'{file}': the client is '{partner}': all of a partner's legal entities ('{entity}') count as one client. To count by legal entity: --columns client={entity}.",
    },
    "note.codes_decide": {
        "ru": "«{file}»: клиента определяет код («{code}»), название («{name}») только для показа.",
        "en": "'{file}': the code ('{code}') identifies a client; the name ('{name}') is for display only.",
    },
    "note.statuses": {
        "ru": "«{file}», столбец «{column}»: {statuses}.",
        "en": "'{file}', column '{column}': {statuses}.",
    },
    "note.status_dropped": {"ru": "отброшены", "en": "dropped"},
    "note.flag_dropped": {
        "ru": "«{file}», столбец «{column}»: не учтены {what}: {lines} на сумму {amount}.",
        "en": "'{file}', column '{column}': {what} left out: {lines}, {amount} in all.",
    },
    "note.flag_deletion_mark": {"ru": "строки с пометкой удаления", "en": "lines marked for deletion"},
    "note.flag_posted": {"ru": "строки непроведённых документов", "en": "lines of documents not posted"},
    "note.returns_column": {
        "ru": "«{file}», столбец «{column}»: возвраты вычтены из суммы продаж: {lines} на сумму {amount}.",
        "en": "'{file}', column '{column}': returns subtracted from the sales amount: {lines}, {amount} in all.",
    },
    "note.returns_sheet": {
        "ru": "«{file}», лист «{sheet}»: возвраты вычтены из продаж: {lines} на сумму {amount}.",
        "en": "'{file}', sheet '{sheet}': returns subtracted from sales: {lines}, {amount} in all.",
    },
    "note.returns_file": {
        "ru": "«{file}»: файл возвратов (по его имени): возвраты вычтены из продаж: {lines} на сумму {amount}.",
        "en": "'{file}': a file of returns (by its name): returns subtracted from sales: {lines}, {amount} in all.",
    },
    "note.return_documents": {
        "ru": "«{file}», столбец «{column}»: возвраты от покупателей с положительной суммой вычтены из продаж: {lines} на сумму {amount}.",
        "en": "'{file}', column '{column}': customer returns with a positive amount were subtracted from sales: {lines}, {amount} in all.",
    },
    "note.open_statuses": {
        "ru": "Незавершённые статусы оставлены в расчёте, их доля в продажах периода: {statuses}.",
        "en": "Statuses that are not final were kept; their share of the period's sales: {statuses}.",
    },
    "note.returns": {
        "ru": "Возвраты (отрицательные строки) вычтены из отгрузок: {lines}.",
        "en": "Returns (negative lines) netted against shipments: {lines}.",
    },
    "note.loss_lines": {
        "ru": "Убыточные строки (отрицательная валовая прибыль) учтены с минусом: {lines}.",
        "en": "Loss-making lines (negative gross profit) counted as negative: {lines}.",
    },
    "note.non_positive.revenue": {
        "ru": "Итог за период ≤ 0 (возвраты больше отгрузок): {clients}, всего {amount}. У них нет доли и класса ABC, ключевыми они не бывают: {examples}.",
        "en": "Total for the period ≤ 0 (returns exceed shipments): {clients}, {amount} in all. They have no share and no ABC class and are never key: {examples}.",
    },
    "note.non_positive.profit": {
        "ru": "Валовая прибыль за период ≤ 0 (убыток): {clients}, всего {amount}. У них нет доли и класса ABC, ключевыми они не бывают: {examples}.",
        "en": "Gross profit for the period ≤ 0 (a loss): {clients}, {amount} in all. They have no share and no ABC class and are never key: {examples}.",
    },
    "note.non_positive.quantity": {
        "ru": "Количество за период ≤ 0 (возвратов больше, чем отгрузок): {clients}, всего {amount}. У них нет доли и класса ABC, ключевыми они не бывают: {examples}.",
        "en": "Quantity for the period ≤ 0 (more returned than shipped): {clients}, {amount} in all. They have no share and no ABC class and are never key: {examples}.",
    },
    "note.no_client": {
        "ru": "«{file}»: без клиента ({tokens}) не учтены {lines} на сумму {amount}.",
        "en": "'{file}': {lines} without a client ({tokens}) left out, {amount} in all.",
    },
    "note.amount_not_found": {
        "ru": "«{file}»: строки с клиентом и датой, где вместо суммы #Н/Д (формула ничего не нашла), не учтены: "
        "{lines}; первая — строка {row}. Исправьте формулу и выгрузите файл заново.",
        "en": "'{file}': lines with a client and a date whose amount is #N/A (a formula that found nothing) were "
        "left out: {lines}; the first is row {row}. Mend the formula and export the file again.",
    },
    "note.no_client_rows": {
        "ru": "«{file}»: строки без клиента ({tokens}) не учтены: {rows}, на сумму {amount}.",
        "en": "'{file}': rows without a client ({tokens}) left out: {rows}, {amount} in all.",
    },
    "note.missing_tokens": {"ru": "пусто, NA, <Не указан> и т. п.", "en": "blank, NA, N/A, NULL and the like"},
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
    "note.group_mark": {
        "ru": "«{file}», столбец «{column}»: «{example}» и подобные числа прочитаны как {read}: {mark} разделяет "
        "тысячи ({reason}).",
        "en": "'{file}', column '{column}': '{example}' and numbers like it read as {read}: the {mark} groups "
        "thousands ({reason}).",
    },
    "note.mark.": {"ru": "точка", "en": "point"},
    "note.mark,": {"ru": "запятая", "en": "comma"},
    "note.group_mark_assumed": {
        "ru": "ни одно значение этого не доказывает: так пишут числа в файлах с английскими заголовками",
        "en": "no value proves it: an assumption, as English files write numbers",
    },
    "note.document_total": {
        "ru": "«{file}», столбец «{column}»: это сумма документа, она повторена в каждой его строке — взята один раз на документ ({by}): {documents}, повторные строки не сложены ({repeats}). Сумм по товарам в выгрузке нет, поэтому листы по товарам (ассортимент, обороты по позициям) не заполнены; чтобы они были, выгрузите сумму строки («Сумма»).",
        "en": "'{file}', column '{column}': this is a document's total, repeated on each of its lines; it is taken once per document ({by}): {documents}, the repeated lines not added ({repeats}). The export gives no money per product, so the sheets by product (assortment, SKU turnover) are left empty; export each line's own sum ('Сумма', 'Amount') to have them.",
    },
    "note.document_total_by": {
        "ru": "документ — по столбцу «{column}», клиенту, дате и сумме",
        "en": "a document told by the column '{column}', the client, the day and the total",
    },
    "note.document_total_by_day": {
        "ru": "столбца документа нет: документ — это клиент, дата и сумма",
        "en": "no document column: a document is a client, a day and a total",
    },
    "note.quantity_only": {
        "ru": "«{file}»: в таблице только количество («{said}»), денежных сумм нет: клиенты ранжированы по количеству, суммы в рублях в отчёте не известны.",
        "en": "'{file}': the table holds quantities only ('{said}'), no money: the clients are ranked by units; no sums in money are known to the report.",
    },
    "note.amount_from_qty_price": {
        "ru": "«{file}»: столбца суммы нет, сумма = количество × цена.",
        "en": "'{file}': no amount column; amount = quantity × price.",
    },
    "note.amount_from_measure_rows": {
        "ru": "«{file}»: сумма = цена × количество (строки «{price}» и «{quantity}»).",
        "en": "'{file}': amount = price × quantity (rows '{price}' and '{quantity}').",
    },
    "note.products_not_clients": {
        "ru": "«{file}»: строки — это товары («{column}»), а не клиенты: ранжируются товары.",
        "en": "'{file}': the rows are products ('{column}'), not clients: products are ranked.",
    },
    "note.client_groups": {
        "ru": "«{file}»: в столбце «{column}» под каждым клиентом — его строки «{inner}»: {clients} сложены из {rows}; строки клиентов с их итогами не учтены второй раз.",
        "en": "'{file}': column '{column}' holds each client's '{inner}' rows under it: {clients} added up from {rows}; the clients' own subtotal rows are not counted again.",
    },
    "note.money_unit": {
        "ru": "«{file}»: суммы в тысячах или миллионах («{text}»): {columns} пересчитаны в рубли (×{factor}): продажи, дебиторка и пороги считаются в одних рублях.",
        "en": "'{file}': money in thousands or millions ('{text}'): {columns} turned into roubles (×{factor}): sales, receivables and thresholds all count in roubles.",
    },
    "note.money_unit_months": {
        "ru": "«{file}»: суммы по месяцам в тысячах или миллионах («{text}»): пересчитаны в рубли (×{factor}): продажи, дебиторка и пороги считаются в одних рублях.",
        "en": "'{file}': the monthly sums are in thousands or millions ('{text}'): turned into roubles (×{factor}): sales, receivables and thresholds all count in roubles.",
    },
    "note.future_lines": {
        "ru": "Не учтены строки с датой позже сегодняшней ({today}): {lines} на {amount}, первая — {date}, {client}. Отгрузки в будущем не бывает: проверьте год в дате.",
        "en": "Lines dated after today ({today}) left out: {lines} worth {amount}, the first on {date}, {client}. No shipment is in the future: check the date's year.",
    },
    "note.partial_month": {
        "ru": "Неполный месяц не учтён: {month} (данные заканчиваются {date}).",
        "en": "Partial month left out: {month} (the data ends on {date}).",
    },
    "note.current_month": {
        "ru": "Столбец текущего месяца не учтён: {month} ещё не закончился (сегодня {today}). Чтобы взять его, укажите --as-of {as_of}.",
        "en": "The current month's column is left out: {month} is not over yet (today is {today}). To use it, give --as-of {as_of}.",
    },
    "note.partial_first_month": {
        "ru": "Неполный месяц не учтён: {month} (данные начинаются {date}).",
        "en": "Partial month left out: {month} (the data starts on {date}).",
    },
    "note.last_month_cut_short": {
        "ru": "Последняя строка за {month} — {date}, а в прошлые месяцы отгрузки шли до конца месяца: если {month} выгружен не целиком, его суммы занижены и спад может быть ложным — выгрузите месяц до последнего числа.",
        "en": "The last line of {month} is on {date}, where the months before ran to their end: if {month} was not exported whole, its amounts are understated and a fall may be false; export it to its last day.",
    },
    "note.late_first_month": {
        "ru": "Данные начинаются {date}: если {month} выгружен не целиком, его суммы занижены — выгрузите месяц с первого числа.",
        "en": "The data starts on {date}: if {month} was not exported whole, its amounts are understated; export it from its first day.",
    },
    "note.window_short_full": {
        "ru": "Первый полный месяц данных — {first}: в окне {available} вместо {wanted}.",
        "en": "The data's first full month is {first}: the window has {available} instead of {wanted}.",
    },
    "note.month_without_shipments": {
        "ru": "За {month} в данных нет ни одной отгрузки: похоже, выгрузка пропустила этот месяц. У всех клиентов он посчитан нулём, средние занижены — проверьте выгрузку.",
        "en": "Not one shipment in {month}: the export seems to have skipped the month. It counts as zero for every client, so the averages are low; check the export.",
    },
    "note.window_short": {
        "ru": "Первый месяц данных — {first}: в окне {available} вместо {wanted}.",
        "en": "The data starts in {first}: the window has {available} instead of {wanted}.",
    },
    "note.as_of_partial": {
        "ru": "Выбран через --as-of неполный месяц — {month} (данные заканчиваются {date}): его сумма занижена.",
        "en": "A partial month was chosen with --as-of: {month} (the data ends on {date}); its amount is understated.",
    },
    "note.zero_months": {
        "ru": "Месяц без отгрузок считается как 0 в среднем (в отчёте записан 0, а не пусто).",
        "en": "A month without shipments counts as 0 in the average (the report writes 0, not blank).",
    },
    "note.xyz_weak": {
        "ru": "XYZ за {months} — слабый сигнал (надёжнее от 6 месяцев).",
        "en": "XYZ on {months} is a weak signal (6 months or more is reliable).",
    },
    "note.tie": {
        "ru": "Равенство на границе (место {place}): {clients}; разрешено по последнему месяцу, затем по имени.",
        "en": "Tie at the boundary (place {place}): {clients}; broken by the last month, then by name.",
    },
    "note.fewer_clients": {
        "ru": "Всего {clients} — меньше {n}: ключевыми отмечены все.",
        "en": "Only {clients}, fewer than {n}: all are marked key.",
    },
    "note.weak_pareto": {
        "ru": "Слабый эффект Парето: 80 % продаж дают {clients} из {total}.",
        "en": "Weak Pareto effect: {clients} of {total} make 80 % of sales.",
    },
    "note.names_joined": {
        "ru": "Названия клиентов взяты из справочника «{file}» ({clients}).",
        "en": "Client names taken from the directory '{file}' ({clients}).",
    },
    "note.period_from_title": {
        "ru": "«{file}»: период из шапки отчёта: {start} – {end}.",
        "en": "'{file}': period from the report title: {start} – {end}.",
    },
    "note.years_from_title": {
        "ru": "«{file}»: у месяцев в заголовках нет года — он взят из периода в шапке ({start} – {end}).",
        "en": "'{file}': the month headers have no year; it is taken from the period in the title ({start} – {end}).",
    },
    "note.same_file_twice": {
        "ru": "«{file}» совпадает с «{first}» байт в байт: второй раз не учтён.",
        "en": "'{file}' is byte for byte the same as '{first}': not counted twice.",
    },
    "note.repeated_lines": {
        "ru": "«{file}»: {lines} повторяют строки из «{first}» во всех столбцах и не учтены второй раз.",
        "en": "'{file}': {lines} repeat lines of '{first}' in every column and are not counted twice.",
    },
    "note.overlapping_files": {
        "ru": "Внимание: «{first}» и «{file}» пересекаются по датам ({start} – {end}) для общих клиентов ({clients}). Одинаковые строки учтены один раз; проверьте, что это не две версии одной выгрузки.",
        "en": "Warning: '{first}' and '{file}' overlap in dates ({start} – {end}) for the same clients ({clients}). Identical lines are counted once; check they are not two versions of one export.",
    },
    "note.both_inputs": {
        "ru": "Внимание: заполнены оба листа ввода («{lines}» и «{months}»). Учтён только «{used}» (настройка input_source).",
        "en": "Warning: both input sheets hold data ('{lines}' and '{months}'). Only '{used}' is used (setting input_source).",
    },
    "note.measure_changed": {
        "ru": "Настройка abc_measure заменена на measure: ABC считается по той же мере, что и ранг ({measure}).",
        "en": "The abc_measure setting is replaced by measure: ABC uses the measure that ranks the clients ({measure}).",
    },
    # Roles of columns, in the user's words (for 'Контрагент → клиент').
    "role.client": {"ru": "клиент", "en": "client"},
    "role.client_code": {"ru": "код клиента", "en": "client code"},
    "role.date": {"ru": "дата", "en": "date"},
    "role.amount": {"ru": "сумма", "en": "amount"},
    "role.sku": {"ru": "товар", "en": "product"},
    "role.quantity": {"ru": "количество", "en": "quantity"},
    "role.price": {"ru": "цена", "en": "price"},
    "role.list_price": {"ru": "цена по прайсу", "en": "list price"},
    "role.cost": {"ru": "себестоимость", "en": "cost"},
    "role.gross_profit": {"ru": "валовая прибыль", "en": "gross profit"},
    "role.manager": {"ru": "менеджер", "en": "manager"},
    "role.status": {"ru": "статус", "en": "status"},
    "role.payment_date": {"ru": "дата оплаты", "en": "payment date"},
    "role.document": {"ru": "документ", "en": "document"},
    "role.deletion_mark": {"ru": "пометка удаления", "en": "deletion mark"},
    "role.posted": {"ru": "проведён", "en": "posted"},
    "role.returns": {"ru": "возвраты", "en": "returns"},
}
