"""Excel's error values, written once: what a workbook's error cell reads as (read/files.py), and
text that is never a client, product or SKU (read/layout.py, excel/udfs.py).

No imports: read/files.py uses it before calamine parses, when nothing heavy may be loaded."""

# calamine's name of an error value (in fastexcel's message for the cell) → the text Excel shows
SHOWN_AS = {
    "Div0": "#DIV/0!", "NA": "#N/A", "Name": "#NAME?", "Null": "#NULL!", "Num": "#NUM!", "Ref": "#REF!",
    "Value": "#VALUE!", "GettingData": "#GETTING_DATA",
}  # fmt: skip
# Every error value Excel shows, with those of dynamic arrays (calamine has no name for them)
ERROR_VALUES = frozenset(SHOWN_AS.values()) | {"#SPILL!", "#CALC!"}
