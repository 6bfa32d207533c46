Attribute VB_Name = "KeyClientsRibbon"
' KeyClients: the commands of the "Key Clients" ribbon tab.
'
' Source: keyclients_xl/excel/sources/KeyClientsRibbon.bas. KeyClients.xlsm is generated from
' it by `keyclients make-workbook`: edit that file, not the copy inside a workbook.
' Each command runs one function of the Python module keyclients_xl.excel.macros through
' xlwings' RunPython (the xlwings module of this workbook). This file must stay ASCII.
Option Explicit

' ---- Ribbon callbacks: the onAction names in customUI.xml -----------------------------------

Public Sub KC_Ribbon_BuildReport(control As IRibbonControl)
    KC_BuildReport
End Sub

Public Sub KC_Ribbon_ImportExports(control As IRibbonControl)
    KC_ImportExports
End Sub

Public Sub KC_Ribbon_SaveSnapshot(control As IRibbonControl)
    KC_SaveSnapshot
End Sub

Public Sub KC_Ribbon_ShowSettings(control As IRibbonControl)
    KC_ShowSettings
End Sub

Public Sub KC_Ribbon_ShowHelp(control As IRibbonControl)
    KC_ShowHelp
End Sub

' ---- The commands, also listed under Alt+F8 (Macros) -----------------------------------------

Public Sub KC_BuildReport()
    KC_Run "import keyclients_xl.excel.macros as m; m.build_report()"
End Sub

Public Sub KC_ImportExports()
    ' Ask for export files, then pass their paths to Python joined with "|".
    Dim picked As Variant, joined As String, i As Long
    #If Mac Then
        ' Excel for Mac ignores Windows-style file filters.
        picked = Application.GetOpenFilename(MultiSelect:=True)
    #Else
        picked = Application.GetOpenFilename( _
            FileFilter:="Excel and CSV (*.xlsx;*.xlsm;*.xls;*.csv),*.xlsx;*.xlsm;*.xls;*.csv", _
            MultiSelect:=True)
    #End If
    If VarType(picked) = vbBoolean Then Exit Sub ' False: the user cancelled
    If IsArray(picked) Then
        For i = LBound(picked) To UBound(picked)
            If i > LBound(picked) Then joined = joined & "|"
            joined = joined & picked(i)
        Next i
    Else
        joined = picked
    End If
    KC_Run "import keyclients_xl.excel.macros as m; m.import_exports(" & PyString(joined) & ")"
End Sub

Public Sub KC_SaveSnapshot()
    KC_Run "import keyclients_xl.excel.macros as m; m.save_snapshot()"
End Sub

Public Sub KC_ShowSettings()
    KC_Run "import keyclients_xl.excel.macros as m; m.show_settings()"
End Sub

Public Sub KC_ShowHelp()
    KC_Run "import keyclients_xl.excel.macros as m; m.show_help()"
End Sub

' ---- Helpers ----------------------------------------------------------------------------------

Private Sub KC_Run(ByVal code As String)
    ' The xlwings module of this workbook works with one xlwings version only (its DLL and
    ' AppleScript carry the version in their names): when Python cannot be reached, say
    ' which version to install. Errors inside Python are shown by keyclients_xl.excel.macros itself.
    On Error GoTo Failed
    RunPython code
    Exit Sub
Failed:
    MsgBox "Key Clients could not start Python: " & Err.Description & vbCrLf & vbCrLf & _
        "This workbook needs xlwings " & XLWINGS_VERSION & ". In a command prompt run:" & vbCrLf & _
        "    pip install ""xlwings==" & XLWINGS_VERSION & """" & vbCrLf & _
        "or make a new workbook for the installed version: keyclients new NAME.xlsm", _
        vbExclamation, "Key Clients"
End Sub

Private Function PyString(ByVal text As String) As String
    ' A Python expression whose value is text, made of hex digits only:
    '     bytes.fromhex('<UTF-16 code units of text>').decode('utf-16-be')
    ' A path may hold anything a Python literal or a command line would misread: quotes,
    ' backslashes, "|" (xlwings for Mac splits its RunPython parameters on it), "%" and "&"
    ' (cmd.exe), "$" (the macOS shell), and non-ASCII letters. Hex digits are safe in all.
    ' decode('utf-16-be') joins surrogate pairs back into one character.
    Dim i As Long, hexits As String
    For i = 1 To Len(text)
        hexits = hexits & Right$("000" & Hex$(AscW(Mid$(text, i, 1)) And &HFFFF&), 4)
    Next i
    PyString = "bytes.fromhex('" & hexits & "').decode('utf-16-be')"
End Function
