"""Tables and the imperative mapping of the domain classes onto them.

The domain stays framework-free: `start_mappers()` attaches the mapping at start-up.
Every schema change goes through an Alembic migration in `migrations/versions/`.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
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

from techbridge.domain.challenges import Challenge, Proposal, Review
from techbridge.domain.contracts import Contract
from techbridge.domain.instruments import Booking, Instrument, UsageRecord
from techbridge.domain.model import Achievement, Demand, Organization, User
from techbridge.domain.notifications import Notification, OutgoingEmail
from techbridge.domain.pipeline import Engagement, EngagementEvent
from techbridge.domain.policies import Policy
from techbridge.domain.statistics import OfficialStatistic
from techbridge.domain.talent import ContactAccess, Expert
from techbridge.domain.targets import Target

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
    Column("is_listed", Boolean, nullable=False, default=True),  # 0004: the expert may leave the public list
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

# ---------------------------------------------------------------- dashboard (targets, official figures)

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
Index("ix_contracts_flow", contracts.c.seller_region, contracts.c.buyer_region, contracts.c.signed_on, contracts.c.amount)
Index("ix_engagement_events_engagement_stage", engagement_events.c.engagement_id, engagement_events.c.to_stage,
      engagement_events.c.at)
Index("ix_engagement_events_engagement_from", engagement_events.c.engagement_id, engagement_events.c.from_stage,
      engagement_events.c.at)
Index("ix_engagement_events_stage_at", engagement_events.c.to_stage, engagement_events.c.at)

# ---------------------------------------------------------------- talent and shared instruments (0004)

YUAN = Numeric(12, 2)  # 元 with two decimals: instrument fees are quoted per hour or sample

expert_contact_access = Table(
    "expert_contact_access",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("expert_id", ForeignKey("experts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("viewer_id", ForeignKey("users.id"), nullable=False),
    Column("reason", Text, nullable=False),
    Column("fields", JSON, nullable=False),  # which contact details were shown
    Column("at", DateTime, nullable=False),
    Index("ix_expert_contact_access_viewer_at", "viewer_id", "at"),
)

instruments = Table(
    "instruments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("category", String(32), nullable=False, index=True),
    Column("model", String(100), nullable=False, default=""),
    Column("manufacturer", String(100), nullable=False, default=""),
    Column("organization_id", ForeignKey("organizations.id"), nullable=False, index=True),
    Column("region_code", String(6), nullable=False, index=True),
    Column("park", String(64), index=True),
    Column("address", String(200), nullable=False, default=""),
    Column("capabilities", Text, nullable=False),
    Column("specs", JSON, nullable=False),
    Column("sample_requirements", Text, nullable=False, default=""),
    Column("fee", YUAN, nullable=False),
    Column("fee_unit", String(8), nullable=False),
    Column("voucher_eligible", Boolean, nullable=False, default=False),
    Column("open_weekdays", JSON, nullable=False),
    Column("open_from", Integer, nullable=False),
    Column("open_until", Integer, nullable=False),
    Column("max_booking_hours", Integer, nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("contact_name", String(64), nullable=False, default=""),
    Column("contact_phone", String(32), nullable=False, default=""),
    Column("booking_seq", Integer, nullable=False, default=0),
    Column("source", String(64), nullable=False),
    Column("external_id", String(128)),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("source", "external_id"),
)

instrument_bookings = Table(
    "instrument_bookings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("instrument_id", ForeignKey("instruments.id"), nullable=False),
    Column("requester_id", ForeignKey("users.id"), nullable=False, index=True),
    Column("requester_org_id", ForeignKey("organizations.id")),
    Column("start_at", DateTime, nullable=False),  # naive UTC
    Column("end_at", DateTime, nullable=False),
    Column("purpose", Text, nullable=False),
    Column("samples", Integer, nullable=False, default=0),
    Column("use_voucher", Boolean, nullable=False, default=False),
    Column("estimated_fee", YUAN, nullable=False),
    Column("contact_phone", String(32), nullable=False, default=""),
    Column("status", String(16), nullable=False, index=True),
    Column("decided_by", ForeignKey("users.id")),
    Column("decided_at", DateTime),
    Column("decision_note", Text, nullable=False, default=""),
    Column("cancelled_by", ForeignKey("users.id")),
    Column("cancel_reason", Text, nullable=False, default=""),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    CheckConstraint("end_at > start_at", name="slot_order"),
    Index("ix_instrument_bookings_instrument_start", "instrument_id", "start_at"),
)

instrument_usage = Table(
    "instrument_usage",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("booking_id", ForeignKey("instrument_bookings.id"), nullable=False, unique=True),
    Column("hours_used", Numeric(8, 2), nullable=False),
    Column("samples", Integer, nullable=False),
    Column("fee_charged", YUAN, nullable=False),
    Column("voucher_amount", YUAN, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("recorded_by", ForeignKey("users.id")),
    Column("recorded_at", DateTime, nullable=False),
)

# ---------------------------------------------------------------- policy library and open calls (揭榜挂帅)

policies = Table(
    "policies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("original_text", Text, nullable=False),
    Column("issuer", String(200), nullable=False, default=""),
    Column("issued_on", Date, index=True),
    Column("region_code", String(6), index=True),  # NULL = all of 京津冀
    Column("doc_type", String(16), nullable=False),
    Column("source", String(200), nullable=False, default=""),
    Column("url", String(500), nullable=False, default=""),
    Column("summary", Text, nullable=False, default=""),
    Column("measures", JSON, nullable=False),
    Column("industries", JSON, nullable=False),
    Column("audiences", JSON, nullable=False),
    Column("dropped", JSON, nullable=False),
    Column("file_name", String(255), nullable=False, default=""),
    Column("file_type", String(8), nullable=False, default=""),
    Column("content_hash", String(40), nullable=False, unique=True),
    Column("origin", String(16), nullable=False),
    Column("external_id", String(128)),
    Column("created_by", ForeignKey("users.id")),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("origin", "external_id"),
)

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
    mapper_registry.map_imperatively(ContactAccess, expert_contact_access)
    mapper_registry.map_imperatively(Instrument, instruments)
    mapper_registry.map_imperatively(Booking, instrument_bookings)
    mapper_registry.map_imperatively(UsageRecord, instrument_usage)
    mapper_registry.map_imperatively(Notification, notifications)
    mapper_registry.map_imperatively(OutgoingEmail, email_outbox)
    mapper_registry.map_imperatively(Target, targets)
    mapper_registry.map_imperatively(OfficialStatistic, official_statistics)
    mapper_registry.map_imperatively(Policy, policies)
    mapper_registry.map_imperatively(Challenge, challenges)
    mapper_registry.map_imperatively(Proposal, challenge_proposals)
    mapper_registry.map_imperatively(Review, challenge_reviews)
    _started = True
