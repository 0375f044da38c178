"""lunar_python's answers that tierlogic.lunar builds on: each lunar year's months, and the days of 清明 and 冬至.

tierlogic/lunar_table.py holds the same answers tabulated for 1900–2100 (generated from this
module by tools/make_lunar_table.py), for Python without lunar_python: in Pyodide (xlwings
Lite) it cannot install, since it publishes only an sdist.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from lunar_python import LunarYear, Solar

# 24 solar terms in lunar_python's table order for one lunar year (JIE_QI_IN_USE): index 8 is
# this spring's 清明, index 25 ("DONG_ZHI") this December's 冬至 (index 1 is last December's).
_TERM_INDEX = {"清明": 8, "冬至": 25}
TERMS = tuple(_TERM_INDEX)


@lru_cache(maxsize=None)
def _lunar_year(year: int) -> LunarYear:
    # LunarYear.fromYear takes milliseconds and lunar_python caches only the last year asked.
    return LunarYear.fromYear(year)


def _to_date(solar: Solar) -> date:
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def months(year: int) -> dict[tuple[int, bool], tuple[date, int]]:
    """(month, leap) → (first day, number of days) for every month of lunar `year`, in calendar order."""
    return {
        (abs(m.getMonth()), m.getMonth() < 0): (_to_date(Solar.fromJulianDay(m.getFirstJulianDay())), m.getDayCount())
        for m in _lunar_year(year).getMonths()
        if m.getYear() == year
    }


def solar_term(name: str, year: int) -> date:
    """The day of solar term `name` (one of TERMS) in Gregorian `year`."""
    # Lunar year N's table runs from last December's 冬至 to this December's, all in solar N.
    return _to_date(Solar.fromJulianDay(_lunar_year(year).getJieQiJulianDays()[_TERM_INDEX[name]]))
