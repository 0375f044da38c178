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
from functools import lru_cache
from math import ceil

CJK_PIXELS, WIDE_LATIN_PIXELS, CAPITAL_PIXELS, NARROW_PIXELS = 15, 12, 9, 7
WIDE_LATIN = "MWmw@%&#+<=>^~"  # wider than a digit in Calibri and in DejaVu Sans, LibreOffice's stand-in for it
CELL_PADDING_PIXELS = 6  # the gap Excel leaves at each side of a wrapped cell, and a little slack
LINE_POINTS = 17         # one line of 11-pt text: LibreOffice's CJK fallback (Noto Sans CJK) needs 16

_WORDS = re.compile(r"[^\s]+\s*|\s+")


@lru_cache(maxsize=1 << 14)  # a shop's texts use a few thousand distinct characters
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


@lru_cache(maxsize=1 << 16)  # words repeat from cell to cell
def _word_pieces(word: str) -> tuple[tuple[int, int], ...]:
    """The units a line may break after in one word (each CJK character alone, a Latin word whole), each as
    (its width, its width with the trailing space, which takes no room at the end of a line)."""
    if any(char_pixels(ch) == CJK_PIXELS for ch in word):
        return tuple((0 if ch.isspace() else width, width) for ch in word for width in (char_pixels(ch),))
    return ((text_pixels(word.rstrip()), text_pixels(word)),)


@lru_cache(maxsize=1 << 16)  # one reason or action recurs in many cells, beside different others
def _paragraph_lines(paragraph: str, room: int) -> int:
    lines, used = 1, 0
    for word in _WORDS.findall(paragraph):
        for size, full in _word_pieces(word):
            if used and used + size > room:
                lines, used = lines + 1, 0
            if size > room:  # a word longer than the line is cut wherever it reaches the edge
                extra = ceil(size / room) - 1
                lines, used = lines + extra, size - extra * room
            else:
                used += full
    return lines


def one_line_length(width: float) -> int:
    """How many characters always fit one line of a column `width` wide, even the widest ones."""
    return column_pixels(width) // CJK_PIXELS


def wrapped_lines(text: str, width: float) -> int:
    """Lines `text` takes in a wrapped cell of a column `width` wide; line breaks in the text count."""
    return lines_in_room(str(text), column_pixels(width))


@lru_cache(maxsize=1 << 16)  # reasons and actions repeat from row to row
def lines_in_room(text: str, room: int) -> int:
    """Lines `text` takes in `room` pixels (column_pixels): for callers that measure many cells of one column."""
    if "\n" not in text and text_pixels(text) <= room:
        return 1  # the whole text fits one line, so no break can fall anywhere: most cells end here
    return sum(_paragraph_lines(paragraph, room) for paragraph in text.split("\n"))


def row_points(lines: int) -> float:
    return lines * LINE_POINTS
