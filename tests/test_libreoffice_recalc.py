"""The workbook's live formulas, recalculated by LibreOffice, agree with the Python analysis.

Each produced workbook is opened headless in LibreOffice (set to always recalculate on load),
saved back as .xlsx, and read with openpyxl data_only=True: every Average, Share and Cumulative
share cell, and the summary formulas, must equal the values computed in Python.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from libreoffice import convert
from sheets import summary_cell, summary_value

from keyclients_xl import build, new_workbook
from keyclients_xl.demo import demo_shipments
from keyclients_xl.engine import BuildResult, write_report
from keyclients_xl.i18n import t
from keyclients_xl.report.key_clients import HEADER_ROW

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")

REL = 1e-6
SUMMARY_KEYS = ("clients_total", "key_count", "sales_total", "key_share", "clients_for_80")


def small_export(path: Path, net_negative: bool = False) -> Path:
    """30 clients, Jan–Apr 2025 full and May partial; gaps (zero months), returns, uneven amounts.

    `net_negative` adds two clients whose returns exceed their shipments in the window.
    """
    rng = random.Random(20250514)
    rows = []
    for n in range(1, 31):
        client = f"Client {n:02d}"
        scale = 100_000 / n**1.3
        for month in (1, 2, 3, 4, 5):
            if n % 7 == 0 and month in (2, 3):  # nothing shipped: a zero month in the window
                continue
            if n % 11 == 0 and month == 4:
                continue
            for _ in range(rng.randint(1, 4)):
                day = rng.randint(1, 14 if month == 5 else 28)
                rows.append([f"2025-{month:02d}-{day:02d}", client, round(scale * rng.uniform(0.2, 0.6), 2)])
        if n % 5 == 0:
            rows.append([f"2025-03-{rng.randint(1, 28):02d}", client, round(-scale * 0.1, 2)])  # a return
    rows.append(["2025-05-14", "Client 01", 10.0])  # the data ends mid-May: May is partial
    if net_negative:
        rows += [["2025-02-10", "Returns Only", 500.0], ["2025-03-10", "Returns Only", -2000.0]]
        rows += [["2025-04-02", "Zero Net", 300.0], ["2025-04-20", "Zero Net", -300.0]]
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["Date", "Customer", "Amount"], *rows])
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, BuildResult]:
    """The demo, two builds from a hand-made export and one into a KeyClients.xlsm (the Excel
    workbook with its VBA), all written before one LibreOffice run."""
    folder = tmp_path_factory.mktemp("built")
    export = small_export(folder / "small.csv")
    xlsm = new_workbook(folder / "small_workbook.xlsm", "en")
    return {
        "demo": write_report(folder / "demo.xlsx", demo_shipments(), lang="ru"),
        "small": build(folder / "small.xlsx", [export]),
        "small_cumulative": build(folder / "small_cumulative.xlsx", [export], months=4, rule="cumulative"),
        "small_xlsm": build(xlsm, [export]),
        "net_negative": build(folder / "net_negative.xlsx", [small_export(folder / "neg.csv", net_negative=True)]),
    }


@pytest.fixture(scope="module")
def recalculated(built: dict[str, BuildResult], soffice: Path, tmp_path_factory) -> dict[str, Path]:
    outdir = tmp_path_factory.mktemp("recalculated")
    converted = convert(soffice, [result.path for result in built.values()], "xlsx", outdir, recalculate=True)
    return dict(zip(built, converted, strict=True))


CASES = ["demo", "small", "small_cumulative", "small_xlsm", "net_negative"]


def columns(result: BuildResult) -> dict[str, int]:
    """1-based columns: rank, client, the months, then average, share, cumulative share, …, key."""
    n = len(result.analysis.months)
    names = ["average", "share", "cum_share", "abc", "xyz", "months_shipped", "key"]
    return {"rank": 1, "client": 2, "first_month": 3, **{name: 3 + n + i for i, name in enumerate(names)}}


def test_the_cases_are_meaningful(built):
    """Formulas, not values, were written; and the data has zero months, non-key rows, returns."""
    for name, result in built.items():
        ws = openpyxl.load_workbook(result.path)[result.sheets[0].name]
        col = columns(result)
        assert str(ws.cell(HEADER_ROW + 1, col["average"]).value).startswith("=AVERAGE(")
        assert str(ws.cell(HEADER_ROW + 1, col["share"]).value).startswith("=")
        labels = ("summary.sales_total", "summary.key_share")
        sales, share = (ws[summary_cell(ws, t(label, result.lang))].value for label in labels)
        assert str(sales).startswith("=SUMIF(") and str(share).startswith("=SUMIF(")
        table = result.analysis.table
        assert (table[result.analysis.months] == 0).any(axis=None), name
        assert 0 < table["is_key"].sum() < len(table), name
    assert len(built["small_cumulative"].analysis.months) == 4
    assert (built["small"].shipments.frame["amount"] < 0).any()
    assert [str(m) for m in built["small"].analysis.months] == ["2025-02", "2025-03", "2025-04"]
    negative = built["net_negative"].analysis.table.set_index("client")
    assert negative.loc["Returns Only", "average"] == pytest.approx(-500.0)  # (500 - 2000 + 0) / 3
    assert negative.loc["Zero Net", "average"] == 0.0
    assert list(negative.index[-2:]) == ["Zero Net", "Returns Only"]  # listed after the positive ones


@pytest.mark.parametrize("case", CASES)
def test_every_average_is_the_mean_of_the_month_cells(built, recalculated, case):
    result = built[case]
    table, months = result.analysis.table, result.analysis.months
    ws = openpyxl.load_workbook(recalculated[case], data_only=True)[built[case].sheets[0].name]
    col = columns(result)
    assert ws.cell(HEADER_ROW + len(table) + 1, col["client"]).value is None
    for i, row in enumerate(table.itertuples(index=False)):
        r = HEADER_ROW + 1 + i
        assert ws.cell(r, col["client"]).value == row.client
        cells = [ws.cell(r, col["first_month"] + k).value for k in range(len(months))]
        assert cells == pytest.approx([table.iloc[i][m] for m in months], rel=REL, abs=1e-9)
        average = ws.cell(r, col["average"]).value
        assert isinstance(average, int | float), (r, average)
        assert average == pytest.approx(sum(cells) / len(months), rel=REL, abs=1e-9)  # zeros included
        assert average == pytest.approx(row.average, rel=REL, abs=1e-9), row.client


@pytest.mark.parametrize("case", CASES)
def test_every_share_and_cumulative_share(built, recalculated, case):
    result = built[case]
    table = result.analysis.table
    ws = openpyxl.load_workbook(recalculated[case], data_only=True)[built[case].sheets[0].name]
    col = columns(result)
    for i, row in enumerate(table.itertuples(index=False)):
        r = HEADER_ROW + 1 + i
        share, cumulative = ws.cell(r, col["share"]).value, ws.cell(r, col["cum_share"]).value
        if row.average <= 0:  # no share of the positive total, as in Python (NaN) and the JSON (null)
            assert (share, cumulative) == ("—", "—") and pd.isna(row.share), row.client
            continue
        assert share == pytest.approx(row.share, rel=REL, abs=1e-12), (row.client, share)
        assert cumulative == pytest.approx(row.cum_share, rel=REL, abs=1e-12), (row.client, cumulative)
        assert cumulative <= 1 + 1e-9
    last_positive = HEADER_ROW + int((table["average"] > 0).sum())
    assert ws.cell(last_positive, col["cum_share"]).value == pytest.approx(1.0, rel=REL)


@pytest.mark.parametrize("case", CASES)
def test_summary_formulas(built, recalculated, case):
    result = built[case]
    analysis = result.analysis
    ws = openpyxl.load_workbook(recalculated[case], data_only=True)[built[case].sheets[0].name]
    value = {key: summary_value(ws, t(f"summary.{key}", result.lang)) for key in SUMMARY_KEYS}
    assert value["clients_total"] == len(analysis.positive) == result.summary["clients_total"]
    assert value["key_count"] == len(analysis.key) == result.summary["key_count"]
    assert value["sales_total"] == pytest.approx(analysis.sales_total, rel=REL)
    assert value["key_share"] == pytest.approx(analysis.key_share, rel=REL)
    assert value["clients_for_80"] == analysis.clients_for_80
    # The key flags themselves survive and match the rule's Python result.
    col = columns(result)
    yes = "Да" if result.lang == "ru" else "Yes"
    flags = [ws.cell(HEADER_ROW + 1 + i, col["key"]).value == yes for i in range(len(analysis.table))]
    assert flags == list(analysis.table["is_key"])
