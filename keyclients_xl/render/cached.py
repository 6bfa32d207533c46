"""A formula's cached value as its cell holds it: the <v> element and the cell's t attribute.

openpyxl writes formulas without one. The analysis knows each value, so readers that do not
recalculate (pandas, Power Query, previews) see the number: body_xml writes it in the rows it
writes as text, and the splice (deliver/sheet_xml.py) in the rows openpyxl drew. One rule here
serves both.
"""

from __future__ import annotations

import math
import numbers

from lxml import etree


def cached(value: object) -> tuple[str | None, str | None]:
    """(the cell's t attribute, the <v> text); a text of None is no cached value."""
    if value is None:
        return None, None
    # A float first: nearly every cached value is one, and the ABC's check costs as much as the rest.
    if type(value) is not float and isinstance(value, bool):
        return "b", "1" if value else "0"
    if type(value) is float or isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            return None, None
        return None, repr(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    return "str", str(value)


def cached_xml(value: object) -> tuple[str, str]:
    """`cached` as the text of a t attribute (' t="str"' or '') and a <v> element ('' for none)."""
    kind, text = cached(value)
    if text is None:
        return "", ""
    attribute = f' t="{kind}"' if kind else ""
    if kind != "str":
        return attribute, f"<v>{text}</v>"
    v = etree.Element("v")
    v.text = text  # lxml escapes it, and refuses what XML cannot hold
    return attribute, etree.tostring(v, encoding="unicode")
