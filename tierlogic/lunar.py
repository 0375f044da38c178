"""Chinese lunar ⇄ Gregorian dates for 1901–2099, and the day a birthday falls on in a given year.

lunar_python does the astronomy (NOTES "Calendar libraries": it matched the Hong Kong
Observatory tables every day 1901–2100 except the 2057 month boundary, where it sides with the
Purple Mountain Observatory method). It computes far beyond 1901–2099 without complaint, so
the supported range is enforced here. Only its month table is used, never Lunar.fromYmd, which
raises a bare Exception for an impossible date: we check dates against the table ourselves and
raise ValueError (LunarRangeError for the range). Where lunar_python cannot be installed
(Pyodide, in xlwings Lite) the same months and terms come from lunar_table, generated from it
and checked against it day by day.
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from .model import Birthday, LunarBirthday, SolarBirthday

try:
    from . import lunar_source as source
except ImportError:  # no lunar_python (Pyodide publishes no build of it): its answers, tabulated
    from . import lunar_table as source

FIRST_DAY = date(1901, 1, 1)
LAST_DAY = date(2099, 12, 31)
# Lunar year 1900's last two months lie in January–February 1901, so that lunar year is
# partly supported; any lunar date is accepted when its solar date is in range.
FIRST_LUNAR_YEAR, LAST_LUNAR_YEAR = 1900, 2099

MONTH_NAMES = ("正月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "冬月", "腊月")
_DIGITS = "一二三四五六七八九十"


class LunarRangeError(ValueError):
    """A date the converter does not support (outside 1901–2099)."""


def _out_of_range(what: object) -> LunarRangeError:
    return LunarRangeError(f"{what} 超出农历换算支持的范围（公历 1901–2099 年）/ {what} is outside the supported range 1901–2099")


def _check_day(day: date) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise _out_of_range(day.isoformat())


def _check_lunar_year(year: int) -> None:
    if not FIRST_LUNAR_YEAR <= year <= LAST_LUNAR_YEAR:
        raise _out_of_range(f"农历 {year} 年")


def _check_solar_year(year: int) -> None:
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise _out_of_range(f"{year} 年")


@lru_cache(maxsize=None)
def _months(year: int) -> dict[tuple[int, bool], tuple[date, int]]:
    """(month, leap) → (first day, number of days) for every month of lunar `year`."""
    return source.months(year)


def lunar_text(month: int, day: int, leap: bool = False) -> str:
    """How a Chinese calendar writes a lunar month/day: lunar_text(4, 8, True) == "闰四月初八"."""
    if day <= 10:
        day_name = "初" + _DIGITS[day - 1]
    elif day < 20:
        day_name = "十" + _DIGITS[day - 11]
    elif day in (20, 30):
        day_name = "二十" if day == 20 else "三十"
    else:
        day_name = "廿" + _DIGITS[day - 21]
    return ("闰" if leap else "") + MONTH_NAMES[month - 1] + day_name


def _month(year: int, month: int, leap: bool) -> tuple[date, int]:
    if not 1 <= month <= 12:
        raise ValueError(f"农历月份应为 1–12，不是 {month} / lunar month must be 1–12, got {month}")
    found = _months(year).get((month, leap))
    if found is None:
        raise ValueError(f"农历 {year} 年没有闰{MONTH_NAMES[month - 1]} / lunar year {year} has no leap month {month}")
    return found


def _lunar_date(year: int, month: int, day: int, leap: bool) -> date:
    """The solar date of a lunar date, without the range check (callers filter or check)."""
    first, days = _month(year, month, leap)
    if not 1 <= day <= days:
        raise ValueError(
            f"农历 {year} 年{'闰' if leap else ''}{MONTH_NAMES[month - 1]}只有 {days} 天，没有 {day} 日"
            f" / lunar {year}-{month}{' (leap)' if leap else ''} has {days} days, not {day}"
        )
    return first + timedelta(days=day - 1)


def lunar_to_solar(year: int, month: int, day: int, leap: bool = False) -> date:
    """The Gregorian date of lunar year/month/day; ValueError for a date that does not exist."""
    _check_lunar_year(year)
    result = _lunar_date(year, month, day, leap)
    _check_day(result)
    return result


def solar_to_lunar(day: date) -> tuple[int, int, int, bool]:
    """(lunar year, month, day, leap) of a Gregorian date."""
    _check_day(day)
    # A solar date belongs to the lunar year of the same number or, in January–February, the one before.
    return next(
        (year, month, (day - first).days + 1, leap)
        for year in (day.year, day.year - 1)
        for (month, leap), (first, days) in _months(year).items()
        if 0 <= (day - first).days < days
    )


def lunar_month_days(year: int, month: int, leap: bool = False) -> int:
    """29 or 30: the length of that lunar month in lunar `year`."""
    _check_lunar_year(year)
    return _month(year, month, leap)[1]


def has_leap_month(year: int, month: int) -> bool:
    """Whether lunar `year` has a leap month after its `month` (e.g. 2025 has 闰六月)."""
    _check_lunar_year(year)
    _month(year, month, False)
    return (month, True) in _months(year)


def lunar_new_year_eve(lunar_year: int) -> date:
    """除夕: the last day of lunar `lunar_year` (its 12th month's 29th or 30th), in January–February of the next solar year."""
    _check_lunar_year(lunar_year)
    # The day before the next 正月初一 is right even in a year with a leap 12th month.
    eve = _months(lunar_year + 1)[(1, False)][0] - timedelta(days=1)
    _check_day(eve)
    return eve


def solar_term(name: str, year: int) -> date:
    """The date of solar term 清明 or 冬至 in Gregorian `year`, from lunar_python's jieqi table."""
    _check_solar_year(year)
    if name not in source.TERMS:
        raise ValueError(f"只支持节气 {'、'.join(source.TERMS)}，不是 {name} / unsupported solar term {name}")
    return source.solar_term(name, year)


def _lunar_birthday_date(b: LunarBirthday, year: int) -> date:
    if not 1 <= b.day <= 30:
        raise ValueError(f"农历日应为 1–30，不是 {b.day} / lunar day must be 1–30, got {b.day}")
    leap = b.leap and (b.month, True) in _months(year)
    _, days = _month(year, b.month, leap)
    return _lunar_date(year, b.month, min(b.day, days), leap)


def lunar_birthday_in(b: LunarBirthday, year: int) -> date:
    """The solar date of lunar birthday `b` in lunar `year` (SPEC "Festival greetings").

    Born in a leap month → that leap month when `year` has it, else the ordinary month of
    that number. Born on day 30 → day 29 when that month has 29 days this year. The result
    can be in solar year `year` + 1 (a 12th-month birthday falls in January or February).
    """
    _check_lunar_year(year)
    result = _lunar_birthday_date(b, year)
    _check_day(result)
    return result


def _solar_birthday_date(b: SolarBirthday, year: int) -> date:
    if (b.month, b.day) == (2, 29) and not _is_leap_year(year):
        return date(year, 2, 28)
    return date(year, b.month, b.day)


def _is_leap_year(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def birthday_in(b: Birthday, year: int) -> date:
    """The date birthday `b` is kept in `year`.

    Solar: the same month/day; 2月29日 is kept on 2月28日 in a non-leap year (the usual
    custom, and the day before it never passes unnoticed). Lunar: see lunar_birthday_in;
    `year` is then the lunar year.
    """
    if isinstance(b, LunarBirthday):
        return lunar_birthday_in(b, year)
    return _solar_birthday_date(b, year)


def birthdays_between(b: Birthday, start: date, end: date) -> list[date]:
    """Every date from `start` to `end` (both included) on which birthday `b` is kept, oldest first."""
    if end < start:
        return []
    if isinstance(b, SolarBirthday):
        found = (_solar_birthday_date(b, year) for year in range(start.year, end.year + 1))
    else:
        _check_day(start)
        _check_day(end)
        # Lunar year N's birthday can fall in solar N + 1, so start one lunar year earlier.
        found = (_lunar_birthday_date(b, year) for year in range(start.year - 1, end.year + 1))
    return [day for day in found if start <= day <= end]
