"""Lifecycle layers (seed 002): potential, new, repeat, loyal, dormant and lost customers."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Optional

from .explain import Why
from .facts import CustomerFacts
from .settings import Settings

POTENTIAL, NEW, REPEAT, LOYAL, DORMANT, LOST = "潜在", "新客", "老客", "忠诚", "沉睡(临时)", "沉睡(永久)"


@dataclass(slots=True, unsafe_hash=True)
class LifecycleResult:
    stage: str
    why: Why


def _days_since_purchase(f: CustomerFacts, today: date) -> Optional[int]:
    return (today - f.last_purchase).days if f.last_purchase else None


# (stage, rule text with {s.setting} placeholders, test) — first match wins. Loyal comes before dormant: ten orders and a
# purchase within 180 days is loyal even if the last one was 100 days ago.
Rule = Callable[[CustomerFacts, date, Settings], Optional[dict]]


def _blocked(f, today, s):
    return {"勿扰/已屏蔽": "是"} if f.customer.do_not_disturb else None


def _gone_too_long(f, today, s):
    days = _days_since_purchase(f, today)
    return {"未购买天数": days} if f.has_bought and days is not None and days > s.lost_days else None


def _loyal(f, today, s):
    days = _days_since_purchase(f, today)
    if f.purchase_count >= s.loyal_min_orders and days is not None and days <= s.loyal_recent_days:
        return {"订单数": f.purchase_count, "未购买天数": days}
    return None


def _dormant(f, today, s):
    days = _days_since_purchase(f, today)
    return {"未购买天数": days} if f.has_bought and days is not None and days >= s.dormant_days else None


def _one_order(f, today, s):
    return {"订单数": f.purchase_count} if f.has_bought and f.purchase_count <= 1 else None


def _some_orders(f, today, s):
    return {"订单数": f.purchase_count} if f.has_bought else None


def _not_bought(f, today, s):
    return {"聊过": "是" if f.has_talked else "否"}


LIFECYCLE_RULES: tuple[tuple[str, str, Rule], ...] = (
    (LOST, "已屏蔽或勿扰", _blocked),
    (LOST, "超过 {s.lost_days} 天未购买", _gone_too_long),
    (LOYAL, "{s.loyal_min_orders} 单以上且 {s.loyal_recent_days} 天内购买过", _loyal),
    (DORMANT, "{s.dormant_days}–{s.lost_days} 天未购买", _dormant),
    (NEW, "只买过 1 单", _one_order),
    (REPEAT, "买过多单", _some_orders),
    (POTENTIAL, "还没买过", _not_bought),
)


def lifecycle(facts: CustomerFacts, today: date, settings: Settings) -> LifecycleResult:
    for stage, name, test in LIFECYCLE_RULES:
        decided = test(facts, today, settings)
        if decided is not None:
            rule = name.format(s=settings)
            return LifecycleResult(stage, Why(f"{stage}：{rule}", tuple(decided.items())))
    raise AssertionError("the last lifecycle rule always holds")
