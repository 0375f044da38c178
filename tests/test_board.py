"""看板 (SPEC Round 2): every block's numbers worked out by hand on a small book, and the native charts that
draw them read back by an independent reader (openpyxl) and carried through the seller's package."""
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from tierlogic.board import board, pareto
from tierlogic.daily import plan
from tierlogic.model import Book, Contact, Customer, Order, SolarBirthday
from tierlogic.settings import CLOSE_TIME_FUNNEL, Settings
from workbook.board import BOARD_SHEET, board_sheet
from workbook.charts import FRAME_NAME
from workbook.owned import OWNED_SHEETS
from workbook.package import CannotPreserve, replace_owned_sheets
from workbook.sheetxml import xlsx_bytes

from .helpers import TODAY  # Monday 2026-11-23
from .sellerbook import build_seller, read_parts, write_package

BOOK = Book(
    customers=(Customer("wf", "王芳"), Customer("ll", "李雷"), Customer("zm", "赵敏", birthday=SolarBirthday(12, 5)),
               Customer("qd", "钱多", do_not_disturb=True), Customer("xs", "小孙"), Customer("zh", "周华")),
    orders=(Order("wf", date(2026, 10, 1), amount=300), Order("wf", date(2026, 10, 20), amount=200),
            Order("wf", date(2026, 11, 10), amount=100), Order("zm", date(2026, 11, 1), amount=100),
            Order("qd", date(2026, 5, 1), amount=50)),
    contacts=(Contact("ll", date(2026, 11, 22), progress="b"), Contact("zh", date(2026, 10, 20), progress="c")),
    has_orders_sheet=True, has_contacts_sheet=True)
# No costs anywhere, so profit = amount: 王芳 600, 赵敏 100, 钱多 50; the others never bought.


@pytest.fixture(scope="module")
def numbers():
    return board(plan(BOOK, TODAY, Settings()), Settings())


def test_grades_by_hand(numbers):
    # S: bought (王芳, 赵敏, 钱多); A: progress b (李雷); D: talked, progress c (周华); F: nothing (小孙)
    assert numbers.grades == (("S", 3), ("A", 1), ("B", 0), ("C", 0), ("D", 1), ("F", 1))


def test_grades_of_the_funnel_scheme_are_a_to_e():
    settings = Settings(grade_scheme=CLOSE_TIME_FUNNEL)
    grades = board(plan(BOOK, TODAY, settings), settings).grades
    assert [g for g, _ in grades] == list("ABCDE") and sum(n for _, n in grades) == 6


def test_lifecycles_by_hand(numbers):
    # 潜在: 李雷, 小孙, 周华; 新客: 赵敏 (one order); 老客: 王芳 (three); 沉睡(永久): 钱多 (do not disturb)
    assert numbers.lifecycles == (("潜在", 3), ("新客", 1), ("老客", 1), ("忠诚", 0), ("沉睡(临时)", 0),
                                  ("沉睡(永久)", 1))


def test_pareto_points_by_hand():
    # Five profit-making customers, total 100; the top ⌈5·i/10⌉ of them at i·10 %. A loss and a zero do not count.
    points = pareto([5, 50, -20, 10, 0, 30, 5])
    assert [p.customer_share for p in points] == [i / 10 for i in range(11)]
    assert [p.profit_share for p in points] == [0, .5, .5, .8, .8, .9, .9, .95, .95, 1, 1]
    assert pareto([0, -3]) == ()


def test_pareto_and_value_tiers_of_the_book_by_hand(numbers):
    # 600, 100, 50 of 750: one customer holds 80 % (the top 10–30 %), two 700/750 (40–60 %), three all of it.
    assert [round(p.profit_share, 6) for p in numbers.pareto] == [0, .8, .8, .8, .933333, .933333, .933333, 1, 1, 1, 1]
    # 王芳 is A (nothing above her); 赵敏 and 钱多 are B (600 and 700 of 750 above them: ≥ 80 %, < 95 %); the
    # three who never bought are C.
    assert numbers.tier_counts == (("A", 1), ("B", 2), ("C", 3))


def test_weighted_pipeline_by_hand(numbers):
    # Shop average order 750 / 5 = 150 for those who never bought. b: 李雷 0.5 × 150; c: 周华 0.3 × 150;
    # d: 王芳, 赵敏, 钱多 (S: left out of the pipeline) and 小孙 0.1 × 150.
    assert [(s.progress, s.customers, s.expected_value) for s in numbers.pipeline] == [
        ("a", 0, 0), ("b", 1, 75), ("c", 1, 45), ("d", 4, 15)]


def test_tasks_per_day_by_hand(numbers):
    # On today: overdue 王芳 and 赵敏 (签收后询问, 3 days after their last orders) and 周华 (D every 30 days
    # from 10-20); due 李雷 (A every day from 11-22) and 小孙 (never contacted). Later: 赵敏's S follow-up
    # (30 days from 11-01) on 12-01 and her birthday on 12-05. 钱多 does not want to be disturbed.
    by_day = {t.day: (t.overdue, t.due) for t in numbers.tasks}
    assert list(by_day) == [TODAY + timedelta(days=i) for i in range(14)]
    assert {day: n for day, n in by_day.items() if n != (0, 0)} == {
        TODAY: (3, 2), date(2026, 12, 1): (0, 1), date(2026, 12, 5): (0, 1)}


def test_greetings_and_headlines_by_hand(numbers):
    assert numbers.greetings == (("生日", 1),)  # 赵敏 on 12-05; no festival falls in the next 14 days
    shown = {h.label: h.value for h in numbers.headlines}
    assert shown == {"客户数": 6, "购买客户": 3, "复购率（买过 2 单以上 / 购买客户）": 1 / 3,
                     "A 类客户利润占比": 600 / 750, "今天逾期待办": 3, "加权预期成交金额": 135}


# --- the sheet and its charts -------------------------------------------------------------------


@pytest.fixture(scope="module")
def spec(numbers):
    return board_sheet(numbers, TODAY)


def _cells(ws, ref: str) -> list:
    """The values of a one-column reference like '看板'!$B$5:$B$10."""
    sheet, area = ref.split("!")
    assert sheet.strip("'") == ws.title
    return [row[0].value for row in ws[area.replace("$", "")]] if ":" in area else [ws[area.replace("$", "")].value]


def test_openpyxl_reads_every_chart_back_pointing_at_the_blocks(spec, tmp_path: Path):
    path = tmp_path / "board.xlsx"
    path.write_bytes(xlsx_bytes([spec]))
    ws = openpyxl.load_workbook(path)[BOARD_SHEET]
    charts = ws._charts
    assert len(charts) == 6
    drawn = {}
    for chart in charts:
        title = "".join(r.t for p in chart.title.tx.rich.p for r in p.r)
        series = {}
        for ser in chart.series:
            name = _cells(ws, ser.tx.strRef.f)[0]
            series[name] = (_cells(ws, ser.cat.strRef.f), _cells(ws, ser.val.numRef.f))
        drawn[title] = series
    assert drawn["客户级别分布"] == {"人数": (list("SABCDF"), [3, 1, 0, 0, 1, 1])}
    assert drawn["生命周期分布"]["人数"][1] == [3, 1, 1, 0, 0, 1]
    pareto_chart = drawn["二八法则：A 类 1 人，B 类 2 人，C 类 3 人"]
    assert pareto_chart["A 线 80%"][1] == [0.8] * 11 and pareto_chart["B 线 95%"][1] == [0.95] * 11
    assert pareto_chart["累计利润占比"][0][:2] == ["0%", "10%"] and pareto_chart["累计利润占比"][1][1] == 0.8
    assert drawn["加权预期金额（按进度 a/b/c/d）"] == {"预期金额": (list("abcd"), [0, 75, 45, 15])}
    tasks = drawn["未来 14 天每天的待办（逾期的算在今天）"]
    assert tasks["逾期"][0][0] == "11/23 周一" and tasks["逾期"][1][0] == 3 and sum(tasks["到期"][1]) == 4
    assert drawn["接下来的祝福（按场合）"] == {"人数": (["生日"], [1])}


def test_the_headline_numbers_come_first_and_print_with_the_charts(spec, tmp_path: Path):
    path = tmp_path / "board.xlsx"
    path.write_bytes(xlsx_bytes([spec]))
    wb = openpyxl.load_workbook(path)
    ws = wb[BOARD_SHEET]
    assert [ws.cell(r, 1).value for r in range(2, 9)] == [
        "概览", "客户数", "购买客户", "复购率（买过 2 单以上 / 购买客户）", "A 类客户利润占比", "今天逾期待办", "加权预期成交金额"]
    assert ws["B5"].number_format == "0%" and ws["B8"].number_format == "#,##0"
    last_column = max(c.anchor._from.col + 8 for c in ws._charts)
    assert ws.print_area == f"'{BOARD_SHEET}'!$A$1:${openpyxl.utils.get_column_letter(last_column)}$60"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9


# --- carried through the seller's package ---------------------------------------------------------


def _refresh(src: Path, dst: Path, spec) -> dict[str, bytes]:
    replace_owned_sheets(src, dst, xlsx_bytes([spec]), OWNED_SHEETS)
    return read_parts(dst)


def _reachable(parts: dict[str, bytes]) -> set[str]:
    """Every part named by a relationship, from the package root down."""
    import posixpath

    seen, todo = set(), [""]
    while todo:
        source = todo.pop()
        folder, name = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        for target, mode in re.findall(rb'Target="([^"]+)"(?: TargetMode="(\w+)")?', parts.get(rels, b"")):
            if mode:
                continue
            target = target.decode()
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            if part not in seen:
                seen.add(part)
                todo.append(part)
    return seen


def test_refresh_twice_is_once_byte_for_byte_and_leaves_no_orphan(spec, tmp_path: Path):
    seller = build_seller(tmp_path)
    once = _refresh(seller, tmp_path / "once.xlsx", spec)
    twice = _refresh(tmp_path / "once.xlsx", tmp_path / "twice.xlsx", spec)
    assert (tmp_path / "once.xlsx").read_bytes() == (tmp_path / "twice.xlsx").read_bytes()
    charts = sorted(name for name in twice if name.startswith("xl/charts/"))
    assert len(charts) == 6 + sum(name.startswith("xl/charts/") for name in read_parts(seller))
    reachable = _reachable(twice)
    assert all(name in reachable for name in twice if name.startswith(("xl/charts/", "xl/drawings/"))
               and "/_rels/" not in name)
    types = twice["[Content_Types].xml"].decode()
    assert all(f'PartName="/{name}"' in types for name in charts)
    assert once == twice


def test_the_sellers_own_charts_elsewhere_stay_byte_identical(spec, tmp_path: Path):
    seller = build_seller(tmp_path)
    before = read_parts(seller)
    after = _refresh(seller, tmp_path / "out.xlsx", spec)
    for name, data in before.items():
        if name.startswith(("xl/charts/", "xl/drawings/")):
            assert after[name] == data, name


def _with_board(tmp_path: Path, spec) -> dict[str, bytes]:
    return _refresh(build_seller(tmp_path), tmp_path / "ours.xlsx", spec)


def _board_drawing(parts: dict[str, bytes]) -> str:
    return next(name for name, data in parts.items()
                if name.startswith("xl/drawings/drawing") and FRAME_NAME.encode() in data)


def _chart_parts(parts: dict[str, bytes], drawing: str) -> list[str]:
    rels = parts[drawing.replace("drawings/", "drawings/_rels/") + ".rels"]
    return ["xl/charts/" + name.decode() for name in re.findall(rb'Target="../charts/([^"]+)"', rels)]


@pytest.mark.parametrize("draws_from", ["客户", BOARD_SHEET])
def test_a_chart_the_seller_put_on_the_board_is_refused(spec, tmp_path: Path, draws_from):
    """Excel keeps a chart's name: one not named as ours is the seller's, even when it draws from 看板."""
    parts = _with_board(tmp_path, spec)
    drawing = _board_drawing(parts)
    parts[drawing] = parts[drawing].replace(f'name="{FRAME_NAME} 6"'.encode(), "name=\"图表 7\"".encode())
    chart = _chart_parts(parts, drawing)[5]
    parts[chart] = parts[chart].replace(f"'{BOARD_SHEET}'!".encode(), f"'{draws_from}'!".encode())
    if draws_from == BOARD_SHEET:  # a chart of the seller's own on 看板's cells; its title is not one of ours
        parts[chart] = parts[chart].replace("接下来的祝福".encode(), "我的图".encode())
    edited = write_package(tmp_path / "edited.xlsx", parts)
    with pytest.raises(CannotPreserve, match="看板"):
        replace_owned_sheets(edited, tmp_path / "out.xlsx", xlsx_bytes([spec]), OWNED_SHEETS)
    assert not (tmp_path / "out.xlsx").exists()


def test_excels_style_parts_of_our_charts_go_with_them(spec, tmp_path: Path):
    """Excel saves a chart with style and colour parts of its own; dropping the chart drops them, orphan-free."""
    parts = _with_board(tmp_path, spec)
    drawing = _board_drawing(parts)
    chart = _chart_parts(parts, drawing)[0]
    parts["xl/charts/style9.xml"] = b'<cs:chartStyle xmlns:cs="http://schemas.microsoft.com/office/drawing/2012/chartStyle"/>'
    parts[chart.replace("charts/", "charts/_rels/") + ".rels"] = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        b'Type="http://schemas.microsoft.com/office/2011/relationships/chartStyle" Target="style9.xml"/></Relationships>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/charts/style9.xml" '
                     b'ContentType="application/vnd.ms-office.chartstyle+xml"/></Types>')
    edited = write_package(tmp_path / "edited.xlsx", parts)
    after = _refresh(edited, tmp_path / "out.xlsx", spec)
    assert "xl/charts/style9.xml" not in after and b"style9" not in after["[Content_Types].xml"]
    assert after == read_parts(tmp_path / "ours.xlsx")


def test_the_open_xml_sdk_schemas_find_no_new_error_with_the_board(spec, tmp_path: Path):
    audit = pytest.importorskip("openxml_audit")
    validator = audit.OpenXmlValidator(file_format=audit.FileFormat.MICROSOFT_365, max_errors=100_000)
    seller = build_seller(tmp_path)
    out = tmp_path / "out.xlsx"
    replace_owned_sheets(seller, out, xlsx_bytes([spec]), OWNED_SHEETS)

    def errors(path: Path) -> set[tuple]:
        return {(e.error_type.value, e.part_uri, e.path, e.description) for e in validator.validate(path).errors
                if e.severity == audit.ValidationSeverity.ERROR}

    assert errors(out) - errors(seller) == set()


def test_a_board_resaved_by_openpyxl_is_still_ours_but_a_chart_of_other_cells_is_not(spec, tmp_path: Path):
    """openpyxl renames every chart frame on saving: then the charts drawn only from 看板's cells are ours."""
    charts_before = sum(name.startswith("xl/charts/chart") for name in _with_board(tmp_path, spec))
    wb = openpyxl.load_workbook(tmp_path / "ours.xlsx")
    wb.save(tmp_path / "resaved.xlsx")
    assert FRAME_NAME.encode() not in b"".join(read_parts(tmp_path / "resaved.xlsx").values())
    after = _refresh(tmp_path / "resaved.xlsx", tmp_path / "out.xlsx", spec)
    charts = [name for name in after if name.startswith("xl/charts/chart")]
    assert len(charts) == charts_before and set(charts) <= _reachable(after)
    wb = openpyxl.load_workbook(tmp_path / "resaved.xlsx")  # openpyxl saves a book with pictures only once
    ws = wb[BOARD_SHEET]
    mine = openpyxl.chart.BarChart()
    mine.add_data(openpyxl.chart.Reference(wb["客户"], min_col=1, min_row=1, max_row=3))
    ws.add_chart(mine, "X2")
    wb.save(tmp_path / "with_mine.xlsx")
    with pytest.raises(CannotPreserve, match="看板"):
        replace_owned_sheets(tmp_path / "with_mine.xlsx", tmp_path / "refused.xlsx", xlsx_bytes([spec]), OWNED_SHEETS)


# --- the ribbon: the same charts through xlwings' chart API ----------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """(the seller's sheets as read before any refresh, the workbook the CLI refreshed from them)."""
    import shutil
    from datetime import datetime

    from templates.build import customer_workbook
    from tierbook.demo_data import demo_book
    from workbook.filereader import read_sheets
    from workbook.refresh import refresh

    folder = tmp_path_factory.mktemp("ribbon")
    customer_workbook(demo_book(TODAY, 40), Settings()).save(folder / "demo.xlsx")
    shutil.copyfile(folder / "demo.xlsx", folder / "cli.xlsx")
    refresh(folder / "cli.xlsx", TODAY, datetime(2026, 11, 23, 8, 0))
    return read_sheets(folder / "demo.xlsx")[0], folder / "cli.xlsx"


def _block(sheet, address: str) -> list[list]:
    """The cells of a chart source like "A9:A15,B9:B15", one list per area."""
    from openpyxl.utils.cell import range_boundaries

    areas = []
    for area in address.split(","):
        col, first, _, last = range_boundaries(area)
        areas.append([sheet.cells.get((row, col)) for row in range(first, last + 1)])
    return areas


def _file_charts(path: Path) -> list[list[list]]:
    """Each chart the CLI wrote, as the ribbon's source would read: categories, then each series, name first."""
    ws = openpyxl.load_workbook(path)[BOARD_SHEET]
    charts = []
    for chart in ws._charts:
        first = chart.series[0]
        areas = [_cells(ws, first.tx.strRef.f.replace("$B$", "$A$").replace("$C$", "$A$"))
                 + _cells(ws, first.cat.strRef.f)]
        areas += [_cells(ws, ser.tx.strRef.f) + _cells(ws, ser.val.numRef.f) for ser in chart.series]
        charts.append(areas)
    return charts


def test_the_ribbon_draws_the_charts_the_file_has_and_leaves_the_sellers(demo):
    from macros import ribbon

    from .fake_xlwings import FakeBook

    seller, by_cli = demo
    book = FakeBook(seller)
    assert not ribbon.dispatch("regrade", book, TODAY)[BOARD_SHEET]
    sheet = book.sheets[BOARD_SHEET]
    sheet.charts.add(0, 0, 100, 100).name = "图表 1"  # the seller's own
    assert not ribbon.dispatch("regrade", book, TODAY)[BOARD_SHEET]
    charts = list(sheet.charts)
    assert [c.name for c in charts] == ["图表 1", *(f"{FRAME_NAME} {i}" for i in range(1, 7))]
    assert [c.chart_type for c in charts[1:]] == ["column_clustered", "column_clustered", "line", "column_clustered",
                                                  "column_stacked", "column_clustered"]
    assert [_block(sheet, c.source) for c in charts[1:]] == _file_charts(by_cli)
    assert ("chart.api.ChartTitle.Text", "客户级别分布") in book.com_log


def test_without_a_chart_api_the_ribbon_writes_the_numbers_and_says_so(demo):
    from macros import ribbon

    from .fake_xlwings import FakeBook

    book = FakeBook(demo[0], com=False)
    skipped = ribbon.dispatch("regrade", book, TODAY)
    assert "图表" in skipped[BOARD_SHEET]
    assert f"{BOARD_SHEET}未能设置" in book.app.status_bar and "图表" in book.app.status_bar
    rows = book.sheets[BOARD_SHEET].rows()
    assert ["客户级别", "人数"] in [row[:2] for row in rows]


# --- printed by LibreOffice -------------------------------------------------------------------------

BUILD = Path(__file__).resolve().parent.parent / "build"


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and poppler-utils are installed by .ci/run")
def test_libreoffice_prints_the_board_with_its_charts_on_one_a4_landscape_page(spec):
    from workbook.pdf import sheet_pdf

    BUILD.mkdir(exist_ok=True)
    pdf = sheet_pdf(spec, BUILD / "board.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\b", info) and re.search(r"841\.\d+ x 595\.\d+ pts \(A4\)", info)
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                             check=True).stdout)
    # The titles are drawn by LibreOffice's chart engine from our chart parts, not cells of the sheet.
    for chart in spec.charts:
        assert re.sub(r"\s+", "", chart.title) in text, chart.title
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", str(pdf), str(BUILD / "board")], check=True)
    assert (BUILD / "board.png").stat().st_size > 10_000  # for a person to look at: build/board.png
