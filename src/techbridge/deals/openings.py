"""Engagements that other features open: an open call's winner, a roadshow's 有意向, a completed trade.

The caller says who is interested on which side and why; the pipeline's own rules move the
engagement (both sides interested = mutual interest), and every step lands on its timeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from techbridge.deals import pipeline
from techbridge.deals.pipeline import Engagement, EngagementEvent, Side, Stage
from techbridge.deals.repository import EngagementRepository
from techbridge.kernel.clock import utcnow
from techbridge.storage.uow import UnitOfWork


@dataclass(frozen=True)
class Interest:
    """One party's interest: which side, who (user id), and the reason shown on the timeline."""

    side: Side
    user_id: int | None
    why: str


def record_event(uow: UnitOfWork, engagement: Engagement, actor_id: int | None, kind: str, *,
                 from_stage: str | None = None, to_stage: str | None = None, note: str = "") -> None:
    """Append one event to an engagement's timeline (append-only)."""
    assert engagement.id is not None
    uow.repo(EngagementRepository).add_event(EngagementEvent(engagement.id, actor_id, kind, from_stage, to_stage, None,
                                                             note, at=utcnow()))


def open_engagement(uow: UnitOfWork, *, achievement_id: int, demand_id: int, actor_id: int | None, score: float | None,
                    summary: str, origin: str, interests: Sequence[Interest] = ()) -> Engagement:
    """Find or create the pair's engagement inside the caller's unit of work, record `interests`.

    `origin` is how the timeline names the source ("揭榜挂帅“…”评审入选"). A closed engagement is
    not reopened: the new origin is noted on it instead.
    """
    now = utcnow()
    repo = uow.repo(EngagementRepository)
    engagement = repo.for_pair(achievement_id, demand_id)
    if engagement is None:
        engagement = Engagement(achievement_id, demand_id, score=None if score is None else round(score, 3),
                                summary=summary, created_by=actor_id, created_at=now, updated_at=now)
        repo.add(engagement)
        uow.flush()
        record_event(uow, engagement, actor_id, "created", to_stage=Stage.RECOMMENDED.value, note=f"由{origin}发起对接")
    if Stage(engagement.stage) in pipeline.CLOSED_STAGES:
        record_event(uow, engagement, actor_id, "note", note=f"{origin}（该对接此前已{Stage(engagement.stage).label}）")
    else:
        for interest in interests:
            already = engagement.supplier_interest_at if interest.side == Side.SUPPLIER else engagement.seeker_interest_at
            if interest.side in (Side.SUPPLIER, Side.SEEKER) and already is not None:
                continue
            source = engagement.stage
            move = pipeline.express_interest(engagement, interest.side, now)
            record_event(uow, engagement, interest.user_id, "interest", note=interest.why)
            if move:
                engagement.stage = move.to.value
                record_event(uow, engagement, interest.user_id, "stage", from_stage=source, to_stage=move.to.value)
    engagement.updated_at = now
    return engagement


def record_subject_event(uow: UnitOfWork, subject_kind: str, subject_id: int, actor_id: int | None, kind: str, *,
                         from_stage: str | None = None, to_stage: str | None = None, reason: str | None = None,
                         note: str = "") -> None:
    """Append one event to another pipeline's timeline (the finance funnel's), in the same append-only log."""
    uow.repo(EngagementRepository).add_event(EngagementEvent(None, actor_id, kind, from_stage, to_stage, reason, note,
                                                             at=utcnow(), subject_kind=subject_kind,
                                                             subject_id=subject_id))


def subject_timeline(uow: UnitOfWork, subject_kind: str, subject_id: int) -> Sequence[EngagementEvent]:
    """That pipeline's timeline, oldest first."""
    return uow.repo(EngagementRepository).subject_events(subject_kind, subject_id)


# The stage a completed 概念验证 / 中试 service satisfies, and where it lets the engagement go next.
# 中试熟化 → 签约 still needs a registered contract (pipeline.check_advance), so a pilot record is noted only.
SERVICE_STAGE_NEXT: dict[str, Stage | None] = {
    Stage.CONCEPT_VERIFICATION.value: Stage.PILOT,
    Stage.PILOT.value: None,
}


def satisfy_stage_with_service(uow: UnitOfWork, *, engagement_id: int, stage: str, actor_id: int | None,
                               citation: str) -> str | None:
    """A completed service record satisfies the engagement's 概念验证 / 中试 stage requirement.

    Inside the caller's unit of work: the record is cited on the timeline, and an engagement standing at
    概念验证 moves on to 中试熟化. Returns the stage moved to, or None when it only noted the record.
    """
    engagement = uow.repo(EngagementRepository).get(engagement_id)
    if engagement is None or stage not in SERVICE_STAGE_NEXT:
        return None
    record_event(uow, engagement, actor_id, "note", note=f"{Stage(stage).label}服务已完成：{citation}")
    target = SERVICE_STAGE_NEXT[stage]
    moved = None
    if engagement.stage == stage and target is not None:
        engagement.stage = target.value
        record_event(uow, engagement, actor_id, "stage", from_stage=stage, to_stage=target.value,
                     note=f"依据{Stage(stage).label}服务记录推进")
        moved = target.value
    engagement.updated_at = utcnow()
    return moved
