"""Settings: SPEC defaults, the flat table the 设置 sheet shows, and reading it back."""
import pytest

from tierlogic.settings import Settings, SettingError, settings_table, with_values


def test_defaults_match_spec():
    s = Settings()
    assert dict(s.probability) == {"a": 0.8, "b": 0.5, "c": 0.3, "d": 0.1}
    assert dict(s.cadence_days) == {"S": 30, "A": 1, "B": 7, "C": 15, "D": 30, "F": 365}
    assert dict(s.funnel_cadence_days) == {"A": 1, "B": 7, "C": 15, "D": 30, "E": 365}
    assert (s.transit_days, s.refill_lead_days, s.reactivation_after_days) == (3, 3, 30)
    assert (s.loyal_min_orders, s.loyal_recent_days, s.dormant_days, s.lost_days) == (10, 180, 90, 365)
    assert (s.tier_a_share, s.tier_b_share, s.greeting_days, s.upcoming_days) == (0.8, 0.95, 14, 7)


def test_table_round_trips():
    changed = with_values(Settings(), {"cadence_days.B": 10, "probability.a": 0.9, "move_to_working_day": True})
    table = settings_table(changed)
    assert ("cadence_days.B", "跟进间隔天数（六级）：B", 10) in table
    assert with_values(Settings(), {k: v for k, _, v in table}) == changed


def test_every_row_has_a_chinese_label():
    assert all(label and not label.isascii() for _, label, _ in settings_table(Settings()))


@pytest.mark.parametrize("key, value, message", [
    ("cadence_days.B", "七", "应为数字"),
    ("cadence_days.B", 7.5, "应为整数"),
    ("transit_days", -1, "不能为负数"),
    ("move_to_working_day", "maybe", "应为 是/否"),
    ("no_such", 1, "没有这个设置项"),
    ("grade_scheme", "seven", "只能是 six/funnel/intent/relation/stages"),
    ("probability.a", 1.5, "0–1"),
    ("tier_a_share", 80, "0–1 之间的占比"),
    ("tier_b_share", 1.5, "0–1 之间的占比"),
    ("tier_a_share", 0, "0–1 之间的占比"),
])
def test_bad_values_are_refused_with_a_readable_reason(key, value, message):
    with pytest.raises(SettingError, match=message):
        with_values(Settings(), {key: value})


def test_new_entries_can_be_added_to_open_tables():
    s = with_values(Settings(), {"custom_festivals.店庆": "公历6-18", "score_weights.购买次数": 2})
    assert s.custom_festivals["店庆"] == "公历6-18" and s.score_weights["购买次数"] == 2.0
