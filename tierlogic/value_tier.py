"""Pareto value tiers (seed 003): A/B/C by cumulative share of profit, plus an optional weighted score.

Arithmetic is exact (whole cents and fractions) so that a cumulative share of exactly 80% is exactly 80%.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from fractions import Fraction
from itertools import groupby
from typing import Mapping

from .explain import Why, why

LOSS_FLAG = "亏损"
TIER_ORDER = {"A": 0, "B": 1, "C": 2}  # 优质 first: how lists sort by value tier


@dataclass(slots=True, unsafe_hash=True)
class TierResult:
    """A tier and what decided it; the explanation is built only when someone reads it."""

    tier: str
    loss: bool
    profit: float = 0.0
    share_before: float | None = None   # share of the customers ranked above; None: not ranked

    @property
    def why(self) -> Why:
        if self.loss:
            return why(f"C：{LOSS_FLAG}，复盘或放弃", 利润贡献=self.profit)
        if self.share_before is None:
            return why("C：尚未成交，暂无利润贡献")
        return why(f"{self.tier}：利润排名靠前的客户累计占比", 利润贡献=self.profit,
                   此前累计占比=f"{self.share_before:.1%}")


def _tier_for(before: int, total: int, a_share: Fraction, b_share: Fraction) -> str:
    """A customer is A while the share of the customers ranked above is still below 80%:
    the one whose profit makes the running total reach 80% is the last A."""
    if before * a_share.denominator < a_share.numerator * total:
        return "A"
    if before * b_share.denominator < b_share.numerator * total:
        return "B"
    return "C"


def _cents(profit: float) -> int:
    return round(profit * 100)


def value_tiers(profits: Mapping[str, float], a_share: float = 0.8, b_share: float = 0.95) -> dict[str, TierResult]:
    """Tier every key of `profits` (customer key → profit contribution).

    Equal profits (to the cent) get the same tier: the tier of the first of them in the ranking.
    Profit ≤ 0 is C and flagged 亏损.
    """
    # From the decimal text, so a seller's 0.8 means exactly 4/5 and not the float nearest it.
    a, b = Fraction(repr(a_share)), Fraction(repr(b_share))
    # Whole cents make every sum and comparison exact.
    positive = {k: _cents(v) for k, v in profits.items() if _cents(v) > 0}
    total = sum(positive.values())
    results: dict[str, TierResult] = {}
    running = 0
    ranked = sorted(positive.items(), key=lambda kv: -kv[1])
    for cents, group in groupby(ranked, key=lambda kv: kv[1]):
        members = [k for k, _ in group]
        tier = _tier_for(running, total, a, b)
        result = TierResult(tier, False, cents / 100, running / total)  # equal profits share one result
        results.update(dict.fromkeys(members, result))
        running += cents * len(members)
    for key, profit in profits.items():
        if key not in positive:
            results[key] = TierResult("C", True, profit)
    return results


def rank_percentiles(values: Mapping[str, float]) -> dict[str, float]:
    """0 for the smallest, 1 for the largest; equal values share the mean of their ranks."""
    n = len(values)
    if n <= 1:
        return {k: 1.0 for k in values}
    ordered = sorted(values.values())
    result = {}
    for key, value in values.items():
        below = bisect_left(ordered, value)
        equal = bisect_right(ordered, value) - below
        result[key] = (below + (equal - 1) / 2) / (n - 1)
    return result


def weighted_scores(columns: Mapping[str, Mapping[str, float]], weights: Mapping[str, float]) -> dict[str, float]:
    """Score 0–100 per customer: Σ weight × rank percentile of each chosen column / Σ weights.

    `columns` maps a column name to {customer key: value}; a customer missing from a column
    counts as that column's lowest rank.
    """
    chosen = {name: w for name, w in weights.items() if w > 0 and name in columns}
    total_weight = sum(chosen.values())
    keys = {k for name in chosen for k in columns[name]}
    if not total_weight:
        return {k: 0.0 for k in keys}
    percentiles = {name: rank_percentiles(columns[name]) for name in chosen}
    return {
        k: round(100 * sum(w * percentiles[name].get(k, 0.0) for name, w in chosen.items()) / total_weight, 2)
        for k in keys
    }
