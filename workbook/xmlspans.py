"""Byte offsets of the elements of an XML part, so a shared package part can be edited in place without re-serialising it."""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from xml.parsers import expat

# A start tag; attribute values may legally contain '>', so quotes are matched.
_START_TAG = re.compile(rb"""<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?>""")
_UTF8_NAMES = {"utf-8", "utf8"}


class UnsafeXml(ValueError):
    """The part uses XML features (DTD, entities, a non-UTF-8 encoding) that no OOXML writer emits."""


@dataclass
class Node:
    """One element: its namespace, names, attributes and where it sits in the bytes."""

    ns: str
    local: str
    prefix: str
    attrs: dict[str, str]
    attr_qnames: dict[str, str]
    start: int
    head_end: int
    end: int = -1
    children: list[Node] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.head_end == self.end

    def qname(self, local: str) -> str:
        """The name a sibling or child element in this element's namespace should be written with."""
        return f"{self.prefix}:{local}" if self.prefix else local

    def kids(self, local: str) -> list[Node]:
        return [c for c in self.children if c.local == local and c.ns == self.ns]

    def kid(self, local: str) -> Node | None:
        found = self.kids(local)
        return found[0] if found else None

    def iter(self, local: str):
        """Every element with this local name in this element's namespace, document order."""
        if self.local == local:
            yield self
        for child in self.children:
            if child.ns == self.ns:
                yield from child.iter(local)

    def inner(self, data: bytes) -> bytes:
        """The raw bytes between the start and end tags."""
        if self.empty:
            return b""
        return data[self.head_end:data.rindex(b"</", self.head_end, self.end)]


def _split(name: str) -> tuple[str, str, str]:
    parts = name.split(" ")
    if len(parts) == 1:
        return "", parts[0], ""
    return parts[0], parts[1], parts[2] if len(parts) == 3 else ""


def _refuse(*_args) -> None:
    raise UnsafeXml("DTD or entity declaration in a package part")


def parse(data: bytes) -> Node:
    """Index every element of `data`; refuses DTDs so entity expansion attacks cannot run."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsafeXml("UTF-16 package part")
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.namespace_prefixes = True
    stack: list[Node] = []
    done: list[Node] = []

    def on_decl(_version, encoding, _standalone) -> None:
        if encoding and encoding.lower() not in _UTF8_NAMES:
            raise UnsafeXml(f"encoding {encoding}")

    def on_start(name: str, attrs: dict[str, str]) -> None:
        start = parser.CurrentByteIndex
        head = _START_TAG.match(data, start)
        if head is None:
            raise UnsafeXml(f"unreadable start tag at byte {start}")
        ns, local, prefix = _split(name)
        keys: dict[str, str] = {}
        qnames: dict[str, str] = {}
        for raw, value in attrs.items():
            a_ns, a_local, a_prefix = _split(raw)
            key = f"{{{a_ns}}}{a_local}" if a_ns else a_local
            keys[key] = value
            if a_ns:
                qnames[key] = f"{a_prefix}:{a_local}" if a_prefix else a_local
        node = Node(ns, local, prefix, keys, qnames, start, head.end())
        if stack:
            stack[-1].children.append(node)
        stack.append(node)

    def on_end(_name: str) -> None:
        node = stack.pop()
        if data[node.head_end - 2:node.head_end] == b"/>":
            node.end = node.head_end
        else:
            node.end = data.index(b">", parser.CurrentByteIndex) + 1
        done.append(node)

    parser.XmlDeclHandler = on_decl
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    parser.Parse(data, True)
    return done[-1]


def escape(value: str) -> str:
    """Attribute-safe text; newlines and tabs as references so attribute normalisation keeps them."""
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;"))


def element(qname: str, attrs: dict[str, str], inner: bytes = b"") -> bytes:
    """Serialise one element whose attribute names are already qualified."""
    head = qname + "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())
    if not inner:
        return f"<{head}/>".encode()
    return f"<{head}>".encode() + inner + f"</{qname}>".encode()


@lru_cache(maxsize=64)
def _attr_pattern(qname: str) -> re.Pattern[bytes]:
    # Cached: callers ask for the same few attribute names again and again.
    return re.compile(rb"(\s" + re.escape(qname.encode()) + rb"""\s*=\s*)("[^"]*"|'[^']*')""")


def without_attr(head: bytes, qname: str) -> bytes:
    """A start tag with one attribute removed, every other byte of the tag unchanged."""
    return _attr_pattern(qname).sub(b"", head, count=1)


def with_attr(head: bytes, qname: str, value: str) -> bytes:
    """A start tag with one attribute set, every other byte of the tag unchanged."""
    pattern = _attr_pattern(qname)
    quoted = b'"' + escape(value).encode() + b'"'
    if pattern.search(head):
        return pattern.sub(lambda m: m.group(1) + quoted, head, count=1)
    close = 2 if head.endswith(b"/>") else 1
    return head[:-close] + b" " + qname.encode() + b"=" + quoted + head[-close:]


Edit = tuple[int, int, bytes]


def rebuild(data: bytes, node: Node, *, drop: tuple[Node, ...] = (), append: bytes = b"",
            attrs: dict[str, str] | None = None) -> Edit:
    """One edit that rewrites `node` with some children removed, bytes appended and attributes set."""
    head = data[node.start:node.head_end]
    for qname, value in (attrs or {}).items():
        head = with_attr(head, qname, value)
    inner = node.inner(data)
    for child in sorted(drop, key=lambda c: c.start, reverse=True):
        lo, hi = child.start - node.head_end, child.end - node.head_end
        inner = inner[:lo] + inner[hi:]
    inner += append
    if head.endswith(b"/>"):
        head = head[:-2].rstrip() + b">"
    if not inner:
        return node.start, node.end, head[:-1] + b"/>"
    close = f"</{node.qname(node.local)}>".encode()
    return node.start, node.end, head + inner + close


def splice(data: bytes, edits: list[Edit]) -> bytes:
    """Apply non-overlapping edits; everything between them is kept byte for byte."""
    out, cursor = [], 0
    for start, end, payload in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < cursor:
            raise ValueError("overlapping edits")
        out += [data[cursor:start], payload]
        cursor = end
    out.append(data[cursor:])
    return b"".join(out)
