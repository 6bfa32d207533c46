"""In-place builds splice our sheets into the user's workbook: every part of theirs stays
byte for byte, workbook.xml and styles.xml keep every user entry, LibreOffice still computes
their formulas, and our formula cells carry cached values."""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from libreoffice import convert
from lxml import etree
from package_fixtures import DASHBOARD, USER_FORMULAS, parts_of, rich_user_workbook, type_into
from sheets import summary_cell, summary_value

from keyclients_xl import build
from keyclients_xl.excel import make_workbook
from keyclients_xl.report.key_clients import HEADER_ROW

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# The parts a splice edits (the rest must come through byte for byte).
EDITED = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}
# Each content kind and the user's parts that hold it.
KINDS = {
    "sparklines and 2010 data bars": ["xl/worksheets/sheet1.xml"],
    "sheet background picture": ["xl/media/background.png", "xl/worksheets/_rels/sheet1.xml.rels"],
    "header/footer picture": ["xl/drawings/vmlDrawingHF1.vml", "xl/drawings/_rels/vmlDrawingHF1.vml.rels"],
    "threaded comments": ["xl/threadedComments/threadedComment1.xml", "xl/persons/person.xml"],
    "dynamic-array formula": ["xl/metadata.xml", "xl/worksheets/sheet2.xml"],
    "Power Query connection": ["xl/connections.xml", "customXml/item1.xml"],
    "customXml parts": ["customXml/item1.xml", "customXml/itemProps1.xml", "customXml/_rels/item1.xml.rels"],
    "legacy form control": ["xl/ctrlProps/ctrlProp1.xml", "xl/worksheets/_rels/sheet2.xml.rels"],
    "custom views": ["xl/worksheets/sheet1.xml"],
    "rich text": ["xl/worksheets/sheet2.xml", "xl/sharedStrings.xml"],
    "chart": ["xl/charts/chart1.xml", "xl/drawings/drawing1.xml", "xl/drawings/_rels/drawing1.xml.rels"],
    "picture": ["xl/drawings/drawing9.xml", "xl/media/logo.png"],
    "pivot table": [
        "xl/pivotTables/pivotTable1.xml",
        "xl/pivotCache/pivotCacheDefinition1.xml",
        "xl/pivotCache/pivotCacheRecords1.xml",
    ],
    "legacy note (comment)": ["xl/comments/comment1.xml"],
    "theme and document properties": ["xl/theme/theme1.xml", "docProps/core.xml", "docProps/app.xml"],
}


def write_export(path: Path, clients: dict[str, tuple[float, float, float]]) -> Path:
    lines = ["Дата;Контрагент;Сумма"]
    for client, amounts in clients.items():
        for date, amount in zip(("01.08.2026", "01.09.2026", "31.10.2026"), amounts, strict=True):
            lines.append(f"{date};{client};{amount}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


CLIENTS = {"Альфа": (90.0, 0.0, 30.0), "Бета": (50.0, 50.0, 50.0), "Гамма": (1.0, 2.0, 3.0)}


@pytest.fixture(scope="module")
def rich_builds(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """The rich workbook before, after a first build, and after a second one in English."""
    folder = tmp_path_factory.mktemp("rich")
    workbook = rich_user_workbook(folder / "Отдел продаж.xlsx")
    export = write_export(folder / "export.csv", CLIENTS)
    states = {"before": parts_of(workbook)}
    build(workbook, [export])
    states["first"] = parts_of(workbook)
    build(workbook, [export], lang="en", top_n=1)
    states["second"] = parts_of(workbook)
    states["path"] = workbook  # type: ignore[assignment]
    return states


def test_the_fixture_holds_every_kind(rich_builds):
    before = rich_builds["before"]
    for kind, names in KINDS.items():
        assert all(name in before for name in names), kind
    sheet1, sheet2 = before["xl/worksheets/sheet1.xml"], before["xl/worksheets/sheet2.xml"]
    assert b"x14:sparklineGroup" in sheet1 and b"x14:dataBar" in sheet1 and b"customSheetView" in sheet1
    assert b"_xlws.FILTER" in sheet2 and b'cm="1"' in sheet2 and b"<r>" in sheet2  # rich text runs
    assert b'<c r="B12" t="s"><v>1</v></c>' in sheet2  # a shared string with runs


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("state", ["first", "second"])
def test_user_parts_survive_byte_for_byte(rich_builds, kind, state):
    before, after = rich_builds["before"], rich_builds[state]
    for name in KINDS[kind]:
        assert after.get(name) == before[name], f"{kind}: {name}"


@pytest.mark.parametrize("state", ["first", "second"])
def test_every_user_part_but_the_edited_ones_is_kept(rich_builds, state):
    before, after = rich_builds["before"], rich_builds[state]
    changed = [name for name in before if name not in EDITED and after.get(name) != before[name]]
    assert changed == ["xl/calcChain.xml"]  # dropped: Excel rebuilds it
    assert "xl/calcChain.xml" not in after and b"calcChain" not in after["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in after["[Content_Types].xml"]


def _children(xml: bytes) -> dict[str, list[bytes]]:
    root = etree.fromstring(xml)
    found: dict[str, list[bytes]] = {}
    for child in root:
        found.setdefault(etree.QName(child).localname, []).append(etree.tostring(child, method="c14n"))
    return found


def test_workbook_xml_keeps_every_user_element(rich_builds):
    before, after = (etree.fromstring(rich_builds[s]["xl/workbook.xml"]) for s in ("before", "second"))
    ns = {"m": MAIN}
    for tag in ("customWorkbookViews", "pivotCaches", "workbookPr"):
        old, new = before.find(f"m:{tag}", ns), after.find(f"m:{tag}", ns)
        assert new is not None and etree.tostring(new, method="c14n") == etree.tostring(old, method="c14n"), tag
    user_sheets = [etree.tostring(s, method="c14n") for s in before.iterfind("m:sheets/m:sheet", ns)]
    after_sheets = [etree.tostring(s, method="c14n") for s in after.iterfind("m:sheets/m:sheet", ns)]
    assert all(sheet in after_sheets for sheet in user_sheets)
    names_before = {(n.get("name"), n.text) for n in before.iterfind("m:definedNames/m:definedName", ns)}
    names_after = {(n.get("name"), n.text) for n in after.iterfind("m:definedNames/m:definedName", ns)}
    assert ("Plan", "Данные!$B$2:$B$4") in names_before <= names_after
    assert after.find("m:calcPr", ns).get("fullCalcOnLoad") == "1"  # the user's formulas read our sheets
    # Schema order kept: definedNames after sheets, calcPr after them, the views and pivots after that.
    order = [etree.QName(child).localname for child in after]
    assert order.index("sheets") < order.index("definedNames") < order.index("calcPr") < order.index("pivotCaches")


def test_styles_xml_keeps_the_user_styles_at_their_indices(rich_builds):
    before, after = (_children(rich_builds[s]["xl/styles.xml"]) for s in ("before", "second"))
    root_before = etree.fromstring(rich_builds["before"]["xl/styles.xml"])
    for section in ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs"):
        old = root_before.find(f"{{{MAIN}}}{section}")
        new = etree.fromstring(rich_builds["second"]["xl/styles.xml"]).find(f"{{{MAIN}}}{section}")
        if old is None:
            continue
        old_items = [etree.tostring(c, method="c14n") for c in old]
        new_items = [etree.tostring(c, method="c14n") for c in new]
        assert new_items[: len(old_items)] == old_items, section
        assert int(new.get("count", len(new))) == len(new_items), section
    assert before.keys() <= after.keys()


def test_a_rebuild_does_not_grow_styles(rich_builds):
    """Our styles are appended once; the next build finds them and reuses them."""
    first = etree.fromstring(rich_builds["first"]["xl/styles.xml"])
    second = etree.fromstring(rich_builds["second"]["xl/styles.xml"])
    for section in ("fonts", "fills", "borders", "cellXfs", "dxfs"):
        # dxfs: one more, the grey of the account cards of clients who left (top_n=1), added once
        extra = 1 if section == "dxfs" else 0
        assert len(second.find(f"{{{MAIN}}}{section}")) == len(first.find(f"{{{MAIN}}}{section}")) + extra, section


def test_the_next_build_of_a_report_reuses_its_own_cell_formats(tmp_path):
    """A report openpyxl wrote, built again in place: no format appended (before, every one of
    ours was, once: the report's were written without apply… flags), and each cell of ours shows
    as it did."""
    workbook = tmp_path / "KeyClients.xlsx"
    export = write_export(tmp_path / "export.csv", CLIENTS)
    build(workbook, [export])

    def looks():
        with zipfile.ZipFile(workbook) as archive:
            count = len(etree.fromstring(archive.read("xl/styles.xml")).find(f"{{{MAIN}}}cellXfs"))
        sheet = openpyxl.load_workbook(workbook)["Ключевые клиенты"]
        shown = {
            cell.coordinate: (cell.font.b, cell.number_format, cell.fill.fgColor.rgb, cell.alignment.horizontal)
            for row in sheet.iter_rows()
            for cell in row
        }
        return count, shown

    count, shown = looks()
    build(workbook, [export])
    assert looks() == (count, shown)
    assert any(bold for bold, *_ in shown.values()) and len({look for look in shown.values()}) > 3


def test_user_styles_still_show_on_the_user_cell(rich_builds):
    cell = openpyxl.load_workbook(rich_builds["path"])[DASHBOARD]["D1"]
    assert (cell.font.name, cell.font.sz, cell.fill.fgColor.rgb) == ("Georgia", 17, "FFDDEEFF")


def test_shared_strings_are_untouched(rich_builds):
    before, after = rich_builds["before"], rich_builds["second"]
    assert b"<r><rPr><b/>" in before["xl/sharedStrings.xml"]  # rich text runs
    assert after["xl/sharedStrings.xml"] == before["xl/sharedStrings.xml"]


def test_libreoffice_opens_the_result_and_computes_the_user_formulas(rich_builds, soffice, tmp_path):
    converted = convert(soffice, [rich_builds["path"]], "xlsx", tmp_path / "lo", recalculate=True)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(converted, data_only=True)
    assert {cell: book[DASHBOARD][cell].value for cell in USER_FORMULAS} == USER_FORMULAS
    assert "Ключевые клиенты" in book.sheetnames  # the English rebuild kept the sheet names


# ---------------------------------------------------------------- cached values of our formulas


@pytest.fixture(scope="module")
def simple_build(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("simple")
    export = write_export(folder / "export.csv", CLIENTS)
    return build(folder / "KeyClients.xlsx", [export], top_n=2).path


FIRST = HEADER_ROW + 1  # the table's first client row


def setting(sheet, key: str) -> object:
    """A value of the settings sheet, found by its key in column A."""
    return next(row[1].value for row in sheet.iter_rows() if row[0].value == key)


def formula_cells(path: Path) -> dict[str, str]:
    sheet = openpyxl.load_workbook(path)["Ключевые клиенты"]
    return {c.coordinate: c.value for row in sheet.iter_rows() for c in row if c.data_type == "f"}


def test_formula_cells_carry_their_values_without_recalculation(simple_build):
    formulas = formula_cells(simple_build)
    values = openpyxl.load_workbook(simple_build, data_only=True)["Ключевые клиенты"]
    assert formulas and all(values[ref].value is not None for ref in formulas)
    # By hand: averages Бета 50, Альфа 40, Гамма 2; total 92.
    rows = {values.cell(r, 2).value: r for r in range(FIRST, FIRST + 3)}
    assert values.cell(rows["Бета"], 6).value == pytest.approx(50.0)
    assert values.cell(rows["Альфа"], 6).value == pytest.approx(40.0)
    assert values.cell(rows["Альфа"], 7).value == pytest.approx(40 / 92)
    assert values.cell(rows["Гамма"], 8).value == pytest.approx(1.0)
    assert summary_value(values, "Ключевых клиентов") == 2
    assert summary_value(values, "Продажи за период") == pytest.approx(276.0)
    assert summary_value(values, "Доля ключевых в продажах") == pytest.approx(90 / 92)


def test_libreoffice_recalculates_our_formulas_to_the_cached_values(simple_build, soffice, tmp_path):
    converted = convert(soffice, [simple_build], "xlsx", tmp_path / "lo", recalculate=True)[0]
    ours = openpyxl.load_workbook(simple_build, data_only=True)["Ключевые клиенты"]
    theirs = openpyxl.load_workbook(converted, data_only=True)["Ключевые клиенты"]
    for ref in formula_cells(simple_build):
        assert theirs[ref].value == pytest.approx(ours[ref].value, rel=1e-9), ref


# ---------------------------------------------------------------- .xlsm


def test_xlsm_vba_project_and_ribbon_are_kept(tmp_path):
    workbook = make_workbook(tmp_path / "KeyClients.xlsm", "ru")
    before = parts_of(workbook)
    build(workbook, [write_export(tmp_path / "export.csv", CLIENTS)])
    after = parts_of(workbook)
    for name in ("xl/vbaProject.bin", "customUI/customUI.xml", "_rels/.rels", "xl/worksheets/sheet1.xml"):
        assert after[name] == before[name], name
    assert b"application/vnd.ms-excel.sheet.macroEnabled.main+xml" in after["[Content_Types].xml"]
    # The new settings sheet keeps the old one's VBA code name: its document module stays attached.
    from package_fixtures import sheet_part

    assert b'codeName="Sheet3"' in after[sheet_part(workbook, "Настройки")]


def test_xlsm_written_as_xlsx_drops_the_vba_with_a_note(tmp_path):
    workbook = make_workbook(tmp_path / "KeyClients.xlsm", "ru")
    result = build(workbook, [write_export(tmp_path / "export.csv", CLIENTS)], out=tmp_path / "copy.xlsx")
    after = parts_of(tmp_path / "copy.xlsx")
    assert "xl/vbaProject.bin" not in after and b"vbaProject" not in after["xl/_rels/workbook.xml.rels"]
    types = after["[Content_Types].xml"]
    assert b"spreadsheetml.sheet.main+xml" in types and b"macroEnabled" not in types and b"vbaProject" not in types
    assert "customUI/customUI.xml" not in after and b"customUI" not in after["_rels/.rels"]
    assert any("макрос" in note for note in result.notes)
    assert openpyxl.load_workbook(tmp_path / "copy.xlsx").sheetnames[:2] == ["Выгрузка", "По месяцам"]


# ---------------------------------------------------------------- whose sheet is it


def test_a_user_sheet_named_like_ours_is_never_touched(tmp_path):
    workbook = tmp_path / "Мой.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Настройки"
    book.active["A1"] = "мои настройки принтера"
    book.create_sheet("Key clients")["B2"] = "my own list"
    book.save(workbook)
    before = parts_of(workbook)
    result = build(workbook, [write_export(tmp_path / "export.csv", CLIENTS)], lang="ru")
    after = parts_of(workbook)
    assert after["xl/worksheets/sheet1.xml"] == before["xl/worksheets/sheet1.xml"]
    assert after["xl/worksheets/sheet2.xml"] == before["xl/worksheets/sheet2.xml"]
    names = openpyxl.load_workbook(workbook).sheetnames
    # Ours first (the key-client sheet, then the other report sheets), the user's two at the end.
    assert names[0] == "Ключевые клиенты" and names[-2:] == ["Настройки", "Key clients"] and "Настройки (2)" in names
    assert any("«Настройки (2)»" in note for note in result.notes)
    # The next build finds its own settings sheet by the marker, and still leaves the user's alone.
    build(workbook, [tmp_path / "export.csv"], top_n=1, save_settings=True)
    again = parts_of(workbook)
    assert again["xl/worksheets/sheet1.xml"] == before["xl/worksheets/sheet1.xml"]
    assert openpyxl.load_workbook(workbook).sheetnames == names
    assert setting(openpyxl.load_workbook(workbook)["Настройки (2)"], "top_n") == 1  # stored on ours


def test_a_report_sheet_the_user_renamed_becomes_theirs(tmp_path):
    from package_fixtures import rename_sheet, sheet_part

    workbook = tmp_path / "KeyClients.xlsx"
    export = write_export(tmp_path / "export.csv", CLIENTS)
    build(workbook, [export])
    rename_sheet(workbook, "Ключевые клиенты", "Октябрь")
    kept = parts_of(workbook)[sheet_part(workbook, "Октябрь")]
    build(workbook, [export])  # crashed before: "Table with name KeyClients already exists"
    assert parts_of(workbook)[sheet_part(workbook, "Октябрь")] == kept
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames[:2] == ["Октябрь", "Ключевые клиенты"]  # the new one beside the renamed one
    assert set(book["Октябрь"].tables) == {"KeyClients"}
    assert set(book["Ключевые клиенты"].tables) == {"KeyClients2"}


# ---------------------------------------------------------------- the user's input on our sheets


def built_with_comments(tmp_path: Path) -> tuple[Path, Path, dict[str, int], int]:
    """A report of CLIENTS: (workbook, export, client → its row, the Comment column's number)."""
    workbook = tmp_path / "KeyClients.xlsx"
    export = write_export(tmp_path / "export.csv", CLIENTS)
    build(workbook, [export])
    sheet = openpyxl.load_workbook(workbook)["Ключевые клиенты"]
    rows = {sheet.cell(r, 2).value: r for r in range(FIRST, FIRST + 3)}
    comment = next(cell.column for cell in sheet[HEADER_ROW] if cell.value == "Комментарий")
    return workbook, export, rows, comment


def test_comments_are_carried_by_client_and_archived_when_the_client_leaves(tmp_path):
    workbook, export, rows, comment = built_with_comments(tmp_path)
    letter = openpyxl.utils.get_column_letter(comment)
    type_into(workbook, "Ключевые клиенты", f"{letter}{rows['Альфа']}", "звонить по вторникам")
    type_into(workbook, "Ключевые клиенты", f"{letter}{rows['Гамма']}", "новый закупщик")

    # Гамма leaves the list, Бета's amounts change the order: comments follow their clients.
    write_export(export, {"Альфа": (90.0, 0.0, 30.0), "Бета": (500.0, 500.0, 500.0)})
    build(workbook, [export])
    sheet = openpyxl.load_workbook(workbook)["Ключевые клиенты"]
    table = {sheet.cell(r, 2).value: sheet.cell(r, comment).value for r in range(FIRST, FIRST + 2)}
    assert table == {"Бета": None, "Альфа": "звонить по вторникам"}
    label = "Комментарии к клиентам, которых больше нет в списке"
    start = next(cell.row for row in sheet.iter_rows(min_col=2, max_col=2) for cell in row if cell.value == label)
    archive = {sheet.cell(r, 2).value: sheet.cell(r, 3).value for r in range(start + 1, start + 3)}
    assert archive == {"Гамма": "новый закупщик", None: None}

    # Гамма is back: its comment returns to the table and the archive is gone.
    write_export(export, CLIENTS)
    build(workbook, [export])
    sheet = openpyxl.load_workbook(workbook)["Ключевые клиенты"]
    table = {sheet.cell(r, 2).value: sheet.cell(r, comment).value for r in range(FIRST, FIRST + 3)}
    assert table == {"Бета": None, "Альфа": "звонить по вторникам", "Гамма": "новый закупщик"}
    assert label not in {cell.value for row in sheet.iter_rows() for cell in row}


def test_cells_the_user_typed_on_our_sheet_stay_at_their_address(tmp_path):
    workbook = tmp_path / "KeyClients.xlsx"
    export = write_export(tmp_path / "export.csv", CLIENTS)
    build(workbook, [export])
    type_into(workbook, "Ключевые клиенты", "T3", "моя пометка")
    type_into(workbook, "Ключевые клиенты", "T4", 42.5)
    type_into(workbook, "Ключевые клиенты", "B40", "под таблицей")
    build(workbook, [export], top_n=1)
    sheet = openpyxl.load_workbook(workbook)["Ключевые клиенты"]
    assert (sheet["T3"].value, sheet["T4"].value, sheet["B40"].value) == ("моя пометка", 42.5, "под таблицей")

    # More clients: the table now needs B40. The build says so; the backup holds the old value.
    bigger = {**CLIENTS, **{f"Клиент {i:02d}": (float(i), 1.0, 1.0) for i in range(1, 41)}}
    result = build(workbook, [write_export(export, bigger)])
    sheet = openpyxl.load_workbook(workbook)["Ключевые клиенты"]
    assert sheet["B40"].value != "под таблицей" and sheet["T3"].value == "моя пометка"
    assert any("B40" in note and "под таблицей" in note for note in result.notes)
    assert openpyxl.load_workbook(result.backup)["Ключевые клиенты"]["B40"].value == "под таблицей"
    # Said first among the notes under the key-client table, which shows 8 (the rest on Settings).
    shown = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert any("B40" in text and "под таблицей" in text for text in shown)
    assert "B40" in result.notes[0]


def test_rows_inserted_in_a_spreadsheet_program_move_our_cells_with_them(tmp_path, soffice, python_with_uno):
    """A row inserted above the report and a note typed into it, in LibreOffice (which moves the
    cells, ranges and names below as Excel does): the note sat where the last build had written,
    by the marker's old addresses, and the next build replaced it without a word. The marker's
    cells are also kept as a reference, which the program moved: the note is the user's, and
    the build says it takes its cell. Rows inserted inside a table cannot be told from ours:
    the build says so."""
    from libreoffice import insert_rows

    workbook = tmp_path / "KeyClients.xlsx"
    export = write_export(tmp_path / "export.csv", CLIENTS)
    build(workbook, [export])
    fresh = [list(row) for row in openpyxl.load_workbook(workbook)["Ключевые клиенты"].iter_rows(values_only=True)]
    sheet = "Ключевые клиенты"
    above = insert_rows(
        python_with_uno, soffice, workbook, tmp_path / "above.xlsx", sheet, 1, 1, {(1, 1): "Позвонить"}, tmp_path
    )
    result = build(above, [export])
    taken = "ячейка A1 листа «Ключевые клиенты» (ваше значение «Позвонить») теперь занята отчётом"
    assert f"{taken}; прежнее значение осталось в резервной копии книги." in result.notes
    assert not any("вставлены или удалены" in note for note in result.notes)
    rebuilt = [list(row) for row in openpyxl.load_workbook(above)[sheet].iter_rows(values_only=True)]
    # Our rows, moved down one by the insert, were known as ours: none is carried as the user's
    # (the title's count of notes has the one about A1 more).
    assert rebuilt[1 : HEADER_ROW + len(CLIENTS)] == fresh[1 : HEADER_ROW + len(CLIENTS)]
    assert len(rebuilt) == len(fresh) + 1
    assert not any("Позвонить" in str(cell) for row in rebuilt for cell in row if "ячейка" not in str(cell))

    inside = insert_rows(
        python_with_uno,
        soffice,
        workbook,
        tmp_path / "inside.xlsx",
        sheet,
        HEADER_ROW + 2,
        1,
        {(HEADER_ROW + 2, 2): "заметка"},
        tmp_path,
    )
    result = build(inside, [export])
    assert any(
        note.startswith("на листе «Ключевые клиенты» после прошлого отчёта вставлены или удалены строки или столбцы")
        for note in result.notes
    )


def test_user_formula_pointing_at_our_sheet_survives_rebuild_and_language_switch(tmp_path, soffice):
    workbook = tmp_path / "KeyClients.xlsx"
    export = write_export(tmp_path / "export.csv", CLIENTS)
    book = openpyxl.Workbook()
    book.active.title = DASHBOARD
    book.save(workbook)
    build(workbook, [export])
    clients_cell = summary_cell(openpyxl.load_workbook(workbook)["Ключевые клиенты"], "Клиентов с отгрузками")
    type_into(workbook, DASHBOARD, "A1", f"='Ключевые клиенты'!B{FIRST}")  # the top client
    type_into(workbook, DASHBOARD, "A2", f"='Ключевые клиенты'!F{FIRST}*2")  # its average, doubled
    type_into(workbook, DASHBOARD, "A3", f"=SUM('Ключевые клиенты'!{clients_cell})")  # clients with shipments

    def dashboard() -> list:
        converted = convert(soffice, [workbook], "xlsx", tmp_path / "lo", recalculate=True)[0]
        sheet = openpyxl.load_workbook(converted, data_only=True)[DASHBOARD]
        return [sheet["A1"].value, sheet["A2"].value, sheet["A3"].value]

    expected = ["Бета", 100, 3]
    assert dashboard() == expected
    build(workbook, [export])
    assert dashboard() == expected
    result = build(workbook, [export], lang="en")
    assert dashboard() == expected
    names = openpyxl.load_workbook(workbook).sheetnames
    assert names[0] == "Ключевые клиенты" and names[-1] == DASHBOARD and "Настройки" in names
    assert not {"Key clients", "Settings"} & set(names)
    assert any("'Ключевые клиенты'" in note for note in result.notes)


def test_new_workbook_is_the_rendered_package_with_markers(tmp_path):
    from keyclients_xl import new_workbook

    path = new_workbook(tmp_path / "New.xlsx", "en")
    with zipfile.ZipFile(path) as package:
        workbook = package.read("xl/workbook.xml").decode()
        assert "sharedStrings" not in " ".join(package.namelist())
    assert '_KeyClients" localSheetId="0" hidden="1">"settings|Settings|' in workbook


def test_a_build_never_reads_the_users_other_sheets(tmp_path, monkeypatch):
    """Only our own parts and the package's bookkeeping are opened: a big data sheet of the
    user's is copied as compressed bytes (time in proportion to our sheets, not theirs)."""
    workbook = rich_user_workbook(tmp_path / "Отдел продаж.xlsx")
    export = write_export(tmp_path / "export.csv", CLIENTS)
    build(workbook, [export])
    assert "xl/sharedStrings.xml" in parts_of(workbook)
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def recording_open(self, name, *args, **kwargs):
        if self.filename and Path(self.filename).name == workbook.name:  # not our in-memory render
            opened.append(name if isinstance(name, str) else name.filename)
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", recording_open)
    build(workbook, [export], top_n=1)
    user_parts = [
        "xl/worksheets/sheet1.xml",  # the data sheet
        "xl/worksheets/sheet2.xml",  # the dashboard
        "xl/charts/chart1.xml",
        "xl/pivotCache/pivotCacheDefinition1.xml",
        "xl/media/logo.png",
        "xl/sharedStrings.xml",  # the user's strings: ours are inline
    ]
    assert not [name for name in opened if name in user_parts]
    assert "xl/workbook.xml" in opened  # what it does read


def test_a_workbook_built_before_markers_existed_is_recognised_by_name_and_content(tmp_path, monkeypatch):
    """Workbooks of earlier versions carry no markers: our sheets are found by their names and
    content (a KeyClients Table; the settings keys), replaced, and marked from then on."""
    import re

    workbook = tmp_path / "KeyClients.xlsx"
    export = write_export(tmp_path / "export.csv", CLIENTS)
    with monkeypatch.context() as earlier:  # an earlier version: the key-client and settings sheets only
        earlier.setattr("keyclients_xl.stages.STAGES", ())
        build(workbook, [export], top_n=1, save_settings=True)

    def strip_markers(parts):
        parts["xl/workbook.xml"] = re.sub(
            rb'<definedName name="_KeyClients(?:Cells)?"[^>]*>[^<]*</definedName>', b"", parts["xl/workbook.xml"]
        )

    from package_fixtures import _rewrite

    _rewrite(workbook, strip_markers)
    assert b"_KeyClients" not in parts_of(workbook)["xl/workbook.xml"]
    build(workbook, [export])  # top_n 1 is read back from the unmarked settings sheet
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames[0] == "Ключевые клиенты" and "Настройки" in book.sheetnames
    assert not any(name.endswith("(2)") for name in book.sheetnames)  # neither was taken for a user's
    assert set(book["Ключевые клиенты"].tables) == {"KeyClients"}
    assert setting(book["Настройки"], "top_n") == 1
    assert parts_of(workbook)["xl/workbook.xml"].count(b'name="_KeyClients"') == len(book.sheetnames)


def test_a_new_workbook_holds_each_of_our_cell_formats_once(tmp_path):
    """A new workbook is its own base: its styles are already ours, so nothing is appended again
    and no cell's look is renumbered. Every cell format but the default one is used by a cell."""
    out = tmp_path / "new.xlsx"
    build(out, [write_export(tmp_path / "export.csv", CLIENTS)], today=dt.date(2026, 11, 20), lang="ru")
    with zipfile.ZipFile(out) as package:
        styles = etree.fromstring(package.read("xl/styles.xml"))
        used = set()
        for name in package.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                sheet = etree.fromstring(package.read(name))
                used |= {int(c.get("s")) for c in sheet.iter(f"{{{MAIN}}}c") if c.get("s") is not None}
    formats = styles.find(f"{{{MAIN}}}cellXfs")
    assert int(formats.get("count")) == len(formats)
    assert used == set(range(1, len(formats)))


def test_a_comment_follows_its_client_when_the_next_export_spells_it_otherwise(tmp_path):
    """«ООО «Опт»» in October, 'ООО "Опт"' in November: one client for the ranking, History and the
    cards, but its comment went to 'no longer in the list' while the client stood at rank 1."""
    workbook = tmp_path / "KeyClients.xlsx"
    export = write_export(tmp_path / "export.csv", {"ООО «Опт»": (90.0, 90.0, 90.0), "Бета": (50.0, 50.0, 50.0)})
    build(workbook, [export])
    sheet = openpyxl.load_workbook(workbook)["Ключевые клиенты"]
    comment = next(cell.column for cell in sheet[HEADER_ROW] if cell.value == "Комментарий")
    type_into(workbook, "Ключевые клиенты", f"{openpyxl.utils.get_column_letter(comment)}{FIRST}", "директор сменился")
    write_export(export, {'ООО "Опт"': (90.0, 90.0, 90.0), "Бета": (50.0, 50.0, 50.0)})
    build(workbook, [export])
    sheet = openpyxl.load_workbook(workbook)["Ключевые клиенты"]
    assert (sheet.cell(FIRST, 2).value, sheet.cell(FIRST, comment).value) == ('ООО "Опт"', "директор сменился")
    assert "Комментарии к клиентам, которых больше нет в списке" not in {
        c.value for row in sheet.iter_rows() for c in row
    }


def test_comments_typed_as_numbers_and_an_archive_the_user_moved_are_read_back(tmp_path):
    """A comment Excel keeps as a number, and the archive of comments moved by the user to
    column J under its label: each comment goes back to its client's row in the table."""
    workbook, export, rows, comment = built_with_comments(tmp_path)
    type_into(workbook, "Ключевые клиенты", f"{openpyxl.utils.get_column_letter(comment)}{rows['Альфа']}", 42)
    type_into(workbook, "Ключевые клиенты", "J40", "Комментарии к клиентам, которых больше нет в списке")
    type_into(workbook, "Ключевые клиенты", "J41", "Гамма")
    type_into(workbook, "Ключевые клиенты", "K41", 7)
    build(workbook, [export])
    sheet = openpyxl.load_workbook(workbook)["Ключевые клиенты"]
    table = {sheet.cell(r, 2).value: sheet.cell(r, comment).value for r in range(FIRST, FIRST + 3)}
    assert table == {"Бета": None, "Альфа": "42", "Гамма": "7"}
    assert [sheet["J41"].value, sheet["K41"].value] == ["Гамма", 7]  # the user's cells stay where they were


def test_one_pass_reads_a_sheets_values_and_finds_the_users_cells(tmp_path):
    """The pass that reads our key-client sheet's comments also finds the cells the user typed
    outside our layout; delivery asks again each round and gets them without another pass."""
    from keyclients_xl.deliver import open_existing, read_comments
    from keyclients_xl.deliver.existing import user_cells

    workbook = tmp_path / "KeyClients.xlsx"
    build(workbook, [write_export(tmp_path / "export.csv", CLIENTS)])
    type_into(workbook, "Ключевые клиенты", "T3", "моя пометка")
    type_into(workbook, "Ключевые клиенты", "B40", 42.5)
    type_into(workbook, "Контакты", "A10", "Альфа")
    type_into(workbook, "Контакты", "B10", "Иван Петров")
    existing = open_existing(workbook)
    try:
        sheet = existing.one("key_clients")
        assert read_comments(existing) == {}
        found = existing.carried[sheet.part]
        assert [(c.row, c.col, existing.reader.value(c.element)) for c in found] == [
            (3, 20, "моя пометка"),
            (40, 2, 42.5),
        ]
        assert user_cells(existing, sheet) is found
        del existing.carried[sheet.part]  # a sheet the build did not read: its own pass, the same cells
        assert [(c.row, c.col) for c in user_cells(existing, sheet)] == [(3, 20), (40, 2)]
        # An input sheet is the manager's, never replaced: reading it copies none of its cells.
        contacts = existing.one("input:sheet.contacts")
        assert existing.rows(contacts)[-1][:2] == ["Альфа", "Иван Петров"]
        assert contacts.part not in existing.carried
    finally:
        existing.close()


@pytest.mark.parametrize("ref", ["", "A", "12", "b12", "ABCD1", "A1B", "A١", "A 1", "A-1", "A1.5"])
def test_a_cell_reference_that_is_not_letters_then_digits_is_refused(ref):
    from keyclients_xl.deliver.package import PackageError
    from keyclients_xl.deliver.sheet_read import split_ref

    with pytest.raises(PackageError):
        split_ref(ref)
    assert split_ref("B12") == (12, 2) and split_ref("XFD1048576") == (1_048_576, 16_384)
