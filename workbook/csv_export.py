"""Write one of our sheet specs as a CSV file that Excel opens with its Chinese intact and no cell turned into a formula."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from .report import display
from .cells import safe_text
from .sheets import SheetSpec

# Excel runs a CSV cell starting with these as a formula (CSV injection); tab and CR are
# stripped by some importers, uncovering the character behind them.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A value as CSV text; text that Excel would run as a formula gets a leading apostrophe."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return display(value)
    text = safe_text(display(value))
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_csv(spec: SheetSpec, path: Path) -> Path:
    """The sheet's header and rows in UTF-8 with a BOM (without it Excel reads Chinese as GBK)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([csv_cell(column.header) for column in spec.columns])
        writer.writerows([csv_cell(value) for value in row] for row in spec.rows)
    return path
