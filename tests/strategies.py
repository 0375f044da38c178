"""Hypothesis strategies for whole small shops."""
from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st

from tierlogic.model import ORDER_STATUSES, Book, Contact, Customer, Order, Product

from .helpers import TODAY

PRODUCT_NAMES = ("面霜", "面膜", "精华")
days = st.integers(min_value=-800, max_value=60).map(lambda n: TODAY + timedelta(days=n))
maybe_day = st.none() | days
money = st.none() | st.integers(min_value=-500, max_value=5000).map(float)


@st.composite
def books(draw, max_customers: int = 6) -> Book:
    n = draw(st.integers(min_value=1, max_value=max_customers))
    keys = [f"c{i}" for i in range(n)]
    customers = tuple(Customer(
        key=k, name=f"客户{k}",
        bought_similar=draw(st.none() | st.booleans()), buying_ability=draw(st.none() | st.booleans()),
        interest=draw(st.sampled_from((None, "高", "中", "低", "无"))),
        last_contact=draw(maybe_day), next_contact=draw(st.none() | days),
        progress=draw(st.sampled_from((None, "a", "b", "c", "d"))),
        maintenance_cost=draw(st.none() | st.integers(0, 100).map(float)),
        do_not_disturb=draw(st.booleans()), manual_grade=draw(st.sampled_from((None, None, "S", "B", "E"))),
        intent_level=draw(st.sampled_from((None, "1级", "5级"))),
        relation_level=draw(st.sampled_from((None, "4级", "6级", "0级"))),
        stage=draw(st.sampled_from((None, "接纳期", "戒备期"))),
    ) for k in keys)
    key = st.sampled_from(keys)
    orders = tuple(draw(st.lists(st.builds(
        Order, customer=key, date=days, product=st.sampled_from(PRODUCT_NAMES + (None,)),
        quantity=st.integers(1, 3), amount=money, cost=money, status=st.sampled_from(ORDER_STATUSES + (None,)),
        shipped_date=maybe_day, delivered_date=maybe_day,
    ), max_size=8)))
    contacts = tuple(draw(st.lists(st.builds(
        Contact, customer=key, date=days, progress=st.sampled_from((None, "a", "b", "c", "d")), next_date=maybe_day,
    ), max_size=8)))
    products = (Product("面霜", 30), Product("面膜", 20.5), Product("精华", None))
    return Book(customers, orders, contacts, products, has_orders_sheet=draw(st.booleans()), has_contacts_sheet=True)
