"""The benchmark's ratios (benchmarks/bench_build.py): figures worked out by hand."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))

from bench_build import paired, quietest  # noqa: E402


def test_each_build_is_set_against_the_floor_run_after_it():
    builds = [{"total": 4.0}, {"total": 6.0}, {"total": 5.0}]
    floors = [{"total": 2.0}, {"total": 2.5}, {"total": 2.8}]
    # 4/2 = 2.00, 6/2.5 = 2.40, 5/2.8 = 1.79; sorted, the middle one is the median
    assert paired(builds, floors) == "; run by run 1.79, 2.00, 2.40 (median 2.00)"
    assert paired(builds[:2], floors[:2]) == "; run by run 2.00, 2.40 (median 2.20)"
    assert paired(builds[:1], floors[:1]) == ""  # one run: nothing to pair beyond the quietest


def test_the_quietest_run_keeps_its_phases_with_the_least_cpu_and_the_highest_peak():
    runs = [
        {"total": 5.0, "cpu": 4.0, "peak_mb": 700.0, "phases": {"read": 1.0}},
        {"total": 4.5, "cpu": 4.4, "peak_mb": 690.0, "phases": {"read": 0.8}},
    ]
    assert quietest(runs) == {"total": 4.5, "cpu": 4.0, "peak_mb": 700.0, "phases": {"read": 0.8}}
