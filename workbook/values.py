"""Parsers for cell values as a person types them: each returns a value, None for a blank, or Invalid.

No parser raises on bad input: a value it cannot read comes back as `Invalid(expected)`,
which the reader turns into a check-report line. Cell values arrive from python-calamine as
str, int, float, bool, date, datetime, time, timedelta, or ""/None for a blank cell.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping, Optional, Sequence, TypeVar, Union

from tierlogic.model import (
    INTEREST_HIGH, INTEREST_LOW, INTEREST_MEDIUM, INTEREST_NONE, Birthday, LunarBirthday, SolarBirthday,
)
from tierlogic.order_states import DEFAULT_WORDS, state_for
from tierlogic.schemes import Level

T = TypeVar("T")


@dataclass(frozen=True)
class Invalid:
    """A value that could not be read; `expected` says (Chinese, then English) what would do."""

    expected: str


Parsed = Union[T, None, Invalid]

# Expected-value texts, shown to the seller in the check report.
EXPECT_DATE = "日期，如 2024-03-05 (a date)"
EXPECT_AMOUNT = "金额，如 1280 或 ¥1,280.00 (an amount)"
EXPECT_COUNT = "不为负的整数，如 3 (a whole number ≥ 0)"
EXPECT_DAYS = "天数，如 30 (a number of days)"
EXPECT_YES_NO = "是/否 (yes/no)"
EXPECT_PROGRESS = "进度 a/b/c/d (progress a/b/c/d)"
EXPECT_INTEREST = "意向 高/中/低/无 (interest high/medium/low/none)"
EXPECT_STATUS = ("订单状态：待付款/已下单/已发货/已签收/已关闭/退款中/退货等，或在设置 status_words 里添加这个说法；"
                 "未计入购买 (an order status, or add the word in 设置; not counted as a purchase)")
EXPECT_BIRTHDAY_KIND = "公历/农历 (solar or lunar)"
EXPECT_BIRTHDAY = "生日，如 3月5日、1990-03-05、农历八月十五 (a birthday)"


def expect_grade(letters: str) -> str:
    return f"级别 {'/'.join(letters)} (a grade letter)"


# Characters NFKC leaves alone but people type in place of ASCII punctuation.
_EXTRA_FOLD = str.maketrans({"。": ".", "—": "-", "–": "-", "－": "-", "〜": "~", "～": "~"})


def fold(text: str) -> str:
    """Full-width to half-width (NFKC), a few Chinese punctuation marks to ASCII, trimmed."""
    return unicodedata.normalize("NFKC", text).translate(_EXTRA_FOLD).strip()


def is_blank(value: Any) -> bool:
    """None, or text that is nothing but spaces (full-width ones included)."""
    return value is None or (isinstance(value, str) and not fold(value))


def _is_number(value: Any) -> bool:
    # bool is an int subclass; a TRUE cell is not the number 1.
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# ---------------------------------------------------------------- text


def parse_text(value: Any) -> Optional[str]:
    """Trimmed text; numbers typed into text columns (ids, phone numbers) lose Excel's ".0"."""
    if is_blank(value):
        return None
    if _is_number(value) and math.isfinite(value) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    text = str(value).strip()
    return text or None


_TAG_SEPARATORS = re.compile(r"[,，、;；/|\s]+")


def parse_tags(value: Any) -> tuple[str, ...]:
    """Tags split on the separators sellers use: commas (either width), 、, ;, /, spaces."""
    text = parse_text(value)
    if text is None:
        return ()
    return tuple(tag for tag in _TAG_SEPARATORS.split(text) if tag)


_PHONE_MARKS = re.compile(r"[\s\-()]+")
_CHINA_PREFIX = re.compile(r"^(?:\+|00)?86(?=1\d{10}$)")


# One mobile number with a note beside it: 13900004001（微信同号）, 王先生 139 0000 4001.
_NOTED_MOBILE = re.compile(r"^\D*?(?:\+?86)?(1[3-9]\d{9})\D*$")


def parse_phone(value: Any) -> Optional[str]:
    """A phone number as digits: 139 0000 0901, 139-0000-2305 and +86 139… are 13900000901 and so on; a note
    beside one mobile number (微信同号) is dropped.

    Anything else is kept as written: a masked 139****0101, two numbers or an extension is still worth showing."""
    text = parse_text(value)
    if text is None:
        return None
    digits = _PHONE_MARKS.sub("", fold(text))
    if not digits.lstrip("+").isdigit():
        noted = _NOTED_MOBILE.match(digits)
        return noted.group(1) if noted else text
    return _CHINA_PREFIX.sub("", digits)


# ---------------------------------------------------------------- dates

# Excel's 1900 date system counts 1900-02-29 (serial 60), a day that never was (a Lotus
# 1-2-3 bug Excel kept); serials after it are one day "ahead".
_EXCEL_EPOCH = date(1899, 12, 30)
_FAKE_LEAP_DAY = 60
# A number outside 1900-01-01 … 2199-12-31 in a date column is a phone number or an amount.
_MAX_SERIAL = (date(2199, 12, 31) - _EXCEL_EPOCH).days


def excel_serial_to_date(serial: float) -> Optional[date]:
    """The date of an Excel serial (1900 system), time of day dropped; None if not a sane date."""
    if not math.isfinite(serial) or serial < 1 or serial >= _MAX_SERIAL + 1:
        return None
    whole = int(serial)
    if whole == _FAKE_LEAP_DAY:
        return None
    if whole < _FAKE_LEAP_DAY:
        whole += 1
    return _EXCEL_EPOCH + timedelta(days=whole)


# A time may follow a date: 14:30, 下午 2:30, 2:30 PM, T01:23:22.623Z (an ISO instant, see _ISO_INSTANT).
# A time after the day: 14:05, 14:05:33.000, 下午 2:30, 14时05分 (S26), written straight after 日 too
# (2026年11月21日20:15:00), and a UTC offset as some exports add (14:05:33 +0800): the day is what counts.
_TIME_SUFFIX = (r"(?:(?:[ T]+|(?<=[日号])|(?=[上下]午))(?:[上下]午\s*)?"
                r"\d{1,2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?|[时点]\s*(?:\d{1,2}\s*分?(?:\s*\d{1,2}\s*秒)?)?)"
                r"(?:\s*[ap]m)?(?:\s*[+-]\d{2}:?\d{2})?)?")
_FULL_DATE = re.compile(r"(\d{4})([./-])(\d{1,2})\2(\d{1,2})" + _TIME_SUFFIX, re.I)
_CHINESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?" + _TIME_SUFFIX, re.I)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*(?:月\s*(\d{1,2})\s*[日号]?|[./-](\d{1,2}))")
# Three numbers without a four-digit year first: 26/11/1 (yy/m/d) or 11/1/2026 (m/d/yyyy); see _short_date.
_SHORT_DATE = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{1,2}|\d{4})" + _TIME_SUFFIX, re.I)
# An instant with a zone, as apps and mini-programs export it: the day is the one it was in China (UTC+8).
_ISO_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})", re.I)
_CHINA = timezone(timedelta(hours=8))


def _make_date(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def year_for_month_day(month: int, day: int, today: date, past: bool = False) -> Optional[date]:
    """The year a year-less 3月5日 means, relative to `today`.

    `past=True` (a last contact, an order date: things that have happened) gives the latest
    such day not after today. Otherwise (a next follow-up, an expected close) it is the day
    nearest to today, a past one on a tie: 1月3日 typed in late December is next January,
    12月28日 typed in early January is last December. Feb 29 looks up to 4 years away.
    """
    candidates = [d for y in range(today.year - 4, today.year + 5) if (d := _make_date(y, month, day))]
    if past:
        candidates = [d for d in candidates if d <= today]
        return max(candidates, default=None)
    return min(candidates, key=lambda d: (abs((d - today).days), d > today), default=None)


def _date_from_text(text: str, today: date, past: bool = False) -> Optional[date]:
    if _ISO_INSTANT.fullmatch(text):
        return datetime.fromisoformat(text.upper().replace("Z", "+00:00")).astimezone(_CHINA).date()
    for pattern, groups in ((_FULL_DATE, (1, 3, 4)), (_CHINESE_DATE, (1, 2, 3)), (_COMPACT_DATE, (1, 2, 3))):
        match = pattern.fullmatch(text)
        if match:
            return _make_date(*(int(match.group(g)) for g in groups))
    match = _SHORT_DATE.fullmatch(text)
    if match:
        return _short_date(int(match.group(1)), int(match.group(3)), match.group(4))
    match = _MONTH_DAY.fullmatch(text)
    if match:
        return year_for_month_day(int(match.group(1)), int(match.group(2) or match.group(3)), today, past)
    return None


def _short_date(first: int, second: int, last: str) -> Optional[date]:
    """Chinese sellers write year/month/day, or month/day/year as Excel's US format shows it: 26/11/1 is
    2026-11-01 (a short year stands first), 11/1/2026 is November 1st; day/month/year only when the first
    number cannot be a month (13/1/2026)."""
    if len(last) < 4:
        return _make_date(2000 + first, second, int(last))
    if first > 12:
        return _make_date(int(last), second, first)
    return _make_date(int(last), first, second)


def _date_from_number(value: float) -> Optional[date]:
    if math.isfinite(value) and float(value).is_integer() and 10_000_000 <= value <= 99_999_999:
        return _date_from_text(str(int(value)), today=date.min)  # yyyymmdd never needs today
    return excel_serial_to_date(float(value))


def _cell_date(value: Any) -> Optional[date]:
    """The date a date cell or a number (serial or yyyymmdd) stands for, else None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return _date_from_number(value) if _is_number(value) else None


# Exports write a dash where there is no date: a member who never bought (S22 `-` in 最近消费时间), 拼多多's
# 发货时间 before shipping. It is a blank, not a bad date.
_NO_DATE = frozenset({"-", "--", "—", "——"})


def parse_date(value: Any, today: date, past: bool = False) -> Parsed[date]:
    """A date from a date cell, an Excel serial, or text.

    Text shapes: 2024.3.5, 2024/03/05, 2024-3-5 (optionally with a time, 下午 2:30 too), 2024年3月5日,
    20240305, 26/11/1 and 11/1/2026 (see `_short_date`), an ISO instant 2026-07-24T01:23:22Z (its day
    in China), and year-less 3月5日, 10-28, 10/30, 11.12 (their year from `today` and `past`, see
    `year_for_month_day`). A lone dash is no date. Full-width digits and punctuation are folded first. Eight-digit
    numbers are read as yyyymmdd, smaller ones as Excel serials (1900 date system).
    """
    if is_blank(value) or isinstance(value, str) and fold(value) in _NO_DATE:
        return None
    result = _date_from_text(fold(value), today, past) if isinstance(value, str) else _cell_date(value)
    return result if result is not None else Invalid(EXPECT_DATE)


# ---------------------------------------------------------------- numbers

_CURRENCY_PREFIX = re.compile(r"^(?:¥|\$|rmb|cny)")
_CURRENCY_SUFFIX = re.compile(r"(?:元|块钱|块|rmb|cny)$")
_PLAIN_NUMBER = re.compile(r"(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?|\.\d+")
_WAN = 10_000  # 万: sellers write 1.2万 for 12,000


def _finite(value: Any) -> Optional[float]:
    return float(value) if _is_number(value) and math.isfinite(value) else None


def _decimal(text: str) -> Optional[Decimal]:
    if not _PLAIN_NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return None


class PerUnit(float):
    """An amount written per unit (12.5元/盒): the price of one, which a line's quantity multiplies."""


# Notes sellers write beside a price: 包邮 99, 99.00（含运费）. They do not change the amount paid.
_AMOUNT_NOTES = re.compile(r"\([^)]*\)|包邮|含运费|含邮费|不含运费|运费另计|实付|共计?")
_PER_UNIT = re.compile(r"/(?:件|个|盒|瓶|套|支|袋|份|箱|次|罐|包|只|条|斤|kg|g|pcs)$")


def _amount_from_text(text: str) -> Optional[float]:
    text = re.sub(r"\s+", "", _AMOUNT_NOTES.sub("", fold(text).lower()))
    per_unit = _PER_UNIT.search(text)
    text = text[:per_unit.start()] if per_unit else text
    sign = 1
    for _ in range(2):  # the minus may come before or after the currency sign: -¥5, ¥-5
        if text.startswith("-"):
            sign, text = -sign, text[1:]
        elif text.startswith("+"):
            text = text[1:]
        text = _CURRENCY_PREFIX.sub("", text)
    text = _CURRENCY_SUFFIX.sub("", text)
    scale = 1
    if text.endswith(("万", "w")):
        scale, text = _WAN, text[:-1]
    number = _decimal(text)
    if number is None:
        return None
    return (PerUnit if per_unit else float)(sign * float(number * scale))


def parse_amount(value: Any) -> Parsed[float]:
    """Money: numbers, ¥1,280.00, ￥1280, 1280元, 1,280, -50, 1.2万 (= 12000), 包邮 99, 99.00（含运费）;
    12.5元/盒 is a PerUnit price."""
    if type(value) is float and math.isfinite(value):  # the common case, from a number cell
        return value
    if is_blank(value):
        return None
    result = _finite(value) if not isinstance(value, str) else _amount_from_text(value)
    return result if result is not None else Invalid(EXPECT_AMOUNT)


_COUNT_UNITS = re.compile(r"(?:件|个|盒|瓶|套|支|袋|份|箱|次|单|罐|包|只|条|笔|pcs)$")


def parse_count(value: Any) -> Parsed[int]:
    """A whole number ≥ 0 (quantities, purchase counts); a unit like 件/盒/次 may follow."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        number = _decimal(_COUNT_UNITS.sub("", fold(value).lower()).strip())
        value = float(number) if number is not None else None
    number = _finite(value)
    if number is None or number < 0 or not number.is_integer():
        return Invalid(EXPECT_COUNT)
    return int(number)


def parse_days(value: Any) -> Parsed[float]:
    """A number of days ≥ 0 (a product's usage period), optionally followed by 天/日."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        number = _decimal(re.sub(r"(?:天|日|days?)$", "", fold(value).lower()).strip())
        value = float(number) if number is not None else None
    number = _finite(value)
    return number if number is not None and number >= 0 else Invalid(EXPECT_DAYS)


# ---------------------------------------------------------------- words and letters

_YES = {"是", "是的", "对", "有", "√", "✓", "✔", "✅", "y", "yes", "1", "true"}
_NO = {"否", "不是", "错", "无", "没有", "×", "✗", "✘", "❌", "x", "n", "no", "0", "false"}


def parse_yes_no(value: Any) -> Parsed[bool]:
    """是/否, √/×, ✓/✗, Y/N, yes/no, 1/0, true/false, 对/错, 有/无, or a TRUE/FALSE cell."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if _is_number(value) and value in (0, 1):
        return bool(value)
    word = fold(value).lower() if isinstance(value, str) else None
    if word in _YES:
        return True
    if word in _NO:
        return False
    return Invalid(EXPECT_YES_NO)


def _leading_letter(value: Any, letters: str) -> Optional[str]:
    """The letter a cell starts with, if one of `letters` and not the start of a word: "A-意向强", "b类"."""
    if not isinstance(value, str):
        return None
    match = re.match(r"([a-z])(?![a-z])", fold(value).lower())
    if match and match.group(1) in letters.lower():
        return match.group(1)
    return None


def parse_progress(value: Any) -> Parsed[str]:
    """Progress a/b/c/d, any case or width, text may follow: "A-意向强" → "a"."""
    if is_blank(value):
        return None
    letter = _leading_letter(value, "abcd")
    return letter if letter else Invalid(EXPECT_PROGRESS)


def parse_grade(value: Any, letters: str = "SABCDEF") -> Parsed[str]:
    """A grade letter out of `letters` (upper case), e.g. "S", "a级", "B-同行客户" → "B"."""
    if is_blank(value):
        return None
    letter = _leading_letter(value, letters)
    return letter.upper() if letter else Invalid(expect_grade(letters))


# A level's number as sellers write it: 3, 3级, 三级, L3, Lv3, 第三阶段, then perhaps words: 3级-纠结价格.
_LEVEL_NUMBER = re.compile(r"(?:第|level|lv|l)?\s*([0-9]|[零〇一二三四五六七八九])(?![0-9])\s*(?:等级|级别|级|阶段|期|类)?"
                           r"(?=$|[\s\-:：、,，(（/|]|\.(?![0-9]))")
_CHINESE_NUMBERS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}


def expect_level(levels: Sequence[Level]) -> str:
    return f"等级 {'/'.join(level.code for level in levels)}，如 3级、三级、L3 (a level of the chosen scale)"


def _level_number(value: Any, text: str) -> Optional[int]:
    if _is_number(value):
        return int(value) if math.isfinite(value) and value == int(value) else None
    match = _LEVEL_NUMBER.match(text)
    if not match:
        return None
    digit = match.group(1)
    return int(digit) if digit.isdigit() else _CHINESE_NUMBERS[digit]


def parse_level(value: Any, levels: Sequence[Level]) -> Parsed[str]:
    """The code of one of `levels` (tierlogic.schemes): letter codes as parse_grade reads them; otherwise the
    level's number in any spelling (3, 3级, 三级, L3, 第三阶段, "3级-纠结价格") or a word of its own (泛粉, 悔单,
    尝试期). Two levels named at once is no level."""
    if is_blank(value):
        return None
    codes = [level.code for level in levels]
    if all(len(code) == 1 for code in codes):
        return parse_grade(value, "".join(codes))
    text = fold(str(value)).lower()
    number = _level_number(value, text)
    if number is not None:
        by_number = [level.code for level in levels if level.number == number]
        return by_number[0] if by_number else Invalid(expect_level(levels))
    # Numbered codes (3级) are read by number only, so "-1级" or "13级" never passes for 1级 or 3级.
    named = {level.code for level in levels for word in (level.code, *level.words)
             if not any(c.isdigit() for c in word) and word.lower() in text}
    return named.pop() if len(named) == 1 else Invalid(expect_level(levels))


_INTEREST_WORDS = {
    INTEREST_HIGH: ("高", "很高", "强", "h", "high"),
    INTEREST_MEDIUM: ("中", "一般", "中等", "m", "mid", "medium"),
    INTEREST_LOW: ("低", "弱", "较低", "l", "low"),
    INTEREST_NONE: ("无", "没有", "none", "no"),
}
_INTEREST = {word: level for level, words in _INTEREST_WORDS.items() for word in words}


def parse_interest(value: Any) -> Parsed[str]:
    """Interest 高/中/低/无 (also high/medium/low/none, 强/一般/弱); "意向高" reads as 高."""
    if is_blank(value):
        return None
    word = re.sub(r"意向|度|\s", "", fold(value).lower()) if isinstance(value, str) else None
    return _INTEREST.get(word, Invalid(EXPECT_INTEREST))


def parse_status(value: Any, words: Mapping[str, str] = DEFAULT_WORDS) -> Parsed[str]:
    """An order state of tierlogic.order_states, from any word its table (or the seller's 设置) lists."""
    if is_blank(value):
        return None
    state = state_for(value, words) if isinstance(value, str) else None
    return Invalid(EXPECT_STATUS) if state is None else state


# What a row of a mixed log is (S20 交易记录: 交易类型 购买 / 咨询 / 投诉): a purchase, or a contact with the customer.
PURCHASE, CONTACT = "purchase", "contact"
EXPECT_RECORD_KIND = "购买/下单（一笔购买）或 咨询/投诉/回访（一次联系）(a purchase, or an enquiry, complaint or call)"
_RECORD_KINDS = {**dict.fromkeys(("购买", "下单", "成交", "消费", "复购"), PURCHASE),
                 **dict.fromkeys(("咨询", "投诉", "回访", "跟进", "沟通", "询价", "售后"), CONTACT)}


def parse_record_kind(value: Any) -> Parsed[str]:
    """PURCHASE or CONTACT from a log's kind word; a word in neither list is Invalid, never guessed into a sale."""
    if is_blank(value):
        return None
    kind = _RECORD_KINDS.get(fold(str(value)))
    return Invalid(EXPECT_RECORD_KIND) if kind is None else kind


# ---------------------------------------------------------------- birthdays

# The words tierlogic.birthday_text.parse_birthday takes as its `kind`.
SOLAR, LUNAR = "公历", "农历"
_BIRTHDAY_KIND_WORDS = {
    SOLAR: ("公历", "阳历", "新历", "国历", "公", "阳", "solar", "gregorian"),
    LUNAR: ("农历", "阴历", "旧历", "农", "阴", "lunar"),
}
_BIRTHDAY_KIND = {word: kind for kind, words in _BIRTHDAY_KIND_WORDS.items() for word in words}


def parse_birthday_kind(value: Any) -> Parsed[str]:
    """公历 or 农历 from what a birthday-kind cell says (阳历, 阴历, solar, lunar …)."""
    if is_blank(value):
        return None
    word = fold(value).lower() if isinstance(value, str) else None
    return _BIRTHDAY_KIND.get(word, Invalid(EXPECT_BIRTHDAY_KIND))


def parse_birthday_cell(value: Any, kind: Optional[str] = None) -> Parsed[Birthday]:
    """A birthday from a date cell (month/day/year kept; lunar when `kind` says so) or from text.

    Text goes to tierlogic.birthday_text.parse_birthday, which knows 农历八月十五 and
    闰四月初八; a number that is an Excel serial counts as a date cell.
    """
    if is_blank(value):
        return None
    if isinstance(value, date) or _is_number(value):
        day = _cell_date(value)
        if day is None:
            return Invalid(EXPECT_BIRTHDAY)
        if kind == LUNAR:
            return LunarBirthday(day.month, day.day, year=day.year)
        return SolarBirthday(day.month, day.day, day.year)
    if not isinstance(value, str):
        return Invalid(EXPECT_BIRTHDAY)
    from tierlogic.birthday_text import parse_birthday  # written in parallel; keep this module importable

    try:
        return parse_birthday(fold(value), kind)
    except ValueError as error:  # its message already says what was expected, in both languages
        return Invalid(str(error))
