"""Every number a rule uses, with SPEC's defaults, and the flat key/label table the 设置 sheet shows.

A mapping field (e.g. cadence days per grade) appears in the table as one row per entry,
keyed "cadence_days.A". `settings_table` and `with_values` are inverse: what the sheet
shows can be read back unchanged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import time
from types import MappingProxyType
from typing import Any, Mapping, Optional

from .order_states import default_status_words

SIX_LEVEL = "six"
# What the optional weighted score can weigh (seed 003: frequency, amount, …); tierlogic.assess measures them.
SCORE_MEASURES = ("购买次数", "累计金额", "利润贡献", "最近购买")
CLOSE_TIME_FUNNEL = "funnel"
# Seed 001's other scales (tierlogic.schemes): buying intent, the WeChat relationship 0–6, the five stages.
INTENT, RELATION, STAGES = "intent", "relation", "stages"
GRADE_SCHEMES = (SIX_LEVEL, CLOSE_TIME_FUNNEL, INTENT, RELATION, STAGES)


def _table(**entries: Any) -> Mapping[str, Any]:
    return MappingProxyType(dict(entries))


def _label(text: str) -> dict:
    return {"label": text}


@dataclass(frozen=True)
class Settings:
    grade_scheme: str = field(default=SIX_LEVEL, metadata=_label(
        "分级方案（six=六级 S/A/B/C/D/F，funnel=成交时间 A–E，intent=购买意向 1–5 级，relation=泛粉到成交 0–6 级，"
        "stages=陌生到成熟五大阶段）"))
    probability: Mapping[str, float] = field(
        default_factory=lambda: _table(a=0.8, b=0.5, c=0.3, d=0.1), metadata=_label("成交概率"))
    default_order_value: float = field(default=200.0, metadata=_label("无订单时的预计客单价（元）"))
    cadence_days: Mapping[str, int] = field(
        default_factory=lambda: _table(S=30, A=1, B=7, C=15, D=30, F=365), metadata=_label("跟进间隔天数（六级）"))
    funnel_cadence_days: Mapping[str, int] = field(
        default_factory=lambda: _table(A=1, B=7, C=15, D=30, E=365), metadata=_label("跟进间隔天数（成交时间）"))
    intent_cadence_days: Mapping[str, int] = field(default_factory=lambda: _table(
        已成交=30, **{"1级": 1, "2级": 7, "3级": 15, "4级": 30, "5级": 90}), metadata=_label("跟进间隔天数（购买意向）"))
    relation_cadence_days: Mapping[str, int] = field(default_factory=lambda: _table(
        已成交=30, **{"5级": 1, "4级": 1, "3级": 7, "6级": 15, "2级": 15, "1级": 15, "0级": 30}),
        metadata=_label("跟进间隔天数（泛粉到成交）"))
    stage_cadence_days: Mapping[str, int] = field(
        default_factory=lambda: _table(成熟期=30, 接纳期=7, 尝试期=7, 拒绝期=15, 戒备期=30),
        metadata=_label("跟进间隔天数（五大阶段）"))
    funnel_months: Mapping[str, int] = field(
        default_factory=lambda: _table(A=1, B=3, C=6), metadata=_label("成交时间分级：几个月内成交"))
    move_to_working_day: bool = field(default=False, metadata=_label("到期日遇节假日顺延到工作日"))
    transit_days: int = field(default=3, metadata=_label("发货到签收的默认天数"))
    received_check_days: int = field(default=1, metadata=_label("签收后几天询问是否收到"))
    refill_lead_days: int = field(default=3, metadata=_label("预计用完前几天提醒"))
    reactivation_after_days: int = field(default=30, metadata=_label("提醒复购后几天仍未下单则唤醒"))
    post_sale_expiry_days: int = field(default=30, metadata=_label("成交跟进过期几天后不再提醒（只在检查报告里计数）"))
    learned_interval_min_orders: int = field(default=3, metadata=_label("同一产品几单起按客户自己的复购间隔"))
    loyal_min_orders: int = field(default=10, metadata=_label("忠诚客户最少订单数"))
    loyal_recent_days: int = field(default=180, metadata=_label("忠诚客户：最近几天内购买过"))
    dormant_days: int = field(default=90, metadata=_label("几天未购买算沉睡（临时）"))
    lost_days: int = field(default=365, metadata=_label("超过几天未购买算沉睡（永久）"))
    dormant_recontact_days: int = field(default=30, metadata=_label("沉睡客户唤醒后几天再联系"))
    top_amount_share: float = field(default=0.2, metadata=_label("消费行为：消费金额排前多少的买家算金额高（VIP/高价值）"))
    frequent_orders: int = field(default=3, metadata=_label("消费行为/价值分类：几单起算购买频率高"))
    new_customer_days: int = field(default=90, metadata=_label("价值分类：首单后几天内只买过一单算新客户"))
    tier_a_share: float = field(default=0.8, metadata=_label("价值分层：A 类累计利润占比"))
    tier_b_share: float = field(default=0.95, metadata=_label("价值分层：B 类累计利润占比"))
    score_weights: Mapping[str, float] = field(
        default_factory=lambda: _table(), metadata=_label("加权评分：指标与权重（购买次数/累计金额/利润贡献/最近购买）"))
    upcoming_days: int = field(default=7, metadata=_label("待办显示未来几天"))
    greeting_days: int = field(default=14, metadata=_label("祝福名单显示未来几天"))
    xiaonian_south: bool = field(default=False, metadata=_label("小年按南方（腊月廿四）"))
    greet_birthdays: bool = field(default=True, metadata=_label("生日祝福"))
    greet_first_purchase: bool = field(default=True, metadata=_label("首单纪念日祝福"))
    festival_switch: Mapping[str, bool] = field(default_factory=lambda: _table(), metadata=_label("节日开关（未列出的内置节日默认开）"))
    custom_festivals: Mapping[str, str] = field(default_factory=lambda: _table(), metadata=_label("自定义节日（名称=公历6-18 或 农历8-15）"))
    greeting_templates: Mapping[str, str] = field(default_factory=lambda: _table(), metadata=_label("祝福语模板（覆盖内置）"))
    red_packet: Mapping[str, float] = field(
        default_factory=lambda: _table(春节=88.0, 中秋=66.0), metadata=_label("优质客户红包建议（元）"))
    reminder_time: str = field(default="09:00", metadata=_label("手机日历提醒时间（当天几点，如 09:00）"))
    status_words: Mapping[str, str] = field(
        default_factory=default_status_words, metadata=_label("订单状态的说法（用「、」分隔，可添加）"))


def settings_table(settings: Settings) -> list[tuple[str, str, Any]]:
    """(key, Chinese label, value) rows, one per number; mappings expand to key.entry rows."""
    rows: list[tuple[str, str, Any]] = []
    for f in fields(Settings):
        value = getattr(settings, f.name)
        label = f.metadata["label"]
        if isinstance(value, Mapping):
            rows.extend((f"{f.name}.{k}", f"{label}：{k}", v) for k, v in value.items())
        else:
            rows.append((f.name, label, value))
    return rows


class SettingError(ValueError):
    """A key that no setting has, or a value of the wrong kind; the caller reports it.

    `expected` is the bilingual reason alone, for a report that shows key and value itself.
    """

    def __init__(self, key: str, expected: str, got: Any = None):
        shown = f", got {got!r}" if got is not None else ""
        super().__init__(f"{key}: {expected}{shown}")
        self.key, self.expected = key, expected


def _coerce(kind: type, key: str, value: Any) -> Any:
    if kind is bool:
        if isinstance(value, bool):
            return value
        raise SettingError(key, "应为 是/否 (expected yes/no)", value)
    if kind in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SettingError(key, "应为数字 (expected a number)", value)
        if value < 0:
            raise SettingError(key, "不能为负数 (must not be negative)", value)
        if kind is int:
            if value != int(value):
                raise SettingError(key, "应为整数 (expected a whole number)", value)
            return int(value)
        return float(value)
    if not isinstance(value, str):
        raise SettingError(key, "应为文字 (expected text)", value)
    return value


_SCALAR_KINDS = {f.name: type(f.default) for f in fields(Settings) if not callable(f.default_factory)}
_MAPPING_VALUE_KINDS = {
    "probability": float, "cadence_days": int, "funnel_cadence_days": int, "funnel_months": int,
    "intent_cadence_days": int, "relation_cadence_days": int, "stage_cadence_days": int,
    "score_weights": float, "festival_switch": bool, "custom_festivals": str,
    "greeting_templates": str, "red_packet": float, "status_words": str,
}


_SHARES = ("tier_a_share", "tier_b_share", "top_amount_share")
# "9:30" as typed, "09:30:00" as a time cell reads, "1899-12-30 09:30:00" as Excel hands a time cell to xlwings.
_CLOCK = re.compile(r"(?<!\d)(\d{1,2})[:：](\d{2})(?:[:：]\d{2})?$")


def clock_time(text: str) -> Optional[time]:
    """The time of day a reminder_time text names, or None."""
    found = _CLOCK.search(text.strip())
    if found is None or int(found.group(1)) > 23 or int(found.group(2)) > 59:
        return None
    return time(int(found.group(1)), int(found.group(2)))


def with_values(settings: Settings, values: Mapping[str, Any]) -> Settings:
    """A copy of `settings` with the flat keys of `values` applied.

    Raises SettingError naming the first bad key; callers that want every problem apply keys
    one at a time.
    """
    changes: dict[str, Any] = {}
    for key, value in values.items():
        name, _, entry = key.partition(".")
        if name in _SCALAR_KINDS and not entry:
            changes[name] = _coerce(_SCALAR_KINDS[name], key, value)
        elif name == "score_weights" and entry not in SCORE_MEASURES:
            raise SettingError(key, f"只能是 {'/'.join(SCORE_MEASURES)} (a score measure)")
        elif name == "status_words" and entry not in default_status_words():
            raise SettingError(key, f"只能是 {'/'.join(default_status_words())} 之一 (an order state)")
        elif name in _MAPPING_VALUE_KINDS and entry:
            current = dict(changes.get(name, getattr(settings, name)))
            current[entry] = _coerce(_MAPPING_VALUE_KINDS[name], key, value)
            changes[name] = MappingProxyType(current)
        else:
            raise SettingError(key, "没有这个设置项 (no such setting)")
    result = replace(settings, **changes)
    if result.grade_scheme not in GRADE_SCHEMES:
        shown = "/".join(GRADE_SCHEMES)
        raise SettingError("grade_scheme", f"只能是 {shown} (must be one of {shown})", result.grade_scheme)
    if result.probability.keys() != {"a", "b", "c", "d"} or any(not 0 <= p <= 1 for p in result.probability.values()):
        raise SettingError("probability", "a/b/c/d 各一个 0–1 之间的概率 (one probability 0–1 for each of a/b/c/d)")
    for name in _SHARES:  # 80 meant as 80 % would make every customer A
        if not 0 < getattr(result, name) <= 1:
            raise SettingError(name, "0–1 之间的占比，如 0.8 或 80% (a share between 0 and 1, e.g. 0.8 or 80%)",
                               getattr(result, name))
    clock = clock_time(result.reminder_time)
    if clock is None:
        raise SettingError("reminder_time", "应为一天中的时间，如 09:00 (a time of day, e.g. 09:00)", result.reminder_time)
    return replace(result, reminder_time=f"{clock:%H:%M}")


DEFAULT_SETTINGS = Settings()
