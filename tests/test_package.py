"""Our sheets go into the seller's package while every part of theirs stays byte for byte."""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Iterator

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.drawing.image import Image
from python_calamine import CalamineWorkbook

from workbook.package import CannotPreserve, replace_owned_sheets
from workbook.xmlspans import parse

from .sellerbook import MAIN, OWNED, SHARED_PARTS, build_seller, our_sheets, read_parts, replaced, write_package

FRESH = [{}, {"macro": True}, {"prefixed": True}]
FRESH_IDS = ["xlsx", "xlsm", "x-prefixed"]
# Lists in each shared part that we may append to; everything before the append point must not move.
GROWING = {"xl/styles.xml": ("numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs"),
           "xl/workbook.xml": ("sheets", "definedNames"),
           "xl/_rels/workbook.xml.rels": (),
           "[Content_Types].xml": ()}
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _refresh(src: Path, dst: Path, ours: openpyxl.Workbook | None = None) -> dict[str, bytes]:
    replace_owned_sheets(src, dst, ours if ours is not None else our_sheets(), OWNED)
    return read_parts(dst)


def _sheet_nodes(workbook_xml: bytes) -> list:
    return parse(workbook_xml).kid("sheets").kids("sheet")


def _names(workbook_xml: bytes) -> list[tuple[str, str | None, bytes]]:
    root = parse(workbook_xml)
    container = root.kid("definedNames")
    return [(n.attrs["name"], n.attrs.get("localSheetId"), n.inner(workbook_xml))
            for n in (container.kids("definedName") if container else [])]


@pytest.fixture(params=FRESH, ids=FRESH_IDS)
def seller(request, tmp_path: Path) -> Path:
    return build_seller(tmp_path, **request.param)


@pytest.fixture
def seller_with_owned(tmp_path: Path) -> Path:
    return build_seller(tmp_path, with_owned=True)


# --- a workbook without our sheets yet -------------------------------------------------------------

def test_every_unshared_part_is_byte_identical(seller: Path, tmp_path: Path):
    before, after = read_parts(seller), _refresh(seller, tmp_path / "out.xlsx")
    for name, data in before.items():
        if name not in SHARED_PARTS:
            assert after[name] == data, name
    assert set(after) - set(before) == {"xl/worksheets/sheet5.xml", "xl/worksheets/sheet6.xml"}


def test_zip_entry_order_and_timestamps_are_kept(seller: Path, tmp_path: Path):
    replace_owned_sheets(seller, tmp_path / "out.xlsx", our_sheets(), OWNED)
    with zipfile.ZipFile(seller) as a, zipfile.ZipFile(tmp_path / "out.xlsx") as b:
        old = [(i.filename, i.date_time, i.compress_type) for i in a.infolist()]
        new = [(i.filename, i.date_time, i.compress_type) for i in b.infolist()]
    assert new[:len(old)] == old


def test_shared_parts_only_grow_at_the_end(seller: Path, tmp_path: Path):
    """Root tags (with mc:Ignorable and every prefix) are kept, and each list keeps its original children."""
    before, after = read_parts(seller), _refresh(seller, tmp_path / "out.xlsx")
    for part, lists in GROWING.items():
        old, new = parse(before[part]), parse(after[part])
        assert after[part][:old.head_end] == before[part][:old.head_end], part
        pairs = [(old.kid(n), new.kid(n)) for n in lists if old.kid(n)] if lists else [(old, new)]
        for was, now in pairs:
            assert now.inner(after[part]).startswith(was.inner(before[part])), (part, was.local)
    assert b'mc:Ignorable="x14ac"' in after["xl/styles.xml"]
    assert b'x14ac:knownFonts="1"' in after["xl/styles.xml"]


def test_sheets_are_appended_with_fresh_ids(seller: Path, tmp_path: Path):
    after = _refresh(seller, tmp_path / "out.xlsx")
    sheets = _sheet_nodes(after["xl/workbook.xml"])
    assert [s.attrs["name"] for s in sheets] == ["客户", "订单", "图表", "隐藏", "待办", "本周跟进表"]
    assert [s.attrs["sheetId"] for s in sheets[-2:]] == ["5", "6"]
    assert len({s.attrs[R_ID] for s in sheets}) == 6
    assert sheets[3].attrs["state"] == "hidden"


def test_defined_names_keep_their_sheets_and_ours_get_the_right_index(seller: Path, tmp_path: Path):
    before = _names(read_parts(seller)["xl/workbook.xml"])
    after = _names(_refresh(seller, tmp_path / "out.xlsx")["xl/workbook.xml"])
    assert after[:len(before)] == before
    assert after[len(before):] == [
        ("_xlnm._FilterDatabase", "4", b"'\xe5\xbe\x85\xe5\x8a\x9e'!$A$1:$C$3"),
        ("_xlnm.Print_Titles", "5", "'本周跟进表'!$1:$1".encode()),
        ("_tierbook", "4", b'"tierbook"'),
        ("_tierbook", "5", b'"tierbook"'),
    ]


def test_our_sheets_read_back_with_openpyxl(seller: Path, tmp_path: Path):
    _refresh(seller, tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    due, week = wb["待办"], wb["本周跟进表"]
    assert [c.value for c in due[2]] == [datetime(2026, 3, 2), "张三", "跟进到期"]
    assert due["A1"].font.b and due["A1"].fill.fgColor.rgb == "00305496"
    assert due["A2"].number_format == "yyyy-mm-dd"
    assert due.freeze_panes == "A2" and due.auto_filter.ref == "A1:C3"
    assert due.column_dimensions["C"].width == 30
    rule = due.conditional_formatting["A2:A500"][0]
    assert rule.dxf.fill.bgColor.rgb == "00FFC7CE" and rule.dxf.font.color.rgb == "009C0006"
    assert week.print_title_rows == "$1:$1"
    assert week.page_setup.orientation == "landscape" and week.page_setup.fitToWidth == 1
    assert week.sheet_properties.pageSetUpPr.fitToPage
    assert week.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert week["B2"].number_format == "yyyy-mm-dd" and week["A1"].font.b


def test_our_sheets_read_back_with_calamine(seller: Path, tmp_path: Path):
    _refresh(seller, tmp_path / "out.xlsx")
    book = CalamineWorkbook.from_path(str(tmp_path / "out.xlsx"))
    rows = book.get_sheet_by_name("待办").to_python()
    assert rows[0] == ["日期", "客户", "原因"]
    assert rows[1][1:] == ["张三", "跟进到期"] and rows[1][0] in (date(2026, 3, 2), datetime(2026, 3, 2))
    assert book.get_sheet_by_name("客户").to_python()[1][0] == "张三"


def test_seller_features_still_read(seller: Path, tmp_path: Path):
    _refresh(seller, tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    customers = wb["客户"]
    assert customers["B2"].comment.text == "老客户，爱喝茶"
    assert "客户表" in customers.tables
    assert customers.data_validations.dataValidation[0].formula1 == '"S,A,B,C"'
    assert customers["A1"].font.name == "微软雅黑" and customers["A1"].font.b
    assert wb["订单"]["C2"].value == "=B2*2" and wb["订单"]["C2"].alignment.horizontal == "center"
    assert len(wb["图表"]._charts) == 1 and len(wb["图表"]._images) == 1
    assert wb["隐藏"].sheet_state == "hidden"
    assert wb.active.title == "订单"
    assert wb.defined_names["税率"].attr_text == "'订单'!$B$2"


def test_refresh_twice_gives_the_same_package(seller: Path, tmp_path: Path):
    once = _refresh(seller, tmp_path / "once.xlsx")
    twice = _refresh(tmp_path / "once.xlsx", tmp_path / "twice.xlsx")
    assert once == twice
    assert (tmp_path / "once.xlsx").read_bytes() == (tmp_path / "twice.xlsx").read_bytes()


def test_only_the_first_sheet_stays_selected(seller: Path, tmp_path: Path):
    after = _refresh(seller, tmp_path / "out.xlsx")
    selected = [name for name, data in after.items()
                if name.startswith("xl/worksheets/sheet") and b'tabSelected="1"' in data]
    assert selected == ["xl/worksheets/sheet2.xml"]


def test_macro_workbook_keeps_its_content_type_and_project(tmp_path: Path):
    seller = build_seller(tmp_path, macro=True)
    after = _refresh(seller, tmp_path / "out.xlsm")
    assert b"application/vnd.ms-excel.sheet.macroEnabled.main+xml" in after["[Content_Types].xml"]
    assert after["xl/vbaProject.bin"] == read_parts(seller)["xl/vbaProject.bin"]
    assert openpyxl.load_workbook(tmp_path / "out.xlsm", keep_vba=True).vba_archive is not None


def test_styles_are_reused_not_duplicated(tmp_path: Path):
    seller = build_seller(tmp_path)
    after = _refresh(seller, tmp_path / "out.xlsx")
    styles = parse(after["xl/styles.xml"])
    formats = [n.attrs["formatCode"] for n in styles.kid("numFmts").kids("numFmt")]
    assert formats.count("yyyy-mm-dd") == 1  # the seller's own 164 is reused
    xfs = styles.kid("cellXfs").kids("xf")
    assert len(xfs) == len({tuple(sorted(x.attrs.items())) for x in xfs})


# --- a workbook that already holds our sheets ------------------------------------------------------

def test_owned_sheet_is_replaced_in_place(seller_with_owned: Path, tmp_path: Path):
    before = read_parts(seller_with_owned)
    after = _refresh(seller_with_owned, tmp_path / "out.xlsx")
    old, new = _sheet_nodes(before["xl/workbook.xml"]), _sheet_nodes(after["xl/workbook.xml"])
    assert before["xl/workbook.xml"][old[1].start:old[1].end] == after["xl/workbook.xml"][new[1].start:new[1].end]
    assert [s.attrs["name"] for s in new] == ["客户", "待办", "订单", "图表", "隐藏", "祝福名单", "本周跟进表"]
    assert b"\xe6\x97\xa7" not in after["xl/worksheets/sheet2.xml"]  # 旧的待办 is gone
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert wb["待办"]["B2"].value == "张三" and wb.active.title == "待办"


def test_owned_sheet_absent_from_ours_is_left_alone(seller_with_owned: Path, tmp_path: Path):
    before = read_parts(seller_with_owned)
    after = _refresh(seller_with_owned, tmp_path / "out.xlsx")
    assert after["xl/worksheets/sheet6.xml"] == before["xl/worksheets/sheet6.xml"]  # 祝福名单


def test_replaced_sheet_keeps_selection_and_loses_stale_extras(seller_with_owned: Path, tmp_path: Path):
    before = read_parts(seller_with_owned)
    after = _refresh(seller_with_owned, tmp_path / "out.xlsx")
    assert b'tabSelected="1"' in after["xl/worksheets/sheet2.xml"]
    # Printer settings hung on the old sheet: the link goes, the orphan part is kept as it was.
    assert "xl/worksheets/_rels/sheet2.xml.rels" not in after
    assert after["xl/printerSettings/printerSettings1.bin"] == before["xl/printerSettings/printerSettings1.bin"]
    # calcChain listed cells of the old sheet: Excel rebuilds it, a stale one makes Excel "repair" the file.
    assert "xl/calcChain.xml" not in after
    assert b"calcChain" not in after["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in after["[Content_Types].xml"]
    for name, data in before.items():
        if name not in SHARED_PARTS | {"xl/worksheets/sheet2.xml", "xl/worksheets/_rels/sheet2.xml.rels",
                                       "xl/calcChain.xml"}:
            assert after[name] == data, name


def test_replaced_sheet_names_are_swapped_and_others_untouched(seller_with_owned: Path, tmp_path: Path):
    before = _names(read_parts(seller_with_owned)["xl/workbook.xml"])
    after = _names(_refresh(seller_with_owned, tmp_path / "out.xlsx")["xl/workbook.xml"])
    kept = [n for n in before if n[1] != "1"]  # the replaced 待办's names go, everything else stays
    assert after[:len(kept)] == kept
    assert after[len(kept):] == [
        ("_xlnm._FilterDatabase", "1", "'待办'!$A$1:$C$3".encode()),
        ("_xlnm.Print_Titles", "6", "'本周跟进表'!$1:$1".encode()),
        ("_tierbook", "1", b'"tierbook"'),
        ("_tierbook", "6", b'"tierbook"'),
    ]


def test_replacing_twice_is_stable(seller_with_owned: Path, tmp_path: Path):
    once = _refresh(seller_with_owned, tmp_path / "once.xlsx")
    assert once == _refresh(tmp_path / "once.xlsx", tmp_path / "twice.xlsx")


# --- refusals ------------------------------------------------------------------------------------

def test_refuses_to_overwrite_the_sellers_own_sheet(tmp_path: Path):
    seller = build_seller(tmp_path, with_owned=True)
    with pytest.raises(CannotPreserve) as refused:
        replace_owned_sheets(seller, tmp_path / "out.xlsx", our_sheets(), owned={"本周跟进表"})
    assert "不会被覆盖" in str(refused.value) and "will not be overwritten" in str(refused.value)
    assert not (tmp_path / "out.xlsx").exists()


def _mutated(tmp_path: Path, change) -> Path:
    parts = read_parts(build_seller(tmp_path))
    change(parts)
    return write_package(tmp_path / "mutated.xlsx", parts)


def _strict(parts: dict[str, bytes]) -> None:
    strict = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
    parts["xl/workbook.xml"] = replaced(parts["xl/workbook.xml"], MAIN.encode(), strict)


def _no_workbook(parts: dict[str, bytes]) -> None:
    del parts["xl/workbook.xml"]


def _dtd(parts: dict[str, bytes]) -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]>'
    parts["xl/workbook.xml"] = bomb + parts["xl/workbook.xml"]


def _on_owned(kind: bytes):
    """The owned 待办's printer-settings relationship turned into one of `kind` (a table, a chart …)."""
    def change(parts: dict[str, bytes]) -> None:
        rels = parts["xl/worksheets/_rels/sheet2.xml.rels"]
        parts["xl/worksheets/_rels/sheet2.xml.rels"] = replaced(rels, b"printerSettings\"", kind + b"\"")
    return change


@pytest.mark.parametrize("change, words", [
    (_strict, "Strict Open XML"),
    (_no_workbook, "No workbook part"),
    (_dtd, "cannot be read safely"),
])
def test_refuses_packages_it_cannot_edit_safely(tmp_path: Path, change, words):
    with pytest.raises(CannotPreserve, match=words):
        replace_owned_sheets(_mutated(tmp_path, change), tmp_path / "out.xlsx", our_sheets(), OWNED)
    assert not (tmp_path / "out.xlsx").exists()


def test_refuses_to_add_sheets_to_a_protected_structure(tmp_path: Path):
    def protect(parts: dict[str, bytes]) -> None:
        parts["xl/workbook.xml"] = replaced(parts["xl/workbook.xml"], re.compile(rb"<workbookProtection\b[^>]*/>"),
                                            b'<workbookProtection lockStructure="1"/>')

    with pytest.raises(CannotPreserve, match="structure is protected"):
        replace_owned_sheets(_mutated(tmp_path, protect), tmp_path / "out.xlsx", our_sheets(), OWNED)


@pytest.mark.parametrize("sharing", [b'<fileSharing userName="owner" reservationPassword="CBEB"/>',
                                     b'<fileSharing userName="owner" algorithmName="SHA-512" hashValue="aGFzaA==" '
                                     b'saltValue="c2FsdA==" spinCount="100000"/>'])
def test_refuses_a_workbook_with_a_password_to_modify(tmp_path: Path, sharing):
    def require_password(parts: dict[str, bytes]) -> None:
        xml = parts["xl/workbook.xml"]
        at = xml.index(b"<workbookPr")
        parts["xl/workbook.xml"] = xml[:at] + sharing + xml[at:]

    with pytest.raises(CannotPreserve, match="password to modify"):
        replace_owned_sheets(_mutated(tmp_path, require_password), tmp_path / "out.xlsx", our_sheets(), OWNED)


def test_a_read_only_recommendation_alone_is_no_reason_to_refuse(tmp_path: Path):
    def recommend(parts: dict[str, bytes]) -> None:
        xml = parts["xl/workbook.xml"]
        at = xml.index(b"<workbookPr")
        parts["xl/workbook.xml"] = xml[:at] + b'<fileSharing readOnlyRecommended="1"/>' + xml[at:]

    assert "xl/worksheets/sheet5.xml" in _refresh(_mutated(tmp_path, recommend), tmp_path / "out.xlsx")


def test_new_part_names_avoid_names_only_declared_in_content_types(tmp_path: Path):
    def declare(parts: dict[str, bytes]) -> None:
        override = b'<Override PartName="/xl/worksheets/sheet5.xml" ContentType="application/xml"/>'
        parts["[Content_Types].xml"] = replaced(parts["[Content_Types].xml"], b"</Types>", override + b"</Types>")

    after = _refresh(_mutated(tmp_path, declare), tmp_path / "out.xlsx")
    assert "xl/worksheets/sheet5.xml" not in after
    assert {"xl/worksheets/sheet6.xml", "xl/worksheets/sheet7.xml"} <= set(after)


# Anything but printer settings is the seller's work: a chart, a picture, a comment is refused, never dropped.
@pytest.mark.parametrize("kind", [b"table", b"pivotTable", b"drawing", b"comments", b"vmlDrawing", b"hyperlink"])
def test_refuses_what_the_seller_put_on_our_sheet(tmp_path: Path, kind):
    parts = read_parts(build_seller(tmp_path, with_owned=True))
    _on_owned(kind)(parts)
    seller = write_package(tmp_path / "t.xlsx", parts)
    with pytest.raises(CannotPreserve, match="move them to another sheet"):
        replace_owned_sheets(seller, tmp_path / "out.xlsx", our_sheets(), OWNED)


def test_refuses_duplicate_part_names(tmp_path: Path):
    seller = build_seller(tmp_path)
    with pytest.warns(UserWarning), zipfile.ZipFile(seller, "a") as archive:
        archive.writestr("xl/styles.xml", b"<styleSheet/>")
    with pytest.raises(CannotPreserve, match="twice"):
        replace_owned_sheets(seller, tmp_path / "out.xlsx", our_sheets(), OWNED)


def test_refuses_a_file_that_is_not_a_zip(tmp_path: Path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("姓名,等级\n")
    with pytest.raises(CannotPreserve, match="not a readable Excel package"):
        replace_owned_sheets(fake, tmp_path / "out.xlsx", our_sheets(), OWNED)


def test_our_sheets_must_be_self_contained(tmp_path: Path):
    ours = our_sheets()
    ours["待办"].add_image(Image(str(_png(tmp_path))), "E2")
    with pytest.raises(ValueError, match="self-contained"):
        replace_owned_sheets(build_seller(tmp_path), tmp_path / "out.xlsx", ours, OWNED)


def _png(tmp_path: Path) -> Path:
    from PIL import Image as PILImage

    path = tmp_path / "dot.png"
    PILImage.new("RGB", (2, 2)).save(path)
    return path


# --- a workbook Excel itself saved ----------------------------------------------------------------

def test_excel_saved_macro_workbook_keeps_every_part(tmp_path: Path):
    import xlwings

    seller = tmp_path / "quickstart.xlsm"
    shutil.copy(Path(xlwings.__file__).with_name("quickstart.xlsm"), seller)
    before, after = read_parts(seller), _refresh(seller, tmp_path / "out.xlsm")
    for name, data in before.items():
        if name not in SHARED_PARTS:
            assert after[name] == data, name
    assert after == _refresh(tmp_path / "out.xlsm", tmp_path / "again.xlsm")
    assert b'mc:Ignorable="x14ac x16r2 xr"' in after["xl/styles.xml"]
    assert b"<numFmts" not in before["xl/styles.xml"]  # so ours is inserted in schema order, before <fonts>
    due = openpyxl.load_workbook(tmp_path / "out.xlsm")["待办"]
    assert due["B3"].value == "李四" and due["A2"].number_format == "yyyy-mm-dd" and due["A1"].font.b


# --- properties ----------------------------------------------------------------------------------

# openpyxl turns text starting with "=" into a formula and "#VALUE!" into an error cell, and writes a text of
# spaces only without xml:space="preserve", so every reader gets it back empty; the builders guard that, not the
# package writer (ours keeps such spaces: test_sheetxml).
_cell_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12).filter(
    lambda text: not text.startswith("=") and text not in ERROR_CODES and (not text or text.strip()))
_rows = st.lists(st.tuples(st.dates(date(1950, 1, 1), date(2100, 12, 31)), _cell_text, _cell_text), max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=_rows)
def test_any_content_leaves_unowned_parts_alone_and_is_idempotent(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("prop")
    seller = build_seller(folder)
    before = read_parts(seller)
    once = _refresh(seller, folder / "once.xlsx", our_sheets(rows))
    assert all(once[name] == data for name, data in before.items() if name not in SHARED_PARTS)
    assert once == _refresh(folder / "once.xlsx", folder / "twice.xlsx", our_sheets(rows))
    due = CalamineWorkbook.from_path(str(folder / "once.xlsx")).get_sheet_by_name("待办").to_python()
    assert [r[1:] for r in due[1:]] == [[b or "", c or ""] for _, b, c in rows][:len(due) - 1]


# --- LibreOffice ---------------------------------------------------------------------------------

def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


@pytest.mark.parametrize("variant", [{}, {"macro": True}, {"with_owned": True}], ids=["xlsx", "xlsm", "owned"])
def test_libreoffice_opens_and_prints_the_result(tmp_path: Path, variant):
    soffice = _soffice()
    seller = build_seller(tmp_path, **variant)
    out = tmp_path / ("out" + seller.suffix)
    replace_owned_sheets(seller, out, our_sheets(), OWNED)
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path / "pdf"), str(out)], capture_output=True, timeout=600)
    pdf = tmp_path / "pdf" / (out.stem + ".pdf")
    assert done.returncode == 0 and pdf.exists(), done.stderr
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
        assert "跟进到期" in text and "张三" in text and re.search(r"第 \d+ 页，共 \d+ 页", text)


def test_every_sheet_we_write_is_marked_as_ours(seller: Path, tmp_path: Path):
    parts = _refresh(seller, tmp_path / "out.xlsx")
    sheets = [n.attrs["name"] for n in _sheet_nodes(parts["xl/workbook.xml"])]
    marked = {int(local) for name, local, _ in _names(parts["xl/workbook.xml"]) if name == "_tierbook"}
    assert {sheets[i] for i in marked} == set(our_sheets().sheetnames)


# --- the zip itself ---------------------------------------------------------------------------------


class _OneWay(io.RawIOBase):
    """A file zipfile cannot seek in, so it writes sizes after each entry (data descriptors)."""

    def __init__(self, target):
        self.target = target

    def writable(self):
        return True

    def write(self, data):
        return self.target.write(data)


def _stored(path: Path) -> dict[str, bytes]:
    """Each entry's bytes as the zip stores them (compressed)."""
    from workbook.zipwriter import _stored_bytes

    with zipfile.ZipFile(path) as archive, open(path, "rb") as source:
        return {info.filename: _stored_bytes(source, info) for info in archive.infolist()}


def test_parts_we_leave_alone_are_copied_as_stored(tmp_path, seller):
    before = _stored(seller)
    out = tmp_path / "out.xlsx"
    parts = _refresh(seller, out)
    after = _stored(out)
    untouched = [name for name in before if name in after and parts[name] == read_parts(seller)[name]]
    assert untouched and all(after[name] == before[name] for name in untouched)
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None  # every CRC and size checks out


def test_data_descriptors_and_unicode_part_names_survive(tmp_path):
    parts = read_parts(build_seller(tmp_path))
    parts["customXml/数据.xml"] = b"<data>\xe6\x95\xb0</data>"
    src = tmp_path / "streamed.xlsx"
    with open(src, "wb") as raw, zipfile.ZipFile(_OneWay(raw), "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with zipfile.ZipFile(src) as archive:
        assert all(info.flag_bits & 0x08 for info in archive.infolist())  # the case under test
    result = _refresh(src, tmp_path / "out.xlsx")
    assert {name: data for name, data in result.items() if name in parts and name not in SHARED_PARTS} == \
        {name: data for name, data in parts.items() if name not in SHARED_PARTS}
    with zipfile.ZipFile(tmp_path / "out.xlsx") as archive:
        assert archive.testzip() is None
        assert not any(info.flag_bits & 0x08 for info in archive.infolist())


def test_a_package_too_big_to_copy_is_recompressed_with_the_same_parts(tmp_path, seller, monkeypatch):
    import workbook.zipwriter as zipwriter

    copied = _refresh(seller, tmp_path / "copied.xlsx")
    monkeypatch.setattr(zipwriter, "ZIP32_MAX_BYTES", 0)
    assert _refresh(seller, tmp_path / "recompressed.xlsx") == copied


def test_a_save_by_another_program_mid_refresh_cannot_mix_two_versions(tmp_path, monkeypatch):
    import os

    import workbook.package as package

    seller = build_seller(tmp_path)
    first = read_parts(seller)
    second = dict(first, **{"docProps/app.xml": replaced(first["docProps/app.xml"], b"<", b"<!-- v2 --><", 1)})
    other = write_package(tmp_path / "other.xlsx", second)
    merge = package._merge_styles

    def save_in_between(*args):  # Excel and WPS save by writing a new file and renaming it over the old one
        os.replace(other, seller)
        return merge(*args)

    monkeypatch.setattr(package, "_merge_styles", save_in_between)
    out = tmp_path / "out.xlsx"
    parts = _refresh(seller, out)
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
    assert parts["docProps/app.xml"] == first["docProps/app.xml"]  # all of one version: the one we opened


@pytest.mark.parametrize("stored", [False, True])
def test_an_untouched_part_that_fails_its_crc_is_not_copied(tmp_path, stored):
    seller = build_seller(tmp_path)
    if stored:  # rewritten with the part kept as it is, not deflated
        parts = read_parts(seller)
        with zipfile.ZipFile(seller, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, part in parts.items():
                archive.writestr(name, part, zipfile.ZIP_STORED if name == "docProps/core.xml" else None)
    data = bytearray(seller.read_bytes())
    with zipfile.ZipFile(seller) as archive:
        info = archive.getinfo("docProps/core.xml")
    assert info.compress_type == (zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    name_length, extra_length = struct.unpack("<2H", data[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    data[start + 5] ^= 0xFF  # one byte of the stored data: it reads (or inflates) to something else, or not at all
    seller.write_bytes(bytes(data))
    with pytest.raises(CannotPreserve):
        _refresh(seller, tmp_path / "out.xlsx")


# --- a signed package ------------------------------------------------------------------------------

_ORIGIN = b"http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/origin"


def _signature_rel(parts: dict[str, bytes]) -> None:
    rel = b'<Relationship Id="rIdSig" Type="' + _ORIGIN + b'" Target="_xmlsignatures/origin.sigs"/>'
    parts["_rels/.rels"] = replaced(parts["_rels/.rels"], b"</Relationships>", rel + b"</Relationships>")


def _signature_parts(parts: dict[str, bytes]) -> None:
    parts["_xmlsignatures/origin.sigs"] = b""
    parts["_xmlsignatures/sig1.xml"] = b'<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/>'


@pytest.mark.parametrize("sign", [[_signature_rel, _signature_parts], [_signature_rel], [_signature_parts]])
def test_a_digitally_signed_workbook_is_refused(tmp_path: Path, sign):
    seller = _mutated(tmp_path, lambda parts: [change(parts) for change in sign])
    with pytest.raises(CannotPreserve, match="digitally signed"):
        replace_owned_sheets(seller, tmp_path / "out.xlsx", our_sheets(), OWNED)
    assert not (tmp_path / "out.xlsx").exists()


# --- part names spelt as the seller's zip spelt them ----------------------------------------------

def _central_entries(data: bytes) -> Iterator[int]:
    """The offset of each central-directory header, walked from the end record."""
    end = data.rfind(b"PK\x05\x06")
    count, _, at = struct.unpack("<HLL", data[end + 10:end + 20])
    for _ in range(count):
        yield at
        at += 46 + sum(struct.unpack("<3H", data[at + 28:at + 34]))


def _clear_utf8_flags(path: Path) -> None:
    """Clear the UTF-8 name flag (bit 11) in every header, as a zip tool that predates the flag writes them."""
    data = bytearray(path.read_bytes())
    for at in list(_central_entries(bytes(data))):
        local = struct.unpack("<L", data[at + 42:at + 46])[0]
        data[at + 9] &= ~0x08 & 0xFF     # central header flags: offset 8, little-endian
        data[local + 7] &= ~0x08 & 0xFF  # local header flags: offset 6
    path.write_bytes(bytes(data))


def _raw_names(path: Path) -> dict[bytes, int]:
    """Each central-directory name as bytes, with its flags."""
    data = path.read_bytes()
    names = {}
    for at in _central_entries(data):
        flags, length = struct.unpack("<H", data[at + 8:at + 10])[0], struct.unpack("<H", data[at + 28:at + 30])[0]
        names[data[at + 46:at + 46 + length]] = flags
    return names


def test_a_part_name_without_the_utf8_flag_keeps_its_bytes(tmp_path: Path):
    parts = read_parts(build_seller(tmp_path))
    parts["customXml/数据.xml"] = b"<data/>"
    seller = write_package(tmp_path / "old-tool.xlsx", parts)
    _clear_utf8_flags(seller)
    before = _raw_names(seller)
    assert before["customXml/数据.xml".encode()] & 0x800 == 0  # the case under test: UTF-8 bytes, no flag
    replace_owned_sheets(seller, tmp_path / "out.xlsx", our_sheets(), OWNED)
    after = _raw_names(tmp_path / "out.xlsx")
    assert {name: after[name] for name in before} == before
