"""Open calls (揭榜挂帅 / 赛马制): list, read, publish, submit proposals, close, review, publish the result."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, File, Form, UploadFile
from pydantic import BaseModel, Field

from techbridge.challenges import service as challenges
from techbridge.challenges import views as challenge_views
from techbridge.challenges.files import MAX_FILE_BYTES, Upload
from techbridge.challenges.model import DEFAULT_CRITERIA
from techbridge.web.deps import CurrentUser, Id, PlatformDep, RequiredUser
from techbridge.web.schemas import AwareDatetime, IdRef, RequestBody

router = APIRouter(prefix="/challenges", tags=["揭榜挂帅"])


class Criterion(RequestBody):
    name: str
    weight: int = Field(description="权重（%），合计 100")
    max_score: int = 10


class CallCreate(RequestBody):
    demand_id: IdRef
    title: str = ""
    summary: str = ""
    requirements: str = ""
    deadline: date
    reward: str = Field("", description="奖励或经费（万元，字符串）；留空为面议")
    reward_note: str = ""
    mode: str = Field("single", description="single（揭榜挂帅）或 horse_race（赛马制）")
    slots: int | None = Field(None, description="赛马制并行推进的团队数（2–10）")
    criteria: list[Criterion] = Field(default_factory=lambda: [Criterion(**c) for c in DEFAULT_CRITERIA])
    reviewer_ids: list[int]


class ProposalPublic(BaseModel):
    id: IdRef
    team_name: str
    organization: str
    achievement_id: IdRef
    status: str
    mean_score: float | None
    reviews: int
    attachments: list[str]
    engagement_id: IdRef | None
    submitted_at: AwareDatetime | None


class CallPublic(BaseModel):
    id: IdRef
    demand_id: IdRef
    title: str
    summary: str
    requirements: str
    organiser: str
    mode: str
    slots: int
    deadline: date
    reward: str | None
    status: str
    state_label: str
    accepting: bool
    criteria: list[Criterion]
    proposals: list[ProposalPublic] = Field(description="发榜单位、评审专家可见全部方案；公布结果后其他人可见入选方案")


class ReviewRequest(RequestBody):
    scores: dict[str, float] = Field(description="指标名称 → 分数（0–满分）")
    comment: str = ""


class ResultRequest(RequestBody):
    winner_ids: list[int] = Field(description="入选方案 id；为空表示流榜（须填写 note）")
    note: str = ""


class Created(BaseModel):
    id: IdRef


class ResultPublic(BaseModel):
    engagement_ids: list[int]


def _call_public(view: challenge_views.CallView) -> CallPublic:
    c = view.call
    assert c.id is not None and c.demand_id is not None
    proposals = [ProposalPublic(id=r.proposal.id or 0, team_name=r.proposal.team_name, organization=r.organization.name,
                                achievement_id=r.proposal.achievement_id, status=r.proposal.status, mean_score=r.mean,
                                reviews=r.reviews, attachments=[a["name"] for a in r.proposal.attachments],
                                engagement_id=r.proposal.engagement_id, submitted_at=r.proposal.submitted_at)
                 for r in view.proposals]
    return CallPublic(id=c.id, demand_id=c.demand_id, title=c.title, summary=c.summary, requirements=c.requirements,
                      organiser=view.organiser.name, mode=c.mode, slots=c.slots, deadline=c.deadline,
                      reward=f"{c.reward:.2f}" if c.reward is not None else None, status=c.status,
                      state_label=view.state, accepting=view.accepting, criteria=[Criterion(**x) for x in c.criteria],
                      proposals=proposals)


@router.get("", response_model=list[dict[str, Any]], summary="榜单列表")
def list_calls(platform: PlatformDep, status: str = "") -> list[dict[str, Any]]:
    return [{"id": card.call.id, "title": card.call.title, "organiser": card.organiser.name, "mode": card.call.mode,
             "deadline": card.call.deadline.isoformat(), "status": card.call.status, "state_label": card.state,
             "accepting": card.accepting, "proposals": card.proposals}
            for card in challenge_views.list_calls(platform.uow(), status=status)]


@router.get("/{call_id}", response_model=CallPublic, summary="榜单详情")
def get(call_id: Id, platform: PlatformDep, viewer: CurrentUser) -> CallPublic:
    return _call_public(challenge_views.view(platform.uow(), viewer=viewer, challenge_id=call_id))


@router.post("", response_model=Created, status_code=201, summary="把一项已发布的技术需求发布为揭榜榜单")
def publish(body: CallCreate, platform: PlatformDep, user: RequiredUser) -> Created:
    raw = body.model_dump(mode="json")
    raw["slots"] = str(body.slots or "")
    return Created(id=challenges.publish(platform.uow(), actor=user, demand_id=body.demand_id, raw=raw))


@router.post("/{call_id}/proposals", response_model=Created, status_code=201, summary="提交揭榜方案（可带附件）")
async def submit(call_id: Id, platform: PlatformDep, user: RequiredUser, achievement_id: int = Form(..., ge=1, le=2**31 - 1),
                 team_name: str = Form(""), approach: str = Form(...), members: str = Form(""), plan: str = Form(""),
                 budget: str = Form(""), attachments: list[UploadFile] = File(default_factory=list)) -> Created:  # noqa: B008
    uploads = [Upload(f.filename or "", await f.read(MAX_FILE_BYTES + 1)) for f in attachments if f.filename]
    raw = {"achievement_id": str(achievement_id), "team_name": team_name, "approach": approach, "members": members,
           "plan": plan, "budget": budget}
    return Created(id=challenges.submit(platform.uow(), actor=user, challenge_id=call_id, raw=raw, uploads=uploads,
                                        data_dir=platform.settings.data_dir))


@router.post("/{call_id}/close", status_code=204, summary="结束征集，进入评审（发榜单位或管理方）")
def close(call_id: Id, platform: PlatformDep, user: RequiredUser) -> None:
    challenges.close(platform.uow(), actor=user, challenge_id=call_id)


@router.post("/proposals/{proposal_id}/review", summary="评审专家按指标打分")
def review(proposal_id: Id, body: ReviewRequest, platform: PlatformDep, user: RequiredUser) -> dict[str, float]:
    total = challenges.review(platform.uow(), actor=user, proposal_id=proposal_id,
                              scores={k: str(v) for k, v in body.scores.items()}, comment=body.comment)
    return {"total": total}


@router.post("/{call_id}/result", response_model=ResultPublic, summary="公布揭榜结果；入选方案进入对接流程")
def result(call_id: Id, body: ResultRequest, platform: PlatformDep, user: RequiredUser) -> ResultPublic:
    ids = challenges.publish_result(platform.uow(), platform.bus, actor=user, challenge_id=call_id,
                                    winner_ids=body.winner_ids, note=body.note)
    return ResultPublic(engagement_ids=ids)
