"""The landing records table and its imperative mapping."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from techbridge.landing.model import LandingRecord
from techbridge.storage.metadata import MONEY, mapper_registry, metadata

landing_records = Table(
    "landing_records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("source_kind", String(16), nullable=False),
    Column("source_id", Integer),
    Column("form", String(24), nullable=False),
    Column("beijing_org", String(200), nullable=False),
    Column("park", String(64), nullable=False, index=True),
    Column("region_code", String(6), nullable=False, index=True),
    Column("landed_on", Date, nullable=False),
    Column("production_start", Date),
    Column("investment", MONEY, nullable=False),
    Column("registered_capital", MONEY),
    Column("jobs", Integer, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("source", String(64), nullable=False),
    Column("external_id", String(128)),
    Column("recorded_by", ForeignKey("users.id")),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("source", "external_id"),
)


def map_tables() -> None:
    mapper_registry.map_imperatively(LandingRecord, landing_records)
