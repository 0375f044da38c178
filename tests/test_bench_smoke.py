"""The benchmark runs end to end at size S and prints its table (no timing is asserted)."""
import subprocess
import sys
from pathlib import Path

from bench.steps import STEPS, table

ROOT = Path(__file__).resolve().parent.parent


def test_bench_smoke_prints_the_table():
    done = subprocess.run([sys.executable, "-m", "bench.run", "--smoke"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, check=True)
    assert done.stdout.splitlines()[0].split() == ["size", "case", "reps", "wall", "s", "cpu", "s", "peak", "MB"]
    assert "(b) tierbook refresh" in done.stdout
    assert "goal M refresh/floor b/a ≤ 3.0" in done.stdout and "goal M package check/floor" in done.stdout


def test_bench_steps_prints_every_step_of_one_refresh():
    # The seconds are measured: only the table's shape is checked here, never their arithmetic.
    done = subprocess.run([sys.executable, "-m", "bench.steps", "S", "--reps", "1"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, check=True)
    lines = done.stdout.splitlines()
    assert lines[0] == "S: CPU seconds per step, median of 1"
    labels = [line.rsplit(None, 1)[0].strip() for line in lines[1:8]]
    assert labels == list(STEPS)
    assert all(float(line.split()[-1]) >= 0 for line in lines[1:8])
    assert lines[8].split()[0] == "total" and lines[8].endswith("× the floor)")
    assert lines[9].split()[0] == "floor:" and lines[10].split()[:4] == ["least:", "check", "+", "calamine"]
    assert len(lines) == 11


def test_bench_steps_totals_come_from_unrounded_seconds():
    # Seven steps of 4 ms each show as 0.00, yet total 28 ms; the floor is 14 ms.
    assert table("S", 3, [0.004] * 7, 0.014) == [
        "S: CPU seconds per step, median of 3",
        "  package check (zipcheck)        0.00",
        "  calamine reads our sheets       0.00",
        "  cells → records                 0.00",
        "  compute (plan, week)            0.00",
        "  sheet specs                     0.00",
        "  our styles and charts           0.00",
        "  sheets into the package         0.00",
        "  total                           0.03   (2.0× the floor)",
        "  floor: calamine, every sheet    0.01",
        "  least: check + calamine         0.01   (0.6× the floor, with nothing else)",
    ]


def test_bench_goals_say_met_or_missed_and_by_how_much():
    from bench.run import GB, Result, goals, missed_refresh_sizes

    results = [Result("M", "floor", 3, 1.0, 1.0, 0), Result("M", "refresh", 3, 2.5, 2.5, 0),
               Result("M", "check", 3, 0.6, 0.6, 0), Result("L", "floor", 1, 10.0, 10.0, 0),
               Result("L", "refresh", 1, 35.0, 35.0, int(1.5 * GB)), Result("M", "udf_grade", 3, 0.08, 0.08, 0)]
    lines = goals(results)
    assert "goal M refresh/floor b/a ≤ 3.0: met (2.5×)" in lines
    assert "goal L refresh/floor b/a ≤ 3.0: MISSED by 0.5× (3.5×)" in lines
    assert "goal M package check/floor f/a ≤ 0.5: MISSED by 0.1× (0.6×)" in lines
    assert "goal L refresh peak memory < 2 GB: met (1.5 GB)" in lines
    assert "goal (e) TB_GRADE 10k rows ≤ 0.1 s: met (0.08 s)" in lines
    assert "goal (e) TB_VALUE_TIER 10k×1 ≤ 0.05 s: not measured" in lines
    assert missed_refresh_sizes(results) == ["L"]
