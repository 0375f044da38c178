"""Look inside a workbook package before anything parses it: zip bombs, entity declarations, damaged parts, oversized sheets."""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path
from itertools import chain
from typing import IO, Iterator

from .cells import column_number
from .refusal import Refusal

# A full 1,048,576-row sheet of short text and numbers is about 120 MB of XML and deflates ~8:1;
# Excel's own output rarely passes 30:1. Deflate cannot beat ~1030:1, so a bomb needs a high ratio.
MAX_TOTAL_BYTES = 1 << 30               # uncompressed, all parts together
MAX_RATIO = 200                         # uncompressed / compressed, for parts above RATIO_FROM_BYTES
RATIO_FROM_BYTES = 10 << 20
# python-calamine allocates a sheet's used range as a dense grid (A1:XFD1048576 aborts the
# process), so the range is measured first. 10 million cells is a full-height sheet of 9 columns.
MAX_SHEET_CELLS = 10_000_000
_CHUNK = 4 << 20
# Excel 4.0 macro sheets (XLM) live here; python-calamine, our reader, refuses any workbook that lists one.
_MACRO_SHEETS = "macrosheets"
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# The fast path reads only the forms every common writer uses (<row r="5">, <c r="B5" ...>); a piece in any
# other form (a prefix, no r, r not first) is left to the slow count.
_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}(\d{1,7})"')
_CELL_LETTERS = re.compile(rb'<c r="([A-Z]{1,3})\d')
_ROW_NUMBER = re.compile(rb'<row r="(\d{1,7})"')
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")
# Every spelling calamine takes for an r attribute, but the first attribute of a row or cell tag in the
# common form, so that a second one in a tag is seen: after any white space (a form feed too) or straight
# after the previous value's quote (`r="A4"r="Z9"` is not XML, but calamine reads it), or with spaces
# round "=" or single quotes. (Starting with the letter lets the regex engine skip ahead fast.)
_SECOND_R = re.compile(rb"""r(?:="(?<=[\s"']r=")(?<!<c r=")(?<!<row r=")|\s+=|=\s|=')""")
# A row or cell tag followed by white space other than a space, "/" or ">": the slow count reads those too.
_UNUSUAL_TAG = re.compile(rb"<(?:c|row)[\t\n\r\f\v/>]")
# Where the verify path takes its likely bounds from: a row's number and a cell's letters in the common form,
# the widest cells from the start of a piece (a sheet's header row) and its end (the last rows).
_PLAIN_ROW = re.compile(rb'<row r="([1-9]\d{0,6})"')
_PLAIN_LETTERS = re.compile(rb'<c r="([A-Z]{1,3})[1-9]\d{0,6}"')
_SAMPLE = 16 << 10
# The attributes after a row's or cell's r as every common writer spells them: one space before each, a name
# that does not start with r (so no second r hides among them), a value in double quotes (">" may be in it).
# A row has at most 13 in the standard; a bound keeps the regex engine's memory small on a tag built to be long.
_OTHER_ATTRIBUTES = rb'(?: [a-qs-z][\w.:-]*="[^"]*"){0,32}/?>'
# calamine knows an element by its local name after the first ":", whatever the prefix is made of (`<:c`, `<é:c`).
_START_OF = rb"<(?![/!?])(?:[^\s<>:]*:)?"
_TAG_START = re.compile(_START_OF + rb"(row|c)(?=[\s/>])")
# In a part neither named nor starting like XML: calamine reads a worksheet's cells after this tag, whatever
# comes before it. (A whole tag: a bare name could turn up in a macro's source or an image.)
_SHEET_DATA = re.compile(_START_OF + rb"sheetData[\s/>]")
# No writer puts hundreds of attributes on a row or cell; the bound keeps the regex engine's memory small (it
# keeps a stack entry per repetition: a gigabyte for a 10 MB tag) on a tag built to be long, refused as damaged.
_ATTRIBUTES = re.compile(rb"""((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*')){0,255})\s*/?>""")
_R_VALUE = re.compile(rb"""(?:^|\s)(?:[\w.-]+:)?r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REFERENCE = re.compile(rb"\s*([A-Za-z]{0,3})(\d{0,7})\s*")
# No start tag is this long; a longer run without "<" and ">" is a trick to split a tag between reads.
_MAX_TAG = 64 << 20
# The type of an error cell (#N/A …), which calamine reads as blank: errorcells reads a worksheet again for its
# error cells only if it holds one of these. The check notes them as it reads every part anyway, and remembers
# for the last few files it checked which parts hold none, so that errorcells does not inflate those again.
ERROR_MARKS = (b't="e"', b"t='e'")
_ERROR_MARK = re.compile(b"|".join(map(re.escape, ERROR_MARKS)))
_REMEMBERED_FILES = 16
_without_marks: dict[tuple[str, int, int], frozenset[str]] = {}


class UnsafePackage(Refusal):
    """The package is damaged, built to hurt a reader, or holds what ours cannot read; the message says which,
    in Chinese and English."""


def check_package(path: Path) -> None:
    """Refuse (UnsafePackage) a zip bomb, a part with a DTD, a damaged part, or a sheet too big to read."""
    version = _version(path)  # before reading: a save while it is read makes another version
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_sizes(infos)
            _check_no_macro_sheet(infos)
            unmarked = frozenset(info.filename for info in infos if not _check_part(archive, info))
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, ValueError) as err:
        # RuntimeError: an encrypted zip entry; NotImplementedError: a compression method zipfile lacks.
        raise _damaged(str(err)) from err
    _without_marks.pop(version, None)  # the newest last, so that the oldest is forgotten first
    _without_marks[version] = unmarked
    while len(_without_marks) > _REMEMBERED_FILES:
        del _without_marks[next(iter(_without_marks))]


def parts_without_error_marks(path: str | os.PathLike) -> frozenset[str]:
    """The parts check_package read in this version of the file (same size, same modification time) and found
    no ERROR_MARKS in; none if it has not checked this version."""
    return _without_marks.get(_version(path), frozenset())


def _version(path: str | os.PathLike) -> tuple[str, int, int]:
    info = os.stat(path)
    return os.path.realpath(path), info.st_size, info.st_mtime_ns


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise UnsafePackage(f"文件解压后超过 {MAX_TOTAL_BYTES >> 30} GB，不像是正常的工作簿（可能是压缩炸弹）",
                            f"The package inflates to more than {MAX_TOTAL_BYTES >> 30} GiB; "
                            "it is not a normal workbook (a zip bomb?).")
    for info in infos:
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafePackage(f"部件 {info.filename} 的压缩比异常（超过 {MAX_RATIO}:1），可能是压缩炸弹",
                                f"Part {info.filename} is compressed more than {MAX_RATIO}:1; "
                                "it looks like a zip bomb.")


def _check_no_macro_sheet(infos: list[zipfile.ZipInfo]) -> None:
    # A sound file: say what it holds, rather than let the reader call it damaged.
    for info in infos:
        if posixpath.basename(posixpath.dirname(info.filename)).lower() == _MACRO_SHEETS:
            raise UnsafePackage(f"工作簿里有一张 Excel 4.0 宏表（{info.filename}），本工具无法读取含宏表的工作簿；"
                                "文件没有损坏，也没有被改动。请另存一份删除了宏表的副本再运行",
                                f"The workbook holds an Excel 4.0 macro sheet ({info.filename}), and tierbook cannot "
                                "read a workbook that has one; the file is not damaged and was left unchanged. "
                                "Save a copy without the macro sheet and run it on that.")


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    """The part in pieces that each end at a tag boundary, so no tag is split between two pieces."""
    rest = b""
    while block := stream.read(_CHUNK):
        data = rest + block
        cut = data.rfind(b"<")
        if cut == 0 and b">" not in data:  # one start tag longer than a read: wait for its end
            if len(data) > _MAX_TAG:
                raise _damaged("a tag longer than 64 MB")
            rest = data
            continue
        cut = len(data) if cut <= 0 else cut
        rest = data[cut:]
        yield data[:cut]
    if rest:
        yield rest


def _damaged(why: str) -> UnsafePackage:
    return UnsafePackage("文件已损坏，无法读取（zip 包不完整或被改动过）", f"The file is damaged and cannot be read ({why}).")


def _check_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Refuse a part with a DTD or a sheet too big to read; False if it was read for cells and holds no error mark."""
    marks = _MarkSeen()
    # Reading every part to its end makes zipfile verify its size and CRC.
    with archive.open(info) as stream:
        pieces = marks.passing(_chunks(stream))
        first = next(pieces, b"")
        # By name or by content: a worksheet renamed to .dat is still read as one.
        if info.filename.lower().endswith(_XML_SUFFIXES) or _looks_like_xml(first):
            extent = _fast_extent(info.filename, chain([first], pieces))
        elif any(map(_SHEET_DATA.search, chain([first], pieces))):
            extent = None
        else:
            return True  # not read for cells: errorcells looks for itself, should it be a worksheet
    if extent is None:  # the slow count reads the part again, to its end
        with archive.open(info) as stream:
            extent = _slow_extent(info.filename, marks.passing(_chunks(stream)))
    rows, columns = extent
    if rows * columns > MAX_SHEET_CELLS:
        raise UnsafePackage(f"有一个工作表的使用范围太大（{rows} 行 × {columns} 列），请删除多余的行列后再运行",
                            f"A sheet's used range is too large to read ({rows} rows × {columns} columns); "
                            "delete the unused rows and columns and try again.")
    return marks.seen


class _MarkSeen:
    """Whether a piece passing through held an error mark. A piece ends before a "<", so no mark is split;
    either the fast count or the slow one reads every piece of the part."""

    def __init__(self) -> None:
        self.seen = False

    def passing(self, pieces: Iterator[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            self.seen = self.seen or _ERROR_MARK.search(piece) is not None
            yield piece


def _looks_like_xml(start: bytes) -> bool:
    return start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") or start.startswith((b"\xff\xfe", b"\xfe\xff"))


def _check_text(name: str, chunk: bytes, first: bool) -> None:
    if first and chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsafePackage(f"部件 {name} 使用了 UTF-16 编码，Excel 不会这样保存",
                            f"Part {name} is UTF-16 encoded, which Excel never writes.")
    if _DECLARATION.search(chunk):
        raise UnsafePackage(f"部件 {name} 含有 DTD/实体声明（可能用来读取本机文件），拒绝处理",
                            f"Part {name} declares a DTD or entities (which could read files on this "
                            "computer); refused.")


def _fast_extent(name: str, chunks: Iterator[bytes]) -> tuple[int, int] | None:
    """Rows × columns of a part whose every row and cell states its position first (all common writers); else None.

    Each piece is verified rather than read reference by reference: the largest row and column seen so far
    (plus this piece's last row and widest sampled cells) are its likely bounds, and one search per tag kind
    proves that no row or cell lies beyond them or strays from the common form (attributes included). Only a
    piece where that search hits is read cell by cell. The bounds are always a real row's and cell's, so the
    extent is exact.
    """
    rows, letters = 0, b""
    for number, chunk in enumerate(chunks):
        _check_text(name, chunk, number == 0)
        if _PREFIXED.search(chunk):
            return None
        rows, letters = _likely_bounds(chunk, rows, letters)
        if any(beyond.search(chunk) for beyond in _beyond(rows, letters)):
            counted = _counted(chunk)
            if counted is None:
                return None
            rows, letters = max(rows, counted[0]), max(letters, counted[1], key=_column_order)
    return rows, column_number(letters)


def _likely_bounds(chunk: bytes, rows: int, letters: bytes) -> tuple[int, bytes]:
    """The bounds so far, raised to the piece's last row number (rows ascend) and its widest sampled cells."""
    at = chunk.rfind(b'<row r="')
    last_row = _PLAIN_ROW.match(chunk, at) if at >= 0 else None
    if last_row:
        rows = max(rows, int(last_row.group(1)))
    sampled = _PLAIN_LETTERS.findall(chunk, 0, _SAMPLE) + _PLAIN_LETTERS.findall(chunk, len(chunk) - _SAMPLE)
    return rows, max([letters, *sampled], key=_column_order)


def _column_order(letters: bytes) -> tuple[int, bytes]:
    return len(letters), letters


@lru_cache(maxsize=64)
def _beyond(rows: int, letters: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """Searches for a cell tag and a row tag that is not in the common form or lies beyond `rows` and `letters`."""
    row_number = _up_to(b"%d" % rows, b"1", b"0", b"9") if rows else b"(?!)"
    column = _up_to(letters, b"A", b"A", b"Z") if letters else b"(?!)"
    return (re.compile(rb'<c(?:[\t\n\r\f\v/>]| (?!r="' + column + row_number + b'"' + _OTHER_ATTRIBUTES + b"))"),
            re.compile(rb'<row(?:[\t\n\r\f\v/>]| (?!r="' + row_number + b'"' + _OTHER_ATTRIBUTES + b"))"))


def _up_to(bound: bytes, first: bytes, lowest: bytes, highest: bytes) -> bytes:
    """A regex for the strings that count at most `bound` in a positional notation without leading zeros (row
    numbers from "1", column letters from "A"): any shorter one, or one as long that sorts at or below it."""
    shorter = b"[%s-%s][%s-%s]{0,%d}|" % (first, highest, lowest, highest, len(bound) - 2) if len(bound) > 1 else b""
    return b"(?:" + shorter + _as_long_up_to(bound, first, lowest, highest) + b")"


def _as_long_up_to(bound: bytes, first: bytes, lowest: bytes, highest: bytes) -> bytes:
    # A decision tree (a lower first character and anything after it, or the same one and the rest up to
    # the bound's rest), so the engine tries at most two branches per character.
    rest = bound[1:]
    same = bound[:1] + (_as_long_up_to(rest, lowest, lowest, highest) if rest else b"")
    if bound[:1] == first:
        return same
    anything_after = b"[%s-%s]{%d}" % (lowest, highest, len(rest)) if rest else b""
    return b"(?:[%s-%c]%s|%s)" % (first, bound[0] - 1, anything_after, same)


def _counted(chunk: bytes) -> tuple[int, bytes] | None:
    """The largest row number and column letters of a piece in the common form, read reference by reference;
    None if a row or cell is in another form."""
    cell_rows, rows = _CELL_ROW.findall(chunk), _ROW_NUMBER.findall(chunk)
    if (_UNUSUAL_TAG.search(chunk) or _SECOND_R.search(chunk) or len(cell_rows) != chunk.count(b"<c ")
            or len(rows) != chunk.count(b"<row ")):
        return None
    # A row holds many cells: converting each distinct row number once is enough.
    return (max(map(int, set(cell_rows).union(rows)), default=0),
            max(set(_CELL_LETTERS.findall(chunk)), key=_column_order, default=b""))


def _slow_extent(name: str, chunks: Iterator[bytes]) -> tuple[int, int]:
    """Rows × columns counted as a reader places unnumbered rows and cells: one after the previous."""
    row = column = max_row = max_column = 0
    for number, chunk in enumerate(chunks):
        _check_text(name, chunk, number == 0)
        for start in _TAG_START.finditer(chunk):
            letters, digits = _reference(chunk, start.end())
            if start.group(1) == b"row":
                row, column = (int(digits) if digits else row + 1), 0
            else:
                column = column_number(letters.upper()) if letters else column + 1
                row = int(digits) if digits else row
                max_column = max(max_column, column)
            max_row = max(max_row, row)
    return max_row, max_column


def _reference(chunk: bytes, at: int) -> tuple[bytes, bytes]:
    """The letters and digits of the r attribute of the start tag whose attributes begin at `at`."""
    attributes = _ATTRIBUTES.match(chunk, at)
    if attributes is None:
        raise _damaged("a row or cell tag that is not well-formed XML")
    values = [a or b for a, b in _R_VALUE.findall(attributes.group(1))]
    if len(values) > 1:
        raise _damaged("a row or cell with two r attributes")
    reference = _REFERENCE.fullmatch(values[0]) if values else None
    if values and reference is None:
        raise _damaged(f"a cell reference that is not one: {values[0][:20]!r}")
    return (reference.group(1), reference.group(2)) if reference else (b"", b"")
