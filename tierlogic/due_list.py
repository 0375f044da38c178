"""The due list 待办: every task for every customer merged into one row per customer per day.

Overdue tasks and today's tasks of a customer share one row (it is all work for today);
later tasks get one row per day. Rows run overdue → today → the next days, and within each
by priority: grade, value tier, close probability, days overdue.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Mapping, Optional

from .advice import FOLLOW_UP, NEVER_CONTACTED, REACTIVATE, AdviceRule, row_advice
from .assess import Assessment
from .explain import Why, why
from .facts import in_order
from .grade import scheme_for
from .lifecycle import DORMANT, LOST
from .settings import Settings
from .value_tier import TIER_ORDER

OVERDUE, TODAY, UPCOMING = "逾期", "今天", "未来"
_SECTION_ORDER = {OVERDUE: 0, TODAY: 1, UPCOMING: 2}


@dataclass(slots=True, unsafe_hash=True)
class Task:
    customer: str
    due: date
    kind: str        # a task kind of tierlogic.advice: 跟进 / 从未联系 / a post-sale stage / 唤醒 / 生日
    why: Why


@dataclass(slots=True, unsafe_hash=True)
class DueRow:
    due: date                  # the earliest task date merged into this row
    days_overdue: int
    section: str
    customer: str
    name: str
    grade: str
    value_tier: str
    lifecycle: str
    progress: str
    probability: float
    reasons: tuple[Why, ...]
    actions: tuple[str, ...]   # the actions of `advice`, in its order
    last_contact: Optional[date]
    phone: Optional[str]
    wechat: Optional[str]
    score: Optional[float] = None
    advice: tuple[AdviceRule, ...] = ()  # the rows of the advice table that chose `actions`
    behaviour: str = ""        # 消费行为 and 价值分类 (tierlogic.classes): extra columns beside the grade
    value_class: str = ""


def reactivation_task(a: Assessment, settings: Settings) -> Optional[Task]:
    """Seed 002: a dormant customer is asked why they stopped, on the day they turn dormant,
    then again every `dormant_recontact_days` after the last contact."""
    f = a.facts
    if a.lifecycle.stage != DORMANT or f.last_purchase is None:
        return None
    turned = f.last_purchase + timedelta(days=settings.dormant_days)
    due = turned
    if f.last_logged_contact is not None and f.last_logged_contact >= turned:
        due = f.last_logged_contact + timedelta(days=settings.dormant_recontact_days)
    return Task(f.key, due, REACTIVATE, why("沉睡客户唤醒", 最后购买=f.last_purchase, 沉睡起始=turned))


def customer_tasks(a: Assessment, settings: Settings) -> list[Task]:
    """Cadence follow-up, open post-sale touchpoints and reactivation for one customer.

    Lost customers (沉睡(永久)) get no cadence task: a monthly nudge to someone gone a year
    is noise; their open post-sale touchpoints still show.
    """
    tasks = []
    if a.lifecycle.stage != LOST:
        kind = NEVER_CONTACTED if a.facts.last_contact is None else FOLLOW_UP
        tasks.append(Task(a.key, a.next_due.due, kind, a.next_due.why))
    tasks += [Task(a.key, t.due, t.name, Why(f"{t.name}：{t.why.rule}", t.why.facts)) for t in a.touchpoints]
    reactivate = reactivation_task(a, settings)
    if reactivate is not None:
        tasks.append(reactivate)
    return tasks


def _row(a: Assessment, tasks: list[Task], today: date, settings: Settings) -> DueRow:
    tasks = in_order(tasks, lambda t: (t.due, t.kind), lambda t: str(t.why))
    first = tasks[0].due
    overdue = max(0, (today - first).days)
    section = OVERDUE if overdue else TODAY if first <= today else UPCOMING
    advice = row_advice((t.kind for t in tasks), a.progress.level, a.grade.grade, settings.grade_scheme)
    c = a.facts.customer
    return DueRow(
        due=first, days_overdue=overdue, section=section, customer=a.key, name=c.name,
        grade=a.grade.grade, value_tier=a.tier.tier, lifecycle=a.lifecycle.stage,
        progress=a.progress.level, probability=a.progress.probability,
        reasons=tuple(t.why for t in tasks), actions=tuple(r.action for r in advice),
        last_contact=a.facts.last_contact, phone=c.phone, wechat=c.wechat, score=a.score, advice=advice,
        behaviour=a.behaviour.code, value_class=a.value_class.code,
    )


def _priority(row: DueRow, grade_order: Mapping[str, int]) -> tuple:
    return (_SECTION_ORDER[row.section], row.due if row.section == UPCOMING else date.min,
            grade_order.get(row.grade, 99), TIER_ORDER.get(row.value_tier, 9), -row.probability,
            -row.days_overdue, row.name, row.customer)


def due_horizon(today: date, settings: Settings) -> date:
    """The last day the due list reaches: today + settings.upcoming_days."""
    return today + timedelta(days=settings.upcoming_days)


def due_groups(assessments: Mapping[str, Assessment], today: date, settings: Settings,
               extra_tasks: Iterable[Task] = ()) -> dict[tuple[str, date], list[Task]]:
    """The tasks due up to today + settings.upcoming_days, one group per customer per day (overdue work on today),
    do-not-disturb customers left out: what becomes one row of the due list."""
    horizon = due_horizon(today, settings)
    tasks = [t for a in assessments.values() for t in customer_tasks(a, settings)]
    tasks += list(extra_tasks)
    groups: dict[tuple[str, date], list[Task]] = defaultdict(list)
    for t in tasks:
        a = assessments.get(t.customer)
        if a is None or a.facts.customer.do_not_disturb or t.due > horizon:
            continue
        groups[(t.customer, max(t.due, today))].append(t)
    return groups


def due_list(assessments: Mapping[str, Assessment], today: date, settings: Settings,
             extra_tasks: Iterable[Task] = ()) -> list[DueRow]:
    """Rows for tasks due up to today + settings.upcoming_days; do-not-disturb customers are left out."""
    groups = due_groups(assessments, today, settings, extra_tasks)
    rows = [_row(assessments[key], group, today, settings) for (key, _), group in groups.items()]
    order = scheme_for(settings).order
    return sorted(rows, key=lambda r: _priority(r, order))
