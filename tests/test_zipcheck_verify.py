"""The package check's verify path (issue 22): the extent it proves is the slow count's, or it leaves the part to it."""
import io
import os
import re
import zipfile
from unittest import mock

import pytest
from hypothesis import given, strategies as st

from workbook import zipcheck
from workbook.cells import column_letter
from workbook.zipcheck import UnsafePackage, _chunks, _fast_extent, _slow_extent, _up_to, check_package

_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/'
         b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
         b'<dimension ref="A1:C3"/><sheetData>')
# Attributes ending in "r" (header=, operator=) sit after the cells in every Excel sheet.
_TAIL = b'</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'

_row_number = st.one_of(st.integers(1, 30), st.integers(1, 1_048_576), st.integers(1_048_577, 9_999_999))
_column = st.one_of(st.integers(1, 30), st.integers(1, 16_384))
_value = st.sampled_from([b"", b'<v>1</v>', b'<is><t>r="XFD9" &lt;c r</t></is>'])
_plain_attributes = st.sampled_from([b"", b' s="1"', b' t="n"', b' s="2" t="inlineStr"'])


def _plain_cell(column: int, row: int, attributes: bytes, value: bytes) -> bytes:
    tag = b'<c r="%s%d"%s' % (column_letter(column).encode(), row, attributes)
    return tag + (b"><v>1</v></c>" if value else b"/>")


@st.composite
def _plain_rows(draw, ascending=True) -> list[bytes]:
    """Rows as every common writer spells them; a cell may carry another row's number (calamine takes the cell's)."""
    numbers = draw(st.lists(_row_number, min_size=1, max_size=12))
    rows = []
    for number in (sorted(numbers) if ascending else numbers):
        cells = [_plain_cell(column, draw(st.sampled_from([number, number, draw(_row_number)])),
                             draw(_plain_attributes), draw(_value))
                 for column in sorted(draw(st.lists(_column, max_size=6)))]
        rows.append(b'<row r="%d"%s>' % (number, draw(st.sampled_from([b"", b' spans="1:3"', b' ht="15"'])))
                    + b"".join(cells) + b"</row>")
    return rows


# Each spelling calamine or the slow count reads differently from the common form; the numbers are large, so
# a path that missed one would report a smaller extent.
_ODD_TAGS = [
    b"<c/>", b"<c><v>1</v></c>", b'<c t="n"/>', b"<row>", b"<row/>", b'<row spans="1:2">',          # unnumbered
    *(b"<c%sr=\"B9\"/>" % space for space in (b"\t", b"\n", b"\r", b"\f", b"\v")), b"<c\f/>", b"<row\v/>",
    b'<x:c r="XFD9"/>', b'<:c r="XFD9"/>', b'<\xc3\xa9:c r="XFD9"/>', b'<x:row r="9999999">',       # prefixed
    b'<c r="xfd9"/>', b'<c r="A0000009999999"/>', b'<c r="A0009999999"/>', b'<c r="Z0999999"/>',   # spelt oddly
    b'<c r=" XFD9 "/>', b"<c r='XFD9'/>", b'<c r = "XFD9"/>', b'<c r="XFD"/>', b'<c r="9999999"/>',
    b'<c r="A0"/>', b'<row r="0">', b'<row r="0999999">', b'<row r="A9">', b"<row r='9999999'>",
    b'<c t="n" r="XFD9"/>', b'<row spans="1:2" r="9999999">',                                        # r not first
    b'<c r="A1" r="XFD9"/>', b'<c r="A1"r="XFD9"/>', b'<c r="A1"\fr="XFD9"/>', b'<c r="A1" t="n"r="XFD9"/>',
    b'<row r="1"r="9999999">', b"<c r=\"A1\" r='XFD9'/>", b'<c r="A1" r ="XFD9"/>',                 # two r
    b'<c r="A1" t=">" r="XFD9"/>', b'<c r="A1" s="1"\tr="XFD9"/>', b'<row r="1" spans="1:2" r="9999999">',
    b'<c r="A1" sr="XFD9"/>', b'<c r="A1" s="1" >', b'<c r="A1"  s="1"/>',                   # not a second r
    b'<c r="XFD1048576"/>', b'<row r="9999999">', b'<c r="A9999999"/>',                              # plain, far
]


@st.composite
def _parts(draw, odd: bool) -> bytes:
    rows = draw(_plain_rows(ascending=draw(st.booleans())))
    if odd:
        for _ in range(draw(st.integers(1, 3))):
            rows.insert(draw(st.integers(0, len(rows))), b"".join(draw(st.lists(st.sampled_from(_ODD_TAGS),
                                                                                  min_size=1, max_size=4))))
    return _HEAD + b"".join(rows) + _TAIL


def _extent(count, xml: bytes, piece: int):
    with mock.patch.object(zipcheck, "_CHUNK", piece):
        return count("sheet.xml", _chunks(io.BytesIO(xml)))


_pieces = st.sampled_from([16, 100, 1000, 4 << 20])  # a piece ends before a tag, so tiny pieces cut everywhere


@given(_parts(odd=False), _pieces)
def test_a_part_in_the_common_form_is_verified_to_the_exact_count(xml, piece):
    assert _extent(_fast_extent, xml, piece) == _extent(_slow_extent, xml, piece)


@given(_parts(odd=True), _pieces)
def test_the_verify_path_agrees_with_the_slow_count_or_leaves_the_part_to_it(xml, piece):
    fast = _extent(_fast_extent, xml, piece)
    try:
        slow = _extent(_slow_extent, xml, piece)
    except UnsafePackage:
        assert fast is None  # the slow count refuses what the verify path must not accept
    else:
        assert fast in (None, slow)


def test_a_sheet_within_its_first_bounds_is_verified_not_counted():
    # The point of issue 22: pieces are searched once for anything beyond, never read reference by reference.
    xml = _HEAD + b"".join(b'<row r="%d"><c r="A%d"/><c r="C%d" t="n"><v>1</v></c></row>' % (n, n, n)
                           for n in range(1, 400)) + _TAIL
    with mock.patch.object(zipcheck, "_counted", side_effect=AssertionError("counted")):
        assert _extent(_fast_extent, xml, 1000) == (399, 3)


@pytest.mark.parametrize("late", [
    b'<row r="400"><c r="A400"/><c r="XFD400"/></row>',            # a wider row, far from every sampled row
    b'<row r="400"><c r="A1048576"/></row>',                        # a cell beyond its row's number
    b'<row r="400"><c r="A400"/>' + b"<c/>" * 40 + b"</row>",        # unnumbered cells after a numbered one
    b'<row r="400"><c r="A0000009999999"/></row>',                  # leading zeros
    b'<row r="400"><c r="AB400"\fr="XFD1048576"/></row>',           # a second r after a form feed
    b'<row r="400"><c r="B400"/><c\f/><c\v/></row>',                # white space the slow count reads
])
def test_whatever_a_later_piece_hides_beyond_the_bounds_is_counted(late):
    rows = b"".join(b'<row r="%d"><c r="A%d"/><c r="B%d"/></row>' % (n, n, n) for n in range(1, 400))
    xml = _HEAD + rows + late + b'<row r="401"><c r="A401"/></row>' + _TAIL
    fast = _extent(_fast_extent, xml, 1000)
    try:
        slow = _extent(_slow_extent, xml, 1000)
    except UnsafePackage:
        assert fast is None
    else:
        assert fast in (None, slow) and slow[0] * slow[1] > 401 * 2


def test_a_cell_beyond_the_grid_in_the_last_piece_of_a_package_is_refused(tmp_path):
    rows = b"".join(b'<row r="%d"><c r="A%d"/></row>' % (n, n) for n in range(1, 3000))
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", _HEAD + rows + b'<row r="3000"><c r="XFD3000"/></row>' + _TAIL)
    with mock.patch.object(zipcheck, "_CHUNK", 4096), pytest.raises(UnsafePackage, match="too large"):
        check_package(path)


@given(st.integers(1, 9_999_999), st.integers(1, 9_999_999))
def test_row_bounds_match_exactly_the_numbers_up_to_them(bound, number):
    up_to = re.compile(_up_to(b"%d" % bound, b"1", b"0", b"9"))
    assert bool(up_to.fullmatch(b"%d" % number)) == (number <= bound)
    assert not up_to.fullmatch(b"0%d" % number)  # a leading zero is never the common form


@given(st.integers(1, 16_384), st.integers(1, 16_384))
def test_column_bounds_match_exactly_the_columns_up_to_them(bound, column):
    up_to = re.compile(_up_to(column_letter(bound).encode(), b"A", b"A", b"Z"))
    assert bool(up_to.fullmatch(column_letter(column).encode())) == (column <= bound)
    assert not up_to.fullmatch(column_letter(column).lower().encode())


# ---------------------------------------------------------------- error marks handed to errorcells


def _book_with_one_error_sheet(path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "客户"
    wb.active.append(["姓名", "金额"])
    wb.active.append(["张三", "#N/A"])  # openpyxl writes it as an error cell: t="e"
    wb.create_sheet("订单").append(["日期", "金额"])
    wb.save(path)
    return path


def test_errorcells_finds_the_same_cells_and_reads_only_the_marked_sheets_after_the_check(tmp_path):
    from workbook import errorcells

    path = _book_with_one_error_sheet(tmp_path / "book.xlsx")
    before = errorcells.error_cells(path, ["客户", "订单"])
    check_package(path)
    with mock.patch.object(errorcells, "_from_first_mark", wraps=errorcells._from_first_mark) as reads:
        assert errorcells.error_cells(path, ["客户", "订单"]) == before == {"客户": {(1, 1): "#N/A"}}
    assert reads.call_count == 1  # 客户 only: the check saw no mark in 订单
    assert zipcheck.parts_without_error_marks(path) >= {"xl/worksheets/sheet2.xml", "xl/styles.xml"}
    assert "xl/worksheets/sheet1.xml" not in zipcheck.parts_without_error_marks(path)


def _saved_again(path):
    os.utime(path, ns=(0, path.stat().st_mtime_ns + 1))


def test_a_file_saved_after_the_check_is_read_again(tmp_path):
    path = _book_with_one_error_sheet(tmp_path / "book.xlsx")
    check_package(path)
    _saved_again(path)
    assert zipcheck.parts_without_error_marks(path) == frozenset()


def test_a_file_saved_while_it_was_checked_is_read_again(tmp_path):
    path = _book_with_one_error_sheet(tmp_path / "book.xlsx")
    with mock.patch.object(zipcheck, "_check_sizes", side_effect=lambda infos: _saved_again(path)):
        check_package(path)
    assert zipcheck.parts_without_error_marks(path) == frozenset()


@pytest.mark.parametrize("rows", [
    b'<row r="1"><c r="A1"/></row>' * 200 + b'<row r="201"><c r="A201" t="e"><v>#N/A</v></c></row>',  # a later piece
    b"<row><c/></row>" + b'<row r="2"><c r="A2"/></row>' * 200 + b"<c t='e'><v>#N/A</v></c>",  # after the fast
    b'<row r="1"><x:c r="A1"/></row>' * 200 + b'<row r="201"><c r="A201" t="e"/></row>',  # count gave up at once
])
def test_a_mark_anywhere_in_a_part_keeps_it_for_errorcells(tmp_path, rows):
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", _HEAD + rows + _TAIL)
        archive.writestr("xl/worksheets/sheet2.xml", _HEAD + rows.replace(b"t=", b"s=") + _TAIL)
    with mock.patch.object(zipcheck, "_CHUNK", 1000):
        check_package(path)
    assert zipcheck.parts_without_error_marks(path) == {"xl/worksheets/sheet2.xml"}


def test_a_tag_built_of_millions_of_attributes_costs_the_verify_search_no_memory():
    import tracemalloc

    xml = _HEAD + b'<row r="1"><c r="A1"' + b' a=""' * 2_000_000 + b"/></row>" + _TAIL  # 10 MB in one tag
    tracemalloc.start()
    try:
        assert _extent(_fast_extent, xml, 4 << 20) == (1, 1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * len(xml)  # the pieces and their copies; the regex engine's own stack stays small


def test_a_tag_of_millions_of_attributes_is_refused_by_the_slow_count_without_its_memory():
    import tracemalloc

    xml = _HEAD + b'<row r="1"><c/><c r="A1"' + b' a=""' * 2_000_000 + b"/></row>" + _TAIL  # <c/>: slow count
    tracemalloc.start()
    try:
        with pytest.raises(UnsafePackage, match="not well-formed"):
            _extent(_slow_extent, xml, 4 << 20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * len(xml)


@pytest.mark.parametrize("declaration", [b"<!DOCTYPE x>", b"<!doctype x>", b"<!DocType x>", b"<!ENTITY e 'x'>",
                                         b"<!entity e 'x'>"])
@pytest.mark.parametrize("count", [_fast_extent, _slow_extent])
def test_a_declaration_in_any_case_in_a_later_piece_is_refused(declaration, count):
    """A DTD spelt in any case, in any piece, is refused by either count."""
    rows = b"".join(_plain_cell(1, n, b"", b"1").join((b'<row r="%d">' % n, b"</row>")) for n in range(1, 200))
    with pytest.raises(UnsafePackage, match="DTD"):
        _extent(count, _HEAD + rows + declaration + _TAIL, 1000)

