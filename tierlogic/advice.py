"""建议动作 as one table (SPEC "Advice that fits the task"): task kind × progress × grade → action, first match wins.

The reason a row is due decides first (a post-sale step, a birthday, reactivation, never contacted),
then the progress a/b/c/d (seed 000: a 催单, b 加强产品认知, c 挖掘需求, d 先开口了解), and only then
the grade. Each action on the due list is one row of this table, so it can say which row chose it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .grade import FUNNEL_RULES, SIX_LEVEL_RULES
from .greetings import BIRTHDAY
from .post_sale import AGREED, NO_REORDER, RECEIVED, REACTIVATE_ACTION, RUNNING_OUT, STAGES

# Task kinds besides the post-sale stages (named by STAGES) and BIRTHDAY.
FOLLOW_UP = "跟进"            # the grade's cadence, or the seller's own next date
NEVER_CONTACTED = "从未联系"  # a cadence follow-up with no contact on record
REACTIVATE = "唤醒"           # a dormant customer (seed 002)
# Follow-ups are the standing reason to talk; any other kind is an event that gives its own reason.
FOLLOW_UPS = frozenset({FOLLOW_UP, NEVER_CONTACTED})

_SIX_LEVEL_ACTION = {r.grade: r.action for r in SIX_LEVEL_RULES}
_FUNNEL_ACTION = {r.grade: r.action for r in FUNNEL_RULES}


@dataclass(frozen=True)
class AdviceRule:
    """One row of the table; an empty progress or grades column matches every value."""

    number: int               # its row in the table, counted from 1, as a seller would cite it
    kinds: frozenset[str]
    progress: frozenset[str]
    grades: frozenset[str]    # only letters one scheme alone uses (S, F; the funnel's E): A–D mean different things in each
    action: str

    def matches(self, kind: str, progress: str, grade: str) -> bool:
        return (kind in self.kinds and (not self.progress or progress in self.progress)
                and (not self.grades or grade in self.grades))

    @property
    def follow_up(self) -> bool:
        return self.kinds <= FOLLOW_UPS

    def __str__(self) -> str:
        def shown(values: frozenset[str], anything: str) -> str:
            return "/".join(sorted(values)) if values else anything
        return (f"建议规则 {self.number}：{shown(self.kinds, '任意')} × 进度 {shown(self.progress, '任意')}"
                f" × 级别 {shown(self.grades, '任意')} → {self.action}")


def _table(*rows: tuple[Iterable[str], Iterable[str], Iterable[str], str]) -> tuple[AdviceRule, ...]:
    return tuple(AdviceRule(n, frozenset(k), frozenset(p), frozenset(g), a) for n, (k, p, g, a) in enumerate(rows, 1))


ADVICE_RULES: tuple[AdviceRule, ...] = _table(
    # Post-sale steps in seed 000's words, then the events.
    *(((STAGES[s][0],), (), (), STAGES[s][1]) for s in (AGREED, RECEIVED, RUNNING_OUT)),
    ((STAGES[NO_REORDER][0], REACTIVATE), (), (), REACTIVATE_ACTION),
    ((BIRTHDAY,), (), (), "私聊发生日祝福（祝福语见祝福名单）"),
    # Follow-ups by progress, in seed 000's words for what each level still needs.
    (FOLLOW_UPS, ("a",), (), "还差最后一步：打消稍许顾虑，该催单"),
    (FOLLOW_UPS, ("b",), (), "继续加大宣传力度，加强对产品的认知和认可"),
    (FOLLOW_UPS, ("c",), (), "挖掘需求，弄清购买意图是否强烈"),
    # At d (also: nothing recorded) the grade knows more: a buyer is no stranger, and F/E are group-only.
    (FOLLOW_UPS, ("d",), ("S",), _SIX_LEVEL_ACTION["S"]),
    (FOLLOW_UPS, ("d",), ("F",), _SIX_LEVEL_ACTION["F"]),
    (FOLLOW_UPS, ("d",), ("E",), _FUNNEL_ACTION["E"]),
    ((NEVER_CONTACTED,), ("d",), (), "还没开始聊：先打个招呼，了解对方的基本信息"),
    ((FOLLOW_UP,), ("d",), (), "先开口聊，了解对方的基本信息"),
)


def advice_for(kind: str, progress: str, grade: str) -> AdviceRule:
    """The first row of ADVICE_RULES that holds for one task."""
    found = next((r for r in ADVICE_RULES if r.matches(kind, progress, grade)), None)
    if found is None:
        raise ValueError(f"no advice for task kind {kind!r}, progress {progress!r}, grade {grade!r}")
    return found


def row_advice(kinds: Iterable[str], progress: str, grade: str) -> tuple[AdviceRule, ...]:
    """The advice for one due-list row that merges tasks of `kinds`: each task's row, most specific first,
    each row once (no two rows share an action). A follow-up's advice is dropped when an event (a post-sale step, a birthday,
    reactivation) shares the row: the event is what the one conversation is about."""
    rules = sorted({advice_for(k, progress, grade) for k in kinds}, key=lambda r: r.number)
    events = [r for r in rules if not r.follow_up]
    return tuple(events or rules)
