"""Carry what the seller wrote on our sheets (已发, ☐ ticks, circled progress, notes, columns of their own) into
the refreshed rows.

Rows are matched by identity, not position: a refresh adds, drops and reorders rows. Each sheet
declares, by header, which columns name a row and which are the seller's; a seller's cell is a
mark when it holds something other than what a fresh row shows there. A column the seller added
is theirs entirely and stays, after ours. A mark whose row is gone is named in 检查报告 with its
value, so nothing is dropped without a word.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Optional, Sequence

from .report import CheckReport, display
from .sheets import DUE_SHEET, GREETINGS_SHEET, PROGRESS_TO_CIRCLE, TICK, TIERING_SHEET, WEEKLY_SHEET, Column, SheetSpec

if TYPE_CHECKING:  # the reader imports the registry of our sheets, which imports this module
    from .reader import Rows

# The day heading weekly_sheet writes above each day's tasks: "周一  11月30日".
_DAY_HEADING = re.compile(r"周[一二三四五六日]\s+(\d{1,2}月\d{1,2}日)")
_ADDED_COLUMN_WIDTH = 14


@dataclass(frozen=True)
class MarkColumns:
    """Which columns of one of our sheets name a row, and which are the seller's (header → what a fresh row shows)."""

    identity: tuple[str, ...]
    seller: Mapping[str, Any]
    by_day: bool = False  # the row's day heading is part of its identity (本周跟进表)


MARK_COLUMNS = {
    DUE_SHEET: MarkColumns(("到期日", "客户"), {}),  # every column is ours; only columns the seller adds are theirs
    GREETINGS_SHEET: MarkColumns(("日期", "客户", "场合"), {"已发": None}),
    WEEKLY_SHEET: MarkColumns(("客户",), {TICK: TICK, "新进度（圈选）": PROGRESS_TO_CIRCLE, "备注": None}, by_day=True),
    TIERING_SHEET: MarkColumns(("客户", "手机"), {}),  # as 待办: only columns the seller adds (notes …) are theirs
}


@dataclass(frozen=True)
class _Layout:
    """Where each kind of cell sits: in the earlier sheet (by its own headers) and in the new spec."""

    identity: tuple[int, ...]           # earlier sheet's columns naming a row
    marks: dict[int, tuple[int, Any]]   # earlier column → (new column, what a fresh row shows there)
    labels: dict[int, str]              # new column → its name in 检查报告


@dataclass(frozen=True)
class _Mark:
    identity: tuple[str, ...]
    values: dict[int, Any]  # new column → the seller's value


def carry_marks(spec: SheetSpec, earlier: Optional[Rows], report: CheckReport) -> SheetSpec:
    """`spec` with the seller's marks from `earlier` (the same sheet as the last refresh left it) put back."""
    declared = MARK_COLUMNS.get(spec.name)
    if declared is None or not earlier:
        return spec
    headers = [_text(h) for h in earlier[0]]
    added = _added_columns(earlier, headers, spec.headers)
    layout = _layout(headers, spec, declared, added)
    if layout is None:
        return spec  # the seller renamed a column that names rows: nothing can be matched, nothing is guessed
    if not layout.marks:
        return spec  # no column here is the seller's (待办 and 客户分层 until one is added): nothing to carry
    spec = replace(spec, columns=spec.columns + tuple(Column(headers[i], _ADDED_COLUMN_WIDTH) for i in added),
                   rows=tuple(row + (None,) * len(added) for row in spec.rows))
    marks = dict(_marks(earlier[1:], layout, declared.by_day))
    rows = list(spec.rows)
    carried = 0
    for key, index in _keyed(rows, _new_identity(spec, declared), declared.by_day):
        mark = marks.pop(key, None)
        if mark is not None:
            rows[index] = tuple(mark.values.get(i, value) for i, value in enumerate(rows[index]))
            carried += len(mark.values)
    _note(spec.name, layout, carried, list(marks.values()), report)
    return replace(spec, rows=tuple(rows))


def _added_columns(earlier: Rows, headers: list[str], ours: Sequence[str]) -> list[int]:
    """Columns of the earlier sheet that are not ours and hold something: the seller added them."""
    return [i for i, header in enumerate(headers) if header not in ours
            and (header or any(i < len(row) and not _blank(row[i]) for row in earlier[1:]))]


def _layout(headers: list[str], spec: SheetSpec, declared: MarkColumns, added: list[int]) -> Optional[_Layout]:
    where = {header: i for i, header in reversed(list(enumerate(headers)))}  # the first of equal headers
    if any(header not in where for header in declared.identity):
        return None
    new = {header: i for i, header in enumerate(spec.headers)}
    marks = {where[h]: (new[h], fresh) for h, fresh in declared.seller.items() if h in where and h in new}
    marks |= {old: (len(spec.headers) + k, None) for k, old in enumerate(added)}
    labels = {column: headers[old] or f"第 {old + 1} 列" for old, (column, _) in marks.items()}
    return _Layout(tuple(where[h] for h in declared.identity), marks, labels)


def _new_identity(spec: SheetSpec, declared: MarkColumns) -> tuple[int, ...]:
    return tuple(spec.headers.index(h) for h in declared.identity)


def _marks(rows: Rows, layout: _Layout, by_day: bool) -> Iterator[tuple[tuple, _Mark]]:
    for key, index in _keyed(rows, layout.identity, by_day):
        row = rows[index]
        values = {column: _as_written(row[old]) for old, (column, fresh) in layout.marks.items()
                  if old < len(row) and not _blank(row[old]) and _text(row[old]) != _text(fresh)}
        if values:
            yield key, _Mark(key[0], values)


def _keyed(rows: Sequence[Sequence[Any]], identity: tuple[int, ...], by_day: bool) -> Iterator[tuple[tuple, int]]:
    """Each task row's position with its key: its identity, and which occurrence of that identity it is
    (two rows may share one, e.g. two customers of the same name)."""
    seen: Counter = Counter()
    day = ""
    for index, row in enumerate(rows):
        heading = _DAY_HEADING.match(_text(row[0])) if by_day and row else None
        if heading:
            day = heading.group(1)
            continue
        named = tuple(_text(row[i]) if i < len(row) else "" for i in identity)
        if not any(named):
            continue
        named = ((day,) if by_day else ()) + named
        seen[named] += 1
        yield (named, seen[named]), index


def _note(sheet: str, layout: _Layout, carried: int, dropped: list[_Mark], report: CheckReport) -> None:
    kinds = "、".join(dict.fromkeys(layout.labels.values()))
    if carried:
        report.note(f"{sheet}：保留了 {carried} 处你填写的内容（{kinds}）(your marks kept: {carried})")
    if dropped:
        count = sum(len(mark.values) for mark in dropped)
        listed = "；".join(" ".join(filter(None, mark.identity)) + " " +
                          " ".join(f"{layout.labels[column]}={display(value)}" for column, value in mark.values.items())
                          for mark in dropped)
        report.note(f"{sheet}：{count} 处你填写的内容因该行已不在表中而未保留 (your marks dropped because their "
                    f"row is gone: {count})：{listed}")


def _as_written(value: Any) -> Any:
    # A date typed into a note column would come back as a bare serial there (the column has no date format).
    return display(value) if isinstance(value, date) else value


def _blank(value: Any) -> bool:
    return value is None or isinstance(value, str) and not value.strip()


def _text(value: Any) -> str:
    """A cell as one text whatever engine read it: a date cell as its ISO day, 3.0 as 3."""
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        value = value.date()
    if isinstance(value, date):
        return display(value)
    return display(value).strip()
