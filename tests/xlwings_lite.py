"""Import macros.lite with the decorators xlwings Lite gives it, and build Books from Office.js payloads (NOTES "xlwings Lite on Linux").

Lite's `func`/`arg`/`script` are xlwings.server's, the same code as xlwings Server: with them
attached, `custom_functions_meta`, `custom_functions_call` and `custom_scripts_call` run here as
they run in Excel. Those live in xlwings' pro/ folder (PolyForm Noncommercial), which loads for
these tests under the noncommercial key only; the product never imports it (Lite brings its
own). Everything is put back on exit, as in tests/xlwings_udfs.py.
"""
from __future__ import annotations

import importlib
import os
import sys
import types
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, Iterator

import xlwings as xw

from macros.excel_errors import excel_error

_DECORATORS = ("func", "arg", "ret", "script")


@contextmanager
def lite_machinery() -> Iterator[tuple[types.ModuleType, types.ModuleType]]:
    """(xlwings.server, macros.lite decorated by it)."""
    saved_env = os.environ.get("XLWINGS_LICENSE_KEY")
    saved_decorators = {name: getattr(xw, name, None) for name in _DECORATORS}
    saved_lite = sys.modules.pop("macros.lite", None)
    added_engines = []
    try:
        os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
        server = importlib.import_module("xlwings.server")
        from xlwings.pro import _xlofficejs, _xlremote

        # xlwings registers these engines at import only when the licence key is set by then.
        for impl in (_xlremote.engine, _xlofficejs.engine):
            if impl.name not in [engine.name for engine in xw.engines]:
                added_engines.append(xw.main.Engine(impl=impl))
                xw.engines.add(added_engines[-1])
        for name in _DECORATORS:
            setattr(xw, name, getattr(server, name))
        yield server, importlib.import_module("macros.lite")
    finally:
        for engine in added_engines:
            xw.engines.engines.remove(engine)
            xw.engines.engines_by_name.pop(engine.name, None)
        for name, value in saved_decorators.items():
            setattr(xw, name, value)
        sys.modules.pop("macros.lite", None)
        if saved_lite is not None:
            sys.modules["macros.lite"] = saved_lite
        if saved_env is None:
            os.environ.pop("XLWINGS_LICENSE_KEY", None)
        else:
            os.environ["XLWINGS_LICENSE_KEY"] = saved_env


# ---------------------------------------------------------------- values as Office.js sends them


def sheet_value(value: Any) -> Any:
    """A cell of a script's payload: blanks as "", dates as ISO text with a Z (Office.js' Date.toISOString)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, date):
        return f"{value.isoformat()}T00:00:00.000Z"
    error = excel_error(value)
    return error if error is not None else _number(value)


def _number(value: Any) -> Any:
    """Pyodide turns a JS number that is a safe integer into an int, any other into a float."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    return value


def payload(sheets: dict[str, list[list[Any]]], names: tuple[dict, ...] = (), excluded: tuple[str, ...] = ()) -> dict:
    """What the Lite add-in sends a script: every sheet's values from A1, [[]] for an excluded sheet."""
    return {
        "client": "Office.js", "version": xw.__version__,
        "book": {"name": "客户.xlsx", "active_sheet_index": 0, "selection": "A1"},
        "names": list(names),
        "sheets": [{"name": name, "values": [[]] if name in excluded else _grid(rows), "pictures": [], "tables": []}
                   for name, rows in sheets.items()],
    }


def _grid(rows: list[list[Any]]) -> list[list[Any]]:
    """A rectangle, as Range.values is (python-calamine's rows may be ragged)."""
    width = max((len(row) for row in rows), default=0) or 1
    return [[sheet_value(v) for v in row] + [""] * (width - len(row)) for row in rows] or [[""]]


def sheet_mark(name: str, index: int) -> dict:
    """Our sheet-scoped mark on sheet `index` (0-based) as the payload lists names."""
    return {"name": "_tierbook", "sheet_index": index, "address": "$A$1", "book_scope": False,
            "scope_sheet_name": name, "scope_sheet_index": index}


def function_argument(value: Any) -> Any:
    """A custom function's argument as Office.js passes it: always 2-D, errors as Error objects, dates as serials."""
    if value is None:
        return None  # an omitted argument
    rows = value if isinstance(value, list) else [[value]]
    return [[_cell(v) for v in (row if isinstance(row, list) else [row])] for row in rows]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    error = excel_error(value)
    if error is not None:
        return {"type": "Error", "basicValue": error}
    if isinstance(value, datetime):
        return _number(xw.utils.datetime_to_xlserial(value))
    return _number(value)
