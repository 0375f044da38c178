"""Why a result came out as it did: the rule that fired and the values that decided it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


def _show(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else f"{value:.0f}"
    return str(value)


@dataclass(slots=True, unsafe_hash=True)
class Why:
    """A rule name (Chinese, as the seller reads it) plus (label, value) facts.

    str(Why("已购买", (("订单数", 3),))) == "已购买（订单数=3）"
    """

    rule: str
    facts: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        if not self.facts:
            return self.rule
        shown = "，".join(f"{label}={_show(value)}" for label, value in self.facts)
        return f"{self.rule}（{shown}）"


def why(rule: str, **facts: object) -> Why:
    """Shorthand: why("已购买", 订单数=3)."""
    return Why(rule, tuple(facts.items()))
