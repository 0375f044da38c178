"""Computes the same summary under CPython and under Pyodide (tests/test_pyodide.py compares the two).

Run as a script: `python tests/pyodide_probe.py PAYLOAD_JSON YYYY-MM-DD` prints one JSON line.
Pyodide awaits `summary(payload, today)` after unpacking the wheels (its event loop cannot run asyncio.run in Node). Both set xlwings up as
xlwings Lite has it (XLWINGS_ON_SERVER), with the noncommercial key these tests may use.
"""
from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import date


async def summary(payload: dict, today: str) -> dict:
    os.environ.update(XLWINGS_ON_SERVER="true", XLWINGS_LICENSE_KEY="noncommercial")
    import xlwings as xw
    from xlwings import server

    import macros.lite as lite
    import macros.ribbon as ribbon
    from tierlogic import lunar
    from tierlogic.assess import assess_book
    from tierlogic.daily import plan
    from tierlogic.model import LunarBirthday
    from tierlogic.workdays import ChinaWorkCalendar
    from workbook.reader import book_from_rows

    day = date.fromisoformat(today)
    rows = {sheet["name"]: sheet["values"] for sheet in payload["sheets"]}
    book, settings, report = book_from_rows(rows, day)
    assessments = assess_book(book, day, settings)
    due = plan(book, day, settings, ChinaWorkCalendar()).due_rows

    class Today(date):
        @classmethod
        def today(cls):
            return day

    ribbon.date = Today  # the buttons plan for "today"
    excel = xw.Book(json=payload)
    await server.custom_scripts_call(lite, "regrade", typehint_to_value={xw.Book: excel})
    call = {"func_name": "TB_LUNAR_TO_SOLAR", "args": [[["农历十月廿二"]], [[2026]]], "client": "Office.js",
            "version": xw.__version__, "runtime": "1.3"}
    return {
        "platform": sys.platform,
        "lunar_source": lunar.source.__name__,
        "grades": {key: a.grade.grade for key, a in sorted(assessments.items())},
        "due": [[row.due.isoformat(), row.name, row.section, row.grade] for row in due],
        "problems": len(report.problems),
        "lunar_birthday": lunar.lunar_birthday_in(LunarBirthday(10, 22), 2026).isoformat(),
        "TB_LUNAR_TO_SOLAR": await server.custom_functions_call(call, lite),
        "regrade": [a["values"] for a in excel.json()["actions"] if a["func"] == "setValues"],
    }


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as file:
        print(json.dumps(asyncio.run(summary(json.load(file), sys.argv[2])), ensure_ascii=False))
