"""Festival dates for every year 1901–2099, each checked against a source independent of lunar_python."""
import calendar
from datetime import date, timedelta

import pytest
from borax.calendars.lunardate import LunarDate as BoraxLunarDate
from borax.calendars.lunardate import TermUtils
from zhdate import ZhDate

from tierlogic.festivals import (
    BUILT_IN_FESTIVALS,
    festival_date,
    festival_dates,
    festivals_between,
    parse_custom_festival,
)
from tierlogic.lunar import LunarRangeError
from tierlogic.settings import Settings

YEARS = range(1901, 2100)
DEFAULT = Settings()
SOUTH = Settings(xiaonian_south=True)

SOLAR = {"元旦": (1, 1), "妇女节": (3, 8), "劳动节": (5, 1), "520": (5, 20), "儿童节": (6, 1), "教师节": (9, 10),
         "国庆": (10, 1), "双十一": (11, 11), "平安夜": (12, 24), "圣诞": (12, 25)}
LUNAR = {"腊八": (12, 8), "小年": (12, 23), "春节": (1, 1), "元宵": (1, 15), "龙抬头": (2, 2), "端午": (5, 5),
         "七夕": (7, 7), "中秋": (8, 15), "重阳": (9, 9)}
NTH_SUNDAY = {"母亲节": (5, 2), "父亲节": (6, 3)}
TERMS = ("清明", "冬至")

# Borderline new moons within seconds of Beijing midnight (NOTES "Calendar libraries";
# dotnet/runtime#107032). lunar_python is kept; each oracle's disagreement is named here.
# zhdate copies the HKO table, which puts 2057's 九月初一 on 09-28 (its own footnote doubts it).
ZHDATE_EXCEPTIONS = {("重阳", 2057): date(2057, 10, 7)}
# borax starts 2089's 八月 and 2097's 七月 a day later than HKO, zhdate and lunar_python.
BORAX_EXCEPTIONS = {("中秋", 2089): date(2089, 9, 18), ("七夕", 2097): date(2097, 8, 13)}


def test_the_table_is_what_spec_lists():
    assert {f.name for f in BUILT_IN_FESTIVALS} == set(SOLAR) | set(LUNAR) | set(NTH_SUNDAY) | set(TERMS) | {"除夕"}
    assert len(BUILT_IN_FESTIVALS) == 24


def lunar_oracle(convert, month: int, day: int, year: int) -> list[date]:
    """Occurrences in solar `year`: lunar year `year` - 1 (12th month → January) and `year`."""
    found = (convert(y, month, day) for y in (year - 1, year))
    return sorted(d for d in found if d.year == year)


def zhdate(y, m, d):
    return ZhDate(y, m, d).to_datetime().date()


def borax(y, m, d):
    return BoraxLunarDate(y, m, d).to_solar_date()


@pytest.mark.parametrize("name", SOLAR)
def test_solar_festivals(name):
    month, day = SOLAR[name]
    for year in YEARS:
        assert festival_dates(name, year, DEFAULT) == [date(year, month, day)]


@pytest.mark.parametrize("name", LUNAR)
def test_lunar_festivals_against_zhdate(name):
    for year in YEARS:
        got = festival_dates(name, year, DEFAULT)
        if (name, year) in ZHDATE_EXCEPTIONS:
            assert got == [ZHDATE_EXCEPTIONS[(name, year)]]
            assert lunar_oracle(zhdate, *LUNAR[name], year) == [got[0] - timedelta(days=1)]
            continue
        assert got == lunar_oracle(zhdate, *LUNAR[name], year), year


@pytest.mark.parametrize("name", LUNAR)
def test_lunar_festivals_against_borax(name):
    for year in YEARS:
        got = festival_dates(name, year, DEFAULT)
        if (name, year) in BORAX_EXCEPTIONS:
            assert got == [BORAX_EXCEPTIONS[(name, year)]]
            assert lunar_oracle(borax, *LUNAR[name], year) == [got[0] + timedelta(days=1)]
            continue
        assert got == lunar_oracle(borax, *LUNAR[name], year), year


def test_southern_xiaonian_is_a_day_later():
    for year in YEARS:
        assert festival_dates("小年", year, SOUTH) == lunar_oracle(zhdate, 12, 24, year), year


def test_new_year_eve_against_zhdate():
    for year in YEARS:
        assert festival_dates("除夕", year, DEFAULT) == [zhdate(year, 1, 1) - timedelta(days=1)], year


@pytest.mark.parametrize("name", TERMS)
def test_solar_terms_against_borax(name):
    for year in YEARS:
        assert festival_dates(name, year, DEFAULT) == [TermUtils.nth_term_day(year, term_name=name)], year


def test_winter_solstice_1951():
    # 冬至 1951 fell one second after Beijing midnight (lunar_python: 00:00:01 on the 23rd);
    # lunar_python and borax agree on the 23rd. Pinned so a library update cannot move it silently.
    assert festival_date("冬至", 1951, DEFAULT) == date(1951, 12, 23)


@pytest.mark.parametrize("name", NTH_SUNDAY)
def test_nth_sundays_against_the_calendar_module(name):
    month, n = NTH_SUNDAY[name]
    for year in YEARS:
        sundays = [week[calendar.SUNDAY] for week in calendar.monthcalendar(year, month) if week[calendar.SUNDAY]]
        assert festival_dates(name, year, DEFAULT) == [date(year, month, sundays[n - 1])]


def test_a_window_across_the_lunar_new_year():
    # Lunar 2026's 腊八, 小年 and 除夕 fall in solar 2027 (除夕 on 腊月廿九: NOTES).
    assert festivals_between(date(2027, 1, 1), date(2027, 2, 6), DEFAULT) == [
        (date(2027, 1, 1), "元旦"),
        (date(2027, 1, 15), "腊八"),
        (date(2027, 1, 30), "小年"),
        (date(2027, 2, 5), "除夕"),
        (date(2027, 2, 6), "春节"),
    ]
    assert (date(2027, 1, 31), "小年") in festivals_between(date(2027, 1, 1), date(2027, 2, 6), SOUTH)


def test_a_solar_year_with_two_or_no_laba():
    assert festival_dates("腊八", 2022, DEFAULT) == [date(2022, 1, 10), date(2022, 12, 30)]
    assert festival_date("腊八", 2022, DEFAULT) == date(2022, 1, 10)
    assert festival_dates("腊八", 2023, DEFAULT) == []
    with pytest.raises(ValueError, match="2023"):
        festival_date("腊八", 2023, DEFAULT)


def test_same_day_festivals_keep_table_order():
    # 2020: 中秋 fell on 国庆.
    assert festivals_between(date(2020, 10, 1), date(2020, 10, 1), DEFAULT) == [
        (date(2020, 10, 1), "中秋"), (date(2020, 10, 1), "国庆")]


def test_switched_off_festivals_are_left_out():
    settings = Settings(festival_switch={"520": False, "中秋": True})
    names = [name for _, name in festivals_between(date(2026, 5, 1), date(2026, 9, 30), settings)]
    assert "520" not in names and "中秋" in names and "劳动节" in names
    assert festival_date("520", 2026, settings) == date(2026, 5, 20)  # a lookup ignores the switch


def test_custom_festivals():
    settings = Settings(custom_festivals={"店庆": "公历6-18", "老板娘生日": "农历8-15", "春节": "农历1-2"})
    got = festivals_between(date(2026, 2, 17), date(2026, 9, 30), settings)
    assert (date(2026, 6, 18), "店庆") in got
    assert (date(2026, 9, 25), "老板娘生日") in got
    # a custom festival with a built-in's name replaces it
    assert (date(2026, 2, 18), "春节") in got and (date(2026, 2, 17), "春节") not in got
    assert festival_date("店庆", 2027, settings) == date(2027, 6, 18)
    assert got.index((date(2026, 9, 25), "中秋")) < got.index((date(2026, 9, 25), "老板娘生日"))


@pytest.mark.parametrize(
    "spec, festival_rule",
    [("公历6-18", "公历6月18日"), ("阳历 6月18日", "公历6月18日"), ("农历8-15", "农历八月十五"),
     ("阴历八月十五", "农历八月十五"), ("农历闰4-8", "农历闰四月初八"), ("农历腊月廿三", "农历腊月廿三")],
)
def test_custom_festival_spellings(spec, festival_rule):
    assert str(parse_custom_festival("x", spec).rule) == festival_rule


@pytest.mark.parametrize("spec", ["6-18", "公历6-31", "公历2026-6-18", "农历13-1", "农历8-32", "", "店庆那天"])
def test_bad_custom_festival_says_what_and_where(spec):
    with pytest.raises(ValueError, match="自定义节日「店庆」"):
        festivals_between(date(2026, 1, 1), date(2026, 1, 2), Settings(custom_festivals={"店庆": spec}))


def test_unknown_festival():
    with pytest.raises(ValueError, match="没有这个节日"):
        festival_date("情人节", 2026, DEFAULT)


@pytest.mark.parametrize("start, end", [(date(1900, 12, 1), date(1901, 1, 31)), (date(2099, 12, 1), date(2100, 1, 31))])
def test_window_outside_the_supported_range(start, end):
    with pytest.raises(LunarRangeError):
        festivals_between(start, end, DEFAULT)


def test_full_range_window_in_one_call():
    got = festivals_between(date(1901, 1, 1), date(2099, 12, 31), DEFAULT)
    assert got == sorted(got, key=lambda item: item[0])
    assert sum(1 for _, name in got if name == "中秋") == 199
