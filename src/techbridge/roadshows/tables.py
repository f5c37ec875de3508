"""Tables of roadshows, slots, registrations, jury scores and interests, and their imperative mapping."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
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

from techbridge.roadshows.model import Interest, Invitation, JuryScore, Registration, Roadshow, Slot
from techbridge.storage.metadata import mapper_registry, metadata

roadshows = Table(
    "roadshows", metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(100), nullable=False),
    Column("organiser_id", ForeignKey("users.id"), nullable=False, index=True),
    Column("held_on", Date, nullable=False),
    Column("venue", String(200), nullable=False, default=""),
    Column("online", Boolean, nullable=False, default=False),
    Column("industry", String(32), nullable=False, default=""),
    Column("theme", Text, nullable=False, default=""),
    Column("jury_ids", JSON, nullable=False),
    Column("created_at", DateTime, nullable=False),
)
roadshow_slots = Table(
    "roadshow_slots", metadata,
    Column("id", Integer, primary_key=True),
    Column("roadshow_id", ForeignKey("roadshows.id"), nullable=False, index=True),
    Column("need_id", ForeignKey("finance_needs.id")),
    Column("achievement_id", ForeignKey("achievements.id")),
    Column("position", Integer, nullable=False),
    Column("minutes", Integer, nullable=False),
    UniqueConstraint("roadshow_id", "need_id", name="uq_roadshow_slots_roadshow_need"),
)
roadshow_registrations = Table(
    "roadshow_registrations", metadata,
    Column("id", Integer, primary_key=True),
    Column("roadshow_id", ForeignKey("roadshows.id"), nullable=False, index=True),
    Column("user_id", ForeignKey("users.id"), nullable=False),
    Column("organization_id", ForeignKey("organizations.id")),
    Column("kind", String(16), nullable=False),
    Column("tags", String(200), nullable=False, default=""),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("roadshow_id", "user_id", name="uq_roadshow_registrations_roadshow_user"),
)
roadshow_scores = Table(
    "roadshow_scores", metadata,
    Column("id", Integer, primary_key=True),
    Column("slot_id", ForeignKey("roadshow_slots.id"), nullable=False, index=True),
    Column("juror_id", ForeignKey("users.id"), nullable=False),
    Column("scores", JSON, nullable=False),
    Column("total", Numeric(5, 1), nullable=False),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("slot_id", "juror_id", name="uq_roadshow_scores_slot_juror"),
)
roadshow_interests = Table(
    "roadshow_interests", metadata,
    Column("id", Integer, primary_key=True),
    Column("slot_id", ForeignKey("roadshow_slots.id"), nullable=False, index=True),
    Column("user_id", ForeignKey("users.id"), nullable=False),
    Column("deal_id", ForeignKey("finance_deals.id")),
    Column("engagement_id", ForeignKey("engagements.id")),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("slot_id", "user_id", name="uq_roadshow_interests_slot_user"),
)
roadshow_invitations = Table(
    "roadshow_invitations", metadata,
    Column("id", Integer, primary_key=True),
    Column("roadshow_id", ForeignKey("roadshows.id"), nullable=False, index=True),
    Column("organization_id", ForeignKey("organizations.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("reason", String(300), nullable=False),
    Column("invited_by", ForeignKey("users.id"), nullable=False),
    Column("invited_at", DateTime, nullable=False),
    UniqueConstraint("roadshow_id", "organization_id", name="uq_roadshow_invitations_roadshow_org"),
)


def map_tables() -> None:
    mapper_registry.map_imperatively(Roadshow, roadshows)
    mapper_registry.map_imperatively(Slot, roadshow_slots)
    mapper_registry.map_imperatively(Registration, roadshow_registrations)
    mapper_registry.map_imperatively(JuryScore, roadshow_scores)
    mapper_registry.map_imperatively(Interest, roadshow_interests)
    mapper_registry.map_imperatively(Invitation, roadshow_invitations)
