# ruff: noqa: E501  (package XML written out in full)
"""Splice speed: an in-place build into a workbook with a large sheet of the user's own, against
the same build into a workbook without it. The splice copies the user's sheet as compressed
bytes without reading it, so the two times should be close.

Run:  PYTHONPATH=. python benchmarks/bench_splice.py [ROWS]   (ROWS × 10 cells, default 100,000)
"""

from __future__ import annotations

import sys
import tempfile
import time
import zipfile
from pathlib import Path

from keyclients_xl import build

HEADER = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


def big_workbook(path: Path, rows: int) -> None:
    """A workbook whose one sheet holds rows × 10 numbers (written straight as XML)."""
    cells = "".join(f'<c r="{c}{{r}}"><v>{{r}}.5</v></c>' for c in "ABCDEFGHIJ")
    body = "".join(f'<row r="{r}">' + cells.replace("{r}", str(r)) + "</row>" for r in range(1, rows + 1))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="История" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": HEADER + body + "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(name, text)


def timed(workbook: Path, export: Path) -> float:
    start = time.perf_counter()
    build(workbook, [export])
    return time.perf_counter() - start


def main(rows: int = 100_000) -> None:
    with tempfile.TemporaryDirectory(prefix="keyclients-splice-") as tmp:
        folder = Path(tmp)
        export = folder / "sales.csv"
        export.write_text(
            "Дата;Контрагент;Сумма\n"
            + "".join(f"0{m}.0{m}.2026;Клиент {n};{n * m}\n" for n in range(300) for m in (7, 8, 9)),
            encoding="utf-8",
        )
        small, big = folder / "small.xlsx", folder / "big.xlsx"
        big_workbook(small, 10)
        big_workbook(big, rows)
        size = big.stat().st_size / 1e6
        timed(small, export)  # warm up imports
        print(f"user sheet: {rows * 10:,} cells, package {size:.1f} MB")
        print(f"build into a small workbook: {timed(small, export):.2f} s")
        print(f"build into the big workbook: {timed(big, export):.2f} s")
        print(f"rebuild of the big workbook: {timed(big, export):.2f} s")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:2]))
