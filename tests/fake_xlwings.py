"""A stand-in for an open xlwings Book: exactly the attributes macros/ribbon.py and macros/xlwings_render.py use.

The only fake in the suite (there is no Excel here). It behaves like xlwings with Excel
where that matters to the code under test: values read as 2-D lists with None for blanks,
floats for numbers and datetimes for dates; a written "'text" is stored as text. `.api`
records COM calls, or is missing (like a non-COM engine) with `com=False`.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any


class Recorder:
    """A COM object that remembers every attribute set and every call."""

    def __init__(self, log: list, path: str = "api"):
        object.__setattr__(self, "_log", log)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_values", {"AutoFilterMode": False})

    def __getattr__(self, name: str) -> Any:
        values = object.__getattribute__(self, "_values")
        if name in values:
            return values[name]
        return Recorder(self._log, f"{self._path}.{name}")

    def __setattr__(self, name: str, value: Any) -> None:
        self._values[name] = value
        self._log.append((f"{self._path}.{name}", value))

    def __call__(self, *args: Any) -> "Recorder":
        self._log.append((f"{self._path}()", args))
        return Recorder(self._log, f"{self._path}({', '.join(map(str, args))})")


def as_excel_gives(value: Any) -> Any:
    """A python-calamine cell as xlwings would read it from Excel."""
    if value == "" or value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


class _Font:
    def __init__(self, rng: "FakeRange"):
        object.__setattr__(self, "_range", rng)

    def __setattr__(self, name: str, value: Any) -> None:
        self._range.record(f"font.{name}", value)


class _Validation:
    def __init__(self, rng: "FakeRange"):
        self._range = rng

    def set_list(self, source, *, in_cell_dropdown: bool = True) -> None:
        self._range.record("data_validation", tuple(source))


class _Cell:
    def __init__(self, row: int, column: int):
        self.row, self.column = row, column


class FakeRange:
    def __init__(self, sheet: "FakeSheet", first: tuple[int, int], last: tuple[int, int]):
        self.sheet, self.first, self.last = sheet, first, last
        self.read_options: dict = {}

    def record(self, what: str, value: Any) -> None:
        self.sheet.formats.append((self.first, self.last, what, value))

    def options(self, **options: Any) -> "FakeRange":
        self.read_options = options
        return self

    @property
    def value(self) -> list[list]:
        assert self.read_options.get("ndim") == 2, "the ribbon reads 2-D lists"
        (r1, c1), (r2, c2) = self.first, self.last
        return [[self.sheet.cells.get((r, c)) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    @value.setter
    def value(self, table: list[list]) -> None:
        r1, c1 = self.first
        assert (r1 + len(table) - 1, c1 + len(table[0]) - 1) == self.last, "one write fills the range exactly"
        self.sheet.writes += 1
        for i, row in enumerate(table):
            for j, v in enumerate(row):
                # Excel keeps a leading apostrophe as the text prefix, not as part of the value.
                self.sheet.cells[(r1 + i, c1 + j)] = v[1:] if isinstance(v, str) and v.startswith("'") else v

    @property
    def font(self) -> _Font:
        return _Font(self)

    @property
    def data_validation(self) -> _Validation:
        if not self.sheet.book.com:
            raise AttributeError("data_validation needs xlwings >= 0.37.5")
        return _Validation(self)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("color", "column_width", "number_format", "wrap_text", "row_height"):
            self.record(name, value)
        else:
            object.__setattr__(self, name, value)

    def merge(self, across: bool = False) -> None:
        self.record("merge", across)

    @property
    def last_cell(self) -> _Cell:
        return _Cell(*self.last)

    # Every column 48 points wide and every row 15 high: where a chart is put, in points as Excel gives them.
    @property
    def left(self) -> float:
        return (self.first[1] - 1) * 48.0

    @property
    def top(self) -> float:
        return (self.first[0] - 1) * 15.0


class _Address:
    """A range given by its A1 address, areas separated by commas: only what a chart's source needs."""

    def __init__(self, address: str):
        self.address = address


class FakeChart:
    def __init__(self, charts: "_Charts", left: float, top: float, width: float, height: float):
        self._charts, self.box = charts, (left, top, width, height)
        self.name, self.chart_type, self.source = "", None, None
        self.com = Recorder(charts.log, "chart.api")

    def set_source_data(self, source: _Address) -> None:
        self.source = source.address

    def delete(self) -> None:
        self._charts.items.remove(self)

    @property
    def api(self) -> tuple:
        return None, self.com  # xlwings' COM chart api: (ChartObject, Chart)


class _Charts:
    def __init__(self, log: list):
        self.log, self.items = log, []

    def __iter__(self):
        return iter(list(self.items))

    def add(self, left: float, top: float, width: float, height: float) -> FakeChart:
        self.items.append(FakeChart(self, left, top, width, height))
        return self.items[-1]


class FakeSheet:
    def __init__(self, book: "FakeBook", name: str, rows: list[list] | None = None):
        self.book, self.name = book, name
        self.cells: dict[tuple[int, int], Any] = {}
        self.formats: list = []
        self._names = _Names(name)
        self._charts = _Charts(book.com_log)
        self.writes = 0
        for r, row in enumerate(rows or [], start=1):
            for c, v in enumerate(row, start=1):
                if v is not None:
                    self.cells[(r, c)] = v

    @property
    def used_range(self) -> FakeRange:
        if not self.cells:
            return FakeRange(self, (1, 1), (1, 1))
        return FakeRange(self, (1, 1), (max(r for r, _ in self.cells), max(c for _, c in self.cells)))

    def range(self, first: tuple[int, int] | str, last: tuple[int, int] | None = None) -> FakeRange | _Address:
        if isinstance(first, str):
            return _Address(first)
        return FakeRange(self, first, last or first)

    @property
    def charts(self) -> _Charts:
        if not self.book.com:
            raise AttributeError("no chart API here (Office.js, as in xlwings Lite)")
        return self._charts

    def clear(self) -> None:
        self.cells.clear()
        self.formats.clear()  # like Excel's Clear: names stay

    @property
    def names(self) -> "_Names":
        return self._names

    def activate(self) -> None:
        self.book.active = self.name

    @property
    def api(self) -> Recorder:
        if not self.book.com:
            raise AttributeError("no COM here")
        return Recorder(self.book.com_log, f"{self.name}.api")

    def rows(self) -> list[list]:
        return self.used_range.options(ndim=2).value


class _Name:
    def __init__(self, name: str, refers_to: str):
        self.name, self.refers_to = name, refers_to


class _Names:
    """A sheet's own names; Excel reports a sheet-scoped name as "Sheet!name"."""

    def __init__(self, sheet_name: str):
        self.sheet_name, self.items = sheet_name, []

    def __iter__(self):
        return iter(list(self.items))

    def add(self, name: str, refers_to: str) -> _Name:
        self.items.append(_Name(f"{self.sheet_name}!{name}", refers_to))
        return self.items[-1]


class _Sheets:
    def __init__(self, book: "FakeBook"):
        self.book = book
        self.items: list[FakeSheet] = []

    def __iter__(self):
        return iter(list(self.items))

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, key):
        if isinstance(key, int):
            return self.items[key]
        return next(s for s in self.items if s.name == key)

    def add(self, name: str, before=None, after: FakeSheet | None = None) -> FakeSheet:
        sheet = FakeSheet(self.book, name)
        self.items.insert(self.items.index(after) + 1 if after is not None else 0, sheet)
        return sheet


class _App:
    def __init__(self, book: "FakeBook"):
        self.status_bar: str | bool = False
        self.alerts: list[tuple[str, str]] = []
        self._book = book

    def alert(self, prompt: str, title: str | None = None) -> None:
        self.alerts.append((prompt, title))

    @property
    def api(self) -> Recorder:
        if not self._book.com:
            raise AttributeError("no COM here")
        return Recorder(self._book.com_log, "app.api")


class FakeBook:
    def __init__(self, sheets: dict[str, list[list]], com: bool = True):
        self.com, self.com_log, self.active = com, [], None
        self.sheets = _Sheets(self)
        for name, rows in sheets.items():
            self.sheets.items.append(FakeSheet(self, name, [[as_excel_gives(v) for v in row] for row in rows]))
        self.app = _App(self)
