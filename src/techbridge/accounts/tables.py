"""Tables of organisations and users, and their imperative mapping (storage/metadata.py holds the shared metadata)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table, Text

from techbridge.accounts.model import Organization, User
from techbridge.storage.metadata import mapper_registry, metadata

organizations = Table(
    "organizations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("org_type", String(20), nullable=False),
    Column("credit_code", String(18), nullable=False, unique=True),
    Column("region_code", String(6), nullable=False, index=True),
    Column("park", String(64)),
    Column("description", Text, nullable=False, default=""),
    Column("created_at", DateTime, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("organization_id", ForeignKey("organizations.id"), index=True),
    Column("phone", String(32), nullable=False, default=""),
    Column("is_active", Boolean, nullable=False, default=True),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", DateTime),
    Column("created_at", DateTime, nullable=False),
)


def map_tables() -> None:
    """Map this feature's classes onto its tables (once, from storage.metadata.start_mappers)."""
    mapper_registry.map_imperatively(Organization, organizations)
    mapper_registry.map_imperatively(User, users)
