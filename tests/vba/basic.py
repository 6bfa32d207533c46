"""Run functions of a workbook's VBA modules in LibreOffice Basic (VBA mode), through UNO.

LibreOffice imports an .xlsm's VBA project and runs it in VBA compatibility mode, with the
parts of Excel's object model it supports (ThisWorkbook, Worksheets, Cells…). No Excel runs on
our machines, so this is how the tests execute our VBA: call a Function with arguments, get
its return value back as JSON. LibreOffice Basic cannot compile xlwings.bas or Dictionary.cls
(Excel can), so a test builds a workbook with only the modules it runs.
"""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import openpyxl
from libreoffice import UNO_SESSION

from keyclients_xl.excel.vba import Module, build_vba_project, make_xlsm

_CALLS = r"""
workbook, calls = sys.argv[3], json.loads(sys.argv[4])
try:
    # MacroExecutionMode 4: ALWAYS_EXECUTE_NO_WARN
    doc = load(workbook, MacroExecutionMode=4)
    provider = doc.getScriptProvider()
    results = []
    for module, function, args in calls:
        url = "vnd.sun.star.script:VBAProject.%s.%s?language=Basic&location=document" % (module, function)
        results.append(provider.getScript(url).invoke(tuple(args), (), ())[0])
    print(json.dumps(results))
    doc.close(True)
finally:
    finish()
"""


def workbook_with_modules(path: Path, modules: list[Module], sheets: dict[str, list[list]] | None = None) -> Path:
    """An .xlsm holding ``modules`` (plus ThisWorkbook and one document module per sheet) and
    ``sheets`` (name → rows, from A1)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in (sheets or {"S": []}).items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    xlsx = io.BytesIO()
    book.save(xlsx)
    codenames = {name: f"Sheet{i}" for i, name in enumerate(book.sheetnames, start=1)}
    documents = [Module("ThisWorkbook", "document", ""), *(Module(c, "document", "") for c in codenames.values())]
    project = build_vba_project([*documents, *modules])
    path.write_bytes(make_xlsm(xlsx.getvalue(), project, sheet_codenames=codenames))
    return path


def run_basic(python: str, soffice: Path, workbook: Path, calls: list[tuple[str, str, list]], tmp_path: Path) -> list:
    """Each (module, function, arguments) run by LibreOffice in ``workbook``; their results."""
    script = tmp_path / "run_basic.py"
    script.write_text(UNO_SESSION + _CALLS, encoding="utf-8")
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run(
        [python, str(script), str(soffice), profile, str(workbook), json.dumps(calls)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
