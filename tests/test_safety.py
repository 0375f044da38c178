"""A refresh on disk refuses what it cannot carry, backs up, and never leaves a half-written workbook."""

from __future__ import annotations

import os
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from workbook import safety
from workbook.safety import OLE_MAGIC, Refused, safe_refresh

from .sellerbook import OWNED, SHARED_PARTS, build_seller, our_sheets, read_parts

NOW = datetime(2026, 3, 2, 9, 30, 15)


def _folder_snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _assert_refused(path: Path, *words: str) -> None:
    before = _folder_snapshot(path.parent)
    with pytest.raises(Refused) as refused:
        safe_refresh(path, our_sheets, OWNED, now=NOW)
    for word in words:
        assert word in str(refused.value)
    assert refused.value.exit_code == 2
    assert _folder_snapshot(path.parent) == before  # file untouched, no backup, no temp file


def _ole_file(path: Path, *, encrypted: bool) -> Path:
    # A compound-file header, then a directory naming the streams a password-protected .xlsx holds.
    streams = ["EncryptionInfo", "EncryptedPackage"] if encrypted else ["Workbook"]
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\0") for name in streams)
    path.write_bytes(OLE_MAGIC + b"\0" * 504 + directory + b"\0" * 512)
    return path


def test_refuses_a_workbook_open_in_excel(tmp_path: Path):
    book = build_seller(tmp_path)
    (tmp_path / f"~${book.name}").write_bytes(b"\x05owner")
    _assert_refused(book, "文件正在 Excel 中打开，请先关闭再运行", f"lock file ~${book.name} found")


def test_refuses_a_workbook_open_in_libreoffice(tmp_path: Path):
    book = build_seller(tmp_path)
    (tmp_path / f".~lock.{book.name}#").write_text("owner")
    _assert_refused(book, "请先关闭", "close it and try again")


def test_refuses_a_password_protected_workbook(tmp_path: Path):
    _assert_refused(_ole_file(tmp_path / "加密.xlsx", encrypted=True), "密码", "password-protected")


def test_refuses_an_old_format_file_named_xlsx(tmp_path: Path):
    _assert_refused(_ole_file(tmp_path / "旧.xlsx", encrypted=False), ".xls", "old .xls format")


def test_refuses_an_xls_file(tmp_path: Path):
    _assert_refused(_ole_file(tmp_path / "客户.xls", encrypted=False), ".xls", "old .xls workbook")


def test_refuses_a_file_that_is_not_a_zip(tmp_path: Path):
    fake = tmp_path / "客户.xlsx"
    fake.write_text("姓名,等级\n张三,A\n", encoding="utf-8")
    _assert_refused(fake, "不是 Excel 工作簿", "not an Excel workbook")


def test_refuses_a_zip_without_a_workbook(tmp_path: Path):
    path = tmp_path / "客户.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    _assert_refused(path, "找不到 xl/workbook.xml", "not an Excel workbook")


def test_refuses_to_overwrite_the_sellers_own_sheet_named_like_ours(tmp_path: Path):
    wb = openpyxl.Workbook()
    wb.active.title = "客户"
    wb.create_sheet("待办")["A1"] = "卖家自己的待办"
    path = tmp_path / "客户.xlsx"
    wb.save(path)
    before = _folder_snapshot(tmp_path)
    with pytest.raises(Refused, match="不会被覆盖.*will not be overwritten"):
        safe_refresh(path, our_sheets, owned=OWNED, now=NOW)  # the name is ours, the sheet is not
    assert _folder_snapshot(tmp_path) == before


def test_refuses_a_missing_file(tmp_path: Path):
    with pytest.raises(Refused, match="找不到文件"):
        safe_refresh(tmp_path / "none.xlsx", our_sheets, OWNED, now=NOW)


class _Killed(BaseException):
    """Stands in for the process dying: not an Exception, so nothing may swallow it."""


def test_a_crash_mid_write_leaves_the_original_identical(tmp_path: Path, monkeypatch):
    book = build_seller(tmp_path)
    before = _folder_snapshot(tmp_path)

    def half_written(temp: Path) -> None:
        data = temp.read_bytes()
        temp.write_bytes(data[:len(data) // 2])
        raise _Killed

    monkeypatch.setattr(safety, "_after_temp_written", half_written)
    with pytest.raises(_Killed):
        safe_refresh(book, our_sheets, OWNED, now=NOW)
    assert _folder_snapshot(tmp_path) == before


def test_a_refresh_backs_up_then_replaces(tmp_path: Path):
    book = build_seller(tmp_path)
    original = book.read_bytes()
    backup = safe_refresh(book, our_sheets, OWNED, now=NOW)
    assert backup == tmp_path / "客户簿.bak-20260302-093015.xlsx"
    assert backup.read_bytes() == original
    assert "待办" in openpyxl.load_workbook(book).sheetnames
    after, before = read_parts(book), read_parts(backup)
    assert all(after[name] == data for name, data in before.items() if name not in SHARED_PARTS)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([book.name, backup.name])


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_a_refresh_keeps_the_file_mode(tmp_path: Path):
    book = build_seller(tmp_path)
    book.chmod(0o640)
    safe_refresh(book, our_sheets, OWNED, now=NOW)
    assert book.stat().st_mode & 0o777 == 0o640


def test_a_macro_workbook_backup_keeps_its_extension(tmp_path: Path):
    book = build_seller(tmp_path, macro=True)
    backup = safe_refresh(book, our_sheets, OWNED, now=NOW)
    assert backup.name == "客户簿.bak-20260302-093015.xlsm"
    assert read_parts(book)["xl/vbaProject.bin"] == read_parts(backup)["xl/vbaProject.bin"]


def test_two_refreshes_in_one_second_keep_both_backups(tmp_path: Path):
    book = build_seller(tmp_path)
    first = safe_refresh(book, our_sheets, OWNED, now=NOW)
    second = safe_refresh(book, our_sheets, OWNED, now=NOW)
    assert first != second and first.exists() and second.exists()


def test_backups_rotate_to_the_last_five_of_this_workbook_only(tmp_path: Path):
    book = build_seller(tmp_path)
    stranger = tmp_path / "别的簿.bak-20200101-000000.xlsx"
    stranger.write_bytes(b"someone else's backup")
    made = [safe_refresh(book, our_sheets, OWNED, now=NOW + timedelta(minutes=i)) for i in range(7)]
    kept = sorted(p for p in tmp_path.iterdir() if p.name.startswith("客户簿.bak-"))
    assert kept == made[-5:]
    assert stranger.exists()


def test_refresh_twice_on_disk_gives_the_same_workbook(tmp_path: Path):
    book = build_seller(tmp_path)
    safe_refresh(book, our_sheets, OWNED, now=NOW)
    once = book.read_bytes()
    safe_refresh(book, our_sheets, OWNED, now=NOW + timedelta(days=1))
    assert book.read_bytes() == once


def test_a_save_by_another_program_during_the_refresh_is_kept_and_the_refresh_refused(tmp_path: Path, monkeypatch):
    book = build_seller(tmp_path)
    newer = tmp_path / "elsewhere" / book.name
    newer.parent.mkdir()
    wb = openpyxl.load_workbook(book)
    wb["客户"]["A70"] = "the seller's newer save"
    wb.save(newer)
    saved = newer.read_bytes()

    def save_meanwhile(temp: Path) -> None:  # Excel, WPS and sync clients save by renaming a new file over the old
        os.replace(newer, book)

    monkeypatch.setattr(safety, "_after_temp_written", save_meanwhile)
    with pytest.raises(Refused, match="Another program saved the workbook"):
        safe_refresh(book, our_sheets, OWNED, now=NOW)
    assert book.read_bytes() == saved
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([book.name, "elsewhere"])  # no backup, no temp


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_a_symlinked_workbook_is_refreshed_where_it_lives(tmp_path: Path):
    for folder in ("shared", "desk"):
        (tmp_path / folder).mkdir()
    real = build_seller(tmp_path / "shared")
    link = tmp_path / "desk" / real.name
    link.symlink_to(real)
    backup = safe_refresh(link, our_sheets, OWNED, now=NOW)
    assert link.is_symlink() and link.resolve() == real
    assert "待办" in openpyxl.load_workbook(real).sheetnames
    assert backup.parent == real.parent
