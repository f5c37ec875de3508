"""Tables of targets, official statistics and chain-segment tags, and their imperative mapping (storage/metadata.py holds the shared metadata)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from techbridge.insight.statistics import OfficialStatistic
from techbridge.insight.target_rules import Target
from techbridge.storage.metadata import mapper_registry, metadata

targets = Table(
    "targets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("value", Integer, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("updated_by", ForeignKey("users.id")),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("year", "kind"),
)

official_statistics = Table(
    "official_statistics",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("indicator", String(100), nullable=False),
    Column("from_regions", String(64), nullable=False),
    Column("to_regions", String(64), nullable=False, default=""),
    Column("year", Integer, nullable=False, index=True),
    Column("value", Numeric(18, 2), nullable=False),
    Column("unit", String(16), nullable=False),
    Column("source", Text, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("park", String(64), index=True),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("indicator", "from_regions", "to_regions", "year"),
)

# Derived data: the 产业链图谱 segments each listing was placed in (segment "" = none),
# rebuilt from the listings' text whenever a listing changed after it was tagged.
chain_segment_tags = Table(
    "chain_segment_tags",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("listing_id", Integer, nullable=False),
    Column("segment", String(96), nullable=False),
    Column("tagged_at", DateTime, nullable=False),
    UniqueConstraint("kind", "listing_id", "segment"),
    Index("ix_chain_segment_tags_segment_kind", "segment", "kind"),
)
Index("ix_chain_segment_tags_listing", chain_segment_tags.c.kind, chain_segment_tags.c.listing_id,
      chain_segment_tags.c.tagged_at)

# Indexes for the dashboard's aggregates on existing tables (migration 0003; bench/bench_dashboard.py)


def map_tables() -> None:
    """Map this feature's classes onto its tables (once, from storage.metadata.start_mappers)."""
    mapper_registry.map_imperatively(Target, targets)
    mapper_registry.map_imperatively(OfficialStatistic, official_statistics)
