"""Import macros.udfs with xlwings' real UDF decorators attached, as on Windows (NOTES "xlwings on Linux").

On Linux `xw.func/arg/ret` are no-ops. xlwings/udfs.py holds the real ones but imports
pywin32 at the top, so empty stand-ins for pythoncom, pywintypes and win32com.client are put
in sys.modules while it loads; everything is restored afterwards.
"""
from __future__ import annotations

import importlib
import sys
import types
from contextlib import contextmanager
from typing import Iterator

import xlwings as xw

_STUBS = ("pythoncom", "pywintypes", "win32com", "win32com.client")


def _stub_modules() -> dict[str, types.ModuleType]:
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda *args, **kwargs: None
    win32com = types.ModuleType("win32com")
    win32com.client = client
    return {"pythoncom": pythoncom, "pywintypes": types.ModuleType("pywintypes"), "win32com": win32com,
            "win32com.client": client}


@contextmanager
def real_udf_machinery() -> Iterator[tuple[types.ModuleType, types.ModuleType]]:
    """(xlwings.udfs, macros.udfs decorated by it); the no-op world is back on exit."""
    saved_modules = {name: sys.modules.get(name) for name in (*_STUBS, "xlwings.udfs", "macros.udfs")}
    saved_decorators = {name: getattr(xw, name) for name in ("func", "arg", "ret", "sub")}
    try:
        sys.modules.update(_stub_modules())
        sys.modules.pop("xlwings.udfs", None)
        xl_udfs = importlib.import_module("xlwings.udfs")
        xw.func, xw.arg, xw.ret, xw.sub = xl_udfs.xlfunc, xl_udfs.xlarg, xl_udfs.xlret, xl_udfs.xlsub
        sys.modules.pop("macros.udfs", None)
        yield xl_udfs, importlib.import_module("macros.udfs")
    finally:
        for name, value in saved_decorators.items():
            setattr(xw, name, value)
        for name, module in saved_modules.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
