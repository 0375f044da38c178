"""tierlogic/lunar_table.py, the lunar source where lunar_python cannot install (Pyodide), against lunar_python day by day 1901–2099."""
from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest

from tierlogic import lunar, lunar_source, lunar_table
from tools.make_lunar_table import TABLE, table_source


def test_the_table_is_what_the_generator_makes_from_the_installed_lunar_python():
    assert TABLE.read_text(encoding="utf-8") == table_source()


@pytest.mark.parametrize("year", range(1900, 2101))
def test_months_and_terms_match_lunar_python(year):
    assert lunar_table.months(year) == lunar_source.months(year)
    if 1901 <= year <= 2099:
        for name in lunar_table.TERMS:
            assert lunar_table.solar_term(name, year) == lunar_source.solar_term(name, year)


def conversions(module):
    """Everything tierlogic.lunar answers for 1901–2099: each day as a lunar date and back, each year's 除夕 and terms."""
    days, day = [], lunar.FIRST_DAY
    while day <= lunar.LAST_DAY:
        lunar_date = module.solar_to_lunar(day)
        days.append((lunar_date, module.lunar_to_solar(*lunar_date)))
        day += timedelta(days=1)
    years = [(module.lunar_new_year_eve(y - 1), module.solar_term("清明", y), module.solar_term("冬至", y))
             for y in range(1901, 2100)]  # lunar year y − 1 ends in January or February of y
    return days, years


@pytest.fixture
def table_backed(monkeypatch):
    """tierlogic.lunar answering from the table, as it does when lunar_python is missing."""
    lunar._months.cache_clear()
    monkeypatch.setattr(lunar, "source", lunar_table)
    yield lunar
    lunar._months.cache_clear()


def test_every_day_1901_to_2099_converts_as_with_lunar_python(table_backed):
    assert lunar.source is lunar_table
    from_table = conversions(lunar)
    lunar.source = lunar_source
    lunar._months.cache_clear()
    from_lunar_python = conversions(lunar)
    assert len(from_table[0]) == (lunar.LAST_DAY - lunar.FIRST_DAY).days + 1
    assert all(solar == lunar.FIRST_DAY + timedelta(days=i) for i, (_, solar) in enumerate(from_table[0]))
    assert from_table == from_lunar_python


def test_without_lunar_python_the_table_is_used():
    code = ("import sys; sys.modules['lunar_python'] = None\n"
            "from tierlogic import lunar; from tierlogic.model import LunarBirthday\n"
            "print(lunar.source.__name__, lunar.lunar_birthday_in(LunarBirthday(10, 22), 2026))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["tierlogic.lunar_table", "2026-11-30"]
