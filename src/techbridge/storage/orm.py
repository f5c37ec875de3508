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
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import registry

from techbridge.domain.contracts import Contract
from techbridge.domain.model import Achievement, Demand, Organization, User
from techbridge.domain.notifications import Notification, OutgoingEmail
from techbridge.domain.pipeline import Engagement, EngagementEvent
from techbridge.domain.talent import Expert

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

# ---------------------------------------------------------------- matching (derived data)

listing_embeddings = Table(
    "listing_embeddings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("listing_id", Integer, nullable=False),
    Column("model_id", String(64), nullable=False),
    Column("text_hash", String(64), nullable=False),
    Column("dim", Integer, nullable=False),
    Column("count", Integer, nullable=False),  # passages embedded (rows of the matrix)
    Column("vectors", LargeBinary, nullable=False),  # float16 little-endian, count × dim
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("kind", "listing_id", "model_id"),
)

match_alerts = Table(
    "match_alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),  # kind of the listing whose owner was told
    Column("listing_id", Integer, nullable=False),
    Column("counterpart_id", Integer, nullable=False),
    Column("score", Float, nullable=False),
    Column("notified_at", DateTime, nullable=False),
    UniqueConstraint("kind", "listing_id", "counterpart_id"),
)

job_state = Table(
    "job_state",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("last_run_at", DateTime),
    Column("details", JSON, nullable=False),
)

# ---------------------------------------------------------------- pipeline

engagements = Table(
    "engagements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("achievement_id", ForeignKey("achievements.id"), nullable=False, index=True),
    Column("demand_id", ForeignKey("demands.id"), nullable=False, index=True),
    Column("stage", String(32), nullable=False, index=True),
    Column("broker_id", ForeignKey("users.id"), index=True),
    Column("score", Float),
    Column("summary", Text, nullable=False, default=""),
    Column("supplier_interest_at", DateTime),
    Column("seeker_interest_at", DateTime),
    Column("termination_reason", String(32)),
    Column("termination_note", Text, nullable=False, default=""),
    Column("created_by", ForeignKey("users.id")),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False, index=True),
    UniqueConstraint("achievement_id", "demand_id"),
)

engagement_events = Table(
    "engagement_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("engagement_id", ForeignKey("engagements.id"), nullable=False, index=True),
    Column("actor_id", ForeignKey("users.id")),
    Column("kind", String(16), nullable=False),
    Column("from_stage", String(32)),
    Column("to_stage", String(32)),
    Column("reason", String(32)),
    Column("note", Text, nullable=False, default=""),
    Column("at", DateTime, nullable=False, index=True),
)

contracts = Table(
    "contracts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("contract_type", String(16), nullable=False, index=True),
    Column("amount", MONEY, nullable=False),
    Column("seller_name", String(200), nullable=False),
    Column("buyer_name", String(200), nullable=False),
    Column("seller_region", String(6), nullable=False, index=True),
    Column("buyer_region", String(6), nullable=False, index=True),
    Column("signed_on", Date, nullable=False, index=True),
    Column("payment_mode", String(16), nullable=False),
    Column("seller_org_id", ForeignKey("organizations.id"), index=True),
    Column("buyer_org_id", ForeignKey("organizations.id"), index=True),
    Column("industry", String(32), index=True),
    Column("registration_no", String(32), unique=True),
    Column("engagement_id", ForeignKey("engagements.id"), unique=True),
    Column("source", String(64), nullable=False),
    Column("external_id", String(128)),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("source", "external_id"),
)

experts = Table(
    "experts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id"), unique=True),
    Column("name", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # 技术经理人 | 专家
    Column("organization_id", ForeignKey("organizations.id"), index=True),
    Column("org_name", String(200), nullable=False, default=""),
    Column("title", String(64), nullable=False, default=""),
    Column("region_code", String(6), nullable=False, index=True),
    Column("fields", JSON, nullable=False),  # industry codes
    Column("expertise", Text, nullable=False, default=""),
    Column("bio", Text, nullable=False, default=""),
    Column("credential_no", String(64)),
    Column("credential_region", String(6)),
    Column("credential_level", String(16)),
    Column("credential_valid_until", Date),
    Column("phone", String(32), nullable=False, default=""),
    Column("email", String(254), nullable=False, default=""),
    Column("public_fields", JSON, nullable=False),  # which of phone/email/org/bio the expert shows
    Column("source", String(64), nullable=False),
    Column("external_id", String(128)),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("source", "external_id"),
)

# ---------------------------------------------------------------- notifications

notifications = Table(
    "notifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("title", String(200), nullable=False),
    Column("body", Text, nullable=False, default=""),
    Column("link", String(300), nullable=False, default=""),
    Column("created_at", DateTime, nullable=False),
    Column("read_at", DateTime),
    Index("ix_notifications_user_unread", "user_id", "read_at"),
)

email_outbox = Table(
    "email_outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("to_address", String(254), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("notification_id", ForeignKey("notifications.id")),
    Column("created_at", DateTime, nullable=False),
    Column("sent_at", DateTime, index=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text, nullable=False, default=""),
)

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
    mapper_registry.map_imperatively(Engagement, engagements)
    mapper_registry.map_imperatively(EngagementEvent, engagement_events)
    mapper_registry.map_imperatively(Contract, contracts)
    mapper_registry.map_imperatively(Expert, experts)
    mapper_registry.map_imperatively(Notification, notifications)
    mapper_registry.map_imperatively(OutgoingEmail, email_outbox)
    _started = True
