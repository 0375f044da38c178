"""Reminders on the phone (SPEC "Reminders on the phone"): the calendar events a plan gives, their day, words and UID."""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, time
from typing import Mapping, Optional

from .cadence import WorkCalendar
from .advice import FOLLOW_UP as CADENCE_TASK, advice_for
from .daily import Plan, plan
from .due_list import DueRow
from .greetings import BIRTHDAY, BROADCAST, FIRST_PURCHASE_ANNIVERSARY, NEUTRAL_PRODUCT, GreetingRow, greeting_text
from .model import Book, Customer
from .settings import Settings, clock_time

FOLLOW_UP, GREETING = "联系", "祝福"
# The kind as the UID spells it: ASCII, and never to change, or every phone would get each event twice.
_UID_KINDS = {FOLLOW_UP: "follow-up", GREETING: "greeting"}
# Occasions that name one person: greeted one by one, even when the festivals of that day go to the group.
_PERSONAL = {BIRTHDAY, FIRST_PURCHASE_ANNIVERSARY}
# {称呼} in the one message that goes to a group or 朋友圈.
EVERYONE = "大家"


@dataclass(frozen=True)
class Reminder:
    """One all-day calendar event with an alarm at `alarm` on its day (the phone's own time zone)."""

    uid: str
    day: date
    summary: str
    description: str
    alarm: time


def window_plan(book: Book, today: date, days: int, settings: Settings,
                calendar: Optional[WorkCalendar] = None) -> Plan:
    """The day plan over today … today + days, both included: 待办 built as always, only reaching further."""
    return plan(book, today, replace(settings, upcoming_days=days), calendar, today, days + 1)


def reminder_uid(who: str, kind: str, day: date) -> str:
    """The same customer (or group), kind and date give the same UID on every export, so importing again updates
    the event instead of adding it twice."""
    digest = hashlib.sha256(who.encode("utf-8")).hexdigest()[:16]
    return f"{day:%Y%m%d}-{_UID_KINDS[kind]}-{digest}@tierbook"


def reminders(day_plan: Plan, settings: Settings) -> list[Reminder]:
    """A 联系 event per due row, a 祝福 event per personal greeting, and one per day for each festival greeting that
    goes to the group (群发/朋友圈): one post, not 300 alarms. Do-not-disturb customers are in neither list."""
    alarm = clock_time(settings.reminder_time)
    events = [event for row in day_plan.due_rows if (event := _follow_up(row, day_plan.today, alarm))]
    to_group: dict[tuple[date, tuple[str, ...]], list[GreetingRow]] = defaultdict(list)
    for g in day_plan.greetings:
        if g.channel == BROADCAST and not _PERSONAL & set(g.occasions):
            to_group[(g.date, g.occasions)].append(g)
        else:
            events.append(_greeting(g, day_plan.assessments[g.key].facts.customer, alarm))
    events += [_group_greeting(rows, settings, alarm) for rows in to_group.values()]
    return sorted(events, key=lambda e: (e.day, e.uid))


def _lines(entries: Mapping[str, Optional[str]]) -> str:
    return "\n".join(f"{label}：{value}" for label, value in entries.items() if value)


def _follow_up(row: DueRow, today: date, alarm: time) -> Optional[Reminder]:
    """The row on its day, overdue work on today. Its UID keeps the row's own date, so an overdue event moves to
    today on the next import instead of staying behind. A birthday is left to the 祝福 event, which has the words."""
    reasons = [w for w in row.reasons if w.rule != BIRTHDAY]
    if not reasons:
        return None
    actions = [rule.action for rule in row.advice if BIRTHDAY not in rule.kinds]
    if not actions:  # the birthday's advice stood for the whole row; what is left of it is a follow-up
        actions = [advice_for(CADENCE_TASK, row.progress, row.grade).action]
    heads = "、".join(dict.fromkeys(w.rule.split("：")[0] for w in reasons))
    summary = f"{FOLLOW_UP} {row.name}（{row.grade}）：{heads}，{actions[0].split('，')[0]}"
    description = _lines({
        "原因": "\n".join(map(str, reasons)),
        "建议": "\n".join(actions),
        "逾期": f"{row.days_overdue} 天（应在 {row.due.isoformat()}）" if row.days_overdue else None,
        "手机": row.phone,
        "微信": row.wechat,
    })
    return Reminder(reminder_uid(row.customer, FOLLOW_UP, row.due), max(row.due, today), summary, description, alarm)


def _greeting(g: GreetingRow, customer: Customer, alarm: time) -> Reminder:
    sources = dict(g.why.facts)
    occasions = "、".join(f"{o}（{sources[o]}）" if o == BIRTHDAY else o for o in g.occasions)
    advice = f"{g.channel}发送下面的祝福语" + (f"，红包 {g.red_packet:g} 元" if g.red_packet is not None else "")
    description = _lines({
        "原因": str(g.why),
        "建议": advice,
        "手机": customer.phone,
        "微信": customer.wechat,
        "祝福语": "\n" + g.text,
    })
    return Reminder(reminder_uid(g.key, GREETING, g.date), g.date, f"{GREETING} {g.name}：{occasions}", description, alarm)


def _group_greeting(rows: list[GreetingRow], settings: Settings, alarm: time) -> Reminder:
    """One post for everyone greeted through the group on that day for the same festivals."""
    first = rows[0]
    occasions = "、".join(first.occasions)
    sources = dict(first.why.facts)
    description = _lines({
        "原因": "\n".join(f"{o}（{sources[o]}）" for o in first.occasions),
        "建议": f"{BROADCAST}发一条下面的祝福语",
        f"名单（{len(rows)} 位）": "、".join(g.name for g in rows),
        "祝福语": "\n" + greeting_text(Customer("", EVERYONE), list(first.occasions), NEUTRAL_PRODUCT, settings),
    })
    return Reminder(reminder_uid(f"{BROADCAST}：{occasions}", GREETING, first.date), first.date,
                    f"{GREETING} {BROADCAST}：{occasions}（{len(rows)} 位）", description, alarm)
