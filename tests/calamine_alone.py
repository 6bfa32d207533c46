"""calamine (through fastexcel) reading a file with no guard in front, in a child Python: how
the tests show what each size guard prevents. A child, because calamine aborts the process
(SIGABRT, no exception to catch) when an allocation fails."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

ADDRESS_SPACE = 4 << 30  # the child's cap: an abort comes fast instead of after swapping


def read_alone(path: Path, *, load_sheet: bool = True, capped: bool = True, timeout: int = 300):
    """Open `path` with fastexcel (and load its first sheet as text); the finished child. It prints
    its peak resident memory in KB when it gets that far."""
    cap = f"resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}));" if capped else ""
    load = ".load_sheet(0, header_row=None, dtypes='string')" if load_sheet else ""
    code = (
        f"import resource, fastexcel;{cap}fastexcel.read_excel({str(path)!r}){load};"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)


def aborted(done: subprocess.CompletedProcess, asked: str = "") -> bool:
    """Whether the child died of a failed allocation (of `asked` bytes, when given)."""
    return done.returncode == -signal.SIGABRT and f"memory allocation of {asked}" in done.stderr
