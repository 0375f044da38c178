"""xlwings Lite entry: the TB_ functions and the 客户分层 buttons in Excel on Windows, macOS and the web, with no Python installed.

xlwings Lite runs this in Pyodide inside Excel. The custom functions are macros/udf_core.py's,
registered with Office.js' decorators exactly as macros/udfs.py registers them for COM. The
scripts are the ribbon's buttons (macros/ribbon.py) run on the Book Lite hands over: the same
reading, planning and sheet writing, and the same refusal of a seller's sheet that carries one
of our names. Everything imported here installs from pure-Python wheels (pyproject markers keep
python-calamine and lunar_python off this path).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from importlib.resources import files

import xlwings as xw
from xlwings import arg, func, script

from workbook.owned import OWNED_SHEETS

from . import ribbon, udf_core

__all__ = [
    "TB_GRADE", "TB_WHY", "TB_PROGRESS_P", "TB_NEXT_DUE", "TB_STAGE", "TB_LIFECYCLE", "TB_VALUE_TIER", "TB_CLASS",
    "TB_LUNAR_TO_SOLAR", "TB_FESTIVALS", "TB_GREETINGS", "TB_DUE_LIST",
    "refresh_due_list", "greeting_list", "weekly_sheet", "regrade", "check_data",
]


def _lite_udf(function):
    return udf_core.registered(function, func, arg)


TB_GRADE = _lite_udf(udf_core.TB_GRADE)
TB_WHY = _lite_udf(udf_core.TB_WHY)
TB_PROGRESS_P = _lite_udf(udf_core.TB_PROGRESS_P)
TB_NEXT_DUE = _lite_udf(udf_core.TB_NEXT_DUE)
TB_STAGE = _lite_udf(udf_core.TB_STAGE)
TB_LIFECYCLE = _lite_udf(udf_core.TB_LIFECYCLE)
TB_VALUE_TIER = _lite_udf(udf_core.TB_VALUE_TIER)
TB_CLASS = _lite_udf(udf_core.TB_CLASS)
TB_LUNAR_TO_SOLAR = _lite_udf(udf_core.TB_LUNAR_TO_SOLAR)
TB_FESTIVALS = _lite_udf(udf_core.TB_FESTIVALS)
TB_GREETINGS = _lite_udf(udf_core.TB_GREETINGS)
TB_DUE_LIST = _lite_udf(udf_core.TB_DUE_LIST)


def _ribbon_labels() -> dict[str, str]:
    """Each ribbon button's tag → its label (刷新待办 …), from the add-in's own customUI.xml."""
    tree = ET.fromstring((files("macros") / "addin" / "customUI.xml").read_bytes())
    return {button.get("tag"): button.get("label") for button in tree.iter() if button.get("tag")}


_LABELS = _ribbon_labels()


def _button(tag: str):
    """The ribbon button `tag` as a Lite script under the ribbon's label.

    Our own sheets are not sent (they are rewritten whole, and 待办 can be the longest sheet
    of all); every sheet of the seller's is, because the reader finds the customer, order and
    contact sheets by their headers as well as by their names.
    """

    def run(book: xw.Book) -> None:
        ribbon.dispatch(tag, book)

    run.__name__ = run.__qualname__ = tag
    run.__doc__ = ribbon.BUTTONS[tag].__doc__
    return script(name=_LABELS[tag], exclude=list(OWNED_SHEETS))(run)


refresh_due_list = _button("refresh_due_list")
greeting_list = _button("greeting_list")
weekly_sheet = _button("weekly_sheet")
regrade = _button("regrade")
check_data = _button("check_data")
