"""Use cases of pilot services: facilities, requests (NDA → quote → accept → book), service records.

Booking a capacity slot takes the facility's row lock first (storage.locking, the mechanism instrument
bookings use), so two requests for one slot are serialised by the database and exactly one wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from techbridge.accounts.directory import get_organization
from techbridge.accounts.model import Organization, User
from techbridge.accounts.rules import admin_covers, is_admin, is_broker
from techbridge.deals import openings as deal_openings
from techbridge.deals import queries as deal_queries
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.errors import Conflict, NotFound, PermissionDenied, ValidationError
from techbridge.kernel.industries import industry_name
from techbridge.kernel.parks import park_name
from techbridge.kernel.snippets import join_sentences
from techbridge.listings import queries as listing_queries
from techbridge.listings import service as listing_service
from techbridge.matching.documents import Document, rank_documents
from techbridge.notifications.model import NotificationKind
from techbridge.notifications.service import members_of, notify
from techbridge.pilot.model import (
    Facility,
    FacilityKind,
    FacilityService,
    RequestStatus,
    ServiceRecord,
    ServiceRequest,
    SlotBooking,
    check_accept,
    check_quote,
    check_record,
    check_slot,
    voucher_share,
)
from techbridge.pilot.registration import PENDING, reviewers_of
from techbridge.pilot.repository import (
    FacilityRepository,
    RecordRepository,
    RequestRepository,
    SlotRepository,
)
from techbridge.pilot.validation import (
    validate_facility,
    validate_quote,
    validate_record,
    validate_request,
    validate_start,
)
from techbridge.storage.uow import UnitOfWork


def may_manage(user: User | None, facility: Facility) -> bool:
    """Members of the owning organisation and admins of its region manage a facility and its requests."""
    return user is not None and (admin_covers(user, facility.region_code) or
                                 (user.organization_id is not None and user.organization_id == facility.organization_id))


def save_facility(uow: UnitOfWork, *, actor: User, raw: Mapping[str, Any], organization_id: int | None = None) -> int:
    """Create a facility of the actor's organisation (an admin may name the organisation) with its priced services."""
    data = validate_facility(raw)
    org_id = organization_id if organization_id is not None and is_admin(actor) else actor.organization_id
    if org_id is None:
        raise PermissionDenied("请先加入机构后再登记概念验证或中试平台")
    now = utcnow()
    with uow:
        facility = Facility(data.name, data.kind, org_id, data.region_code, data.description, park=data.park,
                            fields=data.fields, qualifications=data.qualifications, capacity=data.capacity,
                            voucher_eligible=data.voucher_eligible, voucher_cap=data.voucher_cap,
                            contact_name=data.contact_name, contact_phone=data.contact_phone, nda_terms=data.nda_terms,
                            created_at=now, updated_at=now)
        if not may_manage(actor, facility):
            raise PermissionDenied("只能为本单位登记平台")
        # like listings: an admin of the facility's region publishes at once, anyone else waits for review
        facility.status = "active" if admin_covers(actor, facility.region_code) else PENDING
        if facility.status == PENDING:
            admins = reviewers_of(uow, facility.region_code)
            notify(uow, admins, kind=NotificationKind.REVIEW, title=f"待审核的{facility.kind_label}：{facility.name}",
                   body="请核对资质、产能和服务价格后决定是否上线。", link="/pilot/review")
        repo = uow.repo(FacilityRepository)
        repo.add(facility)
        uow.flush()
        assert facility.id is not None
        for s in data.services:
            repo.add_service(FacilityService(facility.id, s.name, s.price, s.unit, s.lead_days))
        uow.commit()
        return facility.id


@dataclass
class FacilityView:
    facility: Facility
    owner: Organization
    services: list[FacilityService]
    booked: list[SlotBooking]
    requests: list[ServiceRequest]  # the facility's requests, for its managers only
    can_manage: bool


def facility_view(uow: UnitOfWork, *, viewer: User | None, facility_id: int) -> FacilityView:
    with uow:
        facility = uow.repo(FacilityRepository).get(facility_id)
        if facility is None:
            raise NotFound("平台不存在")
        owner = get_organization(uow, facility.organization_id)
        assert owner is not None
        manage = may_manage(viewer, facility)
        if facility.status != "active" and not manage:
            raise NotFound("平台不存在或尚未审核上线")
        return FacilityView(facility, owner, uow.repo(FacilityRepository).services(facility_id),
                            list(uow.repo(SlotRepository).upcoming(facility_id, beijing_today())),
                            list(uow.repo(RequestRepository).for_facility(facility_id)) if manage else [], manage)


def list_facilities(uow: UnitOfWork, *, kind: str | None = None) -> list[Facility]:
    with uow:
        found = list(uow.repo(FacilityRepository).active())
    return [f for f in found if kind in (None, "", f.kind)]


def _engagement_party(uow: UnitOfWork, actor: User, engagement_id: int) -> tuple[int, str]:
    """(achievement id, stage) of an engagement the actor may act for: its broker, a party, or an admin."""
    engagement = deal_queries.get_engagement(uow, engagement_id)
    if engagement is None:
        raise NotFound("对接不存在")
    achievement = listing_queries.get_achievement(uow, engagement.achievement_id)
    demand = listing_queries.get_demand(uow, engagement.demand_id)
    orgs = {o.organization_id for o in (achievement, demand) if o is not None}
    if not (is_admin(actor) or engagement.broker_id == actor.id or actor.organization_id in orgs):
        raise PermissionDenied("只有对接双方、负责的技术经理人或管理方可以为该对接申请服务")
    return engagement.achievement_id, engagement.stage


def request_service(uow: UnitOfWork, *, actor: User, facility_id: int, raw: Mapping[str, Any],
                    now: datetime | None = None) -> int:
    """Ask a facility for a quote; the requester acknowledges its confidentiality terms (NDA) in doing so."""
    data = validate_request(raw)
    now = now or utcnow()
    with uow:
        facility = uow.repo(FacilityRepository).get(facility_id)
        if facility is None or facility.status != "active":
            raise NotFound("平台不存在")
        service = uow.repo(FacilityRepository).service(data.service_id)
        if service is None or service.facility_id != facility_id:
            raise ValidationError("请选择该平台提供的服务", field="service_id", code="service_unknown")
        if data.use_voucher and not facility.voucher_eligible:
            raise ValidationError("该平台不在科技创新券支持范围内", field="use_voucher", code="voucher_not_eligible")
        achievement_id = None
        if data.engagement_id is not None:
            achievement_id, _ = _engagement_party(uow, actor, data.engagement_id)
        assert actor.id is not None
        request = ServiceRequest(facility_id, data.service_id, actor.id, data.purpose, now,
                                 requester_org_id=actor.organization_id, engagement_id=data.engagement_id,
                                 achievement_id=achievement_id, use_voucher=data.use_voucher, created_at=now,
                                 updated_at=now)
        uow.repo(RequestRepository).add(request)
        uow.flush()
        notify(uow, members_of(uow, facility.organization_id), kind=NotificationKind.BOOKING, exclude=actor.id,
               title=f"新的{facility.kind_label}服务申请：{service.name}",
               body=f"{actor.display_name} 已确认保密条款并申请报价。", link=f"/pilot/requests/{request.id}")
        uow.commit()
        assert request.id is not None
        return request.id


def _request(uow: UnitOfWork, request_id: int) -> tuple[ServiceRequest, Facility]:
    request = uow.repo(RequestRepository).get(request_id)
    facility = uow.repo(FacilityRepository).get(request.facility_id) if request else None
    if request is None or facility is None:
        raise NotFound("服务申请不存在")
    return request, facility


def _may_act_as_requester(actor: User, request: ServiceRequest) -> bool:
    return actor.id == request.requester_id or is_admin(actor)


def quote(uow: UnitOfWork, *, actor: User, request_id: int, raw: Mapping[str, Any], now: datetime | None = None) -> None:
    amount, days, note = validate_quote(raw)
    now = now or utcnow()
    with uow:
        request, facility = _request(uow, request_id)
        if not may_manage(actor, facility):
            raise PermissionDenied("只有平台所属单位或本地区管理方可以报价")
        check_quote(request, amount=amount, days=days)
        request.quote_amount, request.quote_days, request.quote_note = amount, days, note
        request.status, request.quoted_at, request.updated_at = RequestStatus.QUOTED.value, now, now
        notify(uow, [request.requester_id], kind=NotificationKind.BOOKING, title=f"{facility.name} 已报价",
               body=f"报价 {amount} 万元，服务周期 {days} 天。", link=f"/pilot/requests/{request_id}")
        uow.commit()


def accept(uow: UnitOfWork, *, actor: User, request_id: int, now: datetime | None = None) -> None:
    now = now or utcnow()
    with uow:
        request, facility = _request(uow, request_id)
        if not _may_act_as_requester(actor, request):
            raise PermissionDenied("只有申请人可以接受报价")
        check_accept(request)
        request.status, request.accepted_at, request.updated_at = RequestStatus.ACCEPTED.value, now, now
        notify(uow, members_of(uow, facility.organization_id), kind=NotificationKind.BOOKING, exclude=actor.id,
               title=f"报价已被接受：{facility.name}", body="请留意申请人预约的档期。", link=f"/pilot/requests/{request_id}")
        uow.commit()


def book(uow: UnitOfWork, *, actor: User, request_id: int, raw: Mapping[str, Any], today: date | None = None) -> int:
    """Book the quoted number of days from a start date; the slot is held at once, or refused if taken."""
    start = validate_start(raw)
    today = today or beijing_today()
    with uow:
        if not uow.repo(FacilityRepository).lock_for_request(request_id):  # first statement: the facility's lock
            raise NotFound("服务申请不存在")
        request, facility = _request(uow, request_id)
        if not _may_act_as_requester(actor, request):
            raise PermissionDenied("只有申请人可以预约档期")
        service = uow.repo(FacilityRepository).service(request.service_id)
        assert service is not None and facility.id is not None and request.id is not None
        end = check_slot(request, start=start, lead_days=service.lead_days, today=today)
        clash = uow.repo(SlotRepository).holding(facility.id, start, end)
        if clash:
            raise Conflict(f"所选档期与已预约的档期（{clash[0].label()}）重叠，该档期已被占用，请选择其他日期",
                           code="slot_taken")
        booking = SlotBooking(facility.id, request.id, start, end, created_at=utcnow())
        uow.repo(SlotRepository).add(booking)
        request.status, request.updated_at = RequestStatus.BOOKED.value, utcnow()
        uow.flush()
        notify(uow, members_of(uow, facility.organization_id), kind=NotificationKind.BOOKING, exclude=actor.id,
               title=f"档期已预约：{facility.name}", body=booking.label(), link=f"/pilot/requests/{request_id}")
        uow.commit()
        assert booking.id is not None
        return booking.id


def record(uow: UnitOfWork, *, actor: User, request_id: int, raw: Mapping[str, Any]) -> int:
    """The facility records the finished service; a linked engagement's stage and the achievement's TRL follow."""
    data = validate_record(raw)
    now = utcnow()
    with uow:
        request, facility = _request(uow, request_id)
        if not may_manage(actor, facility):
            raise PermissionDenied("只有平台所属单位或本地区管理方可以登记服务记录")
        check_record(request, trl_before=data.trl_before, trl_after=data.trl_after, targets=data.targets,
                     results=data.results, evidence=data.evidence)
        entry = ServiceRecord(request_id, data.targets, data.results, data.trl_before, data.trl_after, data.evidence,
                              recorded_by=actor.id, recorded_at=now)
        uow.repo(RecordRepository).add(entry)
        request.status, request.updated_at = RequestStatus.COMPLETED.value, now
        uow.flush()
        citation = f"{facility.name} · {FacilityKind(facility.kind).label}服务记录 #{entry.id}"
        link = f"/pilot/requests/{request_id}"
        if request.engagement_id is not None:
            deal_openings.satisfy_stage_with_service(uow, engagement_id=request.engagement_id,
                                                     stage=FacilityKind(facility.kind).stage, actor_id=actor.id,
                                                     citation=citation)
        if request.achievement_id is not None:
            listing_service.raise_trl_evidence(uow, achievement_id=request.achievement_id, trl_before=data.trl_before,
                                               trl_after=data.trl_after, citation=citation, link=link)
        notify(uow, [request.requester_id], kind=NotificationKind.BOOKING, title=f"服务已完成：{facility.name}",
               body=f"技术成熟度 {data.trl_before}级 → {data.trl_after}级", link=link)
        uow.commit()
        assert entry.id is not None
        return entry.id


@dataclass
class RequestView:
    request: ServiceRequest
    facility: Facility
    service: FacilityService
    booking: SlotBooking | None
    record: ServiceRecord | None
    voucher: Decimal
    is_manager: bool
    is_requester: bool


def request_view(uow: UnitOfWork, *, viewer: User, request_id: int) -> RequestView:
    with uow:
        request, facility = _request(uow, request_id)
        manager, mine = may_manage(viewer, facility), _may_act_as_requester(viewer, request)
        if not (manager or mine or (is_broker(viewer) and request.engagement_id is not None and
                                    _broker_of(uow, viewer, request.engagement_id))):
            raise NotFound("服务申请不存在或无权查看")
        service = uow.repo(FacilityRepository).service(request.service_id)
        assert service is not None
        amount = request.quote_amount if request.quote_amount is not None else service.price
        return RequestView(request, facility, service, uow.repo(SlotRepository).for_request(request_id),
                           uow.repo(RecordRepository).for_request(request_id),
                           voucher_share(facility, amount, use_voucher=request.use_voucher), manager, mine)


def _broker_of(uow: UnitOfWork, viewer: User, engagement_id: int) -> bool:
    engagement = deal_queries.get_engagement(uow, engagement_id)
    return engagement is not None and engagement.broker_id == viewer.id


def my_requests(uow: UnitOfWork, *, user: User) -> tuple[list[ServiceRequest], list[ServiceRequest]]:
    """(requests I made, requests to my organisation's facilities)."""
    with uow:
        asked = list(uow.repo(RequestRepository).for_requester(user.id)) if user.id is not None else []
        received = (list(uow.repo(RequestRepository).for_facility_org(user.organization_id))
                    if user.organization_id is not None else [])
        return asked, received


# ---------------------------------------------------------------- finding a facility (the matching engine)

KIND = "pilot_facility"  # the document kind in the matching engine's vector store


def facility_text(facility: Facility, services: list[FacilityService]) -> str:
    capacity = "；".join(f"{k}{v}" for k, v in facility.capacity.items())
    offered = "、".join(s.name for s in services)
    return join_sentences([facility.name, facility.description, facility.qualifications, capacity, offered,
                           "、".join(industry_name(f) for f in facility.fields)])


def facility_documents(uow: UnitOfWork) -> list[Document]:
    """The loader registered for kind "pilot_facility": every active facility as rankable text."""
    with uow:
        repo = uow.repo(FacilityRepository)
        return [Document(f.id, f.name, facility_text(f, repo.services(f.id))) for f in repo.active() if f.id is not None]


@dataclass
class FacilityMatch:
    facility: Facility
    score: float
    reasons: list[str]  # why it is shown, in Chinese, most telling first


@dataclass
class FacilitySearch:
    title: str  # what was searched for: the demand's or engagement's title
    stage: str | None  # the engagement's stage when searched from one
    matches: list[FacilityMatch]


def find_facilities(uow: UnitOfWork, embedder: Any, *, viewer: User | None, demand_id: int | None = None,
                    engagement_id: int | None = None, k: int = 10) -> FacilitySearch:
    """Rank facilities for a demand or an engagement (its achievement and demand), explained.

    Text relevance comes from the matching engine (matching.documents.rank_documents, as instruments are
    ranked); an engagement at 概念验证 / 中试熟化 keeps the facilities of that kind first, and a shared
    industry, a Tianjin/Hebei park and the 科技创新券 are named as reasons.
    """
    with uow:
        stage, industry, title, text = None, "", "", ""
        if engagement_id is not None:
            engagement = deal_queries.get_engagement(uow, engagement_id)
            if engagement is None or viewer is None:
                raise NotFound("对接不存在")
            _engagement_party(uow, viewer, engagement_id)
            achievement = listing_queries.get_achievement(uow, engagement.achievement_id)
            demand = listing_queries.get_demand(uow, engagement.demand_id)
            assert achievement is not None and demand is not None
            stage, industry = engagement.stage, achievement.industry
            title, text = f"{achievement.title} × {demand.title}", join_sentences([achievement.full_text(), demand.full_text()])
        elif demand_id is not None:
            demand_listing = listing_service.get_listing(uow, kind="demand", viewer=viewer, listing_id=demand_id)
            industry, title, text = demand_listing.industry, demand_listing.title, demand_listing.full_text()
        else:
            raise ValidationError("请从一项需求或一个对接出发查找平台", code="source_required")
        repo = uow.repo(FacilityRepository)
        facilities = {f.id: f for f in repo.active() if f.id is not None}
        docs = [Document(fid, f.name, facility_text(f, repo.services(fid))) for fid, f in facilities.items()]
        ranked = rank_documents(uow, embedder, KIND, text, docs, k=len(docs)) if embedder is not None else []
    by_text = {r.id: r for r in ranked}
    matches = []
    for fid, facility in facilities.items():
        hit = by_text.get(fid)
        reasons, score = [], hit.score if hit else 0.0
        if stage is not None and facility.kind == stage:
            reasons.append(f"对接处于“{FacilityKind(facility.kind).label[:4]}”阶段，该平台正提供此类服务")
            score += 0.5
        if industry and industry in facility.fields:
            reasons.append(f"服务领域包含{industry_name(industry)}")
            score += 0.3
        if hit:
            reasons.append(hit.summary)
        if facility.park:
            reasons.append(f"位于{park_name(facility.park)}")
        if facility.voucher_eligible:
            reasons.append("可使用科技创新券" + (f"（上限{facility.voucher_cap}万元）" if facility.voucher_cap else ""))
        if hit or (stage is not None and facility.kind == stage) or (industry and industry in facility.fields):
            matches.append(FacilityMatch(facility, round(score, 3), reasons))
    matches.sort(key=lambda m: (-m.score, m.facility.id or 0))
    return FacilitySearch(title, stage, matches[:k])
