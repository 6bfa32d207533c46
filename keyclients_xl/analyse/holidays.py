"""Holidays to greet key clients on: the default list, and the editable one on the settings sheet.

The settings sheet holds the list in one cell (key `holidays`), as entries separated by ';'
(or line breaks):

    01.01 Новый год; 07.01 Рождество Христово; 08.03 Международный женский день

`DD.MM Name` comes back every year; `DD.MM.YYYY Name` is one date only (a company's
anniversary, say). Day before month, as dates are written in Russia, whatever the language.
A blank cell means the default list, a lone '-' no holidays. A name that is a default
holiday's name in either language is shown in the report's language.

29 February: in a year without one, the holiday (or birthday) falls on 28 February, the
last day of the month it belongs to.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import KeyClientsError, Location
from ..i18n import TEXTS, t

if TYPE_CHECKING:  # pandas on use: settings check the holiday list before an export is read
    import pandas as pd

_ENTRY = re.compile(r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})(?:\.(?P<year>\d{4}))?\.?\s+(?P<name>\S.*)$")
NONE = {"-", "—", "–"}


@dataclass(frozen=True)
class Holiday:
    """A greeting day. `key`: the catalogue key of a default holiday (named in the report's
    language), else `name` as typed. `year`: set for a one-off date."""

    day: int
    month: int
    name: str = ""
    key: str | None = None
    year: int | None = None

    @property
    def id(self) -> str:
        """Stable across languages and builds (calendar UIDs, item ids)."""
        base = self.key.removeprefix("holiday.") if self.key else " ".join(self.name.split()).casefold()
        return f"{self.month:02d}-{self.day:02d}{'-' + str(self.year) if self.year else ''}-{base}"

    def label(self, lang: str) -> str:
        return t(self.key, lang) if self.key else self.name

    def entry(self, lang: str) -> str:
        """This holiday as written in the settings list: '08.03 Международный женский день'."""
        date = f"{self.day:02d}.{self.month:02d}" + (f".{self.year}" if self.year else "")
        return f"{date} {self.label(lang)}"


DEFAULT_HOLIDAYS: tuple[Holiday, ...] = (
    Holiday(1, 1, key="holiday.new_year"),
    Holiday(7, 1, key="holiday.christmas"),
    Holiday(23, 2, key="holiday.defender"),
    Holiday(8, 3, key="holiday.women"),
    Holiday(1, 5, key="holiday.labour"),
    Holiday(9, 5, key="holiday.victory"),
    Holiday(12, 6, key="holiday.russia"),
    Holiday(4, 11, key="holiday.unity"),
)


def format_holidays(holidays: tuple[Holiday, ...], lang: str) -> str:
    """The list as the settings sheet holds it; '-' for none."""
    return "; ".join(holiday.entry(lang) for holiday in holidays) if holidays else "-"


def default_holidays_text(lang: str) -> str:
    return format_holidays(DEFAULT_HOLIDAYS, lang)


def _default_key(day: int, month: int, name: str) -> str | None:
    folded = " ".join(name.split()).casefold()
    for holiday in DEFAULT_HOLIDAYS:
        names = {text.casefold() for text in TEXTS[holiday.key].values()}
        if (holiday.day, holiday.month) == (day, month) and folded in names:
            return holiday.key
    return None


def _exists(day: int, month: int, year: int | None) -> bool:
    try:
        dt.date(year or 2000, month, day)  # 2000: a leap year, so 29.02 is a valid yearly date
    except ValueError:
        return False
    return True


def parse_holidays(text: object, where: Location | None = None) -> tuple[Holiday, ...]:
    """The settings cell → holidays, in the order written, repeats dropped. Raises KeyClientsError
    (error.bad_holiday, naming the entry) on an entry that is not 'DD.MM Name' or 'DD.MM.YYYY Name'."""
    if text is None or not str(text).strip():
        return DEFAULT_HOLIDAYS
    if str(text).strip() in NONE:
        return ()
    holidays: dict[Holiday, None] = {}
    for entry in (e.strip() for e in re.split(r"[;\n]", str(text))):
        if not entry:
            continue
        match = _ENTRY.match(entry)
        if not match:
            raise KeyClientsError("error.bad_holiday", where or Location(), {"entry": entry})
        day, month = int(match["day"]), int(match["month"])
        year = int(match["year"]) if match["year"] else None
        if not _exists(day, month, year):
            raise KeyClientsError("error.bad_holiday", where or Location(), {"entry": entry})
        name = " ".join(match["name"].split())
        key = _default_key(day, month, name) if year is None else None
        holidays[Holiday(day, month, "" if key else name, key, year)] = None
    return tuple(holidays)


def yearly_dates(days: pd.Series, months: pd.Series, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Every date from `start` to `end` (inclusive) on which a yearly day/month falls.

    One row per hit: the input's index label as `source` and the `date`. A period can hold
    two of them (or none), e.g. 1 January when it spans the turn of the year. 29 February
    falls on 28 February in a year without one.
    """
    import pandas as pd

    hits = []
    for year in range(start.year, end.year + 1):
        leap_day = (months == 2) & (days == 29)
        day = days.where(~leap_day | pd.Timestamp(year=year, month=1, day=1).is_leap_year, 28)
        dates = pd.to_datetime(
            pd.DataFrame({"year": year, "month": months.astype("int64"), "day": day.astype("int64")}), errors="coerce"
        )
        hits.append(pd.DataFrame({"source": days.index, "date": dates.to_numpy()}))
    frame = pd.concat(hits, ignore_index=True) if hits else pd.DataFrame(columns=["source", "date"])
    in_period = (frame["date"] >= pd.Timestamp(start)) & (frame["date"] <= pd.Timestamp(end))
    return frame[in_period].sort_values(["date", "source"]).reset_index(drop=True)


def holidays_between(holidays: tuple[Holiday, ...], start: dt.date, end: dt.date) -> pd.DataFrame:
    """The holidays falling from `start` to `end` (inclusive): date, holiday (a Holiday), by date."""
    import pandas as pd

    holidays = tuple(holidays)
    if not holidays:
        return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "holiday": pd.Series(dtype=object)})
    table = pd.DataFrame({"day": [h.day for h in holidays], "month": [h.month for h in holidays]})
    hits = yearly_dates(table["day"], table["month"], start, end)
    frame = pd.DataFrame({"date": hits["date"], "holiday": [holidays[i] for i in hits["source"]]})
    once = frame["holiday"].map(lambda h: h.year)
    # A one-off date counts in its own year only.
    return frame[once.isna() | (once == frame["date"].dt.year)].reset_index(drop=True)
