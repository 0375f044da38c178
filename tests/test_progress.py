"""Progress a/b/c/d: probability, expected value and the weighted pipeline (SPEC "Progress")."""
import pytest

from tierlogic.model import Contact, Order
from tierlogic.progress import overall_average_order, progress, weighted_pipeline
from tierlogic.settings import Settings

from .helpers import days_ago, facts

S = Settings()


@pytest.mark.parametrize("level, probability", [("a", 0.8), ("b", 0.5), ("c", 0.3), ("d", 0.1)])
def test_probability_per_level(level, probability):
    assert progress(facts(progress=level), None, S).probability == probability


def test_no_record_is_d():
    result = progress(facts(), None, S)
    assert (result.level, result.probability) == ("d", 0.1)
    assert "来自无记录" in str(result.why)


def test_expected_value_uses_own_average_order():
    f = facts(orders=[Order("c1", days_ago(30), amount=100), Order("c1", days_ago(10), amount=300)], progress="b")
    assert progress(f, 999.0, S).expected_value == pytest.approx(0.5 * 200)


def test_expected_value_falls_back_to_shop_average_then_setting():
    assert progress(facts(progress="a"), 150.0, S).expected_value == pytest.approx(120)
    assert progress(facts(progress="a"), None, S).expected_value == pytest.approx(0.8 * 200)
    assert progress(facts(progress="a"), None, Settings(default_order_value=50)).expected_value == pytest.approx(40)


def test_shop_average_is_per_order_not_per_customer():
    f1 = facts(purchase_count=1, total_amount=100)
    f2 = facts(purchase_count=3, total_amount=900)
    assert overall_average_order([f1, f2, facts()]) == pytest.approx(250)


def test_an_order_without_an_amount_is_left_out_of_the_averages():
    f = facts(orders=[Order("c1", days_ago(30), amount=100), Order("c1", days_ago(10), amount=None)])
    assert (f.purchase_count, f.average_order_value) == (2, 100)  # two purchases, one price known: not 50
    other = facts(orders=[Order("c2", days_ago(5), amount=400)])
    assert overall_average_order([f, other]) == pytest.approx(250)  # (100 + 400) / 2 priced orders


def test_pipeline_sums_everyone_not_yet_s():
    a = progress(facts(progress="a"), 100.0, S)
    c = progress(facts(progress="c"), 100.0, S)
    bought = progress(facts(progress="a", purchase_count=1, total_amount=500), 100.0, S)
    assert weighted_pipeline([("A", a), ("D", c), ("S", bought)]) == pytest.approx(80 + 30)


def test_latest_progress_of_same_day_is_the_furthest_along():
    f = facts(contacts=[Contact("c1", days_ago(1), progress="c"), Contact("c1", days_ago(1), progress="b")])
    assert f.progress == "b"


def test_money_sums_are_exactly_rounded_on_every_python():
    """Ten orders of 0.10 are 1.00, not 0.9999999999999999 (Python 3.12, which xlwings Lite's Pyodide runs, sums
    floats more exactly than 3.10/3.11 do: a plain sum would give different totals in Excel and on the CLI)."""
    f = facts(orders=[Order("c1", days_ago(i + 1), amount=0.1) for i in range(10)])
    assert f.total_amount == 1.0 and f.profit == 1.0
