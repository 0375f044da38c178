"""Seed 001's three scales of how far a customer has come, each a Scheme the seller may choose in 设置.

营销知识库 5级分类法 (by buying intent), 从泛粉到成交 客户分类等级 (a WeChat friend's relationship, 0–6) and
从陌生客户到成熟客户的五大阶段. The seller records a customer's level (意向等级, 客户分类等级, 阶段) on the
customer sheet or in the contact log, and that record wins. Without one the level is read from what is
known: a buyer is 已成交 (the intent and relationship scales stop before the sale) or, on the five stages,
接纳期/成熟期 by the seed's 订货/重复订货; otherwise progress a/b/c/d and the 意向 column stand in.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from .facts import CustomerFacts
from .model import INTEREST_HIGH, INTEREST_LOW, INTEREST_MEDIUM
from .schemes import AFTER_SALE_ACTION, BookContext, Level, Rule, Scheme, Test, always, has_bought, recorded_rules
from .settings import INTENT, RELATION, STAGES, Settings

BOUGHT = "已成交"
BOUGHT_LEVEL = Level(BOUGHT, "已成交，未记录等级（买过）", AFTER_SALE_ACTION)


def _known(progress: tuple[str, ...] = (), interest: tuple[str, ...] = ()) -> Test:
    """Holds when the latest progress or the 意向 column is one of these."""
    def test(f: CustomerFacts, today: date, s: Settings, context: BookContext) -> Optional[dict]:
        if f.progress in progress or f.customer.interest in interest:
            return {"进度": f.progress or "无", "意向": f.customer.interest or "无"}
        return None
    return test


def _talked(f: CustomerFacts, today: date, s: Settings, context: BookContext) -> Optional[dict]:
    return {"跟进记录": len(f.contacts), "上次联系": f.last_contact or "无"} if f.has_talked else None


def _repeat_buyer(f: CustomerFacts, today: date, s: Settings, context: BookContext) -> Optional[dict]:
    return {"购买次数": f.purchase_count} if f.purchase_count >= 2 else None


_INTENT_LEVELS = (
    Level("1级", "近期购买意向很高（一周内可能购买）", "最优先跟进：每天保持联系，即时跟进", 1, ("意向很高",)),
    Level("2级", "打算买，在比价格", "重点关注客户动向，搞清楚客户价格底线，争取赢单", 2, ("比价格", "比价")),
    Level("3级", "考虑会买，但不是马上买", "不用跟进得太紧密，以解答客户咨询为主，等待销售时机", 3, ("不是马上买",)),
    Level("4级", "对产品感兴趣", "先和客户建立联系，做好长期维护的准备", 4, ("感兴趣",)),
    Level("5级", "随便看看（无购买意向）", "礼貌接待，后期回访即可", 5, ("随便看看",)),
)

INTENT_SCHEME = Scheme(
    INTENT, "营销知识库 5级分类法（购买意向）",
    levels=(BOUGHT_LEVEL, *_INTENT_LEVELS),
    rules=(
        *recorded_rules(_INTENT_LEVELS, "intent_level", "意向等级"),
        Rule(BOUGHT, "买过，未记录意向等级", has_bought),
        Rule("1级", "未记录意向等级：进度 a 或意向高", _known(("a",), (INTEREST_HIGH,))),
        Rule("2级", "未记录意向等级：进度 b", _known(("b",))),
        Rule("3级", "未记录意向等级：意向中", _known(interest=(INTEREST_MEDIUM,))),
        Rule("4级", "未记录意向等级：进度 c 或意向低", _known(("c",), (INTEREST_LOW,))),
        Rule("5级", "未记录意向等级，也没有进度 a/b/c 或意向", always),
    ),
    cadence_setting="intent_cadence_days",
    recorded_field="intent_level",
)

# Best first: 悔单 (6) ranks below those still haggling, above those merely asked: they did promise once.
_RELATION_LEVELS = (
    Level("5级", "承诺购买、合作", "列入准客户，随时准备促成成交、合作", 5, ("承诺购买", "准客户")),
    Level("4级", "有意向，认可价格", "理想型成交对象，一定要时刻盯紧了", 4, ("认可价格",)),
    Level("3级", "有意向，纠结价格", "客户有点磨磨唧唧，需要有耐心和技巧来应对他", 3, ("纠结价格",)),
    Level("6级", "原本承诺购买、合作，现在悔单", "悔单的客户不用打入冷宫：保持联系，哪一天说不定就会回心转意主动找你",
          6, ("悔单",)),
    Level("2级", "明确客户有没意向",
          "没意向、不理睬的不用花太多时间和精力纠缠；有兴趣、积极回应的列为重点客户跟进", 2, ("有没意向", "问过意向")),
    Level("1级", "≥1 次的沟通互动", "再次交流时除非客户主动提出，一般不谈成交话题，可以询问客户的意向", 1, ("沟通互动",)),
    Level("0级", "泛粉（通过了添加，还没有任何互动）", "刚加的好友：先打个招呼，有 1 次沟通互动", 0, ("泛粉",)),
)

RELATION_SCHEME = Scheme(
    RELATION, "从泛粉到成交 客户分类等级（微信好友关系）",
    levels=(BOUGHT_LEVEL, *_RELATION_LEVELS),
    rules=(
        *recorded_rules(_RELATION_LEVELS, "relation_level", "客户分类等级"),
        Rule(BOUGHT, "买过，未记录客户分类等级", has_bought),
        Rule("1级", "未记录客户分类等级：有过沟通（跟进记录、上次联系或进度 c/d）", _talked),
        Rule("0级", "未记录客户分类等级，也没有沟通过", always),
    ),
    cadence_setting="relation_cadence_days",
    recorded_field="relation_level",
)

_STAGE_LEVELS = (
    Level("成熟期", "心理成熟期（已重复订货）", "加强沟通：电话、短信，新产品上市、节假日问候、客户生日问候", 5,
          ("心理成熟期", "成熟")),
    Level("接纳期", "心理接纳期（订货期）", "帮客户下决心，促其下订单；从长远考虑，不求一次卖多少", 4,
          ("心理接纳期", "订货期", "接纳")),
    Level("尝试期", "心理尝试期（开始咨询、关注产品）", "沉着冷静，语言准确果断，眼神自信，增强客户订货的信心", 3,
          ("心理尝试期", "尝试")),
    Level("拒绝期", "心理拒绝期（怀疑产品质量，态度冷漠）", "要诀：产品比较，思想启发引导", 2,
          ("心理拒绝期", "拒绝", "怀疑期")),
    Level("戒备期", "心理戒备期（猜测和怀疑）", "要诀：换位思考，耐心全力配合客户，细心回应", 1, ("心理戒备期", "戒备")),
)

STAGE_SCHEME = Scheme(
    STAGES, "从陌生客户到成熟客户的五大阶段",
    levels=_STAGE_LEVELS,
    rules=(
        *recorded_rules(_STAGE_LEVELS, "stage", "阶段"),
        Rule("成熟期", "未记录阶段：已重复订货", _repeat_buyer),
        Rule("接纳期", "未记录阶段：已订货", has_bought),
        Rule("接纳期", "未记录阶段：进度 a（该下订单了）", _known(("a",))),
        Rule("尝试期", "未记录阶段：进度 b/c（开始咨询、关注产品）", _known(("b", "c"))),
        Rule("戒备期", "未记录阶段，也没有订单或进度 a/b/c", always),
    ),
    cadence_setting="stage_cadence_days",
    recorded_field="stage",
)
