"""Which months to analyse: the last N full months in the data (or up to --as-of)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..errors import KeyClientsError, Location
from ..i18n import Count, Month
from ..read.notes import Note


@dataclass
class Window:
    months: list[pd.Period]
    notes: list[Note] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.months[0]} – {self.months[-1]}"


def last_working_day(month: pd.Period) -> pd.Timestamp:
    """The month's last Monday-to-Friday: a distributor ships nothing at the weekend. In December
    the 31st is not one: Russia makes it a day off in most years (2025, 2026), and the rest ship
    nothing on New Year's Eve; December's data ending on the 30th is whole."""
    day = pd.offsets.BMonthEnd().rollforward(month.start_time)
    if day.month == 12 and day.day == 31:
        day -= pd.offsets.BDay()
    return day


LATEST_WHOLE_START_DAY = 15


def latest_whole_start(month: pd.Period) -> pd.Timestamp:
    """The last day data may start on and still cover `month` whole: its 15th. A small export's
    first line is seldom on the 1st, January and May start after the holidays (to the 11th), and a
    quiet first week is no part of a month; data from the 17th covers half of it, and such a month
    would read as a fall to half."""
    return month.start_time + pd.Timedelta(days=LATEST_WHOLE_START_DAY - 1)


def late_start(first: pd.Period, data_start: pd.Timestamp | None) -> bool:
    """The data starts after the first week of its first month, still within its first half, and
    no holidays explain it (January and May): the month may not be whole ('the last 90 days')."""
    if data_start is None or pd.isna(data_start) or pd.Period(data_start, freq="M") != first:
        return False
    return first.month not in (1, 5) and 7 < data_start.day <= LATEST_WHOLE_START_DAY


def first_full_month(first: pd.Period, data_start: pd.Timestamp | None) -> pd.Period:
    """The data's first month `first`, or the next one when the data starts after its first half.

    A window or a trend that began with a part of a month would read a fall or a rise that is
    not there. Without a first day (an export by month, without a period in its title) every
    month is whole.
    """
    if data_start is None or pd.isna(data_start):
        return first
    start_month = pd.Period(data_start, freq="M")
    return start_month if data_start.normalize() <= latest_whole_start(start_month) else start_month + 1


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
    today: pd.Timestamp | None = None,
) -> Window:
    """The window of `length` consecutive months ending at `as_of` or at the last full month.

    `months` is the month of every shipment; `data_start`/`data_end` the first and last
    day the data covers (None for exports by month without a stated period). The month of
    `today` (and any later one) is never full, whatever the data says: a by-month export
    made on 27 November has a November column of three weeks.
    """
    # The distinct months, found once: the first, the last and the shipped ones are read from
    # them, not each from a million lines.
    months = pd.Series(months.dropna().unique(), dtype=months.dtype)
    first, last = months.min(), months.max()
    full = last_full_month(months, data_end)
    notes: list[Note] = []
    current = pd.Period(today, freq="M") if today is not None else None
    capped = current is not None and as_of is None and full >= current
    if capped:
        params = {"month": Month(current), "today": f"{today:%d.%m.%Y}", "as_of": str(current)}
        notes.append(Note("note.current_month", params))
        full = current - 1
    if as_of is not None:
        data_last = max(last, pd.Period(data_end, freq="M")) if data_end is not None else last
        if not first <= as_of <= data_last:
            raise KeyClientsError(
                "error.as_of_outside", Location(), {"as_of": str(as_of), "start": str(first), "end": str(data_last)}
            )
        end = as_of
        if current is not None and as_of >= current:
            notes.append(Note("note.as_of_partial", {"month": Month(as_of), "date": f"{today:%d.%m.%Y}"}))
        elif as_of > full and data_end is not None:
            notes.append(Note("note.as_of_partial", {"month": Month(as_of), "date": f"{data_end:%d.%m.%Y}"}))
    else:
        end = full
        if end < first:
            start_day = data_start if data_start is not None and pd.notna(data_start) else first.start_time
            end_day = data_end if data_end is not None and pd.notna(data_end) else (today or last.end_time)
            raise KeyClientsError(
                "error.no_full_month", Location(), {"start": f"{start_day:%d.%m.%Y}", "end": f"{end_day:%d.%m.%Y}"}
            )
        if not capped and (last > end or (data_end is not None and pd.Period(data_end, freq="M") > end)):
            partial = pd.Period(data_end, freq="M")
            notes.append(Note("note.partial_month", {"month": Month(partial), "date": f"{data_end:%d.%m.%Y}"}))
    first_full = first_full_month(first, data_start)
    part_first = first < first_full <= end and end - (length - 1) <= first  # the window would begin with a part
    if part_first:
        notes.append(Note("note.partial_first_month", {"month": Month(first), "date": f"{data_start:%d.%m.%Y}"}))
        first = first_full
    elif end - (length - 1) <= first <= end and late_start(first, data_start):
        notes.append(Note("note.late_first_month", {"month": Month(first), "date": f"{data_start:%d.%m.%Y}"}))
    start = end - (length - 1)
    if start < first:
        available = Count((end - first).n + 1, "month")
        short = "note.window_short_full" if part_first else "note.window_short"
        notes.append(Note(short, {"available": available, "wanted": length, "first": Month(first)}))
        start = first
    window = list(pd.period_range(start, end, freq="M"))
    shipped = set(months.unique())
    notes += [Note("note.month_without_shipments", {"month": Month(month)}) for month in window if month not in shipped]
    return Window(window, notes)


EARLY_LAST_DAY, USUAL_LAST_DAY = 20, 25


def cut_short_note(last_days: pd.Series, months: list[pd.Period]) -> Note | None:
    """A note when the window's last month stops early where the months before it ran to their
    end: its last line on the 20th or before, theirs all on the 25th or after. An export cut on
    the 20th (its title may still say «по 31.10») reads as a fall of a third for every client.
    `last_days`: month → the day of its last dated line."""
    last_days = last_days.dropna()
    if len(months) < 3 or last_days.empty:
        return None
    end, before = months[-1], last_days.reindex(months[:-1]).dropna()
    if end not in last_days.index or len(before) < len(months) - 1:
        return None
    if last_days[end].day <= EARLY_LAST_DAY and (before.dt.day >= USUAL_LAST_DAY).all():
        return Note("note.last_month_cut_short", {"month": Month(end), "date": f"{last_days[end]:%d.%m.%Y}"})
    return None
