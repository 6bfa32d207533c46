"""Settings of a build: the key-client rule, thresholds, the window, the language.

Stored on the workbook's settings sheet as key | value | meaning rows, so a workbook
remembers how it was built. Keys are stable English ids whatever the language.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields, replace
from typing import TYPE_CHECKING

from .analyse.metric_settings import MetricSettings
from .errors import KeyClientsError, Location
from .i18n import Phrases, all_translations, t

if TYPE_CHECKING:
    import pandas as pd

RULES = ("top_n", "top_share", "cumulative")
MEASURES = ("revenue", "profit", "quantity")
BOUNDARIES = ("upper", "lower")
INPUT_SOURCES = ("lines", "months")
# Statuses of document lines that never count (1C's unposted documents and deletion marks included). Matching
# folds case, ё/е and punctuation; an entry also matches statuses that start with it.
DROP_STATUS = (
    "Отменен; Отменена; Отменено; Аннулирован; Аннулирована; Аннулировано; Удален; Не проведен; "
    "Помечен на удаление; Помечена на удаление; Помечено на удаление; "
    "Cancelled; Canceled; Void; Voided; Deleted; Marked for deletion"
)
# Defaults a workbook's settings sheet may still show: read as today's default, so a workbook built
# before 1C's deletion marks were dropped drops them too (the sheet shows every setting's value).
PAST_DROP_STATUS = (
    "Отменен; Отменена; Отменено; Аннулирован; Аннулирована; Аннулировано; Удален; Не проведен; "
    "Cancelled; Canceled; Void; Voided; Deleted",
)
# The plan's thresholds: settings keys, PlanThresholds fields and build flags (--plan-days …) alike.
PLAN_KEYS = ("plan_days", "visit_every_days", "stale_after_days", "illiquid_after_months")
# Settings whose values are shown as words on the settings sheet ('Топ N', 'Выручка').
WORDED = {"rule": RULES, "measure": MEASURES, "abc_boundary": BOUNDARIES, "input_source": INPUT_SOURCES}
# The metric settings by the sheet they belong to, as the settings sheet groups them (settings.group.<name>).
METRIC_GROUPS = {
    "assortment": ("top_sku_share", "coverage_threshold", "white_space_shown"),
    "turnover": (
        "trend_months",
        "decline_threshold",
        "decline_medium",
        "decline_high",
        "growth_threshold",
        "drivers_shown",
    ),
    "trade_terms": ("review_days",),
    "near_key": ("near_key_count", "fast_grower_threshold"),
}


def choice_word(name: str, code: str, lang: str) -> str:
    """The word the settings sheet shows for a value: choice_word('rule', 'top_n', 'ru') → 'Топ N'."""
    return t(f"choice.{name}.{code}", lang)


def _words(name: str) -> Phrases:
    """The allowed words of a setting, as the message around them is worded."""
    return Phrases(tuple(f"choice.{name}.{code}" for code in WORDED[name]))


def choice_code(name: str, raw: object) -> str:
    """The value behind a word in either language, or behind the code itself; anything else
    comes back as typed, for `validate` to name. Spaces and case do not matter ('топ n%')."""

    def bare(text: str) -> str:
        return "".join(text.split()).casefold()

    typed = bare(str(raw))
    for code in WORDED[name]:
        if typed in {bare(code), *map(bare, all_translations(f"choice.{name}.{code}"))}:
            return code
    return str(raw).strip()


@dataclass(frozen=True)
class Settings:
    rule: str = "top_n"
    top_n: int = 20
    top_share: float = 20.0  # % of clients, for rule top_share
    cumulative_share: float = 80.0  # % of sales, for rule cumulative
    months: int = 3
    as_of: str | None = None  # 'YYYY-MM': the last month of the window
    abc_a: float = 80.0  # class A: the clients making the first 80 % of the measure
    abc_b: float = 15.0  # class B: the next 15 %; C: the rest
    measure: str = "revenue"  # what ranks the clients, shares and ABC: revenue, profit or quantity
    abc_boundary: str = "upper"  # the client crossing a threshold: 'upper' class, or 'lower' (Excel habit)
    xyz_x: float = 10.0  # X: coefficient of variation up to 10 %
    xyz_y: float = 25.0  # Y: up to 25 %; Z: above
    lang: str | None = None  # 'ru' or 'en'; None: from the export's headers
    drop_status: str = DROP_STATUS  # statuses whose lines are dropped, separated by ';'
    input_source: str = "lines"  # an .xlsm with both input sheets filled: which one counts
    backups_keep: int = 10  # in-place builds keep this many of the workbook's latest backups
    # The monthly cycle (History, Changes, Receivables, Prospects)
    history_keep: int = 1000  # History keeps, per month, the clients ranked up to this and every key client
    history_seed: int = 12  # a first build without History seeds it with this many earlier month-ends
    overdue_age_medium: int = 30  # overdue debt older than this many days: at least medium severity
    overdue_age_high: int = 60  # … older than this: high
    overdue_size_medium: float = 15.0  # overdue debt worth this many days of the client's shipments: medium
    overdue_size_high: float = 30.0  # … this many days: high
    prospect_late_medium: int = 7  # a prospect's next step late by more than this many days: medium
    prospect_late_high: int = 30  # … by more than this: high
    # The metric sheets' thresholds (analyse/metric_settings.py has their meaning), by sheet:
    # Assortment
    top_sku_share: float = 80.0
    coverage_threshold: float = 50.0
    white_space_shown: int = 5
    # Turnover
    trend_months: int = 6
    decline_threshold: float = 10.0
    decline_medium: float = 20.0
    decline_high: float = 30.0
    growth_threshold: float = 10.0
    drivers_shown: int = 2
    # Trade terms
    review_days: int = 92
    # Near-key clients
    near_key_count: int | None = None
    fast_grower_threshold: float = 5.0
    # The manager's plan (issue 11; analyse/plan.py PlanThresholds, analyse/holidays.py)
    holidays: str | None = None  # 'DD.MM Name; …'; None (a blank cell): the default list, '-': none
    plan_days: int = 30  # the plan covers today and the days after it
    visit_every_days: int = 30  # a visit to each key client is due this long after the last
    stale_after_days: int = 30  # a stock check or promo announcement older than this is stale
    illiquid_after_months: int = 3  # an illiquid exchange older than this is stale

    def __post_init__(self) -> None:
        self.validate()

    def validate(self, where: Location | None = None) -> None:
        where = where or Location()

        def bad(key, expected):
            raise KeyClientsError(
                "error.bad_setting", where, {"setting": key, "value": getattr(self, key), "expected": expected}
            )

        if self.rule not in RULES:
            bad("rule", _words("rule"))
        if self.top_n < 1:
            bad("top_n", "≥ 1")
        if not 0 < self.top_share <= 100:
            bad("top_share", "0–100")
        if not 0 < self.cumulative_share <= 100:
            bad("cumulative_share", "0–100")
        if not 1 <= self.months <= 36:
            bad("months", "1–36")
        if self.as_of is not None and not re.fullmatch(r"\d{4}-\d{2}", self.as_of):
            bad("as_of", "YYYY-MM")
        if not (0 < self.abc_a < 100 and 0 < self.abc_b and self.abc_a + self.abc_b <= 100):
            bad("abc_b" if 0 < self.abc_a < 100 else "abc_a", "0 < A, A + B ≤ 100")
        if self.measure not in MEASURES:
            bad("measure", _words("measure"))
        if self.abc_boundary not in BOUNDARIES:
            bad("abc_boundary", _words("abc_boundary"))
        if self.input_source not in INPUT_SOURCES:
            bad("input_source", _words("input_source"))
        if not 0 < self.xyz_x < self.xyz_y:
            bad("xyz_y" if self.xyz_x > 0 else "xyz_x", "0 < X < Y")
        if self.lang not in (None, "ru", "en"):
            bad("lang", "ru | en")
        if self.backups_keep < 1:
            bad("backups_keep", "≥ 1")
        self._validate_cycle(bad)
        try:
            self.metrics  # noqa: B018 -- checks the metric thresholds by their own rules
        except KeyClientsError as error:
            raise KeyClientsError(error.key, where, error.params) from None
        for key in PLAN_KEYS:
            if not 1 <= getattr(self, key) <= 3660:
                bad(key, "1–3660")
        self.holiday_list(where)  # a mistyped entry is named now, with the settings sheet's cell

    def _validate_cycle(self, bad) -> None:
        if self.history_keep < 1:
            bad("history_keep", "≥ 1")
        if not 0 <= self.history_seed <= 120:
            bad("history_seed", "0–120")
        for low, high in (
            ("overdue_age_medium", "overdue_age_high"),
            ("overdue_size_medium", "overdue_size_high"),
            ("prospect_late_medium", "prospect_late_high"),
        ):
            if getattr(self, low) < 0:
                bad(low, "≥ 0")
            if getattr(self, high) < getattr(self, low):
                bad(high, f"≥ {low}")

    @property
    def metrics(self) -> MetricSettings:
        """The thresholds of the metric sheets."""
        return MetricSettings(**{key: getattr(self, key) for key in MetricSettings.keys()})

    def holiday_list(self, where: Location | None = None) -> tuple:
        """The holidays to greet key clients on (analyse.holidays.Holiday items)."""
        from .analyse.holidays import parse_holidays

        return parse_holidays(self.holidays, where)

    @property
    def plan_thresholds(self):
        """The plan's thresholds (analyse.plan.PlanThresholds)."""
        from .analyse.plan import PlanThresholds

        return PlanThresholds(**{key: getattr(self, key) for key in PLAN_KEYS})

    @property
    def dropped_statuses(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.drop_status.split(";") if part.strip())

    @property
    def as_of_period(self) -> pd.Period | None:
        import pandas as pd  # on use: the command line imports settings before an export is read

        return pd.Period(self.as_of, freq="M") if self.as_of else None

    def items(self) -> list[tuple[str, object]]:
        return list(asdict(self).items())

    def updated(self, **changes) -> Settings:
        """A copy with the given values; None means 'keep'."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_items(cls, items: dict[str, object], where: Location | None = None) -> Settings:
        """Settings from key → raw cell value (as read from a settings sheet). Unknown keys are ignored."""
        values = {}
        for f in fields(cls):
            if f.name not in items:
                continue
            raw = items[f.name]
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            try:
                values[f.name] = _coerce(f.name, raw)
            except (TypeError, ValueError):
                expected = Phrases(("expected.whole",) if "int" in f.type else ("expected.number",))
                raise KeyClientsError(
                    "error.bad_setting", where or Location(), {"setting": f.name, "value": raw, "expected": expected}
                ) from None
        if values.get("drop_status") in PAST_DROP_STATUS:
            values["drop_status"] = DROP_STATUS
        return cls(**values)


def _coerce(name: str, raw: object) -> object:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if "int" in kind:
        number = float(str(raw).replace(",", "."))
        if not number.is_integer():
            raise ValueError(raw)
        return int(number)
    if "float" in kind:
        return float(str(raw).replace(",", ".").rstrip("%").strip())
    if name == "measure" and str(raw).strip().lower() in _MEASURE_ALIASES:
        return _MEASURE_ALIASES[str(raw).strip().lower()]
    if name == "holidays":
        return _holidays_text(raw)
    if name == "as_of" and hasattr(raw, "year"):
        return f"{raw.year:04d}-{raw.month:02d}"
    if name in WORDED:
        return choice_code(name, raw)
    return str(raw).strip()


def _holidays_text(raw: object) -> str | None:
    """The holiday list as typed; None when it is the default list (in either language), so a
    settings sheet showing the defaults does not count as a changed setting."""
    from .analyse.holidays import DEFAULT_HOLIDAYS, parse_holidays

    text = str(raw).strip()
    try:
        return None if parse_holidays(text) == DEFAULT_HOLIDAYS else text
    except KeyClientsError:
        return text  # Settings.validate names the bad entry, with where it is


# Earlier workbooks stored 'gross_profit' (as the ABC measure).
_MEASURE_ALIASES = {"gross_profit": "profit"}


def parse_abc(text: str) -> tuple[float, float]:
    """'80,15' (or '80;15', '80 15') → (80.0, 15.0): the --abc option."""
    parts = [part for part in re.split(r"[,;\s/]+", text.strip()) if part]
    try:
        a, b = (float(part.rstrip("%")) for part in parts)
    except ValueError:
        raise KeyClientsError("error.bad_abc", Location(), {"value": text}) from None
    return a, b


def parse_pair(text: str, option: str, whole: bool = False) -> tuple[float, float]:
    """'30,60' (or '30;60', '30 60') → (30.0, 60.0): the --overdue-age, --overdue-size and
    --prospect-late options (medium, high). `whole`: both must be whole numbers."""
    parts = [part for part in re.split(r"[,;\s/]+", text.strip()) if part]
    try:
        low, high = (float(part.replace(",", ".")) for part in parts)
        if whole and not (low.is_integer() and high.is_integer()):
            raise ValueError(text)
    except ValueError:
        raise KeyClientsError("error.bad_pair", Location(), {"option": option, "value": text}) from None
    return (int(low), int(high)) if whole else (low, high)


def parse_day(text: str):
    """'2026-11-27' → a date: the --today option."""
    import datetime as dt

    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise KeyClientsError("error.bad_day", Location(), {"value": text}) from None
    if not 1900 <= day.year <= 2200:  # a year mistyped (3026): pandas' days end in 2262
        raise KeyClientsError("error.day_out_of_range", Location(), {"value": text})
    return day
