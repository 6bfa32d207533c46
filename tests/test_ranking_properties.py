"""Properties of the ranking that must hold for any input (hypothesis)."""

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from keyclients_xl.analyse.ranking import analyse
from keyclients_xl.analyse.window import Window
from keyclients_xl.settings import Settings

MONTHS = [pd.Period(m, freq="M") for m in ("2026-08", "2026-09", "2026-10")]

line = st.tuples(
    st.integers(0, 40),  # client number
    st.sampled_from(MONTHS),
    st.integers(1, 10_000).map(float),  # whole amounts: sums are exact in any order
)


def frame(lines):
    return pd.DataFrame(
        [{"client": f"Клиент {c:02d}", "client_key": f"клиент {c:02d}", "month": m, "amount": a} for c, m, a in lines]
    ).astype({"month": "period[M]"})


@settings(max_examples=60, deadline=None)
@given(st.lists(line, min_size=1, max_size=120), st.integers(1, 30), st.randoms(use_true_random=False))
def test_ranking_properties(lines, top_n, random):
    result = analyse(frame(lines), Window(MONTHS), Settings(top_n=top_n))
    table = result.table

    averages = table["average"].tolist()
    assert averages == sorted(averages, reverse=True)
    assert list(table["rank"]) == list(range(1, len(table) + 1))
    assert abs(table["share"].sum() - 1) < 1e-9
    assert abs(table["cum_share"].iloc[-1] - 1) < 1e-9
    assert table["is_key"].sum() == min(top_n, len(table))
    assert set(table["abc"]) <= {"A", "B", "C"} and set(table["xyz"]) <= {"X", "Y", "Z"}

    shuffled = list(lines)
    random.shuffle(shuffled)
    again = analyse(frame(shuffled), Window(MONTHS), Settings(top_n=top_n)).table
    columns = ["client", "average", "rank", "is_key", "abc", "xyz", *MONTHS]
    pd.testing.assert_frame_equal(table[columns], again[columns])
