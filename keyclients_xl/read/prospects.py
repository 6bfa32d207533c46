"""The prospects input sheet («Конкуренты (ввод)») → a frame for analyse/prospects.py.

Read like the manager's other input sheets (read/manager_inputs.py: headers in either
language, blank rows skipped, a bad date or number named by sheet, row and column).
Columns: row, client, client_key, competitor, volume (float), owner, next_step, due_date,
status.
"""

from __future__ import annotations

import pandas as pd

from ..errors import KeyClientsError
from ..report.cycle_inputs import PROSPECTS_INPUT
from .clients import client_key
from .manager_inputs import _Sheet
from .sources import SheetRows
from .values import BadValue, number_error, to_numbers


def read_prospects(sheet: SheetRows) -> pd.DataFrame:
    cells = _Sheet(sheet, PROSPECTS_INPUT)
    frame = cells.frame(skip=("volume",))
    try:
        volume = to_numbers(cells.body["volume"])
    except BadValue as bad:
        where = cells.where(bad.index, "volume")
        raise KeyClientsError(number_error(bad.value), where, {"value": bad.value}) from None
    frame.insert(frame.columns.get_loc("competitor") + 1, "volume", volume.to_numpy())
    frame.insert(frame.columns.get_loc("client") + 1, "client_key", client_key(frame["client"]))
    return frame.rename(columns={"prospect_status": "status"})
