Attribute VB_Name = "KeyClientsTexts"
' KeyClients: the workbook's texts in its languages, for the VBA that runs without Python
' (the Settings and Help buttons, and the message when Python cannot start).
'
' Source: keyclients_xl/excel/sources/KeyClientsTexts.bas. `keyclients make-workbook` fills
' in the placeholders from the i18n catalogue (keyclients_xl/i18n): edit the catalogue or this
' file, not the copy inside a workbook. VBA source must stay ASCII (code page 1252), so a text
' with other characters is stored as the hex digits of its UTF-16 code units (KC_Unhex).
Option Explicit
Option Private Module

Public Const KC_BUILD_LANG As String = "{{build_lang}}"
' Every export file name the Python reader takes (keyclients_xl/read/sources.EXPORT_SUFFIXES).
Public Const KC_EXPORT_PATTERN As String = "{{export_pattern}}"

Public Function KC_Langs() As Variant
    KC_Langs = Array({{langs}})
End Function

Public Function KC_Text(ByVal key As String, ByVal lang As String) As String
    ' The text of a catalogue key in a language; "" for an unknown key or language.
    Dim s As String
    Select Case lang & "|" & key
{{cases}}
    End Select
    KC_Text = s
End Function

Public Function KC_Unhex(ByVal hexits As String) As String
    ' "041A0430" -> the text of these UTF-16 code units, four hex digits each.
    Dim i As Long, j As Long, unit As Long, s As String
    For i = 1 To Len(hexits) - 3 Step 4
        unit = 0
        For j = i To i + 3
            unit = unit * 16 + InStr(1, "0123456789ABCDEF", Mid$(hexits, j, 1), vbBinaryCompare) - 1
        Next j
        s = s & ChrW(unit)
    Next i
    KC_Unhex = s
End Function

Public Function KC_Lang() As String
    ' The workbook's language: the "lang" row of the settings sheet (column A key, column B
    ' value), else the language the workbook was made in.
    Dim sheet As Object, row As Long, cellKey As Variant, cellValue As Variant
    KC_Lang = KC_BUILD_LANG
    Set sheet = KC_SettingsSheet()
    If sheet Is Nothing Then Exit Function
    For row = 1 To 100
        cellKey = sheet.Cells(row, 1).Value
        If VarType(cellKey) = vbString Then
            If Trim$(cellKey) = "lang" Then
                cellValue = sheet.Cells(row, 2).Value
                If VarType(cellValue) = vbString Then
                    If KC_Text("macro.title", LCase$(Trim$(cellValue))) <> "" Then KC_Lang = LCase$(Trim$(cellValue))
                End If
                Exit Function
            End If
        End If
    Next row
End Function

Public Function KC_SettingsSheet() As Object
    ' The settings sheet, by its name in any of the workbook's languages; Nothing without one.
    Dim sheet As Object, lang As Variant
    For Each sheet In ThisWorkbook.Worksheets
        For Each lang In KC_Langs()
            If sheet.Name = KC_Text("sheet.settings", CStr(lang)) Then
                Set KC_SettingsSheet = sheet
                Exit Function
            End If
        Next lang
    Next sheet
End Function

Public Function KC_ExportFilter(ByVal lang As String) As String
    ' Application.GetOpenFilename's filter: every export the reader takes, then all files.
    KC_ExportFilter = KC_Text("vba.filter_exports", lang) & " (" & KC_EXPORT_PATTERN & ")," & KC_EXPORT_PATTERN _
        & "," & KC_Text("vba.filter_all", lang) & " (*.*),*.*"
End Function
