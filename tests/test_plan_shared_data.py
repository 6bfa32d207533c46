"""The manager's plan end to end on a real public export (../shared/data/ingrad_powerbi_ru): build
with --today, then the calendar and a client's card, as a manager would run them."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from keyclients_xl.cli import app
from keyclients_xl.report.plan_sheet import DATA_ROW

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"KEYCLIENTS_LANG": "ru", "COLUMNS": "120"})


@pytest.fixture(scope="module")
def built(shared_data: Path, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ingrad_plan") / "KeyClients.xlsx"
    result = run("build", path, "-e", shared_data / "ingrad_powerbi_ru" / "Продажи.xlsx", "--today", "2024-05-15")
    assert result.exit_code == 0, result.output
    return path


def test_every_key_client_is_planned_for(built: Path):
    """14 clients, all key (fewer than 20), none with a contact, visit or account card yet: each
    gets a visit (high), its contacts (medium), three account-card checks (low) and Russia Day,
    12 June, the one default holiday from 15 May to 13 June."""
    book = openpyxl.load_workbook(built)
    key = book["Ключевые клиенты"]
    clients = {row[1] for row in key.iter_rows(min_row=5, values_only=True) if row[11] == "Да"}
    assert len(clients) == 14
    rows = [row for row in book["План работы"].iter_rows(min_row=DATA_ROW, values_only=True) if row[4] != "Сигнал"]
    by_client = {client: sorted((r[4], r[1].date().isoformat()) for r in rows if r[2] == client) for client in clients}
    expected = sorted(
        [("Визит", "2024-05-15"), ("Контакты", "2024-05-15"), ("Остатки", "2024-05-15"), ("Акции", "2024-05-15"),
         ("Неликвид", "2024-05-15"), ("Праздник", "2024-06-12")]
    )  # fmt: skip
    assert by_client == dict.fromkeys(clients, expected)
    assert [row[0] for row in rows[:14]] == ["высокий"] * 14  # the visits first
    # Every key client has a row on the Account cards sheet, with its manager from the sales lines.
    cards = [row[:2] for row in book["Карточки клиентов"].iter_rows(min_row=3, values_only=True)]
    assert {client for client, _ in cards} == clients and all(manager for _, manager in cards)


def test_the_calendar_and_the_card(built: Path, tmp_path: Path, soffice):
    result = run("calendar", built, "--out", tmp_path / "plan.ics", "--today", "2024-05-15")
    assert result.exit_code == 0, result.output
    events = Calendar.from_ical((tmp_path / "plan.ics").read_bytes()).walk("VEVENT")
    summaries = sorted(str(e["summary"]) for e in events)
    assert len(events) == 15 and sum(s.startswith("Визит (срочно): ") for s in summaries) == 14
    [holiday] = [e for e in events if str(e["summary"]).startswith("Поздравить: День России")]
    assert holiday.decoded("dtstart") == dt.date(2024, 6, 12) and "14 клиентов" in str(holiday["summary"])

    top = openpyxl.load_workbook(built)["Ключевые клиенты"]["B5"].value
    card = run("card", built, top, "--out", tmp_path / "card.pdf")
    assert card.exit_code == 0, card.output
    info = subprocess.run(["pdfinfo", str(tmp_path / "card.pdf")], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M) and "595.3" in info  # one A4 portrait page
