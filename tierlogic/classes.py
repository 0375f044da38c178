"""The classes of seed 001's 客户层级维护方案, computed from orders: 消费行为 (VIP … 流失) and 价值分类 (黄金 … 休眠).

They answer a different question from the grade (who is worth what, not how close to buying), so they are
extra columns beside whatever grading scheme the seller chose. Both are Schemes, first match wins. The seed
defines them by words ("消费金额较高，购买频率较高"); the numbers are settings: an amount is 高 when it is
among the top `top_amount_share` of buyers, frequent is `frequent_orders` or more, recent is within
`dormant_days`, and 贡献 is the Pareto value tier (A, or A/B for 贡献较大).
"""
from __future__ import annotations

import math
from datetime import date
from typing import Iterable, Optional

from .facts import CustomerFacts
from .schemes import BookContext, Level, Rule, Scheme, always
from .settings import Settings

BEHAVIOUR, VALUE = "消费行为", "价值分类"


def top_amount(amounts: Iterable[float], share: float) -> float:
    """The smallest amount still among the top `share` of buyers (at least one buyer); ties count in.
    No buyer: infinity, so nobody is 金额高."""
    ranked = sorted((a for a in amounts if a > 0), reverse=True)
    if not ranked:
        return math.inf
    return ranked[max(1, math.ceil(share * len(ranked))) - 1]


def _days_since_purchase(f: CustomerFacts, today: date) -> Optional[int]:
    return (today - f.last_purchase).days if f.last_purchase else None


def _lapsed(f: CustomerFacts, today: date, s: Settings) -> Optional[dict]:
    days = _days_since_purchase(f, today)
    return {"未购买天数": days} if f.has_bought and days is not None and days >= s.dormant_days else None


def _gone(f: CustomerFacts, today: date, s: Settings, c: BookContext) -> Optional[dict]:
    return _lapsed(f, today, s)


def _big_and_frequent(f: CustomerFacts, today: date, s: Settings, c: BookContext) -> Optional[dict]:
    if f.has_bought and f.total_amount >= c.top_amount and f.purchase_count >= s.frequent_orders:
        return {"累计金额": f.total_amount, "前列起点": c.top_amount, "购买次数": f.purchase_count}
    return None


def _big(f: CustomerFacts, today: date, s: Settings, c: BookContext) -> Optional[dict]:
    if f.has_bought and f.total_amount >= c.top_amount:
        return {"累计金额": f.total_amount, "前列起点": c.top_amount, "购买次数": f.purchase_count}
    return None


def _bought(f: CustomerFacts, today: date, s: Settings, c: BookContext) -> Optional[dict]:
    return {"累计金额": f.total_amount, "购买次数": f.purchase_count} if f.has_bought else None


BEHAVIOUR_SCHEME = Scheme(
    BEHAVIOUR, "客户层级维护方案 1.1 消费行为分类",
    levels=(
        Level("VIP", "消费金额较高，购买频率较高，贡献度较大",
              "重点关注：专人负责服务，需求和意见及时反馈处理；更高的折扣和优惠；定期邀请参加活动，加强互动和沟通"),
        Level("高价值", "消费金额高，但购买频率较低", "提醒复购，提高购买频率"),
        Level("一般", "消费金额和购买频率都处于一般水平", "常规维护和服务"),
        Level("潜在", "有购买可能，但尚未进行过消费", "进行开发和培养"),
        Level("流失", "曾经消费过，但最近没有继续购买", "需要进行挽留"),
    ),
    rules=(
        Rule("流失", "买过，{dormant_days} 天以上没有再买", _gone),
        Rule("VIP", "累计金额在买家前列，且购买 {frequent_orders} 次以上", _big_and_frequent),
        Rule("高价值", "累计金额在买家前列，购买次数较少", _big),
        Rule("一般", "买过，金额不在前列", _bought),
        Rule("潜在", "还没买过", always),
    ),
)


def _was_valuable_now_quiet(f: CustomerFacts, today: date, s: Settings, c: BookContext) -> Optional[dict]:
    lapsed = _lapsed(f, today, s)
    return {"价值分层": c.value_tier, **lapsed} if lapsed and c.value_tier in ("A", "B") else None


def _valuable_and_growing(f: CustomerFacts, today: date, s: Settings, c: BookContext) -> Optional[dict]:
    if c.value_tier == "A" and f.purchase_count >= s.frequent_orders:
        return {"价值分层": c.value_tier, "购买次数": f.purchase_count}
    return None


def _valuable(f: CustomerFacts, today: date, s: Settings, c: BookContext) -> Optional[dict]:
    return {"价值分层": c.value_tier} if f.has_bought and c.value_tier in ("A", "B") else None


def _new(f: CustomerFacts, today: date, s: Settings, c: BookContext) -> Optional[dict]:
    if not f.has_bought:
        return {"购买次数": 0}
    days = _days_since_purchase(f, today)
    if f.purchase_count <= 1 and days is not None and days <= s.new_customer_days:
        return {"购买次数": f.purchase_count, "首单天数": days}
    return None


VALUE_SCHEME = Scheme(
    VALUE, "客户层级维护方案 1.2 客户价值分类",
    levels=(
        Level("黄金", "贡献较大，发展潜力也比较大", "重点关注和维护，提供优质服务"),
        Level("白银", "贡献较大，但发展潜力相对较小", "保持联系，挖掘更多需求"),
        Level("青铜", "贡献度和发展潜力都比较低", "常规维护，不必花太多精力"),
        Level("新客户", "刚刚接触，需要开发和培养", "对其进行开发和培养"),
        Level("休眠", "曾经是黄金或白银客户，但最近没有进行过消费", "需要进行挽留：问问为什么不买了"),
    ),
    rules=(
        Rule("休眠", "价值分层 A/B，{dormant_days} 天以上没有再买", _was_valuable_now_quiet),
        Rule("黄金", "价值分层 A，且购买 {frequent_orders} 次以上", _valuable_and_growing),
        Rule("白银", "价值分层 A/B", _valuable),
        Rule("新客户", "还没买过，或 {new_customer_days} 天内只买过一单", _new),
        Rule("青铜", "买过，贡献和潜力都较低", always),
    ),
)

CLASS_SCHEMES = (BEHAVIOUR_SCHEME, VALUE_SCHEME)
