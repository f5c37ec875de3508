"""Repositories of this feature: the only way its services read and write its stored objects."""

from __future__ import annotations

import builtins
from datetime import datetime

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from techbridge.insight import tables
from techbridge.insight.statistics import OfficialStatistic
from techbridge.insight.target_rules import Target
from techbridge.storage.repository import SqlRepository


class TargetRepository(SqlRepository[Target]):
    model = Target
    table = tables.targets

    def for_year(self, year: int) -> dict[str, Target]:
        """The targets an administrator set for `year`, by kind."""
        return {t.kind: t for t in self.list(self.table.c.year == year)}


class StatisticRepository(SqlRepository[OfficialStatistic]):
    model = OfficialStatistic
    table = tables.official_statistics

    def find(self, indicator: str, from_regions: str, to_regions: str, year: int) -> OfficialStatistic | None:
        c = self.table.c
        return self.session.scalar(select(OfficialStatistic).where(
            c.indicator == indicator, c.from_regions == from_regions, c.to_regions == to_regions, c.year == year))


class ChainTagRepository:
    """Which 产业链图谱 segments each listing was placed in (derived data, rebuilt from the text)."""

    table = tables.chain_segment_tags

    def __init__(self, session: Session) -> None:
        self.session = session

    def stale(self, kind: str, listing_table: Table, limit: int | None = 5000) -> builtins.list[int]:
        """Ids of listings never tagged, or edited after they were last tagged."""
        t, c = self.table.c, listing_table.c
        fresh = select(t.listing_id).where(t.kind == kind, t.listing_id == c.id, t.tagged_at >= c.updated_at)
        rows = self.session.execute(select(c.id).where(~fresh.exists()).order_by(c.id).limit(limit))
        return [r[0] for r in rows]

    def replace(self, kind: str, tags: dict[int, builtins.list[str]], now: datetime) -> None:
        """Store the segments of each listing (an empty list is stored as one "" row: tagged, none)."""
        t = self.table.c
        ids = list(tags)
        for start in range(0, len(ids), 500):
            self.session.execute(delete(self.table).where(t.kind == kind, t.listing_id.in_(ids[start : start + 500])))
        rows = [{"kind": kind, "listing_id": i, "segment": seg, "tagged_at": now}
                for i, segs in tags.items() for seg in (segs or [""])]
        if rows:
            self.session.execute(insert(self.table), rows)
