"""The TB_ custom functions themselves, for any engine: COM (macros/udfs.py) and Office.js / xlwings Lite (macros/lite.py).

Nothing here imports xlwings. Each function is plain Python over the values Excel passes;
`udf(...)` declares how its arguments arrive and `registered` hands it to one engine's
decorators, so the Windows add-in and xlwings Lite run the same code and cannot drift.

Per-customer functions take one cell per argument or whole columns: every argument arrives
as a 2-D list (ndim=2), single cells are repeated down the longest column, and the result is
one value or a column (a dynamic array that spills). One call over a column is far faster
than one formula per row (each formula cell is a ~4 ms COM round trip).

Excel error values arrive as text ("#N/A", err_to_str=True): on Windows for the seven classic
ones, with the newer ones (#SPILL!, #CALC! …) as their COM error code (an int); in Office.js
all of them as text. Dates arrive as datetimes (COM) or as serial numbers (Office.js custom
functions), whole numbers as floats (COM) or ints (Office.js); the parsers read both. A bad
cell gives that row a short error text such as "#日期无效 (bad date): 2024-13-01"; no function
lets an exception reach the cell. Without a `settings` argument the SPEC defaults apply; pass
the 设置 sheet's key/value range to use the seller's own numbers.

UDF parameters carry no type annotations on purpose: xlwings turns an annotation into a
converter (and Office.js declares every parameter as a matrix of any anyway); the converters
here are set explicitly through `udf`.
"""
from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta
from typing import Any, Callable, NamedTuple, Optional, Sequence

from tierlogic.assess import assess_book, customer_tiers
from tierlogic.cadence import next_due
from tierlogic.classes import BEHAVIOUR, BEHAVIOUR_SCHEME, VALUE, VALUE_SCHEME, top_amount
from tierlogic.daily import greetings_for, plan
from tierlogic.facts import customer_facts
from tierlogic.festivals import festivals_between
from tierlogic.grade import grade, scheme_for
from tierlogic.lifecycle import lifecycle
from tierlogic.lunar import lunar_birthday_in, lunar_to_solar
from tierlogic.model import Customer, LunarBirthday, Order, Product
from tierlogic.post_sale import open_touchpoints
from tierlogic.schemes import BookContext
from tierlogic.settings import DEFAULT_SETTINGS, Settings
from tierlogic.value_tier import LOSS_FLAG, value_tiers
from tierlogic.workdays import ChinaWorkCalendar
from workbook.customer_fields import GRADE_FIELDS, ParserContext
from workbook.reader import book_from_rows, happened_date, plausible_date
from workbook.report import CheckReport, display
from workbook.sheets import due_sheet, greetings_sheet
from workbook.values import (
    LUNAR, Invalid, parse_amount, parse_birthday_cell, parse_count, parse_days, parse_level, parse_progress,
    parse_status, parse_yes_no,
)

from .excel_errors import excel_error, marked

NOTHING_OPEN = "无待办"
# The sheet names book_from_rows recognises, so a pasted range is read like that sheet.
CUSTOMERS_SHEET, ORDERS_SHEET, CONTACTS_SHEET, PRODUCTS_SHEET, SETTINGS_SHEET = "客户", "订单", "跟进记录", "产品", "设置"


class CellError(Exception):
    """A value a UDF cannot use; its message is what the cell shows."""


# ---------------------------------------------------------------- reading what Excel passes


def _shown(value: Any) -> str:
    if isinstance(value, datetime):  # a date cell arrives as midnight of that day
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    return value.isoformat() if isinstance(value, date) else f"{value:g}" if isinstance(value, float) else str(value)


def _usable(value: Any) -> Any:
    """The value itself, unless it is an Excel error value, which no rule can read."""
    error = excel_error(value)
    if error is not None:
        raise CellError(f"#输入有错误值 (input is an error): {error}")
    return value


def _parse(value: Any, parser: Callable[[Any], Any], what: str) -> Any:
    result = parser(_usable(value))
    if isinstance(result, Invalid):
        raise CellError(f"#{what}无效 (bad {_ENGLISH[what]}): {_shown(value)}")
    return result


_ENGLISH = {"日期": "date", "数字": "number", "金额": "amount", "是否": "yes/no", "进度": "progress",
            "意向": "interest", "级别": "grade", "订单状态": "order status", "天数": "days", "农历日期": "lunar date"}


def _distinct(cells: list) -> tuple[list, list[int]]:
    """A column's distinct cells, and each cell's index among them (a column repeats its values); 1, 1.0 and True are
    different cells."""
    index: dict = {}
    positions = [index.setdefault((type(v), v), len(index)) for v in cells]
    return [v for _, v in index], positions


def _parsed_or_error(value: Any, parser: Callable[[Any], Any], what: str) -> Any:
    try:
        return _parse(value, parser, what)
    except CellError as error:
        return error


def _parsed_column(cells: list, parser: Callable[[Any], Any], what: str) -> list:
    """_parse down a column, once per distinct value; a bad cell gives its CellError."""
    distinct, positions = _distinct(cells)
    parsed = [_parsed_or_error(v, parser, what) for v in distinct]
    return [parsed[i] for i in positions]


def _day(value: Any, today: date, past: bool = True) -> Optional[date]:
    """A date cell; with `past`, of something that happened, as the reader reads it (never after `today`)."""
    return _parse(value, (lambda v: happened_date(v, today)) if past else (lambda v: plausible_date(v, today)), "日期")


def _today(value: Any) -> date:
    return _parse(value, lambda v: plausible_date(v, date.today(), True), "日期") or date.today()


def _cells(value: Any) -> list:
    """One row or one column of a range, a single cell, or an omitted argument, as a flat list."""
    if not isinstance(value, list):
        return [value]
    rows = [row if isinstance(row, list) else [row] for row in value]
    if len(rows) == 1:
        return rows[0]
    if all(len(row) == 1 for row in rows):
        return [row[0] for row in rows]
    raise CellError("#应为一行或一列 (expected one row or one column)")


def _table(value: Any) -> list[list]:
    """A range as rows of cells, error cells marked for the reader; a single cell is a 1×1 table."""
    rows = value if isinstance(value, list) else [[value]]
    return [[marked(v) for v in (row if isinstance(row, list) else [row])] for row in rows]


def _settings(value: Any) -> Settings:
    """The seller's settings from a 设置 key/value range, or the defaults when it is omitted."""
    if value is None:
        return DEFAULT_SETTINGS
    _, settings, report = book_from_rows({SETTINGS_SHEET: _table(value)}, date.today())
    bad = [p for p in report.problems if p.sheet == SETTINGS_SHEET]
    if bad:
        raise CellError(f"#设置有误 (bad setting): {bad[0].header} = {_shown(bad[0].value)}")
    return settings


def _is_row(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 1 and isinstance(value[0], list) and len(value[0]) > 1


def _is_column(value: Any) -> bool:
    return isinstance(value, list) and len(value) > 1


def _shaped(results: list, *arguments: Any) -> Any:
    """One value, or the results laid out as the input was: a row for a row, else a column."""
    if len(results) == 1:
        return results[0]
    return [results] if any(map(_is_row, arguments)) else [[r] for r in results]


def _aligned(*arguments: Any) -> list[list]:
    """The arguments as lists of one length: single cells repeat along the longest row or column."""
    if any(map(_is_row, arguments)) and any(map(_is_column, arguments)):
        raise CellError("#区域方向不一致 (one range is a row, another a column)")
    columns = [_cells(a) for a in arguments]
    length = max(len(c) for c in columns)
    if any(len(c) not in (1, length) for c in columns):
        raise CellError("#区域大小不一致 (ranges differ in length)")
    return [c * length if len(c) == 1 else c for c in columns]


def _by_row(compute: Callable[..., Any], *arguments: Any) -> Any:
    """`compute` once per row; single cells repeat down the longest column; a bad row shows its error."""
    results = []
    for row in zip(*_aligned(*arguments)):
        try:
            results.append(compute(*row))
        except CellError as error:
            results.append(str(error))
        except OverflowError:  # a date or a day count past the calendar's end (quantity 1e20 …)
            results.append("#数值太大 (number too large)")
    return _shaped(results, *arguments)


def cell_safe(function: Callable) -> Callable:
    """A UDF that shows an error text instead of raising into the cell."""

    @functools.wraps(function)
    def safe(*args):
        try:
            return function(*args)
        except CellError as error:
            return str(error)
        except Exception as error:  # a bug must still not leave a COM traceback in a seller's cell
            return f"#出错 (error): {error}"

    return safe


class UdfArguments(NamedTuple):
    """How Excel hands a function's arguments over: `columns` as 2-D lists (a single cell is [[v]]), `cells` as
    plain values; Excel errors as text in both."""

    columns: tuple[str, ...]
    cells: tuple[str, ...]


def udf(*column_args: str, cells: Sequence[str] = ("today",)) -> Callable:
    """Declares a function's UDF arguments (see UdfArguments); `registered` reads the declaration."""

    def declare(function: Callable) -> Callable:
        function.udf_arguments = UdfArguments(column_args, tuple(cells))
        return function

    return declare


def registered(function: Callable, func: Callable, arg: Callable, **options: Any) -> Callable:
    """`function` as one engine's custom function, through that engine's `func` and `arg` decorators.

    Each engine decorates a wrapper of its own, since xlwings keeps its metadata on the function object.
    """

    @functools.wraps(function)
    def engine_udf(*args):
        return function(*args)

    declared = function.udf_arguments
    for name in reversed(declared.columns):
        engine_udf = arg(name, ndim=2, err_to_str=True, doc=ARG_DOCS[name])(engine_udf)
    for name in declared.cells:
        engine_udf = arg(name, err_to_str=True, doc=ARG_DOCS[name])(engine_udf)
    return func(**options)(engine_udf)


ARG_DOCS = {
    "purchase_count": "购买次数 purchase count",
    "total_amount": "累计金额 total amount",
    "progress": "跟进进度 a/b/c/d progress",
    "interest": "意向 高/中/低/无 interest",
    "bought_similar": "买过同类 是/否 bought similar elsewhere",
    "buying_ability": "消费能力 是/否 able and used to buying",
    "last_contact": "上次联系日期 last contact date",
    "manual_grade": "手动级别 (wins over rules) manual grade",
    "level": "所选方案记录的等级：意向等级/客户分类等级/阶段 (optional) the level recorded on the chosen scale",
    "which": "消费行为 或 价值分类 (default 消费行为) which class",
    "expected_close": "预计成交日期 (成交时间方案) expected close date",
    "today": "今天，可填 TODAY() (default: today)",
    "settings": "设置表的 设置项/值 区域 (optional) the 设置 key/value range",
    "grade_letter": "客户级别 grade",
    "next_date": "约定的下次跟进日 the seller's own next date",
    "order_date": "成交日期 order date",
    "status": "订单状态 order status",
    "usage_days": "产品使用周期（天） days one unit lasts",
    "quantity": "数量 quantity",
    "delivered_date": "签收日期 delivery date",
    "shipped_date": "发货日期 shipping date",
    "last_purchase": "最近购买日期 last purchase date",
    "do_not_disturb": "勿扰/已屏蔽 是/否 do not disturb",
    "profits": "整列利润贡献 a whole column of profits",
    "maintenance_costs": "整列维护费用 (optional) a column of maintenance costs",
    "lunar": "农历日期，如 农历八月十五、闰四月初八、1990年农历八月十五 a lunar date",
    "year": "农历年份 (optional) lunar year",
    "start": "开始日期 first day",
    "days": "天数 number of days",
    "customer_range": "带表头的客户表区域 the customer table with its header row",
    "orders_range": "带表头的订单表区域 (optional) the orders table",
    "contacts_range": "带表头的跟进记录区域 (optional) the contact log",
    "products_range": "带表头的产品表区域 (optional) the products table",
}


# ---------------------------------------------------------------- one customer from its cells


# TB_GRADE's customer arguments in the order of its signature, as workbook.customer_fields declares them.
_CUSTOMER_FIELDS = tuple(f.name for f in GRADE_FIELDS)


def _customer_parsers(today: date, settings: Settings) -> list[tuple[Callable[[Any], Any], str]]:
    """How each of _CUSTOMER_FIELDS is read, and what its error calls it; the last reads the recorded level."""
    context = ParserContext(lambda v: happened_date(v, today), lambda v: plausible_date(v, today, False),
                            scheme_for(settings))
    return [(f.parser_in(context), f.grade.what) for f in GRADE_FIELDS] + [
        (lambda v: _recorded_level(v, settings), "级别")]


def _recorded_level(value: Any, settings: Settings) -> Any:
    """A level of the chosen scheme's own scale; the six levels and the funnel record none."""
    scheme = scheme_for(settings)
    if scheme.recorded_field is None:
        return None if value is None or value == "" else Invalid("")
    return parse_level(value, scheme.recorded_levels)


def _graded(settings: Settings, today: date, show: Callable[[Any], str], *arguments: Any) -> Any:
    """`show` of the grade of every row of the customer columns, laid out as they came; a row with a bad cell
    shows that cell's error.

    Each column is parsed once per distinct value, and each distinct row graded once: a sheet's columns repeat
    their values, and whole rows repeat too (customers with the same counts, progress and interest).
    """
    columns = [_distinct(column) for column in _aligned(*arguments)]
    parsed = [[_parsed_or_error(v, parser, what) for v in distinct]
              for (distinct, _), (parser, what) in zip(columns, _customer_parsers(today, settings))]
    shown: dict[tuple[int, ...], str] = {}
    results = []
    for row in zip(*(positions for _, positions in columns)):  # a row as the positions of its cells' distinct values
        if row not in shown:
            shown[row] = _grade_shown(tuple(p[i] for p, i in zip(parsed, row)), today, settings, show)
        results.append(shown[row])
    return _shaped(results, *arguments)


def _grade_shown(values: tuple, today: date, settings: Settings, show: Callable[[Any], str]) -> str:
    """`show` of the grade of one row of parsed customer cells, or the error of its first bad cell."""
    error = next((value for value in values if isinstance(value, CellError)), None)
    if error is not None:
        return str(error)
    *fields, level = values
    recorded = {scheme_for(settings).recorded_field: level} if level is not None else {}
    customer = Customer(key="c", name="c", **dict(zip(_CUSTOMER_FIELDS, fields)), **recorded)
    return show(grade(customer_facts(customer), today, settings))


_GRADE_ARGS = (*_CUSTOMER_FIELDS, "settings", "level")


@udf(*_GRADE_ARGS)
@cell_safe
def TB_GRADE(purchase_count, total_amount=None, progress=None, interest=None, bought_similar=None,
             buying_ability=None, last_contact=None, manual_grade=None, expected_close=None, today=None, settings=None,
             level=None):
    """客户级别，按设置里选的分级方案（六级 S–F、成交时间 A–E、购买意向 1–5 级、泛粉到成交 0–6 级、五大阶段），
    规则按顺序第一条成立者为准，手动级别优先。可整列计算。
    Customer grade in the scheme chosen in 设置, by its ordered rule table; a manual grade wins. Single cells or columns."""
    return _graded(_settings(settings), _today(today), lambda result: result.grade, purchase_count, total_amount,
                   progress, interest, bought_similar, buying_ability, last_contact, manual_grade, expected_close,
                   level)


@udf(*_GRADE_ARGS)
@cell_safe
def TB_WHY(purchase_count, total_amount=None, progress=None, interest=None, bought_similar=None,
           buying_ability=None, last_contact=None, manual_grade=None, expected_close=None, today=None, settings=None,
           level=None):
    """为什么是这个级别：触发的规则和起决定作用的值（参数同 TB_GRADE）。可整列计算。
    Why a customer got their grade: the rule that fired and the values that decided it (same arguments as TB_GRADE)."""
    return _graded(_settings(settings), _today(today), lambda result: str(result.why), purchase_count, total_amount,
                   progress, interest, bought_similar, buying_ability, last_contact, manual_grade, expected_close,
                   level)


@udf("progress", "settings", cells=())
@cell_safe
def TB_PROGRESS_P(progress, settings=None):
    """跟进进度 a/b/c/d 的成交概率（默认 a 80%、b 50%、c 30%、d 10%；空白按 d）。可整列计算。
    Close probability of progress a/b/c/d (blank counts as d). Takes a cell or a column."""
    rules = _settings(settings)
    return _by_row(lambda p: rules.probability[_parse(p, parse_progress, "进度") or "d"], progress)


@udf("grade_letter", "last_contact", "next_date", "settings")
@cell_safe
def TB_NEXT_DUE(grade_letter, last_contact=None, next_date=None, today=None, settings=None):
    """下次跟进日：约定的下次日期优先；否则上次联系 + 该级别的跟进间隔；从未联系则为今天。可整列计算。
    Next follow-up date: the seller's own date wins, else last contact + the grade's interval, never contacted → today."""
    rules, day = _settings(settings), _today(today)
    levels = scheme_for(rules).levels
    calendar = ChinaWorkCalendar() if rules.move_to_working_day else None

    def due(letter, last, chosen):
        level = _parse(letter, lambda v: parse_level(v, levels), "级别")
        if level is None:
            raise CellError("#缺少级别 (grade missing)")
        customer = Customer(key="c", name="c", last_contact=_day(last, day), next_contact=_day(chosen, day, past=False))
        return next_due(customer_facts(customer), level, day, rules, calendar).due

    return _by_row(due, grade_letter, last_contact, next_date)


@udf("order_date", "status", "usage_days", "quantity", "delivered_date", "shipped_date", "last_contact",
           "settings")
@cell_safe
def TB_STAGE(order_date, status=None, usage_days=None, quantity=None, delivered_date=None, shipped_date=None,
             last_contact=None, today=None, settings=None):
    """一笔订单的成交跟进：最早未完成的一步、到期日和该做的事（成交未下单/已签收/预计用完/复购未达成）；没有则为「无待办」。可整列计算。
    Post-sale stage of one order: the earliest open touchpoint, its due date and action; 无待办 when none is open."""
    rules, day = _settings(settings), _today(today)

    def stage(ordered, state, usage, count, delivered, shipped, contacted):
        when = _day(ordered, day)
        if when is None:
            raise CellError("#缺少成交日期 (order date missing)")
        usage_value = _parse(usage, parse_days, "天数")
        order = Order("c", when, product="产品", quantity=_parse(count, parse_count, "数字") or 1,
                      status=_parse(state, parse_status, "订单状态"), delivered_date=_day(delivered, day),
                      shipped_date=_day(shipped, day))
        facts = customer_facts(Customer(key="c", name="c", last_contact=_day(contacted, day)), [order])
        points = open_touchpoints(facts, {"产品": Product("产品", usage_value)}, rules, day)
        if not points:
            return NOTHING_OPEN
        first = min(points, key=lambda p: (p.due, p.stage))
        return f"{first.name} {first.due.isoformat()}：{first.action}"

    return _by_row(stage, order_date, status, usage_days, quantity, delivered_date, shipped_date, last_contact)


@udf("purchase_count", "last_purchase", "last_contact", "do_not_disturb", "settings")
@cell_safe
def TB_LIFECYCLE(purchase_count, last_purchase=None, last_contact=None, do_not_disturb=None, today=None, settings=None):
    """生命周期：潜在/新客/老客/忠诚/沉睡(临时)/沉睡(永久)。可整列计算。
    Lifecycle stage: potential, new, repeat, loyal, dormant or lost. Takes single cells or whole columns."""
    rules, day = _settings(settings), _today(today)

    def stage(count, last, contacted, blocked):
        customer = Customer(key="c", name="c", purchase_count=_parse(count, parse_count, "数字"),
                            last_purchase=_day(last, day), last_contact=_day(contacted, day),
                            do_not_disturb=bool(_parse(blocked, parse_yes_no, "是否")))
        return lifecycle(customer_facts(customer), day, rules).stage

    return _by_row(stage, purchase_count, last_purchase, last_contact, do_not_disturb)


@udf("profits", "maintenance_costs", "settings", cells=())
@cell_safe
def TB_VALUE_TIER(profits, maintenance_costs=None, settings=None):
    """价值分层（帕累托）：整列利润贡献一次算完，累计占 80% 的为 A、到 95% 为 B、其余 C；利润 ≤ 0 标「C（亏损）」。
    Pareto value tier over a whole profit column (minus maintenance costs): A to 80% of profit, B to 95%, else C."""
    rules = _settings(settings)
    profit_cells, costs = _aligned(profits, maintenance_costs)
    counted: dict[int, float] = {}
    failed: dict[int, str] = {}
    costs = _parsed_column(costs, parse_amount, "金额")
    for row, (profit, cost) in enumerate(zip(_parsed_column(profit_cells, parse_amount, "金额"), costs)):
        error = next((v for v in (profit, cost) if isinstance(v, CellError)), None)
        if error is not None:
            failed[row] = str(error)
            continue
        # Like tierlogic.assess.customer_tiers: no profit and no cost is a plain C, not a loss.
        if profit is not None or cost:
            counted[row] = (profit or 0.0) - (cost or 0.0)
    tiers = value_tiers(counted, rules.tier_a_share, rules.tier_b_share)
    return _shaped([failed.get(row) or _tier_text(tiers.get(row)) for row in range(len(profit_cells))], profits,
                   maintenance_costs)


_CLASS_SCHEMES = {BEHAVIOUR: BEHAVIOUR_SCHEME, "behaviour": BEHAVIOUR_SCHEME, VALUE: VALUE_SCHEME, "value": VALUE_SCHEME}


@udf("purchase_count", "total_amount", "last_purchase", "profits", "settings", cells=("which", "today"))
@cell_safe
def TB_CLASS(purchase_count, total_amount=None, last_purchase=None, profits=None, which=None, today=None,
             settings=None):
    """消费行为（VIP/高价值/一般/潜在/流失）或价值分类（黄金/白银/青铜/新客户/休眠），整列一次算完：金额前列、帕累托价值分层
    都按整列比较。没有利润列时按累计金额算贡献。
    Behaviour class (VIP … 流失) or value class (黄金 … 休眠) over whole columns; without profits the amount stands in."""
    rules, day = _settings(settings), _today(today)
    scheme = _CLASS_SCHEMES.get(which or BEHAVIOUR)
    if scheme is None:
        raise CellError(f"#应为 {BEHAVIOUR} 或 {VALUE} (expected behaviour or value): {_shown(which)}")
    columns = [_parsed_column(cells, parser, what) for cells, (parser, what) in zip(
        _aligned(purchase_count, total_amount, last_purchase, profits),
        ((parse_count, "数字"), (parse_amount, "金额"), (lambda v: happened_date(v, day), "日期"), (parse_amount, "金额")))]
    facts, failed = {}, {}
    for row, values in enumerate(zip(*columns)):
        error = next((v for v in values if isinstance(v, CellError)), None)
        if error is not None:
            failed[row] = str(error)
            continue
        count, amount, last, profit = values
        facts[row] = customer_facts(Customer(key="c", name="c", purchase_count=count, total_amount=amount,
                                             last_purchase=last, total_profit=amount if profit is None else profit))
    top = top_amount((f.total_amount for f in facts.values() if f.has_bought), rules.top_amount_share)
    tiers = customer_tiers(facts, rules)
    return _shaped([failed.get(row) or scheme.classify(facts[row], day, rules, BookContext(top, tiers[row].tier)).code
                    for row in range(len(columns[0]))], purchase_count, total_amount, last_purchase, profits)


def _tier_text(result) -> str:
    if result is None:
        return "C"
    return f"C（{LOSS_FLAG}）" if result.loss else result.tier


@udf("lunar", "year", cells=())
@cell_safe
def TB_LUNAR_TO_SOLAR(lunar, year=None):
    """农历转公历：给年份时求那一农历年的日期（闰月、三十日按生日规则处理），否则按文字里的年份精确换算。可整列计算。
    Lunar → Gregorian: with `year`, the date in that lunar year (leap month and day-30 rules as for birthdays); else the text's own year."""

    def convert(text, in_year):
        parsed = _parse(text, lambda v: parse_birthday_cell(v, LUNAR), "农历日期")
        wanted = _parse(in_year, parse_count, "数字")
        if not isinstance(parsed, LunarBirthday):
            raise CellError(f"#农历日期无效 (bad lunar date): {_shown(text)}")
        try:
            if wanted is not None:
                return lunar_birthday_in(parsed, wanted)
            if parsed.year is None:
                raise CellError("#缺少年份 (year missing)")
            return lunar_to_solar(parsed.year, parsed.month, parsed.day, parsed.leap)
        except ValueError as error:  # a month without day 30, or outside 1901–2099: its message says so
            raise CellError(f"#{error}") from error

    return _by_row(convert, lunar, year)


# ---------------------------------------------------------------- lists that spill (dynamic arrays)


def _spill(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[list]:
    """A table with its header row; blanks as "" so a spilled cell never shows 0."""
    return [list(headers)] + [["" if v is None else v for v in row] for row in rows]


@udf("settings", cells=("start", "days"))
@cell_safe
def TB_FESTIVALS(start, days=None, settings=None):
    """从开始日期起若干天内的节日（动态数组：日期、节日），天数空白为 14。Festivals from `start` for `days` days (blank: 14), as a spilled table."""
    rules = _settings(settings)
    first = _today(start)
    span = _parse(days, parse_count, "数字")
    span = 14 if span is None else span
    if not span:
        return [["日期", "节日"]]
    found = festivals_between(first, first + timedelta(days=span - 1), rules)
    return _spill(("日期", "节日"), found)


@udf("customer_range", "settings", cells=("start", "days"))
@cell_safe
def TB_GREETINGS(customer_range, start=None, days=None, settings=None):
    """祝福名单（动态数组）：每位客户每个节日/生日/首单纪念日一行，含渠道、红包建议和祝福语。
    Greeting list as a spilled table: one row per customer per occasion, with channel, red packet and text."""
    rules = _settings(settings)
    first = _today(start)
    span = _parse(days, parse_count, "数字")
    book, report = _book({CUSTOMERS_SHEET: customer_range}, first)
    assessments = assess_book(book, first, rules)
    spec = greetings_sheet(greetings_for(book, assessments, first, span, rules))
    table = _spill(spec.headers[:-1], [row[:-1] for row in spec.rows])  # 已发 is a column to tick, not data
    return _with_problems(table, report)


@udf("customer_range", "orders_range", "contacts_range", "products_range", "settings")
@cell_safe
def TB_DUE_LIST(customer_range, today=None, orders_range=None, contacts_range=None, products_range=None,
                settings=None):
    """待办（动态数组）：逾期、今天和未来几天要联系的客户，每人每天一行，写明原因和建议动作。
    Due list as a spilled table: overdue, today and the next days, one row per customer per day, with why and what to do."""
    rules = _settings(settings)
    day = _today(today)
    tables = {CUSTOMERS_SHEET: customer_range, ORDERS_SHEET: orders_range, CONTACTS_SHEET: contacts_range,
              PRODUCTS_SHEET: products_range}
    book, report = _book({name: rows for name, rows in tables.items() if rows is not None}, day)
    calendar = ChinaWorkCalendar() if rules.move_to_working_day else None
    spec = due_sheet(plan(book, day, rules, calendar).due_rows)
    return _with_problems(_spill(spec.headers, spec.rows), report)


def _book(tables: dict[str, Any], today: date):
    """A Book from ranges pasted with their header rows, read exactly as the reader reads those sheets, and its report."""
    book, _, report = book_from_rows({name: _table(rows) for name, rows in tables.items()}, today)
    if not book.customers:
        raise CellError("#没有找到客户 (no customers: give the customer table with its header row)")
    return book, report


def _with_problems(table: list[list], report: CheckReport) -> list[list]:
    """The spilled table, and under it one line when cells could not be read: they were left out, not guessed."""
    if not report.problems:
        return table
    first = report.problems[0]
    where = f"{first.sheet}区域第 {first.row} 行 {first.header}" if first.row else f"{first.sheet}区域 {first.header}"
    line = (f"⚠ 有 {len(report.problems)} 个单元格读不了，没有计入；第一个：{where} = {display(first.value)!r}，"
            f"应为 {first.expected}。用「检查数据」按钮看全部 / {len(report.problems)} cells could not be read")
    return table + [[line] + [""] * (len(table[0]) - 1)]
