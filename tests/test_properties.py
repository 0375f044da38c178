"""Properties that must hold for any shop (hypothesis)."""
from collections import Counter
from dataclasses import replace

from hypothesis import given, settings as hyp_settings, strategies as st

from tierlogic.assess import assess_book
from tierlogic.cadence import Weekends, next_due
from tierlogic.due_list import due_list
from tierlogic.facts import book_facts
from tierlogic.settings import Settings
from tierlogic.value_tier import value_tiers

from .helpers import TODAY
from .strategies import books

RANK = {"A": 0, "B": 1, "C": 2}


@given(books(), st.sampled_from("SABCDF"), st.booleans())
def test_next_due_is_never_before_last_contact_unless_the_seller_chose_it(book, grade, move):
    settings = Settings(move_to_working_day=move)
    for f in book_facts(book).values():
        result = next_due(f, grade, TODAY, settings, Weekends())
        if not result.chosen_by_seller and f.last_contact is not None:
            assert result.due >= f.last_contact


@given(books(max_customers=8))
def test_due_list_has_at_most_one_row_per_customer_per_day(book):
    rows = due_list(assess_book(book, TODAY, Settings()), TODAY, Settings())
    counts = Counter((r.customer, max(r.due, TODAY)) for r in rows)
    assert all(n == 1 for n in counts.values())
    assert not any(r.customer in {c.key for c in book.customers if c.do_not_disturb} for r in rows)


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(-100, 1000).map(float), max_size=30))
def test_value_tiers_are_monotone_in_profit(profits):
    result = value_tiers(profits)
    for k1, p1 in profits.items():
        for k2, p2 in profits.items():
            if p1 > p2:
                assert RANK[result[k1].tier] <= RANK[result[k2].tier]
            if p1 == p2:
                assert result[k1].tier == result[k2].tier


@hyp_settings(max_examples=60)
@given(books(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_input_order(book, rnd):
    def shuffled(items):
        items = list(items)
        rnd.shuffle(items)
        return tuple(items)

    other = replace(book, customers=shuffled(book.customers), orders=shuffled(book.orders),
                    contacts=shuffled(book.contacts), products=shuffled(book.products))
    first, second = assess_book(book, TODAY, Settings()), assess_book(other, TODAY, Settings())
    assert first == second
    assert due_list(first, TODAY, Settings()) == due_list(second, TODAY, Settings())
