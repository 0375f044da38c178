"""Where one refresh spends its time: the same steps as `workbook.refresh.refresh`, timed one by one.

Usage: python -m bench.steps [S|M|L] [--reps 3]

Prints CPU seconds per step (median of the repetitions, each in this one process) beside the
calamine floor, so the gap in bench/run.py's b/a can be read step by step. Writes to a scratch copy.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

from bench.make_data import SIZES, TODAY, ensure

STEPS = ("package check (zipcheck)", "calamine reads our sheets", "cells → records", "compute (plan, week)",
         "sheet specs", "our styles and charts", "sheets into the package")


def one_refresh(source: Path, scratch: Path) -> list[float]:
    """CPU seconds of each of STEPS for one refresh of a fresh copy of `source`."""
    from workbook.package import replace_owned_sheets
    from workbook.reader import _read_book
    from workbook.filereader import read_sheets
    from workbook.owned import OWNED_SHEETS, sheet_specs
    from workbook.refresh import Loaded, batch_allocation, compute
    from workbook.safety import check_readable
    from workbook.sheetxml import sheets_package
    from tierlogic.workdays import ChinaWorkCalendar

    path = scratch / source.name
    shutil.copyfile(source, path)  # a new copy has a new mtime, so safety's cached check runs again
    times: list[float] = []
    state: dict = {}

    def step(work: Callable[[], object]) -> None:
        start = time.process_time()
        work()
        times.append(time.process_time() - start)

    with batch_allocation():
        step(lambda: check_readable(path))
        step(lambda: state.update(zip(("rows", "merged"), read_sheets(path, skip=OWNED_SHEETS))))
        step(lambda: state.update(zip(("book", "settings", "report"),
                                      _read_book(state.pop("rows"), TODAY, state.pop("merged")))))
        calendar = ChinaWorkCalendar() if state["settings"].move_to_working_day else None
        loaded = Loaded(state["book"], state["settings"], state["report"], calendar)
        step(lambda: state.update(day=compute(loaded, TODAY)))
        step(lambda: state.update(specs=sheet_specs(OWNED_SHEETS, state["day"])))
        # As the refresh does it: the sheets themselves are written inside the package step, with the seller's style ids.
        step(lambda: state.update(ours=sheets_package(state["specs"])))
        step(lambda: replace_owned_sheets(path, scratch / "out.xlsx", state["ours"], OWNED_SHEETS))
    return times


def floor(source: Path) -> float:
    from python_calamine import CalamineWorkbook

    start = time.process_time()
    book = CalamineWorkbook.from_path(str(source))
    [book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names]
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", default="M", choices=list(SIZES))
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args(argv)
    source = ensure(SIZES[args.size])
    with tempfile.TemporaryDirectory(prefix="tierbook-steps-") as scratch:
        runs = [one_refresh(source, Path(scratch)) for _ in range(args.reps)]
    floors = [floor(source) for _ in range(args.reps)]
    medians = [statistics.median(run[i] for run in runs) for i in range(len(STEPS))]
    print("\n".join(table(args.size, args.reps, medians, statistics.median(floors))))
    return 0


def table(size: str, reps: int, medians: list[float], base: float) -> list[str]:
    """The printed lines; totals and ratios come from the unrounded seconds, so they may differ from the
    sum of the rounded ones shown above them."""
    total = sum(medians)
    # Issue 8 refuses a bomb or an oversized sheet before calamine can abort the process, so no refresh
    # can cost less than the package check and calamine's own reading, whatever the rest costs.
    least = medians[0] + medians[1]
    return [f"{size}: CPU seconds per step, median of {reps}",
            *(f"  {name:28s} {seconds:7.2f}" for name, seconds in zip(STEPS, medians)),
            f"  {'total':28s} {total:7.2f}   ({total / base:.1f}× the floor)",
            f"  {'floor: calamine, every sheet':28s} {base:7.2f}",
            f"  {'least: check + calamine':28s} {least:7.2f}   ({least / base:.1f}× the floor, with nothing else)"]


if __name__ == "__main__":
    raise SystemExit(main())
