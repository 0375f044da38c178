"""China's official working days: 调休 from chinesecalendar, weekends for a year it does not cover yet."""
from datetime import date, timedelta

import pytest

from tierlogic.cadence import next_working_day
from tierlogic.workdays import ChinaWorkCalendar


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2026, 1, 1), False),   # 元旦
        (date(2026, 1, 2), False),   # day off moved from Sunday 2026-01-04
        (date(2026, 1, 4), True),    # 调休: a working Sunday
        (date(2026, 2, 14), True),   # 调休: a working Saturday before 春节
        (date(2026, 2, 17), False),  # 春节
        (date(2026, 3, 7), False),   # an ordinary Saturday
        (date(2026, 3, 9), True),    # an ordinary Monday
        (date(2026, 9, 20), True),   # 调休 Sunday before 中秋/国庆
        (date(2026, 10, 7), False),  # 国庆 holiday on a Wednesday
    ],
)
def test_official_2026_calendar(day, working):
    calendar = ChinaWorkCalendar()
    assert calendar.is_working_day(day) is working
    assert calendar.notices() == [] and calendar.fallback_years == set()


def test_cadence_moves_to_the_working_sunday():
    assert next_working_day(date(2026, 1, 1), ChinaWorkCalendar()) == date(2026, 1, 4)


def test_uncovered_year_falls_back_to_weekends_and_says_so_once():
    calendar = ChinaWorkCalendar()
    days = [date(2027, 1, 1) + timedelta(days=n) for n in range(60)]
    working = [calendar.is_working_day(day) for day in days]
    assert working == [day.weekday() < 5 for day in days]
    calendar.is_working_day(date(2026, 12, 31))
    assert calendar.fallback_years == {2027}
    assert calendar.notices() == ["2027 年官方节假日安排尚未收录，按周末计算 / official 2027 calendar not available, using weekends"]


def test_each_uncovered_year_gets_its_own_notice():
    calendar = ChinaWorkCalendar()
    for day in (date(2028, 5, 1), date(2003, 5, 1), date(2028, 5, 2)):
        calendar.is_working_day(day)
    assert [notice[:4] for notice in calendar.notices()] == ["2003", "2028"]
