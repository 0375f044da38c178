"""Transplant the sheets we generate into the seller's .xlsx/.xlsm package, leaving every part of theirs byte for byte."""

from __future__ import annotations

import html
import io
import posixpath
import os
import re
import zipfile
from itertools import count
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar
from urllib.parse import unquote
from xml.parsers.expat import ExpatError

from workbook.charts import CHART_REL, FRAME_NAME
from workbook.refusal import Refusal
from workbook.stylemerge import MAIN, MAX_CELL_XFS, NUMFMT_ID, StyleMaps, TooManyFormats, merge
from workbook.zipwriter import ZIP_ERRORS, write_zip
from workbook.xmlspans import (Edit, Node, UnsafeXml, element, parse, rebuild, splice, with_attr,
                               without_attr)

if TYPE_CHECKING:  # only a type here: importing openpyxl costs a third of a second at start
    from openpyxl import Workbook

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_MARK = "purl.oclc.org/ooxml"
# A hidden sheet-scoped defined name on every sheet we write; only sheets carrying it are replaced.
OWNED_MARK = "_tierbook"
WORKSHEET_REL = R_NS + "/worksheet"
STYLES_REL = R_NS + "/styles"
CALC_CHAIN_REL = R_NS + "/calcChain"
_CONTENT_TYPES = "[Content_Types].xml"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
# Excel hangs printer settings on a sheet that was printed; our sheets bring their own page setup,
# so a refresh may let these go. Anything else on one of our sheets (a chart, a picture, a comment,
# a link, a table) is the seller's work and is refused, never dropped.
_DISPOSABLE_SHEET_RELS = {R_NS + "/printerSettings"}
# LibreOffice gives every sheet with an autofilter a drawing part with nothing in it; an empty drawing
# holds nothing of the seller's, so it is let go like printer settings.
_DRAWING_REL = R_NS + "/drawing"
# Excel saves a chart's style and colours as parts of their own beside it; they go with the chart.
_CHART_EXTRAS = {"http://schemas.microsoft.com/office/2011/relationships/chartStyle",
                 "http://schemas.microsoft.com/office/2011/relationships/chartColorStyle"}
_SIGNATURES = "_xmlsignatures/"  # where Office keeps signatures; the origin relationship is what OPC requires
_SIGNATURE_ORIGIN = b"/package/2006/relationships/digital-signature/origin"
# New entries get a fixed timestamp so two refreshes write the same bytes.
_SHEET_VIEW = re.compile(rb"<(?:[\w.-]+:)?sheetView\b[^>]*>")
_TAB_SELECTED = re.compile(rb"""\stabSelected\s*=\s*["'](?:1|true)["']""")
# Our sheets come from our own writers (no CDATA or comments, "<" only in tags), so the style
# indexes can be found by pattern; a full parse of a 20,000-row sheet costs seconds.
_ATTRS_BEFORE = rb"""(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*?"""


def _attribute(tag: bytes, attr: bytes, value: bytes = rb"(\d+)") -> re.Pattern[bytes]:
    """`<tag ... attr="` (group 1) followed by `value` (a style index in group 2 unless told otherwise)."""
    return re.compile(rb"(<" + tag + rb"(?=[\s/>])" + _ATTRS_BEFORE + rb"\s+" + attr + rb"""\s*=\s*["'])""" + value)


# CT_Worksheet's order puts the views and column formats before <sheetData>, the rows and cells in it and the
# conditional formats after it: each search reads only its side of a sheet that is mostly cells.
_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData\b")
_HEAD_STYLE_REFS = ((_attribute(b"col", b"style"), "xf"),)
_BODY_STYLE_REFS = ((_attribute(b"c", b"s"), "xf"), (_attribute(b"row", b"s"), "xf"),
                    (_attribute(b"cfRule", b"dxfId"), "dxf"))
_SHARED_STRING_CELL = _attribute(b"c", b"t", rb"""s["']""")
_MAYBE_SHARED = re.compile(rb"""t\s*=\s*["']s["']""")  # a quick scan first: the exact pattern is slow
# Elements that precede <definedNames> in CT_Workbook, in case the seller's file has none yet.
_BEFORE_DEFINED_NAMES = ("sheets", "functionGroups", "externalReferences")
# <calcPr> follows <definedNames>: the same anchors, plus the names themselves.
_BEFORE_CALC_PR = (*_BEFORE_DEFINED_NAMES, "definedNames")
# A sheet reference in a defined name's formula: 'quoted name'! or plain_name!
_SHEET_REFERENCE = re.compile(r"""(?:'((?:[^']|'')+)'|([^\s'!(),;=+\-*/&^<>{}"]+))!""")
_TRUE = ("1", "true")


# Writes one sheet, given where each of our style ids landed in the styles it goes with (our id → that id);
# None: our own styles part. Our sheets use no differential formats (dxfs), so cell style ids are all it needs.
SheetWriter = Callable[[Mapping[int, int] | None], bytes]


@dataclass(frozen=True)
class SheetsPackage:
    """Our sheets as package parts, each sheet written only when asked for, with the style ids it should use.

    replace_owned_sheets merges our styles part into the seller's first and then has each sheet written
    with the ids our styles got there, so no style index of a sheet of 10k rows is rewritten afterwards
    (workbook/sheetxml.py's sheets_package makes one).
    """

    parts: dict[str, bytes]         # every part but the sheets
    sheets: dict[str, SheetWriter]  # part name → the sheet's writer


class CannotPreserve(Refusal):
    """The seller's package holds something we cannot carry through untouched; nothing was written."""


@dataclass
class _Sheet:
    name: str
    node: Node
    rel_type: str
    part: str


@dataclass
class _Book:
    """A workbook part with its relationships and sheet list, as indexed bytes."""

    part: str
    xml: bytes
    root: Node
    rels_part: str
    rels_xml: bytes
    rels_root: Node
    targets: dict[str, tuple[str, str]]  # relationship Id -> (type, part name)
    sheets: list[_Sheet] = field(default_factory=list)

    def target(self, rel_type: str) -> str | None:
        return next((part for kind, part in self.targets.values() if kind == rel_type), None)


@dataclass
class _Output:
    """Parts to rewrite, drop and add; every other part is copied as it was."""

    changed: dict[str, bytes] = field(default_factory=dict)
    dropped: set[str] = field(default_factory=set)
    added: dict[str, bytes] = field(default_factory=dict)


def replace_owned_sheets(src: Path, dst: Path, ours: Workbook | bytes | SheetsPackage, owned: Collection[str]) -> None:
    """Write to `dst` the package `src` with the sheets of `ours` added, or replacing owned sheets of the same name.

    A SheetsPackage (the refresh's) has its sheets written with the seller's style ids; the sheets of any
    other package have their style indexes rewritten.

    The file is opened once: every part, copied or edited, comes from that one handle, so a save by
    another program in between cannot mix two versions. Parts we do not change are copied as stored,
    once the very bytes copied have passed their CRC.
    """
    with _opened(Path(src)) as (archive, stream):
        infos = archive.infolist()
        _check_names(infos)
        parts = _Parts(archive, infos)
        _check_unsigned(parts)
        book = _load_book(parts, "seller")
        _check_no_modify_password(book)
        package = _saved(ours)
        mine = _load_book(package.parts, "ours")
        owned_keys = {name.casefold() for name in owned}
        placement = _place_sheets(book, mine, owned_keys)
        if None in placement:
            _check_structure_unlocked(book)
        out = _Output()
        maps = _merge_styles(book, mine, parts, package.parts, out)
        _transplant_sheets(book, mine, package, placement, maps, parts, out)
        kept = [info for info in infos if info.filename not in out.dropped]
        try:
            write_zip(Path(dst), archive, stream, kept, out.changed, out.added, parts.__getitem__)
        except ZIP_ERRORS as err:
            raise _unreadable(err) from err


def worksheet_parts(src: Path) -> dict[str, str]:
    """Each worksheet's name → its part name, from workbook.xml and its relationships (CannotPreserve if unreadable)."""
    with _opened(Path(src)) as (archive, _):
        book = _load_book(_Parts(archive, archive.infolist()), "seller")
    return {sheet.name: sheet.part for sheet in book.sheets if sheet.rel_type == WORKSHEET_REL}


T = TypeVar("T")


def each_worksheet(path: str | os.PathLike, sheets: Collection[str], read: Callable[[BinaryIO], T]) -> dict[str, T]:
    """`read` of the worksheet part of each of `sheets` the package has (its stream, for the first bytes only or in
    pieces); {} for a package the writer cannot map, which it refuses with its own message."""
    try:
        parts = worksheet_parts(path)
    except CannotPreserve:
        return {}
    found = {}
    with zipfile.ZipFile(path) as archive:
        for name in sheets:
            part = parts.get(name)
            if part is not None and part in archive.NameToInfo:
                with archive.open(part) as stream:
                    found[name] = read(stream)
    return found


def _refuse_part(part: str, err: Exception) -> CannotPreserve:
    return CannotPreserve(f"工作簿部件 {part} 无法安全读取（{err}）",
                          f"Package part {part} cannot be read safely ({err}).")


def _unreadable(err: Exception) -> CannotPreserve:
    return CannotPreserve("文件不是可读的 Excel 工作簿（zip 包损坏、加密或格式不支持）",
                          f"The file is not a readable Excel package ({err}).")


@contextmanager
def _opened(src: Path) -> Iterator[tuple[zipfile.ZipFile, BinaryIO]]:
    """The package as zipfile sees it, and the one open file it reads from."""
    with open(src, "rb") as stream:
        try:
            archive = zipfile.ZipFile(stream)
        except ZIP_ERRORS as err:
            raise _unreadable(err) from err
        with archive:
            yield archive, stream


class _Parts(Mapping[str, bytes]):
    """The package's parts by name, each read the first time it is needed: most are only copied, never read."""

    def __init__(self, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]):
        self._archive, self._infos, self._read = archive, {i.filename: i for i in infos}, {}

    def __getitem__(self, name: str) -> bytes:
        if name not in self._read:
            info = self._infos[name]
            try:
                self._read[name] = self._archive.read(info)
            except ZIP_ERRORS as err:
                raise _unreadable(err) from err
        return self._read[name]

    def __contains__(self, name: object) -> bool:
        return name in self._infos

    def pieces(self, name: str, size: int = 1 << 22) -> Iterator[bytes]:
        """The part inflated a few megabytes at a time, without keeping it."""
        try:
            with self._archive.open(self._infos[name]) as stream:
                while piece := stream.read(size):
                    yield piece
        except ZIP_ERRORS as err:
            raise _unreadable(err) from err

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)


def _check_names(infos: list[zipfile.ZipInfo]) -> None:
    seen: set[str] = set()
    for info in infos:
        # Part names are case-insensitive in OPC, so two spellings are one part twice.
        key = info.filename.casefold()
        if key in seen:
            raise CannotPreserve(f"工作簿里有重复的部件 {info.filename}，无法安全修改",
                                 f"The package holds part {info.filename} twice; it cannot be edited safely.")
        seen.add(key)


def _check_unsigned(parts: Mapping[str, bytes]) -> None:
    """A package signature (Excel: File → Info → Protect Workbook → Add a Digital Signature) covers the parts
    we edit, so any refresh would break it."""
    origin = _SIGNATURE_ORIGIN in parts.get("_rels/.rels", b"")
    if origin or any(name.casefold().startswith(_SIGNATURES) for name in parts):
        raise CannotPreserve("这个工作簿有数字签名，刷新会让签名失效；请先在 Excel 中删除签名（或另存一份不带签名的副本）",
                             "The workbook is digitally signed and a refresh would break the signature; remove "
                             "the signature in Excel first (or save an unsigned copy).")


def _parse(parts: Mapping[str, bytes], part: str) -> Node:
    if part not in parts:
        raise _refuse_part(part, ValueError("missing"))
    try:
        return parse(parts[part])
    except (ExpatError, UnsafeXml) as err:
        raise _refuse_part(part, err) from err


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _resolve(source: str, target: str) -> str:
    target = unquote(target)
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _relationships(parts: Mapping[str, bytes], source: str) -> tuple[str, Node | None, dict[str, tuple[str, str]]]:
    rels_part = _rels_name(source)
    if rels_part not in parts:
        return rels_part, None, {}
    root = _parse(parts, rels_part)
    targets = {}
    for rel in root.kids("Relationship"):
        if rel.attrs.get("TargetMode") != "External":
            targets[rel.attrs["Id"]] = (rel.attrs["Type"], _resolve(source, rel.attrs["Target"]))
    return rels_part, root, targets


def _load_book(parts: Mapping[str, bytes], who: str) -> _Book:
    _, _, package_rels = _relationships(parts, "")
    main = [(kind, part) for kind, part in package_rels.values() if kind.endswith("/officeDocument")]
    if any(STRICT_MARK in kind for kind, _ in main):
        raise _strict()
    if not main or main[0][1] not in parts:
        raise CannotPreserve("找不到 xl/workbook.xml，这不是 Excel 工作簿",
                             f"No workbook part (xl/workbook.xml) in the {who} package; it is not an Excel workbook.")
    part = main[0][1]
    root = _parse(parts, part)
    if STRICT_MARK in root.ns:
        raise _strict()
    if root.ns != MAIN or root.local != "workbook":
        raise _refuse_part(part, ValueError("not a SpreadsheetML workbook"))
    rels_part, rels_root, targets = _relationships(parts, part)
    if rels_root is None:
        raise _refuse_part(rels_part, ValueError("missing"))
    book = _Book(part, parts[part], root, rels_part, parts[rels_part], rels_root, targets)
    sheets = root.kid("sheets")
    for node in sheets.kids("sheet") if sheets else []:
        kind, sheet_part = targets.get(node.attrs.get(f"{{{R_NS}}}id", ""), ("", ""))
        book.sheets.append(_Sheet(node.attrs["name"], node, kind, sheet_part))
    if not book.sheets:
        raise _refuse_part(part, ValueError("no sheets"))
    _check_unique_names(book)
    return book


def _check_unique_names(book: _Book) -> None:
    # Excel forbids names equal but for case; with two, "the sheet named X" would be a guess.
    seen: set[str] = set()
    for sheet in book.sheets:
        if sheet.name.casefold() in seen:
            raise CannotPreserve(f"工作簿里有两个同名的工作表“{sheet.name}”（不分大小写），请先改名",
                                 f"The workbook has two sheets named '{sheet.name}' (ignoring case); rename one first.")
        seen.add(sheet.name.casefold())


def _strict() -> CannotPreserve:
    return CannotPreserve("该文件是 Strict Open XML 格式，请先在 Excel 中另存为普通的“Excel 工作簿 (.xlsx)”",
                          "The file is in Strict Open XML format; save it as a regular Excel Workbook (.xlsx) first.")


@dataclass(frozen=True)
class _OurPackage:
    """Our package's parts, and the sheets of it still to be written."""

    parts: Mapping[str, bytes]
    written: Mapping[str, SheetWriter]

    def sheet(self, part: str, maps: StyleMaps, *, selected: bool) -> bytes:
        """Our sheet `part` with style indexes pointing into the seller's styles and the tab selection set."""
        if part in self.written:
            return _transplant(self.written[part](maps.xf), None, selected=selected)
        return _transplant(self.parts[part], maps, selected=selected)


def _saved(ours: Workbook | bytes | SheetsPackage) -> _OurPackage:
    """The parts of our workbook, and the sheets still to be written (a SheetsPackage's); given as bytes when the
    caller saved it early to free its cells."""
    if isinstance(ours, SheetsPackage):
        return _OurPackage(ours.parts, ours.sheets)
    if isinstance(ours, bytes):
        buffer = io.BytesIO(ours)
    else:
        buffer = io.BytesIO()
        ours.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return _OurPackage({name: archive.read(name) for name in archive.namelist()}, {})


def _marked_sheets(book: _Book) -> set[int]:
    """Indexes of the sheets an earlier refresh wrote: they carry our hidden sheet-scoped name."""
    return {_local_sheet(n) for n in _names(book.root) if n.attrs.get("name") == OWNED_MARK} - {None}


def _place_sheets(book: _Book, mine: _Book, owned: set[str]) -> list[int | None]:
    """For each of our sheets, the index of the seller's sheet it replaces, or None when it is new."""
    by_name = {sheet.name.casefold(): i for i, sheet in enumerate(book.sheets)}
    marked = _marked_sheets(book)
    placement = []
    for sheet in mine.sheets:
        index = by_name.get(sheet.name.casefold())
        if index is not None:
            _check_replaceable(book.sheets[index], index in marked, owned)
        placement.append(index)
    return placement


def _check_no_modify_password(book: _Book) -> None:
    """Excel's "password to modify" asks whoever opens the file for it; we respect that wish as we respect 只读."""
    sharing = book.root.kid("fileSharing")
    if sharing is not None and {"reservationPassword", "hashValue"} & set(sharing.attrs):
        raise CannotPreserve("工作簿设置了“修改权限密码”，不会修改它；请先在 Excel 中（另存为 → 工具 → 常规选项）取消该密码",
                             "The workbook has a password to modify, so it will not be changed; remove it in Excel "
                             "first (Save As → Tools → General Options).")


def _check_structure_unlocked(book: _Book) -> None:
    protection = book.root.kid("workbookProtection")
    if protection is not None and protection.attrs.get("lockStructure") in ("1", "true"):
        raise CannotPreserve("工作簿结构受保护，不能添加工作表；请先在 Excel 中撤销“保护工作簿”",
                             "The workbook structure is protected, so sheets cannot be added; "
                             "unprotect the workbook in Excel first.")


def _check_replaceable(sheet: _Sheet, marked: bool, owned: set[str]) -> None:
    # A name alone proves nothing: a seller may keep a 待办 sheet of their own.
    if sheet.name.casefold() not in owned or not marked:
        raise CannotPreserve(f"工作簿里已有名为“{sheet.name}”的工作表，它不是本工具生成的，不会被覆盖；请把它改名后再运行",
                             f"The workbook already has a sheet named '{sheet.name}' that this tool did not "
                             "create; it will not be overwritten. Rename it and try again.")
    if sheet.rel_type != WORKSHEET_REL:
        raise CannotPreserve(f"“{sheet.name}”不是普通工作表（可能是图表工作表），无法替换",
                             f"'{sheet.name}' is not a plain worksheet (a chart sheet?); it cannot be replaced.")


def _merge_styles(book: _Book, mine: _Book, parts: Mapping[str, bytes], mine_parts: Mapping[str, bytes],
                  out: _Output) -> StyleMaps:
    styles_part = book.target(STYLES_REL)
    if styles_part not in parts:
        raise CannotPreserve("工作簿没有样式部件 styles.xml，无法安全加入新工作表",
                             "The workbook has no styles part; new sheets cannot be added safely.")
    try:
        merged, maps = merge(parts[styles_part], mine_parts[mine.target(STYLES_REL)],
                             lambda: _number_format_ids(parts, styles_part))
    except (ExpatError, UnsafeXml) as err:
        raise _refuse_part(styles_part, err) from err
    except TooManyFormats as err:
        raise CannotPreserve(f"工作簿里已有 {err.have:,} 种单元格格式，再加入本工具的 {err.adding} 种会超过 Excel 的上限 "
                             f"{MAX_CELL_XFS:,} 种，Excel 会因此丢掉格式；没有改动任何内容。请先清理不用的格式（例如删除多余的样式）",
                             f"The workbook already has {err.have:,} cell formats; adding our {err.adding} would pass "
                             f"Excel's limit of {MAX_CELL_XFS:,}, and Excel would then drop formatting. Nothing was "
                             "changed. Remove unused formats (e.g. extra cell styles) first.") from err
    if merged != parts[styles_part]:
        out.changed[styles_part] = merged
    return maps


def _number_format_ids(parts: _Parts, styles_part: str) -> set[int]:
    """Number-format ids the XML parts other than styles.xml mention: pivot fields, the dxfs of a sheet's
    newer conditional formats. Read in pieces, so a big sheet is never held whole."""
    found: set[int] = set()
    for name in parts:
        if name != styles_part and name.lower().endswith(".xml"):
            tail = b""
            for chunk in parts.pieces(name):
                found.update(int(i) for i in NUMFMT_ID.findall(tail + chunk))
                tail = chunk[-256:]  # a mention cut in two by the read is whole in the next search
    return found


def _transplant_sheets(book: _Book, mine: _Book, package: _OurPackage, placement: list[int | None],
                       maps: StyleMaps, parts: _Parts, out: _Output) -> None:
    mine_parts = package.parts
    new_nodes: list[bytes] = []
    new_rels: list[bytes] = []
    seller_index: list[int] = []
    free_ids = _free_rel_ids(book)
    next_sheet_id = max(int(s.node.attrs["sheetId"]) for s in book.sheets) + 1
    carried: list[tuple[str, str]] = []  # (our sheet part, its part in the seller's package) with charts to carry
    for sheet, index in zip(mine.sheets, placement):
        if index is None:
            part, rel_id = _free_part(book, parts, out), next(free_ids)
            out.added[part] = package.sheet(sheet.part, maps, selected=False)
            new_nodes.append(_sheet_element(book, sheet.name, next_sheet_id + len(new_nodes), rel_id))
            new_rels.append(_rel_element(book, rel_id, part))
            seller_index.append(len(book.sheets) + len(new_nodes) - 1)
        else:
            old = book.sheets[index]
            selected = _was_selected(parts, old.part)
            out.changed[old.part] = package.sheet(sheet.part, maps, selected=selected)
            _drop_old_rels(old, parts, out)
            seller_index.append(index)
            part = old.part
        if _rels_name(sheet.part) in mine_parts:
            _check_only_our_charts(mine_parts, sheet)
            carried.append((sheet.part, part))
    # After every sheet, so a refresh adds them last again, under the names the last one freed: twice = once.
    types: dict[str, str] = {}
    for ours, theirs in carried:
        _carry_related(mine, mine_parts, ours, theirs, book, parts, out, types)
    replaced = [i for i in placement if i is not None]
    written = {book.sheets[i].node.attrs["sheetId"] for i in replaced}
    written |= {str(next_sheet_id + n) for n in range(len(new_nodes))}
    calc_chain = _stale_calc_chain(book, parts, written)
    _edit_workbook(book, mine, seller_index, replaced, new_nodes, out)
    _edit_rels(book, new_rels, calc_chain, out)
    types |= {part: WORKSHEET_TYPE for part in out.added if part not in types and not part.endswith(".rels")}
    _edit_content_types(parts, {part: types[part] for part in out.added if part in types}, calc_chain, out)
    if calc_chain:
        out.dropped.add(calc_chain)


def _transplant(xml: bytes, maps: StyleMaps | None, *, selected: bool) -> bytes:
    """Our sheet XML with the tab selection set and its style indexes moved into the seller's styles, unless it
    was written with those already (`maps` None)."""
    found = _SHEET_DATA.search(xml)
    head, body = (xml[:found.start()], xml[found.start():]) if found else (xml, b"")
    if maps is None:
        return _with_selection(head, selected) + body
    if _MAYBE_SHARED.search(body) and _SHARED_STRING_CELL.search(body):
        # The seller's sharedStrings.xml must stay untouched; our writers use inline strings.
        raise ValueError("our sheet uses shared strings; write inline strings instead")
    return _with_selection(_restyled(head, _HEAD_STYLE_REFS, maps), selected) + _restyled(body, _BODY_STYLE_REFS, maps)


def _with_selection(head: bytes, selected: bool) -> bytes:
    """A sheet's XML before its cells with the first view's tab selected, or none."""
    views = count()

    def select(match: re.Match[bytes]) -> bytes:
        view = match.group(0)
        first = next(views) == 0
        return with_attr(view, "tabSelected", "1") if selected and first else without_attr(view, "tabSelected")

    return _SHEET_VIEW.sub(select, head)


def _restyled(xml: bytes, references: tuple[tuple[re.Pattern[bytes], str], ...], maps: StyleMaps) -> bytes:
    """`xml` with each style index the `references` find (pattern, "xf" or "dxf") moved to the seller's."""
    for pattern, table in references:
        index = getattr(maps, table)
        spelled = {str(ours).encode(): str(theirs).encode() for ours, theirs in index.items()}
        # split keeps the groups: [text, tag start, index, text, tag start, index, ..., text]
        pieces = pattern.split(xml)
        pieces[2::3] = [spelled.get(ours) or str(index[int(ours)]).encode() for ours in pieces[2::3]]
        xml = b"".join(pieces)
    return xml


def _was_selected(parts: _Parts, old_sheet: str) -> bool:
    """Whether the first view of the sheet part `old_sheet` has its tab selected. The views come before the cells
    (CT_Worksheet's order), so only the sheet's head is inflated, not its rows."""
    head = b""
    for piece in parts.pieces(old_sheet, 1 << 16):
        head += piece
        if _SHEET_DATA.search(head):
            break
    view = _SHEET_VIEW.search(head)
    return bool(view and _TAB_SELECTED.search(view.group(0)))


def _drop_old_rels(old: _Sheet, parts: Mapping[str, bytes], out: _Output) -> None:
    """Our new sheet XML references none of the old sheet's relationships, so its .rels part goes."""
    rels_part, _, targets = _relationships(parts, old.part)
    if rels_part not in parts:
        return
    ours = [_our_drawing(parts, part, old.name) if kind == _DRAWING_REL else None for kind, part in targets.values()]
    if not all(drawn or _disposable(kind, part, parts) for drawn, (kind, part) in zip(ours, targets.values())):
        raise CannotPreserve(f"工作表“{old.name}”里被加入了图表、图片、批注、链接或表格等对象，刷新会丢掉或破坏它们；"
                             "请先把它们移到别的工作表",
                             f"Sheet '{old.name}' now holds objects (charts, pictures, comments, links, tables, ...) "
                             "that a refresh would lose or break; move them to another sheet first.")
    out.dropped.add(rels_part)
    out.dropped.update(part for drawn in ours if drawn for part in drawn)


def _our_drawing(parts: Mapping[str, bytes], part: str, sheet: str) -> list[str] | None:
    """The parts of a drawing an earlier refresh wrote on `sheet` (the drawing, its charts, their relationships and
    Excel's style parts for them), when every object on it is one of our charts; else None: the seller's, refused."""
    if part not in parts:
        return None
    try:
        root = parse(parts[part])
    except (ExpatError, UnsafeXml):
        return None
    rels_part, _, targets = _relationships(parts, part)
    if root.local != "wsDr" or not root.children:
        return None
    frames = [_chart_frame(anchor, targets, parts) for anchor in root.children]
    if None in frames or {chart for chart, _ in frames} != {target for _, target in targets.values()}:
        return None  # an object other than a chart, or a part related but not drawn
    # Excel and LibreOffice keep the names we give our charts: then a chart not so named is the seller's. A program
    # that renames every frame on saving (openpyxl does) leaves none of our names: then ours draw only from `sheet`.
    kept_names = any(named for _, named in frames)
    if not all(named if kept_names else _draws_only_from(parts[chart], sheet) for chart, named in frames):
        return None
    charts = [chart for chart, _ in frames]
    tree = [part, rels_part] if rels_part in parts else [part]
    for chart in charts:
        chart_rels, _, extras = _relationships(parts, chart)
        if any(kind not in _CHART_EXTRAS for kind, _ in extras.values()):
            return None
        tree += [chart, *([chart_rels] if chart_rels in parts else []), *(p for _, p in extras.values() if p in parts)]
    return tree


def _chart_frame(anchor: Node, targets: Mapping[str, tuple[str, str]],
                 parts: Mapping[str, bytes]) -> tuple[str, bool] | None:
    """(chart part, whether its frame carries our name) of an anchor holding one chart frame, else None."""
    objects = [kid for kid in anchor.children if kid.local not in ("from", "to", "pos", "ext", "clientData")]
    if len(objects) != 1 or objects[0].local != "graphicFrame":
        return None
    nodes = list(_descendants(objects[0]))
    names = [node.attrs.get("name", "") for node in nodes if node.local == "cNvPr"]
    ids = [node.attrs.get(f"{{{R_NS}}}id") for node in nodes if node.local == "chart"]
    kind, chart = targets.get(ids[0] or "", ("", "")) if len(ids) == 1 else ("", "")
    if kind != CHART_REL or chart not in parts:
        return None
    return chart, len(names) == 1 and names[0].startswith(FRAME_NAME)


def _descendants(node: Node) -> Iterator[Node]:
    for kid in node.children:
        yield kid
        yield from _descendants(kid)


_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f>([^<]*)</")


def _draws_only_from(chart: bytes, sheet: str) -> bool:
    """Whether every formula of the chart (series names, categories, values) reads cells of `sheet` and no other."""
    formulas = [html.unescape(f.decode("utf-8", "replace")) for f in _FORMULA.findall(chart)]
    named = [_sheets_named(formula) for formula in formulas]
    return bool(named) and all(names and set(names) == {sheet.casefold()} for names in named)


def _check_only_our_charts(mine_parts: Mapping[str, bytes], sheet: _Sheet) -> None:
    _, _, targets = _relationships(mine_parts, sheet.part)
    if not all(kind == _DRAWING_REL and _our_drawing(mine_parts, part, sheet.name) for kind, part in targets.values()):
        raise ValueError(f"our sheet {sheet.name!r} carries relationships (images, comments, links); "
                         "generated sheets must be self-contained, but for our own charts")


def _disposable(kind: str, part: str, parts: Mapping[str, bytes]) -> bool:
    if kind in _DISPOSABLE_SHEET_RELS:
        return True
    return kind == _DRAWING_REL and _is_empty_drawing(parts, part)


def _is_empty_drawing(parts: Mapping[str, bytes], part: str) -> bool:
    """A drawing part with no anchored object and no relationships of its own (LibreOffice's, for an autofilter)."""
    if part not in parts or _rels_name(part) in parts:
        return False
    try:
        root = parse(parts[part])
    except (ExpatError, UnsafeXml):
        return False  # not a drawing we can read: the seller's, refused as any object
    return root.local == "wsDr" and not root.children


def _stale_calc_chain(book: _Book, parts: Mapping[str, bytes], sheet_ids: set[str]) -> str | None:
    """calcChain.xml if it lists cells of a sheet we write (one we replace, or a leftover entry under the id a new
    sheet takes); Excel rebuilds it, while a stale one makes Excel repair the file. Our sheets hold no formulas."""
    part = book.target(CALC_CHAIN_REL)
    if part not in parts or not sheet_ids:
        return None
    cells = _parse(parts, part).kids("c")
    return part if any(c.attrs.get("i") in sheet_ids for c in cells) else None


def _free_part(book: _Book, parts: Mapping[str, bytes], out: _Output, folder: str = "worksheets",
               stem: str = "sheet") -> str:
    """The first free name folder/stem{n}.xml beside the workbook part; a part this refresh drops is free again."""
    # A content-type override may name a part the zip lacks; reusing that name would duplicate the override.
    declared = [o.attrs.get("PartName", "").lstrip("/") for o in _parse(parts, _CONTENT_TYPES).kids("Override")]
    taken = {name.casefold() for name in [*parts, *declared] if name not in out.dropped}
    taken |= {name.casefold() for name in out.added}
    folder = posixpath.join(posixpath.dirname(book.part), folder)
    number = 1
    while posixpath.join(folder, f"{stem}{number}.xml").casefold() in taken:
        number += 1
    return posixpath.join(folder, f"{stem}{number}.xml")


_NUMBERED = re.compile(r"^(.*?)\d*\.xml$")


def _carry_related(mine: _Book, mine_parts: Mapping[str, bytes], ours: str, theirs: str, book: _Book,
                   parts: Mapping[str, bytes], out: _Output, types: dict[str, str]) -> None:
    """The parts our part `ours` relates to (a drawing, its charts), added under free names of the seller's
    package, with the relationships of `theirs` pointing at them; `types` gets each added part's content type."""
    _, root, _ = _relationships(mine_parts, ours)
    declared = {o.attrs["PartName"].lstrip("/"): o.attrs["ContentType"]
                for o in _parse(mine_parts, _CONTENT_TYPES).kids("Override")}
    rels = []
    added = []
    for rel in root.kids("Relationship"):
        target = _resolve(ours, rel.attrs["Target"])
        folder, name = posixpath.split(posixpath.relpath(target, posixpath.dirname(mine.part)))
        new = _free_part(book, parts, out, folder, _NUMBERED.match(name).group(1))
        out.added[new] = mine_parts[target]
        types[new] = declared[target]
        added.append((target, new))
        rels.append(element(root.qname("Relationship"), dict(rel.attrs) | {
            "Target": posixpath.relpath(new, posixpath.dirname(theirs))}))
    xml = mine_parts[_rels_name(ours)]
    out.added[_rels_name(theirs)] = splice(xml, [rebuild(xml, root, drop=tuple(root.kids("Relationship")),
                                                         append=b"".join(rels))])
    for target, new in added:
        if _rels_name(target) in mine_parts:
            _carry_related(mine, mine_parts, target, new, book, parts, out, types)


def _free_rel_ids(book: _Book) -> Iterator[str]:
    taken = {rel.attrs["Id"] for rel in book.rels_root.kids("Relationship")}
    return (f"rId{n}" for n in count(1) if f"rId{n}" not in taken)


def _sheet_element(book: _Book, name: str, sheet_id: int, rel_id: str) -> bytes:
    sheets = book.root.kid("sheets")
    first = sheets.kids("sheet")[0]
    r_qname = first.attr_qnames[f"{{{R_NS}}}id"]
    attrs = {"name": name, "sheetId": str(sheet_id), r_qname: rel_id}
    prefix = r_qname.partition(":")[0]
    if f"xmlns:{prefix}=".encode() not in book.xml[book.root.start:book.root.head_end]:
        attrs[f"xmlns:{prefix}"] = R_NS
    return element(sheets.qname("sheet"), attrs)


def _rel_element(book: _Book, rel_id: str, part: str) -> bytes:
    target = posixpath.relpath(part, posixpath.dirname(book.part))
    attrs = {"Id": rel_id, "Type": WORKSHEET_REL, "Target": target}
    return element(book.rels_root.qname("Relationship"), attrs)


def _edit_workbook(book: _Book, mine: _Book, seller_index: list[int], replaced: list[int],
                   new_nodes: list[bytes], out: _Output) -> None:
    edits: list[Edit] = []
    if new_nodes:
        edits.append(rebuild(book.xml, book.root.kid("sheets"), append=b"".join(new_nodes)))
    edits += _defined_name_edits(book, mine, seller_index, replaced)
    edits += _full_calc_on_load(book)  # after the names: both may be inserted at the same point, names first
    out.changed[book.part] = splice(book.xml, edits)


def _full_calc_on_load(book: _Book) -> list[Edit]:
    """Ask Excel to recalculate every formula on open: the seller's formulas that read our sheets still hold values
    computed from the old ones (=COUNTA(待办!A:A) would show yesterday's count)."""
    calc = book.root.kid("calcPr")
    if calc is None:
        anchor = [c for c in book.root.children if c.ns == MAIN and c.local in _BEFORE_CALC_PR][-1]
        return [(anchor.end, anchor.end, element(book.root.qname("calcPr"), {"fullCalcOnLoad": "1"}))]
    if calc.attrs.get("fullCalcOnLoad") in _TRUE:
        return []
    return [(calc.start, calc.head_end, with_attr(book.xml[calc.start:calc.head_end], "fullCalcOnLoad", "1"))]


def _defined_name_edits(book: _Book, mine: _Book, seller_index: list[int], replaced: list[int]) -> list[Edit]:
    """Our names out, fresh ones in; every name of the seller's stays as it is, where it is."""
    container = book.root.kid("definedNames")
    qname = container.qname("definedName") if container else book.root.qname("definedName")
    names = _names(book.root)
    stale = [n for n in names if _written_by_us(book, n, replaced)]
    # LibreOffice saves our marks unhidden: one on a sheet this refresh leaves alone is written again, hidden,
    # and first, so that a second refresh finds it where the first left it.
    unhidden = [n for n in names if _is_mark(n) and n.attrs.get("hidden") not in _TRUE
                and _local_sheet(n) in range(len(book.sheets)) and _local_sheet(n) not in replaced]
    ours = [(OWNED_MARK, index, _owned_mark(qname, index)) for index in map(_local_sheet, unhidden)]
    ours += [(node.attrs["name"], seller_index[_local_sheet(node)], _our_name(mine, node, seller_index, qname))
             for node in _names(mine.root)]
    ours += [(OWNED_MARK, index, _owned_mark(qname, index)) for index in seller_index]
    # A name of the seller's whose localSheetId points past the last sheet lands on one of our new sheets; it is
    # kept as it is, and ours of the same name is not written there, so the sheet never has that name twice.
    gone = {id(n) for n in (*stale, *unhidden)}
    kept = {(n.attrs["name"].casefold(), _local_sheet(n)) for n in names if id(n) not in gone}
    fresh = b"".join(xml for name, index, xml in ours if (name.casefold(), index) not in kept)
    drop = (*stale, *unhidden)
    if container is not None:
        return [rebuild(book.xml, container, drop=drop, append=fresh)] if drop or fresh else []
    if not fresh:
        return []
    anchor = [c for c in book.root.children if c.ns == MAIN and c.local in _BEFORE_DEFINED_NAMES][-1]
    return [(anchor.end, anchor.end, element(book.root.qname("definedNames"), {}, fresh))]


def _is_mark(name: Node) -> bool:
    return name.attrs.get("name") == OWNED_MARK


def _written_by_us(book: _Book, name: Node, replaced: list[int]) -> bool:
    """A name on a sheet we replace that an earlier refresh wrote: our mark, or one that refers to the sheet itself
    (its print titles, print area, filter range). A name there that refers elsewhere is the seller's."""
    index = _local_sheet(name)
    if index not in replaced:
        return False
    return _is_mark(name) or _refers_to(html.unescape(name.inner(book.xml).decode("utf-8")), book.sheets[index].name)


def _refers_to(formula: str, sheet: str) -> bool:
    return sheet.casefold() in _sheets_named(formula)


def _sheets_named(formula: str) -> list[str]:
    """The sheets a formula refers to, case-folded."""
    return [(quoted.replace("''", "'") if quoted else plain).casefold()
            for quoted, plain in _SHEET_REFERENCE.findall(formula)]


def _names(root: Node) -> list[Node]:
    container = root.kid("definedNames")
    return container.kids("definedName") if container else []


def _local_sheet(name: Node) -> int | None:
    value = name.attrs.get("localSheetId")
    return int(value) if value is not None else None


def _our_name(mine: _Book, node: Node, seller_index: list[int], qname: str) -> bytes:
    """One of our sheet-scoped names (print titles, print area, filter range) moved to the seller's index."""
    local = _local_sheet(node)
    if local is None:
        raise ValueError(f"our workbook defines workbook-level name {node.attrs['name']!r}; "
                         "only sheet-scoped names can be carried")
    attrs = dict(node.attrs) | {"localSheetId": str(seller_index[local])}
    return element(qname, attrs, node.inner(mine.xml))


def _owned_mark(qname: str, sheet_index: int) -> bytes:
    """The hidden name that tells a later refresh this sheet is ours to replace."""
    attrs = {"name": OWNED_MARK, "localSheetId": str(sheet_index), "hidden": "1"}
    return element(qname, attrs, b'"tierbook"')


def _edit_rels(book: _Book, new_rels: list[bytes], calc_chain: str | None, out: _Output) -> None:
    stale = tuple(rel for rel in book.rels_root.kids("Relationship")
                  if calc_chain and _resolve(book.part, rel.attrs["Target"]) == calc_chain)
    if new_rels or stale:
        edit = rebuild(book.rels_xml, book.rels_root, drop=stale, append=b"".join(new_rels))
        out.changed[book.rels_part] = splice(book.rels_xml, [edit])


def _edit_content_types(parts: Mapping[str, bytes], new_parts: Mapping[str, str], calc_chain: str | None,
                        out: _Output) -> None:
    """Overrides for the parts we add (part → content type) in; those of the parts we drop out."""
    name = _CONTENT_TYPES
    root = _parse(parts, name)
    gone = {"/" + part for part in (*out.dropped, *([calc_chain] if calc_chain else []))}
    stale = tuple(o for o in root.kids("Override") if o.attrs.get("PartName") in gone)
    overrides = b"".join(element(root.qname("Override"), {"PartName": "/" + part, "ContentType": kind})
                         for part, kind in new_parts.items())
    if overrides or stale:
        out.changed[name] = splice(parts[name], [rebuild(parts[name], root, drop=stale, append=overrides)])
