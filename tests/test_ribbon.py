"""Ribbon entry points against a fake open Book, checked cell by cell against what the CLI writes for the same data."""
from __future__ import annotations

import shutil
from datetime import date, datetime

import pytest
from python_calamine import CalamineWorkbook

from macros import ribbon
from macros.xlwings_render import XL_LANDSCAPE, XL_PAPER_A4, cell_value, is_ours
from templates.build import customer_workbook
from tierbook.demo_data import demo_book
from tierlogic.settings import Settings
from workbook.filereader import read_sheets
from workbook.refresh import refresh
from workbook.owned import OWNED_SHEETS
from workbook.sheets import CHECK_SHEET, DUE_COLUMNS, DUE_SHEET, GREETINGS_SHEET, WEEKLY_SHEET

from .fake_xlwings import FakeBook

TODAY = date(2026, 12, 20)  # the greeting window holds 冬至, 平安夜 and 圣诞, so 祝福名单 is never empty
NOW = datetime(2026, 11, 23, 8, 0)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """(the seller's sheets as read before any refresh, our sheets as the CLI wrote them)."""
    folder = tmp_path_factory.mktemp("ribbon")
    original = folder / "demo.xlsx"
    customer_workbook(demo_book(TODAY, 40), Settings()).save(original)
    by_cli = folder / "cli.xlsx"
    shutil.copyfile(original, by_cli)
    refresh(by_cli, TODAY, NOW)
    book = CalamineWorkbook.from_path(str(by_cli))
    cli_sheets = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in OWNED_SHEETS}
    return read_sheets(original)[0], cli_sheets


def normal(value):
    """One spelling per value: blanks as None, whole numbers as int, dates without a time."""
    if value in ("", None):
        return None
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def table(rows):
    cleaned = [[normal(v) for v in row] for row in rows]
    width = max((len(r) for r in cleaned), default=0)
    cleaned = [r + [None] * (width - len(r)) for r in cleaned]
    while cleaned and all(v is None for v in cleaned[-1]):
        cleaned.pop()
    return cleaned


def test_regrade_writes_what_the_cli_writes(demo):
    seller_sheets, cli_sheets = demo
    book = FakeBook(seller_sheets)
    skipped = ribbon.dispatch("regrade", book, TODAY)
    assert set(skipped) == set(OWNED_SHEETS) and not any(skipped.values())
    for name in OWNED_SHEETS:
        written = book.sheets[name]
        assert written.writes == 1, "values go in with one range write"
        assert table(written.rows()) == table(cli_sheets[name]), name
    assert len(table(book.sheets[DUE_SHEET].rows())) > 10
    assert f"客户分层：已更新 {'、'.join(OWNED_SHEETS)}" in book.app.status_bar


@pytest.mark.parametrize("tag, sheet", [("refresh_due_list", DUE_SHEET), ("greeting_list", GREETINGS_SHEET),
                                        ("weekly_sheet", WEEKLY_SHEET), ("check_data", CHECK_SHEET)])
def test_each_button_writes_its_sheet_and_the_check_report(demo, tag, sheet):
    seller_sheets, cli_sheets = demo
    book = FakeBook(seller_sheets)
    assert set(ribbon.dispatch(tag, book, TODAY)) == {sheet, CHECK_SHEET}
    names = [s.name for s in book.sheets]
    assert names[: len(seller_sheets)] == list(seller_sheets)  # the seller's sheets stay first, untouched
    assert table(book.sheets[sheet].rows()) == table(cli_sheets[sheet])
    for name, rows in seller_sheets.items():
        assert book.sheets[name].writes == 0 and not book.sheets[name].formats


def test_running_twice_gives_the_same_sheets(demo):
    book = FakeBook(demo[0])
    ribbon.regrade(book, TODAY)
    first = {name: table(book.sheets[name].rows()) for name in OWNED_SHEETS}
    ribbon.regrade(book, TODAY)
    assert {name: table(book.sheets[name].rows()) for name in OWNED_SHEETS} == first
    assert len(book.sheets) == len(demo[0]) + len(OWNED_SHEETS)


def test_formats_follow_the_sheet_spec(demo):
    book = FakeBook(demo[0])
    ribbon.regrade(book, TODAY)
    due = book.sheets[DUE_SHEET].formats
    assert ((1, 1), (1, len(DUE_COLUMNS)), "font.bold", True) in due
    assert ((1, 1), (1, 1), "column_width", 11) in due
    rows = len(table(book.sheets[DUE_SHEET].rows()))
    assert ((2, 1), (rows, 1), "number_format", "yyyy-mm-dd") in due
    assert ((2, 12), (rows, 12), "number_format", "0%") in due
    greetings = book.sheets[GREETINGS_SHEET].formats
    assert any(what == "data_validation" and value == ("√",) for _, _, what, value in greetings)
    weekly = book.sheets[WEEKLY_SHEET].formats
    merged = [(first, last, across) for first, last, what, across in weekly if what == "merge"]
    assert all(across for *_, across in merged) and all(last[1] == 8 for _, last, _ in merged)
    assert sum(last[0] - first[0] + 1 for first, last, _ in merged) == 7  # one heading row per day, each merged across


def test_com_features_when_excel_offers_them(demo):
    book = FakeBook(demo[0])
    ribbon.weekly_sheet(book, TODAY)
    log = dict(book.com_log)
    assert log[f"{WEEKLY_SHEET}.api.PageSetup.Orientation"] == XL_LANDSCAPE
    assert log[f"{WEEKLY_SHEET}.api.PageSetup.PaperSize"] == XL_PAPER_A4
    assert log[f"{WEEKLY_SHEET}.api.PageSetup.FitToPagesWide"] == 1
    assert log[f"{WEEKLY_SHEET}.api.PageSetup.PrintTitleRows"] == "$1:$1"
    assert log[f"{WEEKLY_SHEET}.api.PageSetup.CenterFooter"] == "第 &P 页，共 &N 页"
    assert log["app.api.ActiveWindow.SplitRow"] == 1 and log["app.api.ActiveWindow.FreezePanes"] is True
    assert (f"{CHECK_SHEET}.api.Range(A1:E{len(table(book.sheets[CHECK_SHEET].rows()))}).AutoFilter()", ()) in book.com_log


def test_without_com_the_values_still_arrive(demo):
    seller_sheets, cli_sheets = demo
    book = FakeBook(seller_sheets, com=False)
    skipped = ribbon.regrade(book, TODAY)
    assert skipped[WEEKLY_SHEET] == ("冻结表头", "打印设置")
    assert skipped[GREETINGS_SHEET] == ("冻结表头", "筛选", "下拉选项", "打印设置")
    assert table(book.sheets[WEEKLY_SHEET].rows()) == table(cli_sheets[WEEKLY_SHEET])


def test_text_that_excel_would_reinterpret_stays_text():
    assert cell_value("13800138000") == "'13800138000"
    assert cell_value("=1+1") == "'=1+1"
    assert cell_value("3/5") == "'3/5"
    assert cell_value(date(2026, 11, 23)) == date(2026, 11, 23)
    assert cell_value(0.5) == 0.5 and cell_value(None) is None


def test_unknown_tag_is_refused():
    with pytest.raises(ValueError, match="unknown ribbon tag 'nope'"):
        ribbon.dispatch("nope", FakeBook({}), TODAY)


def test_buttons_match_the_ribbon_tags():
    assert set(ribbon.BUTTONS) == {"refresh_due_list", "greeting_list", "weekly_sheet", "export_reminders", "regrade",
                                   "check_data"}


def test_a_sellers_own_sheet_with_our_name_is_never_touched(demo):
    seller_sheets, _ = demo
    book = FakeBook({**seller_sheets, DUE_SHEET: [["我自己的待办"]]})
    assert ribbon.dispatch("regrade", book, TODAY) == {}
    assert book.sheets[DUE_SHEET].rows() == [["我自己的待办"]]
    assert [s.name for s in book.sheets] == [*seller_sheets, DUE_SHEET]   # nothing else written either
    (prompt, title), = book.app.alerts
    assert "不是本工具生成的" in prompt and "did not create" in prompt and title == "客户分层"


def test_sheets_we_wrote_carry_our_mark_and_are_replaced_next_time(demo):
    book = FakeBook(demo[0])
    ribbon.dispatch("regrade", book, TODAY)
    assert all(is_ours(book.sheets[name]) for name in OWNED_SHEETS)
    assert ribbon.dispatch("refresh_due_list", book, TODAY)
    assert book.app.alerts == []


def test_newer_excel_errors_arriving_as_com_codes_are_reported_not_read_as_numbers(demo):
    seller_sheets, _ = demo
    book = FakeBook(seller_sheets)
    cost = list(seller_sheets["客户"][0]).index("维护费用")
    book.sheets["客户"].cells[(2, cost + 1)] = -2146826243  # #SPILL! as COM hands it over: an int
    ribbon.dispatch("check_data", book, TODAY)
    report = table(book.sheets[CHECK_SHEET].rows())
    assert ["客户", 2, "O（维护费用）", "#SPILL!"] in [row[:4] for row in report]


def test_error_cells_are_reported_in_text_columns_too(demo):
    seller_sheets, _ = demo
    book = FakeBook(seller_sheets)
    name = list(seller_sheets["客户"][0]).index("客户")
    book.sheets["客户"].cells[(3, name + 1)] = "#N/A"  # a VLOOKUP that found nothing, as err_to_str hands it over
    ribbon.dispatch("check_data", book, TODAY)
    assert ["客户", 3, "B（客户）", "#N/A"] in [row[:4] for row in table(book.sheets[CHECK_SHEET].rows())]


def test_any_other_failure_is_a_message_not_a_traceback(demo, monkeypatch):
    def protected(book, spec):
        raise RuntimeError("工作表受保护 / the sheet is protected")

    monkeypatch.setattr(ribbon, "render_sheet", protected)
    book = FakeBook(demo[0])
    assert ribbon.dispatch("refresh_due_list", book, TODAY) == {}
    (prompt, title), = book.app.alerts
    assert "the sheet is protected" in prompt and "press the button again" in prompt and title == "客户分层"
