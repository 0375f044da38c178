"""The `tierbook` command line: the same work as the Excel ribbon, on a closed workbook."""
from __future__ import annotations

import argparse
import shutil
import sys
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable, Iterator, Sequence

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from tierlogic.due_list import DueRow
from tierlogic.lunar import LunarRangeError
from tierlogic.settings import Settings
from workbook.csv_export import write_csv
from workbook.ics import DEFAULT_DAYS, calendar_path, write_calendar
from workbook.pdf import PdfUnavailable, sheet_pdf
from workbook.refresh import Outcome, load, refresh
from workbook.report import CheckReport
from workbook.safety import Refused
from workbook.sheets import CHECK_SHEET, DUE_SHEET, GREETINGS_SHEET, OWNED_SHEETS, WEEKLY_SHEET, week_start, weekly_sheet

from macros.config import conf_location, default_interpreter, xlwings_conf_lines

from . import __version__
from .demo_data import demo_book

EXIT_OK, EXIT_PROBLEMS, EXIT_REFUSED = 0, 1, 2
DEMO_FILE = "示例店铺.xlsx"


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 2026-11-23 (expected YYYY-MM-DD): {text!r}") from None


def _at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number no smaller than `minimum`."""
    def whole_number(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            number = minimum - 1
        if number < minimum:
            raise argparse.ArgumentTypeError(f"应为不小于 {minimum} 的整数 (expected a whole number ≥ {minimum}): {text!r}")
        return number
    return whole_number


def _week(text: str) -> date:
    """2026-W48 → the Monday of ISO week 48 of 2026."""
    try:
        year, week = text.upper().split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"周的格式应为 2026-W48 (expected YYYY-Www): {text!r}") from None


@contextmanager
def working(console: Console, what: str) -> Iterator[None]:
    """A spinner with elapsed time while a step runs; silent when output is not a terminal."""
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        progress.add_task(what, total=None)
        yield


def due_table(rows: Sequence[DueRow], title: str) -> Table:
    table = Table(title=title)
    for header in ("到期日", "逾期天数", "客户", "级别", "价值分层", "生命周期", "进度", "原因", "建议动作"):
        table.add_column(header, overflow="fold")
    for r in rows:
        table.add_row(r.due.isoformat(), str(r.days_overdue or ""), r.name, r.grade, r.value_tier, r.lifecycle,
                      f"{r.progress} {r.probability:.0%}", "；".join(map(str, r.reasons)), "；".join(r.actions))
    return table


def print_report(report: CheckReport, console: Console, limit: int, where_the_rest_are: tuple[str, str]) -> None:
    for p in report.problems[:limit]:
        sheet, row, where, value, expected = p.cells()
        place = f"{sheet} 第{row}行 {where}" if row is not None else f"{sheet} {where}"
        console.print(f"[yellow]{place}[/]: {value!r} → {expected}")
    if len(report.problems) > limit:
        zh, en = where_the_rest_are
        console.print(f"… 另有 {len(report.problems) - limit} 处问题，{zh} / {len(report.problems)} problems in all, {en}")
    for notice in report.notices:
        console.print(f"[cyan]说明[/]: {notice}")


def _summary(outcome: Outcome, path: Path, console: Console) -> int:
    p = outcome.plan
    console.print(f"已更新 {path}：{'、'.join(outcome.written)}（备份 {outcome.backup.name}）" if outcome.backup
                  else f"已更新 {path}")
    counts = {DUE_SHEET: len(p.due_rows), GREETINGS_SHEET: len(p.greetings), WEEKLY_SHEET: len(outcome.week_rows)}
    written = [f"{name} {counts[name]} 行" for name in outcome.written if name in counts]
    console.print("，".join(written + [f"数据问题 {len(outcome.report.problems)} 处"]))
    print_report(outcome.report, console, 5, (f"见「{CHECK_SHEET}」表", f"see the {CHECK_SHEET} sheet"))
    return EXIT_PROBLEMS if outcome.report.problems else EXIT_OK


def cmd_init(args, console: Console) -> int:
    target: Path = args.path
    if target.exists():
        raise Refused(f"{target} 已存在，不会覆盖", f"{target} already exists; tierbook init never overwrites a file.")
    target.parent.mkdir(parents=True, exist_ok=True)
    logs = target.with_name(f"{target.stem}-追踪志.xlsx")
    if args.logs and logs.exists():
        raise Refused(f"{logs} 已存在，不会覆盖", f"{logs} already exists; tierbook init never overwrites a file.")
    from templates.build import CUSTOMER_TEMPLATE, tracking_workbook  # openpyxl: only init and demo need it

    shutil.copyfile(CUSTOMER_TEMPLATE, target)
    console.print(f"已创建 {target}（客户/订单/跟进记录/产品/设置，附示例行）")
    if args.logs:
        tracking_workbook(first_day=week_start(args.today)).save(logs)
        console.print(f"已创建 {logs}（日志/周志/半月志/月志/年志，从 {week_start(args.today).isoformat()} 这周开始）")
    return EXIT_OK


def cmd_demo(args, console: Console) -> int:
    folder: Path = args.dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DEMO_FILE
    from templates.build import customer_workbook  # openpyxl: only init and demo need it

    with working(console, f"生成示例店铺（{args.customers} 位客户）…"):
        customer_workbook(demo_book(args.today, customers=args.customers), Settings()).save(path)
    with working(console, "刷新待办、祝福名单、本周跟进表…"):
        outcome = refresh(path, args.today, args.now)
    console.print(due_table(outcome.plan.due_rows[: args.limit], f"待办 {args.today.isoformat()}（前 {args.limit} 行）"))
    _summary(outcome, path, console)
    return EXIT_OK


def cmd_check(args, console: Console) -> int:
    with working(console, "检查数据…"):
        loaded = load(args.path, args.today)
    console.print(f"客户 {len(loaded.book.customers)} 位，订单 {len(loaded.book.orders)} 笔，跟进记录 {len(loaded.book.contacts)} 条")
    print_report(loaded.report, console, args.limit, ("用 --limit 显示更多", "use --limit to show more"))
    if not loaded.report.problems:
        console.print("没有发现数据问题 / no data problems found")
    return EXIT_PROBLEMS if loaded.report.problems else EXIT_OK


def cmd_refresh(args, console: Console) -> int:
    if args.csv:
        _make_csv_folder(args.csv)  # before the workbook is touched, so a bad --csv is a plain refusal
    with working(console, "刷新…"):
        outcome = refresh(args.path, args.today, args.now)
    code = _summary(outcome, args.path, console)
    if args.csv:
        code = max(code, _export_csv(outcome, args.path, args.csv, console))
    return code


def _make_csv_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:  # FileExistsError too: a file already has that name
        raise Refused(f"无法创建 CSV 文件夹 {folder}（{err.strerror or err}），工作簿没有改动",
                      f"The CSV folder {folder} cannot be made ({err}); the workbook was not touched.") from err


def _export_csv(outcome: Outcome, path: Path, folder: Path, console: Console) -> int:
    try:
        for spec in outcome.specs:
            console.print(f"CSV：{write_csv(spec, folder / f'{path.stem}-{spec.name}.csv')}")
    except OSError as err:
        console.print(f"[red]工作簿已更新，但 CSV 没能写完 / the workbook was refreshed, but the CSV files "
                      f"could not all be written[/]: {folder}（{err.strerror or err}）")
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_greetings(args, console: Console) -> int:
    with working(console, "生成祝福名单…"):
        outcome = refresh(args.path, args.today, args.now, which=(GREETINGS_SHEET,),
                          greet_from=args.start or args.today, greet_days=args.days)
    return _summary(outcome, args.path, console)


def cmd_weekly(args, console: Console) -> int:
    with working(console, "生成本周跟进表…"):
        outcome = refresh(args.path, args.today, args.now, which=(WEEKLY_SHEET,), monday=args.week)
    code = _summary(outcome, args.path, console)
    if args.pdf:
        pdf = args.path.with_name(f"{args.path.stem}-本周跟进表-{outcome.monday.isoformat()}.pdf")
        try:
            with working(console, "用 LibreOffice 打印 PDF…"):
                sheet_pdf(weekly_sheet(outcome.week_rows, outcome.monday, args.today), pdf)
        except PdfUnavailable as err:
            console.print(f"[red]{err}[/]")
            return max(code, EXIT_PROBLEMS)
        console.print(f"PDF：{pdf}")
    return code


def cmd_calendar(args, console: Console) -> int:
    target: Path = args.out or calendar_path(args.path)
    if target.suffix.lower() != ".ics":  # never written over the workbook or another file of the seller's
        raise Refused(f"--out 应是 .ics 文件：{target}", f"--out must name an .ics file: {target}")
    with working(console, "导出提醒…"):
        loaded = load(args.path, args.today)
        events = write_calendar(loaded, args.today, args.days, args.now, target)
    last = args.today + timedelta(days=args.days)
    console.print(f"已写入 {target}：{len(events)} 条提醒（{args.today.isoformat()} 至 {last.isoformat()}），"
                  f"在手机上打开即可导入 / {len(events)} reminders written; open the file on your phone to import them")
    print_report(loaded.report, console, 5, ("用 tierbook check 查看全部", "run tierbook check to see them all"))
    return EXIT_PROBLEMS if loaded.report.problems else EXIT_OK


def cmd_xlwings_config(args, console: Console) -> int:
    platform = {"win": "win32", "mac": "darwin"}.get(args.platform, sys.platform)
    if args.interpreter is None and not sys.platform.startswith(platform):  # this Python is no use over there
        raise Refused("为另一种系统生成设置时，请用 --interpreter 给出那台电脑上 Python 的路径",
                      "For another system, pass --interpreter with the path of Python on that computer.")
    try:
        lines = xlwings_conf_lines(args.interpreter or default_interpreter(platform), platform)
    except ValueError as err:
        raise Refused(str(err), "Pass --platform win or mac, and an interpreter path without quotes.") from err
    where = conf_location(platform)
    console.print(f"把下面几行放进 {where}（或工作簿旁边的 xlwings.conf）/ "
                  f"put these lines into {where} (or an xlwings.conf beside the workbook):")
    for line in lines:
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tierbook", description="客户分层助手 — grades, follow-ups and greetings for a seller's customer workbook. "
        "Exit codes: 0 ok, 1 data problems reported, 2 refused (file left untouched).")
    parser.add_argument("--version", action="version", version=f"tierbook {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str, run: Callable, with_path: bool = True,
                dated: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if with_path:
            p.add_argument("path", type=Path, help="工作簿 .xlsx/.xlsm")
        if dated:
            p.add_argument("--today", type=_day, default=date.today(), help="按这一天计算，如 2026-11-23 (default: today)")
        p.set_defaults(run=run)
        return p

    init = command("init", "用模板新建客户工作簿 / a new customer workbook from the template", cmd_init)
    init.add_argument("--logs", action="store_true",
                      help="同时生成追踪志（日志/周志/半月志/月志/年志），从本周开始 / also the tracking logs, from this week")
    demo = command("demo", "生成并刷新示例店铺 / write a synthetic shop and refresh it", cmd_demo, with_path=False)
    demo.add_argument("--dir", type=Path, default=Path("tierbook-demo"), help="写到哪个文件夹 (default: tierbook-demo)")
    demo.add_argument("--customers", type=_at_least(1), default=300, help="示例客户数 (default: 300)")
    demo.add_argument("--limit", type=_at_least(0), default=15, help="屏幕上显示几行待办 (default: 15)")
    check = command("check", "只检查数据，不写文件 / report data problems only", cmd_check)
    check.add_argument("--limit", type=_at_least(0), default=50, help="最多显示几条问题 (default: 50)")
    refresh_cmd = command("refresh", f"刷新{'、'.join(OWNED_SHEETS)} / refresh all our sheets", cmd_refresh)
    refresh_cmd.add_argument("--csv", type=Path, default=None, metavar="DIR",
                             help="同时把每张表另存为 CSV 到这个文件夹 / also write each sheet as CSV into DIR")
    greet = command("greetings", "刷新祝福名单 / refresh the greeting list", cmd_greetings)
    greet.add_argument("--from", dest="start", type=_day, default=None, help="从哪天开始 (default: --today)")
    greet.add_argument("--days", type=_at_least(0), default=None, help="几天 (default: 设置 greeting_days = 14)")
    weekly = command("weekly", "刷新本周跟进表 / refresh the printable weekly sheet", cmd_weekly)
    weekly.add_argument("--week", type=_week, default=None, help="哪一周，如 2026-W48 (default: this week)")
    weekly.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 打印 PDF / also print a PDF")
    calendar = command("calendar", "导出手机日历提醒（.ics）/ write the reminders as a phone calendar file", cmd_calendar)
    calendar.add_argument("--days", type=_at_least(0), default=DEFAULT_DAYS, help=f"几天 (default: {DEFAULT_DAYS})")
    calendar.add_argument("--out", type=Path, default=None, metavar="FILE",
                          help="写到哪个文件 (default: 工作簿旁的 <工作簿>-提醒.ics)")
    config = command("xlwings-config", "打印 Excel 插件需要的 xlwings 设置 / print the xlwings settings for Excel",
                     cmd_xlwings_config, with_path=False, dated=False)
    config.add_argument("--platform", choices=("win", "mac"), default=None, help="default: this computer")
    config.add_argument("--interpreter", default=None, help="Python 路径 (default: this Python; pythonw.exe on Windows)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.now = datetime.now()
    console = Console()
    try:
        return args.run(args, console)
    except Refused as err:
        Console(stderr=True).print(f"[red]拒绝处理 / refused[/]: {err.zh}\n{err.en}")
        return EXIT_REFUSED
    except LunarRangeError as err:  # raised while planning, before anything is written
        Console(stderr=True).print(f"[red]拒绝处理 / refused[/]: {err}")
        return EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())
