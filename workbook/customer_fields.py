"""The customer sheet's columns, one declaration each: header words, parser, template column, TB_GRADE argument.

The header synonyms (workbook.headers), the reader's parsers (workbook.reader), the template's columns
(templates.build) and TB_GRADE's arguments (macros.udf_core) are all read from FIELDS, so a new customer
column is one entry here and one field of tierlogic.model.Customer (a new TB_GRADE argument is also a
parameter of TB_GRADE; a header read by its words, a rule in headers.HEADER_KEYWORDS). The entries stand
in the order the reader reads a row, which is the order a row's bad cells are reported in; the template
and TB_GRADE each give their own order by `place`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, Callable, Mapping, NamedTuple, Optional

from tierlogic.grade import LEVEL_FIELDS
from tierlogic.lunar import lunar_text
from tierlogic.model import (INTEREST_HIGH, INTEREST_LOW, INTEREST_MEDIUM, INTEREST_NONE, PROGRESS_LEVELS, Customer,
                             LunarBirthday, SolarBirthday)
from tierlogic.schemes import Scheme

from .values import (
    LUNAR, SOLAR, parse_amount, parse_count, parse_interest, parse_level, parse_phone, parse_progress, parse_tags,
    parse_text, parse_yes_no,
)

Parser = Callable[[Any], Any]


class ParserContext(NamedTuple):
    """What a parser may depend on, made by each engine once per read (the reader, a TB_GRADE call)."""

    past: Parser    # a date of something that happened: 3月5日 resolves into the past, a date after today is a slip
    near: Parser    # a date that may lie ahead (an expected close, a next contact)
    scheme: Scheme  # the grade scheme chosen in 设置: a manual grade is one of its levels


@dataclass(frozen=True)
class TemplateColumn:
    """The field's column in the customer template: where it stands among the columns, how wide, how a customer's
    value is written, and what helps the seller fill it in (a dropdown, a date format, the overdue colour)."""

    place: int
    width: float
    show: Optional[Callable[[Customer], Any]] = None  # None: the attribute as it is
    choices: tuple[str, ...] = ()
    date: bool = False
    overdue_check: bool = False
    header: Optional[str] = None                      # None: the field's label


class GradeArgument(NamedTuple):
    """The field as an argument of TB_GRADE (and TB_WHY): its place in the signature, and what the error text
    calls a cell it cannot read (#日期无效 (bad date): …)."""

    place: int
    what: str


@dataclass(frozen=True)
class CustomerField:
    """One column of the customer sheet. `headers` are the words that name it, the first one the label the check
    report uses. Without `parser` or `parser_for` the reader builds the field itself (a required name, a birthday
    read by its kind column)."""

    name: str  # the Customer attribute, or a column the reader builds one from (birthday_kind)
    headers: tuple[str, ...]
    parser: Optional[Parser] = None
    parser_for: Optional[Callable[[ParserContext], Parser]] = None  # when the parser depends on the day or scheme
    column: Optional[TemplateColumn] = None
    grade: Optional[GradeArgument] = None

    @property
    def label(self) -> str:
        return self.headers[0]

    def parser_in(self, context: ParserContext) -> Optional[Parser]:
        return self.parser_for(context) if self.parser_for is not None else self.parser


def _past(context: ParserContext) -> Parser:
    return context.past


def _near(context: ParserContext) -> Parser:
    return context.near


def _manual_grade(context: ParserContext) -> Parser:
    return partial(parse_level, levels=context.scheme.levels)


def _recorded(name: str) -> Parser:
    """A level of the scale whose scheme records `name` (tierlogic.schemes), whichever scheme is active."""
    return partial(parse_level, levels=LEVEL_FIELDS[name].recorded_levels)


def _yes_no(value: Optional[bool]) -> Optional[str]:
    return None if value is None else ("是" if value else "否")


def _birthday_text(b) -> Any:
    if isinstance(b, SolarBirthday):
        return date(b.year, b.month, b.day) if b.year else f"{b.month}月{b.day}日"
    if isinstance(b, LunarBirthday):
        return (f"{b.year}年" if b.year else "") + "农历" + lunar_text(b.month, b.day, b.leap)
    return None


def _birthday_kind(b) -> Optional[str]:
    return LUNAR if isinstance(b, LunarBirthday) else SOLAR if b else None


YES_NO = ("是", "否")

FIELDS: tuple[CustomerField, ...] = (
    CustomerField("name", ("客户", "姓名", "微信昵称", "备注名", "客户名称", "客户名", "客户姓名", "名字", "昵称",
                           "名称", "联系人", "顾客", "会员", "会员名", "Name", "Customer", "Customer name"),
                  column=TemplateColumn(1, 10)),  # required: a row without a name is no customer
    CustomerField("id", ("编号", "客户编号", "客户ID", "客户代码", "会员编号", "会员号", "ID", "Customer ID", "Code"),
                  column=TemplateColumn(0, 8)),  # the customer's key when given
    CustomerField("phone", ("手机", "手机号", "手机号码", "电话", "电话号码", "联系电话", "联系方式", "Phone", "Mobile", "Tel"),
                  parse_phone, column=TemplateColumn(2, 13)),
    CustomerField("wechat", ("微信", "微信号", "微信ID", "VX", "WX", "WeChat", "WeChat ID", "Weixin"),
                  parse_text, column=TemplateColumn(3, 12)),
    CustomerField("region", ("地区", "城市", "地址", "所在地", "所在城市", "省份", "区域", "Region", "City", "Area",
                             "Location"),
                  parse_text, column=TemplateColumn(4, 8)),
    CustomerField("gender", ("性别", "Gender", "Sex"), parse_text, column=TemplateColumn(5, 6)),
    # The birthday is read by its kind column, or as lunar from a 农历 column.
    CustomerField("birthday", ("生日", "出生日期", "出生年月日", "生日日期", "公历生日", "阳历生日", "新历生日",
                               "Birthday", "Birth date", "Date of birth", "DOB"),
                  column=TemplateColumn(6, 12, lambda c: _birthday_text(c.birthday), date=True)),
    # A column that says 农历 is read as lunar whatever its cells say; beside a 公历生日 column each row
    # uses whichever of the two it fills (SPEC Round 2).
    CustomerField("lunar_birthday", ("农历生日", "阴历生日", "旧历生日", "Lunar birthday")),
    CustomerField("birthday_kind", ("生日类型", "公历农历", "农历公历", "公历/农历", "农历/公历", "阴历阳历", "历法",
                                    "生日历法", "Birthday type", "Calendar"),
                  column=TemplateColumn(7, 8, lambda c: _birthday_kind(c.birthday), choices=(SOLAR, LUNAR))),
    CustomerField("source", ("来源", "渠道", "客户来源", "来源渠道", "获客渠道", "Source", "Channel"),
                  parse_text, column=TemplateColumn(8, 10)),
    CustomerField("tags", ("标签", "客户标签", "Tags", "Tag"),
                  parse_tags, column=TemplateColumn(9, 10, lambda c: "、".join(c.tags) or None)),
    CustomerField("bought_similar", ("买过同类", "买过竞品", "买过同类产品", "在别家买过", "买过同行", "同行客户",
                                     "Bought similar", "Bought elsewhere"),
                  parse_yes_no, column=TemplateColumn(10, 8, lambda c: _yes_no(c.bought_similar), choices=YES_NO),
                  grade=GradeArgument(4, "是否")),
    CustomerField("buying_ability", ("消费能力", "有购买习惯", "购买习惯", "购买能力", "有消费能力", "Buying ability",
                                     "Buying habit"),
                  parse_yes_no, column=TemplateColumn(11, 8, lambda c: _yes_no(c.buying_ability), choices=YES_NO),
                  grade=GradeArgument(5, "是否")),
    CustomerField("interest", ("意向", "意向度", "意向程度", "购买意向", "Interest"), parse_interest,
                  column=TemplateColumn(12, 6, choices=(INTEREST_HIGH, INTEREST_MEDIUM, INTEREST_LOW, INTEREST_NONE)),
                  grade=GradeArgument(3, "意向")),
    # The template spells the date out; the check report keeps the short label.
    CustomerField("expected_close", ("预计成交", "预计成交日期", "预计成交时间", "Expected close", "Close date"),
                  parser_for=_near, column=TemplateColumn(13, 12, date=True, header="预计成交日期"),
                  grade=GradeArgument(8, "日期")),
    CustomerField("first_purchase", ("首次购买", "首单日期", "首次购买日期", "第一次购买", "首购日期", "First purchase"),
                  parser_for=_past),
    CustomerField("last_purchase", ("最近购买", "最后购买", "最近购买日期", "最后购买日期", "上次购买", "最近下单",
                                    "Last purchase"),
                  parser_for=_past),
    CustomerField("purchase_count", ("购买次数", "下单次数", "订单数", "成交次数", "购买单数", "Purchase count",
                                     "Order count", "Orders", "Total Orders", "Orders count"),  # Shopify (S24)
                  parse_count, grade=GradeArgument(0, "数字")),
    CustomerField("total_amount", ("累计金额", "消费总额", "累计消费", "消费金额", "总金额", "成交金额", "购买金额",
                                   "Total amount", "Total spent"),
                  parse_amount, grade=GradeArgument(1, "金额")),
    CustomerField("total_profit", ("累计利润", "总利润", "利润", "Total profit", "Profit"), parse_amount),
    CustomerField("maintenance_cost", ("维护费用", "维护成本", "维护费", "红包礼品", "Maintenance cost"),
                  parse_amount, column=TemplateColumn(14, 8)),
    CustomerField("last_contact", ("最近联系", "上次联系", "最近联系日期", "上次联系日期", "上次联系时间", "最后联系",
                                   "最近沟通", "Last contact"),
                  parser_for=_past, column=TemplateColumn(15, 11, date=True), grade=GradeArgument(6, "日期")),
    CustomerField("next_contact", ("下次跟进", "下次联系", "下次跟进日期", "下次联系日期", "Next contact",
                                   "Next follow-up"),
                  parser_for=_near, column=TemplateColumn(16, 11, date=True, overdue_check=True)),
    CustomerField("progress", ("进度", "跟进进度", "进展", "Progress"), parse_progress,
                  column=TemplateColumn(17, 6, choices=PROGRESS_LEVELS), grade=GradeArgument(2, "进度")),
    # Only an explicitly manual column: a computed 级别 column written back by us must not
    # come back as a manual grade and freeze the customer. The template's dropdown offers the scheme's levels.
    CustomerField("manual_grade", ("手动级别", "客户级别(手动)", "级别(手动)", "手动分级", "指定级别", "Manual grade"),
                  parser_for=_manual_grade, column=TemplateColumn(18, 8), grade=GradeArgument(7, "级别")),
    # A plain yes or no (blank is no), read after the others.
    CustomerField("do_not_disturb", ("勿扰", "已屏蔽", "免打扰", "屏蔽", "拉黑", "已拉黑", "黑名单", "Do not disturb",
                                     "Blocked", "DND"),
                  column=TemplateColumn(19, 6, lambda c: "是" if c.do_not_disturb else None, choices=YES_NO)),
    CustomerField("notes", ("备注", "备注信息", "说明", "Notes", "Note", "Remark", "Remarks"),
                  parse_text, column=TemplateColumn(22, 40)),
    CustomerField("salutation", ("称呼", "尊称", "Salutation"), parse_text, column=TemplateColumn(20, 8)),
    CustomerField("favourite_product", ("喜欢的产品", "常买产品", "偏好产品", "喜爱产品", "常用产品", "感兴趣的产品",
                                        "Favourite product", "Favorite product"),
                  parse_text, column=TemplateColumn(21, 12)),
    # Levels of seed 001's scales the seller records (tierlogic.scales), on the customer row or in the contact log.
    CustomerField("intent_level", ("意向等级", "购买意向等级", "意向分级", "Intent level"),  # 意向级别 holds 高/中/低
                  _recorded("intent_level")),                                          # in CRM exports (S10)
    CustomerField("relation_level", ("客户分类等级", "分类等级", "关系等级", "好友等级", "客户关系等级", "Relation level"),
                  _recorded("relation_level")),
    CustomerField("stage", ("阶段", "客户阶段", "心理阶段", "所处阶段", "Stage"), _recorded("stage")),
)

BY_NAME: Mapping[str, CustomerField] = {f.name: f for f in FIELDS}
SYNONYMS: Mapping[str, tuple[str, ...]] = {f.name: f.headers for f in FIELDS}
TEMPLATE_FIELDS = tuple(sorted((f for f in FIELDS if f.column is not None), key=lambda f: f.column.place))
GRADE_FIELDS = tuple(sorted((f for f in FIELDS if f.grade is not None), key=lambda f: f.grade.place))


def parsers(context: ParserContext) -> dict[str, Parser]:
    """The parser of each field the reader reads with its own parser, in the order a row is read."""
    return {f.name: parser for f in FIELDS if (parser := f.parser_in(context)) is not None}
