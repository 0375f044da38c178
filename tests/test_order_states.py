"""Order status words → states (SPEC "Orders as platforms write them", issue 17).

The words per platform are the ones its exports and order pages use; sources in tests/corpus/SOURCES.md:
S2 淘宝/天猫 (a Taobao importer's STATUS_MAP, a Django TM_ORDER_STATUS), S3 有赞 (export 订单状态 / 订单退款状态),
S4 拼多多 (订单状态 / 售后状态 in a PDD export script), S5 抖店 (订单状态 / 售后状态 / 取消原因), S6 快团团, S7 微店.
"""
from datetime import date

import pytest

from tierlogic.model import Customer, Order
from tierlogic.order_states import NO_REFUND_WORDS, ORDER_STATES, STATE_OF, is_purchase, with_refund
from tierlogic.settings import DEFAULT_SETTINGS, settings_table
from workbook.reader import book_from_rows
from workbook.values import Invalid, parse_status

from .helpers import TODAY, facts

UNPAID, PAID, SHIPPED, DELIVERED, CLOSED, REFUNDING, REFUNDED = (
    "待付款", "已下单", "已发货", "已签收", "已关闭", "退款中", "退货")

# (platform, source, word as the platform writes it, state)
PLATFORM_WORDS = [
    ("淘宝", "S2", "等待买家付款", UNPAID),
    ("淘宝", "S2", "买家已付款，等待卖家发货", PAID),
    ("淘宝", "S2", "卖家已发货，等待买家确认", SHIPPED),
    ("淘宝", "S2", "卖家已发货，等待买家确认收货", SHIPPED),
    ("淘宝", "S2", "买家已签收", DELIVERED),
    ("淘宝", "S2", "交易成功", DELIVERED),
    ("淘宝", "S2", "交易关闭", CLOSED),
    ("淘宝", "S2", "交易被淘宝关闭", CLOSED),
    ("淘宝", "S2", "退款成功", REFUNDED),
    ("有赞", "S3", "交易完成", DELIVERED),
    ("有赞", "S3", "待发货", PAID),
    ("有赞", "S3", "退款中", REFUNDING),
    ("拼多多", "S4", "已发货，待签收", SHIPPED),
    ("拼多多", "S4", "未发货，退款成功", REFUNDED),
    ("拼多多", "S4", "已签收", DELIVERED),
    ("拼多多", "S4", "已取消", CLOSED),
    ("抖店", "S5", "已完成", DELIVERED),
    ("抖店", "S5", "已关闭", CLOSED),
    ("抖店", "S5", "备货中", PAID),
    ("快团团", "S6", "已退款", REFUNDED),
    ("微店", "S7", "待付款", UNPAID),
    ("SPEC", "SPEC", "未付款", UNPAID),
    ("SPEC", "SPEC", "待收货", SHIPPED),
    ("SPEC", "SPEC", "在途", SHIPPED),
    ("SPEC", "SPEC", "已收货", DELIVERED),
    ("SPEC", "SPEC", "确认收货", DELIVERED),
    ("SPEC", "SPEC", "售后中", REFUNDING),
    ("SPEC", "SPEC", "退货", REFUNDED),
]


@pytest.mark.parametrize("platform, source, word, state", PLATFORM_WORDS)
def test_platform_words(platform, source, word, state):
    assert parse_status(word) == state


@pytest.mark.parametrize("word", ["已发货,待签收", "已发货 待签收", "买家已付款,等待卖家发货", "交易 成功"])
def test_commas_and_spaces_vary_between_exports(word):
    assert isinstance(parse_status(word), str)


@pytest.mark.parametrize("state, purchase", [
    ("成交未下单", False), (UNPAID, False), (PAID, True), (SHIPPED, True), (DELIVERED, True),
    (CLOSED, False), (REFUNDING, False), (REFUNDED, False), ("状态不明", False), (None, True),
])
def test_only_paid_orders_are_purchases(state, purchase):
    assert is_purchase(state) is purchase
    bought = facts(orders=[Order("c1", date(2026, 11, 1), amount=100, status=state)])
    assert (bought.purchase_count, bought.total_amount) == ((1, 100) if purchase else (0, 0))


def test_every_state_has_a_row_and_unknown_has_no_words():
    assert [s.status for s in ORDER_STATES] == [
        "成交未下单", UNPAID, PAID, SHIPPED, DELIVERED, CLOSED, REFUNDING, REFUNDED, "状态不明"]
    words = [w for s in ORDER_STATES for w in s.words]
    assert len(words) == len(set(words)), "a word in two states"
    assert STATE_OF["状态不明"].words == ()


@pytest.mark.parametrize("status, refund, expected", [
    (DELIVERED, "退款成功", REFUNDED),      # 抖店 已完成 + 售后状态 退款成功
    (PAID, "退款中", REFUNDING),           # 有赞 待发货 + 订单退款状态 退款中
    (CLOSED, "退款成功", REFUNDED),         # 有赞 交易关闭 + 退款成功
    (DELIVERED, "无售后或售后取消", DELIVERED),  # 拼多多
    (DELIVERED, "退款关闭", DELIVERED),      # a refund refused: the sale stands
    (SHIPPED, None, SHIPPED),
    (DELIVERED, "看心情", "状态不明"),        # reported by the caller
    (None, "退款成功", REFUNDED),            # no status column: the refund column still speaks
    (None, None, None),
])
def test_a_refund_column_overrides_the_status(status, refund, expected):
    assert with_refund(status, refund) == expected


def test_no_refund_words_are_not_states():
    assert all(not isinstance(parse_status(w), str) or w == "无" for w in NO_REFUND_WORDS if w not in ("-", "--"))


def _book(status_cells, settings_rows=()):
    sheets = {
        "客户": [["姓名", "手机"], ["小满", "13900000101"]],
        "订单": [["日期", "客户", "金额", "状态"],
                 *[[date(2026, 11, 1 + i), "小满", 100, cell] for i, cell in enumerate(status_cells)]],
    }
    if settings_rows:
        sheets["设置"] = [["键", "说明", "值"], *settings_rows]
    return book_from_rows(sheets, TODAY)


@pytest.mark.parametrize("word", ["处理中", "完成了吧", "shipped", "退款关闭"])  # 退款关闭: a refund refused, not a state
def test_an_unknown_word_is_reported_and_never_a_sale(word):
    assert isinstance(parse_status(word), Invalid)
    book, _, report = _book([word, "交易成功"])
    assert [o.status for o in book.orders] == ["状态不明", DELIVERED]
    assert [(p.row, p.header, p.value) for p in report.problems] == [(2, "状态", word)]
    assert "「订单」订单状态无法识别，这些订单没有算作购买 (status words not known: those orders are not purchases)：1 处" \
        in report.notices
    f = facts(Customer("小满", "小满"), book.orders)
    assert f.purchase_count == 1 and f.purchases[0].status == DELIVERED


def test_a_seller_adds_a_word_in_settings():
    rows = [list(r) for r in settings_table(DEFAULT_SETTINGS)]
    row = next(r for r in rows if r[0] == f"status_words.{SHIPPED}")
    row[2] += "、已出库"
    book, settings, report = _book(["已出库"], rows)
    assert book.orders[0].status == SHIPPED and not report.problems
    assert "已出库" in settings.status_words[SHIPPED]
    assert isinstance(_book(["已出库"])[0].orders[0].status, str) and _book(["已出库"])[2].problems


def test_settings_show_each_state_s_words():
    shown = {key: value for key, _, value in settings_table(DEFAULT_SETTINGS) if key.startswith("status_words.")}
    assert shown[f"status_words.{DELIVERED}"].split("、")[:3] == ["已签收", "签收", "已收货"]
    assert set(shown) == {f"status_words.{s.status}" for s in ORDER_STATES if s.words}
    assert dict(settings_table(DEFAULT_SETTINGS)[i][::2] for i in range(len(settings_table(DEFAULT_SETTINGS))))[
        "post_sale_expiry_days"] == 30


def test_a_pasted_export_s_refund_column_overrides_its_status():
    sheets = {
        "客户": [["姓名", "手机"], ["陈晓", "13900000501"]],
        "订单": [["日期", "客户", "金额", "订单状态", "售后状态"],
                 [date(2026, 11, 1), "陈晓", 34.9, "已签收", "无售后或售后取消"],   # 拼多多 (S4)
                 [date(2026, 11, 5), "陈晓", 20.8, "已签收", "退款成功"],
                 [date(2026, 11, 6), "陈晓", 20.8, "已签收", "换货中"]],
    }
    book, _, report = book_from_rows(sheets, TODAY)
    assert [o.status for o in book.orders] == [DELIVERED, REFUNDED, "状态不明"]
    assert [(p.row, p.header, p.value) for p in report.problems] == [(4, "售后状态", "换货中")]
    assert facts(Customer("陈晓", "陈晓"), book.orders).purchase_count == 1
