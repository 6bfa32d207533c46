"""Build KeyClients.xlsm from the text sources in this repository: no Excel, no binary to edit.

The workbook holds, in this order:

1. the input sheets ``t("sheet.input_lines")`` (document lines) and ``t("sheet.input_months")``
   (a table by month), each with an instruction line; the lines sheet has headers the reader
   recognises, the by-month sheet a hint where the user's month headers go;
2. the settings sheet (the same spec the CLI writes), recording the keyclients and xlwings
   versions the workbook was built with;
3. ``xlwings.conf``: the settings of xlwings' VBA module (keys in column A from A1, values in
   column B; the name must be exactly ``xlwings.conf``, a leading ``_`` switches it off);

and a VBA project: xlwings' standalone module ``xlwings.bas`` and its ``Dictionary`` class
(verbatim from the installed xlwings), the ribbon commands (``sources/KeyClientsRibbon.bas``),
the UDF wrappers (:func:`keyclients_xl.excel.udf_vba.udf_vba_module`), the texts of the VBA that
runs without Python (:func:`keyclients_xl.excel.vba_texts.texts_module`) and empty document
modules for the workbook and each sheet; plus the ribbon tab (``sources/customUI.xml``).

The build is deterministic: the same sources, xlwings version, language and month give the
same bytes (zip entry times and the document dates are fixed; see :func:`workbook_bytes`).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from collections.abc import Mapping
from pathlib import Path

import openpyxl
import xlwings
from openpyxl.writer.excel import ExcelWriter

from .. import __version__
from ..deliver.files import _atomic
from ..i18n import LANGS, all_translations
from ..render import render_workbook
from ..report import CellSpec, SheetSpec, settings_sheet
from ..report.input_sheets import input_lines_sheet, input_months_sheet
from ..settings import Settings
from .ribbon import SOURCES, check_ribbon, ribbon_xml
from .vba import Module, build_vba_project, make_xlsm

__all__ = [
    "CONF_SHEET",
    "conf_rows",
    "make_workbook",
    "user_conf",
    "vba_modules",
    "workbook_bytes",
    "workbook_xlwings_version",
]

XLWINGS_DIR = Path(xlwings.__file__).parent
CONF_SHEET = "xlwings.conf"  # xlwings.bas reads Sheets(PROJECT_NAME & ".conf"): exactly this name
WORKBOOK_CODENAME = "ThisWorkbook"

# xlwings.conf, in the order of xlwings' own quickstart sheet. xlwings upper-cases the keys,
# and a key present with an empty value overrides the user's xlwings.conf file (delete the row
# to fall back to it). "License Key" is never written: only xlwings PRO needs one.
# Switches are the text "False"/"True", never Boolean cells: xlwings.bas reads a cell through a
# String, and VBA turns a Boolean into *localised* text ("Ложь") that it cannot read back as a
# Boolean (run-time error 13 at every button in a Russian Excel).
CONF_DEFAULTS: dict[str, object] = {
    "Interpreter_Win": None,  # empty: "python" from PATH
    "Interpreter_Mac": None,
    "PYTHONPATH": None,
    "Conda Path": None,
    "Conda Env": None,
    "UDF Modules": "keyclients_xl.excel.udfs",
    "Debug UDFs": "False",
    "Use UDF Server": "False",
    "Show Console": "False",
}


def conf_rows(conf: Mapping[str, object] | None = None) -> list[tuple[str, object]]:
    """The xlwings.conf rows: :data:`CONF_DEFAULTS` updated with ``conf`` (same keys only).
    A bool given in ``conf`` is written as the text ``True``/``False`` (see CONF_DEFAULTS)."""
    values = dict(CONF_DEFAULTS)
    for key, value in (conf or {}).items():
        if key not in values:
            raise ValueError(f"unknown xlwings.conf key {key!r}; known: {', '.join(values)}")
        values[key] = str(value) if isinstance(value, bool) else value
    return list(values.items())


def user_conf() -> dict[str, str]:
    """xlwings.conf values for a workbook made for this computer: the running Python as the
    interpreter (the one that has keyclients_xl and the pinned xlwings installed)."""
    if sys.platform == "win32":
        return {"Interpreter_Win": sys.executable}
    if sys.platform == "darwin":
        return {"Interpreter_Mac": sys.executable}
    return {}


def conf_sheet(conf: Mapping[str, object] | None) -> SheetSpec:
    """xlwings.conf: keys in column A from A1, values in column B, as xlwings.bas reads them."""
    cells = []
    for row, (key, value) in enumerate(conf_rows(conf), start=1):
        cells.append(CellSpec(row, 1, key))
        if value is not None and value != "":
            cells.append(CellSpec(row, 2, value))
    return SheetSpec(name=CONF_SHEET, cells=cells, widths={1: 20, 2: 60}, tab_color="7F7F7F", role="xlwings_conf")


def _read_vba(path: Path) -> str:
    """A VBA source file: cp1252 text, as the VBA editor exports it and as xlwings ships it."""
    return path.read_bytes().decode("cp1252")


def vba_modules(sheet_names: list[str], lang: str = "ru") -> list[Module]:
    """The workbook's VBA modules; document modules ``Sheet1``… follow ``sheet_names``' order.
    ``lang``: the workbook's language, used by its VBA until the settings sheet says otherwise."""
    from .udf_vba import HELP_MODULE_NAME, WORKBOOK_OPEN, help_module, udf_vba_module
    from .udfs import VBA_MODULE_NAME
    from .vba_texts import TEXTS_MODULE_NAME, texts_module

    ribbon = (SOURCES / "KeyClientsRibbon.bas").read_text(encoding="ascii")
    return [
        Module(WORKBOOK_CODENAME, "document", WORKBOOK_OPEN),
        *(Module(f"Sheet{i}", "document", "") for i in range(1, len(sheet_names) + 1)),
        Module("xlwings", "standard", _read_vba(XLWINGS_DIR / "xlwings.bas")),
        Module("Dictionary", "class", _read_vba(XLWINGS_DIR / "addin" / "Dictionary.cls")),
        Module("KeyClientsRibbon", "standard", ribbon),
        Module(VBA_MODULE_NAME, "standard", udf_vba_module()),
        Module(HELP_MODULE_NAME, "standard", help_module()),
        Module(TEXTS_MODULE_NAME, "standard", texts_module(lang)),
    ]


def _has_formulas(book: openpyxl.Workbook) -> bool:
    return any(cell.data_type == "f" for sheet in book.worksheets for row in sheet.iter_rows() for cell in row)


def _fixed_zip(data: bytes) -> bytes:
    """The same zip package with fixed entry times and attributes (openpyxl stamps the time
    of saving on every entry, and the creating OS into each header)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.create_system = 0
            fixed.external_attr = 0
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info))
    return out.getvalue()


def workbook_bytes(
    lang: str = "ru", *, today: dt.date | None = None, conf: Mapping[str, object] | None = None
) -> bytes:
    """The .xlsm as bytes. ``today`` sets the document's created/modified date (the first day
    of its month), so one month's builds are identical. ``conf`` overrides xlwings.conf values
    (see :func:`user_conf`)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    today = today or dt.date.today()
    extra = {"keyclients_version": __version__, "xlwings_version": xlwings.__version__}
    book = render_workbook(
        [
            input_lines_sheet(lang),
            input_months_sheet(lang),
            settings_sheet(Settings(lang=lang), lang, extra=extra),
            conf_sheet(conf),
        ]
    )
    book.active = 0
    # A full recalculation on open marks the workbook changed ("Save changes?" on close):
    # ask for it only when there is something to calculate.
    book.calculation.fullCalcOnLoad = _has_formulas(book)

    stamp = dt.datetime(today.year, today.month, 1)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = book.properties.lastModifiedBy = "keyclients make-workbook"
    xlsx = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps the current time as "modified".
    ExcelWriter(book, zipfile.ZipFile(xlsx, "w", zipfile.ZIP_DEFLATED)).save()

    modules = vba_modules(book.sheetnames, lang)
    ribbon = ribbon_xml(lang)
    check_ribbon(ribbon, [module.source for module in modules])
    codenames = {name: f"Sheet{i}" for i, name in enumerate(book.sheetnames, start=1)}
    xlsm = make_xlsm(
        xlsx.getvalue(),
        build_vba_project(modules, workbook_module=WORKBOOK_CODENAME),
        workbook_codename=WORKBOOK_CODENAME,
        sheet_codenames=codenames,
        custom_ui_xml=ribbon,
    )
    return _fixed_zip(xlsm)


def make_workbook(
    path: Path | str,
    lang: str = "ru",
    *,
    today: dt.date | None = None,
    conf: Mapping[str, object] | None = None,
) -> Path:
    """Write KeyClients.xlsm to ``path`` atomically (a temporary file beside it, then a
    rename) and return the path. See :func:`workbook_bytes` for ``today`` and ``conf``."""
    path = Path(path)
    data = workbook_bytes(lang, today=today, conf=conf)
    _atomic(path, lambda tmp: tmp.write_bytes(data))
    return path


def workbook_xlwings_version(path: Path | str) -> str | None:
    """The xlwings version recorded on the workbook's settings sheet, None when there is none."""
    book = openpyxl.load_workbook(path, read_only=True, keep_vba=False)
    try:
        names = all_translations("sheet.settings")
        for sheet in book.worksheets:
            if sheet.title not in names:
                continue
            for row in sheet.iter_rows(min_col=1, max_col=2, values_only=True):
                if row and row[0] == "xlwings_version" and len(row) > 1 and row[1] not in (None, ""):
                    return str(row[1]).strip()
        return None
    finally:
        book.close()
