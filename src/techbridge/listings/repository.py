"""Repositories of this feature: the only way its services read and write its stored objects."""

from __future__ import annotations

import builtins
from collections.abc import Iterable

from sqlalchemy import select

from techbridge.listings import tables
from techbridge.listings.model import Achievement, Demand, TrlEvidence
from techbridge.storage.repository import ExternallyKeyed, SqlRepository, T


class ListingRepository(ExternallyKeyed[T]):
    """Shared queries of achievements and demands."""

    def by_external_id(self, source: str, external_id: str) -> T | None:
        c = self.table.c
        return self.session.scalar(select(self.model).where(c.source == source, c.external_id == external_id))

    def titles_of_organizations(self, org_ids: Iterable[int]) -> builtins.list[tuple[int, int, str]]:
        """(id, organization_id, title) of every listing of the given organisations."""
        c = self.table.c
        ids = list(set(org_ids))
        if not ids:
            return []
        rows = self.session.execute(select(c.id, c.organization_id, c.title).where(c.organization_id.in_(ids)))
        return [(r[0], r[1], r[2]) for r in rows]


class AchievementRepository(ListingRepository[Achievement]):
    model = Achievement
    table = tables.achievements


class DemandRepository(ListingRepository[Demand]):
    model = Demand
    table = tables.demands


class TrlEvidenceRepository(SqlRepository[TrlEvidence]):
    model = TrlEvidence
    table = tables.achievement_trl_evidence

    def for_achievement(self, achievement_id: int) -> builtins.list[TrlEvidence]:
        c = self.table.c
        return list(self.list(c.achievement_id == achievement_id, order_by=c.recorded_at.desc()))
