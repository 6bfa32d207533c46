"""LibreOffice as an independent checker: convert files headless and read what it made.

One place for the plumbing the tests share: an isolated throwaway profile per run (so runs
never touch a user's profile or each other), optionally set to recalculate every formula on
load, and the VBA modules LibreOffice imported into an .ods.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

# Calc option "recalculation on file load" for OOXML: 0 = always.
_RECALC_ON_LOAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
    '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
    '<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n'
    "</oor:items>\n"
)


def convert(
    soffice: Path | str, sources: list[Path], to: str, outdir: Path, *, recalculate: bool = False, timeout: int = 180
) -> list[Path]:
    """`soffice --headless --convert-to TO` for all `sources` in one run; the converted files."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-keyclients-"))
    try:
        if recalculate:
            (profile / "user").mkdir()
            (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_ON_LOAD, encoding="utf-8")
        outdir.mkdir(parents=True, exist_ok=True)
        command = [str(soffice), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
        command += ["--convert-to", to, "--outdir", str(outdir), *map(str, sources)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    converted = [outdir / f"{Path(source).stem}.{to}" for source in sources]
    missing = [str(path) for path in converted if not path.is_file()]
    assert done.returncode == 0 and not missing, f"LibreOffice failed: {missing}\n{done.stdout}\n{done.stderr}"
    return converted


def basic_modules(ods: Path) -> dict[str, str]:
    """Module name → the XML LibreOffice wrote for it (Basic/VBAProject/<name>.xml), unescaped."""
    prefix = "Basic/VBAProject/"
    with zipfile.ZipFile(ods) as archive:
        return {
            name[len(prefix) : -len(".xml")]: html.unescape(archive.read(name).decode("utf-8"))
            for name in archive.namelist()
            if name.startswith(prefix) and name != prefix + "script-lb.xml"
        }


# A LibreOffice of its own, driven through UNO by a Python that has the bridge (python3-uno):
# a script prepends this, opens documents with `load(path, **properties)` and ends with `finish()`.
UNO_SESSION = r"""
import json, subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue

def _start(soffice, profile):
    pipe = "keyclients_test_" + str(int(time.time() * 1000))
    office = subprocess.Popen([soffice, "-env:UserInstallation=" + profile, "--headless", "--invisible",
                               "--norestore", "--accept=pipe,name=%s;urp;" % pipe])
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.25)
    return office, context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

def load(path, **properties):
    return desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0,
                                        tuple(prop(k, v) for k, v in {"Hidden": True, **properties}.items()))

def finish():
    try:
        desktop.terminate()
    except Exception:
        pass
    try:
        office.wait(timeout=60)
    except subprocess.TimeoutExpired:
        office.kill()

office, desktop = _start(sys.argv[1], sys.argv[2])
"""

_INSERT_ROWS = r"""
workbook, out, sheet_name, at, count, typed = sys.argv[3], sys.argv[4], sys.argv[5], *json.loads(sys.argv[6])
try:
    doc = load(workbook)
    sheet = doc.Sheets.getByName(sheet_name)
    sheet.getRows().insertByIndex(at - 1, count)
    for (row, col), text in typed:
        sheet.getCellByPosition(col - 1, row - 1).setString(text)
    doc.storeToURL(uno.systemPathToFileUrl(out), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)
finally:
    finish()
"""


def insert_rows(
    python: str, soffice: Path, workbook: Path, out: Path, sheet: str, at: int, count: int, typed: dict, tmp: Path
) -> Path:
    """`workbook` as a user leaves it after inserting `count` rows at row `at` of `sheet` in a
    spreadsheet program and typing `typed` ((row, col) → text) into them: LibreOffice does it,
    moving every cell, range and name below as Excel does, and saves it as an .xlsx."""
    script = tmp / "insert_rows.py"
    script.write_text(UNO_SESSION + _INSERT_ROWS, encoding="utf-8")
    arguments = json.dumps([at, count, [[list(place), text] for place, text in typed.items()]])
    command = [python, str(script), str(soffice), (tmp / "lo-insert-profile").as_uri(), str(workbook), str(out)]
    done = subprocess.run([*command, sheet, arguments], capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0 and out.is_file(), done.stderr
    return out
