"""Tables of achievements and demands, and their imperative mapping (storage/metadata.py holds the shared metadata)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from techbridge.listings.model import Achievement, Demand, TrlEvidence
from techbridge.storage.metadata import MONEY, mapper_registry, metadata


def _listing_columns() -> list[Column]:
    """Columns achievements and demands share (fresh Column objects for each table)."""
    return [
        Column("id", Integer, primary_key=True),
        Column("title", String(200), nullable=False),
        Column("organization_id", ForeignKey("organizations.id"), nullable=False, index=True),
        Column("owner_id", ForeignKey("users.id")),
        Column("industry", String(32), nullable=False, index=True),
        Column("region_code", String(6), nullable=False, index=True),
        Column("contact_name", String(64), nullable=False, default=""),
        Column("contact_phone", String(32), nullable=False, default=""),
        Column("contact_email", String(254), nullable=False, default=""),
        Column("visibility", String(16), nullable=False),
        Column("status", String(16), nullable=False, index=True),
        Column("park", String(64), index=True),
        Column("source", String(64), nullable=False),
        Column("external_id", String(128)),
        Column("original", JSON, nullable=False),
        Column("review_note", Text, nullable=False, default=""),
        Column("created_at", DateTime, nullable=False),
        Column("updated_at", DateTime, nullable=False),
        Column("published_at", DateTime, index=True),
    ]


achievements = Table(
    "achievements",
    metadata,
    *_listing_columns(),
    Column("summary", Text, nullable=False),
    Column("highlights", Text, nullable=False, default=""),
    Column("applications", Text, nullable=False, default=""),
    Column("keywords", JSON, nullable=False),
    Column("trl", Integer, nullable=False),
    Column("patents", JSON, nullable=False),
    Column("ip_status", String(16), nullable=False),
    Column("transfer_modes", JSON, nullable=False),
    Column("asking_price", MONEY),
    UniqueConstraint("source", "external_id"),
)

demands = Table(
    "demands",
    metadata,
    *_listing_columns(),
    Column("problem", Text, nullable=False),
    Column("current_state", Text, nullable=False, default=""),
    Column("target_indicators", Text, nullable=False, default=""),
    Column("constraints", Text, nullable=False, default=""),
    Column("budget", MONEY),
    Column("deadline", Date),
    Column("expected_trl", Integer),
    Column("cooperation_modes", JSON, nullable=False),
    UniqueConstraint("source", "external_id"),
)

Index("ix_achievements_status_published", achievements.c.status, achievements.c.published_at)
Index("ix_demands_status_published", demands.c.status, demands.c.published_at)
for _table in (achievements, demands):  # the library's newest-first page (migration 0020)
    Index(f"ix_{_table.name}_library_newest", _table.c.status, _table.c.published_at.desc().nulls_last(),
          _table.c.id.desc())

# ---------------------------------------------------------------- matching (derived data)


achievement_trl_evidence = Table(
    "achievement_trl_evidence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("achievement_id", ForeignKey("achievements.id"), nullable=False, index=True),
    Column("trl_before", Integer, nullable=False),
    Column("trl_after", Integer, nullable=False),
    Column("citation", String(300), nullable=False),
    Column("link", String(200), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
)


def map_tables() -> None:
    """Map this feature's classes onto its tables (once, from storage.metadata.start_mappers)."""
    mapper_registry.map_imperatively(Achievement, achievements)
    mapper_registry.map_imperatively(Demand, demands)
    mapper_registry.map_imperatively(TrlEvidence, achievement_trl_evidence)
