"""What a ribbon click pays for imports, beyond pandas.

Run:  python benchmarks/bench_import.py [--runs N] [--quick]

Without xlwings' UDF server, every button click starts a fresh Python that runs
``import keyclients_xl.excel.macros`` (or the old name ``keyclients_xl.macros``). Each figure
is measured inside one fresh interpreter: the time of ``import pandas``, then the time of the
import under test on top of it, so interpreter start-up and pandas drop out. Best of N fresh
interpreters. Target (issue 12): at most 0.15 s beyond ``import pandas``.

Also shown, for the honest whole picture: what a Build click imports once it runs (the engine,
the readers, the renderer, xlwings), which the lazy imports defer but do not remove, and
whether any of the heavy modules (typer, rich, openpyxl, xlwings, babel) came in with the import.
Printed figures are for comparison on one machine; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

TARGET = 0.15
HEAVY = ("typer", "rich", "openpyxl", "xlwings", "babel", "python_calamine", "keyclients_xl.engine")
REPO = Path(__file__).resolve().parents[1]

_PROBE = """
import json, sys, time
start = time.perf_counter()
import pandas
middle = time.perf_counter()
for name in sys.argv[1].split(","):
    __import__(name)
end = time.perf_counter()
heavy = [name for name in sys.argv[2].split(",") if name in sys.modules]
print(json.dumps({"pandas": middle - start, "extra": end - middle, "heavy": heavy}))
"""

CASES = {
    "keyclients_xl.excel.macros": ["keyclients_xl.excel.macros"],
    "keyclients_xl.macros (old name)": ["keyclients_xl.macros"],
    "a Build click, once it runs": [
        "keyclients_xl.excel.macros",
        "keyclients_xl.engine",
        "keyclients_xl.excel.open_book",
        "keyclients_xl.render",
        "xlwings",
    ],
    "keyclients_xl.cli (for scale)": ["keyclients_xl.cli"],
}


def probe(modules: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, ",".join(modules), ",".join(HEAVY)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--quick", action="store_true", help="3 runs")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    print(f"best of {runs} fresh interpreters; seconds beyond `import pandas` (target <= {TARGET} s)")
    for label, modules in CASES.items():
        results = [probe(modules) for _ in range(runs)]
        extra = min(r["extra"] for r in results)
        pandas = min(r["pandas"] for r in results)
        verdict = ("met" if extra <= TARGET else "NOT met") if "macros" in label and "click" not in label else ""
        heavy = ", ".join(results[0]["heavy"]) or "none"
        print(f"{label:34s} {extra:6.3f} s  (pandas {pandas:5.3f} s)  {verdict:8s} heavy modules: {heavy}")


if __name__ == "__main__":
    main()
