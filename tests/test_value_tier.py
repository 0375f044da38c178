"""Pareto value tiers worked by hand (SPEC "Value tier"), and the weighted score."""
import pytest

from tierlogic.assess import customer_tiers
from tierlogic.model import Order
from tierlogic.settings import SettingError, Settings, with_values
from tierlogic.value_tier import rank_percentiles, value_tiers, weighted_scores

from .helpers import TODAY, days_ago, facts


def tiers(profits, **shares):
    return {k: (r.tier, r.loss) for k, r in value_tiers(profits, **shares).items()}


def test_cumulative_share_exactly_80_is_the_last_a():
    # 50 → 50%, 30 → 80% exactly: b is A; c starts at 80% so it is B.
    assert tiers({"a": 50, "b": 30, "c": 10, "d": 5, "e": 5}) == {
        "a": ("A", False), "b": ("A", False), "c": ("B", False), "d": ("B", False), "e": ("B", False)}


def test_the_customer_crossing_80_is_still_a():
    # after b the share is 79%: c (which takes it to 90%) is A, d starts at 90% → B.
    assert tiers({"a": 50, "b": 29, "c": 11, "d": 10}) == {
        "a": ("A", False), "b": ("A", False), "c": ("A", False), "d": ("B", False)}


def test_equal_profits_across_the_boundary_share_the_better_tier():
    # b and c tie at 10 starting from 75%: both A even though c's running share is 95%;
    # d starts exactly at 95% → C.
    assert tiers({"a": 75, "b": 10, "c": 10, "d": 5}) == {
        "a": ("A", False), "b": ("A", False), "c": ("A", False), "d": ("C", False)}


def test_just_below_95_is_b():
    assert tiers({"a": 80, "b": 14, "c": 6}) == {"a": ("A", False), "b": ("B", False), "c": ("B", False)}


def test_zero_and_negative_profit_are_c_and_flagged():
    assert tiers({"a": 100, "b": 0, "c": -20}) == {"a": ("A", False), "b": ("C", True), "c": ("C", True)}
    assert str(value_tiers({"c": -20})["c"].why) == "C：亏损，复盘或放弃（利润贡献=-20）"


def test_shares_are_settings():
    assert tiers({"a": 50, "b": 30, "c": 20}, a_share=0.5, b_share=0.8) == {
        "a": ("A", False), "b": ("B", False), "c": ("C", False)}


def test_profit_is_amount_minus_cost_minus_maintenance():
    f = facts(orders=[Order("c1", days_ago(3), amount=300, cost=100), Order("c1", days_ago(1), amount=50, cost=20)],
              maintenance_cost=66)
    assert f.profit == pytest.approx(300 - 100 + 50 - 20 - 66)


def test_never_bought_is_plain_c_but_maintenance_makes_a_loss():
    all_facts = {"buyer": facts(key="buyer", purchase_count=1, total_profit=50),
                 "idle": facts(key="idle"), "costly": facts(key="costly", maintenance_cost=30)}
    result = customer_tiers(all_facts, Settings())
    assert (result["buyer"].tier, result["idle"].tier, result["idle"].loss) == ("A", "C", False)
    assert (result["costly"].tier, result["costly"].loss) == ("C", True)


def test_rank_percentiles_share_ranks_on_ties():
    assert rank_percentiles({"x": 1, "y": 2, "z": 2, "w": 3}) == {"x": 0.0, "y": 0.5, "z": 0.5, "w": 1.0}
    assert rank_percentiles({"only": 7}) == {"only": 1.0}


def test_weighted_score_by_hand():
    columns = {"频次": {"x": 1, "y": 2, "z": 3}, "金额": {"x": 300, "y": 200, "z": 100}}
    assert weighted_scores(columns, {"频次": 1, "金额": 1}) == {"x": 50.0, "y": 50.0, "z": 50.0}
    assert weighted_scores(columns, {"频次": 3, "金额": 1}) == {"x": 25.0, "y": 50.0, "z": 75.0}
    assert weighted_scores(columns, {}) == {}


def test_weighted_score_reaches_the_due_list_when_weights_are_set():
    from tierlogic.assess import assess_book
    from tierlogic.model import Book, Customer

    book = Book(customers=(Customer("x", "X", purchase_count=1, total_amount=100),
                           Customer("y", "Y", purchase_count=3, total_amount=50)))
    plain = assess_book(book, TODAY, Settings())
    assert plain["x"].score is None
    weighted = assess_book(book, TODAY, with_values(Settings(), {"score_weights.购买次数": 3, "score_weights.累计金额": 1}))
    assert (weighted["x"].score, weighted["y"].score) == (25.0, 75.0)


def test_score_weights_only_take_known_measures():
    with pytest.raises(SettingError, match="购买次数/累计金额/利润贡献/最近购买"):
        with_values(Settings(), {"score_weights.转介绍": 1})
