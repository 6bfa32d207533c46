"""The cycle collector is paused while a build runs, and put back as it was (issue 12)."""

from __future__ import annotations

import datetime as dt
import gc
import re

import openpyxl
import pytest
from test_build_progress import export

from keyclients_xl.engine import build
from keyclients_xl.errors import KeyClientsError
from keyclients_xl.gc_pause import gc_paused

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")


@pytest.fixture
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_a_build_runs_with_the_collector_off_and_turns_it_back_on(tmp_path, collector_on):
    seen: dict[str, bool] = {}
    build(
        tmp_path / "r.xlsx",
        [export(tmp_path / "s.csv")],
        today=dt.date(2026, 11, 20),
        on_phase=lambda name: seen.setdefault(name, gc.isenabled()),
    )
    assert seen == {"analyse": False, "render": False, "save": False}
    assert gc.isenabled()
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0]
    names = [c.value for c in sheet["B"] if isinstance(c.value, str) and re.fullmatch(r"Клиент \d", c.value)]
    assert names == ["Клиент 4", "Клиент 3", "Клиент 2", "Клиент 1", "Клиент 0"]  # 500, 400 … a line


def test_a_failed_build_turns_the_collector_back_on(tmp_path, collector_on):
    with pytest.raises(KeyClientsError):
        build(tmp_path / "r.xlsx", [tmp_path / "nowhere.csv"], today=dt.date(2026, 11, 20))
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off(tmp_path, collector_on):
    gc.disable()
    build(tmp_path / "r.xlsx", [export(tmp_path / "s.csv")], today=dt.date(2026, 11, 20))
    assert not gc.isenabled()


def test_a_nested_pause_leaves_the_collector_to_the_outermost(collector_on):
    states = []

    @gc_paused
    def inner():
        states.append(gc.isenabled())

    @gc_paused
    def outer():
        inner()
        states.append(gc.isenabled())  # still off after the inner call returned
        return "done"

    assert outer() == "done"
    assert states == [False, False] and gc.isenabled()
