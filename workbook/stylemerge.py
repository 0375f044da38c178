"""Merge the cell formats our generated sheets use into the seller's styles.xml, reusing identical entries."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from workbook.xmlspans import Edit, Node, UnsafeXml, element, parse, rebuild, splice

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# Excel reserves ids below 164 for built-in number formats.
FIRST_CUSTOM_NUMFMT = 164
# Excel's limit on cell formats per workbook ("Excel specifications and limits"); past it Excel drops formatting.
MAX_CELL_XFS = 64_000
# Any use of a number-format id: a declaration, a cell format, a dxf, a pivot field. Undeclared ids in use are
# legal (Excel's own files have them), so a free id is one nothing mentions, not one nothing declares.
NUMFMT_ID = re.compile(rb"""numFmtId\s*=\s*["'](\d+)["']""")
# Schema order of styleSheet children; a missing list is inserted before its first present successor.
_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles",
          "dxfs", "tableStyles", "colors", "extLst")
# Leading entries that mean "the workbook's default" (font 0, fills none/gray125, border 0);
# ours map onto the seller's so our plain cells look like the rest of the seller's file.
_RESERVED = {"fonts": 1, "fills": 2, "borders": 1, "cellXfs": 1}
_XF_REFS = {"fontId": "fonts", "fillId": "fills", "borderId": "borders"}

Canon = tuple  # (namespace, local name, sorted attributes, child canons)


@dataclass(frozen=True)
class StyleMaps:
    """Where each of our cellXfs and dxfs indexes lands in the seller's styles.xml."""

    xf: dict[int, int]
    dxf: dict[int, int]


class TooManyFormats(ValueError):
    """Adding our cell formats would take the workbook past MAX_CELL_XFS."""

    def __init__(self, have: int, adding: int):
        super().__init__(f"{have} cell formats + {adding} > {MAX_CELL_XFS}")
        self.have, self.adding = have, adding


def _canon(node: Node) -> Canon:
    return node.ns, node.local, tuple(sorted(node.attrs.items())), tuple(_canon(c) for c in node.children)


def _xml(entry: Canon, prefix: str) -> bytes:
    ns, local, attrs, children = entry
    if ns != MAIN or any(key.startswith("{") for key, _ in attrs):
        raise ValueError(f"unexpected namespaced style entry {local} in our workbook")
    qname = f"{prefix}:{local}" if prefix else local
    return element(qname, dict(attrs), b"".join(_xml(c, prefix) for c in children))


def _with_attrs(entry: Canon, changes: dict[str, str]) -> Canon:
    ns, local, attrs, children = entry
    merged = dict(attrs) | changes
    return ns, local, tuple(sorted(merged.items())), children


class _Growing:
    """A style list of the seller's that ours are appended to; subclasses decide what counts as the same entry."""

    def __init__(self, root: Node, local: str):
        self.root, self.local = root, local
        self.node = root.kid(local)
        self.size = len(self.node.children) if self.node else 0
        self.added: list[Canon] = []

    def _append(self, entry: Canon) -> int:
        self.added.append(entry)
        self.size += 1
        return self.size - 1

    def edits(self, data: bytes) -> list[Edit]:
        if not self.added:
            return []
        payload = b"".join(_xml(e, self.root.prefix) for e in self.added)
        return _append_edits(data, self.root, self.local, self.node, payload, self.size)


class _List(_Growing):
    """Fonts, fills, borders, cellXfs or dxfs: an entry is reused when it is identical."""

    def __init__(self, root: Node, local: str):
        super().__init__(root, local)
        self.index: dict[Canon, int] = {}
        for position, child in enumerate(self.node.children if self.node else []):
            self.index.setdefault(_canon(child), position)

    def place(self, entry: Canon) -> int:
        if entry not in self.index:
            self.index[entry] = self._append(entry)
        return self.index[entry]


class _NumFmts(_Growing):
    """Custom number formats, matched by format code; a new code gets the lowest id nothing in the package uses."""

    def __init__(self, root: Node, styles: bytes, used_elsewhere: Callable[[], Iterable[int]]):
        super().__init__(root, "numFmts")
        self.by_code: dict[str, int] = {}
        for child in self.node.children if self.node else []:
            self.by_code.setdefault(child.attrs["formatCode"], int(child.attrs["numFmtId"]))
        self._styles, self._used_elsewhere = styles, used_elsewhere
        self._taken: set[int] | None = None

    def place(self, ident: int, code: str) -> int:
        if ident < FIRST_CUSTOM_NUMFMT:
            return ident
        if code not in self.by_code:
            self.by_code[code] = ident = self._free_id()
            self._append((MAIN, "numFmt", (("formatCode", code), ("numFmtId", str(ident))), ()))
        return self.by_code[code]

    def _free_id(self) -> int:
        if self._taken is None:  # asked for only when a code is new: a refresh after the first reuses its codes
            self._taken = {int(i) for i in NUMFMT_ID.findall(self._styles)} | set(self._used_elsewhere())
        ident = FIRST_CUSTOM_NUMFMT
        while ident in self._taken:
            ident += 1
        self._taken.add(ident)
        return ident


def _append_edits(data: bytes, root: Node, local: str, node: Node | None, payload: bytes,
                  count: int) -> list[Edit]:
    if node is not None:
        attrs = {"count": str(count)} if "count" in node.attrs else None
        return [rebuild(data, node, append=payload, attrs=attrs)]
    later = _ORDER[_ORDER.index(local) + 1:]
    successor = next((c for c in root.children if c.ns == MAIN and c.local in later), None)
    position = successor.start if successor else data.rindex(b"</", root.head_end, root.end)
    fresh = element(root.qname(local), {"count": str(count)}, payload)
    return [(position, position, fresh)]


def _entries(root: Node, local: str) -> list[Node]:
    node = root.kid(local)
    return node.children if node else []


def merge(seller: bytes, ours: bytes,
          used_elsewhere: Callable[[], Iterable[int]] = tuple) -> tuple[bytes, StyleMaps]:
    """The seller's styles.xml with the entries ours' cellXfs and dxfs need, and the index maps.

    `used_elsewhere` gives the number-format ids other parts of the package use (pivot tables, sheets' own dxfs);
    it is called only when a new number format needs an id.
    """
    root, mine = parse(seller), parse(ours)
    if root.ns != MAIN:
        raise UnsafeXml("styles part is not SpreadsheetML")
    for local in _RESERVED:
        if not _entries(root, local):
            raise UnsafeXml(f"styles part without {local}")
    formats = _NumFmts(root, seller, used_elsewhere)
    fmt_map = {int(n.attrs["numFmtId"]): formats.place(int(n.attrs["numFmtId"]), n.attrs["formatCode"])
               for n in _entries(mine, "numFmts")}
    lists = {local: _List(root, local) for local in ("fonts", "fills", "borders", "cellXfs", "dxfs")}
    maps = {local: _map_list(lists[local], _entries(mine, local)) for local in _XF_REFS.values()}
    has_normal = bool(_entries(root, "cellStyleXfs"))
    xf_map = _map_list(lists["cellXfs"], _entries(mine, "cellXfs"),
                       lambda e: _remap_xf(e, fmt_map, maps, has_normal=has_normal))
    _check_format_limit(lists["cellXfs"])
    dxf_map = _map_list(lists["dxfs"], _entries(mine, "dxfs"), lambda e: _remap_dxf(e, formats))
    edits = formats.edits(seller) + [e for lst in lists.values() for e in lst.edits(seller)]
    return splice(seller, edits), StyleMaps(xf_map, dxf_map)


def _check_format_limit(xfs: _List) -> None:
    # A workbook already past the limit with nothing added is the seller's to fix; we only refuse to push it over.
    if xfs.added and xfs.size > MAX_CELL_XFS:
        raise TooManyFormats(xfs.size - len(xfs.added), len(xfs.added))


def _map_list(target: _List, entries: list[Node], remap=lambda e: e) -> dict[int, int]:
    reserved = _RESERVED.get(target.local, 0)
    return {i: i if i < reserved else target.place(remap(_canon(node))) for i, node in enumerate(entries)}


def _remap_xf(entry: Canon, fmt_map: dict[int, int], maps: dict[str, dict[int, int]], *, has_normal: bool) -> Canon:
    ns, local, attrs, children = entry
    attrs = dict(attrs)
    # Our named styles are not carried: every cell hangs off the seller's Normal (cellStyleXfs 0), or off
    # nothing when the seller's styles have no cellStyleXfs, where xfId="0" would name a style that is not there.
    attrs.pop("xfId", None)
    if has_normal:
        attrs["xfId"] = "0"
    if "numFmtId" in attrs:
        ident = int(attrs["numFmtId"])
        attrs["numFmtId"] = str(fmt_map.get(ident, ident))
    for attr, target in _XF_REFS.items():
        if attr in attrs:
            attrs[attr] = str(maps[target][int(attrs[attr])])
    return ns, local, tuple(sorted(attrs.items())), children


def _remap_dxf(entry: Canon, formats: _NumFmts) -> Canon:
    ns, local, attrs, children = entry
    fixed = []
    for child in children:
        if child[1] == "numFmt":
            child_attrs = dict(child[2])
            ident = formats.place(int(child_attrs["numFmtId"]), child_attrs["formatCode"])
            child = _with_attrs(child, {"numFmtId": str(ident)})
        fixed.append(child)
    return ns, local, attrs, tuple(fixed)
