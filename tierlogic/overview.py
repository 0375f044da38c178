"""客户分层: every customer read, how each was tiered and what comes next for them (SPEC Round 2).

Unlike the due list, which shows only who is due, this is one row per customer: the way a seller
(and a test) sees what was read and which rule put each customer where.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Mapping, Optional

from .assess import Assessment
from .festivals import festivals_between
from .grade import scheme_for
from .greetings import personal_occasions
from .model import Customer
from .settings import Settings
from .value_tier import TIER_ORDER

OCCASION_LOOKAHEAD_DAYS = 366  # a year ahead: every birthday and festival comes round once


@dataclass(slots=True, unsafe_hash=True)
class NextOccasion:
    date: date
    names: tuple[str, ...]   # a birthday on a festival is both, as in 祝福名单

    def __str__(self) -> str:
        return "、".join(self.names)


@dataclass(slots=True, unsafe_hash=True)
class OverviewRow:
    assessment: Assessment
    next_occasion: Optional[NextOccasion]

    @property
    def customer(self) -> Customer:
        return self.assessment.facts.customer


def next_festival(today: date, settings: Settings) -> Optional[NextOccasion]:
    """The shop's next festival (switched on) from today, the same for every customer."""
    last = min(today + timedelta(days=OCCASION_LOOKAHEAD_DAYS - 1), date(2099, 12, 31))
    found = festivals_between(today, last, settings)
    if not found:
        return None
    first = found[0][0]
    return NextOccasion(first, tuple(name for day, name in found if day == first))


def next_occasion(customer: Customer, first_purchase: Optional[date], festival: Optional[NextOccasion],
                  today: date, settings: Settings) -> Optional[NextOccasion]:
    """The customer's next birthday, first-purchase anniversary or festival, whichever comes first;
    none for a do-not-disturb customer, who is never greeted."""
    if customer.do_not_disturb:
        return None
    last = min(today + timedelta(days=OCCASION_LOOKAHEAD_DAYS - 1), date(2099, 12, 31))
    candidates = personal_occasions(customer, first_purchase, today, last, settings)
    if festival is not None:
        candidates += [(festival.date, name) for name in festival.names]
    if not candidates:
        return None
    first = min(day for day, _ in candidates)
    return NextOccasion(first, tuple(dict.fromkeys(name for day, name in candidates if day == first)))


def _order(row: OverviewRow, grade_order: Mapping[str, int]) -> tuple:
    """Grade (best first in the active scheme), then value tier, then the next follow-up, then name: the order
    SPEC gives 客户分层."""
    a = row.assessment
    return (grade_order.get(a.grade.grade, 99), TIER_ORDER.get(a.tier.tier, 9), a.next_due.due,
            row.customer.name, a.key)


def overview(assessments: Mapping[str, Assessment], today: date, settings: Settings) -> list[OverviewRow]:
    """One row per customer, sorted grade → value tier → next follow-up."""
    festival = next_festival(today, settings)
    rows = [OverviewRow(a, next_occasion(a.facts.customer, a.facts.first_purchase or a.facts.customer.first_purchase,
                                         festival, today, settings))
            for a in assessments.values()]
    order = scheme_for(settings).order
    return sorted(rows, key=lambda r: _order(r, order))

