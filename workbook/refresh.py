"""Refresh a closed workbook: read it, plan the day, and write our sheets through the safe writer."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Collection, Iterator, Optional

from tierlogic.cadence import WorkCalendar
from tierlogic.daily import plan, week_plan
from tierlogic.model import Book
from tierlogic.settings import Settings
from tierlogic.workdays import ChinaWorkCalendar

from .marks import MARK_COLUMNS
from .owned import OWNED_SHEETS, DayInputs, sheet_specs
from .reader import Earlier
from .filereader import UnreadableWorkbook, read_for_refresh, read_workbook
from .report import CheckReport
from .safety import Refused, check_readable, check_refreshable, refreshing, safe_refresh
from .sheetxml import sheets_package
from .sheets import CHECK_SHEET, SheetSpec, week_start


@dataclass(frozen=True)
class Loaded:
    book: Book
    settings: Settings
    report: CheckReport
    calendar: Optional[WorkCalendar]
    earlier: Earlier = Earlier()  # filled for a refresh: the file's date system, our sheets as last written


@dataclass(frozen=True)
class Outcome:
    day: DayInputs
    written: tuple[str, ...]
    backup: Optional[Path]
    specs: tuple[SheetSpec, ...] = ()

    @property
    def report(self) -> CheckReport:
        return self.day.report


def load(path: Path, today: date, ours: Optional[Collection[str]] = None) -> Loaded:
    """Read the workbook; for a refresh (`ours` given) also its date system and our sheets of those names as
    they are. Refuse (Refused) anything that is not a workbook we can read (open in Excel is fine)."""
    check_readable(path)
    try:
        book, settings, report, earlier = (read_for_refresh(path, today, ours) if ours is not None
                                           else (*read_workbook(path, today), Earlier()))
    except UnreadableWorkbook as err:
        raise Refused("无法读取这个工作簿，文件可能已损坏", f"Cannot read this workbook; it may be damaged ({err}).") from err
    return Loaded(book, settings, report, ChinaWorkCalendar() if settings.move_to_working_day else None, earlier)


def compute(loaded: Loaded, today: date, greet_from: Optional[date] = None, greet_days: Optional[int] = None,
            monday: Optional[date] = None) -> DayInputs:
    day_plan = plan(loaded.book, today, loaded.settings, loaded.calendar, greet_from, greet_days)
    monday = monday or week_start(today)
    week_rows = week_plan(loaded.book, monday, day_plan, loaded.settings, loaded.calendar)
    if loaded.calendar is not None:
        for notice in loaded.calendar.notices():
            loaded.report.note(notice)
    _note_lapsed(sum(a.lapsed for a in day_plan.assessments.values()), loaded.settings, loaded.report)
    return DayInputs(day_plan, week_rows, monday, loaded.report, loaded.settings)


def _note_lapsed(lapsed: int, settings: Settings, report: CheckReport) -> None:
    if lapsed:
        report.note(f"{lapsed} 个成交跟进已过期超过 {settings.post_sale_expiry_days} 天，不再放进待办"
                    f" / {lapsed} post-sale steps lapsed more than {settings.post_sale_expiry_days} days ago; "
                    "not put in 待办")


@contextmanager
def batch_allocation() -> Iterator[None]:
    """Pause the cycle collector while a refresh builds hundreds of thousands of small objects.

    Our records hold no reference cycles, so reference counting frees them anyway; the collector
    would only rescan the growing heap again and again (a quarter of compute time at 10k customers).
    At the end they are frozen (moved out of the collector's sight) before it is switched back on:
    otherwise its first pass would walk every object the refresh made, all still in its youngest
    generation. Reference counting still frees frozen objects.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def refresh(path: Path, today: date, now: datetime, which: Collection[str] = OWNED_SHEETS,
            greet_from: Optional[date] = None, greet_days: Optional[int] = None,
            monday: Optional[date] = None) -> Outcome:
    """Write the sheets named in `which` (always with 检查报告) into the workbook at `path`.

    Our lock is held from before the file is read until the new one is in place, and the file is
    refused if anything else saved it in that time (see safety.refreshing).
    """
    path = Path(path)
    check_refreshable(path)  # refuse a file open in Excel before the slow part, not after
    names = tuple(name for name in OWNED_SHEETS if name in which or name == CHECK_SHEET)
    with refreshing(path) as read, batch_allocation():
        loaded = load(path, today, [name for name in names if name in MARK_COLUMNS])
        day = compute(loaded, today, greet_from, greet_days, monday)
        specs = sheet_specs(names, day, loaded.earlier.sheets)
        backup = safe_refresh(path, lambda: sheets_package(specs, loaded.earlier.date1904), OWNED_SHEETS, now=now,
                              read=read)
    return Outcome(day, names, backup, tuple(specs))
