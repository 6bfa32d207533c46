"""Reader speed: our reader against pandas' readers on the same generated export, in one run.

Run:  python benchmarks/bench_read.py [LINES]
Prints seconds per reader and the ratio to ours; numbers are for comparison on one machine,
not thresholds.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from keyclients_xl.demo_data import make_demo_lines
from keyclients_xl.read import read_export


def timed(label: str, call) -> tuple[str, float]:
    start = time.perf_counter()
    call()
    return label, time.perf_counter() - start


def main(lines: int = 100_000) -> None:
    demo = make_demo_lines(n_clients=2000, months=12)
    frame = pd.concat([demo] * (lines // len(demo) + 1)).head(lines)
    with tempfile.TemporaryDirectory() as tmp:
        xlsx, csv = Path(tmp) / "export.xlsx", Path(tmp) / "export.csv"
        frame.to_excel(xlsx, index=False)
        frame.to_csv(csv, index=False, sep=";")
        results = [
            timed("keyclients read_export (xlsx)", lambda: read_export(xlsx)),
            timed("pandas read_excel calamine (xlsx)", lambda: pd.read_excel(xlsx, engine="calamine")),
            timed("pandas read_excel openpyxl (xlsx)", lambda: pd.read_excel(xlsx, engine="openpyxl")),
            timed("keyclients read_export (csv)", lambda: read_export(csv)),
            timed("pandas read_csv (csv)", lambda: pd.read_csv(csv, sep=";")),
        ]
    ours = results[0][1]
    print(f"{len(frame):,} lines × {frame.shape[1]} columns")
    for label, seconds in results:
        print(f"{label:40s} {seconds:7.2f} s   {seconds / ours:5.2f}× ours (xlsx)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
