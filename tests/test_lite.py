"""macros.lite under xlwings.server's decorators (the code xlwings Lite runs): function metadata, calls with Office.js
payloads against macros.udfs, and each button's actions against the sheets the CLI writes."""
from __future__ import annotations

import asyncio
import re
from datetime import date, datetime, timedelta

import pytest

from workbook.owned import OWNED_SHEETS
from workbook.sheets import CHECK_SHEET, DUE_SHEET, GREETINGS_SHEET, WEEKLY_SHEET

from . import test_udfs as udf_tables
from .test_ribbon import TODAY as SHOP_DAY, demo, table  # noqa: F401 (demo is a fixture)
from .test_udfs import NOW, UDF_NAMES, col, one
from .xlwings_lite import function_argument, lite_machinery, payload, sheet_mark
from .xlwings_udfs import real_udf_machinery

BUTTON_LABELS = {"refresh_due_list": "刷新待办", "greeting_list": "祝福名单", "weekly_sheet": "本周跟进表",
                 "regrade": "重新分级", "check_data": "检查数据"}


@pytest.fixture(scope="module")
def lite():
    with lite_machinery() as loaded:
        yield loaded


@pytest.fixture(scope="module")
def com_udfs():
    with real_udf_machinery() as loaded:
        yield loaded[1]


# ---------------------------------------------------------------- what Office.js registers


def test_every_tb_function_is_registered_with_the_com_parameters(lite, com_udfs):
    server, module = lite
    meta = {f["id"]: f for f in server.custom_functions_meta(module)["functions"]}
    assert sorted(meta) == sorted(UDF_NAMES)
    for name in UDF_NAMES:
        com_args = getattr(com_udfs, name).__xlfunc__["args"]
        params = meta[name]["parameters"]
        assert [p["name"] for p in params] == [a["name"] for a in com_args], name
        assert [p.get("optional", False) for p in params] == ["optional" in a for a in com_args], name
        assert [p["description"] for p in params] == [a["doc"] for a in com_args], name
        assert all(p["dimensionality"] == "matrix" for p in params)
        assert meta[name]["result"] == {"dimensionality": "matrix", "type": "any"}  # lists spill
        description = meta[name]["description"]
        assert re.search(r"[\u4e00-\u9fff]", description) and re.search(r"[A-Za-z]+ [a-z]+ [a-z]+", description)


def test_scripts_are_the_ribbon_buttons_under_their_labels(lite):
    server, module = lite
    from macros.ribbon import BUTTONS

    scripts = {s["function_name"]: s for s in server.custom_scripts_meta(module)}
    # 导出提醒 writes an .ics file beside the workbook: Lite runs in Excel's sandbox, with no such folder.
    assert set(scripts) == set(BUTTONS) - {"export_reminders"}
    for tag, entry in scripts.items():
        assert entry["name"] == BUTTON_LABELS[tag]
        assert entry["exclude"] == ",".join(OWNED_SHEETS) and entry["include"] is None


# ---------------------------------------------------------------- calls with Office.js-shaped arguments


def call(server, module, name, *args):
    """custom_functions_call as the Lite runtime makes it; the 2-D result Excel receives."""
    data = {"func_name": name, "args": [function_argument(a) for a in args], "client": "Office.js",
            "version": "0.37.8", "runtime": "1.3", "culture_info_name": "zh-CN", "date_format": None}
    return asyncio.run(server.custom_functions_call(data, module))


def as_excel_receives(server, result):
    """A COM UDF's result as Office.js would hand it to Excel (2-D, dates as serials)."""
    from xlwings.pro.udfs_officejs import convert

    return asyncio.run(convert(result, {"options": {}}, {"runtime": "1.3"}))


GRADE_CALLS = [("TB_GRADE", (*(one(v) for v in list(cells) + [None] * (9 - len(cells))), NOW))
               for cells, _, _ in udf_tables.GRADE_CASES]
WHY_CALLS = [("TB_WHY", args) for _, args in GRADE_CALLS]
NEXT_DUE_CALLS = [("TB_NEXT_DUE", (one(letter), one(last), one(chosen), NOW))
                  for letter, last, chosen, _ in udf_tables.NEXT_DUE_CASES]
OTHER_CALLS = [
    ("TB_GRADE", (col(3.0, None, 0.0), None, None, None, None, None, None, None, None, NOW)),
    ("TB_GRADE", ([[3.0, 0.0, 1.0]],)),
    ("TB_GRADE", (col(None, 2.0), col("a", "b", "c"))),
    ("TB_NEXT_DUE", (col("C", "X", None, "A"), col("2024-13-01", None, None, "#N/A"), None, NOW)),
    ("TB_NEXT_DUE", (one("A"), one(NOW - timedelta(days=1)), None, udf_tables.SERIAL)),
    ("TB_PROGRESS_P", (col("a", None, "#DIV/0!", "B-快成交"),)),
    ("TB_PROGRESS_P", (one("a"), [["设置项", "说明", "值"], ["probability.a", "成交概率：a", "90%"]])),
    ("TB_STAGE", (one(datetime(2026, 11, 1)), one("已签收"), one(30.0), one(1.0), one(datetime(2026, 11, 5)), None,
                  one(datetime(2026, 11, 7)), NOW)),
    ("TB_STAGE", (one(None), None, None, None, None, None, None, NOW)),
    ("TB_LIFECYCLE", (col(3.0, 1.0, None, 12.0, 2.0),
                      col(datetime(2026, 1, 1), "2026-11-01", None, datetime(2026, 10, 1), datetime(2026, 10, 1)),
                      None, col(None, None, None, None, "是"), NOW)),
    ("TB_VALUE_TIER", (col(100.0, "50元", -5.0, None, "x", 10.0),)),
    ("TB_VALUE_TIER", (col(100.0, 100.0), col(0.0, 150.0))),
    ("TB_LUNAR_TO_SOLAR", (one("农历八月十五"), one(2026.0))),
    ("TB_LUNAR_TO_SOLAR", (one("1990年农历八月十五"),)),
    ("TB_LUNAR_TO_SOLAR", (one("八月三十"), one(2026.0))),
    ("TB_LUNAR_TO_SOLAR", (one("农历八月十五"), one(2150.0))),
    ("TB_FESTIVALS", (NOW, 40.0)),
    ("TB_FESTIVALS", (datetime(2026, 9, 20), None)),
    ("TB_DUE_LIST", ([["姓名", "购买次数", "最近联系", "生日"], ["张三", 1.0, "abc", None], ["李四", None, None, "2月30日"]],
                     NOW)),
    ("TB_GREETINGS", ([["姓名", "生日"], ["张三", "12月1日"], ["李四", "农历十月廿二"]], NOW, 30.0)),
]
CALLS = GRADE_CALLS + WHY_CALLS + NEXT_DUE_CALLS + OTHER_CALLS


@pytest.mark.parametrize("name, args", CALLS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CALLS)])
def test_office_js_calls_give_what_the_com_udfs_give(lite, com_udfs, name, args):
    server, module = lite
    expected = as_excel_receives(server, getattr(com_udfs, name)(*args))
    assert call(server, module, name, *args) == expected


def test_a_call_over_the_demo_shop_spills_the_com_due_list(lite, com_udfs, demo_rows):
    server, module = lite
    args = (demo_rows["客户"], NOW, demo_rows["订单"], demo_rows["跟进记录"], demo_rows["产品"], demo_rows["设置"])
    result = call(server, module, "TB_DUE_LIST", *args)
    assert len(result) > 5 and result == as_excel_receives(server, com_udfs.TB_DUE_LIST(*args))


def test_newer_errors_arrive_as_text_and_mark_their_own_row(lite):
    server, module = lite
    # Office.js hands #CALC! over by name, where COM gives its error number.
    costs = [[0.0], [{"type": "Error", "basicValue": "#CALC!"}], [0.0]]
    data = {"func_name": "TB_VALUE_TIER", "args": [[[100], [50], [10]], costs], "client": "Office.js",
            "version": "0.37.8", "runtime": "1.3"}
    assert asyncio.run(server.custom_functions_call(data, module)) == [
        ["A"], ["#输入有错误值 (input is an error): #CALC!"], ["B"]]


@pytest.fixture(scope="module")
def demo_rows(tmp_path_factory):
    from templates.build import customer_workbook
    from tierbook.demo_data import demo_book
    from tierlogic.settings import Settings
    from workbook.filereader import read_sheets

    path = tmp_path_factory.mktemp("lite") / "demo.xlsx"
    customer_workbook(demo_book(udf_tables.TODAY, 40), Settings()).save(path)
    return read_sheets(path)[0]


# ---------------------------------------------------------------- the buttons as scripts


@pytest.fixture
def run_script(lite, monkeypatch):
    """Runs a button's script on the payload the add-in would send; the Book afterwards, holding its actions."""
    import xlwings as xw

    import macros.ribbon as ribbon

    server, module = lite
    monkeypatch.setattr(ribbon, "date", _FixedDay)  # the buttons run "today"; the CLI's sheets were made on SHOP_DAY

    def run(tag, sheets, names=(), excluded=OWNED_SHEETS):
        book = xw.Book(json=payload(sheets, names, tuple(n for n in excluded if n in sheets)))
        asyncio.run(server.custom_scripts_call(module, tag, typehint_to_value={xw.Book: book}))
        return book

    return run


class _FixedDay(date):
    @classmethod
    def today(cls):
        return SHOP_DAY


def written(book, sheet_names):
    """Each sheet's cells as Excel stores them after the actions: apostrophe-prefixed text as text, ISO dates as dates."""
    actions = book.json()["actions"]
    positions = [a["args"][1] for a in actions if a["func"] == "addSheet"]
    existing = [s.name for s in book.sheets]
    cells: dict[str, dict] = {}
    for action in actions:
        if action["func"] != "setValues":
            continue
        name = existing[action["sheet_position"]] if action["sheet_position"] < len(existing) else positions.pop(0)
        grid = cells.setdefault(name, {})
        for i, row in enumerate(action["values"]):
            for j, value in enumerate(row):
                grid[(action["start_row"] + i, action["start_column"] + j)] = _stored(value)
    return {name: _rows(cells.get(name, {})) for name in sheet_names}


def _stored(value):
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value)
    return value


def _rows(grid):
    if not grid:
        return []
    height, width = max(r for r, _ in grid) + 1, max(c for _, c in grid) + 1
    return [[grid.get((r, c)) for c in range(width)] for r in range(height)]


@pytest.mark.parametrize("tag, sheets", [("refresh_due_list", (DUE_SHEET, CHECK_SHEET)),
                                         ("greeting_list", (GREETINGS_SHEET, CHECK_SHEET)),
                                         ("weekly_sheet", (WEEKLY_SHEET, CHECK_SHEET)),
                                         ("regrade", OWNED_SHEETS),
                                         ("check_data", (CHECK_SHEET,))])
def test_each_script_writes_what_the_cli_writes(run_script, demo, tag, sheets):
    seller_sheets, cli_sheets = demo
    book = run_script(tag, seller_sheets)
    added = [a["args"][1] for a in book.json()["actions"] if a["func"] == "addSheet"]
    assert added == list(sheets)
    for name, rows in written(book, sheets).items():
        assert table(rows) == table(cli_sheets[name]), name
    funcs = {a["func"] for a in book.json()["actions"]}
    assert {"setColumnWidth", "setRangeColor", "namesAdd", "freezePaneAtRange"} <= funcs
    assert not {"sheetDelete", "sheetClear"} & funcs  # nothing of the seller's is touched


def test_a_second_run_rewrites_our_marked_sheets(run_script, demo):
    seller_sheets, _ = demo
    first = run_script("refresh_due_list", seller_sheets)
    marks = [a for a in first.json()["actions"] if a["func"] == "namesAdd"]
    assert [m["args"] for m in marks] == [["_tierbook", f"='{DUE_SHEET}'!$A$1"], ["_tierbook", f"='{CHECK_SHEET}'!$A$1"]]
    sheets = {**seller_sheets, DUE_SHEET: [["旧"]], CHECK_SHEET: [["旧"]]}
    names = [sheet_mark(name, list(sheets).index(name)) for name in (DUE_SHEET, CHECK_SHEET)]
    again = run_script("refresh_due_list", sheets, names)
    funcs = [a["func"] for a in again.json()["actions"]]
    assert "addSheet" not in funcs and funcs.count("sheetClear") == 2 and "alert" not in funcs


def test_a_sellers_sheet_with_our_name_is_refused_like_the_ribbon_does(run_script, demo):
    seller_sheets, _ = demo
    sheets = {**seller_sheets, DUE_SHEET: [["我自己的待办"], ["给王姐回电话"]]}
    book = run_script("refresh_due_list", sheets, excluded=())
    actions = book.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"]
    assert "已有名为“待办”的工作表，它不是本工具生成的，不会被覆盖" in actions[0]["args"][0]
    assert "The workbook already has a sheet named '待办' that this tool did not create" in actions[0]["args"][0]
