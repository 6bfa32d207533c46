"""Run many `keyclients` command lines cheaply, each in a process of its own, and measure each.

`python -m keyclients_xl ARGS` spends a second importing pandas & co before it reads anything;
for a corpus of twenty-odd files that second dominates. This script imports the command line
once, then forks one child per job: the child is a fresh process that runs the same entry
point (`keyclients_xl.cli.app`) with the job's arguments, environment and working folder, under
an address-space cap and an alarm. The parent reaps each child with `os.wait4`, which gives
that child's own peak resident memory.

Usage: python tests/cli_forks.py < jobs.json > results.json, where jobs.json is a list of
{"args": [...], "cwd": "...", "env": {...}} and each result is
{"code", "stdout", "stderr", "peak_kb", "seconds"}; code is -N when signal N ended the child.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import tempfile
import time

SECONDS = int(os.environ.get("CLI_FORKS_SECONDS", "60"))
ADDRESS_SPACE_CAP = int(os.environ.get("CLI_FORKS_ADDRESS_SPACE", str(8 << 30)))


def run(job: dict, app) -> dict:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child: one command line, then exit without running the parent's cleanup
            code = 70
            try:
                os.chdir(job["cwd"])
                os.environ.update(job.get("env", {}))
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))
                signal.alarm(SECONDS)
                app(args=job["args"], prog_name="keyclients")
                code = 0
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status, usage = os.wait4(pid, 0)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return {
            "code": os.waitstatus_to_exitcode(status),
            "stdout": out.read().decode(errors="replace"),
            "stderr": err.read().decode(errors="replace"),
            "peak_kb": usage.ru_maxrss,  # kilobytes on Linux
            "seconds": seconds,
        }


def main() -> None:
    jobs = json.load(sys.stdin)
    from keyclients_xl.cli import app  # what `python -m keyclients_xl` imports before it reads arguments

    results = [run(job, app) for job in jobs]
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
