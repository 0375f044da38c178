"""建议动作 as one table (SPEC "Advice that fits the task"): task kind × progress × grade → action, first match wins.

The reason a row is due decides first (a post-sale step, a birthday, reactivation, never contacted),
then the progress a/b/c/d (seed 000: a 催单, b 加强产品认知, c 挖掘需求, d 先开口了解), and only then
the grade: at d a level of seed 001's scales says what to do in the seed's words. Each action on the due
list is one row of this table, so it can say which row chose it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .grade import FUNNEL_SCHEME, SIX_LEVEL_SCHEME
from .greetings import BIRTHDAY
from .post_sale import AGREED, NO_REORDER, RECEIVED, REACTIVATE_ACTION, RUNNING_OUT, STAGES
from .scales import BOUGHT, INTENT_SCHEME, RELATION_SCHEME, STAGE_SCHEME

# Task kinds besides the post-sale stages (named by STAGES) and BIRTHDAY.
FOLLOW_UP = "跟进"            # the grade's cadence, or the seller's own next date
NEVER_CONTACTED = "从未联系"  # a cadence follow-up with no contact on record
REACTIVATE = "唤醒"           # a dormant customer (seed 002)
# Follow-ups are the standing reason to talk; any other kind is an event that gives its own reason.
FOLLOW_UPS = frozenset({FOLLOW_UP, NEVER_CONTACTED})



@dataclass(frozen=True)
class AdviceRule:
    """One row of the table; an empty progress or grades column matches every value."""

    number: int               # its row in the table, counted from 1, as a seller would cite it
    kinds: frozenset[str]
    progress: frozenset[str]
    grades: frozenset[str]    # without `schemes`, only codes one meaning has (S, F, E, 已成交): A–D mean different things
    action: str
    schemes: frozenset[str] = frozenset()  # grade_scheme values it holds for; empty: any

    def matches(self, kind: str, progress: str, grade: str, scheme: str) -> bool:
        return (kind in self.kinds and (not self.progress or progress in self.progress)
                and (not self.grades or grade in self.grades) and (not self.schemes or scheme in self.schemes))

    @property
    def follow_up(self) -> bool:
        return self.kinds <= FOLLOW_UPS

    def __str__(self) -> str:
        def shown(values: frozenset[str], anything: str) -> str:
            return "/".join(sorted(values)) if values else anything
        scheme = f" × 方案 {shown(self.schemes, '任意')}" if self.schemes else ""
        return (f"建议规则 {self.number}：{shown(self.kinds, '任意')} × 进度 {shown(self.progress, '任意')}"
                f"{scheme} × 级别 {shown(self.grades, '任意')} → {self.action}")


def _table(*rows: tuple) -> tuple[AdviceRule, ...]:
    """Rows of (kinds, progress, grades, action[, schemes])."""
    return tuple(AdviceRule(n, frozenset(k), frozenset(p), frozenset(g), a, frozenset(rest[0] if rest else ()))
                 for n, (k, p, g, a, *rest) in enumerate(rows, 1))


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
    (FOLLOW_UPS, ("d",), ("S", BOUGHT), SIX_LEVEL_SCHEME.level("S").action),
    (FOLLOW_UPS, ("d",), ("F",), SIX_LEVEL_SCHEME.level("F").action),
    (FOLLOW_UPS, ("d",), ("E",), FUNNEL_SCHEME.level("E").action),
    # Seed 001's scales give every level its own action, so at d the level the seller recorded speaks for itself.
    *((FOLLOW_UPS, ("d",), (level.code,), level.action, (scheme.key,))
      for scheme in (INTENT_SCHEME, RELATION_SCHEME, STAGE_SCHEME) for level in scheme.levels if level.code != BOUGHT),
    ((NEVER_CONTACTED,), ("d",), (), "还没开始聊：先打个招呼，了解对方的基本信息"),
    ((FOLLOW_UP,), ("d",), (), "先开口聊，了解对方的基本信息"),
)


def advice_for(kind: str, progress: str, grade: str, scheme: str = SIX_LEVEL_SCHEME.key) -> AdviceRule:
    """The first row of ADVICE_RULES that holds for one task of a customer graded by `scheme`."""
    found = next((r for r in ADVICE_RULES if r.matches(kind, progress, grade, scheme)), None)
    if found is None:
        raise ValueError(f"no advice for task kind {kind!r}, progress {progress!r}, grade {grade!r}")
    return found


def row_advice(kinds: Iterable[str], progress: str, grade: str,
               scheme: str = SIX_LEVEL_SCHEME.key) -> tuple[AdviceRule, ...]:
    """The advice for one due-list row that merges tasks of `kinds`: each task's row, most specific first,
    each row once (no two rows share an action). A follow-up's advice is dropped when an event (a post-sale step, a birthday,
    reactivation) shares the row: the event is what the one conversation is about."""
    rules = sorted({advice_for(k, progress, grade, scheme) for k in kinds}, key=lambda r: r.number)
    events = [r for r in rules if not r.follow_up]
    return tuple(events or rules)
