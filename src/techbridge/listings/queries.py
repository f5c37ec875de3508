"""How other features read achievements and demands (the listings' public read interface).

Other features never import the listings' repository or tables; they call these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from techbridge.listings.model import Achievement, Demand, Listing, ListingStatus, Visibility
from techbridge.listings.repository import AchievementRepository, DemandRepository, ListingRepository
from techbridge.storage.uow import UnitOfWork

KINDS = ("achievement", "demand")


def _repo(uow: UnitOfWork, kind: str) -> ListingRepository[Achievement] | ListingRepository[Demand]:
    if kind == "achievement":
        return uow.repo(AchievementRepository)
    if kind == "demand":
        return uow.repo(DemandRepository)
    raise ValueError(f"unknown listing kind {kind!r}")


def get_achievement(uow: UnitOfWork, achievement_id: int) -> Achievement | None:
    return uow.repo(AchievementRepository).get(achievement_id)


def get_demand(uow: UnitOfWork, demand_id: int) -> Demand | None:
    return uow.repo(DemandRepository).get(demand_id)


def achievements_by_id(uow: UnitOfWork, ids: Iterable[int]) -> dict[int, Achievement]:
    return uow.repo(AchievementRepository).get_many(ids)


def demands_by_id(uow: UnitOfWork, ids: Iterable[int]) -> dict[int, Demand]:
    return uow.repo(DemandRepository).get_many(ids)


def listings_by_id(uow: UnitOfWork, kind: str, ids: Iterable[int]) -> dict[int, Listing]:
    return dict(_repo(uow, kind).get_many(ids))


def published_listings(uow: UnitOfWork, kind: str | None = None, *, changed_since: datetime | None = None) -> list[Listing]:
    """Every published listing of one kind (or both), by id; with `changed_since`, every listing
    changed since then whatever its status (the index worker needs to hear of withdrawals too)."""
    found: list[Listing] = []
    for name in (kind,) if kind else KINDS:
        repo = _repo(uow, name)
        c = repo.table.c
        where = [c.updated_at >= changed_since] if changed_since else [c.status == ListingStatus.PUBLISHED]
        found += list(repo.list(*where, order_by=c.id))
    return found


def published_public_demands(uow: UnitOfWork) -> list[Demand]:
    repo = uow.repo(DemandRepository)
    c = repo.table.c
    return list(repo.list(c.status == ListingStatus.PUBLISHED, c.visibility == Visibility.PUBLIC, order_by=c.id))


def published_of_organization(uow: UnitOfWork, kind: str, org_id: int | None, *, limit: int = 200) -> list[Listing]:
    """Published listings of one organisation (all organisations when `org_id` is None), newest first."""
    repo = _repo(uow, kind)
    c = repo.table.c
    where = [c.status == ListingStatus.PUBLISHED] + ([c.organization_id == org_id] if org_id is not None else [])
    return list(repo.list(*where, order_by=c.published_at.desc(), limit=limit))


def ids_of_organization(uow: UnitOfWork, kind: str, org_id: int) -> set[int]:
    repo = _repo(uow, kind)
    return {row[0] for row in repo.projection(["id"], repo.table.c.organization_id == org_id)}


def titles_of_organizations(uow: UnitOfWork, kind: str, org_ids: Iterable[int]) -> list[tuple[int, int, str]]:
    """(id, organization_id, title) of every listing of the given organisations."""
    return _repo(uow, kind).titles_of_organizations(org_ids)


def industries_of(uow: UnitOfWork, kind: str, ids: Iterable[int]) -> dict[int, str]:
    repo = _repo(uow, kind)
    return {row[0]: row[1] for row in repo.projection(["id", "industry"], repo.table.c.id.in_(list(set(ids))))}


def count_published(uow: UnitOfWork, kind: str) -> int:
    repo = _repo(uow, kind)
    return repo.count(repo.table.c.status == ListingStatus.PUBLISHED)


def count_pending_review(uow: UnitOfWork, kind: str, *, scope: str | None = None) -> int:
    """Listings waiting for review, in one province (an admin's scope) or everywhere."""
    repo = _repo(uow, kind)
    c = repo.table.c
    where = [c.status == ListingStatus.PENDING_REVIEW]
    if scope:
        where += [c.region_code >= scope, c.region_code < f"{int(scope[:2]) + 1}0000"]
    return repo.count(*where)


def achievements_with_patent(uow: UnitOfWork, number: str) -> list[Achievement]:
    """Achievements that list the patent application number `number` (IP records import by number)."""
    from sqlalchemy import String, cast

    repo = uow.repo(AchievementRepository)
    found = repo.list(cast(repo.table.c.patents, String).like(f"%{number}%"), order_by=repo.table.c.id)
    return [a for a in found if number in a.patents]
