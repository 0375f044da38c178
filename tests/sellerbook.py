"""Seller workbooks full of things openpyxl would lose, and the small workbook of our own sheets, for package tests."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from PIL import Image as PILImage

from workbook.package import OWNED_MARK

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OWNED = ("待办", "祝福名单", "本周跟进表", "检查报告")
SHARED_PARTS = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"}
_VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_MC_DECL = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" '
            'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"')
CALC_CHAIN = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' \
             b'<calcChain xmlns="' + MAIN.encode() + b'"><c r="C2" i="2"/><c r="C3"/></calcChain>'


def _png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 3), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _customers(wb: openpyxl.Workbook) -> None:
    ws = wb.active
    ws.title = "客户"
    ws.append(["姓名", "等级", "生日", "金额"])
    ws.append(["张三", "A", date(1990, 5, 1), 120])
    ws.append(["李四", "B", date(1985, 11, 3), 80])
    ws["A1"].font = Font(bold=True, name="微软雅黑")
    ws["B2"].comment = Comment("老客户，爱喝茶", "卖家")
    grades = DataValidation(type="list", formula1='"S,A,B,C"', allow_blank=True)
    ws.add_data_validation(grades)
    grades.add("B2:B100")
    ws.conditional_formatting.add("D2:D100", CellIsRule(operator="greaterThan", formula=["100"],
                                                        fill=PatternFill("solid", bgColor="FFEB9C")))
    ws.add_table(Table(displayName="客户表", ref="A1:D3",
                       tableStyleInfo=TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)))
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"


def _orders(wb: openpyxl.Workbook) -> None:
    ws = wb.create_sheet("订单")
    ws.append(["客户", "单价", "合计"])
    ws.append(["张三", 10, "=B2*2"])
    ws.append(["李四", 12, "=B3*2"])
    ws["C2"].border = Border(bottom=Side(style="thin"))
    ws["C2"].alignment = Alignment(horizontal="center")
    ws.conditional_formatting.add("C2:C3", FormulaRule(formula=["C2>20"], font=Font(color="9C0006")))
    ws.print_area = "A1:C3"


def _chart_sheet(wb: openpyxl.Workbook) -> None:
    ws = wb.create_sheet("图表")
    for row in (["月", "销量"], [1, 3], [2, 5], [3, 4]):
        ws.append(row)
    chart = BarChart()
    chart.title = "销量"
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=4), titles_from_data=True)
    ws.add_chart(chart, "D2")
    ws.add_image(Image(io.BytesIO(_png())), "D20")


def _names(wb: openpyxl.Workbook) -> None:
    wb.defined_names["税率"] = DefinedName("税率", attr_text="'订单'!$B$2")
    wb["订单"].defined_names["本表合计"] = DefinedName("本表合计", attr_text="'订单'!$C$2:$C$3")


def _mark_as_ours(ws) -> None:
    """What an earlier refresh leaves on each sheet it wrote (workbook.package.OWNED_MARK)."""
    ws.defined_names[OWNED_MARK] = DefinedName(OWNED_MARK, attr_text='"tierbook"', hidden=True)


def seller_workbook(*, with_owned: bool = False) -> openpyxl.Workbook:
    """The seller's sheets; with_owned adds a 待办 and 祝福名单 left from an earlier refresh, 待办 in the middle."""
    wb = openpyxl.Workbook()
    _customers(wb)
    if with_owned:
        old = wb.create_sheet("待办")
        old["A1"] = "旧的待办"
        old.print_title_rows = "1:1"
        _mark_as_ours(old)
    _orders(wb)
    _chart_sheet(wb)
    hidden = wb.create_sheet("隐藏")
    hidden["A1"] = "秘密"
    hidden.sheet_state = "hidden"
    if with_owned:
        greetings = wb.create_sheet("祝福名单")
        greetings["A1"] = "上次刷新写的祝福"
        _mark_as_ours(greetings)
    _names(wb)
    wb.active = 1
    for index, ws in enumerate(wb.worksheets):
        ws.sheet_view.tabSelected = index == 1
    return wb


def _rewrite(parts: dict[str, bytes], name: str, change) -> None:
    before = parts[name].decode()
    after = change(before)
    assert after != before, f"{name}: the edit found nothing to change"
    parts[name] = after.encode()


def _excel_flavour(parts: dict[str, bytes]) -> None:
    """What Excel adds that openpyxl does not: markup-compatibility prefixes, a calc chain."""
    for name, root in (("xl/workbook.xml", "workbook"), ("xl/styles.xml", "styleSheet")):
        _rewrite(parts, name, lambda xml, r=root: xml.replace(f"<{r} ", f"<{r} {_MC_DECL} ", 1))
    _rewrite(parts, "xl/styles.xml", lambda xml: re.sub(r'<fonts count="(\d+)"',
                                                        r'<fonts count="\1" x14ac:knownFonts="1"', xml, count=1))
    parts["xl/calcChain.xml"] = CALC_CHAIN
    _add_rel(parts, "rId900", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain",
             "calcChain.xml")
    _add_override(parts, "/xl/calcChain.xml",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml")


def _prefixed(parts: dict[str, bytes]) -> None:
    """Some writers (the .NET Open XML SDK) put the SpreadsheetML namespace on an x: prefix."""
    for name in ("xl/workbook.xml", "xl/styles.xml"):
        _rewrite(parts, name, lambda xml: re.sub(r"<(/?)(?![?!])(?!\w+:)(\w+)", r"<\1x:\2", xml)
                 .replace(f'xmlns="{MAIN}"', f'xmlns:x="{MAIN}"'))


def _macro(parts: dict[str, bytes], vba: bytes) -> None:
    parts["xl/vbaProject.bin"] = vba
    _add_rel(parts, "rId901", _VBA_REL, "vbaProject.bin")
    _add_override(parts, "/xl/vbaProject.bin", "application/vnd.ms-office.vbaProject")
    _rewrite(parts, "[Content_Types].xml", lambda xml: xml.replace(_XLSX_MAIN, _XLSM_MAIN))


def _add_rel(parts: dict[str, bytes], rel_id: str, kind: str, target: str) -> None:
    rel = f'<Relationship Id="{rel_id}" Type="{kind}" Target="{target}"/>'
    _rewrite(parts, "xl/_rels/workbook.xml.rels", lambda xml: xml.replace("</Relationships>", rel + "</Relationships>"))


def _add_override(parts: dict[str, bytes], part: str, kind: str) -> None:
    override = f'<Override PartName="{part}" ContentType="{kind}"/>'
    _rewrite(parts, "[Content_Types].xml", lambda xml: xml.replace("</Types>", override + "</Types>"))


def _printer_settings(parts: dict[str, bytes], sheet: str) -> None:
    """Excel hangs printer settings on a sheet once the seller has printed it."""
    parts["xl/printerSettings/printerSettings1.bin"] = b"\x00printer\x00" * 8
    rels = sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"
    parts[rels] = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://'
                   b'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
                   b'schemas.openxmlformats.org/officeDocument/2006/relationships/printerSettings" '
                   b'Target="../printerSettings/printerSettings1.bin"/></Relationships>')
    _add_override(parts, "/xl/printerSettings/printerSettings1.bin",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings")


def vba_project() -> bytes:
    """A real vbaProject.bin from xlwings' ribbon add-in (a project dependency)."""
    import xlwings

    addin = Path(xlwings.__file__).with_name("quickstart_addin_ribbon.xlam")
    with zipfile.ZipFile(addin) as archive:
        return archive.read("xl/vbaProject.bin")


def write_package(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def package_parts(wb: openpyxl.Workbook) -> dict[str, bytes]:
    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def build_seller(folder: Path, *, macro: bool = False, prefixed: bool = False, with_owned: bool = False) -> Path:
    """Write a seller workbook to `folder` and return its path (.xlsm when macro)."""
    parts = package_parts(seller_workbook(with_owned=with_owned))
    _excel_flavour(parts)
    if prefixed:
        _prefixed(parts)
    if macro:
        _macro(parts, vba_project())
    if with_owned:
        _printer_settings(parts, "xl/worksheets/sheet2.xml")
    return write_package(folder / ("客户簿.xlsm" if macro else "客户簿.xlsx"), parts)


def read_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def replaced(data: bytes, old: bytes | re.Pattern[bytes], new: bytes, count: int = 0) -> bytes:
    """`data` with `old` replaced by `new`; fails when `old` is not there, so an edit a test relies on cannot
    silently not happen. Pass a pattern where writers differ in spacing (`<a/>` from lxml, `<a />` without)."""
    pattern = old if isinstance(old, re.Pattern) else re.compile(re.escape(old))
    edited, done = pattern.subn(lambda _: new, data, count=count)
    assert done, f"{pattern.pattern!r} is not in the part"
    return edited


def our_sheets(rows: list[tuple] | None = None) -> openpyxl.Workbook:
    """What the refresh builds: a due list and a printable weekly sheet."""
    wb = openpyxl.Workbook()
    due = wb.active
    due.title = "待办"
    due.append(["日期", "客户", "原因"])
    for row in rows if rows is not None else [(date(2026, 3, 2), "张三", "跟进到期"),
                                             (date(2026, 3, 3), "李四", "生日")]:
        due.append(row)
    for cell in due[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="305496")
    for (cell,) in due.iter_rows(min_row=2, max_col=1):
        cell.number_format = "yyyy-mm-dd"
    due.column_dimensions["C"].width = 30
    due.freeze_panes = "A2"
    due.auto_filter.ref = f"A1:C{due.max_row}"
    due.conditional_formatting.add("A2:A500", CellIsRule(operator="lessThan", formula=["TODAY()"],
                                                         fill=PatternFill("solid", bgColor="FFC7CE"),
                                                         font=Font(color="9C0006")))
    week = wb.create_sheet("本周跟进表")
    week.append(["☐", "日期", "客户", "备注"])
    week.append(["☐", date(2026, 3, 2), "张三", ""])
    week["A1"].font = Font(bold=True)
    week["B2"].number_format = "yyyy-mm-dd"
    week.print_title_rows = "1:1"
    week.page_setup.orientation = "landscape"
    week.page_setup.paperSize = week.PAPERSIZE_A4
    week.page_setup.fitToWidth = 1
    week.page_setup.fitToHeight = 0
    week.sheet_properties.pageSetUpPr.fitToPage = True
    week.oddFooter.center.text = "第 &P 页，共 &N 页"
    return wb
