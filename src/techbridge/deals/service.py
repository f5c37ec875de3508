"""Use cases of the engagement pipeline: interest, stage moves, brokers, contracts, termination."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from techbridge.accounts.directory import get_organization, get_user, users_by_id
from techbridge.accounts.model import Organization, Role, User
from techbridge.accounts.rules import admin_covers, is_admin
from techbridge.deals import pipeline as rules
from techbridge.deals.contracts import Contract, validate_contract_input
from techbridge.deals.pipeline import Engagement, EngagementEvent, Side, Stage
from techbridge.deals.repository import ContractRepository, EngagementRepository
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationError
from techbridge.listings import queries as listing_queries
from techbridge.listings import service as registry
from techbridge.listings.events import EventBus
from techbridge.listings.model import Achievement, Demand
from techbridge.listings.queries import achievements_by_id, demands_by_id, get_achievement, get_demand
from techbridge.notifications.model import NotificationKind
from techbridge.notifications.service import members_of, notify
from techbridge.storage.uow import UnitOfWork


@dataclass(frozen=True)
class EngagementChanged:
    """An engagement moved (the ranking's outcome statistics depend on it)."""

    engagement_id: int
    stage: str


@dataclass
class EngagementView:
    engagement: Engagement
    achievement: Achievement
    demand: Demand
    supplier: Organization
    seeker: Organization
    events: list[EngagementEvent]
    contract: Contract | None
    side: Side
    contacts_visible: bool
    next_stages: list[Stage]
    broker: User | None
    actors: dict[int, User]


def _load(uow: UnitOfWork, engagement_id: int) -> tuple[Engagement, Achievement, Demand]:
    engagement = uow.repo(EngagementRepository).get(engagement_id)
    if engagement is None:
        raise NotFound("对接不存在")
    achievement = get_achievement(uow, engagement.achievement_id)
    demand = get_demand(uow, engagement.demand_id)
    assert achievement is not None and demand is not None
    return engagement, achievement, demand


def _side(actor: User, engagement: Engagement, achievement: Achievement, demand: Demand) -> Side:
    role = actor.role
    if is_admin(actor) and not (admin_covers(actor, achievement.region_code) or admin_covers(actor, demand.region_code)):
        role = "outsider"  # an admin oversees the engagements touching their own region only
    return rules.side_of(user_role=role, user_org_id=actor.organization_id, user_id=actor.id,
                         supplier_org_id=achievement.organization_id, seeker_org_id=demand.organization_id,
                         broker_id=engagement.broker_id)


def _record(uow: UnitOfWork, engagement: Engagement, actor: User | None, kind: str, *, from_stage: str | None = None,
            to_stage: str | None = None, reason: str | None = None, note: str = "") -> None:
    assert engagement.id is not None
    now = utcnow()
    uow.repo(EngagementRepository).add_event(EngagementEvent(engagement.id, actor.id if actor else None, kind, from_stage, to_stage,
                                              reason, note, at=now))
    engagement.updated_at = now


def _people(uow: UnitOfWork, engagement: Engagement, achievement: Achievement, demand: Demand) -> list[int]:
    return [*members_of(uow, achievement.organization_id), *members_of(uow, demand.organization_id),
            *([engagement.broker_id] if engagement.broker_id else [])]


def _move(uow: UnitOfWork, engagement: Engagement, actor: User | None, move: rules.Move, note: str = "") -> None:
    source = engagement.stage
    engagement.stage = move.to.value
    if move.to == Stage.TERMINATED:
        engagement.termination_reason, engagement.termination_note = move.reason, move.note
    _record(uow, engagement, actor, "stage", from_stage=source, to_stage=move.to.value, reason=move.reason,
            note=move.note or note)


def express_interest(
    uow: UnitOfWork, bus: EventBus | None, *, actor: User, achievement_id: int, demand_id: int,
    score: float | None = None, summary: str = "", note: str = "",
) -> int:
    """Create (or find) the engagement of this pair and record the actor's interest."""
    with uow:
        achievement = registry.get_listing(uow, kind="achievement", viewer=actor, listing_id=achievement_id)
        demand = registry.get_listing(uow, kind="demand", viewer=actor, listing_id=demand_id)
        if achievement.status != "published" or demand.status != "published":
            raise InvalidTransition("只有已发布的成果和需求之间可以发起对接")
        assert isinstance(achievement, Achievement) and isinstance(demand, Demand)
        engagement = uow.repo(EngagementRepository).for_pair(achievement_id, demand_id)
        now = utcnow()
        if engagement is None:
            engagement = Engagement(achievement_id, demand_id, score=score, summary=summary, created_by=actor.id,
                                    created_at=now, updated_at=now)
            if actor.role == Role.BROKER:
                engagement.broker_id = actor.id  # a broker who starts a deal looks after it
            uow.repo(EngagementRepository).add(engagement)
            uow.flush()
            _record(uow, engagement, actor, "created", to_stage=Stage.RECOMMENDED.value, note="由推荐匹配发起对接")
        side = _side(actor, engagement, achievement, demand)
        if side == Side.OTHER and actor.role == Role.BROKER and engagement.broker_id is None:
            engagement.broker_id = actor.id
            side = Side.BROKER
        move = rules.express_interest(engagement, side, now)
        _record(uow, engagement, actor, "interest", note=note or f"{side_label(side)}表达了对接意向")
        if move:
            _move(uow, engagement, actor, move)
        assert engagement.id is not None
        engagement_id = engagement.id
        _notify_interest(uow, engagement, achievement, demand, actor, side)
        uow.commit()
    if bus:
        bus.publish(EngagementChanged(engagement_id, engagement.stage))
    return engagement_id


def side_label(side: Side) -> str:
    return {Side.SUPPLIER: "成果方", Side.SEEKER: "需求方", Side.BROKER: "技术经理人", Side.ADMIN: "管理方"}.get(side, "")


def _notify_interest(uow: UnitOfWork, engagement: Engagement, achievement: Achievement, demand: Demand, actor: User,
                     side: Side) -> None:
    link = f"/engagements/{engagement.id}"
    if engagement.mutual and engagement.stage == Stage.MUTUAL_INTEREST:
        notify(uow, _people(uow, engagement, achievement, demand), kind=NotificationKind.MUTUAL,
               title=f"双向意向达成：{achievement.title} × {demand.title}",
               body="双方均已表达对接意向，联系方式已向双方公开，可以开始洽谈。", link=link)
        return
    other_org = demand.organization_id if side == Side.SUPPLIER else achievement.organization_id
    targets = members_of(uow, other_org) if side in rules.PARTIES else [
        *members_of(uow, achievement.organization_id), *members_of(uow, demand.organization_id)]
    mine = achievement.title if side == Side.SEEKER else demand.title
    notify(uow, [*targets, engagement.broker_id], kind=NotificationKind.INTEREST, exclude=actor.id,
           title=f"收到对接意向：{mine}", body=f"{side_label(side)}对“{achievement.title}”与“{demand.title}”的对接表达了意向。",
           link=link)


def advance(uow: UnitOfWork, bus: EventBus | None, *, actor: User, engagement_id: int, target: str,
            note: str = "") -> None:
    """Move an engagement one stage forward (rules in domain/pipeline.py)."""
    with uow:
        engagement, achievement, demand = _load(uow, engagement_id)
        side = _side(actor, engagement, achievement, demand)
        has_contract = uow.repo(ContractRepository).for_engagement(engagement_id) is not None
        move = rules.check_advance(engagement, target, side=side, trl=achievement.trl, has_contract=has_contract)
        _move(uow, engagement, actor, move, note)
        notify(uow, _people(uow, engagement, achievement, demand), kind=NotificationKind.STAGE, exclude=actor.id,
               title=f"对接进入“{move.to.label}”：{achievement.title}", body=note, link=f"/engagements/{engagement_id}")
        uow.commit()
    if bus:
        bus.publish(EngagementChanged(engagement_id, target))


def terminate(uow: UnitOfWork, bus: EventBus | None, *, actor: User, engagement_id: int, reason: str,
              note: str = "") -> None:
    """End an open engagement with a structured reason (it feeds back into ranking)."""
    with uow:
        engagement, achievement, demand = _load(uow, engagement_id)
        side = _side(actor, engagement, achievement, demand)
        move = rules.check_terminate(engagement, side=side, reason=reason, note=note)
        _move(uow, engagement, actor, move)
        notify(uow, _people(uow, engagement, achievement, demand), kind=NotificationKind.STAGE, exclude=actor.id,
               title=f"对接已终止：{achievement.title}", body=f"原因：{move.reason}{('，' + move.note) if move.note else ''}",
               link=f"/engagements/{engagement_id}")
        uow.commit()
    if bus:
        bus.publish(EngagementChanged(engagement_id, Stage.TERMINATED.value))


def assign_broker(uow: UnitOfWork, *, actor: User, engagement_id: int, broker_id: int) -> None:
    """An admin assigns any broker; a broker may claim an unassigned engagement for themself."""
    with uow:
        engagement, achievement, demand = _load(uow, engagement_id)
        broker = get_user(uow, broker_id)
        if broker is None or broker.role != Role.BROKER:
            raise NotFound("技术经理人不存在")
        if actor.role == Role.BROKER:
            if broker_id != actor.id:
                raise PermissionDenied("技术经理人只能认领给自己")
            if engagement.broker_id not in (None, actor.id):
                raise Conflict("该对接已有技术经理人负责")
        elif _side(actor, engagement, achievement, demand) != Side.ADMIN:
            raise PermissionDenied("只有相关地区的管理方可以指派技术经理人")
        engagement.broker_id = broker_id
        _record(uow, engagement, actor, "assigned", note=f"由技术经理人 {broker.display_name} 负责")
        notify(uow, [broker_id], kind=NotificationKind.ASSIGNED, exclude=actor.id,
               title=f"新的对接交由您负责：{achievement.title} × {demand.title}", link=f"/engagements/{engagement_id}")
        uow.commit()


def add_note(uow: UnitOfWork, *, actor: User, engagement_id: int, note: str) -> None:
    with uow:
        engagement, achievement, demand = _load(uow, engagement_id)
        if _side(actor, engagement, achievement, demand) == Side.OTHER:
            raise PermissionDenied("只有对接双方、负责的技术经理人或管理方可以记录进展")
        if not note.strip():
            raise InvalidTransition("请填写进展内容")
        _record(uow, engagement, actor, "note", note=note.strip()[:2000])
        uow.commit()


def record_contract(uow: UnitOfWork, bus: EventBus | None, *, actor: User, engagement_id: int,
                    raw: Mapping[str, Any], sign: bool = True) -> int:
    """Register the technology contract of an engagement and, by default, move it to 签约."""
    with uow:
        engagement, achievement, demand = _load(uow, engagement_id)
        side = _side(actor, engagement, achievement, demand)
        if side == Side.OTHER:
            raise PermissionDenied("只有对接双方、负责的技术经理人或管理方可以登记合同")
        if uow.repo(ContractRepository).for_engagement(engagement_id) is not None:
            raise Conflict("该对接已登记技术合同")
        seller = get_organization(uow, achievement.organization_id)
        buyer = get_organization(uow, demand.organization_id)
        assert seller is not None and buyer is not None
        values = {"title": f"{achievement.title}", "seller_name": seller.name, "buyer_name": buyer.name,
                  "seller_region": seller.region_code, "buyer_region": buyer.region_code,
                  "industry": demand.industry or achievement.industry, "trl": achievement.trl, **raw}
        data = validate_contract_input(values, today=beijing_today())
        if data.registration_no and uow.repo(ContractRepository).by_registration_no(data.registration_no):
            raise Conflict(f"登记编号 {data.registration_no} 已被使用")
        contract = Contract(**vars(data), seller_org_id=seller.id, buyer_org_id=buyer.id, engagement_id=engagement_id,
                            source="platform", created_at=utcnow())
        uow.repo(ContractRepository).add(contract)
        uow.flush()
        _record(uow, engagement, actor, "note", note=f"登记技术合同：{data.contract_type}，{data.amount}万元")
        if sign:
            move = rules.check_advance(engagement, Stage.SIGNED, side=side, trl=achievement.trl, has_contract=True)
            _move(uow, engagement, actor, move)
            notify(uow, _people(uow, engagement, achievement, demand), kind=NotificationKind.STAGE, exclude=actor.id,
                   title=f"对接已签约：{achievement.title}", body=f"{data.contract_type}合同，成交金额{data.amount}万元。",
                   link=f"/engagements/{engagement_id}")
        assert contract.id is not None
        contract_id = contract.id
        uow.commit()
    if bus and sign:
        bus.publish(EngagementChanged(engagement_id, Stage.SIGNED.value))
    return contract_id


def _may_view(viewer: User, side: Side) -> bool:
    return side != Side.OTHER or viewer.role == Role.BROKER


def engagement_seen_by(uow: UnitOfWork, viewer: User | None, achievement: Achievement, demand: Demand) -> Engagement | None:
    """The pair's engagement when the viewer may open it (a match list links only what its reader can see)."""
    assert achievement.id is not None and demand.id is not None
    engagement = uow.repo(EngagementRepository).for_pair(achievement.id, demand.id)
    if engagement is None or viewer is None:
        return None
    return engagement if _may_view(viewer, _side(viewer, engagement, achievement, demand)) else None


def may_open(uow: UnitOfWork, viewer: User | None, engagement_id: int) -> bool:
    """Whether a page may link this engagement for the viewer (inside the caller's unit of work)."""
    engagement = uow.repo(EngagementRepository).get(engagement_id)
    if engagement is None or viewer is None:
        return False
    achievement = get_achievement(uow, engagement.achievement_id)
    demand = get_demand(uow, engagement.demand_id)
    assert achievement is not None and demand is not None
    return _may_view(viewer, _side(viewer, engagement, achievement, demand))


def view(uow: UnitOfWork, *, viewer: User, engagement_id: int) -> EngagementView:
    """An engagement with everything its page shows; only people involved may look."""
    with uow:
        engagement, achievement, demand = _load(uow, engagement_id)
        side = _side(viewer, engagement, achievement, demand)
        if not _may_view(viewer, side):
            raise NotFound("对接不存在或无权查看")
        supplier = get_organization(uow, achievement.organization_id)
        seeker = get_organization(uow, demand.organization_id)
        assert supplier is not None and seeker is not None
        events = list(uow.repo(EngagementRepository).events(engagement_id))
        actor_ids = {e.actor_id for e in events if e.actor_id} | ({engagement.broker_id} if engagement.broker_id else set())
        actors = users_by_id(uow, actor_ids)
        return EngagementView(
            engagement, achievement, demand, supplier, seeker, events, uow.repo(ContractRepository).for_engagement(engagement_id),
            side, rules.contacts_visible(engagement, side), rules.next_stages(engagement.stage, trl=achievement.trl),
            actors.get(engagement.broker_id) if engagement.broker_id else None, actors,
        )


@dataclass
class BoardCard:
    engagement: Engagement
    achievement_title: str
    demand_title: str
    idle_days: int
    idle: bool


def board(uow: UnitOfWork, *, broker: User, idle_after_days: int = 14) -> dict[Stage, list[BoardCard]]:
    """A broker's kanban: engagements in their care by stage, those idle too long flagged."""
    with uow:
        items = uow.repo(EngagementRepository).open_for_broker(broker.id) if broker.role == Role.BROKER else \
            uow.repo(EngagementRepository).list(order_by=uow.repo(EngagementRepository).table.c.updated_at)
        achievements = achievements_by_id(uow, {e.achievement_id for e in items})
        demands = demands_by_id(uow, {e.demand_id for e in items})
    now = utcnow()
    columns: dict[Stage, list[BoardCard]] = {stage: [] for stage in [*rules.FLOW, Stage.TERMINATED]}
    for e in items:
        idle_days = (now - (e.updated_at or now)).days
        idle = Stage(e.stage) in rules.OPEN_STAGES and idle_days > idle_after_days
        columns[Stage(e.stage)].append(BoardCard(e, achievements[e.achievement_id].title, demands[e.demand_id].title,
                                                 idle_days, idle))
    return columns


def idle_engagements(uow: UnitOfWork, *, days: int) -> list[Engagement]:
    """Open engagements with no activity for more than `days` days."""
    with uow:
        c = uow.repo(EngagementRepository).table.c
        cutoff = utcnow() - timedelta(days=days)
        return list(uow.repo(EngagementRepository).list(c.stage.in_([s.value for s in rules.OPEN_STAGES]), c.updated_at < cutoff))


def for_organization(uow: UnitOfWork, *, org_id: int) -> list[tuple[Engagement, str, str]]:
    """Engagements involving any listing of an organisation, newest activity first."""
    with uow:
        mine_a = listing_queries.ids_of_organization(uow, "achievement", org_id)
        mine_d = listing_queries.ids_of_organization(uow, "demand", org_id)
        c = uow.repo(EngagementRepository).table.c
        items = list(uow.repo(EngagementRepository).list(c.achievement_id.in_(mine_a) | c.demand_id.in_(mine_d),
                                          order_by=c.updated_at.desc()))
        achievements = achievements_by_id(uow, {e.achievement_id for e in items})
        demands = demands_by_id(uow, {e.demand_id for e in items})
        return [(e, achievements[e.achievement_id].title, demands[e.demand_id].title) for e in items]


def register_contract_number(uow: UnitOfWork, *, actor: User, contract_id: int, registration_no: Any) -> str:
    """Record the 技术合同认定登记 number of a contract the platform pre-filled (e.g. from a finished trade).

    The parties' members and the admins may; a number is used once; a registered contract keeps its number.
    """
    from techbridge.deals.contracts import validate_registration_no

    number = validate_registration_no(registration_no)
    if number is None:
        raise ValidationError("请填写技术合同登记编号", field="registration_no", code="required")
    with uow:
        repo = uow.repo(ContractRepository)
        contract = repo.get(contract_id)
        if contract is None:
            raise NotFound("技术合同不存在")
        if not (is_admin(actor) or (actor.organization_id is not None
                                    and actor.organization_id in (contract.seller_org_id, contract.buyer_org_id))):
            raise PermissionDenied("只有合同双方或管理方可以填写登记编号")
        if contract.registration_no:
            raise Conflict(f"该合同已认定登记（编号 {contract.registration_no}）")
        if repo.by_registration_no(number) is not None:
            raise Conflict(f"登记编号 {number} 已被使用")
        contract.registration_no = number
        if contract.engagement_id is not None:
            engagement = uow.repo(EngagementRepository).get(contract.engagement_id)
            if engagement is not None:
                _record(uow, engagement, actor, "note", note=f"技术合同已认定登记，登记编号 {number}")
        uow.commit()
    return number
