"""Every rule applied to every customer of a book: the one place the CLI, the ribbon and the demo call."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Mapping, Optional

from .cadence import NextDue, WorkCalendar, next_due
from .classes import BEHAVIOUR_SCHEME, VALUE_SCHEME, top_amount
from .facts import CustomerFacts, book_facts
from .grade import GradeResult, grade
from .lifecycle import LifecycleResult, lifecycle
from .model import Book
from .post_sale import Touchpoint, split_touchpoints
from .progress import ProgressResult, overall_average_order, progress, weighted_pipeline
from .schemes import BookContext, Classified
from .settings import Settings
from .value_tier import TierResult, value_tiers, weighted_scores


@dataclass(slots=True, unsafe_hash=True)
class Assessment:
    facts: CustomerFacts
    grade: GradeResult
    progress: ProgressResult
    lifecycle: LifecycleResult
    tier: TierResult
    next_due: NextDue
    touchpoints: tuple[Touchpoint, ...]
    behaviour: Classified           # 消费行为 VIP … 流失 (tierlogic.classes)
    value_class: Classified         # 价值分类 黄金 … 休眠
    score: Optional[float] = None   # the weighted score, when the seller chose weights
    lapsed: int = 0                 # post-sale steps never done and past post_sale_expiry_days: counted, not asked

    @property
    def key(self) -> str:
        return self.facts.key


def assess_book(book: Book, today: date, settings: Settings,
                calendar: Optional[WorkCalendar] = None) -> dict[str, Assessment]:
    all_facts = book_facts(book)
    average = overall_average_order(all_facts.values())
    tiers = customer_tiers(all_facts, settings)
    scores = customer_scores(all_facts, today, settings)
    products = {p.name: p for p in book.products}
    top = top_amount((f.total_amount for f in all_facts.values() if f.has_bought), settings.top_amount_share)
    result = {}
    for key, f in all_facts.items():
        g = grade(f, today, settings)
        context = BookContext(top, tiers[key].tier)
        touchpoints, lapsed = split_touchpoints(f, products, settings, today)
        result[key] = Assessment(
            facts=f, grade=g, progress=progress(f, average, settings), lifecycle=lifecycle(f, today, settings),
            tier=tiers[key], next_due=next_due(f, g.grade, today, settings, calendar),
            touchpoints=tuple(touchpoints), lapsed=len(lapsed),
            score=scores.get(key), behaviour=BEHAVIOUR_SCHEME.classify(f, today, settings, context),
            value_class=VALUE_SCHEME.classify(f, today, settings, context),
        )
    return result


def _recency(f: CustomerFacts, today: date) -> float:
    """More recent is better: minus the days since the last purchase (never bought ranks last)."""
    return -(today - f.last_purchase).days if f.last_purchase else float("-inf")


SCORE_MEASURE_OF: dict[str, Callable[[CustomerFacts, date], float]] = {
    "购买次数": lambda f, today: f.purchase_count,
    "累计金额": lambda f, today: f.total_amount,
    "利润贡献": lambda f, today: f.profit,
    "最近购买": _recency,
}


def customer_scores(all_facts: Mapping[str, CustomerFacts], today: date, settings: Settings) -> dict[str, float]:
    """The weighted score (0–100) of every customer, or nothing when no weights are set."""
    if not settings.score_weights:
        return {}
    columns = {name: {k: SCORE_MEASURE_OF[name](f, today) for k, f in all_facts.items()}
               for name in settings.score_weights}
    return weighted_scores(columns, settings.score_weights)


NO_CONTRIBUTION = TierResult("C", False)


def customer_tiers(all_facts: Mapping[str, CustomerFacts], settings: Settings) -> dict[str, TierResult]:
    """Pareto tiers over customers who bought or cost something; the rest are plain C, not 亏损."""
    counted = {k: f.profit for k, f in all_facts.items() if f.has_bought or f.customer.maintenance_cost}
    tiers = value_tiers(counted, settings.tier_a_share, settings.tier_b_share)
    return {k: tiers.get(k, NO_CONTRIBUTION) for k in all_facts}


def pipeline(assessments: dict[str, Assessment]) -> float:
    return weighted_pipeline((a.grade.grade, a.progress) for a in assessments.values())
