"""LibreOffice, a second and independent VBA reader, imports every module.

``soffice --convert-to ods`` stores the imported VBA project as Basic/VBAProject/<Module>.xml
inside the .ods. The conversion runs once for this test module (a few seconds to ~40 s).
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from keyclients_xl.vba import Module, module_code

SOFFICE = shutil.which("soffice")
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="module")
def ods_basic(xlsm_path: Path, tmp_path_factory) -> dict[str, str]:
    """Module name -> text of its Basic/VBAProject/<name>.xml in the converted .ods."""
    if SOFFICE is None:
        if IN_CI:
            pytest.fail("soffice (LibreOffice) is not on PATH, and CI=true requires it")
        pytest.skip("soffice (LibreOffice) is not on PATH: apt-get install libreoffice-calc-nogui")
    work = tmp_path_factory.mktemp("soffice")
    command = [
        SOFFICE,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",  # isolated, throwaway profile
        "--headless",
        "--convert-to",
        "ods",
        "--outdir",
        str(work / "out"),
        str(xlsm_path),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    ods = work / "out" / (xlsm_path.stem + ".ods")
    assert ods.exists(), f"conversion failed: {result.returncode} {result.stdout} {result.stderr}"
    prefix = "Basic/VBAProject/"
    with zipfile.ZipFile(ods) as archive:
        return {
            name[len(prefix) : -len(".xml")]: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith(prefix) and name != prefix + "script-lb.xml"
        }


def code_lines(module: Module) -> list[str]:
    """Lines of the module's code that LibreOffice keeps (it turns Attribute lines into
    its own options)."""
    code = module_code(module).split("\r\n")
    return [line for line in code if line.strip() and not line.startswith("Attribute ")]


def test_every_module_is_imported(ods_basic, sample_modules):
    assert set(ods_basic) == {module.name for module in sample_modules}


def test_every_module_keeps_its_source(ods_basic, sample_modules):
    for module in sample_modules:
        text = html.unescape(ods_basic[module.name])
        lines = code_lines(module)
        missing = [line for line in lines if line not in text]
        assert not missing, f"{module.name}: {len(missing)} lines missing, first {missing[0]!r}"


def test_module_types(ods_basic, sample_modules):
    expected = {"standard": "normal", "class": "class", "document": "document"}
    for module in sample_modules:
        assert f'script:moduleType="{expected[module.kind]}"' in ods_basic[module.name]
