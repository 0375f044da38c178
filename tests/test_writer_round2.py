"""Issue 15, the writer's share: what LibreOffice and other writers leave in a workbook, and Excel's limits."""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from workbook.owned import OWNED_SHEETS
from workbook.package import CannotPreserve, replace_owned_sheets
from workbook.refresh import refresh
from workbook.safety import Refused, check_readable, safe_refresh
from workbook.xmlspans import parse
from workbook.zipcheck import UnsafePackage, check_package

from .sellerbook import (OWNED, SHARED_PARTS, _add_override, _add_rel, build_seller, our_sheets, read_parts,
                         write_package)

DATA = Path(__file__).with_name("data")
# Made by tests/data/make_libreoffice_files.py: the demo shop refreshed by tierbook, then saved by LibreOffice 7.4
# (our four sheets with autofilters, so LibreOffice gave three of them an empty drawing, and our marks unhidden).
LIBREOFFICE_SAVED = DATA / "libreoffice-saved.xlsx"
# A pivot table (sum of 金额 by 客户) LibreOffice made and saved, with its cache and records.
LIBREOFFICE_PIVOT = DATA / "libreoffice-pivot.xlsx"
OUR_SHEETS = OWNED_SHEETS
TODAY, NOW = date(2026, 11, 23), datetime(2026, 11, 23, 8, 0, 0)
# Excel's "Number of unique cell formats/cell styles" (Excel specifications and limits).
EXCEL_FORMAT_LIMIT = 64_000
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _names(workbook_xml: bytes) -> list[tuple[str, str | None, str | None]]:
    container = parse(workbook_xml).kid("definedNames")
    return [(n.attrs["name"], n.attrs.get("localSheetId"), n.attrs.get("hidden"))
            for n in (container.kids("definedName") if container else [])]


def _sheets(parts: dict[str, bytes]) -> list[tuple[str, str]]:
    """Each sheet's name and part, in workbook order."""
    rels = {r.attrs["Id"]: r.attrs["Target"] for r in parse(parts["xl/_rels/workbook.xml.rels"]).kids("Relationship")}
    nodes = parse(parts["xl/workbook.xml"]).kid("sheets").kids("sheet")
    return [(n.attrs["name"], "xl/" + rels[n.attrs[R_ID]]) for n in nodes]


def _mutated(folder: Path, change, **seller) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    parts = read_parts(build_seller(folder, **seller))
    change(parts)
    return write_package(folder / "mutated.xlsx", parts)


def _edit(parts: dict[str, bytes], name: str, pattern: bytes, replacement: bytes) -> None:
    edited = re.sub(pattern, replacement, parts[name], count=1, flags=re.S)
    assert edited != parts[name], (name, pattern)  # the case under test is really built
    parts[name] = edited


def _folder(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


# --- 3. a workbook LibreOffice saved ---------------------------------------------------------------

@pytest.fixture
def saved_by_libreoffice(tmp_path: Path) -> Path:
    path = tmp_path / "客户.xlsx"
    shutil.copy(LIBREOFFICE_SAVED, path)
    return path


def test_the_libreoffice_file_is_the_case_under_test():
    parts = read_parts(LIBREOFFICE_SAVED)
    sheets = dict(_sheets(parts))
    rels = {name: parts.get(part.replace("worksheets/", "worksheets/_rels/") + ".rels", b"") for name, part in
            sheets.items() if name in OUR_SHEETS}
    # 本周跟进表 has no autofilter; the file was saved before 看板 existed
    assert sum(b"/drawing" in r for r in rels.values()) == len(rels) - 1 and len(rels) >= 5
    assert {hidden for name, _, hidden in _names(parts["xl/workbook.xml"]) if name == "_tierbook"} == {"false"}


def test_a_workbook_saved_by_libreoffice_is_refreshed_and_our_sheets_replaced(saved_by_libreoffice: Path):
    before = read_parts(saved_by_libreoffice)
    refresh(saved_by_libreoffice, TODAY, NOW)
    after = read_parts(saved_by_libreoffice)
    sheets = _sheets(before)
    assert _sheets(after)[:len(sheets)] == sheets  # replaced in place: same names, same parts, same order
    ours = {part for name, part in sheets if name in OUR_SHEETS}  # 看板, newer than the file, is added after them
    let_go = {part.replace("worksheets/", "worksheets/_rels/") + ".rels" for part in ours}
    for name, data in before.items():
        if name not in SHARED_PARTS | ours | let_go:
            assert after[name] == data, name  # the orphaned empty drawings too
    for part in ours:
        assert after[part] != before[part] and b"<drawing" not in after[part]
    assert not let_go & set(after)
    due = CalamineWorkbook.from_path(str(saved_by_libreoffice)).get_sheet_by_name("待办").to_python()
    assert "客户" in due[0] and len(due) > 1


def test_our_marks_are_hidden_again_and_no_name_is_doubled(saved_by_libreoffice: Path):
    refresh(saved_by_libreoffice, TODAY, NOW)
    parts = read_parts(saved_by_libreoffice)
    names = _names(parts["xl/workbook.xml"])
    marks = {int(local): hidden for name, local, hidden in names if name == "_tierbook"}
    assert {[n for n, _ in _sheets(parts)][i] for i in marks} == set(OUR_SHEETS)
    assert set(marks.values()) == {"1"}
    scoped = [(name, local) for name, local, _ in names]
    assert len(scoped) == len(set(scoped))


def test_a_refresh_of_one_sheet_hides_the_marks_of_the_others(saved_by_libreoffice: Path):
    refresh(saved_by_libreoffice, TODAY, NOW, which={"祝福名单"})
    parts = read_parts(saved_by_libreoffice)
    assert {hidden for name, _, hidden in _names(parts["xl/workbook.xml"]) if name == "_tierbook"} == {"1"}


def test_a_libreoffice_file_refreshed_twice_equals_once(saved_by_libreoffice: Path, tmp_path: Path):
    once = tmp_path / "once.xlsx"
    replace_owned_sheets(saved_by_libreoffice, once, our_sheets(), OWNED)
    replace_owned_sheets(once, tmp_path / "twice.xlsx", our_sheets(), OWNED)
    assert read_parts(once) == read_parts(tmp_path / "twice.xlsx")


_DRAWING_REL = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                b'drawing" Target="../drawings/drawing9.xml"/></Relationships>')
_WS_DR = (b'<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
          b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">%s</xdr:wsDr>')
_SHAPE = (b'<xdr:absoluteAnchor><xdr:pos x="0" y="0"/><xdr:ext cx="9" cy="9"/><xdr:sp><xdr:nvSpPr>'
          b'<xdr:cNvPr id="2" name="note"/><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr/></xdr:sp>'
          b'<xdr:clientData/></xdr:absoluteAnchor>')


def _drawing_on_owned(content: bytes):
    def change(parts: dict[str, bytes]) -> None:
        parts["xl/worksheets/_rels/sheet2.xml.rels"] = _DRAWING_REL
        parts["xl/drawings/drawing9.xml"] = _WS_DR % content
        _add_override(parts, "/xl/drawings/drawing9.xml", "application/vnd.openxmlformats-officedocument.drawing+xml")
    return change


def test_an_empty_drawing_on_our_sheet_is_let_go_but_a_shape_is_refused(tmp_path: Path):
    empty = _mutated(tmp_path / "empty", _drawing_on_owned(b""), with_owned=True)
    replace_owned_sheets(empty, empty.with_name("out.xlsx"), our_sheets(), OWNED)
    after = read_parts(empty.with_name("out.xlsx"))
    assert "xl/worksheets/_rels/sheet2.xml.rels" not in after
    assert after["xl/drawings/drawing9.xml"] == _WS_DR % b""  # unlinked, kept as it was
    shape = _mutated(tmp_path / "shape", _drawing_on_owned(_SHAPE), with_owned=True)
    with pytest.raises(CannotPreserve, match="move them to another sheet"):
        replace_owned_sheets(shape, shape.with_name("out.xlsx"), our_sheets(), OWNED)


# --- 4. formulas that read our sheets ---------------------------------------------------------------

def _excel_calc(parts: dict[str, bytes]) -> None:
    _edit(parts, "xl/workbook.xml", rb"<calcPr [^>]*/>", b'<calcPr calcId="191029"/>')


def _no_calc(parts: dict[str, bytes]) -> None:
    _edit(parts, "xl/workbook.xml", rb"<calcPr [^>]*/>", b"")


def _no_calc_no_names(parts: dict[str, bytes]) -> None:
    _no_calc(parts)
    _edit(parts, "xl/workbook.xml", rb"<definedNames>.*</definedNames>", b"")


@pytest.mark.parametrize("change", [_excel_calc, _no_calc, _no_calc_no_names])
def test_excel_is_asked_to_recalculate_on_open(tmp_path: Path, change):
    seller = _mutated(tmp_path, change)
    replace_owned_sheets(seller, tmp_path / "out.xlsx", our_sheets(), OWNED)
    after = read_parts(tmp_path / "out.xlsx")
    root = parse(after["xl/workbook.xml"])
    (calc,) = root.kids("calcPr")
    assert calc.attrs["fullCalcOnLoad"] == "1"
    if change is _excel_calc:
        assert calc.attrs["calcId"] == "191029"
    order = [c.local for c in root.children]
    assert order.index("definedNames") < order.index("calcPr")  # schema order
    replace_owned_sheets(tmp_path / "out.xlsx", tmp_path / "again.xlsx", our_sheets(), OWNED)
    assert read_parts(tmp_path / "again.xlsx") == after


def test_a_calc_chain_of_the_sellers_cells_stays_and_one_naming_our_sheets_goes(tmp_path: Path):
    seller = build_seller(tmp_path)
    replace_owned_sheets(seller, tmp_path / "out.xlsx", our_sheets(), OWNED)
    assert read_parts(tmp_path / "out.xlsx")["xl/calcChain.xml"] == read_parts(seller)["xl/calcChain.xml"]
    # A leftover entry under sheetId 5 (a deleted sheet's): our new 待办 takes that id, so the chain would name it.
    leftover = _mutated(tmp_path / "leftover", lambda parts: _edit(parts, "xl/calcChain.xml", rb"</calcChain>",
                                                                   b'<c r="A1" i="5"/></calcChain>'))
    replace_owned_sheets(leftover, tmp_path / "left.xlsx", our_sheets(), OWNED)
    after = read_parts(tmp_path / "left.xlsx")
    assert "xl/calcChain.xml" not in after
    assert b"calcChain" not in after["xl/_rels/workbook.xml.rels"] + after["[Content_Types].xml"]


# --- 5. number-format ids already in use ----------------------------------------------------------

def _undeclared_in_cells(parts: dict[str, bytes]) -> None:
    """The seller's amounts use format 164, which styles.xml never declares (as some writers leave it)."""
    _edit(parts, "xl/styles.xml", rb"<numFmts.*?</numFmts>", b"")


def _in_a_dxf(parts: dict[str, bytes]) -> None:
    _undeclared_in_cells(parts)
    _edit(parts, "xl/styles.xml", rb"<dxf>", b'<dxf><numFmt numFmtId="165" formatCode="0.0"/>')


def _in_a_pivot(parts: dict[str, bytes]) -> None:
    _undeclared_in_cells(parts)
    parts["xl/pivotTables/pivotTable1.xml"] = b'<pivotTableDefinition><dataFields><dataField fld="2" ' \
                                              b'numFmtId="165"/><dataField fld="3" numFmtId = \'166\'/>' \
                                              b'</dataFields></pivotTableDefinition>'


def _amounts(wb: openpyxl.Workbook) -> None:
    ws = wb.create_sheet("金额")
    ws["A1"], ws["A2"] = 46000, 12.5
    ws["A1"].number_format = ws["A2"].number_format = "0.0"


@pytest.mark.parametrize("change, taken", [(_undeclared_in_cells, {164}), (_in_a_dxf, {164, 165}),
                                           (_in_a_pivot, {164, 165, 166})])
def test_a_new_number_format_takes_an_id_nothing_uses(tmp_path: Path, monkeypatch, change, taken):
    import tests.sellerbook as sellerbook

    plain = sellerbook.seller_workbook

    def with_amounts(**kwargs):
        wb = plain(**kwargs)
        _amounts(wb)
        return wb

    monkeypatch.setattr(sellerbook, "seller_workbook", with_amounts)
    seller = _mutated(tmp_path, change)
    assert b'numFmtId="164"' in read_parts(seller)["xl/styles.xml"]  # the seller's amounts still use 164
    replace_owned_sheets(seller, tmp_path / "out.xlsx", our_sheets(), OWNED)
    styles = parse(read_parts(tmp_path / "out.xlsx")["xl/styles.xml"])
    declared = {int(n.attrs["numFmtId"]) for n in styles.kid("numFmts").kids("numFmt")}
    assert declared and not declared & taken
    # calamine reads a number whose format is a date as a date: 46000 and 12.5 must stay numbers
    amounts = CalamineWorkbook.from_path(str(tmp_path / "out.xlsx")).get_sheet_by_name("金额").to_python()
    assert amounts == [[46000.0], [12.5]]


def test_the_ids_are_looked_for_only_when_a_format_is_new(tmp_path: Path, monkeypatch):
    import workbook.package as package

    once = tmp_path / "once.xlsx"
    replace_owned_sheets(build_seller(tmp_path), once, our_sheets(), OWNED)
    monkeypatch.setattr(package, "_number_format_ids", lambda *_: pytest.fail("the package was scanned"))
    replace_owned_sheets(once, tmp_path / "twice.xlsx", our_sheets(), OWNED)


# --- 6. names that point past the last sheet --------------------------------------------------------

# The seller's sheets are 客户, 订单, 图表, 隐藏 (0-3); a tool deleted 旧表 and left its names behind. Our new 待办
# lands on index 4 (it has a filter range) and 本周跟进表 on 5 (print titles).
_BROKEN = ("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"4\" hidden=\"1\">'旧表'!$A$1:$B$9</definedName>"
           "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"5\">'旧表'!$1:$1</definedName>"
           "<definedName name=\"旧合计\" localSheetId=\"9\">'旧表'!$C$9</definedName>").encode()


def test_names_past_the_last_sheet_are_kept_and_never_taken_over(tmp_path: Path):
    seller = _mutated(tmp_path, lambda parts: _edit(parts, "xl/workbook.xml", rb"</definedNames>",
                                                    _BROKEN + b"</definedNames>"))
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    replace_owned_sheets(seller, once, our_sheets(), OWNED)
    workbook_xml = read_parts(once)["xl/workbook.xml"]
    assert _BROKEN in workbook_xml  # byte for byte, in place
    scoped = [(name, local) for name, local, _ in _names(workbook_xml)]
    assert len(scoped) == len(set(scoped))  # no sheet has one name twice (Excel's repair prompt)
    assert ("_tierbook", "4") in scoped and ("_tierbook", "5") in scoped
    replace_owned_sheets(once, twice, our_sheets(), OWNED)
    assert read_parts(twice) == read_parts(once)


# --- 7. Excel's 64,000 cell formats ---------------------------------------------------------------

def _with_cell_formats(total: int):
    """styles.xml with `total` distinct cell formats, none of them one of ours."""
    def change(parts: dict[str, bytes]) -> None:
        styles = parts["xl/styles.xml"].decode()
        have = len(parse(parts["xl/styles.xml"]).kid("cellXfs").kids("xf"))
        extra = "".join(f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
                        f'<alignment indent="{i + 1}"/></xf>' for i in range(total - have))
        styles = re.sub(r'<cellXfs count="\d+">(.*?)</cellXfs>',
                        lambda m: f'<cellXfs count="{total}">{m.group(1)}{extra}</cellXfs>', styles, flags=re.S)
        parts["xl/styles.xml"] = styles.encode()
    return change


def _added_formats(tmp_path: Path) -> int:
    (tmp_path / "plain").mkdir()
    seller = build_seller(tmp_path / "plain")
    replace_owned_sheets(seller, tmp_path / "plain" / "out.xlsx", our_sheets(), OWNED)
    return sum(len(parse(read_parts(p)["xl/styles.xml"]).kid("cellXfs").kids("xf")) * sign
               for p, sign in ((tmp_path / "plain" / "out.xlsx", 1), (seller, -1)))


def test_a_refresh_that_would_pass_64000_cell_formats_is_refused(tmp_path: Path):
    seller = _mutated(tmp_path, _with_cell_formats(EXCEL_FORMAT_LIMIT - 1))
    before = _folder(tmp_path)
    with pytest.raises(Refused) as refused:
        safe_refresh(seller, our_sheets, OWNED, now=NOW)
    assert "64,000" in refused.value.zh and "64,000" in refused.value.en and "63,999" in refused.value.en
    assert _folder(tmp_path) == before  # nothing changed: no backup, no temp file


def test_ours_fit_when_the_limit_leaves_room_for_them(tmp_path: Path):
    room = _added_formats(tmp_path)
    seller = _mutated(tmp_path, _with_cell_formats(EXCEL_FORMAT_LIMIT - room))
    replace_owned_sheets(seller, tmp_path / "out.xlsx", our_sheets(), OWNED)
    assert len(parse(read_parts(tmp_path / "out.xlsx")["xl/styles.xml"]).kid("cellXfs").kids("xf")) == EXCEL_FORMAT_LIMIT


# --- 8. styles.xml without cellStyleXfs ---------------------------------------------------------

def _no_cell_styles(parts: dict[str, bytes]) -> None:
    """Some writers leave out named styles altogether; then no cell format may name one."""
    _edit(parts, "xl/styles.xml", rb"<cellStyleXfs.*?</cellStyleXfs>", b"")
    _edit(parts, "xl/styles.xml", rb"<cellStyles.*?</cellStyles>", b"")
    parts["xl/styles.xml"] = re.sub(rb'\s+xfId="\d+"', b"", parts["xl/styles.xml"])


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")  # openpyxl, reading it back
def test_without_cell_styles_our_formats_name_none(tmp_path: Path):
    seller = _mutated(tmp_path, _no_cell_styles)
    replace_owned_sheets(seller, tmp_path / "out.xlsx", our_sheets(), OWNED)
    styles = parse(read_parts(tmp_path / "out.xlsx")["xl/styles.xml"])
    assert styles.kid("cellStyleXfs") is None
    assert all("xfId" not in xf.attrs for xf in styles.kid("cellXfs").kids("xf"))
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert wb["待办"]["A1"].font.b and wb["待办"]["A2"].number_format == "yyyy-mm-dd"


def test_with_cell_styles_our_formats_hang_off_normal(tmp_path: Path):
    seller = build_seller(tmp_path)
    replace_owned_sheets(seller, tmp_path / "out.xlsx", our_sheets(), OWNED)
    xfs = parse(read_parts(tmp_path / "out.xlsx")["xl/styles.xml"]).kid("cellXfs").kids("xf")
    assert {xf.attrs.get("xfId") for xf in xfs} == {"0"}


# --- 12. an Excel 4.0 macro sheet ------------------------------------------------------------------

_MACRO_SHEET = (b'<xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData><row r="1">'
                b'<c r="A1" t="b"><f>RETURN()</f><v>1</v></c></row></sheetData></xm:macrosheet>')


def _macro_sheet(parts: dict[str, bytes]) -> None:
    """What Excel writes for Insert → MS Excel 4.0 Macro: a sheet whose part lives in xl/macrosheets/."""
    parts["xl/macrosheets/sheet1.xml"] = _MACRO_SHEET
    _add_rel(parts, "rId950", "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet",
             "macrosheets/sheet1.xml")
    _add_override(parts, "/xl/macrosheets/sheet1.xml", "application/vnd.ms-excel.macrosheet+xml")
    _edit(parts, "xl/workbook.xml", rb"</sheets>",
          b'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" name="Macro1" '
          b'sheetId="50" r:id="rId950"/></sheets>')


def test_a_macro_sheet_is_named_not_called_damage(tmp_path: Path):
    seller = _mutated(tmp_path, _macro_sheet, macro=True)
    with pytest.raises(UnsafePackage) as refused:
        check_package(seller)
    assert "Excel 4.0" in refused.value.zh and "xl/macrosheets/sheet1.xml" in refused.value.en
    assert "not damaged" in refused.value.en
    with pytest.raises(Refused, match="macro sheet"):
        check_readable(seller)


def test_the_writer_carries_a_macro_sheet_untouched(tmp_path: Path):
    """The writer is ready for the day the reader reads around a macro sheet: it copies it as it is."""
    seller = _mutated(tmp_path, _macro_sheet, macro=True)
    replace_owned_sheets(seller, tmp_path / "out.xlsm", our_sheets(), OWNED)
    before, after = read_parts(seller), read_parts(tmp_path / "out.xlsm")
    assert after["xl/macrosheets/sheet1.xml"] == before["xl/macrosheets/sheet1.xml"]
    assert [name for name, _ in _sheets(after)][:5] == ["客户", "订单", "图表", "隐藏", "Macro1"]


# --- an independent schema audit ---------------------------------------------------------------

def _date1904(parts: dict[str, bytes]) -> None:
    _edit(parts, "xl/workbook.xml", rb"<workbookPr\s*/>", b'<workbookPr date1904="1"/>')


def _audit_case(tmp_path: Path, case: str) -> Path:
    import xlwings

    copies = {"libreoffice": LIBREOFFICE_SAVED, "pivot": LIBREOFFICE_PIVOT,
              "excel": Path(xlwings.__file__).with_name("quickstart.xlsm")}
    if case in copies:
        path = tmp_path / ("in" + copies[case].suffix)
        shutil.copy(copies[case], path)
        return path
    changes = {"1904": _date1904, "no-cell-styles": _no_cell_styles, "names-past-the-end":
               lambda parts: _edit(parts, "xl/workbook.xml", rb"</definedNames>", _BROKEN + b"</definedNames>")}
    if case in changes:
        return _mutated(tmp_path, changes[case])
    return build_seller(tmp_path, **{"openpyxl": {}, "xlsm": {"macro": True}, "owned": {"with_owned": True}}[case])


@pytest.mark.parametrize("case", ["openpyxl", "xlsm", "owned", "libreoffice", "pivot", "1904", "excel",
                                  "no-cell-styles", "names-past-the-end"])
def test_the_open_xml_sdk_schemas_find_no_new_error_in_what_we_write(tmp_path: Path, case):
    audit = pytest.importorskip("openxml_audit")
    validator = audit.OpenXmlValidator(file_format=audit.FileFormat.MICROSOFT_365, max_errors=100_000)
    seller = _audit_case(tmp_path, case)
    out = tmp_path / ("out" + seller.suffix)
    replace_owned_sheets(seller, out, our_sheets(), OWNED)

    def errors(path: Path) -> set[tuple]:
        # Warnings are advice, e.g. that Excel moves our inline strings into sharedStrings on its next save.
        return {(e.error_type.value, e.part_uri, e.path, e.description) for e in validator.validate(path).errors
                if e.severity == audit.ValidationSeverity.ERROR}

    assert errors(out) - errors(seller) == set()
