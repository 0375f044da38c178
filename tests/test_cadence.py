"""Cadence per grade and the next-due date (SPEC "Cadence")."""
from datetime import date, timedelta

import pytest

from tierlogic.cadence import Cadence, Weekends, cadence_for, log_name, next_due, next_working_day
from tierlogic.model import Contact
from tierlogic.settings import CLOSE_TIME_FUNNEL, Settings

from .helpers import TODAY, days_ago, facts

S = Settings()


@pytest.mark.parametrize("grade, days, log", [
    ("A", 1, "日志"), ("B", 7, "周志"), ("C", 15, "半月志"), ("S", 30, "月志"), ("D", 30, "月志"), ("F", 365, "年志"),
])
def test_six_level_intervals(grade, days, log):
    cadence = cadence_for(grade, S)
    assert cadence == Cadence(grade, days)
    assert log_name(cadence.days) == log
    assert str(cadence) == f"{grade}级每{days}天（{log}）"


@pytest.mark.parametrize("grade, days", [("A", 1), ("B", 7), ("C", 15), ("D", 30), ("E", 365)])
def test_funnel_intervals(grade, days):
    assert cadence_for(grade, Settings(grade_scheme=CLOSE_TIME_FUNNEL)).days == days


def test_last_contact_plus_interval():
    result = next_due(facts(last_contact=date(2026, 11, 10)), "B", TODAY, S)
    assert result.due == date(2026, 11, 17)
    assert not result.chosen_by_seller
    assert str(result.why) == "按节奏跟进：B级每7天（周志）（上次联系=2026-11-10）"


def test_never_contacted_is_due_today():
    result = next_due(facts(), "F", TODAY, S)
    assert result.due == TODAY
    assert result.why.rule == "从未联系"


def test_sellers_own_next_date_wins_even_before_last_contact():
    f = facts(contacts=[Contact("c1", days_ago(3), next_date=days_ago(5))])
    result = next_due(f, "A", TODAY, S)
    assert (result.due, result.chosen_by_seller) == (days_ago(5), True)


@pytest.mark.parametrize("source", ["log", "column"])
def test_a_next_date_planned_before_the_latest_contact_has_been_done(source):
    # 下次跟进 11-03 in the customer row, then a contact on 11-20 without a next date: cadence, not 20 days overdue.
    planned, talked = date(2026, 11, 3), date(2026, 11, 20)
    f = (facts(next_contact=planned, contacts=[Contact("c1", talked)]) if source == "log"
         else facts(next_contact=planned, last_contact=talked))
    result = next_due(f, "B", date(2026, 11, 23), S)
    assert (result.due, result.chosen_by_seller) == (date(2026, 11, 27), False)


def test_seller_next_date_from_customer_column_when_no_log_entry_has_one():
    f = facts(next_contact=date(2026, 12, 1), last_contact=days_ago(2))
    assert next_due(f, "A", TODAY, S).due == date(2026, 12, 1)


def test_a_later_log_entry_without_next_date_uses_the_cadence():
    f = facts(contacts=[Contact("c1", days_ago(10), next_date=date(2026, 12, 20)), Contact("c1", days_ago(2))])
    assert next_due(f, "B", TODAY, S).due == days_ago(2) + timedelta(days=7)


def test_move_to_working_day_only_when_enabled():
    saturday = date(2026, 11, 28)
    f = facts(last_contact=saturday - timedelta(days=7))
    assert next_due(f, "B", TODAY, S, Weekends()).due == saturday
    moved = next_due(f, "B", TODAY, Settings(move_to_working_day=True), Weekends())
    assert moved.due == date(2026, 11, 30)
    assert "顺延到工作日=2026-11-30" in str(moved.why)


def test_sellers_own_date_is_never_moved():
    sunday = date(2026, 11, 29)
    f = facts(next_contact=sunday)
    assert next_due(f, "A", TODAY, Settings(move_to_working_day=True), Weekends()).due == sunday


def test_next_working_day_of_a_working_day_is_itself():
    assert next_working_day(TODAY, Weekends()) == TODAY
