"""The tierbook command line: version, help and the built-in demo."""
import subprocess
import sys

from tierbook import __version__
from tierbook.cli import main


def run(*args):
    return subprocess.run([sys.executable, "-m", "tierbook.cli", *args], capture_output=True, text=True,
                          env={"COLUMNS": "200", "PATH": "", "PYTHONIOENCODING": "utf-8"})


def test_version():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"tierbook {__version__}"


def test_help_lists_commands():
    out = run("--help")
    assert out.returncode == 0 and "demo" in out.stdout


def test_demo_prints_the_due_list(capsys):
    assert main(["demo", "--today", "2026-11-23", "--customers", "30", "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert "待办 2026-11-23" in out and "显示前 5 行" in out


def test_bad_date_is_a_clear_error():
    out = run("demo", "--today", "23/11/2026")
    assert out.returncode == 2 and "expected YYYY-MM-DD" in out.stderr
