"""Write a zip package, copying the parts we leave alone as stored: byte for byte, without recompressing them.

zipfile can only write an entry by compressing it again; recompressing the seller's big sheets was
a third of the time spent writing.
"""
from __future__ import annotations

import os
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError)
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the time stamp of the parts we add, so two runs write the same bytes
# The parts we write (our sheets, mostly) are deflated at one of zlib's fast levels: at 10k customers it takes
# 40% of the default level's time for a file 8% larger, and any reader inflates any level.
OUR_LEVEL = 2


def write_zip(dst: Path, seller: zipfile.ZipFile, source: BinaryIO, kept: list[zipfile.ZipInfo],
              changed: Mapping[str, bytes], added: Mapping[str, bytes], read: Callable[[str], bytes]) -> None:
    """The new package at `dst`: the `kept` parts of `seller` copied as stored unless `changed`, then the
    `added` ones, deflated. `read` gives a kept part's bytes when the whole zip must be recompressed.
    A damaged entry raises one of ZIP_ERRORS."""
    if len(kept) + len(added) < ZIP32_MAX_ENTRIES and os.fstat(source.fileno()).st_size < ZIP32_MAX_BYTES:
        _write_zip_copying(seller, source, dst, kept, changed, added)
        return
    with zipfile.ZipFile(dst, "w") as archive:  # a package that needs Zip64: let zipfile recompress it all
        archive.comment = seller.comment
        for info in kept:
            data = changed[info.filename] if info.filename in changed else read(info.filename)
            archive.writestr(_copy_info(info), data)
        for name, data in added.items():
            fresh = zipfile.ZipInfo(name, FIXED_TIME)
            fresh.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(fresh, data)


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    copy.flag_bits |= info.flag_bits & _UTF8_NAME  # so the name is spelt as the seller's zip spelt it
    copy.compress_type = info.compress_type
    copy.external_attr = info.external_attr
    copy.create_system = info.create_system
    copy.comment = info.comment
    return copy


_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_DATA_DESCRIPTOR, _UTF8_NAME = 0x08, 0x800
# Beyond these a zip needs Zip64 records, which the copying writer does not write.
ZIP32_MAX_ENTRIES, ZIP32_MAX_BYTES = 0xFFFF, 0x7FFFFFFF


@dataclass
class _Entry:
    info: zipfile.ZipInfo
    name: bytes
    flags: int
    method: int
    crc: int
    compressed_size: int
    size: int
    offset: int = 0


def _entry(info: zipfile.ZipInfo, method: int, crc: int, compressed_size: int, size: int) -> _Entry:
    name, flags = _name_as_stored(info)
    # Sizes go in the local header, so no data descriptor follows the data.
    return _Entry(info, name, flags & ~_DATA_DESCRIPTOR, method, crc, compressed_size, size)


def _name_as_stored(info: zipfile.ZipInfo) -> tuple[bytes, int]:
    """The name's bytes and flags as the seller's zip spelt them: zipfile decoded a name without the UTF-8 flag
    as cp437, so encoding it back gives the same bytes (and the part keeps its name)."""
    if not info.flag_bits & _UTF8_NAME:
        try:
            return info.filename.encode("cp437"), info.flag_bits
        except UnicodeEncodeError:  # a name of ours, not read from a zip
            pass
    return info.filename.encode("utf-8"), info.flag_bits | _UTF8_NAME


def _stored_bytes(source: BinaryIO, info: zipfile.ZipInfo) -> bytes:
    """An entry's data exactly as the source zip holds it (compressed)."""
    source.seek(info.header_offset)
    header = source.read(_LOCAL.size)
    if len(header) != _LOCAL.size or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad entry header for {info.filename}")
    fields = _LOCAL.unpack(header)
    source.seek(info.header_offset + _LOCAL.size + fields[-2] + fields[-1])
    return source.read(info.compress_size)


def _deflated(info: zipfile.ZipInfo, data: bytes) -> tuple[_Entry, bytes]:
    packer = zlib.compressobj(OUR_LEVEL, zlib.DEFLATED, -15)  # raw deflate, as zipfile writes
    compressed = packer.compress(data) + packer.flush()
    return _entry(info, zipfile.ZIP_DEFLATED, zlib.crc32(data), len(compressed), len(data)), compressed


def _checked(seller: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes) -> bytes:
    """`data`, the part as stored, once it inflates to the size and CRC its entry gives: we copy only what we
    have checked, and check the very bytes we copy (a second read could differ from what was checked)."""
    with seller.open(info) as part:  # zipfile checks the local header: the same name, no encryption
        if info.compress_type not in _INFLATERS:  # Excel never writes these: zipfile checks them as it reads
            while part.read(_PIECE):
                pass
            return data
    crc = size = 0
    for piece in _INFLATERS[info.compress_type](data):
        crc, size = zlib.crc32(piece, crc), size + len(piece)
    if crc != info.CRC or size != info.file_size:
        raise zipfile.BadZipFile(f"Bad CRC-32 or size for file {info.filename!r}")
    return data


def _inflated(data: bytes) -> Iterator[bytes]:
    """A raw deflate stream inflated a few megabytes at a time, so a part that inflates hugely is never held whole."""
    inflater = zlib.decompressobj(-15)
    pending = data
    while pending and not inflater.eof:
        yield inflater.decompress(pending, _PIECE)
        pending = inflater.unconsumed_tail
    yield inflater.flush()
    if not inflater.eof:
        raise zipfile.BadZipFile("deflate stream ends early")


_PIECE = 1 << 22
_INFLATERS: dict[int, Callable[[bytes], Iterable[bytes]]] = {zipfile.ZIP_STORED: lambda data: (data,),
                                                              zipfile.ZIP_DEFLATED: _inflated}


def _write_zip_copying(seller: zipfile.ZipFile, source: BinaryIO, dst: Path, kept: list[zipfile.ZipInfo],
                       changed: Mapping[str, bytes], added: Mapping[str, bytes]) -> None:
    comment = seller.comment
    with open(dst, "wb") as target:
        entries = []
        for info in kept:
            if info.filename in changed:
                entry, data = _deflated(_copy_info(info), changed[info.filename])
            else:
                entry = _entry(info, info.compress_type, info.CRC, info.compress_size, info.file_size)
                data = _checked(seller, info, _stored_bytes(source, info))
            entries.append(_write_local(target, entry, data))
        for name, data in added.items():
            entries.append(_write_local(target, *_deflated(zipfile.ZipInfo(name, FIXED_TIME), data)))
        directory = target.tell()
        for entry in entries:
            _write_central(target, entry)
        target.write(_END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), target.tell() - directory,
                               directory, len(comment)) + comment)


def _dos_time(info: zipfile.ZipInfo) -> tuple[int, int]:
    year, month, day, hour, minute, second = info.date_time
    return hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day


def _write_local(target, entry: _Entry, data: bytes) -> _Entry:
    entry.offset = target.tell()
    time, day = _dos_time(entry.info)
    target.write(_LOCAL.pack(b"PK\x03\x04", max(20, entry.info.extract_version), 0, entry.flags, entry.method, time, day, entry.crc,
                             entry.compressed_size, entry.size, len(entry.name), 0) + entry.name)
    target.write(data)
    return entry


def _write_central(target, entry: _Entry) -> None:
    info, (time, day) = entry.info, _dos_time(entry.info)
    comment = info.comment or b""
    version = max(20, info.extract_version)
    target.write(_CENTRAL.pack(b"PK\x01\x02", version, info.create_system, version, 0, entry.flags, entry.method, time, day,
                               entry.crc, entry.compressed_size, entry.size, len(entry.name), 0, len(comment), 0,
                               info.internal_attr, info.external_attr, entry.offset) + entry.name + comment)
