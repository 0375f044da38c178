"""The 客户分层 ribbon's buttons: RunPython targets that read the calling workbook, plan with tierlogic and rewrite our sheets.

Every button reaches Python through one VBA callback, `OnAction(control)`, which runs
`dispatch(control.Tag)`. The work is the CLI's (workbook.refresh.compute and workbook.owned.sheet_specs)
fed by cells read through xlwings instead of python-calamine; Excel saves the file.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Callable, Collection, Optional

import xlwings as xw

from tierlogic.workdays import ChinaWorkCalendar
from workbook.ics import DEFAULT_DAYS, calendar_path, write_calendar
from workbook.owned import OWNED_SHEETS, sheet_specs
from workbook.reader import Earlier, book_from_rows
from workbook.refresh import Loaded, compute
from workbook.safety import Refused
from workbook.sheets import CHECK_SHEET, DUE_SHEET, GREETINGS_SHEET, WEEKLY_SHEET, check_sheet

from .excel_errors import marked
from .xlwings_render import NotOurSheet, check_owned, render_sheet


def sheet_rows(sheet) -> list[list]:
    """Every cell from A1 to the last used cell (so list indices are Excel positions), dates as datetimes."""
    last = sheet.used_range.last_cell
    cells = sheet.range((1, 1), (last.row, last.column))
    values = cells.options(ndim=2, err_to_str=True).value
    # Error cells come as text (#N/A …) or, the newer ones, as COM codes that would read as numbers; marked as
    # errors, the reader reports them in every column, as it does for the closed file.
    return [[marked(v) for v in row] for row in values]


def load_book(book, today: date) -> Loaded:
    """The open workbook read exactly as the CLI reads a closed one (workbook.reader.book_from_rows), with our
    sheets as they are, for the marks the seller wrote on them (Excel converts dates itself: no date system)."""
    rows = {sheet.name: sheet_rows(sheet) for sheet in book.sheets}
    parsed, settings, report = book_from_rows(rows, today)
    earlier = Earlier(sheets={name: rows[name] for name in OWNED_SHEETS if name in rows})
    return Loaded(parsed, settings, report, ChinaWorkCalendar() if settings.move_to_working_day else None, earlier)


def _status(book, text: str) -> None:
    try:
        book.app.status_bar = text
    except NotImplementedError:  # Office.js (xlwings Lite) has no status bar; Lite shows what is printed
        print(text)


def write_sheets(which: Collection[str], book=None, today: Optional[date] = None) -> dict[str, tuple[str, ...]]:
    """Recompute and rewrite the named sheets plus 检查报告; returns each sheet's skipped optional features."""
    book = book or xw.Book.caller()
    today = today or date.today()
    names = tuple(name for name in OWNED_SHEETS if name in which or name == CHECK_SHEET)
    check_owned(book, names)
    loaded = load_book(book, today)
    day = compute(loaded, today)
    written = {spec.name: render_sheet(book, spec) for spec in sheet_specs(names, day, loaded.earlier.sheets)}
    # What this Excel could not do is said, not hidden: 看板 without 图表 still has its numbers.
    missed = "".join(f"；{name}未能设置{'、'.join(features)}" for name, features in written.items() if features)
    _status(book, f"客户分层：已更新 {'、'.join(written)}；待办 {len(day.plan.due_rows)} 行，"
                  f"数据问题 {len(loaded.report.problems)} 处{missed}")
    return written


def refresh_due_list(book=None, today: Optional[date] = None) -> dict[str, tuple[str, ...]]:
    """刷新待办."""
    return write_sheets((DUE_SHEET,), book, today)


def greeting_list(book=None, today: Optional[date] = None) -> dict[str, tuple[str, ...]]:
    """祝福名单 (from today for the 设置 greeting_days)."""
    return write_sheets((GREETINGS_SHEET,), book, today)


def weekly_sheet(book=None, today: Optional[date] = None) -> dict[str, tuple[str, ...]]:
    """本周跟进表 (this week, Monday to Sunday)."""
    return write_sheets((WEEKLY_SHEET,), book, today)


def regrade(book=None, today: Optional[date] = None) -> dict[str, tuple[str, ...]]:
    """重新分级: grades show in every sheet we own, and we own no column of the seller's, so all of them are rewritten."""
    return write_sheets(OWNED_SHEETS, book, today)


def check_data(book=None, today: Optional[date] = None) -> dict[str, tuple[str, ...]]:
    """检查数据: only 检查报告, like `tierbook check` (nothing is planned)."""
    book = book or xw.Book.caller()
    report = load_book(book, today or date.today()).report
    skipped = render_sheet(book, check_sheet(report))
    _status(book, f"客户分层：检查完毕，数据问题 {len(report.problems)} 处，见「{CHECK_SHEET}」")
    return {CHECK_SHEET: skipped}


def export_reminders(book=None, today: Optional[date] = None) -> dict[str, tuple[str, ...]]:
    """导出提醒: the phone calendar `tierbook calendar` writes, from the open workbook's cells, beside its file.
    No sheet changes."""
    book, today = book or xw.Book.caller(), today or date.today()
    workbook = Path(book.fullname)
    if not workbook.is_file():  # never saved, or saved online (OneDrive gives a URL): there is no folder to write to
        _say(book, "请先把工作簿保存到这台电脑上，提醒文件会写在它旁边",
             "Save the workbook on this computer first; the reminders file is written beside it.")
        return {}
    target = calendar_path(workbook)
    loaded = load_book(book, today)
    try:
        events = write_calendar(loaded, today, DEFAULT_DAYS, datetime.now(), target)
    except Refused as err:
        _say(book, err.zh, err.en)
        return {}
    _status(book, f"客户分层：已导出 {len(events)} 条提醒到 {target}，在手机上打开即可导入；"
                  f"数据问题 {len(loaded.report.problems)} 处")
    return {target.name: ()}


BUTTONS: dict[str, Callable[..., dict[str, tuple[str, ...]]]] = {
    "refresh_due_list": refresh_due_list,
    "greeting_list": greeting_list,
    "weekly_sheet": weekly_sheet,
    "export_reminders": export_reminders,
    "regrade": regrade,
    "check_data": check_data,
}


def dispatch(tag: str, book=None, today: Optional[date] = None) -> dict[str, tuple[str, ...]]:
    """Run the button whose customUI tag is `tag` (the one VBA callback passes control.Tag)."""
    if tag not in BUTTONS:
        raise ValueError(f"没有这个按钮：{tag!r} / unknown ribbon tag {tag!r}; known: {', '.join(BUTTONS)}")
    book = book or xw.Book.caller()
    try:
        return BUTTONS[tag](book, today)
    except NotOurSheet as err:  # the seller's own sheet: say so plainly, no traceback box
        _say(book, err.zh, err.en)
        return {}
    except Exception as err:  # a protected sheet, a COM failure …: a message, not a traceback box
        _say(book, f"出错了，本次刷新没有完成（{err}）；我们的表可能只写了一半，排除原因后再按一次按钮即可整张重写",
             f"Something went wrong and the refresh did not finish ({err}); our sheets may be half written: "
             "fix the cause and press the button again, which rewrites them whole.")
        return {}


def _say(book, zh: str, en: str) -> None:
    _status(book, zh)
    book.app.alert(f"{zh}\n{en}", title="客户分层")
