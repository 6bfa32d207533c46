"""Whatever rows an export holds, the engine answers with a result or a KeyClientsError,
never with a crash (hypothesis)."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from hostile_corpus import ods_export, xlsb_export
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keyclients_xl.engine import report_sheets
from keyclients_xl.errors import KeyClientsError
from keyclients_xl.read import SheetRows, combine, read_export, read_rows
from keyclients_xl.settings import Settings

HEADERS = ["Дата", "Контрагент", "Сумма", "Статус", "Август 2026", "Сентябрь 2026", "Итого", "Количество", "Цена"]
cell = st.one_of(
    st.none(),
    st.sampled_from(HEADERS + ["ООО Альфа", "Отменен", "Итого", "1 234,56", "(12)", "-", "", "13/01/2026"]),
    st.integers(-1000, 100_000).map(float),
    st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)),
    st.text(max_size=6),
)
grid = st.lists(st.lists(cell, min_size=0, max_size=7), min_size=0, max_size=14)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grid)
def test_any_rows_give_a_result_or_a_clear_error(rows):
    try:
        shipments = combine([read_rows(SheetRows("x.xlsx", "Лист1", rows))])
        result = report_sheets(shipments, Settings())
    except KeyClientsError as error:
        assert error.message("ru") and error.message("en")
        return
    assert len(result.analysis.table) >= 1
    assert result.analysis.table["average"].notna().all()


def test_an_export_with_only_cancelled_lines():
    rows = [["Дата", "Контрагент", "Сумма", "Статус"], ["01.08.2026", "А", 5, "Отменен"]]
    with pytest.raises(KeyClientsError) as info:
        combine([read_rows(SheetRows("canc.csv", None, rows))])
    assert info.value.key == "error.no_lines" and "canc.csv" in info.value.message("en")


# ---------------------------------------------------------------- whatever bytes a file holds


def _xlsx_bytes() -> bytes:
    from hostile_corpus import good_xlsx

    return good_xlsx()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.binary(max_size=50).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=50).map(lambda b: bytes.fromhex("D0CF11E0A1B11AE1") + b),
        st.text(max_size=300).map(str.encode),
        st.tuples(st.integers(0, 1700), st.binary(min_size=1, max_size=8)).map(
            lambda cut: (lambda x: x[: cut[0]] + cut[1] + x[cut[0] + len(cut[1]) :])(_xlsx_bytes())
        ),
        st.binary(max_size=60).map(lambda b: b"PAR1" + b + b"PAR1"),
        st.tuples(
            st.sampled_from([xlsb_export, ods_export]), st.integers(0, 1500), st.binary(min_size=1, max_size=8)
        ).map(lambda cut: (lambda x: x[: cut[1]] + cut[2] + x[cut[1] + len(cut[2]) :])(cut[0]())),
    ),
    suffix=st.sampled_from([".csv", ".xlsx", ".xls", ".txt", ".xlsm", ".ods", ".html", ".xlsb", ".parquet"]),
)
def test_any_bytes_under_any_name_give_a_result_or_a_clear_error(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("bytes") / f"export{suffix}"
    path.write_bytes(data)
    try:
        export = read_export(path)
    except KeyClientsError as error:
        assert error.message("ru") and error.message("en") and error.where.file == path.name
        return
    assert export.file == path.name


def test_a_mangled_package_is_damaged_not_a_crash(tmp_path):
    good = _xlsx_bytes()
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        offset = archive.getinfo("xl/worksheets/sheet1.xml").header_offset + 60
    path = Path(tmp_path) / "mangled.xlsx"
    path.write_bytes(good[:offset] + bytes(40) + good[offset + 40 :])
    with pytest.raises(KeyClientsError) as caught:
        read_export(path)
    assert caught.value.key == "file.damaged"
