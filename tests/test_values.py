"""Cell-value parsers: every shape a seller types, and no exception for anything else."""
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, strategies as st

from tierlogic.model import LunarBirthday, SolarBirthday
from workbook.values import (
    EXPECT_AMOUNT, EXPECT_DATE, Invalid, excel_serial_to_date, parse_amount, parse_phone, PerUnit, parse_birthday_cell,
    parse_birthday_kind, parse_count, parse_date, parse_days, parse_grade, parse_interest, parse_progress,
    parse_status, parse_tags, parse_text, parse_yes_no, year_for_month_day,
)

TODAY = date(2025, 1, 10)


@pytest.mark.parametrize("value, expected", [
    (date(2024, 3, 5), date(2024, 3, 5)),
    (datetime(2024, 3, 5, 18, 30), date(2024, 3, 5)),
    (45356, date(2024, 3, 5)),
    (45356.75, date(2024, 3, 5)),          # a serial with a time of day
    (1, date(1900, 1, 1)),
    (59, date(1900, 2, 28)),
    (61, date(1900, 3, 1)),                # after Excel's phantom 1900-02-29
    ("2024.3.5", date(2024, 3, 5)),
    ("2024/03/05", date(2024, 3, 5)),
    ("2024-3-5", date(2024, 3, 5)),
    ("2024-03-05 00:00:00", date(2024, 3, 5)),
    ("2024/3/5 18:30", date(2024, 3, 5)),
    ("2024年3月5日", date(2024, 3, 5)),
    ("2024年3月5号", date(2024, 3, 5)),
    ("2024年03月05", date(2024, 3, 5)),
    ("20240305", date(2024, 3, 5)),
    (20240305, date(2024, 3, 5)),
    (20240305.0, date(2024, 3, 5)),
    ("２０２４／０３／０５", date(2024, 3, 5)),
    ("２０２４年３月５日", date(2024, 3, 5)),
    ("2024。3。5", date(2024, 3, 5)),
    ("  2024-3-5\t", date(2024, 3, 5)),
    ("3月5日", date(2025, 3, 5)),           # nearest to 2025-01-10
    ("12月28日", date(2024, 12, 28)),
    ("１月３号", date(2025, 1, 3)),
])
def test_dates(value, expected):
    assert parse_date(value, TODAY) == expected


@pytest.mark.parametrize("value", [
    "2024-13-05", "2024-2-30", "2024-3/5", "2024.3", "13.5", "昨天", "下周一", "13/13/2026", "26/13/1", "x", 60, 0, -5, 13800138000,
    float("nan"), float("inf"), True, False, time(10, 0), timedelta(days=3), "2月30日", "99999999",
])
def test_not_dates(value):
    assert parse_date(value, TODAY) == Invalid(EXPECT_DATE)


@pytest.mark.parametrize("value, past, expected", [
    # issue 16: shapes sellers type, read against the corpus's today 2026-11-23
    ("10-28", True, date(2026, 10, 28)), ("10/30", True, date(2026, 10, 30)), ("11.12", True, date(2026, 11, 12)),
    ("11/30", False, date(2026, 11, 30)), ("12-01", False, date(2026, 12, 1)), ("12-01", True, date(2025, 12, 1)),
    ("26/11/1", True, date(2026, 11, 1)),             # a short year stands first: 26 cannot be a month
    ("11/1/2026", True, date(2026, 11, 1)),           # month/day/year, as Excel's US format shows it
    ("13/1/2026", True, date(2026, 1, 13)),           # day/month/year only when the first cannot be a month
    ("2026/11/01 下午 2:30", True, date(2026, 11, 1)), ("2026-11-01 2:30 PM", True, date(2026, 11, 1)),
    ("2026-07-24T01:23:22.623Z", True, date(2026, 7, 24)),   # 09:23 in China
    ("2026-07-24T17:00:00Z", True, date(2026, 7, 25)),       # already the 25th in China
    ("2026-07-24T17:00:00+08:00", True, date(2026, 7, 24)),
    # S26: a 年月日 date with a time after it, with or without a space, in 时分 or colons; S24: an export's offset
    ("2026年11月20日 14时05分", True, date(2026, 11, 20)), ("2026年11月21日20:15:00", True, date(2026, 11, 21)),
    ("2026年11月20日14时", True, date(2026, 11, 20)), ("2026-11-20 14:05:33 -0500", True, date(2026, 11, 20)),
])
def test_dates_as_sellers_type_them(value, past, expected):
    assert parse_date(value, date(2026, 11, 23), past) == expected


@pytest.mark.parametrize("value", ["2026年11月2014", "2026-11-20 14", "2026年11月20日 下午"])
def test_a_time_must_look_like_one(value):
    assert isinstance(parse_date(value, date(2026, 11, 23), True), Invalid)


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000"])
def test_blank_is_none_for_every_parser(value):
    for parser in (parse_amount, parse_count, parse_days, parse_yes_no, parse_progress, parse_grade,
                   parse_interest, parse_status, parse_text, parse_birthday_kind, parse_birthday_cell):
        assert parser(value) is None
    assert parse_date(value, TODAY) is None
    assert parse_tags(value) == ()


@pytest.mark.parametrize("month, day, today, past, expected", [
    (3, 5, date(2025, 1, 10), False, date(2025, 3, 5)),
    (3, 5, date(2025, 1, 10), True, date(2024, 3, 5)),
    (1, 3, date(2024, 12, 20), False, date(2025, 1, 3)),
    (1, 3, date(2024, 12, 20), True, date(2024, 1, 3)),
    (12, 28, date(2025, 1, 5), False, date(2024, 12, 28)),
    (1, 10, date(2025, 1, 10), True, date(2025, 1, 10)),   # today counts as past
    (9, 1, date(2024, 3, 2), False, date(2023, 9, 1)),     # 183 days either way: the past one
    (2, 29, date(2026, 6, 1), True, date(2024, 2, 29)),
    (2, 29, date(2026, 6, 1), False, date(2028, 2, 29)),
    (2, 30, date(2026, 6, 1), False, None),
])
def test_year_for_month_day(month, day, today, past, expected):
    assert year_for_month_day(month, day, today, past) == expected


def test_past_dates_text_without_year():
    assert parse_date("3月5日", TODAY, past=True) == date(2024, 3, 5)
    assert parse_date("2025年3月5日", TODAY, past=True) == date(2025, 3, 5)  # a year given is kept


@pytest.mark.parametrize("serial, expected", [
    (1, date(1900, 1, 1)), (60, None), (61, date(1900, 3, 1)), (43831, date(2020, 1, 1)),
    (0, None), (0.5, None), ((date(2199, 12, 31) - date(1899, 12, 30)).days, date(2199, 12, 31)),
    ((date(2199, 12, 31) - date(1899, 12, 30)).days + 1, None),
])
def test_excel_serials(serial, expected):
    assert excel_serial_to_date(serial) == expected


@pytest.mark.parametrize("value, expected", [
    ("¥1,280.00", 1280.0), ("￥1280", 1280.0), ("1280元", 1280.0), ("1,280", 1280.0), ("1280.5", 1280.5),
    (1280, 1280.0), (1280.5, 1280.5), (-50, -50.0), ("-50", -50.0), ("-¥50", -50.0), ("¥-50", -50.0),
    ("1.2万", 12000.0), ("1.2万元", 12000.0), ("3万", 30000.0), ("¥ 1 280", 1280.0), ("RMB 99", 99.0),
    ("99块", 99.0), ("１２８０元", 1280.0), (".5", 0.5), ("+20", 20.0), (0, 0.0),
])
def test_amounts(value, expected):
    assert parse_amount(value) == expected


@pytest.mark.parametrize("value, expected, per_unit", [
    ("12.5元/盒", 12.5, True), ("¥30/瓶", 30.0, True), ("包邮 99", 99.0, False), ("99.00（含运费）", 99.0, False),
    ("¥68", 68.0, False),
])
def test_amounts_with_notes(value, expected, per_unit):
    assert parse_amount(value) == expected
    assert isinstance(parse_amount(value), PerUnit) is per_unit


@pytest.mark.parametrize("value, expected", [
    ("139 0000 0901", "13900000901"), ("139-0000-2305", "13900002305"), ("+86 139 0000 0901", "13900000901"),
    (13900000101, "13900000101"), ("139****0101", "139****0101"), ("找前台", "找前台"), ("", None),
    # one mobile with a note beside it is that mobile; two numbers or an extension are kept as written
    ("13900004001（微信同号）", "13900004001"), ("手机：139 0000 4001", "13900004001"),
    ("139-0000-4001/13900004002", "139-0000-4001/13900004002"), ("13900004001转8001", "13900004001转8001"),
])
def test_phones(value, expected):
    assert parse_phone(value) == expected


@pytest.mark.parametrize("value", ["abc", "12,80", "1.2.3", "万", "-", "¥", "1,2345", True, date(2024, 1, 1),
                                   float("nan"), float("-inf")])
def test_not_amounts(value):
    assert parse_amount(value) == Invalid(EXPECT_AMOUNT)


@pytest.mark.parametrize("value, expected", [
    (3, 3), (3.0, 3), ("3", 3), ("３", 3), ("3件", 3), ("2 盒", 2), ("10次", 10), ("1,000", 1000), (0, 0),
])
def test_counts(value, expected):
    assert parse_count(value) == expected


@pytest.mark.parametrize("value", [2.5, -1, "-1", "三", "3.5件", True, "abc"])
def test_not_counts(value):
    assert isinstance(parse_count(value), Invalid)


@pytest.mark.parametrize("value, expected", [(30, 30.0), ("30天", 30.0), ("45 日", 45.0), ("7.5", 7.5)])
def test_days(value, expected):
    assert parse_days(value) == expected


@pytest.mark.parametrize("value", [-3, "一个月", "abc", False])
def test_not_days(value):
    assert isinstance(parse_days(value), Invalid)


@pytest.mark.parametrize("value, expected", [
    *[(v, True) for v in ("是", "√", "✓", "✔", "Y", "y", "yes", "YES", "1", 1, 1.0, "true", "TRUE", True, "对", "有",
                          "是的")],
    *[(v, False) for v in ("否", "×", "✗", "N", "n", "no", "0", 0, "false", False, "错", "无", "没有", "x", "X")],
])
def test_yes_no(value, expected):
    assert parse_yes_no(value) is expected


@pytest.mark.parametrize("value", ["也许", "2", 2, "yes!", date(2024, 1, 1)])
def test_not_yes_no(value):
    assert isinstance(parse_yes_no(value), Invalid)


@pytest.mark.parametrize("value, expected", [
    ("a", "a"), ("A", "a"), ("Ｂ", "b"), ("ｃ", "c"), ("d", "d"), ("A-意向强", "a"), ("b类", "b"), ("C 有兴趣", "c"),
])
def test_progress(value, expected):
    assert parse_progress(value) == expected


@pytest.mark.parametrize("value", ["e", "bad", "意向a", "ab", 1, True])
def test_not_progress(value):
    assert isinstance(parse_progress(value), Invalid)


@pytest.mark.parametrize("value, letters, expected", [
    ("S", "SABCDF", "S"), ("a", "SABCDF", "A"), ("Ｆ", "SABCDF", "F"), ("B级", "SABCDF", "B"),
    ("C-有潜力", "SABCDF", "C"), ("E", "ABCDE", "E"),
])
def test_grades(value, letters, expected):
    assert parse_grade(value, letters) == expected


@pytest.mark.parametrize("value, letters", [("E", "SABCDF"), ("S", "ABCDE"), ("G", "SABCDEF"), ("Sa", "SABCDF")])
def test_not_grades(value, letters):
    assert isinstance(parse_grade(value, letters), Invalid)


@pytest.mark.parametrize("value, expected", [
    ("高", "高"), ("中", "中"), ("低", "低"), ("无", "无"), ("High", "高"), ("medium", "中"), ("LOW", "低"),
    ("none", "无"), ("意向高", "高"), ("强", "高"), ("一般", "中"), ("弱", "低"), ("没有", "无"), ("高意向", "高"),
])
def test_interest(value, expected):
    assert parse_interest(value) == expected


@pytest.mark.parametrize("value", ["很好", "a", 1])
def test_not_interest(value):
    assert isinstance(parse_interest(value), Invalid)


@pytest.mark.parametrize("value, expected", [
    ("成交未下单", "成交未下单"), ("未下单", "成交未下单"), ("已下单", "已下单"), ("下单", "已下单"),
    ("已发货", "已发货"), ("发货", "已发货"), ("已发出", "已发货"), ("已签收", "已签收"), ("签收", "已签收"),
    ("已收货", "已签收"), ("退货", "退货"), ("退款", "退货"), (" 已 签收 ", "已签收"),
])
def test_statuses(value, expected):
    assert parse_status(value) == expected


@pytest.mark.parametrize("value", ["完成", "shipped", 3])
def test_not_statuses(value):
    assert isinstance(parse_status(value), Invalid)


@pytest.mark.parametrize("value, expected", [
    ("  张三 ", "张三"), (13800138000.0, "13800138000"), (1001, "1001"), (12.5, "12.5"),
    (date(2024, 3, 5), "2024-03-05"), (True, "True"),
])
def test_text(value, expected):
    assert parse_text(value) == expected


def test_tags_split_on_seller_separators():
    assert parse_tags("宝妈，老客、团购;vip / 北京") == ("宝妈", "老客", "团购", "vip", "北京")


@pytest.mark.parametrize("value, expected", [
    ("公历", "公历"), ("阳历", "公历"), ("新历", "公历"), ("solar", "公历"), ("农历", "农历"), ("阴历", "农历"),
    ("Lunar", "农历"),
])
def test_birthday_kind(value, expected):
    assert parse_birthday_kind(value) == expected


def test_birthday_kind_invalid():
    assert isinstance(parse_birthday_kind("阴阳"), Invalid)


@pytest.mark.parametrize("value, kind, expected", [
    (date(1990, 3, 5), None, SolarBirthday(3, 5, 1990)),
    (datetime(1990, 3, 5), "公历", SolarBirthday(3, 5, 1990)),
    (date(1990, 8, 15), "农历", LunarBirthday(8, 15, year=1990)),
    (32937, None, SolarBirthday(3, 5, 1990)),
    (19900305, None, SolarBirthday(3, 5, 1990)),
])
def test_birthday_cells(value, kind, expected):
    assert parse_birthday_cell(value, kind) == expected


@pytest.mark.parametrize("value", [60, -1, True, time(8, 0)])
def test_birthday_cells_invalid(value):
    assert isinstance(parse_birthday_cell(value), Invalid)


def test_birthday_text_goes_to_birthday_text(monkeypatch):
    import tierlogic.birthday_text as birthday_text

    calls = []
    monkeypatch.setattr(birthday_text, "parse_birthday", lambda text, kind=None: calls.append((text, kind)) or "ok")
    assert parse_birthday_cell(" 农历八月十五 ", "农历") == "ok"
    assert calls == [("农历八月十五", "农历")]

    def refuse(text, kind=None):
        raise ValueError("看不懂 / unreadable")

    monkeypatch.setattr(birthday_text, "parse_birthday", refuse)
    assert parse_birthday_cell("某天") == Invalid("看不懂 / unreadable")


def test_birthday_text_for_real():
    pytest.importorskip("tierlogic.birthday_text")
    assert parse_birthday_cell("农历八月十五") == LunarBirthday(8, 15)
    assert parse_birthday_cell("3月5日") == SolarBirthday(3, 5)
    assert isinstance(parse_birthday_cell("1990-13-05"), Invalid)


# ---------------------------------------------------------------- properties

cell_values = st.one_of(
    st.none(), st.text(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.dates(), st.datetimes(), st.times(), st.timedeltas(),
    st.text(alphabet="0123456789０１２３４５６７８９年月日号.-/ ¥￥,万元%√×是否abcdABCD", max_size=14),
)
PARSERS = (parse_amount, parse_count, parse_days, parse_yes_no, parse_progress, parse_grade, parse_interest,
           parse_status, parse_text, parse_tags, parse_birthday_kind)


@given(cell_values, st.dates())
def test_no_parser_raises(value, today):
    for parser in PARSERS:
        parser(value)
    parse_date(value, today)
    parse_date(value, today, past=True)


@given(cell_values)
def test_birthday_cells_never_raise(value):
    pytest.importorskip("tierlogic.birthday_text")
    parse_birthday_cell(value)
    parse_birthday_cell(value, "农历")


@given(cell_values)
def test_results_are_value_none_or_invalid(value):
    assert isinstance(parse_amount(value), (float, type(None), Invalid))
    assert isinstance(parse_count(value), (int, type(None), Invalid))
    assert parse_yes_no(value) in (True, False, None) or isinstance(parse_yes_no(value), Invalid)
    assert parse_progress(value) in ("a", "b", "c", "d", None) or isinstance(parse_progress(value), Invalid)


def _shapes(d: date) -> list[str]:
    return [
        f"{d.year}.{d.month}.{d.day}", f"{d.year}/{d.month:02}/{d.day:02}", f"{d.year}-{d.month}-{d.day}",
        f"{d.year}年{d.month}月{d.day}日", f"{d.year}{d.month:02}{d.day:02}", f"{d.isoformat()} 00:00:00",
        f"{d.year}年{d.month}月{d.day}日".translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    ]


@given(st.dates(min_value=date(1000, 1, 1)))
def test_date_shapes_round_trip(d):
    for text in _shapes(d):
        assert parse_date(text, TODAY) == d, text


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2199, 12, 31)))
def test_serial_round_trip(d):
    assert parse_date((d - date(1899, 12, 30)).days, TODAY) == d


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.dates(min_value=date(1950, 1, 1),
       max_value=date(2090, 12, 31)))
def test_year_less_dates(d, today):
    text = f"{d.month}月{d.day}日"
    near, past = parse_date(text, today), parse_date(text, today, past=True)
    assert (near.month, near.day) == (past.month, past.day) == (d.month, d.day)
    assert past <= today and abs((near - today).days) <= 366 + 365 * 3 * (d.month == 2 and d.day == 29)
    if not (d.month == 2 and d.day == 29):
        assert abs((near - today).days) <= 183 and (today - past).days < 366
