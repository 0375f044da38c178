"""Build tierbook.xlam (the 客户分层 ribbon add-in) and a demo .xlsm: `python -m macros.build_addin [outdir]`.

Both start from a VBA project Excel itself made, edited with pyOpenVBA (build-time only):
the add-in from xlwings' quickstart_addin_ribbon.xlam, whose one-button ribbon module
RibbonMyAddin becomes our TierbookRibbon; the demo from xlwings' quickstart_standalone.xlsm,
which carries xlwings' VBA (RunPython) inside, with TierbookRibbon added and the demo shop's
sheets written in. Our customUI replaces or joins the package's parts with zipfile. Nothing
here has been opened in Excel on this machine.
"""
from __future__ import annotations

import shutil
import sys
import zipfile
from datetime import date
from pathlib import Path

import xlwings
from openpyxl import load_workbook
from pyopenvba import ExcelFile

from templates.build import customer_workbook
from tierbook.demo_data import demo_book
from tierlogic.settings import Settings

HERE = Path(__file__).resolve().parent / "addin"
CUSTOM_UI = HERE / "customUI.xml"
RIBBON_BAS = HERE / "TierbookRibbon.bas"
XLWINGS_DIR = Path(xlwings.__file__).resolve().parent
ADDIN_BASE = XLWINGS_DIR / "quickstart_addin_ribbon.xlam"
DEMO_BASE = XLWINGS_DIR / "quickstart_standalone.xlsm"
ADDIN_NAME, DEMO_NAME = "tierbook.xlam", "tierbook-demo.xlsm"
QUICKSTART_RIBBON_MODULE, RIBBON_MODULE = "RibbonMyAddin", "TierbookRibbon"
CUSTOM_UI_PART = "customUI/customUI.xml"
# The relationship type Office 2010+ reads for a 2009/07-namespace ribbon (the 2006 type is Office 2007's).
RIBBON_REL_TYPE = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
DEMO_DAY = date(2026, 11, 23)


def ribbon_source() -> str:
    """TierbookRibbon.bas as VBA stores it: CRLF line ends."""
    return RIBBON_BAS.read_text(encoding="ascii").replace("\r\n", "\n").replace("\n", "\r\n")


def _rewrite_zip(path: Path, replace: dict[str, bytes]) -> None:
    """Rewrite the package with `replace` parts swapped in or added; every other part is copied as it was."""
    temp = path.with_suffix(path.suffix + ".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename not in replace:
                target.writestr(item, source.read(item.filename))
        for name, data in replace.items():
            target.writestr(name, data)
    temp.replace(path)


def _root_rels_with_ribbon(rels: str) -> str:
    """The package's root relationships with one ribbon relationship to our customUI part."""
    if CUSTOM_UI_PART in rels:
        return rels
    entry = f'<Relationship Id="rIdTierbookRibbon" Type="{RIBBON_REL_TYPE}" Target="{CUSTOM_UI_PART}" />'
    return rels.replace("</Relationships>", entry + "</Relationships>")


def add_ribbon(path: Path) -> None:
    """Put our customUI into the package at `path` (replacing any ribbon it had)."""
    with zipfile.ZipFile(path) as package:
        rels = package.read("_rels/.rels").decode("utf-8")
    _rewrite_zip(path, {CUSTOM_UI_PART: CUSTOM_UI.read_bytes(),
                        "_rels/.rels": _root_rels_with_ribbon(rels).encode("utf-8")})


def build_addin(outdir: Path) -> Path:
    """tierbook.xlam: the quickstart add-in's Excel-made project with our ribbon module and customUI."""
    target = outdir / ADDIN_NAME
    shutil.copyfile(ADDIN_BASE, target)
    with ExcelFile(target) as book:
        book.vba_project().rename_module(QUICKSTART_RIBBON_MODULE, RIBBON_MODULE)
        book.set_module(RIBBON_MODULE, ribbon_source())
        book.save()
    add_ribbon(target)
    return target


def build_demo(outdir: Path, today: date = DEMO_DAY, customers: int = 40) -> Path:
    """A demo shop in a macro workbook that carries xlwings' own VBA, so the ribbon works without the add-in."""
    target = outdir / DEMO_NAME
    base = load_workbook(DEMO_BASE, keep_vba=True)
    shop = customer_workbook(demo_book(today, customers), Settings())
    shop.vba_archive, shop.code_name = base.vba_archive, base.code_name
    # The project's document module for the first sheet is bound by its code name.
    shop.worksheets[0].sheet_properties.codeName = base.worksheets[0].sheet_properties.codeName
    shop.save(target)
    with ExcelFile(target) as book:
        book.vba_project().add_module(RIBBON_MODULE, ribbon_source())
        book.save()
    add_ribbon(target)
    return target


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    outdir = Path(args[0]) if args else Path("dist")
    outdir.mkdir(parents=True, exist_ok=True)
    for built in (build_addin(outdir), build_demo(outdir)):
        print(f"built {built}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
