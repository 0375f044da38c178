"""Every classification of seeds 000/001 (issue 18): each level with a minimal customer that reaches it and one
that just misses it, the actions and cadences the seed gives, the tolerant level parser, and the classes."""
from __future__ import annotations

import math
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import given, strategies as st

from tierlogic.assess import assess_book
from tierlogic.cadence import cadence_for
from tierlogic.classes import BEHAVIOUR_SCHEME, VALUE_SCHEME, top_amount
from tierlogic.due_list import due_list
from tierlogic.grade import GRADE_SCHEMES, LEVEL_FIELDS, grade
from tierlogic.model import Book, Contact, Customer, Order
from tierlogic.schemes import BookContext
from tierlogic.settings import Settings
from workbook.reader import book_from_rows
from workbook.values import Invalid, parse_level

from .helpers import TODAY, days_ago, facts

INTENT, RELATION, STAGES = (Settings(grade_scheme=k) for k in ("intent", "relation", "stages"))


def bought(days: int = 10, amount: float = 100.0, times: int = 1) -> dict:
    return {"orders": [Order("c1", days_ago(days + i), amount=amount) for i in range(times)]}


# ---------------------------------------------------------------- 营销知识库 5级分类法 (buying intent)

@pytest.mark.parametrize("case, f, expected", [
    ("1级 recorded", facts(intent_level="1级"), "1级"),
    ("5级 recorded", facts(intent_level="5级", progress="a"), "5级"),  # the seller's record beats progress
    ("a recorded level beats a sale", facts(intent_level="2级", purchase_count=3), "2级"),
    ("the latest logged level beats the column",
     facts(intent_level="1级", contacts=[Contact("c1", days_ago(1), intent_level="4级")]), "4级"),
    ("已成交: bought, nothing recorded", facts(purchase_count=1), "已成交"),
    ("miss 已成交: the only order was returned",
     facts(orders=[Order("c1", days_ago(5), amount=100, status="退货")]), "5级"),
    ("1级 by progress a", facts(progress="a"), "1级"),
    ("1级 by interest 高", facts(interest="高"), "1级"),
    ("2级 by progress b", facts(contacts=[Contact("c1", days_ago(3), progress="b")]), "2级"),
    ("3级 by interest 中", facts(interest="中"), "3级"),
    ("4级 by progress c", facts(progress="c"), "4级"),
    ("4级 by interest 低", facts(interest="低"), "4级"),
    ("miss 4级: progress d is no interest yet", facts(progress="d"), "5级"),
    ("5级 by interest 无", facts(interest="无"), "5级"),
    ("5级: nothing known", facts(), "5级"),
])
def test_intent_levels(case, f, expected):
    assert grade(f, TODAY, INTENT).grade == expected, case


# ---------------------------------------------------------------- 从泛粉到成交 客户分类等级 (relationship 0–6)

@pytest.mark.parametrize("level", ["0级", "1级", "2级", "3级", "4级", "5级", "6级"])
def test_every_relationship_level_can_be_recorded(level):
    result = grade(facts(relation_level=level, purchase_count=2), TODAY, RELATION)
    assert result.grade == level
    assert str(result.why) == f"{level}：记录的客户分类等级（客户分类等级={level}，来自=客户表）"


@pytest.mark.parametrize("case, f, expected", [
    ("已成交: bought, nothing recorded", facts(total_amount=50.0), "已成交"),
    ("1级: one conversation logged", facts(contacts=[Contact("c1", days_ago(30))]), "1级"),
    ("1级: a last-contact date", facts(last_contact=days_ago(2)), "1级"),
    ("miss 1级: added, no interaction: 泛粉", facts(), "0级"),
    ("an intent level is no relationship level", facts(intent_level="1级"), "0级"),
])
def test_relationship_levels_without_a_record(case, f, expected):
    assert grade(f, TODAY, RELATION).grade == expected, case


# ---------------------------------------------------------------- 从陌生客户到成熟客户的五大阶段

@pytest.mark.parametrize("case, f, expected", [
    ("拒绝期 recorded (only a record tells it)", facts(stage="拒绝期", progress="a"), "拒绝期"),
    ("成熟期: reordered", facts(**bought(times=2)), "成熟期"),
    ("miss 成熟期: one order is 接纳期 (订货期)", facts(**bought(times=1)), "接纳期"),
    ("接纳期: progress a, time to order", facts(progress="a"), "接纳期"),
    ("尝试期: progress b", facts(progress="b"), "尝试期"),
    ("尝试期: progress c", facts(progress="c"), "尝试期"),
    ("miss 尝试期: progress d is 戒备期", facts(progress="d"), "戒备期"),
    ("戒备期: a stranger", facts(), "戒备期"),
])
def test_five_stages(case, f, expected):
    assert grade(f, TODAY, STAGES).grade == expected, case


def test_a_manual_grade_of_the_active_scheme_wins_and_another_schemes_is_ignored_visibly():
    assert grade(facts(manual_grade="6级", purchase_count=1), TODAY, RELATION).grade == "6级"
    result = grade(facts(manual_grade="S", purchase_count=1), TODAY, RELATION)
    assert result.grade == "已成交" and "手动级别不适用于当前方案，已忽略=S" in str(result.why)


# ---------------------------------------------------------------- actions and cadences as the seed says

SEED_ACTIONS = [  # (scheme, level, words of seed 001 the action must carry)
    ("intent", "1级", "每天保持联系"), ("intent", "2级", "价格底线"), ("intent", "3级", "解答客户咨询"),
    ("intent", "4级", "长期维护"), ("intent", "5级", "礼貌接待，后期回访即可"),
    ("relation", "2级", "不用花太多时间和精力纠缠"), ("relation", "3级", "耐心和技巧"),
    ("relation", "4级", "一定要时刻盯紧了"), ("relation", "5级", "随时准备促成成交、合作"),
    ("relation", "6级", "不用打入冷宫"),
    ("stages", "戒备期", "换位思考"), ("stages", "拒绝期", "产品比较，思想启发引导"),
    ("stages", "尝试期", "增强客户订货的信心"), ("stages", "接纳期", "帮客户下决心，促其下订单"),
    ("stages", "成熟期", "节假日问候"),
    ("funnel", "A", "每天联系"), ("six", "S", "成交客户：做好售后与复购"),
]


@pytest.mark.parametrize("scheme, level, words", SEED_ACTIONS)
def test_each_level_carries_the_seeds_action(scheme, level, words):
    assert words in GRADE_SCHEMES[scheme].level(level).action


@pytest.mark.parametrize("scheme, cadence", [
    ("funnel", {"A": 1, "B": 7, "C": 15, "D": 30, "E": 365}),   # seed 001's 追踪志: 日志, 周志, 半月志, 月志, 年志
    ("six", {"S": 30, "A": 1, "B": 7, "C": 15, "D": 30, "F": 365}),
    ("intent", {"已成交": 30, "1级": 1, "2级": 7, "3级": 15, "4级": 30, "5级": 90}),  # 1级: 每天保持联系
    ("relation", {"已成交": 30, "5级": 1, "4级": 1, "3级": 7, "6级": 15, "2级": 15, "1级": 15, "0级": 30}),
    ("stages", {"成熟期": 30, "接纳期": 7, "尝试期": 7, "拒绝期": 15, "戒备期": 30}),
])
def test_every_level_of_every_scheme_has_its_cadence(scheme, cadence):
    settings = Settings(grade_scheme=scheme)
    assert set(cadence) == set(GRADE_SCHEMES[scheme].codes)
    assert {level: cadence_for(level, settings).days for level in cadence} == cadence


def test_cadence_names_a_level_once():
    assert str(cadence_for("6级", RELATION)) == "6级每15天（半月志）"
    assert str(cadence_for("B", Settings())) == "B级每7天（周志）"


def test_a_customer_who_backed_out_is_not_dropped_into_the_cold():
    """悔单 (6级) keeps its own cadence and the seed's advice, like any other level, on the due list."""
    def row_for(last_contact_days: int):
        book = Book((Customer("c1", "甲", relation_level="6级", last_contact=days_ago(last_contact_days)),))
        rows = due_list(assess_book(book, TODAY, RELATION), TODAY, RELATION)
        return rows[0] if rows else None

    assert row_for(7) is None                             # due in 8 days: beyond the 7 the list shows
    row = row_for(15)
    assert (row.grade, row.due) == ("6级", TODAY)
    assert row.actions == ("悔单的客户不用打入冷宫：保持联系，哪一天说不定就会回心转意主动找你",)
    assert str(row.reasons[0]) == "按节奏跟进：6级每15天（半月志）（上次联系=2026-11-08）"


def test_the_due_list_and_its_priority_follow_the_active_schemes_order():
    book = Book(tuple(Customer(f"c{i}", f"客户{i}", relation_level=level) for i, level in enumerate(("0级", "6级", "5级"))))
    rows = due_list(assess_book(book, TODAY, RELATION), TODAY, RELATION)
    assert [r.grade for r in rows] == ["5级", "6级", "0级"]


# ---------------------------------------------------------------- 消费行为 and 价值分类

TOP = BookContext(top_amount=1000.0)


@pytest.mark.parametrize("case, f, context, expected", [
    ("流失: bought, nothing for dormant_days (90)", facts(**bought(days=90, amount=5000, times=1)), TOP, "流失"),
    ("miss 流失: 89 days", facts(**bought(days=89, amount=5000, times=1)), TOP, "高价值"),
    ("VIP: top amount, 3 orders", facts(**bought(amount=400, times=3)), TOP, "VIP"),
    ("miss VIP: 2 orders", facts(**bought(amount=500, times=2)), TOP, "高价值"),
    ("高价值: top amount in one order", facts(**bought(amount=1000)), TOP, "高价值"),
    ("miss 高价值: just below the top", facts(**bought(amount=333.33, times=3)), TOP, "一般"),
    ("潜在: never bought", facts(progress="a"), TOP, "潜在"),
])
def test_behaviour_classes(case, f, context, expected):
    assert BEHAVIOUR_SCHEME.classify(f, TODAY, Settings(), context).code == expected, case


@pytest.mark.parametrize("case, f, tier, expected", [
    ("休眠: tier B, nothing for 90 days", facts(**bought(days=90, times=3)), "B", "休眠"),
    ("miss 休眠: tier C", facts(**bought(days=90, times=3)), "C", "青铜"),
    ("黄金: tier A, 3 orders", facts(**bought(times=3)), "A", "黄金"),
    ("miss 黄金: 2 orders", facts(**bought(times=2)), "A", "白银"),
    ("白银: tier B", facts(**bought(times=3)), "B", "白银"),
    ("新客户: never bought", facts(), "C", "新客户"),
    ("新客户: one order within 90 days", facts(**bought(days=90)), "C", "新客户"),
    ("miss 新客户: one order 91 days ago", facts(**bought(days=91)), "C", "青铜"),
])
def test_value_classes(case, f, tier, expected):
    assert VALUE_SCHEME.classify(f, TODAY, Settings(), BookContext(value_tier=tier)).code == expected, case


def test_a_class_says_which_rule_with_the_settings_value():
    result = BEHAVIOUR_SCHEME.classify(facts(**bought(days=120)), TODAY, Settings(dormant_days=100), TOP)
    assert str(result.why) == "流失：买过，100 天以上没有再买（未购买天数=120）"
    assert result.action == "需要进行挽留"


@pytest.mark.parametrize("amounts, share, expected", [
    ([100, 200, 300, 400, 500], 0.2, 500), ([100, 200, 300, 400, 500], 0.4, 400),
    ([500, 500, 100], 0.2, 500), ([50], 0.2, 50), ([0, -5], 0.2, math.inf), ([], 0.2, math.inf),
])
def test_top_amount(amounts, share, expected):
    assert top_amount(amounts, share) == expected


def test_the_book_gives_every_customer_both_classes():
    book = Book(
        (Customer("c1", "甲"), Customer("c2", "乙"), Customer("c3", "丙")),
        orders=tuple(Order("c1", days_ago(d), amount=900) for d in (5, 40, 70))
        + (Order("c2", days_ago(20), amount=100),),
        has_orders_sheet=True,
    )
    a = assess_book(book, TODAY, Settings())
    assert {k: (x.behaviour.code, x.value_class.code) for k, x in a.items()} == {
        "c1": ("VIP", "黄金"), "c2": ("一般", "新客户"), "c3": ("潜在", "新客户")}


# ---------------------------------------------------------------- the tolerant level parser

_CN = "零一二三四五六七八九"
_FULL = str.maketrans("0123456789L", "０１２３４５６７８９Ｌ")
SPELLINGS = ("{n}", "{n}级", "{cn}级", "L{n}", "l{n}", "Lv{n}", "LV {n}", "第{cn}阶段", "第{n}级", "{n}级别", "{cn}类")
LEVELS = [(key, level) for key, scheme in LEVEL_FIELDS.items() for level in scheme.recorded_levels]


@given(st.sampled_from(LEVELS), st.sampled_from(SPELLINGS), st.booleans(), st.sampled_from(("", " ", "  ")),
       st.sampled_from(("", "-纠结价格", "（备注）", " 客户说再看看", "：问过")))
def test_a_level_reads_in_every_spelling(field_level, spelling, full_width, pad, tail):
    field, level = field_level
    text = spelling.format(n=level.number, cn=_CN[level.number])
    if full_width:
        text = text.translate(_FULL)
    assert parse_level(pad + text + tail + pad, LEVEL_FIELDS[field].recorded_levels) == level.code


@given(st.sampled_from(LEVELS))
def test_a_level_reads_from_a_number_cell_and_from_its_own_words(field_level):
    field, level = field_level
    levels = LEVEL_FIELDS[field].recorded_levels
    assert parse_level(level.number, levels) == parse_level(float(level.number), levels) == level.code
    for word in (level.code, *level.words):
        assert parse_level(word, levels) == level.code


@given(st.sampled_from(sorted(LEVEL_FIELDS)), st.integers(min_value=-3, max_value=99))
def test_a_number_that_is_no_level_is_refused(field, number):
    levels = LEVEL_FIELDS[field].recorded_levels
    known = {level.number for level in levels}
    result = parse_level(f"{number}级", levels)
    assert (result in {lv.code for lv in levels}) if number in known else isinstance(result, Invalid)


@given(st.sampled_from(sorted(LEVEL_FIELDS)), st.text(max_size=12) | st.integers() | st.floats())
def test_any_cell_reads_as_a_level_nothing_or_a_problem(field, value):
    levels = LEVEL_FIELDS[field].recorded_levels
    result = parse_level(value, levels)
    assert result is None or isinstance(result, Invalid) or result in {level.code for level in levels}


@pytest.mark.parametrize("value", ["2024-03-05", "30", "5万", "3.5", "泛粉 悔单", "S"])
def test_what_is_not_one_level_is_refused(value):
    assert isinstance(parse_level(value, LEVEL_FIELDS["relation_level"].recorded_levels), Invalid)


def test_letter_schemes_keep_their_letters():
    assert parse_level("b级", GRADE_SCHEMES["six"].levels) == "B"
    assert isinstance(parse_level("3级", GRADE_SCHEMES["six"].levels), Invalid)


# ---------------------------------------------------------------- read from a workbook's rows

def test_recorded_levels_are_read_from_the_customer_sheet_and_the_log():
    book, settings, report = book_from_rows({
        "客户": [["客户", "意向等级", "客户分类等级", "阶段", "手动级别"],
                 ["甲", "三级", "L6", "心理尝试期", "二级"], ["乙", "L9", None, None, None]],
        "跟进记录": [["日期", "客户", "阶段"], ["2026-11-20", "甲", "第四阶段"]],
        "设置": [["grade_scheme", "分级方案", "intent"]],
    }, TODAY)
    first = book.customers[0]
    assert (first.intent_level, first.relation_level, first.stage, first.manual_grade) == ("3级", "6级", "尝试期", "2级")
    assert book.contacts[0].stage == "接纳期"
    assert [(p.row, p.header, p.value) for p in report.problems] == [(3, "意向等级", "L9")]
    assert settings.grade_scheme == "intent"


# ---------------------------------------------------------------- the demo under every scheme

@pytest.mark.parametrize("scheme", sorted(GRADE_SCHEMES))
def test_the_demo_refreshes_under_every_scheme(tmp_path, scheme):
    from python_calamine import CalamineWorkbook

    from tierbook.cli import main
    from workbook.sheets import DUE_SHEET, TIERING_SHEET

    assert main(["demo", "--dir", str(tmp_path), "--today", TODAY.isoformat(), "--customers", "40", "--limit", "0"]) == 0
    path = tmp_path / "示例店铺.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["设置"]
    row = next(r for r in ws.iter_rows() if r[0].value == "grade_scheme")
    row[2].value = scheme
    wb.save(path)
    assert main(["refresh", str(path), "--today", TODAY.isoformat()]) == 0
    saved = CalamineWorkbook.from_path(str(path))
    order = GRADE_SCHEMES[scheme].order
    tiering = saved.get_sheet_by_name(TIERING_SHEET).to_python()
    grades = [order[r[3]] for r in tiering[1:]]
    assert grades == sorted(grades) and len(grades) == 40
    due = saved.get_sheet_by_name(DUE_SHEET).to_python()
    header = due[0]
    assert header[-2:] == ["消费行为", "价值分类"]
    assert due[1:] and all(r[header.index("级别")] in order for r in due[1:])
    assert {r[-2] for r in due[1:]} <= set(BEHAVIOUR_SCHEME.codes)


# ---------------------------------------------------------------- the UDFs honour the chosen scheme

@pytest.fixture(scope="module")
def udfs():
    from .xlwings_udfs import real_udf_machinery

    with real_udf_machinery() as loaded:
        yield loaded[1]


def scheme_range(key: str) -> list:
    return [["grade_scheme", "分级方案", key]]


def test_tb_grade_and_tb_why_grade_by_the_chosen_scheme(udfs):
    nothing = [[None]] * 9
    assert udfs.TB_GRADE(*nothing, None, scheme_range("relation"), [["L6"]]) == "6级"
    assert udfs.TB_WHY(*nothing, None, scheme_range("relation"), [["悔单"]]) == \
        "6级：记录的客户分类等级（客户分类等级=6级，来自=客户表）"
    assert udfs.TB_GRADE([[2.0]], *[[[None]]] * 8, None, scheme_range("stages")) == "成熟期"
    manual = [[None]] * 7 + [[["二级"]][0]] + [[None]]
    assert udfs.TB_GRADE(*manual, None, scheme_range("intent")) == "2级"
    assert udfs.TB_GRADE(*nothing, None, None, [["3级"]]).startswith("#级别无效")  # the six levels record none


def test_tb_next_due_reads_the_chosen_schemes_levels(udfs):
    last = [[datetime(2026, 11, 8)]]
    assert udfs.TB_NEXT_DUE([["6级"]], last, None, TODAY, scheme_range("relation")) == TODAY
    assert udfs.TB_NEXT_DUE([["戒备期"]], last, None, TODAY, scheme_range("stages")) == date(2026, 12, 8)


def test_tb_class_over_whole_columns(udfs):
    counts = [[3.0], [1.0], [None], [2.0]]
    amounts = [[900.0], [1000.0], [None], [100.0]]
    lasts = [[datetime(2026, 11, 1)], [datetime(2026, 11, 1)], [None], [datetime(2026, 5, 1)]]
    # By hand: the top half of the three buyers starts at 900; the Pareto tiers of 900/1000/100 are A, A, C.
    half = [["top_amount_share", "金额前列", 0.5]]
    assert udfs.TB_CLASS(counts, amounts, lasts, None, None, TODAY, half) == [["VIP"], ["高价值"], ["潜在"], ["流失"]]
    assert udfs.TB_CLASS(counts, amounts, lasts, None, None, TODAY)[0] == ["一般"]  # top 20 %: only the 1000
    assert udfs.TB_CLASS(counts, amounts, lasts, None, "价值分类", TODAY, half) == \
        [["黄金"], ["白银"], ["新客户"], ["青铜"]]
    assert udfs.TB_CLASS(counts, amounts, lasts, None, "别的", TODAY).startswith("#应为 消费行为 或 价值分类")
