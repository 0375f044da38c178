"""Lunar conversion and lunar birthdays, checked against zhdate (an independent table, GPL, test-only)."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from zhdate import ZhDate

from tierlogic.lunar import (
    LunarRangeError,
    birthday_in,
    birthdays_between,
    has_leap_month,
    lunar_birthday_in,
    lunar_month_days,
    lunar_new_year_eve,
    lunar_text,
    lunar_to_solar,
    solar_to_lunar,
)
from tierlogic.model import LunarBirthday, SolarBirthday


def zh(year: int, month: int, day: int, leap: bool = False) -> date:
    return ZhDate(year, month, day, leap).to_datetime().date()


# The new moon of 2057-09-28/29 is within seconds of Beijing midnight. zhdate copies the Hong
# Kong Observatory table, which footnotes itself as possibly one day off there; lunar_python,
# borax and Calendrical Calculations (errata; dotnet/runtime#107032) put 九月初一 on 09-29, so
# 八月 has 30 days. The only lunar months where lunar_python and zhdate disagree in 1900–2099.
BORDERLINE_2057 = {(2057, 8, False): (date(2057, 8, 30), 30), (2057, 9, False): (date(2057, 9, 29), 29)}


def lunar_months(year: int):
    # 腊月 of lunar 2099 starts 2100-01-10, past the supported range.
    for month in range(1, 12 if year == 2099 else 13):
        yield month, False
        if has_leap_month(year, month):
            yield month, True


@pytest.mark.parametrize("year", range(1901, 2100))
def test_every_month_start_and_length_matches_zhdate(year):
    for month, leap in lunar_months(year):
        first, days = lunar_to_solar(year, month, 1, leap), lunar_month_days(year, month, leap)
        if (year, month, leap) in BORDERLINE_2057:
            assert (first, days) == BORDERLINE_2057[(year, month, leap)]
            continue
        assert first == zh(year, month, 1, leap), (year, month, leap)
        assert zh(year, month, days, leap) == first + timedelta(days=days - 1)
        if days == 29:
            with pytest.raises(TypeError):  # zhdate's way of saying the 30th does not exist
                zh(year, month, 30, leap)


def test_known_dates():
    assert lunar_to_solar(2026, 1, 1) == date(2026, 2, 17)
    assert solar_to_lunar(date(2026, 9, 25)) == (2026, 8, 15, False)
    assert solar_to_lunar(date(2025, 8, 3)) == (2025, 6, 10, True)
    assert lunar_to_solar(2025, 6, 10, leap=True) == date(2025, 8, 3)
    assert has_leap_month(2025, 6) and not has_leap_month(2026, 6)


def test_new_year_eve_when_the_twelfth_month_is_short():
    # NOTES: the 12th lunar month of 2026 has 29 days, so 除夕 is 腊月廿九.
    assert lunar_month_days(2026, 12) == 29
    assert lunar_new_year_eve(2026) == date(2027, 2, 5) == zh(2026, 12, 29)
    assert lunar_new_year_eve(2025) == date(2026, 2, 16)


@pytest.mark.parametrize("year", range(1900, 2099))
def test_new_year_eve_is_the_day_before_new_year(year):
    assert lunar_new_year_eve(year) == zh(year + 1, 1, 1) - timedelta(days=1)


def test_lunar_text():
    assert lunar_text(4, 8, True) == "闰四月初八"
    assert [lunar_text(12, d) for d in (10, 15, 20, 23, 30)] == ["腊月初十", "腊月十五", "腊月二十", "腊月廿三", "腊月三十"]


class TestLeapMonthBirthday:
    born = LunarBirthday(6, 10, leap=True)  # 闰六月初十

    def test_year_with_that_leap_month_keeps_it(self):
        assert lunar_birthday_in(self.born, 2025) == date(2025, 8, 3) == zh(2025, 6, 10, True)

    def test_year_without_it_uses_the_ordinary_month(self):
        assert lunar_birthday_in(self.born, 2026) == date(2026, 7, 23) == zh(2026, 6, 10)

    def test_ordinary_month_birthday_ignores_a_leap_month(self):
        assert lunar_birthday_in(LunarBirthday(6, 10), 2025) == zh(2025, 6, 10)


class TestDay30Birthday:
    def test_short_month_moves_to_day_29(self):
        assert lunar_month_days(2026, 8) == 29
        assert lunar_birthday_in(LunarBirthday(8, 30), 2026) == date(2026, 10, 9) == zh(2026, 8, 29)

    def test_long_month_keeps_day_30(self):
        assert lunar_month_days(2024, 8) == 30
        assert lunar_birthday_in(LunarBirthday(8, 30), 2024) == date(2024, 10, 2) == zh(2024, 8, 30)

    def test_leap_day_30_in_a_short_leap_month(self):
        # 2023 has a 29-day 闰二月; 2024 has no leap month and a 30-day 二月.
        assert lunar_birthday_in(LunarBirthday(2, 30, leap=True), 2023) == date(2023, 4, 19) == zh(2023, 2, 29, True)
        assert lunar_birthday_in(LunarBirthday(2, 30, leap=True), 2024) == date(2024, 4, 8) == zh(2024, 2, 30)

    def test_born_on_new_year_eve_day_30(self):
        assert lunar_birthday_in(LunarBirthday(12, 30), 2026) == lunar_new_year_eve(2026)


@given(
    month=st.integers(1, 12),
    day=st.integers(1, 30),
    leap=st.booleans(),
    year=st.integers(1901, 2098),
)
def test_lunar_birthday_lands_on_that_lunar_day_or_the_nearest_allowed(month, day, leap, year):
    got = lunar_birthday_in(LunarBirthday(month, day, leap), year)
    got_year, got_month, got_day, got_leap = solar_to_lunar(got)
    assert (got_year, got_month) == (year, month)
    assert got_leap == (leap and has_leap_month(year, month))
    assert got_day == min(day, lunar_month_days(year, month, got_leap))


@given(st.dates(date(1901, 1, 1), date(2099, 12, 31)))
def test_round_trip(day):
    assert lunar_to_solar(*solar_to_lunar(day)) == day


def test_solar_feb_29_in_a_common_year():
    assert birthday_in(SolarBirthday(2, 29), 2027) == date(2027, 2, 28)
    assert birthday_in(SolarBirthday(2, 29), 2028) == date(2028, 2, 29)


class TestBirthdaysBetween:
    def test_twelfth_month_birthday_falls_in_the_next_solar_year(self):
        assert birthdays_between(LunarBirthday(12, 20), date(2027, 1, 1), date(2027, 12, 31)) == [date(2027, 1, 27)]

    def test_a_solar_year_can_hold_two_or_none(self):
        born = LunarBirthday(12, 1)
        assert birthdays_between(born, date(2022, 1, 1), date(2022, 12, 31)) == [date(2022, 1, 3), date(2022, 12, 23)]
        assert birthdays_between(born, date(2023, 1, 1), date(2023, 12, 31)) == []

    def test_window_is_inclusive(self):
        mid_autumn = date(2026, 9, 25)
        assert birthdays_between(LunarBirthday(8, 15), mid_autumn, mid_autumn) == [mid_autumn]
        assert birthdays_between(SolarBirthday(3, 5, 1990), date(2026, 3, 5), date(2027, 3, 5)) == [
            date(2026, 3, 5), date(2027, 3, 5)]

    def test_empty_window(self):
        assert birthdays_between(LunarBirthday(8, 15), date(2026, 9, 26), date(2026, 9, 25)) == []

    def test_edges_of_the_supported_range(self):
        assert birthdays_between(LunarBirthday(12, 30), date(1901, 1, 1), date(1901, 3, 1)) == [date(1901, 2, 18)]
        assert birthdays_between(LunarBirthday(12, 30), date(2099, 1, 1), date(2099, 12, 31)) == [date(2099, 1, 20)]


@pytest.mark.parametrize(
    "call",
    [
        lambda: lunar_to_solar(1900, 1, 1),
        lambda: lunar_to_solar(2100, 1, 1),
        lambda: solar_to_lunar(date(1900, 12, 31)),
        lambda: solar_to_lunar(date(2100, 1, 1)),
        lambda: lunar_new_year_eve(2099),
        lambda: lunar_birthday_in(LunarBirthday(1, 1), 2100),
        lambda: lunar_month_days(1899, 1),
        lambda: birthdays_between(LunarBirthday(1, 1), date(1900, 6, 1), date(1901, 6, 1)),
    ],
)
def test_out_of_range(call):
    with pytest.raises(LunarRangeError) as raised:
        call()
    assert "超出" in str(raised.value) and "outside the supported range" in str(raised.value)
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize(
    "args, says",
    [
        ((2026, 4, 1, True), "没有闰四月"),
        ((2026, 12, 30), "只有 29 天"),
        ((2026, 13, 1), "1–12"),
        ((2026, 1, 0), "没有 0 日"),
    ],
)
def test_impossible_dates(args, says):
    with pytest.raises(ValueError, match=says) as raised:
        lunar_to_solar(*args)
    assert not isinstance(raised.value, LunarRangeError)


def test_impossible_birthday_day():
    with pytest.raises(ValueError, match="1–30"):
        lunar_birthday_in(LunarBirthday(8, 31), 2026)
