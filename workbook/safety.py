"""Refresh the seller's workbook on disk: refuse what we cannot carry through, back up, write aside, swap atomically."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import socket
import stat
import tempfile
import time
import zipfile
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from functools import lru_cache
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.package import CannotPreserve, SheetsPackage, replace_owned_sheets
from workbook.refusal import Refusal
from workbook.zipcheck import UnsafePackage, check_package

if TYPE_CHECKING:  # only a type here: importing openpyxl costs a third of a second at start
    from openpyxl import Workbook

# Every OLE compound file (old .xls, and .xlsx saved with a password) starts with this.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A password-protected .xlsx is an OLE file holding these streams; names are UTF-16 in its directory.
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
SUPPORTED_SUFFIXES = {".xlsx", ".xlsm"}
# A temp file a killed run left behind; younger ones may belong to a run still going.
STRAY_TEMP_AGE_SECONDS = 3600
# Our own lock is taken over when its run is gone, or after this long (a run on another computer, a hung one).
STALE_LOCK_SECONDS = 3600

FileIdentity = tuple[int, ...]


class Refused(Refusal):
    """The workbook was left untouched; the message says why, in Chinese and English."""

    exit_code = 2


def _after_temp_written(temp: Path) -> None:
    """Seam for tests that simulate a crash once the temporary file exists but before it replaces the original."""


@contextmanager
def refreshing(path: Path) -> Iterator[FileIdentity]:
    """Hold tierbook's own lock on the workbook for a whole refresh; yields the file's identity before it is read.

    safe_refresh compares that identity with the file just before the swap, so a save by another
    program at any moment after reading began (during the compute too) refuses the refresh.
    """
    path = Path(path).resolve()
    _check_writable(path)
    lock, owner = _lock(path)
    try:
        yield _identity(path)
    finally:
        _unlock(lock, owner)


def safe_refresh(path: Path, build: Callable[[], Workbook | bytes | SheetsPackage], owned: Collection[str], *,
                 now: datetime, keep_backups: int = 5, read: FileIdentity | None = None) -> Path:
    """Put the sheets `build()` makes into the workbook at `path`; returns the backup of the original.

    `read` is the file's identity when the caller began reading it (see `refreshing`); without it,
    the file as it is now.
    """
    given = Path(path)
    path = given.resolve()  # a symlink is followed: the workbook it points to is the one refreshed
    for name in (given, path):  # Excel's lock file sits beside the name it was opened by
        check_refreshable(name)
    read = read or _identity(path)  # before our file is read: a save after this can only cause a refusal
    _check_writable(path)
    ours = build()
    _remove_stray_temps(path)
    try:
        backup = _write_and_swap(path, ours, owned, now, read)
    except OSError as err:
        raise _write_refusal(err) from err
    _fsync_folder(path.parent)
    _rotate_backups(path, keep_backups)
    return backup


def _write_and_swap(path: Path, ours: Workbook | bytes | SheetsPackage, owned: Collection[str], now: datetime,
                    read: FileIdentity) -> Path:
    temp = _temp_beside(path)
    backup = None
    try:
        try:
            replace_owned_sheets(path, temp, ours, owned)
        except CannotPreserve as err:
            raise Refused(err.zh, err.en) from err
        _after_temp_written(temp)
        _fsync(temp)
        _keep_attributes(path, temp)
        backup = _backup(path, now)
        _check_unchanged(path, read)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        if backup is not None:
            backup.unlink(missing_ok=True)  # the original is still in place, so its copy is noise
        raise
    return backup


def _identity(path: Path) -> FileIdentity:
    # No content hash: it would cost a full read of a large file, and every save changes the
    # modification time in nanoseconds (or, for Excel and WPS, which save by renaming, the inode).
    info = os.stat(path)
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def _check_unchanged(path: Path, read: FileIdentity) -> None:
    """Refuse when another program (Excel on a network drive, WPS, a sync client) saved the file after we read it:
    swapping ours in would undo that save."""
    if _identity(path) != read:
        raise Refused("刷新期间工作簿被另一个程序保存过，为了不覆盖那次保存，这次什么也没写；请再运行一次",
                      "Another program saved the workbook while the refresh ran; to keep that save, nothing was "
                      "written. Run the refresh again.")


def _keep_attributes(original: Path, temp: Path) -> None:
    """Give the new file the original's owner, group, mode and extended attributes (ACLs among them):
    the swap puts a new file in its place, which would otherwise belong to whoever ran the refresh."""
    info, made = original.stat(), temp.stat()
    if hasattr(os, "chown") and (made.st_uid, made.st_gid) != (info.st_uid, info.st_gid):
        try:
            os.chown(temp, info.st_uid, info.st_gid)  # before the mode: chown clears set-id bits
        except PermissionError as err:
            raise Refused("这个文件属于另一个用户，刷新后它会变成你的文件，所以不会修改它；请让文件的主人运行，或以管理员身份运行",
                          "The workbook belongs to another user, and a refresh would make it yours, so it will not "
                          "be changed. Let its owner run the refresh, or run it as an administrator.") from err
    shutil.copymode(original, temp)
    _copy_xattrs(original, temp)


def _copy_xattrs(original: Path, temp: Path) -> None:
    if not hasattr(os, "listxattr"):  # Linux only; macOS keeps them in ways Python's os does not reach
        return
    try:
        names = os.listxattr(original)
    except OSError as err:
        if err.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
            return  # a file system without them has none to keep
        raise
    for name in names:
        value = os.getxattr(original, name)
        try:
            os.setxattr(temp, name, value)
        except PermissionError as err:
            # The new file may already carry it (a security label the folder gives every file); if not, it would be lost.
            if _xattr_or_none(temp, name) != value:
                raise Refused(f"无法保留文件的扩展属性 {name}，所以不会修改它",
                              f"The workbook's extended attribute {name} cannot be kept, so it will not be "
                              "changed.") from err


def _xattr_or_none(path: Path, name: str) -> bytes | None:
    try:
        return os.getxattr(path, name)
    except OSError:
        return None


def _lock_path(path: Path) -> Path:
    return path.with_name(f".~tierbook-{path.name}.lock")


def _lock(path: Path) -> tuple[Path, str]:
    """Create our lock file beside the workbook, or refuse while another tierbook run holds it."""
    lock = _lock_path(path)
    owner = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()})
    for attempt in range(2):  # a second time after taking over a stale lock
        try:
            handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if attempt or not _stale(lock):
                break
            lock.unlink(missing_ok=True)
            continue
        except OSError as err:
            raise _write_refusal(err) from err
        with os.fdopen(handle, "w") as stream:
            stream.write(owner)
        return lock, owner
    raise Refused("另一个 tierbook 正在刷新这个工作簿，请等它完成后再运行",
                  "Another tierbook run is refreshing this workbook; wait for it to finish and try again.")


def _stale(lock: Path) -> bool:
    """A lock left by a run that is gone (killed, crashed), or older than any refresh takes."""
    try:
        age = time.time() - lock.stat().st_mtime
        owner = json.loads(lock.read_text())
        pid, host = int(owner["pid"]), owner["host"]
    except FileNotFoundError:
        return True  # released meanwhile
    except (OSError, ValueError, KeyError, TypeError):
        return _older_than_a_refresh(lock)  # half-written by a run killed at that instant: trust only its age
    if age > STALE_LOCK_SECONDS:
        return True
    return host == socket.gethostname() and not _running(pid)


def _older_than_a_refresh(lock: Path) -> bool:
    try:
        return time.time() - lock.stat().st_mtime > STALE_LOCK_SECONDS
    except FileNotFoundError:
        return True


def _running(pid: int) -> bool:
    if os.name == "nt":
        return True  # Windows' os.kill would end the process, not probe it: the lock's age decides there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _unlock(lock: Path, owner: str) -> None:
    try:
        if lock.read_text() == owner:  # an hour-long run may have had its lock taken over: leave the new one
            lock.unlink()
    except FileNotFoundError:
        pass


def _write_refusal(err: OSError) -> Refused:
    if err.errno == errno.ENOSPC:
        return Refused("磁盘已满，没有写入任何内容，原文件未改动；请腾出空间后再运行",
                       "The disk is full; nothing was written and the workbook is unchanged. Free some space and try again.")
    return Refused(f"无法在文件夹中写入（{err.strerror or err}），原文件未改动",
                   f"Cannot write in the workbook's folder ({err}); the workbook is unchanged.")


def check_refreshable(path: Path) -> None:
    """Raise Refused when the file is open elsewhere or check_readable refuses it."""
    if path.is_file():
        _check_lock_files(path)
    check_readable(path)


def check_readable(path: Path) -> None:
    """Raise Refused when the file is missing, encrypted, old-format, damaged or not a workbook package.

    Reading a workbook that is open in Excel is fine (`tierbook check`); writing it is not.
    """
    if path.is_dir():
        raise Refused(f"{path} 是文件夹，不是工作簿", f"{path} is a folder, not a workbook.")
    if not path.is_file():
        raise Refused(f"找不到文件 {path}", f"File not found: {path}.")
    if path.suffix.lower() == ".xls":
        raise Refused("这是旧版 .xls 文件，请先在 Excel 中另存为 .xlsx 再运行",
                      "This is an old .xls workbook; save it as .xlsx in Excel first.")
    try:
        _check_content(path)
    except OSError as err:
        raise Refused(f"无法读取文件（{err.strerror or err}）", f"Cannot read the file ({err}).") from err
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        zh, en = ((f" {path.suffix} 文件", f"{path.suffix} files") if path.suffix
                  else ("没有扩展名的文件", "Files without an extension"))
        raise Refused(f"不支持{zh}，只能处理 .xlsx 和 .xlsm", f"{en} are not supported; only .xlsx and .xlsm.")


def _check_content(path: Path) -> None:
    with open(path, "rb") as stream:
        head = stream.read(len(OLE_MAGIC))
    if not head:
        raise Refused("文件是空的（0 字节），可能没有保存完整；请从备份恢复",
                      "The file is empty (0 bytes); it may not have been saved completely. Restore it from a backup.")
    if head == OLE_MAGIC:
        if _ENCRYPTION_STREAM in path.read_bytes():
            raise Refused("工作簿设置了打开密码，请先在 Excel 中取消密码再运行",
                          "The workbook is password-protected (encrypted); remove the password in Excel first.")
        raise Refused("这是旧版 .xls 格式的文件，请先在 Excel 中另存为 .xlsx 再运行",
                      "The file is in the old .xls format; save it as .xlsx in Excel first.")
    if not zipfile.is_zipfile(path):
        raise Refused("这个文件不是 Excel 工作簿（.xlsx / .xlsm），或者已经损坏",
                      "The file is not an Excel workbook (.xlsx / .xlsm), or it is damaged.")
    try:
        stat_now = path.stat()
        _package_checked(str(path.resolve()), stat_now.st_size, stat_now.st_mtime_ns)
    except UnsafePackage as err:
        raise Refused(err.zh, err.en) from err


@lru_cache(maxsize=16)
def _package_checked(path: str, size: int, mtime_ns: int) -> bool:
    """The full package scan, once per version of a file: a refresh checks before reading and again
    before writing, and a big workbook takes seconds to scan. A refusal raises, so it is never cached."""
    check_package(Path(path))
    return True


def _check_writable(path: Path) -> None:
    # Mode bits, not os.access: for root os.access says yes to everything, and the seller's
    # read-only mark (Windows' 只读 attribute clears them) is a wish to respect, not an obstacle.
    if not path.stat().st_mode & stat.S_IWUSR:
        raise Refused("文件是只读的，不会修改它；请先取消只读属性再运行",
                      "The workbook is read-only; it will not be changed. Clear the read-only mark and try again.")
    if path.stat().st_nlink > 1:
        raise Refused("这个文件有多个硬链接（同一份文件的几个名字），刷新会把它们拆成两份不同的文件，所以不会修改它；"
                      "请先复制出一个独立的文件再运行",
                      "The workbook has more than one hard link (several names for one file); a refresh would "
                      "split them into two different files, so it will not be changed. Copy it to a file of its "
                      "own and try again.")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise Refused("文件所在的文件夹不能写入（无法备份和保存），原文件未改动",
                      "The workbook's folder is not writable (no room for the backup and the new file); "
                      "the workbook is unchanged.")


def _remove_stray_temps(path: Path) -> None:
    """Temp files of runs that were killed before they could clean up (see _temp_beside for the name)."""
    pattern = re.compile(r"\." + re.escape(path.stem) + r"\.[a-z0-9_]{8}\.tmp")
    cutoff = time.time() - STRAY_TEMP_AGE_SECONDS
    for candidate in path.parent.iterdir():
        try:
            if pattern.fullmatch(candidate.name) and candidate.stat().st_mtime < cutoff:
                candidate.unlink()
        except OSError:
            pass  # someone else's file, or gone already: not worth refusing the refresh for


def _check_lock_files(path: Path) -> None:
    # Excel/WPS write "~$name"; LibreOffice writes ".~lock.name#".
    for lock in (path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")):
        if lock.exists():
            raise Refused("文件正在 Excel 中打开，请先关闭再运行",
                          f"The workbook is open in Excel (lock file {lock.name} found); close it and try again.")


def _temp_beside(path: Path) -> Path:
    # Same folder, so os.replace is a rename on one file system and therefore atomic.
    handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    return Path(name)


def _fsync(path: Path) -> None:
    with open(path, "r+b") as stream:
        os.fsync(stream.fileno())


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; Windows cannot open a folder for this and commits renames anyway.
    if os.name == "nt":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _backup_pattern(path: Path) -> re.Pattern[str]:
    return re.compile(re.escape(path.stem) + r"\.bak-(\d{8}-\d{6})(?:-(\d+))?" + re.escape(path.suffix) + "$")


def _backup(path: Path, now: datetime) -> Path:
    """A copy of the original under a free backup name; written under a temp name first, so a run killed
    mid-copy leaves a stray temp file (removed later), never a truncated file that looks like a backup."""
    stamp = f"{path.stem}.bak-{now:%Y%m%d-%H%M%S}"
    backup, number = path.with_name(stamp + path.suffix), 1
    while backup.exists():
        number += 1
        backup = path.with_name(f"{stamp}-{number}{path.suffix}")
    temp = _temp_beside(path)
    try:
        shutil.copy2(path, temp)
        _keep_attributes(path, temp)  # copy2 copies mode and xattrs, not the owner: the seller may not read it else
        _fsync(temp)
        os.replace(temp, backup)  # our lock keeps a second tierbook from taking the same name meanwhile
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return backup


def _rotate_backups(path: Path, keep: int) -> None:
    pattern = _backup_pattern(path)
    found = []
    for candidate in path.parent.iterdir():
        match = pattern.fullmatch(candidate.name)
        if match:
            found.append(((match.group(1), int(match.group(2) or 1)), candidate))
    for _, stale in sorted(found)[:max(len(found) - keep, 0)]:
        stale.unlink()
