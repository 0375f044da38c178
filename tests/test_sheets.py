"""Our sheets as the seller sees them: content and layout read back from the rendered file (SPEC "Due list 待办 and weekly sheet")."""
from datetime import date, datetime, timedelta

import openpyxl
import pytest

from tierlogic.due_list import OVERDUE, TODAY as TODAY_SECTION, UPCOMING, DueRow
from tierlogic.explain import why
from tierlogic.greetings import GreetingRow
from workbook.sheetxml import xlsx_bytes
from workbook.report import CheckReport, Problem
from workbook.sheets import (CHECK_SHEET, DUE_COLUMNS, DUE_SHEET, GREETINGS_SHEET, TICK, WEEKLY_COLUMNS, WEEKLY_SHEET,
                             check_sheet, due_sheet, greetings_sheet, weekly_sheet)

from .helpers import TODAY, openpyxl_render

MONDAY = TODAY  # 2026-11-23 is a Monday


def due_row(name, due, section=UPCOMING, overdue=0, grade="B"):
    return DueRow(due=due, days_overdue=overdue, section=section, customer=name, name=name, grade=grade,
                  value_tier="A", lifecycle="老客", progress="b", probability=0.5,
                  reasons=(why("按节奏跟进：B级每7天（周志）", 上次联系=due - timedelta(days=7)),),
                  actions=("多聊一聊，让他从同行那里转过来",), last_contact=due - timedelta(days=7),
                  phone="13800000000", wechat=None)


ROWS = [due_row("甲", date(2026, 11, 20), OVERDUE, 3, "S"), due_row("乙", TODAY, TODAY_SECTION),
        due_row("丙", date(2026, 11, 25)), due_row("丁", date(2026, 11, 29))]


def greeting_row():
    return GreetingRow(date(2026, 11, 24), ("生日",), "甲", "甲", "S", "A", "私聊", None, "甲，生日快乐！", why("祝福：生日"))


def save_with(engine, specs, path):
    """Write with the refresh's XML writer or with the openpyxl renderer (templates, xlwings parity)."""
    if engine == "xml":
        path.write_bytes(xlsx_bytes(specs))
    else:
        openpyxl_render(specs).save(path)
    return path


@pytest.fixture(scope="module", params=["xml", "openpyxl"])
def saved(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("sheets") / "ours.xlsx"
    specs = [due_sheet(ROWS), greetings_sheet([greeting_row()]), weekly_sheet(ROWS, MONDAY, TODAY),
             check_sheet(CheckReport([Problem("客户", 5, "G", "生日", "2024-13-01", "日期")], ["未找到订单表"]))]
    return openpyxl.load_workbook(save_with(request.param, specs, path))


def values(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_due_sheet_content_and_order(saved):
    ws = saved[DUE_SHEET]
    rows = values(ws)
    assert rows[0] == [c.header for c in DUE_COLUMNS]
    assert [r[3] for r in rows[1:]] == ["甲", "乙", "丙", "丁"]
    assert [r[2] for r in rows[1:]] == ["逾期", "今天", "未来", "未来"]
    assert rows[1][1] == 3 and rows[2][1] is None
    assert rows[1][12] == "按节奏跟进：B级每7天（周志）（上次联系=2026-11-13）"


def test_due_sheet_layout(saved):
    ws = saved[DUE_SHEET]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:Q5"  # 消费行为, 价值分类 after 上次联系
    assert ws["A2"].number_format == "yyyy-mm-dd" and ws["O2"].number_format == "yyyy-mm-dd"
    assert ws["L2"].number_format == "0%"
    assert ws["A1"].font.bold
    assert ws["D2"].fill.fgColor.rgb.endswith("FDE2E1")      # overdue row highlighted
    assert ws["D3"].fill.fill_type is None                    # today's row is not
    assert ws.column_dimensions["M"].width == 48 and ws["M2"].alignment.wrap_text


def test_greetings_sheet_has_a_sent_dropdown(saved):
    ws = saved[GREETINGS_SHEET]
    assert values(ws)[1] == [datetime(2026, 11, 24), "生日", "甲", "S", "A", "私聊", None, "甲，生日快乐！", None]
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"√"' and str(validation.sqref) == "I2"


def test_weekly_sheet_groups_monday_to_sunday(saved):
    ws = saved[WEEKLY_SHEET]
    rows = values(ws)
    assert rows[0] == [c.header for c in WEEKLY_COLUMNS]
    headings = [r[0] for r in rows[1:] if r[0] != TICK]
    assert headings == ["周一  11月23日", "周二  11月24日  （无待办）", "周三  11月25日", "周四  11月26日  （无待办）",
                        "周五  11月27日  （无待办）", "周六  11月28日  （无待办）", "周日  11月29日"]
    monday_tasks = rows[2:4]
    assert [r[1] for r in monday_tasks] == ["甲", "乙"]         # the overdue one sits on today
    assert monday_tasks[0][4] == "【逾期3天】按节奏跟进：B级每7天（周志）"
    assert monday_tasks[0][6] == "a   b   c   d" and monday_tasks[0][7] is None
    assert "A2:H2" in {str(r) for r in ws.merged_cells.ranges}


def test_weekly_sheet_print_setup(saved):
    ws = saved[WEEKLY_SHEET]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # OOXML paper size 9 is A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$1:$1"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert ws.oddHeader.center.text == "本周跟进表  2026-11-23 至 2026-11-29"
    assert ws.print_area == "'本周跟进表'!$A$1:$H$12"  # header + 7 day rows + 4 tasks


def test_check_sheet_opens_with_the_notices_then_lists_problems(saved):
    assert values(saved[CHECK_SHEET])[1:] == [["说明", None, None, "未找到订单表", None],
                                             ["客户", 5, "G（生日）", "2024-13-01", "日期"]]


@pytest.mark.parametrize("engine", ["xml", "openpyxl"])
def test_a_formula_looking_name_is_written_as_text(tmp_path, engine):
    path = save_with(engine, [due_sheet([due_row('=HYPERLINK("http://x","点我")', TODAY, TODAY_SECTION)])],
                     tmp_path / "x.xlsx")
    cell = openpyxl.load_workbook(path)[DUE_SHEET]["D2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x","点我")'
