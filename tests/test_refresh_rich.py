"""`tierbook refresh` on a seller workbook with every kind of content: theirs untouched, ours right, LibreOffice opens it."""
import shutil
import subprocess
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from tierbook.cli import main
from tierlogic.daily import plan
from workbook.pdf import soffice
from workbook.filereader import read_workbook
from workbook.owned import OWNED_SHEETS

from .sellerbook import SHARED_PARTS, build_seller, read_parts

TODAY = date(2026, 11, 23)


@pytest.fixture(params=[False, True], ids=["xlsx", "xlsm"])
def refreshed(request, tmp_path):
    """(original copy, refreshed file, exit code) for a workbook with a chart, image, comments,
    validation, conditional formats, a table, names, print settings, formulas and (xlsm) VBA."""
    seller = build_seller(tmp_path, macro=request.param)
    original = tmp_path / ("original" + seller.suffix)
    shutil.copyfile(seller, original)
    code = main(["refresh", str(seller), "--today", TODAY.isoformat()])
    return original, seller, code


def test_every_part_we_do_not_own_is_byte_identical(refreshed):
    original, seller, code = refreshed
    assert code in (0, 1)  # 1: the test book's 订单 sheet has no dates, which is reported
    before, after = read_parts(original), read_parts(seller)
    assert set(before) <= set(after)
    assert {n: before[n] for n in before if n not in SHARED_PARTS} == {n: after[n] for n in before if n not in SHARED_PARTS}


def test_our_sheets_hold_the_planned_rows(refreshed):
    original, seller, _ = refreshed
    book, settings, report = read_workbook(original, TODAY)
    expected = plan(book, TODAY, settings)
    workbook = CalamineWorkbook.from_path(str(seller))
    assert workbook.sheet_names[-len(OWNED_SHEETS):] == list(OWNED_SHEETS)
    due = workbook.get_sheet_by_name("待办").to_python()
    assert [r[3] for r in due[1:]] == [r.name for r in expected.due_rows] and len(due) > 1
    check = workbook.get_sheet_by_name("检查报告").to_python()
    problems = [tuple(r[:3]) for r in check[1:] if r[0] != "说明"]  # after what was read and the notices
    assert problems == [(p.sheet, p.row, p.cells()[2]) for p in report.problems]


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is installed by .ci/run")
def test_libreoffice_opens_the_refreshed_workbook(refreshed, tmp_path):
    _, seller, _ = refreshed
    profile = (tmp_path / "lo-profile").as_uri()
    out = tmp_path / "lo"
    done = subprocess.run([soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
                           "--outdir", str(out), str(seller)], capture_output=True, text=True, timeout=600)
    resaved = out / (seller.stem + ".xlsx")
    assert done.returncode == 0 and resaved.exists(), done.stderr
    names = CalamineWorkbook.from_path(str(resaved)).sheet_names
    assert set(OWNED_SHEETS) <= set(names) and "客户" in names
