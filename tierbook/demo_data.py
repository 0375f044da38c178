"""A realistic synthetic shop (customers, products, orders, contacts), the same for a given seed and day."""
from __future__ import annotations

import random
from datetime import date, timedelta

from tierlogic.model import (AGREED_NOT_ORDERED, DELIVERED, INTEREST_HIGH, INTEREST_LOW, INTEREST_MEDIUM,
                             ORDERED, RETURNED, SHIPPED, Book, Contact, Customer, LunarBirthday, Order, Product,
                             SolarBirthday)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "秀英桂英玉兰丽娟敏静艳芳婷雪梅霞燕红萍琳晶莉倩慧颖玲丹洁蓉欣悦佳怡雨涵梓萱子轩浩然宇航俊杰建华志强伟明"
REGIONS = ("广州", "深圳", "杭州", "成都", "武汉", "长沙", "郑州", "西安", "南京", "苏州", "重庆", "厦门")
SOURCES = ("朋友圈", "老客转介绍", "微信群", "抖音", "小红书", "线下活动")
CHANNELS = ("微信", "电话", "朋友圈", "群")
PRODUCTS = (
    Product("玻尿酸面膜", 30, 129.0, 45.0),
    Product("氨基酸洁面乳", 60, 89.0, 28.0),
    Product("精华液", 45, 268.0, 96.0),
    Product("防晒霜", 50, 139.0, 50.0),
    Product("益生菌", 30, 198.0, 70.0),
    Product("洗发水", 75, 79.0, 25.0),
)
NOTES = ("喜欢补水类", "孩子两岁", "上班族，晚上回复", "对价格敏感", "老客介绍来的", "")


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
        if name not in taken:
            taken.add(name)
            return name


def _birthday(rng: random.Random):
    roll = rng.random()
    if roll < 0.35:
        return None
    year = rng.randint(1965, 2002)
    if roll < 0.75:
        return SolarBirthday(rng.randint(1, 12), rng.randint(1, 28), year)
    return LunarBirthday(rng.randint(1, 12), rng.randint(1, 29), False, year)


def _orders_for(rng: random.Random, key: str, today: date, count: int) -> list[Order]:
    """`count` orders ending at a recent last order, spaced by roughly how long the product lasts."""
    favourite = rng.choice(PRODUCTS)
    picks = [favourite if rng.random() < 0.7 else rng.choice(PRODUCTS) for _ in range(count)]
    quantities = [rng.choice((1, 1, 1, 2, 3)) for _ in range(count)]
    day = today - timedelta(days=int(rng.expovariate(1 / 70)))
    dates = [day]
    for product, quantity in zip(picks[:-1], quantities[:-1]):
        day -= timedelta(days=max(7, int(product.usage_days * quantity) + rng.randint(-10, 25)))
        dates.append(day)
    orders = []
    for i, (day, product, quantity) in enumerate(zip(reversed(dates), picks, quantities)):
        amount = round(product.price * quantity * rng.choice((1, 1, 0.9, 0.85)), 2)
        status = DELIVERED
        age = (today - day).days
        if i == count - 1 and age <= 5:
            status = rng.choice((AGREED_NOT_ORDERED, ORDERED, SHIPPED, DELIVERED))
        elif rng.random() < 0.03:
            status = RETURNED
        shipped = day + timedelta(days=1) if status in (SHIPPED, DELIVERED) and age >= 1 else None
        delivered = day + timedelta(days=min(age, rng.randint(2, 4))) if status == DELIVERED and age >= 2 else None
        if status == DELIVERED and delivered is None:
            status = SHIPPED if shipped else ORDERED
        orders.append(Order(key, day, product.name, quantity, amount, round(product.cost * quantity, 2), None,
                            status, day if status != AGREED_NOT_ORDERED else None, shipped, delivered,
                            f"SF{rng.randint(10**11, 10**12 - 1)}" if shipped else None))
    return orders


def _contacts_for(rng: random.Random, key: str, today: date, bought: bool) -> list[Contact]:
    """A few contact-log entries, the latest usually within the last weeks: a seller who keeps up."""
    count = rng.randint(1, 8)
    day = today - timedelta(days=int(rng.expovariate(1 / 20)))
    days = [day]
    for _ in range(count - 1):
        day -= timedelta(days=rng.randint(3, 45))
        days.append(day)
    contacts = []
    for day in reversed(days):
        progress = rng.choice("abcd") if not bought or rng.random() < 0.3 else None
        next_date = day + timedelta(days=rng.randint(2, 20)) if rng.random() < 0.15 else None
        content = rng.choice(("问了价格", "发了试用装", "聊了使用感受", "推荐了新品", "节日问候"))
        contacts.append(Contact(key, day, rng.choice(CHANNELS), content, progress, next_date, None))
    return contacts


def _receipt_checks(rng: random.Random, orders: list[Order], today: date) -> list[Contact]:
    """Most sellers ask "收到了吗" the day after delivery; the demo's log shows that habit."""
    return [Contact(o.customer, o.delivered_date + timedelta(days=1), "微信", "确认收货", None, None, "已收到")
            for o in orders
            if o.delivered_date and o.delivered_date + timedelta(days=1) < today and rng.random() < 0.85]


def demo_book(today: date, customers: int = 300, seed: int = 7) -> Book:
    """A shop with `customers` customers; about half have bought, most have talked."""
    rng = random.Random(seed)
    taken: set[str] = set()
    people, orders, contacts = [], [], []
    for i in range(customers):
        name = _name(rng, taken)
        key = f"C{i + 1:04d}"
        buys = rng.choices((0, 1, 2, 4, 8, 12), weights=(45, 20, 15, 10, 6, 4))[0]
        person_orders = _orders_for(rng, key, today, buys) if buys else []
        talked = buys or rng.random() < 0.7
        person_contacts = _contacts_for(rng, key, today, bool(buys)) if talked else []
        people.append(Customer(
            key=key, name=name, id=key, phone=f"1{rng.choice('3578')}{rng.randint(10**8, 10**9 - 1)}",
            wechat=f"wx_{rng.randint(10000, 99999)}", region=rng.choice(REGIONS), gender=rng.choice("女女女男"),
            birthday=_birthday(rng), source=rng.choice(SOURCES),
            bought_similar=rng.random() < 0.2, buying_ability=rng.random() < 0.4,
            interest=rng.choice((INTEREST_HIGH, INTEREST_MEDIUM, INTEREST_LOW, None, None)),
            maintenance_cost=rng.choice((0.0, 0.0, 20.0, 66.0)) if buys else None,
            do_not_disturb=rng.random() < 0.03, notes=rng.choice(NOTES) or None,
        ))
        orders += person_orders
        contacts += person_contacts + _receipt_checks(rng, person_orders, today)
    return Book(tuple(people), tuple(orders), tuple(contacts), PRODUCTS, has_orders_sheet=True, has_contacts_sheet=True)
