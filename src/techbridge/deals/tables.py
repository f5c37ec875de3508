"""Tables of engagements, their events and technology contracts, and their imperative mapping (storage/metadata.py holds the shared metadata)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from techbridge.deals.contracts import Contract
from techbridge.deals.pipeline import Engagement, EngagementEvent
from techbridge.storage.metadata import MONEY, mapper_registry, metadata

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
    Column("engagement_id", ForeignKey("engagements.id"), nullable=True, index=True),  # None: another pipeline's subject
    Column("actor_id", ForeignKey("users.id")),
    Column("kind", String(16), nullable=False),
    Column("from_stage", String(32)),
    Column("to_stage", String(32)),
    Column("reason", String(32)),
    Column("note", Text, nullable=False, default=""),
    Column("at", DateTime, nullable=False, index=True),
    Column("subject_kind", String(16)),
    Column("subject_id", Integer),
    Index("ix_engagement_events_subject", "subject_kind", "subject_id"),
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
    Column("trl", Integer),  # the technology's TRL at signing, when known (market-method comparables)
    Column("registration_no", String(32), unique=True),
    Column("engagement_id", ForeignKey("engagements.id"), unique=True),
    Column("source", String(64), nullable=False),
    Column("external_id", String(128)),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("source", "external_id"),
)

Index("ix_contracts_flow", contracts.c.seller_region, contracts.c.buyer_region, contracts.c.signed_on, contracts.c.amount)
Index("ix_engagement_events_engagement_stage", engagement_events.c.engagement_id, engagement_events.c.to_stage,
      engagement_events.c.at)
Index("ix_engagement_events_engagement_from", engagement_events.c.engagement_id, engagement_events.c.from_stage,
      engagement_events.c.at)
Index("ix_engagement_events_stage_at", engagement_events.c.to_stage, engagement_events.c.at)

# ---------------------------------------------------------------- talent and shared instruments (0004)


def map_tables() -> None:
    """Map this feature's classes onto its tables (once, from storage.metadata.start_mappers)."""
    mapper_registry.map_imperatively(Engagement, engagements)
    mapper_registry.map_imperatively(EngagementEvent, engagement_events)
    mapper_registry.map_imperatively(Contract, contracts)
