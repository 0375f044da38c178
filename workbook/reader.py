"""Reads the seller's sheets, as plain rows, into a Book, Settings and a CheckReport.

`book_from_rows` works on plain rows, so any engine that can list a sheet's cells (python-calamine
on a closed file, in workbook/filereader.py; xlwings in Excel; a test) gets the same result. Nothing is
guessed: a cell that cannot be read is reported and left empty, an order for an unknown or
ambiguous customer is reported and skipped.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import date
from functools import lru_cache, partial
from itertools import repeat
from typing import Any, Callable, Collection, Iterable, Iterator, Mapping, Optional, Sequence

from tierlogic.facts import counted_in_full
from tierlogic.grade import LEVEL_FIELDS, scheme_for
from tierlogic.model import DELIVERED, ORDERED, SHIPPED, UNKNOWN_STATUS, Book, Contact, Customer, Order, Product
from tierlogic.order_states import gets_post_sale, is_purchase, with_refund, words_table
from tierlogic.post_sale import history_differs
from tierlogic.schemes import Scheme
from tierlogic.settings import DEFAULT_SETTINGS, SettingError, Settings, with_values

from .cells import column_letter as excel_column
from .customer_fields import ParserContext, parsers as customer_parsers
from .errorcells import ExcelError
from .headers import (
    CONTACTS, CUSTOMERS, KIND_LABELS, ORDERS, PRODUCTS, SETTINGS, HeaderRow, Merge, SheetMatch, classify_sheets,
    field_label, fold_header, match_header_row,
)
from .report import CheckReport, Problem
from .owned import OWNED_SHEETS
from .values import (
    CONTACT, EXPECT_STATUS, LUNAR, PerUnit, Invalid, fold, is_blank, parse_amount, parse_birthday_cell,
    parse_birthday_kind, parse_count, parse_date, parse_days, parse_progress, parse_record_kind, parse_status,
    parse_text, parse_yes_no,
)

Rows = Sequence[Sequence[Any]]


@lru_cache(maxsize=1 << 16)  # a log names the same customers again and again
def fold_name(text: str) -> str:
    """A customer name or id as matched across sheets: NFKC-folded, trimmed, inner spaces collapsed.

    Case is kept: 'Amy' and 'amy' may be two WeChat contacts.
    """
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def column_letter(index: int) -> str:
    """Excel's column letter for a 0-based index: 0 → A, 26 → AA."""
    return excel_column(index + 1)


@dataclass(frozen=True)
class Earlier:
    """What a refresh keeps from the workbook it writes into: its date system, and the cells of our sheets
    there (for the marks the seller wrote on them)."""

    date1904: bool = False
    sheets: Mapping[str, Rows] = field(default_factory=dict)


# ---------------------------------------------------------------- one row at a time

_REQUIRED = "必填 (required)"
_EXCEL_ERROR = "一个值，而不是错误值：请检查这个单元格的公式 (a value, not an Excel error: check the cell's formula)"
# Dates a seller's records can hold; 1900-01-01 is what a stray 1 in a date column becomes.
FIRST_PLAUSIBLE, LAST_PLAUSIBLE = date(1950, 1, 1), date(2099, 12, 31)
_IMPLAUSIBLE_DATE = f"{FIRST_PLAUSIBLE.year} 至 {LAST_PLAUSIBLE.year} 年之间的日期 (a date between 1950 and 2099)"
_UNKNOWN_CUSTOMER = "客户表中已有的客户 (a customer in the customer sheet)"
_UNKNOWN_CUSTOMER_ID = "客户表中已有的客户编号 (the id of a customer in the customer sheet)"
_IN_FUTURE = "不晚于今天的日期：这一列记的是已经发生的事 (a date not after today: this column records what happened)"
_NEGATIVE_QUANTITY = "不小于 0 的数量 (a quantity of 0 or more)"
_DUPLICATE = "重复的客户 (duplicate customers)"
_AMBIGUOUS = "同名客户无法区分 (ambiguous names)"
_DELIVERY_BEFORE_ORDER = "发货/签收日期早于成交日期 (shipped or delivered before the order)"
# Problems that get a count notice too, so a pattern stands out among single cells.
_SUMMARIES = {
    _UNKNOWN_CUSTOMER: "引用了未知客户 (unknown customer)",
    _UNKNOWN_CUSTOMER_ID: "引用了未知客户编号 (unknown customer id)",
    _IMPLAUSIBLE_DATE: "日期不合理（早于 1950 或晚于 2099 年）(implausible dates)",
    _IN_FUTURE: "日期在今天之后 (dates in the future)",
    _NEGATIVE_QUANTITY: "数量为负数 (negative quantities)",
    EXPECT_STATUS: "订单状态无法识别，这些订单没有算作购买 (status words not known: those orders are not purchases)",
}
_TOTAL_ROW_WORDS = {"合计", "总计", "小计", "共计", "总共", "汇总", "total", "subtotal", "grandtotal"}
# 合计：, 合 计, Total:, 合计（元）： are the same row: spaces, and a trailing colon or bracketed unit, go.
_TOTAL_ROW_NOISE = re.compile(r"\s+|(?:[:：]|\(.*\))+$")
# A period before the word (10月小计, 本月合计, 本周汇总) and 本月新增：1人 are summaries of the rows above too.
_PERIOD_TOTAL = re.compile(r"(?:\d{1,2}月|本月|上月|当月|本周|本年|今年|全年|\d{4}年)(?:小计|合计|总计|共计|汇总|新增)(?:[:：(].*)?")


def _skip_row(cells: Sequence[Any]) -> bool:
    """Blank rows, and the 合计 row many sellers keep under their data: the first non-blank cell says which."""
    for cell in cells:
        if cell is None:
            continue
        if not isinstance(cell, str):  # a number or a date: a data row (the common case, decided without folding)
            return False
        kind = _text_kind(cell)
        if kind is not None:
            return kind
    return True


@lru_cache(maxsize=1 << 16)  # the first column repeats the same names down a long log
def _text_kind(text: str) -> Optional[bool]:
    """None for blank text, else whether it is a total row's word (合计, 10月小计 …)."""
    folded = fold(text)
    if not folded:
        return None
    folded = _TOTAL_ROW_NOISE.sub("", folded.lower())
    return folded in _TOTAL_ROW_WORDS or _PERIOD_TOTAL.fullmatch(folded) is not None


@dataclass
class _Field:
    """One field of a sheet parsed down its whole column: one parser call per distinct value.

    A log of 100,000 contacts holds a few hundred distinct dates and a handful of channels, so
    each is parsed once, and the per-row work is a list lookup.
    """

    values: list[Any]           # one per data row; None where the cell was blank or bad
    bad: dict[int, str]         # data row position -> what was expected, for the bad cells


# Values Python counts as equal across types (1 == 1.0 == True) that a parser may read differently.
_EQUAL_ACROSS_TYPES = {bool, int, float}


def _parse_column(cells: list[Any], parser: Callable[[Any], Any], memo: dict) -> _Field:
    types = set(map(type, cells))
    # Keyed by value alone unless the column mixes values that compare equal across types: 1, 1.0 and True,
    # or the text "#N/A" and a cell showing #N/A.
    mixed = len(types & _EQUAL_ACROSS_TYPES) > 1 or {str, ExcelError} <= types
    keys = list(zip(map(type, cells), cells)) if mixed else cells
    try:
        distinct = set(keys)
    except TypeError:  # an unhashable value (another engine's rows): parse cell by cell
        results = [_parsed(parser, value) for value in cells]
    else:
        table = {key: _remembered(parser, key[1] if keys is not cells else key, memo) for key in distinct}
        results = list(map(table.__getitem__, keys))
    bad = {k: r.expected for k, r in enumerate(results) if r.__class__ is Invalid}
    for k in bad:
        results[k] = None
    return _Field(results, bad)


def _remembered(parser: Callable[[Any], Any], value: Any, memo: dict) -> Any:
    """parser(value), once per read: the same dates and channels recur across sheets too."""
    key = (parser, type(value), value)
    if key not in memo:
        memo[key] = _parsed(parser, value)
    return memo[key]


def _parsed(parser: Callable[[Any], Any], value: Any) -> Any:
    """What `parser` makes of the cell; a cell showing an Excel error is bad whatever the column, and calamine's
    empty text is a blank cell (told apart here, once per distinct value, not in every cell of a column)."""
    if value.__class__ is ExcelError:
        return Invalid(_EXCEL_ERROR)
    return parser(None if value == "" else value)


@dataclass
class _Sheet:
    """A sheet's data rows (blank and 合计 rows left out), with each field parsed once it is asked for."""

    name: str
    header: HeaderRow
    rows: Rows
    kept: list[int]  # the index of each data row in `rows`
    memo: dict       # (parser, type, value) -> result, shared by every sheet of one read
    parsed: dict = field(default_factory=dict)  # (field name, parser) -> _Field, or None without a column
    plans: dict = field(default_factory=dict)   # id(parsers) -> [(field name, _Field)] the sheet has

    def column(self, name: str, parser: Callable[[Any], Any]) -> Optional[_Field]:
        key = (name, parser)
        if key not in self.parsed:
            col = self.header.columns.get(name)
            self.parsed[key] = None if col is None else _parse_column(self._cells(col), parser, self.memo)
        return self.parsed[key]

    def _cells(self, col: int) -> list[Any]:
        return [row[col] if col < len(row) else None for row in map(self.rows.__getitem__, self.kept)]

    def plan(self, parsers: Mapping[str, Callable[[Any], Any]]) -> list[tuple[str, _Field]]:
        if id(parsers) not in self.plans:
            self.plans[id(parsers)] = [(name, self.column(name, parser)) for name, parser in parsers.items()
                                       if name in self.header.columns]
        return self.plans[id(parsers)]


@dataclass
class _RowReader:
    """One data row, read field by field; every bad cell becomes one Problem, in the order the row is read."""

    sheet: _Sheet
    position: int   # among the sheet's data rows
    index: int      # 0-based; Excel's row number is index + 1
    header: HeaderRow
    report: CheckReport
    tally: Counter  # (sheet, summary label) -> cells, for the count notices at the end

    def raw(self, name: str) -> Any:
        col = self.header.columns.get(name)
        cells = self.sheet.rows[self.index]
        value = cells[col] if col is not None and col < len(cells) else None
        return None if value == "" else value  # calamine's blank cell

    def problem(self, name: str, expected: str, kind: Optional[str] = None) -> None:
        col = self.header.columns.get(name)
        kind = kind or _SUMMARIES.get(expected)
        if kind is not None:
            self.tally[(self.sheet.name, kind)] += 1
        self.report.add(Problem(
            self.sheet.name, self.index + 1, column_letter(col) if col is not None else "",
            self.header.titles.get(name, ""), self.raw(name), expected))

    def get(self, name: str, parser: Callable[[Any], Any]) -> Any:
        """The field, or None when the sheet has no such column or the cell is blank or bad (reported).

        The whole column is parsed with `parser`, so it must be the same object on every row.
        """
        column = self.sheet.column(name, parser)
        if column is None:
            return None
        if self.position in column.bad:
            self.problem(name, column.bad[self.position])
        return column.values[self.position]

    def fields(self, parsers: Mapping[str, Callable[[Any], Any]], reported: str = "") -> dict[str, Any]:
        """The fields this sheet has a column for; a missing column keeps the dataclass default. A bad cell of
        `reported` (the order's date, 下单时间, read as required before) is not reported a second time."""
        k, values = self.position, {}
        for name, column in self.sheet.plan(parsers):
            if k in column.bad and name != reported:
                self.problem(name, column.bad[k])
            values[name] = column.values[k]
        return values

    def required(self, name: str, parser: Callable[[Any], Any]) -> Any:
        result = self.get(name, parser)
        if result is None and self.missing(name, parser):
            self.problem(name, _REQUIRED)
        return result

    def missing(self, name: str, parser: Callable[[Any], Any]) -> bool:
        """Whether the field is blank (or a placeholder such as `-` for no date) rather than bad or there."""
        column = self.sheet.column(name, parser)
        return column is None or column.values[self.position] is None and self.position not in column.bad


@dataclass
class _DataRows:
    """A sheet's data rows: read one reader at a time (a million-row log never has a million readers alive
    at once), or by position, for the rows a whole-column pass leaves to the row-by-row reading."""

    sheet: _Sheet
    report: CheckReport
    tally: Counter  # (sheet, summary label) -> cells, for the count notices at the end

    def reader(self, position: int) -> _RowReader:
        sheet = self.sheet
        return _RowReader(sheet, position, sheet.kept[position], sheet.header, self.report, self.tally)

    def __iter__(self) -> Iterator[_RowReader]:
        return map(self.reader, range(len(self.sheet.kept)))


def merged_down(rows: Rows, merged: Sequence[Merge], first_data_row: int) -> Rows:
    """The rows with a value merged down over several data rows (a company over its follow-ups, a name over
    its purchases) in each row it covers: calamine gives it only to the top cell. Other rows stay shared."""
    downward = [m for m in merged if m[1][0] > m[0][0] >= first_data_row]
    if not downward:
        return rows
    rows = list(rows)
    for (r0, c0), (r1, _) in downward:
        top = rows[r0][c0] if c0 < len(rows[r0]) else None
        for r in range(r0 + 1, min(r1 + 1, len(rows))):
            row = rows[r] = list(rows[r])
            row.extend([None] * (c0 + 1 - len(row)))
            if is_blank(row[c0]):
                row[c0] = top
    return rows


def _data_rows(match: SheetMatch, rows: Rows, report: CheckReport, tally: Counter, memo: dict) -> _DataRows:
    header = match.header
    kept = [i for i in range(header.first_data_row, len(rows)) if not _skip_row(rows[i])]
    if match.kind == ORDERS:
        more = _more_lines(header, rows, kept)
        if more:
            kept = [i for i in kept if i not in more]
            tally[(match.sheet, _MORE_LINES)] += len(more)
    return _DataRows(_Sheet(match.sheet, header, rows, kept, memo), report, tally)


# An export writes an order of several items as one row per item, and only the first carries the buyer, the date
# and the total (Shopify, S30: "许多字段将被留空"). A row with the previous row's order number and neither buyer nor
# date is another item of that order: not an order of its own, and nothing missing to report.
_ORDER_NO_HEADER = re.compile(r"订单号|订单编号|^name$|^order(id|no|number)$")
_MORE_LINES = "同一订单的其他商品行（按订单号并入上一行）(more items of the order above)"


def _more_lines(header: HeaderRow, rows: Rows, kept: Sequence[int]) -> set[int]:
    number = next((col for text, col in header.unused if _ORDER_NO_HEADER.search(fold_header(text))), None)
    who = header.columns.get("customer", header.columns.get("customer_id"))
    if number is None or who is None:
        return set()
    when = header.columns[_order_date_field(header)]  # an order sheet always has one (headers.REQUIRED_FIELDS)
    return {i for before, i in zip(kept, kept[1:])
            if not is_blank(_at(rows[i], number)) and _at(rows[i], number) == _at(rows[before], number)
            and is_blank(_at(rows[i], who)) and is_blank(_at(rows[i], when))}


def _at(cells: Sequence[Any], col: int) -> Any:
    return cells[col] if col < len(cells) else None


def plausible_date(value: Any, today: date, past: bool = False) -> Any:
    """parse_date, with dates no seller's record holds (1900, 2200) reported instead of believed."""
    result = parse_date(value, today, past)
    if isinstance(result, date) and not FIRST_PLAUSIBLE <= result <= LAST_PLAUSIBLE:
        return Invalid(_IMPLAUSIBLE_DATE)
    return result


def happened_date(value: Any, today: date) -> Any:
    """The date of something that already happened (an order, a contact, a delivery): 3月5日 resolves into the
    past, and a date after today is a typing slip, reported instead of believed."""
    result = plausible_date(value, today, past=True)
    if isinstance(result, date) and result > today:
        return Invalid(_IN_FUTURE)
    return result


@lru_cache(maxsize=8)
def _past_date(today: date) -> Callable[[Any], Any]:
    """One parser object per day, so the row memo recognises it across rows."""
    return partial(happened_date, today=today)


def _field_parsers(today: date, scheme: Scheme) -> dict[str, dict[str, Callable[[Any], Any]]]:
    """Which parser reads which field (the customer sheet's as workbook.customer_fields declares them). Dates of
    things that happened resolve 3月5日 into the past; a manual grade is a level of the active `scheme`."""
    past = _past_date(today)
    near = partial(plausible_date, today=today)
    customers = customer_parsers(ParserContext(past, near, scheme))
    levels = {name: customers[name] for name in LEVEL_FIELDS}  # the contact log records the same levels
    return {
        CUSTOMERS: customers,
        ORDERS: {
            "product": parse_text, "amount": parse_amount, "cost": parse_amount, "profit": parse_amount,
            "status": parse_status, "ordered_date": past, "shipped_date": past, "delivered_date": past,
            "tracking_no": parse_text,
        },
        CONTACTS: {
            "channel": parse_text, "content": parse_text, "progress": parse_progress, "next_date": near,
            "result": parse_text, **levels,
        },
        PRODUCTS: {"usage_days": parse_days, "price": parse_amount, "cost": parse_amount},
    }


# ---------------------------------------------------------------- customers


# Other names a customer row gives (微信名 beside 姓名, 旺旺名, 收货人 …): orders and contacts may use any of them.
_ALIAS_HEADER = re.compile(r"姓名|名称|昵称|微信名|网名|旺旺|收货人|收件人|会员名|客户名|备注名|真名|抖音|快手|小红书|name", re.I)
_MASKED = re.compile(r"\*+")
_PHONE_SHAPE = re.compile(r"\+?[\d\s\-()]{7,20}")
_UNLINKED_SHOWN = 5  # names listed in the notice about lines whose customer is not on the customer sheet


def _phone_key(text: str) -> Optional[str]:
    """A phone as matched across sheets: digits only, without China's +86; None for text that is not a phone."""
    folded = unicodedata.normalize("NFKC", text).strip()
    if not _PHONE_SHAPE.fullmatch(folded):
        return None
    digits = re.sub(r"\D", "", folded)
    return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits


@dataclass
class _CustomerIndex:
    """How orders and contacts find a customer: by id, then phone, then any name column the customer sheet has."""

    by_id: dict[str, str]
    names: dict[str, list[str]]
    phones: dict[str, list[str]] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    unknown: dict[str, Counter] = field(default_factory=dict)  # sheet -> references no customer has
    phone_of: dict[str, str] = field(default_factory=dict)     # key -> phone (digits), to check a masked phone against

    def add(self, customer: Customer, row: _RowReader) -> None:
        """A customer row's name, phone and other name columns, each pointing at its key."""
        self.names.setdefault(fold_name(customer.name), []).append(customer.key)
        for phone in filter(None, (customer.phone and _phone_key(customer.phone),)):
            self.phones.setdefault(phone, []).append(customer.key)
            self.phone_of[customer.key] = phone
        cells = row.sheet.rows[row.index]
        others = [cells[col] for text, col in (*row.header.duplicates, *row.header.unused)
                  if _ALIAS_HEADER.search(text) and col < len(cells)]
        fill_ins = {name: cells[col] for name, col in row.header.fill_ins.items() if col < len(cells)}
        for value in (customer.wechat, fill_ins.get("name"), *others):  # a 微信号 or 微信名 is how a 微商 names people
            if isinstance(value, str) and value.strip():
                self.aliases.setdefault(fold_name(value), []).append(customer.key)
        if "phone" in fill_ins:  # a second phone column names the customer too
            second = _phone_key(parse_text(fill_ins["phone"]) or "")
            if second and second != self.phone_of.get(customer.key):
                self.phones.setdefault(second, []).append(customer.key)

    def resolve(self, row: _RowReader) -> Optional[str]:
        customer_id = row.get("customer_id", parse_text)
        if customer_id is not None:
            key = self.by_id.get(fold_name(customer_id))
            if key is None:
                row.problem("customer_id", _UNKNOWN_CUSTOMER_ID)
            return key
        phone = row.get("phone", parse_text) if "phone" in row.header.columns else None
        by_phone = self.phones.get(_phone_key(phone) or "", []) if phone is not None else []
        if len(set(by_phone)) == 1:  # a phone column on the order or contact sheet names one customer
            return by_phone[0]
        reference = row.get("customer", parse_text)
        if reference is None:
            row.problem("customer" if "customer" in row.header.columns else "customer_id", _REQUIRED)
            return None
        keys = self._named(reference)
        if phone is not None and _MASKED.search(phone):  # 139****0501 only rules out the customers it contradicts
            keys = [k for k in keys if self._fits(k, phone)]
        if len(keys) == 1:
            return keys[0]
        if keys:
            row.problem("customer", f"客户表中有 {len(keys)} 位同名客户，请填写客户编号 "
                                    f"({len(keys)} customers share this name; give the customer id)", _AMBIGUOUS)
        else:
            row.problem("customer", _UNKNOWN_CUSTOMER)
            self.unknown.setdefault(row.sheet.name, Counter())[reference] += 1
        return None

    def _fits(self, key: str, masked: str) -> bool:
        """Whether a masked phone (139****0501) can be this customer's; a customer without a phone is not ruled out."""
        phone = self.phone_of.get(key)
        pattern = _MASKED.sub(r"\\d+", re.sub(r"[^\d*]", "", unicodedata.normalize("NFKC", masked)))
        return phone is None or re.fullmatch(pattern, phone) is not None

    def _named(self, text: str) -> list[str]:
        """The customers a reference can mean: the one with that id, else by phone, name, then other names."""
        folded = fold_name(text)
        if folded in self.by_id:
            return [self.by_id[folded]]
        phone = _phone_key(text)
        for table, key in ((self.phones, phone), (self.names, folded), (self.aliases, folded)):
            if key in table:
                return list(dict.fromkeys(table[key]))
        return []

    def _with_id(self, text: str) -> Optional[str]:
        return self.by_id.get(fold_name(text))

    def _only_one_named(self, text: str) -> Optional[str]:
        keys = self._named(text)
        return keys[0] if len(keys) == 1 else None

    def unlinked_notices(self) -> list[str]:
        """Per sheet: how many lines name no customer of the customer sheet, and the first few names."""
        notices = []
        for sheet, names in self.unknown.items():
            shown = "、".join(f"「{name}」" for name in list(names)[:_UNLINKED_SHOWN])
            more = " 等" if len(names) > _UNLINKED_SHOWN else ""
            notices.append(f"「{sheet}」有 {sum(names.values())} 行的客户在客户表里找不到（{len(names)} 个名字：{shown}{more}），"
                           f"这些行没有计入 / {sum(names.values())} lines name no customer of the customer sheet; "
                           "they were not counted")
        return notices

    def clean_keys(self, sheet: _Sheet) -> list[Optional[str]]:
        """Each data row's customer when its reference resolves with nothing to report, else None
        (`resolve`, row by row, then says what is wrong). Each distinct reference is looked up once."""
        ids = sheet.column("customer_id", parse_text)
        if "phone" in sheet.header.columns:  # a phone beside the name decides or rules out: row by row, in `resolve`
            return [None] * len(sheet.kept)
        if ids is not None:  # a row without an id falls back to its name: left to `resolve`
            column, find = ids, self._with_id
        else:
            column, find = sheet.column("customer", parse_text), self._only_one_named
            if column is None:
                return [None] * len(sheet.kept)
        found = {text: find(text) for text in set(column.values) if text is not None}
        found[None] = None  # blank or bad cells
        return list(map(found.__getitem__, column.values))


@lru_cache(maxsize=8)
def _birthday_parser(kind: Optional[str]) -> Callable[[Any], Any]:
    """One parser per birthday kind (solar, lunar, unstated), the same object on every row."""
    return partial(parse_birthday_cell, kind=kind)


def _customer(row: _RowReader, parsers: Mapping[str, Callable[[Any], Any]]) -> Optional[Customer]:
    """A customer from one row, or None when it has no name; every bad cell is reported either way."""
    name = (_joined(row, row.header.name_parts, " ") if row.header.name_parts else row.get("name", parse_text)) \
        or _fill_in(row, "name", parse_text)
    if name is None and row.missing("name", parse_text):
        row.problem("name", _REQUIRED)
    customer_id = row.get("id", parse_text)
    kind = row.get("birthday_kind", parse_birthday_kind)
    birthday = row.get("birthday", _birthday_parser(kind))
    if birthday is None:  # 公历生日 and 农历生日 side by side: each row fills one of them
        birthday = row.get("lunar_birthday", _birthday_parser(LUNAR))
    values = row.fields(parsers)
    if row.header.region_parts:
        values["region"] = _joined(row, row.header.region_parts)
    if "phone" in values and values["phone"] is None and is_blank(row.raw("phone")):
        values["phone"] = _fill_in(row, "phone", parsers["phone"])
    values["tags"] = values.get("tags") or ()
    values["do_not_disturb"] = bool(row.get("do_not_disturb", parse_yes_no))
    if name is None:
        return None
    key = fold_name(customer_id if customer_id is not None else name)
    return Customer(key=key, name=name, id=customer_id, birthday=birthday, **values)


def _fill_in(row: _RowReader, name: str, parser: Callable[[Any], Any]) -> Any:
    """The field from its second column (昵称 where 姓名 is blank, 系统手机 where 企微手机号 is), reported if bad."""
    col = row.header.fill_ins.get(name)
    cells = row.sheet.rows[row.index]
    if col is None or col >= len(cells) or is_blank(cells[col]):
        return None
    result = _parsed(parser, cells[col])
    if isinstance(result, Invalid):
        row.report.add(Problem(row.sheet.name, row.index + 1, column_letter(col),
                               str(row.sheet.rows[row.header.row][col]).strip(), cells[col], result.expected))
        return None
    return result


def _joined(row: _RowReader, columns: Sequence[int], separator: str = "") -> Optional[str]:
    cells = row.sheet.rows[row.index]
    return separator.join(filter(None, (parse_text(cells[col]) for col in columns if col < len(cells)))) or None


def _read_customers(
    rows: Iterable[_RowReader], parsers: Mapping[str, Callable[[Any], Any]], events: bool = False,
) -> tuple[list[Customer], _CustomerIndex, list[Optional[str]]]:
    """The customers, how other sheets find them, and each data row's customer key (None: no customer).

    A customer is its id, else its name and phone: one name with two phones is two people (the second
    keyed "name phone"). A row that repeats a customer adds to it (a second car, a purchase or a follow-up
    when `events`: the sheet has a row per event); one that adds nothing, or repeats an id, is a duplicate,
    reported, and the first row kept."""
    customers: dict[str, Customer] = {}
    first_row: dict[str, int] = {}
    index = _CustomerIndex({}, {})
    keys: list[Optional[str]] = []
    for row in rows:
        customer = _customer(row, parsers)
        keys.append(None)
        if customer is None:
            continue
        same = _same_person(customer, customers, index)
        if same is not None:
            keys[-1] = same
            earlier = customers[same]
            if not events and (_two_under_one_id(earlier, customer) or (
                    _adds_nothing(earlier, customer) and _same_unused_cells(row, first_row[same]))):
                row.problem("id" if customer.id is not None else "name",
                            f"不重复的客户（与第 {first_row[same]} 行重复，只用第一行）"
                            " (a unique customer; the earlier row is kept)", _DUPLICATE)
            else:
                customers[same] = _combined(customers[same], customer)
            continue
        if customer.key in customers:
            customer = replace(customer, key=_free_key(customer, customers, row.index + 1))
        index.add(customer, row)
        customers[customer.key], first_row[customer.key], keys[-1] = customer, row.index + 1, customer.key
        if customer.id is not None:
            index.by_id[customer.key] = customer.key
    return list(customers.values()), index, keys


def _same_person(customer: Customer, customers: Mapping[str, Customer], index: _CustomerIndex) -> Optional[str]:
    """The key of an earlier row of this customer: the same id, or the same name with no phone that differs."""
    if customer.id is not None:
        key = fold_name(customer.id)
        return key if key in customers else None
    return next((key for key in index.names.get(fold_name(customer.name), ()) if customers[key].id is None
                 and (None in (customers[key].phone, customer.phone) or customers[key].phone == customer.phone)), None)


def _free_key(customer: Customer, customers: Mapping[str, Customer], excel_row: int) -> str:
    """A second person of an earlier one's name: "name phone" (or "name 第 N 行" without a phone)."""
    return f"{customer.key} {customer.phone}" if customer.phone else f"{customer.key} 第 {excel_row} 行"


def _two_under_one_id(earlier: Customer, later: Customer) -> bool:
    """One id on rows of two people (another name, another phone): a slip, reported. One customer under one id on
    two rows (企业微信 lists a customer once per staff member who added her, S13) is one customer."""
    return later.id is not None and (fold_name(later.name) != fold_name(earlier.name)
                                     or (None not in (earlier.phone, later.phone) and earlier.phone != later.phone))


# Columns that number the rows (序号, 编号) differ on a row typed twice; they say nothing about the customer.
_ROW_NUMBER = re.compile(r"序号|编号|行号|^no\.?$", re.I)


def _same_unused_cells(row: _RowReader, first_excel_row: int) -> bool:
    """Whether the row repeats the customer's first row in the columns nothing reads: a row that differs there
    (another pet, another car beside the same owner, S21) says more about the customer and is no duplicate."""
    cells, first = row.sheet.rows[row.index], row.sheet.rows[first_excel_row - 1]
    return all(_text_at(cells, col) == _text_at(first, col) for text, col in row.header.unused
               if not _ROW_NUMBER.search(text))


def _text_at(cells: Sequence[Any], col: int) -> Optional[str]:
    return parse_text(cells[col]) if col < len(cells) else None


# A repeated row's notes (重复录入) say nothing about the customer; its name is the same once folded.
_NOT_COMPARED = {"key", "name", "notes"}


def _adds_nothing(earlier: Customer, later: Customer) -> bool:
    return all(getattr(later, f.name) in (None, (), False, getattr(earlier, f.name))
               for f in fields(Customer) if f.name not in _NOT_COMPARED)


def _combined(earlier: Customer, later: Customer) -> Customer:
    """One customer from two of its rows: what happened last is the latest date, the first purchase the
    earliest, the next date the first still ahead of the latest contact, the tags of both; otherwise the later
    row's word."""
    values = {f.name: getattr(later, f.name) for f in fields(Customer)
              if f.name not in ("key", "name") and getattr(later, f.name) not in (None, ())}
    for name, pick in (("last_purchase", max), ("last_contact", max), ("first_purchase", min)):
        dates = [d for d in (getattr(earlier, name), getattr(later, name)) if d is not None]
        values[name] = pick(dates, default=None)
    values["next_contact"] = _next_of(earlier.next_contact, later.next_contact, values["last_contact"])
    values["tags"] = tuple(dict.fromkeys((*earlier.tags, *later.tags)))  # each row's tags hold (团购 on one, S13)
    return replace(earlier, **values)


def _next_of(first: Optional[date], second: Optional[date], last_contact: Optional[date]) -> Optional[date]:
    dates = [d for d in (first, second) if d is not None]
    ahead = [d for d in dates if last_contact is None or d > last_contact]
    return min(ahead) if ahead else max(dates, default=None)


# ---------------------------------------------------------------- orders, contacts, products


def _negative(amount: Any) -> bool:
    """A quantity read as an amount is below zero (what parse_count alone would call just 'not a count')."""
    return isinstance(amount, float) and amount < 0


def _quantity(row: _RowReader) -> Optional[int]:
    if _negative(parse_amount(row.raw("quantity"))):
        row.problem("quantity", _NEGATIVE_QUANTITY)
        return None
    return row.get("quantity", parse_count)


def _parcel_before_order(value_of: Callable[[str], Any], when: date) -> list[str]:
    """The shipped and delivered dates earlier than the order: a parcel cannot arrive before the deal."""
    return [name for name in ("shipped_date", "delivered_date") if (day := value_of(name)) is not None and day < when]


def _drop_dates_before(row: _RowReader, values: dict[str, Any], when: date) -> None:
    """Report each date `_parcel_before_order` finds and treat it as missing."""
    for name in _parcel_before_order(values.get, when):
        row.problem(name, f"不早于成交日期 {when.isoformat()} 的日期 (a date on or after the order date)",
                    _DELIVERY_BEFORE_ORDER)
        values[name] = None


def _order(row: _RowReader, index: _CustomerIndex, parsers: Mapping, today: date) -> Optional[Order]:
    date_field = _order_date_field(row.header)
    if row.missing(date_field, _past_date(today)) and _never_a_sale(row, parsers):
        row.tally[(row.sheet.name, _UNDATED_NON_SALES)] += 1
        return None
    when = row.required(date_field, _past_date(today))
    key = index.resolve(row)
    quantity = _quantity(row)
    values = row.fields(parsers, reported=date_field)
    if values.get("status") is None and not is_blank(row.raw("status")):
        values["status"] = UNKNOWN_STATUS  # reported above; a word nobody taught us is never guessed into a sale
    if when is None or key is None:
        return None
    _drop_dates_before(row, values, when)
    return Order(customer=key, date=when, quantity=1 if quantity is None else quantity, **values)


# An unpaid, closed or refunded order may have no date at all (a mini-program shop dates an order by its 支付时间,
# S18): it never counts as a purchase, so its missing date is counted, not reported cell by cell.
_UNDATED_NON_SALES = "没有日期的未付款、已关闭或退款订单（不算购买，未读取）(undated orders that are no sale: not read)"


def _never_a_sale(row: _RowReader, parsers: Mapping) -> bool:
    """Whether the row's status (read without reporting: `_order` reports it) is a known state that is no sale."""
    column = row.sheet.column("status", parsers["status"]) if "status" in parsers else None
    status = column.values[row.position] if column is not None else None
    return status is not None and status != UNKNOWN_STATUS and not is_purchase(status) and not gets_post_sale(status)


def _order_date_field(header: HeaderRow) -> str:
    """The order's date: when it was made (日期, 创建时间, else 下单时间), else when it was paid (支付时间)."""
    return next(name for name in ("date", "ordered_date", "paid_date") if name in header.columns)


def _clean_rows(sheet: _Sheet, record: type, date_field: str, index: _CustomerIndex, parsers: Mapping, today: date,
                given: Optional[Mapping[str, list]] = None,
                unclean: Collection[int] = ()) -> Iterator[tuple[int, Optional[tuple]]]:
    """Each data row's position, with its values in the field order of `record` (whose first two fields are the
    customer and the date) when a whole-column look finds nothing to report in them, else None: such rows are
    read on their own (`_order`, `_contact`), which reports. `given` columns stand for fields no parser reads.

    Positional values: a log holds 100,000 rows, and a keyword dict per row cost more than the record itself."""
    when = sheet.column(date_field, _past_date(today))
    plan = dict(sheet.plan(parsers))
    bad = set(unclean).union(*(column.bad for column in plan.values()))
    columns = {"customer": index.clean_keys(sheet), "date": when.values if when is not None else [None] * len(sheet.kept),
               **(given or {}), **{name: column.values for name, column in plan.items()}}
    in_order = [columns[f.name] if f.name in columns else repeat(f.default) for f in fields(record)]
    for k, values in enumerate(zip(*in_order)):
        clean = values[0] is not None and values[1] is not None and k not in bad
        yield k, values if clean else None


def _read_orders(rows: _DataRows, index: _CustomerIndex, parsers: Mapping, today: date,
                 status_words: Mapping[str, str]) -> list[Order | Contact]:
    """Every order, and a contact for each row a kind column calls one (咨询, 投诉); a row with a bad, missing or
    contradictory value goes through `_order`, which reports it."""
    counts, signed = rows.sheet.column("quantity", parse_count), rows.sheet.column("quantity", parse_amount)
    given, unclean = {}, set()
    if counts is not None:
        given["quantity"] = [1 if count is None else count for count in counts.values]
        unclean = set(counts.bad).union(k for k, amount in enumerate(signed.values) if _negative(amount))
    refund, shipping = _refund_column(rows), _shipping_column(rows)
    kinds = rows.sheet.column("record_kind", parse_record_kind)
    orders: list[Order | Contact] = []
    for k, values in _clean_rows(rows.sheet, Order, _order_date_field(rows.sheet.header), index, parsers, today,
                                 given, unclean):
        order = None if values is None else Order(*values)
        if order is None or _parcel_before_order(partial(getattr, order), order.date):
            if (order := _order(rows.reader(k), index, parsers, today)) is None:
                continue
        if shipping is not None:
            order = _shipped(rows.reader(k), shipping, order, status_words)
        order = order if refund is None else _refunded(rows.reader(k), refund, order, status_words)
        orders.append(order if kinds is None else _of_kind(rows.reader(k), kinds, order))
    return orders


def _of_kind(row: _RowReader, kinds: _Field, order: Order) -> Order | Contact:
    """The row as its kind column says: a contact (咨询, 投诉 …) or the order; an unknown kind is reported and the
    order kept as no sale (状态不明), like an unknown status word."""
    if row.position in kinds.bad:
        row.problem("record_kind", kinds.bad[row.position])
        return replace(order, status=UNKNOWN_STATUS)
    if kinds.values[row.position] == CONTACT:
        return Contact(order.customer, order.date, content=parse_text(row.raw("record_kind")))
    return order


# A shop that keeps the state in two columns (支付状态 + 发货状态, S18): a paid order's shipping word says how far
# it has gone (已发货 shipped, 已收货 delivered).
_SHIPPING_HEADER = re.compile(r"(发货|物流|配送|收货)状态|fulfill?ment status", re.I)  # Shopify's (S30)


def _shipping_column(rows: _DataRows) -> Optional[tuple[str, int]]:
    found = next(((text, col) for text, col in rows.sheet.header.unused if _SHIPPING_HEADER.search(text)), None)
    if found is not None and "status" in rows.sheet.header.columns:
        rows.report.note(f"「{rows.sheet.name}」的「{found[0]}」按发货状态读：已付款的订单已发货、已收货时以它为准"
                         " / read as the shipping state of paid orders")
        return found
    return None


def _shipped(row: _RowReader, shipping: tuple[str, int], order: Order, status_words: Mapping[str, str]) -> Order:
    title, col = shipping
    cells = row.sheet.rows[row.index]
    word = cells[col] if col < len(cells) else None
    if order.status != ORDERED or is_blank(word):
        return order
    status = parse_status(word, words=status_words)
    if isinstance(status, Invalid):  # a word in no list: reported, the order stays paid
        row.report.add(Problem(row.sheet.name, row.index + 1, column_letter(col), title, word, status.expected))
        return order
    return replace(order, status=status) if status in (SHIPPED, DELIVERED) else order


# A platform's refund column beside 订单状态 (有赞 订单退款状态, 拼多多/抖店 售后状态): a refund overrides the status.
_REFUND_HEADER = re.compile(r"退款状态|售后状态")


def _refund_column(rows: _DataRows) -> Optional[tuple[str, int]]:
    found = next(((text, col) for text, col in rows.sheet.header.unused if _REFUND_HEADER.search(text)), None)
    if found is not None:
        rows.report.note(f"「{rows.sheet.name}」的「{found[0]}」按退款状态读：退款中、退款成功 代替订单状态"
                         " / read as the refund state: a refund in progress or done overrides the order status")
    return found


def _refunded(row: _RowReader, refund: tuple[str, int], order: Order, status_words: Mapping[str, str]) -> Order:
    title, col = refund
    cells = row.sheet.rows[row.index]
    word = parse_text(cells[col]) if col < len(cells) else None
    status = with_refund(order.status, word if isinstance(word, str) else None, status_words)
    if status == UNKNOWN_STATUS != order.status:  # a refund word in no list: reported, never guessed into a sale
        row.report.add(Problem(row.sheet.name, row.index + 1, column_letter(col), title, word, EXPECT_STATUS))
    return order if status == order.status else replace(order, status=status)


def _read_contacts(rows: _DataRows, index: _CustomerIndex, parsers: Mapping, today: date) -> list[Contact]:
    """Every contact; a row with a bad (future included) or missing value goes through `_contact`, which reports it."""
    contacts = []
    for k, values in _clean_rows(rows.sheet, Contact, "date", index, parsers, today):
        if values is not None:
            contacts.append(Contact(*values))
        elif (contact := _contact(rows.reader(k), index, parsers, today)) is not None:
            contacts.append(contact)
    return contacts


def _contact(row: _RowReader, index: _CustomerIndex, parsers: Mapping, today: date) -> Optional[Contact]:
    when = row.required("date", _past_date(today))
    key = index.resolve(row)
    values = row.fields(parsers)
    if when is None or key is None:
        return None
    return Contact(customer=key, date=when, **values)


def _read_products(rows: Iterable[_RowReader], parsers: Mapping) -> list[Product]:
    products: dict[str, Product] = {}
    for row in rows:
        name = row.required("name", parse_text)
        values = row.fields(parsers)
        if name is None:
            continue
        product = Product(name=name, **values)
        if fold_name(name) in products:
            row.problem("name", "不重复的产品名称（只用第一行） (a unique product name; the first row is kept)")
        else:
            products[fold_name(name)] = product
    return list(products.values())


# ---------------------------------------------------------------- purchases and follow-ups on the customer sheet

# What makes a customer sheet's rows events: a date of that kind beside one of these (SPEC Round 2: one row per
# purchase, a follow-up table with the company merged down).
_EVENT_KINDS = ((ORDERS, ("product", "amount", "quantity")), (CONTACTS, ("channel", "content", "progress", "next_date")))
_PERSON_FIELDS = ("customer", "customer_id")


def _event_headers(sheet: _Sheet, hidden: Collection[int]) -> list[HeaderRow]:
    """The customer sheet's columns read as orders (or contacts) when its rows record purchases (follow-ups).

    Several date columns of that kind (第一次跟进日期 … 第二次跟进日期 …) are several events per row: each
    group after the first runs from its date column to the next one."""
    header = sheet.header
    free = {col for _, col in header.unused} | {header.columns[n] for n in ("progress", "next_contact")
                                                if n in header.columns}
    texts = [text if col in free else None for col, text in enumerate(sheet.rows[header.row])]
    for kind, details in _EVENT_KINDS:
        dates = [col for col in sorted(free) if col < len(texts) and
                 _event_date_field(match_header_row([texts[col:col + 1]], 0, kind)) is not None]
        bounds = list(zip([0, *dates[1:]], [*dates[1:], len(texts)])) if dates else []
        groups = [_event_group(header, texts, kind, lo, hi, hidden) for lo, hi in bounds]
        groups = [g for g in groups if any(n in g.columns for n in details)]
        if groups:
            return groups
    return []


_EVENT_DATES = {ORDERS: ("date", "paid_date"), CONTACTS: ("date",)}  # an order's date, else when it was paid


def _event_date_field(header: HeaderRow) -> Optional[str]:
    return next((name for name in _EVENT_DATES[header.kind] if name in header.columns), None)


def _event_group(header: HeaderRow, texts: Sequence[Any], kind: str, lo: int, hi: int,
                 hidden: Collection[int]) -> HeaderRow:
    """The event columns between `lo` and `hi` (a customer's name, id or phone is never an event's)."""
    group = [[text if lo <= col < hi else None for col, text in enumerate(texts)]]
    matched = match_header_row(group, 0, kind, (), hidden)
    columns = {n: c for n, c in matched.columns.items() if n not in _PERSON_FIELDS}
    return replace(matched, row=header.row, first_data_row=header.first_data_row, columns=columns,
                   titles={n: matched.titles[n] for n in columns}, unused=(), duplicates=(),
                   guessed=tuple(n for n in matched.guessed if n in columns))


def _read_events(rows: _DataRows, headers: Sequence[HeaderRow], keys: Sequence[Optional[str]], parsers: Mapping,
                 today: date) -> list[Order] | list[Contact]:
    """An order or a contact from each customer row and group with a date (a blank date: none)."""
    found = []
    for header in headers:
        events = _DataRows(replace(rows.sheet, header=header, parsed={}, plans={}), rows.report, rows.tally)
        record = Order if header.kind == ORDERS else Contact
        date_field = _event_date_field(header)
        for row, key in zip(events, keys):
            when = row.get(date_field, _past_date(today)) if date_field is not None else None
            values = row.fields(parsers[header.kind])
            if when is None or key is None:
                continue
            if record is Order:
                quantity = _quantity(row)
                values["quantity"] = 1 if quantity is None else quantity
                if isinstance(values.get("amount"), PerUnit):  # 12.5元/盒 × 2 盒
                    values["amount"] = values["amount"] * values["quantity"]
            found.append(record(customer=key, date=when, **values))
    return found


# ---------------------------------------------------------------- settings

_MAPPING_SETTINGS = {f.name for f in fields(Settings) if f.default_factory is not MISSING}
_SCALAR_SETTINGS = {f.name for f in fields(Settings)} - _MAPPING_SETTINGS
# Keys look like identifiers with "_" or "." (transit_days, probability.a); titles, labels
# and a header word like "key" do not.
_KEY_LIKE = re.compile(r"[a-z]+(?:_[a-z]+)+(?:\.\S+)?|[a-z]+\.\S+")


def _setting_key(value: Any) -> Optional[str]:
    """The settings key a cell holds, if it looks like one (known or not)."""
    if not isinstance(value, str) or not _KEY_LIKE.fullmatch(value.strip()):
        return None
    return value.strip()


def _is_known_key(key: str) -> bool:
    name, dot, _ = key.partition(".")
    return name in (_MAPPING_SETTINGS if dot else _SCALAR_SETTINGS)


def _setting_candidates(value: Any) -> list[Any]:
    """What a settings cell may mean, most likely first; `with_values` picks the first that fits the key."""
    if isinstance(value, bool):
        return [value]
    if isinstance(value, (int, float)):
        number = int(value) if float(value).is_integer() else value
        return [number, bool(value)] if value in (0, 1) else [number]
    text = str(value).strip()
    candidates: list[Any] = []
    percent = re.fullmatch(r"(.+?)\s*%", fold(text))
    if percent and isinstance(parse_amount(percent.group(1)), float):
        candidates.append(parse_amount(percent.group(1)) / 100)
    amount = parse_amount(text)
    if isinstance(amount, float):
        candidates.append(int(amount) if amount.is_integer() else amount)
    yes_no = parse_yes_no(text)
    if isinstance(yes_no, bool):
        candidates.append(yes_no)
    return [*candidates, text]


def _apply_setting(settings: Settings, key: str, value: Any) -> Settings | SettingError:
    first_error: Optional[SettingError] = None
    for candidate in _setting_candidates(value):
        try:
            return with_values(settings, {key: candidate})
        except SettingError as error:
            first_error = first_error or error
    return first_error


def _key_column(rows: Rows) -> Optional[int]:
    counts = Counter(col for cells in rows for col, value in enumerate(cells)
                     if (key := _setting_key(value)) and _is_known_key(key))
    return counts.most_common(1)[0][0] if counts else None


def _read_settings(sheet: str, rows: Rows, report: CheckReport) -> Settings:
    """Settings from a key / (label) / value table as `settings_table` writes it; bad entries keep their default."""
    key_col = _key_column(rows)
    if key_col is None:
        report.note(f"设置表「{sheet}」中没有找到设置项，使用默认设置")
        return DEFAULT_SETTINGS
    entries = [(i, _setting_key(cells[key_col]), cells) for i, cells in enumerate(rows)
               if key_col < len(cells) and _setting_key(cells[key_col])]
    value_col = max((c for _, _, cells in entries for c in range(key_col + 1, len(cells)) if not is_blank(cells[c])),
                    default=None)
    settings, seen = DEFAULT_SETTINGS, set()
    for i, key, cells in entries:
        value = cells[value_col] if value_col is not None and value_col < len(cells) else None
        if key in seen:
            report.note(f"设置表「{sheet}」第 {i + 1} 行重复设置 {key}，只用第一行")
            continue
        seen.add(key)
        if is_blank(value):
            continue
        result = SettingError(key, _EXCEL_ERROR) if value.__class__ is ExcelError else _apply_setting(settings, key, value)
        if isinstance(result, SettingError):
            report.add(Problem(sheet, i + 1, column_letter(value_col), key, value, result.expected))
        else:
            settings = result
    return settings


def _note_uncosted(orders: Sequence[Order], products: Sequence[Product], sheet: str, report: CheckReport) -> None:
    """A shop that records costs, with some lines that have none: those lines count their whole amount as profit,
    which lifts their customers' value tier, so the seller is told how many there are."""
    by_name = {p.name: p for p in products}
    sales = [o for o in orders if is_purchase(o.status)]  # only paid orders count toward profit
    in_full = sum(counted_in_full(o, by_name) for o in sales)
    if in_full and any(o.amount and not counted_in_full(o, by_name) for o in sales):
        report.note(f"「{sheet}」有 {in_full} 笔订单没有成本（利润、成本列和产品成本都是空的），利润按全额计算；"
                    "其他订单有成本，补上后价值分层才准")


# ---------------------------------------------------------------- the whole book

_MISSING_SHEET_NOTICES = {
    ORDERS: "未找到订单表，使用客户表中的购买次数和金额",
    CONTACTS: "未找到跟进记录表，使用客户表中的最近联系日期和进度",
    PRODUCTS: "未找到产品表，复购提醒只用客户自己的购买间隔",
    SETTINGS: "未找到设置表，使用默认设置",
}
_REQUIRED_COLUMNS = {
    CUSTOMERS: "「姓名」或「客户」列 (a name column)",
    ORDERS: "「客户」和「日期」列 (customer and date columns)",
    CONTACTS: "「客户」和「日期」列 (customer and date columns)",
    PRODUCTS: "「产品」列 (a product name column)",
}


def _usable(match: Optional[SheetMatch], kind: str, report: CheckReport) -> bool:
    """Whether a sheet of `kind` was found with the columns it needs; reports why not."""
    if match is None:
        if kind == CUSTOMERS:
            report.add(Problem("", None, "", "", None, "客户表：名为「客户」的表，或有「姓名」等表头的表 (a customer sheet)"))
        else:
            report.note(_MISSING_SHEET_NOTICES[kind])
        return False
    if match.header is None or not match.header.has_required():
        row = match.header.row + 1 if match.header else None
        report.add(Problem(match.sheet, row, "", "表头", None, _REQUIRED_COLUMNS[kind]))
        return False
    if kind == ORDERS and (date_field := _order_date_field(match.header)) != "date":
        report.note(f"「{match.sheet}」没有「日期」列，用「{match.header.titles[date_field]}」作为成交日期")
    for text, col in match.header.duplicates:
        report.note(f"「{match.sheet}」第 {match.header.row + 1} 行有重复的表头「{text}」（{column_letter(col)} 列），只用第一列")
    return True


def _note_guesses_and_unused(match: SheetMatch, report: CheckReport, events: Sequence[HeaderRow] = (),
                             blank_headers: Sequence[int] = ()) -> None:
    """Every header read by its words, and every header read as nothing, said once: nothing typed is ignored silently."""
    header, kind = match.header, match.kind
    guesses = [f"「{header.titles[name]}」读作「{field_label(kind, name)}」" for name in header.guessed]
    guesses += [f"「{group.titles[name]}」读作「{field_label(group.kind, name)}」" for group in events
                for name in group.guessed]
    if guesses:
        report.note(f"「{match.sheet}」按表头里的词猜测：{'，'.join(dict.fromkeys(guesses))}（不对请把表头改成标准名称）"
                    " / headers read by the words in them; rename a header if the guess is wrong")
    for text, col in header.hidden:
        report.note(f"「{match.sheet}」的「{text}」（{column_letter(col)} 列）是隐藏列，用可见的同类列"
                    f" / hidden column {column_letter(col)} gives way to a visible one")
    if header.contact_person is not None:
        text, col = header.contact_person
        report.note(f"「{match.sheet}」的「{text}」（{column_letter(col)} 列）是对方的联系人，客户是「{header.titles['name']}」"
                    f" / the contact person, not the customer")
    taken = {col for group in events for col in group.columns.values()}
    unused = [(text, col) for text, col in header.unused if col not in taken]
    unused += [("（无表头）", col) for col in blank_headers if col not in taken]
    if unused:
        listed = "、".join(f"「{text}」（{column_letter(col)} 列）" for text, col in unused)
        report.note(f"「{match.sheet}」未使用的列：{listed} / columns not used")


def book_from_rows(
    sheets: Mapping[str, Rows], today: date, merged: Mapping[str, Sequence[Merge]] | None = None,
    hidden: Mapping[str, Collection[int]] | None = None,
) -> tuple[Book, Settings, CheckReport]:
    """A Book, the Settings and a CheckReport from each sheet's rows (row 0 = Excel row 1); `merged` and
    `hidden` are each sheet's merged ranges and hidden columns, where the engine can tell them."""
    return _read_book(dict(sheets), today, merged, hidden)  # a copy: the caller's dict stays as it was


def _read_book(
    sheets: dict[str, Rows], today: date, merged: Mapping[str, Sequence[Merge]] | None,
    hidden: Mapping[str, Collection[int]] | None = None,
) -> tuple[Book, Settings, CheckReport]:
    """book_from_rows on a dict of its own, which it empties: each sheet's rows are let go once read."""
    report = CheckReport()
    merged, hidden = merged or {}, hidden or {}
    # Our own sheets (待办 has 客户/手机/微信 columns too) must never be taken for the seller's.
    for name in OWNED_SHEETS:
        sheets.pop(name, None)
    found, notices = classify_sheets(sheets, merged, hidden)
    for text in notices:
        report.note(text)
    settings = DEFAULT_SETTINGS
    if SETTINGS in found:
        settings = _read_settings(found[SETTINGS].sheet, sheets.pop(found[SETTINGS].sheet), report)
    else:
        report.note(_MISSING_SHEET_NOTICES[SETTINGS])
    parsers = _field_parsers(today, scheme_for(settings))
    status_words = words_table(settings.status_words)  # 设置 may add words
    parsers[ORDERS]["status"] = partial(parse_status, words=status_words)

    tally: Counter = Counter()
    memo: dict = {}

    def rows_of(kind: str) -> Optional[_DataRows]:
        """The sheet's data rows, or None when it is missing or unusable (reported); nothing else keeps its rows,
        so they go as soon as the reader that takes them is done."""
        match = found.get(kind)
        if not _usable(match, kind, report):
            return None
        rows = merged_down(sheets.pop(match.sheet), merged.get(match.sheet, ()), match.header.first_data_row)
        data = _data_rows(match, rows, report, tally, memo)
        if kind != CUSTOMERS:  # a customer sheet's rows may hold purchases too: said once they are known
            _note_guesses_and_unused(match, report, blank_headers=_columns_without_header(data.sheet))
        return data

    reading = _Reading()
    customer_rows = rows_of(CUSTOMERS)
    events = _event_headers(customer_rows.sheet, hidden.get(customer_rows.sheet.name, ())) if customer_rows else []
    if customer_rows is not None:
        _note_guesses_and_unused(found[CUSTOMERS], report, events, _columns_without_header(customer_rows.sheet))
    customers, index, keys = _read_customers(customer_rows or [], parsers[CUSTOMERS], bool(events))
    in_rows = _read_events(customer_rows, events, keys, parsers, today) if events else []
    reading.add(found.get(CUSTOMERS), customer_rows, len(customers), events, len(in_rows))
    customer_rows = None  # let the customer sheet's rows go before the (longer) order and contact sheets are read
    # Looked at in this order (their notices go into the report in it), then each popped as it is read.
    pending = {kind: rows_of(kind) for kind in (ORDERS, CONTACTS, PRODUCTS)}
    has_orders, has_contacts = pending[ORDERS] is not None, pending[CONTACTS] is not None

    def read(kind: str, reader: Callable[[_DataRows], list]) -> list:
        """The sheet's records, said in `reading`; its rows go when this returns."""
        rows = pending.pop(kind)
        if rows is None:
            return []
        records = reader(rows)
        logged = [r for r in records if isinstance(r, Contact)] if kind == ORDERS else []
        reading.add(found[kind], rows, len(records) - len(logged), logged=len(logged))
        return records

    records = read(ORDERS, lambda rows: _read_orders(rows, index, parsers[ORDERS], today, status_words))
    orders = [r for r in records if isinstance(r, Order)]
    contacts = [r for r in records if isinstance(r, Contact)]
    contacts += read(CONTACTS, lambda rows: _read_contacts(rows, index, parsers[CONTACTS], today))
    if contacts and _MISSING_SHEET_NOTICES[CONTACTS] in report.notices:  # the order sheet's enquiries are the log
        report.notices.remove(_MISSING_SHEET_NOTICES[CONTACTS])
    products = read(PRODUCTS, lambda rows: _read_products(rows, parsers[PRODUCTS]))
    if events:
        orders, contacts = (orders + in_rows, contacts) if events[0].kind == ORDERS else (orders, contacts + in_rows)
        missing = _MISSING_SHEET_NOTICES[events[0].kind]
        if missing in report.notices:  # the customer rows are the orders (contacts): nothing is missing
            report.notices.remove(missing)
    for (sheet, kind), count in tally.items():
        report.note(f"「{sheet}」{kind}：{count} 处")
    for text in index.unlinked_notices():
        report.note(text)
    if has_orders:
        _note_uncosted(orders, products, found[ORDERS].sheet, report)
    book = Book(
        customers=tuple(customers), orders=tuple(orders), contacts=tuple(contacts), products=tuple(products),
        has_orders_sheet=has_orders, has_contacts_sheet=has_contacts,
    )
    if has_orders:
        _note_history(book, report)
    report.notices[:0] = reading.lines  # 检查报告 opens with what was read
    return book, settings, report


def _note_history(book: Book, report: CheckReport) -> None:
    differ = history_differs(book)
    if differ:
        report.note(f"{differ} 位客户的购买次数/累计金额/最近购买与订单表不同：按两者中较多的次数和金额、较晚的日期计算"
                    f" / {differ} customers' own purchase history differs from their orders: the larger count and "
                    "amount and the later date are used")


_COUNTED = {CUSTOMERS: "位客户", ORDERS: "笔订单", CONTACTS: "条跟进记录", PRODUCTS: "个产品"}


@dataclass
class _Reading:
    """What each sheet was read as, for the top of 检查报告: its kind, what its rows became, its columns."""

    lines: list[str] = field(default_factory=list)

    def add(self, match: Optional[SheetMatch], rows: Optional[_DataRows], count: int,
            groups: Sequence[HeaderRow] = (), in_rows: int = 0, logged: int = 0) -> None:
        """One sheet read as `match.kind` into `count` records (and `in_rows` orders or contacts from `groups`,
        `logged` contacts from an order sheet's kind column)."""
        if match is None or rows is None:
            return
        header = match.header
        made = [f"{count} {_COUNTED[match.kind]}"]
        if logged:
            made.append(f"{logged} {_COUNTED[CONTACTS]}（{header.titles['record_kind']}是联系，不是购买）")
        columns = [_mapped(header, name, field_label(match.kind, name)) for name in _in_column_order(header)]
        titles = rows.sheet.rows[header.row]
        columns += [f"{str(titles[col]).strip()}({column_letter(col)})→地区" for col in header.region_parts[1:]]
        columns += [f"{str(titles[col]).strip()}({column_letter(col)})→客户" for col in header.name_parts[1:]]
        columns += [f"{str(titles[col]).strip()}({column_letter(col)})→{field_label(match.kind, name)}（前一列空时）"
                    for name, col in header.fill_ins.items()]
        if groups:
            made.append(f"{in_rows} {_COUNTED[groups[0].kind]}（{'每行一笔' if len(groups) == 1 else '每行几笔'}）")
            columns += [_mapped(group, name, KIND_LABELS[group.kind][:-1] + field_label(group.kind, name))
                        for group in groups for name in _in_column_order(group)]
        self.lines.append(f"读取「{match.sheet}」作为{KIND_LABELS[match.kind]}（表头在第 {header.row + 1} 行，"
                          f"{len(rows.sheet.kept)} 行数据）：{'，'.join(made)}；列：{'，'.join(columns)}"
                          f" / read as {match.kind}")


def _in_column_order(header: HeaderRow) -> list[str]:
    return sorted(header.columns, key=header.columns.__getitem__)


def _mapped(header: HeaderRow, name: str, label: str) -> str:
    return f"{header.titles[name]}({column_letter(header.columns[name])})→{label}"


def _columns_without_header(sheet: _Sheet) -> list[int]:
    """Columns with data under a blank header cell: not read, and said so."""
    header, rows = sheet.header, sheet.rows
    titles = rows[header.row]
    used = set(header.columns.values())
    width = max((len(rows[i]) for i in sheet.kept), default=0)
    blank = [col for col in range(width) if col not in used and (col >= len(titles) or is_blank(titles[col]))]
    return [col for col in blank if any(col < len(rows[i]) and not is_blank(rows[i][col]) for i in sheet.kept)]
