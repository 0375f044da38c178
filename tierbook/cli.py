"""The `tierbook` command line: the same work as the Excel ribbon, on a closed workbook."""
from __future__ import annotations

import argparse
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable, Collection, Iterator, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from tierlogic.due_list import DueRow
from tierlogic.lunar import LunarRangeError
from tierlogic.settings import Settings
from workbook.csv_export import write_csv
from workbook.exports import READ_ONLY_SUFFIXES, NotAnExport, read_export, read_for_check
from workbook.ics import DEFAULT_DAYS, calendar_path, write_calendar
from workbook.pdf import PdfUnavailable, sheet_pdf
from workbook.refresh import Outcome, load, refresh
from workbook.report import CheckReport
from workbook.safety import Refused
from workbook.owned import OWNED_SHEETS, owned_sheet
from workbook.sheets import CHECK_SHEET, GREETINGS_SHEET, WEEKLY_SHEET, reasons_brief, reasons_text, week_start

from macros.config import conf_location, default_interpreter, xlwings_conf_lines

from . import __version__
from .demo_data import demo_book

EXIT_OK, EXIT_PROBLEMS, EXIT_REFUSED = 0, 1, 2
# What each exit code means, worded once: --help prints it, and a test holds the README's sentence to it.
EXIT_CODES = (
    (EXIT_OK, "完成", "ok"),
    (EXIT_PROBLEMS, "完成，但有要看一下的：数据问题（屏幕上和检查报告里都列出），或工作簿写好之后没能写出的 CSV 或 PDF",
     "done, but something needs a look: data problems (listed on screen and in 检查报告), or a CSV or PDF that could "
     "not be written after the workbook was"),
    (EXIT_REFUSED, "拒绝处理，什么也没写，文件原样未动（选项不对、日期不在 1901–2099、CSV 文件夹建不了、文件在 Excel 里打开着、"
     "init 写不了的文件名 …）",
     "refused — nothing was written, the file was left exactly as it was (a bad option, a day outside 1901–2099, a CSV "
     "folder that cannot be made, a file open in Excel, a name init cannot write …)"),
)
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


# Pieces a wrapped line never splits: a run of Latin letters, digits and signs (a date, 80%, the 30 of 每30天) or one
# other character, carrying the punctuation that may not start a line (and the = of 签收日期=) and the one that may
# not end it.
_UNBREAKABLE = re.compile(r"[（「《“(]*(?:[!-<>-~]+|\S)[，。；：、）」》”),.;:!?=]*\s*")


def wrap_words(text: str, width: int) -> list[str]:
    """Lines of at most `width` terminal cells (a Chinese character takes two), broken only between pieces;
    a line break in the text (one reason per line) always starts a new line."""
    return [line for paragraph in text.split("\n") for line in _wrap_paragraph(paragraph, width)]


def _wrap_paragraph(text: str, width: int) -> list[str]:
    lines = [""]
    for piece in _UNBREAKABLE.findall(text):
        if lines[-1] and cell_len(lines[-1] + piece.rstrip()) > width:
            lines.append("")
        lines[-1] += piece
    return [line.rstrip() for line in lines]


class Wrapped:
    """A table cell that wraps like wrap_words: rich alone breaks Chinese text anywhere, dates included."""

    def __init__(self, text: str):
        self.text = text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        pieces = _UNBREAKABLE.findall(self.text)
        return Measurement(max((cell_len(p.rstrip()) for p in pieces), default=0),
                           max(cell_len(line) for line in self.text.split("\n")))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text("\n".join(wrap_words(self.text, options.max_width)))


@dataclass(frozen=True)
class ConsoleColumn:
    header: str
    value: Callable[[DueRow], str]
    wraps: bool = False


_DUE = ConsoleColumn("到期日", lambda r: r.due.isoformat())
_OVERDUE = ConsoleColumn("逾期", lambda r: f"{r.days_overdue}天" if r.days_overdue else "")
_NAME = ConsoleColumn("客户", lambda r: r.name, wraps=True)
_GRADE = ConsoleColumn("级别", lambda r: r.grade)
_ACTIONS = ConsoleColumn("建议动作", lambda r: "；".join(r.actions), wraps=True)
# The due list on screen, by the console's width: a narrow terminal or a pipe (80 columns) gets whom, when, which
# rule and what to do; the sheet and a wide console have the values behind each rule too.
DUE_LAYOUTS = (
    (120, (_DUE, _OVERDUE, _NAME, _GRADE, ConsoleColumn("价值分层", lambda r: r.value_tier),
           ConsoleColumn("生命周期", lambda r: r.lifecycle),
           ConsoleColumn("进度", lambda r: f"{r.progress} {r.probability:.0%}"),
           ConsoleColumn("原因", reasons_text, wraps=True), _ACTIONS)),
    (0, (_DUE, _OVERDUE, _NAME, _GRADE, ConsoleColumn("原因", reasons_brief, wraps=True), _ACTIONS)),
)


def due_table(rows: Sequence[DueRow], title: str, width: int) -> Table:
    columns = next(columns for narrowest, columns in DUE_LAYOUTS if width >= narrowest)
    table = Table(title=title, show_lines=True)
    for c in columns:
        table.add_column(c.header, no_wrap=not c.wraps)
    for r in rows:
        table.add_row(*(Wrapped(c.value(r)) if c.wraps else c.value(r) for c in columns))
    return table


def print_report(report: CheckReport, console: Console, limit: int, where_the_rest_are: tuple[str, str],
                 notices: bool = True) -> None:
    """The first `limit` problems, then every notice, or (notices=False, after a refresh) how many there are."""
    for p in report.problems[:limit]:
        sheet, row, where, value, expected = p.cells()
        place = f"{sheet} 第{row}行 {where}" if row is not None else f"{sheet} {where}"
        console.print(f"[yellow]{place}[/]: {value!r} → {expected}")
    if len(report.problems) > limit:
        zh, en = where_the_rest_are
        console.print(f"… 另有 {len(report.problems) - limit} 处问题，{zh} / {len(report.problems)} problems in all, {en}")
    if not notices:
        if report.notices:
            console.print(f"[cyan]说明[/] {len(report.notices)} 条（读了什么、怎么读的），{where_the_rest_are[0]} / "
                          f"{len(report.notices)} notes on what was read, {where_the_rest_are[1]}")
        return
    for notice in report.notices:
        console.print(f"[cyan]说明[/]: {notice}")


def _summary(outcome: Outcome, path: Path, console: Console) -> int:
    console.print(f"已更新 {path}：{'、'.join(outcome.written)}（备份 {outcome.backup.name}）" if outcome.backup
                  else f"已更新 {path}")
    written = [f"{spec.name} {sheet.count(outcome.day, spec)} {sheet.unit}" for spec in outcome.specs
               if spec.name != CHECK_SHEET for sheet in (owned_sheet(spec.name),)]
    console.print("，".join(written + [f"数据问题 {len(outcome.report.problems)} 处"]))
    print_report(outcome.report, console, 5, (f"见「{CHECK_SHEET}」表", f"see the {CHECK_SHEET} sheet"), notices=False)
    return EXIT_PROBLEMS if outcome.report.problems else EXIT_OK


# Why `init` will not write a name: a workbook of five sheets saved under another format's name would be a lie.
INIT_REFUSALS = {
    ".xls": ("旧版 .xls 格式 tierbook 写不了", "tierbook cannot write the old .xls format"),
    ".csv": ("CSV 文件只能存一张表，客户工作簿有五张", "a CSV file holds one sheet, and the customer workbook has five"),
}


def _check_init_name(target: Path, writable: Collection[str]) -> None:
    suffix = target.suffix.lower()
    if suffix in writable:
        return
    zh, en = INIT_REFUSALS.get(suffix, (f"tierbook init 只能写 .xlsx 和 .xlsm，不能写「{target.name}」",
                                        f"tierbook init writes only .xlsx and .xlsm, not {target.name!r}"))
    raise Refused(f"{zh}；请改用 {target.stem}.xlsx（Excel、WPS 和 LibreOffice 都能打开），什么也没写",
                  f"{en}; use {target.stem}.xlsx instead (Excel, WPS and LibreOffice open it). Nothing was written.")


def _write_new(path: Path, data: bytes) -> None:
    """Create `path` with `data`; a file that appeared meanwhile is refused, never overwritten."""
    try:
        with open(path, "xb") as stream:
            stream.write(data)
    except FileExistsError:
        raise Refused(f"{path} 已存在，不会覆盖", f"{path} already exists; tierbook init never overwrites a file.") from None


def cmd_init(args, console: Console) -> int:
    """Write what is missing of the workbook and, with --logs, its tracking logs; never overwrite either."""
    from templates.build import (NEW_WORKBOOK_TYPES, SAMPLE_MARK, customer_workbook,  # openpyxl:
                                 example_book, package_bytes, tracking_workbook)  # only init and demo need it

    target: Path = args.path
    _check_init_name(target, NEW_WORKBOOK_TYPES)
    logs = target.with_name(f"{target.stem}-追踪志.xlsx")
    wanted = [target, logs] if args.logs else [target]
    there = [path for path in wanted if path.exists()]
    if there == wanted:
        raise Refused(f"{'、'.join(map(str, there))} 已存在，不会覆盖", f"{' and '.join(map(str, there))} "
                      f"already exist{'s' if len(there) == 1 else ''}; tierbook init never overwrites a file.")
    if args.source is not None and target in there:
        raise Refused(f"{target} 已存在，不会覆盖", f"{target} already exists; tierbook init never overwrites a file.")
    exported = _read_export(args.source, args.today) if args.source is not None else None
    for path in there:
        console.print(f"{path} 已存在，没有改动 / already there, left as it was")
    target.parent.mkdir(parents=True, exist_ok=True)
    if target not in there:
        workbook = customer_workbook(example_book(args.today) if exported is None else exported[0], Settings())
        workbook.properties.created = workbook.properties.modified = args.now
        _write_new(target, package_bytes(workbook, target.suffix))
        if exported is None:
            console.print(f"已创建 {target}（客户/订单/跟进记录/产品/设置）。客户、订单、跟进记录、产品表里名字以「{SAMPLE_MARK}」"
                          f"开头的是示例行，日期围绕 {args.today.isoformat()}；试用后删掉即可 / rows named {SAMPLE_MARK}… "
                          f"are samples, dated around that day: delete them when you start.")
        else:
            console.print(f"已创建 {target}：从 {args.source.name} 读到客户 {len(exported[0].customers)} 位、"
                          f"订单 {len(exported[0].orders)} 笔（导出文件没有改动）/ created from the export, "
                          "which was left as it was")
            print_report(exported[1], console, 5, ("用 tierbook check 导出文件 查看全部", "run tierbook check on the export"))
    if args.logs and logs not in there:
        first = week_start(args.today)
        _write_new(logs, package_bytes(tracking_workbook(first_day=first), logs.suffix))
        console.print(f"已创建 {logs}（日志/周志/半月志/月志/年志，从 {first.isoformat()} 这周开始）")
    if exported is not None and target not in there:
        with working(console, "刷新…"):
            outcome = refresh(target, args.today, args.now)
        return _summary(outcome, target, console)
    return EXIT_OK


def _read_export(source: Path, today: date):
    """(Book, CheckReport) of a platform export, read only; refused when it is not one."""
    if not source.is_file():
        raise Refused(f"找不到导出文件 {source}", f"Export file not found: {source}.")
    try:
        return read_export(source, today)
    except NotAnExport as err:
        raise Refused(f"{source.name}：{err.zh}，什么也没写", f"{source.name}: {err.en} Nothing was written.") from err


def _refuse_read_only(path: Path) -> None:
    """A csv or xls is read, never written: a new workbook is started from it instead."""
    if path.suffix.lower() in READ_ONLY_SUFFIXES:
        raise Refused(f"{path.name} 是 {path.suffix} 文件，tierbook 只读不写；请用 tierbook init 新文件.xlsx --from {path.name} "
                      "从它新建客户工作簿，再刷新新文件",
                      f"{path.name} is read, never written; start a customer workbook from it with "
                      f"tierbook init NEW.xlsx --from {path.name}, then refresh that.")


def cmd_demo(args, console: Console) -> int:
    folder: Path = args.dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DEMO_FILE
    from templates.build import customer_workbook  # openpyxl: only init and demo need it

    with working(console, f"生成示例店铺（{args.customers} 位客户）…"):
        customer_workbook(demo_book(args.today, customers=args.customers), Settings()).save(path)
    with working(console, f"刷新{'、'.join(OWNED_SHEETS)}…"):
        outcome = refresh(path, args.today, args.now)
    console.print(due_table(outcome.day.plan.due_rows[: args.limit], f"待办 {args.today.isoformat()}（前 {args.limit} 行）",
                            console.width))
    _summary(outcome, path, console)
    return EXIT_OK


def cmd_check(args, console: Console) -> int:
    with working(console, "检查数据…"):
        loaded = read_for_check(args.path, args.today)
    console.print(f"客户 {len(loaded.book.customers)} 位，订单 {len(loaded.book.orders)} 笔，跟进记录 {len(loaded.book.contacts)} 条")
    print_report(loaded.report, console, args.limit, ("用 --limit 显示更多", "use --limit to show more"))
    if not loaded.report.problems:
        console.print("没有发现数据问题 / no data problems found")
    return EXIT_PROBLEMS if loaded.report.problems else EXIT_OK


def cmd_refresh(args, console: Console) -> int:
    _refuse_read_only(args.path)
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
    _refuse_read_only(args.path)
    with working(console, "生成祝福名单…"):
        outcome = refresh(args.path, args.today, args.now, which=(GREETINGS_SHEET,),
                          greet_from=args.start or args.today, greet_days=args.days)
    return _summary(outcome, args.path, console)


def cmd_weekly(args, console: Console) -> int:
    _refuse_read_only(args.path)
    with working(console, "生成本周跟进表…"):
        outcome = refresh(args.path, args.today, args.now, which=(WEEKLY_SHEET,), monday=args.week)
    code = _summary(outcome, args.path, console)
    if args.pdf:
        pdf = args.path.with_name(f"{args.path.stem}-本周跟进表-{outcome.day.monday.isoformat()}.pdf")
        weekly = next(spec for spec in outcome.specs if spec.name == WEEKLY_SHEET)
        try:
            with working(console, "用 LibreOffice 打印 PDF…"):
                sheet_pdf(weekly, pdf)
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


def exit_codes_help(width: int = 78) -> str:
    """EXIT_CODES laid out for --help, fitting `width` terminal cells (argparse counts a Chinese character as one)."""
    lines = ["退出码 / exit codes:"]
    for code, zh, en in EXIT_CODES:
        lines += [f"  {code}  {line}" if i == 0 else f"     {line}" for i, line in enumerate(wrap_words(zh, width - 5))]
        lines += [f"     {line}" for line in wrap_words(en, width - 5)]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tierbook", description="客户分层助手 — grades, follow-ups and greetings for a seller's customer workbook.",
        epilog=exit_codes_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
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
    init.add_argument("--from", dest="source", type=Path, default=None, metavar="EXPORT",
                      help="从平台订单导出新建（csv/xlsx/xls，淘宝/有赞/拼多多/抖店/快团团/微店）：买家成为客户，订单行成为订单，"
                           "导出文件不会改动 / start from a platform order export; the export is never changed")
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
