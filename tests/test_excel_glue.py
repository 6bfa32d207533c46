"""The small pieces around the Excel workbook: `new` for .xlsm, UDF help registration,
the RunPython wrapper, file permissions of atomic writes."""

import os
import re
import stat

from oletools.olevba import VBA_Parser
from typer.testing import CliRunner

from keyclients_xl.cli import app
from keyclients_xl.deliver.files import write_text_atomically
from keyclients_xl.excel.udf_vba import help_module, udf_help
from keyclients_xl.excel.udfs import UDF_NAMES
from keyclients_xl.excel.workbook_builder import SOURCES


def modules_of(path):
    parser = VBA_Parser(str(path))
    try:
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def test_new_xlsm_is_the_full_workbook(tmp_path):
    path = tmp_path / "Мои клиенты.xlsm"
    result = CliRunner().invoke(app, ["new", str(path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    modules = modules_of(path)
    assert {"xlwings", "KeyClientsRibbon", "xlwings_udfs", "KeyClientsHelp", "ThisWorkbook"} <= set(modules)
    again = CliRunner().invoke(app, ["new", str(path)])
    assert again.exit_code == 2  # never replaced


def test_help_module_registers_every_udf_with_its_argument_texts():
    source = help_module()
    calls = re.findall(r'MacroOptions Macro:="(KC_\w+)"', source)
    assert calls == list(UDF_NAMES)
    for function in udf_help():
        block = source.split(f'Macro:="{function.name}"')[1].split("Application.MacroOptions")[0]
        assert block.count('"') >= 2 * (len(function.arguments) + 2)
        for _, doc in function.arguments:
            assert '"' + doc.replace('"', '""') + '"' in block
    assert all(len(line) < 1024 for line in source.splitlines())
    source.encode("ascii")


def test_workbook_open_registers_the_help(tmp_path):
    path = tmp_path / "k.xlsm"
    CliRunner().invoke(app, ["new", str(path)])
    this_workbook = modules_of(path)["ThisWorkbook"]
    assert re.search(r"Private Sub Workbook_Open\(\)\s+'[^\n]*\n\s+KC_RegisterHelp", this_workbook)


def test_every_command_goes_through_the_version_hint():
    source = (SOURCES / "KeyClientsRibbon.bas").read_text(encoding="ascii")
    run_python = [line.strip() for line in source.splitlines() if line.strip().startswith("RunPython")]
    assert run_python == ["RunPython code"]  # only inside KC_Run
    assert source.count('KC_Run "import keyclients_xl.excel.macros as m;') == 5
    assert 'pip install ""xlwings==" & XLWINGS_VERSION' in source


def test_atomic_writes_keep_normal_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.json"
        write_text_atomically(fresh, "{}")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644  # not mkstemp's private 0600
        shared = tmp_path / "shared.json"
        shared.write_text("old")
        shared.chmod(0o664)
        write_text_atomically(shared, "new")
        assert stat.S_IMODE(shared.stat().st_mode) == 0o664 and shared.read_text() == "new"
    finally:
        os.umask(mask)


def test_old_module_names_still_work_for_existing_workbooks():
    """A workbook made before the move calls keyclients_xl.macros through RunPython and names
    keyclients_xl.udfs in its xlwings.conf; both names keep working."""
    import keyclients_xl.excel.macros as macros
    import keyclients_xl.excel.udfs as udfs
    import keyclients_xl.macros as old_macros
    import keyclients_xl.udfs as old_udfs

    for name in ("build_report", "import_exports", "save_snapshot", "show_settings", "show_help"):
        assert getattr(old_macros, name) is getattr(macros, name)
    for name in UDF_NAMES:
        assert getattr(old_udfs, name) is getattr(udfs, name)
