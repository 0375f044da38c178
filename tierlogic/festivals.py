"""The festivals a seller greets customers on (SPEC "Festival greetings"): one table of rules, plus the seller's own.

Like holidays/countries/china.py, each festival is a name and a small rule value; the
irregular cases (小年 north or south, lunar 12th-month festivals falling in the next solar
year) live in the rules, not in callers.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Union

from .birthday_text import KIND_WORDS, parse_birthday
from .lunar import FIRST_DAY, LAST_DAY, LunarRangeError, birthdays_between, lunar_new_year_eve, lunar_text, solar_term
from .model import LunarBirthday, SolarBirthday
from .settings import Settings

_WEEKDAY_NAMES = "一二三四五六日"


@dataclass(frozen=True)
class SolarDate:
    month: int
    day: int

    def __str__(self) -> str:
        return f"公历{self.month}月{self.day}日"

    def between(self, start: date, end: date) -> list[date]:
        # A fixed date recurs exactly like a birthday (2月29日 → 2月28日 in other years).
        return birthdays_between(SolarBirthday(self.month, self.day), start, end)


@dataclass(frozen=True)
class LunarDate:
    month: int
    day: int
    leap: bool = False

    def __str__(self) -> str:
        return "农历" + lunar_text(self.month, self.day, self.leap)

    def between(self, start: date, end: date) -> list[date]:
        # Same rules as a lunar birthday: day 30 → 29 in a short month; 12th-month dates of
        # lunar year N fall in January–February of solar N + 1.
        return birthdays_between(LunarBirthday(self.month, self.day, self.leap), start, end)


@dataclass(frozen=True)
class SolarTerm:
    name: str

    def __str__(self) -> str:
        return f"节气{self.name}"

    def between(self, start: date, end: date) -> list[date]:
        found = (solar_term(self.name, year) for year in range(start.year, end.year + 1))
        return [day for day in found if start <= day <= end]


@dataclass(frozen=True)
class NthWeekday:
    month: int
    n: int
    weekday: int  # Monday = 0, as in datetime

    def __str__(self) -> str:
        return f"{self.month}月第{self.n}个星期{_WEEKDAY_NAMES[self.weekday]}"

    def on(self, year: int) -> date:
        first = date(year, self.month, 1)
        return first + timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (self.n - 1))

    def between(self, start: date, end: date) -> list[date]:
        found = (self.on(year) for year in range(start.year, end.year + 1))
        return [day for day in found if start <= day <= end]


@dataclass(frozen=True)
class LunarYearEnd:
    def __str__(self) -> str:
        return "农历年最后一天（腊月廿九或三十）"

    def between(self, start: date, end: date) -> list[date]:
        # The eve of lunar year N is always in January–February of solar N + 1.
        found = (lunar_new_year_eve(year) for year in range(start.year - 1, end.year))
        return [day for day in found if start <= day <= end]


FestivalRule = Union[SolarDate, LunarDate, SolarTerm, NthWeekday, LunarYearEnd]


@dataclass(frozen=True)
class Festival:
    name: str
    rule: FestivalRule


SUNDAY = 6

# SPEC's list in calendar order; that order also breaks ties between festivals on one day.
BUILT_IN_FESTIVALS: tuple[Festival, ...] = (
    Festival("元旦", SolarDate(1, 1)),
    Festival("腊八", LunarDate(12, 8)),
    Festival("小年", LunarDate(12, 23)),
    Festival("除夕", LunarYearEnd()),
    Festival("春节", LunarDate(1, 1)),
    Festival("元宵", LunarDate(1, 15)),
    Festival("龙抬头", LunarDate(2, 2)),
    Festival("妇女节", SolarDate(3, 8)),
    Festival("清明", SolarTerm("清明")),
    Festival("劳动节", SolarDate(5, 1)),
    Festival("520", SolarDate(5, 20)),
    Festival("母亲节", NthWeekday(5, 2, SUNDAY)),
    Festival("端午", LunarDate(5, 5)),
    Festival("儿童节", SolarDate(6, 1)),
    Festival("父亲节", NthWeekday(6, 3, SUNDAY)),
    Festival("七夕", LunarDate(7, 7)),
    Festival("中秋", LunarDate(8, 15)),
    Festival("教师节", SolarDate(9, 10)),
    Festival("国庆", SolarDate(10, 1)),
    Festival("重阳", LunarDate(9, 9)),
    Festival("双十一", SolarDate(11, 11)),
    Festival("冬至", SolarTerm("冬至")),
    Festival("平安夜", SolarDate(12, 24)),
    Festival("圣诞", SolarDate(12, 25)),
)

# Northern China keeps 小年 on 腊月廿三, most of the south on 廿四 (settings.xiaonian_south).
SOUTHERN_XIAONIAN = Festival("小年", LunarDate(12, 24))

_EXPECTED = "应写成 公历6-18 或 农历8-15 / expected e.g. 公历6-18 or 农历8-15"


def parse_custom_festival(name: str, spec: str) -> Festival:
    """A seller's festival from the 设置 sheet: "公历6-18", "农历8-15", "农历八月十五", "阴历闰4.8"…

    Raises ValueError with a message the caller can put in the check report.
    """
    text = str(spec).strip()
    if not text.startswith(KIND_WORDS):
        raise ValueError(f"自定义节日「{name}」的日期「{spec}」要写明公历还是农历，{_EXPECTED}")
    try:
        birthday = parse_birthday(text)
    except ValueError as exc:
        raise ValueError(f"自定义节日「{name}」的日期「{spec}」看不懂（{exc}）") from exc
    if birthday.year is not None:
        raise ValueError(f"自定义节日「{name}」每年都过，日期「{spec}」不要写年份，{_EXPECTED}")
    if isinstance(birthday, LunarBirthday):
        return Festival(name, LunarDate(birthday.month, birthday.day, birthday.leap))
    return Festival(name, SolarDate(birthday.month, birthday.day))


def festival_table(settings: Settings) -> tuple[Festival, ...]:
    """Built-in and custom festivals as configured (a custom one with a built-in's name replaces it), switches ignored."""
    custom = {name: parse_custom_festival(name, spec) for name, spec in settings.custom_festivals.items()}
    built_in = [SOUTHERN_XIAONIAN if f.name == "小年" and settings.xiaonian_south else f for f in BUILT_IN_FESTIVALS]
    names = {f.name for f in built_in}
    return tuple(custom.get(f.name, f) for f in built_in) + tuple(f for f in custom.values() if f.name not in names)


def _check_window(start: date, end: date) -> None:
    for day in (start, end):
        if not FIRST_DAY <= day <= LAST_DAY:
            raise LunarRangeError(f"{day} 超出节日计算支持的范围（1901–2099 年）/ {day} is outside the supported range 1901–2099")


def festivals_between(start: date, end: date, settings: Settings) -> list[tuple[date, str]]:
    """(date, name) of every festival switched on, from `start` to `end` inclusive, by date then table order."""
    _check_window(start, end)
    found = [
        (day, position, festival.name)
        for position, festival in enumerate(festival_table(settings))
        if settings.festival_switch.get(festival.name, True)
        for day in festival.rule.between(start, end)
    ]
    return [(day, name) for day, _, name in sorted(found)]


def festival_rule(name: str, settings: Settings) -> FestivalRule:
    """The rule of one festival, e.g. for explaining a greeting ("农历八月十五")."""
    for festival in festival_table(settings):
        if festival.name == name:
            return festival.rule
    raise ValueError(f"没有这个节日：{name} / unknown festival {name!r}")


def festival_dates(name: str, year: int, settings: Settings) -> list[date]:
    """Every date of festival `name` in Gregorian `year`: usually one, but a lunar 12th-month date can fall twice or not at all.

    E.g. 腊八 of lunar 2022 is 2022-12-30 and that of lunar 2021 is 2022-01-10, while solar
    2023 has none (the next is 2024-01-18). The festival switch does not apply here.
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    _check_window(start, end)
    return festival_rule(name, settings).between(start, end)


def festival_date(name: str, year: int, settings: Settings) -> date:
    """The (first) date of festival `name` in Gregorian `year`; ValueError when none falls in it (see festival_dates)."""
    dates = festival_dates(name, year, settings)
    if not dates:
        raise ValueError(f"公历 {year} 年里没有{name} / no {name} falls in {year}")
    return dates[0]
