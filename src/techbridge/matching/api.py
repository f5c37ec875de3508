"""Matching: recommended counterparts of a listing (both directions) and a preview for a draft demand."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from techbridge.matching.service import MatchView, RecommendResult
from techbridge.web.deps import CurrentUser, Id, PlatformDep
from techbridge.web.schemas import IdRef, RequestBody

router = APIRouter(tags=["匹配"])


class SharedTermPublic(BaseModel):
    term: str
    weight: float = Field(description="该词在对方文本中的 BM25 权重")


class SentencePairPublic(BaseModel):
    query_sentence: str = Field(description="本条目中最相关的一句")
    hit_sentence: str = Field(description="对方条目中最相关的一句")
    similarity: float


class FactorPublic(BaseModel):
    name: str = Field(description="industry / trl / region / budget / freshness / outcome")
    value: float = Field(description="对综合得分的加减")
    reason: str


class ExplanationPublic(BaseModel):
    summary: str = Field(description="一句话中文说明")
    relevance: float = Field(description="文本相关度（融合后的 z 分数）")
    lexical: float
    dense: float = Field(description="语义相似度（余弦）")
    shared_terms: list[SharedTermPublic]
    best_pair: SentencePairPublic | None
    factors: list[FactorPublic]


class MatchPublic(BaseModel):
    kind: str = Field(description="对方条目的类型：achievement / demand")
    listing_id: IdRef
    title: str
    organization: str
    region_code: str
    rank: int
    score: float = Field(description="综合得分（文本相关度 + 各因素）")
    percent: int = Field(description="匹配度 0–100")
    engagement_id: int | None = Field(None, description="已有对接时的编号")
    explanation: ExplanationPublic


class MatchesPublic(BaseModel):
    kind: str = Field(description="被匹配条目的类型")
    listing_id: IdRef | None
    matches: list[MatchPublic]
    notice: str = ""


class DemandPreview(RequestBody):
    title: str = ""
    problem: str = Field(description="问题与场景（至少几句话）")
    current_state: str = ""
    target_indicators: str = ""
    constraints: str = ""
    industry: str | None = None
    expected_trl: int | None = Field(None, ge=1, le=9)
    budget: str | None = None
    region: str | None = None


def _match(m: MatchView) -> MatchPublic:
    x = m.hit.explanation
    assert m.listing.id is not None
    return MatchPublic(
        kind=m.listing.kind, listing_id=m.listing.id, title=m.listing.title, organization=m.org.name,
        region_code=m.listing.region_code, rank=m.hit.rank, score=m.hit.score, percent=m.percent,
        engagement_id=m.engagement.id if m.engagement else None,
        explanation=ExplanationPublic(
            summary=x.summary, relevance=x.relevance, lexical=x.lexical, dense=x.dense,
            shared_terms=[SharedTermPublic(term=t.term, weight=t.weight) for t in x.shared_terms],
            best_pair=SentencePairPublic(**vars(x.best_pair)) if x.best_pair else None,
            factors=[FactorPublic(name=f.name, value=f.value, reason=f.reason) for f in x.factors],
        ),
    )


def _public(result: RecommendResult) -> MatchesPublic:
    return MatchesPublic(kind=result.kind, listing_id=result.listing_id, matches=[_match(m) for m in result.hits],
                         notice=result.notice)


@router.get("/achievements/{listing_id}/matches", response_model=MatchesPublic,
            summary="成果 → 需求：推荐匹配（含解释）")
def achievement_matches(listing_id: Id, platform: PlatformDep, viewer: CurrentUser,
                        k: int = Query(8, ge=1, le=50)) -> Any:
    return _public(platform.matching.recommend(kind="achievement", listing_id=listing_id, viewer=viewer, k=k))


@router.get("/demands/{listing_id}/matches", response_model=MatchesPublic, summary="需求 → 成果：推荐匹配（含解释）")
def demand_matches(listing_id: Id, platform: PlatformDep, viewer: CurrentUser,
                   k: int = Query(8, ge=1, le=50)) -> Any:
    return _public(platform.matching.recommend(kind="demand", listing_id=listing_id, viewer=viewer, k=k))


@router.post("/matches/preview", response_model=MatchesPublic, summary="尚未保存的需求描述 → 已能匹配的成果")
def preview(body: DemandPreview, platform: PlatformDep, viewer: CurrentUser, k: int = Query(5, ge=1, le=20)) -> Any:
    return _public(platform.matching.preview_demand(body.model_dump(), viewer=viewer, k=k))
