"""Evaluation and valuation through the services, on SQLite and PostgreSQL."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from techbridge.deals import openings
from techbridge.deals.contracts import Contract
from techbridge.deals.repository import ContractRepository
from techbridge.evaluation import service as evaluation
from techbridge.evaluation.repository import EvaluationRepository
from techbridge.kernel.errors import PermissionDenied, ValidationError, ValidationErrors
from tests.support.factories import achievement_row, make_user
from tests.support.scenario import cast, publish

SCORES = {"scientific": "72", "technical": "88", "economic": "80", "social": "65", "transfer": "84", "trl": "5",
          "innovation": "国内首创", "advancement": "国内先进", "assessors": "张明、刘芳", "conclusion": "技术路线成熟，具备中试条件",
          "evidence": "第三方检测报告\n中试运行记录"}
INPUTS = {"revenues": "800, 1500, 2200, 2600, 2600", "share_rate": "4", "discount_rate": "10",
          "replacement_cost": "260", "depreciation": "25"}


@pytest.fixture
def c(platform):
    return cast(platform)


def request(platform, c):
    return evaluation.request_evaluation(platform.uow(), actor=c.supplier, achievement_id=c.achievement_id,
                                         raw={"purpose": "转化", "achievement_type": "应用技术类"})


def test_owner_requests_and_a_third_party_scores(platform, c):
    eid = request(platform, c)
    evaluation.score(platform.uow(), actor=c.broker, evaluation_id=eid, raw=SCORES, today=date(2026, 12, 4))
    v = evaluation.view_evaluation(platform.uow(), viewer=c.supplier, evaluation_id=eid, today=date(2026, 12, 4))
    # weights 应用技术类/转化: 5, 30, 25, 10, 30 → (72×5 + 88×30 + 80×25 + 65×10 + 84×30) / 100 = 81.7
    assert v.evaluation.total == Decimal("81.7") and v.evaluation.grade == "良好"
    assert not v.expired and v.expires_on == date(2027, 12, 4)
    assert v.radar["series"][0]["data"][0]["value"] == [72.0, 88.0, 80.0, 65.0, 84.0]
    assert evaluation.view_evaluation(platform.uow(), viewer=c.supplier, evaluation_id=eid,
                                      today=date(2027, 12, 5)).expired
    evaluation.share(platform.uow(), actor=c.supplier, evaluation_id=eid, party_name="中关村科技租赁股份有限公司",
                     purpose="知识产权质押融资")
    assert [s.party_name for s in evaluation.view_evaluation(platform.uow(), viewer=c.supplier, evaluation_id=eid).shares] \
        == ["中关村科技租赁股份有限公司"]


def test_owners_staff_may_not_score_and_nothing_changes(platform, c):
    eid = request(platform, c)
    insider = make_user(platform, role="broker", org_id=c.supplier.organization_id)
    with pytest.raises(ValidationError) as err:
        evaluation.score(platform.uow(), actor=insider, evaluation_id=eid, raw=SCORES)
    assert err.value.code == "conflict_of_interest" and "利益冲突" in err.value.message
    with pytest.raises(PermissionDenied):
        evaluation.score(platform.uow(), actor=c.seeker, evaluation_id=eid, raw=SCORES)
    with pytest.raises(ValidationErrors) as many:
        evaluation.score(platform.uow(), actor=c.broker, evaluation_id=eid, raw={**SCORES, "advancement": "国际领先"})
    assert "comparisons" in {e.field for e in many.value.errors}
    with platform.uow() as uow:
        assert uow.repo(EvaluationRepository).get(eid).status == "requested"


def test_valuation_refuses_the_market_method_with_too_few_comparables_then_uses_it(platform, c):  # noqa: PLR0915
    vid = evaluation.value(platform.uow(), actor=c.supplier, achievement_id=c.achievement_id, raw=INPUTS)
    s = evaluation.summary(platform.uow(), viewer=c.supplier, achievement_id=c.achievement_id)
    r = s.valuations[0].results
    assert s.valuations[0].id == vid and "少于3项" in r["market_refused"] and "market" not in r
    assert r["cost"] == {"low": "169.00", "base": "195.00", "high": "221.00"}
    assert Decimal(r["income"]["low"]) < Decimal(r["income"]["base"]) < Decimal(r["income"]["high"])
    industry = s.achievement.industry
    with platform.uow() as uow:
        for i, amount in enumerate(("300", "420", "360")):
            uow.repo(ContractRepository).add(Contract(f"可比合同{i}", "技术转让", Decimal(amount), "甲", "乙", "110108", "130203",
                                                      date(2026, 6, 1), "一次性支付", industry=industry,
                                                      created_at=datetime(2026, 6, 1)))
        uow.commit()
    # contracts without an engagement carry no TRL: still refused, and the page says how many were considered
    evaluation.value(platform.uow(), actor=c.supplier, achievement_id=c.achievement_id, raw=INPUTS)
    r = evaluation.summary(platform.uow(), viewer=c.supplier, achievement_id=c.achievement_id).valuations[0].results
    assert r["market_considered"] == {"contracts": 3, "with_trl": 0} and "market_refused" in r
    # three platform deals on achievements of TRL 4, 5 and 6 in the same industry: the market method runs
    ids = [publish(platform, "achievement", c.supplier, c.admin, achievement_row(trl=str(trl), title=f"可比成果{trl}号"))
           for trl in (4, 5, 6)]
    with platform.uow() as uow:
        for i, (aid, amount) in enumerate(zip(ids, ("300", "420", "360"), strict=True)):
            eng = openings.open_engagement(uow, achievement_id=aid, demand_id=c.demand_id, actor_id=None, score=None,
                                           summary="", origin="测试")
            uow.flush()
            uow.repo(ContractRepository).add(Contract(f"成交合同{i}", "技术转让", Decimal(amount), "甲", "乙", "110108",
                                                      "130203", date(2026, 6, 1), "一次性支付", industry=industry,
                                                      engagement_id=eng.id, created_at=datetime(2026, 6, 1)))
        uow.commit()
    evaluation.value(platform.uow(), actor=c.supplier, achievement_id=c.achievement_id, raw=INPUTS)
    r = evaluation.summary(platform.uow(), viewer=c.supplier, achievement_id=c.achievement_id).valuations[0].results
    # subject TRL 5: 300 × 1.08, 420 × 1, 360 × 0.92
    assert r["market"]["low"] == "324.00" and r["market"]["base"] == "331.20" and r["market"]["high"] == "420.00"
    assert "deviation" in r and r["overall"]["low"] == min(r["income"]["low"], "169.00", key=Decimal)


def test_bad_valuation_input_is_refused(platform, c):
    with pytest.raises(ValidationErrors) as many:
        evaluation.value(platform.uow(), actor=c.supplier, achievement_id=c.achievement_id,
                         raw={**INPUTS, "replacement_cost": "-5", "revenues": "abc"})
    assert {e.field for e in many.value.errors} >= {"replacement_cost", "revenues"}


def test_contract_records_that_give_their_trl_are_comparables_without_an_engagement(platform, c):
    industry = evaluation.summary(platform.uow(), viewer=c.supplier, achievement_id=c.achievement_id).achievement.industry

    def add(*rows):
        with platform.uow() as uow:
            for title, amount, trl in rows:
                uow.repo(ContractRepository).add(Contract(title, "技术转让", Decimal(amount), "甲", "乙", "110108", "130203",
                                                          date(2026, 6, 1), "一次性支付", industry=industry, trl=trl,
                                                          created_at=datetime(2026, 6, 1)))
            uow.commit()

    def market():
        evaluation.value(platform.uow(), actor=c.supplier, achievement_id=c.achievement_id, raw=INPUTS)
        return evaluation.summary(platform.uow(), viewer=c.supplier, achievement_id=c.achievement_id).valuations[0].results

    add(("登记合同甲", "300", 5), ("登记合同乙", "400", 6), ("登记合同丙", "900", 8))  # TRL 8 is outside ±1 of 5
    r = market()
    assert "仅2项" in r["market_refused"] and r["market_considered"] == {"contracts": 3, "with_trl": 3}
    add(("登记合同丁", "350", 4))
    r = market()
    assert [x["trl"] for x in r["market"]["comparables"]] == [5, 6, 4] and r["market"]["base"] == "368.00"
