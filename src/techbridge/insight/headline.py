"""Headline figures for the home page."""

from __future__ import annotations

from dataclasses import dataclass

from techbridge.accounts.directory import count_organizations
from techbridge.deals import tables as deals_tables
from techbridge.deals.queries import IN_PROGRESS
from techbridge.insight.reads import count_rows
from techbridge.kernel.clock import beijing_today
from techbridge.listings import tables as listings_tables
from techbridge.listings.model import ListingStatus, Visibility
from techbridge.storage.uow import UnitOfWork


@dataclass(frozen=True)
class Headline:
    achievements: int  # published
    open_demands: int  # published, public, deadline not passed
    matches: int  # engagements ever started from a recommendation
    in_progress: int  # engagements past interest and not yet closed
    organizations: int


def headline(uow: UnitOfWork) -> Headline:
    with uow:
        a, d = listings_tables.achievements.c, listings_tables.demands.c
        e = deals_tables.engagements.c
        today = beijing_today()
        open_demands = count_rows(uow, listings_tables.demands,
            d.status == ListingStatus.PUBLISHED, d.visibility == Visibility.PUBLIC,
            (d.deadline.is_(None)) | (d.deadline >= today),
        )
        matches = count_rows(uow, deals_tables.engagements)
        in_progress = count_rows(uow, deals_tables.engagements, e.stage.in_([s.value for s in IN_PROGRESS]))
        return Headline(
            achievements=count_rows(uow, listings_tables.achievements, a.status == ListingStatus.PUBLISHED),
            open_demands=open_demands, matches=matches, in_progress=in_progress,
            organizations=count_organizations(uow),
        )
