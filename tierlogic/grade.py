"""Customer grades: the scheme the seller chose in 设置 (grade_scheme), applied first match wins, like Excel's IFS.

Five schemes: the six-level S/A/B/C/D/F of seed 000, the close-time funnel A–E of seed 001 (客户等级划分), and
seed 001's buying-intent, relationship and five-stage scales (tierlogic.scales). A manual grade (手动级别) of
the active scheme wins over its rules. Each result names the rule that fired.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from dateutil.relativedelta import relativedelta

from .explain import Why, why
from .facts import CustomerFacts
from .model import INTEREST_HIGH, INTEREST_NONE
from .scales import INTENT_SCHEME, RELATION_SCHEME, STAGE_SCHEME
from .schemes import BookContext, Classified, Level, Rule, Scheme, Test, always, has_bought
from .settings import CLOSE_TIME_FUNNEL, INTENT, RELATION, SIX_LEVEL, STAGES, Settings

GradeResult = Classified


def _close_to_buying(f: CustomerFacts, today: date, s: Settings, context: BookContext) -> Optional[dict]:
    if f.progress in ("a", "b") or f.customer.interest == INTEREST_HIGH:
        return {"进度": f.progress or "无", "意向": f.customer.interest or "无"}
    return None


def _bought_similar(f: CustomerFacts, today: date, s: Settings, context: BookContext) -> Optional[dict]:
    return {"买过同类": "是"} if f.customer.bought_similar else None


def _can_pay(f: CustomerFacts, today: date, s: Settings, context: BookContext) -> Optional[dict]:
    return {"消费能力": "是"} if f.customer.buying_ability else None


def _has_talked(f: CustomerFacts, today: date, s: Settings, context: BookContext) -> Optional[dict]:
    if f.has_talked:
        return {"跟进记录": len(f.contacts), "上次联系": f.last_contact or "无", "进度": f.progress or "无"}
    return None


SIX_LEVEL_SCHEME = Scheme(
    SIX_LEVEL, "客户级别六级（种子 000）",
    levels=(
        Level("S", "已成交", "成交客户：做好售后与复购"),
        Level("A", "咨询过且有兴趣，近期可成交", "还差最后一步，该催单"),
        Level("B", "买过同行的同类产品", "多聊一聊，让他从同行那里转过来"),
        Level("C", "有购买习惯和支付能力", "有成交潜力，挖掘需求"),
        Level("D", "和我聊过", "适当维护，普及产品知识"),
        Level("F", "以上都不是", "偶尔群发，不必花太多精力"),
    ),
    rules=(
        Rule("S", "已成交（有订单、购买次数或消费金额）", has_bought),
        Rule("A", "咨询过且有兴趣，近期可成交（进度 a/b 或意向高）", _close_to_buying),
        Rule("B", "买过同行的同类产品", _bought_similar),
        Rule("C", "有购买习惯和支付能力", _can_pay),
        Rule("D", "和我聊过（有跟进记录或进度 c/d）", _has_talked),
        Rule("F", "以上都不是", always),
    ),
    cadence_setting="cadence_days",
)


# Without an expected close date the latest progress stands in for it: a is as close as it gets.
_PROGRESS_AS_FUNNEL = {"a": "A", "b": "B", "c": "C"}


def _funnel_within(grade: str) -> Test:
    def test(f: CustomerFacts, today: date, s: Settings, context: BookContext) -> Optional[dict]:
        months = s.funnel_months[grade]
        close = f.customer.expected_close
        if close is not None and close <= today + relativedelta(months=months):
            return {"预计成交": close, "月数": months}
        if close is None and _PROGRESS_AS_FUNNEL.get(f.progress or "") == grade:
            return {"预计成交": "无", "进度": f.progress}
        return None
    return test


def _no_chance(f: CustomerFacts, today: date, s: Settings, context: BookContext) -> Optional[dict]:
    return {"意向": INTEREST_NONE} if f.customer.interest == INTEREST_NONE else None


FUNNEL_SCHEME = Scheme(
    CLOSE_TIME_FUNNEL, "客户等级划分（成交时间，种子 001）",
    levels=(
        Level("A", "1 个月内可成交", "重点跟进，每天联系"),
        Level("B", "3 个月内可成交", "每周跟进，推动决策"),
        Level("C", "6 个月内可成交", "半月跟进，保持联系"),
        Level("D", "更久以后或潜在需求", "每月维护，普及产品知识"),
        Level("E", "没有成交可能", "偶尔群发即可"),
    ),
    rules=(
        Rule("E", "没有成交可能（意向=无）", _no_chance),
        Rule("A", "1 个月内可成交（预计成交日期，或进度 a）", _funnel_within("A")),
        Rule("B", "3 个月内可成交（预计成交日期，或进度 b）", _funnel_within("B")),
        Rule("C", "6 个月内可成交（预计成交日期，或进度 c）", _funnel_within("C")),
        Rule("D", "更久以后或潜在需求", always),
    ),
    cadence_setting="funnel_cadence_days",
)

GRADE_SCHEMES = {s.key: s for s in (SIX_LEVEL_SCHEME, FUNNEL_SCHEME, INTENT_SCHEME, RELATION_SCHEME, STAGE_SCHEME)}
assert set(GRADE_SCHEMES) == {SIX_LEVEL, CLOSE_TIME_FUNNEL, INTENT, RELATION, STAGES}


# Which scheme's levels each recorded-level field (意向等级, 客户分类等级, 阶段) holds.
LEVEL_FIELDS = {s.recorded_field: s for s in GRADE_SCHEMES.values() if s.recorded_field}


def scheme_for(settings: Settings) -> Scheme:
    """The grading scheme the seller chose in 设置."""
    return GRADE_SCHEMES[settings.grade_scheme]


def grade(facts: CustomerFacts, today: date, settings: Settings) -> GradeResult:
    """The first rule that holds; a manual grade of the active scheme wins over all rules."""
    scheme = scheme_for(settings)
    manual = facts.customer.manual_grade
    if manual in scheme.codes:
        return GradeResult(manual, scheme.level(manual).action, why("手动级别", 手动级别=manual))
    result = scheme.classify(facts, today, settings)
    if not manual:
        return result
    ignored = ("手动级别不适用于当前方案，已忽略", manual)
    return GradeResult(result.code, result.action, Why(result.why.rule, result.why.facts + (ignored,)))
