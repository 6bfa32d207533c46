"""History: snapshots of the classification, merged month by month, seeded from data or old snapshot sheets.

The fixture (top_n=2, 3-month windows), amounts per month Jul … Nov 2026:
    A  100 100 100 100 100
    B   80  80  80  10  10
    C   50  50  50  90  90
    D   30   0   0   0   0
    E    0   0   0   0 200
Window Jul–Sep: A 100, B 80, C 50, D 10 → key A, B; ABC A, A, A, C (C starts at 75 % < 80 %);
XYZ X, X, X, Z (D: CV = √200 / 10 = 1.41). D last shipped in July, 30.
Window Aug–Oct: A 100, C 63.33, B 56.67 (D and E ship nothing) → key A, C.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyclients_xl.analyse import history
from keyclients_xl.analyse.ranking import analyse
from keyclients_xl.analyse.window import Window, first_full_month
from keyclients_xl.i18n import t
from keyclients_xl.read.clients import client_key
from keyclients_xl.report.snapshot import snapshot_sheet
from keyclients_xl.settings import Settings

MONTHS = list(pd.period_range("2026-07", "2026-11", freq="M"))
AMOUNTS = {
    "A": [100, 100, 100, 100, 100],
    "B": [80, 80, 80, 10, 10],
    "C": [50, 50, 50, 90, 90],
    "D": [30, 0, 0, 0, 0],
    "E": [0, 0, 0, 0, 200],
}
SETTINGS = Settings(top_n=2)


def p(text: str) -> pd.Period:
    return pd.Period(text, freq="M")


def make_lines(amounts=AMOUNTS, months=MONTHS) -> pd.DataFrame:
    rows = [
        {"client": c, "month": m, "amount": float(a), "date": m.start_time}
        for c, values in amounts.items()
        for m, a in zip(months, values, strict=True)
        if a
    ]
    lines = pd.DataFrame(rows).astype({"month": "period[M]"})
    return lines.assign(client_key=client_key(lines["client"]))


def ranked(end: str, amounts=AMOUNTS, settings=SETTINGS):
    end = p(end)
    return analyse(make_lines(amounts), Window(list(pd.period_range(end - 2, end, freq="M"))), settings)


def test_snapshot_holds_rank_average_classes_key_health_and_last_shipment():
    health = pd.Series(["good", "at risk"], index=client_key(pd.Series(["A", "D"])))
    snap = history.snapshot(ranked("2026-09"), health=health).set_index("client")
    assert list(snap.columns[:1]) == ["month"] and set(snap["month"]) == {p("2026-09")}
    assert snap["rank"].to_dict() == {"A": 1, "B": 2, "C": 3, "D": 4}
    assert snap["average"].to_dict() == pytest.approx({"A": 100, "B": 80, "C": 50, "D": 10})
    assert snap["is_key"].to_dict() == {"A": True, "B": True, "C": False, "D": False}
    assert snap["abc"].to_dict() == {"A": "A", "B": "A", "C": "A", "D": "C"}
    assert snap["xyz"].to_dict() == {"A": "X", "B": "X", "C": "X", "D": "Z"}
    assert snap.loc["A", "health"] == "good" and snap.loc["D", "health"] == "at risk"
    assert snap["health"].isna().sum() == 2  # no health known for B and C
    # D shipped only in July of Jul–Sep; the others shipped in September.
    last = {"A": "2026-09", "B": "2026-09", "C": "2026-09", "D": "2026-07"}
    assert snap["last_shipped"].astype(str).to_dict() == last
    assert snap["last_amount"].to_dict() == {"A": 100, "B": 80, "C": 50, "D": 30}


def test_two_consecutive_months_are_both_kept_in_order():
    built = history.merge(history.empty_history(), history.snapshot(ranked("2026-09")))
    built = history.merge(built, history.snapshot(ranked("2026-10")))
    assert built.groupby("month").size().to_dict() == {p("2026-09"): 4, p("2026-10"): 3}
    october = built[built["month"] == p("2026-10")]
    assert list(october["client"]) == ["A", "C", "B"]  # 100, 63.33, 56.67
    assert list(october["is_key"]) == [True, True, False]


def test_rebuilding_a_month_replaces_that_month_only():
    built = history.merge(history.empty_history(), history.snapshot(ranked("2026-09")))
    built = history.merge(built, history.snapshot(ranked("2026-10")))
    september = built[built["month"] == p("2026-09")].reset_index(drop=True)
    # October rebuilt from corrected data: B's October is 100, not 10.
    corrected = {**AMOUNTS, "B": [80, 80, 80, 100, 10]}
    rebuilt = history.merge(built, history.snapshot(ranked("2026-10", corrected)))
    assert len(rebuilt) == len(built)
    pd.testing.assert_frame_equal(rebuilt[rebuilt["month"] == p("2026-09")].reset_index(drop=True), september)
    october = rebuilt[rebuilt["month"] == p("2026-10")].set_index("client")
    assert october.loc["B", "average"] == pytest.approx((80 + 80 + 100) / 3)
    assert october.loc["B", "rank"] == 2


def test_an_older_month_merged_later_goes_in_its_place():
    built = history.merge(history.empty_history(), history.snapshot(ranked("2026-10")))
    built = history.merge(built, history.snapshot(ranked("2026-09")))
    assert list(built["month"].astype(str).unique()) == ["2026-09", "2026-10"]


def test_history_keeps_top_ranks_and_every_key_client():
    # keep_top=1 keeps rank 1 and the other key client (rank 2); C and D are not kept.
    built = history.merge(history.empty_history(), history.snapshot(ranked("2026-09")), keep_top=1)
    assert list(built["client"]) == ["A", "B"]
    cumulative = Settings(rule="cumulative", cumulative_share=99)  # A, B, C and D are all key
    built = history.merge(history.empty_history(), history.snapshot(ranked("2026-09", settings=cumulative)), keep_top=1)
    assert list(built["client"]) == ["A", "B", "C", "D"]


def test_seeding_computes_the_earlier_windows_the_data_covers():
    seeded = history.seed(make_lines(), SETTINGS, p("2026-11"))
    # Windows end at Oct (Aug–Oct) and Sep (Jul–Sep); Aug would need June, which the data lacks.
    assert list(seeded["month"].astype(str).unique()) == ["2026-09", "2026-10"]
    direct = history.merge(history.empty_history(), history.snapshot(ranked("2026-09")))
    direct = history.merge(direct, history.snapshot(ranked("2026-10")))
    pd.testing.assert_frame_equal(seeded, direct)


def test_seeding_skips_windows_that_start_in_a_partial_first_month():
    # The export starts on 17 July: July is partial, so Jul–Sep is not seeded.
    seeded = history.seed(make_lines(), SETTINGS, p("2026-11"), data_start=pd.Timestamp("2026-07-17"))
    assert list(seeded["month"].astype(str).unique()) == ["2026-10"]
    # Data starting in August's first half covers August whole.
    assert first_full_month(p("2026-08"), pd.Timestamp("2026-08-15")) == p("2026-08")
    assert first_full_month(p("2026-08"), pd.Timestamp("2026-08-16")) == p("2026-09")


def test_seeding_passes_each_window_to_the_health_function():
    seen = []

    def health_of(analysis):
        seen.append(str(analysis.months[-1]))
        return pd.Series("ok", index=analysis.table["client_key"])

    seeded = history.seed(make_lines(), SETTINGS, p("2026-11"), count=2, health_of=health_of)
    assert seen == ["2026-09", "2026-10"]
    assert set(seeded["health"]) == {"ok"}


def test_seeded_months_never_replace_months_history_already_has():
    mine = pd.Series(["mine"], index=client_key(pd.Series(["A"])))
    own = history.merge(history.empty_history(), history.snapshot(ranked("2026-10"), mine))
    seeded = history.seed(make_lines(), SETTINGS, p("2026-11"))
    filled = history.fill_missing_months(own, seeded)
    assert list(filled["month"].astype(str).unique()) == ["2026-09", "2026-10"]
    assert filled.loc[(filled["month"] == p("2026-10")) & (filled["client"] == "A"), "health"].item() == "mine"


def _rows_of(spec) -> list[list]:
    """A sheet spec's cells as the rows of cells a reader gets from the workbook."""
    cells = spec.every_cell()
    height = max(c.row for c in cells)
    width = max(c.col for c in cells)
    rows = [[None] * width for _ in range(height)]
    for cell in cells:
        rows[cell.row - 1][cell.col - 1] = cell.value
    return rows


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_old_snapshot_sheets_are_read_into_history_rows(lang):
    analysis = ranked("2026-09")
    spec = snapshot_sheet(analysis, lang)  # the sheet `--snapshot` writes today
    assert spec.name == t("sheet.snapshot", lang, month="2026-09")
    read = history.snapshot_from_rows(spec.name, _rows_of(spec))
    expected = history.snapshot(analysis)
    pd.testing.assert_frame_equal(read.drop(columns="health"), expected.drop(columns="health"))
    assert read["health"].isna().all()


def test_only_snapshot_sheets_seed_history():
    spec = snapshot_sheet(ranked("2026-09"), "ru")
    sheets = [("Ключевые клиенты", [["Ранг", "Клиент", "Среднее в месяц"], [1, "X", 5]]), (spec.name, _rows_of(spec))]
    seeded = history.history_from_snapshot_sheets(sheets)
    assert list(seeded["client"]) == ["A", "B", "C", "D"]
    assert history.snapshot_sheet_month("Snapshot 2026-10") == p("2026-10")
    assert history.snapshot_sheet_month("Снимок 2026-10") == p("2026-10")
    assert history.snapshot_sheet_month("История") is None


def test_history_sheet_reads_back_in_either_language():
    rows_ru = [
        ["Месяц", "Клиент", "Ранг", "Среднее в месяц", "ABC", "XYZ", "Ключевой", "Здоровье клиента"],
        ["2026-09", "ООО  Альфа", 1, 100.5, "A", "X", "Да", "good"],
        ["2026-09", "Бета", 2, "80", "B", "Y", None, None],
        [pd.Timestamp("2026-10-01"), "ООО Альфа", 1, 90, "A", "Z", True, None],
    ]
    read = history.history_from_rows(rows_ru)
    assert list(read["month"].astype(str)) == ["2026-09", "2026-09", "2026-10"]
    assert list(read["client"]) == ["ООО Альфа", "Бета", "ООО Альфа"]
    assert list(read["client_key"]) == list(client_key(pd.Series(["ООО Альфа", "Бета", "ООО Альфа"])))
    assert read.loc[0, "client_key"] == read.loc[2, "client_key"]
    assert list(read["rank"]) == [1, 2, 1]
    assert list(read["average"]) == [100.5, 80.0, 90.0]
    assert list(read["is_key"]) == [True, False, True]
    headers_en = [t(key, "en") for key in history.HEADERS.values()]
    assert headers_en[:3] == ["Month", "Client", "Rank"]
    rows_en = [headers_en, ["2026-09", "Alpha", 1, 10, "A", "X", "Yes", None, "2026-08", 12]]
    read = history.history_from_rows(rows_en)
    assert read.loc[0, "is_key"] and read.loc[0, "last_shipped"] == p("2026-08") and read.loc[0, "last_amount"] == 12
    assert history.history_from_rows([["Something else"], [1]]).empty


# The seed ranks its windows on arrays (history._kept_ranks), not through `ranked`: both must give
# History the same rows, ties and classes included. With a health function, the seed takes the
# `ranked` route; a health of None leaves the rows as the array route makes them.
SEED_SETTINGS = [
    Settings(top_n=2),
    Settings(rule="top_share", top_share=40),
    Settings(rule="cumulative", cumulative_share=70, abc_boundary="lower"),
    Settings(top_n=3, months=1),
    Settings(top_n=1, months=2, abc_a=50, abc_b=30, xyz_x=5, xyz_y=50),
]


@settings(max_examples=60, deadline=None)
@given(
    amounts=st.lists(
        st.lists(st.sampled_from([0, 0, 10, 10, 30, 55.5, 100, -20]), min_size=5, max_size=5), min_size=1, max_size=9
    ),
    names=st.lists(st.sampled_from(["Альфа", "Бета", "бета", "ООО Гамма", "Дельта"]), min_size=9, max_size=9),
    rule=st.sampled_from(SEED_SETTINGS),
    keep_top=st.sampled_from([1, 3, 1000]),
)
def test_the_seed_ranks_each_window_as_ranked_does(amounts, names, rule, keep_top):
    rows = [
        {"client": names[i], "client_key": f"k{i}", "month": m, "amount": float(a), "date": m.start_time}
        for i, values in enumerate(amounts)
        for m, a in zip(MONTHS, values, strict=True)
        if a
    ]
    if not rows:
        return
    lines = pd.DataFrame(rows).astype({"month": "period[M]"})
    by_arrays = history.seed(lines, rule, p("2026-12"), keep_top=keep_top)
    by_ranked = history.seed(lines, rule, p("2026-12"), keep_top=keep_top, health_of=lambda analysis: None)
    pd.testing.assert_frame_equal(by_arrays, by_ranked)


def test_the_seed_names_a_client_by_its_window_when_its_name_changes():
    # A client named differently from month to month (the one-name shortcut does not hold): each
    # window still takes the name of the client's first row in it, as `ranked` does.
    rows = [
        {"client": name, "client_key": "k1", "month": m, "amount": 10.0, "date": m.start_time}
        for m, name in zip(MONTHS, ["Бета", "Бета", "Альфа", "Альфа", "Гамма"], strict=True)
    ] + [{"client": "Дельта", "client_key": "k2", "month": m, "amount": 10.0, "date": m.start_time} for m in MONTHS]
    lines = pd.DataFrame(rows).astype({"month": "period[M]"})
    by_arrays = history.seed(lines, Settings(top_n=1), p("2026-12"))
    by_ranked = history.seed(lines, Settings(top_n=1), p("2026-12"), health_of=lambda analysis: None)
    pd.testing.assert_frame_equal(by_arrays, by_ranked)
    assert set(by_arrays["client"]) >= {"Альфа", "Дельта"}
