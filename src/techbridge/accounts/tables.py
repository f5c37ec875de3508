"""Tables of organisations and users, and their imperative mapping (storage/metadata.py holds the shared metadata)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table, Text

from techbridge.accounts.model import Organization, PasswordReset, User, UserSession
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
    Column("region_scope", String(6)),
    Column("created_at", DateTime, nullable=False),
)

user_sessions = Table(
    "user_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", ForeignKey("users.id"), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
)

# Failed logins per e-mail address, known or not, so the answer never tells whether an account exists.
login_attempts = Table(
    "login_attempts",
    metadata,
    Column("key", String(64), primary_key=True),  # sha256 of the lower-cased address
    Column("failures", Integer, nullable=False, default=0),
    Column("locked_until", DateTime),
    Column("updated_at", DateTime, nullable=False),
)


password_resets = Table(
    "password_resets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("used_at", DateTime),
)


def map_tables() -> None:
    """Map this feature's classes onto its tables (once, from storage.metadata.start_mappers)."""
    mapper_registry.map_imperatively(Organization, organizations)
    mapper_registry.map_imperatively(User, users)
    mapper_registry.map_imperatively(UserSession, user_sessions)
    mapper_registry.map_imperatively(PasswordReset, password_resets)
