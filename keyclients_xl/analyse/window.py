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


def last_working_day(month: pd.Period) -> pd.Timestamp:
    """The month's last Monday-to-Friday: a distributor ships nothing at the weekend."""
    return pd.offsets.BMonthEnd().rollforward(month.start_time)


def last_full_month(months: pd.Series, data_end: pd.Timestamp | None) -> pd.Period:
    """A month is full when the data reaches its last day, or a later month exists.

    'Its last day' is read as its last working day: an export of August–October run on
    3 November whose last shipment is Friday 30 October covers October.
    """
    last = months.max()
    if data_end is None or pd.isna(data_end):
        return last  # a per-month export without a period: its columns are whole months
    end_month = pd.Period(data_end, freq="M")
    if data_end.normalize() >= last_working_day(end_month):
        return max(last, end_month)
    return end_month - 1


def choose_window(
    months: pd.Series,
    data_end: pd.Timestamp | None,
    length: int,
    as_of: pd.Period | None,
    data_start: pd.Timestamp | None = None,
) -> Window:
    """The window of `length` consecutive months ending at `as_of` or at the last full month.

    `months` is the month of every shipment; `data_start`/`data_end` the first and last
    day the data covers (None for exports by month without a stated period).
    """
    months = months.dropna()
    first, last = months.min(), months.max()
    full = last_full_month(months, data_end)
    notes: list[Note] = []
    if as_of is not None:
        data_last = max(last, pd.Period(data_end, freq="M")) if data_end is not None else last
        if not first <= as_of <= data_last:
            raise KeyClientsError(
                "error.as_of_outside", Location(), {"as_of": str(as_of), "start": str(first), "end": str(data_last)}
            )
        end = as_of
        if as_of > full:
            notes.append(Note("note.as_of_partial", {"month": str(as_of), "date": f"{data_end:%d.%m.%Y}"}))
    else:
        end = full
        if end < first:
            start_day = data_start if data_start is not None and pd.notna(data_start) else first.start_time
            raise KeyClientsError(
                "error.no_full_month", Location(), {"start": f"{start_day:%d.%m.%Y}", "end": f"{data_end:%d.%m.%Y}"}
            )
        if last > end or (data_end is not None and pd.Period(data_end, freq="M") > end):
            partial = pd.Period(data_end, freq="M")
            notes.append(Note("note.partial_month", {"month": str(partial), "date": f"{data_end:%d.%m.%Y}"}))
    start = end - (length - 1)
    if start < first:
        notes.append(
            Note("note.window_short", {"available": (end - first).n + 1, "wanted": length, "first": str(first)})
        )
        start = first
    return Window(list(pd.period_range(start, end, freq="M")), notes)
