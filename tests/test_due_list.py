"""The due list end to end on a small shop worked out by hand (SPEC "Due list")."""
from datetime import date

import pytest

from tierlogic.assess import assess_book
from tierlogic.due_list import OVERDUE, TODAY as TODAY_SECTION, UPCOMING, Task, due_list
from tierlogic.explain import why
from tierlogic.greetings import BIRTHDAY
from tierlogic.model import Book, Contact, Customer, Order, Product
from tierlogic.settings import Settings

from .helpers import TODAY

SHOP = Book(
    customers=(
        Customer("wang", "王芳"), Customer("li", "李娜"), Customer("zhang", "张伟", bought_similar=True),
        Customer("zhao", "赵敏"), Customer("qian", "钱多多", do_not_disturb=True), Customer("sun", "孙丽", buying_ability=True),
        Customer("zhou", "周杰", buying_ability=True),
    ),
    orders=(Order("wang", date(2026, 11, 18), "面霜", 1, 300, 100, status="已签收", delivered_date=date(2026, 11, 21)),),
    contacts=(
        Contact("li", date(2026, 11, 20), progress="b"),
        Contact("zhao", date(2026, 10, 27), progress="d"),
        Contact("sun", date(2026, 11, 15)),
        Contact("zhou", date(2026, 11, 16)),
    ),
    products=(Product("面霜", 60),),
    has_orders_sheet=True, has_contacts_sheet=True,
)


def rows(book=SHOP, settings=Settings(), extra=()):
    return due_list(assess_book(book, TODAY, settings), TODAY, settings, extra)


def test_sections_order_and_membership():
    got = [(r.section, r.name, r.due, r.days_overdue, r.grade) for r in rows()]
    assert got == [
        (OVERDUE, "王芳", date(2026, 11, 22), 1, "S"),          # 已签收 11-21 → ask on 11-22
        (OVERDUE, "李娜", date(2026, 11, 21), 2, "A"),          # progress b, 11-20 + 1 day
        (TODAY_SECTION, "张伟", TODAY, 0, "B"),                  # never contacted → today
        (UPCOMING, "赵敏", date(2026, 11, 26), 0, "D"),         # 10-27 + 30
        (UPCOMING, "孙丽", date(2026, 11, 30), 0, "C"),         # 11-15 + 15, the last day shown
    ]  # 钱多多 is do-not-disturb; 周杰 is due 12-01, past the 7-day horizon


def test_each_row_says_why_and_what_to_do():
    wang = rows()[0]
    assert [str(w) for w in wang.reasons] == ["已签收：签收后询问（签收日期=2026-11-21）"]
    assert wang.actions == ("询问是否收到，为询问体验做铺垫",)
    assert (wang.value_tier, wang.lifecycle, wang.progress) == ("A", "新客", "d")


def test_overdue_and_today_tasks_of_one_customer_merge_into_one_row():
    birthday = Task("li", TODAY, BIRTHDAY, why("生日"))
    li = [r for r in rows(extra=[birthday]) if r.customer == "li"]
    assert len(li) == 1
    assert li[0].due == date(2026, 11, 21) and li[0].days_overdue == 2
    assert [w.rule for w in li[0].reasons] == ["按节奏跟进：A级每1天（日志）", "生日"]
    # the birthday is what the one conversation is about: the follow-up's advice gives way, its reason stays
    assert li[0].actions == ("私聊发生日祝福（祝福语见祝福名单）",)


def test_advice_follows_the_task_then_the_progress_then_the_grade():
    got = {r.name: (r.grade, r.progress, [str(w) for w in r.reasons], r.actions) for r in rows()}
    assert got == {
        "王芳": ("S", "d", ["已签收：签收后询问（签收日期=2026-11-21）"], ("询问是否收到，为询问体验做铺垫",)),
        "李娜": ("A", "b", ["按节奏跟进：A级每1天（日志）（上次联系=2026-11-20）"], ("继续加大宣传力度，加强对产品的认知和认可",)),
        "张伟": ("B", "d", ["从未联系（级别=B）"], ("还没开始聊：先打个招呼，了解对方的基本信息",)),
        "赵敏": ("D", "d", ["按节奏跟进：D级每30天（月志）（上次联系=2026-10-27）"], ("先开口聊，了解对方的基本信息",)),
        "孙丽": ("C", "d", ["按节奏跟进：C级每15天（半月志）（上次联系=2026-11-15）"], ("先开口聊，了解对方的基本信息",)),
    }


def test_an_f_customer_never_contacted_is_not_told_to_hurry():
    """Issue 14: `从未联系，尽快联系` beside `偶尔群发，不必花太多精力`."""
    row, = rows(Book(customers=(Customer("f", "冯一"),)))
    assert (row.grade, [str(w) for w in row.reasons], row.actions) == ("F", ["从未联系（级别=F）"], ("偶尔群发，不必花太多精力",))


@pytest.mark.parametrize("progress, action", [
    ("a", "还差最后一步：打消稍许顾虑，该催单"),
    ("b", "继续加大宣传力度，加强对产品的认知和认可"),
    ("c", "挖掘需求，弄清购买意图是否强烈"),
    ("d", "先开口聊，了解对方的基本信息"),
])
def test_an_a_customer_is_pressed_to_buy_only_at_progress_a(progress, action):
    """Issue 14: an A customer (interest 高) at progress d was told `还差最后一步，该催单`."""
    book = Book(customers=(Customer("a", "安一", interest="高"),),
                contacts=(Contact("a", date(2026, 11, 22), progress=progress),), has_contacts_sheet=True)
    row, = rows(book)
    assert (row.grade, row.progress, row.actions) == ("A", progress, (action,))


def test_a_dormant_buyer_is_asked_why_once_not_also_told_to_do_after_sales():
    """A dormant S customer due for reactivation and the cadence on one day: one action, not two."""
    book = Book(customers=(Customer("s", "施一"),),
                orders=(Order("s", date(2026, 6, 1), "面霜", 1, 300, status="已签收", delivered_date=date(2026, 6, 3)),),
                contacts=(Contact("s", date(2026, 8, 30)),), has_orders_sheet=True, has_contacts_sheet=True)
    row, = [r for r in rows(book) if r.due <= TODAY]
    assert [w.rule for w in row.reasons] == ["沉睡客户唤醒", "按节奏跟进：S级每30天（月志）"]
    assert row.actions == ("问问为什么没再买，推荐一款口碑好的产品",)


def test_two_upcoming_days_give_two_rows():
    extra = [Task("zhao", date(2026, 11, 28), BIRTHDAY, why("生日"))]
    assert [(r.name, r.due) for r in rows(extra=extra) if r.customer == "zhao"] == [
        ("赵敏", date(2026, 11, 26)), ("赵敏", date(2026, 11, 28))]


def test_horizon_is_a_setting():
    assert "周杰" in [r.name for r in rows(settings=Settings(upcoming_days=8))]


def test_priority_within_a_day_grade_then_tier_then_probability_then_overdue():
    book = Book(customers=(Customer("d1", "丁一"), Customer("d2", "丁二", interest="高"), Customer("d3", "丁三", purchase_count=1)))
    assert [r.name for r in rows(book)] == ["丁三", "丁二", "丁一"]  # S, A, F — all never contacted → today
