"""概念验证与中试 JSON API: facilities, matching from a demand or engagement, requests and their lifecycle."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from techbridge.pilot import registration
from techbridge.pilot import service as pilot
from techbridge.pilot.model import Facility, ServiceRequest
from techbridge.web.deps import AdminUser, CurrentUser, Id, PlatformDep, QueryId, RequiredUser
from techbridge.web.schemas import IdRef, RequestBody

router = APIRouter(tags=["概念验证与中试"])
Wan = str  # decimal string in 万元, e.g. "12.50"


class ServicePublic(BaseModel):
    id: IdRef
    name: str
    price: Wan
    unit: str
    lead_days: int


class FacilityPublic(BaseModel):
    id: IdRef
    name: str
    kind: str
    kind_label: str
    organization_id: IdRef
    region_code: str
    park: str | None
    description: str
    fields: list[str]
    qualifications: str
    capacity: dict[str, str]
    voucher_eligible: bool
    voucher_cap: Wan | None
    status: str = Field("active", description="active 已上线 / pending_review 待审核 / rejected 已退回")
    services: list[ServicePublic] = []


def _facility(f: Facility, services: list[ServicePublic] | None = None) -> FacilityPublic:
    assert f.id is not None
    return FacilityPublic(id=f.id, name=f.name, kind=f.kind, kind_label=f.kind_label, organization_id=f.organization_id,
                          region_code=f.region_code, park=f.park, description=f.description, fields=f.fields,
                          qualifications=f.qualifications, capacity=f.capacity, voucher_eligible=f.voucher_eligible,
                          voucher_cap=None if f.voucher_cap is None else str(f.voucher_cap), status=f.status,
                          services=services or [])


@router.get("/pilot/facilities", response_model=list[FacilityPublic], summary="概念验证中心与中试基地")
def list_facilities(platform: PlatformDep, kind: str = "") -> list[FacilityPublic]:
    return [_facility(f) for f in pilot.list_facilities(platform.uow(), kind=kind or None)]


@router.get("/pilot/facilities/{facility_id}", response_model=FacilityPublic, summary="平台详情与服务价格")
def get_facility(facility_id: Id, platform: PlatformDep, user: CurrentUser) -> FacilityPublic:
    v = pilot.facility_view(platform.uow(), viewer=user, facility_id=facility_id)
    return _facility(v.facility, [ServicePublic(id=s.id or 0, name=s.name, price=str(s.price), unit=s.unit,
                                                lead_days=s.lead_days) for s in v.services])


class MatchPublic(BaseModel):
    facility: FacilityPublic
    score: float
    reasons: list[str]


@router.get("/pilot/match", response_model=list[MatchPublic], summary="从需求（demand）或对接（engagement）查找平台，附推荐理由")
def match(platform: PlatformDep, user: CurrentUser, demand: QueryId = None,
          engagement: QueryId = None) -> list[MatchPublic]:
    found = pilot.find_facilities(platform.uow(), platform.embedder, viewer=user, demand_id=demand,
                                  engagement_id=engagement)
    return [MatchPublic(facility=_facility(m.facility), score=m.score, reasons=m.reasons) for m in found.matches]


class RequestWrite(RequestBody):
    service_id: str
    purpose: str
    nda: bool = False
    use_voucher: bool = False
    engagement_id: str = ""


class RequestPublic(BaseModel):
    id: IdRef
    facility_id: IdRef
    service_id: IdRef
    status: str
    status_label: str
    engagement_id: int | None
    quote_amount: Wan | None
    quote_days: int | None
    voucher: Wan
    slot_start: date | None
    slot_end: date | None  # exclusive
    trl_before: int | None
    trl_after: int | None


def _request(platform: PlatformDep, user: RequiredUser, request_id: int) -> RequestPublic:
    v = pilot.request_view(platform.uow(), viewer=user, request_id=request_id)
    r: ServiceRequest = v.request
    assert r.id is not None
    return RequestPublic(id=r.id, facility_id=r.facility_id, service_id=r.service_id, status=r.status,
                         status_label=r.status_label, engagement_id=r.engagement_id,
                         quote_amount=None if r.quote_amount is None else str(r.quote_amount), quote_days=r.quote_days,
                         voucher=str(v.voucher), slot_start=v.booking.start_date if v.booking else None,
                         slot_end=v.booking.end_date if v.booking else None,
                         trl_before=v.record.trl_before if v.record else None,
                         trl_after=v.record.trl_after if v.record else None)


@router.post("/pilot/facilities/{facility_id}/requests", response_model=RequestPublic, status_code=201,
             summary="申请报价（须确认保密条款 nda=true）")
def ask(facility_id: Id, body: RequestWrite, platform: PlatformDep, user: RequiredUser) -> RequestPublic:
    raw = body.model_dump() | {"nda": "1" if body.nda else "", "use_voucher": "1" if body.use_voucher else ""}
    return _request(platform, user, pilot.request_service(platform.uow(), actor=user, facility_id=facility_id, raw=raw))


@router.get("/pilot/requests/{request_id}", response_model=RequestPublic, summary="服务申请详情")
def get_request(request_id: Id, platform: PlatformDep, user: RequiredUser) -> RequestPublic:
    return _request(platform, user, request_id)


class QuoteWrite(RequestBody):
    quote_amount: str
    quote_days: str
    quote_note: str = ""


@router.post("/pilot/requests/{request_id}/quote", response_model=RequestPublic, summary="平台报价（万元、天数）")
def quote(request_id: Id, body: QuoteWrite, platform: PlatformDep, user: RequiredUser) -> RequestPublic:
    pilot.quote(platform.uow(), actor=user, request_id=request_id, raw=body.model_dump())
    return _request(platform, user, request_id)


@router.post("/pilot/requests/{request_id}/accept", response_model=RequestPublic, summary="申请人接受报价")
def accept(request_id: Id, platform: PlatformDep, user: RequiredUser) -> RequestPublic:
    pilot.accept(platform.uow(), actor=user, request_id=request_id)
    return _request(platform, user, request_id)


class BookWrite(RequestBody):
    start: str


@router.post("/pilot/requests/{request_id}/booking", response_model=RequestPublic, status_code=201,
             summary="预约档期；档期被占用时返回 409 slot_taken")
def book(request_id: Id, body: BookWrite, platform: PlatformDep, user: RequiredUser) -> RequestPublic:
    pilot.book(platform.uow(), actor=user, request_id=request_id, raw=body.model_dump())
    return _request(platform, user, request_id)


class RecordWrite(RequestBody):
    targets: str
    results: str
    trl_before: str
    trl_after: str
    evidence: str


@router.post("/pilot/requests/{request_id}/record", response_model=RequestPublic, summary="登记服务记录（成熟度前后）")
def record(request_id: Id, body: RecordWrite, platform: PlatformDep, user: RequiredUser) -> RequestPublic:
    pilot.record(platform.uow(), actor=user, request_id=request_id, raw=body.model_dump())
    return _request(platform, user, request_id)


class FacilityWrite(RequestBody):
    """Values as on the registration form: capacity as lines "名称：数值", services as lines
    "名称|价格（万元）|单位|提前准备天数"."""

    name: str
    kind: str = Field(description="concept_verification 概念验证中心 / pilot 中试基地（或中文名称）")
    region: str = ""
    park: str = ""
    description: str
    fields: str = ""
    qualifications: str = ""
    capacity: str = ""
    services: str
    voucher_eligible: bool = False
    voucher_cap: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    nda_terms: str = ""


@router.post("/pilot/facilities", response_model=FacilityPublic, status_code=201,
             summary="登记平台（本单位）；管理方审核通过后上线")
def register(body: FacilityWrite, platform: PlatformDep, user: RequiredUser) -> FacilityPublic:
    raw = body.model_dump() | {"voucher_eligible": "1" if body.voucher_eligible else ""}
    return get_facility(pilot.save_facility(platform.uow(), actor=user, raw=raw), platform, user)


class ReviewWrite(RequestBody):
    decision: Literal["approve", "reject"]
    note: str = Field("", max_length=1000, description="退回原因（退回时必填）")


@router.post("/pilot/facilities/{facility_id}/review", response_model=FacilityPublic,
             summary="审核平台（所在地区管理方）：approve 上线 / reject 退回并说明原因")
def review(facility_id: Id, body: ReviewWrite, platform: PlatformDep, user: AdminUser) -> FacilityPublic:
    registration.review_facility(platform.uow(), reviewer=user, facility_id=facility_id,
                                 approve=body.decision == "approve", note=body.note)
    return get_facility(facility_id, platform, user)
