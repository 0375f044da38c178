"""Excel custom functions for the Windows add-in (xlwings UDFs over COM): macros/udf_core.py's functions, registered.

xlwings' "Import Python UDFs" finds every TB_ name below and writes its VBA wrapper; the
functions themselves, their arguments and their error texts live in udf_core, shared with
xlwings Lite (macros/lite.py).
"""
from __future__ import annotations

import xlwings as xw

from . import udf_core

CATEGORY = "客户分层 tierbook"


def _com_udf(function):
    return udf_core.registered(function, xw.func, xw.arg, category=CATEGORY)


TB_GRADE = _com_udf(udf_core.TB_GRADE)
TB_WHY = _com_udf(udf_core.TB_WHY)
TB_PROGRESS_P = _com_udf(udf_core.TB_PROGRESS_P)
TB_NEXT_DUE = _com_udf(udf_core.TB_NEXT_DUE)
TB_STAGE = _com_udf(udf_core.TB_STAGE)
TB_LIFECYCLE = _com_udf(udf_core.TB_LIFECYCLE)
TB_VALUE_TIER = _com_udf(udf_core.TB_VALUE_TIER)
TB_CLASS = _com_udf(udf_core.TB_CLASS)
TB_LUNAR_TO_SOLAR = _com_udf(udf_core.TB_LUNAR_TO_SOLAR)
TB_FESTIVALS = _com_udf(udf_core.TB_FESTIVALS)
TB_GREETINGS = _com_udf(udf_core.TB_GREETINGS)
TB_DUE_LIST = _com_udf(udf_core.TB_DUE_LIST)
