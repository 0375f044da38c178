"""Birthdays as sellers type them, and that nothing they type raises anything but ValueError."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tierlogic.birthday_text import KIND_WORDS, parse_birthday
from tierlogic.model import LunarBirthday, SolarBirthday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("农历三月初八", LunarBirthday(3, 8)),
        ("阴历3.8", LunarBirthday(3, 8)),
        ("阴历3月8", LunarBirthday(3, 8)),
        ("旧历3月8日", LunarBirthday(3, 8)),
        ("闰四月初八", LunarBirthday(4, 8, leap=True)),
        ("1990年农历八月十五", LunarBirthday(8, 15, year=1990)),
        ("农历1990年8月15日", LunarBirthday(8, 15, year=1990)),
        ("农历腊月廿三", LunarBirthday(12, 23)),
        ("正月初一", LunarBirthday(1, 1)),
        ("冬月十二", LunarBirthday(11, 12)),
        ("八月十五", LunarBirthday(8, 15)),
        ("十月初十", LunarBirthday(10, 10)),
        ("十二月三十", LunarBirthday(12, 30)),
        ("二月二十", LunarBirthday(2, 20)),
        ("七月廿九", LunarBirthday(7, 29)),
        ("九月卅", LunarBirthday(9, 30)),
        ("八月十五（农历）", LunarBirthday(8, 15)),
        ("3月5日", SolarBirthday(3, 5)),
        ("3月5号", SolarBirthday(3, 5)),
        ("三月五日", SolarBirthday(3, 5)),
        ("1990-3-5", SolarBirthday(3, 5, 1990)),
        ("1990/03/05", SolarBirthday(3, 5, 1990)),
        ("1990.3.5", SolarBirthday(3, 5, 1990)),
        ("19900305", SolarBirthday(3, 5, 1990)),
        ("1990年3月5日", SolarBirthday(3, 5, 1990)),
        ("１９９０年３月５日", SolarBirthday(3, 5, 1990)),
        ("１９９０－３－５", SolarBirthday(3, 5, 1990)),
        (" 1990-03-05 00:00:00 ", SolarBirthday(3, 5, 1990)),
        ("公历1990.3.5", SolarBirthday(3, 5, 1990)),
        ("新历3/5", SolarBirthday(3, 5)),
        ("2月29日", SolarBirthday(2, 29)),
        ("2000-2-29", SolarBirthday(2, 29, 2000)),
    ],
)
def test_what_sellers_type(text, expected):
    assert parse_birthday(text) == expected


@pytest.mark.parametrize(
    "text, kind, expected",
    [
        ("3.8", "农历", LunarBirthday(3, 8)),
        ("3.8", "阴历", LunarBirthday(3, 8)),
        ("19900308", "旧历", LunarBirthday(3, 8, year=1990)),
        ("八月十五", "公历", SolarBirthday(8, 15)),
        ("3.8", "阳历", SolarBirthday(3, 8)),
        ("3.8", "新历", SolarBirthday(3, 8)),
        ("3.8", "公历", SolarBirthday(3, 8)),
        ("3.8", " ", SolarBirthday(3, 8)),
        ("3.8", None, SolarBirthday(3, 8)),
        ("农历3.8", "农历", LunarBirthday(3, 8)),
    ],
)
def test_kind_column(text, kind, expected):
    assert parse_birthday(text, kind) == expected


@pytest.mark.parametrize(
    "text, kind, says",
    [
        ("", None, "看不懂"),
        ("生日", None, "看不懂"),
        ("1990-13-5", None, "1–12"),
        ("2月30日", None, "没有 2月30日"),
        ("2001-2-29", None, "没有"),
        ("农历八月三十二", None, "1–30"),
        ("农历8.31", None, "1–30"),
        ("初十一", None, "看不懂"),
        ("闰3月5日", "公历", "闰月"),
        ("1990年闰四月初八", None, "没有闰四月"),   # 1990 had 闰五月
        ("2026年农历腊月三十", None, "只有 29 天"),
        ("1850-3-5", None, "1900–2099"),
        ("农历3.8", "公历", "矛盾"),
        ("3.8", "阴阳历", "公历 或 农历"),
    ],
)
def test_unreadable_birthdays_say_what_was_expected(text, kind, says):
    with pytest.raises(ValueError, match=says):
        parse_birthday(text, kind)


KIND = st.sampled_from([None, "", *KIND_WORDS, "阴阳历"])
BIRTHDAYISH = st.text(alphabet="0123456789０１２３４５６７８９-/.年月日号闰正冬腊初廿卅一二三四五六七八九十农阴旧公阳新历 ()", max_size=16)


@given(text=st.one_of(st.text(max_size=30), BIRTHDAYISH), kind=st.one_of(KIND, st.text(max_size=4)))
def test_anything_else_is_a_value_error(text, kind):
    try:
        result = parse_birthday(text, kind)
    except ValueError:
        return
    assert isinstance(result, (SolarBirthday, LunarBirthday))
    assert 1 <= result.month <= 12 and 1 <= result.day <= 31


@pytest.mark.parametrize("text, expected", [
    ("1990-正月十五", LunarBirthday(1, 15, year=1990)),   # issue 16: a year, a dash, a lunar date
    ("农历：二月初二", LunarBirthday(2, 2)),
    ("90年3月5日", SolarBirthday(3, 5, 1990)),            # a two-digit year: 30–99 are 19xx …
    ("05年3月5日", SolarBirthday(3, 5, 2005)),            # … 00–29 are 20xx
])
def test_birthdays_from_real_books(text, expected):
    assert parse_birthday(text) == expected
