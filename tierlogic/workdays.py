"""China's official working days (days off and 调休 make-up working days) for moving due dates, with a loud weekend fallback."""
from __future__ import annotations

from datetime import date

import chinese_calendar

from .cadence import Weekends


class ChinaWorkCalendar:
    """A WorkCalendar from the chinesecalendar package's published State Council schedules.

    A year the package does not cover yet (it raises NotImplementedError rather than guess,
    unlike holidays.China) falls back to Saturday/Sunday off; each such year is recorded once
    in `fallback_years` so the caller can say so (SPEC "Cadence").
    """

    def __init__(self) -> None:
        self.fallback_years: set[int] = set()
        self._weekends = Weekends()

    def is_working_day(self, day: date) -> bool:
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            self.fallback_years.add(day.year)
            return self._weekends.is_working_day(day)

    def notices(self) -> list[str]:
        """One bilingual message per year that was computed by weekends only, oldest first."""
        return [
            f"{year} 年官方节假日安排尚未收录，按周末计算 / official {year} calendar not available, using weekends"
            for year in sorted(self.fallback_years)
        ]
