"""What the rules need to know about one customer, gathered from their row, orders and contacts.

SPEC "Orders as platforms write them": only paid orders are purchases, and the customer row's
购买次数/累计金额/最近购买 is the seller's record of the past (often from before the order sheet
began), so of row and orders the larger count and amount and the later last purchase stand.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date
from math import fsum
from operator import attrgetter
from typing import Any, Callable, Iterable, Mapping, NamedTuple, Optional, Sequence

from .model import PROGRESS_LEVELS, Book, Contact, Customer, Order, Product
from .order_states import gets_post_sale, is_purchase


@dataclass(slots=True, unsafe_hash=True)
class CustomerFacts:
    customer: Customer
    purchases: tuple[Order, ...]          # paid orders (is_purchase), oldest first
    pending: tuple[Order, ...]            # orders that are no purchase yet may get a post-sale step (成交未下单)
    contacts: tuple[Contact, ...]         # contact-log entries, oldest first
    purchase_count: int
    total_amount: float
    priced_count: int                     # purchases whose amount is known: an average divides by these
    profit: float                         # Σ(amount − cost) − maintenance cost
    first_purchase: Optional[date]
    last_purchase: Optional[date]
    last_contact: Optional[date]          # latest of: contact log, last-contact column, last purchase
    last_logged_contact: Optional[date]   # latest of: contact log, last-contact column
    progress: Optional[str]               # latest a/b/c/d the seller recorded, None if never
    progress_source: str                  # where `progress` came from, for explanations
    seller_next_date: Optional[date]      # a next date the seller chose, if any

    @property
    def key(self) -> str:
        return self.customer.key

    @property
    def has_bought(self) -> bool:
        return self.purchase_count > 0 or self.total_amount > 0

    @property
    def has_talked(self) -> bool:
        return bool(self.contacts) or self.last_contact is not None or self.progress in ("c", "d")

    def recorded_level(self, field: str) -> tuple[Optional[str], str]:
        """A level the seller recorded in `field` (intent_level …) and where: the latest logged wins, like progress."""
        logged = next(filter(None, map(attrgetter(field), reversed(self.contacts))), None)
        if logged:
            return logged, "跟进记录"
        own = getattr(self.customer, field)
        return (own, "客户表") if own else (None, "无记录")

    @property
    def average_order_value(self) -> Optional[float]:
        if self.priced_count > 0 and self.total_amount > 0:
            return self.total_amount / self.priced_count
        return None


def _product_cost(order: Order, products: Mapping[str, Product]) -> Optional[float]:
    product = products.get(order.product or "")
    return product.cost * order.quantity if product is not None and product.cost is not None else None


def _line_profit(order: Order, products: Mapping[str, Product]) -> float:
    """Amount − cost of one order line; a missing cost falls back to the product's unit cost."""
    if order.margin is not None:
        return order.margin
    cost = _product_cost(order, products)
    if order.amount is not None and cost is not None:
        return order.amount - cost
    # No cost anywhere: the amount counts in full, so tiers fall back to revenue (README).
    return order.amount or 0.0


def counted_in_full(order: Order, products: Mapping[str, Product]) -> bool:
    """Whether the line's whole amount counts as profit, because no profit, cost or product cost is known."""
    return bool(order.amount) and order.margin is None and _product_cost(order, products) is None


def _fields_key(record) -> tuple:
    """Every field, Nones first, so equal dates still sort the same whatever the input order.

    (v is None, v) never compares None with a value: the flags differ first.
    """
    values = (getattr(record, f.name) for f in fields(record))
    return tuple((v is None, v) for v in values)


# On one day, a contact that reached further (a is furthest) sorts later; one without progress first.
_PROGRESS_RANK = {level: -i for i, level in enumerate(PROGRESS_LEVELS)}


def _contact_order(c: Contact) -> tuple:
    """Oldest first; on the same day the furthest progress counts as the latest word."""
    return (c.date, _PROGRESS_RANK.get(c.progress, -9))


def _order_order(o: Order) -> tuple:
    return (o.date,)


def in_order(records: Sequence, cheap: Callable[[Any], tuple], tie_break: Callable[[Any], Any]) -> tuple:
    """Sorted by `cheap`, then `tie_break`. Records seldom tie, so the costlier tie-break keys are built only when
    some do."""
    if len(records) < 2:
        return tuple(records)
    keys = [cheap(r) for r in records]
    if len(set(keys)) == len(keys):  # distinct keys: the pairs sort by key alone, records are never compared
        return tuple(r for _, r in sorted(zip(keys, records)))
    return tuple(sorted(records, key=lambda r: (*cheap(r), tie_break(r))))


class _History(NamedTuple):
    """Count, amount, profit and purchase dates, from the row or the orders."""

    count: int
    total: float
    priced: int   # purchases whose amount is known: an average divides by these
    profit: Optional[float]  # None: the row has no profit column
    first: Optional[date]
    last: Optional[date]


def _row_history(customer: Customer) -> _History:
    """The row's own record; without a profit column its amount counts in full, as an order line without cost does."""
    count = customer.purchase_count or 0
    profit = customer.total_profit if customer.total_profit is not None else customer.total_amount
    return _History(count, customer.total_amount or 0.0, count if customer.total_amount is not None else 0,
                    profit, customer.first_purchase, customer.last_purchase)


def _orders_history(purchases: tuple[Order, ...], products: Mapping[str, Product]) -> _History:
    amounts = [o.amount for o in purchases if o.amount is not None]
    # fsum: the exactly rounded sum, so 0.1 × 10 is 1.0 and every Python (3.12 sums floats differently) agrees
    return _History(len(purchases), fsum(amounts), len(amounts), fsum(_line_profit(o, products) for o in purchases),
                    purchases[0].date if purchases else None, purchases[-1].date if purchases else None)


def _merged(row: _History, orders: _History) -> _History:
    """The larger count, amount and profit, the earlier first and the later last purchase (SPEC: the row is history)."""
    total, priced = max((row.total, row.priced), (orders.total, orders.priced))
    profit = orders.profit if row.profit is None else max(row.profit, orders.profit)
    return _History(max(row.count, orders.count), total, priced, profit, _either(min, row.first, orders.first),
                    _either(max, row.last, orders.last))


def _either(pick: Callable[[date, date], date], a: Optional[date], b: Optional[date]) -> Optional[date]:
    """pick(a, b) of two dates either of which may be missing."""
    if a is None or b is None:
        return b if a is None else a
    return pick(a, b)


def row_differs_from_orders(customer: Customer, purchases: Iterable[Order]) -> bool:
    """Whether the row's own 购买次数/累计金额/最近购买 disagree with its paid orders (said in 检查报告)."""
    if customer.purchase_count is None and customer.total_amount is None and customer.last_purchase is None:
        return False  # a row without its own history, as in most books: nothing to disagree, no orders to add up
    bought = [o for o in purchases if is_purchase(o.status)]
    if not bought:
        return False
    orders = _orders_history(tuple(sorted(bought, key=_order_order)), {})
    cents = None if customer.total_amount is None else round(customer.total_amount * 100)
    pairs = ((customer.purchase_count, orders.count), (cents, round(orders.total * 100)),
             (customer.last_purchase, orders.last))
    return any(mine is not None and mine != theirs for mine, theirs in pairs)


def customer_facts(
    customer: Customer,
    orders: Iterable[Order] = (),
    contacts: Iterable[Contact] = (),
    products: Mapping[str, Product] | None = None,
) -> CustomerFacts:
    products = products or {}
    paid, unpaid = [], []
    for o in orders:
        if is_purchase(o.status):
            paid.append(o)
        elif gets_post_sale(o.status):
            unpaid.append(o)
    purchases, pending = in_order(paid, _order_order, _fields_key), in_order(unpaid, _order_order, _fields_key)
    log = in_order(list(contacts), _contact_order, _fields_key)
    history = _merged(_row_history(customer), _orders_history(purchases, products))
    count, total, priced, first, last = history.count, history.total, history.priced, history.first, history.last
    profit = history.profit - (customer.maintenance_cost or 0.0)

    latest = log[-1] if log else None
    logged_progress = next((c.progress for c in reversed(log) if c.progress), None)
    if logged_progress:
        progress, source = logged_progress, "跟进记录"
    elif customer.progress:
        progress, source = customer.progress, "客户表"
    else:
        progress, source = None, "无记录"

    last_logged = _either(max, latest.date if latest else None, customer.last_contact)
    # A purchase is a conversation too: the cadence counts from it.
    last_contact = _either(max, last_logged, last)
    if latest and latest.next_date:
        next_date = latest.next_date  # the seller's word on their latest contact
    elif customer.next_contact and (last_logged is None or customer.next_contact > last_logged):
        next_date = customer.next_contact
    else:
        next_date = None  # none, or a 下次跟进 planned before the latest contact: that follow-up has happened

    return CustomerFacts(
        customer=customer, purchases=purchases, pending=pending, contacts=log, purchase_count=count,
        total_amount=total, priced_count=priced, profit=profit, first_purchase=first, last_purchase=last,
        last_contact=last_contact, last_logged_contact=last_logged, progress=progress, progress_source=source,
        seller_next_date=next_date,
    )


def book_facts(book: Book) -> dict[str, CustomerFacts]:
    """Facts for every customer in the book, keyed by customer key."""
    orders_by: dict[str, list[Order]] = defaultdict(list)
    contacts_by: dict[str, list[Contact]] = defaultdict(list)
    for o in book.orders:
        orders_by[o.customer].append(o)
    for c in book.contacts:
        contacts_by[c.customer].append(c)
    products = {p.name: p for p in book.products}
    return {
        c.key: customer_facts(c, orders_by[c.key], contacts_by[c.key], products)
        for c in book.customers
    }
