"""What the manager takes out of a built workbook: the plan's calendar (.ics) and a client's
printable account card. The CLI (`keyclients calendar`, `keyclients card`), the Python API and
the ribbon buttons all come here; the workbook is read, never written.

Both work from what the workbook holds, not from the exports (a report workbook need not keep
its sales data):

- the calendar re-plans from the workbook: the key clients of the key-client sheet, the
  manager's input sheets, the holiday list and thresholds of the settings sheet, for `today`.
  Its items (visits due, birthdays, holidays, events) need nothing else, so any `--today`
  works, and each item keeps the id, and so the calendar UID, that the build gave it. The
  Plan sheet is not read back for this: it holds words, not those ids, and is the view
  from the day it was built.
- the card shows the key-client sheet's row (rank, trend from its months, health), the input
  sheets' rows of the client (account card, contacts, visits) and the Plan sheet's items of
  the client as the last build wrote them (the alerts among them: only a build, with the
  sales data, can find alerts), as of the day the plan starts.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import KeyClientsError, Location
from .i18n import TEXTS, all_translations, percent, t
from .settings import Settings

CARD_SUFFIXES = (".xlsx", ".pdf")
SOFFICE_NAMES = ("soffice", "libreoffice")
SOFFICE_PATHS = (  # where the installers put it when it is not on PATH
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
CONVERT_TIMEOUT = 180  # seconds


# ---------------------------------------------------------------- the key-client sheet, read back


def read_key_table(rows: list[list]) -> pd.DataFrame:
    """The key-client sheet's Table as the last build wrote it (either language): rank, client,
    the month columns (by their headers), average, is_key, and health and what_to_do where the
    sheet has them. Stops at the first row without a client (the notes follow)."""
    from .report.key_clients import HEADER_ROW

    header = rows[HEADER_ROW - 1] if len(rows) >= HEADER_ROW else []
    named = {"rank": "col.rank", "client": "col.client", "average": "col.average", "key": "col.key"}
    named |= {name: f"col.{name}" for name in ("health", "what_to_do") if f"col.{name}" in TEXTS}
    found = {}
    for col, value in enumerate(header):
        for name, key in named.items():
            if isinstance(value, str) and name not in found and value in all_translations(key):
                found[name] = col
    if not {"rank", "client", "average", "key"} <= found.keys():
        return pd.DataFrame(columns=["rank", "client", "average", "is_key", "months"])
    month_cols = list(range(found["client"] + 1, found["average"]))
    records = []
    for row in rows[HEADER_ROW:]:
        cells = list(row) + [None] * (len(header) - len(row))
        if cells[found["client"]] in (None, ""):
            break
        months = [cells[c] if isinstance(cells[c], int | float) else 0.0 for c in month_cols]
        average = cells[found["average"]]
        records.append(
            {
                "rank": cells[found["rank"]],
                "client": str(cells[found["client"]]),
                "average": average if isinstance(average, int | float) else sum(months) / max(len(months), 1),
                "is_key": cells[found["key"]] in all_translations("value.yes"),
                "months": dict(zip([str(header[c]) for c in month_cols], months, strict=True)),
                **{name: cells[found[name]] for name in ("health", "what_to_do") if name in found},
            }
        )
    return pd.DataFrame(records)


def _no_report(file: str) -> KeyClientsError:
    return KeyClientsError("error.no_report", Location(file=file))


def key_clients_of(sheets) -> pd.DataFrame:
    """client_key (the folded name), client: the key clients of the workbook's last build."""
    from .read.clients import fold_name

    rows = sheets.rows("sheet.key_clients")
    table = read_key_table(rows.rows) if rows is not None else pd.DataFrame()
    if table.empty:
        raise _no_report(sheets.file)
    key = table[table["is_key"]]
    return pd.DataFrame({"client_key": key["client"].map(fold_name), "client": key["client"]}, dtype=object)


# ---------------------------------------------------------------- the calendar


def workbook_plan(sheets, settings: Settings, today: dt.date, lang: str) -> pd.DataFrame:
    """The plan of the workbook's key clients for `today`, from its input sheets and settings (no alerts)."""
    from .analyse.plan import build_plan
    from .stages.plan import read_inputs

    key = key_clients_of(sheets)
    inputs = read_inputs(sheets)
    return build_plan(today, key, inputs, (), settings.holiday_list(), settings.plan_thresholds, lang)


def save_calendar(sheets, settings: Settings, out: Path, today: dt.date | None = None) -> tuple[Path, int]:
    """The plan's dated items as an iCalendar file at `out`: (the path, the number of events)."""
    from .deliver.calendar import plan_calendar
    from .deliver.files import _atomic

    lang = settings.lang or "ru"
    plan = workbook_plan(sheets, settings, today or dt.date.today(), lang)
    calendar = plan_calendar(plan, lang)
    data = calendar.to_ical()  # bytes: iCalendar lines end in CRLF on every system
    _atomic(Path(out), lambda tmp: tmp.write_bytes(data))
    return Path(out), len(calendar.walk("VEVENT"))


# ---------------------------------------------------------------- the account card


def _trend(months: dict[str, float], lang: str) -> str | None:
    """'↓ −18,0 %: окт 2026 к среднему за авг 2026 – сен 2026' (the last month against the earlier ones)."""
    labels, values = list(months), list(months.values())
    if len(values) < 2:
        return None
    earlier = sum(values[:-1]) / (len(values) - 1)
    if earlier <= 0:
        return None
    change = values[-1] / earlier - 1
    arrow = "↑" if change > 0 else "↓" if change < 0 else "→"
    shown = ("+" if change > 0 else "") + percent(change, lang)
    period = labels[0] if len(labels) == 2 else f"{labels[0]} – {labels[-2]}"
    return t("card.trend_value", lang, change=f"{arrow} {shown}", last=labels[-1], earlier=period)


def card_facts(sheets, client: str, settings: Settings, lang: str, today: dt.date | None = None):
    """The account card's facts of `client` (matched as the input sheets match names) in a workbook."""
    from .read.clients import fold_name
    from .report.account_card import AccountCardFacts
    from .report.plan_sheet import read_plan_sheet
    from .stages.plan import read_inputs

    rows = sheets.rows("sheet.key_clients")
    table = read_key_table(rows.rows) if rows is not None else pd.DataFrame()
    if table.empty:
        raise _no_report(sheets.file)
    wanted = fold_name(client)
    match = table[table["client"].map(fold_name) == wanted]
    if match.empty:
        raise KeyClientsError("error.card_unknown_client", Location(file=sheets.file), {"name": client})
    record = match.iloc[0].to_dict()
    plan_rows = sheets.rows("sheet.plan")
    start, plan = read_plan_sheet(plan_rows.rows) if plan_rows is not None else (None, pd.DataFrame())
    mine = plan[plan["client"].map(fold_name) == wanted] if not plan.empty else plan
    inputs = read_inputs(sheets)
    cards = inputs.cards[inputs.cards["client_key"] == wanted]
    card = cards.iloc[0].to_dict() if len(cards) else None
    manager = card.get("manager") if card and isinstance(card.get("manager"), str) else None
    if manager is None and not mine.empty and mine["manager"].notna().any():
        manager = str(mine["manager"].dropna().iloc[0])
    alerts = mine[mine["kind"] == "alert"] if not mine.empty else mine
    health = record.get("health")
    what_to_do = record.get("what_to_do")
    return AccountCardFacts(
        client=record["client"],
        today=start or today or dt.date.today(),
        rank=int(record["rank"]) if isinstance(record["rank"], int | float) else None,
        average=float(record["average"]),
        trend=_trend(record["months"], lang),
        manager=manager,
        health=health if isinstance(health, str) else None,
        reasons=[what_to_do] if isinstance(what_to_do, str) and what_to_do.strip() else [],
        alert_lines=list(zip(alerts["text"], alerts["priority"], strict=True)) if len(alerts) else [],
        card=card,
        contacts=inputs.contacts[inputs.contacts["client_key"] == wanted],
        visits=inputs.visits[inputs.visits["client_key"] == wanted],
        plan=mine if not mine.empty else None,
        plan_days=settings.plan_days,
    )


def client_in_row(sheets, cells: list) -> str | None:
    """The client a row of cells is about (the selected row, in Excel): the first cell naming a
    client of the key-client sheet, as that sheet spells it."""
    from .read.clients import fold_name

    rows = sheets.rows("sheet.key_clients")
    table = read_key_table(rows.rows) if rows is not None else pd.DataFrame()
    if table.empty:
        raise _no_report(sheets.file)
    names = dict(zip(table["client"].map(fold_name), table["client"], strict=True))
    for cell in cells or []:
        if isinstance(cell, str) and (found := names.get(fold_name(cell))):
            return found
    return None


def find_soffice() -> str | None:
    """LibreOffice's soffice: on PATH, else where its installers put it."""
    for name in SOFFICE_NAMES:
        if found := shutil.which(name):
            return found
    return next((path for path in SOFFICE_PATHS if Path(path).is_file()), None)


def to_pdf(xlsx: Path, soffice: str) -> Path:
    """`xlsx` printed to a PDF beside it by LibreOffice (headless, a throwaway profile)."""
    profile = Path(tempfile.mkdtemp(prefix="keyclients-lo-"))
    try:
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
        command += ["--convert-to", "pdf", "--outdir", str(xlsx.parent), str(xlsx)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=CONVERT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise KeyClientsError("error.pdf_failed", Location(file=xlsx.name), {"detail": str(exc)[:200]}) from exc
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = xlsx.with_suffix(".pdf")
    if done.returncode != 0 or not pdf.is_file():
        detail = (done.stderr or done.stdout or f"exit code {done.returncode}").strip()[:200]
        raise KeyClientsError("error.pdf_failed", Location(file=xlsx.name), {"detail": detail})
    return pdf


@dataclass
class CardResult:
    """Where the card went; `pdf_missing`: a PDF was asked for but LibreOffice is not installed,
    so the card was written as .xlsx instead."""

    path: Path
    pdf_missing: bool = False
    lang: str = "ru"


@dataclass
class CalendarResult:
    path: Path
    events: int
    lang: str = "ru"


def write_card(spec, out: Path, soffice: str | None = None) -> CardResult:
    """The card sheet to `out`: .xlsx, or .pdf through LibreOffice (`soffice`, else found)."""
    from .deliver.files import _atomic
    from .render import render_workbook

    out = Path(out)
    if out.suffix.lower() not in CARD_SUFFIXES:
        raise KeyClientsError("error.card_suffix", Location(file=out.name))
    book = render_workbook([spec])
    if out.suffix.lower() == ".xlsx":
        _atomic(out, book.save)
        return CardResult(out)
    soffice = soffice or find_soffice()
    if soffice is None:
        xlsx = out.with_suffix(".xlsx")
        _atomic(xlsx, book.save)
        return CardResult(xlsx, pdf_missing=True)
    with tempfile.TemporaryDirectory(prefix="keyclients-card-") as tmp:
        xlsx = Path(tmp) / f"{out.stem}.xlsx"
        book.save(xlsx)
        pdf = to_pdf(xlsx, soffice)
        _atomic(out, lambda target: shutil.copyfile(pdf, target))
    return CardResult(out)


# ---------------------------------------------------------------- the API


def _open(workbook: Path | str):
    from .deliver import open_existing, read_settings
    from .stages import UserSheets

    path = Path(workbook)
    if not path.is_file():
        raise KeyClientsError("error.file_missing", Location(file=str(path)))
    existing = open_existing(path)
    settings = read_settings(existing) or Settings()
    return existing, UserSheets.from_existing(existing), settings


def _is_calendar(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(15) == b"BEGIN:VCALENDAR"


def _is_card(path: Path) -> bool:
    """A PDF (a card printed before), or a workbook whose one sheet is an account card."""
    if path.suffix.lower() == ".pdf":
        return True
    try:
        from .deliver.existing import open_existing

        existing = open_existing(path)
    except KeyClientsError:
        return False
    try:
        return [sheet.name for sheet in existing.sheets] in ([name] for name in all_translations("sheet.account_card"))
    finally:
        existing.close()


def calendar(
    workbook: Path | str, out: Path | str | None = None, *, today: dt.date | None = None, force: bool = False
) -> CalendarResult:
    """Write the plan's dated items of `workbook` as an iCalendar file (`keyclients calendar`);
    `out` defaults to the workbook's name with .ics, beside it; `today` to the clock. An existing
    `out` is replaced when it is a calendar, else only with `force`."""
    from .deliver.targets import check_side_output

    target = Path(out) if out else Path(workbook).with_suffix(".ics")
    check_side_output(target, [Path(workbook)], _is_calendar, force=force)
    existing, sheets, settings = _open(workbook)
    try:
        path, events = save_calendar(sheets, settings, target, today)
    finally:
        existing.close()
    return CalendarResult(path, events, settings.lang or "ru")


def account_card(workbook: Path | str, client: str, out: Path | str, *, force: bool = False) -> CardResult:
    """Write `client`'s account card: .xlsx, or .pdf when LibreOffice is installed (`keyclients card`).
    An existing `out` is replaced when it is a card, else only with `force`."""
    from .deliver.targets import check_side_output
    from .report.account_card import account_card_sheet

    check_side_output(Path(out), [Path(workbook)], _is_card, force=force)
    existing, sheets, settings = _open(workbook)
    try:
        lang = settings.lang or "ru"
        spec = account_card_sheet(card_facts(sheets, client, settings, lang), lang)
    finally:
        existing.close()
    result = write_card(spec, Path(out))
    result.lang = lang
    return result
