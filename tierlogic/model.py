"""Plain data the rules work on: customers, orders, contact-log entries, products, birthdays.

These are what a workbook row or an Excel range becomes after parsing; nothing here knows
where the values came from. Missing values are None, never a guess.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

# Order states, each named by the word Order.status holds (SPEC "Orders as platforms write them");
# tierlogic.order_states says what each means and which words platforms and sellers use for it.
AGREED_NOT_ORDERED = "成交未下单"  # seed 000: agreed, not yet ordered
UNPAID = "待付款"
ORDERED = "已下单"                # paid, not shipped
SHIPPED = "已发货"
DELIVERED = "已签收"              # delivered or completed
CLOSED = "已关闭"                 # closed or cancelled
REFUNDING = "退款中"
RETURNED = "退货"                 # refunded
UNKNOWN_STATUS = "状态不明"        # a status word nobody taught us: reported, never guessed into a sale
# What the template's 状态 dropdown offers: every state a seller can set (状态不明 is only ever read).
ORDER_STATUSES = (AGREED_NOT_ORDERED, UNPAID, ORDERED, SHIPPED, DELIVERED, CLOSED, REFUNDING, RETURNED)

PROGRESS_LEVELS = ("a", "b", "c", "d")

# Interest (意向) levels; NONE means the seller judged there is no chance.
INTEREST_HIGH, INTEREST_MEDIUM, INTEREST_LOW, INTEREST_NONE = "高", "中", "低", "无"

# Records are slotted: a large book holds a million contacts, and without a __dict__ each is a third smaller.
# They are not frozen, since a frozen dataclass sets every field through object.__setattr__ and a refresh builds
# hundreds of thousands of them; this record and every result in tierlogic is immutable by convention: never
# assigned to after it is built (dataclasses.replace makes a changed copy), and hashable by its fields.


@dataclass(slots=True, unsafe_hash=True)
class SolarBirthday:
    """A birthday by the Gregorian calendar; year is optional (many sellers know only 3月5日)."""

    month: int
    day: int
    year: Optional[int] = None


@dataclass(slots=True, unsafe_hash=True)
class LunarBirthday:
    """A birthday by the Chinese lunar calendar, e.g. 闰四月初八 is month=4, day=8, leap=True."""

    month: int
    day: int
    leap: bool = False
    year: Optional[int] = None


Birthday = SolarBirthday | LunarBirthday


@dataclass(slots=True, unsafe_hash=True)
class Customer:
    """One row of the seller's customer sheet. `key` is how orders and contacts refer to it."""

    key: str
    name: str
    id: Optional[str] = None
    phone: Optional[str] = None
    wechat: Optional[str] = None
    region: Optional[str] = None
    gender: Optional[str] = None
    birthday: Optional[Birthday] = None
    source: Optional[str] = None
    tags: tuple[str, ...] = ()
    bought_similar: Optional[bool] = None
    buying_ability: Optional[bool] = None
    interest: Optional[str] = None
    expected_close: Optional[date] = None
    first_purchase: Optional[date] = None
    last_purchase: Optional[date] = None
    purchase_count: Optional[int] = None
    total_amount: Optional[float] = None
    total_profit: Optional[float] = None
    maintenance_cost: Optional[float] = None
    last_contact: Optional[date] = None
    next_contact: Optional[date] = None
    progress: Optional[str] = None
    manual_grade: Optional[str] = None
    do_not_disturb: bool = False
    notes: Optional[str] = None
    salutation: Optional[str] = None
    favourite_product: Optional[str] = None
    # Levels of seed 001's scales the seller records (tierlogic.schemes), as their codes: "3级", "尝试期".
    intent_level: Optional[str] = None
    relation_level: Optional[str] = None
    stage: Optional[str] = None


@dataclass(slots=True, unsafe_hash=True)
class Order:
    """One order line. `date` is when the deal was agreed; the later dates are optional."""

    customer: str
    date: date
    product: Optional[str] = None
    quantity: float = 1
    amount: Optional[float] = None
    cost: Optional[float] = None
    profit: Optional[float] = None
    status: Optional[str] = None
    ordered_date: Optional[date] = None
    shipped_date: Optional[date] = None
    delivered_date: Optional[date] = None
    tracking_no: Optional[str] = None

    @property
    def margin(self) -> Optional[float]:
        """Profit of this line: the profit column if given, else amount − cost."""
        if self.profit is not None:
            return self.profit
        if self.amount is not None and self.cost is not None:
            return self.amount - self.cost
        return None


@dataclass(slots=True, unsafe_hash=True)
class Contact:
    """One contact-log entry. A `next_date` the seller wrote wins over the cadence."""

    customer: str
    date: date
    channel: Optional[str] = None
    content: Optional[str] = None
    progress: Optional[str] = None
    next_date: Optional[date] = None
    result: Optional[str] = None
    intent_level: Optional[str] = None     # as on Customer: the latest one logged wins
    relation_level: Optional[str] = None
    stage: Optional[str] = None


@dataclass(slots=True, unsafe_hash=True)
class Product:
    name: str
    usage_days: Optional[float] = None
    price: Optional[float] = None
    cost: Optional[float] = None


@dataclass(slots=True, unsafe_hash=True)
class Book:
    """Everything read from one workbook, already matched to customer keys."""

    customers: tuple[Customer, ...]
    orders: tuple[Order, ...] = ()
    contacts: tuple[Contact, ...] = ()
    products: tuple[Product, ...] = ()
    has_orders_sheet: bool = field(default=False)
    has_contacts_sheet: bool = field(default=False)
