"""Every dashboard figure on the hand-built world of fixture.py, against sums done by hand.

Runs on SQLite and on PostgreSQL (the `platform` fixture).
"""

from datetime import date
from decimal import Decimal

import pytest

from techbridge.insight import activity as month_activity
from techbridge.insight import analytics, drilldown, funnel, target_progress, targets
from techbridge.insight import chains as chainmap
from techbridge.insight import parks as park_stats
from techbridge.insight.reads import Filters
from techbridge.kernel.periods import Period
from techbridge.listings.repository import AchievementRepository
from tests.integration.insight.fixture import build
from tests.support.factories import make_user

D = Decimal


@pytest.fixture
def world(platform):
    return build(platform)


def test_flows_roll_tianjin_up_to_districts_and_hebei_up_to_cities(platform, world):
    report = analytics.flows(platform.uow(), Filters())
    assert [(f.seller_label, f.buyer_label, f.amount, f.count) for f in report.flows] == [
        ("北京·海淀区", "天津·滨海新区", D("100.00"), 1),
        ("北京·海淀区", "河北·唐山", D("70.50"), 2),  # 路北 50.50 + 丰南 20.00
        ("北京·昌平区", "天津·滨海新区", D("10.00"), 1),
    ]
    assert (report.total_amount, report.total_count) == (D("180.50"), 4)
    assert report.flows[1].key == "110108>130200"


def test_flows_filter_by_year_industry_and_contract_type(platform, world):
    assert analytics.flows(platform.uow(), Filters(year=2025)).total_amount == D("170.50")
    hydrogen = analytics.flows(platform.uow(), Filters(year=2025, industry="hydrogen"))
    assert [(f.buyer_label, f.amount) for f in hydrogen.flows] == [("天津·滨海新区", D("100.00")),
                                                                     ("河北·唐山", D("50.50"))]
    licences = analytics.flows(platform.uow(), Filters(contract_type="技术许可"))
    assert [(f.key, f.amount, f.count) for f in licences.flows] == [("110108>130200", D("20.00"), 1)]


def test_the_province_matrix_counts_every_contract_once(platform, world):
    matrix = {(p.seller, p.buyer): (p.amount, p.count) for p in analytics.flows(platform.uow(), Filters()).provinces}
    assert matrix == {("北京", "其他省份"): (D("200.00"), 1), ("北京", "天津"): (D("110.00"), 2),
                      ("北京", "河北"): (D("70.50"), 2), ("天津", "河北"): (D("30.00"), 1)}


def test_the_yearly_series_sets_platform_turnover_beside_the_official_figures(platform, world):
    targets.upsert_statistics(platform.uow(), [
        {"indicator": "北京流向津冀技术合同成交额", "from_regions": "北京", "to_regions": "天津,河北", "year": "2014",
         "value": "83.1", "unit": "亿元", "source": "测试出处：某文章"},
        {"indicator": "北京流向津冀技术合同成交额", "from_regions": "110000", "to_regions": "120000,130000",
         "year": "2022", "value": "356.9", "unit": "亿元", "source": "测试出处：某文章"},
    ])
    series = analytics.yearly_series(platform.uow(), Filters())
    points = {p.year: p for p in series.points}
    assert sorted(points) == list(range(2014, 2026))  # every year between, so the chart's axis is even
    assert (points[2024].amount, points[2024].count) == (D("10.00"), 1)
    assert (points[2025].amount, points[2025].count) == (D("170.50"), 3)
    assert points[2014].official == D("831000.00") and points[2022].official == D("3569000.00")
    assert points[2020].official is None and points[2020].amount == D("0.00")
    assert series.statistics[0].region_label == "北京→天津、河北"


def test_in_region_conversion_is_the_share_of_beijing_sellers_deals_bought_in_tianjin_or_hebei(platform, world):
    report = analytics.conversion(platform.uow(), Filters())
    years = {r.key: r for r in report.by_year}
    assert (years["2024"].in_region_amount, years["2024"].total_amount, years["2024"].amount_share) == (
        D("10.00"), D("10.00"), 1.0)
    assert (years["2025"].in_region_amount, years["2025"].total_amount) == (D("170.50"), D("370.50"))
    assert (years["2025"].in_region_count, years["2025"].total_count, years["2025"].count_share) == (3, 4, 0.75)
    chains = {r.key: r for r in report.by_chain}
    assert (chains["hydrogen"].in_region_amount, chains["hydrogen"].total_amount) == (D("160.50"), D("360.50"))
    assert (chains["robotics"].in_region_count, chains["robotics"].total_count) == (1, 1)  # 滨海 seller not counted
    assert [r.label for r in report.by_chain] == ["氢能", "机器人"]
    assert analytics.in_region_share(platform.uow(), 2025) == years["2025"]


def test_the_funnel_counts_each_engagement_up_to_the_furthest_stage_it_reached(platform, world):
    report = funnel.funnel(platform.uow(), year=2025)
    got = {s.stage: (s.reached, s.entered, s.current) for s in report.stages}
    assert got == {
        "recommended": (5, 5, 1), "interest": (4, 4, 0), "mutual_interest": (3, 3, 0), "negotiation": (3, 3, 0),
        "concept_verification": (2, 1, 0),  # En5 skipped it (TRL 7)
        "pilot": (2, 2, 0), "signed": (2, 2, 1), "production": (1, 1, 1),
    }
    conversions = [s.conversion for s in report.stages]
    assert conversions == [None, 0.8, 0.75, 1.0, pytest.approx(2 / 3), 1.0, 1.0, 0.5]
    assert (report.total, report.terminated) == (5, 2)
    assert funnel.funnel(platform.uow(), year=2024).total == 0


def test_median_days_per_stage_count_only_engagements_that_left_the_stage(platform, world):
    stages = {s.stage: (s.median_days, s.left) for s in funnel.funnel(platform.uow()).stages}
    assert stages == {
        "recommended": (3.0, 4), "interest": (7.0, 4), "mutual_interest": (10.0, 3), "negotiation": (30.0, 3),
        "concept_verification": (60.0, 1), "pilot": (30.0, 2), "signed": (90.0, 1), "production": (None, 0),
    }


def test_termination_reasons_are_ranked_with_the_stage_they_ended_at(platform, world):
    reasons = funnel.funnel(platform.uow()).reasons
    assert [(r.reason, r.count, r.by_stage) for r in reasons] == [
        ("价格不符", 1, {"negotiation": 1}), ("无响应", 1, {"interest": 1})]


def test_targets_count_listings_published_in_the_beijing_year_and_signed_achievements(platform, world):
    admin = make_user(platform, role="admin")
    targets.set_targets(platform.uow(), actor=admin, year="2025", values={"beijing_achievements": "10"})
    got = {t.kind: (t.target, t.default, t.actual) for t in
           target_progress.targets_progress(platform.uow(), 2025, date(2025, 7, 2))}
    assert got == {"beijing_achievements": (10, False, 4),  # A1, A2, A3 (Beijing new year), A4 (archived)
                   "tjhb_demands": (300, True, 2),  # D1, D2 (D3 is 2024)
                   "core_technologies": (100, True, 2)}  # En1 → A1, En5 → A2


def test_the_chain_map_places_listings_in_segments_and_flags_the_gaps(platform, world):
    chains = {c.industry: c for c in chainmap.chain_map(platform.uow())}
    hydrogen = {s.name: s for s in chains["hydrogen"].segments}
    assert (hydrogen["制氢"].supply, hydrogen["制氢"].demand, hydrogen["制氢"].gap.code) == (2, 0, "demand_short")
    assert (hydrogen["储运"].supply, hydrogen["储运"].demand, hydrogen["储运"].gap.code) == (1, 3, "supply_short")
    assert hydrogen["加注"].supply == 0  # A4 is archived
    assert (chains["hydrogen"].unplaced_supply, chains["hydrogen"].unplaced_demand) == (1, 0)  # A6
    assert chains["robotics"].supply == 0


def test_the_chain_map_retags_a_listing_edited_after_it_was_tagged(platform, world):
    chainmap.chain_map(platform.uow())
    with platform.uow() as uow:
        a6 = uow.repo(AchievementRepository).get(world.achievements["A6"])
        a6.title, a6.updated_at = "加氢站规划咨询", a6.updated_at.replace(year=2099)
        uow.commit()
    hydrogen = {s.name: s for s in next(c for c in chainmap.chain_map(platform.uow()) if c.industry == "hydrogen")
                .segments}
    assert hydrogen["加注"].supply == 1


def test_park_figures_count_listings_members_engagements_and_contracts(platform, world):
    figures = park_stats.park_figures(platform.uow())
    zgc, binhai = figures["zgc-science-city"], figures["tianjin-binhai-zgc"]
    assert (zgc.achievements, zgc.demands, zgc.organizations, zgc.engagements) == (1, 0, 1, 2)
    assert (zgc.contracts, zgc.contract_amount) == (4, D("370.50"))
    assert (binhai.achievements, binhai.demands, binhai.organizations, binhai.engagements) == (0, 1, 1, 3)
    assert (binhai.contracts, binhai.contract_amount) == (3, D("140.00"))


def test_monthly_contracts_fill_empty_months_with_zero(platform, world):
    months = month_activity.monthly_contracts(platform.uow(), Period(date(2025, 5, 1), date(2025, 9, 1)))
    assert [(m.label, m.amount, m.count) for m in months] == [
        ("2025-05", D("0.00"), 0), ("2025-06", D("50.50"), 1), ("2025-07", D("20.00"), 1), ("2025-08", D("0.00"), 0)]


def test_drilling_into_a_flow_lists_exactly_the_contracts_behind_it(platform, world):
    page = drilldown.contracts(platform.uow(), drilldown.ContractQuery(pair="110108>130200"))
    assert {c.external_id for c in page.items} == {"C2", "C3"} and page.summary["amount"] == D("70.50")
    node = drilldown.contracts(platform.uow(), drilldown.ContractQuery(pair=">130200"))
    assert {c.external_id for c in node.items} == {"C2", "C3"}  # C6 is sold from Tianjin: not in the Sankey
    other = drilldown.contracts(platform.uow(), drilldown.ContractQuery(seller_province="11", buyer_province="other"))
    assert [c.external_id for c in other.items] == ["C5"]
    park = drilldown.contracts(platform.uow(), drilldown.ContractQuery(park="tianjin-binhai-zgc", scope="all"))
    assert {c.external_id for c in park.items} == {"C1", "C4", "C6"}


def test_drilling_into_the_funnel_and_the_reasons_lists_those_engagements(platform, world):
    ids = {v: k for k, v in world.engagements.items()}
    cv = drilldown.engagements(platform.uow(), drilldown.EngagementQuery(reached="concept_verification"))
    assert {ids[r.engagement.id] for r in cv.items} == {"En1", "En5"} and cv.total == 2
    price = drilldown.engagements(platform.uow(), drilldown.EngagementQuery(reason="价格不符"))
    assert [ids[r.engagement.id] for r in price.items] == ["En2"]
    signed = drilldown.engagements(platform.uow(), drilldown.EngagementQuery(signed_year=2025))
    assert signed.total == 2


def test_drilling_into_a_segment_or_a_target_lists_those_listings(platform, world):
    page = drilldown.listings(platform.uow(), drilldown.ListingQuery(kind="demand", segment="hydrogen:储运"))
    chainmap.chain_map(platform.uow())
    page = drilldown.listings(platform.uow(), drilldown.ListingQuery(kind="demand", segment="hydrogen:储运"))
    assert page.total == 3
    unplaced = drilldown.listings(platform.uow(), drilldown.ListingQuery(kind="achievement", segment="hydrogen:"))
    assert [x.external_id for x in unplaced.items] == ["A6"]
    bj = drilldown.listings(platform.uow(), drilldown.ListingQuery(kind="achievement", region="bj", year=2025))
    assert bj.total == 4
