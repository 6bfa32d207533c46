"""A corpus of hostile and odd export files, written into a folder (deterministic).

Each `Hostile` file must end in one clear line and exit code 2; each `Readable` file must be
read. Run as a script to look at the files: `python tests/hostile_corpus.py FOLDER`.
"""

from __future__ import annotations

import io
import random
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from keyclients_xl.excel.vba.cfb import write_compound_file

MIB = 1 << 20
HEADER = ["Дата", "Контрагент", "Сумма"]
LINES = [  # three full months, so that a readable file builds a report
    ["05.08.2026", "ООО Альфа", 1200.5],
    ["12.08.2026", "ООО Бета", 300],
    ["03.09.2026", "ООО Альфа", 800],
    ["30.09.2026", "ИП Гамма", 50],
    ["02.10.2026", "ООО Бета", 700],
    ["31.10.2026", "ООО Альфа", 100],
]


# ---------------------------------------------------------------- building blocks


def sheet_xml(cells: list[tuple[str, object]], prefix: str = "") -> bytes:
    """A worksheet with the given cells (reference, value), one <row> per row number."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns{':' + prefix if prefix else ''}"
    rows: dict[int, list[str]] = {}
    for reference, value in cells:
        number = int("".join(ch for ch in reference if ch.isdigit()))
        if isinstance(value, str):
            cell = f'<{p}c r="{reference}" t="inlineStr"><{p}is><{p}t>{value}</{p}t></{p}is></{p}c>'
        else:
            cell = f'<{p}c r="{reference}"><{p}v>{value}</{p}v></{p}c>'
        rows.setdefault(number, []).append(cell)
    body = "".join(f'<{p}row r="{n}">{"".join(cs)}</{p}row>' for n, cs in sorted(rows.items()))
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<{p}worksheet {xmlns}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<{p}sheetData>{body}</{p}sheetData></{p}worksheet>"
    ).encode()


def package(sheet: bytes, sheet_name: str = "TDSheet", extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .xlsx holding one worksheet part (no styles, inline strings)."""
    parts = {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            b'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
        **(extra or {}),
    }
    return zipped(parts)


def zipped(parts: dict[str, bytes | str]) -> bytes:
    """A ZIP package of these parts, deflated, in this order, dated alike (the same bytes each run)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def export_cells(lines: list[list] = LINES) -> list[tuple[str, object]]:
    rows = enumerate([HEADER, *lines], 1)
    return [(f"{col}{r}", value) for r, row in rows for col, value in zip("ABC", row, strict=True)]


def good_xlsx() -> bytes:
    return package(sheet_xml(export_cells()))


def csv_text(delimiter: str = ";", lines: list[list] = LINES) -> str:
    return "\n".join(delimiter.join(str(v) for v in row) for row in [HEADER, *lines]) + "\n"


def far_cell() -> bytes:
    """The only value sits in XFD1048576 (7 KB in Excel; calamine asked for 512 GiB)."""
    return package(sheet_xml([("XFD1048576", 1)]))


def far_cell_after_data() -> bytes:
    """A normal export plus one stray value far down and right."""
    return package(sheet_xml([*export_cells(), ("AMJ900000", "x")]))


def far_cell_prefixed() -> bytes:
    """The same far cell, written with a namespace prefix (x:c, x:row) as some .NET writers do."""
    return package(sheet_xml([("A1", "Дата"), ("XFD1048576", 1)], prefix="x"))


def far_cell_implied() -> bytes:
    """Cells without references (allowed: each takes the next place): 16,383 empty ones push
    the value to column XFD of row 1,048,576. Only the exact pass can place it."""
    row = '<row r="1048576">' + "<c/>" * 16_383 + "<c><v>1</v></c></row>"
    sheet = sheet_xml([("A1", "Дата")]).replace(b"</sheetData>", row.encode() + b"</sheetData>")
    return package(sheet)


def _far_cell_spelled(row: str, root_namespaces: str = "") -> bytes:
    """An export's first cell, then `row` (XML as written) as the sheet's last row."""
    sheet = sheet_xml([("A1", "Дата")]).replace(b"</sheetData>", row.encode() + b"</sheetData>")
    if root_namespaces:
        sheet = sheet.replace(b"<worksheet ", b"<worksheet %s " % root_namespaces.encode(), 1)
    return package(sheet)


# calamine reads a cell's reference in any XML spelling (each crashed the process before 2026-11-28):
def far_cell_after_tab() -> bytes:
    """Cells without references whose tags open with a tab, not a space: '<c\t/>'."""
    return _far_cell_spelled('<row r="1048576">' + "<c\t/>" * 16_383 + "<c\t><v>1</v></c></row>")


def far_cell_single_quotes() -> bytes:
    return _far_cell_spelled("<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>")


def far_cell_spaced_equals() -> bytes:
    return _far_cell_spelled('<row r = "1048576"><c r = "XFD1048576"><v>1</v></c></row>')


def far_cell_lower_case() -> bytes:
    return _far_cell_spelled('<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>')


def far_cell_own_prefix() -> bytes:
    """Implied cells with a prefix of their own (q:c) under a root without one."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    row = '<row r="1048576">' + "<q:c/>" * 16_383 + "<q:c><q:v>1</q:v></q:c></row>"
    return _far_cell_spelled(row, f'xmlns:q="{main}"')


def far_cell_second_reference() -> bytes:
    """Two r attributes: calamine takes the last. Not well-formed XML: refused as damaged."""
    return _far_cell_spelled('<row r="1048576"><c r="A1048576" r="XFD1048576"><v>1</v></c></row>')


def shared_strings_xml(texts: list[str]) -> bytes:
    from xml.sax.saxutils import escape

    items = "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in texts)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main" count="{len(texts)}" uniqueCount="{len(texts)}">{items}</sst>'
    ).encode()


def shared_sheet_xml(rows: list[list[object]]) -> bytes:
    """A worksheet whose cells are numbers, inline texts, or ("s", index) for a shared string."""
    cells = []
    for r, row in enumerate(rows, 1):
        out = []
        for column, value in zip("ABCDEFGHIJ", row, strict=False):
            ref = f"{column}{r}"
            if isinstance(value, tuple):
                out.append(f'<c r="{ref}" t="s"><v>{value[1]}</v></c>')
            elif isinstance(value, str):
                out.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
            else:
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
        cells.append(f'<row r="{r}">{"".join(out)}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{"".join(cells)}</sheetData></worksheet>'
    ).encode()


def shared_text_bomb() -> bytes:
    """1 MB: 20,000 cells refer to one shared text of 2 MB (random letters, so that it packs only
    about 3 to 1): 40 GB once copied into each cell. calamine took 15 GB, then aborted."""
    letters = "абвгдежзийклмнопрстуфхцчшщыэюя"
    text = "".join(random.Random(5).choices(letters, k=1 << 20))
    rows = [HEADER, *[["05.08.2026", ("s", 0), 1] for _ in range(20_000)]]
    return package(shared_sheet_xml(rows), extra={"xl/sharedStrings.xml": shared_strings_xml([text])})


def overlapping_merges() -> bytes:
    """A 77 KB export of 5,000 lines whose one merged range is listed 20,000 times: filled cell
    by cell, 300 million cells, 24 s (with 100,000 copies over a longer sheet, days)."""
    rows = [HEADER, *[["05.08.2026", f"К{r % 50}", r] for r in range(5000)]]
    sheet = sheet_xml(
        [(f"{col}{r}", value) for r, row in enumerate(rows, 1) for col, value in zip("ABC", row, strict=True)]
    )
    merges = '<mergeCell ref="A2:C5001"/>' * 20_000
    return package(sheet.replace(b"</worksheet>", f"<mergeCells>{merges}</mergeCells></worksheet>".encode()))


def declared_strings(count: str = "4000000000") -> bytes:
    """An export whose sharedStrings part declares 4,000,000,000 distinct texts: calamine reserved
    room for them (96 GB) before it read one, and aborted."""
    rows = [HEADER, *[[date, ("s", 0), amount] for date, _, amount in LINES]]
    sst = shared_strings_xml(["ООО Альфа"]).replace(b'uniqueCount="1"', f'uniqueCount="{count}"'.encode())
    return package(shared_sheet_xml(rows), extra={"xl/sharedStrings.xml": sst})


def bomb_part(size: int = 64 * MIB) -> bytes:
    """A worksheet padded with blanks: 64 MB unpacked from about 64 KB (a ratio near 1,000)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        good = zipfile.ZipFile(io.BytesIO(good_xlsx()))
        for item in good.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(item, good.read(item))
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            blanks = b" " * MIB
            for _ in range(size // MIB):
                part.write(blanks)
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def lying_sizes() -> bytes:
    """The worksheet declares 4 KB (with the CRC of those 4 KB) but inflates to 64 MB."""
    head = good_xlsx()
    body = b"<worksheet><sheetData>" + b" " * (64 * MIB)
    declared = body[:4096]
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = compressor.compress(body) + compressor.flush()
    name = b"xl/worksheets/sheet1.xml"
    crc = zlib.crc32(declared)
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(stream), len(declared), len(name), 0)
    archive = zipfile.ZipFile(io.BytesIO(head))
    entries = [item for item in archive.infolist() if item.filename != name.decode()]
    # Rebuild: the original entries, then the lying one, then a central directory for all.
    out = io.BytesIO()
    directory = []
    for item in entries:
        offset = out.tell()
        data = archive.read(item)
        packed = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = packed.compress(data) + packed.flush()
        raw_name = item.filename.encode()
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, zlib.crc32(data), len(packed), len(data), len(raw_name), 0
            )
        )
        out.write(raw_name + packed)
        directory.append((raw_name, zlib.crc32(data), len(packed), len(data), offset))
    offset = out.tell()
    out.write(local + name + stream)
    directory.append((name, crc, len(stream), len(declared), offset))
    start = out.tell()
    for raw_name, crc_, packed_size, size, at in directory:
        out.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc_,
                packed_size,
                size,
                len(raw_name),
                0,
                0,
                0,
                0,
                0,
                at,
            )
            + raw_name
        )
    end = out.tell()
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory), end - start, start, 0))
    return out.getvalue()


def declares_too_much() -> bytes:
    """A small package whose directory claims 3 GB unpacked (the size check must come first)."""
    data = bytearray(good_xlsx())
    start = data.rfind(b"PK\x05\x06")
    directory_start = struct.unpack_from("<L", data, start + 16)[0]
    position = directory_start
    while data[position : position + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<3H", data, position + 28)
        name = bytes(data[position + 46 : position + 46 + name_length])
        if name == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<L", data, position + 24, 3_000_000_000)
        position += 46 + name_length + extra_length + comment_length
    return bytes(data)


def truncated_xlsx() -> bytes:
    return good_xlsx()[:900]


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
            "<w:t>Продажи за октябрь</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def word_97() -> bytes:
    """An OLE file with a WordDocument stream: a .doc."""
    return write_compound_file({"WordDocument": b"\xec\xa5" + bytes(510), "1Table": bytes(512)})


def encrypted_xlsx() -> bytes:
    """A real password-protected workbook: msoffcrypto-tool encrypts a valid .xlsx (ECMA-376 agile)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(good_xlsx())).encrypt("secret", out)
    return out.getvalue()


def encrypted_xls() -> bytes:
    """An .xls whose workbook stream opens with BOF then FILEPASS (MS-XLS 2.4.117: RC4 encryption)."""
    bof = struct.pack("<HH", 0x0809, 16) + struct.pack("<HHHHLL", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x0206)
    filepass = struct.pack("<HH", 0x002F, 54) + struct.pack("<HHH", 1, 1, 1) + bytes(48)
    eof = struct.pack("<HH", 0x000A, 0)
    return write_compound_file({"Workbook": bof + filepass + eof + bytes(4096)})


def _biff_record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _biff_bof(kind: int) -> bytes:
    return _biff_record(0x0809, struct.pack("<HHHHLL", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x0206))


def biff_workbook(sheet_records: bytes) -> bytes:
    """An .xls (BIFF8) of one sheet, TDSheet, holding these records between its BOF and EOF."""

    def workbook_globals(sheet_offset: int) -> bytes:
        name = b"TDSheet"
        sheet = _biff_record(0x0085, struct.pack("<LBBBB", sheet_offset, 0, 0, len(name), 0) + name)
        return _biff_bof(0x0005) + sheet + _biff_record(0x000A, b"")

    globals_ = workbook_globals(len(workbook_globals(0)))
    sheet = _biff_bof(0x0010) + sheet_records + _biff_record(0x000A, b"")
    return write_compound_file({"Workbook": globals_ + sheet + bytes(4096)})


def biff_dimensions(last_row: int, last_column: int) -> bytes:
    return _biff_record(0x0200, struct.pack("<LLHHH", 0, last_row, 0, last_column, 0))


def biff_number(row: int, column: int, value: float) -> bytes:
    return _biff_record(0x0203, struct.pack("<HHHd", row, column, 0, value))


def far_dimensions_xls() -> bytes:
    """A 5 KB .xls whose DIMENSIONS record declares 16,777,215 rows × 256 columns: calamine
    reserves room for all those cells before it reads one (an abort)."""
    return biff_workbook(biff_dimensions(0xFFFFFF, 256))


def far_cell_xls() -> bytes:
    """An .xls that declares A1:A2 but holds a number in row 65,536 and column 65,536 (16 bits
    each, where Excel stops at 256 columns): calamine asked for 4 billion cells and aborted."""
    return biff_workbook(biff_dimensions(2, 1) + biff_number(0, 0, 1.0) + biff_number(65535, 65535, 2.0))


def binary() -> bytes:
    return random.Random(8).randbytes(64 * 1024)


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def wide_csv() -> bytes:
    """1,000,000 columns on one line."""
    return b"1;" * 999_999 + b"1\n"


def huge_cell_csv() -> bytes:
    """A 50 MB cell (an unclosed quote swallowing the file looks the same)."""
    return "Дата;Контрагент;Сумма\n01.08.2026;".encode() + b"A" * (50 * MIB) + b";100\n"


def xml_2003() -> bytes:
    return (
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Лист1"><Table>'
        '<Row><Cell><Data ss:Type="String">Дата</Data></Cell></Row></Table></Worksheet></Workbook>'
    ).encode()


# ---------------------------------------------------------------- readable odd files


def utf16_text() -> bytes:
    """Excel's "Unicode Text": UTF-16 LE with a BOM, tab-separated, CRLF."""
    return "\ufeff".encode("utf-16-le") + csv_text("\t").replace("\n", "\r\n").encode("utf-16-le")


def html_table() -> bytes:
    """A CRM's "Excel export": an HTML page in windows-1251, a title table above the data table,
    a merged header, client codes with leading zeros and amounts with decimal commas."""
    rows = "".join(
        f"<tr><td>{date}</td><td>{client}</td><td>{str(amount).replace('.', ',')}</td></tr>"
        for date, client, amount in LINES
    )
    page = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">'
        '<head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>'
        '<table><tr><td colspan="3">Продажи за август – октябрь 2026</td></tr></table>'
        '<table border="1"><thead><tr><th colspan="3">Отгрузки</th></tr>'
        "<tr><th>Дата</th><th>Контрагент</th><th>Сумма</th></tr></thead>"
        f"<tbody>{rows}<tr><td>Итого</td><td></td><td>3150,5</td></tr></tbody></table></body></html>"
    )
    return page.encode("cp1251")


# OpenDocument spreadsheets: calamine writes out every repeated row and cell when it opens one.
ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def ods_cell(value: object, repeat: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    kind = (
        'office:value-type="string"' if isinstance(value, str) else f'office:value-type="float" office:value="{value}"'
    )
    return f"<table:table-cell{repeated} {kind}><text:p>{value}</text:p></table:table-cell>"


def ods(rows: str, table_name: str = "TDSheet") -> bytes:
    """A minimal .ods whose one table holds `rows` (table-row elements as written)."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{table_name}">{rows}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIMETYPE.decode()}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIMETYPE)  # first and stored, as ODF asks
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def ods_rows(lines: list[list] = LINES) -> str:
    return "".join(f"<table:table-row>{''.join(map(ods_cell, line))}</table:table-row>" for line in [HEADER, *lines])


def ods_export() -> bytes:
    return ods(ods_rows())


def ods_repeated_value() -> bytes:
    """An export, then one value repeated over 2,000 rows × 16,384 columns: 1 KB that calamine
    wrote out as 33 million cells (its own cap is 100 million; 98 million took 10 GB and 73 s)."""
    return ods(
        ods_rows() + f'<table:table-row table:number-rows-repeated="2000">{ods_cell(1, 16384)}</table:table-row>'
    )


def ods_far_value() -> bytes:
    """An export, then empty rows and cells repeated up to one value in XFD1048576."""
    empty_cells = '<table:table-cell table:number-columns-repeated="16384"/>'
    empty_rows = f'<table:table-row table:number-rows-repeated="{1048576 - 8}">{empty_cells}</table:table-row>'
    leading = '<table:table-cell table:number-columns-repeated="16383"/>'
    last = f"<table:table-row>{leading}{ods_cell(1)}</table:table-row>"
    return ods(ods_rows() + empty_rows + last)


# Binary workbooks (MS-XLSB): records of a type and a size, each written in 7-bit pieces.
def _xlsb_varint(number: int) -> bytes:
    out = bytearray()
    while True:
        number, low = number >> 7, number & 0x7F
        out.append(low | (0x80 if number else 0))
        if not number:
            return bytes(out)


def xlsb_record(kind: int, body: bytes = b"") -> bytes:
    return _xlsb_varint(kind) + _xlsb_varint(len(body)) + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def xlsb_sheet(rows: list[tuple[int, list[tuple[int, object]]]]) -> bytes:
    """A worksheet's records: (row index, [(column index, value)]) in order; text inline
    (BrtCellSt), numbers as BrtCellReal."""
    out = [xlsb_record(0x0081), xlsb_record(0x0094, bytes(16)), xlsb_record(0x0091)]  # sheet, dimension, data
    for row, cells in rows:
        out.append(xlsb_record(0x0000, struct.pack("<I", row) + bytes(13)))  # BrtRowHdr
        for column, value in cells:
            head = struct.pack("<II", column, 0)  # the column, then style and flags
            if isinstance(value, str):
                out.append(xlsb_record(0x0006, head + _wide(value)))
            else:
                out.append(xlsb_record(0x0005, head + struct.pack("<d", value)))
    return b"".join([*out, xlsb_record(0x0092), xlsb_record(0x0082)])


def xlsb(sheet: bytes, sheet_name: str = "TDSheet") -> bytes:
    """A minimal .xlsb holding one worksheet (no styles, no shared strings)."""
    sheet_record = struct.pack("<II", 0, 1) + _wide("rId1") + _wide(sheet_name)  # visible, tab id
    book = xlsb_record(0x0083) + xlsb_record(0x008F) + xlsb_record(0x009C, sheet_record) + xlsb_record(0x0090)
    relationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.'
            'sheet.binary.macroEnabled.main"/><Override PartName="/xl/worksheets/sheet1.bin" '
            'ContentType="application/vnd.ms-excel.worksheet"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{relationships}"><Relationship '
            f'Id="rId1" Type="{office}/officeDocument" Target="xl/workbook.bin"/></Relationships>'
        ),
        "xl/workbook.bin": book + xlsb_record(0x0084),
        "xl/_rels/workbook.bin.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{relationships}"><Relationship '
            f'Id="rId1" Type="{office}/worksheet" Target="worksheets/sheet1.bin"/></Relationships>'
        ),
        "xl/worksheets/sheet1.bin": sheet,
    }
    return zipped(parts)


def xlsb_rows(lines: list[list] = LINES) -> list[tuple[int, list[tuple[int, object]]]]:
    return [(index, list(enumerate(line))) for index, line in enumerate([HEADER, *lines])]


def xlsb_export() -> bytes:
    return xlsb(xlsb_sheet(xlsb_rows()))


def xlsb_far_cell() -> bytes:
    """An export, then one value in XFD1048576: calamine asked for 512 GiB and aborted."""
    return xlsb(xlsb_sheet([*xlsb_rows(), (1048575, [(16383, 1.0)])]))


# Parquet: a value is stated once and then how often it repeats (dictionary and run-length codes).
def parquet_of(columns: dict[str, object]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(pa.table(columns), buffer, compression="zstd")
    return buffer.getvalue()


def parquet_columns(lines: list[list] = LINES) -> dict[str, list]:
    return {name: [line[i] for line in lines] for i, name in enumerate(HEADER)}


def parquet_with_lists() -> bytes:
    """An export with a column of lists beside its lines (not read, with a note)."""
    return parquet_of({**parquet_columns(), "Теги": [[1, 2], [3], [], [4], [5, 6], [7]]})


def parquet_text_bomb() -> bytes:
    """3 KB: one 1 MB client name, coded 200,000 times: 200 GB once written out."""
    import pyarrow as pa

    codes = pa.array([0] * 200_000, pa.int32())
    return parquet_of(
        {
            "Дата": pa.DictionaryArray.from_arrays(codes, pa.array(["05.08.2026"])),
            "Контрагент": pa.DictionaryArray.from_arrays(codes, pa.array(["А" * (1 << 19)])),
            "Сумма": pa.array([1.0] * 200_000),
        }
    )


def parquet_delta_text_bomb(value_bytes: int = 10_000, rows: int = 1_000, groups: int = 300) -> bytes:
    """270 KB: client names of 10 KB that share all but their last characters, their pages
    delta-coded (DELTA_BYTE_ARRAY, as Parquet 2.0 writers may): 2.9 GB once written out."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = pa.array(["А" * (value_bytes // 2 - 3) + f"{i:06d}" for i in range(rows)])
    table = pa.table({"Дата": pa.array(["05.08.2026"] * rows), "Контрагент": names, "Сумма": pa.array([1.0] * rows)})
    buffer = io.BytesIO()
    delta = {"Контрагент": "DELTA_BYTE_ARRAY"}
    with pq.ParquetWriter(
        buffer, table.schema, use_dictionary=["Дата"], column_encoding=delta, compression="zstd"
    ) as writer:
        for _ in range(groups):
            writer.write_table(table)
    return buffer.getvalue()


def parquet_wide() -> bytes:
    """1 MB: 2,000 columns of 70,000 zeros, 1,068 MB once written out."""
    import pyarrow as pa

    zeros = pa.array([0.0] * 70_000)
    return parquet_of({f"c{index}": zeros for index in range(2000)})


def html_page(rows: str) -> bytes:
    return f"<html><body><table>{rows}</table></body></html>".encode()


def html_spans() -> bytes:
    """200 bytes: a CRM page whose one cell spans 20,000 columns and 20,000 rows. pandas spread
    it over 400 million cells: 105 s and 7.5 GB, then a MemoryError."""
    header = "".join(f"<td>{name}</td>" for name in HEADER)
    return html_page(f'<tr>{header}</tr><tr><td colspan="20000" rowspan="20000">x</td></tr>')


def html_wide_row() -> bytes:
    """A title 20,000 columns wide above 20,000 one-cell rows: each row is padded to the widest."""
    return html_page('<tr><td colspan="20000">Отчёт</td></tr>' + "<tr><td>x</td></tr>" * 20_000)


def control_characters_csv() -> bytes:
    lines = [[d, c.replace("Альфа", "Аль\x07фа").replace("Бета", "Бета\x00"), a] for d, c, a in LINES]
    return csv_text(";", lines).encode()


# ---------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Hostile:
    """A file that must end in exit code 2 with one line: `key` is the message, `words` a part of
    its Russian text (the user's language in these tests)."""

    name: str
    key: str
    words: str
    make: Callable[[], bytes] | None  # None: a folder
    uses_duckdb: bool = False  # measured by DuckDB, whose start takes about 70 MB more


@dataclass(frozen=True)
class Readable:
    """An odd file that must be read, into these clients and amounts (by hand from LINES)."""

    name: str
    make: Callable[[], bytes]


HOSTILE = [
    Hostile("far_cell.xlsx", "file.sheet_too_big", "XFD1048576", far_cell),
    Hostile("far_cell_after_data.xlsx", "file.sheet_too_big", "AMJ900000", far_cell_after_data),
    Hostile("far_cell_prefixed.xlsx", "file.sheet_too_big", "XFD1048576", far_cell_prefixed),
    Hostile("far_cell_implied.xlsx", "file.sheet_too_big", "XFD1048576", far_cell_implied),
    Hostile("far_cell_after_tab.xlsx", "file.sheet_too_big", "XFD1048576", far_cell_after_tab),
    Hostile("far_cell_single_quotes.xlsx", "file.sheet_too_big", "XFD1048576", far_cell_single_quotes),
    Hostile("far_cell_spaced_equals.xlsx", "file.sheet_too_big", "XFD1048576", far_cell_spaced_equals),
    Hostile("far_cell_lower_case.xlsx", "file.sheet_too_big", "XFD1048576", far_cell_lower_case),
    Hostile("far_cell_own_prefix.xlsx", "file.sheet_too_big", "XFD1048576", far_cell_own_prefix),
    Hostile("far_cell_second_reference.xlsx", "file.damaged", "повреждён", far_cell_second_reference),
    Hostile("far_dimensions.xls", "file.sheet_too_big", "IV16777215", far_dimensions_xls),
    Hostile("far_cell.xls", "file.sheet_too_big", "CRXP65536", far_cell_xls),
    Hostile("far_cell.xlsb", "file.sheet_too_big", "XFD1048576", xlsb_far_cell),
    Hostile("repeated_value.ods", "file.sheet_too_big", "XFD2007", ods_repeated_value),
    Hostile("far_value.ods", "file.sheet_too_big", "XFD1048576", ods_far_value),
    Hostile("zip_bomb.xlsx", "file.zip_bomb", "zip-бомбы", bomb_part),
    Hostile("overlapping_merges.xlsx", "file.damaged", "повреждён", overlapping_merges),
    Hostile("shared_text_bomb.xlsx", "file.shared_text_too_big", "больше предела 1 024 МБ", shared_text_bomb),
    Hostile("declared_strings.xlsx", "file.damaged", "повреждён", declared_strings),
    Hostile("lying_sizes.xlsx", "file.damaged", "повреждён", lying_sizes),
    Hostile("declares_3gb.xlsx", "file.unpacked_too_big", "больше предела 1 024 МБ", declares_too_much),
    Hostile("truncated.xlsx", "file.damaged", "повреждён", truncated_xlsx),
    Hostile("wide.csv", "file.too_many_columns", "1 000 000", wide_csv),
    Hostile("text_bomb.parquet", "file.parquet_too_big", "больше предела 1 024 МБ", parquet_text_bomb),
    Hostile("wide.parquet", "file.parquet_too_big", "1 068 МБ", parquet_wide),
    Hostile(
        "delta_text_bomb.parquet", "file.parquet_too_big", "больше предела 1 024 МБ", parquet_delta_text_bomb, True
    ),
    Hostile("huge_cell.csv", "file.cell_too_long", "32 767", huge_cell_csv),
    Hostile("binary.csv", "file.not_a_table", "двоичные данные", binary),
    Hostile("workbook.csv", "file.misnamed", "workbook.xlsx", good_xlsx),
    Hostile("folder.csv", "file.is_folder", "папка", None),
    Hostile("empty.xlsx", "file.empty", "0 байт", bytes),
    Hostile("empty.csv", "file.empty", "0 байт", bytes),
    Hostile("text.xlsx", "file.misnamed", "text.csv", lambda: csv_text().encode()),
    Hostile("word.xlsx", "file.word", "документ Word", docx),
    Hostile("word97.xlsx", "file.word", "документ Word", word_97),
    Hostile("password.xlsx", "file.password", "книга защищена паролем: снимите пароль в Excel", encrypted_xlsx),
    Hostile("password.xls", "file.password", "книга защищена паролем: снимите пароль в Excel", encrypted_xls),
    Hostile("report.pdf.xls", "file.not_a_table", "документ PDF", pdf),
    Hostile("excel2003.xls", "file.xml_2003", "XML Excel 2003", xml_2003),
    Hostile("spans.xls", "file.html_spans_too_big", "больше предела 8 000 000", html_spans),
    Hostile("wide_row.xls", "file.html_spans_too_big", "больше предела 8 000 000", html_wide_row),
]

READABLE = [
    Readable("unicode_text.txt", utf16_text),
    Readable("unicode_text.xls", utf16_text),
    Readable("crm_export.xls", html_table),
    Readable("control_characters.csv", control_characters_csv),
    Readable("export.ods", ods_export),
    Readable("export.xlsb", xlsb_export),
    Readable("with_lists.parquet", parquet_with_lists),
]


def write_corpus(folder: Path) -> dict[str, Path]:
    """Write every file of the corpus into `folder`; file name → path."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for case in [*HOSTILE, *READABLE]:
        path = folder / case.name
        if case.make is None:
            path.mkdir(exist_ok=True)
        else:
            path.write_bytes(case.make())
        paths[case.name] = path
    return paths


if __name__ == "__main__":
    for name, path in write_corpus(Path(sys.argv[1])).items():
        print(f"{path.stat().st_size if path.is_file() else '(folder)':>12}  {name}")
