from datetime import datetime

import pytest

from techbridge.deals.pipeline import (
    Engagement,
    Side,
    Stage,
    check_advance,
    check_terminate,
    contacts_visible,
    express_interest,
    next_stages,
    side_of,
)
from techbridge.kernel.errors import InvalidTransition, PermissionDenied, ValidationError

NOW = datetime(2026, 5, 1, 9, 0)


def engagement(stage=Stage.RECOMMENDED, **kw):
    return Engagement(1, 2, stage=stage.value, **kw)


def test_one_sides_interest_moves_a_recommendation_to_interest():
    e = engagement()
    assert express_interest(e, Side.SEEKER, NOW).to == Stage.INTEREST
    assert e.seeker_interest_at == NOW and not e.mutual


def test_both_sides_interest_makes_it_mutual():
    e = engagement(Stage.INTEREST, seeker_interest_at=NOW)
    assert express_interest(e, Side.SUPPLIER, NOW).to == Stage.MUTUAL_INTEREST
    assert e.mutual


def test_the_same_side_cannot_express_interest_twice():
    e = engagement(Stage.INTEREST, seeker_interest_at=NOW)
    with pytest.raises(InvalidTransition, match="已经表达过意向"):
        express_interest(e, Side.SEEKER, NOW)


def test_a_stranger_cannot_express_interest_for_a_party():
    with pytest.raises(PermissionDenied):
        express_interest(engagement(), Side.OTHER, NOW)


def test_a_broker_starting_a_deal_moves_no_stage():
    assert express_interest(engagement(), Side.BROKER, NOW) is None


def test_contacts_are_revealed_to_parties_only_after_mutual_interest():
    e = engagement(Stage.INTEREST, seeker_interest_at=NOW)
    assert not contacts_visible(e, Side.SEEKER)
    assert contacts_visible(e, Side.BROKER)
    e.supplier_interest_at = NOW
    assert contacts_visible(e, Side.SUPPLIER) and contacts_visible(e, Side.SEEKER)
    assert not contacts_visible(e, Side.OTHER)


def test_negotiation_needs_mutual_interest():
    with pytest.raises(InvalidTransition, match="双向意向"):
        check_advance(engagement(Stage.INTEREST), "negotiation", side=Side.SEEKER, trl=5, has_contract=False)
    assert check_advance(engagement(Stage.MUTUAL_INTEREST), "negotiation", side=Side.SEEKER, trl=5,
                         has_contract=False).to == Stage.NEGOTIATION


def test_an_immature_achievement_cannot_skip_concept_verification_or_pilot():
    e = engagement(Stage.NEGOTIATION)
    with pytest.raises(InvalidTransition, match="下一步可选 概念验证"):
        check_advance(e, "pilot", side=Side.BROKER, trl=4, has_contract=False)
    assert next_stages("negotiation", trl=4) == [Stage.CONCEPT_VERIFICATION]


def test_maturity_decides_which_stages_may_be_passed_over():
    assert next_stages("negotiation", trl=6) == [Stage.CONCEPT_VERIFICATION, Stage.PILOT]
    assert next_stages("negotiation", trl=8) == [Stage.CONCEPT_VERIFICATION, Stage.PILOT, Stage.SIGNED]
    assert next_stages("pilot", trl=3) == [Stage.SIGNED]
    assert next_stages("production", trl=9) == []


def test_signing_requires_a_contract_record():
    e = engagement(Stage.PILOT)
    with pytest.raises(InvalidTransition, match="先登记技术合同"):
        check_advance(e, "signed", side=Side.BROKER, trl=6, has_contract=False)
    assert check_advance(e, "signed", side=Side.BROKER, trl=6, has_contract=True).to == Stage.SIGNED


def test_only_people_involved_advance_an_engagement():
    with pytest.raises(PermissionDenied):
        check_advance(engagement(Stage.MUTUAL_INTEREST), "negotiation", side=Side.OTHER, trl=5, has_contract=False)


def test_production_is_confirmed_by_the_buyer_or_the_broker():
    e = engagement(Stage.SIGNED)
    with pytest.raises(PermissionDenied):
        check_advance(e, "production", side=Side.SUPPLIER, trl=7, has_contract=True)
    assert check_advance(e, "production", side=Side.SEEKER, trl=7, has_contract=True).to == Stage.PRODUCTION


def test_termination_needs_a_structured_reason():
    e = engagement(Stage.NEGOTIATION)
    with pytest.raises(ValidationError, match="终止原因"):
        check_terminate(e, side=Side.SEEKER, reason="不想做了", note="")
    with pytest.raises(ValidationError, match="写明原因"):
        check_terminate(e, side=Side.SEEKER, reason="其他", note=" ")
    move = check_terminate(e, side=Side.SEEKER, reason="技术不成熟", note="中试良率不足")
    assert (move.to, move.reason, move.note) == (Stage.TERMINATED, "技术不成熟", "中试良率不足")


def test_a_signed_engagement_cannot_be_terminated():
    with pytest.raises(InvalidTransition, match="不能终止"):
        check_terminate(engagement(Stage.SIGNED), side=Side.ADMIN, reason="价格不符", note="")


def test_terminate_is_not_a_forward_move():
    with pytest.raises(InvalidTransition, match="终止"):
        check_advance(engagement(Stage.NEGOTIATION), "terminated", side=Side.ADMIN, trl=5, has_contract=False)


def test_sides_are_read_from_organisation_membership_and_assignment():
    kw = {"supplier_org_id": 1, "seeker_org_id": 2, "broker_id": 9}
    assert side_of(user_role="supplier", user_org_id=1, user_id=5, **kw) == Side.SUPPLIER
    assert side_of(user_role="seeker", user_org_id=2, user_id=6, **kw) == Side.SEEKER
    assert side_of(user_role="broker", user_org_id=7, user_id=9, **kw) == Side.BROKER
    assert side_of(user_role="broker", user_org_id=7, user_id=10, **kw) == Side.OTHER
    assert side_of(user_role="admin", user_org_id=None, user_id=1, **kw) == Side.ADMIN
