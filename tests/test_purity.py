"""tierlogic stays pure: it imports nothing of ours or of Excel's, opens no file and never reads the clock."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

TIERLOGIC = Path(__file__).resolve().parent.parent / "tierlogic"
NOT_OURS_TO_USE = {"workbook", "macros", "tierbook", "templates", "xlwings", "openpyxl", "python_calamine"}
# Our own modules must not do I/O; libraries we call may import these for their own reasons.
FORBIDDEN_IMPORTS = NOT_OURS_TO_USE | {"os", "pathlib", "io", "shutil", "zipfile", "subprocess", "time", "socket", "urllib"}
MODULES = sorted(TIERLOGIC.glob("*.py"))


def imported_roots(tree: ast.AST) -> set[str]:
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_forbidden_imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert imported_roots(tree) & FORBIDDEN_IMPORTS == set()


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_clock_and_no_open(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            clock = node.func.attr in {"today", "now", "utcnow", "time", "monotonic"}
            assert not clock, f"{path.name} reads the clock"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "open", f"{path.name} opens a file"


def test_importing_every_module_loads_nothing_forbidden():
    names = " ".join(f"tierlogic.{p.stem}" for p in MODULES if p.stem != "__init__")
    code = (f"import importlib, sys\nfor n in {names.split()!r}: importlib.import_module(n)\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {sorted(NOT_OURS_TO_USE)!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
