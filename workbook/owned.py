"""Every sheet tierbook owns, in one table: its name, what it shows and how it is built from a day's plan.

A new sheet is one entry here and its spec builder in workbook/sheets.py; the refresh, the CLI's
summary and --csv, the ribbon, the reader (which never reads our sheets as the seller's) and the
writer (which replaces only sheets it owns) all take the list from here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Callable, Collection, Mapping, Optional

from tierlogic.board import board
from tierlogic.daily import Plan
from tierlogic.due_list import DueRow
from tierlogic.overview import overview
from tierlogic.settings import Settings

from .board import BOARD_SHEET, board_sheet
from .marks import carry_marks
from .report import CheckReport
from .sheets import (CHECK_SHEET, DUE_SHEET, GREETINGS_SHEET, TIERING_SHEET, WEEKLY_SHEET, SheetSpec, check_sheet,
                     due_sheet, greetings_sheet, tiering_sheet, weekly_sheet)

if TYPE_CHECKING:  # the reader takes OWNED_SHEETS from here
    from .reader import Rows


@dataclass(frozen=True)
class DayInputs:
    """What one refresh computed, from which every sheet of ours is built."""

    plan: Plan
    week_rows: tuple[DueRow, ...]
    monday: date
    report: CheckReport
    settings: Settings


@dataclass(frozen=True)
class OwnedSheet:
    name: str
    about: str                                # what it shows, Chinese / English, for --help and the ribbon
    build: Callable[[DayInputs], SheetSpec]
    count: Callable[[DayInputs, SheetSpec], int]  # what a seller would count, for the summary line …
    unit: str = "行"                          # … in these units


# In the order they are added to a workbook; 检查报告 last, since every refresh writes it.
OWNED: tuple[OwnedSheet, ...] = (
    OwnedSheet(DUE_SHEET, "今天和未来几天要联系谁、为什么、做什么 / whom to contact, why and what to do",
               lambda d: due_sheet(d.plan.due_rows), lambda d, spec: len(d.plan.due_rows)),
    OwnedSheet(GREETINGS_SHEET, "节日、生日和首单纪念日的祝福，附祝福语 / greetings with their texts",
               lambda d: greetings_sheet(d.plan.greetings), lambda d, spec: len(d.plan.greetings)),
    OwnedSheet(WEEKLY_SHEET, "周一到周日的跟进清单，可打印 / the printable weekly sheet",
               lambda d: weekly_sheet(d.week_rows, d.monday, d.plan.today), lambda d, spec: len(d.week_rows)),
    OwnedSheet(TIERING_SHEET, "每位客户的级别、原因和下次跟进 / every customer's tier, why, and what comes next",
               lambda d: tiering_sheet(overview(d.plan.assessments, d.plan.today, d.settings)),
               lambda d, spec: len(d.plan.assessments)),
    OwnedSheet(BOARD_SHEET, "按级别、生命周期、利润、进度、待办和祝福画的图表 / the shop at a glance, in charts",
               lambda d: board_sheet(board(d.plan, d.settings), d.plan.today),
               lambda d, spec: len(spec.charts), "张图表"),
    OwnedSheet(CHECK_SHEET, "看不懂的值和读取说明 / values that could not be read, and what was read",
               lambda d: check_sheet(d.report), lambda d, spec: len(d.report.problems)),
)
OWNED_SHEETS: tuple[str, ...] = tuple(sheet.name for sheet in OWNED)


def owned_sheet(name: str) -> OwnedSheet:
    return next(sheet for sheet in OWNED if sheet.name == name)


def sheet_specs(which: Collection[str], inputs: DayInputs,
                earlier: Optional[Mapping[str, Rows]] = None) -> list[SheetSpec]:
    """The specs of the sheets named in `which`, in the registry's order, each with the seller's marks carried
    from its `earlier` cells. 检查报告 is built last, so it can say what was carried and what was dropped."""
    earlier = earlier or {}
    return [carry_marks(sheet.build(inputs), earlier.get(sheet.name), inputs.report)
            for sheet in OWNED if sheet.name in which]
