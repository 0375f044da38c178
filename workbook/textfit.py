"""How many lines a cell's text needs in a column, so a row can be made tall enough to show it whole.

Measured as Excel draws 11-pt Calibri with a CJK fallback font (等线, 宋体): a column width of w
is about 7·w + 5 pixels, a digit or small letter about 7 pixels, a Chinese character or a
full-width sign 15 (a few Latin signs and capitals are wider than a digit: counted so). LibreOffice draws CJK narrower (16 characters fit where Excel fits 14), so
sizing for Excel leaves LibreOffice and WPS room to spare. Lines break at spaces and between
Chinese characters, as the three programs do; a word too long for the line is cut.
"""
from __future__ import annotations

import re
import unicodedata
from math import ceil

CJK_PIXELS, WIDE_LATIN_PIXELS, CAPITAL_PIXELS, NARROW_PIXELS = 15, 12, 9, 7
WIDE_LATIN = "MWmw@%&#+<=>^~"  # wider than a digit in Calibri and in DejaVu Sans, LibreOffice's stand-in for it
CELL_PADDING_PIXELS = 6  # the gap Excel leaves at each side of a wrapped cell, and a little slack
LINE_POINTS = 17         # one line of 11-pt text: LibreOffice's CJK fallback (Noto Sans CJK) needs 16

_WORDS = re.compile(r"[^\s]+\s*|\s+")


def char_pixels(ch: str) -> int:
    if unicodedata.east_asian_width(ch) in "WF" or ord(ch) > 0xFFFF:
        return CJK_PIXELS  # Chinese, full-width punctuation, emoji
    if ch in WIDE_LATIN:
        return WIDE_LATIN_PIXELS
    return CAPITAL_PIXELS if ch.isupper() else NARROW_PIXELS


def text_pixels(text: str) -> int:
    return sum(map(char_pixels, text))


def column_pixels(width: float) -> int:
    """Room for text in a column of `width` (Excel's character units)."""
    return max(int(width * 7 + 5) - CELL_PADDING_PIXELS, CJK_PIXELS)


def _pieces(paragraph: str):
    """Units a line may break after: each CJK character alone, a Latin word with its trailing space."""
    for word in _WORDS.findall(paragraph):
        if any(char_pixels(ch) == CJK_PIXELS for ch in word):
            yield from word
        else:
            yield word


def _paragraph_lines(paragraph: str, room: int) -> int:
    lines, used = 1, 0
    for piece in _pieces(paragraph):
        size = text_pixels(piece.rstrip())  # a space at the end of a line takes no room
        if used and used + size > room:
            lines, used = lines + 1, 0
        if size > room:  # a word longer than the line is cut wherever it reaches the edge
            extra = ceil(size / room) - 1
            lines, used = lines + extra, size - extra * room
        else:
            used += text_pixels(piece)
    return lines


def wrapped_lines(text: str, width: float) -> int:
    """Lines `text` takes in a wrapped cell of a column `width` wide; line breaks in the text count."""
    room = column_pixels(width)
    return sum(_paragraph_lines(paragraph, room) for paragraph in str(text).split("\n"))


def row_points(lines: int) -> float:
    return lines * LINE_POINTS
