"""How the LibreOffice-made test workbooks here were made (LibreOffice 7.4, Debian 12); run again only to remake them.

    .venv/bin/python tests/data/make_libreoffice_files.py saved     # libreoffice-saved.xlsx
    /usr/bin/python3 tests/data/make_libreoffice_files.py pivot     # libreoffice-pivot.xlsx (needs python3-uno)

saved: the demo shop (4 customers, today 2026-11-23) refreshed by tierbook, then opened and saved by LibreOffice
with `soffice --headless --convert-to xlsx`: our sheets come back with empty drawings and unhidden marks.
pivot: a small order list with a pivot table (sum of 金额 by 客户) that LibreOffice builds and saves.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def saved(work: Path) -> None:
    subprocess.run([sys.executable, "-m", "tierbook.cli", "demo", "--customers", "4", "--today", "2026-11-23",
                    "--dir", str(work), "--limit", "1"], check=True)
    shop = work / "refreshed.xlsx"
    (work / "示例店铺.xlsx").rename(shop)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--convert-to", "xlsx", "--outdir", str(work / "lo"), str(shop)], check=True)
    (work / "lo" / "refreshed.xlsx").replace(HERE / "libreoffice-saved.xlsx")


def pivot(work: Path) -> None:
    import uno  # LibreOffice's own Python bridge (Debian: python3-uno), for the system Python
    from com.sun.star.beans import PropertyValue
    from com.sun.star.sheet.DataPilotFieldOrientation import DATA, ROW
    from com.sun.star.sheet.GeneralFunction import SUM
    from com.sun.star.table import CellAddress, CellRangeAddress

    source = work / "orders.csv"
    source.write_text("客户,产品,金额\n张三,绿茶,120.5\n李四,红茶,80\n张三,红茶,46000\n王五,绿茶,12.5\n", encoding="utf-8")
    office = subprocess.Popen(["soffice", "--headless", "--norestore", f"-env:UserInstallation={(work / 'p').as_uri()}",
                               "--accept=pipe,name=tierbook_pivot;urp;"])
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(60):
        try:
            context = resolver.resolve("uno:pipe,name=tierbook_pivot;urp;StarOffice.ComponentContext")
            break
        except Exception:  # the office is still starting
            time.sleep(1)

    def prop(name: str, value) -> PropertyValue:
        found = PropertyValue()
        found.Name, found.Value = name, value
        return found

    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    doc = desktop.loadComponentFromURL(source.as_uri(), "_blank", 0, (
        prop("Hidden", True), prop("FilterName", "Text - txt - csv (StarCalc)"), prop("FilterOptions", "44,34,76,1")))
    sheets = doc.getSheets()
    sheets.getByIndex(0).setName("订单")
    sheets.insertNewByName("透视", 1)
    tables = sheets.getByName("透视").getDataPilotTables()
    descriptor = tables.createDataPilotDescriptor()
    area = CellRangeAddress()
    area.Sheet, area.StartColumn, area.StartRow, area.EndColumn, area.EndRow = 0, 0, 0, 2, 4
    descriptor.setSourceRange(area)
    fields = descriptor.getDataPilotFields()
    fields.getByIndex(0).Orientation = ROW
    amount = fields.getByIndex(2)
    amount.Orientation, amount.Function = DATA, SUM
    corner = CellAddress()
    corner.Sheet, corner.Column, corner.Row = 1, 0, 0
    tables.insertNewByName("客户汇总", corner, descriptor)
    doc.storeToURL((HERE / "libreoffice-pivot.xlsx").as_uri(), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)
    desktop.terminate()
    office.wait(timeout=60)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        {"saved": saved, "pivot": pivot}[sys.argv[1]](Path(folder))
