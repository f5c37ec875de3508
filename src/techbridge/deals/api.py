"""Engagements (对接) and technology contracts."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from techbridge.deals import service as pipeline
from techbridge.deals.pipeline import Stage
from techbridge.web.deps import Id, PlatformDep, RequiredUser
from techbridge.web.schemas import AwareDatetime, IdRef, RequestBody

router = APIRouter(prefix="/engagements", tags=["对接"])


class InterestRequest(RequestBody):
    achievement_id: IdRef
    demand_id: IdRef
    score: float | None = None
    summary: str = ""
    note: str = ""


class AdvanceRequest(RequestBody):
    target: Literal["negotiation", "concept_verification", "pilot", "signed", "production"] = Field(description="下一阶段：negotiation / concept_verification / pilot / production")
    note: str = ""


class TerminateRequest(RequestBody):
    reason: Literal["技术不成熟", "价格不符", "知识产权问题", "需求变化", "技术不匹配", "无响应", "其他"] = Field(description="技术不成熟、价格不符、知识产权问题、需求变化、技术不匹配、无响应、其他")
    note: str = ""


class ContractRequest(RequestBody):
    contract_type: Literal["技术开发", "技术转让", "技术许可", "技术咨询", "技术服务"] = Field(description="技术开发、技术转让、技术许可、技术咨询、技术服务")
    amount: str = Field(max_length=24, description="成交金额（万元，字符串）")
    signed_on: date
    payment_mode: str
    registration_no: str | None = None
    title: str | None = None


class EventPublic(BaseModel):
    at: AwareDatetime
    kind: str
    from_stage: str | None
    to_stage: str | None
    reason: str | None
    note: str
    actor_id: IdRef | None


class EngagementPublic(BaseModel):
    id: IdRef
    achievement_id: IdRef
    demand_id: IdRef
    stage: str
    stage_label: str
    broker_id: IdRef | None
    score: float | None
    summary: str
    mutual: bool
    termination_reason: str | None
    next_stages: list[str]
    contacts: dict[str, dict[str, str]] | None = Field(None, description="双向意向后向双方公开")
    contract_id: IdRef | None
    events: list[EventPublic]


def _public(v: pipeline.EngagementView) -> EngagementPublic:
    e = v.engagement
    contacts = None
    if v.contacts_visible:
        contacts = {side: {"name": lst.contact_name, "phone": lst.contact_phone, "email": lst.contact_email}
                    for side, lst in (("supplier", v.achievement), ("seeker", v.demand))}
    assert e.id is not None
    return EngagementPublic(
        id=e.id, achievement_id=e.achievement_id, demand_id=e.demand_id, stage=e.stage, stage_label=Stage(e.stage).label,
        broker_id=e.broker_id, score=e.score, summary=e.summary, mutual=e.mutual,
        termination_reason=e.termination_reason, next_stages=[s.value for s in v.next_stages], contacts=contacts,
        contract_id=v.contract.id if v.contract else None,
        events=[EventPublic(**{k: getattr(ev, k) for k in EventPublic.model_fields}) for ev in v.events],
    )


def _view(platform: PlatformDep, user: Any, engagement_id: int) -> EngagementPublic:
    return _public(pipeline.view(platform.uow(), viewer=user, engagement_id=engagement_id))


@router.post("", response_model=EngagementPublic, status_code=201, summary="表达对接意向（不存在则创建对接）")
def interest(body: InterestRequest, platform: PlatformDep, user: RequiredUser) -> EngagementPublic:
    engagement_id = pipeline.express_interest(platform.uow(), platform.bus, actor=user, achievement_id=body.achievement_id,
                                              demand_id=body.demand_id, score=body.score, summary=body.summary,
                                              note=body.note)
    return _view(platform, user, engagement_id)


@router.get("/{engagement_id}", response_model=EngagementPublic, summary="对接详情与时间线")
def get(engagement_id: Id, platform: PlatformDep, user: RequiredUser) -> EngagementPublic:
    return _view(platform, user, engagement_id)


@router.post("/{engagement_id}/advance", response_model=EngagementPublic, summary="推进到下一阶段")
def advance(engagement_id: Id, body: AdvanceRequest, platform: PlatformDep, user: RequiredUser) -> EngagementPublic:
    pipeline.advance(platform.uow(), platform.bus, actor=user, engagement_id=engagement_id, target=body.target,
                     note=body.note)
    return _view(platform, user, engagement_id)


@router.post("/{engagement_id}/terminate", response_model=EngagementPublic, summary="终止对接（结构化原因）")
def terminate(engagement_id: Id, body: TerminateRequest, platform: PlatformDep, user: RequiredUser) -> EngagementPublic:
    pipeline.terminate(platform.uow(), platform.bus, actor=user, engagement_id=engagement_id, reason=body.reason,
                       note=body.note)
    return _view(platform, user, engagement_id)


@router.post("/{engagement_id}/contract", response_model=EngagementPublic, summary="登记技术合同并签约")
def contract(engagement_id: Id, body: ContractRequest, platform: PlatformDep, user: RequiredUser) -> EngagementPublic:
    raw = {k: v for k, v in body.model_dump().items() if v is not None}
    pipeline.record_contract(platform.uow(), platform.bus, actor=user, engagement_id=engagement_id, raw=raw)
    return _view(platform, user, engagement_id)
