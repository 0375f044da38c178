"""Excel error values as xlwings hands them over: text for the seven classic ones, a COM error code for the newer ones."""
from __future__ import annotations

from typing import Any, Optional

from workbook.errorcells import ExcelError

# What a cell may show as text: the seven err_to_str converts, the newer ones, and what a seller may type.
EXCEL_ERRORS = frozenset({
    "#N/A", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!", "#FIELD!",
    "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#GETTING_DATA",
})
# xlwings' err_to_str knows only the seven classic errors; the rest arrive as 0x800A0000 + Excel's error number
# (2000 #NULL! … 2050), a negative int. Numbers always arrive as floats, so an int in this range is an error.
_COM_BASE = 0x800A0000 - (1 << 32)
_COM_CODES = range(_COM_BASE + 2000, _COM_BASE + 2051)
_NAMED = {2045: "#SPILL!"}  # the only newer number Microsoft's XlCVError table names


def excel_error(value: Any) -> Optional[str]:
    """The error a cell shows, whether xlwings handed it over as text or as a COM code; None for any other value."""
    if isinstance(value, str) and value.strip() in EXCEL_ERRORS:
        return value.strip()
    return _com_error_text(value)


def marked(value: Any) -> Any:
    """The cell value, or an ExcelError the reader reports in any column when the cell shows an error."""
    error = excel_error(value)
    return value if error is None else ExcelError(error)


def _com_error_text(value: Any) -> Optional[str]:
    """"#SPILL!" (or "#错误 2050") when `value` is an error code xlwings passed through as an int, else None."""
    if type(value) is int and value in _COM_CODES:
        number = value - _COM_BASE
        return _NAMED.get(number, f"#错误 {number}")
    return None
