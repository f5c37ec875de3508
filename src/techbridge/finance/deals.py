"""The finance funnel as use cases: start an entry from a match, move it, end it; its timeline lives in deals' log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError

from techbridge.accounts.directory import get_organization, organizations_by_id
from techbridge.accounts.model import Organization, User
from techbridge.accounts.rules import admin_covers, is_admin, is_broker
from techbridge.deals import openings
from techbridge.deals.pipeline import EngagementEvent
from techbridge.finance import rules
from techbridge.finance.funnel_rules import (
    FLOW,
    SUBJECT,
    FinanceReason,
    FinanceStage,
    Role,
    check_advance,
    check_terminate,
    conversion,
    next_stage,
)
from techbridge.finance.model import FinanceDeal, FinancingNeed, Fund, ReviewStatus
from techbridge.finance.repository import DealRepository, FundRepository, NeedRepository
from techbridge.kernel.clock import utcnow
from techbridge.kernel.errors import InvalidTransition, NotFound, PermissionDenied
from techbridge.kernel.industries import industry_name
from techbridge.kernel.money import parse_wan
from techbridge.kernel.regions import PROVINCES
from techbridge.storage.uow import UnitOfWork


def role_of(user: User | None, fund: Fund, need: FinancingNeed, fund_region: str | None = None) -> Role:
    """How `user` stands to a fund × need pair. An admin steers only the deals touching their province (the
    firm's region or the fund's organisation's), as for engagements; the platform admin and brokers all."""
    if user is None:
        return Role.OTHER
    if is_broker(user) or (is_admin(user) and (admin_covers(user, need.region_code) or admin_covers(user, fund_region))):
        return Role.STEWARD
    if user.organization_id is not None and user.organization_id == fund.organization_id:
        return Role.INVESTOR
    if user.organization_id is not None and user.organization_id == need.organization_id:
        return Role.FIRM
    return Role.OTHER


def _pair(uow: UnitOfWork, deal: FinanceDeal) -> tuple[Fund, FinancingNeed]:
    fund = uow.repo(FundRepository).get(deal.fund_id)
    need = uow.repo(NeedRepository).get(deal.need_id)
    assert fund is not None and need is not None
    return fund, need


def _role(uow: UnitOfWork, user: User | None, fund: Fund, need: FinancingNeed) -> Role:
    org = get_organization(uow, fund.organization_id)
    return role_of(user, fund, need, org.region_code if org else None)


def in_scope(uow: UnitOfWork, user: User | None, deal: FinanceDeal) -> bool:
    """Whether an admin's region covers the deal (the platform admin: every deal)."""
    fund, need = _pair(uow, deal)
    org = get_organization(uow, fund.organization_id)
    return admin_covers(user, need.region_code) or admin_covers(user, org.region_code if org else None)


def start(uow: UnitOfWork, *, actor: User, fund_id: int, need_id: int) -> int:
    """Open (or find) the funnel entry of a fund and a need that passes the fund's hard filters.

    One entry per pair (a unique constraint): when both sides open it at the same moment, the
    first insert stands and the other request is given that entry.
    """
    try:
        return _start(uow, actor=actor, fund_id=fund_id, need_id=need_id)
    except IntegrityError:
        with uow:
            deal = uow.repo(DealRepository).for_pair(fund_id, need_id)
            if deal is None or deal.id is None:
                raise
            return deal.id


def _start(uow: UnitOfWork, *, actor: User, fund_id: int, need_id: int) -> int:
    with uow:
        fund = uow.repo(FundRepository).get(fund_id)
        need = uow.repo(NeedRepository).get(need_id)
        if fund is None or need is None or fund.status != ReviewStatus.PUBLISHED.value or \
                need.status != ReviewStatus.PUBLISHED.value:
            raise NotFound("基金或融资需求不存在或尚未发布")
        if _role(uow, actor, fund, need) == Role.OTHER:
            raise PermissionDenied("只有投资方、融资方、技术经理人或管理方可以发起融资对接")
        failed = [c.reason for c in rules.fund_checks(fund, need) if not c.passed]
        if failed:
            raise InvalidTransition("该项目不符合基金的硬性条件：" + "；".join(failed))
        repo = uow.repo(DealRepository)
        deal = repo.for_pair(fund_id, need_id)
        if deal is None:
            now = utcnow()
            deal = FinanceDeal(fund_id, need_id, created_by=actor.id, created_at=now, updated_at=now)
            repo.add(deal)
            uow.flush()
            assert deal.id is not None
            openings.record_subject_event(uow, SUBJECT, deal.id, actor.id, "created",
                                          to_stage=FinanceStage.RECOMMENDED.value,
                                          note=f"由“{fund.name}”与“{need.title}”的匹配发起")
        assert deal.id is not None
        uow.commit()
        return deal.id


def advance(uow: UnitOfWork, *, actor: User, deal_id: int, target: str, amount: Any = None, note: str = "") -> str:
    with uow:
        deal = uow.repo(DealRepository).get(deal_id)
        if deal is None:
            raise NotFound("融资对接不存在")
        fund, need = _pair(uow, deal)
        wan = parse_wan(amount, field="amount") if target == FinanceStage.CLOSED.value else None
        step = check_advance(deal.stage, target, role=_role(uow, actor, fund, need), amount=wan)
        source, deal.stage, deal.updated_at = deal.stage, step.to.value, utcnow()
        if wan is not None:
            deal.amount_closed = wan
        openings.record_subject_event(uow, SUBJECT, deal_id, actor.id, "stage", from_stage=source, to_stage=step.to.value,
                                      note=(note.strip()[:500] or "") + (f"到位{wan}万元" if wan is not None else ""))
        uow.commit()
        return deal.stage


def terminate(uow: UnitOfWork, *, actor: User, deal_id: int, reason: str, note: str = "") -> None:
    with uow:
        deal = uow.repo(DealRepository).get(deal_id)
        if deal is None:
            raise NotFound("融资对接不存在")
        fund, need = _pair(uow, deal)
        step = check_terminate(deal.stage, role=_role(uow, actor, fund, need), reason=reason, note=note[:500])
        source, deal.stage, deal.termination_reason, deal.updated_at = deal.stage, step.to.value, step.reason, utcnow()
        openings.record_subject_event(uow, SUBJECT, deal_id, actor.id, "stage", from_stage=source,
                                      to_stage=step.to.value, reason=step.reason, note=step.note)
        uow.commit()


@dataclass
class DealView:
    deal: FinanceDeal
    fund: Fund
    need: FinancingNeed
    fund_org: Organization
    need_org: Organization
    timeline: list[EngagementEvent]
    role: Role
    next: FinanceStage | None

    @property
    def stage_label(self) -> str:
        return FinanceStage(self.deal.stage).label


def view(uow: UnitOfWork, *, deal_id: int, viewer: User | None) -> DealView:
    with uow:
        deal = uow.repo(DealRepository).get(deal_id)
        if deal is None:
            raise NotFound("融资对接不存在")
        fund, need = _pair(uow, deal)
        role = _role(uow, viewer, fund, need)
        if role == Role.OTHER:
            raise NotFound("融资对接不存在")
        orgs = organizations_by_id(uow, {fund.organization_id, need.organization_id})
        timeline = list(openings.subject_timeline(uow, SUBJECT, deal_id))
        return DealView(deal, fund, need, orgs[fund.organization_id], orgs[need.organization_id], timeline, role,
                        next_stage(deal.stage))


def deals_of(uow: UnitOfWork, *, fund_id: int | None = None, need_id: int | None = None) -> list[FinanceDeal]:
    with uow:
        repo = uow.repo(DealRepository)
        return list(repo.of_fund(fund_id) if fund_id is not None else repo.of_need(need_id or 0))


@dataclass
class FunnelReport:
    rows: list[tuple[str, int, float | None]]  # stage, entries that reached it, share of the previous
    terminated: list[tuple[str, int]]
    amount_closed: Decimal
    by_province: list[tuple[str, Decimal]]  # money closed (万元) by the firm's province
    by_industry: list[tuple[str, Decimal]]  # … and by its industry


def funnel(uow: UnitOfWork, *, viewer: User | None = None) -> FunnelReport:
    """How far every entry got (from its timeline), why entries ended, and the money that closed; a regional
    admin counts the deals of their province only."""
    with uow:
        deals = list(uow.repo(DealRepository).list())
        if is_admin(viewer):
            deals = [d for d in deals if in_scope(uow, viewer, d)]
        reached: dict[str, int] = {}
        reasons: dict[str, int] = {}
        for deal in deals:
            assert deal.id is not None
            stages = {e.to_stage for e in openings.subject_timeline(uow, SUBJECT, deal.id) if e.to_stage}
            furthest = max((FLOW.index(FinanceStage(s)) for s in stages if FinanceStage(s) in FLOW), default=0)
            for stage in FLOW[: furthest + 1]:
                reached[stage.value] = reached.get(stage.value, 0) + 1
            if deal.termination_reason:
                reasons[deal.termination_reason] = reasons.get(deal.termination_reason, 0) + 1
        closed = sum((d.amount_closed or Decimal(0) for d in deals), Decimal("0.00"))
        needs = uow.repo(NeedRepository).get_many({d.need_id for d in deals if d.amount_closed})
        province: dict[str, Decimal] = {}
        industry: dict[str, Decimal] = {}
        for d in deals:
            need = needs.get(d.need_id)
            if d.amount_closed and need is not None:
                key = PROVINCES.get(need.region_code[:2] + "0000", "其他")
                province[key] = province.get(key, Decimal("0.00")) + d.amount_closed
                industry[industry_name(need.industry)] = industry.get(industry_name(need.industry), Decimal("0.00")) + \
                    d.amount_closed
    return FunnelReport(conversion(reached), sorted(reasons.items(), key=lambda kv: -kv[1]), closed,
                        sorted(province.items(), key=lambda kv: -kv[1]), sorted(industry.items(), key=lambda kv: -kv[1]))


REASONS = [r.value for r in FinanceReason]


@dataclass(frozen=True)
class IdleDeal:
    deal: FinanceDeal
    title: str
    people: list[int]  # members of the fund's and the firm's organisations


def idle_deals(uow: UnitOfWork, *, days: int = 14) -> list[IdleDeal]:
    """Open funnel entries with no move for `days` or more (the idle job reminds their parties)."""
    from techbridge.notifications.service import members_of

    cutoff = utcnow() - timedelta(days=days)
    out = []
    with uow:
        for deal in uow.repo(DealRepository).list():
            if deal.stage in (FinanceStage.CLOSED, FinanceStage.TERMINATED) or (deal.updated_at or cutoff) > cutoff:
                continue
            fund, need = _pair(uow, deal)
            out.append(IdleDeal(deal, f"{fund.name} × {need.title}",
                                [*members_of(uow, fund.organization_id), *members_of(uow, need.organization_id)]))
    return out
