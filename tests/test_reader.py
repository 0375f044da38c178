"""Reading a seller's workbook: sheets found by name or headers, every bad cell reported, nothing guessed."""
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from tierlogic.model import Contact, LunarBirthday, Order, SolarBirthday
from tierlogic.settings import DEFAULT_SETTINGS, Settings, settings_table, with_values
from workbook.reader import book_from_rows, column_letter, fold_name
from workbook.filereader import UnreadableWorkbook, read_for_refresh, read_workbook
from workbook.report import Problem
from workbook.sheets import check_sheet, with_festival_rows
from workbook.values import EXPECT_AMOUNT, EXPECT_DATE, EXPECT_INTEREST

TODAY = date(2025, 1, 10)
CUSTOMER_HEADER = ["微信昵称", "ＩＤ", "联系方式", "出生日期", "公历/农历", "意向度", "勿扰", "客户级别（手动）",
                   "下单次数", "累计金额", "备注", None]


def _sheet(wb, title, rows, first_row=1):
    ws = wb.create_sheet(title)
    for offset, row in enumerate(rows):
        for col, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(first_row + offset, col, value)
    return ws


@pytest.fixture
def seller_book(tmp_path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    customers = _sheet(wb, "客户资料", [
        ["2025 客户名单"],
        [],
        CUSTOMER_HEADER,
        ["张三", "C001", 13800138000, datetime(1990, 3, 5), "公历", "高", "否", "S", 3, "¥1,280.00", "老客", "第二行备注"],
        [],
        ["李　四", None, "139 0000 0000", "农历八月十五", "农历", "中", "√", None, "2次", "1.2万"],
        ["王五", "C003", None, "1990-13-05", None, "maybe", None, None, None, None],
        ["张三", None, None, None, None, None, None, None, None, None],
        ["王五二号", "C003"],
        ["合计", None, None, None, None, None, None, None, 5, 24280],
    ])
    customers.merge_cells("A1:K1")
    customers.merge_cells("K3:L3")  # 备注 over two columns: L has no header of its own
    _sheet(wb, "Sheet2", [
        ["日期", "客户", "客户编号", "产品", "数量", "金额", "状态"],
        ["2024.3.5", "张三", "C001", "面霜", 2, "1280元", "签收"],
        ["3月5日", "李 四", None, "面膜", None, 99, "已下单"],
        ["2024-02-30", "王五", None, None, None, None, None],
        [date(2024, 5, 1), "赵六", None, None, None, None, None],
        [date(2024, 5, 2), "张三", None, None, None, None, None],
        [date(2024, 5, 3), "王五", "C003", None, "三", "abc", "发货"],
    ])
    _sheet(wb, "跟进记录", [
        ["日期", "客户", "方式", "内容", "进度", "下次跟进"],
        [date(2025, 1, 2), "C001", "微信", "问了面霜", "A-意向强", "1月20日"],
        [None, "C001", "电话"],
    ])
    _sheet(wb, "设置", [
        ["键", "说明", "值"],
        *[list(row) for row in settings_table(DEFAULT_SETTINGS)],
        ["no_such_key", "?", 1],
    ])
    settings = wb["设置"]
    for row in settings.iter_rows(min_row=2):
        key, _, value = row
        if key.value == "transit_days":
            value.value = "三天"
        elif key.value == "probability.a":
            value.value = "90%"
        elif key.value == "move_to_working_day":
            value.value = "是"
    path = tmp_path / "客户.xlsx"
    wb.save(path)
    return path


def test_customers(seller_book):
    book, _, _ = read_workbook(seller_book, TODAY)
    assert [c.key for c in book.customers] == ["C001", "李 四", "C003", "张三"]
    zhang, li, wang, zhang2 = book.customers
    assert (zhang.name, zhang.id, zhang.phone) == ("张三", "C001", "13800138000")
    assert zhang.birthday == SolarBirthday(3, 5, 1990)
    assert (zhang.interest, zhang.do_not_disturb, zhang.manual_grade) == ("高", False, "S")
    assert (zhang.purchase_count, zhang.total_amount, zhang.notes) == (3, 1280.0, "老客")
    assert (li.name, li.phone, li.birthday, li.do_not_disturb) == ("李　四", "13900000000", LunarBirthday(8, 15), True)
    assert (li.purchase_count, li.total_amount) == (2, 12000.0)
    assert (wang.birthday, wang.interest) == (None, None)
    assert zhang2.id is None


def test_orders_and_contacts(seller_book):
    book, _, _ = read_workbook(seller_book, TODAY)
    assert book.has_orders_sheet and book.has_contacts_sheet
    assert book.orders == (
        Order("C001", date(2024, 3, 5), product="面霜", quantity=2, amount=1280.0, status="已签收"),
        Order("李 四", date(2024, 3, 5), product="面膜", quantity=1, amount=99.0, status="已下单"),
        Order("C003", date(2024, 5, 3), quantity=1, status="已发货"),
    )
    assert book.contacts == (
        Contact("C001", date(2025, 1, 2), channel="微信", content="问了面霜", progress="a", next_date=date(2025, 1, 20)),
    )
    assert book.products == ()


def test_settings(seller_book):
    _, settings, _ = read_workbook(seller_book, TODAY)
    assert settings == with_values(DEFAULT_SETTINGS, {"probability.a": 0.9, "move_to_working_day": True})
    assert settings.transit_days == 3


def test_problems(seller_book):
    _, _, report = read_workbook(seller_book, TODAY)
    keys = [row[0] for row in settings_table(DEFAULT_SETTINGS)]
    where = [(p.sheet, p.row, p.column, p.header, p.value) for p in report.problems]
    assert where == [
        ("设置", keys.index("transit_days") + 2, "C", "transit_days", "三天"),
        ("设置", len(keys) + 2, "C", "no_such_key", 1),
        ("客户资料", 7, "D", "出生日期", "1990-13-05"),
        ("客户资料", 7, "F", "意向度", "maybe"),
        ("客户资料", 9, "B", "ＩＤ", "C003"),
        ("Sheet2", 4, "A", "日期", "2024-02-30"),
        ("Sheet2", 5, "B", "客户", "赵六"),
        ("Sheet2", 6, "B", "客户", "张三"),
        ("Sheet2", 7, "E", "数量", "三"),
        ("Sheet2", 7, "F", "金额", "abc"),
        ("跟进记录", 3, "A", "日期", None),
    ]
    expected = [p.expected for p in report.problems]
    assert expected[0].startswith("应为数字") and expected[1].startswith("没有这个设置项")
    assert expected[3] == EXPECT_INTEREST and expected[5] == EXPECT_DATE and expected[9] == EXPECT_AMOUNT
    assert "第 7 行重复" in expected[4]
    assert expected[6].startswith("客户表中已有的客户") and expected[7].startswith("客户表中有 2 位同名客户")
    assert expected[10] == "必填 (required)"
    assert _after_reading(report) == ["按表头把「Sheet2」当作订单表",
                                      # 备注 merged over K:L: L's 第二行备注 has no header of its own, so it is said
                                      "「客户资料」未使用的列：「（无表头）」（L 列） / columns not used",
                                      "未找到产品表，复购提醒只用客户自己的购买间隔",
                              "「客户资料」重复的客户 (duplicate customers)：1 处",
                              "「Sheet2」引用了未知客户 (unknown customer)：1 处",
                              "「Sheet2」同名客户无法区分 (ambiguous names)：1 处",
                              "「Sheet2」有 1 行的客户在客户表里找不到（1 个名字：「赵六」），这些行没有计入 / 1 lines name "
                              "no customer of the customer sheet; they were not counted",
                              "2 位客户的购买次数/累计金额/最近购买与订单表不同：按两者中较多的次数和金额、较晚的日期计算 / 2 "
                              "customers' own purchase history differs from their orders: the larger count and amount "
                              "and the later date are used"]


def test_report_as_the_check_sheet(seller_book):
    _, _, report = read_workbook(seller_book, TODAY)
    spec = check_sheet(report)
    assert spec.headers == ("表", "行", "列", "值", "应为")
    notices = len(report.notices)  # what was read and the other notices open the sheet, then the problems
    assert spec.rows[notices + 2][:4] == ("客户资料", 7, "D（出生日期）", "1990-13-05")
    assert ("说明", None, None, "未找到产品表，复购提醒只用客户自己的购买间隔", None) in spec.rows
    assert ("说明", None, None, "「Sheet2」同名客户无法区分 (ambiguous names)：1 处", None) in spec.rows
    assert spec.rows[notices - 1][3].startswith("2 位客户的购买次数/累计金额/最近购买与订单表不同")


def test_customer_sheet_only(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Customers"
    wb.active.append(["Name", "Phone", "Last contact", "Progress"])
    wb.active.append(["Amy", "138", "12月28日", "b"])
    path = tmp_path / "c.xlsx"
    wb.save(path)
    book, settings, report = read_workbook(path, TODAY)
    assert [(c.key, c.last_contact, c.progress) for c in book.customers] == [("Amy", date(2024, 12, 28), "b")]
    assert not book.has_orders_sheet and not book.has_contacts_sheet
    assert settings == DEFAULT_SETTINGS
    assert report.problems == []
    assert report.notices[0] == ("读取「Customers」作为客户表（表头在第 1 行，1 行数据）：1 位客户；"
                                 "列：Name(A)→客户，Phone(B)→手机，Last contact(C)→最近联系，Progress(D)→进度 / read as customers")
    assert _after_reading(report) == [
        "未找到设置表，使用默认设置", "未找到订单表，使用客户表中的购买次数和金额",
        "未找到跟进记录表，使用客户表中的最近联系日期和进度", "未找到产品表，复购提醒只用客户自己的购买间隔",
    ]


def test_year_less_past_dates_never_land_in_the_future():
    sheets = {"客户": [["姓名", "最近联系", "下次联系"], ["Amy", "3月5日", "3月5日"]]}
    book, _, _ = book_from_rows(sheets, TODAY)
    assert (book.customers[0].last_contact, book.customers[0].next_contact) == (date(2024, 3, 5), date(2025, 3, 5))


def test_two_row_header_with_merged_cells(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户"
    ws["A1"], ws["B1"], ws["B2"], ws["C2"] = "姓名", "联系方式", "手机", "微信"
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:C1")
    ws.append(["Amy", "138", "amy_wx"])
    path = tmp_path / "m.xlsx"
    wb.save(path)
    book, _, report = read_workbook(path, TODAY)
    assert [(c.name, c.phone, c.wechat) for c in book.customers] == [("Amy", "138", "amy_wx")]
    assert report.problems == []


def test_missing_required_columns():
    sheets = {"客户": [["电话"], ["138"]], "订单": [["金额"], [5]]}
    book, _, report = book_from_rows(sheets, TODAY)
    assert book.customers == () and not book.has_orders_sheet
    assert [(p.sheet, p.row, p.header, p.expected) for p in report.problems] == [
        ("客户", 1, "表头", "「姓名」或「客户」列 (a name column)"),
        ("订单", 1, "表头", "「客户」和「日期」列 (customer and date columns)"),
    ]


def test_no_customer_sheet():
    book, _, report = book_from_rows({"Sheet1": [["随便写的"]]}, TODAY)
    assert book.customers == ()
    assert report.problems == [Problem("", None, "", "", None, "客户表：名为「客户」的表，或有「姓名」等表头的表 (a customer sheet)")]


def test_orders_fall_back_to_ordered_date_column():
    sheets = {"客户": [["姓名"], ["Amy"]], "订单": [["客户", "下单日期"], ["Amy", "2024-6-1"]]}
    book, _, report = book_from_rows(sheets, TODAY)
    assert book.orders == (Order("Amy", date(2024, 6, 1), ordered_date=date(2024, 6, 1)),)
    assert "「订单」没有「日期」列，用「下单日期」作为成交日期" in report.notices


def test_duplicate_header_notice():
    book, _, report = book_from_rows({"客户": [["姓名", "电话", "手机"], ["Amy", "1", "2"]]}, TODAY)
    assert book.customers[0].phone == "1"
    assert "「客户」第 1 行有重复的表头「手机」（C 列），只用第一列" in report.notices


def test_funnel_scheme_grades():
    sheets = {
        "设置": [["grade_scheme", "分级方案", "funnel"]],
        "客户": [["姓名", "手动级别"], ["Amy", "E"], ["Bo", "S"]],
    }
    book, settings, report = book_from_rows(sheets, TODAY)
    assert settings.grade_scheme == "funnel"
    assert [c.manual_grade for c in book.customers] == ["E", None]
    assert [(p.row, p.value) for p in report.problems] == [(3, "S")]


def test_settings_round_trip_through_the_sheet():
    changed = with_values(Settings(), {"cadence_days.B": 10, "probability.a": 0.9, "move_to_working_day": True,
                                       "festival_switch.端午": False, "greeting_templates.春节": "新年好 {称呼}"})
    rows = [list(row) for row in settings_table(changed)]
    _, settings, report = book_from_rows({"设置": rows, "客户": [["姓名"]]}, TODAY)
    assert settings == changed and report.problems == []


def test_unreadable_file(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(UnreadableWorkbook):
        read_workbook(path, TODAY)


@pytest.mark.parametrize("text, expected", [
    ("  张三 ", "张三"), ("李　四", "李 四"), ("Ａｍｙ  Lee", "Amy Lee"), ("amy", "amy"),
])
def test_fold_name(text, expected):
    assert fold_name(text) == expected


@pytest.mark.parametrize("index, letter", [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (702, "AAA")])
def test_column_letter(index, letter):
    assert column_letter(index) == letter


def test_template_round_trip(tmp_path):
    """What the template writer puts in a workbook reads back as the same Book, with nothing to report."""
    from templates.build import customer_workbook
    from tierbook.cli import demo_book

    today = date(2026, 11, 23)
    original = demo_book(today, customers=30)
    customer_workbook(original, Settings()).save(tmp_path / "demo.xlsx")
    book, settings, report = read_workbook(tmp_path / "demo.xlsx", today)
    assert (book.customers, book.orders, book.contacts) == (original.customers, original.orders, original.contacts)
    assert set(book.products) == set(original.products)
    # The sheet spells out every festival switch and template; their values are the defaults.
    assert settings == with_festival_rows(Settings()) and report.problems == [] and _after_reading(report) == []


cells = st.one_of(st.none(), st.text(max_size=12), st.integers(), st.floats(), st.booleans(), st.dates(),
                  st.datetimes(), st.times(), st.sampled_from(["张三", "李四", "C001", "3月5日", "¥5", "a", "是"]))


@hypothesis_settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cells, min_size=6, max_size=6), max_size=6),
       st.lists(st.lists(cells, min_size=4, max_size=4), max_size=6),
       st.lists(st.lists(cells, min_size=3, max_size=3), max_size=6), st.dates())
def test_any_cells_read_without_exceptions(customer_rows, order_rows, setting_rows, today):
    sheets = {
        "客户": [["姓名", "客户编号", "生日", "生日类型", "意向", "累计金额"], *customer_rows],
        "订单": [["日期", "客户", "金额", "状态"], *order_rows],
        "设置": [["键", "说明", "值"], *setting_rows],
    }
    book, _, report = book_from_rows(sheets, today)
    keys = {c.key for c in book.customers}
    assert len(keys) == len(book.customers)
    assert all(o.customer in keys for o in book.orders)
    assert all(p.row is None or p.row >= 1 for p in report.problems)


# ---------------------------------------------------------------- a column parsed at once equals each cell parsed

_MIXED_CELLS = st.lists(st.one_of(
    st.none(), st.booleans(), st.sampled_from([0, 1, 2, 0.0, 1.0, 2.5, "1", "是", "否", "", " ", "3月5日", "abc"]),
    st.integers(-5, 50_000), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(date(1940, 1, 1), date(2110, 1, 1)), st.datetimes(datetime(1990, 1, 1), datetime(2030, 1, 1)),
    st.text(max_size=6)), max_size=30)


@given(_MIXED_CELLS)
def test_a_column_parsed_at_once_equals_each_cell_parsed(cells):
    from functools import partial

    from workbook.reader import _parse_column
    from workbook.values import Invalid, parse_amount, parse_count, parse_date, parse_text, parse_yes_no

    for parser in (parse_yes_no, parse_count, parse_amount, parse_text, partial(parse_date, today=date(2026, 11, 23))):
        one_by_one = [parser(value) for value in cells]
        column = _parse_column(list(cells), parser, {})
        assert column.values == [None if isinstance(r, Invalid) else r for r in one_by_one]
        assert column.bad == {k: r.expected for k, r in enumerate(one_by_one) if isinstance(r, Invalid)}
        # the same cells in one column: True, 1 and 1.0 are three different cells even though they are equal
        assert [type(v) for v in column.values] == [type(r) if not isinstance(r, Invalid) else type(None)
                                                     for r in one_by_one]


# ---------------------------------------------------------------- whole-column reading equals row-by-row reading

_REFERENCES = st.sampled_from(["C1", "C2", "c9", "张三", "李四", "王五", "Ｃ１", " 张三 ", "", None, 7, "赵六"])
_DAYS = st.one_of(st.none(), st.dates(date(1940, 1, 1), date(2110, 1, 1)),
                  st.sampled_from(["2025.1.5", "3月5日", "20250105", "2025年13月1日", "abc", "", 45000, 45000.5]))
_QUANTITIES = st.one_of(st.none(), st.sampled_from([1, 2, 0, -2, -1.5, 2.5, "3", "三", "abc", "", "-1", True]))
_SMALL = st.one_of(st.none(), st.sampled_from(["a", "b", "e", "微信", "已签收", "退货", "¥80", "80元", -5, 12.5, "x"]))


def _without(header: list, rows: list[tuple], dropped: set) -> list[list]:
    """The sheet with the columns named in `dropped` taken out."""
    keep = [i for i, title in enumerate(header) if title not in dropped]
    return [[header[i] for i in keep], *([row[i] for i in keep] for row in rows)]


_ORDER_HEADER = ["日期", "下单日期", "客户编号", "客户", "数量", "状态", "金额", "发货日期", "签收日期"]
_CONTACT_HEADER = ["日期", "客户编号", "客户", "渠道", "进度", "下次跟进"]
_CUSTOMERS = [["客户编号", "姓名"], ["C1", "张三"], ["C2", "李四"], ["C3", "李四"], [None, "王五"], ["C1", "重复编号"],
              [None, "C2"], ["Ｃ４", "全角"], [8, "数字编号"], [" ", "空白编号"]]


@hypothesis_settings(max_examples=400, deadline=None)
@given(orders=st.lists(st.tuples(_DAYS, _DAYS, _REFERENCES, _REFERENCES, _QUANTITIES, _SMALL, _SMALL, _DAYS, _DAYS),
                       max_size=12),
       contacts=st.lists(st.tuples(_DAYS, _REFERENCES, _REFERENCES, _SMALL, _SMALL, _DAYS), max_size=12),
       order_drops=st.sets(st.sampled_from(["日期", "下单日期", "客户编号", "客户", "数量", "签收日期"])),
       contact_drops=st.sets(st.sampled_from(["日期", "客户编号", "客户", "进度"])))
def test_whole_columns_read_as_row_by_row(orders, contacts, order_drops, contact_drops):
    """The whole-column pass takes only rows with nothing to report; every other row is read on its own.
    With that pass switched off (every row read on its own) the book, the problems and their order are the
    same, whichever columns the sheets have (name only, id only, 下单日期 only, no 数量 …)."""
    import workbook.reader as reader

    sheets = {"客户": _CUSTOMERS, "订单": _without(_ORDER_HEADER, orders, order_drops),
              "跟进记录": _without(_CONTACT_HEADER, contacts, contact_drops)}
    whole = book_from_rows(sheets, TODAY)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reader, "_clean_rows", lambda sheet, *args: ((k, None) for k in range(len(sheet.kept))))
        by_row = book_from_rows(sheets, TODAY)
    assert repr(whole[0]) == repr(by_row[0])  # repr: True, 1 and 1.0 must not pass for each other
    assert whole[2].problems == by_row[2].problems and whole[2].notices == by_row[2].notices


def test_whole_column_reading_takes_the_clean_rows():
    """The pass above is not vacuous: clean rows of a log skip the row-by-row reading."""
    import workbook.reader as reader

    rows = [["日期", "客户编号", "渠道"], [date(2025, 1, 2), "C1", "微信"], [date(2025, 1, 3), "C9", "微信"]]
    seen = []
    original = reader._contact
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reader, "_contact", lambda row, *args: seen.append(row.index) or original(row, *args))
        book, _, report = book_from_rows({"客户": [["客户编号", "姓名"], ["C1", "张三"]], "跟进记录": rows}, TODAY)
    assert seen == [2]  # only the row with an unknown id
    assert [c.customer for c in book.contacts] == ["C1"] and len(report.problems) == 1


@pytest.mark.parametrize("label", ["合计", "合计：", "合 计", "总计:", "Total:", "合计（元）", "合计（元）：", "共计", "小计(件)",
                                   "ＴＯＴＡＬ"])
def test_a_total_row_however_spelt_is_not_a_customer(label):
    rows = [["姓名", "购买次数", "累计金额"], ["张三", 1, 100], ["李四", 2, 200], [label, 3, 300]]
    book, _, report = book_from_rows({"客户": rows}, TODAY)
    assert [c.name for c in book.customers] == ["张三", "李四"] and not report.problems


@pytest.mark.parametrize("name", ["合计金额", "总计划", "Summer", "Sum", "Sum (VIP)"])  # Sum: 岑, a surname
def test_a_name_that_only_starts_like_a_total_is_a_customer(name):
    book, _, _ = book_from_rows({"客户": [["姓名"], [name]]}, TODAY)
    assert [c.name for c in book.customers] == [name]


# ---------------------------------------------------------------- cells that show an Excel error

EXCEL_ERROR = "一个值，而不是错误值：请检查这个单元格的公式 (a value, not an Excel error: check the cell's formula)"


def test_cells_showing_excel_errors_are_reported_not_read_as_blank(tmp_path):
    # python-calamine reads an error cell as "": a VLOOKUP's #N/A in 累计金额 would silently be no amount.
    wb = openpyxl.Workbook()
    customers = wb.active
    customers.title = "客户"
    for row in (["姓名", "购买次数", "累计金额", "最近联系"], ["张三", 2, "#N/A", date(2025, 1, 1)],
                ["李四", "#DIV/0!", 100, None], ["#N/A", 1, 10, None]):
        customers.append(row)
    orders = wb.create_sheet("订单")
    for row in (["日期", "客户", "金额"], [date(2025, 1, 1), "张三", "#REF!"], ["#VALUE!", "李四", 5]):
        orders.append(row)
    wb.create_sheet("设置").append(["transit_days", "", "#NUM!"])
    path = tmp_path / "errors.xlsx"
    wb.save(path)  # openpyxl writes these as error cells: t="e", <v>#N/A</v>
    book, settings, report = read_workbook(path, TODAY)
    assert sorted(p.cells() for p in report.problems) == sorted([
        ("客户", 2, "C（累计金额）", "#N/A", EXCEL_ERROR),
        ("客户", 3, "B（购买次数）", "#DIV/0!", EXCEL_ERROR),
        ("客户", 4, "A（姓名）", "#N/A", EXCEL_ERROR),
        ("订单", 2, "C（金额）", "#REF!", EXCEL_ERROR),
        ("订单", 3, "A（日期）", "#VALUE!", EXCEL_ERROR),
        ("设置", 1, "C（transit_days）", "#NUM!", EXCEL_ERROR),
    ])
    assert [c.name for c in book.customers] == ["张三", "李四"]
    assert [(o.customer, o.amount) for o in book.orders] == [("张三", None)]
    assert settings.transit_days == DEFAULT_SETTINGS.transit_days


@pytest.mark.parametrize("cell", [
    b'<c r="B2" s="0" t="e"><f aca="false">1/0</f><v>#DIV/0!</v></c>',   # LibreOffice
    b"<x:c t='e' r='B2'><x:v>#DIV/0!</x:v></x:c>",                         # prefixed, single quotes, t first
    b'<c r="A2" t="e"/><c r="B2" t="e"><v>#DIV/0!</v></c><c r="C2"><v>77</v></c>',  # a valueless one first
])
def test_error_cells_are_found_however_the_xml_spells_them(tmp_path, monkeypatch, cell):
    import zipfile

    import workbook.errorcells as errorcells
    import workbook.package as package

    sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             + b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"x" * 5000 + b"</t></is></c></row>"
             + b'<row r="2">' + cell + b"</row></sheetData></worksheet>")
    path = tmp_path / "e.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    monkeypatch.setattr(package, "worksheet_parts", lambda _: {"客户": "xl/worksheets/sheet1.xml"})
    start = sheet.index(cell)
    for chunk in (1 << 20, start + 3, start + len(cell) // 2):  # the cell in one piece, or split inside it
        monkeypatch.setattr(errorcells, "_CHUNK", chunk)
        assert errorcells.error_cells(path, ["客户"]) == {"客户": {(1, 1): "#DIV/0!"}}


IN_FUTURE = "不晚于今天的日期：这一列记的是已经发生的事 (a date not after today: this column records what happened)"


def test_dates_after_today_for_what_happened_are_reported_and_not_believed():
    later = date(2025, 6, 1)  # TODAY is 2025-01-10
    customers = [["姓名", "最近联系", "首次购买", "下次跟进"], ["张三", later, later, later], ["李四", date(2025, 1, 2), None, None]]
    orders = [["日期", "客户", "签收日期"], [later, "李四", None], [date(2025, 1, 2), "李四", later]]
    book, _, report = book_from_rows({"客户": customers, "订单": orders}, TODAY)
    assert sorted(p.cells() for p in report.problems) == sorted([
        ("客户", 2, "B（最近联系）", "2025-06-01", IN_FUTURE), ("客户", 2, "C（首次购买）", "2025-06-01", IN_FUTURE),
        ("订单", 2, "A（日期）", "2025-06-01", IN_FUTURE), ("订单", 3, "C（签收日期）", "2025-06-01", IN_FUTURE)])
    zhang = book.customers[0]
    assert (zhang.last_contact, zhang.first_purchase, zhang.next_contact) == (None, None, later)  # a plan may be later
    assert [(o.date, o.delivered_date) for o in book.orders] == [(date(2025, 1, 2), None)]
    assert "「订单」日期在今天之后 (dates in the future)：2 处" in report.notices


def test_orders_without_any_cost_in_a_shop_that_records_costs_are_counted_for_the_seller():
    customers = [["姓名"], ["张三"], ["李四"]]
    orders = [["日期", "客户", "产品", "金额", "成本"], [date(2025, 1, 2), "张三", "面霜", 1000, 900],
              [date(2025, 1, 3), "李四", "面膜", 300, None], [date(2025, 1, 4), "李四", "精华", 200, None]]
    products = [["产品", "成本"], ["精华", 50]]  # 精华 has a product cost; 面膜 has none anywhere
    _, _, report = book_from_rows({"客户": customers, "订单": orders, "产品": products}, TODAY)
    uncosted = "「订单」有 1 笔订单没有成本（利润、成本列和产品成本都是空的），利润按全额计算；其他订单有成本，补上后价值分层才准"
    assert uncosted in report.notices
    # A shop that records no cost at all ranks by revenue, as the README says: nothing to point out.
    no_costs = [row[:4] for row in orders]
    _, _, report = book_from_rows({"客户": customers, "订单": no_costs}, TODAY)
    assert not [n for n in report.notices if "没有成本" in n]


def test_a_typed_na_text_and_a_cell_showing_na_are_told_apart():
    from workbook.errorcells import ExcelError

    rows = [["姓名", "地区"], ["张三", "#N/A"], ["李四", ExcelError("#N/A")]]
    book, _, report = book_from_rows({"客户": rows}, TODAY)
    assert [p.cells()[:3] for p in report.problems] == [("客户", 3, "B（地区）")]
    assert [c.region for c in book.customers] == ["#N/A", None]


def test_returned_orders_are_not_counted_as_uncosted():
    customers = [["姓名"], ["张三"]]
    orders = [["日期", "客户", "金额", "成本", "状态"], [date(2025, 1, 2), "张三", 1000, 900, None],
              [date(2025, 1, 3), "张三", 300, None, "退货"]]
    _, _, report = book_from_rows({"客户": customers, "订单": orders}, TODAY)
    assert not [n for n in report.notices if "没有成本" in n]


def test_guessed_and_unused_headers_are_said_in_the_report_and_both_birthday_columns_read():
    """Issue 16: 沟通进度 read as 进度 and said so; 序号 named as unused; 公历生日 beside 农历生日, each row fills one."""
    book, _, report = book_from_rows({"客户": [
        ["序号", "会员姓名", "客户手机号", "沟通进度", "公历生日", "农历生日", "上次到店时间"],
        [1, "蔡涛", "13900000001", "b", None, "十月廿八", date(2024, 12, 1)],
        [2, "罗娜", "13900000002", None, "1990-03-05", None, None],
    ]}, TODAY)
    by_name = {c.name: c for c in book.customers}
    assert by_name["蔡涛"].birthday == LunarBirthday(10, 28) and by_name["罗娜"].birthday == SolarBirthday(3, 5, 1990)
    assert (by_name["蔡涛"].progress, by_name["蔡涛"].phone, by_name["蔡涛"].last_contact) == ("b", "13900000001",
                                                                                          date(2024, 12, 1))
    notes = "\n".join(report.notices)
    for said in ("「会员姓名」读作「客户」", "「客户手机号」读作「手机」", "「沟通进度」读作「进度」",
                 "「上次到店时间」读作「最近联系」", "未使用的列：「序号」（A 列）"):
        assert said in notes


def _after_reading(report) -> list[str]:
    """The notices after the lines that say what each sheet was read as (checked on their own)."""
    return [text for text in report.notices if not text.startswith("读取「")]


# ---------------------------------------------------------------- issue 16: reading what sellers really have

def test_same_name_with_different_phones_is_different_people():
    rows = [["客户名称", "手机", "备注"],
            ["王先生", "13900001501", ""], ["王先生", "139 0000 1502", ""], ["王先生", None, "没留电话"],
            ["赵女士", "13900001509", ""], ["赵女士", "13900001509", "重复录入"]]
    book, _, report = book_from_rows({"客户": rows}, TODAY)
    assert [(c.key, c.phone) for c in book.customers] == [
        ("王先生", "13900001501"), ("王先生 13900001502", "13900001502"), ("赵女士", "13900001509")]
    # No phone cannot tell 王先生 apart: the first row of that name; the identical 赵女士 is a duplicate.
    assert [(p.row, p.header) for p in report.problems] == [(4, "客户名称"), (6, "客户名称")]
    assert all("重复" in p.expected for p in report.problems)


def test_a_repeated_row_that_adds_something_joins_its_customer():
    """Two cars of one customer: the latest visit, the next service still ahead, no duplicate reported."""
    rows = [["客户名称", "联系电话", "车牌号", "上次进站时间", "下次保养时间"],
            ["马师傅", "13900002401", "浙A·12345", date(2024, 11, 10), date(2025, 5, 10)],
            ["马师傅", "13900002401", "浙A·67890", date(2024, 6, 2), date(2025, 2, 2)]]
    book, _, report = book_from_rows({"车辆档案": rows}, TODAY)
    (ma,) = book.customers
    assert (ma.last_contact, ma.next_contact) == (date(2024, 11, 10), date(2025, 2, 2))
    assert report.problems == []


def test_a_nickname_names_a_member_whose_real_name_is_blank():
    rows = [["id", "昵称", "姓名", "电话"], [1, "🌙夜猫子", "李静", "13900003301"], [2, "旅行的鱼", "", "13900003302"]]
    book, _, report = book_from_rows({"会员信息": rows}, TODAY)
    assert [c.name for c in book.customers] == ["李静", "旅行的鱼"] and report.problems == []
    assert not any("重复的表头" in n for n in report.notices)
    assert any("昵称(B)→客户（前一列空时）" in n for n in report.notices)


def test_a_second_phone_column_fills_a_blank_phone():
    rows = [["客户名称", "企微手机号", "系统手机"], ["张伟", "", "13900003102"], ["阿杰", "13900003103", ""]]
    book, _, _ = book_from_rows({"客户列表": rows}, TODAY)
    assert [c.phone for c in book.customers] == ["13900003102", "13900003103"]


def test_one_customer_on_two_rows_under_one_id_is_combined():
    """企业微信 lists a customer once per staff member who added her (S13): one customer, her latest 添加时间."""
    rows = [["客户名称", "添加时间", "客户编号"], ["Lemon", "2024-11-02", "C0001"], ["Lemon", "2024-11-10", "C0001"]]
    book, _, report = book_from_rows({"客户列表": rows}, TODAY)
    (lemon,) = book.customers
    assert lemon.last_contact == date(2024, 11, 10) and report.problems == []


def test_a_pets_birthday_is_not_the_owners():
    """One owner, two pets on two rows (S21): one customer, no birthday, no duplicate."""
    rows = [["姓名", "电话号码", "宠物名称", "宠物生日"], ["陈女士", "13900003701", "豆豆", "2021-05-01"],
            ["陈女士", "13900003701", "咪咪", "2023-02-14"]]
    book, _, report = book_from_rows({"客户信息": rows}, TODAY)
    (chen,) = book.customers
    assert chen.birthday is None and report.problems == []


def test_a_dash_in_a_date_column_is_no_date():
    rows = [["会员姓名", "手机号码", "最近消费时间"], ["钱多多", "13900003802", "-"]]
    book, _, report = book_from_rows({"会员列表": rows}, TODAY)
    assert book.customers[0].last_purchase is None and report.problems == []


def test_an_undated_order_that_is_no_sale_is_counted_not_reported():
    orders = [["客户", "支付时间", "支付状态", "发货状态", "金额"],
              ["Amy", "", "未支付", "未发货", 88], ["Amy", "", "已支付", "未发货", 45],
              ["Amy", "2024-12-01", "已支付", "已收货", 118], ["Amy", "2024-12-20", "已支付", "已发货", 59],
              ["Amy", "2024-12-21", "已支付", "未发货", 10], ["Amy", "2024-12-22", "已退款", "已发货", 20]]
    book, _, report = book_from_rows({"客户": [["姓名"], ["Amy"]], "订单": orders}, TODAY)
    # A paid order without its date is still reported; the unpaid one is only counted.
    assert [(p.row, p.expected) for p in report.problems] == [(3, "必填 (required)")]
    assert any("没有日期的未付款" in n and n.endswith("1 处") for n in report.notices)
    # 发货状态 says how far a paid order has gone; it never turns a refund into a sale.
    assert [o.status for o in book.orders] == ["已签收", "已发货", "已下单", "退货"]


@pytest.mark.parametrize("made", ["下单时间", "创建时间"])
def test_an_order_is_dated_when_it_was_made_not_when_it_was_paid(made):
    """An unpaid order has no 支付时间 (S15, S18): dated by when it was made, nothing reported."""
    orders = [["客户", "支付时间", made, "订单状态"], ["Amy", "2024-12-02", "2024-12-01", "已支付"],
              ["Amy", "", "2024-12-20", "待支付"]]
    book, _, report = book_from_rows({"客户": [["姓名"], ["Amy"]], "订单": orders}, TODAY)
    assert [(o.date, o.status) for o in book.orders] == [(date(2024, 12, 1), "已下单"), (date(2024, 12, 20), "待付款")]
    assert report.problems == []


@pytest.mark.parametrize("made", ["下单时间", "支付时间"])
def test_a_bad_order_date_is_reported_once(made):
    """下单时间 or 支付时间 is the order's date when there is no 日期: its bad cell is one problem, not two."""
    orders = [["客户", made, "金额"], ["Amy", "昨天下午", 5]]
    _, _, report = book_from_rows({"客户": [["姓名"], ["Amy"]], "订单": orders}, TODAY)
    assert [(p.row, p.header, p.value) for p in report.problems] == [(2, made, "昨天下午")]


def test_a_customer_row_with_a_payment_date_and_an_amount_is_a_purchase():
    rows = [["微信名", "付款时间", "金额"], ["小满", "2024-12-01", "25"], ["小满", "2024-12-20", "99"]]
    book, _, _ = book_from_rows({"客户": rows}, TODAY)
    assert [(o.date, o.amount) for o in book.orders] == [(date(2024, 12, 1), 25.0), (date(2024, 12, 20), 99.0)]


def test_a_kind_column_makes_enquiries_contacts():
    orders = [["客户", "购买时间", "交易类型", "金额"], ["Amy", "2024-12-01", "购买", 98],
              ["Amy", "2024-12-05", "投诉", None], ["Bob", "2024-12-06", "咨询", None], ["Bob", "2024-12-07", "闲聊", 5]]
    book, _, report = book_from_rows({"客户": [["姓名"], ["Amy"], ["Bob"]], "交易记录": orders}, TODAY)
    assert [(o.customer, o.date, o.status) for o in book.orders] == [
        ("Amy", date(2024, 12, 1), None), ("Bob", date(2024, 12, 7), "状态不明")]
    assert [(c.customer, c.content) for c in book.contacts] == [("Amy", "投诉"), ("Bob", "咨询")]
    assert [(p.row, p.value) for p in report.problems] == [(5, "闲聊")]
    assert any("2 条跟进记录（交易类型是联系，不是购买）" in n for n in report.notices)


def test_period_totals_are_not_customers():
    rows = [["顾客", "电话"], ["小鱼", "13900002301"], ["10月小计", ""], ["本月小计", ""], ["本月新增：1人", ""],
            ["合计（元）：", ""], ["月小计控", "13900002399"]]
    book, _, report = book_from_rows({"客户": rows}, TODAY)
    assert [c.name for c in book.customers] == ["小鱼", "月小计控"] and report.problems == []


def test_one_row_per_purchase_gives_orders_with_the_name_merged_down():
    rows = [["客户", "电话", "产品", "数量", "日期", "金额"],
            ["王姐", "13900001001", "阿胶糕", 1, date(2024, 9, 15), 198],
            [None, None, "红枣", 2, date(2024, 10, 20), "12.5元/盒"],
            ["小李", "13900001002", "红枣", 1, "10-28", "包邮 58"]]
    book, _, report = book_from_rows({"客户": rows}, TODAY, {"客户": [((1, 0), (2, 0)), ((1, 1), (2, 1))]})
    assert [(c.name, c.phone) for c in book.customers] == [("王姐", "13900001001"), ("小李", "13900001002")]
    assert [(o.customer, o.date, o.product, o.quantity, o.amount) for o in book.orders] == [
        ("王姐", date(2024, 9, 15), "阿胶糕", 1, 198.0), ("王姐", date(2024, 10, 20), "红枣", 2, 25.0),
        ("小李", date(2024, 10, 28), "红枣", 1, 58.0)]
    assert report.problems == []
    assert report.notices[0] == ("读取「客户」作为客户表（表头在第 1 行，3 行数据）：2 位客户，3 笔订单（每行一笔）；"
                                 "列：客户(A)→客户，电话(B)→手机，产品(C)→订单产品，数量(D)→订单数量，日期(E)→订单日期，"
                                 "金额(F)→订单金额 / read as customers")


def test_first_and_last_name_side_by_side_are_one_name():
    """Shopify's customer export (S24) splits the name; a row with only a First Name is named by it."""
    rows = [["First Name", "Last Name", "Email", "Phone", "Total Spent", "Total Orders", "Accepts Marketing"],
            ["Lily", "Chen", "lily@example.com", "+86 139 0000 4001", "1280.00", 6, "yes"],
            ["Mei", None, "mei@example.com", "+8613900004003", "359.90", 2, "no"]]
    book, _, report = book_from_rows({"客户": rows}, TODAY)
    assert [(c.name, c.phone, c.total_amount, c.purchase_count, c.do_not_disturb) for c in book.customers] == [
        ("Lily Chen", "13900004001", 1280.0, 6, False), ("Mei", "13900004003", 359.9, 2, False)]
    assert report.problems == [] and "Last Name(B)→客户" in report.notices[0]
    assert not any("「Last Name」" in n for n in report.notices if "未使用" in n)


def test_refunds_beside_the_totals_are_never_the_totals():
    """A member export (S25) keeps 累计退款订单数 / 累计退款金额 beside 累计消费单数 / 累计消费金额."""
    rows = [["昵称", "手机号", "累计消费金额", "累计消费单数", "累计退款金额", "累计退款订单数"],
            ["🍊橙子", "13900004101", "560.00", 4, "120.00", 1]]
    book, _, report = book_from_rows({"会员": rows}, TODAY)
    assert [(c.total_amount, c.purchase_count) for c in book.customers] == [(560.0, 4)]
    assert any("「累计退款金额」（E 列）、「累计退款订单数」（F 列）" in n for n in report.notices)


def test_a_contact_person_beside_the_customer_name_is_no_duplicate():
    """客户名称 (the company) and 联系人 side by side (S27): 联系人 is the person to talk to, said as such."""
    rows = [["客户名称", "联系人", "联系电话", "产品偏好"], ["杭州青禾茶业有限公司", "周经理", "13900004301", "白茶"]]
    book, _, report = book_from_rows({"客户": rows}, TODAY)
    assert [(c.name, c.favourite_product) for c in book.customers] == [("杭州青禾茶业有限公司", "白茶")]
    assert any("「联系人」（B 列）是对方的联系人" in n for n in report.notices)
    assert not any("重复的表头" in n for n in report.notices)


def test_an_erp_order_list_is_dated_by_its_trade_time_and_paid_its_settled_amount():
    """网店管家's 交易时间 / 实际结算 (S28): an order sheet, not a second customer sheet."""
    orders = [["管家订单号", "登记时间", "交易时间", "订单状态", "顾客", "手机", "合计应收", "实际结算"],
              ["GJ0001", "2024-12-02 09:00:00", "2024-12-01 20:15:00", "已完成", "林小满", "13900004401", "236.00",
               "236.00"],
              ["GJ0003", "2024-12-04", "2024-12-03 08:30:00", "待发货", "林小满", "13900004401", "59.00", "50.00"]]
    book, _, report = book_from_rows({"客户": [["顾客", "手机"], ["林小满", "13900004401"]], "管家婆订单": orders},
                                     TODAY)
    assert [(o.date, o.amount) for o in book.orders] == [(date(2024, 12, 1), 236.0), (date(2024, 12, 3), 50.0)]
    assert report.problems == []


def test_an_order_lists_bare_name_gives_way_to_its_billing_name():
    """Shopify's order export (S30): Name is the order number (#1001), Billing Name the buyer."""
    orders = [["Name", "Email", "Created at", "Total", "Lineitem name", "Lineitem quantity", "Billing Name",
               "Billing Phone"],
              ["#1001", "lily@example.com", "2024-12-02 10:04:50 +0800", "188.00", "Rose tea", 1, "Lily Chen",
               "+86 139 0000 4601"]]
    book, _, report = book_from_rows({"客户": [["姓名", "手机"], ["莉莉", "13900004601"]], "Orders": orders}, TODAY)
    assert [(o.customer, o.date, o.amount, o.product) for o in book.orders] == [
        ("莉莉", date(2024, 12, 2), 188.0, "Rose tea")]
    assert report.problems == [] and any("「Name」（A 列）" in n for n in report.notices if "未使用" in n)


def test_more_items_of_an_order_are_no_orders_of_their_own():
    """Shopify (S30) writes a second item as a row with only the order's Name and the item: part of the order above.
    A row with its own buyer or date, or another order number, stays an order."""
    orders = [["Name", "Created at", "Total", "Lineitem name", "Billing Name"],
              ["#1001", "2024-12-02 10:04:50 +0800", "188.00", "Rose tea", "Amy"],
              ["#1001", None, None, "Jasmine tea", None],
              ["#1002", "2024-12-03", "59.00", "Cup", "Amy"],
              ["#1002", "2024-12-03", "10.00", "Saucer", "Amy"],
              ["#1003", None, "5.00", "Spoon", None]]
    book, _, report = book_from_rows({"客户": [["姓名"], ["Amy"]], "订单": orders}, TODAY)
    assert [(o.date, o.amount, o.product) for o in book.orders] == [
        (date(2024, 12, 2), 188.0, "Rose tea"), (date(2024, 12, 3), 59.0, "Cup"), (date(2024, 12, 3), 10.0, "Saucer")]
    assert [(p.row, p.header) for p in report.problems] == [(6, "Created at"), (6, "Billing Name")]
    assert "「订单」同一订单的其他商品行（按订单号并入上一行）(more items of the order above)：1 处" in report.notices


def test_hidden_columns_are_read_from_the_file(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户"
    ws.append(["手机(旧)", "客户名称", "手机"])
    ws.append(["13800001501", "王先生", "13900001501"])
    ws.column_dimensions["A"].hidden = True
    wb.save(tmp_path / "hidden.xlsx")
    book, _, report = read_workbook(tmp_path / "hidden.xlsx", TODAY)
    assert book.customers[0].phone == "13900001501"
    assert "「客户」的「手机(旧)」（A 列）是隐藏列，用可见的同类列 / hidden column A gives way to a visible one" in report.notices
    # A refresh reads the file as check does (it once took the hidden old phone).
    refreshed, _, report, _ = read_for_refresh(tmp_path / "hidden.xlsx", TODAY, ())
    assert refreshed.customers[0].phone == "13900001501"
    assert any("hidden column A gives way to a visible one" in notice for notice in report.notices)
