Attribute VB_Name = "KeyClientsRibbon"
' KeyClients: the commands of the "Key Clients" ribbon tab.
'
' Source: keyclients_xl/excel/sources/KeyClientsRibbon.bas. KeyClients.xlsm is generated from
' it by `keyclients make-workbook`: edit that file, not the copy inside a workbook.
' Build, Import export, Import receivables, Account card and Calendar run a function of the Python
' module keyclients_xl.excel.macros through xlwings' RunPython (the xlwings module of this
' workbook). Settings and Help are plain VBA: they work before Python is set up. Their texts come
' from the module KeyClientsTexts, generated from the i18n catalogue. This file must stay ASCII.
Option Explicit

' ---- Ribbon callbacks: the onAction names in customUI.xml -----------------------------------

Public Sub KC_Ribbon_BuildReport(control As IRibbonControl)
    KC_BuildReport
End Sub

Public Sub KC_Ribbon_ImportExports(control As IRibbonControl)
    KC_ImportExports
End Sub

Public Sub KC_Ribbon_ImportReceivables(control As IRibbonControl)
    KC_ImportReceivables
End Sub

Public Sub KC_Ribbon_AccountCard(control As IRibbonControl)
    KC_AccountCard
End Sub

Public Sub KC_Ribbon_Calendar(control As IRibbonControl)
    KC_Calendar
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
    Dim joined As String
    joined = KC_PickFiles()
    If joined = "" Then Exit Sub ' the user cancelled
    KC_Run "import keyclients_xl.excel.macros as m; m.import_exports(" & PyString(joined) & ")"
End Sub

Public Sub KC_ImportReceivables()
    ' Ask for receivables files (1C's settlements statement, aging report, a list of debts),
    ' then pass their paths to Python joined with "|": they go onto the receivables input sheet.
    Dim joined As String
    joined = KC_PickFiles()
    If joined = "" Then Exit Sub ' the user cancelled
    KC_Run "import keyclients_xl.excel.macros as m; m.import_receivables(" & PyString(joined) & ")"
End Sub

Public Sub KC_AccountCard()
    ' The card of the client on the selected row, on the sheet "Account card".
    KC_Run "import keyclients_xl.excel.macros as m; m.show_account_card()"
End Sub

Public Sub KC_Calendar()
    ' The plan as an .ics calendar file beside the workbook.
    KC_Run "import keyclients_xl.excel.macros as m; m.save_calendar()"
End Sub

Public Sub KC_ShowSettings()
    ' Plain VBA, so that it works before Python is set up.
    Dim sheet As Object, lang As String
    lang = KC_Lang()
    Set sheet = KC_SettingsSheet()
    If sheet Is Nothing Then
        MsgBox Replace(KC_Text("vba.no_settings_sheet", lang), "{sheet}", KC_Text("sheet.settings", lang)), _
            vbExclamation, KC_Text("macro.title", lang)
    Else
        sheet.Visible = True ' xlSheetVisible
        sheet.Activate
    End If
End Sub

Public Sub KC_ShowHelp()
    ' Plain VBA, so that it works before Python is set up. The text is the catalogue's
    ' "macro.help", stored in KeyClientsTexts when the workbook was made.
    Dim lang As String
    lang = KC_Lang()
    MsgBox KC_Text("macro.help", lang), vbInformation, KC_Text("macro.title", lang)
End Sub

' ---- Helpers ----------------------------------------------------------------------------------

Private Function KC_PickFiles() As String
    ' The files the user picks (any export the reader takes), joined with "|"; "" when the dialog is cancelled.
    Dim picked As Variant, joined As String, i As Long
    #If Mac Then
        ' Excel for Mac ignores Windows-style file filters.
        picked = Application.GetOpenFilename(MultiSelect:=True)
    #Else
        picked = Application.GetOpenFilename( _
            FileFilter:=KC_ExportFilter(KC_Lang()), _
            MultiSelect:=True)
    #End If
    If VarType(picked) = vbBoolean Then Exit Function ' False: the user cancelled
    If IsArray(picked) Then
        For i = LBound(picked) To UBound(picked)
            If i > LBound(picked) Then joined = joined & "|"
            joined = joined & picked(i)
        Next i
    Else
        joined = picked
    End If
    KC_PickFiles = joined
End Function

Private Sub KC_Run(ByVal code As String)
    ' Errors inside Python are shown by keyclients_xl.excel.macros itself. An error here means
    ' VBA could not start Python. Only 53 (file not found) and 48 (error loading a DLL) mean
    ' that the xlwings DLL of this workbook's version is missing (its name carries the version);
    ' anything else is shown with its number and text, and what to check.
    Dim errNumber As Long, errText As String, lang As String, message As String
    On Error GoTo Failed
    RunPython code
    Exit Sub
Failed:
    errNumber = Err.Number
    errText = Err.Description
    On Error GoTo 0
    lang = KC_Lang()
    If errNumber = 53 Or errNumber = 48 Then
        message = Replace(KC_Text("vba.xlwings_missing", lang), "{version}", XLWINGS_VERSION)
    Else
        message = KC_Text("vba.run_failed", lang)
    End If
    message = Replace(Replace(message, "{number}", CStr(errNumber)), "{description}", errText)
    MsgBox message, vbExclamation, KC_Text("macro.title", lang)
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
