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
