"""Tables of open calls, proposals and reviews, and their imperative mapping (storage/metadata.py holds the shared metadata)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from techbridge.challenges.model import Challenge, Proposal, Review
from techbridge.storage.metadata import MONEY, mapper_registry, metadata

challenges = Table(
    "challenges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("demand_id", ForeignKey("demands.id"), nullable=False, index=True),
    Column("organization_id", ForeignKey("organizations.id"), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("summary", Text, nullable=False),
    Column("requirements", Text, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("criteria", JSON, nullable=False),
    Column("reward", MONEY),
    Column("reward_note", Text, nullable=False, default=""),
    Column("mode", String(16), nullable=False),
    Column("slots", Integer, nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("reviewer_ids", JSON, nullable=False),
    Column("result_note", Text, nullable=False, default=""),
    Column("created_by", ForeignKey("users.id")),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("closed_at", DateTime),
    Column("decided_at", DateTime),
    Column("origin", String(16), nullable=False),
    Column("external_id", String(128)),
    UniqueConstraint("origin", "external_id"),
)

challenge_proposals = Table(
    "challenge_proposals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("challenge_id", ForeignKey("challenges.id"), nullable=False, index=True),
    Column("organization_id", ForeignKey("organizations.id"), nullable=False, index=True),
    Column("achievement_id", ForeignKey("achievements.id"), nullable=False),
    Column("submitted_by", ForeignKey("users.id"), nullable=False),
    Column("team_name", String(200), nullable=False),
    Column("approach", Text, nullable=False),
    Column("members", Text, nullable=False, default=""),
    Column("plan", Text, nullable=False, default=""),
    Column("budget", MONEY),
    Column("attachments", JSON, nullable=False),
    Column("status", String(16), nullable=False),
    Column("total_score", Float),
    Column("rank", Integer),
    Column("engagement_id", ForeignKey("engagements.id")),
    Column("submitted_at", DateTime, nullable=False),
    UniqueConstraint("challenge_id", "organization_id"),  # one proposal per organisation per call
)

challenge_reviews = Table(
    "challenge_reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("proposal_id", ForeignKey("challenge_proposals.id"), nullable=False, index=True),
    Column("reviewer_id", ForeignKey("users.id"), nullable=False),
    Column("scores", JSON, nullable=False),
    Column("total", Float, nullable=False),
    Column("comment", Text, nullable=False, default=""),
    Column("submitted_at", DateTime, nullable=False),
    UniqueConstraint("proposal_id", "reviewer_id"),
)


def map_tables() -> None:
    """Map this feature's classes onto its tables (once, from storage.metadata.start_mappers)."""
    mapper_registry.map_imperatively(Challenge, challenges)
    mapper_registry.map_imperatively(Proposal, challenge_proposals)
    mapper_registry.map_imperatively(Review, challenge_reviews)
