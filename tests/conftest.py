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


# ---------------------------------------------------------------- until the splice writer is merged

# Tests that rebuild a workbook in place. Since issue 9 a build draws the Dashboard's charts, and
# the old deliver/workbook.py refuses to rewrite any workbook holding charts (it would lose a
# user's); the splice writer (branch `splice`) replaces that check. While the old check is
# there these tests are expected to fail with that refusal (strict: a pass is reported); once it
# is gone they run as ever, and this list can be deleted.
REBUILDS_IN_PLACE = {
    "tests/test_build_xlsm.py::test_snapshot_keeps_the_month_on_its_own_sheet_and_is_replaced_when_rebuilt",
    "tests/test_cli.py::test_a_command_line_option_applies_to_one_build_only",
    "tests/test_cli.py::test_settings_sheet_is_read_back_on_the_next_build",
    "tests/test_right_numbers.py::test_python_api_options_are_one_off_unless_saved",
    "tests/test_safety.py::test_in_place_build_leaves_a_byte_identical_backup",
    "tests/test_safety.py::test_out_leaves_the_workbook_untouched",
    "tests/test_safety.py::test_bad_export_leaves_the_workbook_byte_identical",
    "tests/test_safety.py::test_bad_export_via_cli_leaves_the_workbook_byte_identical",
    "tests/test_safety.py::test_hostile_export_via_cli_leaves_the_workbook_byte_identical",
    "tests/test_safety.py::test_renderer_failure_leaves_the_workbook_byte_identical",
    "tests/test_safety.py::test_save_failure_midway_leaves_the_workbook_byte_identical",
    "tests/test_safety.py::test_two_builds_in_one_second_keep_the_original_backup",
    "tests/test_safety.py::test_other_sheets_survive_builds_untouched",
}


def _charts_refused() -> bool:
    """True while deliver/workbook.py refuses every workbook that holds charts."""
    from keyclients_xl.deliver import workbook

    return "xl/charts/" in getattr(workbook, "_FRAGILE_PARTS", {})


def pytest_collection_modifyitems(config, items) -> None:
    if not _charts_refused():
        return
    reason = "in-place rebuild of a workbook holding our Dashboard charts: refused until the splice writer is merged"
    for item in items:
        if item.nodeid.split("[")[0] in REBUILDS_IN_PLACE:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=True))
