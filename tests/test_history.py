"""The seller's own history beside the orders, and how orders and contacts find their customer (issue 17).

SPEC "Orders as platforms write them": a customer row's 购买次数/累计金额/最近购买 is the seller's record of
the past; per customer the larger count and amount and the later last purchase of row and orders stand.
SPEC "Reading what sellers really have": orders and contacts link by id, phone, then any name column.
"""
from datetime import date

from tierlogic.assess import assess_book
from tierlogic.model import Order
from tierlogic.settings import Settings
from workbook.reader import book_from_rows

from .helpers import TODAY, facts

S = Settings()


def test_the_larger_count_and_amount_and_the_later_date_stand():
    old = facts(orders=[Order("c1", date(2026, 11, 1), amount=100)], purchase_count=12, total_amount=12800.0,
                first_purchase=date(2024, 3, 1), last_purchase=date(2026, 5, 1))
    assert (old.purchase_count, old.total_amount) == (12, 12800.0)
    assert (old.first_purchase, old.last_purchase) == (date(2024, 3, 1), date(2026, 11, 1))
    assert old.average_order_value == 12800.0 / 12
    new = facts(orders=[Order("c1", date(2026, 10, 1), amount=300), Order("c1", date(2026, 11, 1), amount=200)],
                purchase_count=1, total_amount=50.0, last_purchase=date(2026, 11, 20))
    assert (new.purchase_count, new.total_amount, new.last_purchase) == (2, 500.0, date(2026, 11, 20))
    assert new.first_purchase == date(2026, 10, 1)


def test_unpaid_and_refunded_orders_do_not_add_to_the_history():
    f = facts(orders=[Order("c1", date(2026, 11, 1), amount=999, status="待付款"),
                      Order("c1", date(2026, 11, 2), amount=999, status="退货")], purchase_count=2, total_amount=300.0)
    assert (f.purchase_count, f.total_amount, f.last_purchase) == (2, 300.0, None)


CUSTOMERS = [
    ["姓名", "微信名", "手机", "购买次数", "累计金额", "最近购买"],
    ["王丽", "丽丽🌸", "13900000101", 12, 12800, date(2026, 10, 10)],
    ["陈静", "静静", "13900000102", None, None, None],
    ["赵敏", "敏敏", "139 0000 0103", 1, 50, date(2026, 1, 2)],
]


def _book(orders, contacts=None):
    sheets = {"客户": CUSTOMERS, "订单": [["日期", "客户", "金额"], *orders]}
    if contacts:
        sheets["跟进记录"] = [["日期", "客户", "内容", "进度"], *contacts]
    return book_from_rows(sheets, TODAY)


def test_a_row_with_history_is_not_a_potential_customer_when_others_have_orders():
    book, settings, report = _book([[date(2026, 11, 20), "静静", 88]])
    a = assess_book(book, TODAY, settings)
    wang = a["王丽"]
    assert (wang.facts.purchase_count, wang.facts.total_amount) == (12, 12800.0)
    assert wang.grade.grade == "S"
    assert wang.lifecycle.stage == "忠诚"           # ≥ 10 purchases, the last within 180 days
    assert wang.tier.tier == "A" and not wang.tier.loss  # ¥12,800 of ¥12,938 (no costs: amounts count in full)
    assert wang.next_due.due == date(2026, 11, 9)   # S: 30 days after the row's last purchase


def test_the_report_says_how_many_customers_differ():
    book, _, report = _book([[date(2026, 11, 20), "丽丽🌸", 88], [date(2026, 11, 21), "静静", 50],
                             [date(2026, 1, 2), "敏敏", 50]])
    differ = [n for n in report.notices if "与订单表不同" in n]
    # 王丽: row 12 vs 1 order; 陈静: no history on the row; 赵敏: row and orders agree.
    assert differ and differ[0].startswith("1 位客户的购买次数/累计金额/最近购买与订单表不同")
    assert assess_book(book, TODAY, Settings())["王丽"].facts.last_purchase == date(2026, 11, 20)


def test_a_weishang_book_links_orders_and_contacts_by_wechat_name():
    book, settings, report = _book(
        [[date(2026, 11, 1), "丽丽🌸", 128], [date(2026, 11, 5), "静静", 99], [date(2026, 11, 6), " 静静 ", 20]],
        [[date(2026, 11, 10), "静静", "问效果", "b"], [date(2026, 11, 12), "敏敏", "发了新品", "c"]])
    assert [o.customer for o in book.orders] == ["王丽", "陈静", "陈静"]
    assert [c.customer for c in book.contacts] == ["陈静", "赵敏"]
    assert not report.problems
    grades = {k: a.grade.grade for k, a in assess_book(book, TODAY, settings).items()}
    assert grades == {"王丽": "S", "陈静": "S", "赵敏": "S"}


def test_orders_link_by_phone():
    book, _, report = _book([[date(2026, 11, 1), "13900000103", 10], [date(2026, 11, 2), "+86 139-0000-0102", 20]])
    assert [o.customer for o in book.orders] == ["赵敏", "陈静"] and not report.problems


def test_unlinked_lines_are_counted_with_the_first_names():
    names = ["路人甲", "路人乙", "路人丙", "路人丁", "路人戊", "路人己"]
    book, _, report = _book([[date(2026, 11, 1), n, 10] for n in names + ["路人甲"]])
    assert book.orders == ()
    notice = next(n for n in report.notices if "在客户表里找不到" in n)
    assert notice.startswith("「订单」有 7 行的客户在客户表里找不到（6 个名字：「路人甲」、「路人乙」、「路人丙」、「路人丁」、「路人戊」 等）")


def test_a_phone_beside_the_name_decides_and_a_masked_one_rules_out(monkeypatch):
    # The order sheet's own phone column (拼多多's 手机, masked); headers.py maps such a column for the reader.
    from workbook import headers
    monkeypatch.setitem(headers._FIELD_BY_HEADER[headers.ORDERS], headers.fold_header("手机"), "phone")
    book, _, report = book_from_rows({
        "客户": [["姓名", "手机"], ["陈晓", "13900000501"], ["王芳", "13900000602"]],
        "订单": [["日期", "收货人", "手机", "金额"],
                 [date(2026, 11, 1), "陈晓", "139****0501", 34.9],   # fits 13900000501
                 [date(2026, 11, 2), "陈晓", "139****0777", 20.8],   # another 陈晓: reported, not added
                 [date(2026, 11, 3), "小芳", "13900000602", 10.0]],  # the phone names 王芳
    }, TODAY)
    assert [(o.customer, o.amount) for o in book.orders] == [("陈晓", 34.9), ("王芳", 10.0)]
    assert [(p.row, p.value) for p in report.problems] == [(3, "陈晓")]
