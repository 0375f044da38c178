"""Lifecycle layers with their boundaries (SPEC "Lifecycle")."""
from datetime import timedelta

import pytest

from tierlogic.lifecycle import DORMANT, LOST, LOYAL, NEW, POTENTIAL, REPEAT, lifecycle
from tierlogic.model import Contact, Order
from tierlogic.settings import Settings

from .helpers import TODAY, days_ago, facts


def bought(count: int, last_days_ago: int, **fields):
    last = days_ago(last_days_ago)
    dates = [last - timedelta(days=7 * i) for i in range(count)]
    return facts(orders=[Order("c1", d, amount=10) for d in dates], **fields)


@pytest.mark.parametrize("case, f, expected", [
    ("potential: talked, never bought", facts(contacts=[Contact("c1", days_ago(3))]), POTENTIAL),
    ("potential: on the list, never talked", facts(), POTENTIAL),
    ("new: one order", bought(1, 10), NEW),
    ("repeat: two orders", bought(2, 10), REPEAT),
    ("repeat: nine orders is not loyal", bought(9, 10), REPEAT),
    ("loyal: ten orders recently", bought(10, 10), LOYAL),
    ("loyal: ten orders, 180 days ago", bought(10, 180), LOYAL),
    ("miss loyal: ten orders, 181 days ago is dormant", bought(10, 181), DORMANT),
    ("miss dormant: 89 days", bought(2, 89), REPEAT),
    ("dormant: 90 days", bought(2, 90), DORMANT),
    ("dormant: 365 days", bought(1, 365), DORMANT),
    ("lost: 366 days", bought(1, 366), LOST),
    ("lost: blocked, even if recent", bought(3, 5, do_not_disturb=True), LOST),
    ("new by purchase count column", facts(purchase_count=1, last_purchase=days_ago(3)), NEW),
])
def test_lifecycle_rules(case, f, expected):
    assert lifecycle(f, TODAY, Settings()).stage == expected, case


def test_rule_text_follows_settings():
    result = lifecycle(bought(1, 60), TODAY, Settings(dormant_days=60))
    assert result.stage == DORMANT
    assert str(result.why) == "沉睡(临时)：60–365 天未购买（未购买天数=60）"
