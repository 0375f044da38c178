"""Cell helpers we keep free of openpyxl agree with openpyxl, which Excel files have long been written with."""
from datetime import date, datetime

import pytest
from hypothesis import given, strategies as st
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from workbook.cells import MAX_CELL_CHARS, column_letter, excel_serial, safe_text


def test_every_column_letter_matches_openpyxl():
    assert [column_letter(n) for n in range(1, 16_385)] == [get_column_letter(n) for n in range(1, 16_385)]


@pytest.mark.parametrize("number", [0, 16_385, -1])
def test_columns_outside_excel_are_refused(number):
    with pytest.raises(ValueError):
        column_letter(number)


@given(st.dates(date(1900, 3, 1), date(9999, 12, 31)))
def test_a_date_is_a_whole_day_count(day):
    assert excel_serial(day) == to_excel(day) and excel_serial(day).is_integer()


@given(st.datetimes(datetime(1900, 3, 1), datetime(9999, 12, 31)))
def test_a_datetime_keeps_its_time_of_day(moment):
    assert excel_serial(moment) == pytest.approx(to_excel(moment), rel=1e-15, abs=1e-11)


def test_known_serials():
    assert excel_serial(date(2026, 11, 23)) == 46349
    assert excel_serial(datetime(2026, 11, 23, 18)) == 46349.75


def test_the_cell_limit_counts_utf16_units_as_excel_does():
    assert safe_text("x" * 40_000) == "x" * MAX_CELL_CHARS
    assert safe_text("😀" * 20_000) == "😀" * (MAX_CELL_CHARS // 2)   # 16,383 pairs; half a pair is dropped
    assert len(safe_text("a" + "😀" * 20_000).encode("utf-16-le")) == MAX_CELL_CHARS * 2
    assert safe_text("客户" * 10) == "客户" * 10
