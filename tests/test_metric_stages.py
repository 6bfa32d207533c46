"""The metric and health stages on exports that lack something: no SKUs, no list prices, no dates,
one month of data, a window shorter than the trend's look-back; the user's own top list; an
overdue-payment alert from a stage before health."""

from __future__ import annotations

import csv
import datetime as dt
import sys
import types
from pathlib import Path

import pytest
from metric_book import TODAY, write_export

from keyclients_xl.analyse.alerts import Alert
from keyclients_xl.engine import report_sheets
from keyclients_xl.read import read_exports
from keyclients_xl.report.metric_layout import HEADER_ROW
from keyclients_xl.settings import Settings
from keyclients_xl.stages import UserSheets


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([header, *rows])
    return path


def sheets_of(result) -> dict:
    return {spec.role: spec for spec in result.sheets}


def column(spec, header: str) -> list:
    """The data cells under `header` on a metric sheet (blank cells as None)."""
    col = next(c.col for c in spec.cells if c.row == HEADER_ROW and c.value == header)
    rows = []
    while isinstance(spec.value_at(HEADER_ROW + 1 + len(rows), 1), int):  # a rank: a row of the table
        rows.append(spec.value_at(HEADER_ROW + 1 + len(rows), col))
    return rows


def intro(spec) -> str:
    return spec.value_at(2, 1)


def notes(spec) -> list[str]:
    return [c.value[2:] for c in spec.cells if isinstance(c.value, str) and c.value.startswith("• ")]


@pytest.fixture
def amounts_only(tmp_path: Path):
    """Date, client and amount: no SKU, no quantity, no price. Alpha, Beta and Gamma, May–October."""
    rows = [
        [f"2026-{m:02d}-{'30' if m == 10 else '01'}", client, amount]
        for m in range(5, 11)
        for client, amount in (("Alpha", 100 + m), ("Beta", 50), ("Gamma", 10 * m))
    ]
    return read_exports([write_csv(tmp_path / "a.csv", ["Date", "Client", "Amount"], rows)])


def test_without_skus_each_sheet_says_which_export_it_needs(amounts_only):
    sheets = sheets_of(report_sheets(amounts_only, Settings(top_n=2), today=TODAY))
    assortment = sheets["assortment"]
    assert intro(assortment) == "Needs an export of document lines with a product (SKU) column."
    assert assortment.tables == [] and assortment.header_row is None
    turnover = sheets["turnover"]
    assert column(turnover, "Why it moved") == [None, None]
    assert notes(turnover) == ["Why it moved: Needs an export of document lines with a product (SKU) column."]
    terms = sheets["trade_terms"]
    assert "Discount: Needs the columns: List price, Quantity." in intro(terms)
    assert "Price index: Needs the columns: SKU (product), Quantity." in intro(terms)
    assert column(terms, "Discount") == [None, None] and column(terms, "Price index") == [None, None]


def test_without_list_prices_only_the_discount_is_asked_for(tmp_path: Path):
    export = write_export(tmp_path / "sales.csv")
    lines = [line.split(",") for line in export.read_text(encoding="utf-8").splitlines()]
    no_list = write_csv(tmp_path / "no_list.csv", [h for h in lines[0] if h != "List price"],
                        [[v for i, v in enumerate(row) if i != 5] for row in lines[1:]])  # fmt: skip
    result = report_sheets(read_exports([no_list]), Settings(top_n=2), today=TODAY)
    terms = sheets_of(result)["trade_terms"]
    assert "Discount: Needs the columns: List price." in intro(terms) and "Price index" not in intro(terms)[-40:]
    assert column(terms, "Discount") == [None, None]
    assert column(terms, "Price index") == [pytest.approx(0.8), pytest.approx(240 / 202)]  # Beta, Alpha


def test_by_month_exports_have_no_days_since_the_last_shipment(tmp_path: Path):
    header = ["Client", "Aug 2026", "Sep 2026", "Oct 2026"]
    export = write_csv(tmp_path / "wide.csv", header, [["Alpha", 90, 80, 70], ["Beta", 100, 0, 150]])
    result = report_sheets(read_exports([export]), Settings(top_n=2, lang="en"), today=TODAY)
    periodicity = sheets_of(result)["periodicity"]
    assert column(periodicity, "Days since last shipment") == [None, None]
    assert column(periodicity, "Last shipment") == [None, None]
    assert notes(periodicity) == [
        "The export has no shipment dates (amounts by month): days since the last shipment are unknown."
    ]
    assert column(periodicity, "Months shipped of 3") == [2, 3]  # Beta missed September


def test_one_month_of_data(tmp_path: Path):
    """Only October: no earlier months to compare with, no trend, nothing 'near' can be timed."""
    rows = [["2026-10-01", c, a] for c, a in (("Alpha", 90), ("Beta", 80), ("Gamma", 10))]
    rows += [["2026-10-30", "Alpha", 10]]
    export = write_csv(tmp_path / "october.csv", ["Date", "Client", "Amount"], rows)
    result = report_sheets(read_exports([export]), Settings(top_n=2, months=1), today=TODAY)
    sheets = sheets_of(result)
    turnover = sheets["turnover"]
    assert column(turnover, "Oct 2026") == [100, 80]
    for header in ("Δ Oct 2026", "Earlier average", "Last vs earlier", "Trend a month"):
        assert column(turnover, header) == [None, None], header
    assert column(turnover, "Trend months") == [1, 1]
    assert notes(turnover) == [
        "The trend covers 1 month: the data has no 6 full months.",
        "Why it moved: Needs an export of document lines with a product (SKU) column.",
    ]
    near = sheets["near_key"]
    assert column(near, "Gap") == [70] and column(near, "Months to key") == ["—"]
    assert column(sheets["periodicity"], "Months shipped of 1") == [1, 1]
    kinds = {a["kind"] for a in result.summary["alerts"]}
    assert kinds <= {"review_due"}  # no decline, growth or missed month can be told from one month


def test_a_window_shorter_than_the_trend_look_back(tmp_path: Path):
    """August–October only, the trend wants 6 months: it uses the 3 there are, and says so."""
    rows = [[f"2026-{m:02d}-{'30' if m == 10 else '01'}", "Alpha", a] for m, a in ((8, 90), (9, 80), (10, 70))]
    rows += [[f"2026-{m:02d}-{'30' if m == 10 else '01'}", "Beta", 50] for m in (8, 9, 10)]
    export = write_csv(tmp_path / "short.csv", ["Date", "Client", "Amount"], rows)
    result = report_sheets(read_exports([export]), Settings(top_n=1), today=TODAY)
    turnover = sheets_of(result)["turnover"]
    # 90, 80, 70: slope -10 / mean 80 = -12.5 % a month.
    assert column(turnover, "Trend a month") == [pytest.approx(-0.125)]
    assert column(turnover, "Trend months") == [3]
    assert notes(turnover)[0] == "The trend covers 3 months: the data has no 6 full months."
    assert "the slope over 3 months" in intro(turnover)


def test_the_users_top_list_replaces_the_80_percent_rule(tmp_path: Path):
    export = write_export(tmp_path / "sales.csv")
    rows = {"Top assortment": [["Your own list"], ["SKU"], [" p3 "], ["P9"], [None], ["P3"]]}
    user = UserSheets("K.xlsx", tuple(rows), lambda name: rows[name])
    result = report_sheets(read_exports([export]), Settings(top_n=2), today=TODAY, user_sheets=user)
    assortment = sheets_of(result)["assortment"]
    assert "Top SKUs: the 2 SKUs on the Top assortment sheet." in intro(assortment)
    assert column(assortment, "Coverage") == [0.0, 0.0]  # neither Beta nor Alpha buys P3 (or P9)
    # As the list spells them; P3 sold 120 in the window, P9 nothing.
    assert column(assortment, "Not bought (what to offer)") == ["p3, P9", "p3, P9"]
    assert notes(assortment) == ["SKUs on the Top assortment sheet that nobody bought in the period: P9."]
    # The sheet is the user's: not written again.
    assert "input:sheet.top_assortment" not in [spec.role for spec in result.sheets]
    assert "input:sheet.terms_reviews" in [spec.role for spec in result.sheets]


def test_a_bad_date_on_the_terms_reviews_sheet_names_the_cell(tmp_path: Path):
    from keyclients_xl.errors import KeyClientsError

    export = write_export(tmp_path / "sales.csv")
    rows = {"Пересмотр условий": [["…"], ["Клиент", "Дата", "Заметка"], ["Alpha", "31.02.2026", "x"]]}
    user = UserSheets("K.xlsx", tuple(rows), lambda name: rows[name])
    with pytest.raises(KeyClientsError) as error:
        report_sheets(read_exports([export]), Settings(top_n=2), today=TODAY, user_sheets=user)
    message = error.value.message("ru")
    assert "лист «Пересмотр условий»" in message and "строка 3" in message and "31.02.2026" in message


def test_an_overdue_alert_before_the_health_stage_makes_the_account_red(monkeypatch, tmp_path: Path):
    """Receivables (issue 10) run between metrics and health: their `overdue` alerts count."""

    def receivables(context):
        alpha = context.analysis.key.set_index("client")
        context.alerts.append(Alert(alpha.loc["Alpha", "client_key"], "Alpha", "overdue", "high", {"days": 45}))

    module = types.ModuleType("keyclients_xl.stages.fake_receivables")
    module.run = receivables
    monkeypatch.setitem(sys.modules, "keyclients_xl.stages.fake_receivables", module)
    monkeypatch.setattr("keyclients_xl.stages.STAGES", ("metrics", "fake_receivables", "health", "dashboard"))
    export = write_export(tmp_path / "sales.csv")
    result = report_sheets(read_exports([export]), Settings(top_n=2), today=dt.date(2026, 11, 27))
    health = result.context.results["health"].set_index("client")
    assert health.loc["Alpha", "health"] == "red" and health.loc["Alpha", "signals"][0] == "overdue"
    assert result.context.key_columns["health"][health.loc["Alpha", "client_key"]] == "Red"
    dashboard = sheets_of(result)["dashboard"]
    kinds = [dashboard.value_at(row, 2) for row in range(9, 16)]
    assert kinds[-1] == "Overdue debt"  # after the metric sheets' kinds
    assert dashboard.value_at(9 + kinds.index("Overdue debt"), 3) == 1  # one high
