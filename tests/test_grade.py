"""Every grade rule: a minimal customer that triggers it and one that just misses it."""
from datetime import date

import pytest

from tierlogic.grade import grade
from tierlogic.model import Contact, Order
from tierlogic.settings import CLOSE_TIME_FUNNEL, Settings

from .helpers import TODAY, days_ago, facts

SIX = Settings()
FUNNEL = Settings(grade_scheme=CLOSE_TIME_FUNNEL)


@pytest.mark.parametrize("case, f, expected", [
    ("S by an order", facts(orders=[Order("c1", days_ago(10), amount=100)]), "S"),
    ("S by purchase count column", facts(purchase_count=1), "S"),
    ("S by total amount column", facts(total_amount=0.01), "S"),
    ("miss S: returned order only", facts(orders=[Order("c1", days_ago(10), amount=100, status="退货")]), "F"),
    ("S by the row's history beside a returned order (issue 17: the row is history)",
     facts(orders=[Order("c1", days_ago(10), amount=100, status="退货")], purchase_count=3), "S"),
    ("A by progress a", facts(progress="a"), "A"),
    ("A by progress b from the log", facts(contacts=[Contact("c1", days_ago(2), progress="b")]), "A"),
    ("A by high interest", facts(interest="高"), "A"),
    ("miss A: progress c is only D", facts(progress="c"), "D"),
    ("miss A: medium interest", facts(interest="中"), "F"),
    ("B bought similar", facts(bought_similar=True), "B"),
    ("miss B", facts(bought_similar=False), "F"),
    ("C habit and ability", facts(buying_ability=True), "C"),
    ("miss C", facts(buying_ability=False), "F"),
    ("D any contact logged", facts(contacts=[Contact("c1", days_ago(40))]), "D"),
    ("D last contact column", facts(last_contact=days_ago(3)), "D"),
    ("D progress d recorded", facts(progress="d"), "D"),
    ("F nothing", facts(), "F"),
])
def test_six_level_rules(case, f, expected):
    assert grade(f, TODAY, SIX).grade == expected, case


def test_first_rule_wins_over_later_ones():
    f = facts(purchase_count=2, progress="a", bought_similar=True, buying_ability=True)
    assert grade(f, TODAY, SIX).grade == "S"
    f = facts(progress="b", bought_similar=True)
    assert grade(f, TODAY, SIX).grade == "A"


def test_latest_log_progress_beats_customer_column():
    f = facts(progress="a", contacts=[Contact("c1", days_ago(5), progress="a"), Contact("c1", days_ago(1), progress="d")])
    assert f.progress == "d"
    assert grade(f, TODAY, SIX).grade == "D"


def test_manual_grade_wins_and_says_so():
    result = grade(facts(purchase_count=5, manual_grade="B"), TODAY, SIX)
    assert (result.grade, result.action) == ("B", "多聊一聊，让他从同行那里转过来")
    assert str(result.why) == "手动级别（手动级别=B）"


def test_manual_grade_from_another_scheme_is_ignored_visibly():
    result = grade(facts(purchase_count=5, manual_grade="E"), TODAY, SIX)
    assert result.grade == "S"
    assert "手动级别不适用于当前方案，已忽略=E" in str(result.why)


def test_result_explains_rule_and_values():
    result = grade(facts(purchase_count=3, total_amount=960.0), TODAY, SIX)
    assert str(result.why) == "S：已成交（有订单、购买次数或消费金额）（购买次数=3，累计金额=960）"
    assert result.action == "成交客户：做好售后与复购"


@pytest.mark.parametrize("case, fields, expected", [
    ("A: closes within 1 month", {"expected_close": date(2026, 12, 23)}, "A"),
    ("miss A: one day past a month", {"expected_close": date(2026, 12, 24)}, "B"),
    ("B: within 3 months", {"expected_close": date(2027, 2, 23)}, "B"),
    ("miss B", {"expected_close": date(2027, 2, 24)}, "C"),
    ("C: within 6 months", {"expected_close": date(2027, 5, 23)}, "C"),
    ("miss C: later is D", {"expected_close": date(2027, 5, 24)}, "D"),
    ("D: latent need, nothing known", {}, "D"),
    ("E: no chance", {"interest": "无", "expected_close": date(2026, 12, 1)}, "E"),
    ("A by progress a without a date", {"progress": "a"}, "A"),
    ("C by progress c without a date", {"progress": "c"}, "C"),
    ("a date beats progress", {"progress": "a", "expected_close": date(2027, 4, 1)}, "C"),
    ("miss E: low interest is not no chance", {"interest": "低"}, "D"),
])
def test_close_time_funnel(case, fields, expected):
    assert grade(facts(**fields), TODAY, FUNNEL).grade == expected, case
