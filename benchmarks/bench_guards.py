"""What the size guards cost: `check_package` against calamine reading the same sheet, in one run.

Run:  python benchmarks/bench_guards.py [LINES] [COLUMNS]
The export is written straight as XML (inline strings), LINES rows × COLUMNS columns (default
300,000 × 6, the size of NOTES.md's reader timings). When the cheap bounds pass the limit of
26,000,000 cells but the sheet does not, the exact, cell-by-cell pass runs: try 860000 30 (its
bound is 869,999 rows × 30 columns; about 2.5 microseconds a cell).
Numbers compare within one machine; they are not thresholds.
"""

from __future__ import annotations

import sys
import tempfile
import time
import zipfile
from pathlib import Path

from python_calamine import CalamineWorkbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from hostile_corpus import package  # noqa: E402

from keyclients_xl.errors import Location, column_letter  # noqa: E402
from keyclients_xl.read.limits import check_package  # noqa: E402


def write_export(path: Path, lines: int, columns: int) -> None:
    """A package like hostile_corpus.package, with the worksheet streamed in."""
    letters = [column_letter(c) for c in range(1, columns + 1)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        skeleton = zipfile.ZipFile(__import__("io").BytesIO(package(b"")))
        for item in skeleton.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(item.filename, skeleton.read(item))
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for row in range(1, lines + 1):
                cells = "".join(
                    f'<c r="{letter}{row}" t="inlineStr"><is><t>Клиент {row % 5000}</t></is></c>'
                    if c == 1
                    else f'<c r="{letter}{row}"><v>{(row * c) % 9973}</v></c>'
                    for c, letter in enumerate(letters)
                )
                part.write(f'<row r="{row}">{cells}</row>'.encode())
            part.write(b"</sheetData></worksheet>")


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main(lines: int = 300_000, columns: int = 6) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xlsx"
        write_export(path, lines, columns)
        guard = timed(lambda: check_package(path, Location(file=path.name)))
        book = CalamineWorkbook.from_path(str(path))
        read = timed(lambda: book.get_sheet_by_name("TDSheet").to_python(skip_empty_area=False))
        size = path.stat().st_size
    print(f"{lines:,} lines × {columns} columns, {size / 2**20:.1f} MB packed")
    print(f"{'check_package (guards)':32s} {guard:6.2f} s   {guard / read:5.2f}× calamine")
    print(f"{'calamine sheet → rows':32s} {read:6.2f} s")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
