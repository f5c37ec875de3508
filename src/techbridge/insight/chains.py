"""The 产业链图谱 figures: supply and demand per chain segment, from tags kept in step with the listings.

Tagging is incremental: only listings never tagged, or edited since they were tagged, are read
again. The chain map calls `refresh` before it counts, so the figures never lag the records,
and an up-to-date database costs one anti-join per kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select

from techbridge.insight import tables
from techbridge.insight.chain_map import Gap, gap, segment_key, segments_for
from techbridge.insight.reads import db
from techbridge.insight.repository import ChainTagRepository
from techbridge.kernel.clock import utcnow
from techbridge.kernel.industries import chain_segments, industries
from techbridge.listings import tables as listings_tables
from techbridge.storage.uow import UnitOfWork

_TEXT_COLUMNS = {
    "achievement": ("title", "summary", "highlights", "applications", "keywords"),
    "demand": ("title", "problem", "current_state", "target_indicators", "constraints"),
}


def _text(values: tuple[Any, ...]) -> str:
    return "。".join("、".join(v) if isinstance(v, list) else str(v or "") for v in values)


def refresh(uow: UnitOfWork, *, chunk: int = 500) -> int:
    """Tag every stale listing inside the caller's unit of work; returns how many were tagged."""
    now = utcnow()
    done = 0
    for kind, table in (("achievement", listings_tables.achievements), ("demand", listings_tables.demands)):
        stale = uow.repo(ChainTagRepository).stale(kind, table, limit=None)
        for start in range(0, len(stale), chunk):
            ids = stale[start : start + chunk]
            columns = [table.c[name] for name in ("id", "industry", *_TEXT_COLUMNS[kind])]
            rows = list(db(uow).execute(select(*columns).where(table.c.id.in_(ids))))
            uow.repo(ChainTagRepository).replace(kind, {row[0]: segments_for(row[1], _text(row[2:])) for row in rows}, now)
            done += len(rows)
    return done


@dataclass(frozen=True)
class SegmentFigure:
    key: str
    position: str
    name: str
    key_technologies: tuple[str, ...]
    supply: int  # published achievements placed in the segment
    demand: int  # published demands placed in the segment
    gap: Gap


@dataclass
class ChainFigure:
    industry: str
    name: str
    group: str
    segments: list[SegmentFigure]
    unplaced_supply: int  # published achievements of the chain that name no segment's keywords
    unplaced_demand: int

    @property
    def supply(self) -> int:
        return sum(s.supply for s in self.segments) + self.unplaced_supply

    @property
    def demand(self) -> int:
        return sum(s.demand for s in self.segments) + self.unplaced_demand

    @property
    def gaps(self) -> list[SegmentFigure]:
        return [s for s in self.segments if s.gap.code in ("supply_short", "demand_short")]


def chain_map(uow: UnitOfWork) -> list[ChainFigure]:
    """Every chain of the reference table with supply and demand counted per segment."""
    with uow:
        refresh(uow)
        uow.commit()
        counts: dict[tuple[str, str, str], int] = {}
        for kind, table in (("achievement", listings_tables.achievements), ("demand", listings_tables.demands)):
            t, c = tables.chain_segment_tags.c, table.c
            rows = db(uow).execute(
                select(c.industry, t.segment, func.count())
                .select_from(tables.chain_segment_tags.join(table, and_(t.kind == kind, t.listing_id == c.id)))
                .where(c.status == "published").group_by(c.industry, t.segment)).all()
            for industry, segment, n in rows:
                counts[(kind, industry, segment)] = int(n)
    by_chain: dict[str, list[SegmentFigure]] = {}
    for seg in chain_segments():
        key = segment_key(seg)
        supply = counts.get(("achievement", seg.industry_code, key), 0)
        demand = counts.get(("demand", seg.industry_code, key), 0)
        by_chain.setdefault(seg.industry_code, []).append(
            SegmentFigure(key, seg.position, seg.segment, seg.key_technologies, supply, demand, gap(supply, demand)))
    return [ChainFigure(code, ind.name, ind.group, by_chain.get(code, []),
                        counts.get(("achievement", code, ""), 0), counts.get(("demand", code, ""), 0))
            for code, ind in industries().items() if code in by_chain]
