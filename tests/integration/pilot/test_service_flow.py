"""NDA → quote → accepted quote → booking → service record, on SQLite and PostgreSQL."""

from decimal import Decimal

import pytest

from techbridge.deals import service as pipeline
from techbridge.kernel.errors import Conflict, InvalidTransition, PermissionDenied, ValidationErrors
from techbridge.listings import queries as listing_queries
from techbridge.listings import service as listing_service
from techbridge.pilot import service as pilot
from techbridge.pilot.repository import RequestRepository, SlotRepository
from tests.integration.pilot.conftest import accepted_request, start

RECORD = {"targets": "致密度≥99.5%；抗拉强度≥895 MPa", "results": "致密度99.7%；抗拉强度912 MPa",
          "trl_before": "4", "trl_after": "6", "evidence": "CNAS检测报告 TJAM-2026-118；试验记录3份"}


def test_a_request_needs_the_nda_acknowledged_and_stores_nothing_without_it(platform, base):
    with pytest.raises(ValidationErrors) as err:
        pilot.request_service(platform.uow(), actor=base.c.broker, facility_id=base.facility_id,
                              raw={"service_id": str(base.service_id), "purpose": "验证钛合金耐压壳体增材成形"})
    assert any(e.code == "nda_required" and "保密条款" in e.message for e in err.value.errors)
    with platform.uow() as uow:
        assert uow.repo(RequestRepository).count() == 0


def test_the_full_flow_advances_the_engagement_and_raises_the_achievements_trl_with_a_citation(platform, base):
    rid = accepted_request(platform, base)
    pilot.book(platform.uow(), actor=base.c.broker, request_id=rid, raw={"start": start()})
    view = pilot.request_view(platform.uow(), viewer=base.c.broker, request_id=rid)
    assert view.request.status == "booked" and view.request.quote_amount == Decimal("12.50")
    assert view.voucher == Decimal("12.50")  # below the 20万元 cap
    assert (view.booking.end_date - view.booking.start_date).days == 5
    pilot.record(platform.uow(), actor=base.owner, request_id=rid, raw=RECORD)
    engagement = pipeline.view(platform.uow(), viewer=base.c.broker, engagement_id=base.engagement_id)
    assert engagement.engagement.stage == "pilot"
    assert any("服务记录" in e.note for e in engagement.events if e.kind == "note")
    with platform.uow() as uow:
        assert listing_queries.get_achievement(uow, base.c.achievement_id).trl == 6
        cited = listing_service.trl_evidence_of(uow, base.c.achievement_id)
        assert [(e.trl_before, e.trl_after, e.link) for e in cited] == [(4, 6, f"/pilot/requests/{rid}")]


def test_booking_before_accepting_the_quote_is_refused(platform, base):
    rid = pilot.request_service(platform.uow(), actor=base.c.seeker, facility_id=base.facility_id, raw={
        "service_id": str(base.service_id), "purpose": "验证钛合金耐压壳体增材成形的致密度", "nda": "1"})
    with pytest.raises(InvalidTransition, match="接受报价后"):
        pilot.book(platform.uow(), actor=base.c.seeker, request_id=rid, raw={"start": start()})
    with platform.uow() as uow:
        assert uow.repo(SlotRepository).count() == 0


def test_a_slot_inside_the_lead_time_or_overlapping_is_refused(platform, base):
    first, second = accepted_request(platform, base, base.c.seeker), accepted_request(platform, base, base.c.seeker)
    with pytest.raises(Exception, match="最早可从"):
        pilot.book(platform.uow(), actor=base.c.seeker, request_id=first, raw={"start": start(3)})
    pilot.book(platform.uow(), actor=base.c.seeker, request_id=first, raw={"start": start(30)})
    with pytest.raises(Conflict, match="该档期已被占用"):
        pilot.book(platform.uow(), actor=base.c.seeker, request_id=second, raw={"start": start(33)})
    pilot.book(platform.uow(), actor=base.c.seeker, request_id=second, raw={"start": start(35)})  # back to back


def test_only_the_facility_quotes_and_records_and_a_lower_trl_is_refused(platform, base):
    rid = accepted_request(platform, base)
    pilot.book(platform.uow(), actor=base.c.broker, request_id=rid, raw={"start": start()})
    with pytest.raises(PermissionDenied):
        pilot.record(platform.uow(), actor=base.c.broker, request_id=rid, raw=RECORD)
    with pytest.raises(Exception, match="不能低于"):
        pilot.record(platform.uow(), actor=base.owner, request_id=rid, raw=dict(RECORD, trl_before="6", trl_after="5"))
    with platform.uow() as uow:
        assert uow.repo(RequestRepository).get(rid).status == "booked"
        assert listing_queries.get_achievement(uow, base.c.achievement_id).trl == 4


def test_a_stranger_cannot_request_for_someone_elses_engagement(platform, base):
    with pytest.raises(PermissionDenied):
        pilot.request_service(platform.uow(), actor=base.c.stranger, facility_id=base.facility_id, raw={
            "service_id": str(base.service_id), "purpose": "验证钛合金耐压壳体增材成形的致密度", "nda": "1",
            "engagement_id": str(base.engagement_id)})
