# ruff: noqa: E501  (raw package XML, kept as Excel writes it: one element per literal)
"""User workbooks holding every kind of content a rewrite used to lose or refuse.

openpyxl draws the base (data, formulas, a chart, rich text, a comment); the kinds openpyxl
cannot write are then injected as raw parts and XML at the zip level, as Excel writes them:
sparklines and 2010 data bars, a sheet background and a header/footer picture, threaded
comments, a dynamic-array formula, a Power Query connection with its customXml part, a
legacy form control, custom views, a picture and a pivot table.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"

# The user's own sheets and the values their formulas give (checked after every build).
DATA_SHEET = "Данные"
DASHBOARD = "Дашборд"
USER_FORMULAS = {"B2": 60, "B3": 20, "B4": 35}  # on the dashboard


def png() -> bytes:
    """A 1×1 red PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def base_workbook(path: Path) -> None:
    """Two user sheets: data with a chart, a dashboard with formulas, rich text, a note."""
    book = openpyxl.Workbook()
    data = book.active
    data.title = DATA_SHEET
    for row in [["Месяц", "План", "Факт"], ["Август", 10, 12], ["Сентябрь", 20, 18], ["Октябрь", 30, 35]]:
        data.append(row)
    chart = BarChart()
    chart.add_data(Reference(data, min_col=2, min_row=1, max_row=4, max_col=3), titles_from_data=True)
    data.add_chart(chart, "F2")
    dash = book.create_sheet(DASHBOARD)
    dash["A1"] = CellRichText([TextBlock(InlineFont(b=True), "План"), " и ", TextBlock(InlineFont(i=True), "факт")])
    dash["A2"], dash["B2"] = "Сумма плана", f"=SUM({DATA_SHEET}!B2:B4)"
    dash["A3"], dash["B3"] = "Среднее плана", f"=AVERAGE({DATA_SHEET}!B2:B4)"
    dash["A4"], dash["B4"] = "Факт октября", f"={DATA_SHEET}!C4"
    dash["A2"].comment = Comment("заметка менеджера", "Менеджер")
    dash["D1"] = "Свой стиль"
    dash["D1"].font = openpyxl.styles.Font(name="Georgia", color="FF00AA00", size=17)
    dash["D1"].fill = openpyxl.styles.PatternFill("solid", fgColor="FFDDEEFF")
    book.defined_names["Plan"] = DefinedName("Plan", attr_text=f"{DATA_SHEET}!$B$2:$B$4")
    book.save(path)


def _rewrite(path: Path, edit) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    edit(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def _add_rel(parts: dict[str, bytes], rels: str, rid: str, rel_type: str, target: str) -> None:
    text = parts.get(
        rels, f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}"></Relationships>'.encode()
    )
    entry = f'<Relationship Id="{rid}" Type="{rel_type}" Target="{target}"/>'
    parts[rels] = text.replace(b"</Relationships>", entry.encode() + b"</Relationships>")


def _add_type(parts: dict[str, bytes], part: str, content_type: str) -> None:
    entry = f'<Override PartName="/{part}" ContentType="{content_type}"/>'
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", entry.encode() + b"</Types>")


def _add_default(parts: dict[str, bytes], extension: str, content_type: str) -> None:
    types = parts["[Content_Types].xml"]
    if f'Extension="{extension}"'.encode() not in types:
        entry = f'<Default Extension="{extension}" ContentType="{content_type}"/>'
        parts["[Content_Types].xml"] = types.replace(b"<Override", entry.encode() + b"<Override", 1)


def _insert_before(xml: bytes, tags: list[bytes], text: str) -> bytes:
    """Insert `text` before the first of `tags` found, else before </worksheet>."""
    for tag in tags:
        at = xml.find(tag)
        if at >= 0:
            return xml[:at] + text.encode() + xml[at:]
    return xml.replace(b"</worksheet>", text.encode() + b"</worksheet>")


def inject_everything(path: Path) -> None:
    """Add, as Excel writes them, every content kind openpyxl cannot write."""

    def edit(parts: dict[str, bytes]) -> None:
        data_sheet, dash_sheet = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"
        data_rels, dash_rels = "xl/worksheets/_rels/sheet1.xml.rels", "xl/worksheets/_rels/sheet2.xml.rels"
        wb_rels = "xl/_rels/workbook.xml.rels"
        _add_default(parts, "png", "image/png")
        _add_default(parts, "vml", "application/vnd.openxmlformats-officedocument.vmlDrawing")
        parts["xl/media/background.png"] = png()
        parts["xl/media/logo.png"] = png() + b"\x00"  # different bytes, same picture

        # Custom views (workbook and sheet).
        view_guid = "{6A1E6C1F-2B1C-4C8E-9D3B-1F2E3D4C5B6A}"
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
            b"</workbook>",
            f'<customWorkbookViews><customWorkbookView name="Печать" guid="{view_guid}" windowWidth="1000" '
            f'windowHeight="600" activeSheetId="1"/></customWorkbookViews></workbook>'.encode(),
        )
        parts[data_sheet] = _insert_before(
            parts[data_sheet],
            [b"<pageMargins"],
            f'<customSheetViews><customSheetView guid="{view_guid}" scale="90"><selection activeCell="A1" '
            f'sqref="A1"/></customSheetView></customSheetViews>',
        )
        # Sheet background picture and a header/footer picture (VML).
        _add_rel(parts, data_rels, "rIdBg", f"{REL}/image", "../media/background.png")
        _add_rel(parts, data_rels, "rIdHf", f"{REL}/vmlDrawing", "../drawings/vmlDrawingHF1.vml")
        parts["xl/drawings/vmlDrawingHF1.vml"] = (
            b'<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
            b'<v:shape id="CH" o:spid="_x0000_s1025" type="#_x0000_t75" style="width:20pt;height:20pt">'
            b'<v:imagedata o:relid="rId1" o:title="logo"/></v:shape></xml>'
        )
        _add_rel(parts, "xl/drawings/_rels/vmlDrawingHF1.vml.rels", "rId1", f"{REL}/image", "../media/logo.png")
        parts[data_sheet] = _insert_before(
            parts[data_sheet],
            [b"<drawing", b"<tableParts", b"</worksheet>"],
            "<headerFooter><oddHeader>&amp;C&amp;G</oddHeader></headerFooter>",
        )
        parts[data_sheet] = _insert_before(
            parts[data_sheet],
            [b"<tableParts", b"</worksheet>"],
            f'<legacyDrawingHF xmlns:r="{REL}" r:id="rIdHf"/><picture xmlns:r="{REL}" r:id="rIdBg"/>',
        )
        # Sparklines and a 2010 data bar (x14 extensions).
        parts[data_sheet] = parts[data_sheet].replace(
            b"</worksheet>",
            f'<extLst><ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{X14}">'
            f'<x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
            f'<x14:cfRule type="dataBar" id="{{00000000-000E-0000-0000-000001000000}}"><x14:dataBar minLength="0" maxLength="100" '
            f'gradient="0"><x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/></x14:dataBar></x14:cfRule>'
            f"<xm:sqref>C2:C4</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext>"
            f'<ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}" xmlns:x14="{X14}"><x14:sparklineGroups '
            f'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:sparklineGroup displayEmptyCellsAs="gap">'
            f'<x14:colorSeries rgb="FF376092"/><x14:sparklines><x14:sparkline><xm:f>{DATA_SHEET}!B2:C2</xm:f>'
            f"<xm:sqref>D2</xm:sqref></x14:sparkline></x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext>"
            f"</extLst></worksheet>".encode(),
        )
        # A picture (DrawingML) on the dashboard.
        parts["xl/drawings/drawing9.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
            b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            b"<xdr:oneCellAnchor><xdr:from><xdr:col>5</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            b'<xdr:ext cx="190500" cy="190500"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Logo"/><xdr:cNvPicPr/></xdr:nvPicPr>'
            b'<xdr:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="rId1"/>'
            b'<a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>'
            b"</xdr:pic><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>"
        )
        _add_rel(parts, "xl/drawings/_rels/drawing9.xml.rels", "rId1", f"{REL}/image", "../media/logo.png")
        _add_type(parts, "xl/drawings/drawing9.xml", "application/vnd.openxmlformats-officedocument.drawing+xml")
        _add_rel(parts, dash_rels, "rIdPic", f"{REL}/drawing", "../drawings/drawing9.xml")
        # Threaded comments and their persons.
        parts["xl/threadedComments/threadedComment1.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
            '<threadedComment ref="B4" dT="2026-11-02T10:00:00.00" personId="{11111111-2222-3333-4444-555555555555}" '
            'id="{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}"><text>Проверить октябрь</text></threadedComment></ThreadedComments>'
        ).encode()
        parts["xl/persons/person.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
            '<person displayName="Менеджер" id="{11111111-2222-3333-4444-555555555555}" providerId="None"/></personList>'
        ).encode()
        _add_rel(
            parts,
            dash_rels,
            "rIdTc",
            "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
            "../threadedComments/threadedComment1.xml",
        )
        _add_rel(
            parts,
            wb_rels,
            "rIdPersons",
            "http://schemas.microsoft.com/office/2017/10/relationships/person",
            "persons/person.xml",
        )
        _add_type(parts, "xl/threadedComments/threadedComment1.xml", "application/vnd.ms-excel.threadedcomments+xml")
        _add_type(parts, "xl/persons/person.xml", "application/vnd.ms-excel.person+xml")
        # A dynamic-array formula (FILTER) and its cell metadata.
        parts["xl/metadata.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">'
            b'<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" '
            b'pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" '
            b'coerce="1" cellMeta="1"/></metadataTypes><futureMetadata name="XLDAPR" count="1"><bk><extLst>'
            b'<ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/>'
            b'</ext></extLst></bk></futureMetadata><cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>'
        )
        _add_rel(
            parts,
            wb_rels,
            "rIdMeta",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata",
            "metadata.xml",
        )
        _add_type(
            parts, "xl/metadata.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"
        )
        parts[dash_sheet] = parts[dash_sheet].replace(
            b"</sheetData>",
            f'<row r="9"><c r="A9" cm="1" t="str"><f t="array" ref="A9:A10">_xlfn._xlws.FILTER({DATA_SHEET}!A2:A4,'
            f"{DATA_SHEET}!C2:C4&gt;15)</f><v>Sep</v></c></row></sheetData>".encode(),
        )
        # Power Query: the connection and its DataMashup in a customXml part.
        parts["xl/connections.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<connections xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<connection id="1" keepAlive="1" name="Query - Sales" description="Power Query" type="5" refreshedVersion="8" '
            b'background="1"><dbPr connection="Provider=Microsoft.Mashup.OleDb.1;Data Source=$Workbook$;Location=Sales" '
            b'command="SELECT * FROM [Sales]"/></connection></connections>'
        )
        _add_rel(parts, wb_rels, "rIdConn", f"{REL}/connections", "connections.xml")
        _add_type(
            parts, "xl/connections.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml"
        )
        parts["customXml/item1.xml"] = b'<?xml version="1.0" encoding="utf-16"?>'.decode().encode(
            "utf-16"
        ) + '<DataMashup xmlns="http://schemas.microsoft.com/DataMashup">AAAAAEUDAABQSwMEFAACAAgA</DataMashup>'.encode(
            "utf-16-le"
        )
        parts["customXml/itemProps1.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
            b'<ds:datastoreItem ds:itemID="{C6F1E1A2-0000-4000-8000-000000000001}" '
            b'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>'
        )
        _add_rel(parts, "customXml/_rels/item1.xml.rels", "rId1", f"{REL}/customXmlProps", "itemProps1.xml")
        _add_rel(parts, wb_rels, "rIdCx", f"{REL}/customXml", "../customXml/item1.xml")
        _add_type(
            parts, "customXml/itemProps1.xml", "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
        )
        # A legacy form control (a check box): its properties part and VML shape.
        parts["xl/ctrlProps/ctrlProp1.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" objectType="CheckBox" '
            b'checked="Checked" lockText="1"/>'
        )
        _add_rel(
            parts,
            dash_rels,
            "rIdCtrl",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/ctrlProp",
            "../ctrlProps/ctrlProp1.xml",
        )
        _add_type(parts, "xl/ctrlProps/ctrlProp1.xml", "application/vnd.ms-excel.controlproperties+xml")
        parts[dash_sheet] = _insert_before(
            parts[dash_sheet],
            [b"<legacyDrawing", b"<tableParts", b"</worksheet>"],
            f'<drawing xmlns:r="{REL}" r:id="rIdPic"/>',
        )
        parts[dash_sheet] = _insert_before(
            parts[dash_sheet],
            [b"<tableParts", b"</worksheet>"],
            f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="x14"><controls><mc:AlternateContent>'
            f'<mc:Choice Requires="x14"><control xmlns:r="{REL}" shapeId="1025" r:id="rIdCtrl" name="Check Box 1">'
            f'<controlPr defaultSize="0" autoFill="0" autoLine="0" autoPict="0"><anchor moveWithCells="1">'
            f'<from><xdr:col xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing">3</xdr:col>'
            f"</from></anchor></controlPr></control></mc:Choice></mc:AlternateContent></controls></mc:Choice></mc:AlternateContent>",
        )
        # A pivot table on the data, with its cache.
        parts["xl/pivotCache/pivotCacheDefinition1.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1" refreshOnLoad="1" '
            b'recordCount="3"><cacheSource type="worksheet"><worksheetSource ref="A1:C4" sheet="'
            + DATA_SHEET.encode()
            + b'"/>'
            b'</cacheSource><cacheFields count="2"><cacheField name="\xd0\x9c\xd0\xb5\xd1\x81\xd1\x8f\xd1\x86" numFmtId="0"><sharedItems/></cacheField>'
            b'<cacheField name="\xd0\x9f\xd0\xbb\xd0\xb0\xd0\xbd" numFmtId="0"><sharedItems containsNumber="1" minValue="10" maxValue="30"/></cacheField>'
            b"</cacheFields></pivotCacheDefinition>"
        )
        parts["xl/pivotCache/pivotCacheRecords1.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0"/>'
        )
        _add_rel(
            parts,
            "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels",
            "rId1",
            f"{REL}/pivotCacheRecords",
            "pivotCacheRecords1.xml",
        )
        parts["xl/pivotTables/pivotTable1.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<pivotTableDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" name="Pivot1" cacheId="7" '
            b'dataCaption="Values"><location ref="H2:I5" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/>'
            b'<pivotFields count="2"><pivotField axis="axisRow" showAll="0"/><pivotField dataField="1" showAll="0"/></pivotFields>'
            b'<dataFields count="1"><dataField name="Sum" fld="1" baseField="0" baseItem="0"/></dataFields></pivotTableDefinition>'
        )
        _add_rel(
            parts,
            "xl/pivotTables/_rels/pivotTable1.xml.rels",
            "rId1",
            f"{REL}/pivotCacheDefinition",
            "../pivotCache/pivotCacheDefinition1.xml",
        )
        _add_rel(parts, dash_rels, "rIdPivot", f"{REL}/pivotTable", "../pivotTables/pivotTable1.xml")
        _add_rel(parts, wb_rels, "rIdPc", f"{REL}/pivotCacheDefinition", "pivotCache/pivotCacheDefinition1.xml")
        _add_type(
            parts,
            "xl/pivotCache/pivotCacheDefinition1.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml",
        )
        _add_type(
            parts,
            "xl/pivotCache/pivotCacheRecords1.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml",
        )
        _add_type(
            parts,
            "xl/pivotTables/pivotTable1.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml",
        )
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
            b"<customWorkbookViews>",
            f'<pivotCaches><pivotCache xmlns:r="{REL}" cacheId="7" r:id="rIdPc"/></pivotCaches><customWorkbookViews>'.encode(),
        )
        # Shared strings, as Excel writes them, one with rich-text runs, used by dashboard cells.
        parts["xl/sharedStrings.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">'
            '<si><t>Итог</t></si><si><r><rPr><b/><sz val="11"/></rPr><t>Важно:</t></r>'
            '<r><rPr><i/><sz val="11"/></rPr><t xml:space="preserve"> проверить</t></r></si></sst>'
        ).encode()
        _add_rel(parts, wb_rels, "rIdSst", f"{REL}/sharedStrings", "sharedStrings.xml")
        _add_type(
            parts,
            "xl/sharedStrings.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
        )
        parts[dash_sheet] = parts[dash_sheet].replace(
            b"</sheetData>", b'<row r="12"><c r="A12" t="s"><v>0</v></c><c r="B12" t="s"><v>1</v></c></row></sheetData>'
        )
        # A calcChain, as Excel leaves one (a build drops it: Excel rebuilds it).
        parts["xl/calcChain.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="B2" i="2"/><c r="B3"/><c r="B4"/></calcChain>'
        )
        _add_rel(parts, wb_rels, "rIdCalc", f"{REL}/calcChain", "calcChain.xml")
        _add_type(
            parts, "xl/calcChain.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"
        )

    _rewrite(path, edit)


def rich_user_workbook(path: Path) -> Path:
    base_workbook(path)
    inject_everything(path)
    return path


def parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def sheet_part(path: Path, sheet: str) -> str:
    """The part name of the sheet called `sheet`."""
    from lxml import etree

    parts = parts_of(path)
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main", "r": REL}
    workbook = etree.fromstring(parts["xl/workbook.xml"])
    rid = workbook.xpath("//m:sheet[@name=$n]/@r:id", namespaces=ns, n=sheet)[0]
    rels = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    target = rels.xpath("//*[@Id=$i]/@Target", i=rid)[0]
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def type_into(path: Path, sheet: str, ref: str, value: object) -> None:
    """Put a value into a cell at the zip level, as Excel would save it (a text inline, a
    number, or a formula when the text starts with '=')."""
    import re

    from lxml import etree

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    part = sheet_part(path, sheet)
    row_number = int(re.sub(r"[A-Z]", "", ref))
    col = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(re.sub(r"\d", "", ref))))

    def column(c):
        letters = re.sub(r"\d", "", c.get("r"))
        return sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(letters)))

    def edit(parts):
        root = etree.fromstring(parts[part])
        data = root.find(f"{{{main}}}sheetData")
        row = next((r for r in data if int(r.get("r")) == row_number), None)
        if row is None:
            row = etree.Element(f"{{{main}}}row", r=str(row_number))
            later = next((r for r in data if int(r.get("r")) > row_number), None)
            data.append(row) if later is None else later.addprevious(row)
        cell = next((c for c in row if c.get("r") == ref), None)
        if cell is None:
            cell = etree.Element(f"{{{main}}}c", r=ref)
            later = next((c for c in row if column(c) > col), None)
            row.append(cell) if later is None else later.addprevious(cell)
        for child in list(cell):
            cell.remove(child)
        cell.attrib.pop("t", None)
        if isinstance(value, str) and value.startswith("="):
            etree.SubElement(cell, f"{{{main}}}f").text = value[1:]
        elif isinstance(value, str):
            cell.set("t", "inlineStr")
            etree.SubElement(etree.SubElement(cell, f"{{{main}}}is"), f"{{{main}}}t").text = value
        else:
            etree.SubElement(cell, f"{{{main}}}v").text = repr(value)
        parts[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    _rewrite(path, edit)


def rename_sheet(path: Path, old: str, new: str) -> None:
    """Rename a sheet as Excel does: workbook.xml's entry, and the user's formulas that name it."""

    def edit(parts):
        for name in list(parts):
            if name == "xl/workbook.xml" or (name.startswith("xl/worksheets/sheet") and name.endswith(".xml")):
                text = parts[name].decode("utf-8")
                if name == "xl/workbook.xml":
                    text = text.replace(f'name="{old}"', f'name="{new}"')
                text = text.replace(f"'{old}'!", f"'{new}'!")
                parts[name] = text.encode("utf-8")

    _rewrite(path, edit)
