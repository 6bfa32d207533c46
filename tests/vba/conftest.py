"""Shared fixtures: a sample VBA project like the one the workbook will carry."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import openpyxl
import pytest

from keyclients_xl.excel.vba import Module, build_vba_project, make_xlsm

# oletools uses pyparsing names that newer pyparsing deprecates, at import time: import it
# once here, quietly, so that this noise (not ours) stays out of the test report.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import oletools.olevba  # noqa: F401

from .samples import (
    COUNTER_CLASS,
    RIBBON_MODULE,
    RIBBON_XML,
    SHEET1,
    THIS_WORKBOOK,
    XLWINGS_DIR,
    read_source,
)


@pytest.fixture(scope="session")
def sample_modules() -> list[Module]:
    return [
        Module("ThisWorkbook", "document", THIS_WORKBOOK),
        Module("Sheet1", "document", SHEET1),
        Module("xlwings", "standard", read_source(XLWINGS_DIR / "xlwings.bas")),
        Module("Dictionary", "class", read_source(XLWINGS_DIR / "addin" / "Dictionary.cls")),
        Module("Ribbon", "standard", RIBBON_MODULE),
        Module("Counter", "class", COUNTER_CLASS),
    ]


@pytest.fixture(scope="session")
def vba_project(sample_modules: list[Module]) -> bytes:
    return build_vba_project(sample_modules)


@pytest.fixture(scope="session")
def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Clients"
    workbook.active["A1"] = "Client"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def xlsm_path(tmp_path_factory, xlsx_bytes: bytes, vba_project: bytes) -> Path:
    data = make_xlsm(
        xlsx_bytes,
        vba_project,
        sheet_codenames={"Clients": "Sheet1"},
        custom_ui_xml=RIBBON_XML,
    )
    path = tmp_path_factory.mktemp("xlsm") / "sample.xlsm"
    path.write_bytes(data)
    return path
