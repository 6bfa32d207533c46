"""Sample VBA sources and paths shared by the tests."""

from __future__ import annotations

import os
from pathlib import Path

import xlwings

XLWINGS_DIR = Path(os.path.dirname(xlwings.__file__))
# A workbook saved by Excel, shipped with xlwings: a real example to compare against.
EXCEL_SAMPLE = XLWINGS_DIR / "quickstart_standalone.xlsm"

RIBBON_MODULE = """Option Explicit

' Ribbon callbacks: Excel calls these by name from customUI.xml.
Public Sub OnRefresh(control As IRibbonControl)
    RunPython "import keyclients_xl; keyclients_xl.refresh()"
End Sub

Public Sub GetLabel(control As IRibbonControl, ByRef label)
    label = "Refresh clients"
End Sub
"""

COUNTER_CLASS = """Option Explicit

Private mCount As Long

Public Sub Add(ByVal amount As Long)
    mCount = mCount + amount
End Sub

Public Property Get Count() As Long
    Count = mCount
End Property
"""

THIS_WORKBOOK = """Option Explicit

Private Sub Workbook_Open()
    Application.StatusBar = "KeyClients ready"
End Sub
"""

SHEET1 = """Option Explicit

Private Sub Worksheet_Activate()
    Me.Range("A1").Select
End Sub
"""

RIBBON_XML = (
    '<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui">'
    '<ribbon><tabs><tab id="keyClients" label="KeyClients">'
    '<group id="main" label="Clients">'
    '<button id="refresh" getLabel="GetLabel" onAction="OnRefresh" size="large"/>'
    "</group></tab></tabs></ribbon></customUI>"
)


def read_source(path: Path) -> str:
    """xlwings ships its VBA as cp1252 text with CRLF line ends, like a VBA export."""
    return path.read_bytes().decode("cp1252")
