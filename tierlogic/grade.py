"""Customer grades as ordered rule tables, first match wins, like Excel's IFS.

Two schemes: the six-level S/A/B/C/D/F of seed 000 and the close-time funnel A–E of seed 004.
A manual grade (手动级别) wins over both. Each result names the rule that fired.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Optional

from dateutil.relativedelta import relativedelta

from .explain import Why, why
from .facts import CustomerFacts
from .model import INTEREST_HIGH, INTEREST_NONE
from .settings import CLOSE_TIME_FUNNEL, Settings

# A test returns the facts that decided it (truthy) or None when the rule does not hold.
Test = Callable[[CustomerFacts, date, Settings], Optional[dict]]


@dataclass(frozen=True)
class GradeRule:
    grade: str
    name: str       # the rule in the seller's words, shown in 设置 and in explanations
    action: str     # what the seller should do with such a customer
    test: Test


@dataclass(frozen=True)
class GradeResult:
    grade: str
    action: str
    why: Why


def _has_bought(f: CustomerFacts, today: date, s: Settings) -> Optional[dict]:
    if f.has_bought:
        return {"购买次数": f.purchase_count, "累计金额": f.total_amount}
    return None


def _close_to_buying(f: CustomerFacts, today: date, s: Settings) -> Optional[dict]:
    if f.progress in ("a", "b") or f.customer.interest == INTEREST_HIGH:
        return {"进度": f.progress or "无", "意向": f.customer.interest or "无"}
    return None


def _bought_similar(f: CustomerFacts, today: date, s: Settings) -> Optional[dict]:
    return {"买过同类": "是"} if f.customer.bought_similar else None


def _can_pay(f: CustomerFacts, today: date, s: Settings) -> Optional[dict]:
    return {"消费能力": "是"} if f.customer.buying_ability else None


def _has_talked(f: CustomerFacts, today: date, s: Settings) -> Optional[dict]:
    if f.has_talked:
        return {"跟进记录": len(f.contacts), "上次联系": f.last_contact or "无", "进度": f.progress or "无"}
    return None


def _always(f: CustomerFacts, today: date, s: Settings) -> Optional[dict]:
    return {}


SIX_LEVEL_RULES: tuple[GradeRule, ...] = (
    GradeRule("S", "已成交（有订单、购买次数或消费金额）", "成交客户：做好售后与复购", _has_bought),
    GradeRule("A", "咨询过且有兴趣，近期可成交（进度 a/b 或意向高）", "还差最后一步，该催单", _close_to_buying),
    GradeRule("B", "买过同行的同类产品", "多聊一聊，让他从同行那里转过来", _bought_similar),
    GradeRule("C", "有购买习惯和支付能力", "有成交潜力，挖掘需求", _can_pay),
    GradeRule("D", "和我聊过（有跟进记录或进度 c/d）", "适当维护，普及产品知识", _has_talked),
    GradeRule("F", "以上都不是", "偶尔群发，不必花太多精力", _always),
)


# Without an expected close date the latest progress stands in for it: a is as close as it gets.
_PROGRESS_AS_FUNNEL = {"a": "A", "b": "B", "c": "C"}


def _funnel_within(grade: str) -> Test:
    def test(f: CustomerFacts, today: date, s: Settings) -> Optional[dict]:
        months = s.funnel_months[grade]
        close = f.customer.expected_close
        if close is not None and close <= today + relativedelta(months=months):
            return {"预计成交": close, "月数": months}
        if close is None and _PROGRESS_AS_FUNNEL.get(f.progress or "") == grade:
            return {"预计成交": "无", "进度": f.progress}
        return None
    return test


def _no_chance(f: CustomerFacts, today: date, s: Settings) -> Optional[dict]:
    return {"意向": INTEREST_NONE} if f.customer.interest == INTEREST_NONE else None


FUNNEL_RULES: tuple[GradeRule, ...] = (
    GradeRule("E", "没有成交可能（意向=无）", "偶尔群发即可", _no_chance),
    GradeRule("A", "1 个月内可成交（预计成交日期，或进度 a）", "重点跟进，每天联系", _funnel_within("A")),
    GradeRule("B", "3 个月内可成交（预计成交日期，或进度 b）", "每周跟进，推动决策", _funnel_within("B")),
    GradeRule("C", "6 个月内可成交（预计成交日期，或进度 c）", "半月跟进，保持联系", _funnel_within("C")),
    GradeRule("D", "更久以后或潜在需求", "每月维护，普及产品知识", _always),
)


def rules_for(settings: Settings) -> tuple[GradeRule, ...]:
    return FUNNEL_RULES if settings.grade_scheme == CLOSE_TIME_FUNNEL else SIX_LEVEL_RULES


def grade(facts: CustomerFacts, today: date, settings: Settings) -> GradeResult:
    """The first rule that holds; a manual grade of the active scheme wins over all rules."""
    rules = rules_for(settings)
    manual = facts.customer.manual_grade
    chosen = next((r for r in rules if r.grade == manual), None)
    if chosen is not None:
        return GradeResult(manual, chosen.action, why("手动级别", 手动级别=manual))
    ignored = (("手动级别不适用于当前方案，已忽略", manual),) if manual else ()
    for rule in rules:
        decided = rule.test(facts, today, settings)
        if decided is not None:
            facts_shown = tuple(decided.items()) + ignored
            return GradeResult(rule.grade, rule.action, Why(f"{rule.grade}：{rule.name}", facts_shown))
    raise AssertionError("the last grade rule always holds")


GRADE_ORDER = {g: i for i, g in enumerate("SABCDEF")}
