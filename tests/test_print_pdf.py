"""Our lists printed by LibreOffice: A4 landscape, one page wide, header on every page, page x of y.

SPEC "weekly sheet" asks it of 本周跟进表; a seller prints 待办, 祝福名单 and 检查报告 too (issue 14).
"""
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from tierlogic.due_list import UPCOMING
from workbook.pdf import sheet_pdf, soffice
from tierlogic.explain import why
from tierlogic.greetings import GreetingRow
from workbook.report import CheckReport, Problem
from workbook.sheets import check_sheet, due_sheet, greetings_sheet, weekly_sheet

from .helpers import TODAY
from .test_sheets import due_row

BUILD = Path(__file__).resolve().parent.parent / "build"
pytestmark = pytest.mark.skipif(soffice() is None or shutil.which("pdftotext") is None,
                                reason="LibreOffice and poppler-utils are installed by .ci/run")

SIXTY = [due_row(f"客户{i:02d}", TODAY + timedelta(days=i % 7), UPCOMING) for i in range(60)]
GREETING = "{}，生日快乐！谢谢您一路的支持，愿您新的一岁平安喜乐、心想事成，有需要随时找我～"
SIXTY_GREETINGS = [GreetingRow(TODAY + timedelta(days=i % 14), ("生日",), f"客户{i:02d}", f"客户{i:02d}", "C", "C", "私聊",
                               None, GREETING.format(f"客户{i:02d}"), why("祝福：生日")) for i in range(60)]
SIXTY_PROBLEMS = CheckReport([Problem("客户", i + 2, "G", "生日", f"客户{i:02d}", "日期") for i in range(60)], [])

# sheet → (its spec, its first and last column header, the names every page must show once)
LISTS = {
    "weekly": (lambda: weekly_sheet(SIXTY, TODAY, TODAY), ("客户", "备注", "新进度（圈选）")),
    "due": (lambda: due_sheet(SIXTY), ("到期日", "上次联系", "建议动作")),
    "greetings": (lambda: greetings_sheet(SIXTY_GREETINGS), ("日期", "已发", "祝福语")),
    "check": (lambda: check_sheet(SIXTY_PROBLEMS), ("表", "应为", "值")),
}


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="module", params=sorted(LISTS))
def printed(request, tmp_path_factory):
    make, headers = LISTS[request.param]
    return sheet_pdf(make(), tmp_path_factory.mktemp("pdf") / f"{request.param}.pdf"), headers


@pytest.fixture(scope="module")
def weekly_pdf(tmp_path_factory):
    return sheet_pdf(weekly_sheet(SIXTY, TODAY, TODAY), tmp_path_factory.mktemp("pdf") / "weekly.pdf")


def test_every_page_is_a4_landscape_and_one_page_wide(printed):
    pdf, headers = printed
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    assert sizes and all((round(float(w)), round(float(h))) == (842, 595) for w, h in sizes)
    pages = pdf_pages(pdf)
    assert len(pages) == len(sizes)
    # A column spilling onto extra pages would leave pages without the first or the last header.
    for page in pages:
        assert all(header in page for header in headers)


def test_every_row_printed_once_with_real_chinese_text(printed):
    text = "".join(pdf_pages(printed[0]))
    assert all(text.count(f"客户{i:02d}") >= 1 for i in range(60))


def test_the_weekly_days_run_monday_to_sunday(weekly_pdf):
    text = "".join(pdf_pages(weekly_pdf))
    assert all(text.count(f"客户{i:02d}") == 1 for i in range(60))
    positions = [text.find(f"周{d}") for d in "一二三四五六日"]
    assert -1 not in positions and positions == sorted(positions)


def test_footer_says_page_x_of_y(printed):
    pages = pdf_pages(printed[0])
    for number, page in enumerate(pages, start=1):
        assert f"第 {number} 页，共 {len(pages)} 页" in page


def test_page_one_rendered_for_a_person_to_look_at(weekly_pdf):
    BUILD.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(weekly_pdf),
                    str(BUILD / "weekly-page1")], check=True)
    png = BUILD / "weekly-page1.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
