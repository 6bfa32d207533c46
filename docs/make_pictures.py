"""Render the demo workbook's sheets to PNG pictures for the docs.

LibreOffice prints each sheet to PDF, pdftoppm turns the first page of each into a PNG.
Run from the repository root:  python docs/make_pictures.py
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from keyclients_xl.demo import demo_shipments
from keyclients_xl.engine import write_report

HERE = Path(__file__).parent / "img"


def sheet_pictures(lang: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        book = tmp / f"demo_{lang}.xlsx"
        write_report(book, demo_shipments(), lang=lang)
        profile = f"-env:UserInstallation=file://{tmp}/lo-profile"
        subprocess.run(
            ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(book)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        # Page 1 is the key-client sheet's first page; the settings sheet follows the key-client pages.
        subprocess.run(
            ["pdftoppm", "-r", "110", "-png", "-f", "1", "-l", "1", str(book.with_suffix(".pdf")), str(tmp / "page")],
            check=True,
        )
        shutil.copy(next(tmp.glob("page*.png")), HERE / f"key_clients_{lang}.png")


if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    for lang in ("ru", "en"):
        sheet_pictures(lang)
    print("pictures written to", HERE)
