"""Figures of each science park: listings, engagements and contracts of the organisations located there."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from techbridge.accounts import tables as accounts_tables
from techbridge.deals import tables as deals_tables
from techbridge.insight.reads import ZERO, counts, db, money
from techbridge.listings import tables as listings_tables
from techbridge.storage.uow import UnitOfWork


@dataclass(frozen=True)
class ParkFigure:
    key: str
    achievements: int
    demands: int
    organizations: int
    engagements: int
    contracts: int
    contract_amount: Decimal


def park_figures(uow: UnitOfWork) -> dict[str, ParkFigure]:
    """Per-park counts: published listings, member organisations, engagements and contracts touching it."""
    a, d, o = listings_tables.achievements.c, listings_tables.demands.c, accounts_tables.organizations.c
    with uow:
        ach = counts(db(uow).execute(select(a.park, func.count()).where(a.status == "published",
                                                                          a.park.is_not(None)).group_by(a.park)).all())
        dem = counts(db(uow).execute(select(d.park, func.count()).where(d.status == "published",
                                                                          d.park.is_not(None)).group_by(d.park)).all())
        orgs = counts(db(uow).execute(select(o.park, func.count()).where(o.park.is_not(None)).group_by(o.park)).all())
        links = park_engagements().subquery()
        eng = counts(db(uow).execute(select(links.c.park, func.count()).group_by(links.c.park)).all())
        deals = park_contracts().subquery()
        con = {p: (int(n), money(s)) for p, n, s in db(uow).execute(
            select(deals.c.park, func.count(), func.sum(deals.c.amount)).group_by(deals.c.park)).all()}
    keys = set(ach) | set(dem) | set(orgs) | set(eng) | set(con)
    return {k: ParkFigure(k, int(ach.get(k, 0)), int(dem.get(k, 0)), int(orgs.get(k, 0)), int(eng.get(k, 0)),
                          *con.get(k, (0, ZERO))) for k in keys if k}


def park_engagements() -> Any:
    """(engagement id, park) for engagements whose achievement or demand is in a park."""
    e, a, d = deals_tables.engagements.c, listings_tables.achievements.c, listings_tables.demands.c
    return select(e.id.label("id"), a.park.label("park")).join(listings_tables.achievements, a.id == e.achievement_id).where(
        a.park.is_not(None)).union(
        select(e.id, d.park).join(listings_tables.demands, d.id == e.demand_id).where(d.park.is_not(None)))


def park_contracts() -> Any:
    """(contract id, park, amount) for contracts whose seller, buyer or engagement belongs to a park."""
    c, o = deals_tables.contracts.c, accounts_tables.organizations.c
    links = park_engagements().subquery()
    return select(c.id.label("id"), o.park.label("park"), c.amount.label("amount")).join(
        accounts_tables.organizations, o.id == c.seller_org_id).where(o.park.is_not(None)).union(
        select(c.id, o.park, c.amount).join(accounts_tables.organizations, o.id == c.buyer_org_id).where(o.park.is_not(None)),
        select(c.id, links.c.park, c.amount).join(links, links.c.id == c.engagement_id))


# ---------------------------------------------------------------- monthly figures (for the report)
