"""Small builders so each rule test states only the values that matter to it."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable

from openpyxl import Workbook

from tierlogic.facts import CustomerFacts, customer_facts
from tierlogic.model import Contact, Customer, Order, Product

TODAY = date(2026, 11, 23)  # a Monday


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def customer(key: str = "c1", **fields) -> Customer:
    return Customer(key=key, name=fields.pop("name", key), **fields)


def facts(cust: Customer | None = None, orders: Iterable[Order] = (), contacts: Iterable[Contact] = (),
          products: Iterable[Product] = (), **customer_fields) -> CustomerFacts:
    cust = cust or customer(**customer_fields)
    return customer_facts(cust, list(orders), list(contacts), {p.name: p for p in products})


def orders(key: str, *dates: date, **fields) -> list[Order]:
    return [Order(key, d, **fields) for d in dates]


def openpyxl_render(specs) -> Workbook:
    """Sheet specs drawn by the openpyxl engine (the templates' one): the reference the XML writer is held to."""
    from workbook.render import render_sheet

    wb = Workbook()
    wb.remove(wb.active)
    for spec in specs:
        render_sheet(wb.create_sheet(spec.name), spec)
    return wb
