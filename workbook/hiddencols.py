"""Hidden columns: python-calamine does not say which columns a seller hid, so each sheet's <cols> is read
from its XML (it stands before the cells, so only the part's first bytes are read)."""
from __future__ import annotations

import re
from os import PathLike
from typing import Collection

from .package import each_worksheet

_HEAD = 64 << 10  # <cols> comes before <sheetData>; a sheet's cells are never read here
_COL = re.compile(rb"<(?:[\w.-]+:)?col\s([^>]*)>")
_ATTRIBUTE = re.compile(rb"""\b(min|max|hidden)\s*=\s*["']([^"']*)["']""")


def hidden_columns(path: str | PathLike, sheets: Collection[str]) -> dict[str, frozenset[int]]:
    """For each of `sheets` that hides columns: their 0-based indices."""
    found = each_worksheet(path, sheets, lambda stream: frozenset(_hidden(stream.read(_HEAD).split(b"<sheetData", 1)[0])))
    return {name: columns for name, columns in found.items() if columns}


def _hidden(xml: bytes):
    for col in _COL.finditer(xml):
        attributes = {key: value for key, value in _ATTRIBUTE.findall(col.group(1))}
        if attributes.get(b"hidden") in (b"1", b"true") and attributes.get(b"min", b"").isdigit():
            first = int(attributes[b"min"])
            last = int(attributes[b"max"]) if attributes.get(b"max", b"").isdigit() else first
            yield from range(first - 1, min(last, 16384))
