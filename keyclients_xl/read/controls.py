"""Invisible control characters (codes 0–31) in names, removed before they reach the report.

Exports carry them from old databases (a bell, a NUL, an escape code pasted into a client
card). Excel's file format cannot hold most of them, and on screen they are invisible, so
two spellings that differ only by one would look like one client listed twice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import Count
from .notes import Note

CONTROL = r"[\x00-\x1f]"
NAME_COLUMNS = ("client", "sku", "manager")
_EXAMPLES = 3


def drop_control_characters(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Note]]:
    """The frame with control characters taken out of its name columns (spaces tidied after),
    and a note naming a few of the names changed."""
    changed: list[str] = []
    for column in NAME_COLUMNS:
        if column not in frame or _clean_labels(frame[column]):
            continue
        codes, names = pd.factorize(frame[column], use_na_sentinel=True)  # each distinct name once
        text = pd.Series(names, dtype=object).astype("str")  # ids stored as numbers have no control characters
        dirty = _dirty(text)
        if not dirty.any():
            continue
        cleaned = text.str.replace(CONTROL, "", regex=True).str.split().str.join(" ").to_numpy(dtype=object)
        fixed = pd.Series(names, dtype=object).where(~dirty, cleaned).to_numpy(dtype=object)
        values = pd.Series(np.append(fixed, None)[codes], index=frame.index, dtype=object)
        # A label column stays a Categorical, of the cleaned names (two may now be one).
        kind = frame[column].dtype
        frame = frame.assign(**{column: values.astype("category" if isinstance(kind, pd.CategoricalDtype) else kind)})
        changed += list(dict.fromkeys(cleaned[dirty]))
    if not changed:
        return frame, []
    examples = ", ".join(changed[:_EXAMPLES]) + (", …" if len(changed) > _EXAMPLES else "")
    return frame, [Note("note.control_characters", {"count": Count(len(changed), "name"), "examples": examples})]


def _clean_labels(column: pd.Series) -> bool:
    """A label column (a Categorical) whose categories hold no control character: told without
    factorizing its million codes (25 ms for the client, SKU and manager of a million lines)."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return False
    categories = pd.Series(column.cat.categories)
    return not _dirty(categories if categories.dtype == "str" else categories.astype(object).astype("str")).any()


def _dirty(text: pd.Series) -> np.ndarray:
    return text.str.contains(CONTROL, regex=True, na=False).to_numpy()
