"""What a build does after ranking the clients: stages that share one BuildContext.

`engine.report_sheets` ranks the clients, runs every stage in STAGES order, and then lays out
the key-client sheet (which shows what the stages found: health, what to do) and the settings
sheet. A stage is a module of this package with a function `run(context: BuildContext)`; it
reads the context, adds its results, its alerts, its notes and its sheets.

The order matters: the metric sheets come first (their alerts make the account health), then
the monthly cycle (History keeps the health), then the manager's plan (it lists every alert).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

import pandas as pd

from ..analyse.alerts import Alert, sort_alerts
from ..analyse.ranking import Analysis
from ..deliver import markers
from ..deliver.appends import SheetAppend
from ..i18n import all_translations
from ..read import SheetRows, Shipments
from ..read.notes import Note
from ..report.spec import SheetSpec
from ..settings import Settings

# Stage modules of this package, in the order they run. The order the issues need:
# "metrics" (issue 9), "receivables" (10), "health" (9: from every alert so far, debt included),
# "history" (10: keeps the health), "prospects" (10), "plan" (11: lists every alert),
# "dashboard" (9: counts every alert).
STAGES: tuple[str, ...] = ("metrics", "receivables", "health", "history", "prospects", "plan", "dashboard")

# SheetSpec.role of a sheet the manager fills: "input:<sheet text key>", e.g. "input:sheet.contacts"
# (deliver/markers.py INPUT_ROLE, where the delivery tells such sheets from the ones it replaces).
INPUT_ROLE = markers.INPUT_ROLE


@dataclass(frozen=True)
class UserSheets:
    """The rows of the sheets already in the user's workbook, looked up by our sheet keys.

    `names`: every sheet name in the workbook; `rows_of(name)`: that sheet's cells, row by row
    (rows[0] is Excel row 1). Works the same for a file and for a workbook open in Excel.
    """

    file: str
    names: tuple[str, ...] = ()
    rows_of: Callable[[str], list[list]] = field(default=lambda name: [])
    roles: dict[str, str] = field(default_factory=dict)  # our sheets' roles (from the workbook's markers) → name

    def find(self, key: str) -> str | None:
        """The name of the sheet that is `key` ('sheet.contacts', 'sheet.history'): the sheet we
        made for it (found by its marker, whatever its language or name: a sheet of the user's
        called «История» never stands in for ours), else a sheet with that name in any language."""
        for role in (INPUT_ROLE + key, key.removeprefix("sheet.")):
            if role in self.roles:
                return self.roles[role]
        wanted = all_translations(key)
        return next((name for name in self.names if name in wanted), None)

    def rows(self, key: str) -> SheetRows | None:
        """That sheet's rows, or None when the workbook has no such sheet."""
        name = self.find(key)
        return None if name is None else SheetRows(self.file, name, self.rows_of(name))

    @classmethod
    def from_existing(cls, existing) -> UserSheets:
        """The sheets of a workbook opened by deliver.open_existing: a sheet's cells are read
        only when a stage asks for that sheet."""
        sheets = {sheet.name: sheet for sheet in existing.sheets if sheet.part}
        roles = {sheet.role: sheet.name for sheet in sheets.values() if sheet.role}
        return cls(existing.path.name, tuple(sheets), lambda name: existing.rows(sheets[name]), roles)


@dataclass
class BuildContext:
    """Everything a stage may read, and what the stages add for the sheets, the JSON and the console.

    Read: shipments, settings (the settings this build uses), analysis, lang, today, user_sheets,
    receivables (receivables files given for this build: `--receivables`).
    Added by the stages:
    - results: stage name → its result object (e.g. "metrics" → KeyMetrics);
    - alerts: every finding (analyse/alerts.py), shown in the JSON's `alerts` and the plan;
    - notes: what a stage assumed, shown with the reader's notes;
    - sheets: report sheets, replaced on every build, placed after the key-client sheet;
    - input_sheets: sheets the manager fills (role INPUT_ROLE + key), created when the workbook
      has none, and after that only read;
    - key_columns: column name → Series by client_key, extra columns of the key-client sheet;
    - summary: extra top-level fields of the JSON summary;
    - appends: sheet name → rows to add to a sheet the manager owns, and rows to show grey there
      (deliver/appends.py SheetAppend); the sheet's other cells are never touched.
    """

    shipments: Shipments
    settings: Settings
    analysis: Analysis
    lang: str
    today: dt.date
    user_sheets: UserSheets
    receivables: list[Path] = field(default_factory=list)
    results: dict[str, object] = field(default_factory=dict)
    alerts: list[Alert] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    sheets: list[SheetSpec] = field(default_factory=list)
    input_sheets: list[SheetSpec] = field(default_factory=list)
    key_columns: dict[str, pd.Series] = field(default_factory=dict)
    summary: dict = field(default_factory=dict)
    appends: dict[str, SheetAppend] = field(default_factory=dict)

    def sorted_alerts(self) -> list[Alert]:
        return sort_alerts(self.alerts)

    def new_input_sheets(self) -> list[SheetSpec]:
        """The input sheets this workbook does not have yet (the others are the manager's now)."""
        return [spec for spec in self.input_sheets if self.user_sheets.find(spec.role[len(INPUT_ROLE) :]) is None]


def run_stages(context: BuildContext, stages: tuple[str, ...] | None = None) -> BuildContext:
    for name in STAGES if stages is None else stages:
        import_module(f"{__name__}.{name}").run(context)
    return context
