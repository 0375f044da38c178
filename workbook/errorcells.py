"""Cells that show an Excel error (#N/A from a VLOOKUP, #DIV/0! …): python-calamine reads them as blank,
which would hide them, so they are found in the sheet's XML and put back as ExcelError values."""
from __future__ import annotations

import re
from os import PathLike
from typing import BinaryIO, Collection

from .cells import column_number
from .package import each_worksheet
from .zipcheck import ERROR_MARKS, parts_without_error_marks

_CHUNK = 4 << 20
# A self-closing <c .../> has no value to show (and no end tag of its own), hence the (?<!/).
_ERROR_CELL = re.compile(rb"""<(?:[\w.-]+:)?c\s([^>]*?\bt\s*=\s*["']e["'][^>]*)(?<!/)>(.*?)</(?:[\w.-]+:)?c>""", re.S)
_REFERENCE = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Z]{1,3})(\d{1,7})["']""")
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v>([^<]*)</")


class ExcelError(str):
    """The text an error cell shows ("#N/A"); every parser reports it instead of reading it."""


def error_cells(path: str | PathLike, sheets: Collection[str]) -> dict[str, dict[tuple[int, int], ExcelError]]:
    """For each of `sheets` that has error cells: (row, column) from 0 → what the cell shows."""
    unmarked = parts_without_error_marks(path)  # the package check has just read them through
    found = each_worksheet(path, sheets,
                           lambda stream: {} if stream.name in unmarked else dict(_errors(_from_first_mark(stream))))
    return {name: cells for name, cells in found.items() if cells}


def _from_first_mark(stream: BinaryIO) -> bytes:
    """The part's XML from just before its first error cell, or b"" (read in pieces: an unmarked sheet is never kept)."""
    previous, pieces = b"", []
    while block := stream.read(_CHUNK):
        if pieces:
            pieces.append(block)
        elif any(mark in previous[-8:] + block for mark in ERROR_MARKS):
            pieces = [previous, block]  # the previous piece may hold the first error cell's start tag
        previous = block
    return b"".join(pieces)


def _errors(xml: bytes):
    for cell in _ERROR_CELL.finditer(xml):
        where, shown = _REFERENCE.search(cell.group(1)), _VALUE.search(cell.group(2))
        if where is None:
            continue  # a cell without a reference; the package check has counted it, calamine places it
        letters, digits = where.groups()
        text = shown.group(1).decode("utf-8", "replace") if shown else "#错误"
        yield (int(digits) - 1, column_number(letters) - 1), ExcelError(text)
