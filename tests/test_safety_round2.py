"""Round 2 of the writer's promises (issue 15 points 1, 9, 10, 11; issue 14 point 9): the workbook's own
date system, a save during the compute, a backup killed mid-copy, owner/group/xattrs/hard links, and
two tierbook runs at once."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from tierbook.cli import main
from workbook import refresh as refresh_module, safety
from workbook.cells import excel_serial
from workbook.pdf import soffice
from workbook.filereader import uses_1904_dates
from workbook.refresh import refresh
from workbook.safety import Refused

TODAY = date(2026, 11, 9)  # a Monday
NOW = datetime(2026, 11, 9, 8, 30, 0)


def shop(folder: Path, *, mac: bool = False, name: str = "客户簿.xlsx") -> Path:
    """Two customers: 张三 whose seller-chosen next date is 2026-11-14, 李四 never contacted (due today)."""
    wb = openpyxl.Workbook()
    if mac:
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "客户"
    ws.append(["姓名", "手机", "下次跟进"])
    ws.append(["张三", "13800000001", date(2026, 11, 14)])
    ws.append(["李四", "13800000002", None])
    ws["C2"].number_format = "yyyy-mm-dd"
    path = folder / name
    wb.save(path)
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def due_dates(path: Path) -> dict[str, date]:
    ws = openpyxl.load_workbook(path)["待办"]
    return {row[3]: row[0].date() for row in ws.iter_rows(min_row=2, values_only=True)}


# ---------------------------------------------------------------- issue 15.1: the 1904 date system


def _with_workbook_xml(path: Path, edit) -> Path:
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in parts.items():
            archive.writestr(info, edit(data) if info.filename == "xl/workbook.xml" else data)
    return path


def test_the_flag_is_read_in_both_spellings(tmp_path: Path):
    mac = shop(tmp_path, mac=True)
    assert b'date1904="1"' in zipfile.ZipFile(mac).read("xl/workbook.xml")
    assert uses_1904_dates(mac)
    assert uses_1904_dates(_with_workbook_xml(mac, lambda xml: xml.replace(b'date1904="1"', b'date1904="true"')))
    assert not uses_1904_dates(_with_workbook_xml(mac, lambda xml: xml.replace(b'date1904="true"', b'date1904="0"')))
    assert not uses_1904_dates(shop(tmp_path, name="pc.xlsx"))


@pytest.mark.parametrize("value, date1904, serial", [
    (date(1904, 1, 1), True, 0.0),                   # day 0 of the 1904 system
    (date(2026, 11, 14), False, 46340.0),            # 1900 system: 1899-12-30 + 46340 days
    (date(2026, 11, 14), True, 46340.0 - 1462),      # the two systems are 4 years and a day (1462 days) apart
    (datetime(1904, 1, 2, 18, 0), True, 1.75),
])
def test_serials_by_hand(value, date1904: bool, serial: float):
    assert excel_serial(value, date1904) == serial


@pytest.mark.parametrize("mac", [True, False])
def test_our_dates_are_written_in_the_workbooks_own_date_system(tmp_path: Path, mac: bool):
    path = shop(tmp_path, mac=mac)
    assert main(["refresh", str(path), "--today", TODAY.isoformat()]) in (0, 1)
    # openpyxl honours date1904: the seller's 2026-11-14 is read right and written back right.
    assert due_dates(path) == {"张三": date(2026, 11, 14), "李四": TODAY}


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_our_dates_right_in_a_1904_workbook(tmp_path: Path):
    path = shop(tmp_path, mac=True)
    assert main(["refresh", str(path), "--today", TODAY.isoformat()]) in (0, 1)
    profile = (tmp_path / "profile").as_uri()
    # Sheet 2 is 待办 (客户 is sheet 1); the CSV filter's 12th token picks the sheet.
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2"
    done = subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", options,
                           "--outdir", str(tmp_path / "out"), str(path)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    (csv_file,) = (tmp_path / "out").glob("*.csv")
    text = csv_file.read_text(encoding="utf-8")
    assert "2026-11-14" in text and "张三" in text
    assert "2030-11-15" not in text


# ---------------------------------------------------------------- issue 15.9: a save during the compute


def test_a_save_by_another_program_during_the_compute_is_refused(tmp_path: Path, monkeypatch):
    path = shop(tmp_path)
    newer = tmp_path / "elsewhere" / path.name
    newer.parent.mkdir()
    wb = openpyxl.load_workbook(path)
    wb["客户"]["A4"] = "王五"
    wb.save(newer)
    saved = newer.read_bytes()
    real_compute = refresh_module.compute

    def compute_while_excel_saves(*args, **kwargs):
        os.replace(newer, path)  # read already happened; Excel, WPS and sync clients save by renaming over the file
        return real_compute(*args, **kwargs)

    monkeypatch.setattr(refresh_module, "compute", compute_while_excel_saves)
    with pytest.raises(Refused, match="Another program saved the workbook"):
        refresh(path, TODAY, NOW)
    assert path.read_bytes() == saved
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, "elsewhere"])  # no backup, temp or lock


# ---------------------------------------------------------------- issue 15.10: a backup killed mid-copy

_KILLED_MID_BACKUP = """
import os, shutil, signal, sys
from workbook import safety

def half_a_copy(src, dst, **kwargs):
    data = open(src, "rb").read()
    with open(dst, "wb") as out:
        out.write(data[:len(data) // 2])
        out.flush()
    os.kill(os.getpid(), signal.SIGKILL)

safety.shutil.copy2 = half_a_copy
from tierbook.cli import main
main(["refresh", sys.argv[1], "--today", "2026-11-09"])
"""


def test_a_run_killed_mid_backup_leaves_no_truncated_backup(tmp_path: Path, capsys):
    path = shop(tmp_path)
    before = snapshot(tmp_path)
    out = subprocess.run([sys.executable, "-c", _KILLED_MID_BACKUP, str(path)], capture_output=True)
    assert out.returncode == -9, out.stderr
    after = snapshot(tmp_path)
    assert after[path.name] == before[path.name]
    assert not [name for name in after if ".bak-" in name]  # nothing that looks like a backup
    strays = sorted(p for p in tmp_path.iterdir() if p.suffix == ".tmp")
    assert len(strays) == 2  # the new workbook and the half backup, both under temp names

    old = time.time() - 2 * safety.STRAY_TEMP_AGE_SECONDS
    for stray in strays:
        os.utime(stray, (old, old))
    assert main(["refresh", str(path), "--today", TODAY.isoformat()]) in (0, 1)  # its lock is taken over too
    capsys.readouterr()
    (backup,) = [p for p in tmp_path.iterdir() if ".bak-" in p.name]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, backup.name])  # strays gone
    assert backup.read_bytes() == before[path.name]


def test_an_exception_mid_backup_leaves_no_backup(tmp_path: Path, monkeypatch):
    path = shop(tmp_path)
    before = snapshot(tmp_path)

    def half_a_copy(src, dst, **kwargs):
        Path(dst).write_bytes(Path(src).read_bytes()[:100])
        raise KeyboardInterrupt

    monkeypatch.setattr(safety.shutil, "copy2", half_a_copy)
    with pytest.raises(KeyboardInterrupt):
        refresh(path, TODAY, NOW)
    assert snapshot(tmp_path) == before


# ---------------------------------------------------------------- issue 15.11: owner, group, xattrs, hard links

_NOBODY = 65534


@pytest.mark.skipif(not hasattr(os, "chown") or os.geteuid() != 0, reason="only root can give a file away")
def test_the_new_file_keeps_owner_group_mode_and_xattrs(tmp_path: Path):
    path = shop(tmp_path)
    os.chown(path, _NOBODY, _NOBODY)
    path.chmod(0o660)
    os.setxattr(path, "user.tierbook.test", b"kept")
    backup = refresh(path, TODAY, NOW).backup
    for made in (path, backup):  # the seller can open the backup too
        info = made.stat()
        assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (_NOBODY, _NOBODY, 0o660)
        assert os.getxattr(made, "user.tierbook.test") == b"kept"
    assert "待办" in openpyxl.load_workbook(path, read_only=True).sheetnames


def test_a_file_it_cannot_give_back_to_its_owner_is_refused(tmp_path: Path, monkeypatch):
    path = shop(tmp_path)
    before = snapshot(tmp_path)
    stat_of = Path.stat

    def owned_by_someone_else(self, **kwargs):
        info = stat_of(self, **kwargs)
        if self == path:
            return os.stat_result((info.st_mode, info.st_ino, info.st_dev, info.st_nlink, info.st_uid + 1,
                                   info.st_gid, info.st_size, info.st_atime, info.st_mtime, info.st_ctime))
        return info

    def not_allowed(*args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(Path, "stat", owned_by_someone_else)
    monkeypatch.setattr(safety.os, "chown", not_allowed)
    with pytest.raises(Refused, match="belongs to another user"):
        refresh(path, TODAY, NOW)
    monkeypatch.undo()
    assert snapshot(tmp_path) == before


def test_a_workbook_with_two_hard_links_is_refused_not_split(tmp_path: Path, capsys):
    path = shop(tmp_path)
    twin = tmp_path / "同一个文件.xlsx"
    os.link(path, twin)
    before = snapshot(tmp_path)
    assert main(["refresh", str(path), "--today", TODAY.isoformat()]) == 2
    err = capsys.readouterr().err
    assert "硬链接" in err and "hard link" in err
    assert snapshot(tmp_path) == before
    assert path.stat().st_ino == twin.stat().st_ino


# ---------------------------------------------------------------- issue 14.9: two tierbook runs at once

_HOLD_THE_LOCK = """
import sys
from workbook import refresh as r
from datetime import date, datetime

def wait_in_compute(*args, **kwargs):
    print("computing", flush=True)
    sys.stdin.readline()  # the test lets us go on when it has tried its own refresh
    return real(*args, **kwargs)

real, r.compute = r.compute, wait_in_compute
r.refresh(sys.argv[1], date(2026, 11, 9), datetime(2026, 11, 9, 8, 0))
print("done", flush=True)
"""


def test_a_second_run_while_one_is_refreshing_is_refused_and_says_why(tmp_path: Path, capsys):
    path = shop(tmp_path)
    first = subprocess.Popen([sys.executable, "-c", _HOLD_THE_LOCK, str(path)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert first.stdout.readline() == "computing\n"  # holds the lock now, until we write a line
        before = path.read_bytes()
        assert main(["refresh", str(path), "--today", TODAY.isoformat()]) == 2
        err = capsys.readouterr().err
        assert "另一个 tierbook 正在刷新这个工作簿" in err and "Another tierbook run is refreshing" in err
        assert "Another program saved" not in err
        assert path.read_bytes() == before
        first.stdin.write("go\n")
        first.stdin.flush()
        assert first.stdout.readline() == "done\n"
    finally:
        first.stdin.close()
        first.wait(timeout=300)
    assert first.returncode == 0
    assert not list(tmp_path.glob(".~tierbook-*"))  # released
    assert main(["refresh", str(path), "--today", TODAY.isoformat()]) in (0, 1)  # and the next run goes through


def _lock_of(path: Path) -> Path:
    return path.with_name(f".~tierbook-{path.name}.lock")


def test_a_lock_left_by_a_dead_run_is_taken_over(tmp_path: Path):
    path = shop(tmp_path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    _lock_of(path).write_text(json.dumps({"pid": int(dead.stdout), "host": socket.gethostname(), "started": 0}))
    refresh(path, TODAY, NOW)
    assert not _lock_of(path).exists()


def test_a_lock_older_than_an_hour_is_taken_over_but_a_young_one_of_a_live_run_is_not(tmp_path: Path):
    path = shop(tmp_path)
    lock = _lock_of(path)
    lock.write_text(json.dumps({"pid": os.getpid(), "host": "另一台电脑", "started": 0}))
    with pytest.raises(Refused, match="Another tierbook run"):
        refresh(path, TODAY, NOW)
    old = time.time() - 2 * safety.STALE_LOCK_SECONDS
    os.utime(lock, (old, old))
    refresh(path, TODAY, NOW)
    assert not lock.exists()
