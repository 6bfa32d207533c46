"""A large 1C-style sales export, generated reproducibly (numpy's default_rng): the benchmarks' data.

The shape of keyclients_xl/demo_data.py at scale: about 5,000 clients whose sizes follow a power
law, 2,000 SKUs with list prices, 12 full months of working days, discounts for big clients,
about 1.5 % return lines (negative quantity) and 1 % cancelled documents, six managers, and
above the header a 1C title block (report name, period, measures, grouping).
Vectorised: a million lines take a few seconds; writing them is what takes time, so files are
cached by their parameters (benchmarks/.cache/, not in git).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

HEADERS = [
    "Дата",
    "Документ",
    "Контрагент",
    "Номенклатура",
    "Количество",
    "Цена",
    "Цена по прайсу",
    "Сумма",
    "Менеджер",
    "Статус",
]
MANAGERS = ["Смирнова Е. А.", "Кузнецов Д. В.", "Попова О. Н.", "Васильев А. С.", "Морозова И. Г.", "Новиков П. Р."]
FIRST_MONTH, LAST_MONTH = "2025-11", "2026-10"
CACHE = Path(__file__).parent / ".cache"


def title_block() -> list[list]:
    """What 1C writes above the header of 'Анализ продаж' (then a blank row)."""
    return [
        ["Анализ продаж"],
        ["Период: 01.11.2025 - 31.10.2026"],
        ["Показатели: Количество, Сумма"],
        ["Группировки строк: Контрагент, Номенклатура"],
        [],
    ]


def make_lines(lines: int, clients: int = 5000, skus: int = 2000, seed: int = 12) -> pd.DataFrame:
    """`lines` document lines, the same for the same arguments."""
    rng = np.random.default_rng(seed)
    size = np.arange(1, clients + 1) ** -1.1 * rng.lognormal(0, 0.3, clients)
    client = rng.choice(clients, lines, p=size / size.sum())
    popularity = np.arange(1, skus + 1) ** -0.8
    sku = rng.choice(skus, lines, p=popularity / popularity.sum())
    list_price = np.round(rng.lognormal(5.5, 1.0, skus), 2)
    discount = np.clip(0.15 - 0.15 * np.log10(np.arange(1, clients + 1)) / np.log10(clients), 0, 0.15)
    days = pd.bdate_range(f"{FIRST_MONTH}-01", pd.Period(LAST_MONTH, freq="M").end_time.normalize())
    date = days.values[np.sort(rng.integers(0, len(days), lines))]
    quantity = rng.geometric(0.25, lines).astype("float64")
    returned = rng.random(lines) < 0.015
    quantity[returned] *= -1
    price = np.round(list_price[sku] * (1 - discount[client]), 2)
    status = np.where(rng.random(lines) < 0.01, "Отменен", "Проведен")
    names = np.array([f"{('ООО', 'ИП', 'АО')[i % 3]} «Клиент {i:05d}»" for i in range(clients)], dtype=object)
    sku_names = np.array([f"Товар {i:04d}" for i in range(skus)], dtype=object)
    return pd.DataFrame(
        {
            "Дата": date,
            "Документ": np.char.add("Реализация ", (np.arange(lines) // 8).astype("U8")).astype(object),
            "Контрагент": names[client],
            "Номенклатура": sku_names[sku],
            "Количество": quantity,
            "Цена": price,
            "Цена по прайсу": list_price[sku],
            "Сумма": np.round(quantity * price, 2),
            "Менеджер": np.array(MANAGERS, dtype=object)[client % len(MANAGERS)],
            "Статус": status.astype(object),
        }
    )


def as_1c_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers as the text 1C writes when a report is saved cell by cell as text: amounts and
    prices '1 234,56' (thousands grouped by no-break spaces), quantities '2,000'."""
    shown = frame.copy()
    for column in ("Цена", "Цена по прайсу", "Сумма"):
        shown[column] = [f"{x:,.2f}".replace(",", "\u00a0").replace(".", ",") for x in shown[column]]
    shown["Количество"] = [f"{x:.3f}".replace(".", ",") for x in shown["Количество"]]
    return shown


def write_xlsx(frame: pd.DataFrame, path: Path, text_numbers: bool = False) -> Path:
    """As 1C saves it: sheet TDSheet, the title block, dates as 'dd.mm.yyyy 0:00:00' text, numbers
    as numbers (`text_numbers`: as 1C's text, `as_1c_text`)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("TDSheet")
    rows = title_block() + [HEADERS]
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    shown = as_1c_text(frame) if text_numbers else frame
    shown = shown.assign(Дата=pd.to_datetime(frame["Дата"]).dt.strftime("%d.%m.%Y 0:00:00"))
    for r, row in enumerate(shown.itertuples(index=False, name=None), start=len(rows)):
        sheet.write_row(r, 0, row)
    book.close()
    return path


def write_csv(frame: pd.DataFrame, path: Path, append: bool = False, text_numbers: bool = False) -> Path:
    """Semicolons, UTF-8, the title block on top; numbers with a decimal comma, as 1C writes them
    (`text_numbers`: grouped too, `as_1c_text`, and dates 'dd.mm.yyyy 0:00:00')."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    if text_numbers:
        shown = as_1c_text(frame).assign(Дата=pd.to_datetime(frame["Дата"]).dt.strftime("%d.%m.%Y 0:00:00"))
    else:
        shown = frame.assign(Дата=pd.to_datetime(frame["Дата"]).dt.strftime("%d.%m.%Y"))
        for column in ("Количество", "Цена", "Цена по прайсу", "Сумма"):
            shown[column] = shown[column].map("{:.2f}".format).str.replace(".", ",", regex=False)
    with path.open("a" if append else "w", encoding="utf-8", newline="") as file:
        if not append:
            for row in title_block() + [HEADERS]:
                file.write(";".join(row) + "\n")
    with path.open("ab") as file:
        options = pcsv.WriteOptions(include_header=False, delimiter=";", quoting_style="needed")
        pcsv.write_csv(pa.Table.from_pandas(shown, preserve_index=False), file, options)
    return path


def write_parquet(frame: pd.DataFrame, path: Path, writer=None):
    """A plain table: the header is the column names, values typed (dates as dates)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    if writer is None:
        pq.write_table(table, path)
        return path
    writer.write_table(table)
    return path


def export(fmt: str, lines: int, chunk: int = 2_000_000) -> Path:
    """The cached export of `lines` lines in format `fmt` (xlsx, csv, parquet; 1c.csv and 1c.xlsx
    hold numbers as 1C's text, `as_1c_text`), generated on first use.

    Beyond `chunk` lines the data is generated and written chunk by chunk (bounded memory):
    each chunk is its own seed, so the file is the same on every machine.
    """
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"export_{lines}.{fmt}"
    if path.exists():
        return path
    text_numbers, suffix = fmt.startswith("1c."), fmt.rpartition(".")[2]
    partial = path.with_name(f"{path.name}.partial.{suffix}")
    if lines <= chunk:
        frame = make_lines(lines)
        if suffix == "parquet":
            write_parquet(frame, partial)
        else:
            {"xlsx": write_xlsx, "csv": write_csv}[suffix](frame, partial, text_numbers=text_numbers)
    elif suffix == "csv":
        for i, start in enumerate(range(0, lines, chunk)):
            frame = make_lines(min(chunk, lines - start), seed=12 + i)
            write_csv(frame, partial, append=i > 0, text_numbers=text_numbers)
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.Table.from_pandas(make_lines(10), preserve_index=False).schema
        with pq.ParquetWriter(partial, schema) as writer:
            for i, start in enumerate(range(0, lines, chunk)):
                write_parquet(make_lines(min(chunk, lines - start), seed=12 + i), partial, writer)
    else:
        raise ValueError(f"{fmt}: at most {chunk} lines")
    partial.rename(path)
    return path
