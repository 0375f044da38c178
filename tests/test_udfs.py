"""The UDFs called exactly as Excel calls them (2-D lists, floats, datetimes, text, error values), checked against tierlogic."""
from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta

import pytest

from templates.build import customer_workbook
from tierbook.demo_data import demo_book
from tierlogic.assess import assess_book
from tierlogic.daily import greetings_for, plan
from tierlogic.facts import customer_facts
from tierlogic.festivals import festivals_between
from tierlogic.grade import grade
from tierlogic.lunar import lunar_birthday_in
from tierlogic.model import Customer, LunarBirthday
from tierlogic.settings import DEFAULT_SETTINGS, Settings
from workbook.reader import book_from_rows
from workbook.filereader import read_sheets, read_workbook
from workbook.sheets import due_sheet, greetings_sheet

from .xlwings_udfs import real_udf_machinery

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23)  # a date cell as pywin32 hands it over
SERIAL = 46349.0              # 2026-11-23 as =TODAY() passes it


@pytest.fixture(scope="module")
def xl():
    with real_udf_machinery() as loaded:
        yield loaded


@pytest.fixture(scope="module")
def udfs(xl):
    return xl[1]


def col(*values):
    """A one-column range as xlwings passes it with ndim=2."""
    return [[v] for v in values]


def one(value):
    return [[value]]


UDF_NAMES = ("TB_GRADE", "TB_WHY", "TB_PROGRESS_P", "TB_NEXT_DUE", "TB_STAGE", "TB_LIFECYCLE", "TB_VALUE_TIER",
             "TB_LUNAR_TO_SOLAR", "TB_FESTIVALS", "TB_GREETINGS", "TB_DUE_LIST", "TB_CLASS")
SPILLING = ("TB_FESTIVALS", "TB_GREETINGS", "TB_DUE_LIST")


# ---------------------------------------------------------------- metadata xlwings sees


def test_every_udf_is_registered_with_a_bilingual_description(udfs):
    registered = sorted(name for name in dir(udfs) if hasattr(getattr(udfs, name), "__xlfunc__"))
    assert registered == sorted(UDF_NAMES)
    for name in UDF_NAMES:
        info = getattr(udfs, name).__xlfunc__
        assert info["name"] == name and not info["sub"] and not info["volatile"]
        assert info["category"] == udfs.CATEGORY
        assert re.search(r"[\u4e00-\u9fff]", info["ret"]["doc"]) and re.search(r"[A-Za-z]+ [a-z]+ [a-z]+", info["ret"]["doc"])
        assert all(not a["doc"].startswith("Positional argument") for a in info["args"])


def test_column_arguments_arrive_two_dimensional_with_errors_as_text(udfs):
    args = {a["name"]: a for a in udfs.TB_GRADE.__xlfunc__["args"]}
    for name in ("purchase_count", "last_contact", "manual_grade", "settings"):
        assert args[name]["options"] == {"ndim": 2, "err_to_str": True}
    assert args["today"]["options"] == {"err_to_str": True}
    assert "optional" not in args["purchase_count"] and args["today"]["optional"] is None
    for name in ("customer_range", "orders_range", "settings"):
        assert {a["name"]: a for a in udfs.TB_DUE_LIST.__xlfunc__["args"]}[name]["options"]["ndim"] == 2


def test_lists_spill_as_native_dynamic_arrays(udfs):
    # call_udf treats ret option "expand" as the legacy resize-by-formula-array path; without it
    # xlwings returns the 2-D list and Excel 365 spills it natively.
    for name in UDF_NAMES:
        info = getattr(udfs, name).__xlfunc__
        assert "expand" not in info["ret"]["options"]
        assert info["async_mode"] is None


def test_vba_wrapper_declares_every_function(xl):
    xl_udfs, udfs = xl
    stream = io.StringIO()

    class AddIn:
        Name = "tierbook.xlam"

    xl_udfs.generate_vba_wrapper("macros.udfs", udfs, stream, AddIn())
    vba = stream.getvalue()
    for name in UDF_NAMES:
        assert re.search(rf"^Function {name}\(", vba, re.M), name
        assert f'XLPy.CallUDF("macros.udfs", "{name}", ' in vba
    assert "ActiveWorkbook, Application.Caller" in vba  # add-ins call on the active workbook
    assert "Function TB_GRADE(purchase_count, Optional total_amount," in vba


# ---------------------------------------------------------------- per customer, one cell or a column


def direct_grade(**fields):
    return grade(customer_facts(Customer(key="c", name="c", **fields)), TODAY, DEFAULT_SETTINGS)


GRADE_CASES = [
    # (TB_GRADE cells as Excel passes them, the same customer for tierlogic, golden grade)
    ((3.0,), dict(purchase_count=3), "S"),
    ((None, "¥1,280.00"), dict(total_amount=1280.0), "S"),
    ((None, None, "b"), dict(progress="b"), "A"),
    ((None, None, None, "高"), dict(interest="高"), "A"),
    ((None, None, "c", None, "是"), dict(progress="c", bought_similar=True), "B"),
    ((None, None, None, None, False, "√"), dict(bought_similar=False, buying_ability=True), "C"),
    ((None, None, None, None, None, None, NOW - timedelta(days=3)), dict(last_contact=TODAY - timedelta(days=3)), "D"),
    ((0.0, 0.0, "d"), dict(purchase_count=0, total_amount=0.0, progress="d"), "D"),
    ((), dict(), "F"),
    ((5.0, None, None, None, None, None, None, "C级"), dict(purchase_count=5, manual_grade="C"), "C"),
]


@pytest.mark.parametrize("cells, fields, golden", GRADE_CASES)
def test_grade_of_one_customer_matches_tierlogic(udfs, cells, fields, golden):
    padded = list(cells) + [None] * (9 - len(cells))
    result = udfs.TB_GRADE(*(one(v) for v in padded), None, None)
    assert result == golden == direct_grade(**fields).grade
    assert udfs.TB_WHY(*(one(v) for v in padded), None, None) == str(direct_grade(**fields).why)


def test_grade_over_columns_is_one_call_returning_a_column(udfs):
    counts = col(*(c[0][0] if c[0] else None for c in GRADE_CASES))
    result = udfs.TB_GRADE(counts, None, None, None, None, None, None, None, None, NOW, None)
    assert result == [["S"], ["F"], ["F"], ["F"], ["F"], ["F"], ["F"], ["F"], ["F"], ["S"]]


def test_single_cells_repeat_down_the_longest_column(udfs):
    assert udfs.TB_GRADE(col(None, 2.0), None, one("b")) == [["A"], ["S"]]
    assert udfs.TB_GRADE(col(None, 2.0), col("a", "b", "c")).startswith("#区域大小不一致")


def test_today_as_a_serial_from_a_formula(udfs):
    assert udfs.TB_NEXT_DUE(one("A"), one(NOW - timedelta(days=1)), None, SERIAL) == TODAY
    assert udfs.TB_NEXT_DUE(one("C"), one(None), None, SERIAL) == TODAY  # never contacted → today


NEXT_DUE_CASES = [
    ("A", datetime(2026, 11, 20), None, date(2026, 11, 21)),
    ("b级", "2026.11.1", None, date(2026, 11, 8)),
    ("S", 46300.0, None, date(2026, 11, 4)),            # 2026-10-05 as a serial, + 30
    ("F", "2026年1月1日", datetime(2026, 12, 1), date(2026, 12, 1)),  # the seller's own date wins
]


@pytest.mark.parametrize("letter, last, chosen, golden", NEXT_DUE_CASES)
def test_next_due(udfs, letter, last, chosen, golden):
    assert udfs.TB_NEXT_DUE(one(letter), one(last), one(chosen), NOW) == golden


def test_bad_cells_become_that_rows_error_text(udfs):
    result = udfs.TB_NEXT_DUE(col("C", "X", None, "A"), col("2024-13-01", None, None, "#N/A"), None, NOW)
    assert result == [["#日期无效 (bad date): 2024-13-01"], ["#级别无效 (bad grade): X"],
                      ["#缺少级别 (grade missing)"], ["#输入有错误值 (input is an error): #N/A"]]


def test_excel_errors_both_ways(udfs):
    # err_to_str=True gives "#DIV/0!"; without it xlwings passes None, which reads as a blank.
    assert udfs.TB_PROGRESS_P(col("a", None, "#DIV/0!", "B-快成交")) == [
        [0.8], [0.1], ["#输入有错误值 (input is an error): #DIV/0!"], [0.5]]


# Errors newer than the seven err_to_str knows arrive as their COM code: 0x800A0000 + 2045 (#SPILL!), + 2050 (#CALC!).
SPILL, CALC = -2146826243, -2146826238


def test_newer_excel_errors_arriving_as_com_codes_mark_their_own_row(udfs):
    assert udfs.TB_VALUE_TIER(col(100.0, SPILL, 10.0)) == [["A"], ["#输入有错误值 (input is an error): #SPILL!"],
                                                           ["B"]]
    # A #CALC! cost was read as a cost of −2 billion, which turned the other rows' tiers upside down.
    assert udfs.TB_VALUE_TIER(col(100.0, 50.0, 10.0), col(0.0, CALC, 0.0)) == [
        ["A"], ["#输入有错误值 (input is an error): #错误 2050"], ["B"]]
    assert udfs.TB_GRADE(one(1.0), one(SPILL)).startswith("#输入有错误值")


def test_dates_the_reader_would_report_are_errors_here_too(udfs):
    # 3.0 is 1900-01-03 as a serial and 9999-12-31 runs off the calendar: neither is a seller's contact date.
    result = udfs.TB_NEXT_DUE(col("A", "B", "B"), col(3.0, datetime(9999, 12, 31), datetime(2026, 11, 20)), None, NOW)
    assert result[:2] == [["#日期无效 (bad date): 3"], ["#日期无效 (bad date): 9999-12-31"]]
    assert result[2] == [date(2026, 11, 27)]


def test_a_number_too_large_marks_its_own_row(udfs):
    result = udfs.TB_STAGE(col(datetime(2026, 11, 1), datetime(2026, 11, 1)), one("已签收"), one(30.0), col(1.0, 1e20),
                           one(datetime(2026, 11, 5)), None, None, NOW)
    assert result == [["已签收 2026-11-06：询问是否收到，为询问体验做铺垫"], ["#数值太大 (number too large)"]]


def test_a_row_in_gives_a_row_out_and_a_row_with_a_column_is_refused(udfs):
    assert udfs.TB_GRADE([[3.0, 0.0, 1.0]]) == [["S", "F", "S"]]
    assert udfs.TB_PROGRESS_P([["a", "d"]]) == [[0.8, 0.1]]
    assert udfs.TB_VALUE_TIER([[100.0, 10.0]]) == [["A", "B"]]
    assert udfs.TB_GRADE([[3.0, 0.0]], col(1.0, 2.0)) == "#区域方向不一致 (one range is a row, another a column)"


def test_a_blank_days_cell_means_the_default_two_weeks(udfs):
    assert udfs.TB_FESTIVALS(datetime(2026, 9, 20), None) == udfs.TB_FESTIVALS(datetime(2026, 9, 20))
    assert len(udfs.TB_FESTIVALS(datetime(2026, 9, 20), None)) > 1  # 中秋 09-25, 国庆 10-01


def test_a_bug_never_reaches_the_cell_as_a_traceback(udfs):
    assert udfs.TB_GRADE([[1.0, 2.0], [3.0, 4.0]]) == "#应为一行或一列 (expected one row or one column)"
    assert udfs.TB_FESTIVALS(NOW, object()).startswith("#")


def test_progress_probability_follows_the_settings_range(udfs):
    settings = [["设置项", "说明", "值"], ["probability.a", "成交概率：a", "90%"]]
    assert udfs.TB_PROGRESS_P(one("a"), settings) == 0.9
    assert udfs.TB_PROGRESS_P(one("a"), [["probability.a", "", "很多"]]).startswith("#设置有误")


def test_stage_of_one_order(udfs):
    delivered = udfs.TB_STAGE(one(datetime(2026, 11, 1)), one("已签收"), one(30.0), one(1.0),
                              one(datetime(2026, 11, 5)), None, None, NOW)
    assert delivered == "已签收 2026-11-06：询问是否收到，为询问体验做铺垫"
    # Asked after delivery: the next open step is the refill reminder (delivery + 30 − 3 days).
    asked = udfs.TB_STAGE(one(datetime(2026, 11, 1)), one("已签收"), one(30.0), one(1.0),
                          one(datetime(2026, 11, 5)), None, one(datetime(2026, 11, 7)), NOW)
    assert asked == "预计用完 2026-12-02：询问使用体验，提醒复购"
    assert udfs.TB_STAGE(one("2026-11-23"), one("成交未下单"), None, None, None, None, None, NOW).startswith("成交未下单 2026-11-23")
    assert udfs.TB_STAGE(one("2026-11-01"), one("退货"), None, None, None, None, None, NOW) == "无待办"
    assert udfs.TB_STAGE(one(None), None, None, None, None, None, None, NOW) == "#缺少成交日期 (order date missing)"


def test_lifecycle_column(udfs):
    result = udfs.TB_LIFECYCLE(col(3.0, 1.0, None, 12.0, 2.0),
                               col(datetime(2026, 1, 1), "2026-11-01", None, datetime(2026, 10, 1), datetime(2026, 10, 1)),
                               None, col(None, None, None, None, "是"), NOW)
    assert result == [["沉睡(临时)"], ["新客"], ["潜在"], ["忠诚"], ["沉睡(永久)"]]


def test_value_tier_over_a_whole_column(udfs):
    # 100 + 50 + 10 = 160 of positive profit: 100 and 50 start below 80% → A; 10 starts at 93.75% → B.
    result = udfs.TB_VALUE_TIER(col(100.0, "50元", -5.0, None, "x", 10.0))
    assert result == [["A"], ["A"], ["C（亏损）"], ["C"], ["#金额无效 (bad amount): x"], ["B"]]
    assert udfs.TB_VALUE_TIER(col(100.0, 100.0), col(0.0, 150.0)) == [["A"], ["C（亏损）"]]
    # one cost for every row; the same bad value twice is reported twice; a bad cost marks its own row only
    bad = ["#金额无效 (bad amount): x"]
    assert udfs.TB_VALUE_TIER(col(100.0, "x", "x"), one(10.0)) == [["A"], bad, bad]
    assert udfs.TB_VALUE_TIER(col(100.0, 50.0), col("y", 0.0)) == [["#金额无效 (bad amount): y"], ["A"]]


def test_lunar_to_solar(udfs):
    assert udfs.TB_LUNAR_TO_SOLAR(one("农历八月十五"), one(2026.0)) == date(2026, 9, 25)
    assert udfs.TB_LUNAR_TO_SOLAR(one("1990年农历八月十五")) == date(1990, 10, 3)
    # 八月 of lunar 2026 has 29 days: a day-30 birthday is kept on the 29th.
    assert udfs.TB_LUNAR_TO_SOLAR(one("八月三十"), one(2026.0)) == lunar_birthday_in(LunarBirthday(8, 30), 2026) == date(2026, 10, 9)
    assert udfs.TB_LUNAR_TO_SOLAR(one("八月十五")) == "#缺少年份 (year missing)"
    assert udfs.TB_LUNAR_TO_SOLAR(one("农历八月十五"), one(2150.0)).startswith("#农历 2150 年 超出")


# ---------------------------------------------------------------- lists that spill


def test_festivals_spill_with_a_header(udfs):
    result = udfs.TB_FESTIVALS(NOW, 40.0)
    assert result[0] == ["日期", "节日"]
    assert [tuple(r) for r in result[1:]] == festivals_between(TODAY, TODAY + timedelta(days=39), Settings())
    assert result[1:] == [[date(2026, 12, 22), "冬至"], [date(2026, 12, 24), "平安夜"], [date(2026, 12, 25), "圣诞"],
                          [date(2027, 1, 1), "元旦"]]
    assert udfs.TB_FESTIVALS(NOW, 0.0) == [["日期", "节日"]]


@pytest.fixture(scope="module")
def demo_sheets(tmp_path_factory):
    path = tmp_path_factory.mktemp("udf") / "demo.xlsx"
    customer_workbook(demo_book(TODAY, 40), Settings()).save(path)
    return read_sheets(path)[0], read_workbook(path, TODAY)[0]


def spilled(spec, drop_last=False):
    cut = slice(None, -1) if drop_last else slice(None)
    return [list(spec.headers[cut])] + [["" if v is None else v for v in row[cut]] for row in spec.rows]


def test_due_list_spills_what_the_cli_writes(udfs, demo_sheets):
    rows, book = demo_sheets
    result = udfs.TB_DUE_LIST(rows["客户"], NOW, rows["订单"], rows["跟进记录"], rows["产品"], rows["设置"])
    expected = spilled(due_sheet(plan(book, TODAY, Settings()).due_rows))
    assert len(result) > 5 and result == expected


def test_greetings_spill_from_the_customer_table_alone(udfs, demo_sheets):
    rows, _ = demo_sheets
    result = udfs.TB_GREETINGS(rows["客户"], NOW, 30.0)
    customers_only = read_customers_only(rows["客户"])
    assessments = assess_book(customers_only, TODAY, Settings())
    expected = spilled(greetings_sheet(greetings_for(customers_only, assessments, TODAY, 30, Settings())), True)
    assert len(result) > 3 and result == expected
    assert result[0] == ["日期", "场合", "客户", "级别", "价值分层", "渠道", "红包建议", "祝福语"]


def read_customers_only(rows):
    return book_from_rows({"客户": rows}, TODAY)[0]


def test_lists_without_customers_say_so(udfs):
    assert udfs.TB_DUE_LIST([["随便", "什么"], [1.0, 2.0]], NOW) == \
        "#没有找到客户 (no customers: give the customer table with its header row)"


def test_a_date_after_today_for_something_that_happened_is_an_error(udfs):
    # The reader reports these too: a last purchase or contact next year is a typing slip, not a fact.
    assert udfs.TB_LIFECYCLE(one(1.0), one(datetime(2027, 11, 1)), None, None, NOW).startswith("#日期无效")
    assert udfs.TB_NEXT_DUE(one("B"), one(datetime(2026, 11, 20)), one(datetime(2026, 12, 1)), NOW) == date(2026, 12, 1)


def test_spilled_lists_end_with_a_line_when_cells_could_not_be_read(udfs):
    customers = [["姓名", "购买次数", "最近联系", "生日"], ["张三", 1.0, "abc", None], ["李四", None, None, "2月30日"]]
    table = udfs.TB_DUE_LIST(customers, NOW)
    header, *rows, last = table
    assert [row[header.index("客户")] for row in rows] == ["张三", "李四"]  # the list itself is still there
    assert last[0].startswith("⚠ 有 2 个单元格读不了，没有计入；第一个：客户区域第 2 行 最近联系 = 'abc'")
    assert last[1:] == [""] * (len(header) - 1)
    greetings = udfs.TB_GREETINGS(customers, NOW)
    assert greetings[-1][0].startswith("⚠ 有 2 个单元格读不了")
    clean = [["姓名", "购买次数"], ["张三", 1.0]]
    assert not str(udfs.TB_DUE_LIST(clean, NOW)[-1][0]).startswith("⚠")


def test_error_cells_inside_table_ranges_are_reported_not_read(udfs):
    customers = [["姓名", "购买次数", "累计金额"], ["张三", 1.0, SPILL], ["#N/A", 2.0, 100.0]]
    table = udfs.TB_DUE_LIST(customers, NOW)
    names = [row[table[0].index("客户")] for row in table[1:-1]]
    assert names == ["张三"]  # no customer called "#N/A", and no amount of −2,146,826,243
    assert table[-1][0].startswith("⚠ 有 2 个单元格读不了")
