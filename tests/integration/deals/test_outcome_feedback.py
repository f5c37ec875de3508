"""Recorded outcomes move rankings in the intended direction (and nothing moves without them)."""

from techbridge.deals import service as pipeline
from techbridge.deals.repository import EngagementRepository
from tests.support.factories import achievement_row, credit_code, demand_row, make_org, make_user
from tests.support.scenario import OTHER_TOPICS, publish

SUMMARY = ("以聚合物内胆和碳纤维缠绕层构成的车载高压储氢气瓶，采用变角度补强铺层抑制封头应力集中，"
           "适用于氢燃料电池重卡和物流车的车载供氢系统。")


def setup_market(platform):
    admin = make_user(platform, role="admin", org_id=make_org(platform, org_type="政府部门", code=credit_code("11")))
    suppliers = [make_user(platform, org_id=make_org(platform, name=f"储氢研究院{i}", region="昌平", code=credit_code("12")))
                 for i in range(2)]
    achievements = [publish(platform, "achievement", s, admin, achievement_row(
        title=f"车载高压储氢气瓶碳纤维缠绕技术（{'甲乙'[i]}）", summary=SUMMARY, trl="7", asking_price="500"))
        for i, s in enumerate(suppliers)]
    for title, summary, industry in OTHER_TOPICS:  # a market, so scores are relative to something
        publish(platform, "achievement", suppliers[0], admin, achievement_row(title=title, summary=summary,
                                                                             industry=industry, keywords=""))
    seeker = make_user(platform, role="seeker", org_id=make_org(platform, name="唐山氢运物流有限公司", org_type="企业",
                                                              region="唐山", code=credit_code("91", "130203")))
    demands = [publish(platform, "demand", seeker, admin, demand_row(title=f"氢燃料重卡车载储氢瓶减重需求{i}"))
               for i in range(4)]
    return admin, suppliers, achievements, seeker, demands


def ranking(platform, demand_id, viewer):
    result = platform.matching.recommend(kind="demand", listing_id=demand_id, viewer=viewer, k=5)
    return [(m.listing.id, m.hit.score, m.hit.explanation) for m in result.hits]


def test_an_achievement_rejected_as_too_early_for_similar_demands_ranks_lower(platform):
    admin, suppliers, (a1, a2), seeker, demands = setup_market(platform)
    target = demands[-1]
    before = ranking(platform, target, seeker)
    scores = {i: s for i, s, _ in before}
    assert abs(scores[a1] - scores[a2]) < 0.05  # twins: the text alone cannot tell them apart
    for d in demands[:2]:
        eid = pipeline.express_interest(platform.uow(), None, actor=seeker, achievement_id=a1, demand_id=d)
        pipeline.terminate(platform.uow(), None, actor=seeker, engagement_id=eid, reason="技术不成熟", note="样瓶未过型式试验")
    after = ranking(platform, target, seeker)
    order = [i for i, _, _ in after]
    assert order.index(a2) < order.index(a1)
    explanation = next(x for i, _, x in after if i == a1)
    outcome = [f for f in explanation.factors if f.name == "outcome"]
    assert outcome and outcome[0].value < 0  # shown in the explanation, and negative


def test_a_signed_deal_lifts_an_achievement_for_similar_demands(platform):
    admin, suppliers, (a1, a2), seeker, demands = setup_market(platform)
    eid = pipeline.express_interest(platform.uow(), None, actor=seeker, achievement_id=a2, demand_id=demands[0])
    pipeline.express_interest(platform.uow(), None, actor=suppliers[1], achievement_id=a2, demand_id=demands[0])
    pipeline.advance(platform.uow(), None, actor=seeker, engagement_id=eid, target="negotiation")
    pipeline.advance(platform.uow(), None, actor=seeker, engagement_id=eid, target="pilot")
    pipeline.record_contract(platform.uow(), None, actor=seeker, engagement_id=eid, raw={
        "contract_type": "技术许可", "amount": "480", "signed_on": "2026-06-01", "payment_mode": "分期支付"})
    after = ranking(platform, demands[-1], seeker)
    scores = {i: s for i, s, _ in after}
    assert scores[a2] > scores[a1]


def test_without_outcomes_no_outcome_factor_is_applied(platform):
    admin, suppliers, (a1, a2), seeker, demands = setup_market(platform)
    for _, _, explanation in ranking(platform, demands[0], seeker):
        assert all(f.name != "outcome" for f in explanation.factors)


def test_a_supplier_who_answers_interest_quickly_ranks_above_one_who_never_answers(platform):
    from datetime import timedelta

    admin, suppliers, (a1, a2), seeker, demands = setup_market(platform)
    quick = pipeline.express_interest(platform.uow(), None, actor=seeker, achievement_id=a1, demand_id=demands[0])
    pipeline.express_interest(platform.uow(), None, actor=suppliers[0], achievement_id=a1, demand_id=demands[0])
    silent = pipeline.express_interest(platform.uow(), None, actor=seeker, achievement_id=a2, demand_id=demands[1])
    with platform.uow() as uow:  # the seeker asked a month ago and the second supplier never replied
        e = uow.repo(EngagementRepository).get(silent)
        e.seeker_interest_at -= timedelta(days=30)
        uow.commit()
    after = ranking(platform, demands[-1], seeker)
    scores = {i: s for i, s, _ in after}
    assert scores[a1] > scores[a2]
    reasons = {i: [f.reason for f in x.factors if f.name == "outcome"] for i, _, x in after}
    assert "及时回应" in reasons[a1][0] and "未回应" in reasons[a2][0]
    assert quick != silent
