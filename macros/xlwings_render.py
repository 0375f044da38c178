"""Write a SheetSpec into an open workbook through xlwings (the ribbon's engine; workbook/render.py is the openpyxl one).

Values go in with one `range.value = 2-D list` call. Formatting uses the xlwings API; what
only COM offers (autofilter, frozen header, print setup) is optional: when `.api` is missing
or refuses (macOS, an older xlwings) the sheet is still written and the feature is named in
the returned tuple.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Callable, Iterator, Optional

from workbook.package import OWNED_MARK
from workbook.cells import column_letter, safe_text
from workbook.charts import COLUMNS, FRAME_NAME, LINE, STACKED, Chart
from workbook.refusal import Refusal
from workbook.sheets import (DAY_FILL, DAY_ROW, EMPTY_DAY_ROW, EMPTY_DAY_TEXT, HEADER_FILL, HEADER_TEXT, OVERDUE_FILL,
                             OVERDUE_ROW, ROW_FORMATS, SheetSpec)


def rgb(hex_color: str) -> tuple[int, int, int]:
    """xlwings takes colours as (red, green, blue)."""
    return int(hex_color[0:2], 16), int(hex_color[2:4], 16), int(hex_color[4:6], 16)


HEADER_COLOR, HEADER_FONT_COLOR = rgb(HEADER_FILL), rgb(HEADER_TEXT)
OVERDUE_COLOR, DAY_COLOR, EMPTY_DAY_FONT_COLOR = rgb(OVERDUE_FILL), rgb(DAY_FILL), rgb(EMPTY_DAY_TEXT)
XL_LANDSCAPE, XL_PORTRAIT, XL_PAPER_A4 = 2, 1, 9  # Excel's XlPageOrientation and XlPaperSize constants
CHART_TYPES = {COLUMNS: "column_clustered", STACKED: "column_stacked", LINE: "line"}  # xlwings' chart type names


def cell_value(value: Any) -> Any:
    """A value as Excel should store it: text behind an apostrophe, so "=…", "1/2" or a phone number stay text."""
    if value is None or isinstance(value, (bool, int, float, date)):
        return value
    return "'" + safe_text(str(value))


class NotOurSheet(Refusal):
    """A sheet of the seller's has one of our names; nothing was written. The message is bilingual."""

    def __init__(self, name: str):
        super().__init__(f"工作簿里已有名为“{name}”的工作表，它不是本工具生成的，不会被覆盖；请把它改名后再运行",
                         f"The workbook already has a sheet named '{name}' that this tool did not create; "
                         "rename it and try again.")


def is_ours(sheet) -> bool:
    """Whether an earlier refresh wrote this sheet: it carries our hidden sheet-scoped name.

    Excel reports a sheet-scoped name as "Sheet!name"; the CLI's writer sets the same mark.
    """
    return any(n.name.split("!")[-1] == OWNED_MARK for n in sheet.names)


def check_owned(book, names) -> None:
    """Raise NotOurSheet before anything is written if a sheet of the seller's uses one of our names."""
    for sheet in book.sheets:
        if sheet.name in names and not is_ours(sheet):
            raise NotOurSheet(sheet.name)


def owned_sheet(book, name: str):
    """Our sheet called `name`, emptied of values and formats, or a new, marked one after the last sheet."""
    if name in [sheet.name for sheet in book.sheets]:
        sheet = book.sheets[name]
        if not is_ours(sheet):
            raise NotOurSheet(name)
        sheet.clear()
        return sheet
    sheet = book.sheets.add(name, after=book.sheets[-1])
    # A name that refers to a cell, not to a text: xlwings' Office.js clients send scripts only names of ranges.
    sheet.names.add(OWNED_MARK, f"='{name}'!$A$1")
    return sheet


def _blocks(styles: tuple[Optional[str], ...]) -> Iterator[tuple[Optional[str], int, int]]:
    """(style, first row, last row) of each run of equal row styles, in Excel rows (data starts at 2)."""
    start = 0
    for i in range(1, len(styles) + 1):
        if i == len(styles) or styles[i] != styles[start]:
            yield styles[start], start + 2, i + 1
            start = i


def _header(sheet, spec: SheetSpec) -> None:
    header = sheet.range((1, 1), (1, len(spec.columns)))
    header.font.bold = True
    header.font.color = HEADER_FONT_COLOR
    header.color = HEADER_COLOR


def _columns(sheet, spec: SheetSpec) -> None:
    last = len(spec.rows) + 1
    for i, column in enumerate(spec.columns, start=1):
        sheet.range((1, i)).column_width = column.width
        if last < 2:
            continue
        body = sheet.range((2, i), (last, i))
        if column.number_format:
            body.number_format = column.number_format
        if column.wrap:
            body.wrap_text = True


def _row_styles(sheet, spec: SheetSpec) -> None:
    width = len(spec.columns)
    for style, first, last in _blocks(spec.row_styles):
        rows = sheet.range((first, 1), (last, width))
        if style == OVERDUE_ROW:
            rows.color = OVERDUE_COLOR
        elif style in (DAY_ROW, EMPTY_DAY_ROW):
            rows.color = DAY_COLOR
            rows.font.bold = True
            if style == EMPTY_DAY_ROW:
                rows.font.color = EMPTY_DAY_FONT_COLOR
            if spec.merge_day_rows:
                rows.merge(across=True)
        elif style in ROW_FORMATS:
            rows.number_format = ROW_FORMATS[style]
    for height, first, last in _blocks(spec.row_heights):
        if height:
            sheet.range((first, 1), (last, 1)).row_height = height


def _choices(sheet, spec: SheetSpec) -> None:
    last = len(spec.rows) + 1
    for index, options in spec.choices:
        if last >= 2:
            sheet.range((2, index + 1), (last, index + 1)).data_validation.set_list([o for o in options if o])


def _address(spec: SheetSpec) -> str:
    return f"A1:{column_letter(len(spec.columns))}{len(spec.rows) + 1}"


def _print_address(spec: SheetSpec) -> str:
    columns, rows = spec.print_extent
    return f"A1:{column_letter(columns)}{rows}"


def _draw(sheet, number: int, chart: Chart) -> None:
    from_col, from_row, to_col, to_row = chart.anchor
    corner, end = sheet.range((from_row + 1, from_col + 1)), sheet.range((to_row + 1, to_col + 1))
    drawn = sheet.charts.add(corner.left, corner.top, end.left - corner.left, end.top - corner.top)
    drawn.name = f"{FRAME_NAME} {number}"
    drawn.chart_type = CHART_TYPES[chart.kind]
    # Heading row included: it names the series; the rows under it are the categories and values.
    areas = [f"{column_letter(c + 1)}{chart.heading_row}:{column_letter(c + 1)}{chart.last_row}"
             for c in (0, *chart.series_columns)]
    drawn.set_source_data(sheet.range(",".join(areas)))
    com_chart = drawn.api[1]  # xlwings has no title API; COM's Chart object has
    com_chart.HasTitle = True
    com_chart.ChartTitle.Text = chart.title


def _charts(sheet, spec: SheetSpec) -> None:
    """Our charts, drawn again: the old ones (named as ours) go first; a chart of the seller's stays."""
    for old in list(sheet.charts):
        if old.name.startswith(FRAME_NAME):
            old.delete()
    for number, chart in enumerate(spec.charts, start=1):
        _draw(sheet, number, chart)


def _autofilter(sheet, spec: SheetSpec) -> None:
    api = sheet.api
    if api.AutoFilterMode:  # AutoFilter() toggles: switch an old one off first
        api.AutoFilterMode = False
    api.Range(_address(spec)).AutoFilter()


def _freeze_header(sheet, spec: SheetSpec) -> None:
    try:
        sheet.freeze_panes.freeze_at("1:1")  # xlwings' own API, which Office.js (xlwings Lite) implements
        return
    except (AttributeError, NotImplementedError):  # COM and AppleScript have no freeze_panes
        pass
    sheet.activate()
    window = sheet.book.app.api.ActiveWindow
    window.FreezePanes = False
    window.SplitColumn, window.SplitRow = 0, 1
    window.FreezePanes = True


def _print_setup(sheet, spec: SheetSpec) -> None:
    setup, page = spec.print_setup, sheet.api.PageSetup
    page.Orientation = XL_LANDSCAPE if setup.landscape else XL_PORTRAIT
    page.PaperSize = XL_PAPER_A4
    if setup.fit_to_width:
        page.Zoom = False
        page.FitToPagesWide, page.FitToPagesTall = 1, False
    if setup.repeat_header:
        page.PrintTitleRows = "$1:$1"
    page.PrintArea = _print_address(spec)
    page.CenterHeader, page.CenterFooter = setup.header_text, setup.footer_text


def _optional_features(spec: SheetSpec) -> list[tuple[str, Callable]]:
    features: list[tuple[str, Callable]] = [("冻结表头", _freeze_header)]
    if spec.autofilter:
        features.append(("筛选", _autofilter))
    if spec.choices:
        features.append(("下拉选项", _choices))  # Range.data_validation needs xlwings ≥ 0.37.5
    if spec.print_setup is not None:
        features.append(("打印设置", _print_setup))
    if spec.charts:
        features.append(("图表", _charts))  # Office.js (xlwings Lite) has no chart API: the data blocks stay
    return features


def render_sheet(book, spec: SheetSpec) -> tuple[str, ...]:
    """Write `spec` into `book`; returns the optional features that could not be applied."""
    sheet = owned_sheet(book, spec.name)
    table = [list(spec.headers)] + [[cell_value(v) for v in row] for row in spec.rows]
    sheet.range((1, 1), (len(table), len(spec.columns))).value = table
    _header(sheet, spec)
    _columns(sheet, spec)
    _row_styles(sheet, spec)
    skipped = []
    for name, apply in _optional_features(spec):
        try:
            apply(sheet, spec)
        except Exception:  # COM or AppleScript refused; the values and basic formats are already there
            skipped.append(name)
    return tuple(skipped)
