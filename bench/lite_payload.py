"""What xlwings Lite hands a button's script at S and M, and what the script hands back (README "Excel on every platform").

Usage: python -m bench.lite_payload [S|M ...]  (after python -m bench.make_data; needs the test
extras: the payload is built as tests/xlwings_lite.py builds it, and the script runs under
xlwings.server with the noncommercial key, as in tests/test_lite.py).
"""
from __future__ import annotations

import asyncio
import json
import sys
import time

from workbook.filereader import read_sheets

from .make_data import SIZES, TODAY, path_for

MB = 1_000_000


def _size(value) -> int:
    return len(json.dumps(value, ensure_ascii=False).encode("utf-8"))


def measure(size_name: str) -> dict:
    import xlwings as xw

    import macros.ribbon as ribbon
    from tests.xlwings_lite import lite_machinery, payload

    rows = read_sheets(path_for(SIZES[size_name]))[0]
    sent = payload(rows)
    per_sheet = {sheet["name"]: _size(sheet["values"]) for sheet in sent["sheets"]}

    class Today(ribbon.date):
        @classmethod
        def today(cls):
            return TODAY

    ribbon.date = Today
    with lite_machinery() as (server, lite):
        started = time.perf_counter()
        book = xw.Book(json=sent)
        asyncio.run(server.custom_scripts_call(lite, "regrade", typehint_to_value={xw.Book: book}))
        seconds = time.perf_counter() - started
    writes = [a for a in book.json()["actions"] if a["func"] == "setValues"]
    return {"size": size_name, "payload": _size(sent), "largest sheet": max(per_sheet.items(), key=lambda kv: kv[1]),
            "sheets": per_sheet, "actions": _size(book.json()), "largest write": max(_size(a["values"]) for a in writes),
            "seconds (CPython, regrade)": round(seconds, 1)}


if __name__ == "__main__":
    for name in sys.argv[1:] or ["S", "M"]:
        result = measure(name.upper())
        print(json.dumps(result, ensure_ascii=False))
        print(f"{name}: payload {result['payload'] / MB:.1f} MB, largest sheet {result['largest sheet'][0]} "
              f"{result['largest sheet'][1] / MB:.1f} MB; actions {result['actions'] / MB:.1f} MB, largest write "
              f"{result['largest write'] / MB:.1f} MB; {result['seconds (CPython, regrade)']} s")
