"""Use cases of incubation carriers: register tenancies, the compliance card."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from techbridge.accounts.model import User
from techbridge.accounts.rules import admin_covers
from techbridge.incubation.repository import CarrierRepository
from techbridge.incubation.rules import (
    SOURCE,
    Carrier,
    Check,
    Tenancy,
    check_tenancy,
    national_incubator_checks,
    overlapping,
)
from techbridge.kernel.clock import beijing_today
from techbridge.kernel.errors import Conflict, NotFound, PermissionDenied
from techbridge.storage.uow import UnitOfWork


def may_manage(user: User | None, carrier: Carrier) -> bool:
    return user is not None and (admin_covers(user, carrier.region_code) or
                                 (user.organization_id is not None and user.organization_id == carrier.organization_id))


def list_carriers(uow: UnitOfWork) -> list[Carrier]:
    with uow:
        return list(uow.repo(CarrierRepository).list(order_by=uow.repo(CarrierRepository).table.c.id))


def add_tenancy(uow: UnitOfWork, *, actor: User, tenancy: Tenancy, today: date | None = None) -> int:
    """Register a firm's tenancy; its dates must agree with its status and not overlap its earlier stay."""
    today = today or beijing_today()
    check_tenancy(tenancy, today=today)
    with uow:
        carrier = uow.repo(CarrierRepository).get(tenancy.carrier_id)
        if carrier is None:
            raise NotFound("载体不存在")
        if not may_manage(actor, carrier):
            raise PermissionDenied("只有载体运营单位或所在地区管理方可以登记入驻企业")
        if any(overlapping(t, tenancy, today=today) for t in uow.repo(CarrierRepository).tenancies(tenancy.carrier_id)):
            raise Conflict("该企业在本载体的入驻期间与已登记的记录重叠", code="tenancy_overlap")
        uow.repo(CarrierRepository).add_tenancy(tenancy)
        uow.commit()
        assert tenancy.id is not None
        return tenancy.id


@dataclass
class ComplianceCard:
    carrier: Carrier
    tenancies: list[Tenancy]
    checks: list[Check]
    source: str = SOURCE


def compliance_card(uow: UnitOfWork, *, carrier_id: int, today: date | None = None) -> ComplianceCard:
    with uow:
        carrier = uow.repo(CarrierRepository).get(carrier_id)
        if carrier is None:
            raise NotFound("载体不存在")
        tenancies = uow.repo(CarrierRepository).tenancies(carrier_id)
    return ComplianceCard(carrier, tenancies, national_incubator_checks(carrier.facts(tenancies),
                                                                       today=today or beijing_today()))
