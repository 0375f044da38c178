"""Post-sale touchpoints 1–4 from orders and product usage days (SPEC "Post-sale touchpoints")."""
from datetime import date

import pytest

from tierlogic.model import Order, Product
from tierlogic.post_sale import (AGREED, NO_REORDER, RECEIVED, RUNNING_OUT, lapsed_touchpoints, learned_interval,
                                 open_touchpoints, order_touchpoints)
from tierlogic.settings import Settings
from workbook.reader import book_from_rows
from workbook.refresh import Loaded, compute

from .helpers import TODAY, facts

S = Settings()
CREAM = Product("面霜", usage_days=30)


def stages(order, f=None, products=(CREAM,)):
    f = f or facts(orders=[order])
    return [(p.stage, p.due) for p in order_touchpoints(order, f, {p.name: p for p in products}, S)]


def test_agreed_not_ordered_is_due_the_same_day():
    order = Order("c1", date(2026, 11, 20), "面霜", status="成交未下单")
    assert stages(order) == [(AGREED, date(2026, 11, 20))]


def test_delivered_gives_received_running_out_and_reactivation():
    order = Order("c1", date(2026, 9, 28), "面霜", quantity=2, status="已签收", delivered_date=date(2026, 10, 1))
    # received: 10-01 + 1; running out: 10-01 + 30×2 − 3 = 11-27; no reorder: 11-27 + 30.
    assert stages(order) == [(RECEIVED, date(2026, 10, 2)), (RUNNING_OUT, date(2026, 11, 27)),
                             (NO_REORDER, date(2026, 12, 27))]


def test_shipped_without_delivery_date_assumes_three_transit_days():
    order = Order("c1", date(2026, 11, 17), "面霜", status="已发货", shipped_date=date(2026, 11, 18))
    assert stages(order)[0] == (RECEIVED, date(2026, 11, 22))


def test_order_without_status_counts_as_a_completed_sale():
    order = Order("c1", date(2026, 11, 15), "面霜")
    assert stages(order)[0] == (RECEIVED, date(2026, 11, 19))


@pytest.mark.parametrize("status", ["已下单", "退货"])
def test_not_yet_shipped_or_returned_has_no_delivery_touchpoints(status):
    assert stages(Order("c1", date(2026, 11, 15), "面霜", status=status)) == []


def test_unknown_usage_days_stops_after_received():
    order = Order("c1", date(2026, 11, 15), "神秘礼盒", delivered_date=date(2026, 11, 17))
    assert stages(order) == [(RECEIVED, date(2026, 11, 18))]


def test_three_orders_teach_the_customers_own_interval():
    days = [date(2026, 1, 10), date(2026, 2, 9), date(2026, 3, 21)]  # intervals 30 and 40 → median 35
    history = [Order("c1", d, "面霜", delivered_date=d) for d in days]
    f = facts(orders=history)
    assert learned_interval(f, "面霜", S) == 35
    running_out = order_touchpoints(history[-1], f, {"面霜": CREAM}, S)[1]
    assert running_out.due == date(2026, 4, 22)  # 03-21 + 35 − 3
    assert str(running_out.why) == "按本人复购间隔（产品=面霜，复购间隔中位数=35，提前天数=3）"


def test_two_orders_still_use_the_product_label():
    days = [date(2026, 1, 10), date(2026, 2, 9)]
    history = [Order("c1", d, "面霜", delivered_date=d) for d in days]
    assert learned_interval(facts(orders=history), "面霜", S) is None
    assert stages(history[-1], facts(orders=history))[1] == (RUNNING_OUT, date(2026, 3, 8))  # 02-09 + 30 − 3


def open_stages(orders, today, **fields):
    f = facts(orders=orders, **fields)
    return [(p.stage, p.due) for p in open_touchpoints(f, {"面霜": CREAM}, S, today)]


def test_received_is_done_once_a_contact_is_logged_after_delivery():
    order = Order("c1", date(2026, 11, 15), "面霜", delivered_date=date(2026, 11, 18))
    assert open_stages([order], date(2026, 11, 20))[0] == (RECEIVED, date(2026, 11, 19))
    assert RECEIVED not in [s for s, _ in open_stages([order], date(2026, 11, 20), last_contact=date(2026, 11, 18))]
    assert RECEIVED in [s for s, _ in open_stages([order], date(2026, 11, 20), last_contact=date(2026, 11, 17))]


def test_a_later_stage_already_due_replaces_earlier_ones():
    order = Order("c1", date(2026, 9, 28), "面霜", delivered_date=date(2026, 10, 1))
    assert open_stages([order], date(2026, 11, 23)) == [(RUNNING_OUT, date(2026, 10, 28)), (NO_REORDER, date(2026, 11, 27))]
    assert open_stages([order], date(2026, 11, 27)) == [(NO_REORDER, date(2026, 11, 27))]


def test_a_new_order_of_the_same_product_closes_running_out_and_reactivation():
    old = Order("c1", date(2026, 9, 1), "面霜", delivered_date=date(2026, 9, 3))
    new = Order("c1", date(2026, 10, 1), "面霜", delivered_date=date(2026, 10, 3))
    remaining = open_stages([old, new], date(2026, 10, 5))
    assert all(p == (RECEIVED, date(2026, 10, 4)) or p[1] >= date(2026, 10, 30) for p in remaining)
    assert (RUNNING_OUT, date(2026, 9, 30)) not in remaining


def test_an_order_of_another_product_closes_the_received_check_but_not_running_out():
    cream = Order("c1", date(2026, 10, 1), "面霜", delivered_date=date(2026, 10, 3))
    mask = Order("c1", date(2026, 10, 20), "面膜", delivered_date=date(2026, 10, 22))
    open_now = open_stages([cream, mask], date(2026, 10, 21))
    # 面霜: received 10-04 is answered by the later 面膜 order; running out 10-03 + 30 − 3 = 10-30 is not.
    assert (RECEIVED, date(2026, 10, 4)) not in open_now
    assert (RUNNING_OUT, date(2026, 10, 30)) in open_now


def test_an_order_of_another_product_before_delivery_leaves_the_received_check_open():
    cream = Order("c1", date(2026, 11, 1), "霜", delivered_date=date(2026, 11, 5))
    water = Order("c1", date(2026, 11, 3), "水", status="已下单")
    # 霜 arrived 11-05 and the 水 order came before it: nobody has asked whether 霜 arrived (due 11-06).
    assert (RECEIVED, date(2026, 11, 6)) in open_stages([cream, water], date(2026, 11, 7))
    # On the day of delivery or later, an order is a conversation after it.
    for later in (date(2026, 11, 5), date(2026, 11, 6)):
        water = Order("c1", later, "水", status="已下单")
        assert RECEIVED not in [s for s, _ in open_stages([cream, water], date(2026, 11, 7))]


@pytest.mark.parametrize("status", ["已签收", "已下单", "成交未下单"])
def test_the_same_product_ordered_again_before_delivery_leaves_the_first_parcel_s_check(status):
    first = Order("c1", date(2026, 11, 1), "面霜", delivered_date=date(2026, 11, 5))
    again = Order("c1", date(2026, 11, 3), "面霜", status=status,
                  delivered_date=date(2026, 11, 7) if status == "已签收" else None)
    received = [d for s, d in open_stages([first, again], date(2026, 11, 9)) if s == RECEIVED]
    # The first parcel arrived 11-05 and nobody has asked since (the second order came before it).
    assert received[0] == date(2026, 11, 6)
    assert received[1:] == ([date(2026, 11, 8)] if status == "已签收" else [])


def test_agreed_stays_open_until_the_status_changes():
    order = Order("c1", date(2026, 10, 24), "面霜", status="成交未下单")  # 30 days before: not yet lapsed
    assert open_stages([order], date(2026, 11, 23), last_contact=date(2026, 11, 22)) == [(AGREED, date(2026, 10, 24))]


# ---------------------------------------------------------------- issue 17: states and lapsed steps

@pytest.mark.parametrize("status", ["待付款", "已关闭", "退款中", "退货", "状态不明"])
def test_orders_that_are_not_sales_never_get_a_post_sale_step(status):
    order = Order("c1", date(2026, 11, 15), "面霜", status=status, delivered_date=date(2026, 11, 18))
    assert open_stages([order], date(2026, 11, 20)) == []


def test_shipped_is_not_delivered_without_a_shipped_date():
    order = Order("c1", date(2026, 11, 15), "面霜", status="已发货")
    assert stages(order) == []
    assert stages(Order("c1", date(2026, 11, 15), "面霜", status="已签收"))[0] == (RECEIVED, date(2026, 11, 19))


def test_a_step_more_than_thirty_days_past_its_date_has_lapsed():
    order = Order("c1", date(2026, 8, 1), "神秘礼盒", delivered_date=date(2026, 8, 20))  # received due 08-21
    f = facts(orders=[order])
    assert open_stages([order], date(2026, 9, 20)) == [(RECEIVED, date(2026, 8, 21))]  # 30 days: still asked
    assert open_stages([order], date(2026, 9, 21)) == []                                # 31 days: lapsed
    assert [(t.stage, t.due) for t in lapsed_touchpoints(f, {}, S, date(2026, 9, 21))] == [(RECEIVED, date(2026, 8, 21))]
    longer = Settings(post_sale_expiry_days=60)
    assert [t.stage for t in open_touchpoints(f, {}, longer, date(2026, 9, 21))] == [RECEIVED]


def test_lapsed_steps_are_counted_in_the_check_report():
    sheets = {"客户": [["姓名"], ["小满"], ["小雨"], ["阿珍"]],
              "订单": [["日期", "客户", "状态", "签收日期"],
                     [date(2026, 2, 1), "小满", "已签收", date(2026, 2, 4)],   # 已签收：签收后询问 due 02-05
                     [date(2026, 8, 1), "小雨", "交易成功", date(2026, 8, 3)],  # due 08-04
                     [date(2026, 11, 20), "阿珍", "交易成功", date(2026, 11, 21)]]}  # due 11-22: asked
    book, settings, report = book_from_rows(sheets, TODAY)
    day = compute(Loaded(book, settings, report, None), TODAY)  # the day's plan counts them, once
    assert "2 个成交跟进已过期超过 30 天，不再放进待办 / 2 post-sale steps lapsed more than 30 days ago; " \
           "not put in 待办" in report.notices
    assert [a.lapsed for a in day.plan.assessments.values()] == [1, 1, 0]
    due = [(a.key, t.due) for a in day.plan.assessments.values() for t in a.touchpoints]
    assert due == [("阿珍", date(2026, 11, 22))]
