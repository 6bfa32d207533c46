"""What the manager set on a sheet of ours survives the next build, which writes that sheet anew.

Found by a probe that edited a built workbook as Excel would and built the next month into it:
- a slicer on our KeyClients Table names the Table by its id, and every build gave the Table a
  new id (the highest kept + 1): Excel would drop the slicer, though it sits on the user's sheet;
- a sheet of ours the manager hid (History, Changes) was shown again by every build;
- a name the manager scoped to a sheet of ours (`localSheetId`) was deleted: #NAME? in its formulas.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from cycle_helpers import write_export
from lxml import etree

from keyclients_xl import build

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
AMOUNTS = {"A": [100, 100, 100, 100], "B": [80, 80, 80, 10], "C": [50, 50, 50, 90], "D": [30, 30, 30, 20]}


def parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def write_parts(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def table_ids(parts: dict[str, bytes]) -> dict[str, int]:
    """Table name → id."""
    found = {}
    for name, data in parts.items():
        if name.startswith("xl/tables/"):
            root = etree.fromstring(data)
            found[root.get("name")] = int(root.get("id"))
    return found


def sheets_and_names(parts: dict[str, bytes]) -> tuple[list[tuple[str, str | None]], list[tuple]]:
    """[(sheet name, state)] in order, and [(name, the sheet it is local to, text)]."""
    root = etree.fromstring(parts["xl/workbook.xml"])
    sheets = [(s.get("name"), s.get("state")) for s in root.iter(f"{{{M}}}sheet")]
    names = [
        (n.get("name"), sheets[int(n.get("localSheetId"))][0] if n.get("localSheetId") else None, n.text)
        for n in root.iter(f"{{{M}}}definedName")
    ]
    return sheets, names


def test_a_rebuild_keeps_table_ids_hidden_sheets_and_the_users_names_on_our_sheets(tmp_path):
    book = tmp_path / "KeyClients.xlsx"
    first = {client: values[:3] for client, values in AMOUNTS.items()}
    build(book, [write_export(tmp_path / "oct.csv", first, "2026-08")], top_n=2, today=dt.date(2026, 11, 15))
    parts = parts_of(book)
    ids_before = table_ids(parts)
    sheets, _ = sheets_and_names(parts)
    position = {name: i for i, (name, _) in enumerate(sheets)}
    workbook = etree.fromstring(parts["xl/workbook.xml"])
    for sheet in workbook.iter(f"{{{M}}}sheet"):
        if sheet.get("name") in ("История", "Изменения"):
            sheet.set("state", "hidden")
    local = etree.SubElement(workbook.find(f"{{{M}}}definedNames"), f"{{{M}}}definedName", name="Звонок")
    local.set("localSheetId", str(position["Ключевые клиенты"]))
    local.text = "'Ключевые клиенты'!$R$2"
    parts["xl/workbook.xml"] = etree.tostring(workbook, xml_declaration=True, encoding="UTF-8", standalone=True)
    write_parts(book, parts)

    november = write_export(tmp_path / "nov.csv", AMOUNTS, "2026-08")
    build(book, [november], today=dt.date(2026, 12, 10))
    parts = parts_of(book)
    ids_after = table_ids(parts)
    assert "KeyClients" in ids_after and len(ids_after) > 10
    assert {name: ids_before[name] for name in ids_after} == ids_after  # each Table of ours keeps its id
    sheets, names = sheets_and_names(parts)
    states = dict(sheets)
    assert (states["История"], states["Изменения"], states["Ключевые клиенты"]) == ("hidden", "hidden", None)
    assert ("Звонок", "Ключевые клиенты", "'Ключевые клиенты'!$R$2") in names
    # Our own print areas are written once per sheet, not once more each build.
    local_names = [(name, sheet) for name, sheet, _ in names if sheet is not None]
    assert len(local_names) == len(set(local_names))


def test_a_new_key_clients_card_goes_above_the_totals_row_the_manager_added(tmp_path):
    """The manager turned on the Total Row of the Account cards Table; November brings a new key
    client (C). Its card went under the totals row, the Table grew over it (the card became the
    totals row), and the next build read «Итог» as a client."""
    book = tmp_path / "KeyClients.xlsx"
    first = {client: values[:3] for client, values in AMOUNTS.items()}
    build(book, [write_export(tmp_path / "oct.csv", first, "2026-08")], top_n=2, today=dt.date(2026, 11, 15))
    parts = parts_of(book)
    [(table_part, table)] = [
        (name, etree.fromstring(data)) for name, data in parts.items() if name.startswith("xl/tables/")
        and etree.fromstring(data).get("name") == "AccountCards"
    ]  # fmt: skip
    assert (table.get("ref"), table.find(f"{{{M}}}autoFilter").get("ref")) == ("A2:J4", "A2:J4")  # A and B
    table.set("ref", "A2:J5")
    table.set("totalsRowCount", "1")
    table.find(f"{{{M}}}autoFilter").set("ref", "A2:J4")
    parts[table_part] = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
    sheet_part = next(
        name
        for name in parts
        if parts.get(name.replace("worksheets/", "worksheets/_rels/") + ".rels", b"").find(
            table_part.split("/")[-1].encode()
        )
        >= 0
    )
    sheet = etree.fromstring(parts[sheet_part])
    data = sheet.find(f"{{{M}}}sheetData")
    totals = etree.SubElement(data, f"{{{M}}}row", r="5")
    label = etree.SubElement(totals, f"{{{M}}}c", r="A5", t="inlineStr")
    etree.SubElement(etree.SubElement(label, f"{{{M}}}is"), f"{{{M}}}t").text = "Итог"
    count = etree.SubElement(totals, f"{{{M}}}c", r="B5")
    etree.SubElement(count, f"{{{M}}}f").text = "SUBTOTAL(103,AccountCards[Менеджер])"
    parts[sheet_part] = etree.tostring(sheet, xml_declaration=True, encoding="UTF-8", standalone=True)
    write_parts(book, parts)

    november = write_export(tmp_path / "nov.csv", AMOUNTS, "2026-08")
    result = build(book, [november], top_n=2, today=dt.date(2026, 12, 10))
    import openpyxl

    cards = openpyxl.load_workbook(book)["Карточки клиентов"]
    assert [cards.cell(row, 1).value for row in range(3, 7)] == ["A", "B", "C", "Итог"]
    assert cards["B6"].value == "=SUBTOTAL(103,AccountCards[Менеджер])"
    table = cards.tables["AccountCards"]
    assert (table.ref, table.totalsRowCount, table.autoFilter.ref) == ("A2:J6", 1, "A2:J5")
    assert not [note for note in result.notes if "Итог" in note]  # the totals row is no client
    build(book, [november], top_n=2, today=dt.date(2026, 12, 10))
    assert [openpyxl.load_workbook(book)["Карточки клиентов"].cell(row, 1).value for row in range(3, 7)] == [
        "A",
        "B",
        "C",
        "Итог",
    ]  # built again: C is known, nothing added


def test_notes_on_a_sheet_of_ours_are_named_with_where_they_are_kept(tmp_path):
    """A note (comment) on B5 of the key-client sheet went with the rebuilt sheet without a word."""
    book = tmp_path / "KeyClients.xlsx"
    first = {client: values[:3] for client, values in AMOUNTS.items()}
    october = write_export(tmp_path / "oct.csv", first, "2026-08")
    build(book, [october], top_n=2, today=dt.date(2026, 11, 15))
    parts = parts_of(book)
    workbook = etree.fromstring(parts["xl/workbook.xml"])
    rid = next(s.get(f"{{{R}}}id") for s in workbook.iter(f"{{{M}}}sheet") if s.get("name") == "Ключевые клиенты")
    rels = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    sheet = "xl/" + next(r.get("Target") for r in rels if r.get("Id") == rid).removeprefix("/xl/").removeprefix("/")
    sheet_rels = sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"
    comment = '<comment ref="B5" authorId="0"><text><r><t>Директор сменился</t></r></text></comment>'
    parts["xl/comments91.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><comments xmlns="{M}"><authors><author>Я</author></authors>'
        f"<commentList>{comment}</commentList></comments>"
    ).encode()
    rel = f'<Relationship Id="rIdC91" Type="{R}/comments" Target="../comments91.xml"/>'
    parts[sheet_rels] = parts[sheet_rels].replace(b"</Relationships>", rel.encode() + b"</Relationships>")
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
    override = f'<Override PartName="/xl/comments91.xml" ContentType="{kind}"/>'
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", override.encode() + b"</Types>")
    write_parts(book, parts)
    result = build(book, [october], top_n=2, today=dt.date(2026, 11, 15))
    assert (
        "на листе «Ключевые клиенты» были ваши примечания (B5): отчёт рисует этот лист заново, и они остались "
        "только в резервной копии книги. Пишите о клиенте в столбце «Комментарий» (он переходит за клиентом) "
        "или на своём листе."
    ) in result.notes
    backups = [p for p in tmp_path.iterdir() if ".backup-" in p.name]
    assert any("xl/comments91.xml" in parts_of(backup) for backup in backups)


def test_a_renamed_contacts_sheet_is_still_the_one_the_plan_reads(tmp_path):
    """The manager renamed «Контакты» to «Контакты клиентов»: the build made a new, empty «Контакты»,
    the plan lost every birthday, and said nothing. A report sheet renamed is the user's (a build
    writes a new one); a sheet the manager fills stays theirs to fill under any name."""
    from package_fixtures import rename_sheet, type_into

    book = tmp_path / "KeyClients.xlsx"
    first = {client: values[:3] for client, values in AMOUNTS.items()}
    october = write_export(tmp_path / "oct.csv", first, "2026-08")
    build(book, [october], top_n=2, today=dt.date(2026, 11, 15))
    rename_sheet(book, "Контакты", "Контакты клиентов")
    for ref, value in (("A3", "A"), ("B3", "Владелец"), ("C3", "Иван Петров"), ("F3", "20.11")):
        type_into(book, "Контакты клиентов", ref, value)
    result = build(book, [october], top_n=2, today=dt.date(2026, 11, 15))
    sheets, _ = sheets_and_names(parts_of(book))
    names = [name for name, _ in sheets]
    assert "Контакты клиентов" in names and "Контакты" not in names
    birthdays = [item for item in result.summary["plan"] if item["kind"] == "birthday"]
    assert [(item["client"], item["date"]) for item in birthdays] == [("A", "2026-11-20")]


def test_a_former_key_client_who_stopped_buying_is_no_misspelling_on_the_plan_sheets(tmp_path):
    """B's card stays on the Account cards sheet after B stops buying; the plan called it a name
    'not in the sales, check the spelling', because it looked only at the window's clients."""
    book = tmp_path / "KeyClients.xlsx"
    amounts = {"A": [100] * 5, "B": [0, 400, 0, 0, 0], "C": [50] * 5, "D": [30] * 5}
    october = write_export(tmp_path / "oct.csv", {c: v[:4] for c, v in amounts.items()}, "2026-07")
    build(book, [october], top_n=2, today=dt.date(2026, 11, 15))
    result = build(book, [write_export(tmp_path / "nov.csv", amounts, "2026-07")], top_n=2, today=dt.date(2026, 12, 10))
    import openpyxl

    cards = openpyxl.load_workbook(book)["Карточки клиентов"]
    assert [cards.cell(row, 1).value for row in range(3, 6)] == ["B", "A", "C"]  # B kept, C added
    assert not [note for note in result.notes if "проверьте написание" in note]


def test_a_workbook_showing_the_old_default_statuses_drops_1cs_deletion_marks_too(tmp_path):
    """The settings sheet shows every setting's value, so a workbook built before «Помечен на
    удаление» joined the default statuses read the old list back as the manager's own, and its
    lines marked for deletion kept counting. A custom list stays the manager's."""
    from keyclients_xl.settings import DROP_STATUS, PAST_DROP_STATUS, Settings

    assert Settings.from_items({"drop_status": PAST_DROP_STATUS[0]}).drop_status == DROP_STATUS
    assert Settings.from_items({"drop_status": "Отменен; Черновик"}).drop_status == "Отменен; Черновик"
    assert "Помечен на удаление" in Settings.from_items({"drop_status": PAST_DROP_STATUS[0]}).dropped_statuses
