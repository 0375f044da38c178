"""客户分层 (SPEC Round 2): every customer, their tier, the rule behind it and what comes next — worked by hand."""
from datetime import date

from tierlogic.assess import assess_book
from tierlogic.festivals import festival_date
from tierlogic.model import Book, Contact, Customer, LunarBirthday, Order, SolarBirthday
from tierlogic.overview import next_festival, overview
from tierlogic.settings import Settings
from workbook.sheets import TIERING_COLUMNS, TIERING_SHEET, tiering_sheet

from .helpers import TODAY  # Monday 2026-11-23

WINTER_SOLSTICE = festival_date("冬至", 2026, Settings())

BOOK = Book(
    customers=(
        Customer("wf", "王芳", phone="13900000001", birthday=SolarBirthday(12, 5)),
        Customer("ll", "李雷", birthday=LunarBirthday(10, 22)),          # 农历十月廿二 2026 = 11-30
        Customer("zm", "赵敏"),
        Customer("qd", "钱多", do_not_disturb=True),
        Customer("dz", "冬至生", birthday=SolarBirthday(WINTER_SOLSTICE.month, WINTER_SOLSTICE.day)),
    ),
    orders=(Order("wf", date(2026, 10, 1), amount=300), Order("wf", date(2026, 10, 20), amount=200),
            Order("wf", date(2026, 11, 10), amount=100)),
    contacts=(Contact("ll", date(2026, 11, 20), progress="b"),),
    has_orders_sheet=True,
)


def rows():
    return overview(assess_book(BOOK, TODAY, Settings()), TODAY, Settings())


def test_the_next_festival_after_the_day_is_the_winter_solstice():
    assert WINTER_SOLSTICE == date(2026, 12, 22)  # the almanac's 冬至 2026
    festival = next_festival(TODAY, Settings())
    assert (festival.date, festival.names) == (WINTER_SOLSTICE, ("冬至",))


def test_every_customer_one_row_sorted_grade_tier_then_next_follow_up():
    assert [(r.customer.name, r.assessment.grade.grade) for r in rows()] == [
        ("王芳", "S"), ("李雷", "A"), ("冬至生", "F"), ("赵敏", "F"), ("钱多", "F")]


def test_each_row_knows_its_next_birthday_or_festival():
    occasions = {r.customer.name: r.next_occasion and (r.next_occasion.date, str(r.next_occasion)) for r in rows()}
    assert occasions == {
        "王芳": (date(2026, 12, 5), "生日"),
        "李雷": (date(2026, 11, 30), "生日"),
        "赵敏": (WINTER_SOLSTICE, "冬至"),
        "冬至生": (WINTER_SOLSTICE, "生日、冬至"),    # one day, both occasions, birthday first as in 祝福名单
        "钱多": None,                                  # do not disturb: never greeted
    }


def test_the_sheet_shows_what_was_read_and_why():
    spec = tiering_sheet(rows())
    assert spec.name == TIERING_SHEET and len(spec.rows) == 5
    row = dict(zip((c.header for c in TIERING_COLUMNS), spec.rows[0]))
    assert row["客户"] == "王芳" and row["手机"] == "13900000001" and row["级别"] == "S"
    assert row["原因"].startswith("S：已成交") and "购买次数=3" in row["原因"]
    assert (row["购买次数"], row["累计金额"]) == (3, 600)
    assert (row["首次购买"], row["最近购买"], row["上次联系"]) == (date(2026, 10, 1), date(2026, 11, 10), date(2026, 11, 10))
    assert row["下次跟进"] == date(2026, 12, 10)                  # S: 30 days after the last purchase
    assert "S级每30天" in row["跟进依据"]
    assert (row["下个节日/生日"], row["场合"]) == (date(2026, 12, 5), "生日")
    assert (row["价值分层"], row["生命周期"]) == ("A", "老客")  # the only buyer; 3 orders
    lei = dict(zip((c.header for c in TIERING_COLUMNS), spec.rows[1]))
    assert (lei["进度"], lei["成交概率"], lei["级别"]) == ("b", 0.5, "A")
    assert spec.print_setup is not None and spec.print_setup.fit_to_width and spec.autofilter
