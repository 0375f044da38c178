"""The day plan and the week plan reuse work already done; these check they equal the due list by its definition."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from tierbook.demo_data import demo_book
from tierlogic.daily import birthday_tasks, greetings_for, plan, week_plan
from tierlogic.due_list import due_list
from tierlogic.greetings import BIRTHDAY
from tierlogic.settings import Settings

from .helpers import TODAY
from .strategies import books

MONDAY = TODAY  # 2026-11-23 is a Monday


def due_rows_by_definition(book, assessments, seen_from: date, settings: Settings):
    """SPEC "Due list": every task up to the horizon, birthdays included, computed from scratch."""
    soon = greetings_for(book, assessments, seen_from, settings.upcoming_days + 1, settings)
    return tuple(due_list(assessments, seen_from, settings, birthday_tasks(soon)))


def week_by_definition(book, day_plan, monday: date, settings: Settings):
    sunday = monday + timedelta(days=6)
    seen_from = day_plan.today if monday <= day_plan.today <= sunday else monday
    week_settings = replace(settings, upcoming_days=(sunday - seen_from).days)
    assessments = day_plan.assessments if seen_from == day_plan.today else plan(book, monday, settings).assessments
    return due_rows_by_definition(book, assessments, seen_from, week_settings)


@pytest.fixture(scope="module")
def shop():
    return demo_book(TODAY, customers=300)


@pytest.mark.parametrize("weekday", range(7))
@pytest.mark.parametrize("upcoming", [0, 3, 7, 14])
@pytest.mark.parametrize("window", [(0, None), (-3, 30), (5, 3), (0, 0)])
def test_day_and_week_plans_equal_their_definition(shop, weekday, upcoming, window):
    today = MONDAY + timedelta(days=weekday)
    rules = Settings(upcoming_days=upcoming)
    greet_from, greet_days = today + timedelta(days=window[0]), window[1]
    day_plan = plan(shop, today, rules, None, greet_from, greet_days)
    assert day_plan.due_rows == due_rows_by_definition(shop, day_plan.assessments, today, rules)
    assert week_plan(shop, MONDAY, day_plan, rules) == week_by_definition(shop, day_plan, MONDAY, rules)


def test_the_demo_week_has_birthdays_to_carry(shop):
    """The shop above is a fair test only if its birthdays land in the due list."""
    day_plan = plan(shop, TODAY, Settings())
    assert any(BIRTHDAY in why.rule for row in day_plan.due_rows for why in row.reasons)


@hypothesis_settings(max_examples=150, deadline=None)
@given(book=books(), weekday=st.integers(0, 6), upcoming=st.integers(0, 10), other_week=st.integers(-1, 1))
def test_week_plan_equals_its_definition_for_any_shop(book, weekday, upcoming, other_week):
    today = MONDAY + timedelta(days=weekday)
    rules = Settings(upcoming_days=upcoming)
    day_plan = plan(book, today, rules)
    monday = MONDAY + timedelta(weeks=other_week)
    assert day_plan.due_rows == due_rows_by_definition(book, day_plan.assessments, today, rules)
    assert week_plan(book, monday, day_plan, rules) == week_by_definition(book, day_plan, monday, rules)


def test_a_birthday_in_the_due_list_is_a_private_message_in_both_sheets(shop):
    """Issue 14: 待办 said 发生日祝福 while 祝福名单 sent the same named greeting to C/D/F as 群发/朋友圈."""
    day_plan = plan(shop, TODAY, Settings(upcoming_days=14), None, TODAY, 15)  # both lists reach TODAY + 14
    birthdays = {(r.customer, r.due) for r in day_plan.due_rows if any(w.rule == BIRTHDAY for w in r.reasons)}
    greetings = {(g.key, g.date): g for g in day_plan.greetings if BIRTHDAY in g.occasions}
    assert birthdays and birthdays <= greetings.keys()
    assert {greetings[b].grade for b in birthdays} - {"S", "A"}  # the demo's next two weeks have one below A
    assert {greetings[b].channel for b in birthdays} == {"私聊"}
    assert {r.actions for r in day_plan.due_rows if (r.customer, r.due) in birthdays} == {("私聊发生日祝福（祝福语见祝福名单）",)}
