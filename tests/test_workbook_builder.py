"""KeyClients.xlsm, generated from the text sources: VBA, ribbon, sheets, xlwings.conf, the CLI.

Readers other than our own check the output: oletools reads the VBA project back, LibreOffice
imports it (and runs the ribbon module's path encoder), openpyxl loads and saves the workbook.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwings
from defusedxml import ElementTree
from libreoffice import basic_modules, convert
from typer.testing import CliRunner
from vba.basic import run_basic, workbook_with_modules

from keyclients_xl import __version__
from keyclients_xl.cli import app
from keyclients_xl.excel import (
    check_ribbon,
    make_workbook,
    ribbon_callbacks,
    ribbon_xml,
    vba_modules,
    vba_subs,
    workbook_bytes,
    workbook_xlwings_version,
)
from keyclients_xl.excel.ribbon import SOURCES
from keyclients_xl.excel.vba import Module, module_code
from keyclients_xl.excel.vba_texts import TEXTS_MODULE_NAME, VBA_TEXT_KEYS, texts_module
from keyclients_xl.excel.workbook_builder import CONF_SHEET, XLWINGS_DIR
from keyclients_xl.i18n import LANGS, TEXTS, t
from keyclients_xl.read.headers import assign_roles, normalise

with warnings.catch_warnings():  # oletools imports pyparsing names that pyparsing deprecates
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

REPO = Path(__file__).resolve().parents[1]
COMMITTED = REPO / "workbook" / "KeyClients.xlsm"
TODAY = dt.date(2026, 11, 15)
CUSTOM_UI_NS = "{http://schemas.microsoft.com/office/2006/01/customui}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
CUSTOM_UI_REL_2006 = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
RIBBON_BAS = SOURCES / "KeyClientsRibbon.bas"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """A freshly made workbook per language."""
    folder = tmp_path_factory.mktemp("workbooks")
    return {lang: make_workbook(folder / f"KeyClients_{lang}.xlsm", lang, today=TODAY) for lang in ("ru", "en")}


def olevba_modules(path: Path) -> dict[str, str]:
    """Module name → stored source text, as oletools reads it."""
    parser = VBA_Parser(str(path))
    try:
        return {stream.removeprefix("VBA/"): code for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()


def parts(path_or_bytes: Path | bytes) -> dict[str, bytes]:
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def expected_modules(path: Path) -> list[Module]:
    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    return vba_modules(names, "ru" if names[0] == t("sheet.input_lines", "ru") else "en")


# --- the VBA project ----------------------------------------------------------------------------


def test_oletools_reads_every_module_back_exactly(built):
    for path in built.values():
        stored = olevba_modules(path)
        modules = expected_modules(path)
        assert set(stored) == {m.name for m in modules}
        for module in modules:
            assert stored[module.name] == module_code(module), module.name


def test_xlwings_module_is_the_installed_one_verbatim(built):
    installed = (XLWINGS_DIR / "xlwings.bas").read_bytes().decode("cp1252")
    assert olevba_modules(built["ru"])["xlwings"] == installed
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in installed


def test_document_modules_match_the_code_names(built):
    files = parts(built["ru"])
    workbook = ElementTree.fromstring(files["xl/workbook.xml"])
    assert workbook.find(f"{MAIN_NS}workbookPr").get("codeName") == "ThisWorkbook"
    book = openpyxl.load_workbook(built["ru"], keep_vba=True)
    documents = {m.name for m in expected_modules(built["ru"]) if m.kind == "document"}
    assert documents == {"ThisWorkbook"} | {sheet.sheet_properties.codeName for sheet in book.worksheets}
    assert [sheet.sheet_properties.codeName for sheet in book.worksheets] == ["Sheet1", "Sheet2", "Sheet3", "Sheet4"]


def test_ribbon_module_is_ascii():
    RIBBON_BAS.read_bytes().decode("ascii")


def test_libreoffice_imports_every_module(built, soffice, tmp_path):
    path = built["ru"]
    imported = basic_modules(convert(soffice, [path], "ods", tmp_path / "out")[0])
    modules = expected_modules(path)
    assert set(imported) == {m.name for m in modules}
    for module in modules:
        lines = [
            line for line in module_code(module).split("\r\n") if line.strip() and not line.startswith("Attribute ")
        ]
        missing = [line for line in lines if line not in imported[module.name]]
        assert not missing, f"{module.name}: {len(missing)} lines missing, first {missing[0]!r}"


# --- the VBA, run by LibreOffice Basic ---------------------------------------------------------

PATHS = [
    r"C:\Users\ivanov\Downloads\Продажи (451).xlsx",
    r"C:\Users\o'brien\50% off & more^\x.csv",
    '/Users/anna/Exports/a"b $HOME `id` ë.xlsx',
    "/Users/anna/😀 export.xls",
    "/Users/anna/tab\there.csv",
    "",
]


def test_import_paths_reach_python_intact(soffice, python_with_uno, tmp_path):
    """KC_ImportExports passes the "|"-joined paths as PyString(joined): a Python expression of
    hex digits only. LibreOffice Basic (VBA mode) runs the real function from the .bas on
    paths with quotes, backslashes, %, &, ^, $, backquotes, a tab, Cyrillic and an emoji; Python
    evaluates what it returns back to the same text."""
    ribbon = Module("KeyClientsRibbon", "standard", RIBBON_BAS.read_text(encoding="ascii"))
    workbook = workbook_with_modules(tmp_path / "ribbon.xlsm", [ribbon])
    texts = PATHS + ["|".join(PATHS)]
    calls = [("KeyClientsRibbon", "PyString", [text]) for text in texts]
    expressions = run_basic(python_with_uno, soffice, workbook, calls, tmp_path)
    for text, expression in zip(texts, expressions, strict=True):
        assert re.fullmatch(r"bytes\.fromhex\('[0-9A-F]*'\)\.decode\('utf-16-be'\)", expression), expression
        assert eval(expression) == text  # noqa: S307 -- our own expression, checked by the regex above
        command = f"import keyclients_xl.excel.macros as m; m.import_exports({expression})"
        compile(command, "<RunPython>", "exec")
        assert '"' not in command and "|" not in command  # safe inside cmd.exe and AppleScript quoting


def test_vba_texts_and_language_run_without_python(soffice, python_with_uno, tmp_path):
    """Settings and Help are plain VBA: LibreOffice Basic runs KeyClientsTexts as stored in
    the workbook (ASCII source, Cyrillic decoded from hex) and gives back the catalogue's texts,
    and KC_Lang reads the language from the settings sheet, in either language's name."""
    texts = Module(TEXTS_MODULE_NAME, "standard", texts_module("ru"))
    keys = [(key, lang) for key in VBA_TEXT_KEYS for lang in LANGS]
    sheets = {"Settings": [["intro"], [], ["key", "value"], ["rule", "top_n"], ["lang", "en"]], "Выгрузка": []}
    workbook = workbook_with_modules(tmp_path / "texts.xlsm", [texts], sheets)
    calls = [(TEXTS_MODULE_NAME, "KC_Text", [key, lang]) for key, lang in keys]
    calls += [(TEXTS_MODULE_NAME, "KC_Text", ["macro.help", "de"]), (TEXTS_MODULE_NAME, "KC_Lang", [])]
    calls += [(TEXTS_MODULE_NAME, "KC_ExportFilter", [lang]) for lang in ("ru", "en")]
    results = run_basic(python_with_uno, soffice, workbook, calls, tmp_path)
    assert results[: len(keys)] == [t(key, lang) for key, lang in keys]
    assert results[len(keys)] == ""  # an unknown language has no text: KC_Lang keeps the default
    assert results[len(keys) + 1] == "en"  # the settings sheet says so, though the workbook was made in Russian
    # The ribbon's file dialog offers every export the reader takes, then all files.
    every_export = "*.xlsx;*.xlsm;*.xls;*.xlsb;*.ods;*.csv;*.txt;*.tsv;*.parquet;*.pq;*.htm;*.html"
    assert results[-2:] == [
        f"Выгрузки ({every_export}),{every_export},Все файлы (*.*),*.*",
        f"Exports ({every_export}),{every_export},All files (*.*),*.*",
    ]

    made_in_english = Module(TEXTS_MODULE_NAME, "standard", texts_module("en"))
    russian = workbook_with_modules(
        tmp_path / "texts_ru.xlsm", [made_in_english], {"Настройки": [[None], [None], ["key"], [" lang ", "RU "]]}
    )
    assert run_basic(python_with_uno, soffice, russian, [(TEXTS_MODULE_NAME, "KC_Lang", [])], tmp_path) == ["ru"]


# --- the ribbon ---------------------------------------------------------------------------------


def test_ribbon_part_is_well_formed_with_unique_ids_and_vba_callbacks(built):
    for lang, path in built.items():
        xml = parts(path)["customUI/customUI.xml"].decode("utf-8")
        assert xml == ribbon_xml(lang)
        root = ElementTree.fromstring(xml.encode("utf-8"))
        assert root.tag == f"{CUSTOM_UI_NS}customUI"
        ids = [element.get("id") for element in root.iter() if element.get("id")]
        assert len(ids) == len(set(ids))
        stored = olevba_modules(path)
        check_ribbon(xml, stored.values())  # against the VBA as stored in the workbook
        subs = {name.casefold(): params for source in stored.values() for name, params in vba_subs(source).items()}
        actions = [button.get("onAction") for button in root.iter(f"{CUSTOM_UI_NS}button")]
        assert len(actions) == 7 and set(actions) == ribbon_callbacks(xml)
        for action in actions:
            assert subs[action.casefold()] == ("control As IRibbonControl",), action


def test_ribbon_labels_are_in_the_workbooks_language(built):
    for lang, path in built.items():
        root = ElementTree.fromstring(parts(path)["customUI/customUI.xml"])
        tab = root.find(f".//{CUSTOM_UI_NS}tab")
        assert tab.get("label") == t("ribbon.tab", lang)
        groups = [group.get("label") for group in root.iter(f"{CUSTOM_UI_NS}group")]
        assert groups == [t(f"ribbon.group_{key}", lang) for key in ("report", "plan", "workbook")]
        buttons = list(root.iter(f"{CUSTOM_UI_NS}button"))
        keys = ["build", "import", "receivables", "card", "calendar", "settings", "help"]
        assert [b.get("label") for b in buttons] == [t(f"ribbon.{key}", lang) for key in keys]
        assert [b.get("screentip") for b in buttons] == [t(f"ribbon.{key}", lang) for key in keys]
        assert [b.get("supertip") for b in buttons] == [t(f"ribbon.{key}_tip", lang) for key in keys]
        assert all(b.get("imageMso") for b in buttons)
        assert [b.get("size") for b in buttons] == ["large"] * 5 + ["normal"] * 2
    assert re.search("[А-Яа-я]", ribbon_xml("ru")) and not re.search("[А-Яа-я]", ribbon_xml("en"))


# imageMso ids from Excel's own control list (Microsoft's "Office Fluent User Interface Control
# Identifiers", the Excel list), with where Excel shows each. An id of another Office application,
# such as Access's CreateReport or ImportExcel, shows as a blank icon in Excel.
EXCEL_IMAGE_MSO = {
    "RefreshAll": "Data > Refresh All",
    "GetExternalDataFromText": "Data > Get External Data > From Text",
    "PivotTableInsert": "Insert > PivotTable",
    "FileOpen": "File > Open",
    "Camera": "Camera (Quick Access Toolbar commands)",
    "ControlProperties": "Developer > Controls > Properties",
    "Help": "Help",
    "FilePrintPreview": "File > Print Preview (Quick Access Toolbar commands)",
    "FileSaveAs": "File > Save As",
}


def test_every_ribbon_icon_is_an_excel_image(built):
    assert not {"CreateReport", "ImportExcel"} & EXCEL_IMAGE_MSO.keys()  # Access ids, blank in Excel
    for path in built.values():
        root = ElementTree.fromstring(parts(path)["customUI/customUI.xml"])
        images = [element.get("imageMso") for element in root.iter() if element.get("imageMso")]
        assert len(images) == 7
        assert not [image for image in images if image not in EXCEL_IMAGE_MSO], images


def test_no_save_prompt_for_an_untouched_workbook(built):
    """Excel asks "Save changes?" on close when opening changed the workbook: Workbook_Open ends
    with Saved = True (registering the function help dirties it), and a workbook without
    formulas does not ask for a full recalculation on load."""
    for path in built.values():
        files = parts(path)
        assert not [name for name, data in files.items() if name.startswith("xl/worksheets/") and b"<f>" in data]
        calc = ElementTree.fromstring(files["xl/workbook.xml"]).find(f"{MAIN_NS}calcPr")
        assert calc is None or calc.get("fullCalcOnLoad") in (None, "0", "false")
        workbook_open = olevba_modules(path)["ThisWorkbook"]
        body = workbook_open.split("Sub Workbook_Open()")[1].split("End Sub")[0]
        statements = [line.strip() for line in body.splitlines() if line.strip() and not line.strip().startswith("'")]
        assert statements == ["KC_RegisterHelp", "ThisWorkbook.Saved = True"]


def test_a_workbook_with_formulas_still_recalculates_on_load():
    from keyclients_xl.excel.workbook_builder import _has_formulas

    book = openpyxl.Workbook()
    assert not _has_formulas(book)
    book.active["A1"] = "=1+1"
    assert _has_formulas(book)


def test_ribbon_root_relationship_has_the_2006_type(built):
    rels = ElementTree.fromstring(parts(built["ru"])["_rels/.rels"])
    ui = [rel for rel in rels.iter(f"{REL_NS}Relationship") if rel.get("Target").lstrip("/") == "customUI/customUI.xml"]
    assert [rel.get("Type") for rel in ui] == [CUSTOM_UI_REL_2006]


def test_ribbon_texts_are_escaped(monkeypatch):
    monkeypatch.setitem(TEXTS, "ribbon.tab", {"ru": "A & \"B\" <C> 'D'", "en": "x"})
    root = ElementTree.fromstring(ribbon_xml("ru").encode("utf-8"))
    assert root.find(f".//{CUSTOM_UI_NS}tab").get("label") == "A & \"B\" <C> 'D'"


def test_ribbon_template_with_an_unknown_text_is_refused():
    with pytest.raises(ValueError, match="no text 'ribbon.nope'"):
        ribbon_xml("ru", template='<customUI xmlns="x" label="{{ribbon.nope}}"/>')


RIBBON = (
    '<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui"><ribbon><tabs>'
    '<tab id="t" label="T"><group id="g" label="G">{buttons}</group></tab></tabs></ribbon></customUI>'
)


def button(id_: str, action: str) -> str:
    return f'<button id="{id_}" label="x" onAction="{action}"/>'


def test_check_ribbon_accepts_continuations_byval_and_any_case():
    vba = (
        "Public Sub onbuild(ByVal ctl As Office.IRibbonControl) ' a comment\nEnd Sub\n"
        "Sub Other( _\n  control As IRibbonControl)\nEnd Sub"
    )
    check_ribbon(RIBBON.format(buttons=button("a", "OnBuild") + button("b", "Other")), [vba])


@pytest.mark.parametrize(
    ("buttons", "vba", "message"),
    [
        (button("a", "Go") + button("a", "Go"), "Sub Go(control As IRibbonControl)\nEnd Sub", "duplicated id a"),
        (button("a", "Go"), "Sub Gone(control As IRibbonControl)\nEnd Sub", "no Public Sub Go"),
        (button("a", "Go"), "Private Sub Go(control As IRibbonControl)\nEnd Sub", "no Public Sub Go"),
        (button("a", "Go"), "' Sub Go(control As IRibbonControl)", "no Public Sub Go"),
        (button("a", "Go"), "Sub Go()\nEnd Sub", r"Sub Go\(\) must take \(control As IRibbonControl\) first"),
        (button("a", "Go"), "Sub Go(control As Object)\nEnd Sub", "must take"),
        (button("a", "Go"), "Sub Go(control As IRibbonControl, x)\nEnd Sub", "exactly"),
    ],
)
def test_check_ribbon_refuses(buttons, vba, message):
    with pytest.raises(ValueError, match=message):
        check_ribbon(RIBBON.format(buttons=buttons), [vba])


def test_check_ribbon_refuses_a_sub_defined_twice():
    sub = "Sub Go(control As IRibbonControl)\nEnd Sub"
    with pytest.raises(ValueError, match="ambiguous"):
        check_ribbon(RIBBON.format(buttons=button("a", "Go")), [sub, sub])


def test_check_ribbon_refuses_the_2009_schema():
    with pytest.raises(ValueError, match="namespace"):
        check_ribbon('<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui"/>', [])


# --- openpyxl keeps it ---------------------------------------------------------------------------


def test_openpyxl_load_and_save_keeps_vba_and_ribbon(built, tmp_path):
    before = parts(built["ru"])
    book = openpyxl.load_workbook(built["ru"], keep_vba=True)
    book.save(tmp_path / "resaved.xlsm")
    after = parts(tmp_path / "resaved.xlsm")
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    assert after["customUI/customUI.xml"] == before["customUI/customUI.xml"]
    rels = ElementTree.fromstring(after["_rels/.rels"])
    types = {rel.get("Target").lstrip("/"): rel.get("Type") for rel in rels.iter(f"{REL_NS}Relationship")}
    assert types["customUI/customUI.xml"] == CUSTOM_UI_REL_2006
    assert olevba_modules(tmp_path / "resaved.xlsm") == olevba_modules(built["ru"])


# --- the sheets --------------------------------------------------------------------------------


def conf_as_xlwings_reads_it(path: Path) -> dict[str, object]:
    """What xlwings.bas' GetConfigFromSheet sees: column A from A1 down to the first blank,
    keys upper-cased, values from column B."""
    sheet = openpyxl.load_workbook(path)[CONF_SHEET]
    conf = {}
    for key, value in sheet.iter_rows(min_col=1, max_col=2, values_only=True):
        if key in (None, ""):
            break
        conf[str(key).upper()] = value
    return conf


def test_xlwings_conf_sheet(built):
    conf = conf_as_xlwings_reads_it(built["ru"])
    assert conf["UDF MODULES"] == "keyclients_xl.excel.udfs"
    assert conf["INTERPRETER_WIN"] is None and conf["INTERPRETER_MAC"] is None
    # Text, not Boolean cells: xlwings reads them through a String, and a Russian Excel turns a
    # Boolean into "Ложь", which VBA cannot read back (run-time error 13 at every button).
    assert conf["USE UDF SERVER"] == "False" and conf["SHOW CONSOLE"] == "False" and conf["DEBUG UDFS"] == "False"
    assert not [key for key in conf if "LICENSE" in key.replace(" ", "_")]
    # Every key is one that xlwings.bas asks for (a misspelt key would be silently ignored).
    asked = set(re.findall(r'GetConfig\("([^"]+)"', (XLWINGS_DIR / "xlwings.bas").read_text(encoding="cp1252")))
    assert set(conf) <= asked
    book = openpyxl.load_workbook(built["ru"])
    assert book.sheetnames[-1] == "xlwings.conf"  # the exact name xlwings looks for
    assert max(len(row) for row in book[CONF_SHEET].iter_rows(values_only=True)) == 2


def test_no_cell_of_xlwings_conf_is_boolean(built, tmp_path):
    for path in built.values():
        cells = [cell for row in openpyxl.load_workbook(path)[CONF_SHEET].iter_rows() for cell in row]
        assert cells and not [cell.coordinate for cell in cells if cell.data_type == "b"]
        sheet_xml = parts(path)["xl/worksheets/sheet4.xml"].decode("utf-8")
        assert 'r="A1"' in sheet_xml and 't="b"' not in sheet_xml
    given = make_workbook(tmp_path / "c.xlsm", "en", today=TODAY, conf={"Show Console": True})
    assert conf_as_xlwings_reads_it(given)["SHOW CONSOLE"] == "True"  # a bool given is written as text


def test_xlwings_conf_values_can_be_given(tmp_path):
    path = make_workbook(
        tmp_path / "x.xlsm", "en", today=TODAY, conf={"Interpreter_Win": r"C:\venv\Scripts\python.exe"}
    )
    assert conf_as_xlwings_reads_it(path)["INTERPRETER_WIN"] == r"C:\venv\Scripts\python.exe"
    with pytest.raises(ValueError, match="unknown xlwings.conf key 'License Key'"):
        workbook_bytes("en", today=TODAY, conf={"License Key": "x"})


def test_settings_sheet_records_the_versions(built):
    for lang, path in built.items():
        assert workbook_xlwings_version(path) == xlwings.__version__
        sheet = openpyxl.load_workbook(path)[t("sheet.settings", lang)]
        values = {row[0]: row[1] for row in sheet.iter_rows(min_col=1, max_col=2, values_only=True) if row[0]}
        assert values["keyclients_version"] == __version__
        assert values["lang"] == lang


def test_workbook_xlwings_version_of_a_workbook_without_one(tmp_path):
    book = openpyxl.Workbook()
    book.save(tmp_path / "plain.xlsx")
    assert workbook_xlwings_version(tmp_path / "plain.xlsx") is None


def test_sheets_in_order_with_headers_the_reader_recognises(built):
    for lang, path in built.items():
        book = openpyxl.load_workbook(path)
        names = [t("sheet.input_lines", lang), t("sheet.input_months", lang), t("sheet.settings", lang), CONF_SHEET]
        assert book.sheetnames == names
        lines, by_month = book[names[0]], book[names[1]]
        assert lines["A1"].value == t("input.instructions_lines", lang) and lines["A1"].font.italic
        headers = [cell.value for cell in lines[2]]
        assert (
            headers
            == {
                "ru": ["Дата", "Контрагент", "Номенклатура", "Количество", "Цена", "Сумма", "Менеджер", "Статус"],
                "en": ["Date", "Client", "Product", "Quantity", "Price", "Amount", "Manager", "Status"],
            }[lang]
        )
        roles = assign_roles([normalise(h) for h in headers])
        assert roles == {
            "date": 0, "client": 1, "sku": 2, "quantity": 3, "price": 4, "amount": 5, "manager": 6, "status": 7,
        }  # fmt: skip
        assert lines.freeze_panes == "A3"
        assert by_month["A1"].value == t("input.instructions_months", lang)
        client = {"ru": "Контрагент", "en": "Client"}[lang]
        assert [cell.value for cell in by_month[2]] == [client, t("input.months_hint", lang)]
        assert by_month["B2"].font.italic  # a hint, not a header
        assert by_month.freeze_panes == "B3"


def test_the_by_month_sheet_shows_a_hint_not_dates():
    """Month headers are the user's to paste with the numbers: the template carries no month,
    so it is the same whichever month it is made in (and never stale)."""
    november, january = (workbook_bytes("ru", today=day) for day in (TODAY, dt.date(2027, 1, 31)))
    first, second = parts(november), parts(january)
    differ = {name for name in first.keys() | second.keys() if first.get(name) != second.get(name)}
    assert differ == {"docProps/core.xml"}  # only the document's dates
    by_month = openpyxl.load_workbook(io.BytesIO(november))[t("sheet.input_months", "ru")]
    assert by_month.title == "По месяцам"
    values = [cell.value for row in by_month.iter_rows() for cell in row if cell.value is not None]
    assert not [value for value in values if isinstance(value, dt.date | dt.datetime | int | float)]
    assert not [value for value in values if re.fullmatch(r"[а-я]{3} \d{4}", str(value))]


# --- determinism, the committed workbook, the CLI -------------------------------------------


def test_builds_are_byte_identical(built):
    again = workbook_bytes("ru", today=TODAY.replace(day=1))
    assert again == built["ru"].read_bytes()
    with zipfile.ZipFile(built["ru"]) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_committed_workbook_is_up_to_date(tmp_path):
    """workbook/KeyClients.xlsm equals a fresh build for the month it was built in (its
    created date): the same VBA modules, ribbon, sheets and every other part."""
    assert COMMITTED.exists(), "workbook/KeyClients.xlsm is missing: run `keyclients make-workbook`"
    book = openpyxl.load_workbook(COMMITTED, read_only=True)
    lang = "ru" if book.sheetnames[0] == t("sheet.input_lines", "ru") else "en"
    fresh = workbook_bytes(lang, today=book.properties.created.date())
    hint = "workbook/KeyClients.xlsm is out of date: run `keyclients make-workbook`"
    fresh_path = tmp_path / "fresh.xlsm"
    fresh_path.write_bytes(fresh)
    assert olevba_modules(COMMITTED) == olevba_modules(fresh_path), hint
    assert openpyxl.load_workbook(fresh_path, read_only=True).sheetnames == book.sheetnames, hint
    committed_parts, fresh_parts = parts(COMMITTED), parts(fresh)
    assert committed_parts["customUI/customUI.xml"] == fresh_parts["customUI/customUI.xml"], hint
    differ = sorted(
        name
        for name in committed_parts.keys() | fresh_parts.keys()
        if committed_parts.get(name) != fresh_parts.get(name)
    )
    assert not differ, f"{hint} (parts that differ: {differ})"


def test_cli_make_workbook(tmp_workdir):
    result = CliRunner().invoke(app, ["make-workbook", "--out", "tmp/x.xlsm", "--lang", "en"])
    assert result.exit_code == 0, result.output
    path = tmp_workdir / "tmp" / "x.xlsm"
    assert path.exists() and "x.xlsm" in result.output
    assert "xl/vbaProject.bin" in parts(path)
    assert openpyxl.load_workbook(path, read_only=True).sheetnames[0] == t("sheet.input_lines", "en")
    assert [p.name for p in path.parent.iterdir()] == ["x.xlsm"]  # no temporary file left


def test_cli_make_workbook_default_path(tmp_workdir):
    result = CliRunner().invoke(app, ["make-workbook"])
    assert result.exit_code == 0, result.output
    assert (tmp_workdir / "workbook" / "KeyClients.xlsm").exists()
