"""The templates: committed files equal the generator's output, and hold what SPEC "Templates" asks for."""
from datetime import date, datetime, timedelta

import openpyxl
import pytest

from python_calamine import CalamineWorkbook

from templates.build import CUSTOMER_TEMPLATE, TEMPLATE_DAY, TRACKING_TEMPLATE, build_all, tracking_workbook
from tierbook.cli import main
from workbook.filereader import read_workbook


def sheet_values(path, name):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def content(path):
    """Everything a seller sees or uses, as plain data: cells, formats, dropdowns, colouring, panes, tables."""
    wb = openpyxl.load_workbook(path)
    result = {}
    for ws in wb.worksheets:
        result[ws.title] = {
            "cells": [[(c.value, c.number_format) for c in row] for row in ws.iter_rows()],
            "validations": sorted((str(v.sqref), v.type, v.formula1) for v in ws.data_validations.dataValidation),
            "conditional": sorted((str(rng.sqref), tuple(r.formula)) for rng in ws.conditional_formatting for r in rng.rules),
            "freeze": ws.freeze_panes,
            "tables": sorted((t.displayName, t.ref) for t in ws.tables.values()),
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
            "print": (ws.page_setup.orientation, ws.print_title_rows),
        }
    return result


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    folder = tmp_path_factory.mktemp("templates")
    build_all(folder)
    return folder


@pytest.mark.parametrize("committed", [CUSTOMER_TEMPLATE, TRACKING_TEMPLATE], ids=lambda p: p.name)
def test_committed_templates_equal_the_generator(committed, rebuilt):
    assert content(committed) == content(rebuilt / committed.name)


def test_customer_template_sheets_and_helps():
    wb = openpyxl.load_workbook(CUSTOMER_TEMPLATE)
    assert wb.sheetnames == ["客户", "订单", "跟进记录", "产品", "设置"]
    customers = wb["客户"]
    headers = [c.value for c in customers[1]]
    lists = {headers[openpyxl.utils.column_index_from_string(str(v.sqref)[0]) - 1]: v.formula1
             for v in customers.data_validations.dataValidation}
    assert lists["进度"] == '"a,b,c,d"' and lists["手动级别"] == '"S,A,B,C,D,F"'
    assert lists["买过同类"] == lists["勿扰"] == '"是,否"' and lists["意向"] == '"高,中,低,无"'
    status = wb["订单"].data_validations.dataValidation[0]
    assert status.formula1 == '"成交未下单,待付款,已下单,已发货,已签收,已关闭,退款中,退货"'
    overdue = [r.formula[0] for rng in customers.conditional_formatting for r in rng.rules]
    assert overdue == ["AND(ISNUMBER(Q2),Q2<TODAY())"] and headers[16] == "下次跟进"
    for name in ("客户", "订单", "跟进记录", "产品"):
        assert wb[name].freeze_panes == "A2" and len(wb[name].tables) == 1 and wb[name].max_row >= 2


def test_customer_template_reads_back_without_problems():
    book, settings, report = read_workbook(CUSTOMER_TEMPLATE, date(2026, 11, 23))
    assert report.problems == [] and len(book.customers) == 8 and book.orders and book.contacts and book.products


def test_tracking_logs_have_their_period_columns():
    wb = openpyxl.load_workbook(TRACKING_TEMPLATE)
    assert wb.sheetnames == ["日志", "周志", "半月志", "月志", "年志"]
    first = {ws.title: (ws["A1"].value, ws["A2"].value, ws["A3"].value) for ws in wb.worksheets}
    assert first == {
        "日志": ("日期", datetime(2027, 1, 4), datetime(2027, 1, 5)),
        "周志": ("周（周一）", datetime(2027, 1, 4), datetime(2027, 1, 11)),
        "半月志": ("半月", "2027年1月1日–15日", "2027年1月16日–31日"),
        "月志": ("月份", "2027年1月", "2027年2月"),
        "年志": ("年份", "2027年", "2028年"),
    }
    assert all(ws["G1"].value == "进度 a/b/c/d" for ws in wb.worksheets)


def test_init_on_the_template_day_writes_the_template(tmp_path):
    target = tmp_path / "我的客户.xlsx"
    assert main(["init", str(target), "--today", TEMPLATE_DAY.isoformat()]) == 0
    assert content(target) == content(CUSTOMER_TEMPLATE)


def dated_cells(path, sheet):
    """Every date on a sheet but the birthdays, which do not move with the day."""
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    keep = [i for i, header in enumerate(rows[0]) if header != "生日"]
    return [row[i] for row in rows[1:] for i in keep if isinstance(row[i], datetime)]


def test_init_dates_the_samples_around_its_own_day(tmp_path):
    """The template's rows, moved by the days between its day and init's: 2026-01-05 → 2026-12-02 is 331 days."""
    target = tmp_path / "新店.xlsx"
    assert main(["init", str(target), "--today", "2026-12-02"]) == 0
    shift = timedelta(days=331)
    for sheet in ("订单", "跟进记录"):
        template_dates = dated_cells(CUSTOMER_TEMPLATE, sheet)
        assert template_dates and dated_cells(target, sheet) == [d + shift for d in template_dates]
    assert main(["refresh", str(target), "--today", "2026-12-02"]) == 0  # 0: no order or contact after that day
    due = sheet_values(target, "待办")[1:]
    assert due and max(row[1] or 0 for row in due) < 100  # the copied template said 逾期384天


def test_every_sample_row_says_it_is_one(tmp_path):
    target = tmp_path / "新店.xlsx"
    assert main(["init", str(target), "--today", "2026-12-02"]) == 0
    wb = openpyxl.load_workbook(target)
    customers = list(wb["客户"].iter_rows(min_row=2, values_only=True))
    assert all(row[1].startswith("示例·") and row[-1] == "示例：删掉各表中「示例·」开头的行即可" for row in customers)
    assert all(row[2].startswith("示例·") and row[3].startswith("示例·") for row in wb["订单"].iter_rows(min_row=2, values_only=True))
    assert all(row[2].startswith("示例·") for row in wb["跟进记录"].iter_rows(min_row=2, values_only=True))
    assert all(row[0].startswith("示例·") for row in wb["产品"].iter_rows(min_row=2, values_only=True))
    assert main(["refresh", str(target), "--today", "2026-12-02"]) == 0
    assert all(row[3].startswith("示例·") for row in sheet_values(target, "待办")[1:])


def test_settings_sheet_spells_out_every_festival_switch_and_template():
    rows = {r[0]: r[2] for r in openpyxl.load_workbook(CUSTOMER_TEMPLATE)["设置"].iter_rows(min_row=2, values_only=True)}
    assert rows["festival_switch.中秋"] is True and rows["festival_switch.圣诞"] is True
    assert rows["greeting_templates.春节"].startswith("{称呼}，新春快乐")
    assert rows["cadence_days.C"] == 15 and rows["probability.a"] == 0.8


def test_init_with_logs_writes_tracking_logs_from_this_week(tmp_path):
    target = tmp_path / "店.xlsx"
    assert main(["init", str(target), "--logs", "--today", "2026-11-25"]) == 0
    logs = openpyxl.load_workbook(tmp_path / "店-追踪志.xlsx")
    assert logs.sheetnames == ["日志", "周志", "半月志", "月志", "年志"]
    assert logs["周志"]["A2"].value == datetime(2026, 11, 23) and logs["年志"]["A2"].value == "2026年"


def period_column(first_day, periods, sheet="半月志"):
    return [row[0] for row in tracking_workbook(first_day, periods)[sheet].iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("first_day, expected", [
    (date(2026, 11, 30), ["2026年11月16日–30日", "2026年12月1日–15日", "2026年12月16日–31日", "2027年1月1日–15日",
                          "2027年1月16日–31日", "2027年2月1日–15日", "2027年2月16日–28日"]),
    (date(2028, 2, 14), ["2028年2月1日–15日", "2028年2月16日–29日", "2028年3月1日–15日"]),  # a leap February
    (date(2026, 4, 16), ["2026年4月16日–30日", "2026年5月1日–15日", "2026年5月16日–31日"]),
    (date(2026, 12, 15), ["2026年12月1日–15日", "2026年12月16日–31日", "2027年1月1日–15日"]),
])
def test_half_months_are_the_1st_to_15th_and_the_16th_to_the_end(first_day, expected):
    assert period_column(first_day, len(expected)) == expected


def test_init_logs_start_with_the_half_month_of_this_week(tmp_path):
    assert main(["init", str(tmp_path / "店.xlsx"), "--logs", "--today", "2026-12-02"]) == 0  # week of Mon 11-30
    logs = openpyxl.load_workbook(tmp_path / "店-追踪志.xlsx")["半月志"]
    assert [logs[f"A{row}"].value for row in (2, 3, 4)] == ["2026年11月16日–30日", "2026年12月1日–15日", "2026年12月16日–31日"]
