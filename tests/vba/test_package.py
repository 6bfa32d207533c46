"""make_xlsm: the macro parts are wired up, and survive an openpyxl load/save."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from defusedxml import ElementTree

from keyclients_xl.excel.vba import make_xlsm, package

from .samples import RIBBON_XML

CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
UI_REL_2006 = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_TYPE = "application/vnd.ms-office.vbaProject"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xml(data: bytes):
    return ElementTree.fromstring(data)


def relationships(data: bytes) -> dict[str, str]:
    return {rel.get("Type"): rel.get("Target") for rel in xml(data).iter(f"{REL}Relationship")}


def check_macro_parts(package: dict[str, bytes], vba_project: bytes) -> None:
    assert package["xl/vbaProject.bin"] == vba_project
    assert relationships(package["xl/_rels/workbook.xml.rels"])[VBA_REL] == "vbaProject.bin"
    types = xml(package["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{CT}Default")}
    assert overrides["/xl/workbook.xml"] == XLSM_MAIN
    assert overrides.get("/xl/vbaProject.bin", defaults.get("bin")) == VBA_TYPE


def check_ribbon(package: dict[str, bytes]) -> None:
    root_rels = relationships(package["_rels/.rels"])
    assert root_rels[UI_REL_2006] == "customUI/customUI.xml"
    ribbon = xml(package["customUI/customUI.xml"])
    assert ribbon.tag == "{http://schemas.microsoft.com/office/2006/01/customui}customUI"
    assert b'onAction="OnRefresh"' in package["customUI/customUI.xml"]


@pytest.fixture
def xlsm(xlsm_path) -> dict[str, bytes]:
    return parts(xlsm_path.read_bytes())


def test_macro_parts(xlsm, vba_project):
    check_macro_parts(xlsm, vba_project)


def test_code_names(xlsm):
    workbook_pr = xml(xlsm["xl/workbook.xml"]).find(f"{MAIN}workbookPr")
    assert workbook_pr.get("codeName") == "ThisWorkbook"
    sheet = xml(xlsm["xl/worksheets/sheet1.xml"])
    assert sheet[0].tag == f"{MAIN}sheetPr"
    assert sheet[0].get("codeName") == "Sheet1"
    assert sheet[0].find(f"{MAIN}outlinePr") is not None  # its children are kept


def test_ribbon(xlsm):
    check_ribbon(xlsm)


def test_every_xml_part_is_well_formed(xlsm):
    for name, data in xlsm.items():
        if name.endswith((".xml", ".rels")):
            xml(data)


def test_openpyxl_load_and_save_keeps_vba_and_ribbon(xlsm_path, tmp_path, vba_project):
    workbook = openpyxl.load_workbook(xlsm_path, keep_vba=True)
    assert workbook.code_name == "ThisWorkbook"
    assert workbook["Clients"].sheet_properties.codeName == "Sheet1"
    workbook["Clients"]["B2"] = "edited"
    saved = tmp_path / "saved.xlsm"
    workbook.save(saved)

    package = parts(saved.read_bytes())
    check_macro_parts(package, vba_project)
    check_ribbon(package)


def test_output_is_deterministic(xlsx_bytes, vba_project):
    def build():
        return make_xlsm(xlsx_bytes, vba_project, custom_ui_xml=RIBBON_XML)

    assert build() == build()


def test_missing_workbook_pr_and_sheet_pr_are_inserted(xlsx_bytes, vba_project):
    package = parts(xlsx_bytes)
    workbook = package["xl/workbook.xml"].decode()
    package["xl/workbook.xml"] = workbook.replace("<workbookPr />", "").encode()
    sheet = package["xl/worksheets/sheet1.xml"].decode()
    start, end = sheet.index("<sheetPr>"), sheet.index("</sheetPr>") + len("</sheetPr>")
    package["xl/worksheets/sheet1.xml"] = (sheet[:start] + sheet[end:]).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in package.items():
            archive.writestr(name, data)

    result = parts(make_xlsm(buffer.getvalue(), vba_project, sheet_codenames={"Clients": "Sh"}))
    workbook_root = xml(result["xl/workbook.xml"])
    assert workbook_root[0].tag == f"{MAIN}workbookPr"  # before workbookProtection
    assert workbook_root[0].get("codeName") == "ThisWorkbook"
    sheet_root = xml(result["xl/worksheets/sheet1.xml"])
    assert sheet_root[0].tag == f"{MAIN}sheetPr" and sheet_root[0].get("codeName") == "Sh"


def test_bin_already_used_for_printer_settings(xlsx_bytes, vba_project):
    package = parts(xlsx_bytes)
    printer = "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"
    package["[Content_Types].xml"] = (
        package["[Content_Types].xml"]
        .decode()
        .replace("</Types>", f'<Default Extension="bin" ContentType="{printer}"/></Types>')
        .encode()
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in package.items():
            archive.writestr(name, data)
    check_macro_parts(parts(make_xlsm(buffer.getvalue(), vba_project)), vba_project)


def test_sheets_left_out_keep_their_sheet_pr(xlsx_bytes, vba_project):
    result = parts(make_xlsm(xlsx_bytes, vba_project))
    assert xml(result["xl/worksheets/sheet1.xml"])[0].get("codeName") is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sheet_codenames": {"Nope": "Sheet1"}}, "Nope"),
        ({"sheet_codenames": {"Clients": "ThisWorkbook"}}, "unique"),
        ({"workbook_codename": "This Workbook"}, "identifier"),
        ({"custom_ui_xml": "<customUI"}, "XML"),
        (
            {"custom_ui_xml": '<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui"/>'},
            "2006",
        ),
    ],
)
def test_bad_arguments_are_rejected(xlsx_bytes, vba_project, kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_xlsm(xlsx_bytes, vba_project, **kwargs)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('<Relationships xmlns="urn:r"/>', '<Relationships xmlns="urn:r"><R/></Relationships>'),
        ('<x:Types xmlns:x="urn:t" />', '<x:Types xmlns:x="urn:t"><R/></x:Types>'),
        ('<?xml version="1.0"?>\n<a b=">"><c/></a>', '<?xml version="1.0"?>\n<a b=">"><c/><R/></a>'),
    ],
)
def test_append_child_handles_empty_and_prefixed_roots(before, after):
    assert package._append_child(before, "<R/>") == after


def test_new_elements_take_the_root_prefix():
    xml_text = '<x:Types xmlns:x="urn:t"><x:Default Extension="xml"/></x:Types>'
    assert package._element(xml_text, "Override", PartName="/a&b") == ('<x:Override PartName="/a&amp;b"/>')
