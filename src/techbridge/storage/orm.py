"""Tables and the imperative mapping of the domain classes onto them.

The domain stays framework-free: `start_mappers()` attaches the mapping at start-up.
Every schema change goes through an Alembic migration in `migrations/versions/`.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import registry

from techbridge.domain.model import Achievement, Demand, Organization, User

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)
mapper_registry = registry(metadata=metadata)

MONEY = Numeric(14, 2)  # 万元 with two decimals

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

_started = False


def start_mappers() -> None:
    """Map the domain classes onto the tables (idempotent)."""
    global _started
    if _started:
        return
    mapper_registry.map_imperatively(Organization, organizations)
    mapper_registry.map_imperatively(User, users)
    mapper_registry.map_imperatively(Achievement, achievements)
    mapper_registry.map_imperatively(Demand, demands)
    _started = True
