"""The advice table (SPEC "Advice that fits the task"): every row, and no due row that says two things that cannot both be true."""
from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings as hypothesis_settings

from tierlogic.advice import (ADVICE_RULES, FOLLOW_UP, FOLLOW_UPS, NEVER_CONTACTED, REACTIVATE, advice_for,
                              row_advice)
from tierlogic.assess import assess_book
from tierlogic.due_list import due_list
from tierlogic.grade import GRADE_SCHEMES
from tierlogic.greetings import BIRTHDAY
from tierlogic.model import PROGRESS_LEVELS
from tierlogic.settings import GRADE_SCHEMES as SCHEME_KEYS, Settings

from .helpers import TODAY
from .strategies import books

POST_SALE = ("成交未下单", "已签收", "预计用完", "复购未达成")
KINDS = POST_SALE + (REACTIVATE, BIRTHDAY, NEVER_CONTACTED, FOLLOW_UP)
# Every (scheme, level): the same code means different things in different schemes (A; 3级).
SCHEME_GRADES = tuple((key, code) for key, scheme in GRADE_SCHEMES.items() for code in scheme.codes)

# Each row worked out by hand: (kind, progress, grade) → (row number, action); then a case that just misses the row.
EVERY_ROW = [
    (("成交未下单", "a", "S"), 1, "及时下单，下单后提醒对方"),
    (("已签收", "d", "F"), 2, "询问是否收到，为询问体验做铺垫"),
    (("预计用完", "c", "A"), 3, "询问使用体验，提醒复购"),
    (("复购未达成", "b", "S"), 4, "问问为什么没再买，推荐一款口碑好的产品"),
    ((REACTIVATE, "d", "S"), 4, "问问为什么没再买，推荐一款口碑好的产品"),
    ((BIRTHDAY, "d", "F"), 5, "私聊发生日祝福（祝福语见祝福名单）"),
    ((FOLLOW_UP, "a", "F"), 6, "还差最后一步：打消稍许顾虑，该催单"),  # progress before grade
    ((NEVER_CONTACTED, "a", "A"), 6, "还差最后一步：打消稍许顾虑，该催单"),
    ((FOLLOW_UP, "b", "S"), 7, "继续加大宣传力度，加强对产品的认知和认可"),
    ((FOLLOW_UP, "c", "A"), 8, "挖掘需求，弄清购买意图是否强烈"),
    ((FOLLOW_UP, "d", "S"), 9, "成交客户：做好售后与复购"),
    ((NEVER_CONTACTED, "d", "S"), 9, "成交客户：做好售后与复购"),
    ((NEVER_CONTACTED, "d", "F"), 10, "偶尔群发，不必花太多精力"),
    ((FOLLOW_UP, "d", "F"), 10, "偶尔群发，不必花太多精力"),
    ((FOLLOW_UP, "d", "E"), 11, "偶尔群发即可"),
    ((FOLLOW_UP, "d", "已成交", "intent"), 9, "成交客户：做好售后与复购"),
    ((NEVER_CONTACTED, "d", "已成交", "relation"), 9, "成交客户：做好售后与复购"),
    # Seed 001's scales at d, each level in the seed's words (营销知识库 5级, 从泛粉到成交, 五大阶段).
    ((FOLLOW_UP, "d", "1级", "intent"), 12, "最优先跟进：每天保持联系，即时跟进"),
    ((FOLLOW_UP, "d", "2级", "intent"), 13, "重点关注客户动向，搞清楚客户价格底线，争取赢单"),
    ((FOLLOW_UP, "d", "3级", "intent"), 14, "不用跟进得太紧密，以解答客户咨询为主，等待销售时机"),
    ((NEVER_CONTACTED, "d", "4级", "intent"), 15, "先和客户建立联系，做好长期维护的准备"),
    ((FOLLOW_UP, "d", "5级", "intent"), 16, "礼貌接待，后期回访即可"),
    ((FOLLOW_UP, "d", "5级", "relation"), 17, "列入准客户，随时准备促成成交、合作"),
    ((FOLLOW_UP, "d", "4级", "relation"), 18, "理想型成交对象，一定要时刻盯紧了"),
    ((FOLLOW_UP, "d", "3级", "relation"), 19, "客户有点磨磨唧唧，需要有耐心和技巧来应对他"),
    ((FOLLOW_UP, "d", "6级", "relation"), 20, "悔单的客户不用打入冷宫：保持联系，哪一天说不定就会回心转意主动找你"),
    ((FOLLOW_UP, "d", "2级", "relation"), 21,
     "没意向、不理睬的不用花太多时间和精力纠缠；有兴趣、积极回应的列为重点客户跟进"),
    ((FOLLOW_UP, "d", "1级", "relation"), 22, "再次交流时除非客户主动提出，一般不谈成交话题，可以询问客户的意向"),
    ((NEVER_CONTACTED, "d", "0级", "relation"), 23, "刚加的好友：先打个招呼，有 1 次沟通互动"),
    ((FOLLOW_UP, "d", "成熟期", "stages"), 24, "加强沟通：电话、短信，新产品上市、节假日问候、客户生日问候"),
    ((FOLLOW_UP, "d", "接纳期", "stages"), 25, "帮客户下决心，促其下订单；从长远考虑，不求一次卖多少"),
    ((FOLLOW_UP, "d", "尝试期", "stages"), 26, "沉着冷静，语言准确果断，眼神自信，增强客户订货的信心"),
    ((FOLLOW_UP, "d", "拒绝期", "stages"), 27, "要诀：产品比较，思想启发引导"),
    ((NEVER_CONTACTED, "d", "戒备期", "stages"), 28, "要诀：换位思考，耐心全力配合客户，细心回应"),
    ((NEVER_CONTACTED, "d", "B"), 29, "还没开始聊：先打个招呼，了解对方的基本信息"),
    ((FOLLOW_UP, "d", "A"), 30, "先开口聊，了解对方的基本信息"),
]
JUST_MISSES = [
    (("跟进", "a", "S"), 6),        # not a post-sale step: row 1 does not hold
    (("跟进", "b", "F"), 7),        # row 6 wants progress a
    (("跟进", "c", "S"), 8),        # row 9 wants progress d
    (("跟进", "d", "A"), 30),       # rows 9–11 want S, F or E; rows 12–28 a scheme of seed 001
    (("从未联系", "d", "D"), 29),   # rows 9–11 want S, F or E
    (("跟进", "c", "1级", "intent"), 8),       # row 12 wants progress d: progress comes before the level
    (("跟进", "d", "3级", "six"), 30),         # 3级 is no level of the six
    (("跟进", "d", "A", "intent"), 30),        # A is no level of the intent scale
    (("预计用完", "d", "6级", "relation"), 3),  # an event's own action comes first
]


@pytest.mark.parametrize("task, number, action", EVERY_ROW)
def test_every_row_of_the_table(task, number, action):
    rule = advice_for(*task)
    assert (rule.number, rule.action) == (number, action)


def test_the_cases_above_reach_every_row_and_each_row_is_classified_below():
    assert {number for _, number, _ in EVERY_ROW} == {r.number for r in ADVICE_RULES}
    assert {r.number for r in ADVICE_RULES if r.follow_up} == FOLLOW_UP_ROWS


@pytest.mark.parametrize("task, number", JUST_MISSES)
def test_a_case_that_just_misses_a_row_falls_to_a_later_one(task, number):
    assert advice_for(*task).number == number


def test_each_row_says_where_it_comes_from():
    assert str(ADVICE_RULES[5]) == "建议规则 6：从未联系/跟进 × 进度 a × 级别 任意 → 还差最后一步：打消稍许顾虑，该催单"
    assert str(ADVICE_RULES[9]) == "建议规则 10：从未联系/跟进 × 进度 d × 级别 F → 偶尔群发，不必花太多精力"


def test_no_two_rows_share_an_action():
    assert len({r.action for r in ADVICE_RULES}) == len(ADVICE_RULES)


def test_an_unknown_task_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="售后"):
        advice_for("售后", "a", "S")


# What "contradicts" means, concretely, classified by hand row by row:
GROUP_ONLY = {10, 11}                # group message, don't spend effort on this one
KNOWS_NOTHING = {23, 29, 30}         # 先打个招呼 / 还没开始聊 / 先开口: nothing known of them yet
PRESUMES_A_SALE = {1, 2, 3, 4, 9, 24}  # talks about an order they placed (24: 成熟期 has reordered)
PRESSES_TO_BUY = {6}                 # 催单 from progress: only right at a (a level the seller recorded speaks for itself)
FOLLOW_UP_ROWS = set(range(6, 31))   # a cadence follow-up's advice: one at most, and none beside an event


def contradictions(rules, progress: str) -> list[str]:
    numbers = {r.number for r in rules}
    found = []
    if numbers & GROUP_ONLY and numbers - GROUP_ONLY:
        found.append("group-only next to a one-to-one action")
    if numbers & KNOWS_NOTHING and numbers & PRESUMES_A_SALE:
        found.append("knows nothing of them, and talks about their order")
    if numbers & PRESSES_TO_BUY and progress != "a":
        found.append(f"催单 at progress {progress}")
    if numbers & FOLLOW_UP_ROWS and len(numbers) > 1:
        found.append("a follow-up's advice beside another action")
    return found


def realistic_kinds():
    """Every set of task kinds one due row can merge: any events, and at most one cadence follow-up
    (a customer has one: never contacted or not)."""
    events = [k for k in KINDS if k not in FOLLOW_UPS]
    for size in range(len(events) + 1):
        for chosen in combinations(events, size):
            for follow_up in ((), (FOLLOW_UP,), (NEVER_CONTACTED,)):
                if chosen or follow_up:
                    yield chosen + follow_up


def test_the_contradiction_check_catches_what_issue_14_saw():
    by_number = {r.number: r for r in ADVICE_RULES}
    assert contradictions([by_number[6]], "d") == ["催单 at progress d"]
    assert contradictions([by_number[10], by_number[5]], "d") == ["group-only next to a one-to-one action",
                                                                  "a follow-up's advice beside another action"]


def test_no_merged_row_of_any_kinds_progress_and_grade_contradicts_itself():
    checked = 0
    for kinds in realistic_kinds():
        for progress in PROGRESS_LEVELS:
            for scheme, grade in SCHEME_GRADES:
                rules = row_advice(kinds, progress, grade, scheme)
                assert rules and not contradictions(rules, progress), (kinds, progress, scheme, grade, rules)
                assert all(r.number in {advice_for(k, progress, grade, scheme).number for k in kinds} for r in rules)
                checked += 1
    # 6 + 5 levels, 6 of intent, 8 of the relationship scale, 5 stages
    assert checked == (2 ** 6 * 3 - 1) * 4 * (6 + 5 + 6 + 8 + 5)


def test_at_d_every_level_of_seed_001s_scales_gets_its_own_action():
    for key in ("intent", "relation", "stages"):
        for level in GRADE_SCHEMES[key].levels:
            assert advice_for(FOLLOW_UP, "d", level.code, key).action == level.action, (key, level.code)


def test_merged_advice_runs_most_specific_first():
    kinds = (FOLLOW_UP, BIRTHDAY, "已签收", REACTIVATE)
    assert [r.number for r in row_advice(kinds, "a", "S")] == [2, 4, 5]
    assert [r.number for r in row_advice((FOLLOW_UP,), "a", "S")] == [6]


@hypothesis_settings(max_examples=200, deadline=None)
@given(book=books())
def test_every_due_row_of_any_shop_is_traceable_and_consistent(book):
    for settings in (Settings(grade_scheme=key) for key in SCHEME_KEYS):
        for row in due_list(assess_book(book, TODAY, settings), TODAY, settings):
            assert row.actions == tuple(r.action for r in row.advice)
            assert all((not r.progress or row.progress in r.progress) and (not r.grades or row.grade in r.grades)
                       and (not r.schemes or settings.grade_scheme in r.schemes) for r in row.advice)
            assert not contradictions(row.advice, row.progress)
            said = "".join(map(str, row.reasons)) + "".join(row.actions)
            assert not ("尽快" in said and "群发" in said)
