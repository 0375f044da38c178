"""Every rule applied to every customer of a book: the one place the CLI, the ribbon and the demo call."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Mapping, Optional

from .cadence import NextDue, WorkCalendar, next_due
from .explain import why
from .facts import CustomerFacts, book_facts
from .grade import GradeResult, grade
from .lifecycle import LifecycleResult, lifecycle
from .model import Book
from .post_sale import Touchpoint, open_touchpoints
from .progress import ProgressResult, overall_average_order, progress, weighted_pipeline
from .settings import Settings
from .value_tier import TierResult, value_tiers


@dataclass(frozen=True)
class Assessment:
    facts: CustomerFacts
    grade: GradeResult
    progress: ProgressResult
    lifecycle: LifecycleResult
    tier: TierResult
    next_due: NextDue
    touchpoints: tuple[Touchpoint, ...]

    @property
    def key(self) -> str:
        return self.facts.key


def assess_book(book: Book, today: date, settings: Settings,
                calendar: Optional[WorkCalendar] = None) -> dict[str, Assessment]:
    all_facts = book_facts(book)
    average = overall_average_order(all_facts.values())
    tiers = customer_tiers(all_facts, settings)
    products = {p.name: p for p in book.products}
    result = {}
    for key, f in all_facts.items():
        g = grade(f, today, settings)
        result[key] = Assessment(
            facts=f, grade=g, progress=progress(f, average, settings), lifecycle=lifecycle(f, today, settings),
            tier=tiers[key], next_due=next_due(f, g.grade, today, settings, calendar),
            touchpoints=tuple(open_touchpoints(f, products, settings, today)),
        )
    return result


NO_CONTRIBUTION = TierResult("C", False, why("C：尚未成交，暂无利润贡献"))


def customer_tiers(all_facts: Mapping[str, CustomerFacts], settings: Settings) -> dict[str, TierResult]:
    """Pareto tiers over customers who bought or cost something; the rest are plain C, not 亏损."""
    counted = {k: f.profit for k, f in all_facts.items() if f.has_bought or f.customer.maintenance_cost}
    tiers = value_tiers(counted, settings.tier_a_share, settings.tier_b_share)
    return {k: tiers.get(k, NO_CONTRIBUTION) for k in all_facts}


def pipeline(assessments: dict[str, Assessment]) -> float:
    return weighted_pipeline((a.grade.grade, a.progress) for a in assessments.values())
