"""Opens the seller's workbook file (read-only, via python-calamine) and hands its rows to reader.book_from_rows.

Only this module touches the file: python-calamine is compiled and has no Pyodide build, so the engine-neutral
reading (workbook/reader.py) stays importable in xlwings Lite, which reads no files.
"""
from __future__ import annotations

from datetime import date
from os import PathLike
from typing import Any, Collection, Mapping

from tierlogic.model import Book
from tierlogic.settings import Settings

from .errorcells import ExcelError, error_cells
from .headers import Merge
from .hiddencols import hidden_columns
from .owned import OWNED_SHEETS
from .package import CannotPreserve, _load_book, _opened, _Parts
from .reader import Earlier, _read_book
from .report import CheckReport


class UnreadableWorkbook(Exception):
    """The file is not a workbook python-calamine can open (corrupt, encrypted, another format)."""


def read_sheets(
    path: str | PathLike, skip: Collection[str] = (),
) -> tuple[dict[str, list[list[Any]]], dict[str, list[Merge]]]:
    """Every worksheet's cells from A1 (so list indices are Excel positions) and its merged ranges.

    Sheets named in `skip` are not converted at all (they can be as long as the seller's own).
    """
    # Imported here: python-calamine is compiled and has no Pyodide build, and xlwings Lite reads no files.
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

    try:
        book = CalamineWorkbook.from_path(str(path))
    except CalamineError as error:
        raise UnreadableWorkbook(f"无法读取工作簿 (cannot read the workbook) {path}: {error}") from error
    rows: dict[str, list[list[Any]]] = {}
    merged: dict[str, list[Merge]] = {}
    try:
        _check_sheet_names([meta.name for meta in book.sheets_metadata])
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet or meta.name in skip:
                continue
            sheet = book.get_sheet_by_name(meta.name)
            # skip_empty_area=False keeps row/column indices equal to Excel's, for the report.
            rows[meta.name] = sheet.to_python(skip_empty_area=False)
            merged[meta.name] = list(sheet.merged_cell_ranges or ())
    except CalamineError as error:
        raise UnreadableWorkbook(f"无法读取工作簿 (cannot read the workbook) {path}: {error}") from error
    finally:
        book.close()
    for name, cells in error_cells(path, rows).items():
        _put_back(rows[name], cells)
    return rows, merged


def _put_back(rows: list[list[Any]], errors: Mapping[tuple[int, int], ExcelError]) -> None:
    """The error cells calamine read as blank, as the errors they show."""
    for (r, c), error in errors.items():
        while len(rows) <= r:
            rows.append([])
        row = rows[r]
        row.extend([""] * (c + 1 - len(row)))
        row[c] = error


def _check_sheet_names(names: list[str]) -> None:
    """Excel forbids two sheets whose names differ only by case; such a file is damaged, and cells would be lost."""
    seen: dict[str, str] = {}
    for name in names:
        if name.casefold() in seen:
            raise UnreadableWorkbook(f"工作簿中有两个同名工作表「{seen[name.casefold()]}」和「{name}」"
                                     f"(two sheets named {seen[name.casefold()]!r} and {name!r})")
        seen[name.casefold()] = name


def read_workbook(path: str | PathLike, today: date) -> tuple[Book, Settings, CheckReport]:
    """The seller's workbook as plain data, the settings in force, and everything worth reporting."""
    # Nobody else holds these rows, so _read_book may drop each sheet's as soon as its records exist.
    rows, merged = read_sheets(path, skip=OWNED_SHEETS)
    return _read_book(rows, today, merged, hidden_columns(path, rows))


def read_for_refresh(path: str | PathLike, today: date,
                     ours: Collection[str]) -> tuple[Book, Settings, CheckReport, Earlier]:
    """read_workbook, plus the Earlier facts, from one pass over the file.

    Our sheets of the names in `ours` are read whether or not they carry our mark: a sheet of the
    seller's with one of our names makes the writer refuse, so its cells are never carried anywhere.
    """
    rows, merged = read_sheets(path, skip=set(OWNED_SHEETS) - set(ours))
    earlier = {name: rows.pop(name) for name in ours if name in rows}
    book, settings, report = _read_book(rows, today, merged, hidden_columns(path, rows))
    return book, settings, report, Earlier(uses_1904_dates(path), earlier)


def uses_1904_dates(path: str | PathLike) -> bool:
    """Whether the workbook counts its date serials from 1904 (`<workbookPr date1904="1"/>`: Mac-made files)."""
    try:
        with _opened(path) as (archive, _):
            root = _load_book(_Parts(archive, archive.infolist()), "seller").root
    except CannotPreserve:
        return False  # the writer refuses such a package with its own message
    properties = root.kid("workbookPr")
    return properties is not None and properties.attrs.get("date1904", "").strip().lower() in ("1", "true")
