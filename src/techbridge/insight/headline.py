"""Headline figures for the home page."""

from __future__ import annotations

from dataclasses import dataclass

from techbridge.accounts.repository import OrganizationRepository
from techbridge.deals.repository import EngagementRepository
from techbridge.kernel.clock import beijing_today
from techbridge.listings.model import ListingStatus, Visibility
from techbridge.listings.repository import AchievementRepository, DemandRepository
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
        a = uow.repo(AchievementRepository).table.c
        d = uow.repo(DemandRepository).table.c
        today = beijing_today()
        open_demands = uow.repo(DemandRepository).count(
            d.status == ListingStatus.PUBLISHED, d.visibility == Visibility.PUBLIC,
            (d.deadline.is_(None)) | (d.deadline >= today),
        )
        matches, in_progress = uow.repo(EngagementRepository).headline_counts()
        return Headline(
            achievements=uow.repo(AchievementRepository).count(a.status == ListingStatus.PUBLISHED),
            open_demands=open_demands, matches=matches, in_progress=in_progress,
            organizations=uow.repo(OrganizationRepository).count(),
        )
