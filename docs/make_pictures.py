"""Render the demo workbook's sheets to PNG pictures for the docs.

Each sheet is saved alone into a workbook, LibreOffice prints it to PDF, and pdftoppm turns
the first page into a PNG. Run from the repository root:  python docs/make_pictures.py
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from keyclients_xl.demo import demo_shipments
from keyclients_xl.engine import report_sheets
from keyclients_xl.render import render_workbook
from keyclients_xl.settings import Settings

HERE = Path(__file__).parent / "img"


def picture(spec, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        book = tmp / "sheet.xlsx"
        render_workbook([spec]).save(book)
        profile = f"-env:UserInstallation=file://{tmp}/lo-profile"
        command = ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(book)]
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        pdf = book.with_suffix(".pdf")
        subprocess.run(["pdftoppm", "-r", "110", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp / "page")], check=True)
        shutil.copy(next(tmp.glob("page*.png")), target)


if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    shipments = demo_shipments()
    today = dt.date(2026, 11, 27)  # the demo's own "today": its November is the running month
    for lang in ("ru", "en"):
        sheets = {spec.role: spec for spec in report_sheets(shipments, Settings(lang=lang), today=today).sheets}
        picture(sheets["key_clients"], HERE / f"key_clients_{lang}.png")
        picture(sheets["settings"], HERE / f"settings_{lang}.png")
        picture(sheets["dashboard"], HERE / f"dashboard_{lang}.png")
        picture(sheets["plan"], HERE / f"plan_{lang}.png")
        picture(sheets["history"], HERE / f"history_{lang}.png")
    print("pictures written to", HERE)
