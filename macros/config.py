"""The xlwings settings the ribbon and the UDFs need (interpreter, UDF module, PYTHONPATH), as xlwings.conf lines or sheet rows."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

UDF_MODULES = "macros.udfs"
# The folder that holds the macros package: RunPython's "import macros.ribbon" needs it on the path.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def platform_key(platform: str = sys.platform) -> str:
    """WIN or MAC, the suffix xlwings' INTERPRETER_* settings use; other systems have no Excel to configure."""
    if platform.startswith("win"):
        return "WIN"
    if platform == "darwin":
        return "MAC"
    raise ValueError(f"xlwings 只在 Windows 和 macOS 上连接 Excel / xlwings talks to Excel on Windows and macOS only, not {platform!r}")


def conf_location(platform: str = sys.platform) -> str:
    """Where xlwings looks for the user's settings; Excel for Mac is sandboxed and reads its own folder."""
    if platform == "darwin":
        return "~/Library/Containers/com.microsoft.Excel/Data/xlwings.conf"
    return r"%USERPROFILE%\.xlwings\xlwings.conf"


def default_interpreter(platform: str = sys.platform) -> str:
    """This Python; on Windows its windowless twin pythonw.exe, so no console flashes when Excel calls it."""
    here = Path(sys.executable)
    if platform.startswith("win"):
        return str(here.with_name("pythonw.exe"))
    return str(here)


def xlwings_conf_entries(interpreter: str, platform: str = sys.platform, pythonpath: Optional[str] = None,
                         udf_modules: str = UDF_MODULES) -> list[tuple[str, str]]:
    """(key, value) rows for the "xlwings.conf" sheet (key in column A, value in column B)."""
    entries = [
        (f"INTERPRETER_{platform_key(platform)}", interpreter),
        ("UDF MODULES", udf_modules),
        ("PYTHONPATH", pythonpath if pythonpath is not None else str(PROJECT_ROOT)),
    ]
    for key, value in entries:
        if '"' in value:  # the file is read with VBA's Input #, which has no way to escape a quote
            raise ValueError(f"{key} 不能含双引号 / {key} must not contain a double quote: {value!r}")
    return entries


def xlwings_conf_lines(interpreter: str, platform: str = sys.platform, pythonpath: Optional[str] = None,
                       udf_modules: str = UDF_MODULES) -> list[str]:
    """Lines of an xlwings.conf file (~/.xlwings/xlwings.conf or beside the workbook): "KEY","value"."""
    return [f'"{key}","{value}"' for key, value in xlwings_conf_entries(interpreter, platform, pythonpath, udf_modules)]
