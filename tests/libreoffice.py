"""LibreOffice as an independent checker: convert files headless and read what it made.

One place for the plumbing the tests share: an isolated throwaway profile per run (so runs
never touch a user's profile or each other), optionally set to recalculate every formula on
load, and the VBA modules LibreOffice imported into an .ods.
"""

from __future__ import annotations

import html
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
