"""Tables of policies, and their imperative mapping (storage/metadata.py holds the shared metadata)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from techbridge.policies.model import Policy
from techbridge.storage.metadata import mapper_registry, metadata

policies = Table(
    "policies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("original_text", Text, nullable=False),
    Column("issuer", String(200), nullable=False, default=""),
    Column("issued_on", Date, index=True),
    Column("doc_number", String(64), nullable=False, default=""),
    Column("effective_on", Date),
    Column("valid_until", Date),
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


def map_tables() -> None:
    """Map this feature's classes onto its tables (once, from storage.metadata.start_mappers)."""
    mapper_registry.map_imperatively(Policy, policies)
