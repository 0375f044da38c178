"""The tierbook command line end to end on real files: exit codes, our sheets, reproducibility."""
import hashlib
import re
import subprocess
import sys
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from templates.build import customer_workbook
from tierbook import __version__
from tierbook.cli import EXIT_CODES, main, wrap_words
from tierbook.demo_data import demo_book
from tierlogic.daily import plan
from tierlogic.settings import Settings
from workbook.owned import OWNED_SHEETS
from workbook.sheets import reasons_brief, reasons_text

TODAY = "2026-11-23"


def run(*args):
    return subprocess.run([sys.executable, "-m", "tierbook.cli", *args], capture_output=True, text=True,
                          env={"COLUMNS": "200", "PATH": "", "PYTHONIOENCODING": "utf-8"})


def sheet_values(path, name):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def shop(tmp_path):
    path = tmp_path / "店铺.xlsx"
    customer_workbook(demo_book(date(2026, 11, 23), customers=40), Settings()).save(path)
    return path


def test_version():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"tierbook {__version__}"


def test_help_lists_every_command():
    out = run("--help")
    assert out.returncode == 0
    assert all(word in out.stdout for word in ("init", "demo", "check", "refresh", "greetings", "weekly"))


def test_bad_date_is_a_clear_error():
    out = run("demo", "--today", "23/11/2026")
    assert out.returncode == 2 and "expected YYYY-MM-DD" in out.stderr


def test_demo_writes_and_refreshes_a_synthetic_shop(tmp_path, capsys):
    assert main(["demo", "--dir", str(tmp_path), "--today", TODAY, "--customers", "30", "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert "待办 2026-11-23（前 5 行）" in out and "数据问题 0 处" in out
    names = CalamineWorkbook.from_path(str(tmp_path / "示例店铺.xlsx")).sheet_names
    assert names == ["客户", "订单", "跟进记录", "产品", "设置", *OWNED_SHEETS]


def test_refresh_writes_the_planned_rows(shop):
    assert main(["refresh", str(shop), "--today", TODAY]) == 0
    expected = plan(demo_book(date(2026, 11, 23), customers=40), date(2026, 11, 23), Settings())
    due = sheet_values(shop, "待办")
    assert len(due) - 1 == len(expected.due_rows)
    assert [r[3] for r in due[1:]] == [r.name for r in expected.due_rows]
    greetings = sheet_values(shop, "祝福名单")
    assert [g[7] for g in greetings[1:]] == [g.text for g in expected.greetings]
    report = sheet_values(shop, "检查报告")[1:]  # no problem rows: only 说明, opening with what was read
    assert all(r[0] == "说明" for r in report) and report[0][3].startswith("读取「客户」作为客户表")
    assert report[-1][3] == "没有发现问题 / no problems found"


def test_refresh_twice_gives_the_same_content(shop):
    assert main(["refresh", str(shop), "--today", TODAY]) == 0
    with zipfile.ZipFile(shop) as z:
        once = {n: z.read(n) for n in z.namelist()}
    assert main(["refresh", str(shop), "--today", TODAY]) == 0
    with zipfile.ZipFile(shop) as z:
        twice = {n: z.read(n) for n in z.namelist()}
    assert once == twice


def test_greetings_window_from_the_command_line(shop):
    assert main(["greetings", str(shop), "--today", TODAY, "--from", "2026-12-20", "--days", "7"]) == 0
    rows = sheet_values(shop, "祝福名单")[1:]
    assert rows and all(date(2026, 12, 20) <= r[0] <= date(2026, 12, 26) for r in rows)
    assert {"冬至", "平安夜", "圣诞"} <= {o for r in rows for o in r[1].split("、")}
    assert "待办" not in CalamineWorkbook.from_path(str(shop)).sheet_names


def test_weekly_for_a_chosen_week(shop):
    assert main(["weekly", str(shop), "--today", TODAY, "--week", "2026-W49"]) == 0
    first = [r[0] for r in sheet_values(shop, "本周跟进表")[1:] if str(r[0]).startswith("周")]
    assert first[0].startswith("周一  11月30日") and first[-1].startswith("周日  12月6日")


def test_data_problems_exit_1_and_are_reported(shop):
    wb = openpyxl.load_workbook(shop)
    wb["客户"]["Q2"] = "2026-13-45"  # 下次跟进: not a date
    wb.save(shop)
    assert main(["check", str(shop), "--today", TODAY]) == 1
    assert main(["refresh", str(shop), "--today", TODAY]) == 1
    report = sheet_values(shop, "检查报告")
    problems = [row for row in report[1:] if row[0] != "说明"]  # after what was read
    assert problems[0][:4] == ["客户", 2, "Q（下次跟进）", "2026-13-45"]


def test_check_changes_nothing(shop):
    before = digest(shop)
    assert main(["check", str(shop), "--today", TODAY]) == 0
    assert digest(shop) == before and not list(shop.parent.glob("*.bak-*"))


def test_refused_file_exits_2_and_is_untouched(shop, capsys):
    lock = shop.with_name("~$" + shop.name)
    lock.write_bytes(b"x")
    before = digest(shop)
    assert main(["refresh", str(shop), "--today", TODAY]) == 2
    assert digest(shop) == before
    assert "Excel" in capsys.readouterr().err


def test_xlwings_config_prints_conf_lines(capsys):
    assert main(["xlwings-config", "--platform", "mac", "--interpreter", "/opt/py/bin/python3"]) == 0
    out = capsys.readouterr().out
    assert '"INTERPRETER_MAC","/opt/py/bin/python3"' in out and '"UDF MODULES","macros.udfs"' in out
    assert main(["xlwings-config", "--platform", "win", "--interpreter", 'C:\\a"b\\python.exe']) == 2


def test_check_reads_a_workbook_that_is_open_in_excel(shop):
    shop.with_name("~$" + shop.name).write_bytes(b"x")
    assert main(["check", str(shop), "--today", TODAY]) == 0
    assert main(["refresh", str(shop), "--today", TODAY]) == 2


def test_weekly_pdf_without_libreoffice_says_so(shop, capsys, monkeypatch):
    import workbook.pdf
    monkeypatch.setattr(workbook.pdf, "soffice", lambda: None)
    assert main(["weekly", str(shop), "--today", TODAY, "--pdf"]) == 1
    out = capsys.readouterr().out
    assert "未安装 LibreOffice" in out and "LibreOffice is not installed" in out
    assert not list(shop.parent.glob("*.pdf"))


def test_xlwings_config_names_the_file_of_each_platform(capsys):
    assert main(["xlwings-config", "--platform", "mac", "--interpreter", "/usr/bin/python3"]) == 0
    assert "~/Library/Containers/com.microsoft.Excel/Data/xlwings.conf" in capsys.readouterr().out
    assert main(["xlwings-config", "--platform", "win", "--interpreter", "C:\\py\\pythonw.exe"]) == 0
    assert "%USERPROFILE%\\.xlwings\\xlwings.conf" in capsys.readouterr().out.replace("\n", "")


def flat(text):
    """Rich wraps long lines at the console width; the words are what a test reads."""
    return " ".join(text.split())


def untouched(path, before):
    return digest(path) == before and not list(path.parent.glob("*.bak-*"))


@pytest.mark.parametrize("args", [["greetings", "--days", "-3"], ["greetings", "--days", "两周"],
                                  ["check", "--limit", "-1"]])
def test_a_count_below_its_minimum_is_refused_before_anything_runs(shop, capsys, args):
    before = digest(shop)
    with pytest.raises(SystemExit) as stopped:
        main([args[0], str(shop), *args[1:], "--today", TODAY])
    assert stopped.value.code == 2 and untouched(shop, before)
    assert "expected a whole number ≥ 0" in capsys.readouterr().err


def test_a_demo_shop_needs_at_least_one_customer(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["demo", "--dir", str(tmp_path), "--customers", "0"])
    assert stopped.value.code == 2 and not list(tmp_path.iterdir())
    assert "expected a whole number ≥ 1" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["refresh", "--today", "2099-12-30"],  # the greeting window runs into 2100
                                  ["refresh", "--today", "1900-06-01"],
                                  ["greetings", "--today", TODAY, "--days", "100000"],
                                  ["weekly", "--today", TODAY, "--week", "2100-W01"]])
def test_a_day_the_calendar_cannot_reach_is_refused_and_the_file_untouched(shop, capsys, args):
    before = digest(shop)
    assert main([args[0], str(shop), *args[1:]]) == 2
    assert untouched(shop, before)
    assert "1901–2099" in flat(capsys.readouterr().err)


def test_a_csv_folder_that_cannot_be_made_is_refused_before_the_workbook_is_touched(shop, capsys):
    taken = shop.with_name("notes")
    taken.write_text("a file, not a folder")
    before = digest(shop)
    assert main(["refresh", str(shop), "--today", TODAY, "--csv", str(taken)]) == 2
    assert untouched(shop, before)
    assert "the workbook was not touched" in flat(capsys.readouterr().err)


def test_csv_files_that_fail_after_the_refresh_exit_1_and_say_the_workbook_was_refreshed(shop, capsys, monkeypatch):
    import tierbook.cli

    def disk_full(spec, path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tierbook.cli, "write_csv", disk_full)
    assert main(["refresh", str(shop), "--today", TODAY, "--csv", str(shop.with_name("csv"))]) == 1
    assert "the workbook was refreshed" in flat(capsys.readouterr().out)
    assert sheet_values(shop, "待办")  # refreshed


def test_a_folder_or_a_name_without_extension_is_named_as_such(shop, capsys):
    assert main(["refresh", str(shop.parent), "--today", TODAY]) == 2
    assert "is a folder, not a workbook" in flat(capsys.readouterr().err)
    bare = shop.rename(shop.with_suffix(""))
    assert main(["refresh", str(bare), "--today", TODAY]) == 2
    err = flat(capsys.readouterr().err)
    assert "不支持没有扩展名的文件" in err and "Files without an extension are not supported" in err


def test_check_points_to_limit_not_to_a_sheet_it_did_not_write(shop, capsys):
    wb = openpyxl.load_workbook(shop)
    for row in (2, 3, 4):
        wb["客户"][f"Q{row}"] = "2026-13-45"
    wb.save(shop)
    assert main(["check", str(shop), "--today", TODAY, "--limit", "1"]) == 1
    out = capsys.readouterr().out
    assert "另有 2 处问题，用 --limit 显示更多" in out and "检查报告" not in out


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs a computer that is neither platform")
@pytest.mark.parametrize("platform", ["win", "mac"])
def test_xlwings_config_for_another_system_asks_for_its_interpreter(capsys, platform):
    assert main(["xlwings-config", "--platform", platform]) == 2
    assert "pass --interpreter" in flat(capsys.readouterr().err)


@pytest.mark.parametrize("name, reason", [("new.xls", "cannot write the old .xls format"),
                                          ("new.csv", "a CSV file holds one sheet"),
                                          ("new", "writes only .xlsx and .xlsm, not 'new'"),
                                          ("new.ods", "writes only .xlsx and .xlsm, not 'new.ods'")])
def test_init_refuses_a_name_it_cannot_honestly_write(tmp_path, capsys, name, reason):
    assert main(["init", str(tmp_path / name), "--logs"]) == 2
    err = flat(capsys.readouterr().err)
    assert reason in err and "请改用 new.xlsx" in err and "Nothing was written" in err
    assert not list(tmp_path.iterdir())


def content_types(path):
    with zipfile.ZipFile(path) as z:
        return z.read("[Content_Types].xml").decode(), z.namelist()


def test_init_writes_an_xlsm_as_a_macro_enabled_workbook_that_refreshes(tmp_path):
    shop = tmp_path / "shop.xlsm"
    assert main(["init", str(shop), "--today", TODAY]) == 0
    types, parts = content_types(shop)
    assert 'PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"' in types
    assert "spreadsheetml.sheet.main+xml" not in types and not any("vba" in part.lower() for part in parts)
    assert main(["refresh", str(shop), "--today", TODAY]) == 0
    assert "macroEnabled.main+xml" in content_types(shop)[0] and sheet_values(shop, "待办")


def test_init_writes_only_what_is_missing_and_never_overwrites(tmp_path, capsys):
    shop, logs = tmp_path / "店.xlsx", tmp_path / "店-追踪志.xlsx"
    assert main(["init", str(shop), "--today", TODAY]) == 0
    assert main(["init", str(shop), "--today", TODAY]) == 2
    assert "已存在" in capsys.readouterr().err
    before = digest(shop)
    assert main(["init", str(shop), "--logs", "--today", TODAY]) == 0  # the logs beside an existing workbook
    assert digest(shop) == before and openpyxl.load_workbook(logs).sheetnames[0] == "日志"
    assert "already there, left as it was" in flat(capsys.readouterr().out)
    logs_before = digest(logs)
    assert main(["init", str(shop), "--logs", "--today", TODAY]) == 2
    assert "already exist" in flat(capsys.readouterr().err)
    shop.unlink()
    assert main(["init", str(shop), "--logs", "--today", TODAY]) == 0  # the workbook beside existing logs
    assert digest(logs) == logs_before and shop.exists()


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def display_width(line):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def demo_on_a_console(tmp_path, capsys, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["demo", "--dir", str(tmp_path), "--today", TODAY, "--customers", "40", "--limit", "15"]) == 0
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("columns, reasons", [(80, reasons_brief), (120, reasons_text)])
def test_the_console_summary_fits_its_width_and_never_splits_a_date(tmp_path, capsys, monkeypatch, columns, reasons):
    lines = demo_on_a_console(tmp_path, capsys, monkeypatch, columns)
    assert max(map(display_width, lines)) <= columns
    rows = plan(demo_book(date(2026, 11, 23), customers=40), date(2026, 11, 23), Settings()).due_rows[:15]
    shown = [TODAY] + [d for r in rows for d in [r.due.isoformat(), *ISO_DATE.findall(reasons(r))]]
    assert sorted(d for line in lines for d in ISO_DATE.findall(line)) == sorted(shown)  # a split date is not found
    assert sum(line.startswith("│ 2026-") for line in lines) == 15  # one line per row begins with its due date


def test_an_80_column_console_shows_fewer_columns(tmp_path, capsys, monkeypatch):
    header = next(line for line in demo_on_a_console(tmp_path, capsys, monkeypatch, 80) if "到期日" in line)
    assert header.split() == ["┃", "到期日", "┃", "逾期", "┃", "客户", "┃", "级别", "┃", "原因", "┃", "建议动作", "┃"]


@pytest.mark.parametrize("width, lines", [
    (20, ["已签收：签收后询问", "（签收日期=", "2026-11-26）"]),
    (12, ["已签收：签收", "后询问（签收", "日期=", "2026-11-26）"]),
    (40, ["已签收：签收后询问（签收日期=", "2026-11-26）"]),
    (41, ["已签收：签收后询问（签收日期=2026-11-26）"]),  # 15 wide characters and 1 + 10 narrow ones
])
def test_wrapped_text_breaks_between_words_and_keeps_punctuation_with_its_word(width, lines):
    assert wrap_words("已签收：签收后询问（签收日期=2026-11-26）", width) == lines


def test_one_reason_per_line_stays_one_per_line_on_screen():
    """待办 cells hold one reason per line; the console must break there and nowhere inside 沉睡客户唤醒."""
    assert wrap_words("沉睡客户唤醒\n复购未达成：提醒复购后仍未下单", 40) == ["沉睡客户唤醒", "复购未达成：提醒复购后仍未下单"]
    assert wrap_words("沉睡客户唤醒\n按节奏跟进", 12) == ["沉睡客户唤醒", "按节奏跟进"]


def test_help_and_readme_give_each_exit_code_the_same_meaning():
    help_text = flat(run("--help").stdout)
    readme = flat((Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")).replace("**", "")
    for code, _, en in EXIT_CODES:
        assert flat(en) in help_text and f"{code} {flat(en)}" in readme
    assert "CSV or PDF that could not be written" in help_text


def test_refresh_counts_the_notes_and_check_lists_them(shop, capsys):
    """After a refresh the console says how many notes 检查报告 holds; `check` prints them (what was read …)."""
    assert main(["refresh", str(shop), "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "说明 " in out and "条（读了什么、怎么读的），见「检查报告」表" in out and "读取「客户」" not in out
    assert main(["check", str(shop), "--today", TODAY]) == 0
    assert "读取「客户」作为客户表" in capsys.readouterr().out
