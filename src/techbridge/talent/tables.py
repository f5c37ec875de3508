"""Tables of experts and contact-access records, and their imperative mapping (storage/metadata.py holds the shared metadata)."""

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
    String,
    Table,
    Text,
    UniqueConstraint,
)

from techbridge.storage.metadata import mapper_registry, metadata
from techbridge.talent.model import ContactAccess, Expert

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
    # 0006: an applicant's credential is verified by an admin of the issuing region before broker rights
    Column("verification", String(16), nullable=False, default="none"),  # none | pending | verified | rejected
    Column("verified_by", ForeignKey("users.id")),
    Column("verified_at", DateTime),
    Column("verification_note", Text, nullable=False, default=""),
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


def map_tables() -> None:
    """Map this feature's classes onto its tables (once, from storage.metadata.start_mappers)."""
    mapper_registry.map_imperatively(Expert, experts)
    mapper_registry.map_imperatively(ContactAccess, expert_contact_access)
