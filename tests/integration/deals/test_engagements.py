"""The engagement pipeline end to end through the services, on SQLite and PostgreSQL."""

import pytest

from techbridge.deals import service as pipeline
from techbridge.deals.repository import ContractRepository, EngagementRepository
from techbridge.kernel.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationErrors
from techbridge.notifications.repository import NotificationRepository, OutboxRepository
from tests.support.scenario import cast


def interest(platform, c, actor):
    return pipeline.express_interest(platform.uow(), None, actor=actor, achievement_id=c.achievement_id,
                                     demand_id=c.demand_id)


def stage(platform, engagement_id):
    with platform.uow() as uow:
        return uow.repo(EngagementRepository).get(engagement_id).stage


def test_both_sides_interest_reveals_contacts_to_both(platform):
    c = cast(platform)
    eid = interest(platform, c, c.seeker)
    view = pipeline.view(platform.uow(), viewer=c.seeker, engagement_id=eid)
    assert view.engagement.stage == "interest" and not view.contacts_visible
    assert interest(platform, c, c.supplier) == eid
    for user in (c.seeker, c.supplier):
        view = pipeline.view(platform.uow(), viewer=user, engagement_id=eid)
        assert view.engagement.stage == "mutual_interest" and view.contacts_visible


def test_interest_notifies_the_other_side_in_the_inbox_and_outbox(platform):
    c = cast(platform)
    interest(platform, c, c.seeker)
    with platform.uow() as uow:
        inbox = uow.repo(NotificationRepository).inbox(c.supplier.id)
        assert [n.kind for n in inbox] == ["interest", "review"]
        assert [n.kind for n in uow.repo(NotificationRepository).inbox(c.seeker.id)] == ["review"]
        assert [m.to_address for m in uow.repo(OutboxRepository).pending(5)][-1] == c.supplier.email


def test_a_deal_runs_from_interest_to_production_and_the_timeline_keeps_every_step(platform):
    c = cast(platform, trl=5)
    eid = interest(platform, c, c.seeker)
    interest(platform, c, c.supplier)
    pipeline.assign_broker(platform.uow(), actor=c.broker, engagement_id=eid, broker_id=c.broker.id)
    for target in ("negotiation", "concept_verification", "pilot"):
        pipeline.advance(platform.uow(), None, actor=c.broker, engagement_id=eid, target=target, note=f"进入{target}")
    with pytest.raises(InvalidTransition, match="先登记技术合同"):
        pipeline.advance(platform.uow(), None, actor=c.broker, engagement_id=eid, target="signed")
    pipeline.record_contract(platform.uow(), None, actor=c.broker, engagement_id=eid, raw={
        "contract_type": "技术许可", "amount": "600", "signed_on": "2026-03-01", "payment_mode": "先使用后付费",
        "registration_no": "2026110108000123"})
    pipeline.advance(platform.uow(), None, actor=c.seeker, engagement_id=eid, target="production")
    view = pipeline.view(platform.uow(), viewer=c.admin, engagement_id=eid)
    moves = [(e.from_stage, e.to_stage) for e in view.events if e.kind == "stage"]
    assert moves == [("recommended", "interest"), ("interest", "mutual_interest"), ("mutual_interest", "negotiation"),
                     ("negotiation", "concept_verification"), ("concept_verification", "pilot"), ("pilot", "signed"),
                     ("signed", "production")]
    assert view.contract.seller_region == "110108" and view.contract.buyer_region == "130203"
    assert str(view.contract.amount) == "600.00"


def test_skipping_stages_is_refused_for_an_immature_achievement(platform):
    c = cast(platform, trl=4)
    eid = interest(platform, c, c.seeker)
    interest(platform, c, c.supplier)
    pipeline.advance(platform.uow(), None, actor=c.seeker, engagement_id=eid, target="negotiation")
    with pytest.raises(InvalidTransition, match="不能从“洽谈”直接进入“中试熟化”"):
        pipeline.advance(platform.uow(), None, actor=c.seeker, engagement_id=eid, target="pilot")
    assert stage(platform, eid) == "negotiation"


def test_strangers_cannot_see_or_move_an_engagement(platform):
    c = cast(platform)
    eid = interest(platform, c, c.seeker)
    with pytest.raises(NotFound):
        pipeline.view(platform.uow(), viewer=c.stranger, engagement_id=eid)
    with pytest.raises(PermissionDenied):
        pipeline.terminate(platform.uow(), None, actor=c.stranger, engagement_id=eid, reason="价格不符")


def test_termination_records_its_structured_reason(platform):
    c = cast(platform)
    eid = interest(platform, c, c.seeker)
    with pytest.raises(Exception, match="终止原因"):
        pipeline.terminate(platform.uow(), None, actor=c.seeker, engagement_id=eid, reason="")
    pipeline.terminate(platform.uow(), None, actor=c.seeker, engagement_id=eid, reason="技术不成熟", note="良率不足")
    with platform.uow() as uow:
        e = uow.repo(EngagementRepository).get(eid)
        assert (e.stage, e.termination_reason, e.termination_note) == ("terminated", "技术不成熟", "良率不足")


def test_a_bad_contract_is_refused_and_nothing_changes(platform):
    c = cast(platform, trl=8)
    eid = interest(platform, c, c.seeker)
    interest(platform, c, c.supplier)
    pipeline.advance(platform.uow(), None, actor=c.seeker, engagement_id=eid, target="negotiation")
    with pytest.raises(ValidationErrors) as err:
        pipeline.record_contract(platform.uow(), None, actor=c.seeker, engagement_id=eid, raw={
            "contract_type": "赠与合同", "amount": "-1", "signed_on": "2099-01-01", "payment_mode": "现金"})
    assert {e.field for e in err.value.errors} == {"contract_type", "amount", "signed_on", "payment_mode"}
    with platform.uow() as uow:
        assert uow.repo(ContractRepository).count() == 0
    assert stage(platform, eid) == "negotiation"


def test_a_broker_claims_only_unassigned_engagements(platform):
    c = cast(platform)
    eid = interest(platform, c, c.seeker)
    pipeline.assign_broker(platform.uow(), actor=c.broker, engagement_id=eid, broker_id=c.broker.id)
    from tests.support.factories import make_user

    other = make_user(platform, role="broker", org_id=c.broker.organization_id)
    with pytest.raises(Conflict):
        pipeline.assign_broker(platform.uow(), actor=other, engagement_id=eid, broker_id=other.id)
    pipeline.assign_broker(platform.uow(), actor=c.admin, engagement_id=eid, broker_id=other.id)
    with platform.uow() as uow:
        assert uow.repo(EngagementRepository).get(eid).broker_id == other.id


def test_the_broker_board_flags_idle_engagements(platform):
    from datetime import timedelta

    c = cast(platform)
    eid = interest(platform, c, c.broker)
    with platform.uow() as uow:
        e = uow.repo(EngagementRepository).get(eid)
        e.updated_at = e.updated_at - timedelta(days=20)
        uow.commit()
    columns = pipeline.board(platform.uow(), broker=c.broker, idle_after_days=14)
    cards = [card for cards in columns.values() for card in cards]
    assert [(card.engagement.id, card.idle) for card in cards] == [(eid, True)]
