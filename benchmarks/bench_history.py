"""History at scale: 24 months × 20,000 clients — its size, and the time to seed, merge, rebuild and compare.

Run:  python benchmarks/bench_history.py [CLIENTS] [MONTHS] [--no-engine | --engine-only]
Prints rows, memory and xlsx size of History as kept (top 1,000 + key clients a month) and,
for comparison, as it would be keeping every client; then the time of each step; then a full
rebuild through the engine (`keyclients build`): last month's workbook as the engine left it
after MONTHS months (every sheet of ours, History of MONTHS months), an export of CLIENTS
clients, the next month built in place and a fresh build of the same export, three times in
turn (the quietest of each kept), then the same month built again. The engine part runs in a
fresh Python (`--engine-only` runs it alone). Numbers are for comparison on one machine, not
thresholds.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

from keyclients_xl.analyse import history
from keyclients_xl.analyse.changes import compare
from keyclients_xl.analyse.ranking import analyse
from keyclients_xl.analyse.window import Window
from keyclients_xl.i18n import t
from keyclients_xl.read.sources import load_sheets
from keyclients_xl.settings import Settings


def make_lines(clients: int, months: int, seed: int = 7) -> pd.DataFrame:
    """Client-month amounts: lognormal sizes, a client skipping about one month in eight."""
    rng = np.random.default_rng(seed)
    periods = pd.period_range(end="2026-10", periods=months, freq="M")
    size = rng.lognormal(10, 1.5, clients)
    amounts = size[:, None] * rng.lognormal(0, 0.3, (clients, months))
    shipped = rng.random((clients, months)) > 0.125
    client, month = np.nonzero(shipped)
    names = np.array([f"Клиент {i:05d}" for i in range(clients)], dtype=object)
    return pd.DataFrame(
        {
            "client": names[client],
            "client_key": np.char.lower(names[client].astype(str)).astype(object),
            "month": pd.PeriodIndex(periods[month], freq="M"),
            "amount": amounts[client, month],
            "date": periods[month].start_time,
        }
    )


def timed(label: str, call, results: list):
    start = time.perf_counter()
    value = call()
    results.append((label, time.perf_counter() - start))
    return value


def xlsx_size(frame: pd.DataFrame, path: Path) -> int:
    """History written as its sheet would hold it (write-only openpyxl), in bytes."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(t("sheet.history", "ru"))
    columns = list(history.HEADERS)
    sheet.append([t(history.HEADERS[c], "ru") for c in columns])
    shown = frame.assign(month=frame["month"].astype(str), last_shipped=frame["last_shipped"].astype(str))
    for row in shown[columns].itertuples(index=False):
        sheet.append([None if isinstance(v, float) and np.isnan(v) else v for v in row])
    book.save(path)
    return path.stat().st_size


def main(clients: int = 20_000, months: int = 24) -> None:
    settings = Settings()
    lines = make_lines(clients, months + settings.months - 1)
    ends = list(pd.period_range(end="2026-10", periods=months, freq="M"))
    results: list[tuple[str, float]] = []

    def snapshots():
        return [
            history.snapshot(analyse(lines, Window(list(pd.period_range(e - 2, e, freq="M"))), settings)) for e in ends
        ]

    snaps = timed(f"rank {months} windows (analyse + snapshot)", snapshots, results)

    def merge_all(keep_top):
        built = history.empty_history()
        for snap in snaps:
            built = history.merge(built, snap, keep_top)
        return built

    kept = timed(f"merge {months} months, keep top {history.KEEP_TOP:,}", lambda: merge_all(history.KEEP_TOP), results)
    everything = timed(f"merge {months} months, keep every client", lambda: merge_all(clients), results)
    timed("rebuild the last month (replace it)", lambda: history.merge(kept, snaps[-1]), results)
    timed("compare the last month with the one before", lambda: compare(snaps[-1], kept), results)
    timed("seed 12 month-ends from the data", lambda: history.seed(lines, settings, ends[-1]), results)

    with tempfile.TemporaryDirectory() as tmp:
        sizes = {}
        for label, frame in (("kept", kept), ("every client", everything)):
            path = Path(tmp) / f"{label}.xlsx"
            sizes[label] = timed(f"write History as xlsx ({label})", lambda f=frame, p=path: xlsx_size(f, p), results)
        rows = timed("read History back (calamine rows)", lambda: load_sheets(Path(tmp) / "kept.xlsx")[0].rows, results)
        read = timed("parse History rows (history_from_rows)", lambda: history.history_from_rows(rows), results)
        assert len(read) == len(kept)

    print(f"History of {months} months × {clients:,} clients")
    for label, frame in (("kept", kept), ("every client", everything)):
        memory, on_disk = frame.memory_usage(deep=True).sum() / 2**20, sizes[label] / 2**20
        print(f"  {label:>13}: {len(frame):>9,} rows, {memory:7.1f} MB in memory, {on_disk:6.1f} MB as xlsx")
    print("Times (s)")
    for label, seconds in results:
        print(f"  {seconds:8.2f}  {label}")


def write_export(lines: pd.DataFrame, path: Path) -> Path:
    """The shipment lines as a CSV export (Дата;Клиент;Сумма), one line per client and month."""
    frame = pd.DataFrame(
        {
            "Дата": lines["month"].dt.end_time.dt.strftime("%d.%m.%Y"),
            "Клиент": lines["client"],
            "Сумма": lines["amount"].round(2),
        }
    )
    frame.to_csv(path, sep=";", index=False)
    return path


def engine_rebuild(clients: int, months: int, repeat: int = 3) -> None:
    """The whole build into a workbook the engine has kept for `months` months (every sheet of
    ours, with its markers, History of `months` months): the next month built in place, the
    same month again, then the same export into new workbooks, with and without History.

    Issue 12's target 5 (in place ≤ 2 × fresh) is measured `repeat` times in turn, each in-place
    build into a fresh copy of last month's workbook, and the quietest of each kept, as
    bench_build.py does: on the shared machine one run's CPU time moves by a second."""
    import shutil

    from keyclients_xl import build

    settings = Settings()
    end = pd.Period("2026-10", freq="M")  # last month's report; the export reaches the month after
    lines = make_lines(clients, months + settings.months + 1)
    lines["month"] = lines["month"] + 1
    lines["date"] = lines["month"].dt.start_time
    last_month, this_month = (end + 1).start_time.date(), (end + 2).start_time.date()  # today, as the clock has it
    with tempfile.TemporaryDirectory() as tmp:
        export = write_export(lines, Path(tmp) / "export.csv")
        kept_book = Path(tmp) / "LastMonth.xlsx"
        # Last month's workbook: History seeded back `months` month-ends, as two years of builds left it.
        kept = build(kept_book, [export], today=last_month, history_seed=months - 1).summary["history"]
        assert kept["months"] == months
        before = kept_book.stat().st_size
        in_place, fresh = [], []
        for run in range(repeat):
            book = Path(tmp) / f"KeyClients{run}.xlsx"
            shutil.copy(kept_book, book)
            start = time.perf_counter()
            first = build(book, [export], today=this_month)
            in_place.append(time.perf_counter() - start)
            assert first.summary["history"]["months"] == months + 1
            new = Path(tmp) / f"Fresh{run}.xlsx"  # History seeded from the export
            start = time.perf_counter()
            build(new, [export], today=this_month)
            fresh.append(time.perf_counter() - start)
        after = book.stat().st_size
        results: list[tuple[str, float]] = [
            ("build the next month in place (History read, compared, merged; comments and cells kept)", min(in_place)),
        ]
        again = "build the same month again (its rows replaced)"
        timed(again, lambda: build(book, [export], today=this_month), results)
        # The same build into a workbook without History (nothing seeded): the difference is History's cost.
        bare = Path(tmp) / "Bare.xlsx"
        timed(
            "the same build without History (History of this month only)",
            lambda: build(bare, [export], today=this_month, history_seed=0),
            results,
        )
        results.append(("a fresh build into a new workbook (History seeded from the export)", min(fresh)))
    print(f"Full rebuild through the engine: {clients:,} clients, History of {months} months ({kept['rows']:,} rows)")
    print(f"  last month's workbook: {before / 2**20:.1f} MB; after the build: {after / 2**20:.1f} MB")
    for label, seconds in results:
        print(f"  {seconds:8.2f}  {label}")
    spread = ", ".join(f"{a:.1f}/{b:.1f}" for a, b in zip(in_place, fresh, strict=True))
    pairs = sorted(a / b for a, b in zip(in_place, fresh, strict=True))
    print(f"  {repeat} runs in turn, in place/fresh: {spread} s")
    ratio = min(in_place) / min(fresh)
    print(f"  in-place build ÷ fresh build = {ratio:.2f}, the quietest of each (target: at most 2)")
    print(f"  run by run: {', '.join(f'{r:.2f}' for r in pairs)} (median {pairs[len(pairs) // 2]:.2f})")


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:] if a.isdigit()]
    if "--engine-only" in sys.argv:
        engine_rebuild(*(numbers[:2] or [20_000, 24]))
        sys.exit()
    main(*numbers[:2])
    if "--no-engine" not in sys.argv:  # in a fresh Python, as a user's build runs: not after main()'s heap
        import subprocess

        subprocess.run([sys.executable, __file__, *map(str, numbers), "--engine-only"], check=True)
