"""Generate the customer-workbook template, the tracking-log template and the demo workbook.

`python -m templates.build` rewrites the committed files in this folder; a test checks that
they equal what this code makes. `tierbook init` builds the same workbook, its sample rows dated
around its own day. Headers are the names the reader recognises first.
"""
from __future__ import annotations

import sys
import zipfile
from calendar import monthrange
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from operator import attrgetter
from typing import Any, Callable, Sequence

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.constants import ARC_CONTENT_TYPES, XLSM, XLSX

from tierlogic.grade import scheme_for
from tierlogic.model import ORDER_STATUSES, Book
from tierlogic.settings import Settings
from workbook.customer_fields import TEMPLATE_FIELDS, CustomerField
from workbook.render import put_value, render_sheet
from workbook.sheets import DATE_FORMAT, settings_sheet

HERE = Path(__file__).resolve().parent
CUSTOMER_TEMPLATE = HERE / "客户管理模板.xlsx"
TRACKING_TEMPLATE = HERE / "追踪志模板.xlsx"
FIXED_TIME = datetime(2026, 1, 1)  # document timestamps, so a rebuild differs only where content does
# The committed template's sample rows are dated around this day; `tierbook init` dates them around its own day.
TEMPLATE_DAY = date(2026, 1, 5)
SAMPLE_MARK = "示例·"
SAMPLE_NOTE = f"示例：删掉各表中「{SAMPLE_MARK}」开头的行即可"

OVERDUE_FILL = PatternFill("solid", fgColor="FDE2E1", bgColor="FDE2E1")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7EC")
INPUT_ROWS = 2000  # dropdowns and overdue colouring reach this far, for rows the seller adds


@dataclass(frozen=True)
class Field:
    header: str
    width: float
    value: Callable[[Any], Any]
    choices: tuple[str, ...] = ()
    date: bool = False
    overdue_check: bool = False


def _template_field(f: CustomerField) -> Field:
    column = f.column
    return Field(column.header or f.label, column.width, column.show or attrgetter(f.name), column.choices,
                 column.date, column.overdue_check)


# The customer sheet's columns, as workbook.customer_fields declares them.
CUSTOMER_FIELDS = tuple(map(_template_field, TEMPLATE_FIELDS))
ORDER_FIELDS = (
    Field("日期", 11, lambda o: o.date, date=True), Field("客户编号", 8, lambda o: o.customer),
    Field("客户", 10, lambda o: o.customer_name), Field("产品", 12, lambda o: o.product),
    Field("数量", 6, lambda o: o.quantity), Field("金额", 9, lambda o: o.amount), Field("成本", 9, lambda o: o.cost),
    Field("状态", 10, lambda o: o.status, choices=ORDER_STATUSES),
    Field("下单日期", 11, lambda o: o.ordered_date, date=True), Field("发货日期", 11, lambda o: o.shipped_date, date=True),
    Field("签收日期", 11, lambda o: o.delivered_date, date=True), Field("快递单号", 16, lambda o: o.tracking_no),
)
CONTACT_FIELDS = (
    Field("日期", 11, lambda c: c.date, date=True), Field("客户编号", 8, lambda c: c.customer),
    Field("客户", 10, lambda c: c.customer_name), Field("渠道", 8, lambda c: c.channel, choices=("微信", "电话", "朋友圈", "群", "见面")),
    Field("内容", 24, lambda c: c.content), Field("进度", 6, lambda c: c.progress, choices=("a", "b", "c", "d")),
    Field("下次跟进", 11, lambda c: c.next_date, date=True, overdue_check=True), Field("结果", 14, lambda c: c.result),
)
PRODUCT_FIELDS = (
    Field("产品", 14, lambda p: p.name), Field("使用周期", 8, lambda p: p.usage_days),
    Field("价格", 8, lambda p: p.price), Field("成本", 8, lambda p: p.cost),
)


@dataclass(frozen=True)
class Named:
    """An order or contact with the customer's display name beside its key, for the sheet."""

    record: Any
    customer_name: str

    def __getattr__(self, name):
        return getattr(self.record, name)


def _header(ws: Worksheet, fields: Sequence[Field]) -> None:
    for i, f in enumerate(fields, start=1):
        cell = ws.cell(row=1, column=i, value=f.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[get_column_letter(i)].width = f.width
    ws.freeze_panes = "A2"


def _write_rows(ws: Worksheet, fields: Sequence[Field], records: Sequence[Any]) -> None:
    for r, record in enumerate(records, start=2):
        for c, f in enumerate(fields, start=1):
            cell = put_value(ws, r, c, f.value(record))
            if f.date:
                cell.number_format = DATE_FORMAT


def _input_helps(ws: Worksheet, fields: Sequence[Field]) -> None:
    """Dropdowns and overdue colouring down to INPUT_ROWS, for the rows the seller will add."""
    for i, f in enumerate(fields, start=1):
        letter = get_column_letter(i)
        cells = f"{letter}2:{letter}{INPUT_ROWS}"
        if f.choices:
            validation = DataValidation(type="list", formula1='"' + ",".join(f.choices) + '"', allow_blank=True)
            validation.error, validation.errorTitle = "请从下拉列表中选择 / choose from the list", "tierbook"
            validation.add(cells)
            ws.add_data_validation(validation)
        if f.overdue_check:
            rule = FormulaRule(formula=[f'AND(ISNUMBER({letter}2),{letter}2<TODAY())'], fill=OVERDUE_FILL)
            ws.conditional_formatting.add(cells, rule)


def _table_sheet(wb: Workbook, title: str, table_name: str, fields: Sequence[Field], records: Sequence[Any]) -> None:
    ws = wb.create_sheet(title)
    _header(ws, fields)
    _write_rows(ws, fields, records)
    _input_helps(ws, fields)
    last = max(2, len(records) + 1)
    table = Table(displayName=table_name, ref=f"A1:{get_column_letter(len(fields))}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)


def customer_fields(settings: Settings) -> tuple[Field, ...]:
    """The customer columns, the manual grade offering the chosen scheme's levels (a dropdown that suggests,
    never refuses: after a switch of scheme in 设置 the seller types the new levels)."""
    codes = scheme_for(settings).codes
    return tuple(replace(column, choices=codes) if f.name == "manual_grade" else column
                 for f, column in zip(TEMPLATE_FIELDS, CUSTOMER_FIELDS))


def customer_workbook(book: Book, settings: Settings) -> Workbook:
    """客户 / 订单 / 跟进记录 / 产品 / 设置, with dropdowns, overdue colouring, frozen headers and tables."""
    names = {c.key: c.name for c in book.customers}
    wb = Workbook()
    wb.remove(wb.active)
    _table_sheet(wb, "客户", "Customers", customer_fields(settings), book.customers)
    _table_sheet(wb, "订单", "Orders", ORDER_FIELDS, [Named(o, names.get(o.customer, "")) for o in book.orders])
    _table_sheet(wb, "跟进记录", "Contacts", CONTACT_FIELDS, [Named(c, names.get(c.customer, "")) for c in book.contacts])
    _table_sheet(wb, "产品", "Products", PRODUCT_FIELDS, book.products)
    render_sheet(wb.create_sheet("设置"), settings_sheet(settings))
    wb.properties.created = wb.properties.modified = FIXED_TIME
    return wb


def _days_apart(step: int) -> Callable[[date, int], list[date]]:
    return lambda first, count: [first + timedelta(days=step * i) for i in range(count)]


def _month_starts(first: date, count: int) -> list[date]:
    return [date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1) for i in range(count)]


def _half_months(first: date, count: int) -> list[str]:
    """The 1st–15th and the 16th–end of each month, from the half that holds `first`."""
    halves = [(m, start, end) for m in _month_starts(first, count // 2 + 1)
              for start, end in ((1, 15), (16, monthrange(m.year, m.month)[1]))]
    return [f"{m.year}年{m.month}月{start}日–{end}日" for m, start, end in halves[first.day > 15:][:count]]


# Seed 004's tracking logs: each has a period column of its own, one row per period from the one holding the first day.
TRACKING_LOGS = (
    ("日志", "日期", _days_apart(1)), ("周志", "周（周一）", _days_apart(7)), ("半月志", "半月", _half_months),
    ("月志", "月份", lambda first, count: [f"{m.year}年{m.month}月" for m in _month_starts(first, count)]),
    ("年志", "年份", lambda first, count: [f"{first.year + i}年" for i in range(count)]),
)
TRACKING_FIELDS = ("客户", "级别", "联系方式", "本期要做的事", "实际做了什么", "进度 a/b/c/d", "下次跟进", "备注")
PERIOD_WIDTH = 20  # 2027年1月16日–31日 whole


def tracking_workbook(first_day: date = date(2027, 1, 4), periods: int = 12) -> Workbook:
    """日志 / 周志 / 半月志 / 月志 / 年志, one sheet each, a row per period ready to fill in."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, period_header, periods_from in TRACKING_LOGS:
        ws = wb.create_sheet(title)
        headers = (period_header,) + TRACKING_FIELDS
        for i, text in enumerate(headers, start=1):
            cell = ws.cell(row=1, column=i, value=text)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            ws.column_dimensions[get_column_letter(i)].width = (PERIOD_WIDTH if i == 1 else
                                                                24 if "做" in text or text == "备注" else 12)
        for r, label in enumerate(periods_from(first_day, periods), start=2):
            cell = ws.cell(row=r, column=1, value=label)
            if isinstance(label, date):
                cell.number_format = DATE_FORMAT
        ws.freeze_panes = "B2"
        progress = DataValidation(type="list", formula1='"a,b,c,d"', allow_blank=True)
        progress.add(f"G2:G{periods + 200}")
        ws.add_data_validation(progress)
        ws.page_setup.orientation = "landscape"
        ws.print_title_rows = "1:1"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    return wb


def example_book(today: date = TEMPLATE_DAY) -> Book:
    """The template's sample rows, dated around `today`: a few customers that show each kind of row.

    Every sample customer and product is named 示例·…, so the rows show as samples on every sheet and
    are found and deleted together.
    """
    from tierbook.demo_data import demo_book  # the same generator as the demo, small and fixed
    book = demo_book(today, customers=8, seed=3)
    product = {p.name: SAMPLE_MARK + p.name for p in book.products}
    return replace(book, customers=tuple(replace(c, name=SAMPLE_MARK + c.name, notes=SAMPLE_NOTE) for c in book.customers),
                   orders=tuple(replace(o, product=product[o.product]) for o in book.orders),
                   products=tuple(replace(p, name=product[p.name]) for p in book.products))


# The packages `tierbook init` can write, by the file name's ending: an .xlsm is a macro-enabled package
# without macros yet, as Excel saves one, ready for the VBA that xlwings' Import Functions adds.
NEW_WORKBOOK_TYPES = {".xlsx": XLSX, ".xlsm": XLSM}


def package_bytes(wb: Workbook, suffix: str) -> bytes:
    """`wb` saved as the package its file name promises (openpyxl alone marks a workbook macro-enabled only
    when it carries VBA loaded from another file)."""
    saved = BytesIO()
    wb.save(saved)
    if NEW_WORKBOOK_TYPES[suffix.lower()] == XLSX:
        return saved.getvalue()
    out = BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == ARC_CONTENT_TYPES:
                assert data.count(XLSX.encode()) == 1, "one workbook part"
                data = data.replace(XLSX.encode(), XLSM.encode())
            target.writestr(info, data)
    return out.getvalue()


def build_all(folder: Path = HERE) -> list[Path]:
    customer = folder / CUSTOMER_TEMPLATE.name
    tracking = folder / TRACKING_TEMPLATE.name
    customer_workbook(example_book(), Settings()).save(customer)
    tracking_workbook().save(tracking)
    return [customer, tracking]


if __name__ == "__main__":
    for path in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
