"""The sheets tierbook owns (待办, 祝福名单, 本周跟进表, 客户分层, 检查报告) as plain specs any engine can render.

A spec is data: columns, rows, a style name per row and the print setup. A refresh writes it
as SpreadsheetML (workbook/sheetxml.py), the templates with openpyxl (workbook/render.py), the
ribbon with xlwings (macros/); all three take their looks from `body_look` and `HEADER_LOOK`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Optional, Sequence

from tierlogic.assess import Assessment
from tierlogic.due_list import OVERDUE, DueRow
from tierlogic.festivals import BUILT_IN_FESTIVALS
from tierlogic.greetings import DEFAULT_TEMPLATES
from tierlogic.overview import OverviewRow
from tierlogic.value_tier import LOSS_FLAG
from tierlogic.settings import Settings, settings_table, with_values

from .charts import Chart, chart_extent
from .report import CheckReport
from .textfit import column_pixels, lines_in_room, one_line_length, row_points

DUE_SHEET, GREETINGS_SHEET, WEEKLY_SHEET, CHECK_SHEET, SETTINGS_SHEET = "待办", "祝福名单", "本周跟进表", "检查报告", "设置"
TIERING_SHEET = "客户分层"

DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0%"
MONEY_FORMAT = "#,##0.00"
YUAN_FORMAT = "#,##0"  # red packets are whole yuan
WEEKDAYS = "一二三四五六日"
TICK = "☐"
PROGRESS_TO_CIRCLE = "a   b   c   d"

# Row styles a renderer knows: plain rows have None.
OVERDUE_ROW, DAY_ROW, EMPTY_DAY_ROW = "overdue", "day", "empty_day"
# Rows whose numbers all read one way, whatever their column's format (看板's blocks share columns).
PERCENT_ROW, MONEY_ROW = "percent", "money"
ROW_FORMATS = {PERCENT_ROW: PERCENT_FORMAT, MONEY_ROW: YUAN_FORMAT}

# The colours (RGB hex) every engine paints our sheets with.
HEADER_FILL, HEADER_TEXT, GRID_COLOR = "4F6D7A", "FFFFFF", "B0B0B0"
OVERDUE_FILL, DAY_FILL, EMPTY_DAY_TEXT = "FDE2E1", "E8EEF1", "808080"


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    number_format: Optional[str] = None
    wrap: bool = True  # text is never cut off: a long value wraps and its row grows (fitted_heights)


@dataclass(frozen=True)
class PrintSetup:
    landscape: bool = True
    paper: str = "A4"
    fit_to_width: bool = True
    repeat_header: bool = True
    header_text: str = ""
    footer_text: str = "第 &P 页，共 &N 页"


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    row_styles: tuple[Optional[str], ...]
    autofilter: bool = True
    choices: tuple[tuple[int, tuple[str, ...]], ...] = ()  # (column index, dropdown options)
    print_setup: Optional[PrintSetup] = None
    merge_day_rows: bool = False                          # a DAY_ROW spans every column
    row_heights: tuple[Optional[float], ...] = ()         # points per row; empty or None: the default
    charts: tuple[Chart, ...] = ()                        # native charts drawn from the sheet's own cells

    def __post_init__(self):
        assert len(self.rows) == len(self.row_styles), "one style per row"
        assert not self.row_heights or len(self.row_heights) == len(self.rows), "one height per row"

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    @property
    def print_extent(self) -> tuple[int, int]:
        """The last column and row (1-based) to print: the table, and the charts beside it when it has any."""
        columns, rows = chart_extent(self.charts)
        return max(len(self.columns), columns), max(len(self.rows) + 1, rows)


@dataclass(frozen=True)
class Look:
    """How one cell looks, whatever engine draws it: every cell of ours has the thin grid border."""
    fill: Optional[str] = None
    text_color: Optional[str] = None
    bold: bool = False
    horizontal: Optional[str] = None
    vertical: str = "top"
    wrap: bool = False
    number_format: Optional[str] = None


HEADER_LOOK = Look(fill=HEADER_FILL, text_color=HEADER_TEXT, bold=True, horizontal="center", vertical="center",
                   wrap=True)


def body_look(column: Column, row_style: Optional[str]) -> Look:
    """A body cell of `column` on a row of `row_style`: day headings are text, so they drop the number format."""
    if row_style in (DAY_ROW, EMPTY_DAY_ROW):
        text = EMPTY_DAY_TEXT if row_style == EMPTY_DAY_ROW else None
        return Look(fill=DAY_FILL, text_color=text, bold=True, wrap=column.wrap)
    fill = OVERDUE_FILL if row_style == OVERDUE_ROW else None
    return Look(fill=fill, wrap=column.wrap, number_format=ROW_FORMATS.get(row_style, column.number_format))


DUE_COLUMNS = (
    Column("到期日", 11, DATE_FORMAT), Column("逾期天数", 9), Column("分组", 6), Column("客户", 12),
    Column("手机", 13), Column("微信", 12), Column("级别", 6), Column("价值分层", 9), Column("评分", 6),
    Column("生命周期", 11),
    Column("进度", 6), Column("成交概率", 9, PERCENT_FORMAT), Column("原因", 48),
    Column("建议动作", 34), Column("上次联系", 11, DATE_FORMAT),
    # Seed 001's classes answer another question than the grade, so they sit beside it, after the columns
    # sellers already had (marks are carried by header name, and nothing moves).
    Column("消费行为", 9), Column("价值分类", 9),
)


# Several reasons or actions in one cell: one per line, so none is split at a line's end.
ITEM_BREAK = "\n"


def reasons_text(row: DueRow) -> str:
    return ITEM_BREAK.join(str(w) for w in row.reasons)


def reasons_brief(row: DueRow) -> str:
    """Rule names without their values: what fits a printed line."""
    return ITEM_BREAK.join(dict.fromkeys(w.rule for w in row.reasons))


def actions_text(row: DueRow) -> str:
    return ITEM_BREAK.join(row.actions)


def fitted_heights(rows: Sequence[tuple], columns: Sequence[Column], min_lines: int = 1) -> tuple[Optional[float], ...]:
    """Each row tall enough for its longest text, so no cell is cut off on screen or paper.

    A row of one line keeps the default height (None), so the program sizes it for its own font.
    """
    # Per wrapped column: its room in pixels, and how many characters fit one line even if all are the widest
    # (most cells: not measured).
    measures = [(column_pixels(c.width), one_line_length(c.width)) if c.wrap else None for c in columns]
    heights = []
    for values in rows:
        lines = min_lines
        for value, measure in zip(values, measures):
            if measure is not None and value.__class__ is str:
                room, short = measure
                if len(value) > short or "\n" in value:
                    lines = max(lines, lines_in_room(value, room))
        heights.append(row_points(lines) if lines > 1 else None)
    return tuple(heights)


def listing_print_setup(title: str) -> PrintSetup:
    """A list to print: A4 landscape, one page wide, the header row on every page, page x of y."""
    return PrintSetup(header_text=title)


def due_sheet(rows: Sequence[DueRow]) -> SheetSpec:
    body = tuple(
        (r.due, r.days_overdue or None, r.section, r.name, r.phone, r.wechat, r.grade, r.value_tier, r.score,
         r.lifecycle,
         r.progress, r.probability, reasons_text(r), actions_text(r), r.last_contact, r.behaviour, r.value_class)
        for r in rows
    )
    styles = tuple(OVERDUE_ROW if r.section == OVERDUE else None for r in rows)
    return SheetSpec(DUE_SHEET, DUE_COLUMNS, body, styles, print_setup=listing_print_setup(DUE_SHEET),
                     row_heights=fitted_heights(body, DUE_COLUMNS))


GREETING_COLUMNS = (
    Column("日期", 11, DATE_FORMAT), Column("场合", 12), Column("客户", 12), Column("级别", 6), Column("价值分层", 9),
    Column("渠道", 10), Column("红包建议", 9, YUAN_FORMAT), Column("祝福语", 60), Column("已发", 6),
)
SENT_CHOICES = ("√", "")


def greetings_sheet(rows: Sequence[Any]) -> SheetSpec:
    """`rows` are tierlogic.greetings.GreetingRow values."""
    body = tuple(
        (g.date, "、".join(g.occasions), g.name, g.grade, g.value_tier, g.channel, g.red_packet, g.text, None)
        for g in rows
    )
    return SheetSpec(GREETINGS_SHEET, GREETING_COLUMNS, body, (None,) * len(body),
                     choices=((len(GREETING_COLUMNS) - 1, SENT_CHOICES),),
                     print_setup=listing_print_setup(GREETINGS_SHEET), row_heights=fitted_heights(body, GREETING_COLUMNS))


WEEKLY_COLUMNS = (
    Column(TICK, 4), Column("客户", 12), Column("级别", 6), Column("联系方式", 13), Column("为什么联系", 46),
    Column("建议动作", 32), Column("新进度（圈选）", 16), Column("备注", 34),
)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_sheet(rows: Sequence[DueRow], monday: date, today: date) -> SheetSpec:
    """Monday → Sunday, one heading row per day, then that day's tasks; overdue work sits on today."""
    by_day: dict[date, list[DueRow]] = {monday + timedelta(days=i): [] for i in range(7)}
    for r in rows:
        day = max(r.due, today, monday)
        if day in by_day:
            by_day[day].append(r)
    body: list[tuple] = []
    styles: list[Optional[str]] = []
    for day, tasks in by_day.items():
        heading = f"周{WEEKDAYS[day.weekday()]}  {day.month}月{day.day}日" + ("" if tasks else "  （无待办）")
        body.append((heading,) + (None,) * (len(WEEKLY_COLUMNS) - 1))
        styles.append(DAY_ROW if tasks else EMPTY_DAY_ROW)
        for r in tasks:
            overdue = f"【逾期{r.days_overdue}天】" if r.days_overdue else ""
            body.append((TICK, r.name, r.grade, r.phone or r.wechat, overdue + reasons_brief(r), actions_text(r),
                         PROGRESS_TO_CIRCLE, None))
            styles.append(None)
    sunday = monday + timedelta(days=6)
    title = f"本周跟进表  {monday.isoformat()} 至 {sunday.isoformat()}"
    # Task rows get two lines at least: room to write a note and circle the new progress.
    heights = tuple(None if style in (DAY_ROW, EMPTY_DAY_ROW) else height
                    for height, style in zip(fitted_heights(body, WEEKLY_COLUMNS, min_lines=2), styles))
    return SheetSpec(WEEKLY_SHEET, WEEKLY_COLUMNS, tuple(body), tuple(styles), autofilter=False,
                     print_setup=PrintSetup(header_text=title), merge_day_rows=True, row_heights=heights)


TIERING_COLUMNS = (
    Column("客户", 12), Column("手机", 13), Column("微信", 12), Column("级别", 6), Column("原因", 36),
    Column("生命周期", 11), Column("价值分层", 9), Column("评分", 6), Column("进度", 6),
    Column("成交概率", 9, PERCENT_FORMAT), Column("预期金额", 10, MONEY_FORMAT), Column("购买次数", 9),
    Column("累计金额", 10, MONEY_FORMAT), Column("利润", 10, MONEY_FORMAT), Column("首次购买", 11, DATE_FORMAT),
    Column("最近购买", 11, DATE_FORMAT), Column("上次联系", 11, DATE_FORMAT), Column("下次跟进", 11, DATE_FORMAT),
    Column("跟进依据", 30), Column("下个节日/生日", 14, DATE_FORMAT), Column("场合", 10),
    Column("消费行为", 9), Column("价值分类", 9), Column("维护措施", 36),
)


def _tier_text(tier: str, loss: bool) -> str:
    return f"{tier} {LOSS_FLAG}" if loss else tier


def maintenance_text(a: Assessment) -> str:
    """What seed 001's 客户层级维护方案 says to do for the customer's two classes, in one line (a CSV row stays one line)."""
    return "；".join(dict.fromkeys(f"{c.code}：{c.action}" for c in (a.behaviour, a.value_class)))


def tiering_sheet(rows: Sequence[OverviewRow]) -> SheetSpec:
    """Every customer read, one row each, with the rule behind the grade and the next dates (SPEC 客户分层)."""
    body = []
    for row in rows:
        a, c, occasion = row.assessment, row.customer, row.next_occasion
        f = a.facts
        body.append((c.name, c.phone, c.wechat, a.grade.grade, str(a.grade.why), a.lifecycle.stage,
                     _tier_text(a.tier.tier, a.tier.loss), a.score, a.progress.level, a.progress.probability,
                     a.progress.expected_value, f.purchase_count, f.total_amount, f.profit, f.first_purchase,
                     f.last_purchase, f.last_contact, a.next_due.due, str(a.next_due.why),
                     occasion and occasion.date, occasion and str(occasion), a.behaviour.code, a.value_class.code,
                     maintenance_text(a)))
    body = tuple(body)
    return SheetSpec(TIERING_SHEET, TIERING_COLUMNS, body, (None,) * len(body),
                     print_setup=listing_print_setup(TIERING_SHEET), row_heights=fitted_heights(body, TIERING_COLUMNS))


NO_PROBLEMS = "没有发现问题 / no problems found"
CHECK_COLUMNS = (Column("表", 12), Column("行", 6), Column("列", 14), Column("值", 40), Column("应为", 40))


def check_sheet(report: CheckReport) -> SheetSpec:
    """What was read and the reader's other notices first (SPEC: 检查报告 opens with what was read), in the 值
    column, then the problems (sheet, row, column, value, expected), or a line saying there are none."""
    body = [("说明", None, None, text, None) for text in report.notices]
    body += [p.cells() for p in report.problems] or [("说明", None, None, NO_PROBLEMS, None)]
    return SheetSpec(CHECK_SHEET, CHECK_COLUMNS, tuple(body), (None,) * len(body),
                     print_setup=listing_print_setup(CHECK_SHEET), row_heights=fitted_heights(body, CHECK_COLUMNS))


SETTINGS_COLUMNS = (Column("设置项", 30), Column("说明", 50), Column("值", 40))


def with_festival_rows(settings: Settings) -> Settings:
    """Every built-in festival's switch and greeting template spelled out, so the seller sees what to edit."""
    shown = {f"festival_switch.{f.name}": settings.festival_switch.get(f.name, True) for f in BUILT_IN_FESTIVALS}
    shown |= {f"greeting_templates.{name}": settings.greeting_templates.get(name, text)
              for name, text in DEFAULT_TEMPLATES.items()}
    return with_values(settings, shown)


def settings_sheet(settings: Settings) -> SheetSpec:
    body = tuple((key, label, value) for key, label, value in settings_table(with_festival_rows(settings)))
    return SheetSpec(SETTINGS_SHEET, SETTINGS_COLUMNS, body, (None,) * len(body), autofilter=False,
                     row_heights=fitted_heights(body, SETTINGS_COLUMNS))
