"""What a correct reading of each corpus file gives, worked out by hand from make_corpus.py's rows.

Data only: the reader is being rewritten, and the lead wires these into tests. Every value
below was counted from the rows in make_corpus.py, not from running any reader; SPEC.md
("Round 2 — what real sellers' files and eyes showed") gives the rules they follow.

One entry per file in files/, keyed by file name:

  layout     what the file is, in a line
  sheets     sheet name -> what a correct reading takes it as:
               CUSTOMERS, ORDERS, CONTACTS; CUSTOMERS_AND_ORDERS (a book with one row per purchase);
               CUSTOMERS_AND_CONTACTS (a follow-up table: one row per contact, the customer merged down
               or repeated); EXPORT (a platform export: buyers become customers, lines become orders,
               as `tierbook init NEW.xlsx --from EXPORT` does); ORDER_LINES (lines of orders held in
               another file); IGNORE (an empty template); NO_HEADER (data without a header row: named in
               检查报告, not read). A csv has one sheet, "".
  header_row 1-based row of the (last) header row, where it is not row 1
  columns    sheet -> {header as written: meaning}. A meaning is a field of tierlogic.model (Customer,
             Order, Contact) or one of the words in EXTRA_MEANINGS. A header not listed carries nothing
             tierbook uses; a correct reading lists it among the unused columns, and never fills a field
             from it.
  customers  how many distinct customers a correct reading finds
  customer   customer (name as written; "name phone" where two share a name) -> facts. Only the facts
             given are asserted. Keys: the Customer fields (phone, wechat, id, region, birthday,
             interest, progress, first_purchase, last_purchase, purchase_count, total_amount,
             last_contact, next_contact, manual_grade, notes) plus
               grade        the six-level grade (S/A/B/C/D/F) the default rules give
               not_grade    a grade the customer must NOT get
               orders       keys of the orders (in `orders`) that belong to this customer
               next_birthday  the next birthday on or after TODAY
               klass        the seller's or CRM's own class text, kept as written (see "class")
  orders     order key (order number, or "row N" of the sheet) -> facts: customer (None: unlinked),
             state (see STATES), date (when ordered), amount (paid; the whole order's where it has
             several lines), lines, quantity, product, shipped_date, delivered_date
  lines, lines_of   for a line report: how many lines, and some orders' lines (product, quantity, price)
  unlinked   order keys a correct reading cannot give to any customer: reported, never guessed
  contacts   number of contact records a correct reading finds
  skipped    rows (1-based) that are not data: titles, blanks, 小计/合计 rows, notes
  not_customers  names that appear in the file but are not customers
  duplicates (sheet, row) of rows that repeat a customer (same name and phone)
  problems   (sheet, row, header, value) cells a correct reading reports instead of reading; [] = none
  notes      why, where a choice is not obvious
"""
from __future__ import annotations

from datetime import date
from typing import NamedTuple

TODAY = date(2026, 11, 23)


class Solar(NamedTuple):
    month: int
    day: int
    year: int | None = None


class Lunar(NamedTuple):
    month: int
    day: int
    leap: bool = False


# Sheet roles
CUSTOMERS, ORDERS, CONTACTS = "customers", "orders", "contacts"
CUSTOMERS_AND_ORDERS, CUSTOMERS_AND_CONTACTS = "customers+orders", "customers+contacts"
EXPORT, ORDER_LINES, IGNORE, NO_HEADER = "export", "order lines", "ignore", "no header"
# A log whose rows are purchases or contacts as a kind column (交易类型 购买 / 咨询 / 投诉) says.
ORDERS_AND_CONTACTS = "orders+contacts"

# Order states of issue 17 (SPEC "Orders as platforms write them"); only PAID, SHIPPED and
# DELIVERED orders are purchases.
UNPAID, PAID, SHIPPED, DELIVERED = "unpaid", "paid", "shipped", "delivered"
CLOSED, REFUNDING, REFUNDED = "closed", "refunding", "refunded"
STATES = (UNPAID, PAID, SHIPPED, DELIVERED, CLOSED, REFUNDING, REFUNDED)

# Column meanings that are not tierlogic.model fields
EXTRA_MEANINGS = {
    "order_no": "the platform's order number: one order, possibly several lines",
    "line_no": "the number of one line (子订单) of an order",
    "paid_date": "when the buyer paid",
    "completed_date": "when the platform marked the order complete (交易成功/订单完成): delivered by then",
    "refund_status": "a refund state beside the order state; a refund in progress or done overrides it",
    "refund_amount": "money given back",
    "recipient": "who receives the parcel: not the customer when the export names the buyer too",
    "recipient_phone": "the recipient's phone (masked 139****0101 on 淘宝/拼多多/抖店: not an identity)",
    "masked_phone": "a masked phone: corroborates an identity, never establishes one",
    "unit_price": "price of one unit; the line amount is unit price × quantity",
    "order_total": "the whole order's amount repeated on each of its lines: count it once",
    "alias": "another name the customer goes by (real name beside a nickname, or the reverse): orders may link by it",
    "contact_person": "the person to talk to at a company customer (联系人 beside 名称): not a second customer",
    "last_visit": "a salon or workshop visit: a paid service, so both the last purchase and the last contact",
    "class": "the seller's or CRM's own class of the customer (客户等级, 客户类别): kept, not a manual grade",
    "referrer": "who introduced the customer", "referrer_phone": "the referrer's phone, never the customer's",
    "row_number": "序号: a running number, not data",
    "vehicle": "car data (plate, make, model, mileage)", "reminder_date": "a date to remind of (年检到期日)",
    "owner": "the seller's staff member in charge (负责人, 跟进人, 美容师)",
    "balance": "money or sessions left on a member card",
    "ignore": "a hidden or duplicate column that a visible one of the same meaning replaces",
    "email": "an e-mail address: where no phone is kept it is what tells members apart and links their records",
    "age": "the customer's age in years: not a birthday",
    "points": "loyalty points (积分): not money spent",
    "pet": "a pet's name, kind, breed, sex or birthday: never the owner's",
    "record_kind": "what a row of a mixed log is (交易类型 购买 / 咨询 / 投诉): only 购买 rows are purchases",
    "submitted": "when a form was filled in (问卷星 提交答卷时间): the customer reached out, so a contact",
}

_TAOBAO_COLUMNS = {
    "订单编号": "order_no", "买家会员名": "customer", "买家实际支付金额": "amount", "订单状态": "status",
    "收货人姓名": "recipient", "联系手机": "recipient_phone", "订单创建时间": "date", "订单付款时间": "paid_date",
    "宝贝标题": "product", "宝贝总数量": "quantity", "物流单号": "tracking_no", "退款金额": "refund_amount",
}
_TAOBAO_ORDERS = {
    "4000000000000000001": dict(customer="tb_小鹿8848", state=DELIVERED, date=date(2026, 10, 28), amount=128.00,
                                product="玫瑰精华面霜 50g", quantity=1),
    "4000000000000000002": dict(customer="tb_小鹿8848", state=DELIVERED, date=date(2026, 11, 6), amount=256.00,
                                quantity=3),
    "4000000000000000003": dict(customer="蓝莓不加糖", state=UNPAID, date=date(2026, 11, 22)),
    "4000000000000000004": dict(customer="蓝莓不加糖", state=CLOSED, date=date(2026, 11, 20)),
    "4000000000000000005": dict(customer="阿福的店123", state=PAID, date=date(2026, 11, 21), amount=59.90),
    "4000000000000000006": dict(customer="周周fighting", state=SHIPPED, date=date(2026, 11, 15), amount=188.00),
    "4000000000000000007": dict(customer="周周fighting", state=DELIVERED, date=date(2026, 9, 30), amount=88.00),
    "4000000000000000008": dict(customer="tb_小鹿8848", state=CLOSED, date=date(2026, 11, 12)),
}
_YOUZAN_ORDERS = {
    "E20261101100000001": dict(customer="🌸小满", state=DELIVERED, date=date(2026, 11, 1), amount=168.00,
                               delivered_date=date(2026, 11, 4), product="栗子蛋糕 6寸"),
    "E20261115100000002": dict(customer="🌸小满", state=DELIVERED, date=date(2026, 11, 15), amount=88.00,
                               delivered_date=date(2026, 11, 18)),
    "E20261122100000003": dict(customer="大橘子", state=UNPAID, date=date(2026, 11, 22)),
    "E20261110100000004": dict(customer="大橘子", state=CLOSED, date=date(2026, 11, 10)),
    "E20261119100000005": dict(customer="Momo🐱", state=SHIPPED, date=date(2026, 11, 19), amount=199.00),
    "E20261120100000006": dict(customer="阿珍", state=REFUNDING, date=date(2026, 11, 20)),
    "E20261005100000007": dict(customer="阿珍", state=REFUNDED, date=date(2026, 10, 5)),
}
_PDD_COLUMNS = {
    "商品": "product", "订单号": "order_no", "订单状态": "status", "用户实付金额(元)": "amount",
    "商品数量(件)": "quantity", "发货时间": "shipped_date", "确认收货时间": "delivered_date",
    "售后状态": "refund_status", "快递单号": "tracking_no", "订单成交时间": "date", "收货人": "customer",
    "手机": "masked_phone",
}
_PDD_ORDERS = {
    "261101-000000000000001": dict(customer="陈晓 139****0501", state=DELIVERED, date=date(2026, 11, 1),
                                   amount=34.90, shipped_date=date(2026, 11, 2), delivered_date=date(2026, 11, 5)),
    "261122-000000000000002": dict(customer="陈晓 139****0501", state=PAID, date=date(2026, 11, 22), amount=34.90),
    "261118-000000000000003": dict(customer="陈晓 139****0777", state=SHIPPED, date=date(2026, 11, 18),
                                   amount=20.80, quantity=2, shipped_date=date(2026, 11, 19)),
    "261110-000000000000004": dict(customer="王芳 139****0602", state=CLOSED, date=date(2026, 11, 10)),
    "261112-000000000000005": dict(customer="王芳 139****0602", state=REFUNDED, date=date(2026, 11, 12)),
    "261020-000000000000006": dict(customer="赵一 139****0603", state=DELIVERED, date=date(2026, 10, 20),
                                   amount=34.90, delivered_date=date(2026, 10, 24)),
}
_DOUDIAN_COLUMNS = {
    "主订单编号": "order_no", "子订单编号": "line_no", "选购商品": "product", "商品数量": "quantity",
    "商品单价": "unit_price", "订单应付金额": "order_total", "收件人": "customer", "收件人手机号": "masked_phone",
    "订单提交时间": "date", "支付完成时间": "paid_date", "订单完成时间": "completed_date", "订单状态": "status",
    "售后状态": "refund_status", "发货时间": "shipped_date",
}
_DOUDIAN_ORDERS = {
    "7000000000000000001": dict(customer="林* 139****0101", state=DELIVERED, date=date(2026, 11, 3), amount=98.00,
                                lines=2, shipped_date=date(2026, 11, 4)),
    "7000000000000000002": dict(customer="何** 139****0202", state=SHIPPED, date=date(2026, 11, 20), amount=118.00,
                                quantity=2),
    "7000000000000000003": dict(customer="何** 139****0202", state=CLOSED, date=date(2026, 11, 18)),
    "7000000000000000004": dict(customer="宋* 139****0303", state=REFUNDED, date=date(2026, 11, 1)),
    "7000000000000000005": dict(customer="宋* 139****0303", state=PAID, date=date(2026, 11, 22), amount=39.00),
}
_DOUDIAN_EXPORT = dict(
    layout="抖店 order export: one row per 子订单, buyer masked",
    sheets={"Sheet1": EXPORT},
    columns={"Sheet1": _DOUDIAN_COLUMNS},
    customers=3,
    customer={
        "林* 139****0101": dict(purchase_count=1, total_amount=98.00, last_purchase=date(2026, 11, 3), grade="S",
                                orders=["7000000000000000001"]),
        "何** 139****0202": dict(purchase_count=1, total_amount=118.00, last_purchase=date(2026, 11, 20), grade="S",
                                 orders=["7000000000000000002", "7000000000000000003"]),
        "宋* 139****0303": dict(purchase_count=1, total_amount=39.00, last_purchase=date(2026, 11, 22), grade="S",
                               orders=["7000000000000000004", "7000000000000000005"]),
    },
    orders=_DOUDIAN_ORDERS,
    notes=["订单应付金额 (98) stands on both lines of order …0001: the order is 98.00 once, its lines 59 + 39",
           "已完成 with 售后状态 退款成功 (…0004) is refunded: not a purchase",
           "已关闭 with 取消原因 超时未支付 (…0003) was never paid",
           "达人昵称 (小满直播间) is the streamer who sold it, not the buyer",
           "no buyer id and masked names: a buyer is 收件人 + masked phone; "
           "init --from should say the names are masked"],
)
_KTT_COLUMNS = {
    "跟团号": "order_no", "下单人": "customer", "团员备注": "notes", "支付时间": "date", "商品": "product",
    "订单金额": "amount", "退款金额": "refund_amount", "订单状态": "status", "收货人": "recipient",
    "联系电话": "phone", "详细地址": "region",
}
_KTT_ORDERS = {
    "1": dict(customer="🍓草莓妈妈", state=DELIVERED, date=date(2026, 11, 18), amount=39.9,
              product="阳光玫瑰葡萄 2斤", quantity=1),
    "2": dict(customer="老王🚗", state=SHIPPED, date=date(2026, 11, 18), amount=79.8, product="阳光玫瑰葡萄 2斤",
              quantity=2),
    "3": dict(customer="🍓草莓妈妈", state=PAID, date=date(2026, 11, 21), amount=29.9, product="丑橘 5斤", quantity=1),
    "4": dict(customer="Lily🌙", state=REFUNDED, date=date(2026, 11, 19)),
    "5": dict(customer="老王🚗", state=CLOSED, date=date(2026, 11, 22)),
}
_KTT_CUSTOMERS = {
    "🍓草莓妈妈": dict(phone="13900000711", purchase_count=2, total_amount=69.8, last_purchase=date(2026, 11, 21),
                   grade="S", orders=["1", "3"]),
    "老王🚗": dict(phone="13900000722", purchase_count=1, total_amount=79.8, last_purchase=date(2026, 11, 18),
                 grade="S", orders=["2", "5"]),
    "Lily🌙": dict(phone="13900000733", purchase_count=0, not_grade="S", orders=["4"]),
}
_KTT_BOOK = dict(
    layout="a seller's 客户 sheet with a 快团团 export pasted beside it",
    sheets={"客户": CUSTOMERS, "快团团导出": ORDERS},
    columns={"客户": {"微信名": "name", "手机": "phone", "小区": "region", "生日": "birthday"},
             "快团团导出": _KTT_COLUMNS},
    customers=3,
    customer={
        **_KTT_CUSTOMERS,
        "🍓草莓妈妈": dict(_KTT_CUSTOMERS["🍓草莓妈妈"], birthday=Solar(5, 8)),
        "Lily🌙": dict(_KTT_CUSTOMERS["Lily🌙"], birthday=Solar(1, 1, 2001)),
    },
    orders=_KTT_ORDERS,
    notes=["orders link by 下单人 = 微信名 (emoji included, exact after NFKC) and 联系电话 = 手机: both agree",
           "the quantity is inside 商品: 阳光玫瑰葡萄 2斤×2 is product 阳光玫瑰葡萄 2斤, quantity 2"],
)
_PDD_EXPORT = dict(
    layout="拼多多 order export: tab-prefixed numbers, '-' for blanks, masked phones",
    sheets={"": EXPORT},
    columns={"": _PDD_COLUMNS},
    customers=4,
    customer={
        "陈晓 139****0501": dict(purchase_count=2, total_amount=69.80, last_purchase=date(2026, 11, 22), grade="S",
                                orders=["261101-000000000000001", "261122-000000000000002"]),
        "陈晓 139****0777": dict(purchase_count=1, last_purchase=date(2026, 11, 18), grade="S",
                                orders=["261118-000000000000003"]),
        "王芳 139****0602": dict(purchase_count=0, not_grade="S",
                                orders=["261110-000000000000004", "261112-000000000000005"]),
        "赵一 139****0603": dict(purchase_count=1, last_purchase=date(2026, 10, 20), grade="S",
                                orders=["261020-000000000000006"]),
    },
    orders=_PDD_ORDERS,
    problems=[],
    notes=["'-' is the export's blank and a tab before a long number keeps Excel from mangling it: "
           "neither is a problem to report",
           "two buyers called 陈晓 with different masked phones are two people (SPEC: same name, different phones)",
           "order numbers are text without the leading tab (261101-000000000000001)",
           "未发货，退款成功 is refunded; 已发货，待签收 is shipped; 已取消 is closed",
           "amount is what the buyer paid (用户实付金额); 商家实收金额 is the seller's takings before fees"],
)

EXPECTED: dict[str, dict] = {
    # ------------------------------------------------------------------ 淘宝 / 天猫
    "taobao_orders_report_gb18030.csv": dict(
        layout="淘宝 订单报表, 45 columns, GB18030, comma",
        sheets={"": EXPORT},
        columns={"": _TAOBAO_COLUMNS},
        customers=4,
        customer={
            "tb_小鹿8848": dict(phone=None, purchase_count=2, total_amount=384.00, first_purchase=date(2026, 10, 28),
                              last_purchase=date(2026, 11, 6), grade="S",
                              orders=["4000000000000000001", "4000000000000000002", "4000000000000000008"]),
            "蓝莓不加糖": dict(purchase_count=0, not_grade="S",
                          orders=["4000000000000000003", "4000000000000000004"]),
            "阿福的店123": dict(purchase_count=1, total_amount=59.90, last_purchase=date(2026, 11, 21), grade="S"),
            "周周fighting": dict(purchase_count=2, total_amount=276.00, first_purchase=date(2026, 9, 30),
                               last_purchase=date(2026, 11, 15), grade="S"),
        },
        orders=_TAOBAO_ORDERS,
        notes=["the amount is 买家实际支付金额, not 买家应付货款 or 总金额 (unpaid orders have 应付 99.00, paid 0.00)",
               "联系手机 is masked (139****0101): no phone is read from it",
               "…0008 was paid, then refunded: 交易关闭 with 退款金额 128.00 is closed, never a purchase",
               "卖家已发货，等待买家确认 is shipped, not delivered: no 已签收 touchpoint yet",
               "买家已付款，等待卖家发货 (…0005) is paid: a purchase, not yet shipped"],
    ),
    "taobao_items_report_utf8bom.csv": dict(
        layout="淘宝 宝贝报表: the lines of the orders in taobao_orders_report_gb18030.csv",
        sheets={"": ORDER_LINES},
        columns={"": {"订单编号": "order_no", "标题": "product", "价格": "unit_price", "购买数量": "quantity",
                      "订单状态": "status"}},
        customers=0,
        lines=9,
        lines_of={"4000000000000000002": [("玫瑰精华面霜 50g", 1, 128.00), ("氨基酸洁面乳 100g", 2, 64.00)]},
        notes=["no buyer column: alone it gives no customers; init --from should say it needs the 订单报表 "
               "(lines join it by 订单编号) rather than report nine unknown customers",
               "order …0002 is 128 × 1 + 64 × 2 = 256.00, its 买家实际支付金额 in the 订单报表"],
    ),
    "taobao_book.xlsx": dict(
        layout="seller's 客户 sheet (旺旺名 …) with the 订单报表's first 25 columns pasted as 淘宝订单",
        sheets={"客户": CUSTOMERS, "淘宝订单": ORDERS},
        columns={"客户": {"旺旺名": "name", "收货人": "alias", "客户手机号": "phone", "客户生日": "birthday",
                        "上次消费时间": "last_purchase", "消费次数": "purchase_count", "备注": "notes"},
                 "淘宝订单": {k: v for k, v in _TAOBAO_COLUMNS.items() if k not in ("退款金额",)}},
        customers=4,
        customer={
            "tb_小鹿8848": dict(phone="13900000101", birthday=Solar(5, 20, 1995), purchase_count=3,
                              last_purchase=date(2026, 11, 6), grade="S",
                              orders=["4000000000000000001", "4000000000000000002"]),
            "周周fighting": dict(phone="13900000102", birthday=Lunar(3, 3), purchase_count=2,
                               last_purchase=date(2026, 11, 15), grade="S", next_birthday=date(2027, 4, 9),
                               orders=["4000000000000000006", "4000000000000000007"]),
            "阿福的店123": dict(phone="13900000103", purchase_count=1, last_purchase=date(2026, 11, 21), grade="S",
                            orders=["4000000000000000005"]),
            "老顾客_没下单": dict(phone="13900000104", birthday=Solar(12, 24), purchase_count=5,
                             last_purchase=date(2025, 12, 20), grade="S", orders=[]),
        },
        orders={k: v for k, v in _TAOBAO_ORDERS.items() if k[-1] in "12567"},
        customers_where_row_and_orders_differ=3,
        notes=["orders link by 买家会员名 = 旺旺名; 联系手机 is masked, so not by phone",
               "tb_小鹿8848: the row says 3 purchases (history from before the export), the orders 2: take 3; "
               "last purchase: the later of the row (2026-10-01) and the orders (2026-11-06)",
               "周周fighting: row 1, orders 2 → 2; 阿福的店123: row 0, orders 1 → 1",
               "老顾客_没下单 last bought 338 days ago: lifecycle 沉睡(临时)"],
    ),
    # ------------------------------------------------------------------ 有赞
    "youzan_orders_utf8bom.csv": dict(
        layout="有赞 order export, 60 columns (分销员 twice), UTF-8 with BOM",
        sheets={"": EXPORT},
        columns={"": {"订单号": "order_no", "订单状态": "status", "订单创建时间": "date", "买家付款时间": "paid_date",
                      "交易成功时间": "completed_date", "订单实付金额": "amount", "全部商品名称": "product",
                      "收货人/提货人": "recipient", "收货人手机号/提货人手机号": "recipient_phone",
                      "买家昵称": "customer", "买家手机号": "phone", "订单退款状态": "refund_status",
                      "订单已退款金额": "refund_amount"}},
        customers=4,
        customer={
            "🌸小满": dict(phone="13900000101", purchase_count=2, total_amount=256.00, last_purchase=date(2026, 11, 15),
                         grade="S", orders=["E20261101100000001", "E20261115100000002"]),
            "大橘子": dict(phone="13900000202", purchase_count=0, not_grade="S"),
            "Momo🐱": dict(phone="13900000303", purchase_count=1, total_amount=199.00,
                          last_purchase=date(2026, 11, 19), grade="S"),
            "阿珍": dict(phone="13900000404", orders=["E20261120100000006", "E20261005100000007"]),
        },
        orders=_YOUZAN_ORDERS,
        notes=["the buyer is 买家昵称 / 买家手机号; Momo🐱's cake went to 收货人 Momo妈妈 (13900000909): "
               "she is not a customer and her phone is not Momo🐱's",
               "待发货 with 订单退款状态 退款中 (…0006) is refunding; 交易关闭 with 退款成功 (…0007) is refunded: "
               "neither gets a post-sale task (whether a refund in progress counts as a purchase SPEC leaves open)",
               "交易成功时间 is when 交易完成 happened: delivered by then",
               "分销员 is a header twice: both columns are unused; a duplicate header must not break the reading"],
    ),
    "youzan_book.xlsx": dict(
        layout="seller's 客户资料 sheet with 12 columns of the 有赞 export pasted as 有赞订单",
        sheets={"客户资料": CUSTOMERS, "有赞订单": ORDERS},
        columns={"客户资料": {"客户昵称": "name", "客户手机号": "phone", "微信名": "wechat", "客户生日": "birthday",
                          "消费次数": "purchase_count", "上次消费时间": "last_purchase"},
                 "有赞订单": {"订单号": "order_no", "订单状态": "status", "订单创建时间": "date",
                          "买家付款时间": "paid_date", "交易成功时间": "completed_date", "订单实付金额": "amount",
                          "全部商品名称": "product", "收货人/提货人": "recipient",
                          "收货人手机号/提货人手机号": "recipient_phone", "买家昵称": "customer",
                          "买家手机号": "phone", "订单退款状态": "refund_status"}},
        customers=3,
        customer={
            "🌸小满": dict(phone="13900000101", wechat="xiaoman_wx", birthday=Solar(5, 20, 1995), purchase_count=2,
                         last_purchase=date(2026, 11, 15), grade="S",
                         orders=["E20261101100000001", "E20261115100000002"]),
            "大橘子": dict(phone="13900000202", wechat="juzi88", birthday=Lunar(12, 8), purchase_count=0,
                        next_birthday=date(2027, 1, 15), not_grade="S",
                        orders=["E20261122100000003", "E20261110100000004"]),
            "小雨点": dict(phone="13900000505", purchase_count=2, last_purchase=date(2026, 8, 8), grade="S", orders=[]),
        },
        orders={k: v for k, v in _YOUZAN_ORDERS.items() if k[-1] in "12345"},
        unlinked=["E20261119100000005"],
        notes=["orders link by 买家手机号 = 客户手机号 (and 买家昵称 = 客户昵称)",
               "Momo🐱 (…0005) is not on the customer sheet: reported as an unknown buyer, never dropped silently",
               "大橘子's 农历腊月初八 falls on 2027-01-15, also 腊八",
               "小雨点 has no orders: the row's history (2 purchases, 2026-08-08) stands; lifecycle 沉睡(临时)"],
    ),
    # ------------------------------------------------------------------ 拼多多
    "pdd_orders_utf8bom.csv": _PDD_EXPORT,
    "pdd_orders_resaved_utf16_tab.csv": dict(_PDD_EXPORT, layout="the 拼多多 export re-saved from Excel as "
                                             "Unicode text: UTF-16 with BOM, tab-separated, same rows"),
    "pdd_book.xlsx": dict(
        layout="seller's 客户 sheet (姓名, 手机, 地区) with the 拼多多 export pasted as 订单",
        sheets={"客户": CUSTOMERS, "订单": ORDERS},
        columns={"客户": {"姓名": "name", "手机": "phone", "地区": "region"}, "订单": _PDD_COLUMNS},
        customers=3,
        customer={
            "陈晓": dict(phone="13900000501", purchase_count=2, last_purchase=date(2026, 11, 22), grade="S",
                       orders=["261101-000000000000001", "261122-000000000000002"]),
            "王芳": dict(phone="13900000602", purchase_count=0, not_grade="S",
                       orders=["261110-000000000000004", "261112-000000000000005"]),
            "赵一": dict(phone="13900000603", purchase_count=1, last_purchase=date(2026, 10, 20), grade="S",
                       orders=["261020-000000000000006"]),
        },
        orders={k: dict(v, customer=None if k == "261118-000000000000003" else v["customer"].split()[0])
                for k, v in _PDD_ORDERS.items()},
        unlinked=["261118-000000000000003"],
        notes=["orders link by 收货人 = 姓名 where the masked phone agrees with the customer's phone "
               "(139****0501 fits 13900000501)",
               "…0003 is 陈晓 with 139****0777, which contradicts the one 陈晓 on the sheet (13900000501): "
               "a different person; reported, not added to 陈晓"],
    ),
    # ------------------------------------------------------------------ 抖店
    "doudian_orders.xlsx": _DOUDIAN_EXPORT,
    "doudian_orders.xls": dict(_DOUDIAN_EXPORT, layout="the 抖店 export as .xls (LibreOffice's conversion)"),
    "doudian_book.xlsx": dict(
        layout="seller's 客户 sheet (抖音昵称, 姓名, 手机) with the 抖店 export pasted as 抖店订单",
        sheets={"客户": CUSTOMERS, "抖店订单": ORDERS},
        columns={"客户": {"抖音昵称": "alias", "姓名": "name", "手机": "phone", "备注": "notes"},
                 "抖店订单": _DOUDIAN_COLUMNS},
        customers=2,
        customer={"林晓": dict(phone="13900000101", orders=[]), "宋雨": dict(phone="13900000303", orders=[])},
        orders={k: dict(v, customer=None) for k, v in _DOUDIAN_ORDERS.items()},
        unlinked=list(_DOUDIAN_ORDERS),
        notes=["收件人 林* / 宋* and their phones are masked: matching 林* to 林晓 by the first character or "
               "139****0101 to 13900000101 by the visible digits is a guess; 检查报告 may propose it, "
               "the orders must not count until the seller confirms"],
    ),
    # ------------------------------------------------------------------ 快团团
    "ktt_orders_utf8.csv": dict(
        layout="快团团 group-buy export, UTF-8 without BOM",
        sheets={"": EXPORT},
        columns={"": _KTT_COLUMNS},
        customers=3,
        customer=_KTT_CUSTOMERS,
        orders=_KTT_ORDERS,
        notes=["已退款 (4) is refunded and 已取消 (5) closed: Lily🌙 has no purchase",
               "the quantity is inside 商品: 阳光玫瑰葡萄 2斤×2 is quantity 2; 订单金额 79.8 is the line's amount"],
    ),
    "ktt_book.xlsx": _KTT_BOOK,
    "ktt_book.xls": dict(_KTT_BOOK, layout="the same seller book saved as .xls (LibreOffice's conversion)"),
    # ------------------------------------------------------------------ 微店
    "weidian_orders_gb18030_tab.csv": dict(
        layout="微店 order list, GB18030, tab-separated",
        sheets={"": EXPORT},
        columns={"": {"订单号": "order_no", "商品名称": "product", "订单状态": "status", "实付金额": "amount",
                      "下单时间": "date", "付款时间": "paid_date", "发货时间": "shipped_date", "收货人": "customer",
                      "收货人电话": "phone"}},
        customers=3,
        customer={
            "周小雨": dict(phone="13900000801", purchase_count=2, total_amount=75.00, last_purchase=date(2026, 11, 18),
                        grade="S", orders=["W202611010001", "W202611180002"]),
            "孙悟": dict(phone="13900000802", purchase_count=0, not_grade="S",
                       orders=["W202611230003", "W202611120004"]),
            "钱多多": dict(phone="13900000803", purchase_count=1, total_amount=25.00, last_purchase=date(2026, 11, 22),
                        grade="S", orders=["W202611220005"]),
        },
        orders={
            "W202611010001": dict(customer="周小雨", state=DELIVERED, date=date(2026, 11, 1), amount=25.00,
                                  shipped_date=date(2026, 11, 2)),
            "W202611180002": dict(customer="周小雨", state=SHIPPED, date=date(2026, 11, 18), amount=50.00,
                                  shipped_date=date(2026, 11, 19)),
            "W202611230003": dict(customer="孙悟", state=UNPAID, date=date(2026, 11, 23)),
            "W202611120004": dict(customer="孙悟", state=CLOSED, date=date(2026, 11, 12)),
            "W202611220005": dict(customer="钱多多", state=PAID, date=date(2026, 11, 22), amount=25.00),
        },
    ),
    # ------------------------------------------------------------------ 微商 hand-made books
    "weishang_title_rows.xlsx": dict(
        layout="hand-made 微商 book: title rows, one row per purchase, 小计/合计 rows, emoji nicknames",
        sheets={"2026客户": CUSTOMERS_AND_ORDERS},
        header_row=4,
        columns={"2026客户": {"序号": "row_number", "微信名": "name", "手机": "phone", "地区": "region",
                            "购买产品": "product", "数量": "quantity", "购买日期": "date", "金额": "amount",
                            "回访日期": "last_contact", "生日": "birthday", "备注": "notes"}},
        skipped=[1, 2, 3, 7, 8, 12, 13, 14],
        customers=4,
        customer={
            "🌸小满": dict(phone="13900000901", region="杭州", purchase_count=2, total_amount=227.00,
                         first_purchase=date(2026, 10, 28), last_purchase=date(2026, 11, 5),
                         last_contact=date(2026, 11, 5), birthday=Solar(3, 5), grade="S",
                         orders=["row 5", "row 9"]),
            "阿珍😊": dict(phone="13900000902", purchase_count=1, total_amount=25.00, last_purchase=date(2026, 10, 30),
                         grade="S"),
            "大橘子🍊": dict(phone="13900000903", purchase_count=1, total_amount=99.00, last_purchase=date(2026, 11, 12),
                          last_contact=date(2026, 11, 20), birthday=Lunar(8, 15), next_birthday=date(2027, 9, 15),
                          grade="S"),
            "Momo🐱": dict(phone="13900000904", purchase_count=1, total_amount=68.00, last_purchase=date(2026, 11, 18),
                          birthday=Solar(6, 1, 1992), grade="S"),
        },
        orders={
            "row 5": dict(customer="🌸小满", date=date(2026, 10, 28), amount=128.00, product="面霜", quantity=1),
            "row 6": dict(customer="阿珍😊", date=date(2026, 10, 30), amount=25.00, product="面膜", quantity=2),
            "row 9": dict(customer="🌸小满", date=date(2026, 11, 5), amount=99.00, product="精华"),
            "row 10": dict(customer="大橘子🍊", date=date(2026, 11, 12), amount=99.00),
            "row 11": dict(customer="Momo🐱", date=date(2026, 11, 18), amount=68.00),
        },
        notes=["the sheet's name (2026客户) is not a known name: found by its header on row 4",
               "dates without a year are the latest such day on or before today: 10-28, 10/30, 11月5日, 11.12, 11-04",
               "12.5元/盒 is a unit price: 2 boxes are 25.00; 包邮 99 and 99.00（含运费） are 99.00; ¥68 is 68.00",
               "139 0000 0901 is 13900000901; row 9 has no phone but the same 微信名: the same customer",
               "the amounts add up to the book's own 合计 419 (10月小计 153 + 11月小计 266)",
               "last contact is the latest of 回访日期 and the last purchase (README: a purchase is a conversation)"],
    ),
    "weishang_merged_names.xlsx": dict(
        layout="hand-made book: customer name, phone and 下次回访 merged down over the purchase rows",
        sheets={"客户": CUSTOMERS_AND_ORDERS},
        columns={"客户": {"客户": "name", "电话": "phone", "产品": "product", "日期": "date", "金额": "amount",
                        "下次回访": "next_contact"}},
        customers=3,
        customer={
            "王姐": dict(phone="13900001001", purchase_count=3, total_amount=454.00, first_purchase=date(2026, 9, 15),
                       last_purchase=date(2026, 11, 10), next_contact=date(2026, 12, 1), grade="S",
                       orders=["row 2", "row 3", "row 4"]),
            "小李": dict(phone="13900001002", purchase_count=1, total_amount=58.00, last_purchase=date(2026, 11, 2),
                       next_contact=date(2026, 11, 30), grade="S", orders=["row 5"]),
            "陈阿姨": dict(phone="13900001003", purchase_count=2, total_amount=243.00, last_purchase=date(2026, 10, 1),
                        next_contact=date(2026, 12, 5), grade="S", orders=["row 6", "row 7"]),
        },
        orders={"row 2": dict(customer="王姐", date=date(2026, 9, 15), amount=198.00, product="阿胶糕"),
                "row 3": dict(customer="王姐", date=date(2026, 10, 20), amount=198.00, product="阿胶糕"),
                "row 4": dict(customer="王姐", date=date(2026, 11, 10), amount=58.00, product="红枣"),
                "row 5": dict(customer="小李", date=date(2026, 11, 2), amount=58.00, product="红枣"),
                "row 6": dict(customer="陈阿姨", date=date(2026, 8, 8), amount=198.00, product="阿胶糕"),
                "row 7": dict(customer="陈阿姨", date=date(2026, 10, 1), amount=45.00, product="枸杞")},
        problems=[],
        notes=["a value merged down (A2:A4 王姐) belongs to each row it covers: rows 3, 4 and 7 are not "
               "'name missing'",
               "11月30日 and 12月5日 are next-contact dates: the nearest such day, so 2026-11-30 and 2026-12-05"],
    ),
    "template_beside_filled.xlsx": dict(
        layout="an empty downloaded template (Sheet1) beside the filled 录入客户",
        sheets={"Sheet1": IGNORE, "录入客户": CUSTOMERS},
        columns={"录入客户": {"客户姓名": "name", "手机号码": "phone", "微信号": "wechat", "生日": "birthday",
                          "购买次数": "purchase_count", "最近购买": "last_purchase", "备注": "notes"}},
        customers=6,
        customer={
            "吴一": dict(phone="13900001101", wechat="wuyi01", birthday=Solar(1, 1, 1990), purchase_count=3,
                       last_purchase=date(2026, 11, 20), grade="S"),
            "郑二": dict(birthday=Solar(7, 7, 1985), purchase_count=1, last_purchase=date(2026, 10, 3), grade="S"),
            "冯三": dict(purchase_count=0, not_grade="S"),
            "陈四": dict(birthday=Lunar(10, 10), purchase_count=2, last_purchase=date(2026, 11, 11), grade="S",
                       next_birthday=date(2027, 11, 7)),
            "褚五": dict(purchase_count=5, last_purchase=date(2026, 11, 22), grade="S"),
            "卫六": dict(purchase_count=0, not_grade="S"),
        },
        notes=["both sheets have the same headers; the filled one is read, the empty template is not a reason "
               "to ignore it"],
    ),
    "headerless_second_sheet.xlsx": dict(
        layout="客户 with a header, and Sheet2 pasted from a chat without one",
        sheets={"客户": CUSTOMERS, "Sheet2": NO_HEADER},
        columns={"客户": {"姓名": "name", "手机": "phone", "最近购买": "last_purchase", "购买次数": "purchase_count"}},
        customers=4,
        customer={"蒋一": dict(purchase_count=2, last_purchase=date(2026, 11, 1)),
                  "沈二": dict(purchase_count=1, last_purchase=date(2026, 10, 15)),
                  "韩三": dict(purchase_count=4, last_purchase=date(2026, 9, 9)),
                  "杨四": dict(purchase_count=0)},
        not_customers=["蒋七", "沈八", "韩九"],
        notes=["检查报告 names Sheet2 as 3 rows of data without a header row, so the seller can add one"],
    ),
    "headerless_only.xlsx": dict(
        layout="a single sheet of customers with no header row",
        sheets={"Sheet1": NO_HEADER},
        customers=0,
        notes=["nothing can be read safely; 检查报告 must say Sheet1 has 3 rows of data but no header row "
               "(not only 'no customer sheet found')"],
    ),
    "birthdays_side_by_side.xlsx": dict(
        layout="会员 sheet with 公历生日 and 农历生日 columns side by side, dates in many shapes",
        sheets={"会员": CUSTOMERS},
        columns={"会员": {"会员姓名": "name", "手机号": "phone", "公历生日": "birthday", "农历生日": "birthday",
                        "上次消费时间": "last_purchase", "消费次数": "purchase_count", "备注": "notes"}},
        customers=6,
        customer={
            "杨柳": dict(birthday=Solar(3, 5, 1990), last_purchase=date(2026, 11, 10), purchase_count=3, grade="S",
                       next_birthday=date(2027, 3, 5)),
            "朱红": dict(birthday=Lunar(1, 15), last_purchase=date(2026, 11, 1), purchase_count=2, grade="S",
                       next_birthday=date(2027, 2, 20)),
            "秦琴": dict(birthday=Solar(3, 5, 1990), last_purchase=date(2026, 11, 1), purchase_count=1, grade="S"),
            "尤优": dict(birthday=Lunar(2, 2), last_purchase=date(2026, 11, 1), purchase_count=4, grade="S",
                       next_birthday=date(2027, 3, 9)),
            "许诺": dict(birthday=Solar(10, 1, 1988), last_purchase=date(2026, 7, 24), purchase_count=1, grade="S"),
            "何夕": dict(birthday=Lunar(4, 8, leap=True), last_purchase=date(2026, 10, 28), purchase_count=2,
                       grade="S", next_birthday=date(2027, 5, 13)),
        },
        notes=["each row fills one of the two birthday columns, except 许诺, who fills both: 1988-10-01 is "
               "lunar 1988 八月廿一, so they agree (a pair that disagreed should be reported)",
               "1990-正月十五 is lunar 1/15 (year 1990); 农历：二月初二 lunar 2/2; 90年3月5日 is 1990-03-05",
               "闰四月初八: 2027 has no leap 4th month, so the ordinary 四月初八 (2027-05-13)",
               "2026/11/01 下午 2:30, 26/11/1 (year first: 26 cannot be a month), 11/1/2026 (月/日/年) are all "
               "2026-11-01; 2026-07-24T01:23:22.623Z is 2026-07-24 (09:23 in China)",
               "10-28 is 2026-10-28; 2次 is 2"],
    ),
    "leads_hidden_old_phone.xlsx": dict(
        layout="leads named 先生/女士 with different phones; a hidden 手机(旧) beside the visible 手机",
        sheets={"客户": CUSTOMERS},
        columns={"客户": {"客户名称": "name", "手机": "phone", "手机(旧)": "ignore", "客户意向": "interest",
                        "沟通进度": "progress", "下次跟进时间": "next_contact", "来源": "source", "备注": "notes"}},
        customers=9,
        customer={
            "王先生 13900001501": dict(phone="13900001501", interest="高", progress="a",
                                    next_contact=date(2026, 11, 24), grade="A"),
            "王先生 13900001502": dict(progress="c", next_contact=date(2026, 11, 30), grade="D"),
            "王先生 13900001503": dict(progress="d", grade="D"),
            "李女士 13900001504": dict(progress="b", next_contact=date(2026, 11, 25), grade="A"),
            "李女士 13900001505": dict(progress="c", grade="D"),
            "张女士 13900001506": dict(interest="无", progress="d", grade="D"),
            "刘先生 13900001507": dict(progress="a", next_contact=date(2026, 11, 23), grade="A"),
            "赵女士 13900001509": dict(progress="b", next_contact=date(2026, 11, 26), grade="A"),
        },
        duplicates=[("客户", 10)],
        notes=["same name with different phones are different people: three 王先生, two 李女士",
               "赵女士 twice with the same phone is one customer: row 10 is the duplicate",
               "手机(旧) is hidden: the visible 手机 is the phone (王先生's is 13900001501, not 13800001501)",
               "沟通进度 is progress and 客户意向 interest (issue 16's headers)"],
    ),
    "dates_as_typed.xlsx": dict(
        layout="last-order and next-follow-up dates typed by hand in ten shapes",
        sheets={"客户": CUSTOMERS},
        columns={"客户": {"姓名": "name", "手机号码": "phone", "最近下单": "last_purchase",
                        "下次跟进时间": "next_contact", "备注": "notes"}},
        customers=10,
        customer={
            "孔一": dict(last_purchase=date(2026, 11, 1), next_contact=date(2026, 11, 30)),
            "曹二": dict(last_purchase=date(2026, 11, 1), next_contact=date(2026, 12, 1)),
            "严三": dict(last_purchase=date(2026, 11, 1), next_contact=date(2026, 12, 8)),
            "华四": dict(last_purchase=date(2026, 7, 24)),
            "金五": dict(last_purchase=date(2026, 10, 28), next_contact=None),
            "魏六": dict(last_purchase=date(2026, 11, 3)),
            "陶七": dict(last_purchase=date(2026, 11, 5)),
            "姜八": dict(last_purchase=date(2026, 11, 20)),
            "戚九": dict(last_purchase=date(2026, 11, 21)),
            "谢十": dict(last_purchase=None),
        },
        problems=[("客户", 6, "下次跟进时间", "下周一"), ("客户", 11, "最近下单", "2026-11-30")],
        notes=["2026/11/01 下午 2:30 → 2026-11-01; 26/11/1 → 2026-11-01; 11/1/2026 → 2026-11-01 (月/日/年); "
               "2026-07-24T01:23:22.623Z → 2026-07-24; 10-28 → 2026-10-28; 11月3号 → 2026-11-03; "
               "2026年11月5日; 20261120 (a number) → 2026-11-20; a real date cell → 2026-11-21",
               "next-contact dates without a year are the nearest such day: 11/30 → 2026-11-30, 12-01 → 2026-12-01",
               "下周一 depends on the day it was typed: reported, not read",
               "2026-11-30 is after today in a column of things that happened: reported and treated as missing"],
    ),
    "followup_log.xlsx": dict(
        layout="客户 sheet keyed by 微信名, and a 跟进 log that refers to customers by 微信名",
        sheets={"客户": CUSTOMERS, "跟进": CONTACTS},
        columns={"客户": {"客户昵称": "name", "微信名": "wechat", "客户手机号": "phone", "客户生日": "birthday",
                        "客户意向": "interest", "沟通进度": "progress", "下次回访": "next_contact"},
                 "跟进": {"日期": "date", "微信名": "customer", "沟通内容": "content", "沟通进度": "progress",
                        "下次跟进时间": "next_date"}},
        customers=3,
        contacts=4,
        customer={
            "甜甜圈🍩": dict(wechat="tiantian_0909", phone="13900002901", birthday=Solar(9, 9, 1998), interest="高",
                          progress="b", last_contact=date(2026, 11, 17), next_contact=date(2026, 11, 24), grade="A"),
            "老陈": dict(wechat="chen_lao", birthday=Lunar(1, 15), progress="c", last_contact=date(2026, 11, 5),
                       next_contact=date(2026, 11, 20), grade="D", next_birthday=date(2027, 2, 20)),
            "小蜜蜂🐝": dict(wechat="bee_honey", interest="无", progress="d", last_contact=date(2026, 11, 21),
                          grade="D"),
        },
        notes=["the log's 微信名 matches the customer's 微信名 column, not the 客户昵称 (SPEC: link by any name "
               "column the customer sheet has)",
               "老陈's next follow-up 2026-11-20 (from the log) is overdue: due today",
               "小蜜蜂🐝 has no next date: grade D cadence, 30 days after 2026-11-21"],
    ),
    # ------------------------------------------------------------------ salon / member systems
    "salon_member_export.xlsx": dict(
        layout="member-system export: 会员列表 and 消费记录, two members called 沈静",
        sheets={"会员列表": CUSTOMERS, "消费记录": ORDERS},
        columns={"会员列表": {"卡号": "id", "会员姓名": "name", "手机号": "phone", "会员生日": "birthday",
                          "储值余额": "balance", "上次到店": "last_visit", "消费次数": "purchase_count",
                          "累计消费": "total_amount"},
                 "消费记录": {"日期": "date", "会员姓名": "customer", "卡号": "customer_id", "项目": "product",
                          "金额": "amount", "美容师": "owner"}},
        customers=4,
        customer={
            "沈静 13900002201": dict(id="VIP0001", birthday=Solar(2, 14, 1988), purchase_count=12,
                                  total_amount=5600.00, last_purchase=date(2026, 11, 20), grade="S",
                                  orders=["row 2", "row 5"]),
            "韩梅": dict(id="VIP0002", birthday=Lunar(9, 9), purchase_count=3, total_amount=880.00,
                       last_purchase=date(2026, 8, 1), grade="S", next_birthday=date(2027, 10, 8)),
            "杨光": dict(id="VIP0003", purchase_count=1, last_purchase=date(2026, 11, 2), grade="S",
                       orders=["row 3"]),
            "沈静 13900002204": dict(id="VIP0004", birthday=Solar(7, 7, 1992), purchase_count=2,
                                  total_amount=396.00, last_purchase=date(2026, 10, 10), grade="S",
                                  orders=["row 4"]),
        },
        orders={"row 2": dict(customer="沈静 13900002201", date=date(2026, 11, 20), amount=298.00, product="面部护理"),
                "row 3": dict(customer="杨光", date=date(2026, 11, 2), amount=198.00, product="头皮护理"),
                "row 4": dict(customer="沈静 13900002204", date=date(2026, 10, 10), amount=198.00, product="手部护理"),
                "row 5": dict(customer="沈静 13900002201", date=date(2026, 11, 5), amount=168.00, product="肩颈按摩")},
        notes=["卡号 is the member id: it tells the two 沈静 apart, in the member list and in 消费记录",
               "the member list's counts and totals are the system's full history: larger than the four records",
               "韩梅 last came 114 days ago: lifecycle 沉睡(临时)"],
    ),
    "salon_book.xlsx": dict(
        layout="hand-made 美甲 book with a title row, 本月小计 and 本月新增 rows",
        sheets={"顾客登记": CUSTOMERS},
        header_row=2,
        columns={"顾客登记": {"顾客": "name", "电话": "phone", "生日": "birthday", "办卡日期": "first_purchase",
                          "卡种": "tags", "余额": "balance", "上次到店时间": "last_visit", "下次回访": "next_contact",
                          "备注": "notes"}},
        skipped=[1, 8, 9],
        customers=5,
        customer={
            "小鱼": dict(birthday=Solar(4, 4, 1996), last_contact=date(2026, 11, 18), next_contact=date(2026, 12, 2)),
            "阿May": dict(birthday=Lunar(6, 6), last_contact=date(2026, 10, 25), next_contact=date(2026, 11, 25)),
            "晴晴": dict(last_contact=date(2026, 11, 15)),
            "老周媳妇": dict(birthday=Solar(12, 12), last_contact=date(2025, 12, 30)),
            "朵朵": dict(phone="13900002305", birthday=Solar(1, 1, 2000), last_contact=date(2026, 11, 1)),
        },
        not_customers=["本月小计", "本月新增：1人"],
        notes=["本月小计 and 本月新增：1人 are summary rows, not customers",
               "12.12 in a birthday column is 12月12日, not the number 12.12",
               "139-0000-2305 is 13900002305"],
    ),
    # ------------------------------------------------------------------ repair shop
    "repair_shop.xlsx": dict(
        layout="车辆档案 (one row per car) and 工单 (work orders)",
        sheets={"车辆档案": CUSTOMERS, "工单": ORDERS},
        columns={"车辆档案": {"客户名称": "name", "联系电话": "phone", "车牌号": "vehicle", "品牌名称": "vehicle",
                          "车系名称": "vehicle", "年检到期日": "reminder_date", "上次进站时间": "last_visit",
                          "下次保养时间": "next_contact", "下次保养里程": "vehicle"},
                 "工单": {"工单号": "order_no", "接待日期": "date", "客户名称": "customer", "客户电话": "phone",
                        "车牌号": "vehicle", "车型": "vehicle", "进厂里程": "vehicle", "合计金额": "amount"}},
        customers=3,
        customer={
            "马师傅": dict(phone="13900002401", purchase_count=2, total_amount=1100.00,
                        last_purchase=date(2026, 11, 10), next_contact=date(2026, 12, 2), grade="S",
                        orders=["W2026111001", "W2026060201"]),
            "林女士 13900002402": dict(purchase_count=1, total_amount=350.00, last_purchase=date(2026, 9, 15),
                                    next_contact=date(2027, 3, 15), grade="S", orders=["W2026091501"]),
            "林女士 13900002403": dict(purchase_count=0, orders=[]),
        },
        orders={"W2026111001": dict(customer="马师傅", date=date(2026, 11, 10), amount=680.00),
                "W2026060201": dict(customer="马师傅", date=date(2026, 6, 2), amount=420.00),
                "W2026091501": dict(customer="林女士 13900002402", date=date(2026, 9, 15), amount=350.00)},
        not_customers=["马小马"],
        notes=["马师傅's two rows are two cars of one customer (same name, same phone): not a duplicate to report",
               "the two 林女士 have different phones: two customers",
               "送修人 马小马 brought the car in; the work order is 马师傅's",
               "马师傅's next service is the earliest of his cars' 下次保养时间: 2026-12-02"],
    ),
    # ------------------------------------------------------------------ B2B follow-up tables and CRM exports
    "b2b_two_row_header.xlsx": dict(
        layout="B2B follow-up table: grouped two-row header, company merged down over its follow-ups",
        sheets={"客户跟进": CUSTOMERS_AND_CONTACTS},
        header_row=2,
        columns={"客户跟进": {"公司名称": "name", "联系人": "contact_person",
                          "联系电话": "phone", "跟进日期": "date", "跟进方式": "channel", "沟通进度": "progress",
                          "客户意向": "interest", "下次跟进时间": "next_date", "负责人": "owner"}},
        customers=3,
        contacts=6,
        customer={
            "杭州示例包装有限公司": dict(phone="13900002501", last_contact=date(2026, 11, 18), progress="a",
                               interest="高", next_contact=date(2026, 11, 25), grade="A"),
            "宁波样例五金厂": dict(phone="13900002502", last_contact=date(2026, 11, 2), progress="d",
                            next_contact=date(2026, 12, 2), grade="D"),
            "苏州演示贸易公司": dict(phone="13900002503", last_contact=date(2026, 11, 20), progress="b",
                             interest="高", next_contact=date(2026, 11, 27), grade="A"),
        },
        not_customers=["周经理", "陈总", "李女士"],
        notes=["row 1 (客户信息 / 跟进记录 / 下次计划, merged) groups the columns; the field names are on row 2",
               "公司名称 is the customer; 联系人 beside it is the person to talk to, not the name",
               "the company and its 联系人/phone merged down (A3:A5) belong to each follow-up row"],
    ),
    "b2b_followup_wide.xlsx": dict(
        layout="one row per lead with 第一次/第二次跟进 side by side (跟进情况 and 客户类别 twice)",
        sheets={"客户跟进表": CUSTOMERS_AND_CONTACTS},
        columns={"客户跟进表": {"姓名": "name", "信息来源": "source", "性别": "gender", "联系方式": "phone",
                           "第一次跟进日期": "date", "第一次跟进方式": "channel", "第二次跟进日期": "date",
                           "第二次跟进方式": "channel", "跟进情况": "content", "客户类别": "class",
                           "跟进人": "owner"}},
        customers=3,
        contacts=5,
        customer={
            "方先生": dict(phone="13900002601", last_contact=date(2026, 11, 16), klass="准客户"),
            "俞女士": dict(phone="13900002602", last_contact=date(2026, 11, 3), klass="一般潜在客户"),
            "任先生": dict(phone="13900002603", last_contact=date(2026, 10, 30), klass="意向客户"),
        },
        notes=["last contact is the latest of the repeated date columns",
               "the current 客户类别 is the one of the latest follow-up (the second, where filled); the source "
               "defines 准客户 as 'will order within a month', the close-time funnel's A",
               "a repeated header (跟进情况, 客户类别) must be read per follow-up, not dropped as a duplicate"],
    ),
    "crm_customer_import.xlsx": dict(
        layout="悟空CRM9-style customer import: companies, CRM class, region, owner; no phones or dates",
        sheets={"客户": CUSTOMERS},
        columns={"客户": {"客户名称": "name", "客户等级(*)": "class", "客户类型(*)": "tags", "行业": "tags",
                        "省(*)": "region", "市(*)": "region", "区": "region", "负责人": "owner"}},
        customers=4,
        customer={
            "杭州示例包装有限公司": dict(region="浙江省杭州市余杭区", manual_grade=None, klass="A（重点客户）", grade="F"),
            "合肥样板科技有限公司": dict(region="安徽省合肥市", manual_grade=None, klass="C（非优先客户）", grade="F"),
        },
        notes=["客户等级(*) is the CRM's class, kept and shown, never taken as a manual grade "
               "(SPEC: only an explicitly manual column is)",
               "省(*) 市(*) 区 together are the region"],
    ),
    "crm_leads_export.xlsx": dict(
        layout="CRM lead export with referrer columns; two leads called 黄先生",
        sheets={"线索": CUSTOMERS},
        columns={"线索": {"客户姓名": "name", "手机号码": "phone", "微信号": "wechat", "性别": "gender",
                        "意向级别": "interest", "业务类型": "tags", "线索阶段": "class", "推荐人": "referrer",
                        "推荐人手机号": "referrer_phone", "推荐人微信号": "referrer"}},
        customers=4,
        customer={
            "黄先生 13900002801": dict(wechat="hxs_wx", interest="高", grade="A"),
            "黄先生 13900002802": dict(interest="中", grade="F"),
            "吕女士": dict(phone="13900002803", wechat="lv_nvshi", interest="低", grade="F"),
            "施女士": dict(phone="13900002804", interest="高", grade="A"),
        },
        notes=["推荐人手机号 and 推荐人微信号 belong to the referrer: 吕女士's phone is 13900002803, not 13900002801",
               "two 黄先生 with different phones are two leads"],
    ),
    # ------------------------------------------------------------------ round-3 probe (S13–S21)
    "wecom_customers_export.xlsx": dict(
        layout="企业微信 customer list: one row per customer and staff account, nickname + remark name, two phones",
        sheets={"客户列表": CUSTOMERS},
        columns={"客户列表": {"客户名称": "name", "所属企微号": "owner", "添加时间": "last_contact", "标签": "tags",
                          "客户系统备注": "notes", "客户备注名": "alias", "描述信息": "notes", "企微手机号": "phone",
                          "系统手机": "phone", "客户编号": "id", "企微编号": "owner"}},
        customers=4,
        customer={
            "Lemon🍋": dict(id="C0001", phone="13900003101", last_contact=date(2026, 11, 10)),
            "张伟 13900003102": dict(id="C0002", tags=("已成交",), last_contact=date(2026, 10, 15)),
            "A-阿杰": dict(id="C0003", phone=None, last_contact=date(2026, 11, 20)),
            "张伟 13900003104": dict(id="C0004", tags=("潜在客户",), last_contact=date(2026, 9, 1)),
        },
        notes=["C0001 is on two rows because she added two staff accounts (小满-销售1, 小满-店长): one customer, not "
               "a duplicate to drop; her last contact is the later 添加时间 (2026-11-10)",
               "添加时间 is the day the customer became a WeChat contact: the first contact, and the last one when "
               "nothing later is known (without it every customer is 'never contacted, due today')",
               "企微手机号 (the phone staff recorded) and 系统手机 (from the seller's system) are both the phone: each "
               "row fills one of them; 张伟 C0002 has only 系统手机",
               "所属企业 is the seller's own company, the same on every row: unused",
               "客户备注名 is the seller's name for the customer (柠檬-老客户介绍): another name orders may link by"],
    ),
    "wholesale_customers.xlsx": dict(
        layout="a wholesaler's customer statistics: 累计拿货次数 / 最后拿货时间 (拿货 = bought), amounts ¥ and 元, a 合计 row",
        sheets={"客户统计": CUSTOMERS},
        columns={"客户统计": {"客户名称": "name", "手机号码": "phone", "客户等级": "class", "客户类型": "tags",
                          "累计销售额": "total_amount", "累计拿货次数": "purchase_count",
                          "最后拿货时间": "last_purchase", "操作人": "owner"}},
        customers=4,
        customer={
            "义乌小陈饰品": dict(purchase_count=8, total_amount=12800.00, last_purchase=date(2026, 11, 18), grade="S",
                           klass="金牌"),
            "温州李姐童装": dict(purchase_count=5, total_amount=5600.00, last_purchase=date(2026, 10, 30), grade="S"),
            "杭州老周百货": dict(purchase_count=10, total_amount=12780.00, last_purchase=date(2026, 9, 2), grade="S"),
            "新客-宁波小王": dict(purchase_count=0, not_grade="S"),
        },
        skipped=[6],
        not_customers=["合计"],
        problems=[],
        notes=["拿货 is how wholesale buyers and sellers say 'bought': 累计拿货次数 is the purchase count, 最后拿货时间 "
               "the last purchase",
               "累计实销数 is units sold net of returns (320 pieces), not a number of purchases; 累计销售月数 is months",
               "客户等级 金牌/银牌/普通 is the seller's class, never a manual grade",
               "the 合计 row (row 6) sums the columns: 31180 = 12800 + 5600 + 12780, 23 = 8 + 5 + 10"],
    ),
    "training_school.xlsx": dict(
        layout="a 培训机构's 学员 list and its payment export; two siblings share the parent's phone",
        sheets={"学员": CUSTOMERS, "缴费记录": ORDERS},
        columns={"学员": {"姓名": "name", "电话": "phone", "年龄": "age", "课程类型": "favourite_product",
                        "剩余课时": "balance", "课程到期时间": "reminder_date", "来源": "source", "备注": "notes",
                        "创建人": "owner"},
                 "缴费记录": {"订单ID": "order_no", "学员姓名": "customer", "学员手机号": "phone",
                          "已支付金额": "amount", "支付时间": "paid_date", "订单状态": "status", "备注": "notes",
                          "创建时间": "date"}},
        customers=4,
        customer={
            "刘一一": dict(phone="13900003201", purchase_count=1, total_amount=3600.00, last_purchase=date(2026, 9, 1),
                        grade="S", orders=["1001"]),
            "刘二二": dict(phone="13900003201", purchase_count=1, total_amount=1800.00,
                        last_purchase=date(2026, 10, 8), grade="S", orders=["1002"]),
            "陈晨": dict(purchase_count=1, total_amount=2400.00, last_purchase=date(2026, 6, 15), grade="S",
                       orders=["1003", "1004"]),
            "周周": dict(not_grade="S", orders=[]),
        },
        orders={"1001": dict(customer="刘一一", state=PAID, date=date(2026, 9, 1), amount=3600.00),
                "1002": dict(customer="刘二二", state=PAID, date=date(2026, 10, 8), amount=1800.00),
                "1003": dict(customer="陈晨", state=PAID, date=date(2026, 6, 15), amount=2400.00),
                "1004": dict(customer="陈晨", state=UNPAID, date=date(2026, 11, 20))},
        problems=[],
        notes=["刘一一 and 刘二二 share their parent's phone: two names, one phone are two students (SPEC: a customer "
               "is id, else phone, else name — a shared phone must not merge them); each payment links by name + phone",
               "已支付金额 is what was paid (3,600.00); 订单总金额 is before the 减免 and 实际收到金额 after the fee",
               "order 1004 is 待支付 with no 支付时间: an unpaid order dated by its 创建时间 (2026-11-20), not a "
               "missing required date",
               "年龄 is an age, not a birthday; 课程到期时间 is when the course runs out (a renewal reminder), not a "
               "next-contact date; 剩余课时 is a balance"],
    ),
    "gym_members_checkins.xlsx": dict(
        layout="a gym's member and check-in exports: no phone at all, e-mail as the link, several cards joined by ', '",
        sheets={"会员": CUSTOMERS, "签到记录": CONTACTS},
        columns={"会员": {"姓名": "name", "邮箱": "email", "会员卡类型": "tags", "剩余团课课时": "balance",
                        "剩余私教课时": "balance", "剩余儿童团课课时": "balance", "会员卡到期日": "reminder_date",
                        "最后签到时间": "last_contact"},
                 "签到记录": {"会员姓名": "customer", "会员邮箱": "email", "课程性质": "content", "教练": "owner",
                          "签到时间": "date"}},
        customers=4,
        contacts=4,
        customer={
            "苏小白": dict(last_contact=date(2026, 11, 21)),
            "Kevin": dict(last_contact=date(2026, 11, 20)),
            "唐果妈妈": dict(last_contact=date(2026, 11, 15)),
            "许久": dict(last_contact=None),
        },
        not_customers=["王教练", "刘教练"],
        notes=["a member list with 姓名 and 邮箱 but no phone is still a customer list: 姓名 is the name",
               "签到记录 row 6 has neither name nor e-mail (a deleted member): skipped and said, not a customer",
               "教练 '-' is the export's blank; 会员卡到期日 '2027-03-01, 2026-12-31' holds one date per card"],
    ),
    "hotel_members.xlsx": dict(
        layout="member export with 昵称 and 姓名 side by side, numeric id, 性别 as 1/2, 总花费, 积分",
        sheets={"会员信息": CUSTOMERS},
        columns={"会员信息": {"id": "id", "昵称": "alias", "姓名": "name", "电话": "phone", "会员等级": "class",
                          "性别": "gender", "总花费": "total_amount", "积分": "points"}},
        customers=4,
        customer={
            "李静 13900003301": dict(id="1", total_amount=1288.00, grade="S", klass="黄金会员"),
            "旅行的鱼": dict(phone="13900003302", not_grade="S"),
            "王健": dict(phone="13900003303", total_amount=560.00, grade="S"),
            "李静 13900003304": dict(total_amount=320.50, grade="S"),
        },
        notes=["姓名 is the name; where it is blank (旅行的鱼) the 昵称 is: a member with a phone is never dropped or "
               "named by the other column's duplicate header",
               "昵称 and 姓名 are two columns of names, not one header twice",
               "总花费 is the total spent; 积分 is points, not money",
               "性别 1/2 is the export's code (WeChat's 1 = 男, 2 = 女): shown as written or decoded, never dropped"],
    ),
    "miniprogram_shop_book.xlsx": dict(
        layout="客户 sheet + a WeChat mini-program shop's order list: state in 支付状态 + 发货状态, 支付时间 the only date",
        sheets={"客户": CUSTOMERS, "小程序订单": ORDERS},
        columns={"客户": {"微信昵称": "name", "手机": "phone", "备注": "notes"},
                 "小程序订单": {"订单号": "order_no", "用户ID": "customer_id", "已支付的金额": "amount",
                           "支付状态": "status", "发货状态": "status", "收货人姓名": "recipient",
                           "收货人电话": "phone", "物流单号": "tracking_no", "支付时间": "date",
                           "发货时间": "shipped_date", "确认收货时间": "delivered_date"}},
        customers=3,
        customer={
            "🌸小满": dict(phone="13900003401", purchase_count=2, total_amount=177.00, last_purchase=date(2026, 11, 20),
                         grade="S", orders=["MS202611010001", "MS202611200002"]),
            "大橘子": dict(purchase_count=0, not_grade="S"),
            "老张": dict(purchase_count=1, total_amount=45.00, last_purchase=date(2026, 11, 22), grade="S",
                       orders=["MS202611100004", "MS202611220005"]),
        },
        orders={"MS202611010001": dict(customer="🌸小满", state=DELIVERED, date=date(2026, 11, 1), amount=118.00,
                                       shipped_date=date(2026, 11, 2), delivered_date=date(2026, 11, 5)),
                "MS202611200002": dict(customer="🌸小满", state=SHIPPED, date=date(2026, 11, 20), amount=59.00),
                "MS202611220003": dict(customer="大橘子", state=UNPAID),
                "MS202611100004": dict(customer="老张", state=REFUNDED, date=date(2026, 11, 10)),
                "MS202611220005": dict(customer="老张", state=PAID, date=date(2026, 11, 22), amount=45.00)},
        problems=[],
        notes=["orders link by 收货人电话 = 手机; the 收货人姓名 (林小满, 张师傅) differ from the seller's names",
               "the state is two columns: 支付状态 (已支付 / 未支付 / 已退款) and 发货状态 (未发货 / 已发货 / 已收货); "
               "已支付 + 已收货 is delivered, 已支付 + 已发货 shipped, 已支付 + 未发货 paid, 已退款 refunded, 未支付 unpaid",
               "the amount is 已支付的金额 (118.00 after a 10.00 discount), not 商品总价 (128.00)",
               "MS…0003 is unpaid and has no date at all: not a purchase, nothing to report as a missing date"],
    ),
    "wjx_signup_export.xlsx": dict(
        layout="问卷星 export of a sign-up form: 序号, 提交答卷时间 … 来自IP, then one column per numbered question",
        sheets={"Sheet1": CUSTOMERS},
        columns={"Sheet1": {"序号": "row_number", "提交答卷时间": "submitted", "来源": "source",
                            "1、您的姓名：": "name", "2、您的手机号码：": "phone", "3、您的生日：": "birthday",
                            "4、您对哪类产品感兴趣？": "favourite_product"}},
        customers=3,
        customer={
            "林小满": dict(phone="13900003501", birthday=Solar(5, 20, 1995), last_contact=date(2026, 11, 23)),
            "周舟": dict(phone="13900003502", last_contact=date(2026, 11, 21)),
            "何福": dict(phone="13900003503", birthday=Lunar(8, 8), last_contact=date(2026, 11, 22)),
        },
        problems=[],
        notes=["the form's answers are customer facts; the sheet has no contact log in it",
               "提交答卷时间 2026/11/20 12:03:44 is when the person reached out: a contact on that day",
               "林小满 filled the form twice with the same phone: one customer, the later answers",
               "'5、您最近一次购买护肤品是什么时候？' asks about buying skin care anywhere (一个月内 / 半年内 / 从没买过): not "
               "a purchase from this seller and not a date; '6、方便联系的时间' (晚上 / 周末) is a time of day, not a "
               "contact date; 来源详情 N/A is not contact content. None of them is a cell to report",
               "面霜┋精华 is 问卷星's separator for several choices"],
    ),
    "tea_shop_interactions.xlsx": dict(
        layout="客户概况 (one row per customer) + 交易记录 whose 交易类型 says 购买 / 咨询 / 投诉",
        sheets={"客户概况": CUSTOMERS, "交易记录": ORDERS_AND_CONTACTS},
        columns={"客户概况": {"客户编号": "id", "客户姓名": "name", "联系方式": "phone", "最后一次互动": "last_contact",
                          "产品/服务": "favourite_product", "下次跟进日期": "next_contact", "备注": "notes"},
                 "交易记录": {"客户编号": "customer_id", "客户名称": "customer", "联系方式": "phone",
                          "交易类型": "record_kind", "购买时间": "date", "金额(元)": "amount",
                          "下次跟进日期": "next_date", "备注": "notes"}},
        customers=3,
        contacts=2,
        customer={
            "许文": dict(id="K001", purchase_count=2, total_amount=1648.00, last_purchase=date(2026, 11, 18),
                       last_contact=date(2026, 11, 18), next_contact=date(2026, 12, 1), grade="S",
                       orders=["row 2", "row 3"]),
            "蒋丽": dict(id="K002", purchase_count=1, total_amount=98.00, last_purchase=date(2026, 11, 5),
                       last_contact=date(2026, 11, 9), next_contact=date(2026, 11, 25), grade="S",
                       orders=["row 4"]),
            "韩梅梅": dict(id="K003", purchase_count=0, last_contact=date(2026, 11, 20), grade="D", orders=[]),
        },
        orders={"row 2": dict(customer="许文", date=date(2026, 10, 1), amount=368.00),
                "row 3": dict(customer="许文", date=date(2026, 11, 18), amount=1280.00),
                "row 4": dict(customer="蒋丽", date=date(2026, 11, 5), amount=98.00)},
        problems=[],
        notes=["only 交易类型 购买 rows are purchases; the 投诉 (row 5) and 咨询 (row 6) rows are contacts, so 韩梅梅 "
               "has talked with the seller (grade D) and 蒋丽's last contact is the complaint on 2026-11-09, later "
               "than 最后一次互动 2026-11-05",
               "评价等级 (5分, 2分) is the customer's rating of the purchase, not our grade",
               "首次接触日期 is the first contact; 互动频率 / 客户满意度 / 关键问题 are notes the seller keeps"],
    ),
    "pet_shop_book.xlsx": dict(
        layout="pet shop: owners with a pet on each row (one owner, two pets = two rows) + a service log",
        sheets={"客户信息": CUSTOMERS, "服务记录": ORDERS},
        columns={"客户信息": {"姓名": "name", "电话号码": "phone", "地址": "region", "宠物名称": "pet", "宠物品种": "pet",
                          "宠物生日": "pet", "会员等级": "class", "会员积分": "points",
                          "最后一次联系时间": "last_contact", "备注信息": "notes"},
                 "服务记录": {"服务日期": "date", "服务项目": "product", "宠物姓名": "pet", "宠物类型": "pet",
                          "宠物品种": "pet", "宠物性别": "pet", "客户姓名": "customer", "联系电话": "phone",
                          "服务价格": "amount", "服务人员": "owner", "备注信息": "notes"}},
        customers=3,
        customer={
            "陈女士": dict(phone="13900003701", birthday=None, purchase_count=2, total_amount=216.00,
                        last_purchase=date(2026, 11, 15), last_contact=date(2026, 11, 15), grade="S",
                        orders=["row 2", "row 3"]),
            "王先生": dict(birthday=None, purchase_count=1, total_amount=60.00, last_purchase=date(2026, 9, 20),
                        grade="S", orders=["row 4"]),
            "小林": dict(purchase_count=1, total_amount=98.00, last_purchase=date(2026, 11, 22), grade="S",
                       orders=["row 5"]),
        },
        orders={"row 2": dict(customer="陈女士", date=date(2026, 11, 15), amount=128.00, product="洗澡+美容"),
                "row 3": dict(customer="陈女士", date=date(2026, 10, 12), amount=88.00, product="洗澡"),
                "row 4": dict(customer="王先生", date=date(2026, 9, 20), amount=60.00, product="驱虫"),
                "row 5": dict(customer="小林", date=date(2026, 11, 22), amount=98.00, product="洗澡")},
        not_customers=["豆豆", "咪咪", "旺财", "奶糖", "小美", "阿强"],
        problems=[],
        notes=["宠物生日 is the pet's birthday: 陈女士 must not be wished a happy birthday on 豆豆's (05-01)",
               "陈女士 on two rows with the same phone is one owner with two pets, not a duplicate",
               "服务记录 names 客户姓名 and 宠物姓名: the owner is the customer, each service a paid purchase; "
               "its 服务价格 are ¥128, 88元, 60, 98"],
    ),
    "pos_member_list.xlsx": dict(
        layout="a store's 会员列表 backup under a summary line: 卡金 / 赠送金 balances, 总消费, birthdays in three shapes",
        sheets={"会员列表": CUSTOMERS},
        header_row=2,
        columns={"会员列表": {"卡号": "id", "会员姓名": "name", "会员性别": "gender", "手机号码": "phone",
                          "会员类型": "class", "卡金": "balance", "总消费": "total_amount", "赠送金": "balance",
                          "生日": "birthday", "最近消费时间": "last_purchase"}},
        customers=4,
        customer={
            "郑秀": dict(id="VIP1001", total_amount=3280.00, last_purchase=date(2026, 11, 19),
                       birthday=Solar(8, 8, 1988), grade="S", klass="金卡"),
            "钱多多": dict(id="VIP1002", last_purchase=None, not_grade="S"),
            "孙丽": dict(total_amount=860.00, last_purchase=date(2026, 10, 2), birthday=Solar(3, 15), grade="S"),
            "周周": dict(total_amount=12600.00, last_purchase=date(2026, 11, 22), birthday=Solar(2, 29, 1992),
                       grade="S"),
        },
        skipped=[1],
        problems=[],
        notes=["row 1 is the page's summary line (查询到一共有：4 位会员；卡金总共：1620.5 元！), merged over the table: "
               "the header is row 2; 1620.5 = 500 + 0 + 120.5 + 1000",
               "卡金 is money left on the card and 赠送金 the bonus on it: balances, not spending",
               "'-' in 最近消费时间 is the page's blank: no purchase, nothing to report",
               "生日 03-15 is a birthday without a year (not 2026-03-15); 1992/2/29 is a real leap-day birthday"],
    ),
    "member_gmv_list.xlsx": dict(
        layout="a shop's user list: ￥ amounts, 最近消费金额 beside 累计消费金额, a composite 客户信息 cell",
        sheets={"用户列表": CUSTOMERS},
        columns={"用户列表": {"用户ID": "id", "昵称": "name", "手机号": "phone", "邮箱": "email",
                          "最近消费时间": "last_purchase", "消费次数": "purchase_count",
                          "累计消费金额": "total_amount", "账户余额": "balance"}},
        customers=3,
        customer={
            "🌸小满": dict(id="U1001", phone="13900003901", purchase_count=6, total_amount=1280.00,
                         last_purchase=date(2026, 11, 18), grade="S"),
            "大橘子": dict(purchase_count=0, last_purchase=None, not_grade="S"),
            "Momo🐱": dict(purchase_count=2, total_amount=458.00, last_purchase=date(2026, 6, 1), grade="S"),
        },
        problems=[],
        notes=["￥ is the full-width yen sign (U+FFE5) the page puts before every amount, with a thousands comma",
               "最近消费金额 (￥128.00) is the last order's amount, not the total and not a date; 累计消费金额 is the total",
               "客户信息 repeats 昵称, 手机号 and 邮箱 in one cell on three lines: nothing new, and never a second "
               "name column",
               "加入时间 is when the user joined the shop's list: a record made, not a conversation (as 注册时间 in "
               "gym_members_checkins.xlsx and 开卡时间 in pos_member_list.xlsx), so unused; 欠款 is money owed, unused"],
    ),
    "shopify_customers_pasted.xlsx": dict(
        layout="Shopify's customer export (English headers) pasted as the seller's 客户 sheet, plus a 微信 column",
        sheets={"客户": CUSTOMERS},
        columns={"客户": {"First Name": "name", "Last Name": "name", "Email": "email", "City": "region",
                        "Province": "region", "Country": "region", "Phone": "phone", "Total Spent": "total_amount",
                        "Total Orders": "purchase_count", "Tags": "tags", "Note": "notes", "微信": "wechat"}},
        customers=4,
        customer={
            "Lily Chen": dict(phone="13900004001", wechat="lilychen_wx", total_amount=1280.00, purchase_count=6,
                              grade="S"),
            "Tom Wang": dict(phone="13900004002", purchase_count=0, do_not_disturb=False, not_grade="S"),
            "Mei": dict(phone="13900004003", total_amount=359.90, purchase_count=2, grade="S"),
            "Jack Li": dict(phone=None, wechat="jackli88", total_amount=88.00, purchase_count=1, grade="S"),
        },
        problems=[],
        notes=["First Name and Last Name side by side are one name, written 'First Last' as the export's own "
               "customer pages show it; a row with only a First Name (Mei) is named by it",
               "Total Spent is the total amount, Total Orders the purchase count (Shopify's data dictionary: "
               "total_spent, orders_count)",
               "Phone '+86 139 0000 4001' is 13900004001",
               "Accepts Marketing 'no' is consent to marketing e-mail, not 勿扰: Tom is never marked do-not-disturb",
               "Company, Address1/2, Province Code, Country Code, Zip, Tax Exempt carry nothing tierbook uses"],
    ),
    "member_export_refunds.xlsx": dict(
        layout="a mini-program shop's member export: 累计消费金额 / 累计消费单数 beside 累计退款金额 / 累计退款订单数, 邀请人",
        sheets={"会员导出": CUSTOMERS},
        columns={"会员导出": {"用户id": "id", "昵称": "name", "手机号": "phone", "余额": "balance", "积分": "points",
                          "用户来源": "source", "会员卡": "class", "地址": "region", "累计消费金额": "total_amount",
                          "累计消费单数": "purchase_count", "累计退款金额": "refund_amount", "备注": "notes",
                          "邀请人": "referrer", "邀请人手机号": "referrer_phone"}},
        customers=4,
        customer={
            "🍊橙子": dict(id="1001", phone="13900004101", total_amount=560.00, purchase_count=4, grade="S"),
            "阿木": dict(id="1002", phone="13900004102", not_grade="S"),
            "Coco": dict(id="1003", total_amount=88.00, purchase_count=1, grade="S"),
            "新来的": dict(phone="13900004104", purchase_count=0, not_grade="S"),
        },
        problems=[],
        notes=["累计消费单数 (orders) is the purchase count; 累计退款订单数 (refunded orders) never is, and 累计退款金额 is "
               "never the total",
               "阿木's one order (199.00) was refunded in full (备注 全退了): net of refunds he has bought nothing, so he "
               "is not a 成交客户",
               "邀请人手机号 13900004101 is 🍊橙子's phone (she invited 阿木): never 阿木's",
               "OpenID is the member's id inside one WeChat app, not a WeChat id a seller can add; 注册时间 is a "
               "record made, not a contact"],
    ),
    "order_table_typed_values.xlsx": dict(
        layout="客户 + a hand-kept 订单管理表: dates as 2026年11月3日 / 2026.11.3 / 20261110 / 年月日 with a time, "
               "money as ￥1,280.00 / 1.28万 / 99元",
        sheets={"客户": CUSTOMERS, "订单": ORDERS},
        columns={"客户": {"客户姓名": "name", "联系电话": "phone", "生日": "birthday"},
                 "订单": {"订单号": "order_no", "下单时间": "date", "客户姓名": "customer", "联系电话": "phone",
                        "商品名称": "product", "商品数量": "quantity", "实付金额": "amount", "物流状态": "status",
                        "备注": "notes"}},
        customers=3,
        customer={
            "赵敏": dict(phone="13900004201", birthday=Solar(2, 3, 1990), purchase_count=2, total_amount=12928.00,
                       last_purchase=date(2026, 11, 10), grade="S", orders=["row 2", "row 4"]),
            "钱程": dict(phone="13900004202", birthday=Solar(3, 8), purchase_count=2, total_amount=1339.90,
                       last_purchase=date(2026, 11, 21), grade="S", orders=["row 3", "row 6"]),
            "孙悦": dict(phone="13900004203", purchase_count=1, total_amount=99.00, last_purchase=date(2026, 11, 20),
                       grade="S", orders=["row 5"]),
        },
        orders={"row 2": dict(customer="赵敏", date=date(2026, 11, 3), amount=128.00, state=DELIVERED),
                "row 3": dict(customer="钱程", date=date(2026, 11, 3), amount=1280.00, state=DELIVERED),
                "row 4": dict(customer="赵敏", date=date(2026, 11, 10), amount=12800.00, state=SHIPPED, quantity=40),
                "row 5": dict(customer="孙悦", date=date(2026, 11, 20), amount=99.00, state=PAID),
                "row 6": dict(customer="钱程", date=date(2026, 11, 21), amount=59.90, state=PAID)},
        problems=[],
        notes=["'2026年11月20日 14时05分' and '2026年11月21日20:15:00' are a 年月日 date with a time after it (with or "
               "without a space, 时分 or colons): the day is what counts",
               "1.28万 is 12,800; ￥ is the full-width yuan sign; 商品价格 is before 优惠金额, 实付金额 what was paid",
               "物流状态 已签收 / 已发货 / 待发货 is the order state",
               "钱程's phone is written 139-0000-4202 on the 客户 sheet and 13900004202 on the orders: one person",
               "孙悦's phone 13900004203（微信同号） is the number with a note (her WeChat is the same number)"],
    ),
    "customer_archive_b2b.xlsx": dict(
        layout="a company's 客户档案表: 客户名称 (the company) + 联系人, 最后沟通时间, 产品偏好, 信用等级",
        sheets={"客户档案": CUSTOMERS},
        columns={"客户档案": {"客户名称": "name", "联系人": "contact_person", "联系电话": "phone", "电子邮箱": "email",
                          "公司地址": "region", "交易金额": "total_amount", "最后沟通时间": "last_contact",
                          "负责人": "owner", "产品偏好": "favourite_product", "信用等级": "class"}},
        customers=3,
        customer={
            "杭州青禾茶业有限公司": dict(phone="13900004301", last_contact=date(2026, 11, 18), favourite_product="白茶"),
            "宁波海曙小李商行": dict(last_contact=date(2026, 10, 28), favourite_product="红茶"),
            "温州鹿城优品": dict(last_contact=None),
        },
        not_customers=["周经理", "李老板", "陈女士"],
        problems=[],
        notes=["联系人 beside 客户名称 is the person to talk to at the company, not a second (duplicate) name column",
               "产品偏好 is the product the customer prefers (the words in the other order from 偏好产品)",
               "信用等级 A/B/C is a credit rating, never a manual grade; 交易金额 is 'recent or cumulative' in the "
               "source, so no grade is asserted from it",
               "沟通方式 / 沟通内容 describe the last conversation; 合作时间 '2025年3月至今' is a period, not a date"],
    ),
    "erp_orders_book.xlsx": dict(
        layout="客户 + an ERP's (网店管家) order list pasted: 交易时间, status words 已完成 / 发货在途 / 待发货 / 被取消, "
               "实际结算, 货品成本, 订单利润",
        sheets={"客户": CUSTOMERS, "管家婆订单": ORDERS},
        columns={"客户": {"顾客": "name", "手机": "phone"},
                 "管家婆订单": {"管家订单号": "order_no", "交易时间": "date", "订单状态": "status", "顾客": "customer",
                           "手机": "phone", "快递单号": "tracking_no", "实际结算": "amount", "货品成本": "cost",
                           "订单利润": "profit", "发货时间": "shipped_date"}},
        customers=3,
        customer={
            "林小满": dict(purchase_count=2, total_amount=295.00, last_purchase=date(2026, 11, 22), grade="S",
                        orders=["GJ0001", "GJ0003"]),
            "大橘子": dict(purchase_count=1, total_amount=99.00, last_purchase=date(2026, 11, 19), grade="S",
                        orders=["GJ0002"]),
            "老周": dict(purchase_count=0, not_grade="S", orders=["GJ0004"]),
        },
        orders={"GJ0001": dict(customer="林小满", state=DELIVERED, date=date(2026, 11, 1), amount=236.00),
                "GJ0002": dict(customer="大橘子", state=SHIPPED, date=date(2026, 11, 19), amount=99.00),
                "GJ0003": dict(customer="林小满", state=PAID, date=date(2026, 11, 22), amount=59.00),
                "GJ0004": dict(customer="老周", state=CLOSED, date=date(2026, 11, 10))},
        notes=["交易时间 is when the order was made; 登记时间 when the ERP registered it (later): not the order date",
               "实际结算 is what was settled (236.00 = 256.00 货款 − 20.00 优惠 + 0 邮资); 合计应收 what was due",
               "the ERP's states: 已完成 delivered, 发货在途 shipped (in transit), 待发货 paid, 被取消 closed",
               "a sheet of orders that names 顾客 and 手机 is an order sheet, not a second customer sheet to merge"],
    ),
    "visit_plan_book.xlsx": dict(
        layout="a salesperson's 客户拜访计划: a title, a 填表日期 line (an Excel serial), then planned visits",
        sheets={"拜访计划": CUSTOMERS},
        header_row=3,
        columns={"拜访计划": {"序号": "row_number", "客户编号": "id", "客户姓名": "name", "联系电话": "phone",
                          "公司地址": "region", "拜访客户状况": "class", "拜访时间": "next_contact",
                          "客户代表": "owner"}},
        customers=3,
        customer={
            "王磊": dict(id="KH001", phone="13900004501", next_contact=date(2026, 11, 25)),
            "刘芳": dict(id="KH002", next_contact=date(2026, 11, 27)),
            "赵强": dict(id="KH003", next_contact=date(2026, 12, 2)),
        },
        skipped=[1, 2],
        notes=["the sheet is a plan: 拜访时间 is when each visit is planned (the source: 计划进行拜访的具体日期和时间), "
               "so a next contact, not a contact that happened and not a date to report. A correct reading reports "
               "no cell here; `problems` is left out because the reader, which reads by header, reports the three "
               "future dates (test_corpus.NOT_ASSERTED says why)",
               "填表日期 46346 is 2026-11-20 shown as a serial number; the row is the form's, not a customer",
               "客户姓名 is the person visited (客户联系人的姓名 in the source), 公司名称 where they work",
               "拜访客户状况 潜在客户 / 现有客户 / 重点客户 is the seller's class"],
    ),
    "shopify_orders_book.xlsx": dict(
        layout="客户 + Shopify's order export pasted (English headers): Name is the order number, Billing Name the "
               "buyer; a two-item order is two rows, the second holding only Name, Email and the item",
        sheets={"客户": CUSTOMERS, "Shopify订单": ORDERS},
        columns={"客户": {"姓名": "name", "手机": "phone", "邮箱": "email"},
                 "Shopify订单": {"Name": "order_no", "Email": "email", "Financial Status": "status",
                               "Paid at": "paid_date", "Fulfillment Status": "status", "Fulfilled at": "shipped_date",
                               "Total": "amount", "Created at": "date", "Lineitem quantity": "quantity",
                               "Lineitem name": "product", "Lineitem price": "unit_price",
                               "Billing Name": "customer", "Billing Phone": "phone", "Shipping Name": "recipient",
                               "Shipping Phone": "recipient_phone", "Notes": "notes",
                               "Refunded Amount": "refund_amount"}},
        customers=3,
        customer={
            "莉莉": dict(phone="13900004601", purchase_count=1, total_amount=188.00, last_purchase=date(2026, 11, 2),
                       grade="S", orders=["#1001", "#1003"]),
            "汤姆": dict(purchase_count=0, not_grade="S", orders=["#1002"]),
            "小美": dict(purchase_count=1, total_amount=359.90, last_purchase=date(2026, 11, 20), grade="S",
                       orders=["#1004"]),
        },
        orders={"#1001": dict(customer="莉莉", state=SHIPPED, date=date(2026, 11, 2), amount=188.00, lines=2),
                "#1002": dict(customer="汤姆", state=UNPAID, date=date(2026, 11, 21)),
                "#1003": dict(customer="莉莉", state=REFUNDED, date=date(2026, 11, 10)),
                "#1004": dict(customer="小美", state=PAID, date=date(2026, 11, 20), amount=359.90)},
        notes=["Name (#1001) is Shopify's order number (the help page: 商店后台内显示的订单号), never the buyer; the buyer "
               "is Billing Name, linked to the 客户 sheet by Billing Phone (+86 139 0000 4601 = 13900004601)",
               "Financial Status paid / pending / refunded and Fulfillment Status fulfilled / (blank) / restocked: "
               "paid + fulfilled is shipped (fulfilled means sent, not received), pending unpaid, refunded refunded, "
               "paid + blank paid",
               "row 3 is #1001's second item: blank Created at, Total and Billing Name are the order's, not missing "
               "values to report; Total 188.00 = 128.00 + 2 × 30.00 counts once",
               "Created at '2026-11-02 10:04:50 +0800' is dated by the day written",
               "A correct reading reports no cell: Shopify's status words (paid, pending, refunded, voided; fulfilled, "
               "restocked) are order states"],
        problems=[],
    ),
}
