"""The numbers of 看板 (SPEC "看板"): counts by grade and lifecycle, the profit Pareto curve, the weighted pipeline,
the next two weeks' tasks and greetings, and a few headline numbers, from one day's plan."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from math import fsum
from typing import Mapping, Optional, Sequence

from .assess import Assessment, pipeline as total_pipeline
from .daily import Plan, birthday_tasks
from .due_list import due_groups
from .grade import scheme_for
from .lifecycle import DORMANT, LOST, LOYAL, NEW, POTENTIAL, REPEAT
from .progress import weighted_pipeline
from .settings import Settings
from .value_tier import TIER_ORDER

FORTNIGHT = 14
LIFECYCLE_ORDER = (POTENTIAL, NEW, REPEAT, LOYAL, DORMANT, LOST)  # as a customer lives them
PARETO_STEPS = 10  # the curve at 0%, 10%, … 100% of the profit-making customers


@dataclass(frozen=True)
class Headline:
    label: str
    value: Optional[float]   # None: nothing to divide by (no buyers, no profit)
    share: bool = False      # a share, shown as a percentage


@dataclass(frozen=True)
class ParetoPoint:
    customer_share: float    # the top customers by profit, as a share of the profit-making ones
    profit_share: float      # their share of the total profit


@dataclass(frozen=True)
class PipelineStep:
    progress: str
    customers: int
    expected_value: float    # Σ expected value, S customers left out as in weighted_pipeline


@dataclass(frozen=True)
class TaskDay:
    day: date
    overdue: int             # rows overdue, all on today: that is when they are done
    due: int


@dataclass(frozen=True)
class Board:
    headlines: tuple[Headline, ...]
    grades: tuple[tuple[str, int], ...]
    lifecycles: tuple[tuple[str, int], ...]
    pareto: tuple[ParetoPoint, ...]
    tier_counts: tuple[tuple[str, int], ...]
    pipeline: tuple[PipelineStep, ...]
    tasks: tuple[TaskDay, ...]
    greetings: tuple[tuple[str, int], ...]
    a_share: float
    b_share: float


def _counts(values: Sequence[str], order: Sequence[str]) -> tuple[tuple[str, int], ...]:
    """Every level of `order` (zero included, so the chart keeps its axis) and any other value seen after them."""
    seen = Counter(values)
    return tuple((level, seen[level]) for level in dict.fromkeys([*order, *sorted(seen)]))


def grade_counts(assessments: Mapping[str, Assessment], settings: Settings) -> tuple[tuple[str, int], ...]:
    return _counts([a.grade.grade for a in assessments.values()], scheme_for(settings).codes)


def lifecycle_counts(assessments: Mapping[str, Assessment]) -> tuple[tuple[str, int], ...]:
    return _counts([a.lifecycle.stage for a in assessments.values()], LIFECYCLE_ORDER)


def tier_counts(assessments: Mapping[str, Assessment]) -> tuple[tuple[str, int], ...]:
    return _counts([a.tier.tier for a in assessments.values()], list(TIER_ORDER))


def pareto(profits: Sequence[float]) -> tuple[ParetoPoint, ...]:
    """The cumulative share of profit held by the top 0%, 10%, … 100% of the profit-making customers (rounded up to
    whole customers); customers without profit hold none and would only flatten the curve, so they are left out."""
    ranked = sorted((p for p in profits if p > 0), reverse=True)
    total = fsum(ranked)
    if not ranked:
        return ()
    points = []
    for step in range(PARETO_STEPS + 1):
        top = -(-len(ranked) * step // PARETO_STEPS)
        points.append(ParetoPoint(step / PARETO_STEPS, fsum(ranked[:top]) / total))
    return tuple(points)


def pipeline(assessments: Mapping[str, Assessment], settings: Settings) -> tuple[PipelineStep, ...]:
    steps = []
    for level in sorted(settings.probability):
        those = [a for a in assessments.values() if a.progress.level == level]
        value = weighted_pipeline((a.grade.grade, a.progress) for a in those)
        steps.append(PipelineStep(level, len(those), value))
    return tuple(steps)


def fortnight_rows(plan: Plan, settings: Settings) -> list[date]:
    """The day of each row the due list would have over today and the next 13 days (its earliest task: before
    today is overdue), birthdays from the plan's greetings (as far as they reach). Only counted, so no row is built."""
    wide = replace(settings, upcoming_days=FORTNIGHT - 1)
    groups = due_groups(plan.assessments, plan.today, wide, birthday_tasks(list(plan.greetings)))
    return [min(t.due for t in tasks) for tasks in groups.values()]


def task_days(rows: Sequence[date], today: date) -> tuple[TaskDay, ...]:
    overdue = sum(1 for first in rows if first < today)
    due = Counter(first for first in rows if first >= today)
    days = [today + timedelta(days=i) for i in range(FORTNIGHT)]
    return tuple(TaskDay(day, overdue if day == today else 0, due[day]) for day in days)


def greeting_counts(greetings: Sequence) -> tuple[tuple[str, int], ...]:
    """Greetings ahead per occasion (a row with a birthday on 中秋 counts for both), busiest first."""
    seen = Counter(occasion for g in greetings for occasion in g.occasions)
    return tuple(sorted(seen.items(), key=lambda kv: (-kv[1], kv[0])))


def _share(part: float, whole: float) -> Optional[float]:
    return part / whole if whole else None


def headlines(assessments: Mapping[str, Assessment], rows: Sequence[date], today: date) -> tuple[Headline, ...]:
    facts = [a.facts for a in assessments.values()]
    buyers = [f for f in facts if f.has_bought]
    profits = [f.profit for f in facts if f.profit > 0]
    tier_a = [a.facts.profit for a in assessments.values() if a.tier.tier == "A" and a.facts.profit > 0]
    return (
        Headline("客户数", len(facts)),
        Headline("购买客户", len(buyers)),
        Headline("复购率（买过 2 单以上 / 购买客户）", _share(sum(1 for f in buyers if f.purchase_count >= 2), len(buyers)),
                 share=True),
        Headline("A 类客户利润占比", _share(fsum(tier_a), fsum(profits)), share=True),
        Headline("今天逾期待办", sum(1 for first in rows if first < today)),
        Headline("加权预期成交金额", total_pipeline(dict(assessments))),
    )


def board(plan: Plan, settings: Settings) -> Board:
    assessments = plan.assessments
    rows = fortnight_rows(plan, settings)
    return Board(
        headlines=headlines(assessments, rows, plan.today),
        grades=grade_counts(assessments, settings),
        lifecycles=lifecycle_counts(assessments),
        pareto=pareto([a.facts.profit for a in assessments.values()]),
        tier_counts=tier_counts(assessments),
        pipeline=pipeline(assessments, settings),
        tasks=task_days(rows, plan.today),
        greetings=greeting_counts(plan.greetings),
        a_share=settings.tier_a_share,
        b_share=settings.tier_b_share,
    )
