"""Hidden columns: python-calamine does not say which columns a seller hid, so each sheet's <cols> is read
from its XML (it stands before the cells, so only the part's first bytes are read)."""
from __future__ import annotations

import re
import zipfile
from os import PathLike
from typing import Collection

from .package import CannotPreserve, worksheet_parts

_HEAD = 64 << 10  # <cols> comes before <sheetData>; a sheet's cells are never read here
_COL = re.compile(rb"<(?:[\w.-]+:)?col\s([^>]*)>")
_ATTRIBUTE = re.compile(rb"""\b(min|max|hidden)\s*=\s*["']([^"']*)["']""")


def hidden_columns(path: str | PathLike, sheets: Collection[str]) -> dict[str, frozenset[int]]:
    """For each of `sheets` that hides columns: their 0-based indices."""
    try:
        parts = worksheet_parts(path)
    except CannotPreserve:
        return {}  # a package the writer cannot map is refused by it with its own message
    found = {}
    with zipfile.ZipFile(path) as archive:
        for name in sheets:
            part = parts.get(name)
            if part is None or part not in archive.NameToInfo:
                continue
            with archive.open(part) as stream:
                head = stream.read(_HEAD).split(b"<sheetData", 1)[0]
            if columns := frozenset(_hidden(head)):
                found[name] = columns
    return found


def _hidden(xml: bytes):
    for col in _COL.finditer(xml):
        attributes = {key: value for key, value in _ATTRIBUTE.findall(col.group(1))}
        if attributes.get(b"hidden") in (b"1", b"true") and attributes.get(b"min", b"").isdigit():
            first = int(attributes[b"min"])
            last = int(attributes[b"max"]) if attributes.get(b"max", b"").isdigit() else first
            yield from range(first - 1, min(last, 16384))
