"""The greeting list end to end on five customers, with every expectation worked out by hand."""
from datetime import date

import pytest

from tierlogic.greetings import DEFAULT_TEMPLATES, greeting_list
from tierlogic.model import Customer, LunarBirthday, SolarBirthday
from tierlogic.settings import Settings

# 2026: 中秋 is 09-25 (农历八月十五), 国庆 10-01; no other festival from 09-20 to 10-03.
CUSTOMERS = [
    Customer("c1", "张丽", salutation="张姐", birthday=LunarBirthday(8, 15, year=1985)),
    Customer("c2", "李四", birthday=SolarBirthday(10, 1), favourite_product="洗发水"),
    Customer("c3", "王五", birthday=SolarBirthday(9, 21), do_not_disturb=True),
    Customer("c4", "赵六", first_purchase=date(2020, 1, 1)),
    Customer("c5", "小美", salutation="美美", first_purchase=date(2025, 9, 30), favourite_product="月饼礼盒"),
    Customer("c6", "孙七", birthday=SolarBirthday(9, 23)),
    Customer("c7", "周八", first_purchase=date(2023, 9, 24)),
]
GRADES = {"c1": "S", "c2": "C", "c3": "S", "c4": "A", "c5": "F", "c6": "D", "c7": "F"}
VALUE_TIERS = {"c1": "A", "c3": "A", "c4": "C", "c5": "A", "c7": "C"}  # c2 and c6 have no tier yet
FIRST_PURCHASES = {"c1": date(2024, 9, 28), "c4": date(2026, 9, 22)}  # orders win over the row
PRODUCTS = {"c1": "面膜"}
START = date(2026, 9, 20)

MID_AUTUMN = "中秋快乐！月圆人团圆，祝您和家人幸福安康～"
NATIONAL_DAY = "国庆快乐！假期愉快，出行平安～"
BIRTHDAY = "生日快乐！谢谢您一路的支持，愿您新的一岁平安喜乐、心想事成～"
ANNIVERSARY = "今天是您第一次在我这里买{}的纪念日，谢谢您一直以来的信任，有需要随时找我～"


def greetings(settings=Settings(), start=START, days=14, customers=CUSTOMERS):
    return greeting_list(customers, GRADES, VALUE_TIERS, FIRST_PURCHASES, PRODUCTS, start, days, settings)


def summary(rows):
    return [(r.date, r.occasions, r.name, r.channel, r.red_packet, r.text) for r in rows]


def test_the_whole_list():
    assert summary(greetings()) == [
        # a birthday or a first-purchase anniversary names one person: 私聊 whatever the grade (D, F; tier none, C)
        (date(2026, 9, 23), ("生日",), "孙七", "私聊", None, "孙七，" + BIRTHDAY),
        (date(2026, 9, 24), ("首单纪念日",), "周八", "私聊", None, "周八，" + ANNIVERSARY.format("好物")),
        (date(2026, 9, 25), ("中秋",), "小美", "私聊", 66.0, "美美，" + MID_AUTUMN),
        # a lunar birthday on 中秋: one row, birthday first, salutation once, one red packet
        (date(2026, 9, 25), ("生日", "中秋"), "张丽", "私聊", 66.0, "张姐，" + BIRTHDAY + MID_AUTUMN),
        (date(2026, 9, 25), ("中秋",), "赵六", "私聊", None, "赵六，" + MID_AUTUMN),
        # festivals keep the grade rule: C, D and F without value tier A get the group message
        (date(2026, 9, 25), ("中秋",), "周八", "群发/朋友圈", None, "周八，" + MID_AUTUMN),
        (date(2026, 9, 25), ("中秋",), "孙七", "群发/朋友圈", None, "孙七，" + MID_AUTUMN),
        (date(2026, 9, 25), ("中秋",), "李四", "群发/朋友圈", None, "李四，" + MID_AUTUMN),
        # first purchase 2024-09-28 from the orders mapping, product from the products mapping
        (date(2026, 9, 28), ("首单纪念日",), "张丽", "私聊", None, "张姐，" + ANNIVERSARY.format("面膜")),
        # first purchase only on the customer row; product from the row's favourite
        (date(2026, 9, 30), ("首单纪念日",), "小美", "私聊", None, "美美，" + ANNIVERSARY.format("月饼礼盒")),
        (date(2026, 10, 1), ("国庆",), "小美", "私聊", None, "美美，" + NATIONAL_DAY),
        (date(2026, 10, 1), ("国庆",), "张丽", "私聊", None, "张姐，" + NATIONAL_DAY),
        # a solar birthday on 国庆: 私聊 for the birthday though C, no red packet (tier unknown, 国庆 not listed)
        (date(2026, 10, 1), ("生日", "国庆"), "李四", "私聊", None, "李四，" + BIRTHDAY + NATIONAL_DAY),
        (date(2026, 10, 1), ("国庆",), "赵六", "私聊", None, "赵六，" + NATIONAL_DAY),
        (date(2026, 10, 1), ("国庆",), "周八", "群发/朋友圈", None, "周八，" + NATIONAL_DAY),
        (date(2026, 10, 1), ("国庆",), "孙七", "群发/朋友圈", None, "孙七，" + NATIONAL_DAY),
    ]


def test_do_not_disturb_and_purchase_day_are_left_out():
    rows = greetings()
    assert "王五" not in {r.name for r in rows}
    # 赵六 first bought on 2026-09-22, inside the window: the purchase day is no anniversary
    assert not [r for r in rows if r.key == "c4" and "首单纪念日" in r.occasions]


def test_row_fields_and_why():
    row = next(r for r in greetings() if r.key == "c1" and r.date == date(2026, 9, 25))
    assert (row.key, row.grade, row.value_tier) == ("c1", "S", "A")
    assert str(row.why) == "祝福：生日、中秋（生日=农历八月十五，中秋=农历八月十五，渠道=私聊（生日：只写给这一个人），红包=价值 A 类客户，66 元）"
    anniversary = next(r for r in greetings() if r.key == "c7")
    assert str(anniversary.why) == "祝福：首单纪念日（首单纪念日=首单 2023-09-24，第 3 年，渠道=私聊（首单纪念日：只写给这一个人））"
    festival = next(r for r in greetings() if r.key == "c6" and r.occasions == ("中秋",))
    assert str(festival.why) == "祝福：中秋（中秋=农历八月十五，渠道=群发/朋友圈（级别 D，价值 无 类））"


def test_festival_channel_comes_from_grade_or_value_tier():
    channels = {r.name: r.channel for r in greetings() if r.occasions in (("中秋",), ("国庆",))}
    assert channels == {"张丽": "私聊", "赵六": "私聊", "小美": "私聊", "李四": "群发/朋友圈", "孙七": "群发/朋友圈",
                        "周八": "群发/朋友圈"}


def test_birthdays_and_anniversaries_are_private_for_every_grade():
    personal = [r for r in greetings() if {"生日", "首单纪念日"} & set(r.occasions)]
    assert {r.grade for r in personal} == {"S", "C", "D", "F"}
    assert {r.channel for r in personal} == {"私聊"}


@pytest.mark.parametrize("start, included", [(date(2026, 9, 18), True), (date(2026, 9, 17), False)])
def test_window_counts_start_as_day_one(start, included):
    # settings.greeting_days = 14: 2026-09-18 + 13 days is 10-01, the last day shown
    rows = greetings(start=start, days=None)
    assert (date(2026, 10, 1) in {r.date for r in rows}) is included
    assert min(r.date for r in rows) >= start


def test_zero_and_negative_days():
    assert greetings(days=0) == []
    with pytest.raises(ValueError, match="负数"):
        greetings(days=-1)


def test_birthday_and_anniversary_switches():
    rows = greetings(Settings(greet_birthdays=False, greet_first_purchase=False))
    assert {r.occasions for r in rows} == {("中秋",), ("国庆",)}


def test_switching_a_festival_off_leaves_the_birthday_alone():
    rows = greetings(Settings(festival_switch={"中秋": False}))
    zhang = next(r for r in rows if r.key == "c1" and r.date == date(2026, 9, 25))
    assert zhang.occasions == ("生日",) and zhang.red_packet is None
    assert not [r for r in rows if "中秋" in r.occasions]


def test_seller_templates_override_and_combine():
    settings = Settings(greeting_templates={
        "中秋": "{姓名}（{称呼}），{节日}到了，给您留了{产品}～",
        "生日": "{称呼}，{节日}快乐呀！",
    })
    rows = {(r.key, r.date): r.text for r in greetings(settings)}
    assert rows[("c5", date(2026, 9, 25))] == "小美（美美），中秋到了，给您留了月饼礼盒～"
    assert rows[("c4", date(2026, 9, 25))] == "赵六（赵六），中秋到了，给您留了好物～"
    # the second part keeps its text because it does not start with the salutation
    assert rows[("c1", date(2026, 9, 25))] == "张姐，生日快乐呀！张丽（张姐），中秋到了，给您留了面膜～"


def test_custom_festival_uses_the_generic_template_and_its_red_packet():
    settings = Settings(custom_festivals={"店庆": "公历9-21"}, red_packet={"店庆": 8.8})
    rows = [r for r in greetings(settings) if r.occasions == ("店庆",)]
    assert [(r.name, r.red_packet, r.text) for r in rows] == [
        ("小美", 8.8, "美美，店庆快乐！祝您万事顺意，天天开心～"),
        ("张丽", 8.8, "张姐，店庆快乐！祝您万事顺意，天天开心～"),
        ("赵六", None, "赵六，店庆快乐！祝您万事顺意，天天开心～"),
        ("周八", None, "周八，店庆快乐！祝您万事顺意，天天开心～"),
        ("孙七", None, "孙七，店庆快乐！祝您万事顺意，天天开心～"),
        ("李四", None, "李四，店庆快乐！祝您万事顺意，天天开心～"),
    ]


def test_every_built_in_festival_has_a_template():
    from tierlogic.festivals import BUILT_IN_FESTIVALS

    assert {f.name for f in BUILT_IN_FESTIVALS} <= set(DEFAULT_TEMPLATES)


def test_lunar_new_year_window_crossing_the_solar_year():
    rows = greetings(start=date(2027, 1, 28), days=10, customers=[Customer("c9", "周周")])
    assert [(r.date, r.occasions) for r in rows] == [
        (date(2027, 1, 30), ("小年",)), (date(2027, 2, 5), ("除夕",)), (date(2027, 2, 6), ("春节",))]
