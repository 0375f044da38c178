"""The `tierbook` command line: the same work as the Excel ribbon, on a closed workbook."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Callable, Sequence

from rich.console import Console
from rich.table import Table

from tierlogic.assess import assess_book, pipeline
from tierlogic.due_list import DueRow, due_list
from tierlogic.settings import Settings

from . import __version__
from .demo_data import demo_book

EXIT_OK, EXIT_PROBLEMS, EXIT_REFUSED = 0, 1, 2


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 2026-11-23 (expected YYYY-MM-DD): {text!r}") from None


def due_table(rows: Sequence[DueRow], title: str) -> Table:
    table = Table(title=title, show_lines=False)
    for header in ("到期", "逾期天数", "客户", "级别", "价值", "阶段", "进度", "原因", "建议"):
        table.add_column(header, overflow="fold")
    for r in rows:
        table.add_row(r.due.isoformat(), str(r.days_overdue or ""), r.name, r.grade, r.value_tier, r.lifecycle,
                      f"{r.progress} {r.probability:.0%}", "；".join(map(str, r.reasons)), "；".join(r.actions))
    return table


def cmd_demo(args: argparse.Namespace, console: Console) -> int:
    book = demo_book(args.today, customers=args.customers)
    settings = Settings()
    assessments = assess_book(book, args.today, settings)
    rows = due_list(assessments, args.today, settings)
    shown = rows[: args.limit]
    console.print(due_table(shown, f"待办 {args.today.isoformat()}（示例店铺 {len(book.customers)} 位客户）"))
    console.print(f"共 {len(rows)} 行待办，显示前 {len(shown)} 行；加权商机 ¥{pipeline(assessments):,.0f}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tierbook", description="客户分层助手 — tierbook: grades, follow-ups and greetings for a seller's customer workbook.")
    parser.add_argument("--version", action="version", version=f"tierbook {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="示例店铺的待办 / the due list of a built-in sample shop")
    demo.add_argument("--today", type=_day, default=date.today(), help="按这一天计算 (default: today)")
    demo.add_argument("--customers", type=int, default=40, help="示例客户数 (default: 40)")
    demo.add_argument("--limit", type=int, default=25, help="最多显示几行 (default: 25)")
    demo.set_defaults(run=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace, Console], int] = args.run
    return run(args, Console())


if __name__ == "__main__":
    sys.exit(main())
