"""Tables of instruments, bookings and usage records, and their imperative mapping (storage/metadata.py holds the shared metadata)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from techbridge.instruments.model import Booking, Instrument, UsageRecord
from techbridge.storage.metadata import mapper_registry, metadata

YUAN = Numeric(12, 2)  # 元 with two decimals: instrument fees are quoted per hour or sample

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


def map_tables() -> None:
    """Map this feature's classes onto its tables (once, from storage.metadata.start_mappers)."""
    mapper_registry.map_imperatively(Instrument, instruments)
    mapper_registry.map_imperatively(Booking, instrument_bookings)
    mapper_registry.map_imperatively(UsageRecord, instrument_usage)
