"""The benchmark runs end to end at size S and prints its table (no timing is asserted)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_smoke_prints_the_table():
    done = subprocess.run([sys.executable, "-m", "bench.run", "--smoke"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.splitlines()[0].split() == ["size", "case", "reps", "wall", "s", "cpu", "s", "peak", "MB"]
    assert "(b) tierbook refresh" in done.stdout
    assert "goal M refresh/floor" in done.stdout


def test_bench_steps_add_up_to_one_refresh():
    done = subprocess.run([sys.executable, "-m", "bench.steps", "S", "--reps", "1"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    lines = done.stdout.splitlines()
    assert lines[0] == "S: CPU seconds per step, median of 1"
    steps = [float(line.split()[-1]) for line in lines[1:8]]
    total = float(lines[8].split()[1])
    assert len(steps) == 7 and abs(sum(steps) - total) < 0.02
    assert "× the floor" in lines[8] and lines[9].split()[0] == "floor:"
    least = lines[10].split()
    assert least[:3] == ["least:", "check", "+"] and abs(float(least[4]) - steps[0] - steps[1]) < 0.02
