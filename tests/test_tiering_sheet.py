"""客户分层 written by every refresh (issue 16): every customer read, once, sorted as SPEC says; never read back as
the seller's own customer list; in the CSV export too."""
from datetime import date

import openpyxl
from python_calamine import CalamineWorkbook

from templates.build import customer_workbook
from tierbook.cli import main
from tierbook.demo_data import demo_book
from tierlogic.grade import SIX_LEVEL_SCHEME
from tierlogic.settings import Settings
from workbook.refresh import load
from workbook.sheets import CHECK_SHEET, TIERING_COLUMNS, TIERING_SHEET

TODAY = date(2026, 11, 23)


def test_the_demo_shows_every_customer_in_tier_order(tmp_path):
    assert main(["demo", "--dir", str(tmp_path), "--today", TODAY.isoformat(), "--customers", "60", "--limit", "1"]) == 0
    path = tmp_path / "示例店铺.xlsx"
    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name(TIERING_SHEET).to_python()
    assert rows[0] == [c.header for c in TIERING_COLUMNS]
    customers = load(path, TODAY).book.customers
    assert sorted(r[0] for r in rows[1:]) == sorted(c.name for c in customers) and len(customers) == 60
    grades = [SIX_LEVEL_SCHEME.order[r[3]] for r in rows[1:]]
    assert grades == sorted(grades)
    ws = openpyxl.load_workbook(path)[TIERING_SHEET]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref and ws.page_setup.orientation == "landscape"


def test_a_second_refresh_does_not_read_the_tiering_sheet_as_customers(tmp_path):
    path = tmp_path / "店.xlsx"
    customer_workbook(demo_book(TODAY, customers=30), Settings()).save(path)
    assert main(["refresh", str(path), "--today", TODAY.isoformat()]) == 0
    loaded = load(path, TODAY)
    assert len(loaded.book.customers) == 30
    assert not any(TIERING_SHEET in notice for notice in loaded.report.notices)
    assert main(["refresh", str(path), "--today", TODAY.isoformat(), "--csv", str(tmp_path / "csv")]) == 0
    assert (tmp_path / "csv" / f"店-{TIERING_SHEET}.csv").read_text(encoding="utf-8-sig").count("\n") == 31
    assert CHECK_SHEET in CalamineWorkbook.from_path(str(path)).sheet_names
