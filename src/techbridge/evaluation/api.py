"""评价与估值 JSON API: an achievement's evaluations and valuations; request, score, share, value."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from techbridge.evaluation import service as evaluation
from techbridge.evaluation.model import Evaluation
from techbridge.web.deps import CurrentUser, Id, PlatformDep, RequiredUser
from techbridge.web.schemas import RequestBody

router = APIRouter(tags=["评价与估值"])


class EvaluationPublic(BaseModel):
    id: int
    achievement_id: int
    purpose: str
    achievement_type: str
    status: str
    weights: dict[str, int] = Field(description="五个一级维度的权重（%），GB/T 44731-2024")
    scores: dict[str, str]
    total: str | None
    grade: str
    trl: int | None
    innovation: str
    advancement: str
    issued_on: date | None


def evaluation_public(e: Evaluation) -> EvaluationPublic:
    return EvaluationPublic(id=e.id or 0, achievement_id=e.achievement_id, purpose=e.purpose,
                            achievement_type=e.achievement_type, status=e.status, weights=e.weights, scores=e.scores,
                            total=None if e.total is None else str(e.total), grade=e.grade, trl=e.trl,
                            innovation=e.innovation, advancement=e.advancement, issued_on=e.issued_on)


class ValuationPublic(BaseModel):
    id: int
    inputs: dict[str, Any]
    results: dict[str, Any] = Field(description="income / market / cost / overall 的 low、base、high（万元）；"
                                                "market_refused 说明市场法未采用的原因；deviation 为报价偏离度")
    asking_price: str | None


class ValueSummary(BaseModel):
    achievement_id: int
    evaluations: list[EvaluationPublic]
    valuations: list[ValuationPublic]


class EvaluationRequest(RequestBody):
    achievement_id: int
    purpose: str = Field(description="转化 / 投融资 / 作价入股 / 奖励")
    achievement_type: str = Field("应用技术类", description="基础研究类 / 应用技术类 / 软科学类")


class ScoreBody(RequestBody):
    scientific: str
    technical: str
    economic: str
    social: str
    transfer: str
    trl: str
    innovation: str
    advancement: str
    assessors: str
    conclusion: str
    evidence: str = ""
    conflict: str = Field("no", description="yes = 声明存在利益冲突")
    comparisons: list[dict[str, str]] = Field([], description="indicator / ours / alternative / theirs")


class ShareBody(RequestBody):
    party_name: str
    purpose: str = ""


class ValuationBody(RequestBody):
    revenues: str = Field(description="逐年收入预测（万元），逗号分隔")
    share_rate: str
    discount_rate: str
    replacement_cost: str
    depreciation: str
    contract_type: str = "技术转让"


@router.get("/evaluation/achievements/{achievement_id}", response_model=ValueSummary, summary="成果的评价与估值")
def summary(achievement_id: Id, platform: PlatformDep, user: CurrentUser) -> ValueSummary:
    s = evaluation.summary(platform.uow(), viewer=user, achievement_id=achievement_id)
    return ValueSummary(achievement_id=achievement_id, evaluations=[evaluation_public(e) for e in s.evaluations],
                        valuations=[ValuationPublic(id=v.id or 0, inputs=v.inputs, results=v.results,
                                                    asking_price=None if v.asking_price is None else str(v.asking_price))
                                    for v in s.valuations])


@router.post("/evaluations", response_model=EvaluationPublic, status_code=201, summary="申请评价（成果所属单位）")
def request_evaluation(body: EvaluationRequest, platform: PlatformDep, user: RequiredUser) -> EvaluationPublic:
    eid = evaluation.request_evaluation(platform.uow(), actor=user, achievement_id=body.achievement_id,
                                        raw=body.model_dump())
    return evaluation_public(evaluation.view_evaluation(platform.uow(), viewer=user, evaluation_id=eid).evaluation)


@router.post("/evaluations/{evaluation_id}/score", response_model=EvaluationPublic, summary="评分（第三方评价机构）")
def score(evaluation_id: Id, body: ScoreBody, platform: PlatformDep, user: RequiredUser) -> EvaluationPublic:
    raw: dict[str, Any] = body.model_dump(exclude={"comparisons"})
    for i, row in enumerate(body.comparisons[:5], start=1):
        for key in ("indicator", "ours", "alternative", "theirs"):
            raw[f"cmp{i}_{key}"] = row.get(key, "")
    evaluation.score(platform.uow(), actor=user, evaluation_id=evaluation_id, raw=raw)
    return evaluation_public(evaluation.view_evaluation(platform.uow(), viewer=user, evaluation_id=evaluation_id).evaluation)


@router.post("/evaluations/{evaluation_id}/shares", status_code=201, summary="授权共享评价报告给具名机构（成果所属单位）")
def share(evaluation_id: Id, body: ShareBody, platform: PlatformDep, user: RequiredUser) -> dict[str, str]:
    evaluation.share(platform.uow(), actor=user, evaluation_id=evaluation_id, party_name=body.party_name,
                     purpose=body.purpose)
    return {"status": "shared"}


@router.post("/evaluation/achievements/{achievement_id}/valuations", response_model=ValueSummary, status_code=201,
             summary="估值：收益法、市场法、成本法（GB/T 39057-2020）")
def value(achievement_id: Id, body: ValuationBody, platform: PlatformDep, user: RequiredUser) -> ValueSummary:
    evaluation.value(platform.uow(), actor=user, achievement_id=achievement_id, raw=body.model_dump())
    return summary(achievement_id, platform, user)
