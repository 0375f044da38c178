"""tierlogic and macros.lite under real Pyodide (npm pyodide in Node), as xlwings Lite runs them, against CPython.

Everything installs from wheels unpacked offline into Pyodide: tierbook's own, built from this
tree, and the pure-Python wheels of every dependency pyproject keeps for sys_platform
"emscripten" (pip download --platform any fails for a compiled-only one). xlwings is the
exception: Lite brings its own build, so the test unpacks the PyPI wheel, whose compiled part
Pyodide cannot load and xlwings does without. `.ci/run` installs node and the npm package.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from templates.build import customer_workbook
from tierbook.demo_data import demo_book
from tierlogic.settings import Settings
from workbook.owned import OWNED_SHEETS
from workbook.filereader import read_sheets

from .xlwings_lite import payload

tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11+")

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
PYODIDE = Path(os.environ.get("TIERBOOK_PYODIDE",
                              Path.home() / ".cache" / "tierbook" / "pyodide" / "node_modules" / "pyodide"))
PYODIDE_PYTHON = "3.12"  # pyodide 0.27's CPython
EMSCRIPTEN = {"sys_platform": "emscripten", "platform_system": "Emscripten", "platform_machine": "wasm32",
              "os_name": "posix", "implementation_name": "cpython", "python_version": PYODIDE_PYTHON}
TODAY = date(2026, 12, 20)

pytestmark = [
    pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed (.ci/run installs it)"),
    pytest.mark.skipif(not (PYODIDE / "pyodide.mjs").exists(),
                       reason=f"npm package pyodide not found at {PYODIDE} (.ci/run installs it; or set TIERBOOK_PYODIDE)"),
]


def lite_requirements() -> list[str]:
    """pyproject's dependencies that apply in Pyodide, pinned to the versions CPython runs here."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(text) for text in project["dependencies"]]
    return [f"{r.name}=={version(r.name)}" for r in wanted if r.marker is None or r.marker.evaluate(EMSCRIPTEN)]


def pip(*args: str, folder: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", *args, "-q", "-d" if args[0] == "download" else "-w",
                           str(folder)], capture_output=True, text=True, cwd=ROOT)
    if done.returncode == 0:
        return
    if "No matching distribution" in done.stderr or "Could not find a version" in done.stderr:
        pytest.fail(f"a dependency on the Lite path has no pure-Python wheel: {done.stderr[-2000:]}")
    pytest.skip(f"pip could not fetch wheels (no network to PyPI?): {done.stderr[-500:]}")


@pytest.fixture(scope="module")
def wheels(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("wheels")
    pip("wheel", "--no-deps", str(ROOT), folder=folder)
    pip("download", "--only-binary=:all:", "--platform", "any", "--python-version", PYODIDE_PYTHON,
        *lite_requirements(), folder=folder)
    xlwings = tmp_path_factory.mktemp("xlwings")
    pip("download", "--only-binary=:all:", "--no-deps", f"xlwings=={version('xlwings')}", folder=xlwings)
    return sorted(folder.glob("*.whl")) + sorted(xlwings.glob("*.whl"))


@pytest.fixture(scope="module")
def shop_payload(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("shop")
    customer_workbook(demo_book(TODAY, 40), Settings()).save(folder / "demo.xlsx")
    path = folder / "payload.json"
    path.write_text(json.dumps(payload(read_sheets(folder / "demo.xlsx")[0]), ensure_ascii=False), encoding="utf-8")
    return path


def test_the_lite_path_needs_no_compiled_package():
    names = {r.split("==")[0].lower() for r in lite_requirements()}
    assert not names & {"python-calamine", "lunar_python", "lunar-python", "xlwings"}
    assert "chinesecalendar" in names


def test_pyodide_computes_what_cpython_computes(wheels, shop_payload):
    probe = HERE / "pyodide_probe.py"
    pyodide = subprocess.run(["node", str(HERE / "pyodide_run.mjs"), str(PYODIDE), str(probe), str(shop_payload),
                              TODAY.isoformat(), *map(str, wheels)], capture_output=True, text=True, timeout=900)
    assert pyodide.returncode == 0, pyodide.stderr[-3000:]
    cpython = subprocess.run([sys.executable, str(probe), str(shop_payload), TODAY.isoformat()], cwd=ROOT,
                             capture_output=True, text=True, check=True, timeout=600)
    # The last line is the summary; before it, what the buttons printed (Lite has no status bar).
    here, there = (json.loads(run.stdout.strip().splitlines()[-1]) for run in (cpython, pyodide))
    assert (here.pop("platform"), there.pop("platform")) == (sys.platform, "emscripten")
    assert (here.pop("lunar_source"), there.pop("lunar_source")) == ("tierlogic.lunar_source", "tierlogic.lunar_table")
    assert there["lunar_birthday"] == "2026-11-30" and there["TB_LUNAR_TO_SOLAR"] == [[46356]]
    assert len(there["grades"]) == 40 and len(there["due"]) > 5 and len(there["regrade"]) == len(OWNED_SHEETS)
    assert there == here
