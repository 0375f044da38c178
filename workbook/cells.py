"""What one cell of ours may hold and where it sits: Excel's limits, column letters, date serials.

Kept free of openpyxl, so a refresh never imports it (a third of a second at every start).
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

# Characters XML 1.0 forbids (openpyxl checks only the C0 controls); lone surrogates cannot be encoded at all.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel's limit for one cell; a longer text makes Excel "repair" the file.
MAX_CELL_CHARS = 32_767
MAX_COLUMN = 16_384
# Day 0 of Excel's 1900 date system, counted so that serials from 1900-03-01 on are right.
_EPOCH = datetime(1899, 12, 30)
# Day 0 of the 1904 date system (Mac-made workbooks, `<workbookPr date1904="1"/>`).
_EPOCH_1904 = datetime(1904, 1, 1)


def safe_text(text: str) -> str:
    """Text Excel accepts in a cell: XML-illegal characters dropped, cut to Excel's length limit.

    Excel counts UTF-16 units, so an emoji counts twice; a pair cut in half is dropped.
    """
    text = _ILLEGAL.sub("", text)
    if len(text) <= MAX_CELL_CHARS // 2:  # fits even if every character took two units
        return text
    return text.encode("utf-16-le")[:MAX_CELL_CHARS * 2].decode("utf-16-le", errors="ignore")


@lru_cache(maxsize=MAX_COLUMN)
def column_letter(number: int) -> str:
    """Excel's letters for a 1-based column number: 1 → A, 27 → AA, 16384 → XFD."""
    if not 1 <= number <= MAX_COLUMN:
        raise ValueError(f"column {number} is outside Excel's 1..{MAX_COLUMN}")
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_number(letters: bytes) -> int:
    """The 1-based column number of Excel's upper-case letters, as they appear in a cell reference: b"AA" → 27."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def excel_serial(value: date, date1904: bool = False) -> float:
    """A date or datetime as the number Excel stores: days since 1899-12-30 (1904-01-01 in the 1904 date
    system), the time as a fraction."""
    epoch = _EPOCH_1904 if date1904 else _EPOCH
    if isinstance(value, datetime):
        return (value.replace(tzinfo=None) - epoch) / timedelta(days=1)
    return float((value - epoch.date()).days)
