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
from keyclients_xl.excel.vba_texts import VBA_TEXT_KEYS, texts_module
from keyclients_xl.excel.workbook_builder import SOURCES
from keyclients_xl.i18n import LANGS, t
from keyclients_xl.read.sources import (
    EXPORT_SUFFIXES,
    HTML_SUFFIXES,
    PARQUET_SUFFIXES,
    TEXT_SUFFIXES,
    WORKBOOK_SUFFIXES,
)


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
    calls = re.findall(r'xl\.MacroOptions Macro:=book & "(KC_\w+)"', source)
    assert calls == list(UDF_NAMES)
    for function in udf_help():
        block = source.split(f'Macro:=book & "{function.name}"')[1].split("xl.MacroOptions")[0]
        assert block.count('"') >= 2 * (len(function.arguments) + 2)
        for _, doc in function.arguments:
            assert '"' + doc.replace('"', '""') + '"' in block
    assert all(len(line) < 1024 for line in source.splitlines())
    source.encode("ascii")


def test_help_is_registered_late_bound_for_this_workbook_only():
    """Early-bound, a named argument the host lacks is a compile error at every open (no On
    Error catches it); unqualified, the texts could land on another active workbook."""
    source = help_module()
    assert "Application.MacroOptions" not in source
    assert "    Dim xl As Object: Set xl = Application" in source.splitlines()
    qualifier = next(line.strip() for line in source.splitlines() if line.strip().startswith("book = "))
    assert qualifier == 'book = "\'" & Replace(ThisWorkbook.Name, "\'", "\'\'") & "\'!"'
    # The qualifier as VBA builds it, for a workbook name with an apostrophe and a space:
    name = "O'Brien клиенты.xlsm"
    assert "'" + name.replace("'", "''") + "'!" + "KC_AVERAGE" == "'O''Brien клиенты.xlsm'!KC_AVERAGE"
    assert source.index("On Error Resume Next") < source.index("xl.MacroOptions")


def test_workbook_open_registers_the_help(tmp_path):
    path = tmp_path / "k.xlsm"
    CliRunner().invoke(app, ["new", str(path)])
    this_workbook = modules_of(path)["ThisWorkbook"]
    assert re.search(r"Private Sub Workbook_Open\(\)\s+'[^\n]*\n\s+KC_RegisterHelp", this_workbook)
    assert "KeyClientsTexts" in modules_of(path)


def vba_sub(source, name):
    """The body of ``Sub name`` in VBA source."""
    return re.search(rf"Sub {name}\(.*?\)\n(.*?)\nEnd Sub", source, re.S).group(1)


def test_python_buttons_go_through_kc_run_and_settings_and_help_do_not():
    source = (SOURCES / "KeyClientsRibbon.bas").read_text(encoding="ascii")
    run_python = [line.strip() for line in source.splitlines() if line.strip().startswith("RunPython")]
    assert run_python == ["RunPython code"]  # only inside KC_Run
    assert source.count('KC_Run "import keyclients_xl.excel.macros as m;') == 5
    for name in ("KC_BuildReport", "KC_ImportReceivables", "KC_ImportExports", "KC_AccountCard", "KC_Calendar"):
        assert "KC_Run " in vba_sub(source, name)
    for name in ("KC_ShowSettings", "KC_ShowHelp"):  # plain VBA: they work before Python is set up
        assert "KC_Run" not in vba_sub(source, name) and "RunPython" not in vba_sub(source, name)
    assert 'KC_Text("macro.help", lang)' in vba_sub(source, "KC_ShowHelp")
    assert "sheet.Activate" in vba_sub(source, "KC_ShowSettings")


def test_the_ribbons_file_dialog_offers_every_export_the_reader_takes():
    """The pattern is generated from the reader's list; the dialog's filter is built from it
    (KC_ExportFilter, run in LibreOffice Basic by test_workbook_builder), not written by hand."""
    assert set(EXPORT_SUFFIXES) == WORKBOOK_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES | PARQUET_SUFFIXES
    pattern = re.search(r'KC_EXPORT_PATTERN As String = "(.*)"', texts_module("ru")).group(1)
    assert pattern.split(";") == [f"*{suffix}" for suffix in EXPORT_SUFFIXES]
    ribbon = (SOURCES / "KeyClientsRibbon.bas").read_text(encoding="ascii")
    picker = re.search(r"Function KC_PickFiles\(\) As String\n(.*?)\nEnd Function", ribbon, re.S).group(1)
    assert "FileFilter:=KC_ExportFilter(KC_Lang())" in picker and "*.csv" not in picker


def test_kc_run_blames_xlwings_only_for_a_missing_dll():
    """53 (file not found) and 48 (error loading DLL) mean the xlwings DLL of this version is
    missing; any other error shows its number, its text and what to check."""
    body = vba_sub((SOURCES / "KeyClientsRibbon.bas").read_text(encoding="ascii"), "KC_Run")
    branch = re.search(r"If errNumber = 53 Or errNumber = 48 Then\n(.*?)\n\s*Else\n(.*?)\n\s*End If", body, re.S)
    assert branch, body
    assert "vba.xlwings_missing" in branch.group(1) and "XLWINGS_VERSION" in branch.group(1)
    assert "vba.run_failed" in branch.group(2) and "XLWINGS" not in branch.group(2)
    assert "errNumber = Err.Number" in body and "errText = Err.Description" in body
    assert '"{number}", CStr(errNumber)' in body and '"{description}", errText' in body
    for lang in LANGS:
        failed = t("vba.run_failed", lang)
        assert "{number}" in failed and "{description}" in failed and "{version}" not in failed
        assert "xlwings.conf" in failed and "import keyclients_xl" in failed
        missing = t("vba.xlwings_missing", lang)
        assert '"xlwings=={version}"' in missing and "{number}" in missing


def decode_vba_text(source, key, lang):
    """What KC_Text(key, lang) returns, worked out from the generated statements in Python:
    string literals as they are, KC_Unhex hex as UTF-16 code units, vbLf as a line break."""
    case = source.split(f'Case "{lang}|{key}"\n')[1].split("\n    Case ")[0].split("\n    End Select")[0]
    text = ""
    for statement in case.strip().splitlines():
        assert statement.strip().startswith("s = s & "), statement
        piece = statement.strip().removeprefix("s = s & ")
        if piece == "vbLf":
            text += "\n"
        elif piece.startswith('KC_Unhex("'):
            text += bytes.fromhex(piece.removeprefix('KC_Unhex("').removesuffix('")')).decode("utf-16-be")
        else:
            assert piece.startswith('"') and piece.endswith('"'), piece
            text += piece[1:-1].replace('""', '"')
    return text


def test_vba_texts_are_the_catalogues_in_ascii_source():
    source = texts_module("ru")
    source.encode("ascii")
    assert all(len(line) < 1024 for line in source.splitlines())  # VBA's line limit
    assert 'Public Const KC_BUILD_LANG As String = "ru"' in source
    for lang in LANGS:
        for key in VBA_TEXT_KEYS:
            assert decode_vba_text(source, key, lang) == t(key, lang), (key, lang)
    # MsgBox shows at most 1024 characters.
    assert max(len(t(key, lang)) for key in VBA_TEXT_KEYS for lang in LANGS) < 1024
    assert '"Key Clients"' in source  # plain ASCII stays readable


def test_every_vba_text_key_used_is_generated():
    used = set()
    for path in SOURCES.glob("*.bas"):
        used |= set(re.findall(r'KC_Text\("([\w.]+)"', path.read_text(encoding="ascii")))
    assert used and used <= set(VBA_TEXT_KEYS)


def test_a_cli_build_notes_stale_month_headers(tmp_path):
    """The headless build of a KeyClients.xlsm reads its input sheets too: month headers older
    than the last full month are noted."""
    import openpyxl

    path = tmp_path / "k.xlsm"
    assert CliRunner().invoke(app, ["new", str(path)]).exit_code == 0
    book = openpyxl.load_workbook(path, keep_vba=True)
    sheet = book["По месяцам"]
    for row in (["Контрагент", "авг 2020", "сен 2020", "окт 2020"], ["ООО Альфа", 1, 2, 3], ["ООО Бета", 3, 2, 1]):
        sheet.append(row)
    book.save(path)
    result = CliRunner().invoke(app, ["build", str(path)])
    assert result.exit_code == 0, result.output
    notes = [row[0] for row in openpyxl.load_workbook(path)["Настройки"].iter_rows(values_only=True)]
    stale = "• Последний месяц в заголовках листа «По месяцам» — октябрь 2020"
    assert any(str(note).startswith(stale) for note in notes)


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
