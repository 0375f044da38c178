"""What the seller writes on our sheets (已发, ☐ ticks, circled progress, notes) survives the next refresh (issue 15.2)."""
from __future__ import annotations

import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from tierbook.cli import main
from workbook.marks import carry_marks
from workbook.report import CheckReport
from tierlogic.greetings import GreetingRow
from workbook.sheets import GREETINGS_SHEET, PROGRESS_TO_CIRCLE, TICK, WEEKLY_SHEET, greetings_sheet

TODAY = date(2026, 11, 9)  # a Monday


def shop(folder: Path, names=("张三", "李四", "王五")) -> Path:
    """Each customer has a birthday this week (so a 祝福名单 row) and has never been contacted (so a 待办 row today)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户"
    ws.append(["姓名", "手机", "生日"])
    for i, name in enumerate(names):
        ws.append([name, f"1380000000{i}", date(1990, 11, 11 + i)])
    path = folder / "客户簿.xlsx"
    wb.save(path)
    return path


def refresh(path: Path, today: date = TODAY) -> None:
    assert main(["refresh", str(path), "--today", today.isoformat()]) in (0, 1)


def mark(path: Path, sheet: str, customer: str, **cells) -> None:
    """Write as a seller would (openpyxl saves like Excel does: shared strings, our hidden names kept)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    headers = [c.value for c in ws[1]]
    column = headers.index("客户")
    row = next(r for r in ws.iter_rows(min_row=2) if r[column].value == customer)
    for header, value in cells.items():
        row[headers.index(header.replace("_", ""))].value = value
    wb.save(path)


def rows(path: Path, sheet: str) -> list[dict]:
    ws = openpyxl.load_workbook(path)[sheet]
    headers = [c.value for c in ws[1]]
    return [dict(zip(headers, r)) for r in ws.iter_rows(min_row=2, values_only=True)]


def row_of(path: Path, sheet: str, customer: str) -> dict:
    return next(r for r in rows(path, sheet) if r["客户"] == customer)


def notices(path: Path) -> list[str]:
    return [r["值"] for r in rows(path, "检查报告") if r["表"] == "说明"]


def test_a_sent_mark_is_kept_and_one_whose_row_is_gone_is_reported_with_its_value(tmp_path: Path):
    path = shop(tmp_path)
    refresh(path)
    mark(path, GREETINGS_SHEET, "张三", 已发="√")
    mark(path, GREETINGS_SHEET, "李四", 已发="√")  # his first row: 双十一, on 张三's birthday
    wb = openpyxl.load_workbook(path)  # 李四 leaves the customer list: his greeting row goes with him
    wb["客户"].delete_rows(3)
    wb.save(path)
    refresh(path)
    assert row_of(path, GREETINGS_SHEET, "张三")["已发"] == "√"
    assert row_of(path, GREETINGS_SHEET, "王五")["已发"] is None
    said = notices(path)
    assert "祝福名单：保留了 1 处你填写的内容（已发）(your marks kept: 1)" in said
    assert any(n.startswith("祝福名单：1 处你填写的内容因该行已不在表中而未保留") and "2026-11-11 李四 双十一 已发=√" in n
               for n in said)


def test_the_weekly_ticks_circles_and_notes_stay_on_their_day_and_customer(tmp_path: Path):
    path = shop(tmp_path)
    refresh(path)
    mark(path, WEEKLY_SHEET, "李四", **{TICK: "√", "新进度（圈选）": "b", "备注": "周三再打"})
    mark(path, WEEKLY_SHEET, "王五", **{TICK: TICK, "新进度（圈选）": PROGRESS_TO_CIRCLE})  # untouched: not a mark
    refresh(path)
    li = row_of(path, WEEKLY_SHEET, "李四")
    assert (li[TICK], li["新进度（圈选）"], li["备注"]) == ("√", "b", "周三再打")
    wang = row_of(path, WEEKLY_SHEET, "王五")
    assert (wang[TICK], wang["新进度（圈选）"], wang["备注"]) == (TICK, PROGRESS_TO_CIRCLE, None)
    assert "本周跟进表：保留了 3 处你填写的内容（☐、新进度（圈选）、备注）(your marks kept: 3)" in notices(path)


def test_a_tick_on_a_day_that_is_no_longer_its_day_is_reported_not_moved(tmp_path: Path):
    path = shop(tmp_path, names=("张三",))
    refresh(path)  # Monday: 张三 is due today
    mark(path, WEEKLY_SHEET, "张三", 备注="打过电话，没接")
    refresh(path, TODAY + timedelta(days=1))  # Tuesday: still not logged, so the task sits on Tuesday now
    assert row_of(path, WEEKLY_SHEET, "张三")["备注"] is None
    assert any("11月9日 张三 备注=打过电话，没接" in n for n in notices(path))


def test_refresh_twice_with_marks_is_refresh_once(tmp_path: Path):
    path = shop(tmp_path)
    refresh(path)
    mark(path, GREETINGS_SHEET, "王五", 已发="√")
    mark(path, WEEKLY_SHEET, "张三", 备注="要样品")
    refresh(path)
    once = _parts(path)
    refresh(path)
    assert _parts(path) == once
    assert row_of(path, GREETINGS_SHEET, "王五")["已发"] == "√"


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def greeting(name: str, text: str, key: str = "c1") -> GreetingRow:
    return GreetingRow(date=date(2026, 11, 12), occasions=("生日",), key=key, name=name, grade="S", value_tier="A",
                       channel="私聊", red_packet=None, text=text, why=None)


def test_rows_of_the_same_identity_keep_their_own_marks_in_order():
    # Two customers named 张三 (different phones) greeted on one day: each row keeps its own mark.
    spec = greetings_sheet([greeting("张三", "一", "c1"), greeting("张三", "二", "c2")])
    earlier = [list(spec.headers), [date(2026, 11, 12), "生日", "张三", "S", "A", "私聊", None, "一", None],
               [datetime(2026, 11, 12), "生日", "张三", "S", "A", "私聊", None, "二", "√"]]
    carried = carry_marks(spec, earlier, CheckReport())
    assert [r[-1] for r in carried.rows] == [None, "√"]


@pytest.mark.parametrize("typed", [" ", ""])
def test_a_blank_cell_is_no_mark(typed: str):
    spec = greetings_sheet([greeting("张三", "生日快乐")])
    report = CheckReport()
    earlier = [list(spec.headers), [date(2026, 11, 12), "生日", "张三", "S", "A", "私聊", None, "生日快乐", typed]]
    assert carry_marks(spec, earlier, report) == spec
    assert report.notices == []


def test_the_ribbon_carries_marks_too(tmp_path: Path):
    from macros import ribbon  # noqa: PLC0415  (imports xlwings)

    from .fake_xlwings import FakeBook  # noqa: PLC0415

    wb = openpyxl.load_workbook(shop(tmp_path))
    book = FakeBook({"客户": [list(r) for r in wb["客户"].iter_rows(values_only=True)]})
    ribbon.greeting_list(book, TODAY)
    sheet = book.sheets[GREETINGS_SHEET]
    sent = next(r for (r, c), v in sheet.cells.items() if c == 3 and v == "王五")
    sheet.cells[(sent, 9)] = "√"
    ribbon.greeting_list(book, TODAY)
    assert sheet.cells.get((sent, 9)) == "√"
    assert any("保留了 1 处" in str(v) for v in book.sheets["检查报告"].cells.values())


def test_a_column_the_seller_added_stays_with_its_rows(tmp_path: Path):
    path = shop(tmp_path)
    refresh(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["待办"]
    extra = ws.max_column + 1
    ws.cell(row=1, column=extra, value="结果")
    row_by = {(ws.cell(row=r, column=1).value.date(), ws.cell(row=r, column=4).value): r
              for r in range(2, ws.max_row + 1)}
    ws.cell(row=row_by[(TODAY, "王五")], column=extra, value="已加微信")
    ws.cell(row=row_by[(date(2026, 11, 12), "李四")], column=extra, value="不需要")
    wb["客户"].delete_rows(3)  # 李四 goes
    wb.save(path)
    refresh(path)
    results = {(r["到期日"].date(), r["客户"]): r["结果"] for r in rows(path, "待办")}
    assert results == {(TODAY, "张三"): None, (TODAY, "王五"): "已加微信", (date(2026, 11, 11), "张三"): None,
                       (date(2026, 11, 13), "王五"): None}
    said = notices(path)
    assert "待办：保留了 1 处你填写的内容（结果）(your marks kept: 1)" in said
    assert any(n.endswith("：2026-11-12 李四 结果=不需要") for n in said)
    # A dropped mark is said once (that run's backup still holds it); after that, refresh twice = refresh once.
    refresh(path)
    assert not any("李四" in n for n in notices(path))
    once = _parts(path)
    refresh(path)
    assert _parts(path) == once
    assert row_of(path, "待办", "王五")["结果"] == "已加微信"
