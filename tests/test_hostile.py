"""Hostile and broken input: nothing crashes, nothing is lost, nothing gets in (issue 8)."""
from __future__ import annotations

import csv
import errno
import io
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tierbook.cli import main
from workbook import package, safety
from workbook.headers import HEADER_SYNONYMS, SHEET_NAMES
from workbook.filereader import UnreadableWorkbook, read_sheets, read_workbook
from workbook.refresh import refresh
from workbook.cells import MAX_CELL_CHARS, safe_text
from workbook.sheetxml import xlsx_bytes
from workbook.safety import OLE_MAGIC, Refused
from workbook.owned import OWNED_SHEETS
from workbook.sheets import SheetSpec, Column
from workbook.zipcheck import MAX_SHEET_CELLS

from .sellerbook import SHARED_PARTS, package_parts, read_parts, replaced, write_package

TODAY = "2026-11-23"
NOW = datetime(2026, 11, 23, 9, 0, 0)
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CANARY = "CANARY-7f3a-絶対に読まない"
HOSTILE_NAMES = ('=HYPERLINK("http://x","点我")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3")
FUZZ_EXAMPLES = int(os.environ.get("TIERBOOK_FUZZ_EXAMPLES", "200"))
# A refresh of a small shop needs well under 1 GiB; a grid calamine should never have built needs far more.
MEMORY_CAP = 2 << 30


# ---------------------------------------------------------------- builders


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    """rich wraps messages at the terminal width; one line each keeps the words whole for the asserts."""
    monkeypatch.setenv("COLUMNS", "1000")


def shop(folder: Path, names=("张三", "李四"), name: str = "客户簿.xlsx") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户"
    ws.append(["姓名", "手机", "最近联系"])
    for n in names:
        ws.cell(row=ws.max_row + 1, column=1).value = n
        ws.cell(row=ws.max_row, column=1).data_type = "s"  # a seller's text, even when it starts with "="
        ws.cell(row=ws.max_row, column=2).value = "13800000000"
    path = folder / name
    wb.save(path)
    return path


def sheet_xml(rows: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="' + MAIN_NS.encode()
            + b'"><sheetData>' + rows + b"</sheetData></worksheet>")


def with_extra_sheet(folder: Path, part_xml: bytes, name: str = "杂项") -> Path:
    """A small shop plus one more sheet whose XML is written directly (a million rows in seconds)."""
    wb = openpyxl.load_workbook(shop(folder))
    wb.create_sheet(name)
    parts = package_parts(wb)
    parts["xl/worksheets/sheet2.xml"] = part_xml
    return write_package(folder / "客户簿.xlsx", parts)


def junk_rows(count: int) -> bytes:
    return b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>junk %d</t></is></c><c r="B%d"><v>%d</v></c></row>'
                    % (r, r, r, r, r * 7) for r in range(1, count + 1))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def expect_refused(capsys, path: Path, *words: str) -> None:
    """Both commands refuse with exit 2, say why in Chinese and English, and leave the folder as it was."""
    before = snapshot(path.parent)
    for command in ("refresh", "check"):
        assert main([command, str(path), "--today", TODAY]) == 2, command
        err = capsys.readouterr().err
        assert "拒绝处理 / refused" in err
        for word in words:
            assert word in err, (command, word, err)
        assert snapshot(path.parent) == before


def run_apart(command: str, path: Path) -> subprocess.CompletedProcess:
    """The CLI in a process of its own with its memory capped: if calamine ever gets to build a huge grid,
    that process fails, not pytest."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    return subprocess.run([sys.executable, "-m", "tierbook.cli", command, str(path), "--today", TODAY],
                          capture_output=True, text=True, preexec_fn=cap,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "1000"})


def expect_refused_apart(path: Path, *words: str) -> None:
    """expect_refused, for files built to make calamine allocate what no machine has."""
    before = snapshot(path.parent)
    for command in ("refresh", "check"):
        out = run_apart(command, path)
        assert out.returncode == 2, (command, out.returncode, out.stderr[-300:])
        for word in ("拒绝处理 / refused",) + words:
            assert word in out.stderr, (command, word, out.stderr)
        assert snapshot(path.parent) == before


def owned_sheet_xml(path: Path, name: str) -> bytes:
    parts = read_parts(path)
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(rf'<sheet [^>]*name="{name}"[^>]*r:id="(\w+)"', parts["xl/workbook.xml"].decode()).group(1)
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    return parts["xl/" + (target.group(1) or target.group(2)).lstrip("/").removeprefix("xl/")]


# ---------------------------------------------------------------- 1. malformed files


def test_truncated_zip_is_refused(tmp_path, capsys):
    path = shop(tmp_path)
    path.write_bytes(path.read_bytes()[:-300])
    expect_refused(capsys, path, "不是 Excel 工作簿", "not an Excel workbook")


def test_zip_with_a_damaged_part_is_refused(tmp_path, capsys):
    path = shop(tmp_path)
    data = bytearray(path.read_bytes())
    start = data.index(b"xl/worksheets/sheet1.xml") + 40  # inside the compressed sheet, after its local header
    data[start:start + 20] = b"\x00" * 20
    path.write_bytes(bytes(data))
    expect_refused(capsys, path, "文件已损坏", "damaged")


def test_zero_byte_file_is_refused(tmp_path, capsys):
    path = tmp_path / "客户.xlsx"
    path.write_bytes(b"")
    expect_refused(capsys, path, "文件是空的", "empty (0 bytes)")


def test_csv_renamed_to_xlsx_is_refused(tmp_path, capsys):
    path = tmp_path / "客户.xlsx"
    path.write_text("姓名,手机\n张三,138\n", encoding="utf-8-sig")
    expect_refused(capsys, path, "不是 Excel 工作簿", "not an Excel workbook")


def _ole_file(path: Path, streams: list[str]) -> Path:
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\0") for name in streams)
    path.write_bytes(OLE_MAGIC + b"\0" * 504 + directory + b"\0" * 512)
    return path


def test_xls_renamed_to_xlsx_is_refused(tmp_path, capsys):
    expect_refused(capsys, _ole_file(tmp_path / "旧.xlsx", ["Workbook"]), ".xls", "old .xls format")


def test_encrypted_workbook_is_refused(tmp_path, capsys):
    path = _ole_file(tmp_path / "加密.xlsx", ["EncryptionInfo", "EncryptedPackage"])
    expect_refused(capsys, path, "密码", "password-protected")


def test_really_encrypted_workbook_is_refused(tmp_path, capsys):
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml", reason="msoffcrypto-tool makes a real encrypted file")
    plain = shop(tmp_path, name="明文.xlsx")
    secret = tmp_path / "加密.xlsx"
    with open(plain, "rb") as source, open(secret, "wb") as target:
        ooxml.OOXMLFile(source).encrypt("口令", target)
    plain.unlink()
    expect_refused(capsys, secret, "密码", "password-protected")


def _bomb(path: Path, name: str, size: int) -> Path:
    parts = package_parts(openpyxl.load_workbook(shop(path.parent)))
    write_package(path, parts)
    block = b" " * (1 << 20)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open(name, "w", force_zip64=True) as stream:
            for _ in range(size >> 20):
                stream.write(block)
    return path


def test_zip_bomb_by_ratio_is_refused(tmp_path, capsys):
    path = _bomb(tmp_path / "炸弹.xlsx", "xl/worksheets/sheet9.xml", 64 << 20)
    expect_refused(capsys, path, "压缩比异常", "zip bomb")


@pytest.mark.slow
def test_zip_bomb_by_total_size_is_refused(tmp_path, capsys):
    path = _bomb(tmp_path / "炸弹.xlsx", "xl/media/big.bin", (1 << 30) + (8 << 20))
    expect_refused(capsys, path, "超过 1 GB", "more than 1 GiB")


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    secret = tmp_path / "secret" / "canary.txt"
    secret.parent.mkdir()
    secret.write_text(CANARY, encoding="utf-8")
    return secret


def _doctype(canary: Path) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file://'
            + str(canary).encode() + b'">]>\n')


def _billion_laughs() -> bytes:
    entities = [b'<!ENTITY l0 "ha">'] + [b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 10)]
    return b'<?xml version="1.0"?>\n<!DOCTYPE x [' + b"".join(entities) + b"]>\n"


def _entity_book(folder: Path, part: str, prolog: bytes, reference: bytes) -> Path:
    """A small shop whose `part` declares entities and uses one where a reader reads it."""
    wb = openpyxl.Workbook()
    wb.active.title = "客户"
    wb.active.append(["姓名", "手机"])
    wb.active.append(["张三", "138"])
    parts = package_parts(wb)
    parts[part] = prolog + _ENTITY_SPOTS[part](parts.get(part, b""), reference)
    return write_package(folder / "客户簿.xlsx", parts)


def _without_declaration(xml: bytes) -> bytes:
    return xml[xml.index(b"?>") + 2:] if xml.startswith(b"<?xml") else xml


# Where each part uses the entity: 张三's cell, the only shared string, a defined name. The sheet is spelt here,
# not found in openpyxl's output, which writes 张三 as &#24352;&#19977; once lxml is installed.
_ENTITY_SPOTS = {
    "xl/worksheets/sheet1.xml": lambda _, ref: _without_declaration(sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'.encode()
        + b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + ref + b"</t></is></c></row>")),
    "xl/sharedStrings.xml": lambda _, ref: (b'<sst xmlns="' + MAIN_NS.encode() + b'" count="1" uniqueCount="1"><si><t>'
                                            + ref + b"</t></si></sst>"),
    "xl/workbook.xml": lambda xml, ref: replaced(_without_declaration(xml), re.compile(rb"<definedNames\b[^>]*/>"),
                                                 b'<definedNames><definedName name="x">' + ref
                                                 + b"</definedName></definedNames>"),
}


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"])
@pytest.mark.parametrize("attack", ["external entity", "billion laughs"])
def test_entity_declarations_are_refused_and_no_file_is_read(tmp_path, capsys, canary, part, attack):
    prolog, ref = (_doctype(canary), b"&e;") if attack == "external entity" else (_billion_laughs(), b"&l9;")
    path = _entity_book(tmp_path, part, prolog, ref)
    expect_refused(capsys, path, "DTD", "entities")
    outputs = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert CANARY.encode() not in outputs


def test_the_reader_itself_never_resolves_an_external_entity(tmp_path, canary):
    # Below our pre-scan: python-calamine must not read the file either (it refuses unknown entities).
    path = _entity_book(tmp_path, "xl/worksheets/sheet1.xml", _doctype(canary), b"&e;")
    try:
        rows, _ = read_sheets(path)
    except UnreadableWorkbook as err:
        assert CANARY not in str(err)
    else:
        assert CANARY not in repr(rows)


def _refresh_ok(path: Path, capsys) -> None:
    assert main(["refresh", str(path), "--today", TODAY]) in (0, 1)
    capsys.readouterr()
    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    assert all(name in names for name in OWNED_SHEETS)


def _million_rows(tmp_path, capsys, rows: int) -> None:
    junk = sheet_xml(junk_rows(rows))
    path = with_extra_sheet(tmp_path, junk)
    _refresh_ok(path, capsys)  # speed is bench/run.py's to measure: a time limit here fails on a busy machine
    assert read_parts(path)["xl/worksheets/sheet2.xml"] == junk


def test_a_sheet_of_50_000_junk_rows_passes_through(tmp_path, capsys):
    _million_rows(tmp_path, capsys, 50_000)


@pytest.mark.slow
def test_a_sheet_of_1_048_576_junk_rows_passes_through(tmp_path, capsys):
    _million_rows(tmp_path, capsys, 1_048_576)


def test_a_sparse_sheet_spanning_the_whole_grid_is_refused_not_a_crash(tmp_path):
    # python-calamine would allocate A1:XFD1048576 densely and abort the process; run it apart.
    rows = b'<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
    expect_refused_apart(with_extra_sheet(tmp_path, sheet_xml(rows)), "使用范围太大", "too large")


def test_unnumbered_cells_are_counted_too(tmp_path, capsys):
    # No r attributes: a reader places each cell after the previous one, so 16,384 of them in row 1,048,576 count.
    rows = b'<row r="1048576">' + b"<c><v>1</v></c>" * 16_384 + b"</row>"
    path = with_extra_sheet(tmp_path, sheet_xml(rows))
    assert 1_048_576 * 16_384 > MAX_SHEET_CELLS
    expect_refused(capsys, path, "使用范围太大", "too large")


_TWO_R = ("文件已损坏", "two r attributes")
_NOT_XML = ("文件已损坏", "not well-formed")
_TOO_LARGE = ("使用范围太大", "too large")


@pytest.mark.parametrize("rows, words", [
    # XML forbids a repeated attribute, but calamine takes the last r and aborts on the huge range
    (b'<row r="4"><c r="A4" r="XFD1048576"><v>1</v></c></row>', _TWO_R),
    (b"<row r=\"4\"><c r=\"A4\" r='XFD1048576'><v>1</v></c></row>", _TWO_R),
    (b'<row r="4"><c r="A4"\nr="XFD1048576"><v>1</v></c></row>', _TWO_R),
    # nothing between two attributes (issue 14): calamine still reads the second r
    (b'<row r="4"><c r="A4"r="XFD50000"><v>1</v></c></row>', _NOT_XML),                 # aborts calamine
    (b'<row r="4"><c r="A4"r="Z999999"><v>1</v></c></row>', _NOT_XML),                  # 26 million cells
    (b"<row r=\"4\"><c r=\"A4\" t='n'r=\"Z999999\"><v>1</v></c></row>", _NOT_XML),
    (b'<row r="4"r="999999"><c r="A4"><v>1</v></c></row>', _NOT_XML),                   # calamine takes a row's first r
    (b'<row r="4"><c r="A4"\fr="Z999999"><v>1</v></c></row>', _TWO_R),  # a form feed: white space to calamine
    # calamine knows a cell by the name after the first ":", whatever the prefix is made of
    (b'<row r="4"><:c r="Z999999"><v>1</v></:c></row>', _TOO_LARGE),
    (b'<row r="4"><\xc3\xa9:c r="Z999999"><v>1</v></\xc3\xa9:c></row>', _TOO_LARGE),
    (b'<row r="4"><a/b:c r="Z999999"><v>1</v></a/b:c></row>', _TOO_LARGE),
    (b'<:row r="999999">' + b"<c><v>1</v></c>" * 26 + b"</:row>", _TOO_LARGE),
    (b'<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>', _TOO_LARGE),              # lower case
    (b'<row r="4"><c r="Z0999999"><v>1</v></c></row>', _TOO_LARGE),                      # a leading zero
    (b'<row r="4"><c r="A4294967297"><v>1</v></c></row>', ("文件已损坏", "not one")),      # more than 7 digits
    (b'<row r="9999999">' + b"<c><v>1</v></c>" * 2 + b"</row>", _TOO_LARGE),             # unnumbered cells
    (b'<row r="4"><c t=">" r="XFD1048576"><v>1</v></c></row>', _TOO_LARGE),              # ">" in a value
    # one tag longer than a 4 MB read, so that its r would fall into the next piece
    (b'<row><c' + b" " * (9 << 20) + b'r="XFD1048576"><v>1</v></c></row>', _TOO_LARGE),
], ids=["two-r", "two-r-quotes", "two-r-newline", "glued-XFD50000", "glued-Z999999", "glued-after-quote",
        "glued-row", "form-feed", "empty-prefix", "accented-prefix", "slash-in-prefix", "prefixed-row",
        "lower-case", "leading-zero", "eight-digits", "huge-row", "gt-in-value", "long-tag"])
def test_cell_references_spelt_to_slip_past_the_range_count(tmp_path, rows, words):
    expect_refused_apart(with_extra_sheet(tmp_path, sheet_xml(rows)), *words)


@pytest.mark.parametrize("before_the_root", [b'<?xml version="1.0"?>', b"junk", b"\x0c"],
                         ids=["declaration", "text", "form-feed"])
def test_a_worksheet_part_not_named_xml_is_still_measured(tmp_path, before_the_root):
    # calamine finds the part through the workbook's relationships and reads past anything before <worksheet>.
    xml = before_the_root + _without_declaration(sheet_xml(b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
    path = with_extra_sheet(tmp_path, xml)
    parts = read_parts(path)
    parts["xl/worksheets/sheet2.dat"] = parts.pop("xl/worksheets/sheet2.xml")
    for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        parts[name] = replaced(parts[name], b"worksheets/sheet2.xml", b"worksheets/sheet2.dat")
    expect_refused_apart(write_package(path, parts), *_TOO_LARGE)


def test_a_dimension_that_claims_the_whole_grid_is_not_believed(tmp_path):
    # calamine sizes the grid by the cells it finds, not by <dimension ref>, so the package check need not count it.
    xml = replaced(sheet_xml(b'<row r="1"><c r="A1"><v>1</v></c></row>'), b"<sheetData>",
                   b'<dimension ref="A1:XFD1048576"/><sheetData>')
    path = with_extra_sheet(tmp_path, xml)
    assert run_apart("refresh", path).returncode in (0, 1)
    assert read_parts(path)["xl/worksheets/sheet2.xml"] == xml


def test_16384_columns_are_read(tmp_path, capsys):
    wb = openpyxl.load_workbook(shop(tmp_path))
    ws = wb["客户"]
    for col in range(4, 16_385):
        ws.cell(row=1, column=col).value = f"列{col}"
    wb.save(tmp_path / "客户簿.xlsx")
    _refresh_ok(tmp_path / "客户簿.xlsx", capsys)
    book, _, _ = read_workbook(tmp_path / "客户簿.xlsx", date(2026, 11, 23))
    assert [c.name for c in book.customers] == ["张三", "李四"]


def test_cells_of_32767_characters(tmp_path, capsys):
    long_name = "长" * MAX_CELL_CHARS
    path = shop(tmp_path, names=(long_name, "李四"))
    _refresh_ok(path, capsys)
    texts = [t.text or "" for t in ElementTree.fromstring(owned_sheet_xml(path, "待办")).iter(f"{{{MAIN_NS}}}t")]
    assert long_name in texts
    assert max(map(len, texts)) <= MAX_CELL_CHARS


def test_every_sheet_hidden(tmp_path, capsys):
    wb = openpyxl.load_workbook(shop(tmp_path))
    wb.create_sheet("备忘").sheet_state = "hidden"
    wb.active = 0
    parts = package_parts(wb)
    parts["xl/workbook.xml"] = replaced(parts["xl/workbook.xml"], b'state="visible"', b'state="hidden"')
    assert b'state="visible"' not in parts["xl/workbook.xml"]
    path = write_package(tmp_path / "客户簿.xlsx", parts)
    _refresh_ok(path, capsys)
    book, _, _ = read_workbook(path, date(2026, 11, 23))
    assert len(book.customers) == 2
    states = {s.title: s.sheet_state for s in openpyxl.load_workbook(path).worksheets}
    assert all(states[name] == "visible" for name in OWNED_SHEETS)


def test_sheet_names_equal_but_for_case_are_refused(tmp_path, capsys):
    wb = openpyxl.load_workbook(shop(tmp_path))
    wb.create_sheet("Other").append(["Name", "Phone"])
    wb["客户"].title = "Customers"
    parts = package_parts(wb)
    parts["xl/workbook.xml"] = replaced(parts["xl/workbook.xml"], b'name="Other"', b'name="CUSTOMERS"')
    path = write_package(tmp_path / "客户簿.xlsx", parts)
    expect_refused(capsys, path, "同名", "two sheets named")


def test_a_full_width_twin_sheet_is_reported_and_the_first_is_used(tmp_path, capsys):
    wb = openpyxl.load_workbook(shop(tmp_path))
    wb["客户"].title = "Customers"
    twin = wb.create_sheet("Ｃｕｓｔｏｍｅｒｓ")
    twin.append(["Name", "Phone"])
    twin.append(["王五", "139"])
    wb.save(tmp_path / "客户簿.xlsx")
    book, _, report = read_workbook(tmp_path / "客户簿.xlsx", date(2026, 11, 23))
    assert [c.name for c in book.customers] == ["张三", "李四"]
    assert "已有客户表「Customers」，忽略同类的表「Ｃｕｓｔｏｍｅｒｓ」" in report.notices
    _refresh_ok(tmp_path / "客户簿.xlsx", capsys)


# ---------------------------------------------------------------- 2. hostile values


def test_formula_like_names_are_written_as_text(tmp_path, capsys):
    path = shop(tmp_path, names=HOSTILE_NAMES)
    out = tmp_path / "csv"
    assert main(["refresh", str(path), "--today", TODAY, "--csv", str(out)]) in (0, 1)
    capsys.readouterr()
    xml = owned_sheet_xml(path, "待办")
    assert b"<f>" not in xml and b"<f " not in xml
    root = ElementTree.fromstring(xml)
    cells = {"".join(c.itertext()): c.get("t") for c in root.iter(f"{{{MAIN_NS}}}c")}
    for name in HOSTILE_NAMES:
        assert cells[name] in ("inlineStr", "s")
    raw = (out / "客户簿-待办.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    values = [cell for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"))) for cell in row]
    for name in HOSTILE_NAMES:
        assert "'" + name in values and name not in values
    assert "客户" in values  # the header, Chinese intact


def test_csv_cells_that_start_like_formulas_or_controls_are_defused(tmp_path):
    from workbook.csv_export import write_csv

    spec = SheetSpec("表", (Column("名", 10), Column("数", 10)),
                     (("\t=1+1", -5), ("\r@x", 3.5), ("普通", None)), (None, None, None))
    text = write_csv(spec, tmp_path / "x.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["名", "数"], ["'\t=1+1", "-5"], ["'\r@x", "3.5"], ["普通", ""]]


def test_xml_illegal_characters_never_break_the_writer():
    nasty = "a\x00b\x01c\x0bd\ud800e\udfffF\ufffeG\uffffH\x1f"
    assert safe_text(nasty) == "abcdeFGH"
    spec = SheetSpec("待办", (Column("客户", 10),), ((nasty,), ("x" * 40_000,)), (None, None))
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes([spec]))) as archive:
        root = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    texts = ["".join(c.itertext()) for c in root.iter(f"{{{MAIN_NS}}}c")]
    assert texts == ["客户", "abcdeFGH", "x" * MAX_CELL_CHARS]


# ---------------------------------------------------------------- 3. inconsistent data


def test_inconsistent_data_is_reported_with_counts(tmp_path, capsys):
    wb = openpyxl.Workbook()
    customers = wb.active
    customers.title = "客户"
    for row in (["姓名", "最近联系"], ["张三", date(2026, 11, 1)], ["李四", None], ["张三", None]):
        customers.append(row)
    orders = wb.create_sheet("订单")
    for row in (["日期", "客户", "数量", "签收日期"],
                [date(2026, 10, 1), "王五", 1, None], [date(2026, 10, 2), "赵六", 1, None],
                [date(2026, 10, 3), "钱七", 1, None],
                [date(2026, 10, 10), "李四", 1, date(2026, 10, 5)],
                [date(2026, 10, 11), "李四", -2, None],
                ["1900-01-05", "李四", 1, None], ["2200-03-01", "李四", 1, None]):
        orders.append(row)
    contacts = wb.create_sheet("跟进记录")
    for row in (["日期", "客户", "内容"], [date(2026, 12, 25), "李四", "以后再聊"], [date(2026, 11, 2), "李四", "问好"]):
        contacts.append(row)
    path = tmp_path / "客户簿.xlsx"
    wb.save(path)

    assert main(["check", str(path), "--today", TODAY]) == 1
    capsys.readouterr()
    book, _, report = read_workbook(path, date(2026, 11, 23))
    where = {(p.sheet, p.row, p.column) for p in report.problems}
    assert {("订单", 2, "B"), ("订单", 3, "B"), ("订单", 4, "B")} <= where      # unknown customers
    assert ("客户", 4, "A") in where                                            # duplicate 张三
    assert ("订单", 5, "D") in where                                            # delivered before ordered
    assert ("订单", 6, "C") in where                                            # negative quantity
    assert {("订单", 7, "A"), ("订单", 8, "A")} <= where                         # 1900 and 2200
    assert ("跟进记录", 2, "A") in where                                        # a contact in the future
    counts = [n for n in report.notices if n.endswith(" 处")]
    assert counts[-6:] == [
        "「客户」重复的客户 (duplicate customers)：1 处",
        "「订单」引用了未知客户 (unknown customer)：3 处",
        "「订单」发货/签收日期早于成交日期 (shipped or delivered before the order)：1 处",
        "「订单」数量为负数 (negative quantities)：1 处",
        "「订单」日期不合理（早于 1950 或晚于 2099 年）(implausible dates)：2 处",
        "「跟进记录」日期在今天之后 (dates in the future)：1 处",
    ]
    assert any(n.startswith("「订单」有 3 行的客户在客户表里找不到（3 个名字：「王五」、「赵六」、「钱七」）")
               for n in report.notices)
    late = [o for o in book.orders if o.date == date(2026, 10, 10)]
    assert late and late[0].delivered_date is None  # reported, not believed
    assert [c.date for c in book.contacts] == [date(2026, 11, 2)]


# ---------------------------------------------------------------- 4. faults


def test_disk_full_while_writing(tmp_path, capsys, monkeypatch):
    path = shop(tmp_path)
    before = snapshot(tmp_path)

    def full(dst, *args, **kwargs):
        Path(dst).write_bytes(b"PK half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(package, "write_zip", full)
    assert main(["refresh", str(path), "--today", TODAY]) == 2
    err = capsys.readouterr().err
    assert "磁盘已满" in err and "disk is full" in err
    assert snapshot(tmp_path) == before


_KILL_SCRIPT = """
import os, signal, sys
from workbook import safety
safety._after_temp_written = lambda temp: os.kill(os.getpid(), signal.SIGKILL)
from tierbook.cli import main
main(["refresh", sys.argv[1], "--today", "2026-11-23"])
"""


def test_killed_between_temp_write_and_replace(tmp_path, capsys):
    path = shop(tmp_path)
    before = snapshot(tmp_path)
    out = subprocess.run([sys.executable, "-c", _KILL_SCRIPT, str(path)], capture_output=True)
    assert out.returncode == -9
    after = snapshot(tmp_path)
    stray = set(after) - set(before)
    assert after[path.name] == before[path.name]
    lock = ".~tierbook-客户簿.xlsx.lock"  # the dead run's lock: the next run takes it over
    assert lock in stray and len(stray) == 2 and re.fullmatch(r"\.客户簿\.\w{8}\.tmp", (stray - {lock}).pop())

    _refresh_ok(path, capsys)  # a young stray file may be another run's: left alone, and no harm done
    assert not (tmp_path / lock).exists()
    (leftover,) = [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]
    old = time.time() - 2 * safety.STRAY_TEMP_AGE_SECONDS
    os.utime(leftover, (old, old))
    _refresh_ok(path, capsys)
    assert not leftover.exists()


def test_read_only_file_is_refused(tmp_path, capsys):
    path = shop(tmp_path)
    path.chmod(0o444)
    before = snapshot(tmp_path)
    assert main(["refresh", str(path), "--today", TODAY]) == 2
    err = capsys.readouterr().err
    assert "只读" in err and "read-only" in err
    assert snapshot(tmp_path) == before
    assert main(["check", str(path), "--today", TODAY]) in (0, 1)  # reading a read-only file is fine
    capsys.readouterr()


def test_folder_that_says_it_is_not_writable(tmp_path, capsys, monkeypatch):
    # As root every os.access says yes, so the folder's answer is faked here; the next test uses real bits.
    path = shop(tmp_path)
    before = snapshot(tmp_path)
    monkeypatch.setattr(safety.os, "access", lambda p, mode: Path(p) != tmp_path)
    assert main(["refresh", str(path), "--today", TODAY]) == 2
    err = capsys.readouterr().err
    assert "文件夹不能写入" in err and "not writable" in err
    assert snapshot(tmp_path) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into a read-only folder anyway; covered by the faked-folder test above")
def test_read_only_folder(tmp_path, capsys):
    folder = tmp_path / "只读"
    folder.mkdir()
    path = shop(folder)
    before = snapshot(folder)
    folder.chmod(0o555)
    try:
        assert main(["refresh", str(path), "--today", TODAY]) == 2
    finally:
        folder.chmod(0o755)
    assert snapshot(folder) == before


def test_folder_write_fails_even_though_access_said_yes(tmp_path, capsys, monkeypatch):
    path = shop(tmp_path)
    before = snapshot(tmp_path)

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(safety.tempfile, "mkstemp", denied)
    assert main(["refresh", str(path), "--today", TODAY]) == 2
    assert "无法在文件夹中写入" in capsys.readouterr().err
    assert snapshot(tmp_path) == before


def test_backup_cannot_be_written(tmp_path, capsys, monkeypatch):
    path = shop(tmp_path)
    before = snapshot(tmp_path)

    def denied(src, dst, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(safety.shutil, "copy2", denied)
    assert main(["refresh", str(path), "--today", TODAY]) == 2
    err = capsys.readouterr().err
    assert "无法在文件夹中写入" in err and "unchanged" in err
    assert snapshot(tmp_path) == before


# ---------------------------------------------------------------- 5. fuzz

_HOSTILE_TEXT = HOSTILE_NAMES + ("", " ", "合计", "2024.3.5", "3月5日", "农历八月十五", "¥1,280.00", "√", "a", "S",
                                 "成交未下单", "已签收", "#REF!", "x" * 300)
_SHEET_NAMES = OWNED_SHEETS + tuple(n for names in SHEET_NAMES.values() for n in names) + ("Sheet", "杂项", "数据")
_HEADERS = tuple({w for table in HEADER_SYNONYMS.values() for words in table.values() for w in words}) + ("junk", "")
_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12).filter(
    lambda s: not ILLEGAL_CHARACTERS_RE.search(s))
_cell = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(date(1900, 3, 1), date(2200, 1, 1)), st.sampled_from(_HOSTILE_TEXT), _text)
_sheet = st.tuples(
    st.sampled_from(_SHEET_NAMES) | _text.filter(lambda s: 0 < len(s.strip()) and not re.search(r"[\[\]:*?/\\']", s)),
    st.lists(st.sampled_from(_HEADERS), min_size=1, max_size=8),
    st.lists(st.lists(_cell, max_size=8), max_size=6))


def _workbook(sheets) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, headers, rows in sheets:
        ws = wb.create_sheet(name[:31])
        ws.append(headers)
        for row in rows:
            ws.append(row)
    return wb


def _fuzz_refresh(sheets) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "客户簿.xlsx"
        _workbook(sheets).save(path)
        before = read_parts(path)
        try:
            refresh(path, date(2026, 11, 23), NOW)
        except Refused:
            assert read_parts(path) == before
            return
        after = read_parts(path)
        names = openpyxl.load_workbook(path, read_only=True).sheetnames
        assert all(name in names for name in OWNED_SHEETS)
        replaced = {n for n in before if n.startswith("xl/worksheets/") and before[n] != after.get(n)}
        assert all(after[n] == data for n, data in before.items() if n not in SHARED_PARTS | replaced)
        # Only a seller sheet carrying one of our names may be replaced.
        assert len(replaced) <= sum(name[:31] in OWNED_SHEETS for name, _, _ in sheets)


_fuzz_settings = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@settings(max_examples=FUZZ_EXAMPLES, **_fuzz_settings)
@given(st.lists(_sheet, min_size=1, max_size=4))
def test_fuzz_refresh_succeeds_or_refuses_cleanly(sheets):
    _fuzz_refresh(sheets)


@pytest.mark.slow
@settings(max_examples=max(FUZZ_EXAMPLES, 2000), **_fuzz_settings)
@given(st.lists(_sheet, min_size=1, max_size=4))
def test_fuzz_refresh_at_full_size(sheets):
    _fuzz_refresh(sheets)


@pytest.mark.parametrize("xml, fast", [
    (b'<row r="2"><c r="B2" s="1"><v>1</v></c><c r="C2"/></row><row r="7"><c r="AA7" t="s"><v>0</v></c></row>', True),
    (b'<row r="1"><c r="A1048576"/></row>', True),                            # a cell outside its row
    (b'<row r="3"><c t="n" r="D3"><v>1</v></c></row>', False),                # r not first
    (b'<row r="3"><c\nr="D3"><v>1</v></c><c/></row>', False),                # a line break, an unnumbered cell
    (b'<row><c r="A1"/></row><row r="9"><c r="B9"/><c/></row>', False),       # an unnumbered row
    (b'<x:row r="4"><x:c r="E4"/></x:row>', False),                           # a namespace prefix
])
def test_the_fast_range_count_agrees_with_the_slow_one_or_leaves_it_to_it(xml, fast):
    from workbook.zipcheck import _fast_extent, _slow_extent

    slow = _slow_extent("sheet.xml", iter([xml]))
    assert _fast_extent("sheet.xml", iter([xml])) == (slow if fast else None)
