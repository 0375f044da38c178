"""Draw a sheet spec onto an openpyxl worksheet: the engine of the templates (their 设置 sheet) and of the naive peer
in bench/; a refresh writes its sheets with workbook/sheetxml.py, which tests hold to this one cell by cell."""
from __future__ import annotations

from copy import copy
from datetime import date, datetime
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .cells import safe_text
from .sheets import DAY_ROW, EMPTY_DAY_ROW, GRID_COLOR, HEADER_LOOK, Look, SheetSpec, body_look

THIN = Side(style="thin", color=GRID_COLOR)
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

def put_value(ws: Worksheet, row: int, column: int, value: Any):
    """Write one value; text always stays text."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        # Assigning a str starting with "=" makes openpyxl write a formula; a seller's text never is one.
        cell.value = safe_text(value)
        cell.data_type = "s"
    elif isinstance(value, (int, float, date, datetime)) or value is None:
        cell.value = value
    else:
        cell.value = safe_text(str(value))
        cell.data_type = "s"
    return cell


def _styled(cell: Cell, look: Look) -> Cell:
    cell.border = GRID
    cell.alignment = Alignment(horizontal=look.horizontal, vertical=look.vertical, wrap_text=look.wrap)
    if look.bold or look.text_color:
        cell.font = Font(bold=look.bold, color=look.text_color)
    if look.fill:
        cell.fill = PatternFill("solid", fgColor=look.fill)
    if look.number_format:
        cell.number_format = look.number_format
    return cell


def _header(ws: Worksheet, spec: SheetSpec) -> None:
    for i, column in enumerate(spec.columns, start=1):
        _styled(put_value(ws, 1, i, column.header), HEADER_LOOK)
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.freeze_panes = "A2"


def _body(ws: Worksheet, spec: SheetSpec) -> None:
    width = len(spec.columns)
    # Setting font/fill/border per cell hashes each style object every time (most of the render time
    # at 10k rows); every cell of one column and row style shares one style, so copy its index array,
    # as openpyxl's own worksheet copier does.
    styles = {style: [_styled(Cell(ws), body_look(column, style))._style for column in spec.columns]
              for style in dict.fromkeys(spec.row_styles)}  # first-seen order keeps style ids as before
    heights = spec.row_heights or (None,) * len(spec.rows)
    for r, (values, style, height) in enumerate(zip(spec.rows, spec.row_styles, heights), start=2):
        for c, (value, array) in enumerate(zip(values, styles[style]), start=1):
            put_value(ws, r, c, value)._style = copy(array)
        if spec.merge_day_rows and style in (DAY_ROW, EMPTY_DAY_ROW):
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        if height:
            ws.row_dimensions[r].height = height


def _choices(ws: Worksheet, spec: SheetSpec) -> None:
    last = len(spec.rows) + 1
    for index, options in spec.choices:
        if last < 2:
            continue
        letter = get_column_letter(index + 1)
        listed = ",".join(o for o in options if o)
        validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
        validation.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(validation)


def _print_setup(ws: Worksheet, spec: SheetSpec) -> None:
    setup = spec.print_setup
    if setup is None:
        return
    ws.page_setup.orientation = "landscape" if setup.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if setup.fit_to_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    if setup.repeat_header:
        ws.print_title_rows = "1:1"
    ws.print_area = f"A1:{get_column_letter(len(spec.columns))}{len(spec.rows) + 1}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    # Header and footer text sit in the margin: leave them room above and below the table.
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.center.text = setup.header_text
    ws.oddFooter.center.text = setup.footer_text


def render_sheet(ws: Worksheet, spec: SheetSpec) -> None:
    _header(ws, spec)
    _body(ws, spec)
    if spec.autofilter:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{len(spec.rows) + 1}"
    _choices(ws, spec)
    _print_setup(ws, spec)
