"""Follow-up progress a/b/c/d (seed 000): close probability, expected value and the weighted pipeline."""
from __future__ import annotations

from dataclasses import dataclass
from math import fsum
from typing import Iterable, Optional

from .explain import Why, why
from .facts import CustomerFacts
from .settings import Settings

NO_RECORD_LEVEL = "d"


@dataclass(slots=True, unsafe_hash=True)
class ProgressResult:
    level: str
    probability: float
    expected_value: float
    why: Why


def overall_average_order(all_facts: Iterable[CustomerFacts]) -> Optional[float]:
    """Average amount per order whose amount is known, over every customer: the fallback for customers who never bought."""
    count = total = 0.0
    for f in all_facts:
        if f.priced_count > 0 and f.total_amount > 0:
            count += f.priced_count
            total += f.total_amount
    return total / count if count else None


def expected_order_value(facts: CustomerFacts, overall_average: Optional[float], settings: Settings) -> tuple[float, str]:
    """(value, where it came from): own average order, else the shop's average, else the setting."""
    if facts.average_order_value is not None:
        return facts.average_order_value, "本人平均客单价"
    if overall_average is not None:
        return overall_average, "全店平均客单价"
    return settings.default_order_value, "设置中的预计客单价"


def progress(facts: CustomerFacts, overall_average: Optional[float], settings: Settings) -> ProgressResult:
    level = facts.progress or NO_RECORD_LEVEL
    probability = settings.probability[level]
    order_value, source = expected_order_value(facts, overall_average, settings)
    expected = probability * order_value
    reason = why(f"进度 {level}（来自{facts.progress_source}）", 成交概率=f"{probability:.0%}",
                 **{source: round(order_value, 2), "期望值": round(expected, 2)})
    return ProgressResult(level, probability, expected, reason)


def weighted_pipeline(results: Iterable[tuple[str, ProgressResult]]) -> float:
    """Σ expected value over customers not yet S, given (grade, progress) pairs."""
    return fsum(p.expected_value for g, p in results if g != "S")
