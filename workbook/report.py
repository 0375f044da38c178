"""The check report: every cell that could not be read, and what the reader decided on its own."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Optional

@dataclass(frozen=True)
class Problem:
    """One cell (or row, or sheet) the seller should look at.

    `row` is the 1-based Excel row and `column` the Excel letter, so the seller can go
    straight to the cell; both are None/"" when the problem is about a whole sheet.
    `expected` is Chinese first, English in brackets.
    """

    sheet: str
    row: Optional[int]
    column: str
    header: str
    value: Any
    expected: str

    def cells(self) -> tuple[str, Optional[int], str, str, str]:
        """This problem as one row of the 检查报告 sheet."""
        where = f"{self.column}（{self.header}）" if self.column and self.header else self.column or self.header
        return (self.sheet, self.row, where, display(self.value), self.expected)


def display(value: Any) -> str:
    """A cell value as the seller would recognise it; dates in ISO so they cannot be misread."""
    if value is None:
        return ""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class CheckReport:
    """Problems (bad cells) and notices (choices the reader made, e.g. a missing sheet)."""

    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def note(self, text: str) -> None:
        if text not in self.notices:
            self.notices.append(text)
