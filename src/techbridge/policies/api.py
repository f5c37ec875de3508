"""Policy library (政策服务): search with explanations, read, ingest (admins), applicable policies."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, File, Form, HTTPException, Query, UploadFile
from pydantic import BaseModel, Field

from techbridge.kernel.industries import industry_name
from techbridge.policies import search as policy_search
from techbridge.policies import service as policies
from techbridge.policies.files import MAX_BYTES
from techbridge.policies.model import Policy
from techbridge.policies.search import PolicyQuery
from techbridge.web.deps import AdminUser, CurrentUser, Id, PageNo, PlatformDep
from techbridge.web.schemas import IdRef, RequestBody

router = APIRouter(prefix="/policies", tags=["政策服务"])


class MeasurePublic(BaseModel):
    title: str
    text: str
    section: str
    targets: list[str]


class PolicySummary(BaseModel):
    id: IdRef
    title: str
    issuer: str
    doc_number: str = Field(description="发文字号，如 京科发〔2025〕18号；新闻等非公文为空")
    issued_on: date | None
    effective_on: date | None = Field(description="施行日期")
    valid_until: date | None = Field(description="有效期至；null 表示未规定")
    region_code: str | None = Field(description="GB/T 2260 代码；null 表示京津冀三地通用")
    region_name: str
    doc_type: str
    industries: list[str]
    industry_names: list[str]
    audiences: list[str]
    summary: str


class PolicyPublic(PolicySummary):
    source: str
    url: str
    measures: list[MeasurePublic]
    text: str = Field(description="清洗后的正文")
    dropped: list[dict[str, str]] = Field(description="清洗时去除的行及原因（spam、navigation、teaser_list、footer、noise），仅管理方可见")


class Explanation(BaseModel):
    score: float
    shared_terms: list[str]
    best_sentence: str
    summary: str


class PolicyHitPublic(BaseModel):
    policy: PolicySummary
    explanation: Explanation | None


class PolicyPage(BaseModel):
    items: list[PolicyHitPublic]
    total: int
    page: int
    pages: int
    facets: dict[str, list[dict[str, Any]]]


class IngestRequest(RequestBody):
    text: str = Field(description="政策或新闻原文（可含网页杂项，收录时自动清洗）")
    title: str = ""
    issuer: str = ""
    doc_number: str = ""
    issued_on: str = Field("", description="如 2025-05-12；留空时自动提取")
    effective_on: str = Field("", description="施行日期；留空时从“自…起施行”提取")
    valid_until: str = Field("", description="有效期至；留空时从“有效期…”提取")
    region: str = Field("", description="如 天津、保定；“京津冀”表示三地通用；留空时自动判断")
    source: str = ""
    url: str = ""
    doc_type: str = ""


class IngestPublic(BaseModel):
    id: IdRef
    title: str
    measures: int
    dropped: dict[str, int]


class ApplicablePublic(BaseModel):
    policy: PolicySummary
    score: float
    reasons: list[str]


def summary_of(p: Policy) -> PolicySummary:
    assert p.id is not None
    return PolicySummary(id=p.id, title=p.title, issuer=p.issuer, doc_number=p.doc_number, issued_on=p.issued_on,
                         effective_on=p.effective_on, valid_until=p.valid_until, region_code=p.region_code,
                         region_name=p.region_label, doc_type=p.doc_type, industries=p.industries,
                         industry_names=[industry_name(c) for c in p.industries], audiences=p.audiences,
                         summary=p.summary)


@router.get("", response_model=PolicyPage, summary="检索政策（关键词 + 语义，附匹配依据）")
def search(platform: PlatformDep, q: str = "", region: str = Query("", description="省级代码如 120000，或 jjj（三地通用）"),
           industry: str = "", audience: str = "", doc_type: str = "", page: PageNo = 1) -> PolicyPage:
    query = PolicyQuery(q=q.strip()[:200], region=region, industry=industry, audience=audience, doc_type=doc_type,
                        page=page)
    result = policy_search.search(platform.uow(), platform.embedder if query.q else None, query)
    items = [PolicyHitPublic(policy=summary_of(h.policy), explanation=Explanation(
        score=h.ranked.score, shared_terms=list(h.ranked.shared_terms), best_sentence=h.ranked.best_sentence,
        summary=h.ranked.summary) if h.ranked else None) for h in result.items]
    facets = {name: [{"value": v, "label": label, "count": n} for v, label, n in values]
              for name, values in result.facets.items()}
    return PolicyPage(items=items, total=result.total, page=result.page, pages=result.pages, facets=facets)


@router.get("/{policy_id}", response_model=PolicyPublic, summary="政策详情（举措条目、标签；清洗记录仅管理方可见）")
def get(policy_id: Id, platform: PlatformDep, viewer: CurrentUser) -> PolicyPublic:
    p = policies.get(platform.uow(), policy_id)
    dropped = p.dropped if viewer is not None and viewer.role == "admin" else []  # removed spam is not republished
    return PolicyPublic(**summary_of(p).model_dump(), source=p.source, url=p.url, text=p.text, dropped=dropped,
                        measures=[MeasurePublic(**m) for m in p.measures])


def _ingested(platform: PlatformDep, result: policies.IngestResult) -> IngestPublic:
    return IngestPublic(id=result.policy_id, title=result.title, measures=result.measures, dropped=result.dropped)


@router.post("", response_model=IngestPublic, status_code=201, summary="收录粘贴的政策原文（仅管理方）")
def ingest(body: IngestRequest, platform: PlatformDep, user: AdminUser) -> IngestPublic:
    overrides = {k: v for k, v in body.model_dump(exclude={"text"}).items() if v}
    return _ingested(platform, policies.ingest_text(platform.uow(), platform.embedder, actor=user, text=body.text,
                                                    overrides=overrides))


@router.post("/upload", response_model=IngestPublic, status_code=201,
             summary="上传政策文件收录（TXT、HTML、DOCX、PDF；仅管理方）")
async def upload(platform: PlatformDep, user: AdminUser, file: UploadFile = File(...),  # noqa: B008 - FastAPI idiom
                 region: str = Form(""), source: str = Form("")) -> IngestPublic:
    data = await file.read(MAX_BYTES + 1)
    overrides = {k: v for k, v in {"region": region, "source": source}.items() if v}
    return _ingested(platform, policies.ingest_file(platform.uow(), platform.embedder, actor=user,
                                                    name=file.filename or "", data=data, overrides=overrides))


@router.get("/for/{kind}/{listing_id}", response_model=list[ApplicablePublic], summary="适用于某项成果或需求的政策")
def for_listing(kind: str, listing_id: Id, platform: PlatformDep, viewer: CurrentUser) -> list[ApplicablePublic]:
    if kind not in ("achievement", "demand"):
        raise HTTPException(404)
    found = policy_search.for_listing(platform.uow(), kind=kind, listing_id=listing_id, viewer=viewer)
    return [ApplicablePublic(policy=summary_of(a.policy), score=a.why.score, reasons=list(a.why.reasons)) for a in found]
