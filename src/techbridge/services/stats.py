"""Headline figures for the home page."""

from __future__ import annotations

from dataclasses import dataclass

from techbridge.domain.model import ListingStatus, Visibility
from techbridge.kernel.clock import beijing_today
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
        a = uow.achievements.table.c
        d = uow.demands.table.c
        today = beijing_today()
        open_demands = uow.demands.count(
            d.status == ListingStatus.PUBLISHED, d.visibility == Visibility.PUBLIC,
            (d.deadline.is_(None)) | (d.deadline >= today),
        )
        matches, in_progress = uow.engagements.headline_counts()
        return Headline(
            achievements=uow.achievements.count(a.status == ListingStatus.PUBLISHED),
            open_demands=open_demands, matches=matches, in_progress=in_progress,
            organizations=uow.organizations.count(),
        )
