"""A long crash-safety run: SIGKILL a looping build many times and count what was lost.

Run:  PYTHONPATH=. python benchmarks/kill_builds.py [KILLS] [SEED]   (default 100 kills)
Prints the kills, lost workbooks, truncated backups and leftover temporary files (all should
be 0). tests/test_kill.py runs the same check with 20 kills.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from kill_runs import kill_builds  # noqa: E402


def main(kills: int = 100, seed: int = 8) -> int:
    with tempfile.TemporaryDirectory(prefix="keyclients-kills-") as folder:
        start = time.perf_counter()
        report = kill_builds(Path(folder), kills, seed)
        seconds = time.perf_counter() - start
    print(f"kills: {report.kills} in {seconds:.0f} s")
    print(f"lost workbooks: {len(report.lost)} {report.lost[:5]}")
    print(f"truncated backups: {len(report.truncated)} {report.truncated[:5]}")
    print(f"leftover temporary files after the next run: {report.leftovers}")
    return 1 if report.lost or report.truncated or report.leftovers else 0


if __name__ == "__main__":
    sys.exit(main(*(int(arg) for arg in sys.argv[1:3])))
