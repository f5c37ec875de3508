"""How other features read engagements and contracts (the deals' public read interface)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from techbridge.deals import tables
from techbridge.deals.contracts import Contract
from techbridge.deals.pipeline import CLOSED_STAGES, Engagement, Stage
from techbridge.deals.repository import ContractRepository, EngagementRepository
from techbridge.storage.uow import UnitOfWork

IN_PROGRESS = (Stage.MUTUAL_INTEREST, Stage.NEGOTIATION, Stage.CONCEPT_VERIFICATION, Stage.PILOT)


def get_engagement(uow: UnitOfWork, engagement_id: int) -> Engagement | None:
    return uow.repo(EngagementRepository).get(engagement_id)


def engagement_for_pair(uow: UnitOfWork, achievement_id: int, demand_id: int) -> Engagement | None:
    return uow.repo(EngagementRepository).for_pair(achievement_id, demand_id)


def contract_of(uow: UnitOfWork, engagement_id: int) -> Contract | None:
    return uow.repo(ContractRepository).for_engagement(engagement_id)


def engagements_past_recommendation(uow: UnitOfWork) -> Sequence[Engagement]:
    """Engagements someone acted on (the evidence the ranking learns from)."""
    repo = uow.repo(EngagementRepository)
    return repo.list(repo.table.c.stage != Stage.RECOMMENDED)


def headline_counts(uow: UnitOfWork) -> tuple[int, int]:
    """(engagements ever started, engagements past mutual interest and still open)."""
    return uow.repo(EngagementRepository).headline_counts()


def count_in_progress(uow: UnitOfWork) -> int:
    repo = uow.repo(EngagementRepository)
    return repo.count(repo.table.c.stage.in_([s.value for s in IN_PROGRESS]))


def open_for_broker(uow: UnitOfWork, broker_id: int | None) -> Sequence[Engagement]:
    return uow.repo(EngagementRepository).open_for_broker(broker_id)


def unassigned_open(uow: UnitOfWork, limit: int = 100) -> Sequence[Engagement]:
    return uow.repo(EngagementRepository).unassigned_open(limit=limit)


def count_unassigned_open(uow: UnitOfWork) -> int:
    repo = uow.repo(EngagementRepository)
    c = repo.table.c
    return repo.count(c.broker_id.is_(None), c.stage.not_in([s.value for s in CLOSED_STAGES]))


def stage_counts_of_brokers(uow: UnitOfWork, broker_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Per broker: how many of the engagements they look after are at each stage."""
    ids = list(set(broker_ids))
    found: dict[int, dict[str, int]] = {}
    if ids:
        e = tables.engagements.c
        stmt = select(e.broker_id, e.stage, func.count()).where(e.broker_id.in_(ids)).group_by(e.broker_id, e.stage)
        assert uow.session is not None
        for broker_id, stage, count in uow.session.execute(stmt):
            found.setdefault(broker_id, {})[stage] = int(count)
    return found


def signed_record_of_brokers(uow: UnitOfWork, broker_ids: Iterable[int]) -> dict[int, tuple[int, Decimal | None, date | None]]:
    """Per broker: (contracts signed in deals they looked after, total amount 万元, latest signing date)."""
    ids = list(set(broker_ids))
    if not ids:
        return {}
    e, k = tables.engagements.c, tables.contracts.c
    stmt = (select(e.broker_id, func.count(k.id), func.sum(k.amount), func.max(k.signed_on))
            .select_from(tables.engagements.join(tables.contracts, k.engagement_id == e.id))
            .where(e.broker_id.in_(ids)).group_by(e.broker_id))
    assert uow.session is not None
    return {r[0]: (int(r[1]), r[2], r[3]) for r in uow.session.execute(stmt)}


def comparable_contracts(uow: UnitOfWork, *, industry: str, contract_types: Iterable[str]) -> list[tuple[Contract, int | None]]:
    """Technology contracts of one industry and contract type, each with the achievement id of its engagement
    (None when the contract was recorded without one): the market method's comparables (issue 14). A contract
    without an engagement is still comparable when its record gives the TRL (`Contract.trl`)."""
    repo = uow.repo(ContractRepository)
    col = repo.table.c
    found = list(repo.list(col.industry == industry, col.contract_type.in_(list(contract_types))))
    engagements = uow.repo(EngagementRepository).get_many(x.engagement_id for x in found if x.engagement_id)
    return [(x, engagements[x.engagement_id].achievement_id if x.engagement_id in engagements else None)
            for x in found]


def beijing_contracts_by_buyer_province(uow: UnitOfWork) -> dict[str, int]:
    """Technology contracts sold from Beijing (seller 11xxxx), counted by the buyer's province code ("120000")."""
    k = tables.contracts.c
    province = func.substr(k.buyer_region, 1, 2)
    stmt = select(province, func.count(k.id)).where(k.seller_region.like("11%")).group_by(province)
    assert uow.session is not None
    return {f"{r[0]}0000": int(r[1]) for r in uow.session.execute(stmt)}


def get_contract(uow: UnitOfWork, contract_id: int) -> Contract | None:
    """One technology contract (a trade page shows the contract its trade pre-filled)."""
    return uow.repo(ContractRepository).get(contract_id)
