"""Fixtures shared by the end-to-end tests: the real exports in ../shared/data and LibreOffice.

Both are optional on a developer's machine (the test skips with the reason) and required
in CI: when the environment variable CI equals "true", a missing one fails the test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# No property test is timed: hypothesis' 200 ms deadline per example failed small layout tests
# when a 1M-line build ran beside them. Speed is measured in benchmarks/, not in tests.
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _required_in_ci() -> bool:
    return os.environ.get("CI") == "true"


def _unavailable(reason: str) -> None:
    """Skip with `reason`, or fail when running in CI (where everything must be present)."""
    if _required_in_ci():
        pytest.fail(f"{reason} (CI=true: this is required in CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real public exports, ../shared/data relative to the repository root."""
    if not SHARED_DATA.is_dir():
        _unavailable(f"real exports not found: {SHARED_DATA} is absent (a fresh clone has no ../shared)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def soffice() -> Path:
    """The LibreOffice binary (soffice), used to open and recalculate produced workbooks."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        _unavailable("LibreOffice is not installed: no `soffice` (or `libreoffice`) on PATH")
    return Path(found)


@pytest.fixture(scope="session")
def python_with_uno() -> str:
    """A Python that imports LibreOffice's `uno` bridge (Debian's python3-uno), to drive it."""
    for candidate in dict.fromkeys([shutil.which("python3"), "/usr/bin/python3", sys.executable]):
        if candidate and Path(candidate).exists():
            check = subprocess.run([candidate, "-c", "import uno"], capture_output=True, check=False)
            if check.returncode == 0:
                return candidate
    _unavailable("no Python with LibreOffice's uno module (apt-get install python3-uno)")


@pytest.fixture
def tmp_workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh empty folder that is also the current directory (for relative CLI paths)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
