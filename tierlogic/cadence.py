"""Follow-up cadence (追踪志, seed 001/004): how often each grade is contacted, and the next due date.

A cadence is a small value object, like dateutil's relativedelta: it can be printed, compared
and applied to a date. Whether a due date moves off a day off is decided by a WorkCalendar.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional, Protocol

from .explain import Why, why
from .facts import CustomerFacts
from .grade import scheme_for
from .settings import Settings

# Seed 004's names for each interval: 日志, 周志, 半月志, 月志, 年志.
LOG_NAMES = ((1, "日志"), (7, "周志"), (15, "半月志"), (30, "月志"), (365, "年志"))


class WorkCalendar(Protocol):
    def is_working_day(self, day: date) -> bool: ...


class Weekends:
    """Saturday and Sunday off; the fallback when no official calendar covers a year."""

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5


def next_working_day(day: date, calendar: WorkCalendar) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    for _ in range(60):  # the longest official break is 8 days; 60 guards a broken calendar
        if calendar.is_working_day(day):
            return day
        day += timedelta(days=1)
    raise ValueError("work calendar has no working day in 60 days")


def log_name(days: int) -> str:
    """The seed's name for an interval: the longest named log not longer than it."""
    name = LOG_NAMES[0][1]
    for length, label in LOG_NAMES:
        if days >= length:
            name = label
    return name


@dataclass(slots=True, unsafe_hash=True)
class Cadence:
    """Contact every `days` days; `grade` says which rule chose the interval."""

    grade: str
    days: int

    def __str__(self) -> str:
        # A letter grade reads "A级"; longer codes (3级, 尝试期, 已成交) already say what they are.
        level = f"{self.grade}级" if len(self.grade) == 1 else self.grade
        return f"{level}每{self.days}天（{log_name(self.days)}）"

    def after(self, last: date) -> date:
        return last + timedelta(days=self.days)


def cadence_for(grade: str, settings: Settings) -> Cadence:
    """The interval the active scheme's 设置 row gives `grade`."""
    table = getattr(settings, scheme_for(settings).cadence_setting)
    return Cadence(grade, int(table[grade]))


@dataclass(slots=True, unsafe_hash=True)
class NextDue:
    due: date
    chosen_by_seller: bool
    why: Why


def next_due(
    facts: CustomerFacts,
    grade: str,
    today: date,
    settings: Settings,
    calendar: Optional[WorkCalendar] = None,
) -> NextDue:
    """Seller's own next date wins; else last contact + the grade's interval; never contacted → today.

    With settings.move_to_working_day a computed date (never the seller's own) moves to the
    next working day of `calendar`.
    """
    if facts.seller_next_date is not None:
        return NextDue(facts.seller_next_date, True, why("卖家约定的下次跟进日", 下次跟进=facts.seller_next_date))
    cadence = cadence_for(grade, settings)
    if facts.last_contact is None:
        due, reason = today, why("从未联系", 级别=grade)  # a fact; what to do is tierlogic.advice's to say
    else:
        due = cadence.after(facts.last_contact)
        reason = why(f"按节奏跟进：{cadence}", 上次联系=facts.last_contact)
    if settings.move_to_working_day and calendar is not None:
        moved = next_working_day(due, calendar)
        if moved != due:
            reason = Why(reason.rule, reason.facts + (("顺延到工作日", moved),))
            due = moved
    return NextDue(due, False, reason)
