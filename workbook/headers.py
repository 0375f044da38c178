"""Which sheet is which and which column is which field, from the names sellers actually write.

Rules as data: one synonym table per sheet kind, from the field names of tierlogic.model
(plus `birthday_kind` and `customer_id`, which the reader uses to build those fields) to
the Chinese and English headers that mean it; the customer sheet's is declared field by field
in workbook.customer_fields. Headers are compared after `fold_header`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Collection, Mapping, Optional, Sequence

from tierlogic.grade import LEVEL_FIELDS

from .customer_fields import SYNONYMS as CUSTOMER_SYNONYMS

CUSTOMERS, ORDERS, CONTACTS, PRODUCTS, SETTINGS = "customers", "orders", "contacts", "products", "settings"

KIND_LABELS = {CUSTOMERS: "客户表", ORDERS: "订单表", CONTACTS: "跟进记录表", PRODUCTS: "产品表", SETTINGS: "设置表"}

SHEET_NAMES: Mapping[str, tuple[str, ...]] = {
    CUSTOMERS: ("客户", "客户表", "客户资料", "客户信息", "客户列表", "客户档案", "客户名单", "Customers", "Customer"),
    ORDERS: ("订单", "订单表", "订单记录", "成交记录", "销售记录", "Orders", "Order"),
    CONTACTS: ("跟进记录", "跟进日志", "跟进", "跟进表", "联系记录", "沟通记录", "Contacts", "Contact log", "Follow-ups"),
    PRODUCTS: ("产品", "产品表", "产品列表", "商品", "商品表", "Products", "Product"),
    SETTINGS: ("设置", "设置表", "参数", "配置", "Settings"),
}

_CUSTOMER_REF = ("客户", "客户名称", "客户名", "客户姓名", "姓名", "名字", "微信昵称", "昵称", "备注名",
                 "买家", "顾客", "Customer", "Name", "Buyer")
_CUSTOMER_ID_REF = ("客户编号", "客户ID", "客户代码", "会员编号", "会员号", "Customer ID")
# An order line's phone names its customer (the reader links by it before the name; pasted exports carry one).
_CUSTOMER_PHONE_REF = ("手机", "手机号", "联系手机", "联系电话", "电话", "客户电话", "客户手机", "收货人手机号", "收件人手机号",
                       "买家手机号", "Phone", "Mobile")

# The contact log records the customer row's levels of seed 001's scales, under the same words.
_LEVEL_REFS = {name: CUSTOMER_SYNONYMS[name] for name in LEVEL_FIELDS}

HEADER_SYNONYMS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    CUSTOMERS: CUSTOMER_SYNONYMS,
    ORDERS: {
        # Shopify's order export (S30) names the buyer Billing Name, and its Name is the order number.
        "customer": _CUSTOMER_REF + ("Billing Name", "Customer Name", "Buyer Name", "Client"),
        "customer_id": _CUSTOMER_ID_REF,
        "phone": _CUSTOMER_PHONE_REF + ("Billing Phone",),
        "date": ("日期", "成交日期", "订单日期", "成交时间", "时间", "Date", "Order date", "Created at"),
        "product": ("产品", "商品", "产品名称", "商品名称", "品名", "宝贝", "Product", "Item", "Lineitem name"),
        "quantity": ("数量", "件数", "购买数量", "Quantity", "Qty", "Lineitem quantity"),
        "amount": ("金额", "订单金额", "成交金额", "实付金额", "实收金额", "实收", "销售额", "总价", "Amount", "Total"),
        "cost": ("成本", "进货成本", "成本价", "Cost"),
        "profit": ("利润", "毛利", "毛利润", "Profit"),
        "status": ("状态", "订单状态", "Status", "Financial Status"),
        "ordered_date": ("下单日期", "下单时间", "Ordered date"),
        # When it was paid: the order's date only on a sheet that says nothing of when it was made (S18).
        "paid_date": ("付款时间", "支付时间", "付款日期", "支付日期", "Paid date", "Paid at"),
        "shipped_date": ("发货日期", "发货时间", "Shipped date", "Ship date", "Fulfilled at"),
        "delivered_date": ("签收日期", "签收时间", "收货日期", "Delivered date", "Delivery date"),
        "tracking_no": ("快递单号", "运单号", "物流单号", "快递号", "单号", "Tracking no", "Tracking number"),
        # A log of purchases and enquiries says which each row is (S20): the reader makes contacts of the enquiries.
        "record_kind": ("交易类型", "记录类型", "Record type"),
    },
    CONTACTS: {
        "customer": _CUSTOMER_REF,
        "customer_id": _CUSTOMER_ID_REF,
        "date": ("日期", "跟进日期", "联系日期", "跟进时间", "联系时间", "时间", "Date"),
        "channel": ("渠道", "方式", "跟进方式", "联系方式", "沟通方式", "Channel"),
        "content": ("内容", "跟进内容", "沟通内容", "聊天内容", "记录", "Content"),
        "progress": ("进度", "跟进进度", "进展", "Progress"),
        "next_date": ("下次跟进", "下次联系", "下次跟进日期", "下次联系日期", "下次日期", "Next date", "Next follow-up"),
        "result": ("结果", "跟进结果", "效果", "Result"),
        **_LEVEL_REFS,
    },
    PRODUCTS: {
        "name": ("产品", "产品名称", "商品", "商品名称", "品名", "名称", "Product", "Name"),
        "usage_days": ("使用周期", "使用天数", "可用天数", "用完天数", "周期", "Usage days"),
        "price": ("价格", "售价", "单价", "零售价", "Price"),
        "cost": ("成本", "成本价", "进价", "Cost"),
    },
}

# After the exact synonyms, a header is read by the words in it: 「沟通进度」 is progress, 「客户手机号」 the
# phone. Rules are tried in order, each over the columns still free, so a field goes to the column its
# earliest (more specific) rule finds wherever that column stands (已支付的金额 beats 商品总价 to the
# amount) and the more specific rules stand first; every such reading is
# said in 检查报告, so a wrong guess can be seen and the header renamed. A rule for None marks words that
# name no field (买家留言 is not the buyer), so the column is listed as unused instead of guessed.
HEADER_KEYWORDS: Mapping[str, tuple[tuple[Optional[str], str], ...]] = {
    CUSTOMERS: (
        # Another person's (or animal's) name, phone, WeChat or birthday: never the customer's. 宠物生日 is the
        # pet's birthday beside its owner (S21); an emergency contact's phone would fill a blank phone.
        (None, r"推荐人|介绍人|邀请人|送修人|紧急联系|宠物"),
        # Money or orders given back (累计退款金额 / 累计退款订单数 beside the totals, S25) are never bought.
        (None, r"退款|退货|售后"),
        ("id", r"卡号|会员号|(会员|用户)id"),  # 用户ID (S23)
        # 意向产品 is the product a lead wants (a favourite product), not how keen they are.
        ("favourite_product", r"意向(产品|商品|品类)"),
        ("interest", r"意向"),
        (None, r"编号$|序号|级别$|等级$|负责人|业务员|跟进人|销售(?!额)|操作人"),  # 销售: the seller's staff
        ("do_not_disturb", r"勿扰|屏蔽|拉黑|黑名单"),
        ("manual_grade", r"手动.*(级别|等级|分级)|(级别|等级).*手动"),
        # English exports' words are matched folded: lower case, no spaces (Next Follow-up Date → nextfollowupdate).
        ("next_contact", r"下次|下一次|计划.*(跟进|回访|联系)|next(followup|contact|visit)"),
        # One order's money (最近消费金额 beside 累计消费金额, S23) is neither a date nor the total, and the product
        # last bought (上次购买产品) is no date.
        (None, r"(上次|最近|最后|末次|本次|单次|首次).*(金额|花费|价格|产品|商品|品名|项目)|last(order|purchase)(amount|value|total)"),
        # 拿货 is how wholesale buyers say "bought" (S14).
        ("last_purchase", r"(上次|最近|最后|末次).*(购买|消费|下单|成交|付款|拿货)|last(order|purchase)"),
        ("first_purchase", r"(首次|第一次|初次).*(购买|消费|下单|成交|拿货)|首单|first(order|purchase)"),
        # A gym's 最后签到时间 is the last visit (S16), a record table's 最后一次互动 the last contact (S20).
        ("last_contact", r"(上次|最近|最后|末次).*(联系|沟通|跟进|回访|拜访|到店|进站|进店|来店|见面|签到|互动)"
                         r"|^回访(日期|时间)$|last(contact|visit)"),
        # The day the customer reached the seller: added as a WeChat contact (企业微信 添加时间, S13), or sent in
        # the seller's form (问卷星 提交答卷时间, S19). The last contact when nothing later is known.
        ("last_contact", r"^(添加|添加好友|加好友)(时间|日期)$|^提交(答卷)?(时间|日期)$"),
        ("purchase_count", r"(购买|消费|下单|成交|到店|进站|进店|拿货)(总?次数|单数)|订单总?数"
                           r"|numberof(orders|purchases)|^purchases$|orderscount"),  # 累计消费单数 (S25)
        ("total_amount", r"(累计|总|合计).*(消费|金额|购买|充值|花费|销售额)|消费.*(总额|金额)"
                         r"|(购买|成交|实付|支付|下单|销售)(总额|合计|总计)|消费合计|历史消费"
                         r"|amountspent|totalspen[dt]|lifetimevalue|^ltv$"),  # 总花费 S17, 累计销售额 S14
        ("total_profit", r"利润|毛利"),
        ("lunar_birthday", r"(农历|阴历|旧历).*(生日|出生)|(生日|出生).*(农历|阴历|旧历)"),  # 生日（农历）
        ("birthday", r"生日|出生"),
        ("phone", r"手机|电话|mobile|phone|tel"),
        ("name", r"姓名|名称|昵称|微信名|网名|旺旺|收货人|联系人|会员名|客户名|name|contactperson"),
        ("wechat", r"微信|wechat|weixin"),
        ("progress", r"进度|进展"),
        ("region", r"地址|地区|省|城市|区域|所在地"),
        ("gender", r"性别"),
        ("source", r"来源|渠道"),
        ("tags", r"标签"),
        ("notes", r"备注|说明"),
        # 4、您对哪类产品感兴趣？ (S19); 产品偏好 (S27)
        ("favourite_product", r"感兴趣|(喜欢|偏好|常买|常用)的?(产品|商品|品类)|(产品|商品|品类)偏好"),
    ),
    ORDERS: (
        ("customer_id", r"卡号|会员号|会员id"),
        # An order number or an account is not the buyer, a pet not the customer (S21 服务记录 宠物姓名).
        (None, r"留言|备注|说明|地址|编号|账号|支付宝|送修人|推荐人|宠物"),
        # Money given back (退款金额) is never what was paid; a refund state (订单退款状态) is read beside the status.
        (None, r"退款|退货|售后"),
        ("delivered_date", r"(签收|确认收货|收货|交易成功|完成).*(时间|日期)"),
        ("shipped_date", r"发货.*(时间|日期)"),
        # When the order was made, not when it was paid (订单付款时间 is a payment): an unpaid order has only the
        # first (S15 创建时间). A service (S21 服务日期) is a shop's sale too.
        ("paid_date", r"(付款|支付).*(时间|日期)"),
        # An ERP's 交易时间 (S28) is when the order was made; its 登记时间 (registered in the ERP) is not.
        ("date", r"(下单|创建|成交|交易|订单|购买|消费|接待|服务).*(时间|日期)"),
        ("tracking_no", r"(快递|运单|物流).*(号|单号)"),
        ("quantity", r"数量|件数"),
        ("cost", r"成本|进价"),
        ("profit", r"利润|毛利"),
        # What was paid wins over the price before discounts (S18 已支付的金额 beside 商品总价).
        ("amount", r"实付|实收|已付|已支付|(支付|付款)金额|实际结算|结算金额"),  # an ERP's 实际结算 (S28)
        ("amount", r"金额|总价|应付|(服务|项目)(价格|费用)"),
        (None, r"价|金额|总额|费用"),  # other money (商品总价 beside 已支付的金额, 配送费用) is never the product
        ("status", r"状态"),
        ("record_kind", r"(交易|记录|互动)(类型|类别)"),
        ("phone", r"手机|电话"),
        ("customer", r"买家|会员|客户|收货人|收件人|下单人|购买人|联系人|团员|昵称|旺旺|微信名|网名|姓名"),
        ("product", r"商品|宝贝|产品|品名|(服务|项目)(项目|名称)?$"),
    ),
    CONTACTS: (
        ("next_date", r"下次|下一次|^next.*(date|time)"),
        # A gym's check-in (S16 签到时间) is a visit.
        ("date", r"(跟进|联系|沟通|回访|拜访|签到).*(时间|日期)|(followup|contact|visit)(date|time)"),
        (None, r"编号|跟进人|负责人|业务员|销售|来源"),  # who followed up is the seller's side; 来源详情 (S19) is no content
        # A 微商's log names people by 微信名; 客户反馈 is what the customer said, not who.
        ("customer", r"客户(?!反馈)|姓名|昵称|会员|名称|微信名|旺旺|网名"),
        ("progress", r"进度|进展"),
        ("channel", r"方式|渠道"),
        ("content", r"内容|记录|情况|纪要|详情|^notes?$"),
        ("content", r"反馈"),  # after the others: 沟通情况 beside 客户反馈 is the content
        ("result", r"结果|outcome"),
    ),
    PRODUCTS: (
        ("usage_days", r"周期|天数|可用"),
        ("cost", r"成本|进价"),
        ("price", r"价"),
        ("name", r"产品|商品|品名|名称"),
    ),
}

# A survey's question (问卷星 `5、您最近一次购买护肤品是什么时候？`, S19) is read by its words only for who answered:
# its answers are the person's own words (一个月内, 晚上), never a date or a sum of ours.
_QUESTION = re.compile(r"^\d+[、.]|[您你].*[?？]$")  # numbered, or asked of the reader (勿扰? is a seller's header)
_ANSWERED_BY_WORDS = frozenset({"name", "phone", "wechat", "birthday", "lunar_birthday", "gender", "region", "customer",
                                "favourite_product"})  # free text: an answer is kept as written

# A sheet is recognised by its headers alone only with these fields present …
REQUIRED_FIELDS: Mapping[str, tuple[tuple[str, ...], ...]] = {
    CUSTOMERS: (("name",),),
    ORDERS: (("customer", "customer_id"), ("date", "ordered_date", "paid_date")),
    CONTACTS: (("customer", "customer_id"), ("date",)),
    PRODUCTS: (("name",),),
}
# … and at least this many recognised columns, so a lone 姓名 column in a stray sheet is not a customer list.
MIN_HEADER_MATCHES = 2
HEADER_SCAN_ROWS = 20

# Spaces, brackets, underscores, colons and the marks people put in headers ("姓名*", "公历/农历").
_HEADER_NOISE = re.compile(r"[\s()\[\]{}【】〔〕<>《》_:：\-/*#.·]+")


def fold_header(text: Any) -> str:
    """A header as compared: NFKC (full-width to half-width), lower case, no spaces or brackets."""
    if text is None:
        return ""
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", str(text)).lower())


_BRACKETED = re.compile(r"[(\[{【〔<《][^)\]}】〕>》]*[)\]}】〕>》]")


# A bracket that changes the meaning (生日（农历） is the lunar birthday) is no unit to drop.
_MEANING_IN_BRACKETS = re.compile(r"农历|阴历|旧历")


def _field_for(text: Any, table: Mapping[str, str]) -> Optional[str]:
    """The field a header names; a bracketed unit may follow: 使用周期（天）, 金额(元)."""
    folded = unicodedata.normalize("NFKC", str(text)) if text is not None else ""
    found = table.get(fold_header(folded))
    if found is not None or _MEANING_IN_BRACKETS.search(" ".join(_BRACKETED.findall(folded))):
        return found
    return table.get(fold_header(_BRACKETED.sub("", folded)))


def _folded_table(table: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {fold_header(word): name for name, words in table.items() for word in words}


_FIELD_BY_HEADER = {kind: _folded_table(table) for kind, table in HEADER_SYNONYMS.items()}
_KEYWORD_RULES = {kind: tuple((name, re.compile(pattern)) for name, pattern in rules)
                  for kind, rules in HEADER_KEYWORDS.items()}


def field_label(kind: str, name: str) -> str:
    """The field as 检查报告 names it: its first Chinese synonym (进度, 手机 …)."""
    return HEADER_SYNONYMS[kind][name][0]


@lru_cache(maxsize=1 << 12)  # the same headers are matched for every kind and scanned row
def _field_alone(text: str, kind: str) -> Optional[str]:
    """The field a header's words name when no other column has taken one (None: none, or a rule for None)."""
    return _keyword_fields([text], kind, ()).get(0)


def _keyword_fields(texts: Sequence[Any], kind: str, taken: Collection[str],
                    cols: Optional[Sequence[int]] = None) -> dict[int, Optional[str]]:
    """Columns (of `cols`, in that order) read by the keyword rules, rule by rule: each rule gives its field to
    the first free column it matches, and None to every column it matches when it names no field."""
    folded = {col: fold_header(texts[col]) for col in (range(len(texts)) if cols is None else cols)}
    cols = [col for col in folded if folded[col]]
    found: dict[int, Optional[str]] = {}
    fields = set(taken)
    for name, pattern in _KEYWORD_RULES[kind]:
        if name in fields:
            continue
        for col in cols:
            if col in found or not pattern.search(folded[col]) or (
                    name not in _ANSWERED_BY_WORDS and _is_question(texts[col])):
                continue
            found[col] = name
            if name is not None:
                fields.add(name)
                break
    return found


def _is_question(text: Any) -> bool:
    return _QUESTION.search(unicodedata.normalize("NFKC", str(text)).strip()) is not None


_KIND_BY_SHEET_NAME = {fold_header(word): kind for kind, words in SHEET_NAMES.items() for word in words}

Merge = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first col), (last row, last col)), 0-based


def kind_by_sheet_name(name: str) -> Optional[str]:
    return _KIND_BY_SHEET_NAME.get(fold_header(name))


@dataclass(frozen=True)
class HeaderRow:
    """Where a sheet's header is and which column holds which field (all 0-based)."""

    kind: str
    row: int
    first_data_row: int
    columns: Mapping[str, int]
    titles: Mapping[str, str]                         # field -> header text as the seller wrote it
    duplicates: tuple[tuple[str, int], ...] = ()      # (header text, column) ignored: field already taken
    guessed: tuple[str, ...] = ()                     # fields read by a keyword rule, not an exact synonym
    unused: tuple[tuple[str, int], ...] = ()          # (header text, column) of headers that name no field
    hidden: tuple[tuple[str, int], ...] = ()          # (header text, column) of hidden columns a visible one replaces
    contact_person: Optional[tuple[str, int]] = None  # 联系人 beside a company name: the person, not the customer
    region_parts: tuple[int, ...] = ()                # 省 市 区 side by side: the region is their texts joined
    fill_ins: Mapping[str, int] = field(default_factory=dict)  # field -> a second column read where its own is blank
    name_parts: tuple[int, ...] = ()                  # First Name, Last Name side by side: the name is both

    def has_required(self) -> bool:
        return all(any(f in self.columns for f in choice) for choice in REQUIRED_FIELDS[self.kind])


def _vertical_merge_above(row: int, col: int, merged: Sequence[Merge]) -> Optional[Merge]:
    for merge in merged:
        (r0, c0), (r1, c1) = merge
        if c0 == col and r0 < row <= r1:
            return merge
    return None


def header_texts(rows: Sequence[Sequence[Any]], row: int, merged: Sequence[Merge] = ()) -> list[Any]:
    """The header cells of `row`; a blank cell inside a vertically merged header takes the merge's text.

    python-calamine gives a merged range's value only in its top-left cell. A header merged
    down over two rows (姓名 over a two-row header) belongs to this row too; a header merged
    across columns belongs only to its first column, so the blank cells to its right stay blank.
    """
    cells = list(rows[row])
    for col, value in enumerate(cells):
        if value in (None, ""):
            merge = _vertical_merge_above(row, col, merged)
            if merge is not None:
                cells[col] = rows[merge[0][0]][col]
    return cells


def _first_data_row(row: int, merged: Sequence[Merge]) -> int:
    """Data starts below the header and below any header cell merged downwards from it."""
    bottoms = [r1 for (r0, _), (r1, _) in merged if r0 <= row <= r1]
    return max([row, *bottoms]) + 1


def match_header_row(rows: Sequence[Sequence[Any]], row: int, kind: str, merged: Sequence[Merge] = (),
                     hidden: Collection[int] = frozenset()) -> HeaderRow:
    """Map one row's header cells to fields: exact synonyms first, then keyword rules for what is left;
    the first visible column for a field wins, and a hidden column only takes a field no visible one has."""
    table = _FIELD_BY_HEADER[kind]
    texts = header_texts(rows, row, merged)
    order = sorted(range(len(texts)), key=lambda col: col in hidden)  # visible columns first, each in place
    columns: dict[str, int] = {}
    titles: dict[str, str] = {}
    duplicates: list[tuple[str, int]] = []
    replaced: list[tuple[str, int]] = []
    left: list[int] = []
    for col in order:
        name = _field_for(texts[col], table)
        if name is None:
            left.append(col)
        elif name in columns:
            (replaced if col in hidden else duplicates).append((str(texts[col]).strip(), col))
        else:
            columns[name], titles[name] = col, str(texts[col]).strip()
    guessed, unused = [], []
    by_keyword = _keyword_fields(texts, kind, columns, left)
    for col in left:
        name = by_keyword.get(col)
        if name is not None:
            columns[name], titles[name] = col, str(texts[col]).strip()
            guessed.append(name)
        elif fold_header(texts[col]):
            (replaced if col in hidden and _field_alone(str(texts[col]), kind) else unused).append(
                (str(texts[col]).strip(), col))
    _buyer_beside_order_name(kind, texts, columns, titles, duplicates, unused)
    name_before = columns.get("name")
    person = _company_beside_person(kind, texts, columns, titles, unused, duplicates)
    if person is not None:
        if columns["name"] != name_before:
            guessed = [name for name in guessed if name != "name"] + ["name"]
        unused = [u for u in unused if u[1] not in (columns["name"], person[1])]
        duplicates = [d for d in duplicates if d[1] != person[1]]
    parts = _region_parts(kind, texts, columns, unused)
    names = _name_parts(kind, texts, columns, [*duplicates, *unused])
    unused = [u for u in unused if u[1] not in parts and u[1] not in names]
    duplicates = [d for d in duplicates if d[1] not in names]
    fill_ins = _second_identity_columns(kind, texts, columns, titles, duplicates, unused)
    read = {*fill_ins.values(), *columns.values()}  # a real name that took the name from a nickname is read too
    duplicates = [d for d in duplicates if d[1] not in read]
    unused = [u for u in unused if u[1] not in read]
    return HeaderRow(kind, row, _first_data_row(row, merged), columns, titles, tuple(duplicates), tuple(guessed),
                     tuple(sorted(unused, key=lambda u: u[1])), tuple(replaced), person, parts, fill_ins, names)


# A member system keeps 昵称 beside 姓名 (S17): the real name is the name, the nickname another name of the same
# person, which names a row whose 姓名 is blank.
_NICKNAME = re.compile(r"昵称|网名|备注名|微信名|旺旺")
_REAL_NAME = re.compile(r"^(客户|会员|用户|真实)?(姓名|名字)$")


def _second_identity_columns(kind: str, texts: Sequence[Any], columns: dict[str, int], titles: dict[str, str],
                             duplicates: Sequence[tuple[str, int]], unused: Sequence[tuple[str, int]]) -> dict[str, int]:
    """Second columns of the name (昵称 beside 姓名) and of the phone (系统手机 beside 企微手机号, S13): each fills a
    row whose first column is blank. A real name beats a nickname to the name. An exact synonym repeated for the
    phone (电话 and 手机) stays a duplicate header: only the first is read."""
    if kind != CUSTOMERS:
        return {}
    table = _FIELD_BY_HEADER[kind]
    found: dict[str, int] = {}
    others = [col for text, col in sorted([*duplicates, *unused], key=lambda c: c[1])
              if "name" in columns and (_field_for(text, table) or _field_alone(text, kind)) == "name"]
    real = next((col for col in others if _REAL_NAME.match(fold_header(texts[col]))), None)
    nickname = next((col for col in others if _NICKNAME.search(fold_header(texts[col]))), None)
    if real is not None and _NICKNAME.search(fold_header(titles["name"])):
        found["name"], columns["name"], titles["name"] = columns["name"], real, str(texts[real]).strip()
    elif nickname is not None:
        found["name"] = nickname
    phone = next((col for text, col in unused if "phone" in columns and _field_alone(text, kind) == "phone"),
                 None)
    if phone is not None:
        found["phone"] = phone
    return found


# A CRM import splits the address: 省(*) 市(*) 区. Side by side they are one region, 浙江省杭州市余杭区.
_REGION_PART = re.compile(r"^(省|省份|市|城市|区|县|区县)$")


def _region_parts(kind: str, texts: Sequence[Any], columns: Mapping[str, int],
                  unused: Sequence[tuple[str, int]]) -> tuple[int, ...]:
    """The region column and the unused 市/区 columns that continue it, in order; () when there are none."""
    if kind != CUSTOMERS or "region" not in columns or not _REGION_PART.match(fold_header(texts[columns["region"]])):
        return ()
    more = [col for text, col in unused if _REGION_PART.match(fold_header(text))]
    return (columns["region"], *sorted(more)) if more else ()


# An order list's bare Name is the order's own name (Shopify's #1001, S30) when a column names the buyer more
# exactly (Billing Name): that column is the customer.
_BARE_NAME = frozenset({"name", "名称"})


def _buyer_beside_order_name(kind: str, texts: Sequence[Any], columns: dict[str, int], titles: dict[str, str],
                             duplicates: list[tuple[str, int]], unused: list[tuple[str, int]]) -> None:
    if kind not in (ORDERS, CONTACTS) or fold_header(titles.get("customer")) not in _BARE_NAME:
        return
    table = _FIELD_BY_HEADER[kind]
    buyer = next((col for text, col in duplicates if _field_for(text, table) == "customer"), None)
    if buyer is None:
        return
    unused.append((titles["customer"], columns["customer"]))
    duplicates[:] = [d for d in duplicates if d[1] != buyer]
    columns["customer"], titles["customer"] = buyer, str(texts[buyer]).strip()


# An English export splits the name (Shopify's First Name / Last Name, S24): the customer is both, shown
# "First Last" as the export's own pages show it.
_GIVEN_NAME = re.compile(r"^(first|given)name$")
_FAMILY_NAME = re.compile(r"^(last|family)name$|^surname$")


def _name_parts(kind: str, texts: Sequence[Any], columns: Mapping[str, int],
                others: Sequence[tuple[str, int]]) -> tuple[int, ...]:
    """The name column and the family-name column that completes it; () when the name is not split."""
    if kind != CUSTOMERS or "name" not in columns or not _GIVEN_NAME.match(fold_header(texts[columns["name"]])):
        return ()
    family = next((col for text, col in others if _FAMILY_NAME.match(fold_header(text))), None)
    return () if family is None else (columns["name"], family)


# 联系人 is a customer's name in a list of people, but beside 公司名称/店名 it is the person to talk to at
# that company: the company is the customer (SPEC Round 2).
_PERSON = re.compile(r"^(联系人(姓名)?|contactperson)$")
_ORGANISATION = re.compile(r"公司|名称|店名|单位|企业|厂|机构|company|business")


def _company_beside_person(kind: str, texts: Sequence[Any], columns: dict[str, int], titles: dict[str, str],
                           unused: list[tuple[str, int]],
                           duplicates: Sequence[tuple[str, int]] = ()) -> Optional[tuple[str, int]]:
    """Moves the name to the company column when the name column is 联系人; returns the 联系人 column. Where the
    company already has the name (客户名称 beside 联系人, S27), the 联系人 column is returned as it stands."""
    if kind != CUSTOMERS or "name" not in columns:
        return None
    if not _PERSON.match(fold_header(titles["name"])):
        if not _ORGANISATION.search(fold_header(titles["name"])):
            return None
        return next(((text, col) for text, col in [*duplicates, *unused] if _PERSON.match(fold_header(text))), None)
    company = next((col for text, col in unused if _ORGANISATION.search(fold_header(text))), None)
    if company is None:
        return None
    person = (titles["name"], columns["name"])
    columns["name"], titles["name"] = company, str(texts[company]).strip()
    return person


def find_header_row(rows: Sequence[Sequence[Any]], kind: str, merged: Sequence[Merge] = (),
                    hidden: Collection[int] = frozenset()) -> Optional[HeaderRow]:
    """The row among the first HEADER_SCAN_ROWS that names the most fields of `kind` (earliest on a tie)."""
    best: Optional[HeaderRow] = None
    for row in range(min(HEADER_SCAN_ROWS, len(rows))):
        candidate = match_header_row(rows, row, kind, merged, hidden)
        if candidate.columns and (best is None or len(candidate.columns) > len(best.columns)):
            best = candidate
    return best


@dataclass(frozen=True)
class SheetMatch:
    """A sheet the reader will use for `kind`; `header` is None for the settings sheet or when none was found."""

    kind: str
    sheet: str
    header: Optional[HeaderRow]


def _by_headers(rows: Sequence[Sequence[Any]], kinds: Sequence[str], merged: Sequence[Merge],
                hidden: Collection[int]) -> Optional[HeaderRow]:
    candidates = [find_header_row(rows, kind, merged, hidden) for kind in kinds]
    usable = [h for h in candidates if h and h.has_required() and len(h.columns) >= MIN_HEADER_MATCHES]
    return max(usable, key=lambda h: len(h.columns), default=None)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def data_row_count(rows: Sequence[Sequence[Any]], first: int = 0, cells: int = 1) -> int:
    """How many rows from `first` on fill at least `cells` cells."""
    return sum(1 for row in rows[first:] if len(row) - sum(map(_blank, row)) >= cells)


def _filled(rows: Sequence[Sequence[Any]], header: Optional[HeaderRow]) -> bool:
    """Whether anything stands below the header (stops at the first such row: sheets can be long)."""
    return header is not None and any(not all(map(_blank, row)) for row in rows[header.first_data_row:])


def classify_sheets(
    sheets: Mapping[str, Sequence[Sequence[Any]]], merged: Mapping[str, Sequence[Merge]] | None = None,
    hidden: Mapping[str, Collection[int]] | None = None,
) -> tuple[dict[str, SheetMatch], list[str]]:
    """Each kind's sheet, found by sheet name first, else by headers; plus notices for the report.

    Sheets are taken in workbook order; a second sheet named for a kind already found is
    ignored (and said so), since merging two customer lists would be a guess. A sheet that is
    only a header row (an empty template) gives way to a filled one of the same kind, and a
    sheet with data but no header tierbook recognises is named, so the seller can add one.
    """
    merged, hidden = merged or {}, hidden or {}
    found: dict[str, SheetMatch] = {}
    notices: list[str] = []
    unnamed: list[str] = []
    for name, rows in sheets.items():
        kind = kind_by_sheet_name(name)
        if kind is None:
            unnamed.append(name)
        elif kind in found:
            notices.append(f"已有{KIND_LABELS[kind]}「{found[kind].sheet}」，忽略同类的表「{name}」")
        else:
            header = None if kind == SETTINGS else find_header_row(rows, kind, merged.get(name, ()),
                                                                   hidden.get(name, ()))
            found[kind] = SheetMatch(kind, name, header)
    guesses = []
    for name in unnamed:
        open_kinds = [k for k in HEADER_SYNONYMS if k not in found]
        header = _by_headers(sheets[name], open_kinds, merged.get(name, ()), hidden.get(name, ()))
        if header is None:  # headers of a kind already found (a second customer list …) are still worth a word
            header = _by_headers(sheets[name], [k for k in HEADER_SYNONYMS if k in found], merged.get(name, ()),
                                 hidden.get(name, ()))
        if header is not None:
            guesses.append((_filled(sheets[name], header), len(header.columns), name, header))
        elif (count := data_row_count(sheets[name], cells=2)) >= 2:  # records, not a line of notes
            notices.append(f"「{name}」有 {count} 行数据，但没有认得出的表头行，没有读取（请在第一行写上表头，如 姓名、手机）"
                           f" / {count} rows of data without a header row: not read")
    for filled, _, name, header in sorted(guesses, key=lambda g: (not g[0], -g[1])):
        taken = found.get(header.kind)
        if taken is not None and (other := _by_headers(sheets[name], [k for k in HEADER_SYNONYMS if k not in found],
                                                       merged.get(name, ()), hidden.get(name, ()))):
            header, taken = other, None  # a work-order sheet beside the customer list: read as what is still open
        if taken is not None and filled and taken.header is not None and not _filled(sheets[taken.sheet], taken.header):
            notices.append(f"「{taken.sheet}」只有表头、没有数据（空模板），读取「{name}」"
                           f" / {taken.sheet} is an empty template: {name} is read")
            taken = None
        if taken is None:
            found[header.kind] = SheetMatch(header.kind, name, header)
            notices.append(f"按表头把「{name}」当作{KIND_LABELS[header.kind]}")
        elif not filled:
            notices.append(f"「{name}」只有表头、没有数据（空模板），读取「{taken.sheet}」"
                           f" / {name} is an empty template: {taken.sheet} is read")
        else:
            notices.append(_ignored(taken, name))
    return found, notices


def _ignored(taken: SheetMatch, name: str) -> str:
    return f"「{name}」的表头也像{KIND_LABELS[taken.kind]}，但已用「{taken.sheet}」，没有读取它（两张表请合并成一张）"
