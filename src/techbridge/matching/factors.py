"""Structured second stage: how well an achievement and a demand fit beyond their texts.

Each factor returns an additive contribution on the relevance scale (a z-score of the
fused text relevance), so a weight of 0.3 moves a hit by about a third of a standard
deviation of the head of the candidate list. Unknown fields contribute exactly 0: a
listing is never punished for what it did not state. All weights live in MatchSettings.

- industry: same industry code, or the same GB/T 4754 section letter / 2-digit division.
- TRL fit (GB/T 22900): an achievement below the demand's expected maturity loses weight
  per missing level; one at or above it is not rewarded further.
- region: the 2025 measures prioritise Beijing achievements flowing to Tianjin and Hebei
  (configurable prefixes); the same province gets a smaller bonus.
- budget vs asking price: a price above the budget costs up to the full weight at 8x.
- freshness: older listings fade linearly over freshness_years.
- outcomes: past engagement results of the achievement, smoothed toward neutral.
"""

from __future__ import annotations

import math
from datetime import date

from .settings import MatchSettings
from .types import FactorContribution, Listing, OutcomeStats

NEUTRAL_OUTCOME = OutcomeStats()


def industry_fit(a: Listing, d: Listing, s: MatchSettings) -> FactorContribution | None:
    """Same industry code, or codes sharing their leading section/division."""
    if not a.industry or not d.industry:
        return None
    if a.industry == d.industry:
        return FactorContribution("industry", s.industry_same, "行业一致")
    if a.industry[:2] == d.industry[:2] or (a.industry[0].isalpha() and a.industry[0] == d.industry[0]):
        return FactorContribution("industry", s.industry_related, "行业相近")
    return None


def trl_fit(a: Listing, d: Listing, s: MatchSettings) -> FactorContribution | None:
    """Penalty for each TRL level the achievement lacks against the demand's expectation."""
    if a.trl is None or d.trl is None:
        return None
    shortfall = max(0, d.trl - a.trl)
    if shortfall == 0:
        return FactorContribution("trl", 0.0, f"成熟度TRL{a.trl}满足需求TRL{d.trl}")
    return FactorContribution(
        "trl", -s.trl_shortfall * shortfall / 8, f"成熟度TRL{a.trl}低于期望TRL{d.trl}"
    )


def region_fit(a: Listing, d: Listing, s: MatchSettings) -> FactorContribution | None:
    """Bonus for the policy's priority flow (Beijing → Tianjin/Hebei) or a shared province."""
    if not a.region_code or not d.region_code:
        return None
    src, dst = a.region_code[:2], d.region_code[:2]
    if src in s.priority_sources and dst in s.priority_targets:
        return FactorContribution("region", s.region_priority, "京津冀协同")
    if src == dst:
        return FactorContribution("region", s.region_same, "同省市")
    return None


def budget_fit(a: Listing, d: Listing, s: MatchSettings) -> FactorContribution | None:
    """Penalty growing with log2(price / budget) when the asking price exceeds the budget."""
    if a.price_wan is None or d.price_wan is None or d.price_wan <= 0 or a.price_wan <= 0:
        return None
    ratio = float(a.price_wan / d.price_wan)
    if ratio <= 1:
        return FactorContribution("budget", 0.0, "报价在预算内")
    penalty = s.budget_over * min(1.0, math.log2(ratio) / 3)
    return FactorContribution("budget", -penalty, f"报价为预算的{ratio:.1f}倍")


def freshness_fit(other: Listing, today: date, s: MatchSettings) -> FactorContribution | None:
    """Linear fade of the ranked listing with its age."""
    if other.published_on is None:
        return None
    days = max(0, (today - other.published_on).days)
    years = days / 365.25
    value = -s.freshness * min(1.0, years / s.freshness_years)
    return FactorContribution("freshness", value, f"发布于{age_label(days)}")


def age_label(days: int) -> str:
    """How long ago, as a person says it: 本周 / 3周前 / 5个月前 / 2年前 (not "0.2年")."""
    if days < 7:
        return "本周"
    if days < 60:
        return f"{days // 7}周前"
    if days < 730:
        return f"{round(days / 30.44)}个月前"
    return f"{days // 365}年前"


def outcome_fit(stats: OutcomeStats, s: MatchSettings) -> FactorContribution | None:
    """Smoothed rate of interest and signing among past recommendations; 0 without history."""
    if stats == NEUTRAL_OUTCOME or stats.recommended <= 0:
        return None
    good = (stats.interested + 2 * stats.signed - stats.closed_for_fit
            + 0.5 * stats.quick_responses - stats.unanswered)
    rate = good / (stats.recommended + s.outcome_prior)
    value = s.outcome * max(-1.0, min(1.0, rate))
    reason = f"历史对接{stats.recommended}次，签约{stats.signed}次"
    if stats.closed_for_fit:
        reason += f"，同类需求中{stats.closed_for_fit}次因技术不成熟或不匹配终止"
    if stats.quick_responses:
        reason += f"，{stats.quick_responses}次及时回应"
    if stats.unanswered:
        reason += f"，{stats.unanswered}次未回应"
    return FactorContribution("outcome", value, reason)


def contributions(
    achievement: Listing,
    demand: Listing,
    ranked: Listing,
    today: date,
    settings: MatchSettings,
    outcome: OutcomeStats = NEUTRAL_OUTCOME,
) -> tuple[FactorContribution, ...]:
    """All factors that apply to one achievement × demand pair; ranked is the listing being ranked."""
    found = (
        industry_fit(achievement, demand, settings),
        trl_fit(achievement, demand, settings),
        region_fit(achievement, demand, settings),
        budget_fit(achievement, demand, settings),
        freshness_fit(ranked, today, settings),
        outcome_fit(outcome, settings),
    )
    return tuple(f for f in found if f is not None)
