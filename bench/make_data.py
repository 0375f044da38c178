"""Synthetic seller workbooks for the benchmarks: S, M and L, with Chinese names and mixed date cells.

Usage: python -m bench.make_data [S|M|L ...]  (files land in bench/data/, which git ignores)
"""
from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from tierbook.demo_data import CHANNELS, GIVEN, PRODUCTS, REGIONS, SURNAMES

DATA = Path(__file__).resolve().parent / "data"
TODAY = date(2026, 11, 23)


@dataclass(frozen=True)
class Size:
    name: str
    customers: int
    contacts: int
    orders: int


SIZES = {
    "S": Size("S", 1_000, 10_000, 3_000),
    "M": Size("M", 10_000, 100_000, 30_000),
    "L": Size("L", 100_000, 1_000_000, 300_000),
}


def path_for(size: Size) -> Path:
    return DATA / f"bench-{size.name}.xlsx"


def _mixed_date(rng: random.Random, day: date):
    """Most cells are real dates; some are typed text, as sellers do."""
    roll = rng.random()
    if roll < 0.8:
        return day
    if roll < 0.88:
        return f"{day.year}.{day.month}.{day.day}"
    if roll < 0.95:
        return f"{day.year}/{day.month:02d}/{day.day:02d}"
    return f"{day.year}年{day.month}月{day.day}日"


def _names(rng: random.Random, count: int) -> list[str]:
    """Unique-enough names: a surname, one or two given characters, and a number when needed."""
    return [rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)) + (str(i) if i >= 500 else "") for i in range(count)]


def write(size: Size, seed: int = 11) -> Path:
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    customers = wb.create_sheet("客户")
    customers.append(["编号", "客户", "手机", "微信", "地区", "生日", "买过同类", "消费能力", "意向", "进度", "备注"])
    ids = [f"K{i:07d}" for i in range(size.customers)]
    for cid, name in zip(ids, _names(rng, size.customers)):
        birthday = _mixed_date(rng, date(rng.randint(1965, 2002), rng.randint(1, 12), rng.randint(1, 28)))
        customers.append([cid, name, f"1{rng.randint(3, 9)}{rng.randint(10**8, 10**9 - 1)}", f"wx_{rng.randint(10**5, 10**6)}",
                          rng.choice(REGIONS), birthday if rng.random() < 0.6 else None, rng.choice(("是", "否", None)),
                          rng.choice(("是", "否", None)), rng.choice(("高", "中", "低", None)),
                          rng.choice(("a", "b", "c", "d", None)), None])
    orders = wb.create_sheet("订单")
    orders.append(["日期", "客户编号", "产品", "数量", "金额", "成本", "状态", "签收日期"])
    for _ in range(size.orders):
        product = rng.choice(PRODUCTS)
        day = TODAY - timedelta(days=rng.randint(0, 900))
        quantity = rng.choice((1, 1, 2, 3))
        orders.append([_mixed_date(rng, day), rng.choice(ids), product.name, quantity, round(product.price * quantity, 2),
                       round(product.cost * quantity, 2), "已签收", day + timedelta(days=3)])
    contacts = wb.create_sheet("跟进记录")
    contacts.append(["日期", "客户编号", "渠道", "内容", "进度", "下次跟进"])
    for _ in range(size.contacts):
        day = TODAY - timedelta(days=rng.randint(0, 700))
        contacts.append([_mixed_date(rng, day), rng.choice(ids), rng.choice(CHANNELS), "聊了使用感受",
                         rng.choice(("a", "b", "c", "d", None, None)), None])
    products = wb.create_sheet("产品")
    products.append(["产品", "使用周期", "价格", "成本"])
    for p in PRODUCTS:
        products.append([p.name, p.usage_days, p.price, p.cost])
    DATA.mkdir(exist_ok=True)
    path = path_for(size)
    wb.save(path)
    return path


def ensure(size: Size) -> Path:
    path = path_for(size)
    return path if path.exists() else write(size)


if __name__ == "__main__":
    for name in sys.argv[1:] or ["S", "M"]:
        print(write(SIZES[name.upper()]))
