"""vbaProject.bin: oletools reads back every module; the streams match MS-OVBA and Excel."""

from __future__ import annotations

import io
import re
import struct
import zipfile

import olefile
import pytest
from oletools.olevba import VBA_Parser

from keyclients_xl.excel.vba import Module, build_vba_project, make_xlsm, module_code
from keyclients_xl.excel.vba.compression import decompress

from .samples import EXCEL_SAMPLE, XLWINGS_DIR, read_source

ATTRIBUTE = re.compile(r"Attribute VB_\w+ = ")


def lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n")


def split_header(text: str) -> tuple[list[str], list[str]]:
    """(leading Attribute lines, the rest), with an exported .cls header dropped."""
    all_lines = lines(text)
    if all_lines[0].startswith("VERSION 1.0 CLASS"):
        all_lines = all_lines[all_lines.index("END") + 1 :]
    count = 0
    while count < len(all_lines) and ATTRIBUTE.match(all_lines[count]):
        count += 1
    return all_lines[:count], all_lines[count:]


def olevba_modules(path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {stream: code for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()


def open_project(vba_project: bytes) -> olefile.OleFileIO:
    return olefile.OleFileIO(io.BytesIO(vba_project), raise_defects=olefile.DEFECT_INCORRECT)


def excel_project() -> olefile.OleFileIO:
    with zipfile.ZipFile(EXCEL_SAMPLE) as archive:
        return open_project(archive.read("xl/vbaProject.bin"))


def dir_records(data: bytes) -> list[tuple[int, bytes]]:
    """The records of a decompressed dir stream (MS-OVBA 2.3.4.2)."""
    records, pos = [], 0
    while pos < len(data):
        record_id, size = struct.unpack_from("<HI", data, pos)
        if record_id == 0x0009:  # PROJECTVERSION: "size" is a reserved field, 6 bytes follow
            size = 6
        records.append((record_id, data[pos + 6 : pos + 6 + size]))
        pos += 6 + size
    return records


def decrypt(hex_text: str, project_id: str) -> bytes:
    """MS-OVBA 2.4.3.3 Decryption; checks version and project key on the way."""
    data = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = data[:3]
    assert seed ^ version_enc == 2
    assert seed ^ key_enc == sum(project_id.encode()) & 0xFF
    unencrypted1, encrypted1, encrypted2 = seed ^ key_enc, key_enc, version_enc
    plain = bytearray()
    for byte_enc in data[3:]:
        byte = byte_enc ^ ((encrypted2 + unencrypted1) & 0xFF)
        plain.append(byte)
        encrypted2, encrypted1, unencrypted1 = encrypted1, byte_enc, byte
    ignored = (seed & 6) // 2
    (length,) = struct.unpack_from("<I", plain, ignored)
    assert len(plain) == ignored + 4 + length
    return bytes(plain[ignored + 4 :])


def project_fields(project_text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in project_text.splitlines() if "=" in line)


# --- oletools reads every module back -------------------------------------------------


def test_oletools_reads_every_module(xlsm_path, sample_modules):
    modules = olevba_modules(xlsm_path)
    assert set(modules) == {f"VBA/{m.name}" for m in sample_modules}
    for module in sample_modules:
        code = modules[f"VBA/{module.name}"]
        # The stored text is exactly what module_code promises ...
        assert lines(code) == lines(module_code(module)), module.name
        # ... and its body is exactly the source's body: not a line added, lost or changed.
        source_header, source_body = split_header(module.source)
        stored_header, stored_body = split_header(code)
        assert stored_body == source_body, module.name
        assert set(source_header) <= set(stored_header), module.name
        assert stored_header[0] == f'Attribute VB_Name = "{module.name}"'


def test_xlwings_module_is_stored_verbatim(xlsm_path):
    source = read_source(XLWINGS_DIR / "xlwings.bas")
    assert len(source) > 4 * 4096  # several compression chunks
    assert lines(olevba_modules(xlsm_path)["VBA/xlwings"]) == lines(source)


def test_sources_are_stored_with_crlf(vba_project):
    ole = open_project(vba_project)
    stored = decompress(ole.openstream("VBA/Ribbon").read())
    assert b"\r\n" in stored and b"\n" not in stored.replace(b"\r\n", b"")


# --- the headers are the ones Excel writes ----------------------------------------------


@pytest.mark.parametrize("name", ["ThisWorkbook", "Sheet1", "Dictionary"])
def test_attribute_headers_match_excel(name, sample_modules):
    excel = olevba_modules(EXCEL_SAMPLE)[f"VBA/{name}"]
    ours = module_code(next(m for m in sample_modules if m.name == name))
    assert split_header(ours)[0] == split_header(excel)[0]


def test_standard_module_gets_only_its_name():
    code = module_code(Module("Tools", "standard", "Sub A()\nEnd Sub\n"))
    assert code == 'Attribute VB_Name = "Tools"\r\nSub A()\r\nEnd Sub\r\n'


def test_existing_attribute_lines_are_kept():
    source = 'Attribute VB_Name = "Tools"\r\nAttribute VB_Description = "x"\r\nSub A()\r\nEnd Sub'
    assert module_code(Module("Tools", "standard", source)) == source


def test_class_header_like_excel():
    header, body = split_header(module_code(Module("Counter", "class", "Option Explicit\n")))
    assert header == [
        'Attribute VB_Name = "Counter"',
        'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"',
        "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False",
        "Attribute VB_PredeclaredId = False",
        "Attribute VB_Exposed = False",
        "Attribute VB_TemplateDerived = False",
        "Attribute VB_Customizable = False",
    ]
    assert body == ["Option Explicit", ""]


def test_exported_class_header_is_not_stored():
    source = read_source(XLWINGS_DIR / "addin" / "Dictionary.cls")
    code = module_code(Module("Dictionary", "class", source))
    assert "VERSION 1.0 CLASS" not in code and "MultiUse" not in code.split("Option")[0]


def test_document_module_of_a_worksheet_and_of_a_renamed_workbook():
    sheet = module_code(Module("Sheet7", "document", ""))
    assert 'VB_Base = "0{00020820-0000-0000-C000-000000000046}"' in sheet
    book = module_code(Module("Book", "document", ""), workbook_module="Book")
    assert 'VB_Base = "0{00020819-0000-0000-C000-000000000046}"' in book


def test_line_endings_do_not_matter():
    unix = Module("M", "standard", "Sub A()\n    x = 1\nEnd Sub\n")
    windows = Module("M", "standard", "Sub A()\r\n    x = 1\r\nEnd Sub\r\n")
    assert build_vba_project([unix]) == build_vba_project([windows])


# --- the streams -------------------------------------------------------------------------


def test_streams_present(vba_project, sample_modules):
    ole = open_project(vba_project)
    names = {"/".join(path) for path in ole.listdir()}
    modules = {f"VBA/{m.name}" for m in sample_modules}
    assert names == {"PROJECT", "PROJECTwm", "VBA/dir", "VBA/_VBA_PROJECT"} | modules
    # 2.3.4.1: reserved 0x61CC, version 0xFFFF (no usable cache: Office compiles the source)
    assert ole.openstream("VBA/_VBA_PROJECT").read() == b"\xcc\x61\xff\xff\x00\x00\x00"


def test_dir_stream(vba_project, sample_modules):
    records = dir_records(decompress(open_project(vba_project).openstream("VBA/dir").read()))
    ids = [record_id for record_id, _ in records]
    values = dict(records)  # the last record of each id
    assert ids[:3] == [0x0001, 0x0002, 0x0014]  # SYSKIND, LCID, LCIDINVOKE
    assert values[0x0001] == struct.pack("<I", 3)  # win64
    assert values[0x0002] == values[0x0014] == struct.pack("<I", 0x409)
    assert values[0x0003] == struct.pack("<H", 1252)
    assert values[0x0004] == b"VBAProject"
    # References: stdole, then the Office library (IRibbonControl lives there), as Excel writes them.
    assert [data for record_id, data in records if record_id == 0x0016] == [b"stdole", b"Office"]
    libids = [data for record_id, data in records if record_id == 0x000D]
    assert b"{00020430-0000-0000-C000-000000000046}#2.0#0#" in libids[0]
    assert b"{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#" in libids[1]
    assert values[0x000F] == struct.pack("<H", len(sample_modules))
    assert ids[-1] == 0x0010  # terminator

    names = [data.decode() for record_id, data in records if record_id == 0x0019]
    assert names == [m.name for m in sample_modules]
    offsets = [data for record_id, data in records if record_id == 0x0031]
    assert offsets == [bytes(4)] * len(sample_modules)  # source at the start of each stream
    kinds = [record_id for record_id, _ in records if record_id in (0x0021, 0x0022)]
    assert kinds == [0x0021 if m.kind == "standard" else 0x0022 for m in sample_modules]
    assert ids.count(0x002B) == len(sample_modules)  # one terminator per module


def test_project_stream(vba_project):
    text = open_project(vba_project).openstream("PROJECT").read().decode("cp1252")
    assert text.splitlines()[:7] == [
        text.splitlines()[0],
        "Document=ThisWorkbook/&H00000000",
        "Document=Sheet1/&H00000000",
        "Module=xlwings",
        "Class=Dictionary",
        "Module=Ribbon",
        "Class=Counter",
    ]
    fields = project_fields(text)
    project_id = fields["ID"].strip('"')
    assert re.fullmatch(r"\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", project_id)
    assert fields["Name"] == '"VBAProject"'
    assert "[Host Extender Info]" in text and "[Workspace]" in text
    # Unprotected and visible (2.3.1.15-17), the values Excel writes for such a project.
    assert decrypt(fields["CMG"].strip('"'), project_id) == bytes(4)
    assert decrypt(fields["DPB"].strip('"'), project_id) == b"\x00"
    assert decrypt(fields["GC"].strip('"'), project_id) == b"\xff"


def test_decrypt_helper_reads_excels_own_values():
    # Proves the test's decryption against a project Excel saved.
    fields = project_fields(excel_project().openstream("PROJECT").read().decode("cp1252"))
    project_id = fields["ID"].strip('"')
    assert decrypt(fields["CMG"].strip('"'), project_id) == bytes(4)
    assert decrypt(fields["DPB"].strip('"'), project_id) == b"\x00"
    assert decrypt(fields["GC"].strip('"'), project_id) == b"\xff"


def test_project_wm(vba_project, sample_modules):
    data = open_project(vba_project).openstream("PROJECTwm").read()
    expected = b"".join(m.name.encode() + b"\0" + m.name.encode("utf-16-le") + b"\0\0" for m in sample_modules)
    assert data == expected + b"\0\0"


def test_output_is_deterministic(sample_modules, vba_project):
    assert build_vba_project(list(sample_modules)) == vba_project


# --- code pages and errors ----------------------------------------------------------------


def test_other_code_page(tmp_path, xlsx_bytes):
    source = '\' Ключевые клиенты\nSub Hello()\n    MsgBox "Привет"\nEnd Sub\n'
    project = build_vba_project([Module("Hello", "standard", source)], codepage=1251)
    path = tmp_path / "ru.xlsm"
    path.write_bytes(make_xlsm(xlsx_bytes, project))
    assert split_header(olevba_modules(path)["VBA/Hello"])[1] == lines(source)


def test_unencodable_source_names_the_module():
    module = Module("Greeting", "standard", 'MsgBox "Привет"')
    with pytest.raises(ValueError, match="Greeting"):
        build_vba_project([module])


@pytest.mark.parametrize(
    "modules",
    [
        [Module("1st", "standard", "")],
        [Module("has space", "standard", "")],
        [Module("x" * 32, "standard", "")],
        [Module("Same", "standard", ""), Module("SAME", "class", "")],
        [Module("VBAProject", "standard", "")],
        [Module("Odd", "form", "")],  # type: ignore[arg-type]
        [Module("Named", "standard", 'Attribute VB_Name = "Other"\n')],
    ],
)
def test_bad_modules_are_rejected(modules):
    with pytest.raises(ValueError):
        build_vba_project(modules)


def test_unknown_code_page_is_rejected():
    with pytest.raises(ValueError, match="code page"):
        build_vba_project([Module("M", "standard", "")], codepage=99999)
