"""Past outcomes of achievements on the platform, as evidence for ranking them against a demand."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from techbridge.deals import queries as deal_queries
from techbridge.deals.pipeline import Reason, Stage
from techbridge.kernel.clock import utcnow
from techbridge.listings import queries as listing_queries
from techbridge.matching import indexing
from techbridge.matching.types import OutcomeStats

FIT_REASONS = {Reason.TOO_EARLY.value, Reason.NO_FIT.value}
QUICK_REPLY = timedelta(days=3)
NO_REPLY = timedelta(days=14)


def outcome_stats(uow: Any, demand_industry: str | None) -> dict[str, OutcomeStats]:
    """Past outcomes of achievements, as evidence for ranking them against this demand.

    Terminations for lack of fit (技术不成熟, 技术不匹配) count only when they happened with
    demands of the same industry — an achievement too early for hydrogen trucks may be right
    for a laboratory. Interest, signing and how fast the supplier answered a demand's interest
    count everywhere.
    """
    engagements = deal_queries.engagements_past_recommendation(uow)
    if not engagements:
        return {}
    industry_of = listing_queries.industries_of(uow, "demand", {e.demand_id for e in engagements})
    now = utcnow()
    stats: dict[str, dict[str, int]] = {}
    for e in engagements:
        s = stats.setdefault(indexing.engine_id("achievement", e.achievement_id), dict.fromkeys(
            ("recommended", "interested", "signed", "closed_for_fit", "quick_responses", "unanswered"), 0))
        s["recommended"] += 1
        s["interested"] += 1 if e.supplier_interest_at is not None else 0
        s["signed"] += 1 if e.stage in (Stage.SIGNED, Stage.PRODUCTION) else 0
        same_kind = industry_of.get(e.demand_id) == demand_industry
        s["closed_for_fit"] += 1 if e.stage == Stage.TERMINATED and e.termination_reason in FIT_REASONS and same_kind else 0
        asked = e.seeker_interest_at
        if asked is not None and (e.supplier_interest_at is None or e.supplier_interest_at >= asked):
            answered = e.supplier_interest_at
            if answered is not None and answered - asked <= QUICK_REPLY:
                s["quick_responses"] += 1
            elif answered is None and now - asked > NO_REPLY and e.stage != Stage.TERMINATED:
                s["unanswered"] += 1
    return {key: OutcomeStats(**values) for key, values in stats.items()}
