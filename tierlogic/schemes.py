"""A way of sorting customers as one value: its levels best first, each with the seed's action, and its rules.

Every grading scheme (tierlogic.grade, tierlogic.scales) and both extra classes (tierlogic.classes) are a
Scheme: the rules are tried in order and the first that holds gives the level, like Excel's IFS, and the
result says which rule that was. How often each level is followed up is a setting (`cadence_setting`), so the
seller sees and edits it in 设置.
"""
from __future__ import annotations

import math
from functools import cached_property, lru_cache
from string import Formatter
from dataclasses import dataclass
from datetime import date
from typing import Callable, Optional

from .explain import Why
from .facts import CustomerFacts
from .settings import Settings


# What a buyer needs, in seed 000's words: the six levels' S, and the level a buyer gets on a scale that stops
# before the sale (intent, relationship) when the seller recorded none.
AFTER_SALE_ACTION = "成交客户：做好售后与复购"


@dataclass(frozen=True)
class Level:
    code: str                  # what the 级别 column shows and what a seller types: "S", "3级", "尝试期"
    name: str                  # the level in the seed's words
    action: str                # what to do with such a customer, in the seed's words where it gives them
    number: Optional[int] = None   # the seed's number for it, so 3级/三级/L3/第三阶段 all read as this level
    words: tuple[str, ...] = ()    # other names a seller writes for it: 泛粉, 悔单, 心理尝试期


@dataclass(slots=True, unsafe_hash=True)
class BookContext:
    """What a class needs to know about the rest of the book: where the top amounts begin, and this
    customer's Pareto value tier. Grading schemes look at the customer alone."""

    top_amount: float = math.inf
    value_tier: str = "C"


# A test returns the facts that decided it (truthy or {}) or None when the rule does not hold.
Test = Callable[[CustomerFacts, date, Settings, BookContext], Optional[dict]]


@dataclass(frozen=True)
class Rule:
    code: str     # the level it gives
    name: str     # the rule in the seller's words, shown in explanations; {setting} names a setting's value
    test: Test


@dataclass(slots=True, unsafe_hash=True)
class Classified:
    """A customer's level in one scheme, the level's action and the rule that chose it."""

    code: str
    action: str
    why: Why

    @property
    def grade(self) -> str:  # a grading scheme's level is the customer's grade
        return self.code


@dataclass(frozen=True)
class Scheme:
    key: str                                  # the value of 设置 grade_scheme, or the class's own name
    title: str                                # its name in the seed
    levels: tuple[Level, ...]                 # best first: the order 待办 and 客户分层 sort by
    rules: tuple[Rule, ...]                   # first match wins; the last always holds
    cadence_setting: Optional[str] = None     # the Settings field with the follow-up days per level
    recorded_field: Optional[str] = None      # the Customer/Contact field where the seller records a level

    def __post_init__(self):
        codes = self.codes
        assert len(set(codes)) == len(codes), f"{self.key}: level codes repeat"
        assert {r.code for r in self.rules} <= set(codes), f"{self.key}: a rule gives a level the scheme lacks"

    # Looked up for every customer of a book: built once per scheme.
    @cached_property
    def codes(self) -> tuple[str, ...]:
        return tuple(level.code for level in self.levels)

    @cached_property
    def _level_of(self) -> dict[str, Level]:
        return {level.code: level for level in self.levels}

    @property
    def recorded_levels(self) -> tuple[Level, ...]:
        """The levels a seller records in `recorded_field`: those the seed numbers (not 已成交, which a sale decides)."""
        return tuple(level for level in self.levels if level.number is not None)

    @property
    def order(self) -> dict[str, int]:
        return {code: i for i, code in enumerate(self.codes)}

    def level(self, code: str) -> Level:
        return self._level_of[code]

    def classify(self, facts: CustomerFacts, today: date, settings: Settings,
                 context: BookContext = BookContext()) -> Classified:
        for rule in self.rules:
            decided = rule.test(facts, today, settings, context)
            if decided is not None:
                name = _filled(rule.name, settings)
                return Classified(rule.code, self.level(rule.code).action,
                                  Why(f"{rule.code}：{name}", tuple(decided.items())))
        raise AssertionError(f"{self.key}: the last rule always holds")


def _filled(name: str, settings: Settings) -> str:
    if "{" not in name:  # most names have no setting in them; skip gathering them for every customer
        return name
    return name.format(**{key: getattr(settings, key) for key in _settings_named(name)})


@lru_cache(maxsize=None)  # a rule's name is filled for every customer; there are only a few dozen names
def _settings_named(name: str) -> tuple[str, ...]:
    return tuple(key for _, key, _, _ in Formatter().parse(name) if key)


def always(f: CustomerFacts, today: date, s: Settings, context: BookContext) -> Optional[dict]:
    return {}


def has_bought(f: CustomerFacts, today: date, s: Settings, context: BookContext) -> Optional[dict]:
    if f.has_bought:
        return {"购买次数": f.purchase_count, "累计金额": f.total_amount}
    return None


def recorded(field: str, label: str, code: str) -> Test:
    """Holds when the seller's latest recorded level in `field` is `code`."""
    def test(f: CustomerFacts, today: date, s: Settings, context: BookContext) -> Optional[dict]:
        level, source = f.recorded_level(field)
        return {label: level, "来自": source} if level == code else None
    return test


def recorded_rules(scheme_levels: tuple[Level, ...], field: str, label: str) -> tuple[Rule, ...]:
    """One rule per level: the level the seller recorded wins over anything computed."""
    return tuple(Rule(level.code, f"记录的{label}", recorded(field, label, level.code)) for level in scheme_levels)
