"""The greeting list 祝福名单 (SPEC "Festival greetings"): who to greet on which day, through which channel, with what words."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Mapping, Optional

from .explain import Why
from .festivals import festival_rule, festivals_between
from .lunar import birthdays_between, lunar_text
from .model import Birthday, Customer, LunarBirthday, SolarBirthday
from .settings import Settings

BIRTHDAY = "生日"
FIRST_PURCHASE_ANNIVERSARY = "首单纪念日"
FALLBACK = "通用"
PRIVATE, BROADCAST = "私聊", "群发/朋友圈"
# A message that names one person's own day cannot go to a group (SPEC "Advice that fits the task").
PERSONAL_OCCASIONS = frozenset({BIRTHDAY, FIRST_PURCHASE_ANNIVERSARY})
# {产品} when neither the caller nor the customer row names one.
NEUTRAL_PRODUCT = "好物"

DEFAULT_TEMPLATES: Mapping[str, str] = {
    "元旦": "{称呼}，元旦快乐！新的一年平安顺遂，万事如意～",
    "腊八": "{称呼}，腊八节快乐！记得喝碗热乎乎的腊八粥，暖暖和和过冬～",
    "小年": "{称呼}，小年快乐！年味越来越浓啦，提前祝您阖家幸福～",
    "除夕": "{称呼}，除夕快乐！辞旧迎新，祝您和家人团团圆圆、新年大吉！",
    "春节": "{称呼}，新春快乐！谢谢您一直以来的信任，祝您新的一年身体健康、万事顺意！",
    "元宵": "{称呼}，元宵节快乐！汤圆甜甜，日子圆圆～",
    "龙抬头": "{称呼}，二月二龙抬头，祝您鸿运当头、顺风顺水！",
    "妇女节": "{称呼}，女神节快乐！愿您被温柔以待，永远美丽自信～",
    "清明": "{称呼}，清明时节春意正浓，出行注意安全，愿您和家人安康～",
    "劳动节": "{称呼}，五一快乐！辛苦啦，假期好好休息，玩得开心～",
    "520": "{称呼}，520快乐！愿您被爱包围，每天都甜甜的～",
    "母亲节": "{称呼}，母亲节快乐！祝您和家里的妈妈健康美丽、幸福安康～",
    "端午": "{称呼}，端午安康！记得吃粽子，祝您和家人平安顺遂～",
    "儿童节": "{称呼}，六一快乐！愿您永远保持童心，开心每一天～",
    "父亲节": "{称呼}，父亲节快乐！祝家里的爸爸身体健康、平安喜乐～",
    "七夕": "{称呼}，七夕快乐！愿您甜甜蜜蜜，爱意满满～",
    "中秋": "{称呼}，中秋快乐！月圆人团圆，祝您和家人幸福安康～",
    "教师节": "{称呼}，教师节到啦，向每一位老师致敬，也祝您天天开心～",
    "国庆": "{称呼}，国庆快乐！假期愉快，出行平安～",
    "重阳": "{称呼}，重阳节快乐！祝您和家中长辈身体健康、福寿安康～",
    "双十一": "{称呼}，双十一快乐！今年想囤点{产品}的话提前告诉我，给您留好优惠～",
    "冬至": "{称呼}，冬至快乐！记得吃饺子或汤圆，天冷多添衣～",
    "平安夜": "{称呼}，平安夜快乐！愿您平平安安、顺顺利利～",
    "圣诞": "{称呼}，圣诞快乐！愿您的每一天都温暖又有惊喜～",
    BIRTHDAY: "{称呼}，生日快乐！谢谢您一路的支持，愿您新的一岁平安喜乐、心想事成～",
    FIRST_PURCHASE_ANNIVERSARY: "{称呼}，今天是您第一次在我这里买{产品}的纪念日，谢谢您一直以来的信任，有需要随时找我～",
    FALLBACK: "{称呼}，{节日}快乐！祝您万事顺意，天天开心～",
}

# A combined row says the salutation once: later parts drop a leading "{称呼}，" or "{姓名}，".
_LEADING_SALUTATION = re.compile(r"^\{(称呼|姓名)\}[，,、!！]\s*")


@dataclass(slots=True, unsafe_hash=True)
class GreetingRow:
    date: date
    occasions: tuple[str, ...]
    key: str
    name: str
    grade: Optional[str]
    value_tier: Optional[str]
    channel: str
    red_packet: Optional[float]
    text: str
    why: Why


@dataclass(slots=True, unsafe_hash=True)
class _Occasion:
    name: str
    source: str  # the rule that put it on this day, for the explanation


def greeting_window(start: date, days: Optional[int], settings: Settings) -> tuple[date, date]:
    """The first and last day a greeting list from `start` for `days` days covers (None → settings.greeting_days);
    for 0 days the last is the day before the first."""
    span = settings.greeting_days if days is None else days
    if span < 0:
        raise ValueError(f"祝福名单天数不能为负数：{span} / days must not be negative")
    return start, start + timedelta(days=span - 1)


def greeting_list(
    customers: Iterable[Customer],
    grades: Mapping[str, str],
    value_tiers: Mapping[str, str],
    first_purchases: Mapping[str, date],
    products: Mapping[str, str],
    start: date,
    days: Optional[int],
    settings: Settings,
) -> list[GreetingRow]:
    """One row per customer per day with an occasion, from `start` for `days` days (start included,
    start + days excluded; None → settings.greeting_days), do-not-disturb customers left out.

    Mappings are keyed by Customer.key. A first purchase missing from `first_purchases` is
    taken from the customer row. Sorted by date, then 私聊 before 群发, then name and key.
    """
    start, end = greeting_window(start, days, settings)
    if end < start:
        return []
    festivals = [(day, _Occasion(name, str(festival_rule(name, settings)))) for day, name in festivals_between(start, end, settings)]
    rows = []
    for customer in customers:
        if customer.do_not_disturb:
            continue
        first_purchase = first_purchases.get(customer.key) or customer.first_purchase
        by_day: dict[date, list[_Occasion]] = defaultdict(list)
        # Personal occasions first: a birthday on 中秋 reads "生日快乐…中秋快乐…".
        for day, occasion in _personal_occasions(customer, first_purchase, start, end, settings) + festivals:
            by_day[day].append(occasion)
        rows.extend(
            _row(customer, day, occasions, grades.get(customer.key), value_tiers.get(customer.key), products, settings)
            for day, occasions in by_day.items()
        )
    return sorted(rows, key=lambda r: (r.date, r.channel != PRIVATE, r.name, r.key))


def _personal_occasions(
    customer: Customer, first_purchase: Optional[date], start: date, end: date, settings: Settings
) -> list[tuple[date, _Occasion]]:
    found = []
    if settings.greet_birthdays and customer.birthday is not None:
        source = _birthday_text(customer.birthday)
        found += [(day, _Occasion(BIRTHDAY, source)) for day in birthdays_between(customer.birthday, start, end)]
    if settings.greet_first_purchase and first_purchase is not None:
        recurring = SolarBirthday(first_purchase.month, first_purchase.day)
        found += [
            (day, _Occasion(FIRST_PURCHASE_ANNIVERSARY, f"首单 {first_purchase.isoformat()}，第 {day.year - first_purchase.year} 年"))
            for day in birthdays_between(recurring, start, end)
            if day > first_purchase  # the purchase day itself is not an anniversary
        ]
    return found


def personal_occasions(customer: Customer, first_purchase: Optional[date], start: date, end: date,
                       settings: Settings) -> list[tuple[date, str]]:
    """(date, occasion) of the customer's birthdays and first-purchase anniversaries from `start` to `end`."""
    return [(day, occasion.name) for day, occasion in _personal_occasions(customer, first_purchase, start, end, settings)]


def _birthday_text(b: Birthday) -> str:
    if isinstance(b, LunarBirthday):
        return "农历" + lunar_text(b.month, b.day, b.leap)
    return f"公历{b.month}月{b.day}日"


def channel_for(occasions: Iterable[str], grade: Optional[str], value_tier: Optional[str]) -> tuple[str, str]:
    """(channel, the rule that chose it): 私聊 for a birthday or first-purchase anniversary, whoever it is;
    a festival alone is 私聊 for grade S or A, or value tier A (SPEC), and the group message for everyone else."""
    personal = [o for o in occasions if o in PERSONAL_OCCASIONS]
    if personal:
        return PRIVATE, f"{PRIVATE}（{'、'.join(personal)}：只写给这一个人）"
    channel = PRIVATE if grade in ("S", "A") or value_tier == "A" else BROADCAST
    return channel, f"{channel}（级别 {grade or '无'}，价值 {value_tier or '无'} 类）"


def _red_packet(value_tier: Optional[str], occasions: list[_Occasion], settings: Settings) -> Optional[float]:
    # One message, one red packet: the largest amount any of the day's occasions suggests.
    amounts = [settings.red_packet[o.name] for o in occasions if o.name in settings.red_packet]
    return max(amounts) if value_tier == "A" and amounts else None


def _row(
    customer: Customer,
    day: date,
    occasions: list[_Occasion],
    grade: Optional[str],
    value_tier: Optional[str],
    products: Mapping[str, str],
    settings: Settings,
) -> GreetingRow:
    channel, channel_rule = channel_for([o.name for o in occasions], grade, value_tier)
    red_packet = _red_packet(value_tier, occasions, settings)
    facts: list[tuple[str, object]] = [(o.name, o.source) for o in occasions]
    facts.append(("渠道", channel_rule))
    if red_packet is not None:
        facts.append(("红包", f"价值 A 类客户，{red_packet:g} 元"))
    product = products.get(customer.key) or customer.favourite_product or NEUTRAL_PRODUCT
    return GreetingRow(
        date=day,
        occasions=tuple(o.name for o in occasions),
        key=customer.key,
        name=customer.name,
        grade=grade,
        value_tier=value_tier,
        channel=channel,
        red_packet=red_packet,
        text=greeting_text(customer, [o.name for o in occasions], product, settings),
        why=Why("祝福：" + "、".join(o.name for o in occasions), tuple(facts)),
    )


def template_for(occasion: str, settings: Settings) -> str:
    """The seller's template for `occasion` if set, else the built-in one, else the generic one."""
    return settings.greeting_templates.get(occasion) or DEFAULT_TEMPLATES.get(occasion) or DEFAULT_TEMPLATES[FALLBACK]


def greeting_text(customer: Customer, occasions: list[str], product: str, settings: Settings) -> str:
    """Each occasion's template filled in, joined into one message that says the salutation once.

    {称呼} is the customer's salutation if the sheet has one, else their name as written.
    """
    values = {
        "{称呼}": (customer.salutation or customer.name).strip(),
        "{姓名}": customer.name.strip(),
        "{产品}": product,
    }
    parts = []
    for position, occasion in enumerate(occasions):
        template = template_for(occasion, settings)
        if position > 0:
            template = _LEADING_SALUTATION.sub("", template)
        for placeholder, value in {**values, "{节日}": occasion}.items():
            template = template.replace(placeholder, value)
        parts.append(template)
    return "".join(parts)
