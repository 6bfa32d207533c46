"""Which months to analyse: the last N full months in the data (or up to --as-of)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..errors import KeyClientsError, Location
from ..read.notes import Note


@dataclass
class Window:
    months: list[pd.Period]
    notes: list[Note] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.months[0]} – {self.months[-1]}"


def last_full_month(months: pd.Series, data_end: pd.Timestamp | None) -> pd.Period:
    """A month is full when the data reaches its last day, or a later month exists."""
    last = months.max()
    if data_end is None or pd.isna(data_end):
        return last  # a per-month export without a period: its columns are whole months
    end_month = pd.Period(data_end, freq="M")
    if data_end.normalize() >= end_month.end_time.normalize():
        return max(last, end_month) if last <= end_month else last
    return end_month - 1


def choose_window(months: pd.Series, data_end: pd.Timestamp | None, length: int, as_of: pd.Period | None) -> Window:
    """The window of `length` consecutive months ending at `as_of` or at the last full month.

    `months` is the month of every shipment; `data_end` the last day the data covers.
    """
    months = months.dropna()
    first, last = months.min(), months.max()
    start_text = f"{months.min()}" if data_end is None else None
    notes: list[Note] = []
    if as_of is not None:
        if not first <= as_of <= max(last, pd.Period(data_end, freq="M") if data_end is not None else last):
            raise KeyClientsError(
                "error.as_of_outside", Location(), {"as_of": str(as_of), "start": str(first), "end": str(last)}
            )
        end = as_of
    else:
        end = last_full_month(months, data_end)
        if end < first:
            first_day = start_text or f"{first.start_time:%d.%m.%Y}"
            raise KeyClientsError(
                "error.no_full_month", Location(), {"start": first_day, "end": f"{data_end:%d.%m.%Y}"}
            )
        if last > end or (data_end is not None and pd.Period(data_end, freq="M") > end):
            partial = pd.Period(data_end, freq="M")
            notes.append(Note("note.partial_month", {"month": str(partial), "date": f"{data_end:%d.%m.%Y}"}))
    start = end - (length - 1)
    if start < first:
        notes.append(Note("note.window_short", {"available": (end - first).n + 1, "wanted": length}))
        start = first
    return Window(list(pd.period_range(start, end, freq="M")), notes)
