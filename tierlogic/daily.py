"""One day's plan for a book: assessments, the due list and the greeting list, computed together."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Mapping, Optional

from .assess import Assessment, assess_book
from .cadence import WorkCalendar
from .due_list import DueRow, Task, due_horizon, due_list
from .explain import Why
from .greetings import BIRTHDAY, GreetingRow, greeting_list, greeting_window
from .model import Book
from .settings import Settings


@dataclass(frozen=True)
class Plan:
    today: date
    assessments: Mapping[str, Assessment]
    due_rows: tuple[DueRow, ...]
    greetings: tuple[GreetingRow, ...]
    horizon: date  # the last day the due rows reach: today + upcoming_days


def favourite_products(assessments: Mapping[str, Assessment]) -> dict[str, str]:
    """The product each customer bought most often ({产品} in greetings); the latest wins a tie."""
    result = {}
    for key, a in assessments.items():
        counts: dict[str, tuple[int, date]] = {}
        for o in a.facts.purchases:
            if o.product:
                n, _ = counts.get(o.product, (0, o.date))
                counts[o.product] = (n + 1, o.date)
        if counts:
            result[key] = max(counts, key=lambda p: (counts[p], p))
    return result


def greetings_for(book: Book, assessments: Mapping[str, Assessment], start: date, days: Optional[int],
                  settings: Settings) -> list[GreetingRow]:
    first_purchases = {k: a.facts.first_purchase for k, a in assessments.items() if a.facts.first_purchase}
    return greeting_list(
        book.customers, {k: a.grade.grade for k, a in assessments.items()},
        {k: a.tier.tier for k, a in assessments.items()}, first_purchases, favourite_products(assessments),
        start, days, settings,
    )


def birthday_tasks(greetings: list[GreetingRow]) -> list[Task]:
    """A birthday is also a task in the due list (SPEC "Due list"); festivals stay in 祝福名单 only."""
    return [Task(g.key, g.date, BIRTHDAY, Why(BIRTHDAY, g.why.facts))
            for g in greetings if BIRTHDAY in g.occasions]


@dataclass(frozen=True)
class _Greetings:
    """A greeting list and the days it covers, first and last included."""

    first: date
    last: date
    rows: tuple[GreetingRow, ...]

    def covering(self, first: date, last: date) -> Optional[list[GreetingRow]]:
        """Its rows from `first` to `last` when it covers those days, else None. A greeting list has one row
        per customer per day, so a longer window holds every row of a shorter one."""
        if not (self.first <= first and last <= self.last):
            return None
        return [g for g in self.rows if first <= g.date <= last]


def _greetings(book: Book, assessments: Mapping[str, Assessment], start: date, days: Optional[int],
               settings: Settings) -> _Greetings:
    first, last = greeting_window(start, days, settings)
    return _Greetings(first, last, tuple(greetings_for(book, assessments, start, days, settings)))


def _due_rows(book: Book, assessments: Mapping[str, Assessment], today: date, settings: Settings,
              known: Optional[_Greetings] = None) -> list[DueRow]:
    """The due list; its birthdays come from the `known` greetings when those cover the due days."""
    soon = known.covering(today, due_horizon(today, settings)) if known is not None else None
    if soon is None:
        soon = greetings_for(book, assessments, today, settings.upcoming_days + 1, settings)
    return due_list(assessments, today, settings, birthday_tasks(soon))


def plan(book: Book, today: date, settings: Settings, calendar: Optional[WorkCalendar] = None,
         greet_from: Optional[date] = None, greet_days: Optional[int] = None) -> Plan:
    assessments = assess_book(book, today, settings, calendar)
    greetings = _greetings(book, assessments, greet_from or today, greet_days, settings)
    rows = _due_rows(book, assessments, today, settings, greetings)
    return Plan(today, assessments, tuple(rows), greetings.rows, due_horizon(today, settings))


def week_plan(book: Book, monday: date, day_plan: Plan, settings: Settings,
              calendar: Optional[WorkCalendar] = None) -> tuple[DueRow, ...]:
    """Due rows for Monday–Sunday of a week, as seen from the plan's day if it falls in the week, else Monday.
    `settings` are the ones the day plan was made with.

    Seen from the plan's day, the week is the day plan's rows up to Sunday when its horizon reaches that far:
    rows are grouped per customer per day and ordered by their own priority, so a shorter horizon only drops rows.
    """
    sunday = monday + timedelta(days=6)
    if monday <= day_plan.today <= sunday:
        if sunday <= day_plan.horizon:
            return tuple(r for r in day_plan.due_rows if r.due <= sunday)
        seen_from, assessments = day_plan.today, day_plan.assessments
    else:
        seen_from, assessments = monday, assess_book(book, monday, settings, calendar)
    week_settings = replace(settings, upcoming_days=(sunday - seen_from).days)
    return tuple(_due_rows(book, assessments, seen_from, week_settings))
