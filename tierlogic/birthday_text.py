"""Reads a birthday the way a seller types it (公历 or 农历, digits or Chinese numerals) into a Birthday."""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Optional

from .lunar import lunar_to_solar
from .model import Birthday, LunarBirthday, SolarBirthday

SOLAR_WORDS = ("公历", "阳历", "新历", "国历")
LUNAR_WORDS = ("农历", "阴历", "旧历")
KIND_WORDS = SOLAR_WORDS + LUNAR_WORDS
SOLAR, LUNAR = "公历", "农历"

_EXPECTED = "应写成 1990-3-5、3月5日 或 农历八月十五 / expected e.g. 1990-3-5, 3月5日 or 农历八月十五"
_KIND_IN_TEXT = re.compile("|".join(KIND_WORDS))
# Excel text exports sometimes carry a midnight time after the date.
_MIDNIGHT = re.compile(r"\s+0?0:00(:00)?$")
_COMPACT = re.compile(r"(?P<year>[0-9]{4})(?P<month>[0-9]{2})(?P<day>[0-9]{2})")
_NUMERIC = re.compile(
    r"(?:(?P<year>[0-9]{4})[-/.年]|(?P<short_year>[0-9]{2})年)?(?P<leap>闰)?(?P<month>[0-9]{1,2})[-/.月](?P<day>[0-9]{1,2})(?P<suffix>[日号])?"
)
_WORDS = re.compile(
    r"(?:(?P<year>[0-9]{4})[-/.年]|(?P<short_year>[0-9]{2})年)?(?P<leap>闰)?(?P<month>[正冬腊一二三四五六七八九十]{1,3}|[0-9]{1,2})月"
    r"(?P<day>[初廿卅一二三四五六七八九十]{1,3}|[0-9]{1,2})(?P<suffix>[日号])?"
)
_PATTERNS = (_COMPACT, _NUMERIC, _WORDS)

_MONTH_WORDS = {"正": 1, "冬": 11, "腊": 12}
_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def parse_birthday(text: str, kind: Optional[str] = None) -> Birthday:
    """A SolarBirthday or LunarBirthday from what a seller typed; ValueError saying what was expected.

    `kind` is the optional birthday-kind column (公历/阳历/新历 or 农历/阴历/旧历); a kind
    word in the text counts the same. Without either, lunar-only spellings (闰, 正月, 冬月,
    腊月, 初八, 廿三, 八月十五 without 日) mean 农历, anything else 公历.
    """
    column_kind = _column_kind(kind)
    cleaned = _MIDNIGHT.sub("", unicodedata.normalize("NFKC", text).strip())
    text_kinds = {_kind_of_word(word) for word in _KIND_IN_TEXT.findall(cleaned)}
    if len(text_kinds | {column_kind} - {None}) > 1:
        raise ValueError(f"「{text}」公历、农历说法矛盾 / both solar and lunar given")
    cleaned = re.sub(r"[\s()（）:：]", "", _KIND_IN_TEXT.sub("", cleaned))
    for pattern in _PATTERNS:
        match = pattern.fullmatch(cleaned)
        if match is not None:
            break
    else:
        raise ValueError(f"看不懂的生日「{text}」，{_EXPECTED}")
    parts = match.groupdict()
    resolved = column_kind or next(iter(text_kinds), None) or (LUNAR if _looks_lunar(parts) else SOLAR)
    year = int(parts["year"]) if parts["year"] else _full_year(parts.get("short_year"))
    month, day, leap = _number(parts["month"]), _number(parts["day"]), bool(parts.get("leap"))
    return _birthday(resolved, year, month, day, leap)


# 90年3月5日: a two-digit birth year is 1930–2029 (people alive and buying; no clock in here to ask).
_CENTURY_TURN = 30


def _full_year(short: Optional[str]) -> Optional[int]:
    if short is None:
        return None
    return int(short) + (1900 if int(short) >= _CENTURY_TURN else 2000)


def _column_kind(kind: Optional[str]) -> Optional[str]:
    if kind is None or not kind.strip():
        return None
    word = unicodedata.normalize("NFKC", kind).strip()
    if word not in KIND_WORDS:
        raise ValueError(f"生日类型「{kind}」应为 公历 或 农历 / birthday kind must be 公历 or 农历")
    return _kind_of_word(word)


def _kind_of_word(word: str) -> str:
    return LUNAR if word in LUNAR_WORDS else SOLAR


def _looks_lunar(parts: dict[str, Optional[str]]) -> bool:
    """Spellings only the lunar calendar uses: 闰, 正/冬/腊月, 初X/廿X/卅, or a Chinese-numeral day with no 日."""
    day = parts["day"] or ""
    return (
        bool(parts.get("leap"))
        or (parts["month"] or "") in _MONTH_WORDS
        or day[0] in "初廿卅"
        or (not day.isascii() and not parts.get("suffix"))
    )


def _number(text: str) -> int:
    """1–39 from digits or Chinese numerals: 8, 初八, 十五, 二十, 廿三, 卅, 正, 冬, 腊."""
    if text.isascii():
        return int(text)
    if text in _MONTH_WORDS:
        return _MONTH_WORDS[text]
    spelled = text.replace("廿", "二十").replace("卅", "三十")
    if spelled.startswith("初"):
        value = _number(spelled[1:])
        if value > 10:
            raise ValueError(f"「{text}」不是农历日子 / not a lunar day")
        return value
    if "十" not in spelled:
        return _digit(spelled)
    tens, ones = spelled.split("十", 1)
    return (_digit(tens) if tens else 1) * 10 + (_digit(ones) if ones else 0)


def _digit(text: str) -> int:
    if text not in _DIGITS:
        raise ValueError(f"看不懂的数字「{text}」 / unreadable number")
    return _DIGITS[text]


def _birthday(kind: str, year: Optional[int], month: int, day: int, leap: bool) -> Birthday:
    if not 1 <= month <= 12:
        raise ValueError(f"月份应为 1–12，不是 {month} / month must be 1–12")
    if year is not None and not 1900 <= year <= 2099:
        raise ValueError(f"出生年份应在 1900–2099 之间，不是 {year} / birth year must be 1900–2099")
    if kind == LUNAR:
        if not 1 <= day <= 30:
            raise ValueError(f"农历日应为 1–30，不是 {day} / lunar day must be 1–30")
        if year is not None:
            lunar_to_solar(year, month, day, leap)  # raises when e.g. that year has no such leap month
        return LunarBirthday(month, day, leap, year)
    if leap:
        raise ValueError("公历没有闰月 / the solar calendar has no leap months")
    try:
        date(year or 2000, month, day)  # 2000 is a leap year, so 2月29日 without a year is allowed
    except ValueError:
        raise ValueError(f"公历没有 {month}月{day}日{f'（{year}年）' if year else ''} / no such date") from None
    return SolarBirthday(month, day, year)
