"""The customer sheet's field table: every Customer field is declared once, and each place that reads it agrees."""
import inspect
from dataclasses import fields
from datetime import date

from macros.udf_core import TB_GRADE
from templates.build import customer_fields
from tierlogic.grade import LEVEL_FIELDS
from tierlogic.model import Customer, LunarBirthday
from tierlogic.settings import DEFAULT_SETTINGS
from workbook.customer_fields import BY_NAME, FIELDS, GRADE_FIELDS, TEMPLATE_FIELDS
from workbook.headers import CUSTOMERS, match_header_row
from workbook.reader import book_from_rows

TODAY = date(2026, 11, 23)
# Columns the reader builds a Customer field from (the birthday), not fields of their own.
READER_COLUMNS = {"lunar_birthday", "birthday_kind"}
# A readable cell for every declared column, each giving a value other than the field's default.
CELLS = {
    "name": "张三", "id": "C001", "phone": "13800138000", "wechat": "zhang3", "region": "杭州", "gender": "女",
    "birthday": "3月5日", "lunar_birthday": None, "birthday_kind": "农历", "source": "朋友圈", "tags": "VIP",
    "bought_similar": "是", "buying_ability": "否", "interest": "高", "expected_close": "2026-12-01",
    "first_purchase": "2025-01-05", "last_purchase": "2026-10-01", "purchase_count": 3, "total_amount": 1280,
    "total_profit": 300, "maintenance_cost": 20, "last_contact": "2026-11-01", "next_contact": "2026-12-05",
    "progress": "b", "manual_grade": "A", "do_not_disturb": "是", "notes": "老客", "salutation": "张姐",
    "favourite_product": "面霜", **{name: scheme.recorded_levels[0].code for name, scheme in LEVEL_FIELDS.items()},
}


def test_every_customer_field_is_declared_once_and_nothing_else():
    declared = [f.name for f in FIELDS]
    assert len(declared) == len(set(declared))
    assert set(declared) == {f.name for f in fields(Customer)} - {"key"} | READER_COLUMNS


def test_a_row_with_every_declared_column_fills_every_customer_field():
    labels = [f.label for f in FIELDS]
    rows = [labels, [CELLS[f.name] for f in FIELDS],
            ["李四", *[None] * (len(FIELDS) - 1)]]
    rows[2][labels.index(BY_NAME["lunar_birthday"].label)] = "八月十五"
    book, _, report = book_from_rows({"客户": rows}, TODAY)
    assert report.problems == []
    first, second = book.customers
    unfilled = [f.name for f in fields(Customer) if f.name != "key" and getattr(first, f.name) == f.default]
    assert unfilled == []
    assert first.birthday == LunarBirthday(3, 5) and second.birthday == LunarBirthday(8, 15)


def test_the_template_writes_each_column_under_a_header_read_back_as_its_field():
    assert sorted(f.column.place for f in TEMPLATE_FIELDS) == list(range(len(TEMPLATE_FIELDS)))
    written = customer_fields(DEFAULT_SETTINGS)
    assert len(written) == len(TEMPLATE_FIELDS)
    header = match_header_row([[column.header for column in written]], 0, CUSTOMERS)
    assert header.guessed == () and header.columns == {f.name: col for col, f in enumerate(TEMPLATE_FIELDS)}


def test_tb_grade_takes_the_declared_arguments_in_their_places():
    assert sorted(f.grade.place for f in GRADE_FIELDS) == list(range(len(GRADE_FIELDS)))
    parameters = list(inspect.signature(TB_GRADE).parameters)
    assert parameters[:len(GRADE_FIELDS)] == [f.name for f in GRADE_FIELDS]

