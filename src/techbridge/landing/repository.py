"""The only code that queries landing records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from techbridge.landing import tables
from techbridge.landing.model import LandingRecord
from techbridge.storage.repository import ExternallyKeyed


class LandingRepository(ExternallyKeyed[LandingRecord]):
    model = LandingRecord
    table = tables.landing_records

    def filtered(self, *, province: str = "", park: str = "") -> Sequence[LandingRecord]:
        c = self.table.c
        where: list[Any] = []
        if province:
            where.append(c.region_code.like(province[:2] + "%"))
        if park:
            where.append(c.park == park)
        return self.list(*where, order_by=(c.landed_on.desc(), c.id.desc()))
