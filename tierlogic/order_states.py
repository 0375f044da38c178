"""Order states: what an order's status word means for the rules, and the words platforms and sellers use.

One table (SPEC "Orders as platforms write them"). The words come from the platforms' exports
and order pages (淘宝/天猫, 有赞, 微店, 拼多多, 抖店, 快团团; tests/corpus/SOURCES.md S2–S7) and
from sellers' own books. The 设置 sheet shows each state's words (`status_words.已签收`), so a
seller can add one. Only a paid order is a purchase; a word found in no list is reported and
read as 状态不明, never as a sale.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping, Optional

from .model import (AGREED_NOT_ORDERED, CLOSED, DELIVERED, ORDERED, REFUNDING, RETURNED, SHIPPED, UNKNOWN_STATUS,
                    UNPAID)


@dataclass(frozen=True)
class OrderState:
    status: str           # the word Order.status holds
    english: str
    is_purchase: bool     # a sale: it counts in grade, lifecycle, totals, value tier and cadence
    gets_post_sale: bool  # may get post-sale touchpoints (成交跟进)
    words: tuple[str, ...]


ORDER_STATES = (
    OrderState(AGREED_NOT_ORDERED, "agreed, not yet ordered (seed 000)", False, True, ("成交未下单", "未下单", "待下单")),
    OrderState(UNPAID, "unpaid", False, False,
               ("等待买家付款", "待付款", "未付款", "待支付", "未支付", "等待付款", "待买家付款",
                "pending")),  # Shopify's Financial Status words, as its export writes them (corpus S30)
    OrderState(ORDERED, "paid, not shipped", True, True,
               ("已下单", "下单", "已付款", "已支付", "待发货", "买家已付款，等待卖家发货", "等待卖家发货",
                "等待商家发货", "未发货", "备货中", "待出库", "待成团", "已成团", "paid")),
    OrderState(SHIPPED, "shipped, not yet delivered", True, True,
               ("已发货", "发货", "已发出", "已发", "运输中", "在途", "配送中", "待收货", "卖家已发货，等待买家确认",
                "卖家已发货，等待买家确认收货", "商家已发货", "已发货，待签收", "已揽收", "派送中",
                "发货在途", "fulfilled")),  # 网店管家's order list (corpus S28), Shopify's Fulfillment Status (S30)
    OrderState(DELIVERED, "delivered or completed", True, True,
               ("已签收", "签收", "已收货", "收货", "已收到", "已送达", "确认收货", "已确认收货", "买家已签收",
                "交易成功", "交易完成", "已完成", "订单完成", "已自提")),
    OrderState(CLOSED, "closed or cancelled", False, False,
               ("交易关闭", "已关闭", "已取消", "取消", "订单关闭", "交易被淘宝关闭", "订单已取消", "已作废",
                "被取消", "voided")),  # 网店管家 (S28), Shopify (S30)
    OrderState(REFUNDING, "refund in progress", False, False,
               ("退款中", "售后中", "退货中", "申请退款", "退款申请中", "售后处理中", "退款审核中", "待退款")),
    OrderState(RETURNED, "refunded", False, False,
               ("退货", "已退货", "退款", "已退款", "退货退款", "退款成功", "未发货，退款成功", "已发货，退款成功",
                "全额退款", "售后完成", "已退回", "refunded", "restocked")),
    OrderState(UNKNOWN_STATUS, "a word not in any list (reported)", False, False, ()),
)
STATE_OF = MappingProxyType({s.status: s for s in ORDER_STATES})
# What a refund column (订单退款状态, 售后状态) says when there is no refund; anything else is read as a status.
NO_REFUND_WORDS = ("无售后或售后取消", "无售后", "售后取消", "售后关闭", "退款关闭", "无退款", "未退款", "无", "否",
                   "-", "--", "拒绝退款", "退款失败", "买家取消售后", "卖家终止售后")
# Commas, spaces and colons vary between exports of one platform (已发货，待签收 / 已发货,待签收 / 已发货 待签收).
_NOISE = re.compile(r"[\s,，、:：;；/]+")


def fold_word(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text))


def default_status_words() -> Mapping[str, str]:
    """Each state's words as 设置 shows them: status → "word、word、…"."""
    return MappingProxyType({s.status: "、".join(s.words) for s in ORDER_STATES if s.words})


def words_table(status_words: Mapping[str, str]) -> Mapping[str, str]:
    """Folded word → status, from the 设置 rows (status → "word、word")."""
    table = {fold_word(status): status for status in status_words}
    for status, words in status_words.items():
        table.update((fold_word(w), status) for w in re.split(r"[、;；\n]+", words) if fold_word(w))
    return MappingProxyType(table)


DEFAULT_WORDS = words_table(default_status_words())


def state_for(word: str, table: Mapping[str, str] = DEFAULT_WORDS) -> Optional[str]:
    """The status a word names, or None when it is in no list."""
    return table.get(fold_word(word))


def with_refund(status: Optional[str], refund_word: Optional[str],
                table: Mapping[str, str] = DEFAULT_WORDS) -> Optional[str]:
    """The order's status once its refund column is read: a refund in progress or done overrides the status
    (已完成 + 售后状态 退款成功 is refunded); no refund leaves it; a refund word in no list gives 状态不明 (the caller
    reports it)."""
    if refund_word is None or fold_word(refund_word) in _NO_REFUND:
        return status
    refund = state_for(refund_word, table)
    if refund in (REFUNDING, RETURNED):
        return status if status == RETURNED else refund
    return UNKNOWN_STATUS


_NO_REFUND = frozenset(map(fold_word, NO_REFUND_WORDS)) | {""}


def _state(status: str) -> OrderState:
    return STATE_OF.get(status, STATE_OF[UNKNOWN_STATUS])


def is_purchase(status: Optional[str]) -> bool:
    """A sale. An order without a status is a completed sale (a seller who logs only date and amount)."""
    return status is None or _state(status).is_purchase


def gets_post_sale(status: Optional[str]) -> bool:
    return status is None or _state(status).gets_post_sale
