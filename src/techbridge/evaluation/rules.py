"""Evaluation (GB/T 44731-2024《科技成果评估规范》) and valuation (GB/T 39057-2020《科技成果经济价值评估指南》)
as pure functions.

What is implemented from GB/T 44731-2024: the five first-level dimensions (科学价值, 技术价值, 经济价值,
社会和文化价值, 转化推广潜力), weights that depend on the achievement's type and the evaluation's purpose, the
independence of assessors (the owner's own staff may not evaluate), and evidence-backed claims. The weight table
below is ours: the standard asks for purpose- and type-dependent weights but leaves the numbers to the evaluating
body, so these defaults are shown with every result and may be overridden.
The "三度" grades follow common 科技成果评价 practice: 技术成熟度 is the TRL of GB/T 22900-2022; 技术创新度 and
技术先进度 are graded; a claim of 国际领先 or 国内领先 needs a comparison table against named alternatives.

From GB/T 39057-2020: the income, market and cost approaches, each with its inputs shown, a low/base/high range
and (income) a sensitivity table; the asking price's deviation from the range (报价偏离度).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from techbridge.kernel.errors import ValidationError
from techbridge.kernel.trl import TRL_NAMES

CENT = Decimal("0.01")
VALID_MONTHS = 12


class Dimension(StrEnum):
    SCIENTIFIC = "scientific"
    TECHNICAL = "technical"
    ECONOMIC = "economic"
    SOCIAL = "social"
    TRANSFER = "transfer"

    @property
    def label(self) -> str:
        return DIMENSION_LABELS[self]


DIMENSION_LABELS = {Dimension.SCIENTIFIC: "科学价值", Dimension.TECHNICAL: "技术价值", Dimension.ECONOMIC: "经济价值",
                    Dimension.SOCIAL: "社会和文化价值", Dimension.TRANSFER: "转化推广潜力"}

ACHIEVEMENT_TYPES = ("基础研究类", "应用技术类", "软科学类")
PURPOSES = ("转化", "投融资", "作价入股", "奖励")

# Default weights by achievement type (percent, each row sums to 100) — ours, see the module docstring.
BASE_WEIGHTS: dict[str, dict[Dimension, int]] = {
    "基础研究类": {Dimension.SCIENTIFIC: 40, Dimension.TECHNICAL: 20, Dimension.ECONOMIC: 10, Dimension.SOCIAL: 15,
                Dimension.TRANSFER: 15},
    "应用技术类": {Dimension.SCIENTIFIC: 10, Dimension.TECHNICAL: 30, Dimension.ECONOMIC: 25, Dimension.SOCIAL: 10,
                Dimension.TRANSFER: 25},
    "软科学类": {Dimension.SCIENTIFIC: 25, Dimension.TECHNICAL: 10, Dimension.ECONOMIC: 15, Dimension.SOCIAL: 35,
              Dimension.TRANSFER: 15},
}
# The purpose moves 10 points from the dimension it matters least for to the one it matters most for.
PURPOSE_SHIFT: dict[str, tuple[Dimension, Dimension]] = {
    "转化": (Dimension.SCIENTIFIC, Dimension.TRANSFER),
    "投融资": (Dimension.SOCIAL, Dimension.ECONOMIC),
    "作价入股": (Dimension.SOCIAL, Dimension.ECONOMIC),
    "奖励": (Dimension.ECONOMIC, Dimension.SCIENTIFIC),
}
SHIFT = 10
MIN_WEIGHT = 5


def weights(achievement_type: str, purpose: str) -> dict[Dimension, int]:
    if achievement_type not in BASE_WEIGHTS:
        raise ValidationError(f"成果类型应为{'、'.join(ACHIEVEMENT_TYPES)}之一", field="achievement_type",
                              code="achievement_type")
    if purpose not in PURPOSE_SHIFT:
        raise ValidationError(f"评价目的应为{'、'.join(PURPOSES)}之一", field="purpose", code="purpose")
    result = dict(BASE_WEIGHTS[achievement_type])
    source, target = PURPOSE_SHIFT[purpose]
    moved = min(SHIFT, result[source] - MIN_WEIGHT)
    result[source] -= moved
    result[target] += moved
    return result


def check_scores(scores: dict[str, object]) -> dict[Dimension, Decimal]:
    """Each of the five dimensions scored 0–100 (one decimal)."""
    parsed: dict[Dimension, Decimal] = {}
    for d in Dimension:
        raw = scores.get(d.value)
        try:
            value = Decimal(str(raw).strip())
        except Exception:  # noqa: BLE001 - any unparsable input is the same user error
            raise ValidationError(f"请为“{d.label}”打分（0至100）", field=d.value, code="score_required") from None
        if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
            raise ValidationError(f"“{d.label}”得分应在0至100之间", field=d.value, code="score_range")
        parsed[d] = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return parsed


def total_score(scores: dict[Dimension, Decimal], w: dict[Dimension, int]) -> Decimal:
    return (sum((scores[d] * w[d] for d in Dimension), Decimal(0)) / 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def grade(total: Decimal) -> str:
    if total >= 85:
        return "优秀"
    if total >= 70:
        return "良好"
    if total >= 60:
        return "合格"
    return "不合格"


INNOVATION_GRADES = ("国际首创", "国内首创", "区域首创", "一般创新")
ADVANCEMENT_GRADES = ("国际领先", "国际先进", "国内领先", "国内先进", "一般水平")
LEADING = ("国际领先", "国内领先")
MIN_COMPARISONS = 2


@dataclass(frozen=True)
class Comparison:
    """One row of the comparison table: an indicator, our value, and a named alternative's value."""

    indicator: str
    ours: str
    alternative: str  # the named alternative (product, paper, patent)
    theirs: str


def check_three_degrees(*, trl: int, innovation: str, advancement: str, comparisons: Sequence[Comparison]) -> None:
    if trl not in TRL_NAMES:
        raise ValidationError("技术成熟度应为GB/T 22900规定的1至9级", field="trl", code="trl_range")
    if innovation not in INNOVATION_GRADES:
        raise ValidationError(f"技术创新度应为{'、'.join(INNOVATION_GRADES)}之一", field="innovation", code="innovation")
    if advancement not in ADVANCEMENT_GRADES:
        raise ValidationError(f"技术先进度应为{'、'.join(ADVANCEMENT_GRADES)}之一", field="advancement", code="advancement")
    if advancement in LEADING:
        filled = [c for c in comparisons if c.indicator.strip() and c.ours.strip() and c.alternative.strip()
                  and c.theirs.strip()]
        if len(filled) < MIN_COMPARISONS or len({c.alternative.strip() for c in filled}) < 1:
            raise ValidationError(f"认定“{advancement}”须填写对比表：至少{MIN_COMPARISONS}项关键指标，"
                                  "逐项列出本成果与具名同类技术（产品、论文或专利）的数值", field="comparisons",
                                  code="comparison_required")


def check_assessors(*, owner_org_id: int, evaluator_org_id: int | None, assessor_org_ids: Sequence[int | None],
                    declared_conflict: bool) -> None:
    """Independence (GB/T 44731-2024): neither the evaluating body nor an assessor may belong to the owner."""
    if evaluator_org_id == owner_org_id or owner_org_id in assessor_org_ids:
        raise ValidationError("评价人员不得来自成果所属单位（利益冲突），请更换评价机构或专家", field="assessors",
                              code="conflict_of_interest")
    if declared_conflict:
        raise ValidationError("评价人员已声明存在利益冲突，不能承担本次评价", field="conflict", code="declared_conflict")


def expires_on(issued: date) -> date:
    month = issued.month - 1 + VALID_MONTHS
    year, month = issued.year + month // 12, month % 12 + 1
    day = min(issued.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30,
                           31, 31, 30, 31, 30, 31][month - 1])
    return date(year, month, day)


def is_expired(issued: date | None, today: date) -> bool:
    return issued is not None and today > expires_on(issued)


# ---------------------------------------------------------------- valuation (GB/T 39057-2020)


@dataclass(frozen=True)
class Range:
    low: Decimal
    base: Decimal
    high: Decimal


def _wan(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _percent(value: Decimal, label: str, field: str, *, upper: Decimal = Decimal(100)) -> Decimal:
    if not Decimal(0) <= value <= upper:
        raise ValidationError(f"{label}应在0%至{upper}%之间", field=field, code="percent_range")
    return value / 100


def income_value(revenues: Sequence[Decimal], share_pct: Decimal, discount_pct: Decimal) -> Decimal:
    """收益法: Σ revenue_t × 分成率 / (1 + r)^t over the remaining economic life (t = 1..n)."""
    share = _percent(share_pct, "分成率", "share_rate")
    rate = _percent(discount_pct, "折现率", "discount_rate", upper=Decimal(50))
    total = Decimal(0)
    for t, revenue in enumerate(revenues, start=1):
        total += revenue * share / (1 + rate) ** t
    return _wan(total)


def income_range(revenues: Sequence[Decimal], share_pct: Decimal, discount_pct: Decimal) -> Range:
    """Low: 分成率 −20% and 折现率 +2 points; high: 分成率 +20% and 折现率 −2 points."""
    if not revenues or any(r < 0 for r in revenues):
        raise ValidationError("请逐年填写收入预测（万元，不能为负数）", field="revenues", code="revenues")
    if len(revenues) > 20:
        raise ValidationError("剩余经济寿命不超过20年", field="revenues", code="life_too_long")
    return Range(income_value(revenues, share_pct * Decimal("0.8"), discount_pct + 2),
                 income_value(revenues, share_pct, discount_pct),
                 income_value(revenues, share_pct * Decimal("1.2"), max(Decimal(0), discount_pct - 2)))


def sensitivity(revenues: Sequence[Decimal], share_pct: Decimal, discount_pct: Decimal) -> list[list[Decimal]]:
    """Rows: 分成率 × (0.8, 0.9, 1, 1.1, 1.2); columns: 折现率 −2, −1, 0, +1, +2 points."""
    return [[income_value(revenues, share_pct * f, max(Decimal(0), discount_pct + d)) for d in (-2, -1, 0, 1, 2)]
            for f in (Decimal("0.8"), Decimal("0.9"), Decimal(1), Decimal("1.1"), Decimal("1.2"))]


@dataclass(frozen=True)
class Comparable:
    label: str  # contract title
    amount: Decimal
    trl: int


@dataclass(frozen=True)
class AdjustedComparable:
    comparable: Comparable
    factor: Decimal
    adjusted: Decimal


MIN_COMPARABLES = 3
TRL_STEP = Decimal("0.08")  # each TRL level of difference adjusts the comparable's price by 8 % (ours)


def market_range(subject_trl: int, comparables: Sequence[Comparable]) -> tuple[Range, list[AdjustedComparable]]:
    """市场法: comparables within ±1 TRL level, each adjusted for the TRL difference; min / median / max."""
    band = [c for c in comparables if abs(c.trl - subject_trl) <= 1 and c.amount > 0]
    if len(band) < MIN_COMPARABLES:
        raise ValidationError(f"平台合同记录中同领域、同类型、技术成熟度相近（±1级）的可比交易仅{len(band)}项，"
                              f"少于{MIN_COMPARABLES}项，不能采用市场法", field="market", code="too_few_comparables")
    adjusted = []
    for c in band:
        factor = 1 + TRL_STEP * (subject_trl - c.trl)
        adjusted.append(AdjustedComparable(c, factor, _wan(c.amount * factor)))
    values = sorted(a.adjusted for a in adjusted)
    return Range(values[0], median(values), values[-1]), adjusted


def median(values: Sequence[Decimal]) -> Decimal:
    """The middle value (the mean of the two middle ones for an even count), to the cent."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else _wan((ordered[mid - 1] + ordered[mid]) / 2)


def cost_range(replacement_cost: Decimal, depreciation_pct: Decimal) -> Range:
    """成本法: replacement cost × (1 − 贬值率); low/high at 贬值率 ±10 points."""
    if replacement_cost <= 0:
        raise ValidationError("重置成本应大于0万元", field="replacement_cost", code="cost_not_positive")
    rate = _percent(depreciation_pct, "贬值率", "depreciation")

    def at(r: Decimal) -> Decimal:
        return _wan(replacement_cost * (1 - min(Decimal(1), max(Decimal(0), r))))

    return Range(at(rate + Decimal("0.1")), at(rate), at(rate - Decimal("0.1")))


def deviation(asking: Decimal | None, r: Range) -> tuple[Decimal | None, str]:
    """报价偏离度: (asking − base) / base in percent, and where the asking price sits in the range."""
    if asking is None or r.base <= 0:
        return None, "未报价（面议）" if asking is None else "无法计算"
    pct = ((asking - r.base) / r.base * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if asking > r.high:
        where = "高于估值区间上限"
    elif asking < r.low:
        where = "低于估值区间下限"
    else:
        where = "在估值区间内"
    return pct, where
