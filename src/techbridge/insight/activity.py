"""Month by month activity for the monthly report: contracts signed and what happened on the platform."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import extract, func, select

from techbridge.deals import tables as deals_tables
from techbridge.deals.pipeline import Stage
from techbridge.insight.reads import BEIJING_CODES, LISTED, TJHB_CODES, ZERO, db, in_codes, money
from techbridge.kernel.periods import Period
from techbridge.listings import tables as listings_tables
from techbridge.storage.uow import UnitOfWork


@dataclass(frozen=True)
class MonthPoint:
    year: int
    month: int
    amount: Decimal
    count: int

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"


def monthly_contracts(uow: UnitOfWork, window: Period) -> list[MonthPoint]:
    """Contracts 北京→津冀 signed in each month of `window`, gaps as zero."""
    c = deals_tables.contracts.c
    y, m = extract("year", c.signed_on), extract("month", c.signed_on)
    with uow:
        rows = db(uow).execute(
            select(y, m, func.sum(c.amount), func.count())
            .where(in_codes(c.seller_region, BEIJING_CODES), in_codes(c.buyer_region, TJHB_CODES),
                   c.signed_on >= window.start, c.signed_on < window.end).group_by(y, m)).all()
    found = {(int(a), int(b)): (money(s), int(n)) for a, b, s, n in rows}
    return [MonthPoint(first.year, first.month, *found.get((first.year, first.month), (ZERO, 0)))
            for first in window.month_starts()]


@dataclass(frozen=True)
class Activity:
    """What happened on the platform in a period, for the monthly report."""

    achievements: int  # published
    beijing_achievements: int
    demands: int
    tjhb_demands: int
    engagements: int  # started
    signed: int  # engagements that entered 签约
    contracts: int  # every contract signed
    contract_amount: Decimal
    flow_contracts: int  # 北京→津冀
    flow_amount: Decimal


def activity(uow: UnitOfWork, period: Period) -> Activity:
    """Counts of the period (Beijing days)."""
    start, end = period.instants()
    c, e, ev = deals_tables.contracts.c, deals_tables.engagements.c, deals_tables.engagement_events.c
    with uow:
        def listed(table: Any, codes: tuple[str, str] | None) -> int:
            t = table.c
            where = [t.status.in_(LISTED), t.published_at >= start, t.published_at < end]
            return int(db(uow).scalar(select(func.count()).where(*where, *([in_codes(t.region_code, codes)]
                                                                           if codes else []))) or 0)

        dated = [c.signed_on >= period.start, c.signed_on < period.end]
        n_all, amount_all = db(uow).execute(select(func.count(), func.sum(c.amount)).where(*dated)).one()
        n_flow, amount_flow = db(uow).execute(select(func.count(), func.sum(c.amount)).where(
            *dated, in_codes(c.seller_region, BEIJING_CODES), in_codes(c.buyer_region, TJHB_CODES))).one()
        return Activity(
            listed(listings_tables.achievements, None), listed(listings_tables.achievements, BEIJING_CODES), listed(listings_tables.demands, None),
            listed(listings_tables.demands, TJHB_CODES),
            int(db(uow).scalar(select(func.count()).where(e.created_at >= start, e.created_at < end)) or 0),
            int(db(uow).scalar(select(func.count()).where(ev.to_stage == Stage.SIGNED.value, ev.at >= start,
                                                          ev.at < end)) or 0),
            int(n_all), money(amount_all), int(n_flow), money(amount_flow))
