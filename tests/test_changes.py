"""Changes: the current snapshot against the previous month in History, on the fixture of test_history.

Amounts per month Jul … Nov 2026 (top_n=2, 3-month windows):
    A  100 100 100 100 100
    B   80  80  80  10  10
    C   50  50  50  90  90
    D   30   0   0   0   0
    E    0   0   0   0 200
Sep (Jul–Sep): A 100, B 80, C 50, D 10; key A, B; ABC A A A C; XYZ X X X Z.
Oct (Aug–Oct): A 100, C 63.33, B 56.67; key A, C; ABC all A; XYZ X, Z (C: CV 0.298), Z (B: CV 0.582).
Nov (Sep–Nov): A 100, C 76.67, E 66.67, B 33.33; key A, C; ABC A A A B (B starts at 87.95 %);
XYZ X, Y (C: CV 0.246), Z, Z.
"""

from __future__ import annotations

import pandas as pd

from keyclients_xl.analyse import history
from keyclients_xl.analyse.changes import compare, previous_month
from keyclients_xl.analyse.ranking import analyse
from keyclients_xl.analyse.window import Window
from keyclients_xl.read.clients import client_key
from keyclients_xl.settings import Settings

MONTHS = list(pd.period_range("2026-07", "2026-11", freq="M"))
AMOUNTS = {
    "A": [100, 100, 100, 100, 100],
    "B": [80, 80, 80, 10, 10],
    "C": [50, 50, 50, 90, 90],
    "D": [30, 0, 0, 0, 0],
    "E": [0, 0, 0, 0, 200],
}


def p(text: str) -> pd.Period:
    return pd.Period(text, freq="M")


def snap(end: str, amounts=AMOUNTS) -> pd.DataFrame:
    rows = [
        {"client": c, "month": m, "amount": float(a), "date": m.start_time}
        for c, values in amounts.items()
        for m, a in zip(MONTHS, values, strict=True)
        if a
    ]
    lines = pd.DataFrame(rows).astype({"month": "period[M]"})
    lines = lines.assign(client_key=client_key(lines["client"]))
    window = Window(list(pd.period_range(p(end) - 2, p(end), freq="M")))
    return history.snapshot(analyse(lines, window, Settings(top_n=2)))


def built(*ends: str, amounts=AMOUNTS) -> pd.DataFrame:
    result = history.empty_history()
    for end in ends:
        result = history.merge(result, snap(end, amounts))
    return result


def kinds(changes) -> set[tuple[str, str, str]]:
    return {(a.client, a.kind, a.severity) for a in changes.alerts}


def test_two_consecutive_months():
    changes = compare(snap("2026-10"), built("2026-09"))
    assert (changes.month, changes.previous) == (p("2026-10"), p("2026-09"))
    table = changes.table.set_index("client")
    assert list(table.index) == ["C", "B", "D"]  # by current rank; the lost one last; A did not change
    assert table.loc["C", ["rank_before", "rank_now", "rank_move"]].tolist() == [3, 2, 1]
    assert table.loc["B", ["rank_before", "rank_now", "rank_move"]].tolist() == [2, 3, -1]
    assert table.loc["C", "new_key"] and table.loc["B", "left_key"]
    assert table.loc["C", ["xyz_before", "xyz_now", "xyz_move"]].tolist() == ["X", "Z", "down"]
    assert table.loc["B", "abc_move"] == ""  # A stays A
    assert table.loc["D", "lost"] and pd.isna(table.loc["D", "rank_now"])
    assert (str(table.loc["D", "last_shipped"]), table.loc["D", "last_amount"]) == ("2026-07", 30.0)
    assert kinds(changes) == {
        ("C", "new_key", "medium"),
        ("C", "class_down", "low"),  # only XYZ fell
        ("B", "left_key", "medium"),
        ("B", "class_down", "low"),
        ("D", "lost_client", "low"),  # neither key nor class A before
    }
    assert changes.notes == []
    by_kind = {(a.client, a.kind): a for a in changes.alerts}
    assert by_kind["C", "new_key"].message("ru") == "Новый ключевой клиент: место 2 (было: 3)"
    assert by_kind["B", "left_key"].message("en") == "Left the key list: rank 3 (before: 2)"
    assert by_kind["C", "class_down"].message("en") == "Class down: XYZ X → Z"
    assert by_kind["D", "lost_client"].message("ru") == "Перестал покупать: последняя отгрузка — июль 2026, 30"
    assert by_kind["D", "lost_client"].message("en") == "Stopped buying: last shipment in July 2026, 30"
    assert by_kind["D", "lost_client"].to_json("en")["values"]["last_amount"] == 30.0


def test_the_same_month_rebuilt_twice_compares_with_the_month_before_not_itself():
    once = compare(snap("2026-10"), built("2026-09", "2026-10"))
    history_twice = history.merge(built("2026-09", "2026-10"), snap("2026-10"))
    twice = compare(snap("2026-10"), history_twice)
    assert once.previous == twice.previous == p("2026-09")
    pd.testing.assert_frame_equal(once.table, twice.table)
    assert kinds(once) == kinds(twice) and len(once.alerts) == 5


def test_a_missing_month_compares_with_the_last_month_history_has_and_says_so():
    changes = compare(snap("2026-11"), built("2026-09"))  # no October in History
    assert changes.previous == p("2026-09")
    [note] = changes.notes
    assert note.text("ru") == "Изменения — против последнего снимка в истории: сентябрь 2026; без снимка: 1 месяц."
    assert note.text("en") == (
        "Changes are against the last snapshot in History, September 2026; 1 month without a snapshot."
    )
    table = changes.table.set_index("client")
    assert list(table.index) == ["C", "E", "B", "D"]
    assert pd.isna(table.loc["E", "rank_before"]) and table.loc["E", "rank_now"] == 3  # entered near the top
    assert table.loc["B", ["abc_before", "abc_now", "abc_move"]].tolist() == ["A", "B", "down"]
    assert table.loc["C", ["xyz_before", "xyz_now", "xyz_move"]].tolist() == ["X", "Y", "down"]
    assert kinds(changes) == {
        ("C", "new_key", "medium"),
        ("C", "class_down", "low"),
        ("B", "left_key", "medium"),
        ("B", "class_down", "medium"),  # ABC fell one class
        ("D", "lost_client", "low"),
    }
    b_down = next(a for a in changes.alerts if a.client == "B" and a.kind == "class_down")
    assert b_down.message("ru") == "Класс ниже: ABC A → B, XYZ X → Z"


def test_rank_moves_are_listed_for_near_key_ranks_only():
    changes = compare(snap("2026-11"), built("2026-09"), watch_rank=1)
    assert "E" not in set(changes.table["client"])  # rank 3 now, absent before: outside ranks ≤ 1


def test_first_month_has_nothing_to_compare():
    changes = compare(snap("2026-09"), built("2026-09"))
    assert changes.previous is None and changes.table.empty and changes.alerts == []
    assert [n.key for n in changes.notes] == ["note.changes_first"]
    assert previous_month(built("2026-09", "2026-10"), p("2026-12")) == p("2026-10")


def test_a_key_client_that_stops_buying_is_a_high_lost_client_only():
    amounts = {"A": [100] * 5, "B": [80, 0, 0, 0, 0], "C": [10] * 5}
    # Sep: A 100, B 26.67 (key), C 10; Oct: B ships nothing in Aug–Oct.
    changes = compare(snap("2026-10", amounts), built("2026-09", amounts=amounts))
    assert kinds(changes) >= {("B", "lost_client", "high")}
    assert not any(a.client == "B" and a.kind == "left_key" for a in changes.alerts)
    lost = next(a for a in changes.alerts if a.kind == "lost_client")
    assert lost.message("en") == "Stopped buying: last shipment in July 2026, 80"
    # C became key in B's place: rank 2 (before 3).
    assert ("C", "new_key", "medium") in kinds(changes)


def test_changes_on_a_real_export_against_plain_pandas(shared_data):
    """ingrad (../shared/data): History seeded from the export itself, then each month's changes.

    Checked against windows recomputed here from the raw file (quantity × unit price by
    delivery date, per client id): every seeded month's averages, and, for each of the 12
    month-to-month steps up to April 2024, the key clients (top 5) that came and went.
    """
    from keyclients_xl.engine import analyse_shipments
    from keyclients_xl.read import read_exports

    path = shared_data / "ingrad_powerbi_ru" / "Продажи.xlsx"
    settings = Settings(top_n=5)
    shipments = read_exports([path])
    analysis = analyse_shipments(shipments, settings)
    assert str(analysis.months[-1]) == "2024-04"
    seeded = history.seed(shipments.frame, settings, analysis.months[-1], data_start=shipments.frame["date"].min())
    ends = list(pd.period_range("2023-04", "2024-03", freq="M"))
    assert list(seeded["month"].unique()) == ends

    raw = pd.read_excel(path, engine="openpyxl")
    raw = raw.assign(
        amount=raw["Количество"] * raw["Цена продажи за единицу"], month=raw["Дата доставки"].dt.to_period("M")
    )

    def averages(end: pd.Period) -> pd.Series:
        window = list(pd.period_range(end - 2, end, freq="M"))
        monthly = (
            raw[raw["month"].isin(window)]
            .pivot_table(index="ИД клиента", columns="month", values="amount", aggfunc="sum", fill_value=0)
            .reindex(columns=window, fill_value=0)
        )
        monthly.index = monthly.index.map(str)
        return monthly.mean(axis=1).sort_values(ascending=False)

    expected = {end: averages(end) for end in [*ends, p("2024-04")]}
    for end in ends:
        got = seeded[seeded["month"] == end].set_index("client")["average"]
        pd.testing.assert_series_equal(
            got.sort_index(), expected[end].sort_index(), check_names=False, check_index_type=False
        )

    snapshots = {end: seeded[seeded["month"] == end] for end in ends} | {p("2024-04"): history.snapshot(analysis)}
    moves = 0
    for end in [*ends[1:], p("2024-04")]:
        changes = compare(snapshots[end], seeded[seeded["month"] < end])
        assert changes.previous == end - 1
        table = changes.table.set_index("client")
        top_now, top_before = set(expected[end].index[:5]), set(expected[end - 1].index[:5])
        assert set(table.index[table["new_key"]]) == top_now - top_before, end
        assert set(table.index[table["left_key"]]) == top_before - top_now, end
        moves += len(top_now - top_before)
    assert moves > 0  # the key list did change along the way


def test_a_client_with_only_returns_before_did_not_stop_buying():
    """Found on the demo data with a one-month window: a client whose previous window held nothing
    but a return (average ≤ 0, no month shipped) is absent now; it bought nothing to stop."""
    amounts = {**AMOUNTS, "R": [-40, 0, 0, 0, 0]}  # a return in July only: in Jul–Sep, not in Aug–Oct
    changes = compare(snap("2026-10", amounts), built("2026-09", amounts=amounts))
    assert "R" not in set(changes.table["client"])
    assert not [a for a in changes.alerts if a.client == "R"]


def test_a_lost_client_without_a_recorded_last_month_still_gets_its_alert():
    """History typed or kept without the last-month columns: the loss is reported, the month is 'not recorded'."""
    before = built("2026-09").assign(last_shipped=pd.NaT, last_amount=float("nan"))
    changes = compare(snap("2026-10"), before.astype({"last_shipped": "period[M]"}))
    [lost] = [a for a in changes.alerts if a.kind == "lost_client"]
    assert lost.client == "D" and lost.message("ru") == "Перестал покупать: последняя отгрузка — месяц не записан, —"
    assert lost.values["last_month"] is None and lost.values["last_amount"] is None
