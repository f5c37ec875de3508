"""Hard filters between finance supply and demand, and the sentences that explain a fit. Pure.

A fund and a need either pass every hard filter (stage, ticket size, region, exclusions) or are
never ranked: the filters build the candidate mask before text relevance is computed. What a
filter found is kept as a `Check` so the explanation says why a project fits the thesis.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from techbridge.finance.model import FinancialProduct, FinancingNeed, FinancingStage, Fund
from techbridge.kernel.industries import industry_name
from techbridge.kernel.money import format_wan
from techbridge.kernel.regions import regions


@dataclass(frozen=True)
class Check:
    name: str  # stage | ticket | region | exclusion | industry | limit | score | pledge
    passed: bool
    reason: str  # one Chinese sentence a fund manager or a CFO reads


def region_covers(codes: list[str], region_code: str) -> bool:
    """Whether any of `codes` (province, city or district) contains `region_code`; empty = anywhere."""
    if not codes:
        return True
    table = regions()
    code: str | None = region_code
    while code:
        if code in codes:
            return True
        region = table.by_code.get(code)
        code = region.parent_code if region else None
    return False


def _region_label(code: str) -> str:
    try:
        return regions().short_label(code)
    except Exception:  # an unknown code is shown as it is
        return code


def _regions_label(codes: list[str]) -> str:
    return "、".join(_region_label(c) for c in codes) if codes else "不限地域"


def stage_label(stage: str) -> str:
    try:
        return FinancingStage(stage).label
    except ValueError:
        return stage


def fund_checks(fund: Fund, need: FinancingNeed) -> list[Check]:
    """Every hard filter of a fund against a need, each with its reason (passed or not)."""
    checks = []
    stages = "、".join(stage_label(s) for s in fund.stages) or "不限阶段"
    in_stage = not fund.stages or need.stage in fund.stages
    checks.append(Check("stage", in_stage, f"项目处于{stage_label(need.stage)}，"
                        + (f"在投资阶段（{stages}）内" if in_stage else f"不在投资阶段（{stages}）内")))
    band = f"{format_wan(fund.ticket_min)}–{format_wan(fund.ticket_max)}"
    in_band = fund.ticket_min <= need.amount <= fund.ticket_max
    checks.append(Check("ticket", in_band, f"本轮融资{format_wan(need.amount)}，"
                        + (f"落在单笔投资区间 {band} 内" if in_band else f"超出单笔投资区间 {band}")))
    here = region_covers(fund.regions, need.region_code)
    checks.append(Check("region", here, f"项目在{_region_label(need.region_code)}，"
                        + (f"属于投资地域（{_regions_label(fund.regions)}）" if here
                           else f"不在投资地域（{_regions_label(fund.regions)}）内")))
    excluded = need.industry in fund.excluded_industries
    words = [w for w in fund.exclusion_words() if w in need.full_text() or w == industry_name(need.industry)]
    if excluded or words:
        what = industry_name(need.industry) if excluded else "、".join(words)
        checks.append(Check("exclusion", False, f"项目涉及“{what}”，属于该基金明确不投的范围"))
    else:
        checks.append(Check("exclusion", True, "不涉及该基金的排除领域"))
    return checks


def fund_passes(fund: Fund, need: FinancingNeed) -> bool:
    return all(c.passed for c in fund_checks(fund, need))


def product_checks(product: FinancialProduct, need: FinancingNeed) -> list[Check]:
    """A debt, guarantee or insurance product's entry conditions against a firm's need."""
    checks = [Check("limit", need.amount <= product.limit_max,
                    f"需求{format_wan(need.amount)}，" + (f"在授信额度{format_wan(product.limit_max)}以内"
                                                       if need.amount <= product.limit_max
                                                       else f"超过授信额度上限{format_wan(product.limit_max)}"))]
    here = region_covers(product.regions, need.region_code)
    checks.append(Check("region", here, f"企业在{_region_label(need.region_code)}，"
                        + ("在产品服务地域内" if here else f"不在产品服务地域（{_regions_label(product.regions)}）内")))
    if product.industries:
        fits = need.industry in product.industries
        checks.append(Check("industry", fits, f"{industry_name(need.industry)}"
                            + ("属于产品支持的行业" if fits else "不在产品支持的行业内")))
    if product.min_sme_score is not None:
        score = need.sme_score
        ok = score is not None and score >= product.min_sme_score
        known = f"平台测算的科技型中小企业评价得分为{score}分" if score is not None else "尚未测算科技型中小企业评价得分"
        checks.append(Check("score", ok, f"产品要求科技型中小企业评价不低于{product.min_sme_score}分，{known}"))
    if product.min_innovation_points is not None:
        points = need.innovation_points
        ok = points is not None and points >= product.min_innovation_points
        known = f"平台测算的创新积分为{points}分" if points is not None else "尚未测算创新积分"
        checks.append(Check("innovation", ok, f"产品要求创新积分不低于{product.min_innovation_points}分，{known}"))
    if product.requires_pledge:
        checks.append(Check("pledge", need.has_pledge, "产品需要知识产权等质押，"
                            + ("企业已表示可提供质押" if need.has_pledge else "企业未表示可提供质押")))
    return checks


def product_passes(product: FinancialProduct, need: FinancingNeed) -> bool:
    return all(c.passed for c in product_checks(product, need))


@dataclass(frozen=True)
class FitFactors:
    industry: float  # 1 when the need's industry is one the fund focuses on
    ticket_centre: float  # 1 at the middle of the ticket band, 0 at its edges
    reasons: tuple[str, ...]


def fit_factors(fund: Fund, need: FinancingNeed) -> FitFactors:
    """Soft factors after the hard filters: focus industry and where in the ticket band the amount sits."""
    reasons = []
    industry = 1.0 if need.industry in fund.industries else 0.0
    if industry:
        reasons.append(f"{industry_name(need.industry)}是该基金的关注行业")
    elif fund.industries:
        focus = "、".join(industry_name(c) for c in fund.industries[:4])
        reasons.append(f"{industry_name(need.industry)}不在关注行业（{focus}）中，仅按投资逻辑的文字相关推荐")
    width = fund.ticket_max - fund.ticket_min
    if width > 0:
        middle = (fund.ticket_min + fund.ticket_max) / 2
        centre = float(1 - abs(need.amount - middle) / (width / 2))
    else:
        centre = 1.0 if need.amount == fund.ticket_min else 0.0
    return FitFactors(industry, max(0.0, min(1.0, centre)), tuple(reasons))


INDUSTRY_WEIGHT = 0.35
TEXT_WEIGHT = 0.5
TICKET_WEIGHT = 0.15


def fit_score(text_relevance: float, factors: FitFactors) -> float:
    """0..1: text relevance (the engine's fused score, 0..1) with the soft factors."""
    return round(TEXT_WEIGHT * text_relevance + INDUSTRY_WEIGHT * factors.industry
                 + TICKET_WEIGHT * factors.ticket_centre, 4)


EVALUATION_BONUS = 0.06  # at most: a shared third-party evaluation is evidence a fund manager would weigh


def evaluation_bonus(total: Decimal) -> float:
    """The lift a shared evaluation gives a project: 0 at 60 points (the platform's 合格 line, evaluation.rules.grade) or below, rising
    linearly to EVALUATION_BONUS at 100."""
    return round(EVALUATION_BONUS * max(0.0, min(1.0, (float(total) - 60) / 40)), 4)


MIN_TERMS_OUTSIDE_FOCUS = 4  # a project outside the focus industries needs this many shared technical terms


def worth_showing(factors: FitFactors, shared_terms: int) -> bool:
    """A match in a focus industry, or one whose text shares several technical terms with the thesis.

    Counted in shared terms, not in the relevance score: that score is normalised over the candidates
    that passed the filters, so a lone candidate would always look relevant.
    """
    return factors.industry > 0 or shared_terms >= MIN_TERMS_OUTSIDE_FOCUS


def percent(score: float) -> int:
    return max(0, min(100, round(100 * score)))
