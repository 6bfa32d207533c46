"""Run a module as `python -m` would, then write this process's peak resident memory (VmHWM, in kB).

wait4's ru_maxrss also counts the pages a child inherited when it was forked from a large
parent (a pytest process of several hundred MB); VmHWM belongs to the memory map that exec
made, so it is the command's own peak.

    python tests/peak_rss.py PEAK_FILE -m keyclients_xl build …
"""

import runpy
import sys
from pathlib import Path


def vm_hwm_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


if __name__ == "__main__":
    peak_file, flag, module, *args = sys.argv[1:]
    assert flag == "-m"
    sys.argv = [module, *args]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    finally:
        Path(peak_file).write_text(str(vm_hwm_kb()))
