"""Repositories of this feature: the only way its services read and write funds, products and needs."""

from __future__ import annotations

from collections.abc import Sequence

from techbridge.finance import tables
from techbridge.finance.model import FinanceDeal, FinancialProduct, FinancingNeed, Fund, ReviewStatus
from techbridge.storage.repository import ExternallyKeyed, SqlRepository


class FundRepository(ExternallyKeyed[Fund]):
    model = Fund
    table = tables.finance_funds

    def named(self, organization_id: int, name: str) -> Fund | None:
        c = self.table.c
        found = self.list(c.organization_id == organization_id, c.name == name, limit=1)
        return found[0] if found else None

    def published(self) -> Sequence[Fund]:
        return self.list(self.table.c.status == ReviewStatus.PUBLISHED.value, order_by=self.table.c.id)


class ProductRepository(SqlRepository[FinancialProduct]):
    model = FinancialProduct
    table = tables.finance_products

    def named(self, organization_id: int, name: str) -> FinancialProduct | None:
        c = self.table.c
        found = self.list(c.organization_id == organization_id, c.name == name, limit=1)
        return found[0] if found else None

    def published(self) -> Sequence[FinancialProduct]:
        return self.list(self.table.c.status == ReviewStatus.PUBLISHED.value, order_by=self.table.c.id)


class NeedRepository(SqlRepository[FinancingNeed]):
    model = FinancingNeed
    table = tables.finance_needs

    def open_titled(self, organization_id: int, title: str) -> FinancingNeed | None:
        """An open (not rejected or closed) need of the organisation with this title."""
        c = self.table.c
        found = self.list(c.organization_id == organization_id, c.title == title,
                          c.status.in_([ReviewStatus.PENDING.value, ReviewStatus.PUBLISHED.value]), limit=1)
        return found[0] if found else None

    def published(self) -> Sequence[FinancingNeed]:
        return self.list(self.table.c.status == ReviewStatus.PUBLISHED.value, order_by=self.table.c.id)

    def of_organization(self, organization_id: int) -> Sequence[FinancingNeed]:
        c = self.table.c
        return self.list(c.organization_id == organization_id, order_by=c.id.desc())


class DealRepository(SqlRepository[FinanceDeal]):
    model = FinanceDeal
    table = tables.finance_deals

    def for_pair(self, fund_id: int, need_id: int) -> FinanceDeal | None:
        c = self.table.c
        found = self.list(c.fund_id == fund_id, c.need_id == need_id, limit=1)
        return found[0] if found else None

    def of_fund(self, fund_id: int) -> Sequence[FinanceDeal]:
        return self.list(self.table.c.fund_id == fund_id, order_by=self.table.c.id)

    def of_need(self, need_id: int) -> Sequence[FinanceDeal]:
        return self.list(self.table.c.need_id == need_id, order_by=self.table.c.id)
