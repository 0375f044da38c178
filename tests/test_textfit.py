"""Rows tall enough for their text (issue 14): the line count worked out by hand, checked against the fonts
LibreOffice draws with here, and applied to every list we write."""
import shutil
import subprocess
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from tierlogic.explain import why
from tierlogic.greetings import GreetingRow
from workbook.report import CheckReport, Problem
from workbook.sheets import (CHECK_COLUMNS, DAY_ROW, EMPTY_DAY_ROW, DUE_COLUMNS, GREETING_COLUMNS, SETTINGS_COLUMNS, WEEKLY_COLUMNS,
                             check_sheet, due_sheet, greetings_sheet, weekly_sheet)
from workbook.textfit import LINE_POINTS, column_pixels, lines_in_room, text_pixels, wrapped_lines

from .helpers import TODAY
from .test_sheets import MONDAY, due_row


@pytest.mark.parametrize("text, width, lines", [
    ("询" * 13, 30, 1),          # 13 × 15 px = 195 ≤ 30 × 7 + 5 − 6 = 209
    ("询" * 14, 30, 2),          # 210 > 209
    ("询" * 26, 30, 2),          # 13 a line
    ("询" * 27, 30, 3),
    ("询问\n体验", 30, 2),        # a line break in the text is a line
    ("", 10, 1),
    ("13911344587", 13, 1),      # 77 px in 84
    ("ask why they stopped buying", 10, 4),  # words: 'ask why' | 'they' | 'stopped' | 'buying'
    ("a" * 20, 10, 3),           # one word longer than the line is cut: 140 px over 59-px lines
])
def test_lines_worked_out_by_hand(text, width, lines):
    assert wrapped_lines(text, width) == lines


def test_a_word_longer_than_the_line_is_cut_and_the_next_word_starts_a_new_line():
    assert wrapped_lines("x" * 8 + " " + "y" * 8, 3) == 6  # each 56-px word is cut over 20-px lines: 3 + 3


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("询问客户，：0123456789-abcwmWM @ "), max_size=30), st.integers(15, 120))
def test_a_text_narrower_than_the_room_is_one_line_by_the_full_model_too(text, room):
    """lines_in_room skips the word-by-word model when the whole text fits: that must never change a count."""
    from workbook.textfit import _paragraph_lines
    assert lines_in_room(text, room) == _paragraph_lines(text, room)


# The fonts LibreOffice prints our 11-pt cells with on this machine: Calibri's stand-in and the CJK fallback.
FONTS = {name: shutil.which("fc-match") and subprocess.run(["fc-match", "-f", "%{file}", name], capture_output=True,
                                                          text=True).stdout for name in ("Calibri", "Calibri:lang=zh")}


@pytest.mark.skipif(not all(FONTS.values()), reason="fontconfig and a CJK font are installed by .ci/run")
@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("询问客户生日快乐，（）：；0123456789-=abcdefgwmWM @"), min_size=1, max_size=40))
def test_the_pixel_model_is_never_narrower_than_libreoffice_draws(text):
    """Column widths count in the default font's '0'; in those units the model must not undercount any text,
    or a row sized by it would cut a line off in LibreOffice."""
    from PIL import ImageFont
    latin = ImageFont.truetype(FONTS["Calibri"], 44)
    cjk = ImageFont.truetype(FONTS["Calibri:lang=zh"], 44)
    zero = latin.getlength("0")
    drawn = sum((cjk if ord(ch) > 0x2E80 else latin).getlength(ch) for ch in text) / zero
    assert text_pixels(text) / 7 >= drawn


def test_column_room_follows_excel_column_pixels():
    assert column_pixels(8.43) == 58  # Excel's default column: 64 px, less the padding


def test_one_line_rows_keep_the_default_height():
    spec = greetings_sheet([GreetingRow(TODAY, ("生日",), "甲", "甲", "S", "A", "私聊", None, "生日快乐", why("祝福：生日"))])
    assert spec.row_heights == (None,)


@pytest.mark.parametrize("columns", [DUE_COLUMNS, GREETING_COLUMNS, WEEKLY_COLUMNS, CHECK_COLUMNS, SETTINGS_COLUMNS])
def test_every_header_fits_on_one_line(columns):
    assert [c.header for c in columns if wrapped_lines(c.header, c.width) > 1] == []


LONG_REASONS = tuple(why(f"很长的原因第{i}条，需要折行显示，再写长一些让它占两行", 日期=date(2026, 11, i + 1)) for i in range(4))


def needed_points(spec):
    """Per row: the points its longest text needs, by the count worked out by hand above (a weekly day
    heading spans the whole row, so it needs one line)."""
    return [LINE_POINTS if style in (DAY_ROW, EMPTY_DAY_ROW) else
            max(wrapped_lines(v, c.width) for v, c in zip(row, spec.columns) if isinstance(v, str)) * LINE_POINTS
            for row, style in zip(spec.rows, spec.row_styles)]


def assert_every_row_shows_its_whole_text(spec):
    heights = spec.row_heights or (None,) * len(spec.rows)
    short = [(row[:4], height, need) for row, height, need in zip(spec.rows, heights, needed_points(spec))
             if need > LINE_POINTS and (height or 0) < need]
    assert short == []


def test_due_rows_grow_with_their_reasons():
    long = replace(due_row("长", TODAY), reasons=LONG_REASONS, actions=("询问是否收到，为询问体验做铺垫", "成交客户：做好售后与复购"))
    spec = due_sheet([due_row("短", TODAY), long])
    assert spec.row_heights[1] >= 8 * LINE_POINTS     # four reasons of two lines each
    assert_every_row_shows_its_whole_text(spec)


def test_several_reasons_and_actions_stand_one_per_line():
    long = replace(due_row("长", TODAY), reasons=LONG_REASONS[:2], actions=("甲事", "乙事"))
    row = due_sheet([long]).rows[0]
    assert row[12].split("\n") == [str(w) for w in LONG_REASONS[:2]] and row[13] == "甲事\n乙事"
    weekly = weekly_sheet([long], MONDAY, TODAY).rows
    assert not any(line.startswith("；") for r in weekly for v in r if isinstance(v, str) for line in v.split("\n"))


def test_greeting_rows_show_the_whole_greeting():
    text = "余琳佳，生日快乐！谢谢您一路的支持，愿您新的一岁平安喜乐、心想事成～" * 2
    row = GreetingRow(TODAY, ("生日", "首单纪念日"), "余琳佳", "余琳佳", "C", "C", "私聊", None, text, why("祝福：生日"))
    spec = greetings_sheet([row])
    assert spec.row_heights[0] >= 3 * LINE_POINTS
    assert_every_row_shows_its_whole_text(spec)


def test_check_rows_show_a_long_notice_whole():
    notice = "未使用的列：" + "、".join(f"第{i}列备注" for i in range(30))
    spec = check_sheet(CheckReport([Problem("客户", 5, "G", "生日", "2024-13-01", "日期")], [notice]))
    assert_every_row_shows_its_whole_text(spec)
    assert spec.row_heights[0] >= 3 * LINE_POINTS  # the notice opens the sheet


def test_weekly_task_rows_keep_two_lines_for_notes():
    spec = weekly_sheet([due_row("短", TODAY), replace(due_row("长", TODAY), reasons=LONG_REASONS)], MONDAY, TODAY)
    heights = dict(zip((r[1] for r in spec.rows), spec.row_heights))
    assert heights["短"] == 2 * LINE_POINTS and heights["长"] >= 4 * LINE_POINTS
    assert all(h is None for h, style in zip(spec.row_heights, spec.row_styles) if style is not None)  # day headings
    assert_every_row_shows_its_whole_text(spec)
