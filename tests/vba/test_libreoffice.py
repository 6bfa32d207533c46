"""LibreOffice, a second and independent VBA reader, imports every module.

``soffice --convert-to ods`` stores the imported VBA project as Basic/VBAProject/<Module>.xml
inside the .ods. The conversion runs once for this test module (a few seconds to ~40 s).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from libreoffice import basic_modules, convert

from keyclients_xl.excel.vba import Module, module_code


@pytest.fixture(scope="module")
def ods_basic(xlsm_path: Path, soffice: Path, tmp_path_factory) -> dict[str, str]:
    """Module name -> text of its Basic/VBAProject/<name>.xml in the converted .ods."""
    return basic_modules(convert(soffice, [xlsm_path], "ods", tmp_path_factory.mktemp("soffice"))[0])


def code_lines(module: Module) -> list[str]:
    """Lines of the module's code that LibreOffice keeps (it turns Attribute lines into
    its own options)."""
    code = module_code(module).split("\r\n")
    return [line for line in code if line.strip() and not line.startswith("Attribute ")]


def test_every_module_is_imported(ods_basic, sample_modules):
    assert set(ods_basic) == {module.name for module in sample_modules}


def test_every_module_keeps_its_source(ods_basic, sample_modules):
    for module in sample_modules:
        text = ods_basic[module.name]
        lines = code_lines(module)
        missing = [line for line in lines if line not in text]
        assert not missing, f"{module.name}: {len(missing)} lines missing, first {missing[0]!r}"


def test_module_types(ods_basic, sample_modules):
    expected = {"standard": "normal", "class": "class", "document": "document"}
    for module in sample_modules:
        assert f'script:moduleType="{expected[module.kind]}"' in ods_basic[module.name]
