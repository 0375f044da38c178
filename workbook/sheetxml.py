"""Write sheet specs straight to a small .xlsx package: the refresh's engine, about 20× faster than openpyxl.

The package holds only what `workbook/package.py` carries into the seller's file: the sheets, a
styles part with one cell format per look, and the sheet-scoped names for print titles, print
area and filter range. Values are written as openpyxl would write them (text always as inline
text, dates as serial numbers), so `tests/test_sheetxml.py` compares the two cell by cell.

A refresh hands the package over unwritten (sheets_package): the writer merges our styles into the
seller's first, then has each sheet written with the style ids they got there.
"""
from __future__ import annotations

import io
import re
from math import isfinite
import zipfile
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any, Iterable, Mapping, Optional


from .cells import MAX_CELL_CHARS, column_letter, excel_serial, safe_text
from .charts import CHART_REL, CHART_TYPE, DRAWING_REL, DRAWING_TYPE, chart_xml, drawing_xml
from .sheets import DAY_ROW, EMPTY_DAY_ROW, GRID_COLOR, HEADER_LOOK, Look, SheetSpec, body_look
from .package import SheetsPackage
from .xmlspans import escape
from .zipwriter import FIXED_TIME

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
# Fixed entry times: the same specs give the same bytes.
# Number formats Excel has built in; any other gets an id from 164 up.
_BUILT_IN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10}
_HIDDEN = ' hidden="1"'


def sheets_package(specs: Iterable[SheetSpec], date1904: bool = False) -> SheetsPackage:
    """The specs as a package, one sheet each, in order; dates in the 1904 date system when `date1904` (that of
    the workbook they go into: Excel reads every serial in a file by its one system)."""
    specs = list(specs)
    styles = _Styles()
    # Every look is indexed before any sheet is written, so the styles part is whole when the writer merges it.
    ids = [_SheetStyles.of(spec, styles) for spec in specs]
    drawn = _drawing_parts(specs)
    parts = {
        "[Content_Types].xml": _content_types(len(specs), [name for name in drawn if not name.endswith(".rels")]),
        "_rels/.rels": _relationships([("rId1", f"{REL}/officeDocument", "xl/workbook.xml")]),
        "xl/workbook.xml": _workbook_xml(specs, date1904),
        "xl/_rels/workbook.xml.rels": _relationships(
            [(f"rId{i}", f"{REL}/worksheet", f"worksheets/sheet{i}.xml") for i in range(1, len(specs) + 1)]
            + [(f"rId{len(specs) + 1}", f"{REL}/styles", "styles.xml")]),
        "xl/styles.xml": styles.xml(),
    }
    sheets = {f"xl/worksheets/sheet{i}.xml": partial(_sheet_xml, spec, sheet_ids, date1904)
              for i, (spec, sheet_ids) in enumerate(zip(specs, ids), start=1)}
    return SheetsPackage(parts | drawn, sheets)


def xlsx_bytes(specs: Iterable[SheetSpec], date1904: bool = False) -> bytes:
    """The specs as a complete .xlsx file (see sheets_package), each sheet with our own style ids.

    Stored, not deflated: it goes to LibreOffice, which reads it either way, or into the seller's package,
    which deflates what it writes; compressing it would be wasted work.
    """
    package = sheets_package(specs, date1904)
    parts = package.parts | {name: write(None) for name, write in package.sheets.items()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, FIXED_TIME), data)
    return buffer.getvalue()


def _text(text: str) -> str:
    """Element text escaped. Unlike xmlspans.escape (for attributes) a carriage return is left as it is:
    XML readers turn it into a line feed, Excel's line break, as openpyxl's files do."""
    # Four replaces beat one translate: each is a fast scan when its character is absent, as it mostly is.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# ---------------------------------------------------------------- styles


@dataclass
class _Styles:
    """Cell formats in first-use order; index 0 is the workbook default, as Excel expects."""

    looks: dict[Look, int] = field(default_factory=dict)
    fonts: dict[tuple[bool, Optional[str]], int] = field(default_factory=lambda: {(False, None): 0})
    fills: dict[Optional[str], int] = field(default_factory=lambda: {None: 0, "gray125": 1})
    formats: dict[str, int] = field(default_factory=dict)

    def index(self, look: Look) -> int:
        if look not in self.looks:
            self.fonts.setdefault((look.bold, look.text_color), len(self.fonts))
            self.fills.setdefault(look.fill, len(self.fills))
            if look.number_format and look.number_format not in _BUILT_IN_FORMATS:
                self.formats.setdefault(look.number_format, 164 + len(self.formats))
            self.looks[look] = len(self.looks) + 1
        return self.looks[look]

    def _format_id(self, number_format: Optional[str]) -> int:
        if not number_format:
            return 0
        return _BUILT_IN_FORMATS[number_format] if number_format in _BUILT_IN_FORMATS else self.formats[number_format]

    def _xf(self, look: Look) -> str:
        alignment = "".join(f' {key}="{value}"' for key, value in (
            ("horizontal", look.horizontal), ("vertical", look.vertical), ("wrapText", "1" if look.wrap else None))
            if value)
        number_format = self._format_id(look.number_format)
        applied = ' applyNumberFormat="1"' if number_format else ""
        return (f'<xf numFmtId="{number_format}" fontId="{self.fonts[(look.bold, look.text_color)]}" '
                f'fillId="{self.fills[look.fill]}" borderId="1" xfId="0" applyFont="1" applyFill="1" '
                f'applyBorder="1" applyAlignment="1"{applied}><alignment{alignment}/></xf>')

    def xml(self) -> bytes:
        formats = "".join(f'<numFmt numFmtId="{i}" formatCode="{escape(code)}"/>' for code, i in self.formats.items())
        fonts = "".join(_font(bold, color) for bold, color in self.fonts)
        fills = ('<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
                 + "".join(f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/></patternFill></fill>'
                           for rgb in list(self.fills)[2:]))
        side = '<{0} style="thin"><color rgb="FF{1}"/></{0}>'
        grid = "".join(side.format(edge, GRID_COLOR) for edge in ("left", "right", "top", "bottom"))
        xfs = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' + "".join(map(self._xf, self.looks))
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
                + (f'<numFmts count="{len(self.formats)}">{formats}</numFmts>' if self.formats else "")
                + f'<fonts count="{len(self.fonts)}">{fonts}</fonts>'
                f'<fills count="{len(self.fills)}">{fills}</fills>'
                f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
                f'<border>{grid}<diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(self.looks) + 1}">{xfs}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
                '</styleSheet>').encode()


def _font(bold: bool, color: Optional[str]) -> str:
    return ("<font>" + ("<b/>" if bold else "") + '<sz val="11"/>'
            + (f'<color rgb="FF{color}"/>' if color else "") + '<name val="Calibri"/><family val="2"/></font>')


# ---------------------------------------------------------------- sheets


@dataclass(frozen=True)
class _SheetStyles:
    """The style ids (in our styles part) of one sheet's header cells, and of each column on each kind of row."""

    header: int
    body: dict[Optional[str], list[int]]  # row style → a style id per column

    @classmethod
    def of(cls, spec: SheetSpec, styles: _Styles) -> _SheetStyles:
        return cls(styles.index(HEADER_LOOK),
                   {style: [styles.index(body_look(c, style)) for c in spec.columns]
                    for style in dict.fromkeys(spec.row_styles)})


def _placed(ids: list[int], xf: Optional[Mapping[int, int]]) -> list[int]:
    """`ids` where our styles landed (`xf`: our id → theirs), or as they are (None)."""
    return ids if xf is None else [xf[i] for i in ids]


def _sheet_xml(spec: SheetSpec, ids: _SheetStyles, date1904: bool, xf: Optional[Mapping[int, int]]) -> bytes:
    width = len(spec.columns)
    last_row = len(spec.rows) + 1
    letters = [column_letter(i) for i in range(1, width + 1)]
    setup = spec.print_setup
    fit = setup is not None and setup.fit_to_width
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{REL}">',
           '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if fit else "",
           f'<dimension ref="A1:{letters[-1]}{last_row}"/>',
           '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
           'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
           '<sheetFormatPr defaultRowHeight="15"/><cols>',
           *(f'<col min="{i}" max="{i}" width="{c.width}" customWidth="1"/>' for i, c in enumerate(spec.columns, 1)),
           '</cols><sheetData>',
           _row(1, None, _cell_heads(letters, _placed([ids.header] * width, xf)), spec.headers, date1904)]
    heads_by_style = {style: _cell_heads(letters, _placed(body, xf)) for style, body in ids.body.items()}
    heights = spec.row_heights or (None,) * len(spec.rows)
    out += [_row(r, height, heads_by_style[style], values, date1904)
            for r, (values, style, height) in enumerate(zip(spec.rows, spec.row_styles, heights), start=2)]
    out.append("</sheetData>")
    if spec.autofilter:
        out.append(f'<autoFilter ref="A1:{letters[-1]}{last_row}"/>')
    merged = [r for r, style in enumerate(spec.row_styles, start=2) if style in (DAY_ROW, EMPTY_DAY_ROW)]
    if spec.merge_day_rows and merged and width > 1:
        out.append(f'<mergeCells count="{len(merged)}">'
                   + "".join(f'<mergeCell ref="A{r}:{letters[-1]}{r}"/>' for r in merged) + "</mergeCells>")
    out.append(_validations(spec, letters, last_row))
    out.append(_page(spec))
    if spec.charts:
        out.append('<drawing r:id="rId1"/>')  # last in CT_Worksheet's sequence of what we write
    out.append("</worksheet>")
    return "".join(out).encode()


def _cell_heads(letters: list[str], styles: list[int]) -> list[tuple[str, str]]:
    """Each column's cell tag around its row number: ('<c r="B', '" s="3"'); built once per sheet, not per cell."""
    return [(f'<c r="{letter}', f'" s="{style}"') for letter, style in zip(letters, styles)]


def _row(number: int, height: Optional[float], heads: list[tuple[str, str]], values: tuple[Any, ...],
         date1904: bool) -> str:
    size = f' ht="{height}" customHeight="1"' if height else ""
    row = str(number)
    return (f'<row r="{row}"{size}>'
            + "".join([_cell(f"{before}{row}{after}", value, date1904) for (before, after), value in zip(heads, values)])
            + "</row>")


# A text to write as it is: none of the characters to escape or that XML forbids (cells.safe_text), no space
# at either end (it would need xml:space).
_CARE = r'&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff'
_PLAIN_TEXT = re.compile(f"[^\\s{_CARE}](?:[^{_CARE}]*[^\\s{_CARE}])?")


def _cell(head: str, value: Any, date1904: bool) -> str:
    """One cell as openpyxl's put_value would store it: text stays text, dates become serial numbers.
    `head` is the open tag up to its style: '<c r="B7" s="3"'."""
    if value.__class__ is str:  # text is most cells: test for it first, and most text needs no care
        if len(value) <= MAX_CELL_CHARS // 2 and _PLAIN_TEXT.fullmatch(value):
            return f'{head} t="inlineStr"><is><t>{value}</t></is></c>'
    elif value is None or isinstance(value, float) and not isfinite(value):
        return f"{head}/>"  # Excel has no NaN or infinity; openpyxl leaves them blank too
    elif isinstance(value, bool):
        return f'{head} t="b"><v>{int(value)}</v></c>'
    elif isinstance(value, (int, float)):
        # repr is exact; openpyxl's "%.16g" drops the 17th digit some floats need
        return f"{head}><v>{value!r}</v></c>"
    elif isinstance(value, date):
        return f"{head}><v>{excel_serial(value, date1904)!r}</v></c>"
    text = safe_text(value if isinstance(value, str) else str(value))
    if not text:
        return f"{head}/>"  # openpyxl writes an empty text as an empty cell too
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f'{head} t="inlineStr"><is><t{space}>{_text(text)}</t></is></c>'


def _validations(spec: SheetSpec, letters: list[str], last_row: int) -> str:
    if last_row < 2 or not spec.choices:
        return ""
    rules = "".join(
        f'<dataValidation type="list" allowBlank="1" sqref="{letters[i]}2:{letters[i]}{last_row}">'
        f'<formula1>{_text(chr(34) + ",".join(o for o in options if o) + chr(34))}</formula1></dataValidation>'
        for i, options in spec.choices)
    return f'<dataValidations count="{len(spec.choices)}">{rules}</dataValidations>'


def _page(spec: SheetSpec) -> str:
    setup = spec.print_setup
    if setup is None:
        return '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
    # Header and footer text sit in the margin: leave them room above and below the table.
    orientation = "landscape" if setup.landscape else "portrait"
    fit = ' fitToWidth="1" fitToHeight="0"' if setup.fit_to_width else ""
    return ('<pageMargins left="0.4" right="0.4" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
            f'<pageSetup paperSize="9" orientation="{orientation}"{fit}/>'
            f'<headerFooter><oddHeader>{_text("&C" + setup.header_text)}</oddHeader>'
            f'<oddFooter>{_text("&C" + setup.footer_text)}</oddFooter></headerFooter>')


# ---------------------------------------------------------------- package parts


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _workbook_xml(specs: list[SheetSpec], date1904: bool) -> bytes:
    sheets = "".join(f'<sheet name="{escape(spec.name)}" sheetId="{i}" r:id="rId{i}"/>'
                     for i, spec in enumerate(specs, start=1))
    names = []
    for index, spec in enumerate(specs):
        area = f"{_quoted(spec.name)}!$A$1:${column_letter(len(spec.columns))}${len(spec.rows) + 1}"
        print_area = _print_area(spec)
        if spec.print_setup is not None:
            if spec.print_setup.repeat_header:
                names.append(("_xlnm.Print_Titles", index, f"{_quoted(spec.name)}!$1:$1", False))
            names.append(("_xlnm.Print_Area", index, print_area, False))
        if spec.autofilter:
            names.append(("_xlnm._FilterDatabase", index, area, True))
    defined = "".join(f'<definedName name="{name}" localSheetId="{index}"{_HIDDEN if hidden else ""}>'
                      f'{_text(text)}</definedName>' for name, index, text, hidden in names)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            + ('<workbookPr date1904="1"/>' if date1904 else "")
            + f'<bookViews><workbookView/></bookViews><sheets>{sheets}</sheets>'
            + (f"<definedNames>{defined}</definedNames>" if defined else "") + "</workbook>").encode()


def _print_area(spec: SheetSpec) -> str:
    columns, rows = spec.print_extent
    return f"{_quoted(spec.name)}!$A$1:${column_letter(columns)}${rows}"


def _drawing_parts(specs: list[SheetSpec]) -> dict[str, bytes]:
    """For each sheet with charts: its relationships, one drawing anchoring the charts, and a part per chart."""
    parts: dict[str, bytes] = {}
    drawings = charts = 0
    for number, spec in enumerate(specs, start=1):
        if not spec.charts:
            continue
        drawings += 1
        drawing = f"xl/drawings/drawing{drawings}.xml"
        parts[f"xl/worksheets/_rels/sheet{number}.xml.rels"] = _relationships(
            [("rId1", DRAWING_REL, f"../drawings/drawing{drawings}.xml")])
        parts[drawing] = drawing_xml(spec.charts)
        chart_rels = []
        for i, chart in enumerate(spec.charts, start=1):
            charts += 1
            parts[f"xl/charts/chart{charts}.xml"] = chart_xml(spec.name, chart, spec.rows)
            chart_rels.append((f"rId{i}", CHART_REL, f"../charts/chart{charts}.xml"))
        parts[f"xl/drawings/_rels/drawing{drawings}.xml.rels"] = _relationships(chart_rels)
    return parts


def _relationships(rels: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f'<Relationship Id="{i}" Type="{kind}" Target="{target}"/>' for i, kind, target in rels)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PACKAGE_REL}">{body}</Relationships>').encode()


def _content_types(sheet_count: int, drawn: list[str]) -> bytes:
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
                        for i in range(1, sheet_count + 1))
    overrides += "".join(f'<Override PartName="/{name}" '
                         f'ContentType="{DRAWING_TYPE if "/drawings/" in name else CHART_TYPE}"/>' for name in drawn)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="{CONTENT_TYPES}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>").encode()
