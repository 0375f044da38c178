"""Print one of our sheets to PDF with LibreOffice (headless), using the sheet's own page setup."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .sheetxml import xlsx_bytes
from .sheets import SheetSpec

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 180


class PdfUnavailable(Exception):
    """LibreOffice is missing or failed; the message says what to do, in Chinese and English."""


def soffice() -> str | None:
    return next((found for name in SOFFICE_NAMES if (found := shutil.which(name))), None)


def sheet_pdf(spec: SheetSpec, out: Path) -> Path:
    """Write `spec` alone to a scratch workbook and convert it, so only this sheet is printed."""
    program = soffice()
    if program is None:
        raise PdfUnavailable("未安装 LibreOffice，无法生成 PDF（可在 Excel 中打开「本周跟进表」直接打印）/ "
                             "LibreOffice is not installed, so no PDF; open the 本周跟进表 sheet in Excel and print it.")
    with tempfile.TemporaryDirectory(prefix="tierbook-pdf-") as scratch:
        folder = Path(scratch)
        source = folder / "weekly.xlsx"
        source.write_bytes(xlsx_bytes([spec]))
        # A private profile: a LibreOffice already running for the user would otherwise swallow the job.
        profile = (folder / "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                   "--outdir", str(folder), str(source)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        produced = folder / "weekly.pdf"
        if done.returncode != 0 or not produced.exists():
            raise PdfUnavailable(f"LibreOffice 生成 PDF 失败 / LibreOffice could not print the PDF: {done.stderr.strip()}")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), out)
    return out
