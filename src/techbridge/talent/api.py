"""Talent database: search, profiles, expert finding, contact details with a reason."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from techbridge.kernel.errors import PermissionDenied
from techbridge.kernel.industries import industry_name
from techbridge.kernel.regions import regions
from techbridge.talent import finding as expert_finding
from techbridge.talent import service as talent
from techbridge.talent.model import CredentialStatus, Expert, TrackRecord
from techbridge.web.deps import CurrentUser, Id, PageNo, PlatformDep, RequiredUser
from techbridge.web.schemas import AwareDatetime, IdRef, RequestBody

router = APIRouter(tags=["人才库"])


class CredentialPublic(BaseModel):
    number: str
    issuing_region: str = Field(description="发证地区代码：110000 / 120000 / 130000")
    level: str
    valid_until: date | None
    status: str = Field(description="valid 有效 / expiring 即将到期 / expired 已过期")
    recognised_in: list[str] = Field(description="认可该证书的地区（京津冀互认：三地）")


class TrackRecordPublic(BaseModel):
    engagements: int
    open: int
    signed: int
    terminated: int
    contract_count: int
    contract_amount: str = Field(description="技术合同额，万元，十进制字符串")
    last_signed_on: date | None


class ExpertPublic(BaseModel):
    id: IdRef
    name: str
    kind: str
    title: str
    organization: str | None = Field(description="工作单位；专家未公开时为 null")
    bio: str | None = Field(description="个人简介；专家未公开时为 null")
    region_code: str
    region_name: str
    fields: list[str]
    field_names: list[str]
    expertise: str
    credential: CredentialPublic | None
    track_record: TrackRecordPublic
    has_public_contact: bool = Field(description="是否公开了电话或邮箱（须说明事由后查看）")


class ExpertWrite(RequestBody):
    """Fields of a profile; validation (credential, regions, fields) happens in the domain."""

    name: str
    kind: str = Field("专家", description="技术经理人 或 专家")
    region: str = Field(description="所在地区：代码或名称")
    fields: list[str] = Field(description="专业领域：代码或名称，1–5个")
    expertise: str
    org_name: str = ""
    title: str = ""
    bio: str = ""
    phone: str = ""
    email: str = ""
    public_fields: list[str] = Field(default_factory=lambda: ["organization", "bio"],
                                     description="phone / email / organization / bio")
    credential_no: str = ""
    credential_region: str = ""
    credential_level: str = ""
    credential_valid_until: str = ""
    is_listed: bool = True


class ContactRequest(RequestBody):
    reason: str = Field(description="联系事由，至少6个字；随查看记录保存，专家本人可见")


class ContactPublic(BaseModel):
    expert_id: IdRef
    name: str
    phone: str
    email: str
    recorded_at: AwareDatetime


class AccessPublic(BaseModel):
    viewer: str
    reason: str
    fields: list[str]
    at: AwareDatetime


class FactorPublic(BaseModel):
    name: str
    value: float
    reason: str


class ExpertHitPublic(BaseModel):
    expert: ExpertPublic
    score: float
    text_relevance: float
    shared_terms: list[str]
    best_sentence: str
    summary: str
    factors: list[FactorPublic]


class ExpertFindingPublic(BaseModel):
    subject_kind: str
    subject_id: IdRef | None
    subject_title: str
    hits: list[ExpertHitPublic]


class ExpertPage(BaseModel):
    items: list[ExpertPublic]
    total: int
    page: int
    size: int
    pages: int


def expert_public(e: Expert, status: CredentialStatus, track: TrackRecord) -> ExpertPublic:
    credential = None
    if e.credential_no:
        credential = CredentialPublic(number=e.credential_no, issuing_region=e.credential_region or "",
                                      level=e.credential_level or "", valid_until=e.credential_valid_until,
                                      status=status.value, recognised_in=e.recognised_in() if status != "expired" else [])
    assert e.id is not None
    return ExpertPublic(
        id=e.id, name=e.name, kind=e.kind, title=e.title,
        organization=e.org_name if e.shows("organization") else None, bio=e.bio if e.shows("bio") else None,
        region_code=e.region_code, region_name=regions().full_name(e.region_code), fields=e.fields,
        field_names=[industry_name(f) for f in e.fields], expertise=e.expertise, credential=credential,
        track_record=TrackRecordPublic(**{**vars(track), "contract_amount": f"{track.contract_amount:.2f}"}),
        has_public_contact=any(e.shows(f) and getattr(e, f) for f in ("phone", "email")),
    )


def _finding(f: expert_finding.ExpertFinding) -> ExpertFindingPublic:
    return ExpertFindingPublic(subject_kind=f.subject_kind, subject_id=f.subject_id, subject_title=f.subject_title, hits=[
        ExpertHitPublic(expert=expert_public(h.expert, h.credential, h.track), score=h.score,
                        text_relevance=h.relevance, shared_terms=list(h.text.shared_terms),
                        best_sentence=h.text.best_sentence, summary=h.text.summary,
                        factors=[FactorPublic(name=x.name, value=x.value, reason=x.reason) for x in h.factors])
        for h in f.hits])


@router.get("/experts", response_model=ExpertPage, summary="检索人才库（有检索词时按匹配引擎排序）")
def search(platform: PlatformDep, q: str = "", kind: str = "", field: str = "", province: str = "",
           credential: str = Query("", description="valid：只看持有效证书"), page: PageNo = 1,
           size: int = Query(20, ge=1, le=100)) -> ExpertPage:
    query = talent.TalentQuery(q=q[:200], kind=kind, field=field, province=province, credential=credential, page=page,
                               size=size)
    result = talent.search(platform.uow(), platform.embedder if q.strip() else None, query)
    return ExpertPage(items=[expert_public(c.expert, c.credential, c.track) for c in result.items], total=result.total,
                      page=result.page, size=result.size, pages=result.pages)


@router.get("/experts/find", response_model=ExpertFindingPublic, summary="找专家：用一段问题描述")
def find_by_text(platform: PlatformDep, q: str = Query(min_length=2, max_length=500), industry: str = "",
                 k: int = Query(10, ge=1, le=50)) -> ExpertFindingPublic:
    return _finding(expert_finding.find_for_text(platform.uow(), platform.embedder, q, industry=industry or None, k=k))


@router.get("/demands/{listing_id}/experts", response_model=ExpertFindingPublic, summary="找专家：为一项技术需求")
def find_for_demand(listing_id: Id, platform: PlatformDep, viewer: CurrentUser,
                    k: int = Query(10, ge=1, le=50)) -> ExpertFindingPublic:
    return _finding(expert_finding.find_for_listing(platform.uow(), platform.embedder, kind="demand",
                                                    listing_id=listing_id, viewer=viewer, k=k))


@router.get("/achievements/{listing_id}/experts", response_model=ExpertFindingPublic, summary="找专家：为一项科技成果")
def find_for_achievement(listing_id: Id, platform: PlatformDep, viewer: CurrentUser,
                         k: int = Query(10, ge=1, le=50)) -> ExpertFindingPublic:
    return _finding(expert_finding.find_for_listing(platform.uow(), platform.embedder, kind="achievement",
                                                    listing_id=listing_id, viewer=viewer, k=k))


@router.get("/experts/{expert_id}", response_model=ExpertPublic, summary="人才档案（仅含专家公开的项目）")
def get(expert_id: Id, platform: PlatformDep, viewer: CurrentUser) -> ExpertPublic:
    p = talent.get_profile(platform.uow(), viewer=viewer, expert_id=expert_id)
    return expert_public(p.expert, p.credential, p.track)


@router.post("/experts", response_model=ExpertPublic, status_code=201, summary="建立人才档案（本人；管理方可代建）")
def create(body: ExpertWrite, platform: PlatformDep, user: RequiredUser) -> ExpertPublic:
    expert_id = talent.save_profile(platform.uow(), actor=user, raw=body.model_dump(), embedder=platform.embedder)
    return get(expert_id, platform, user)


@router.put("/experts/{expert_id}", response_model=ExpertPublic, summary="修改人才档案（本人或管理方）")
def update(expert_id: Id, body: ExpertWrite, platform: PlatformDep, user: RequiredUser) -> ExpertPublic:
    talent.save_profile(platform.uow(), actor=user, raw=body.model_dump(), expert_id=expert_id,
                        embedder=platform.embedder)
    return get(expert_id, platform, user)


@router.post("/experts/{expert_id}/contact", response_model=ContactPublic, summary="说明事由后查看专家公开的联系方式（记录在案）")
def reveal(expert_id: Id, body: ContactRequest, platform: PlatformDep, user: RequiredUser) -> ContactPublic:
    card = talent.reveal_contact(platform.uow(), viewer=user, expert_id=expert_id, reason=body.reason)
    return ContactPublic(expert_id=card.expert_id, name=card.name, phone=card.phone, email=card.email,
                         recorded_at=card.at)


@router.get("/experts/{expert_id}/contact-log", response_model=list[AccessPublic], summary="联系方式查看记录（本人或管理方）")
def contact_log(expert_id: Id, platform: PlatformDep, user: RequiredUser) -> list[AccessPublic]:
    p = talent.get_profile(platform.uow(), viewer=user, expert_id=expert_id)
    if not p.can_edit:
        raise PermissionDenied("只有专家本人或管理方可以查看访问记录")
    return [AccessPublic(viewer=name, reason=a.reason, fields=a.fields, at=a.at or datetime.min) for a, name in p.access_log]
