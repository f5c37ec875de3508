"""Tables of patent records, their licences and pledges, and their imperative mapping."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from techbridge.ip.model import PatentLicence, PatentPledge, PatentRecord
from techbridge.storage.metadata import mapper_registry, metadata

patent_records = Table(
    "patent_records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("achievement_id", ForeignKey("achievements.id"), nullable=False, index=True),
    Column("number", String(32), nullable=False, index=True),
    Column("kind", String(8), nullable=False),
    Column("status", String(8), nullable=False, index=True),
    Column("checked_on", Date, nullable=False),
    Column("checked_by", String(64), nullable=False),
    Column("checked_by_user_id", ForeignKey("users.id")),
    Column("filed_on", Date),
    Column("paid_through_year", Integer),
    Column("annuity_due", Date, index=True),
    Column("source", String(120), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("achievement_id", "number"),
)

patent_licences = Table(
    "patent_licences",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("record_id", ForeignKey("patent_records.id"), nullable=False, index=True),
    Column("licensee", String(200), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("start_on", Date),
    Column("until", Date),
    Column("note", Text, nullable=False, default=""),
    Column("recorded_by", ForeignKey("users.id")),
    Column("created_at", DateTime, nullable=False),
)

patent_pledges = Table(
    "patent_pledges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("record_id", ForeignKey("patent_records.id"), nullable=False, index=True),
    Column("pledgee", String(200), nullable=False),
    Column("amount", Numeric(14, 2)),
    Column("registered_on", Date),
    Column("until", Date),
    Column("released_on", Date),
    Column("open_licence_consent", Boolean, nullable=False, default=False),
    Column("note", Text, nullable=False, default=""),
    Column("recorded_by", ForeignKey("users.id")),
    Column("created_at", DateTime, nullable=False),
)


def map_tables() -> None:
    """Map this feature's classes onto its tables (once, from storage.metadata.start_mappers)."""
    mapper_registry.map_imperatively(PatentRecord, patent_records)
    mapper_registry.map_imperatively(PatentLicence, patent_licences)
    mapper_registry.map_imperatively(PatentPledge, patent_pledges)
