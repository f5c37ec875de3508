"""Tables of the in-app inbox and the e-mail outbox, and their imperative mapping (storage/metadata.py holds the shared metadata)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from techbridge.notifications.model import Notification, OutgoingEmail
from techbridge.storage.metadata import mapper_registry, metadata

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


def map_tables() -> None:
    """Map this feature's classes onto its tables (once, from storage.metadata.start_mappers)."""
    mapper_registry.map_imperatively(Notification, notifications)
    mapper_registry.map_imperatively(OutgoingEmail, email_outbox)
