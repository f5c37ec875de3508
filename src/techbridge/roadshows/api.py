"""路演 JSON API: roadshows, their programme (slots) and scorecards, registrations, 有意向 follow-up, invite lists
from matching and invitations, and the 对接清单."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import Field

from techbridge.kernel.errors import PermissionDenied
from techbridge.roadshows import followup, invitations, rules
from techbridge.roadshows import service as roadshows
from techbridge.web.deps import CurrentUser, Id, PlatformDep, RequiredUser
from techbridge.web.schemas import IdRef, RequestBody

router = APIRouter(tags=["路演"])


class RoadshowWrite(RequestBody):
    title: str = Field(max_length=100)
    held_on: date
    venue: str = Field("", max_length=200)
    online: bool = False
    industry: str = Field("", max_length=32)
    theme: str = Field("", max_length=2000)
    minutes: int = Field(10, description="每个项目时长（分钟，5–60）")
    need_ids: list[IdRef] = Field([], max_length=50, description="已发布的融资需求，按出场顺序")
    achievement_ids: list[IdRef] = Field([], max_length=50, description="已发布的科技成果，排在融资项目之后")
    jury_ids: list[IdRef] = Field([], max_length=30, description="评委（技术经理人或管理方）")


class RegistrationWrite(RequestBody):
    kind: str = Field(description="investor 投资机构 / enterprise 企业")
    tags: str = Field("", max_length=200, description="关注方向")


class ScoreWrite(RequestBody):
    tech: int = Field(ge=0, le=10, description="技术先进性（权重30%）")
    market: int = Field(ge=0, le=10, description="市场前景（权重30%）")
    team: int = Field(ge=0, le=10, description="团队能力（权重20%）")
    plan: int = Field(ge=0, le=10, description="融资方案（权重20%）")


class InvitationWrite(RequestBody):
    organization_ids: list[IdRef] = Field([], max_length=200, description="从匹配名单中选择；为空则邀请全部")


def _summary(show: Any) -> dict[str, Any]:
    return {"id": show.id, "title": show.title, "held_on": show.held_on.isoformat(), "venue": show.venue,
            "online": show.online, "industry": show.industry, "theme": show.theme, "organiser_id": show.organiser_id}


def _view(v: roadshows.RoadshowView) -> dict[str, Any]:
    return {
        **_summary(v.show), "past": v.past, "jury": [{"id": j.id, "name": j.display_name} for j in v.jury],
        "criteria": [{"key": k, "label": label, "weight": w} for k, label, w in rules.CRITERIA],
        "registrations": len(v.registrations), "registered": v.registered, "is_juror": v.is_juror,
        "is_organiser": v.is_organiser, "deals": v.deals, "engagements": v.engagements,
        "slots": [{
            "id": s.slot.id, "position": s.slot.position, "minutes": s.slot.minutes, "kind": s.kind_label,
            "need_id": s.slot.need_id, "achievement_id": s.slot.achievement_id, "title": s.title,
            "mean_score": str(s.mean_score) if s.mean_score is not None else None, "scores": s.scores,
            "per_criterion": {k: str(x) for k, x in s.per_criterion.items()}, "interested": s.interested,
            "i_am_interested": s.i_am_interested,
            "my_score": str(s.my_score.total) if s.my_score is not None else None,
        } for s in v.slots],
        "ranking": [s.slot.id for s in v.ranked if s.mean_score is not None],
    }


@router.get("/roadshows", summary="路演列表（最近的在前）")
def list_roadshows(platform: PlatformDep, viewer: CurrentUser) -> list[dict[str, Any]]:
    return [_summary(s) for s in roadshows.listing(platform.uow())]


@router.post("/roadshows", status_code=201, summary="组织路演（管理方、技术经理人）：项目来自已发布的融资需求和成果")
def create_roadshow(body: RoadshowWrite, platform: PlatformDep, user: RequiredUser) -> dict[str, Any]:
    raw = {"title": body.title, "held_on": body.held_on.isoformat(), "venue": body.venue, "online": "1" if body.online else "",
           "industry": body.industry, "theme": body.theme, "minutes": str(body.minutes)}
    show_id = roadshows.create(platform.uow(), actor=user, raw=raw, need_ids=list(body.need_ids),
                               jury_ids=list(body.jury_ids), achievement_ids=list(body.achievement_ids))
    return _view(roadshows.view(platform.uow(), None, roadshow_id=show_id, viewer=user))


@router.get("/roadshows/{roadshow_id}", summary="路演详情：议程、评委加权得分、意向与转化")
def get_roadshow(roadshow_id: Id, platform: PlatformDep, viewer: CurrentUser) -> dict[str, Any]:
    return _view(roadshows.view(platform.uow(), None, roadshow_id=roadshow_id, viewer=viewer))


@router.post("/roadshows/{roadshow_id}/registrations", status_code=201, summary="报名参加（同一人只能报名一次）")
def register(roadshow_id: Id, body: RegistrationWrite, platform: PlatformDep, user: RequiredUser) -> dict[str, Any]:
    roadshows.register(platform.uow(), actor=user, roadshow_id=roadshow_id, kind=body.kind, tags=body.tags)
    return {"roadshow_id": roadshow_id, "registered": True}


@router.post("/roadshows/{roadshow_id}/slots/{slot_id}/scores", status_code=201,
             summary="评委打分（每项0–10，按权重折算百分制；每位评委每个项目一次）")
def score(roadshow_id: Id, slot_id: Id, body: ScoreWrite, platform: PlatformDep, user: RequiredUser) -> dict[str, Any]:
    roadshows.slot_of(platform.uow(), roadshow_id=roadshow_id, slot_id=slot_id)
    total = roadshows.score(platform.uow(), actor=user, slot_id=slot_id, raw=body.model_dump())
    return {"slot_id": slot_id, "total": str(total)}


@router.post("/roadshows/{roadshow_id}/slots/{slot_id}/interest", status_code=201,
             summary="有意向：自动发起融资对接（基金符合时）或技术对接（有已发布需求时），否则由组织方跟进")
def interest(roadshow_id: Id, slot_id: Id, platform: PlatformDep, user: RequiredUser) -> dict[str, Any]:
    roadshows.slot_of(platform.uow(), roadshow_id=roadshow_id, slot_id=slot_id)
    follow = roadshows.interested(platform.uow(), actor=user, slot_id=slot_id)
    return {"deal_id": follow.deal_id, "engagement_id": follow.engagement_id, "link": follow.link}


@router.get("/roadshows/{roadshow_id}/invitees", summary="邀请名单（来自匹配；组织方）")
def get_invitees(roadshow_id: Id, platform: PlatformDep, user: RequiredUser) -> list[dict[str, Any]]:
    v = roadshows.view(platform.uow(), platform.embedder, roadshow_id=roadshow_id, viewer=user)
    if not v.is_organiser:
        raise PermissionDenied("只有本场路演的组织方可以查看邀请名单")
    invited = {i.organization_id for i in v.invited}
    return [{"organization_id": i.organization_id, "name": i.name, "kind": i.kind, "fits": i.fits, "reason": i.reason,
             "invited": i.organization_id in invited} for i in v.invitees]


@router.post("/roadshows/{roadshow_id}/invitations", summary="向匹配名单中的机构发出邀请（站内通知）")
def invite(roadshow_id: Id, body: InvitationWrite, platform: PlatformDep, user: RequiredUser) -> dict[str, int]:
    count = invitations.invite(platform.uow(), platform.embedder, actor=user, roadshow_id=roadshow_id,
                               organization_ids=list(body.organization_ids))
    return {"invited": count}


@router.get("/roadshows/{roadshow_id}/checklist", summary="对接清单：每个意向、自动发起的对接及其当前阶段与闲置天数")
def get_checklist(roadshow_id: Id, platform: PlatformDep, user: RequiredUser) -> list[dict[str, Any]]:
    v = roadshows.view(platform.uow(), None, roadshow_id=roadshow_id, viewer=user)
    if not v.is_organiser:
        raise PermissionDenied("对接清单仅路演组织方和管理方可见")
    return [{"position": r.position, "project": r.project, "attendee": r.attendee, "organization": r.organization,
             "kind": r.kind, "link": r.link, "stage": r.stage, "idle_days": r.idle_days, "idle": r.idle,
             "last_activity": r.last_activity.isoformat() if r.last_activity else None}
            for r in followup.checklist(platform.uow(), roadshow_id=roadshow_id)]

