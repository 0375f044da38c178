"""看板 as a sheet spec: the headline numbers and one small block per chart down columns A–D, the charts beside them.

Each block is a heading row (what the rows are, then each series' name) and its rows; a chart points at its
block's cells, so what the chart shows is what the seller can read and check.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Optional

from tierlogic.board import Board

from .charts import COLUMNS, LINE, STACKED, Chart
from .sheets import DAY_ROW, MONEY_ROW, PERCENT_ROW, WEEKDAYS, Column, PrintSetup, SheetSpec

BOARD_SHEET = "看板"
BOARD_COLUMNS = (Column("看板", 30), Column("数值", 12), Column("", 10), Column("", 10))
# Charts sit right of the blocks, two abreast, below the headline rows: each 8 columns by 17 rows.
_CHART_LEFT, _CHART_TOP, _CHART_WIDTH, _CHART_HEIGHT = 5, 9, 8, 17
_NOTHING = "（暂无）"


@dataclass(frozen=True)
class _Block:
    heading: tuple[Any, ...]
    rows: tuple[tuple[Any, ...], ...]
    style: Optional[str] = None
    row_styles: tuple[Optional[str], ...] = ()                       # one per row, when they differ
    chart: Optional[tuple[str, str, tuple[int, ...], bool]] = None   # title, kind, series columns, percent

    def padded(self) -> tuple[tuple[Any, ...], ...]:
        width = len(BOARD_COLUMNS)
        rows = self.rows or ((_NOTHING,) + (0,) * (len(self.heading) - 1),)  # a chart needs one row at least
        return tuple(tuple(r) + (None,) * (width - len(r)) for r in (self.heading, *rows))


def _day_label(day: date) -> str:
    return f"{day.month}/{day.day} 周{WEEKDAYS[day.weekday()]}"


def _tier_text(b: Board) -> str:
    return "，".join(f"{tier} 类 {n} 人" for tier, n in b.tier_counts)


def _blocks(b: Board) -> list[_Block]:
    headline_styles = tuple(PERCENT_ROW if h.share else MONEY_ROW if isinstance(h.value, float) else None
                            for h in b.headlines)
    pareto_rows = tuple((f"{p.customer_share:.0%}", p.profit_share, b.a_share, b.b_share) for p in b.pareto)
    return [
        _Block(("概览", "数值"), tuple((h.label, h.value) for h in b.headlines), row_styles=headline_styles),
        _Block(("客户级别", "人数"), b.grades, chart=("客户级别分布", COLUMNS, (1,), False)),
        _Block(("生命周期", "人数"), b.lifecycles, chart=("生命周期分布", COLUMNS, (1,), False)),
        _Block(("利润最高的客户占比", "累计利润占比", f"A 线 {b.a_share:.0%}", f"B 线 {b.b_share:.0%}"),
               pareto_rows, PERCENT_ROW, chart=(f"二八法则：{_tier_text(b)}", LINE, (1, 2, 3), True)),
        _Block(("价值分层", "人数"), b.tier_counts),
        _Block(("跟进进度", "人数", "预期金额"), tuple((s.progress, s.customers, s.expected_value) for s in b.pipeline),
               MONEY_ROW, chart=("加权预期金额（按进度 a/b/c/d）", COLUMNS, (2,), False)),
        _Block(("未来 14 天", "逾期", "到期"), tuple((_day_label(t.day), t.overdue, t.due) for t in b.tasks),
               chart=("未来 14 天每天的待办（逾期的算在今天）", STACKED, (1, 2), False)),
        _Block(("祝福场合", "人数"), b.greetings, chart=("接下来的祝福（按场合）", COLUMNS, (1,), False)),
    ]


def _chart_anchor(index: int) -> tuple[int, int, int, int]:
    left = _CHART_LEFT + (index % 2) * _CHART_WIDTH
    top = _CHART_TOP + (index // 2) * _CHART_HEIGHT
    return left, top, left + _CHART_WIDTH, top + _CHART_HEIGHT


def board_sheet(b: Board, today: date) -> SheetSpec:
    """The headline rows, then each block with a heading row; the charts anchored right of them."""
    rows: list[tuple] = []
    styles: list[Optional[str]] = []
    charts: list[Chart] = []
    for block in _blocks(b):
        heading, *body = block.padded()
        rows.append(heading)
        styles.append(DAY_ROW)
        heading_row = len(rows) + 1  # sheet rows: row 1 is the header, so the spec's row i is sheet row i + 2
        rows.extend(body)
        styles.extend(block.row_styles or [block.style] * len(body))
        if block.chart is not None:
            title, kind, columns, percent = block.chart
            charts.append(Chart(title, kind, heading_row, len(rows) + 1, columns, _chart_anchor(len(charts)), percent))
    title = f"看板  {today.isoformat()}"
    return SheetSpec(BOARD_SHEET, BOARD_COLUMNS, tuple(rows), tuple(styles), autofilter=False,
                     print_setup=PrintSetup(header_text=title), charts=tuple(charts))

