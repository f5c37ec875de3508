"""The demo tells a story a science commission would believe: deals a broker would sign, dates in order,
and this year's targets showing real progress (on the demo data as `techbridge demo` loads it)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from techbridge.accounts.directory import user_by_email
from techbridge.deals.pipeline import Stage
from techbridge.demo.load import STORY_DAY
from techbridge.insight import reports, target_progress
from techbridge.matching import service as matching


def rows(platform, sql: str) -> list:
    with platform.engine.connect() as conn:
        return list(conn.execute(text(sql)))


def test_every_deal_past_negotiation_pairs_a_demand_with_one_of_the_engines_top_ten_achievements(demo_platform):
    with demo_platform.uow() as uow:
        admin = user_by_email(uow, "platform@demo.techbridge.cn")  # sees every region
    # a trade's engagement pairs the buyer's own choice of demand with the achievement it bought, not the engine's
    deals = rows(demo_platform, "SELECT achievement_id, demand_id, stage FROM engagements WHERE stage IN "
                                "('negotiation', 'concept_verification', 'pilot', 'signed', 'production') AND id NOT IN "
                                "(SELECT engagement_id FROM trade_listings WHERE engagement_id IS NOT NULL)")
    assert len(deals) >= 30
    for achievement_id, demand_id, stage in deals:
        top = matching.recommend(demo_platform, kind="demand", listing_id=demand_id, viewer=admin, k=10)
        assert achievement_id in [m.listing.id for m in top.hits], (stage, achievement_id, demand_id)


def test_no_engagement_begins_before_both_of_its_listings_were_published(demo_platform):
    early = rows(demo_platform, """
        SELECT e.id FROM engagements e JOIN achievements a ON a.id = e.achievement_id
        JOIN demands d ON d.id = e.demand_id
        WHERE e.created_at < a.published_at OR e.created_at < d.published_at""")
    assert early == []
    out_of_order = rows(demo_platform, """
        SELECT ev.engagement_id FROM engagement_events ev JOIN engagements e ON e.id = ev.engagement_id
        WHERE ev.at < e.created_at""")
    assert out_of_order == []
    contracts_before = rows(demo_platform, """
        SELECT c.id FROM contracts c JOIN engagements e ON e.id = c.engagement_id
        WHERE c.signed_on < date(e.created_at)""")
    assert contracts_before == []


def test_an_offered_demand_has_not_closed_on_the_day_of_the_story(demo_platform):
    closed = rows(demo_platform, f"SELECT title FROM demands WHERE status IN ('published', 'pending_review') "
                                 f"AND deadline < '{STORY_DAY.isoformat()}'")
    assert closed == []


def test_the_story_years_targets_show_real_progress(demo_platform):
    progress = {t.kind: t for t in target_progress.targets_progress(demo_platform.uow(), STORY_DAY.year, STORY_DAY)}
    assert progress["tjhb_demands"].actual >= 0.25 * progress["tjhb_demands"].target  # ≥75 of 300
    assert progress["beijing_achievements"].actual >= 0.2 * progress["beijing_achievements"].target
    assert progress["core_technologies"].actual >= 15


def test_the_last_months_report_agrees_with_itself(demo_platform):
    first = date(STORY_DAY.year, STORY_DAY.month - 1, 1)
    report = reports.monthly(demo_platform.uow, first)
    assert report.flows.total_count == report.year_activity.flow_contracts > 0
    assert report.flows.total_amount == report.year_activity.flow_amount
    signed = sum(s.reached for s in report.funnel.stages if s.stage == Stage.SIGNED.value)
    assert signed >= 15
