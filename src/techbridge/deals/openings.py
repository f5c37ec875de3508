"""Engagements that other features open: an open call's winner, a roadshow's 有意向, a completed trade.

The caller says who is interested on which side and why; the pipeline's own rules move the
engagement (both sides interested = mutual interest), and every step lands on its timeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from techbridge.deals import pipeline
from techbridge.deals.contracts import Contract
from techbridge.deals.pipeline import Engagement, EngagementEvent, Side, Stage
from techbridge.deals.repository import ContractRepository, EngagementRepository
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


@dataclass(frozen=True)
class TradeDeal:
    """A finished public trade, as the pipeline and the contract register take it over."""

    achievement_id: int
    title: str  # the achievement's title
    mode_label: str  # 竞价 / 挂牌 / 协议定价公示 / 开放许可
    contract_type: str  # deals.contracts.ContractType value
    amount: Decimal  # 万元
    seller_org_id: int
    seller_user_id: int
    buyer_name: str
    buyer_region: str  # GB/T 2260
    concluded_on: date  # 成交日 (the 成交确认 date, used as the contract's date)
    payment_mode: str
    reference: str  # "trade-<listing id>": the contract's external id under source "trading"
    note: str  # what the trade's closing said
    buyer_org_id: int | None = None
    buyer_user_id: int | None = None
    demand_id: int | None = None  # the buyer's demand, when named: opens or advances the engagement


@dataclass(frozen=True)
class TradeHandover:
    engagement_id: int | None
    contract_id: int


def conclude_trade(uow: UnitOfWork, deal: TradeDeal) -> TradeHandover:
    """Inside the caller's unit of work: create the 技术合同 row pre-filled from the trade (type, amount, parties;
    registration number still empty: it waits for 技术合同认定登记) and open or advance the engagement when the
    buyer named one of its demands (both sides interested, then 洽谈: the contract is being signed)."""
    from techbridge.accounts.directory import get_organization
    from techbridge.listings.queries import get_achievement

    engagement: Engagement | None = None
    if deal.demand_id is not None:
        engagement = open_engagement(
            uow, achievement_id=deal.achievement_id, demand_id=deal.demand_id, actor_id=deal.buyer_user_id, score=None,
            summary=f"{deal.mode_label}成交：{deal.title}", origin=f"{deal.mode_label}“{deal.title}”",
            interests=[Interest(Side.SUPPLIER, deal.seller_user_id, f"{deal.mode_label}挂牌"),
                       Interest(Side.SEEKER, deal.buyer_user_id, f"{deal.mode_label}成交，{deal.amount}万元")])
        uow.flush()
        if engagement.stage == Stage.MUTUAL_INTEREST:
            engagement.stage = Stage.NEGOTIATION.value
            record_event(uow, engagement, deal.buyer_user_id, "stage", from_stage=Stage.MUTUAL_INTEREST.value,
                         to_stage=Stage.NEGOTIATION.value, note=f"{deal.mode_label}成交，进入合同签订")
    repo = uow.repo(ContractRepository)
    link = engagement.id if engagement is not None and repo.for_engagement(engagement.id or 0) is None else None
    seller = get_organization(uow, deal.seller_org_id)
    achievement = get_achievement(uow, deal.achievement_id)
    assert seller is not None
    contract = Contract(
        f"{deal.title[:80]}{deal.contract_type}合同", deal.contract_type, deal.amount, seller.name, deal.buyer_name,
        seller.region_code, deal.buyer_region, deal.concluded_on, deal.payment_mode, seller_org_id=seller.id,
        buyer_org_id=deal.buyer_org_id, industry=achievement.industry if achievement else None,
        trl=achievement.trl if achievement else None, engagement_id=link, source="trading", external_id=deal.reference,
        created_at=utcnow())
    repo.add(contract)
    uow.flush()
    if engagement is not None:
        record_event(uow, engagement, None, "note",
                     note=f"{deal.note}；技术合同已预填（{deal.contract_type}，{deal.amount}万元），待签订并认定登记")
    assert contract.id is not None
    return TradeHandover(engagement.id if engagement else None, contract.id)
