"""Post-sale touchpoints (成交跟进, seed 000): what to do after each order, and when.

1 成交未下单 → the same day; 2 已签收 → delivery + 1 day; 3 预计用完 → when the product is
about to run out; 4 复购未达成 → 30 days after that with no new order. A touchpoint stops
showing once it is done: a later order that answers it, a logged contact after it opened, or a later stage
that is already due. Only paid orders (and 成交未下单) get touchpoints; one more than
`post_sale_expiry_days` past its date has lapsed: it is counted in 检查报告, not asked.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Callable, Mapping, NamedTuple, Optional

from .explain import Why, why
from .facts import CustomerFacts, row_differs_from_orders
from .model import AGREED_NOT_ORDERED, DELIVERED, Book, Order, Product
from .settings import Settings

AGREED, RECEIVED, RUNNING_OUT, NO_REORDER = 1, 2, 3, 4
# Seed 002's advice for anyone who stopped buying; the due list uses it for dormant customers too.
REACTIVATE_ACTION = "问问为什么没再买，推荐一款口碑好的产品"

STAGES = {
    AGREED: ("成交未下单", "及时下单，下单后提醒对方"),
    RECEIVED: ("已签收", "询问是否收到，为询问体验做铺垫"),
    RUNNING_OUT: ("预计用完", "询问使用体验，提醒复购"),
    NO_REORDER: ("复购未达成", REACTIVATE_ACTION),
}


@dataclass(slots=True, unsafe_hash=True)
class Touchpoint:
    customer: str
    stage: int
    due: date
    order: Order
    why: Why
    opens: Optional[date]  # a contact logged on or after this date completes it; None: only a status change does

    @property
    def name(self) -> str:
        return STAGES[self.stage][0]

    @property
    def action(self) -> str:
        return STAGES[self.stage][1]


def delivery_date(order: Order, settings: Settings) -> tuple[Optional[date], str]:
    """(date, how it was known). An order with no status counts as a completed sale; a shipped one is not
    delivered: without a shipped date nobody knows when it will arrive."""
    if order.delivered_date:
        return order.delivered_date, "签收日期"
    if order.shipped_date:
        return order.shipped_date + timedelta(days=settings.transit_days), f"发货日期+{settings.transit_days}天"
    if order.status in (None, DELIVERED):
        return order.date + timedelta(days=settings.transit_days), f"订单日期+{settings.transit_days}天"
    return None, ""


def learned_intervals(facts: CustomerFacts, settings: Settings) -> dict[str, float]:
    """Median days between this customer's own orders of each product they ordered on enough days."""
    dates_of: dict[str, set[date]] = defaultdict(set)
    for o in facts.purchases:
        if o.product is not None:
            dates_of[o.product].add(o.date)
    intervals = {}
    for product, days in dates_of.items():
        dates = sorted(days)
        if len(dates) >= settings.learned_interval_min_orders:
            intervals[product] = median((b - a).days for a, b in zip(dates, dates[1:]))
    return intervals


def learned_interval(facts: CustomerFacts, product: Optional[str], settings: Settings) -> Optional[float]:
    """Median days between this customer's own orders of `product`, once they have enough of them."""
    return learned_intervals(facts, settings).get(product) if product is not None else None


class _Stage(NamedTuple):
    """A stage's dates, with its Why still to be written: most stages turn out done, and their Why is never read."""

    stage: int
    due: date
    opens: Optional[date]
    explain: Callable[[], Why]

    def touchpoint(self, customer: str, order: Order) -> Touchpoint:
        return Touchpoint(customer, self.stage, self.due, order, self.explain(), self.opens)


def _running_out(order: Order, delivered: date, habit: Optional[float],
                 products: Mapping[str, Product], settings: Settings) -> Optional[tuple[date, Callable[[], Why]]]:
    """When the order runs out: by the customer's own habit with its product (learned_interval) if known,
    else by the product's usage days."""
    lead = settings.refill_lead_days
    if habit is not None:
        # Their habit is measured order to order, so it runs from the order date.
        due = order.date + timedelta(days=round(habit) - lead)
        return due, lambda: why("按本人复购间隔", 产品=order.product, 复购间隔中位数=habit, 提前天数=lead)
    product = products.get(order.product or "")
    if product is None or not product.usage_days:
        return None
    days = product.usage_days * order.quantity
    due = delivered + timedelta(days=round(days) - lead)
    return due, lambda: why("按产品使用周期", 产品=order.product, 签收=delivered,
                            使用周期=product.usage_days, 数量=order.quantity, 提前天数=lead)


def _order_stages(order: Order, habit: Optional[float], products: Mapping[str, Product],
                  settings: Settings) -> list[_Stage]:
    if order.status == AGREED_NOT_ORDERED:
        return [_Stage(AGREED, order.date, None, lambda: why("约定成交、尚未下单", 成交日期=order.date))]
    delivered, how = delivery_date(order, settings)
    if delivered is None:
        return []
    received_due = delivered + timedelta(days=settings.received_check_days)
    stages = [_Stage(RECEIVED, received_due, delivered, lambda: why("签收后询问", **{how: delivered}))]
    running_out = _running_out(order, delivered, habit, products, settings)
    if running_out is None:
        return stages
    out_due, out_why = running_out
    stages.append(_Stage(RUNNING_OUT, out_due, out_due - timedelta(days=settings.refill_lead_days), out_why))
    reactivate = out_due + timedelta(days=settings.reactivation_after_days)
    stages.append(_Stage(NO_REORDER, reactivate, reactivate,
                         lambda: why("提醒复购后仍未下单", 提醒复购日=out_due, 之后天数=settings.reactivation_after_days)))
    return stages


def order_touchpoints(order: Order, facts: CustomerFacts, products: Mapping[str, Product],
                      settings: Settings) -> list[Touchpoint]:
    """Every stage of one order, done or not."""
    habit = learned_interval(facts, order.product, settings)
    return [stage.touchpoint(facts.key, order) for stage in _order_stages(order, habit, products, settings)]


def _reordered(stage: _Stage, order: Order, last_of_product: Mapping[Optional[str], date], last_any: date) -> bool:
    """Whether a later order answers this stage. `last_of_product` and `last_any` are the customer's latest order dates."""
    if stage.stage == RUNNING_OUT and order.product is not None:  # about one product: only a later order of it
        return last_of_product[order.product] > order.date
    if stage.stage == RECEIVED:  # "did it arrive?" is answered only by talking after it arrived
        return last_any > order.date and last_any >= stage.opens
    return last_any > order.date


def _superseded(stage: _Stage, order: Order, last_of_product: Mapping[Optional[str], date], last_any: date,
                contacted: Optional[date], later_stage_due: bool) -> bool:
    """Done: a later order that answers it, a later stage already due, or a contact logged since the stage opened."""
    if stage.stage == AGREED:
        return False
    return (_reordered(stage, order, last_of_product, last_any) or later_stage_due
            or (contacted is not None and contacted >= stage.opens))


def _undone(facts: CustomerFacts, products: Mapping[str, Product], settings: Settings,
            today: date) -> list[Touchpoint]:
    """The touchpoints not done and not overtaken by a later stage, lapsed or not."""
    deals = sorted(facts.purchases + facts.pending, key=lambda o: o.date)
    if not deals:
        return []
    last_of_product = {o.product: o.date for o in deals}  # oldest first: each product's latest date stays
    last_any = deals[-1].date
    habits = learned_intervals(facts, settings)
    result = []
    for order in deals:
        stages = _order_stages(order, habits.get(order.product), products, settings)
        is_due = [s.due <= today for s in stages]
        for i, stage in enumerate(stages):
            if not _superseded(stage, order, last_of_product, last_any, facts.last_logged_contact, any(is_due[i + 1:])):
                result.append(stage.touchpoint(facts.key, order))
    return result


def lapsed(touchpoint: Touchpoint, settings: Settings, today: date) -> bool:
    """More than post_sale_expiry_days past its date: asking "did it arrive?" months later helps nobody."""
    return (today - touchpoint.due).days > settings.post_sale_expiry_days


def split_touchpoints(facts: CustomerFacts, products: Mapping[str, Product], settings: Settings,
                      today: date) -> tuple[list[Touchpoint], list[Touchpoint]]:
    """(the touchpoints still to do, those never done that have lapsed: 检查报告 counts them) for one customer."""
    undone = _undone(facts, products, settings, today)
    return ([t for t in undone if not lapsed(t, settings, today)], [t for t in undone if lapsed(t, settings, today)])


def open_touchpoints(facts: CustomerFacts, products: Mapping[str, Product], settings: Settings,
                     today: date) -> list[Touchpoint]:
    """The touchpoints still to do for one customer: not done, not overtaken by a later stage, not lapsed."""
    return split_touchpoints(facts, products, settings, today)[0]


def lapsed_touchpoints(facts: CustomerFacts, products: Mapping[str, Product], settings: Settings,
                       today: date) -> list[Touchpoint]:
    """The touchpoints never done that have lapsed: 检查报告 counts them."""
    return split_touchpoints(facts, products, settings, today)[1]


def history_differs(book: Book) -> int:
    """Customers whose row's purchase history differs from their paid orders, for 检查报告."""
    orders_by: dict[str, list[Order]] = defaultdict(list)
    for o in book.orders:
        orders_by[o.customer].append(o)
    return sum(row_differs_from_orders(c, orders_by[c.key]) for c in book.customers if c.key in orders_by)
