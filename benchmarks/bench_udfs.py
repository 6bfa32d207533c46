"""Worksheet functions (UDFs) on 20,000 rows against the same computation written in numpy.

Run:  python benchmarks/bench_udfs.py [--rows N] [--quick]

Each UDF gets what xlwings hands it for a range read with ndim=2 (a list of rows, None for a
blank cell, floats for numbers) and returns a list of rows. The numpy reference does the
same computation from the same input to the same output shape: one ``np.array`` conversion
in, the arithmetic, ``.tolist()`` out. Both run in this process on the same data, best of
several interleaved runs with the garbage collector paused, and the reference's results are
checked against the UDF's, so the ratio compares like with like. Target (issue 12): every UDF at most 3x its reference.
Printed figures are for comparison on one machine, not thresholds; nothing is asserted.
"""

from __future__ import annotations

import argparse
import gc
import platform
import time

import numpy as np

from keyclients_xl.excel import udfs

TARGET = 3.0
EPS = 1e-9


def make_rows(count: int, months: int = 3, seed: int = 7) -> list[list[float | None]]:
    """Monthly amounts, one client per row: gamma-distributed, 10 % blank months, some blank rows."""
    rng = np.random.default_rng(seed)
    amounts = rng.gamma(0.8, 50_000.0, size=(count, months)).round(2)
    amounts[rng.random((count, months)) < 0.10] = np.nan
    amounts[rng.random(count) < 0.01] = np.nan  # clients without any shipment in the window
    return [[None if np.isnan(v) else float(v) for v in row] for row in amounts]


# ---- the numpy references --------------------------------------------------------------------


def _column(values: np.ndarray, present: np.ndarray) -> list[list]:
    out = np.full(len(present), "", dtype=object)
    out[present] = values[present].tolist()
    return out.reshape(-1, 1).tolist()


def _months(rows) -> tuple[np.ndarray, np.ndarray]:
    matrix = np.array(rows, dtype=float)
    return np.nan_to_num(matrix), ~np.isnan(matrix).all(axis=1)


def _values(column) -> tuple[np.ndarray, np.ndarray]:
    values = np.array(column, dtype=float)[:, 0]
    return values, ~np.isnan(values)


def _ranks(values: np.ndarray, present: np.ndarray) -> np.ndarray:
    """1..n, largest first, ties in order of appearance."""
    where = np.flatnonzero(present)
    order = where[np.argsort(-values[where], kind="stable")]
    ranks = np.zeros(len(values))
    ranks[order] = np.arange(1, len(order) + 1)
    return ranks


def np_average(rows):
    matrix, present = _months(rows)
    return _column(matrix.mean(axis=1), present)


def np_rank(column):
    values, present = _values(column)
    return _column(_ranks(values, present).astype(int).astype(object), present)


def np_iskey(column, n=20):
    values, present = _values(column)
    return _column((_ranks(values, present) <= n).astype(object), present)


def np_share(column):
    values, present = _values(column)
    total = values[present].sum()
    return _column(values / total, present)


def np_abc(column, a=0.8, b=0.15):
    values, present = _values(column)
    where = np.flatnonzero(present)
    order = where[np.argsort(-values[where], kind="stable")]
    ordered = values[order]
    positive = ordered.clip(min=0)
    shares = positive / positive.sum()
    before = np.cumsum(shares) - shares
    classes = np.where(
        (before < a - EPS) & (ordered > 0), "A", np.where((before < a + b - EPS) & (ordered > 0), "B", "C")
    )
    out = np.empty(len(values), dtype=object)
    out[order] = classes
    return _column(out, present)


def np_xyz(rows, x=0.10, y=0.25):
    matrix, present = _months(rows)
    mean = matrix.mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = np.where(mean > 0, matrix.std(axis=1) / mean, np.nan)
    classes = np.where(cv <= x + EPS, "X", np.where(cv <= y + EPS, "Y", "Z")).astype(object)
    return _column(classes, present)


def np_trend(rows):
    matrix, present = _months(rows)
    earlier = matrix[:, :-1].mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        trend = np.where(earlier > 0, matrix[:, -1] / earlier - 1, np.nan)
    out = np.where(np.isnan(trend), "", trend.astype(object))
    return _column(out, present)


def np_pareto(column):
    values, _ = _values(column)
    ordered = -np.sort(-values[~np.isnan(values)], kind="stable")
    shares = ordered / ordered.sum()
    before = np.cumsum(shares) - shares
    return [[int((before < 0.8 - EPS).sum()), float(shares[:20].sum())]]


# ---- timing --------------------------------------------------------------------------------------


def timed(call) -> float:
    """One call's seconds, with the garbage collector paused (as timeit does)."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        call()
        return time.perf_counter() - start
    finally:
        gc.enable()


def same(ours, reference) -> bool:
    """Equal cell by cell; floats to 1e-9 relative."""
    flat_ours = [cell for row in ours for cell in row]
    flat_ref = [cell for row in reference for cell in row]
    if len(flat_ours) != len(flat_ref):
        return False
    for a, b in zip(flat_ours, flat_ref, strict=True):
        if isinstance(a, float) or isinstance(b, float):
            if a == "" or b == "" or not np.isclose(a, b, rtol=1e-9, atol=0):
                return False
        elif a != b or type(a) is not type(b):
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (under a minute)")
    args = parser.parse_args()
    repeats = 5 if args.quick else 15

    rows = make_rows(args.rows)
    averages = [[row[0]] for row in udfs.KC_AVERAGE(rows)]
    column = [[None if cell == "" else cell] for [cell] in averages]
    cases = [
        ("KC_AVERAGE", udfs.KC_AVERAGE, np_average, rows),
        ("KC_RANK", udfs.KC_RANK, np_rank, column),
        ("KC_ISKEY", udfs.KC_ISKEY, np_iskey, column),
        ("KC_ABC", udfs.KC_ABC, np_abc, column),
        ("KC_XYZ", udfs.KC_XYZ, np_xyz, rows),
        ("KC_TREND", udfs.KC_TREND, np_trend, rows),
        ("KC_SHARE", udfs.KC_SHARE, np_share, column),
        ("KC_PARETO", udfs.KC_PARETO, np_pareto, column),
    ]
    print(f"{args.rows:,} rows x 3 months; Python {platform.python_version()}, numpy {np.__version__}")
    print(f"{'function':12s} {'UDF ms':>8s} {'numpy ms':>9s} {'ratio':>6s}  target <= {TARGET:.0f}x, same results")
    for name, udf, reference, argument in cases:
        agree = same(udf(argument), reference(argument))
        ours, theirs = [], []
        for _ in range(repeats):  # interleaved, so both see the same machine load
            ours.append(timed(lambda f=udf, a=argument: f(a)))
            theirs.append(timed(lambda f=reference, a=argument: f(a)))
        mine, floor = min(ours), min(theirs)
        ratio = mine / floor
        verdict = "met" if ratio <= TARGET else "NOT met"
        print(
            f"{name:12s} {mine * 1000:8.1f} {floor * 1000:9.1f} {ratio:6.2f}  {verdict}, "
            f"{'same' if agree else 'RESULTS DIFFER'}"
        )


if __name__ == "__main__":
    main()
