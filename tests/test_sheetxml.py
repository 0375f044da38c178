"""The direct XML writer draws our sheets exactly as the openpyxl renderer does, read back by openpyxl and LibreOffice."""
import io
import zipfile
from datetime import date, datetime
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import given, settings, strategies as st

from workbook.sheets import Column, SheetSpec, check_sheet, due_sheet, greetings_sheet, weekly_sheet
from workbook.sheetxml import xlsx_bytes
from workbook.report import CheckReport, Problem

from .helpers import openpyxl_render
from .test_sheets import MONDAY, ROWS, TODAY, greeting_row


def both(specs):
    """The same specs written by each engine and loaded back with openpyxl."""
    buffer = io.BytesIO()
    openpyxl_render(specs).save(buffer)
    return openpyxl.load_workbook(buffer), openpyxl.load_workbook(io.BytesIO(xlsx_bytes(specs)))


def look(cell):
    font, fill, border, align = cell.font, cell.fill, cell.border, cell.alignment
    colour = lambda c: c.rgb[-6:] if c is not None and isinstance(c.rgb, str) and c.type == "rgb" else None
    kind = cell.data_type if cell.value is not None else None  # openpyxl marks some empty cells as text
    # openpyxl writes 16 significant digits, we write all 17: equal to a part in 10¹⁵ (Excel keeps 15 digits).
    value = pytest.approx(cell.value, rel=1e-15) if isinstance(cell.value, float) else cell.value
    return (value, kind, cell.number_format, bool(font.b), colour(font.color),
            fill.fill_type, colour(fill.fgColor) if fill.fill_type else None,
            tuple((side.style, colour(side.color)) for side in (border.left, border.right, border.top, border.bottom)),
            align.horizontal, align.vertical, bool(align.wrap_text))


def sheet_setup(ws):
    return (ws.freeze_panes, ws.auto_filter.ref, ws.print_area, ws.print_title_rows,
            sorted(str(r) for r in ws.merged_cells.ranges),
            {k: d.width for k, d in ws.column_dimensions.items()},
            {k: d.height for k, d in ws.row_dimensions.items() if d.height},
            [(v.type, v.formula1, str(v.sqref), bool(v.allow_blank), bool(v.showErrorMessage))
             for v in ws.data_validations.dataValidation],
            ws.page_setup.orientation, ws.page_setup.paperSize and int(ws.page_setup.paperSize),
            ws.page_setup.fitToWidth, ws.page_setup.fitToHeight, bool(ws.sheet_properties.pageSetUpPr
                                                                      and ws.sheet_properties.pageSetUpPr.fitToPage),
            ws.oddHeader.center.text, ws.oddFooter.center.text,
            tuple(getattr(ws.page_margins, side) for side in ("left", "right", "top", "bottom", "header", "footer")))


SPECS = [due_sheet(ROWS), greetings_sheet([greeting_row()]), weekly_sheet(ROWS, MONDAY, TODAY),
         check_sheet(CheckReport([Problem("客户", 5, "G", "生日", "2024-13-01", "日期")], ["未找到订单表"]))]


def test_every_cell_and_setting_matches_the_openpyxl_renderer():
    slow, fast = both(SPECS)
    assert fast.sheetnames == slow.sheetnames
    for name in slow.sheetnames:
        old, new = slow[name], fast[name]
        assert sheet_setup(new) == sheet_setup(old), name
        merged_tails = {c.coordinate for r in old.merged_cells.ranges for c in list(old[r.coord])[0][1:]}
        cells = [(c.coordinate, look(c)) for row in old.iter_rows() for c in row if c.coordinate not in merged_tails]
        assert [(c.coordinate, look(c)) for row in new.iter_rows() for c in row
                if c.coordinate not in merged_tails] == cells, name


def test_the_same_specs_give_the_same_bytes():
    assert xlsx_bytes(SPECS) == xlsx_bytes(SPECS)


odd_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
cell_values = st.one_of(st.none(), st.booleans(), st.integers(-10**9, 10**9),
                        st.floats(-1e7, 1e7), st.sampled_from([float("nan"), float("inf")]),
                        st.dates(date(1950, 1, 1), date(2099, 12, 31)),
                        st.datetimes(datetime(1950, 1, 1), datetime(2099, 12, 31)), odd_text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(cell_values, cell_values), max_size=6))
def test_any_values_read_back_as_openpyxl_writes_them(rows):
    spec = SheetSpec("老板's 待办", (Column("甲", 10), Column("乙", 12, "yyyy-mm-dd", wrap=True)), tuple(rows),
                     (None,) * len(rows))
    slow, fast = both([spec])
    expected = [[look(c)[:3] for c in row] for row in slow.active.iter_rows()]
    assert [[look(c)[:3] for c in row] for row in fast.active.iter_rows()] == expected


def test_our_package_is_well_formed_xml_with_inline_strings_only():
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(SPECS))) as archive:
        for name in archive.namelist():
            ElementTree.fromstring(archive.read(name))  # raises on malformed XML
        assert "xl/sharedStrings.xml" not in archive.namelist()


@pytest.mark.skipif(not __import__("workbook.pdf", fromlist=["soffice"]).soffice(), reason="LibreOffice missing")
def test_libreoffice_reads_the_same_values(tmp_path):
    import subprocess

    from workbook.pdf import soffice

    source = tmp_path / "ours.xlsx"
    source.write_bytes(xlsx_bytes(SPECS))
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                    "--outdir", str(tmp_path / "lo"), str(source)], check=True, capture_output=True, timeout=600)
    again = openpyxl.load_workbook(tmp_path / "lo" / "ours.xlsx")
    original = openpyxl.load_workbook(source)
    for name in original.sheetnames:
        assert [[c.value for c in row] for row in again[name].iter_rows()] == \
            [[c.value for c in row] for row in original[name].iter_rows()], name


@pytest.mark.parametrize("with_owned", [False, True])
def test_a_sheets_package_goes_into_the_seller_file_as_its_bytes_do(tmp_path, with_owned):
    """The refresh hands the writer our sheets still to be written, with the style ids our styles get in the seller's
    file; the sheets come out as those of the finished .xlsx do once their style indexes are rewritten."""
    from workbook.owned import OWNED_SHEETS
    from workbook.package import replace_owned_sheets
    from workbook.sheetxml import sheets_package
    from .sellerbook import build_seller, read_parts

    specs = [due_sheet(ROWS), weekly_sheet(ROWS, MONDAY, TODAY), greetings_sheet([greeting_row()])]
    seller = build_seller(tmp_path, with_owned=with_owned)
    replace_owned_sheets(seller, tmp_path / "from_bytes.xlsx", xlsx_bytes(specs), OWNED_SHEETS)
    replace_owned_sheets(seller, tmp_path / "from_package.xlsx", sheets_package(specs), OWNED_SHEETS)
    from_bytes, from_package = read_parts(tmp_path / "from_bytes.xlsx"), read_parts(tmp_path / "from_package.xlsx")
    assert from_package == from_bytes
