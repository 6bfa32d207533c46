"""Build speed and memory against floors measured in the same run, on the same generated export.

Run:  python benchmarks/bench_build.py [--lines N] [--big-lines M] [--repeat R] [--quick] [--formats xlsx,csv,parquet]

For each format, three contenders run, each in a fresh Python (so each peak memory is its own):
- build: `keyclients_xl.engine.build` from the export to a new report, timed by phase
  (read: file → columns; clean: columns → tidy lines; analyse; render; save);
- floor: the same file read straight into Arrow (fastexcel / pyarrow.csv / pyarrow.parquet)
  plus the same report cells written with xlsxwriter (constant_memory);
- naive (xlsx only): pandas.read_excel with openpyxl plus the report cells written with openpyxl.
Then the big file (--big-lines, CSV and Parquet) is built through DuckDB (read/big.py).
Build and floor run --repeat times in turn (default 3, as the issue's own figures were taken);
the quietest run of each is compared, and the spread of the runs is printed.

Targets (issue 12): xlsx build ≤ 1.5 × floor and ≥ 10 × faster than naive; CSV and Parquet
build ≤ 2 × floor; peak ≤ 1 GB for 1M lines, ≤ 2 GB for 20M lines. Printed, never asserted:
timings are not tests. --quick (50,000 lines, 200,000 through DuckDB; no naive route, no
as-run build) runs in under a minute.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
TODAY = dt.date(2026, 11, 20)  # the generated export ends in October 2026
HEADER_ROW = 5  # 0-based: the generated title block takes rows 1-5


def vm_hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# ---------------------------------------------------------------- workers (one per process)


def modules_a_build_imports(fmt: str) -> list[str]:
    """Every module a build imports as it runs, in the order it does (found by a build of a small
    export of the same format, in another Python, once per format): the timed build imports them
    first, as the floor imports its readers and xlsxwriter first, so both time the work, not
    imports (bench_import.py measures those)."""
    from export_data import export as generated

    small = generated(fmt, 2_000)
    with tempfile.TemporaryDirectory() as tmp:
        return run("imports", small, Path(tmp) / "report.xlsx")["modules"]


def work_build(export: Path, out: Path, engine: str, modules: list[str]) -> dict:
    """engine.build, with the time spent in each phase's functions added up; `modules`: what a
    build of this format imports (modules_a_build_imports)."""
    import keyclients_xl.engine as engine_module
    import keyclients_xl.read as read_module
    from keyclients_xl.deliver import publish as publish_module
    from keyclients_xl.deliver import splice as deliver_splice
    from keyclients_xl.deliver import workbook as deliver_workbook
    from keyclients_xl.read import big, layout, shipments

    # Patching imports these modules (pandas with them) before the export is read, which the
    # command line does not: its peak memory is measured by work_cli, without timers.
    for module in modules:
        importlib.import_module(module)

    phases = dict.fromkeys(("read", "clean", "analyse", "render", "save"), 0.0)

    def timed(owner, name, phase):
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                phases[phase] += time.perf_counter() - start

        setattr(owner, name, wrapper)

    timed(read_module, "load_tables", "read")
    timed(layout, "read_table", "clean")
    timed(shipments, "combine", "clean")
    timed(big, "read_big_export", "read")  # read and clean in one, inside DuckDB
    timed(engine_module, "analyse_shipments", "analyse")
    timed(engine_module, "run_build_stages", "analyse")
    timed(engine_module, "lay_out", "analyse")
    # write_workbook renders the sheets (openpyxl, timed as render) and splices them (save).
    timed(deliver_workbook, "rendered_package", "render")  # a new workbook
    timed(deliver_splice, "rendered_package", "render")  # into an existing one (`out` left from a run before)
    timed(publish_module, "write_workbook", "save")
    timed(publish_module, "publish", "save")
    original_read_exports = read_module.read_exports

    def read_exports(paths, columns=None, on_file=None, drop_status=None):
        return original_read_exports(paths, columns, on_file, drop_status, engine=engine)

    read_module.read_exports = read_exports  # engine.build imports it from the package when it runs
    start, cpu = time.perf_counter(), time.process_time()
    result = engine_module.build(out, [export], today=TODAY, lang="en")
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    phases["save"] -= phases["render"]  # the render runs inside write_workbook
    duckdb_note = any(note.key == "note.read_by_duckdb" for note in result.shipments.notes)
    return {"total": total, "cpu": cpu, "phases": phases, "lines": len(result.shipments.frame), "duckdb": duckdb_note}


def work_imports(export: Path, out: Path) -> dict:
    import keyclients_xl.engine as engine_module

    before = set(sys.modules)
    engine_module.build(out, [export], today=TODAY, lang="en")
    return {"modules": [name for name in sys.modules if name not in before]}


def work_cli(export: Path, out: Path) -> dict:
    """`keyclients build` as a user runs it, in this fresh Python: the peak memory as it is
    (the timed build imports pandas early, to patch its timers in)."""
    from keyclients_xl.cli import app

    args = ["build", str(out), "--export", str(export), "--today", TODAY.isoformat(), "--lang", "en", "--quiet"]
    start = time.perf_counter()
    try:
        app(args)
    except SystemExit as done:
        if done.code:
            raise
    return {"total": time.perf_counter() - start, "cpu": time.process_time()}


def report_cells(report: Path) -> dict[str, list[list]]:
    """The cell values of every sheet of a built report (what the floors write again)."""
    from openpyxl import load_workbook

    book = load_workbook(report, read_only=True, data_only=True)
    try:
        return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}
    finally:
        book.close()


def work_floor(export: Path, report: Path, out: Path) -> dict:
    import fastexcel
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq
    import xlsxwriter

    cells = report_cells(report)
    start, cpu = time.perf_counter(), time.process_time()  # the work, not imports, as for the build
    if export.suffix == ".xlsx":
        fastexcel.read_excel(str(export)).load_sheet(0, header_row=HEADER_ROW).to_arrow()
    elif export.suffix == ".csv":
        pcsv.read_csv(
            export,
            read_options=pcsv.ReadOptions(skip_rows=HEADER_ROW),
            parse_options=pcsv.ParseOptions(delimiter=";"),
        )
    else:
        pq.read_table(export)
    read = time.perf_counter() - start
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    for title, rows in cells.items():
        sheet = book.add_worksheet(title[:31])
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, [v for v in row])
    book.close()
    return {"total": time.perf_counter() - start, "cpu": time.process_time() - cpu, "read": read}


def work_naive(export: Path, report: Path, out: Path) -> dict:
    import pandas as pd
    from openpyxl import Workbook

    cells = report_cells(report)
    start, cpu = time.perf_counter(), time.process_time()
    pd.read_excel(export, engine="openpyxl", header=HEADER_ROW)
    read = time.perf_counter() - start
    book = Workbook()
    book.remove(book.active)
    for title, rows in cells.items():
        sheet = book.create_sheet(title[:31])
        for row in rows:
            sheet.append(row)
    book.save(out)
    return {"total": time.perf_counter() - start, "cpu": time.process_time() - cpu, "read": read}


def worker(argv: list[str]) -> None:
    kind, *args = argv
    if kind == "build":
        result = work_build(Path(args[0]), Path(args[1]), args[2], [m for m in args[3:4] for m in m.split(",") if m])
    elif kind == "imports":
        result = work_imports(Path(args[0]), Path(args[1]))
    elif kind == "cli":
        result = work_cli(Path(args[0]), Path(args[1]))
    elif kind == "floor":
        result = work_floor(Path(args[0]), Path(args[1]), Path(args[2]))
    else:
        result = work_naive(Path(args[0]), Path(args[1]), Path(args[2]))
    result["peak_mb"] = vm_hwm_mb()
    print(json.dumps(result))


# ---------------------------------------------------------------- the run


def run(kind: str, *args) -> dict:
    env = dict(os.environ, PYTHONPATH=str(HERE.parent) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run(
        [sys.executable, __file__, "--worker", kind, *map(str, args)], capture_output=True, text=True, env=env
    )
    if done.returncode:
        raise SystemExit(f"{kind} {args} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def line(result: dict) -> str:
    return f"{result['total']:6.1f} s (CPU {result['cpu']:6.1f} s)   peak {result['peak_mb']:6.0f} MB"


def ratios(first: dict, second: dict) -> str:
    """Wall-clock and CPU ratios: on a shared machine the CPU one is the steadier."""
    return f"{first['total'] / second['total']:.2f} (CPU {first['cpu'] / second['cpu']:.2f})"


def paired(builds: list[dict], floors: list[dict]) -> str:
    """Each build against the floor run right after it: a busy spell of the shared machine slows
    both of a pair, so their ratio moves less than the quietest build's against the quietest floor's."""
    if len(builds) < 2:
        return ""
    each = sorted(build["total"] / floor["total"] for build, floor in zip(builds, floors, strict=True))
    median = each[len(each) // 2] if len(each) % 2 else (each[len(each) // 2 - 1] + each[len(each) // 2]) / 2
    return f"; run by run {', '.join(f'{ratio:.2f}' for ratio in each)} (median {median:.2f})"


def quietest(results: list[dict]) -> dict:
    """The fastest run (its phases as they were), with the least CPU of any run and the highest
    peak of any run: on a shared machine the slow runs are the noise, memory is not."""
    fastest = min(results, key=lambda result: result["total"])
    return {
        **fastest,
        "cpu": min(result["cpu"] for result in results),
        "peak_mb": max(result["peak_mb"] for result in results),
    }


def spread(results: list[dict]) -> str:
    if len(results) < 2:
        return ""
    totals = [result["total"] for result in results]
    return f"   ({len(results)} runs: {min(totals):.1f}–{max(totals):.1f} s)"


def phases_text(phases: dict) -> str:
    return "  ".join(f"{name} {seconds:5.1f}" for name, seconds in phases.items())


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    memory = next(
        (int(line.split()[1]) / 1024**2 for line in Path("/proc/meminfo").read_text().splitlines()
         if line.startswith("MemTotal")),
        0,
    )  # fmt: skip
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--big-lines", type=int, default=20_000_000)
    parser.add_argument(
        "--formats", default="xlsx,csv,parquet", help="also 1c.xlsx, 1c.csv: numbers as 1C's text, '1 234,56'"
    )
    parser.add_argument("--quick", action="store_true", help="50,000 lines; 200,000 through DuckDB; no naive run")
    parser.add_argument("--no-naive", action="store_true", help="skip pandas + openpyxl (minutes at 1M lines)")
    parser.add_argument("--no-big", action="store_true", help="skip the big file through DuckDB")
    parser.add_argument("--repeat", type=int, help="runs in turn, the quietest kept (default 3; 1 quick)")
    args = parser.parse_args()
    if args.quick:
        args.lines, args.big_lines = 50_000, 200_000
    if args.repeat is None:
        args.repeat = 1 if args.quick else 3
    from concurrent.futures import ThreadPoolExecutor

    from export_data import export

    formats = args.formats.split(",")
    with ThreadPoolExecutor() as pool:  # each in its own Python, side by side, before anything is timed
        found = pool.map(lambda fmt: ",".join(modules_a_build_imports(fmt)), formats)
        imported = dict(zip(formats, found, strict=True))

    print(f"machine: {machine()}")
    print(f"{args.lines:,} lines, ~5,000 clients, 2,000 SKUs, 12 months; phases in wall-clock seconds\n")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for fmt in formats:
            start = time.perf_counter()
            path = export(fmt, args.lines)
            made = time.perf_counter() - start
            report = tmp / f"report_{fmt}.xlsx"
            builds, floors = [], []
            for _ in range(args.repeat):  # in turn, so a busy spell of the machine slows both
                report.unlink(missing_ok=True)
                builds.append(run("build", path, report, "memory", imported[fmt]))
                floors.append(run("floor", path, report, tmp / f"floor_{fmt}.xlsx"))
            build, floor = quietest(builds), quietest(floors)
            print(f"{fmt:7s} ({path.stat().st_size / 2**20:,.0f} MB{f', made in {made:.0f} s' if made > 1 else ''})")
            print(f"  build  {line(build)}   {phases_text(build['phases'])}{spread(builds)}")
            if not args.quick:  # one more Python per format: a quick run keeps to the timed contenders
                command = run("cli", path, tmp / f"cli_{fmt}.xlsx")
                as_run = f"{command['total']:.1f} s, peak {command['peak_mb']:.0f} MB"
                print(f"  keyclients build, as run (imports included, no timers): {as_run}")
            print(f"  floor  {line(floor)}   read {floor['read']:5.1f}{spread(floors)}")
            print(f"  build / floor = {ratios(build, floor)}{paired(builds, floors)}")
            if fmt == "xlsx" and not (args.quick or args.no_naive):
                naive = run("naive", path, report, tmp / "naive.xlsx")
                print(f"  naive  {line(naive)}   read {naive['read']:5.1f}")
                print(f"  naive / build = {ratios(naive, build)}")
            print()
        for fmt in ("csv", "parquet"):
            if fmt not in formats or args.no_big:
                continue
            start = time.perf_counter()
            path = export(fmt, args.big_lines)
            made = time.perf_counter() - start
            big = run("build", path, tmp / f"big_{fmt}.xlsx", "duckdb" if args.quick else "auto", imported[fmt])
            print(f"{fmt:7s} {args.big_lines:,} lines ({path.stat().st_size / 2**20:,.0f} MB"
                  f"{f', made in {made:.0f} s' if made > 1 else ''}), DuckDB: {big['duckdb']}")  # fmt: skip
            print(f"  build  {line(big)}   {phases_text(big['phases'])}")
            print(f"  lines in the analysis: {big['lines']:,}\n")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2:])
    else:
        main()
