"""Platform order exports read as buyers and orders: what `tierbook init NEW.xlsx --from EXPORT` starts from.

An export is one table of order lines (淘宝/天猫 订单报表, 有赞, 拼多多, 抖店, 快团团, 微店; their headers
are cited in tests/corpus/SOURCES.md). It comes as csv in whatever encoding the platform or Excel
saved it (GB18030, UTF-8 with or without BOM, UTF-16; comma or tab), as xlsx or as xls. Buyers become
customers, keyed by the buyer's nickname (else the recipient) and the phone the export offers; the
lines of one order number become one order. The export itself is only ever read.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field, replace
from datetime import date
from os import PathLike
from pathlib import Path
from typing import Any, Optional, Sequence

from python_calamine import CalamineError, CalamineWorkbook

from tierlogic.model import UNKNOWN_STATUS, Book, Customer, Order
from tierlogic.order_states import DEFAULT_WORDS, state_for, with_refund
from tierlogic.settings import DEFAULT_SETTINGS

from .cells import column_letter
from .headers import fold_header
from .reader import book_from_rows
from .refresh import Loaded, load
from .report import CheckReport, Problem
from .refusal import Refusal
from .safety import Refused
from .values import EXPECT_STATUS, is_blank, parse_amount, parse_count, parse_date, parse_text

# Excel opens these read-only for us: a seller book saved as .xls or an export saved as csv is read, never written.
_CSV_SUFFIXES = (".csv", ".tsv", ".txt")
READ_ONLY_SUFFIXES = (*_CSV_SUFFIXES, ".xls")

# Each meaning with the headers that carry it, most telling first (SOURCES.md S1–S7).
EXPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "buyer": ("买家会员名", "买家昵称", "下单人", "买家", "买家账号", "会员名", "用户昵称", "客户昵称", "客户"),
    "recipient": ("收货人姓名", "收货人/提货人", "收货人", "收件人", "收件人姓名", "提货人"),
    "buyer_phone": ("买家手机号", "买家手机", "下单人手机号", "会员手机号"),
    "phone": ("联系电话", "联系手机", "手机", "手机号", "收货人电话", "收货人手机号/提货人手机号", "收货人手机号",
              "收件人手机号", "收件人电话"),
    "order_no": ("主订单编号", "订单编号", "订单号", "跟团号"),
    "status": ("订单状态",),
    "refund_status": ("订单退款状态", "售后状态", "退款状态"),
    "amount": ("买家实际支付金额", "订单实付金额", "用户实付金额(元)", "用户实付金额", "实付金额", "订单金额",
               "订单应付金额"),
    "unit_price": ("商品单价", "价格", "单价"),
    "date": ("订单创建时间", "订单提交时间", "订单成交时间", "下单时间", "创建时间", "支付时间", "付款时间",
             "订单付款时间", "买家付款时间", "支付完成时间"),
    "shipped_date": ("发货时间",),
    "delivered_date": ("确认收货时间", "交易成功时间", "订单完成时间", "签收时间", "收货时间"),
    "product": ("宝贝标题", "全部商品名称", "选购商品", "商品名称", "商品", "标题"),
    "quantity": ("宝贝总数量", "商品数量(件)", "商品数量", "购买数量", "数量"),
    "tracking_no": ("物流单号", "快递单号", "运单号"),
    "region": ("收货地址", "详细收货地址/提货地址", "详细地址"),
}
# The recipient's phone is the customer's only when the recipient is the customer (no buyer column):
# a gift goes to someone else (有赞: Momo🐱's cake went to Momo妈妈).
_RECIPIENT_PHONE = re.compile(r"收货人|收件人|提货人")
_BLANKS = {"-", "--", "null", "NULL", "None", "无"}  # an export's empty cell (拼多多 writes '-')
_MASK = "*"
_QUANTITY_IN_NAME = re.compile(r"^(.+?)\s*[×xX\*]\s*(\d+)$")  # 快团团: 阳光玫瑰葡萄 2斤×2
HEADER_SCAN_ROWS = 10

NO_BUYER = ("这个导出没有买家或收货人列（如 淘宝的宝贝报表，它的行按订单编号属于订单报表）：请用订单报表",
            "This export has no buyer or recipient column (like 淘宝's 宝贝报表, whose lines belong to the 订单报表 "
            "by 订单编号): use the order report.")


class NotAnExport(Refusal):
    """The file has no header row of an order export, or no buyer in it."""


# ---------------------------------------------------------------- the file


def decode_csv(data: bytes) -> str:
    """The text of a csv as platforms and Excel save it: a BOM says UTF-8 or UTF-16; else UTF-8 if it is, else GB18030."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def csv_rows(text: str) -> list[list[str]]:
    """Rows of a csv whose separator is a tab or a comma, whichever its first line holds more of."""
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def export_sheets(path: str | PathLike) -> dict[str, list[list[Any]]]:
    """Every sheet of an export (a csv is one sheet named ""), read only."""
    path = Path(path)
    if path.suffix.lower() in _CSV_SUFFIXES:
        return {"": csv_rows(decode_csv(path.read_bytes()))}
    try:
        book = CalamineWorkbook.from_path(str(path))
    except CalamineError as error:
        raise NotAnExport(f"无法读取 {path.name}（{error}）", f"Cannot read {path.name} ({error}).") from error
    try:
        return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
    finally:
        book.close()


# ---------------------------------------------------------------- the header


@dataclass(frozen=True)
class ExportHeader:
    row: int
    columns: dict[str, int]      # meaning -> column
    titles: dict[str, str]       # meaning -> header as written
    recipient_phone: bool        # the phone column names the recipient (收货人手机号)


_BY_HEADER = {fold_header(text): meaning for meaning, texts in EXPORT_COLUMNS.items() for text in texts}
_RANK = {fold_header(text): rank for texts in EXPORT_COLUMNS.values() for rank, text in enumerate(texts)}


def _header_at(rows: Sequence[Sequence[Any]], r: int) -> ExportHeader:
    columns: dict[str, int] = {}
    for col, text in enumerate(rows[r]):
        folded = fold_header(text)
        meaning = _BY_HEADER.get(folded)
        if meaning is None:
            continue
        current = columns.get(meaning)
        if current is None or _RANK[folded] < _RANK[fold_header(rows[r][current])]:
            columns[meaning] = col
    titles = {m: str(rows[r][c]).strip() for m, c in columns.items()}
    return ExportHeader(r, columns, titles, bool(_RECIPIENT_PHONE.search(titles.get("phone", ""))))


def find_export_header(rows: Sequence[Sequence[Any]]) -> Optional[ExportHeader]:
    """The row among the first few that names the most export columns (at least three)."""
    candidates = [_header_at(rows, r) for r in range(min(HEADER_SCAN_ROWS, len(rows)))]
    best = max(candidates, key=lambda h: len(h.columns), default=None)
    return best if best is not None and len(best.columns) >= 3 else None


# ---------------------------------------------------------------- the lines


def _cell(row: Sequence[Any], col: Optional[int]) -> Any:
    if col is None or col >= len(row):
        return None
    value = row[col]
    if isinstance(value, str):
        value = value.strip()  # 拼多多 puts a tab before long numbers so Excel keeps them as text
        if value in _BLANKS:
            return None
    return None if is_blank(value) else value


def _unmasked(phone: Optional[str]) -> Optional[str]:
    """A phone one can call: 139****0101 is not one."""
    return None if phone is None or _MASK in phone else phone


def _value(parsed: Any) -> Any:
    """A parser's value, or None for a blank or an unreadable cell."""
    return parsed if parsed is None or isinstance(parsed, (str, int, float, date)) else None


@dataclass
class _Line:
    row: int
    buyer: str
    identity: Optional[str]       # a phone, or a masked one (139****0101), that tells two same-named buyers apart
    phone: Optional[str]          # a phone to reach them (never a masked one)
    region: Optional[str]
    order_no: str
    status: Optional[str]
    when: date
    amount: Optional[float]
    unit_price: Optional[float]
    product: Optional[str]
    quantity: int
    shipped: Optional[date]
    delivered: Optional[date]
    tracking_no: Optional[str]


@dataclass
class _Reading:
    sheet: str
    header: ExportHeader
    today: date
    report: CheckReport = field(default_factory=CheckReport)

    def get(self, row: Sequence[Any], meaning: str) -> Any:
        return _cell(row, self.header.columns.get(meaning))

    def text(self, row: Sequence[Any], meaning: str) -> Optional[str]:
        return _value(parse_text(self.get(row, meaning)))

    def when(self, row: Sequence[Any], meaning: str) -> Optional[date]:
        result = parse_date(self.get(row, meaning), self.today, True)
        return result if isinstance(result, date) and result <= self.today else None

    def problem(self, r: int, meaning: str, value: Any, expected: str) -> None:
        col = self.header.columns.get(meaning)
        self.report.add(Problem(self.sheet, r + 1, _letter(col), self.header.titles.get(meaning, ""), value, expected))

    def status(self, row: Sequence[Any], r: int) -> Optional[str]:
        """The order's state, its refund column read too; a word in no list is reported and read as 状态不明."""
        word, refund = self.text(row, "status"), self.text(row, "refund_status")
        status = state_for(word, DEFAULT_WORDS) if word else None
        if word and status is None:
            self.problem(r, "status", word, EXPECT_STATUS)
            return UNKNOWN_STATUS
        if status is None:
            return None
        refunded = with_refund(status, refund, DEFAULT_WORDS)
        if refunded == UNKNOWN_STATUS:
            self.problem(r, "refund_status", refund, EXPECT_STATUS)
        return refunded

    def buyer(self, row: Sequence[Any]) -> tuple[Optional[str], Optional[str], Optional[str]]:
        """(name, phone that tells same-named customers apart, phone to reach them) of the line's customer: the
        buyer, else the recipient. A buyer is one nickname with one account phone (有赞 买家手机号), whatever
        address a parcel went to; a recipient is told apart by the phone beside the name, masked or not."""
        if "buyer" in self.header.columns:
            account = self.text(row, "buyer_phone")
            contact = account or (None if self.header.recipient_phone else self.text(row, "phone"))
            return self.text(row, "buyer"), account, _unmasked(contact)
        phone = self.text(row, "phone")
        return self.text(row, "recipient"), phone, _unmasked(phone)

    def line(self, row: Sequence[Any], r: int) -> Optional[_Line]:
        name, identity, phone = self.buyer(row)
        when = self.when(row, "date")
        if name is None or when is None:
            if any(not is_blank(c) for c in row):
                self.problem(r, "date" if name else ("buyer" if "buyer" in self.header.columns else "recipient"),
                             self.get(row, "date") if name else None, "买家和下单日期 (a buyer and an order date)")
            return None
        product, quantity = self.text(row, "product"), _value(parse_count(self.get(row, "quantity")))
        if product and quantity is None and (inside := _QUANTITY_IN_NAME.match(product)):
            product, quantity = inside.group(1), int(inside.group(2))
        return _Line(r, name, identity, phone, self.text(row, "region"), self.text(row, "order_no") or f"第{r + 1}行",
                     self.status(row, r), when, _value(parse_amount(self.get(row, "amount"))),
                     _value(parse_amount(self.get(row, "unit_price"))), product, quantity or 1,
                     self.when(row, "shipped_date"), self.when(row, "delivered_date"), self.text(row, "tracking_no"))


def _letter(col: Optional[int]) -> str:
    return column_letter(col + 1) if col is not None else ""


# ---------------------------------------------------------------- buyers and orders


def _order(key: str, lines: list[_Line]) -> Order:
    """The lines of one order number as one order: its amount once (every amount column above is the order's),
    else the lines' unit price × quantity."""
    first = lines[0]
    products = list(dict.fromkeys(line.product for line in lines if line.product))
    amount = first.amount
    if amount is None and all(line.unit_price is not None for line in lines):
        amount = round(sum(line.unit_price * line.quantity for line in lines), 2)
    return Order(customer=key, date=first.when, product="、".join(products) or None,
                 quantity=sum(line.quantity for line in lines) if len(products) <= 1 else 1, amount=amount,
                 status=first.status, shipped_date=first.shipped, delivered_date=first.delivered,
                 tracking_no=first.tracking_no)


def _customers(lines: list[_Line]) -> dict[tuple[str, Optional[str]], Customer]:
    """One customer per (name, telling phone), numbered in the order they first appear; a masked phone goes to 备注."""
    customers: dict[tuple[str, Optional[str]], Customer] = {}
    for line in lines:
        who = (line.buyer, line.identity)
        known = customers.get(who)
        if known is None:
            number = f"{len(customers) + 1:03d}"
            masked = line.identity is not None and _unmasked(line.identity) is None
            customers[who] = Customer(
                key=number, name=line.buyer, id=number, phone=line.phone, region=line.region,
                notes=f"平台打码的手机 {line.identity}（只用来区分同名买家）" if masked else None)
        elif known.phone is None and line.phone is not None:
            customers[who] = replace(known, phone=line.phone)
    return customers


def book_from_export(rows: Sequence[Sequence[Any]], today: date, sheet: str = "") -> tuple[Book, CheckReport]:
    """Customers and orders from one export table; every line that cannot be read is in the report."""
    header = find_export_header(rows)
    if header is None:
        raise NotAnExport("没有找到订单导出的表头（订单号、订单状态、下单时间、买家或收货人 …）",
                          "No order-export header row (order number, status, order date, buyer or recipient …).")
    if not {"buyer", "recipient"} & header.columns.keys():
        raise NotAnExport(*NO_BUYER)
    if "date" not in header.columns:
        raise NotAnExport("这个导出没有下单时间列（订单创建时间、下单时间、支付时间 …）",
                          "This export has no order-date column (订单创建时间, 下单时间, 支付时间 …).")
    reading = _Reading(sheet, header, today)
    lines = [line for r in range(header.row + 1, len(rows)) if (line := reading.line(rows[r], r)) is not None]
    customers = _customers(lines)
    by_order: dict[str, list[_Line]] = {}
    for line in lines:
        by_order.setdefault(line.order_no, []).append(line)
    orders = [_order(customers[(ls[0].buyer, ls[0].identity)].key, ls) for ls in by_order.values()]
    report = reading.report
    report.note(f"从导出读到 {len(customers)} 位买家、{len(orders)} 笔订单（{len(lines)} 行）"
                f" / {len(customers)} buyers and {len(orders)} orders ({len(lines)} lines) read from the export")
    if any(_MASK in c.name for c in customers.values()):
        report.note("买家姓名是平台打码的（如 林*）：同名同手机尾号的才算同一位买家，请在客户表里补上真实姓名"
                    " / buyer names are masked by the platform: fill in the real names on the customer sheet")
    return Book(tuple(customers.values()), tuple(orders), has_orders_sheet=True), report


def read_export(path: str | PathLike, today: date) -> tuple[Book, CheckReport]:
    """The export at `path` (its first sheet with an export header), read only."""
    sheets = export_sheets(path)
    for name, rows in sheets.items():
        if find_export_header(rows) is not None:
            return book_from_export(rows, today, name)
    raise NotAnExport("没有找到订单导出的表头（订单号、订单状态、下单时间、买家或收货人 …）",
                      "No order-export header row (order number, status, order date, buyer or recipient …).")


def read_for_check(path: Path, today: date) -> Loaded:
    """What `tierbook check` reads: a csv as an export; an xlsx, xlsm or xls as a workbook, or, when it has no
    customer sheet but an export's header, as an export (buyers and orders). Nothing is written."""
    if path.suffix.lower() in _CSV_SUFFIXES:
        if not path.is_file():
            raise Refused(f"找不到文件 {path}", f"File not found: {path}.")
        return _export_for_check(path, today)
    if path.suffix.lower() == ".xls":
        if not path.is_file():
            raise Refused(f"找不到文件 {path}", f"File not found: {path}.")
        loaded = Loaded(*book_from_rows(export_sheets(path), today), None)
    else:
        loaded = load(path, today)
    if loaded.book.customers:
        return loaded
    try:
        return _export_for_check(path, today)
    except Refused:
        return loaded


def _export_for_check(path: Path, today: date) -> Loaded:
    try:
        book, report = read_export(path, today)
    except NotAnExport as err:
        raise Refused(f"{path.name}：{err.zh}", f"{path.name}: {err.en}") from err
    return Loaded(book, DEFAULT_SETTINGS, report, None)
