"""Native Excel charts for our sheets: what a chart shows (engine-neutral data) and its DrawingML parts.

A chart draws from cells of its own sheet: categories from column A of a block of rows, one series per
column named by the block's heading row. sheetxml writes the parts below; the ribbon asks xlwings for the
same charts.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from .cells import column_letter
from .xmlspans import escape

CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
SHEET_DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
DRAWING_REL = REL_NS + "/drawing"
CHART_REL = REL_NS + "/chart"
# Every chart frame we draw is named so; a refresh replaces a drawing only when all its frames carry the name.
FRAME_NAME = "tierbook 图表"

COLUMNS, STACKED, LINE = "columns", "stacked", "line"
SERIES_COLORS = ("4F6D7A", "E07A5F", "81B29A", "F2CC8F")


@dataclass(frozen=True)
class Chart:
    """A chart of the block whose heading is on `heading_row` and whose values fill the rows after it up to
    `last_row` (sheet rows, 1-based): categories in column A, series in `series_columns` (0-based)."""

    title: str
    kind: str
    heading_row: int
    last_row: int
    series_columns: tuple[int, ...]
    anchor: tuple[int, int, int, int]   # from column, from row, to column, to row: 0-based cells, as DrawingML counts
    percent: bool = False               # values are shares: the axis reads 0%–100%


def _ref(sheet: str, column: int, first: int, last: int) -> str:
    letter = column_letter(column + 1)
    quoted = "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!${letter}${first}:${letter}${last}" if last != first else f"{quoted}!${letter}${first}"


def category_ref(sheet: str, chart: Chart) -> str:
    return _ref(sheet, 0, chart.heading_row + 1, chart.last_row)


def value_ref(sheet: str, chart: Chart, column: int) -> str:
    return _ref(sheet, column, chart.heading_row + 1, chart.last_row)


def name_ref(sheet: str, chart: Chart, column: int) -> str:
    return _ref(sheet, column, chart.heading_row, chart.heading_row)


# ---------------------------------------------------------------- chart part (c:chartSpace)


def _str_cache(values: Sequence[Any]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{escape(str(v))}</c:v></c:pt>' for i, v in enumerate(values) if v is not None)
    return f'<c:strCache><c:ptCount val="{len(values)}"/>{points}</c:strCache>'


def _num_cache(values: Sequence[Any]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{v!r}</c:v></c:pt>' for i, v in enumerate(values)
                     if isinstance(v, (int, float)) and not isinstance(v, bool))
    return f'<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="{len(values)}"/>{points}</c:numCache>'


def _fill(color: str, line: bool) -> str:
    if line:
        return f'<c:spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="{color}"/></a:solidFill></a:ln></c:spPr>'
    return f'<c:spPr><a:solidFill><a:srgbClr val="{color}"/></a:solidFill></c:spPr>'


def _labels(show: bool) -> str:
    shown = "1" if show else "0"
    return (f'<c:dLbls><c:showLegendKey val="0"/><c:showVal val="{shown}"/><c:showCatName val="0"/>'
            '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>')


def _series(sheet: str, chart: Chart, rows: Sequence[Sequence[Any]], order: int, column: int) -> str:
    """One c:ser; `rows` are the block's rows, heading first, as the sheet holds them."""
    heading, body = rows[0], rows[1:]
    line = chart.kind == LINE
    color = SERIES_COLORS[order % len(SERIES_COLORS)]
    name = (f'<c:tx><c:strRef><c:f>{escape(name_ref(sheet, chart, column))}</c:f>{_str_cache([heading[column]])}'
            '</c:strRef></c:tx>')
    middle = ('<c:marker><c:symbol val="none"/></c:marker>' if line else '<c:invertIfNegative val="0"/>')
    # Counts get their number on the bar; a line of shares reads from the axis.
    labels = _labels(not line and chart.kind != STACKED)
    categories = (f'<c:cat><c:strRef><c:f>{escape(category_ref(sheet, chart))}</c:f>'
                  f'{_str_cache([r[0] for r in body])}</c:strRef></c:cat>')
    values = (f'<c:val><c:numRef><c:f>{escape(value_ref(sheet, chart, column))}</c:f>'
              f'{_num_cache([r[column] for r in body])}</c:numRef></c:val>')
    smooth = '<c:smooth val="0"/>' if line else ""
    return (f'<c:ser><c:idx val="{order}"/><c:order val="{order}"/>{name}{_fill(color, line)}{middle}{labels}'
            f'{categories}{values}{smooth}</c:ser>')


def _plot(sheet: str, chart: Chart, rows: Sequence[Sequence[Any]]) -> str:
    series = "".join(_series(sheet, chart, rows, i, column) for i, column in enumerate(chart.series_columns))
    axes = '<c:axId val="10"/><c:axId val="20"/>'
    if chart.kind == LINE:
        return f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{series}<c:marker val="1"/>{axes}</c:lineChart>'
    grouping = "stacked" if chart.kind == STACKED else "clustered"
    overlap = '<c:overlap val="100"/>' if chart.kind == STACKED else ""
    return (f'<c:barChart><c:barDir val="col"/><c:grouping val="{grouping}"/><c:varyColors val="0"/>{series}'
            f'<c:gapWidth val="60"/>{overlap}{axes}</c:barChart>')


def _axes(chart: Chart) -> str:
    scale = '<c:max val="1"/><c:min val="0"/>' if chart.percent else ""
    number = "0%" if chart.percent else "General"
    return ('<c:catAx><c:axId val="10"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
            '<c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/>'
            '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="20"/><c:crosses val="autoZero"/>'
            '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
            f'<c:valAx><c:axId val="20"/><c:scaling><c:orientation val="minMax"/>{scale}</c:scaling>'
            '<c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/>'
            f'<c:numFmt formatCode="{number}" sourceLinked="0"/><c:majorTickMark val="out"/>'
            '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="10"/><c:crosses val="autoZero"/>'
            '<c:crossBetween val="between"/></c:valAx>')


def _title(text: str) -> str:
    return ('<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr>'
            f'<a:r><a:rPr lang="zh-CN" sz="1200" b="1"/><a:t>{escape(text)}</a:t></a:r></a:p></c:rich></c:tx>'
            '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>')


def block_rows(rows: Sequence[Sequence[Any]], chart: Chart) -> Sequence[Sequence[Any]]:
    """The chart's block, heading first, out of the sheet's body `rows` (sheet row 2 onward)."""
    return rows[chart.heading_row - 2:chart.last_row - 1]


def chart_xml(sheet: str, chart: Chart, rows: Sequence[Sequence[Any]]) -> bytes:
    """The chart part, its caches filled from the sheet's body `rows` so a reader that does not recalculate
    shows the same numbers."""
    rows = block_rows(rows, chart)
    legend = ('<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
              if len(chart.series_columns) > 1 else "")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<c:chartSpace xmlns:c="{CHART_NS}" xmlns:a="{DRAWING_NS}" xmlns:r="{REL_NS}">'
            '<c:roundedCorners val="0"/><c:chart>' + _title(chart.title)
            + f'<c:plotArea><c:layout/>{_plot(sheet, chart, rows)}{_axes(chart)}</c:plotArea>{legend}'
            '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>').encode()


# ---------------------------------------------------------------- drawing part (xdr:wsDr)


def _anchor(index: int, chart: Chart) -> str:
    from_col, from_row, to_col, to_row = chart.anchor
    corner = "<xdr:col>{}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{}</xdr:row><xdr:rowOff>0</xdr:rowOff>"
    return ('<xdr:twoCellAnchor editAs="oneCell">'
            f'<xdr:from>{corner.format(from_col, from_row)}</xdr:from><xdr:to>{corner.format(to_col, to_row)}</xdr:to>'
            f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="{index + 2}" '
            f'name="{FRAME_NAME} {index + 1}" descr="{escape(chart.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>'
            '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
            f'<a:graphic><a:graphicData uri="{CHART_NS}"><c:chart xmlns:c="{CHART_NS}" r:id="rId{index + 1}"/>'
            '</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>')


def drawing_xml(charts: Sequence[Chart]) -> bytes:
    """The drawing that anchors the charts; chart i is its relationship rId{i+1}."""
    anchors = "".join(_anchor(i, chart) for i, chart in enumerate(charts))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<xdr:wsDr xmlns:xdr="{SHEET_DRAWING_NS}" xmlns:a="{DRAWING_NS}" xmlns:r="{REL_NS}">{anchors}'
            '</xdr:wsDr>').encode()


def chart_extent(charts: Sequence[Chart]) -> tuple[int, int]:
    """The last column and row (1-based) the charts reach: what the print area must hold."""
    return (max((c.anchor[2] for c in charts), default=0), max((c.anchor[3] for c in charts), default=0))
