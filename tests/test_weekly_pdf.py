"""The weekly sheet printed by LibreOffice: one page wide, header on every page, page x of y (SPEC "weekly sheet")."""
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from tierlogic.due_list import UPCOMING
from workbook.pdf import sheet_pdf, soffice
from workbook.sheets import weekly_sheet

from .helpers import TODAY
from .test_sheets import due_row

BUILD = Path(__file__).resolve().parent.parent / "build"
pytestmark = pytest.mark.skipif(soffice() is None or shutil.which("pdftotext") is None,
                                reason="LibreOffice and poppler-utils are installed by .ci/run")

SIXTY = [due_row(f"客户{i:02d}", TODAY + timedelta(days=i % 7), UPCOMING) for i in range(60)]


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def weekly_pdf(tmp_path_factory):
    return sheet_pdf(weekly_sheet(SIXTY, TODAY, TODAY), tmp_path_factory.mktemp("pdf") / "weekly.pdf")


def test_every_page_is_a4_landscape_and_one_page_wide(weekly_pdf):
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(weekly_pdf)], capture_output=True, text=True,
                          check=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    assert sizes and all((round(float(w)), round(float(h))) == (842, 595) for w, h in sizes)
    pages = pdf_pages(weekly_pdf)
    assert len(pages) == len(sizes)
    # A column spilling onto extra pages would leave pages without the first or the last header.
    for page in pages:
        assert "客户" in page and "备注" in page and "新进度（圈选）" in page


def test_every_task_printed_once_with_real_chinese_text(weekly_pdf):
    text = "".join(pdf_pages(weekly_pdf))
    assert all(text.count(f"客户{i:02d}") == 1 for i in range(60))
    positions = [text.find(f"周{d}") for d in "一二三四五六日"]
    assert -1 not in positions and positions == sorted(positions)


def test_footer_says_page_x_of_y(weekly_pdf):
    pages = pdf_pages(weekly_pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"第 {number} 页，共 {len(pages)} 页" in page


def test_page_one_rendered_for_a_person_to_look_at(weekly_pdf):
    BUILD.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(weekly_pdf),
                    str(BUILD / "weekly-page1")], check=True)
    png = BUILD / "weekly-page1.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
