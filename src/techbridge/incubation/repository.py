"""The only code that queries incubation carriers and tenancies."""

from __future__ import annotations

import builtins

from sqlalchemy import select

from techbridge.incubation import tables
from techbridge.incubation.rules import Carrier, Tenancy
from techbridge.storage.repository import SqlRepository


class CarrierRepository(SqlRepository[Carrier]):
    model = Carrier
    table = tables.incubation_carriers

    def tenancies(self, carrier_id: int) -> builtins.list[Tenancy]:
        c = tables.incubation_tenancies.c
        return list(self.session.scalars(select(Tenancy).where(c.carrier_id == carrier_id)
                                         .order_by(c.moved_in, c.id)))

    def tenancy(self, tenancy_id: int) -> Tenancy | None:
        return self.session.get(Tenancy, tenancy_id)

    def add_tenancy(self, tenancy: Tenancy) -> None:
        self.session.add(tenancy)
        self.session.flush()
